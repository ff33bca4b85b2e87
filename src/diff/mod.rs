//! Semantic diff of two catalogues: procedures added, removed and amended, with typed changes
//! matched by identity (codes, channel kinds, document and fee ids), never by position.

pub mod acts;
pub mod labels;
pub mod render;

use crate::model::*;
use crate::money::Money;
use crate::rules::Deadline;
use crate::shape::Str;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// What happened at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Something new.
    Added,
    /// Something gone.
    Removed,
    /// A value that changed.
    Changed,
}

/// One typed change inside a procedure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// Where, e.g. `channels[direct].fees[le-phi].amount`.
    pub path: String,
    /// What happened.
    pub kind: Kind,
    /// The value before, as text.
    pub before: Option<String>,
    /// The value after, as text.
    pub after: Option<String>,
    /// A relative change such as `-50%`, for amounts and counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<String>,
    /// Whether the value is long text (shown with a word diff).
    #[serde(skip)]
    pub long_text: bool,
    /// The path in legal words, in both languages (filled by [`labels::describe`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// The value before in words ("20.000 đồng"), where its kind is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_words: Option<Text>,
    /// The value after in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_words: Option<Text>,
}

/// A procedure in a list of added or removed ones.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    /// Code.
    pub code: String,
    /// Vietnamese name.
    pub name: String,
    /// For a procedure abolished by a record (`abolished:`): the act that abolished it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abolished_by: Option<String>,
    /// The act behind it, or why none is needed, in words ([`acts::annotate`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<acts::Note>,
}

/// An amended procedure with its changes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Amended {
    /// Code.
    pub code: String,
    /// Vietnamese name (after).
    pub name: String,
    /// Typed changes, most important first.
    pub changes: Vec<Change>,
    /// The acts behind the changes, the editorial ones and those no act accounts for, in
    /// words ([`acts::annotate`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<acts::Note>,
}

/// A fact's type as a declaration writes it: `number`, `enum: own_home, vehicle`.
fn type_text(t: &crate::rules::Type) -> String {
    match t {
        crate::rules::Type::Enum(values) => format!("enum: {}", values.join(", ")),
        t => t.name().to_string(),
    }
}

/// The difference between two catalogues.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CatalogueDiff {
    /// New procedures.
    pub added: Vec<Entry>,
    /// Abolished procedures.
    pub removed: Vec<Entry>,
    /// Amended procedures.
    pub amended: Vec<Amended>,
}

impl CatalogueDiff {
    /// True when nothing differs.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.amended.is_empty()
    }
}

/// Compares two sets of procedures by code.
pub fn catalogues<'a>(
    before: impl IntoIterator<Item = &'a Procedure>,
    after: impl IntoIterator<Item = &'a Procedure>,
) -> CatalogueDiff {
    let a: BTreeMap<&str, &Procedure> = before.into_iter().map(|p| (p.code.as_str(), p)).collect();
    let b: BTreeMap<&str, &Procedure> = after.into_iter().map(|p| (p.code.as_str(), p)).collect();
    let mut d = CatalogueDiff::default();
    let mut pairs = Vec::new();
    for (code, p) in &b {
        let old = a.get(code).copied();
        // A recorded abolition makes the procedure removed, though its file stays; one
        // abolished on both sides has nothing new to say.
        if acts::newly_abolished(old, p) {
            d.removed.push(entry(p));
            continue;
        }
        match old {
            Some(old) if old.is_abolished() && p.is_abolished() => {}
            Some(old) if old.is_abolished() => d.added.push(entry(p)),
            None => d.added.push(entry(p)),
            Some(old) => pairs.push((*code, old, *p)),
        }
    }
    // Amendments are independent of each other; word diffs of long texts make them worth
    // spreading over the cores.
    d.amended = pairs
        .into_par_iter()
        .filter_map(|(code, old, p)| {
            let changes = procedure(old, p);
            (!changes.is_empty()).then(|| Amended {
                code: code.to_string(),
                name: p.name.vi.to_string(),
                changes,
                notes: Vec::new(),
            })
        })
        .collect();
    for (code, p) in &a {
        // The file of a procedure abolished before may go: its abolition was published.
        if !b.contains_key(code) && !p.is_abolished() {
            d.removed.push(entry(p));
        }
    }
    d
}

