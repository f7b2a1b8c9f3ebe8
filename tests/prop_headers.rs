//! Property tests (issue 15) of the headers the client reads, over real loopback HTTP: the
//! sandbox answers with arbitrary `Content-Type`, `WWW-Authenticate` and `Retry-After`
//! headers, statuses and bodies (JSON, HTML, text, bytes). Goal: the call works or gives
//! one readable error, never a panic nor a hang. (`Retry-After` alone is also covered by
//! the unit properties of src/api/retry.rs.)

mod common;
mod prop_support;

use std::time::Duration;

use mok_console::api::{ApiClient, RetryPolicy};
use mok_console::sandbox::{Fault, FaultKind, SandboxHandle};
use prop_support::{ODD_TEXT, cases};
use proptest::prelude::*;

const ME_PATH: &str = "/api/v1/provider_networks/me";

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "application/json",
            "application/json; charset=utf-8",
            "application/json; charset=latin1",
            "application/json; charset=nonsense",
            "application/problem+json",
            "text/html",
            "text/plain; charset=utf-16",
            "application/octet-stream",
            "",
            "Bearer",
            "Bearer realm=\"mok\", error=\"invalid_token\", error_description=\"The access token expired\"",
            "Basic realm=\"x\"",
            "Negotiate",
            "1e20",
            "-1",
            "Fri, 31 Dec 9999 23:59:59 GMT",
        ])
        .prop_map(str::to_owned),
        // Visible ASCII only: anything else is not a header value hyper will send.
        "[ -~]{0,60}",
    ]
}

fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(
            r#"{"error":"invalid_token","error_description":"The access token expired"}"#
                .to_owned()
        ),
        Just("<html><body><h1>502 Bad Gateway</h1></body></html>".to_owned()),
        Just(r#"{"provider_network":{"id":1,"name":"X"}}"#.to_owned()),
        Just(r#"{"provider_network":null}"#.to_owned()),
        prop::sample::select(ODD_TEXT).prop_map(str::to_owned),
        prop::collection::vec(any::<u8>(), 0..200)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        ".{0,200}",
        // A server error that goes on and on.
        (1usize..50_000).prop_map(|n| format!(
            r#"{{"error":"invalid","error_description":"{}","errors":{{"email":["{}"]}}}}"#,
            "y".repeat(n),
            "z".repeat(n)
        )),
    ]
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        prop::sample::select(vec![
            200, 201, 204, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504
        ]),
        200u16..600,
    ]
}

fn client(sb: &SandboxHandle) -> ApiClient {
    let mut config = common::config(sb);
    config.timeout = Duration::from_secs(5);
    ApiClient::new(config).unwrap().with_retry(RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        // Honoured, bounded: an absurd one is a readable 429, not a long wait.
        max_retry_after: Duration::from_millis(50),
    })
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn any_content_type_www_authenticate_and_retry_after_give_an_answer_or_a_readable_error(
        status in status(),
        content_type in prop::option::of(header_value()),
        www_authenticate in prop::option::of(header_value()),
        retry_after in prop::option::of(header_value()),
        body in body(),
        times in 1u32..4,
    ) {
        let rt = runtime();
        rt.block_on(async {
            let sb = sandbox().await;
            let client = client(sb);
            // A token first, so the fault meets the call itself.
            client.me().await.expect("the sandbox answers");
            let mut headers = Vec::new();
            if let Some(v) = &content_type {
                headers.push(("Content-Type".to_owned(), v.clone()));
            }
            if let Some(v) = &www_authenticate {
                headers.push(("WWW-Authenticate".to_owned(), v.clone()));
            }
            if let Some(v) = &retry_after {
                headers.push(("Retry-After".to_owned(), v.clone()));
            }
            sb.inject(Fault {
                kind: FaultKind::Raw { status, headers, body: body.clone() },
                path_prefix: Some(ME_PATH.into()),
                method: None,
                times,
            });
            let outcome = tokio::time::timeout(Duration::from_secs(30), client.me()).await;
            sb.clear_faults();
            let outcome = outcome.map_err(|_| TestCaseError::fail("the call hung"))?;
            if let Err(e) = outcome {
                prop_assert!(!e.message.trim().is_empty());
                prop_assert!(e.message.len() < 2_000, "an error quotes at most a little");
                prop_assert!(
                    !e.message.contains("<html>"),
                    "an HTML page is described, not dumped: {}",
                    e.message
                );
            }
            Ok(())
        })?;
    }
}

/// One runtime and one sandbox for every case (starting a sandbox per case would test
/// start-up, not headers).
fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    })
}

async fn sandbox() -> &'static SandboxHandle {
    static SB: tokio::sync::OnceCell<SandboxHandle> = tokio::sync::OnceCell::const_new();
    SB.get_or_init(common::sandbox).await
}
