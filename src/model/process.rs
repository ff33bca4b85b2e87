//! Internal processes (quy trình nội bộ, quy trình điện tử) and the ways a procedure is
//! delivered besides its channels (public postal service, regardless of administrative
//! boundary, internal between state bodies).
//!
//! A process is the steps of handling one procedure — receive, appraise, approve, return —
//! each with the unit or post responsible and its time, adding up to no more than the
//! deadline (Decree 61/2018/NĐ-CP art. 2 and 9, as amended by Decree 107/2021/NĐ-CP; Circular
//! 01/2018/TT-VPCP). A ministry writes it in the procedure file; a province writes its own, with
//! its units and times, in its overlay. [`check`] holds a process to its procedure: every step
//! has a declared unit and a positive time in working days or hours (never months), step
//! numbers are unique, its channels are the procedure's, its act is in the registry, and the
//! steps of each channel add up to no more than that channel's deadline.

use crate::diag::{Diagnostic, Lang, SourceFile, Tr, suggest};
use crate::model::{ChannelKind, Procedure};
use crate::rules::ast::{StepTime, centi_text};
use crate::rules::{Deadline, Unit, parse as rp};
use crate::shape::Str;
use crate::shape::{Cx, Kind, Shape, Sp, Text, opt, req};
use crate::tr;
use crate::yaml::NodeId;
use std::sync::Arc;

const CHANNELS: &[&str] = &["direct", "postal", "online_full", "online_partial"];
const POSTAL: &[&str] = &["receive", "return", "both"];
const SCOPES: &[&str] = &["province", "nationwide"];

/// A step of a process.
pub static STEP: Shape = Shape {
    name: "ProcessStep",
    doc: "a step of an internal process",
    vi: "bước của quy trình nội bộ",
    fields: &[
        opt(
            "step",
            Kind::Count,
            "the step's number as the decision numbers it (default: its place in the list)",
        ),
        req(
            "name",
            Kind::Text,
            "what is done (nội dung công việc), e.g. Tiếp nhận hồ sơ",
        ),
        opt(
            "unit",
            Kind::Id,
            "the responsible unit or post: an id of `units:` (of the overlay for a province's process, of catalogue.yaml for the procedure's own)",
        ),
        req(
            "time",
            Kind::Rule("step time"),
            "how long the step takes: 0,5 working days; 4 hours (working hours)",
        ),
        opt(
            "output",
            Kind::Text,
            "what the step produces (kết quả): a paper or an e-form",
        ),
    ],
};

/// `process:` of a procedure or of an overlay's procedure entry.
pub static PROCESS: Shape = Shape {
    name: "Process",
    doc: "an internal process",
    vi: "quy trình nội bộ, quy trình điện tử",
    fields: &[
        opt(
            "approved_by",
            Kind::Id,
            "the act that approved the process: an id of the legal registry (catalogue.yaml `legal:`, or the overlay's `resolutions:`)",
        ),
        opt(
            "channels",
            Kind::List(&Kind::OneOf(CHANNELS)),
            "the channels the process applies to (default: every channel of the procedure)",
        ),
        req(
            "steps",
            Kind::List(&Kind::Obj(&STEP)),
            "the steps, in order",
        ),
    ],
};

static BOUNDARY_FREE: Shape = Shape {
    name: "BoundaryFree",
    doc: "reception regardless of administrative boundary",
    vi: "tiếp nhận không phụ thuộc địa giới hành chính",
    fields: &[
        req(
            "scope",
            Kind::OneOf(SCOPES),
            "province (within the province) or nationwide",
        ),
        opt(
            "where",
            Kind::Text,
            "where dossiers are received, as the list decision says",
        ),
    ],
};

static INTERNAL: Shape = Shape {
    name: "Internal",
    doc: "an internal procedure between state bodies",
    vi: "thủ tục hành chính nội bộ giữa các cơ quan nhà nước",
    fields: &[req(
        "between",
        Kind::Text,
        "between which state bodies, as the list decision says",
    )],
};

