//! Checks of the legal registry (`legal:` in the manifest) and of the records that cite it
//! (`published_by:`, `amended:`, `abolished:` in a procedure).
//!
//! The form of an act's number is the law's:
//! - a legal normative document (law, ordinance, decree, circular, joint circular, and the
//!   resolutions and decisions that are such documents): "number/year/symbol", the symbol
//!   being the abbreviations of its kind and of its issuer joined by "-" (Law on the
//!   Promulgation of Legal Normative Documents 80/2015/QH13, art. 10: `123/2015/NĐ-CP`; a law
//!   or a resolution of the National Assembly: `60/2014/QH13`);
//! - any other document: "number/symbol" (Decree 30/2020/NĐ-CP, Annex I, part I.II.3:
//!   `1079/QĐ-BTP`), the number in Arabic digits, the symbol in capitals with its groups
//!   joined by "-", never a space.

use crate::diag::{Diagnostic, Tr, suggest};
use crate::model::{LegalDoc, Manifest, Procedure, Sp, find_act};
use crate::shape::Str;
use crate::tr;
use std::collections::HashMap;

/// Kinds of act that are always legal normative documents: their number carries a year.
const NORMATIVE: &[&str] = &[
    "Bộ luật",
    "Luật",
    "Pháp lệnh",
    "Nghị định",
    "Thông tư",
    "Thông tư liên tịch",
    "Nghị quyết liên tịch",
];

/// The abbreviation a kind's symbol starts with (`None`: no fixed one).
fn kind_abbreviation(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "Nghị định" => &["NĐ"],
        "Thông tư" => &["TT"],
        "Thông tư liên tịch" => &["TTLT"],
        "Quyết định" => &["QĐ"],
        "Nghị quyết liên tịch" => &["NQLT"],
        "Chỉ thị" => &["CT"],
        "Thông báo" => &["TB"],
        "Kế hoạch" => &["KH"],
        _ => return None,
    })
}

