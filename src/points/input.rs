//! Validation of the admin's point inputs, from raw text fields to the API's bodies. One
//! implementation for the CLI (`admin points add`, `admin recurrent create|update`) and the
//! Admin pane, returning every field's problem at once.

use crate::forms::{FieldError, parse_number, parse_typed_date};
use crate::model::{PointTransactionInput, RecurrentPointTransactionInput, TransactionType};

use super::period::{Period, PeriodError};

/// A point transaction as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PointTransactionForm {
    pub access_identifier: String,
    /// `add` or `spend`.
    pub transaction_type: String,
    pub points: String,
    pub comment: String,
    /// `YYYY-MM-DD`, optional.
    pub expiration_date: String,
}

/// A recurrent rule as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecurrentRuleForm {
    pub access_identifier: String,
    pub transaction_type: String,
    pub points: String,
    pub recurrence_start_date: String,
    /// Optional.
    pub recurrence_end_date: String,
    pub recurrence_period: String,
    /// Optional ISO 8601 period.
    pub point_expiration_period: String,
    pub comment: String,
}

/// Why one field is refused.
#[derive(Debug, Clone, PartialEq)]
pub enum PointFieldError {
    Field(FieldError),
    /// Points must be greater than zero (the type says add or spend).
    NotPositive,
    /// Not `add` or `spend`.
    BadTransactionType,
    Period(PeriodError),
}

/// English (the CLI); the TUI's catalogue renders it in es/en (`I18n::point_error`).
impl std::fmt::Display for PointFieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Field(e) => write!(f, "{e}"),
            Self::Period(e) => write!(f, "{e}"),
            Self::NotPositive => f.write_str("points must be greater than zero"),
            Self::BadTransactionType => f.write_str("type: add or spend"),
        }
    }
}

