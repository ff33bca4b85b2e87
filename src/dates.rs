//! Dates as people write them on the command line and in facts: ISO (`2025-01-24`) or the
//! Vietnamese order (`24/01/2025`), within the years the calendar covers.

use jiff::civil::Date;

/// The years the working-day calendar can count in.
pub const YEARS: std::ops::RangeInclusive<i16> = 1900..=2199;

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
