//! Scenario tests (`catalogue/tests/**/*.yaml`): facts, channel and receipt time in, the
//! expected documents, fees and due date out. `thutuc test` runs them.

use crate::calendar::Calendar;
use crate::catalogue::decode::{Cx, Kind, Shape, opt, req};
use crate::catalogue::{Catalogue, InputFile, parse_file};
use crate::diag::{Diagnostic, SourceFile};
use crate::eval::facts::Declared;
use crate::eval::{Program, Request};
use crate::limits::Limits;
use crate::model::{ChannelKind, Sp};
use crate::money::Money;
use crate::tr;
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
        req("name", Kind::Str, "what the scenario shows"),
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

static FILE: Shape = Shape {
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
    items: Vec<(Sp<String>, Want)>,
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
    pub procedure: Sp<String>,
    /// Its name.
    pub name: String,
    channel: Option<ChannelKind>,
    received: Option<DateTime>,
    facts: Vec<(Sp<String>, String)>,
    expect: Expect,
}

/// The result of one scenario.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    /// The scenario.
    pub scenario: Scenario,
    /// Mismatches; empty when it passed.
    pub failures: Vec<String>,
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
        cx.scalar(id, tr!("a procedure code", "mã thủ tục"))
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
    let name = o.req(cx, "name", |cx, id| cx.scalar(id, tr!("a name", "tên")));
    let channel = o
        .opt(cx, "channel", |cx, id| {
            cx.one_of(id, &["direct", "postal", "online_full", "online_partial"])
        })
        .and_then(|c| ChannelKind::parse(&c));
    let received = o.opt(cx, "received", |cx, id| {
        let s = cx.scalar(id, tr!("a date-time", "ngày giờ"))?;
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
                        let text = cx.scalar(*val, tr!("a single value", "một giá trị"))?;
                        v.push((
                            Sp {
                                value: k.text.clone(),
                                start: k.span.start as u32,
                                end: k.span.end as u32,
                            },
                            text.value,
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
        procedure: Sp::bare(String::new()),
        name: name.value,
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

impl std::fmt::Display for Want {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Want::Amount(m) => write!(f, "{m}"),
            Want::NotStated => f.write_str("not stated"),
            Want::SetByProvince => f.write_str("set by the province"),
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
        format!("{text} VND")
    } else {
        text
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
                .map(|s| s.value)
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
                                value: k.text.clone(),
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
) -> Vec<String> {
    let Some(p) = cat.procedure(&s.procedure) else {
        return vec![format!(
            "there is no procedure {} in the catalogue",
            s.procedure.as_str()
        )];
    };
    let program = programs
        .entry(p.code.value.clone())
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
            Err(e) => failures.push(e.message.en),
        }
    }
    if !failures.is_empty() {
        return failures;
    }
    let e = &s.expect;
    let out = match program.eval(&req, &facts, calendar, false) {
        Err(err) => {
            let msg = err.to_string();
            return match &e.error {
                Some(want) if msg.contains(want.as_str()) => Vec::new(),
                Some(want) => vec![format!("expected an error containing “{want}”, got: {msg}")],
                None => vec![format!("evaluation failed: {msg}")],
            };
        }
        Ok(out) => out,
    };
    if let Some(want) = &e.error {
        failures.push(format!(
            "expected an error containing “{want}”, but evaluation succeeded"
        ));
    }
    if let Some(want) = &e.documents {
        let got: Vec<&str> = out.documents.iter().map(|d| d.doc.id.as_str()).collect();
        let mut a: Vec<&str> = want.iter().map(|s| s.as_str()).collect();
        let mut b = got.clone();
        a.sort_unstable();
        b.sort_unstable();
        if a != b {
            failures.push(format!(
                "documents: expected [{}], got [{}]",
                want.join(", "),
                got.join(", ")
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
            let got = match got {
                Want::NotStated => {
                    format!("no total (a fee is not known; known fees {})", out.total)
                }
                g => g.to_string(),
            };
            failures.push(format!("fees total: expected {want}, got {got}"));
        }
    }
    for (id, want) in &e.items {
        match out.fees.iter().find(|f| f.item.id.as_str() == id.as_str()) {
            None => failures.push(format!(
                "fee {}: expected {want}, but it is not charged",
                id.as_str()
            )),
            Some(f) if got(f) != *want => failures.push(format!(
                "fee {}: expected {want}, got {}",
                id.as_str(),
                got(f)
            )),
            _ => {}
        }
    }
    let period = out.deadline.period;
    if let Some(want) = e.unit {
        let got = match period {
            Some(p) => unit_id(p.unit),
            None if !out.deadline.stated => "not_stated",
            None => "unspecified",
        };
        if got != want {
            failures.push(format!("deadline unit: expected {want}, got {got}"));
        }
    }
    if let Some(want) = e.amount {
        let got = period.map(|p| p.amount as u64);
        if got != Some(want) {
            failures.push(format!(
                "deadline: expected {want}, got {}",
                got.map_or("none".into(), |g| g.to_string())
            ));
        }
    }
    if let Some(want) = e.due {
        let got = out.deadline.due.as_ref().map(|d| d.date);
        if got != Some(want) {
            failures.push(format!(
                "due date: expected {want}, got {}",
                got.map_or("none (no --received?)".into(), |g| g.to_string())
            ));
        }
    }
    if let Some(want) = e.due_time {
        let got = out.deadline.due.as_ref().and_then(|d| d.time);
        if got != Some(want) {
            failures.push(format!(
                "due time: expected {}, got {}",
                want.strftime("%H:%M"),
                got.map_or("none".into(), |g| g.strftime("%H:%M").to_string())
            ));
        }
    }
    if let Some(want) = e.provisional {
        match out.deadline.due.as_ref() {
            Some(d) if d.is_provisional() != want => failures.push(format!(
                "provisional: expected {want}, got {} (years computed by the rule: {:?})",
                d.is_provisional(),
                d.provisional
            )),
            Some(_) => {}
            None => failures.push(format!(
                "provisional: expected {want}, but there is no due date (no received?)"
            )),
        }
    }
    failures
}

fn unit_id(u: crate::rules::Unit) -> &'static str {
    match u {
        crate::rules::Unit::WorkingDays => "working_days",
        crate::rules::Unit::Days => "days",
        crate::rules::Unit::Hours => "hours",
        crate::rules::Unit::Months => "months",
    }
}
