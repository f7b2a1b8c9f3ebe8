//! A counting HTTP proxy for the measurement scripts: forwards every request to UPSTREAM and
//! appends one line per request to LOG: `unix_millis method path?query status bytes`.
//! `cargo run --release --example counting_proxy -- PORT UPSTREAM LOG`
//! (e.g. `18400 http://127.0.0.1:18401 target/measure/proxy.log`). Loopback only.
use std::io::Write;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use parking_lot::Mutex;

struct Proxy {
    upstream: String,
    http: reqwest::Client,
    log: Mutex<std::io::BufWriter<std::fs::File>>,
}

async fn forward(
    State(proxy): State<Arc<Proxy>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path_and_query().map_or("/", |p| p.as_str()).to_owned();
    let mut req = proxy
        .http
        .request(method.clone(), format!("{}{path}", proxy.upstream))
        .body(body);
    for (name, value) in &headers {
        if name != "host" {
            req = req.header(name, value);
        }
    }
    let (status, out_headers, bytes) = match req.send().await {
        Ok(res) => {
            let status = res.status();
            let h = res.headers().clone();
            match res.bytes().await {
                Ok(b) => (status, h, b),
                Err(_) => (StatusCode::BAD_GATEWAY, HeaderMap::new(), Bytes::new()),
            }
        }
        Err(_) => (StatusCode::BAD_GATEWAY, HeaderMap::new(), Bytes::new()),
    };
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    {
        let mut log = proxy.log.lock();
        let _ = writeln!(
            log,
            "{millis} {method} {path} {} {}",
            status.as_u16(),
            bytes.len()
        );
        let _ = log.flush();
    }
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    for (name, value) in &out_headers {
        if name != "transfer-encoding" && name != "content-length" && name != "connection" {
            response.headers_mut().insert(name, value.clone());
        }
    }
    response
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, port, upstream, log] = &args[..] else {
        eprintln!("usage: counting_proxy PORT UPSTREAM LOG");
        std::process::exit(2);
    };
    let _ = rustls::crypto::ring::default_provider().install_default();
    let proxy = Arc::new(Proxy {
        upstream: upstream.trim_end_matches('/').to_owned(),
        http: reqwest::Client::new(),
        log: Mutex::new(std::io::BufWriter::new(
            std::fs::File::create(log).expect("log file"),
        )),
    });
    let app = axum::Router::new().fallback(forward).with_state(proxy);
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}"))
        .await
        .expect("listen");
    println!("proxy on http://127.0.0.1:{port} → {upstream}");
    axum::serve(listener, app).await.expect("serve");
}
