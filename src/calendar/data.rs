//! Per-year holiday data: `catalogue/calendar/<year>.yaml`.
//!
//! ```yaml
//! year: 2025
//! source: { vi: "Thông báo …", en: "Notice …" }
//! days_off:
//!   - { date: 2025-01-27, name: { vi: Nghỉ Tết Nguyên đán (hoán đổi), en: Lunar New Year (swapped) } }
//! working_days:
//!   - { date: 2025-02-08, name: { vi: Làm bù cho ngày 27/01, en: Make-up working day for 27 Jan } }
//! ```
//!
//! When a year has a file, the file is authoritative for that year: `days_off` lists every
//! day off that is not a Saturday or Sunday, `working_days` the Saturdays and Sundays that
//! are worked instead.

use super::lunar::{from_lunar, lunar_new_year};
use crate::shape::Text;
use crate::shape::{Cx, Kind, Shape, opt, req};
use crate::tr;
use crate::yaml::{NodeId, Span};
use jiff::civil::{Date, Weekday};

/// A day with its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedDay {
    /// The day.
    pub date: Date,
    /// What it is, e.g. "Tết Nguyên đán".
    pub name: Text,
}

/// The holiday data of one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearData {
    /// The Gregorian year.
    pub year: i16,
    /// The decision or notice that fixed the days.
    pub source: Text,
    /// Every day off that is not a Saturday or Sunday (holidays, compensatory and swapped
    /// days), in file order.
    pub days_off: Vec<NamedDay>,
    /// Saturdays and Sundays that are working days (làm bù), in file order.
    pub working_days: Vec<NamedDay>,
}

static DAY: Shape = Shape {
    name: "CalendarDay",
    doc: "a day with its name",
    vi: "một ngày và tên gọi",
    fields: &[
        req("date", Kind::Date, "the day, YYYY-MM-DD"),
        req("name", Kind::Text, "what the day is"),
    ],
};

/// `calendar/<year>.yaml`.
pub static YEAR: Shape = Shape {
    name: "CalendarYear",
    doc: "the days off of one year",
    vi: "lịch nghỉ của một năm",
    fields: &[
        req("year", Kind::Count, "the year, 1900–2199"),
        req(
            "source",
            Kind::Text,
            "the decision or notice that fixed the days",
        ),
        opt(
            "days_off",
            Kind::List(&Kind::Obj(&DAY)),
            "every day off that is not a Saturday or Sunday",
        ),
        opt(
            "working_days",
            Kind::List(&Kind::Obj(&DAY)),
            "Saturdays and Sundays worked instead of a day off",
        ),
    ],
};

fn read_day(cx: &mut Cx<'_>, id: NodeId) -> Option<(NamedDay, Span)> {
    let mut o = cx.obj(id, &DAY)?;
    let date = o.req(cx, "date", |cx, id| Some((cx.date(id)?, cx.span(id))));
    let name = o.req(cx, "name", |cx, id| cx.text(id));
    o.finish(cx);
    let (date, span) = date?;
    Some((NamedDay { date, name: name? }, span))
}

fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// Reads a year file, reporting every problem with its place: a date outside the file's
/// year, a working day that is not a Saturday or Sunday, a day listed twice (errors), a day
/// off on a weekend and a statutory holiday on a weekday missing from `days_off`
/// (warnings). `None` when the year itself is missing or invalid.
pub fn read_year(cx: &mut Cx<'_>, root: NodeId) -> Option<YearData> {
    let mut o = cx.obj(root, &YEAR)?;
    let whole = o.span();
    let year = o.req(cx, "year", |cx, id| {
        let n = cx.count(id)?;
        match i16::try_from(n) {
            Ok(y) if (super::FIRST_YEAR..=super::LAST_YEAR).contains(&y) => Some(y),
            _ => {
                cx.error(
                    "calendar/year",
                    cx.span(id),
                    tr!(
                        "{n} is not a year between {} and {}",
                        "{n} không phải năm trong khoảng {}–{}",
                        super::FIRST_YEAR,
                        super::LAST_YEAR
                    ),
                    Some(super::supported()),
                );
                None
            }
        }
    });
    let source = o.req(cx, "source", |cx, id| cx.text(id));
    let mut days_off_span = None;
    let days_off = o
        .opt(cx, "days_off", |cx, id| {
            days_off_span = Some(cx.span(id));
            Some(cx.list(id, read_day))
        })
        .unwrap_or_default();
    let working = o
        .opt(cx, "working_days", |cx, id| Some(cx.list(id, read_day)))
        .unwrap_or_default();
    o.finish(cx);
    let year = year?;

    let mut seen: Vec<(Date, Span)> = Vec::new();
    let mut check = |cx: &mut Cx<'_>, list: Vec<(NamedDay, Span)>, working: bool| {
        let mut kept = Vec::with_capacity(list.len());
        for (day, span) in list {
            let d = day.date;
            if d.year() != year {
                cx.error(
                    "calendar/wrong-year",
                    span,
                    tr!(
                        "{d} is not in {year}, the year of this file",
                        "ngày {d} không thuộc năm {year} của tệp này"
                    ),
                    Some(tr!(
                        "move it to the file of its year",
                        "hãy chuyển sang tệp của năm tương ứng"
                    )),
                );
                continue;
            }
            if let Some((_, first)) = seen.iter().find(|(s, _)| *s == d) {
                let mut diag = crate::diag::Diagnostic::error(
                    "calendar/duplicate-day",
                    tr!("{d} is listed twice", "ngày {d} được liệt kê hai lần"),
                )
                .at(cx.file, span.start, span.end, None);
                diag = diag.at(
                    cx.file,
                    first.start,
                    first.end,
                    Some(tr!("first listed here", "đã liệt kê ở đây")),
                );
                cx.diags.push(diag);
                continue;
            }
            seen.push((d, span));
            let wd = match d.weekday() {
                Weekday::Monday => "Monday",
                Weekday::Tuesday => "Tuesday",
                Weekday::Wednesday => "Wednesday",
                Weekday::Thursday => "Thursday",
                Weekday::Friday => "Friday",
                Weekday::Saturday => "Saturday",
                Weekday::Sunday => "Sunday",
            };
            if working && !is_weekend(d) {
                cx.error(
                    "calendar/working-day-not-weekend",
                    span,
                    tr!(
                        "{d} is a {wd}: only a Saturday or Sunday can be listed as a working day",
                        "ngày {d} không phải thứ Bảy hay Chủ nhật: chỉ thứ Bảy, Chủ nhật mới cần ghi là ngày làm việc"
                    ),
                    None,
                );
                continue;
            }
            if !working && is_weekend(d) {
                cx.warn(
                    "calendar/day-off-on-weekend",
                    span,
                    tr!(
                        "{d} is a {wd}, already a day off",
                        "ngày {d} là ngày nghỉ cuối tuần sẵn rồi"
                    ),
                    Some(tr!(
                        "list only weekdays; a holiday on a weekend gives a day off on a weekday, list that one",
                        "chỉ liệt kê ngày trong tuần; ngày lễ trùng cuối tuần thì ghi ngày nghỉ bù"
                    )),
                );
            }
            kept.push(day);
        }
        kept
    };
    let days_off = check(cx, days_off, false);
    let working_days = check(cx, working, true);

    // Tết must contain the lunar new year (mùng 1): a file whose Tết misses it was written
    // for another year or from the wrong calendar.
    let at = days_off_span.unwrap_or(whole);
    let m = lunar_new_year(year);
    let off = (is_weekend(m) && !working_days.iter().any(|x| x.date == m))
        || days_off.iter().any(|x| x.date == m);
    if !off {
        let wd = m.weekday();
        cx.error(
            "calendar/tet-without-new-year",
            at,
            tr!(
                "the days off of {year} do not contain the lunar new year, {m} ({wd:?}, mùng 1 Tết)",
                "lịch nghỉ năm {year} không có ngày mùng 1 Tết ({m})"
            ),
            Some(tr!(
                "check the Tết days against the decision for {year}: they must include mùng 1",
                "hãy đối chiếu các ngày nghỉ Tết với quyết định năm {year}: phải có ngày mùng 1"
            )),
        );
    }

    // Statutory holidays on a weekday that the file forgot.
    let statutory = [
        (Some(Date::constant(year, 1, 1)), "1/1"),
        (from_lunar(year, 3, 10, false), "10/3 âm lịch"),
        (Some(Date::constant(year, 4, 30)), "30/4"),
        (Some(Date::constant(year, 5, 1)), "1/5"),
        (Some(Date::constant(year, 9, 2)), "2/9"),
    ];
    for (d, what) in statutory {
        let Some(d) = d else { continue };
        if !is_weekend(d) && !days_off.iter().any(|x| x.date == d) {
            cx.warn(
                "calendar/missing-holiday",
                at,
                tr!(
                    "{d} ({what}) is a public holiday but is not in `days_off`",
                    "ngày {d} ({what}) là ngày lễ nhưng không có trong `days_off`"
                ),
                Some(tr!(
                    "the file is authoritative for {year}: list every weekday off",
                    "tệp này quyết định lịch nghỉ năm {year}: hãy liệt kê mọi ngày nghỉ trong tuần"
                )),
            );
        }
    }

    Some(YearData {
        year,
        source: source?,
        days_off,
        working_days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Severity, SourceFile};
    use crate::limits::Limits;
    use crate::yaml::Document;
    use jiff::civil::date;

    /// Reads `text`; returns the data and the (code, severity, line) of each finding.
    fn read(text: &str) -> (Option<YearData>, Vec<(&'static str, Severity, usize)>) {
        let limits = Limits::default();
        let doc = Document::parse(text, &limits).expect("valid YAML");
        let file = SourceFile::new("calendar/test.yaml", text);
        let mut cx = Cx::new(&doc, &file, &limits);
        let data = read_year(&mut cx, doc.root().expect("a document"));
        let found = cx
            .diags
            .iter()
            .map(|d| {
                let start = d.labels.first().map_or(0, |l| l.start);
                let line = text[..start].matches('\n').count() + 1;
                (d.code, d.severity, line)
            })
            .collect();
        (data, found)
    }

    const GOOD: &str = r#"year: 2025
source: { vi: "Thông báo: lịch nghỉ năm 2025", en: Holidays 2025 }
days_off:
  - { date: 2025-01-01, name: { vi: Tết Dương lịch, en: New Year's Day } }
  - { date: 2025-01-27, name: { vi: Nghỉ Tết Nguyên đán (hoán đổi), en: Lunar New Year (swapped) } }
  - { date: 2025-01-28, name: Tết Nguyên đán }
  - { date: 2025-01-29, name: Tết Nguyên đán }
  - { date: 2025-01-30, name: Tết Nguyên đán }
  - { date: 2025-01-31, name: Tết Nguyên đán }
  - { date: 2025-04-07, name: Giỗ Tổ Hùng Vương }
  - { date: 2025-04-30, name: Ngày Chiến thắng }
  - { date: 2025-05-01, name: Ngày Quốc tế lao động }
  - { date: 2025-09-01, name: Quốc khánh }
  - { date: 2025-09-02, name: Quốc khánh }
working_days:
  - { date: 2025-02-08, name: { vi: Làm bù cho ngày 27/01, en: Make-up working day for 27 Jan } }
"#;

    #[test]
    fn reads_a_year() {
        let (data, found) = read(GOOD);
        assert_eq!(found, []);
        let data = data.unwrap();
        assert_eq!(data.year, 2025);
        assert_eq!(&*data.source.vi, "Thông báo: lịch nghỉ năm 2025");
        assert_eq!(data.days_off.len(), 11);
        assert_eq!(data.days_off[1].date, date(2025, 1, 27));
        assert_eq!(
            data.days_off[1].name.en.as_deref(),
            Some("Lunar New Year (swapped)")
        );
        assert_eq!(data.days_off[2].name.en, None);
        assert_eq!(data.working_days.len(), 1);
        assert_eq!(data.working_days[0].date, date(2025, 2, 8));
    }

    #[test]
    fn reports_bad_days_with_their_lines() {
        let text = r#"year: 2025
source: Thông báo
days_off:
  - { date: 2025-01-01, name: Tết Dương lịch }
  - { date: 2024-12-31, name: Giao thừa }
  - { date: 2025-01-01, name: Lặp lại }
  - { date: 2025-01-25, name: Thứ Bảy }
  - { date: 2025-13-01, name: Không tồn tại }
  - { date: 2025-04-30, nam: Ngày Chiến thắng }
working_days:
  - { date: 2025-02-07, name: Thứ Sáu }
"#;
        let (data, found) = read(text);
        use Severity::*;
        assert_eq!(
            found,
            [
                ("schema/date", Error, 8),
                // `nam` for `name`: one finding at the misspelling, not also a missing key.
                ("schema/unknown-key", Error, 9),
                ("calendar/wrong-year", Error, 5),
                ("calendar/duplicate-day", Error, 6),
                ("calendar/day-off-on-weekend", Warning, 7),
                ("calendar/working-day-not-weekend", Error, 11),
                // Tết's mùng 1 (29/1) is missing…
                ("calendar/tet-without-new-year", Error, 4),
                // … and Hùng Kings (7/4), 30/4, 1/5 and 2/9.
                ("calendar/missing-holiday", Warning, 4),
                ("calendar/missing-holiday", Warning, 4),
                ("calendar/missing-holiday", Warning, 4),
                ("calendar/missing-holiday", Warning, 4),
            ]
        );
        let data = data.unwrap();
        let kept: Vec<Date> = data.days_off.iter().map(|d| d.date).collect();
        assert_eq!(kept, [date(2025, 1, 1), date(2025, 1, 25)]);
        assert!(data.working_days.is_empty());
    }

    #[test]
    fn refuses_a_bad_year_and_missing_keys() {
        let (data, found) = read("year: 2200\nsource: x\n");
        assert!(data.is_none());
        assert_eq!(found, [("calendar/year", Severity::Error, 1)]);
        let (data, found) = read("year: 2024\ndays_of: []\n");
        assert!(data.is_none());
        let codes: Vec<_> = found.iter().map(|f| f.0).collect();
        assert_eq!(
            codes,
            [
                "schema/missing-key",
                "schema/unknown-key",
                // 1/1, Hùng Kings (18/4), 30/4, 1/5, 2/9 (Tết, 10/2, is a Saturday).
                "calendar/missing-holiday",
                "calendar/missing-holiday",
                "calendar/missing-holiday",
                "calendar/missing-holiday",
                "calendar/missing-holiday",
            ]
        );
    }

    #[test]
    fn the_bundled_files_are_valid() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/catalogue/calendar");
        for year in 2020..=2026 {
            let text = std::fs::read_to_string(format!("{dir}/{year}.yaml")).unwrap();
            let (data, found) = read(&text);
            assert_eq!(found, [], "{year}.yaml");
            assert_eq!(data.unwrap().year, year);
        }
    }
}
