//! The procedure model: what a catalogue says, independent of how it was written.
//!
//! Values that later checks point at keep their [`Sp`] span; everything is owned so a loaded
//! catalogue outlives its source text.

use crate::money::Money;
use crate::rules::{Deadline, Discount, Expr, FeeRule, Type};
use crate::shape::Str;
use jiff::civil::{Date, Time};
use std::sync::Arc;

pub mod form;
pub mod parts;
pub mod process;
mod wordings;

pub use wordings::{MissingWording, missing_wordings};

pub use crate::diag::SourceFile;
pub use crate::shape::{Sp, Text};

/// The way a dossier is submitted (cách thức thực hiện).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// In person (trực tiếp).
    Direct,
    /// By post (bưu chính).
    Postal,
    /// Online, the whole process (trực tuyến toàn trình).
    OnlineFull,
    /// Online, part of the process (trực tuyến một phần).
    OnlinePartial,
}

impl ChannelKind {
    /// Every channel, in display order.
    pub const ALL: [ChannelKind; 4] = [
        ChannelKind::Direct,
        ChannelKind::Postal,
        ChannelKind::OnlineFull,
        ChannelKind::OnlinePartial,
    ];

    /// The id used in YAML and rules.
    pub fn id(self) -> &'static str {
        match self {
            ChannelKind::Direct => "direct",
            ChannelKind::Postal => "postal",
            ChannelKind::OnlineFull => "online_full",
            ChannelKind::OnlinePartial => "online_partial",
        }
    }

    /// Parses a channel id.
    pub fn parse(s: &str) -> Option<ChannelKind> {
        ChannelKind::ALL.into_iter().find(|c| c.id() == s)
    }

    /// The channel a person names: its id (`direct`, `online_full`), or its name in
    /// Vietnamese or English with or without accents (`trực tiếp`, `truc-tiep`, `bưu chính`,
    /// `trực tuyến toàn trình`, `in person`).
    pub fn from_name(s: &str) -> Option<ChannelKind> {
        use crate::vietnamese::same_name;
        let also: fn(ChannelKind) -> &'static [&'static str] = |c| match c {
            ChannelKind::Postal => &["bưu chính", "qua bưu chính", "post"],
            ChannelKind::Direct => &["trực tiếp tại cơ quan"],
            ChannelKind::OnlineFull => &["toàn trình"],
            ChannelKind::OnlinePartial => &["một phần"],
        };
        ChannelKind::ALL.into_iter().find(|&c| {
            same_name(s, c.id())
                || same_name(s, c.label(crate::diag::Lang::Vi))
                || same_name(s, c.label(crate::diag::Lang::En))
                || also(c).iter().any(|a| same_name(s, a))
        })
    }

    /// True for the online channels.
    pub fn is_online(self) -> bool {
        matches!(self, ChannelKind::OnlineFull | ChannelKind::OnlinePartial)
    }

    /// The channel's name.
    pub fn label(self, lang: crate::diag::Lang) -> &'static str {
        use crate::diag::Lang::*;
        match (self, lang) {
            (ChannelKind::Direct, Vi) => "Trực tiếp",
            (ChannelKind::Direct, En) => "In person",
            (ChannelKind::Postal, Vi) => "Dịch vụ bưu chính",
            (ChannelKind::Postal, En) => "By post",
            (ChannelKind::OnlineFull, Vi) => "Trực tuyến toàn trình",
            (ChannelKind::OnlineFull, En) => "Online (full process)",
            (ChannelKind::OnlinePartial, Vi) => "Trực tuyến một phần",
            (ChannelKind::OnlinePartial, En) => "Online (partial)",
        }
    }
}

