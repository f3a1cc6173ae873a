//! `lectern serve`: builds the site in memory, serves it over HTTP, rebuilds
//! on every edit and tells open pages to reload. Only files of the built
//! site are ever served: requests are looked up in memory, never on disk.

mod connections;
mod host;
mod http;
mod watch;

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{self, AtomicBool};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use axum::Router;
use tokio::sync::broadcast;

use crate::diagnostics::{catch_panic, Diagnostics};
use crate::render::Deferred;
use crate::{BuildOptions, Files, Incremental};

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
    /// Prints the time each stage of every rebuild took.
    pub timings: bool,
}

/// What the server currently serves.
#[derive(Default)]
struct Served {
    files: Files,
    /// Renders the pages of the last good build left to render, and which
    /// of them (by place in its files) are still to be rendered: those are
    /// never served from `files`, which may hold the version they replace.
    deferred: Option<Arc<Deferred>>,
    waiting: Vec<bool>,
    /// The diagnostics of the last failed build, shown over every page.
    errors: Option<String>,
    /// Counts successful and failed rebuilds, so pages know they are stale.
    version: u64,
}

impl Served {
    /// Whether the pages left to render are `deferred`'s.
    fn defers(&self, deferred: &Arc<Deferred>) -> bool {
        (self.deferred.as_ref()).is_some_and(|d| Arc::ptr_eq(d, deferred))
    }

    /// The place of `file` among the pages still to render, if it is one.
    fn waiting(&self, file: &str) -> Option<usize> {
        let at = self.deferred.as_ref()?.position(file)?;
        self.waiting[at].then_some(at)
    }

    /// Whether `file` is served, rendered or still to render.
    fn has(&self, file: &str) -> bool {
        self.files.contains_key(file) || self.waiting(file).is_some()
    }
}

#[derive(Clone)]
struct AppState {
    served: Arc<RwLock<Served>>,
    events: broadcast::Sender<String>,
    base_path: Arc<str>,
    /// The address listened on, which decides the `Host` names answered.
    bind: IpAddr,
    /// Turns true on Ctrl-C, ending the event streams.
    stopping: tokio::sync::watch::Receiver<bool>,
    timings: bool,
    search: Arc<std::sync::Mutex<Search>>,
    /// True while a rebuild runs, which pages rendered in the background
    /// wait for: they would slow it, and it may replace them.
    rebuilding: Arc<AtomicBool>,
}

/// Marks a rebuild under way for as long as it lives, however it ends.
struct Rebuilding<'a>(&'a AtomicBool);

impl<'a> Rebuilding<'a> {
    fn start(flag: &'a AtomicBool) -> Self {
        flag.store(true, atomic::Ordering::Relaxed);
        Rebuilding(flag)
    }
}

impl Drop for Rebuilding<'_> {
    fn drop(&mut self) {
        self.0.store(false, atomic::Ordering::Relaxed);
    }
}

/// Serves the site until Ctrl-C.
pub fn serve(mut options: ServeOptions) -> std::io::Result<()> {
    options.build.defer_search = true;
    options.build.defer_pages = true;
    let base_path = normalize_base_path(&options.base_path);
    let (events, _) = broadcast::channel(16);
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let state = AppState {
        served: Arc::default(),
        events,
        base_path: base_path.clone().into(),
        bind: options.bind,
        stopping: stopping.clone(),
        timings: options.timings,
        search: Arc::default(),
        rebuilding: Arc::default(),
    };
    let mut incremental = Incremental::default();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let served = runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::new(options.bind, options.port)).await?;
        let listening = listener.local_addr()?;
        let address = reachable(listening);
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
        let _watcher = watch::watch(&options, state.clone(), incremental)?;
        // Ctrl-C stops the server cleanly from the moment the URL is shown:
        // its handler is registered when the future is first polled.
        let mut interrupted = Box::pin(tokio::signal::ctrl_c());
        tokio::select! {
            biased;
            _ = &mut interrupted => return Ok(()),
            () = std::future::ready(()) => {}
        }
        let url = format!("http://{address}{base_path}");
        println!("Serving {} at {url}", options.build.root.display());
        if address != listening {
            println!("(listening on every address, {listening}: from other machines, use this machine's address)");
        }
        println!("Press Ctrl-C to stop.");
        if options.open {
            open_browser(&url);
        }
        let app = Router::new().fallback(http::handle).with_state(state);
        tokio::spawn(async move {
            let _ = interrupted.await;
            let _ = stop.send(true);
        });
        connections::serve(listener, app, stopping).await;
        println!("\nStopped.");
        Ok(())
    });
    // Nothing left running may hold the process up.
    runtime.shutdown_background();
    served
}

