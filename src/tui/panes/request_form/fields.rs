//! The form's data: the fixed fields a create (or an update) may send, the service's
//! questions, their raw texts as typed, validation of each, and the bodies built from them.
//! No drawing and no keys here.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::forms::{self, Answers, FieldError, FormCatalog, Question, QuestionSet, QuestionType};
use crate::model::{
    Contract, LimitGroup, PhoneRegion, Service, ServiceRequest, ServiceRequestCreate,
    ServiceRequestUpdate, Status, normalize_phone,
};
use crate::tui::i18n::{I18n, T};

use super::fixed::CREATE_SECTIONS;
pub use super::fixed::Fixed;
use Fixed as F;

/// One input of the form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldId {
    Fixed(Fixed),
    /// A question of the service's set, by key.
    Question(String),
}

/// A line of the form: a section heading or a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Section(T),
    Field(FieldId),
}

/// How a field is edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    Text,
    /// Yes / no (Space).
    Toggle,
    /// One of these `(value, label)`s (←/→, or Enter for the list).
    Select(Vec<(String, String)>),
}

/// Why a field's text cannot be sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Field(FieldError),
    NeedContract,
    NeedService,
    NotInteger,
    BadTimestamp,
    PairIncomplete,
}

impl Problem {
    pub fn message(&self, i: &I18n) -> String {
        match self {
            Problem::Field(e) => i.field_error(e),
            Problem::NeedContract => i.t(T::FpNeedContract).into(),
            Problem::NeedService => i.t(T::FpNeedService).into(),
            Problem::NotInteger => i.t(T::FpNotInteger).into(),
            Problem::BadTimestamp => i.t(T::FpBadTimestamp).into(),
            Problem::PairIncomplete => i.t(T::FpPairIncomplete).into(),
        }
    }
}

/// Create a request, or edit an existing one (only what an update may change).
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Create,
    Edit(Box<ServiceRequest>),
}

/// What the form is about, when known: the contract and service it was opened from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    pub contract: Option<Contract>,
    pub service: Option<Service>,
}

/// The form's content: raw texts by field, as typed. Everything else derives from it.
#[derive(Debug, Clone, PartialEq)]
pub struct FormData {
    pub mode: Mode,
    pub context: Context,
    /// Fixed fields by API name.
    pub values: BTreeMap<String, String>,
    /// Fixed fields as the server (or the contract) gave them when the form opened. While a
    /// field still holds this text it is not the agent's input: it is shown, perhaps with a
    /// soft warning, but never refuses a submit, and an edit does not send it.
    pub loaded: BTreeMap<String, String>,
    /// Question answers by key.
    pub answers: Answers,
    /// Fields the agent has left at least once: their "required" errors show.
    pub visited: BTreeSet<String>,
    /// Set by a submit attempt: every error shows.
    pub show_all: bool,
}

/// Defaults a new create carries.
#[derive(Debug, Clone, Default)]
pub struct Prefill {
    pub source: Option<String>,
    pub contact_center_phone: Option<String>,
    pub now: chrono::DateTime<chrono::Utc>,
}

