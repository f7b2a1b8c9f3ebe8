//! The log file: written where asked, at the level asked, never holding a secret.

mod common;

use mok_console::api::ApiClient;
use mok_console::sandbox;

#[tokio::test(flavor = "multi_thread")]
async fn log_holds_operations_but_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let (guard, path) = mok_console::logging::init_in(dir.path(), "trace");
    let path = path.expect("this test owns the global subscriber");

    let sb = common::sandbox().await;
    let client = common::client(&sb);
    client.me().await.unwrap();
    sb.expire_tokens();
    client.plans().await.unwrap();
    client.admin_contracts().await.unwrap();
    let mut wrong = common::config(&sb);
    wrong.client_secret = "wrong-secret-for-the-log".into();
    ApiClient::new(wrong).unwrap().me().await.unwrap_err();
    drop(guard);

    let log = std::fs::read_to_string(&path).unwrap();
    assert!(
        log.contains("get_provider_network"),
        "operations are logged:\n{log}"
    );
    assert!(
        log.contains("renewing once"),
        "the renewal is logged:\n{log}"
    );
    for secret in [
        sandbox::CLIENT_SECRET,
        sandbox::ADMIN_TOKEN,
        "wrong-secret-for-the-log",
        "Bearer ",
        "authorization",
        "x-admin-user-token",
    ] {
        assert!(
            !log.to_ascii_lowercase()
                .contains(&secret.to_ascii_lowercase()),
            "{secret} in the log:\n{log}"
        );
    }
}