/// The address a browser on this machine reaches `listening` at: loopback
/// for an unspecified address (`0.0.0.0`, `::`).
fn reachable(listening: SocketAddr) -> SocketAddr {
    let ip = match listening.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, listening.port())
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
    let _rebuilding = Rebuilding::start(&state.rebuilding);
    settle(state, incremental);
    // A bug anywhere in the stages must not stop the preview: it is shown
    // like a mistake, and the next edit builds from scratch.
    let result = match catch_panic(|| incremental.rebuild_pages(options, changed)) {
        Ok(result) => result,
        Err(bug) => {
            *incremental = Incremental::default();
            Err(bug.into())
        }
    };
    let elapsed = start.elapsed();
    let published = match result {
        Ok(built) => publish(state, built),
        Err(diagnostics) => {
            let text = diagnostics.to_string();
            eprintln!("{text}\n(the last good version stays served)");
            return show_errors(state, text);
        }
    };
    let Some(version) = published else {
        // Saved without a change (or touched): nothing to reload.
        return;
    };
    let deferred = incremental
        .previous
        .as_ref()
        .and_then(|b| b.deferred.clone());
    if let Some(deferred) = deferred {
        render_in_background(state.clone(), deferred);
    }
    // The pages are served: the warnings are gathered and shown now.
    let listed = catch_panic(|| {
        let built = incremental.previous.as_mut()?;
        let about_edit = changed.map(|changed| built.warnings_about(changed));
        if about_edit.is_none() {
            built.complete_warnings();
        }
        Some((built, about_edit))
    });
    let Ok(Some((built, about_edit))) = listed else {
        *incremental = Incremental::default();
        return eprintln!("(the warnings of this build could not be listed)");
    };
    match &about_edit {
        Some((shown, others)) => print_warnings(shown, *others),
        None => print_warnings(&built.diagnostics, 0),
    }
    let what = changed.map(describe).unwrap_or_default();
    let later = match &built.deferred {
        Some(deferred) => format!("; {} more as they are asked for", deferred.files().len()),
        None => String::new(),
    };
    println!(
        "Rendered {} pages in {} ms{what}{later}",
        built.rendered,
        elapsed.as_millis()
    );
    if state.timings {
        let stages: Vec<String> = (built.timings.stages.iter())
            .map(|(stage, time)| format!("{stage} {:.1} ms", time.as_secs_f64() * 1000.0))
            .collect();
        println!("  {}", stages.join(", "));
    }
    index_in_background(state, built.sites().cloned().collect(), version);
}

/// What the search index keeps for the next, and what it changed that is
/// not served yet.
#[derive(Default)]
struct Search {
    cache: crate::build::SearchCache,
    /// The index files changed since those served, or removed (`None`).
    unserved: BTreeMap<String, Option<Vec<u8>>>,
    /// Whether the index files served are dropped before `unserved` is
    /// served, the cache they were made from having been lost.
    stale: bool,
}

/// Indexes `sites` for search beside the next rebuild instead of delaying
/// it: indexing reads every word of the site. What changed is served only
/// while the pages are those of `version`; else the next index serves it.
fn index_in_background(state: &AppState, sites: Vec<Arc<crate::Site>>, version: u64) {
    let state = state.clone();
    std::thread::spawn(move || {
        let current = || {
            let served = state.served.read().unwrap_or_else(|e| e.into_inner());
            served.version == version
        };
        let mut search = state.search.lock().unwrap_or_else(|e| e.into_inner());
        // Queued behind the index of an earlier version, this one may be
        // outdated before it starts.
        if !current() {
            return;
        }
        // On a pool of its own, so it never queues ahead of a rebuild.
        let cache = &mut search.cache;
        let result = catch_panic(|| {
            SEARCH_POOL.install(|| crate::build::search_index_reusing(sites.iter(), cache))
        });
        match result {
            Ok(changes) => search.unserved.extend(changes),
            Err(bug) => {
                // What was kept may be half updated: the next index starts
                // afresh, and replaces every file served.
                *search = Search {
                    stale: true,
                    ..Search::default()
                };
                return eprintln!("{bug}\n(the search index was not updated)");
            }
        }
        let mut served = state.served.write().unwrap_or_else(|e| e.into_inner());
        if served.version != version {
            return;
        }
        if std::mem::take(&mut search.stale) {
            served.files.retain(|k, _| !crate::search::is_index_file(k));
        }
        for (path, bytes) in std::mem::take(&mut search.unserved) {
            match bytes {
                Some(bytes) => served.files.insert(path, Arc::new(bytes)),
                None => served.files.remove(&path),
            };
        }
    });
}

