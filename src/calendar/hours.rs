//! Working hours (giờ làm việc): the sessions of a working day in which hour deadlines run.
//!
//! Decision 188/1999/QĐ-TTg, art. 1, sets the civil service's week at 40 hours in five days,
//! Saturday and Sunday off — 8 hours a day. The times of the sessions are not national law:
//! each province or agency sets them in its working rules. The default here, 07:30–11:30 and
//! 13:00–17:00, is the schedule most one-stop shops publish; a catalogue states its own in
//! `catalogue.yaml` (`working_hours:`), per agency (`working_hours.agencies`) or per
//! procedure (a border post open around the clock: `sessions: ["00:00-24:00"]`,
//! `every_day: true`).
//!
//! ```yaml
//! working_hours:
//!   sessions: ["07:30-11:30", "13:00-17:00"]
//!   source: { vi: Quy chế làm việc của UBND tỉnh, en: The province's working rules }
//!   agencies:
//!     - { agency: Đồn Biên phòng cửa khẩu, sessions: ["00:00-24:00"], every_day: true }
//! ```

use crate::diag::Words;
use crate::shape::Text;
use crate::shape::{Cx, Kind, Shape, opt, req};
use crate::tr;
use crate::yaml::{NodeId, Span};
use std::sync::Arc;

/// Minutes in a day; a session may end at 24:00.
pub const DAY_MINUTES: u16 = 24 * 60;

/// The working sessions of a day, with whether the office also works on rest days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingHours {
    /// Sessions as (start, end) minutes after midnight, sorted, not overlapping, each
    /// non-empty; `end` may be 1440 (24:00).
    pub sessions: Arc<[(u16, u16)]>,
    /// Open on Saturdays, Sundays and holidays too (a border post, an emergency service).
    pub every_day: bool,
    /// Where the hours come from (`None`: the built-in default).
    pub source: Option<Text>,
}

impl Default for WorkingHours {
    /// 07:30–11:30 and 13:00–17:00, working days only: 8 hours a day as Decision
    /// 188/1999/QĐ-TTg requires.
    fn default() -> Self {
        WorkingHours {
            sessions: Arc::from([(7 * 60 + 30, 11 * 60 + 30), (13 * 60, 17 * 60)]),
            every_day: false,
            source: None,
        }
    }
}

impl WorkingHours {
    /// Minutes of work in one day.
    pub fn minutes_per_day(&self) -> u32 {
        self.sessions.iter().map(|(s, e)| u32::from(e - s)).sum()
    }

