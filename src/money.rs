//! Exact quantities: money in whole đồng, decimals in thousandths, percentages in basis points.
//!
//! No floating point anywhere money is computed; rounding is explicit (half up, to the đồng).

use std::fmt;

/// Currencies a fee may be stated in (ISO 4217); amounts in other than VND are never added
/// to VND totals.
pub const CURRENCIES: &[&str] = &[
    "VND", "USD", "EUR", "GBP", "JPY", "CNY", "KRW", "AUD", "CAD", "CHF", "SGD", "THB", "LAK",
    "KHR", "RUB", "HKD", "TWD", "NZD", "SEK", "NOK", "DKK", "INR", "MYR", "IDR", "PHP",
];

/// An amount of money in whole Vietnamese đồng.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    /// Zero đồng.
    pub const ZERO: Money = Money(0);

    /// `percent` of this amount, rounded half up to the whole đồng.
    pub fn percent(self, p: Percent) -> Money {
        // i128: 9e18 VND × 10,000 basis points cannot overflow.
        let num = self.0 as i128 * p.0 as i128;
        Money(div_round_half_up(num, 10_000) as i64)
    }

    /// Saturating subtraction that never goes below zero.
    pub fn minus_floor_zero(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0).max(0))
    }
}

/// Integer division rounding half away from zero.
fn div_round_half_up(num: i128, den: i128) -> i128 {
    let q = num / den;
    let r = num % den;
    if r.abs() * 2 >= den.abs() {
        q + num.signum() * den.signum()
    } else {
        q
    }
}

impl fmt::Display for Money {
    /// `20,000 VND` — thousands separated by commas, as the national portal writes them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} VND", group_thousands(self.0, ','))
    }
}

/// An amount in whole units of a foreign currency as people write it: `1,500 USD`.
pub fn in_currency(amount: i64, currency: &str) -> String {
    format!("{} {currency}", group_thousands(amount, ','))
}

/// Formats an integer with a thousands separator.
pub fn group_thousands(n: i64, sep: char) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A decimal number with three fractional digits, stored as thousandths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Dec(pub i64);

impl Dec {
    /// Parses `12`, `-3`, `30.5`, `0.125`; more than three decimals or overflow is `None`.
    pub fn parse(s: &str) -> Option<Dec> {
        let (neg, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty() || frac.len() > 3 || !int.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let int: i64 = int.parse().ok()?;
        let mut f: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        for _ in frac.len()..3 {
            f *= 10;
        }
        let v = int.checked_mul(1000)?.checked_add(f)?;
        Some(Dec(if neg { -v } else { v }))
    }

    /// A whole number.
    pub fn from_int(n: i64) -> Dec {
        Dec(n.saturating_mul(1000))
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let (i, frac) = (a / 1000, a % 1000);
        if frac == 0 {
            write!(f, "{sign}{i}")
        } else {
            let s = format!("{frac:03}");
            write!(f, "{sign}{i}.{}", s.trim_end_matches('0'))
        }
    }
}

/// A percentage in basis points (1% = 100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Percent(pub i64);

impl Percent {
    /// 100%.
    pub const FULL: Percent = Percent(10_000);

    /// Parses the number before a `%` sign (`50`, `12.5`, `33.33`).
    pub fn parse(s: &str) -> Option<Percent> {
        let d = Dec::parse(s)?;
        // thousandths of a percent → basis points; refuse what would be rounded away.
        if d.0 % 10 != 0 {
            return None;
        }
        Some(Percent(d.0 / 10))
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", Dec(self.0 * 10))
    }
}

/// Parses a money amount as written: `20,000`, `20.000`, `20000`, with an optional sign.
/// Separators must group exactly three digits; `None` on overflow or a malformed amount.
pub fn parse_amount(s: &str) -> Option<i64> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let mut groups = body.split([',', '.']);
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 && body.contains([',', '.']) {
        return None;
    }
    let mut v: i64 = first.parse().ok()?;
    for g in groups {
        if g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        v = v.checked_mul(1000)?.checked_add(g.parse::<i64>().ok()?)?;
    }
    Some(if neg { -v } else { v })
}

/// `part / whole` in hundredths of a percent, rounded half away from zero; `None` when the
/// whole is 0 or the result does not fit.
pub fn basis_points(part: i64, whole: i64) -> Option<i64> {
    if whole == 0 {
        return None;
    }
    let (p, w) = ((part as i128) * 10_000, whole as i128);
    let q = (2 * p.abs() + w.abs()) / (2 * w.abs());
    let q = if (p < 0) != (w < 0) { -q } else { q };
    i64::try_from(q).ok()
}

/// The largest fee amount a catalogue may write, in whole units of its currency: one
/// thousand billion (10^12). Why this ceiling:
/// - no fee comes near it: the largest amount in the national records this project holds is
///   65,000,000 đồng, and fees under the Law on Fees and Charges (97/2015/QH13) are set per
///   dossier, licence or copy; an amount above 10^12 is a slip (extra zeros, a separator
///   read the wrong way), not a fee;
/// - every sum of such amounts stays exact: i64 whole đồng hold 9.2 × 10^18, so more than
///   nine million fee items at the ceiling add up without overflow, and `validate` refuses
///   what `metrics` could otherwise only fail on later.
pub const MAX_FEE: i64 = 1_000_000_000_000;

