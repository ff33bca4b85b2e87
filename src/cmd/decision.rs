//! `thutuc decision --from REV --to REV [--province ID] --format F -o OUT`: the decision
//! publishing the changes of the (localised) catalogue between two revisions.
//!
//! The file is written atomically: into a temporary file in the target directory, then
//! renamed over the target, so a failed export never leaves a partial document behind.

use super::diff::{DiffError, Pair, Side, catalogue_dir, side, unreadable};
use super::{Global, Outcome};
use crate::catalogue::{self, InputFile, Source};
use crate::diag::Lang;
use crate::exit;
use crate::export::{self, Decision};
use crate::git::{History, Rev};
use crate::limits::Limits;
use std::path::{Path, PathBuf};

/// Output formats of `decision`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown.
    Markdown,
    /// A self-contained HTML page that prints well.
    Html,
    /// A Word document (opens in Word and LibreOffice).
    Docx,
    /// JSON, for portal import.
    Json,
    /// CSV of the Part I lists, for portal import.
    Csv,
}

/// Options of `decision`.
#[derive(Debug, Clone)]
pub struct Options {
    /// The older revision.
    pub from: String,
    /// The newer revision.
    pub to: String,
    /// Province overlay id (none: the national catalogue).
    pub province: Option<String>,
    /// Output format.
    pub format: Format,
    /// Output file.
    pub output: PathBuf,
    /// Replace an existing output file.
    pub force: bool,
}

