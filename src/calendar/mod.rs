//! Vietnamese working days and deadlines.
//!
//! A [`Calendar`] knows which days are rest days: Saturdays, Sundays and public holidays.
//! For a year with a data file (`catalogue/calendar/<year>.yaml`, see [`data`]) the file is
//! authoritative: the Prime Minister fixes the exact Tết and National Day days each year,
//! with make-up days off and swapped working Saturdays. For a year without one, the
//! holidays are computed by a rule ([`tet_days`], [`national_day_pair`]) — the Labour Code in force that
//! year plus the pattern of every published decision 2020–2026 — and every due date that
//! relies on such a year is *provisional* ([`Due::provisional`]):
//!
//! * Labour Code 2012 (10/2012/QH13), art. 115, for years before 2021: 1/1; Tết (5 days);
//!   Hùng Kings' day (10th day of the 3rd lunar month); 30/4; 1/5; 2/9 (one day);
//! * Labour Code 2019 (45/2019/QH14, in force 1 January 2021, art. 220), art. 112: the same
//!   with National Day 2/9 plus one adjacent day — see [`national_day_pair`];
//! * art. 111(3) of the 2019 Code (art. 115(3) of the 2012 Code): a holiday falling on a
//!   Saturday or Sunday gives a compensatory day off on the next working day.
//!
//! [`Calendar::due`] computes the due date of a deadline by the Civil Code 2015
//! (arts. 147–148), with an explanation of every day it skipped; hour deadlines count only
//! working time ([`hours`]).

pub mod data;
pub mod hours;
pub mod listing;
pub mod lunar;

pub use data::{NamedDay, YEAR, YearData, read_year};
pub use hours::{HoursConfig, WorkingHours};
pub use lunar::{LunarDate, from_lunar, lunar_new_year, lunar_year_end, to_lunar};

use crate::diag::{Lang, Tr};
use crate::rules::Unit;
use crate::shape::Text;
use crate::tr;
use jiff::civil::{Date, DateTime, Time, Weekday};
use lunar::{from_jdn, jdn};
use std::sync::{Arc, OnceLock};

/// The first year the calendar supports: the first whole year under the rest days it
/// models. Before it other rules applied, which it does not model: Tết was four days under
/// the 1994 Labour Code until the 2012 Code took effect on 1 May 2013, and public offices
/// worked on Saturdays until the 40-hour week of Decision 188/1999/QĐ-TTg (17/9/1999).
/// Counting 1990 with Saturdays off would be a wrong due date, so such years are refused.
pub const FIRST_YEAR: i16 = 2014;
/// The last year the calendar supports (years without a decision are provisional).
pub const LAST_YEAR: i16 = 2199;

/// The supported years as people read them, for messages.
pub fn supported() -> Tr {
    tr!(
        "the calendar covers {FIRST_YEAR}–{LAST_YEAR}: before {FIRST_YEAR} other rest days applied (four days of Tet under the 1994 Labour Code, working Saturdays before Decision 188/1999/QD-TTg), which are not modelled",
        "lịch chỉ tính cho các năm {FIRST_YEAR}–{LAST_YEAR}: trước năm {FIRST_YEAR} áp dụng chế độ nghỉ khác (Tết 4 ngày theo Bộ luật Lao động 1994, làm việc ngày thứ Bảy trước Quyết định 188/1999/QĐ-TTg), công cụ không mô phỏng"
    )
}

const YEARS: usize = (LAST_YEAR - FIRST_YEAR + 1) as usize;

/// Why a day is not a working day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestDay {
    /// Saturday or Sunday.
    Weekend,
    /// A public holiday, a compensatory or swapped day off, named.
    Holiday(Arc<Text>),
}

impl RestDay {
    /// The reason in both languages, e.g. "weekend" / "Tết Nguyên đán".
    pub fn label(&self) -> Tr {
        match self {
            RestDay::Weekend => tr!("weekend", "nghỉ cuối tuần"),
            RestDay::Holiday(name) => Tr {
                en: name.get(crate::diag::Lang::En).to_string(),
                vi: name.vi.to_string(),
            },
        }
    }
}

/// One line of the explanation of a due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The dossier arrived on a rest day: it counts as received on the next working day.
    ReceivedOnRestDay {
        /// The day it arrived.
        date: Date,
        /// Why that day is a rest day.
        reason: RestDay,
        /// The day it counts as received.
        counted_from: Date,
    },
    /// The dossier arrived after the cut-off hour: it counts as received on the next
    /// working day.
    AfterCutoff {
        /// When it arrived.
        received: DateTime,
        /// The cut-off hour.
        cutoff: Time,
        /// The day it counts as received.
        counted_from: Date,
    },
    /// Rest days not counted (consecutive days with the same reason are grouped).
    Skipped {
        /// The first skipped day.
        from: Date,
        /// The last skipped day (equal to `from` for a single day).
        to: Date,
        /// Why.
        reason: RestDay,
    },
    /// A Saturday or Sunday that is a working day this year (làm bù), counted.
    WorkingWeekend {
        /// The day.
        date: Date,
        /// Its name in the year's data.
        name: Arc<Text>,
    },
    /// The month of the due date has no such day: its last day is used.
    MonthEnd {
        /// The last day of the month.
        date: Date,
    },
    /// A dossier received outside working hours: the clock of an hour deadline starts when
    /// the office next opens.
    Opens {
        /// When it arrived.
        received: DateTime,
        /// When counting starts.
        start: DateTime,
    },
    /// Working time counted for an hour deadline: `from`–`to` on `date`.
    Counted {
        /// The day.
        date: Date,
        /// Minutes after midnight the interval starts.
        from: u16,
        /// Minutes after midnight it ends (1440 is 24:00).
        to: u16,
    },
    /// The period ended on a rest day, so it ends on the next working day instead
    /// (Civil Code 2015, art. 148(5)).
    Extended {
        /// The rest day the period would have ended on.
        from: Date,
        /// The working day it ends on.
        to: Date,
        /// Why `from` is a rest day.
        reason: RestDay,
    },
}

