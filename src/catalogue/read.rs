//! The shapes of catalogue files and how each is decoded into the model.

use crate::diag::{Lang, Words};
use crate::limits::{LimitKey, Limits};
use crate::model::*;
use crate::money::Money;
use crate::rules::{FeeRule, Type, parse as rp};
use crate::shape::Str;
use crate::shape::{Cx, Kind, Shape, TEXT, opt, req};
use crate::tr;
use crate::yaml::NodeId;
use std::sync::Arc;

const CHANNEL_IDS: &[&str] = &["direct", "postal", "online_full", "online_partial"];
const FACT_TYPES: &[&str] = &["bool", "number", "count", "money", "text", "date", "enum"];
const STACKING: &[&str] = &["best", "compound", "additive"];
/// How a channel says its fees are unknown (`fees: not stated`).
pub const NOT_STATED: &[&str] = &["not stated", "chưa có thông tin"];

/// `facts:` entries.
pub static FACT: Shape = Shape {
    name: "Fact",
    doc: "a fact about the applicant",
    vi: "thông tin về người nộp hồ sơ",
    fields: &[
        req(
            "id",
            Kind::FactId,
            "the name rules use (letters, digits, `_`)",
        ),
        req(
            "type",
            Kind::OneOf(FACT_TYPES),
            "bool, number, count (whole units: pages, copies), money, text, date or enum",
        ),
        opt(
            "values",
            Kind::List(&Kind::Id),
            "the allowed values of an enum",
        ),
        opt(
            "value_labels",
            Kind::Map(&Kind::Text),
            "what each value means, as the law words it (value: { vi: …, en: … }); a yes/no fact words `true` and `false`",
        ),
        req("label", Kind::Text, "the question as shown to people"),
        opt(
            "unit",
            Kind::Text,
            "the unit a count is of, as the law names it (e.g. { vi: trang, en: page }), for fee texts",
        ),
        opt(
            "default",
            Kind::Str,
            "the value presumed when the applicant does not give it",
        ),
    ],
};

static NAMED: Shape = Shape {
    name: "Named",
    doc: "an id with a name",
    vi: "mã và tên",
    fields: &[
        req("id", Kind::Id, "stable id"),
        req("name", Kind::Text, "display name"),
    ],
};

/// The kinds of act a registry entry may name (`kind:`), as their headings write them.
pub const ACT_KINDS: &[&str] = &[
    "Hiến pháp",
    "Bộ luật",
    "Luật",
    "Pháp lệnh",
    "Nghị quyết",
    "Nghị quyết liên tịch",
    "Lệnh",
    "Nghị định",
    "Quyết định",
    "Thông tư",
    "Thông tư liên tịch",
    "Chỉ thị",
    "Công văn",
    "Thông báo",
    "Kế hoạch",
];

static LEGAL: Shape = Shape {
    name: "LegalDoc",
    doc: "an act of the legal registry",
    vi: "văn bản trong danh mục văn bản pháp luật",
    fields: &[
        req("id", Kind::Id, "id procedures refer to"),
        opt(
            "kind",
            Kind::OneOf(ACT_KINDS),
            "kind of act as its heading names it: Luật, Nghị định, Thông tư, Quyết định…",
        ),
        req(
            "number",
            Kind::Str,
            "number and symbol as the act writes them: 75/2022/TT-BTC (legal normative documents: number/year/symbol), 1079/QĐ-BTP (others: number/symbol)",
        ),
        opt(
            "title",
            Kind::Text,
            "subject (trích yếu) as it reads after the kind: \"quy định chi tiết …\"; for a law, its name after \"Luật\"",
        ),
        opt("issued", Kind::Date, "date of issue"),
        opt("in_force", Kind::Date, "date it takes effect"),
        opt("issuer", Kind::Str, "issuing body (Chính phủ, Bộ Tư pháp…)"),
        opt(
            "signer",
            Kind::Str,
            "the title it is signed under, as a citation names it (Bộ trưởng Bộ Tư pháp)",
        ),
        opt("replaced_by", Kind::Id, "id of the act that replaced it"),
        opt(
            "lapsed",
            Kind::Date,
            "last day in force, when it has lapsed",
        ),
    ],
};

static AMENDMENT: Shape = Shape {
    name: "Amendment",
    doc: "an act that amended the procedure",
    vi: "văn bản sửa đổi, bổ sung thủ tục",
    fields: &[
        req(
            "by",
            Kind::Str,
            "the amending act: an id of the legal registry or the act's number",
        ),
        req(
            "parts",
            Kind::List(&Kind::OneOf(crate::model::parts::PART_IDS)),
            "the parts it changed: name, steps, channels, deadline, fees, documents, form_fields, subjects, agencies, address, result, requirements, legal_basis, field, levels, kind",
        ),
        opt(
            "in_force",
            Kind::Date,
            "when the amendment takes effect (the act's date in force when absent)",
        ),
    ],
};

static EDITORIAL: Shape = Shape {
    name: "Editorial",
    doc: "a change that no act made (a correction or data completion)",
    vi: "thay đổi biên tập, không do văn bản nào (sửa lỗi hoặc bổ sung dữ liệu)",
    fields: &[
        req(
            "parts",
            Kind::List(&Kind::OneOf(crate::model::parts::PART_IDS)),
            "the parts it touched (all: the procedure was added as data completion)",
        ),
        req(
            "reason",
            Kind::OneOf(crate::model::EditorialReason::IDS),
            "correction (sửa lỗi) or completion (bổ sung dữ liệu)",
        ),
        opt("note", Kind::Text, "what was done, in the author's words"),
    ],
};

static ABOLITION: Shape = Shape {
    name: "Abolition",
    doc: "the record of the procedure's abolition",
    vi: "ghi nhận việc bãi bỏ thủ tục",
    fields: &[
        req(
            "by",
            Kind::Str,
            "the abolishing act: an id of the legal registry or the act's number",
        ),
        opt(
            "in_force",
            Kind::Date,
            "when the abolition takes effect (the act's date in force when absent)",
        ),
    ],
};

static SETTINGS: Shape = Shape {
    name: "Settings",
    doc: "catalogue settings",
    vi: "thiết lập danh mục",
    fields: &[
        opt(
            "hourly_income",
            Kind::Rule("money"),
            "average income per hour of an applicant (cost model)",
        ),
        opt(
            "hourly_income_source",
            Kind::Text,
            "where the hourly income comes from",
        ),
    ],
};

/// `limits:` in `catalogue.yaml`.
pub static LIMITS: Shape = Shape {
    name: "Limits",
    doc: "limits on input files",
    vi: "giới hạn đối với tệp đầu vào",
    fields: &[
        opt(
            "max_file_size",
            Kind::Size,
            "largest file read (default 4 MiB), e.g. 8 MiB",
        ),
        opt(
            "max_depth",
            Kind::Count,
            "deepest nesting of YAML collections (default 64)",
        ),
        opt(
            "max_alias_nodes",
            Kind::Count,
            "most values a file may hold once YAML aliases are expanded (default 200000)",
        ),
        opt(
            "max_rule_length",
            Kind::Size,
            "longest rule text in bytes (default 4096)",
        ),
        opt(
            "max_record_size",
            Kind::Size,
            "largest national-database record `thutuc import` reads (default 16 MiB)",
        ),
    ],
};

