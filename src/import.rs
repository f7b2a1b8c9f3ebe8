//! Contract import from CSV, shared by `admin contracts import` and the TUI's Admin pane:
//! read and validate every row first, then send in batches through
//! `bulk_create_or_update`, reporting progress through a callback.
//!
//! Files beside `NAME.csv`:
//! - `NAME.failed.csv`: the rows that failed (invalid here or refused by the server), with
//!   an `error` column. It can be fixed and imported as it is (`error` is ignored).
//! - `NAME.csv.import-state`: one line per row already accepted by the server (a hash of
//!   its cells), so an interrupted import run again sends nothing twice. Removed once a run
//!   ends with every row imported.

use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use crate::api::{ApiClient, ErrorKind};
use crate::model::{
    ADMIN_CONTRACT_FIELDS, AdminContractInput, ContractFieldError, ContractProblems, PhoneRegion,
    normalize_phone,
};

/// Rows per `bulk_create_or_update` call.
pub const DEFAULT_BATCH_SIZE: usize = 500;

/// Columns accepted besides [`ADMIN_CONTRACT_FIELDS`].
const EXTRA_COLUMNS: [&str; 2] = ["external_extra_data", "error"];

/// One data row of the file.
#[derive(Debug, Clone)]
pub struct Row {
    /// Line in the file (the header is line 1).
    pub line: u64,
    pub cells: Vec<String>,
    /// The contract to send, or why the row is invalid.
    pub input: Result<AdminContractInput, String>,
    /// Identifies the row's content in the state file.
    pub fingerprint: String,
}

/// A read and validated file, ready to send.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub csv_path: PathBuf,
    /// The field separator the file uses: `,`, or `;` (a spreadsheet in Spanish), or tab.
    pub delimiter: u8,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// Fingerprints of rows a previous run already imported.
    pub already_done: HashSet<String>,
}

/// Counts so far, for a progress bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Rows to send in this run (valid and not already imported).
    pub total: usize,
    pub sent: usize,
    pub created: usize,
    pub updated: usize,
    pub failed: usize,
}

/// What became of one row in a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowStatus {
    Created,
    Updated,
    /// Imported by a previous run: not sent again.
    Skipped,
    /// Invalid, refused by the server, or not sent; with the reason.
    Failed(String),
}

/// One line of the results table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowResult {
    pub line: u64,
    pub access_identifier: String,
    pub status: RowStatus,
    /// Fields the server took but did not validate, with its status
    /// (`mobile_phone_number`, `invalid`).
    pub flagged: Vec<(String, String)>,
}

/// How a run ended.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Every row of the file by line, for a results table.
    pub rows: Vec<RowResult>,
    pub created: usize,
    pub updated: usize,
    /// Invalid rows plus rows the server refused or that could not be sent.
    pub failed: usize,
    /// Rows skipped because a previous run imported them.
    pub skipped: usize,
    /// Where failed rows were written, when there were any.
    pub failed_file: Option<PathBuf>,
    /// Set when the server could not be reached and the remaining rows were not sent.
    pub interrupted: Option<String>,
}

/// What a header column maps to, for the preview before anything is read further.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnRole {
    /// An API contract field of the same name.
    Field,
    /// `external_extra_data`: a JSON object.
    ExtraData,
    /// `error` of a failed-rows file: ignored.
    Ignored,
    /// Not an API field: the file is refused before sending.
    Unknown,
    /// A second column of the same name: refused too.
    Duplicate,
}

/// Each header column and what it maps to.
pub fn column_mapping(header: &[String]) -> Vec<(String, ColumnRole)> {
    let mut seen = HashSet::new();
    header
        .iter()
        .map(|c| {
            let role = if !seen.insert(c.as_str()) {
                ColumnRole::Duplicate
            } else if ADMIN_CONTRACT_FIELDS.contains(&c.as_str()) {
                ColumnRole::Field
            } else if c == "external_extra_data" {
                ColumnRole::ExtraData
            } else if c == "error" {
                ColumnRole::Ignored
            } else {
                ColumnRole::Unknown
            };
            (c.clone(), role)
        })
        .collect()
}

