//! Province overlays (`provinces/<id>.yaml`): a province's localised copy of national
//! procedures — its code suffix, agencies and receiving addresses, shortened deadlines, and
//! fees and discounts set by its People's Council resolutions.

use crate::diag::{Diagnostic, SourceFile, Tr, Words, suggest};
use crate::model::*;
use crate::rules::ast::Targets;
use crate::rules::{Deadline, Discount, parse as rp};
use crate::shape::Str;
use crate::shape::{Cx, Kind, Shape, opt, req};
use crate::tr;
use crate::yaml::{Node, NodeId};
use std::sync::Arc;

const CHANNELS: &[&str] = &["direct", "postal", "online_full", "online_partial"];

static RESOLUTION: Shape = Shape {
    name: "Resolution",
    doc: "a People's Council resolution",
    vi: "nghị quyết của Hội đồng nhân dân",
    fields: &[
        req("id", Kind::Id, "id rules refer to"),
        req("number", Kind::Str, "official number, e.g. 12/2024/NQ-HĐND"),
        req("title", Kind::Text, "title"),
        req("issued", Kind::Date, "date of issue"),
        opt("effective", Kind::Date, "date it takes effect"),
    ],
};

static FEE: Shape = Shape {
    name: "ProvinceFee",
    doc: "a fee set by the province",
    vi: "mức thu do tỉnh quy định",
    fields: &[
        req("channel", Kind::OneOf(CHANNELS), "channel"),
        req("id", Kind::Id, "fee item id of the national procedure"),
        opt(
            "amount",
            Kind::Rule("fee"),
            "the province's amount, in any form of a fee rule (flat, per unit, tiered, capped, a percentage…); or `set:`",
        ),
        opt(
            "set",
            Kind::Map(&Kind::Str),
            "parts of the national rule the province changes, by the names diff uses: `per_copies.cap: 150,000 VND`, `tiers[2].price: 1,500 VND`, `tiers[1].to: 3`, `rate: 0.4%`, `floor`, `terms[2]`, `then.…`/`else.…`",
        ),
        opt(
            "basis",
            Kind::Id,
            "resolution id; left out only with `amount: not stated` (the resolution that sets it was not read)",
        ),
    ],
};

static DISCOUNT: Shape = Shape {
    name: "ProvinceDiscount",
    doc: "a discount set by the province",
    vi: "mức giảm do tỉnh quy định",
    fields: &[
        req("id", Kind::Id, "stable id"),
        req(
            "rule",
            Kind::Rule("discount"),
            "e.g. 50% off all when online until 2026-12-31",
        ),
        req("basis", Kind::Id, "resolution id"),
    ],
};

static PROCEDURE: Shape = Shape {
    name: "ProvinceProcedure",
    doc: "a localised procedure",
    vi: "thủ tục được địa phương hóa",
    fields: &[
        req("code", Kind::Code, "national procedure code"),
        opt("agency", Kind::Text, "the province's implementing agency"),
        opt("address", Kind::Text, "where dossiers are received"),
        opt(
            "deadlines",
            Kind::Str,
            "shortened deadline per channel: `direct: 5 working days`",
        ),
        opt(
            "fees",
            Kind::List(&Kind::Obj(&FEE)),
            "fees set by the province",
        ),
        opt(
            "discounts",
            Kind::List(&Kind::Obj(&DISCOUNT)),
            "discounts set by the province",
        ),
        opt(
            "process",
            Kind::Obj(&crate::model::process::PROCESS),
            "the province's internal process (its units, its times), replacing the national one",
        ),
        opt(
            "delivery",
            Kind::Obj(&crate::model::process::DELIVERY),
            "how the province delivers it besides its channels (postal, regardless of boundary, internal)",
        ),
    ],
};

static FIELD: Shape = Shape {
    name: "ProvinceField",
    doc: "rules for a whole field",
    vi: "quy định cho cả lĩnh vực",
    fields: &[
        req("field", Kind::Id, "field id"),
        req(
            "discounts",
            Kind::List(&Kind::Obj(&DISCOUNT)),
            "discounts for every procedure of the field",
        ),
    ],
};

/// The shape of a province file.
pub static PROVINCE: Shape = Shape {
    name: "Province",
    doc: "a province overlay",
    vi: "tệp địa phương hóa của tỉnh",
    fields: &[
        req("id", Kind::Id, "province id (the file name)"),
        req("name", Kind::Text, "the province's name"),
        opt(
            "code_suffix",
            Kind::Str,
            "appended to national codes, e.g. 000.00.00.H47 (the province's official agency code; without it the national codes stay as they are)",
        ),
        opt("portal", Kind::Str, "the province's public service portal"),
        opt("agency", Kind::Text, "default receiving agency"),
        opt("address", Kind::Text, "default receiving address"),
        req(
            "resolutions",
            Kind::List(&Kind::Obj(&RESOLUTION)),
            "People's Council resolutions",
        ),
        opt(
            "procedures",
            Kind::List(&Kind::Obj(&PROCEDURE)),
            "localised procedures",
        ),
        opt(
            "fields",
            Kind::List(&Kind::Obj(&FIELD)),
            "rules for whole fields",
        ),
        opt(
            "decision",
            Kind::Obj(&crate::model::form::FORM),
            "what the province's published decision says besides the procedures",
        ),
        opt(
            "units",
            Kind::List(&Kind::Obj(&UNIT)),
            "the units and posts that do the steps of the province's internal processes",
        ),
        opt(
            "process_decision",
            Kind::Obj(&crate::model::form::FORM),
            "the province's decision approving internal processes, where it differs from `decision:`",
        ),
        opt(
            "list_decision",
            Kind::Obj(&crate::model::form::FORM),
            "the province's delivery list decisions, where they differ from `decision:`",
        ),
    ],
};

static UNIT: Shape = Shape {
    name: "Unit",
    doc: "a unit or post that does steps of a process",
    vi: "đơn vị, người thực hiện các bước của quy trình",
    fields: &[
        req("id", Kind::Id, "the id steps refer to"),
        req(
            "name",
            Kind::Text,
            "its name as the decision writes it, e.g. Công chức Tư pháp - Hộ tịch",
        ),
    ],
};

