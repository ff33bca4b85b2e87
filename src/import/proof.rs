//! What the importer can prove from the source, and what it cannot.
//!
//! Every value written must be found in the source text at the place it was read from, with
//! no text of the source left over or shared between two entries. The readers split the
//! source at anchors; the rules here say when a split or a value is *not* proven by the text
//! around it, so the value is written as the source's text verbatim, marked `needs review`
//! (a [`Review`](super::Review) item and a warning naming it), never made up, merged or split
//! by guess.
//!
//! Each rule answers one shape seen in national records:
//!
//! | rule | source text | why it is not proven |
//! |---|---|---|
//! | [`title_holds_entry`] | `…nhân dân21/2007/TT-BCA.Nghị định 12/2007/NĐ-CP…` | a number inside a title runs straight into a new title: the title may hold another entry |
//! | [`title_ends_in_list`] | `Thông tư…55/2021/TT-BCA, 56/2021/TT-BCA` | the code column lists several numbers: which title is whose is not written |
//! | [`period_cases`] | `15 ngày làm việc …; 05 ngày đối với trường hợp cấp lại` | the row states another period (for a case): one period would drop the other |
//! | [`fee_window`] | `Miễn lệ phí từ ngày 07/4/2026 đến hết ngày 30/6/2026` | the fee is waived or cut for a dated period: a flat amount would be wrong inside it |
//! | [`other_amount_in_words`] | `trường hợp cấp lại: hai trăm nghìn đồng` | the note gives another amount in words |
//! | [`name_holds_count`] | `Tờ khai bước 1 1 bản chínhGiấy ủy quyền` | a count inside a document name: the name may be two documents |

use regex::Regex;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization as _;

/// The text in composed form (NFC): records also write Vietnamese with combining marks
/// (`sa\u{301}u` for `sáu`), which no word list or pattern would match.
fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// A number inside `title` that runs straight into a new title (`…/TT-BCA.Nghị định`,
/// `…/NĐ-CPThông tư`, `…/TT-BCA(X13)Nghị định`): running text puts a space after a number,
/// so a capitalised word glued to it starts another entry. Returns the number.
pub fn title_holds_entry(title: &str) -> Option<&str> {
    let (mut from, mut prev) = (0, usize::MAX);
    while let Some(f) = super::legal::next(title, from, prev) {
        from = f.end;
        prev = f.end;
        let after = &title[f.end..];
        // Punctuation glued to it (`.`, `)`, `;`), then the next title's first word.
        let rest = after.trim_start_matches(['.', ',', ';', ':', ')']);
        let mut c = rest.chars();
        if let (Some(a), Some(b)) = (c.next(), c.next())
            && a.is_uppercase()
            && b.is_lowercase()
        {
            return Some(&title[f.start..f.end]);
        }
    }
    None
}

/// A title that ends with a document number and a list separator (`…55/2021/TT-BCA,`,
/// `…55/2021/TT-BCA và`): the code column holds several numbers.
pub fn title_ends_in_list(title: &str) -> bool {
    let t = title.trim_end();
    let t = t
        .strip_suffix(" và")
        .or_else(|| t.strip_suffix(','))
        .or_else(|| t.strip_suffix(';'))
        .map(str::trim_end);
    let Some(t) = t else { return false };
    let (mut from, mut prev, mut last) = (0, usize::MAX, None);
    while let Some(f) = super::legal::next(t, from, prev) {
        from = f.end;
        prev = f.end;
        last = Some(f.end);
    }
    last == Some(t.len())
}

