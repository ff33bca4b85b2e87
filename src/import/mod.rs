//! `thutuc import`: national-database records (see `shared/data/national-records`) into
//! catalogue YAML.
//!
//! Two record shapes are read: the structured JSON parsed from the database's own `.doc`
//! exports ([`defence`]) and the flattened text of portal detail pages ([`portal`]). Each
//! becomes a [`Draft`], which is written in the catalogue's own YAML layout together with a
//! `catalogue.yaml` declaring the fields, levels and legal documents the drafts refer to.
//!
//! Nothing is guessed: every value written is found in the source text at the place it was
//! read from ([`proof`]). A value that cannot be proven so is written as the source's text
//! verbatim in the procedure's `review:` list ([`Review`], "needs review", with a warning
//! naming it), or, when nothing of the record can be trusted, the record is refused with
//! the reason.

pub mod defence;
pub mod fee_forms;
pub mod legal;
pub mod portal;
pub mod proof;
pub mod text;
mod yaml;

use crate::diag::Tr;
use crate::model::ChannelKind;
use crate::rules::Duration;
use crate::tr;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use text::DeadlineText;

/// A fee read from a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fee {
    /// Id within the channel.
    pub id: String,
    /// Name.
    pub name: String,
    /// Whole units.
    pub amount: i64,
    /// `None` for VND.
    pub currency: Option<&'static str>,
    /// The amount is not one flat amount (per page, a percentage, a cap, amounts per
    /// category…): written `not stated`, never a flat amount taken out of the formula.
    pub not_stated: bool,
    /// The source text of the fee, kept when the amount is not stated or converted.
    pub note: Option<String>,
    /// The fee in the fee forms of the rule language, converted from an unambiguous text
    /// ([`fee_forms`]); `amount` is then the cell's amount, which the rule states.
    pub rule: Option<String>,
    /// For a fee that is not one flat amount, its form (see [`FeeForm::form`]).
    pub form: Option<&'static str>,
}

/// What became of a fee that is not one flat amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeForm {
    /// The form (`per-unit`, `tiers-cap`, …; for one not converted, the form it looks like:
    /// `per-unit`, `percentage`, `cap-floor-tiers`, `several-amounts`, `share-of-another-fee`,
    /// `fraction`).
    pub form: &'static str,
    /// The rule it was converted into; `None`: written not stated with a warning.
    pub rule: Option<String>,
}

/// What a record says about the fees of a channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fees {
    /// These items (empty: free).
    Items(Vec<Fee>),
    /// The record does not say.
    Unknown,
}

/// A channel read from a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    /// Which channel.
    pub kind: ChannelKind,
    /// How the record named it.
    pub label: String,
    /// Deadline.
    pub deadline: DeadlineText,
    /// Fees.
    pub fees: Fees,
    /// Description or fee note.
    pub note: Option<String>,
}

/// A dossier document read from a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// Name.
    pub name: String,
    /// Originals.
    pub originals: u32,
    /// Copies.
    pub copies: u32,
    /// Form template (a file name in the record).
    pub form: Option<String>,
}

/// An alternative case of the dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Name.
    pub name: String,
    /// Its documents.
    pub documents: Vec<Doc>,
}

/// A legal document cited by a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Legal {
    /// Official number, e.g. `75/2022/TT-BTC`.
    pub number: String,
    /// Title.
    pub title: String,
    /// Date of issue, when the record gives a valid one.
    pub issued: Option<jiff::civil::Date>,
    /// Issuing body.
    pub issuer: Option<String>,
}

/// A value the importer could not prove from the source: written as the source's text
/// verbatim in the procedure's `review:` list, for an officer to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// Which part of the procedure (`Căn cứ pháp lý`, `Trực tiếp: thời hạn`).
    pub what: Tr,
    /// The source's text, verbatim.
    pub source: String,
    /// What was written in the procedure for it.
    pub written: Tr,
    /// Why it is not proven.
    pub why: Tr,
}

/// Something read incompletely: the record is converted without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Stable kind, for the summary (`deadline-unknown`, `fee-unknown`, …).
    pub kind: &'static str,
    /// What exactly, in both languages.
    pub message: Tr,
}

/// Why a record was not converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Stable kind, for the summary.
    pub kind: &'static str,
    /// What exactly, in both languages.
    pub message: Tr,
}

impl Refusal {
    /// A refusal of `kind`.
    pub fn new(kind: &'static str, message: Tr) -> Refusal {
        Refusal { kind, message }
    }
}

/// What is written for a value the source does not state or that is not proven: "chưa có
/// thông tin".
pub fn not_stated() -> Tr {
    tr!("not stated", "chưa có thông tin")
}

/// `why` after `en` / `vi` words (`Trực tiếp: …`), in each language.
pub fn after(en: &str, vi: &str, why: &Tr) -> Tr {
    Tr {
        en: format!("{en}{}", why.en),
        vi: format!("{vi}{}", why.vi),
    }
}

/// A procedure as read from one record, before it is written.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// Code `N.NNNNNN`.
    pub code: String,
    /// Name.
    pub name: String,
    /// Field name (lĩnh vực) as written.
    pub field: String,
    /// Level names (cấp thực hiện) as written.
    pub levels: Vec<String>,
    /// Decision that published it.
    pub decision: Option<String>,
    /// Kind of procedure.
    pub kind: Option<String>,
    /// Who may apply.
    pub subjects: Option<String>,
    /// Agencies: (key in the YAML, text).
    pub agencies: Vec<(&'static str, String)>,
    /// Legal basis.
    pub legal: Vec<Legal>,
    /// Channels.
    pub channels: Vec<Channel>,
    /// Steps.
    pub steps: Option<String>,
    /// Documents every applicant submits.
    pub documents: Vec<Doc>,
    /// Alternative cases.
    pub cases: Vec<Case>,
    /// Requirements.
    pub requirements: Option<String>,
    /// Result.
    pub result: Option<String>,
    /// What could not be read.
    pub warnings: Vec<Warning>,
    /// What could not be proven from the source: written verbatim, to be confirmed.
    pub review: Vec<Review>,
    /// Facts the converted fee rules read.
    pub facts: Vec<fee_forms::NewFact>,
}

