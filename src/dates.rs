//! Dates as people write them on the command line and in facts: ISO (`2025-01-24`) or the
//! Vietnamese order (`24/01/2025`), within the years the calendar covers.

use jiff::civil::{Date, DateTime};

/// The years the working-day calendar can count in.
pub const YEARS: std::ops::RangeInclusive<i16> = 1900..=2199;

/// Today in Vietnam (UTC+07:00): the day "today" means in every output (stale discounts,
/// due dates, a scenario's default date). `THUTUC_TODAY=YYYY-MM-DD` fixes it, as
/// `SOURCE_DATE_EPOCH` does for builds, so that a report made again later, and the tests, say
/// the same thing; a value that is no date is not used, and a warning says so.
pub fn today() -> Date {
    if let Ok(s) = std::env::var("THUTUC_TODAY") {
        if let Some(d) = parse(&s) {
            return d;
        }
        // Said once, never silently: the output is then dated by the real day.
        static SAID: std::sync::Once = std::sync::Once::new();
        SAID.call_once(|| {
            eprintln!(
                "cảnh báo: THUTUC_TODAY={s:?} không phải một ngày (YYYY-MM-DD hoặc DD/MM/YYYY): dùng ngày hôm nay (warning: THUTUC_TODAY is not a date; today is used)"
            )
        });
    }
    let tz = jiff::tz::TimeZone::fixed(jiff::tz::offset(7));
    jiff::Timestamp::now().to_zoned(tz).date()
}

/// Reads `YYYY-MM-DD` or `dd/mm/yyyy` (also `d/m/yyyy`); `None` for anything else, for a
/// day that does not exist (`31/02/2025`) and for years outside [`YEARS`].
pub fn parse(s: &str) -> Option<Date> {
    let s = s.trim();
    let date = if let Some((d, rest)) = s.split_once('/') {
        let (m, y) = rest.split_once('/')?;
        let num = |t: &str, max: usize| {
            (!t.is_empty() && t.len() <= max && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse::<i16>().ok())
                .flatten()
        };
        if y.len() != 4 {
            return None;
        }
        Date::new(num(y, 4)?, num(m, 2)? as i8, num(d, 2)? as i8).ok()?
    } else {
        if s.len() != 10 {
            return None;
        }
        s.parse::<Date>().ok()?
    };
    YEARS.contains(&date.year()).then_some(date)
}

/// A date of receipt that cannot be read, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// What is wrong.
    pub message: crate::diag::Tr,
    /// How to write it.
    pub help: Option<crate::diag::Tr>,
}

