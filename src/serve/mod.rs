//! `lectern serve`: builds the site in memory, serves it over HTTP, rebuilds
//! on every edit and tells open pages to reload. Only files of the built
//! site are ever served: requests are looked up in memory, never on disk.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use notify::Watcher as _;
use tokio::sync::broadcast;

use crate::render::escape;
use crate::{BuildOptions, Incremental};

/// How `serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: std::net::IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// The path the site is served under (`/docs/`), as it will be deployed.
    pub base_path: String,
    /// Polls the file system instead of waiting for its events.
    pub poll: bool,
    pub open: bool,
}

/// What the server currently serves.
#[derive(Default)]
struct Served {
    files: crate::Files,
    /// The diagnostics of the last failed build, shown over every page.
    errors: Option<String>,
    /// Counts successful and failed rebuilds, so pages know they are stale.
    version: u64,
}

#[derive(Clone)]
struct AppState {
    served: Arc<RwLock<Served>>,
    events: broadcast::Sender<String>,
    base_path: Arc<str>,
}

/// Serves the site until Ctrl-C.
pub fn serve(mut options: ServeOptions) -> std::io::Result<()> {
    options.build.defer_search = true;
    let base_path = normalize_base_path(&options.base_path);
    let (events, _) = broadcast::channel(16);
    let state = AppState {
        served: Arc::default(),
        events,
        base_path: base_path.clone().into(),
    };
    let mut incremental = Incremental::default();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::new(options.bind, options.port)).await?;
        let address = listener.local_addr()?;
        // Absolute URLs (canonical links, the 404 page's base) point at the
        // preview itself, so every page works as it will when published.
        options.build.base_url = Some(format!("http://{address}{base_path}"));
        rebuild(&options.build, &mut incremental, &state, None);
        if !options.bind.is_loopback() {
            eprintln!(
                "warning: serving on {} makes the preview reachable from other machines",
                options.bind
            );
        }
        // Watch before announcing the URL, so no edit made after it is missed.
        let _watcher = watch(&options, state.clone(), incremental)?;
        let url = format!("http://{address}{base_path}");
        println!("Serving {} at {url}", options.build.root.display());
        println!("Press Ctrl-C to stop.");
        if options.open {
            open_browser(&url);
        }
        let app = Router::new().fallback(handle).with_state(state);
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
                println!("\nStopped.");
            })
            .await
    })
}

