//! Kills (issue 15), in CI: the real binary on a pseudo-terminal (util-linux `script`),
//! on its embedded sandbox, gets SIGTERM or SIGHUP; it must leave the alternate screen, show
//! the cursor again and exit by itself. Before the fix it died with the terminal raw, in the
//! alternate screen, the cursor hidden. `scripts/kills.sh` adds typing, SIGKILL and the
//! outbox, in tmux.

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const LEAVE_ALTERNATE_SCREEN: &str = "\x1b[?1049l";
const SHOW_CURSOR: &str = "\x1b[?25h";
/// crossterm's EnableMouseCapture / DisableMouseCapture begin with these.
const MOUSE_ON: &str = "\x1b[?1000h";
const MOUSE_OFF: &str = "\x1b[?1000l";

fn children(pid: u32) -> Vec<u32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

fn console_under(script_pid: u32) -> Option<u32> {
    // `script` runs the command through a shell, which may exec it or fork it.
    let mut todo = children(script_pid);
    while let Some(pid) = todo.pop() {
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if comm.trim() == "mok-console" {
            return Some(pid);
        }
        todo.extend(children(pid));
    }
    None
}

/// `mouse`: the `[ui] mouse` the console runs with (the mouse is given back on the way
/// out, and never asked for when off).
fn signal_quits_and_restores_the_terminal(signal: &str, mouse: bool) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("mok-console");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("[ui]\nmouse = {mouse}\n"),
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_mok-console");
    let mut child = Command::new("script")
        // A pseudo-terminal starts 0×0: give it a size, as a terminal emulator would.
        .args([
            "-qfec",
            &format!("stty cols 100 rows 30; exec {bin} --sandbox"),
            "/dev/null",
        ])
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_STATE_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .env("HOME", dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("util-linux `script` (a pseudo-terminal for the console) is installed");
    let output = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let output = output.clone();
        let mut stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                output.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    let text = || String::from_utf8_lossy(&output.lock().unwrap()).into_owned();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !(text().contains("conectado") || text().contains("connected")) {
        assert!(
            Instant::now() < deadline,
            "the console never connected:\n{}",
            text()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let pid = console_under(child.id()).expect("the console runs under script");
    assert_eq!(
        text().contains(MOUSE_ON),
        mouse,
        "mouse capture asked for only with [ui] mouse = true"
    );
    let before = output.lock().unwrap().len();
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::path::Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .unwrap_or_default()
            .contains(") Z ")
    {
        assert!(
            Instant::now() < deadline,
            "the console did not quit on SIG{signal}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(child.stdin.take());
    let _ = child.wait();
    reader.join().unwrap();
    let after = String::from_utf8_lossy(&output.lock().unwrap()[before..]).into_owned();
    assert!(
        after.contains(LEAVE_ALTERNATE_SCREEN),
        "SIG{signal}: the alternate screen was left on: {after:?}"
    );
    assert!(
        after.contains(SHOW_CURSOR),
        "SIG{signal}: the cursor was left hidden: {after:?}"
    );
    if mouse {
        assert!(
            after.contains(MOUSE_OFF),
            "SIG{signal}: the mouse was left captured: {after:?}"
        );
    }
}

#[test]
fn sigterm_quits_and_restores_the_terminal() {
    signal_quits_and_restores_the_terminal("TERM", true);
}

#[test]
fn sighup_quits_and_restores_the_terminal() {
    signal_quits_and_restores_the_terminal("HUP", false);
}
