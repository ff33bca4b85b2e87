//! Official numbers of legal documents as records write them: `69/2024/NĐ-CP`,
//! `28/2023/QH15`, `42/2012/QĐ-TTg`, `09/2015/TTLT-BCA-BYT-BTC`, `08.a/2010/TT-BTP`,
//! `66.7/2025/NQ-CP`, `5166/QĐ-BQP`, `48/VBHN-VPQH`.
//!
//! A number is `N[/YYYY]/CODES`: `N` digits (with `.7`, `.a` or `b` after them), the year
//! of issue, then the codes of the kind of document and of the issuing bodies joined by `-`
//! (Decree 30/2020/NĐ-CP on official documents, art. 8 and appendix III; Law 80/2015/QH13
//! on legal documents, art. 4). Only known codes are read, so a number glued to a title in
//! capitals (`…/TT-BNNMTLUẬT SỬA ĐỔI`) ends where its last code ends, and a legislature
//! (`QH15`, `UBTVQH14`) takes exactly two digits, so `…/QH1360/2014/QH13` is two numbers.

/// The codes of document kinds and issuing bodies, as written in numbers.
pub const CODES: &[&str] = &[
    // Kinds: Nghị định, Nghị quyết, Quyết định, Thông tư, Thông tư liên tịch, Nghị quyết
    // liên tịch, Pháp lệnh, Văn bản hợp nhất, Chỉ thị, Lệnh, Hướng dẫn, Kế hoạch.
    "NĐ",
    "NQ",
    "QĐ",
    "TT",
    "TTLT",
    "NQLT",
    "PL",
    "VBHN",
    "CT",
    "L",
    "HD",
    "KH",
    // The Government, the Prime Minister, the President's office.
    "CP",
    "TTg",
    "CTN",
    // Ministries and ministry-level bodies.
    "BCA",
    "BTP",
    "BTC",
    "BQP",
    "BYT",
    "BGTVT",
    "BLĐTBXH",
    "BNNMT",
    "BNNPTNT",
    "BTNMT",
    "BXD",
    "BCT",
    "BTTTT",
    "BNV",
    "BVHTTDL",
    "BKHCN",
    "BKHĐT",
    "BGDĐT",
    "BNG",
    "BDTTG",
    "NHNN",
    "VPCP",
    "TTCP",
    "UBDT",
    "KTNN",
    "BTCTW",
    // Courts, procuracy, National Assembly office, local authorities, the Fatherland Front.
    "TANDTC",
    "VKSNDTC",
    "HĐTP",
    "VPQH",
    "UBND",
    "HĐND",
    "UBTƯMTTQVN",
    // Units within a ministry (`QĐ-BCA-C06`).
    "C06",
    "C07",
    "C08",
];

/// The longest known code at the start of `s` (`QH15`, `UBTVQH14` with two digits).
fn code_at(s: &str) -> Option<usize> {
    for p in ["UBTVQH", "QH"] {
        if let Some(r) = s.strip_prefix(p)
            && r.len() >= 2
            && r.as_bytes()[..2].iter().all(u8::is_ascii_digit)
        {
            return Some(p.len() + 2);
        }
    }
    CODES
        .iter()
        .filter(|c| s.starts_with(**c))
        .map(|c| c.len())
        .max()
}

/// The codes after the last `/` of a number: known codes joined by `-` (or `_`, as some
/// records write it). `Err(n)`: a known code is followed by `-` and something unknown, so
/// where the number ends is not written (`n`: the bytes of the codes read so far).
fn codes(s: &str) -> Option<Result<usize, usize>> {
    let mut end = code_at(s)?;
    loop {
        let rest = &s[end..];
        // Older joint circulars write `TTLT/BQP-…` or `TTLT- BQP-…`.
        let (sep_len, sep) = if let Some(r) = rest.strip_prefix("- ") {
            (2, r)
        } else if let Some(r) = rest.strip_prefix(['-', '_']) {
            (1, r)
        } else if s[..end].ends_with("TTLT")
            && let Some(r) = rest.strip_prefix('/')
        {
            (1, r)
        } else {
            return Some(Ok(end));
        };
        match code_at(sep) {
            Some(n) => end += sep_len + n,
            None if sep_len == 1 && sep.starts_with(|c: char| c.is_uppercase()) => {
                return Some(Err(end));
            }
            None => return Some(Ok(end)),
        }
    }
}

/// A number found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Where it starts.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// The digits before the first `/` (or `.`) are more than a number has (`202068/2020/`,
    /// a year at the end of the title glued to it): where the title ends is not written.
    pub glued_digits: bool,
    /// An unknown code follows a known one (`…/TT-BXYZ`): where it ends is not written.
    pub unknown_code: bool,
    /// Four digits and a dot before the number (`…năm 2022.65/2025/TT-BTC`): a year ending a
    /// sentence glued to `65/2025/TT-BTC`, or one number `2022.65`; the text does not say.
    pub dotted_year: bool,
}