/// Periods a text states (`05 ngày`, `15 ngày làm việc`, `02 giờ`), not dates (`ngày 15
/// tháng 5`): (amount, unit word in lower case).
pub fn periods(text: &str) -> Vec<(u32, String)> {
    let text = &nfc(text);
    static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(^|[^\d/.,])(\d{1,4})\s*(ngày làm việc|ngày|giờ|tháng)").unwrap()
    });
    let mut out = Vec::new();
    for c in PERIOD.captures_iter(text) {
        let start = c.get(2).expect("the amount").start();
        // `ngày 15 tháng 5 năm 2021`: a date, not a period.
        let before = text[..start].trim_end().to_lowercase();
        if before.ends_with("ngày") || before.ends_with("tháng") || before.ends_with("năm") {
            continue;
        }
        if let Ok(n) = c[2].parse() {
            out.push((n, c[3].to_lowercase()));
        }
    }
    out
}

/// Another period than `amount` that the text a row says beside its deadline states for a
/// case (`…; 05 ngày đối với trường hợp cấp lại`, `đối với vụ việc phức tạp … 45 ngày`): the
/// deadline holds cases, and one period would drop the others. Returns the clause.
pub fn period_cases(amount: u32, text: &str) -> Option<String> {
    let text = &nfc(text);
    const CASE: &[&str] = &["trường hợp", "đối với", "nếu", "riêng"];
    text.split([';', '\n', '.'])
        .map(str::trim)
        .find(|clause| {
            let l = clause.to_lowercase();
            CASE.iter().any(|w| l.contains(w)) && periods(clause).iter().any(|(n, _)| *n != amount)
        })
        .map(str::to_string)
}

/// A fee waived or cut for a dated period (`miễn … từ ngày 07/4/2026 đến hết ngày
/// 30/6/2026`, `giảm 50% … kể từ ngày 01/7/2025`): the words of it.
pub fn fee_window(note: &str) -> Option<String> {
    static WINDOW: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:kể\s+)?từ\s+ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|đến\s+(?:hết\s+)?ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}").unwrap()
    });
    static WAIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)miễn|giảm|không\s+thu|chưa\s+thu|tạm\s+dừng\s+thu|bằng\s+\d+\s*%|\d+\s*%")
            .unwrap()
    });
    let note = &nfc(note);
    let w = WINDOW.find(note)?;
    WAIVE.is_match(note).then(|| w.as_str().to_string())
}

/// Words of Vietnamese numbers.
const NUMBER_WORDS: &[&str] = &[
    "không", "một", "mốt", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu", "bảy", "tám", "chín",
    "mười", "mươi", "trăm", "linh", "lẻ", "nghìn", "ngàn", "triệu", "tỷ", "tỉ",
];
/// The words that make a run of number words an amount (not `năm` a year).
const MAGNITUDE: &[&str] = &["mươi", "mười", "trăm", "nghìn", "ngàn", "triệu", "tỷ", "tỉ"];

/// Amounts written in words (`hai trăm nghìn đồng`, `ba mươi lăm triệu đồng`): each as its
/// words and, when they read as one number, its value in đồng.
pub fn amounts_in_words(note: &str) -> Vec<(String, Option<i64>)> {
    let note = &nfc(note);
    let words: Vec<&str> = note
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lower.len() {
        let mut j = i;
        while j < lower.len() && NUMBER_WORDS.contains(&lower[j].as_str()) {
            j += 1;
        }
        if j == i {
            i += 1;
            continue;
        }
        let run = &lower[i..j];
        let dong = lower.get(j).is_some_and(|w| w == "đồng");
        let money = dong
            || run
                .last()
                .is_some_and(|w| ["nghìn", "ngàn", "triệu", "tỷ", "tỉ"].contains(&w.as_str()));
        if run.len() >= 2 && run.iter().any(|w| MAGNITUDE.contains(&w.as_str())) && money {
            let mut s = words[i..j].join(" ");
            if dong {
                s.push_str(" đồng");
            }
            out.push((s, words_value(run)));
        }
        i = j;
    }
    out
}