fn normalize_base_path(path: &str) -> String {
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

/// Rebuilds and swaps in the new site, or keeps the last good one and shows
/// the errors. `changed` names what triggered it, for the terminal.
fn rebuild(
    options: &BuildOptions,
    incremental: &mut Incremental,
    state: &AppState,
    changed: Option<&[PathBuf]>,
) {
    let start = Instant::now();
    let result = incremental.rebuild(options);
    let elapsed = start.elapsed();
    let mut served = state.served.write().unwrap_or_else(|e| e.into_inner());
    if let Ok(built) = &result {
        if served.errors.is_none() && same_pages(&served.files, &built.files) {
            // Saved without a change (or touched): nothing to reload.
            return;
        }
    }
    served.version += 1;
    let message = match result {
        Ok(built) => {
            print_warnings(&built.diagnostics, changed);
            let css_only = served.errors.is_none()
                && !served.files.is_empty()
                && only_css_changed(&served.files, &built.files);
            served.errors = None;
            // The search index of the previous version is kept until the
            // new one is ready, just after the pages are served.
            let search: Vec<(String, Arc<Vec<u8>>)> = served
                .files
                .iter()
                .filter(|(k, _)| crate::search::is_index_file(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            served.files = built.files.clone();
            served.files.extend(search);
            let what = changed.map(describe).unwrap_or_default();
            println!(
                "Rendered {} pages in {} ms{what}",
                built.rendered,
                elapsed.as_millis()
            );
            if css_only {
                let assets: BTreeMap<&str, &str> = served
                    .files
                    .keys()
                    .filter(|k| k.starts_with("static/") && k.ends_with(".css"))
                    .map(|k| (k.as_str(), k.as_str()))
                    .collect();
                serde_json::json!({ "kind": "css", "version": served.version, "assets": assets })
                    .to_string()
            } else {
                serde_json::json!({ "kind": "reload", "version": served.version }).to_string()
            }
        }
        Err(diagnostics) => {
            let text = diagnostics.to_string();
            eprintln!("{text}\n(the last good version stays served)");
            served.errors = Some(text);
            serde_json::json!({ "kind": "reload", "version": served.version }).to_string()
        }
    };
    let built = served.errors.is_none();
    let version = served.version;
    drop(served);
    let _ = state.events.send(message);
    if let (true, Some(build)) = (built, incremental.previous.as_ref()) {
        // Indexing reads every word of the site: it runs beside the next
        // rebuild instead of delaying it, and an outdated index is dropped.
        let site = build.site.clone();
        let state = state.clone();
        std::thread::spawn(move || {
            // On a pool of its own, so it never queues ahead of a rebuild.
            let index = SEARCH_POOL.install(|| crate::search::index(&site));
            let mut served = state.served.write().unwrap_or_else(|e| e.into_inner());
            if served.version == version {
                served.files.retain(|k, _| !crate::search::is_index_file(k));
                served
                    .files
                    .extend(index.into_iter().map(|(k, v)| (k, Arc::new(v))));
            }
        });
    }
}

static SEARCH_POOL: std::sync::LazyLock<rayon::ThreadPool> = std::sync::LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread for search indexing")
});

/// Whether a new build serves exactly the pages already served (the search
/// index aside, which follows separately).
fn same_pages(served: &crate::Files, built: &crate::Files) -> bool {
    let pages = |files: &crate::Files| {
        files
            .keys()
            .filter(|k| !crate::search::is_index_file(k))
            .count()
    };
    pages(served) == pages(built) && built.iter().all(|(k, v)| served.get(k) == Some(v))
}

/// All warnings after the first build; after an edit, only those of the
/// changed files, so a site with many warnings does not flood the terminal.
fn print_warnings(diagnostics: &crate::diagnostics::Diagnostics, changed: Option<&[PathBuf]>) {
    let mut hidden = 0;
    for warning in diagnostics.iter() {
        if changed.is_none_or(|paths| paths.contains(&warning.file)) {
            eprintln!("{warning}\n");
        } else {
            hidden += 1;
        }
    }
    if hidden > 0 {
        eprintln!("({hidden} warnings in other files; `lectern check` lists them all)");
    }
}

fn describe(paths: &[PathBuf]) -> String {
    match paths {
        [] => String::new(),
        [one] => format!(" ({} changed)", one.display()),
        many => format!(" ({} files changed)", many.len()),
    }
}

/// Whether the only difference between two builds is stylesheets.
fn only_css_changed(old: &crate::Files, new: &crate::Files) -> bool {
    // Most edits leave the stylesheets alone: a cheap answer first.
    if stylesheets(old).eq(stylesheets(new)) {
        return false;
    }
    let changed = |a: &crate::Files, b: &crate::Files| {
        a.iter()
            .filter(|(k, v)| b.get(*k) != Some(*v))
            .map(|(k, _)| k.clone())
            .collect::<Vec<_>>()
    };
    let differences: Vec<String> = changed(old, new)
        .into_iter()
        .chain(changed(new, old))
        .collect();
    // Pages change too, as they name the new fingerprinted stylesheet.
    !differences.is_empty()
        && differences.iter().any(|k| k.ends_with(".css"))
        && differences.iter().all(|k| {
            k.ends_with(".css")
                || (k.ends_with(".html")
                    && strip_css_names(old.get(k)) == strip_css_names(new.get(k)))
        })
}

fn stylesheets(files: &crate::Files) -> impl Iterator<Item = (&String, &Arc<Vec<u8>>)> {
    files.iter().filter(|(k, _)| k.ends_with(".css"))
}

fn strip_css_names(page: Option<&Arc<Vec<u8>>>) -> Option<String> {
    let text = String::from_utf8_lossy(page?);
    let mut out = String::with_capacity(text.len());
    for piece in text.split(".css\"") {
        // Drop the fingerprint before each `.css"`.
        out.push_str(piece.rsplit_once('.').map_or(piece, |(head, _)| head));
        out.push('|');
    }
    Some(out)
}

/// How long a burst of file events (an editor's save: write, rename,
/// attribute change) must be quiet before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// Watches the site's sources and rebuilds on changes.
fn watch(
    options: &ServeOptions,
    state: AppState,
    mut incremental: Incremental,
) -> std::io::Result<Box<dyn std::any::Any + Send>> {
    let root = options.build.root.clone();
    let build_options = options.build.clone();
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let config = notify::Config::default().with_poll_interval(Duration::from_millis(250));
    let to_io = |e: notify::Error| std::io::Error::other(e.to_string());
    let watcher: Box<dyn std::any::Any + Send> = if options.poll {
        let mut watcher = notify::PollWatcher::new(tx, config).map_err(to_io)?;
        for path in ["articles", "templates", "static", "site.toml"].map(|p| root.join(p)) {
            if path.exists() {
                watcher
                    .watch(&path, notify::RecursiveMode::Recursive)
                    .map_err(to_io)?;
            }
        }
        Box::new(watcher)
    } else {
        let mut watcher = notify::RecommendedWatcher::new(tx, config).map_err(to_io)?;
        // The root is watched (not only the folders) so that creating
        // `templates/` or replacing `site.toml` by rename is seen too.
        watcher
            .watch(&root, notify::RecursiveMode::Recursive)
            .map_err(to_io)?;
        Box::new(watcher)
    };
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            let mut changed = std::collections::BTreeSet::new();
            note_change(first, &root, &mut changed);
            while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
                note_change(more, &root, &mut changed);
            }
            if changed.is_empty() {
                continue;
            }
            let shown: Vec<PathBuf> = changed
                .iter()
                .map(|p| crate::diagnostics::display_path(&root, p))
                .collect();
            rebuild(&build_options, &mut incremental, &state, Some(&shown));
        }
    });
    Ok(watcher)
}