/// `catalogue.yaml`.
pub static MANIFEST: Shape = Shape {
    name: "Manifest",
    doc: "the catalogue manifest",
    vi: "tệp khai báo danh mục",
    fields: &[
        req("name", Kind::Text, "catalogue name"),
        opt(
            "language",
            Kind::OneOf(&["vi", "en"]),
            "default language of messages and exports",
        ),
        opt(
            "baseline",
            Kind::Str,
            "git revision the simplification targets compare with",
        ),
        req(
            "levels",
            Kind::List(&Kind::Obj(&NAMED)),
            "levels of government",
        ),
        req(
            "fields",
            Kind::List(&Kind::Obj(&NAMED)),
            "fields (lĩnh vực)",
        ),
        opt(
            "facts",
            Kind::List(&Kind::Obj(&FACT)),
            "facts shared by every procedure",
        ),
        opt(
            "legal",
            Kind::List(&Kind::Obj(&LEGAL)),
            "legal documents procedures cite",
        ),
        opt("settings", Kind::Obj(&SETTINGS), "cost-model settings"),
        opt(
            "limits",
            Kind::Obj(&LIMITS),
            "limits on input files (size, nesting, aliases, rule length)",
        ),
        opt(
            "working_hours",
            Kind::Obj(&crate::calendar::hours::MANIFEST_HOURS),
            "working sessions in which hour deadlines run (default 07:30-11:30, 13:00-17:00)",
        ),
        opt(
            "decision",
            Kind::Obj(&crate::model::form::FORM),
            "what the published decision says besides the procedures",
        ),
        opt(
            "validate",
            Kind::Obj(&VALIDATE),
            "what `thutuc validate` treats as errors",
        ),
        opt(
            "localisation",
            Kind::Obj(&LOCALISATION),
            "when a province must publish its list after a national act, with the provision that sets it",
        ),
        opt(
            "units",
            Kind::List(&Kind::Obj(&NAMED)),
            "the units and posts that do the steps of the procedures' own internal processes (id and name)",
        ),
        opt(
            "process_decision",
            Kind::Obj(&crate::model::form::FORM),
            "the decision approving internal processes, where it differs from `decision:` (its grounds: Decree 61/2018/NĐ-CP…)",
        ),
        opt(
            "list_decision",
            Kind::Obj(&crate::model::form::FORM),
            "the delivery list decisions (online, postal, regardless of boundary, internal), where they differ from `decision:`",
        ),
    ],
};

static LOCALISATION: Shape = Shape {
    name: "Localisation",
    doc: "the time a province has to publish its list after a national act",
    vi: "thời hạn địa phương công bố danh mục sau văn bản trung ương",
    fields: &[
        req(
            "working_days_before_in_force",
            Kind::Count,
            "working days before the act takes effect by which the province's list must be published",
        ),
        req("source", Kind::Text, "the provision that sets it"),
    ],
};

/// Groups of warnings a catalogue may turn into errors (`validate: { deny: [analysis] }`).
pub const DENY: &[&str] = &["analysis"];

static VALIDATE: Shape = Shape {
    name: "Validate",
    doc: "what validate treats as errors",
    vi: "thiết lập kiểm tra",
    fields: &[opt(
        "deny",
        Kind::List(&Kind::OneOf(DENY)),
        "groups of warnings that fail validation (analysis)",
    )],
};

static FEE: Shape = Shape {
    name: "Fee",
    doc: "a fee item",
    vi: "khoản phí, lệ phí",
    fields: &[
        req("id", Kind::Id, "id discounts refer to"),
        req("name", Kind::Text, "name of the fee"),
        req(
            "amount",
            Kind::Rule("fee"),
            "amount as the law writes it: 20,000 VND; 2,000 VND per pages; tiers (… per pages from 1 to 2, … per pages from 3); 0.5% of value; caps and floors (at most / at least); sums; A when cond else B; 10 USD per copies; set by the province; not stated",
        ),
        opt(
            "currency",
            Kind::OneOf(crate::money::CURRENCIES),
            "ISO 4217 code of a foreign currency the fee is stated in (default VND)",
        ),
        opt(
            "when",
            Kind::Rule("condition"),
            "charged only when this holds",
        ),
        opt("basis", Kind::Id, "legal basis (id of a legal document)"),
        opt(
            "note",
            Kind::Text,
            "free text from the source, shown in exports",
        ),
    ],
};

static CHANNEL: Shape = Shape {
    name: "Channel",
    doc: "a submission channel",
    vi: "cách thức nộp hồ sơ",
    fields: &[
        req(
            "channel",
            Kind::OneOf(CHANNEL_IDS),
            "direct, postal, online_full or online_partial",
        ),
        req("deadline", Kind::Rule("deadline"), "e.g. 7 working days"),
        opt(
            "fees",
            Kind::ListOr(&Kind::Obj(&FEE), NOT_STATED),
            "fees charged on this channel: a list ([] = free), or `not stated` when the record does not say (also when the key is absent)",
        ),
        opt("note", Kind::Text, "note"),
    ],
};

static DOCUMENT: Shape = Shape {
    name: "Document",
    doc: "a dossier document",
    vi: "thành phần hồ sơ",
    fields: &[
        req("id", Kind::Id, "stable id within the procedure"),
        req("name", Kind::Text, "name of the document"),
        opt("originals", Kind::Count, "number of originals (default 1)"),
        opt("copies", Kind::Count, "number of copies (default 0)"),
        opt("form", Kind::Str, "form template code"),
        opt("electronic", Kind::Bool, "may be submitted electronically"),
        opt(
            "when",
            Kind::Rule("condition"),
            "required only when this holds",
        ),
        opt("basis", Kind::Id, "legal basis"),
    ],
};

static CASE: Shape = Shape {
    name: "Case",
    doc: "a dossier case",
    vi: "trường hợp hồ sơ",
    fields: &[
        req("id", Kind::Id, "stable id"),
        req("name", Kind::Text, "name of the case"),
        opt("when", Kind::Rule("condition"), "applies when this holds"),
        req(
            "documents",
            Kind::List(&Kind::Obj(&DOCUMENT)),
            "documents of this case",
        ),
    ],
};

static DOSSIER: Shape = Shape {
    name: "Dossier",
    doc: "the dossier",
    vi: "hồ sơ",
    fields: &[
        opt(
            "documents",
            Kind::List(&Kind::Obj(&DOCUMENT)),
            "documents every applicant submits",
        ),
        opt(
            "cases",
            Kind::List(&Kind::Obj(&CASE)),
            "alternative cases with their own documents",
        ),
    ],
};

static DISCOUNT: Shape = Shape {
    name: "Discount",
    doc: "a discount rule",
    vi: "quy tắc giảm phí",
    fields: &[
        req("id", Kind::Id, "stable id"),
        req(
            "rule",
            Kind::Rule("discount"),
            "e.g. 50% off le-phi when online until 2025-12-31",
        ),
        req("basis", Kind::Id, "legal basis (id of a legal document)"),
    ],
};

