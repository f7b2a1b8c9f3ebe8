//! The accept loop. `axum::serve` cannot close one connection without answering, which the
//! drop faults need, so each connection is served by hyper here with a kill switch
//! ([`ConnKill`]) the fault middleware can pull; dropping the connection future closes the
//! socket without a response. Pausing drops the listener and every open connection.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use parking_lot::Mutex;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;
use tower::ServiceExt;

/// Pulled by a handler (through the request's extensions) to close its connection unanswered.
#[derive(Clone)]
pub struct ConnKill(pub Arc<Notify>);

impl ConnKill {
    pub fn kill(&self) {
        self.0.notify_one();
    }
}

pub struct Server {
    addr: SocketAddr,
    app: Router,
    accept: Mutex<Option<JoinHandle<()>>>,
    /// Bumped to close every open connection (pause, shutdown).
    generation: watch::Sender<u64>,
}

/// A listener with `SO_REUSEADDR`, so a resume can take the same port again at once.
pub fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(1024)
}

impl Server {
    pub fn start(listener: TcpListener, app: Router) -> Arc<Server> {
        let addr = listener
            .local_addr()
            .expect("bound listener has an address");
        let (generation, _) = watch::channel(0);
        let server = Arc::new(Server {
            addr,
            app,
            accept: Mutex::new(None),
            generation,
        });
        let task = server.spawn_accept(listener);
        *server.accept.lock() = Some(task);
        server
    }

    fn spawn_accept(&self, listener: TcpListener) -> JoinHandle<()> {
        let app = self.app.clone();
        let generation = self.generation.subscribe();
        tokio::spawn(async move {
            loop {
                let stream = match listener.accept().await {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve_connection(stream, app.clone(), generation.clone()));
            }
        })
    }

    /// Closes the port and every open connection; the data stays.
    pub async fn pause(&self) {
        let task = self.accept.lock().take();
        if let Some(task) = task {
            task.abort();
            let _ = task.await;
        }
        self.generation.send_modify(|g| *g += 1);
    }

    /// Listens again on the same address.
    pub async fn resume(&self) -> std::io::Result<()> {
        if self.accept.lock().is_some() {
            return Ok(());
        }
        let listener = bind(self.addr)?;
        let task = self.spawn_accept(listener);
        *self.accept.lock() = Some(task);
        Ok(())
    }

    /// Stops everything (the handle was dropped).
    pub fn shutdown(&self) {
        if let Some(task) = self.accept.lock().take() {
            task.abort();
        }
        self.generation.send_modify(|g| *g += 1);
    }
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    app: Router,
    mut generation: watch::Receiver<u64>,
) {
    let kill = ConnKill(Arc::new(Notify::new()));
    let for_requests = kill.clone();
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(for_requests.clone());
        app.clone().oneshot(req)
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        result = conn => {
            if let Err(e) = result {
                tracing::debug!("connection ended: {e}");
            }
        }
        // Dropping `conn` closes the socket without writing a response.
        _ = kill.0.notified() => tracing::debug!("connection dropped by a fault"),
        _ = generation.changed() => {}
    }
}
