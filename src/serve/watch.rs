//! Watching the site's sources: file system events (or polling), quieted
//! into one rebuild per burst of changes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::Watcher as _;

use super::{AppState, ServeOptions};
use crate::diagnostics::display_path;
use crate::Incremental;

/// How long a burst of file events (an editor's save: write, rename,
/// attribute change) must be quiet before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// Watches the site's sources and rebuilds on changes.
pub(super) fn watch(
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
            let mut changed = BTreeSet::new();
            note_change(first, &root, &mut changed);
            while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
                note_change(more, &root, &mut changed);
            }
            if changed.is_empty() {
                continue;
            }
            let shown: Vec<PathBuf> = changed.iter().map(|p| display_path(&root, p)).collect();
            super::rebuild(&build_options, &mut incremental, &state, Some(&shown));
        }
    });
    Ok(watcher)
}

/// Adds the sources an event changed. Reading a file is no change, and the
/// builds themselves read every source.
fn note_change(event: notify::Result<notify::Event>, root: &Path, changed: &mut BTreeSet<PathBuf>) {
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
