//! The `decision:` section of a manifest or an overlay: what a decision needs beyond the procedures, to be a document in the form of Decree
//! 30/2020/NĐ-CP (Phụ lục I: thể thức văn bản hành chính): the issuing body, the number's
//! symbol, the place, the issuing authority, the legal grounds, who proposed it, who
//! implements it, the signer's title and the recipients. It is read from the `decision:`
//! section of the manifest (the national catalogue's decision) or of a province overlay
//! (the province's decision); a piece that is missing renders as a blank to fill by hand
//! and is reported as a warning at the section's line.

use crate::shape::Str;
use crate::shape::{Cx, Kind, Shape, opt};
use crate::shape::{Sp, Text};
use crate::yaml::NodeId;

/// The `decision:` section of a manifest or an overlay.
pub static FORM: Shape = Shape {
    name: "DecisionForm",
    doc: "what the published decision says besides the procedures",
    vi: "các thành phần thể thức của quyết định công bố",
    fields: &[
        opt(
            "parent",
            Kind::Text,
            "the issuing body's superior body, above its name (may be absent)",
        ),
        opt(
            "issuer",
            Kind::Text,
            "the issuing body (tên cơ quan ban hành), e.g. Ủy ban nhân dân thành phố Đà Nẵng",
        ),
        opt(
            "symbol",
            Kind::Str,
            "the symbol after the number (ký hiệu), e.g. QĐ-UBND",
        ),
        opt(
            "place",
            Kind::Text,
            "the place name before the date (địa danh), e.g. Đà Nẵng",
        ),
        opt(
            "authority",
            Kind::Text,
            "the issuing authority line, e.g. Chủ tịch Ủy ban nhân dân thành phố Đà Nẵng",
        ),
        opt(
            "grounds",
            Kind::List(&Kind::Text),
            "legal grounds, each written after `Căn cứ`",
        ),
        opt(
            "national_decisions",
            Kind::List(&Kind::Text),
            "the ministries' decisions that published the national procedures (after `Căn cứ`)",
        ),
        opt(
            "proposer",
            Kind::Text,
            "who proposed the decision (after `Theo đề nghị của`), with the submission",
        ),
        opt(
            "implementers",
            Kind::Text,
            "who implements the decision (Article 3)",
        ),
        opt(
            "replaces",
            Kind::Text,
            "what the decision replaces or repeals (Article 2)",
        ),
        opt(
            "assignments",
            Kind::List(&Kind::Text),
            "tasks the decision gives, after the date it takes effect (Article 2): who configures the electronic process on the one-stop system, who updates the portal",
        ),
        opt(
            "signer_title",
            Kind::Text,
            "the signer's title, e.g. Chủ tịch or `KT. Chủ tịch / Phó Chủ tịch`",
        ),
        opt(
            "signer",
            Kind::Str,
            "the signer's name (`--signer` overrides)",
        ),
        opt(
            "recipients",
            Kind::List(&Kind::Text),
            "recipients (Nơi nhận)",
        ),
        opt(
            "levels",
            Kind::List(&Kind::Id),
            "the levels whose procedures the decision publishes (a province: the levels it implements)",
        ),
    ],
};

/// The `decision:` section, as read.
#[derive(Debug, Clone, Default)]
pub struct Form {
    /// Where the section starts (for warnings).
    pub at: (u32, u32),
    /// Superior body.
    pub parent: Option<Text>,
    /// Issuing body.
    pub issuer: Option<Text>,
    /// Symbol after the number.
    pub symbol: Option<String>,
    /// Place name.
    pub place: Option<Text>,
    /// Issuing authority.
    pub authority: Option<Text>,
    /// Legal grounds.
    pub grounds: Vec<Text>,
    /// The national decisions localised.
    pub national_decisions: Vec<Text>,
    /// Proposer.
    pub proposer: Option<Text>,
    /// Who implements it.
    pub implementers: Option<Text>,
    /// What it replaces.
    pub replaces: Option<Text>,
    /// Tasks it gives (Article 2).
    pub assignments: Vec<Text>,
    /// Signer's title.
    pub signer_title: Option<Text>,
    /// Signer's name.
    pub signer: Option<String>,
    /// Recipients.
    pub recipients: Vec<Text>,
    /// Levels in scope.
    pub levels: Option<Vec<Sp<Str>>>,
}

/// Reads a `decision:` section.
pub fn read(cx: &mut Cx<'_>, id: NodeId) -> Option<Form> {
    let span = cx.span(id);
    let mut o = cx.obj(id, &FORM)?;
    let texts = |cx: &mut Cx<'_>, id| Some(cx.list(id, |cx, id| cx.text(id)));
    let f = Form {
        at: (span.start as u32, span.end as u32),
        parent: o.opt(cx, "parent", |cx, id| cx.text(id)),
        issuer: o.opt(cx, "issuer", |cx, id| cx.text(id)),
        symbol: o.opt(cx, "symbol", |cx, id| cx.string(id)),
        place: o.opt(cx, "place", |cx, id| cx.text(id)),
        authority: o.opt(cx, "authority", |cx, id| cx.text(id)),
        grounds: o.opt(cx, "grounds", texts).unwrap_or_default(),
        national_decisions: o.opt(cx, "national_decisions", texts).unwrap_or_default(),
        proposer: o.opt(cx, "proposer", |cx, id| cx.text(id)),
        implementers: o.opt(cx, "implementers", |cx, id| cx.text(id)),
        replaces: o.opt(cx, "replaces", |cx, id| cx.text(id)),
        assignments: o.opt(cx, "assignments", texts).unwrap_or_default(),
        signer_title: o.opt(cx, "signer_title", |cx, id| cx.text(id)),
        signer: o.opt(cx, "signer", |cx, id| cx.string(id)),
        recipients: o.opt(cx, "recipients", texts).unwrap_or_default(),
        levels: o.opt(cx, "levels", |cx, id| Some(cx.list(id, |cx, id| cx.id(id)))),
    };
    o.finish(cx);
    Some(f)
}
