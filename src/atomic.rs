//! Writing files: one policy for every output (the decision, the importer's catalogue and
//! any later writer), atomic writes, and temporary files that never outlive the run.
//!
//! The policy ([`check_output_file`], [`check_output_dir`], [`check_output_in`]): the path is
//! resolved component by component, absolute or relative; a component that is a symbolic
//! link is refused (it could point anywhere); so is a target that is not a regular file (a
//! device such as `/dev/null`, a named pipe, a socket, a folder), since replacing it by
//! renaming over it would destroy it; and a relative path that resolves outside the current
//! folder (`../x`) is refused, while an absolute path without links may name any folder.
//!
//! Temporary files are named `.thutuc-<pid>-<random>.tmp` and registered while they exist:
//! on SIGINT, SIGTERM or SIGHUP they are removed before the process ends with that signal,
//! and the files of an earlier run that was killed outright (SIGKILL) are removed by the
//! next write into the same folder, once the process that made them is gone.

use crate::diag::Tr;
use crate::files::Special;
use crate::tr;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};

/// An output path the policy refuses (a usage error, exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// Why, in both languages.
    pub message: Tr,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message.en)
    }
}

impl std::error::Error for Refused {}

fn refused(message: Tr) -> Refused {
    Refused { message }
}

/// What is at a resolved path.
enum Found {
    Nothing,
    File,
    Folder,
    Other(Special),
}

/// Resolves `path` to an absolute path with no symbolic link in it, checking every
/// component that exists: each must be a real folder, except the last, which is returned
/// with what it is. A relative path must stay inside the current folder.
fn resolve(path: &Path) -> Result<(PathBuf, Found), Refused> {
    let shown = path.display().to_string();
    let cwd = std::env::current_dir().map_err(|e| {
        let e = e.to_string();
        refused(tr!(
            "the current folder cannot be read: {e}",
            "không đọc được thư mục hiện tại: {e}"
        ))
    })?;
    let mut at = if path.is_absolute() {
        PathBuf::from("/")
    } else {
        cwd.clone()
    };
    let mut found = Found::Folder;
    let mut missing = false;
    // The path as given, up to the component being looked at (for messages).
    let mut given = PathBuf::new();
    for c in path.components() {
        given.push(c);
        match c {
            Component::Prefix(_) | Component::RootDir | Component::CurDir => continue,
            // No component so far is a link, so the lexical parent is the real one.
            Component::ParentDir => {
                at.pop();
                found = Found::Folder;
                continue;
            }
            Component::Normal(name) => {
                if let Found::File | Found::Other(_) = found {
                    given.pop();
                    let p = given.display().to_string();
                    return Err(refused(tr!(
                        "{shown}: {p} is not a folder",
                        "{shown}: {p} không phải là thư mục"
                    )));
                }
                at.push(name);
            }
        }
        if missing {
            found = Found::Nothing;
            continue;
        }
        found = match std::fs::symlink_metadata(&at) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                missing = true;
                Found::Nothing
            }
            Err(e) => {
                let (p, e) = (given.display().to_string(), e.to_string());
                return Err(refused(tr!(
                    "{shown}: {p} cannot be read: {e}",
                    "{shown}: không đọc được {p}: {e}"
                )));
            }
            Ok(m) => match Special::of(&m.file_type()) {
                None => Found::File,
                Some(Special::Folder) => Found::Folder,
                Some(Special::Symlink) => {
                    let p = given.display().to_string();
                    return Err(refused(tr!(
                        "{shown}: {p} is a symbolic link; thutuc never writes through a link (it could point anywhere)",
                        "{shown}: {p} là liên kết tượng trưng; thutuc không bao giờ ghi qua liên kết (nó có thể trỏ tới bất cứ đâu)"
                    )));
                }
                Some(k) => Found::Other(k),
            },
        };
    }
    if path.is_relative() && !at.starts_with(&cwd) {
        return Err(refused(tr!(
            "{shown}: the output must stay inside the current folder (to write elsewhere, give an absolute path without links)",
            "{shown}: tệp ghi ra phải nằm trong thư mục hiện tại (muốn ghi nơi khác, hãy ghi đường dẫn tuyệt đối không qua liên kết)"
        )));
    }
    Ok((at, found))
}

