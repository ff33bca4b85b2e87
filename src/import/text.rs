//! Readers of the small texts national records are made of: deadlines (`30 Ngày làm việc`),
//! money (`10,000 Việt Nam Đồng`, `Phí : 2.000.000 Đồng (…)`, `10 USD`) and document counts
//! (`Bản chính: 1\nBản sao: 0`, `0 bản chính,1 bản sao`).
//!
//! Every reader returns what it could read or why not; none of them guesses.

use crate::diag::Tr;
use crate::money::parse_amount;
use crate::rules::{Duration, Unit};
use crate::tr;

/// What a deadline text says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineText {
    /// A period.
    Period(Duration),
    /// The law sets none (`Không quy định`).
    NotSet,
    /// The record does not say (`Không có thông tin`, empty).
    Unknown,
}

/// Words meaning "no information" on the portal.
pub const NO_INFO: &str = "Không có thông tin";

/// Units as the records spell them, longest first.
const UNITS: &[(&str, Unit)] = &[
    ("ngày làm việc", Unit::WorkingDays),
    ("ngày", Unit::Days),
    ("giờ", Unit::Hours),
    ("tháng", Unit::Months),
];

/// Reads a deadline such as `30 Ngày làm việc`, `02 Giờ`, `Không quy định`.
pub fn deadline(s: &str) -> Result<DeadlineText, Tr> {
    let t = s.trim();
    if fraction_deadline_prefix(t) == Some(t.len()) {
        return Err(tr!(
            "deadline `{t}` is a fraction of its unit (not converted to hours, which would \
             assume the length of a working day)",
            "thời hạn `{t}` là phân số của đơn vị (không đổi ra giờ, vì như thế phải giả định \
             độ dài của một ngày làm việc)"
        ));
    }
    if t.is_empty() || t.eq_ignore_ascii_case(NO_INFO) || t == NO_INFO {
        return Ok(DeadlineText::Unknown);
    }
    if t.to_lowercase() == "không quy định" {
        return Ok(DeadlineText::NotSet);
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err(tr!(
            "deadline `{t}` does not start with a number",
            "thời hạn `{t}` không bắt đầu bằng một số"
        ));
    }
    let amount: u32 = t[..digits]
        .parse()
        .map_err(|_| tr!("deadline `{t}` is too long", "thời hạn `{t}` quá dài"))?;
    let rest = t[digits..].trim().to_lowercase();
    if rest.is_empty() {
        return Err(tr!(
            "deadline `{t}` has no unit",
            "thời hạn `{t}` không có đơn vị"
        ));
    }
    match UNITS.iter().find(|(w, _)| rest == *w) {
        Some((_, unit)) => Ok(DeadlineText::Period(Duration {
            amount,
            unit: *unit,
        })),
        None => Err(tr!(
            "deadline `{t}`: unknown unit `{rest}`",
            "thời hạn `{t}`: đơn vị `{rest}` không rõ"
        )),
    }
}

/// A deadline at the start of `s` (`7 Ngày làm việc…`): the period and the bytes it took.
/// `None` when `s` does not start with a number followed by a unit.
pub fn deadline_prefix(s: &str) -> Option<(Duration, usize)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || !s[digits..].starts_with(' ') {
        return None;
    }
    let amount: u32 = s[..digits].parse().ok()?;
    let rest = &s[digits + 1..];
    for (w, unit) in UNITS {
        if let Some(head) = prefix_ci(rest, w) {
            return Some((
                Duration {
                    amount,
                    unit: *unit,
                },
                digits + 1 + head,
            ));
        }
    }
    None
}

