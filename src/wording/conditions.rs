//! Conditions in words, from what authors wrote for each value of a fact.
//!
//! A condition is never negated by rewriting a sentence: Vietnamese does not negate by a
//! prefix ("Đã nộp A hoặc B" is not negated by "chưa nộp A hoặc B"). `not` is pushed down to
//! the facts by logic alone (De Morgan, the inverse comparison, the other values of an enum),
//! and each fact then reads as its author worded that value (`value_labels:`, `true` and
//! `false` for a yes/no fact). A value without a wording shows the fact's label with the value
//! ("Đã nộp bản điện tử Giấy báo tử …: không"), the data as written; `validate` warns about it
//! ([`crate::model::missing_wordings`]).

use super::{Refs, lit_words, t};
use crate::diag::Lang;
use crate::model::{ChannelKind, FactDecl, Procedure};
use crate::rules::Type;
use crate::rules::ast::{CmpOp, Expr, Lit, Pos};

/// A condition in words.
pub fn cond(e: &Expr, p: &Procedure, refs: &Refs<'_>) -> String {
    words(e, false, &p.facts, refs, false)
}

/// `e` (or its negation when `neg`) in words; `nested` puts a list of the other connective in
/// parentheses, so that "A và (B hoặc C)" cannot be read the other way.
fn words(e: &Expr, neg: bool, own: &[FactDecl], refs: &Refs<'_>, nested: bool) -> String {
    let lang = refs.lang;
    match e {
        Expr::Not(inner, _) => words(inner, !neg, own, refs, nested),
        Expr::And(v, _) | Expr::Or(v, _) => {
            // not (a and b) = not a or not b; not (a or b) = not a and not b.
            let and = matches!(e, Expr::And(..)) != neg;
            let joined = v
                .iter()
                .map(|x| words(x, neg, own, refs, true))
                .collect::<Vec<_>>()
                .join(if and {
                    t(lang, " và ", " and ")
                } else {
                    t(lang, " hoặc ", " or ")
                });
            if nested && v.len() > 1 {
                format!("({joined})")
            } else {
                joined
            }
        }
        Expr::Fact(f, _) => fact_is(f, !neg, own, refs),
        Expr::Cmp(a, op, b, _) => {
            let op = if neg { inverse(*op) } else { *op };
            match (&**a, &**b) {
                (Expr::Fact(f, _), Expr::Lit(l, _)) => compare(f, op, l, own, refs),
                _ => as_written(e, neg),
            }
        }
        Expr::In(a, values, _) => match &**a {
            Expr::Fact(f, _) => one_of(f, values, neg, own, refs),
            _ => as_written(e, neg),
        },
        Expr::Lit(..) => as_written(e, neg),
    }
}

/// A fact's declaration: the procedure's own, else the catalogue's.
fn decl<'a>(own: &'a [FactDecl], refs: &Refs<'a>, f: &str) -> Option<&'a FactDecl> {
    own.iter()
        .chain(refs.manifest.facts.iter())
        .find(|d| d.id.as_str() == f)
}

/// A fact's label; the built-in facts have the names the law gives them.
fn label<'a>(own: &'a [FactDecl], refs: &Refs<'a>, f: &'a str) -> &'a str {
    match decl(own, refs, f) {
        Some(d) => d.label.get(refs.lang),
        None => match f {
            "received" => t(refs.lang, "ngày tiếp nhận hồ sơ", "date of receipt"),
            "channel" => t(refs.lang, "cách thức nộp hồ sơ", "channel"),
            _ => f,
        },
    }
}

/// A shape no wording covers reads as the rule was written.
fn as_written(e: &Expr, neg: bool) -> String {
    if neg {
        format!("not ({e})")
    } else {
        e.to_string()
    }
}

fn inverse(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Ge => CmpOp::Lt,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Le,
    }
}

/// The words of "yes" or "no" when a fact has no wording for the value.
fn yes_no(value: bool, lang: Lang) -> &'static str {
    if value {
        t(lang, "có", "yes")
    } else {
        t(lang, "không", "no")
    }
}

