//! Simplification targets (`targets.yaml`) and checking them against a baseline.

use super::{Metric, Metrics, Report, Totals};
use crate::diag::Words;
use crate::money::Dec;
use crate::shape::{Cx, Kind, Shape, opt, req};
use crate::tr;
use crate::yaml::NodeId;
use std::collections::BTreeMap;

const METRICS: &[&str] = &[
    "declared_fields",
    "documents",
    "deadline_working_days",
    "fees_total",
    "compliance_cost",
    "procedures",
];

static TARGET: Shape = Shape {
    name: "Target",
    doc: "a simplification target",
    vi: "chỉ tiêu đơn giản hóa",
    fields: &[
        req("id", Kind::Id, "stable id"),
        opt("title", Kind::Text, "what the target is, for reports"),
        req("metric", Kind::OneOf(METRICS), "which metric"),
        opt(
            "scope",
            Kind::Str,
            "all (default), field:ID, level:ID, agency:NAME, or each (every procedure)",
        ),
        opt(
            "min_applications",
            Kind::Count,
            "only procedures with at least this many applications a year",
        ),
        req(
            "change",
            Kind::Str,
            "required change against the baseline, e.g. -20%",
        ),
        opt(
            "basis",
            Kind::Str,
            "the resolution or decision that sets the target",
        ),
    ],
};

static FILE: Shape = Shape {
    name: "Targets",
    doc: "the targets file",
    vi: "tệp chỉ tiêu",
    fields: &[
        opt(
            "presets",
            Kind::List(&Kind::OneOf(PRESET_NAMES)),
            "targets set by a resolution or decision, by name: nq-66-2025, qd-1085-2022, khai-bao-20",
        ),
        opt("targets", Kind::List(&Kind::Obj(&TARGET)), "targets"),
    ],
};

/// The names of the presets.
pub const PRESET_NAMES: &[&str] = &["nq-66-2025", "qd-1085-2022", "khai-bao-20"];

/// The targets a preset stands for, each with the act that sets it (found and quoted from
/// its published text).
pub fn preset(name: &str) -> Vec<Target> {
    let t = |id: &str, vi: &str, en: &str, metric, change, basis: Option<&str>| Target {
        id: id.to_string(),
        title: Some(crate::model::Text {
            vi: vi.into(),
            en: Some(en.into()),
        }),
        metric,
        scope: Scope::All,
        min_applications: None,
        required: change,
        basis: basis.map(str::to_string),
    };
    // Resolution 66/NQ-CP of 26/03/2025 (the programme of cutting and simplifying procedures
    // related to production and business in 2025 and 2026): in 2025 cut at least 30% of the
    // time to settle procedures and 30% of the cost of complying with them.
    const NQ66: &str = "Nghị quyết số 66/NQ-CP ngày 26/3/2025 của Chính phủ về Chương trình cắt giảm, đơn giản hóa thủ tục hành chính liên quan đến hoạt động sản xuất, kinh doanh năm 2025 và 2026: năm 2025 giảm ít nhất 30% thời gian giải quyết thủ tục hành chính, 30% chi phí tuân thủ thủ tục hành chính";
    // Decision 1085/QĐ-TTg of 15/09/2022 (plan to review and simplify internal procedures of
    // the state administration 2022–2025): cut at least 20% of internal procedures and 20% of
    // their compliance cost. For a catalogue of internal procedures.
    const QD1085: &str = "Quyết định số 1085/QĐ-TTg ngày 15/9/2022 của Thủ tướng Chính phủ ban hành Kế hoạch rà soát, đơn giản hóa thủ tục hành chính nội bộ trong hệ thống hành chính nhà nước giai đoạn 2022 - 2025: cắt giảm, đơn giản hóa tối thiểu 20% thủ tục hành chính nội bộ và 20% chi phí tuân thủ thủ tục hành chính";
    match name {
        "nq-66-2025" => vec![
            t(
                "nq-66-2025-thoi-gian",
                "Giảm ít nhất 30% thời gian giải quyết thủ tục hành chính",
                "Cut the time to settle procedures by at least 30%",
                Metric::DeadlineWorkingDays,
                -3000,
                Some(NQ66),
            ),
            t(
                "nq-66-2025-chi-phi",
                "Giảm ít nhất 30% chi phí tuân thủ thủ tục hành chính",
                "Cut the compliance cost by at least 30%",
                Metric::ComplianceCost,
                -3000,
                Some(NQ66),
            ),
        ],
        "qd-1085-2022" => vec![
            t(
                "qd-1085-2022-thu-tuc",
                "Cắt giảm tối thiểu 20% thủ tục hành chính nội bộ",
                "Cut at least 20% of internal procedures",
                Metric::Procedures,
                -2000,
                Some(QD1085),
            ),
            t(
                "qd-1085-2022-chi-phi",
                "Cắt giảm tối thiểu 20% chi phí tuân thủ thủ tục hành chính nội bộ",
                "Cut the compliance cost of internal procedures by at least 20%",
                Metric::ComplianceCost,
                -2000,
                Some(QD1085),
            ),
        ],
        // No act setting this figure was found: the preset names none rather than guess one
        // (write the target with its `basis:` in `targets:` when the act is known).
        "khai-bao-20" => vec![t(
            "khai-bao-20",
            "Cắt giảm ít nhất 20% thông tin phải khai báo",
            "Cut the information applicants declare by at least 20%",
            Metric::DeclaredFields,
            -2000,
            None,
        )],
        _ => Vec::new(),
    }
}