static DISCOUNTS: Shape = Shape {
    name: "Discounts",
    doc: "the discounts",
    vi: "các mức giảm phí",
    fields: &[
        opt(
            "stacking",
            Kind::OneOf(STACKING),
            "best, compound or additive",
        ),
        req("rules", Kind::List(&Kind::Obj(&DISCOUNT)), "discount rules"),
    ],
};

static FORM_FIELD: Shape = Shape {
    name: "FormField",
    doc: "a declared form field",
    vi: "thông tin phải khai",
    fields: &[
        req("id", Kind::Id, "stable id"),
        req("label", Kind::Text, "label on the form"),
        opt(
            "reusable",
            Kind::Id,
            "national database that already holds it",
        ),
    ],
};

static REQUIREMENT: Shape = Shape {
    name: "Requirement",
    doc: "a requirement",
    vi: "yêu cầu, điều kiện",
    fields: &[
        req("text", Kind::Text, "what is required"),
        opt("when", Kind::Rule("condition"), "applies when this holds"),
        opt("basis", Kind::Id, "legal basis"),
    ],
};

static REVIEW: Shape = Shape {
    name: "Review",
    doc: "a value an import could not prove from its source record, to be confirmed",
    vi: "giá trị khi nhập chưa chứng minh được từ bản ghi nguồn, cần rà soát",
    fields: &[
        req("what", Kind::Text, "which part of the procedure"),
        req("source", Kind::Str, "the source record's text, verbatim"),
        opt("written", Kind::Text, "what was written for it"),
        opt("why", Kind::Text, "why it needs review"),
    ],
};

static MINUTES: Shape = Shape {
    name: "Minutes",
    doc: "time spent, in minutes",
    vi: "thời gian thực hiện (phút)",
    fields: &[
        opt("prepare", Kind::Count, "preparing the dossier"),
        opt("submit", Kind::Count, "submitting it"),
        opt("travel", Kind::Count, "travelling"),
        opt("wait", Kind::Count, "waiting"),
        opt("receive", Kind::Count, "receiving the result"),
    ],
};

static COMPLIANCE: Shape = Shape {
    name: "Compliance",
    doc: "compliance-cost inputs",
    vi: "dữ liệu chi phí tuân thủ",
    fields: &[
        req(
            "applications_per_year",
            Kind::CountOr(NOT_STATED),
            "applications per year, or `not stated` when no source gives the volume",
        ),
        opt(
            "times_per_year",
            Kind::Count,
            "times one applicant does it per year (default 1)",
        ),
        req("minutes", Kind::Obj(&MINUTES), "time spent per step"),
        opt(
            "other_costs",
            Kind::Rule("money"),
            "other mandated costs per application",
        ),
        opt(
            "typical",
            Kind::Map(&Kind::Str),
            "typical values of the facts a fee depends on (pages, copies, value), so the cost stays computable",
        ),
        opt(
            "sources",
            Kind::Obj(&COMPLIANCE_SOURCES),
            "where each input comes from (survey, statistics, estimate and by whom)",
        ),
    ],
};

static COMPLIANCE_SOURCES: Shape = Shape {
    name: "ComplianceSources",
    doc: "where each input of the compliance cost comes from",
    vi: "nguồn của từng số liệu chi phí tuân thủ",
    fields: &[
        opt(
            "applications_per_year",
            Kind::Text,
            "source of the applications a year",
        ),
        opt("times_per_year", Kind::Text, "source of the times a year"),
        opt("minutes", Kind::Text, "source of the minutes spent"),
        opt("other_costs", Kind::Text, "source of the other costs"),
        opt("typical", Kind::Text, "source of the typical values"),
    ],
};

static AGENCIES: Shape = Shape {
    name: "Agencies",
    doc: "the agencies",
    vi: "cơ quan",
    fields: &[
        opt("competent", Kind::Text, "competent authority"),
        opt("implementing", Kind::Text, "implementing agency"),
        opt("authorised", Kind::Text, "authorised agency"),
        opt("coordinating", Kind::Text, "coordinating agency"),
        opt("address", Kind::Text, "where dossiers are received"),
    ],
};

/// A procedure file.
pub static PROCEDURE: Shape = Shape {
    name: "Procedure",
    doc: "a procedure",
    vi: "thủ tục",
    fields: &[
        req("code", Kind::Code, "procedure code, e.g. \"1.004222\""),
        req("name", Kind::Text, "name in Vietnamese and English"),
        req("field", Kind::Id, "field id (declared in catalogue.yaml)"),
        req(
            "levels",
            Kind::List(&Kind::Id),
            "level ids (declared in catalogue.yaml)",
        ),
        opt(
            "published_by",
            Kind::Str,
            "the act that published the procedure: an id of the legal registry or the act's number",
        ),
        opt(
            "decision",
            Kind::Str,
            "the act that published the procedure (older name of published_by)",
        ),
        opt(
            "amended",
            Kind::List(&Kind::Obj(&AMENDMENT)),
            "each act that amended the procedure: { by: <act>, parts: [fees, deadline], in_force: 2025-07-01 }",
        ),
        opt(
            "editorial",
            Kind::List(&Kind::Obj(&EDITORIAL)),
            "changes no act made: { parts: [steps], reason: completion, note: … }; never in a decision",
        ),
        opt(
            "abolished",
            Kind::Obj(&ABOLITION),
            "the abolition of the procedure: { by: <act>, in_force: 2026-01-01 }; the file stays",
        ),
        opt("kind", Kind::Text, "kind of procedure"),
        opt("subjects", Kind::Text, "who may apply"),
        opt("agencies", Kind::Obj(&AGENCIES), "agencies"),
        opt(
            "legal_basis",
            Kind::List(&Kind::Id),
            "ids of legal documents",
        ),
        opt(
            "facts",
            Kind::List(&Kind::Obj(&FACT)),
            "facts this procedure asks about",
        ),
        req(
            "channels",
            Kind::List(&Kind::Obj(&CHANNEL)),
            "channels, each with deadline and fees",
        ),
        opt(
            "cutoff",
            Kind::Time,
            "receipts after this time count from the next working day",
        ),
        opt(
            "working_hours",
            Kind::Obj(&crate::calendar::hours::PROCEDURE_HOURS),
            "working hours of this procedure's agency, when not the catalogue's",
        ),
        opt(
            "steps",
            Kind::List(&Kind::Text),
            "steps (trình tự thực hiện), one text per step",
        ),
        opt("dossier", Kind::Obj(&DOSSIER), "dossier documents"),
        opt("discounts", Kind::Obj(&DISCOUNTS), "fee discounts"),
        opt(
            "form_fields",
            Kind::List(&Kind::Obj(&FORM_FIELD)),
            "information the applicant declares",
        ),
        opt(
            "requirements",
            Kind::List(&Kind::Obj(&REQUIREMENT)),
            "requirements and conditions",
        ),
        opt("result", Kind::Text, "result of the procedure"),
        opt(
            "review",
            Kind::List(&Kind::Obj(&REVIEW)),
            "values an import could not prove from its source: the source's text beside what was written, until confirmed",
        ),
        opt(
            "compliance",
            Kind::Obj(&COMPLIANCE),
            "compliance-cost inputs",
        ),
        opt(
            "process",
            Kind::Obj(&crate::model::process::PROCESS),
            "the internal process the ministry approved: steps with unit and time, adding up to no more than the deadline",
        ),
        opt(
            "delivery",
            Kind::Obj(&crate::model::process::DELIVERY),
            "how the procedure is delivered besides its channels: public postal service, regardless of administrative boundary, internal between state bodies",
        ),
    ],
};

