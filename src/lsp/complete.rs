//! Completion: keys from the file's shape, ids the catalogue declares (facts, documents,
//! fees, acts, fields, levels, procedure codes, channels), enum values, and the words of
//! the rule language inside rule strings such as `when:`.

use super::spot::{Spot, unquoted};
use super::{FileKind, Known};
use crate::diag::Lang;
use crate::model::{ChannelKind, FactDecl};
use crate::rules::Type;
use crate::shape::{Kind, Shape};
use lsp_types::{CompletionItem, CompletionItemKind};

/// Words of the rule language (grammar/rules.pest), offered inside rules.
pub const KEYWORDS: &[&str] = &[
    "and",
    "or",
    "not",
    "in",
    "true",
    "false",
    "when",
    "else",
    "working days",
    "days",
    "hours",
    "months",
    "per",
    "at least",
    "at most",
    "from",
    "to",
    "until",
    "off",
    "waive",
    "all",
    "set by the province",
    "not stated",
    "unspecified",
    "rounded up",
    "rounded down",
    "rounded half up",
];

/// Facts every rule can read without declaring them.
const BUILTINS: &[(&str, &str, &str)] = &[
    (
        "channel",
        "cách thức nộp hồ sơ",
        "the channel of submission",
    ),
    ("online", "nộp trực tuyến", "submitted online"),
    ("received", "ngày nhận hồ sơ", "the date of receipt"),
];

/// One completion: what is inserted, its kind and a word about it.
pub struct Item {
    /// The text inserted.
    pub insert: String,
    /// What the list shows.
    pub label: String,
    /// The kind of thing.
    pub kind: CompletionItemKind,
    /// A word about it (its Vietnamese name).
    pub detail: Option<String>,
}

impl Item {
    fn new(label: &str, kind: CompletionItemKind, detail: Option<String>) -> Item {
        Item {
            insert: label.to_string(),
            label: label.to_string(),
            kind,
            detail,
        }
    }

    /// As LSP has it; `replace` is the range of what is typed already.
    pub fn lsp(self, replace: lsp_types::Range) -> CompletionItem {
        CompletionItem {
            label: self.label.clone(),
            kind: Some(self.kind),
            detail: self.detail,
            filter_text: Some(self.label),
            text_edit: Some(lsp_types::CompletionTextEdit::Edit(lsp_types::TextEdit {
                range: replace,
                new_text: self.insert,
            })),
            ..CompletionItem::default()
        }
    }
}

/// The shape a file of this kind has.
fn root(kind: FileKind) -> Option<&'static Shape> {
    Some(match kind {
        FileKind::Procedure => &crate::catalogue::read::PROCEDURE,
        FileKind::Manifest => &crate::catalogue::read::MANIFEST,
        FileKind::Overlay => &crate::province::PROVINCE,
        FileKind::Test => &crate::scenarios::FILE,
        FileKind::Calendar => &crate::calendar::data::YEAR,
        FileKind::Other => return None,
    })
}

