//! `thutuc validate`: check a catalogue and report every finding.

use super::revision::{RevisionError, catalogue_dir};
use super::{Global, Outcome};
use crate::catalogue::{self, InputFile, Source};
use crate::diag::{Diagnostic, render};
use crate::exit;
use crate::git::History;
use crate::limits::Limits;
use std::path::{Path, PathBuf};

/// Output formats of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Messages with source snippets.
    Human,
    /// JSON (SPEC.md shape).
    Json,
    /// GitHub Actions annotations.
    Github,
    /// SARIF 2.1.0.
    Sarif,
    /// JUnit XML.
    Junit,
}

/// Groups of warnings `--deny` turns into errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Deny {
    /// The rule analysis (`analysis/…`).
    Analysis,
}

/// Options of `validate`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only report findings in these files or folders.
    pub paths: Vec<PathBuf>,
    /// Output format.
    pub format: Format,
    /// Only procedures changed since this revision (and the working tree's changes).
    pub changed_since: Option<String>,
    /// Warnings reported as errors.
    pub deny: Vec<Deny>,
    /// The catalogue's date for the analysis (default today).
    pub at: Option<jiff::civil::Date>,
}

/// The files to check for `--changed-since`: the manifest and calendar always, procedures
/// only when they changed (everything when the manifest changed, since all depend on it).
fn changed_files(
    g: &Global,
    rev: &str,
    limits: &Limits,
) -> Result<(Vec<InputFile>, Vec<String>), RevisionError> {
    let dir = catalogue_dir(g).ok_or(RevisionError::Bundled)?;
    let h = History::open(&dir)?;
    let rev = h.resolve(rev)?;
    let changed: Vec<String> = h
        .changed(&rev, None)?
        .into_iter()
        .filter_map(|c| c.new)
        .collect();
    let every = changed.iter().any(|c| c == "catalogue.yaml");
    let mut unchanged = Vec::new();
    // The unchanged procedure files are not read at all.
    let files = Source::Dir(dir).files_where(limits, |f| {
        let keep = every || !f.rel.starts_with("procedures/") || changed.contains(&f.rel);
        if !keep {
            unchanged.push(f.rel.clone());
        }
        keep
    })?;
    Ok((files, unchanged))
}

/// What the PATHs of `validate` name: catalogues to check (none: the catalogue in use) and
/// parts of them to report on, each as a catalogue and a path relative to its root.
struct Targets {
    catalogues: Vec<PathBuf>,
    filters: Vec<(usize, PathBuf)>,
}

/// Sorts the PATHs into catalogues and parts of them; a PATH that does not exist, or lies
/// outside every catalogue checked, is a usage error (exit 2) rather than a filter that
/// quietly matches nothing.
fn targets(g: &Global, paths: &[PathBuf]) -> Result<Targets, RevisionError> {
    let is_catalogue = |p: &Path| p.is_dir() && p.join(catalogue::MANIFEST).is_file();
    let mut catalogues: Vec<PathBuf> = Vec::new();
    for p in paths {
        let shown = p.display().to_string();
        if std::fs::symlink_metadata(p).is_err() {
            return Err(RevisionError::Said(
                crate::tr!(
                    "{shown} does not exist: a PATH of validate is a catalogue folder, or a file or folder inside the catalogue",
                    "{shown} không tồn tại: PATH của validate là một thư mục danh mục, hoặc một tệp hay thư mục bên trong danh mục"
                ),
                None,
            ));
        }
        if is_catalogue(p) {
            catalogues.push(p.clone());
        }
    }
    let roots: Vec<(usize, PathBuf)> = if catalogues.is_empty() {
        catalogue_dir(g).into_iter().enumerate().collect()
    } else {
        catalogues.iter().cloned().enumerate().collect()
    };
    let roots: Vec<(usize, PathBuf)> = roots
        .into_iter()
        .filter_map(|(i, r)| r.canonicalize().ok().map(|r| (i, r)))
        .collect();
    let mut filters = Vec::new();
    for p in paths.iter().filter(|p| !is_catalogue(p)) {
        let real = p.canonicalize().unwrap_or_else(|_| p.clone());
        let inside = roots.iter().find_map(|(i, root)| {
            real.strip_prefix(root)
                .ok()
                .map(|rel| (*i, rel.to_path_buf()))
        });
        let Some(f) = inside else {
            let shown = p.display().to_string();
            let msg = match catalogue_dir(g) {
                None if catalogues.is_empty() => crate::tr!(
                    "{shown} is not inside the catalogue: there is no ./catalogue, so the bundled copy is checked; pass -C DIR or name the catalogue folder",
                    "{shown} không nằm trong danh mục: không có ./catalogue nên bản đóng gói sẵn được kiểm tra; dùng -C DIR hoặc ghi thư mục danh mục"
                ),
                _ => {
                    let list: Vec<String> = if catalogues.is_empty() {
                        catalogue_dir(g)
                            .into_iter()
                            .map(|d| d.display().to_string())
                            .collect()
                    } else {
                        catalogues.iter().map(|d| d.display().to_string()).collect()
                    };
                    let list = list.join(", ");
                    crate::tr!(
                        "{shown} is not inside the catalogue checked ({list}): name a file or folder inside it, or a catalogue folder",
                        "{shown} không nằm trong danh mục được kiểm tra ({list}): hãy ghi một tệp hay thư mục bên trong nó, hoặc một thư mục danh mục"
                    )
                }
            };
            return Err(RevisionError::Said(msg, None));
        };
        filters.push(f);
    }
    Ok(Targets {
        catalogues,
        filters,
    })
}

