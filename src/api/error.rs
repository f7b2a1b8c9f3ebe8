//! Turning HTTP outcomes into one readable [`ApiError`], keeping the status.

use super::{ApiError, ErrorKind};
use crate::model::error_message;

/// The most of serde's explanation a decode error quotes.
const DECODE_DETAIL_CHARS: usize = 200;
/// The most of a server's own error text an error quotes.
const SERVER_DETAIL_CHARS: usize = 600;

/// `text` cut to `max` characters, with "…" when cut.
fn capped(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

impl ApiError {
    pub fn new(kind: ErrorKind, status: Option<u16>, message: impl Into<String>) -> ApiError {
        ApiError {
            kind,
            status,
            message: message.into(),
            retry_after: None,
        }
    }

    /// Refused before anything was sent.
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorKind::Invalid, None, message)
    }

    /// The server answered `status` with `body`: "HTTP 422: email is invalid".
    pub fn from_status(status: u16, body: &str) -> ApiError {
        let kind = match status {
            401 | 403 => ErrorKind::Unauthorized,
            404 => ErrorKind::NotFound,
            429 => ErrorKind::RateLimited,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::Rejected,
        };
        let detail = error_message(body).unwrap_or_else(|| reason(status).to_owned());
        // Enough for every field's reason of a real 422; a server that sends a novel is
        // cut rather than flooding the status line and the log.
        let detail = capped(&detail, SERVER_DETAIL_CHARS);
        ApiError::new(kind, Some(status), format!("HTTP {status}: {detail}"))
    }

    /// A 2xx whose body could not be read as the expected JSON.
    pub fn decode(status: u16, err: &serde_json::Error, body: &str) -> ApiError {
        let what = if body.trim().is_empty() {
            "the body was empty".to_owned()
        } else if body.trim_start().starts_with('<') {
            "it is not JSON (an HTML page?)".to_owned()
        } else {
            // serde quotes the offending value whole: a megabyte string, or a customer's
            // data, would land on the status line and in the log.
            capped(&err.to_string(), DECODE_DETAIL_CHARS)
        };
        ApiError::new(
            ErrorKind::Decode,
            Some(status),
            format!("HTTP {status}: the server's answer could not be read: {what}"),
        )
    }

    /// A transport failure: no answer at all.
    pub fn transport(err: &reqwest::Error, base_url: &str) -> ApiError {
        if err.is_timeout() {
            return ApiError::new(
                ErrorKind::Timeout,
                None,
                format!("{base_url} did not answer in time"),
            );
        }
        let what = if err.is_connect() {
            "could not connect to"
        } else {
            "lost the connection to"
        };
        // The innermost cause says why ("connection refused"); reqwest's own Display would
        // repeat the URL with its query, which we keep out of messages.
        let mut cause: Option<&dyn std::error::Error> = std::error::Error::source(err);
        let mut why = None;
        while let Some(c) = cause {
            why = Some(c.to_string());
            cause = c.source();
        }
        let msg = match why.filter(|w| !w.is_empty()) {
            Some(why) => format!("{what} {base_url}: {why}"),
            None => format!("{what} {base_url}"),
        };
        ApiError::new(ErrorKind::Network, None, msg)
    }

    /// True for the outcomes a retry may cure.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Server | ErrorKind::RateLimited
        )
    }

    /// Replaces every occurrence of a secret with `[redacted]`.
    pub(crate) fn redact(mut self, secrets: &[&str]) -> ApiError {
        for s in secrets.iter().filter(|s| s.len() >= 4) {
            if self.message.contains(s) {
                self.message = self.message.replace(s, "[redacted]");
            }
        }
        self
    }
}

/// Canonical reason phrase, for bodies that say nothing.
fn reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("no details given")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by tests/prop_models.rs and tests/prop_headers.rs: a field holding a long
    /// string where an object was expected made serde's message, and so the error, quote
    /// the whole string; a long `error_description` was quoted whole too.
    #[test]
    fn an_error_quotes_at_most_a_little_of_the_value_or_the_server_text() {
        let body = format!(r#"{{"service_request": "{}"}}"#, "x".repeat(100_000));
        let err = serde_json::from_str::<crate::model::ServiceRequestEnvelope>(&body).unwrap_err();
        let e = ApiError::decode(200, &err, &body);
        assert!(e.message.len() < 400, "{} chars", e.message.len());
        assert!(
            e.message
                .contains("could not be read: invalid type: string"),
            "{}",
            e.message
        );
        assert!(e.message.ends_with('…'), "{}", e.message);
        let long = format!(
            r#"{{"error":"invalid","error_description":"{}"}}"#,
            "y".repeat(50_000)
        );
        let e = ApiError::from_status(422, &long);
        assert!(
            e.message.starts_with("HTTP 422: invalid: yyy"),
            "{}",
            e.message
        );
        assert!(e.message.chars().count() < 700, "{} chars", e.message.len());
        assert_eq!(capped("ñandú", 3), "ñan…");
        assert_eq!(capped("ñandú", 5), "ñandú");
    }

    #[test]
    fn every_error_shape_keeps_its_status() {
        let e = ApiError::from_status(422, r#"{"errors":{"email":["is invalid"]}}"#);
        assert_eq!(e.message, "HTTP 422: email is invalid");
        assert_eq!((e.kind, e.status), (ErrorKind::Rejected, Some(422)));
        let e = ApiError::from_status(422, r#"{"detail":"missing_required_params"}"#);
        assert_eq!(e.message, "HTTP 422: missing_required_params");
        let e = ApiError::from_status(404, r#"{"error":"Not found"}"#);
        assert_eq!(
            (e.kind, e.message.as_str()),
            (ErrorKind::NotFound, "HTTP 404: Not found")
        );
        let e = ApiError::from_status(400, r#"{"errors":["Contract not found"]}"#);
        assert_eq!(e.message, "HTTP 400: Contract not found");
        let e = ApiError::from_status(
            401,
            r#"{"error":"invalid_client","error_description":"Client authentication failed"}"#,
        );
        assert_eq!(e.kind, ErrorKind::Unauthorized);
        assert_eq!(
            e.message,
            "HTTP 401: invalid_client: Client authentication failed"
        );
        let e = ApiError::from_status(
            502,
            "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
        );
        assert_eq!(
            (e.kind, e.message.as_str()),
            (ErrorKind::Server, "HTTP 502: 502 Bad Gateway")
        );
        let e = ApiError::from_status(503, "");
        assert_eq!(e.message, "HTTP 503: Service Unavailable");
        let e = ApiError::from_status(500, "Internal error\nstack trace…");
        assert_eq!(e.message, "HTTP 500: Internal error");
        let e = ApiError::from_status(429, "null");
        assert_eq!(
            (e.kind, e.message.as_str()),
            (ErrorKind::RateLimited, "HTTP 429: Too Many Requests")
        );
    }

    #[test]
    fn decode_errors_say_the_answer_could_not_be_read() {
        for body in ["{\"service_request\": ", "", "<html>oops</html>"] {
            let err = serde_json::from_str::<serde_json::Value>(body).unwrap_err();
            let e = ApiError::decode(200, &err, body);
            assert_eq!(e.kind, ErrorKind::Decode);
            assert!(
                e.message
                    .starts_with("HTTP 200: the server's answer could not be read: "),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn secrets_are_redacted() {
        let e = ApiError::from_status(401, r#"{"error":"bad secret s3cr3t-value"}"#)
            .redact(&["s3cr3t-value", ""]);
        assert_eq!(e.message, "HTTP 401: bad secret [redacted]");
    }
}
