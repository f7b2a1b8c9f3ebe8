//! One request in the form the board keeps (issue 12): the fields the board shows, searches
//! and sorts by, with text packed in one allocation, service and provider names interned
//! (shared by every row that names them), `requested_at` parsed once, and a fingerprint of
//! the content, so telling "changed" from "same" costs one integer comparison.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::model::{ServiceRequest, Status, parse_time};

/// An interned name (service, provider): one allocation shared by every row naming it.
pub type Name = Arc<str>;

/// Hands out one shared [`Name`] per distinct text.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    names: HashSet<Name>,
}

impl Interner {
    pub fn intern(&mut self, text: &str) -> Name {
        if let Some(n) = self.names.get(text) {
            return n.clone();
        }
        let n: Name = Arc::from(text);
        self.names.insert(n.clone());
        n
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// The text fields an entry keeps, in packing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    PublicId,
    ExternalId,
    AccessIdentifier,
    FirstName,
    LastName,
    FullName,
    Origin,
    Destination,
    ScheduledDate,
    RequestedAt,
    ServiceExternalId,
}

const TEXTS: usize = 11;
const ALL_TEXTS: [Text; TEXTS] = [
    Text::PublicId,
    Text::ExternalId,
    Text::AccessIdentifier,
    Text::FirstName,
    Text::LastName,
    Text::FullName,
    Text::Origin,
    Text::Destination,
    Text::ScheduledDate,
    Text::RequestedAt,
    Text::ServiceExternalId,
];

/// The free-text filter searches these.
pub(super) const SEARCHED: [Text; 8] = [
    Text::PublicId,
    Text::ExternalId,
    Text::AccessIdentifier,
    Text::FirstName,
    Text::LastName,
    Text::FullName,
    Text::Origin,
    Text::Destination,
];

fn text_of(r: &ServiceRequest, t: Text) -> Option<&str> {
    match t {
        Text::PublicId => r.public_id.as_deref(),
        Text::ExternalId => r.external_id.as_deref(),
        Text::AccessIdentifier => r.access_identifier.as_deref(),
        Text::FirstName => r.user_first_name.as_deref(),
        Text::LastName => r.user_last_name.as_deref(),
        Text::FullName => r.user_full_name.as_deref(),
        Text::Origin => r.origin_address.as_deref(),
        Text::Destination => r.destination_address.as_deref(),
        Text::ScheduledDate => r.scheduled_date.as_deref(),
        Text::RequestedAt => r.requested_at.as_deref(),
        Text::ServiceExternalId => r.service_external_id.as_deref(),
    }
}

/// Up to [`TEXTS`] optional strings in one allocation: `ends[i]` is where field `i` ends;
/// a field is absent when its bit in `present` is clear.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Packed {
    text: Box<str>,
    ends: [u32; TEXTS],
    present: u16,
}

impl Packed {
    fn new(fields: [Option<&str>; TEXTS]) -> Packed {
        let len = fields.iter().flatten().map(|s| s.len()).sum();
        let mut text = String::with_capacity(len);
        let mut ends = [0u32; TEXTS];
        let mut present = 0u16;
        for (i, f) in fields.iter().enumerate() {
            if let Some(s) = f {
                text.push_str(s);
                present |= 1 << i;
            }
            ends[i] = text.len() as u32;
        }
        Packed {
            text: text.into_boxed_str(),
            ends,
            present,
        }
    }

    fn get(&self, i: usize) -> Option<&str> {
        if self.present & (1 << i) == 0 {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Some(&self.text[start..self.ends[i] as usize])
    }

    fn fields(&self) -> [Option<&str>; TEXTS] {
        std::array::from_fn(|i| self.get(i))
    }
}

/// One request as the board keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    pub status: Status,
    /// `requested_at`, parsed once.
    pub requested: Option<DateTime<Utc>>,
    /// When it was finished: `status_history.finished`, or, for a push that moves it to
    /// finished without a history, when the board saw it happen (the wallboard counts
    /// requests finished in the last hour). Not part of the fingerprint: it follows status.
    pub finished: Option<DateTime<Utc>>,
    pub service: Option<Name>,
    pub provider: Option<Name>,
    texts: Packed,
    /// A hash of everything above but `requested` (which follows its text): equal
    /// fingerprints mean the board would show the same row.
    pub fingerprint: u64,
    /// Its answers make it urgent ([`crate::forms::urgency`]); answers never change after
    /// the create, so the fingerprint leaves it out.
    pub urgent: bool,
}

/// Whether `r`'s answers make it urgent; `None` when `r` carries no answers.
fn urgency(r: &ServiceRequest, service_external_id: Option<&str>) -> Option<bool> {
    r.answers
        .as_deref()
        .filter(|a| !a.is_empty())
        .map(|a| crate::forms::urgency::is_urgent(a, service_external_id))
}