/// A ministry unit's code in brackets right after the codes, part of the number as the
/// ministry issues it (`21/2007/TT-BCA(X13)`, amended by Circular 74/2011/TT-BCA, which cites
/// it so): a capital letter and digits, at most 5 characters. Returns its length.
fn unit_suffix(s: &str) -> usize {
    let Some(r) = s.strip_prefix('(') else {
        return 0;
    };
    let inner = r.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let b = r.as_bytes();
    let ok = (2..=5).contains(&inner)
        && b[0].is_ascii_uppercase()
        && b[1..inner].iter().all(u8::is_ascii_digit)
        && b.get(inner) == Some(&b')');
    if ok { inner + 2 } else { 0 }
}

/// The next number at or after `from`. A number may start right after a letter (`Thông
/// tư03/2025/…`) or where `prev_end`, the end of the number before, is (`…QH1360/2014/…`),
/// never in the middle of other digits.
pub fn next(s: &str, from: usize, prev_end: usize) -> Option<Found> {
    let b = s.as_bytes();
    let mut i = from;
    while i < b.len() {
        // Not inside other digits, `66.7` or `a/b`; after a full stop ending a sentence
        // (`…Bộ Tư pháp.18/2026/NĐ-CP`) it may.
        // A run of digits right after a `/` may still end in a number glued to a date
        // (`từ ngày 01/01/2017120/2016/NĐ-CP`): it is read, marked as glued.
        let after_slash = i > 0 && b[i - 1] == b'/';
        let inside = i > 0
            && (b[i - 1].is_ascii_digit()
                || (b[i - 1] == b'.' && i > 1 && b[i - 2].is_ascii_digit()));
        let starts = b[i].is_ascii_digit() && (i == prev_end || !inside);
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let digits = j - start;
        // `66.7`, `08.a`, `09b`.
        if b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
            j += 1;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
        } else if b.get(j) == Some(&b'.')
            && b.get(j + 1).is_some_and(u8::is_ascii_lowercase)
            && b.get(j + 2) == Some(&b'/')
        {
            j += 2;
        } else if b.get(j).is_some_and(u8::is_ascii_lowercase) && b.get(j + 1) == Some(&b'/') {
            j += 1;
        }
        if b.get(j) != Some(&b'/') {
            i = j.max(i + 1);
            continue;
        }
        let mut k = j + 1;
        let y = k;
        while k < b.len() && b[k].is_ascii_digit() {
            k += 1;
        }
        let after_year = if k - y == 4 && b.get(k) == Some(&b'/') {
            k + 1
        } else if k == y {
            // No year: `5166/QĐ-BQP`, `48/VBHN-VPQH`.
            j + 1
        } else {
            i = j.max(i + 1);
            continue;
        };
        let dotted_year = digits == 4 && b.get(start + 4) == Some(&b'.');
        match codes(&s[after_year..]) {
            Some(Ok(n)) => {
                let end = after_year + n;
                return Some(Found {
                    start,
                    end: end + unit_suffix(&s[end..]),
                    glued_digits: digits > 4 || (after_slash && i != prev_end),
                    unknown_code: false,
                    dotted_year,
                });
            }
            Some(Err(n)) => {
                return Some(Found {
                    start,
                    end: after_year + n,
                    glued_digits: digits > 4 || (after_slash && i != prev_end),
                    unknown_code: true,
                    dotted_year,
                });
            }
            None => i = j.max(i + 1),
        }
    }
    None
}

/// Every number a text cites, for warnings about text left out.
pub fn cited(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut from, mut prev) = (0, usize::MAX);
    while let Some(f) = next(s, from, prev) {
        out.push(&s[f.start..f.end]);
        from = f.end;
        prev = f.end;
    }
    out
}

