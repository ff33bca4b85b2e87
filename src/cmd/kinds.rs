//! `thutuc decision --kind process|online|postal|boundary-free|internal --to REV [--from REV]
//! [--province ID] …`: the decision approving internal processes, and the delivery list
//! decisions (online, public postal service, regardless of administrative boundary, internal
//! procedures). Both revisions are read whole and must validate: a process over its deadline
//! is an error (exit 1) and nothing is written.

use super::decision::{self, DecisionError, Format};
use super::revision::{self, Side, catalogue_dir, side, usable};
use super::{Global, Outcome};
use crate::catalogue;
use crate::diag::{Lang, Tr};
use crate::exit;
use crate::export::process::{self as kinds, Kind, KindDecision};
use std::path::PathBuf;

/// `--kind` as typed: the catalogue decision or one of the other kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// The catalogue decision (new, amended, abolished procedures).
    Publish,
    /// The approval of internal processes.
    Process,
    /// Procedures online, fully or partly.
    Online,
    /// Procedures through the public postal service.
    Postal,
    /// Procedures received regardless of administrative boundary.
    BoundaryFree,
    /// Internal procedures between state bodies.
    Internal,
}

impl KindArg {
    /// The kind of decision other than the catalogue decision.
    pub fn kind(self) -> Option<Kind> {
        Some(match self {
            KindArg::Publish => return None,
            KindArg::Process => Kind::Process,
            KindArg::Online => Kind::Online,
            KindArg::Postal => Kind::Postal,
            KindArg::BoundaryFree => Kind::BoundaryFree,
            KindArg::Internal => Kind::Internal,
        })
    }
}

/// The catalogue decision publishes changes: it needs `--from`.
pub fn from_required() -> DecisionError {
    DecisionError::Usage(crate::tr!(
        "the catalogue decision needs --from REV (the revision it publishes the changes since); the other kinds (--kind process, online, postal, boundary-free, internal) do not",
        "quyết định công bố danh mục cần --from REV (phiên bản trước đó để so sánh); các loại khác (--kind process, online, postal, boundary-free, internal) thì không cần"
    ))
}

/// Options of `decision --kind` (other than the catalogue decision).
#[derive(Debug, Clone)]
pub struct Options {
    /// Which decision.
    pub kind: Kind,
    /// The older revision (only what changed since it).
    pub from: Option<String>,
    /// The revision decided on.
    pub to: String,
    /// Province overlay id.
    pub province: Option<String>,
    /// Output format.
    pub format: Format,
    /// Output file.
    pub output: PathBuf,
    /// Replace an existing output file.
    pub force: bool,
    /// `--number`, `--date`, `--signer` as typed.
    pub number: Option<String>,
    /// See `number`.
    pub date: Option<String>,
    /// See `number`.
    pub signer: Option<String>,
}

/// Runs the decision of a kind.
pub fn run(g: &Global, o: &Options) -> Result<Outcome, DecisionError> {
    match run_kind(g, o) {
        Err(DecisionError::Diff(e)) => revision::finish(g, Err(e)).map_err(DecisionError::Diff),
        r => r,
    }
}

