use super::*;
use crate::diag::SourceFile;
use crate::limits::Limits;
use crate::shape::Cx;
use crate::yaml::Document;
use jiff::civil::{date, datetime, time};

/// The calendar with the bundled `catalogue/calendar/*.yaml` files.
fn bundled() -> Calendar {
    Calendar::new(bundled_years())
}

/// The bundled year files, read and checked.
fn bundled_years() -> Vec<YearData> {
    let limits = Limits::default();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/catalogue/calendar");
    (2020..=2026)
        .map(|year| {
            let text = std::fs::read_to_string(format!("{dir}/{year}.yaml")).unwrap();
            let doc = Document::parse(&text, &limits).unwrap();
            let file = SourceFile::new(format!("{year}.yaml"), text.as_str());
            let mut cx = Cx::new(&doc, &file, &limits);
            let data = read_year(&mut cx, doc.root().unwrap()).unwrap();
            assert!(cx.diags.is_empty(), "{year}.yaml: {:?}", cx.diags);
            data
        })
        .collect()
}

fn wd(cal: &Calendar, received: DateTime, n: u32) -> Date {
    cal.due(received, n, Unit::WorkingDays, None).unwrap().date
}

fn holiday(vi: &str, en: &str) -> RestDay {
    RestDay::Holiday(Arc::new(Text {
        vi: vi.into(),
        en: Some(en.into()),
    }))
}

#[test]
fn calendar_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Calendar>();
    check::<Due>();
}

#[test]
fn across_30_april_and_1_may_2025() {
    let cal = bundled();
    // 30/4, 1/5 holidays, 2/5 swapped, 3–4/5 weekend: Mon 5 (1), Tue 6 (2), Wed 7 (3).
    assert_eq!(
        wd(&cal, datetime(2025, 4, 29, 9, 0, 0, 0), 3),
        date(2025, 5, 7)
    );
    // Saturday 26 April is worked in exchange for 2 May.
    assert_eq!(
        wd(&cal, datetime(2025, 4, 25, 9, 0, 0, 0), 1),
        date(2025, 4, 26)
    );
    assert!(cal.is_working_day(date(2025, 4, 26)));
    assert!(!cal.is_working_day(date(2025, 5, 2)));
    // 2024: Monday 29/4 off, Saturday 4/5 worked.
    assert_eq!(
        wd(&cal, datetime(2024, 4, 26, 9, 0, 0, 0), 1),
        date(2024, 5, 2)
    );
    assert_eq!(
        wd(&cal, datetime(2024, 5, 3, 9, 0, 0, 0), 1),
        date(2024, 5, 4)
    );
}

#[test]
fn calendar_days_ending_on_a_rest_day() {
    let cal = bundled();
    // Mon 3 March 2025 + 13 days = Sunday 16 March: the period ends on Monday 17 March.
    let due = cal
        .due(datetime(2025, 3, 3, 9, 0, 0, 0), 13, Unit::Days, None)
        .unwrap();
    assert_eq!(due.date, date(2025, 3, 17));
    assert_eq!(
        due.steps,
        [Step::Extended {
            from: date(2025, 3, 16),
            to: date(2025, 3, 17),
            reason: RestDay::Weekend
        }]
    );
    // Mon 20 Jan + 7 days = 27 Jan (swapped Tết day): 28–31 Tết, 1–2 Feb weekend → 3 Feb.
    let due = cal
        .due(datetime(2025, 1, 20, 9, 0, 0, 0), 7, Unit::Days, None)
        .unwrap();
    assert_eq!(due.date, date(2025, 2, 3));
    // Ending on a working day: no change.
    let due = cal
        .due(datetime(2025, 3, 3, 9, 0, 0, 0), 10, Unit::Days, None)
        .unwrap();
    assert_eq!((due.date, due.steps.len()), (date(2025, 3, 13), 0));
}