/// A deadline with a fraction at the start of `s` (`1.5 Ngày làm việc`, `0,5 ngày`): the
/// bytes it takes. Such a period is not a whole number of its unit, and turning it into
/// hours would assume a length of the working day, so it is reported, not converted.
pub fn fraction_deadline_prefix(s: &str) -> Option<usize> {
    let int = s.bytes().take_while(u8::is_ascii_digit).count();
    if int == 0 || !matches!(s.as_bytes().get(int), Some(b'.' | b',')) {
        return None;
    }
    let frac = s[int + 1..].bytes().take_while(u8::is_ascii_digit).count();
    if frac == 0 {
        return None;
    }
    let at = int + 1 + frac;
    let rest = s[at..].strip_prefix(' ').unwrap_or(&s[at..]);
    let used = s.len() - rest.len();
    UNITS
        .iter()
        .find_map(|(w, _)| prefix_ci(rest, w).map(|n| used + n))
}

/// If `s` starts with `word` ignoring case, the byte length of that prefix of `s`.
pub fn prefix_ci(s: &str, word: &str) -> Option<usize> {
    let mut si = s.char_indices();
    for wc in word.chars() {
        let (_, c) = si.next()?;
        if !c.to_lowercase().eq(wc.to_lowercase()) {
            return None;
        }
    }
    Some(si.next().map_or(s.len(), |(i, _)| i))
}

/// An amount of money read from a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// Whole units.
    pub value: i64,
    /// `None` for VND, else an ISO code.
    pub currency: Option<&'static str>,
}

/// Names of the Vietnamese đồng as records write them, longest first.
const VND_WORDS: &[&str] = &["việt nam đồng", "vnđ", "vnd", "đồng", "đ"];
/// Foreign currencies records state fees in.
const FOREIGN: &[&str] = &["USD", "EUR"];

/// Reads `10,000 Việt Nam Đồng`, `2.000.000 Đồng`, `50 VNĐ`, `25 USD`, `Không Đồng` (zero),
/// `Miễn phí` (zero) at the start of `s`; returns the amount and the bytes it took.
pub fn money_prefix(s: &str) -> Result<(Amount, usize), Tr> {
    let not_amount = |t: &str| tr!("`{t}` is not an amount", "`{t}` không phải là số tiền");
    for free in ["Miễn phí", "Miễn lệ phí"] {
        if let Some(n) = prefix_ci(s, free) {
            return Ok((vnd(0), n));
        }
    }
    let num_len = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
        .map_or(s.len(), |(i, _)| i);
    let (value, mut at) = if num_len > 0 {
        let num = s[..num_len].trim_end_matches(['.', ',']);
        if num.is_empty() {
            return Err(not_amount(&head(s)));
        }
        match parse_amount(num) {
            Some(v) => (v, num.len()),
            None if num.contains(['.', ',']) && num.len() <= 6 => {
                return Err(tr!(
                    "`{num}` is not a whole amount (fractions of a currency unit are not supported)",
                    "`{num}` không phải số tiền chẵn (không hỗ trợ phần lẻ của đơn vị tiền)"
                ));
            }
            None => return Err(not_amount(num)),
        }
    } else if let Some(n) = prefix_ci(s, "không") {
        (0, n)
    } else {
        return Err(not_amount(&head(s)));
    };
    let rest = &s[at..];
    let spaces = rest.len() - rest.trim_start().len();
    let rest = rest.trim_start();
    at += spaces;
    for w in VND_WORDS {
        if let Some(n) = prefix_ci(rest, w) {
            // `đ` must end a word: `50đ/hồ sơ` is fine, `50 đơn` is not money.
            if *w == "đ" && rest[n..].chars().next().is_some_and(char::is_alphabetic) {
                continue;
            }
            return Ok((vnd(value), at + n));
        }
    }
    for c in FOREIGN {
        if rest.starts_with(c) && !rest[c.len()..].starts_with(char::is_alphabetic) {
            return Ok((
                Amount {
                    value,
                    currency: Some(c),
                },
                at + c.len(),
            ));
        }
    }
    let h = head(s);
    Err(tr!(
        "`{h}`: the amount has no currency",
        "`{h}`: số tiền không có đơn vị tiền tệ"
    ))
}