/// The fingerprint of a request's board fields, in a fixed order; `None` fields hash apart
/// from empty ones. Urgency counts: answers edited to make a request urgent change its row.
fn fingerprint(
    status: &str,
    service: Option<&str>,
    provider: Option<&str>,
    texts: &[Option<&str>; TEXTS],
    urgent: bool,
) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    status.hash(&mut h);
    service.hash(&mut h);
    provider.hash(&mut h);
    texts.hash(&mut h);
    urgent.hash(&mut h);
    h.finish()
}

/// The fingerprint [`Entry::from_request`] would give `r`, without building the entry: the
/// feed compares it with the last one and builds entries only for what changed.
pub fn request_fingerprint(r: &ServiceRequest) -> u64 {
    print_of(r, &ALL_TEXTS.map(|t| text_of(r, t)), is_urgent(r))
}

/// [`fingerprint`] of `r` with its texts and urgency already worked out.
fn print_of(r: &ServiceRequest, texts: &[Option<&str>; TEXTS], urgent: bool) -> u64 {
    fingerprint(
        r.current_status.as_ref().map_or("", Status::as_str),
        r.service_name.as_deref(),
        r.provider_name.as_deref(),
        texts,
        urgent,
    )
}

/// Whether `r`'s answers make it urgent (no answers: not urgent).
fn is_urgent(r: &ServiceRequest) -> bool {
    urgency(r, r.service_external_id.as_deref()).unwrap_or(false)
}

impl Entry {
    /// The board's form of `r`; `None` without an id (it cannot be keyed).
    pub fn from_request(r: &ServiceRequest, names: &mut Interner) -> Option<Entry> {
        let id = r.id?;
        let texts = ALL_TEXTS.map(|t| text_of(r, t));
        // Texts and urgency once, for the entry and its fingerprint alike.
        let urgent = is_urgent(r);
        Some(Entry {
            id,
            status: r
                .current_status
                .clone()
                .unwrap_or(Status::Other(String::new())),
            requested: r.requested_at.as_deref().and_then(parse_time),
            finished: finished_at(r),
            service: r.service_name.as_deref().map(|s| names.intern(s)),
            provider: r.provider_name.as_deref().map(|s| names.intern(s)),
            fingerprint: print_of(r, &texts, urgent),
            urgent,
            texts: Packed::new(texts),
        })
    }

    /// This entry with what `r` carries laid over it: a field `r` lacks (absent or null)
    /// keeps its value, so an event with only id, status and provider blanks nothing.
    pub fn merged(&self, r: &ServiceRequest, names: &mut Interner) -> Entry {
        let old = self.texts.fields();
        let texts: [Option<&str>; TEXTS] =
            std::array::from_fn(|i| text_of(r, ALL_TEXTS[i]).or(old[i]));
        let status = r
            .current_status
            .clone()
            .unwrap_or_else(|| self.status.clone());
        let finished = match finished_at(r) {
            Some(at) => Some(at),
            None if status == Status::Finished && self.status != Status::Finished => {
                Some(Utc::now())
            }
            None if status == Status::Finished => self.finished,
            None => None,
        };
        let service = match r.service_name.as_deref() {
            Some(s) => Some(names.intern(s)),
            None => self.service.clone(),
        };
        let provider = match r.provider_name.as_deref() {
            Some(s) => Some(names.intern(s)),
            None => self.provider.clone(),
        };
        let urgent = urgency(r, texts[Text::ServiceExternalId as usize]).unwrap_or(self.urgent);
        Entry {
            id: self.id,
            urgent,
            fingerprint: fingerprint(
                status.as_str(),
                service.as_deref(),
                provider.as_deref(),
                &texts,
                urgent,
            ),
            requested: texts[Text::RequestedAt as usize].and_then(parse_time),
            finished,
            status,
            service,
            provider,
            texts: Packed::new(texts),
        }
    }

    pub fn text(&self, t: Text) -> Option<&str> {
        self.texts.get(t as usize)
    }

    pub fn status_ref(&self) -> &Status {
        &self.status
    }

    pub fn service_name(&self) -> Option<&str> {
        self.service.as_deref()
    }

    pub fn provider_name(&self) -> Option<&str> {
        self.provider.as_deref()
    }

