//! Atomic file writes, shared by the exports and the importer.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename:
/// readers see the old file or the new one, never half of one, and on any error the
/// temporary file is removed. Without `force` the rename refuses to replace a file that
/// appeared meanwhile.
pub fn write(path: &Path, bytes: &[u8], force: bool) -> std::io::Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".thutuc-")
        .suffix(".tmp")
        .tempfile_in(parent)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    #[cfg(unix)]
    {
        // tempfile creates 0600; a published document is for everyone to read.
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    let persisted = if force {
        tmp.persist(path)
    } else {
        tmp.persist_noclobber(path)
    };
    persisted.map(|_| ()).map_err(|e| e.error)
}

/// A folder written in full beside its destination, then put in its place in one step, so
/// the destination holds what it held before or the complete new content, also when the
/// process is killed or the disk fills up meanwhile.
///
/// The stage is a hidden sibling of the destination (`.thutuc-stage-…`, same file system,
/// so the final step is a rename). Files the destination already holds are carried into the
/// stage as hard links (copies where a link is refused), so what the new content does not
/// replace stays. [`StagedDir::commit`] makes the whole stage durable with one flush of the
/// file system (`syncfs` on Linux) instead of one sync per file, then swaps it with the
/// destination (`renameat2(RENAME_EXCHANGE)` on Linux, atomic; elsewhere two renames).
/// Dropped without `commit`, the stage is removed and the destination is untouched.
#[derive(Debug)]
pub struct StagedDir {
    target: PathBuf,
    stage: Option<tempfile::TempDir>,
    written: Vec<PathBuf>,
}

impl StagedDir {
    /// Begins staging a new content for the folder `target` (which need not exist yet).
    pub fn new(target: &Path) -> std::io::Result<StagedDir> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(parent)?;
        let stage = tempfile::Builder::new()
            .prefix(".thutuc-stage-")
            .tempdir_in(parent)?;
        match std::fs::symlink_metadata(target) {
            Ok(m) if m.is_dir() => {
                carry(target, stage.path())?;
                std::fs::set_permissions(stage.path(), m.permissions())?;
            }
            Ok(_) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    format!("{}: exists and is not a folder", target.display()),
                ));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                #[cfg(unix)]
                {
                    // tempfile creates 0700; a published catalogue is for everyone to read.
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::set_permissions(stage.path(), std::fs::Permissions::from_mode(0o755))?;
                }
            }
            Err(e) => return Err(e),
        }
        Ok(StagedDir {
            target: target.to_path_buf(),
            stage: Some(stage),
            written: Vec::new(),
        })
    }

    /// The stage folder (for tests and diagnostics).
    pub fn path(&self) -> &Path {
        self.stage.as_ref().expect("staged until commit").path()
    }

    /// Writes `bytes` at `rel` (a relative path of plain names) in the stage, creating its
    /// folders. A file carried over from the destination is replaced by a new file, never
    /// written through its hard link. Not synced: [`StagedDir::commit`] syncs everything.
    pub fn write(&mut self, rel: &Path, bytes: &[u8]) -> std::io::Result<()> {
        use std::path::Component;
        if rel.as_os_str().is_empty()
            || !rel.components().all(|c| matches!(c, Component::Normal(_)))
        {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{}: not a plain relative path", rel.display()),
            ));
        }
        let p = self.path().join(rel);
        let dir = p.parent().expect("joined path has a parent");
        std::fs::create_dir_all(dir)?;
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    format!("{}: is a folder", self.target.join(rel).display()),
                ));
            }
            Ok(_) => std::fs::remove_file(&p)?,
            Err(_) => {}
        }
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&p)?;
        f.write_all(bytes)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        self.written.push(rel.to_path_buf());
        Ok(())
    }

    /// Makes the stage durable, then puts it in place of the destination; the old content
    /// is removed afterwards. On error before the swap the destination is untouched.
    pub fn commit(mut self) -> std::io::Result<()> {
        let stage = self.stage.take().expect("staged until commit");
        sync_tree(stage.path(), &self.written)?;
        let stage = stage.keep();
        let swapped = match std::fs::symlink_metadata(&self.target) {
            Ok(_) => exchange(&stage, &self.target),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::rename(&stage, &self.target).map(|()| false)
            }
            Err(e) => Err(e),
        };
        let swapped = match swapped {
            Ok(s) => s,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&stage);
                return Err(e);
            }
        };
        if let Some(parent) = self.target.parent() {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            sync_dir(parent)?;
        }
        if swapped {
            // The old content, now at the stage's name: only links and replaced files.
            std::fs::remove_dir_all(&stage)?;
        }
        Ok(())
    }
}

/// Recreates the tree `from` under `to`: folders made, files hard-linked (copied where a link
/// is refused), symbolic links recreated. Anything else (a FIFO, a device) is refused rather
/// than dropped.
fn carry(from: &Path, to: &Path) -> std::io::Result<()> {
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let (src, dst) = (e.path(), to.join(e.file_name()));
        let t = e.file_type()?;
        if t.is_dir() {
            std::fs::create_dir(&dst)?;
            carry(&src, &dst)?;
            std::fs::set_permissions(&dst, std::fs::metadata(&src)?.permissions())?;
        } else if t.is_file() {
            if std::fs::hard_link(&src, &dst).is_err() {
                std::fs::copy(&src, &dst)?;
            }
        } else if t.is_symlink() {
            let link = std::fs::read_link(&src)?;
            #[cfg(unix)]
            std::os::unix::fs::symlink(link, &dst)?;
            #[cfg(not(unix))]
            {
                let _ = link;
                return Err(std::io::Error::other(format!(
                    "{}: symbolic links cannot be carried over here",
                    src.display()
                )));
            }
        } else {
            return Err(std::io::Error::other(format!(
                "{}: neither a file, a folder nor a symbolic link; not carried over",
                src.display()
            )));
        }
    }
    Ok(())
}

/// Flushes the stage to disk: on Linux one `syncfs` of its file system (every file and
/// folder written, at once); elsewhere every written file, then every folder.
fn sync_tree(root: &Path, written: &[PathBuf]) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let _ = written;
        let d = std::fs::File::open(root)?;
        // SAFETY: `d` is an open descriptor for the whole call.
        if unsafe { libc::syncfs(d.as_raw_fd()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let mut dirs = std::collections::BTreeSet::new();
        for rel in written {
            std::fs::File::open(root.join(rel))?.sync_all()?;
            let mut p = rel.parent();
            while let Some(d) = p {
                dirs.insert(root.join(d));
                p = d.parent();
            }
        }
        for d in dirs {
            sync_dir(&d)?;
        }
        Ok(())
    }
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Swaps the folders `a` and `b`; `Ok(true)` when `a` now holds `b`'s old content.
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let ca = std::ffi::CString::new(a.as_os_str().as_bytes())?;
        let cb = std::ffi::CString::new(b.as_os_str().as_bytes())?;
        // SAFETY: both are valid NUL-terminated paths for the whole call.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        if !matches!(e.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) {
            return Err(e);
        }
    }
    // Without an atomic exchange: the old content moves aside, then the new one in. Killed
    // between the two renames, the old content is kept under `a`'s name.
    let aside = a.with_extension("old");
    std::fs::rename(b, &aside)?;
    if let Err(e) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&aside, b);
        return Err(e);
    }
    std::fs::rename(&aside, a)?;
    Ok(true)
}