/// Which procedures a target covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole catalogue, added up.
    All,
    /// One field.
    Field(String),
    /// One level.
    Level(String),
    /// One agency (implementing, else competent).
    Agency(String),
    /// Every procedure on its own.
    Each,
}

impl Scope {
    fn label(&self) -> String {
        match self {
            Scope::All => "all".into(),
            Scope::Field(f) => format!("field:{f}"),
            Scope::Level(l) => format!("level:{l}"),
            Scope::Agency(a) => format!("agency:{a}"),
            Scope::Each => "each".into(),
        }
    }

    fn covers(&self, m: &Metrics) -> bool {
        match self {
            Scope::All | Scope::Each => true,
            Scope::Field(f) => &m.field == f,
            Scope::Level(l) => m.levels.contains(l),
            Scope::Agency(a) => &m.agency == a,
        }
    }
}

/// One target.
#[derive(Debug, Clone)]
pub struct Target {
    /// Id.
    pub id: String,
    /// Title.
    pub title: Option<crate::model::Text>,
    /// Metric.
    pub metric: Metric,
    /// Scope.
    pub scope: Scope,
    /// Only procedures with at least this many applications a year.
    pub min_applications: Option<u64>,
    /// Required change in hundredths of a percent (−2000 = −20%): the change must not exceed it.
    pub required: i64,
    /// Legal basis of the target.
    pub basis: Option<String>,
}

/// Reads `targets.yaml`; `fields` and `levels` are the declared ids (for unknown scopes).
pub fn read(cx: &mut Cx<'_>, root: NodeId, fields: &[&str], levels: &[&str]) -> Vec<Target> {
    let Some(mut o) = cx.obj(root, &FILE) else {
        return Vec::new();
    };
    let mut named = false;
    let mut list: Vec<Target> = o
        .opt(cx, "presets", |cx, id| {
            named = true;
            Some(cx.list(id, |cx, id| cx.one_of(id, PRESET_NAMES)))
        })
        .unwrap_or_default()
        .iter()
        .flat_map(|name| preset(name))
        .collect();
    list.extend(
        o.opt(cx, "targets", |cx, id| {
            named = true;
            Some(cx.list(id, |cx, id| target(cx, id, fields, levels)))
        })
        .unwrap_or_default(),
    );
    o.finish(cx);
    if !named {
        // A file that sets nothing must not pass as "every target met".
        cx.error(
            "targets/empty",
            cx.span(root),
            tr!(
                "the targets file sets no target: write `presets:` or `targets:`",
                "tệp chỉ tiêu chưa đặt chỉ tiêu nào: hãy ghi `presets:` hoặc `targets:`"
            ),
            Some(tr!(
                "e.g. `presets: [nq-66-2025]`",
                "ví dụ `presets: [nq-66-2025]`"
            )),
        );
    }
    list
}