/// A declared applicant fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactDecl {
    /// The name rules use.
    pub id: Sp<Str>,
    /// Its type.
    pub ty: Type,
    /// The question as shown to people.
    pub label: Text,
    /// The unit a count is of, as the law names it (`trang`/`page`), for fee texts.
    pub unit: Option<Text>,
    /// The value the law presumes when the applicant does not say (e.g. `false` for "at a
    /// mission abroad"), as written.
    pub default: Option<Sp<Str>>,
    /// What each value means, as the law words it (`own_home` → "chỗ ở hợp pháp thuộc quyền
    /// sở hữu của mình"); a yes/no fact words `true` and `false`, each as a condition reads
    /// ("người yêu cầu đã nộp bản điện tử Giấy báo tử …"). Values without one are shown as
    /// written.
    pub value_labels: Vec<(Str, Text)>,
}

impl FactDecl {
    /// The author's wording of one value, when there is one.
    pub fn wording(&self, value: &str, lang: crate::diag::Lang) -> Option<&str> {
        self.value_labels
            .iter()
            .find(|(v, _)| v == value)
            .map(|(_, t)| t.get(lang))
    }

    /// The words for one value of this fact: its label when it has one, else the value.
    pub fn value_words<'a>(&'a self, value: &'a str, lang: crate::diag::Lang) -> &'a str {
        self.value_labels
            .iter()
            .find(|(v, _)| v == value)
            .map_or(value, |(_, t)| t.get(lang))
    }
}

/// An id and a name (levels, fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// Stable id.
    pub id: Sp<Str>,
    /// Display name.
    pub name: Text,
}

impl Named {
    /// The name of `id` in `list` (the manifest's levels or fields) in `lang`, or the id
    /// itself when the list does not name it.
    pub fn name_in<'a>(list: &'a [Named], id: &'a str, lang: crate::diag::Lang) -> &'a str {
        list.iter()
            .find(|n| n.id.as_str() == id)
            .map_or(id, |n| n.name.get(lang))
    }
}

/// An act of the legal registry (`legal:` in the manifest): a law, decree, circular, a
/// ministry's publishing decision, a People's Council resolution… What the registry does not
/// state is `None` and reads "chưa có thông tin", never guessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalDoc {
    /// Id procedures refer to.
    pub id: Sp<Str>,
    /// The kind of act as its heading names it (`Nghị định`, `Thông tư`, `Quyết định`…).
    pub kind: Option<Sp<Str>>,
    /// Official number and symbol, e.g. `75/2022/TT-BTC`, `1079/QĐ-BTP`.
    pub number: Sp<Str>,
    /// The subject (trích yếu) as it reads after the kind ("quy định chi tiết …"); for a law
    /// or an ordinance, its name after the word "Luật" / "Pháp lệnh" ("Hộ tịch").
    pub title: Option<Sp<Text>>,
    /// Date of issue.
    pub issued: Option<Date>,
    /// Date it takes effect.
    pub in_force: Option<Sp<Date>>,
    /// Issuing body.
    pub issuer: Option<String>,
    /// The last day it is in force (`lapsed:`), when it has lapsed or will: a discount
    /// window that starts after it is reported by the analysis.
    pub lapsed: Option<Date>,
    /// The title it is signed under, as a citation names it ("Bộ trưởng Bộ Tư pháp").
    pub signer: Option<String>,
    /// The act that replaced it, by id.
    pub replaced_by: Option<Sp<Str>>,
}

impl LegalDoc {
    /// The act's name as its heading reads: the kind, then the subject ("Nghị định quy định
    /// chi tiết …", "Luật Hộ tịch"); what is not stated is left out.
    pub fn name(&self, lang: crate::diag::Lang) -> Option<String> {
        let title = self.title.as_ref().map(|t| t.value.get(lang).trim());
        match (self.kind.as_deref(), title) {
            (Some(k), Some(t)) if lang == crate::diag::Lang::Vi => Some(format!("{k} {t}")),
            (_, Some(t)) => Some(t.to_string()),
            // A kind alone is no name: the subject is not stated.
            (_, None) => None,
        }
    }
}

/// Finds an act of a registry by its id or by its exact number (`1079/QĐ-BTP`).
pub fn find_act<'a>(legal: &'a [LegalDoc], reference: &str) -> Option<&'a LegalDoc> {
    legal
        .iter()
        .find(|l| l.id.as_str() == reference)
        .or_else(|| legal.iter().find(|l| l.number.as_str() == reference))
}