/// Builds the decision (no writing).
pub fn build(g: &Global, o: &Options) -> Result<KindDecision, DecisionError> {
    let limits = g.limits();
    let dir = catalogue_dir(g);
    let mut history = None;
    let b = side(&o.to, &mut history, dir.as_deref())?;
    let a = match &o.from {
        Some(f) => Some(side(f, &mut history, dir.as_deref())?),
        None => None,
    };
    let load = |s: &Side| -> Result<catalogue::Loaded, DecisionError> {
        let files = revision::files_of(s, history.as_ref(), dir.as_deref(), &limits)?;
        Ok(usable(
            catalogue::load(files, &limits),
            &revision::label(s),
        )?)
    };
    let after = load(&b)?;
    let before = a.as_ref().map(load).transpose()?;
    let (after, before) = (&after.catalogue, before.as_ref().map(|l| &l.catalogue));
    let (pa, pb) = match &o.province {
        None => (None, None),
        Some(id) => {
            let find =
                |c: &catalogue::Catalogue| c.provinces.iter().position(|p| p.id.as_str() == id);
            let Some(kb) = find(after) else {
                let ids: Vec<&str> = after.provinces.iter().map(|p| p.id.as_str()).collect();
                let hint = crate::diag::suggest(id, &ids);
                return Err(DecisionError::Usage(Tr {
                    en: format!("there is no province `{id}` at {}: {}", o.to, hint.en),
                    vi: format!("tại {} không có tỉnh `{id}`: {}", o.to, hint.vi),
                }));
            };
            (
                before.and_then(|c| find(c).map(|k| &c.provinces[k])),
                Some(&after.provinces[kb]),
            )
        }
    };
    let d = decision::Options {
        from: String::new(),
        to: o.to.clone(),
        province: o.province.clone(),
        format: o.format,
        output: o.output.clone(),
        force: o.force,
        number: o.number.clone(),
        date: o.date.clone(),
        signer: o.signer.clone(),
    };
    let sign = decision::signing(&d)?;
    let lang: Lang = g.lang.unwrap_or(after.manifest.language);
    Ok(kinds::build(&kinds::Input {
        kind: o.kind,
        before,
        after,
        province_before: pa,
        province_after: pb,
        lang,
        labels: (a.as_ref().map(revision::label), revision::label(&b)),
        sign,
    }))
}

/// Renders a decision of a kind in a format.
pub fn render(d: &KindDecision, format: Format) -> Result<Vec<u8>, String> {
    use crate::export::kind_layout as layout;
    Ok(match format {
        Format::Markdown => crate::sanitize::document(&layout::markdown(d))
            .into_owned()
            .into_bytes(),
        Format::Html => crate::sanitize::document(&layout::html(d))
            .into_owned()
            .into_bytes(),
        Format::Docx => layout::docx(d)?,
        Format::Json => d.json().into_bytes(),
        Format::Csv => layout::csv(d).into_bytes(),
    })
}

fn run_kind(g: &Global, o: &Options) -> Result<Outcome, DecisionError> {
    let target = decision::check_output(&o.output, o.force)?;
    let d = build(g, o)?;
    // A decision approving no process is nothing to sign: say so, write nothing.
    if d.kind == Kind::Process && d.procedures.is_empty() {
        return Err(DecisionError::Usage(match &o.from {
            Some(from) => crate::tr!(
                "no internal process is new or changed since {from}: no decision is written",
                "không có quy trình nội bộ nào mới hoặc thay đổi kể từ {from}: không ghi quyết định"
            ),
            None => crate::tr!(
                "no procedure (and no province overlay) has a `process:`: there is no internal process to approve, no decision is written",
                "chưa thủ tục nào (kể cả trong tệp địa phương hóa) có mục `process:`: không có quy trình nội bộ nào để phê duyệt, không ghi quyết định"
            ),
        }));
    }
    let bytes = render(&d, o.format).map_err(|message| DecisionError::Write {
        path: o.output.clone(),
        message,
    })?;
    decision::write_atomic(&target, &bytes, o.force)?;
    let out = o.output.display();
    let summary = match (d.kind, &d.added, &d.removed) {
        (Kind::Process, _, _) => {
            let n = d.procedures.len();
            let steps: usize = d.procedures.iter().map(|e| e.steps.len()).sum();
            match d.lang {
                Lang::Vi => format!("đã ghi {out}: {n} quy trình nội bộ, {steps} bước\n"),
                Lang::En => format!("wrote {out}: {n} internal processes, {steps} steps\n"),
            }
        }
        (_, Some(a), Some(r)) => match d.lang {
            Lang::Vi => format!(
                "đã ghi {out}: {} thủ tục được bổ sung, {} thủ tục được đưa ra khỏi danh mục\n",
                a.len(),
                r.len()
            ),
            Lang::En => format!("wrote {out}: {} added, {} removed\n", a.len(), r.len()),
        },
        _ => {
            let n = d.list.as_ref().map_or(0, Vec::len);
            match d.lang {
                Lang::Vi => format!("đã ghi {out}: danh mục {n} thủ tục\n"),
                Lang::En => format!("wrote {out}: a list of {n} procedures\n"),
            }
        }
    };
    Ok(Outcome {
        stdout: summary,
        stderr: decision::warnings_text(&d.warnings, d.lang),
        code: exit::OK,
    })
}