#[test]
fn months_clamp_to_the_end_of_the_month() {
    let cal = bundled();
    let due = cal
        .due(datetime(2024, 1, 31, 9, 0, 0, 0), 1, Unit::Months, None)
        .unwrap();
    assert_eq!(due.date, date(2024, 2, 29));
    assert_eq!(
        due.steps,
        [Step::MonthEnd {
            date: date(2024, 2, 29)
        }]
    );
    // Friday 31 Jan 2025 is a Tết day off: counted from Monday 3 Feb → 3 March.
    let due = cal
        .due(datetime(2025, 1, 31, 9, 0, 0, 0), 1, Unit::Months, None)
        .unwrap();
    assert_eq!(due.date, date(2025, 3, 3));
    assert!(matches!(due.steps[..], [Step::ReceivedOnRestDay { .. }]));
    // Friday 31 Jan 2031 (no data) + 1 month = 28 Feb 2031 (Friday), clamped.
    assert_eq!(
        cal.due(datetime(2031, 1, 31, 9, 0, 0, 0), 1, Unit::Months, None)
            .unwrap()
            .date,
        date(2031, 2, 28)
    );
    // 31 March + 1 month = 30 April (holiday) → 1/5, 2/5 off, 3–4/5 weekend → 5 May.
    let due = cal
        .due(datetime(2025, 3, 31, 9, 0, 0, 0), 1, Unit::Months, None)
        .unwrap();
    assert_eq!(due.date, date(2025, 5, 5));
    assert!(
        matches!(due.steps[..], [Step::MonthEnd { .. }, Step::Extended { from, .. }] if from == date(2025, 4, 30))
    );
    // 12 months from a working day.
    assert_eq!(
        cal.due(datetime(2024, 3, 15, 9, 0, 0, 0), 12, Unit::Months, None)
            .unwrap()
            .date,
        date(2025, 3, 17) // 15 March 2025 is a Saturday
    );
}

#[test]
fn receipt_after_the_cutoff() {
    let cal = bundled();
    let cutoff = Some(time(15, 0, 0, 0));
    // Thursday 6 March 2025, 15:30: counted as received on Friday 7 → due Monday 10.
    let late = cal
        .due(
            datetime(2025, 3, 6, 15, 30, 0, 0),
            1,
            Unit::WorkingDays,
            cutoff,
        )
        .unwrap();
    assert_eq!(late.counted_from, date(2025, 3, 7));
    assert_eq!(late.date, date(2025, 3, 10));
    assert!(matches!(late.steps[0], Step::AfterCutoff { .. }));
    assert_eq!(
        late.steps[0].describe(Lang::En),
        "received at 15:30, after the 15:00 cut-off: counted as received on 2025-03-07"
    );
    // At 15:00 exactly it is not late.
    let on_time = cal
        .due(
            datetime(2025, 3, 6, 15, 0, 0, 0),
            1,
            Unit::WorkingDays,
            cutoff,
        )
        .unwrap();
    assert_eq!(on_time.date, date(2025, 3, 7));
    // Without a cut-off the hour does not matter.
    assert_eq!(
        wd(&cal, datetime(2025, 3, 6, 23, 59, 0, 0), 1),
        date(2025, 3, 7)
    );
    // Friday 31 Jan... is Tết; Thursday 24 April 2025 after 15:00 → Friday 25 → 1 working
    // day later is Saturday 26 (worked).
    assert_eq!(
        cal.due(
            datetime(2025, 4, 24, 16, 0, 0, 0),
            1,
            Unit::WorkingDays,
            cutoff
        )
        .unwrap()
        .date,
        date(2025, 4, 26)
    );
}

#[test]
fn receipt_on_a_rest_day() {
    let cal = bundled();
    // Sunday 9 March 2025: counted as received Monday 10 → 1 working day: Tuesday 11.
    let due = cal
        .due(
            datetime(2025, 3, 9, 10, 0, 0, 0),
            1,
            Unit::WorkingDays,
            None,
        )
        .unwrap();
    assert_eq!(due.counted_from, date(2025, 3, 10));
    assert_eq!(due.date, date(2025, 3, 11));
    assert_eq!(
        due.steps,
        [Step::ReceivedOnRestDay {
            date: date(2025, 3, 9),
            reason: RestDay::Weekend,
            counted_from: date(2025, 3, 10)
        }]
    );
    // Received during Tết (Wednesday 29 Jan 2025): counted from Monday 3 Feb.
    assert_eq!(
        wd(&cal, datetime(2025, 1, 29, 10, 0, 0, 0), 1),
        date(2025, 2, 4)
    );
    // 0 working days: the day it counts as received.
    assert_eq!(
        wd(&cal, datetime(2025, 3, 9, 10, 0, 0, 0), 0),
        date(2025, 3, 10)
    );
}