/// `delivery:` of a procedure or of an overlay's procedure entry.
pub static DELIVERY: Shape = Shape {
    name: "Delivery",
    doc: "how a procedure is delivered besides its channels",
    vi: "hình thức tiếp nhận, trả kết quả ngoài cách thức thực hiện",
    fields: &[
        opt(
            "boundary_free",
            Kind::Obj(&BOUNDARY_FREE),
            "received regardless of administrative boundary (and where)",
        ),
        opt(
            "postal",
            Kind::OneOf(POSTAL),
            "through the public postal service: receive, return or both (a `postal` channel already means receive)",
        ),
        opt(
            "internal",
            Kind::Obj(&INTERNAL),
            "an internal procedure between state bodies (TTHC nội bộ)",
        ),
        opt(
            "source",
            Kind::Text,
            "where these attributes come from (a record, a list decision)",
        ),
    ],
};

/// A step, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Its number (as written, or its place in the list).
    pub no: u32,
    /// Where the number was written (the step's mapping when it was not).
    pub no_at: (u32, u32),
    /// What is done.
    pub name: Text,
    /// Where the name was written.
    pub name_at: (u32, u32),
    /// The responsible unit's id.
    pub unit: Option<Sp<Str>>,
    /// How long it takes.
    pub time: Sp<StepTime>,
    /// What it produces.
    pub output: Option<Text>,
    /// The step's mapping.
    pub at: (u32, u32),
}

/// A process, as read.
#[derive(Debug, Clone)]
pub struct Process {
    /// The file it was read from (an overlay's process lives in the overlay).
    pub file: Arc<SourceFile>,
    /// The `process:` mapping.
    pub at: (u32, u32),
    /// The approving act's registry id.
    pub approved_by: Option<Sp<Str>>,
    /// The channels it applies to (empty: every channel of the procedure).
    pub channels: Vec<Sp<ChannelKind>>,
    /// The steps.
    pub steps: Vec<Step>,
}

/// How dossiers go by the public postal service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Postal {
    /// Dossiers are received by post.
    Receive,
    /// Results are returned by post.
    Return,
    /// Both.
    Both,
}

impl Postal {
    /// The id used in YAML and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Postal::Receive => "receive",
            Postal::Return => "return",
            Postal::Both => "both",
        }
    }

    /// As a list decision words it.
    pub fn words(self, lang: Lang) -> &'static str {
        crate::messages::t(
            lang,
            match self {
                Postal::Receive => "Tiếp nhận hồ sơ",
                Postal::Return => "Trả kết quả",
                Postal::Both => "Tiếp nhận hồ sơ và trả kết quả",
            },
            match self {
                Postal::Receive => "Receiving dossiers",
                Postal::Return => "Returning results",
                Postal::Both => "Receiving dossiers and returning results",
            },
        )
    }
}

/// Reception regardless of administrative boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundaryFree {
    /// Nationwide (else within the province).
    pub nationwide: bool,
    /// Where, as the list decision says.
    pub place: Option<Text>,
}

/// How a procedure is delivered besides its channels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivery {
    /// Received regardless of administrative boundary.
    pub boundary_free: Option<BoundaryFree>,
    /// Through the public postal service, as written (see [`Delivery::postal_of`]).
    pub postal: Option<Postal>,
    /// Between which state bodies, for an internal procedure.
    pub internal: Option<Text>,
    /// Where the attributes come from.
    pub source: Option<Text>,
}

impl Delivery {
    /// Overlay fields replace national ones; the others stay.
    pub fn over(&self, local: &Delivery) -> Delivery {
        Delivery {
            boundary_free: local
                .boundary_free
                .clone()
                .or_else(|| self.boundary_free.clone()),
            postal: local.postal.or(self.postal),
            internal: local.internal.clone().or_else(|| self.internal.clone()),
            source: local.source.clone().or_else(|| self.source.clone()),
        }
    }

    /// How the procedure goes by post: as written, else `receive` when it has a postal
    /// channel (the record's "Dịch vụ bưu chính" is receiving by post).
    pub fn postal_of(p: &Procedure) -> Option<Postal> {
        p.delivery
            .postal
            .or_else(|| p.channel(ChannelKind::Postal).map(|_| Postal::Receive))
    }
}