impl FormData {
    /// A create for `context`, prefilled from what is known.
    pub fn create(context: Context, prefill: &Prefill) -> Self {
        let mut values = BTreeMap::new();
        let mut put = |f: Fixed, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.trim().is_empty()) {
                values.insert(f.key().to_owned(), v);
            }
        };
        if let Some(c) = &context.contract {
            put(F::ContractId, c.id.map(|i| i.to_string()));
            put(F::AccessIdentifier, c.access_identifier.clone());
            put(F::UserPhone, c.mobile_phone_number.clone());
        }
        if let Some(s) = &context.service {
            put(F::ServiceId, s.id.map(|i| i.to_string()));
            put(F::ServiceExternalId, s.external_id.clone());
            put(F::ServiceName, s.name.clone());
        }
        put(
            F::RequestedAt,
            Some(
                prefill
                    .now
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ),
        );
        put(F::Source, prefill.source.clone());
        put(F::ContactCenterPhone, prefill.contact_center_phone.clone());
        // What the contract gave is the server's, not the agent's.
        let loaded = values
            .iter()
            .filter(|(k, _)| {
                [F::ContractId, F::AccessIdentifier, F::UserPhone]
                    .iter()
                    .any(|f| f.key() == k.as_str())
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        FormData {
            mode: Mode::Create,
            context,
            values,
            loaded,
            answers: Answers::new(),
            visited: BTreeSet::new(),
            show_all: false,
        }
    }

    /// An edit of `request`: its updatable fields, as they are now.
    pub fn edit(request: ServiceRequest) -> Self {
        let json = serde_json::to_value(&request).unwrap_or(Value::Null);
        let mut values = BTreeMap::new();
        for f in Fixed::ALL.into_iter().filter(|f| f.updatable()) {
            let text = match json.get(f.key()) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => continue,
                Some(other) => other.to_string(),
            };
            values.insert(f.key().to_owned(), text);
        }
        FormData {
            mode: Mode::Edit(Box::new(request)),
            context: Context::default(),
            loaded: values.clone(),
            values,
            answers: Answers::new(),
            visited: BTreeSet::new(),
            show_all: false,
        }
    }

    pub fn is_edit(&self) -> bool {
        matches!(self.mode, Mode::Edit(_))
    }

    /// The question set of the service named by the form's service external id (live: it
    /// follows what is typed), or the default set.
    pub fn question_set<'a>(&self, catalog: &'a FormCatalog) -> &'a QuestionSet {
        let ext = self.value(F::ServiceExternalId);
        catalog.for_service((!ext.is_empty()).then_some(ext))
    }

    /// The form's lines, in order: sections and the fields currently shown (questions
    /// whose condition does not hold are left out).
    pub fn items(&self, catalog: &FormCatalog) -> Vec<Item> {
        let mut out = Vec::new();
        if self.is_edit() {
            out.push(Item::Section(T::FormSecEdit));
            for f in Fixed::ALL.into_iter().filter(|f| f.updatable()) {
                out.push(Item::Field(FieldId::Fixed(f)));
            }
            return out;
        }
        let set = self.question_set(catalog);
        let visible = set.visible(&self.answers);
        if !visible.is_empty() {
            out.push(Item::Section(T::FormSecQuestions));
            out.extend(
                visible
                    .into_iter()
                    .map(|q| Item::Field(FieldId::Question(q.key.clone()))),
            );
        }
        for (section, fields) in CREATE_SECTIONS {
            out.push(Item::Section(*section));
            out.extend(fields.iter().map(|f| Item::Field(FieldId::Fixed(*f))));
        }
        out
    }

    /// True when `id` is one of a create's internal fields (the "advanced" section).
    pub fn is_advanced(&self, id: &FieldId) -> bool {
        !self.is_edit() && matches!(id, FieldId::Fixed(f) if f.is_advanced())
    }

    /// The lines on screen: [`items`](Self::items) without the advanced section's fields
    /// while it is collapsed (its heading stays).
    pub fn shown_items(&self, catalog: &FormCatalog, advanced_open: bool) -> Vec<Item> {
        self.items(catalog)
            .into_iter()
            .filter(|i| match i {
                Item::Field(id) => advanced_open || !self.is_advanced(id),
                Item::Section(_) => true,
            })
            .collect()
    }

    /// The fields on screen, in order (what Tab walks through).
    pub fn shown_fields(&self, catalog: &FormCatalog, advanced_open: bool) -> Vec<FieldId> {
        self.shown_items(catalog, advanced_open)
            .into_iter()
            .filter_map(|i| match i {
                Item::Field(f) => Some(f),
                Item::Section(_) => None,
            })
            .collect()
    }

    /// Every field of the form, in order, the collapsed ones included (what is validated
    /// and sent).
    pub fn fields(&self, catalog: &FormCatalog) -> Vec<FieldId> {
        self.items(catalog)
            .into_iter()
            .filter_map(|i| match i {
                Item::Field(f) => Some(f),
                Item::Section(_) => None,
            })
            .collect()
    }

    pub fn value(&self, f: Fixed) -> &str {
        self.values.get(f.key()).map_or("", String::as_str)
    }

    pub fn raw(&self, id: &FieldId) -> &str {
        match id {
            FieldId::Fixed(f) => self.value(*f),
            FieldId::Question(k) => self.answers.get(k).map_or("", String::as_str),
        }
    }

    pub fn set_raw(&mut self, id: &FieldId, text: String) {
        let map = match id {
            FieldId::Fixed(f) => self.values.entry(f.key().to_owned()),
            FieldId::Question(k) => self.answers.entry(k.clone()),
        };
        *map.or_default() = text;
    }

    pub fn key_of(id: &FieldId) -> String {
        match id {
            FieldId::Fixed(f) => f.key().to_owned(),
            FieldId::Question(k) => format!("q:{k}"),
        }
    }

    pub fn question<'a>(&self, catalog: &'a FormCatalog, key: &str) -> Option<&'a Question> {
        self.question_set(catalog).question(key)
    }

    pub fn input_kind(&self, catalog: &FormCatalog, id: &FieldId, i: &I18n) -> InputKind {
        match id {
            // The status in words ("En curso"), sent as its code.
            FieldId::Fixed(F::CurrentStatus) => InputKind::Select(
                Status::KNOWN
                    .iter()
                    .map(|s| {
                        let label = crate::tui::panes::board::status_label(i, s);
                        (s.as_str().to_owned(), label.to_owned())
                    })
                    .collect(),
            ),
            FieldId::Fixed(_) => InputKind::Text,
            FieldId::Question(k) => match self.question(catalog, k) {
                Some(q) if q.kind == QuestionType::Boolean => InputKind::Toggle,
                Some(q) if q.kind == QuestionType::Select => InputKind::Select(
                    q.options
                        .iter()
                        .map(|o| (o.value.clone(), o.label.get(i.lang).to_owned()))
                        .collect(),
                ),
                _ => InputKind::Text,
            },
        }
    }

    pub fn is_required(&self, catalog: &FormCatalog, id: &FieldId) -> bool {
        match id {
            FieldId::Question(k) => self.question(catalog, k).is_some_and(|q| q.required),
            FieldId::Fixed(F::ContractId | F::ServiceId) => !self.is_edit(),
            FieldId::Fixed(f @ (F::OriginAddress | F::DestinationAddress)) => {
                !self.is_edit()
                    && self
                        .question_set(catalog)
                        .requires_field(f.key(), &self.answers)
            }
            FieldId::Fixed(_) => false,
        }
    }

    /// The service's questions that start from the contract (`prefill`), answered from it
    /// where still unanswered.
    pub fn prefill_answers(&mut self, catalog: &FormCatalog) {
        let Some(contract) = &self.context.contract else {
            return;
        };
        let json = serde_json::to_value(contract).unwrap_or(Value::Null);
        for (key, value) in self.question_set(catalog).prefilled(&json) {
            self.answers.entry(key).or_insert(value);
        }
    }

    /// True when a fixed field still holds the text the server gave it.
    pub fn is_untouched(&self, id: &FieldId) -> bool {
        let FieldId::Fixed(f) = id else {
            return false;
        };
        self.loaded
            .get(f.key())
            .is_some_and(|v| !v.trim().is_empty() && v.trim() == self.value(*f).trim())
    }

    /// True when an edit empties a field the server had a value for: it is sent as `null`.
    pub fn is_cleared(&self, id: &FieldId) -> bool {
        let FieldId::Fixed(f) = id else {
            return false;
        };
        self.is_edit()
            && self.value(*f).trim().is_empty()
            && self
                .loaded
                .get(f.key())
                .is_some_and(|v| !v.trim().is_empty())
    }

    /// The check of one field, given the others (pairs, date ranges). A value the server
    /// sent and the agent left alone passes: see [`FormData::soft_warning`].
    pub fn validate(&self, catalog: &FormCatalog, id: &FieldId) -> Result<(), Problem> {
        if self.is_untouched(id) {
            return Ok(());
        }
        self.check(catalog, id)
    }

    /// What the strict check says of a server value the agent left alone: shown as a
    /// warning, never a reason to refuse.
    pub fn soft_warning(&self, catalog: &FormCatalog, id: &FieldId) -> Option<Problem> {
        if self.is_untouched(id) {
            self.check(catalog, id).err()
        } else {
            None
        }
    }

    /// The strict check of a field's text, whoever wrote it.
    fn check(&self, catalog: &FormCatalog, id: &FieldId) -> Result<(), Problem> {
        let f = match id {
            FieldId::Question(k) => {
                return match self.question(catalog, k) {
                    Some(q) => q.validate(self.raw(id)).map(drop).map_err(Problem::Field),
                    None => Ok(()),
                };
            }
            FieldId::Fixed(f) => *f,
        };
        let t = self.value(f).trim();
        let empty = t.is_empty();
        let integer = |t: &str| t.parse::<i64>().map(drop).map_err(|_| Problem::NotInteger);
        let partner = |other: Fixed| {
            if empty && !self.value(other).trim().is_empty() {
                Err(Problem::PairIncomplete)
            } else {
                Ok(())
            }
        };
        match f {
            F::ContractId if empty => {
                let stand_in = !self.value(F::AccessIdentifier).trim().is_empty()
                    || !self.value(F::DocumentIdentifier).trim().is_empty();
                if stand_in || self.is_edit() {
                    Ok(())
                } else {
                    Err(Problem::NeedContract)
                }
            }
            F::ContractId => integer(t),
            F::ServiceId if empty => {
                if self.value(F::ServiceExternalId).trim().is_empty() && !self.is_edit() {
                    Err(Problem::NeedService)
                } else {
                    Ok(())
                }
            }
            F::ServiceId => integer(t),
            // The service's question set needs it (an urgent leak needs its address).
            F::OriginAddress | F::DestinationAddress if empty && self.is_required(catalog, id) => {
                Err(Problem::Field(FieldError::Required))
            }
            F::OriginLatitude if empty => partner(F::OriginLongitude),
            F::OriginLongitude if empty => partner(F::OriginLatitude),
            F::DestinationLatitude if empty => partner(F::DestinationLongitude),
            F::DestinationLongitude if empty => partner(F::DestinationLatitude),
            _ if empty => Ok(()),
            F::OriginLatitude | F::DestinationLatitude => forms::validate_latitude(t)
                .map(drop)
                .map_err(Problem::Field),
            F::OriginLongitude | F::DestinationLongitude => forms::validate_longitude(t)
                .map(drop)
                .map_err(Problem::Field),
            F::ScheduledDate => forms::validate_date_field(t)
                .map(drop)
                .map_err(Problem::Field),
            F::ScheduledEndDate => {
                forms::validate_date_field(t).map_err(Problem::Field)?;
                let start = self.value(F::ScheduledDate);
                if forms::parse_typed_date(start).is_ok() {
                    forms::validate_date_range(start, t).map_err(Problem::Field)?;
                }
                Ok(())
            }
            F::ScheduledTime => forms::validate_time_field(t)
                .map(drop)
                .map_err(Problem::Field),
            F::RequestedAt => crate::model::parse_time(t)
                .map(drop)
                .ok_or(Problem::BadTimestamp),
            f if f.is_phone() => normalize_phone(t, PhoneRegion::configured())
                .map(drop)
                .map_err(|r| Problem::Field(FieldError::BadPhone(r))),
            _ => Ok(()),
        }
    }

    /// Every problem of the fields shown, in order.
    pub fn problems(&self, catalog: &FormCatalog) -> Vec<(FieldId, Problem)> {
        self.fields(catalog)
            .into_iter()
            .filter_map(|id| self.validate(catalog, &id).err().map(|p| (id, p)))
            .collect()
    }

    /// Whether a field's problem is worth showing yet: it holds text, or the agent has
    /// left it, or tried to send.
    pub fn shows_problem(&self, id: &FieldId) -> bool {
        self.show_all || !self.raw(id).trim().is_empty() || self.visited.contains(&Self::key_of(id))
    }

    /// A fixed field's value as sent: trimmed, phones in E.164, times as `HH:MM:SS`,
    /// coordinates as typed with a decimal point; `None` when empty. A server value the
    /// agent left alone goes back exactly as it came.
    fn send_value(&self, f: Fixed) -> Option<String> {
        let t = self.value(f).trim();
        if t.is_empty() {
            return None;
        }
        if self.is_untouched(&FieldId::Fixed(f)) {
            return Some(t.to_owned());
        }
        Some(match f {
            f if f.is_phone() => {
                normalize_phone(t, PhoneRegion::configured()).unwrap_or_else(|_| t.to_owned())
            }
            F::ScheduledTime => forms::validate_time_field(t).unwrap_or_else(|_| t.to_owned()),
            // Typed as dd/mm/aaaa or ISO, sent as ISO.
            F::ScheduledDate | F::ScheduledEndDate => {
                forms::validate_date_field(t).unwrap_or_else(|_| t.to_owned())
            }
            F::OriginLatitude | F::DestinationLatitude => {
                forms::validate_latitude(t).unwrap_or_else(|_| t.to_owned())
            }
            F::OriginLongitude | F::DestinationLongitude => {
                forms::validate_longitude(t).unwrap_or_else(|_| t.to_owned())
            }
            _ => t.to_owned(),
        })
    }

    /// The create body: every filled field, and the answers of the questions shown.
    pub fn create_body(&self, catalog: &FormCatalog) -> ServiceRequestCreate {
        let mut body = ServiceRequestCreate::default();
        // A new request is pending: a status left in an old draft is not sent.
        for f in Fixed::ALL.into_iter().filter(|f| *f != F::CurrentStatus) {
            // Values were validated first; a failing integer simply stays unset.
            let _ = body.set(f.key(), self.send_value(f));
        }
        let set = self.question_set(catalog);
        // Answers typed for another service's questions are not sent.
        let answers: Answers = self
            .answers
            .iter()
            .filter(|(k, _)| set.question(k).is_some())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let inputs = set.to_answer_inputs(&answers);
        if !inputs.is_empty() {
            body.answers = Some(inputs);
        }
        body
    }

    /// The update body: only fields an update may carry, and only those the agent
    /// changed; a field the agent emptied is sent as `null`.
    pub fn update_body(&self) -> Option<(i64, ServiceRequestUpdate)> {
        let Mode::Edit(original) = &self.mode else {
            return None;
        };
        let mut wanted = ServiceRequestUpdate::default();
        for f in Fixed::ALL.into_iter().filter(|f| f.updatable()) {
            let id = FieldId::Fixed(f);
            if self.is_untouched(&id) {
                continue;
            }
            if self.is_cleared(&id) {
                let _ = wanted.clear(f.key());
            } else {
                let _ = wanted.set(f.key(), self.send_value(f));
            }
        }
        Some((original.id?, wanted.changes_from(original)))
    }

    /// The limit groups blocking the service the form is for (empty when not blocked or
    /// when the limits are unknown).
    pub fn blocking_groups(&self) -> Vec<LimitGroup> {
        let Some(service) = &self.context.service else {
            return Vec::new();
        };
        // Only while the form is still about that service.
        let same = service.id.map(|i| i.to_string()).as_deref()
            == Some(self.value(F::ServiceId).trim())
            || service.external_id.as_deref() == Some(self.value(F::ServiceExternalId).trim());
        match &service.limits {
            Some(l) if same && l.is_blocked() => l.blocking().map(|(g, _)| g).collect(),
            _ => Vec::new(),
        }
    }

    pub fn is_blocked(&self) -> bool {
        let Some(service) = &self.context.service else {
            return false;
        };
        !self.blocking_groups().is_empty() || (service.is_blocked() && !self.is_edit())
    }

    /// The draft as JSON (everything needed to rebuild the form).
    pub fn to_json(&self) -> Value {
        let original = match &self.mode {
            Mode::Edit(r) => serde_json::to_value(r).unwrap_or(Value::Null),
            Mode::Create => Value::Null,
        };
        json!({
            "mode": if self.is_edit() { "edit" } else { "create" },
            "original": original,
            "contract": self.context.contract,
            "service": self.context.service,
            "values": self.values,
            "loaded": self.loaded,
            "answers": self.answers,
            "visited": self.visited,
        })
    }

    /// A form from its draft; `None` when the JSON is not one.
    pub fn from_json(v: &Value) -> Option<FormData> {
        let mode = match v.get("mode")?.as_str()? {
            "edit" => Mode::Edit(Box::new(
                serde_json::from_value(v.get("original")?.clone()).ok()?,
            )),
            _ => Mode::Create,
        };
        let lenient = |key: &str| v.get(key).cloned().unwrap_or(Value::Null);
        let loaded = match (&mode, v.get("loaded")) {
            (_, Some(l)) => serde_json::from_value(l.clone()).unwrap_or_default(),
            // A draft from before `loaded` was kept: the original is what the server sent.
            (Mode::Edit(r), None) => FormData::edit((**r).clone()).loaded,
            (Mode::Create, None) => BTreeMap::new(),
        };
        Some(FormData {
            mode,
            context: Context {
                contract: serde_json::from_value(lenient("contract")).ok().flatten(),
                service: serde_json::from_value(lenient("service")).ok().flatten(),
            },
            values: serde_json::from_value(lenient("values")).unwrap_or_default(),
            loaded,
            answers: serde_json::from_value(lenient("answers")).unwrap_or_default(),
            visited: serde_json::from_value(lenient("visited")).unwrap_or_default(),
            show_all: false,
        })
    }

    /// One line naming the draft in lists: who and which service.
    pub fn summary(&self) -> String {
        if let Mode::Edit(r) = &self.mode {
            return format!(
                "#{} {}",
                r.id.unwrap_or_default(),
                crate::model::or_dash(r.service_name.as_deref())
            );
        }
        let who = self
            .context
            .contract
            .as_ref()
            .map(Contract::full_name)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| {
                let id = self.value(F::ContractId);
                let access = self.value(F::AccessIdentifier);
                if access.is_empty() {
                    id.to_owned()
                } else {
                    access.to_owned()
                }
            });
        let service = [F::ServiceName, F::ServiceExternalId, F::ServiceId]
            .iter()
            .map(|f| self.value(*f))
            .find(|v| !v.is_empty())
            .unwrap_or("");
        format!(
            "{} · {}",
            crate::model::or_dash(Some(&who).filter(|w| !w.is_empty()).map(|s| s.as_str())),
            crate::model::or_dash(Some(service).filter(|s| !s.is_empty()))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> FormCatalog {
        FormCatalog::load(None).unwrap()
    }

    fn form() -> FormData {
        let mut f = FormData::create(Context::default(), &Prefill::default());
        f.values.insert("contract_id".into(), "12".into());
        f.values.insert("service_external_id".into(), "TOW".into());
        f
    }

    #[test]
    fn contract_and_service_have_stand_ins() {
        let c = catalog();
        let mut f = FormData::create(Context::default(), &Prefill::default());
        assert_eq!(
            f.validate(&c, &FieldId::Fixed(F::ContractId)),
            Err(Problem::NeedContract)
        );
        f.values
            .insert("access_identifier".into(), "DEMO-0001".into());
        assert_eq!(f.validate(&c, &FieldId::Fixed(F::ContractId)), Ok(()));
        assert_eq!(
            f.validate(&c, &FieldId::Fixed(F::ServiceId)),
            Err(Problem::NeedService)
        );
        f.values.insert("service_id".into(), "x1".into());
        assert_eq!(
            f.validate(&c, &FieldId::Fixed(F::ServiceId)),
            Err(Problem::NotInteger)
        );
    }

    #[test]
    fn coordinates_come_in_pairs_and_keep_their_text() {
        let c = catalog();
        let mut f = form();
        f.values
            .insert("origin_latitude".into(), "40,4167751234".into());
        assert_eq!(
            f.validate(&c, &FieldId::Fixed(F::OriginLongitude)),
            Err(Problem::PairIncomplete)
        );
        f.values
            .insert("origin_longitude".into(), "-3.70379".into());
        assert!(
            f.problems(&c).iter().all(|(id, _)| !matches!(
                id,
                FieldId::Fixed(F::OriginLatitude | F::OriginLongitude)
            ))
        );
        let body = f.create_body(&c);
        assert_eq!(body.origin_latitude.as_deref(), Some("40.4167751234"));
        f.values.insert("origin_latitude".into(), "91".into());
        assert_eq!(
            f.validate(&c, &FieldId::Fixed(F::OriginLatitude)),
            Err(Problem::Field(FieldError::BadLatitude))
        );
    }

    #[test]
    fn end_date_not_before_start_and_time_strict() {
        let c = catalog();
        let mut f = form();
        f.values
            .insert("scheduled_date".into(), "2026-07-02".into());
        f.values
            .insert("scheduled_end_date".into(), "2026-07-01".into());
        assert_eq!(
            f.validate(&c, &FieldId::Fixed(F::ScheduledEndDate)),
            Err(Problem::Field(FieldError::EndBeforeStart))
        );
        f.values.insert("scheduled_time".into(), "9:30".into());
        assert_eq!(
            f.validate(&c, &FieldId::Fixed(F::ScheduledTime)),
            Err(Problem::Field(FieldError::BadTime))
        );
        f.values.insert("requested_at".into(), "yesterday".into());
        assert_eq!(
            f.validate(&c, &FieldId::Fixed(F::RequestedAt)),
            Err(Problem::BadTimestamp)
        );
    }

    #[test]
    fn draft_json_round_trips() {
        let mut f = form();
        f.answers.insert("vehicle_plate".into(), "1234 BCD".into());
        f.visited.insert("contract_id".into());
        let back = FormData::from_json(&f.to_json()).unwrap();
        assert_eq!(back, f);
        let mut edit = FormData::edit(ServiceRequest {
            id: Some(7),
            provider_name: Some("Grúas".into()),
            ..Default::default()
        });
        edit.values.insert("technician_name".into(), "Luis".into());
        assert_eq!(FormData::from_json(&edit.to_json()).unwrap(), edit);
    }

    #[test]
    fn update_body_sends_only_changed_allowed_fields() {
        let original = ServiceRequest {
            id: Some(9),
            provider_name: Some("Grúas".into()),
            service_id: Some(3),
            ..Default::default()
        };
        let mut f = FormData::edit(original);
        assert!(!f.values.contains_key("service_id"));
        f.values.insert("technician_name".into(), "Luis".into());
        let (id, body) = f.update_body().unwrap();
        assert_eq!(id, 9);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"technician_name": "Luis"})
        );
    }
}