/// The object shape a value of this kind holds (through lists).
fn object(k: &'static Kind) -> Option<&'static Shape> {
    match k {
        Kind::Obj(s) => Some(s),
        Kind::List(k) | Kind::ListOr(k, _) => object(k),
        Kind::Text => Some(&crate::shape::TEXT),
        _ => None,
    }
}

/// The kind of the value at `path` under `shape`.
fn kind_at(shape: &'static Shape, path: &[String]) -> Option<&'static Kind> {
    let (first, rest) = path.split_first()?;
    let f = shape.fields.iter().find(|f| f.key == first)?;
    let mut k = &f.kind;
    let mut rest = rest;
    loop {
        match (k, rest.split_first()) {
            (_, None) => return Some(k),
            (Kind::Map(inner), Some((_, r))) => {
                k = inner;
                rest = r;
            }
            (Kind::List(inner) | Kind::ListOr(inner, _), _) if !matches!(inner, Kind::Obj(_)) => {
                k = inner;
            }
            (_, Some(_)) => return kind_at(object(k)?, rest),
        }
    }
}

/// The element kind of a list kind.
fn element(k: &'static Kind) -> &'static Kind {
    match k {
        Kind::List(k) | Kind::ListOr(k, _) => element(k),
        k => k,
    }
}

fn keys(shape: &'static Shape, lang: Lang) -> Vec<Item> {
    shape
        .fields
        .iter()
        .map(|f| Item {
            insert: format!("{}: ", f.key),
            label: f.key.to_string(),
            kind: CompletionItemKind::PROPERTY,
            detail: Some(crate::catalogue::schema::key_doc(shape.name, f.key, f.doc, lang).into()),
        })
        .collect()
}

/// The completions at a spot.
pub fn items(spot: &Spot, k: &Known<'_>) -> Vec<Item> {
    let Some(shape) = root(k.kind) else {
        return Vec::new();
    };
    match spot {
        Spot::Key { path, .. } => {
            if path.is_empty() {
                return keys(shape, k.lang);
            }
            match kind_at(shape, path).and_then(object) {
                Some(s) => keys(s, k.lang),
                // `facts: { … }` of a scenario: the facts the procedure reads.
                None if path.last().is_some_and(|p| p == "facts") => fact_ids(k, false),
                None => Vec::new(),
            }
        }
        Spot::Value { path, key, before } => {
            let mut full = path.clone();
            full.push(key.clone());
            let Some(kind) = kind_at(shape, &full) else {
                if path.last().is_some_and(|p| p == "facts") {
                    return k.fact(key).map(fact_values).unwrap_or_default();
                }
                return Vec::new();
            };
            let quoted = before.starts_with('"') || before.starts_with('\'');
            match element(kind) {
                Kind::Obj(s) => keys(s, k.lang),
                Kind::OneOf(words) => words
                    .iter()
                    .map(|w| Item::new(w, CompletionItemKind::ENUM_MEMBER, channel_name(w, k.lang)))
                    .collect(),
                Kind::Bool => bools(k.lang),
                Kind::Rule(_) => rule(unquoted(before), key, k),
                Kind::CountOr(words) => words
                    .iter()
                    .map(|w| Item::new(w, CompletionItemKind::CONSTANT, None))
                    .collect(),
                _ => ids(key, path, quoted, k),
            }
        }
    }
}

fn bools(lang: Lang) -> Vec<Item> {
    [("true", "có", "yes"), ("false", "không", "no")]
        .iter()
        .map(|(w, vi, en)| {
            Item::new(
                w,
                CompletionItemKind::CONSTANT,
                Some(crate::messages::t(lang, vi, en).into()),
            )
        })
        .collect()
}

fn channel_name(id: &str, lang: Lang) -> Option<String> {
    ChannelKind::parse(id).map(|c| c.label(lang).to_string())
}

/// Ids by the key that holds them.
fn ids(key: &str, path: &[String], quoted: bool, k: &Known<'_>) -> Vec<Item> {
    let m = k.manifest;
    let lang = k.lang;
    let named = |v: &[crate::model::Named]| -> Vec<Item> {
        v.iter()
            .map(|n| {
                Item::new(
                    &n.id,
                    CompletionItemKind::ENUM_MEMBER,
                    Some(n.name.get(lang).into()),
                )
            })
            .collect()
    };
    match key {
        "field" | "fields" => named(&m.fields),
        "levels" | "level" => named(&m.levels),
        "legal_basis" | "basis" => m
            .legal
            .iter()
            .map(|l| {
                Item::new(
                    &l.id,
                    CompletionItemKind::REFERENCE,
                    Some(crate::wording::acts::citation(l, lang)),
                )
            })
            .collect(),
        "channel" => ChannelKind::ALL
            .iter()
            .map(|c| {
                Item::new(
                    c.id(),
                    CompletionItemKind::ENUM_MEMBER,
                    Some(c.label(lang).into()),
                )
            })
            .collect(),
        "code" | "procedure" => k
            .procedures
            .iter()
            .map(|p| {
                let mut i = Item::new(
                    &p.code,
                    CompletionItemKind::VALUE,
                    Some(p.name.get(lang).into()),
                );
                if !quoted {
                    i.insert = format!("\"{}\"", p.code.as_str());
                }
                i
            })
            .collect(),
        // An overlay's fee names a fee of the national procedure; a scenario's documents
        // are the procedure's.
        "id" if path.last().is_some_and(|p| p == "fees") && k.kind == FileKind::Overlay => {
            fee_ids(k)
        }
        "fee" | "fees" => fee_ids(k),
        "documents" => k
            .this
            .map(|p| {
                p.all_documents()
                    .map(|d| {
                        Item::new(
                            &d.id,
                            CompletionItemKind::VALUE,
                            Some(d.name.get(lang).into()),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn fee_ids(k: &Known<'_>) -> Vec<Item> {
    let Some(p) = k.this else { return Vec::new() };
    let mut seen = std::collections::HashSet::new();
    p.channels
        .iter()
        .flat_map(|c| c.fees.iter())
        .filter(|f| seen.insert(f.id.value.clone()))
        .map(|f| {
            Item::new(
                &f.id,
                CompletionItemKind::VALUE,
                Some(f.name.get(k.lang).into()),
            )
        })
        .collect()
}

/// The facts a rule of this file can read: the procedure's, the catalogue's shared ones,
/// and (in rules) the built-in ones.
fn fact_ids(k: &Known<'_>, builtins: bool) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    let own = k.this.map(|p| p.facts.as_slice()).unwrap_or_default();
    for f in own.iter().chain(k.manifest.facts.iter()) {
        if out.iter().any(|i| i.label == f.id.as_str()) {
            continue;
        }
        out.push(Item::new(
            &f.id,
            CompletionItemKind::VARIABLE,
            Some(f.label.get(k.lang).into()),
        ));
    }
    if builtins {
        for (id, vi, en) in BUILTINS {
            out.push(Item::new(
                id,
                CompletionItemKind::VARIABLE,
                Some(crate::messages::t(k.lang, vi, en).into()),
            ));
        }
    }
    out
}

fn fact_values(f: &FactDecl) -> Vec<Item> {
    match &f.ty {
        Type::Bool => bools(crate::diag::Lang::Vi),
        Type::Enum(values) => values
            .iter()
            .map(|v| {
                Item::new(
                    v,
                    CompletionItemKind::ENUM_MEMBER,
                    Some(f.value_words(v, crate::diag::Lang::Vi).into()),
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Inside a rule: after `fact ==` or `fact in [`, the fact's values; else facts and words.
fn rule(before: &str, key: &str, k: &Known<'_>) -> Vec<Item> {
    let typed = before
        .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        .len();
    let head = &before[..typed];
    let open = head.ends_with('"');
    let head = head.trim_end_matches('"').trim_end();
    if let Some(fact) = compared(head) {
        let values: Vec<(String, Option<String>)> = if fact == "channel" {
            ChannelKind::ALL
                .iter()
                .map(|c| (c.id().to_string(), Some(c.label(k.lang).to_string())))
                .collect()
        } else {
            match k.fact(fact).map(|f| (&f.ty, f)) {
                Some((Type::Enum(vs), f)) => vs
                    .iter()
                    .map(|v| (v.clone(), Some(f.value_words(v, k.lang).to_string())))
                    .collect(),
                _ => Vec::new(),
            }
        };
        return values
            .into_iter()
            .map(|(v, detail)| {
                let mut i = Item::new(&v, CompletionItemKind::ENUM_MEMBER, detail);
                if !open {
                    i.insert = format!("\"{v}\"");
                }
                i
            })
            .collect();
    }
    let mut out = fact_ids(k, true);
    if key == "rule" {
        out.extend(fee_ids(k));
    }
    out.extend(
        KEYWORDS
            .iter()
            .map(|w| Item::new(w, CompletionItemKind::KEYWORD, None)),
    );
    out
}

/// The fact a rule compares just before the cursor: `x ==`, `x !=`, `x in [a, `.
fn compared(head: &str) -> Option<&str> {
    let ident_before = |s: &str| -> Option<usize> {
        let s = s.trim_end();
        let start = s
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        (start < s.len()).then_some(start)
    };
    if let Some(h) = head.strip_suffix("==").or_else(|| head.strip_suffix("!=")) {
        let h = h.trim_end();
        return ident_before(h).map(|i| &h[i..]);
    }
    // Inside `in [ … `: the list is still open.
    let open = head.rfind('[')?;
    if head[open..].contains(']') {
        return None;
    }
    let h = head[..open].trim_end();
    let h = h.strip_suffix("in")?.trim_end();
    let h = h.strip_suffix("not").map_or(h, str::trim_end);
    ident_before(h).map(|i| &h[i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fact_compared() {
        assert_eq!(compared("residence_type =="), Some("residence_type"));
        assert_eq!(compared("a and channel !="), Some("channel"));
        assert_eq!(compared("kind in [\"a\", "), Some("kind"));
        assert_eq!(compared("kind not in ["), Some("kind"));
        assert_eq!(compared("kind in [\"a\"] and"), None);
        assert_eq!(compared("not fee_exempt"), None);
    }

    #[test]
    fn keywords_are_words_of_the_grammar() {
        let grammar = include_str!("../../grammar/rules.pest");
        for k in KEYWORDS {
            // Units are written in the singular there (`"working day" ~ "s"?`).
            let w = match *k {
                "working days" | "days" | "hours" | "months" => &k[..k.len() - 1],
                k => k,
            };
            assert!(
                grammar.contains(&format!("\"{w}")),
                "{w} is not in the grammar"
            );
        }
    }
}
