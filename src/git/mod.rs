//! Reading a catalogue at any git revision, straight from the object database: nothing is
//! checked out, and the repository is never written to.

use crate::catalogue::{FileProblem, InputFile};
use crate::diag::{Lang, Tr};
use crate::limits::Limits;
use crate::tr;
use git2::{Delta, DiffOptions, ObjectType, Oid, Repository, Tree, TreeWalkResult};
use std::path::{Path, PathBuf};

/// A git problem (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// The catalogue is not inside a git repository.
    #[error("{0} is not inside a git repository")]
    NoRepo(PathBuf),
    /// The repository belongs to another user, and git refuses to read it (its
    /// `safe.directory` protection).
    #[error("the git repository at {0} belongs to another user: git refuses to read it")]
    NotOwned(PathBuf),
    /// The revision does not name a commit.
    #[error("unknown revision `{spec}`: no commit, tag or branch has this name{hint}")]
    UnknownRevision {
        /// What was asked.
        spec: String,
        /// A did-you-mean, with its leading separator.
        hint: String,
        /// The repository's tags, newest name last, to choose from.
        tags: Vec<String>,
        /// The manifest's baseline, usable as `baseline`.
        baseline: Option<String>,
    },
    /// The repository has no commit yet.
    #[error("the repository has no commits yet (the branch is unborn): commit the catalogue first")]
    Unborn,
    /// The catalogue folder does not exist at that revision.
    #[error("there is no catalogue at `{prefix}` in {rev}")]
    NoCatalogue {
        /// Revision label.
        rev: String,
        /// Catalogue path in the repository.
        prefix: String,
    },
    /// An object of the repository is damaged (a truncated loose object, a corrupted pack).
    #[error("the repository is damaged: a git object cannot be decoded ({detail})")]
    CorruptObject {
        /// What libgit2 said.
        detail: String,
    },
    /// An object the history needs is not in the repository (a deleted pack file).
    #[error("the repository is incomplete: a git object it needs is missing ({detail})")]
    MissingObject {
        /// What libgit2 said.
        detail: String,
    },
    /// The revision lies beyond the history of a shallow clone.
    #[error(
        "`{spec}` lies beyond the history of this shallow clone: the commits before it were not fetched"
    )]
    Shallow {
        /// What was asked.
        spec: String,
    },
    /// A branch or tag points to an object that is not in the repository.
    #[error(
        "the branch or tag `{name}` is broken: it points to {id}, which is not in the repository"
    )]
    DanglingRef {
        /// The reference's name.
        name: String,
        /// The id it holds.
        id: String,
    },
    /// `HEAD` cannot be read.
    #[error("HEAD cannot be read: {detail}")]
    BrokenHead {
        /// What libgit2 said.
        detail: String,
    },
    /// Anything else libgit2 reports.
    #[error("git: {}", .0.message())]
    Git(git2::Error),
}

impl From<git2::Error> for GitError {
    fn from(e: git2::Error) -> GitError {
        fault(e)
    }
}

/// Names the fault behind a libgit2 error: a damaged or a missing object, else the error.
pub fn fault(e: git2::Error) -> GitError {
    use git2::{ErrorClass, ErrorCode};
    let detail = e.message().to_string();
    match (e.class(), e.code()) {
        (ErrorClass::Odb, ErrorCode::NotFound) => GitError::MissingObject { detail },
        (ErrorClass::Odb | ErrorClass::Zlib | ErrorClass::Object, _) => {
            GitError::CorruptObject { detail }
        }
        _ => GitError::Git(e),
    }
}

impl GitError {
    /// The message and a hint, in both languages.
    pub fn tr(&self) -> (Tr, Option<Tr>) {
        match self {
            GitError::NoRepo(p) => {
                let p = p.display();
                (
                    tr!(
                        "{p} is not inside a git repository",
                        "{p} không nằm trong một kho git"
                    ),
                    Some(tr!(
                        "revisions need the catalogue's git repository; a folder can be compared by its path",
                        "so sánh phiên bản cần kho git của danh mục; có thể so sánh thư mục bằng đường dẫn"
                    )),
                )
            }
            GitError::NotOwned(p) => {
                let p = p.display();
                (
                    tr!(
                        "the git repository at {p} belongs to another user: git refuses to read it (its `safe.directory` protection)",
                        "kho git tại {p} thuộc về người dùng khác: git từ chối đọc (cơ chế bảo vệ `safe.directory`)"
                    ),
                    Some(tr!(
                        "run as the repository's owner, or, if you trust it, allow it: git config --global --add safe.directory {p}",
                        "hãy chạy bằng người dùng sở hữu kho, hoặc nếu tin cậy kho này, cho phép đọc: git config --global --add safe.directory {p}"
                    )),
                )
            }
            GitError::UnknownRevision {
                spec,
                hint,
                tags,
                baseline,
            } => {
                let vi_hint = hint.replace("did you mean", "có phải là");
                let tags = if tags.is_empty() {
                    tr!("the repository has no tags", "kho git chưa có thẻ nào")
                } else {
                    let t = tags.join(", ");
                    tr!("tags: {t}", "các thẻ: {t}")
                };
                let base = match baseline {
                    Some(b) => {
                        let b: String = b.chars().take(7).collect();
                        tr!(
                            "; `baseline` names the catalogue's baseline ({b})",
                            "; `baseline` là mốc của danh mục ({b})"
                        )
                    }
                    None => tr!("", ""),
                };
                (
                    tr!(
                        "unknown revision `{spec}`: no commit, tag or branch has this name{hint}",
                        "không có phiên bản `{spec}`: không có commit, thẻ hay nhánh nào mang tên này{vi_hint}"
                    ),
                    Some(Tr {
                        en: format!(
                            "{}{}; a commit id, a branch or HEAD~N also work",
                            tags.en, base.en
                        ),
                        vi: format!(
                            "{}{}; cũng có thể dùng mã commit, tên nhánh hoặc HEAD~N",
                            tags.vi, base.vi
                        ),
                    }),
                )
            }
            GitError::Unborn => (
                tr!(
                    "the repository has no commits yet (the branch is unborn)",
                    "kho git chưa có commit nào (nhánh chưa được tạo)"
                ),
                Some(tr!(
                    "commit the catalogue first",
                    "hãy commit danh mục trước"
                )),
            ),
            GitError::NoCatalogue { rev, prefix } => (
                tr!(
                    "there is no catalogue at `{prefix}` in {rev}",
                    "không có danh mục tại `{prefix}` trong {rev}"
                ),
                None,
            ),
            GitError::CorruptObject { detail } => (
                tr!(
                    "the repository is damaged: a git object cannot be decoded ({detail})",
                    "kho git bị hỏng: không giải mã được một đối tượng git ({detail})"
                ),
                Some(tr!(
                    "run `git fsck` to find the damaged objects, then restore them from another clone",
                    "hãy chạy `git fsck` để tìm các đối tượng bị hỏng rồi khôi phục chúng từ một bản sao khác"
                )),
            ),
            GitError::MissingObject { detail } => (
                tr!(
                    "the repository is incomplete: a git object it needs is missing ({detail})",
                    "kho git không đầy đủ: thiếu một đối tượng git cần thiết ({detail})"
                ),
                Some(tr!(
                    "a pack or object file may have been deleted: run `git fsck`, then fetch the missing objects again from another clone",
                    "có thể một tệp pack hoặc tệp đối tượng đã bị xóa: hãy chạy `git fsck` rồi lấy lại các đối tượng còn thiếu từ một bản sao khác"
                )),
            ),
            GitError::Shallow { spec } => (
                tr!(
                    "`{spec}` lies beyond the history of this shallow clone: the commits before it were not fetched",
                    "`{spec}` nằm ngoài phần lịch sử của bản sao rút gọn (shallow clone) này: các commit trước đó chưa được tải về"
                ),
                Some(tr!(
                    "fetch the whole history with `git fetch --unshallow` (in CI: a checkout with full depth)",
                    "hãy tải toàn bộ lịch sử bằng `git fetch --unshallow` (trong CI: checkout với đủ độ sâu)"
                )),
            ),
            GitError::DanglingRef { name, id } => (
                tr!(
                    "the branch or tag `{name}` is broken: it points to {id}, which is not in the repository",
                    "nhánh hoặc thẻ `{name}` bị hỏng: nó trỏ tới {id}, không có trong kho git"
                ),
                Some(tr!(
                    "fetch the missing commit, or point `{name}` at an existing commit (`git branch -f {name} COMMIT`)",
                    "hãy tải commit còn thiếu hoặc trỏ `{name}` tới một commit có thật (`git branch -f {name} COMMIT`)"
                )),
            ),
            GitError::BrokenHead { detail } => (
                tr!(
                    "HEAD cannot be read: {detail}",
                    "không đọc được HEAD: {detail}"
                ),
                Some(tr!(
                    "the file .git/HEAD should hold `ref: refs/heads/BRANCH` or a commit id: repair it, e.g. with `git symbolic-ref HEAD refs/heads/main`",
                    "tệp .git/HEAD phải chứa `ref: refs/heads/NHANH` hoặc mã một commit: hãy sửa lại, ví dụ bằng `git symbolic-ref HEAD refs/heads/main`"
                )),
            ),
            GitError::Git(e) => {
                let m = e.message();
                (tr!("git: {m}", "lỗi git: {m}"), None)
            }
        }
    }

