//! Atomic file writes: a temporary file in the same folder (`tempfile`), then a rename (or a
//! no-clobber link), so a failed save never leaves a half-written or missing policy behind.
//! Only regular files are written: a device, FIFO or socket is never replaced, and a symbolic
//! link is followed so that the file it leads to is replaced, never the link.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;
use thiserror::Error;

use crate::policy::visible::Visible;

/// Why a save did not happen, in words a person can act on. Every path is the one the person
/// gave (made absolute), never the temporary file's.
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
    /// A device, FIFO or socket (`kind`), or a symbolic link to one (`target`): replacing it
    /// with a file would destroy something that is not a policy.
    #[error(
        "{path} {}, not a regular file; only regular files are written, so choose another name",
        kind_of(.kind, .target.as_deref())
    )]
    NotRegular {
        path: PathBuf,
        target: Option<PathBuf>,
        kind: &'static str,
    },
    #[error("could not write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

fn kind_of(kind: &str, target: Option<&Path>) -> String {
    match target {
        Some(t) => format!("is a symbolic link to {}, {kind}", t.display()),
        None => format!("is {kind}"),
    }
}

/// A saved policy: the path as given (absolute) and, when that path is a symbolic link, the
/// file it leads to, which is the one that was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub link_target: Option<PathBuf>,
}

impl fmt::Display for Written {
    /// The path, and what was written through a link: a person who saved to a link must know
    /// which file changed. Both are shown with `Visible`: a file name may hold any character.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Visible(&self.path.to_string_lossy()))?;
        if let Some(t) = &self.link_target {
            write!(
                f,
                " (a symbolic link: wrote its target {})",
                Visible(&t.to_string_lossy())
            )?;
        }
        Ok(())
    }
}

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    Never,
    Replace,
}

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

/// How many symbolic links a path may go through, as Linux allows (`MAXSYMLINKS`).
const MAX_LINKS: usize = 40;

/// Follows `path` through symbolic links to the file they lead to, which may not exist yet
/// (writing through a dangling link creates its target, as the shell's `>` does).
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = fs::read_link(&current)?;
                // A relative link is relative to its own folder; an absolute one replaces it.
                current = match current.parent() {
                    Some(folder) => folder.join(next),
                    None => next,
                };
            }
            // Nothing there yet, or a file used as a folder: the checks below say which.
            Ok(_) => return Ok(current),
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(current);
            }
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// `path` with its folder's `..` and links resolved, for messages; as it is when it cannot be.
fn tidy(path: &Path) -> PathBuf {
    match (path.parent().map(fs::canonicalize), path.file_name()) {
        (Some(Ok(folder)), Some(name)) => folder.join(name),
        _ => path.to_path_buf(),
    }
}

