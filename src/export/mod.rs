//! Decisions publishing catalogue changes (Quyết định công bố danh mục thủ tục hành chính).
//!
//! [`build`] turns two revisions of a catalogue — localised for a province when an overlay is
//! given — into a [`Decision`]: Part I lists the new, amended and abolished procedures with
//! the columns of a real annex, Part II gives the full content of each new or amended
//! procedure, grouped by level. Every value is already rendered in the decision's language,
//! so the writers (Markdown, HTML, DOCX, JSON, CSV) only lay it out and cannot disagree.

pub mod csv;
pub mod docx;
pub mod html;
pub mod markdown;
pub mod text;

use crate::catalogue::Catalogue;
use crate::diag::Lang;
use crate::diff;
use crate::model::Procedure;
use crate::province::{self, Province};
use serde::Serialize;
use std::collections::BTreeMap;
use text::{Refs, t};

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
    let before = localised(i.before, i.province_before);
    let after = localised(i.after, i.province_after);
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
    for e in &d.added {
        let (code, p) = &after[ia[&e.code]];
        new.push(text::row(new.len() + 1, code, p, &refs_after, Vec::new()));
        contents.push((
            text::content(Section::New, code, p, &refs_after, Vec::new()),
            p,
        ));
    }
    for a in &d.amended {
        let changed = text::changed_parts(&a.changes, lang);
        // Changes only to what a decision does not publish (cost-model inputs, how facts
        // are modelled) are not an amendment of the procedure.
        if changed.is_empty() {
            continue;
        }
        let (code, p) = &after[ia[&a.code]];
        amended.push(text::row(
            amended.len() + 1,
            code,
            p,
            &refs_after,
            changed.clone(),
        ));
        contents.push((
            text::content(Section::Amended, code, p, &refs_after, changed),
            p,
        ));
    }
    for e in &d.removed {
        let (code, p) = &before[ib[&e.code]];
        abolished.push(text::row(
            abolished.len() + 1,
            code,
            p,
            &refs_before,
            Vec::new(),
        ));
    }
    let manifest_levels = &i.after.manifest.levels;
    let mut levels: Vec<LevelGroup> = manifest_levels
        .iter()
        .map(|l| LevelGroup {
            id: l.id.value.clone(),
            name: text::level_heading(l.name.get(lang), lang),
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
    let scope = match i.province_after {
        Some(p) => p.name.get(lang).to_string(),
        None => i.after.manifest.name.get(lang).to_string(),
    };
    let title = match (i.province_after, lang) {
        (Some(p), Lang::Vi) => format!(
            "Quyết định về việc công bố danh mục thủ tục hành chính mới ban hành, được sửa đổi, bổ sung, bị bãi bỏ trên địa bàn {}",
            p.name.vi
        ),
        (None, Lang::Vi) => "Quyết định về việc công bố danh mục thủ tục hành chính mới ban hành, được sửa đổi, bổ sung, bị bãi bỏ".to_string(),
        (Some(p), Lang::En) => format!(
            "Decision publishing the new, amended and abolished administrative procedures of {}",
            p.name.get(lang)
        ),
        (None, Lang::En) => {
            "Decision publishing the new, amended and abolished administrative procedures"
                .to_string()
        }
    };
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
                    issued: text::date(r.issued, lang),
                    effective: r.effective.map(|d| text::date(d, lang)),
                })
                .collect(),
        }),
        new,
        amended,
        abolished,
        levels,
    }
}

impl Decision {
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