/// A People's Council resolution.
#[derive(Debug, Clone)]
pub struct Resolution {
    /// Id.
    pub id: Sp<Str>,
    /// Number.
    pub number: String,
    /// Title.
    pub title: Text,
    /// Issued.
    pub issued: jiff::civil::Date,
    /// Effective.
    pub effective: Option<jiff::civil::Date>,
}

/// A fee the province sets.
#[derive(Debug, Clone)]
pub struct FeeOverride {
    /// Channel.
    pub channel: Sp<ChannelKind>,
    /// Fee id.
    pub id: Sp<Str>,
    /// The province's amount rule, replacing the national one whole; `None` when the
    /// overlay sets parts of it instead.
    pub amount: Option<Sp<crate::rules::FeeRule>>,
    /// Parts of the national rule the province sets (`per_copies.cap` → `150,000 VND`), as
    /// written; checked against the national rule by [`check`].
    pub parts: Vec<(Sp<Str>, Sp<Str>)>,
    /// Resolution id; `None` only with `amount: not stated` (checked by [`check`]).
    pub basis: Option<Sp<Str>>,
}

/// A province discount.
#[derive(Debug, Clone)]
pub struct ProvinceDiscount {
    /// Id.
    pub id: Sp<Str>,
    /// Rule.
    pub rule: Sp<Discount>,
    /// Resolution id.
    pub basis: Sp<Str>,
}

/// A localised procedure.
#[derive(Debug, Clone)]
pub struct Localised {
    /// National code.
    pub code: Sp<Str>,
    /// Agency.
    pub agency: Option<Text>,
    /// Address.
    pub address: Option<Text>,
    /// Shortened deadlines.
    pub deadlines: Vec<(Sp<ChannelKind>, Sp<Deadline>)>,
    /// Fees.
    pub fees: Vec<FeeOverride>,
    /// Discounts.
    pub discounts: Vec<ProvinceDiscount>,
    /// The province's internal process.
    pub process: Option<crate::model::process::Process>,
    /// How the province delivers it besides its channels.
    pub delivery: Option<crate::model::process::Delivery>,
}

/// A province overlay.
#[derive(Debug, Clone)]
pub struct Province {
    /// The file.
    pub file: Arc<SourceFile>,
    /// Id.
    pub id: Sp<Str>,
    /// Name.
    pub name: Text,
    /// Suffix appended to national codes; `None` when the overlay does not give the
    /// province's official agency code (the codes then stay national, never a made-up one).
    pub code_suffix: Option<String>,
    /// Portal address.
    pub portal: Option<String>,
    /// Default agency.
    pub agency: Option<Text>,
    /// Default address.
    pub address: Option<Text>,
    /// Resolutions.
    pub resolutions: Vec<Resolution>,
    /// Localised procedures.
    pub procedures: Vec<Localised>,
    /// Field-wide discounts.
    pub fields: Vec<(Sp<Str>, Vec<ProvinceDiscount>)>,
    /// What the province's decision says besides the procedures (`decision:`).
    pub decision: Option<crate::model::form::Form>,
    /// The units and posts of its processes.
    pub units: Vec<Named>,
    /// Its decision approving processes, where it differs from `decision:`.
    pub process_decision: Option<crate::model::form::Form>,
    /// Its delivery list decisions, where they differ from `decision:`.
    pub list_decision: Option<crate::model::form::Form>,
}

fn discount(cx: &mut Cx<'_>, id: NodeId) -> Option<ProvinceDiscount> {
    let mut o = cx.obj(id, &DISCOUNT)?;
    let did = o.req(cx, "id", |cx, id| cx.id(id));
    let rule = o.req(cx, "rule", |cx, id| cx.rule(id, rp::discount));
    let basis = o.req(cx, "basis", |cx, id| cx.id(id));
    o.finish(cx);
    Some(ProvinceDiscount {
        id: did?,
        rule: rule?,
        basis: basis?,
    })
}

fn channel(cx: &mut Cx<'_>, id: NodeId) -> Option<Sp<ChannelKind>> {
    let c = cx.one_of(id, CHANNELS)?;
    Some(Sp {
        value: ChannelKind::parse(&c).expect("checked"),
        start: c.start,
        end: c.end,
    })
}

fn localised(cx: &mut Cx<'_>, id: NodeId) -> Option<Localised> {
    let mut o = cx.obj(id, &PROCEDURE)?;
    let code = o.req(cx, "code", |cx, id| {
        cx.scalar(id, Words("a procedure code", "mã thủ tục"))
    });
    let agency = o.opt(cx, "agency", |cx, id| cx.text(id));
    let address = o.opt(cx, "address", |cx, id| cx.text(id));
    let deadlines = o
        .opt(cx, "deadlines", |cx, id| {
            let doc = cx.doc;
            let Node::Map(entries) = doc.get(id) else {
                cx.error(
                    "schema/type",
                    cx.span(id),
                    tr!(
                        "write deadlines as `channel: period`",
                        "viết thời hạn dạng `cách thức: thời hạn`"
                    ),
                    None,
                );
                return None;
            };
            let mut v = Vec::new();
            for (k, val) in entries {
                let Some(kind) = ChannelKind::parse(&k.text) else {
                    let key = &k.text;
                    cx.error(
                        "schema/value",
                        k.span,
                        tr!(
                            "`{key}` is not a channel",
                            "`{key}` không phải cách thức thực hiện"
                        ),
                        Some(suggest(key, CHANNELS)),
                    );
                    continue;
                };
                if let Some(d) = cx.rule(*val, rp::deadline) {
                    v.push((
                        Sp {
                            value: kind,
                            start: k.span.start as u32,
                            end: k.span.end as u32,
                        },
                        d,
                    ));
                }
            }
            Some(v)
        })
        .unwrap_or_default();
    let fees = o
        .opt(cx, "fees", |cx, id| {
            Some(cx.list(id, |cx, id| {
                let mut f = cx.obj(id, &FEE)?;
                let ch = f.req(cx, "channel", channel);
                let fid = f.req(cx, "id", |cx, id| cx.id(id));
                let amount = f.opt(cx, "amount", |cx, id| {
                    cx.number_or_rule(id, "VND", crate::rules::parse::fee)
                });
                let parts = f.opt(cx, "set", fee_parts);
                let basis = f.opt(cx, "basis", |cx, id| cx.id(id));
                f.finish(cx);
                let fid = fid?;
                if amount.is_some() == parts.is_some() {
                    let v = fid.as_str();
                    cx.error(
                        "province/fee-amount",
                        cx.span(id),
                        tr!(
                            "the fee `{v}` needs either `amount:` (the whole amount) or `set:` (some parts of the national rule), not both or neither",
                            "khoản phí `{v}` cần `amount:` (toàn bộ mức thu) hoặc `set:` (một số thành phần của mức thu quốc gia), không được có cả hai hoặc thiếu cả hai"
                        ),
                        Some(tr!(
                            "e.g. `set: {{ per_copies.cap: 150,000 VND }}`",
                            "ví dụ `set: {{ per_copies.cap: 150,000 VND }}`"
                        )),
                    );
                    return None;
                }
                Some(FeeOverride {
                    channel: ch?,
                    id: fid,
                    amount,
                    parts: parts.unwrap_or_default(),
                    basis,
                })
            }))
        })
        .unwrap_or_default();
    let discounts = o
        .opt(cx, "discounts", |cx, id| Some(cx.list(id, discount)))
        .unwrap_or_default();
    let process = o.opt(cx, "process", crate::model::process::read);
    let delivery = o.opt(cx, "delivery", crate::model::process::read_delivery);
    o.finish(cx);
    Some(Localised {
        process,
        delivery,
        code: code?,
        agency,
        address,
        deadlines,
        fees,
        discounts,
    })
}

