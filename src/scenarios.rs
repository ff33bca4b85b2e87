//! Scenario tests (`catalogue/tests/**/*.yaml`): facts, channel and receipt time in, the
//! expected documents, fees and due date out. `thutuc test` runs them.

use crate::calendar::Calendar;
use crate::catalogue::{Catalogue, InputFile, parse_file};
use crate::diag::{Diagnostic, Lang, SourceFile, Tr, Words};
use crate::eval::facts::Declared;
use crate::eval::{Program, Request};
use crate::limits::Limits;
use crate::messages::t;
use crate::model::{ChannelKind, Sp};
use crate::money::Money;
use crate::shape::Str;
use crate::shape::{Cx, Kind, Shape, opt, req};
use crate::tr;
use crate::wording;
use crate::yaml::{Node, NodeId};
use jiff::civil::{Date, DateTime};
use std::collections::HashMap;
use std::sync::Arc;

static FEES: Shape = Shape {
    name: "ExpectedFees",
    doc: "expected fees",
    vi: "phí dự kiến",
    fields: &[
        opt(
            "total",
            Kind::Rule("money"),
            "total to pay, or `not stated` when a fee is unknown",
        ),
        opt("items", Kind::Str, "amount per fee id"),
    ],
};

static DEADLINE: Shape = Shape {
    name: "ExpectedDeadline",
    doc: "expected deadline",
    vi: "thời hạn dự kiến",
    fields: &[
        opt("amount", Kind::Count, "number of units"),
        opt(
            "unit",
            Kind::OneOf(UNITS),
            "working_days, days, hours, months, unspecified (the law sets none) or not_stated (the source does not say)",
        ),
        opt("due", Kind::Date, "due date"),
        opt("due_time", Kind::Time, "due time of an hour deadline"),
        opt(
            "provisional",
            Kind::Bool,
            "whether the due date relies on a year without a decision file",
        ),
    ],
};

const UNITS: &[&str] = &[
    "working_days",
    "days",
    "hours",
    "months",
    "unspecified",
    "not_stated",
];

static EXPECT: Shape = Shape {
    name: "Expect",
    doc: "expected results",
    vi: "kết quả mong đợi",
    fields: &[
        opt(
            "documents",
            Kind::List(&Kind::Id),
            "exactly these document ids",
        ),
        opt("fees", Kind::Obj(&FEES), "fees"),
        opt("deadline", Kind::Obj(&DEADLINE), "deadline"),
        opt(
            "error",
            Kind::Str,
            "the evaluation fails with a message containing this text",
        ),
    ],
};

static SCENARIO: Shape = Shape {
    name: "Scenario",
    doc: "a scenario",
    vi: "kịch bản",
    fields: &[
        req(
            "name",
            Kind::Text,
            "what the scenario shows, in Vietnamese and English: `{ vi: …, en: … }`",
        ),
        opt(
            "channel",
            Kind::OneOf(&["direct", "postal", "online_full", "online_partial"]),
            "channel",
        ),
        opt(
            "received",
            Kind::Str,
            "date-time of receipt, e.g. 2025-01-24T10:00",
        ),
        opt("facts", Kind::Str, "applicant facts: `fact: value`"),
        req("expect", Kind::Obj(&EXPECT), "expected results"),
    ],
};

/// A scenario file (`tests/**.yaml`).
pub static FILE: Shape = Shape {
    name: "ScenarioFile",
    doc: "a scenario file",
    vi: "tệp kịch bản",
    fields: &[
        req("procedure", Kind::Code, "the procedure code"),
        req("scenarios", Kind::List(&Kind::Obj(&SCENARIO)), "scenarios"),
    ],
};

#[derive(Debug, Clone)]
struct Expect {
    documents: Option<Vec<String>>,
    total: Option<Want>,
    items: Vec<(Sp<Str>, Want)>,
    amount: Option<u64>,
    unit: Option<&'static str>,
    due: Option<Date>,
    due_time: Option<jiff::civil::Time>,
    provisional: Option<bool>,
    error: Option<String>,
}

