//! The write stage: receives the built files (site path → bytes) and an
//! output folder. The files go to a staging folder beside the output,
//! which is swapped into place only when complete. A failed or
//! interrupted build leaves the previous output whole. Lectern removes only
//! what it wrote itself (listed in a manifest) and refuses folders it did
//! not create.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// The manifest of files lectern wrote, kept in the output folder.
pub const MANIFEST: &str = ".lectern-manifest";

/// Checks that `out` is a folder lectern may replace: not the project root,
/// `articles/`, a parent of them, `/`, or a non-empty folder lectern did not
/// write.
pub fn check_output(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let refuse = |message: String, help: &str| {
        Err(Diagnostic::error(out, message).with_help(help.to_string()))
    };
    let root = canonical(root);
    let target = canonical(out);
    let help = "choose a folder of its own for the output, such as `public/`";
    if target.parent().is_none() {
        return refuse(
            format!(
                "refusing to write the site to `{}`, the file system's root",
                out.display()
            ),
            help,
        );
    }
    if root.starts_with(&target) {
        return refuse(
            format!(
                "refusing to write the site to `{}`: it holds the project itself",
                out.display()
            ),
            help,
        );
    }
    for source in ["articles", "templates", "static"] {
        if target.starts_with(root.join(source)) {
            return refuse(
                format!(
                    "refusing to write the site into `{source}/`, which holds the site's sources"
                ),
                help,
            );
        }
    }
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return refuse(
            format!("`{}` exists and is not a folder", out.display()),
            help,
        );
    }
    let written = read_manifest(out);
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if rel != MANIFEST && !written.as_ref().is_some_and(|w| w.contains(&rel)) {
            foreign.push(rel);
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = foreign.iter().take(5).map(|f| format!("`{f}`")).collect();
    let more = if foreign.len() > 5 {
        format!(" and {} more", foreign.len() - 5)
    } else {
        String::new()
    };
    let message = if written.is_none() {
        format!(
            "refusing to replace `{}`: lectern did not create it and it is not empty ({}{more})",
            out.display(),
            shown.join(", ")
        )
    } else {
        format!(
            "refusing to replace `{}`: it holds files lectern did not write ({}{more})",
            out.display(),
            shown.join(", ")
        )
    };
    refuse(
        message,
        "move those files elsewhere, or choose another `--out` folder",
    )
}

fn canonical(path: &Path) -> PathBuf {
    // The output may not exist yet: canonicalize its nearest existing parent.
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}

fn read_manifest(out: &Path) -> Option<HashSet<String>> {
    let text = fs::read_to_string(out.join(MANIFEST)).ok()?;
    Some(
        text.lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// Writes `files` (site path → bytes) as the new content of `out`. Files
/// whose bytes did not change keep their modification time.
pub fn write<B: std::borrow::Borrow<Vec<u8>>>(
    out: &Path,
    files: &BTreeMap<String, B>,
) -> io::Result<WriteStats> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let staging = parent.join(format!(".{name}.lectern-staging"));
    if staging.exists() {
        // Left over from an interrupted build: only lectern writes here.
        fs::remove_dir_all(&staging)?;
    }
    fs::create_dir_all(&staging)?;

    let mut stats = WriteStats::default();
    let mut manifest = String::new();
    for (path, bytes) in files {
        let bytes: &Vec<u8> = bytes.borrow();
        let safe = safe_relative(path).ok_or_else(|| {
            io::Error::other(format!("refusing to write outside the output: {path}"))
        })?;
        let target = staging.join(&safe);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir)?;
        }
        let previous = out.join(&safe);
        // Unchanged files are hard-linked from the previous output, which
        // keeps their modification time (and costs no copy).
        let unchanged = fs::metadata(&previous).is_ok_and(|m| m.len() == bytes.len() as u64)
            && fs::read(&previous).is_ok_and(|old| old == *bytes)
            && fs::hard_link(&previous, &target).is_ok();
        if unchanged {
            stats.unchanged += 1;
        } else {
            fs::write(&target, bytes)?;
            stats.written += 1;
        }
        manifest.push_str(path);
        manifest.push('\n');
    }
    fs::write(staging.join(MANIFEST), manifest)?;

    let old = parent.join(format!(".{name}.lectern-old"));
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    if out.exists() {
        fs::rename(out, &old)?;
    }
    fs::rename(&staging, out)?;
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    Ok(stats)
}

/// How many files a write changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
}

/// `path` as a relative path that cannot leave the folder it is joined to.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let mut safe = PathBuf::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains('\\') || s.contains(':') => return None,
            s => safe.push(s),
        }
    }
    (!safe.as_os_str().is_empty()).then_some(safe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        assert_eq!(
            safe_relative("a/b/index.html"),
            Some(PathBuf::from("a/b/index.html"))
        );
        assert_eq!(safe_relative("../x"), None);
        assert_eq!(safe_relative("a/../../x"), None);
        assert_eq!(
            safe_relative("/etc/passwd"),
            Some(PathBuf::from("etc/passwd"))
        );
    }

    #[test]
    fn refuses_dangerous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("articles")).unwrap();
        assert!(check_output(root, root)
            .unwrap_err()
            .message
            .contains("holds the project"));
        assert!(check_output(root, &root.join("articles/out"))
            .unwrap_err()
            .message
            .contains("articles/"));
        assert!(check_output(root, Path::new("/"))
            .unwrap_err()
            .message
            .contains("root"));
        fs::create_dir_all(root.join("mine")).unwrap();
        fs::write(root.join("mine/notes.txt"), "keep").unwrap();
        assert!(check_output(root, &root.join("mine"))
            .unwrap_err()
            .message
            .contains("did not create"));
        assert!(check_output(root, &root.join("public")).is_ok());
    }

    #[test]
    fn writes_swaps_and_keeps_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut files = BTreeMap::new();
        files.insert("index.html".to_string(), b"home".to_vec());
        files.insert("a/index.html".to_string(), b"a".to_vec());
        assert_eq!(
            write(&out, &files).unwrap(),
            WriteStats {
                written: 2,
                unchanged: 0
            }
        );
        files.insert("a/index.html".to_string(), b"a2".to_vec());
        assert_eq!(
            write(&out, &files).unwrap(),
            WriteStats {
                written: 1,
                unchanged: 1
            }
        );
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"a2");
        assert!(check_output(dir.path(), &out).is_ok());
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging folder left behind"
        );
    }
}
