//! The built binary's headless commands against a sandbox started in the test.

mod common;

use mok_console::sandbox::{self, SandboxHandle};
use serde_json::Value;
use std::path::{Path, PathBuf};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }

    fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "stderr: {}\nstdout: {}",
            self.stderr, self.stdout
        );
        self
    }

    /// Failed with `code` and exactly one line on stderr.
    fn failed(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "stderr: {}\nstdout: {}",
            self.stderr, self.stdout
        );
        assert_eq!(
            self.stderr.trim_end().lines().count(),
            1,
            "one line: {:?}",
            self.stderr
        );
        assert!(self.stderr.starts_with("error: "), "{}", self.stderr);
        self
    }
}

fn write_config(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path
}

fn sandbox_config(dir: &Path, sb: &SandboxHandle) -> PathBuf {
    write_config(
        dir,
        &format!(
            "[api]\nbase_url = \"{}\"\nclient_id = \"{}\"\nclient_secret = \"{}\"\ntimeout_secs = 10\n\n[admin]\nemail = \"{}\"\ntoken = \"{}\"\n",
            sb.base_url(),
            sandbox::CLIENT_ID,
            sandbox::CLIENT_SECRET,
            sandbox::ADMIN_EMAIL,
            sandbox::ADMIN_TOKEN
        ),
    )
}

