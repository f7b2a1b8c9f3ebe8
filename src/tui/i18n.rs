//! The one catalogue of every user-visible string, in Spanish and English.
//!
//! Each entry names both languages side by side, so a missing translation cannot compile.
//! Strings with `{name}` placeholders are filled with [`I18n::fmt`].

use crate::config::Language;

macro_rules! catalogue {
    ($($key:ident => $es:literal, $en:literal;)*) => {
        /// A message of the catalogue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum T { $($key,)* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key,)*];

            pub fn text(self, lang: Language) -> &'static str {
                match (self, lang) {
                    $((T::$key, Language::Es) => $es, (T::$key, Language::En) => $en,)*
                }
            }
        }
    };
}

catalogue! {
    // Header and shell
    AppName => "Consola MOK", "MOK console";
    Connecting => "conectando…", "connecting…";
    Connected => "conectado", "connected";
    ConnectionError => "sin conexión: {reason}", "not connected: {reason}";
    UnknownNetwork => "red sin nombre", "unnamed network";
    LastError => "Error: {message}", "Error: {message}";
    ConfigWarning => "Aviso de configuración: {message}", "Config warning: {message}";
    LocalElsewhere => "{count} elementos guardados esperan a otro servidor ({server}); aquí no se muestran ni se envían",
                      "{count} saved items wait for another server ({server}); they are not shown or sent here";
    LocalElsewhereMore => " (y {count} servidores más)", " (and {count} more servers)";
    LocalLegacyServer => "desconocido: guardados por una versión anterior", "unknown: saved by an older version";
    ConfirmQuit => "Hay datos sin enviar. ¿Salir de todos modos? s = sí, n = no",
                   "There is unsent input. Quit anyway? y = yes, n = no";
    ConfirmQuitTitle => "Salir", "Quit";

    // Panes
    PaneLookup => "Consulta", "Lookup";
    PaneContract => "Contrato", "Contract";
    PaneNewRequest => "Nueva solicitud", "New request";
    PaneRanking => "Ranking", "Ranking";
    PaneBoard => "Tablero", "Board";
    PaneAdmin => "Admin", "Admin";
    NotAvailableYet => "Aún no disponible", "Not available yet";
    SoonNewRequest => "Aquí se crearán solicitudes de servicio para el contrato y el servicio seleccionados, con las preguntas de cada servicio.",
                      "Here you will create service requests for the selected contract and service, with each service's questions.";
    SoonRanking => "Aquí se verá el ranking de proveedores de una zona para un servicio, y se podrá asignar uno a una solicitud.",
                   "Here you will see the providers ranked for a zone and a service, and assign one to a service request.";
    SoonBoard => "Aquí se verá el tablero en vivo de las solicitudes abiertas: su estado, su antigüedad y su historial.",
                 "Here you will watch the live board of open service requests: their status, age and history.";
    SoonAdmin => "Aquí se cargarán contratos (también desde un CSV) y puntos de fidelidad, con credenciales de administración.",
                 "Here you will load contracts (also from a CSV file) and loyalty points, with admin credentials.";

    // Key descriptions (help overlay and status line)
    KeyHelp => "ayuda", "help";
    KeyPalette => "comandos", "commands";
    KeyQuit => "salir", "quit";
    KeyForceQuit => "salir siempre", "always quit";
    KeyGoLookup => "consulta", "lookup";
    KeyGoNewRequest => "nueva solicitud", "new request";
    KeyGoRanking => "ranking", "ranking";
    KeyGoBoard => "tablero", "board";
    KeyGoAdmin => "admin", "admin";
    KeySearch => "buscar", "search";
    KeyCycleKind => "tipo de identificador", "identifier kind";
    KeyLeaveField => "salir del campo", "leave the field";
    KeyCancelOrLeave => "cancelar / salir del campo", "cancel / leave the field";
    KeyScroll => "desplazar los límites", "scroll the limits";
    KeyNextService => "servicio siguiente / anterior", "next / previous service";
    KeyEditSearch => "editar la búsqueda", "edit the search";
    KeyMove => "moverse", "move";
    KeyPage => "página", "page";
    KeyFirstLast => "primero / último", "first / last";
    KeyOpen => "abrir", "open";
    KeyBack => "volver", "back";
    KeyRefresh => "actualizar", "refresh";
    KeyWhatsApp => "WhatsApp", "WhatsApp";
    KeyCancelSearch => "cancelar la búsqueda", "cancel the search";
    KeySend => "enviar", "send";
    KeyClose => "cerrar", "close";
    KeyRun => "ejecutar", "run";

    // Identifier kinds
    KindAccessIdentifier => "identificador de acceso", "access identifier";
    KindDocumentIdentifier => "identificador de documento", "document identifier";
    KindNationalId => "documento nacional", "national id";
    KindEmail => "correo", "email";
    KindId => "id de contrato", "contract id";
    KindMobile => "móvil como identificador de acceso", "mobile number as access identifier";
    Guessed => "deducido", "guessed";
    Chosen => "elegido", "chosen";

    // Lookup
    SearchLabel => "Buscar", "Search";
    SearchPlaceholder => "identificador de acceso, documento, correo o +móvil",
                         "access identifier, document, email or +mobile";
    SearchKind => "Tipo: {kind} ({how}) · {key} cambia", "Kind: {kind} ({how}) · {key} changes";
    LookupIntro => "Escriba un identificador y pulse {key} para buscar los contratos del cliente.",
                   "Type an identifier and press {key} to find the caller's contracts.";
    Searching => "Buscando {value} ({kind})… {key} cancela", "Searching {value} ({kind})… {key} cancels";
    SearchCancelled => "Búsqueda de {value} cancelada.", "Search for {value} cancelled.";
    NoContracts => "No hay contratos para {value} ({kind}).", "No contracts for {value} ({kind}).";
    ResultsTitle => "{count} contrato(s) para {value} ({kind})", "{count} contract(s) for {value} ({kind})";
    SandboxHint => "Sandbox con datos de demostración: pruebe DEMO-0001.", "Sandbox with demo data: try DEMO-0001.";
    EmptyQuery => "Escriba un identificador antes de pulsar {key}.", "Type an identifier before pressing {key}.";
    RetryHint => "{key} reintenta", "{key} retries";
    ColName => "Nombre", "Name";
    ColPlan => "Plan", "Plan";
    ColStatus => "Estado", "Status";
    ColDates => "Vigencia", "Valid";
    ColMobile => "Móvil", "Mobile";
    ColContract => "Contrato", "Contract";
    StatusActive => "ACTIVO", "ACTIVE";
    StatusInactive => "INACTIVO", "INACTIVE";
    StatusExpired => "VENCIDO", "EXPIRED";

    // Contract detail and limits
    FieldAccessIdentifier => "Id. acceso", "Access id";
    FieldDocument => "Documento", "Document";
    FieldEmail => "Correo", "Email";
    FieldMobile => "Móvil", "Mobile";
    FieldPlan => "Plan", "Plan";
    FieldValid => "Vigencia", "Valid";
    FieldContract => "Contrato", "Contract";
    FieldPlate => "Matrícula", "Plate";
    Services => "Servicios", "Services";
    NoServices => "El contrato no tiene servicios.", "The contract has no services.";
    LimitsOf => "Límites: {service}", "Limits: {service}";
    NoLimits => "Sin límites", "No limits";
    NoLimitsLong => "Este servicio no tiene límites: se puede usar libremente.",
                    "This service has no limits: it can be used freely.";
    LimitsUnknown => "sin datos", "no data";
    LimitsNotReturned => "La búsqueda por {kind} no devuelve límites. Busque por identificador de acceso o de documento para verlos.",
                         "A search by {kind} does not return limits. Search by access or document identifier to see them.";
    Blocked => "BLOQUEADO", "BLOCKED";
    BlockedBy => "Bloqueado por: {groups}", "Blocked by: {groups}";
    BlockedRoot => "el servicio está bloqueado", "the service is blocked";
    Available => "disponible", "available";
    UsesOf => "{progress} de {limit} usos", "{progress} of {limit} uses";
    CostOf => "{progress} de {limit} de coste", "{progress} of {limit} in cost";
    ProgressOf => "{progress} de {limit}", "{progress} of {limit}";
    Until => "hasta {date}", "until {date}";
    WaitingUntil => "carencia hasta {date}: quedan {days} días", "waiting period until {date}: {days} days left";
    WaitingOver => "carencia cumplida ({date})", "waiting period over ({date})";
    WaitingNoDate => "carencia sin fecha", "waiting period without a date";
    Tiers => "Tramos de copago", "Copayment tiers";
    NoTiers => "sin tramos", "no tiers";
    GroupUsageFrequencyByEndOfContract => "Usos hasta fin de contrato", "Uses until contract end";
    GroupUsageFrequencyByPeriod => "Usos por periodo", "Uses per period";
    GroupWaitingPeriod => "Carencia", "Waiting period";
    GroupMaxCostByEndOfContract => "Coste máximo hasta fin de contrato", "Max cost until contract end";
    GroupMaxCostByPeriod => "Coste máximo por periodo", "Max cost per period";
    GroupMaxCostByUse => "Coste máximo por uso", "Max cost per use";
    GroupCopayment => "Copago", "Copayment";
    GroupVariableCopaymentByDays => "Copago variable por días de la solicitud", "Variable copayment by days of the request";
    GroupVariableCopaymentByUsage => "Copago variable por usos del periodo", "Variable copayment by uses in the period";
    GroupVariableCopaymentByAccumulatedDays => "Copago variable por días acumulados", "Variable copayment by accumulated days";

    // WhatsApp dialog
    WhatsAppTitle => "Enviar WhatsApp", "Send WhatsApp";
    WhatsAppTo => "A {name}", "To {name}";
    WhatsAppNumber => "Número (E.164, p. ej. +34612345678)", "Number (E.164, e.g. +34612345678)";
    WhatsAppValid => "válido: {number}", "valid: {number}";
    WhatsAppSending => "Enviando a {number}…", "Sending to {number}…";
    WhatsAppSent => "Enviado a {number}.", "Sent to {number}.";
    WhatsAppFailed => "No se pudo enviar: {error}", "Could not send: {error}";
    E164Empty => "escriba un número", "type a number";

    // Help and palette
    HelpTitle => "Ayuda: {pane}", "Help: {pane}";
    HelpPaneKeys => "En este panel", "In this pane";
    HelpGlobalKeys => "En todas partes", "Everywhere";
    PaletteTitle => "Comandos", "Commands";
    PaletteEmpty => "Ningún comando coincide.", "No command matches.";
    CmdGoLookup => "Ir a Consulta", "Go to Lookup";
    CmdGoNewRequest => "Ir a Nueva solicitud", "Go to New request";
    CmdGoRanking => "Ir a Ranking", "Go to Ranking";
    CmdGoBoard => "Ir a Tablero", "Go to Board";
    CmdGoAdmin => "Ir a Admin", "Go to Admin";
    CmdSearchBy => "Buscar por {kind}", "Search by {kind}";
    CmdToggleLanguage => "Switch to English", "Cambiar a español";
    CmdHelp => "Ayuda", "Help";
    CmdRefresh => "Actualizar", "Refresh";
    CmdQuit => "Salir", "Quit";

    // New service request (issue 5: the request form pane)
    KeyNewRequest => "nueva solicitud para este servicio", "new request for this service";
    KeyNextField => "campo siguiente", "next field";
    KeyPrevField => "campo anterior", "previous field";
    KeySubmit => "enviar", "submit";
    KeyLeaveFieldOrForm => "salir del campo / del formulario", "leave the field / the form";
    KeyEditField => "editar / abrir la lista", "edit / open the list";
    KeyToggle => "sí / no", "yes / no";
    KeyChooseOption => "opción anterior / siguiente", "previous / next option";
    KeyDiscard => "descartar", "discard";
    KeyRetryOutbox => "reintentar el envío", "retry sending";
    KeyBackToForm => "volver al formulario", "back to the form";
    KeyOpenRequest => "abrir la solicitud", "open the request";
    KeyNewForm => "otra solicitud", "another request";
    FormSecContract => "Contrato y servicio", "Contract and service";
    FormSecQuestions => "Preguntas del servicio", "Service questions";
    FormSecOrigin => "Origen", "Origin";
    FormSecDestination => "Destino", "Destination";
    FormSecSchedule => "Cita", "Appointment";
    FormSecRequest => "Solicitud", "Request";
    FormSecProvider => "Proveedor", "Provider";
    FormSecEdit => "Campos que se pueden cambiar", "Fields an update may change";
    FfContractId => "Id. de contrato", "Contract id";
    FfAccessIdentifier => "Id. de acceso", "Access identifier";
    FfDocumentIdentifier => "Id. de documento", "Document identifier";
    FfServiceId => "Id. de servicio", "Service id";
    FfServiceExternalId => "Id. externo del servicio", "Service external id";
    FfServiceName => "Servicio", "Service";
    FfOriginAddress => "Dirección de origen", "Origin address";
    FfOriginLatitude => "Latitud de origen", "Origin latitude";
    FfOriginLongitude => "Longitud de origen", "Origin longitude";
    FfDestinationAddress => "Dirección de destino", "Destination address";
    FfDestinationLatitude => "Latitud de destino", "Destination latitude";
    FfDestinationLongitude => "Longitud de destino", "Destination longitude";
    FfScheduledDate => "Fecha", "Date";
    FfScheduledEndDate => "Fecha de fin", "End date";
    FfScheduledTime => "Hora", "Time";
    FfUserPhone => "Teléfono del cliente", "Customer phone";
    FfRequestedAt => "Solicitada el", "Requested at";
    FfCurrentStatus => "Estado", "Status";
    FfExternalId => "Id. externo", "External id";
    FfSource => "Origen de la solicitud", "Source";
    FfContactCenterPhone => "Teléfono del centro", "Contact center phone";
    FfProviderName => "Proveedor", "Provider";
    FfProviderPhone => "Teléfono del proveedor", "Provider phone";
    FfTechnicianName => "Técnico", "Technician";
    FfExtraInfo => "Información adicional", "Extra information";
    FhLatitude => "decimal de -90 a 90, p. ej. 40.416775", "decimal from -90 to 90, e.g. 40.416775";
    FhLongitude => "decimal de -180 a 180, p. ej. -3.703790", "decimal from -180 to 180, e.g. -3.703790";
    FhDate => "dd/mm/aaaa (o aaaa-mm-dd)", "YYYY-MM-DD (or DD/MM/YYYY)";
    FhTime => "HH:MM (24 h)", "HH:MM (24 h)";
    FhPhone => "formato internacional, p. ej. +34612345678", "international format, e.g. +34612345678";
    FhRequestedAt => "RFC 3339, p. ej. 2026-06-15T10:30:00Z", "RFC 3339, e.g. 2026-06-15T10:30:00Z";
    FhExternalId => "vacío: se genera un UUID al enviar", "empty: a UUID is generated when sent";
    FhContractId => "o bien el id. de acceso o de documento", "or else the access or document identifier";
    FhService => "el id. externo manda sobre el id.; las preguntas siguen al id. externo", "the external id wins over the id; the questions follow the external id";
    FpNeedContract => "falta el contrato (id., id. de acceso o de documento)", "the contract is missing (id, access or document identifier)";
    FpNeedService => "falta el servicio (id. o id. externo)", "the service is missing (id or external id)";
    FpNotInteger => "debe ser un número entero", "must be a whole number";
    FpBadTimestamp => "fecha y hora RFC 3339 no válida", "not an RFC 3339 date and time";
    FpPairIncomplete => "indique latitud y longitud, o ninguna", "give both latitude and longitude, or neither";
    FormNewTitle => "Nueva solicitud", "New request";
    FormEditTitle => "Editar la solicitud #{id}", "Edit request #{id}";
    FormFieldsTitle => "Campos (* obligatorio)", "Fields (* required)";
    FormBlockedConfirm => "se pedirá confirmación al enviar", "sending asks for confirmation";
    FormUrgent => "URGENTE", "URGENT";
    FormUrgentHint => "las respuestas marcan la solicitud como urgente", "the answers make this request urgent";
    FormYes => "Sí", "Yes";
    FormNo => "No", "No";
    FormUnanswered => "sin responder (Espacio)", "unanswered (Space)";
    FormAutoUuid => "automático (UUID)", "automatic (UUID)";
    FormSending => "Enviando la solicitud…", "Sending the request…";
    FormRefused => "No se envió: {error}", "Not sent: {error}";
    FormServerValue => "valor del servidor: no se envía si no lo cambia",
                       "the server's value: not sent unless you change it";
    FormCleared => "se vaciará (se envía null)", "will be emptied (sent as null)";
    FormReady => "Todo correcto: {key} envía.", "All valid: {key} sends.";
    FormToFix => "{count} campo(s) por completar o corregir; {key} lleva al primero.", "{count} field(s) to fill in or fix; {key} goes to the first.";
    FormMissing => "No se puede enviar: {count} campo(s) por corregir; primero: {field}.", "Cannot send: {count} field(s) to fix; first: {field}.";
    FormNothingChanged => "No hay cambios que enviar.", "There are no changes to send.";
    FormDraftRestored => "Borrador recuperado: sus datos siguen aquí.", "Draft restored: your input is still here.";
    FormConfirmBlockedTitle => "Servicio bloqueado", "Service blocked";
    FormConfirmBlocked => "El servicio está bloqueado por: {groups}. ¿Enviar la solicitud de todos modos? s = sí, n = no",
                          "The service is blocked by: {groups}. Send the request anyway? y = yes, n = no";
    FormHubTitle => "Nueva solicitud: elija por dónde empezar", "New request: choose where to start";
    FormHubDrafts => "Borradores", "Drafts";
    FormHubOutbox => "Bandeja de salida", "Outbox";
    FormHubRecent => "Contratos consultados", "Contracts looked up";
    FormHubOther => "Otro", "Other";
    FormHubBlank => "Formulario en blanco (contrato y servicio a mano)", "Blank form (type the contract and service)";
    FormHubOpen => "(abierto)", "(open)";
    FormHubHint => "{open} abre · {discard} descarta · {retry} reintenta un envío · en Consulta, {new} sobre un servicio abre su formulario",
                   "{open} opens · {discard} discards · {retry} retries a send · in Lookup, {new} on a service opens its form";
    FormOutboxPending => "pendiente", "pending";
    FormOutboxDone => "enviada", "sent";
    FormOutboxEnterPending => "En cola: se enviará sola en cuanto el servidor responda · {retry} reintenta ahora · {discard} la descarta",
                              "Queued: it is sent by itself as soon as the server answers · {retry} retries now · {discard} discards it";
    FormOutboxEnterRejected => "El servidor la rechazó y no se reenviará · {discard} la descarta",
                               "The server refused it and it will not be sent again · {discard} discards it";
    FormOutboxRefused => "rechazada", "refused";
    FormOutboxAttempts => "{n} intento(s)", "{n} attempt(s)";
    FormOutboxSent => "La bandeja de salida envió la solicitud #{id} ({external_id}).", "The outbox sent request #{id} ({external_id}).";
    FormOutboxRejected => "El servidor rechazó una solicitud de la bandeja: {error}", "The server refused an outbox request: {error}";
    FormCreated => "Solicitud creada", "Request created";
    FormUpdated => "Solicitud actualizada", "Request updated";
    FormRecovered => "La respuesta se perdió; se encontró por su id. externo (no se creó dos veces).",
                     "The answer was lost; it was found by its external id (not created twice).";
    FormLimitsRefreshed => "Los límites del contrato se están actualizando en Consulta.", "The contract's limits are being refreshed in Lookup.";
    FormQueued => "Sin conexión con el servidor: la solicitud queda en la bandeja de salida", "The server cannot be reached: the request waits in the outbox";
    FormQueuedWhy => "Motivo: {error}. Se enviará sola, una única vez, cuando el servidor responda.", "Why: {error}. It is sent on its own, exactly once, when the server answers.";
    FormQueuedId => "Id. externo: {external_id}", "External id: {external_id}";
    FormDoneHint => "{open} abre la solicitud · {new} otra solicitud", "{open} opens the request · {new} another request";
    FormResultId => "Id.", "Id";
    FormResultPublicId => "Id. público", "Public id";
    FormHeaderOutbox => "✉ {n} en salida", "✉ {n} in outbox";
    FormHeaderRejected => "✉ {n} rechazada(s)", "✉ {n} refused";
    FormHeaderDrafts => "✎ {n} borrador(es)", "✎ {n} draft(s)";
    // Ranking, board and request detail (issue 6)
    RankZone => "Zona", "Zone";
    RankZonePlaceholder => "id externo de la zona, p. ej. Z-MAD-01", "zone external id, e.g. Z-MAD-01";
    RankService => "Servicio", "Service";
    RankNoServices => "la red no tiene servicios (aún cargando)", "the network has no services (still loading)";
    RankRecent => "Recientes: {zones}", "Recent: {zones}";
    RankIntro => "Escriba la zona, elija el servicio con {prev} {next} y pulse {key}.", "Type the zone, pick the service with {prev} {next} and press {key}.";
    RankLoading => "Buscando proveedores de {service} en {zone}…", "Ranking providers of {service} in {zone}…";
    RankEmpty => "Ningún proveedor atiende {service} en la zona {zone}. Compruebe el id de la zona (p. ej. Z-MAD-01) o pruebe otro servicio.",
                 "No provider serves {service} in zone {zone}. Check the zone id (e.g. Z-MAD-01) or try another service.";
    RankMissingParams => "El servidor necesita una zona y un servicio (missing_required_params): escriba el id externo de la zona y elija un servicio con id externo.",
                         "The server needs both a zone and a service (missing_required_params): type the zone's external id and pick a service that has an external id.";
    RankNeedZone => "Escriba una zona antes de pulsar {key}.", "Type a zone before pressing {key}.";
    RankNeedService => "Elija un servicio con id externo (← →).", "Pick a service that has an external id (← →).";
    RankTitle => "{count} proveedor(es) de {service} en {zone}", "{count} provider(s) of {service} in {zone}";
    RankFailed => "No se pudo obtener el ranking: {error}", "Could not rank providers: {error}";
    RankFor => "Para la solicitud {request}", "For request {request}";
    RankColPosition => "Pos.", "Pos.";
    RankColProvider => "Proveedor", "Provider";
    RankColExternal => "Id externo", "External id";
    AssignTitle => "Asignar {provider} a…", "Assign {provider} to…";
    AssignLoading => "Cargando solicitudes abiertas de {service}…", "Loading open requests of {service}…";
    AssignNone => "No hay solicitudes abiertas de {service}.", "There are no open requests of {service}.";
    Assigning => "Asignando {provider} a {request}…", "Assigning {provider} to {request}…";
    Assigned => "{provider} asignado a {request}.", "{provider} assigned to {request}.";
    AssignFailed => "No se pudo asignar: {error}", "Could not assign: {error}";
    KeyRank => "ordenar proveedores", "rank providers";
    KeyAssign => "asignar a una solicitud", "assign to a request";
    KeyRecentZone => "zona reciente", "recent zone";
    KeyChooseService => "servicio", "service";
    KeyPick => "elegir", "choose";
    KeyFilterText => "filtrar por texto", "filter by text";
    KeyToggleStatus => "solo ese estado (se suman; repetir quita)", "only that status (keys add up; again removes)";
    KeyAllStatuses => "todos los estados", "all statuses";
    KeySortColumn => "ordenar por columna", "sort by column";
    KeySortDir => "invertir el orden", "reverse the order";
    KeyChangeStatus => "cambiar estado", "change status";
    KeyDetail => "detalle", "detail";
    KeyLookupContract => "ver el contrato", "look the contract up";
    KeyEditRequest => "editar", "edit";
    KeyRankForRequest => "proveedores para esta solicitud", "providers for this request";
    KeyClearFilter => "quitar el filtro de texto", "clear the text filter";
    KeyDone => "terminar", "done";
    StatusPending => "pendiente", "pending";
    StatusAssigned => "asignada", "assigned";
    StatusInProgress => "en curso", "in progress";
    StatusFinished => "finalizada", "finished";
    StatusCancelled => "cancelada", "cancelled";
    StatusNone => "sin estado", "no status";
    BoardLoading => "Cargando todas las solicitudes…", "Loading every service request…";
    BoardEmpty => "La red no tiene solicitudes de servicio.", "The network has no service requests.";
    BoardNoMatch => "Ninguna solicitud coincide con el filtro ({all} muestra todos los estados, {clear} quita el texto).",
                    "No request matches the filter ({all} shows every status, {clear} clears the text).";
    BoardTitle => "{shown} de {total} · orden: {column} {dir}", "{shown} of {total} · sort: {column} {dir}";
    BoardFilter => "Filtro: {text}", "Filter: {text}";
    BoardOpenFresh => "Abiertas {time} UTC (cada {secs} s)", "Open {time} UTC (every {secs} s)";
    BoardAllFresh => "todas {time} (cada {mins} min)", "all {time} (every {mins} min)";
    BoardAllPending => "todas: cargando…", "all: loading…";
    BoardFedPolls => "por sondeo", "by polling";
    BoardFedBoth => "por sondeo (último push {time})", "by polling (last push {time})";
    BoardFedPushes => "por push + sondeo (último push {time})", "by pushes + polling (last push {time})";
    BoardRateLimited => "Limitado por el servidor (429): siguiente consulta en {secs} s", "Rate limited (429): next poll in {secs} s";
    BoardNeverUpdated => "Sin actualizar todavía", "Not updated yet";
    BoardFailing => "Fallo al actualizar ({failures}): {error} · reintento en {secs} s", "Refresh failing ({failures}): {error} · retrying in {secs} s";
    BoardWebhookOn => "webhooks: {url}", "webhooks: {url}";
    BoardWebhookFailed => "webhooks desactivados: {error}", "webhooks off: {error}";
    BoardUpdatedAt => "Actualizado {time} UTC", "Updated {time} UTC";
    BoardRelayConnecting => "conectando al relé {url}…", "connecting to the relay {url}…";
    BoardRelayLive => "relé en directo: {url}", "relay live: {url}";
    BoardRelayDown => "relé inaccesible desde {time} UTC: {cause}", "relay unreachable since {time} UTC: {cause}";
    BoardRelaySilent => "el relé no publica", "the relay is not publishing";
    BoardRelayStopped => "el relé se ha parado", "the relay stopped";
    BoardRelayFallback => "consultando MOK directamente", "polling MOK directly";
    BoardUnknownStatus => "?", "?";
    ColId => "Id", "Id";
    ColPublicId => "Id público", "Public id";
    ColExternalId => "Id externo", "External id";
    ColService => "Servicio", "Service";
    ColCustomer => "Cliente", "Customer";
    ColAccessId => "Id. acceso", "Access id";
    ColProvider => "Proveedor", "Provider";
    ColOrigin => "Origen", "Origin";
    ColDestination => "Destino", "Destination";
    ColAge => "Espera", "Age";
    ColScheduled => "Programada", "Scheduled";
    SortAsc => "↑", "↑";
    SortDesc => "↓", "↓";
    StatusPickerTitle => "Nuevo estado de {request}", "New status of {request}";
    StatusChanging => "Cambiando {request} a {status}…", "Changing {request} to {status}…";
    StatusChanged => "{request} ahora está {status}.", "{request} is now {status}.";
    StatusChangeFailed => "No se pudo cambiar el estado: {error}", "Could not change the status: {error}";
    DetailTitle => "Solicitud {request}", "Request {request}";
    DetailLoading => "actualizando…", "refreshing…";
    DetailCustomer => "Cliente", "Customer";
    DetailAddresses => "Direcciones", "Addresses";
    DetailProvider => "Proveedor", "Provider";
    DetailTechnician => "Técnico", "Technician";
    DetailScheduled => "Programada", "Scheduled";
    DetailTimeline => "Historial de estados", "Status history";
    DetailNoHistory => "sin historial", "no history";
    DetailAnswers => "Respuestas", "Answers";
    DetailNoAnswers => "sin respuestas", "no answers";
    DetailNotFound => "La solicitud {request} no está en el tablero.", "Request {request} is not on the board.";
    DetailRequested => "Solicitada", "Requested";
    DetailPhone => "Teléfono", "Phone";

    // API errors, by kind
    ErrNetwork => "no se pudo conectar con el servidor", "could not reach the server";
    ErrTimeout => "el servidor no respondió a tiempo", "the server did not answer in time";
    ErrUnauthorized => "credenciales rechazadas", "credentials refused";
    ErrNotFound => "no encontrado", "not found";
    ErrRejected => "el servidor rechazó los datos", "the server refused the input";
    ErrRateLimited => "demasiadas peticiones, espere un momento", "too many requests, wait a moment";
    ErrServer => "error del servidor", "server error";
    ErrDecode => "respuesta ilegible del servidor", "unreadable answer from the server";
    ErrInvalid => "datos no válidos", "invalid input";

    // Admin pane (issue 7)
    AdmTabContracts => "Contratos", "Contracts";
    AdmTabImport => "Importar CSV", "Import CSV";
    AdmTabPoints => "Puntos", "Points";
    AdmTabRecurrent => "Reglas recurrentes", "Recurring rules";
    AdmKeyTabs => "secciones", "sections";
    AdmKeyTabContracts => "contratos", "contracts";
    AdmKeyTabImport => "importar CSV", "import CSV";
    AdmKeyTabPoints => "puntos", "points";
    AdmKeyTabRecurrent => "reglas recurrentes", "recurring rules";
    AdmKeyFilter => "filtrar", "filter";
    AdmKeyNew => "nuevo", "new";
    AdmKeyNewPoints => "sumar o gastar puntos", "add or spend points";
    AdmKeyEdit => "editar", "edit";
    AdmKeyNextField => "campo siguiente", "next field";
    AdmKeyPrevField => "campo anterior", "previous field";
    AdmKeyPreview => "vista previa", "preview";
    AdmKeyComplete => "completar la ruta", "complete the path";
    AdmKeyEditPath => "editar la ruta", "edit the path";
    AdmKeyImport => "importar", "import";
    AdmKeyStop => "detener tras el lote en curso", "stop after the batch in flight";
    AdmNotConfigured => "Faltan las credenciales de administración: esta sección necesita un correo y un token de administrador.",
                        "Admin credentials are not configured: this section needs an admin email and token.";
    AdmHowToConfigure => "Añádalas al archivo de configuración:", "Add them to the config file:";
    AdmHowToConfigureEnv => "o defina las variables de entorno MOK_ADMIN_EMAIL y MOK_ADMIN_TOKEN, y vuelva a abrir la consola.",
                            "or set the environment variables MOK_ADMIN_EMAIL and MOK_ADMIN_TOKEN, and open the console again.";
    AdmPressRefresh => "{key} carga la lista", "{key} loads the list";
    AdmLoading => "Cargando…", "Loading…";
    AdmSending => "Enviando…", "Sending…";
    AdmFilter => "Filtro", "Filter";
    AdmFilterHint => "/ para filtrar por id, identificador, nombre, correo o móvil", "/ to filter by id, identifier, name, email or mobile";
    AdmContractsTitle => "Contratos: {shown} de {total}", "Contracts: {shown} of {total}";
    AdmContractFormTitle => "Crear o actualizar un contrato", "Create or update a contract";
    AdmContractFormHint => "Plan + identificador de acceso eligen el contrato: si existe se actualiza, si no se crea. Ctrl-S envía.",
                           "Plan + access identifier pick the contract: updated if it exists, created if not. Ctrl-S sends.";
    AdmServerFlagged => "el servidor marca {field} como «{status}»", "the server marks {field} as \"{status}\"";
    AdmContractCreated => "✓ Contrato {id} creado", "✓ Contract {id} created";
    AdmContractUpdated => "✓ Contrato {id} actualizado", "✓ Contract {id} updated";
    AdmContractRefused => "✗ El servidor rechazó el contrato: vea los errores junto a cada campo.",
                          "✗ The server refused the contract: see the errors beside each field.";
    AdmRefusedNoReason => "rechazado sin motivo", "refused without a reason";
    AdmFieldPlan => "Código de plan", "Application code";
    AdmFieldAccessId => "Id. acceso", "Access id";
    AdmFieldFirstName => "Nombre", "First name";
    AdmFieldSurname => "Primer apellido", "Surname";
    AdmFieldSecondSurname => "Segundo apellido", "Second surname";
    AdmFieldEmail => "Correo", "Email";
    AdmFieldMobile => "Móvil", "Mobile";
    AdmFieldStart => "Inicio", "Start date";
    AdmFieldEnd => "Fin", "End date";
    AdmFieldActive => "Activo (true/false)", "Active (true/false)";
    AdmFieldClientContract => "Contrato cliente", "Client contract";
    AdmFieldExtra => "Datos extra (JSON)", "Extra data (JSON)";
    AdmFieldType => "Tipo", "Type";
    AdmFieldPoints => "Puntos", "Points";
    AdmFieldComment => "Comentario", "Comment";
    AdmFieldExpiration => "Caducidad", "Expiration date";
    AdmFieldPeriod => "Periodo", "Period";
    AdmFieldExpirationPeriod => "Caducan tras", "Expire after";
    AdmErrRequired => "obligatorio", "required";
    AdmErrDate => "fecha AAAA-MM-DD", "date YYYY-MM-DD";
    AdmErrBool => "true o false", "true or false";
    AdmErrJson => "debe ser un objeto JSON", "must be a JSON object";
    AdmErrEndBeforeStart => "el fin es anterior al inicio", "the end is before the start";
    AdmCsvFile => "Archivo CSV", "CSV file";
    AdmCsvPlaceholder => "ruta del archivo, p. ej. contratos.csv", "path of the file, e.g. contracts.csv";
    AdmCsvHint => "Escriba la ruta de un CSV (cabecera: nombres de campo de la API). {complete} completa la ruta; {preview} muestra la vista previa. Nada se envía antes de confirmar.",
                  "Type the path of a CSV file (header: API field names). {complete} completes the path; {preview} shows the preview. Nothing is sent before you confirm.";
    AdmReading => "Leyendo y validando el archivo…", "Reading and validating the file…";
    AdmColumns => "Columnas:", "Columns:";
    AdmColumnUnknown => "desconocida", "unknown";
    AdmColumnRepeated => "repetida", "repeated";
    AdmColumnIgnored => "se ignora", "ignored";
    AdmRefusedFile => "✗ El archivo no se puede enviar: {reason}", "✗ The file cannot be sent: {reason}";
    AdmRefusedFileHint => "Corrija la cabecera y vuelva a abrirlo ({back}). No se ha enviado nada.",
                          "Fix the header and open it again ({back}). Nothing was sent.";
    AdmRowsN => "{count} filas", "{count} rows";
    AdmValidN => "{count} válidas", "{count} valid";
    AdmInvalidN => "{count} no válidas", "{count} invalid";
    AdmResume => "{count} ya se importaron en una ejecución anterior: se reanuda sin reenviarlas.",
                 "{count} were imported by an earlier run: it resumes without sending them again.";
    AdmLineError => "línea {line}: {error}", "line {line}: {error}";
    AdmNothingToSend => "No hay filas que enviar.", "There are no rows to send.";
    AdmSendHint => "{run} envía {count} filas en lotes de {batch}; las no válidas irán al archivo de fallidas. {back} vuelve.",
                   "{run} sends {count} rows in batches of {batch}; invalid ones go to the failed-rows file. {back} goes back.";
    AdmImporting => "Importando {file}…", "Importing {file}…";
    AdmSentOf => "{sent} de {total} filas", "{sent} of {total} rows";
    AdmStopHint => "{stop} detiene tras el lote en curso; lo enviado queda registrado y se puede reanudar.",
                   "{stop} stops after the batch in flight; what was sent is recorded and the import can be resumed.";
    AdmStopping => "Deteniendo tras el lote en curso…", "Stopping after the batch in flight…";
    AdmCreatedN => "{count} creados", "{count} created";
    AdmUpdatedN => "{count} actualizados", "{count} updated";
    AdmFailedN => "{count} fallidos", "{count} failed";
    AdmSkipped => "{count} omitidos: ya importados antes", "{count} skipped: imported before";
    AdmInterrupted => "Interrumpida: {reason}. Vuelva a importar el mismo archivo para enviar el resto.",
                      "Interrupted: {reason}. Import the same file again to send the rest.";
    AdmFailedFile => "Filas fallidas en {file}", "Failed rows in {file}";
    AdmImportFailed => "La importación no pudo completarse: {error}", "The import could not complete: {error}";
    AdmResultsTitle => "Resultado por fila", "Result per row";
    AdmColLine => "Línea", "Line";
    AdmColResult => "Resultado", "Result";
    AdmRowCreated => "creado", "created";
    AdmRowUpdated => "actualizado", "updated";
    AdmRowSkipped => "omitido (ya importado)", "skipped (imported before)";
    AdmRowFailed => "fallido", "failed";
    AdmPointsTitle => "Transacciones de puntos", "Point transactions";
    AdmPointDetailTitle => "Transacción {id}", "Transaction {id}";
    AdmPointFormTitle => "Sumar o gastar puntos", "Add or spend points";
    AdmPointFormHint => "Tipo: add (sumar) o spend (gastar). Se procesa en segundo plano: el estado se sigue en vivo. Ctrl-S envía.",
                        "Type: add or spend. It is processed in the background: its status is followed live. Ctrl-S sends.";
    AdmFollowed => "Transacción {id}: {kind} {points} a {who} →", "Transaction {id}: {kind} {points} for {who} →";
    AdmKindAdd => "suma", "add";
    AdmKindSpend => "gasto", "spend";
    AdmStatusPending => "pendiente", "pending";
    AdmStatusProcessed => "procesada", "processed";
    AdmStatusFailed => "fallida", "failed";
    AdmColCreated => "Creada", "Created";
    AdmColUpdated => "Actualizada", "Updated";
    AdmColRule => "Regla", "Rule";
    AdmColLastIssue => "Última", "Last issue";
    AdmRulesTitle => "Reglas de puntos recurrentes", "Recurring point rules";
    AdmRuleNewTitle => "Nueva regla recurrente", "New recurring rule";
    AdmRuleEditTitle => "Editar la regla {id}", "Edit rule {id}";
    AdmRuleFormHint => "Periodos ISO 8601: P1D diario, P1M mensual, P1Y anual, PT12H cada 12 horas. Ctrl-S guarda.",
                       "ISO 8601 periods: P1D daily, P1M monthly, P1Y yearly, PT12H every 12 hours. Ctrl-S saves.";
    AdmRuleCreated => "✓ Regla {id} creada", "✓ Rule {id} created";
    AdmRuleUpdated => "✓ Regla {id} actualizada", "✓ Rule {id} updated";
    AdmPeriodOk => "válido:", "valid:";
    AdmNextIssues => "Próximas emisiones:", "Next issues:";
    AdmPreviewNeeds => "Con inicio y periodo válidos se verán las próximas emisiones.",
                       "With a valid start date and period the next issues show here.";
    AdmPreviewNone => "La regla no emitirá más: su fin ya pasó.", "The rule will issue nothing more: its end has passed.";

    // An agent's shift without friction (issue 16, branch agent-shift)
    ShiftPhoneSearchedAs => "Teléfono «{typed}» buscado en formato internacional.",
                            "Phone “{typed}” searched in international format.";
    ShiftFoundByContractId => "Es un número de contrato: encontrado por el contrato al que pertenece.",
                              "That is a contract number: found by the contract it belongs to.";
    ShiftLimitsFrom => "La búsqueda por {kind} no trae límites: se han consultado por identificador de acceso ({identifier}).",
                       "A search by {kind} brings no limits: they were looked up by access identifier ({identifier}).";
    ShiftLimitsFromShort => "Límites consultados por identificador de acceso ({identifier}).",
                            "Limits looked up by access identifier ({identifier}).";
    ShiftNoNewRequest => "Este contrato no admite nuevas solicitudes.",
                         "This contract takes no new requests.";
    ShiftConfirmCancelTitle => "Cancelar solicitud", "Cancel request";
    ShiftDiscardTitle => "Descartar cambios", "Discard changes";
    ShiftAdmNotListed => "La lista de la API no devuelve {fields}: el código de plan hay que escribirlo; los demás, solo si cambian (vacíos no se envían).",
                         "The API's list does not return {fields}: type the plan code; the others only if they change (empty ones are not sent).";
    ShiftCsvDelimiter => "Separador de campos: {separator} (detectado en la cabecera)", "Field separator: {separator} (found in the header)";
    ShiftCsvComma => "coma «,»", "comma “,”";
    ShiftCsvSemicolon => "punto y coma «;»", "semicolon “;”";
    ShiftCsvTab => "tabulador", "tab";
    ShiftFormSecAdvanced => "Avanzado: datos internos", "Advanced: internal fields";
    ShiftAdvancedShow => "{key} los muestra", "{key} shows them";
    ShiftAdvancedHide => "{key} los oculta", "{key} hides them";
    ShiftAdvancedProblems => "{count} por corregir", "{count} to fix";
    ShiftKeyAdvanced => "datos internos", "internal fields";
    ShiftSearchSnapshot => "datos de la búsqueda · r actualiza", "as found by the search · r refreshes";
    ShiftRankSnapshot => "ranking del momento en que se pidió · r lo repite", "ranking as of when it was asked · r ranks again";
    ShiftTierUse => "uso {n}", "use {n}";
    ShiftTierUses => "usos {from}–{to}", "uses {from}–{to}";
    ShiftTierFromUse => "desde el {n}.º", "from use {n} on";
    ShiftTierDay => "día {n}", "day {n}";
    ShiftTierDays => "días {from}–{to}", "days {from}–{to}";
    ShiftTierFromDay => "desde el día {n}", "from day {n} on";
    ShiftTierFree => "sin copago", "no copayment";
    ShiftTierNext => "← el próximo uso", "← the next use";
    ShiftDiscard => "Los cambios de esta solicitud no se han enviado. ¿Descartarlos y volver a la solicitud? s = sí, descartar · n = no, seguir editando",
                    "The changes to this request were not sent. Discard them and go back to the request? y = yes, discard · n = no, keep editing";
    ShiftConfirmCancel => "¿Cancelar la solicitud {request}? No se puede deshacer. s = sí, cancelarla · n = no",
                          "Cancel request {request}? It cannot be undone. y = yes, cancel it · n = no";

    // Board details (branch board-protocol; issues 16 and 13): the urgent column, short
    // status names for a counts line that must fit 80 columns.
    ColUrgent => "Urgente", "Urgent";
    ColUrgentShort => "Urg", "Urg";
    BoardUrgent => "URGENTE", "URGENT";
    BoardUrgentShort => "URG", "URG";
    StatusPendingShort => "pend.", "pend.";
    StatusAssignedShort => "asig.", "asgd.";
    StatusInProgressShort => "curso", "prog.";
    StatusFinishedShort => "fin.", "done";
    StatusCancelledShort => "canc.", "canc.";
    BoardOtherStatuses => "+{n} otros", "+{n} other";

    // Branch wall-theme: the wallboard (issue 14) and themes (issue 13)
    PaneWall => "Panel de sala", "Wallboard";
    KeyWall => "panel de sala (cifras grandes)", "wallboard (big figures)";
    KeyWallBack => "volver al tablero", "back to the board";
    CmdGoWall => "Ir al panel de sala", "Go to the wallboard";
    WallOpen => "Abiertas", "Open";
    WallOldest => "Espera más larga", "Longest wait";
    WallOldestOf => "Espera más larga · #{id}", "Longest wait · #{id}";
    WallPastWarn => "! Pasan el aviso ≥{mins}", "! Past warning ≥{mins}";
    WallPastBreach => "!! Pasan el SLA ≥{mins}", "!! Past breach ≥{mins}";
    WallCreatedHour => "Creadas en la última hora", "Created in the last hour";
    WallFinishedHour => "Finalizadas en la última hora", "Finished in the last hour";
    WallLive => "● al día · datos de hace {age}", "● live · data from {age} ago";
    WallWaiting => "esperando los primeros datos…", "waiting for the first data…";
    WallStale => "DESACTUALIZADO", "STALE";
    WallStaleSilent => "sin datos nuevos desde hace {age}", "no new data for {age}";
    WallStaleFailing => "fallo al actualizar ×{failures} · datos de hace {age}", "refresh failed ×{failures} · data from {age} ago";
    WallStaleRelay => "relé caído · datos de hace {age}", "relay down · data from {age} ago";
    WallStaleNever => "sin datos todavía", "no data yet";
    WallServices => "Por servicio ({shown} de {total})", "Per service ({shown} of {total})";
    WallNoService => "(sin servicio)", "(no service)";
    WallColOpen => "Abiert.", "Open";
    WallColPending => "Pend.", "Pend.";
    WallColOldest => "Espera", "Wait";
    WallColWarn => "≥aviso", "≥warn";
    WallColBreach => "≥SLA", "≥SLA";
    WallColCreated => "Nuevas 1h", "New 1h";
    WallColFinished => "Fin. 1h", "Done 1h";
    WallHint => "cualquier tecla: volver al tablero", "any key: back to the board";
    WallHintStandalone => "Esc: tablero · q: salir", "Esc: board · q: quit";
    BoardSlaWarnMark => "!", "!";
    BoardSlaBreachMark => "!!", "!!";

    // Stale-edit guard and "updates since you looked" (branch stale-guard; issue 14).
    KeySendMine => "enviar lo mío", "send mine";
    KeyReloadTheirs => "recargar lo del servidor", "reload theirs";
    KeyCancelSend => "cancelar (no se envía nada)", "cancel (nothing is sent)";
    KeySendAnyway => "enviar de todos modos", "send anyway";
    KeyRereadAgain => "volver a leer", "read again";
    KeyScrollChanges => "desplazar los cambios", "scroll the changes";
    StaleCheckingTitle => "Comprobando {request}", "Checking {request}";
    StaleChangedTitle => "{request} cambió en el servidor", "{request} changed on the server";
    StaleFailedTitle => "No se pudo comprobar {request}", "Could not check {request}";
    StaleChecking => "Leyendo {request} del servidor antes de enviar, por si otro agente lo cambió…",
                     "Reading {request} from the server before sending, in case another agent changed it…";
    StaleChangedIntro => "Alguien cambió {n} campo(s) de {request} desde que usted lo abrió. Aún no se ha enviado nada.",
                         "Someone changed {n} field(s) of {request} since you opened it. Nothing has been sent yet.";
    StaleColField => "Campo", "Field";
    StaleColOpened => "Cuando lo abrió", "When you opened it";
    StaleColNow => "Ahora en el servidor", "Now on the server";
    StaleColMine => "Lo que usted envía", "What you send";
    StaleNotSent => "(no lo envía)", "(not sent)";
    StaleLegend => "⚠ {n} campo(s): si envía lo suyo, sobrescribe el cambio del otro",
                   "⚠ {n} field(s): sending yours overwrites their change";
    StaleNoOverwrite => "Lo que usted envía no toca estos campos.", "What you send does not touch these fields.";
    StaleMore => "{n} más (↑↓)", "{n} more (↑↓)";
    StaleRereadFailed => "No se pudo volver a leer {request} del servidor: {error}. No se ha enviado nada.",
                         "Could not re-read {request} from the server: {error}. Nothing has been sent.";
    StaleSendAnyway => "¿Enviar de todos modos, sin saber si otro agente lo cambió?",
                       "Send anyway, without knowing whether another agent changed it?";
    StaleStatusChecking => "Comprobando {request} en el servidor antes de cambiar el estado…",
                           "Checking {request} on the server before changing its status…";
    StaleReloaded => "{request}: no se envió nada; se muestra la copia del servidor",
                     "{request}: nothing sent; showing the server's copy";
    StaleCancelled => "{request}: no se envió nada", "{request}: nothing was sent";
    StaleFormReloaded => "Cargada la copia del servidor; se conservan sus cambios en {n} campo(s) que nadie más tocó: revise y guarde",
                         "Loaded the server's copy; kept your edits to {n} field(s) nobody else changed: review and save";
    StaleFormReloadedNone => "Cargada la copia del servidor: revise y guarde de nuevo", "Loaded the server's copy: review and save again";
    StaleFormCancelled => "No se envió nada: sus cambios siguen aquí", "Nothing was sent: your edits are still here";
    StaleAssignChecking => "Comprobando {request} en el servidor antes de asignar {provider}…",
                           "Checking {request} on the server before assigning {provider}…";
    BoardUnseenOne => "1 cambio desde que miró", "1 update since you looked";
    BoardUnseen => "{n} cambios desde que miró", "{n} updates since you looked";
    BoardUnseenLegend => "◆ {n} cambiaron mientras no miraba (se quita al seleccionar la fila)",
                         "◆ {n} changed while you were away (goes when you select the row)";

    // Branch cli-journal: the audit journal overlay (issue 14)
    CmdJournal => "Diario de acciones", "Action journal";
    JournalTitle => "Diario de acciones · {server}", "Action journal · {server}";
    JournalCount => "{shown} de {total} acciones, la más reciente arriba", "{shown} of {total} actions, newest first";
    JournalLoading => "Leyendo el diario…", "Reading the journal…";
    JournalEmpty => "Esta consola aún no ha hecho nada en este servidor.", "This console has not done anything on this server yet.";
    JournalNoMatch => "Ninguna acción coincide con el filtro.", "No action matches the filter.";
    JournalUnreadable => "No se pudo leer el diario: {error}", "The journal could not be read: {error}";
    JournalFilterHint => "/ filtra (usuario, acción, id, resultado…)", "/ filters (user, action, id, result…)";
    JournalColTime => "Hora", "Time";
    JournalColUser => "Usuario", "User";
    JournalColAction => "Acción", "Action";
    JournalColTarget => "Objeto", "Target";
    JournalColResult => "Resultado", "Result";
    JournalColNote => "Campos y notas", "Fields and notes";
    JournalActionCreate => "alta", "create";
    JournalActionUpdate => "modificación", "update";
    JournalActionStatus => "cambio de estado", "status change";
    JournalActionAssign => "asignación", "assignment";
    JournalActionWhatsapp => "WhatsApp", "WhatsApp";
    JournalActionUpsert => "contrato (alta o cambio)", "contract upsert";
    JournalActionImport => "lote de importación", "import batch";
    JournalActionPoints => "puntos", "point transaction";
    JournalActionRuleCreate => "regla recurrente (alta)", "recurring rule created";
    JournalActionRuleUpdate => "regla recurrente (cambio)", "recurring rule updated";
    JournalResultOk => "hecho", "done";
    JournalResultRecovered => "recuperado tras perder la respuesta", "recovered after a lost answer";
    JournalResultPartial => "en parte", "partly";
    JournalResultRefused => "rechazado", "refused";
    JournalResultFailed => "fallido", "failed";
    KeyReload => "releer", "reload";
}

