//! The simplification plan (phương án đơn giản hóa): for each procedure simplified between two
//! revisions, what was simplified and its compliance cost a year before and after, by the
//! method of Circular 02/2017/TT-VPCP, art. 27 (cl. 1: cost now, cost after simplification,
//! the benefit as their difference; cl. 3: the formulas). The cost is the catalogue's one cost
//! model, [`crate::metrics::breakdown`]; the saving is the cost before minus the cost after, in
//! whole đồng with checked arithmetic.
//!
//! A cost that cannot be computed (no compliance figures, fees or yearly volume not stated) is
//! named, left out of the totals and counted as unmeasured — never 0.

pub mod docx;
pub mod explain;
pub mod render;
pub mod words;

use crate::diag::Tr;
use crate::metrics::{self, CostSettings, Metrics};
use crate::model::{Manifest, Procedure, Text};
use crate::money::Money;
use std::collections::BTreeMap;

/// The method, in words.
pub fn method(lang: crate::diag::Lang) -> &'static str {
    crate::messages::t(
        lang,
        "Chi phí tuân thủ tính theo Điều 27 Thông tư số 02/2017/TT-VPCP ngày 31/10/2017 của Văn phòng Chính phủ: chi phí tuân thủ 01 thủ tục = chi phí thực hiện các công việc cần thiết (thời gian × thu nhập bình quân theo giờ) + phí, lệ phí và chi phí khác; chi phí 01 năm = chi phí 01 lần × số lần thực hiện trong năm × số lượng đối tượng tuân thủ trong năm; chi phí tiết kiệm = chi phí trước − chi phí sau đơn giản hóa; không tính chi phí cơ hội.",
        "Compliance cost by Article 27 of Circular 02/2017/TT-VPCP of 31/10/2017 of the Government Office: the cost of one procedure = the cost of the work it needs (time × average income per hour) + fees, charges and other costs; the cost a year = that × times a year × applicants a year; saving = cost before − cost after simplification; no opportunity cost.",
    )
}

/// What happened to a planned procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Amended: simplified, its cost measured before and after.
    Amended,
    /// Abolished: nothing is left to comply with, its cost after is 0.
    Abolished,
}

/// One procedure of the plan.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Code.
    pub code: String,
    /// Name (after; before for an abolished one).
    pub name: Text,
    /// Field id.
    pub field: String,
    /// Amended or abolished.
    pub kind: Kind,
    /// What was simplified, in words, in the order of the procedure's parts.
    pub changes: Vec<Tr>,
    /// Yearly compliance cost before.
    pub cost_before: Option<Money>,
    /// Yearly compliance cost after (0 for an abolished procedure).
    pub cost_after: Option<Money>,
    /// Cost before minus cost after; `None` when either is unknown.
    pub saving: Option<Money>,
    /// Saving over cost before, in hundredths of a percent (half away from zero); `None` when
    /// a cost is unknown or the cost before is 0.
    pub saving_bp: Option<i64>,
    /// Why the cost cannot be computed (before or after).
    pub unmeasured: Option<Tr>,
    /// The metrics before.
    pub before: Metrics,
    /// The metrics after (`None`: abolished).
    pub after: Option<Metrics>,
    /// Its cost is computed from inputs that name no source.
    pub unsourced: bool,
}

/// Sums over the procedures whose cost is measured.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Procedures in the plan.
    pub procedures: u64,
    /// Procedures whose cost is measured (in the sums).
    pub measured: u64,
    /// Procedures left out of the sums: their cost cannot be computed.
    pub unmeasured: u64,
    /// Procedures in the sums whose applications a year or times spent name no source
    /// (Circular 02/2017/TT-VPCP, art. 27: a cost must be traceable): the plan says so.
    pub unsourced: u64,
    /// Sum of costs before.
    pub cost_before: Money,
    /// Sum of costs after.
    pub cost_after: Money,
    /// Before minus after.
    pub saving: Money,
    /// Saving over cost before, in hundredths of a percent.
    pub saving_bp: Option<i64>,
}

