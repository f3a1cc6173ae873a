//! The write stage: receives the built files (site path → bytes) and an
//! output folder. The files go to a staging folder beside the output, as
//! the build makes them, which takes the output's place in one step only
//! when complete. A failed
//! or interrupted build leaves the previous output whole, and only one
//! build writes to a folder at a time. Lectern removes only what it wrote
//! itself (listed in a manifest) and refuses folders it did not create.
//! An output that is a symbolic link is written through: its target is
//! replaced and the link stays.

mod lock;

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;
use lock::Lock;

/// The manifest of files lectern wrote, kept in the output folder.
pub const MANIFEST: &str = ".lectern-manifest";

/// An output folder lectern may replace, held for one build: no other
/// build writes there until this one is dropped.
#[derive(Debug)]
pub struct Output {
    /// The folder the files go to: `--out`, or where it links to.
    dir: PathBuf,
    /// The new content, written beside `dir` before it takes its place.
    staging: PathBuf,
    /// Where the previous content waits while it is swapped out, when the
    /// file system cannot exchange two folders in one step.
    old: PathBuf,
    _lock: Lock,
}

/// Opens `out` for writing the site at `root`, after checking that it is a
/// folder lectern may replace: not the project, `articles/`, `templates/`,
/// `static/` or a parent of them, not `/`, and not a folder holding files
/// lectern did not write. Waits for no one: when another build is writing
/// there, says so.
pub fn open(root: &Path, out: &Path) -> Result<Output, Diagnostic> {
    let dir = through_links(out);
    check_place(root, out, &dir)?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let beside = |suffix: &str| parent.join(format!(".{name}.lectern-{suffix}"));
    let cannot = |e: io::Error| {
        Diagnostic::error(out, format!("cannot write to `{}`: {e}", parent.display()))
    };
    fs::create_dir_all(&parent).map_err(cannot)?;
    let Some(lock) = Lock::take(beside("lock")).map_err(cannot)? else {
        return Err(Diagnostic::error(
            out,
            format!("another build is writing to `{}` right now", out.display()),
        )
        .with_help("wait until it is done, or build into another `--out` folder"));
    };
    let (staging, old) = (beside("staging"), beside("old"));
    let output = Output {
        dir,
        staging,
        old,
        _lock: lock,
    };
    output.recover().map_err(cannot)?;
    check_contents(out, &output.dir)?;
    Ok(output)
}

/// `path` with any symbolic links it is followed through: the folder to
/// write, which need not exist yet.
fn through_links(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    // As many links in a row as the system follows before it gives up.
    for _ in 0..40 {
        let Ok(target) = fs::read_link(&path) else {
            break;
        };
        path = match path.parent() {
            Some(parent) => parent.join(target),
            None => target,
        };
    }
    canonical(&path)
}

impl Output {
    /// Writes `files` (site path → bytes) as the new content of the output.
    /// Files whose bytes did not change keep their modification time. On
    /// any error the staging folder is removed and the output is as it was.
    pub fn write<B: std::borrow::Borrow<Vec<u8>>>(
        &self,
        files: &BTreeMap<String, B>,
    ) -> io::Result<WriteStats> {
        let staging = self.stage()?;
        for (path, bytes) in files {
            staging.put(path, bytes.borrow())?;
        }
        staging.finish()
    }

