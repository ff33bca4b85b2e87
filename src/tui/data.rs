//! What the review UI shows, computed off the UI thread: both revisions loaded, the tree of
//! fields and procedures with change markers, typed changes, metrics and targets, and the
//! revisions a picker offers.

use crate::catalogue::{self, Catalogue, InputFile, Source};
use crate::cmd::revision::{RevisionError, Side};
use crate::diff::{self, Change};
use crate::git::History;
use crate::limits::Limits;
use crate::metrics::targets::{self, Outcome as TargetOutcome};
use crate::metrics::{self, CostSettings, Totals};
use crate::model::{Manifest, Procedure, Text};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One side of the comparison, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevSpec {
    /// The working tree (uncommitted changes included).
    WorkTree,
    /// A git revision (commit, tag, branch) or a catalogue directory.
    Rev(String),
}

/// How the working tree is named in labels until it is shown ([`rev_label`]).
pub const WORK_TREE: &str = "working tree";

/// A revision's label as the screen shows it: the working tree in the user's language.
pub fn rev_label(label: &str, lang: crate::diag::Lang) -> String {
    match (label, lang) {
        (WORK_TREE, crate::diag::Lang::Vi) => "bản đang sửa (chưa commit)".into(),
        _ => label.to_string(),
    }
}

impl RevSpec {
    /// How the status bar shows it before it is resolved.
    pub fn label(&self) -> String {
        match self {
            RevSpec::WorkTree => WORK_TREE.into(),
            RevSpec::Rev(s) => s.clone(),
        }
    }
}

/// What the worker is asked to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The older side.
    pub a: RevSpec,
    /// The newer side.
    pub b: RevSpec,
}

/// How a procedure changed between the sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Same on both sides.
    Same,
    /// Only in B.
    Added,
    /// Only in A.
    Removed,
    /// In both, with typed changes.
    Amended,
}

impl Mark {
    /// The one-character marker of the tree.
    pub fn symbol(self) -> char {
        match self {
            Mark::Same => ' ',
            Mark::Added => '+',
            Mark::Removed => '-',
            Mark::Amended => '~',
        }
    }
}

/// A procedure in the tree.
#[derive(Debug, Clone)]
pub struct Item {
    /// Code.
    pub code: String,
    /// Name.
    pub name: Text,
    /// Change marker.
    pub mark: Mark,
    /// Code and names folded (lower case, no diacritics), for search.
    pub key: String,
}

/// A field (lĩnh vực) with its procedures, sorted by code.
#[derive(Debug, Clone)]
pub struct Field {
    /// Field id.
    pub id: String,
    /// Display name (the id when the manifest does not name it).
    pub name: Text,
    /// Procedures.
    pub items: Vec<Item>,
    /// How many items are marked.
    pub changed: usize,
}

/// A revision the picker offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevChoice {
    /// What to show.
    pub label: String,
    /// What to load.
    pub spec: RevSpec,
}

/// Simplification figures of both sides.
#[derive(Debug, Clone, Default)]
pub struct Dashboard {
    /// Totals at A.
    pub before: Totals,
    /// Totals at B.
    pub after: Totals,
    /// Targets of `targets.yaml` checked with A as the baseline (`None`: no targets file).
    pub targets: Option<Vec<TargetOutcome>>,
    /// Why targets could not be read, if so.
    pub targets_error: Option<String>,
}

/// Everything the UI shows for one pair of revisions.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Resolved labels of A and B.
    pub labels: (String, String),
    /// B's manifest (levels and field names).
    pub manifest: Manifest,
    /// The tree.
    pub fields: Vec<Field>,
    /// B's catalogue.
    pub b: Catalogue,
    /// A's version of every procedure that differs (by code).
    pub a_changed: HashMap<String, Procedure>,
    /// Typed changes of amended procedures.
    pub changes: HashMap<String, Vec<Change>>,
    /// Change markers of the procedures that differ.
    pub marks: HashMap<String, Mark>,
    /// Metrics and targets.
    pub dashboard: Dashboard,
    /// Revisions for the pickers, newest first.
    pub revisions: Vec<RevChoice>,
    /// Files that could not be read, on either side.
    pub errors: usize,
}