impl Step {
    /// A one-line description for `--explain`, in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let m = self.message();
        match lang {
            Lang::En => m.en,
            Lang::Vi => m.vi,
        }
    }

    /// A one-line description for `--explain`, in both languages (dates as each writes
    /// them: 24/01/2025, 2025-01-24).
    pub fn message(&self) -> Tr {
        let vd = |d: &Date| format!("{:02}/{:02}/{}", d.day(), d.month(), d.year());
        match self {
            Step::ReceivedOnRestDay {
                date,
                reason,
                counted_from,
            } => {
                let r = reason.label();
                Tr {
                    en: format!(
                        "received on {date} ({}): counted as received on {counted_from}",
                        r.en
                    ),
                    vi: format!(
                        "nhận ngày {} ({}): tính là nhận ngày {}",
                        vd(date),
                        r.vi,
                        vd(counted_from)
                    ),
                }
            }
            Step::AfterCutoff {
                received,
                cutoff,
                counted_from,
            } => {
                let (at, c) = (received.time().strftime("%H:%M"), cutoff.strftime("%H:%M"));
                Tr {
                    en: format!(
                        "received at {at}, after the {c} cut-off: counted as received on {counted_from}"
                    ),
                    vi: format!(
                        "nhận lúc {at}, sau {c}: tính là nhận ngày {}",
                        vd(counted_from)
                    ),
                }
            }
            Step::Skipped { from, to, reason } => {
                let r = reason.label();
                let (en, vi) = if from == to {
                    (from.to_string(), vd(from))
                } else {
                    (format!("{from}..{to}"), format!("{}–{}", vd(from), vd(to)))
                };
                Tr {
                    en: format!("not counted: {en} ({})", r.en),
                    vi: format!("không tính: {vi} ({})", r.vi),
                }
            }
            Step::WorkingWeekend { date, name } => {
                let en = name.en.as_deref().unwrap_or(&name.vi);
                Tr {
                    en: format!("counted: {date} is a working day this year ({en})"),
                    vi: format!("có tính: {} là ngày làm việc ({})", vd(date), name.vi),
                }
            }
            Step::Opens { received, start } => {
                let (r, st) = (
                    received.strftime("%Y-%m-%d %H:%M"),
                    start.strftime("%Y-%m-%d %H:%M"),
                );
                let (rv, sv) = (
                    received.strftime("%d/%m/%Y %H:%M"),
                    start.strftime("%d/%m/%Y %H:%M"),
                );
                Tr {
                    en: format!(
                        "received at {r}, outside working hours: the hours count from the next opening, {st}"
                    ),
                    vi: format!(
                        "nhận lúc {rv}, ngoài giờ làm việc: thời hạn tính từ giờ làm việc tiếp theo, {sv}"
                    ),
                }
            }
            Step::Counted { date, from, to } => {
                let (a, b) = (hours::hhmm(*from), hours::hhmm(*to));
                let h = f64::from(to - from) / 60.0;
                let h = format!("{h:.2}");
                let h = h.trim_end_matches('0').trim_end_matches('.');
                Tr {
                    en: format!("counted: {date} {a}–{b} ({h} h of working time)"),
                    vi: format!(
                        "có tính: {} {a}–{b} ({} giờ làm việc)",
                        vd(date),
                        h.replace('.', ",")
                    ),
                }
            }
            Step::MonthEnd { date } => Tr {
                en: format!("that month has no such day: the period ends on its last day, {date}"),
                vi: format!(
                    "tháng đó không có ngày tương ứng: thời hạn kết thúc vào ngày cuối tháng, {}",
                    vd(date)
                ),
            },
            Step::Extended { from, to, reason } => {
                let r = reason.label();
                Tr {
                    en: format!(
                        "the period would end on {from} ({}): it ends on the next working day, {to}",
                        r.en
                    ),
                    vi: format!(
                        "thời hạn rơi vào ngày {} ({}): kết thúc vào ngày làm việc tiếp theo, {}",
                        vd(from),
                        r.vi,
                        vd(to)
                    ),
                }
            }
        }
    }
}

/// A due date with its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The last day of the period (the period ends at the end of this day, or at `time`).
    pub date: Date,
    /// For periods in hours: the time of day on `date` the period ends.
    pub time: Option<Time>,
    /// The day the dossier counts as received (counting starts the day after).
    pub counted_from: Date,
    /// How the date was found, in order; empty unless counted with `explain`
    /// ([`Calendar::due_in`]).
    pub steps: Vec<Step>,
    /// The years between receipt and the due date that have no decision file: their rest
    /// days were computed by the rule, so the due date is provisional. Empty when every
    /// year counted comes from a published decision.
    pub provisional: Vec<i16>,
}

impl Due {
    /// Whether the due date relies on a year computed by the rule.
    pub fn is_provisional(&self) -> bool {
        !self.provisional.is_empty()
    }

    /// The note shown beside a provisional due date, with the hint to add the year's file.
    pub fn provisional_note(&self) -> Option<Tr> {
        if self.provisional.is_empty() {
            return None;
        }
        let years = self
            .provisional
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let files = self
            .provisional
            .iter()
            .map(|y| format!("calendar/{y}.yaml"))
            .collect::<Vec<_>>()
            .join(", ");
        Some(tr!(
            "provisional: the days off of {years} are computed by the rule, not yet fixed by a decision; add {files} from the published notice",
            "tạm tính: lịch nghỉ năm {years} được tính theo quy tắc, chưa có quyết định; hãy thêm {files} theo thông báo đã ban hành"
        ))
    }
}