    /// The customer's name: first + last, or the deprecated full name.
    pub fn customer(&self) -> Option<std::borrow::Cow<'_, str>> {
        let first = self.text(Text::FirstName).filter(|s| !s.is_empty());
        let last = self.text(Text::LastName).filter(|s| !s.is_empty());
        match (first, last) {
            (Some(f), Some(l)) => Some(format!("{f} {l}").into()),
            (Some(one), None) | (None, Some(one)) => Some(one.into()),
            (None, None) => self
                .text(Text::FullName)
                .filter(|s| !s.is_empty())
                .map(Into::into),
        }
    }

    /// What the board knows as a request (the detail shows it until the server's full
    /// version arrives).
    pub fn to_request(&self) -> ServiceRequest {
        let t = |x| self.text(x).map(str::to_owned);
        ServiceRequest {
            id: Some(self.id),
            current_status: Some(self.status.clone()),
            service_name: self.service.as_deref().map(str::to_owned),
            provider_name: self.provider.as_deref().map(str::to_owned),
            public_id: t(Text::PublicId),
            external_id: t(Text::ExternalId),
            access_identifier: t(Text::AccessIdentifier),
            user_first_name: t(Text::FirstName),
            user_last_name: t(Text::LastName),
            user_full_name: t(Text::FullName),
            origin_address: t(Text::Origin),
            destination_address: t(Text::Destination),
            scheduled_date: t(Text::ScheduledDate),
            requested_at: t(Text::RequestedAt),
            service_external_id: t(Text::ServiceExternalId),
            // Only the finish time: what the relay must carry for the wallboard.
            status_history: self.finished.map(|at| {
                let mut history = crate::model::JsonObject::new();
                history.insert(
                    Status::Finished.as_str().to_owned(),
                    serde_json::Value::String(at.to_rfc3339()),
                );
                history
            }),
            ..Default::default()
        }
    }

    /// This entry marked urgent or not: what the relay says of it, the answers having
    /// stayed behind.
    pub fn with_urgent(mut self, urgent: bool) -> Entry {
        let print = fingerprint(
            self.status.as_str(),
            self.service.as_deref(),
            self.provider.as_deref(),
            &self.texts.fields(),
            urgent,
        );
        self.fingerprint = print;
        self.urgent = urgent;
        self
    }

    /// Bytes this entry owns on the heap besides its own size (names are shared).
    pub fn heap_bytes(&self) -> usize {
        self.texts.text.len()
    }
}

/// `status_history.finished` of a finished request.
fn finished_at(r: &ServiceRequest) -> Option<DateTime<Utc>> {
    if r.current_status != Some(Status::Finished) {
        return None;
    }
    r.status_history
        .as_ref()?
        .get(Status::Finished.as_str())?
        .as_str()
        .and_then(parse_time)
}

/// The API fields a board row keeps ([`Entry::to_request`] fills these and no others): a
/// copy taken from a row is compared with the server's on these alone
/// ([`crate::model::changes::Seen::Only`]).
pub const ROW_FIELDS: &[&str] = &[
    "id",
    "current_status",
    "service_name",
    "provider_name",
    "public_id",
    "external_id",
    "access_identifier",
    "user_first_name",
    "user_last_name",
    "user_full_name",
    "origin_address",
    "destination_address",
    "scheduled_date",
    "requested_at",
    "service_external_id",
];