/// Serves the pages of `built` in place of those served, and tells open
/// pages to reload; the version served, or `None` when no page changed
/// (the search index aside, which follows separately).
fn publish(state: &AppState, built: &crate::Build) -> Option<u64> {
    // Only this thread changes pages: what differs is found while pages
    // are still answered, and only changing them holds requests up.
    let served = state.served.read().unwrap_or_else(|e| e.into_inner());
    let changes = page_changes(&served.files, built);
    let deferring = built.deferred.is_some() || served.deferred.is_some();
    if served.errors.is_none() && changes.is_empty() && !deferring {
        return None;
    }
    let css_only = served.errors.is_none() && only_css_changed(&served.files, &changes);
    drop(served);
    let mut served = state.served.write().unwrap_or_else(|e| e.into_inner());
    for (path, bytes) in changes {
        match bytes {
            Some(bytes) => served.files.insert(path, bytes),
            None => served.files.remove(&path),
        };
    }
    // Pages still to render are never served as they were.
    served.deferred = built.deferred.clone();
    served.waiting = vec![true; built.deferred.as_ref().map_or(0, |d| d.files().len())];
    served.version += 1;
    served.errors = None;
    let message = if css_only {
        let assets: BTreeMap<&str, &str> = served
            .files
            .keys()
            .filter(|k| k.starts_with("static/") && k.ends_with(".css"))
            .map(|k| (k.as_str(), k.as_str()))
            .collect();
        serde_json::json!({ "kind": "css", "version": served.version, "assets": assets })
    } else {
        serde_json::json!({ "kind": "reload", "version": served.version })
    };
    let version = served.version;
    drop(served);
    let _ = state.events.send(message.to_string());
    Some(version)
}

/// Shows `errors` over every page served, and has open pages reload.
fn show_errors(state: &AppState, errors: String) {
    let mut served = state.served.write().unwrap_or_else(|e| e.into_inner());
    served.version += 1;
    served.errors = Some(errors);
    let message = serde_json::json!({ "kind": "reload", "version": served.version });
    drop(served);
    let _ = state.events.send(message.to_string());
}

/// Takes the deferred pages rendered since the last build into it, so the
/// next one keeps them.
fn settle(state: &AppState, incremental: &mut Incremental) {
    let Some(previous) = incremental.previous.as_mut() else {
        return;
    };
    let served = state.served.read().unwrap_or_else(|e| e.into_inner());
    let Some(deferred) = previous.deferred.clone().filter(|d| served.defers(d)) else {
        return;
    };
    previous.settle(|at| match served.waiting[at] {
        true => None,
        false => served.files.get(deferred.file(at)).cloned(),
    });
}

/// The file `key` as served: a page left to render is rendered now.
/// `Err` holds why it could not be.
fn served_file(state: &AppState, key: &str) -> Result<Option<Arc<Vec<u8>>>, String> {
    let served = state.served.read().unwrap_or_else(|e| e.into_inner());
    let (Some(at), Some(deferred)) = (served.waiting(key), served.deferred.clone()) else {
        return Ok(served.files.get(key).cloned());
    };
    drop(served);
    let bytes = match catch_panic(|| deferred.render(at)) {
        Ok(Ok(bytes)) => Arc::new(bytes),
        Ok(Err(problem)) | Err(problem) => return Err(Diagnostics(vec![problem]).to_string()),
    };
    keep_rendered(state, &deferred, vec![(at, bytes.clone())]);
    Ok(Some(bytes))
}

/// Serves the pages `deferred` rendered (by place in its files), unless a
/// newer build replaced it.
fn keep_rendered(state: &AppState, deferred: &Arc<Deferred>, pages: Vec<(usize, Arc<Vec<u8>>)>) {
    let mut served = state.served.write().unwrap_or_else(|e| e.into_inner());
    if !served.defers(deferred) {
        return;
    }
    for (at, bytes) in pages {
        if std::mem::take(&mut served.waiting[at]) {
            served.files.insert(deferred.file(at).to_string(), bytes);
        }
    }
}