/// Reads a fact declaration.
pub fn fact(cx: &mut Cx<'_>, id: NodeId) -> Option<FactDecl> {
    let mut o = cx.obj(id, &FACT)?;
    let fid = o.req(cx, "id", |cx, id| cx.fact_id(id));
    let ty_word = o.req(cx, "type", |cx, id| cx.one_of(id, FACT_TYPES));
    let values = o.opt(cx, "values", |cx, id| {
        Some((cx.list(id, |cx, id| cx.id(id)), cx.span(id)))
    });
    let value_labels = o
        .opt(cx, "value_labels", |cx, id| {
            cx.map(
                id,
                tr!(
                    "expected a mapping `value: its meaning`",
                    "cần một nhóm khóa `giá trị: ý nghĩa của giá trị`"
                ),
                None,
                |cx, v| cx.text(v),
            )
        })
        .unwrap_or_default();
    let label = o.req(cx, "label", |cx, id| cx.text(id));
    let unit = o.opt(cx, "unit", |cx, id| cx.text(id));
    let default = o.opt(cx, "default", |cx, id| {
        cx.scalar(id, Words("a value", "một giá trị"))
    });
    let span = o.span();
    o.finish(cx);
    let ty_word = ty_word?;
    let ty = match *ty_word {
        "bool" => Type::Bool,
        "number" => Type::Number,
        "count" => Type::Count,
        "money" => Type::Money,
        "text" => Type::Text,
        "date" => Type::Date,
        _ => match &values {
            Some((vs, _)) if !vs.is_empty() => {
                Type::Enum(vs.iter().map(|v| v.value.to_string()).collect())
            }
            _ => {
                cx.error(
                    "schema/missing-key",
                    span,
                    tr!(
                        "an enum fact needs its `values`",
                        "thông tin kiểu enum cần khai báo `values`"
                    ),
                    Some(tr!(
                        "add e.g. `values: [yes_case, no_case]`",
                        "thêm ví dụ `values: [truong_hop_a, truong_hop_b]`"
                    )),
                );
                return None;
            }
        },
    };
    if let Some(d) = &default
        && let Err(e) = crate::rules::value::parse_typed(
            &fid.as_ref().map(|f| f.value.clone()).unwrap_or_default(),
            &ty,
            d.trim(),
        )
    {
        cx.error(
            "schema/type",
            crate::yaml::Span {
                start: d.start as usize,
                end: d.end as usize,
                line: 0,
                col: 0,
            },
            e.message,
            e.help,
        );
    }
    if let (Some((_, vspan)), false) = (&values, matches!(ty, Type::Enum(_))) {
        cx.warn(
            "schema/unused-key",
            *vspan,
            tr!(
                "`values` only matters for enum facts",
                "`values` chỉ dùng cho thông tin kiểu enum"
            ),
            None,
        );
    }
    // A label for a value the fact does not have would never be shown: a typo. A yes/no
    // fact's values are `true` and `false`, as rules and `default:` write them.
    let bools = ["true".to_string(), "false".to_string()];
    let allowed: &[String] = match &ty {
        Type::Enum(v) => v,
        Type::Bool => &bools,
        _ => &[],
    };
    let mut labels = Vec::with_capacity(value_labels.len());
    for (value, text) in value_labels {
        let span = crate::yaml::Span {
            start: value.start as usize,
            end: value.end as usize,
            line: 0,
            col: 0,
        };
        let value = value.value;
        if allowed.iter().any(|a| *a == value) {
            labels.push((value, text));
            continue;
        }
        let near = crate::diag::nearest(&value, allowed.iter().map(String::as_str));
        cx.error(
            "schema/unknown-value",
            span,
            tr!(
                "`{value}` is not one of this fact's values",
                "`{value}` không phải một giá trị của thông tin này"
            ),
            Some(match near {
                Some(n) => tr!("did you mean `{n}`?", "có phải là `{n}`?"),
                None => tr!(
                    "the values are: {}",
                    "các giá trị là: {}",
                    allowed.join(", ")
                ),
            }),
        );
    }
    Some(FactDecl {
        id: fid?,
        ty,
        label: label?,
        unit,
        default,
        value_labels: labels,
    })
}

fn named(cx: &mut Cx<'_>, id: NodeId) -> Option<Named> {
    let mut o = cx.obj(id, &NAMED)?;
    let nid = o.req(cx, "id", |cx, id| cx.id(id));
    let name = o.req(cx, "name", |cx, id| cx.text(id));
    o.finish(cx);
    Some(Named {
        id: nid?,
        name: name?,
    })
}

fn sp_date(cx: &mut Cx<'_>, id: NodeId) -> Option<Sp<jiff::civil::Date>> {
    let span = cx.span(id);
    cx.date(id).map(|value| Sp {
        value,
        start: span.start as u32,
        end: span.end as u32,
    })
}

fn sp_text(cx: &mut Cx<'_>, id: NodeId) -> Option<Sp<Text>> {
    let span = cx.span(id);
    cx.text(id).map(|value| Sp {
        value,
        start: span.start as u32,
        end: span.end as u32,
    })
}

fn sp_string(cx: &mut Cx<'_>, id: NodeId) -> Option<Sp<Str>> {
    cx.plain_text_warning(id);
    cx.scalar(id, Words("text", "văn bản"))
}

fn sp_kind(cx: &mut Cx<'_>, id: NodeId) -> Option<Sp<Str>> {
    cx.one_of(id, ACT_KINDS).map(|k| Sp {
        value: k.value.into(),
        start: k.start,
        end: k.end,
    })
}

fn parts_list(cx: &mut Cx<'_>, id: NodeId) -> Option<Vec<Sp<Str>>> {
    let v = cx.list(id, |cx, id| {
        cx.one_of(id, crate::model::parts::PART_IDS).map(|k| Sp {
            value: k.value.into(),
            start: k.start,
            end: k.end,
        })
    });
    if v.is_empty() {
        cx.error(
            "schema/empty",
            cx.span(id),
            tr!(
                "name at least one part the change touched",
                "hãy nêu ít nhất một phần bị thay đổi"
            ),
            Some(tr!("for example `parts: [fees]`", "ví dụ `parts: [fees]`")),
        );
        return None;
    }
    Some(v)
}