/// What province overlays change between two revisions: each overlay of the newer side is
/// applied, old and new, to the same national procedure, so a changed tier price, cap or rate
/// set by the province shows under the province's copy of the procedure (national changes are
/// reported once, by [`catalogues`]), named in legal words with the province's resolutions.
pub fn provinces(
    before: &[crate::province::Province],
    after: &[crate::province::Province],
    national_before: &[Procedure],
    national_after: &[Procedure],
    manifest: &crate::model::Manifest,
) -> CatalogueDiff {
    use crate::province::apply;
    let mut all = CatalogueDiff::default();
    for pb in after {
        let Some(pa) = before.iter().find(|p| p.id.as_str() == pb.id.as_str()) else {
            continue;
        };
        let mut codes: Vec<&str> = pa
            .procedures
            .iter()
            .chain(&pb.procedures)
            .map(|l| l.code.as_str())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        let mut d = CatalogueDiff::default();
        let (mut xa, mut xb) = (Vec::new(), Vec::new());
        for code in codes {
            let Some(n) = national_after
                .iter()
                .chain(national_before)
                .find(|n| n.code.as_str() == code)
            else {
                continue;
            };
            let (x, y) = (apply(pa, n), apply(pb, n));
            let changes = procedure(&x, &y);
            if !changes.is_empty() {
                d.amended.push(Amended {
                    code: y.code.value.to_string(),
                    name: format!("{} — {}", pb.name.vi, y.name.vi),
                    changes,
                    notes: Vec::new(),
                });
                xa.push(x);
                xb.push(y);
            }
        }
        labels::describe_in(&mut d, &xa, &xb, manifest, Some(pb));
        all.amended.extend(d.amended);
    }
    all
}

fn entry(p: &Procedure) -> Entry {
    Entry {
        code: p.code.value.to_string(),
        name: p.name.vi.to_string(),
        abolished_by: p.abolished.as_ref().map(|x| x.by.value.to_string()),
        note: None,
    }
}

/// Percentage change from `a` to `b`, rounded to a whole percent; `None` when `a` is zero.
pub fn pct(a: i128, b: i128) -> Option<String> {
    if a == 0 || a == b {
        return None;
    }
    let num = (b - a) * 100;
    // Round half away from zero, in integers.
    let q = (num * 2 + a.signum() * num.signum() * a.abs()) / (2 * a.abs());
    let q = if a < 0 { -q } else { q };
    Some(format!("{}{q}%", if q > 0 { "+" } else { "" }))
}

struct Out {
    changes: Vec<Change>,
}

impl Out {
    fn push(&mut self, path: String, kind: Kind, before: Option<String>, after: Option<String>) {
        self.changes.push(Change {
            path,
            kind,
            before,
            after,
            delta: None,
            long_text: false,
            label: None,
            before_words: None,
            after_words: None,
        });
    }

    fn value(&mut self, path: impl Into<String>, a: Option<String>, b: Option<String>) {
        if a == b {
            return;
        }
        let kind = match (&a, &b) {
            (None, _) => Kind::Added,
            (_, None) => Kind::Removed,
            _ => Kind::Changed,
        };
        self.push(path.into(), kind, a, b);
    }

    fn text(&mut self, path: &str, a: Option<&Text>, b: Option<&Text>) {
        // Most texts are unchanged: compare before building paths and copies.
        if a == b {
            return;
        }
        let long = |t: Option<&Text>| t.is_some_and(|t| t.vi.chars().count() > 60);
        let is_long = long(a) || long(b);
        let start = self.changes.len();
        self.value(
            format!("{path}.vi"),
            a.map(|t| t.vi.to_string()),
            b.map(|t| t.vi.to_string()),
        );
        self.value(
            format!("{path}.en"),
            a.and_then(|t| t.en.as_deref().map(str::to_string)),
            b.and_then(|t| t.en.as_deref().map(str::to_string)),
        );
        for c in &mut self.changes[start..] {
            c.long_text = is_long;
        }
    }