impl Draft {
    /// A fee `f` whose cell is `cell` and whose note `note` says it is not one flat amount
    /// (`form`, in words): converted into a rule when the note is unambiguous, else written
    /// not stated with the note and a `fee-formula` warning (`what` names the fee in it).
    pub fn fee_formula(
        &mut self,
        f: &mut Fee,
        cell: &text::Amount,
        note: &str,
        form: &'static str,
        what: &Tr,
    ) {
        f.note = text::stated(note);
        let converted = fee_forms::convert(cell, note).filter(|c| {
            // A fact already declared otherwise (another type or label) is not reused.
            c.facts.iter().all(|n| {
                self.facts
                    .iter()
                    .all(|o| o.id != n.id || (o.ty == n.ty && o.label_vi == n.label_vi))
            })
        });
        match converted {
            Some(c) => {
                for n in c.facts {
                    if !self.facts.iter().any(|o| o.id == n.id) {
                        self.facts.push(n);
                    }
                }
                f.rule = Some(c.rule);
                f.form = Some(c.form);
            }
            None => {
                f.not_stated = true;
                let id = match form {
                    "a price per unit" => "per-unit",
                    "a percentage" => "percentage",
                    "a cap, a floor or tiers" => "cap-floor-tiers",
                    _ => "several-amounts",
                };
                let form_vi = reason(id).vi;
                self.needs_review(
                    "fee-formula",
                    what.clone(),
                    note,
                    not_stated(),
                    Tr {
                        en: format!(
                            "{form}, not one amount: written as not stated with the source text \
                             in its note, never a flat amount taken out of it"
                        ),
                        vi: format!(
                            "{form_vi}, không phải một số tiền: ghi \"chưa có thông tin\" kèm \
                             nguyên văn trong ghi chú, không lấy một số tiền ra khỏi công thức"
                        ),
                    },
                );
                f.form = Some(id);
            }
        }
    }

    /// Why a flat amount (or free) is not proven by the fee's note `note`, if it is not: the
    /// note waives or cuts the fee for a dated period, or gives another amount in words.
    /// Returns the warning kind and the reason.
    pub fn unproven_flat(cell: i64, note: &str) -> Option<(&'static str, Tr)> {
        if let Some(w) = proof::fee_window(note) {
            return Some((
                "fee-window",
                tr!(
                    "the note waives or cuts the fee for a dated period (`{w}`): one flat amount would be wrong inside or outside it",
                    "ghi chú miễn hoặc giảm phí trong một khoảng thời gian (`{w}`): một mức phí duy nhất sẽ sai trong hoặc ngoài khoảng đó"
                ),
            ));
        }
        proof::other_amount_in_words(cell, note).map(|w| {
            (
                "fee-amount-in-words",
                tr!(
                    "the note gives another amount in words (`{w}`)",
                    "ghi chú nêu một số tiền khác bằng chữ (`{w}`)"
                ),
            )
        })
    }

    /// A flat fee `f` whose note `note` does not prove it ([`Draft::unproven_flat`]): written
    /// not stated with the note verbatim, for review. Returns whether it was.
    pub fn prove_flat_fee(&mut self, f: &mut Fee, note: &str, what: &Tr) -> bool {
        if f.rule.is_some() || f.not_stated {
            return false;
        }
        let Some((kind, why)) = Draft::unproven_flat(f.amount, note) else {
            return false;
        };
        f.not_stated = true;
        f.note = text::stated(note);
        self.needs_review(kind, what.clone(), note, not_stated(), why);
        true
    }

    /// Records a warning.
    pub fn warn(&mut self, kind: &'static str, message: Tr) {
        self.warnings.push(Warning { kind, message });
    }

    /// Records a value that is not proven by the source: the warning `kind` saying `why` and
    /// naming the source text, and a review item holding the text verbatim beside what was
    /// written for it.
    pub fn needs_review(
        &mut self,
        kind: &'static str,
        what: Tr,
        source: &str,
        written: Tr,
        why: Tr,
    ) {
        let source = source.trim().to_string();
        let h = text::head(&text::squash(&source));
        self.warn(
            kind,
            Tr {
                en: format!(
                    "{}: {}; needs review against the source: `{h}`",
                    what.en, why.en
                ),
                vi: format!("{}: {}; cần rà soát với nguyên văn: `{h}`", what.vi, why.vi),
            },
        );
        self.review.push(Review {
            what,
            source,
            written,
            why,
        });
    }
}

/// The two record shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Parsed from the database's `.doc` export.
    Defence,
    /// A portal detail page.
    Portal,
}