/// A symbol group of the National Assembly or its Standing Committee (`QH13`, `UBTVQH14`).
fn assembly(group: &str, prefix: &str) -> bool {
    group
        .strip_prefix(prefix)
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// What is wrong with an act's number, if anything: `(message, hint)`.
pub fn number_problem(number: &str, kind: Option<&str>) -> Option<(Tr, Tr)> {
    let example = tr!(
        "write number/year/symbol for a legal normative document (123/2015/NĐ-CP), number/symbol for another (1079/QĐ-BTP)",
        "viết số/năm/ký hiệu với văn bản quy phạm pháp luật (123/2015/NĐ-CP), số/ký hiệu với văn bản khác (1079/QĐ-BTP)"
    );
    let bad = |en: &str, vi: &str| {
        Some((
            Tr {
                en: format!("`{number}` is not an act's number: {en}"),
                vi: format!("`{number}` không đúng thể thức số, ký hiệu văn bản: {vi}"),
            },
            example.clone(),
        ))
    };
    if number.chars().any(char::is_whitespace) || number.is_empty() {
        return bad("it holds a space", "có khoảng trắng");
    }
    let parts: Vec<&str> = number.split('/').collect();
    if parts.len() < 2 {
        return bad(
            "it has no symbol after a slash",
            "thiếu ký hiệu sau dấu gạch chéo",
        );
    }
    // The sequence number: Arabic digits, with the suffix a few real acts carry (08.a,
    // 09b, 66.7).
    let head = parts[0];
    let digits = head.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &head[digits..];
    let suffix_ok = rest.is_empty()
        || (rest.len() == 1 && rest.bytes().all(|b| b.is_ascii_lowercase()))
        || (rest.starts_with('.')
            && (2..=4).contains(&rest.len())
            && rest[1..]
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()));
    if digits == 0 || !suffix_ok {
        return bad(
            "it must start with the act's sequence number in digits",
            "phải bắt đầu bằng số thứ tự của văn bản, viết bằng chữ số",
        );
    }
    let (year, symbol) = match parts[1] {
        y if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => (Some(y), &parts[2..]),
        _ => (None, &parts[1..]),
    };
    if let Some(y) = year {
        let y: u32 = y.parse().unwrap_or(0);
        if !(1945..=2100).contains(&y) {
            return bad("its year is not a year", "năm ban hành không hợp lệ");
        }
    }
    if symbol.is_empty() {
        return bad(
            "after the number (and year) comes its symbol",
            "sau số (và năm) phải có ký hiệu",
        );
    }
    // Acts issued before the 2008 rules sometimes part the symbol with a slash too
    // (191/2005/TTLT/BQP-BLĐTBXH-BTC): each part is still capitals joined by "-".
    let mut groups: Vec<&str> = symbol.iter().flat_map(|s| s.split('-')).collect();
    // The Ministry of Public Security's acts carry the drafting unit's code in brackets after
    // the symbol (21/2007/TT-BCA(X13)), as published: the brackets are part of the number.
    if let Some(last) = groups.last_mut()
        && let Some(open) = last.find('(')
        && let Some(unit) = last[open + 1..].strip_suffix(')')
        && (2..=5).contains(&unit.len())
        && unit.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && unit
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        *last = &last[..open];
    }
    // Capitals and digits; an abbreviation fixed in lower case after its capital stays so
    // (QĐ-TTg: Thủ tướng).
    let group_ok = |g: &&str| {
        g.chars().next().is_some_and(char::is_uppercase)
            && g.chars().all(|c| c.is_alphabetic() || c.is_ascii_digit())
    };
    if !groups.iter().all(group_ok) {
        return bad(
            "the symbol is written in capitals, its groups joined by \"-\"",
            "ký hiệu viết chữ in hoa, các nhóm chữ nối bằng dấu \"-\"",
        );
    }
    let kind = kind?;
    if year.is_none() && NORMATIVE.contains(&kind) {
        return Some((
            Tr {
                en: format!(
                    "`{number}` has no year: a {kind} is a legal normative document, numbered number/year/symbol"
                ),
                vi: format!(
                    "`{number}` thiếu năm ban hành: {kind} là văn bản quy phạm pháp luật, số, ký hiệu gồm số/năm/ký hiệu"
                ),
            },
            example,
        ));
    }
    let first = groups[0];
    let fits = match kind {
        "Luật" | "Bộ luật" => groups.len() == 1 && assembly(first, "QH"),
        "Pháp lệnh" => groups.len() == 1 && assembly(first, "UBTVQH"),
        "Nghị quyết" => {
            first == "NQ"
                || (groups.len() == 1 && (assembly(first, "QH") || assembly(first, "UBTVQH")))
        }
        k => kind_abbreviation(k).is_none_or(|a| a.contains(&first)),
    };
    if !fits {
        return Some((
            Tr {
                en: format!("`{number}`: its symbol does not abbreviate a {kind}"),
                vi: format!("`{number}`: ký hiệu không phải chữ viết tắt của {kind}"),
            },
            tr!(
                "the symbol starts with the kind's abbreviation (NĐ, TT, QĐ, NQ…); check the kind and the number against the act",
                "ký hiệu bắt đầu bằng chữ viết tắt tên loại văn bản (NĐ, TT, QĐ, NQ…); hãy đối chiếu loại và số với văn bản"
            ),
        ));
    }
    None
}