/// The field separator of a CSV whose header line is `first_line`: the one of `,` `;`
/// and tab found most often outside quotes (a spreadsheet saved in Spanish writes `;`,
/// since its decimal mark is the comma); `,` when none is.
pub fn detect_delimiter(first_line: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in first_line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                    c.1 += 1;
                }
            }
            _ => {}
        }
    }
    // Ties keep the earlier (the comma): `max_by_key` keeps the last maximum, so reverse.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

/// A buffered reader of `reader` and the delimiter its first line uses (nothing consumed).
fn sniffed<R: std::io::Read>(reader: R) -> (std::io::BufReader<R>, u8) {
    use std::io::BufRead;
    let mut buffered = std::io::BufReader::with_capacity(64 * 1024, reader);
    let delimiter = match buffered.fill_buf() {
        Ok(start) => detect_delimiter(&String::from_utf8_lossy(start)),
        Err(_) => b',',
    };
    (buffered, delimiter)
}

/// The header of a CSV file alone and its delimiter (the preview's column mapping, shown
/// even when a column is unknown and the file is refused).
pub fn read_header(path: &Path) -> Result<(Vec<String>, u8), String> {
    let name = path.display();
    let file = std::fs::File::open(path).map_err(|e| format!("{name}: cannot be read: {e}"))?;
    let (file, delimiter) = sniffed(file);
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(file);
    let header = csv
        .headers()
        .map_err(|e| format!("{name}: the header cannot be read: {e}"))?
        .iter()
        .map(str::to_owned)
        .collect();
    Ok((header, delimiter))
}

/// The key the server matches a contract by: a second row with the same key in one file
/// would silently overwrite the first, so it is refused.
fn contract_key(input: &AdminContractInput) -> (String, String, String) {
    let t = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_owned();
    (
        t(&input.application_code),
        t(&input.access_identifier),
        t(&input.client_contract),
    )
}

impl ImportPlan {
    /// Reads `path`: an unknown, duplicated or missing required column is an error before
    /// anything is sent; each row is validated on its own.
    pub fn read(path: &Path) -> Result<ImportPlan, String> {
        let file = std::fs::File::open(path)
            .map_err(|e| format!("{}: cannot be read: {e}", path.display()))?;
        Self::from_reader(file, path)
    }

