//! `thutuc log CODE`: the commits that changed a procedure, newest first, with a one-line
//! summary of each semantic change; follows renames of its file.

use super::revision::{RevisionError, catalogue_dir, history_for};
use super::{Global, Outcome};
use crate::catalogue::{self, InputFile};
use crate::diag::Diagnostic;
use crate::diff::{self, Change, Kind};
use crate::exit;
use crate::limits::Limits;
use crate::model::Procedure;
use git2::Sort;
use serde_json::json;
use std::fmt::Write as _;

/// Output formats of `log`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One entry per commit.
    Human,
    /// JSON.
    Json,
}

/// One commit that changed the procedure.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    /// Full commit id.
    pub commit: String,
    /// Author name.
    pub author: String,
    /// Commit date (ISO 8601, UTC).
    pub date: String,
    /// First line of the message.
    pub message: String,
    /// Path of the procedure's file in that commit (relative to the catalogue).
    pub path: String,
    /// What changed, in one line (paths, for scripts).
    pub summary: String,
    /// What changed, in the user's language and the law's words (one line per change).
    pub changes: Vec<String>,
}

/// The changes of one commit as a decision words them: "Phí, lệ phí › Trực tiếp › Lệ phí
/// đăng ký thường trú: 20.000 đồng → 15.000 đồng (−25%)".
fn worded_changes(
    before: &Procedure,
    after: &Procedure,
    changes: Vec<Change>,
    refs: &[crate::wording::Refs<'_>; 2],
    lang: crate::diag::Lang,
) -> Vec<String> {
    let mut d = diff::CatalogueDiff::default();
    d.amended.push(diff::Amended {
        code: after.code.as_str().to_string(),
        name: after.name.vi.to_string(),
        changes,
        notes: Vec::new(),
    });
    diff::labels::describe_with(&mut d, [before], [after], refs);
    // The act behind the commit's changes (or that they are editorial), and an abolition.
    let legal = &refs[1].manifest.legal;
    let mut notes = diff::acts::notes(
        &diff::acts::account(before, after, &d.amended[0].changes),
        legal,
    );
    if diff::acts::newly_abolished(Some(before), after) {
        notes.insert(0, diff::acts::removal_note(Some(after), legal));
    }
    let mut lines: Vec<String> = d.amended[0]
        .changes
        .iter()
        .map(|c| {
            let w = diff::render::worded(c, lang);
            match (c.kind, w.before, w.after) {
                (Kind::Added, _, Some(a)) if !w.label.ends_with(a) => {
                    format!("+ {}: {a}", w.label)
                }
                (Kind::Added, ..) => format!("+ {}", w.label),
                (Kind::Removed, Some(b), _) if !w.label.ends_with(b) => {
                    format!("- {}: {b}", w.label)
                }
                (Kind::Removed, ..) => format!("- {}", w.label),
                (_, Some(b), Some(a)) if !c.long_text && b.len() + a.len() < 120 => {
                    let delta = w.delta.map(|d| format!(" ({d})")).unwrap_or_default();
                    format!("~ {}: {b} → {a}{delta}", w.label)
                }
                _ => format!(
                    "~ {}{}",
                    w.label,
                    crate::messages::t(lang, ": đã sửa", ": changed")
                ),
            }
        })
        .collect();
    lines.extend(notes.iter().map(|n| {
        let mark = match n.kind {
            diff::acts::NoteKind::Act => "§",
            diff::acts::NoteKind::Editorial => "✎",
            diff::acts::NoteKind::Unaccounted => "!",
        };
        format!("{mark} {}", n.text.get(lang))
    }));
    lines
}

fn parse_one(file: InputFile, limits: &Limits) -> Result<Procedure, Vec<Diagnostic>> {
    let mut files = vec![file];
    files[0].rel = format!(
        "procedures/x/{}",
        files[0].rel.rsplit('/').next().unwrap_or("")
    );
    let loaded = catalogue::load_for_comparison(files, limits);
    let errors: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == crate::diag::Severity::Error && d.code != "catalogue/no-manifest")
        .collect();
    match loaded.catalogue.procedures.into_iter().next() {
        Some(p) if errors.is_empty() => Ok(p),
        _ => Err(errors),
    }
}

