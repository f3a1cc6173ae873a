//! Watching the site's sources: file system events (or polling), quieted
//! into one rebuild per burst of changes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::Watcher as _;

use super::{AppState, ServeOptions};
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
    // Watched by its absolute path, so that the paths of events are
    // absolute too and compare with it whatever `--root` was (`.` by
    // default): they are shown, and matched with warnings, relative to it.
    let root = std::fs::canonicalize(&options.build.root)?;
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
            let changed: Vec<PathBuf> = changed.into_iter().collect();
            super::rebuild(&build_options, &mut incremental, &state, Some(&changed));
        }
    });
    Ok(watcher)
}

/// Adds the sources an event changed, relative to the site's root. Reading
/// a file is no change, and the builds themselves read every source.
fn note_change(event: notify::Result<notify::Event>, root: &Path, changed: &mut BTreeSet<PathBuf>) {
    let Ok(event) = event else { return };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return;
    }
    changed.extend(event.paths.iter().filter_map(|p| source(root, p)));
}

/// A changed path as the site's source it is (`articles/a.md`), or `None`
/// when it is none of them.
fn source(root: &Path, path: &Path) -> Option<PathBuf> {
    let path = path.strip_prefix(root).ok()?;
    if path
        .components()
        .any(|c| crate::load::ignored(c.as_os_str()))
    {
        return None;
    }
    let first = path.components().next()?.as_os_str().to_str()?;
    matches!(first, "articles" | "templates" | "static" | "site.toml").then(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_named_relative_to_the_root() {
        let root = Path::new("/site");
        let source = |path: &str| super::source(root, Path::new(path));
        assert_eq!(source("/site/articles/a.md"), Some("articles/a.md".into()));
        assert_eq!(source("/site/./site.toml"), Some("site.toml".into()));
        assert_eq!(
            source("/site/templates/x.html"),
            Some("templates/x.html".into())
        );
        assert_eq!(source("/site/public/index.html"), None);
        assert_eq!(source("/site/articles/.a.md.swp"), None);
        assert_eq!(source("/elsewhere/articles/a.md"), None);
    }
}
