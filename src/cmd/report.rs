//! `thutuc report --from DATE --to DATE [--province ID] --format F`: the periodic control
//! report. The end of the period is the catalogue at the last commit of the first-parent line
//! of HEAD dated on or before `--to`; its start, the last one before `--from`. Only the files
//! that differ between the two are compared; the end is read in full for what is in force.

use super::revision::{RevisionError, Side, catalogue_dir, finish, load_pair, usable};
use super::{Global, Outcome};
use crate::diag::Tr;
use crate::exit;
use crate::git::History;
use crate::report::{self, Period};
use crate::tr;
use jiff::civil::Date;

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for the terminal.
    Human,
    /// JSON.
    Json,
    /// CSV, one row a change.
    Csv,
    /// One self-contained HTML page with a chart.
    Html,
}

/// Options of `report`.
#[derive(Debug, Clone)]
pub struct Options {
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// A province's report.
    pub province: Option<String>,
    /// Output format.
    pub format: Format,
}

/// Runs `report`.
pub fn run(g: &Global, o: &Options) -> Result<Outcome, RevisionError> {
    finish(g, run_report(g, o))
}

/// Reads a date argument (ISO or dd/mm/yyyy); a usage error naming the flag otherwise.
pub fn date_arg(flag: &str, s: &str) -> Result<Date, RevisionError> {
    crate::dates::parse(s).ok_or_else(|| {
        let shown = s.escape_debug().to_string();
        RevisionError::Said(
            tr!(
                "{flag} {shown}: not a valid date",
                "{flag} {shown}: không phải ngày hợp lệ"
            ),
            Some(tr!(
                "write dd/mm/yyyy (24/01/2026) or ISO (2026-01-24)",
                "viết dd/mm/yyyy (24/01/2026) hoặc ISO (2026-01-24)"
            )),
        )
    })
}

/// The catalogue's history, or why there is none (git revisions need a catalogue folder in a
/// repository).
pub fn history(g: &Global) -> Result<History, RevisionError> {
    let dir = catalogue_dir(g).ok_or(RevisionError::Bundled)?;
    Ok(History::open(&dir)?)
}

/// A province of a loaded catalogue, or a usage error naming those there are.
pub fn province<'c>(
    cat: &'c crate::catalogue::Catalogue,
    id: &str,
    at: &str,
) -> Result<&'c crate::province::Province, RevisionError> {
    if let Some(p) = cat.provinces.iter().find(|p| p.id.as_str() == id) {
        return Ok(p);
    }
    let ids: Vec<&str> = cat.provinces.iter().map(|p| p.id.as_str()).collect();
    let hint = match crate::diag::nearest(id, ids.iter().copied()) {
        Some(n) => crate::messages::did_you_mean(&format!("`{n}`")),
        None if ids.is_empty() => tr!(
            "the catalogue has no provinces/ overlays",
            "danh mục không có bản địa phương nào trong provinces/"
        ),
        None => {
            let ids = ids.join(", ");
            tr!("the provinces are {ids}", "các tỉnh có là {ids}")
        }
    };
    Err(RevisionError::Said(
        Tr {
            en: format!("there is no province `{id}` at {at}"),
            vi: format!("tại {at} không có tỉnh `{id}`"),
        },
        Some(hint),
    ))
}

fn run_report(g: &Global, o: &Options) -> Result<Outcome, RevisionError> {
    let from = date_arg("--from", &o.from)?;
    let to = date_arg("--to", &o.to)?;
    if let Some(why) = report::bad_period(from, to) {
        return Err(RevisionError::Said(why, None));
    }
    let limits = g.limits();
    let h = history(g)?;
    let head = h.resolve("HEAD")?;
    let line = h.first_parent_line(&head)?;
    let Some(end) = line.iter().position(|(_, d)| *d <= to) else {
        let shown = crate::wording::date(to, crate::diag::Lang::Vi);
        let shown_en = to.to_string();
        return Err(RevisionError::Said(
            tr!(
                "the catalogue has no commit on or before {shown_en}: nothing was in force then",
                "danh mục chưa có commit nào đến ngày {shown}: chưa có gì để báo cáo"
            ),
            None,
        ));
    };
    // The start: the last commit before the period that holds the catalogue (none: the
    // catalogue began in the period, and everything at its end is new).
    let mut start = match line.iter().position(|(_, d)| *d < from) {
        Some(s) if h.has_catalogue(&h.rev_of(line[s].0))? => Some(s),
        _ => None,
    };
    // The period begins before the catalogue's history: what was in the catalogue when it
    // came into git is not known to be new (an empty catalogue before it would be a guess).
    // The report compares from that first commit and says so.
    let mut history_start = None;
    if start.is_none() {
        let mut first = None;
        for k in (end..line.len()).rev() {
            if h.has_catalogue(&h.rev_of(line[k].0))? {
                first = Some(k);
                break;
            }
        }
        if let Some(k) = first {
            history_start = Some((h.rev_of(line[k].0).label, line[k].1));
            start = Some(k);
        }
    }
    let end_rev = h.rev_of(line[end].0);
    let full = usable(
        crate::catalogue::load(h.files_at(&end_rev, &limits)?, &limits),
        &end_rev.label,
    )?;
    let dir = catalogue_dir(g);
    let (start_procs, changed) = match start {
        Some(s) => {
            let start_rev = h.rev_of(line[s].0);
            let pair = load_pair(
                &Side::Commit(start_rev),
                &Side::Commit(end_rev.clone()),
                Some(&h),
                dir.as_deref(),
                &limits,
            )?;
            (pair.a.catalogue.procedures, pair.b.catalogue.procedures)
        }
        // No commit holds the catalogue: nothing to compare.
        None => (Vec::new(), Vec::new()),
    };
    let dates = report::change_dates(&h, &line, end, start)?;
    let cat = &full.catalogue;
    let lang = g.lang.unwrap_or(cat.manifest.language);
    let province = match &o.province {
        Some(id) => Some(province(cat, id, &end_rev.label)?),
        None => None,
    };
    let r = report::build(&report::Input {
        period: Period { from, to },
        start: &start_procs,
        changed: &changed,
        end: &cat.procedures,
        manifest: &cat.manifest,
        dates: &dates,
        prefix: h.prefix(),
        province,
        start_commit: start
            .filter(|_| history_start.is_none())
            .map(|s| (h.rev_of(line[s].0).label, line[s].1)),
        history_start,
        end_commit: Some((end_rev.label.clone(), line[end].1)),
    });
    let stdout = match o.format {
        Format::Human => {
            crate::sanitize::terminal(&report::render::human(&r, &cat.manifest, lang)).into_owned()
        }
        Format::Json => report::render::json(&r),
        Format::Csv => report::render::csv(&r, lang),
        Format::Html => {
            crate::sanitize::document(&report::render::html(&r, &cat.manifest, lang)).into_owned()
        }
    };
    Ok(Outcome::out(stdout, exit::OK))
}
