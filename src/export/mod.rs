//! Decisions publishing catalogue changes (Quyết định công bố danh mục thủ tục hành chính).
//!
//! [`build`] turns two revisions of a catalogue — localised for a province when an overlay is
//! given — into a [`Decision`]: Part I lists the new, amended and abolished procedures with
//! the columns of a real annex, Part II gives the full content of each new or amended
//! procedure, grouped by level. Every value is already rendered in the decision's language,
//! so the writers (Markdown, HTML, DOCX, JSON, CSV) only lay it out and cannot disagree.

pub mod annex;
pub mod csv;
pub mod docx;
pub mod form;
pub mod html;
pub mod markdown;

use crate::catalogue::Catalogue;
use crate::diag::Lang;
use crate::diff;
use crate::model::Procedure;
use crate::province::{self, Province};
use crate::wording::{Refs, t};
use serde::Serialize;
use std::collections::BTreeMap;

/// A decision, ready to be written in any format.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// Language of every text below.
    pub lang: Lang,
    /// Title: "Quyết định về việc công bố danh mục…".
    pub title: String,
    /// Whose catalogue: the province's name, or the national catalogue's name.
    pub scope: String,
    /// The older revision, as shown.
    pub from: String,
    /// The newer revision, as shown.
    pub to: String,
    /// The province whose localised catalogue this is (none for the national catalogue).
    pub province: Option<ProvinceInfo>,
    /// Part I.1: new procedures.
    pub new: Vec<Row>,
    /// Part I.2: amended procedures.
    pub amended: Vec<Row>,
    /// Part I.3: abolished procedures.
    pub abolished: Vec<Row>,
    /// Part II: the content of each new or amended procedure, by level.
    pub levels: Vec<LevelGroup>,
    /// The form of Decree 30/2020/NĐ-CP around the annex.
    pub front: form::Front,
    /// The province's first localised list: its overlay did not exist at the older
    /// revision, so every procedure in scope is published as new.
    pub first_localisation: bool,
    /// Pieces of the form that are missing (rendered as blanks), pointing at the overlay
    /// or the manifest.
    #[serde(skip)]
    pub warnings: Vec<crate::diag::Diagnostic>,
}

/// The province behind a localised decision.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceInfo {
    /// Overlay id (file name).
    pub id: String,
    /// Name.
    pub name: String,
    /// Suffix appended to national codes.
    pub code_suffix: String,
    /// Public service portal.
    pub portal: Option<String>,
    /// The People's Council resolutions the overlay cites.
    pub resolutions: Vec<ResolutionInfo>,
}

/// A People's Council resolution, as cited.
#[derive(Debug, Clone, Serialize)]
pub struct ResolutionInfo {
    /// Official number.
    pub number: String,
    /// Title.
    pub title: String,
    /// Date of issue (dd/mm/yyyy in Vietnamese, ISO in English).
    pub issued: String,
    /// Date it takes effect.
    pub effective: Option<String>,
}

/// Which list of Part I.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    /// Mới ban hành.
    New,
    /// Được sửa đổi, bổ sung.
    Amended,
    /// Bị bãi bỏ.
    Abolished,
}

impl Section {
    /// Every section, in the order of Part I.
    pub const ALL: [Section; 3] = [Section::New, Section::Amended, Section::Abolished];

    /// The stable id used in CSV and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Section::New => "new",
            Section::Amended => "amended",
            Section::Abolished => "abolished",
        }
    }

    /// The heading of the list in Part I.
    pub fn heading(self, lang: Lang) -> &'static str {
        match self {
            Section::New => t(
                lang,
                "1. Danh mục thủ tục hành chính mới ban hành",
                "1. New procedures",
            ),
            Section::Amended => t(
                lang,
                "2. Danh mục thủ tục hành chính được sửa đổi, bổ sung",
                "2. Amended procedures",
            ),
            Section::Abolished => t(
                lang,
                "3. Danh mục thủ tục hành chính bị bãi bỏ",
                "3. Abolished procedures",
            ),
        }
    }
}