/// The two ways an amount with a separator can be read, when both are plausible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readings {
    /// Every separator groups thousands: `20,000.000` → 20,000,000.
    pub thousands: i64,
    /// The last separator is a decimal point (or comma): `20,000.000` → 20,000 and `.000`;
    /// `1.500` → 1 and `.500`. The whole part and the digits after the point.
    pub decimal: (i64, String),
}

impl Readings {
    /// Both readings for people, `(thousands, decimal)`, in `lang`'s way of writing numbers:
    /// `20.000.000` / `20.000` in Vietnamese, `20,000,000` / `20,000` in English.
    pub fn shown(&self, vi: bool) -> (String, String) {
        let (sep, point) = if vi { ('.', ',') } else { (',', '.') };
        let (whole, frac) = &self.decimal;
        let frac = frac.trim_end_matches('0');
        let decimal = if frac.is_empty() {
            group_thousands(*whole, sep)
        } else {
            format!("{}{point}{frac}", group_thousands(*whole, sep))
        };
        (group_thousands(self.thousands, sep), decimal)
    }
}

/// Why an amount cannot be read as one number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Not an amount (bad grouping) or too large for whole units.
    Malformed,
    /// Two readings, both plausible: `20,000.000 VND` mixes both separators, and `1.500 USD`
    /// in a currency with cents may be one and a half or fifteen hundred.
    Ambiguous(Readings),
}

/// Reads an amount as [`parse_amount`] does, but refuses a writing people read two ways:
/// both `,` and `.` in one amount (`20,000.000`), or, in a currency other than the đồng
/// (`foreign`), one `.` before three digits (`1.500 USD`: 1,500 or 1.5). Commas group
/// thousands, as the national portal writes amounts (`1,500 USD`); the đồng has no
/// fractional unit, so `20.000 VND` is twenty thousand.
pub fn read_amount(s: &str, foreign: bool) -> Result<i64, AmountError> {
    let body = s.strip_prefix('-').unwrap_or(s);
    let mixed = body.contains(',') && body.contains('.');
    let one_dot = foreign && !body.contains(',') && body.matches('.').count() == 1;
    let v = parse_amount(s).ok_or(AmountError::Malformed)?;
    if !(mixed || one_dot) {
        return Ok(v);
    }
    let cut = body.rfind([',', '.']).expect("a separator");
    let whole: String = body[..cut].chars().filter(|c| c.is_ascii_digit()).collect();
    let whole: i64 = whole.parse().map_err(|_| AmountError::Malformed)?;
    Err(AmountError::Ambiguous(Readings {
        thousands: v.abs(),
        decimal: (whole, body[cut + 1..].to_string()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats_with_commas() {
        assert_eq!(Money(20_000).to_string(), "20,000 VND");
        assert_eq!(Money(1_234_567).to_string(), "1,234,567 VND");
        assert_eq!(Money(0).to_string(), "0 VND");
        assert_eq!(group_thousands(-1500, '.'), "-1.500");
    }

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(Money(20_000).percent(Percent(5000)), Money(10_000));
        assert_eq!(Money(15).percent(Percent(5000)), Money(8)); // 7.5 → 8
        assert_eq!(Money(135_000).percent(Percent(3333)), Money(44_996)); // 44,995.5 → 44,996
        assert_eq!(Money(1).percent(Percent(4900)), Money(0));
    }

    #[test]
    fn amounts_parse_exactly() {
        assert_eq!(parse_amount("20,000"), Some(20_000));
        assert_eq!(parse_amount("20.000"), Some(20_000));
        assert_eq!(parse_amount("1.500.000"), Some(1_500_000));
        assert_eq!(parse_amount("20000"), Some(20_000));
        assert_eq!(parse_amount("-5"), Some(-5));
        assert_eq!(parse_amount("20,00"), None);
        assert_eq!(parse_amount("99999999999999999999"), None);
    }

    #[test]
    fn amounts_read_two_ways_are_refused() {
        let amb = |s, f| match read_amount(s, f) {
            Err(AmountError::Ambiguous(r)) => Some(r.shown(false)),
            _ => None,
        };
        assert_eq!(
            amb("20,000.000", false),
            Some(("20,000,000".into(), "20,000".into()))
        );
        assert_eq!(amb("1.500", true), Some(("1,500".into(), "1.5".into())));
        assert_eq!(
            read_amount("1.500", true).map_err(|_| ()),
            Err(()),
            "1.500 USD"
        );
        match read_amount("20.000,500", false) {
            Err(AmountError::Ambiguous(r)) => {
                assert_eq!(r.shown(true), ("20.000.500".into(), "20.000,5".into()))
            }
            other => panic!("{other:?}"),
        }
        // One reading only: grouping commas, several dots, dots in đồng.
        assert_eq!(read_amount("1,500", true), Ok(1500));
        assert_eq!(read_amount("1.500.000", true), Ok(1_500_000));
        assert_eq!(read_amount("20.000", false), Ok(20_000));
        assert_eq!(read_amount("20,000", false), Ok(20_000));
        assert_eq!(read_amount("20,00", false), Err(AmountError::Malformed));
    }

    #[test]
    fn decimals_and_percents() {
        assert_eq!(Dec::parse("30.5"), Some(Dec(30_500)));
        assert_eq!(Dec::parse("-2"), Some(Dec(-2000)));
        assert_eq!(Dec::parse("1.2345"), None);
        assert_eq!(Dec(30_500).to_string(), "30.5");
        assert_eq!(Percent::parse("12.5"), Some(Percent(1250)));
        assert_eq!(Percent(1250).to_string(), "12.5%");
        assert_eq!(Percent::parse("33.333"), None);
    }
}
