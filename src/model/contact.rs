//! The crate's one phone rule and one email rule.
//!
//! Phones are checked with `phonenumber` (Google's libphonenumber metadata): what an agent
//! types is read in the configured default region (`[ui] phone_region`, ES when unset), so
//! `612 345 678` and `+34 612-345-678` both become `+34612345678`. Values the server sent
//! are never refused for not being E.164: callers only use [`is_e164`] to warn.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use email_address::{EmailAddress, Options};
use phonenumber::country::Id;
use serde::{Deserialize, Deserializer};

/// The region a phone number without `+` and country code is read in: an ISO 3166-1
/// alpha-2 code (`ES`, `CL`, `AR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhoneRegion(Id);

impl Default for PhoneRegion {
    fn default() -> Self {
        PhoneRegion(Id::ES)
    }
}

/// The region from the configuration, set once when it is loaded.
static CONFIGURED: OnceLock<PhoneRegion> = OnceLock::new();

impl PhoneRegion {
    /// The configured region (`[ui] phone_region`), ES when none was configured. The
    /// configuration is read once per process, before any screen or command runs.
    pub fn configured() -> PhoneRegion {
        CONFIGURED.get().copied().unwrap_or_default()
    }

    /// Records the configured region; only the first call counts.
    pub fn configure(region: PhoneRegion) {
        let _ = CONFIGURED.set(region);
    }
}

impl FromStr for PhoneRegion {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let code = s.trim().to_ascii_uppercase();
        Id::from_str(&code)
            .map(PhoneRegion)
            .map_err(|_| format!("{s:?} is not a two-letter region code (ES, CL, AR, …)"))
    }
}

impl fmt::Display for PhoneRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_ref())
    }
}

impl<'de> Deserialize<'de> for PhoneRegion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// Why a typed phone was refused; the English text is the key of its translations
/// (`forms::FieldError::BadPhone`, `I18n::e164_reason`).
pub mod reason {
    pub const NOT_A_NUMBER: &str = "only digits, spaces, dashes, dots and a leading + are allowed";
    pub const TOO_SHORT: &str = "too few digits for a phone number";
    pub const TOO_LONG: &str = "too many digits for a phone number";
    pub const BAD_COUNTRY: &str = "unknown country code";
    pub const INVALID: &str = "not a valid number for its country";
}

/// A phone as an agent typed it, in E.164 (`+34612345678`); numbers without `+` are read
/// in `region`. Spaces, dashes, dots, slashes and parentheses are allowed and dropped. The
/// number must be a valid one of its country (libphonenumber's metadata).
pub fn normalize_phone(input: &str, region: PhoneRegion) -> Result<String, &'static str> {
    let number = parse(input, region)?;
    if !phonenumber::is_valid(&number) {
        return Err(reason::INVALID);
    }
    Ok(e164(&number))
}

/// True when `s` is written in E.164: `+`, then only digits, forming a number with a known
/// country code and a possible length, exactly as E.164 writes it. (Whether the number is
/// allocated is the network's business: a server does not refuse it for that.)
pub fn is_e164(s: &str) -> bool {
    s.strip_prefix('+')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        && parse(s, PhoneRegion::default()).is_ok_and(|n| e164(&n) == s)
}

fn e164(number: &phonenumber::PhoneNumber) -> String {
    number.format().mode(phonenumber::Mode::E164).to_string()
}