/// Where a fee cell and its note disagree, in words: the cell says free while the note
/// states an amount; the note states the cell's amount times 1,000 (a cell written in
/// thousands, `40 VNĐ (… 40.000 đồng/giấy)`); or the cell is in đồng while the note gives
/// the amount in another currency (`155 VNĐ (… 155 USD/thẻ)`). Neither text is preferred:
/// the caller leaves the fee not stated and warns.
pub fn note_conflict(cell: &Amount, note: &str) -> Option<Tr> {
    let b = note.as_bytes();
    let mut stated: Vec<Amount> = Vec::new();
    for (i, _) in note.char_indices() {
        let starts = b[i].is_ascii_digit()
            && (i == 0 || !(b[i - 1].is_ascii_digit() || b[i - 1] == b'.' || b[i - 1] == b','));
        if starts && let Ok((a, _)) = money_prefix(&note[i..]) {
            stated.push(a);
        }
    }
    let stated: Vec<Amount> = stated.into_iter().filter(|a| a.value > 0).collect();
    let show = |a: &Amount| match a.currency {
        None => crate::money::Money(a.value).to_string(),
        Some(c) => format!("{} {c}", a.value),
    };
    let show_vi = |a: &Amount| match a.currency {
        None => format!("{} đồng", crate::money::group_thousands(a.value, '.')),
        Some(c) => format!("{} {c}", a.value),
    };
    // A cell of a few đồng beside a note that waives the fee is the portal's stand-in for
    // "free" (1.002055: `1 VNĐ` "… được miễn lệ phí …"): neither reading is proven.
    if (1..1000).contains(&cell.value)
        && cell.currency.is_none()
        && note.to_lowercase().contains("miễn")
    {
        return Some(crate::diag::Tr {
            en: format!(
                "the fee is written as {}, but its note waives it",
                show(cell)
            ),
            vi: format!("phí ghi là {}, nhưng ghi chú nêu được miễn", show_vi(cell)),
        });
    }
    let first = stated.first()?;
    if cell.value == 0 {
        return Some(crate::diag::Tr {
            en: format!(
                "the fee is written as free, but its note states {}",
                show(first)
            ),
            vi: format!("phí ghi là miễn phí, nhưng ghi chú nêu {}", show_vi(first)),
        });
    }
    let same: Vec<&Amount> = stated
        .iter()
        .filter(|a| a.currency == cell.currency)
        .collect();
    if !same.iter().any(|a| a.value == cell.value)
        && let Some(big) = same
            .iter()
            .find(|a| cell.value.checked_mul(1000) == Some(a.value))
    {
        return Some(crate::diag::Tr {
            en: format!(
                "the fee is written as {}, but its note states {} (1,000 times more)",
                show(cell),
                show(big)
            ),
            vi: format!(
                "phí ghi là {}, nhưng ghi chú nêu {} (gấp 1.000 lần)",
                show_vi(cell),
                show_vi(big)
            ),
        });
    }
    if same.is_empty()
        && let Some(other) = stated.iter().find(|a| a.currency != cell.currency)
    {
        return Some(crate::diag::Tr {
            en: format!(
                "the fee is written as {}, but its note states {}",
                show(cell),
                show(other)
            ),
            vi: format!(
                "phí ghi là {}, nhưng ghi chú nêu {}",
                show_vi(cell),
                show_vi(other)
            ),
        });
    }
    None
}

/// Units a fee is charged per that are one per application or per document issued
/// (`/lần`, `/hồ sơ`, `/giấy`, `/thẻ`): a price per one of them is a flat amount.
pub const FLAT_UNITS: &[&str] = &[
    "lần",
    "lần đăng ký",
    "lần cấp",
    "hồ sơ",
    "bộ hồ sơ",
    "giấy",
    "thẻ",
    "hộ chiếu",
    "trường hợp",
    "văn bản",
    "giấy phép",
    "chứng chỉ",
    "chứng nhận",
    "việc",
    "yêu cầu",
];