/// Catalogue-wide settings of the cost model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Average income per hour of an applicant (Standard Cost Model input).
    pub hourly_income: Money,
    /// Where that figure comes from.
    pub hourly_income_source: Option<Text>,
}

impl Default for Settings {
    fn default() -> Self {
        // About 7.7 million VND a month over 192 working hours (GSO labour force survey 2024).
        Settings {
            hourly_income: Money(40_000),
            hourly_income_source: None,
        }
    }
}

/// The catalogue manifest (`catalogue.yaml`).
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    /// The file it was read from.
    pub file: Option<Arc<SourceFile>>,
    /// Catalogue name.
    pub name: Text,
    /// Default language of messages and exports.
    pub language: crate::diag::Lang,
    /// The baseline revision for simplification targets.
    pub baseline: Option<String>,
    /// Levels of government.
    pub levels: Vec<Named>,
    /// Fields (lĩnh vực).
    pub fields: Vec<Named>,
    /// Facts shared by every procedure.
    pub facts: Vec<FactDecl>,
    /// Legal documents.
    pub legal: Vec<LegalDoc>,
    /// Cost-model settings.
    pub settings: Settings,
    /// Limits on input (the defaults with the manifest's `limits:` applied).
    pub limits: crate::limits::Limits,
    /// Working hours for hour deadlines (`working_hours:`; the default when absent).
    pub working_hours: crate::calendar::HoursConfig,
    /// What the national catalogue's decision says besides the procedures (`decision:`).
    pub decision: Option<form::Form>,
    /// The units and posts that do the steps of the procedures' own processes (`units:`).
    pub units: Vec<Named>,
    /// The decision approving processes, where it differs from `decision:`.
    pub process_decision: Option<form::Form>,
    /// The delivery list decisions, where they differ from `decision:`.
    pub list_decision: Option<form::Form>,
    /// Groups of warnings `validate` treats as errors (`validate: { deny: [analysis] }`).
    pub deny: Vec<String>,
    /// When a province must publish its localised list after a national act (`localisation:`),
    /// with the provision that sets it; `None` when the manifest does not say (due dates are
    /// then not stated, never guessed).
    pub localisation: Option<LocalisationRule>,
}

/// The time a province has to publish its list after a national act: a number of working
/// days before the act takes effect, as the manifest writes it with its source (the provision
/// is data with its citation, never a number in the program).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalisationRule {
    /// Working days before the act's date in force.
    pub working_days_before_in_force: u32,
    /// The provision that sets it.
    pub source: Text,
}

/// A rule (condition) with its source.
pub type Cond = Sp<Expr>;

/// A fee item (phí, lệ phí).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeItem {
    /// Id discounts refer to.
    pub id: Sp<Str>,
    /// Name.
    pub name: Text,
    /// The amount rule, in whole units of [`FeeItem::currency`] (VND when there is none):
    /// flat, per unit, tiered, bounded, a percentage, "set by the province" or "not stated".
    pub amount: Sp<FeeRule>,
    /// A foreign currency (ISO 4217 code such as `USD`) the fee is stated in; `None` is VND.
    /// Such amounts are never added to VND totals.
    pub currency: Option<Sp<Str>>,
    /// Charged only when this holds.
    pub when: Option<Cond>,
    /// Legal basis (id of a legal document).
    pub basis: Option<Sp<Str>>,
    /// Free text from the source (shown in exports).
    pub note: Option<Text>,
}

impl FeeItem {
    /// The foreign currency of the fee, `None` for VND.
    pub fn foreign_currency(&self) -> Option<&str> {
        self.currency
            .as_deref()
            .map(|k| k.as_str())
            .filter(|c| *c != "VND")
    }

    /// The amount rule in its canonical form: `20,000 VND`, `25 USD`, `2,000 VND per pages`,
    /// `not stated`.
    pub fn amount_text(&self) -> String {
        self.amount.value.to_string()
    }

    /// The amount when it is one fixed amount (in the item's currency).
    pub fn fixed(&self) -> Option<Money> {
        self.amount.fixed()
    }
}

