//! The periodic control report (báo cáo định kỳ về kiểm soát thủ tục hành chính) for a period:
//! procedures published new, amended and abolished in it, those in force at its end by level
//! and field, the shares offered online (full process, part of it), and the acts issued in it;
//! and the localisation a province owes ([`drift`]).
//!
//! A change is dated by the act that made it when the catalogue records one with its date;
//! while it records none, by the date of the commit that made it — and the report says which.

pub mod chart;
pub mod drift;
pub mod render;

use crate::diag::Tr;
use crate::git::History;
use crate::model::{ChannelKind, Manifest, Procedure, Text};
use jiff::civil::Date;
use std::collections::{BTreeMap, HashMap};

/// A period, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
}

impl Period {
    /// True when `d` lies in the period.
    pub fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }
}

/// How a change is dated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatedBy {
    /// By the act that made it (its number).
    Act(String),
    /// By the commit that made it (its short id): the catalogue records no act with a date.
    Commit(String),
}

/// What an undated act did to a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UndatedKind {
    /// Published it.
    New,
    /// Amended it.
    Amended,
    /// Abolished it.
    Abolished,
}

/// One procedure published, amended or abolished in the period.
#[derive(Debug, Clone)]
pub struct Item {
    /// Code.
    pub code: String,
    /// Name.
    pub name: Text,
    /// Field id.
    pub field: String,
    /// The date the change counts at.
    pub date: Date,
    /// What dates it.
    pub by: DatedBy,
}

/// Procedures in force at the end of the period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InForce {
    /// All of them.
    pub total: u64,
    /// By level id (a procedure of several levels counts in each).
    pub by_level: BTreeMap<String, u64>,
    /// By field id.
    pub by_field: BTreeMap<String, u64>,
    /// Offering the whole process online.
    pub online_full: u64,
    /// Offering part of it online (and not the whole).
    pub online_partial: u64,
}

/// An act issued in the period (from the registry `legal:`, and the province's resolutions).
#[derive(Debug, Clone)]
pub struct Act {
    /// Number.
    pub number: String,
    /// Title.
    pub title: Text,
    /// Date of issue.
    pub issued: Date,
    /// Issuing body, when recorded.
    pub issuer: Option<String>,
}

/// The report.
#[derive(Debug, Clone)]
pub struct Report {
    /// The period.
    pub period: Period,
    /// The province, when the report is a province's (id, name).
    pub province: Option<(String, Text)>,
    /// New procedures.
    pub new: Vec<Item>,
    /// Amended procedures.
    pub amended: Vec<Item>,
    /// Abolished procedures.
    pub abolished: Vec<Item>,
    /// Changes whose act the registry holds without a date (of issue or in force): they
    /// cannot be placed in or out of the period, so they are listed apart, never counted.
    /// `date` is the commit's, `by` the act's number.
    pub undated: Vec<(Item, UndatedKind)>,
    /// In force at the end.
    pub in_force: InForce,
    /// Acts issued in the period.
    pub acts: Vec<Act>,
    /// The commit the end of the period is read at (short id, date); `None` when the
    /// repository has no commit by then.
    pub end: Option<(String, Date)>,
    /// The commit the start is read at; `None` when the period begins before the first
    /// commit (see `history_start`).
    pub start: Option<(String, Date)>,
    /// When the period begins before the catalogue's history: its first commit. The
    /// procedures already in the catalogue then are not classified as new, amended or
    /// abolished in the period: the history does not say.
    pub history_start: Option<(String, Date)>,
}

impl Report {
    /// How many changes are dated by a commit rather than an act.
    pub fn dated_by_commit(&self) -> usize {
        self.new
            .iter()
            .chain(&self.amended)
            .chain(&self.abolished)
            .filter(|i| matches!(i.by, DatedBy::Commit(_)))
            .count()
    }
}

