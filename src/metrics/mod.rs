//! Simplification metrics per procedure, and their totals by field, level, agency and for the
//! whole catalogue; compliance cost by the Standard Cost Model (Circular 02/2017/TT-VPCP).

pub mod html;
pub mod targets;

use crate::model::{ChannelKind, Manifest, Procedure};
use crate::money::Money;
use crate::rules::Unit;
use std::collections::BTreeMap;

/// The figures of one procedure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Metrics {
    /// Procedure code.
    pub code: String,
    /// Vietnamese name.
    pub name: String,
    /// Field id.
    pub field: String,
    /// Level ids.
    pub levels: Vec<String>,
    /// Competent agency (Vietnamese).
    pub agency: String,
    /// Fields the applicant must type.
    pub declared_fields: u64,
    /// Fields the state already holds (reused from a national database).
    pub reusable_fields: u64,
    /// Originals plus copies of every document.
    pub documents: u64,
    /// Deadline of the main channel in working days (`None` when the law sets none).
    pub deadline_working_days: Option<u64>,
    /// Deadline per channel, in working days.
    pub deadlines: BTreeMap<String, Option<u64>>,
    /// Fees a typical (non-exempt) applicant pays on the main channel, in VND. Fees stated in
    /// a foreign currency are left out (no exchange rate is assumed): see
    /// [`Metrics::fees_other_currencies`].
    pub fees_total: Money,
    /// Fees of the main channel stated in foreign currencies, by ISO code, in whole units;
    /// not part of `fees_total` nor of the compliance cost.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fees_other_currencies: BTreeMap<String, i64>,
    /// Applications per year.
    pub applications_per_year: u64,
    /// Cost of one application: time × hourly income + fees + other costs.
    pub cost_per_application: Money,
    /// Annual compliance cost: cost per application × times per year × applications per year.
    pub compliance_cost: Money,
}

/// Inputs of the cost model that are catalogue settings, with their source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostSettings {
    /// Average income per hour of an applicant.
    pub hourly_income: Money,
}

impl CostSettings {
    /// The settings of a catalogue.
    pub fn of(m: &Manifest) -> CostSettings {
        CostSettings {
            hourly_income: m.settings.hourly_income,
        }
    }
}

/// The channel whose figures represent the procedure: in person when offered (the
/// reference of Circular 02/2017), else the first listed.
pub fn main_channel(p: &Procedure) -> Option<&crate::model::Channel> {
    p.channel(ChannelKind::Direct).or(p.channels.first())
}

/// A period in working days: calendar days count 5 working days a week, hours 8 a day,
/// months 22 working days (rounded up).
pub fn working_days(amount: u32, unit: Unit) -> u64 {
    let n = amount as u64;
    match unit {
        Unit::WorkingDays => n,
        Unit::Days => (n * 5).div_ceil(7),
        Unit::Hours => n.div_ceil(8),
        Unit::Months => n * 22,
    }
}

/// Computes the metrics of one procedure.
pub fn of(p: &Procedure, cost: &CostSettings) -> Metrics {
    let declared_fields = p
        .form_fields
        .iter()
        .filter(|f| f.reusable.is_none())
        .count() as u64;
    let reusable_fields = p.form_fields.len() as u64 - declared_fields;
    let documents = p
        .all_documents()
        .map(|d| d.originals as u64 + d.copies as u64)
        .sum();
    let deadlines = p
        .channels
        .iter()
        .map(|c| {
            let wd = c
                .deadline
                .default_duration()
                .map(|d| working_days(d.amount, d.unit));
            (c.kind.id().to_string(), wd)
        })
        .collect();
    let main = main_channel(p);
    let deadline_working_days = main
        .and_then(|c| c.deadline.default_duration())
        .map(|d| working_days(d.amount, d.unit));
    let fees_total = main
        .map(|c| {
            Money(
                c.fees
                    .iter()
                    .filter(|f| f.foreign_currency().is_none())
                    .map(|f| f.amount.0)
                    .sum(),
            )
        })
        .unwrap_or_default();
    let mut fees_other_currencies = BTreeMap::new();
    for f in main.iter().flat_map(|c| &c.fees) {
        if let Some(cur) = f.foreign_currency() {
            let t: &mut i64 = fees_other_currencies.entry(cur.to_string()).or_default();
            *t = t.saturating_add(f.amount.0);
        }
    }
    let (applications_per_year, cost_per_application, compliance_cost) = match &p.compliance {
        None => (0, fees_total, Money::ZERO),
        Some(c) => {
            // minutes × income per hour / 60, rounded half up to the đồng.
            let time_cost = (c.minutes.total() as i128 * cost.hourly_income.0 as i128 + 30) / 60;
            let per = Money((time_cost + fees_total.0 as i128 + c.other_costs.0 as i128) as i64);
            let annual = per.0 as i128 * c.times_per_year as i128 * c.applications_per_year as i128;
            (
                c.applications_per_year,
                per,
                Money(annual.min(i64::MAX as i128) as i64),
            )
        }
    };
    Metrics {
        code: p.code.value.clone(),
        name: p.name.vi.clone(),
        field: p.field.value.clone(),
        levels: p.levels.iter().map(|l| l.value.clone()).collect(),
        agency: p
            .agencies
            .competent
            .as_ref()
            .map(|a| a.vi.clone())
            .unwrap_or_default(),
        declared_fields,
        reusable_fields,
        documents,
        deadline_working_days,
        deadlines,
        fees_total,
        fees_other_currencies,
        applications_per_year,
        cost_per_application,
        compliance_cost,
    }
}