    /// The message and hint in `lang`, as printed on standard error.
    pub fn render(&self, lang: Lang) -> String {
        crate::messages::Localized::render(self, lang)
    }
}

impl crate::messages::Localized for GitError {
    fn tr(&self) -> (Tr, Option<Tr>) {
        GitError::tr(self)
    }
}

/// What a tree walk found at a revision without reading any file: the catalogue files, and
/// entries that can never be read (symbolic links, submodules, a file where a folder must be).
pub struct Listing {
    /// Catalogue files (`.yaml`, `.yml`): path, blob id and file mode.
    pub files: Vec<(String, Oid, i32)>,
    /// Entries that are not usable, as files whose content is the problem.
    pub problems: Vec<InputFile>,
}

/// A catalogue folder inside a git repository.
pub struct History {
    repo: Repository,
    /// The catalogue's path relative to the repository root ('' when it is the root).
    prefix: PathBuf,
    /// The catalogue folder on disk.
    dir: PathBuf,
}

/// A resolved revision.
#[derive(Debug, Clone)]
pub struct Rev {
    /// The commit.
    pub oid: Oid,
    /// How to show it: the spec and the short id.
    pub label: String,
}

/// A path that differs between two revisions, relative to the catalogue folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// The path before (None when added).
    pub old: Option<String>,
    /// The path after (None when deleted).
    pub new: Option<String>,
    /// The blob before (when `old` is set), with its file mode.
    pub old_blob: Option<(Oid, i32)>,
    /// The blob after (when `new` is set and it is in a commit, not the working tree).
    pub new_blob: Option<(Oid, i32)>,
}

/// The names of a revision's procedure files, as hashes, from one walk of its trees (see
/// [`History::names`]).
pub struct Names {
    // A seeded hash of good quality: two names that hash alike only raise a doubt (the files
    // are then read), and a random seed keeps a crafted tree from making every walk doubt.
    state: foldhash::quality::RandomState,
    stems: Stems,
    // The stems of the entries a walk of two revisions met on both sides, counted once and
    // shared by both sides' names (most of a catalogue is the same on both).
    common: Option<std::sync::Arc<Stems>>,
    // A problem entry, or two file names that hash alike, met on the walk (which stopped).
    doubt: bool,
    /// The path of the first file named after the code looked for, if any.
    pub found: Option<String>,
}

type Stems = std::collections::HashSet<u64, foldhash::fast::RandomState>;

/// What one tree entry tells the walk of names.
enum Mark {
    /// Nothing to count (a folder, a file that is not YAML, one outside `procedures/`).
    Nothing,
    /// A submodule, a symlinked YAML file, or a file where a catalogue folder belongs.
    Problem,
    /// A YAML file under `procedures/`: the hash of its name without the extension.
    Stem(u64),
}

impl Names {
    fn new(state: foldhash::quality::RandomState) -> Names {
        Names {
            state,
            stems: Stems::with_capacity_and_hasher(1024, Default::default()),
            common: None,
            doubt: false,
            found: None,
        }
    }

    /// What `entry`, met at `root` (the folder's path with a trailing `/`, or empty for the
    /// catalogue folder itself), counts for.
    fn mark(&self, root: &str, entry: &git2::TreeEntry<'_>) -> Mark {
        use std::hash::BuildHasher;
        let name = String::from_utf8_lossy(entry.name_bytes());
        let mode = entry.filemode();
        let kind = entry.kind();
        let yaml =
            kind == Some(ObjectType::Blob) && (name.ends_with(".yaml") || name.ends_with(".yml"));
        if mode == GITLINK_MODE
            || (root.is_empty()
                && kind != Some(ObjectType::Tree)
                && crate::catalogue::FOLDERS.contains(&name.as_ref()))
            || (yaml && mode == LINK_MODE)
        {
            Mark::Problem
        } else if yaml && root.starts_with("procedures/") {
            Mark::Stem(self.state.hash_one(crate::catalogue::file_stem(&name)))
        } else {
            Mark::Nothing
        }
    }

    /// Counts one entry met at `root` (see [`mark`](Self::mark)); true when it raises a
    /// doubt, after which nothing more needs counting.
    fn note(&mut self, root: &str, entry: &git2::TreeEntry<'_>) -> bool {
        match self.mark(root, entry) {
            Mark::Problem => self.doubt = true,
            Mark::Stem(h) => self.doubt |= !self.stems.insert(h),
            Mark::Nothing => {}
        }
        self.doubt
    }

    /// Whether the read files (paths and codes) may share a code with another file. A read
    /// file counts by its code; its name was counted on the walk too (the walk cannot tell it
    /// from an unread one), which may only raise a doubt, never hide a clash.
    pub fn may_clash(&self, read: &[(String, String)]) -> bool {
        use std::hash::BuildHasher;
        if self.doubt {
            return true;
        }
        let mut codes = std::collections::HashSet::with_capacity(read.len());
        read.iter()
            .filter(|(rel, code)| crate::catalogue::file_stem(rel) != code)
            .any(|(_, code)| {
                let h = self.state.hash_one(code.as_str());
                self.holds(h) || !codes.insert(h)
            })
    }

    /// Whether a file name with this stem hash was counted.
    fn holds(&self, h: u64) -> bool {
        self.stems.contains(&h) || self.common.as_ref().is_some_and(|c| c.contains(&h))
    }

    /// How many names were counted (once each, unless the walk doubts).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.stems.len() + self.common.as_ref().map_or(0, |c| c.len())
    }
}

/// The names of two revisions counted on one walk: a side's names are the stems met on both
/// sides (`common`, counted once) and those met on its side only.
struct PairNames {
    common: Stems,
    sides: [Names; 2],
}

impl PairNames {
    fn new() -> PairNames {
        let state = foldhash::quality::RandomState::default();
        PairNames {
            common: Stems::with_capacity_and_hasher(1024, Default::default()),
            sides: [Names::new(state.clone()), Names::new(state)],
        }
    }

    /// Whether both sides doubt already (nothing more needs counting).
    fn done(&self) -> bool {
        self.sides.iter().all(|n| n.doubt)
    }

    /// Counts an entry that both sides have; true when both sides doubt.
    fn note_both(&mut self, root: &str, entry: &git2::TreeEntry<'_>) -> bool {
        match self.sides[0].mark(root, entry) {
            Mark::Problem => self.sides.iter_mut().for_each(|n| n.doubt = true),
            Mark::Stem(h) => {
                let twice = !self.common.insert(h);
                for n in &mut self.sides {
                    n.doubt |= twice || n.stems.contains(&h);
                }
            }
            Mark::Nothing => {}
        }
        self.done()
    }

    /// Counts an entry that only side `side` has.
    fn note_one(&mut self, side: usize, root: &str, entry: &git2::TreeEntry<'_>) {
        let n = &mut self.sides[side];
        if n.doubt {
            return;
        }
        match n.mark(root, entry) {
            Mark::Problem => n.doubt = true,
            Mark::Stem(h) => n.doubt |= self.common.contains(&h) || !n.stems.insert(h),
            Mark::Nothing => {}
        }
    }

    fn into_sides(self) -> (Names, Names) {
        let common = std::sync::Arc::new(self.common);
        let [mut a, mut b] = self.sides;
        a.common = Some(common.clone());
        b.common = Some(common);
        (a, b)
    }
}

