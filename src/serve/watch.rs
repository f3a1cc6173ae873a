//! Watching the site's sources: file system events (or polling), quieted
//! into one rebuild per burst of changes. The sources are the site's
//! folders and `site.toml`, and every file an article includes, wherever
//! in the project it is (`listings/`).

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use notify::Watcher as _;

use super::{AppState, ServeOptions};
use crate::Incremental;

/// How long a burst of file events (an editor's save: write, rename,
/// attribute change) must be quiet before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(20);
/// The same once a source was closed after writing, which ends most
/// saves: what an editor still does follows at once. A step that comes
/// later only starts another rebuild, which ends with the file as saved.
const DEBOUNCE_WRITTEN: Duration = Duration::from_millis(2);

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
    let mut included = incremental.included_files();
    // The articles' folder `site.toml` (or `book.toml`) names, as last read.
    let mut content = crate::load::config::load(&root)
        .map_or_else(|_| "articles".to_string(), |config| config.content);
    // Polling watches the site's folders; the folders of included files are
    // added as builds find them, so the thread may reach the watcher.
    let mut poller: Option<Weak<Mutex<notify::PollWatcher>>> = None;
    let watcher: Box<dyn std::any::Any + Send> = if options.poll {
        let mut watcher = notify::PollWatcher::new(tx, config).map_err(to_io)?;
        let sources = [
            content.as_str(),
            "templates",
            "static",
            "i18n",
            "site.toml",
            "book.toml",
        ];
        for path in sources.map(|p| root.join(p)) {
            if path.exists() {
                watcher
                    .watch(&path, notify::RecursiveMode::Recursive)
                    .map_err(to_io)?;
            }
        }
        let watcher = Arc::new(Mutex::new(watcher));
        poller = Some(Arc::downgrade(&watcher));
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
    let mut polled = HashSet::new();
    if let Some(poller) = &poller {
        poll_included(poller, &root, &content, &included, &mut polled);
    }
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            let mut changed = BTreeSet::new();
            let mut quiet = quiet_after(&first, &root, &content, &included);
            note_change(first, &root, &content, &included, &mut changed);
            while let Ok(more) = rx.recv_timeout(quiet) {
                quiet = quiet_after(&more, &root, &content, &included);
                note_change(more, &root, &content, &included, &mut changed);
            }
            if changed.is_empty() {
                continue;
            }
            let changed: Vec<PathBuf> = changed.into_iter().collect();
            super::rebuild(&build_options, &mut incremental, &state, Some(&changed));
            included = incremental.included_files();
            if let Some(folder) = incremental.content_folder() {
                content = folder.to_string();
            }
            if let Some(poller) = &poller {
                poll_included(poller, &root, &content, &included, &mut polled);
            }
        }
    });
    Ok(watcher)
}

/// Adds to the poller the folders of included files outside the folders
/// it watches already; `polled` holds those added.
fn poll_included(
    poller: &Weak<Mutex<notify::PollWatcher>>,
    root: &Path,
    content: &str,
    included: &HashSet<PathBuf>,
    polled: &mut HashSet<PathBuf>,
) {
    let Some(poller) = poller.upgrade() else {
        return;
    };
    let mut poller = poller.lock().unwrap_or_else(|e| e.into_inner());
    for path in included {
        if source(root, path, content, &HashSet::new()).is_some() {
            continue;
        }
        let Some(dir) = path.parent().filter(|dir| dir.is_dir()) else {
            continue;
        };
        if polled.insert(dir.to_path_buf()) {
            // A folder that cannot be watched is tried again after the next build.
            if poller
                .watch(dir, notify::RecursiveMode::NonRecursive)
                .is_err()
            {
                polled.remove(dir);
            }
        }
    }
}

/// How long to wait for more events after `event`: shorter when it closed
/// a source just written.
fn quiet_after(
    event: &notify::Result<notify::Event>,
    root: &Path,
    content: &str,
    included: &HashSet<PathBuf>,
) -> Duration {
    use notify::event::{AccessKind, AccessMode, EventKind};
    let written = event.as_ref().is_ok_and(|event| {
        event.kind == EventKind::Access(AccessKind::Close(AccessMode::Write))
            && (event.paths.iter()).any(|p| source(root, p, content, included).is_some())
    });
    if written {
        DEBOUNCE_WRITTEN
    } else {
        DEBOUNCE
    }
}

/// Adds the sources an event changed, relative to the site's root. Reading
/// a file is no change, and the builds themselves read every source.
fn note_change(
    event: notify::Result<notify::Event>,
    root: &Path,
    content: &str,
    included: &HashSet<PathBuf>,
    changed: &mut BTreeSet<PathBuf>,
) {
    let Ok(event) = event else { return };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return;
    }
    changed.extend(
        event
            .paths
            .iter()
            .filter_map(|p| source(root, p, content, included)),
    );
}

/// A changed path as the site's source it is (`articles/a.md` in the
/// articles' folder `content`, or a file an article includes:
/// `listings/main.rs`), or `None` when it is none of them.
fn source(root: &Path, path: &Path, content: &str, included: &HashSet<PathBuf>) -> Option<PathBuf> {
    let absolute = path;
    let path = path.strip_prefix(root).ok()?;
    if included.contains(absolute) {
        return Some(path.to_path_buf());
    }
    if path
        .components()
        .any(|c| crate::load::ignored(c.as_os_str()))
    {
        return None;
    }
    let first = path.components().next()?.as_os_str().to_str()?;
    let setting = matches!(
        first,
        "templates" | "static" | "i18n" | "site.toml" | "book.toml"
    );
    (setting || content == "." || path.starts_with(content)).then(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_named_relative_to_the_root() {
        let root = Path::new("/site");
        let included = HashSet::from(["/site/listings/main.rs".into()]);
        let source = |path: &str| super::source(root, Path::new(path), "articles", &included);
        assert_eq!(source("/site/articles/a.md"), Some("articles/a.md".into()));
        assert_eq!(source("/site/./site.toml"), Some("site.toml".into()));
        assert_eq!(
            source("/site/templates/x.html"),
            Some("templates/x.html".into())
        );
        assert_eq!(source("/site/public/index.html"), None);
        assert_eq!(source("/site/articles/.a.md.swp"), None);
        assert_eq!(source("/elsewhere/articles/a.md"), None);
        assert_eq!(
            source("/site/listings/main.rs"),
            Some("listings/main.rs".into()),
            "an included file is a source wherever it is"
        );
        assert_eq!(source("/site/listings/other.rs"), None);
        let in_book = super::source(root, Path::new("/site/src/a.md"), "src", &included);
        assert_eq!(in_book, Some("src/a.md".into()));
        assert_eq!(source("/site/book.toml"), Some("book.toml".into()));
    }
}