/// The plan between two revisions.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Procedures, by code.
    pub procedures: Vec<Entry>,
    /// Totals.
    pub totals: Totals,
    /// Costs before and after by field id, over the measured procedures (for the chart).
    pub by_field: BTreeMap<String, (Money, Money)>,
    /// Income per hour and its source (the catalogue's setting).
    pub hourly_income: Money,
    /// Where the income per hour comes from.
    pub hourly_income_source: Option<Text>,
}

/// A figure that does not fit in whole đồng: an error naming it, never a wrapped number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overflow {
    /// The procedure whose figures overflow; `None` for a total.
    pub code: Option<String>,
}

impl Overflow {
    /// In words.
    pub fn describe(&self) -> Tr {
        match &self.code {
            Some(code) => crate::tr!(
                "the compliance cost of {code} does not fit in whole đồng (overflow)",
                "chi phí tuân thủ của thủ tục {code} vượt quá giới hạn số tiền (tràn số)"
            ),
            None => crate::tr!(
                "a total of the plan does not fit in whole đồng (overflow)",
                "một khoản tổng của phương án vượt quá giới hạn số tiền (tràn số)"
            ),
        }
    }
}

fn add(a: Money, b: Money) -> Option<Money> {
    a.0.checked_add(b.0).map(Money)
}

pub use crate::money::basis_points;

/// Why a procedure's yearly cost cannot be computed, from its metrics.
fn why_unmeasured(m: &Metrics, p: &Procedure) -> Tr {
    if p.compliance.is_none() {
        return crate::tr!(
            "no compliance figures (time spent, applications a year)",
            "chưa có số liệu chi phí tuân thủ (thời gian thực hiện, số hồ sơ mỗi năm)"
        );
    }
    m.fees_unmeasured
        .as_ref()
        .or(m.cost_unmeasured.as_ref())
        .map(|u| u.describe())
        .unwrap_or_else(|| {
            crate::tr!(
                "applications a year not stated",
                "số hồ sơ mỗi năm chưa có thông tin"
            )
        })
}

/// The yearly cost of a procedure, or why it has none; an overflow is an error.
fn yearly(p: &Procedure, m: &Metrics, cost: &CostSettings) -> Result<Result<Money, Tr>, Overflow> {
    if let Some(c) = m.compliance_cost {
        return Ok(Ok(c));
    }
    let overflow = || Overflow {
        code: Some(p.code.value.to_string()),
    };
    if matches!(m.fees_unmeasured, Some(metrics::Unmeasured::Overflow(_))) {
        return Err(overflow());
    }
    // Every factor is known yet no cost: the product does not fit.
    let b = metrics::breakdown(p, cost);
    if b.per_application.is_some() && b.applications_per_year.is_some() {
        return Err(overflow());
    }
    Ok(Err(why_unmeasured(m, p)))
}