/// A deadline that cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A date outside the supported years.
    #[error("{date} is outside the supported calendar ({FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31)")]
    OutOfRange {
        /// The date.
        date: Date,
    },
    /// The period runs past the supported years (or past any representable date).
    #[error(
        "{amount} {} from {from} runs past the supported calendar ({FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31)",
        unit.word(*amount)
    )]
    Overflow {
        /// Counting from this day.
        from: Date,
        /// The length of the period.
        amount: u32,
        /// Its unit.
        unit: Unit,
    },
}

impl CalendarError {
    /// The message in both languages.
    pub fn message(&self) -> Tr {
        match self {
            CalendarError::OutOfRange { date } => {
                let why = supported();
                Tr {
                    en: format!("{date} is outside the supported calendar: {}", why.en),
                    vi: format!(
                        "ngày {} nằm ngoài lịch được hỗ trợ: {}",
                        date.strftime("%d/%m/%Y"),
                        why.vi
                    ),
                }
            }
            CalendarError::Overflow { from, amount, unit } => Tr {
                en: format!(
                    "{amount} {} from {from} runs past the supported calendar ({FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31)",
                    unit.word(*amount)
                ),
                vi: format!(
                    "{amount} {} tính từ {} vượt quá lịch được hỗ trợ (01/01/{FIRST_YEAR} đến 31/12/{LAST_YEAR})",
                    unit.word_vi(),
                    from.strftime("%d/%m/%Y")
                ),
            },
        }
    }
}

/// The rest days of one Gregorian year.
#[derive(Debug)]
struct Year {
    /// The year.
    year: i16,
    /// Julian day number of 1 January.
    first: i32,
    /// 365 or 366.
    len: i32,
    /// Bit `i`: day `i` (0 = 1 January) is a rest day.
    rest: [u64; 6],
    /// Bit `i`: day `i` is in `holidays`.
    named: [u64; 6],
    /// Bit `i`: day `i` is in `worked`.
    worked_bits: [u64; 6],
    /// Named days off, by day index, sorted.
    holidays: Vec<(u16, Arc<Text>)>,
    /// Saturdays and Sundays that are working days, by day index, sorted.
    worked: Vec<(u16, Arc<Text>)>,
    /// Where the data comes from (`None`: computed from the law).
    source: Option<Text>,
}

impl Year {
    fn empty(year: i16) -> Year {
        let first = jdn(Date::constant(year, 1, 1));
        let len = jdn(Date::constant(year, 12, 31)) - first + 1;
        let mut y = Year {
            year,
            first,
            len,
            rest: [0; 6],
            named: [0; 6],
            worked_bits: [0; 6],
            holidays: Vec::new(),
            worked: Vec::new(),
            source: None,
        };
        for i in 0..len {
            if is_weekend_jdn(first + i) {
                y.set(i as usize, true);
            }
        }
        y
    }

    fn set(&mut self, i: usize, rest: bool) {
        if rest {
            self.rest[i >> 6] |= 1 << (i & 63);
        } else {
            self.rest[i >> 6] &= !(1 << (i & 63));
        }
    }

    /// The date of day `i` (0 = 1 January), without the general day-number conversion.
    fn date(&self, i: i32) -> Date {
        const BEFORE: [[i32; 13]; 2] = [
            [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365],
            [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366],
        ];
        let before = &BEFORE[usize::from(self.len == 366)];
        let mut m = 1;
        while i >= before[m] {
            m += 1;
        }
        Date::constant(self.year, m as i8, (i - before[m - 1] + 1) as i8)
    }

    #[inline]
    fn is_rest(&self, i: usize) -> bool {
        bit(&self.rest, i)
    }

    /// Fills the `named` and `worked_bits` indexes once `holidays` and `worked` are final.
    fn index(mut self) -> Year {
        for (i, _) in &self.holidays {
            self.named[*i as usize >> 6] |= 1 << (*i & 63);
        }
        for (i, _) in &self.worked {
            self.worked_bits[*i as usize >> 6] |= 1 << (*i & 63);
        }
        self
    }

    fn holiday(&self, i: usize) -> Option<&Arc<Text>> {
        if !bit(&self.named, i) {
            return None;
        }
        let i = i as u16;
        self.holidays
            .binary_search_by_key(&i, |(d, _)| *d)
            .ok()
            .map(|k| &self.holidays[k].1)
    }

    fn worked(&self, i: usize) -> Option<&Arc<Text>> {
        if !bit(&self.worked_bits, i) {
            return None;
        }
        let i = i as u16;
        self.worked
            .binary_search_by_key(&i, |(d, _)| *d)
            .ok()
            .map(|k| &self.worked[k].1)
    }

    /// The rest days of a year with a data file.
    fn from_data(data: &YearData) -> Year {
        let mut y = Year::empty(data.year);
        // Days with the same name share one `Arc`, so that runs compare by pointer.
        let mut names: Vec<Arc<Text>> = Vec::new();
        let mut intern = |t: &Text| match names.iter().find(|n| ***n == *t) {
            Some(n) => n.clone(),
            None => {
                names.push(Arc::new(t.clone()));
                names[names.len() - 1].clone()
            }
        };
        for d in &data.working_days {
            let i = (jdn(d.date) - y.first) as usize;
            y.set(i, false);
            y.worked.push((i as u16, intern(&d.name)));
        }
        for d in &data.days_off {
            let i = (jdn(d.date) - y.first) as usize;
            y.set(i, true);
            y.holidays.push((i as u16, intern(&d.name)));
        }
        y.holidays.sort_by_key(|(i, _)| *i);
        y.holidays.dedup_by_key(|(i, _)| *i);
        y.worked.sort_by_key(|(i, _)| *i);
        y.worked.dedup_by_key(|(i, _)| *i);
        y.source = Some(data.source.clone());
        y.index()
    }

