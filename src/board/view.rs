//! Filtering and sorting the board into a list of row indices.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use crate::model::Status;

use super::{BoardStore, Row, Text};

/// A column the board can sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Id,
    PublicId,
    ExternalId,
    Status,
    Service,
    Customer,
    AccessIdentifier,
    Provider,
    Origin,
    Destination,
    /// `requested_at` of open requests (the wait); oldest first ascending, so the most
    /// overdue lead; closed requests last.
    RequestedAt,
    ScheduledDate,
    /// Whether its answers make it urgent ([`crate::forms::urgency`]): urgent first
    /// ascending.
    Urgent,
}

impl Column {
    pub const ALL: [Column; 13] = [
        Column::Id,
        Column::PublicId,
        Column::ExternalId,
        Column::Status,
        Column::Service,
        Column::Customer,
        Column::AccessIdentifier,
        Column::Provider,
        Column::Origin,
        Column::Destination,
        Column::RequestedAt,
        Column::ScheduledDate,
        Column::Urgent,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub dir: SortDir,
}

impl Default for Sort {
    fn default() -> Self {
        Sort {
            column: Column::RequestedAt,
            dir: SortDir::Asc,
        }
    }
}

/// Which rows a view shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Only these statuses; empty shows all.
    pub statuses: HashSet<Status>,
    /// Words that must all appear (case-insensitive) across id, public id, external id,
    /// access identifier, names, addresses, provider and service name.
    pub text: String,
}

impl Filter {
    /// Only open requests (not finished or cancelled) known to the board.
    pub fn open_statuses() -> HashSet<Status> {
        Status::KNOWN.into_iter().filter(Status::is_open).collect()
    }
}

fn text_key(row: &Row, column: Column) -> Option<&str> {
    match column {
        Column::PublicId => row.text(Text::PublicId),
        Column::ExternalId => row.text(Text::ExternalId),
        Column::Service => row.service_name(),
        Column::AccessIdentifier => row.text(Text::AccessIdentifier),
        Column::Provider => row.provider_name(),
        Column::Origin => row.text(Text::Origin),
        Column::Destination => row.text(Text::Destination),
        Column::ScheduledDate => row.text(Text::ScheduledDate),
        Column::Id | Column::Status | Column::RequestedAt | Column::Customer | Column::Urgent => {
            None
        }
    }
}

/// Missing values sort last in both directions, so blanks never crowd the top.
fn cmp_opt<T: Ord>(a: Option<T>, b: Option<T>, dir: SortDir) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => match dir {
            SortDir::Asc => x.cmp(&y),
            SortDir::Desc => y.cmp(&x),
        },
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Sorts `idx` by a key computed once per row into a compact vector: comparing inside the
/// (large, scattered) rows costs a cache miss per comparison, ten times slower at 100k rows.
/// Ties break by id, so a redraw never reshuffles equal rows.
fn sort_by_key<'a, K: Ord>(
    rows: &'a [Row],
    idx: &[u32],
    dir: SortDir,
    key: impl Fn(&'a Row) -> Option<K>,
) -> Vec<u32> {
    let mut keyed: Vec<(Option<K>, i64, u32)> = idx
        .iter()
        .map(|i| {
            let row = &rows[*i as usize];
            (key(row), row.id(), *i)
        })
        .collect();
    keyed.sort_unstable_by(|a, b| cmp_opt(a.0.as_ref(), b.0.as_ref(), dir).then(a.1.cmp(&b.1)));
    keyed.into_iter().map(|k| k.2).collect()
}

/// Workflow order for the status column; unknown statuses after the known ones.
fn status_rank(s: &Status) -> (u8, &str) {
    let rank = match s {
        Status::Pending => 0,
        Status::Assigned => 1,
        Status::InProgress => 2,
        Status::Finished => 3,
        Status::Cancelled => 4,
        Status::Other(_) => 5,
    };
    (rank, s.as_str())
}

impl BoardStore {
    /// The indices of the rows `filter` keeps, in `sort` order; statuses in workflow order.
    pub fn view(&self, filter: &Filter, sort: Sort) -> Vec<u32> {
        self.view_labelled(filter, sort, None)
    }

    /// [`view`](Self::view), each column sorted by what the board shows: with `label`,
    /// statuses by their shown label (in the UI language) instead of workflow order.
    pub fn view_labelled(
        &self,
        filter: &Filter,
        sort: Sort,
        label: Option<&dyn Fn(&Status) -> String>,
    ) -> Vec<u32> {
        let words: Vec<String> = filter
            .text
            .split_whitespace()
            .map(crate::text::fold)
            .collect();
        let mut scratch = String::new();
        let idx: Vec<u32> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, row)| {
                (filter.statuses.is_empty() || filter.statuses.contains(row.status_ref()))
                    && row.matches_words(&words, &mut scratch)
            })
            .map(|(i, _)| i as u32)
            .collect();
        let (rows, dir) = (&self.rows, sort.dir);
        match sort.column {
            Column::Id => sort_by_key(rows, &idx, dir, |r| Some(r.id())),
            // The wait column: only open requests wait, so closed ones (shown "—") go last
            // in both directions and the most overdue open request leads.
            Column::RequestedAt => sort_by_key(rows, &idx, dir, |r| {
                r.requested
                    .filter(|_| r.status_ref().is_open())
                    .map(|t| t.timestamp_millis())
            }),
            Column::Status => match label {
                // A handful of statuses: rank them by label once, then sort by rank.
                Some(label) => {
                    let mut statuses: Vec<(String, &Status)> = self
                        .counts
                        .keys()
                        .map(|s| (label(s).to_lowercase(), s))
                        .collect();
                    statuses.sort();
                    let rank: HashMap<&Status, usize> = statuses
                        .into_iter()
                        .enumerate()
                        .map(|(n, (_, s))| (s, n))
                        .collect();
                    sort_by_key(rows, &idx, dir, |r| rank.get(r.status_ref()).copied())
                }
                None => sort_by_key(rows, &idx, dir, |r| Some(status_rank(r.status_ref()))),
            },
            // The name as shown (first + last), not the last name alone.
            Column::Customer => {
                sort_by_key(rows, &idx, dir, |r| r.customer().map(|c| c.to_lowercase()))
            }
            Column::Urgent => sort_by_key(rows, &idx, dir, |r| Some(!r.urgent)),
            col => sort_by_key(rows, &idx, dir, |r| text_key(r, col).map(str::to_lowercase)),
        }
    }
}
