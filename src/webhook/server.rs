//! The receiver's accept loop. `axum::serve` sets no timer, so hyper's header read timeout
//! never fires and a sender that trickles its headers (slowloris) holds a connection for
//! ever; here each connection gets a header deadline, and the handler a body deadline
//! ([`BODY_TIMEOUT`](super::BODY_TIMEOUT)). Shutdown stops accepting and closes every open
//! connection.

use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;
use tower::ServiceExt;

/// How long a connection may take to send a request's headers (or sit idle between
/// requests) before it is closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// Accepts until `stop` fires, then drops every connection.
pub(super) async fn run(listener: TcpListener, app: Router, mut stop: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            // Reap finished connections so the set does not grow under a flood.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    connections.spawn(serve_connection(stream, app.clone()));
                }
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!("webhook accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
    connections.shutdown().await;
}

async fn serve_connection(stream: tokio::net::TcpStream, app: Router) {
    let service =
        hyper::service::service_fn(move |req: hyper::Request<Incoming>| app.clone().oneshot(req));
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    if let Err(e) = conn.await {
        tracing::debug!("webhook connection ended: {e}");
    }
}