    /// The rest days of a year without a decision file, by the Labour Code in force that
    /// year and the pattern of the published decisions:
    ///
    /// * **Tết**: the weekdays among the seven days from two days before the lunar new
    ///   year to the fourth day after it (mùng 5) — five weekdays, as any seven days hold
    ///   exactly one Saturday and one Sunday. Every decision 2020–2026 placed Tết so: 2020
    ///   23–29/1, 2021 10–16/2, 2023 20–26/1, 2024 8–14/2 (seven days with one weekend), and
    ///   2022, 2025, 2026 Monday to Friday between two weekends (nine days). Those five
    ///   weekdays already include the days given for Tết days on a weekend.
    /// * **National Day**: 2/9 alone before 2021 (Labour Code 2012, art. 115(1)(đ)); from
    ///   2021, 2/9 and the adjacent day of [`national_day_pair`] (Labour Code 2019,
    ///   art. 112(1)(đ)).
    /// * 1/1, the Hùng Kings' day, 30/4, 1/5 and the National Day days; one on a Saturday
    ///   or Sunday gives a day off on the next working day (art. 111(3), 2012: art. 115(3)).
    ///
    /// Swapped working days (hoán đổi) are decided case by case and are never computed.
    fn computed(year: i16) -> Year {
        let mut y = Year::empty(year);
        let name = |vi: &str, en: &str| {
            Arc::new(Text {
                vi: vi.into(),
                en: Some(en.into()),
            })
        };
        let mut fixed: Vec<(i32, Arc<Text>)> = Vec::with_capacity(8);
        let new_year = name("Tết Dương lịch", "New Year's Day");
        fixed.push((jdn(Date::constant(year, 1, 1)), new_year));
        if let Some(d) = from_lunar(year, 3, 10, false) {
            let hung = name("Giỗ Tổ Hùng Vương", "Hùng Kings' Commemoration Day");
            fixed.push((jdn(d), hung));
        }
        let reunification = name("Ngày Chiến thắng", "Reunification Day");
        fixed.push((jdn(Date::constant(year, 4, 30)), reunification));
        let labour = name("Ngày Quốc tế lao động", "International Labour Day");
        fixed.push((jdn(Date::constant(year, 5, 1)), labour));
        let national = name("Quốc khánh", "National Day");
        if labour_code(year) == LabourCode::Code2012 {
            fixed.push((jdn(Date::constant(year, 9, 2)), national));
        } else {
            let (a, b) = national_day_pair(year);
            fixed.push((jdn(a), national.clone()));
            fixed.push((jdn(b), national));
        }
        let tet = name("Tết Nguyên đán", "Lunar New Year (Tết)");
        let mut days: Vec<(i32, Arc<Text>)> = tet_days(year)
            .into_iter()
            .map(|d| (jdn(d), tet.clone()))
            .collect();
        days.extend(fixed.iter().cloned());
        days.sort_by_key(|(d, _)| *d);
        for (d, n) in &days {
            let i = (d - y.first) as usize;
            y.set(i, true);
            y.holidays.push((i as u16, n.clone()));
        }
        // Art. 111(3): each fixed holiday on a weekend gives a day off on the next working
        // day.
        fixed.sort_by_key(|(d, _)| *d);
        for (d, n) in &fixed {
            if !is_weekend_jdn(*d) {
                continue;
            }
            let mut i = (d - y.first) as usize + 1;
            while i < y.len as usize && y.is_rest(i) {
                i += 1;
            }
            if i < y.len as usize {
                y.set(i, true);
                let comp = Arc::new(Text {
                    vi: format!("Nghỉ bù {}", n.vi).into(),
                    en: Some(
                        format!(
                            "Compensatory day off for {}",
                            n.en.as_deref().unwrap_or(&n.vi)
                        )
                        .into(),
                    ),
                });
                let at = y.holidays.partition_point(|(k, _)| (*k as usize) < i);
                y.holidays.insert(at, (i as u16, comp));
            }
        }
        y.index()
    }
}

/// The Labour Code whose holidays apply in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabourCode {
    /// Labour Code 2012 (10/2012/QH13), art. 115: National Day is one day.
    Code2012,
    /// Labour Code 2019 (45/2019/QH14), art. 112, in force from 1 January 2021.
    Code2019,
}

impl LabourCode {
    /// The Code and article, e.g. "Bộ luật Lao động 2019, Điều 112".
    pub fn cite(self) -> Tr {
        match self {
            LabourCode::Code2012 => tr!(
                "Labour Code 2012 (10/2012/QH13), art. 115",
                "Bộ luật Lao động 2012 (10/2012/QH13), Điều 115"
            ),
            LabourCode::Code2019 => tr!(
                "Labour Code 2019 (45/2019/QH14), art. 112",
                "Bộ luật Lao động 2019 (45/2019/QH14), Điều 112"
            ),
        }
    }
}

/// The Labour Code in force in `year`: the 2019 Code from 1 January 2021 (its art. 220),
/// the 2012 Code before. (The 2012 Code itself applies from 1 May 2013; the calendar uses it
/// for earlier computed years too, which differ from the 1994 Code only in Tết's length.)
pub fn labour_code(year: i16) -> LabourCode {
    if year >= 2021 {
        LabourCode::Code2019
    } else {
        LabourCode::Code2012
    }
}

