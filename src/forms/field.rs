//! Validation of single typed values: the question types' parsers, and the request form's
//! fixed fields (coordinates, dates, times). Errors are [`FieldError`]s, an enum the UI's
//! catalogue (`tui::i18n`) renders in its language; `Display` is the English text.

use chrono::{NaiveDate, NaiveTime, Timelike};

/// Why a value was refused. `Display` is English; the TUI's catalogue renders it in es/en
/// (`I18n::field_error`).
#[derive(Debug, Clone, PartialEq)]
pub enum FieldError {
    /// A required answer is empty.
    Required,
    NotANumber,
    NotAnInteger,
    BelowMin(f64),
    AboveMax(f64),
    TooShort(usize),
    TooLong(usize),
    /// The text does not match the question's `pattern`.
    PatternMismatch,
    /// Not a `YYYY-MM-DD` calendar date.
    BadDate,
    /// Not a `HH:MM` time of day.
    BadTime,
    NotBoolean,
    /// Not one of the select's values; carries the allowed values.
    NotAnOption(Vec<String>),
    /// Not a phone number; carries the English reason of [`crate::model::normalize_phone`].
    BadPhone(&'static str),
    BadEmail,
    /// A latitude outside -90..90 or not a decimal.
    BadLatitude,
    /// A longitude outside -180..180 or not a decimal.
    BadLongitude,
    /// An end date before its start date.
    EndBeforeStart,
}

impl FieldError {
    /// The message in English (`Display`; the TUI's catalogue renders it in es/en).
    fn english(&self) -> String {
        match self {
            Self::Required => "required".into(),
            Self::NotANumber => "must be a number".into(),
            Self::NotAnInteger => "must be a whole number".into(),
            Self::BelowMin(m) => format!("must be at least {}", plain_number(*m)),
            Self::AboveMax(m) => format!("must be at most {}", plain_number(*m)),
            Self::TooShort(n) => format!("at least {n} characters"),
            Self::TooLong(n) => format!("at most {n} characters"),
            Self::PatternMismatch => "invalid format".into(),
            Self::BadDate => "invalid date (YYYY-MM-DD or DD/MM/YYYY)".into(),
            Self::BadTime => "invalid time (HH:MM or HH:MM:SS)".into(),
            Self::NotBoolean => "answer yes or no".into(),
            Self::NotAnOption(opts) => format!("choose one of: {}", opts.join(", ")),
            Self::BadPhone(why) => {
                format!("invalid phone (e.g. 612 345 678 or +34612345678): {why}")
            }
            Self::BadEmail => "invalid email address".into(),
            Self::BadLatitude => "invalid latitude (a decimal between -90 and 90)".into(),
            Self::BadLongitude => "invalid longitude (a decimal between -180 and 180)".into(),
            Self::EndBeforeStart => "the end date is before the start date".into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english())
    }
}

impl std::error::Error for FieldError {}

/// A bound as people write it: `8`, not `8.0`.
pub fn plain_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

/// A decimal number as typed; a Spanish decimal comma is accepted (`1,5`).
pub fn parse_number(raw: &str) -> Result<f64, FieldError> {
    let t = raw.trim().replace(',', ".");
    let plain = !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'));
    match t.parse::<f64>() {
        Ok(v) if plain && v.is_finite() => Ok(v),
        _ => Err(FieldError::NotANumber),
    }
}

/// `YYYY-MM-DD`, strictly (ten characters, a real calendar day).
pub fn parse_date(raw: &str) -> Result<NaiveDate, FieldError> {
    let t = raw.trim();
    if t.len() != 10 {
        return Err(FieldError::BadDate);
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| FieldError::BadDate)
}

/// A date of the request form as the agent types it: `dd/mm/aaaa` (Spanish) or ISO
/// `YYYY-MM-DD`; sent as ISO ([`validate_date_field`]).
pub fn parse_typed_date(raw: &str) -> Result<NaiveDate, FieldError> {
    let t = raw.trim();
    parse_date(t).or_else(|_| match t.len() {
        10 => NaiveDate::parse_from_str(t, "%d/%m/%Y").map_err(|_| FieldError::BadDate),
        _ => Err(FieldError::BadDate),
    })
}

/// `HH:MM` or `HH:MM:SS` (24-hour clock, two digits each; the reference sends seconds).
pub fn parse_time(raw: &str) -> Result<NaiveTime, FieldError> {
    let t = raw.trim();
    let format = match t.len() {
        5 => "%H:%M",
        8 => "%H:%M:%S",
        _ => return Err(FieldError::BadTime),
    };
    match NaiveTime::parse_from_str(t, format) {
        // chrono reads `:60` as a leap second; a typed time has none.
        Ok(time) if time.nanosecond() < 1_000_000_000 => Ok(time),
        _ => Err(FieldError::BadTime),
    }
}

/// Yes/no in Spanish or English: `sí`, `si`, `s`, `no`, `n`, `yes`, `y`, `true`, `false`,
/// `1`, `0`, `verdadero`, `falso`.
pub fn parse_bool(raw: &str) -> Result<bool, FieldError> {
    match raw.trim().to_lowercase().as_str() {
        "sí" | "si" | "s" | "yes" | "y" | "true" | "1" | "verdadero" | "x" => Ok(true),
        "no" | "n" | "false" | "0" | "falso" => Ok(false),
        _ => Err(FieldError::NotBoolean),
    }
}

/// An address by the crate's one email rule ([`crate::model::is_email`]), trimmed.
pub fn validate_email(raw: &str) -> Result<String, FieldError> {
    let t = raw.trim();
    if crate::model::is_email(t) {
        Ok(t.to_owned())
    } else {
        Err(FieldError::BadEmail)
    }
}

/// The text of a decimal coordinate, kept exactly as typed (trimmed, a decimal comma turned
/// into a point) so no precision is lost; `None` when it is not a plain decimal in range.
fn coordinate(raw: &str, limit: f64) -> Option<String> {
    let t = raw.trim().replace(',', ".");
    let body = t.strip_prefix(['-', '+']).unwrap_or(&t);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || (body.contains('.') && frac.is_empty()) {
        return None;
    }
    let v: f64 = t.parse().ok()?;
    (v.abs() <= limit).then_some(t)
}

/// A latitude as exact decimal text, -90..=90.
pub fn validate_latitude(raw: &str) -> Result<String, FieldError> {
    coordinate(raw, 90.0).ok_or(FieldError::BadLatitude)
}

/// A longitude as exact decimal text, -180..=180.
pub fn validate_longitude(raw: &str) -> Result<String, FieldError> {
    coordinate(raw, 180.0).ok_or(FieldError::BadLongitude)
}

/// A date field of the request form (dd/mm/aaaa or ISO), as sent: ISO `YYYY-MM-DD`.
pub fn validate_date_field(raw: &str) -> Result<String, FieldError> {
    parse_typed_date(raw).map(|d| d.format("%Y-%m-%d").to_string())
}

/// A `HH:MM` or `HH:MM:SS` field of the request form, as sent: `HH:MM:SS`, the
/// reference's format.
pub fn validate_time_field(raw: &str) -> Result<String, FieldError> {
    parse_time(raw).map(|t| t.format("%H:%M:%S").to_string())
}

/// A fixed field of a service request as an agent typed it, as it is sent: phones in
/// E.164 (read in the configured region), times as `HH:MM:SS`, dates and coordinates
/// checked; any other field trimmed.
pub fn typed_request_field(key: &str, raw: &str) -> Result<String, FieldError> {
    let t = raw.trim();
    match key {
        "user_phone" | "provider_phone" | "contact_center_phone" => {
            crate::model::normalize_phone(t, crate::model::PhoneRegion::configured())
                .map_err(FieldError::BadPhone)
        }
        "scheduled_time" => validate_time_field(t),
        "scheduled_date" | "scheduled_end_date" => validate_date_field(t),
        "origin_latitude" | "destination_latitude" => validate_latitude(t),
        "origin_longitude" | "destination_longitude" => validate_longitude(t),
        _ => Ok(t.to_owned()),
    }
}

/// Both dates valid and `end >= start`; the error is about the end field.
pub fn validate_date_range(start: &str, end: &str) -> Result<(), FieldError> {
    let s = parse_typed_date(start)?;
    let e = parse_typed_date(end)?;
    if e < s {
        Err(FieldError::EndBeforeStart)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_accept_decimal_comma_and_refuse_words() {
        assert_eq!(parse_number(" 1,5 ").unwrap(), 1.5);
        assert_eq!(parse_number("-3").unwrap(), -3.0);
        assert_eq!(parse_number("abc"), Err(FieldError::NotANumber));
        assert_eq!(parse_number("inf"), Err(FieldError::NotANumber));
        assert_eq!(parse_number("NaN"), Err(FieldError::NotANumber));
        assert_eq!(parse_number(""), Err(FieldError::NotANumber));
    }

    #[test]
    fn dates_and_times_are_strict() {
        assert!(parse_date("2025-02-28").is_ok());
        assert_eq!(parse_date("2025-02-30"), Err(FieldError::BadDate));
        assert_eq!(parse_date("2025-2-3"), Err(FieldError::BadDate));
        assert_eq!(parse_date("28/02/2025"), Err(FieldError::BadDate));
        // The request form also takes the Spanish way, and sends ISO.
        assert_eq!(validate_date_field("28/02/2025").unwrap(), "2025-02-28");
        assert_eq!(parse_typed_date("30/02/2025"), Err(FieldError::BadDate));
        assert_eq!(parse_typed_date("28/2/2025"), Err(FieldError::BadDate));
        assert_eq!(validate_time_field(" 09:05 ").unwrap(), "09:05:00");
        assert_eq!(validate_time_field("15:24:48").unwrap(), "15:24:48");
        assert_eq!(parse_time("24:00"), Err(FieldError::BadTime));
        assert_eq!(parse_time("9:05"), Err(FieldError::BadTime));
        assert_eq!(parse_time("09:05:60"), Err(FieldError::BadTime));
        assert_eq!(parse_time("09:05:0"), Err(FieldError::BadTime));
    }

    #[test]
    fn date_range_refuses_end_before_start() {
        assert!(validate_date_range("2025-01-01", "2025-01-01").is_ok());
        assert_eq!(
            validate_date_range("2025-01-02", "2025-01-01"),
            Err(FieldError::EndBeforeStart)
        );
        assert_eq!(
            validate_date_range("2025-01-02", "x"),
            Err(FieldError::BadDate)
        );
    }

    #[test]
    fn coordinates_keep_exact_text_and_check_range() {
        assert_eq!(
            validate_latitude(" 40.416775123456789 ").unwrap(),
            "40.416775123456789"
        );
        assert_eq!(validate_latitude("-90").unwrap(), "-90");
        assert_eq!(validate_longitude("-3,703790").unwrap(), "-3.703790");
        assert_eq!(validate_longitude("180.0").unwrap(), "180.0");
        assert_eq!(validate_latitude("90.0001"), Err(FieldError::BadLatitude));
        assert_eq!(validate_longitude("-180.5"), Err(FieldError::BadLongitude));
        for bad in ["", "abc", "1e2", "40.", ".5", "4 0", "NaN", "--1"] {
            assert!(validate_latitude(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn booleans_in_both_languages() {
        for yes in ["sí", "Si", "S", "yes", "TRUE", "1"] {
            assert_eq!(parse_bool(yes), Ok(true), "{yes}");
        }
        for no in ["no", "N", "false", "0", "falso"] {
            assert_eq!(parse_bool(no), Ok(false), "{no}");
        }
        assert_eq!(parse_bool("quizá"), Err(FieldError::NotBoolean));
    }

    #[test]
    fn emails() {
        assert_eq!(
            validate_email(" ana@example.es ").unwrap(),
            "ana@example.es"
        );
        for bad in [
            "ana", "ana@", "@x.es", "ana@x", "a b@x.es", "a@b@x.es", "a@x..es",
        ] {
            assert!(validate_email(bad).is_err(), "{bad:?} accepted");
        }
    }
}