/// A one-line summary of a procedure's changes.
pub fn summarize(changes: &[Change]) -> String {
    let shown: Vec<String> = changes
        .iter()
        .take(3)
        .map(|c| {
            let path = c.path.trim_start_matches("summary.");
            match (c.kind, &c.before, &c.after) {
                (Kind::Added, _, _) => format!("+{path}"),
                (Kind::Removed, _, _) => format!("-{path}"),
                (_, Some(b), Some(a)) if !c.long_text && b.len() + a.len() < 60 => {
                    let delta = c
                        .delta
                        .as_ref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default();
                    format!("{path} {b} → {a}{delta}")
                }
                _ => format!("{path} changed"),
            }
        })
        .collect();
    let mut s = shown.join("; ");
    if changes.len() > 3 {
        let _ = write!(s, "; +{} more", changes.len() - 3);
    }
    s
}

/// The commits at the edge of a shallow clone (listed in `.git/shallow`).
fn shallow_boundary(h: &crate::git::History) -> std::collections::HashSet<git2::Oid> {
    if !h.repo().is_shallow() {
        return Default::default();
    }
    std::fs::read_to_string(h.repo().path().join("shallow"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| git2::Oid::from_str(l.trim()).ok())
        .collect()
}

/// Runs `log`.
pub fn run(
    g: &Global,
    code: &str,
    max: Option<usize>,
    format: Format,
) -> Result<Outcome, RevisionError> {
    super::revision::finish(g, log(g, code, max, format))
}

fn log(
    g: &Global,
    code: &str,
    max: Option<usize>,
    format: Format,
) -> Result<Outcome, RevisionError> {
    let limits = g.limits();
    let dir = catalogue_dir(g);
    let mut history = None;
    let h = history_for(&mut history, dir.as_deref())?;
    let head = h.resolve("HEAD")?;
    // One walk of HEAD's trees finds the file named after the code and settles, in the usual
    // case, that no other file holds the code (a file found by name counts by its name).
    let names = h.names(&head, Some(code))?;
    let doubt = names.may_clash(&[]);
    let by_name = match names.found.clone() {
        Some(p) => Some(p),
        None if doubt => h.find_code(&head, code)?,
        None => None,
    };
    let mut path = match by_name {
        Some(p) => p,
        // The file is not named after its code: parse only the files whose text mentions it.
        None => h
            .files_at(&head, &limits)?
            .into_iter()
            .map(|f| match f.bytes {
                // A file whose object cannot be read might be the one.
                Err(catalogue::FileProblem::Object { .. }) => Err(RevisionError::Invalid(
                    Box::new(super::revision::Unusable {
                        label: head.label.clone(),
                        diagnostics: parse_one(f, &limits).err().unwrap_or_default(),
                    }),
                )),
                _ => Ok(f),
            })
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|f| {
                f.rel.starts_with("procedures/")
                    && f.bytes
                        .as_ref()
                        .is_ok_and(|b| b.windows(code.len()).any(|w| w == code.as_bytes()))
            })
            .find_map(|f| {
                let rel = f.rel.clone();
                parse_one(f, &limits)
                    .ok()
                    .filter(|p| p.code.as_str() == code)
                    .map(|_| rel)
            })
            .ok_or_else(|| RevisionError::NoProcedure(code.to_string()))?,
    };
    // A code two files hold at HEAD makes "the procedure's history" a guess, as it makes a
    // diff one: the tree listing names every file `<code>.yaml` without reading the others.
    let read = [(path.clone(), code.to_string())];
    let named = catalogue::file_stem(&path) == code;
    let clashes = if doubt || (!named && names.may_clash(&read)) {
        catalogue::codes_at_revision(
            &read,
            &h.listing(&head)?
                .files
                .into_iter()
                .map(|(rel, _, _)| rel)
                .collect::<Vec<_>>(),
            &|rel| Some(h.file_at(&head, rel, &limits)),
            &limits,
        )
    } else {
        Vec::new()
    };
    if !clashes.is_empty() {
        return Err(RevisionError::Invalid(Box::new(
            super::revision::Unusable {
                label: head.label.clone(),
                diagnostics: clashes,
            },
        )));
    }
    // First walk the history (cheap: tree lookups only), then parse every distinct version
    // once, in parallel, then summarise. Newest first, the version before one commit is the
    // version after the next, so most blobs are shared by two entries.
    struct Found {
        commit: String,
        author: String,
        date: String,
        message: String,
        path: String,
        after: git2::Oid,
        before: Option<(String, git2::Oid)>,
        renamed_from: Option<String>,
        cut: bool,
    }
    let repo = h.repo();
    let mut walk = repo.revwalk().map_err(crate::git::GitError::from)?;
    walk.push(head.oid).map_err(crate::git::GitError::from)?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
        .map_err(crate::git::GitError::from)?;
    let mut found: Vec<Found> = Vec::new();
    let shallow = shallow_boundary(h);
    // The file's blob at each commit looked at, for the current path: newest first, a
    // commit's parent is the next commit of the walk, so each tree is looked up once.
    let mut at: std::collections::HashMap<git2::Oid, Option<git2::Oid>> = Default::default();
    // A commit that cannot be read is a fault, never a commit that changed nothing.
    let commit_of = |id: git2::Oid| repo.find_commit(id).map_err(crate::git::fault);
    let blob_of = |at: &mut std::collections::HashMap<_, _>, id: git2::Oid, path: &str| {
        if let Some(b) = at.get(&id) {
            return Ok(*b);
        }
        let b = h.blob_at(&commit_of(id)?, path)?;
        at.insert(id, b);
        Ok::<_, crate::git::GitError>(b)
    };
    for oid in walk {
        let oid = oid.map_err(crate::git::fault)?;
        let Some(mine) = blob_of(&mut at, oid, &path)? else {
            continue;
        };
        let commit = commit_of(oid)?;
        let parents: Vec<git2::Oid> = commit.parent_ids().collect();
        // A merge that took the file unchanged from one side changed nothing here.
        let mut unchanged = false;
        for p in &parents {
            unchanged |= blob_of(&mut at, *p, &path)? == Some(mine);
        }
        if unchanged {
            continue;
        }
        let mut renamed_from = None;
        let before = match parents.first() {
            Some(&parent) => match blob_of(&mut at, parent, &path)? {
                Some(old) => Some((path.clone(), old)),
                None => {
                    renamed_from = h.renamed_from(&commit, &path)?;
                    match &renamed_from {
                        Some(old_path) => h
                            .blob_at(&commit_of(parent)?, old_path)?
                            .map(|b| (old_path.clone(), b)),
                        None => None,
                    }
                }
            },
            None => None,
        };
        // At the edge of a shallow clone git shows no parents: the file was not added there,
        // its earlier history was simply not fetched.
        let cut = parents.is_empty() && shallow.contains(&oid);
        let time = commit.time();
        let date = jiff::Timestamp::from_second(time.seconds())
            .map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let added_here = before.is_none() && renamed_from.is_none();
        found.push(Found {
            cut,
            commit: oid.to_string(),
            author: commit.author().name().unwrap_or("").to_string(),
            date,
            message: commit.summary().ok().flatten().unwrap_or("").to_string(),
            path: path.clone(),
            after: mine,
            before,
            renamed_from: renamed_from.clone(),
        });
        if let Some(old) = renamed_from {
            path = old;
            at.clear();
        } else if added_here {
            // Added here: nothing older to follow.
            break;
        }
        if max.is_some_and(|m| found.len() >= m) {
            break;
        }
    }
    let mut blobs: Vec<(git2::Oid, InputFile)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for f in &found {
        let versions =
            std::iter::once((&f.path, f.after)).chain(f.before.as_ref().map(|(p, b)| (p, *b)));
        for (p, b) in versions {
            if seen.insert(b) {
                blobs.push((b, h.blob(p, b, &f.commit[..10], &limits)));
            }
        }
    }
    use rayon::prelude::*;
    let parsed: std::collections::HashMap<git2::Oid, Result<Procedure, Vec<Diagnostic>>> = blobs
        .into_par_iter()
        .map(|(oid, file)| (oid, parse_one(file, &limits)))
        .collect();
    // A version that cannot be read would show as added or as a change it is not.
    let mut errors: Vec<Diagnostic> = parsed
        .values()
        .filter_map(|p| p.as_ref().err())
        .flatten()
        .cloned()
        .collect();
    if !errors.is_empty() {
        crate::diag::sort(&mut errors);
        return Err(RevisionError::Invalid(Box::new(
            super::revision::Unusable {
                label: super::revision::changed_by(code),
                diagnostics: errors,
            },
        )));
    }
    let parsed: std::collections::HashMap<git2::Oid, Procedure> = parsed
        .into_iter()
        .filter_map(|(oid, p)| Some((oid, p.ok()?)))
        .collect();
    // Fact and document names, legal numbers: from the catalogue at HEAD.
    let manifest_files = h.some_files_at(&head, &["catalogue.yaml".to_string()], &limits)?;
    let manifest = catalogue::assemble_for_comparison(manifest_files, Vec::new(), &limits)
        .catalogue
        .manifest;
    let lang = g.lang.unwrap_or(manifest.language);
    let refs = [
        crate::wording::Refs::new(&manifest, None, crate::diag::Lang::Vi),
        crate::wording::Refs::new(&manifest, None, crate::diag::Lang::En),
    ];
    let t = |vi: &'static str, en: &'static str| crate::messages::t(lang, vi, en);
    // Each entry is worded on its own: in parallel, in the order of the walk.
    let entries: Vec<Entry> = found
        .into_par_iter()
        .map(|f| {
            let after = parsed.get(&f.after);
            let before = f.before.as_ref().and_then(|(_, b)| parsed.get(b));
            // Compared once, for both the words and the English summary.
            let changes = match (before, after) {
                (Some(b), Some(a)) if !f.cut => diff::procedure(b, a),
                _ => Vec::new(),
            };
            let summary = match (before, after) {
                _ if f.cut => "the history before this commit is not in this shallow clone (`git fetch --unshallow` fetches it)".to_string(),
                (None, Some(_)) if f.renamed_from.is_none() => "added".to_string(),
                // Every version was read above; kept total for the compiler.
                (_, None) => "changed".to_string(),
                (None, Some(_)) => "renamed".to_string(),
                (Some(_), Some(_)) if changes.is_empty() => {
                    "no semantic change (formatting or comments)".to_string()
                }
                (Some(_), Some(_)) => summarize(&changes),
            };
            let words: Vec<String> = match (before, after) {
                _ if f.cut => vec![t(
                    "lịch sử trước lần commit này không có trong bản sao rút gọn (`git fetch --unshallow` sẽ tải về)",
                    "the history before this commit is not in this shallow clone (`git fetch --unshallow` fetches it)",
                ).to_string()],
                (None, Some(_)) if f.renamed_from.is_none() => vec![t("thủ tục được thêm mới", "added").to_string()],
                (_, None) => vec![t("đã sửa", "changed").to_string()],
                (None, Some(_)) => Vec::new(),
                (Some(_), Some(_)) if changes.is_empty() => vec![t(
                    "không thay đổi nội dung (chỉ trình bày hoặc chú thích)",
                    "no semantic change (formatting or comments)",
                )
                .to_string()],
                (Some(b), Some(a)) => worded_changes(b, a, changes, &refs, lang),
            };
            let words = match &f.renamed_from {
                Some(old) => std::iter::once(format!(
                    "{} {old}",
                    t("đổi tên tệp từ", "renamed from")
                ))
                .chain(words)
                .collect(),
                None => words,
            };
            let summary = match &f.renamed_from {
                Some(old) => format!("renamed from {old}; {summary}"),
                None => summary,
            };
            Entry {
                commit: f.commit,
                author: f.author,
                date: f.date,
                message: f.message,
                path: f.path,
                summary,
                changes: words,
            }
        })
        .collect();
    let stdout = match format {
        Format::Json => {
            serde_json::to_string_pretty(&json!({ "code": code, "entries": entries }))
                .expect("serializable")
                + "\n"
        }
        Format::Human => {
            let mut s = String::new();
            for e in &entries {
                let _ = writeln!(
                    s,
                    "{} {} {} — {}",
                    &e.commit[..10.min(e.commit.len())],
                    local_date(&e.date, lang),
                    e.author,
                    e.message
                );
                // A change over several lines (the steps of a process) keeps its indent.
                for c in &e.changes {
                    for (i, line) in c.lines().enumerate() {
                        let indent = if i == 0 { "    " } else { "      " };
                        let _ = writeln!(s, "{indent}{line}");
                    }
                }
                s.push('\n');
            }
            if entries.is_empty() {
                s.push_str(t(
                    "không có lần commit nào thay đổi thủ tục này\n",
                    "no commit changed this procedure\n",
                ));
            }
            crate::sanitize::terminal(&s).into_owned()
        }
    };
    super::leave((parsed, history));
    Ok(Outcome::out(stdout, exit::OK))
}

/// `2025-01-24 10:30` as Vietnamese write it, `24/01/2025 10:30`; unchanged in English.
fn local_date(iso: &str, lang: crate::diag::Lang) -> String {
    let (day, time) = iso.split_once(' ').unwrap_or((iso, ""));
    match (lang, day.parse::<jiff::civil::Date>()) {
        (crate::diag::Lang::Vi, Ok(d)) => format!("{} {time}", crate::wording::date(d, lang))
            .trim_end()
            .to_string(),
        _ => iso.to_string(),
    }
}