async fn run(config: &Path, args: &[&str]) -> Run {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_mok-console"))
        .arg("--config")
        .arg(config)
        .args(args)
        // The test's environment must not override the config.
        .env_remove("MOK_BASE_URL")
        .env_remove("MOK_CLIENT_ID")
        .env_remove("MOK_CLIENT_SECRET")
        .env_remove("MOK_ADMIN_EMAIL")
        .env_remove("MOK_ADMIN_TOKEN")
        .env(
            "XDG_STATE_HOME",
            std::env::temp_dir().join("mok-console-cli-test-logs"),
        )
        // Actions are journaled in the data dir: never the developer's own.
        .env(
            "XDG_DATA_HOME",
            std::env::temp_dir().join("mok-console-cli-test-data"),
        )
        .output()
        .await
        .expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn me_plans_and_contracts_as_tables_and_json() {
    let sb = common::sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = sandbox_config(dir.path(), &sb);
    let me = run(&cfg, &["me"]).await.ok();
    assert!(me.stdout.contains("provider network:"), "{}", me.stdout);
    let me = run(&cfg, &["me", "--json"]).await.ok().json();
    assert!(me["provider_network"]["services"].is_array());
    let plans = run(&cfg, &["plans", "--json"]).await.ok().json();
    assert!(plans["plans"].as_array().is_some_and(|p| !p.is_empty()));
    run(&cfg, &["plans"]).await.ok();
    let found = run(
        &cfg,
        &["contracts", "search", "--access-identifier", "DEMO-0001"],
    )
    .await
    .ok();
    assert!(found.stdout.contains("DEMO-0001"), "{}", found.stdout);
    assert!(found.stdout.contains("BLOCKED"), "{}", found.stdout);
    // Variable copayment: the tiers themselves, not a count.
    for tier in [
        "from=1 percentage=0.0 to=2",
        "from=3 percentage=10.0 to=4",
        "from=5 percentage=25.0",
    ] {
        assert!(found.stdout.contains(tier), "{tier}: {}", found.stdout);
    }
    assert!(!found.stdout.contains(" tiers)"), "{}", found.stdout);
    let found = run(
        &cfg,
        &[
            "contracts",
            "search",
            "--access-identifier",
            "DEMO-0001",
            "--json",
        ],
    )
    .await
    .ok()
    .json();
    let id = found["contracts"][0]["id"].as_i64().unwrap();
    let by_id = run(
        &cfg,
        &["contracts", "search", "--id", &id.to_string(), "--json"],
    )
    .await
    .ok()
    .json();
    assert_eq!(by_id["contracts"][0]["id"].as_i64(), Some(id));
    // Two kinds at once is a usage error.
    let both = run(
        &cfg,
        &["contracts", "search", "--id", "1", "--email", "a@b.c"],
    )
    .await;
    assert_eq!(both.code, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_create_get_update_list() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (contract_id, service_id, _) = common::demo_contract(&client).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = sandbox_config(dir.path(), &sb);
    let created = run(
        &cfg,
        &[
            "requests",
            "create",
            "--contract-id",
            &contract_id.to_string(),
            "--service-id",
            &service_id.to_string(),
            "--field",
            "origin_address=Gran Vía 1, Madrid",
            "--answer",
            "some_unknown_key=yes",
            "--json",
        ],
    )
    .await
    .ok();
    // A key the service's question set does not know: sent as given, with a warning.
    assert!(
        created.stderr.contains("warning:") && created.stderr.contains("some_unknown_key"),
        "{}",
        created.stderr
    );
    let created = created.json();
    let sr = &created["service_request"];
    assert!(
        sr["answers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["question_key"] == "some_unknown_key" && a["value"] == "yes"),
        "{sr}"
    );
    let id = sr["id"].as_i64().unwrap();
    let ext = sr["external_id"].as_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&ext).is_ok());
    assert_eq!(sb.requests_with_external_id(&ext).len(), 1);

    let got = run(&cfg, &["requests", "get", &id.to_string()]).await.ok();
    assert!(got.stdout.contains("Gran Vía 1, Madrid"), "{}", got.stdout);
    let updated = run(
        &cfg,
        &[
            "requests",
            "update",
            &id.to_string(),
            "--status",
            "assigned",
            "--field",
            "provider_name=Grúas CLI",
            "--json",
        ],
    )
    .await
    .ok()
    .json();
    assert_eq!(updated["service_request"]["current_status"], "assigned");

    let listed = run(&cfg, &["requests", "list", "--external-id", &ext, "--json"])
        .await
        .ok()
        .json();
    assert_eq!(listed["service_requests"].as_array().unwrap().len(), 1);
    let table = run(
        &cfg,
        &["requests", "list", "--page", "1", "--page-size", "5"],
    )
    .await
    .ok();
    assert!(table.stdout.starts_with("ID "), "{}", table.stdout);
    let all = run(
        &cfg,
        &["requests", "list", "--all", "--page-size", "3", "--json"],
    )
    .await
    .ok()
    .json();
    let items = all["service_requests"].as_array().unwrap();
    assert!(items.len() > 3, "every page in one document");
    assert!(items.iter().any(|i| i["id"].as_i64() == Some(id)));

    let missing = run(&cfg, &["requests", "get", "9999999999"])
        .await
        .failed(3);
    assert!(missing.stderr.contains("HTTP 404"), "{}", missing.stderr);
    run(&cfg, &["requests", "update", &id.to_string()])
        .await
        .failed(2);
}

#[tokio::test(flavor = "multi_thread")]
async fn whatsapp_and_ranking() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (_, _, service_ext) = common::demo_contract(&client).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = sandbox_config(dir.path(), &sb);
    let refused = run(&cfg, &["whatsapp", "send", "612 34x"]).await.failed(2);
    assert!(
        refused.stderr.contains("not a phone number"),
        "{}",
        refused.stderr
    );
    assert!(sb.whatsapp_sent().is_empty(), "nothing sent");
    // Typed without the country code: read in the configured region (ES), sent as E.164.
    run(&cfg, &["whatsapp", "send", "612 345 678"]).await.ok();
    assert_eq!(sb.whatsapp_sent(), vec!["+34612345678".to_string()]);
    let ranked = run(
        &cfg,
        &[
            "providers",
            "rank",
            "--zone",
            "Z-MAD-01",
            "--service",
            &service_ext,
            "--json",
        ],
    )
    .await
    .ok()
    .json();
    assert!(ranked["providers"].as_array().unwrap().len() >= 3);
    let table = run(
        &cfg,
        &[
            "providers",
            "rank",
            "--zone",
            "Z-MAD-01",
            "--service",
            &service_ext,
        ],
    )
    .await
    .ok();
    assert!(table.stdout.starts_with('#'), "{}", table.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_points_and_recurrent() {
    let sb = common::sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = sandbox_config(dir.path(), &sb);
    let tx = run(
        &cfg,
        &[
            "admin",
            "points",
            "add",
            "--access-identifier",
            "DEMO-0001",
            "--points",
            "5",
            "--json",
        ],
    )
    .await
    .ok()
    .json();
    let id = tx["point_transaction"]["id"].as_i64().unwrap();
    run(&cfg, &["admin", "points", "get", &id.to_string()])
        .await
        .ok();
    let list = run(&cfg, &["admin", "points", "list", "--json"])
        .await
        .ok()
        .json();
    assert!(
        list["point_transactions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"].as_i64() == Some(id))
    );
    run(
        &cfg,
        &[
            "admin",
            "points",
            "add",
            "--access-identifier",
            "DEMO-0001",
            "--points",
            "5",
            "--type",
            "gift",
        ],
    )
    .await
    .failed(2);

    let rule = run(
        &cfg,
        &[
            "admin",
            "recurrent",
            "create",
            "--access-identifier",
            "DEMO-0001",
            "--points",
            "3",
            "--start-date",
            "2026-01-01",
            "--period",
            "P1M",
            "--json",
        ],
    )
    .await
    .ok()
    .json();
    let rid = rule["recurrent_point_transaction"]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    run(
        &cfg,
        &[
            "admin",
            "recurrent",
            "update",
            &rid,
            "--access-identifier",
            "DEMO-0001",
            "--points",
            "4",
            "--start-date",
            "2026-01-01",
            "--period",
            "P1M",
        ],
    )
    .await
    .ok();
    let got = run(&cfg, &["admin", "recurrent", "get", &rid, "--json"])
        .await
        .ok()
        .json();
    assert_eq!(
        got["recurrent_point_transaction"]["points"].as_f64(),
        Some(4.0)
    );
    run(&cfg, &["admin", "recurrent", "list"]).await.ok();
    run(
        &cfg,
        &[
            "admin",
            "recurrent",
            "create",
            "--access-identifier",
            "X",
            "--points",
            "1",
            "--start-date",
            "2026-01-01",
            "--period",
            "monthly",
        ],
    )
    .await
    .failed(2);
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_contracts_upsert_and_import_with_failures_file() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let plan = client.plans().await.unwrap()[0].code.clone().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cfg = sandbox_config(dir.path(), &sb);
    let before = client.admin_contracts().await.unwrap().len();

    run(
        &cfg,
        &[
            "admin",
            "contracts",
            "upsert",
            "--field",
            &format!("application_code={plan}"),
            "--field",
            "access_identifier=CLI-UPSERT-1",
            "--field",
            "start_date=2025-01-01",
        ],
    )
    .await
    .ok();
    run(&cfg, &["admin", "contracts", "list", "--json"])
        .await
        .ok()
        .json();

    // Unknown column: an error before anything is sent.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "application_code,access_identifier,shoe_size\nP,A,42\n",
    )
    .unwrap();
    let r = run(
        &cfg,
        &["admin", "contracts", "import", bad.to_str().unwrap()],
    )
    .await
    .failed(2);
    assert!(r.stderr.contains("shoe_size"), "{}", r.stderr);
    assert_eq!(client.admin_contracts().await.unwrap().len(), before + 1);

    let csv = dir.path().join("contracts.csv");
    std::fs::write(
        &csv,
        format!(
            "application_code,access_identifier,first_name,email,start_date,end_date,active\n\
             {plan},CLI-IMP-1,Ana,ana@example.com,2025-01-01,2030-01-01,true\n\
             {plan},CLI-IMP-2,Luis,not-an-email,2025-01-01,2030-01-01,true\n\
             {plan},CLI-IMP-3,Eva,,2025-13-01,,\n\
             {plan},CLI-IMP-4,Pía,pia@example.com,,,false\n"
        ),
    )
    .unwrap();
    let r = run(
        &cfg,
        &["admin", "contracts", "import", csv.to_str().unwrap()],
    )
    .await
    .failed(1);
    // Row 3 is refused here; rows 2 (the sandbox refuses a malformed email) and 4 (no
    // start_date) by the server: an odd email is the server's to judge.
    assert!(r.stdout.contains("created 1"), "{}", r.stdout);
    assert!(r.stdout.contains("failed 3"), "{}", r.stdout);
    let failed = std::fs::read_to_string(dir.path().join("contracts.failed.csv")).unwrap();
    let lines: Vec<&str> = failed.lines().collect();
    assert_eq!(lines.len(), 4, "{failed}");
    assert!(lines[0].ends_with(",error"));
    assert!(
        lines[1].contains("CLI-IMP-2") && lines[1].contains("email"),
        "{failed}"
    );
    assert!(
        lines[2].contains("CLI-IMP-3") && lines[2].contains("start_date"),
        "{failed}"
    );
    assert!(
        lines[3].contains("CLI-IMP-4") && lines[3].contains("start_date"),
        "{failed}"
    );
    assert_eq!(client.admin_contracts().await.unwrap().len(), before + 2);

    // Run again: the rows already imported are not sent again.
    let r = run(
        &cfg,
        &[
            "admin",
            "contracts",
            "import",
            csv.to_str().unwrap(),
            "--json",
        ],
    )
    .await
    .failed(1);
    let summary: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(summary["skipped"], 1);
    assert_eq!(summary["created"], 0);
    assert_eq!(summary["updated"], 0);
    assert_eq!(summary["failed"], 3);
    assert_eq!(client.admin_contracts().await.unwrap().len(), before + 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn configuration_and_connection_failures_are_one_line() {
    let dir = tempfile::tempdir().unwrap();
    // No credentials: headless refuses rather than silently using the sandbox.
    let empty = write_config(dir.path(), "[ui]\nlanguage = \"en\"\n");
    let r = run(&empty, &["me"]).await.failed(2);
    assert!(
        r.stderr.contains("no credentials configured"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--sandbox"), "{}", r.stderr);
    // ... unless asked to.
    let me = run(&empty, &["me", "--sandbox", "--json"])
        .await
        .ok()
        .json();
    assert!(me["provider_network"].is_object());

    let typo = write_config(
        dir.path(),
        "[api]\nbase_url = \"http://127.0.0.1:1\"\ntimeout_sec = 3\n",
    );
    let r = run(&typo, &["me"]).await.failed(2);
    assert!(r.stderr.contains("config.toml: line 3"), "{}", r.stderr);
    assert!(r.stderr.contains("timeout_sec"), "{}", r.stderr);

    // A port nothing listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let down = write_config(
        dir.path(),
        &format!(
            "[api]\nbase_url = \"http://127.0.0.1:{port}\"\nclient_id = \"a\"\nclient_secret = \"top-secret-value\"\ntimeout_secs = 2\n"
        ),
    );
    let r = run(&down, &["plans"]).await.failed(4);
    assert!(!r.stderr.contains("top-secret-value"));

    // Bad credentials: refused, and the secret is not shown.
    let sb = common::sandbox().await;
    let wrong = write_config(
        dir.path(),
        &format!(
            "[api]\nbase_url = \"{}\"\nclient_id = \"sandbox-client\"\nclient_secret = \"wrong-secret-xyz\"\n",
            sb.base_url()
        ),
    );
    let r = run(&wrong, &["me"]).await.failed(3);
    assert!(r.stderr.contains("HTTP 401"), "{}", r.stderr);
    assert!(!r.stderr.contains("wrong-secret-xyz"));
    // Admin commands without admin credentials.
    run(&wrong, &["admin", "contracts", "list"]).await.failed(2);
}

/// The seed's `GET service_requests` example (request 60), verbatim.
fn reference_request() -> Value {
    serde_json::from_str(include_str!("fixtures/reference_service_request.json")).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_create_by_access_or_document_identifier() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (_, _, service_ext) = common::demo_contract(&client).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = sandbox_config(dir.path(), &sb);
    for flag in ["--access-identifier", "--document-identifier"] {
        let created = run(
            &cfg,
            &[
                "requests",
                "create",
                flag,
                sandbox::DEMO_ACCESS_IDENTIFIER,
                "--service-external-id",
                &service_ext,
                "--field",
                "scheduled_time=09:30",
                "--field",
                "user_phone=612 345 678",
                "--json",
            ],
        )
        .await
        .ok()
        .json();
        let sr = &created["service_request"];
        assert_eq!(
            sr["access_identifier"],
            sandbox::DEMO_ACCESS_IDENTIFIER,
            "{flag}"
        );
        assert!(sr["contract_id"].as_i64().is_some(), "{flag}: {sr}");
        // Typed on the command line: the time gets its seconds, the phone its country.
        assert_eq!(sr["scheduled_time"], "09:30:00");
        assert_eq!(sr["user_phone"], "+34612345678");
    }
    // A contract is needed, by one of the three.
    let none = run(
        &cfg,
        &["requests", "create", "--service-external-id", &service_ext],
    )
    .await;
    assert_eq!(none.code, 2, "{}", none.stderr);
    let both = run(
        &cfg,
        &[
            "requests",
            "create",
            "--contract-id",
            "1",
            "--access-identifier",
            "X",
            "--service-external-id",
            &service_ext,
        ],
    )
    .await;
    assert_eq!(both.code, 2, "{}", both.stderr);
    let typo = run(
        &cfg,
        &[
            "requests",
            "create",
            "--access-identifier",
            sandbox::DEMO_ACCESS_IDENTIFIER,
            "--service-external-id",
            &service_ext,
            "--field",
            "user_phone=612-34x",
        ],
    )
    .await
    .failed(2);
    assert!(typo.stderr.contains("user_phone"), "{}", typo.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_update_clear_sends_null_and_get_shows_what_is_there() {
    let sb = common::sandbox().await;
    let id = sb.put_request(reference_request());
    let dir = tempfile::tempdir().unwrap();
    let cfg = sandbox_config(dir.path(), &sb);
    let got = run(&cfg, &["requests", "get", &id.to_string()]).await.ok();
    for shown in [
        "(62.233638, 25.398591)",
        "(94.082774, 41.979783)",
        "2024-12-17 15:24:48",
        "913.756.134",
        "MyText",
        "source:",
        "916-773-639",
    ] {
        assert!(got.stdout.contains(shown), "{shown} not in {}", got.stdout);
    }
    // Stamps are shown to the minute in local time, not as raw ISO strings.
    assert!(!got.stdout.contains("T15:24:48.000Z"), "{}", got.stdout);
    assert!(!got.stdout.contains("T12:00:00.000Z"), "{}", got.stdout);

    let updated = run(
        &cfg,
        &[
            "requests",
            "update",
            &id.to_string(),
            "--clear",
            "technician_name",
            "--field",
            "provider_phone=965 036 893",
        ],
    )
    .await
    .ok();
    assert!(updated.stdout.contains("technician:"), "{}", updated.stdout);
    assert_eq!(
        Value::Object(sb.update_bodies(id).pop().unwrap()),
        serde_json::json!({"provider_phone": "+34965036893", "technician_name": null})
    );
    let after = sb.requests_with_external_id("7646091030").pop().unwrap();
    assert_eq!(after.technician_name, None);
    assert_eq!(after.scheduled_time.as_deref(), Some("15:24:48"));
    // A field that cannot change, or both set and cleared: refused before sending.
    run(
        &cfg,
        &[
            "requests",
            "update",
            &id.to_string(),
            "--clear",
            "contract_id",
        ],
    )
    .await
    .failed(2);
    run(
        &cfg,
        &["requests", "update", &id.to_string(), "--clear", "source_x"],
    )
    .await
    .failed(2);
    assert_eq!(sb.update_bodies(id).len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_upsert_sends_an_odd_phone_and_shows_the_servers_status() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let plan = client.plans().await.unwrap()[0].code.clone().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cfg = sandbox_config(dir.path(), &sb);
    let upsert = |ai: &'static str, phone: &'static str| {
        let cfg = cfg.clone();
        let plan = plan.clone();
        async move {
            run(
                &cfg,
                &[
                    "admin",
                    "contracts",
                    "upsert",
                    "--field",
                    &format!("application_code={plan}"),
                    "--field",
                    &format!("access_identifier={ai}"),
                    "--field",
                    "start_date=2025-01-01",
                    "--field",
                    "email=jane@example.com",
                    "--field",
                    &format!("mobile_phone_number={phone}"),
                ],
            )
            .await
            .ok()
        }
    };
    // Not a phone number by any rule: sent anyway, the server says what it thinks.
    let odd = upsert("CLI-ODD-PHONE", "12-ab").await;
    assert!(odd.stdout.contains("MOBILE STATUS"), "{}", odd.stdout);
    assert!(
        odd.stdout
            .contains("note: the server marks mobile_phone_number \"12-ab\" as invalid"),
        "{}",
        odd.stdout
    );
    let stored = client.admin_contracts().await.unwrap();
    let c = stored
        .iter()
        .find(|c| c.access_identifier.as_deref() == Some("CLI-ODD-PHONE"))
        .unwrap();
    assert_eq!(c.mobile_phone_number.as_deref(), Some("12-ab"));
    assert_eq!(
        c.mobile_phone_number_validation_status.as_deref(),
        Some("invalid")
    );
    // The reference's dashed Spanish number, typed: sent as E.164, and valid.
    let dashed = upsert("CLI-DASHED-PHONE", "916-773-639").await;
    assert!(!dashed.stdout.contains("note:"), "{}", dashed.stdout);
    let stored = client.admin_contracts().await.unwrap();
    let c = stored
        .iter()
        .find(|c| c.access_identifier.as_deref() == Some("CLI-DASHED-PHONE"))
        .unwrap();
    assert_eq!(c.mobile_phone_number.as_deref(), Some("+34916773639"));
    assert_eq!(
        c.mobile_phone_number_validation_status.as_deref(),
        Some("valid")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_import_sends_odd_phones_and_reports_the_servers_statuses() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let plan = client.plans().await.unwrap()[0].code.clone().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cfg = sandbox_config(dir.path(), &sb);
    let csv = dir.path().join("phones.csv");
    std::fs::write(
        &csv,
        format!(
            "application_code,access_identifier,email,mobile_phone_number,start_date\n\
             {plan},CLI-PH-1,ana@example.com,12-ab,2025-01-01\n\
             {plan},CLI-PH-2,luis@example.com,916-773-639,2025-01-01\n"
        ),
    )
    .unwrap();
    let r = run(
        &cfg,
        &["admin", "contracts", "import", csv.to_str().unwrap()],
    )
    .await
    .ok();
    assert!(r.stdout.contains("created 2"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("line 2 (CLI-PH-1): taken; the server marks mobile_phone_number invalid"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("CLI-PH-2"), "{}", r.stdout);
    let stored = client.admin_contracts().await.unwrap();
    let phone = |ai: &str| {
        stored
            .iter()
            .find(|c| c.access_identifier.as_deref() == Some(ai))
            .and_then(|c| c.mobile_phone_number.clone())
    };
    assert_eq!(phone("CLI-PH-1").as_deref(), Some("12-ab"));
    assert_eq!(phone("CLI-PH-2").as_deref(), Some("+34916773639"));

    // The same in JSON, for scripts; a changed row is sent again.
    std::fs::write(
        &csv,
        format!(
            "application_code,access_identifier,email,mobile_phone_number,start_date\n\
             {plan},CLI-PH-1,ana@example.com,12-abc,2025-01-01\n"
        ),
    )
    .unwrap();
    let summary = run(
        &cfg,
        &[
            "admin",
            "contracts",
            "import",
            csv.to_str().unwrap(),
            "--json",
        ],
    )
    .await
    .ok()
    .json();
    assert_eq!(
        summary["flagged"],
        serde_json::json!([{"line": 2, "access_identifier": "CLI-PH-1",
                            "field": "mobile_phone_number", "status": "invalid"}])
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_configured_phone_region_reads_numbers_typed_without_a_country_code() {
    let sb = common::sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = sandbox_config(dir.path(), &sb);
    let base = std::fs::read_to_string(&cfg).unwrap();
    let chile = write_config(
        dir.path(),
        &format!("{base}\n[ui]\nphone_region = \"CL\"\n"),
    );
    run(&chile, &["whatsapp", "send", "9 9079 8691"]).await.ok();
    assert_eq!(sb.whatsapp_sent(), vec!["+56990798691".to_string()]);
    let bad = write_config(
        dir.path(),
        &format!("{base}\n[ui]\nphone_region = \"Chile\"\n"),
    );
    let r = run(&bad, &["whatsapp", "send", "9 9079 8691"])
        .await
        .failed(2);
    assert!(r.stderr.contains("phone_region"), "{}", r.stderr);
    assert_eq!(sb.whatsapp_sent().len(), 1);
}
