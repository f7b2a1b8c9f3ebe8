//! Admin API points: one-off transactions (processed asynchronously) and recurrent rules.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use serde_json::{Map, Value, json};

use crate::model::{PointTransaction, RecurrentPointTransaction};
use crate::points::{Period, issue_times};
use crate::sandbox::router::{
    ApiError, ApiResult, JsonBody, Shared, envelope, field_errors, not_found, ok, path_id,
};
use crate::sandbox::store::{PointRec, RecurrentRec, iso, iso_date, parse_date};

/// How long a transaction stays `pending` before the worker processes it.
pub const PROCESSING_DELAY: Duration = Duration::from_millis(1200);

struct Checker {
    errors: Vec<(String, String)>,
}

impl Checker {
    fn err(&mut self, f: &str, m: &str) {
        self.errors.push((f.into(), m.into()));
    }

    fn text(&mut self, m: &Map<String, Value>, f: &str, required: bool) -> Option<String> {
        match m.get(f) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Some(Value::Number(n)) if f == "access_identifier" => Some(n.to_string()),
            None | Some(Value::Null) => {
                if required {
                    self.err(f, "can't be blank");
                }
                None
            }
            Some(Value::String(_)) => {
                if required {
                    self.err(f, "can't be blank");
                }
                None
            }
            Some(_) => {
                self.err(f, "must be a string");
                None
            }
        }
    }

    fn transaction_type(&mut self, m: &Map<String, Value>) -> Option<String> {
        let t = self.text(m, "transaction_type", true)?;
        if t == "add" || t == "spend" {
            Some(t)
        } else {
            self.err("transaction_type", "must be add or spend");
            None
        }
    }

    fn points(&mut self, m: &Map<String, Value>) -> Option<f64> {
        let p = match m.get("points") {
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            None | Some(Value::Null) => {
                self.err("points", "can't be blank");
                return None;
            }
            _ => None,
        };
        match p {
            Some(p) if p.is_finite() && p > 0.0 && p < 1e12 => Some(p),
            _ => {
                self.err("points", "must be a number greater than 0");
                None
            }
        }
    }

    fn date(
        &mut self,
        m: &Map<String, Value>,
        f: &str,
        required: bool,
    ) -> Option<chrono::NaiveDate> {
        let s = self.text(m, f, required)?;
        let d = parse_date(&s).filter(|_| s.len() == 10 || crate::model::parse_time(&s).is_some());
        if d.is_none() {
            self.err(f, "must be a date (YYYY-MM-DD)");
        }
        d
    }

    fn duration(&mut self, m: &Map<String, Value>, f: &str, required: bool) -> Option<String> {
        let s = self.text(m, f, required)?;
        if Period::parse(&s).is_ok() {
            Some(s)
        } else {
            self.err(
                f,
                "must be an ISO 8601 duration such as P1D, P1M, P1Y or PT12H",
            );
            None
        }
    }

    fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(field_errors(&self.errors))
        }
    }
}

pub async fn list(State(shared): State<Arc<Shared>>) -> ApiResult {
    let store = shared.store.lock();
    let list: Vec<&PointTransaction> = store.points.values().map(|p| &p.tx).collect();
    ok(StatusCode::OK, json!({ "point_transactions": list }))
}

pub async fn show(State(shared): State<Arc<Shared>>, Path(raw): Path<String>) -> ApiResult {
    let id = path_id(&raw)?;
    let store = shared.store.lock();
    let p = store.points.get(&id).ok_or_else(not_found)?;
    ok(StatusCode::OK, json!({ "point_transaction": p.tx }))
}

pub async fn create(State(shared): State<Arc<Shared>>, JsonBody(body): JsonBody) -> ApiResult {
    let m = envelope(&body, "point_transaction")?;
    let mut c = Checker { errors: Vec::new() };
    let ai = c.text(m, "access_identifier", true);
    let kind = c.transaction_type(m);
    let points = c.points(m);
    let comment = c.text(m, "comment", false);
    let expiration = c.date(m, "expiration_date", false);
    c.finish()?;
    let now = iso(Utc::now());
    let tx = {
        let mut store = shared.store.lock();
        let id = store.next_point_id;
        store.next_point_id += 1;
        let tx = PointTransaction {
            id: Some(id),
            access_identifier: ai,
            transaction_type: kind,
            status: Some("pending".into()),
            points,
            comment,
            expiration_date: expiration.map(iso_date),
            created_at: Some(now.clone()),
            updated_at: Some(now),
            recurrent_point_transaction_id: None,
        };
        store.points.insert(
            id,
            PointRec {
                tx: tx.clone(),
                process_after: Instant::now() + PROCESSING_DELAY,
            },
        );
        tx
    };
    tracing::info!(id = tx.id, "point transaction queued");
    ok(StatusCode::CREATED, json!({ "point_transaction": tx }))
}

pub async fn list_recurrent(State(shared): State<Arc<Shared>>) -> ApiResult {
    let store = shared.store.lock();
    let list: Vec<&RecurrentPointTransaction> = store.recurrent.values().map(|r| &r.rule).collect();
    ok(
        StatusCode::OK,
        json!({ "recurrent_point_transactions": list }),
    )
}