/// One line of a Part I table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Number within its list.
    pub no: usize,
    /// The code as published (with the province's suffix when localised).
    pub code: String,
    /// The national code.
    pub national_code: String,
    /// Name.
    pub name: String,
    /// Field (lĩnh vực) name.
    pub field: String,
    /// Level names.
    pub levels: Vec<String>,
    /// Deadline, per channel when they differ.
    pub deadline: String,
    /// Where dossiers are received and through which channels.
    pub place: String,
    /// Channel names.
    pub channels: Vec<String>,
    /// Fees and discounts.
    pub fees: String,
    /// Legal documents (numbers), resolutions of the province included.
    pub legal_basis: Vec<String>,
    /// Implementing agency.
    pub agency: String,
    /// For an amended procedure: the parts that changed, in plain words.
    pub changed: Vec<String>,
}

/// Part II for one level.
#[derive(Debug, Clone, Serialize)]
pub struct LevelGroup {
    /// Level id from the manifest.
    pub id: String,
    /// Heading, e.g. "Thủ tục hành chính cấp xã".
    pub name: String,
    /// Procedures whose first level (in manifest order) is this one.
    pub procedures: Vec<Content>,
}

/// The full content of one procedure (Part II).
#[derive(Debug, Clone, Serialize)]
pub struct Content {
    /// `new` or `amended`.
    pub status: Section,
    /// Code as published.
    pub code: String,
    /// National code.
    pub national_code: String,
    /// Name.
    pub name: String,
    /// For an amended procedure: the parts that changed.
    pub changed: Vec<String>,
    /// Labelled parts in the order of the official template.
    pub parts: Vec<Part>,
    /// Fee items per channel, with amounts in đồng (for portal import).
    pub fees: Vec<FeeLine>,
}

/// A labelled part of a procedure's content: "Thời hạn giải quyết" and its lines.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// Stable id (`steps`, `channels`, `documents`, `deadline`…).
    pub id: &'static str,
    /// Label in the decision's language.
    pub label: String,
    /// Lines of text.
    pub lines: Vec<String>,
}

/// A fee item on a channel.
#[derive(Debug, Clone, Serialize)]
pub struct FeeLine {
    /// Channel id.
    pub channel: &'static str,
    /// Fee id.
    pub id: String,
    /// Name.
    pub name: String,
    /// A fixed amount in whole đồng, or whole units of `currency`; `None` when the amount
    /// is computed (per unit, tiered, a percentage…) or unknown: see `rule` and `text`.
    pub amount: Option<i64>,
    /// The amount rule in its canonical form (`2,000 VND per pages`, `not stated`).
    pub rule: String,
    /// The amount as the law writes it, in the decision's language.
    pub text: String,
    /// ISO code of a foreign currency; absent for VND.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Legal basis (number).
    pub basis: Option<String>,
}

/// What [`build`] compares.
pub struct Input<'a> {
    /// The older catalogue (may hold only the procedures that changed).
    pub before: &'a Catalogue,
    /// The newer catalogue.
    pub after: &'a Catalogue,
    /// The province overlay at the older revision (none: national content).
    pub province_before: Option<&'a Province>,
    /// The province overlay at the newer revision (none: the national decision).
    pub province_after: Option<&'a Province>,
    /// Language of the decision.
    pub lang: Lang,
    /// How the two revisions are shown.
    pub labels: (String, String),
    /// Number, date and signer given on the command line.
    pub sign: form::Signing,
}

/// Procedures as the province publishes them, keyed by national code so that a change of
/// the code suffix does not turn every procedure into an abolished one plus a new one.
fn localised(cat: &Catalogue, p: Option<&Province>) -> Vec<(String, Procedure)> {
    cat.procedures
        .iter()
        .map(|n| match p {
            None => (n.code.value.clone(), n.clone()),
            Some(p) => {
                let mut l = province::apply(p, n);
                let code = std::mem::replace(&mut l.code.value, n.code.value.clone());
                (code, l)
            }
        })
        .collect()
}

