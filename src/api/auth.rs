//! The bearer token: fetched on first need, cached, renewed a little before `expires_in`
//! or once after a 401. Concurrent callers share one renewal (single flight).

use secrecy::{ExposeSecret, SecretString};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// Renew this long before the server's `expires_in` runs out.
pub const RENEW_MARGIN: Duration = Duration::from_secs(30);
/// The longest a token is trusted without renewal, whatever `expires_in` says: a server
/// answering `i64::MAX` seconds gets a renewal a day later instead of an `Instant` overflow.
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// The lifetime a token answer's `expires_in` (seconds, as read) stands for: positive ones
/// capped at [`MAX_TOKEN_LIFETIME`]; zero, negative or absent mean "until a 401".
pub fn lifetime(expires_in: Option<i64>) -> Option<Duration> {
    let secs = u64::try_from(expires_in?).ok().filter(|s| *s > 0)?;
    Some(Duration::from_secs(secs).min(MAX_TOKEN_LIFETIME))
}

/// A token and the generation it belongs to.
#[derive(Clone)]
pub struct Bearer {
    pub value: SecretString,
    /// Increases with every fetch; a 401 names the generation it was answered to, so a
    /// caller holding a stale token does not fetch a second new one.
    pub generation: u64,
}

struct Cached {
    value: SecretString,
    expires_at: Option<Instant>,
}

#[derive(Default)]
struct State {
    token: Option<Cached>,
    generation: u64,
}

/// The token cache. The mutex is held across a fetch: whoever comes while a fetch runs
/// waits for it and gets its result.
#[derive(Default)]
pub struct TokenCache {
    state: Mutex<State>,
}

/// A freshly fetched token: its value and `expires_in`, if the server gave it.
pub struct Fetched {
    pub value: SecretString,
    pub expires_in: Option<Duration>,
}

impl TokenCache {
    /// The cached token, or a new one from `fetch` when there is none or it is about to
    /// expire.
    pub async fn get<F, Fut, E>(&self, fetch: F) -> Result<Bearer, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Fetched, E>>,
    {
        let mut state = self.state.lock().await;
        if let Some(t) = &state.token {
            let fresh = t.expires_at.is_none_or(|at| {
                at.checked_duration_since(Instant::now())
                    .is_some_and(|left| left > RENEW_MARGIN)
            });
            if fresh {
                return Ok(Bearer {
                    value: t.value.clone(),
                    generation: state.generation,
                });
            }
        }
        Self::refill(&mut state, fetch).await
    }

    /// After a 401 answered to `stale`: fetches a new token unless another caller already
    /// did since, in which case that one is returned.
    pub async fn renew<F, Fut, E>(&self, stale: u64, fetch: F) -> Result<Bearer, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Fetched, E>>,
    {
        let mut state = self.state.lock().await;
        if state.generation != stale
            && let Some(t) = &state.token
        {
            return Ok(Bearer {
                value: t.value.clone(),
                generation: state.generation,
            });
        }
        Self::refill(&mut state, fetch).await
    }

    /// The current token's text, to redact it from messages.
    pub fn current_secret(&self) -> Option<String> {
        self.state
            .try_lock()
            .ok()
            .and_then(|s| s.token.as_ref().map(|t| t.value.expose_secret().to_owned()))
    }