/// Does the legal-basis entry whose number ends at `end` end there? The table is flattened
/// as `title number title number…`, and a title may cite its own number first
/// (`Nghị định 05/2012/NĐ-CP05/2012/NĐ-CP`, `Thông tư số 53/2025/TT-BCAngày 01/7/2025 …
/// 53/2025/TT-BCA`). An entry ends at the end of the text, before a capital (the next title,
/// `…/TT-BTPThông tư`, `…/NĐ-CPLUẬT`), or before a small letter unless the same number
/// comes again glued to text, where the code column is (`…/TT-BTPtư vấn pháp luật…` is a
/// title written in small letters). Running text puts a space or a sign after a number, so
/// those never end an entry, nor count as the code column.
pub fn ends_entry(s: &str, start: usize, end: usize) -> bool {
    let after = &s[end..];
    match after.chars().next() {
        None => true,
        Some(c) if c.is_uppercase() => true,
        // Another number right after: the title repeated this one (`…/QH1360/2014/QH13`),
        // or the next title begins with its own number (`…/UBTVQH1326/2005/PL-UBTVQH11 -
        // Ưu đãi…`).
        Some(c) if c.is_ascii_digit() => {
            next(s, end, end).is_some_and(|f| f.start == end && s[f.start..f.end] != s[start..end])
        }
        Some(c) if c.is_lowercase() => {
            let n = &s[start..end];
            !after.match_indices(n).any(|(i, _)| {
                after[i + n.len()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_alphanumeric)
            })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let (mut from, mut prev) = (0, usize::MAX);
        while let Some(f) = next(s, from, prev) {
            out.push(&s[f.start..f.end]);
            from = f.end;
            prev = f.end;
        }
        out
    }

    #[test]
    fn every_kind_and_issuer() {
        assert_eq!(
            all("Luật 60/2014/QH1360/2014/QH13Quyết định số 09/2023/QĐ-TTg09/2023/QĐ-TTg"),
            [
                "60/2014/QH13",
                "60/2014/QH13",
                "09/2023/QĐ-TTg",
                "09/2023/QĐ-TTg"
            ]
        );
        assert_eq!(
            all("x 08.a/2010/TT-BTP 09b/2013/TT-BTP 66.7/2025/NQ-CP 5166/QĐ-BQP 48/VBHN-VPQH"),
            [
                "08.a/2010/TT-BTP",
                "09b/2013/TT-BTP",
                "66.7/2025/NQ-CP",
                "5166/QĐ-BQP",
                "48/VBHN-VPQH"
            ]
        );
        assert_eq!(
            all(
                "05/2015/TTLT-BTP-BCA-BYTThông tư 10/2024/TT-BNNMTLUẬT SỬA ĐỔI 30/2012/PL-UBTVQH13"
            ),
            [
                "05/2015/TTLT-BTP-BCA-BYT",
                "10/2024/TT-BNNMT",
                "30/2012/PL-UBTVQH13"
            ]
        );
        assert_eq!(all("31/2025/TT_BCAVề an ninh"), ["31/2025/TT_BCA"]);
        assert_eq!(
            all("191/2005/TTLT/BQP-BLĐTBXH-BTC, 21/2008/TTLT- BQP-BLĐTBXH-BTC"),
            [
                "191/2005/TTLT/BQP-BLĐTBXH-BTC",
                "21/2008/TTLT- BQP-BLĐTBXH-BTC"
            ]
        );
        assert_eq!(all("của Bộ Tư pháp.18/2026/NĐ-CP"), ["18/2026/NĐ-CP"]);
        assert_eq!(
            all("Thông tư 21/2007/TT-BCA(X13) - Hướng dẫn21/2007/TT-BCA(X13)Nghị định"),
            ["21/2007/TT-BCA(X13)", "21/2007/TT-BCA(X13)"]
        );
        assert_eq!(all("12/2007/NĐ-CP (nay là Luật)"), ["12/2007/NĐ-CP"]);
        let f = next("ngày 21 tháng 02 năm 2022.65/2025/TT-BTC", 0, usize::MAX).unwrap();
        assert!(f.dotted_year);
        let f = next("Nghị quyết 66.7/2025/NQ-CP", 0, usize::MAX).unwrap();
        assert!(!f.dotted_year);
        assert_eq!(all("ngày 26/11/2024 và 01/7/2025"), Vec::<&str>::new());
        let f = next("Luật Cư trú 202068/2020/QH14", 0, usize::MAX).unwrap();
        assert!(f.glued_digits);
        let f = next("12/2020/TT-BXYZ", 0, usize::MAX).unwrap();
        assert!(f.unknown_code);
        let f = next("từ ngày 01/01/2017120/2016/NĐ-CPNghị", 0, usize::MAX).unwrap();
        assert!(f.glued_digits);
        assert_eq!(
            cited("a 1/2020/NQ-CP b 2/2021/QH15"),
            ["1/2020/NQ-CP", "2/2021/QH15"]
        );
    }

    #[test]
    fn where_entries_end() {
        let s =
            "Thông tư số 53/2025/TT-BCAngày 01/7/2025 sửa đổi53/2025/TT-BCAtư vấn03/2024/TT-BTP";
        let f = next(s, 0, usize::MAX).unwrap();
        assert!(
            !ends_entry(s, f.start, f.end),
            "cited again later: in the title"
        );
        let g = next(s, f.end, f.end).unwrap();
        assert!(
            ends_entry(s, g.start, g.end),
            "a title in small letters follows"
        );
        let s = "Nghị định 05/2012/NĐ-CP05/2012/NĐ-CP";
        let f = next(s, 0, usize::MAX).unwrap();
        assert!(!ends_entry(s, f.start, f.end));
        let s = "cách mạng04/2012/UBTVQH1326/2005/PL-UBTVQH11 - Ưu đãi";
        let f = next(s, 0, usize::MAX).unwrap();
        assert!(
            ends_entry(s, f.start, f.end),
            "another number begins the next title"
        );
        let s = "số 60/2023/TT-BTC của Bộ";
        let f = next(s, 0, usize::MAX).unwrap();
        assert!(!ends_entry(s, f.start, f.end));
    }
}