fn step(cx: &mut Cx<'_>, id: NodeId, place: usize) -> Option<Step> {
    let span = cx.span(id);
    let mut o = cx.obj(id, &STEP)?;
    let no = o.opt(cx, "step", |cx, id| {
        let at = cx.span(id);
        cx.count32(id)
            .map(|n| (n, (at.start as u32, at.end as u32)))
    });
    let mut name_at = (span.start as u32, span.start as u32);
    let name = o.req(cx, "name", |cx, id| {
        let s = cx.span(id);
        name_at = (s.start as u32, s.end as u32);
        cx.text(id)
    });
    let unit = o.opt(cx, "unit", |cx, id| cx.id(id));
    let time = o.req(cx, "time", |cx, id| cx.rule(id, rp::step_time));
    let output = o.opt(cx, "output", |cx, id| cx.text(id));
    o.finish(cx);
    let at = (span.start as u32, span.end as u32);
    // A step numbered by its place is pointed at by its name.
    let (no, no_at) = no.unwrap_or((place as u32 + 1, name_at));
    Some(Step {
        no,
        no_at,
        name: name?,
        name_at,
        unit,
        time: time?,
        output,
        at,
    })
}

/// Reads a `process:` mapping.
pub fn read(cx: &mut Cx<'_>, id: NodeId) -> Option<Process> {
    let span = cx.span(id);
    let mut o = cx.obj(id, &PROCESS)?;
    let approved_by = o.opt(cx, "approved_by", |cx, id| cx.id(id));
    let channels = o
        .opt(cx, "channels", |cx, id| {
            Some(cx.list(id, |cx, id| {
                let c = cx.one_of(id, CHANNELS)?;
                Some(Sp {
                    value: ChannelKind::parse(&c).expect("checked"),
                    start: c.start,
                    end: c.end,
                })
            }))
        })
        .unwrap_or_default();
    let steps = o
        .req(cx, "steps", |cx, id| {
            let mut place = 0;
            Some(cx.list(id, |cx, id| {
                let s = step(cx, id, place);
                place += 1;
                s
            }))
        })
        .unwrap_or_default();
    o.finish(cx);
    Some(Process {
        file: cx.file.clone(),
        at: (span.start as u32, span.end as u32),
        approved_by,
        channels,
        steps,
    })
}

/// Reads a `delivery:` mapping.
pub fn read_delivery(cx: &mut Cx<'_>, id: NodeId) -> Option<Delivery> {
    let mut o = cx.obj(id, &DELIVERY)?;
    let boundary_free = o.opt(cx, "boundary_free", |cx, id| {
        let mut b = cx.obj(id, &BOUNDARY_FREE)?;
        let scope = b.req(cx, "scope", |cx, id| cx.one_of(id, SCOPES));
        let place = b.opt(cx, "where", |cx, id| cx.text(id));
        b.finish(cx);
        Some(BoundaryFree {
            nationwide: *scope? == "nationwide",
            place,
        })
    });
    let postal = o.opt(cx, "postal", |cx, id| {
        Some(match *cx.one_of(id, POSTAL)? {
            "receive" => Postal::Receive,
            "return" => Postal::Return,
            _ => Postal::Both,
        })
    });
    let internal = o.opt(cx, "internal", |cx, id| {
        let mut i = cx.obj(id, &INTERNAL)?;
        let between = i.req(cx, "between", |cx, id| cx.text(id));
        i.finish(cx);
        between
    });
    let source = o.opt(cx, "source", |cx, id| cx.text(id));
    o.finish(cx);
    Some(Delivery {
        boundary_free,
        postal,
        internal,
        source,
    })
}

/// A unit of time a step or a deadline is counted in, in words: "0,5 ngày làm việc".
pub fn time_words(t: &StepTime, lang: Lang) -> String {
    let sep = match lang {
        Lang::Vi => ',',
        Lang::En => '.',
    };
    let word = match lang {
        Lang::Vi => t.unit.word_vi(),
        Lang::En => t.unit.word(if t.centi.abs() == 100 { 1 } else { 2 }),
    };
    let amount = t.amount_text(sep);
    // Working hours: the step runs in the agency's sessions, as deadlines in hours do.
    match (lang, t.unit) {
        (Lang::Vi, Unit::Hours) => format!("{amount} giờ làm việc"),
        (Lang::En, Unit::Hours) => format!("{amount} working {word}"),
        _ => format!("{amount} {word}"),
    }
}