/// Reads one record (the text of a JSON file) into a draft.
pub fn convert(json: &str) -> Result<(Shape, Draft), Refusal> {
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        Refusal::new(
            "malformed-json",
            tr!("not valid JSON: {e}", "không phải JSON hợp lệ: {e}"),
        )
    })?;
    let obj = v.as_object().ok_or_else(|| {
        Refusal::new(
            "unknown-shape",
            tr!(
                "the record is not a JSON object",
                "bản ghi không phải một đối tượng JSON"
            ),
        )
    })?;
    let mut d = if obj.contains_key("tables") && obj.contains_key("metadata") {
        (Shape::Defence, defence::read(&v)?)
    } else if obj.contains_key("ma_thu_tuc") && obj.contains_key("cach_thuc_thuc_hien") {
        (Shape::Portal, portal::read(&v)?)
    } else {
        return Err(Refusal::new(
            "unknown-shape",
            tr!(
                "neither a .doc-derived record (metadata, tables) nor a portal page (ma_thu_tuc, cach_thuc_thuc_hien)",
                "không phải bản ghi lấy từ tệp .doc (metadata, tables) cũng không phải trang cổng dịch vụ công (ma_thu_tuc, cach_thuc_thuc_hien)"
            ),
        ));
    };
    check_draft(&mut d.1)?;
    Ok(d)
}

/// Checks what every draft needs, whatever its shape.
fn check_draft(d: &mut Draft) -> Result<(), Refusal> {
    if !is_code(&d.code) {
        let c = text::head(&d.code);
        return Err(Refusal::new(
            "bad-code",
            tr!(
                "`{c}` is not a procedure code",
                "`{c}` không phải mã thủ tục"
            ),
        ));
    }
    if d.name.trim().is_empty() {
        return Err(Refusal::new(
            "no-name",
            tr!(
                "the record has no procedure name",
                "bản ghi không có tên thủ tục"
            ),
        ));
    }
    if text::slug(&d.field).is_empty() {
        return Err(Refusal::new(
            "no-field",
            tr!(
                "the record names no field (lĩnh vực)",
                "bản ghi không nêu lĩnh vực"
            ),
        ));
    }
    if d.levels.iter().all(|l| text::slug(l).is_empty()) {
        return Err(Refusal::new(
            "no-level",
            tr!(
                "the record names no level (cấp thực hiện)",
                "bản ghi không nêu cấp thực hiện"
            ),
        ));
    }
    if d.channels.is_empty() {
        return Err(Refusal::new(
            "no-channel",
            tr!(
                "the record lists no submission channel",
                "bản ghi không liệt kê hình thức nộp"
            ),
        ));
    }
    // One row per channel. Rows repeated with the same values are one channel; rows with
    // different values belong to cases the record does not tell apart: the values they
    // disagree on are left out (the rows are kept in the note), never picked.
    let mut kept: Vec<Channel> = Vec::new();
    let mut warnings = Vec::new();
    for c in std::mem::take(&mut d.channels) {
        let Some(k) = kept.iter_mut().find(|k| k.kind == c.kind) else {
            kept.push(c);
            continue;
        };
        if k.deadline == c.deadline && k.fees == c.fees {
            continue;
        }
        if k.deadline != c.deadline {
            k.deadline = DeadlineText::Unknown;
        }
        if k.fees != c.fees {
            k.fees = Fees::Unknown;
        }
        let row = format!(
            "{}: {}; {}{}",
            c.label,
            deadline_words(&c.deadline),
            fees_words(&c.fees),
            c.note
                .as_deref()
                .map(|n| format!("; {n}"))
                .unwrap_or_default()
        );
        k.note = Some(match k.note.take() {
            Some(n) => format!("{n}\n{row}"),
            None => row,
        });
        warnings.push(Warning {
            kind: "channel-values-per-case",
            message: tr!(
                "channel `{}` is listed more than once with different deadlines or fees \
                 (values per case, without saying which case): the differing values are left out, \
                 the rows are kept in the note",
                "hình thức nộp `{}` được liệt kê nhiều lần với thời hạn hoặc phí khác nhau (giá trị \
                 theo từng trường hợp nhưng không nói trường hợp nào): bỏ trống các giá trị khác \
                 nhau, giữ các dòng trong ghi chú",
                c.label
            ),
        });
    }
    d.warnings.extend(warnings);
    d.channels = kept;
    Ok(())
}

fn deadline_words(d: &DeadlineText) -> String {
    match d {
        DeadlineText::Period(p) => format!("{} {}", p.amount, p.unit.word_vi()),
        DeadlineText::NotSet => "không quy định".into(),
        DeadlineText::Unknown => text::NO_INFO.into(),
    }
}