    /// [`read`](Self::read) from any reader; `path` places the side files and names errors.
    pub fn from_reader(reader: impl std::io::Read, path: &Path) -> Result<ImportPlan, String> {
        let name = path.display();
        let (reader, delimiter) = sniffed(reader);
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(reader);
        let header: Vec<String> = csv
            .headers()
            .map_err(|e| format!("{name}: the header cannot be read: {e}"))?
            .iter()
            .map(str::to_owned)
            .collect();
        check_header(&header).map_err(|e| format!("{name}: {e}"))?;
        let mut rows = Vec::new();
        let mut first_line_of: HashMap<(String, String, String), u64> = HashMap::new();
        for record in csv.records() {
            let record = record.map_err(|e| {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                format!("{name}: line {line}: {e}")
            })?;
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            if record.iter().all(str::is_empty) {
                continue;
            }
            let cells: Vec<String> = record.iter().map(str::to_owned).collect();
            let input = if cells.len() != header.len() {
                Err(format!(
                    "{} cells where the header has {}",
                    cells.len(),
                    header.len()
                ))
            } else {
                validate_row(&header, &cells).map_err(|p| p.to_string())
            };
            let input = input.and_then(|i| match first_line_of.entry(contract_key(&i)) {
                std::collections::hash_map::Entry::Occupied(first) => Err(format!(
                    "duplicate of line {}: same application_code, access_identifier and client_contract",
                    first.get()
                )),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(line);
                    Ok(i)
                }
            });
            rows.push(Row {
                line,
                fingerprint: fingerprint(&header, &cells),
                cells,
                input,
            });
        }
        let already_done = read_state(&state_path(path));
        Ok(ImportPlan {
            csv_path: path.to_path_buf(),
            delimiter,
            header,
            rows,
            already_done,
        })
    }

    /// Rows that fail validation.
    pub fn invalid_rows(&self) -> impl Iterator<Item = (&Row, &str)> {
        self.rows
            .iter()
            .filter_map(|r| r.input.as_ref().err().map(|e| (r, e.as_str())))
    }

    /// Valid rows a previous run has not imported yet.
    pub fn pending_rows(&self) -> Vec<&Row> {
        self.rows
            .iter()
            .filter(|r| r.input.is_ok() && !self.already_done.contains(&r.fingerprint))
            .collect()
    }

    /// Sends the pending rows in batches of `batch_size`, calling `progress` after each,
    /// then writes the failed-rows file and the state file.
    pub async fn run(
        &self,
        client: &ApiClient,
        batch_size: usize,
        mut progress: impl FnMut(&Progress),
    ) -> Result<Outcome, String> {
        self.run_controlled(client, batch_size, |p| {
            progress(p);
            ControlFlow::Continue(())
        })
        .await
    }

    /// [`run`](Self::run) that stops, between batches, when `progress` answers `Break`
    /// (the user cancelled): what was sent is recorded in the state file, so a later run
    /// sends only the rest; the unsent rows are listed as failed with "not sent".
    pub async fn run_controlled(
        &self,
        client: &ApiClient,
        batch_size: usize,
        mut progress: impl FnMut(&Progress) -> ControlFlow<()>,
    ) -> Result<Outcome, String> {
        let pending = self.pending_rows();
        let mut outcome = Outcome {
            skipped: self
                .rows
                .iter()
                .filter(|r| r.input.is_ok() && self.already_done.contains(&r.fingerprint))
                .count(),
            ..Default::default()
        };
        let mut failed: Vec<(&Row, String)> = self
            .invalid_rows()
            .map(|(r, e)| (r, e.to_owned()))
            .collect();
        let mut counts = Progress {
            total: pending.len(),
            ..Default::default()
        };
        let mut stop = progress(&counts).is_break();
        let mut statuses: HashMap<u64, RowStatus> = HashMap::new();
        let mut flagged: HashMap<u64, Vec<(String, String)>> = HashMap::new();
        let state = state_path(&self.csv_path);
        let mut state_file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&state)
            .map_err(|e| format!("{}: cannot be written: {e}", state.display()))?;
        let mut chunks = pending.chunks(batch_size.max(1));
        while let Some(batch) = chunks.next() {
            if stop {
                let why = "stopped before sending every row".to_owned();
                for row in std::iter::once(batch).chain(chunks.by_ref()).flatten() {
                    failed.push((row, format!("not sent: {why}")));
                    counts.failed += 1;
                }
                outcome.interrupted = Some(why);
                counts.sent = counts.created + counts.updated + counts.failed;
                break;
            }
            let inputs: Vec<AdminContractInput> = batch
                .iter()
                .filter_map(|r| r.input.as_ref().ok().cloned())
                .collect();
            match client.admin_bulk_upsert_contracts(&inputs).await {
                Ok(answers) => {
                    let mut done = String::new();
                    for (i, row) in batch.iter().enumerate() {
                        match answers.get(i) {
                            Some(a) if a.succeeded() => {
                                flagged.insert(row.line, a.flagged());
                                if a.new_contract == Some(true) {
                                    counts.created += 1;
                                    statuses.insert(row.line, RowStatus::Created);
                                } else {
                                    counts.updated += 1;
                                    statuses.insert(row.line, RowStatus::Updated);
                                }
                                done.push_str(&row.fingerprint);
                                done.push('\n');
                            }
                            Some(a) => {
                                let why = a.error_text();
                                let why = if why.is_empty() {
                                    "refused by the server".to_owned()
                                } else {
                                    why
                                };
                                failed.push((row, why));
                                counts.failed += 1;
                            }
                            None => {
                                failed.push((row, "the server gave no answer for this row".into()));
                                counts.failed += 1;
                            }
                        }
                    }
                    state_file
                        .write_all(done.as_bytes())
                        .and_then(|_| state_file.flush())
                        .map_err(|e| format!("{}: cannot be written: {e}", state.display()))?;
                }
                Err(e) => {
                    for row in batch {
                        failed.push((row, e.message.clone()));
                    }
                    counts.failed += batch.len();
                    if matches!(
                        e.kind,
                        ErrorKind::Network
                            | ErrorKind::Timeout
                            | ErrorKind::Server
                            | ErrorKind::RateLimited
                            | ErrorKind::Unauthorized
                    ) {
                        // No point sending the rest: mark it unsent and stop.
                        for row in chunks.by_ref().flatten() {
                            failed.push((row, format!("not sent: {}", e.message)));
                            counts.failed += 1;
                        }
                        outcome.interrupted = Some(e.message);
                    }
                }
            }
            counts.sent = counts.created + counts.updated + counts.failed;
            stop = progress(&counts).is_break();
        }
        outcome.created = counts.created;
        outcome.updated = counts.updated;
        outcome.failed = failed.len();
        failed.sort_by_key(|(r, _)| r.line);
        for (row, why) in &failed {
            statuses.insert(row.line, RowStatus::Failed(why.clone()));
        }
        outcome.rows = self
            .rows
            .iter()
            .map(|r| RowResult {
                line: r.line,
                access_identifier: r.header_cell(&self.header, "access_identifier").to_owned(),
                status: statuses.remove(&r.line).unwrap_or(RowStatus::Skipped),
                flagged: flagged.remove(&r.line).unwrap_or_default(),
            })
            .collect();
        let failed_path = failed_path(&self.csv_path);
        if failed.is_empty() {
            let _ = std::fs::remove_file(&failed_path);
            drop(state_file);
            let _ = std::fs::remove_file(&state);
        } else {
            write_failed(&failed_path, &self.header, self.delimiter, &failed)?;
            outcome.failed_file = Some(failed_path);
        }
        Ok(outcome)
    }
}