/// Renders the pages `deferred` left, a few at a time, until they are all
/// served or a newer build replaces them. A page that cannot be rendered
/// is shown as a failed build would be.
fn render_in_background(state: AppState, deferred: Arc<Deferred>) {
    const AT_ONCE: usize = 16;
    let count = deferred.files().len();
    std::thread::spawn(move || {
        for start in (0..count).step_by(AT_ONCE) {
            while state.rebuilding.load(atomic::Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            let todo: Vec<usize> = {
                let served = state.served.read().unwrap_or_else(|e| e.into_inner());
                if !served.defers(&deferred) {
                    return;
                }
                (start..count.min(start + AT_ONCE))
                    .filter(|&at| served.waiting[at])
                    .collect()
            };
            let rendered = catch_panic(|| {
                PAGES_POOL.install(|| {
                    use rayon::prelude::*;
                    (todo.par_iter())
                        .map(|&at| (at, deferred.render(at)))
                        .collect::<Vec<_>>()
                })
            });
            let rendered = match rendered {
                Ok(rendered) => rendered,
                // Each page is rendered again when it is asked for.
                Err(bug) => return eprintln!("{bug}"),
            };
            let mut pages = Vec::new();
            let mut problems = Vec::new();
            for (at, result) in rendered {
                match result {
                    Ok(bytes) => pages.push((at, Arc::new(bytes))),
                    Err(problem) => problems.push(problem),
                }
            }
            keep_rendered(&state, &deferred, pages);
            if !problems.is_empty() {
                let text = Diagnostics(problems).to_string();
                eprintln!("{text}");
                return show_errors(&state, text);
            }
        }
    });
}

/// What turns the pages `served` into those `built`, the search index
/// aside: each path with its new bytes, or `None` for a page gone, in path
/// order.
fn page_changes(served: &Files, built: &crate::Build) -> Vec<(String, Option<Arc<Vec<u8>>>)> {
    let deferred = built.deferred.as_deref();
    let Some(remade) = &built.remade else {
        return all_page_changes(served, &built.files, deferred);
    };
    // The other files are the last build's, which are those served: only
    // the few made again can differ (a hundred thousand pages take a
    // while to walk through).
    let changes: Vec<_> = (remade.iter())
        .filter(|path| !crate::search::is_index_file(path))
        .filter_map(|path| {
            let bytes = built.files.get(path)?;
            let old = served.get(path);
            let same = old.is_some_and(|old| Arc::ptr_eq(old, bytes) || old == bytes);
            (!same).then(|| (path.clone(), Some(bytes.clone())))
        })
        .collect();
    debug_assert!(
        changes == all_page_changes(served, &built.files, deferred),
        "the pages served are not those of the build before"
    );
    changes
}

/// [`page_changes`] found by comparing every page. Both are in path
/// order, so one walk through them finds it. A page `deferred` renders
/// again stays where it is: never served while it waits, it is replaced
/// once rendered (after a glossary edit, removing every page would hold
/// requests up).
fn all_page_changes(
    served: &Files,
    built: &Files,
    deferred: Option<&Deferred>,
) -> Vec<(String, Option<Arc<Vec<u8>>>)> {
    let waits = |path: &str| deferred.is_some_and(|d| d.position(path).is_some());
    let page = |(path, _): &(&String, &Arc<Vec<u8>>)| !crate::search::is_index_file(path);
    let mut old = served.iter().filter(page).peekable();
    let mut new = built.iter().filter(page).peekable();
    let mut changes = Vec::new();
    loop {
        let order = match (old.peek(), new.peek()) {
            (None, None) => return changes,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((a, _)), Some((b, _))) => a.cmp(b),
        };
        let (before, after) = match order {
            Ordering::Less => (old.next(), None),
            Ordering::Greater => (None, new.next()),
            Ordering::Equal => (old.next(), new.next()),
        };
        match (before, after) {
            (Some((path, _)), None) if waits(path) => {}
            (Some((path, _)), None) => changes.push((path.clone(), None)),
            // Files kept from the last build are the same bytes, not only equal.
            (Some((_, old)), Some((_, new))) if Arc::ptr_eq(old, new) || old == new => {}
            (_, Some((path, bytes))) => changes.push((path.clone(), Some(bytes.clone()))),
            (None, None) => return changes,
        }
    }
}

/// Renders the pages left after an edit, yielding to the next rebuild and
/// to pages asked for.
static PAGES_POOL: std::sync::LazyLock<rayon::ThreadPool> = std::sync::LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .start_handler(|_| lower_priority(10))
        .build()
        .expect("threads for rendering pages")
});

