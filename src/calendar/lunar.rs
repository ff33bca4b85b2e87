//! The Vietnamese lunisolar calendar (âm lịch), computed astronomically for UTC+7.
//!
//! The rules of the Vietnamese calendar (the same as the Chinese calendar, but reckoned at
//! the meridian of UTC+7, which is why the two sometimes differ):
//!
//! * a month starts on the local day of a new moon;
//! * the 11th month is the month that contains the winter solstice;
//! * when 13 new moons start between two 11th months, the first month after the 11th that
//!   contains no major solar term (no multiple of 30° of the sun's longitude) is a leap
//!   month and repeats the number of the month before it.
//!
//! New moons use the truncated series of Meeus (*Astronomical Algorithms*), the sun's
//! longitude the low-precision solar theory; this is the method Hồ Ngọc Đức published for
//! Vietnamese calendars. Checked against a full ephemeris (VSOP87/ELP) over 1900–2199: the
//! month numbers and leap months agree everywhere, and all 3,711 month starts agree except 8
//! whose new moon falls less than 3 minutes before local midnight (within the error of the
//! series and of ΔT), where this method gives the next day: 1944-06-20, 2072-12-09,
//! 2077-11-15, 2130-05-07, 2150-05-26, 2159-05-17, 2175-01-22 (Tết) and 2199-01-26 (Tết).

use jiff::civil::Date;
use std::f64::consts::PI;

/// The local time zone of the calendar, in hours east of UTC.
const ZONE_HOURS: f64 = 7.0;
/// Mean length of a lunation (synodic month) in days.
const SYNODIC_MONTH: f64 = 29.530588853;
/// Julian day (UT) of the mean new moon numbered 0 (1900-01-01 ≈ 13:51 UT).
const LUNATION_0: f64 = 2415021.076998695;

/// A date of the lunisolar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LunarDate {
    /// Lunar year (numbered like the Gregorian year in which it mostly falls).
    pub year: i16,
    /// Month, 1–12.
    pub month: i8,
    /// Day of the month, 1–30.
    pub day: i8,
    /// The month is a leap month (tháng nhuận).
    pub leap: bool,
}