const LINK_MODE: i32 = 0o120000;
const GITLINK_MODE: i32 = 0o160000;
impl History {
    /// Opens the repository holding `catalogue_dir`.
    pub fn open(catalogue_dir: &Path) -> Result<History, GitError> {
        // Like the git CLI, do not re-hash every object read: we only read, and hashing the
        // blobs of a large diff costs more than parsing them.
        git2::opts::strict_hash_verification(false);
        // A catalogue folder holds hundreds of files, so its trees are larger than libgit2's
        // default cache limit (4 KiB); walking history looks the same trees up again and again.
        // SAFETY: set once, before any repository is opened by this process.
        unsafe {
            let _ = git2::opts::set_cache_object_limit(ObjectType::Tree, 1 << 20);
        }
        let dir = catalogue_dir
            .canonicalize()
            .map_err(|_| GitError::NoRepo(catalogue_dir.to_path_buf()))?;
        let repo = Repository::discover(&dir).map_err(|e| {
            if e.code() == git2::ErrorCode::Owner {
                // Say where the repository is: its folder, quoted in libgit2's message.
                let at = e
                    .message()
                    .rsplit_once('\'')
                    .and_then(|(head, _)| head.rsplit_once('\'').map(|(_, p)| PathBuf::from(p)))
                    .unwrap_or_else(|| catalogue_dir.to_path_buf());
                GitError::NotOwned(at)
            } else {
                GitError::NoRepo(catalogue_dir.to_path_buf())
            }
        })?;
        let root = repo
            .workdir()
            .ok_or_else(|| GitError::NoRepo(catalogue_dir.to_path_buf()))?
            .canonicalize()
            .map_err(|_| GitError::NoRepo(catalogue_dir.to_path_buf()))?;
        let prefix = dir
            .strip_prefix(&root)
            .unwrap_or(Path::new(""))
            .to_path_buf();
        Ok(History { repo, prefix, dir })
    }

    /// The catalogue folder on disk.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The underlying repository (read-only use).
    pub fn repo(&self) -> &Repository {
        &self.repo
    }

    /// The catalogue folder relative to the repository root (empty when it is the root).
    pub fn prefix(&self) -> &Path {
        &self.prefix
    }

    /// The manifest's `baseline:` in the working tree's catalogue.
    fn baseline(&self) -> Option<String> {
        crate::catalogue::manifest_baseline(&crate::catalogue::Source::Dir(self.dir.clone()))
    }

    /// Resolves a revision such as `HEAD~3`, `v2024`, `main`, a commit id, or `baseline`
    /// (the manifest's baseline, unless a branch or tag has that name).
    pub fn resolve(&self, spec: &str) -> Result<Rev, GitError> {
        if spec == "baseline"
            && self.repo.revparse_single(spec).is_err()
            && let Some(b) = self.baseline()
            && b != "baseline"
        {
            let rev = self.resolve(&b)?;
            let short: String = rev.label.chars().take_while(|c| *c != ' ').collect();
            let short: String = short.chars().take(7).collect();
            return Ok(Rev {
                oid: rev.oid,
                label: format!("baseline ({short})"),
            });
        }
        if spec == "HEAD" || spec.starts_with("HEAD~") || spec.starts_with("HEAD^") {
            self.head_state()?;
        }
        let obj = match self.repo.revparse_single(spec) {
            Ok(obj) => obj,
            Err(e) => return Err(self.why_not(spec, e)),
        };
        let commit = obj.peel_to_commit().map_err(|e| match e.class() {
            git2::ErrorClass::Odb | git2::ErrorClass::Zlib => fault(e),
            _ => self.unknown(spec),
        })?;
        let short = commit
            .as_object()
            .short_id()?
            .as_str()
            .unwrap_or("")
            .to_string();
        let label = if spec.starts_with(&short) {
            short
        } else {
            format!("{spec} ({short})")
        };
        Ok(Rev {
            oid: commit.id(),
            label,
        })
    }

    /// Whether HEAD can be read: an unborn branch and a damaged HEAD file are told apart.
    fn head_state(&self) -> Result<(), GitError> {
        match self.repo.head() {
            Ok(_) => Ok(()),
            Err(e) if e.code() == git2::ErrorCode::UnbornBranch => Err(GitError::Unborn),
            Err(e) => Err(GitError::BrokenHead {
                detail: e.message().to_string(),
            }),
        }
    }

    /// Why `spec` did not resolve: a broken ref, a shallow boundary, a damaged or missing
    /// object, or a name that nothing has.
    fn why_not(&self, spec: &str, e: git2::Error) -> GitError {
        // The name before any `~`, `^` or `@{`: what the user named.
        let base = spec
            .find(['~', '^'])
            .map(|i| &spec[..i])
            .unwrap_or(spec)
            .split("@{")
            .next()
            .unwrap_or(spec);
        let base = if base.is_empty() { "HEAD" } else { base };
        if base == "HEAD" {
            if let Err(h) = self.head_state() {
                return h;
            }
            // HEAD names a commit the object database does not have: a pack or object
            // file was deleted, not a revision that does not exist.
            if let Some(id) = self.repo.head().ok().and_then(|h| h.target())
                && !self.repo.odb().is_ok_and(|odb| odb.exists(id))
            {
                return GitError::MissingObject {
                    detail: format!("HEAD points to commit {id}, which is not in the repository"),
                };
            }
        } else if let Ok(r) = self.repo.resolve_reference_from_short_name(base) {
            let target = r.resolve().ok().and_then(|r| r.target()).or(r.target());
            let exists = |id| self.repo.odb().is_ok_and(|odb| odb.exists(id));
            if let Some(id) = target
                && !exists(id)
            {
                return GitError::DanglingRef {
                    name: base.to_string(),
                    id: id.to_string(),
                };
            }
        } else if let Err(r) = self.repo.find_reference(&format!("refs/heads/{base}"))
            && r.class() == git2::ErrorClass::Reference
            && r.code() != git2::ErrorCode::NotFound
        {
            // A ref file that holds no valid id.
            return GitError::DanglingRef {
                name: base.to_string(),
                id: r.message().to_string(),
            };
        }
        let base_ok = self.repo.revparse_single(base).is_ok();
        // In a shallow clone, an ancestor of a known commit, or a commit id that is not
        // there, lies beyond the fetched history.
        if self.repo.is_shallow() && ((base_ok && base != spec) || (!base_ok && is_hex_id(base))) {
            return GitError::Shallow {
                spec: spec.to_string(),
            };
        }
        match e.class() {
            git2::ErrorClass::Odb | git2::ErrorClass::Zlib | git2::ErrorClass::Object
                if base_ok || !matches!(e.code(), git2::ErrorCode::NotFound) =>
            {
                fault(e)
            }
            _ => self.unknown(spec),
        }
    }

    fn unknown(&self, spec: &str) -> GitError {
        if let Err(GitError::Unborn) = self.head_state() {
            return GitError::Unborn;
        }
        let mut names: Vec<String> = Vec::new();
        if let Ok(refs) = self.repo.references() {
            for r in refs.flatten() {
                if let Ok(n) = r.shorthand() {
                    names.push(n.to_string());
                }
            }
        }
        let hint = crate::diag::nearest(
            spec,
            names.iter().map(|s| s.as_str()).filter(|n| *n != spec),
        )
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default();
        let mut tags: Vec<String> = self
            .repo
            .tag_names(None)
            .map(|t| t.iter().flatten().flatten().map(str::to_string).collect())
            .unwrap_or_default();
        tags.sort();
        GitError::UnknownRevision {
            spec: spec.to_string(),
            hint,
            tags,
            // Named only when it is a commit of this repository, so the hint never offers a
            // word that fails in turn.
            baseline: self
                .baseline()
                .filter(|b| self.repo.revparse_single(b).is_ok()),
        }
    }