impl Row {
    /// The cell under `column`, or "".
    pub fn header_cell<'a>(&'a self, header: &[String], column: &str) -> &'a str {
        header
            .iter()
            .position(|c| c == column)
            .and_then(|i| self.cells.get(i))
            .map_or("", |c| c.as_str())
    }
}

/// `NAME.failed.csv` beside `NAME.csv`.
pub fn failed_path(csv: &Path) -> PathBuf {
    let stem = csv
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".into());
    csv.with_file_name(format!("{stem}.failed.csv"))
}

/// `NAME.csv.import-state` beside `NAME.csv`.
pub fn state_path(csv: &Path) -> PathBuf {
    let name = csv
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import.csv".into());
    csv.with_file_name(format!("{name}.import-state"))
}

fn check_header(header: &[String]) -> Result<(), String> {
    let known = |c: &str| ADMIN_CONTRACT_FIELDS.contains(&c) || EXTRA_COLUMNS.contains(&c);
    let unknown: Vec<&str> = header
        .iter()
        .map(String::as_str)
        .filter(|c| !known(c))
        .collect();
    if !unknown.is_empty() {
        return Err(format!(
            "unknown column{} {} (known: {})",
            if unknown.len() > 1 { "s" } else { "" },
            unknown.join(", "),
            ADMIN_CONTRACT_FIELDS.join(", ")
        ));
    }
    let mut seen = HashSet::new();
    if let Some(dup) = header.iter().find(|c| !seen.insert(c.as_str())) {
        return Err(format!("column {dup} appears twice"));
    }
    for required in ["application_code", "access_identifier"] {
        if !header.iter().any(|c| c == required) {
            return Err(format!("the required column {required} is missing"));
        }
    }
    Ok(())
}

/// The contract of one row, or every reason it is invalid.
///
/// An odd email or mobile number is not a reason: the server takes the contract and reports
/// `email_validation_status` / `mobile_phone_number_validation_status` itself (the
/// reference shows `success?: true` with an `invalid` phone). A mobile number that reads as
/// a phone of the configured region is sent in E.164; anything else is sent as given.
pub fn validate_row(
    header: &[String],
    cells: &[String],
) -> Result<AdminContractInput, ContractProblems> {
    let mut input = AdminContractInput::default();
    let mut problems = Vec::new();
    for (column, value) in header.iter().zip(cells) {
        if column == "error" {
            continue;
        }
        let value = value.trim();
        let check = match column.as_str() {
            "start_date" | "end_date" if !value.is_empty() => {
                chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
                    .map(|_| ())
                    .map_err(|_| ContractFieldError::NotADate {
                        column: column.clone(),
                        value: value.to_owned(),
                    })
            }
            _ => Ok(()),
        };
        let value = match column.as_str() {
            "mobile_phone_number" => normalize_phone(value, PhoneRegion::configured())
                .unwrap_or_else(|_| value.to_owned()),
            _ => value.to_owned(),
        };
        if let Err(e) = check.and_then(|_| input.set(column, &value)) {
            problems.push(e);
        }
    }
    if input.application_code.is_none() {
        problems.push(ContractFieldError::Required {
            column: "application_code".into(),
        });
    }
    if input.access_identifier.is_none() {
        problems.push(ContractFieldError::Required {
            column: "access_identifier".into(),
        });
    }
    if let (Some(s), Some(e)) = (&input.start_date, &input.end_date)
        && problems.is_empty()
        && e < s
    {
        problems.push(ContractFieldError::EndBeforeStart);
    }
    if problems.is_empty() {
        Ok(input)
    } else {
        Err(ContractProblems(problems))
    }
}

