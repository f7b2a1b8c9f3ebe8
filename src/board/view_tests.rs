//! The incremental view ([`BoardStore::update_view`]) against the full recompute
//! ([`BoardStore::view_labelled`]): after a diff of a few upserts both give the same rows in
//! the same order, for every column, direction, filter and labelling.

use proptest::prelude::*;

use super::*;
use crate::config::Language;
use crate::model::Answer;
use crate::tui::i18n::I18n;
use crate::tui::panes::board::status_label;

/// Statuses as servers send them: the five known ones, unknown ones, none.
const STATUSES: &[&str] = &[
    "pending",
    "assigned",
    "in_progress",
    "finished",
    "cancelled",
    "on_hold",
    "",
    "Escalada",
];
/// Few values, so keys tie often; case and accents differ, so folding and lowercasing
/// matter; an empty text is not a missing one.
const TEXTS: &[&str] = &[
    "Calle Mayor 1, Ávila",
    "calle mayor 1, avila",
    "CALLE MAYOR 12",
    "Grúas del Sur",
    "grúas del sur",
    "Zaragoza",
    "",
    " ",
];
/// With seconds, milliseconds, offsets, and a time no clock shows.
const TIMES: &[&str] = &[
    "2025-03-01T10:00:00Z",
    "2025-03-01T10:00:00.000+01:00",
    "2025-03-01T09:00:00Z",
    "2024-12-17T16:24:48.123+01:00",
    "25:61:61",
    "",
];
const WORDS: &[&str] = &[
    "",
    "mayor",
    "avila",
    "1",
    "sur grúas",
    "EXT1",
    "zz",
    "ávila 12",
];

fn urgent_answer(yes: bool) -> Vec<Answer> {
    vec![
        serde_json::from_value(serde_json::json!({"question_key": "urgent", "value": yes}))
            .unwrap(),
    ]
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(proptest::sample::select(TEXTS).prop_map(str::to_owned))
}

fn request(id: i64) -> impl Strategy<Value = ServiceRequest> {
    (
        (
            proptest::option::of(proptest::sample::select(STATUSES)),
            proptest::option::of(proptest::sample::select(TIMES)),
            opt_text(),
            opt_text(),
            opt_text(),
            proptest::option::of(any::<bool>()),
        ),
        (opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
        (opt_text(), opt_text(), opt_text()),
    )
        .prop_map(
            move |(
                (status, requested, public, external, access, urgent),
                (first, last, full, origin, destination),
                (provider, service, scheduled),
            )| ServiceRequest {
                id: Some(id),
                current_status: status.map(Status::parse),
                requested_at: requested.map(str::to_owned),
                public_id: public,
                external_id: external,
                access_identifier: access,
                answers: urgent.map(urgent_answer),
                user_first_name: first,
                user_last_name: last,
                user_full_name: full,
                origin_address: origin,
                destination_address: destination,
                provider_name: provider,
                service_name: service,
                scheduled_date: scheduled,
                ..Default::default()
            },
        )
}

/// Up to 30 requests with ids 1..=n, some of them then gone (so a row's index is not its
/// id's order: removals swap the last row into the hole).
fn store() -> impl Strategy<Value = BoardStore> {
    (0usize..30)
        .prop_flat_map(|n| {
            (
                (1..=n as i64).map(request).collect::<Vec<_>>(),
                proptest::collection::vec(any::<bool>(), n),
            )
        })
        .prop_map(|(all, keep)| {
            let mut store = BoardStore::new();
            store.merge_refresh(all.clone());
            let kept = all
                .into_iter()
                .zip(keep)
                .filter(|(_, k)| *k)
                .map(|(r, _)| r)
                .collect();
            store.merge_refresh(kept);
            store
        })
}

/// 1 to 8 upserts: known ids changed (any field, status and sort keys included, values
/// blanked), new ids, the same id twice.
fn upserts() -> impl Strategy<Value = Vec<ServiceRequest>> {
    proptest::collection::vec((1i64..40).prop_flat_map(request), 1..=8)
}

fn filter() -> impl Strategy<Value = Filter> {
    (
        proptest::collection::hash_set(
            proptest::sample::select(STATUSES).prop_map(Status::parse),
            0..3,
        ),
        proptest::sample::select(WORDS),
    )
        .prop_map(|(statuses, text)| Filter {
            statuses,
            text: text.to_owned(),
        })
}

fn sort() -> impl Strategy<Value = Sort> {
    (proptest::sample::select(&Column::ALL[..]), any::<bool>()).prop_map(|(column, desc)| Sort {
        column,
        dir: if desc { SortDir::Desc } else { SortDir::Asc },
    })
}

/// The board's own labels in `lang`.
fn labels(lang: Language) -> impl Fn(&Status) -> String {
    let i18n = I18n::new(lang);
    move |s: &Status| status_label(&i18n, s).to_owned()
}

fn ids(store: &BoardStore, view: &[u32]) -> Vec<i64> {
    view.iter().map(|i| store.row(*i).id()).collect()
}

/// 256 cases in CI; `PROPTEST_CASES` for the long runs.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// The view updated in place after a few upserts is the view recomputed.
    #[test]
    fn updated_view_equals_recomputed(
        mut store in store(),
        upserts in upserts(),
        filter in filter(),
        sort in sort(),
        lang in proptest::option::of(proptest::sample::select(&[Language::Es, Language::En][..])),
    ) {
        let label = lang.map(labels);
        let label = label.as_ref().map(|l| l as &dyn Fn(&Status) -> String);
        let mut view = store.view_labelled(&filter, sort, label);
        let report = store.apply_diff(BoardDiff::of_requests(&upserts, Vec::new()));
        let changed: Vec<i64> = report.added.iter().chain(&report.changed).copied().collect();
        prop_assert!(store.update_view(&mut view, &changed, &filter, sort, label));
        let full = store.view_labelled(&filter, sort, label);
        prop_assert_eq!(ids(&store, &view), ids(&store, &full));
        prop_assert_eq!(view, full);
    }
}

