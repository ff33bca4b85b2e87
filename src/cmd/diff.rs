//! `thutuc diff REV_A [REV_B]`: the semantic difference between two revisions of the
//! catalogue. A revision is a git revision or a directory; REV_B defaults to the working tree.

use super::revision::{RevisionError, Side, catalogue_dir, finish, load_pair, side};
use super::{Global, Outcome};
use crate::catalogue::Catalogue;
use crate::diff::{self, render};
use crate::exit;

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

/// Runs `diff`.
pub fn run(g: &Global, o: &Options) -> Result<Outcome, RevisionError> {
    let r = run_diff(g, o);
    let failed = r.is_err();
    let mut out = finish(g, r)?;
    // With --exit-code, 1 means "they differ": a revision that cannot be read is an error.
    if o.exit_code && failed && out.code == exit::FINDINGS {
        out.code = exit::ERROR;
    }
    Ok(out)
}

fn run_diff(g: &Global, o: &Options) -> Result<Outcome, RevisionError> {
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
        Format::Markdown => crate::sanitize::document(&render::markdown(&d, lang)).into_owned(),
        Format::Json => render::json(&d),
    };
    let code = if o.exit_code && !d.is_empty() {
        exit::FINDINGS
    } else {
        exit::OK
    };
    super::leave((pair, d, history));
    Ok(Outcome::out(stdout, code))
}

/// The semantic diff of two loaded catalogues.
pub fn compare(a: &Catalogue, b: &Catalogue) -> diff::CatalogueDiff {
    let mut d = diff::catalogues(&a.procedures, &b.procedures);
    diff::labels::describe(&mut d, &a.procedures, &b.procedures, &b.manifest);
    diff::acts::annotate(&mut d, &a.procedures, &b.procedures, &b.manifest.legal);
    let p = diff::provinces(
        &a.provinces,
        &b.provinces,
        &a.procedures,
        &b.procedures,
        &b.manifest,
    );
    d.amended.extend(p.amended);
    d
}