/// Lays what the board knows of a request (`known`, from [`Entry::to_request`]) over a
/// fuller copy of it: the board's fields that `known` has win, everything else stays.
pub fn lay_over(full: &mut ServiceRequest, known: ServiceRequest) {
    fn put(slot: &mut Option<String>, v: Option<String>) {
        if v.is_some() {
            *slot = v;
        }
    }
    if known.current_status.is_some() {
        full.current_status = known.current_status;
    }
    put(&mut full.service_name, known.service_name);
    put(&mut full.provider_name, known.provider_name);
    put(&mut full.public_id, known.public_id);
    put(&mut full.external_id, known.external_id);
    put(&mut full.access_identifier, known.access_identifier);
    put(&mut full.user_first_name, known.user_first_name);
    put(&mut full.user_last_name, known.user_last_name);
    put(&mut full.user_full_name, known.user_full_name);
    put(&mut full.origin_address, known.origin_address);
    put(&mut full.destination_address, known.destination_address);
    put(&mut full.scheduled_date, known.scheduled_date);
    put(&mut full.requested_at, known.requested_at);
    put(&mut full.service_external_id, known.service_external_id);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> ServiceRequest {
        // The seed's webhook example payload, plus the fields a board row shows.
        serde_json::from_str(
            r#"{"id": 95, "service_id": 2862459925, "contract_id": 270,
                "external_id": "8970266001", "public_id": "00043-00095-8970266001",
                "plan_code": "h9qiujmt12", "current_status": "pending",
                "access_identifier": "123456789", "access_identifier_kind": "national_id",
                "user_first_name": "Lucía", "user_last_name": "García Pérez",
                "service_name": "Grúa", "requested_at": "2024-12-31T12:00:00.000Z",
                "origin_address": "Calle Mayor 1, Madrid", "brand_new": {"x": 1}}"#,
        )
        .unwrap()
    }

    #[test]
    fn an_entry_keeps_what_the_board_shows() {
        let mut names = Interner::default();
        let e = Entry::from_request(&full(), &mut names).unwrap();
        assert_eq!(e.id, 95);
        assert_eq!(e.text(Text::PublicId), Some("00043-00095-8970266001"));
        assert_eq!(e.text(Text::Destination), None);
        assert_eq!(e.customer().as_deref(), Some("Lucía García Pérez"));
        assert_eq!(e.service_name(), Some("Grúa"));
        assert_eq!(
            e.requested.unwrap().to_rfc3339(),
            "2024-12-31T12:00:00+00:00"
        );
        assert_eq!(e.fingerprint, request_fingerprint(&full()));
        assert_eq!(
            Entry::from_request(&e.to_request(), &mut names).unwrap(),
            e,
            "what the board knows converts back without loss"
        );
        // The name is shared, not copied.
        let again = Entry::from_request(&full(), &mut names).unwrap();
        assert!(Arc::ptr_eq(
            e.service.as_ref().unwrap(),
            again.service.as_ref().unwrap()
        ));
    }

    #[test]
    fn a_partial_event_merges_without_blanking() {
        let mut names = Interner::default();
        let e = Entry::from_request(&full(), &mut names).unwrap();
        let partial: ServiceRequest = serde_json::from_str(
            r#"{"id": 95, "current_status": "assigned", "provider_name": "Grúas del Sur",
                "user_first_name": null}"#,
        )
        .unwrap();
        let m = e.merged(&partial, &mut names);
        assert_eq!(m.status, Status::Assigned);
        assert_eq!(m.provider_name(), Some("Grúas del Sur"));
        assert_eq!(m.customer().as_deref(), Some("Lucía García Pérez"));
        assert_eq!(m.text(Text::Origin), Some("Calle Mayor 1, Madrid"));
        assert_eq!(m.requested, e.requested);
        assert_ne!(m.fingerprint, e.fingerprint);
        // The merged fingerprint equals the one of the full new version from a poll.
        let mut polled = full();
        polled.current_status = Some(Status::Assigned);
        polled.provider_name = Some("Grúas del Sur".into());
        assert_eq!(m.fingerprint, request_fingerprint(&polled));
        // Merging the same thing again changes nothing.
        assert_eq!(m.merged(&partial, &mut names), m);
    }

    #[test]
    fn urgency_comes_from_the_answers_and_an_event_without_them_keeps_it() {
        let mut names = Interner::default();
        let mut urgent = full();
        urgent.answers =
            Some(serde_json::from_str(r#"[{"question_key": "urgent", "value": true}]"#).unwrap());
        let e = Entry::from_request(&urgent, &mut names).unwrap();
        assert!(e.urgent, "the default set's rule: `urgent` answered yes");
        assert!(!Entry::from_request(&full(), &mut names).unwrap().urgent);
        let partial: ServiceRequest =
            serde_json::from_str(r#"{"id": 95, "current_status": "assigned"}"#).unwrap();
        assert!(e.merged(&partial, &mut names).urgent);
    }

    #[test]
    fn the_finish_time_is_read_from_a_history_shaped_like_the_seeds() {
        let mut names = Interner::default();
        let mut with = |status: &str, finished: &str| {
            let r: ServiceRequest = serde_json::from_str(&format!(
                r#"{{"id": 95, "current_status": "{status}",
                    "status_history": {{"pending": "2024-12-31T12:00:00.000Z",
                                        "finished": {finished}, "on_hold": null}}}}"#
            ))
            .unwrap();
            Entry::from_request(&r, &mut names).unwrap().finished
        };
        // Milliseconds and `Z` as in the seed; an offset too.
        assert_eq!(
            with("finished", r#""2025-01-01T12:00:00.000Z""#).map(|t| t.to_rfc3339()),
            Some("2025-01-01T12:00:00+00:00".to_owned())
        );
        assert_eq!(
            with("finished", r#""2025-01-01T13:00:00+01:00""#).map(|t| t.to_rfc3339()),
            Some("2025-01-01T12:00:00+00:00".to_owned())
        );
        // Null, unreadable, or a request that is not finished: no finish time.
        assert_eq!(with("finished", "null"), None);
        assert_eq!(with("finished", r#""ayer""#), None);
        assert_eq!(with("in_progress", r#""2025-01-01T12:00:00.000Z""#), None);
    }
}
