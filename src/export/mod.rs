//! Decisions publishing catalogue changes (Quyết định công bố danh mục thủ tục hành chính).
//!
//! [`build`] turns two revisions of a catalogue — localised for a province when an overlay is
//! given — into a [`Decision`]: Part I lists the new, amended and abolished procedures with
//! the columns of a real annex, Part II gives the full content of each new or amended
//! procedure, grouped by level. Every value is already rendered in the decision's language,
//! so the writers (Markdown, HTML, DOCX, JSON, CSV) only lay it out and cannot disagree.

pub mod annex;
pub mod card;
pub mod csv;
pub mod docx;
pub mod form;
pub mod html;
pub mod kind_layout;
pub mod markdown;
pub mod process;
pub mod site;

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
    /// Changes of legal content no act accounts for, one finding per procedure: a decision
    /// with any is refused (nothing is written).
    #[serde(skip)]
    pub unaccounted: Vec<crate::diag::Diagnostic>,
    /// Changes declared editorial (corrections, data completion): never published, counted
    /// for the summary.
    #[serde(skip)]
    pub editorial: Vec<String>,
}

/// An act an entry of Part I names (the column "Tên VBQPPL quy định nội dung công bố /
/// sửa đổi, bổ sung / bãi bỏ").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActRef {
    /// Number and symbol as the act writes them.
    pub number: String,
    /// Date of issue (dd/mm/yyyy in Vietnamese, ISO in English); `null` when the registry
    /// does not state it.
    pub date: Option<String>,
    /// Issuing body; `null` when not stated.
    pub issuer: Option<String>,
    /// The act's name: its kind and subject ("Nghị định quy định …"); `null` when not stated.
    pub title: Option<String>,
    /// The act cited in full, as the annex prints it.
    pub citation: String,
    /// When the change takes effect for this entry (the record's date, else the act's);
    /// `null` when not stated.
    pub in_force: Option<String>,
}

impl ActRef {
    /// The act a record names (registry id or number), cited from the registry; a reference
    /// the registry lacks (validate refuses it) is shown as written.
    pub fn new(
        legal: &[crate::model::LegalDoc],
        reference: &str,
        in_force: Option<jiff::civil::Date>,
        lang: Lang,
    ) -> ActRef {
        match crate::model::find_act(legal, reference) {
            Some(a) => ActRef {
                number: a.number.value.to_string(),
                date: a.issued.map(|d| crate::wording::date(d, lang)),
                issuer: a.issuer.clone(),
                title: a.name(lang),
                citation: crate::wording::acts::citation(a, lang),
                in_force: in_force
                    .or(a.in_force.as_ref().map(|d| d.value))
                    .map(|d| crate::wording::date(d, lang)),
            },
            None => ActRef {
                number: reference.to_string(),
                date: None,
                issuer: None,
                title: None,
                citation: reference.to_string(),
                in_force: in_force.map(|d| crate::wording::date(d, lang)),
            },
        }
    }
}

/// The province behind a localised decision.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceInfo {
    /// Overlay id (file name).
    pub id: String,
    /// Name.
    pub name: String,
    /// Suffix appended to national codes, when the overlay gives it.
    pub code_suffix: Option<String>,
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
    /// The acts that publish, amend or abolish it (the annex's act column).
    pub acts: Vec<ActRef>,
    /// The Part I heading of its level ("Thủ tục hành chính cấp xã"): the first of its
    /// levels the decision covers, as Part II groups it.
    #[serde(skip)]
    pub group: String,
}

/// A line of a Part I table: a heading spanning the table (a level, a field) or a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// "A. THỦ TỤC HÀNH CHÍNH CẤP TỈNH", shown when the table covers several levels.
    Level(String),
    /// "I. Lĩnh vực Hộ tịch".
    Field(String),
    /// The cells of one procedure.
    Row(Vec<String>),
}

/// A Part I table: its columns, the columns that get the spare width, its lines.
#[derive(Debug, Clone)]
pub struct Table {
    /// Column headings.
    pub head: Vec<&'static str>,
    /// Columns that carry the most reading (the name first): they get the spare width.
    pub wide: Vec<usize>,
    /// Headings and rows, in order.
    pub lines: Vec<Line>,
}

