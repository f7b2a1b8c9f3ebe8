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
    SoonHint => "Esta sección llegará en una próxima versión. F2 vuelve a la consulta.",
                "This section comes in a later version. F2 goes back to the lookup.";

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
    SearchKind => "Tipo: {kind} ({how}) · Tab cambia", "Kind: {kind} ({how}) · Tab changes";
    LookupIntro => "Escriba un identificador y pulse Enter para buscar los contratos del cliente.",
                   "Type an identifier and press Enter to find the caller's contracts.";
    Searching => "Buscando {value} ({kind})… Esc cancela", "Searching {value} ({kind})… Esc cancels";
    SearchCancelled => "Búsqueda de {value} cancelada.", "Search for {value} cancelled.";
    NoContracts => "No hay contratos para {value} ({kind}).", "No contracts for {value} ({kind}).";
    ResultsTitle => "{count} contrato(s) para {value} ({kind})", "{count} contract(s) for {value} ({kind})";
    SandboxHint => "Sandbox con datos de demostración: pruebe DEMO-0001.", "Sandbox with demo data: try DEMO-0001.";
    EmptyQuery => "Escriba un identificador antes de pulsar Enter.", "Type an identifier before pressing Enter.";
    RetryHint => "r reintenta", "r retries";
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
    E164NoPlus => "debe empezar por + y el código de país", "must start with + and the country code";
    E164Digits => "tras el + solo van dígitos", "only digits may follow the +";
    E164Zero => "el código de país no empieza por 0", "the country code cannot start with 0";
    E164Length => "un número E.164 tiene de 8 a 15 dígitos", "an E.164 number has 8 to 15 digits";
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

    // Ranking, board and request detail (issue 6)
    RankZone => "Zona", "Zone";
    RankZonePlaceholder => "id externo de la zona, p. ej. Z-MAD-01", "zone external id, e.g. Z-MAD-01";
    RankService => "Servicio", "Service";
    RankNoServices => "la red no tiene servicios (aún cargando)", "the network has no services (still loading)";
    RankRecent => "Recientes: {zones}", "Recent: {zones}";
    RankIntro => "Escriba la zona, elija el servicio con ← → y pulse Enter.", "Type the zone, pick the service with ← → and press Enter.";
    RankLoading => "Buscando proveedores de {service} en {zone}…", "Ranking providers of {service} in {zone}…";
    RankEmpty => "Ningún proveedor atiende {service} en la zona {zone}. Compruebe el id de la zona (p. ej. Z-MAD-01) o pruebe otro servicio.",
                 "No provider serves {service} in zone {zone}. Check the zone id (e.g. Z-MAD-01) or try another service.";
    RankMissingParams => "El servidor necesita una zona y un servicio (missing_required_params): escriba el id externo de la zona y elija un servicio con id externo.",
                         "The server needs both a zone and a service (missing_required_params): type the zone's external id and pick a service that has an external id.";
    RankNeedZone => "Escriba una zona antes de pulsar Enter.", "Type a zone before pressing Enter.";
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
    KeyNextField => "campo siguiente", "next field";
    KeyRecentZone => "zona reciente", "recent zone";
    KeyChooseService => "servicio", "service";
    KeyPick => "elegir", "choose";
    KeyFilterText => "filtrar por texto", "filter by text";
    KeyToggleStatus => "mostrar/ocultar estado", "show/hide a status";
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
    BoardNoMatch => "Ninguna solicitud coincide con el filtro (0 muestra todos los estados, Esc quita el texto).",
                    "No request matches the filter (0 shows every status, Esc clears the text).";
    BoardTitle => "{shown} de {total} · orden: {column} {dir}", "{shown} of {total} · sort: {column} {dir}";
    BoardFilter => "Filtro: {text}", "Filter: {text}";
    BoardUpdated => "Actualizado {time} UTC · cada {secs} s", "Updated {time} UTC · every {secs} s";
    BoardNeverUpdated => "Sin actualizar todavía", "Not updated yet";
    BoardFailing => "Fallo al actualizar ({failures}): {error} · reintento en {secs} s", "Refresh failing ({failures}): {error} · retrying in {secs} s";
    BoardWebhookOn => "webhooks: {url}", "webhooks: {url}";
    BoardWebhookFailed => "webhooks desactivados: {error}", "webhooks off: {error}";
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
    pub fn api_error(&self, err: &crate::api::ApiError) -> String {
        use crate::api::ErrorKind as K;
        let what = self.t(match err.kind {
            K::Network => T::ErrNetwork,
            K::Timeout => T::ErrTimeout,
            K::Unauthorized => T::ErrUnauthorized,
            K::NotFound => T::ErrNotFound,
            K::Rejected => T::ErrRejected,
            K::RateLimited => T::ErrRateLimited,
            K::Server => T::ErrServer,
            K::Decode => T::ErrDecode,
            K::Invalid => T::ErrInvalid,
        });
        let status = err.status.map(|s| format!(" ({s})")).unwrap_or_default();
        let message = err.message.trim();
        if message.is_empty() {
            format!("{what}{status}")
        } else {
            format!("{what}{status}: {message}")
        }
    }

    /// The translated reason `model::normalize_e164` gives.
    pub fn e164_reason(&self, reason: &str) -> &'static str {
        let key = if reason.contains('+') && reason.contains("start") {
            T::E164NoPlus
        } else if reason.contains("digits may follow") {
            T::E164Digits
        } else if reason.contains("cannot start with 0") {
            T::E164Zero
        } else {
            T::E164Length
        };
        self.t(key)
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
    fn e164_reasons_are_translated() {
        let es = I18n::new(Language::Es);
        for input in ["612345678", "+34abc", "+0612345678", "+1234567890123456"] {
            let reason = crate::model::normalize_e164(input).unwrap_err();
            let translated = es.e164_reason(reason);
            assert_ne!(translated, reason);
        }
        assert_eq!(
            es.e164_reason(crate::model::normalize_e164("612").unwrap_err()),
            es.t(T::E164NoPlus)
        );
        assert_eq!(
            es.e164_reason(crate::model::normalize_e164("+0612345678").unwrap_err()),
            es.t(T::E164Zero)
        );
    }
}