fn target(cx: &mut Cx<'_>, id: NodeId, fields: &[&str], levels: &[&str]) -> Option<Target> {
    let mut o = cx.obj(id, &TARGET)?;
    let tid = o.req(cx, "id", |cx, id| cx.id(id));
    let title = o.opt(cx, "title", |cx, id| cx.text(id));
    let metric = o.req(cx, "metric", |cx, id| cx.one_of(id, METRICS));
    let scope = o
        .opt(cx, "scope", |cx, id| {
            let s = cx.scalar(id, Words("a scope", "phạm vi"))?;
            let span = cx.span(id);
            let (kind, value) = s
                .split_once(':')
                .map(|(k, v)| (k.trim(), v.trim()))
                .unwrap_or((s.as_str(), ""));
            let unknown = |cx: &mut Cx<'_>, what: crate::diag::Tr, known: &[&str]| {
                let v = value.to_string();
                cx.error(
                    "targets/scope",
                    span,
                    crate::diag::Tr {
                        en: format!("`{v}` is not a declared {}", what.en),
                        vi: format!("`{v}` không phải {} đã khai báo", what.vi),
                    },
                    Some(crate::diag::suggest(&v, known)),
                );
            };
            match kind {
                "all" => Some(Scope::All),
                "each" => Some(Scope::Each),
                "field" if fields.contains(&value) => Some(Scope::Field(value.into())),
                "field" => {
                    unknown(cx, tr!("field", "lĩnh vực"), fields);
                    None
                }
                "level" if levels.contains(&value) => Some(Scope::Level(value.into())),
                "level" => {
                    unknown(cx, tr!("level", "cấp thực hiện"), levels);
                    None
                }
                "agency" if !value.is_empty() => Some(Scope::Agency(value.into())),
                _ => {
                    let v = s.value.clone();
                    cx.error(
                        "targets/scope",
                        span,
                        tr!("`{v}` is not a scope", "`{v}` không phải phạm vi hợp lệ"),
                        Some(tr!(
                            "use all, each, field:ID, level:ID or agency:NAME",
                            "dùng all, each, field:ID, level:ID hoặc agency:TÊN"
                        )),
                    );
                    None
                }
            }
        })
        .unwrap_or(Scope::All);
    let min_applications = o.opt(cx, "min_applications", |cx, id| cx.count(id));
    let change = o.req(cx, "change", |cx, id| {
        let s = cx.scalar(id, Words("a percentage", "tỷ lệ phần trăm"))?;
        let text = s
            .trim()
            .trim_end_matches('%')
            .trim()
            .trim_start_matches('+');
        match Dec::parse(text) {
            Some(d) if (-100_000..=100_000).contains(&d.0) && d.0 % 10 == 0 => Some(d.0 / 10),
            Some(_) => {
                let v = s.value.clone();
                cx.error(
                    "targets/range",
                    cx.span(id),
                    tr!(
                        "`{v}` is outside -100%..100% (or has more than two decimals)",
                        "`{v}` nằm ngoài khoảng -100%..100% (hoặc quá hai chữ số thập phân)"
                    ),
                    None,
                );
                None
            }
            None => {
                let v = s.value.clone();
                cx.error(
                    "targets/range",
                    cx.span(id),
                    tr!(
                        "`{v}` is not a percentage",
                        "`{v}` không phải tỷ lệ phần trăm"
                    ),
                    Some(tr!("write e.g. -20%", "viết ví dụ -20%")),
                );
                None
            }
        }
    });
    let basis = o.opt(cx, "basis", |cx, id| cx.string(id));
    o.finish(cx);
    let metric = metric?;
    Some(Target {
        id: tid?.value.to_string(),
        title,
        metric: Metric::ALL
            .iter()
            .find(|(_, id)| *id == *metric)
            .map(|(m, _)| *m)?,
        scope,
        min_applications,
        required: change?,
        basis,
    })
}

/// A procedure's contribution to a target.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Contribution {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Baseline value (`None`: the procedure is new).
    pub baseline: Option<i128>,
    /// Current value (`None`: abolished).
    pub current: Option<i128>,
    /// Current minus baseline.
    pub delta: i128,
}

