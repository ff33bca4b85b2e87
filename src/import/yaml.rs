//! Writes drafts in the catalogue's YAML layout: the field order a person would use,
//! Vietnamese text as is, comments saying where each value came from.

use super::text::{DeadlineText, slug};
use super::{Case, Doc, Draft, Fees, Legal};
use crate::money::Money;
use crate::vietnamese::squash as comment;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// The ids the drafts share: fields, levels and legal documents, as `catalogue.yaml` declares
/// them.
#[derive(Debug, Default)]
pub struct Catalogue {
    /// Field name → id, in first-seen order of ids.
    fields: BTreeMap<String, String>,
    field_order: Vec<String>,
    /// Level name (lowercase) → (id, name).
    levels: BTreeMap<String, (String, String)>,
    level_order: Vec<String>,
    /// Legal number → id.
    legal_ids: BTreeMap<String, String>,
    legal: Vec<(String, Legal)>,
}

/// Level names the records use, with the ids of the bundled catalogue.
const LEVELS: &[(&str, &str)] = &[
    ("cấp bộ", "ministry"),
    ("cấp tỉnh", "province"),
    ("cấp huyện", "district"),
    ("cấp xã", "commune"),
];

impl Catalogue {
    /// Collects the ids of every draft (deterministic: in the order given).
    pub fn build<'d>(drafts: impl Iterator<Item = &'d Draft>) -> Catalogue {
        let mut c = Catalogue::default();
        let mut used_fields = BTreeSet::new();
        let mut used_legal = BTreeSet::new();
        for d in drafts {
            if !c.fields.contains_key(&d.field) {
                let id = unique(slug(&d.field), &mut used_fields);
                c.fields.insert(d.field.clone(), id);
                c.field_order.push(d.field.clone());
            }
            for l in &d.levels {
                let key = l.trim().to_lowercase();
                if key.is_empty() || c.levels.contains_key(&key) {
                    continue;
                }
                let id = LEVELS
                    .iter()
                    .find(|(n, _)| *n == key)
                    .map_or_else(|| slug(l), |(_, id)| id.to_string());
                c.levels.insert(key.clone(), (id, l.trim().to_string()));
                c.level_order.push(key);
            }
            for g in &d.legal {
                if c.legal_ids.contains_key(&g.number) || slug(&g.number).is_empty() {
                    continue;
                }
                let id = unique(slug(&g.number), &mut used_legal);
                c.legal_ids.insert(g.number.clone(), id.clone());
                c.legal.push((id, g.clone()));
            }
        }
        c
    }

    /// The id of a field name.
    pub fn field_id(&self, name: &str) -> &str {
        &self.fields[name]
    }

    fn level_id(&self, name: &str) -> Option<&str> {
        self.levels
            .get(&name.trim().to_lowercase())
            .map(|(id, _)| id.as_str())
    }

    /// `catalogue.yaml`.
    pub fn manifest(&self) -> String {
        let mut s = String::new();
        s.push_str("# Written by `thutuc import` from national-database records.\n");
        s.push_str(
            "name: { vi: Danh mục thủ tục hành chính (nhập từ Cơ sở dữ liệu quốc gia), en: Administrative procedures (imported from the national database) }\n",
        );
        s.push_str("language: vi\nlevels:\n");
        for key in &self.level_order {
            let (id, name) = &self.levels[key];
            let _ = writeln!(s, "  - {{ id: {id}, name: {{ vi: {} }} }}", q(name));
        }
        s.push_str("fields:\n");
        for name in &self.field_order {
            let _ = writeln!(
                s,
                "  - {{ id: {}, name: {{ vi: {} }} }}",
                self.fields[name],
                q(name)
            );
        }
        if !self.legal.is_empty() {
            s.push_str("legal:\n");
            for (id, l) in &self.legal {
                let _ = writeln!(s, "  - id: {id}");
                let _ = writeln!(s, "    number: {}", q(&l.number));
                let title = if l.title.trim().is_empty() {
                    &l.number
                } else {
                    &l.title
                };
                let _ = writeln!(s, "    title: {{ vi: {} }}", q(title));
                if let Some(d) = l.issued {
                    let _ = writeln!(s, "    issued: {d}");
                }
                if let Some(i) = &l.issuer {
                    let _ = writeln!(s, "    issuer: {}", q(i));
                }
            }
        }
        s
    }

    /// One procedure file.
    pub fn procedure(&self, d: &Draft, source: &Path) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# Imported by `thutuc import` from {}",
            comment(&source.display().to_string())
        );
        let _ = writeln!(s, "code: \"{}\"", d.code);
        let _ = writeln!(s, "name: {}", vi(&d.name));
        let _ = writeln!(s, "field: {}", self.field_id(&d.field));
        let levels: Vec<&str> = d.levels.iter().filter_map(|l| self.level_id(l)).collect();
        let _ = writeln!(s, "levels: [{}]", levels.join(", "));
        if let Some(x) = &d.decision {
            let _ = writeln!(s, "decision: {}", q(x));
        }
        if let Some(x) = &d.kind {
            let _ = writeln!(s, "kind: {}", vi(x));
        }
        if let Some(x) = &d.subjects {
            let _ = writeln!(s, "subjects: {}", vi(x));
        }
        if !d.agencies.is_empty() {
            s.push_str("agencies:\n");
            for (k, v) in &d.agencies {
                let _ = writeln!(s, "  {k}: {}", vi(v));
            }
        }
        let mut basis: Vec<&str> = Vec::new();
        for l in &d.legal {
            if let Some(id) = self.legal_ids.get(&l.number)
                && !basis.contains(&id.as_str())
            {
                basis.push(id);
            }
        }
        if !basis.is_empty() {
            let _ = writeln!(s, "legal_basis: [{}]", basis.join(", "));
        }
        if !d.facts.is_empty() {
            // Facts the fee rules converted from the record's fee texts read.
            s.push_str("facts:\n");
            for f in &d.facts {
                let _ = writeln!(s, "  - id: {}", f.id);
                let _ = writeln!(s, "    type: {}", f.ty.word());
                if let Some((vi_unit, en_unit)) = &f.unit {
                    match en_unit {
                        Some(en) => {
                            let _ =
                                writeln!(s, "    unit: {{ vi: {}, en: {} }}", q(vi_unit), q(en));
                        }
                        None => {
                            let _ = writeln!(s, "    unit: {}", vi(vi_unit));
                        }
                    }
                }
                match f.label_en {
                    Some(en) => {
                        let _ =
                            writeln!(s, "    label: {{ vi: {}, en: {} }}", q(&f.label_vi), q(en));
                    }
                    None => {
                        let _ = writeln!(s, "    label: {}", vi(&f.label_vi));
                    }
                }
            }
        }
        s.push_str("channels:\n");
        for c in &d.channels {
            let why = if c.kind == crate::model::ChannelKind::OnlineFull
                && c.label.trim().eq_ignore_ascii_case("trực tuyến")
            {
                " (full or partial process not stated)"
            } else {
                ""
            };
            let _ = writeln!(
                s,
                "  - channel: {}  # record: “{}”{why}",
                c.kind.id(),
                comment(&c.label)
            );
            match c.deadline {
                DeadlineText::Period(p) => {
                    let _ = writeln!(s, "    deadline: {} {}", p.amount, p.unit.word(p.amount));
                }
                DeadlineText::NotSet => s.push_str("    deadline: unspecified  # không quy định\n"),
                DeadlineText::Unknown => {
                    s.push_str("    deadline: not stated  # the record gives no usable deadline (see the warnings)\n");
                }
            }
            match &c.fees {
                Fees::Unknown => s.push_str("    fees: not stated\n"),
                Fees::Items(items) if items.is_empty() => s.push_str("    fees: []\n"),
                Fees::Items(items) => {
                    s.push_str("    fees:\n");
                    for f in items {
                        let _ = writeln!(s, "      - id: {}", f.id);
                        let _ = writeln!(s, "        name: {}", vi(&f.name));
                        match f.currency {
                            _ if f.rule.is_some() => {
                                let rule = f.rule.as_deref().unwrap_or_default();
                                let _ = writeln!(s, "        amount: {}", q(rule));
                                if let Some(n) = &f.note {
                                    let _ = writeln!(s, "        note: {}", vi(n));
                                }
                            }
                            _ if f.not_stated => {
                                s.push_str("        amount: not stated\n");
                                if let Some(cur) = f.currency {
                                    let _ = writeln!(s, "        currency: {cur}");
                                }
                                if let Some(n) = &f.note {
                                    let _ = writeln!(s, "        note: {}", vi(n));
                                }
                            }
                            None => {
                                let _ = writeln!(s, "        amount: {}", Money(f.amount));
                            }
                            Some(cur) => {
                                let _ = writeln!(s, "        amount: {}", f.amount);
                                let _ = writeln!(s, "        currency: {cur}");
                            }
                        }
                    }
                }
            }
            if let Some(n) = &c.note {
                let _ = writeln!(s, "    note: {}", vi(n));
            }
        }
        if let Some(x) = &d.steps {
            let steps = crate::model::split_steps(x);
            if !steps.is_empty() {
                s.push_str("steps:\n");
                for step in steps {
                    let _ = writeln!(s, "  - {}", vi(&step));
                }
            }
        }
        if !d.documents.is_empty() || !d.cases.is_empty() {
            s.push_str("dossier:\n");
            let mut ids = BTreeSet::new();
            if !d.documents.is_empty() {
                s.push_str("  documents:\n");
                docs(&mut s, &d.documents, "    ", &mut ids);
            }
            if !d.cases.is_empty() {
                s.push_str("  cases:\n");
                let mut case_ids = BTreeSet::new();
                for Case { name, documents } in &d.cases {
                    let id = unique(short_slug(name, "truong-hop"), &mut case_ids);
                    let _ = writeln!(s, "    - id: {id}");
                    let _ = writeln!(s, "      name: {}", vi(name));
                    if documents.is_empty() {
                        s.push_str("      documents: []\n");
                    } else {
                        s.push_str("      documents:\n");
                        docs(&mut s, documents, "        ", &mut ids);
                    }
                }
            }
        }
        if let Some(x) = &d.requirements {
            s.push_str("requirements:\n");
            let _ = writeln!(s, "  - text: {}", vi(x));
        }
        if let Some(x) = &d.result {
            let _ = writeln!(s, "result: {}", vi(x));
        }
        if !d.review.is_empty() {
            // What the import could not prove from the source: the source's text verbatim
            // beside what was written, for an officer to confirm (`validate` lists each).
            s.push_str("review:\n");
            for r in &d.review {
                let _ = writeln!(s, "  - what: {}", both(&r.what));
                let _ = writeln!(s, "    source: {}", q(&r.source));
                let _ = writeln!(s, "    written: {}", both(&r.written));
                let _ = writeln!(s, "    why: {}", both(&r.why));
            }
        }
        if !d.warnings.is_empty() {
            s.push_str("# Import warnings:\n");
            for w in &d.warnings {
                let _ = writeln!(s, "#   {}: {}", w.kind, comment(&w.message.vi));
            }
        }
        s
    }
}