/// A yes/no fact having one value: the author's wording of that value, else the label with
/// the value.
fn fact_is(f: &str, value: bool, own: &[FactDecl], refs: &Refs<'_>) -> String {
    let lang = refs.lang;
    // The built-in `online` is worded here, once, for both values.
    if f == "online" {
        return if value {
            t(lang, "nộp hồ sơ trực tuyến", "submitted online")
        } else {
            t(
                lang,
                "nộp hồ sơ không qua hình thức trực tuyến",
                "not submitted online",
            )
        }
        .into();
    }
    let key = if value { "true" } else { "false" };
    match decl(own, refs, f) {
        Some(d) => match d.wording(key, lang) {
            Some(w) => w.to_string(),
            None => format!("{}: {}", d.label.get(lang), yes_no(value, lang)),
        },
        None => format!("{}: {}", label(own, refs, f), yes_no(value, lang)),
    }
}

/// The values of an enum fact other than `except`, as their authors worded them.
fn others<'a>(d: &'a FactDecl, except: &[&str], lang: Lang) -> Option<Vec<&'a str>> {
    match &d.ty {
        Type::Enum(values) => Some(
            values
                .iter()
                .filter(|v| !except.contains(&v.as_str()))
                .map(|v| d.value_words(v, lang))
                .collect(),
        ),
        _ => None,
    }
}

/// "A, B hoặc C".
fn alternatives(v: &[&str], lang: Lang) -> String {
    match v {
        [] => t(lang, "không giá trị nào", "no value").into(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), t(lang, "hoặc", "or")),
    }
}

fn compare(f: &str, op: CmpOp, l: &Lit, own: &[FactDecl], refs: &Refs<'_>) -> String {
    let lang = refs.lang;
    let label = label(own, refs, f);
    match (op, l) {
        (CmpOp::Eq, Lit::Bool(b)) => fact_is(f, *b, own, refs),
        (CmpOp::Ne, Lit::Bool(b)) => fact_is(f, !*b, own, refs),
        (CmpOp::Eq | CmpOp::Ne, Lit::Text(v)) if f == "channel" => {
            let kinds: Vec<ChannelKind> = match (op, ChannelKind::parse(v)) {
                (CmpOp::Eq, Some(k)) => vec![k],
                (_, Some(k)) => ChannelKind::ALL.into_iter().filter(|c| *c != k).collect(),
                (_, None) => return as_written(&cmp_expr(f, op, l), false),
            };
            let names: Vec<String> = kinds.iter().map(|c| c.label(lang).to_lowercase()).collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            format!(
                "{} {}",
                t(lang, "nộp hồ sơ theo cách thức", "submitted"),
                alternatives(&names, lang)
            )
        }
        (CmpOp::Eq, Lit::Text(v)) => format!(
            "{label}: {}",
            decl(own, refs, f).map_or(v.as_str(), |d| d.value_words(v, lang))
        ),
        (CmpOp::Ne, Lit::Text(v)) => {
            match decl(own, refs, f).and_then(|d| others(d, &[v.as_str()], lang)) {
                Some(rest) => format!("{label}: {}", alternatives(&rest, lang)),
                // A free text compared: the comparison, not a sentence, is negated.
                None => format!("{label}: {} {v}", t(lang, "khác", "other than")),
            }
        }
        (op, l) => {
            let w = match op {
                CmpOp::Eq => t(lang, "là", "is"),
                CmpOp::Ne => t(lang, "khác", "other than"),
                CmpOp::Lt => t(lang, "dưới", "below"),
                CmpOp::Le => t(lang, "không quá", "at most"),
                CmpOp::Gt => t(lang, "trên", "above"),
                CmpOp::Ge => t(lang, "từ", "at least"),
            };
            format!("{label}: {w} {}", lit_words(l, lang))
        }
    }
}