/// True when a title says nothing but the act's kind, number and issuer ("Nghị định
/// 62/2021/NĐ-CP", "Thông tư số 03/2023/TT-BTP của Bộ trưởng Bộ Tư pháp").
pub fn title_repeats_number(title: &str, number: &str, by: &[&str]) -> bool {
    let Some(k) = title.find(number) else {
        return false;
    };
    let mut rest = title.to_string();
    rest.replace_range(k..k + number.len(), " ");
    for b in by.iter().filter(|b| !b.is_empty()) {
        rest = rest.replace(b, " ");
    }
    const KIND_WORDS: &[&str] = &[
        "số",
        "luật",
        "bộ",
        "pháp",
        "lệnh",
        "nghị",
        "quyết",
        "định",
        "thông",
        "tư",
        "liên",
        "tịch",
        "chỉ",
        "thị",
        "của",
        "trưởng",
        "ngày",
    ];
    rest.split(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | ',' | '.'))
        .filter(|w| !w.is_empty())
        .all(|w| KIND_WORDS.contains(&w.to_lowercase().as_str()))
}

fn at(d: Diagnostic, m: &Manifest, start: u32, end: u32) -> Diagnostic {
    match &m.file {
        Some(f) => d.at(f, start as usize, end as usize, None),
        None => d,
    }
}

/// Checks every act of the registry.
pub fn registry(m: &Manifest, out: &mut Vec<Diagnostic>) {
    let ids: Vec<&str> = m.legal.iter().map(|l| l.id.as_str()).collect();
    let mut numbers: HashMap<&str, &LegalDoc> = HashMap::new();
    for l in &m.legal {
        let number = l.number.as_str();
        if let Some((msg, hint)) = number_problem(number, l.kind.as_deref().map(|k| k.as_str())) {
            out.push(
                at(
                    Diagnostic::error("act/number", msg),
                    m,
                    l.number.start,
                    l.number.end,
                )
                .help(hint),
            );
        }
        if let Some(first) = numbers.get(number) {
            let other = first.id.as_str();
            let mut d = at(
                Diagnostic::error(
                    "act/duplicate-number",
                    tr!(
                        "two acts have the number {number} (`{other}` and `{}`)",
                        "hai văn bản cùng số {number} (`{other}` và `{}`)",
                        l.id.as_str()
                    ),
                ),
                m,
                l.number.start,
                l.number.end,
            )
            .help(tr!(
                "an act is one entry: keep one and make the procedures cite its id",
                "mỗi văn bản chỉ một mục: giữ một mục và cho các thủ tục dẫn chiếu mã của mục đó"
            ));
            if m.file.is_some() {
                d = d.also(
                    first.number.start as usize,
                    first.number.end as usize,
                    tr!("first given here", "đã khai báo ở đây"),
                );
            }
            out.push(d);
        } else {
            numbers.insert(number, l);
        }
        let id = l.id.as_str();
        match &l.title {
            None => out.push(
                at(
                    Diagnostic::warning(
                        "act/no-title",
                        tr!(
                            "the act {number} (`{id}`) has no subject: decisions cite it by its number alone",
                            "văn bản {number} (`{id}`) chưa có trích yếu: quyết định chỉ dẫn được số của văn bản"
                        ),
                    ),
                    m,
                    l.id.start,
                    l.id.end,
                )
                .help(tr!(
                    "add `title:` with the subject as the act gives it",
                    "thêm `title:` với trích yếu như văn bản ghi"
                )),
            ),
            Some(t)
                if title_repeats_number(
                    &t.value.vi,
                    number,
                    &[
                        l.issuer.as_deref().unwrap_or(""),
                        l.signer.as_deref().unwrap_or(""),
                    ],
                ) =>
            {
                out.push(
                at(
                    Diagnostic::warning(
                        "act/title-number",
                        tr!(
                            "the title of {number} only repeats its number",
                            "tên của văn bản {number} chỉ nhắc lại số của văn bản"
                        ),
                    ),
                    m,
                    t.start,
                    t.end,
                )
                .help(tr!(
                    "write the subject (trích yếu) as the act gives it, or leave `title:` out until it is known",
                    "ghi trích yếu như văn bản ghi, hoặc bỏ `title:` cho đến khi biết"
                )),
                )
            }
            Some(_) => {}
        }
        if l.issued.is_none() {
            out.push(
                at(
                    Diagnostic::warning(
                        "act/no-date",
                        tr!(
                            "the act {number} (`{id}`) has no date of issue: decisions say it is not stated",
                            "văn bản {number} (`{id}`) chưa có ngày ban hành: quyết định sẽ ghi \"chưa có thông tin\""
                        ),
                    ),
                    m,
                    l.id.start,
                    l.id.end,
                )
                .help(tr!(
                    "add `issued: YYYY-MM-DD` from the act itself",
                    "thêm `issued: YYYY-MM-DD` theo chính văn bản"
                )),
            );
        }
        if let (Some(issued), Some(f)) = (l.issued, &l.in_force)
            && f.value < issued
        {
            out.push(at(
                Diagnostic::error(
                    "act/in-force-before-issued",
                    tr!(
                        "{number} takes effect on {} but was issued on {issued}",
                        "{number} có hiệu lực từ {} nhưng ban hành ngày {issued}",
                        f.value
                    ),
                ),
                m,
                f.start,
                f.end,
            ));
        }
        if let Some(r) = &l.replaced_by
            && (!ids.contains(&r.as_str()) || r.as_str() == id)
        {
            out.push(unknown_act(r, &ids, m.file.as_ref(), "replaced_by"));
        }
    }
}

