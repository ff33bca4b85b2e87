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
    /// In both, with changes that are all editorial (corrections, data completion): no
    /// act amended it.
    Editorial,
}

impl Mark {
    /// The one-character marker of the tree.
    pub fn symbol(self) -> char {
        match self {
            Mark::Same => ' ',
            Mark::Added => '+',
            Mark::Removed => '-',
            Mark::Amended => '~',
            Mark::Editorial => '✎',
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

/// What a picker row names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevKind {
    /// The working tree.
    WorkTree,
    /// A branch, by name.
    Branch(String),
    /// A tag, by name.
    Tag(String),
    /// A commit of the history from HEAD.
    Commit,
}

/// The commit a picker row points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// Abbreviated id.
    pub short: String,
    /// The author's date, in the author's own time zone.
    pub date: jiff::civil::Date,
    /// Author name.
    pub author: String,
    /// First line of the message.
    pub subject: String,
}

/// A revision the picker offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevChoice {
    /// What the row names.
    pub kind: RevKind,
    /// What to load.
    pub spec: RevSpec,
    /// The commit (none for the working tree).
    pub commit: Option<CommitInfo>,
    /// Whether the row concerns the catalogue: a commit that changed the catalogue folder, or
    /// the working tree, a branch, a tag, the baseline. The picker hides the others until asked.
    pub catalogue: bool,
    /// Whether it is the manifest's `baseline`.
    pub baseline: bool,
}

/// Simplification figures of both sides.
#[derive(Debug, Clone, Default)]
pub struct Dashboard {
    /// Totals at A.
    pub before: Totals,
    /// Totals at B.
    pub after: Totals,
    /// Targets of `targets.yaml` checked against [`Dashboard::baseline`] (`None`: no targets
    /// file).
    pub targets: Option<Vec<TargetOutcome>>,
    /// The manifest's baseline the targets are measured against (its resolved label); `None`
    /// when the manifest sets none, and then they are measured against A.
    pub baseline: Option<String>,
    /// Why targets could not be read or measured, if so.
    pub targets_error: Option<crate::diag::Tr>,
    /// What each province of B has not localised yet, today (`thutuc drift`); empty without
    /// a history to measure it by.
    pub pending: Vec<crate::report::drift::Drift>,
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
    /// The acts behind each changed procedure's changes, its editorial ones and those no
    /// act accounts for.
    pub notes: HashMap<String, Vec<diff::acts::Note>>,
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