/// Runs `validate`.
pub fn run(g: &Global, o: &Options) -> Result<Outcome, RevisionError> {
    let t = targets(g, &o.paths)?;
    if t.catalogues.is_empty() {
        let filters: Vec<&Path> = t.filters.iter().map(|(_, p)| p.as_path()).collect();
        return check(g, o, &filters);
    }
    // Each catalogue named is checked on its own; the findings are reported together.
    let mut all = Checked::default();
    for (i, dir) in t.catalogues.iter().enumerate() {
        let gi = Global {
            catalogue: Some(dir.clone()),
            ..g.clone()
        };
        let filters: Vec<&Path> = t
            .filters
            .iter()
            .filter(|(k, _)| *k == i)
            .map(|(_, p)| p.as_path())
            .collect();
        let c = checked(&gi, o, &filters)?;
        all.lang = all.lang.or(c.lang);
        all.files += c.files;
        all.diags.extend(c.diags);
        all.junit_files.extend(c.junit_files);
    }
    Ok(report(g, o, all))
}

/// The findings of one catalogue, before rendering.
#[derive(Default)]
struct Checked {
    diags: Vec<Diagnostic>,
    files: usize,
    junit_files: Vec<String>,
    lang: Option<crate::diag::Lang>,
}

fn check(g: &Global, o: &Options, filters: &[&Path]) -> Result<Outcome, RevisionError> {
    let c = checked(g, o, filters)?;
    Ok(report(g, o, c))
}

fn checked(g: &Global, o: &Options, filters: &[&Path]) -> Result<Checked, RevisionError> {
    let limits = g.limits();
    let (mut loaded, unchanged) = match &o.changed_since {
        Some(rev) => {
            let (files, unchanged) = changed_files(g, rev, &limits)?;
            if unchanged.is_empty() {
                (catalogue::load(files, &limits), unchanged)
            } else {
                (catalogue::load_part(files, &limits), unchanged)
            }
        }
        None => (g.source().load(&limits)?, Vec::new()),
    };
    // A changed procedure must not take the code of one that did not change.
    for p in &loaded.catalogue.procedures {
        let clash = unchanged.iter().find(|rel| {
            rel.rsplit('/').next().and_then(|n| n.strip_suffix(".yaml")) == Some(p.code.as_str())
        });
        if let Some(other) = clash {
            let c = p.code.as_str();
            loaded.diagnostics.push(
                Diagnostic::error(
                    "catalogue/duplicate-code",
                    crate::tr!(
                        "the code {c} is already used by {other}",
                        "mã {c} đã được dùng trong {other}"
                    ),
                )
                .at(&p.file, p.code.start as usize, p.code.end as usize, None),
            );
        }
    }
    let lang = g.lang.unwrap_or(loaded.catalogue.manifest.language);
    let found = analysed(&loaded, o);
    let mut diags: Vec<Diagnostic> = loaded.diagnostics;
    diags.extend(found);
    if !filters.is_empty() {
        // Files are shown as the catalogue folder joined with their path inside it.
        let root = catalogue_dir(g).unwrap_or_default();
        diags.retain(|d| {
            d.file.as_ref().is_some_and(|f| {
                let rel = f.path.strip_prefix(&root).unwrap_or(&f.path);
                filters.iter().any(|p| rel.starts_with(p))
            })
        });
    }
    let mut junit_files: Vec<String> = loaded
        .catalogue
        .procedures
        .iter()
        .map(|p| p.file.path.display().to_string())
        .collect();
    if let Some(f) = &loaded.catalogue.manifest.file {
        junit_files.push(f.path.display().to_string());
    }
    let files = loaded.files;
    // The findings keep what they point into; the catalogue is let go before they are
    // rendered, so that the output is built in its space rather than on top of it (the peak
    // memory is then the loading's). The procedures are freed on all cores: one thread took
    // about 0.3 s to free 70,000.
    {
        use rayon::prelude::*;
        let catalogue::Catalogue {
            manifest,
            procedures,
            years,
            provinces,
        } = loaded.catalogue;
        procedures.into_par_iter().with_min_len(64).for_each(drop);
        drop((manifest, years, provinces));
    }
    // Freed is not yet reusable: the worker threads that decoded the catalogue hold its
    // memory until they next allocate, so the output would be built in fresh memory on top.
    super::release_freed();
    Ok(Checked {
        diags,
        files,
        junit_files,
        lang: Some(lang),
    })
}

/// The rule analysis of the loaded catalogue, as warnings or (denied) errors.
fn analysed(loaded: &catalogue::Loaded, o: &Options) -> Vec<Diagnostic> {
    let deny = o.deny.contains(&Deny::Analysis)
        || loaded
            .catalogue
            .manifest
            .deny
            .iter()
            .any(|d| d == crate::analysis::GROUP);
    let today = o.at.unwrap_or_else(crate::dates::today);
    crate::analysis::diagnostics(loaded, today, deny)
}

fn report(g: &Global, o: &Options, c: Checked) -> Outcome {
    let Checked {
        mut diags,
        files,
        junit_files,
        lang,
    } = c;
    let lang = g.lang.or(lang).unwrap_or_default();
    crate::diag::sort(&mut diags);
    crate::diag::read_files_again(&diags);
    let summary = render::Summary::of(files, &diags);
    let stdout = match o.format {
        Format::Human => render::human(&diags, summary, lang, g.color),
        Format::Json => render::json(&diags, summary, lang),
        Format::Github => render::github(&diags, lang),
        Format::Sarif => render::sarif(&diags, lang),
        Format::Junit => render::junit(&junit_files, &diags, lang),
    };
    // A file or folder that cannot be read is an I/O error, not a finding about the law.
    let code = if diags
        .iter()
        .any(|d| d.severity == crate::diag::Severity::Error && super::revision::is_fault(d.code))
    {
        exit::ERROR
    } else if summary.errors > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    };
    Outcome::out(stdout, code)
}
