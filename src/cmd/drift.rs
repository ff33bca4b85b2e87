//! `thutuc drift --province ID [--at DATE] --format F`: the national changes a province has
//! not localised yet. The overlay "last followed" the national catalogue at the last commit
//! (first-parent line of HEAD, on or before `--at`) that changed `provinces/ID.yaml`; what
//! changed nationally since then, on the procedures it localises or in its fields, is
//! pending, each with its act, due date and the days left.

use super::report::{date_arg, history, province};
use super::revision::{RevisionError, Side, catalogue_dir, finish, load_pair, usable};
use super::{Global, Outcome};
use crate::diag::Lang;
use crate::exit;
use crate::git::History;
use crate::messages::t;
use crate::report::drift::{self, Change, Drift};
use crate::tr;
use jiff::civil::Date;
use serde_json::json;
use std::fmt::Write as _;

/// Output formats of `drift`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for the terminal.
    Human,
    /// JSON.
    Json,
}

/// Options of `drift`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Province id.
    pub province: String,
    /// The date listed (default: today).
    pub at: Option<String>,
    /// Output format.
    pub format: Format,
}

/// Today in Vietnam (see [`crate::dates::today`]).
pub fn today() -> Date {
    crate::dates::today()
}

/// The listing of one province at `at`. `current`: the catalogue to take the overlay, the
/// national procedures and the calendar from when the caller has it loaded (`check`); else
/// the commit listed is read in full.
pub fn listing(
    h: &History,
    dir: Option<&std::path::Path>,
    limits: &crate::limits::Limits,
    id: &str,
    at: Date,
    current: Option<&crate::catalogue::Catalogue>,
) -> Result<Drift, RevisionError> {
    let head = h.resolve("HEAD")?;
    let line = h.first_parent_line(&head)?;
    let Some(at_k) = line.iter().position(|(_, d)| *d <= at) else {
        let (vi, en) = (crate::wording::date(at, Lang::Vi), at.to_string());
        return Err(RevisionError::Said(
            tr!(
                "the catalogue has no commit on or before {en}",
                "danh mục chưa có commit nào đến ngày {vi}"
            ),
            None,
        ));
    };
    let at_rev = h.rev_of(line[at_k].0);
    let loaded;
    let cat = match current {
        Some(c) => c,
        None => {
            loaded = usable(
                crate::catalogue::load(h.files_at(&at_rev, limits)?, limits),
                &at_rev.label,
            )?;
            &loaded.catalogue
        }
    };
    let overlay = province(cat, id, &at_rev.label)?;
    let rel = overlay_rel(overlay);
    let follow = drift::last_change(h, &line, at_k, &rel)?;
    let follows = follow.map(|k| (h.rev_of(line[k].0).label, line[k].1));
    let (before, after) = match follow {
        Some(k) if k != at_k => {
            let pair = load_pair(
                &Side::Commit(h.rev_of(line[k].0)),
                &Side::Commit(at_rev.clone()),
                Some(h),
                dir,
                limits,
            )?;
            (pair.a.catalogue.procedures, pair.b.catalogue.procedures)
        }
        _ => (Vec::new(), Vec::new()),
    };
    let calendar = cat.calendar();
    Ok(drift::build(&drift::Input {
        province: overlay,
        before: &before,
        after: &after,
        national: &cat.procedures,
        manifest: &cat.manifest,
        calendar: &calendar,
        at,
        follows,
    }))
}

/// The overlay's path in the catalogue (`provinces/<file>`).
fn overlay_rel(p: &crate::province::Province) -> String {
    let shown = p.file.path.to_string_lossy().replace('\\', "/");
    let name = shown.rsplit('/').next().unwrap_or(&shown);
    format!("provinces/{name}")
}

/// Runs `drift`.
pub fn run(g: &Global, o: &Options) -> Result<Outcome, RevisionError> {
    finish(g, run_drift(g, o))
}

fn run_drift(g: &Global, o: &Options) -> Result<Outcome, RevisionError> {
    let at = match &o.at {
        Some(s) => date_arg("--at", s)?,
        None => today(),
    };
    let h = history(g)?;
    let d = listing(
        &h,
        catalogue_dir(g).as_deref(),
        &g.limits(),
        &o.province,
        at,
        None,
    )?;
    let lang = g.lang.unwrap_or_else(|| g.language());
    let stdout = match o.format {
        Format::Human => crate::sanitize::terminal(&human(&d, lang)).into_owned(),
        Format::Json => json(&d),
    };
    Ok(Outcome::out(stdout, exit::OK))
}

fn change_words(c: Change, lang: Lang) -> &'static str {
    match c {
        Change::New => t(lang, "công bố mới", "new"),
        Change::Amended => t(lang, "sửa đổi, bổ sung", "amended"),
        Change::Abolished => t(lang, "bãi bỏ", "abolished"),
    }
}