/// Why a fee text is not one flat amount, if it is not: a price per page, copy or other
/// unit, a percentage, a cap or floor, or several amounts (tiers, categories). `amount` is
/// the cell's own amount, which the note may repeat.
pub fn fee_form(amount: &Amount, note: &str) -> Option<&'static str> {
    let l = note.to_lowercase();
    if l.contains('%') || l.contains("phần trăm") {
        return Some("a percentage");
    }
    for w in [
        "tối đa",
        "không quá",
        "tối thiểu",
        "không thấp hơn",
        "trở lên",
        "từ trang thứ",
    ] {
        if l.contains(w) {
            return Some("a cap, a floor or tiers");
        }
    }
    let b = note.as_bytes();
    let mut amounts = std::collections::BTreeSet::new();
    let mut per_unit = false;
    for (i, _) in note.char_indices() {
        let starts = b[i].is_ascii_digit()
            && (i == 0 || !(b[i - 1].is_ascii_digit() || b[i - 1] == b'.' || b[i - 1] == b','));
        if starts && let Ok((a, n)) = money_prefix(&note[i..]) {
            if a.value > 0 {
                amounts.insert((a.value, a.currency));
            }
            let after = note[i + n..].trim_start().to_lowercase();
            let unit = after
                .strip_prefix('/')
                .or_else(|| after.strip_prefix("mỗi "))
                .or_else(|| after.strip_prefix("một "));
            // Per page, copy, sheet, person, vehicle…: a price per unit. `/lần`, `/hồ sơ`,
            // `/giấy`, `/thẻ` (per application or per document issued) stay flat.
            if let Some(u) = unit {
                // `/1 giấy`, `/01 lần`: one of them.
                let u = u.trim_start();
                let u = u
                    .strip_prefix("01 ")
                    .or_else(|| u.strip_prefix("1 "))
                    .unwrap_or(u);
                if !FLAT_UNITS.iter().any(|w| u.starts_with(w)) {
                    per_unit = true;
                }
            }
        }
    }
    if per_unit {
        return Some("a price per unit");
    }
    amounts.remove(&(amount.value, amount.currency));
    if !amounts.is_empty() {
        return Some("several amounts (tiers or categories)");
    }
    None
}

fn vnd(value: i64) -> Amount {
    Amount {
        value,
        currency: None,
    }
}

/// The first 40 characters of `s`, for messages.
pub fn head(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Reads `Bản chính: 1\nBản sao: 0` into (originals, copies).
pub fn counts(s: &str) -> Result<(u32, u32), Tr> {
    let mut originals = None;
    let mut copies = None;
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (k, v) = line.split_once(':').ok_or_else(|| {
            tr!(
                "count `{line}` has no `:`",
                "số lượng `{line}` thiếu dấu `:`"
            )
        })?;
        let n: u32 = v.trim().parse().map_err(|_| {
            let v = v.trim();
            tr!(
                "count `{v}` is not a number",
                "số lượng `{v}` không phải là số"
            )
        })?;
        match k.trim().to_lowercase().as_str() {
            "bản chính" => originals = Some(n),
            "bản sao" => copies = Some(n),
            other => {
                return Err(tr!(
                    "unknown count `{other}`",
                    "loại số lượng `{other}` không rõ"
                ));
            }
        }
    }
    match (originals, copies) {
        (Some(o), Some(c)) => Ok((o, c)),
        _ => {
            let s = s.replace('\n', " ");
            Err(tr!("counts `{s}` are incomplete", "số lượng `{s}` chưa đủ"))
        }
    }
}

/// Turns Vietnamese text into an id: lowercase ASCII letters and digits joined by `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in crate::vietnamese::fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// Collapses runs of whitespace into one space and trims.
pub use crate::vietnamese::squash;