/// A problem that stops `decision` (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    /// Resolving or loading a revision failed.
    #[error(transparent)]
    Diff(#[from] DiffError),
    /// A usage problem explained in words.
    #[error("{0}")]
    Usage(String),
    /// Writing the output failed.
    #[error("cannot write {path}: {message}")]
    Write {
        /// The output path.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

fn usage(s: impl Into<String>) -> DecisionError {
    DecisionError::Usage(s.into())
}

/// Checks `-o` against the write policy of [`crate::atomic::check_output_file`] (no link on
/// the way, only a regular file replaced and only with `--force`, a relative path stays in
/// the current folder) and returns the path to write.
pub fn check_output(path: &Path, force: bool, lang: Lang) -> Result<PathBuf, DecisionError> {
    crate::atomic::check_output_file(path, force)
        .map_err(|r| usage(format!("-o {}", r.message.get(lang))))
}

/// Writes `bytes` to `path` atomically (see [`crate::atomic::write`]).
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<(), DecisionError> {
    crate::atomic::write(path, bytes, force).map_err(|e| DecisionError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// The catalogue folder's path inside its repository, to list `provinces/` at a commit.
fn prefix(h: &History) -> PathBuf {
    let root = h
        .repo()
        .workdir()
        .and_then(|w| w.canonicalize().ok())
        .unwrap_or_default();
    h.dir()
        .strip_prefix(&root)
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The overlay files at a commit (their names only: reading them is left to the loader).
fn province_files(h: &History, rev: &Rev) -> Result<Vec<String>, DiffError> {
    let git = |e: git2::Error| DiffError::Git(e.into());
    let tree = h
        .repo()
        .find_commit(rev.oid)
        .map_err(git)?
        .tree()
        .map_err(git)?;
    let Ok(entry) = tree.get_path(&prefix(h).join("provinces")) else {
        return Ok(Vec::new());
    };
    let Ok(sub) = h.repo().find_tree(entry.id()) else {
        return Ok(Vec::new());
    };
    Ok(sub
        .iter()
        .filter_map(|e| e.name().ok().map(|n| format!("provinces/{n}")))
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
        .collect())
}

fn label(s: &Side) -> String {
    match s {
        Side::Dir(d) => d.display().to_string(),
        Side::Commit(r) => r.label.clone(),
        Side::WorkTree => "working tree".into(),
    }
}

/// Loads both revisions. Between two commits only the manifest, the overlays and the
/// procedure files the tree diff names are read: a decision is about what changed. When an
/// overlay itself changed, every procedure may read differently, so both sides are loaded
/// whole.
fn load(
    a: &Side,
    b: &Side,
    history: Option<&History>,
    localised: bool,
    limits: &Limits,
) -> Result<Pair, DiffError> {
    let labels = (label(a), label(b));
    if let (Side::Commit(ra), Side::Commit(rb), Some(h)) = (a, b, history) {
        let changed = h.changed(ra, Some(rb))?;
        let overlay_changed = changed.iter().any(|c| {
            [&c.old, &c.new]
                .into_iter()
                .flatten()
                .any(|r| r.starts_with("provinces/"))
        });
        if localised && overlay_changed {
            return Ok(Pair {
                a: catalogue::load_part(h.files_at(ra, limits)?, limits),
                b: catalogue::load_part(h.files_at(rb, limits)?, limits),
                labels,
            });
        }
        let mut rels_a: Vec<String> = vec!["catalogue.yaml".into()];
        let mut rels_b = rels_a.clone();
        rels_a.extend(province_files(h, ra)?);
        rels_b.extend(province_files(h, rb)?);
        for c in changed {
            rels_a.extend(c.old.filter(|r| r.starts_with("procedures/")));
            rels_b.extend(c.new.filter(|r| r.starts_with("procedures/")));
        }
        return Ok(Pair {
            a: catalogue::load_part(h.some_files_at(ra, &rels_a, limits)?, limits),
            b: catalogue::load_part(h.some_files_at(rb, &rels_b, limits)?, limits),
            labels,
        });
    }
    let files = |s: &Side| -> Result<Vec<InputFile>, DiffError> {
        Ok(match s {
            Side::Dir(d) => Source::Dir(d.clone()).files(limits)?,
            Side::Commit(r) => history
                .expect("a commit has a history")
                .files_at(r, limits)?,
            Side::WorkTree => unreachable!("--to is required"),
        })
    };
    // Whole catalogues are checked as such, overlays included.
    Ok(Pair {
        a: catalogue::load(files(a)?, limits),
        b: catalogue::load(files(b)?, limits),
        labels,
    })
}

/// Builds the decision (no writing): for benchmarks and callers that write elsewhere.
pub fn decision(g: &Global, o: &Options) -> Result<(Decision, String), DecisionError> {
    let limits = g.limits();
    let dir = catalogue_dir(g);
    let mut history = None;
    let a = side(&o.from, &mut history, dir.as_deref())?;
    let b = side(&o.to, &mut history, dir.as_deref())?;
    if let (Side::Commit(ra), Side::Commit(rb), Some(h)) = (&a, &b, history.as_ref())
        && ra.oid != rb.oid
        && h.repo()
            .graph_descendant_of(ra.oid, rb.oid)
            .map_err(|e| DiffError::Git(e.into()))?
    {
        return Err(usage(format!(
            "--from {} is newer than --to {} (it descends from it): swap the two revisions",
            ra.label, rb.label
        )));
    }
    let pair = load(&a, &b, history.as_ref(), o.province.is_some(), &limits)?;
    let (before, after) = (&pair.a.catalogue, &pair.b.catalogue);
    let (pa, pb) = match &o.province {
        None => (None, None),
        Some(id) => {
            let find = |c: &'_ catalogue::Catalogue| {
                c.provinces
                    .iter()
                    .position(|p| p.id.as_str() == id.as_str())
            };
            let Some(kb) = find(after) else {
                let ids: Vec<&str> = after.provinces.iter().map(|p| p.id.as_str()).collect();
                let hint = match crate::diag::nearest(id, ids.iter().copied()) {
                    Some(n) => format!(": did you mean `{n}`?"),
                    None if ids.is_empty() => ": the catalogue has no provinces/ overlays".into(),
                    None => format!(": the provinces are {}", ids.join(", ")),
                };
                return Err(usage(format!(
                    "there is no province `{id}` at {}{hint}",
                    pair.labels.1
                )));
            };
            // An overlay added between the revisions localises only the newer side: the
            // older side is then the national content.
            (
                find(before).map(|k| &before.provinces[k]),
                Some(&after.provinces[kb]),
            )
        }
    };
    let lang: Lang = g.lang.unwrap_or(after.manifest.language);
    let d = export::build(&export::Input {
        before,
        after,
        province_before: pa,
        province_after: pb,
        lang,
        labels: pair.labels.clone(),
    });
    Ok((d, unreadable(&pair)))
}

/// Renders a decision in a format.
pub fn render(d: &Decision, format: Format) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Markdown => export::markdown::render(d).into_bytes(),
        Format::Html => export::html::render(d).into_bytes(),
        Format::Docx => export::docx::render(d)?,
        Format::Json => d.json().into_bytes(),
        Format::Csv => export::csv::render(d).into_bytes(),
    })
}

/// Runs `decision`.
pub fn run(g: &Global, o: &Options) -> Result<Outcome, DecisionError> {
    // Checked first so that a bad `-o` costs nothing and never half-runs.
    let target = check_output(&o.output, o.force, g.message_lang())?;
    let (d, warnings) = decision(g, o)?;
    let bytes = render(&d, o.format).map_err(|message| DecisionError::Write {
        path: o.output.clone(),
        message,
    })?;
    crate::atomic::write(&target, &bytes, o.force).map_err(|e| DecisionError::Write {
        path: o.output.clone(),
        message: e.to_string(),
    })?;
    let summary = match d.lang {
        Lang::Vi => format!(
            "đã ghi {}: {} thủ tục mới, {} được sửa đổi, bổ sung, {} bị bãi bỏ\n",
            o.output.display(),
            d.new.len(),
            d.amended.len(),
            d.abolished.len()
        ),
        Lang::En => format!(
            "wrote {}: {} new, {} amended, {} abolished\n",
            o.output.display(),
            d.new.len(),
            d.amended.len(),
            d.abolished.len()
        ),
    };
    Ok(Outcome {
        stdout: summary,
        stderr: warnings,
        code: exit::OK,
    })
}