    fn count(&mut self, path: &str, a: u64, b: u64) {
        if a != b {
            self.changes.push(Change {
                path: path.into(),
                kind: Kind::Changed,
                before: Some(a.to_string()),
                after: Some(b.to_string()),
                delta: pct(a as i128, b as i128),
                long_text: false,
                label: None,
                before_words: None,
                after_words: None,
            });
        }
    }

    fn money(&mut self, path: String, a: Money, b: Money) {
        if a != b {
            self.changes.push(Change {
                path,
                kind: Kind::Changed,
                before: Some(a.to_string()),
                after: Some(b.to_string()),
                delta: pct(a.0 as i128, b.0 as i128),
                long_text: false,
                label: None,
                before_words: None,
                after_words: None,
            });
        }
    }

    /// Compares two keyed lists: added, removed, and `same` for common keys that differ
    /// (`same` finds no change in two equal items: every model type's equality is derived).
    fn keyed<'t, T: PartialEq>(
        &mut self,
        path: &str,
        a: &'t [T],
        b: &'t [T],
        key: impl Fn(&T) -> String,
        show: impl Fn(&T) -> String,
        mut same: impl FnMut(&mut Self, &str, &T, &T),
    ) {
        // Each key made once, not once per comparison.
        let ka: Vec<String> = a.iter().map(&key).collect();
        let kb: Vec<String> = b.iter().map(&key).collect();
        for (x, k) in a.iter().zip(&ka) {
            match kb.iter().position(|j| j == k) {
                None => self.push(format!("{path}[{k}]"), Kind::Removed, Some(show(x)), None),
                Some(i) if *x == b[i] => {
                    // What the skip relies on, held by every test that diffs.
                    if cfg!(debug_assertions) {
                        let mut scratch = Out {
                            changes: Vec::new(),
                        };
                        same(&mut scratch, &format!("{path}[{k}]"), x, &b[i]);
                        assert!(
                            scratch.changes.is_empty(),
                            "equal items differ: {path}[{k}]"
                        );
                    }
                }
                Some(i) => same(self, &format!("{path}[{k}]"), x, &b[i]),
            }
        }
        for (y, k) in b.iter().zip(&kb) {
            if !ka.contains(k) {
                self.push(format!("{path}[{k}]"), Kind::Added, None, Some(show(y)));
            }
        }
    }
}

fn deadline(out: &mut Out, path: String, a: &Deadline, b: &Deadline) {
    // Positions of a condition differ between revisions; the canonical text does not (a
    // rule that only moved in its file is no amendment).
    if a == b || a.to_string() == b.to_string() {
        return;
    }
    let (fa, fb) = (a.default_duration(), b.default_duration());
    let delta = match (fa, fb, a, b) {
        (Some(x), Some(y), Deadline::Fixed(_), Deadline::Fixed(_)) if x.unit == y.unit => {
            pct(x.amount as i128, y.amount as i128)
        }
        _ => None,
    };
    out.changes.push(Change {
        path,
        kind: Kind::Changed,
        before: Some(a.to_string()),
        after: Some(b.to_string()),
        delta,
        long_text: false,
        label: None,
        before_words: None,
        after_words: None,
    });
}

/// A change of a fee rule, typed: a fixed amount, a price per unit, a tier's price or
/// boundary, a cap, a floor or a rate, each with by how much; else the rule as a whole.
fn fee_rule(out: &mut Out, path: String, a: &crate::rules::FeeRule, b: &crate::rules::FeeRule) {
    use crate::rules::FeeRule;
    // Positions differ between revisions; the canonical text does not.
    if a.to_string() == b.to_string() {
        return;
    }
    if let (Some(x), Some(y)) = (a.fixed(), b.fixed()) {
        out.money(path, x, y);
        return;
    }
    let start = out.changes.len();
    let typed = match (a, b) {
        (FeeRule::Amount(x), FeeRule::Amount(y)) => fee_expr(out, &path, x, y),
        _ => false,
    };
    if !typed {
        out.changes.truncate(start);
        out.push(
            path,
            Kind::Changed,
            Some(a.to_string()),
            Some(b.to_string()),
        );
    }
}