impl Snapshot {
    /// The procedure at B, or at A when it was removed.
    pub fn procedure(&self, code: &str) -> Option<&Procedure> {
        self.b.procedure(code).or_else(|| self.a_changed.get(code))
    }

    /// The procedure at A (only kept when it differs from B).
    pub fn before(&self, code: &str) -> Option<&Procedure> {
        self.a_changed.get(code)
    }

    /// How a procedure changed.
    pub fn mark(&self, code: &str) -> Mark {
        self.marks.get(code).copied().unwrap_or(Mark::Same)
    }

    /// Number of added, removed and amended procedures.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for i in self.fields.iter().flat_map(|f| &f.items) {
            match i.mark {
                Mark::Added => c.0 += 1,
                Mark::Removed => c.1 += 1,
                Mark::Amended => c.2 += 1,
                Mark::Same => {}
            }
        }
        c
    }
}

pub use crate::vietnamese::fold;

/// Where the catalogue is: a folder in a git repository, or the bundled copy.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The catalogue folder (`None`: bundled).
    pub dir: Option<PathBuf>,
    /// The limits in force (see [`crate::cmd::Global::limits`]).
    pub limits: Limits,
}

enum Resolved {
    Dir(PathBuf),
    Commit(crate::git::Rev),
    WorkTree,
}

fn resolve(
    spec: &RevSpec,
    history: &mut Option<History>,
    dir: Option<&Path>,
) -> Result<Resolved, RevisionError> {
    match spec {
        RevSpec::WorkTree => Ok(Resolved::WorkTree),
        RevSpec::Rev(s) => Ok(match crate::cmd::revision::side(s, history, dir)? {
            Side::Dir(d) => Resolved::Dir(d),
            Side::Commit(r) => Resolved::Commit(r),
            Side::WorkTree => Resolved::WorkTree,
        }),
    }
}

fn label(r: &Resolved) -> String {
    match r {
        Resolved::Dir(d) => d.display().to_string(),
        Resolved::Commit(rev) => rev.label.clone(),
        Resolved::WorkTree => WORK_TREE.into(),
    }
}

fn all_files(
    r: &Resolved,
    history: Option<&History>,
    dir: Option<&Path>,
    limits: &Limits,
) -> Result<Vec<InputFile>, RevisionError> {
    Ok(match r {
        Resolved::Dir(d) => Source::Dir(d.clone()).files(limits)?,
        Resolved::Commit(rev) => history
            .ok_or(RevisionError::Bundled)?
            .files_at(rev, limits)?,
        Resolved::WorkTree => match dir {
            Some(d) => Source::Dir(d.to_path_buf()).files(limits)?,
            None => Source::Bundled.files(limits)?,
        },
    })
}

/// Checks that both sides name something before the UI starts, so a typo exits with code 2
/// instead of opening an empty screen.
pub fn check_specs(origin: &Origin, req: &Request) -> Result<(), RevisionError> {
    let mut history = None;
    resolve(&req.a, &mut history, origin.dir.as_deref())?;
    resolve(&req.b, &mut history, origin.dir.as_deref())?;
    Ok(())
}

/// The manifest of the working tree alone (quick: no procedure is read).
pub fn manifest(origin: &Origin) -> Manifest {
    // The manifest is read under the defaults: it is what may change them.
    let limits = Limits::default();
    let file = match &origin.dir {
        Some(d) => Some(InputFile {
            rel: "catalogue.yaml".into(),
            display: d.join("catalogue.yaml"),
            bytes: catalogue::read_limited(&d.join("catalogue.yaml"), limits.max_file_bytes),
        }),
        None => Source::Bundled
            .files(&limits)
            .ok()
            .and_then(|fs| fs.into_iter().find(|f| f.rel == "catalogue.yaml")),
    };
    file.map(|f| catalogue::load(vec![f], &limits).catalogue.manifest)
        .unwrap_or_default()
}