/// The five Tết days off of `year` by the rule for years without a decision: the weekdays
/// among the seven days from two days before the lunar new year to mùng 5.
pub fn tet_days(year: i16) -> Vec<Date> {
    let new_year = jdn(lunar_new_year(year));
    (new_year - 2..=new_year + 4)
        .filter(|d| !is_weekend_jdn(*d))
        .map(date_of)
        .collect()
}

/// The two National Day days off of `year` by the default rule (no data for the year):
/// 2 September and the adjacent weekday that joins the weekend.
///
/// | 2/9 is a | second day | | 2/9 is a | second day |
/// | --- | --- | --- | --- | --- |
/// | Monday | Tue 3/9 | | Friday | Thu 1/9 |
/// | Tuesday | Mon 1/9 | | Saturday | Fri 1/9 |
/// | Wednesday | Tue 1/9 (neither joins; the day before) | | Sunday | Mon 3/9 |
/// | Thursday | Fri 3/9 | | | |
///
/// (Mon: Sat–Tue; Tue: Sat–Tue; Thu: Thu–Sun; Fri: Thu–Sun; Sat and Sun: the weekday next to
/// the weekend, the weekend day then gives a compensatory day off by art. 111(3).) This
/// matches every day decided under the 2019 Code: 2021 (Thu, 3/9), 2022 (Fri, 1/9), 2023
/// (Sat, 1/9 and 4/9), 2024 (Mon, 3/9), 2025 (Tue, 1/9), 2026 (Wed, 1/9). No decision since
/// 2021 had 2/9 on a Sunday: that row is the rule's choice, not a decision's.
pub fn national_day_pair(year: i16) -> (Date, Date) {
    let day = Date::constant(year, 9, 2);
    let other = match day.weekday() {
        Weekday::Monday | Weekday::Thursday | Weekday::Sunday => Date::constant(year, 9, 3),
        _ => Date::constant(year, 9, 1),
    };
    if other < day {
        (other, day)
    } else {
        (day, other)
    }
}

#[inline]
fn bit(bits: &[u64; 6], i: usize) -> bool {
    bits[i >> 6] >> (i & 63) & 1 == 1
}

#[inline]
fn is_weekend_jdn(n: i32) -> bool {
    // Julian day number 0 was a Monday: n % 7 == 5 is Saturday, 6 Sunday.
    n.rem_euclid(7) >= 5
}

fn first_jdn() -> i32 {
    jdn(Date::constant(FIRST_YEAR, 1, 1))
}

fn last_jdn() -> i32 {
    jdn(Date::constant(LAST_YEAR, 12, 31))
}

fn in_range(d: Date) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&d.year())
}

fn date_of(n: i32) -> Date {
    from_jdn(n).expect("a day inside the supported years")
}

/// The working-day calendar: weekends, holidays computed from the law, and per-year data.
///
/// It is `Send + Sync`: each year's rest days are built once, on first use (a year with a
/// data file, eagerly in [`Calendar::new`]), and then only read.
#[derive(Debug)]
pub struct Calendar {
    years: Box<[OnceLock<Year>]>,
    hours: HoursConfig,
}

impl Default for Calendar {
    /// A calendar with no data: every year's holidays are computed from the law.
    fn default() -> Self {
        Calendar::new(Vec::new())
    }
}

impl Calendar {
    /// A calendar whose holidays come from `years` for the years they cover (authoritative:
    /// the file lists every weekday off and the swapped working Saturdays) and from the law
    /// for the other years. Data outside 1900–2199 is ignored; for a year given twice the
    /// last one wins.
    pub fn new(years: Vec<YearData>) -> Calendar {
        let mut slots: Vec<OnceLock<Year>> = (0..YEARS).map(|_| OnceLock::new()).collect();
        for data in &years {
            if (FIRST_YEAR..=LAST_YEAR).contains(&data.year) {
                let slot = &mut slots[(data.year - FIRST_YEAR) as usize];
                *slot = OnceLock::from(Year::from_data(data));
            }
        }
        Calendar {
            years: slots.into_boxed_slice(),
            hours: HoursConfig::default(),
        }
    }

    /// The same calendar with the catalogue's working hours (`working_hours:` of the
    /// manifest) instead of the default 07:30–11:30, 13:00–17:00.
    pub fn with_hours(mut self, hours: HoursConfig) -> Calendar {
        self.hours = hours;
        self
    }

    /// The working hours of the catalogue.
    pub fn hours(&self) -> &HoursConfig {
        &self.hours
    }