/// The act a procedure names as the one that published it, when the registry holds it with
/// its date of issue.
pub fn published_act<'m>(p: &Procedure, m: &'m Manifest) -> Option<&'m crate::model::LegalDoc> {
    let d = p.published_by.as_ref().map(|s| s.as_str())?.trim();
    m.legal
        .iter()
        .find(|l| l.id.as_str() == d || l.number.as_str() == d)
        .filter(|l| l.issued.is_some())
}

/// Counts what is in force.
pub fn in_force<'a>(procedures: impl IntoIterator<Item = &'a Procedure>) -> InForce {
    let mut f = InForce::default();
    // An abolished procedure stays in the catalogue as the record of its abolition.
    for p in procedures.into_iter().filter(|p| !p.is_abolished()) {
        f.total += 1;
        for l in &p.levels {
            *f.by_level.entry(l.value.to_string()).or_default() += 1;
        }
        *f.by_field.entry(p.field.value.to_string()).or_default() += 1;
        if p.channel(ChannelKind::OnlineFull).is_some() {
            f.online_full += 1;
        } else if p.channel(ChannelKind::OnlinePartial).is_some() {
            f.online_partial += 1;
        }
    }
    f
}

/// The date and commit of the latest change to each catalogue file in the period, from a
/// walk of the first-parent line (`line`, newest first) between the start (excluded) and the
/// end commit.
pub fn change_dates(
    h: &History,
    line: &[(git2::Oid, Date)],
    end: usize,
    start: Option<usize>,
) -> Result<HashMap<String, (Date, String)>, crate::git::GitError> {
    let mut out: HashMap<String, (Date, String)> = HashMap::new();
    let stop = start.unwrap_or(line.len());
    for k in end..stop {
        let (oid, date) = line[k];
        let rev = h.rev_of(oid);
        if !h.has_catalogue(&rev)? {
            // Before the catalogue existed: nothing older changed it.
            break;
        }
        let mut record = |c: crate::git::Changed| {
            for rel in [c.old, c.new].into_iter().flatten() {
                out.entry(rel).or_insert_with(|| (date, rev.label.clone()));
            }
        };
        let parent = match line.get(k + 1) {
            Some((p, _)) => Some(h.rev_of(*p)).filter(|p| h.has_catalogue(p).unwrap_or(false)),
            None => None,
        };
        match parent {
            Some(parent) => h.changed_between(&parent, &rev, &mut record)?,
            // The commit that brought the catalogue: everything in it is new.
            None => {
                for (rel, _, _) in h.listing(&rev)?.files {
                    record(crate::git::Changed {
                        old: None,
                        new: Some(rel),
                        old_blob: None,
                        new_blob: None,
                    });
                }
            }
        }
    }
    Ok(out)
}

/// The catalogue-relative path of a procedure read from a commit (`label:prefix/rel`).
pub fn rel_path(p: &Procedure, prefix: &std::path::Path) -> String {
    let shown = p.file.path.to_string_lossy().replace('\\', "/");
    let after = shown.split_once(':').map_or(shown.as_str(), |(_, r)| r);
    let prefix = prefix.to_string_lossy().replace('\\', "/");
    let rel = if prefix.is_empty() {
        after
    } else {
        after
            .strip_prefix(&prefix)
            .map_or(after, |r| r.trim_start_matches('/'))
    };
    rel.to_string()
}

/// What the report is built from.
pub struct Input<'a> {
    /// The period.
    pub period: Period,
    /// The procedures at the start whose files differ at the end.
    pub start: &'a [Procedure],
    /// The procedures at the end whose files differ from the start.
    pub changed: &'a [Procedure],
    /// Every procedure at the end.
    pub end: &'a [Procedure],
    /// The manifest at the end.
    pub manifest: &'a Manifest,
    /// The dates of changed files in the period (see [`change_dates`]).
    pub dates: &'a HashMap<String, (Date, String)>,
    /// The catalogue folder's path inside the repository.
    pub prefix: &'a std::path::Path,
    /// The province overlay, when the report is a province's.
    pub province: Option<&'a crate::province::Province>,
    /// Whether the start lies before the first commit (then `start` is empty on purpose).
    pub start_commit: Option<(String, Date)>,
    /// The end commit.
    pub end_commit: Option<(String, Date)>,
    /// When the period begins before the catalogue's history: its first commit, which the
    /// report compares from (what was in the catalogue then is not classified).
    pub history_start: Option<(String, Date)>,
}

