//! Numbers an agent can say out loud: amounts with their currency as each language writes
//! them (`12.000 CLP`, `15,00 €`), copayment tiers as sentences ("usos 1–2: sin copago",
//! "desde el 3.º: 20 %") with the tier the next use falls in marked, and dates and times
//! in one format per language (es `27/11/2026`, en `2026-11-27`), times in the agent's
//! local time zone: no raw ISO timestamp reaches the screen.

use crate::config::Language;
use crate::model::{JsonObject, LimitGroup};
use crate::tui::i18n::{I18n, T};

/// The date format of `lang`: es `dd/mm/aaaa`, en ISO `yyyy-mm-dd` (unambiguous).
fn date_format(lang: Language) -> &'static str {
    match lang {
        Language::Es => "%d/%m/%Y",
        Language::En => "%Y-%m-%d",
    }
}

/// A date or timestamp as the server writes it (`2026-11-27`, `27/11/2026`, RFC 3339),
/// as a date.
pub fn parse_day(raw: &str) -> Option<chrono::NaiveDate> {
    let t = raw.trim();
    chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .ok()
        .or_else(|| {
            crate::model::parse_time(t).map(|at| at.with_timezone(&chrono::Local).date_naive())
        })
        .or_else(|| chrono::NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok())
}

/// A date in `lang`'s one format; text that is not a date is shown as it came.
pub fn day(raw: &str, lang: Language) -> String {
    match parse_day(raw) {
        Some(d) => d.format(date_format(lang)).to_string(),
        None => raw.trim().to_owned(),
    }
}

/// A timestamp in the agent's local time zone: `27/11/2026 14:05` (es),
/// `2026-11-27 14:05` (en); a bare date as [`day`]; anything else as it came.
pub fn moment(raw: &str, lang: Language) -> String {
    match crate::model::parse_time(raw.trim()) {
        Some(at) => at
            .with_timezone(&chrono::Local)
            .format(&format!("{} %H:%M", date_format(lang)))
            .to_string(),
        None => day(raw, lang),
    }
}

/// [`moment`] of a value the server may leave out: "—" when missing or blank.
pub fn moment_or_dash(raw: Option<&str>, lang: Language) -> String {
    match raw.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => moment(t, lang),
        None => crate::model::MISSING.to_owned(),
    }
}

/// Minor digits a currency is written with (ISO 4217): none for CLP, JPY and the like.
fn decimals(currency: &str) -> usize {
    match currency.to_ascii_uppercase().as_str() {
        "CLP" | "JPY" | "KRW" | "PYG" | "COP" | "ISK" => 0,
        _ => 2,
    }
}