fn docs(s: &mut String, list: &[Doc], indent: &str, ids: &mut BTreeSet<String>) {
    for doc in list {
        let id = unique(short_slug(&doc.name, "giay-to"), ids);
        let _ = writeln!(s, "{indent}- id: {id}");
        let _ = writeln!(s, "{indent}  name: {}", vi(&doc.name));
        let _ = writeln!(s, "{indent}  originals: {}", doc.originals);
        let _ = writeln!(s, "{indent}  copies: {}", doc.copies);
        if let Some(f) = &doc.form {
            let _ = writeln!(s, "{indent}  form: {}", q(f));
        }
    }
}

/// An id from the first words of a name (at most 40 characters), else `fallback`.
fn short_slug(name: &str, fallback: &str) -> String {
    let full = slug(name);
    let mut out = String::new();
    for w in full.split('-') {
        if !out.is_empty() && out.len() + 1 + w.len() > 40 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(w);
    }
    out.truncate(40);
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        fallback.to_string()
    } else {
        out
    }
}

/// `id`, or `id-2`, `id-3`… when taken.
fn unique(id: String, used: &mut BTreeSet<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 1;
    while used.contains(&candidate) {
        n += 1;
        candidate = format!("{id}-{n}");
    }
    used.insert(candidate.clone());
    candidate
}