fn unknown_act(
    r: &Sp<Str>,
    ids: &[&str],
    file: Option<&std::sync::Arc<crate::diag::SourceFile>>,
    key: &str,
) -> Diagnostic {
    let v = r.as_str();
    let mut d = Diagnostic::error(
        "ref/act",
        tr!(
            "`{v}` ({key}) is not an act of the legal registry",
            "`{v}` ({key}) không có trong danh mục văn bản (`legal:`)"
        ),
    );
    if let Some(f) = file {
        d = d.at(f, r.start as usize, r.end as usize, None);
    }
    let near = crate::diag::nearest(v, ids.iter().copied());
    d.help(match near {
        Some(_) => suggest(v, ids),
        None => tr!(
            "add the act to `legal:` in catalogue.yaml (id, kind, number, issuer, issued, title), then cite its id",
            "thêm văn bản vào `legal:` trong catalogue.yaml (id, kind, number, issuer, issued, title) rồi dẫn chiếu mã của nó"
        ),
    })
}

/// Checks the records of one procedure against the registry.
pub fn records(m: &Manifest, p: &Procedure, out: &mut Vec<Diagnostic>) {
    // The registry's ids, for a did-you-mean: only when an act is not found.
    let ids = || -> Vec<&str> { m.legal.iter().map(|l| l.id.as_str()).collect() };
    let file = Some(&p.file);
    let cite = |out: &mut Vec<Diagnostic>,
                r: &Sp<Str>,
                key: &str,
                when: Option<&Sp<jiff::civil::Date>>| {
        let Some(act) = find_act(&m.legal, r) else {
            out.push(unknown_act(r, &ids(), file, key));
            return;
        };
        if let (Some(w), Some(issued)) = (when, act.issued)
            && w.value < issued
        {
            let n = act.number.as_str();
            out.push(
                Diagnostic::error(
                    "act/in-force-before-issued",
                    tr!(
                        "this takes effect on {} but its act {n} was issued on {issued}",
                        "ngày có hiệu lực {} sớm hơn ngày ban hành của văn bản {n} ({issued})",
                        w.value
                    ),
                )
                .at(&p.file, w.start as usize, w.end as usize, None)
                .help(tr!(
                    "an act cannot take effect before it is issued: check the date and the act",
                    "văn bản không thể có hiệu lực trước ngày ban hành: hãy kiểm tra lại ngày và văn bản"
                )),
            );
        }
    };
    if let Some(r) = &p.published_by {
        if p.published_by_legacy && find_act(&m.legal, r).is_none() {
            // Revisions written before the registry: told, not refused.
            let v = r.as_str();
            let mut d = Diagnostic::warning(
                "act/unregistered",
                tr!(
                    "`decision: {v}` names an act the legal registry does not hold: decisions cannot cite its date, issuer or subject",
                    "`decision: {v}` nêu một văn bản chưa có trong danh mục văn bản: quyết định không dẫn được ngày, cơ quan ban hành, trích yếu"
                ),
            )
            .at(&p.file, r.start as usize, r.end as usize, None)
            .help(tr!(
                "add the act to `legal:` in catalogue.yaml and write `published_by: <its id>`",
                "thêm văn bản vào `legal:` trong catalogue.yaml và ghi `published_by: <mã văn bản>`"
            ));
            if let Some((msg, _)) = number_problem(v, None) {
                d.message = msg;
            }
            out.push(d);
        } else {
            cite(out, r, "published_by", None);
        }
    }
    for a in &p.amended {
        cite(out, &a.by, "amended", a.in_force.as_ref());
    }
    if let Some(x) = &p.abolished {
        cite(out, &x.by, "abolished", x.in_force.as_ref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_the_forms_the_law_prescribes() {
        for (n, k) in [
            ("123/2015/NĐ-CP", Some("Nghị định")),
            ("60/2014/QH13", Some("Luật")),
            ("02/2020/UBTVQH14", Some("Pháp lệnh")),
            ("1079/QĐ-BTP", Some("Quyết định")),
            ("1523/QĐ-BCA-C06", Some("Quyết định")),
            ("49/2015/QĐ-TTg", None),
            ("05/2015/TTLT-BTP-BCA-BYT", Some("Thông tư liên tịch")),
            ("66.7/2025/NQ-CP", Some("Nghị quyết")),
            ("08.a/2010/TT-BTP", Some("Thông tư")),
            ("09b/2013/TT-BTP", Some("Thông tư")),
            ("14/2025/NQ-HĐND", Some("Nghị quyết")),
            ("21/2007/TT-BCA(X13)", Some("Thông tư")),
        ] {
            assert!(
                number_problem(n, k).is_none(),
                "{n}: {:?}",
                number_problem(n, k)
            );
        }
        for (n, k) in [
            ("QĐ/0001-BTP", None),
            ("1079", None),
            ("1079/qđ-btp", None),
            ("12 /QĐ-BTP", None),
            ("1079/QĐ--BTP", None),
            ("75/TT-BTC", Some("Thông tư")),
            ("12/2020/TT-BTP", Some("Nghị định")),
            ("60/2014/QH13", Some("Quyết định")),
            ("1/1800/NĐ-CP", None),
            ("31/2025/TT_BCA", None),
            ("21/2008/TTLT- BQP-BLĐTBXH-BTC", None),
            ("21/2007/TT-BCA(x13)", None),
            ("21/2007/TT-BCA()", None),
            ("21/2007/TT-(X13)", None),
        ] {
            assert!(number_problem(n, k).is_some(), "{n} passed");
        }
    }

    #[test]
    fn titles_that_only_repeat_the_number() {
        assert!(title_repeats_number(
            "Nghị định 62/2021/NĐ-CP",
            "62/2021/NĐ-CP",
            &[]
        ));
        assert!(title_repeats_number(
            "Thông tư số 03/2023/TT-BTP của Bộ trưởng Bộ Tư pháp",
            "03/2023/TT-BTP",
            &["Bộ Tư pháp"]
        ));
        assert!(title_repeats_number(
            "01/2013/TT-BVHTTDL",
            "01/2013/TT-BVHTTDL",
            &[]
        ));
        assert!(!title_repeats_number(
            "quy định chi tiết Luật Cư trú",
            "62/2021/NĐ-CP",
            &[]
        ));
        assert!(!title_repeats_number(
            "Nghị định 112/2014/NĐ-CP - Quy định về quản lý cửa khẩu biên giới đất liền",
            "112/2014/NĐ-CP",
            &[]
        ));
    }
}
