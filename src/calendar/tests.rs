use super::*;
use crate::catalogue::decode::Cx;
use crate::diag::SourceFile;
use crate::limits::Limits;
use crate::yaml::Document;
use jiff::civil::{date, datetime, time};

/// The calendar with the bundled `catalogue/calendar/*.yaml` files.
fn bundled() -> Calendar {
    let limits = Limits::default();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/catalogue/calendar");
    let years = [2024, 2025, 2026]
        .into_iter()
        .map(|year| {
            let text = std::fs::read_to_string(format!("{dir}/{year}.yaml")).unwrap();
            let doc = Document::parse(&text, &limits).unwrap();
            let file = SourceFile::new(format!("{year}.yaml"), text.as_str());
            let mut cx = Cx::new(&doc, &file, &limits);
            let data = read_year(&mut cx, doc.root().unwrap()).unwrap();
            assert!(cx.diags.is_empty(), "{year}.yaml: {:?}", cx.diags);
            data
        })
        .collect();
    Calendar::new(years)
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
fn seven_working_days_across_tet_2025() {
    let cal = bundled();
    // Received Friday 24 Jan, 10:00; counting starts Saturday 25 Jan.
    //   25–26 Jan weekend; 27 Jan swapped day off; 28–31 Jan Tết; 1–2 Feb weekend;
    //   Mon 3 (1), Tue 4 (2), Wed 5 (3), Thu 6 (4), Fri 7 (5),
    //   Sat 8 Feb worked in exchange for 27 Jan (6), Sun 9 weekend, Mon 10 Feb (7).
    let due = cal
        .due(
            datetime(2025, 1, 24, 10, 0, 0, 0),
            7,
            Unit::WorkingDays,
            Some(time(15, 0, 0, 0)),
        )
        .unwrap();
    assert_eq!(due.date, date(2025, 2, 10));
    assert_eq!(due.time, None);
    assert_eq!(due.counted_from, date(2025, 1, 24));
    let swapped = holiday("Nghỉ Tết Nguyên đán (hoán đổi)", "Lunar New Year (swapped)");
    let tet = holiday("Nghỉ Tết Nguyên đán", "Lunar New Year holiday");
    let make_up = Arc::new(Text {
        vi: "Làm bù cho ngày 27/01".into(),
        en: Some("Make-up working day for 27 January".into()),
    });
    let skipped = |from, to, reason: &RestDay| Step::Skipped {
        from,
        to,
        reason: reason.clone(),
    };
    assert_eq!(
        due.steps,
        [
            skipped(date(2025, 1, 25), date(2025, 1, 26), &RestDay::Weekend),
            skipped(date(2025, 1, 27), date(2025, 1, 27), &swapped),
            skipped(date(2025, 1, 28), date(2025, 1, 31), &tet),
            skipped(date(2025, 2, 1), date(2025, 2, 2), &RestDay::Weekend),
            Step::WorkingWeekend {
                date: date(2025, 2, 8),
                name: make_up
            },
            skipped(date(2025, 2, 9), date(2025, 2, 9), &RestDay::Weekend),
        ]
    );
    assert_eq!(
        due.steps[2].describe(Lang::En),
        "not counted: 2025-01-28..2025-01-31 (Lunar New Year holiday)"
    );
    assert_eq!(
        due.steps[4].describe(Lang::Vi),
        "có tính: 2025-02-08 là ngày làm việc (Làm bù cho ngày 27/01)"
    );

    // Without the year's data the law's default applies: Tết is 28 Jan (last day of the
    // lunar year) to 1 Feb, and Saturday 1 Feb gives Monday 3 Feb off. Mon 27 Jan (1),
    // Tue 4 (2), Wed 5 (3), Thu 6 (4), Fri 7 (5), Mon 10 (6), Tue 11 Feb (7).
    let computed = Calendar::default();
    assert_eq!(
        wd(&computed, datetime(2025, 1, 24, 10, 0, 0, 0), 7),
        date(2025, 2, 11)
    );
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
fn hours() {
    let cal = bundled();
    let h = |dt, n, cutoff| cal.due(dt, n, Unit::Hours, cutoff).unwrap();
    let d = h(datetime(2025, 3, 10, 10, 0, 0, 0), 4, None);
    assert_eq!(
        (d.date, d.time),
        (date(2025, 3, 10), Some(time(14, 0, 0, 0)))
    );
    // Friday 10:00 + 24 h = Saturday 10:00 → Monday 10:00.
    let d = h(datetime(2025, 3, 7, 10, 0, 0, 0), 24, None);
    assert_eq!(
        (d.date, d.time),
        (date(2025, 3, 10), Some(time(10, 0, 0, 0)))
    );
    assert!(matches!(d.steps[..], [Step::Extended { .. }]));
    // After the cut-off: the clock starts at 00:00 on the next working day.
    let d = h(
        datetime(2025, 3, 7, 16, 0, 0, 0),
        8,
        Some(time(15, 0, 0, 0)),
    );
    assert_eq!(
        (d.date, d.time),
        (date(2025, 3, 10), Some(time(8, 0, 0, 0)))
    );
    // Received on Sunday: likewise.
    let d = h(datetime(2025, 3, 9, 10, 0, 0, 0), 30, None);
    assert_eq!(
        (d.date, d.time),
        (date(2025, 3, 11), Some(time(6, 0, 0, 0)))
    );
}

#[test]
fn dates_outside_the_supported_years_are_refused() {
    let cal = Calendar::default();
    for dt in [
        datetime(1899, 12, 31, 10, 0, 0, 0),
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
        "2200-01-01 is outside the supported calendar (1900-01-01 to 2199-12-31)"
    );
    assert!(err.message().vi.contains("nằm ngoài"));
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
        "5 working days from 2199-12-26 runs past the supported calendar (1900-01-01 to 2199-12-31)"
    );
    // The first and last days work.
    assert_eq!(
        wd(&cal, datetime(1900, 1, 1, 9, 0, 0, 0), 1),
        date(1900, 1, 3) // Mon 1 Jan 1900 is New Year's Day
    );
    assert_eq!(
        wd(&cal, datetime(2199, 12, 26, 9, 0, 0, 0), 3),
        date(2199, 12, 31)
    );
    // Outside the range, only weekends are rest days.
    assert!(cal.is_working_day(date(2200, 1, 1)));
    assert_eq!(cal.rest_reason(date(1899, 12, 31)), Some(RestDay::Weekend));
}

#[test]
fn default_rules_without_data() {
    let cal = Calendar::default();
    let off = |year| -> Vec<Date> { cal.days_off(year).into_iter().map(|(d, _)| d).collect() };
    // 2025: Tết from the last day of the lunar year; Saturday 1 Feb gives Monday 3 Feb.
    assert_eq!(
        off(2025),
        [
            date(2025, 1, 1),
            date(2025, 1, 28),
            date(2025, 1, 29),
            date(2025, 1, 30),
            date(2025, 1, 31),
            date(2025, 2, 1),
            date(2025, 2, 3),
            date(2025, 4, 7),
            date(2025, 4, 30),
            date(2025, 5, 1),
            date(2025, 9, 1),
            date(2025, 9, 2),
        ]
    );
    assert_eq!(
        cal.rest_reason(date(2025, 2, 3)),
        Some(holiday(
            "Nghỉ bù Tết Nguyên đán",
            "Compensatory day off for Lunar New Year (Tết)"
        ))
    );
    assert_eq!(
        cal.rest_reason(date(2025, 4, 30)),
        Some(holiday("Ngày Chiến thắng", "Reunification Day"))
    );
    assert_eq!(cal.rest_reason(date(2025, 3, 8)), Some(RestDay::Weekend));
    assert_eq!(cal.rest_reason(date(2025, 3, 7)), None);
    // 2022: 30/4 Saturday and 1/5 Sunday give Monday 2/5 and Tuesday 3/5.
    let y2022 = off(2022);
    assert!(y2022.contains(&date(2022, 5, 2)) && y2022.contains(&date(2022, 5, 3)));
    // 2023: 30/4 Sunday, 1/5 Monday → Tuesday 2/5; 2/9 Saturday: 1/9 + Monday 4/9.
    let y2023 = off(2023);
    for d in [date(2023, 5, 2), date(2023, 9, 1), date(2023, 9, 4)] {
        assert!(y2023.contains(&d), "{d}");
    }
    // 2026: Hùng Kings' day on Sunday 26/4 → Monday 27/4.
    assert!(off(2026).contains(&date(2026, 4, 27)));
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
    assert!(cal.has_data(2025) && !cal.has_data(2023));
    assert!(cal.source(2025).unwrap().vi.starts_with("Thông báo"));
    // The default rule would give 3 Feb 2025 off; the decided calendar does not.
    assert!(cal.is_working_day(date(2025, 2, 3)));
    assert!(!Calendar::default().is_working_day(date(2025, 2, 3)));
    assert!(cal.is_working_day(date(2025, 2, 8)));
    assert_eq!(
        cal.rest_reason(date(2025, 1, 27)),
        Some(holiday(
            "Nghỉ Tết Nguyên đán (hoán đổi)",
            "Lunar New Year (swapped)"
        ))
    );
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
    assert_eq!(weekdays_off(2024), 12);
    assert_eq!(weekdays_off(2025), 12);
    assert_eq!(weekdays_off(2026), 12);
    // 2023 has no data: computed.
    assert!(!cal.is_working_day(date(2023, 1, 2))); // compensatory for Sunday 1 Jan
}

/// Invariants over many receipt times: the due date is a working day after the receipt,
/// exactly N working days after the day the dossier counts as received, and grows with N.
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
    let mut d = date(1900, 1, 1);
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
    for year in [1900, 1999, 2000, 2024, 2025, 2100, 2199] {
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