fn not_a_regular_file(shown: &str, k: Special) -> Refused {
    let Tr { en, vi } = k.name();
    refused(tr!(
        "{shown} is {en}, not a regular file: thutuc never replaces it",
        "{shown} là {vi}, không phải tệp thông thường: thutuc không bao giờ thay thế nó"
    ))
}

fn exists(shown: &str) -> Refused {
    refused(tr!(
        "{shown} already exists: pass --force to replace it",
        "{shown} đã tồn tại: dùng --force để thay thế"
    ))
}

/// Checks a file to write (`decision -o OUT`) against the policy and returns its resolved,
/// absolute path. It must name a file whose folder exists; if the file exists it must be a
/// regular file, and `force` must be given.
pub fn check_output_file(path: &Path, force: bool) -> Result<PathBuf, Refused> {
    let shown = path.display().to_string();
    if !matches!(path.components().next_back(), Some(Component::Normal(_))) {
        return Err(refused(tr!(
            "{shown}: name a file to write",
            "{shown}: hãy ghi tên một tệp để ghi ra"
        )));
    }
    let (at, found) = resolve(path)?;
    match found {
        Found::Folder => {
            return Err(refused(tr!(
                "{shown} is a folder: name a file to write",
                "{shown} là một thư mục: hãy ghi tên một tệp để ghi ra"
            )));
        }
        Found::Other(k) => return Err(not_a_regular_file(&shown, k)),
        Found::File if !force => return Err(exists(&shown)),
        Found::File => {}
        Found::Nothing => {
            let parent = at.parent().unwrap_or(Path::new("/"));
            if !parent.is_dir() {
                let p = parent.display().to_string();
                return Err(refused(tr!(
                    "{shown}: the folder {p} does not exist",
                    "{shown}: thư mục {p} không tồn tại"
                )));
            }
        }
    }
    Ok(at)
}

/// Checks a folder to write into (`import -o DIR`) and returns its resolved, absolute path:
/// no link on the way, and if it exists it is a folder. Files inside it are checked with
/// [`check_output_in`].
pub fn check_output_dir(path: &Path) -> Result<PathBuf, Refused> {
    let shown = path.display().to_string();
    let (at, found) = resolve(path)?;
    match found {
        Found::Folder | Found::Nothing => Ok(at),
        Found::File => Err(refused(tr!(
            "{shown} exists and is not a folder",
            "{shown} đã tồn tại và không phải là thư mục"
        ))),
        Found::Other(k) => {
            let Tr { en, vi } = k.name();
            Err(refused(tr!(
                "{shown} is {en}, not a folder",
                "{shown} là {vi}, không phải thư mục"
            )))
        }
    }
}

/// Checks the file `rel` inside an output folder that [`check_output_dir`] returned: no
/// link and no non-folder on the way (a linked subfolder would be written through), the file
/// itself absent or, with `force`, a regular file. Returns the path to write.
pub fn check_output_in(dir: &Path, rel: &Path, force: bool) -> Result<PathBuf, Refused> {
    let mut at = dir.to_path_buf();
    let comps: Vec<Component> = rel.components().collect();
    let shown = dir.join(rel).display().to_string();
    for (i, c) in comps.iter().enumerate() {
        let Component::Normal(name) = c else {
            return Err(refused(tr!(
                "{shown}: a file to write inside the output folder must not climb out of it",
                "{shown}: tệp ghi ra không được nằm ngoài thư mục đầu ra"
            )));
        };
        at.push(name);
        let last = i + 1 == comps.len();
        let Ok(m) = std::fs::symlink_metadata(&at) else {
            break;
        };
        let p = at.display().to_string();
        match Special::of(&m.file_type()) {
            Some(Special::Symlink) => {
                return Err(refused(tr!(
                    "{p} is a symbolic link; thutuc never writes through a link (it could point anywhere)",
                    "{p} là liên kết tượng trưng; thutuc không bao giờ ghi qua liên kết (nó có thể trỏ tới bất cứ đâu)"
                )));
            }
            Some(Special::Folder) if !last => {}
            Some(k) if last => return Err(not_a_regular_file(&p, k)),
            None if last && !force => return Err(exists(&p)),
            None if last => {}
            _ => {
                return Err(refused(tr!(
                    "{p} is not a folder",
                    "{p} không phải là thư mục"
                )));
            }
        }
    }
    Ok(at)
}