    /// Starts the new content: a staging folder the files are put into, one
    /// by one and from any thread, until [`Staging::finish`] puts it in the
    /// output's place. Dropped unfinished, it is removed and the output is
    /// as it was.
    pub fn stage(&self) -> io::Result<Staging<'_>> {
        fs::create_dir_all(&self.staging)?;
        Ok(Staging {
            output: self,
            paths: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            finished: false,
        })
    }

    /// Puts back what an interrupted build left: the previous output moved
    /// aside, or a staging folder.
    fn recover(&self) -> io::Result<()> {
        if self.old.exists() {
            if fs::symlink_metadata(&self.dir).is_err() {
                fs::rename(&self.old, &self.dir)?;
            } else {
                fs::remove_dir_all(&self.old)?;
            }
        }
        if self.staging.exists() {
            fs::remove_dir_all(&self.staging)?;
        }
        Ok(())
    }

    /// Puts the staging folder in the output's place. On Linux the two
    /// folders trade places in one step, so the output always exists;
    /// elsewhere (or where the file system cannot) the previous output is
    /// moved aside under a known name first, and put back by the next run
    /// if this one is interrupted.
    fn swap(&self) -> io::Result<()> {
        if fs::symlink_metadata(&self.dir).is_err() {
            return fs::rename(&self.staging, &self.dir);
        }
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{renameat_with, RenameFlags, CWD};
            use rustix::io::Errno;
            match renameat_with(CWD, &self.staging, CWD, &self.dir, RenameFlags::EXCHANGE) {
                Ok(()) => {
                    // The staging folder now holds the previous output.
                    let _ = fs::remove_dir_all(&self.staging);
                    return Ok(());
                }
                Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => {}
                Err(e) => return Err(e.into()),
            }
        }
        fs::rename(&self.dir, &self.old)?;
        if let Err(e) = fs::rename(&self.staging, &self.dir) {
            let _ = fs::rename(&self.old, &self.dir);
            return Err(e);
        }
        let _ = fs::remove_dir_all(&self.old);
        Ok(())
    }
}

/// The new content of an output, written while the build goes on.
#[derive(Debug)]
pub struct Staging<'a> {
    output: &'a Output,
    /// What was put, for the manifest.
    paths: Mutex<Vec<String>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    finished: bool,
}

impl Staging<'_> {
    /// Writes one file (a site path) into the staging folder. A file whose
    /// bytes did not change is linked from the previous output instead, so
    /// it keeps its modification time.
    pub fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let failed = |e: io::Error| io::Error::new(e.kind(), format!("{path}: {e}"));
        let safe = safe_relative(path).ok_or_else(|| {
            io::Error::other(format!("refusing to write outside the output: {path}"))
        })?;
        let target = self.output.staging.join(&safe);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(failed)?;
        }
        let previous = self.output.dir.join(&safe);
        let unchanged = fs::metadata(&previous).is_ok_and(|m| m.len() == bytes.len() as u64)
            && fs::read(&previous).is_ok_and(|old| old == bytes)
            && fs::hard_link(&previous, &target).is_ok();
        if unchanged {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        } else {
            fs::write(&target, bytes).map_err(failed)?;
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        (self.paths.lock().unwrap_or_else(|e| e.into_inner())).push(path.to_string());
        Ok(())
    }

    /// Writes the manifest and puts the staging folder in the output's
    /// place.
    pub fn finish(mut self) -> io::Result<WriteStats> {
        let mut paths = std::mem::take(self.paths.get_mut().unwrap_or_else(|e| e.into_inner()));
        paths.sort_unstable();
        let mut manifest = String::new();
        for path in &paths {
            manifest.push_str(path);
            manifest.push('\n');
        }
        let staging = &self.output.staging;
        fs::write(staging.join(MANIFEST), manifest)
            .map_err(|e| io::Error::new(e.kind(), format!("{MANIFEST}: {e}")))?;
        self.output.swap()?;
        self.finished = true;
        Ok(WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        })
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.output.staging);
        }
    }
}

/// Refuses an output folder (`dir`, `out` as the user gave it) that is the
/// file system's root, holds the project, or lies in its sources.
fn check_place(root: &Path, out: &Path, dir: &Path) -> Result<(), Diagnostic> {
    let refuse = |message: String| {
        Err(Diagnostic::error(out, message)
            .with_help("choose a folder of its own for the output, such as `public/`"))
    };
    let root = canonical(root);
    if dir.parent().is_none() {
        return refuse(format!(
            "refusing to write the site to `{}`, the file system's root",
            out.display()
        ));
    }
    if root.starts_with(dir) {
        return refuse(format!(
            "refusing to write the site to `{}`: it holds the project itself",
            out.display()
        ));
    }
    for source in ["articles", "templates", "static"] {
        if dir.starts_with(root.join(source)) {
            return refuse(format!(
                "refusing to write the site into `{source}/`, which holds the site's sources"
            ));
        }
    }
    Ok(())
}