/// The outcome of one target.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Outcome {
    /// Target id.
    pub id: String,
    /// Title, when given.
    pub title: Option<crate::model::Text>,
    /// Metric id.
    pub metric: &'static str,
    /// Scope label.
    pub scope: String,
    /// Baseline value of the metric over the scope.
    pub baseline: i128,
    /// Current value.
    pub current: i128,
    /// Change in percent with two decimals (`None` when the baseline is 0).
    pub change_pct: Option<f64>,
    /// Required change in percent.
    pub required_pct: f64,
    /// Whether it is met.
    pub met: bool,
    /// Why it could not be computed as a percentage, if so.
    #[serde(skip)]
    pub note: Option<crate::diag::Tr>,
    /// Procedures that helped most (largest decreases).
    pub helped: Vec<Contribution>,
    /// Procedures that hurt most (increases).
    pub hurt: Vec<Contribution>,
    /// The legal basis of the target.
    pub basis: Option<String>,
    /// Procedures in scope this fee or cost target could not measure (fees not stated, set
    /// by the province, or without typical quantities, on either side): left out of both the
    /// baseline and the current value.
    pub unmeasured: u64,
}

/// Change from `a` to `b` in hundredths of a percent, rounded half away from zero.
pub fn change_bp(a: i128, b: i128) -> Option<i64> {
    if a == 0 {
        return None;
    }
    let num = (b - a) * 10_000;
    let den = a.abs();
    let q = (2 * num + num.signum() * den) / (2 * den);
    Some(q as i64)
}

/// Checks every target: baseline report against the current one.
pub fn check(targets: &[Target], baseline: &Report, current: &Report) -> Vec<Outcome> {
    targets
        .iter()
        .map(|t| check_one(t, baseline, current))
        .collect()
}