/// Builds the decision publishing the changes between two catalogues.
pub fn build(i: &Input<'_>) -> Decision {
    let lang = i.lang;
    let mut warnings = Vec::new();
    let scope = scope_levels(i, &mut warnings);
    let in_scope = |p: &Procedure| {
        scope
            .as_ref()
            .is_none_or(|s| p.levels.iter().any(|l| s.contains(&l.value)))
    };
    // The first localisation: an overlay that did not exist at the older revision has
    // nothing published before it, so its whole list is new (not every procedure
    // "amended" against the national content).
    let first_localisation = i.province_after.is_some() && i.province_before.is_none();
    let mut before = if first_localisation {
        Vec::new()
    } else {
        localised(i.before, i.province_before)
    };
    let mut after = localised(i.after, i.province_after);
    before.retain(|x| in_scope(&x.1));
    after.retain(|x| in_scope(&x.1));
    let d = diff::catalogues(before.iter().map(|x| &x.1), after.iter().map(|x| &x.1));
    let by_code = |v: &'_ [(String, Procedure)]| -> BTreeMap<String, usize> {
        v.iter()
            .enumerate()
            .map(|(k, (_, p))| (p.code.value.clone(), k))
            .collect()
    };
    let (ib, ia) = (by_code(&before), by_code(&after));
    let refs_after = Refs::new(&i.after.manifest, i.province_after, lang);
    let refs_before = Refs::new(&i.before.manifest, i.province_before, lang);
    let mut new = Vec::new();
    let mut amended = Vec::new();
    let mut abolished = Vec::new();
    let mut contents: Vec<(Content, &Procedure)> = Vec::new();
    let mut published: Vec<&Procedure> = Vec::new();
    for e in &d.added {
        let (code, p) = &after[ia[&e.code]];
        published.push(p);
        new.push(annex::row(new.len() + 1, code, p, &refs_after, Vec::new()));
        contents.push((
            annex::content(Section::New, code, p, &refs_after, Vec::new()),
            p,
        ));
    }
    for a in &d.amended {
        let changed =
            crate::wording::changed_parts(a.changes.iter().map(|c| c.path.as_str()), lang);
        // Changes only to what a decision does not publish (cost-model inputs, how facts
        // are modelled) are not an amendment of the procedure.
        if changed.is_empty() {
            continue;
        }
        let (code, p) = &after[ia[&a.code]];
        published.push(p);
        amended.push(annex::row(
            amended.len() + 1,
            code,
            p,
            &refs_after,
            changed.clone(),
        ));
        contents.push((
            annex::content(Section::Amended, code, p, &refs_after, changed),
            p,
        ));
    }
    for e in &d.removed {
        let (code, p) = &before[ib[&e.code]];
        published.push(p);
        abolished.push(annex::row(
            abolished.len() + 1,
            code,
            p,
            &refs_before,
            Vec::new(),
        ));
    }
    let manifest_levels: Vec<&crate::model::Named> = i
        .after
        .manifest
        .levels
        .iter()
        .filter(|l| scope.as_ref().is_none_or(|s| s.contains(&l.id.value)))
        .collect();
    let mut levels: Vec<LevelGroup> = manifest_levels
        .iter()
        .map(|l| LevelGroup {
            id: l.id.value.clone(),
            name: crate::wording::level_heading(l.name.get(lang), lang),
            procedures: Vec::new(),
        })
        .collect();
    for (c, p) in contents {
        // A procedure done at several levels is given once, under its highest level: the
        // content lists every level it is done at.
        let k = manifest_levels
            .iter()
            .position(|l| p.levels.iter().any(|pl| pl.as_str() == l.id.as_str()));
        match k {
            Some(k) => levels[k].procedures.push(c),
            None => {
                if levels.last().is_none_or(|g| g.id != "other") {
                    levels.push(LevelGroup {
                        id: "other".into(),
                        name: t(lang, "Thủ tục hành chính khác", "Other procedures").into(),
                        procedures: Vec::new(),
                    });
                }
                levels.last_mut().expect("pushed").procedures.push(c);
            }
        }
    }
    levels.retain(|g| !g.procedures.is_empty());
    // The national decisions that published the procedures concerned, in order of first use.
    let mut national_numbers: Vec<String> = Vec::new();
    for p in published.iter().copied() {
        if let Some(n) = &p.decision
            && !national_numbers.contains(n)
        {
            national_numbers.push(n.clone());
        }
    }
    let scope = match i.province_after {
        Some(p) => p.name.get(lang).to_string(),
        None => i.after.manifest.name.get(lang).to_string(),
    };
    let level_names: Vec<String> = manifest_levels
        .iter()
        .map(|l| {
            let n = l.name.get(lang);
            let mut c = n.chars();
            match c.next() {
                Some(f) => f.to_lowercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect();
    let province_name = i.province_after.map(|p| p.name.get(lang));
    let origin = match i.province_after {
        Some(p) => form::Origin {
            file: Some(&p.file),
            at: p
                .decision
                .as_ref()
                .map(|f| f.at)
                .unwrap_or((p.id.start, p.id.end)),
            what: crate::tr!("the overlay", "tệp địa phương hóa"),
        },
        None => form::Origin {
            file: i.after.manifest.file.as_ref(),
            at: i
                .after
                .manifest
                .decision
                .as_ref()
                .map(|f| f.at)
                .unwrap_or((0, 0)),
            what: crate::tr!("the manifest", "tệp khai báo danh mục"),
        },
    };
    let form_data = match i.province_after {
        Some(p) => p.decision.as_ref(),
        None => i.after.manifest.decision.as_ref(),
    };
    let front = form::front(
        form_data,
        &origin,
        &form::Facts {
            lang,
            province: province_name,
            levels: level_names,
            counts: [new.len(), amended.len(), abolished.len()],
            first_localisation,
            national_numbers,
        },
        &i.sign,
        &mut warnings,
    );
    let title = format!("{} {}", t(lang, "Quyết định", "Decision:"), {
        let mut c = front.subject.chars();
        match c.next() {
            Some(f) => f.to_lowercase().chain(c).collect::<String>(),
            None => String::new(),
        }
    });
    Decision {
        lang,
        title,
        scope,
        from: i.labels.0.clone(),
        to: i.labels.1.clone(),
        province: i.province_after.map(|p| ProvinceInfo {
            id: p.id.value.clone(),
            name: p.name.get(lang).to_string(),
            code_suffix: p.code_suffix.clone(),
            portal: p.portal.clone(),
            resolutions: p
                .resolutions
                .iter()
                .map(|r| ResolutionInfo {
                    number: r.number.clone(),
                    title: r.title.get(lang).to_string(),
                    issued: crate::wording::date(r.issued, lang),
                    effective: r.effective.map(|d| crate::wording::date(d, lang)),
                })
                .collect(),
        }),
        new,
        amended,
        abolished,
        levels,
        front,
        first_localisation,
        warnings,
    }
}

/// The levels the decision publishes: the overlay's `decision.levels` for a province, the
/// manifest's for the national catalogue; every level (with a warning for a province, which
/// rarely implements them all) when it does not say.
fn scope_levels(i: &Input<'_>, warnings: &mut Vec<crate::diag::Diagnostic>) -> Option<Vec<String>> {
    let known: Vec<&str> = i
        .after
        .manifest
        .levels
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    let (form, file) = match i.province_after {
        Some(p) => (p.decision.as_ref(), Some(&p.file)),
        None => (
            i.after.manifest.decision.as_ref(),
            i.after.manifest.file.as_ref(),
        ),
    };
    let Some(levels) = form.and_then(|f| f.levels.as_ref()) else {
        if let Some(p) = i.province_after {
            let at = p
                .decision
                .as_ref()
                .map(|f| f.at)
                .unwrap_or((p.id.start, p.id.end));
            warnings.push(
                crate::diag::Diagnostic::warning(
                    "decision/levels",
                    crate::tr!(
                        "the overlay does not say which levels the province implements: the decision lists every level",
                        "tệp địa phương hóa không nêu các cấp mà tỉnh thực hiện: quyết định liệt kê mọi cấp"
                    ),
                )
                .at(&p.file, at.0 as usize, at.1 as usize, None)
                .help(crate::tr!(
                    "add `levels: [province, commune]` to its `decision:` section",
                    "thêm `levels: [province, commune]` vào mục `decision:`"
                )),
            );
        }
        return None;
    };
    for l in levels {
        if !known.contains(&l.as_str())
            && let Some(file) = file
        {
            let v = l.as_str();
            warnings.push(
                crate::diag::Diagnostic::warning(
                    "ref/level",
                    crate::tr!(
                        "`{v}` is not a level of the manifest",
                        "`{v}` không phải là cấp khai báo trong danh mục"
                    ),
                )
                .at(file, l.start as usize, l.end as usize, None)
                .help(crate::diag::suggest(v, &known)),
            );
        }
    }
    Some(levels.iter().map(|l| l.value.clone()).collect())
}

impl Decision {
    /// The heading of a Part I list; a first localisation publishes its list as new.
    pub fn section_heading(&self, s: Section) -> String {
        if self.first_localisation && s == Section::New {
            return t(
                self.lang,
                "1. Danh mục thủ tục hành chính được địa phương hóa (công bố lần đầu)",
                "1. Localised procedures (first publication)",
            )
            .to_string();
        }
        s.heading(self.lang).to_string()
    }

    /// The rows of a Part I list.
    pub fn rows(&self, s: Section) -> &[Row] {
        match s {
            Section::New => &self.new,
            Section::Amended => &self.amended,
            Section::Abolished => &self.abolished,
        }
    }

    /// True when nothing changed between the revisions.
    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.amended.is_empty() && self.abolished.is_empty()
    }

    /// The columns of a Part I table and its cells, shared by every layout so that the
    /// Markdown, HTML and DOCX annexes show the same table.
    pub fn table(&self, s: Section) -> (Vec<&'static str>, Vec<Vec<String>>) {
        let l = self.lang;
        let mut head = vec![t(l, "STT", "No.")];
        if s != Section::New {
            head.push(t(l, "Mã thủ tục", "Code"));
        }
        head.push(t(l, "Tên thủ tục hành chính", "Procedure"));
        if s == Section::Amended {
            head.push(t(l, "Nội dung sửa đổi, bổ sung", "What changed"));
        }
        head.extend([
            t(l, "Thời hạn giải quyết", "Deadline"),
            t(l, "Địa điểm, cách thức thực hiện", "Place and channels"),
            t(l, "Phí, lệ phí", "Fees"),
            t(l, "Căn cứ pháp lý", "Legal basis"),
            t(l, "Cơ quan thực hiện", "Agency"),
        ]);
        let rows = self
            .rows(s)
            .iter()
            .map(|r| {
                let mut v = vec![r.no.to_string()];
                if s != Section::New {
                    v.push(r.code.clone());
                }
                v.push(r.name.clone());
                if s == Section::Amended {
                    v.push(r.changed.join(", "));
                }
                v.extend([
                    r.deadline.clone(),
                    r.place.clone(),
                    r.fees.clone(),
                    r.legal_basis.join("; "),
                    r.agency.clone(),
                ]);
                v
            })
            .collect();
        (head, rows)
    }

    /// The columns of a Part I table that carry the most reading (the name, what changed):
    /// they get the spare width.
    pub fn wide_columns(s: Section) -> &'static [usize] {
        match s {
            Section::New => &[1],
            Section::Amended => &[2, 3],
            Section::Abolished => &[2],
        }
    }

    /// The JSON document (for portal import).
    pub fn json(&self) -> String {
        let mut v = serde_json::to_value(self).expect("serializable");
        // A version lets importers refuse a shape they do not know.
        v.as_object_mut()
            .expect("object")
            .insert("format_version".into(), 1.into());
        serde_json::to_string_pretty(&v).expect("serializable") + "\n"
    }
}

