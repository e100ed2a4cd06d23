//! Atomic file writes: a temporary file in the same folder, then a rename (or a no-clobber link),
//! so a failed save never leaves a half-written or missing policy behind.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use thiserror::Error;

/// Why a save did not happen, in words a person can act on.
#[derive(Debug, Error)]
pub enum SaveError {
    #[error("{0} already exists")]
    Exists(PathBuf),
    #[error("{0} is a folder; add a file name such as policy.json")]
    IsDirectory(PathBuf),
    #[error("folder {0} does not exist")]
    MissingFolder(PathBuf),
    #[error("{0} is a file, not a folder")]
    NotAFolder(PathBuf),
    #[error("no permission to write in {0}")]
    PermissionDenied(PathBuf),
    #[error("could not write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    Never,
    Replace,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Expands a leading `~` to the home folder.
pub fn expand_tilde(path: &str) -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match (path.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            home.join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(path),
    }
}

/// The absolute form of a path, for messages.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Writes `contents` to `path` atomically. With [`Overwrite::Never`] an existing file is left
/// alone and [`SaveError::Exists`] returned, even if it appears while we write. A leading `~`
/// is the home folder (the wizard passes the path as typed).
pub fn write_atomic(
    path: &Path,
    contents: &[u8],
    overwrite: Overwrite,
) -> Result<PathBuf, SaveError> {
    let target = absolute(
        &path
            .to_str()
            .map_or_else(|| path.to_path_buf(), expand_tilde),
    );
    if target.is_dir() {
        return Err(SaveError::IsDirectory(target));
    }
    if overwrite == Overwrite::Never && target.exists() {
        return Err(SaveError::Exists(target));
    }
    let folder = target
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    if !folder.is_dir() {
        // `file.txt/out.json`: the folder exists but is a file; "does not exist" would mislead.
        if folder.exists() {
            return Err(SaveError::NotAFolder(folder));
        }
        return Err(SaveError::MissingFolder(folder));
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = folder.join(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result =
        write_tmp(&tmp, contents, &target).and_then(|()| publish(&tmp, &target, overwrite));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(|e| classify(e, &target, &folder))?;
    Ok(target)
}

enum Step {
    Exists,
    Io(io::Error),
}

impl From<io::Error> for Step {
    fn from(e: io::Error) -> Self {
        Step::Io(e)
    }
}

fn write_tmp(tmp: &Path, contents: &[u8], target: &Path) -> Result<(), Step> {
    let mut f: File = OpenOptions::new().write(true).create_new(true).open(tmp)?;
    f.write_all(contents)?;
    if let Ok(meta) = fs::metadata(target) {
        let _ = f.set_permissions(meta.permissions());
    }
    f.sync_all()?;
    fail_point()?;
    Ok(())
}

fn publish(tmp: &Path, target: &Path, overwrite: Overwrite) -> Result<(), Step> {
    match overwrite {
        Overwrite::Replace => fs::rename(tmp, target)?,
        Overwrite::Never => match fs::hard_link(tmp, target) {
            Ok(()) => {
                fs::remove_file(tmp)?;
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(Step::Exists),
            // Filesystems without hard links: the exists check above is the best we can do.
            Err(_) if !target.exists() => fs::rename(tmp, target)?,
            Err(_) => return Err(Step::Exists),
        },
    }
    Ok(())
}

fn classify(step: Step, target: &Path, folder: &Path) -> SaveError {
    match step {
        Step::Exists => SaveError::Exists(target.to_path_buf()),
        Step::Io(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            SaveError::PermissionDenied(folder.to_path_buf())
        }
        Step::Io(e) if e.kind() == io::ErrorKind::ReadOnlyFilesystem => {
            SaveError::PermissionDenied(folder.to_path_buf())
        }
        Step::Io(source) => SaveError::Io {
            path: target.to_path_buf(),
            source,
        },
    }
}

/// Test hook: with the `ECR_POLICY_FAIL_BEFORE_RENAME` variable set, a debug build fails
/// between writing the temporary file and renaming it. Release builds never fail here.
fn fail_point() -> io::Result<()> {
    if cfg!(debug_assertions) && std::env::var_os("ECR_POLICY_FAIL_BEFORE_RENAME").is_some() {
        return Err(io::Error::other("simulated failure before rename"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| Path::new(n).extension().is_some_and(|e| e == "tmp"))
            .collect()
    }

    #[test]
    fn writes_a_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("policy file é.json");
        let out = write_atomic(&p, b"{}", Overwrite::Never).unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"{}");
        assert!(out.is_absolute());
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn never_clobbers_without_permission() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.json");
        fs::write(&p, "old").unwrap();
        assert!(matches!(
            write_atomic(&p, b"new", Overwrite::Never),
            Err(SaveError::Exists(_))
        ));
        assert_eq!(fs::read_to_string(&p).unwrap(), "old");
        write_atomic(&p, b"new", Overwrite::Replace).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn reports_missing_folder_and_directory_targets() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope/p.json");
        assert!(matches!(
            write_atomic(&missing, b"x", Overwrite::Never),
            Err(SaveError::MissingFolder(_))
        ));
        assert!(matches!(
            write_atomic(dir.path(), b"x", Overwrite::Replace),
            Err(SaveError::IsDirectory(_))
        ));
    }

    #[test]
    fn tilde_expands_to_home() {
        let home = std::env::var("HOME").unwrap();
        assert_eq!(
            expand_tilde("~/a.json"),
            PathBuf::from(&home).join("a.json")
        );
        assert_eq!(expand_tilde("~"), PathBuf::from(&home));
        assert_eq!(expand_tilde("a/~b"), PathBuf::from("a/~b"));
    }
}
