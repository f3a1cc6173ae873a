//! Answering the preview's requests from the site in memory, never from
//! disk: pages with the live-reload script (and the error overlay after a
//! failed build), the script itself, and the stream of rebuild events.

use std::convert::Infallible;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;

use super::{host, served_file, AppState, Served};
use crate::load::LIVE_RELOAD;
use crate::render::escape;
use crate::resolve::urls::percent_decode;

/// The preview's own paths, under the base path; no site file can take
/// them, as lectern never writes names starting with `__`.
const EVENTS: &str = "__lectern/events";
const SCRIPT: &str = "__lectern/live-reload.js";

pub(super) async fn handle(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host::answers(state.bind, host, uri.authority().map(|a| a.as_str())) {
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "This preview answers only at localhost and loopback addresses (127.0.0.1, [::1]); \
             to reach it by another name, serve it with `--bind`.\n",
        )
            .into_response();
    }
    let Some(path) = uri
        .path()
        .strip_prefix(&*state.base_path)
        .or_else(|| (uri.path() == state.base_path.trim_end_matches('/')).then_some(""))
    else {
        return not_found(&state);
    };
    match path {
        EVENTS => return events(state).into_response(),
        SCRIPT => return respond(SCRIPT, LIVE_RELOAD.as_bytes().to_vec(), StatusCode::OK),
        _ => {}
    }
    let decoded = percent_decode(path);
    if decoded.split(['/', '\\']).any(|s| s == "..") || decoded.contains('\0') {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    }
    let key = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.clone()
    };
    match served_file(&state, &key) {
        Ok(Some(bytes)) => return page(&state, &key, &bytes, StatusCode::OK),
        Ok(None) => {}
        Err(problem) => return (StatusCode::INTERNAL_SERVER_ERROR, problem).into_response(),
    }
    let served = state.served.read().unwrap_or_else(|e| e.into_inner());
    if served.has(&format!("{decoded}/index.html")) {
        let location = format!("{}{decoded}/", state.base_path);
        return (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response();
    }
    drop(served);
    not_found(&state)
}

fn not_found(state: &AppState) -> Response {
    let failed = || {
        state
            .served
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .errors
            .is_some()
    };
    match served_file(state, "404.html") {
        Ok(Some(bytes)) => page(state, "404.html", &bytes, StatusCode::NOT_FOUND),
        Ok(None) if failed() => page(
            state,
            "index.html",
            b"<!doctype html><title>Build failed</title><body></body>",
            StatusCode::OK,
        ),
        Ok(None) => (StatusCode::NOT_FOUND, "not found").into_response(),
        Err(problem) => (StatusCode::INTERNAL_SERVER_ERROR, problem).into_response(),
    }
}

/// A file of the site; HTML pages get the live-reload script.
fn page(state: &AppState, key: &str, bytes: &[u8], status: StatusCode) -> Response {
    let bytes = if key.ends_with(".html") {
        let served = state.served.read().unwrap_or_else(|e| e.into_inner());
        inject(state, &served, bytes)
    } else {
        bytes.to_vec()
    };
    respond(key, bytes, status)
}

fn respond(key: &str, bytes: Vec<u8>, status: StatusCode) -> Response {
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type(key));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The media type for a file name, with UTF-8 named for text.
fn content_type(path: &str) -> HeaderValue {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml");
    let value = if text && mime.get_param("charset").is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

/// Adds the live-reload script, and the error overlay when the last build
/// failed, to a page.
fn inject(state: &AppState, served: &Served, page: &[u8]) -> Vec<u8> {
    let page = String::from_utf8_lossy(page);
    let overlay = served.errors.as_deref().map_or(String::new(), |errors| {
        format!(
            "<div id=\"lectern-errors\" role=\"alert\" style=\"position:fixed;inset:0;z-index:99;overflow:auto;background:rgba(20,20,24,.94);color:#f5f5f5;padding:2rem;font:14px/1.5 ui-monospace,monospace\"><h2 style=\"color:#ff8a80;margin-top:0\">The site could not be rebuilt</h2><p>The last good version is still served underneath. Fix the problems below and save: this page reloads by itself.</p><pre style=\"white-space:pre-wrap\">{}</pre></div>",
            escape(errors)
        )
    });
    let base = escape(&state.base_path);
    let script = format!(
        "<script src=\"{base}{SCRIPT}\" data-events=\"{base}{EVENTS}\" data-version=\"{}\"></script>",
        served.version
    );
    let addition = format!("{overlay}{script}");
    match page.rfind("</body>") {
        Some(at) => format!("{}{addition}{}", &page[..at], &page[at..]).into_bytes(),
        None => format!("{page}{addition}").into_bytes(),
    }
}

/// Server-sent events: the current version at once, then one per rebuild.
fn events(state: AppState) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let version = state
        .served
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .version;
    let hello = serde_json::json!({ "kind": "hello", "version": version }).to_string();
    let rebuilds = stream::unfold(state.events.subscribe(), |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(message) => return Some((message, receiver)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let mut stopping = state.stopping.clone();
    let stopped = async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    // The stream ends with the server, so Ctrl-C need not wait for it.
    let messages = stream::iter([hello])
        .chain(rebuilds)
        .take_until(stopped)
        .map(|message| Ok(Event::default().data(message)));
    Sse::new(messages).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_name_utf8_for_text() {
        let of = |path| content_type(path).to_str().unwrap().to_string();
        assert_eq!(of("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(of("static/style.1a2b3c4d.css"), "text/css; charset=utf-8");
        assert_eq!(of("fig.svg"), "image/svg+xml");
        assert_eq!(of("photo.JPG"), "image/jpeg");
        assert_eq!(of("notes"), "application/octet-stream");
    }
}
