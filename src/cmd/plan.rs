//! `thutuc plan [--baseline REV] [--to REV] --format F [-o OUT] [--explain CODE]`: the
//! simplification plan with its compliance cost (Circular 02/2017/TT-VPCP, art. 27) between
//! the baseline and a revision. Only the procedure files that differ are read, as `diff` does:
//! a procedure that did not change cannot be in a plan.

use super::revision::{RevisionError, Side, catalogue_dir, finish, load_pair, revision_name, side};
use super::{Global, Outcome};
use crate::diag::Lang;
use crate::exit;
use crate::plan::{self, render::Sides};
use crate::tr;
use std::path::PathBuf;

/// Output formats of `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for the terminal.
    Human,
    /// JSON.
    Json,
    /// CSV, one row a procedure.
    Csv,
    /// One self-contained HTML page with a chart.
    Html,
    /// A Word document (needs -o).
    Docx,
}

/// Options of `plan`.
#[derive(Debug, Clone)]
pub struct Options {
    /// The baseline (default: `baseline` in catalogue.yaml).
    pub baseline: Option<String>,
    /// The revision measured (default: the working tree).
    pub to: Option<String>,
    /// Output format.
    pub format: Format,
    /// The file to write; standard output when absent (not for DOCX).
    pub output: Option<PathBuf>,
    /// Replace OUT when it exists.
    pub force: bool,
    /// Explain the computation of one procedure instead.
    pub explain: Option<String>,
}

/// Runs `plan`.
pub fn run(g: &Global, o: &Options) -> Result<Outcome, RevisionError> {
    finish(g, run_plan(g, o))
}

fn usage(t: crate::diag::Tr, hint: Option<crate::diag::Tr>) -> RevisionError {
    RevisionError::Said(t, hint)
}

fn run_plan(g: &Global, o: &Options) -> Result<Outcome, RevisionError> {
    // A bad -o costs nothing: checked before anything is read.
    let target = match &o.output {
        Some(p) => Some(crate::atomic::check_output_file(p, o.force).map_err(|r| {
            usage(
                crate::diag::Tr {
                    en: format!("-o {}", r.message.en),
                    vi: format!("-o {}", r.message.vi),
                },
                None,
            )
        })?),
        None if o.format == Format::Docx && o.explain.is_none() => {
            return Err(usage(
                tr!(
                    "a DOCX plan is a file: pass -o OUT.docx",
                    "phương án dạng DOCX là một tệp: hãy dùng -o TỆP.docx"
                ),
                None,
            ));
        }
        None => None,
    };
    let limits = g.limits();
    let dir = catalogue_dir(g);
    let baseline = match &o.baseline {
        Some(b) => b.clone(),
        None => crate::catalogue::manifest_baseline(&g.source()).ok_or_else(|| {
            usage(
                tr!(
                    "no baseline: there is no revision to measure the plan from",
                    "chưa có mốc so sánh: không có phiên bản nào để lập phương án"
                ),
                Some(tr!(
                    "pass --baseline REV or set `baseline:` in catalogue.yaml",
                    "dùng --baseline REV hoặc ghi `baseline:` trong catalogue.yaml"
                )),
            )
        })?,
    };
    let mut history = None;
    let a = side(&baseline, &mut history, dir.as_deref())?;
    let b = match &o.to {
        Some(spec) => side(spec, &mut history, dir.as_deref())?,
        None => Side::WorkTree,
    };
    let pair = load_pair(&a, &b, history.as_ref(), dir.as_deref(), &limits)?;
    let (ca, cb) = (&pair.a.catalogue, &pair.b.catalogue);
    let lang = g.lang.unwrap_or(cb.manifest.language);
    let labels = (
        revision_name(&pair.labels.0).get(lang).to_string(),
        revision_name(&pair.labels.1).get(lang).to_string(),
    );
    let p = match plan::build(&ca.procedures, &cb.procedures, &cb.manifest) {
        Ok(p) => p,
        Err(e) => {
            return Ok(Outcome {
                stdout: String::new(),
                stderr: crate::messages::error_block(lang, e.describe().get(lang), None),
                code: exit::ERROR,
            });
        }
    };
    if let Some(code) = &o.explain {
        return explain(g, o, code, &p, &pair, &labels, lang);
    }
    let sides = Sides {
        before: &labels.0,
        after: &labels.1,
    };
    let bytes = match o.format {
        Format::Human => crate::sanitize::terminal(&plan::render::human(
            &p,
            &cb.manifest,
            &sides,
            lang,
            super::table::terminal_width(),
        ))
        .into_owned()
        .into_bytes(),
        Format::Json => plan::render::json(&p, &sides, lang).into_bytes(),
        Format::Csv => plan::render::csv(&p, lang).into_bytes(),
        Format::Html => {
            crate::sanitize::document(&plan::render::html(&p, &cb.manifest, &sides, lang))
                .into_owned()
                .into_bytes()
        }
        Format::Docx => plan::docx::render(&p, &cb.manifest, &sides, lang)
            .map_err(|e| RevisionError::Usage(e.to_string()))?,
    };
    match (target, &o.output) {
        (Some(t), Some(shown)) => {
            crate::atomic::write(&t, &bytes, o.force).map_err(|e| {
                usage(
                    crate::diag::Tr {
                        en: format!("{}: {e}", shown.display()),
                        vi: format!("{}: {e}", shown.display()),
                    },
                    None,
                )
            })?;
            let n = p.procedures.len();
            Ok(Outcome::out(
                match lang {
                    Lang::Vi => format!("đã ghi {}: {n} thủ tục\n", shown.display()),
                    Lang::En => format!("wrote {}: {n} procedures\n", shown.display()),
                },
                exit::OK,
            ))
        }
        _ => Ok(Outcome::out(
            String::from_utf8(bytes).unwrap_or_default(),
            exit::OK,
        )),
    }
}

