//! Which act accounts for each change between two revisions of a procedure.
//!
//! A procedure records the act that published it (`published_by:`), each act that amended it
//! (`amended:` with the parts it changed), the changes no act made (`editorial:`) and its
//! abolition (`abolished:`). Between two revisions, a changed part of the published content is
//! accounted for by a record that is new at the newer revision: an amendment naming the part
//! makes it an amendment; an editorial record naming it makes it editorial (shown as such,
//! never published). A part neither names is unaccounted: `decision` refuses it.

use super::Change;
use crate::model::parts::{self, Part};
use crate::model::{Amendment, Editorial, EditorialReason, Procedure};
use crate::shape::Str;

/// How the changed parts of one procedure are accounted for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Account {
    /// The changed parts an act accounts for, in template order.
    pub amended: Vec<&'static Part>,
    /// The records new at the newer revision that account for them (the acts of the entry).
    pub acts: Vec<Amendment>,
    /// The changed parts declared editorial (and no act names), with the reason.
    pub editorial: Vec<(&'static Part, EditorialReason)>,
    /// The editorial records new at the newer revision.
    pub editorial_records: Vec<Editorial>,
    /// The changed parts no record accounts for.
    pub unaccounted: Vec<&'static Part>,
    /// In a province's copy: the changed parts its overlay changed (the national procedure
    /// did not), accounted for by the overlay's own acts (its People's Council resolutions).
    pub local: Vec<&'static Part>,
}

impl Account {
    /// True when no part of the published content changed.
    pub fn is_empty(&self) -> bool {
        self.amended.is_empty() && self.editorial.is_empty() && self.unaccounted.is_empty()
    }
}

/// The records of `b` that `a` does not have.
fn new_amendments<'p>(a: Option<&Procedure>, b: &'p Procedure) -> Vec<&'p Amendment> {
    let old: Vec<_> = a
        .map(|a| a.amended.iter().map(Amendment::key).collect())
        .unwrap_or_default();
    b.amended
        .iter()
        .filter(|m| !old.contains(&m.key()))
        .collect()
}

fn new_editorials<'p>(a: Option<&Procedure>, b: &'p Procedure) -> Vec<&'p Editorial> {
    let old: Vec<_> = a
        .map(|a| a.editorial.iter().map(Editorial::key).collect())
        .unwrap_or_default();
    b.editorial
        .iter()
        .filter(|e| !old.contains(&e.key()))
        .collect()
}

fn names(parts: &[crate::model::Sp<Str>], part: &Part) -> bool {
    parts
        .iter()
        .any(|p| p.as_str() == part.id || p.as_str() == "all")
}

/// The parts of the published content the changes touch, each once, in template order.
pub fn changed_parts(changes: &[Change]) -> Vec<&'static Part> {
    let mut v: Vec<&'static Part> = changes
        .iter()
        .filter_map(|c| parts::part_of_path(&c.path))
        .collect();
    v.sort_by_key(|p| p.order);
    v.dedup_by_key(|p| p.id);
    v
}

/// Accounts for the changes between two versions of a procedure.
pub fn account(a: &Procedure, b: &Procedure, changes: &[Change]) -> Account {
    let amendments = new_amendments(Some(a), b);
    let editorials = new_editorials(Some(a), b);
    let mut out = Account::default();
    for part in changed_parts(changes) {
        let by: Vec<&Amendment> = amendments
            .iter()
            .copied()
            .filter(|m| names(&m.parts, part))
            .collect();
        if !by.is_empty() {
            out.amended.push(part);
            for m in by {
                if !out.acts.contains(m) {
                    out.acts.push(m.clone());
                }
            }
        } else if let Some(e) = editorials.iter().find(|e| names(&e.parts, part)) {
            out.editorial.push((part, e.reason.value));
            if !out.editorial_records.contains(e) {
                out.editorial_records.push((*e).clone());
            }
        } else {
            out.unaccounted.push(part);
        }
    }
    out
}

/// Accounts for the changes of a province's copy: a part the national procedure changed
/// needs the national records, as in [`account`]; a part only the overlay changed is the
/// province's own (`local`).
pub fn account_localised(
    national_a: &Procedure,
    national_b: &Procedure,
    national_changes: &[Change],
    local_changes: &[Change],
) -> Account {
    let national = account(national_a, national_b, national_changes);
    let changed_nationally = changed_parts(national_changes);
    let mut out = Account {
        acts: national.acts.clone(),
        editorial_records: national.editorial_records.clone(),
        ..Account::default()
    };
    for part in changed_parts(local_changes) {
        if !changed_nationally.contains(&part) {
            out.local.push(part);
        } else if national.amended.contains(&part) {
            out.amended.push(part);
        } else if let Some(e) = national.editorial.iter().find(|(p, _)| *p == part) {
            out.editorial.push(*e);
        } else {
            out.unaccounted.push(part);
        }
    }
    out
}