impl Table {
    /// The rows' cells alone (for column widths).
    pub fn rows(&self) -> Vec<Vec<String>> {
        self.lines
            .iter()
            .filter_map(|l| match l {
                Line::Row(r) => Some(r.clone()),
                _ => None,
            })
            .collect()
    }
}

/// The acts column of Part I ("Tên VBQPPL quy định nội dung công bố / sửa đổi, bổ sung /
/// bãi bỏ"): the acts behind the entry. One function, so that the acts the registry ties to
/// each change replace the procedure's legal basis here alone.
pub fn acts_cell(r: &Row) -> String {
    if !r.acts.is_empty() {
        return r
            .acts
            .iter()
            .map(|a| breakable_if_long(&a.citation))
            .collect::<Vec<_>>()
            .join("; ");
    }
    r.legal_basis
        .iter()
        .map(|n| breakable_if_long(n))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A document number too long for a narrow column (`191/2005/TTLT/BQP-BLĐTBXH-BTC`) may
/// break after its slashes (a zero-width space marks where); a short one stays whole.
pub fn breakable_if_long(number: &str) -> String {
    if number.chars().count() <= LONG_NUMBER {
        return number.to_string();
    }
    number.replace('/', "/\u{200b}")
}

/// The longest document number kept on one line.
const LONG_NUMBER: usize = 18;

/// "I", "II", … for the field headings.
fn roman(mut n: usize) -> String {
    const R: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in R {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Orders a Part I list as the annex groups it — by level (in the manifest's order), then by
/// field (in the manifest's order), keeping the order within a field — and numbers it again.
fn group_rows(
    rows: &mut [Row],
    levels: &[&crate::model::Named],
    fields: &[crate::model::Named],
    lang: Lang,
) {
    let level_of = |r: &Row| {
        levels
            .iter()
            .position(|l| r.levels.iter().any(|n| n == l.name.get(lang)))
            .unwrap_or(levels.len())
    };
    let field_of = |r: &Row| {
        fields
            .iter()
            .position(|f| f.name.get(lang) == r.field)
            .unwrap_or(fields.len())
    };
    for r in rows.iter_mut() {
        r.group = match levels.get(level_of(r)) {
            Some(l) => crate::wording::level_heading(l.name.get(lang), lang),
            None => t(lang, "Thủ tục hành chính khác", "Other procedures").into(),
        };
    }
    rows.sort_by_key(|r| (level_of(r), field_of(r), r.no));
    for (k, r) in rows.iter_mut().enumerate() {
        r.no = k + 1;
    }
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
    cat.procedures.iter().map(|n| localise(n, p)).collect()
}

/// One procedure as the province publishes it (national when no overlay), with its code as
/// published beside it and the national code in it.
fn localise(n: &Procedure, p: Option<&Province>) -> (String, Procedure) {
    match p {
        None => (n.code.value.to_string(), n.clone()),
        Some(p) => {
            let mut l = province::apply(p, n);
            let code = std::mem::replace(&mut l.code.value, n.code.value.clone());
            (code.into_string(), l)
        }
    }
}

/// Builds the decision publishing the changes between two catalogues.
pub fn build(i: &Input<'_>) -> Decision {
    let lang = i.lang;
    let mut warnings = Vec::new();
    let scope = scope_levels(i, &mut warnings);
    let in_scope = |p: &Procedure| {
        scope
            .as_ref()
            .is_none_or(|s| p.levels.iter().any(|l| s.iter().any(|x| *x == l.value)))
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
            .map(|(k, (_, p))| (p.code.value.to_string(), k))
            .collect()
    };
    let (ib, ia) = (by_code(&before), by_code(&after));
    let refs_after = Refs::new(&i.after.manifest, i.province_after, lang);
    let mut new = Vec::new();
    let mut amended = Vec::new();
    let mut abolished = Vec::new();
    let mut contents: Vec<(Content, &Procedure)> = Vec::new();
    let mut published: Vec<&Procedure> = Vec::new();
    let legal = &i.after.manifest.legal;
    let mut unaccounted = Vec::new();
    let mut editorial = Vec::new();
    let published_act = |p: &Procedure| -> Vec<ActRef> {
        p.published_by
            .iter()
            .map(|r| ActRef::new(legal, r, None, lang))
            .collect()
    };
    for e in &d.added {
        let (code, p) = &after[ia[&e.code]];
        // A province's first list publishes every national procedure it localises, with the
        // act that published it; otherwise a new procedure needs its act.
        // A province localising a national procedure publishes it as new with the act that
        // published it, even when the national catalogue only completed its data.
        let localising = i.province_after.is_some() && p.published_by.is_some();
        let acts = if first_localisation || localising {
            published_act(p)
        } else {
            match diff::acts::arrival(p) {
                diff::acts::Arrival::Published(_) => published_act(p),
                diff::acts::Arrival::Editorial(x) => {
                    editorial.push(format!("{} ({})", p.code.value, x.reason.value.label(lang)));
                    continue;
                }
                diff::acts::Arrival::Unaccounted => {
                    unaccounted.push(unaccounted_new(p));
                    continue;
                }
            }
        };
        published.push(p);
        let mut row = annex::row(new.len() + 1, code, p, &refs_after, Vec::new());
        row.acts = acts;
        new.push(row);
        contents.push((
            annex::content(Section::New, code, p, &refs_after, Vec::new()),
            p,
        ));
    }
    for a in &d.amended {
        let (code, p) = &after[ia[&a.code]];
        let old = &before[ib[&a.code]].1;
        let national = (
            i.province_after,
            i.before.procedure(&a.code),
            i.after.procedure(&a.code),
        );
        let acct = match national {
            (Some(_), Some(na), Some(nb)) => {
                diff::acts::account_localised(na, nb, &diff::procedure(na, nb), &a.changes)
            }
            _ => diff::acts::account(old, p, &a.changes),
        };
        if !acct.unaccounted.is_empty() {
            unaccounted.push(unaccounted_changes(p, &acct.unaccounted));
            continue;
        }
        if !acct.editorial.is_empty() {
            editorial.push(p.code.value.to_string());
        }
        // Changes only to what a decision does not publish (cost-model inputs, how facts
        // are modelled) or declared editorial are not an amendment of the procedure.
        if acct.amended.is_empty() && acct.local.is_empty() {
            continue;
        }
        let mut parts: Vec<&crate::model::parts::Part> =
            acct.amended.iter().chain(&acct.local).copied().collect();
        parts.sort_by_key(|x| x.order);
        let changed: Vec<String> = parts.iter().map(|x| x.label(lang).to_string()).collect();
        published.push(p);
        let mut row = annex::row(amended.len() + 1, code, p, &refs_after, changed.clone());
        row.acts = acct
            .acts
            .iter()
            .map(|m| ActRef::new(legal, &m.by, m.in_force.as_ref().map(|d| d.value), lang))
            .collect();
        // What the province changed itself rests on its People's Council resolutions that
        // the procedure's fees and discounts cite.
        if let (false, Some(prov)) = (acct.local.is_empty(), i.province_after) {
            for r in &prov.resolutions {
                let cited = p
                    .channels
                    .iter()
                    .flat_map(|c| c.fees.iter().filter_map(|f| f.basis.as_ref()))
                    .chain(p.discounts.rules.iter().map(|d| &d.basis))
                    .any(|b| b.as_str() == r.id.as_str());
                if cited {
                    row.acts.push(ActRef {
                        number: r.number.clone(),
                        date: Some(crate::wording::date(r.issued, lang)),
                        issuer: None,
                        title: Some(r.title.get(lang).to_string()),
                        citation: format!("{} — {}", r.number, r.title.get(lang)),
                        in_force: r.effective.map(|d| crate::wording::date(d, lang)),
                    });
                }
            }
        }
        amended.push(row);
        contents.push((
            annex::content(Section::Amended, code, p, &refs_after, changed),
            p,
        ));
    }
    for e in d.removed.iter().filter(|_| !first_localisation) {
        // Abolished by a record: the procedure is still in the newer catalogue.
        let recorded = ia
            .get(&e.code)
            .map(|&k| &after[k])
            .filter(|(_, p)| p.abolished.is_some());
        let Some((code, p)) = recorded else {
            let (_, p) = &before[ib[&e.code]];
            unaccounted.push(unaccounted_removal(p));
            continue;
        };
        let x = p.abolished.as_ref().expect("filtered");
        published.push(p);
        let mut row = annex::row(abolished.len() + 1, code, p, &refs_after, Vec::new());
        row.acts = vec![ActRef::new(
            legal,
            &x.by,
            x.in_force.as_ref().map(|d| d.value),
            lang,
        )];
        abolished.push(row);
    }
    let manifest_levels: Vec<&crate::model::Named> = i
        .after
        .manifest
        .levels
        .iter()
        .filter(|l| {
            scope
                .as_ref()
                .is_none_or(|s| s.iter().any(|x| *x == l.id.value))
        })
        .collect();
    for rows in [&mut new, &mut amended, &mut abolished] {
        group_rows(rows, &manifest_levels, &i.after.manifest.fields, lang);
    }
    let mut levels: Vec<LevelGroup> = manifest_levels
        .iter()
        .map(|l| LevelGroup {
            id: l.id.value.to_string(),
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
    // The national acts that published the procedures concerned, in order of first use,
    // each cited in full from the registry.
    let mut national_acts: Vec<String> = Vec::new();
    for p in published.iter().copied() {
        for a in published_act(p) {
            if !national_acts.contains(&a.citation) {
                national_acts.push(a.citation);
            }
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
            section: "decision",
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
            section: "decision",
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
            national_acts,
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
            id: p.id.value.to_string(),
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
        unaccounted,
        editorial,
    }
}

/// The hint every refusal ends with: the two ways to account for a change.
fn record_hint(parts: &str) -> crate::diag::Tr {
    crate::tr!(
        "record the act that made it in the procedure file: `amended: [{{by: <act id>, parts: [{parts}], in_force: YYYY-MM-DD}}]`, or, for a correction or data completion, `editorial: [{{parts: [{parts}], reason: correction}}]`",
        "ghi văn bản đã làm thay đổi này vào tệp thủ tục: `amended: [{{by: <mã văn bản>, parts: [{parts}], in_force: YYYY-MM-DD}}]`, hoặc nếu chỉ là sửa lỗi, bổ sung dữ liệu: `editorial: [{{parts: [{parts}], reason: correction}}]`"
    )
}

fn at_code(p: &Procedure, d: crate::diag::Diagnostic) -> crate::diag::Diagnostic {
    d.at(&p.file, p.code.start as usize, p.code.end as usize, None)
}

/// A changed procedure whose changed parts no act accounts for.
fn unaccounted_changes(
    p: &Procedure,
    parts: &[&'static crate::model::parts::Part],
) -> crate::diag::Diagnostic {
    let code = p.code.as_str();
    let name = &p.name.vi;
    let vi: Vec<&str> = parts.iter().map(|x| x.vi).collect();
    let en: Vec<&str> = parts.iter().map(|x| x.en).collect();
    let ids: Vec<&str> = parts.iter().map(|x| x.id).collect();
    let (vi, en) = (vi.join("; "), en.join(", "));
    at_code(
        p,
        crate::diag::Diagnostic::error(
            "decision/unaccounted",
            crate::tr!(
                "{code} {name}: {en} changed, but no act accounts for it",
                "{code} {name}: thay đổi {vi} nhưng không có văn bản nào làm căn cứ"
            ),
        ),
    )
    .help(record_hint(&ids.join(", ")))
}

/// A new procedure with no act publishing it.
fn unaccounted_new(p: &Procedure) -> crate::diag::Diagnostic {
    let code = p.code.as_str();
    let name = &p.name.vi;
    at_code(
        p,
        crate::diag::Diagnostic::error(
            "decision/unaccounted",
            crate::tr!(
                "{code} {name} is new, but no act published it",
                "{code} {name} là thủ tục mới nhưng không có văn bản công bố"
            ),
        ),
    )
    .help(crate::tr!(
        "name the act that published it: `published_by: <act id>`; a procedure that was in force already and is only added to the catalogue is data completion: `editorial: [{{parts: [all], reason: completion}}]`",
        "ghi văn bản đã công bố thủ tục: `published_by: <mã văn bản>`; nếu thủ tục đã có hiệu lực và chỉ được bổ sung vào danh mục thì là bổ sung dữ liệu: `editorial: [{{parts: [all], reason: completion}}]`"
    ))
}

/// A procedure file deleted with no record of an abolition.
fn unaccounted_removal(p: &Procedure) -> crate::diag::Diagnostic {
    let code = p.code.as_str();
    let name = &p.name.vi;
    at_code(
        p,
        crate::diag::Diagnostic::error(
            "decision/unaccounted",
            crate::tr!(
                "{code} {name}: its file was deleted, but no act abolished it",
                "{code} {name}: tệp thủ tục bị xóa nhưng không có văn bản bãi bỏ"
            ),
        ),
    )
    .help(crate::tr!(
        "keep the file and record the abolition in it: `abolished: {{by: <act id>, in_force: YYYY-MM-DD}}`",
        "giữ lại tệp và ghi việc bãi bỏ vào đó: `abolished: {{by: <mã văn bản>, in_force: YYYY-MM-DD}}`"
    ))
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
    Some(levels.iter().map(|l| l.value.to_string()).collect())
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

    /// A Part I table, shared by every layout so that the Markdown, HTML and DOCX annexes
    /// show the same table: the columns of the national database's form (No., code, name,
    /// the act behind the entry, field, agency; a new procedure keeps its deadline, place
    /// and fees), grouped under level headings (when the list covers several levels) and
    /// field headings.
    pub fn table(&self, s: Section) -> Table {
        let l = self.lang;
        let mut head = vec![
            t(l, "STT", "No."),
            t(l, "Mã TTHC", "Code"),
            t(l, "Tên thủ tục hành chính", "Procedure"),
        ];
        match s {
            Section::New => head.extend([
                t(l, "Thời hạn giải quyết", "Deadline"),
                t(l, "Địa điểm thực hiện", "Place"),
                t(l, "Phí, lệ phí", "Fees"),
                t(
                    l,
                    "Tên VBQPPL quy định nội dung công bố",
                    "Act that sets the content",
                ),
            ]),
            Section::Amended => head.extend([
                t(l, "Nội dung sửa đổi, bổ sung", "What changed"),
                t(
                    l,
                    "Tên VBQPPL quy định nội dung sửa đổi, bổ sung",
                    "Act that amends it",
                ),
            ]),
            Section::Abolished => head.push(t(
                l,
                "Tên VBQPPL quy định việc bãi bỏ",
                "Act that abolishes it",
            )),
        }
        head.extend([
            t(l, "Lĩnh vực", "Field"),
            t(l, "Cơ quan thực hiện", "Agency"),
        ]);
        let rows = self.rows(s);
        let several_levels = rows.windows(2).any(|w| w[0].group != w[1].group);
        let mut lines = Vec::new();
        let (mut level, mut field) = (None::<&str>, None::<&str>);
        let (mut level_no, mut field_no) = (0usize, 0usize);
        for r in rows {
            if level != Some(r.group.as_str()) {
                level = Some(&r.group);
                field = None;
                field_no = 0;
                if several_levels {
                    let letter = (b'A' + (level_no as u8 % 26)) as char;
                    lines.push(Line::Level(format!("{letter}. {}", r.group.to_uppercase())));
                }
                level_no += 1;
            }
            if field != Some(r.field.as_str()) {
                field = Some(&r.field);
                field_no += 1;
                lines.push(Line::Field(match l {
                    Lang::Vi => format!("{}. Lĩnh vực {}", roman(field_no), r.field),
                    Lang::En => format!("{}. {}", roman(field_no), r.field),
                }));
            }
            let mut v = vec![r.no.to_string(), r.code.clone(), r.name.clone()];
            match s {
                Section::New => v.extend([
                    r.deadline.clone(),
                    r.place.clone(),
                    r.fees.clone(),
                    acts_cell(r),
                ]),
                Section::Amended => v.extend([r.changed.join(", "), acts_cell(r)]),
                Section::Abolished => v.push(acts_cell(r)),
            }
            v.extend([r.field.clone(), r.agency.clone()]);
            lines.push(Line::Row(v));
        }
        let wide = match s {
            Section::New => vec![2, 5],
            Section::Amended => vec![2, 3],
            Section::Abolished => vec![2],
        };
        Table { head, wide, lines }
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
                // A word never breaks inside (no "ph / ường"): the column is at least as
                // wide as it, up to a length only an address or a list reaches.
                let need = if whole { width(core) } else { width(w).min(18) };
                longest[k] = longest[k].max(need);
            }
            mass[k] += c.chars().count();
        }
    }
    let rows_n = rows.len().max(1);
    // In characters of 10 pt table text: about the width of landscape A4 between the
    // margins, less the cells' padding.
    const LINE: f64 = 121.0;
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
    // The name (the first wide column) is the widest: it is what a reader looks for.
    if let Some(&name) = wide.first()
        && name < n
    {
        for _ in 0..8 {
            let widest = (0..n)
                .filter(|&k| k != name)
                .map(|k| widths[k])
                .fold(0.0, f64::max);
            let deficit = widest - widths[name];
            if deficit <= 0.01 {
                break;
            }
            // Take it from the columns above their minimum, the widest most.
            let spare: Vec<f64> = (0..n)
                .map(|k| {
                    if k == name {
                        0.0
                    } else {
                        (widths[k] - min[k]).max(0.0) * widths[k]
                    }
                })
                .collect();
            let spare_total: f64 = spare.iter().sum();
            if spare_total <= 0.0 {
                break;
            }
            let take = (deficit * 0.6).min(
                (0..n)
                    .filter(|&k| k != name)
                    .map(|k| (widths[k] - min[k]).max(0.0))
                    .sum(),
            );
            for k in 0..n {
                if k != name {
                    let t = take * spare[k] / spare_total;
                    widths[k] -= t.min((widths[k] - min[k]).max(0.0));
                }
            }
            widths[name] += take;
        }
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
            && !core.contains("://")
            && !core.contains('\u{200b}');
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
        assert!(w[1] * 121.0 >= 23.0, "{w:?}");
    }

    /// Nine columns of a new-procedures list: the name is the widest and every column is at
    /// least as wide as its longest word, so no word is cut inside ("ph / ường").
    #[test]
    fn the_name_is_the_widest_and_no_word_is_cut() {
        let head = [
            "STT",
            "Mã TTHC",
            "Tên thủ tục hành chính",
            "Thời hạn giải quyết",
            "Địa điểm thực hiện",
            "Phí, lệ phí",
            "Tên VBQPPL quy định nội dung công bố",
            "Lĩnh vực",
            "Cơ quan thực hiện",
        ];
        let acts = [
            "191/2005/TTLT/BQP-BLĐTBXH-BTC",
            "104/2024/TT-BQP",
            "60/2014/QH13",
        ]
        .iter()
        .map(|n| breakable_if_long(n))
        .collect::<Vec<_>>()
        .join("; ");
        let rows = vec![vec![
            "1".to_string(),
            "1.000419".to_string(),
            "Thủ tục đăng ký khai tử lưu động".to_string(),
            "5 ngày làm việc".to_string(),
            "Ủy ban nhân dân xã, phường, thị trấn. Cách thức: Trực tiếp".to_string(),
            "Lệ phí: 5.000 đồng; miễn khi nộp hồ sơ trực tuyến từ ngày 01/07/2025".repeat(3),
            acts,
            "Hộ tịch".to_string(),
            "Ủy ban nhân dân xã, phường, thị trấn".to_string(),
        ]];
        let w = column_widths(&head, &rows, &[2, 5]);
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        for k in 0..w.len() {
            assert!(k == 2 || w[2] >= w[k], "the name is the widest: {w:?}");
        }
        // "phường," (7 letters) fits in the agency column; the long number may break.
        assert!(w[8] * 121.0 >= 9.0, "{w:?}");
        assert!(rows[0][6].contains("/\u{200b}BQP"));
        assert!(!rows[0][6].contains("104/\u{200b}"));
    }

    #[test]
    fn bullets_are_not_doubled() {
        assert_eq!(unbulleted("- Trường hợp A"), "Trường hợp A");
        assert_eq!(unbulleted("– - x"), "x");
        assert_eq!(unbulleted("Bước 1"), "Bước 1");
    }
}