    /// The working hours that apply to a procedure: its own (`working_hours:` of the
    /// procedure file), else those of its implementing agency, else the catalogue's.
    pub fn hours_for<'a>(
        &'a self,
        own: Option<&'a WorkingHours>,
        agency: Option<&str>,
    ) -> &'a WorkingHours {
        own.unwrap_or_else(|| self.hours.for_agency(agency))
    }

    /// The Saturdays and Sundays worked in `year` (làm bù), in order. Empty outside the
    /// supported years and for computed years.
    pub fn working_weekends(&self, year: i16) -> Vec<(Date, Arc<Text>)> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Vec::new();
        }
        let y = self.year(year);
        y.worked
            .iter()
            .map(|(i, n)| (date_of(y.first + i32::from(*i)), n.clone()))
            .collect()
    }

    /// The years from `from` to `to` (inclusive) without a decision file.
    pub fn computed_years(&self, from: Date, to: Date) -> Vec<i16> {
        (from.year().max(FIRST_YEAR)..=to.year().min(LAST_YEAR))
            .filter(|y| !self.has_data(*y))
            .collect()
    }

    /// The working days after `from` up to and including `to` (the way a deadline counts
    /// them: the day of receipt is not counted), with the rest days skipped and the weekend
    /// days worked. `from` after `to` gives 0.
    pub fn working_days_between(
        &self,
        from: Date,
        to: Date,
    ) -> Result<(u32, Vec<Step>), CalendarError> {
        for d in [from, to] {
            if !in_range(d) {
                return Err(CalendarError::OutOfRange { date: d });
            }
        }
        let (a, b) = (jdn(from), jdn(to));
        let mut steps = Vec::new();
        let mut n = 0u32;
        for k in a + 1..=b {
            let y = self.year_of(k);
            let i = (k - y.first) as usize;
            if y.is_rest(i) {
                let reason = y
                    .holiday(i)
                    .map_or(RestDay::Weekend, |n| RestDay::Holiday(n.clone()));
                push_skipped(&mut steps, date_of(k), reason);
            } else {
                if let Some(name) = y.worked(i) {
                    steps.push(Step::WorkingWeekend {
                        date: date_of(k),
                        name: name.clone(),
                    });
                }
                n += 1;
            }
        }
        Ok((n, steps))
    }

    /// The rest days of `year` (must be within the supported years).
    #[inline]
    fn year(&self, year: i16) -> &Year {
        self.years[(year - FIRST_YEAR) as usize].get_or_init(|| Year::computed(year))
    }

    /// Whether `year` has a data file (otherwise its holidays are computed from the law).
    pub fn has_data(&self, year: i16) -> bool {
        (FIRST_YEAR..=LAST_YEAR).contains(&year)
            && self.years[(year - FIRST_YEAR) as usize]
                .get()
                .is_some_and(|y| y.source.is_some())
    }

    /// The document that fixed `year`'s days off, when the year has a data file.
    pub fn source(&self, year: i16) -> Option<&Text> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return None;
        }
        self.years[(year - FIRST_YEAR) as usize]
            .get()
            .and_then(|y| y.source.as_ref())
    }

    /// The named days off of `year`, in order (weekends not included unless named).
    /// Empty outside the supported years.
    pub fn days_off(&self, year: i16) -> Vec<(Date, Arc<Text>)> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Vec::new();
        }
        let y = self.year(year);
        y.holidays
            .iter()
            .map(|(i, n)| (date_of(y.first + i32::from(*i)), n.clone()))
            .collect()
    }

    /// Whether `d` is a working day. Outside the supported years only weekends are rest
    /// days.
    pub fn is_working_day(&self, d: Date) -> bool {
        if !in_range(d) {
            return !is_weekend_jdn(jdn(d));
        }
        let y = self.year(d.year());
        !y.is_rest(d.day_of_year() as usize - 1)
    }

    /// Why `d` is a rest day, or `None` for a working day.
    pub fn rest_reason(&self, d: Date) -> Option<RestDay> {
        if !in_range(d) {
            return is_weekend_jdn(jdn(d)).then_some(RestDay::Weekend);
        }
        self.reason_at(jdn(d))
    }

    fn reason_at(&self, n: i32) -> Option<RestDay> {
        let y = self.year_of(n);
        let i = (n - y.first) as usize;
        if !y.is_rest(i) {
            return None;
        }
        Some(match y.holiday(i) {
            Some(name) => RestDay::Holiday(name.clone()),
            None => RestDay::Weekend,
        })
    }

    /// The year containing Julian day number `n` (inside the supported years).
    fn year_of(&self, n: i32) -> &Year {
        let guess = FIRST_YEAR + ((n - first_jdn()) as f64 / 365.2425) as i16;
        let mut year = guess.clamp(FIRST_YEAR, LAST_YEAR);
        loop {
            let y = self.year(year);
            if n < y.first && year > FIRST_YEAR {
                year -= 1;
            } else if n >= y.first + y.len && year < LAST_YEAR {
                year += 1;
            } else {
                return y;
            }
        }
    }

    fn is_rest_jdn(&self, n: i32) -> bool {
        let y = self.year_of(n);
        y.is_rest((n - y.first) as usize)
    }

    /// The first working day strictly after day `n`, as a day number.
    fn next_working_jdn(&self, n: i32) -> Option<i32> {
        let last = last_jdn();
        let mut k = n + 1;
        while k <= last {
            if !self.is_rest_jdn(k) {
                return Some(k);
            }
            k += 1;
        }
        None
    }

    /// The first working day strictly after `d`.
    pub fn next_working_day(&self, d: Date) -> Result<Date, CalendarError> {
        if !in_range(d) {
            return Err(CalendarError::OutOfRange { date: d });
        }
        self.next_working_jdn(jdn(d))
            .map(date_of)
            .ok_or(CalendarError::Overflow {
                from: d,
                amount: 1,
                unit: Unit::WorkingDays,
            })
    }

    /// The due date of a period of `amount` `unit`s for a dossier received at `received`,
    /// with the catalogue's working hours, explained; see [`Calendar::due_in`].
    pub fn due(
        &self,
        received: DateTime,
        amount: u32,
        unit: Unit,
        cutoff: Option<Time>,
    ) -> Result<Due, CalendarError> {
        self.due_in(received, amount, unit, cutoff, &self.hours.default, true)
    }

    /// The due date of a period of `amount` `unit`s for a dossier received at `received`,
    /// by the Civil Code 2015 (arts. 147–148):
    ///
    /// * counting starts the day after receipt; a dossier received after `cutoff` (when
    ///   given) or on a rest day counts as received on the next working day;
    /// * [`Unit::WorkingDays`]: the `amount`-th working day after that day;
    /// * [`Unit::Days`]: that day + `amount` calendar days; when the result is a rest day
    ///   the period ends at the end of the next working day;
    /// * [`Unit::Months`]: the same day `amount` months later (the last day of the month
    ///   when it has no such day), then the same rest-day rule;
    /// * [`Unit::Hours`]: `amount` hours of working time in `hours`, on working days (every
    ///   day when `hours.every_day`): the clock starts at receipt when that is inside a
    ///   session, otherwise at the next opening; the due time is always inside a session
    ///   (at most its end) of a working day.
    ///
    /// An amount of 0 gives the day the dossier counts as received (for hours: the moment
    /// the clock starts). The due date is provisional when a year it counted has no
    /// decision file ([`Due::provisional`]). With `explain`, [`Due::steps`] says how the
    /// date was found; without it the steps are left empty and nothing is allocated, which
    /// is what keeps evaluation fast.
    pub fn due_in(
        &self,
        received: DateTime,
        amount: u32,
        unit: Unit,
        cutoff: Option<Time>,
        hours: &WorkingHours,
        explain: bool,
    ) -> Result<Due, CalendarError> {
        if explain {
            let mut steps = Vec::with_capacity(8);
            let mut due = self.due_with(received, amount, unit, cutoff, hours, &mut steps)?;
            due.steps = steps;
            Ok(due)
        } else {
            self.due_with(received, amount, unit, cutoff, hours, &mut Quiet)
        }
    }

    /// [`Calendar::due_in`], its steps going to `steps` (the returned `Due` has none).
    fn due_with<S: Steps>(
        &self,
        received: DateTime,
        amount: u32,
        unit: Unit,
        cutoff: Option<Time>,
        hours: &WorkingHours,
        steps: &mut S,
    ) -> Result<Due, CalendarError> {
        let day = received.date();
        if !in_range(day) {
            return Err(CalendarError::OutOfRange { date: day });
        }
        let overflow = || CalendarError::Overflow {
            from: day,
            amount,
            unit,
        };
        let arrived = jdn(day);
        let mut start = arrived;
        let open_every_day = unit == Unit::Hours && hours.every_day;
        if !open_every_day && self.is_rest_jdn(arrived) {
            start = self.next_working_jdn(arrived).ok_or_else(overflow)?;
            if S::ON {
                steps.push(Step::ReceivedOnRestDay {
                    date: day,
                    reason: self.reason_at(arrived).expect("a rest day"),
                    counted_from: date_of(start),
                });
            }
        } else if let Some(cutoff) = cutoff.filter(|c| received.time() > *c) {
            start = if open_every_day {
                arrived + 1
            } else {
                self.next_working_jdn(arrived).ok_or_else(overflow)?
            };
            if start > last_jdn() {
                return Err(overflow());
            }
            if S::ON {
                steps.push(Step::AfterCutoff {
                    received,
                    cutoff,
                    counted_from: date_of(start),
                });
            }
        }
        let counted_from = date_of(start);
        let (date, time) = match unit {
            Unit::WorkingDays => {
                let end = self
                    .count_working(start, amount, steps)
                    .ok_or_else(overflow)?;
                (date_of(end), None)
            }
            Unit::Days => {
                let end = i64::from(start) + i64::from(amount);
                if end > i64::from(last_jdn()) {
                    return Err(overflow());
                }
                let end = self.extend(end as i32, steps).ok_or_else(overflow)?;
                (date_of(end), None)
            }
            Unit::Months => {
                let months = i32::try_from(amount).map_err(|_| overflow())?;
                let end = counted_from
                    .checked_add(
                        jiff::Span::new()
                            .try_months(months)
                            .map_err(|_| overflow())?,
                    )
                    .map_err(|_| overflow())?;
                if !in_range(end) {
                    return Err(overflow());
                }
                if S::ON && end.day() != counted_from.day() {
                    steps.push(Step::MonthEnd { date: end });
                }
                let end = self.extend(jdn(end), steps).ok_or_else(overflow)?;
                (date_of(end), None)
            }
            Unit::Hours => {
                let from = if start == arrived {
                    received.hour() as u16 * 60 + received.minute() as u16
                } else {
                    0
                };
                let (d, m) = self
                    .count_hours(received, start, from, amount, hours, steps)
                    .ok_or_else(overflow)?;
                let time = Time::new((m / 60) as i8, (m % 60) as i8, 0, 0)
                    .expect("minutes of a day below 24:00");
                (date_of(d), Some(time))
            }
        };
        Ok(Due {
            provisional: self.computed_years(day, date),
            date,
            time,
            counted_from,
            steps: Vec::new(),
        })
    }

    /// `amount` hours of working time from minute `from` of day `start`: the day and minute
    /// (below 1440: 24:00 is written as 00:00 of the next day) the period ends.
    fn count_hours<S: Steps>(
        &self,
        received: DateTime,
        start: i32,
        from: u16,
        amount: u32,
        hours: &WorkingHours,
        steps: &mut S,
    ) -> Option<(i32, u16)> {
        let last = last_jdn();
        let mut left = u64::from(amount) * 60;
        let mut n = start;
        let mut from = from;
        let mut first = true;
        let mut y = self.year_of(start);
        loop {
            if n > last {
                return None;
            }
            if n >= y.first + y.len {
                y = self.year_of(n);
            }
            if !hours.every_day && y.is_rest((n - y.first) as usize) {
                if S::ON {
                    let reason = self.reason_at(n).expect("a rest day");
                    steps.skipped(date_of(n), reason);
                }
                n += 1;
                from = 0;
                continue;
            }
            for &(s, e) in hours.sessions.iter() {
                if e <= from {
                    continue;
                }
                let begin = s.max(from);
                if S::ON && first {
                    first = false;
                    let at = u16::try_from(
                        i32::from(received.hour()) * 60 + i32::from(received.minute()),
                    )
                    .unwrap_or(0);
                    if n != jdn(received.date()) || begin != at {
                        let start = date_of(n).to_datetime(
                            Time::new((begin / 60) as i8, (begin % 60) as i8, 0, 0)
                                .unwrap_or(Time::midnight()),
                        );
                        steps.push(Step::Opens { received, start });
                    }
                }
                let avail = u64::from(e - begin);
                if avail >= left {
                    let end = begin + left as u16;
                    if S::ON && left > 0 {
                        steps.push(Step::Counted {
                            date: date_of(n),
                            from: begin,
                            to: end,
                        });
                    }
                    return if end == hours::DAY_MINUTES {
                        (n < last).then_some((n + 1, 0))
                    } else {
                        Some((n, end))
                    };
                }
                left -= avail;
                if S::ON {
                    steps.push(Step::Counted {
                        date: date_of(n),
                        from: begin,
                        to: e,
                    });
                }
            }
            n += 1;
            from = 0;
        }
    }

    /// Day `n`, or the next working day when `n` is a rest day (recording why).
    fn extend<S: Steps>(&self, n: i32, steps: &mut S) -> Option<i32> {
        if !self.is_rest_jdn(n) {
            return Some(n);
        }
        let to = self.next_working_jdn(n)?;
        if S::ON {
            steps.push(Step::Extended {
                from: date_of(n),
                to: date_of(to),
                reason: self.reason_at(n).expect("a rest day"),
            });
        }
        Some(to)
    }

    /// The `amount`-th working day after day `start`, recording the rest days skipped and
    /// the weekend days worked. Allocates nothing per day.
    fn count_working<S: Steps>(&self, start: i32, amount: u32, steps: &mut S) -> Option<i32> {
        let last = last_jdn();
        let mut left = amount;
        let mut n = start;
        let mut y = self.year_of(start);
        // The current run of skipped days: first and last day (with their years) and the
        // holiday name (None: weekend).
        type Run<'y> = (i32, &'y Year, i32, &'y Year, Option<&'y Arc<Text>>);
        let mut run: Option<Run<'_>> = None;
        let flush = |run: &mut Option<Run<'_>>, steps: &mut S| {
            if let Some((from, fy, to, ty, name)) = run.take() {
                steps.push(Step::Skipped {
                    from: fy.date(from - fy.first),
                    to: ty.date(to - ty.first),
                    reason: name.map_or(RestDay::Weekend, |n| RestDay::Holiday(n.clone())),
                });
            }
        };
        while left > 0 {
            n += 1;
            if n > last {
                return None;
            }
            if n >= y.first + y.len {
                y = self.year_of(n);
            }
            let i = (n - y.first) as usize;
            if y.is_rest(i) {
                if !S::ON {
                    continue;
                }
                let name = y.holiday(i);
                match &mut run {
                    Some((_, _, to, ty, prev)) if same_reason(*prev, name) => {
                        *to = n;
                        *ty = y;
                    }
                    _ => {
                        flush(&mut run, steps);
                        run = Some((n, y, n, y, name));
                    }
                }
            } else {
                if S::ON {
                    flush(&mut run, steps);
                    if let Some(name) = y.worked(i) {
                        steps.push(Step::WorkingWeekend {
                            date: y.date(i as i32),
                            name: name.clone(),
                        });
                    }
                }
                left -= 1;
            }
        }
        flush(&mut run, steps);
        Some(n)
    }
}