    /// The sessions as text, e.g. "07:30–11:30, 13:00–17:00".
    pub fn describe(&self) -> String {
        self.sessions
            .iter()
            .map(|(s, e)| format!("{}–{}", hhmm(*s), hhmm(*e)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Minutes after midnight as `HH:MM` (1440 is `24:00`).
pub fn hhmm(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Working hours for one agency, matched by the name of the implementing agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyHours {
    /// The agency's Vietnamese name, as procedures write it in `agencies.implementing`.
    pub agency: String,
    /// Its hours.
    pub hours: WorkingHours,
}

/// `working_hours:` of the manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HoursConfig {
    /// The catalogue's default.
    pub default: WorkingHours,
    /// Agencies with other hours.
    pub agencies: Vec<AgencyHours>,
}

impl HoursConfig {
    /// The hours of the agency named `agency` (its Vietnamese name), or the default.
    pub fn for_agency(&self, agency: Option<&str>) -> &WorkingHours {
        agency
            .and_then(|a| {
                let a = a.trim();
                self.agencies.iter().find(|x| x.agency.trim() == a)
            })
            .map_or(&self.default, |x| &x.hours)
    }
}

static AGENCY: Shape = Shape {
    name: "AgencyHours",
    doc: "working hours of one agency",
    vi: "giờ làm việc của một cơ quan",
    fields: &[
        req(
            "agency",
            Kind::Str,
            "the implementing agency's name, as procedures write it",
        ),
        req(
            "sessions",
            Kind::List(&Kind::Str),
            "working sessions, e.g. [\"07:30-11:30\", \"13:00-17:00\"]",
        ),
        opt(
            "every_day",
            Kind::Bool,
            "also open on Saturdays, Sundays and holidays",
        ),
    ],
};

/// `working_hours:` in `catalogue.yaml`.
pub static MANIFEST_HOURS: Shape = Shape {
    name: "WorkingHours",
    doc: "working hours in which hour deadlines run",
    vi: "giờ làm việc để tính thời hạn theo giờ",
    fields: &[
        req(
            "sessions",
            Kind::List(&Kind::Str),
            "working sessions, e.g. [\"07:30-11:30\", \"13:00-17:00\"]",
        ),
        opt(
            "every_day",
            Kind::Bool,
            "also open on Saturdays, Sundays and holidays",
        ),
        opt("source", Kind::Text, "the rules that set these hours"),
        opt(
            "agencies",
            Kind::List(&Kind::Obj(&AGENCY)),
            "agencies with other hours",
        ),
    ],
};

/// `working_hours:` in a procedure file.
pub static PROCEDURE_HOURS: Shape = Shape {
    name: "ProcedureHours",
    doc: "working hours of this procedure's agency",
    vi: "giờ làm việc của cơ quan giải quyết thủ tục",
    fields: &[
        req(
            "sessions",
            Kind::List(&Kind::Str),
            "working sessions, e.g. [\"00:00-24:00\"]",
        ),
        opt(
            "every_day",
            Kind::Bool,
            "also open on Saturdays, Sundays and holidays",
        ),
    ],
};

/// Parses `HH:MM` (00:00 to 24:00).
fn minute(s: &str) -> Option<u16> {
    let (h, m) = s.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    let v = h.checked_mul(60)?.checked_add(m)?;
    (m < 60 && v <= DAY_MINUTES).then_some(v)
}

/// Reads a list of sessions: each `HH:MM-HH:MM`, in order, not overlapping, ending after it
/// starts; together they must leave some working time.
fn sessions(cx: &mut Cx<'_>, id: NodeId, whole: Span) -> Option<Arc<[(u16, u16)]>> {
    let before = cx.diags.len();
    let items = cx.list(id, |cx, id| {
        let s = cx.scalar(
            id,
            Words("a session such as \"07:30-11:30\"", "một buổi như \"07:30-11:30\""),
        )?;
        let span = cx.span(id);
        let parsed = s
            .value
            .split_once(['-', '–'])
            .and_then(|(a, b)| Some((minute(a)?, minute(b)?)));
        let Some((start, end)) = parsed else {
            let v = &s.value;
            cx.error(
                "hours/session",
                span,
                tr!(
                    "`{v}` is not a working session",
                    "`{v}` không phải một buổi làm việc"
                ),
                Some(tr!(
                    "write it as \"07:30-11:30\" (24-hour clock; \"24:00\" for midnight at the end)",
                    "viết dạng \"07:30-11:30\" (giờ 24; \"24:00\" cho nửa đêm cuối ngày)"
                )),
            );
            return None;
        };
        if end <= start {
            let (a, b) = (hhmm(start), hhmm(end));
            cx.error(
                "hours/ends-before-start",
                span,
                tr!(
                    "the session {a}–{b} ends before it starts",
                    "buổi {a}–{b} kết thúc trước khi bắt đầu"
                ),
                Some(tr!(
                    "a session cannot run past midnight: split it, e.g. \"22:00-24:00\" and \"00:00-06:00\"",
                    "một buổi không được qua nửa đêm: hãy tách, ví dụ \"22:00-24:00\" và \"00:00-06:00\""
                )),
            );
            return None;
        }
        Some(((start, end), span))
    });
    let mut ok = true;
    for w in items.windows(2) {
        let ((s0, e0), first) = w[0];
        let ((s1, e1), span) = w[1];
        if s1 < e0 {
            ok = false;
            let (a, b, c, d) = (hhmm(s0), hhmm(e0), hhmm(s1), hhmm(e1));
            let mut diag = crate::diag::Diagnostic::error(
                "hours/overlap",
                tr!(
                    "the session {c}–{d} overlaps the session before it, {a}–{b}",
                    "buổi {c}–{d} trùng với buổi trước đó, {a}–{b}"
                ),
            )
            .at(cx.file, span.start, span.end, None)
            .at(
                cx.file,
                first.start,
                first.end,
                Some(tr!("the session before", "buổi trước đó")),
            );
            diag.help = Some(tr!(
                "list the sessions in order of time, each starting after the previous one ends",
                "liệt kê các buổi theo thứ tự thời gian, buổi sau bắt đầu sau khi buổi trước kết thúc"
            ));
            cx.diags.push(diag);
        }
    }
    if items.is_empty() && cx.diags.len() == before {
        cx.error(
            "hours/none",
            whole,
            tr!(
                "these working hours leave no working time",
                "giờ làm việc này không có thời gian làm việc nào"
            ),
            Some(tr!(
                "give at least one session, e.g. sessions: [\"07:30-11:30\", \"13:00-17:00\"]",
                "cần ít nhất một buổi, ví dụ sessions: [\"07:30-11:30\", \"13:00-17:00\"]"
            )),
        );
        return None;
    }
    let clean = ok && cx.diags.len() == before;
    clean.then(|| items.into_iter().map(|(s, _)| s).collect())
}

/// Reads `working_hours:` of a procedure file.
pub fn read_procedure_hours(cx: &mut Cx<'_>, id: NodeId) -> Option<WorkingHours> {
    let mut o = cx.obj(id, &PROCEDURE_HOURS)?;
    let whole = o.span();
    let s = o.req(cx, "sessions", |cx, id| sessions(cx, id, whole));
    let every_day = o
        .opt(cx, "every_day", |cx, id| cx.bool(id))
        .unwrap_or(false);
    o.finish(cx);
    Some(WorkingHours {
        sessions: s?,
        every_day,
        source: None,
    })
}

/// Reads `working_hours:` of the manifest.
pub fn read_manifest_hours(cx: &mut Cx<'_>, id: NodeId) -> Option<HoursConfig> {
    let mut o = cx.obj(id, &MANIFEST_HOURS)?;
    let whole = o.span();
    let s = o.req(cx, "sessions", |cx, id| sessions(cx, id, whole));
    let every_day = o
        .opt(cx, "every_day", |cx, id| cx.bool(id))
        .unwrap_or(false);
    let source = o.opt(cx, "source", |cx, id| cx.text(id));
    let agencies = o
        .opt(cx, "agencies", |cx, id| {
            Some(cx.list(id, |cx, id| {
                let mut a = cx.obj(id, &AGENCY)?;
                let whole = a.span();
                let agency = a.req(cx, "agency", |cx, id| cx.string(id));
                let s = a.req(cx, "sessions", |cx, id| sessions(cx, id, whole));
                let every_day = a
                    .opt(cx, "every_day", |cx, id| cx.bool(id))
                    .unwrap_or(false);
                a.finish(cx);
                Some(AgencyHours {
                    agency: agency?,
                    hours: WorkingHours {
                        sessions: s?,
                        every_day,
                        source: None,
                    },
                })
            }))
        })
        .unwrap_or_default();
    o.finish(cx);
    Some(HoursConfig {
        default: WorkingHours {
            sessions: s?,
            every_day,
            source,
        },
        agencies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceFile;
    use crate::limits::Limits;
    use crate::yaml::Document;

    /// Reads `text` as a manifest's `working_hours:`; returns it and (code, line, column).
    fn read(text: &str) -> (Option<HoursConfig>, Vec<(&'static str, usize, usize)>) {
        let limits = Limits::default();
        let doc = Document::parse(text, &limits).expect("valid YAML");
        let file = SourceFile::new("catalogue.yaml", text);
        let mut cx = Cx::new(&doc, &file, &limits);
        let h = read_manifest_hours(&mut cx, doc.root().unwrap());
        let found = cx
            .diags
            .iter()
            .map(|d| {
                let start = d.labels.first().map_or(0, |l| l.start);
                let (line, col) = file.line_col(start);
                (d.code, line, col)
            })
            .collect();
        (h, found)
    }

    #[test]
    fn reads_sessions_and_agencies() {
        let (h, found) = read(
            "sessions: [\"07:00-11:00\", \"13:30-17:30\"]\nagencies:\n  - { agency: Đồn Biên phòng, sessions: [\"00:00-24:00\"], every_day: true }\n",
        );
        assert_eq!(found, []);
        let h = h.unwrap();
        assert_eq!(&*h.default.sessions, &[(420, 660), (810, 1050)]);
        assert_eq!(h.default.minutes_per_day(), 480);
        assert!(!h.default.every_day);
        let post = h.for_agency(Some("Đồn Biên phòng"));
        assert_eq!(&*post.sessions, &[(0, 1440)]);
        assert!(post.every_day);
        assert_eq!(h.for_agency(Some("UBND xã")), &h.default);
        assert_eq!(h.for_agency(None), &h.default);
    }

    #[test]
    fn bad_sessions_are_reported_at_their_place() {
        let text = "sessions:\n  - \"07:30-11:30\"\n  - \"11:00-12:00\"\n  - \"17:00-13:00\"\n  - \"7h-9h\"\n  - \"08:00-25:00\"\n";
        let (h, found) = read(text);
        assert!(h.is_none());
        assert_eq!(
            found,
            [
                ("hours/ends-before-start", 4, 5),
                ("hours/session", 5, 5),
                ("hours/session", 6, 5),
                ("hours/overlap", 3, 5),
            ]
        );
        let (h, found) = read("sessions: []\n");
        assert!(h.is_none());
        assert_eq!(found, [("hours/none", 1, 1)]);
    }
}
