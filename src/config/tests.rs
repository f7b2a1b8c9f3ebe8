use super::*;
use secrecy::ExposeSecret;
use std::path::Path;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("/etc/mok.toml"))
}

#[test]
fn full_example_parses() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"))
        .expect("config.example.toml at the repo root");
    let c = parse(&text).unwrap();
    assert_eq!(c.api.timeout_secs, 10);
    assert!(c.webhook.is_some());
    assert_eq!(c.ui.language, Some(Language::Es));
}

#[test]
fn unknown_key_names_file_key_and_line() {
    let e =
        parse("[api]\nbase_url = \"http://x\"\n\n[board]\npoll_intervall_secs = 5\n").unwrap_err();
    assert!(
        e.message.starts_with("/etc/mok.toml: line 5: "),
        "{}",
        e.message
    );
    assert!(e.message.contains("poll_intervall_secs"), "{}", e.message);
}

#[test]
fn wrong_type_names_key_and_line() {
    let e = parse("[api]\nclient_id = \"a\"\ntimeout_secs = \"ten\"\n").unwrap_err();
    assert!(
        e.message
            .starts_with("/etc/mok.toml: line 3: key api.timeout_secs: "),
        "{}",
        e.message
    );
    let e = parse("[ui]\nlanguage = \"fr\"\n").unwrap_err();
    assert!(
        e.message.contains("line 2: key ui.language"),
        "{}",
        e.message
    );
}

#[test]
fn syntax_error_has_a_line() {
    let e = parse("[api]\nbase_url = \"http://x\n").unwrap_err();
    assert!(e.message.contains("line 2"), "{}", e.message);
}

#[test]
fn unknown_path_operation_is_refused_with_its_line() {
    let e = parse("[api.paths]\nlist_plans = \"/v2/plans\"\nlist_plan = \"/x\"\n").unwrap_err();
    assert!(
        e.message
            .contains("line 3: key api.paths.list_plan: unknown operation"),
        "{}",
        e.message
    );
    let c = parse("[api.paths]\nget_service_request = \"/v2/sr/{id}\"\n").unwrap();
    assert_eq!(c.api.paths["get_service_request"], "/v2/sr/{id}");
}

#[test]
fn unreadable_file_is_named() {
    let e = Config::load(Some(Path::new("/nonexistent/mok/config.toml"))).unwrap_err();
    assert!(
        e.message
            .starts_with("/nonexistent/mok/config.toml: cannot be read"),
        "{}",
        e.message
    );
}

#[test]
fn env_overrides_file() {
    let mut c = parse("[api]\nbase_url = \"http://a\"\nclient_id = \"file\"\nclient_secret = \"s\"\n[webhook]\nlisten = \"127.0.0.1:8787\"\n").unwrap();
    c.apply_env(|k| match k {
        "MOK_CLIENT_ID" => Some("env-id".into()),
        "MOK_BASE_URL" => Some("http://b".into()),
        "MOK_ADMIN_EMAIL" => Some("a@b.c".into()),
        "MOK_ADMIN_TOKEN" => Some("tok".into()),
        "MOK_WEBHOOK_SECRET" => Some("wh".into()),
        "MOK_CLIENT_SECRET" => Some("  ".into()),
        _ => None,
    });
    c.validate().unwrap();
    let cc = c.client_config().unwrap();
    assert_eq!(cc.client_id, "env-id");
    assert_eq!(cc.base_url, "http://b");
    assert_eq!(cc.client_secret.expose_secret(), "s");
    assert_eq!(cc.admin.unwrap().email, "a@b.c");
    assert_eq!(c.webhook.unwrap().secret.unwrap().expose_secret(), "wh");
}

#[test]
fn no_credentials_means_no_client() {
    let c = parse("[board]\npoll_interval_secs = 3\n").unwrap();
    assert!(c.client_config().is_none());
    let c = parse("[api]\nclient_id = \"x\"\n").unwrap();
    assert!(c.validate().unwrap_err().message.contains("client_secret"));
}

#[test]
fn secrets_are_not_printed() {
    let c = parse("[api]\nbase_url = \"http://a\"\nclient_id = \"id\"\nclient_secret = \"hunter2-secret\"\n[admin]\nemail = \"a@b\"\ntoken = \"admin-tok-123\"\n").unwrap();
    let shown = format!("{c:?} {:?}", c.client_config());
    assert!(
        !shown.contains("hunter2-secret") && !shown.contains("admin-tok-123"),
        "{shown}"
    );
}

