//! The decision approving internal processes (Quyết định phê duyệt quy trình nội bộ, quy trình
//! điện tử giải quyết thủ tục hành chính) and the delivery list decisions (online, public
//! postal service, regardless of administrative boundary, internal procedures).
//!
//! The front matter is the catalogue decision's ([`super::form`], Decree 30/2020/NĐ-CP), with
//! the subject, Article 1 and the annex heading of the kind of decision; every other sentence
//! comes from the overlay's (or manifest's) `process_decision:` / `list_decision:` section,
//! else its `decision:` section, and a piece missing from both is a blank with a warning.
//! The annex of a process decision has one table per procedure — Bước | Nội dung công việc |
//! Đơn vị / người thực hiện | Thời gian | Kết quả — and the total against the deadline, as the
//! provinces' decisions lay it out (e.g. Thừa Thiên Huế 2653/QĐ-UBND of 08/11/2023); its JSON
//! and CSV are what the one-stop electronic system is configured from (Decree 61/2018/NĐ-CP,
//! art. 2 as amended by Decree 107/2021/NĐ-CP).

use super::form::{self, Front};
use crate::catalogue::Catalogue;
use crate::diag::{Diagnostic, Lang};
use crate::model::process::{self as mp, Delivery, Postal, Process, time_words};
use crate::model::{ChannelKind, Named, Procedure};
use crate::province::Province;
use crate::rules::Unit;
use crate::rules::ast::StepTime;
use serde::Serialize;

use crate::wording::t;

/// Which decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Approval of internal processes.
    Process,
    /// Procedures online, fully or partly.
    Online,
    /// Procedures through the public postal service.
    Postal,
    /// Procedures received regardless of administrative boundary.
    BoundaryFree,
    /// Internal procedures between state bodies.
    Internal,
}

impl Kind {
    /// The id on the command line and in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Process => "process",
            Kind::Online => "online",
            Kind::Postal => "postal",
            Kind::BoundaryFree => "boundary-free",
            Kind::Internal => "internal",
        }
    }
}

/// An amount of time, for the one-stop system: `{amount, unit}` and the words.
#[derive(Debug, Clone, Serialize)]
pub struct Time {
    /// The amount (0.5 for half a day); absent when the source does not state it.
    pub amount: Option<f64>,
    /// `working_days`, `days`, `hours` or `months`.
    pub unit: Option<Unit>,
    /// In words, in the decision's language.
    pub text: String,
}

impl Time {
    fn of(t: &StepTime, lang: Lang) -> Time {
        Time {
            amount: Some(t.amount_f64()),
            unit: Some(t.unit),
            text: time_words(t, lang),
        }
    }
}

/// A step of a process table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StepRow {
    /// Its number.
    pub step: u32,
    /// What is done.
    pub name: String,
    /// Who does it (the unit's name).
    pub unit: String,
    /// How long.
    pub time: TimeRow,
    /// What it produces (empty when the process does not say).
    pub output: Option<String>,
}

/// A step's time (always stated).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TimeRow {
    /// The amount (0.5 for half a day).
    pub amount: f64,
    /// `working_days`, `days` or `hours`.
    pub unit: Unit,
    /// In words.
    pub text: String,
}

/// One procedure's process in the annex.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessEntry {
    /// Number in the annex.
    pub no: usize,
    /// Code as published (with the province's suffix).
    pub code: String,
    /// National code.
    pub national_code: String,
    /// Name.
    pub name: String,
    /// Field name.
    pub field: String,
    /// The channels the process applies to, by name.
    pub channels: Vec<String>,
    /// The deadline of the main channel it applies to; `text` names each channel's when they
    /// differ.
    pub deadline: Time,
    /// The approving act's number, when the process records one.
    pub approved_by: Option<String>,
    /// The steps.
    pub steps: Vec<StepRow>,
    /// The steps added up; absent when they cannot be added (calendar days mixed with
    /// working time).
    pub total: Option<Time>,
    /// `new` (no process before) or `amended`, with `--from`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
}