/// One scenario, as read.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The file.
    pub file: Arc<SourceFile>,
    /// Byte offset of its name, for reports.
    pub offset: u32,
    /// Procedure code.
    pub procedure: Sp<Str>,
    /// Its name, in both languages (reports print it in theirs).
    pub name: crate::shape::Text,
    channel: Option<ChannelKind>,
    received: Option<DateTime>,
    facts: Vec<(Sp<Str>, String)>,
    expect: Expect,
}

/// The result of one scenario.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    /// The scenario.
    pub scenario: Scenario,
    /// Mismatches, in both languages; empty when it passed.
    pub failures: Vec<Tr>,
}

/// Reads every scenario file; errors become diagnostics.
pub fn read(files: &[InputFile], limits: &Limits) -> (Vec<Scenario>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for f in files.iter().filter(|f| f.rel.starts_with("tests/")) {
        match parse_file(f, limits) {
            Err(d) => diags.push(*d),
            Ok((src, doc)) => {
                let mut cx = Cx::new(&doc, &src, limits);
                let root = doc.root().expect("non-empty");
                read_file(&mut cx, root, &mut out);
                diags.extend(cx.diags);
            }
        }
    }
    (out, diags)
}

fn read_file(cx: &mut Cx<'_>, root: NodeId, out: &mut Vec<Scenario>) {
    let Some(mut o) = cx.obj(root, &FILE) else {
        return;
    };
    let procedure = o.req(cx, "procedure", |cx, id| {
        cx.scalar(id, Words("a procedure code", "mã thủ tục"))
    });
    let items = o.req(cx, "scenarios", |cx, id| {
        Some(cx.list(id, |cx, id| scenario(cx, id)))
    });
    o.finish(cx);
    let (Some(procedure), Some(items)) = (procedure, items) else {
        return;
    };
    for mut s in items {
        s.procedure = procedure.clone();
        out.push(s);
    }
}

fn scenario(cx: &mut Cx<'_>, id: NodeId) -> Option<Scenario> {
    let mut o = cx.obj(id, &SCENARIO)?;
    let name = o.req(cx, "name", |cx, id| cx.text(id));
    let channel = o
        .opt(cx, "channel", |cx, id| {
            cx.one_of(id, &["direct", "postal", "online_full", "online_partial"])
        })
        .and_then(|c| ChannelKind::parse(&c));
    let received = o.opt(cx, "received", |cx, id| {
        let s = cx.scalar(id, Words("a date-time", "ngày giờ"))?;
        match crate::dates::parse_received(&s) {
            Ok(dt) => Some(dt),
            Err(e) => {
                cx.error("scenario/received", cx.span(id), e.message, e.help);
                None
            }
        }
    });
    let facts = o
        .opt(cx, "facts", |cx, id| {
            let doc = cx.doc;
            match doc.get(id) {
                Node::Map(entries) => {
                    let mut v = Vec::new();
                    for (k, val) in entries {
                        let text = cx.scalar(*val, Words("a single value", "một giá trị"))?;
                        v.push((
                            Sp {
                                value: k.text.as_str().into(),
                                start: k.span.start as u32,
                                end: k.span.end as u32,
                            },
                            text.value.into_string(),
                        ));
                    }
                    Some(v)
                }
                _ => {
                    cx.error(
                        "schema/type",
                        cx.span(id),
                        tr!(
                            "facts are written as `fact: value`",
                            "dữ kiện viết dạng `tên: giá trị`"
                        ),
                        None,
                    );
                    None
                }
            }
        })
        .unwrap_or_default();
    let expect = o.req(cx, "expect", expect);
    let span = o.span();
    o.finish(cx);
    let name = name?;
    Some(Scenario {
        file: cx.file.clone(),
        offset: span.start as u32,
        procedure: Sp::bare(String::new().into()),
        name,
        channel,
        received,
        facts,
        expect: expect?,
    })
}

/// An expected amount: a figure, or the words for an unknown one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Amount(Money),
    /// `not stated`: no amount (for a total: the total is not known).
    NotStated,
    /// `set by the province`.
    SetByProvince,
}