/// Creates the folder `rel` inside an output folder (and the output folder itself), then
/// checks that no part of it is a link, so that nothing is written through one that
/// appeared meanwhile.
pub fn create_dirs_in(dir: &Path, rel: &Path) -> std::io::Result<()> {
    let full = dir.join(rel);
    std::fs::create_dir_all(&full)?;
    let mut at = dir.to_path_buf();
    for c in rel.components() {
        at.push(c);
        if std::fs::symlink_metadata(&at)?.file_type().is_symlink() {
            return Err(std::io::Error::other(format!(
                "{} is a symbolic link; not written through",
                at.display()
            )));
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename:
/// readers see the old file or the new one, never half of one, and on any error the
/// temporary file is removed. Without `force` the rename refuses to replace a file that
/// appeared meanwhile; with it, only a regular file is replaced (never a link, a device or a
/// pipe that appeared since the path was checked).
pub fn write(path: &Path, bytes: &[u8], force: bool) -> std::io::Result<()> {
    let mut pending = begin(path)?;
    pending.file().write_all(bytes)?;
    pending.commit(force)
}

/// A temporary file being written, registered for removal on a signal.
pub struct Pending {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
}

/// Starts writing `path`: creates and registers its temporary file in the same folder
/// (after removing the stale temporary files of earlier killed runs there).
pub fn begin(path: &Path) -> std::io::Result<Pending> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    sweep_stale(parent);
    install_signal_cleanup();
    let mut temps = registry();
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".thutuc-{}-", std::process::id()))
        .suffix(".tmp")
        .tempfile_in(parent)?;
    temps.push(tmp.path().to_path_buf());
    drop(temps);
    Ok(Pending {
        tmp,
        target: path.to_path_buf(),
    })
}

impl Pending {
    /// The open temporary file.
    pub fn file(&mut self) -> &mut std::fs::File {
        self.tmp.as_file_mut()
    }

    /// Where the temporary file is.
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Flushes the file to disk and renames it over the target.
    pub fn commit(self, force: bool) -> std::io::Result<()> {
        let Pending { tmp, target } = self;
        let tmp_path = tmp.path().to_path_buf();
        let result = (|| {
            tmp.as_file().sync_all()?;
            #[cfg(unix)]
            {
                // tempfile creates 0600; a published document is for everyone to read.
                use std::os::unix::fs::PermissionsExt;
                tmp.as_file()
                    .set_permissions(std::fs::Permissions::from_mode(0o644))?;
            }
            if let Ok(m) = std::fs::symlink_metadata(&target)
                && let Some(k) = Special::of(&m.file_type())
            {
                let what = k.name().en;
                return Err(std::io::Error::other(format!(
                    "{} is {what}, not a regular file: not replaced",
                    target.display()
                )));
            }
            // Held across the rename, so that a signal's cleanup and the rename never race.
            let mut temps = registry();
            let persisted = if force {
                tmp.persist(&target)
            } else {
                tmp.persist_noclobber(&target)
            };
            temps.retain(|p| p != &tmp_path);
            persisted.map(|_| ()).map_err(|e| e.error)
        })();
        if result.is_err() {
            registry().retain(|p| p != &tmp_path);
        }
        result
    }
}

/// The temporary files of this process that exist right now.
fn registry() -> MutexGuard<'static, Vec<PathBuf>> {
    static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    TEMPS.lock().unwrap_or_else(|e| e.into_inner())
}

/// The temporary files this process has registered and not yet renamed or removed.
pub fn registered() -> Vec<PathBuf> {
    registry().clone()
}