fn fees_words(f: &Fees) -> String {
    match f {
        Fees::Unknown => format!("phí, lệ phí: {}", text::NO_INFO),
        Fees::Items(v) if v.is_empty() => "miễn phí".into(),
        Fees::Items(v) => v
            .iter()
            .map(|f| match f.currency {
                _ if f.not_stated => format!("{}: {}", f.name, text::NO_INFO),
                _ if f.rule.is_some() => format!("{}: {}", f.name, f.rule.as_deref().unwrap_or("")),
                None => format!("{}: {}", f.name, crate::money::Money(f.amount)),
                Some(c) => format!("{}: {} {c}", f.name, f.amount),
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// `N.NNNNNN`.
pub fn is_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8 && b[0].is_ascii_digit() && b[1] == b'.' && b[2..].iter().all(u8::is_ascii_digit)
}

/// The channel a record's label names.
pub fn channel_kind(label: &str) -> Option<ChannelKind> {
    match text::squash(label).to_lowercase().as_str() {
        "trực tiếp" => Some(ChannelKind::Direct),
        "dịch vụ bưu chính" | "bưu chính" => Some(ChannelKind::Postal),
        "trực tuyến" | "trực tuyến toàn trình" => Some(ChannelKind::OnlineFull),
        "trực tuyến một phần" => Some(ChannelKind::OnlinePartial),
        _ => None,
    }
}

/// A fee's id and name from the record's word for it (`Phí`, `Lệ phí`).
pub fn fee_item(word: &str, amount: text::Amount, taken: &[Fee]) -> Fee {
    let base = if word.to_lowercase().starts_with("lệ") {
        "le-phi"
    } else {
        "phi"
    };
    let n = taken.iter().filter(|f| f.id.starts_with(base)).count();
    Fee {
        id: if n == 0 {
            base.to_string()
        } else {
            format!("{base}-{}", n + 1)
        },
        name: word.trim().to_string(),
        amount: amount.value,
        currency: amount.currency,
        not_stated: false,
        note: None,
        rule: None,
        form: None,
    }
}

/// The period of a deadline, if any (for tests and summaries).
pub fn period(d: &DeadlineText) -> Option<Duration> {
    match d {
        DeadlineText::Period(p) => Some(*p),
        _ => None,
    }
}

/// One record's outcome.
#[derive(Debug, Clone)]
pub struct Item {
    /// The file it came from.
    pub source: PathBuf,
    /// The procedure code, when it could be read.
    pub code: Option<String>,
    /// Where it was written, relative to the output folder.
    pub written: Option<PathBuf>,
    /// Warnings.
    pub warnings: Vec<Warning>,
    /// Why it was refused.
    pub refused: Option<Refusal>,
    /// The legal documents read from it: (number, title as this record writes it).
    pub legal: Vec<(String, String)>,
    /// Its fees that are not one flat amount, converted or not.
    pub fee_forms: Vec<FeeForm>,
    /// How many of its values need review (written verbatim, not proven).
    pub review: usize,
}

/// Everything an import did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// One entry per record, in the order read.
    pub items: Vec<Item>,
    /// Files written besides the procedures (`catalogue.yaml`).
    pub manifest: Option<PathBuf>,
}

impl Report {
    /// Records converted without warnings.
    pub fn converted(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.written.is_some() && i.warnings.is_empty())
            .count()
    }

    /// Records converted with warnings.
    pub fn with_warnings(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.written.is_some() && !i.warnings.is_empty())
            .count()
    }

    /// Records written with values that need review.
    pub fn needs_review(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.written.is_some() && i.review > 0)
            .count()
    }

    /// Records refused.
    pub fn refused(&self) -> usize {
        self.items.iter().filter(|i| i.refused.is_some()).count()
    }

    /// Refusals by kind.
    pub fn refusal_kinds(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for r in self.items.iter().filter_map(|i| i.refused.as_ref()) {
            *m.entry(r.kind).or_default() += 1;
        }
        m
    }

    /// Fees that are not one flat amount, by form: (converted, written not stated). Only
    /// records written count.
    pub fn fee_form_counts(&self) -> BTreeMap<&'static str, (usize, usize)> {
        let mut m: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
        for f in self
            .items
            .iter()
            .filter(|i| i.written.is_some())
            .flat_map(|i| &i.fee_forms)
        {
            let e = m.entry(f.form).or_default();
            if f.rule.is_some() {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
        m
    }

    /// Warnings by kind (each warning counted).
    pub fn warning_kinds(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for w in self.items.iter().flat_map(|i| &i.warnings) {
            *m.entry(w.kind).or_default() += 1;
        }
        m
    }
}