    /// Visits the entries of `tree` and of the folders in it, in the pre-order of
    /// `git_tree_walk`, each with its folder's path from the catalogue folder (`procedures/
    /// cu-tru/`, empty at the top). Unlike `git_tree_walk`, a folder whose name is not UTF-8
    /// is gone into, its name decoded lossily as the working tree's files are, rather than
    /// failing the walk. `visit` tells whether to go on, to pass over the folder it was
    /// given, or to stop; `false` means it stopped.
    fn walk_tree(
        &self,
        tree: &Tree<'_>,
        root: &mut String,
        visit: &mut dyn FnMut(&str, &git2::TreeEntry<'_>) -> TreeWalkResult,
    ) -> Result<bool, GitError> {
        self.walk_entries(tree.iter(), root, visit)
    }

    /// [`walk_tree`](Self::walk_tree) from the given entries of the folder at `root`.
    fn walk_entries<'t>(
        &self,
        entries: impl Iterator<Item = git2::TreeEntry<'t>>,
        root: &mut String,
        visit: &mut dyn FnMut(&str, &git2::TreeEntry<'_>) -> TreeWalkResult,
    ) -> Result<bool, GitError> {
        for entry in entries {
            match visit(root, &entry) {
                TreeWalkResult::Abort => return Ok(false),
                TreeWalkResult::Skip => continue,
                TreeWalkResult::Ok => {}
            }
            if entry.kind() == Some(ObjectType::Tree) {
                let sub = self.repo.find_tree(entry.id())?;
                let len = root.len();
                root.push_str(&String::from_utf8_lossy(entry.name_bytes()));
                root.push('/');
                let done = self.walk_tree(&sub, root, visit)?;
                root.truncate(len);
                if !done {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    fn catalogue_tree(&self, rev: &Rev) -> Result<Tree<'_>, GitError> {
        let commit = self.repo.find_commit(rev.oid)?;
        let tree = commit.tree()?;
        if self.prefix.as_os_str().is_empty() {
            return Ok(tree);
        }
        let missing = || GitError::NoCatalogue {
            rev: rev.label.clone(),
            prefix: self.prefix.display().to_string(),
        };
        let entry = tree.get_path(&self.prefix).map_err(|_| missing())?;
        entry
            .to_object(&self.repo)?
            .peel_to_tree()
            .map_err(|_| missing())
    }

    /// Whether a packed object's bytes are damaged (its pack index's CRC-32 does not match).
    fn damaged(&self, oid: Oid) -> bool {
        packed_crc_mismatch(&self.repo.path().join("objects"), oid)
    }

    /// Reads a blob of the given file mode as a catalogue file (symlinks and oversized blobs
    /// become problems, not contents).
    pub fn blob_file(
        &self,
        rel: String,
        oid: Oid,
        mode: i32,
        label: &str,
        limits: &Limits,
    ) -> InputFile {
        let display = PathBuf::from(format!("{label}:{}", self.prefix.join(&rel).display()));
        let object = |e: git2::Error| FileProblem::Object {
            missing: matches!(fault(e), GitError::MissingObject { .. }),
            id: oid.to_string(),
        };
        let bytes = if mode == LINK_MODE {
            Err(FileProblem::Symlink)
        } else if mode == GITLINK_MODE {
            Err(FileProblem::Submodule)
        } else {
            match self.repo.odb().and_then(|odb| read_header(&odb, oid)) {
                // A damaged object can claim any size: a claim over the limit is believed
                // only when the object's bytes match the checksum its pack index keeps.
                Ok(size) if size > limits.file_bytes_for(&rel) && !self.damaged(oid) => {
                    Err(FileProblem::TooLarge(size))
                }
                Ok(size) if size > limits.file_bytes_for(&rel) => Err(FileProblem::Object {
                    missing: false,
                    id: oid.to_string(),
                }),
                Ok(_) => self
                    .repo
                    .find_blob(oid)
                    .map(|b| b.content().to_vec())
                    .map_err(object),
                Err(e) => Err(object(e)),
            }
        };
        InputFile {
            rel,
            display,
            bytes,
        }
    }

    /// Every catalogue file at a revision, with the entries that cannot be read.
    pub fn files_at(&self, rev: &Rev, limits: &Limits) -> Result<Vec<InputFile>, GitError> {
        let listing = self.listing(rev)?;
        let mut out: Vec<InputFile> = listing
            .files
            .into_iter()
            .map(|(rel, oid, mode)| self.blob_file(rel, oid, mode, &rev.label, limits))
            .collect();
        out.extend(listing.problems);
        Ok(out)
    }

    /// The catalogue files at a revision, found by walking its trees without reading any
    /// file, and the entries that can never be read: symbolic links, submodules, and a file
    /// where a catalogue folder (`procedures`, …) must be.
    pub fn listing(&self, rev: &Rev) -> Result<Listing, GitError> {
        let tree = self.catalogue_tree(rev)?;
        let mut files: Vec<(String, Oid, i32)> = Vec::new();
        let mut problems = Vec::new();
        let problem = |rel: String, p: FileProblem| InputFile {
            display: PathBuf::from(format!(
                "{}:{}",
                rev.label,
                self.prefix.join(&rel).display()
            )),
            rel,
            bytes: Err(p),
        };
        self.walk_tree(&tree, &mut String::new(), &mut |root, entry| {
            let name = String::from_utf8_lossy(entry.name_bytes());
            let rel = format!("{root}{name}");
            let mode = entry.filemode();
            if mode == GITLINK_MODE {
                problems.push(problem(rel, FileProblem::Submodule));
            } else if root.is_empty()
                && crate::catalogue::FOLDERS.contains(&name.as_ref())
                && entry.kind() != Some(ObjectType::Tree)
            {
                problems.push(problem(rel, FileProblem::NotAFolder));
            } else if entry.kind() == Some(ObjectType::Blob)
                && (name.ends_with(".yaml") || name.ends_with(".yml"))
            {
                if mode == LINK_MODE {
                    problems.push(problem(rel, FileProblem::Symlink));
                } else {
                    files.push((rel, entry.id(), mode));
                }
            }
            TreeWalkResult::Ok
        })?;
        files.sort();
        Ok(Listing { files, problems })
    }

    /// Whether a revision may hold a code in two files, or an entry that can never be read,
    /// beside the procedure files already read (`read`: their paths and codes). One walk of
    /// its trees keeps only a hash of each procedure file's name (`<code>.yaml`), so that no
    /// path is built and no file is read: `false` proves there is neither, `true` (a clash,
    /// a problem entry, or two names that merely hash alike) sends the caller to the full
    /// [`listing`](Self::listing) for the exact findings.
    pub fn may_clash(&self, rev: &Rev, read: &[(String, String)]) -> Result<bool, GitError> {
        Ok(self.names(rev, None)?.may_clash(read))
    }

    /// The walk behind [`may_clash`](Self::may_clash), on its own: a caller may walk while
    /// the files it read are still being parsed, and check their codes once they are. With
    /// `code`, the same walk finds the path of the first file named `<code>.yaml` (or `.yml`)
    /// as [`find_code`](Self::find_code) does — unless it stops early at a doubt.
    pub fn names(&self, rev: &Rev, code: Option<&str>) -> Result<Names, GitError> {
        let tree = self.catalogue_tree(rev)?;
        let mut names = Names::new(Default::default());
        // The walk stops at the first doubt.
        self.walk_tree(&tree, &mut String::new(), &mut |root, entry| {
            if names.found.is_none()
                && let Some(code) = code
                && entry.name().is_ok_and(|n| {
                    n.strip_suffix(".yaml").or_else(|| n.strip_suffix(".yml")) == Some(code)
                })
            {
                names.found = Some(format!("{root}{}", entry.name().unwrap_or("")));
            }
            if names.note(root, entry) {
                TreeWalkResult::Abort
            } else {
                TreeWalkResult::Ok
            }
        })?;
        Ok(names)
    }

    /// The id of the entry at a catalogue path of a revision (a file or a folder), if any.
    pub fn entry_id(&self, rev: &Rev, rel: &str) -> Result<Option<Oid>, GitError> {
        match self.catalogue_tree(rev)?.get_path(Path::new(rel)) {
            Ok(entry) => Ok(Some(entry.id())),
            Err(e)
                if e.code() == git2::ErrorCode::NotFound && e.class() == git2::ErrorClass::Tree =>
            {
                Ok(None)
            }
            Err(e) => Err(fault(e)),
        }
    }

    /// Some catalogue files at a revision (missing ones are skipped).
    pub fn some_files_at(
        &self,
        rev: &Rev,
        rels: &[String],
        limits: &Limits,
    ) -> Result<Vec<InputFile>, GitError> {
        let tree = self.catalogue_tree(rev)?;
        let mut out = Vec::new();
        for rel in rels {
            let entry = match tree.get_path(Path::new(rel)) {
                Ok(entry) => entry,
                // Not there: a path missing from a tree is reported by the tree class; a
                // subtree that cannot be read is a fault.
                Err(e)
                    if e.code() == git2::ErrorCode::NotFound
                        && e.class() == git2::ErrorClass::Tree =>
                {
                    continue;
                }
                Err(e) => return Err(fault(e)),
            };
            if entry.kind() == Some(ObjectType::Blob) || entry.filemode() == GITLINK_MODE {
                out.push(self.blob_file(
                    rel.clone(),
                    entry.id(),
                    entry.filemode(),
                    &rev.label,
                    limits,
                ));
            }
        }
        Ok(out)
    }

    /// One catalogue file at a revision; a fault reading it is the file's problem, so that
    /// the caller reports it rather than leaving the file out.
    pub fn file_at(&self, rev: &Rev, rel: &str, limits: &Limits) -> InputFile {
        let problem = match self.some_files_at(rev, &[rel.to_string()], limits) {
            Ok(mut files) if !files.is_empty() => return files.remove(0),
            Ok(_) => FileProblem::Io("not in this revision".into()),
            Err(e) => FileProblem::Io(e.to_string()),
        };
        InputFile {
            rel: rel.to_string(),
            display: PathBuf::from(format!("{}:{}", rev.label, self.prefix.join(rel).display())),
            bytes: Err(problem),
        }
    }

    /// The catalogue files that differ between two commits, handed to `f` as the tree walk
    /// finds them, so that a caller can read and parse while the walk goes on. Subtrees with
    /// the same id on both sides are skipped without being read.
    pub fn changed_between(
        &self,
        a: &Rev,
        b: &Rev,
        f: &mut dyn FnMut(Changed),
    ) -> Result<(), GitError> {
        let tree_a = self.catalogue_tree(a)?;
        let tree_b = self.catalogue_tree(b)?;
        self.walk_pair(Some(&tree_a), Some(&tree_b), "", f, None)
    }

    /// [`changed_between`](Self::changed_between), and the [`names`](Self::names) of both
    /// revisions from the same walk: a subtree that is the same on both sides is walked once
    /// for the names of both, rather than each revision's trees walked again in full.
    pub fn changed_and_names(
        &self,
        a: &Rev,
        b: &Rev,
        f: &mut dyn FnMut(Changed),
    ) -> Result<(Names, Names), GitError> {
        let tree_a = self.catalogue_tree(a)?;
        let tree_b = self.catalogue_tree(b)?;
        let mut names = PairNames::new();
        self.walk_pair(Some(&tree_a), Some(&tree_b), "", f, Some(&mut names))?;
        Ok(names.into_sides())
    }

    /// Counts for both sides the names of `entries` (which both sides have, in the folder at
    /// `root`) and of the folders among them, as [`names`](Self::names) walks them.
    fn note_entries<'t>(
        &self,
        entries: impl Iterator<Item = git2::TreeEntry<'t>>,
        root: &mut String,
        names: &mut PairNames,
    ) -> Result<(), GitError> {
        self.walk_entries(entries, root, &mut |root, entry| {
            if names.note_both(root, entry) {
                TreeWalkResult::Abort
            } else {
                TreeWalkResult::Ok
            }
        })?;
        Ok(())
    }

    fn walk_pair(
        &self,
        a: Option<&Tree<'_>>,
        b: Option<&Tree<'_>>,
        dir: &str,
        f: &mut dyn FnMut(Changed),
        mut names: Option<&mut PairNames>,
    ) -> Result<(), GitError> {
        // The folder's path as the names walk gives it: with a trailing `/`.
        let mut root = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        if let (Some(a), Some(b)) = (a, b)
            && a.id() == b.id()
        {
            if let Some(names) = names
                && !names.done()
            {
                self.note_entries(a.iter(), &mut root, names)?;
            }
            return Ok(());
        }
        let mut ia = a.into_iter().flat_map(|t| t.iter()).peekable();
        let mut ib = b.into_iter().flat_map(|t| t.iter()).peekable();
        loop {
            let order = match (ia.peek(), ib.peek()) {
                (None, None) => return Ok(()),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some(x), Some(y)) => tree_order(x, y),
            };
            let (ea, eb) = match order {
                std::cmp::Ordering::Less => (ia.next(), None),
                std::cmp::Ordering::Greater => (None, ib.next()),
                std::cmp::Ordering::Equal => (ia.next(), ib.next()),
            };
            if let (Some(x), Some(y)) = (&ea, &eb)
                && x.id() == y.id()
                && x.filemode() == y.filemode()
            {
                // The same entry on both sides: one walk counts its names for both. A file
                // (nearly every entry) is counted without the copy a walk of it needs.
                if let Some(names) = names.as_deref_mut()
                    && !names.done()
                {
                    if x.kind() == Some(ObjectType::Tree) {
                        self.note_entries(std::iter::once(x.to_owned()), &mut root, names)?;
                    } else {
                        names.note_both(&root, x);
                    }
                }
                continue;
            }
            // Each side's entry counts for its own names; a folder's entries are counted
            // as the walk goes down into it, below.
            if let Some(names) = names.as_deref_mut() {
                for (side, e) in [&ea, &eb].into_iter().enumerate() {
                    if let Some(e) = e {
                        names.note_one(side, &root, e);
                    }
                }
            }
            // A name that is not UTF-8 is read lossily, as in the working tree and in a
            // revision's listing, rather than passed over.
            let name = String::from_utf8_lossy(
                ea.as_ref()
                    .or(eb.as_ref())
                    .map(|e| e.name_bytes())
                    .unwrap_or_default(),
            );
            let path = if dir.is_empty() {
                name.to_string()
            } else {
                format!("{dir}/{name}")
            };
            let is_tree = |e: &Option<git2::TreeEntry<'_>>| {
                e.as_ref()
                    .is_some_and(|e| e.kind() == Some(ObjectType::Tree))
            };
            if is_tree(&ea) || is_tree(&eb) {
                let sub = |e: &Option<git2::TreeEntry<'_>>| -> Result<Option<Tree<'_>>, GitError> {
                    Ok(match e {
                        Some(e) if e.kind() == Some(ObjectType::Tree) => {
                            Some(self.repo.find_tree(e.id())?)
                        }
                        _ => None,
                    })
                };
                self.walk_pair(
                    sub(&ea)?.as_ref(),
                    sub(&eb)?.as_ref(),
                    &path,
                    f,
                    names.as_deref_mut(),
                )?;
                continue;
            }
            if !(path.ends_with(".yaml") || path.ends_with(".yml")) {
                continue;
            }
            let blob = |e: &Option<git2::TreeEntry<'_>>| {
                e.as_ref()
                    .filter(|e| e.kind() == Some(ObjectType::Blob))
                    .map(|e| (e.id(), e.filemode()))
            };
            let (old_blob, new_blob) = (blob(&ea), blob(&eb));
            if old_blob.is_none() && new_blob.is_none() {
                continue; // submodules
            }
            f(Changed {
                old: old_blob.map(|_| path.clone()),
                new: new_blob.map(|_| path.clone()),
                old_blob,
                new_blob,
            });
        }
    }

