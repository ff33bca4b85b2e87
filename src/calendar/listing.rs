//! The rest days and make-up working days of a year, each with its source, for
//! `thutuc calendar`; and the same as an iCalendar file (RFC 5545).
//!
//! The iCalendar text is written here rather than with a crate: the output is a fixed,
//! small subset (all-day VEVENTs with SUMMARY, DESCRIPTION, UID, DTSTAMP, TRANSP and
//! CATEGORIES), and the crates available build on `chrono` and `uuid`, which this project
//! does not otherwise use (dates are `jiff`). What RFC 5545 requires of that subset is done
//! below and tested: CRLF line ends (§3.1), lines folded at 75 octets without splitting a
//! UTF-8 character (§3.1), TEXT escaping of `\`, `;`, `,` and newlines (§3.3.11),
//! `VALUE=DATE` start with an exclusive end the next day (§3.6.1), and a DTSTAMP in UTC.

use super::{Calendar, labour_code};
use crate::diag::{Lang, Tr};
use crate::shape::Text;
use crate::tr;
use jiff::civil::{Date, Weekday};
use std::fmt::Write as _;
use std::sync::Arc;

/// Whether a day is a day off or a weekend day worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A day off (holiday, compensatory or swapped day).
    DayOff,
    /// A Saturday or Sunday worked (làm bù).
    WorkingDay,
}

/// One listed day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The day.
    pub date: Date,
    /// Day off or working day.
    pub kind: Kind,
    /// What it is.
    pub name: Arc<Text>,
}

/// The listed days of a year and where they come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearListing {
    /// The year.
    pub year: i16,
    /// The decision or notice (its numbers), or `None` when computed by the rule.
    pub source: Option<Text>,
    /// Days off and make-up working days, by date.
    pub entries: Vec<Entry>,
}

impl YearListing {
    /// The days of `year` (inside 1900–2199).
    pub fn of(cal: &Calendar, year: i16) -> YearListing {
        let mut entries: Vec<Entry> = cal
            .days_off(year)
            .into_iter()
            .map(|(date, name)| Entry {
                date,
                kind: Kind::DayOff,
                name,
            })
            .chain(
                cal.working_weekends(year)
                    .into_iter()
                    .map(|(date, name)| Entry {
                        date,
                        kind: Kind::WorkingDay,
                        name,
                    }),
            )
            .collect();
        entries.sort_by_key(|e| e.date);
        YearListing {
            year,
            source: cal.source(year).cloned(),
            entries,
        }
    }

    /// Whether the year is computed by the rule (no decision file).
    pub fn is_computed(&self) -> bool {
        self.source.is_none()
    }

    /// The source of every day of the year, in both languages.
    pub fn source_label(&self) -> Tr {
        match &self.source {
            Some(t) => Tr {
                en: t.get(crate::diag::Lang::En).to_string(),
                vi: t.vi.to_string(),
            },
            None => {
                let code = labour_code(self.year).cite();
                let (ce, cv) = (code.en, code.vi);
                tr!(
                    "computed — provisional ({ce} and the pattern of the decisions 2020–2026)",
                    "tính theo quy tắc — tạm tính ({cv} và cách các quyết định 2020–2026 đã bố trí)"
                )
            }
        }
    }
}

