//! Walks a site's source folders (`articles/`, `templates/`, `static/`),
//! reading only what belongs to the project: a symbolic link is followed
//! only when it leads to a file or folder inside the project, and special
//! files (FIFOs, sockets, devices, `/proc`, `/sys`) are never opened.
//! What may not be read is reported, not skipped: a site built without a
//! file its author sees would be broken in ways nobody notices.

use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use super::ignored;
use crate::diagnostics::{display_path, Diagnostic};

/// The regular files under `root/dir` (which must exist), in name order,
/// each by its path inside `dir` (with `/` separators) and on disk. Hidden
/// files and editor files are left out; problems are added to `problems`.
pub(crate) fn source_files(
    root: &Path,
    dir: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    let base = root.join(dir);
    let project = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let mut walk = WalkDir::new(&base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                // A link to a folder above the project is a loop, too: say
                // first that it leaves the project.
                let outside = e.path().and_then(|p| refuse_link(root, &project, p));
                problems.push(outside.unwrap_or_else(|| walk_error(root, dir, &e)));
                continue;
            }
        };
        let is_dir = entry.file_type().is_dir();
        if entry.depth() > 0 && (ignored(entry.file_name()) || not_content(dir, &entry)) {
            if is_dir {
                walk.skip_current_dir();
            }
            continue;
        }
        // (walkdir counts the folder walked as a link too: it is checked
        // like one, and may be one.)
        let problem = match entry.path_is_symlink() {
            true => refuse_link(root, &project, entry.path()),
            false => None,
        };
        if let Some(problem) = problem.or_else(|| special(root, &entry)) {
            problems.push(problem);
            if is_dir {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_file() {
            let name = entry
                .path()
                .strip_prefix(&base)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            files.push((name, entry.into_path()));
        }
    }
    files
}

/// What a Markdown file under `articles/` is, by its path inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Markdown {
    /// An article.
    Page,
    /// `SUMMARY.md` at the top: an mdBook's table of contents.
    Summary,
    /// `_Sidebar.md` or `_Footer.md`, in any folder: the parts of a GitHub
    /// wiki shown around its pages, not pages of their own.
    WikiPart,
}

/// What the Markdown file `source` (inside `articles/`) is.
pub(crate) fn markdown_kind(source: &str) -> Markdown {
    let name = source.rsplit_once('/').map_or(source, |(_, name)| name);
    match name {
        "SUMMARY.md" if name == source => Markdown::Summary,
        "_Sidebar.md" | "_Footer.md" => Markdown::WikiPart,
        _ => Markdown::Page,
    }
}

/// What inside a source folder is never its content: a site lectern wrote
/// (a folder holding lectern's manifest), and, when the articles are the
/// site's folder itself, the theme's folders, its words and its settings
/// beside them.
fn not_content(dir: &str, entry: &walkdir::DirEntry) -> bool {
    let beside = dir == "." && entry.depth() == 1;
    let name = entry.file_name().to_str();
    if !entry.file_type().is_dir() {
        return beside && matches!(name, Some("site.toml" | "book.toml"));
    }
    let theme = beside && matches!(name, Some("templates" | "static" | "i18n"));
    theme || entry.path().join(crate::output::MANIFEST).exists()
}

