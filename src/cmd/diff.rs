//! `thutuc diff REV_A [REV_B]`: the semantic difference between two revisions of the
//! catalogue. A revision is a git revision or a directory; REV_B defaults to the working tree.

use super::{Global, Outcome};
use crate::catalogue::{self, Catalogue, InputFile, Loaded, Source};
use crate::diag::Severity;
use crate::diff::{self, render};
use crate::exit;
use crate::git::{GitError, History, Rev};
use crate::limits::Limits;
use rayon::iter::{ParallelBridge, ParallelIterator};
use std::path::{Path, PathBuf};

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Coloured text.
    Human,
    /// Markdown for a pull-request comment.
    Markdown,
    /// JSON (SPEC.md shape).
    Json,
}

/// Options of `diff`.
#[derive(Debug, Clone)]
pub struct Options {
    /// The older revision.
    pub rev_a: String,
    /// The newer revision (default: the working tree).
    pub rev_b: Option<String>,
    /// Output format.
    pub format: Format,
    /// Exit with 1 when there are differences.
    pub exit_code: bool,
}

/// A problem that stops `diff` (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// Loading a directory failed.
    #[error(transparent)]
    Load(#[from] catalogue::LoadError),
    /// Git failed.
    #[error(transparent)]
    Git(#[from] GitError),
    /// A usage problem explained in words.
    #[error("{0}")]
    Usage(String),
    /// No file holds this procedure.
    #[error("there is no procedure {0} at HEAD")]
    NoProcedure(String),
    /// Git revisions need a catalogue folder in a repository.
    #[error(
        "git revisions need a catalogue folder inside a git repository: pass -C DIR (the bundled catalogue has no history)"
    )]
    Bundled,
}

/// One side of a comparison.
pub enum Side {
    /// A directory.
    Dir(PathBuf),
    /// A commit.
    Commit(Rev),
    /// The working tree of the catalogue's repository.
    WorkTree,
}

/// The catalogue folder of the current source, if on disk.
pub fn catalogue_dir(g: &Global) -> Option<PathBuf> {
    match g.source() {
        Source::Dir(d) => Some(d),
        Source::Bundled => None,
    }
}

/// Resolves a revision argument: an existing directory, else a git revision.
pub fn side(
    spec: &str,
    history: &mut Option<History>,
    dir: Option<&Path>,
) -> Result<Side, DiffError> {
    if Path::new(spec).is_dir() {
        return Ok(Side::Dir(spec.into()));
    }
    let h = history_for(history, dir)?;
    Ok(Side::Commit(h.resolve(spec)?))
}

/// Opens the repository once, lazily.
pub fn history_for<'h>(
    history: &'h mut Option<History>,
    dir: Option<&Path>,
) -> Result<&'h History, DiffError> {
    if history.is_none() {
        let dir = dir.ok_or(DiffError::Bundled)?;
        *history = Some(History::open(dir)?);
    }
    Ok(history.as_ref().expect("just opened"))
}

/// Loaded sides, with warnings about files that could not be read.
pub struct Pair {
    /// Before.
    pub a: Loaded,
    /// After.
    pub b: Loaded,
    /// Labels of the sides.
    pub labels: (String, String),
}

fn files_of(
    side: &Side,
    history: Option<&History>,
    dir: Option<&Path>,
    limits: &Limits,
) -> Result<Vec<InputFile>, DiffError> {
    Ok(match side {
        Side::Dir(d) => Source::Dir(d.clone()).files(limits)?,
        Side::Commit(rev) => history
            .expect("git side has a history")
            .files_at(rev, limits)?,
        Side::WorkTree => {
            Source::Dir(dir.ok_or(DiffError::Bundled)?.to_path_buf()).files(limits)?
        }
    })
}

fn label(side: &Side) -> String {
    match side {
        Side::Dir(d) => d.display().to_string(),
        Side::Commit(r) => r.label.clone(),
        Side::WorkTree => "working tree".into(),
    }
}