/// The default side A: the manifest's `baseline` when set, else HEAD (the working tree
/// for the bundled catalogue, which has no history).
pub fn default_a(origin: &Origin) -> RevSpec {
    if origin.dir.is_none() {
        return RevSpec::WorkTree;
    }
    RevSpec::Rev(manifest(origin).baseline.unwrap_or_else(|| "HEAD".into()))
}

/// Loads both sides and computes everything the UI shows. Between two commits (or a
/// commit and the working tree) side A is read only where it differs from B.
pub fn load(origin: &Origin, req: &Request) -> Result<Snapshot, RevisionError> {
    let limits = origin.limits.clone();
    let dir = origin.dir.as_deref();
    let mut history = None;
    let ra = resolve(&req.a, &mut history, dir)?;
    let rb = resolve(&req.b, &mut history, dir)?;
    if history.is_none()
        && let Some(d) = dir
    {
        // The pickers need the repository even when both sides are directories.
        history = History::open(d).ok();
    }
    let h = history.as_ref();
    let mut files_b = all_files(&rb, h, dir, &limits)?;
    let targets_file = files_b
        .iter()
        .position(|f| f.rel == "targets.yaml")
        .map(|i| InputFile {
            rel: files_b[i].rel.clone(),
            display: files_b[i].display.clone(),
            bytes: files_b[i].bytes.clone(),
        });
    files_b.retain(|f| f.rel != "targets.yaml");
    let loaded_b = crate::cmd::revision::usable(catalogue::load(files_b, &limits), &label(&rb))?;
    let mut errors = loaded_b.errors();
    let b = loaded_b.catalogue;

    // A's procedures that may differ from B, and the codes whose diff must be computed.
    let (a_manifest, a_diff_procs, a_unchanged_all, touched): (
        Manifest,
        Vec<Procedure>,
        bool,
        HashSet<String>,
    ) = match (&ra, &rb, h) {
        (Resolved::Commit(rev_a), Resolved::Commit(_) | Resolved::WorkTree, Some(h)) => {
            let rev_b = match &rb {
                Resolved::Commit(r) => Some(r),
                _ => None,
            };
            let changed = h.changed(rev_a, rev_b)?;
            let mut rels_a = vec!["catalogue.yaml".to_string()];
            let mut rels_b = vec!["catalogue.yaml".to_string()];
            for c in changed {
                rels_a.extend(c.old.filter(|r| r.starts_with("procedures/")));
                rels_b.extend(c.new.filter(|r| r.starts_with("procedures/")));
            }
            let mut la = catalogue::load(h.some_files_at(rev_a, &rels_a, &limits)?, &limits);
            // A is read only where it differs, but must hold nothing unreadable elsewhere and
            // no code twice.
            let read = rels_a.iter().cloned().collect();
            let one = |rel: &str| Some(h.file_at(rev_a, rel, &limits));
            crate::cmd::revision::check_rest(
                &mut la,
                crate::cmd::revision::side_listing(h, Some(rev_a))?,
                &read,
                &one,
                &limits,
            );
            let la = crate::cmd::revision::usable(la, &label(&ra))?;
            let fb = match rev_b {
                Some(r) => h.some_files_at(r, &rels_b, &limits)?,
                None => h.worktree_files(&rels_b, &limits),
            };
            let lb = crate::cmd::revision::usable(catalogue::load(fb, &limits), &label(&rb))?;
            errors += la.errors();
            let mut touched: HashSet<String> = la
                .catalogue
                .procedures
                .iter()
                .map(|p| p.code.value.clone())
                .collect();
            touched.extend(lb.catalogue.procedures.iter().map(|p| p.code.value.clone()));
            (
                la.catalogue.manifest,
                la.catalogue.procedures,
                true,
                touched,
            )
        }
        _ => {
            let la = crate::cmd::revision::usable(
                catalogue::load(all_files(&ra, h, dir, &limits)?, &limits),
                &label(&ra),
            )?;
            errors += la.errors();
            let touched = la
                .catalogue
                .procedures
                .iter()
                .map(|p| p.code.value.clone())
                .chain(b.procedures.iter().map(|p| p.code.value.clone()))
                .collect();
            (
                la.catalogue.manifest,
                la.catalogue.procedures,
                false,
                touched,
            )
        }
    };

    // Outside `touched`, A and B are the same procedures, so the diff only looks inside.
    let before: Vec<&Procedure> = a_diff_procs
        .iter()
        .filter(|p| touched.contains(p.code.as_str()))
        .collect();
    let after: Vec<&Procedure> = b
        .procedures
        .iter()
        .filter(|p| touched.contains(p.code.as_str()))
        .collect();
    let mut d = diff::catalogues(before.iter().copied(), after.iter().copied());
    diff::labels::describe(
        &mut d,
        before.iter().copied(),
        after.iter().copied(),
        &b.manifest,
    );
    let mut marks: HashMap<String, Mark> = HashMap::new();
    for e in &d.added {
        marks.insert(e.code.clone(), Mark::Added);
    }
    for e in &d.removed {
        marks.insert(e.code.clone(), Mark::Removed);
    }
    let mut changes = HashMap::new();
    for am in d.amended {
        marks.insert(am.code.clone(), Mark::Amended);
        changes.insert(am.code, am.changes);
    }

    // Metrics: A in full is B outside `touched` plus A's own versions inside it.
    let a_full: Vec<&Procedure> = if a_unchanged_all {
        b.procedures
            .iter()
            .filter(|p| !touched.contains(p.code.as_str()))
            .chain(a_diff_procs.iter())
            .collect()
    } else {
        a_diff_procs.iter().collect()
    };
    let report_a = metrics::report(a_full.iter().copied(), &CostSettings::of(&a_manifest));
    let report_b = metrics::report(&b.procedures, &CostSettings::of(&b.manifest));
    let mut dashboard = Dashboard {
        before: report_a.totals.clone(),
        after: report_b.totals.clone(),
        ..Dashboard::default()
    };
    if let Some(tf) = targets_file {
        let fields: Vec<&str> = b.manifest.fields.iter().map(|f| f.id.as_str()).collect();
        let levels: Vec<&str> = b.manifest.levels.iter().map(|f| f.id.as_str()).collect();
        match catalogue::parse_file(&tf, &limits) {
            Err(e) => dashboard.targets_error = Some(e.message.en.to_string()),
            Ok((src, doc)) => {
                let mut cx = catalogue::decode::Cx::new(&doc, &src, &limits);
                let t = match doc.root() {
                    Some(root) => targets::read(&mut cx, root, &fields, &levels),
                    None => Vec::new(),
                };
                if let Some(e) = cx.diags.first() {
                    dashboard.targets_error = Some(e.message.en.to_string());
                } else {
                    dashboard.targets = Some(targets::check(&t, &report_a, &report_b));
                }
            }
        }
    }

    let a_changed: HashMap<String, Procedure> = a_diff_procs
        .into_iter()
        .filter(|p| marks.contains_key(p.code.as_str()))
        .map(|p| (p.code.value.clone(), p))
        .collect();
    let fields = tree(&b, &a_changed, &marks);
    let revisions = history.as_ref().map(revisions).unwrap_or_default();
    Ok(Snapshot {
        labels: (label(&ra), label(&rb)),
        manifest: b.manifest.clone(),
        fields,
        b,
        a_changed,
        changes,
        marks,
        dashboard,
        revisions,
        errors,
    })
}

