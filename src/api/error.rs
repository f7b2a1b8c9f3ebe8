//! Turning HTTP outcomes into one readable [`ApiError`], keeping the status.

use super::{ApiError, ErrorKind};
use crate::model::error_message;

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
        ApiError::new(kind, Some(status), format!("HTTP {status}: {detail}"))
    }

    /// A 2xx whose body could not be read as the expected JSON.
    pub fn decode(status: u16, err: &serde_json::Error, body: &str) -> ApiError {
        let what = if body.trim().is_empty() {
            "the body was empty".to_owned()
        } else if body.trim_start().starts_with('<') {
            "it is not JSON (an HTML page?)".to_owned()
        } else {
            err.to_string()
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
