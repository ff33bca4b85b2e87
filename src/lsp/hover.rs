//! Hover and go to definition: what the word under the cursor names — a fact (its label,
//! type and values in words), an act (number, date, subject), a fee (in words), a
//! procedure, a channel, a field or a level — and where it is declared.

use super::workspace::Workspace;
use super::{FileKind, Known};
use crate::diag::{Lang, SourceFile};
use crate::messages::t;
use crate::model::ChannelKind;
use crate::rules::Type;
use std::fmt::Write as _;
use std::sync::Arc;

/// The word at `offset`: an id, a fact name or a procedure code.
pub fn word_at(text: &str, offset: usize) -> Option<(usize, usize, &str)> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let is_word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    let start = text[..offset].rfind(|c: char| !is_word(c)).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[offset..]
        .find(|c: char| !is_word(c))
        .map_or(text.len(), |i| offset + i);
    let w = text[start..end].trim_end_matches('.');
    (!w.is_empty()).then_some((start, start + w.len(), w))
}

/// The hover text (Markdown) for the word at `offset`, with the word's range.
pub fn hover(
    k: &Known<'_>,
    ws: &Workspace,
    text: &str,
    offset: usize,
) -> Option<(usize, usize, String)> {
    let (start, end, w) = word_at(text, offset)?;
    let lang = k.lang;
    let m = k.manifest;
    // A fee of the procedure being edited: its amount in words.
    if let Some(p) = k.this {
        for c in &p.channels {
            for f in &c.fees {
                let on_fee = f.id.as_str() == w
                    || (k.kind == FileKind::Procedure
                        && (f.amount.start as usize..=f.amount.end as usize).contains(&offset));
                if on_fee {
                    let refs = crate::wording::Refs::new(m, None, lang);
                    let mut s = format!(
                        "**{}** ({})\n\n{}",
                        f.name.get(lang),
                        c.kind.label(lang),
                        crate::wording::fee_amount(f, p, m, lang)
                    );
                    if let Some(wh) = &f.when {
                        let _ = write!(
                            s,
                            " — {} {}",
                            t(lang, "khi", "when"),
                            crate::wording::cond(wh, p, &refs)
                        );
                    }
                    if let Some(b) = &f.basis {
                        let _ = write!(s, "\n\n{}: {}", t(lang, "Căn cứ", "Basis"), refs.number(b));
                    }
                    return Some((start, end, s));
                }
            }
        }
    }
    if let Some(f) = k.fact(w) {
        let mut s = format!("**{}** (`{}`)\n\n", f.label.get(lang), f.id.as_str());
        match &f.ty {
            Type::Enum(values) => {
                let _ = writeln!(s, "{}", t(lang, "Một trong:", "One of:"));
                for v in values {
                    let _ = writeln!(s, "- `{v}` — {}", f.value_words(v, lang));
                }
            }
            _ => {
                let _ = writeln!(s, "{}", crate::eval::facts::decl_words(f, lang));
            }
        }
        let shared = k
            .this
            .is_none_or(|p| !p.facts.iter().any(|x| x.id.as_str() == w));
        if shared {
            let _ = write!(
                s,
                "\n{}",
                t(
                    lang,
                    "Thông tin dùng chung cho cả danh mục (catalogue.yaml)",
                    "Shared by the whole catalogue (catalogue.yaml)"
                )
            );
        }
        return Some((start, end, s));
    }
    if let Some(l) = m.legal.iter().find(|l| l.id.as_str() == w) {
        // The citation as the decisions print it; what the registry does not state is left out
        // by the wording, never filled in here.
        let mut s = format!(
            "**{}**\n\n{}",
            l.number.as_str(),
            crate::wording::acts::citation(l, lang)
        );
        if l.title.is_none() {
            let _ = write!(
                s,
                "\n\n{}",
                t(lang, "Trích yếu: chưa có thông tin", "Subject: not stated")
            );
        }
        return Some((start, end, s));
    }
    if let Some(p) = ws.cat.procedure(w) {
        let field = crate::model::Named::name_in(&m.fields, &p.field, lang);
        return Some((
            start,
            end,
            format!(
                "**{}** {}\n\n{}: {field}",
                p.code.as_str(),
                p.name.get(lang),
                t(lang, "Lĩnh vực", "Field")
            ),
        ));
    }
    if let Some(c) = ChannelKind::parse(w) {
        return Some((
            start,
            end,
            format!(
                "{}: **{}**",
                t(lang, "Cách thức thực hiện", "Channel"),
                c.label(lang)
            ),
        ));
    }
    for (list, vi, en) in [
        (&m.fields, "Lĩnh vực", "Field"),
        (&m.levels, "Cấp thực hiện", "Level"),
    ] {
        if let Some(n) = list.iter().find(|n| n.id.as_str() == w) {
            return Some((
                start,
                end,
                format!("{}: **{}**", t(lang, vi, en), n.name.get(lang)),
            ));
        }
    }
    let _ = Lang::Vi;
    None
}

/// Where the word at `offset` is declared: a shared fact, an act, a field or level (in
/// catalogue.yaml), a procedure (its file), a fact of the procedure (its file).
pub fn definition(
    k: &Known<'_>,
    text: &str,
    offset: usize,
) -> Option<(Arc<SourceFile>, usize, usize)> {
    let (_, _, w) = word_at(text, offset)?;
    let m = k.manifest;
    let at = |f: &Arc<SourceFile>, s: u32, e: u32| Some((f.clone(), s as usize, e as usize));
    if let Some(p) = k.this
        && let Some(f) = p.facts.iter().find(|f| f.id.as_str() == w)
    {
        return at(&p.file, f.id.start, f.id.end);
    }
    let mfile = m.file.as_ref();
    if let Some(file) = mfile {
        if let Some(f) = m.facts.iter().find(|f| f.id.as_str() == w) {
            return at(file, f.id.start, f.id.end);
        }
        if let Some(l) = m.legal.iter().find(|l| l.id.as_str() == w) {
            return at(file, l.id.start, l.id.end);
        }
        if let Some(n) = m
            .fields
            .iter()
            .chain(m.levels.iter())
            .find(|n| n.id.as_str() == w)
        {
            return at(file, n.id.start, n.id.end);
        }
    }
    let i = k
        .procedures
        .binary_search_by(|p| p.code.as_str().cmp(w))
        .ok()?;
    let p = &k.procedures[i];
    at(&p.file, p.code.start, p.code.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_ids_and_codes() {
        let t = "code: \"1.004222\"\nwhen: not fee_exempt and x\n";
        let i = t.find("004").unwrap();
        assert_eq!(word_at(t, i).map(|w| w.2), Some("1.004222"));
        let i = t.find("exempt").unwrap();
        assert_eq!(word_at(t, i).map(|w| w.2), Some("fee_exempt"));
        assert_eq!(word_at("a: Đăng ký", 4), None);
        assert_eq!(word_at("", 0), None);
    }
}