/// One line of a list decision.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ListRow {
    /// Number in its list.
    pub no: usize,
    /// Code as published.
    pub code: String,
    /// National code.
    pub national_code: String,
    /// Name.
    pub name: String,
    /// Field name.
    pub field: String,
    /// Level names.
    pub levels: Vec<String>,
    /// The implementing agency.
    pub agency: String,
    /// The kind's own column: `toàn trình` / `một phần`, what goes by post, where it is
    /// received, between which bodies.
    pub detail: String,
}

/// A process or list decision, ready to be written in any format.
#[derive(Debug, Clone, Serialize)]
pub struct KindDecision {
    /// Which decision.
    pub kind: Kind,
    /// Language of every text.
    pub lang: Lang,
    /// Title.
    pub title: String,
    /// Whose procedures: the province's name or the catalogue's.
    pub scope: String,
    /// The older revision, when the decision is about changes.
    pub from: Option<String>,
    /// The newer revision.
    pub to: String,
    /// The province, for a localised decision.
    pub province: Option<String>,
    /// The form of Decree 30/2020/NĐ-CP around the annex.
    pub front: Front,
    /// A process decision's procedures.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub procedures: Vec<ProcessEntry>,
    /// A list decision's list (without `--from`), or the entries added to it (with).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<Vec<ListRow>>,
    /// With `--from`: the entries added to the list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added: Option<Vec<ListRow>>,
    /// With `--from`: the entries removed from the list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<Vec<ListRow>>,
    /// Pieces of the form that are missing.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

/// What [`build`] reads.
pub struct Input<'a> {
    /// Which decision.
    pub kind: Kind,
    /// The older catalogue (`--from`), if any.
    pub before: Option<&'a Catalogue>,
    /// The newer catalogue.
    pub after: &'a Catalogue,
    /// The province overlay at the older revision.
    pub province_before: Option<&'a Province>,
    /// The province overlay at the newer revision.
    pub province_after: Option<&'a Province>,
    /// Language.
    pub lang: Lang,
    /// How the revisions are shown.
    pub labels: (Option<String>, String),
    /// Number, date and signer.
    pub sign: form::Signing,
}

/// Minutes of a working day of a procedure's agency: its own hours, else the catalogue's for
/// its agency.
pub fn day_minutes(p: &Procedure, cat: &Catalogue) -> u32 {
    match &p.working_hours {
        Some(h) => h.minutes_per_day(),
        None => {
            let agency = crate::metrics::agency(p).map(|a| &*a.vi);
            cat.manifest
                .working_hours
                .for_agency(agency)
                .minutes_per_day()
        }
    }
}

/// The procedures of a catalogue as the province publishes them (national when no overlay),
/// in the levels the decision covers, each with its code as published.
fn published<'c>(
    cat: &'c Catalogue,
    p: Option<&'c Province>,
    levels: &Option<Vec<String>>,
) -> Vec<(String, Procedure)> {
    cat.procedures
        .iter()
        // Lists and processes are of procedures in force.
        .filter(|n| !n.is_abolished())
        .filter(|n| {
            levels
                .as_ref()
                .is_none_or(|s| n.levels.iter().any(|l| s.iter().any(|x| *x == l.value)))
        })
        .map(|n| super::localise(n, p))
        .collect()
}

fn field_name(cat: &Catalogue, id: &str, lang: Lang) -> String {
    Named::name_in(&cat.manifest.fields, id, lang).to_string()
}

fn level_names(cat: &Catalogue, p: &Procedure, lang: Lang) -> Vec<String> {
    p.levels
        .iter()
        .map(|l| Named::name_in(&cat.manifest.levels, l, lang).to_string())
        .collect()
}

/// The name of a unit id: the overlay's declaration, else the manifest's.
fn unit_name(cat: &Catalogue, prov: Option<&Province>, id: &str, lang: Lang) -> String {
    prov.into_iter()
        .flat_map(|p| p.units.iter())
        .chain(cat.manifest.units.iter())
        .find(|u| u.id.as_str() == id)
        .map_or_else(|| id.to_string(), |u| u.name.get(lang).to_string())
}