/// What a warning or refusal kind means, in both languages, for the summary.
pub fn reason(kind: &str) -> crate::diag::Tr {
    let (en, vi) = match kind {
        "channel-values-per-case" => (
            "a channel listed several times with other values: those values left out, rows kept in the note",
            "một hình thức nộp được liệt kê nhiều lần với giá trị khác nhau: bỏ trống các giá trị đó, giữ các dòng trong ghi chú",
        ),
        "deadline-fraction" => (
            "a deadline in a fraction of its unit: not stated, written verbatim for review",
            "thời hạn là phân số của đơn vị: chưa có thông tin, ghi nguyên văn để rà soát",
        ),
        "deadline-no-unit" => (
            "a deadline without a unit: not stated, written verbatim for review",
            "thời hạn không có đơn vị: chưa có thông tin, ghi nguyên văn để rà soát",
        ),
        "deadline-unknown" => (
            "the record states no deadline",
            "bản ghi không nêu thời hạn",
        ),
        "deadline-unreadable" => (
            "a deadline that cannot be read: not stated, written verbatim for review",
            "thời hạn không đọc được: chưa có thông tin, ghi nguyên văn để rà soát",
        ),
        "deadline-glued-to-fee" => (
            "a deadline without a unit runs into the fee",
            "thời hạn không có đơn vị dính liền với phí",
        ),
        "document-without-count" => ("a document without its count", "giấy tờ không ghi số lượng"),
        "document-unnamed" => (
            "a dossier row without a name",
            "dòng bản ghi không có tên giấy tờ",
        ),
        "document-count" | "count-glued-to-name" => (
            "a document count that cannot be told apart from the name",
            "số lượng giấy tờ không tách được khỏi tên giấy tờ",
        ),
        "dossier-unknown" => (
            "the record lists no dossier documents",
            "hồ sơ không liệt kê thành phần hồ sơ",
        ),
        "dossier-unnamed-table" => (
            "dossier tables without a name: listed for every applicant",
            "bảng thành phần hồ sơ không có tên: áp dụng cho mọi người nộp",
        ),
        "dossier-table" => (
            "a dossier table that cannot be read",
            "bảng thành phần hồ sơ không đọc được",
        ),
        "fee-amount-missing" => (
            "a fee listed without an amount: not stated",
            "phí, lệ phí không ghi số tiền: chưa có thông tin",
        ),
        "fee-disagrees-with-note" => (
            "a fee cell that disagrees with its note: not stated, written verbatim for review",
            "số tiền phí mâu thuẫn với ghi chú: chưa có thông tin, ghi nguyên văn để rà soát",
        ),
        "fee-formula" => (
            "a fee that is not one amount, in no form read without guessing: not stated, source text kept",
            "phí không phải một số tiền và không đọc được mà không đoán: chưa có thông tin, giữ nguyên văn",
        ),
        "fee-fraction" => (
            "a fee in a fraction of a currency unit: not stated, source text kept",
            "phí có phần lẻ của đơn vị tiền: chưa có thông tin, giữ nguyên văn",
        ),
        "fee-relative" => (
            "a fee set as a share of another fee: not stated, source text kept",
            "phí tính bằng tỷ lệ của một khoản phí khác: chưa có thông tin, giữ nguyên văn",
        ),
        "fee-unknown" => ("the record states no fee", "bản ghi không nêu phí, lệ phí"),
        "fee-unreadable" => ("a fee that cannot be read", "phí, lệ phí không đọc được"),
        "legal-glued-to-title" => (
            "a document number glued to its title: not in the legal basis, written verbatim for review",
            "số hiệu văn bản dính liền với trích yếu: không ghi vào căn cứ pháp lý, ghi nguyên văn để rà soát",
        ),
        "legal-unknown-code" => (
            "a document number with an unknown code: not in the legal basis, written verbatim for review",
            "số hiệu văn bản có mã không rõ: không ghi vào căn cứ pháp lý, ghi nguyên văn để rà soát",
        ),
        "legal-unreadable" => (
            "legal-basis text that cannot be read: not in the legal basis, written verbatim for review",
            "căn cứ pháp lý không đọc được: không ghi vào căn cứ pháp lý, ghi nguyên văn để rà soát",
        ),
        "legal-title-holds-entry" => (
            "a legal-basis title that runs into another entry, shares its number or lists several: written verbatim for review",
            "trích yếu căn cứ pháp lý dính sang mục khác, dùng chung số hiệu hoặc liệt kê nhiều số hiệu: ghi nguyên văn để rà soát",
        ),
        "legal-number-ambiguous" => (
            "a document number that may be read two ways (`2022.65/2025/TT-BTC`): written verbatim for review",
            "số hiệu văn bản đọc được theo hai cách (`2022.65/2025/TT-BTC`): ghi nguyên văn để rà soát",
        ),
        "deadline-cases" => (
            "a deadline whose row states another period for a case: not stated, the row written verbatim for review",
            "thời hạn mà dòng của nó nêu thời hạn khác cho một trường hợp: chưa có thông tin, ghi nguyên văn để rà soát",
        ),
        "fee-window" => (
            "a flat fee whose note waives or cuts it for a dated period: not stated, the note written verbatim for review",
            "phí một mức nhưng ghi chú miễn hoặc giảm trong một khoảng thời gian: chưa có thông tin, ghi nguyên văn để rà soát",
        ),
        "fee-amount-in-words" => (
            "a fee whose note gives another amount in words: not stated, the note written verbatim for review",
            "phí có ghi chú nêu số tiền khác bằng chữ: chưa có thông tin, ghi nguyên văn để rà soát",
        ),
        "document-holds-count" => (
            "a document name holding a count, which may be two documents: written verbatim for review",
            "tên giấy tờ chứa số lượng, có thể là hai giấy tờ: ghi nguyên văn để rà soát",
        ),
        "over-catalogue-limit" => (
            "the file written would pass the catalogue's own limits",
            "tệp được ghi sẽ vượt giới hạn của chính danh mục",
        ),
        "legal-malformed-number" => (
            "a document number not in the form the law prescribes: left out, named in the warning",
            "số hiệu văn bản không đúng thể thức: bỏ ra, nêu trong cảnh báo",
        ),
        "legal-unnumbered" => (
            "a legal-basis row without a number",
            "dòng căn cứ pháp lý không có số hiệu",
        ),
        "channel-table" => (
            "a channel table that cannot be read",
            "bảng cách thức thực hiện không đọc được",
        ),
        "unknown-channel" => ("an unknown submission channel", "hình thức nộp không rõ"),
        "malformed-json" => ("not a valid JSON record", "không phải bản ghi JSON hợp lệ"),
        "unknown-shape" => (
            "not a known record shape",
            "không phải dạng bản ghi đã biết",
        ),
        "bad-code" => ("not a procedure code", "không phải mã thủ tục"),
        "no-name" => ("no procedure name", "không có tên thủ tục"),
        "no-field" => ("no field (lĩnh vực)", "không có lĩnh vực"),
        "no-level" => ("no level (cấp thực hiện)", "không có cấp thực hiện"),
        "no-channel" => ("no submission channel", "không có hình thức nộp"),
        "duplicate" => ("a code already read", "mã thủ tục đã đọc trước đó"),
        "record-too-large" => (
            "larger than max_record_size",
            "lớn hơn giới hạn max_record_size",
        ),
        // Fee forms (see `fee_forms`).
        "per-unit" => ("a price per unit", "giá theo đơn vị"),
        "tiers-cap" => (
            "prices per page by tiers, with a cap per copy",
            "giá theo trang theo bậc, có mức tối đa mỗi bản",
        ),
        "cap" => (
            "a price per unit with a cap",
            "giá theo đơn vị có mức tối đa",
        ),
        "percentage" => ("a percentage", "tỷ lệ phần trăm"),
        "category" => ("an amount per named case", "số tiền theo từng trường hợp"),
        "date-window" => (
            "another amount for a dated period",
            "mức thu khác trong một khoảng thời gian",
        ),
        "cap-floor-tiers" => ("a cap, a floor or tiers", "mức tối đa, tối thiểu hoặc bậc"),
        "several-amounts" => ("several amounts", "nhiều số tiền"),
        "share-of-another-fee" => ("a share of another fee", "tỷ lệ của một khoản phí khác"),
        "fraction" => ("a fraction of a currency unit", "phần lẻ của đơn vị tiền"),
        _ => ("", ""),
    };
    crate::diag::Tr {
        en: en.into(),
        vi: vi.into(),
    }
}

