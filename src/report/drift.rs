//! The localisation a province owes: each national change since its overlay last followed
//! the national catalogue (a procedure it localises amended or abolished, or a new one in its
//! fields), the act behind it, the date by which the province must publish its list and the
//! days left or overdue.
//!
//! The due date comes from the manifest's `localisation:` setting, which cites the provision
//! that sets it (Decree 63/2010/NĐ-CP art. 15 as amended): a number of working days before
//! the act takes effect. Without that setting, or without the act's date in force, the due
//! date is not stated — never guessed, and never overdue.

use crate::calendar::Calendar;
use crate::diag::Tr;
use crate::model::{Manifest, Procedure, Text};
use crate::province::Province;
use jiff::civil::Date;
use std::collections::{BTreeSet, HashMap};

/// What happened nationally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// A new procedure in the province's fields.
    New,
    /// A procedure the overlay localises was amended.
    Amended,
    /// A procedure the overlay localises was abolished.
    Abolished,
}

/// The act behind a change, as the catalogue records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActRef {
    /// Its number.
    pub number: String,
    /// The date it takes effect, when recorded.
    pub in_force: Option<Date>,
}

/// One change the province has not localised yet.
#[derive(Debug, Clone)]
pub struct Pending {
    /// National code.
    pub code: String,
    /// Name.
    pub name: Text,
    /// What happened.
    pub change: Change,
    /// The act behind it; `None` when the catalogue records none.
    pub act: Option<ActRef>,
    /// The day the province's list is due; `None` when it cannot be known.
    pub due: Option<Date>,
    /// Calendar days from the date of the listing to the due date (negative: overdue).
    pub days_left: Option<i64>,
    /// Why there is no due date.
    pub no_due: Option<Tr>,
}

impl Pending {
    /// True when the due date has passed.
    pub fn overdue(&self) -> bool {
        self.days_left.is_some_and(|d| d < 0)
    }
}

/// The listing for one province.
#[derive(Debug, Clone)]
pub struct Drift {
    /// Province id and name.
    pub province: (String, Text),
    /// The date the listing is made at.
    pub at: Date,
    /// The commit where the overlay last changed (short id, date), i.e. last followed the
    /// national catalogue; `None` when the overlay has been there since the first commit
    /// read.
    pub follows: Option<(String, Date)>,
    /// What is pending, by code.
    pub pending: Vec<Pending>,
    /// The rule the due dates follow, when the manifest sets one.
    pub rule: Option<crate::model::LocalisationRule>,
}

impl Drift {
    /// How many are overdue.
    pub fn overdue(&self) -> usize {
        self.pending.iter().filter(|p| p.overdue()).count()
    }
}

/// The day `n` working days before `d` (with `n` = 0, `d` itself).
pub fn working_days_before(cal: &Calendar, d: Date, n: u32) -> Option<Date> {
    let mut day = d;
    let mut left = n;
    while left > 0 {
        day = day.yesterday().ok()?;
        if cal.is_working_day(day) {
            left -= 1;
        }
    }
    Some(day)
}

/// The act behind a national change, from what the catalogue records.
fn act_of(p: &Procedure, m: &Manifest) -> Option<ActRef> {
    let d = p.published_by.as_ref().map(|s| s.as_str())?.trim();
    if d.is_empty() {
        return None;
    }
    // The registry entry, when the record names one of it (number and dates); else the
    // number as written.
    match m
        .legal
        .iter()
        .find(|l| l.id.as_str() == d || l.number.as_str() == d)
    {
        Some(l) => Some(ActRef {
            number: l.number.value.to_string(),
            in_force: None,
        }),
        None => Some(ActRef {
            number: d.to_string(),
            in_force: None,
        }),
    }
}

/// What the listing is built from: the national procedures whose files differ between the
/// commit the overlay last followed and the date listed.
pub struct Input<'a> {
    /// The overlay at the date listed.
    pub province: &'a Province,
    /// Changed procedures at the follow point.
    pub before: &'a [Procedure],
    /// Changed procedures at the date listed.
    pub after: &'a [Procedure],
    /// Every national procedure at the date listed (for the province's fields).
    pub national: &'a [Procedure],
    /// The manifest at the date listed.
    pub manifest: &'a Manifest,
    /// The working-day calendar.
    pub calendar: &'a Calendar,
    /// The date listed.
    pub at: Date,
    /// The follow point.
    pub follows: Option<(String, Date)>,
}

