//! Simplification metrics per procedure, and their totals by field, level, agency and for the
//! whole catalogue; compliance cost by the Standard Cost Model (Circular 02/2017/TT-VPCP).

pub mod html;
pub mod targets;
pub mod words;

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
    /// Implementing (else competent) agency, in Vietnamese; empty when the record names none.
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
    /// Fees a typical (non-exempt) applicant pays on the main channel, in VND, with the
    /// quantities of `compliance.typical`; `None` when they cannot be measured (see
    /// [`Metrics::fees_unmeasured`]). Fees stated in a foreign currency are left out (no
    /// exchange rate is assumed): see [`Metrics::fees_other_currencies`].
    pub fees_total: Option<Money>,
    /// Why the fees cannot be measured: never guessed, never 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fees_unmeasured: Option<Unmeasured>,
    /// Fees of the main channel stated in foreign currencies, by ISO code, in whole units;
    /// not part of `fees_total` nor of the compliance cost.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fees_other_currencies: BTreeMap<String, i64>,
    /// Applications per year; `None` when no source states it.
    pub applications_per_year: Option<u64>,
    /// Cost of one application: time × hourly income + fees + other costs.
    pub cost_per_application: Money,
    /// Annual compliance cost: cost per application × times per year × applications per year;
    /// `None` when the fees cannot be measured.
    pub compliance_cost: Option<Money>,
    /// Why the annual cost cannot be measured when the fees can (no stated volume).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_unmeasured: Option<Unmeasured>,
    /// Online: `full` (toàn trình), `partial` (một phần) or `none`.
    pub online: Online,
    /// Dossiers received or results returned by the public postal service.
    pub postal: bool,
    /// Received regardless of administrative boundary.
    pub boundary_free: bool,
    /// An internal procedure between state bodies.
    pub internal: bool,
}

/// How far a procedure is online, as the provincial reports count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Online {
    /// The whole process (dịch vụ công trực tuyến toàn trình).
    Full,
    /// Part of it (một phần).
    Partial,
    /// Not online.
    None,
}

impl Online {
    /// How far a procedure is online: full when it has an `online_full` channel, else partial
    /// when it has an `online_partial` one.
    pub fn of(p: &Procedure) -> Online {
        if p.channel(ChannelKind::OnlineFull).is_some() {
            Online::Full
        } else if p.channel(ChannelKind::OnlinePartial).is_some() {
            Online::Partial
        } else {
            Online::None
        }
    }
}

/// Counts of the ways procedures are delivered, with their shares of the group as the
/// provincial reports quote them (percent, one decimal).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivery {
    /// Procedures counted.
    pub procedures: u64,
    /// Online, the whole process.
    pub online_full: u64,
    /// Online, part of the process.
    pub online_partial: u64,
    /// Not online.
    pub not_online: u64,
    /// Through the public postal service.
    pub postal: u64,
    /// Regardless of administrative boundary.
    pub boundary_free: u64,
    /// Internal procedures between state bodies.
    pub internal: u64,
}

impl Delivery {
    /// Adds one procedure.
    pub fn add(&mut self, m: &Metrics) {
        self.procedures += 1;
        match m.online {
            Online::Full => self.online_full += 1,
            Online::Partial => self.online_partial += 1,
            Online::None => self.not_online += 1,
        }
        self.postal += u64::from(m.postal);
        self.boundary_free += u64::from(m.boundary_free);
        self.internal += u64::from(m.internal);
    }

    /// The counts by name, in the order reports give them.
    pub fn counts(&self) -> [(&'static str, u64); 6] {
        [
            ("online_full", self.online_full),
            ("online_partial", self.online_partial),
            ("not_online", self.not_online),
            ("postal", self.postal),
            ("boundary_free", self.boundary_free),
            ("internal", self.internal),
        ]
    }

    /// A count's share of the group in tenths of a percent, rounded half up; `None` for an
    /// empty group (no share, not 0%).
    pub fn share_tenths(&self, n: u64) -> Option<u64> {
        (self.procedures > 0).then(|| (n * 2000 + self.procedures) / (2 * self.procedures))
    }
}

impl serde::Serialize for Delivery {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(12))?;
        for (name, n) in self.counts() {
            m.serialize_entry(name, &n)?;
            let share = self.share_tenths(n).map(|t| t as f64 / 10.0);
            m.serialize_entry(&format!("{name}_pct"), &share)?;
        }
        m.end()
    }
}