/// The days left in words: "còn 5 ngày", "quá hạn 3 ngày".
pub fn days_words(days: i64, lang: Lang) -> String {
    match (days < 0, lang) {
        (false, Lang::Vi) => format!("còn {days} ngày"),
        (false, Lang::En) => format!("{days} day(s) left"),
        (true, Lang::Vi) => format!("quá hạn {} ngày", -days),
        (true, Lang::En) => format!("overdue by {} day(s)", -days),
    }
}

/// For the terminal.
pub fn human(d: &Drift, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} — {} {}",
        d.province.1.get(lang),
        t(
            lang,
            "địa phương hóa còn thiếu, tính đến ngày",
            "localisation pending as of"
        ),
        crate::wording::date(d.at, lang)
    );
    match &d.follows {
        Some((c, date)) => {
            let _ = writeln!(
                s,
                "{}: {c} ({})",
                t(
                    lang,
                    "Bản địa phương hóa cập nhật lần cuối tại commit",
                    "The overlay last followed the national catalogue at commit"
                ),
                crate::wording::date(*date, lang)
            );
        }
        None => {
            let _ = writeln!(
                s,
                "{}",
                t(
                    lang,
                    "Bản địa phương hóa có từ commit đầu tiên đọc được",
                    "The overlay has been there since the first commit read"
                )
            );
        }
    }
    match &d.rule {
        Some(r) => {
            let _ = writeln!(
                s,
                "{}: {} {} ({})",
                t(lang, "Thời hạn công bố", "Time to publish"),
                r.working_days_before_in_force,
                t(
                    lang,
                    "ngày làm việc trước ngày văn bản có hiệu lực",
                    "working days before the act takes effect"
                ),
                r.source.get(lang)
            );
        }
        None => {
            let _ = writeln!(
                s,
                "{}",
                t(
                    lang,
                    "Thời hạn công bố: chưa có thông tin (catalogue.yaml chưa ghi `localisation:`)",
                    "Time to publish: not stated (catalogue.yaml has no `localisation:`)"
                )
            );
        }
    }
    s.push('\n');
    if d.pending.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            t(
                lang,
                "Không có thay đổi nào của danh mục quốc gia chờ địa phương hóa.",
                "No national change is waiting to be localised."
            )
        );
    }
    let unknown = t(lang, "chưa có thông tin", "not stated");
    for p in &d.pending {
        let _ = writeln!(
            s,
            "- {} {} ({})",
            p.code,
            p.name.get(lang),
            change_words(p.change, lang)
        );
        let _ = writeln!(
            s,
            "  {}: {}",
            t(lang, "Văn bản", "Act"),
            p.act.as_ref().map_or(unknown, |a| a.number.as_str())
        );
        let due = match (p.due, p.days_left) {
            (Some(due), Some(left)) => format!(
                "{} ({})",
                crate::wording::date(due, lang),
                days_words(left, lang)
            ),
            _ => format!(
                "{unknown}{}",
                p.no_due
                    .as_ref()
                    .map(|w| format!(" ({})", w.get(lang)))
                    .unwrap_or_default()
            ),
        };
        let _ = writeln!(s, "  {}: {due}", t(lang, "Hạn công bố", "Due"));
    }
    let overdue = d.overdue();
    if overdue > 0 {
        let _ = writeln!(
            s,
            "\n{}",
            match lang {
                Lang::Vi => format!("{overdue} thay đổi đã quá hạn địa phương hóa."),
                Lang::En => format!("{overdue} change(s) overdue."),
            }
        );
    }
    s
}

/// As JSON: `pending[]` with `code`, `act`, `due`, `days_left` (null when not known).
pub fn json(d: &Drift) -> String {
    let v = json!({
        "province": d.province.0,
        "at": d.at.to_string(),
        "follows": d.follows.as_ref().map(|(c, date)| json!({"commit": c, "date": date.to_string()})),
        "rule": d.rule.as_ref().map(|r| json!({
            "working_days_before_in_force": r.working_days_before_in_force,
            "source": r.source.vi,
        })),
        "pending": d.pending.iter().map(|p| json!({
            "code": p.code,
            "name": p.name.vi,
            "change": p.change,
            "act": p.act.as_ref().map(|a| &a.number),
            "act_in_force": p.act.as_ref().and_then(|a| a.in_force).map(|d| d.to_string()),
            "due": p.due.map(|d| d.to_string()),
            "days_left": p.days_left,
            "overdue": p.overdue(),
            "no_due": p.no_due.as_ref().map(|w| &w.en),
        })).collect::<Vec<_>>(),
        "overdue": d.overdue(),
    });
    serde_json::to_string_pretty(&v).expect("serializable") + "\n"
}
