//! The audit journal through the built binary: actions taken with the headless commands
//! against a sandbox on loopback leave one entry each, for that server only, and
//! `journal` prints them as a table, JSON and CSV. Secrets never reach the database.

mod common;

use mok_console::sandbox::{self, Fault, FaultKind, SandboxHandle};
use serde_json::Value;
use std::path::{Path, PathBuf};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "stderr: {}\nstdout: {}",
            self.stderr, self.stdout
        );
        self
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
}

/// A home of its own: config, data dir (where the journal lives) and log dir.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn database(&self) -> PathBuf {
        self.data().join("mok-console").join("console.sqlite3")
    }

    /// A config for the sandbox as a configured (remote) server, signing in as `client_id`.
    fn config(&self, sb: &SandboxHandle, name: &str, client_id: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(
            &path,
            format!(
                "[api]\nbase_url = \"{}\"\nclient_id = \"{client_id}\"\nclient_secret = \"{}\"\ntimeout_secs = 10\n\n[admin]\nemail = \"{}\"\ntoken = \"{}\"\n",
                sb.base_url(),
                sandbox::CLIENT_SECRET,
                sandbox::ADMIN_EMAIL,
                sandbox::ADMIN_TOKEN
            ),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        path
    }

    async fn run(&self, config: &Path, args: &[&str]) -> Run {
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_mok-console"))
            .arg("--config")
            .arg(config)
            .args(args)
            .env_remove("MOK_BASE_URL")
            .env_remove("MOK_CLIENT_ID")
            .env_remove("MOK_CLIENT_SECRET")
            .env_remove("MOK_ADMIN_EMAIL")
            .env_remove("MOK_ADMIN_TOKEN")
            .env("XDG_DATA_HOME", self.data())
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .output()
            .await
            .expect("the binary runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    async fn journal(&self, config: &Path, extra: &[&str]) -> Value {
        let mut args = vec!["journal", "--json"];
        args.extend_from_slice(extra);
        self.run(config, &args).await.ok().json()
    }
}

fn entries(doc: &Value) -> &Vec<Value> {
    doc["entries"].as_array().expect("entries is a list")
}

/// The server key the journal files a configured sandbox under.
fn server_key(sb: &SandboxHandle) -> String {
    format!("{}@{}", sandbox::CLIENT_ID, sb.base_url())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_an_update_a_whatsapp_message_and_an_import_leave_one_entry_each() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (contract_id, service_id, _) = common::demo_contract(&client).await;
    let plan = client.plans().await.unwrap()[0].code.clone().unwrap();
    let home = Home::new();
    let cfg = home.config(&sb, "config.toml", sandbox::CLIENT_ID);

    // Reads are no actions: nothing journaled, not even a database made.
    home.run(
        &cfg,
        &["contracts", "search", "--access-identifier", "DEMO-0001"],
    )
    .await
    .ok();
    assert!(!home.database().exists(), "a lookup wrote nothing");

    let created = home
        .run(
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
                "--json",
            ],
        )
        .await
        .ok()
        .json();
    let id = created["service_request"]["id"].as_i64().unwrap();
    let ext = created["service_request"]["external_id"]
        .as_str()
        .unwrap()
        .to_owned();
    home.run(
        &cfg,
        &[
            "requests",
            "update",
            &id.to_string(),
            "--field",
            "destination_address=Calle de Alcalá 50",
        ],
    )
    .await
    .ok();
    home.run(&cfg, &["whatsapp", "send", "+34 612 34-56-78"])
        .await
        .ok();
    let csv_file = home.dir.path().join("contracts.csv");
    std::fs::write(
        &csv_file,
        format!(
            "application_code,access_identifier,first_name,start_date\n{plan},JOURNAL-1,Ana,2025-01-01\n{plan},JOURNAL-2,Luis,2025-01-01\n"
        ),
    )
    .unwrap();
    home.run(
        &cfg,
        &["admin", "contracts", "import", csv_file.to_str().unwrap()],
    )
    .await
    .ok();

    let doc = home.journal(&cfg, &[]).await;
    assert_eq!(doc["server"], server_key(&sb));
    let list = entries(&doc);
    let actions: Vec<&str> = list.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        ["create", "update", "whatsapp", "import_batch"],
        "{doc:#}"
    );
    for e in list {
        assert_eq!(e["server"], server_key(&sb), "{e}");
        assert_eq!(e["result"], "ok", "{e}");
        assert_eq!(e["via"], "cli", "{e}");
        assert_eq!(e["user"], mok_console::local::os_user().as_str(), "{e}");
        assert!(e["error"].is_null(), "{e}");
        assert!(
            chrono::DateTime::parse_from_rfc3339(e["at"].as_str().unwrap()).is_ok(),
            "{e}"
        );
    }
    let (create, update, whatsapp, import) = (&list[0], &list[1], &list[2], &list[3]);
    assert_eq!(create["external_id"], ext.as_str());
    assert_eq!(create["target"], format!("service_request {id}"));
    let sent: Vec<&str> = create["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(
        sent.contains(&"origin_address") && sent.contains(&"external_id"),
        "{sent:?}"
    );
    assert_eq!(update["target"], format!("service_request {id}"));
    assert_eq!(update["fields"], serde_json::json!(["destination_address"]));
    assert_eq!(whatsapp["target"], "+34612345678");
    assert_eq!(import["target"], "2 contracts");
    assert_eq!(import["detail"], "2 accepted, 0 refused");
    // Names only: no value the agent typed is in the journal.
    let all = doc.to_string();
    for value in ["Gran Vía", "Alcalá", "Ana", "Luis"] {
        assert!(!all.contains(value), "{value} in the journal: {all}");
    }

    // CSV: a header and the same four rows.
    let csv = home.run(&cfg, &["journal", "--csv"]).await.ok().stdout;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        [
            "seq",
            "at",
            "server",
            "user",
            "via",
            "action",
            "target",
            "external_id",
            "fields",
            "result",
            "detail",
            "error"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "{csv}");
    assert_eq!(&rows[0][5], "create");
    assert_eq!(&rows[0][7], ext.as_str());
    assert_eq!(&rows[1][8], "destination_address");
    assert_eq!(&rows[3][5], "import_batch");
    assert!(rows.iter().all(|r| &r[2] == server_key(&sb).as_str()));

    // The table, for people.
    let table = home.run(&cfg, &["journal"]).await.ok().stdout;
    assert!(table.contains(&server_key(&sb)), "{table}");
    for word in [
        "create",
        "update",
        "whatsapp",
        "import_batch",
        "+34612345678",
    ] {
        assert!(table.contains(word), "{word}: {table}");
    }

    // --since: a day after today finds nothing; today finds everything.
    let tomorrow = (chrono::Local::now().date_naive() + chrono::Days::new(1)).to_string();
    assert!(entries(&home.journal(&cfg, &["--since", &tomorrow]).await).is_empty());
    let today = chrono::Local::now().date_naive().to_string();
    assert_eq!(
        entries(&home.journal(&cfg, &["--since", &today]).await).len(),
        4
    );
    let bad = home.run(&cfg, &["journal", "--since", "last week"]).await;
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.starts_with("error: --since"), "{}", bad.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn each_server_sees_only_its_own_entries() {
    let sb = common::sandbox().await;
    let home = Home::new();
    let cfg = home.config(&sb, "config.toml", sandbox::CLIENT_ID);
    // The embedded sandbox is a server of its own (whatever config is given).
    home.run(&cfg, &["--sandbox", "whatsapp", "send", "+34612345678"])
        .await
        .ok();
    let embedded = home.journal(&cfg, &["--sandbox"]).await;
    assert_eq!(embedded["server"], "sandbox");
    let list = entries(&embedded);
    assert_eq!(list.len(), 1, "{embedded:#}");
    assert_eq!(list[0]["action"], "whatsapp");
    assert_eq!(list[0]["server"], "sandbox");

    // Not shown for the configured server, nor for the same URL under another client id.
    assert!(entries(&home.journal(&cfg, &[]).await).is_empty());
    home.run(&cfg, &["whatsapp", "send", "+34600000001"])
        .await
        .ok();
    let other = home.config(&sb, "other.toml", "another-client");
    let doc = home.journal(&other, &[]).await;
    assert_eq!(doc["server"], format!("another-client@{}", sb.base_url()));
    assert!(entries(&doc).is_empty(), "{doc:#}");
    let table = home.run(&other, &["journal"]).await.ok().stdout;
    assert!(
        table.starts_with("no journal entries for another-client@"),
        "{table}"
    );
    // And each keeps its own.
    assert_eq!(entries(&home.journal(&cfg, &[]).await).len(), 1);
    assert_eq!(entries(&home.journal(&cfg, &["--sandbox"]).await).len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_whose_answer_was_lost_is_journaled_once_as_recovered() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (contract_id, service_id, _) = common::demo_contract(&client).await;
    let home = Home::new();
    let cfg = home.config(&sb, "config.toml", sandbox::CLIENT_ID);
    sb.inject(Fault {
        kind: FaultKind::DropAfterHandling,
        path_prefix: Some("/api/v1/provider_networks/service_requests".into()),
        method: Some("POST".into()),
        times: 1,
    });
    let created = home
        .run(
            &cfg,
            &[
                "requests",
                "create",
                "--contract-id",
                &contract_id.to_string(),
                "--service-id",
                &service_id.to_string(),
                "--external-id",
                "journal-lost-answer-1",
                "--json",
            ],
        )
        .await
        .ok()
        .json();
    assert_eq!(
        sb.requests_with_external_id("journal-lost-answer-1").len(),
        1
    );
    let id = created["service_request"]["id"].as_i64().unwrap();
    let doc = home.journal(&cfg, &[]).await;
    let list = entries(&doc);
    assert_eq!(list.len(), 1, "{doc:#}");
    assert_eq!(list[0]["action"], "create");
    assert_eq!(list[0]["result"], "recovered");
    assert_eq!(list[0]["detail"], "recovered after a lost answer");
    assert_eq!(list[0]["external_id"], "journal-lost-answer-1");
    assert_eq!(list[0]["target"], format!("service_request {id}"));
}

#[tokio::test(flavor = "multi_thread")]
async fn refusals_are_journaled_and_no_secret_or_token_reaches_the_database() {
    let sb = common::sandbox().await;
    let client = common::client(&sb);
    let (contract_id, service_id, _) = common::demo_contract(&client).await;
    let home = Home::new();
    let cfg = home.config(&sb, "config.toml", sandbox::CLIENT_ID);
    home.run(
        &cfg,
        &[
            "requests",
            "create",
            "--contract-id",
            &contract_id.to_string(),
            "--service-id",
            &service_id.to_string(),
        ],
    )
    .await
    .ok();
    // Refused by the server: journaled with its error, exit 3 as before.
    let missing = home
        .run(
            &cfg,
            &["requests", "update", "9999999", "--status", "finished"],
        )
        .await;
    assert_eq!(missing.code, 3, "{}", missing.stderr);
    home.run(
        &cfg,
        &[
            "admin",
            "points",
            "add",
            "--access-identifier",
            "DEMO-0001",
            "--points",
            "5",
        ],
    )
    .await
    .ok();
    let doc = home.journal(&cfg, &[]).await;
    let list = entries(&doc);
    let actions: Vec<&str> = list.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "status_change", "point_transaction"]);
    assert_eq!(list[1]["result"], "refused");
    assert_eq!(list[1]["target"], "service_request 9999999");
    assert!(
        list[1]["error"].as_str().unwrap().contains("404"),
        "{doc:#}"
    );

    // Every byte of the database (and its write-ahead log): no client secret, admin token
    // or bearer token the sandbox handed out.
    let tokens = sb.issued_tokens();
    assert!(!tokens.is_empty());
    let mut secrets = vec![
        sandbox::CLIENT_SECRET.to_owned(),
        sandbox::ADMIN_TOKEN.to_owned(),
    ];
    secrets.extend(tokens);
    let db = home.database();
    let mut files = vec![db.clone()];
    for suffix in ["-wal", "-shm"] {
        let mut p = db.clone().into_os_string();
        p.push(suffix);
        files.push(PathBuf::from(p));
    }
    let mut seen = 0;
    for file in files.iter().filter(|f| f.exists()) {
        let bytes = std::fs::read(file).unwrap();
        seen += bytes.len();
        let text = String::from_utf8_lossy(&bytes);
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{s} in {}", file.display());
        }
    }
    assert!(seen > 0);
    // The journal is owner-only, like the drafts.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&db).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
}