/// The number `input` writes, if it reads as one at all.
fn parse(input: &str, region: PhoneRegion) -> Result<phonenumber::PhoneNumber, &'static str> {
    let t = input.trim();
    let body = t.strip_prefix('+').unwrap_or(t);
    let shape_ok = body.chars().any(|c| c.is_ascii_digit())
        && body.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}')
        });
    if !shape_ok {
        return Err(reason::NOT_A_NUMBER);
    }
    if body.chars().filter(char::is_ascii_digit).count() > 17 {
        return Err(reason::TOO_LONG);
    }
    let number = phonenumber::parse(Some(region.0), t).map_err(|e| match e {
        phonenumber::ParseError::InvalidCountryCode => reason::BAD_COUNTRY,
        phonenumber::ParseError::TooLong => reason::TOO_LONG,
        phonenumber::ParseError::TooShortNsn | phonenumber::ParseError::TooShortAfterIdd => {
            reason::TOO_SHORT
        }
        _ => reason::NOT_A_NUMBER,
    })?;
    // E.164 caps a number at 15 digits, country code included.
    if e164(&number).len() > 16 {
        return Err(reason::TOO_LONG);
    }
    if e164(&number).len() < 9 {
        return Err(reason::TOO_SHORT);
    }
    Ok(number)
}

/// A plausible mailbox address (`email_address`'s RFC 5322 parser): no display name, no
/// domain literal, and a dotted domain (`ana@x` is a typo, not an address).
pub fn is_email(s: &str) -> bool {
    let options = Options {
        minimum_sub_domains: 2,
        allow_domain_literal: false,
        allow_display_text: false,
        ..Options::default()
    };
    EmailAddress::parse_with_options(s, options).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn es(s: &str) -> Result<String, &'static str> {
        normalize_phone(s, PhoneRegion::default())
    }

    #[test]
    fn typed_phones_become_e164() {
        assert_eq!(es("+56 9 9079 8691").unwrap(), "+56990798691");
        assert_eq!(es("+34 612-345-678").unwrap(), "+34612345678");
        assert_eq!(es("612 345 678").unwrap(), "+34612345678");
        // The reference's own dashed and dotted Spanish numbers.
        assert_eq!(es("916-773-639").unwrap(), "+34916773639");
        assert_eq!(es("913.756.134").unwrap(), "+34913756134");
        assert_eq!(es("900-100-200").unwrap(), "+34900100200");
        let cl: PhoneRegion = "cl".parse().unwrap();
        assert_eq!(normalize_phone("9 9079 8691", cl).unwrap(), "+56990798691");
    }

    #[test]
    fn junk_is_refused_with_a_reason() {
        assert_eq!(es("+34abc"), Err(reason::NOT_A_NUMBER));
        assert_eq!(es(""), Err(reason::NOT_A_NUMBER));
        assert_eq!(es("612"), Err(reason::TOO_SHORT));
        assert_eq!(es("+34 412 345 678"), Err(reason::INVALID));
        assert!(es("+0612345678").is_err());
        assert!(es("+1234567890123456").is_err());
        assert!(es("+34 6+12").is_err());
    }

    #[test]
    fn e164_is_the_canonical_form_of_a_valid_number() {
        assert!(is_e164("+34612345678"));
        assert!(is_e164("+5491133334444"));
        // A possible Chilean mobile, whether or not it is allocated.
        assert!(is_e164("+56912345678"));
        assert!(!is_e164("916-773-639"));
        assert!(!is_e164("+34 612 345 678"));
        assert!(!is_e164("34612345678"));
        assert!(!is_e164("+3461"));
    }

    #[test]
    fn emails() {
        for good in [
            "ana@example.es",
            "dannie_littel@kihn.test",
            "leeanne.shields@roob-funk.test",
        ] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "ana",
            "ana@",
            "@x.es",
            "ana@x",
            "a b@x.es",
            "a@b@x.es",
            "a@x..es",
            "Ana <ana@x.es>",
        ] {
            assert!(!is_email(bad), "{bad:?} accepted");
        }
    }

    #[test]
    fn regions_parse_case_insensitively() {
        assert_eq!("es".parse::<PhoneRegion>().unwrap(), PhoneRegion::default());
        assert_eq!("AR".parse::<PhoneRegion>().unwrap().to_string(), "AR");
        assert!("Spain".parse::<PhoneRegion>().is_err());
    }
}