/// The weekday's name, e.g. "thứ Bảy" / "Saturday".
pub fn weekday(d: Date, lang: Lang) -> &'static str {
    let (en, vi) = match d.weekday() {
        Weekday::Monday => ("Monday", "thứ Hai"),
        Weekday::Tuesday => ("Tuesday", "thứ Ba"),
        Weekday::Wednesday => ("Wednesday", "thứ Tư"),
        Weekday::Thursday => ("Thursday", "thứ Năm"),
        Weekday::Friday => ("Friday", "thứ Sáu"),
        Weekday::Saturday => ("Saturday", "thứ Bảy"),
        Weekday::Sunday => ("Sunday", "Chủ nhật"),
    };
    match lang {
        Lang::En => en,
        Lang::Vi => vi,
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets (RFC 5545 §3.1), ended by CRLF.
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

/// The listings as one iCalendar file: one all-day event per day off (TRANSPARENT: it does
/// not block the office's time, category "Nghỉ") and per make-up working day (OPAQUE,
/// category "Làm bù"). `stamp` is the DTSTAMP, UTC, as
/// `YYYYMMDDTHHMMSSZ`.
pub fn to_ics(years: &[YearListing], lang: Lang, stamp: &str) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//thutuc//calendar//VI");
    line(&mut out, "CALSCALE:GREGORIAN");
    // No comma or semicolon in the name: X-WR-CALNAME is not an RFC 5545 property, and
    // parsers that do not know it (Python's icalendar) show its TEXT escapes (a backslash before each comma) as is.
    let title = match lang {
        Lang::En => "Days off and make-up working days of Vietnamese state agencies",
        Lang::Vi => "Lịch nghỉ và ngày làm bù của cơ quan nhà nước",
    };
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(title)));
    line(&mut out, "X-WR-TIMEZONE:Asia/Ho_Chi_Minh");
    for y in years {
        let source = y.source_label();
        for e in &y.entries {
            let next = e.date.tomorrow().unwrap_or(e.date);
            line(&mut out, "BEGIN:VEVENT");
            let kind = match e.kind {
                Kind::DayOff => "off",
                Kind::WorkingDay => "work",
            };
            line(
                &mut out,
                &format!("UID:{}-{kind}@thutuc.calendar", e.date.strftime("%Y%m%d")),
            );
            line(&mut out, &format!("DTSTAMP:{stamp}"));
            line(
                &mut out,
                &format!("DTSTART;VALUE=DATE:{}", e.date.strftime("%Y%m%d")),
            );
            line(
                &mut out,
                &format!("DTEND;VALUE=DATE:{}", next.strftime("%Y%m%d")),
            );
            let name = match lang {
                Lang::En => e.name.en.as_deref().unwrap_or(&e.name.vi),
                Lang::Vi => &e.name.vi,
            };
            let summary = match (e.kind, lang) {
                (Kind::DayOff, _) => name.to_string(),
                (Kind::WorkingDay, Lang::Vi) => format!("Ngày làm việc: {name}"),
                (Kind::WorkingDay, Lang::En) => format!("Working day: {name}"),
            };
            line(&mut out, &format!("SUMMARY:{}", escape(&summary)));
            let src = match lang {
                Lang::En => format!("Source: {}", source.en),
                Lang::Vi => format!("Nguồn: {}", source.vi),
            };
            line(&mut out, &format!("DESCRIPTION:{}", escape(&src)));
            let (transp, cat) = match e.kind {
                Kind::DayOff => ("TRANSPARENT", "Nghỉ"),
                Kind::WorkingDay => ("OPAQUE", "Làm bù"),
            };
            line(&mut out, &format!("TRANSP:{transp}"));
            line(&mut out, &format!("CATEGORIES:{cat}"));
            line(&mut out, "END:VEVENT");
        }
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// Text for `thutuc calendar` in `lang`: the days of a year, one per line, with the source.
pub fn human(y: &YearListing, lang: Lang) -> String {
    let en = lang == Lang::En;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {}",
        if en {
            "Days off and make-up working days,"
        } else {
            "Lịch nghỉ và ngày làm bù năm"
        },
        y.year
    );
    let _ = writeln!(
        s,
        "{}: {}",
        if en { "Source" } else { "Nguồn" },
        y.source_label().get(lang)
    );
    let _ = writeln!(s);
    for e in &y.entries {
        let name = match lang {
            Lang::En => e.name.en.as_deref().unwrap_or(&e.name.vi),
            Lang::Vi => &e.name.vi,
        };
        let kind = match (e.kind, en) {
            (Kind::DayOff, true) => "day off",
            (Kind::DayOff, false) => "nghỉ",
            (Kind::WorkingDay, true) => "working day",
            (Kind::WorkingDay, false) => "làm việc",
        };
        let _ = writeln!(
            s,
            "  {}  {:<9}  {:<11}  {name}",
            e.date.strftime("%d/%m/%Y"),
            weekday(e.date, lang),
            kind
        );
    }
    if y.is_computed() {
        let _ = writeln!(s);
        let year = y.year;
        let hint = tr!(
            "No decision file for {year}: these days are provisional. Add calendar/{year}.yaml from the published notice once it is issued.",
            "Chưa có tệp quyết định năm {year}: các ngày trên là tạm tính. Hãy thêm calendar/{year}.yaml theo thông báo khi được ban hành."
        );
        let _ = writeln!(s, "⚠ {}", hint.get(lang));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn lines_are_folded_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "Nghỉ bù Giỗ Tổ Hùng Vương ".repeat(5));
        line(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        // Unfolding (§3.1: remove CRLF followed by one space) gives the line back.
        assert_eq!(out.replace("\r\n ", "").trim_end_matches("\r\n"), long);
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn a_year_as_ics() {
        let cal = Calendar::default();
        let y = YearListing::of(&cal, 2027);
        assert!(y.is_computed());
        let ics = to_ics(&[y], Lang::Vi, "20261201T000000Z");
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 12);
        assert!(ics.contains("DTSTART;VALUE=DATE:20270204\r\nDTEND;VALUE=DATE:20270205\r\n"));
        assert!(ics.contains("tạm tính"));
        let mut d = date(2027, 2, 4);
        for _ in 0..2 {
            assert!(ics.contains(&format!("UID:{}-off@", d.strftime("%Y%m%d"))));
            d = d.tomorrow().unwrap();
        }
    }
}