#[test]
fn dates_outside_the_supported_years_are_refused() {
    let cal = Calendar::default();
    for dt in [
        datetime(2013, 12, 31, 10, 0, 0, 0),
        datetime(1990, 1, 2, 10, 0, 0, 0),
        datetime(2200, 1, 1, 10, 0, 0, 0),
    ] {
        for unit in [Unit::WorkingDays, Unit::Days, Unit::Months, Unit::Hours] {
            let err = cal.due(dt, 1, unit, None).unwrap_err();
            assert_eq!(err, CalendarError::OutOfRange { date: dt.date() });
        }
    }
    let err = cal
        .due(datetime(2200, 1, 1, 0, 0, 0, 0), 1, Unit::Days, None)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "2200-01-01 is outside the supported calendar (2014-01-01 to 2199-12-31)"
    );
    assert!(err.message().vi.contains("nằm ngoài"));
    // Before 2014 other rest days applied: the message says so rather than count 1990 with
    // today's rules.
    let early = cal
        .due(datetime(1990, 1, 2, 9, 0, 0, 0), 5, Unit::WorkingDays, None)
        .unwrap_err();
    assert!(
        early.message().en.contains("2014–2199"),
        "{}",
        early.message().en
    );
    assert!(early.message().vi.contains("188/1999/QĐ-TTg"));
    // Running past the end, or overflowing.
    let late = datetime(2199, 12, 26, 9, 0, 0, 0);
    for (n, unit) in [
        (5, Unit::WorkingDays),
        (10, Unit::Days),
        (1, Unit::Months),
        (200, Unit::Hours),
        (u32::MAX, Unit::WorkingDays),
        (u32::MAX, Unit::Days),
        (u32::MAX, Unit::Months),
        (u32::MAX, Unit::Hours),
    ] {
        let err = cal.due(late, n, unit, None).unwrap_err();
        assert!(
            matches!(err, CalendarError::Overflow { .. }),
            "{n} {unit:?}"
        );
    }
    assert_eq!(
        cal.due(late, 5, Unit::WorkingDays, None)
            .unwrap_err()
            .to_string(),
        "5 working days from 2199-12-26 runs past the supported calendar (2014-01-01 to 2199-12-31)"
    );
    // The first and last days work.
    assert_eq!(
        wd(&cal, datetime(2014, 1, 1, 9, 0, 0, 0), 1),
        date(2014, 1, 3) // Wed 1 Jan 2014 is New Year's Day
    );
    assert_eq!(
        wd(&cal, datetime(2199, 12, 26, 9, 0, 0, 0), 3),
        date(2199, 12, 31)
    );
    // Outside the range, only weekends are rest days.
    assert!(cal.is_working_day(date(2200, 1, 1)));
    assert_eq!(cal.rest_reason(date(2013, 12, 29)), Some(RestDay::Weekend));
}

#[test]
fn invariants_over_many_dates() {
    let cal = bundled();
    let mut received: Vec<DateTime> = Vec::new();
    let mut d = date(2023, 12, 1);
    while d <= date(2027, 1, 31) {
        received.push(d.at(9, 0, 0, 0));
        received.push(d.at(16, 30, 0, 0));
        d = d.tomorrow().unwrap();
    }
    let mut d = date(2014, 1, 1);
    while d < date(2199, 11, 1) {
        received.push(d.at(10, 0, 0, 0));
        d = d.checked_add(jiff::Span::new().days(97)).unwrap();
    }
    let cutoff = Some(time(15, 0, 0, 0));
    for r in received {
        let mut prev: Option<Date> = None;
        for n in 0..=30u32 {
            let due = cal.due(r, n, Unit::WorkingDays, cutoff).unwrap();
            assert!(cal.is_working_day(due.date), "{r} +{n}: {}", due.date);
            assert!(cal.is_working_day(due.counted_from));
            assert!(due.counted_from >= r.date());
            if n == 0 {
                assert_eq!(due.date, due.counted_from);
            } else {
                assert!(due.date > r.date(), "{r} +{n}");
                assert!(due.date > prev.unwrap(), "{r} +{n} not monotonic");
            }
            prev = Some(due.date);
            if n == 30 || n == 7 {
                // Exactly n working days after counted_from.
                let mut k = 0;
                let mut x = due.counted_from;
                while x < due.date {
                    x = x.tomorrow().unwrap();
                    k += u32::from(cal.is_working_day(x));
                }
                assert_eq!(k, n, "{r} +{n}");
            }
            let days = cal.due(r, n, Unit::Days, cutoff).unwrap();
            assert!(cal.is_working_day(days.date));
            let plain = due
                .counted_from
                .checked_add(jiff::Span::new().days(i64::from(n)))
                .unwrap();
            assert!(days.date >= plain);
            let hours = cal.due(r, n * 8, Unit::Hours, cutoff).unwrap();
            assert!(cal.is_working_day(hours.date));
            assert!(hours.date.to_datetime(hours.time.unwrap()) >= r);
        }
        let months = cal.due(r, 3, Unit::Months, cutoff).unwrap();
        assert!(cal.is_working_day(months.date));
    }
}