/// The value of Vietnamese number words (`bốn triệu năm trăm nghìn` → 4,500,000), if they
/// read as one number.
fn words_value(run: &[String]) -> Option<i64> {
    let digit = |w: &str| -> Option<i64> {
        Some(match w {
            "không" => 0,
            "một" | "mốt" => 1,
            "hai" => 2,
            "ba" => 3,
            "bốn" | "tư" => 4,
            "năm" | "lăm" => 5,
            "sáu" => 6,
            "bảy" => 7,
            "tám" => 8,
            "chín" => 9,
            _ => return None,
        })
    };
    let (mut total, mut group, mut last): (i64, i64, i64) = (0, 0, 0);
    for w in run {
        match w.as_str() {
            "mười" => group = group.checked_add(10)?,
            "mươi" => {
                group = group.checked_add(last.checked_mul(10)?)?;
                last = 0;
            }
            "trăm" => {
                group = group.checked_add(last.checked_mul(100)?)?;
                last = 0;
            }
            "linh" | "lẻ" => {}
            "nghìn" | "ngàn" | "triệu" | "tỷ" | "tỉ" => {
                let m = match w.as_str() {
                    "nghìn" | "ngàn" => 1_000,
                    "triệu" => 1_000_000,
                    _ => 1_000_000_000,
                };
                let g = group.checked_add(last)?;
                total = if m == 1_000_000_000 {
                    total.checked_add(g)?.checked_mul(m)?
                } else {
                    total.checked_add(g.checked_mul(m)?)?
                };
                group = 0;
                last = 0;
            }
            d => last = digit(d)?,
        }
    }
    total.checked_add(group)?.checked_add(last)
}

/// An amount in words in `note` other than `cell` (`150,000 VNĐ` beside `cấp lại: hai trăm
/// nghìn đồng`): the words. Words that restate the cell (`35.000.000 đồng (ba mươi lăm triệu
/// đồng)`) prove it instead.
pub fn other_amount_in_words(cell: i64, note: &str) -> Option<String> {
    amounts_in_words(note)
        .into_iter()
        .find(|(_, v)| *v != Some(cell))
        .map(|(w, _)| w)
}