/// Why an import could not run at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A usage problem explained in words.
    #[error("{0}")]
    Usage(String),
    /// Reading or writing failed.
    #[error("{path}: {message}")]
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> ImportError + '_ {
    move |e| ImportError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Every `.json` file under the sources, each folder walked recursively, sorted. A source or
/// a `.json` entry that is neither a regular file nor a folder (a FIFO, a device, a socket)
/// is an error: it is never read (it could block or never end) and never skipped silently.
pub fn record_files(sources: &[PathBuf]) -> Result<Vec<PathBuf>, ImportError> {
    let mut out = Vec::new();
    for s in sources {
        let m = std::fs::metadata(s).map_err(io_err(s))?;
        if let Some(k) = crate::catalogue::Special::of(&m.file_type())
            .filter(|k| *k != crate::catalogue::Special::Folder)
        {
            return Err(not_regular(s, Some(k)));
        }
        if m.is_dir() {
            let before = out.len();
            walk(s, &mut out)?;
            if out.len() == before {
                return Err(ImportError::Usage(format!(
                    "{}: no .json records in this folder",
                    s.display()
                )));
            }
        } else if m.is_file() {
            out.push(s.clone());
        } else {
            return Err(not_regular(s, None));
        }
    }
    Ok(out)
}

/// A source that is a pipe, a device or a socket: named for what it is, never opened.
fn not_regular(p: &Path, kind: Option<crate::catalogue::Special>) -> ImportError {
    let kind = kind.or_else(|| {
        std::fs::symlink_metadata(p)
            .ok()
            .and_then(|m| crate::catalogue::Special::of(&m.file_type()))
    });
    let (en, vi) = match kind {
        Some(k) => {
            let n = k.name();
            (n.en, n.vi)
        }
        None => ("not a file".into(), "không phải tệp".into()),
    };
    ImportError::Usage(format!(
        "{}: this is {en}, not a regular file; records are read from files only \
         / đây là {vi}, không phải tệp thông thường; chỉ đọc bản ghi từ tệp",
        p.display()
    ))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ImportError> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io_err(dir))?
        .collect::<Result<_, _>>()
        .map_err(io_err(dir))?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "json") {
            if e.file_type().map_err(io_err(&p))?.is_dir() {
                walk(&p, out)?;
            }
            continue;
        }
        // Through symbolic links, as an explicit source is.
        let m = std::fs::metadata(&p).map_err(io_err(&p))?;
        if m.is_dir() {
            walk(&p, out)?;
        } else if m.is_file() {
            out.push(p);
        } else {
            return Err(not_regular(&p, None));
        }
    }
    Ok(())
}

/// Reads one record within `max` bytes. The file is opened without blocking and checked on
/// the open handle, so a FIFO or device put in its place since the walk is refused, not
/// waited on. `Ok(None)`: larger than `max`.
fn read_record(path: &Path, max: u64) -> Result<Option<Vec<u8>>, ImportError> {
    use std::io::Read as _;
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    let f = o.open(path).map_err(io_err(path))?;
    let m = f.metadata().map_err(io_err(path))?;
    if !m.is_file() {
        return Err(not_regular(path, None));
    }
    if m.len() > max {
        return Ok(None);
    }
    let mut buf = Vec::with_capacity(m.len() as usize);
    // The file may grow while it is read: never past the limit.
    f.take(max + 1)
        .read_to_end(&mut buf)
        .map_err(io_err(path))?;
    Ok((buf.len() as u64 <= max).then_some(buf))
}

/// What an import will write, before anything is written.
#[derive(Debug)]
pub struct Prepared {
    /// The outcome of every record.
    pub report: Report,
    /// The files to write: path relative to the output folder, and content.
    pub files: Vec<(PathBuf, String)>,
}