/// What a file that is neither regular nor a folder is, in words.
fn special_kind(meta: &fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

/// Writes `contents` to `path` atomically. With [`Overwrite::Never`] an existing file is left
/// alone and [`SaveError::Exists`] returned, even if it appears while we write. A leading `~`
/// is the home folder (the wizard passes the path as typed). A symbolic link is followed: the
/// file it leads to is replaced (keeping its permissions), and [`Written`] says so. Anything
/// but a regular file is refused before anything is written.
pub fn write_atomic(
    path: &Path,
    contents: &[u8],
    overwrite: Overwrite,
) -> Result<Written, SaveError> {
    let given = absolute(
        &path
            .to_str()
            .map_or_else(|| path.to_path_buf(), expand_tilde),
    );
    if given.is_dir() {
        return Err(SaveError::IsDirectory(given));
    }
    let io_error = |source| SaveError::Io {
        path: given.clone(),
        source,
    };
    let target = follow_links(&given).map_err(io_error)?;
    let link_target = (target != given).then(|| tidy(&target));
    match fs::metadata(&target) {
        // Checked again by nobody at the rename: a device put there in between is replaced,
        // but only by someone who may write in that folder anyway.
        Ok(meta) if !meta.is_file() => {
            return Err(SaveError::NotRegular {
                path: given,
                target: link_target,
                kind: special_kind(&meta),
            });
        }
        Ok(_) if overwrite == Overwrite::Never => return Err(SaveError::Exists(given)),
        _ => {}
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
    // A dropped `NamedTempFile` deletes itself, so every early return below cleans up.
    write_tmp(&folder, &name, contents, &target)
        .and_then(|tmp| publish(tmp, &target, overwrite))
        .map_err(|e| classify(e, &given, &folder))?;
    Ok(Written {
        path: given,
        link_target,
    })
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

/// `.NAME.XXXXXX.tmp` next to the target, holding `contents`, with the permissions a plain
/// create would give (tempfile's own default is owner-only), or the replaced file's (mode,
/// and owner and group where we may set them).
fn write_tmp(
    folder: &Path,
    name: &str,
    contents: &[u8],
    target: &Path,
) -> Result<NamedTempFile, Step> {
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like `File::create`: 0666, minus the umask (the kernel applies it at creation).
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(folder).map_err(without_temp_name)?;
    // Through the `File`: `NamedTempFile`'s own writes add the temporary name to an error
    // (a full disk would name a file the person never saw).
    tmp.as_file_mut().write_all(contents)?;
    if let Ok(meta) = fs::metadata(target) {
        let _ = tmp.as_file().set_permissions(meta.permissions());
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // Root replacing someone else's policy keeps it theirs; anyone else may only
            // give a file away to themselves, so a refusal changes nothing and is ignored.
            let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
        }
    }
    tmp.as_file().sync_all()?;
    fail_point()?;
    Ok(tmp)
}
/// tempfile adds the temporary file's name to a creation error; the person saving never saw
/// that name, and the message names the target already, so keep only the reason.
fn without_temp_name(e: io::Error) -> io::Error {
    let text = e.to_string();
    match text.split_once(" at path ") {
        Some((reason, _)) => io::Error::new(e.kind(), reason),
        None => e,
    }
}

fn publish(tmp: NamedTempFile, target: &Path, overwrite: Overwrite) -> Result<(), Step> {
    match overwrite {
        Overwrite::Replace => {
            tmp.persist(target).map_err(|e| e.error)?;
        }
        Overwrite::Never => match tmp.persist_noclobber(target) {
            Ok(_) => {}
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => return Err(Step::Exists),
            // Filesystems without hard links: the exists check above is the best we can do.
            Err(e) if !target.exists() => {
                e.file.persist(target).map_err(|e| e.error)?;
            }
            Err(_) => return Err(Step::Exists),
        },
    }
    Ok(())
}

fn classify(step: Step, path: &Path, folder: &Path) -> SaveError {
    match step {
        Step::Exists => SaveError::Exists(path.to_path_buf()),
        Step::Io(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            SaveError::PermissionDenied(folder.to_path_buf())
        }
        Step::Io(e) if e.kind() == io::ErrorKind::ReadOnlyFilesystem => {
            SaveError::PermissionDenied(folder.to_path_buf())
        }
        Step::Io(source) => SaveError::Io {
            path: path.to_path_buf(),
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
        assert_eq!(fs::read(&out.path).unwrap(), b"{}");
        assert!(out.path.is_absolute());
        assert_eq!(out.link_target, None);
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

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_mode_a_plain_create_gives_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.json");
        fs::File::create(&plain).unwrap();
        let p = dir.path().join("p.json");
        write_atomic(&p, b"{}", Overwrite::Never).unwrap();
        assert_eq!(mode(&p), mode(&plain));
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"new", Overwrite::Replace).unwrap();
        assert_eq!(mode(&p), 0o640);
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_creation_error_names_the_target_not_the_temporary_file() {
        if !Path::new("/proc/self").is_dir() {
            return;
        }
        let e = write_atomic(Path::new("/proc/p.json"), b"x", Overwrite::Replace).unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("could not write /proc/p.json: "), "{text}");
        assert!(!text.contains(".tmp"), "{text}");
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