/// The total of some steps, in the unit people compare it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    /// Hundredths of `unit`.
    pub centi: i64,
    /// The unit.
    pub unit: Unit,
}

impl Total {
    /// As a step time, for words.
    pub fn as_time(self) -> StepTime {
        StepTime {
            centi: self.centi,
            unit: self.unit,
        }
    }
}

/// The sum of the steps' times: in working days when any step is in days (hours count as
/// their share of the working day of `day_minutes`), in hours when all are; `None` when the
/// steps mix calendar days with working time, or use months, which cannot be added.
pub fn total(steps: &[Step], day_minutes: u32) -> Option<Total> {
    let units: Vec<Unit> = steps.iter().map(|s| s.time.unit).collect();
    if units.is_empty() {
        return Some(Total {
            centi: 0,
            unit: Unit::WorkingDays,
        });
    }
    if units.contains(&Unit::Months) {
        return None;
    }
    if units.iter().all(|u| *u == Unit::Days) {
        let c = steps
            .iter()
            .try_fold(0i64, |a, s| a.checked_add(s.time.centi))?;
        return Some(Total {
            centi: c,
            unit: Unit::Days,
        });
    }
    if units.contains(&Unit::Days) {
        return None;
    }
    // In minutes (hundredths of a minute), then in the unit of the largest step.
    let day = i64::from(day_minutes.max(1));
    let minutes: i64 = steps.iter().try_fold(0i64, |a, s| {
        let m = match s.time.unit {
            Unit::WorkingDays => s.time.centi.checked_mul(day)?,
            _ => s.time.centi.checked_mul(60)?,
        };
        a.checked_add(m)
    })?;
    if units.iter().all(|u| *u == Unit::Hours) {
        return Some(Total {
            centi: minutes / 60,
            unit: Unit::Hours,
        });
    }
    // Hundredths of a working day, rounded up: a total is never shown shorter than it is.
    Some(Total {
        centi: (minutes + day - 1).div_euclid(day),
        unit: Unit::WorkingDays,
    })
}

/// A deadline's periods (every branch of a conditional one).
fn periods(d: &Deadline) -> Vec<crate::rules::Duration> {
    match d {
        Deadline::Unspecified | Deadline::NotStated => Vec::new(),
        Deadline::Fixed(x) => vec![*x],
        Deadline::When {
            then, otherwise, ..
        } => {
            let mut v = vec![*then];
            v.extend(periods(otherwise));
            v
        }
    }
}

/// Hundredths of minutes of a total or a period of working time; `None` for calendar days
/// and months.
fn working_minutes(centi: i64, unit: Unit, day_minutes: u32) -> Option<i64> {
    match unit {
        Unit::WorkingDays => centi.checked_mul(i64::from(day_minutes)),
        Unit::Hours => centi.checked_mul(60),
        Unit::Days | Unit::Months => None,
    }
}

/// What [`check`] needs besides the process and its procedure.
pub struct Scope<'a> {
    /// Declared unit ids (the overlay's or the manifest's).
    pub units: &'a [&'a str],
    /// Ids of the legal registry the approving act may name.
    pub acts: &'a [&'a str],
    /// Minutes of a working day of the procedure's agency.
    pub day_minutes: u32,
    /// Where the units are declared, for hints: "the overlay" / "catalogue.yaml".
    pub units_in: Tr,
}

/// The first line of a process, where findings about the whole of it point (its mapping runs
/// on to the next entry of the overlay).
fn head_of(p: &Process) -> (u32, u32) {
    let text = p.file.text();
    let start = p.at.0 as usize;
    let end = text
        .get(start..p.at.1 as usize)
        .and_then(|t| t.find('\n'))
        .map_or(p.at.1 as usize, |k| start + k);
    (p.at.0, end as u32)
}

fn at(d: Diagnostic, file: &Arc<SourceFile>, span: (u32, u32)) -> Diagnostic {
    d.at(file, span.0 as usize, span.1 as usize, None)
}