fn legal(cx: &mut Cx<'_>, id: NodeId) -> Option<LegalDoc> {
    let mut o = cx.obj(id, &LEGAL)?;
    let lid = o.req(cx, "id", |cx, id| cx.id(id));
    let kind = o.opt(cx, "kind", sp_kind);
    let number = o.req(cx, "number", sp_string);
    let title = o.opt(cx, "title", sp_text);
    let issued = o.opt(cx, "issued", |cx, id| cx.date(id));
    let in_force = o.opt(cx, "in_force", sp_date);
    let issuer = o.opt(cx, "issuer", |cx, id| cx.string(id));
    let lapsed = o.opt(cx, "lapsed", |cx, id| cx.date(id));
    let signer = o.opt(cx, "signer", |cx, id| cx.string(id));
    let replaced_by = o.opt(cx, "replaced_by", |cx, id| cx.id(id));
    o.finish(cx);
    Some(LegalDoc {
        id: lid?,
        kind,
        number: number?,
        title,
        issued,
        in_force,
        issuer,
        lapsed,
        signer,
        replaced_by,
    })
}

fn amendment(cx: &mut Cx<'_>, id: NodeId) -> Option<Amendment> {
    let mut o = cx.obj(id, &AMENDMENT)?;
    let by = o.req(cx, "by", sp_string);
    let parts = o.req(cx, "parts", parts_list);
    let in_force = o.opt(cx, "in_force", sp_date);
    o.finish(cx);
    Some(Amendment {
        by: by?,
        parts: parts?,
        in_force,
    })
}

fn editorial(cx: &mut Cx<'_>, id: NodeId) -> Option<Editorial> {
    let mut o = cx.obj(id, &EDITORIAL)?;
    let parts = o.req(cx, "parts", parts_list);
    let reason = o.req(cx, "reason", |cx, id| {
        cx.one_of(id, EditorialReason::IDS).map(|r| Sp {
            value: EditorialReason::parse(r.value).expect("one of the ids"),
            start: r.start,
            end: r.end,
        })
    });
    let note = o.opt(cx, "note", |cx, id| cx.text(id));
    o.finish(cx);
    Some(Editorial {
        parts: parts?,
        reason: reason?,
        note,
    })
}

fn abolition(cx: &mut Cx<'_>, id: NodeId) -> Option<Abolition> {
    let mut o = cx.obj(id, &ABOLITION)?;
    let by = o.req(cx, "by", sp_string);
    let in_force = o.opt(cx, "in_force", sp_date);
    o.finish(cx);
    Some(Abolition { by: by?, in_force })
}

/// Reads the manifest.
pub fn manifest(
    cx: &mut Cx<'_>,
    root: NodeId,
    file: &Arc<crate::diag::SourceFile>,
) -> Option<Manifest> {
    let mut o = cx.obj(root, &MANIFEST)?;
    let name = o.req(cx, "name", |cx, id| cx.text(id));
    let language = o
        .opt(cx, "language", |cx, id| cx.one_of(id, &["vi", "en"]))
        .and_then(|l| Lang::parse(&l))
        .unwrap_or_default();
    let baseline = o.opt(cx, "baseline", |cx, id| cx.string(id));
    let levels = o
        .req(cx, "levels", |cx, id| Some(cx.list(id, named)))
        .unwrap_or_default();
    let fields = o
        .req(cx, "fields", |cx, id| Some(cx.list(id, named)))
        .unwrap_or_default();
    let facts = o
        .opt(cx, "facts", |cx, id| Some(cx.list(id, fact)))
        .unwrap_or_default();
    let legal = o
        .opt(cx, "legal", |cx, id| Some(cx.list(id, legal)))
        .unwrap_or_default();
    let settings = o
        .opt(cx, "settings", |cx, id| {
            let mut s = cx.obj(id, &SETTINGS)?;
            let defaults = Settings::default();
            let hourly_income = s
                .opt(cx, "hourly_income", money)
                .map(|m| m.value)
                .unwrap_or(defaults.hourly_income);
            let hourly_income_source = s.opt(cx, "hourly_income_source", |cx, id| cx.text(id));
            s.finish(cx);
            Some(Settings {
                hourly_income,
                hourly_income_source,
            })
        })
        .unwrap_or_default();
    let limits = o
        .opt(cx, "limits", |cx, id| Some(limits(cx, id)))
        .unwrap_or_default();
    let working_hours = o
        .opt(
            cx,
            "working_hours",
            crate::calendar::hours::read_manifest_hours,
        )
        .unwrap_or_default();
    let decision = o.opt(cx, "decision", crate::model::form::read);
    let deny = o
        .opt(cx, "validate", |cx, id| {
            let mut v = cx.obj(id, &VALIDATE)?;
            let deny = v
                .opt(cx, "deny", |cx, id| {
                    Some(cx.list(id, |cx, id| cx.one_of(id, DENY).map(|s| s.to_string())))
                })
                .unwrap_or_default();
            v.finish(cx);
            Some(deny)
        })
        .unwrap_or_default();
    let units = o
        .opt(cx, "units", |cx, id| Some(cx.list(id, named)))
        .unwrap_or_default();
    let process_decision = o.opt(cx, "process_decision", crate::model::form::read);
    let list_decision = o.opt(cx, "list_decision", crate::model::form::read);
    let localisation = o.opt(cx, "localisation", |cx, id| {
        let mut l = cx.obj(id, &LOCALISATION)?;
        let days = l.req(cx, "working_days_before_in_force", |cx, id| cx.count32(id));
        let source = l.req(cx, "source", |cx, id| cx.text(id));
        l.finish(cx);
        Some(crate::model::LocalisationRule {
            working_days_before_in_force: days?,
            source: source?,
        })
    });
    o.finish(cx);
    Some(Manifest {
        deny,
        localisation,
        working_hours,
        limits,
        decision,
        units,
        process_decision,
        list_decision,
        name: name.unwrap_or_default(),
        language,
        baseline,
        levels,
        fields,
        facts,
        legal,
        settings,
        file: Some(file.clone()),
    })
}

/// Reads the `limits:` section of the manifest: the defaults with its values applied.
/// A value that is not valid is reported and the default kept.
pub fn limits(cx: &mut Cx<'_>, id: NodeId) -> Limits {
    let mut out = Limits::default();
    let Some(mut o) = cx.obj(id, &LIMITS) else {
        return out;
    };
    for key in LimitKey::ALL {
        if let Some(n) = o.opt(cx, key.name(), |cx, id| limit_value(cx, id, key)) {
            out.set(key, n);
        }
    }
    o.finish(cx);
    out
}

fn limit_value(cx: &mut Cx<'_>, id: NodeId, key: LimitKey) -> Option<u64> {
    let what = if key.is_size() {
        Words("a size such as 8 MiB", "một kích thước như 8 MiB")
    } else {
        Words("a whole number", "một số nguyên")
    };
    let text = cx.scalar(id, what)?;
    match key.value(&text.value.replace('_', "")) {
        Ok(n) => Some(n),
        Err(e) => {
            let (k, default) = (key.name(), key.show(Limits::default().get(key)));
            let ceiling = key.show(key.ceiling());
            cx.error(
                "limits/value",
                cx.span(id),
                crate::diag::Tr {
                    en: format!("invalid `{k}`: {}", e.en),
                    vi: format!("`{k}` không hợp lệ: {}", e.vi),
                },
                Some(tr!(
                    "write a value from 1 to {ceiling} (the default is {default})",
                    "hãy ghi một giá trị từ 1 đến {ceiling} (mặc định là {default})"
                )),
            );
            None
        }
    }
}