impl Want {
    /// The amount as a decision writes it, or the words for an unknown one.
    fn words(self, lang: Lang) -> String {
        match self {
            Want::Amount(m) => wording::money(m, lang),
            Want::NotStated => t(lang, "chưa có thông tin", "not stated").into(),
            Want::SetByProvince => t(lang, "do tỉnh quy định", "set by the province").into(),
        }
    }
}

fn got(f: &crate::eval::FeeOut<'_>) -> Want {
    match (f.amount, f.unknown) {
        (Some(m), _) => Want::Amount(m),
        (None, Some(crate::eval::Unknown::SetByProvince)) => Want::SetByProvince,
        (None, _) => Want::NotStated,
    }
}

fn want(cx: &mut Cx<'_>, id: NodeId) -> Option<Want> {
    if let Some((text, _)) = cx.origin(id) {
        match text.trim() {
            "not stated" | "chưa có thông tin" => return Some(Want::NotStated),
            "set by the province" | "do tỉnh quy định" => return Some(Want::SetByProvince),
            _ => {}
        }
    }
    money(cx, id).map(Want::Amount)
}

fn money(cx: &mut Cx<'_>, id: NodeId) -> Option<Money> {
    let (text, origin) = cx.origin(id)?;
    let text = if text
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        std::borrow::Cow::Owned(format!("{text} VND"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    match crate::rules::parse::money(&text, &origin) {
        Ok(m) => Some(m),
        Err(e) => {
            cx.rule_error(e);
            None
        }
    }
}

fn expect(cx: &mut Cx<'_>, id: NodeId) -> Option<Expect> {
    let mut o = cx.obj(id, &EXPECT)?;
    let documents = o.opt(cx, "documents", |cx, id| {
        Some(
            cx.list(id, |cx, id| cx.id(id))
                .into_iter()
                .map(|s| s.value.into_string())
                .collect(),
        )
    });
    let mut total = None;
    let mut items = Vec::new();
    o.opt(cx, "fees", |cx, id| {
        let mut f = cx.obj(id, &FEES)?;
        total = f.opt(cx, "total", want);
        f.opt(cx, "items", |cx, id| {
            let doc = cx.doc;
            if let Node::Map(entries) = doc.get(id) {
                for (k, v) in entries {
                    if let Some(m) = want(cx, *v) {
                        items.push((
                            Sp {
                                value: k.text.as_str().into(),
                                start: k.span.start as u32,
                                end: k.span.end as u32,
                            },
                            m,
                        ));
                    }
                }
            }
            Some(())
        });
        f.finish(cx);
        Some(())
    });
    let mut amount = None;
    let mut unit = None;
    let mut due = None;
    let mut due_time = None;
    let mut provisional = None;
    o.opt(cx, "deadline", |cx, id| {
        let mut d = cx.obj(id, &DEADLINE)?;
        amount = d.opt(cx, "amount", |cx, id| cx.count(id));
        unit = d
            .opt(cx, "unit", |cx, id| cx.one_of(id, UNITS))
            .map(|u| u.value);
        due = d.opt(cx, "due", |cx, id| cx.date(id));
        due_time = d.opt(cx, "due_time", |cx, id| cx.time(id)).map(|t| t.value);
        provisional = d.opt(cx, "provisional", |cx, id| cx.bool(id));
        d.finish(cx);
        Some(())
    });
    let error = o.opt(cx, "error", |cx, id| cx.string(id));
    o.finish(cx);
    Some(Expect {
        documents,
        total,
        items,
        amount,
        unit,
        due,
        due_time,
        provisional,
        error,
    })
}

/// Runs every scenario against the catalogue.
pub fn run(cat: &Catalogue, scenarios: Vec<Scenario>, calendar: &Calendar) -> Vec<ScenarioResult> {
    let mut programs: HashMap<String, Program> = HashMap::new();
    scenarios
        .into_iter()
        .map(|s| {
            let failures = run_one(cat, &s, calendar, &mut programs);
            ScenarioResult {
                scenario: s,
                failures,
            }
        })
        .collect()
}

fn run_one(
    cat: &Catalogue,
    s: &Scenario,
    calendar: &Calendar,
    programs: &mut HashMap<String, Program>,
) -> Vec<Tr> {
    let Some(p) = cat.procedure(&s.procedure) else {
        let code = s.procedure.as_str();
        return vec![crate::tr!(
            "there is no procedure {code} in the catalogue",
            "danh mục không có thủ tục {code}"
        )];
    };
    let program = programs
        .entry(p.code.value.to_string())
        .or_insert_with(|| Program::new(Arc::new(p.clone())));
    let channel = s
        .channel
        .or_else(|| p.channel(ChannelKind::Direct).map(|c| *c.kind))
        .or_else(|| p.channels.first().map(|c| *c.kind))
        .unwrap_or(ChannelKind::Direct);
    let req = Request {
        channel,
        received: s.received,
        // Scenarios must not depend on the day they run.
        today: s
            .received
            .map(|r| r.date())
            .unwrap_or(Date::constant(2025, 1, 1)),
    };
    let declared = Declared::new(&cat.manifest, p);
    let mut facts = program.facts_for(&req);
    let mut failures = Vec::new();
    for (k, v) in &s.facts {
        match declared.parse(k, v) {
            Ok(value) => {
                if let Some(slot) = program.slots.get(k) {
                    facts[slot as usize] = Some(value);
                }
            }
            Err(e) => failures.push(e.message),
        }
    }
    if !failures.is_empty() {
        return failures;
    }
    let e = &s.expect;
    let out = match program.eval(&req, &facts, calendar, false) {
        Err(err) => {
            let msg = err.message();
            return match &e.error {
                // `error:` may quote the message in either language.
                Some(want) if msg.en.contains(want.as_str()) || msg.vi.contains(want.as_str()) => {
                    Vec::new()
                }
                Some(want) => vec![both(|l| {
                    let m = msg.get(l);
                    t(
                        l,
                        &format!("cần một lỗi có chữ “{want}”, nhưng lỗi là: {m}"),
                        &format!("expected an error containing “{want}”, got: {m}"),
                    )
                    .to_string()
                })],
                None => vec![both(|l| {
                    let m = msg.get(l);
                    t(
                        l,
                        &format!("không tính được: {m}"),
                        &format!("evaluation failed: {m}"),
                    )
                    .to_string()
                })],
            };
        }
        Ok(out) => out,
    };
    if let Some(want) = &e.error {
        failures.push(crate::tr!(
            "expected an error containing “{want}”, but evaluation succeeded",
            "cần một lỗi có chữ “{want}”, nhưng tính được bình thường"
        ));
    }
    if let Some(want) = &e.documents {
        let got: Vec<&str> = out.documents.iter().map(|d| d.doc.id.as_str()).collect();
        let mut a: Vec<&str> = want.iter().map(|s| s.as_str()).collect();
        let mut b = got.clone();
        a.sort_unstable();
        b.sort_unstable();
        if a != b {
            let (want, got) = (want.join(", "), got.join(", "));
            failures.push(crate::tr!(
                "documents: expected [{want}], got [{got}]",
                "giấy tờ: cần [{want}], kết quả [{got}]"
            ));
        }
    }
    if let Some(want) = e.total {
        let got = if out.complete {
            Want::Amount(out.total)
        } else {
            Want::NotStated
        };
        if want != got {
            failures.push(both(|l| {
                let got = match got {
                    Want::NotStated => {
                        let known = wording::money(out.total, l);
                        t(
                            l,
                            &format!("không có tổng (có khoản phí chưa có thông tin; các khoản đã biết {known})"),
                            &format!("no total (a fee is not known; known fees {known})"),
                        )
                        .to_string()
                    }
                    g => g.words(l),
                };
                let want = want.words(l);
                t(
                    l,
                    &format!("tổng phí, lệ phí: cần {want}, kết quả {got}"),
                    &format!("fees total: expected {want}, got {got}"),
                )
                .to_string()
            }));
        }
    }
    for (id, want) in &e.items {
        let id = id.as_str();
        match out.fees.iter().find(|f| f.item.id.as_str() == id) {
            None => failures.push(both(|l| {
                let want = want.words(l);
                t(
                    l,
                    &format!("khoản phí {id}: cần {want}, nhưng khoản này không thu"),
                    &format!("fee {id}: expected {want}, but it is not charged"),
                )
                .to_string()
            })),
            Some(f) if got(f) != *want => failures.push(both(|l| {
                let (want, got) = (want.words(l), got(f).words(l));
                t(
                    l,
                    &format!("khoản phí {id}: cần {want}, kết quả {got}"),
                    &format!("fee {id}: expected {want}, got {got}"),
                )
                .to_string()
            })),
            _ => {}
        }
    }
    let none = |l: Lang| t(l, "không có", "none").to_string();
    let period = out.deadline.period;
    if let Some(want) = e.unit {
        let got = match period {
            Some(p) => unit_id(p.unit),
            None if !out.deadline.stated => "not_stated",
            None => "unspecified",
        };
        if got != want {
            failures.push(crate::tr!(
                "deadline unit: expected {want}, got {got}",
                "đơn vị thời hạn: cần {want}, kết quả {got}"
            ));
        }
    }
    if let Some(want) = e.amount {
        let got = period.map(|p| p.amount as u64);
        if got != Some(want) {
            failures.push(both(|l| {
                let got = got.map_or(none(l), |g| g.to_string());
                t(
                    l,
                    &format!("thời hạn giải quyết: cần {want}, kết quả {got}"),
                    &format!("deadline: expected {want}, got {got}"),
                )
                .to_string()
            }));
        }
    }
    if let Some(want) = e.due {
        let got = out.deadline.due.as_ref().map(|d| d.date);
        if got != Some(want) {
            failures.push(both(|l| {
                let got = got.map_or_else(
                    || t(l, "không có (thiếu received?)", "none (no --received?)").to_string(),
                    |g| wording::date(g, l),
                );
                let want = wording::date(want, l);
                t(
                    l,
                    &format!("ngày hẹn trả kết quả: cần {want}, kết quả {got}"),
                    &format!("due date: expected {want}, got {got}"),
                )
                .to_string()
            }));
        }
    }
    if let Some(want) = e.due_time {
        let got = out.deadline.due.as_ref().and_then(|d| d.time);
        if got != Some(want) {
            failures.push(both(|l| {
                let want = want.strftime("%H:%M").to_string();
                let got = got.map_or(none(l), |g| g.strftime("%H:%M").to_string());
                t(
                    l,
                    &format!("giờ hẹn trả kết quả: cần {want}, kết quả {got}"),
                    &format!("due time: expected {want}, got {got}"),
                )
                .to_string()
            }));
        }
    }
    if let Some(want) = e.provisional {
        let yes_no = |b: bool, l: Lang| {
            if b {
                t(l, "tạm tính", "true")
            } else {
                t(l, "không tạm tính", "false")
            }
        };
        match out.deadline.due.as_ref() {
            Some(d) if d.is_provisional() != want => failures.push(both(|l| {
                let years = format!("{:?}", d.provisional);
                let (w, g) = (yes_no(want, l), yes_no(d.is_provisional(), l));
                t(
                    l,
                    &format!("ngày hẹn tạm tính: cần {w}, kết quả {g} (các năm tính theo quy tắc: {years})"),
                    &format!("provisional: expected {w}, got {g} (years computed by the rule: {years})"),
                )
                .to_string()
            })),
            Some(_) => {}
            None => failures.push(both(|l| {
                let w = yes_no(want, l);
                t(
                    l,
                    &format!("ngày hẹn tạm tính: cần {w}, nhưng không có ngày hẹn (thiếu received?)"),
                    &format!("provisional: expected {w}, but there is no due date (no received?)"),
                )
                .to_string()
            })),
        }
    }
    failures
}

/// A message built once per language.
fn both(f: impl Fn(Lang) -> String) -> Tr {
    Tr {
        en: f(Lang::En),
        vi: f(Lang::Vi),
    }
}

fn unit_id(u: crate::rules::Unit) -> &'static str {
    match u {
        crate::rules::Unit::WorkingDays => "working_days",
        crate::rules::Unit::Days => "days",
        crate::rules::Unit::Hours => "hours",
        crate::rules::Unit::Months => "months",
    }
}