    /// Number of added, removed, amended and editorially changed procedures.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let mut c = (0, 0, 0, 0);
        for i in self.fields.iter().flat_map(|f| &f.items) {
            match i.mark {
                Mark::Added => c.0 += 1,
                Mark::Removed => c.1 += 1,
                Mark::Amended => c.2 += 1,
                Mark::Editorial => c.3 += 1,
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
    let side_a = against_b(&ra, &rb, &b, h, dir, &limits)?;
    errors += side_a.errors;
    let (a_manifest, a_diff_procs, a_unchanged_all, touched) = (
        side_a.manifest,
        side_a.procs,
        side_a.partial,
        side_a.touched,
    );

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
    diff::acts::annotate(
        &mut d,
        before.iter().copied(),
        after.iter().copied(),
        &b.manifest.legal,
    );
    let mut marks: HashMap<String, Mark> = HashMap::new();
    let mut notes: HashMap<String, Vec<diff::acts::Note>> = HashMap::new();
    for e in &d.added {
        marks.insert(e.code.clone(), Mark::Added);
        notes.insert(e.code.clone(), e.note.iter().cloned().collect());
    }
    for e in &d.removed {
        marks.insert(e.code.clone(), Mark::Removed);
        notes.insert(e.code.clone(), e.note.iter().cloned().collect());
    }
    let mut changes = HashMap::new();
    for am in d.amended {
        let editorial = !am.notes.is_empty()
            && am
                .notes
                .iter()
                .all(|n| n.kind == diff::acts::NoteKind::Editorial);
        let mark = if editorial {
            Mark::Editorial
        } else {
            Mark::Amended
        };
        marks.insert(am.code.clone(), mark);
        notes.insert(am.code.clone(), am.notes);
        changes.insert(am.code, am.changes);
    }

    // Metrics: A in full is B outside `touched` plus A's own versions inside it.
    let a_full = in_full(&b, &a_diff_procs, a_unchanged_all, &touched);
    let report_a = metrics::report(a_full.iter().copied(), &CostSettings::of(&a_manifest));
    let report_b = metrics::report(&b.procedures, &CostSettings::of(&b.manifest));
    let mut dashboard = Dashboard {
        before: report_a.totals.clone(),
        after: report_b.totals.clone(),
        ..Dashboard::default()
    };
    if let Some(tf) = targets_file {
        // Targets are measured against the manifest's baseline, as `thutuc check` does, not
        // against whatever A the reviewer picked; without a baseline, against A (and the pane
        // says so).
        let base = match &b.manifest.baseline {
            None => Ok(None),
            Some(spec) => baseline_report(spec, &ra, &rb, &b, h, dir, &limits).map(Some),
        };
        match base {
            Err(e) => {
                dashboard.targets_error = Some(crate::diag::Tr {
                    en: told(&e, crate::diag::Lang::En),
                    vi: told(&e, crate::diag::Lang::Vi),
                })
            }
            Ok(base) => {
                let (base_label, base_report) = match base {
                    Some((l, Some(r))) => (Some(l), r),
                    Some((l, None)) => (Some(l), report_a.clone()),
                    None => (None, report_a.clone()),
                };
                dashboard.baseline = base_label;
                check_targets(&tf, &b, &base_report, &report_b, &limits, &mut dashboard);
            }
        }
    }

    if let Some(h) = h {
        let today = crate::cmd::drift::today();
        dashboard.pending = b
            .provinces
            .iter()
            .filter_map(|p| {
                crate::cmd::drift::listing(h, dir, &limits, p.id.as_str(), today, Some(&b)).ok()
            })
            .collect();
    }

    let a_changed: HashMap<String, Procedure> = a_diff_procs
        .into_iter()
        .filter(|p| marks.contains_key(p.code.as_str()))
        .map(|p| (p.code.value.to_string(), p))
        .collect();
    let fields = tree(&b, &a_changed, &marks);
    let revisions = history
        .as_ref()
        .map(|h| revisions(h, b.manifest.baseline.as_deref()))
        .unwrap_or_default();
    Ok(Snapshot {
        labels: (label(&ra), label(&rb)),
        manifest: b.manifest.clone(),
        fields,
        b,
        a_changed,
        changes,
        notes,
        marks,
        dashboard,
        revisions,
        errors,
    })
}

/// A side read against B: its manifest, its procedures that may differ from B's, and the
/// codes whose diff must be computed.
struct Against {
    manifest: Manifest,
    procs: Vec<Procedure>,
    /// True when only the files that differ from B were read (B supplies the rest).
    partial: bool,
    touched: HashSet<String>,
    errors: usize,
}

/// Reads side `rx` for a comparison with B: between commits (or a commit and the working
/// tree) only where it differs from B.
fn against_b(
    rx: &Resolved,
    rb: &Resolved,
    b: &Catalogue,
    h: Option<&History>,
    dir: Option<&Path>,
    limits: &Limits,
) -> Result<Against, RevisionError> {
    match (rx, rb, h) {
        (Resolved::Commit(rev_a), Resolved::Commit(_) | Resolved::WorkTree, Some(h)) => {
            let rev_b = match rb {
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
            let mut la = catalogue::load(h.some_files_at(rev_a, &rels_a, limits)?, limits);
            // A is read only where it differs, but must hold nothing unreadable elsewhere and
            // no code twice.
            let read = rels_a.iter().cloned().collect();
            crate::cmd::revision::check_rest_at(&mut la, h, Some(rev_a), &read, limits)?;
            let la = crate::cmd::revision::usable(la, &label(rx))?;
            let fb = match rev_b {
                Some(r) => h.some_files_at(r, &rels_b, limits)?,
                None => h.worktree_files(&rels_b, limits),
            };
            let lb = crate::cmd::revision::usable(catalogue::load(fb, limits), &label(rb))?;
            let errors = la.errors();
            let mut touched: HashSet<String> = la
                .catalogue
                .procedures
                .iter()
                .map(|p| p.code.value.to_string())
                .collect();
            touched.extend(
                lb.catalogue
                    .procedures
                    .iter()
                    .map(|p| p.code.value.to_string()),
            );
            Ok(Against {
                manifest: la.catalogue.manifest,
                procs: la.catalogue.procedures,
                partial: true,
                touched,
                errors,
            })
        }
        _ => {
            let la = crate::cmd::revision::usable(
                catalogue::load(all_files(rx, h, dir, limits)?, limits),
                &label(rx),
            )?;
            let errors = la.errors();
            let touched = la
                .catalogue
                .procedures
                .iter()
                .map(|p| p.code.value.to_string())
                .chain(b.procedures.iter().map(|p| p.code.value.to_string()))
                .collect();
            Ok(Against {
                manifest: la.catalogue.manifest,
                procs: la.catalogue.procedures,
                partial: false,
                touched,
                errors,
            })
        }
    }
}

/// A side's procedures in full: B's outside `touched` plus its own, when it was read partially.
fn in_full<'a>(
    b: &'a Catalogue,
    own: &'a [Procedure],
    partial: bool,
    touched: &HashSet<String>,
) -> Vec<&'a Procedure> {
    if partial {
        b.procedures
            .iter()
            .filter(|p| !touched.contains(p.code.as_str()))
            .chain(own.iter())
            .collect()
    } else {
        own.iter().collect()
    }
}

/// A revision error in a language: git faults and unreadable revisions carry both.
pub fn told(e: &RevisionError, lang: crate::diag::Lang) -> String {
    match e {
        RevisionError::Invalid(u) => u.render(lang, false),
        RevisionError::Git(g) => g.render(lang),
        e => e.to_string(),
    }
}

/// Resolves a revision name with the repository already open (a directory first, as
/// [`crate::cmd::revision::side`] does).
fn resolve_in(spec: &str, h: Option<&History>) -> Result<Resolved, RevisionError> {
    if Path::new(spec).is_dir() {
        return Ok(Resolved::Dir(spec.into()));
    }
    let h = h.ok_or(RevisionError::Bundled)?;
    Ok(Resolved::Commit(h.resolve(spec)?))
}

/// The baseline's label and its metrics (`None`: it is side A, whose report is at hand).
fn baseline_report(
    spec: &str,
    ra: &Resolved,
    rb: &Resolved,
    b: &Catalogue,
    h: Option<&History>,
    dir: Option<&Path>,
    limits: &Limits,
) -> Result<(String, Option<metrics::Report>), RevisionError> {
    let rx = resolve_in(spec, h)?;
    let same_as_a = match (&rx, ra) {
        (Resolved::Commit(x), Resolved::Commit(a)) => x.oid == a.oid,
        (Resolved::Dir(x), Resolved::Dir(a)) => x == a,
        _ => false,
    };
    if same_as_a {
        return Ok((label(ra), None));
    }
    let side = against_b(&rx, rb, b, h, dir, limits)?;
    let full = in_full(b, &side.procs, side.partial, &side.touched);
    let report = metrics::report(full.iter().copied(), &CostSettings::of(&side.manifest));
    Ok((label(&rx), Some(report)))
}

/// Reads `targets.yaml` and checks it; a file that cannot be read is told, not skipped.
fn check_targets(
    tf: &InputFile,
    b: &Catalogue,
    base: &metrics::Report,
    current: &metrics::Report,
    limits: &Limits,
    dashboard: &mut Dashboard,
) {
    let fields: Vec<&str> = b.manifest.fields.iter().map(|f| f.id.as_str()).collect();
    let levels: Vec<&str> = b.manifest.levels.iter().map(|f| f.id.as_str()).collect();
    match catalogue::parse_file(tf, limits) {
        Err(e) => dashboard.targets_error = Some(e.message.clone()),
        Ok((src, doc)) => {
            let mut cx = crate::shape::Cx::new(&doc, &src, limits);
            let t = match doc.root() {
                Some(root) => targets::read(&mut cx, root, &fields, &levels),
                None => Vec::new(),
            };
            if let Some(e) = cx.diags.first() {
                dashboard.targets_error = Some(e.message.clone());
            } else {
                dashboard.targets = Some(targets::check(&t, base, current));
            }
        }
    }
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
        code: p.code.value.to_string(),
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
                vi: id.into(),
                en: None,
            },
            items,
        );
    }
    out
}