fn check_one(t: &Target, baseline: &Report, current: &Report) -> Outcome {
    let select = |r: &Report| -> BTreeMap<String, Metrics> {
        r.procedures
            .iter()
            .filter(|m| {
                t.scope.covers(m)
                    && t.min_applications
                        .is_none_or(|n| m.applications_per_year.is_some_and(|a| a >= n))
            })
            .map(|m| (m.code.clone(), m.clone()))
            .collect()
    };
    let (mut a, mut b) = (select(baseline), select(current));
    // A fee or cost that cannot be measured on one side is compared on neither: unknown is
    // not zero, and a fee becoming known is not an increase.
    let mut unmeasured = 0u64;
    // Whether a procedure whose volume no source states is above `min_applications` is not
    // known either: it is counted as unmeasured, never silently left out.
    if t.min_applications.is_some() {
        let unknown: std::collections::BTreeSet<&str> = baseline
            .procedures
            .iter()
            .chain(&current.procedures)
            .filter(|m| t.scope.covers(m) && m.applications_per_year.is_none())
            .map(|m| m.code.as_str())
            .collect();
        for c in unknown {
            a.remove(c);
            b.remove(c);
            unmeasured += 1;
        }
    }
    if matches!(t.metric, Metric::FeesTotal | Metric::ComplianceCost) {
        // A fee target needs the fees; a cost target the annual cost (which also needs the
        // fees and a stated volume).
        let blind = |m: &Metrics| match t.metric {
            Metric::FeesTotal => m.fees_total.is_none(),
            _ => m.fees_total.is_none() || m.compliance_cost.is_none(),
        };
        let out: Vec<String> = a
            .iter()
            .chain(b.iter())
            .filter(|(_, m)| blind(m))
            .map(|(c, _)| c.clone())
            .collect();
        for c in out {
            if a.remove(&c).is_some() | b.remove(&c).is_some() {
                unmeasured += 1;
            }
        }
    }
    let mut ta = Totals::default();
    a.values().for_each(|m| ta.add(m));
    let mut tb = Totals::default();
    b.values().for_each(|m| tb.add(m));
    let mut contributions: Vec<Contribution> = Vec::new();
    let codes: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for code in codes {
        let va = a.get(code).map(|m| t.metric.of(m));
        let vb = b.get(code).map(|m| t.metric.of(m));
        let delta = vb.unwrap_or(0) - va.unwrap_or(0);
        if delta != 0 {
            let name = b
                .get(code)
                .or(a.get(code))
                .map(|m| m.name.clone())
                .unwrap_or_default();
            contributions.push(Contribution {
                code: code.clone(),
                name,
                baseline: va,
                current: vb,
                delta,
            });
        }
    }
    let (base, cur) = (ta.get(t.metric), tb.get(t.metric));
    let required_pct = t.required as f64 / 100.0;
    let (change_pct, met, note) = if t.scope == Scope::Each {
        // Every procedure on its own: the worst one decides.
        let worst = a
            .iter()
            .filter_map(|(code, m)| {
                let vb = b.get(code).map(|x| t.metric.of(x))?;
                let va = t.metric.of(m);
                match change_bp(va, vb) {
                    Some(bp) => Some(bp),
                    None if vb > 0 => Some(i64::MAX),
                    None => None,
                }
            })
            .max();
        let met = worst.is_none_or(|w| w <= t.required);
        let note = match worst {
            Some(i64::MAX) => Some(tr!(
                "a procedure went up from 0",
                "có thủ tục tăng từ 0 lên"
            )),
            _ => None,
        };
        (
            worst.filter(|w| *w != i64::MAX).map(|w| w as f64 / 100.0),
            met,
            note,
        )
    } else {
        match change_bp(base, cur) {
            Some(bp) => (Some(bp as f64 / 100.0), bp <= t.required, None),
            None => (
                None,
                cur <= 0 || t.required >= 0 && cur == 0,
                Some(tr!(
                    "the baseline is 0, so no percentage can be computed; met only if it stays 0",
                    "giá trị gốc bằng 0 nên không tính được tỉ lệ; chỉ đạt nếu vẫn bằng 0"
                )),
            ),
        }
    };
    let mut helped: Vec<Contribution> = contributions
        .iter()
        .filter(|c| c.delta < 0)
        .cloned()
        .collect();
    helped.sort_by_key(|c| c.delta);
    helped.truncate(5);
    let mut hurt: Vec<Contribution> = contributions.into_iter().filter(|c| c.delta > 0).collect();
    hurt.sort_by_key(|c| -c.delta);
    hurt.truncate(5);
    Outcome {
        id: t.id.clone(),
        title: t.title.clone(),
        metric: t.metric.id(),
        scope: t.scope.label(),
        baseline: base,
        current: cur,
        change_pct,
        required_pct,
        met,
        note,
        helped,
        hurt,
        basis: t.basis.clone(),
        unmeasured,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics(code: &str, days: u64, volume: Option<u64>) -> Metrics {
        Metrics {
            code: code.into(),
            name: code.into(),
            field: "f".into(),
            levels: Vec::new(),
            agency: String::new(),
            declared_fields: 0,
            reusable_fields: 0,
            documents: 0,
            deadline_working_days: Some(days),
            deadlines: Default::default(),
            fees_total: Some(crate::money::Money::ZERO),
            fees_unmeasured: None,
            fees_other_currencies: Default::default(),
            applications_per_year: volume,
            cost_per_application: crate::money::Money::ZERO,
            compliance_cost: volume.map(|_| crate::money::Money::ZERO),
            cost_unmeasured: None,
            online: crate::metrics::Online::None,
            postal: false,
            boundary_free: false,
            internal: false,
        }
    }

    #[test]
    fn a_volume_not_stated_is_unmeasured_under_min_applications() {
        let t = Target {
            id: "deadline-30".into(),
            title: None,
            metric: Metric::DeadlineWorkingDays,
            scope: Scope::All,
            min_applications: Some(100_000),
            required: -3000,
            basis: None,
        };
        let report = |ms: Vec<Metrics>| Report {
            procedures: ms,
            ..Default::default()
        };
        let base = report(vec![
            metrics("a", 10, Some(200_000)),
            metrics("b", 10, None),
        ]);
        let now = report(vec![metrics("a", 7, Some(200_000)), metrics("b", 30, None)]);
        let o = check_one(&t, &base, &now);
        // `b` may or may not be high-volume: neither counted nor hidden.
        assert_eq!((o.baseline, o.current, o.unmeasured), (10, 7, 1));
        assert!(o.met);
    }

    #[test]
    fn change_in_basis_points() {
        assert_eq!(change_bp(100, 80), Some(-2000));
        assert_eq!(change_bp(3, 2), Some(-3333));
        assert_eq!(change_bp(3, 4), Some(3333));
        assert_eq!(change_bp(0, 4), None);
    }
}