/// Reads and converts every record under `sources` (within `limits`) and renders the files
/// of the catalogue, without writing anything.
pub fn prepare(
    sources: &[PathBuf],
    limits: &crate::limits::Limits,
) -> Result<Prepared, ImportError> {
    let files = record_files(sources)?;
    let mut report = Report::default();
    let mut drafts: Vec<(usize, Draft)> = Vec::new();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    let max = limits.max_record_bytes;
    for f in &files {
        let mut item = Item {
            source: f.clone(),
            code: None,
            written: None,
            warnings: Vec::new(),
            refused: None,
            legal: Vec::new(),
            fee_forms: Vec::new(),
            review: 0,
        };
        let mut text = None;
        let outcome = match read_record(f, max)? {
            None => Err(Refusal::new(
                "record-too-large",
                tr!(
                    "larger than the limit max_record_size ({}); raise it with \
                     `--limit max_record_size=64MiB` if this is a real record",
                    "lớn hơn giới hạn max_record_size ({}); nếu đây là bản ghi thật, hãy nâng giới \
                     hạn bằng `--limit max_record_size=64MiB`",
                    crate::limits::human_size(max)
                ),
            )),
            Some(read) => match String::from_utf8(read) {
                Ok(s) => {
                    let r = convert(&s);
                    text = Some(s);
                    r
                }
                Err(_) => Err(Refusal::new(
                    "malformed-json",
                    tr!("not UTF-8 text", "không phải văn bản UTF-8"),
                )),
            },
        };
        match outcome {
            Ok((_, mut d)) => {
                // A number not in the form the law prescribes is no act's number (Decree
                // 30/2020/NĐ-CP; Law 80/2015/QH13 art. 10): left out, named in the warning,
                // never corrected by guess.
                let (kept, malformed): (Vec<Legal>, Vec<Legal>) =
                    std::mem::take(&mut d.legal).into_iter().partition(|l| {
                        crate::catalogue::acts::number_problem(&l.number, None).is_none()
                    });
                d.legal = kept;
                for l in malformed {
                    let n = &l.number;
                    d.warn(
                        "legal-malformed-number",
                        tr!(
                            "legal basis `{n}` is not in the form of an act's number: left out",
                            "căn cứ pháp lý `{n}` không đúng thể thức số, ký hiệu văn bản: bỏ ra"
                        ),
                    );
                }
                item.code = Some(d.code.clone());
                if let Some(first) = seen.get(&d.code) {
                    item.refused = Some(Refusal::new(
                        "duplicate",
                        tr!(
                            "code {} was already read from {}",
                            "mã {} đã được đọc từ {}",
                            d.code,
                            first.display()
                        ),
                    ));
                } else {
                    seen.insert(d.code.clone(), f.clone());
                    item.warnings = d.warnings.clone();
                    item.review = d.review.len();
                    // Counted on the channels as written: rows repeated are one channel.
                    item.fee_forms = d
                        .channels
                        .iter()
                        .filter_map(|c| match &c.fees {
                            Fees::Items(v) => Some(v),
                            Fees::Unknown => None,
                        })
                        .flatten()
                        .filter_map(|f| {
                            f.form.map(|form| FeeForm {
                                form,
                                rule: f.rule.clone(),
                            })
                        })
                        .collect();
                    item.legal = d
                        .legal
                        .iter()
                        .map(|l| (l.number.clone(), l.title.clone()))
                        .collect();
                    drafts.push((report.items.len(), d));
                }
            }
            Err(r) => {
                // The report names the record by its code whenever the record gives one.
                item.code = text.as_deref().and_then(record_code);
                item.refused = Some(r);
            }
        }
        report.items.push(item);
    }
    // The catalogue's own limits (catalogue.yaml is written without a `limits:` section, so
    // the defaults, or stricter ones given on the command line): a file they would refuse is
    // never written. Its record is refused instead, and the ids are collected again without it.
    let own = crate::limits::Limits::default();
    let written_limits = crate::limits::Limits {
        max_file_bytes: own.max_file_bytes.min(limits.max_file_bytes),
        max_depth: own.max_depth.min(limits.max_depth),
        max_expanded_nodes: own.max_expanded_nodes.min(limits.max_expanded_nodes),
        max_rule_bytes: own.max_rule_bytes.min(limits.max_rule_bytes),
        max_record_bytes: limits.max_record_bytes,
    };
    loop {
        let cat = yaml::Catalogue::build(drafts.iter().map(|(_, d)| d));
        let mut files: Vec<(PathBuf, String)> = Vec::new();
        let mut too_large = Vec::new();
        for (n, (i, d)) in drafts.iter().enumerate() {
            let rel = Path::new("procedures")
                .join(cat.field_id(&d.field))
                .join(format!("{}.yaml", d.code));
            let body = cat.procedure(d, &report.items[*i].source);
            if let Some(why) = refused_by_limits(&body, d, &written_limits) {
                too_large.push((n, why));
                continue;
            }
            files.push((rel, body));
        }
        if !too_large.is_empty() {
            for (n, why) in too_large.into_iter().rev() {
                let (i, _) = drafts.remove(n);
                report.items[i].refused = Some(Refusal::new("over-catalogue-limit", why));
            }
            continue;
        }
        for (rel, _) in &files {
            let code = rel.file_stem().map(|s| s.to_string_lossy().into_owned());
            if let Some((i, _)) = drafts.iter().find(|(_, d)| Some(&d.code) == code.as_ref()) {
                report.items[*i].written = Some(rel.clone());
            }
        }
        let manifest = cat.manifest();
        if let Some(why) = refused_by_limits(&manifest, &Draft::default(), &written_limits) {
            return Err(ImportError::Usage(format!(
                "catalogue.yaml: {} / {}",
                why.en, why.vi
            )));
        }
        files.push(("catalogue.yaml".into(), manifest));
        report.manifest = Some("catalogue.yaml".into());
        return Ok(Prepared { report, files });
    }
}

/// Whether the file `path` (at `rel` in the output) is one an import writes: the output's
/// `catalogue.yaml` written by `thutuc import`, or a procedure file under `procedures/` that
/// starts with the import's own first line.
fn written_by_import(path: &Path, rel: &Path) -> bool {
    use std::io::Read as _;
    let head = if rel == Path::new("catalogue.yaml") {
        "# Written by `thutuc import`"
    } else if rel.starts_with("procedures") && rel.extension().is_some_and(|e| e == "yaml") {
        "# Imported by `thutuc import`"
    } else {
        return false;
    };
    let mut buf = vec![0u8; head.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut buf))
        .is_ok_and(|()| buf == head.as_bytes())
}

/// The output may not be a source folder or inside one: the import would write its stage
/// and its catalogue among the records it reads (and, with --force, replace them).
fn inside_a_source(sources: &[PathBuf], out: &Path) -> Result<(), ImportError> {
    let resolved = |p: &Path| -> Option<PathBuf> {
        // The nearest part of the path that exists, resolved, and the rest as written.
        let mut rest = Vec::new();
        let mut at = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().ok()?.join(p)
        };
        loop {
            if let Ok(c) = at.canonicalize() {
                let mut r = c;
                for part in rest.iter().rev() {
                    r.push(part);
                }
                return Some(r);
            }
            rest.push(at.file_name()?.to_os_string());
            at = at.parent()?.to_path_buf();
        }
    };
    let Some(o) = resolved(out) else {
        return Ok(());
    };
    for s in sources {
        let Ok(src) = s.canonicalize() else { continue };
        if src.is_dir() && o.starts_with(&src) {
            return Err(ImportError::Usage(format!(
                "-o {}: is the source folder {} or inside it; the import never writes among the \
                 records it reads: choose a folder outside it / -o {}: là thư mục nguồn {} hoặc \
                 nằm trong đó; import không ghi vào nơi chứa hồ sơ nó đọc: hãy chọn một thư mục \
                 bên ngoài",
                out.display(),
                s.display(),
                out.display(),
                s.display()
            )));
        }
    }
    Ok(())
}