/// Totals over a group of procedures.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Totals {
    /// Procedures in the group.
    pub procedures: u64,
    /// Sum of declared fields.
    pub declared_fields: u64,
    /// Sum of reusable fields.
    pub reusable_fields: u64,
    /// Sum of documents.
    pub documents: u64,
    /// Sum of main-channel deadlines in working days (procedures with a deadline).
    pub deadline_working_days: u64,
    /// Sum of typical fees.
    pub fees_total: Money,
    /// Sum of annual compliance costs.
    pub compliance_cost: Money,
}

impl Totals {
    /// Adds one procedure.
    pub fn add(&mut self, m: &Metrics) {
        self.procedures += 1;
        self.declared_fields += m.declared_fields;
        self.reusable_fields += m.reusable_fields;
        self.documents += m.documents;
        self.deadline_working_days += m.deadline_working_days.unwrap_or(0);
        self.fees_total = Money(self.fees_total.0.saturating_add(m.fees_total.0));
        self.compliance_cost = Money(self.compliance_cost.0.saturating_add(m.compliance_cost.0));
    }

    /// The value of a named metric.
    pub fn get(&self, metric: Metric) -> i128 {
        match metric {
            Metric::DeclaredFields => self.declared_fields as i128,
            Metric::Documents => self.documents as i128,
            Metric::DeadlineWorkingDays => self.deadline_working_days as i128,
            Metric::FeesTotal => self.fees_total.0 as i128,
            Metric::ComplianceCost => self.compliance_cost.0 as i128,
        }
    }
}

/// A metric targets can be set on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Declared fields.
    DeclaredFields,
    /// Documents (originals + copies).
    Documents,
    /// Deadline in working days.
    DeadlineWorkingDays,
    /// Fees of a typical applicant.
    FeesTotal,
    /// Annual compliance cost.
    ComplianceCost,
}

impl Metric {
    /// Every metric with its id.
    pub const ALL: [(Metric, &'static str); 5] = [
        (Metric::DeclaredFields, "declared_fields"),
        (Metric::Documents, "documents"),
        (Metric::DeadlineWorkingDays, "deadline_working_days"),
        (Metric::FeesTotal, "fees_total"),
        (Metric::ComplianceCost, "compliance_cost"),
    ];

    /// The id used in targets and reports.
    pub fn id(self) -> &'static str {
        Metric::ALL
            .iter()
            .find(|(m, _)| *m == self)
            .map(|(_, id)| *id)
            .unwrap_or("")
    }

    /// The value of this metric for one procedure.
    pub fn of(self, m: &Metrics) -> i128 {
        let mut t = Totals::default();
        t.add(m);
        t.get(self)
    }
}

/// Metrics of every procedure and their totals by group.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    /// Per procedure, by code.
    pub procedures: Vec<Metrics>,
    /// The whole catalogue.
    pub totals: Totals,
    /// By field id.
    pub by_field: BTreeMap<String, Totals>,
    /// By level id.
    pub by_level: BTreeMap<String, Totals>,
    /// By competent agency.
    pub by_agency: BTreeMap<String, Totals>,
}

/// Computes the report of a set of procedures.
pub fn report<'a>(
    procedures: impl IntoIterator<Item = &'a Procedure>,
    cost: &CostSettings,
) -> Report {
    let mut r = Report::default();
    for p in procedures {
        let m = of(p, cost);
        r.totals.add(&m);
        r.by_field.entry(m.field.clone()).or_default().add(&m);
        for l in &m.levels {
            r.by_level.entry(l.clone()).or_default().add(&m);
        }
        r.by_agency.entry(m.agency.clone()).or_default().add(&m);
        r.procedures.push(m);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_day_conversions() {
        assert_eq!(working_days(7, Unit::WorkingDays), 7);
        assert_eq!(working_days(30, Unit::Days), 22);
        assert_eq!(working_days(1, Unit::Hours), 1);
        assert_eq!(working_days(2, Unit::Months), 44);
    }
}