/// The levels a province's report covers: those its decision names, else every level.
fn in_scope(p: &Procedure, province: Option<&crate::province::Province>) -> bool {
    let Some(levels) = province
        .and_then(|pr| pr.decision.as_ref())
        .and_then(|d| d.levels.as_ref())
    else {
        return true;
    };
    p.levels
        .iter()
        .any(|l| levels.iter().any(|x| x.as_str() == l.as_str()))
}

/// Builds the report.
pub fn build(i: &Input<'_>) -> Report {
    let localise = |p: &Procedure| match i.province {
        Some(pr) => crate::province::apply(pr, p),
        None => p.clone(),
    };
    let end: Vec<Procedure> = i
        .end
        .iter()
        .filter(|p| in_scope(p, i.province))
        .map(localise)
        .collect();
    let start_codes: HashMap<&str, &Procedure> =
        i.start.iter().map(|p| (p.code.as_str(), p)).collect();
    let end_codes: HashMap<&str, &Procedure> = i.end.iter().map(|p| (p.code.as_str(), p)).collect();
    let dated = |rel: String| -> Option<(Date, DatedBy)> {
        i.dates
            .get(&rel)
            .map(|(d, c)| (*d, DatedBy::Commit(c.clone())))
    };
    let item = |p: &Procedure, date: Date, by: DatedBy| {
        let shown = localise(p);
        Item {
            code: shown.code.value.to_string(),
            name: shown.name.clone(),
            field: shown.field.value.to_string(),
            date,
            by,
        }
    };
    let (mut new, mut amended, mut abolished) = (Vec::new(), Vec::new(), Vec::new());
    let mut undated = Vec::new();
    // An act's date for the report: the date a record gives, else the act's date in force,
    // else its date of issue; `None` when the registry states neither.
    let act_date = |reference: &str, own: Option<Date>| -> (String, Option<Date>) {
        match crate::model::find_act(&i.manifest.legal, reference) {
            Some(l) => (
                l.number.value.to_string(),
                own.or(l.in_force.as_ref().map(|d| d.value)).or(l.issued),
            ),
            None => (reference.to_string(), own),
        }
    };
    for p in i.changed.iter().filter(|p| in_scope(p, i.province)) {
        let rel = rel_path(p, i.prefix);
        // Placed by its act's date when the act is dated; listed apart when it is not; by
        // the commit, saying so, when no act is recorded.
        let mut place = |list: &mut Vec<Item>,
                         kind: UndatedKind,
                         act: Option<(String, Option<Date>)>| {
            match act {
                Some((number, Some(d))) => {
                    if i.period.contains(d) {
                        list.push(item(p, d, DatedBy::Act(number)));
                    }
                }
                Some((number, None)) => {
                    if let Some((d, _)) = dated(rel.clone()) {
                        undated.push((item(p, d, DatedBy::Act(number)), kind));
                    }
                }
                None => {
                    if let Some((d, by)) = dated(rel.clone()) {
                        list.push(item(p, d, by));
                    }
                }
            }
        };
        let old = start_codes.get(p.code.as_str()).copied();
        // Abolished in the period (the record kept in the catalogue), by its act; a procedure
        // can also be new in the same period.
        if crate::diff::acts::newly_abolished(old, p) {
            let a = p.abolished.as_ref().expect("newly abolished");
            let own = a.in_force.as_ref().map(|d| d.value);
            place(
                &mut abolished,
                UndatedKind::Abolished,
                Some(act_date(a.by.as_str(), own)),
            );
        }
        match old {
            None => match crate::diff::acts::arrival(p) {
                // In force already, added to the catalogue as data: not published now.
                crate::diff::acts::Arrival::Editorial(_) => {}
                crate::diff::acts::Arrival::Published(id) => {
                    place(
                        &mut new,
                        UndatedKind::New,
                        Some(act_date(id.as_str(), None)),
                    );
                }
                crate::diff::acts::Arrival::Unaccounted => place(&mut new, UndatedKind::New, None),
            },
            Some(old) => {
                if crate::diff::acts::newly_abolished(Some(old), p) {
                    continue;
                }
                let changes = crate::diff::procedure(old, p);
                if changes.is_empty() {
                    continue;
                }
                let acct = crate::diff::acts::account(old, p, &changes);
                if let Some(m) = acct.acts.first() {
                    let own = m.in_force.as_ref().map(|d| d.value);
                    place(
                        &mut amended,
                        UndatedKind::Amended,
                        Some(act_date(m.by.as_str(), own)),
                    );
                } else if !acct.unaccounted.is_empty() {
                    place(&mut amended, UndatedKind::Amended, None);
                }
                // Only editorial changes (corrections, data completion): no amendment.
            }
        }
    }
    for p in i.start.iter().filter(|p| in_scope(p, i.province)) {
        if end_codes.contains_key(p.code.as_str()) {
            continue;
        }
        // A changed start file whose code is gone at the end: abolished (or renamed away).
        if let Some((d, by)) = dated(rel_path(p, i.prefix)) {
            abolished.push(item(p, d, by));
        }
    }
    for v in [&mut new, &mut amended, &mut abolished] {
        v.sort_by(|a, b| a.code.cmp(&b.code));
    }
    let mut acts: Vec<Act> = i
        .manifest
        .legal
        .iter()
        .filter_map(|l| {
            let d = l.issued?;
            i.period.contains(d).then(|| Act {
                number: l.number.value.to_string(),
                title: l
                    .title
                    .as_ref()
                    .map(|t| t.value.clone())
                    .unwrap_or_default(),
                issued: d,
                issuer: l.issuer.clone(),
            })
        })
        .collect();
    if let Some(pr) = i.province {
        acts.extend(
            pr.resolutions
                .iter()
                .filter(|r| i.period.contains(r.issued))
                .map(|r| Act {
                    number: r.number.clone(),
                    title: r.title.clone(),
                    issued: r.issued,
                    issuer: None,
                }),
        );
    }
    acts.sort_by(|a, b| a.issued.cmp(&b.issued).then(a.number.cmp(&b.number)));
    Report {
        period: i.period,
        province: i.province.map(|p| (p.id.value.to_string(), p.name.clone())),
        new,
        amended,
        abolished,
        undated,
        in_force: in_force(&end),
        acts,
        end: i.end_commit.clone(),
        start: i.start_commit.clone(),
        history_start: i.history_start.clone(),
    }
}

/// A period that cannot be reported on, in words.
pub fn bad_period(from: Date, to: Date) -> Option<Tr> {
    (to <= from).then(|| {
        let (f, t) = (
            crate::wording::date(from, crate::diag::Lang::Vi),
            crate::wording::date(to, crate::diag::Lang::Vi),
        );
        let (fe, te) = (from.to_string(), to.to_string());
        if to == from {
            crate::tr!(
                "the period from {fe} to {te} is empty: --to must come after --from",
                "khoảng thời gian từ {f} đến {t} rỗng: --to phải sau --from"
            )
        } else {
            crate::tr!(
                "the period is reversed: --from {fe} comes after --to {te}",
                "khoảng thời gian bị đảo ngược: --from {f} sau --to {t}"
            )
        }
    })
}