fn explain(
    g: &Global,
    o: &Options,
    code: &str,
    p: &plan::Plan,
    pair: &super::revision::Pair,
    labels: &(String, String),
    lang: Lang,
) -> Result<Outcome, RevisionError> {
    let find = |c: &crate::catalogue::Catalogue| {
        c.procedures
            .iter()
            .find(|x| x.code.as_str() == code)
            .cloned()
    };
    let (mut before, mut after) = (find(&pair.a.catalogue), find(&pair.b.catalogue));
    if before.is_none() && after.is_none() {
        // Not changed between the revisions (only changed files were read): the newer side
        // holds it as it was.
        let limits = g.limits();
        let dir = catalogue_dir(g);
        let mut history = None;
        let b = match &o.to {
            Some(spec) => side(spec, &mut history, dir.as_deref())?,
            None => Side::WorkTree,
        };
        let full = match (&b, history.as_ref()) {
            (Side::Commit(rev), Some(h)) => {
                crate::catalogue::load(h.files_at(rev, &limits)?, &limits)
            }
            (Side::Dir(d), _) => crate::catalogue::load(
                crate::catalogue::Source::Dir(d.clone()).files(&limits)?,
                &limits,
            ),
            _ => crate::catalogue::load(g.source().files(&limits)?, &limits),
        };
        after = find(&full.catalogue);
        before = after.clone();
    }
    let entry = p.procedures.iter().find(|e| e.code == code);
    match plan::explain::explain(
        code,
        before.as_ref(),
        after.as_ref(),
        &pair.b.catalogue.manifest,
        entry,
        (&labels.0, &labels.1),
        lang,
    ) {
        Some(text) => Ok(Outcome::out(
            crate::sanitize::terminal(&text).into_owned(),
            exit::OK,
        )),
        None => Err(RevisionError::NoProcedure(code.to_string())),
    }
}
