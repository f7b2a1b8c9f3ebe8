//! Shared by the property tests: the reference's examples, arbitrary JSON, and mutations of
//! a JSON document (valid shape, arbitrary values).
#![allow(dead_code)]

use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value;

/// `default` cases, or `PROPTEST_CASES` when set (the long runs).
pub fn cases(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases,
        // Shrinking a failure of a network round trip can take minutes; a few hundred
        // steps find the small case well enough.
        max_shrink_iters: 512,
        ..Config::default()
    }
}

/// `components.examples` of `shared/api/openapi.yaml`, by name.
pub fn examples() -> Vec<(String, Value)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/api/openapi.yaml"))
        .find(|p| p.exists())
        .expect("shared/api/openapi.yaml beside the repo");
    let doc: Value = serde_yaml_ng::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["components"]["examples"]
        .as_object()
        .expect("components.examples")
        .iter()
        .map(|(k, v)| (k.clone(), v["value"].clone()))
        .collect()
}

/// Text a server or a file might hold and a parser might trip on.
pub const ODD_TEXT: &[&str] = &[
    "",
    " ",
    "null",
    "true",
    "0",
    "-1",
    "1e400",
    "-9223372036854775809",
    "18446744073709551616",
    "NaN",
    "15:24:48",
    "25:61:61",
    "24:00",
    "2024-02-30",
    "2024-12-17T16:24:48.000+01:00",
    "+275760-09-13T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "0000-00-00",
    "916-773-639",
    "+34 600 000 000",
    "94.082774",
    "-181",
    "P1Y2M3DT4H5M6S",
    "P99999999999Y",
    "\u{202e}evil",
    "e\u{301}\u{301}\u{301}",
    "🧯🚒",
    "日本語テキスト",
    "\0",
    "\r\n\t",
    "<html><body>502</body></html>",
    "pending",
    "in_progress",
    "teleported",
];

/// A leaf of any JSON type, with the edge values first in line.
pub fn arb_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop::sample::select(vec![
            i64::MIN,
            i64::MAX,
            0,
            -1,
            1 << 53,
            i64::from(u32::MAX)
        ])
        .prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        ".{0,40}".prop_map(Value::from),
        prop::sample::select(ODD_TEXT).prop_map(Value::from),
        (1usize..20_000).prop_map(|n| Value::from("x".repeat(n))),
    ]
}

/// Any JSON value, nested a few levels.
pub fn arb_json() -> impl Strategy<Value = Value> {
    arb_leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((".{0,8}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// One change to a document; nodes are picked by index among all nodes.
#[derive(Debug, Clone)]
pub enum Mutation {
    /// The node becomes this value.
    Replace(prop::sample::Index, Value),
    /// Like `Replace`, only among nodes at least this deep (keeps the envelope).
    ReplaceDeep(prop::sample::Index, usize, Value),
    /// The node is removed from its object or array.
    Remove(prop::sample::Index),
    /// An object gets an unknown field.
    AddField(prop::sample::Index, String, Value),
    /// A scalar turns into its text, or text into a number when it reads as one.
    Retype(prop::sample::Index),
}

pub fn arb_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), arb_json()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        2 => any::<prop::sample::Index>().prop_map(Mutation::Remove),
        2 => (any::<prop::sample::Index>(), "[a-z_]{1,12}", arb_json())
            .prop_map(|(i, k, v)| Mutation::AddField(i, k, v)),
        2 => any::<prop::sample::Index>().prop_map(Mutation::Retype),
        1 => (any::<prop::sample::Index>(), arb_leaf()).prop_map(|(i, v)| Mutation::Replace(i, v)),
    ]
}

/// JSON pointers of every node below the root, with their depth.
fn nodes(v: &Value) -> Vec<(String, usize)> {
    fn walk(v: &Value, at: String, depth: usize, out: &mut Vec<(String, usize)>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                    out.push((p.clone(), depth + 1));
                    walk(x, p, depth + 1, out);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    let p = format!("{at}/{i}");
                    out.push((p.clone(), depth + 1));
                    walk(x, p, depth + 1, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, String::new(), 0, &mut out);
    out
}

fn unescape(s: &str) -> String {
    s.replace("~1", "/").replace("~0", "~")
}

pub fn mutate(doc: &mut Value, m: &Mutation) {
    let all = nodes(doc);
    let pick = |i: &prop::sample::Index, min_depth: usize| -> Option<String> {
        let eligible: Vec<&String> = all
            .iter()
            .filter(|(_, d)| *d >= min_depth)
            .map(|(p, _)| p)
            .collect();
        (!eligible.is_empty()).then(|| eligible[i.index(eligible.len())].clone())
    };
    match m {
        Mutation::Replace(i, v) => {
            if let Some(p) = pick(i, 1) {
                *doc.pointer_mut(&p).unwrap() = v.clone();
            }
        }
        Mutation::ReplaceDeep(i, depth, v) => {
            if let Some(p) = pick(i, *depth) {
                *doc.pointer_mut(&p).unwrap() = v.clone();
            }
        }
        Mutation::Remove(i) => {
            let Some(p) = pick(i, 1) else { return };
            let (parent, last) = p.rsplit_once('/').unwrap();
            match doc.pointer_mut(parent) {
                Some(Value::Object(m)) => {
                    m.remove(&unescape(last));
                }
                Some(Value::Array(a)) => {
                    let i: usize = last.parse().unwrap();
                    a.remove(i);
                }
                _ => {}
            }
        }
        Mutation::AddField(i, k, v) => {
            let target = pick(i, 0).unwrap_or_default();
            match doc.pointer_mut(&target) {
                Some(Value::Object(m)) => {
                    m.insert(k.clone(), v.clone());
                }
                _ => {
                    if let Value::Object(m) = doc {
                        m.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        Mutation::Retype(i) => {
            let Some(p) = pick(i, 1) else { return };
            let node = doc.pointer_mut(&p).unwrap();
            *node = match node.take() {
                Value::String(s) => s
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::Bool(!s.is_empty())),
                Value::Null => Value::String("null".into()),
                other @ (Value::Array(_) | Value::Object(_)) => Value::String(other.to_string()),
                other => Value::String(other.to_string()),
            };
        }
    }
}