static SEARCH_POOL: std::sync::LazyLock<rayon::ThreadPool> = std::sync::LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .start_handler(|_| lower_priority(19))
        .build()
        .expect("a thread for search indexing")
});

/// Makes the calling thread yield the processor to the others, the more
/// the higher `niceness` (up to 19): work in the background must not slow
/// down the rebuild of the next edit.
fn lower_priority(niceness: i32) {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only changes a number the scheduler reads; with
    // `who` 0 on Linux it applies to the calling thread alone.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, niceness);
    }
}

/// All warnings after the first build; after an edit, only those of the
/// changed files, so a site with many warnings does not flood the terminal.
fn print_warnings(shown: &Diagnostics, others: usize) {
    if !shown.is_empty() {
        eprintln!("{shown}\n");
    }
    if others > 0 {
        eprintln!("({others} warnings in other files; `lectern check` lists them all)");
    }
}

fn describe(paths: &[PathBuf]) -> String {
    match paths {
        [] => String::new(),
        [one] => format!(" ({} changed)", one.display()),
        many => format!(" ({} files changed)", many.len()),
    }
}

/// Whether `changes` to the pages `served` only restyle them: stylesheets,
/// and pages that differ only in the (fingerprinted) names of those.
fn only_css_changed(served: &Files, changes: &[(String, Option<Arc<Vec<u8>>>)]) -> bool {
    let stylesheet = |path: &str| path.ends_with(".css");
    changes.iter().any(|(path, _)| stylesheet(path))
        && changes.iter().all(|(path, bytes)| {
            stylesheet(path)
                || (path.ends_with(".html")
                    && strip_css_names(served.get(path)) == strip_css_names(bytes.as_ref()))
        })
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
    fn unspecified_addresses_are_reached_at_loopback() {
        let reached = |address: &str| reachable(address.parse().unwrap()).to_string();
        assert_eq!(reached("0.0.0.0:4000"), "127.0.0.1:4000");
        assert_eq!(reached("[::]:4000"), "[::1]:4000");
        assert_eq!(reached("192.168.1.10:4000"), "192.168.1.10:4000");
        assert_eq!(reached("127.0.0.2:4000"), "127.0.0.2:4000");
    }

    #[test]
    fn all_page_changes_name_the_pages_added_changed_and_gone() {
        let files = |pages: &[(&str, &str)]| -> Files {
            (pages.iter())
                .map(|(path, text)| (path.to_string(), Arc::new(text.as_bytes().to_vec())))
                .collect()
        };
        let served = files(&[
            ("a/index.html", "a"),
            ("b/index.html", "b"),
            ("c/index.html", "c"),
            ("search/meta.js", "old index"),
        ]);
        let built = files(&[
            ("a/index.html", "a"),
            ("b/index.html", "b, edited"),
            ("d/index.html", "d"),
        ]);
        let changes: Vec<(String, Option<Vec<u8>>)> = all_page_changes(&served, &built, None)
            .into_iter()
            .map(|(path, bytes)| (path, bytes.map(|b| b.to_vec())))
            .collect();
        let expected = [
            ("b/index.html", Some("b, edited")),
            ("c/index.html", None),
            ("d/index.html", Some("d")),
        ]
        .map(|(path, text)| (path.to_string(), text.map(|t| t.as_bytes().to_vec())));
        assert_eq!(changes, expected);
        let same = files(&[
            ("a/index.html", "a"),
            ("b/index.html", "b"),
            ("c/index.html", "c"),
        ]);
        assert!(all_page_changes(&served, &same, None).is_empty());
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
        // The search index served is not among the pages a build makes.
        let served = |css: &str, body: &str| {
            let mut files = files(css, body);
            files.insert("search/meta.js".into(), Arc::new(b"index".to_vec()));
            files
        };
        let css_only =
            |old: &Files, new: &Files| only_css_changed(old, &all_page_changes(old, new, None));
        assert!(css_only(&served("aaaa", "x"), &files("bbbb", "x")));
        assert!(!css_only(&served("aaaa", "x"), &files("bbbb", "y")));
        assert!(!css_only(&served("aaaa", "x"), &files("aaaa", "y")));
        assert!(!css_only(&served("aaaa", "x"), &files("aaaa", "x")));
        assert!(!css_only(&Files::new(), &files("aaaa", "x")));
    }
}