/// Why a procedure's fees cannot be measured.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "reason", content = "detail")]
pub enum Unmeasured {
    /// The record does not state the fees (or one of them).
    NotStated,
    /// A fee is set by each province and no province's amount applies.
    SetByProvince,
    /// A fee depends on a fact with no typical value under `compliance.typical`.
    NoTypical(String),
    /// A typical value does not fit its fact's type.
    BadTypical(String),
    /// The amount does not fit in whole đồng (the fee item and its rule).
    Overflow(String),
    /// No source states the applications a year (`applications_per_year: not stated`): the
    /// annual cost is unknown, though the fees are not.
    NoApplications,
}

impl Unmeasured {
    /// In words.
    pub fn describe(&self) -> crate::diag::Tr {
        use crate::tr;
        match self {
            Unmeasured::NotStated => tr!("fees not stated", "phí chưa có thông tin"),
            Unmeasured::NoApplications => tr!(
                "applications a year not stated",
                "số hồ sơ mỗi năm chưa có thông tin"
            ),
            Unmeasured::SetByProvince => tr!("fee set by the province", "phí do tỉnh quy định"),
            Unmeasured::NoTypical(f) => tr!(
                "no typical value of `{f}` under `compliance.typical`",
                "chưa có giá trị điển hình của `{f}` trong `compliance.typical`"
            ),
            Unmeasured::BadTypical(f) => tr!(
                "the typical value of `{f}` does not fit its type",
                "giá trị điển hình của `{f}` không đúng kiểu"
            ),
            Unmeasured::Overflow(r) => tr!(
                "the fee {r} overflows whole đồng",
                "khoản phí {r} vượt quá giới hạn số tiền"
            ),
        }
    }
}

/// Inputs of the cost model that are catalogue settings, with their source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostSettings {
    /// Average income per hour of an applicant.
    pub hourly_income: Money,
    /// Facts shared by every procedure (to read typical values by their type).
    pub shared_facts: Vec<crate::model::FactDecl>,
}

impl CostSettings {
    /// The settings of a catalogue.
    pub fn of(m: &Manifest) -> CostSettings {
        CostSettings {
            hourly_income: m.settings.hourly_income,
            shared_facts: m.facts.clone(),
        }
    }
}

/// The fees of a typical applicant on `channel`: every item (conditions on who pays are not
/// applied: the typical applicant is not exempt), computed with `compliance.typical`. VND and
/// each foreign currency apart.
pub fn typical_fees(
    p: &Procedure,
    channel: &crate::model::Channel,
    shared: &[crate::model::FactDecl],
) -> Result<(Money, BTreeMap<String, i64>), Unmeasured> {
    use crate::eval::fee::{CAmount, FeeFault, compile_fee};
    if !channel.fees_stated {
        return Err(Unmeasured::NotStated);
    }
    let mut slots = crate::eval::compile::Slots::default();
    let compiled: Vec<CAmount> = channel
        .fees
        .iter()
        .map(|f| compile_fee(&f.amount, &mut slots))
        .collect();
    let typical = p.compliance.as_ref().map(|c| &c.typical[..]).unwrap_or(&[]);
    let mut facts = vec![None; slots.names.len()];
    for (i, name) in slots.names.iter().enumerate() {
        let Some((_, v)) = typical.iter().find(|(k, _)| k.as_str() == name.as_str()) else {
            continue;
        };
        let ty = p
            .facts
            .iter()
            .chain(shared)
            .find(|f| f.id.as_str() == name.as_str())
            .map(|f| f.ty.clone());
        let Some(ty) = ty else { continue };
        match crate::eval::facts::parse_typed(name, &ty, v.trim()) {
            Ok(v) => facts[i] = Some(v),
            Err(_) => return Err(Unmeasured::BadTypical(name.clone())),
        }
    }
    let mut total: i64 = 0;
    let mut other: BTreeMap<String, i64> = BTreeMap::new();
    for (f, c) in channel.fees.iter().zip(&compiled) {
        let v = match c {
            CAmount::NotStated => return Err(Unmeasured::NotStated),
            CAmount::SetByProvince => return Err(Unmeasured::SetByProvince),
            CAmount::Expr(e) => e.eval(&facts, &mut None).map_err(|x| match x {
                FeeFault::Missing(m) => Unmeasured::NoTypical(slots.names[m.0 as usize].clone()),
                FeeFault::Quantity(s) => Unmeasured::BadTypical(slots.names[s as usize].clone()),
                FeeFault::Overflow => {
                    Unmeasured::Overflow(format!("{} ({})", f.id.as_str(), f.amount_text()))
                }
            })?,
        };
        let overflow = || Unmeasured::Overflow(format!("{} ({})", f.id.as_str(), f.amount_text()));
        match f.foreign_currency() {
            Some(cur) => {
                let t = other.entry(cur.to_string()).or_default();
                *t = t.checked_add(v).ok_or_else(overflow)?;
            }
            None => total = total.checked_add(v).ok_or_else(overflow)?,
        }
    }
    Ok((Money(total), other))
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

/// The agency a procedure is grouped under: the implementing agency (cơ quan thực hiện) the
/// national database names, else the competent one, as `show` and the decision name it.
pub fn agency(p: &Procedure) -> Option<&crate::model::Text> {
    p.agencies
        .implementing
        .as_ref()
        .or(p.agencies.competent.as_ref())
}

/// The steps of one procedure's compliance cost by the method of Circular 02/2017/TT-VPCP,
/// art. 27 cl. 3: the cost of one application is the time spent × income per hour, plus fees
/// and other mandated costs; the yearly cost is that × times a year × applications a year.
/// [`of`] and `plan --explain` both read it, so the cost model exists once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    /// Income per hour used (the catalogue's setting).
    pub hourly_income: Money,
    /// Minutes spent by one applicant (all steps); `None` without compliance figures.
    pub minutes: Option<u64>,
    /// Minutes × income per hour / 60, rounded half up to the đồng.
    pub time_cost: Option<i128>,
    /// Fees of a typical applicant on the main channel (VND, and foreign currencies apart),
    /// or why they cannot be measured.
    pub fees: Result<(Money, BTreeMap<String, i64>), Unmeasured>,
    /// Other mandated costs per application.
    pub other_costs: Option<Money>,
    /// Cost of one application: time cost + fees + other costs; `None` without compliance
    /// figures or measurable fees.
    pub per_application: Option<i128>,
    /// Times one applicant does it a year.
    pub times_per_year: Option<u32>,
    /// Applications a year, when a source states it.
    pub applications_per_year: Option<u64>,
    /// Yearly cost: per application × times a year × applications a year; `None` when a
    /// factor is unknown.
    pub annual: Option<i128>,
}