fn cmp_expr(f: &str, op: CmpOp, l: &Lit) -> Expr {
    Expr::Cmp(
        Box::new(Expr::Fact(f.into(), Pos::default())),
        op,
        Box::new(Expr::Lit(l.clone(), Pos::default())),
        Pos::default(),
    )
}

fn one_of(f: &str, values: &[(Lit, Pos)], neg: bool, own: &[FactDecl], refs: &Refs<'_>) -> String {
    let lang = refs.lang;
    let label = label(own, refs, f);
    let listed: Vec<&str> = values
        .iter()
        .filter_map(|(l, _)| match l {
            Lit::Text(v) => Some(v.as_str()),
            _ => None,
        })
        .collect();
    if neg {
        if listed.len() == values.len()
            && let Some(rest) = decl(own, refs, f).and_then(|d| others(d, &listed, lang))
        {
            return format!("{label}: {}", alternatives(&rest, lang));
        }
        let shown: Vec<String> = values.iter().map(|(l, _)| value(f, l, own, refs)).collect();
        let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
        return format!(
            "{label}: {} {}",
            t(lang, "khác", "other than"),
            alternatives(&shown, lang)
        );
    }
    let shown: Vec<String> = values.iter().map(|(l, _)| value(f, l, own, refs)).collect();
    let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
    format!("{label}: {}", alternatives(&shown, lang))
}

