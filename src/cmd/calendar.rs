//! `thutuc calendar [YEAR] [--between DATE DATE]`: the rest days and make-up working days
//! of a year with their source, or the working days between two dates.

use super::{Global, Outcome};
use crate::calendar::listing::{self, YearListing};
use crate::calendar::{Calendar, FIRST_YEAR, LAST_YEAR, Step};
use crate::catalogue::{self, InputFile};
use crate::diag::{Diagnostic, Lang, Severity, Tr};
use crate::exit;
use crate::tr;
use jiff::civil::Date;
use serde_json::json;
use std::fmt::Write as _;

/// Output formats of `calendar`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable list.
    Human,
    /// JSON.
    Json,
    /// iCalendar (RFC 5545), for office calendars.
    Ics,
}

/// Options of `calendar`.
#[derive(Debug, Clone)]
pub struct Options {
    /// The year (default: this year).
    pub year: Option<String>,
    /// Two dates: count the working days between them.
    pub between: Option<Vec<String>>,
    /// Output format.
    pub format: Format,
}

/// Parses a date written as `2025-01-24` or `24/01/2025`.
pub fn parse_date(s: &str) -> Option<Date> {
    let t = s.trim();
    if let Ok(d) = t.parse::<Date>() {
        return Some(d);
    }
    let mut it = t.split('/');
    let (d, m, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

fn in_years(year: i64) -> bool {
    (i64::from(FIRST_YEAR)..=i64::from(LAST_YEAR)).contains(&year)
}

fn usage(msg: Tr, lang: Lang) -> String {
    crate::messages::error_block(lang, msg.get(lang), None)
}

/// Runs `calendar`. Usage errors come back as `Err` (exit 2), in the user's language, as
/// printed on standard error.
pub fn run(g: &Global, o: &Options) -> Result<Outcome, String> {
    let limits = g.limits();
    let files: Vec<InputFile> = g
        .source()
        .files(&limits)
        .map_err(|e| crate::messages::Localized::render(&e, g.message_lang()))?
        .into_iter()
        .filter(|f| f.rel == "catalogue.yaml" || f.rel.starts_with("calendar/"))
        .collect();
    let loaded = catalogue::load_part(files, &limits);
    let lang = g.lang.unwrap_or(loaded.catalogue.manifest.language);
    // A calendar file that cannot be trusted stops the command: never a silent default.
    let errors: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Ok(super::stopped_by(&errors, 0, lang, g.color));
    }
    let cal = loaded.catalogue.calendar();
    if let Some(between) = &o.between {
        return between_out(&cal, between, o, lang);
    }
    let year = match &o.year {
        None => crate::dates::today().year(),
        Some(s) => {
            let n: i64 = s.trim().parse().map_err(|_| {
                usage(
                    tr!(
                        "`{s}` is not a year: write it as 2026",
                        "`{s}` không phải một năm: hãy viết dạng 2026"
                    ),
                    lang,
                )
            })?;
            if !in_years(n) {
                let why = crate::calendar::supported();
                return Err(usage(
                    Tr {
                        en: format!("the year {n} is outside the calendar: {}", why.en),
                        vi: format!("năm {n} nằm ngoài lịch: {}", why.vi),
                    },
                    lang,
                ));
            }
            n as i16
        }
    };
    let y = YearListing::of(&cal, year);
    let stdout = match o.format {
        Format::Human => listing::human(&y, lang),
        Format::Json => json_year(&y, lang),
        Format::Ics => listing::to_ics(std::slice::from_ref(&y), lang, &stamp()),
    };
    Ok(Outcome::out(stdout, exit::OK))
}

/// The DTSTAMP: `SOURCE_DATE_EPOCH` when set (reproducible output), else now, in UTC.
fn stamp() -> String {
    let ts = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn json_year(y: &YearListing, lang: Lang) -> String {
    let source = y.source_label();
    let days: Vec<_> = y
        .entries
        .iter()
        .map(|e| {
            json!({
                "date": e.date.to_string(),
                "weekday": listing::weekday(e.date, lang),
                "kind": match e.kind {
                    listing::Kind::DayOff => "day_off",
                    listing::Kind::WorkingDay => "working_day",
                },
                "name": e.name.get(lang),
                "source": source.get(lang),
            })
        })
        .collect();
    let v = json!({
        "year": y.year,
        "computed": y.is_computed(),
        "provisional": y.is_computed(),
        "source": source.get(lang),
        "labour_code": crate::calendar::labour_code(y.year).cite().get(lang),
        "days": days,
    });
    serde_json::to_string_pretty(&v).expect("serializable") + "\n"
}

fn between_out(
    cal: &Calendar,
    between: &[String],
    o: &Options,
    lang: Lang,
) -> Result<Outcome, String> {
    let [a, b] = between else {
        return Err(usage(
            tr!(
                "--between needs two dates, e.g. --between 2025-01-24 2025-02-11",
                "--between cần hai ngày, ví dụ --between 2025-01-24 2025-02-11"
            ),
            lang,
        ));
    };
    let date = |s: &String| {
        let d = parse_date(s).ok_or_else(|| {
            usage(
                tr!(
                    "`{s}` is not a date: write it as 2025-01-24 or 24/01/2025",
                    "`{s}` không phải ngày hợp lệ: hãy viết dạng 2025-01-24 hoặc 24/01/2025"
                ),
                lang,
            )
        })?;
        if !in_years(i64::from(d.year())) {
            let why = crate::calendar::supported();
            return Err(usage(
                Tr {
                    en: format!("{d} is outside the calendar: {}", why.en),
                    vi: format!("ngày {} nằm ngoài lịch: {}", d.strftime("%d/%m/%Y"), why.vi),
                },
                lang,
            ));
        }
        Ok(d)
    };
    let (from, to) = (date(a)?, date(b)?);
    // Counting backwards would print "0 working days" as if that were the answer.
    if from > to {
        let (f, t) = (from.strftime("%d/%m/%Y"), to.strftime("%d/%m/%Y"));
        return Err(usage(
            tr!(
                "--between {a} {b}: the first date is after the second; give the earlier date first (--between {b} {a})",
                "--between {f} {t}: ngày thứ nhất sau ngày thứ hai; hãy ghi ngày sớm hơn trước (--between {b} {a})"
            ),
            lang,
        ));
    }
    if o.format == Format::Ics {
        return Err(usage(
            tr!(
                "--between prints a count: use --format human or json",
                "--between in ra số ngày: hãy dùng --format human hoặc json"
            ),
            lang,
        ));
    }
    let (n, steps) = cal
        .working_days_between(from, to)
        .map_err(|e| usage(e.message(), lang))?;
    let provisional = cal.computed_years(from.min(to), from.max(to));
    let note = (!provisional.is_empty()).then(|| {
        let years = provisional
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        tr!(
            "provisional: the days off of {years} are computed by the rule, not yet fixed by a decision",
            "tạm tính: lịch nghỉ năm {years} được tính theo quy tắc, chưa có quyết định"
        )
    });
    let stdout = if o.format == Format::Json {
        let v = json!({
            "from": from.to_string(),
            "to": to.to_string(),
            "working_days": n,
            "provisional": !provisional.is_empty(),
            "provisional_years": provisional,
            "provisional_note": note.as_ref().map(|t| t.get(lang)),
            "steps": steps.iter().map(|s| s.message().get(lang).to_string()).collect::<Vec<_>>(),
        });
        serde_json::to_string_pretty(&v).expect("serializable") + "\n"
    } else {
        let mut s = String::new();
        let (f, t) = (from.strftime("%d/%m/%Y"), to.strftime("%d/%m/%Y"));
        let head = tr!(
            "{n} working days after {f} up to and including {t} (the day of receipt is not counted, Civil Code 2015 art. 147)",
            "{n} ngày làm việc sau ngày {f} đến hết ngày {t} (không tính ngày nhận, Điều 147 Bộ luật Dân sự 2015)"
        );
        let _ = writeln!(s, "{}", head.get(lang));
        for step in &steps {
            if matches!(step, Step::Skipped { .. } | Step::WorkingWeekend { .. }) {
                let _ = writeln!(s, "  · {}", step.message().get(lang));
            }
        }
        if let Some(note) = note {
            let _ = writeln!(s, "⚠ {}", note.get(lang));
        }
        s
    };
    Ok(Outcome::out(stdout, exit::OK))
}

#[cfg(test)]
mod tests {
    use super::parse_date;
    use jiff::civil::date;

    #[test]
    fn dates_in_both_forms() {
        assert_eq!(parse_date("2025-01-24"), Some(date(2025, 1, 24)));
        assert_eq!(parse_date("24/01/2025"), Some(date(2025, 1, 24)));
        assert_eq!(parse_date("4/1/2025"), Some(date(2025, 1, 4)));
        for bad in [
            "2025-02-30",
            "30/02/2025",
            "24/01/25",
            "24-01-2025",
            "",
            "1/2/3/4",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