/// Removes every registered temporary file and returns how many were removed. The
/// registry stays locked until the process ends when `hold` is set (a signal's cleanup:
/// no rename may start after it).
pub fn remove_registered(hold: bool) -> usize {
    let mut temps = registry();
    let removed = temps
        .drain(..)
        .filter(|p| std::fs::remove_file(p).is_ok())
        .count();
    if hold {
        std::mem::forget(temps);
    }
    removed
}

/// Installs, once, a thread that on SIGINT, SIGTERM or SIGHUP removes the registered
/// temporary files, then ends the process as that signal would have (exit status 130, 143,
/// 129 in a shell). The signal handler itself only wakes the thread, so no file is removed
/// from inside a handler.
pub fn install_signal_cleanup() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("thutuc-signals".into())
                .spawn(move || {
                    if let Some(sig) = signals.forever().next() {
                        remove_registered(true);
                        remove_stages();
                        let _ = signal_hook::low_level::emulate_default_handler(sig);
                        std::process::exit(128 + sig);
                    }
                });
        }
    });
}

/// The stage folders of this process that exist right now ([`StagedDir`]).
fn stages() -> MutexGuard<'static, Vec<PathBuf>> {
    static STAGES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    STAGES.lock().unwrap_or_else(|e| e.into_inner())
}

/// A signal's cleanup: removes every stage folder of this process and keeps the list locked
/// until the process ends, so no stage is swapped into place after it.
fn remove_stages() {
    let mut s = stages();
    for p in s.drain(..) {
        let _ = std::fs::remove_dir_all(p);
    }
    std::mem::forget(s);
}

/// The process id in the name of one of our temporary files (`.thutuc-<pid>-<random>.tmp`).
pub fn temp_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".thutuc-")?.strip_suffix(".tmp")?;
    let (pid, random) = rest.split_once('-')?;
    if random.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok().filter(|&p| p > 0)
}

/// Whether a process with this id exists (one of another user counts as existing).
fn alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Removes, once per folder and run, the temporary files that an earlier run killed
/// outright (SIGKILL, a power cut) left in `dir`: only regular files named as ours whose
/// process is gone. Returns how many were removed.
pub fn sweep_stale(dir: &Path) -> usize {
    static SWEPT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|e| e.into_inner());
        let key = dir.to_path_buf();
        if swept.contains(&key) {
            return 0;
        }
        swept.push(key);
    }
    sweep_owned(
        dir,
        temp_owner,
        |t| t.is_file(),
        |p| std::fs::remove_file(p),
    )
}