/// Julian day number of a Gregorian date.
pub(crate) fn jdn(d: Date) -> i32 {
    let (y, m, day) = (
        i32::from(d.year()),
        i32::from(d.month()),
        i32::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468 + 2_440_588
}

/// The Gregorian date of a Julian day number (`None` outside jiff's range).
pub(crate) fn from_jdn(n: i32) -> Option<Date> {
    let z = n - 2_440_588 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok()
}

fn sin_deg(x: f64) -> f64 {
    (x * PI / 180.0).sin()
}

/// Julian day (UT) of the `k`-th new moon after the one of early January 1900.
fn new_moon(k: i32) -> f64 {
    let k = f64::from(k);
    let t = k / 1236.85; // Julian centuries since 1900
    let (t2, t3) = (t * t, t * t * t);
    // Mean new moon, ephemeris time.
    let mean = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
        + 0.00033 * sin_deg(166.56 + 132.87 * t - 0.009173 * t2);
    // Mean anomalies of the sun and the moon, and the moon's argument of latitude.
    let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
    let mm = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
    let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
    // Periodic terms (true minus mean new moon).
    let correction = (0.1734 - 0.000393 * t) * sin_deg(m) + 0.0021 * sin_deg(2.0 * m)
        - 0.4068 * sin_deg(mm)
        + 0.0161 * sin_deg(2.0 * mm)
        - 0.0004 * sin_deg(3.0 * mm)
        + 0.0104 * sin_deg(2.0 * f)
        - 0.0051 * sin_deg(m + mm)
        - 0.0074 * sin_deg(m - mm)
        + 0.0004 * sin_deg(2.0 * f + m)
        - 0.0004 * sin_deg(2.0 * f - m)
        - 0.0006 * sin_deg(2.0 * f + mm)
        + 0.0010 * sin_deg(2.0 * f - mm)
        + 0.0005 * sin_deg(2.0 * mm + m);
    // ΔT = TT − UT, in days (polynomial fits before and after 1900).
    let delta_t = if t < -11.0 {
        0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    } else {
        -0.000278 + 0.000265 * t + 0.000262 * t2
    };
    mean + correction - delta_t
}

/// Julian day number of the local (UTC+7) day on which the `k`-th new moon falls.
fn new_moon_day(k: i32) -> i32 {
    (new_moon(k) + 0.5 + ZONE_HOURS / 24.0).floor() as i32
}

/// The sun's apparent ecliptic longitude in degrees, `0 ≤ λ < 360`, at Julian day `jd` (UT).
fn sun_longitude(jd: f64) -> f64 {
    let t = (jd - 2451545.0) / 36525.0; // Julian centuries since J2000
    let t2 = t * t;
    let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    let centre = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin_deg(m)
        + (0.019993 - 0.000101 * t) * sin_deg(2.0 * m)
        + 0.000290 * sin_deg(3.0 * m);
    (l0 + centre).rem_euclid(360.0)
}

/// Which 30° sector (0–11, 0 = spring equinox) the sun is in at local midnight starting day
/// `day` (a Julian day number).
fn sun_sector(day: i32) -> i32 {
    let jd = f64::from(day) - 0.5 - ZONE_HOURS / 24.0;
    (sun_longitude(jd) / 30.0).floor() as i32
}

/// Index of the lunation that starts around Julian day number `day`.
fn lunation_at(day: i32) -> i32 {
    ((f64::from(day) - LUNATION_0) / SYNODIC_MONTH).floor() as i32
}

/// Julian day number of the first day of the 11th lunar month that contains the winter
/// solstice of Gregorian year `year`.
fn month_11(year: i32) -> i32 {
    let dec31 = jdn_ymd(year, 12, 31);
    let k = lunation_at(dec31);
    let start = new_moon_day(k);
    // The sun already past 270° when this month starts: the solstice fell in the month before.
    if sun_sector(start) >= 9 {
        new_moon_day(k - 1)
    } else {
        start
    }
}

fn jdn_ymd(y: i32, m: i32, d: i32) -> i32 {
    // Only called with valid dates of the supported years.
    jdn(Date::new(y as i16, m as i8, d as i8).expect("valid date"))
}

/// In a year of 13 months starting at `a11` (first day of an 11th month), how many months
/// after the 11th the leap month comes (1 = right after the 11th month).
fn leap_offset(a11: i32) -> i32 {
    let k = ((f64::from(a11) - LUNATION_0) / SYNODIC_MONTH + 0.5).floor() as i32;
    // The leap month is the first one with no major term: its start and the next month's
    // start lie in the same 30° sector.
    let mut i = 1;
    let mut sector = sun_sector(new_moon_day(k + i));
    loop {
        i += 1;
        let next = sun_sector(new_moon_day(k + i));
        if next == sector || i >= 14 {
            return i - 1;
        }
        sector = next;
    }
}

/// The lunar date of a Gregorian date.
pub fn to_lunar(date: Date) -> LunarDate {
    let day = jdn(date);
    let year = i32::from(date.year());
    let k = lunation_at(day);
    // The mean lunation `k` starts on or before `day`, but a true new moon can be up to
    // ~14 hours away from the mean one: take the latest true start not after `day`.
    let mut month_start = new_moon_day(k + 1);
    let mut k = k;
    while month_start > day {
        month_start = new_moon_day(k);
        k -= 1;
    }
    let mut a11 = month_11(year);
    let b11;
    let mut lunar_year;
    if a11 >= month_start {
        lunar_year = year;
        b11 = a11;
        a11 = month_11(year - 1);
    } else {
        lunar_year = year + 1;
        b11 = month_11(year + 1);
    }
    let diff = (month_start - a11) / 29;
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_off = leap_offset(a11);
        if diff >= leap_off {
            month = diff + 10;
            leap = diff == leap_off;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    LunarDate {
        year: lunar_year as i16,
        month: month as i8,
        day: (day - month_start + 1) as i8,
        leap,
    }
}

/// The Gregorian date of a lunar date, or `None` when it does not exist (no such leap
/// month that year, a 30th day in a 29-day month, a month outside 1–12…).
pub fn from_lunar(year: i16, month: i8, day: i8, leap: bool) -> Option<Date> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) {
        return None;
    }
    let (y, m) = (i32::from(year), i32::from(month));
    let (a11, b11) = if m < 11 {
        (month_11(y - 1), month_11(y))
    } else {
        (month_11(y), month_11(y + 1))
    };
    let k = ((f64::from(a11) - LUNATION_0) / SYNODIC_MONTH + 0.5).floor() as i32;
    let mut off = (m - 11).rem_euclid(12);
    if b11 - a11 > 365 {
        let leap_off = leap_offset(a11);
        let leap_month = (leap_off - 2).rem_euclid(12);
        if leap && m != leap_month {
            return None;
        }
        if leap || off >= leap_off {
            off += 1;
        }
    } else if leap {
        return None;
    }
    let start = new_moon_day(k + off);
    let len = new_moon_day(k + off + 1) - start;
    if i32::from(day) > len {
        return None;
    }
    from_jdn(start + i32::from(day) - 1)
}