/// How a procedure that is new at the newer revision came into the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrival<'p> {
    /// Published by an act (`published_by:`).
    Published(&'p crate::model::Sp<Str>),
    /// Added as data completion or a correction (`editorial: [{parts: [all], …}]`): the
    /// procedure was in force already; no decision publishes it as new.
    Editorial(&'p Editorial),
    /// Neither.
    Unaccounted,
}

/// How a new procedure is accounted for.
pub fn arrival(b: &Procedure) -> Arrival<'_> {
    if let Some(e) = b
        .editorial
        .iter()
        .find(|e| e.parts.iter().any(|p| p.as_str() == "all"))
    {
        return Arrival::Editorial(e);
    }
    match &b.published_by {
        Some(act) => Arrival::Published(act),
        None => Arrival::Unaccounted,
    }
}

/// True when `b` records an abolition that `a` (if any) does not.
pub fn newly_abolished(a: Option<&Procedure>, b: &Procedure) -> bool {
    b.abolished.is_some() && a.is_none_or(|a| a.abolished.is_none())
}

/// What a note says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// An act accounts for the change.
    Act,
    /// The change is editorial: a correction or data completion, never published.
    Editorial,
    /// No record accounts for it: `decision` refuses it.
    Unaccounted,
}

/// One line about the acts behind a change, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Note {
    /// What it says.
    pub kind: NoteKind,
    /// The line.
    pub text: crate::model::Text,
}

fn note(kind: NoteKind, vi: String, en: String) -> Note {
    Note {
        kind,
        text: crate::model::Text {
            vi: vi.into(),
            en: Some(en.into()),
        },
    }
}

/// "Nghị định số 154/2024/NĐ-CP ngày 26/11/2024" in both languages (the reference as
/// written when the registry lacks it).
fn act_words(legal: &[crate::model::LegalDoc], r: &str) -> (String, String) {
    match crate::model::find_act(legal, r) {
        Some(a) => (
            crate::wording::acts::short(a, crate::diag::Lang::Vi),
            crate::wording::acts::short(a, crate::diag::Lang::En),
        ),
        None => (r.to_string(), r.to_string()),
    }
}

fn date_words(d: Option<jiff::civil::Date>) -> (String, String) {
    match d {
        Some(d) => (
            format!(
                ", hiệu lực từ {}",
                crate::wording::date(d, crate::diag::Lang::Vi)
            ),
            format!(", in force from {d}"),
        ),
        None => (String::new(), String::new()),
    }
}