/// Reads `set:`: part name → value, both with their places.
fn fee_parts(cx: &mut Cx<'_>, id: NodeId) -> Option<Vec<(Sp<Str>, Sp<Str>)>> {
    let doc = cx.doc;
    let Node::Map(entries) = doc.get(id) else {
        cx.error(
            "schema/type",
            cx.span(id),
            tr!(
                "expected a mapping `part: value`",
                "cần một nhóm khóa `thành phần: giá trị`"
            ),
            Some(tr!(
                "e.g. `set: {{ per_copies.cap: 150,000 VND }}`",
                "ví dụ `set: {{ per_copies.cap: 150,000 VND }}`"
            )),
        );
        return None;
    };
    Some(
        entries
            .iter()
            .filter_map(|(k, v)| {
                let value = cx.scalar(*v, Words("a value", "một giá trị"))?;
                Some((
                    Sp {
                        value: k.text.as_str().into(),
                        start: k.span.start as u32,
                        end: k.span.end as u32,
                    },
                    value,
                ))
            })
            .collect(),
    )
}

/// The national fee item an override refers to.
fn national_fee<'a>(n: &'a Procedure, fee: &FeeOverride) -> Option<&'a FeeItem> {
    n.channel(*fee.channel)?
        .fees
        .iter()
        .find(|x| x.id.as_str() == fee.id.as_str())
}

/// The province's amount of a fee: its own rule, or the national one with its parts set.
pub fn override_amount(
    n: &Procedure,
    fee: &FeeOverride,
) -> Option<Result<Sp<crate::rules::FeeRule>, crate::rules::fee::PartFault>> {
    if let Some(a) = &fee.amount {
        return Some(Ok(a.clone()));
    }
    let national = national_fee(n, fee)?;
    let parts = fee.parts.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    Some(
        crate::rules::fee::with_parts(&national.amount.value, parts).map(|r| Sp {
            value: r,
            start: national.amount.start,
            end: national.amount.end,
        }),
    )
}

/// Checks the parts an overlay sets against the national rule, each at its place.
fn check_parts(f: &Arc<SourceFile>, n: &Procedure, fee: &FeeOverride, out: &mut Vec<Diagnostic>) {
    use crate::rules::fee::PartError;
    if fee.parts.is_empty() {
        return;
    }
    let Some(Err((at, e))) = override_amount(n, fee) else {
        return;
    };
    let (key, value) = &fee.parts[at.unwrap_or(0)];
    let name = key.as_str();
    out.push(match e {
        PartError::NoSuchPart(names) if names.is_empty() => err(
            f,
            key,
            "province/fee-part",
            tr!(
                "the national amount of `{}` has no parts to set",
                "mức thu quốc gia của `{}` không có thành phần để thay",
                fee.id.as_str()
            ),
            Some(tr!(
                "give the province's whole amount with `amount:`",
                "ghi toàn bộ mức thu của tỉnh bằng `amount:`"
            )),
        ),
        PartError::NoSuchPart(names) => {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let list = names.join(", ");
            err(
                f,
                key,
                "province/fee-part",
                tr!(
                    "the national amount of `{}` has no part `{name}` (its parts: {list})",
                    "mức thu quốc gia của `{}` không có thành phần `{name}` (các thành phần: {list})",
                    fee.id.as_str()
                ),
                Some(suggest(name, &names)),
            )
        }
        PartError::BadValue(m) => err(f, value, "province/fee-part", m, None),
        PartError::Invalid(e) => {
            let e = *e;
            let (en, vi) = (e.message.en, e.message.vi);
            err(
                f,
                key,
                "province/fee-part",
                tr!(
                    "with the parts set, the amount is not a valid fee rule: {en}",
                    "khi thay các thành phần, mức thu không còn hợp lệ: {vi}"
                ),
                e.help,
            )
        }
    });
}