fn item(p: &Procedure, mark: Mark) -> Item {
    let mut key = fold(&p.code.value);
    key.push(' ');
    key.push_str(&fold(&p.name.vi));
    if let Some(en) = &p.name.en {
        key.push(' ');
        key.push_str(&fold(en));
    }
    Item {
        code: p.code.value.clone(),
        name: p.name.clone(),
        mark,
        key,
    }
}

fn tree(
    b: &Catalogue,
    a: &HashMap<String, Procedure>,
    marks: &HashMap<String, Mark>,
) -> Vec<Field> {
    let mut by_field: BTreeMap<&str, Vec<Item>> = BTreeMap::new();
    for p in &b.procedures {
        let m = marks.get(p.code.as_str()).copied().unwrap_or(Mark::Same);
        by_field
            .entry(p.field.as_str())
            .or_default()
            .push(item(p, m));
    }
    for (code, p) in a {
        if marks.get(code) == Some(&Mark::Removed) {
            by_field
                .entry(p.field.as_str())
                .or_default()
                .push(item(p, Mark::Removed));
        }
    }
    let mut out = Vec::new();
    let mut push = |id: &str, name: Text, mut items: Vec<Item>| {
        items.sort_by(|x, y| x.code.cmp(&y.code));
        let changed = items.iter().filter(|i| i.mark != Mark::Same).count();
        out.push(Field {
            id: id.to_string(),
            name,
            items,
            changed,
        });
    };
    // Fields in the manifest's order, then any the manifest does not list.
    for f in &b.manifest.fields {
        if let Some(items) = by_field.remove(f.id.as_str()) {
            push(f.id.as_str(), f.name.clone(), items);
        }
    }
    for (id, items) in by_field {
        push(
            id,
            Text {
                vi: id.to_string(),
                en: None,
            },
            items,
        );
    }
    out
}