/// A submission channel with its own deadline and fees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    /// Which channel.
    pub kind: Sp<ChannelKind>,
    /// Time limit to settle the dossier.
    pub deadline: Sp<Deadline>,
    /// Fees charged on this channel (empty with `fees_stated` is free).
    pub fees: Vec<FeeItem>,
    /// False when the record does not say which fees apply (`fees: not stated`, or no
    /// `fees:` key): unknown, never free.
    pub fees_stated: bool,
    /// Free-text note from the record.
    pub note: Option<Text>,
}

/// A dossier document (thành phần hồ sơ).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierDoc {
    /// Stable id within the procedure.
    pub id: Sp<Str>,
    /// Name.
    pub name: Text,
    /// Number of originals.
    pub originals: u32,
    /// Number of copies.
    pub copies: u32,
    /// Form template code, if any.
    pub form: Option<Str>,
    /// May be submitted electronically.
    pub electronic: bool,
    /// Required only when this holds.
    pub when: Option<Cond>,
    /// Legal basis.
    pub basis: Option<Sp<Str>>,
}

/// An alternative case with its own documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Stable id.
    pub id: Sp<Str>,
    /// Name.
    pub name: Text,
    /// Applies when this holds.
    pub when: Option<Cond>,
    /// Its documents.
    pub documents: Vec<DossierDoc>,
}

/// The dossier: common documents plus alternative cases.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dossier {
    /// Documents every applicant submits.
    pub documents: Vec<DossierDoc>,
    /// Alternative cases.
    pub cases: Vec<Case>,
}

/// How several discounts on one fee combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stacking {
    /// Only the largest discount applies.
    #[default]
    Best,
    /// Discounts apply one after another, in the order written.
    Compound,
    /// Discounts add up.
    Additive,
}

/// A discount rule with its legal basis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscountRule {
    /// Stable id.
    pub id: Sp<Str>,
    /// The rule.
    pub rule: Sp<Discount>,
    /// Legal basis.
    pub basis: Sp<Str>,
}

/// The discounts of a procedure.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Discounts {
    /// Stacking policy.
    pub stacking: Stacking,
    /// Whether `stacking:` is written (the default policy is not a rule the law states).
    pub stacking_stated: bool,
    /// Rules.
    pub rules: Vec<DiscountRule>,
}

/// A field the applicant fills in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    /// Stable id.
    pub id: Sp<Str>,
    /// Label.
    pub label: Text,
    /// The national database that already holds it, if any.
    pub reusable: Option<Str>,
}

/// A value an import could not prove from its source record: the record's text verbatim
/// beside what was written, until an officer confirms or corrects it and removes the item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    /// Which part of the procedure.
    pub what: Text,
    /// The source's text, verbatim, where it is written in the file.
    pub source: Sp<Str>,
    /// What was written for it.
    pub written: Option<Text>,
    /// Why it needs review.
    pub why: Option<Text>,
}

/// A requirement or condition to be met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// What is required.
    pub text: Text,
    /// Applies when this holds.
    pub when: Option<Cond>,
    /// Legal basis.
    pub basis: Option<Sp<Str>>,
}

/// Time an applicant spends, in minutes, per step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Minutes {
    /// Preparing the dossier.
    pub prepare: u32,
    /// Submitting it.
    pub submit: u32,
    /// Travelling.
    pub travel: u32,
    /// Waiting.
    pub wait: u32,
    /// Receiving the result.
    pub receive: u32,
}

impl Minutes {
    /// All steps together.
    pub fn total(&self) -> u64 {
        [
            self.prepare,
            self.submit,
            self.travel,
            self.wait,
            self.receive,
        ]
        .iter()
        .map(|&m| m as u64)
        .sum()
    }
}