/// Reads a province file.
pub fn read(cx: &mut Cx<'_>, root: NodeId) -> Option<Province> {
    let mut o = cx.obj(root, &PROVINCE)?;
    let pid = o.req(cx, "id", |cx, id| cx.id(id));
    let name = o.req(cx, "name", |cx, id| cx.text(id));
    let code_suffix = o.opt(cx, "code_suffix", |cx, id| cx.string(id));
    let portal = o.opt(cx, "portal", |cx, id| cx.string(id));
    let agency = o.opt(cx, "agency", |cx, id| cx.text(id));
    let address = o.opt(cx, "address", |cx, id| cx.text(id));
    let resolutions = o
        .req(cx, "resolutions", |cx, id| {
            Some(cx.list(id, |cx, id| {
                let mut r = cx.obj(id, &RESOLUTION)?;
                let rid = r.req(cx, "id", |cx, id| cx.id(id));
                let number = r.req(cx, "number", |cx, id| cx.string(id));
                let title = r.req(cx, "title", |cx, id| cx.text(id));
                let issued = r.req(cx, "issued", |cx, id| cx.date(id));
                let effective = r.opt(cx, "effective", |cx, id| cx.date(id));
                r.finish(cx);
                Some(Resolution {
                    id: rid?,
                    number: number?,
                    title: title?,
                    issued: issued?,
                    effective,
                })
            }))
        })
        .unwrap_or_default();
    let procedures = o
        .opt(cx, "procedures", |cx, id| Some(cx.list(id, localised)))
        .unwrap_or_default();
    let fields = o
        .opt(cx, "fields", |cx, id| {
            Some(cx.list(id, |cx, id| {
                let mut f = cx.obj(id, &FIELD)?;
                let field = f.req(cx, "field", |cx, id| cx.id(id));
                let discounts = f.req(cx, "discounts", |cx, id| Some(cx.list(id, discount)));
                f.finish(cx);
                Some((field?, discounts.unwrap_or_default()))
            }))
        })
        .unwrap_or_default();
    let decision = o.opt(cx, "decision", crate::model::form::read);
    let units = o
        .opt(cx, "units", |cx, id| {
            Some(cx.list(id, |cx, id| {
                let mut u = cx.obj(id, &UNIT)?;
                let uid = u.req(cx, "id", |cx, id| cx.id(id));
                let name = u.req(cx, "name", |cx, id| cx.text(id));
                u.finish(cx);
                Some(Named {
                    id: uid?,
                    name: name?,
                })
            }))
        })
        .unwrap_or_default();
    let process_decision = o.opt(cx, "process_decision", crate::model::form::read);
    let list_decision = o.opt(cx, "list_decision", crate::model::form::read);
    o.finish(cx);
    Some(Province {
        decision,
        units,
        process_decision,
        list_decision,
        file: cx.file.clone(),
        id: pid?,
        name: name?,
        code_suffix,
        portal,
        agency,
        address,
        resolutions,
        procedures,
        fields,
    })
}

fn err<T>(
    file: &Arc<SourceFile>,
    at: &Sp<T>,
    code: &'static str,
    message: Tr,
    help: Option<Tr>,
) -> Diagnostic {
    placed(Diagnostic::error(code, message), file, at, help)
}

/// A finding at a place of the overlay, with its hint.
fn placed<T>(d: Diagnostic, file: &Arc<SourceFile>, at: &Sp<T>, help: Option<Tr>) -> Diagnostic {
    let mut d = d.at(file, at.start as usize, at.end as usize, None);
    d.help = help;
    d
}

/// Type-checks the overlay's fee amounts against the facts of the procedure they localise
/// (with the catalogue's shared facts), as the national rules are.
pub fn check_fee_types(
    p: &Province,
    national: &National<'_>,
    shared: &[crate::model::FactDecl],
    out: &mut Vec<Diagnostic>,
) {
    let channels: Vec<&str> = ChannelKind::ALL.iter().map(|c| c.id()).collect();
    for l in &p.procedures {
        let Some(n) = national
            .procedures
            .iter()
            .find(|n| n.code.as_str() == l.code.as_str())
        else {
            continue;
        };
        // A fact the broken file no longer declares is that file's error, told there.
        if national.is_broken(l.code.as_str()) {
            continue;
        }
        let mut env = crate::rules::Env::with_builtins(&channels);
        for f in shared.iter().chain(&n.facts) {
            env.insert(&f.id, f.ty.clone());
        }
        let mut errors = Vec::new();
        // Parts keep the national rule's facts, which the national check already covers.
        for amount in l.fees.iter().filter_map(|f| f.amount.as_ref()) {
            crate::rules::fee::check_fee(amount, &env, &mut errors);
        }
        for e in errors {
            let mut d = Diagnostic::error(e.code, e.message).at(
                &p.file,
                e.pos.start as usize,
                e.pos.end as usize,
                None,
            );
            d.help = e.help;
            out.push(d);
        }
    }
}

/// Checks the overlay's internal processes against the localised procedures they are for:
/// units declared in the overlay, the approving act in the registry (the manifest's `legal:`
/// or the overlay's resolutions), and steps that add up to no more than the province's
/// (possibly shortened) deadline.
pub fn check_processes(
    p: &Province,
    national: &National<'_>,
    manifest: &crate::model::Manifest,
    out: &mut Vec<Diagnostic>,
) {
    let units: Vec<&str> = p.units.iter().map(|u| u.id.as_str()).collect();
    let acts: Vec<&str> = manifest
        .legal
        .iter()
        .map(|l| l.id.as_str())
        .chain(p.resolutions.iter().map(|r| r.id.as_str()))
        .collect();
    let mut seen: std::collections::HashMap<&str, &Sp<Str>> = std::collections::HashMap::new();
    for u in &p.units {
        if let Some(first) = seen.get(u.id.as_str()) {
            let v = u.id.as_str();
            out.push(
                err(
                    &p.file,
                    &u.id,
                    "catalogue/duplicate-id",
                    tr!(
                        "the unit id `{v}` is used twice",
                        "mã đơn vị thực hiện `{v}` bị dùng hai lần"
                    ),
                    Some(tr!("give each one its own id", "đặt mã riêng cho từng mục")),
                )
                .also(
                    first.start as usize,
                    first.end as usize,
                    tr!("first used here", "dùng lần đầu ở đây"),
                ),
            );
        } else {
            seen.insert(u.id.as_str(), &u.id);
        }
    }
    for l in &p.procedures {
        let Some(process) = &l.process else { continue };
        let Some(n) = national
            .procedures
            .iter()
            .find(|n| n.code.as_str() == l.code.as_str())
        else {
            // An unknown code is reported by `check`.
            continue;
        };
        if national.is_broken(l.code.as_str()) {
            continue;
        }
        let local = apply(p, n);
        let agency = local
            .agencies
            .implementing
            .as_ref()
            .or(local.agencies.competent.as_ref())
            .map(|a| &*a.vi);
        let day_minutes = match &local.working_hours {
            Some(h) => h.minutes_per_day(),
            None => manifest.working_hours.for_agency(agency).minutes_per_day(),
        };
        crate::model::process::check(
            process,
            &local,
            &crate::model::process::Scope {
                units: &units,
                acts: &acts,
                day_minutes,
                units_in: tr!("the overlay", "tệp địa phương hóa"),
            },
            out,
        );
    }
}