    async fn refill<F, Fut, E>(state: &mut State, fetch: F) -> Result<Bearer, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Fetched, E>>,
    {
        state.token = None;
        let fetched = fetch().await?;
        state.generation += 1;
        state.token = Some(Cached {
            value: fetched.value.clone(),
            // Checked and capped: `Instant + Duration` panics on overflow.
            expires_at: fetched
                .expires_in
                .and_then(|d| Instant::now().checked_add(d.min(MAX_TOKEN_LIFETIME))),
        });
        Ok(Bearer {
            value: fetched.value,
            generation: state.generation,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn fetcher(
        count: Arc<AtomicUsize>,
        expires_in: Option<Duration>,
    ) -> impl Fn()
        -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Fetched, ()>> + Send>>
    + Clone
    + Send
    + Sync
    + 'static {
        move || {
            let count = count.clone();
            Box::pin(async move {
                let n = count.fetch_add(1, Ordering::SeqCst) + 1;
                tokio::task::yield_now().await;
                Ok(Fetched {
                    value: SecretString::from(format!("token-{n}")),
                    expires_in,
                })
            })
        }
    }

    #[tokio::test]
    async fn one_fetch_for_many_callers_and_one_renewal_per_generation() {
        let cache = Arc::new(TokenCache::default());
        let count = Arc::new(AtomicUsize::new(0));
        let f = fetcher(count.clone(), None);
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let cache = cache.clone();
            let f = f.clone();
            tasks.push(tokio::spawn(async move { cache.get(f).await.unwrap() }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().generation, 1);
        }
        assert_eq!(count.load(Ordering::SeqCst), 1);
        // Eight callers saw a 401 with generation 1: one renewal.
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let cache = cache.clone();
            let f = f.clone();
            tasks.push(tokio::spawn(
                async move { cache.renew(1, f).await.unwrap() },
            ));
        }
        for t in tasks {
            let b = t.await.unwrap();
            assert_eq!(b.generation, 2);
            assert_eq!(b.value.expose_secret(), "token-2");
        }
        assert_eq!(count.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn renews_before_expiry() {
        let cache = TokenCache::default();
        let count = Arc::new(AtomicUsize::new(0));
        // Expires inside the margin: every get fetches.
        let f = fetcher(count.clone(), Some(Duration::from_secs(5)));
        cache.get(&f).await.unwrap();
        cache.get(&f).await.unwrap();
        assert_eq!(count.load(Ordering::SeqCst), 2);
        let g = fetcher(count.clone(), Some(Duration::from_secs(3600)));
        cache.get(&g).await.unwrap();
        cache.get(&g).await.unwrap();
        assert_eq!(count.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn lifetimes_are_capped_and_odd_ones_mean_until_401() {
        assert_eq!(lifetime(Some(7200)), Some(Duration::from_secs(7200)));
        assert_eq!(lifetime(Some(i64::MAX)), Some(MAX_TOKEN_LIFETIME));
        assert_eq!(lifetime(Some(0)), None);
        assert_eq!(lifetime(Some(-1)), None);
        assert_eq!(lifetime(Some(i64::MIN)), None);
        assert_eq!(lifetime(None), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Any `expires_in` a server may answer: the cache stores it and hands the token
        /// out, never panicking; a token whose life is within the margin is fetched again.
        #[test]
        fn any_expires_in_is_cached_without_panic(expires_in in proptest::option::of(proptest::num::i64::ANY)) {
            let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let count = Arc::new(AtomicUsize::new(0));
            let life = lifetime(expires_in);
            let f = fetcher(count.clone(), life);
            let cache = TokenCache::default();
            rt.block_on(async {
                cache.get(&f).await.unwrap();
                cache.get(&f).await.unwrap();
            });
            let renews = life.is_some_and(|d| d <= RENEW_MARGIN);
            proptest::prop_assert_eq!(count.load(Ordering::SeqCst), if renews { 2 } else { 1 });
        }

        /// Whole token answers as a careless server may write them: `expires_in` as any
        /// number, a numeric string, a float, a bool or null, next to any `access_token`.
        /// Reading them and caching the result never panics.
        #[test]
        fn any_token_answer_is_read_and_cached_without_panic(
            token in proptest::option::of(".{0,24}"),
            expires in proptest::prop_oneof![
                proptest::num::i64::ANY.prop_map(serde_json::Value::from),
                proptest::num::u64::ANY.prop_map(serde_json::Value::from),
                proptest::num::f64::NORMAL.prop_map(serde_json::Value::from),
                proptest::num::i64::ANY.prop_map(|n| serde_json::Value::from(n.to_string())),
                ".{0,12}".prop_map(serde_json::Value::from),
                proptest::bool::ANY.prop_map(serde_json::Value::from),
                proptest::strategy::Just(serde_json::Value::Null),
            ],
        ) {
            let answer = serde_json::json!({"access_token": token, "token_type": "Bearer", "expires_in": expires});
            let parsed: crate::model::Token = serde_json::from_value(answer).unwrap();
            let life = lifetime(parsed.expires_in);
            proptest::prop_assert!(life.is_none_or(|d| d > Duration::ZERO && d <= MAX_TOKEN_LIFETIME));
            let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let count = Arc::new(AtomicUsize::new(0));
            let cache = TokenCache::default();
            rt.block_on(async { cache.get(fetcher(count.clone(), life)).await.unwrap() });
        }

        /// Durations the cache may be handed directly (any size) never overflow it.
        #[test]
        fn any_duration_is_cached_without_panic(secs in proptest::num::u64::ANY, nanos in 0u32..1_000_000_000) {
            let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let count = Arc::new(AtomicUsize::new(0));
            let f = fetcher(count.clone(), Some(Duration::new(secs, nanos)));
            let cache = TokenCache::default();
            rt.block_on(async { cache.get(&f).await.unwrap() });
            proptest::prop_assert_eq!(count.load(Ordering::SeqCst), 1);
        }
    }
}
