//! Vietnamese text without its diacritics, for search and for ids.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_vietnamese_diacritics() {
        assert_eq!(fold("Đăng ký KẾT HÔN"), "dang ky ket hon");
        assert_eq!(fold("Thủ tục 1.004222"), "thu tuc 1.004222");
    }
}