/// How many commits from HEAD the pickers look at.
pub const MAX_COMMITS: usize = 500;

fn commit_info(c: &git2::Commit<'_>) -> CommitInfo {
    let id = c.id().to_string();
    let when = c.author().when();
    // The date as the author saw it: the commit's own UTC offset, not this machine's.
    let date = jiff::Timestamp::from_second(when.seconds())
        .ok()
        .zip(jiff::tz::Offset::from_seconds(when.offset_minutes().saturating_mul(60)).ok())
        .map(|(ts, off)| ts.to_zoned(off.to_time_zone()).date())
        .unwrap_or_default();
    CommitInfo {
        short: id.get(..7).unwrap_or(&id).to_string(),
        date,
        author: String::from_utf8_lossy(c.author().name_bytes()).into_owned(),
        subject: c.summary().ok().flatten().unwrap_or("").to_string(),
    }
}

/// The catalogue folder's tree in a commit (`None`: the commit has no such folder).
fn folder(h: &History, c: &git2::Commit<'_>) -> Option<git2::Oid> {
    let tree = c.tree().ok()?;
    if h.prefix().as_os_str().is_empty() {
        return Some(tree.id());
    }
    tree.get_path(h.prefix()).ok().map(|e| e.id())
}

/// Whether a commit changed the catalogue folder, as `git log -- <folder>` decides: a commit
/// whose folder equals one of its parents' did not (a merge that took one side's folder
/// unchanged is left out); a root commit did if it has the folder.
pub fn touches_catalogue(h: &History, c: &git2::Commit<'_>) -> bool {
    let own = folder(h, c);
    if c.parent_count() == 0 {
        return own.is_some();
    }
    c.parents().all(|p| folder(h, &p) != own)
}

