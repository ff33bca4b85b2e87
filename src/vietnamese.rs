//! Vietnamese text without its diacritics, for search and for ids; text on one line.

/// Folds text: lower case, Vietnamese diacritics removed, đ → d (`Đăng ký` → `dang ky`).
pub fn fold(s: &str) -> String {
    const FROM: &str = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
    const TO: &str = "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd";
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            // Most letters are ASCII: skip the table for them.
            c if c.is_ascii() => c,
            c => match FROM.chars().position(|f| f == c) {
                Some(i) => TO.chars().nth(i).unwrap_or(c),
                None => c,
            },
        })
        .collect()
}

/// A name as compared when people type it: folded ([`fold`]), `-` and `_` as spaces, one
/// space between words (`Trực tiếp`, `truc-tiep` and `TRUC_TIEP` give `truc tiep`).
pub fn name_key(s: &str) -> String {
    fold(s)
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `typed` names `name`, accents, case and separators aside.
pub fn same_name(typed: &str, name: &str) -> bool {
    name_key(typed) == name_key(name)
}

/// Text on one line: its words with one space between them (`"  Bản sao\n giấy  tờ "` →
/// `"Bản sao giấy tờ"`), as `split_whitespace` then `join(" ")` give it, in one allocation.
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// [`squash`] in lower case, exactly as `squash(s).to_lowercase()`, for comparing names that
/// differ only in spacing and case. It runs for every document and fee name of every
/// validation, so it reads bytes: ASCII is spaced and lowered in place, a lower-case letter
/// beyond ASCII (most Vietnamese letters) is copied, and a word with any other letter is
/// lowered whole by `str::to_lowercase`. (Lowering makes and removes no white space, and the
/// final sigma counts no space as a letter beside it, so lowering word by word gives what
/// lowering the whole text gives.)
pub fn squash_lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Where the word being read began, in `s` and in `out`.
    let mut word: Option<(usize, usize)> = None;
    let mut at = 0;
    while let Some(&b) = s.as_bytes().get(at) {
        let (c, len) = if b.is_ascii() {
            (char::from(b), 1)
        } else {
            let c = s[at..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            (c, c.len_utf8())
        };
        if c.is_whitespace() {
            word = None;
        } else {
            let (from, to) = *word.get_or_insert_with(|| {
                if !out.is_empty() {
                    out.push(' ');
                }
                (at, out.len())
            });
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if c.is_lowercase() {
                out.push(c);
            } else {
                // Lowered whole from its start, and read on past its end.
                let end = s[from..]
                    .find(char::is_whitespace)
                    .map_or(s.len(), |e| from + e);
                out.truncate(to);
                out.push_str(&s[from..end].to_lowercase());
                word = None;
                at = end;
                continue;
            }
        }
        at += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both against what they stand for, over generated texts of letters that change in
    /// length or by context when lowered (`İ`, `Σ`, `ẞ`), Vietnamese capitals, marks, and
    /// every kind of white space Unicode has.
    #[test]
    fn squash_and_squash_lower_are_split_join_and_to_lowercase() {
        const PIECES: &[&str] = &[
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\u{a0}",
            "\u{3000}",
            "\u{2028}",
            "\u{85}",
            "\u{200a}",
            "\u{1680}",
            "\u{202f}",
            "\u{205f}",
            "\u{b}",
            "«",
            "…",
            "ạ",
            "\u{1a}",
            "a",
            "Z",
            "1",
            ".",
            "'",
            "-",
            "Đ",
            "đ",
            "Ậ",
            "Bản",
            "SAO",
            "Giấy",
            "tờ",
            "ƯỚC",
            "İ",
            "Σ",
            "ΑΣ",
            "σ",
            "ς",
            "ẞ",
            "ǅ",
            "\u{301}",
            "\u{200d}",
            "Ωμέγα",
            "ΟΔΟΣ",
            "x\u{307}",
        ];
        let mut roll = crate::testing::rolls(0x5eed_5a55);
        let mut equal = 0;
        for _ in 0..4000 {
            let n = roll(9) as usize;
            let s: String = (0..n)
                .map(|_| PIECES[roll(PIECES.len() as u64) as usize])
                .collect();
            let words = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(squash(&s), words, "{s:?}");
            // Another text, mostly the same words spaced and cased otherwise, so that equal
            // and unequal pairs both come up often.
            let mut t = String::new();
            for w in s.split_whitespace() {
                t.push_str([" ", "\n ", "\u{a0}", "\t"][roll(4) as usize]);
                match roll(7) {
                    0 => t.push_str(&w.to_uppercase()),
                    // The word cut in two, or glued to the one before.
                    4 => match w.char_indices().nth(1) {
                        Some((at, _)) => t.extend([&w[..at], " ", &w[at..]]),
                        None => t.push_str(w),
                    },
                    5 if !t.trim().is_empty() => {
                        t.truncate(t.trim_end().len());
                        t.push_str(w)
                    }
                    1 => t.push_str(&w.to_lowercase()),
                    2 => t.push_str(PIECES[roll(PIECES.len() as u64) as usize]),
                    3 => {}
                    _ => t.push_str(w),
                }
            }
            assert_eq!(squash_lower(&s), words.to_lowercase(), "{s:?}");
            assert_eq!(squash_lower(&t), squash(&t).to_lowercase(), "{t:?}");
            equal += usize::from(squash_lower(&s) == squash_lower(&t));
        }
        assert!(equal > 1000, "{equal} equal pairs of 4000");
        assert_eq!(squash_lower("  Bản SAO\n giấy  TỜ "), "bản sao giấy tờ");
        assert_eq!(squash_lower("ĐƠN ĐỀ NGHỊ"), "đơn đề nghị");
    }

    /// Every letter beyond ASCII that `squash_lower` copies is one `to_lowercase` gives back
    /// unchanged.
    #[test]
    fn lowering_leaves_every_lower_case_letter_as_it_is() {
        let copied = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|c| c.is_lowercase());
        let mut n = 0;
        for c in copied {
            assert!(c.to_lowercase().eq([c]), "{c:?} U+{:04X}", u32::from(c));
            n += 1;
        }
        assert!(n > 2500, "{n}");
    }

    #[test]
    fn fold_removes_vietnamese_diacritics() {
        assert_eq!(fold("Đăng ký KẾT HÔN"), "dang ky ket hon");
        assert_eq!(fold("Thủ tục 1.004222"), "thu tuc 1.004222");
    }
}