/// Checks a process against its procedure (localised, for a province's process): see the
/// module documentation.
pub fn check(p: &Process, proc_: &Procedure, scope: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let f = &p.file;
    let code = proc_.code.as_str();
    if let Some(act) = &p.approved_by
        && !scope.acts.contains(&act.as_str())
    {
        let v = act.as_str();
        let mut d = at(
            Diagnostic::error(
                "process/unknown-act",
                tr!(
                    "`{v}` is not an act of the legal registry: the act approving the process must be declared",
                    "`{v}` không phải văn bản trong danh mục văn bản pháp luật: văn bản phê duyệt quy trình phải được khai báo"
                ),
            ),
            f,
            (act.start, act.end),
        );
        // The registry is long: a near id, else where to declare the act.
        d.help = Some(match crate::diag::nearest(v, scope.acts.iter().copied()) {
            Some(n) => crate::messages::did_you_mean(&format!("`{n}`")),
            None => tr!(
                "declare the decision under `legal:` in catalogue.yaml (or `resolutions:` of the overlay)",
                "khai báo quyết định trong `legal:` của catalogue.yaml (hoặc `resolutions:` của tệp địa phương hóa)"
            ),
        });
        out.push(d);
    }
    for c in &p.channels {
        if proc_.channel(c.value).is_none() {
            let (en, vi) = (c.value.label(Lang::En), c.value.label(Lang::Vi));
            let id = c.value.id();
            let has: Vec<&str> = proc_.channels.iter().map(|c| c.kind.id()).collect();
            let list = has.join(", ");
            out.push(
                at(
                    Diagnostic::error(
                        "process/unknown-channel",
                        tr!(
                            "procedure {code} has no channel `{id}` ({en}): the process cannot apply to it",
                            "thủ tục {code} không có cách thức `{id}` ({vi}): quy trình không áp dụng cho cách thức này"
                        ),
                    ),
                    f,
                    (c.start, c.end),
                )
                .help(tr!(
                    "the procedure's channels are: {list}",
                    "các cách thức của thủ tục là: {list}"
                )),
            );
        }
    }
    if p.steps.is_empty() {
        out.push(at(
            Diagnostic::error(
                "process/no-steps",
                tr!(
                    "a process needs at least one step",
                    "quy trình cần ít nhất một bước"
                ),
            ),
            f,
            head_of(p),
        ));
    }
    let mut seen: Vec<(u32, (u32, u32))> = Vec::new();
    let mut times_ok = true;
    for s in &p.steps {
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == s.no) {
            let n = s.no;
            out.push(
                at(
                    Diagnostic::error(
                        "process/duplicate-step",
                        tr!("step {n} is numbered twice", "bước {n} bị đánh số hai lần"),
                    ),
                    f,
                    s.no_at,
                )
                .also(
                    first.0 as usize,
                    first.1 as usize,
                    tr!("first numbered here", "đánh số lần đầu ở đây"),
                )
                .help(tr!(
                    "give each step its own number",
                    "đánh số riêng cho từng bước"
                )),
            );
        } else {
            seen.push((s.no, s.no_at));
        }
        let (n, name) = (s.no, &*s.name.vi);
        let (units_en, units_vi) = (&scope.units_in.en, &scope.units_in.vi);
        match &s.unit {
            None => out.push(
                at(
                    Diagnostic::error(
                        "process/missing-unit",
                        tr!(
                            "step {n} ({name}) does not say which unit or post does it",
                            "bước {n} ({name}) chưa nêu đơn vị, người thực hiện"
                        ),
                    ),
                    f,
                    s.name_at,
                )
                .help(tr!(
                    "add `unit: …` with an id of `units:` in {units_en}",
                    "thêm `unit: …` là mã trong `units:` của {units_vi}"
                )),
            ),
            Some(u) if !scope.units.contains(&u.as_str()) => {
                let v = u.as_str();
                let (en, vi) = (&scope.units_in.en, &scope.units_in.vi);
                let mut d = at(
                    Diagnostic::error(
                        "process/unknown-unit",
                        tr!(
                            "`{v}` is not a unit declared in {en}",
                            "`{v}` không phải đơn vị đã khai báo trong {vi}"
                        ),
                    ),
                    f,
                    (u.start, u.end),
                );
                d.help = Some(if scope.units.is_empty() {
                    tr!(
                        "declare the units under `units:` ({{ id, name }} each) in {en}",
                        "khai báo các đơn vị trong `units:` ({{ id, name }}) của {vi}"
                    )
                } else {
                    suggest(v, scope.units)
                });
                out.push(d);
            }
            Some(_) => {}
        }
        let t = s.time.value;
        // In words only for a finding: most steps have none.
        let words = || (time_words(&t, Lang::En), time_words(&t, Lang::Vi));
        if t.unit == Unit::Months {
            times_ok = false;
            let (written, written_vi) = words();
            out.push(
                at(
                    Diagnostic::error(
                        "process/bad-time",
                        tr!(
                            "step {n} ({name}) takes {written}: a step's time is counted in working days or hours, not months",
                            "bước {n} ({name}) có thời gian {written_vi}: thời gian của một bước tính bằng ngày làm việc hoặc giờ, không tính bằng tháng"
                        ),
                    ),
                    f,
                    (s.time.start, s.time.end),
                )
                .help(tr!(
                    "write e.g. `time: 3 working days`",
                    "ví dụ `time: 3 ngày làm việc`"
                )),
            );
        } else if t.centi <= 0 {
            times_ok = false;
            let (written, written_vi) = words();
            out.push(
                at(
                    Diagnostic::error(
                        "process/bad-time",
                        tr!(
                            "step {n} ({name}) takes {written}: a step's time must be more than zero",
                            "bước {n} ({name}) có thời gian {written_vi}: thời gian của một bước phải lớn hơn 0"
                        ),
                    ),
                    f,
                    (s.time.start, s.time.end),
                )
                .help(tr!(
                    "write the time the step takes, e.g. `time: 0,5 working days`",
                    "ghi thời gian thực hiện bước, ví dụ `time: 0,5 ngày làm việc`"
                )),
            );
        }
    }
    if !times_ok || p.steps.is_empty() {
        return;
    }
    let Some(sum) = total(&p.steps, scope.day_minutes) else {
        out.push(at(
            Diagnostic::warning(
                "process/incomparable",
                tr!(
                    "the steps mix calendar days with working days or hours: their total cannot be compared with the deadline",
                    "các bước dùng lẫn ngày theo lịch với ngày làm việc hoặc giờ: không cộng được để so với thời hạn giải quyết"
                ),
            ),
            f,
            head_of(p),
        ));
        return;
    };
    let channels: Vec<&crate::model::Channel> = if p.channels.is_empty() {
        proc_.channels.iter().collect()
    } else {
        p.channels
            .iter()
            .filter_map(|c| proc_.channel(c.value))
            .collect()
    };
    // One finding per deadline, naming every channel that has it (one fault, one finding).
    let mut over_by: Vec<(String, String, Vec<ChannelKind>)> = Vec::new();
    let mut incomparable_by: Vec<(String, String, Vec<ChannelKind>)> = Vec::new();
    for c in channels {
        let periods = periods(&c.deadline.value);
        if periods.is_empty() {
            continue;
        }
        // Over only when over every branch of a conditional deadline.
        let mut comparable = false;
        let mut over = true;
        for d in &periods {
            let ok = match (d.unit, sum.unit) {
                (Unit::Days, Unit::Days) => Some(sum.centi <= i64::from(d.amount) * 100),
                (Unit::Days | Unit::Months, _) | (_, Unit::Days) => None,
                _ => {
                    let a = working_minutes(sum.centi, sum.unit, scope.day_minutes);
                    let b = working_minutes(i64::from(d.amount) * 100, d.unit, scope.day_minutes);
                    a.zip(b).map(|(a, b)| a <= b)
                }
            };
            if let Some(ok) = ok {
                comparable = true;
                over &= !ok;
            }
        }
        let group = if !comparable {
            &mut incomparable_by
        } else if over {
            &mut over_by
        } else {
            continue;
        };
        let (en, vi) = (
            deadline_words(&c.deadline.value, Lang::En),
            deadline_words(&c.deadline.value, Lang::Vi),
        );
        match group.iter_mut().find(|g| g.0 == en) {
            Some(g) => g.2.push(*c.kind),
            None => group.push((en, vi, vec![*c.kind])),
        }
    }
    let names = |ks: &[ChannelKind], lang: Lang| {
        ks.iter()
            .map(|k| k.label(lang))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if over_by.is_empty() && incomparable_by.is_empty() {
        return;
    }
    let (ten, tvi) = (
        time_words(&sum.as_time(), Lang::En),
        time_words(&sum.as_time(), Lang::Vi),
    );
    // Read only for a finding: the text of a file without one may have been let go.
    let head = || head_of(p);
    for (deadline, deadline_vi, ks) in incomparable_by {
        let (en, vi) = (names(&ks, Lang::En), names(&ks, Lang::Vi));
        out.push(at(
            Diagnostic::warning(
                "process/incomparable",
                tr!(
                    "the steps ({ten}) cannot be compared with the deadline {deadline} ({en}): calendar days and working time do not add up",
                    "không so được tổng thời gian các bước ({tvi}) với thời hạn giải quyết {deadline_vi} ({vi}): ngày theo lịch và thời gian làm việc không cộng được với nhau"
                ),
            ),
            f,
            head(),
        ));
    }
    for (deadline, deadline_vi, ks) in over_by {
        let (en, vi) = (names(&ks, Lang::En), names(&ks, Lang::Vi));
        out.push(
            at(
                Diagnostic::error(
                    "process/over-deadline",
                    tr!(
                        "the steps add up to {ten}, more than the deadline of {deadline} ({en})",
                        "các bước cộng lại {tvi}, vượt thời hạn giải quyết {deadline_vi} ({vi})"
                    ),
                ),
                f,
                head(),
            )
            .help(tr!(
                "shorten the steps so that they add up to no more than the deadline (Decree 61/2018/NĐ-CP)",
                "rút ngắn thời gian các bước để tổng không vượt thời hạn giải quyết (Nghị định 61/2018/NĐ-CP)"
            )),
        );
    }
}