/// The revisions a picker offers: the working tree, branches, tags, then up to
/// [`MAX_COMMITS`] commits from HEAD, newest first, each with its date, author and subject.
/// The row of the manifest's `baseline` (by name, and the commit it names) is marked.
pub fn revisions(h: &History, baseline: Option<&str>) -> Vec<RevChoice> {
    let repo = h.repo();
    let base_oid = baseline.and_then(|b| h.resolve(b).ok()).map(|r| r.oid);
    let info = |name: &str| {
        repo.revparse_single(name)
            .ok()
            .and_then(|o| o.peel_to_commit().ok())
            .map(|c| commit_info(&c))
    };
    let mut out = vec![RevChoice {
        kind: RevKind::WorkTree,
        spec: RevSpec::WorkTree,
        commit: None,
        catalogue: true,
        baseline: false,
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
    let named = |kind: RevKind, name: String| RevChoice {
        commit: info(&name),
        baseline: baseline == Some(name.as_str()),
        spec: RevSpec::Rev(name),
        kind,
        catalogue: true,
    };
    out.extend(
        branches
            .into_iter()
            .map(|b| named(RevKind::Branch(b.clone()), b)),
    );
    out.extend(
        tags.into_iter()
            .rev()
            .map(|t| named(RevKind::Tag(t.clone()), t)),
    );
    if let Ok(mut walk) = repo.revwalk()
        && walk.push_head().is_ok()
    {
        // Newest first, and a child before its parent when both carry the same time.
        let _ = walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME);
        for oid in walk.flatten().take(MAX_COMMITS) {
            let Ok(c) = repo.find_commit(oid) else {
                continue;
            };
            let info = commit_info(&c);
            let baseline = base_oid == Some(oid);
            out.push(RevChoice {
                kind: RevKind::Commit,
                spec: RevSpec::Rev(info.short.clone()),
                catalogue: baseline || touches_catalogue(h, &c),
                commit: Some(info),
                baseline,
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

#[cfg(test)]
mod revision_tests {
    use super::*;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str], date: &str, author: &str) {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", author)
            .env("GIT_AUTHOR_EMAIL", "a@example.vn")
            .env("GIT_COMMITTER_NAME", author)
            .env("GIT_COMMITTER_EMAIL", "a@example.vn")
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .expect("git");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn put(dir: &Path, rel: &str, text: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// A repository with the catalogue in `cat/`: a catalogue commit (tag v1), a commit that
    /// only changes code, then another catalogue commit.
    fn repo() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        git(
            d,
            &["init", "-q", "-b", "main"],
            "2025-01-24T09:00:00+07:00",
            "A",
        );
        put(d, "cat/catalogue.yaml", "name: { vi: Thử }\n");
        git(d, &["add", "."], "2025-01-24T09:00:00+07:00", "A");
        let c1 = "2025-01-24T23:30:00+07:00";
        git(
            d,
            &["commit", "-q", "-m", "Công bố danh mục"],
            c1,
            "Cán bộ Tư pháp",
        );
        git(d, &["tag", "v1"], c1, "Cán bộ Tư pháp");
        put(d, "src/main.rs", "fn main() {}\n");
        git(d, &["add", "."], c1, "A");
        let c2 = "2025-02-03T10:00:00+07:00";
        git(d, &["commit", "-q", "-m", "Sửa mã"], c2, "Lập trình viên");
        put(d, "cat/catalogue.yaml", "name: { vi: Thử lại }\n");
        git(d, &["add", "."], c2, "A");
        let c3 = "2025-03-05T08:00:00+07:00";
        git(
            d,
            &["commit", "-q", "-m", "Sửa danh mục"],
            c3,
            "Nguyễn Thị Lan",
        );
        tmp
    }

    #[test]
    fn commits_that_change_only_code_are_told_apart() {
        let tmp = repo();
        let h = History::open(&tmp.path().join("cat")).unwrap();
        let revs = revisions(&h, Some("v1"));
        let commits: Vec<(&str, bool, bool)> = revs
            .iter()
            .filter(|r| r.kind == RevKind::Commit)
            .map(|r| {
                let c = r.commit.as_ref().unwrap();
                (c.subject.as_str(), r.catalogue, r.baseline)
            })
            .collect();
        assert_eq!(
            commits,
            [
                ("Sửa danh mục", true, false),
                ("Sửa mã", false, false),
                ("Công bố danh mục", true, true),
            ]
        );
        // The working tree, the branch and the tag are always offered; the tag named as the
        // baseline is marked too.
        assert_eq!(revs[0].kind, RevKind::WorkTree);
        let tag = revs
            .iter()
            .find(|r| r.kind == RevKind::Tag("v1".into()))
            .unwrap();
        assert!(tag.catalogue && tag.baseline);
        let main = revs
            .iter()
            .find(|r| r.kind == RevKind::Branch("main".into()))
            .unwrap();
        assert!(!main.baseline);
        assert_eq!(main.commit.as_ref().unwrap().author, "Nguyễn Thị Lan");
    }

    #[test]
    fn dates_are_the_authors_own_day() {
        let tmp = repo();
        let h = History::open(&tmp.path().join("cat")).unwrap();
        let revs = revisions(&h, None);
        let first = revs
            .iter()
            .rfind(|r| r.kind == RevKind::Commit)
            .and_then(|r| r.commit.clone())
            .unwrap();
        // 23:30 in Hà Nội is already the next day in UTC: the author's day counts.
        assert_eq!(first.date, jiff::civil::date(2025, 1, 24));
        assert_eq!(first.author, "Cán bộ Tư pháp");
        assert_eq!(first.short.len(), 7);
        assert!(revs.iter().all(|r| !r.baseline), "no baseline, no mark");
    }

    #[test]
    fn a_baseline_by_expression_marks_its_commit() {
        let tmp = repo();
        let h = History::open(&tmp.path().join("cat")).unwrap();
        let revs = revisions(&h, Some("HEAD~1"));
        let marked: Vec<&str> = revs
            .iter()
            .filter(|r| r.baseline)
            .map(|r| r.commit.as_ref().unwrap().subject.as_str())
            .collect();
        // The code-only commit is the baseline: it is marked and offered with the others.
        assert_eq!(marked, ["Sửa mã"]);
        assert!(revs.iter().filter(|r| r.baseline).all(|r| r.catalogue));
    }
}
