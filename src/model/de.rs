//! Lenient field deserializers.
//!
//! The contract says any field may be `null`, absent, or carry a value of a type we did not
//! expect (a number where a string was documented, a numeric string where an id was). None
//! of that may fail a whole answer: a field we cannot read becomes `None` and the rest of the
//! answer is kept.

use serde::de::value::MapAccessDeserializer;
use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::marker::PhantomData;

/// A string; numbers and booleans are turned into their text, anything else is `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string, number, boolean or null")
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        ignore_rest!();
    }
    d.deserialize_any(V)
}

/// A 64-bit integer; a numeric string or an integral float is accepted.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an integer or null")
        }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(i64::try_from(v).ok())
        }
        fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
            Ok((v.fract() == 0.0 && v.abs() < 9.0e15).then_some(v as i64))
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(v.trim().parse().ok())
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        ignore_rest!();
    }
    d.deserialize_any(V)
}

/// A number; a numeric string is accepted.
pub fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<f64>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a number or null")
        }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v as f64))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v as f64))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(v.trim().parse().ok().filter(|f: &f64| f.is_finite()))
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        ignore_rest!();
    }
    d.deserialize_any(V)
}

/// A boolean; `"true"`/`"false"`, `1`/`0` are accepted.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<bool>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a boolean or null")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(match v {
                0 => Some(false),
                1 => Some(true),
                _ => None,
            })
        }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(match v {
                0 => Some(false),
                1 => Some(true),
                _ => None,
            })
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(match v.trim().to_ascii_lowercase().as_str() {
                "true" | "t" | "1" | "yes" => Some(true),
                "false" | "f" | "0" | "no" => Some(false),
                _ => None,
            })
        }
        ignore_rest!();
    }
    d.deserialize_any(V)
}

/// A list of `T`; `null` or a non-list is `None`, and an element that is not an object
/// (a stray `null`, number or string) is skipped rather than failing the list.
///
/// Streams: elements are read straight from the input, never through a `serde_json::Value`,
/// so a 100,000-request board costs one parse, not two.
pub fn opt_vec<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = Option<Vec<T>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list or null")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(Lenient(item)) = seq.next_element::<Lenient<T>>()? {
                items.extend(item);
            }
            Ok(Some(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(self)
        }
        scalars_are_none!();
    }
    d.deserialize_any(V(PhantomData))
}

/// An object parsed as `T`, or `None` for anything that is not an object. `T`'s own fields
/// are lenient, so an object practically always parses.
struct Lenient<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object or null")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(Some)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(None)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
                d.deserialize_any(self)
            }
            scalars_are_none!();
        }
        d.deserialize_any(V(PhantomData)).map(Lenient)
    }
}

/// Scalars where a list or an object was due: `None`, not an error.
macro_rules! scalars_are_none {
    () => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bytes<E>(self, _: &[u8]) -> Result<Self::Value, E> {
            Ok(None)
        }
    };
}
pub(crate) use scalars_are_none;

/// A JSON object kept as it is; anything else is `None`.
pub fn opt_object<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<serde_json::Map<String, serde_json::Value>>, D::Error> {
    let v: serde_json::Value = serde::Deserialize::deserialize(d)?;
    Ok(match v {
        serde_json::Value::Object(m) => Some(m),
        _ => None,
    })
}

/// A nested object that must not fail its parent: parsed when it is an object, else `None`.
pub fn opt_lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Lenient::<T>::deserialize(d)?.0)
}

/// Shared tail of every visitor: `null`/unit is `None`; lists and objects are consumed and
/// become `None` instead of failing.
macro_rules! ignore_rest {
    () => {
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    };
}
use ignore_rest;

/// A list that is never absent: `null`, a missing field or a non-list is empty, and an
/// element that fails is skipped.
pub fn vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(opt_vec(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "super::opt_string")]
        s: Option<String>,
        #[serde(default, deserialize_with = "super::opt_i64")]
        i: Option<i64>,
        #[serde(default, deserialize_with = "super::opt_f64")]
        f: Option<f64>,
        #[serde(default, deserialize_with = "super::opt_bool")]
        b: Option<bool>,
    }

    #[test]
    fn wrong_types_become_none_or_convert() {
        let t: T = serde_json::from_str(
            r#"{"s": 4364251898, "i": "2431434880", "f": "5.5", "b": "true"}"#,
        )
        .unwrap();
        assert_eq!(t.s.as_deref(), Some("4364251898"));
        assert_eq!(t.i, Some(2431434880));
        assert_eq!(t.f, Some(5.5));
        assert_eq!(t.b, Some(true));
        let t: T =
            serde_json::from_str(r#"{"s": {"a": 1}, "i": [1, 2], "f": null, "b": 7}"#).unwrap();
        assert_eq!((t.s, t.i, t.f, t.b), (None, None, None, None));
        let t: T = serde_json::from_str("{}").unwrap();
        assert!(t.s.is_none() && t.i.is_none());
    }

    #[derive(Deserialize, Debug)]
    struct Item {
        #[serde(default, deserialize_with = "super::opt_i64")]
        id: Option<i64>,
    }

    #[derive(Deserialize)]
    struct Page {
        #[serde(default, deserialize_with = "super::vec")]
        items: Vec<Item>,
        #[serde(default, deserialize_with = "super::opt_lenient")]
        nested: Option<Item>,
    }

    #[test]
    fn lists_skip_stray_elements_and_nested_objects_never_fail() {
        let p: Page = serde_json::from_str(
            r#"{"items": [{"id": 1}, null, 5, "x", [1], {"id": "2", "extra": {"a": [1]}}], "nested": "oops"}"#,
        )
        .unwrap();
        assert_eq!(
            p.items.iter().map(|i| i.id).collect::<Vec<_>>(),
            [Some(1), Some(2)]
        );
        assert!(p.nested.is_none());
        let p: Page =
            serde_json::from_str(r#"{"items": {"not": "a list"}, "nested": {"id": 9}}"#).unwrap();
        assert!(p.items.is_empty());
        assert_eq!(p.nested.unwrap().id, Some(9));
        let p: Page = serde_json::from_str(r#"{"items": null}"#).unwrap();
        assert!(p.items.is_empty());
    }
}