fn condition(cx: &mut Cx<'_>, id: NodeId) -> Option<Cond> {
    cx.rule(id, rp::condition)
}

fn money(cx: &mut Cx<'_>, id: NodeId) -> Option<Sp<Money>> {
    // A bare number is accepted as VND: `amount: 20000`.
    cx.number_or_rule(id, "VND", rp::money)
}

/// Reads a fee amount rule. A bare number is whole units of `currency` (VND without one):
/// `amount: 20000`, or `amount: 25` with `currency: USD`.
pub fn fee_amount(cx: &mut Cx<'_>, id: NodeId, currency: Option<&str>) -> Option<Sp<FeeRule>> {
    cx.number_or_rule(id, currency.unwrap_or("VND"), rp::fee)
}

fn fee(cx: &mut Cx<'_>, id: NodeId) -> Option<FeeItem> {
    let mut o = cx.obj(id, &FEE)?;
    let fid = o.req(cx, "id", |cx, id| cx.id(id));
    let name = o.req(cx, "name", |cx, id| cx.text(id));
    let currency = o.opt(cx, "currency", |cx, id| {
        cx.one_of(id, crate::money::CURRENCIES)
    });
    let amount = o.req(cx, "amount", |cx, id| {
        fee_amount(cx, id, currency.as_ref().map(|c| c.value))
    });
    let when = o.opt(cx, "when", condition);
    let basis = o.opt(cx, "basis", |cx, id| cx.id(id));
    let note = o.opt(cx, "note", |cx, id| cx.text(id));
    o.finish(cx);
    let amount = amount?;
    // The currency is the `currency:` key's, or the one the amounts are written in.
    let written = amount.currency().map(str::to_string);
    let currency = match (currency, written) {
        (Some(c), Some(w)) if c.value != w.as_str() => {
            let k = c.value;
            cx.error(
                "rule/currency-mix",
                crate::yaml::Span {
                    start: c.start as usize,
                    end: c.end as usize,
                    line: 0,
                    col: 0,
                },
                tr!(
                    "`currency: {k}` does not match the amount, written in {w}",
                    "`currency: {k}` không khớp với mức thu, ghi bằng {w}"
                ),
                Some(tr!(
                    "keep one: the code in the amount, or `currency:`",
                    "chỉ giữ một: mã tiền trong mức thu, hoặc `currency:`"
                )),
            );
            return None;
        }
        (Some(c), _) => Some(Sp {
            value: c.value.into(),
            start: c.start,
            end: c.end,
        }),
        (None, Some(w)) => Some(Sp {
            value: w.into(),
            start: amount.start,
            end: amount.end,
        }),
        (None, None) => None,
    };
    Some(FeeItem {
        id: fid?,
        name: name?,
        amount,
        currency,
        when,
        basis,
        note,
    })
}

/// Reads a channel's `fees:`: a list, or `not stated` (`None`).
fn fees(cx: &mut Cx<'_>, id: NodeId) -> Option<Option<Vec<FeeItem>>> {
    if let Some((text, _)) = cx.doc.scalar(id)
        && !text.is_empty()
    {
        if NOT_STATED.contains(&text.trim()) {
            return Some(None);
        }
        let span = cx.span(id);
        cx.error(
            "schema/type",
            span,
            tr!(
                "expected a list of fees, `[]` (free) or `not stated`, found `{}`",
                "cần danh sách khoản phí, `[]` (không thu) hoặc `not stated` (chưa có thông tin), nhưng gặp `{}`",
                text.chars().take(40).collect::<String>()
            ),
            Some(tr!(
                "a fee amount goes under `- id: …, name: …, amount: …`",
                "mức thu ghi trong `- id: …, name: …, amount: …`"
            )),
        );
        return None;
    }
    Some(Some(cx.list(id, fee)))
}

fn channel(cx: &mut Cx<'_>, id: NodeId) -> Option<Channel> {
    let mut o = cx.obj(id, &CHANNEL)?;
    let kind = o.req(cx, "channel", |cx, id| cx.one_of(id, CHANNEL_IDS));
    let deadline = o.req(cx, "deadline", |cx, id| cx.rule(id, rp::deadline));
    // No `fees:` key says nothing about fees: unknown, like `fees: not stated`; `[]` is free.
    let fees = o.opt(cx, "fees", fees).flatten();
    let note = o.opt(cx, "note", |cx, id| cx.text(id));
    o.finish(cx);
    let kind = kind?;
    Some(Channel {
        kind: Sp {
            value: ChannelKind::parse(&kind).expect("checked word"),
            start: kind.start,
            end: kind.end,
        },
        deadline: deadline?,
        fees_stated: fees.is_some(),
        fees: fees.unwrap_or_default(),
        note,
    })
}

fn document(cx: &mut Cx<'_>, id: NodeId) -> Option<DossierDoc> {
    let mut o = cx.obj(id, &DOCUMENT)?;
    let did = o.req(cx, "id", |cx, id| cx.id(id));
    let name = o.req(cx, "name", |cx, id| cx.text(id));
    let originals = o.opt(cx, "originals", |cx, id| cx.count32(id)).unwrap_or(1);
    let copies = o.opt(cx, "copies", |cx, id| cx.count32(id)).unwrap_or(0);
    let form = o.opt(cx, "form", |cx, id| cx.string(id).map(Str::from));
    let electronic = o
        .opt(cx, "electronic", |cx, id| cx.bool(id))
        .unwrap_or(false);
    let when = o.opt(cx, "when", condition);
    let basis = o.opt(cx, "basis", |cx, id| cx.id(id));
    o.finish(cx);
    Some(DossierDoc {
        id: did?,
        name: name?,
        originals,
        copies,
        form,
        electronic,
        when,
        basis,
    })
}

fn case(cx: &mut Cx<'_>, id: NodeId) -> Option<Case> {
    let mut o = cx.obj(id, &CASE)?;
    let cid = o.req(cx, "id", |cx, id| cx.id(id));
    let name = o.req(cx, "name", |cx, id| cx.text(id));
    let when = o.opt(cx, "when", condition);
    let documents = o.req(cx, "documents", |cx, id| Some(cx.list(id, document)));
    o.finish(cx);
    Some(Case {
        id: cid?,
        name: name?,
        when,
        documents: documents.unwrap_or_default(),
    })
}

fn dossier(cx: &mut Cx<'_>, id: NodeId) -> Option<Dossier> {
    let mut o = cx.obj(id, &DOSSIER)?;
    let documents = o.opt(cx, "documents", |cx, id| Some(cx.list(id, document)));
    let cases = o.opt(cx, "cases", |cx, id| Some(cx.list(id, case)));
    o.finish(cx);
    Some(Dossier {
        documents: documents.unwrap_or_default(),
        cases: cases.unwrap_or_default(),
    })
}