/// Inputs of the Standard Cost Model.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Compliance {
    /// Applications per year; `None` when no source states it (`not stated`): the annual
    /// cost is then unmeasured, never guessed.
    pub applications_per_year: Option<u64>,
    /// Times one applicant does it per year.
    pub times_per_year: u32,
    /// Time spent.
    pub minutes: Minutes,
    /// Other mandated costs per application.
    pub other_costs: Money,
    /// Typical values of the facts fees depend on (`pages: 5`), as written.
    pub typical: Vec<(Sp<Str>, Sp<Str>)>,
    /// Where each input comes from (a survey, a statistic, an estimate and by whom); an input
    /// without one is shown with "chưa có thông tin" as its source.
    pub sources: ComplianceSources,
}

/// The source of each input of the compliance cost (Circular 02/2017/TT-VPCP, art. 27:
/// the figures behind a cost must be traceable).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ComplianceSources {
    /// Of the applications a year.
    pub applications_per_year: Option<Text>,
    /// Of the times a year.
    pub times_per_year: Option<Text>,
    /// Of the minutes spent.
    pub minutes: Option<Text>,
    /// Of the other costs.
    pub other_costs: Option<Text>,
    /// Of the typical values of facts.
    pub typical: Option<Text>,
}

/// The agencies involved.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Agencies {
    /// Competent authority (cơ quan có thẩm quyền).
    pub competent: Option<Text>,
    /// Implementing agency (cơ quan thực hiện).
    pub implementing: Option<Text>,
    /// Authorised agency.
    pub authorised: Option<Text>,
    /// Coordinating agency.
    pub coordinating: Option<Text>,
    /// Where dossiers are received.
    pub address: Option<Text>,
}

/// One administrative procedure.
#[derive(Debug, Clone)]
pub struct Procedure {
    /// The file it was read from.
    pub file: Arc<SourceFile>,
    /// Code `N.NNNNNN`.
    pub code: Sp<Str>,
    /// Name.
    pub name: Text,
    /// Field id.
    pub field: Sp<Str>,
    /// Level ids.
    pub levels: Vec<Sp<Str>>,
    /// The act that published it (`published_by:`, also read from `decision:`): an id of
    /// the legal registry or an act's number.
    pub published_by: Option<Sp<Str>>,
    /// True when read from the older key `decision:`: revisions written before the legal
    /// registry name the act by its number only, so an unregistered one there is a warning.
    pub published_by_legacy: bool,
    /// Each act that amended it, with the parts it changed (`amended:`).
    pub amended: Vec<Amendment>,
    /// Changes that are no amendment: corrections and data completion (`editorial:`).
    pub editorial: Vec<Editorial>,
    /// The act that abolished it (`abolished:`): the file stays as the record of it.
    pub abolished: Option<Abolition>,
    /// Kind of procedure.
    pub kind: Option<Text>,
    /// Who may apply.
    pub subjects: Option<Text>,
    /// Agencies.
    pub agencies: Agencies,
    /// Legal basis (ids of legal documents).
    pub legal_basis: Vec<Sp<Str>>,
    /// Facts this procedure asks about.
    pub facts: Vec<FactDecl>,
    /// Channels.
    pub channels: Vec<Channel>,
    /// Receipts after this hour count from the next working day.
    pub cutoff: Option<Sp<Time>>,
    /// Working hours of this procedure's agency, when they differ from the catalogue's
    /// (a border post open around the clock).
    pub working_hours: Option<crate::calendar::WorkingHours>,
    /// Steps (trình tự thực hiện), in order: one text per step ("Bước 1: …").
    pub steps: Vec<Text>,
    /// Dossier.
    pub dossier: Dossier,
    /// Discounts.
    pub discounts: Discounts,
    /// Declared form fields.
    pub form_fields: Vec<FormField>,
    /// Requirements.
    pub requirements: Vec<Requirement>,
    /// Result.
    pub result: Option<Text>,
    /// Values an import could not prove from its source, to be confirmed (`review:`).
    pub review: Vec<ReviewItem>,
    /// Compliance-cost inputs.
    pub compliance: Option<Compliance>,
    /// The internal process (quy trình nội bộ) the ministry approved for it; a province's own
    /// replaces it in the localised copy.
    pub process: Option<process::Process>,
    /// How it is delivered besides its channels (postal, regardless of boundary, internal).
    pub delivery: process::Delivery,
}

