//! Files as inputs: what a path is when it is not a regular file, why a file's content is not
//! available, and reading a file without ever waiting on it or reading past a size limit.
//!
//! Below every reader (catalogue, git, calendar, atomic writes) so that all of them refuse the
//! same things in the same words.

use crate::diag::Tr;
use crate::limits::human_size;
use crate::tr;
use std::path::Path;

/// Why a file's content is not available.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Larger than the limit.
    TooLarge(u64),
    /// A symbolic link (never followed: it could point outside the catalogue).
    Symlink,
    /// An I/O error.
    Io(String),
    /// A git object that cannot be read: damaged, or missing from the repository.
    Object {
        /// Missing rather than damaged.
        missing: bool,
        /// The object id.
        id: String,
    },
    /// A folder that cannot be listed (its files would be silently left out).
    Folder(String),
    /// A folder that is a symbolic link (never followed).
    LinkedFolder,
    /// A file, or anything else, where the catalogue has a folder (`procedures`, …).
    NotAFolder,
    /// A git submodule: its files are not in this repository.
    Submodule,
    /// Not a regular file: a folder, a named pipe, a socket or a device (never opened, since
    /// opening a pipe waits for a writer and a device such as `/dev/zero` never ends).
    NotAFile(Special),
}

impl FileProblem {
    /// Whether this describes a folder entry rather than a file's content.
    pub fn is_structural(&self) -> bool {
        matches!(
            self,
            FileProblem::Folder(_)
                | FileProblem::LinkedFolder
                | FileProblem::NotAFolder
                | FileProblem::Submodule
        )
    }
}

/// What a path is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    /// A folder.
    Folder,
    /// A named pipe (FIFO).
    Fifo,
    /// A Unix socket.
    Socket,
    /// A character device (`/dev/zero`, a terminal).
    CharDevice,
    /// A block device (a disk).
    BlockDevice,
    /// A symbolic link (when links are not followed).
    Symlink,
}

impl Special {
    /// What `ft` is, or `None` for a regular file.
    pub fn of(ft: &std::fs::FileType) -> Option<Special> {
        if ft.is_file() {
            return None;
        }
        if ft.is_dir() {
            return Some(Special::Folder);
        }
        if ft.is_symlink() {
            return Some(Special::Symlink);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if ft.is_fifo() {
                return Some(Special::Fifo);
            }
            if ft.is_socket() {
                return Some(Special::Socket);
            }
            if ft.is_block_device() {
                return Some(Special::BlockDevice);
            }
        }
        Some(Special::CharDevice)
    }

    /// Its name in words, e.g. "a named pipe (FIFO)".
    pub fn name(self) -> Tr {
        match self {
            Special::Folder => tr!("a folder", "một thư mục"),
            Special::Fifo => tr!("a named pipe (FIFO)", "một đường ống có tên (FIFO)"),
            Special::Socket => tr!("a socket", "một socket"),
            Special::CharDevice => tr!("a device", "một thiết bị"),
            Special::BlockDevice => tr!("a disk device", "một thiết bị ổ đĩa"),
            Special::Symlink => tr!("a symbolic link", "một liên kết tượng trưng"),
        }
    }
}

impl FileProblem {
    /// Why the file was not read, in words; `max` is the size limit that was in force.
    pub fn message(&self, max: u64) -> Tr {
        match self {
            FileProblem::TooLarge(n) => {
                let (size, limit) = (human_size(*n), human_size(max));
                // 4 MiB + 1 byte prints as "4.0 MiB": then the exact counts say more.
                let (size, limit) = if size.replace(".0 ", " ") == limit {
                    (format!("{n} bytes"), format!("{max} bytes"))
                } else {
                    (size, limit)
                };
                tr!(
                    "this file is too large ({size}; the limit `max_file_size` is {limit})",
                    "tệp quá lớn ({size}; giới hạn `max_file_size` là {limit})"
                )
            }
            FileProblem::Symlink => tr!(
                "this file is a symbolic link; links are not followed",
                "tệp này là liên kết tượng trưng; liên kết không được đọc"
            ),
            FileProblem::Io(e) => Tr {
                en: format!("this file cannot be read: {e}"),
                vi: format!("không đọc được tệp: {}", crate::messages::os_error_vi(e)),
            },
            FileProblem::Object { missing: true, id } => tr!(
                "this file's content (git object {id}) is missing from the repository",
                "nội dung của tệp này (đối tượng git {id}) không có trong kho git"
            ),
            FileProblem::Object { missing: false, id } => tr!(
                "this file's content (git object {id}) is damaged and cannot be decoded",
                "nội dung của tệp này (đối tượng git {id}) bị hỏng, không giải mã được"
            ),
            FileProblem::Folder(e) => Tr {
                en: format!("this folder cannot be read ({e}): its files would be left out"),
                vi: format!(
                    "không đọc được thư mục này ({}): các tệp trong đó sẽ bị bỏ sót",
                    crate::messages::os_error_vi(e)
                ),
            },
            FileProblem::LinkedFolder => tr!(
                "this folder is a symbolic link; links are not followed",
                "thư mục này là liên kết tượng trưng; liên kết không được đọc"
            ),
            FileProblem::NotAFolder => tr!(
                "this must be a folder, but it is a file",
                "mục này phải là một thư mục nhưng lại là một tệp"
            ),
            FileProblem::Submodule => tr!(
                "this is a git submodule: its files are not in this repository",
                "đây là một git submodule: các tệp của nó không nằm trong kho git này"
            ),
            FileProblem::NotAFile(k) => {
                let Tr { en, vi } = k.name();
                tr!(
                    "this is {en}, not a file: it is not read",
                    "đây là {vi}, không phải một tệp: không đọc"
                )
            }
        }
    }
}

/// Reads a file, refusing it without reading when it is larger than `max` or is not a
/// regular file (a folder, a named pipe, a socket, a device).
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, FileProblem> {
    use std::io::Read;
    let io = |e: std::io::Error| FileProblem::Io(e.to_string());
    // Looked at before opening: opening a named pipe waits for a writer, and a device such
    // as /dev/zero never ends.
    let meta = std::fs::metadata(path).map_err(io)?;
    if let Some(k) = Special::of(&meta.file_type()) {
        return Err(FileProblem::NotAFile(k));
    }
    let f = open_nonblocking(path).map_err(io)?;
    // Looked at again on the open file: the path may have been replaced meanwhile.
    let meta = f.metadata().map_err(io)?;
    if let Some(k) = Special::of(&meta.file_type()) {
        return Err(FileProblem::NotAFile(k));
    }
    let len = meta.len();
    if len > max {
        return Err(FileProblem::TooLarge(len));
    }
    let mut buf = Vec::with_capacity(len as usize);
    // `take` guards against a file that grows while we read it.
    f.take(max + 1).read_to_end(&mut buf).map_err(io)?;
    if buf.len() as u64 > max {
        return Err(FileProblem::TooLarge(buf.len() as u64));
    }
    Ok(buf)
}

/// Opens a file for reading without ever waiting: with `O_NONBLOCK` a named pipe swapped in
/// after the check opens at once (and is then refused) instead of waiting for a writer.
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    o.open(path)
}