fn discounts(cx: &mut Cx<'_>, id: NodeId) -> Option<Discounts> {
    let mut o = cx.obj(id, &DISCOUNTS)?;
    let written = o.opt(cx, "stacking", |cx, id| cx.one_of(id, STACKING));
    let stacking_stated = written.is_some();
    let stacking = written
        .map(|s| match *s {
            "compound" => Stacking::Compound,
            "additive" => Stacking::Additive,
            _ => Stacking::Best,
        })
        .unwrap_or_default();
    let rules = o
        .req(cx, "rules", |cx, id| {
            Some(cx.list(id, |cx, id| {
                let mut o = cx.obj(id, &DISCOUNT)?;
                let did = o.req(cx, "id", |cx, id| cx.id(id));
                let rule = o.req(cx, "rule", |cx, id| cx.rule(id, rp::discount));
                let basis = o.req(cx, "basis", |cx, id| cx.id(id));
                o.finish(cx);
                Some(DiscountRule {
                    id: did?,
                    rule: rule?,
                    basis: basis?,
                })
            }))
        })
        .unwrap_or_default();
    o.finish(cx);
    Some(Discounts {
        stacking,
        stacking_stated,
        rules,
    })
}

fn agencies(cx: &mut Cx<'_>, id: NodeId) -> Option<Agencies> {
    let mut o = cx.obj(id, &AGENCIES)?;
    let a = Agencies {
        competent: o.opt(cx, "competent", |cx, id| cx.text(id)),
        implementing: o.opt(cx, "implementing", |cx, id| cx.text(id)),
        authorised: o.opt(cx, "authorised", |cx, id| cx.text(id)),
        coordinating: o.opt(cx, "coordinating", |cx, id| cx.text(id)),
        address: o.opt(cx, "address", |cx, id| cx.text(id)),
    };
    o.finish(cx);
    Some(a)
}

fn compliance(cx: &mut Cx<'_>, id: NodeId) -> Option<Compliance> {
    let mut o = cx.obj(id, &COMPLIANCE)?;
    // `not stated`: no source gives the volume, so the annual cost is unmeasured.
    let applications_per_year = o.req(cx, "applications_per_year", |cx, id| match cx.doc.get(id) {
        crate::yaml::Node::Scalar { text, .. } if NOT_STATED.contains(&text.trim()) => Some(None),
        _ => cx.count(id).map(Some),
    });
    let times_per_year = o
        .opt(cx, "times_per_year", |cx, id| cx.count32(id))
        .unwrap_or(1);
    let minutes = o.req(cx, "minutes", |cx, id| {
        let mut m = cx.obj(id, &MINUTES)?;
        let mut get = |cx: &mut Cx<'_>, k| m.opt(cx, k, |cx, id| cx.count32(id)).unwrap_or(0);
        let v = Minutes {
            prepare: get(cx, "prepare"),
            submit: get(cx, "submit"),
            travel: get(cx, "travel"),
            wait: get(cx, "wait"),
            receive: get(cx, "receive"),
        };
        m.finish(cx);
        Some(v)
    });
    let other_costs = o
        .opt(cx, "other_costs", money)
        .map(|m| m.value)
        .unwrap_or_default();
    let typical = o
        .opt(cx, "typical", |cx, id| {
            cx.map(
                id,
                tr!(
                    "expected a mapping `fact: typical value`",
                    "cần một nhóm khóa `thông tin: giá trị điển hình`"
                ),
                Some(tr!(
                    "e.g. `typical: {{ pages: 5, copies: 1 }}`",
                    "ví dụ `typical: {{ pages: 5, copies: 1 }}`"
                )),
                |cx, v| cx.scalar(v, Words("a value", "một giá trị")),
            )
        })
        .unwrap_or_default();
    let sources = o
        .opt(cx, "sources", |cx, id| {
            let mut s = cx.obj(id, &COMPLIANCE_SOURCES)?;
            let mut get = |cx: &mut Cx<'_>, k| s.opt(cx, k, |cx, id| cx.text(id));
            let v = crate::model::ComplianceSources {
                applications_per_year: get(cx, "applications_per_year"),
                times_per_year: get(cx, "times_per_year"),
                minutes: get(cx, "minutes"),
                other_costs: get(cx, "other_costs"),
                typical: get(cx, "typical"),
            };
            s.finish(cx);
            Some(v)
        })
        .unwrap_or_default();
    o.finish(cx);
    Some(Compliance {
        applications_per_year: applications_per_year?,
        times_per_year,
        minutes: minutes?,
        other_costs,
        typical,
        sources,
    })
}

/// Reads a procedure code such as `1.004222` (a province's copy may add `.000.00.00.H35`).
fn code(cx: &mut Cx<'_>, id: NodeId) -> Option<Sp<Str>> {
    // Unquoted, other YAML tools read 1.000230 as the number 1.00023.
    cx.plain_text_warning(id);
    let s = cx.scalar(id, Words("a procedure code", "mã thủ tục"))?;
    let ok = {
        let mut parts = s.split('.');
        let a = parts.next().unwrap_or("");
        let b = parts.next().unwrap_or("");
        a.len() == 1
            && a.bytes().all(|c| c.is_ascii_digit())
            && b.len() == 6
            && b.bytes().all(|c| c.is_ascii_digit())
            && parts.all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_alphanumeric()))
    };
    if !ok {
        let v = &s.value;
        cx.error(
            "schema/code",
            cx.span(id),
            tr!(
                "`{v}` is not a procedure code",
                "`{v}` không phải mã thủ tục"
            ),
            Some(tr!(
                "a code looks like \"1.004222\" (quote it, so YAML keeps it as text)",
                "mã có dạng \"1.004222\" (đặt trong ngoặc kép để giữ nguyên)"
            )),
        );
        return None;
    }
    Some(s)
}