/// Refuses an output folder (`dir`, `out` as the user gave it) that is not
/// a folder, or holds files lectern did not write.
fn check_contents(out: &Path, dir: &Path) -> Result<(), Diagnostic> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(Diagnostic::error(
            out,
            format!("`{}` exists and is not a folder", out.display()),
        )
        .with_help("choose a folder of its own for the output, such as `public/`"));
    }
    let written = read_manifest(dir);
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
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
    Err(Diagnostic::error(out, message)
        .with_help("move those files elsewhere, or choose another `--out` folder"))
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
        let refusal = |out: &Path| open(root, out).unwrap_err().message;
        assert!(refusal(root).contains("holds the project"));
        assert!(refusal(&root.join("articles/out")).contains("articles/"));
        assert!(refusal(Path::new("/")).contains("root"));
        fs::create_dir_all(root.join("mine")).unwrap();
        fs::write(root.join("mine/notes.txt"), "keep").unwrap();
        assert!(refusal(&root.join("mine")).contains("did not create"));
        assert!(open(root, &root.join("public")).is_ok());
    }

    #[test]
    fn writes_swaps_and_keeps_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let write =
            |files: &BTreeMap<String, Vec<u8>>| open(dir.path(), &out).unwrap().write(files);
        let mut files = BTreeMap::new();
        files.insert("index.html".to_string(), b"home".to_vec());
        files.insert("a/index.html".to_string(), b"a".to_vec());
        assert_eq!(
            write(&files).unwrap(),
            WriteStats {
                written: 2,
                unchanged: 0
            }
        );
        files.insert("a/index.html".to_string(), b"a2".to_vec());
        assert_eq!(
            write(&files).unwrap(),
            WriteStats {
                written: 1,
                unchanged: 1
            }
        );
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"a2");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging folder or lock left behind"
        );
    }

    /// A failed write leaves no staging folder and the output as it was.
    #[test]
    fn a_failed_write_removes_its_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut files = BTreeMap::new();
        files.insert("index.html".to_string(), b"home".to_vec());
        open(dir.path(), &out).unwrap().write(&files).unwrap();
        // `a` cannot be both a file and a folder.
        files.insert("a".to_string(), b"file".to_vec());
        files.insert("a/index.html".to_string(), b"page".to_vec());
        let error = open(dir.path(), &out).unwrap().write(&files).unwrap_err();
        assert!(error.to_string().starts_with("a/index.html: "), "{error}");
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"home");
        assert!(!out.join("a").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// Someone looking at the output while it is replaced (a web server, a
    /// sync tool) always finds it.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_output_never_goes_missing_while_it_is_replaced() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let output = open(dir.path(), &out).unwrap();
        let write = |round: usize| {
            let mut files = BTreeMap::new();
            files.insert("index.html".to_string(), format!("{round}").into_bytes());
            output.write(&files).unwrap();
        };
        // The output exists before anyone looks for it.
        write(0);
        let done = AtomicBool::new(false);
        let missing = std::thread::scope(|scope| {
            let watcher = scope.spawn(|| {
                let mut missing = 0;
                while !done.load(Ordering::Relaxed) {
                    if out.join(MANIFEST).symlink_metadata().is_err() {
                        missing += 1;
                    }
                }
                missing
            });
            for round in 1..=300 {
                write(round);
            }
            done.store(true, Ordering::Relaxed);
            watcher.join().unwrap()
        });
        assert_eq!(missing, 0, "the output was missing {missing} times");
    }
}