/// Loads both sides; between git revisions (or a revision and the working tree) only the
/// files that differ are read and parsed.
pub fn load_pair(
    a: &Side,
    b: &Side,
    history: Option<&History>,
    dir: Option<&Path>,
    limits: &Limits,
) -> Result<Pair, DiffError> {
    let labels = (label(a), label(b));
    if let (Side::Commit(ra), Side::Commit(_) | Side::WorkTree, Some(h)) = (a, b, history) {
        let rb = match b {
            Side::Commit(r) => Some(r),
            _ => None,
        };
        let manifest = vec!["catalogue.yaml".to_string()];
        let others_a = h.some_files_at(ra, &manifest, limits)?;
        let others_b = match rb {
            Some(rb) => h.some_files_at(rb, &manifest, limits)?,
            None => Vec::new(),
        };
        // A git2 repository cannot be shared between threads: this thread walks the trees and
        // reads the changed blobs while the pool already parses the ones read so far.
        let (tx, rx) = std::sync::mpsc::channel::<(bool, InputFile)>();
        let (walked, decoded, others_b) = std::thread::scope(|s| {
            let parser = s.spawn(move || {
                rx.into_iter()
                    .par_bridge()
                    .map(|(after, f)| (after, catalogue::decode_procedure(f, limits)))
                    .collect::<Vec<_>>()
            });
            let send = |after: bool, f: InputFile| {
                // The receiver lives until every file is sent.
                let _ = tx.send((after, f));
            };
            let procedure = |rel: &Option<String>| {
                rel.as_ref()
                    .filter(|r| r.starts_with("procedures/"))
                    .cloned()
            };
            let mut others_b = others_b;
            let walked = match rb {
                Some(rb) => h.changed_between(ra, rb, &mut |c| {
                    if let (Some(rel), Some((oid, mode))) = (procedure(&c.old), c.old_blob) {
                        send(false, h.blob_file(rel, oid, mode, &ra.label, limits));
                    }
                    if let (Some(rel), Some((oid, mode))) = (procedure(&c.new), c.new_blob) {
                        send(true, h.blob_file(rel, oid, mode, &rb.label, limits));
                    }
                }),
                None => h.changed(ra, None).map(|changed| {
                    let mut worktree = vec!["catalogue.yaml".to_string()];
                    for c in changed {
                        if let (Some(rel), Some((oid, mode))) = (procedure(&c.old), c.old_blob) {
                            send(false, h.blob_file(rel, oid, mode, &ra.label, limits));
                        }
                        worktree.extend(procedure(&c.new));
                    }
                    for f in h.worktree_files(&worktree, limits) {
                        if f.rel.starts_with("procedures/") {
                            send(true, f);
                        } else {
                            others_b.push(f);
                        }
                    }
                }),
            };
            drop(tx);
            let decoded = parser
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (walked, decoded, others_b)
        });
        walked?;
        let (after, before): (Vec<_>, Vec<_>) = decoded.into_iter().partition(|(b, _)| *b);
        let strip = |v: Vec<(bool, catalogue::Decoded)>| v.into_iter().map(|(_, d)| d).collect();
        // The tree diff has already told us the catalogue exists at `ra`.
        return Ok(Pair {
            a: catalogue::assemble_for_comparison(others_a, strip(before), limits),
            b: catalogue::assemble_for_comparison(others_b, strip(after), limits),
            labels,
        });
    }
    let fa = files_of(a, history, dir, limits)?;
    let fb = files_of(b, history, dir, limits)?;
    Ok(Pair {
        a: catalogue::load(fa, limits),
        b: catalogue::load(fb, limits),
        labels,
    })
}

/// Warnings for files that could not be read on either side.
pub fn unreadable(pair: &Pair) -> String {
    let mut s = String::new();
    for (loaded, label) in [(&pair.a, &pair.labels.0), (&pair.b, &pair.labels.1)] {
        let errors: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && d.code != "catalogue/duplicate-code")
            .collect();
        if errors.is_empty() {
            continue;
        }
        s.push_str(&format!(
            "warning: the catalogue at {label} has {} error(s); procedures that could not be read are left out of the diff:\n",
            errors.len()
        ));
        for d in errors.iter().take(10) {
            let (line, col) = d.line_col().unwrap_or((0, 0));
            let file = d
                .file
                .as_ref()
                .map(|f| f.path.display().to_string())
                .unwrap_or_default();
            s.push_str(&format!(
                "  {file}:{line}:{col}: {} [{}]\n",
                d.message.en, d.code
            ));
        }
        if errors.len() > 10 {
            s.push_str(&format!(
                "  … and {} more (run `thutuc validate`)\n",
                errors.len() - 10
            ));
        }
    }
    s
}

/// Runs `diff`.
pub fn run(g: &Global, o: &Options) -> Result<Outcome, DiffError> {
    let limits = g.limits();
    let dir = catalogue_dir(g);
    let mut history = None;
    let a = side(&o.rev_a, &mut history, dir.as_deref())?;
    let b = match &o.rev_b {
        Some(spec) => side(spec, &mut history, dir.as_deref())?,
        None => Side::WorkTree,
    };
    let pair = load_pair(&a, &b, history.as_ref(), dir.as_deref(), &limits)?;
    let d = compare(&pair.a.catalogue, &pair.b.catalogue);
    let lang = g.lang.unwrap_or(pair.b.catalogue.manifest.language);
    let stdout = match o.format {
        Format::Human => render::human(&d, lang, g.color),
        Format::Markdown => render::markdown(&d, lang),
        Format::Json => render::json(&d),
    };
    let code = if o.exit_code && !d.is_empty() {
        exit::FINDINGS
    } else {
        exit::OK
    };
    Ok(Outcome {
        stdout,
        stderr: unreadable(&pair),
        code,
    })
}

/// The semantic diff of two loaded catalogues.
pub fn compare(a: &Catalogue, b: &Catalogue) -> diff::CatalogueDiff {
    let mut d = diff::catalogues(&a.procedures, &b.procedures);
    diff::labels::describe(&mut d, &a.procedures, &b.procedures, &b.manifest);
    d
}