/// A hash of the row's named cells (the `error` column aside), so an edited row is sent
/// again and an unchanged one is not.
fn fingerprint(header: &[String], cells: &[String]) -> String {
    let mut h = Sha256::new();
    for (c, v) in header.iter().zip(cells) {
        if c != "error" {
            h.update(c.as_bytes());
            h.update([0]);
            h.update(v.trim().as_bytes());
            h.update([0]);
        }
    }
    hex::encode(&h.finalize()[..16])
}

fn read_state(path: &Path) -> HashSet<String> {
    std::fs::read_to_string(path)
        .map(|t| {
            t.lines()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The failed rows, with the delimiter of the file they came from (it opens in the same
/// spreadsheet the same way).
fn write_failed(
    path: &Path,
    header: &[String],
    delimiter: u8,
    failed: &[(&Row, String)],
) -> Result<(), String> {
    let err = |e: &dyn std::fmt::Display| format!("{}: cannot be written: {e}", path.display());
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_path(path)
        .map_err(|e| err(&e))?;
    let error_col = header.iter().position(|c| c == "error");
    let mut out_header: Vec<&str> = header
        .iter()
        .map(String::as_str)
        .filter(|c| *c != "error")
        .collect();
    out_header.push("error");
    w.write_record(&out_header).map_err(|e| err(&e))?;
    for (row, why) in failed {
        let mut record: Vec<&str> = row
            .cells
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != error_col)
            .map(|(_, c)| c.as_str())
            .collect();
        record.resize(out_header.len() - 1, "");
        record.push(why);
        w.write_record(&record).map_err(|e| err(&e))?;
    }
    w.flush().map_err(|e| err(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(text: &str) -> Result<ImportPlan, String> {
        ImportPlan::from_reader(text.as_bytes(), Path::new("/nonexistent/contracts.csv"))
    }

    #[test]
    fn unknown_columns_are_named_before_anything_is_sent() {
        let e =
            plan("application_code,access_identifier,nickname,shoe_size\nP,A,x,42\n").unwrap_err();
        assert!(e.contains("unknown columns nickname, shoe_size"), "{e}");
        let e = plan("access_identifier\nA\n").unwrap_err();
        assert!(e.contains("application_code is missing"), "{e}");
        let e = plan("application_code,access_identifier,email,email\nP,A,a,b\n").unwrap_err();
        assert!(e.contains("email appears twice"), "{e}");
    }

    #[test]
    fn rows_are_validated_one_by_one() {
        let p = plan(
            "application_code,access_identifier,email,mobile_phone_number,start_date,end_date,active\n\
             PLAN-A,ID-1,ana@example.com,+34612345678,2025-01-01,2026-01-01,true\n\
             ,ID-2,bad-email,612345678,2025-13-01,,maybe\n\
             PLAN-A,,,,,,\n\
             \n\
             PLAN-A,ID-4,,,2026-01-01,2025-01-01,\n",
        )
        .unwrap();
        assert_eq!(p.rows.len(), 4);
        let ok = p.rows[0].input.as_ref().unwrap();
        assert_eq!(ok.active, Some(true));
        assert_eq!(ok.email.as_deref(), Some("ana@example.com"));
        let e = p.rows[1].input.as_ref().unwrap_err();
        // An odd email or phone is the server's to judge: not a local problem.
        assert!(!e.contains("email") && !e.contains("mobile"), "{e}");
        for want in [
            "start_date must be a date",
            "active must be true or false",
            "application_code is required",
        ] {
            assert!(e.contains(want), "{want} not in {e}");
        }
        assert_eq!(p.rows[1].line, 3);
        assert!(
            p.rows[2]
                .input
                .as_ref()
                .unwrap_err()
                .contains("access_identifier is required")
        );
        assert!(
            p.rows[3]
                .input
                .as_ref()
                .unwrap_err()
                .contains("before start_date")
        );
        assert_eq!(p.pending_rows().len(), 1);
    }

    #[test]
    fn odd_phones_and_emails_are_sent_typed_phones_as_e164() {
        let p = plan(
            "application_code,access_identifier,email,mobile_phone_number\n\
             PLAN-A,ID-1,bad-email,916-773-639\n\
             PLAN-A,ID-2,ana@example.com,12-ab\n",
        )
        .unwrap();
        let first = p.rows[0].input.as_ref().unwrap();
        assert_eq!(first.email.as_deref(), Some("bad-email"));
        assert_eq!(first.mobile_phone_number.as_deref(), Some("+34916773639"));
        let second = p.rows[1].input.as_ref().unwrap();
        assert_eq!(second.mobile_phone_number.as_deref(), Some("12-ab"));
    }

    #[test]
    fn a_failed_file_can_be_imported_again() {
        let p = plan("application_code,access_identifier,error\nP,A,HTTP 422: x\n").unwrap();
        assert!(p.rows[0].input.is_ok());
        // The error column does not change the row's identity.
        let q = plan("application_code,access_identifier\nP,A\n").unwrap();
        assert_eq!(p.rows[0].fingerprint, q.rows[0].fingerprint);
    }

    #[test]
    fn a_second_row_for_the_same_contract_is_refused_not_merged() {
        let p = plan(
            "application_code,access_identifier,client_contract,first_name\n\
             P,A,,Ana\n\
             P,B,,Luis\n\
             P,A,,Ana María\n\
             P,A,CC-2,Otra\n",
        )
        .unwrap();
        let e = p.rows[2].input.as_ref().unwrap_err();
        assert!(e.contains("duplicate of line 2"), "{e}");
        assert!(
            p.rows[3].input.is_ok(),
            "another client contract is another contract"
        );
        assert_eq!(p.pending_rows().len(), 3);
    }

    #[test]
    fn column_mapping_flags_unknown_and_repeated_columns() {
        let header: Vec<String> = [
            "access_identifier",
            "shoe_size",
            "error",
            "external_extra_data",
            "access_identifier",
        ]
        .map(String::from)
        .to_vec();
        let roles: Vec<ColumnRole> = column_mapping(&header)
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        assert_eq!(
            roles,
            [
                ColumnRole::Field,
                ColumnRole::Unknown,
                ColumnRole::Ignored,
                ColumnRole::ExtraData,
                ColumnRole::Duplicate
            ]
        );
    }

    #[test]
    fn side_file_names() {
        let p = Path::new("/data/contracts.csv");
        assert_eq!(failed_path(p), Path::new("/data/contracts.failed.csv"));
        assert_eq!(state_path(p), Path::new("/data/contracts.csv.import-state"));
    }

    #[test]
    fn failed_rows_file_has_an_error_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.failed.csv");
        let p = plan("application_code,access_identifier,email\nP,A,\"x, y\"\n").unwrap();
        write_failed(
            &path,
            &p.header,
            p.delimiter,
            &[(&p.rows[0], "HTTP 422: email is invalid".into())],
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "application_code,access_identifier,email,error\nP,A,\"x, y\",HTTP 422: email is invalid\n"
        );
    }

    #[test]
    fn a_spreadsheet_in_spanish_saves_semicolons_and_they_are_read() {
        assert_eq!(detect_delimiter("a,b,c\n1;2"), b',');
        assert_eq!(
            detect_delimiter("application_code;access_identifier;email"),
            b';'
        );
        assert_eq!(detect_delimiter("\"a;b\",c"), b',');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("single"), b',');
        let p = plan(
            "application_code;access_identifier;first_name;email\nHOGAR-DEMO;X-1;Begoña;\"a;b@x.es\"\n",
        )
        .unwrap();
        assert_eq!(p.delimiter, b';');
        assert_eq!(
            p.header,
            [
                "application_code",
                "access_identifier",
                "first_name",
                "email"
            ]
        );
        assert_eq!(p.rows[0].cells[2], "Begoña");
        assert_eq!(p.rows[0].cells[3], "a;b@x.es");
    }
}