/// Where the steps of a due date go while it is counted: a `Vec<Step>` when explaining,
/// [`Quiet`] when not. Callers build a step only `if S::ON`, so the quiet path compiles to
/// the counting alone: no dates converted, no names cloned, nothing allocated.
trait Steps {
    /// Whether steps are kept.
    const ON: bool;
    /// Adds a step.
    fn push(&mut self, step: Step);
    /// Adds a skipped rest day (see [`push_skipped`]).
    fn skipped(&mut self, day: Date, reason: RestDay);
}

impl Steps for Vec<Step> {
    const ON: bool = true;
    fn push(&mut self, step: Step) {
        Vec::push(self, step);
    }
    fn skipped(&mut self, day: Date, reason: RestDay) {
        push_skipped(self, day, reason);
    }
}

/// No explanation: steps are dropped (and, being built only `if S::ON`, never made).
struct Quiet;

impl Steps for Quiet {
    const ON: bool = false;
    fn push(&mut self, _: Step) {}
    fn skipped(&mut self, _: Date, _: RestDay) {}
}

/// Adds a skipped rest day, joining it to the previous step when that is a run of the same
/// reason ending the day before.
fn push_skipped(steps: &mut Vec<Step>, day: Date, reason: RestDay) {
    if let Some(Step::Skipped { to, reason: r, .. }) = steps.last_mut()
        && same_rest(r, &reason)
        && to.tomorrow().ok() == Some(day)
    {
        *to = day;
        return;
    }
    steps.push(Step::Skipped {
        from: day,
        to: day,
        reason,
    });
}

fn same_rest(a: &RestDay, b: &RestDay) -> bool {
    match (a, b) {
        (RestDay::Weekend, RestDay::Weekend) => true,
        (RestDay::Holiday(a), RestDay::Holiday(b)) => Arc::ptr_eq(a, b) || a == b,
        _ => false,
    }
}

fn same_reason(a: Option<&Arc<Text>>, b: Option<&Arc<Text>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests;