fn req(id: i64, status: &str, requested: &str) -> ServiceRequest {
    ServiceRequest {
        id: Some(id),
        current_status: Some(Status::parse(status)),
        requested_at: Some(requested.into()),
        ..Default::default()
    }
}

#[test]
fn a_changed_row_moves_and_a_new_row_lands_in_order() {
    let mut store = BoardStore::new();
    store.merge_refresh(vec![
        req(1, "pending", "2025-03-01T10:00:00Z"),
        req(2, "pending", "2025-03-01T11:00:00Z"),
        req(3, "assigned", "2025-03-01T12:00:00Z"),
    ]);
    let (filter, sort) = (Filter::default(), Sort::default());
    let mut view = store.view(&filter, sort);
    assert_eq!(ids(&store, &view), [1, 2, 3]);
    // 1 finishes (no longer waits: last), 4 arrives between 2 and 3, 2 is unchanged.
    let report = store.apply_diff(BoardDiff::of_requests(
        &[
            req(1, "finished", "2025-03-01T10:00:00Z"),
            req(4, "pending", "2025-03-01T11:30:00Z"),
        ],
        Vec::new(),
    ));
    assert!(store.update_view(&mut view, &[4, 1], &filter, sort, None));
    assert_eq!(ids(&store, &view), [2, 4, 3, 1]);
    // Descending: the wait reversed, the closed request still last.
    let desc = Sort {
        dir: SortDir::Desc,
        ..sort
    };
    assert_eq!(ids(&store, &store.view(&filter, desc)), [3, 4, 2, 1]);
    assert_eq!(report.added, [4]);
}

#[test]
fn a_row_the_filter_now_drops_leaves_the_view() {
    let mut store = BoardStore::new();
    store.merge_refresh(vec![
        req(1, "pending", "2025-03-01T10:00:00Z"),
        req(2, "pending", "2025-03-01T11:00:00Z"),
    ]);
    let filter = Filter {
        statuses: Filter::open_statuses(),
        text: String::new(),
    };
    let mut view = store.view(&filter, Sort::default());
    store.apply_diff(BoardDiff::of_requests(
        &[req(2, "cancelled", "2025-03-01T11:00:00Z")],
        Vec::new(),
    ));
    assert!(store.update_view(&mut view, &[2], &filter, Sort::default(), None));
    assert_eq!(ids(&store, &view), [1]);
}

#[test]
fn too_many_changes_or_an_unknown_id_leave_the_view_to_a_recompute() {
    let mut store = BoardStore::new();
    store.merge_refresh((1..=100).map(|id| req(id, "pending", "")).collect());
    let (filter, sort) = (Filter::default(), Sort::default());
    let view = store.view(&filter, sort);
    let mut untouched = view.clone();
    assert!(!store.update_view(&mut untouched, &[1, 999], &filter, sort, None));
    let many: Vec<i64> = (1..=65).collect();
    assert!(!store.update_view(&mut untouched, &many, &filter, sort, None));
    assert_eq!(untouched, view);
    // The limit: 1/32 of the board, never under 64 rows.
    assert!(updates_in_place(64, 100));
    assert!(updates_in_place(3_125, 100_000));
    assert!(!updates_in_place(3_126, 100_000));
}