/// The procedure code a record gives (for the report of a refused record), if it is one.
pub fn record_code(json: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let code = v
        .get("ma_thu_tuc")
        .or_else(|| v.get("metadata").and_then(|m| m.get("mã_thủ_tục")))?
        .as_str()?
        .trim();
    is_code(code).then(|| code.to_string())
}

/// Why the catalogue would refuse a file the import is about to write (`body`, from the
/// draft `d`), if it would: larger than `max_file_size`, YAML past the nesting or node
/// limits, a converted fee rule longer than `max_rule_length`.
fn refused_by_limits(body: &str, d: &Draft, limits: &crate::limits::Limits) -> Option<Tr> {
    let size = body.len() as u64;
    if size > limits.max_file_bytes {
        let (n, max) = (
            crate::limits::human_size(size),
            crate::limits::human_size(limits.max_file_bytes),
        );
        return Some(tr!(
            "the procedure file would be {n}, larger than the catalogue's limit max_file_size ({max})",
            "tệp thủ tục sẽ lớn {n}, vượt giới hạn max_file_size của danh mục ({max})"
        ));
    }
    let rules = d.channels.iter().flat_map(|c| match &c.fees {
        Fees::Items(v) => v.iter().filter_map(|f| f.rule.as_deref()).collect(),
        Fees::Unknown => Vec::new(),
    });
    for r in rules {
        if r.len() > limits.max_rule_bytes {
            let (n, max) = (r.len(), limits.max_rule_bytes);
            return Some(tr!(
                "a fee rule of {n} bytes is longer than the catalogue's limit max_rule_length ({max})",
                "một quy tắc phí dài {n} byte, vượt giới hạn max_rule_length của danh mục ({max})"
            ));
        }
    }
    if let Err(e) = crate::yaml::Document::parse(body, limits) {
        let m = format!("{:?}", e.error);
        return Some(tr!(
            "the catalogue would not read the file written ({m})",
            "danh mục sẽ không đọc được tệp được ghi ({m})"
        ));
    }
    None
}

/// Converts every record under `sources` and writes the catalogue into `out`, all or
/// nothing: every file is written into a stage beside `out`, synced at once, then put in
/// place ([`crate::atomic::StagedDir`]), so `out` holds what it held before or the complete
/// new catalogue, also when the import is interrupted or the disk is full.
///
/// Nothing is written when a file to write already exists and `force` is not given.
pub fn run(
    sources: &[PathBuf],
    out: &Path,
    force: bool,
    limits: &crate::limits::Limits,
) -> Result<Report, ImportError> {
    if out == Path::new("-") {
        return Err(ImportError::Usage(
            "-o -: import writes a catalogue folder (catalogue.yaml and procedures/), not \
             standard output; name a folder, e.g. `-o imported` / import ghi ra một thư mục danh \
             mục (catalogue.yaml và procedures/), không ghi ra đầu ra chuẩn; hãy ghi tên một thư \
             mục, ví dụ `-o imported`"
                .into(),
        ));
    }
    inside_a_source(sources, out)?;
    if let Ok(m) = std::fs::symlink_metadata(out)
        && !m.is_dir()
    {
        return Err(ImportError::Usage(format!(
            "-o {}: exists and is not a folder",
            out.display()
        )));
    }
    let shown = out;
    let out =
        &crate::atomic::check_output_dir(out).map_err(|r| ImportError::Usage(format!("-o {r}")))?;
    let Prepared { report, files } = prepare(sources, limits)?;
    // Every file is checked before any is written: no link inside the output is written
    // through, and only regular files are replaced.
    for (rel, _) in &files {
        crate::atomic::check_output_in(out, rel, true)
            .map_err(|r| ImportError::Usage(r.to_string()))?;
        let p = out.join(rel);
        let m = std::fs::symlink_metadata(&p);
        if m.as_ref()
            .is_ok_and(|m| m.is_dir() || m.file_type().is_symlink())
        {
            return Err(ImportError::Usage(format!(
                "{}: is a folder or a symbolic link; not replaced",
                p.display()
            )));
        }
    }
    if !force {
        let existing: Vec<_> = files
            .iter()
            .map(|(rel, _)| shown.join(rel))
            .filter(|p| std::fs::symlink_metadata(p).is_ok())
            .collect();
        if let Some(first) = existing.first() {
            return Err(ImportError::Usage(format!(
                "{} already exists ({} of the files to write do): pass --force to replace them",
                first.display(),
                existing.len()
            )));
        }
    }
    // With --force, the procedures an earlier import wrote there (and its catalogue.yaml)
    // are replaced as a whole: the result is what a fresh import gives, with no procedure
    // of the earlier run left over. Other files (a README, a person's own file) are kept.
    let replaced = |rel: &Path| force && written_by_import(&out.join(rel), rel);
    let mut stage = crate::atomic::StagedDir::new_replacing(out, &replaced).map_err(io_err(out))?;
    for (rel, body) in &files {
        stage
            .write(rel, body.as_bytes())
            .map_err(io_err(&out.join(rel)))?;
    }
    stage.commit().map_err(io_err(out))?;
    Ok(report)
}