#[cfg(unix)]
#[test]
fn readable_secrets_file_warns() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.toml");
    std::fs::write(
        &p,
        "[api]\nbase_url = \"http://a\"\nclient_id = \"id\"\nclient_secret = \"s\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    let c = Config::load(Some(&p)).unwrap();
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    assert!(c.warnings[0].contains("chmod 600"));
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(Config::load(Some(&p)).unwrap().warnings.is_empty());
}

#[test]
fn language_from_config_then_environment() {
    assert_eq!(
        language_from_env(|k| (k == "LANG").then(|| "en_GB.UTF-8".into())),
        Language::En
    );
    assert_eq!(
        language_from_env(|k| (k == "LANG").then(|| "es_ES.UTF-8".into())),
        Language::Es
    );
    assert_eq!(
        language_from_env(|k| match k {
            "LC_ALL" => Some("en_US.UTF-8".into()),
            "LANG" => Some("es_ES".into()),
            _ => None,
        }),
        Language::En
    );
    assert_eq!(language_from_env(|_| None), Language::Es);
    let c = parse("[ui]\nlanguage = \"en\"\n").unwrap();
    assert_eq!(c.language(), Language::En);
}

#[test]
fn webhook_token_credentials_come_from_file_or_env_and_come_in_pairs() {
    let text = "[webhook]\nlisten = \"127.0.0.1:8787\"\nsecret = \"s\"\ntoken_client_id = \"hooks\"\ntoken_client_secret = \"file-secret\"\ntoken_ttl_secs = 600\n";
    let mut c = parse(text).unwrap();
    c.validate().unwrap();
    c.apply_env(|k| match k {
        "MOK_WEBHOOK_TOKEN_CLIENT_SECRET" => Some("env-secret".into()),
        "MOK_WEBHOOK_TOKEN_CLIENT_ID" => Some("env-hooks".into()),
        "MOK_WEBHOOK_BASIC_PASSWORD" => Some("env-pass".into()),
        "MOK_WEBHOOK_BEARER_TOKEN" => Some("env-bearer".into()),
        _ => None,
    });
    let w = c.webhook.as_ref().unwrap();
    assert_eq!(w.token_client_id.as_deref(), Some("env-hooks"));
    assert_eq!(
        w.token_client_secret.as_ref().unwrap().expose_secret(),
        "env-secret"
    );
    assert_eq!(w.token_ttl_secs, Some(600));
    assert_eq!(
        w.bearer_token.as_ref().unwrap().expose_secret(),
        "env-bearer"
    );
    assert!(!format!("{c:?}").contains("env-secret"));

    let half =
        parse("[webhook]\nlisten = \"127.0.0.1:8787\"\ntoken_client_id = \"hooks\"\n").unwrap();
    let e = half.validate().unwrap_err().message;
    assert!(e.contains("token_client_secret"), "{e}");
    let half =
        parse("[webhook]\nlisten = \"127.0.0.1:8787\"\ntoken_client_secret = \"x\"\n").unwrap();
    assert!(
        half.validate()
            .unwrap_err()
            .message
            .contains("token_client_id")
    );
    let half = parse("[webhook]\nlisten = \"127.0.0.1:8787\"\nbasic_user = \"mok\"\n").unwrap();
    assert!(
        half.validate()
            .unwrap_err()
            .message
            .contains("basic_password")
    );
    let zero = parse("[webhook]\nlisten = \"127.0.0.1:8787\"\ntoken_ttl_secs = 0\n").unwrap();
    assert!(
        zero.validate()
            .unwrap_err()
            .message
            .contains("token_ttl_secs")
    );
}

#[test]
fn theme_is_read_and_a_bad_one_names_key_and_line() {
    assert_eq!(parse("").unwrap().ui.theme, Theme::Default);
    let c = parse("[ui]\ntheme = \"high-contrast\"\n").unwrap();
    assert_eq!(c.ui.theme, Theme::HighContrast);
    assert_eq!(
        parse("[ui]\ntheme = \"mono\"\n").unwrap().ui.theme,
        Theme::Mono
    );
    let e = parse("[ui]\nlanguage = \"en\"\ntheme = \"neon\"\n").unwrap_err();
    assert!(
        e.message
            .starts_with("/etc/mok.toml: line 3: key ui.theme: "),
        "{}",
        e.message
    );
    assert!(e.message.contains("high-contrast"), "{}", e.message);
}