/// Removes the entries of `dir` that `owner` names as ours, of the kind `kind` (never a
/// link), whose process is gone; how many were removed.
fn sweep_owned(
    dir: &Path,
    owner: fn(&str) -> Option<u32>,
    kind: fn(&std::fs::FileType) -> bool,
    remove: fn(&Path) -> std::io::Result<()>,
) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let me = std::process::id();
    entries
        .flatten()
        .filter(|e| {
            let Some(pid) = e.file_name().to_str().and_then(owner) else {
                return false;
            };
            pid != me
                && e.file_type().is_ok_and(|t| kind(&t))
                && !alive(pid)
                && remove(&e.path()).is_ok()
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_carry_the_pid() {
        assert_eq!(temp_owner(".thutuc-4242-a1B2c3.tmp"), Some(4242));
        for other in [
            ".thutuc-a1B2c3.tmp",
            ".thutuc--x.tmp",
            ".thutuc-12-.tmp",
            "thutuc-12-x.tmp",
            ".thutuc-12-x.json",
            ".thutuc-0-x.tmp",
        ] {
            assert_eq!(temp_owner(other), None, "{other}");
        }
    }

    #[test]
    fn registered_temp_files_are_removed_by_the_cleanup() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("quyet-dinh.json");
        let mut p = begin(&target).unwrap();
        p.file().write_all(b"{}").unwrap();
        let tmp = p.path().to_path_buf();
        let name = tmp.file_name().unwrap().to_str().unwrap().to_string();
        assert_eq!(temp_owner(&name), Some(std::process::id()));
        assert!(registered().contains(&tmp));
        // What the signal thread does, without ending the test process.
        assert!(remove_registered(false) >= 1);
        assert!(!tmp.exists());
        assert!(!registered().contains(&tmp));
        // A committed file is no longer registered, and the target is complete.
        let mut p = begin(&target).unwrap();
        p.file().write_all(b"{\"ok\":1}").unwrap();
        let tmp = p.path().to_path_buf();
        p.commit(false).unwrap();
        assert!(!registered().contains(&tmp));
        assert_eq!(std::fs::read(&target).unwrap(), b"{\"ok\":1}");
    }

    #[test]
    fn stale_files_of_dead_processes_are_swept_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = dir.path().join(format!(".thutuc-{dead}-AbC123.tmp"));
        let live = dir
            .path()
            .join(format!(".thutuc-{}-AbC123.tmp", std::process::id()));
        let other = dir.path().join(".thutuc-AbC123.tmp");
        for p in [&stale, &live, &other] {
            std::fs::write(p, b"partial").unwrap();
        }
        assert_eq!(sweep_stale(dir.path()), 1);
        assert!(!stale.exists());
        assert!(live.exists() && other.exists());
    }

    #[test]
    fn stale_stages_of_dead_processes_are_swept_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        assert_eq!(
            stage_owner(&format!(".thutuc-stage-{dead}-AbC123")),
            Some(dead)
        );
        for bad in [
            ".thutuc-stage-AbC123",
            ".thutuc-stage--x",
            ".thutuc-stage-12-",
        ] {
            assert_eq!(stage_owner(bad), None, "{bad}");
        }
        let stale = dir.path().join(format!(".thutuc-stage-{dead}-AbC123"));
        let live = dir
            .path()
            .join(format!(".thutuc-stage-{}-AbC123", std::process::id()));
        let old_style = dir.path().join(".thutuc-stage-AbC123");
        for p in [&stale, &live, &old_style] {
            std::fs::create_dir_all(p.join("procedures")).unwrap();
            std::fs::write(p.join("procedures/x.yaml"), b"partial").unwrap();
        }
        // A file (not a folder) with a stage's name is not ours to remove.
        let file = dir.path().join(format!(".thutuc-stage-{dead}-File12"));
        std::fs::write(&file, b"x").unwrap();
        assert_eq!(sweep_stale_stages(dir.path()), 1);
        assert!(!stale.exists());
        assert!(live.exists() && old_style.exists() && file.exists());
    }

    #[test]
    fn write_refuses_to_replace_what_is_not_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let ok = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(ok.success());
        let e = write(&fifo, b"x", true).unwrap_err();
        assert!(e.to_string().contains("named pipe"), "{e}");
        let m = std::fs::symlink_metadata(&fifo).unwrap();
        assert_eq!(Special::of(&m.file_type()), Some(Special::Fifo));
        // Nothing is left behind.
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn the_policy_resolves_every_component() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("link")).unwrap();
        let abs_link = dir.path().join("link/x.json");
        let e = check_output_file(&abs_link, false).unwrap_err();
        assert!(e.message.en.contains("symbolic link"), "{e}");
        let ok = check_output_file(&real.join("x.json"), false).unwrap();
        assert_eq!(ok, real.join("x.json"));
        let e = check_output_file(Path::new("/dev/null"), true).unwrap_err();
        assert!(e.message.en.contains("a device"), "{e}");
        let e = check_output_file(&dir.path().join("nope/x.json"), false).unwrap_err();
        assert!(e.message.en.contains("does not exist"), "{e}");
        let e = check_output_file(&real, true).unwrap_err();
        assert!(e.message.en.contains("is a folder"), "{e}");
        let e = check_output_dir(&dir.path().join("link/sub")).unwrap_err();
        assert!(e.message.en.contains("symbolic link"), "{e}");
        std::fs::create_dir(real.join("sub")).unwrap();
        std::os::unix::fs::symlink(&real, real.join("sub/linked")).unwrap();
        let e = check_output_in(&real, Path::new("sub/linked/x.yaml"), true).unwrap_err();
        assert!(e.message.en.contains("symbolic link"), "{e}");
        assert!(check_output_in(&real, Path::new("sub/new/x.yaml"), false).is_ok());
    }
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
        StagedDir::new_replacing(target, &|_| false)
    }

    /// As [`StagedDir::new`], but the files of `target` for which `replaced` holds (given
    /// their path relative to `target`) are not carried over: the new content replaces
    /// them whether it writes them again or not.
    pub fn new_replacing(
        target: &Path,
        replaced: &dyn Fn(&Path) -> bool,
    ) -> std::io::Result<StagedDir> {
        install_signal_cleanup();
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(parent)?;
        sweep_stale_stages(parent);
        // The pid in the name lets a later run remove the stage of a run killed outright.
        // Registered before it exists, so a signal never leaves it behind; the list stays
        // locked while the stage is filled, so a signal's cleanup never races a writer.
        let mut list = stages();
        let stage = tempfile::Builder::new()
            .prefix(&format!(".thutuc-stage-{}-", std::process::id()))
            .tempdir_in(parent)?;
        list.push(stage.path().to_path_buf());
        match std::fs::symlink_metadata(target) {
            Ok(m) if m.is_dir() => {
                carry(target, stage.path(), Path::new(""), replaced)?;
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
        drop(list);
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
        // A signal's cleanup takes this lock for good: no file is written after it.
        let _writing = stages();
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
        // Under the list's lock: a signal's cleanup waits for the swap, then removes what
        // the stage's name holds (the old content), never a half-swapped pair.
        let mut list = stages();
        let swapped = match std::fs::symlink_metadata(&self.target) {
            Ok(_) => exchange(&stage, &self.target),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::rename(&stage, &self.target).map(|()| false)
            }
            Err(e) => Err(e),
        };
        if !matches!(swapped, Ok(true)) {
            list.retain(|p| *p != stage);
        }
        drop(list);
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
            stages().retain(|p| *p != stage);
        }
        Ok(())
    }
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        // Not committed: the stage is removed by its `TempDir`; forget it here.
        if let Some(s) = &self.stage {
            let p = s.path().to_path_buf();
            stages().retain(|x| *x != p);
        }
    }
}