/// Builds the listing.
pub fn build(i: &Input<'_>) -> Drift {
    let localised: BTreeSet<&str> = i
        .province
        .procedures
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    // The province's fields: those its overlay sets rules for and those of the procedures
    // it localises.
    let mut fields: BTreeSet<&str> = i.province.fields.iter().map(|(f, _)| f.as_str()).collect();
    fields.extend(
        i.national
            .iter()
            .filter(|p| localised.contains(p.code.as_str()))
            .map(|p| p.field.as_str()),
    );
    let before: HashMap<&str, &Procedure> = i.before.iter().map(|p| (p.code.as_str(), p)).collect();
    let after: HashMap<&str, &Procedure> = i.after.iter().map(|p| (p.code.as_str(), p)).collect();
    let mut pending = Vec::new();
    for p in i.after {
        let change = match before.get(p.code.as_str()) {
            Some(old) if localised.contains(p.code.as_str()) => {
                if crate::diff::procedure(old, p).is_empty() {
                    continue;
                }
                Change::Amended
            }
            Some(_) => continue,
            None if fields.contains(p.field.as_str()) => Change::New,
            None => continue,
        };
        pending.push(entry(i, p, change));
    }
    for p in i.before {
        if !after.contains_key(p.code.as_str()) && localised.contains(p.code.as_str()) {
            pending.push(entry(i, p, Change::Abolished));
        }
    }
    pending.sort_by(|a, b| a.code.cmp(&b.code));
    Drift {
        province: (i.province.id.value.to_string(), i.province.name.clone()),
        at: i.at,
        follows: i.follows.clone(),
        pending,
        rule: i.manifest.localisation.clone(),
    }
}

fn entry(i: &Input<'_>, p: &Procedure, change: Change) -> Pending {
    // The act that published a procedure is not the act behind its amendment or abolition:
    // those are named only where the catalogue records them.
    let act = match change {
        Change::New => act_of(p, i.manifest),
        Change::Amended | Change::Abolished => None,
    };
    let (due, no_due) = match (&i.manifest.localisation, &act) {
        (None, _) => (
            None,
            Some(crate::tr!(
                "catalogue.yaml does not set the time a province has (`localisation:`)",
                "catalogue.yaml chưa ghi thời hạn địa phương công bố (`localisation:`)"
            )),
        ),
        (_, None) => (
            None,
            Some(crate::tr!(
                "no act is recorded for this change",
                "chưa ghi văn bản của thay đổi này"
            )),
        ),
        (Some(rule), Some(a)) => match a.in_force {
            None => (
                None,
                Some(crate::tr!(
                    "the act's date in force is not recorded",
                    "chưa ghi ngày có hiệu lực của văn bản"
                )),
            ),
            Some(d) => (
                working_days_before(i.calendar, d, rule.working_days_before_in_force),
                None,
            ),
        },
    };
    let days_left = due
        .and_then(|d| i.at.until(d).ok())
        .map(|s| s.get_days() as i64);
    Pending {
        code: p.code.value.to_string(),
        name: p.name.clone(),
        change,
        act,
        due,
        days_left,
        no_due,
    }
}

/// The index in `line` (newest first) of the commit where `rel` last changed at or before
/// `from`: the first commit whose blob of `rel` differs from its parent's. `None` when it
/// has not changed since the oldest commit of the line (or is not there).
pub fn last_change(
    h: &crate::git::History,
    line: &[(git2::Oid, Date)],
    from: usize,
    rel: &str,
) -> Result<Option<usize>, crate::git::GitError> {
    let blob = |k: usize| -> Result<Option<git2::Oid>, crate::git::GitError> {
        let c = h.repo().find_commit(line[k].0)?;
        h.blob_at(&c, rel)
    };
    let mut here = blob(from)?;
    for k in from..line.len() {
        let parent = if k + 1 < line.len() {
            blob(k + 1)?
        } else {
            None
        };
        if parent != here {
            return Ok(Some(k));
        }
        here = parent;
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_days_before_skip_weekends_and_holidays() {
        let cal = Calendar::new(Vec::new());
        let d = |y, m, dd| Date::new(y, m, dd).unwrap();
        // Monday 15/06/2026: 5 working days before is Monday 08/06/2026.
        assert_eq!(
            working_days_before(&cal, d(2026, 6, 15), 5),
            Some(d(2026, 6, 8))
        );
        assert_eq!(
            working_days_before(&cal, d(2026, 6, 15), 0),
            Some(d(2026, 6, 15))
        );
    }
}