/// Relative widths of a table's columns (summing to 1), from their content: each column is
/// at least as wide as its longest unbreakable word (a code, a document number), and the
/// rest of the width goes to the columns with the most text (names, changed parts).
pub fn column_widths(head: &[&str], rows: &[Vec<String>], wide: &[usize]) -> Vec<f64> {
    let n = head.len();
    let mut longest = vec![1usize; n];
    let mut mass = vec![0usize; n];
    // Capitals (bold in headers) are wider than the average letter.
    let width = |w: &str| -> usize {
        w.chars()
            .map(|c| if c.is_uppercase() { 3 } else { 2 })
            .sum::<usize>()
            .div_ceil(2)
    };
    for (k, h) in head.iter().enumerate() {
        longest[k] = h
            .split_whitespace()
            .map(|w| width(w) + 1)
            .max()
            .unwrap_or(1);
    }
    for r in rows {
        for (k, c) in r.iter().enumerate().take(n) {
            let words = c.split(|ch: char| ch.is_whitespace() || ch == '\u{200b}');
            for w in words {
                // Document numbers and codes must stay whole; other long words (a portal's
                // address) may wrap inside the cell.
                let core = w.trim_end_matches([',', ';', ')', '.', ':']);
                let whole = core.starts_with(|c: char| c.is_ascii_digit()) && !core.contains("://");
                let need = if whole { width(core) } else { width(w).min(12) };
                longest[k] = longest[k].max(need);
            }
            mass[k] += c.chars().count();
        }
    }
    let rows_n = rows.len().max(1);
    // In characters of table text: about the width of landscape A4 between the margins.
    const LINE: f64 = 110.0;
    let min: Vec<f64> = longest.iter().map(|&l| l as f64 + 2.0).collect();
    let min_total: f64 = min.iter().sum();
    if min_total >= LINE {
        return min.iter().map(|m| m / min_total).collect();
    }
    // Text per row, damped (square root) so that one very long column does not starve the
    // others, and boosted for the columns people read first.
    let want: Vec<f64> = mass
        .iter()
        .enumerate()
        .map(|(k, &m)| {
            let boost = if wide.contains(&k) { 2.5 } else { 1.0 };
            (m as f64 / rows_n as f64).sqrt().max(1.0) * boost
        })
        .collect();
    let want_total: f64 = want.iter().sum();
    // Each column its share, but never below its longest word; the columns above their
    // minimum give back what the others needed.
    let mut widths: Vec<f64> = want.iter().map(|w| w / want_total * LINE).collect();
    for _ in 0..4 {
        let short: f64 = widths.iter().zip(&min).map(|(w, m)| (m - w).max(0.0)).sum();
        if short <= 0.0 {
            break;
        }
        let give: f64 = widths.iter().zip(&min).map(|(w, m)| (w - m).max(0.0)).sum();
        widths = widths
            .iter()
            .zip(&min)
            .map(
                |(&w, &m)| {
                    if w < m { m } else { w - (w - m) / give * short }
                },
            )
            .collect();
    }
    let total: f64 = widths.iter().sum();
    widths.iter().map(|w| w / total).collect()
}