/// Parses `--received`: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DD HH:MM` in Vietnam
/// time, the date also in the Vietnamese order (`24/01/2025`, `24/01/2025 10:30`); a time with a UTC offset (`2025-01-24T14:00-05:00`, `…Z`) is converted to Vietnam
/// time (Asia/Ho_Chi_Minh, UTC+07:00, without daylight saving since 1975).
pub fn parse_received(s: &str) -> Result<DateTime, DateError> {
    let mut t = s.trim().replace(' ', "T");
    let (day, time) = t.split_once('T').unwrap_or((t.as_str(), ""));
    if day.contains('/')
        && let Some(d) = parse(day)
    {
        t = if time.is_empty() {
            d.to_string()
        } else {
            format!("{d}T{time}")
        };
    }
    // An offset follows the time: a `Z`, or a sign after the `T`.
    let has_offset = t.len() > 10 && (t.ends_with(['Z', 'z']) || t[10..].contains(['+', '-']));
    let dt = if has_offset {
        // Real UTC offsets run from −12:00 to +14:00; jiff reads up to ±25:59, which no
        // place on earth uses, so a larger one is a typo, not a time.
        let offset = jiff::fmt::temporal::Pieces::parse(t.as_str())
            .ok()
            .and_then(|p| p.offset())
            .map(|o| o.to_numeric_offset().seconds());
        if let Some(secs) = offset
            && secs.abs() > 14 * 3600
        {
            return Err(DateError {
                message: crate::tr!(
                    "`{s}` has a UTC offset beyond ±14:00, which no time zone uses",
                    "`{s}` có độ lệch múi giờ vượt quá ±14:00, không múi giờ nào dùng"
                ),
                help: Some(crate::tr!(
                    "write the offset of the place of receipt, e.g. 2025-01-24T14:00+07:00 (Vietnam)",
                    "hãy ghi độ lệch múi giờ của nơi tiếp nhận, ví dụ 2025-01-24T14:00+07:00 (giờ Việt Nam)"
                )),
            });
        }
        match t.parse::<jiff::Timestamp>() {
            Ok(ts) => Some(
                ts.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(7)))
                    .datetime(),
            ),
            Err(_) => {
                return Err(DateError {
                    message: crate::tr!(
                        "`{s}` is not a date and time with a UTC offset",
                        "`{s}` không phải ngày giờ có độ lệch múi giờ (UTC) hợp lệ"
                    ),
                    help: Some(crate::tr!(
                        "write it as 2025-01-24T14:00+07:00 or 2025-01-24T07:00Z (converted to Vietnam time), or without an offset for Vietnam time: 2025-01-24T14:00",
                        "hãy viết 2025-01-24T14:00+07:00 hoặc 2025-01-24T07:00Z (đổi sang giờ Việt Nam), hoặc không ghi múi giờ để hiểu là giờ Việt Nam: 24/01/2025 14:00"
                    )),
                });
            }
        }
    } else if t.len() == 10 {
        t.parse::<Date>().map(|d| d.at(8, 0, 0, 0)).ok()
    } else {
        t.parse::<DateTime>().ok()
    };
    match dt {
        Some(dt) if (1900..=2199).contains(&dt.year()) => Ok(dt),
        Some(_) => Err(DateError {
            message: crate::tr!(
                "the date of receipt {s} is outside the years this tool supports (1900–2199)",
                "ngày tiếp nhận {s} nằm ngoài các năm công cụ hỗ trợ (1900–2199)"
            ),
            help: None,
        }),
        None => Err(DateError {
            message: crate::tr!(
                "`{s}` is not a date of receipt",
                "`{s}` không phải ngày tiếp nhận hợp lệ"
            ),
            help: Some(crate::tr!(
                "write it as 24/01/2025, 24/01/2025 10:30, 2025-01-24 or 2025-01-24T10:30 (Vietnam time), or with a UTC offset: 2025-01-24T10:30+07:00",
                "hãy viết 24/01/2025, 24/01/2025 10:30, 2025-01-24 hoặc 2025-01-24T10:30 (giờ Việt Nam), hoặc kèm múi giờ: 2025-01-24T10:30+07:00"
            )),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn both_orders_are_read() {
        assert_eq!(parse("2025-01-24"), Some(date(2025, 1, 24)));
        assert_eq!(parse("24/01/2025"), Some(date(2025, 1, 24)));
        assert_eq!(parse("4/1/2025"), Some(date(2025, 1, 4)));
        assert_eq!(parse(" 02/09/2026 "), Some(date(2026, 9, 2)));
    }

    #[test]
    fn impossible_or_ambiguous_dates_are_refused() {
        for s in [
            "31/02/2025",
            "24/01/25",
            "2025/01/24",
            "24-01-2025",
            "01/13/2025",
            "1899-12-31",
            "01/01/2200",
            "+24/01/2025",
            "2025-1-24",
            "",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}

#[cfg(test)]
mod received_tests {
    use super::parse_received;
    use jiff::civil::datetime;

    #[test]
    fn offsets_are_converted_to_vietnam_time() {
        let r = |s| parse_received(s).map_err(|e| e.message.en);
        assert_eq!(
            r("2025-01-24T14:00"),
            Ok(datetime(2025, 1, 24, 14, 0, 0, 0))
        );
        assert_eq!(
            r("2025-01-24 14:00"),
            Ok(datetime(2025, 1, 24, 14, 0, 0, 0))
        );
        assert_eq!(r("2025-01-24"), Ok(datetime(2025, 1, 24, 8, 0, 0, 0)));
        // 14:00 at UTC−5 is 19:00 UTC, 02:00 the next day in Vietnam.
        assert_eq!(
            r("2025-01-24T14:00-05:00"),
            Ok(datetime(2025, 1, 25, 2, 0, 0, 0))
        );
        assert_eq!(
            r("2025-01-24T07:00Z"),
            Ok(datetime(2025, 1, 24, 14, 0, 0, 0))
        );
        assert_eq!(
            r("2025-01-24T14:00+07:00"),
            Ok(datetime(2025, 1, 24, 14, 0, 0, 0))
        );
        assert_eq!(
            r("2025-01-24T14:00+14:00"),
            Ok(datetime(2025, 1, 24, 7, 0, 0, 0))
        );
        let beyond = r("2025-01-24T10:00+20:00").unwrap_err();
        assert!(beyond.contains("±14:00"), "{beyond}");
        assert!(r("2025-01-24T10:00-14:30").is_err());
        for bad in [
            "2025-01-24T14:00+7",
            "2025-01-24T25:00Z",
            "2025-13-01",
            "24/13/2025",
            "2200-01-01",
        ] {
            assert!(r(bad).is_err(), "{bad}");
        }
    }
}