    /// Catalogue files that differ between `a` and `b` (the working tree, with uncommitted
    /// and untracked files, when `b` is `None`). A renamed file appears as deleted and added.
    pub fn changed(&self, a: &Rev, b: Option<&Rev>) -> Result<Vec<Changed>, GitError> {
        let diff = match b {
            Some(b) => {
                let mut out = Vec::new();
                self.changed_between(a, b, &mut |c| out.push(c))?;
                return Ok(out);
            }
            None => {
                let tree_a = self.repo.find_commit(a.oid)?.tree()?;
                let mut opts = DiffOptions::new();
                if !self.prefix.as_os_str().is_empty() {
                    opts.pathspec(self.prefix.to_string_lossy().as_ref());
                }
                opts.include_untracked(true).recurse_untracked_dirs(true);
                self.repo
                    .diff_tree_to_workdir_with_index(Some(&tree_a), Some(&mut opts))?
            }
        };
        // No rename detection: callers match procedures by code, so a moved file is simply
        // read on both sides, and similarity search would cost more than the diff itself.
        let rel = |p: Option<&Path>| -> Option<String> {
            let p = p?;
            let r = p.strip_prefix(&self.prefix).ok()?;
            let s = r.to_string_lossy().replace('\\', "/");
            (s.ends_with(".yaml") || s.ends_with(".yml")).then_some(s)
        };
        let mut out = Vec::new();
        for d in diff.deltas() {
            let (old, new) = match d.status() {
                Delta::Added | Delta::Untracked => (None, rel(d.new_file().path())),
                Delta::Deleted => (rel(d.old_file().path()), None),
                Delta::Unmodified | Delta::Ignored => continue,
                _ => (rel(d.old_file().path()), rel(d.new_file().path())),
            };
            if old.is_some() || new.is_some() {
                let blob = |f: git2::DiffFile<'_>| {
                    Some((f.id(), i32::from(f.mode()))).filter(|(id, _)| !id.is_zero())
                };
                let old_blob = old.as_ref().and_then(|_| blob(d.old_file()));
                let new_blob = new.as_ref().and_then(|_| blob(d.new_file()));
                out.push(Changed {
                    old,
                    new,
                    old_blob,
                    new_blob,
                });
            }
        }
        Ok(out)
    }

    /// Reads catalogue files from the working tree (for the `b = None` side of [`changed`]).
    pub fn worktree_files(&self, rels: &[String], limits: &Limits) -> Vec<InputFile> {
        rels.iter()
            .filter_map(|rel| {
                let path = self.dir.join(rel);
                let bytes = match std::fs::symlink_metadata(&path) {
                    // Gone since the status was taken: deleted, as the diff will say.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
                    Err(e) => Err(FileProblem::Io(e.to_string())),
                    Ok(meta) if meta.file_type().is_symlink() => Err(FileProblem::Symlink),
                    Ok(_) => crate::catalogue::read_limited(&path, limits.max_file_bytes),
                };
                Some(InputFile {
                    rel: rel.clone(),
                    display: path,
                    bytes,
                })
            })
            .collect()
    }

    /// The commits of the first-parent line from `from` back to the root, newest first, each
    /// with the civil date of its commit time in its own time zone (the date people saw when
    /// they committed).
    pub fn first_parent_line(&self, from: &Rev) -> Result<Vec<(Oid, jiff::civil::Date)>, GitError> {
        let mut out = Vec::new();
        let mut next = Some(self.repo.find_commit(from.oid)?);
        while let Some(c) = next {
            let t = c.committer().when();
            let offset = jiff::tz::Offset::from_seconds(t.offset_minutes() * 60)
                .unwrap_or(jiff::tz::Offset::UTC);
            let date = jiff::Timestamp::from_second(t.seconds())
                .map_err(|e| GitError::CorruptObject {
                    detail: e.to_string(),
                })?
                .to_zoned(jiff::tz::TimeZone::fixed(offset))
                .date();
            out.push((c.id(), date));
            next = match c.parent_count() {
                0 => None,
                _ => Some(c.parent(0)?),
            };
        }
        Ok(out)
    }

    /// Whether the catalogue folder exists at a commit (a history may begin before it).
    pub fn has_catalogue(&self, rev: &Rev) -> Result<bool, GitError> {
        match self.catalogue_tree(rev) {
            Ok(_) => Ok(true),
            Err(GitError::NoCatalogue { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// A commit as a revision, labelled by its short id.
    pub fn rev_of(&self, oid: Oid) -> Rev {
        let s = oid.to_string();
        Rev {
            oid,
            label: s[..7.min(s.len())].to_string(),
        }
    }

    /// The blob id of a catalogue file at a commit, if it exists there (a tree that cannot
    /// be read is an error, not an absent file).
    pub fn blob_at(&self, commit: &git2::Commit<'_>, rel: &str) -> Result<Option<Oid>, GitError> {
        let tree = commit.tree()?;
        match tree.get_path(&self.prefix.join(rel)) {
            Ok(entry) => Ok((entry.kind() == Some(ObjectType::Blob)).then(|| entry.id())),
            Err(e)
                if e.code() == git2::ErrorCode::NotFound && e.class() == git2::ErrorClass::Tree =>
            {
                Ok(None)
            }
            Err(e) => Err(fault(e)),
        }
    }

    /// Reads known blobs as catalogue files, without walking trees to find them.
    pub fn blobs(
        &self,
        label: &str,
        list: &[(String, (Oid, i32))],
        limits: &Limits,
    ) -> Vec<InputFile> {
        list.iter()
            .map(|(rel, (oid, mode))| self.blob_file(rel.clone(), *oid, *mode, label, limits))
            .collect()
    }

    /// Reads a blob as a catalogue file.
    pub fn blob(&self, rel: &str, oid: Oid, label: &str, limits: &Limits) -> InputFile {
        self.blob_file(rel.to_string(), oid, 0o100644, label, limits)
    }

    /// The catalogue path a file had before `commit` renamed it to `rel`, if it did (objects
    /// that cannot be read are an error: a rename missed would read as "added").
    pub fn renamed_from(
        &self,
        commit: &git2::Commit<'_>,
        rel: &str,
    ) -> Result<Option<String>, GitError> {
        let Ok(parent) = commit.parent(0) else {
            return Ok(None);
        };
        let mut opts = DiffOptions::new();
        if !self.prefix.as_os_str().is_empty() {
            opts.pathspec(self.prefix.to_string_lossy().as_ref());
        }
        let mut diff = self.repo.diff_tree_to_tree(
            Some(&parent.tree()?),
            Some(&commit.tree()?),
            Some(&mut opts),
        )?;
        let mut find = git2::DiffFindOptions::new();
        find.renames(true);
        diff.find_similar(Some(&mut find))?;
        let target = self.prefix.join(rel);
        Ok(diff
            .deltas()
            .find(|d| d.status() == Delta::Renamed && d.new_file().path() == Some(target.as_path()))
            .and_then(|d| d.old_file().path().map(|p| p.to_path_buf()))
            .and_then(|p| {
                p.strip_prefix(&self.prefix)
                    .ok()
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
            }))
    }

    /// Finds the catalogue path of the procedure file named `code.yaml` at a revision.
    pub fn find_code(&self, rev: &Rev, code: &str) -> Result<Option<String>, GitError> {
        let tree = self.catalogue_tree(rev)?;
        let wanted = [format!("{code}.yaml"), format!("{code}.yml")];
        let mut found = None;
        // The walk stops at the first match.
        self.walk_tree(&tree, &mut String::new(), &mut |root, entry| {
            if entry.name().is_ok_and(|n| wanted.iter().any(|w| w == n)) {
                found = Some(format!("{root}{}", entry.name().unwrap_or("")));
                return TreeWalkResult::Abort;
            }
            TreeWalkResult::Ok
        })?;
        Ok(found)
    }
}

/// The size of an object without reading it. git2's `Odb::read_header` panics when the
/// object's type bits are damaged; here a damaged type is an error like any other damage.
fn read_header(odb: &git2::Odb<'_>, oid: Oid) -> Result<u64, git2::Error> {
    use git2::Binding as _;
    let mut size: libc::size_t = 0;
    let mut kind: libgit2_sys::git_object_t = libgit2_sys::GIT_OBJECT_ANY;
    // SAFETY: `odb` and `oid` are live for the call; size and kind are plain out-parameters.
    let rc =
        unsafe { libgit2_sys::git_odb_read_header(&mut size, &mut kind, odb.raw(), oid.raw()) };
    if rc < 0 {
        return Err(git2::Error::last_error(rc));
    }
    if ObjectType::from_raw(kind).is_none() {
        return Err(git2::Error::new(
            git2::ErrorCode::GenericError,
            git2::ErrorClass::Object,
            format!("object {oid} has a damaged type ({kind})"),
        ));
    }
    Ok(size as u64)
}

/// Whether the packed bytes of `oid` differ from the CRC-32 its pack index (version 2) keeps
/// for them. An object found in no pack index (a loose object) is not judged here.
fn packed_crc_mismatch(objects: &Path, oid: Oid) -> bool {
    let Ok(dir) = std::fs::read_dir(objects.join("pack")) else {
        return false;
    };
    for entry in dir.flatten() {
        let idx_path = entry.path();
        if idx_path.extension().is_none_or(|e| e != "idx") {
            continue;
        }
        let (Ok(idx), Ok(pack)) = (
            std::fs::read(&idx_path),
            std::fs::read(idx_path.with_extension("pack")),
        ) else {
            continue;
        };
        if let Some(bad) = crc_check(&idx, &pack, oid.as_bytes()) {
            return bad;
        }
    }
    false
}

/// `Some(true)` when `id` is in this pack index and its bytes in the pack fail the CRC;
/// `Some(false)` when they pass; `None` when the index does not hold it (or is not a
/// version 2 index).
fn crc_check(idx: &[u8], pack: &[u8], id: &[u8]) -> Option<bool> {
    let u32_at = |b: &[u8], at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
    };
    if idx.get(..8)? != b"\xfftOc\x00\x00\x00\x02" {
        return None;
    }
    let n = u32_at(idx, 8 + 255 * 4)? as usize;
    let ids = 8 + 256 * 4;
    let crcs = ids + n * 20;
    let offsets = crcs + n * 4;
    let large = offsets + n * 4;
    let offset = |i: usize| -> Option<u64> {
        let o = u32_at(idx, offsets + i * 4)?;
        if o & 0x8000_0000 == 0 {
            return Some(u64::from(o));
        }
        let at = large + (o & 0x7fff_ffff) as usize * 8;
        Some(u64::from_be_bytes(idx.get(at..at + 8)?.try_into().ok()?))
    };
    let id_at = |i: usize| idx.get(ids + i * 20..ids + i * 20 + 20);
    // The ids are sorted: the first not below `id`.
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if id_at(mid)? < id {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if lo >= n || id_at(lo)? != id {
        return None;
    }
    let i = lo;
    let start = offset(i)?;
    // The object ends where the next one in the pack starts, or at the pack's checksum.
    let mut end = (pack.len() as u64).checked_sub(20)?;
    for j in 0..n {
        let o = offset(j)?;
        if o > start && o < end {
            end = o;
        }
    }
    let bytes = pack.get(start as usize..end as usize)?;
    Some(crc32fast::hash(bytes) != u32_at(idx, crcs + i * 4)?)
}

fn is_hex_id(s: &str) -> bool {
    s.len() >= 7 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Git's order of tree entries: by name, a subtree's name read as if it ended with `/`.
fn tree_order(a: &git2::TreeEntry<'_>, b: &git2::TreeEntry<'_>) -> std::cmp::Ordering {
    let slash = |e: &git2::TreeEntry<'_>| (e.kind() == Some(ObjectType::Tree)).then_some(b'/');
    let ka = a.name_bytes().iter().copied().chain(slash(a));
    let kb = b.name_bytes().iter().copied().chain(slash(b));
    ka.cmp(kb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.vn")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.vn")
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// libgit2's own tree diff, as `changed` used to compute it: the oracle for the walk.
    fn oracle(h: &History, a: &Rev, b: &Rev) -> Vec<Changed> {
        let ta = h.catalogue_tree(a).unwrap();
        let tb = h.catalogue_tree(b).unwrap();
        let diff = h
            .repo
            .diff_tree_to_tree(Some(&ta), Some(&tb), None)
            .unwrap();
        let yaml = |p: Option<&Path>| {
            let s = p?.to_string_lossy().into_owned();
            (s.ends_with(".yaml") || s.ends_with(".yml")).then_some(s)
        };
        let mut out = Vec::new();
        for d in diff.deltas() {
            let blob = |f: git2::DiffFile<'_>| {
                Some((f.id(), i32::from(f.mode()))).filter(|(id, _)| !id.is_zero())
            };
            let (old, new) = match d.status() {
                Delta::Added => (None, yaml(d.new_file().path())),
                Delta::Deleted => (yaml(d.old_file().path()), None),
                _ => (yaml(d.old_file().path()), yaml(d.new_file().path())),
            };
            if old.is_some() || new.is_some() {
                out.push(Changed {
                    old_blob: old.as_ref().and_then(|_| blob(d.old_file())),
                    new_blob: new.as_ref().and_then(|_| blob(d.new_file())),
                    old,
                    new,
                });
            }
        }
        out
    }

    #[test]
    fn faults_are_named_by_what_failed() {
        use git2::{Error, ErrorClass, ErrorCode};
        let missing = fault(Error::new(ErrorCode::NotFound, ErrorClass::Odb, "no match"));
        assert!(
            matches!(missing, GitError::MissingObject { .. }),
            "{missing:?}"
        );
        let zlib = fault(Error::new(
            ErrorCode::GenericError,
            ErrorClass::Zlib,
            "inflate",
        ));
        assert!(matches!(zlib, GitError::CorruptObject { .. }), "{zlib:?}");
        let loose = fault(Error::new(
            ErrorCode::GenericError,
            ErrorClass::Object,
            "header",
        ));
        assert!(matches!(loose, GitError::CorruptObject { .. }), "{loose:?}");
        let other = fault(Error::new(ErrorCode::Locked, ErrorClass::Index, "locked"));
        assert!(matches!(other, GitError::Git(_)), "{other:?}");
        // Every fault has its own words in both languages, and a hint.
        for e in [missing, zlib] {
            let (msg, hint) = e.tr();
            assert_ne!(msg.en, msg.vi);
            assert!(hint.is_some_and(|h| h.en.contains("git fsck") && h.vi.contains("git fsck")));
        }
    }

    #[test]
    fn tree_walk_agrees_with_libgit2_diff() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        git(root, &["init", "-q", "-b", "main"]);
        write(root, "cat/catalogue.yaml", "name: x\n");
        // `a-b/` < `a.yaml` < `a/` in git's order: a wrong order would pair the wrong entries.
        for rel in [
            "cat/procedures/a/1.yaml",
            "cat/procedures/a/2.yaml",
            "cat/procedures/a-b/3.yaml",
            "cat/procedures/a.yaml",
            "cat/procedures/b/4.yaml",
            "cat/procedures/x.yaml",
            "cat/README.md",
            "outside.yaml",
        ] {
            write(root, rel, rel);
        }
        git(root, &["add", "-A"]);
        git(root, &["commit", "-q", "-m", "one"]);
        write(root, "cat/procedures/a/1.yaml", "changed");
        std::fs::remove_file(root.join("cat/procedures/a/2.yaml")).unwrap();
        std::fs::remove_dir_all(root.join("cat/procedures/b")).unwrap();
        write(root, "cat/procedures/c/5.yml", "new");
        // A file becomes a folder of the same name.
        std::fs::remove_file(root.join("cat/procedures/x.yaml")).unwrap();
        write(root, "cat/procedures/x.yaml/6.yaml", "inside");
        write(root, "cat/README.md", "not a procedure");
        write(root, "outside.yaml", "outside the catalogue");
        std::os::unix::fs::symlink("a/1.yaml", root.join("cat/procedures/link.yaml")).unwrap();
        git(root, &["add", "-A"]);
        git(root, &["commit", "-q", "-m", "two"]);

        let h = History::open(&root.join("cat")).unwrap();
        let (a, b) = (h.resolve("HEAD~1").unwrap(), h.resolve("HEAD").unwrap());
        let key = |c: &Changed| (c.old.clone(), c.new.clone());
        let mut ours = h.changed(&a, Some(&b)).unwrap();
        let mut theirs = oracle(&h, &a, &b);
        ours.sort_by_key(key);
        theirs.sort_by_key(key);
        assert_eq!(ours, theirs);
        assert_eq!(ours.len(), 7, "{ours:#?}");
        // The same commit on both sides reads nothing and finds nothing.
        assert!(h.changed(&b, Some(&b)).unwrap().is_empty());
    }

    /// Paths (components as bytes) to (content, mode); a gitlink's content is ignored (it
    /// names some commit).
    type Files = std::collections::BTreeMap<Vec<Vec<u8>>, (Vec<u8>, i32)>;

    /// Commits `files` on top of `parent` in a repository made by `Repository::init`.
    fn commit_files(repo: &Repository, files: &Files, parent: Option<Oid>) -> Oid {
        let tree = repo.find_tree(build_tree(repo, files, 0, &[])).unwrap();
        let sig = git2::Signature::now("t", "t@example.vn").unwrap();
        let parent: Vec<git2::Commit<'_>> = parent
            .map(|p| repo.find_commit(p).unwrap())
            .into_iter()
            .collect();
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        repo.commit(None, &sig, &sig, "t", &tree, &parents).unwrap()
    }

    fn build_tree(repo: &Repository, files: &Files, depth: usize, prefix: &[Vec<u8>]) -> Oid {
        let mut tb = repo.treebuilder(None).unwrap();
        let mut folders = std::collections::BTreeSet::new();
        for (path, (content, mode)) in files {
            if path.len() <= depth || path[..depth] != *prefix {
                continue;
            }
            if path.len() == depth + 1 {
                let oid = if *mode == GITLINK_MODE {
                    Oid::from_bytes(&[7; 20]).unwrap()
                } else {
                    repo.blob(content).unwrap()
                };
                tb.insert(&path[depth], oid, *mode).unwrap();
            } else {
                folders.insert(path[depth].clone());
            }
        }
        for folder in folders {
            let mut sub = prefix.to_vec();
            sub.push(folder.clone());
            let oid = build_tree(repo, files, depth + 1, &sub);
            tb.insert(&folder, oid, 0o040000).unwrap();
        }
        tb.write().unwrap()
    }

    /// One walk of two revisions gives the changes that `changed_between` gives, and for each
    /// side the names and doubts that its own walk gives: over generated pairs of trees with
    /// codes held twice, symbolic links, submodules, a file where a folder must be, names
    /// that are not UTF-8, and folders the same on both sides.
    #[test]
    fn one_walk_gives_each_side_the_names_of_its_own_walk() {
        use std::hash::BuildHasher;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let repo = Repository::init(root).unwrap();
        let mut roll = crate::testing::rolls(0x9E37_79B9_7F4A_7C15u64);
        let codes: Vec<String> = (0..12).map(|i| format!("1.00{i}")).collect();
        let folders: [&[u8]; 4] = [b"cu-tru", b"dat-dai", b"ho-tich", b"f\xff"];
        let (mut doubts, mut clean) = (0, 0);
        for case in 0..150 {
            let mut a = Files::new();
            a.insert(
                vec![b"catalogue.yaml".to_vec()],
                (b"name: x\n".to_vec(), 0o100644),
            );
            for _ in 0..roll(14) {
                let folder = folders[roll(folders.len() as u64) as usize].to_vec();
                let code = &codes[roll(codes.len() as u64) as usize];
                let ext = if roll(6) == 0 { "yml" } else { "yaml" };
                let mode = match roll(25) {
                    0 => LINK_MODE,
                    1 => GITLINK_MODE,
                    _ => 0o100644,
                };
                let name = format!("{code}.{ext}").into_bytes();
                let content = format!("code: \"{code}\" # {}\n", roll(3)).into_bytes();
                a.insert(vec![b"procedures".to_vec(), folder, name], (content, mode));
            }
            if roll(20) == 0 {
                a.insert(
                    vec![b"tests".to_vec()],
                    (b"not a folder".to_vec(), 0o100644),
                );
            }
            let mut b = a.clone();
            let keys: Vec<_> = a.keys().cloned().collect();
            for key in &keys {
                match roll(8) {
                    0 => {
                        b.remove(key);
                    }
                    1 => {
                        b.insert(
                            key.clone(),
                            (format!("changed {case}").into_bytes(), 0o100644),
                        );
                    }
                    2 => {
                        let mut moved = key.clone();
                        if moved.len() == 3 {
                            moved[1] = folders[roll(folders.len() as u64) as usize].to_vec();
                            let v = b.remove(key).unwrap();
                            b.insert(moved, v);
                        }
                    }
                    _ => {}
                }
            }
            let ca = commit_files(&repo, &a, None);
            let cb = commit_files(&repo, &b, Some(ca));
            let h = History::open(root).unwrap();
            let (ra, rb) = (h.rev_of(ca), h.rev_of(cb));
            let mut apart = Vec::new();
            h.changed_between(&ra, &rb, &mut |c| apart.push(c)).unwrap();
            let mut together = Vec::new();
            let (na, nb) = h
                .changed_and_names(&ra, &rb, &mut |c| together.push(c))
                .unwrap();
            assert_eq!(apart, together, "case {case}");
            for (rev, merged) in [(&ra, &na), (&rb, &nb)] {
                // A folder whose name is not UTF-8 is walked, not a fault.
                h.listing(rev).unwrap();
                let own = h.names(rev, None).unwrap();
                assert_eq!(own.doubt, merged.doubt, "case {case}");
                if own.doubt {
                    doubts += 1;
                    continue;
                }
                clean += 1;
                assert_eq!(own.len(), merged.len(), "case {case}");
                for code in &codes {
                    assert_eq!(
                        own.holds(own.state.hash_one(code.as_str())),
                        merged.holds(merged.state.hash_one(code.as_str())),
                        "case {case}, {code}"
                    );
                }
            }
        }
        // Both kinds of side were met.
        assert!(doubts > 20 && clean > 20, "{doubts} {clean}");
    }

    /// The walker every listing and comparison uses visits what libgit2's own pre-order walk
    /// visits, in the same order, with the same folder paths, and skips and stops as it does:
    /// over generated trees whose names are all UTF-8 (libgit2's walk needs them to be).
    #[test]
    fn the_walker_visits_what_libgit2s_walk_visits() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = Repository::init(tmp.path()).unwrap();
        let h = History::open(tmp.path()).unwrap();
        let mut roll = crate::testing::rolls(0x2545_F491_4F6C_DD1Du64);
        // Folder names and file names differ, so no path is both; `s…` folders are skipped.
        let folders: [&str; 5] = ["cu-tru", "dat-dai", "hộ-tịch", "s-bo-qua", "z"];
        let names: [&str; 5] = ["1.001.yaml", "1.002.yml", "a", "Đất.yaml", "~x"];
        type Visit = (String, String, Option<ObjectType>);
        for case in 0..120 {
            let mut files = Files::new();
            for _ in 0..1 + roll(16) {
                let depth = roll(4) as usize;
                let mut path: Vec<Vec<u8>> = (0..depth)
                    .map(|_| folders[roll(5) as usize].as_bytes().to_vec())
                    .collect();
                path.push(names[roll(5) as usize].as_bytes().to_vec());
                let mode = match roll(10) {
                    0 => LINK_MODE,
                    1 => GITLINK_MODE,
                    _ => 0o100644,
                };
                files.insert(path, (format!("{case}").into_bytes(), mode));
            }
            let commit = repo.find_commit(commit_files(&repo, &files, None)).unwrap();
            let tree = commit.tree().unwrap();
            // Stop after this many visits, in some cases.
            let stop_at = (roll(3) == 0).then(|| roll(12) as usize);
            let visit = |seen: &mut Vec<Visit>, root: &str, e: &git2::TreeEntry<'_>| {
                seen.push((root.to_string(), e.name().unwrap().to_string(), e.kind()));
                if stop_at == Some(seen.len()) {
                    TreeWalkResult::Abort
                } else if e.name().unwrap().starts_with('s') {
                    TreeWalkResult::Skip
                } else {
                    TreeWalkResult::Ok
                }
            };
            let mut theirs: Vec<Visit> = Vec::new();
            let finished = tree
                .walk(git2::TreeWalkMode::PreOrder, |root, e| {
                    visit(&mut theirs, root, e)
                })
                .is_ok();
            let mut ours: Vec<Visit> = Vec::new();
            let done = h
                .walk_tree(&tree, &mut String::new(), &mut |root, e| {
                    visit(&mut ours, root, e)
                })
                .unwrap();
            assert_eq!(ours, theirs, "case {case}: {files:?}");
            assert_eq!(done, finished, "case {case}");
        }
    }

    /// A file or a folder whose name is not UTF-8 is read under its lossily decoded name, as
    /// in the working tree: a change to it is a change, not passed over, and walking it is
    /// not a fault.
    #[test]
    fn names_not_utf8_are_read_not_passed_over() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let repo = Repository::init(root).unwrap();
        let path = |p: &[&[u8]]| p.iter().map(|c| c.to_vec()).collect::<Vec<_>>();
        let mut files = Files::new();
        files.insert(
            path(&[b"catalogue.yaml"]),
            (b"name: x\n".to_vec(), 0o100644),
        );
        files.insert(
            path(&[b"procedures", b"c\xf4ng", b"1.001.yaml"]),
            (b"one".to_vec(), 0o100644),
        );
        files.insert(
            path(&[b"procedures", b"x", b"1.0\xff2.yaml"]),
            (b"two".to_vec(), 0o100644),
        );
        let ca = commit_files(&repo, &files, None);
        for (_, (content, _)) in files.iter_mut().skip(1) {
            content.push(b'!');
        }
        let cb = commit_files(&repo, &files, Some(ca));
        let h = History::open(root).unwrap();
        let (ra, rb) = (h.rev_of(ca), h.rev_of(cb));
        let mut changed: Vec<String> = h
            .changed(&ra, Some(&rb))
            .unwrap()
            .into_iter()
            .filter_map(|c| c.new)
            .collect();
        changed.sort();
        assert_eq!(
            changed,
            [
                "procedures/c\u{FFFD}ng/1.001.yaml",
                "procedures/x/1.0\u{FFFD}2.yaml"
            ]
        );
        let listed: Vec<String> = h
            .listing(&rb)
            .unwrap()
            .files
            .into_iter()
            .map(|f| f.0)
            .filter(|rel| rel.starts_with("procedures/"))
            .collect();
        assert_eq!(listed, changed);
        let names = h.names(&rb, None).unwrap();
        assert!(!names.doubt && names.stems.len() == 2);
    }
}