/// The catalogue in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct I18n {
    pub lang: Language,
}

impl I18n {
    pub fn new(lang: Language) -> Self {
        Self { lang }
    }

    pub fn t(&self, key: T) -> &'static str {
        key.text(self.lang)
    }

    /// The message with each `{name}` replaced by its value.
    pub fn fmt(&self, key: T, args: &[(&str, &str)]) -> String {
        let mut out = self.t(key).to_owned();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    pub fn toggled(self) -> Self {
        Self::new(match self.lang {
            Language::Es => Language::En,
            Language::En => Language::Es,
        })
    }

    /// The readable message of an API error: what kind of failure, and the server's words.
    /// A contract field's problem (the shared validation's typed verdict), in this
    /// language; an unknown field keeps the English wording (a programming slip).
    pub fn contract_error(&self, err: &crate::model::ContractFieldError) -> String {
        use crate::model::ContractFieldError as E;
        let key = match err {
            E::Required { .. } => T::AdmErrRequired,
            E::NotADate { .. } => T::AdmErrDate,
            E::NotABool { .. } => T::AdmErrBool,
            E::NotAJsonObject => T::AdmErrJson,
            E::EndBeforeStart => T::AdmErrEndBeforeStart,
            E::UnknownField(_) => return err.to_string(),
        };
        self.t(key).to_owned()
    }

    pub fn api_error(&self, err: &crate::api::ApiError) -> String {
        let what = self.api_error_kind(err);
        let status = err.status.map(|s| format!(" ({s})")).unwrap_or_default();
        let message = err.message.trim();
        if message.is_empty() {
            format!("{what}{status}")
        } else {
            format!("{what}{status}: {message}")
        }
    }

    /// What kind of failure an API error is, in this language.
    pub fn api_error_kind(&self, err: &crate::api::ApiError) -> &'static str {
        use crate::api::ErrorKind as K;
        self.t(match err.kind {
            K::Network => T::ErrNetwork,
            K::Timeout => T::ErrTimeout,
            K::Unauthorized => T::ErrUnauthorized,
            K::NotFound => T::ErrNotFound,
            K::Rejected => T::ErrRejected,
            K::RateLimited => T::ErrRateLimited,
            K::Server => T::ErrServer,
            K::Decode => T::ErrDecode,
            K::Invalid => T::ErrInvalid,
        })
    }

    /// An API error in two parts: what happened, in the agent's language, and the HTTP
    /// details (status, the server's own words, often English) for a detail line.
    pub fn api_error_parts(&self, err: &crate::api::ApiError) -> (String, Option<String>) {
        let what = self.api_error_kind(err).to_owned();
        let message = err.message.trim();
        let detail = match (err.status, message.is_empty()) {
            (Some(s), false) => Some(format!("HTTP {s}: {message}")),
            (Some(s), true) => Some(format!("HTTP {s}")),
            (None, false) => Some(message.to_owned()),
            (None, true) => None,
        };
        (what, detail)
    }

    /// The translated reason `model::normalize_phone` gives.
    /// A reason of [`crate::model::normalize_phone`] (English constants) in this language.
    pub fn phone_reason(&self, en: &'static str) -> &'static str {
        use crate::model::contact::reason as r;
        if self.lang == Language::En {
            return en;
        }
        match en {
            r::NOT_A_NUMBER => "solo dígitos, espacios, guiones, puntos y un + inicial",
            r::TOO_SHORT => "faltan dígitos para ser un teléfono",
            r::TOO_LONG => "sobran dígitos para ser un teléfono",
            r::BAD_COUNTRY => "prefijo de país desconocido",
            r::INVALID => "no es un número válido de su país",
            _ => "formato no válido",
        }
    }

    /// Why a typed value was refused (the form's and the question sets' validation).
    pub fn field_error(&self, err: &crate::forms::FieldError) -> String {
        use crate::forms::FieldError as E;
        if self.lang == Language::En {
            return err.to_string();
        }
        match err {
            E::Required => "obligatorio".into(),
            E::NotANumber => "debe ser un número".into(),
            E::NotAnInteger => "debe ser un número entero".into(),
            E::BelowMin(m) => format!("debe ser como mínimo {}", crate::forms::plain_number(*m)),
            E::AboveMax(m) => format!("debe ser como máximo {}", crate::forms::plain_number(*m)),
            E::TooShort(n) => format!("mínimo {n} caracteres"),
            E::TooLong(n) => format!("máximo {n} caracteres"),
            E::PatternMismatch => "formato no válido".into(),
            E::BadDate => "fecha no válida (dd/mm/aaaa)".into(),
            E::BadTime => "hora no válida (HH:MM o HH:MM:SS)".into(),
            E::NotBoolean => "responda sí o no".into(),
            E::NotAnOption(opts) => format!("elija una opción: {}", opts.join(", ")),
            E::BadPhone(why) => format!(
                "teléfono no válido (p. ej. 612 345 678 o +34612345678): {}",
                self.phone_reason(why)
            ),
            E::BadEmail => "correo electrónico no válido".into(),
            E::BadLatitude => "latitud no válida (decimal entre -90 y 90)".into(),
            E::BadLongitude => "longitud no válida (decimal entre -180 y 180)".into(),
            E::EndBeforeStart => "la fecha de fin es anterior a la de inicio".into(),
        }
    }

    /// Why a period text was refused, saying what to type next.
    pub fn period_error(&self, err: &crate::points::PeriodError) -> String {
        use crate::points::PeriodError as E;
        if self.lang == Language::En {
            return err.to_string();
        }
        match err {
            E::Empty => "escriba un periodo ISO 8601, p. ej. P1M (mensual)".into(),
            E::MissingP => "debe empezar por P, p. ej. P1D, P1M, P1Y, PT12H".into(),
            E::Incomplete { after_t: true } => {
                "tras la T añada horas, minutos o segundos, p. ej. PT12H".into()
            }
            E::Incomplete { .. } => "añada un número y una unidad, p. ej. P1M".into(),
            E::MissingUnit => {
                "falta la unidad: Y (años), M (meses), W (semanas), D (días); tras T: H, M, S"
                    .into()
            }
            E::UnknownUnit(c) => format!("unidad desconocida {c:?}"),
            E::MissingNumber(c) => format!("falta el número antes de {c:?}"),
            E::OutOfOrder(c) => {
                format!("{c:?} fuera de orden o repetida: el orden es Y M W D, luego T H M S")
            }
            E::Fraction => "solo números enteros".into(),
            E::WeeksCombined => "las semanas (W) no se combinan con otras unidades".into(),
            E::TooLarge => "número demasiado grande".into(),
            E::Zero => "el periodo debe ser mayor que cero".into(),
        }
    }

    /// Why a point transaction's or rule's field was refused.
    pub fn point_error(&self, err: &crate::points::PointFieldError) -> String {
        use crate::points::PointFieldError as E;
        match err {
            E::Field(e) => self.field_error(e),
            E::Period(e) => self.period_error(e),
            _ if self.lang == Language::En => err.to_string(),
            E::NotPositive => "los puntos deben ser mayores que cero".into(),
            E::BadTransactionType => "tipo: add (sumar) o spend (gastar)".into(),
        }
    }

    pub fn kind(&self, kind: crate::model::ContractSearchKind) -> &'static str {
        use crate::model::ContractSearchKind as K;
        self.t(match kind {
            K::AccessIdentifier => T::KindAccessIdentifier,
            K::DocumentIdentifier => T::KindDocumentIdentifier,
            K::NationalId => T::KindNationalId,
            K::Email => T::KindEmail,
            K::Id => T::KindId,
        })
    }

    pub fn limit_group(&self, group: crate::model::LimitGroup) -> &'static str {
        use crate::model::LimitGroup as G;
        self.t(match group {
            G::UsageFrequencyByEndOfContract => T::GroupUsageFrequencyByEndOfContract,
            G::UsageFrequencyByPeriod => T::GroupUsageFrequencyByPeriod,
            G::WaitingPeriod => T::GroupWaitingPeriod,
            G::MaxCostByEndOfContract => T::GroupMaxCostByEndOfContract,
            G::MaxCostByPeriod => T::GroupMaxCostByPeriod,
            G::MaxCostByUse => T::GroupMaxCostByUse,
            G::Copayment => T::GroupCopayment,
            G::VariableCopaymentByDaysOfCurrentServiceRequest => T::GroupVariableCopaymentByDays,
            G::VariableCopaymentByUsageByPeriod => T::GroupVariableCopaymentByUsage,
            G::VariableCopaymentByAccumulatedDaysByPeriod => {
                T::GroupVariableCopaymentByAccumulatedDays
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_both_languages_and_differs_only_when_translated() {
        for key in T::ALL {
            for lang in [Language::Es, Language::En] {
                assert!(
                    !key.text(lang).trim().is_empty(),
                    "{key:?} empty in {lang:?}"
                );
            }
            // Placeholders must match, or a translation silently loses a value.
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(
                holes(key.text(Language::Es)),
                holes(key.text(Language::En)),
                "{key:?} placeholders differ"
            );
        }
    }

    #[test]
    fn typed_errors_are_rendered_in_both_languages() {
        use crate::forms::FieldError;
        let (es, en) = (I18n::new(Language::Es), I18n::new(Language::En));
        let e = FieldError::AboveMax(8.0);
        assert_eq!(es.field_error(&e), "debe ser como máximo 8");
        assert_eq!(en.field_error(&e), "must be at most 8");
        assert_eq!(e.to_string(), "must be at most 8");
        let p = FieldError::BadPhone(crate::model::contact::reason::BAD_COUNTRY);
        assert!(es.field_error(&p).contains("prefijo de país"));
        assert!(en.field_error(&p).contains("country code"));
        let period = crate::points::Period::parse("PT").unwrap_err();
        assert!(es.period_error(&period).contains("PT12H"));
        let spend = crate::points::PointFieldError::BadTransactionType;
        assert!(es.point_error(&spend).contains("spend"));
        assert_eq!(en.point_error(&spend), spend.to_string());
    }

    #[test]
    fn phone_reasons_are_translated() {
        let es = I18n::new(Language::Es);
        let region = crate::model::PhoneRegion::default();
        for input in ["612", "+34abc", "+999 123 456 789", "+1234567890123456789"] {
            let reason = crate::model::normalize_phone(input, region).unwrap_err();
            assert_ne!(es.phone_reason(reason), reason, "{input}");
        }
    }
}