/// Every refused field: (field name as in the API, why), in form order.
pub type PointFieldErrors = Vec<(&'static str, PointFieldError)>;

struct Check {
    errors: PointFieldErrors,
}

impl Check {
    fn fail(&mut self, field: &'static str, e: PointFieldError) {
        self.errors.push((field, e));
    }

    fn required(&mut self, field: &'static str, raw: &str) -> String {
        let t = raw.trim();
        if t.is_empty() {
            self.fail(field, PointFieldError::Field(FieldError::Required));
        }
        t.to_owned()
    }

    fn kind(&mut self, raw: &str) -> TransactionType {
        // Spanish words too: the Admin pane is bilingual.
        match raw.trim().to_lowercase().as_str() {
            "add" | "sumar" | "añadir" | "+" => TransactionType::Add,
            "spend" | "gastar" | "canjear" | "-" => TransactionType::Spend,
            "" => {
                self.fail(
                    "transaction_type",
                    PointFieldError::Field(FieldError::Required),
                );
                TransactionType::Add
            }
            _ => {
                self.fail("transaction_type", PointFieldError::BadTransactionType);
                TransactionType::Add
            }
        }
    }

    fn points(&mut self, raw: &str) -> f64 {
        if raw.trim().is_empty() {
            self.fail("points", PointFieldError::Field(FieldError::Required));
            return 0.0;
        }
        match parse_number(raw) {
            Ok(v) if v > 0.0 => v,
            Ok(_) => {
                self.fail("points", PointFieldError::NotPositive);
                0.0
            }
            Err(e) => {
                self.fail("points", PointFieldError::Field(e));
                0.0
            }
        }
    }

    /// A date as the agent types it (`dd/mm/aaaa` or ISO, as the request form takes them).
    fn date(&mut self, field: &'static str, raw: &str) -> Option<chrono::NaiveDate> {
        match parse_typed_date(raw) {
            Ok(d) => Some(d),
            Err(e) => {
                self.fail(field, PointFieldError::Field(e));
                None
            }
        }
    }

    fn period(&mut self, field: &'static str, raw: &str) -> String {
        match Period::parse(raw) {
            Ok(p) => p.to_string(),
            Err(e) => {
                self.fail(field, PointFieldError::Period(e));
                String::new()
            }
        }
    }
}

fn iso(date: chrono::NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn optional(raw: &str) -> Option<String> {
    let t = raw.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// The body of `POST admin/point_transactions`, or every field's problem.
pub fn validate_point_transaction(
    form: &PointTransactionForm,
) -> Result<PointTransactionInput, PointFieldErrors> {
    let mut c = Check { errors: vec![] };
    let access_identifier = c.required("access_identifier", &form.access_identifier);
    let transaction_type = c.kind(&form.transaction_type);
    let points = c.points(&form.points);
    // Sent as ISO, whichever way it was typed.
    let expiration_date = optional(&form.expiration_date)
        .and_then(|d| c.date("expiration_date", &d))
        .map(iso);
    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    Ok(PointTransactionInput {
        access_identifier,
        transaction_type,
        points,
        comment: optional(&form.comment),
        expiration_date,
    })
}

/// The body of a recurrent rule's create or update, or every field's problem.
pub fn validate_recurrent_rule(
    form: &RecurrentRuleForm,
) -> Result<RecurrentPointTransactionInput, PointFieldErrors> {
    let mut c = Check { errors: vec![] };
    let access_identifier = c.required("access_identifier", &form.access_identifier);
    let transaction_type = c.kind(&form.transaction_type);
    let points = c.points(&form.points);
    let start_raw = c.required("recurrence_start_date", &form.recurrence_start_date);
    let start = if start_raw.is_empty() {
        None
    } else {
        c.date("recurrence_start_date", &start_raw)
    };
    let end_raw = optional(&form.recurrence_end_date);
    let mut end = None;
    if let Some(e) = &end_raw {
        end = c.date("recurrence_end_date", e);
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                c.fail(
                    "recurrence_end_date",
                    PointFieldError::Field(FieldError::EndBeforeStart),
                );
            }
        }
    }
    let recurrence_period = c.period("recurrence_period", &form.recurrence_period);
    let point_expiration_period =
        optional(&form.point_expiration_period).map(|p| c.period("point_expiration_period", &p));
    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    Ok(RecurrentPointTransactionInput {
        access_identifier,
        transaction_type,
        points,
        recurrence_start_date: start.map(iso).unwrap_or(start_raw),
        recurrence_end_date: end.map(iso).or(end_raw),
        recurrence_period,
        point_expiration_period,
        comment: optional(&form.comment),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(errs: &PointFieldErrors) -> Vec<&'static str> {
        errs.iter().map(|(f, _)| *f).collect()
    }

    #[test]
    fn transaction_valid_input_becomes_the_body() {
        let form = PointTransactionForm {
            access_identifier: " DEMO-0001 ".into(),
            transaction_type: "spend".into(),
            points: "12,5".into(),
            comment: "".into(),
            expiration_date: "2026-12-31".into(),
        };
        let body = validate_point_transaction(&form).unwrap();
        assert_eq!(body.access_identifier, "DEMO-0001");
        assert_eq!(body.transaction_type, TransactionType::Spend);
        assert_eq!(body.points, 12.5);
        assert_eq!(body.comment, None);
        assert_eq!(body.expiration_date.as_deref(), Some("2026-12-31"));
    }

    #[test]
    fn transaction_reports_every_field() {
        let form = PointTransactionForm {
            access_identifier: "  ".into(),
            transaction_type: "steal".into(),
            points: "-3".into(),
            comment: "x".into(),
            expiration_date: "31/13/2026".into(),
        };
        let errs = validate_point_transaction(&form).unwrap_err();
        assert_eq!(
            fields(&errs),
            [
                "access_identifier",
                "transaction_type",
                "points",
                "expiration_date"
            ]
        );
        assert_eq!(errs[2].1, PointFieldError::NotPositive);
        for bad in ["0", "inf", "NaN", "abc", ""] {
            let f = PointTransactionForm {
                access_identifier: "A".into(),
                transaction_type: "add".into(),
                points: bad.into(),
                ..Default::default()
            };
            assert_eq!(
                fields(&validate_point_transaction(&f).unwrap_err()),
                ["points"],
                "{bad:?}"
            );
        }
        assert!(errs[1].1.to_string().contains("spend"));
    }

    fn rule() -> RecurrentRuleForm {
        RecurrentRuleForm {
            access_identifier: "DEMO-0001".into(),
            transaction_type: "sumar".into(),
            points: "100".into(),
            recurrence_start_date: "2025-01-31".into(),
            recurrence_end_date: "".into(),
            recurrence_period: "p1m".into(),
            point_expiration_period: "P1Y".into(),
            comment: "Mensual".into(),
        }
    }

    #[test]
    fn dates_typed_the_spanish_way_are_sent_as_iso() {
        let form = PointTransactionForm {
            access_identifier: "DEMO-0001".into(),
            transaction_type: "add".into(),
            points: "10".into(),
            expiration_date: " 31/12/2026 ".into(),
            ..Default::default()
        };
        let body = validate_point_transaction(&form).unwrap();
        assert_eq!(body.expiration_date.as_deref(), Some("2026-12-31"));
        let typed = RecurrentRuleForm {
            recurrence_start_date: "01/02/2026".into(),
            recurrence_end_date: "31/12/2026".into(),
            ..rule()
        };
        let body = validate_recurrent_rule(&typed).unwrap();
        assert_eq!(body.recurrence_start_date, "2026-02-01");
        assert_eq!(body.recurrence_end_date.as_deref(), Some("2026-12-31"));
        let backwards = RecurrentRuleForm {
            recurrence_start_date: "31/12/2026".into(),
            recurrence_end_date: "2026-01-01".into(),
            ..rule()
        };
        assert_eq!(
            fields(&validate_recurrent_rule(&backwards).unwrap_err()),
            ["recurrence_end_date"]
        );
    }

    #[test]
    fn recurrent_rule_valid_input_is_normalised() {
        let body = validate_recurrent_rule(&rule()).unwrap();
        assert_eq!(body.transaction_type, TransactionType::Add);
        assert_eq!(body.recurrence_period, "P1M");
        assert_eq!(body.point_expiration_period.as_deref(), Some("P1Y"));
        assert_eq!(body.recurrence_end_date, None);
        assert_eq!(body.comment.as_deref(), Some("Mensual"));
    }

    #[test]
    fn recurrent_rule_refuses_end_before_start_and_bad_periods() {
        let mut f = rule();
        f.recurrence_end_date = "2025-01-30".into();
        f.recurrence_period = "P1".into();
        f.point_expiration_period = "1Y".into();
        let errs = validate_recurrent_rule(&f).unwrap_err();
        assert_eq!(
            errs,
            vec![
                (
                    "recurrence_end_date",
                    PointFieldError::Field(FieldError::EndBeforeStart)
                ),
                (
                    "recurrence_period",
                    PointFieldError::Period(PeriodError::MissingUnit)
                ),
                (
                    "point_expiration_period",
                    PointFieldError::Period(PeriodError::MissingP)
                ),
            ]
        );
        let mut g = rule();
        g.recurrence_start_date = "".into();
        g.recurrence_period = "".into();
        assert_eq!(
            fields(&validate_recurrent_rule(&g).unwrap_err()),
            ["recurrence_start_date", "recurrence_period"]
        );
    }
}