/// A text in both languages: `{ vi: …, en: … }`.
fn both(t: &crate::diag::Tr) -> String {
    format!("{{ vi: {}, en: {} }}", q(&t.vi), q(&t.en))
}

/// A Vietnamese text: `{ vi: … }`.
fn vi(s: &str) -> String {
    format!("{{ vi: {} }}", q(s))
}

/// A YAML scalar: plain when that reads back as the same text (in block and flow context),
/// else double-quoted.
pub fn q(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.contains(|c: char| c.is_control() || ",[]{}".contains(c))
        && !looks_typed(s);
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).expect("a string serialises")
    }
}

/// Would a YAML reader take this for a number, boolean or null?
fn looks_typed(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    matches!(
        l.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
    ) || s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E' | b'_'))
        || s.starts_with(|c: char| c.is_ascii_digit()) && s.contains(['-', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_quote_only_when_needed() {
        assert_eq!(q("Công an cấp Xã"), "Công an cấp Xã");
        assert_eq!(q("Cấp Bộ, Cấp Tỉnh"), "\"Cấp Bộ, Cấp Tỉnh\"");
        assert_eq!(q("- gạch"), "\"- gạch\"");
        assert_eq!(q("a: b"), "\"a: b\"");
        assert_eq!(q("dòng 1\ndòng 2"), "\"dòng 1\\ndòng 2\"");
        assert_eq!(q("2016"), "\"2016\"");
        assert_eq!(q("yes"), "\"yes\"");
        assert_eq!(q("2025-01-01"), "\"2025-01-01\"");
        assert_eq!(q(""), "\"\"");
    }

    #[test]
    fn ids_are_short_and_unique() {
        let mut used = BTreeSet::new();
        assert_eq!(unique("a".into(), &mut used), "a");
        assert_eq!(unique("a".into(), &mut used), "a-2");
        assert_eq!(short_slug("Đơn đề nghị", "x"), "don-de-nghi");
        assert_eq!(short_slug("…", "x"), "x");
        assert!(short_slug(&"dài ".repeat(50), "x").len() <= 40);
    }
}
