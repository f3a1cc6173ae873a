//! Accepting the preview's connections. Each is served by hyper with a
//! deadline for its request headers and is closed when nothing moves on it,
//! so idle or half-open connections cannot pile up; and all of them end
//! within a moment of Ctrl-C, open event streams included.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::{Instant, Sleep};

/// How long a client has to send a request's headers, and for how long an
/// open connection may wait for its next request.
pub(super) const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a connection may go without a byte read or written (a body
/// that never arrives, a client that stops reading). Event streams send a
/// keep-alive well within it.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long requests under way may finish after Ctrl-C.
const GRACE: Duration = Duration::from_millis(300);

/// Serves `app` on `listener` until `stop` turns true.
pub(super) async fn serve(listener: TcpListener, app: Router, stop: watch::Receiver<bool>) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let mut connections = JoinSet::new();
    let mut stopping = stop.clone();
    loop {
        tokio::select! {
            _ = stopping.wait_for(|stop| *stop) => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    let io = TokioIo::new(Idle::new(stream, IDLE_TIMEOUT));
                    let connection = http.serve_connection(io, TowerToHyperService::new(app.clone()));
                    let mut stop = stop.clone();
                    connections.spawn(async move {
                        tokio::pin!(connection);
                        tokio::select! {
                            _ = connection.as_mut() => return,
                            _ = stop.wait_for(|stop| *stop) => {}
                        }
                        connection.as_mut().graceful_shutdown();
                        let _ = connection.await;
                    });
                }
                // Out of file descriptors, most likely: give open
                // connections time to close rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
            // Finished connections are collected as they end.
            Some(_) = connections.join_next() => {}
        }
    }
    drop(listener);
    let finished = async { while connections.join_next().await.is_some() {} };
    // What is still open then is dropped with `connections`.
    let _ = tokio::time::timeout(GRACE, finished).await;
}

/// A connection that fails with `TimedOut` once `limit` passes without a
/// byte read or written.
struct Idle<S> {
    inner: S,
    limit: Duration,
    deadline: Pin<Box<Sleep>>,
}

impl<S> Idle<S> {
    fn new(inner: S, limit: Duration) -> Self {
        Idle {
            inner,
            limit,
            deadline: Box::pin(tokio::time::sleep(limit)),
        }
    }

    fn moved(&mut self) {
        let next = Instant::now() + self.limit;
        self.deadline.as_mut().reset(next);
    }

    /// For an operation that is waiting: an error once the deadline passed.
    fn waiting<T>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        match self.deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::ErrorKind::TimedOut.into())),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Idle<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(result) => {
                if buf.filled().len() > before {
                    self.moved();
                }
                Poll::Ready(result)
            }
            Poll::Pending => self.waiting(cx),
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Idle<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write(cx, buf) {
            Poll::Ready(result) => {
                if matches!(result, Ok(written) if written > 0) {
                    self.moved();
                }
                Poll::Ready(result)
            }
            Poll::Pending => self.waiting(cx),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_flush(cx) {
            Poll::Pending => self.waiting(cx),
            ready => ready,
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Reads one byte, or fails.
    async fn read_byte<S: AsyncRead + Unpin>(idle: &mut Idle<S>) -> io::Result<usize> {
        let mut byte = [0; 1];
        std::future::poll_fn(|cx| {
            let mut buf = ReadBuf::new(&mut byte);
            Pin::new(&mut *idle)
                .poll_read(cx, &mut buf)
                .map_ok(|()| buf.filled().len())
        })
        .await
    }

    #[tokio::test]
    async fn idle_connections_time_out_and_busy_ones_do_not() {
        let limit = Duration::from_millis(300);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let client = std::thread::spawn(move || {
            let mut stream = std::net::TcpStream::connect(address).unwrap();
            // A byte every 200 ms keeps the connection open; then silence.
            for _ in 0..3 {
                std::thread::sleep(Duration::from_millis(200));
                stream.write_all(b"x").unwrap();
            }
            std::thread::sleep(Duration::from_secs(1));
        });
        let mut idle = Idle::new(listener.accept().await.unwrap().0, limit);
        for _ in 0..3 {
            assert_eq!(read_byte(&mut idle).await.unwrap(), 1);
        }
        let started = Instant::now();
        let error = read_byte(&mut idle).await.unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        assert!(started.elapsed() <= limit + Duration::from_millis(50));
        client.join().unwrap();
    }
}