/// Builds the plan between `before` and `after` (two catalogues' procedures). `shared` are
/// the settings of the newer catalogue (one income per hour on both sides, so that a saving
/// is never an artefact of a changed setting).
pub fn build(
    before: &[Procedure],
    after: &[Procedure],
    manifest: &Manifest,
) -> Result<Plan, Overflow> {
    let cost = CostSettings::of(manifest);
    let old: BTreeMap<&str, &Procedure> = before.iter().map(|p| (p.code.as_str(), p)).collect();
    let new: BTreeMap<&str, &Procedure> = after.iter().map(|p| (p.code.as_str(), p)).collect();
    let mut entries = Vec::new();
    for (code, a) in &old {
        let ma = metrics::of(a, &cost);
        let cost_a = yearly(a, &ma, &cost)?;
        let (kind, b, mb, cost_b) = match new.get(code) {
            None => (Kind::Abolished, None, None, Ok(Money::ZERO)),
            Some(b) => {
                let mb = metrics::of(b, &cost);
                let cb = yearly(b, &mb, &cost)?;
                (Kind::Amended, Some(*b), Some(mb), cb)
            }
        };
        let changes = match b {
            Some(b) => words::changes(a, b, &ma, mb.as_ref().expect("after"), manifest),
            None => vec![crate::tr!(
                "Procedure abolished",
                "Bãi bỏ thủ tục hành chính"
            )],
        };
        // Only what was simplified (or whose cost moved) belongs in the plan.
        let cost_moved = match (&cost_a, &cost_b) {
            (Ok(x), Ok(y)) => x != y,
            _ => false,
        };
        if changes.is_empty() && !cost_moved {
            continue;
        }
        let (cost_before, cost_after, unmeasured) = match (cost_a, cost_b) {
            (Ok(x), Ok(y)) => (Some(x), Some(y), None),
            (Err(w), Ok(y)) => (None, Some(y), Some(w)),
            (Ok(x), Err(w)) => (Some(x), None, Some(w)),
            (Err(w), Err(_)) => (None, None, Some(w)),
        };
        let saving = match (cost_before, cost_after) {
            (Some(x), Some(y)) => Some(Money(x.0.checked_sub(y.0).ok_or_else(|| Overflow {
                code: Some(code.to_string()),
            })?)),
            _ => None,
        };
        let saving_bp = match (saving, cost_before) {
            (Some(s), Some(x)) => basis_points(s.0, x.0),
            _ => None,
        };
        let p = b.unwrap_or(a);
        let unsourced = [Some(*a), b].into_iter().flatten().any(|p| {
            p.compliance.as_ref().is_some_and(|c| {
                c.sources.applications_per_year.is_none() || c.sources.minutes.is_none()
            })
        });
        entries.push(Entry {
            unsourced,
            code: code.to_string(),
            name: p.name.clone(),
            field: p.field.value.to_string(),
            kind,
            changes,
            cost_before,
            cost_after,
            saving,
            saving_bp,
            unmeasured,
            before: ma,
            after: mb,
        });
    }
    let mut totals = Totals::default();
    let mut by_field: BTreeMap<String, (Money, Money)> = BTreeMap::new();
    let total_overflow = || Overflow { code: None };
    for e in &entries {
        totals.procedures += 1;
        let (Some(x), Some(y)) = (e.cost_before, e.cost_after) else {
            totals.unmeasured += 1;
            continue;
        };
        totals.measured += 1;
        if e.unsourced {
            totals.unsourced += 1;
        }
        totals.cost_before = add(totals.cost_before, x).ok_or_else(total_overflow)?;
        totals.cost_after = add(totals.cost_after, y).ok_or_else(total_overflow)?;
        let f = by_field.entry(e.field.clone()).or_default();
        f.0 = add(f.0, x).ok_or_else(total_overflow)?;
        f.1 = add(f.1, y).ok_or_else(total_overflow)?;
    }
    totals.saving = Money(
        totals
            .cost_before
            .0
            .checked_sub(totals.cost_after.0)
            .ok_or_else(total_overflow)?,
    );
    totals.saving_bp = basis_points(totals.saving.0, totals.cost_before.0);
    Ok(Plan {
        procedures: entries,
        totals,
        by_field,
        hourly_income: cost.hourly_income,
        hourly_income_source: manifest.settings.hourly_income_source.clone(),
    })
}

pub use crate::wording::pct_words;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_away_from_zero() {
        assert_eq!(basis_points(1, 3), Some(3333));
        assert_eq!(basis_points(2, 3), Some(6667));
        assert_eq!(basis_points(-2, 3), Some(-6667));
        // 1,652 of 2,306 → 71.6392… % → 71.64 %.
        assert_eq!(basis_points(1_652, 2_306), Some(7164));
        assert_eq!(basis_points(1, 0), None);
        assert_eq!(basis_points(i64::MAX, 1), None);
        assert_eq!(pct_words(7164, crate::diag::Lang::Vi), "71,64%");
        assert_eq!(pct_words(-5, crate::diag::Lang::En), "-0.05%");
    }
}