/// One act that amended a procedure (`amended: [{by, parts, in_force}]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    /// The act (registry id or number).
    pub by: Sp<Str>,
    /// The parts it changed (ids of [`parts::PARTS`]).
    pub parts: Vec<Sp<Str>>,
    /// When the amendment takes effect (the act's own date in force when absent).
    pub in_force: Option<Sp<Date>>,
}

/// Why a change needs no act (`editorial: [{parts, reason, note}]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EditorialReason {
    /// A correction of what the catalogue wrote wrongly (sửa lỗi).
    Correction,
    /// Data the catalogue lacked and the published act already held (bổ sung dữ liệu).
    Completion,
}

impl EditorialReason {
    /// The ids as written.
    pub const IDS: &'static [&'static str] = &["correction", "completion"];

    /// Parses an id.
    pub fn parse(s: &str) -> Option<EditorialReason> {
        match s {
            "correction" => Some(EditorialReason::Correction),
            "completion" => Some(EditorialReason::Completion),
            _ => None,
        }
    }

    /// In words.
    pub fn label(self, lang: crate::diag::Lang) -> &'static str {
        use crate::diag::Lang::*;
        match (self, lang) {
            (EditorialReason::Correction, Vi) => "sửa lỗi",
            (EditorialReason::Correction, En) => "correction",
            (EditorialReason::Completion, Vi) => "bổ sung dữ liệu",
            (EditorialReason::Completion, En) => "data completion",
        }
    }
}

/// A change declared editorial: shown as such in diff, log and review, never in a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editorial {
    /// The parts it touched.
    pub parts: Vec<Sp<Str>>,
    /// Correction or data completion.
    pub reason: Sp<EditorialReason>,
    /// What was done, in the author's words.
    pub note: Option<Text>,
}

/// The record of a procedure's abolition (`abolished: {by, in_force}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abolition {
    /// The act (registry id or number).
    pub by: Sp<Str>,
    /// When the abolition takes effect (the act's own date in force when absent).
    pub in_force: Option<Sp<Date>>,
}

impl Amendment {
    /// The record without positions, to compare two revisions' records.
    pub fn key(&self) -> (String, Vec<String>, Option<Date>) {
        (
            self.by.value.to_string(),
            self.parts.iter().map(|p| p.value.to_string()).collect(),
            self.in_force.as_ref().map(|d| d.value),
        )
    }
}

impl Editorial {
    /// The record without positions, to compare two revisions' records.
    pub fn key(&self) -> (Vec<String>, EditorialReason, Option<String>) {
        (
            self.parts.iter().map(|p| p.value.to_string()).collect(),
            self.reason.value,
            self.note.as_ref().map(|n| n.vi.to_string()),
        )
    }
}

impl Procedure {
    /// Lets go of the text of the procedure's file (see [`SourceFile::let_go`]): every part
    /// that points into the file points into the same light copy.
    pub fn let_go_of_text(&mut self) {
        let light = self.file.let_go();
        if let Some(process) = &mut self.process {
            process.file = light.clone();
        }
        self.file = light;
    }

    /// True when an abolition is recorded.
    pub fn is_abolished(&self) -> bool {
        self.abolished.is_some()
    }

    /// The channel of a kind, if offered.
    pub fn channel(&self, kind: ChannelKind) -> Option<&Channel> {
        self.channels.iter().find(|c| *c.kind == kind)
    }

    /// Every condition shown to people: of documents, cases, fees (their `when:` and inside
    /// their amounts), requirements, discounts and deadlines, in file order.
    pub fn conditions(&self) -> Vec<&Expr> {
        let mut out: Vec<&Expr> = Vec::new();
        for c in &self.channels {
            out.extend(c.deadline.conditions());
            for f in &c.fees {
                out.extend(f.when.as_deref());
                f.amount.conditions(&mut out);
            }
        }
        out.extend(
            self.dossier
                .documents
                .iter()
                .filter_map(|d| d.when.as_deref()),
        );
        for c in &self.dossier.cases {
            out.extend(c.when.as_deref());
            out.extend(c.documents.iter().filter_map(|d| d.when.as_deref()));
        }
        out.extend(self.requirements.iter().filter_map(|r| r.when.as_deref()));
        out.extend(
            self.discounts
                .rules
                .iter()
                .filter_map(|d| d.rule.when.as_ref()),
        );
        out
    }

