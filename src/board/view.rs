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

/// The order of two rows keyed `(key, id)`: the column's key (missing last in both
/// directions), ties by id, so no two rows are equal and a redraw never reshuffles.
fn cmp_keyed<K: Ord>(a: &(Option<K>, i64), b: &(Option<K>, i64), dir: SortDir) -> Ordering {
    cmp_opt(a.0.as_ref(), b.0.as_ref(), dir).then(a.1.cmp(&b.1))
}

/// Sorts `idx` by a key computed once per row into a compact vector: comparing inside the
/// (large, scattered) rows costs a cache miss per comparison, ten times slower at 100k rows.
fn sort_by_key<'a, K: Ord>(
    rows: &'a [Row],
    idx: &[u32],
    dir: SortDir,
    key: impl Fn(&'a Row) -> Option<K>,
) -> Vec<u32> {
    let mut keyed: Vec<((Option<K>, i64), u32)> = idx
        .iter()
        .map(|i| {
            let row = &rows[*i as usize];
            ((key(row), row.id()), *i)
        })
        .collect();
    keyed.sort_unstable_by(|a, b| cmp_keyed(&a.0, &b.0, dir));
    keyed.into_iter().map(|k| k.1).collect()
}

/// Inserts the rows `add` (none of them in `view`) into the sorted `view` where
/// [`sort_by_key`] would put them: a binary search each, then one pass moving the rows
/// after each insertion point once (not once per insertion).
fn insert_by_key<'a, K: Ord>(
    rows: &'a [Row],
    view: &mut Vec<u32>,
    add: &[u32],
    dir: SortDir,
    key: impl Fn(&'a Row) -> Option<K>,
) {
    let keyed = |i: u32| {
        let row = &rows[i as usize];
        (key(row), row.id())
    };
    let mut placed: Vec<(usize, (Option<K>, i64), u32)> = add
        .iter()
        .map(|&i| {
            let k = keyed(i);
            let at = view.partition_point(|&v| cmp_keyed(&keyed(v), &k, dir) == Ordering::Less);
            (at, k, i)
        })
        .collect();
    placed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| cmp_keyed(&a.1, &b.1, dir)));
    // From the back: the n-th insertion (0-based) lands at its point + n, and the rows from
    // its point to the previous one's move right by n + 1.
    let mut end = view.len();
    view.resize(view.len() + placed.len(), 0);
    for (n, (at, _, i)) in placed.into_iter().enumerate().rev() {
        view.copy_within(at..end, at + n + 1);
        view[at + n] = i;
        end = at;
    }
}

