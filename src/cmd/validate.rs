//! `thutuc validate`: check a catalogue and report every finding.

use super::{Global, Outcome};
use crate::catalogue::{self, LoadError};
use crate::diag::{Diagnostic, render};
use crate::exit;
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

/// Options of `validate`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only report findings in these files or folders.
    pub paths: Vec<PathBuf>,
    /// Output format.
    pub format: Format,
}

/// Runs `validate`.
pub fn run(g: &Global, o: &Options) -> Result<Outcome, LoadError> {
    let limits = Limits::default();
    let files = g.source().files(&limits)?;
    let loaded = catalogue::load(files, &limits);
    let lang = g.lang.unwrap_or(loaded.catalogue.manifest.language);
    let mut diags: Vec<Diagnostic> = loaded.diagnostics;
    if !o.paths.is_empty() {
        diags.retain(|d| {
            d.file
                .as_ref()
                .is_some_and(|f| o.paths.iter().any(|p| under(&f.path, p)))
        });
    }
    sort(&mut diags);
    let summary = render::Summary::of(loaded.files, &diags);
    let stdout = match o.format {
        Format::Human => render::human(&diags, summary, lang, g.color),
        Format::Json => render::json(&diags, summary, lang),
        Format::Github => render::github(&diags, lang),
        Format::Sarif => render::sarif(&diags, lang),
        Format::Junit => {
            let mut files: Vec<String> = loaded
                .catalogue
                .procedures
                .iter()
                .map(|p| p.file.path.display().to_string())
                .collect();
            if let Some(f) = &loaded.catalogue.manifest.file {
                files.push(f.path.display().to_string());
            }
            render::junit(&files, &diags, lang)
        }
    };
    let code = if summary.errors > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    };
    Ok(Outcome { stdout, code })
}

fn under(file: &Path, filter: &Path) -> bool {
    let norm = |p: &Path| {
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect::<PathBuf>()
    };
    norm(file).starts_with(norm(filter))
}

/// Orders findings by file, then position, so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            (
                d.file.as_ref().map(|f| f.path.clone()),
                d.labels.first().map(|l| l.start).unwrap_or(0),
            )
        };
        key(a).cmp(&key(b))
    });
}