#[test]
fn no_color_in_the_environment_means_mono() {
    let mut c = parse("[ui]\ntheme = \"high-contrast\"\n").unwrap();
    c.apply_env(|k| (k == "NO_COLOR").then(|| "1".into()));
    assert_eq!(c.ui.theme, Theme::Mono);
    // Set but empty is not set (no-color.org).
    let mut c = parse("[ui]\ntheme = \"high-contrast\"\n").unwrap();
    c.apply_env(|k| (k == "NO_COLOR").then(String::new));
    assert_eq!(c.ui.theme, Theme::HighContrast);
}

// ---- [keys] (branch keymap) ----

#[test]
fn keys_rebind_actions_by_name_with_one_key_or_a_list() {
    let c = parse(
        "[ui]\nmouse = false\n\n[keys]\n\"board.filter\" = \"f\"\n\"global.quit\" = [\"ctrl-q\", \"f10\"]\n\n[keys.lookup]\nwhatsapp = \"alt-w\"\n",
    )
    .unwrap();
    assert!(!c.ui.mouse());
    let map = c.keymap().unwrap();
    let write = |action: &str| -> Vec<String> {
        map.get(action)
            .unwrap_or_else(|| panic!("{action} not rebound"))
            .iter()
            .map(crate::tui::keymap::spec::write)
            .collect()
    };
    assert_eq!(write("board.filter"), ["f"]);
    assert_eq!(write("global.quit"), ["ctrl-q", "f10"]);
    assert_eq!(write("lookup.whatsapp"), ["alt-w"]);
    assert!(parse("").unwrap().ui.mouse(), "the mouse is on by default");
}

#[test]
fn a_key_conflict_is_refused_with_its_file_key_and_line() {
    // `s` is the board's status key: both would be live in the board's table.
    let e = parse(
        "[ui]\nlanguage = \"en\"\n\n[keys]\n\"board.refresh\" = \"r\"\n\"board.filter\" = \"s\"\n",
    )
    .unwrap_err();
    assert!(
        e.message
            .starts_with("/etc/mok.toml: line 6: key keys.board.filter: "),
        "{}",
        e.message
    );
    assert!(e.message.contains("board.status"), "{}", e.message);
    // A pane's key on a global one (`q` quits everywhere).
    let e = parse("[keys.lookup]\nwhatsapp = \"q\"\n").unwrap_err();
    assert!(
        e.message.contains("line 2: key keys.lookup.whatsapp"),
        "{}",
        e.message
    );
    assert!(e.message.contains("global.quit"), "{}", e.message);
    // Written as a dotted key or as a sub-table, the line is still found.
    for text in [
        "[keys]\nboard.filter = \"s\"\n",
        "[ui]\nmouse = true\n[keys.board]\n\nfilter = \"s\"\n",
    ] {
        let e = parse(text).unwrap_err();
        let line = text.lines().position(|l| l.contains("filter")).unwrap() + 1;
        assert!(
            e.message
                .contains(&format!("line {line}: key keys.board.filter: key \"s\"")),
            "{text}: {}",
            e.message
        );
    }
    // Swapping two keys is no conflict: checked once every override is in.
    parse("[keys]\n\"board.filter\" = \"s\"\n\"board.status\" = \"/\"\n").unwrap();
}

#[test]
fn an_unknown_action_or_key_is_refused_with_its_line() {
    let e = parse("[keys]\n\"board.filter\" = \"f\"\n\"board.fliter\" = \"g\"\n").unwrap_err();
    assert!(
        e.message
            .starts_with("/etc/mok.toml: line 3: key keys.board.fliter: unknown action"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("did you mean board.filter"),
        "{}",
        e.message
    );
    let e = parse("[keys]\n\n\"board.filter\" = \"ctlr-f\"\n").unwrap_err();
    assert!(
        e.message.contains("line 3: key keys.board.filter: ") && e.message.contains("\"ctlr-f\""),
        "{}",
        e.message
    );
    let e = parse("[keys]\n\"board.filter\" = 7\n").unwrap_err();
    assert!(
        e.message.contains("line 2") && e.message.contains("7 is not a key"),
        "{}",
        e.message
    );
}