/// What a key is used for: the full sort, or inserting a few rows into a sorted view.
/// [`Order::with_key`] hands each the same key of the column.
trait UseKey<'a> {
    fn with<K: Ord>(self, key: impl Fn(&'a Row) -> Option<K>);
}

struct SortAll<'a, 'o> {
    rows: &'a [Row],
    idx: &'o [u32],
    dir: SortDir,
    out: &'o mut Vec<u32>,
}

impl<'a> UseKey<'a> for SortAll<'a, '_> {
    fn with<K: Ord>(self, key: impl Fn(&'a Row) -> Option<K>) {
        *self.out = sort_by_key(self.rows, self.idx, self.dir, key);
    }
}

struct InsertSome<'a, 'o> {
    rows: &'a [Row],
    view: &'o mut Vec<u32>,
    add: &'o [u32],
    dir: SortDir,
}

impl<'a> UseKey<'a> for InsertSome<'a, '_> {
    fn with<K: Ord>(self, key: impl Fn(&'a Row) -> Option<K>) {
        insert_by_key(self.rows, self.view, self.add, self.dir, key);
    }
}

/// How a view orders rows: the sort, with the statuses' label ranks worked out once per
/// view. The one definition of each column's key, read by the full sort and by the
/// incremental insertion alike, so the two cannot drift apart.
struct Order<'s> {
    column: Column,
    /// With labels: each status's place among the labels (lowercased) of every status the
    /// board has counted.
    rank: Option<HashMap<&'s Status, usize>>,
}

impl<'s> Order<'s> {
    fn new(
        store: &'s BoardStore,
        column: Column,
        label: Option<&dyn Fn(&Status) -> String>,
    ) -> Self {
        let rank = label.filter(|_| column == Column::Status).map(|label| {
            // A handful of statuses: rank them by label once, then sort by rank. A status
            // first seen later ranks among these without reordering them, so a view sorted
            // with this map stays sorted under the next one.
            let mut statuses: Vec<(String, &Status)> = store
                .counts
                .keys()
                .map(|s| (label(s).to_lowercase(), s))
                .collect();
            statuses.sort();
            statuses
                .into_iter()
                .enumerate()
                .map(|(n, (_, s))| (s, n))
                .collect()
        });
        Order { column, rank }
    }

    fn with_key<'a>(&self, use_key: impl UseKey<'a>) {
        match self.column {
            Column::Id => use_key.with(|r: &'a Row| Some(r.id())),
            // The wait column: only open requests wait, so closed ones (shown "—") go last
            // in both directions and the most overdue open request leads.
            Column::RequestedAt => use_key.with(|r: &'a Row| {
                r.requested
                    .filter(|_| r.status_ref().is_open())
                    .map(|t| t.timestamp_millis())
            }),
            Column::Status => match &self.rank {
                Some(rank) => use_key.with(|r: &'a Row| rank.get(r.status_ref()).copied()),
                None => use_key.with(|r: &'a Row| Some(status_rank(r.status_ref()))),
            },
            // The name as shown (first + last), not the last name alone.
            Column::Customer => use_key.with(|r: &'a Row| r.customer().map(|c| c.to_lowercase())),
            Column::Urgent => use_key.with(|r: &'a Row| Some(!r.urgent)),
            col => use_key.with(move |r: &'a Row| text_key(r, col).map(str::to_lowercase)),
        }
    }
}

/// A filter made ready to test rows: its words folded once.
struct Keeps<'f> {
    statuses: &'f HashSet<Status>,
    words: Vec<String>,
}

impl<'f> Keeps<'f> {
    fn new(filter: &'f Filter) -> Self {
        let words = filter
            .text
            .split_whitespace()
            .map(crate::text::fold)
            .collect();
        Keeps {
            statuses: &filter.statuses,
            words,
        }
    }

    /// `scratch` is reused across rows (no allocation per row).
    fn row(&self, row: &Row, scratch: &mut String) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(row.status_ref()))
            && row.matches_words(&self.words, scratch)
    }
}

/// At most this many upserted rows are inserted one by one; more, and the view is
/// recomputed. The insertion costs a binary search (~2 log2 n keys) per row plus one
/// pass over the view; the full recompute filters every row, keys the kept ones and sorts
/// them. At 100,000 rows, 1/32 of the board (3,125 rows × ~34 keys ≈ 106,000 keys) is
/// about where the two meet; below 64 rows either way costs next to nothing.
pub fn updates_in_place(changed: usize, rows: usize) -> bool {
    changed <= (rows / 32).max(64)
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
        let keeps = Keeps::new(filter);
        let mut scratch = String::new();
        let idx: Vec<u32> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, row)| keeps.row(row, &mut scratch))
            .map(|(i, _)| i as u32)
            .collect();
        let mut out = Vec::new();
        Order::new(self, sort.column, label).with_key(SortAll {
            rows: &self.rows,
            idx: &idx,
            dir: sort.dir,
            out: &mut out,
        });
        out
    }

    /// Brings `view` — what [`view_labelled`](Self::view_labelled) gave with this `filter`,
    /// `sort` and `label` — up to date after only the rows `changed` were upserted (changed
    /// in place or added at the end; none removed, since a removal moves another row's
    /// index), without filtering and sorting every row again: the changed rows leave the
    /// view, and those the filter keeps go back in where the full sort puts them. The view
    /// then equals what `view_labelled` gives now. False, with `view` untouched, when the
    /// change is too large to pay ([`updates_in_place`]) or an id is not on the board: the
    /// caller recomputes.
    pub fn update_view(
        &self,
        view: &mut Vec<u32>,
        changed: &[i64],
        filter: &Filter,
        sort: Sort,
        label: Option<&dyn Fn(&Status) -> String>,
    ) -> bool {
        if !updates_in_place(changed.len(), self.rows.len()) {
            return false;
        }
        let Some(mut indices) = changed
            .iter()
            .map(|id| self.by_id.get(id).copied())
            .collect::<Option<Vec<u32>>>()
        else {
            return false;
        };
        // An id both added and changed by one diff is one row.
        indices.sort_unstable();
        indices.dedup();
        // A bit per row: testing 100,000 view entries against it costs ~0.1 ms, a hash set
        // several times that.
        let mut gone = vec![0u64; self.rows.len().div_ceil(64)];
        for i in &indices {
            gone[*i as usize / 64] |= 1 << (i % 64);
        }
        view.retain(|i| {
            gone.get(*i as usize / 64)
                .is_none_or(|word| word & (1 << (i % 64)) == 0)
        });
        let keeps = Keeps::new(filter);
        let mut scratch = String::new();
        indices.retain(|i| keeps.row(&self.rows[*i as usize], &mut scratch));
        Order::new(self, sort.column, label).with_key(InsertSome {
            rows: &self.rows,
            view,
            add: &indices,
            dir: sort.dir,
        });
        true
    }
}
