//! `mok-console keys`: every action name with the keys it is bound to now (after `[keys]`)
//! and what it does, in the configured language; `--json` for scripts. No network.

use std::process::ExitCode;

use super::GlobalArgs;
use super::output::Table;
use crate::config::Config;
use crate::tui::i18n::I18n;
use crate::tui::keymap::spec;

pub fn print_keys(global: &GlobalArgs) -> ExitCode {
    let config = match Config::load(global.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {}", e.message);
            return ExitCode::from(super::EXIT_CONFIG);
        }
    };
    let keymap = match config.keymap() {
        Ok(k) => k,
        Err(e) => {
            eprintln!("error: keys.{}: {}", e.action, e.message);
            return ExitCode::from(super::EXIT_CONFIG);
        }
    };
    let i18n = I18n::new(config.language());
    let actions = keymap.actions();
    if global.json {
        let list: Vec<serde_json::Value> = actions
            .iter()
            .map(|a| {
                serde_json::json!({
                    "action": a.name,
                    "keys": a.keys.iter().map(spec::write).collect::<Vec<_>>(),
                    "description": i18n.t(a.what),
                    "remapped": a.remapped,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into())
        );
    } else {
        let mut table = Table::new(&["ACTION", "KEYS", "DESCRIPTION"]);
        for a in &actions {
            let mut keys = a.keys.iter().map(spec::write).collect::<Vec<_>>().join(" ");
            if a.remapped {
                keys.push_str(" *");
            }
            table.row(vec![a.name.clone(), keys, i18n.t(a.what).to_owned()]);
        }
        print!("{}", table.render());
        if actions.iter().any(|a| a.remapped) {
            println!("* rebound in [keys]");
        }
    }
    ExitCode::SUCCESS
}