/// The national procedures an overlay is checked against.
pub struct National<'a> {
    /// The procedures that could be read (a broken one with what could be read of it).
    pub procedures: &'a [Procedure],
    /// Codes (or file names) of procedures whose file has an error: what an overlay names in
    /// them and they no longer yield is a consequence of that error, reported once, there.
    pub broken: &'a std::collections::HashSet<String>,
}

impl National<'_> {
    /// Whether the procedure's own file has an error.
    pub fn is_broken(&self, code: &str) -> bool {
        self.broken.contains(code)
    }
}

/// Checks an overlay against the national catalogue: every code, channel, fee id, field and
/// resolution it names must exist, and a province may shorten a deadline but not lengthen it.
/// An overlay entry that localises a procedure whose abolition is recorded.
fn abolished_localised(p: &Province, l: &Localised, national: &Procedure) -> Diagnostic {
    let x = national.abolished.as_ref().expect("abolished");
    let (v, by) = (l.code.as_str(), x.by.as_str());
    let name = &*national.name.vi;
    let (line, col) = national.file.line_col(x.by.start as usize);
    let at = national.file.path.display().to_string();
    err(
        &p.file,
        &l.code,
        "province/abolished",
        tr!(
            "procedure {v} ({name}) is abolished by {by} ({at}:{line}:{col}), but this overlay still localises it",
            "thủ tục {v} ({name}) đã bị bãi bỏ theo {by} ({at}:{line}:{col}) nhưng tệp này vẫn địa phương hóa thủ tục đó"
        ),
        Some(tr!(
            "remove its entry from `procedures:`; the province's next decision lists it as abolished",
            "xóa mục của thủ tục này khỏi `procedures:`; quyết định tiếp theo của tỉnh sẽ công bố việc bãi bỏ"
        )),
    )
}

/// The entries of the overlays that localise a procedure among `procedures` whose abolition
/// is recorded (for comparisons that read only the procedures that changed).
pub fn abolished_still_localised(
    provinces: &[Province],
    procedures: &[Procedure],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in provinces {
        for l in &p.procedures {
            if let Some(n) = procedures
                .iter()
                .find(|n| n.code.as_str() == l.code.as_str() && n.abolished.is_some())
            {
                out.push(abolished_localised(p, l, n));
            }
        }
    }
    out
}