fn value(f: &str, l: &Lit, own: &[FactDecl], refs: &Refs<'_>) -> String {
    match l {
        Lit::Text(v) => decl(own, refs, f)
            .map_or(v.as_str(), |d| d.value_words(v, refs.lang))
            .to_string(),
        l => lit_words(l, refs.lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Manifest, Sp, Text};
    use crate::rules::parse::{Origin, condition};

    fn text(vi: &str, en: &str) -> Text {
        Text {
            vi: vi.into(),
            en: Some(en.into()),
        }
    }

    fn fact(id: &str, ty: Type, label: &str, words: &[(&str, &str)]) -> FactDecl {
        FactDecl {
            id: Sp::bare(id.into()),
            ty,
            label: text(label, label),
            unit: None,
            default: None,
            value_labels: words
                .iter()
                .map(|(v, w)| (crate::shape::Str::from(*v), text(w, &format!("en: {w}"))))
                .collect(),
        }
    }

    /// 1.000419's facts: one worded by its author, one not, an enum.
    fn facts() -> Vec<FactDecl> {
        vec![
            fact(
                "death_notice_electronic",
                Type::Bool,
                "Đã nộp bản điện tử Giấy báo tử hoặc cơ quan đăng ký khai thác được dữ liệu điện tử của Giấy báo tử",
                &[
                    (
                        "true",
                        "người yêu cầu đã nộp bản điện tử Giấy báo tử hoặc cơ quan đăng ký hộ tịch đã khai thác được dữ liệu",
                    ),
                    (
                        "false",
                        "người yêu cầu không nộp bản điện tử Giấy báo tử và cơ quan đăng ký hộ tịch không khai thác được dữ liệu",
                    ),
                ],
            ),
            fact("exempt", Type::Bool, "Thuộc diện miễn lệ phí", &[]),
            fact(
                "case",
                Type::Enum(vec!["own".into(), "rented".into(), "family".into()]),
                "Trường hợp đăng ký",
                &[
                    ("own", "chỗ ở của mình"),
                    ("rented", "chỗ ở thuê"),
                    ("family", "chỗ ở của người thân"),
                ],
            ),
            fact("pages", Type::Count, "Số trang", &[]),
        ]
    }

    fn say(rule: &str, lang: Lang) -> String {
        let m = Manifest::default();
        let refs = Refs::new(&m, None, lang);
        let e = condition(rule, &Origin::detached()).expect("a valid rule");
        words(&e, false, &facts(), &refs, false)
    }

    /// The known bad case: `not death_notice_electronic` reads as its author worded "no",
    /// never "chưa nộp … hoặc …" made by rewriting the label.
    #[test]
    fn a_negated_fact_reads_as_its_author_worded_no() {
        let s = say("not death_notice_electronic", Lang::Vi);
        assert_eq!(
            s,
            "người yêu cầu không nộp bản điện tử Giấy báo tử và cơ quan đăng ký hộ tịch không khai thác được dữ liệu"
        );
        assert!(!s.contains("chưa"), "{s}");
        assert_eq!(
            say("death_notice_electronic", Lang::Vi),
            "người yêu cầu đã nộp bản điện tử Giấy báo tử hoặc cơ quan đăng ký hộ tịch đã khai thác được dữ liệu"
        );
        assert!(
            say("not death_notice_electronic", Lang::En).starts_with("en: người yêu cầu không")
        );
        // `== false`, `!= true` and a double negation read the same.
        for r in [
            "death_notice_electronic == false",
            "death_notice_electronic != true",
            "not not not death_notice_electronic",
        ] {
            assert_eq!(
                say(r, Lang::Vi),
                say("not death_notice_electronic", Lang::Vi),
                "{r}"
            );
        }
    }

    /// Without the author's wording the label is shown with the value, in both languages.
    #[test]
    fn a_fact_without_wording_shows_its_label_and_value() {
        assert_eq!(say("not exempt", Lang::Vi), "Thuộc diện miễn lệ phí: không");
        assert_eq!(say("exempt", Lang::Vi), "Thuộc diện miễn lệ phí: có");
        assert_eq!(say("not exempt", Lang::En), "Thuộc diện miễn lệ phí: no");
        assert_eq!(say("not undeclared", Lang::Vi), "undeclared: không");
    }

    /// Each rule reads as given, in Vietnamese.
    #[track_caller]
    fn reads(cases: &[(&str, &str)]) {
        for (rule, want) in cases {
            assert_eq!(say(rule, Lang::Vi), *want, "{rule}");
        }
    }

    /// `not` over `and`/`or` is pushed to the facts by De Morgan; a nested list of the other
    /// connective is bracketed.
    #[test]
    fn negation_is_pushed_down_by_logic() {
        reads(&[
            (
                "not (exempt or death_notice_electronic)",
                "Thuộc diện miễn lệ phí: không và người yêu cầu không nộp bản điện tử Giấy báo tử và cơ quan đăng ký hộ tịch không khai thác được dữ liệu",
            ),
            (
                "not (exempt and pages > 2)",
                "Thuộc diện miễn lệ phí: không hoặc Số trang: không quá 2",
            ),
            (
                "exempt and (pages < 3 or pages >= 10)",
                "Thuộc diện miễn lệ phí: có và (Số trang: dưới 3 hoặc Số trang: từ 10)",
            ),
        ]);
    }

    /// An enum compared away from a value lists its other values as their authors worded
    /// them.
    #[test]
    fn an_enum_not_equal_lists_the_other_values() {
        reads(&[
            ("case == \"own\"", "Trường hợp đăng ký: chỗ ở của mình"),
            (
                "case != \"own\"",
                "Trường hợp đăng ký: chỗ ở thuê hoặc chỗ ở của người thân",
            ),
            (
                "not (case in [\"own\", \"rented\"])",
                "Trường hợp đăng ký: chỗ ở của người thân",
            ),
            (
                "case in [\"own\", \"rented\"]",
                "Trường hợp đăng ký: chỗ ở của mình hoặc chỗ ở thuê",
            ),
        ]);
    }

    /// The built-in facts: the channel by its names, `online` worded for both values.
    #[test]
    fn built_in_facts() {
        reads(&[
            (
                "channel == \"direct\"",
                "nộp hồ sơ theo cách thức trực tiếp",
            ),
            (
                "channel != \"direct\"",
                "nộp hồ sơ theo cách thức dịch vụ bưu chính, trực tuyến toàn trình hoặc trực tuyến một phần",
            ),
        ]);
        assert_eq!(say("online", Lang::Vi), "nộp hồ sơ trực tuyến");
        assert_eq!(
            say("not online", Lang::Vi),
            "nộp hồ sơ không qua hình thức trực tuyến"
        );
    }
}