fn amount_change(
    out: &mut Out,
    path: String,
    a: &impl std::fmt::Display,
    b: &impl std::fmt::Display,
    x: i128,
    y: i128,
) {
    if x != y {
        out.changes.push(Change {
            path,
            kind: Kind::Changed,
            before: Some(a.to_string()),
            after: Some(b.to_string()),
            delta: pct(x, y),
            long_text: false,
            label: None,
            before_words: None,
            after_words: None,
        });
    }
}

/// Compares two fee expressions of the same shape part by part; false when the shapes
/// differ (the caller then reports the whole rule).
fn fee_expr(
    out: &mut Out,
    path: &str,
    a: &crate::rules::fee::FeeExpr,
    b: &crate::rules::fee::FeeExpr,
) -> bool {
    use crate::rules::fee::{BoundKind, FeeExpr};
    match (a, b) {
        (FeeExpr::Price(x), FeeExpr::Price(y)) if x.code() == y.code() => {
            amount_change(
                out,
                path.to_string(),
                x,
                y,
                x.amount.0 as i128,
                y.amount.0 as i128,
            );
            true
        }
        (FeeExpr::Per(x, f, _), FeeExpr::Per(y, g, _)) if f == g => {
            let sub = if matches!(**x, FeeExpr::Price(_)) {
                format!("{path}.per_unit")
            } else {
                format!("{path}.per_{f}")
            };
            fee_expr(out, &sub, x, y)
        }
        (
            FeeExpr::Tiers {
                fact: f, tiers: t, ..
            },
            FeeExpr::Tiers {
                fact: g, tiers: u, ..
            },
        ) if f == g && t.len() == u.len() => {
            for (i, (x, y)) in t.iter().zip(u).enumerate() {
                let n = i + 1;
                if x.price.code() != y.price.code() {
                    return false;
                }
                amount_change(
                    out,
                    format!("{path}.tiers[{n}].price"),
                    &x.price,
                    &y.price,
                    x.price.amount.0 as i128,
                    y.price.amount.0 as i128,
                );
                match (x.to, y.to) {
                    (Some(p), Some(q)) => amount_change(
                        out,
                        format!("{path}.tiers[{n}].to"),
                        &p,
                        &q,
                        p as i128,
                        q as i128,
                    ),
                    (None, None) => {}
                    _ => return false,
                }
                if x.from != y.from {
                    amount_change(
                        out,
                        format!("{path}.tiers[{n}].from"),
                        &x.from,
                        &y.from,
                        x.from as i128,
                        y.from as i128,
                    );
                }
            }
            true
        }
        (
            FeeExpr::Percent {
                rate: r,
                of: f,
                rounding: x,
                ..
            },
            FeeExpr::Percent {
                rate: s,
                of: g,
                rounding: y,
                ..
            },
        ) if f == g && x == y => {
            amount_change(out, format!("{path}.rate"), r, s, r.0 as i128, s.0 as i128);
            true
        }
        (FeeExpr::Sum(x), FeeExpr::Sum(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .all(|(i, (x, y))| fee_expr(out, &format!("{path}.terms[{}]", i + 1), x, y)),
        (FeeExpr::Bounded(x, bx), FeeExpr::Bounded(y, by)) if bx.len() == by.len() => {
            if !fee_expr(out, path, x, y) {
                return false;
            }
            for (p, q) in bx.iter().zip(by) {
                if p.kind != q.kind
                    || p.per.as_ref().map(|x| &x.0) != q.per.as_ref().map(|x| &x.0)
                    || p.price.code() != q.price.code()
                {
                    return false;
                }
                let w = match p.kind {
                    BoundKind::AtMost => "cap",
                    BoundKind::AtLeast => "floor",
                };
                amount_change(
                    out,
                    format!("{path}.{w}"),
                    &p.price,
                    &q.price,
                    p.price.amount.0 as i128,
                    q.price.amount.0 as i128,
                );
            }
            true
        }
        (
            FeeExpr::When {
                then: t1,
                cond: c1,
                otherwise: o1,
            },
            FeeExpr::When {
                then: t2,
                cond: c2,
                otherwise: o2,
            },
        ) => {
            if c1.to_string() != c2.to_string() {
                out.push(
                    format!("{path}.when"),
                    Kind::Changed,
                    Some(c1.to_string()),
                    Some(c2.to_string()),
                );
            }
            fee_expr(out, &format!("{path}.then"), t1, t2)
                && fee_expr(out, &format!("{path}.else"), o1, o2)
        }
        _ => false,
    }
}

fn rule<T: std::fmt::Display>(r: &Option<T>) -> Option<String> {
    r.as_ref().map(|r| r.to_string())
}

fn basis(b: &Option<Sp<Str>>) -> Option<String> {
    b.as_ref().map(|b| b.value.to_string())
}

fn document(out: &mut Out, path: &str, a: &DossierDoc, b: &DossierDoc) {
    out.text(&format!("{path}.name"), Some(&a.name), Some(&b.name));
    out.count(
        &format!("{path}.originals"),
        a.originals as u64,
        b.originals as u64,
    );
    out.count(&format!("{path}.copies"), a.copies as u64, b.copies as u64);
    out.value(
        format!("{path}.form"),
        a.form.as_deref().map(str::to_string),
        b.form.as_deref().map(str::to_string),
    );
    out.value(
        format!("{path}.electronic"),
        Some(a.electronic.to_string()),
        Some(b.electronic.to_string()),
    );
    out.value(
        format!("{path}.when"),
        rule(&a.when.as_ref().map(|w| &w.value)),
        rule(&b.when.as_ref().map(|w| &w.value)),
    );
    out.value(format!("{path}.basis"), basis(&a.basis), basis(&b.basis));
}

fn doc_show(d: &DossierDoc) -> String {
    d.name.vi.to_string()
}

/// Declared fields the applicant must type (not reusable from a national database).
pub fn declared_fields(p: &Procedure) -> u64 {
    p.form_fields
        .iter()
        .filter(|f| f.reusable.is_none())
        .count() as u64
}

/// Originals plus copies of every document, common and per case.
pub fn document_count(p: &Procedure) -> u64 {
    p.all_documents()
        .map(|d| d.originals as u64 + d.copies as u64)
        .sum()
}

/// The records of acts (`published_by`, `amended`, `editorial`, `abolished`) as changes:
/// they are no part of the published procedure (no decision part), but a reviewer sees them.
fn records(out: &mut Out, a: &Procedure, b: &Procedure) {
    out.value(
        "published_by",
        a.published_by.as_ref().map(|x| x.value.to_string()),
        b.published_by.as_ref().map(|x| x.value.to_string()),
    );
    let date = |d: &Option<Sp<jiff::civil::Date>>| {
        d.as_ref()
            .map(|d| format!(", in_force: {}", d.value))
            .unwrap_or_default()
    };
    let amendment = |m: &Amendment| {
        let parts: Vec<&str> = m.parts.iter().map(|p| p.as_str()).collect();
        format!(
            "{{by: {}, parts: [{}]{}}}",
            m.by.value,
            parts.join(", "),
            date(&m.in_force)
        )
    };
    let editorial = |e: &Editorial| {
        let parts: Vec<&str> = e.parts.iter().map(|p| p.as_str()).collect();
        let reason = match e.reason.value {
            EditorialReason::Correction => "correction",
            EditorialReason::Completion => "completion",
        };
        format!("{{parts: [{}], reason: {reason}}}", parts.join(", "))
    };
    let list = |out: &mut Out, path: &str, xa: Vec<String>, xb: Vec<String>| {
        for (k, x) in xb.iter().enumerate() {
            if !xa.contains(x) {
                out.value(format!("{path}[{k}]"), None, Some(x.clone()));
            }
        }
        for (k, x) in xa.iter().enumerate() {
            if !xb.contains(x) {
                out.value(format!("{path}[{k}]"), Some(x.clone()), None);
            }
        }
    };
    list(
        out,
        "amended",
        a.amended.iter().map(amendment).collect(),
        b.amended.iter().map(amendment).collect(),
    );
    list(
        out,
        "editorial",
        a.editorial.iter().map(editorial).collect(),
        b.editorial.iter().map(editorial).collect(),
    );
    let abolition = |x: &Option<Abolition>| {
        x.as_ref()
            .map(|x| format!("{{by: {}{}}}", x.by.value, date(&x.in_force)))
    };
    out.value(
        "abolished",
        abolition(&a.abolished),
        abolition(&b.abolished),
    );
}

/// The typed changes between two versions of a procedure.
pub fn procedure(a: &Procedure, b: &Procedure) -> Vec<Change> {
    let mut out = Out {
        changes: Vec::new(),
    };
    // Headline numbers first: what a reviewer of a simplification looks at.
    out.count(
        "summary.declared_fields",
        declared_fields(a),
        declared_fields(b),
    );
    out.count("summary.documents", document_count(a), document_count(b));

    out.text("name", Some(&a.name), Some(&b.name));
    out.value(
        "field",
        Some(a.field.value.to_string()),
        Some(b.field.value.to_string()),
    );
    out.value(
        "levels",
        Some(
            a.levels
                .iter()
                .map(|l| l.value.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Some(
            b.levels
                .iter()
                .map(|l| l.value.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    );
    records(&mut out, a, b);
    out.text("kind", a.kind.as_ref(), b.kind.as_ref());
    out.text("subjects", a.subjects.as_ref(), b.subjects.as_ref());
    for (k, x, y) in [
        ("competent", &a.agencies.competent, &b.agencies.competent),
        (
            "implementing",
            &a.agencies.implementing,
            &b.agencies.implementing,
        ),
        ("authorised", &a.agencies.authorised, &b.agencies.authorised),
        (
            "coordinating",
            &a.agencies.coordinating,
            &b.agencies.coordinating,
        ),
        ("address", &a.agencies.address, &b.agencies.address),
    ] {
        out.text(&format!("agencies.{k}"), x.as_ref(), y.as_ref());
    }
    out.keyed(
        "legal_basis",
        &a.legal_basis,
        &b.legal_basis,
        |l| l.value.to_string(),
        |l| l.value.to_string(),
        |_, _, _, _| {},
    );
    out.keyed(
        "facts",
        &a.facts,
        &b.facts,
        |f| f.id.value.to_string(),
        |f| format!("{} ({})", f.label.vi, f.ty.name()),
        |o, path, x, y| {
            if x.ty != y.ty {
                o.value(
                    format!("{path}.type"),
                    Some(type_text(&x.ty)),
                    Some(type_text(&y.ty)),
                );
            }
            o.text(&format!("{path}.label"), Some(&x.label), Some(&y.label));
        },
    );
    out.keyed(
        "channels",
        &a.channels,
        &b.channels,
        |c| c.kind.id().to_string(),
        |c| {
            format!(
                "{}, {}",
                c.kind.label(crate::diag::Lang::Vi),
                c.deadline.value
            )
        },
        |o, path, x, y| {
            deadline(o, format!("{path}.deadline"), &x.deadline, &y.deadline);
            let stated = |c: &Channel| {
                if c.fees_stated {
                    "stated".to_string()
                } else {
                    "not stated".to_string()
                }
            };
            if x.fees_stated != y.fees_stated {
                o.push(
                    format!("{path}.fees"),
                    Kind::Changed,
                    Some(stated(x)),
                    Some(stated(y)),
                );
            }
            o.keyed(
                &format!("{path}.fees"),
                &x.fees,
                &y.fees,
                |f| f.id.value.to_string(),
                |f| format!("{}: {}", f.name.vi, f.amount_text()),
                |o, path, f, g| {
                    fee_rule(o, format!("{path}.amount"), &f.amount, &g.amount);
                    o.value(
                        format!("{path}.currency"),
                        f.foreign_currency().map(str::to_string),
                        g.foreign_currency().map(str::to_string),
                    );
                    o.text(&format!("{path}.name"), Some(&f.name), Some(&g.name));
                    o.value(
                        format!("{path}.when"),
                        rule(&f.when.as_ref().map(|w| &w.value)),
                        rule(&g.when.as_ref().map(|w| &w.value)),
                    );
                    o.value(format!("{path}.basis"), basis(&f.basis), basis(&g.basis));
                },
            );
            o.text(&format!("{path}.note"), x.note.as_ref(), y.note.as_ref());
        },
    );
    out.value(
        "cutoff",
        a.cutoff
            .as_ref()
            .map(|t| t.value.strftime("%H:%M").to_string()),
        b.cutoff
            .as_ref()
            .map(|t| t.value.strftime("%H:%M").to_string()),
    );
    out.keyed(
        "dossier.documents",
        &a.dossier.documents,
        &b.dossier.documents,
        |d| d.id.value.to_string(),
        doc_show,
        document,
    );
    out.keyed(
        "dossier.cases",
        &a.dossier.cases,
        &b.dossier.cases,
        |c| c.id.value.to_string(),
        |c| c.name.vi.to_string(),
        |o, path, x, y| {
            o.text(&format!("{path}.name"), Some(&x.name), Some(&y.name));
            o.value(
                format!("{path}.when"),
                rule(&x.when.as_ref().map(|w| &w.value)),
                rule(&y.when.as_ref().map(|w| &w.value)),
            );
            o.keyed(
                &format!("{path}.documents"),
                &x.documents,
                &y.documents,
                |d| d.id.value.to_string(),
                doc_show,
                document,
            );
        },
    );
    // As the catalogue writes it (`discounts.stacking`).
    let stacking = |s: Stacking| {
        match s {
            Stacking::Best => "best",
            Stacking::Compound => "compound",
            Stacking::Additive => "additive",
        }
        .to_string()
    };
    out.value(
        "discounts.stacking",
        Some(stacking(a.discounts.stacking)),
        Some(stacking(b.discounts.stacking)),
    );
    out.keyed(
        "discounts.rules",
        &a.discounts.rules,
        &b.discounts.rules,
        |d| d.id.value.to_string(),
        |d| d.rule.value.to_string(),
        |o, path, x, y| {
            o.value(
                format!("{path}.rule"),
                Some(x.rule.value.to_string()),
                Some(y.rule.value.to_string()),
            );
            o.value(
                format!("{path}.basis"),
                Some(x.basis.value.to_string()),
                Some(y.basis.value.to_string()),
            );
        },
    );
    out.keyed(
        "form_fields",
        &a.form_fields,
        &b.form_fields,
        |f| f.id.value.to_string(),
        |f| match &f.reusable {
            Some(db) => format!("{} (reusable: {db})", f.label.vi),
            None => f.label.vi.to_string(),
        },
        |o, path, x, y| {
            o.text(&format!("{path}.label"), Some(&x.label), Some(&y.label));
            o.value(
                format!("{path}.reusable"),
                x.reusable.as_deref().map(str::to_string),
                y.reusable.as_deref().map(str::to_string),
            );
        },
    );
    out.keyed(
        "requirements",
        &a.requirements,
        &b.requirements,
        |r| r.text.vi.to_string(),
        |r| r.text.vi.to_string(),
        |o, path, x, y| {
            o.value(
                format!("{path}.when"),
                rule(&x.when.as_ref().map(|w| &w.value)),
                rule(&y.when.as_ref().map(|w| &w.value)),
            );
        },
    );
    out.text("result", a.result.as_ref(), b.result.as_ref());
    process(&mut out, a.process.as_ref(), b.process.as_ref());
    delivery(&mut out, &a.delivery, &b.delivery);
    // Steps are compared by position: inserting a step changes the steps after it, as a
    // published text would read.
    for k in 0..a.steps.len().max(b.steps.len()) {
        out.text(&format!("steps[{k}]"), a.steps.get(k), b.steps.get(k));
    }
    match (&a.compliance, &b.compliance) {
        (Some(x), Some(y)) => {
            if x.applications_per_year != y.applications_per_year {
                let n =
                    |v: Option<u64>| v.map_or_else(|| "not stated".to_string(), |n| n.to_string());
                match (x.applications_per_year, y.applications_per_year) {
                    (Some(a), Some(b)) => out.count("compliance.applications_per_year", a, b),
                    (a, b) => out.value("compliance.applications_per_year", Some(n(a)), Some(n(b))),
                }
            }
            out.count(
                "compliance.times_per_year",
                x.times_per_year as u64,
                y.times_per_year as u64,
            );
            out.count("compliance.minutes", x.minutes.total(), y.minutes.total());
            out.money(
                "compliance.other_costs".into(),
                x.other_costs,
                y.other_costs,
            );
        }
        (x, y) => out.value(
            "compliance",
            x.as_ref().map(|c| match c.applications_per_year {
                Some(n) => format!("{n} applications/year"),
                None => "applications/year not stated".to_string(),
            }),
            y.as_ref().map(|c| match c.applications_per_year {
                Some(n) => format!("{n} applications/year"),
                None => "applications/year not stated".to_string(),
            }),
        ),
    }
    // Requirement paths are keyed by their text, which is long; shorten for display.
    for c in &mut out.changes {
        if c.path.starts_with("requirements[") {
            let short: String = c.path.chars().take(50).collect();
            if short.len() < c.path.len() {
                c.path = format!("{short}…]");
            }
        }
    }
    out.changes
}

/// A process in one line: "4 steps".
fn process_show(p: &crate::model::process::Process) -> String {
    format!("{} steps", p.steps.len())
}

/// The changes of an internal process: steps matched by their number, each with its name,
/// unit, time and output.
fn process(
    out: &mut Out,
    a: Option<&crate::model::process::Process>,
    b: Option<&crate::model::process::Process>,
) {
    let (a, b) = match (a, b) {
        (Some(x), Some(y)) => (x, y),
        (x, y) => {
            out.value("process", x.map(process_show), y.map(process_show));
            return;
        }
    };
    out.value(
        "process.approved_by",
        a.approved_by.as_ref().map(|x| x.value.to_string()),
        b.approved_by.as_ref().map(|x| x.value.to_string()),
    );
    let channels = |p: &crate::model::process::Process| {
        p.channels
            .iter()
            .map(|c| c.value.id())
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.value(
        "process.channels",
        Some(channels(a)).filter(|c| !c.is_empty()),
        Some(channels(b)).filter(|c| !c.is_empty()),
    );
    out.keyed(
        "process.steps",
        &a.steps,
        &b.steps,
        |s| s.no.to_string(),
        |s| format!("{}: {}", s.name.vi, s.time.value),
        |o, path, x, y| {
            o.text(&format!("{path}.name"), Some(&x.name), Some(&y.name));
            o.value(
                format!("{path}.unit"),
                x.unit.as_ref().map(|u| u.value.to_string()),
                y.unit.as_ref().map(|u| u.value.to_string()),
            );
            o.value(
                format!("{path}.time"),
                Some(x.time.value.to_string()),
                Some(y.time.value.to_string()),
            );
            o.text(
                &format!("{path}.output"),
                x.output.as_ref(),
                y.output.as_ref(),
            );
        },
    );
}

/// The changes of the delivery attributes.
fn delivery(
    out: &mut Out,
    a: &crate::model::process::Delivery,
    b: &crate::model::process::Delivery,
) {
    out.value(
        "delivery.postal",
        a.postal.map(|p| p.id().to_string()),
        b.postal.map(|p| p.id().to_string()),
    );
    let bf = |d: &crate::model::process::Delivery| {
        d.boundary_free.as_ref().map(|x| {
            let scope = if x.nationwide {
                "nationwide"
            } else {
                "province"
            };
            match &x.place {
                Some(w) => format!("{scope}: {}", w.vi),
                None => scope.to_string(),
            }
        })
    };
    out.value("delivery.boundary_free", bf(a), bf(b));
    out.text(
        "delivery.internal",
        a.internal.as_ref(),
        b.internal.as_ref(),
    );
}

#[cfg(test)]
mod tests {
    use super::pct;

    #[test]
    fn percentages_round_half_away_from_zero() {
        assert_eq!(pct(20_000, 10_000).as_deref(), Some("-50%"));
        assert_eq!(pct(25, 19).as_deref(), Some("-24%"));
        assert_eq!(pct(15, 10).as_deref(), Some("-33%"));
        assert_eq!(pct(3, 4).as_deref(), Some("+33%"));
        assert_eq!(pct(8, 9).as_deref(), Some("+13%")); // 12.5 → 13
        assert_eq!(pct(0, 5), None);
        assert_eq!(pct(5, 5), None);
    }
}