/// The revisions a picker offers: the working tree, branches, tags, then up to 500 commits
/// from HEAD, newest first.
pub fn revisions(h: &History) -> Vec<RevChoice> {
    let repo = h.repo();
    let mut out = vec![RevChoice {
        label: WORK_TREE.into(),
        spec: RevSpec::WorkTree,
    }];
    let mut branches = Vec::new();
    let mut tags = Vec::new();
    if let Ok(refs) = repo.references() {
        for r in refs.flatten() {
            let Ok(name) = r.shorthand() else { continue };
            if r.is_branch() {
                branches.push(name.to_string());
            } else if r.is_tag() {
                tags.push(name.to_string());
            }
        }
    }
    branches.sort();
    tags.sort();
    out.extend(branches.into_iter().map(|b| RevChoice {
        label: format!("branch {b}"),
        spec: RevSpec::Rev(b),
    }));
    out.extend(tags.into_iter().rev().map(|t| RevChoice {
        label: format!("tag    {t}"),
        spec: RevSpec::Rev(t),
    }));
    if let Ok(mut walk) = repo.revwalk()
        && walk.push_head().is_ok()
    {
        let _ = walk.set_sorting(git2::Sort::TIME);
        for oid in walk.flatten().take(500) {
            let Ok(c) = repo.find_commit(oid) else {
                continue;
            };
            let id = oid.to_string();
            let short = id.get(..7).unwrap_or(&id).to_string();
            out.push(RevChoice {
                label: format!("{short} {}", c.summary().ok().flatten().unwrap_or("")),
                spec: RevSpec::Rev(short),
            });
        }
    }
    out
}

#[cfg(test)]
mod label_tests {
    use super::*;
    use crate::diag::Lang;

    #[test]
    fn the_working_tree_is_named_in_the_users_language() {
        assert_eq!(rev_label(WORK_TREE, Lang::Vi), "bản đang sửa (chưa commit)");
        assert_eq!(rev_label(WORK_TREE, Lang::En), "working tree");
        assert_eq!(rev_label("v1 (b00d677)", Lang::Vi), "v1 (b00d677)");
        assert_eq!(RevSpec::WorkTree.label(), WORK_TREE);
    }
}