#[test]
fn shared_between_threads() {
    let cal = Calendar::default();
    let dates: Vec<Date> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| wd(&cal, datetime(2031, 1, 20, 9, 0, 0, 0), 30)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(dates.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn lunar_facts_used_by_the_data_files() {
    assert_eq!(lunar_year_end(2023), date(2024, 2, 9));
    assert_eq!(to_lunar(date(2024, 2, 8)).day, 29);
    assert_eq!(to_lunar(date(2025, 1, 25)).day, 26);
    assert_eq!(to_lunar(date(2026, 2, 14)).day, 27);
    assert_eq!(to_lunar(date(2026, 2, 22)).day, 6);
}

#[test]
fn day_index_to_date() {
    let cal = Calendar::default();
    for year in [2014, 2016, 2024, 2025, 2100, 2199] {
        let y = cal.year(year);
        let mut d = date(year, 1, 1);
        for i in 0..y.len {
            assert_eq!(y.date(i), d);
            assert_eq!(jdn(d) - y.first, i);
            d = d.tomorrow().unwrap();
        }
        assert_eq!(d.year(), year + 1);
    }
}

#[test]
fn seven_working_days_across_tet_2025() {
    let cal = bundled();
    // Received Friday 24 Jan, 10:00; counting starts Saturday 25 Jan.
    //   25–26 Jan weekend; 27–31 Jan Tết (Notice 6150/TB-BLĐTBXH); 1–2 Feb weekend;
    //   Mon 3 (1), Tue 4 (2), Wed 5 (3), Thu 6 (4), Fri 7 (5), 8–9 weekend, Mon 10 (6),
    //   Tue 11 Feb (7).
    let due = cal
        .due(
            datetime(2025, 1, 24, 10, 0, 0, 0),
            7,
            Unit::WorkingDays,
            Some(time(15, 0, 0, 0)),
        )
        .unwrap();
    assert_eq!(due.date, date(2025, 2, 11));
    assert_eq!(due.time, None);
    assert_eq!(due.counted_from, date(2025, 1, 24));
    assert!(!due.is_provisional());
    let tet = holiday("Nghỉ Tết Nguyên đán", "Lunar New Year holiday");
    let skipped = |from, to, reason: &RestDay| Step::Skipped {
        from,
        to,
        reason: reason.clone(),
    };
    assert_eq!(
        due.steps,
        [
            skipped(date(2025, 1, 25), date(2025, 1, 26), &RestDay::Weekend),
            skipped(date(2025, 1, 27), date(2025, 1, 31), &tet),
            skipped(date(2025, 2, 1), date(2025, 2, 2), &RestDay::Weekend),
            skipped(date(2025, 2, 8), date(2025, 2, 9), &RestDay::Weekend),
        ]
    );
    assert_eq!(
        due.steps[1].describe(Lang::En),
        "not counted: 2025-01-27..2025-01-31 (Lunar New Year holiday)"
    );
    // The rule for years without a decision places Tết 2025 the same way.
    let computed = Calendar::default();
    let due = computed
        .due(
            datetime(2025, 1, 24, 10, 0, 0, 0),
            7,
            Unit::WorkingDays,
            None,
        )
        .unwrap();
    assert_eq!(due.date, date(2025, 2, 11));
    assert_eq!(due.provisional, [2025]);
}

#[test]
fn a_make_up_saturday_is_counted() {
    let cal = bundled();
    // 2026: Friday 2/1 swapped with Saturday 10/1. Received Wednesday 31/12/2025:
    //   1/1 holiday, 2/1 swapped, 3–4/1 weekend, Mon 5 (1) … Fri 9 (5), Sat 10 (6).
    let due = cal
        .due(
            datetime(2025, 12, 31, 9, 0, 0, 0),
            6,
            Unit::WorkingDays,
            None,
        )
        .unwrap();
    assert_eq!(due.date, date(2026, 1, 10));
    assert!(
        matches!(due.steps.last(), Some(Step::WorkingWeekend { date: d, .. }) if *d == date(2026, 1, 10))
    );
    assert_eq!(
        due.steps.last().unwrap().describe(Lang::Vi),
        "có tính: 10/01/2026 là ngày làm việc (Làm bù cho ngày 02/01)"
    );
}

/// The swaps (hoán đổi) of the published decisions 2020–2026: a weekday off and the
/// Saturday worked for it. Decided case by case, they are the only days the rule does not
/// reproduce.
const SWAPS: [(Date, Date); 4] = [
    // 2024: Monday 29/4 off, Saturday 4/5 worked (2450/VPCP-KGVX).
    (date(2024, 4, 29), date(2024, 5, 4)),
    // 2025: Friday 2/5 off, Saturday 26/4 worked (8726/VPCP-KGVX).
    (date(2025, 5, 2), date(2025, 4, 26)),
    // 2026: Friday 2/1 off, Saturday 10/1 worked (12729/VPCP-KGVX).
    (date(2026, 1, 2), date(2026, 1, 10)),
    // 2026: Monday 31/8 off, Saturday 22/8 worked (9441/TB-BNV).
    (date(2026, 8, 31), date(2026, 8, 22)),
];

fn is_swap(d: Date) -> bool {
    SWAPS.iter().any(|(off, worked)| d == *off || d == *worked)
}

/// The rule for years without a decision, tested against every published decision: each
/// year is computed with its data file removed, and its Tết and National Day days off
/// compared with the file's (a swap next to National Day, as in 2026, aside).
#[test]
fn the_rule_reproduces_every_published_tet_and_national_day() {
    let years = bundled_years();
    for data in &years {
        let year = data.year;
        let others: Vec<YearData> = years.iter().filter(|y| y.year != year).cloned().collect();
        let decided = Calendar::new(years.clone());
        let computed = Calendar::new(others);
        assert!(decided.has_data(year) && !computed.has_data(year));
        let m = lunar_new_year(year);
        let windows = [
            (
                m.checked_sub(jiff::Span::new().days(10)).unwrap(),
                m.checked_add(jiff::Span::new().days(10)).unwrap(),
            ),
            (date(year, 8, 25), date(year, 9, 10)),
        ];
        for (from, to) in windows {
            let mut d = from;
            while d <= to {
                if is_swap(d) {
                    assert_ne!(computed.is_working_day(d), decided.is_working_day(d));
                    d = d.tomorrow().unwrap();
                    continue;
                }
                assert_eq!(
                    computed.is_working_day(d),
                    decided.is_working_day(d),
                    "{year}: {d} computed {:?}, decided {:?}",
                    computed.rest_reason(d),
                    decided.rest_reason(d)
                );
                d = d.tomorrow().unwrap();
            }
        }
    }
}

/// The rest of each year: the rule computes the fixed holidays and art. 111(3)'s
/// compensatory days; only the swaps (hoán đổi), decided case by case, differ.
#[test]
fn the_rule_differs_from_the_decisions_only_by_swaps() {
    let years = bundled_years();
    let decided = Calendar::new(years.clone());
    let computed = Calendar::default();
    let mut differences = Vec::new();
    for year in 2020..=2026 {
        let mut d = date(year, 1, 1);
        while d.year() == year {
            if computed.is_working_day(d) != decided.is_working_day(d) {
                differences.push(d);
            }
            d = d.tomorrow().unwrap();
        }
    }
    let mut swaps: Vec<Date> = SWAPS.iter().flat_map(|(a, b)| [*a, *b]).collect();
    swaps.sort();
    assert_eq!(differences, swaps);
}

#[test]
fn the_labour_code_in_force() {
    assert_eq!(labour_code(2020), LabourCode::Code2012);
    assert_eq!(labour_code(2021), LabourCode::Code2019);
    let cal = Calendar::default();
    // 2020 (2012 Code): National Day is 2/9 only.
    assert!(cal.is_working_day(date(2020, 9, 1)) && cal.is_working_day(date(2020, 9, 3)));
    assert!(!cal.is_working_day(date(2020, 9, 2)));
    // 2019 (2/9 a Monday, 2012 Code): one day; 2024 (a Monday, 2019 Code): 2/9 and 3/9.
    assert!(cal.is_working_day(date(2019, 9, 3)));
    assert!(!cal.is_working_day(date(2024, 9, 3)));
}

#[test]
fn default_rules_without_data() {
    let cal = Calendar::default();
    let off = |year| -> Vec<Date> { cal.days_off(year).into_iter().map(|(d, _)| d).collect() };
    assert_eq!(
        off(2025),
        [
            date(2025, 1, 1),
            date(2025, 1, 27),
            date(2025, 1, 28),
            date(2025, 1, 29),
            date(2025, 1, 30),
            date(2025, 1, 31),
            date(2025, 4, 7),
            date(2025, 4, 30),
            date(2025, 5, 1),
            date(2025, 9, 1),
            date(2025, 9, 2),
        ]
    );
    assert_eq!(
        cal.rest_reason(date(2025, 1, 27)),
        Some(holiday("Tết Nguyên đán", "Lunar New Year (Tết)"))
    );
    assert_eq!(
        cal.rest_reason(date(2022, 5, 3)),
        Some(holiday(
            "Nghỉ bù Ngày Quốc tế lao động",
            "Compensatory day off for International Labour Day"
        ))
    );
    assert_eq!(cal.rest_reason(date(2025, 3, 8)), Some(RestDay::Weekend));
    assert_eq!(cal.rest_reason(date(2025, 3, 7)), None);
    // 2027 (no decision when this was written): Tết mùng 1 is Saturday 6/2 — Thu 4, Fri 5,
    // Mon 8, Tue 9, Wed 10 Feb, as 2020 and 2024.
    assert_eq!(
        tet_days(2027),
        [
            date(2027, 2, 4),
            date(2027, 2, 5),
            date(2027, 2, 8),
            date(2027, 2, 9),
            date(2027, 2, 10)
        ]
    );
    // The National Day pair.
    for (year, other) in [
        (2021, date(2021, 9, 3)),
        (2022, date(2022, 9, 1)),
        (2023, date(2023, 9, 1)),
        (2024, date(2024, 9, 3)),
        (2025, date(2025, 9, 1)),
        (2026, date(2026, 9, 1)),
        (2029, date(2029, 9, 3)),
    ] {
        let (a, b) = national_day_pair(year);
        assert!(a == other || b == other, "{year}");
        assert!(a == date(year, 9, 2) || b == date(year, 9, 2));
    }
}

#[test]
fn data_is_authoritative_for_its_year() {
    let cal = bundled();
    assert!(cal.has_data(2025) && !cal.has_data(2027));
    assert!(cal.source(2025).unwrap().vi.contains("6150/TB-BLĐTBXH"));
    // The rule would give Friday 2/5/2025 as a working day; the decision swapped it.
    assert!(!cal.is_working_day(date(2025, 5, 2)));
    assert!(Calendar::default().is_working_day(date(2025, 5, 2)));
    assert!(cal.is_working_day(date(2025, 4, 26)));
    assert_eq!(cal.rest_reason(date(2025, 1, 25)), Some(RestDay::Weekend));
    // Each bundled year: days off are the listed ones plus weekends, less the worked days.
    let weekdays_off = |year: i16| {
        let mut d = date(year, 1, 1);
        let mut n = 0;
        while d.year() == year {
            if !cal.is_working_day(d) && cal.rest_reason(d) != Some(RestDay::Weekend) {
                n += 1;
            }
            d = d.tomorrow().unwrap();
        }
        n
    };
    // 2020: 10 days (2012 Code, no day fell on a weekend); then 11 + compensatory + swaps.
    let counts: Vec<usize> = (2020..=2026).map(weekdays_off).collect();
    assert_eq!(counts, [10, 11, 11, 11, 12, 12, 13]);
}

#[test]
fn provisional_years() {
    let cal = bundled();
    // Within 2026: decided.
    let due = cal
        .due(
            datetime(2026, 3, 2, 9, 0, 0, 0),
            10,
            Unit::WorkingDays,
            None,
        )
        .unwrap();
    assert!(!due.is_provisional() && due.provisional_note().is_none());
    // Across the new year into 2027, which has no decision: provisional.
    let due = cal
        .due(
            datetime(2026, 12, 28, 9, 0, 0, 0),
            10,
            Unit::WorkingDays,
            None,
        )
        .unwrap();
    assert_eq!(due.provisional, [2027]);
    let note = due.provisional_note().unwrap();
    assert!(note.en.contains("calendar/2027.yaml"), "{}", note.en);
    assert!(note.vi.starts_with("tạm tính"), "{}", note.vi);
}

/// The default hours: 07:30–11:30 and 13:00–17:00, working days only.
#[test]
fn hours_count_only_working_time() {
    let cal = bundled();
    let h = |dt, n, cutoff| cal.due(dt, n, Unit::Hours, cutoff).unwrap();
    // Monday 10:00 + 4 h: 10:00–11:30 (1.5 h), 13:00–15:30 (2.5 h).
    let d = h(datetime(2025, 3, 10, 10, 0, 0, 0), 4, None);
    assert_eq!(
        (d.date, d.time),
        (date(2025, 3, 10), Some(time(15, 30, 0, 0)))
    );
    assert_eq!(
        d.steps,
        [
            Step::Counted {
                date: date(2025, 3, 10),
                from: 600,
                to: 690
            },
            Step::Counted {
                date: date(2025, 3, 10),
                from: 780,
                to: 930
            },
        ]
    );
    assert_eq!(
        d.steps[0].describe(Lang::En),
        "counted: 2025-03-10 10:00–11:30 (1.5 h of working time)"
    );
    // Friday 16:30 + 4 h across the weekend: 16:30–17:00, then Monday 07:30–11:00.
    let d = h(datetime(2025, 3, 7, 16, 30, 0, 0), 4, None);
    assert_eq!(
        (d.date, d.time),
        (date(2025, 3, 10), Some(time(11, 0, 0, 0)))
    );
    assert!(matches!(
        d.steps[1],
        Step::Skipped {
            reason: RestDay::Weekend,
            ..
        }
    ));
    // 8 h from Friday 16:30: 0.5 h Friday, 7.5 h Monday — due Monday 16:30, never
    // "Monday 00:30".
    let d = h(datetime(2025, 3, 7, 16, 30, 0, 0), 8, None);
    assert_eq!(
        (d.date, d.time),
        (date(2025, 3, 10), Some(time(16, 30, 0, 0)))
    );
    // After the cut-off: the clock starts at Monday's opening.
    let d = h(
        datetime(2025, 3, 7, 16, 0, 0, 0),
        8,
        Some(time(15, 0, 0, 0)),
    );
    assert_eq!(
        (d.date, d.time),
        (date(2025, 3, 10), Some(time(17, 0, 0, 0)))
    );
    assert!(matches!(d.steps[0], Step::AfterCutoff { .. }));
    assert!(matches!(d.steps[1], Step::Opens { .. }));
    // Received on Sunday: Monday 07:30 + 4 h = 11:30 (the end of the morning session).
    let d = h(datetime(2025, 3, 9, 10, 0, 0, 0), 4, None);
    assert_eq!(
        (d.date, d.time),
        (date(2025, 3, 10), Some(time(11, 30, 0, 0)))
    );
    // During the lunch break: counting starts at 13:00.
    let d = h(datetime(2025, 3, 10, 12, 0, 0, 0), 1, None);
    assert_eq!(
        (d.date, d.time),
        (date(2025, 3, 10), Some(time(14, 0, 0, 0)))
    );
    // Across Tết 2025: Friday 24/1 16:00 + 8 h: 16:00–17:00, then 25/1–2/2 not counted,
    // Monday 3/2 07:30–11:30 and 13:00–16:00.
    let d = h(datetime(2025, 1, 24, 16, 0, 0, 0), 8, None);
    assert_eq!(
        (d.date, d.time),
        (date(2025, 2, 3), Some(time(16, 0, 0, 0)))
    );
    assert_eq!(d.steps.len(), 6, "{:?}", d.steps);
    // 0 hours: the moment the clock starts.
    let d = h(datetime(2025, 3, 10, 18, 0, 0, 0), 0, None);
    assert_eq!(
        (d.date, d.time),
        (date(2025, 3, 11), Some(time(7, 30, 0, 0)))
    );
}

#[test]
fn hours_of_a_post_open_around_the_clock() {
    let cal = bundled();
    let post = WorkingHours {
        sessions: Arc::from([(0u16, 1440u16)]),
        every_day: true,
        source: None,
    };
    // Friday 16:30 + 8 h = Saturday 00:30: the post counts every hour of every day.
    let d = cal
        .due_in(
            datetime(2025, 3, 7, 16, 30, 0, 0),
            8,
            Unit::Hours,
            None,
            &post,
            true,
        )
        .unwrap();
    assert_eq!(
        (d.date, d.time),
        (date(2025, 3, 8), Some(time(0, 30, 0, 0)))
    );
    // Ending at 24:00 is written as 00:00 of the next day.
    let d = cal
        .due_in(
            datetime(2025, 3, 7, 16, 0, 0, 0),
            8,
            Unit::Hours,
            None,
            &post,
            true,
        )
        .unwrap();
    assert_eq!((d.date, d.time), (date(2025, 3, 8), Some(time(0, 0, 0, 0))));
    // The due time is always inside working hours, whatever the amount.
    let office = WorkingHours::default();
    let mut t = datetime(2025, 1, 20, 0, 0, 0, 0);
    while t < datetime(2025, 2, 10, 0, 0, 0, 0) {
        for n in [1u32, 3, 4, 8, 9, 24, 40] {
            let d = cal.due_in(t, n, Unit::Hours, None, &office, true).unwrap();
            let m = d.time.unwrap().hour() as u16 * 60 + d.time.unwrap().minute() as u16;
            assert!(cal.is_working_day(d.date), "{t} + {n} h: {}", d.date);
            assert!(
                office.sessions.iter().any(|(s, e)| *s < m && m <= *e),
                "{t} + {n} h: {:?}",
                d.time
            );
            let worked: u32 = d
                .steps
                .iter()
                .map(|s| match s {
                    Step::Counted { from, to, .. } => u32::from(to - from),
                    _ => 0,
                })
                .sum();
            assert_eq!(worked, n * 60, "{t} + {n} h");
        }
        t = t.checked_add(jiff::Span::new().minutes(47)).unwrap();
    }
}

#[test]
fn working_days_between_two_dates() {
    let cal = bundled();
    // After Friday 24/1/2025 up to Tuesday 11/2: the 7 days of the Tết example.
    let (n, steps) = cal
        .working_days_between(date(2025, 1, 24), date(2025, 2, 11))
        .unwrap();
    assert_eq!(n, 7);
    assert_eq!(steps.len(), 4);
    assert_eq!(
        cal.working_days_between(date(2025, 2, 11), date(2025, 1, 24))
            .unwrap()
            .0,
        0
    );
    assert!(
        cal.working_days_between(date(1899, 1, 1), date(2025, 1, 1))
            .is_err()
    );
    // Always the inverse of a working-day deadline.
    for n in [0u32, 1, 5, 20] {
        let due = wd(&cal, datetime(2025, 12, 20, 9, 0, 0, 0), n);
        assert_eq!(
            cal.working_days_between(date(2025, 12, 22), due).unwrap().0,
            n
        );
    }
}

#[test]
fn quiet_counting_finds_the_explained_due_date() {
    // `eval` without --explain counts without recording steps; it must reach the same due
    // date, time, start and provisional years as the explained count, in every unit, for
    // the office and for a post open around the clock, across Tết, the 2026/2027 boundary
    // (a computed year) and a cut-off.
    let cal = bundled();
    let office = WorkingHours::default();
    let post = WorkingHours {
        sessions: Arc::from([(0u16, 1440u16)]),
        every_day: true,
        source: None,
    };
    let mut t = datetime(2024, 12, 20, 0, 0, 0, 0);
    let mut checked = 0;
    while t < datetime(2027, 2, 20, 0, 0, 0, 0) {
        for unit in [Unit::WorkingDays, Unit::Days, Unit::Months, Unit::Hours] {
            for n in [0u32, 1, 4, 8, 15] {
                for cutoff in [None, Some(time(15, 0, 0, 0))] {
                    for hours in [&office, &post] {
                        let loud = cal.due_in(t, n, unit, cutoff, hours, true).unwrap();
                        let quiet = cal.due_in(t, n, unit, cutoff, hours, false).unwrap();
                        assert!(quiet.steps.is_empty());
                        assert_eq!(
                            Due {
                                steps: Vec::new(),
                                ..loud
                            },
                            quiet,
                            "{t} + {n} {unit:?}, cut-off {cutoff:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        // A step that is not a divisor of a day, so receipt times cover the whole clock.
        t = t
            .checked_add(jiff::Span::new().hours(7).minutes(13))
            .unwrap();
    }
    assert!(checked > 100_000, "{checked}");
    // The explained count does record its steps.
    let loud = cal
        .due_in(
            datetime(2025, 1, 24, 10, 0, 0, 0),
            8,
            Unit::Hours,
            None,
            &office,
            true,
        )
        .unwrap();
    assert!(loud.steps.iter().any(|s| matches!(s, Step::Skipped { .. })));
}