/// Adds the sources an event changed. Reading a file is no change, and the
/// builds themselves read every source.
fn note_change(
    event: notify::Result<notify::Event>,
    root: &Path,
    changed: &mut std::collections::BTreeSet<PathBuf>,
) {
    let Ok(event) = event else { return };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return;
    }
    changed.extend(event.paths.into_iter().filter(|p| is_source(root, p)));
}

/// Whether a changed path is one of the site's sources.
fn is_source(root: &Path, path: &Path) -> bool {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let path = path.strip_prefix(&root).unwrap_or(path);
    if path
        .components()
        .any(|c| crate::load::ignored(c.as_os_str()))
    {
        return false;
    }
    let first = path
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    matches!(
        first.as_deref(),
        Some("articles" | "templates" | "static" | "site.toml")
    )
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(command).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({command}: {e}); open {url} yourself");
    }
}

const EVENTS: &str = "__lectern/events";

async fn handle(State(state): State<AppState>, uri: Uri) -> Response {
    let Some(path) = uri
        .path()
        .strip_prefix(&*state.base_path)
        .or_else(|| (uri.path() == state.base_path.trim_end_matches('/')).then_some(""))
    else {
        return not_found(&state);
    };
    if path == EVENTS {
        return events(state);
    }
    let decoded = crate::resolve::urls::percent_decode(path);
    if decoded.split(['/', '\\']).any(|s| s == "..") || decoded.contains('\0') {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    }
    let served = state.served.read().unwrap_or_else(|e| e.into_inner());
    let key = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.clone()
    };
    if let Some(bytes) = served.files.get(&key) {
        return respond(&state, &served, &key, bytes, StatusCode::OK);
    }
    if served.files.contains_key(&format!("{decoded}/index.html")) {
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
    let served = state.served.read().unwrap_or_else(|e| e.into_inner());
    match served.files.get("404.html") {
        Some(bytes) => respond(state, &served, "404.html", bytes, StatusCode::NOT_FOUND),
        None if served.errors.is_some() => respond(
            state,
            &served,
            "index.html",
            b"<!doctype html><title>Build failed</title><body></body>",
            StatusCode::OK,
        ),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

fn respond(
    state: &AppState,
    served: &Served,
    key: &str,
    bytes: &[u8],
    status: StatusCode,
) -> Response {
    let mime = content_type(key);
    let body = if mime.starts_with("text/html") {
        Body::from(inject(state, served, bytes))
    } else {
        Body::from(bytes.to_vec())
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
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
    let script = format!(
        "<script>(()=>{{const key=\"lectern-scroll:\"+location.pathname,y=sessionStorage.getItem(key);if(y!==null){{sessionStorage.removeItem(key);addEventListener(\"load\",()=>scrollTo(0,+y));}}const version={};const source=new EventSource(\"{}{EVENTS}\");source.onmessage=e=>{{const m=JSON.parse(e.data);if(m.version===version)return;if(m.kind===\"css\"){{for(const link of document.querySelectorAll('link[rel=\"stylesheet\"]')){{const name=link.getAttribute(\"href\").split(\"/\").pop().split(\".\")[0];const fresh=Object.keys(m.assets).find(a=>a.split(\"/\").pop().split(\".\")[0]===name);if(fresh)link.href=link.getAttribute(\"href\").replace(/[^/]*$/,fresh.split(\"/\").pop());}}return;}}sessionStorage.setItem(key,scrollY);location.reload();}};}})();</script>",
        served.version, state.base_path
    );
    let addition = format!("{overlay}{script}");
    match page.rfind("</body>") {
        Some(at) => format!("{}{addition}{}", &page[..at], &page[at..]).into_bytes(),
        None => format!("{page}{addition}").into_bytes(),
    }
}

/// Server-sent events: the current version at once, then one per rebuild.
fn events(state: AppState) -> Response {
    let version = state
        .served
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .version;
    let first = serde_json::json!({ "kind": "hello", "version": version }).to_string();
    let receiver = state.events.subscribe();
    let stream = futures_util::stream::unfold(
        (Some(first), receiver),
        |(first, mut receiver)| async move {
            if let Some(first) = first {
                return Some((
                    Ok::<_, std::convert::Infallible>(format!("data: {first}\n\n")),
                    (None, receiver),
                ));
            }
            loop {
                match receiver.recv().await {
                    Ok(message) => {
                        return Some((Ok(format!("data: {message}\n\n")), (None, receiver)))
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        },
    );
    let mut response = Response::new(Body::from_stream(stream));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The media type for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, ext)| ext)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_normalized() {
        assert_eq!(normalize_base_path(""), "/");
        assert_eq!(normalize_base_path("some/prefix"), "/some/prefix/");
        assert_eq!(normalize_base_path("/some/prefix/"), "/some/prefix/");
    }

    #[test]
    fn css_only_changes_are_recognized() {
        let files = |css: &str, body: &str| {
            BTreeMap::from([
                (
                    format!("static/style.{css}.css"),
                    Arc::new(css.as_bytes().to_vec()),
                ),
                (
                    "index.html".to_string(),
                    Arc::new(format!("<link href=\"static/style.{css}.css\">{body}").into_bytes()),
                ),
            ])
        };
        assert!(only_css_changed(&files("aaaa", "x"), &files("bbbb", "x")));
        assert!(!only_css_changed(&files("aaaa", "x"), &files("bbbb", "y")));
        assert!(!only_css_changed(&files("aaaa", "x"), &files("aaaa", "y")));
    }
}
