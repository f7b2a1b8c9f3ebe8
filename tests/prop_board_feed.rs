//! Property tests (issue 15): the board's feed reads each page as the server's text and
//! parses only the items whose text it has not seen ([`DiffTracker::observe_raw`]). That
//! shortcut must never change what the board shows: on the reference's list example with
//! mutated values (nulls, other types, odd text, unknown fields, repeated and missing ids,
//! items that are not objects), the raw reading gives exactly the difference the parsed
//! reading gives, on the first listing, on the same listing again (nothing), and on a
//! listing where some items changed.

mod prop_support;

use mok_console::api::RawPage;
use mok_console::board::{BoardDiff, DiffTracker};
use mok_console::model::ServiceRequestList;
use prop_support::{Mutation, arb_json, arb_mutation, cases, examples, mutate};
use proptest::prelude::*;
use serde_json::Value;

/// The reference's list, grown to `n` items with distinct ids (some repeated, some
/// missing) so a listing has something to diff.
fn listing(n: usize) -> Value {
    let base = examples()
        .into_iter()
        .find(|(name, _)| name == "service_requests_list")
        .expect("service_requests_list example")
        .1;
    let item = base["service_requests"][0].clone();
    let items: Vec<Value> = (0..n)
        .map(|i| {
            let mut it = item.clone();
            it["id"] = Value::from(1000 + i as i64);
            it
        })
        .collect();
    serde_json::json!({ "service_requests": items })
}

/// One listing both ways; `None` when the parsed reading refuses the body.
fn both(
    parsed: &mut DiffTracker,
    raw: &mut DiffTracker,
    body: &str,
) -> Option<(BoardDiff, BoardDiff)> {
    let list: ServiceRequestList = serde_json::from_str(body).ok()?;
    let page = RawPage::from_json(body.to_owned())
        .expect("what the parsed reading accepts, the raw reading accepts");
    let expected = parsed.diff(&list.service_requests);
    let mut pass = raw.pass();
    for item in page.items() {
        raw.observe_raw(&mut pass, item);
    }
    Some((expected, raw.finish_full(pass)))
}

fn deep(mutations: Vec<(prop::sample::Index, Value)>) -> Vec<Mutation> {
    mutations
        .into_iter()
        .map(|(at, v)| Mutation::ReplaceDeep(at, 2, v))
        .collect()
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn reading_items_as_text_gives_the_parsed_difference(
        n in 1usize..30,
        first in prop::collection::vec(arb_mutation(), 0..12),
        second in prop::collection::vec((any::<prop::sample::Index>(), arb_json()), 0..6),
    ) {
        let mut value = listing(n);
        for m in &first {
            mutate(&mut value, m);
        }
        let (mut parsed, mut raw) = (DiffTracker::new(), DiffTracker::new());
        let body = value.to_string();
        let Some((expected, got)) = both(&mut parsed, &mut raw, &body) else {
            return Ok(());
        };
        prop_assert_eq!(&got, &expected, "first listing\n{}", body);

        // The same text again: nothing changed, nothing is parsed or sent.
        let (expected, got) = both(&mut parsed, &mut raw, &body).unwrap();
        prop_assert!(expected.is_empty() && got.is_empty(), "{:?}", got);
        prop_assert_eq!(got.total, expected.total);

        // Some items change: the same upserts and removals both ways.
        for m in deep(second) {
            mutate(&mut value, &m);
        }
        let body = value.to_string();
        if let Some((expected, got)) = both(&mut parsed, &mut raw, &body) {
            prop_assert_eq!(&got, &expected, "second listing\n{}", body);
        }
    }

    /// Arbitrary bytes as a page: a readable error or a page, never a panic; every item
    /// of a page can be observed.
    #[test]
    fn arbitrary_bytes_as_a_raw_page_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let wrapped = format!("{{\"service_requests\": [{text}]}}");
        let mut tracker = DiffTracker::new();
        for body in [text, wrapped] {
            match RawPage::from_json(body) {
                Ok(page) => {
                    let mut pass = tracker.pass();
                    for item in page.items() {
                        tracker.observe_raw(&mut pass, item);
                    }
                    tracker.finish_full(pass);
                }
                Err(e) => prop_assert!(e.message.contains("could not be read"), "{}", e.message),
            }
        }
    }
}