/// Why the symbolic link at `path` may not be followed, if it may not: it
/// leads outside the project, into a hidden file or folder of it, or into
/// `/proc` or `/sys`.
fn refuse_link(root: &Path, project: &Path, path: &Path) -> Option<Diagnostic> {
    let Ok(target) = std::fs::canonicalize(path) else {
        // A link to nothing is reported by the walk, as a file it cannot read.
        return None;
    };
    let file = display_path(root, path);
    let shown = file.display();
    let written = std::fs::read_link(path).unwrap_or_default();
    let to = match written == target {
        true => format!("`{}`", target.display()),
        false => format!("`{}` (`{}`)", written.display(), target.display()),
    };
    match refused_place(project, &target)? {
        Refused::System => Some(
            Diagnostic::error(
                &file,
                format!("`{shown}` is a symbolic link to {to}, a special file of the system, which lectern never reads"),
            )
            .with_help("remove the link; put a copy of the content you want published in its place"),
        ),
        Refused::Outside => Some(
            Diagnostic::error(
                &file,
                format!("`{shown}` is a symbolic link to {to}, outside the project, which lectern does not publish"),
            )
            .with_help("copy the file into the project, or point the link at a file inside it"),
        ),
        Refused::Hidden => Some(
            Diagnostic::error(
                &file,
                format!("`{shown}` is a symbolic link to {to}, inside a hidden file or folder of the project, which lectern does not publish"),
            )
            .with_help("hidden files (`.git/`, `.env`) are never content; copy what you want published"),
        ),
    }
}

/// Why a place lectern may not read from is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// In `/proc` or `/sys`.
    System,
    /// Outside the project.
    Outside,
    /// Inside a hidden file or folder of the project (`.git/`).
    Hidden,
}

/// Why nothing at `target` may be read, if nothing may: the one rule for
/// every file lectern reads, whether a link leads there or an include
/// names it. Both paths are canonical.
pub(crate) fn refused_place(project: &Path, target: &Path) -> Option<Refused> {
    if is_system(target) {
        return Some(Refused::System);
    }
    let Ok(inside) = target.strip_prefix(project) else {
        return Some(Refused::Outside);
    };
    let hidden = inside.components().any(|c| match c {
        Component::Normal(name) => ignored(name),
        _ => false,
    });
    hidden.then_some(Refused::Hidden)
}

/// `/proc` and `/sys` look like plain files and folders, but reading them
/// reveals the machine (and the build's environment) or never ends.
fn is_system(path: &Path) -> bool {
    cfg!(unix) && (path.starts_with("/proc") || path.starts_with("/sys"))
}

/// Why the single file at `path` (`site.toml`) may not be read, if it may
/// not: the same rules as for the files of the source folders.
pub(crate) fn refuse_file(root: &Path, path: &Path) -> Option<Diagnostic> {
    let link = std::fs::symlink_metadata(path)
        .ok()?
        .file_type()
        .is_symlink();
    if link {
        let project = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        if let Some(problem) = refuse_link(root, &project, path) {
            return Some(problem);
        }
    }
    special_file(root, path, std::fs::metadata(path).ok()?.file_type())
}

/// A FIFO, socket or device: reading one can block forever.
fn special(root: &Path, entry: &walkdir::DirEntry) -> Option<Diagnostic> {
    special_file(root, entry.path(), entry.file_type())
}

fn special_file(root: &Path, path: &Path, kind: std::fs::FileType) -> Option<Diagnostic> {
    if kind.is_file() || kind.is_dir() {
        return None;
    }
    let what = special_kind(&kind);
    let file = display_path(root, path);
    Some(
        Diagnostic::error(
            &file,
            format!(
                "`{}` is {what}, not a regular file, and lectern never reads it",
                file.display()
            ),
        )
        .with_help("remove it, or move it out of the site's folders"),
    )
}

#[cfg(unix)]
pub(crate) fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
pub(crate) fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

fn walk_error(root: &Path, dir: &str, error: &walkdir::Error) -> Diagnostic {
    let path = error
        .path()
        .map(|p| display_path(root, p))
        .unwrap_or_else(|| PathBuf::from(dir));
    if let Some(ancestor) = error.loop_ancestor() {
        return Diagnostic::error(
            path,
            format!(
                "symbolic link loop: this folder links back to `{}`",
                display_path(root, ancestor).display()
            ),
        )
        .with_help("remove the link or point it outside its own parent folders");
    }
    let reason = error
        .io_error()
        .map_or_else(|| error.to_string(), |e| e.to_string());
    Diagnostic::error(path, format!("cannot read: {reason}"))
}