/// Computes the steps of a procedure's compliance cost (see [`Breakdown`]).
pub fn breakdown(p: &Procedure, cost: &CostSettings) -> Breakdown {
    let fees = match main_channel(p) {
        Some(c) => typical_fees(p, c, &cost.shared_facts),
        None => Ok((Money::ZERO, BTreeMap::new())),
    };
    let c = p.compliance.as_ref();
    let minutes = c.map(|c| c.minutes.total());
    // minutes × income per hour / 60, rounded half up to the đồng.
    let time_cost = minutes.map(|m| (m as i128 * cost.hourly_income.0 as i128 + 30) / 60);
    let per_application = match (time_cost, &fees, c) {
        (Some(t), Ok((f, _)), Some(c)) => Some(t + f.0 as i128 + c.other_costs.0 as i128),
        _ => None,
    };
    let annual = match (per_application, c) {
        // Checked: a product past i128 is not a cost (an overflow, never a wrapped figure).
        (Some(per), Some(c)) => c.applications_per_year.and_then(|n| {
            per.checked_mul(c.times_per_year as i128)?
                .checked_mul(n as i128)
        }),
        _ => None,
    };
    Breakdown {
        hourly_income: cost.hourly_income,
        minutes,
        time_cost,
        fees,
        other_costs: c.map(|c| c.other_costs),
        per_application,
        times_per_year: c.map(|c| c.times_per_year),
        applications_per_year: c.and_then(|c| c.applications_per_year),
        annual,
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
    let b = breakdown(p, cost);
    let (fees_total, fees_other_currencies, fees_unmeasured) = match b.fees.clone() {
        Ok((t, o)) => (Some(t), o, None),
        Err(u) => (None, BTreeMap::new(), Some(u)),
    };
    let per = b.per_application.and_then(|v| i64::try_from(v).ok());
    let (applications_per_year, cost_per_application, compliance_cost) =
        match (&p.compliance, fees_total) {
            // Without compliance figures no source states how many apply: the annual cost is
            // unknown (left out of the totals, counted apart), never 0.
            (None, f) => (None, f.unwrap_or_default(), None),
            (Some(c), None) => (c.applications_per_year, Money::ZERO, None),
            (Some(c), Some(_)) => match (per, b.annual.map(i64::try_from)) {
                (Some(per), Some(Ok(annual))) => {
                    (c.applications_per_year, Money(per), Some(Money(annual)))
                }
                // No stated volume: the cost per application is known, the annual one not.
                (Some(per), None) => (None, Money(per), None),
                _ => (c.applications_per_year, Money::ZERO, None),
            },
        };
    Metrics {
        code: p.code.value.to_string(),
        name: p.name.vi.to_string(),
        field: p.field.value.to_string(),
        levels: p.levels.iter().map(|l| l.value.to_string()).collect(),
        agency: agency(p).map(|a| a.vi.to_string()).unwrap_or_default(),
        declared_fields,
        reusable_fields,
        documents,
        deadline_working_days,
        deadlines,
        fees_total,
        fees_unmeasured,
        fees_other_currencies,
        cost_unmeasured: (fees_total.is_some() && compliance_cost.is_none())
            .then_some(Unmeasured::NoApplications)
            .filter(|_| applications_per_year.is_none()),
        applications_per_year,
        cost_per_application,
        compliance_cost,
        online: Online::of(p),
        postal: crate::model::process::Delivery::postal_of(p).is_some(),
        boundary_free: p.delivery.boundary_free.is_some(),
        internal: p.delivery.internal.is_some(),
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
    /// Sum of typical fees of the procedures whose fees can be measured.
    pub fees_total: Money,
    /// Sum of annual compliance costs of the procedures whose cost can be measured.
    pub compliance_cost: Money,
    /// Procedures left out of `fees_total` (and so of `compliance_cost`): fees not stated,
    /// set by the province, or depending on a fact without a typical value.
    pub fees_unmeasured: u64,
    /// Procedures left out of `compliance_cost`: those of `fees_unmeasured`, and those whose
    /// yearly volume no source states.
    pub cost_unmeasured: u64,
    /// True when a sum does not fit in whole đồng: the money totals are then not figures.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overflow: bool,
    /// Online full / partial / not online, postal, boundary-free and internal: counts and
    /// shares (`online_full`, `online_full_pct`…).
    #[serde(flatten)]
    pub delivery: Delivery,
}

impl Totals {
    /// Adds one procedure.
    pub fn add(&mut self, m: &Metrics) {
        self.procedures += 1;
        self.delivery.add(m);
        self.declared_fields += m.declared_fields;
        self.reusable_fields += m.reusable_fields;
        self.documents += m.documents;
        self.deadline_working_days += m.deadline_working_days.unwrap_or(0);
        // Known fees count in the fee total even when the yearly cost is unknown.
        match m.fees_total {
            Some(f) => match self.fees_total.0.checked_add(f.0) {
                Some(f) => self.fees_total = Money(f),
                None => self.overflow = true,
            },
            None => self.fees_unmeasured += 1,
        }
        match m.compliance_cost {
            Some(c) => match self.compliance_cost.0.checked_add(c.0) {
                Some(c) => self.compliance_cost = Money(c),
                None => self.overflow = true,
            },
            None => self.cost_unmeasured += 1,
        }
        if matches!(m.fees_unmeasured, Some(Unmeasured::Overflow(_))) {
            self.overflow = true;
        }
    }

    /// The value of a named metric.
    pub fn get(&self, metric: Metric) -> i128 {
        match metric {
            Metric::DeclaredFields => self.declared_fields as i128,
            Metric::Documents => self.documents as i128,
            Metric::DeadlineWorkingDays => self.deadline_working_days as i128,
            Metric::FeesTotal => self.fees_total.0 as i128,
            Metric::ComplianceCost => self.compliance_cost.0 as i128,
            Metric::Procedures => self.procedures as i128,
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
    /// Number of procedures (Decision 1085/QĐ-TTg counts internal procedures cut).
    Procedures,
}

impl Metric {
    /// Every metric with its id.
    pub const ALL: [(Metric, &'static str); 6] = [
        (Metric::DeclaredFields, "declared_fields"),
        (Metric::Documents, "documents"),
        (Metric::DeadlineWorkingDays, "deadline_working_days"),
        (Metric::FeesTotal, "fees_total"),
        (Metric::ComplianceCost, "compliance_cost"),
        (Metric::Procedures, "procedures"),
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
    // An abolished procedure stays in the catalogue as the record of its abolition: it
    // imposes nothing any more.
    for p in procedures.into_iter().filter(|p| !p.is_abolished()) {
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
    fn shares_round_half_up_and_an_empty_group_has_none() {
        let d = Delivery {
            procedures: 3,
            ..Delivery::default()
        };
        assert_eq!(d.share_tenths(1), Some(333));
        assert_eq!(d.share_tenths(2), Some(667));
        assert_eq!(Delivery::default().share_tenths(0), None);
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(v["online_full"], 0);
        assert_eq!(v["online_full_pct"], 0.0);
        assert!(serde_json::to_value(Delivery::default()).unwrap()["postal_pct"].is_null());
    }

    #[test]
    fn working_day_conversions() {
        assert_eq!(working_days(7, Unit::WorkingDays), 7);
        assert_eq!(working_days(30, Unit::Days), 22);
        assert_eq!(working_days(1, Unit::Hours), 1);
        assert_eq!(working_days(2, Unit::Months), 44);
    }
}