/// A count inside a document name, outside brackets, that ends the name or runs into a new
/// one (`Tờ khai bước 1 1 bản chínhGiấy ủy quyền`, `… 1 bản chính,1 bản sao- Danh sách`):
/// where one document ends and the next begins is not written. A count in running text
/// (`nộp 01 bản chính để đối chiếu`, `(01 bản chính hoặc bản sao)`) is part of the name.
pub fn name_holds_count(name: &str) -> Option<String> {
    static COUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\d+\s+bản\s+(?:chính|sao)(?:\s*,\s*\d+\s+bản\s+sao)?").unwrap()
    });
    let name = &nfc(name);
    for m in COUNT.find_iter(name) {
        let before = &name[..m.start()];
        let depth = before.matches('(').count() as i64 - before.matches(')').count() as i64;
        if depth > 0 {
            continue;
        }
        let after = &name[m.end()..];
        let next = after.trim_start_matches([' ', '.', ';', ',']);
        let new_name = next.is_empty()
            || next.starts_with(['-', '+', '*', '•'])
            || (!after.starts_with(' ') && next.starts_with(char::is_uppercase));
        if new_name {
            return Some(m.as_str().to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_that_hold_another_entry() {
        assert_eq!(
            title_holds_entry("Thông tư hướng dẫn nhân dân21/2007/TT-BCA.Nghị định 12/2007/NĐ-CP"),
            Some("21/2007/TT-BCA")
        );
        assert_eq!(
            title_holds_entry("Luật Cư trú68/2020/QH14Thông tư 55/2021/TT-BCA"),
            Some("68/2020/QH14")
        );
        // Running text: a space, a date or a small letter after the number.
        assert_eq!(
            title_holds_entry("Thông tư số 53/2025/TT-BCA ngày 01/7/2025"),
            None
        );
        assert_eq!(
            title_holds_entry("Thông tư số 53/2025/TT-BCAngày 01/7/2025"),
            None
        );
        assert_eq!(
            title_holds_entry("Nghị định 12/2007/NĐ-CP - Quy định"),
            None
        );
        assert!(title_ends_in_list("Thông tư sửa đổi55/2021/TT-BCA,"));
        assert!(title_ends_in_list("Thông tư 55/2021/TT-BCA và"));
        assert!(!title_ends_in_list("Thông tư 55/2021/TT-BCA - Quy định"));
        assert!(!title_ends_in_list("Quy định về cư trú,"));
    }

    #[test]
    fn periods_for_cases() {
        assert_eq!(
            period_cases(
                15,
                "15 ngày làm việc kể từ ngày nhận đủ hồ sơ; 05 ngày đối với trường hợp cấp lại"
            )
            .as_deref(),
            Some("05 ngày đối với trường hợp cấp lại")
        );
        assert_eq!(
            period_cases(3, "trong thời hạn 03 ngày làm việc kể từ khi tiếp nhận"),
            None
        );
        // Dates are not periods.
        assert_eq!(
            period_cases(
                5,
                "Thông tư ngày 15 tháng 5 năm 2021 đối với trường hợp cấp lại"
            ),
            None
        );
        assert_eq!(periods("ngày 15 tháng 5 năm 2021"), vec![]);
        assert_eq!(periods("02 Giờ"), vec![(2, "giờ".into())]);
    }

    #[test]
    fn fees_cut_for_a_period_or_in_words() {
        assert!(fee_window("Miễn lệ phí từ ngày 07/4/2026 đến hết ngày 30/6/2026").is_some());
        assert!(fee_window("Giảm 50% mức thu kể từ ngày 01/7/2025").is_some());
        // An act's date is no window; a window without a cut is not this shape.
        assert_eq!(
            fee_window("Thông tư số 75/2022/TT-BTC ngày 22/12/2022"),
            None
        );
        assert_eq!(
            fee_window("Nộp từ ngày 01/7/2025 tại bộ phận một cửa"),
            None
        );
        assert_eq!(
            other_amount_in_words(150_000, "Trường hợp cấp lại: hai trăm nghìn đồng/lần")
                .as_deref(),
            Some("hai trăm nghìn đồng")
        );
        assert_eq!(
            other_amount_in_words(150_000, "cấp lại thu một triệu").as_deref(),
            Some("một triệu")
        );
        // The cell restated in words proves it.
        assert_eq!(
            other_amount_in_words(35_000_000, "35.000.000 đồng (ba mươi lăm triệu đồng)"),
            None
        );
        assert_eq!(
            other_amount_in_words(4_500_000, "(bốn triệu năm trăm nghìn việt nam đồng)"),
            None
        );
        assert_eq!(
            amounts_in_words("một trăm năm mươi nghìn đồng"),
            vec![("một trăm năm mươi nghìn đồng".to_string(), Some(150_000))]
        );
        assert_eq!(
            other_amount_in_words(
                65_000_000,
                "65.000.000 đồng (sa\u{301}u mươi lăm triệu đồng)"
            ),
            None,
            "written with a combining mark"
        );
        assert_eq!(other_amount_in_words(0, "năm 2021 theo Thông tư"), None);
        assert_eq!(other_amount_in_words(0, "nộp một bản"), None);
    }

    #[test]
    fn counts_inside_names() {
        assert_eq!(
            name_holds_count("Tờ khai bước 1 1 bản chínhGiấy ủy quyền").as_deref(),
            Some("1 bản chính")
        );
        assert_eq!(
            name_holds_count("Danh sách 0 bản chính,1 bản sao- Giấy tờ khác").as_deref(),
            Some("0 bản chính,1 bản sao")
        );
        assert_eq!(
            name_holds_count("Giấy tờ (01 bản chính hoặc bản sao)"),
            None
        );
        assert_eq!(name_holds_count("nộp 01 bản chính để đối chiếu"), None);
    }
}