/// The channels a process applies to, in the procedure's order.
fn process_channels<'p>(proc_: &Process, p: &'p Procedure) -> Vec<&'p crate::model::Channel> {
    p.channels
        .iter()
        .filter(|c| proc_.channels.is_empty() || proc_.channels.iter().any(|k| k.value == *c.kind))
        .collect()
}

fn process_entry(
    cat: &Catalogue,
    prov: Option<&Province>,
    code: &str,
    p: &Procedure,
    proc_: &Process,
    lang: Lang,
) -> ProcessEntry {
    let refs = crate::wording::Refs::new(&cat.manifest, prov, lang);
    let chans = process_channels(proc_, p);
    let main = chans
        .iter()
        .find(|c| *c.kind == ChannelKind::Direct)
        .or(chans.first())
        .copied();
    let words = |c: &crate::model::Channel| crate::wording::deadline(&c.deadline.value, p, &refs);
    let all_same = chans
        .windows(2)
        .all(|w| w[0].deadline.value == w[1].deadline.value);
    let deadline_text = if all_same {
        main.map(words).unwrap_or_default()
    } else {
        chans
            .iter()
            .map(|c| format!("{}: {}", c.kind.label(lang), words(c)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let d = main.and_then(|c| c.deadline.value.default_duration());
    let deadline = Time {
        amount: d.map(|d| f64::from(d.amount)),
        unit: d.map(|d| d.unit),
        text: deadline_text,
    };
    let steps = proc_
        .steps
        .iter()
        .map(|s| StepRow {
            step: s.no,
            name: s.name.get(lang).to_string(),
            unit: s
                .unit
                .as_ref()
                .map(|u| unit_name(cat, prov, u.as_str(), lang))
                .unwrap_or_default(),
            time: TimeRow {
                amount: s.time.value.amount_f64(),
                unit: s.time.value.unit,
                text: time_words(&s.time.value, lang),
            },
            output: s.output.as_ref().map(|o| o.get(lang).to_string()),
        })
        .collect();
    let total = mp::total(&proc_.steps, day_minutes(p, cat)).map(|t| Time::of(&t.as_time(), lang));
    ProcessEntry {
        no: 0,
        code: code.to_string(),
        national_code: p.code.value.to_string(),
        name: p.name.get(lang).to_string(),
        field: field_name(cat, p.field.as_str(), lang),
        channels: chans
            .iter()
            .map(|c| c.kind.label(lang).to_string())
            .collect(),
        deadline,
        approved_by: proc_.approved_by.as_ref().map(|a| refs.number(a.as_str())),
        steps,
        total,
        status: None,
    }
}

/// The detail column of a list, or `None` when the procedure is not on it.
fn list_detail(kind: Kind, p: &Procedure, lang: Lang) -> Option<String> {
    match kind {
        Kind::Process => None,
        Kind::Online => {
            if p.channel(ChannelKind::OnlineFull).is_some() {
                Some(t(lang, "Toàn trình", "Full process").into())
            } else if p.channel(ChannelKind::OnlinePartial).is_some() {
                Some(t(lang, "Một phần", "Partly").into())
            } else {
                None
            }
        }
        Kind::Postal => Delivery::postal_of(p).map(|x: Postal| x.words(lang).to_string()),
        Kind::BoundaryFree => p.delivery.boundary_free.as_ref().map(|b| {
            let scope = if b.nationwide {
                t(lang, "Toàn quốc", "Nationwide")
            } else {
                t(lang, "Trong phạm vi tỉnh", "Within the province")
            };
            match &b.place {
                Some(w) => format!("{scope}: {}", w.get(lang)),
                None => scope.to_string(),
            }
        }),
        Kind::Internal => p
            .delivery
            .internal
            .as_ref()
            .map(|b| b.get(lang).to_string()),
    }
}

fn list_rows(
    kind: Kind,
    cat: &Catalogue,
    prov: Option<&Province>,
    levels: &Option<Vec<String>>,
    lang: Lang,
) -> Vec<ListRow> {
    published(cat, prov, levels)
        .iter()
        .filter_map(|(code, p)| {
            let detail = list_detail(kind, p, lang)?;
            Some(ListRow {
                no: 0,
                code: code.clone(),
                national_code: p.code.value.to_string(),
                name: p.name.get(lang).to_string(),
                field: field_name(cat, p.field.as_str(), lang),
                levels: level_names(cat, p, lang),
                // Unknown is not blank: the record names no agency.
                agency: crate::metrics::agency(p).map_or_else(
                    || t(lang, "Chưa có thông tin", "Not stated").to_string(),
                    |a| a.get(lang).to_string(),
                ),
                detail,
            })
        })
        .collect()
}

fn numbered(mut v: Vec<ListRow>) -> Vec<ListRow> {
    for (k, r) in v.iter_mut().enumerate() {
        r.no = k + 1;
    }
    v
}

/// The form a decision of this kind uses, and the section it is read from: the kind's own
/// section, else `decision:`.
fn form_of<'a>(
    kind: Kind,
    cat: &'a Catalogue,
    prov: Option<&'a Province>,
) -> (Option<&'a crate::model::form::Form>, &'static str) {
    let (process, list, general) = match prov {
        Some(p) => (
            p.process_decision.as_ref(),
            p.list_decision.as_ref(),
            p.decision.as_ref(),
        ),
        None => (
            cat.manifest.process_decision.as_ref(),
            cat.manifest.list_decision.as_ref(),
            cat.manifest.decision.as_ref(),
        ),
    };
    let (own, name) = if kind == Kind::Process {
        (process, "process_decision")
    } else {
        (list, "list_decision")
    };
    match own {
        Some(f) => (Some(f), name),
        None => (general, "decision"),
    }
}

fn count_vi(n: usize) -> String {
    format!("{n:02}")
}

/// What a list decision's procedures are, in the subject and Article 1.
fn list_what(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Process => "",
        Kind::Online => t(
            lang,
            "thực hiện dịch vụ công trực tuyến toàn trình, một phần",
            "provided online (full process or partly)",
        ),
        Kind::Postal => t(
            lang,
            "tiếp nhận hồ sơ, trả kết quả giải quyết qua dịch vụ bưu chính công ích",
            "whose dossiers are received or results returned through the public postal service",
        ),
        Kind::BoundaryFree => t(
            lang,
            "tiếp nhận hồ sơ không phụ thuộc vào địa giới hành chính",
            "received regardless of administrative boundary",
        ),
        Kind::Internal => t(
            lang,
            "nội bộ giữa các cơ quan hành chính nhà nước",
            "internal between state bodies",
        ),
    }
}

/// Builds a process or list decision.
pub fn build(i: &Input<'_>) -> KindDecision {
    let lang = i.lang;
    let mut warnings = Vec::new();
    let (form_data, section) = form_of(i.kind, i.after, i.province_after);
    let levels: Option<Vec<String>> = form_data
        .and_then(|f| f.levels.as_ref())
        .map(|l| l.iter().map(|x| x.value.to_string()).collect());
    let manifest_levels: Vec<&crate::model::Named> = i
        .after
        .manifest
        .levels
        .iter()
        .filter(|l| {
            levels
                .as_ref()
                .is_none_or(|s| s.iter().any(|x| *x == l.id.value))
        })
        .collect();
    let level_names: Vec<String> = manifest_levels
        .iter()
        .map(|l| form::lower_first(l.name.get(lang)))
        .collect();
    let province_name = i.province_after.map(|p| p.name.get(lang));
    let (levels_words, where_) = form::scope_words(lang, &level_names, province_name);
    let mut procedures = Vec::new();
    let (mut list, mut added, mut removed) = (None, None, None);
    let count;
    let mut counts = (0usize, 0usize);
    if i.kind == Kind::Process {
        let entries = |cat: &Catalogue, prov: Option<&Province>| -> Vec<ProcessEntry> {
            published(cat, prov, &levels)
                .iter()
                .filter_map(|(code, p)| {
                    let proc_ = p.process.as_ref()?;
                    Some(process_entry(cat, prov, code, p, proc_, lang))
                })
                .collect()
        };
        let after = entries(i.after, i.province_after);
        let before = i.before.map(|b| entries(b, i.province_before));
        for mut e in after {
            if let Some(before) = &before {
                match before.iter().find(|b| b.national_code == e.national_code) {
                    None => {
                        e.status = Some("new");
                        counts.0 += 1;
                    }
                    Some(b) if same_process(b, &e) => continue,
                    Some(_) => {
                        e.status = Some("amended");
                        counts.1 += 1;
                    }
                }
            }
            e.no = procedures.len() + 1;
            procedures.push(e);
        }
        count = procedures.len();
    } else {
        let after = list_rows(i.kind, i.after, i.province_after, &levels, lang);
        match i.before {
            None => {
                count = after.len();
                list = Some(numbered(after));
            }
            Some(b) => {
                let before = list_rows(i.kind, b, i.province_before, &levels, lang);
                let add: Vec<ListRow> = after
                    .iter()
                    .filter(|r| {
                        !before
                            .iter()
                            .any(|x| x.national_code == r.national_code && x.detail == r.detail)
                    })
                    .cloned()
                    .collect();
                let rem: Vec<ListRow> = before
                    .into_iter()
                    .filter(|r| !after.iter().any(|x| x.national_code == r.national_code))
                    .collect();
                counts = (add.len(), rem.len());
                count = add.len() + rem.len();
                added = Some(numbered(add));
                removed = Some(numbered(rem));
            }
        }
    }
    let origin = match i.province_after {
        Some(p) => form::Origin {
            file: Some(&p.file),
            at: form_data.map(|f| f.at).unwrap_or((p.id.start, p.id.end)),
            what: crate::tr!("the overlay", "tệp địa phương hóa"),
            section,
        },
        None => form::Origin {
            file: i.after.manifest.file.as_ref(),
            at: form_data.map(|f| f.at).unwrap_or((0, 0)),
            what: crate::tr!("the manifest", "tệp khai báo danh mục"),
            section,
        },
    };
    let mut front = form::front(
        form_data,
        &origin,
        &form::Facts {
            lang,
            province: province_name,
            levels: level_names.clone(),
            counts: [count, 0, 0],
            first_localisation: false,
            national_acts: Vec::new(),
        },
        &i.sign,
        &mut warnings,
    );
    let handled = match lang {
        Lang::Vi => format!("thuộc thẩm quyền giải quyết của {levels_words}{where_}"),
        Lang::En => format!("handled at {levels_words}{where_}"),
    };
    let with_from = i.before.is_some();
    match i.kind {
        Kind::Process => {
            front.subject = match lang {
                Lang::Vi => format!(
                    "Về việc phê duyệt quy trình nội bộ, quy trình điện tử giải quyết thủ tục hành chính {handled}"
                ),
                Lang::En => format!(
                    "Approving the internal and electronic processes of the administrative procedures {handled}"
                ),
            };
            front.articles[0].text = vec![match (lang, with_from) {
                (Lang::Vi, false) => format!(
                    "Phê duyệt kèm theo Quyết định này {} quy trình nội bộ, quy trình điện tử giải quyết thủ tục hành chính {handled} (Phụ lục kèm theo).",
                    count_vi(count)
                ),
                (Lang::Vi, true) => format!(
                    "Phê duyệt kèm theo Quyết định này {} quy trình nội bộ, quy trình điện tử giải quyết thủ tục hành chính {handled}, gồm {} quy trình mới và {} quy trình được sửa đổi, bổ sung (Phụ lục kèm theo).",
                    count_vi(count),
                    count_vi(counts.0),
                    count_vi(counts.1)
                ),
                (Lang::En, false) => format!(
                    "The {count} internal and electronic processes of the administrative procedures {handled}, annexed to this Decision, are approved."
                ),
                (Lang::En, true) => format!(
                    "The {count} internal and electronic processes of the administrative procedures {handled}, annexed to this Decision, are approved: {} new and {} amended.",
                    counts.0, counts.1
                ),
            }];
            front.annex[1] = match lang {
                Lang::Vi => format!(
                    "QUY TRÌNH NỘI BỘ, QUY TRÌNH ĐIỆN TỬ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH {}",
                    handled.to_uppercase()
                ),
                Lang::En => format!(
                    "INTERNAL AND ELECTRONIC PROCESSES OF THE ADMINISTRATIVE PROCEDURES {}",
                    handled.to_uppercase()
                ),
            };
        }
        kind => {
            let what = list_what(kind, lang);
            front.subject = match lang {
                Lang::Vi => format!("Về việc công bố danh mục thủ tục hành chính {what} {handled}"),
                Lang::En => {
                    format!("Publishing the list of administrative procedures {what}, {handled}")
                }
            };
            front.articles[0].text = vec![match (lang, with_from) {
                (Lang::Vi, false) => format!(
                    "Công bố kèm theo Quyết định này danh mục {} thủ tục hành chính {what} {handled} (Phụ lục kèm theo).",
                    count_vi(count)
                ),
                (Lang::Vi, true) => format!(
                    "Công bố kèm theo Quyết định này danh mục thủ tục hành chính {what} {handled} được bổ sung ({} thủ tục, Mục I Phụ lục kèm theo) và đưa ra khỏi danh mục ({} thủ tục, Mục II Phụ lục kèm theo).",
                    count_vi(counts.0),
                    count_vi(counts.1)
                ),
                (Lang::En, false) => format!(
                    "The annexed list of {count} administrative procedures {what}, {handled}, is published."
                ),
                (Lang::En, true) => format!(
                    "The annexed changes to the list of administrative procedures {what}, {handled}, are published: {} added (section I of the Annex) and {} removed (section II).",
                    counts.0, counts.1
                ),
            }];
            front.annex[1] = match lang {
                Lang::Vi => format!(
                    "DANH MỤC THỦ TỤC HÀNH CHÍNH {} {}",
                    what.to_uppercase(),
                    handled.to_uppercase()
                ),
                Lang::En => format!(
                    "LIST OF ADMINISTRATIVE PROCEDURES {} {}",
                    what.to_uppercase(),
                    handled.to_uppercase()
                ),
            };
        }
    }
    // The tasks the decision gives (configuring the electronic process, updating the
    // portal) are the author's words, after the date it takes effect.
    let assignments: Vec<String> = form_data
        .map(|f| {
            f.assignments
                .iter()
                .map(|a| a.get(lang).to_string())
                .collect()
        })
        .unwrap_or_default();
    if assignments.is_empty() && i.kind == Kind::Process {
        let (we, wv) = (&origin.what.en, &origin.what.vi);
        let mut d = Diagnostic::warning(
            "decision/missing",
            crate::tr!(
                "{we} has no `assignments` (who configures the electronic process on the one-stop system): the decision leaves it blank to fill by hand",
                "{wv} không có `assignments` (cơ quan cấu hình quy trình điện tử trên Hệ thống thông tin giải quyết thủ tục hành chính): quyết định để trống để điền tay"
            ),
        )
        .help(crate::tr!(
            "add `assignments:` to the `{section}:` section",
            "thêm `assignments:` vào mục `{section}:`"
        ));
        if let Some(file) = origin.file {
            d = d.at(file, origin.at.0 as usize, origin.at.1 as usize, None);
        }
        warnings.push(d);
        front.articles[1].text.push(form::BLANK.to_string());
    }
    front.articles[1].text.extend(assignments);
    let title = format!(
        "{} {}",
        t(lang, "Quyết định", "Decision:"),
        form::lower_first(&front.subject)
    );
    KindDecision {
        kind: i.kind,
        lang,
        title,
        scope: match i.province_after {
            Some(p) => p.name.get(lang).to_string(),
            None => i.after.manifest.name.get(lang).to_string(),
        },
        from: i.labels.0.clone(),
        to: i.labels.1.clone(),
        province: i.province_after.map(|p| p.id.value.to_string()),
        front,
        procedures,
        list,
        added,
        removed,
        warnings,
    }
}

/// Whether two revisions of a procedure's process read the same in the decision.
fn same_process(a: &ProcessEntry, b: &ProcessEntry) -> bool {
    a.steps == b.steps
        && a.channels == b.channels
        && a.deadline.text == b.deadline.text
        && a.approved_by == b.approved_by
}

impl KindDecision {
    /// The JSON document (for the one-stop system).
    pub fn json(&self) -> String {
        let mut v = serde_json::to_value(self).expect("serializable");
        v.as_object_mut()
            .expect("object")
            .insert("format_version".into(), 1.into());
        serde_json::to_string_pretty(&v).expect("serializable") + "\n"
    }

    /// The header of a process table.
    pub fn step_head(&self) -> [&'static str; 5] {
        let l = self.lang;
        [
            t(l, "Bước", "Step"),
            t(l, "Nội dung công việc", "What is done"),
            t(l, "Đơn vị / người thực hiện", "Unit / post"),
            t(l, "Thời gian", "Time"),
            t(l, "Kết quả", "Result"),
        ]
    }

    /// The total line of a process table: its label, the total, and the deadline.
    pub fn total_cells(&self, e: &ProcessEntry) -> (String, String, String) {
        let l = self.lang;
        (
            t(l, "Tổng thời gian giải quyết", "Total time").to_string(),
            e.total.as_ref().map(|x| x.text.clone()).unwrap_or_else(|| {
                t(
                    l,
                    "Không cộng được (ngày theo lịch và thời gian làm việc)",
                    "Cannot be added (calendar days and working time)",
                )
                .to_string()
            }),
            format!(
                "{}: {}",
                t(l, "Thời hạn giải quyết", "Deadline"),
                e.deadline.text
            ),
        )
    }

    /// The sections of a list decision: (heading, rows).
    pub fn lists(&self) -> Vec<(String, &[ListRow])> {
        let l = self.lang;
        let mut v = Vec::new();
        if let Some(x) = &self.list {
            v.push((t(l, "Danh mục", "List").to_string(), &x[..]));
        }
        if let Some(x) = &self.added {
            v.push((
                t(
                    l,
                    "I. Thủ tục hành chính được bổ sung vào danh mục",
                    "I. Procedures added to the list",
                )
                .to_string(),
                &x[..],
            ));
        }
        if let Some(x) = &self.removed {
            v.push((
                t(
                    l,
                    "II. Thủ tục hành chính được đưa ra khỏi danh mục",
                    "II. Procedures removed from the list",
                )
                .to_string(),
                &x[..],
            ));
        }
        v
    }

    /// The header of a list table.
    pub fn list_head(&self) -> [&'static str; 7] {
        let l = self.lang;
        [
            t(l, "STT", "No."),
            t(l, "Mã thủ tục", "Code"),
            t(l, "Tên thủ tục hành chính", "Procedure"),
            t(l, "Lĩnh vực", "Field"),
            t(l, "Cấp thực hiện", "Level"),
            t(l, "Cơ quan thực hiện", "Agency"),
            match self.kind {
                Kind::Online => t(l, "Mức độ trực tuyến", "Online"),
                Kind::Postal => t(l, "Qua dịch vụ bưu chính công ích", "Public postal service"),
                Kind::BoundaryFree => t(l, "Phạm vi, nơi tiếp nhận", "Scope and where"),
                Kind::Internal => t(l, "Giữa các cơ quan", "Between"),
                Kind::Process => "",
            },
        ]
    }

    /// A list row's cells.
    pub fn list_cells(r: &ListRow) -> [String; 7] {
        [
            r.no.to_string(),
            r.code.clone(),
            r.name.clone(),
            r.field.clone(),
            r.levels.join(", "),
            r.agency.clone(),
            r.detail.clone(),
        ]
    }

    /// Nothing to publish.
    pub fn is_empty(&self) -> bool {
        self.procedures.is_empty() && self.lists().iter().all(|(_, r)| r.is_empty())
    }
}
