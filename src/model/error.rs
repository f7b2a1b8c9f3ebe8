//! Error bodies: every shape CONTRACT.md names, read into one readable message.
use serde_json::Value;

/// The readable message of an error body, whatever its shape:
/// `{"error", "error_description"}`, `{"errors": {field: [msg]}}`, `{"errors": [msg]}`,
/// `{"detail"}`, `{"message"}`, plain text, an HTML page, or nothing.
pub fn error_message(body: &str) -> Option<String> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return None;
    }
    if let Ok(v) = serde_json::from_str::<Value>(trimmed) {
        return json_error_message(&v);
    }
    if looks_like_html(trimmed) {
        return html_title(trimmed);
    }
    let line: String = trimmed
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    Some(line)
}

fn json_error_message(v: &Value) -> Option<String> {
    let obj = v.as_object()?;
    let mut parts = Vec::new();
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    };
    if let Some(e) = obj.get("error").and_then(text) {
        match obj.get("error_description").and_then(text) {
            Some(d) => parts.push(format!("{e}: {d}")),
            None => parts.push(e),
        }
    }
    if let Some(d) = obj.get("detail").and_then(text) {
        parts.push(d);
    }
    if let Some(m) = obj.get("message").and_then(text) {
        parts.push(m);
    }
    match obj.get("errors") {
        Some(Value::Object(fields)) => {
            for (field, msgs) in fields {
                let msgs: Vec<String> = match msgs {
                    Value::Array(a) => a.iter().filter_map(text).collect(),
                    other => text(other).into_iter().collect(),
                };
                if !msgs.is_empty() {
                    parts.push(format!("{field} {}", msgs.join(", ")));
                }
            }
        }
        Some(Value::Array(list)) => parts.extend(list.iter().filter_map(text)),
        Some(Value::String(s)) => parts.push(s.clone()),
        _ => {}
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Field errors of a `{"errors": {field: [msg]}}` body, for forms that show them per field.
pub fn field_errors(body: &str) -> Vec<(String, String)> {
    let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(body) else {
        return Vec::new();
    };
    let Some(Value::Object(fields)) = obj.get("errors") else {
        return Vec::new();
    };
    fields
        .iter()
        .map(|(k, v)| {
            let msg = match v {
                Value::Array(a) => a
                    .iter()
                    .map(|m| {
                        m.as_str()
                            .map(str::to_owned)
                            .unwrap_or_else(|| m.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), msg)
        })
        .collect()
}

fn looks_like_html(s: &str) -> bool {
    let head: String = s.chars().take(200).collect::<String>().to_ascii_lowercase();
    head.contains("<html")
        || head.contains("<!doctype")
        || head.contains("<body")
        || head.contains("<h1")
}

/// The `<title>` (or first `<h1>`) of an HTML error page, else a fixed phrase.
fn html_title(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    for tag in ["title", "h1"] {
        let open = format!("<{tag}");
        if let Some(start) = lower.find(&open) {
            let after = start + lower[start..].find('>')? + 1;
            let end = after + lower[after..].find(&format!("</{tag}"))?;
            let text = s[after..end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !text.is_empty() {
                return Some(text);
            }
        }
    }
    Some("the server answered with an HTML page".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape() {
        assert_eq!(
            error_message(
                r#"{"error":"invalid_client","error_description":"Client authentication failed"}"#
            )
            .unwrap(),
            "invalid_client: Client authentication failed"
        );
        assert_eq!(
            error_message(r#"{"detail":"missing_required_params"}"#).unwrap(),
            "missing_required_params"
        );
        assert_eq!(
            error_message(r#"{"errors":{"email":["is invalid"],"start_date":["can't be blank"]}}"#)
                .unwrap(),
            "email is invalid; start_date can't be blank"
        );
        assert_eq!(
            error_message(r#"{"errors":["Contract not found"]}"#).unwrap(),
            "Contract not found"
        );
        assert_eq!(
            error_message("<html><head><title>502 Bad Gateway</title></head><body>x</body></html>")
                .unwrap(),
            "502 Bad Gateway"
        );
        assert_eq!(
            error_message("Service Unavailable\nmore").unwrap(),
            "Service Unavailable"
        );
        assert_eq!(error_message("  "), None);
        assert_eq!(error_message("null"), None);
    }
}
