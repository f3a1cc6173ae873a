//! One build at a time per output folder: an exclusive lock on a file
//! beside it. The operating system releases the lock when the process
//! exits, however it ends, so a killed build never leaves the output
//! locked.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::PathBuf;

/// The lock, held until dropped; the lock file is removed then.
#[derive(Debug)]
pub(super) struct Lock {
    path: PathBuf,
    file: File,
}

impl Lock {
    /// Takes the lock at `path`, or `None` when another process holds it.
    pub(super) fn take(path: PathBuf) -> io::Result<Option<Lock>> {
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => return Ok(None),
                Err(TryLockError::Error(e)) => return Err(e),
            }
            // The build that held the lock may have removed its file between
            // our opening and locking it: then the lock is on a file no one
            // else will open, and we try again with the one at `path`.
            if is_file_at(&file, &path) {
                return Ok(Some(Lock { path, file }));
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked, so that a build that opened it in the
        // meantime notices (above) and takes a new one.
        if cfg!(unix) {
            let _ = fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

#[cfg(unix)]
fn is_file_at(file: &File, path: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere the lock file stays, so the file locked is always the one at
/// the path.
#[cfg(not(unix))]
fn is_file_at(_: &File, _: &std::path::Path) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".public.lectern-lock");
        let held = Lock::take(path.clone()).unwrap().expect("free at first");
        assert!(Lock::take(path.clone()).unwrap().is_none());
        drop(held);
        assert!(!path.exists(), "the lock file is removed");
        assert!(Lock::take(path).unwrap().is_some());
    }
}