/// Where a cell's text may not break: inside a document number (`123/2015/NĐ-CP`). Returns
/// the text in pieces, `true` for a piece that must stay whole.
pub fn unbreakable(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut last = 0;
    let mut k = 0;
    let b = text.as_bytes();
    while k < text.len() {
        if b[k].is_ascii_whitespace() {
            k += 1;
            continue;
        }
        let start = k;
        while k < text.len() && !b[k].is_ascii_whitespace() {
            k += 1;
        }
        let w = &text[start..k];
        let core = w.trim_end_matches([',', ';', ')', '.', ':']);
        let is_number = core.contains('/')
            && core.starts_with(|c: char| c.is_ascii_digit())
            && !core.contains("://");
        if is_number {
            if last < start {
                out.push((&text[last..start], false));
            }
            out.push((&text[start..start + core.len()], true));
            last = start + core.len();
        }
    }
    if last < text.len() {
        out.push((&text[last..], false));
    }
    out
}

/// A line of content without the bullet it was written with ("- ", "– ", "+ "), so that
/// the layout's own bullet is the only one.
pub fn unbulleted(line: &str) -> &str {
    line.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '+' | '•'))
        .trim_end()
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    #[test]
    fn document_numbers_stay_whole() {
        let v = unbreakable("Nghị định 123/2015/NĐ-CP; 14/2025/NQ-HĐND.");
        assert_eq!(
            v,
            [
                ("Nghị định ", false),
                ("123/2015/NĐ-CP", true),
                ("; ", false),
                ("14/2025/NQ-HĐND", true),
                (".", false)
            ]
        );
        assert_eq!(unbreakable("https://a.vn/x"), [("https://a.vn/x", false)]);
    }

    #[test]
    fn codes_get_room_and_names_the_rest() {
        let head = ["STT", "Mã thủ tục", "Tên thủ tục hành chính"];
        let rows = vec![vec![
            "1".to_string(),
            "1.004222.000.00.00.H17".to_string(),
            "Đăng ký thường trú cho người chưa thành niên sống cùng cha mẹ tại chỗ ở hợp pháp"
                .repeat(2),
        ]];
        let w = column_widths(&head, &rows, &[2]);
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(w[0] < w[1] && w[1] < w[2], "{w:?}");
        // The code fits on one line: 22 characters and a margin.
        assert!(w[1] * 110.0 >= 23.0, "{w:?}");
    }

    #[test]
    fn bullets_are_not_doubled() {
        assert_eq!(unbulleted("- Trường hợp A"), "Trường hợp A");
        assert_eq!(unbulleted("– - x"), "x");
        assert_eq!(unbulleted("Bước 1"), "Bước 1");
    }
}
