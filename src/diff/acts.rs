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
    b.amended.iter().filter(|m| !old.contains(&m.key())).collect()
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

fn names(parts: &[crate::model::Sp<String>], part: &Part) -> bool {
    parts.iter().any(|p| p.as_str() == part.id || p.as_str() == "all")
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

/// How a procedure that is new at the newer revision came into the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrival<'p> {
    /// Published by an act (`published_by:`).
    Published(&'p crate::model::Sp<String>),
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
        let sp = |s: &str| crate::model::Sp::bare(s.to_string());
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