fn part_names(parts: &[&'static Part]) -> (String, String) {
    (
        parts.iter().map(|p| p.vi).collect::<Vec<_>>().join("; "),
        parts.iter().map(|p| p.en).collect::<Vec<_>>().join(", "),
    )
}

/// The notes of an amended procedure: each act with the parts it accounts for, the editorial
/// parts, and the parts no act accounts for.
pub fn notes(acct: &Account, legal: &[crate::model::LegalDoc]) -> Vec<Note> {
    let mut out = Vec::new();
    for m in &acct.acts {
        let parts: Vec<&'static Part> = acct
            .amended
            .iter()
            .copied()
            .filter(|p| names(&m.parts, p))
            .collect();
        let (av, ae) = act_words(legal, &m.by);
        let (pv, pe) = part_names(&parts);
        let when = m.in_force.as_ref().map(|d| d.value).or_else(|| {
            crate::model::find_act(legal, &m.by).and_then(|a| a.in_force.as_ref().map(|d| d.value))
        });
        let (dv, de) = date_words(when);
        out.push(note(
            NoteKind::Act,
            format!("Sửa đổi, bổ sung theo {av} ({pv}{dv})"),
            format!("Amended by {ae} ({pe}{de})"),
        ));
    }
    for reason in [EditorialReason::Completion, EditorialReason::Correction] {
        let parts: Vec<&'static Part> = acct
            .editorial
            .iter()
            .filter(|(_, r)| *r == reason)
            .map(|(p, _)| *p)
            .collect();
        if parts.is_empty() {
            continue;
        }
        let (pv, pe) = part_names(&parts);
        out.push(note(
            NoteKind::Editorial,
            format!(
                "Biên tập ({}), không công bố: {pv}",
                reason.label(crate::diag::Lang::Vi)
            ),
            format!(
                "Editorial ({}), not published: {pe}",
                reason.label(crate::diag::Lang::En)
            ),
        ));
    }
    if !acct.unaccounted.is_empty() {
        let (pv, pe) = part_names(&acct.unaccounted);
        out.push(note(
            NoteKind::Unaccounted,
            format!("Chưa có văn bản làm căn cứ: {pv}"),
            format!("No act accounts for: {pe}"),
        ));
    }
    out
}

/// The note of a new procedure: the act that published it, or that it was added as data.
pub fn arrival_note(b: &Procedure, legal: &[crate::model::LegalDoc]) -> Note {
    match arrival(b) {
        Arrival::Published(r) => {
            let (av, ae) = act_words(legal, r);
            note(
                NoteKind::Act,
                format!("Công bố theo {av}"),
                format!("Published by {ae}"),
            )
        }
        Arrival::Editorial(e) => note(
            NoteKind::Editorial,
            format!(
                "Biên tập ({}), không công bố: thủ tục đang có hiệu lực được bổ sung vào danh mục",
                e.reason.value.label(crate::diag::Lang::Vi)
            ),
            format!(
                "Editorial ({}), not published: a procedure in force added to the catalogue",
                e.reason.value.label(crate::diag::Lang::En)
            ),
        ),
        Arrival::Unaccounted => note(
            NoteKind::Unaccounted,
            "Chưa có văn bản công bố".to_string(),
            "No act published it".to_string(),
        ),
    }
}

/// The note of a removed procedure: its abolition, or that its file went without one.
pub fn removal_note(b: Option<&Procedure>, legal: &[crate::model::LegalDoc]) -> Note {
    match b.and_then(|b| b.abolished.as_ref()) {
        Some(x) => {
            let (av, ae) = act_words(legal, &x.by);
            let when = x.in_force.as_ref().map(|d| d.value).or_else(|| {
                crate::model::find_act(legal, &x.by)
                    .and_then(|a| a.in_force.as_ref().map(|d| d.value))
            });
            let (dv, de) = date_words(when);
            note(
                NoteKind::Act,
                format!("Bãi bỏ theo {av}{dv}"),
                format!("Abolished by {ae}{de}"),
            )
        }
        None => note(
            NoteKind::Unaccounted,
            "Tệp bị xóa nhưng không có văn bản bãi bỏ".to_string(),
            "File deleted with no act abolishing it".to_string(),
        ),
    }
}

/// Adds to a diff the acts behind each change (`before`/`after`: the two catalogues'
/// procedures; `legal`: the newer registry).
pub fn annotate<'a>(
    d: &mut super::CatalogueDiff,
    before: impl IntoIterator<Item = &'a Procedure>,
    after: impl IntoIterator<Item = &'a Procedure>,
    legal: &[crate::model::LegalDoc],
) {
    let before: Vec<&Procedure> = before.into_iter().collect();
    let after: Vec<&Procedure> = after.into_iter().collect();
    let find = |v: &[&'a Procedure], code: &str| -> Option<&'a Procedure> {
        v.iter().copied().find(|p| p.code.as_str() == code)
    };
    for e in &mut d.added {
        if let Some(p) = find(&after, &e.code) {
            e.note = Some(arrival_note(p, legal));
        }
    }
    for e in &mut d.removed {
        e.note = Some(removal_note(find(&after, &e.code), legal));
    }
    for a in &mut d.amended {
        let (Some(x), Some(y)) = (find(&before, &a.code), find(&after, &a.code)) else {
            continue;
        };
        let acct = account(x, y, &a.changes);
        a.notes = notes(&acct, legal);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Kind;

    fn change(path: &str) -> Change {
        Change {
            path: path.into(),
            kind: Kind::Changed,
            before: None,
            after: None,
            delta: None,
            long_text: false,
            label: None,
            before_words: None,
            after_words: None,
        }
    }

    #[test]
    fn parts_are_accounted_by_new_records_only() {
        let limits = crate::limits::Limits::default();
        let files = crate::catalogue::Source::Bundled.files(&limits).unwrap();
        let cat = crate::catalogue::load(files, &limits).catalogue;
        let a = cat.procedures[0].clone();
        let mut b = a.clone();
        let sp = |s: &str| crate::model::Sp::bare(s.into());
        b.amended.push(Amendment {
            by: sp("nd-07-2025"),
            parts: vec![sp("fees")],
            in_force: None,
        });
        b.editorial.push(Editorial {
            parts: vec![sp("steps")],
            reason: crate::model::Sp::bare(EditorialReason::Completion),
            note: None,
        });
        let changes = [
            change("channels[direct].fees[x].amount"),
            change("steps[0].vi"),
            change("dossier.documents[a].name.vi"),
            change("compliance.minutes.wait"),
        ];
        let acct = account(&a, &b, &changes);
        assert_eq!(
            acct.amended.iter().map(|p| p.id).collect::<Vec<_>>(),
            ["fees"]
        );
        assert_eq!(acct.editorial.len(), 1);
        assert_eq!(acct.editorial[0].0.id, "steps");
        assert_eq!(
            acct.unaccounted.iter().map(|p| p.id).collect::<Vec<_>>(),
            ["documents"]
        );
        // A record both sides have accounts for nothing new.
        let acct = account(&b, &b, &changes);
        assert_eq!(acct.amended.len(), 0);
        assert_eq!(acct.unaccounted.len(), 3);
    }
}
