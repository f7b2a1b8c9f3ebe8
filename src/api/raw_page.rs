//! A page of service requests kept as the server's text, each item parsed only when asked.
//! The board's open part re-lists every open request each poll (about 4,000 of them every
//! 5 s at 100,000 requests) and its sweep lists them all: parsing every item into a whole
//! [`ServiceRequest`](crate::model::ServiceRequest) to find that almost none changed was
//! most of the board's idle CPU. With the items' text, a poll recognises an unchanged item
//! by its bytes and parses only what changed (issue 15).

use std::ops::Range;

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::transport::Answer;
use super::{ApiError, ApiResult};

/// One page of `GET service_requests`, its items as JSON text.
#[derive(Debug, Clone, Default)]
pub struct RawPage {
    body: String,
    /// Where each item sits in `body`.
    items: Vec<Range<usize>>,
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, default, deserialize_with = "items")]
    service_requests: Vec<&'a RawValue>,
}

/// `service_requests` as its items' text, read in the one pass over the body: a list gives
/// its items; anything else (null, an object, a scalar) gives none, as
/// [`crate::model::de::vec`] reads it.
fn items<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<&'de RawValue>, D::Error> {
    struct Items;
    impl<'de> Visitor<'de> for Items {
        type Value = Option<Vec<&'de RawValue>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(item) = seq.next_element::<&'de RawValue>()? {
                items.push(item);
            }
            Ok(Some(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(self)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        crate::model::de::scalars_are_none!();
    }
    Ok(d.deserialize_any(Items)?.unwrap_or_default())
}

impl RawPage {
    /// Reads an answer's body: a body that is not JSON is a decode error, as for a parsed
    /// page; a `service_requests` that is missing, `null` or not a list is an empty page,
    /// as [`crate::model::de::vec`] reads it.
    pub(super) fn read(answer: Answer) -> ApiResult<RawPage> {
        let Answer { status, body } = answer;
        let envelope: Envelope =
            serde_json::from_str(&body).map_err(|e| ApiError::decode(status, &e, &body))?;
        let list = envelope.service_requests;
        // Each item borrows from `body`: its place is its address minus the body's.
        let base = body.as_ptr() as usize;
        let items = list
            .iter()
            .map(|raw| {
                let start = raw.get().as_ptr() as usize - base;
                start..start + raw.get().len()
            })
            .collect();
        Ok(RawPage { body, items })
    }

    /// A page read from a `200` answer's body (tests, benches, a body read elsewhere).
    pub fn from_json(body: String) -> ApiResult<RawPage> {
        RawPage::read(Answer { status: 200, body })
    }

    /// How many items it holds (anything in the list, objects or not).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Each item's JSON text, in the server's order.
    pub fn items(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|r| &self.body[r.clone()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str) -> ApiResult<RawPage> {
        RawPage::read(Answer {
            status: 200,
            body: body.to_owned(),
        })
    }

    #[test]
    fn items_come_back_as_the_server_wrote_them() {
        let page = read(
            "{\"meta\": {\"x\": 1}, \"service_requests\": [ {\"id\": 1, \"a\": \"b\\\"c\"},\n {\"id\":\"2\"}, null, 7 ]}",
        )
        .unwrap();
        let items: Vec<&str> = page.items().collect();
        assert_eq!(
            items,
            [
                "{\"id\": 1, \"a\": \"b\\\"c\"}",
                "{\"id\":\"2\"}",
                "null",
                "7"
            ]
        );
        assert_eq!(page.len(), 4);
    }

    #[test]
    fn a_missing_null_or_odd_list_is_an_empty_page() {
        for body in [
            "{}",
            "{\"service_requests\": null}",
            "{\"service_requests\": {\"id\": 1}}",
            "{\"service_requests\": \"none\"}",
        ] {
            assert!(read(body).unwrap().is_empty(), "{body}");
        }
    }

    #[test]
    fn a_body_that_is_not_json_is_a_readable_decode_error() {
        let e = read("<html><body>502 Bad Gateway</body></html>").unwrap_err();
        assert_eq!(e.kind, super::super::ErrorKind::Decode);
        assert!(!e.message.is_empty());
    }
}