/// Reads a procedure file.
pub fn procedure(cx: &mut Cx<'_>, root: NodeId) -> Option<Procedure> {
    let mut o = cx.obj(root, &PROCEDURE)?;
    let code = o.req(cx, "code", code);
    let mut name_span = None;
    let name = o.req(cx, "name", |cx, id| {
        name_span = Some(cx.span(id));
        let t = cx.text(id)?;
        if t.en.is_none() {
            cx.warn(
                "schema/missing-english",
                cx.span(id),
                tr!(
                    "the procedure's name has no English translation",
                    "tên thủ tục chưa có bản tiếng Anh"
                ),
                Some(tr!(
                    "write `name: {{ vi: …, en: … }}`",
                    "viết `name: {{ vi: …, en: … }}`"
                )),
            );
        }
        Some(t)
    });
    let field = o.req(cx, "field", |cx, id| cx.id(id));
    let levels = o.req(cx, "levels", |cx, id| Some(cx.list(id, |cx, id| cx.id(id))));
    let published_by = o.opt(cx, "published_by", sp_string);
    let legacy = published_by.is_none();
    let mut decision_span = None;
    let decision = o.opt(cx, "decision", |cx, id| {
        decision_span = Some(cx.span(id));
        sp_string(cx, id)
    });
    let published_by = match (published_by, decision, decision_span) {
        (Some(p), Some(_), Some(span)) => {
            cx.error(
                "schema/duplicate-key",
                span,
                tr!(
                    "`decision:` and `published_by:` both name the publishing act",
                    "`decision:` và `published_by:` cùng nêu văn bản công bố"
                ),
                Some(tr!("keep `published_by:` only", "chỉ giữ `published_by:`")),
            );
            Some(p)
        }
        (p, d, _) => p.or(d),
    };
    let published_by_legacy = legacy && published_by.is_some();
    let amended = o
        .opt(cx, "amended", |cx, id| Some(cx.list(id, amendment)))
        .unwrap_or_default();
    let editorial = o
        .opt(cx, "editorial", |cx, id| Some(cx.list(id, editorial)))
        .unwrap_or_default();
    let abolished = o.opt(cx, "abolished", abolition);
    let kind = o.opt(cx, "kind", |cx, id| cx.text(id));
    let subjects = o.opt(cx, "subjects", |cx, id| cx.text(id));
    let mut agencies_span = None;
    let agencies = o
        .opt(cx, "agencies", |cx, id| {
            agencies_span = Some(cx.span(id));
            agencies(cx, id)
        })
        .unwrap_or_default();
    if agencies.implementing.is_none()
        && agencies.competent.is_none()
        && let Some(span) = agencies_span.or(name_span)
    {
        // Metrics group procedures by agency and the decision names who handles each one:
        // without an agency the procedure would be counted under an empty name.
        cx.warn(
            "catalogue/no-agency",
            span,
            tr!(
                "no agency handles this procedure: neither the implementing nor the competent agency is named",
                "thủ tục chưa ghi cơ quan thực hiện hay cơ quan có thẩm quyền"
            ),
            Some(tr!(
                "take the agency from the national database record: `agencies: {{ implementing: {{ vi: …, en: … }} }}`",
                "lấy tên cơ quan từ bản ghi trên Cơ sở dữ liệu quốc gia: `agencies: {{ implementing: {{ vi: …, en: … }} }}`"
            )),
        );
    }
    let legal_basis = o
        .opt(cx, "legal_basis", |cx, id| {
            Some(cx.list(id, |cx, id| cx.id(id)))
        })
        .unwrap_or_default();
    let facts = o
        .opt(cx, "facts", |cx, id| Some(cx.list(id, fact)))
        .unwrap_or_default();
    let channels = o.req(cx, "channels", |cx, id| Some(cx.list(id, channel)));
    let cutoff = o.opt(cx, "cutoff", |cx, id| cx.time(id));
    let working_hours = o.opt(
        cx,
        "working_hours",
        crate::calendar::hours::read_procedure_hours,
    );
    let steps = o
        .opt(cx, "steps", |cx, id| {
            Some(cx.list(id, |cx, id| cx.text(id)))
        })
        .unwrap_or_default();
    let dossier = o.opt(cx, "dossier", dossier).unwrap_or_default();
    let discounts = o.opt(cx, "discounts", discounts).unwrap_or_default();
    let form_fields = o
        .opt(cx, "form_fields", |cx, id| {
            Some(cx.list(id, |cx, id| {
                let mut o = cx.obj(id, &FORM_FIELD)?;
                let fid = o.req(cx, "id", |cx, id| cx.id(id));
                let label = o.req(cx, "label", |cx, id| cx.text(id));
                let reusable = o.opt(cx, "reusable", |cx, id| cx.id(id)).map(|s| s.value);
                o.finish(cx);
                Some(FormField {
                    id: fid?,
                    label: label?,
                    reusable,
                })
            }))
        })
        .unwrap_or_default();
    let requirements = o
        .opt(cx, "requirements", |cx, id| {
            Some(cx.list(id, |cx, id| {
                let mut o = cx.obj(id, &REQUIREMENT)?;
                let text = o.req(cx, "text", |cx, id| cx.text(id));
                let when = o.opt(cx, "when", condition);
                let basis = o.opt(cx, "basis", |cx, id| cx.id(id));
                o.finish(cx);
                Some(Requirement {
                    text: text?,
                    when,
                    basis,
                })
            }))
        })
        .unwrap_or_default();
    let result = o.opt(cx, "result", |cx, id| cx.text(id));
    let review = o
        .opt(cx, "review", |cx, id| Some(cx.list(id, review_item)))
        .unwrap_or_default();
    let compliance = o.opt(cx, "compliance", compliance);
    let process = o.opt(cx, "process", crate::model::process::read);
    let delivery = o
        .opt(cx, "delivery", crate::model::process::read_delivery)
        .unwrap_or_default();
    o.finish(cx);
    Some(Procedure {
        process,
        delivery,
        file: cx.file.clone(),
        code: code?,
        name: name?,
        field: field?,
        levels: levels?,
        published_by,
        published_by_legacy,
        amended,
        editorial,
        abolished,
        kind,
        subjects,
        agencies,
        legal_basis,
        facts,
        channels: channels?,
        cutoff,
        working_hours,
        steps,
        dossier,
        discounts,
        form_fields,
        requirements,
        result,
        review,
        compliance,
    })
}

/// Reads one `review:` item; each is a warning (`import/needs-review`) until an officer has
/// confirmed the value against the source and removed the item.
fn review_item(cx: &mut Cx<'_>, id: NodeId) -> Option<ReviewItem> {
    let mut o = cx.obj(id, &REVIEW)?;
    let what = o.req(cx, "what", |cx, id| cx.text(id));
    let source = o.req(cx, "source", |cx, id| {
        let span = cx.span(id);
        cx.string(id).map(|value| Sp {
            value: Str::from(value),
            start: span.start as u32,
            end: span.end as u32,
        })
    });
    let written = o.opt(cx, "written", |cx, id| cx.text(id));
    let why = o.opt(cx, "why", |cx, id| cx.text(id));
    let span = o.span();
    o.finish(cx);
    let (what, source) = (what?, source?);
    let head = crate::vietnamese::squash(&source.value);
    let head = if head.chars().count() > 60 {
        format!("{}…", head.chars().take(60).collect::<String>())
    } else {
        head
    };
    cx.warn(
        "import/needs-review",
        span,
        crate::diag::Tr {
            en: format!(
                "needs review: {} — the import could not prove it from the source, which reads `{head}`",
                what.en.as_deref().unwrap_or(&what.vi)
            ),
            vi: format!(
                "cần rà soát: {} — khi nhập chưa chứng minh được từ bản ghi nguồn, nguyên văn: `{head}`",
                what.vi
            ),
        },
        Some(tr!(
            "compare with the source, correct the value if needed, then remove this item from `review:`",
            "đối chiếu với nguyên văn, sửa giá trị nếu cần, rồi xóa mục này khỏi `review:`"
        )),
    );
    Some(ReviewItem {
        what,
        source,
        written,
        why,
    })
}

/// Every shape, for the JSON Schema.
pub fn all_shapes() -> [&'static Shape; 2] {
    [&PROCEDURE, &TEXT]
}