pub fn check(
    p: &Province,
    national: &National<'_>,
    fields: &[&str],
    rel: &str,
    out: &mut Vec<Diagnostic>,
) {
    let procedures = national.procedures;
    let is_broken = |code: &str| national.is_broken(code);
    let f = &p.file;
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".yaml")
        .trim_end_matches(".yml");
    if stem != p.id.as_str() {
        let id = p.id.as_str();
        out.push(
            Diagnostic::warning(
                "province/file-name",
                tr!(
                    "the file is named {stem} but holds province {id}",
                    "tệp tên {stem} nhưng chứa tỉnh {id}"
                ),
            )
            .at(f, p.id.start as usize, p.id.end as usize, None),
        );
    }
    let resolutions: Vec<&str> = p.resolutions.iter().map(|r| r.id.as_str()).collect();
    let codes: Vec<&str> = procedures.iter().map(|p| p.code.as_str()).collect();
    let check_basis = |b: &Sp<Str>, out: &mut Vec<Diagnostic>| {
        if !resolutions.contains(&b.as_str()) {
            let v = b.as_str();
            out.push(err(
                f,
                b,
                "ref/resolution",
                tr!(
                    "`{v}` is not a resolution of this province",
                    "`{v}` không phải nghị quyết của tỉnh này"
                ),
                Some(suggest(v, &resolutions)),
            ));
        }
    };
    for (field, discounts) in &p.fields {
        if !fields.contains(&field.as_str()) {
            let v = field.as_str();
            out.push(err(
                f,
                field,
                "ref/field",
                tr!(
                    "`{v}` is not a declared field",
                    "`{v}` không phải lĩnh vực đã khai báo"
                ),
                Some(suggest(v, fields)),
            ));
        }
        for d in discounts {
            check_basis(&d.basis, out);
            discount_effect(f, d, out);
        }
    }
    // A fee the national catalogue leaves to each province needs this province's amount.
    for n in procedures {
        for c in &n.channels {
            for fee in c
                .fees
                .iter()
                .filter(|x| x.amount.value == crate::rules::FeeRule::SetByProvince)
            {
                let set = p.procedures.iter().any(|l| {
                    l.code.as_str() == n.code.as_str()
                        && l.fees
                            .iter()
                            .any(|o| *o.channel == *c.kind && o.id.as_str() == fee.id.as_str())
                });
                if !set {
                    let (code, id, ch) = (n.code.as_str(), fee.id.as_str(), c.kind.id());
                    let name = &*n.name.vi;
                    out.push(err(
                        f,
                        &p.id,
                        "province/fee-unset",
                        tr!(
                            "procedure {code} ({name}) leaves the fee `{id}` ({ch}) to the province, but this overlay does not set it",
                            "thủ tục {code} ({name}) để tỉnh quy định khoản phí `{id}` ({ch}), nhưng tệp này chưa quy định mức thu"
                        ),
                        Some(tr!(
                            "add under `procedures:` an entry `- code: \"{code}\"` with `fees: [{{ channel: {ch}, id: {id}, amount: …, basis: … }}]`",
                            "thêm trong `procedures:` mục `- code: \"{code}\"` với `fees: [{{ channel: {ch}, id: {id}, amount: …, basis: … }}]`"
                        )),
                    ));
                }
            }
        }
    }
    twice(p, out);
    for l in &p.procedures {
        let Some(national) = procedures
            .iter()
            .find(|n| n.code.as_str() == l.code.as_str())
        else {
            let v = l.code.as_str();
            if is_broken(v) {
                continue;
            }
            let near = crate::diag::nearest(v, codes.iter().copied());
            out.push(err(
                f,
                &l.code,
                "province/unknown-procedure",
                tr!(
                    "there is no national procedure {v} to localise",
                    "không có thủ tục {v} trong danh mục quốc gia để địa phương hóa"
                ),
                near.map(|n| tr!("did you mean {n}?", "có phải ý bạn là {n}?")),
            ));
            continue;
        };
        if national.abolished.is_some() {
            out.push(abolished_localised(p, l, national));
            continue;
        }
        // What a broken national file no longer yields (a channel, a fee) is not named
        // again here: its own error says why.
        let broken = is_broken(l.code.as_str());
        for (ch, d) in &l.deadlines {
            let Some(nc) = national.channel(**ch) else {
                if broken {
                    continue;
                }
                out.push(err(
                    f,
                    ch,
                    "province/channel",
                    no_channel(l.code.as_str(), **ch),
                    None,
                ));
                continue;
            };
            if same_rule(&nc.deadline.value, &d.value) {
                let v = d.value.to_string();
                out.push(warn(
                    f,
                    d,
                    "province/no-change",
                    tr!(
                        "the deadline `{v}` is the national one: this entry changes nothing",
                        "thời hạn `{v}` giống thời hạn quốc gia: mục này không thay đổi gì"
                    ),
                    Some(tr!(
                        "remove it, or write the shorter deadline the province decided",
                        "hãy xóa mục này, hoặc ghi thời hạn ngắn hơn mà tỉnh đã quyết định"
                    )),
                ));
            }
            if let Some(msg) = longer(&nc.deadline, d) {
                out.push(err(
                    f,
                    d,
                    "province/deadline-longer",
                    msg,
                    Some(tr!(
                        "a province may shorten a deadline, not lengthen it",
                        "địa phương chỉ được rút ngắn thời hạn, không được kéo dài"
                    )),
                ));
            }
        }
        for fee in &l.fees {
            match &fee.basis {
                Some(b) => check_basis(b, out),
                None if fee
                    .amount
                    .as_ref()
                    .is_some_and(|a| a.value == crate::rules::FeeRule::NotStated) => {}
                None => {
                    let (v, ch) = (fee.id.as_str(), fee.channel.id());
                    out.push(err(
                        f,
                        &fee.id,
                        "province/fee-basis",
                        tr!(
                            "the province's amount of `{v}` ({ch}) names no resolution: an amount needs the People's Council resolution that sets it",
                            "mức thu của tỉnh cho khoản `{v}` ({ch}) không nêu nghị quyết: mức thu phải có nghị quyết của Hội đồng nhân dân quy định"
                        ),
                        Some(tr!(
                            "add `basis:` with the id of the resolution under `resolutions:`",
                            "thêm `basis:` với mã của nghị quyết trong `resolutions:`"
                        )),
                    ));
                }
            }
            check_parts(f, national, fee, out);
            changes_fee(f, national, fee, out);
            // The amount the resolution sets may not have been found yet: for a fee the
            // national record leaves to the province, `not stated` says so ("chưa có thông
            // tin", never 0), with a warning until it is found. A national amount cannot be
            // made unknown, and a province cannot pass the amount on again.
            let left_to_province = national_fee(national, fee)
                .is_some_and(|x| x.amount.value == crate::rules::FeeRule::SetByProvince);
            if let Some(amount) = &fee.amount
                && amount.value == crate::rules::FeeRule::NotStated
                && left_to_province
            {
                let (v, ch) = (fee.id.as_str(), fee.channel.id());
                out.push(warn(
                    f,
                    amount,
                    "province/fee-unknown",
                    tr!(
                        "the province's amount of `{v}` ({ch}) is not stated: the localised catalogue says \"not stated\" until the amount of the People's Council resolution is found",
                        "mức thu của tỉnh cho khoản `{v}` ({ch}) chưa có thông tin: danh mục của tỉnh ghi \"chưa có thông tin\" cho đến khi tìm được mức thu theo nghị quyết của Hội đồng nhân dân"
                    ),
                    Some(tr!(
                        "write the amount when the resolution that sets it has been read, e.g. `50,000 VND`",
                        "ghi mức thu khi đã đọc được nghị quyết quy định mức thu, ví dụ `50.000 đồng`"
                    )),
                ));
            } else if let Some(amount) = &fee.amount
                && matches!(
                    amount.value,
                    crate::rules::FeeRule::SetByProvince | crate::rules::FeeRule::NotStated
                )
            {
                let v = amount.value.to_string();
                out.push(err(
                    f,
                    amount,
                    "province/fee-unset",
                    tr!(
                        "a province's fee must give its amount, not `{v}`",
                        "mức thu của tỉnh phải ghi số tiền, không phải `{v}`"
                    ),
                    Some(tr!(
                        "write the amount of the People's Council resolution, e.g. `50,000 VND`",
                        "ghi mức thu theo nghị quyết của Hội đồng nhân dân, ví dụ `50.000 đồng`"
                    )),
                ));
            }
            match national.channel(*fee.channel) {
                None if broken => {}
                None => {
                    out.push(err(
                        f,
                        &fee.channel,
                        "province/channel",
                        no_channel(l.code.as_str(), *fee.channel),
                        None,
                    ));
                }
                Some(nc) => {
                    let ids: Vec<&str> = nc.fees.iter().map(|x| x.id.as_str()).collect();
                    if !broken && !ids.contains(&fee.id.as_str()) {
                        let v = fee.id.as_str();
                        out.push(err(
                            f,
                            &fee.id,
                            "ref/fee",
                            tr!(
                                "`{v}` is not a fee of this channel",
                                "`{v}` không phải khoản phí của cách thức này"
                            ),
                            Some(suggest(v, &ids)),
                        ));
                    }
                }
            }
        }
        let fee_ids: Vec<&str> = national
            .channels
            .iter()
            .flat_map(|c| c.fees.iter().map(|f| f.id.as_str()))
            .collect();
        for d in l.discounts.iter() {
            discount_effect(f, d, out);
        }
        for d in &l.discounts {
            check_basis(&d.basis, out);
            if let Targets::Items(items) = &d.rule.targets {
                for (name, pos) in items {
                    if !broken && !fee_ids.contains(&name.as_str()) {
                        let at = Sp {
                            value: (),
                            start: pos.start,
                            end: pos.end,
                        };
                        out.push(err(
                            f,
                            &at,
                            "ref/fee",
                            tr!(
                                "`{name}` is not a fee item of {}",
                                "`{name}` không phải khoản phí của {}",
                                l.code.as_str()
                            ),
                            Some(suggest(name, &fee_ids)),
                        ));
                    }
                }
            }
        }
    }
}