/// A text field of a record, or `None` when it says nothing (`Không có thông tin`, `Không`).
pub fn stated(s: &str) -> Option<String> {
    let t = s.trim();
    let lower = t.to_lowercase();
    if t.is_empty() || lower == NO_INFO.to_lowercase() || lower == "không" || t == "--" {
        None
    } else {
        Some(t.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_dong_beside_a_waiver_is_not_a_fee() {
        let cell = Amount {
            value: 1,
            currency: None,
        };
        assert!(note_conflict(&cell, "Tổ chức hành nghề luật sư thực hiện đăng ký hoạt động qua mạng điện tử được miễn lệ phí").is_some());
        let cell = Amount {
            value: 50_000,
            currency: None,
        };
        assert!(note_conflict(&cell, "miễn lệ phí đối với người khuyết tật").is_none());
    }
    use proptest::prelude::*;

    fn d(amount: u32, unit: Unit) -> DeadlineText {
        DeadlineText::Period(Duration { amount, unit })
    }

    #[test]
    fn deadlines() {
        assert_eq!(deadline("30 Ngày làm việc"), Ok(d(30, Unit::WorkingDays)));
        assert_eq!(deadline("07 Ngày"), Ok(d(7, Unit::Days)));
        assert_eq!(deadline("02 Giờ"), Ok(d(2, Unit::Hours)));
        assert_eq!(deadline("6 Tháng"), Ok(d(6, Unit::Months)));
        assert_eq!(deadline("Không quy định"), Ok(DeadlineText::NotSet));
        assert_eq!(deadline(""), Ok(DeadlineText::Unknown));
        assert_eq!(deadline("Không có thông tin"), Ok(DeadlineText::Unknown));
        assert!(deadline("1").unwrap_err().en.contains("no unit"));
        assert!(deadline("30 tuần").is_err());
        assert!(deadline("99999999999 Ngày").is_err());
        assert!(
            deadline("1.5 Ngày làm việc")
                .unwrap_err()
                .en
                .contains("fraction")
        );
        assert_eq!(
            fraction_deadline_prefix("1.5 Ngày làm việc10,000"),
            Some("1.5 Ngày làm việc".len())
        );
        assert_eq!(fraction_deadline_prefix("1550 VNĐ"), None);
    }

    #[test]
    fn deadline_prefixes() {
        let (p, n) = deadline_prefix("7 Ngày làm việc10,000 Việt Nam Đồng").unwrap();
        assert_eq!((p.amount, p.unit), (7, Unit::WorkingDays));
        assert_eq!(n, "7 Ngày làm việc".len());
        let (p, _) = deadline_prefix("17 Ngày1,000,000").unwrap();
        assert_eq!(p.unit, Unit::Days);
        assert_eq!(deadline_prefix("1Miễn phí"), None);
        assert_eq!(deadline_prefix("1550 VNĐ"), None);
    }

    #[test]
    fn money() {
        let m = |s| money_prefix(s).map(|(a, n)| (a.value, a.currency, n));
        assert_eq!(
            m("10,000 Việt Nam Đồng(x)"),
            Ok((10_000, None, "10,000 Việt Nam Đồng".len()))
        );
        assert_eq!(m("2.000.000 Đồng (Thẩm định)").unwrap().0, 2_000_000);
        assert_eq!(m("50 VNĐ").unwrap().0, 50);
        assert_eq!(m("0 Đồng"), Ok((0, None, "0 Đồng".len())));
        assert_eq!(m("Không Đồng").unwrap().0, 0);
        assert_eq!(m("Miễn phí(Theo …)").unwrap().0, 0);
        assert_eq!(m("10 USD(/lần)"), Ok((10, Some("USD"), 6)));
        assert_eq!(m("03 USD").unwrap().0, 3);
        assert!(m("1.5 USD").unwrap_err().en.contains("whole"));
        assert!(m("o Đồng").is_err());
        assert!(m("Mức thu bằng 50% mức thu phí").is_err());
        assert!(m("150").unwrap_err().en.contains("currency"));
        assert!(m(" Đồng").is_err());
    }

    #[test]
    fn cells_and_notes_that_disagree() {
        let c = |v, cur| Amount {
            value: v,
            currency: cur,
        };
        let m = note_conflict(&c(40, None), "Lệ phí: 40.000 đồng/giấy")
            .unwrap()
            .en;
        assert!(m.contains("1,000 times"), "{m}");
        let m = note_conflict(&c(155, None), "Thẻ tạm trú: 155 USD/thẻ.")
            .unwrap()
            .en;
        assert!(m.contains("155 USD"), "{m}");
        let m = note_conflict(&c(0, None), "thu 50.000 đồng/hồ sơ")
            .unwrap()
            .en;
        assert!(m.contains("free"), "{m}");
        assert_eq!(note_conflict(&c(5_000, None), "thu 5000 đồng/lần"), None);
        assert_eq!(note_conflict(&c(0, None), "Không thu phí"), None);
        assert_eq!(
            note_conflict(&c(40, None), "40 đồng/trang, tối đa 40.000 đồng"),
            None,
            "the cell's own amount is in the note"
        );
    }

    #[test]
    fn fee_forms() {
        let a = |v| Amount {
            value: v,
            currency: None,
        };
        assert_eq!(
            fee_form(&a(2_000), "2.000 đồng/trang"),
            Some("a price per unit")
        );
        assert_eq!(
            fee_form(&a(0), "0,5% giá trị tài sản"),
            Some("a percentage")
        );
        assert_eq!(
            fee_form(&a(2_000), "2.000 đồng/trang, tối đa 200.000 đồng/bản"),
            Some("a cap, a floor or tiers")
        );
        assert_eq!(
            fee_form(&a(100_000), "Ô tô: 100.000 đồng; xe máy: 50.000 đồng"),
            Some("several amounts (tiers or categories)")
        );
        assert_eq!(fee_form(&a(50_000), "50.000 đồng/lần cấp"), None);
        assert_eq!(fee_form(&a(150_000), "150.000 đồng/1 giấy"), None);
        assert_eq!(fee_form(&a(20_000), "Lệ phí: 20.000 đồng"), None);
        assert_eq!(fee_form(&a(20_000), "Nộp qua cổng dịch vụ công"), None);
    }

    #[test]
    fn count_texts() {
        assert_eq!(counts("Bản chính: 1\nBản sao: 0"), Ok((1, 0)));
        assert_eq!(counts("Bản chính: 3\nBản sao: 1"), Ok((3, 1)));
        assert!(counts("").is_err());
        assert!(counts("Bản chính: x\nBản sao: 0").is_err());
        assert!(counts("Bản chính: 1").is_err());
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Quản lý biên giới"), "quan-ly-bien-gioi");
        assert_eq!(slug("Đăng ký, quản lý cư trú"), "dang-ky-quan-ly-cu-tru");
        assert_eq!(slug("13/2016/NĐ-CP"), "13-2016-nd-cp");
        assert_eq!(slug("66.7/2025/NQ-CP"), "66-7-2025-nq-cp");
        assert_eq!(slug("  ../.. "), "");
    }

    proptest! {
        #[test]
        fn readers_never_panic(s in ".*") {
            let _ = deadline(&s);
            let _ = deadline_prefix(&s);
            let _ = money_prefix(&s);
            let _ = counts(&s);
            let _ = stated(&s);
            let id = slug(&s);
            prop_assert!(id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        }

        #[test]
        fn vietnamese_readers_never_panic(s in "[0-9 .,:ĐđàáảÀÁViệtNamồngUSDBảnchínhsaoNgàylmv\\n]{0,40}") {
            let _ = deadline(&s);
            let _ = deadline_prefix(&s);
            let _ = money_prefix(&s);
            let _ = counts(&s);
        }
    }
}