/// The process id in the name of a stage folder (`.thutuc-stage-<pid>-<random>`).
pub fn stage_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".thutuc-stage-")?;
    let (pid, random) = rest.split_once('-')?;
    if random.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok().filter(|&p| p > 0)
}

/// Removes the stage folders that an import killed outright (SIGKILL, a power cut) left in
/// `dir`, with the policy of [`sweep_stale`]: only real folders (never a link) named as ours
/// whose process is gone. A stage holds only new files and hard links to the destination's
/// files (or, killed after the swap, the old content), so removing it loses nothing the
/// destination holds. Returns how many were removed.
pub fn sweep_stale_stages(dir: &Path) -> usize {
    sweep_owned(
        dir,
        stage_owner,
        |t| t.is_dir(),
        |p| std::fs::remove_dir_all(p),
    )
}

/// Recreates the tree `from` under `to`: folders made, files hard-linked (copied where a link
/// is refused), symbolic links recreated. Anything else (a FIFO, a device) is refused rather
/// than dropped.
fn carry(
    from: &Path,
    to: &Path,
    rel: &Path,
    replaced: &dyn Fn(&Path) -> bool,
) -> std::io::Result<()> {
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let (src, dst) = (e.path(), to.join(e.file_name()));
        let here = rel.join(e.file_name());
        let t = e.file_type()?;
        if t.is_dir() {
            std::fs::create_dir(&dst)?;
            carry(&src, &dst, &here, replaced)?;
            // A folder whose every file is replaced is not kept empty (a field the new
            // content no longer has); a folder that was empty stays.
            let empty = |p: &Path| std::fs::read_dir(p).map(|mut d| d.next().is_none());
            if empty(&dst)? && !empty(&src)? {
                std::fs::remove_dir(&dst)?;
                continue;
            }
            std::fs::set_permissions(&dst, std::fs::metadata(&src)?.permissions())?;
        } else if t.is_file() && replaced(&here) {
            continue;
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