    /// Every dossier document, common and per case.
    pub fn all_documents(&self) -> impl Iterator<Item = &DossierDoc> {
        self.dossier
            .documents
            .iter()
            .chain(self.dossier.cases.iter().flat_map(|c| c.documents.iter()))
    }
}

/// Splits a record's "trình tự thực hiện" into its steps: a new step starts at each
/// "Bước N" that opens the text, a line or a sentence. Spaces are tidied inside each line;
/// lines inside a step (its cases, "- Trường hợp …") are kept. Text without such markers is
/// one step.
pub fn split_steps(text: &str) -> Vec<String> {
    let tidy = |s: &str| -> String {
        s.lines()
            .map(crate::vietnamese::squash)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
            .trim_end_matches([';', ' '])
            .to_string()
    };
    let mut starts = Vec::new();
    for (k, _) in text.match_indices("Bước ") {
        // A bullet before the marker ("- Bước 1:") belongs to the marker.
        let before = text[..k].trim_end_matches([' ', '\t', '-', '–', '+', '•']);
        let opens = before.is_empty() || before.ends_with(['\n', '.', ';', ':']);
        let numbered = text[k + "Bước ".len()..].starts_with(|d: char| d.is_ascii_digit());
        if opens && numbered {
            // The step starts at its bullet, when it has one.
            let lead = text[before.len()..k].len() - text[before.len()..k].trim_start().len();
            starts.push(before.len() + lead);
        }
    }
    if starts.is_empty() {
        let t = tidy(text);
        return if t.is_empty() { Vec::new() } else { vec![t] };
    }
    let mut out = Vec::new();
    let head = tidy(&text[..starts[0]]);
    if !head.is_empty() {
        out.push(head);
    }
    for (i, &s) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let t = tidy(&text[s..end]);
        if !t.is_empty() {
            out.push(t);
        }
    }
    out
}

#[cfg(test)]
mod step_tests {
    #[test]
    fn a_name_is_found_by_id_else_the_id_is_shown() {
        use super::{Named, Sp, Text};
        use crate::diag::Lang;
        let fields = [Named {
            id: Sp::bare("ho-tich".to_string().into()),
            name: Text {
                vi: "Hộ tịch".into(),
                en: Some("Civil status".into()),
            },
        }];
        assert_eq!(Named::name_in(&fields, "ho-tich", Lang::Vi), "Hộ tịch");
        assert_eq!(Named::name_in(&fields, "ho-tich", Lang::En), "Civil status");
        assert_eq!(Named::name_in(&fields, "cu-tru", Lang::Vi), "cu-tru");
    }

    use super::split_steps;

    #[test]
    fn steps_split_at_each_buoc() {
        let v = split_steps(
            "Bước 1: Chuẩn bị hồ sơ.\n Bước 2: Nộp hồ sơ; - Trường hợp A\n\tBước 3. Nhận kết quả.",
        );
        assert_eq!(
            v,
            [
                "Bước 1: Chuẩn bị hồ sơ.",
                "Bước 2: Nộp hồ sơ; - Trường hợp A",
                "Bước 3. Nhận kết quả."
            ]
        );
        assert_eq!(split_steps("Nộp hồ sơ  trực tiếp"), ["Nộp hồ sơ trực tiếp"]);
        assert!(split_steps("  ").is_empty());
        assert_eq!(
            split_steps("- Bước 1: A.\n- Bước 2: B."),
            ["- Bước 1: A.", "- Bước 2: B."]
        );
        // "Bước" inside a sentence does not start a step.
        assert_eq!(split_steps("Xem Bước 2 ở trên").len(), 1);
    }
}
