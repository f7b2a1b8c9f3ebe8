//! Every page of a listing, fetched in waves of [`PAGE_WAVE`](super::PAGE_WAVE) pages at
//! once, yielded in order; the first page shorter than the page size is the last
//! (the API gives no page metadata).

use futures::future::BoxFuture;
use futures::stream::{self, BoxStream, StreamExt};

use super::{ApiClient, ApiResult, MAX_PAGE_SIZE, PAGE_WAVE, RawPage, ServiceRequestQuery};

/// A page of a listing: its length tells whether it was the last.
pub(super) trait Page {
    fn items(&self) -> usize;
}

impl<T> Page for Vec<T> {
    fn items(&self) -> usize {
        self.len()
    }
}

impl Page for RawPage {
    fn items(&self) -> usize {
        self.len()
    }
}

type FetchPage<P> = fn(ApiClient, ServiceRequestQuery) -> BoxFuture<'static, ApiResult<P>>;

struct Cursor {
    client: ApiClient,
    query: ServiceRequestQuery,
    next_page: u32,
    size: usize,
    done: bool,
}

pub(super) fn all_pages<P: Page + Send + 'static>(
    client: ApiClient,
    query: ServiceRequestQuery,
    fetch: FetchPage<P>,
) -> BoxStream<'static, ApiResult<P>> {
    let size = query.page_size.unwrap_or(MAX_PAGE_SIZE);
    let cursor = Cursor {
        client,
        next_page: query.page.unwrap_or(1).max(1),
        query: ServiceRequestQuery {
            page_size: Some(size),
            ..query
        },
        size: size as usize,
        done: false,
    };
    stream::unfold(cursor, move |mut cur| async move {
        if cur.done {
            return None;
        }
        let wave = (0..PAGE_WAVE as u32).map(|i| {
            let q = ServiceRequestQuery {
                page: Some(cur.next_page.saturating_add(i)),
                ..cur.query.clone()
            };
            fetch(cur.client.clone(), q)
        });
        let results = futures::future::join_all(wave).await;
        // Saturating: `--page 4294967295 --all` ends at the last page number, not in a panic.
        if cur.next_page > u32::MAX - PAGE_WAVE as u32 {
            cur.done = true;
        }
        cur.next_page = cur.next_page.saturating_add(PAGE_WAVE as u32);
        let mut out = Vec::with_capacity(PAGE_WAVE);
        for r in results {
            match r {
                Ok(page) => {
                    let short = page.items() < cur.size;
                    out.push(Ok(page));
                    if short {
                        cur.done = true;
                        break;
                    }
                }
                Err(e) => {
                    out.push(Err(e));
                    cur.done = true;
                    break;
                }
            }
        }
        Some((stream::iter(out), cur))
    })
    .flatten()
    .boxed()
}