pub async fn show_recurrent(
    State(shared): State<Arc<Shared>>,
    Path(raw): Path<String>,
) -> ApiResult {
    let id = path_id(&raw)?;
    let store = shared.store.lock();
    let r = store.recurrent.get(&id).ok_or_else(not_found)?;
    ok(
        StatusCode::OK,
        json!({ "recurrent_point_transaction": r.rule }),
    )
}

/// The settings of a rule, validated (same shape on create and update).
struct RuleSettings {
    raw_ai: String,
    kind: String,
    points: f64,
    start: chrono::NaiveDate,
    end: Option<chrono::NaiveDate>,
    period: String,
    expiration: Option<String>,
    comment: Option<String>,
}

fn rule_settings(body: &Value) -> Result<RuleSettings, ApiError> {
    let m = envelope(body, "recurrent_point_transaction")?;
    let mut c = Checker { errors: Vec::new() };
    let ai = c.text(m, "access_identifier", true);
    let kind = c.transaction_type(m);
    let points = c.points(m);
    let start = c.date(m, "recurrence_start_date", true);
    let end = c.date(m, "recurrence_end_date", false);
    let period = c.duration(m, "recurrence_period", true);
    let expiration = c.duration(m, "point_expiration_period", false);
    let comment = c.text(m, "comment", false);
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        c.err(
            "recurrence_end_date",
            "must be on or after recurrence_start_date",
        );
    }
    c.finish()?;
    Ok(RuleSettings {
        raw_ai: ai.expect("checked"),
        kind: kind.expect("checked"),
        points: points.expect("checked"),
        start: start.expect("checked"),
        end,
        period: period.expect("checked"),
        expiration,
        comment,
    })
}

/// The normalised form of an access identifier: its letters and digits, upper case.
fn normalise(ai: &str) -> String {
    ai.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn apply(rule: &mut RecurrentPointTransaction, s: RuleSettings) {
    rule.access_identifier = Some(normalise(&s.raw_ai));
    rule.raw_access_identifier = Some(s.raw_ai);
    rule.transaction_type = Some(s.kind);
    rule.points = Some(s.points);
    rule.recurrence_start_date = Some(iso_date(s.start));
    rule.recurrence_end_date = s.end.map(iso_date);
    rule.recurrence_period = Some(s.period);
    rule.point_expiration_period = s.expiration;
    rule.comment = s.comment;
    rule.updated_at = Some(iso(Utc::now()));
}

/// The rule's issue times strictly after `after` (from its start when `None`): the
/// console's preview cadence (`crate::points::issue_times`), in UTC.
pub fn issues_after(
    rule: &RecurrentPointTransaction,
    after: Option<chrono::DateTime<Utc>>,
) -> Option<impl Iterator<Item = chrono::DateTime<Utc>>> {
    let period = Period::parse(rule.recurrence_period.as_deref()?).ok()?;
    let start = parse_date(rule.recurrence_start_date.as_deref()?)?;
    let end = rule.recurrence_end_date.as_deref().and_then(parse_date);
    let after = match after {
        Some(t) => t.naive_utc(),
        // Just before the start, so the start itself is the first issue.
        None => start.and_time(chrono::NaiveTime::MIN) - chrono::Duration::seconds(1),
    };
    Some(issue_times(start, period, end, after).map(|t| t.and_utc()))
}

/// When the rule issues next: the first issue after its last one, else its start.
pub fn next_due(rule: &RecurrentPointTransaction) -> Option<chrono::DateTime<Utc>> {
    let last = rule
        .last_recurrence_date
        .as_deref()
        .and_then(crate::model::parse_time);
    issues_after(rule, last)?.next()
}

pub async fn create_recurrent(
    State(shared): State<Arc<Shared>>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let settings = rule_settings(&body)?;
    let rule = {
        let mut store = shared.store.lock();
        let id = store.next_recurrent_id;
        store.next_recurrent_id += 1;
        let mut rule = RecurrentPointTransaction {
            id: Some(id),
            created_at: Some(iso(Utc::now())),
            ..Default::default()
        };
        apply(&mut rule, settings);
        let due = next_due(&rule);
        store.recurrent.insert(
            id,
            RecurrentRec {
                rule: rule.clone(),
                next_due: due,
            },
        );
        rule
    };
    tracing::info!(id = rule.id, "recurrent point rule created");
    ok(
        StatusCode::CREATED,
        json!({ "recurrent_point_transaction": rule }),
    )
}

/// PATCH and PUT: replace the rule's settings.
pub async fn update_recurrent(
    State(shared): State<Arc<Shared>>,
    Path(raw): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let id = path_id(&raw)?;
    if !shared.store.lock().recurrent.contains_key(&id) {
        return Err(not_found());
    }
    let settings = rule_settings(&body)?;
    let mut store = shared.store.lock();
    let rec = store.recurrent.get_mut(&id).ok_or_else(not_found)?;
    apply(&mut rec.rule, settings);
    rec.next_due = next_due(&rec.rule);
    let rule = rec.rule.clone();
    drop(store);
    tracing::info!(id, "recurrent point rule updated");
    ok(
        StatusCode::OK,
        json!({ "recurrent_point_transaction": rule }),
    )
}