/// `1234567.5` → `1.234.567,50` (es) / `1,234,567.50` (en), with `places` decimals.
pub fn grouped(value: f64, places: usize, lang: Language) -> String {
    let (thousands, point) = match lang {
        Language::Es => ('.', ','),
        Language::En => (',', '.'),
    };
    let text = format!("{:.*}", places, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    for (n, c) in int.chars().enumerate() {
        if n > 0 && (int.len() - n) % 3 == 0 {
            out.push(thousands);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    if value < 0.0 && value.abs() >= 0.5 * 10f64.powi(-(places as i32)) {
        out.insert(0, '-');
    }
    out
}

/// A number as `lang` writes it, decimals only when it has them: `1.500`, `2,5` (es);
/// `1,500`, `2.5` (en).
pub fn amount(value: f64, lang: Language) -> String {
    let places = if value.fract() == 0.0 {
        0
    } else if (value * 10.0).fract() == 0.0 {
        1
    } else {
        2
    };
    grouped(value, places, lang)
}

/// An amount in `currency`: `15,00 €`, `12.000 CLP` (es); `€15.00`, `12,000 CLP` (en).
pub fn money(amount: f64, currency: Option<&str>, lang: Language) -> String {
    let code = currency.unwrap_or("").trim();
    let number = grouped(amount, decimals(code), lang);
    match (code.to_ascii_uppercase().as_str(), lang) {
        ("", _) => number,
        ("EUR", Language::Es) => format!("{number} €"),
        ("EUR", Language::En) => format!("€{number}"),
        (other, _) => format!("{number} {other}"),
    }
}

/// A tier as far as its keys are understood (CONTRACT.md: `from`, `to`, `amount`,
/// `percentage`, `currency`; `*_usage`/`copayment_*` spellings accepted).
#[derive(Debug, Clone, PartialEq)]
struct Tier {
    from: Option<f64>,
    to: Option<f64>,
    amount: Option<f64>,
    percentage: Option<f64>,
    currency: Option<String>,
    /// Keys not understood, with their text: still shown.
    others: Vec<(String, String)>,
}

fn number_of(v: &serde_json::Value) -> Option<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn read_tier(tier: &JsonObject) -> Option<Tier> {
    let mut t = Tier {
        from: None,
        to: None,
        amount: None,
        percentage: None,
        currency: None,
        others: Vec::new(),
    };
    for (key, value) in tier {
        match key.as_str() {
            "from" | "from_usage" | "from_day" | "from_days" => t.from = number_of(value),
            "to" | "to_usage" | "to_day" | "to_days" => t.to = number_of(value),
            "amount" | "copayment_amount" => t.amount = number_of(value),
            "percentage" | "copayment_percentage" => t.percentage = number_of(value),
            "currency" => t.currency = value.as_str().map(str::to_owned),
            _ if value.is_null() => {}
            _ => t.others.push((
                key.clone(),
                match value {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                },
            )),
        }
    }
    // Not a tier these words can say: the caller shows it as a table.
    let said = t.from.is_some() && (t.amount.is_some() || t.percentage.is_some());
    said.then_some(t)
}

fn whole(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// "usos 1–2" / "desde el 3.º" / "días 2–3" / "desde el día 4".
fn range_words(t: &Tier, days: bool, i: &I18n) -> String {
    let from = whole(t.from.unwrap_or_default());
    match t.to {
        Some(to) if Some(to) == t.from => i.fmt(
            if days {
                T::ShiftTierDay
            } else {
                T::ShiftTierUse
            },
            &[("n", &from)],
        ),
        Some(to) => i.fmt(
            if days {
                T::ShiftTierDays
            } else {
                T::ShiftTierUses
            },
            &[("from", &from), ("to", &whole(to))],
        ),
        None => i.fmt(
            if days {
                T::ShiftTierFromDay
            } else {
                T::ShiftTierFromUse
            },
            &[("n", &from)],
        ),
    }
}

/// "sin copago" / "15,00 €" / "20 %" / "15,00 € + 10 %".
fn cost_words(t: &Tier, i: &I18n) -> String {
    let amount = t.amount.filter(|a| *a != 0.0);
    let percentage = t.percentage.filter(|p| *p != 0.0);
    let amount = amount.map(|a| money(a, t.currency.as_deref(), i.lang));
    let percentage =
        percentage.map(|p| format!("{} %", grouped(p, usize::from(p.fract() != 0.0), i.lang)));
    match (amount, percentage) {
        (None, None) => i.t(T::ShiftTierFree).to_owned(),
        (Some(a), None) => a,
        (None, Some(p)) => p,
        (Some(a), Some(p)) => format!("{a} + {p}"),
    }
}

/// One sentence per tier, and whether it is the one `next` (the next use, or day) falls
/// in; `None` when some tier cannot be said in words (shown as a table instead).
pub fn tier_sentences(
    tiers: &[JsonObject],
    group: LimitGroup,
    next: Option<f64>,
    i: &I18n,
) -> Option<Vec<(String, bool)>> {
    let days = matches!(
        group,
        LimitGroup::VariableCopaymentByDaysOfCurrentServiceRequest
            | LimitGroup::VariableCopaymentByAccumulatedDaysByPeriod
    );
    let read: Vec<Tier> = tiers.iter().map(read_tier).collect::<Option<_>>()?;
    Some(
        read.iter()
            .map(|t| {
                let mut text = format!("{}: {}", range_words(t, days, i), cost_words(t, i));
                for (k, v) in &t.others {
                    text.push_str(&format!(" ({k}: {v})"));
                }
                let here = next.is_some_and(|n| {
                    t.from.is_some_and(|f| n >= f) && t.to.is_none_or(|to| n <= to)
                });
                (text, here)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiers(json: serde_json::Value) -> Vec<JsonObject> {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn amounts_are_written_as_each_language_writes_them() {
        assert_eq!(money(12000.0, Some("CLP"), Language::Es), "12.000 CLP");
        assert_eq!(money(12000.0, Some("CLP"), Language::En), "12,000 CLP");
        assert_eq!(money(15.0, Some("EUR"), Language::Es), "15,00 €");
        assert_eq!(money(15.0, Some("EUR"), Language::En), "€15.00");
        assert_eq!(
            money(1234567.5, Some("EUR"), Language::Es),
            "1.234.567,50 €"
        );
        assert_eq!(money(300.0, None, Language::Es), "300,00");
        assert_eq!(grouped(-1500.0, 0, Language::Es), "-1.500");
        assert_eq!(amount(1500.0, Language::Es), "1.500");
        assert_eq!(amount(2.5, Language::Es), "2,5");
        assert_eq!(amount(12000.0, Language::En), "12,000");
    }

    #[test]
    fn tiers_read_as_sentences_with_the_next_use_marked() {
        let es = I18n::new(Language::Es);
        let t = tiers(serde_json::json!([
            {"from": 1, "to": 2, "amount": 0.0, "percentage": 0.0, "currency": "EUR"},
            {"from": 3, "amount": 0.0, "percentage": 20.0, "currency": "EUR"}
        ]));
        let s = tier_sentences(
            &t,
            LimitGroup::VariableCopaymentByUsageByPeriod,
            Some(3.0),
            &es,
        )
        .unwrap();
        assert_eq!(
            s,
            vec![
                ("usos 1–2: sin copago".to_owned(), false),
                ("desde el 3.º: 20 %".to_owned(), true)
            ]
        );
        let en = I18n::new(Language::En);
        let t = tiers(serde_json::json!([
            {"from": 1, "to": 1, "amount": 0.0, "currency": "CLP"},
            {"from": 2, "amount": 12000.0, "currency": "CLP", "note": "con IVA"}
        ]));
        let s = tier_sentences(
            &t,
            LimitGroup::VariableCopaymentByUsageByPeriod,
            Some(1.0),
            &en,
        )
        .unwrap();
        assert_eq!(s[0], ("use 1: no copayment".to_owned(), true));
        assert_eq!(s[1].0, "from use 2 on: 12,000 CLP (note: con IVA)");
    }

    #[test]
    fn dates_have_one_format_per_language() {
        assert_eq!(day("2026-11-27", Language::Es), "27/11/2026");
        assert_eq!(day("27/11/2026", Language::En), "2026-11-27");
        assert_eq!(day("2026-11-27", Language::En), "2026-11-27");
        assert_eq!(day("soon", Language::Es), "soon");
        // A timestamp is shown in local time, never as ISO.
        let shown = moment("2026-06-15T09:30:00Z", Language::Es);
        assert!(!shown.contains('T') && !shown.contains('Z'), "{shown}");
        let local = chrono::DateTime::parse_from_rfc3339("2026-06-15T09:30:00Z")
            .unwrap()
            .with_timezone(&chrono::Local);
        assert_eq!(shown, local.format("%d/%m/%Y %H:%M").to_string());
    }

    #[test]
    fn tiers_of_unknown_shape_are_left_to_the_table() {
        let es = I18n::new(Language::Es);
        let t = tiers(serde_json::json!([{"tramo": "A", "importe": 3}]));
        assert!(tier_sentences(&t, LimitGroup::Copayment, None, &es).is_none());
    }
}
