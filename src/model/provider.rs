//! Provider ranking by zone and service, and the WhatsApp message request.
use serde::{Deserialize, Serialize};

crate::api_object! {
    /// A provider and its place in the ranking (1 is best).
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    pub struct RankedProvider {
        pub position: Option<i64>,
        pub provider_name: Option<String>,
        pub external_id: Option<String>,
    }
}

/// `{providers: [...]}`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RankedProviderList {
    #[serde(default, deserialize_with = "crate::model::de::vec")]
    pub providers: Vec<RankedProvider>,
}

/// Body of `POST /api/v1/provider_networks/whatsapp_messages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatsappMessage {
    pub whatsapp_number: String,
}

/// E.164: `+`, a non-zero country digit, at most 15 digits in all. Spaces, dots, dashes and
/// parentheses typed by an agent are removed first. Returns the normalised number.
pub fn normalize_e164(input: &str) -> Result<String, &'static str> {
    let cleaned: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))
        .collect();
    let digits = cleaned
        .strip_prefix('+')
        .ok_or("must start with + and the country code")?;
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("only digits may follow the +");
    }
    if digits.starts_with('0') {
        return Err("the country code cannot start with 0");
    }
    if !(8..=15).contains(&digits.len()) {
        return Err("an E.164 number has 8 to 15 digits");
    }
    Ok(cleaned)
}

#[cfg(test)]
mod tests {
    use super::normalize_e164;

    #[test]
    fn e164() {
        assert_eq!(normalize_e164("+56 9 9079 8691").unwrap(), "+56990798691");
        assert_eq!(normalize_e164("+34 612-345-678").unwrap(), "+34612345678");
        assert!(normalize_e164("612345678").is_err());
        assert!(normalize_e164("+0612345678").is_err());
        assert!(normalize_e164("+34abc").is_err());
        assert!(normalize_e164("+1234567890123456").is_err());
    }
}
