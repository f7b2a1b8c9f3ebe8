//! `admin contracts import FILE.csv`: the shared import ([`crate::import`]) with a progress
//! bar on stderr and a summary on stdout.

use std::path::Path;

use super::run::{EXIT_CONFIG, EXIT_FAILED, EXIT_UNREACHABLE, Failure};
use crate::api::ApiClient;
use crate::import::ImportPlan;

pub async fn run(
    client: &ApiClient,
    file: &Path,
    batch_size: usize,
    json: bool,
) -> Result<(), Failure> {
    let plan = ImportPlan::read(file).map_err(|message| Failure {
        code: EXIT_CONFIG,
        message,
    })?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} rows  {msg}") {
        bar.set_style(style);
    }
    let outcome = plan
        .run(client, batch_size, |p| {
            bar.set_length(p.total as u64);
            bar.set_position(p.sent as u64);
            bar.set_message(format!(
                "created {} updated {} failed {}",
                p.created, p.updated, p.failed
            ));
        })
        .await
        .map_err(|message| Failure {
            code: EXIT_FAILED,
            message,
        })?;
    bar.finish_and_clear();
    let failed_file = outcome
        .failed_file
        .as_ref()
        .map(|p| p.display().to_string());
    if json {
        // Rows the server took but whose email or mobile it does not call valid.
        let flagged: Vec<serde_json::Value> = outcome
            .rows
            .iter()
            .flat_map(|r| {
                r.flagged.iter().map(|(field, status)| {
                    serde_json::json!({
                        "line": r.line,
                        "access_identifier": r.access_identifier,
                        "field": field,
                        "status": status,
                    })
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({
                "created": outcome.created,
                "updated": outcome.updated,
                "failed": outcome.failed,
                "skipped": outcome.skipped,
                "failed_file": failed_file,
                "flagged": flagged,
            })
        );
    } else {
        println!(
            "created {}, updated {}, failed {}{}",
            outcome.created,
            outcome.updated,
            outcome.failed,
            if outcome.skipped > 0 {
                format!(", skipped {} already imported", outcome.skipped)
            } else {
                String::new()
            }
        );
        for row in outcome.rows.iter().filter(|r| !r.flagged.is_empty()) {
            let what: Vec<String> = row
                .flagged
                .iter()
                .map(|(field, status)| format!("{field} {status}"))
                .collect();
            println!(
                "line {} ({}): taken; the server marks {}",
                row.line,
                row.access_identifier,
                what.join(", ")
            );
        }
        if let Some(f) = &failed_file {
            println!("failed rows: {f}");
        }
    }
    if let Some(why) = outcome.interrupted {
        return Err(Failure {
            code: EXIT_UNREACHABLE,
            message: format!("import interrupted, run it again to send the rest: {why}"),
        });
    }
    if outcome.failed > 0 {
        return Err(Failure {
            code: EXIT_FAILED,
            message: format!(
                "{} row{} failed: see {}",
                outcome.failed,
                if outcome.failed == 1 { "" } else { "s" },
                failed_file.unwrap_or_default()
            ),
        });
    }
    Ok(())
}