/// A deadline's periods in words ("5 ngày làm việc", several joined by "hoặc"), for findings.
pub fn deadline_words(d: &Deadline, lang: Lang) -> String {
    let words: Vec<String> = periods(d)
        .iter()
        .map(|p| {
            time_words(
                &StepTime {
                    centi: i64::from(p.amount) * 100,
                    unit: p.unit,
                },
                lang,
            )
        })
        .collect();
    words.join(if lang == Lang::Vi { " hoặc " } else { " or " })
}

/// Hundredths as a number in words: 450 → "4,5" (Vietnamese) or "4.5".
pub fn centi_words(centi: i64, lang: Lang) -> String {
    centi_text(centi, if lang == Lang::Vi { ',' } else { '.' })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(centi: i64, unit: Unit) -> Step {
        Step {
            no: 1,
            no_at: (0, 0),
            name: Text::default(),
            name_at: (0, 0),
            unit: None,
            time: Sp::bare(StepTime { centi, unit }),
            output: None,
            at: (0, 0),
        }
    }

    #[test]
    fn totals_add_hours_into_working_days() {
        let wd = Unit::WorkingDays;
        let steps = [st(50, wd), st(400, Unit::Hours), st(200, wd)];
        // 0.5 day + 4 hours (half a day of 8) + 2 days = 3 days.
        assert_eq!(
            total(&steps, 480),
            Some(Total {
                centi: 300,
                unit: wd
            })
        );
        assert_eq!(
            total(&[st(400, Unit::Hours), st(200, Unit::Hours)], 480),
            Some(Total {
                centi: 600,
                unit: Unit::Hours
            })
        );
        assert_eq!(total(&[st(100, Unit::Days), st(100, wd)], 480), None);
        // 1 hour and 1 day of 8 hours is 1.125 days, shown rounded up (never shorter).
        assert_eq!(
            total(&[st(100, Unit::Hours), st(100, wd)], 480)
                .unwrap()
                .centi,
            113
        );
    }

    #[test]
    fn times_in_words() {
        let t = |c, u| StepTime { centi: c, unit: u };
        assert_eq!(
            time_words(&t(50, Unit::WorkingDays), Lang::Vi),
            "0,5 ngày làm việc"
        );
        assert_eq!(
            time_words(&t(300, Unit::WorkingDays), Lang::Vi),
            "3 ngày làm việc"
        );
        assert_eq!(time_words(&t(400, Unit::Hours), Lang::Vi), "4 giờ làm việc");
        assert_eq!(
            time_words(&t(100, Unit::WorkingDays), Lang::En),
            "1 working day"
        );
        assert_eq!(
            time_words(&t(25, Unit::WorkingDays), Lang::En),
            "0.25 working days"
        );
    }
}