fn warn<T>(
    file: &Arc<SourceFile>,
    at: &Sp<T>,
    code: &'static str,
    message: Tr,
    help: Option<Tr>,
) -> Diagnostic {
    placed(Diagnostic::warning(code, message), file, at, help)
}

/// Two rules that say the same, wherever they were written (their canonical text).
fn same_rule<T: std::fmt::Display>(a: &T, b: &T) -> bool {
    a.to_string() == b.to_string()
}

/// A procedure localised twice, or a fee set twice for one channel (by `amount:` or `set:`
/// in two entries): which entry wins is not the author's choice, so neither is published.
fn twice(p: &Province, out: &mut Vec<Diagnostic>) {
    let f = &p.file;
    let place = |at: u32| {
        let (line, col) = f.line_col(at as usize);
        format!("{line}:{col}")
    };
    let mut codes: Vec<&Sp<Str>> = Vec::new();
    for l in &p.procedures {
        if let Some(first) = codes.iter().find(|c| c.as_str() == l.code.as_str()) {
            let (v, at) = (l.code.as_str(), place(first.start));
            out.push(err(
                f,
                &l.code,
                "province/duplicate-procedure",
                tr!(
                    "procedure {v} is localised twice in this file (first at line {at}): which entry applies would be a guess",
                    "thủ tục {v} được địa phương hóa hai lần trong tệp này (lần đầu ở dòng {at}): không thể biết mục nào được áp dụng"
                ),
                Some(tr!(
                    "merge the two entries into one",
                    "hãy gộp hai mục thành một"
                )),
            ));
        } else {
            codes.push(&l.code);
        }
    }
    let mut fees: Vec<(&str, ChannelKind, &FeeOverride)> = Vec::new();
    for l in &p.procedures {
        for fee in &l.fees {
            let key = (l.code.as_str(), *fee.channel, fee.id.as_str());
            match fees
                .iter()
                .find(|(c, ch, o)| (*c, *ch, o.id.as_str()) == key)
            {
                Some((_, _, first)) => {
                    let (v, ch, code) = (fee.id.as_str(), fee.channel.id(), l.code.as_str());
                    let at = place(first.id.start);
                    out.push(err(
                        f,
                        &fee.id,
                        "province/duplicate-fee",
                        tr!(
                            "the fee `{v}` ({ch}) of procedure {code} is set twice (first at line {at}): which amount applies would be a guess",
                            "khoản phí `{v}` ({ch}) của thủ tục {code} được quy định hai lần (lần đầu ở dòng {at}): không thể biết mức thu nào được áp dụng"
                        ),
                        Some(tr!(
                            "keep one entry: the whole amount with `amount:`, or the parts that change with `set:`",
                            "chỉ giữ một mục: toàn bộ mức thu bằng `amount:`, hoặc các thành phần thay đổi bằng `set:`"
                        )),
                    ));
                }
                None => fees.push((key.0, key.1, fee)),
            }
        }
    }
}

/// Warns when a fee override gives the national amount again (it changes nothing), or makes
/// a fee that costs something free.
fn changes_fee(f: &Arc<SourceFile>, n: &Procedure, fee: &FeeOverride, out: &mut Vec<Diagnostic>) {
    let Some(national) = national_fee(n, fee) else {
        return;
    };
    let Some(Ok(amount)) = override_amount(n, fee) else {
        return;
    };
    let v = fee.id.as_str();
    let at: &Sp<Str> = &fee.id;
    let zero = Some(crate::money::Money::ZERO);
    if same_rule(&amount.value, &national.amount.value) {
        let a = amount.value.to_string();
        out.push(warn(
            f,
            at,
            "province/no-change",
            tr!(
                "the province's amount of `{v}` ({a}) is the national one: this entry changes nothing",
                "mức thu của tỉnh cho khoản `{v}` ({a}) giống mức thu quốc gia: mục này không thay đổi gì"
            ),
            Some(tr!(
                "remove it, or write the amount of the People's Council resolution",
                "hãy xóa mục này, hoặc ghi mức thu theo nghị quyết của Hội đồng nhân dân"
            )),
        ));
    } else if amount.value.fixed() == zero && national.amount.value.fixed() != zero {
        out.push(warn(
            f,
            at,
            "province/fee-free",
            tr!(
                "the province's amount makes the fee `{v}` free (0 VND)",
                "mức thu của tỉnh làm khoản phí `{v}` thành miễn phí (0 đồng)"
            ),
            Some(tr!(
                "check the resolution: an exemption for some applicants is a discount (`waive … when …`); a fee not collected at all is removed by the national catalogue",
                "hãy đối chiếu nghị quyết: miễn cho một số đối tượng là quy tắc giảm (`waive … when …`); khoản không thu nữa do danh mục quốc gia bỏ đi"
            )),
        ));
    }
}

/// Warns when a province discount changes nothing (0 VND off: 0% and a window that ends
/// before it starts are refused by the rule parser), or waives its fees whole.
fn discount_effect(f: &Arc<SourceFile>, d: &ProvinceDiscount, out: &mut Vec<Diagnostic>) {
    use crate::rules::ast::DiscountAmount;
    let r = &d.rule.value;
    let id = d.id.as_str();
    let nothing = matches!(r.amount, DiscountAmount::Fixed(m) if m.0 == 0);
    let free = match r.amount {
        DiscountAmount::Percent(p) => p >= crate::money::Percent::FULL,
        DiscountAmount::Waive => true,
        DiscountAmount::Fixed(_) => false,
    };
    if nothing {
        out.push(warn(
            f,
            &d.rule,
            "province/no-change",
            tr!(
                "the discount `{id}` changes nothing (0 VND off)",
                "quy tắc giảm `{id}` không thay đổi gì (giảm 0 đồng)"
            ),
            Some(tr!(
                "write the rate and the dates of the resolution, or remove the rule",
                "hãy ghi mức giảm và thời gian theo nghị quyết, hoặc xóa quy tắc"
            )),
        ));
    } else if free {
        out.push(warn(
            f,
            &d.rule,
            "province/fee-free",
            tr!(
                "the discount `{id}` waives its fees whole: they become free",
                "quy tắc giảm `{id}` miễn toàn bộ các khoản phí nó áp dụng: các khoản đó trở thành miễn phí"
            ),
            Some(tr!(
                "check that the resolution exempts them in full",
                "hãy đối chiếu nghị quyết có miễn toàn bộ hay không"
            )),
        ));
    }
}