/// The Gregorian date of mùng 1 Tết, the first day of lunar year `year`.
pub fn lunar_new_year(year: i16) -> Date {
    from_lunar(year, 1, 1, false).expect("every lunar year has a first day")
}

/// The Gregorian date of the last day of lunar year `year` (29 or 30 tháng Chạp, the
/// eve of the next year's Tết).
pub fn lunar_year_end(year: i16) -> Date {
    from_jdn(jdn(lunar_new_year(year + 1)) - 1).expect("in range")
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(jdn(date(2000, 1, 1)), 2_451_545);
        assert_eq!(jdn(date(1900, 1, 1)), 2_415_021);
        let mut d = date(1899, 12, 1);
        let mut n = jdn(d);
        while d < date(2201, 1, 31) {
            assert_eq!(jdn(d), n);
            assert_eq!(from_jdn(n), Some(d));
            d = d.tomorrow().unwrap();
            n += 1;
        }
    }

    #[test]
    fn tet_dates() {
        for (year, tet) in [
            (1900, date(1900, 1, 31)),
            (1968, date(1968, 1, 29)), // China: 30 Jan
            (1985, date(1985, 1, 21)), // China: 20 Feb (the 1984 month 11 differs)
            (2000, date(2000, 2, 5)),
            (2007, date(2007, 2, 17)), // China: 18 Feb
            (2020, date(2020, 1, 25)),
            (2023, date(2023, 1, 22)),
            (2024, date(2024, 2, 10)),
            (2025, date(2025, 1, 29)),
            (2026, date(2026, 2, 17)),
            (2030, date(2030, 2, 2)), // China: 3 Feb (new moon at 23:07 UTC+7)
        ] {
            assert_eq!(lunar_new_year(year), tet, "Tết {year}");
            assert_eq!(
                to_lunar(tet),
                LunarDate {
                    year,
                    month: 1,
                    day: 1,
                    leap: false
                }
            );
        }
    }

    #[test]
    fn hung_kings_days() {
        for (year, d) in [
            (2024, date(2024, 4, 18)),
            (2025, date(2025, 4, 7)),
            (2026, date(2026, 4, 26)),
        ] {
            assert_eq!(from_lunar(year, 3, 10, false), Some(d));
        }
    }

    #[test]
    fn year_ends_and_leap_months() {
        assert_eq!(lunar_year_end(2024), date(2025, 1, 28));
        assert_eq!(lunar_year_end(2025), date(2026, 2, 16));
        // 2023 had a leap 2nd month (nhuận tháng 2) starting on 2023-03-22.
        assert_eq!(from_lunar(2023, 2, 1, true), Some(date(2023, 3, 22)));
        assert_eq!(
            to_lunar(date(2023, 3, 22)),
            LunarDate {
                year: 2023,
                month: 2,
                day: 1,
                leap: true
            }
        );
        assert_eq!(from_lunar(2024, 2, 1, true), None);
        // 2025 had a leap 6th month starting on 2025-07-25.
        assert_eq!(from_lunar(2025, 6, 1, true), Some(date(2025, 7, 25)));
        assert_eq!(from_lunar(2025, 13, 1, false), None);
        assert_eq!(from_lunar(2025, 1, 31, false), None);
    }

    #[test]
    fn round_trips_over_the_supported_range() {
        let mut d = date(1900, 1, 1);
        let mut prev = to_lunar(d);
        assert_eq!((prev.year, prev.month), (1899, 12));
        while d < date(2199, 12, 31) {
            d = d.tomorrow().unwrap();
            let l = to_lunar(d);
            assert_eq!(
                from_lunar(l.year, l.month, l.day, l.leap),
                Some(d),
                "{d}: {l:?}"
            );
            // Days advance by one, or a new month starts.
            if l.day != 1 {
                assert_eq!(
                    (l.year, l.month, l.leap, l.day),
                    (prev.year, prev.month, prev.leap, prev.day + 1)
                );
            } else {
                assert!((29..=30).contains(&prev.day), "{d}: {prev:?}");
            }
            prev = l;
        }
    }
}