/// "thủ tục 1.004222 không có cách thức trực tiếp (direct)": the channel by the name the law
/// gives it, and the id the overlay wrote.
fn no_channel(code: &str, ch: ChannelKind) -> Tr {
    use crate::diag::Lang;
    let id = ch.id();
    Tr {
        en: format!(
            "procedure {code} does not offer the channel “{}” ({id})",
            ch.label(Lang::En)
        ),
        vi: format!(
            "thủ tục {code} không có cách thức {} ({id})",
            ch.label(Lang::Vi).to_lowercase()
        ),
    }
}

/// Every period a deadline rule can give (each `when` branch and the final `else`).
fn branches(d: &Deadline, out: &mut Vec<Option<crate::rules::ast::Duration>>) {
    match d {
        Deadline::Unspecified | Deadline::NotStated => out.push(None),
        Deadline::Fixed(x) => out.push(Some(*x)),
        Deadline::When {
            then, otherwise, ..
        } => {
            out.push(Some(*then));
            branches(otherwise, out);
        }
    }
}

/// A period in working hours, to compare periods written in different units: a working day
/// is 8 hours, a calendar day 5/7 of a working day, a month 22 working days.
fn hours(d: crate::rules::ast::Duration) -> u64 {
    use crate::rules::ast::Unit;
    let n = d.amount as u64;
    match d.unit {
        Unit::Hours => n,
        Unit::WorkingDays => n * 8,
        Unit::Days => (n * 40).div_ceil(7),
        Unit::Months => n * 22 * 8,
    }
}

/// A message when the province's deadline is longer than the national one.
///
/// Both the shortest and the longest period are compared, so a conditional national
/// deadline (`5 working days when … else 30 working days`) cannot be replaced by a fixed
/// `10 working days` that lengthens the short case; periods are compared in working hours,
/// so `1 working day` is longer than `2 hours` (comparing whole working days was not).
fn longer(national: &Deadline, local: &Deadline) -> Option<Tr> {
    let n = national.default_duration()?;
    if local.default_duration().is_none() {
        return Some(tr!(
            "the national deadline is {n}; the province cannot leave it unspecified",
            "thời hạn quốc gia là {n}; địa phương không được để không quy định"
        ));
    }
    let (mut nb, mut lb) = (Vec::new(), Vec::new());
    branches(national, &mut nb);
    branches(local, &mut lb);
    let nb: Vec<_> = nb.into_iter().flatten().collect();
    let lb: Vec<_> = lb.into_iter().flatten().collect();
    let by = |v: &[crate::rules::ast::Duration], max: bool| {
        let it = v.iter().copied();
        if max {
            it.max_by_key(|d| hours(*d))
        } else {
            it.min_by_key(|d| hours(*d))
        }
    };
    for max in [true, false] {
        let (Some(n), Some(l)) = (by(&nb, max), by(&lb, max)) else {
            continue;
        };
        if hours(l) > hours(n) {
            return Some(tr!(
                "{l} is longer than the national deadline of {n}",
                "{l} dài hơn thời hạn quốc gia {n}"
            ));
        }
    }
    None
}

/// The province's copy of a national procedure: its code, agency, deadlines, fees and
/// discounts applied.
pub fn apply(p: &Province, national: &Procedure) -> Procedure {
    let mut out = national.clone();
    if let Some(suffix) = &p.code_suffix {
        out.code.value = format!("{}.{}", national.code.as_str(), suffix).into();
    }
    let local = p
        .procedures
        .iter()
        .find(|l| l.code.as_str() == national.code.as_str());
    let agency = local
        .and_then(|l| l.agency.clone())
        .or_else(|| p.agency.clone());
    if agency.is_some() {
        out.agencies.implementing = agency;
    }
    let address = local
        .and_then(|l| l.address.clone())
        .or_else(|| p.address.clone());
    if address.is_some() {
        out.agencies.address = address;
    }
    if let Some(l) = local {
        for (ch, d) in &l.deadlines {
            if let Some(c) = out.channels.iter_mut().find(|c| *c.kind == **ch) {
                c.deadline = d.clone();
            }
        }
        for fee in &l.fees {
            // Parts that do not fit are reported by `check`; the national amount then stays.
            let Some(Ok(amount)) = override_amount(national, fee) else {
                continue;
            };
            if let Some(c) = out.channels.iter_mut().find(|c| *c.kind == *fee.channel)
                && let Some(item) = c.fees.iter_mut().find(|x| x.id.as_str() == fee.id.as_str())
            {
                item.amount = amount;
                // An amount not stated without a resolution keeps the national basis (the
                // act that leaves the amount to the province).
                if let Some(b) = &fee.basis {
                    item.basis = Some(b.clone());
                }
            }
        }
    }
    if let Some(l) = local {
        if l.process.is_some() {
            out.process = l.process.clone();
        }
        if let Some(d) = &l.delivery {
            out.delivery = national.delivery.over(d);
        }
    }
    let field_discounts = p
        .fields
        .iter()
        .filter(|(f, _)| f.as_str() == national.field.as_str())
        .flat_map(|(_, d)| d.iter());
    for d in local
        .into_iter()
        .flat_map(|l| l.discounts.iter())
        .chain(field_discounts)
    {
        out.discounts.rules.push(DiscountRule {
            id: d.id.clone(),
            rule: d.rule.clone(),
            basis: d.basis.clone(),
        });
    }
    out
}

/// The province's localised catalogue: every national procedure with the overlay applied.
pub fn localise(p: &Province, procedures: &[Procedure]) -> Vec<Procedure> {
    procedures.iter().map(|n| apply(p, n)).collect()
}
