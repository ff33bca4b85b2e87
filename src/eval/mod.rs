//! Evaluating a procedure for an applicant: required documents, fees with discounts, and the
//! deadline with its due date.
//!
//! A procedure is compiled once into a [`Program`] (conditions over numbered fact slots);
//! evaluating it then costs a few comparisons per rule.

pub mod compile;
pub mod facts;
pub mod fee;

use crate::calendar::{Calendar, CalendarError, Due};
use crate::model::{ChannelKind, DossierDoc, FeeItem, Procedure, Stacking, Text};
use crate::money::Money;
use crate::rules::ast::{Deadline, DiscountAmount, Duration, Targets};
use crate::shape::Str;
use compile::{CExpr, Missing, Slots, compile};
use jiff::civil::{Date, DateTime};
use std::sync::Arc;

pub use crate::rules::value::Value;

/// Where a rule was written, for explanations.
#[derive(Debug, Clone)]
pub struct RuleSite {
    /// The rule as written (canonical form).
    pub text: String,
    /// Byte offset in the procedure file.
    pub offset: u32,
    /// Legal basis ids (the rule's own, else the procedure's).
    pub basis: Vec<String>,
}

#[derive(Debug, Clone)]
struct CondRule {
    cond: Option<CExpr>,
    site: Option<RuleSite>,
}

#[derive(Debug, Clone)]
struct CDoc {
    doc: usize,
    case: Option<usize>,
    rule: CondRule,
}

#[derive(Debug, Clone)]
struct CCase {
    rule: CondRule,
}

#[derive(Debug, Clone)]
struct CFee {
    item: usize,
    rule: CondRule,
    amount: fee::CAmount,
    amount_site: RuleSite,
}

#[derive(Debug, Clone)]
enum CDeadline {
    Unspecified,
    NotStated,
    Fixed(Duration),
    When(Duration, CExpr, Box<CDeadline>),
}

#[derive(Debug, Clone)]
struct CChannel {
    kind: ChannelKind,
    fees_stated: bool,
    fees: Vec<CFee>,
    deadline: CDeadline,
    deadline_site: RuleSite,
}

#[derive(Debug, Clone)]
struct CDiscount {
    index: usize,
    amount: DiscountAmount,
    targets: Option<Vec<String>>,
    when: Option<CExpr>,
    from: Option<Date>,
    until: Option<Date>,
    site: RuleSite,
}

/// A procedure compiled for evaluation.
#[derive(Debug, Clone)]
pub struct Program {
    /// The procedure.
    pub procedure: Arc<Procedure>,
    /// Fact slots (names in slot order).
    pub slots: Slots,
    docs: Vec<CDoc>,
    cases: Vec<CCase>,
    channels: Vec<CChannel>,
    discounts: Vec<CDiscount>,
    slot_channel: u16,
    slot_online: u16,
    slot_received: u16,
    /// Values the procedure's fact declarations presume (`default:`).
    defaults: Vec<(u16, Value)>,
}

/// What evaluation needs besides the facts.
#[derive(Debug, Clone)]
pub struct Request {
    /// The channel used.
    pub channel: ChannelKind,
    /// When the complete dossier was received, if known.
    pub received: Option<DateTime>,
    /// The day discounts' validity is checked against when `received` is not given.
    pub today: Date,
}

/// A required document in the result.
#[derive(Debug, Clone, Copy)]
pub struct DocOut<'p> {
    /// The document.
    pub doc: &'p DossierDoc,
    /// The case it belongs to, if any.
    pub case: Option<&'p crate::model::Case>,
}

/// Why a fee item has no amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unknown {
    /// The record does not state it.
    NotStated,
    /// Each province fixes it, and no province's amount is applied.
    SetByProvince,
}

impl Unknown {
    /// How people read it.
    pub fn label(self, lang: crate::diag::Lang) -> &'static str {
        match (self, lang) {
            (Unknown::NotStated, crate::diag::Lang::Vi) => "chưa có thông tin",
            (Unknown::NotStated, crate::diag::Lang::En) => "not stated",
            (Unknown::SetByProvince, crate::diag::Lang::Vi) => "do tỉnh quy định (chưa chọn tỉnh)",
            (Unknown::SetByProvince, crate::diag::Lang::En) => {
                "set by the province (no province chosen)"
            }
        }
    }
}

/// A fee item in the result.
#[derive(Debug, Clone)]
pub struct FeeOut<'p> {
    /// The fee item.
    pub item: &'p FeeItem,
    /// Amount before discounts; `None` when unknown (see [`FeeOut::unknown`]).
    pub base: Option<Money>,
    /// Total discount.
    pub discount: Money,
    /// Amount to pay; `None` when unknown, never 0 for an unknown fee.
    pub amount: Option<Money>,
    /// Why there is no amount.
    pub unknown: Option<Unknown>,
    /// Ids of the discounts applied.
    pub applied: Vec<&'p str>,
    /// The arithmetic, step by step (only when explaining).
    pub steps: Vec<crate::diag::Tr>,
}

/// The deadline in the result.
#[derive(Debug, Clone)]
pub struct DeadlineOut {
    /// The period, or `None` when the law sets none or the source does not say.
    pub period: Option<Duration>,
    /// Whether the source states the deadline (`false`: "not stated", never "none").
    pub stated: bool,
    /// The due date, when the receipt time is known.
    pub due: Option<Due>,
}

/// One line of an explanation.
#[derive(Debug, Clone)]
pub struct Trace {
    /// What kind of rule.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// Whether it applied.
    pub fired: bool,
    /// The rule and its basis; `None` for unconditional items.
    pub site: Option<RuleSite>,
    /// Facts it read, with their values.
    pub facts: Vec<(String, Option<Value>)>,
}

/// The result of evaluating a procedure.
#[derive(Debug, Clone)]
pub struct Outcome<'p> {
    /// Channel used.
    pub channel: ChannelKind,
    /// Required documents.
    pub documents: Vec<DocOut<'p>>,
    /// Fee items.
    pub fees: Vec<FeeOut<'p>>,
    /// Total to pay in VND of the fees whose amount is known (fees stated in a foreign
    /// currency are not in it); the whole total only when [`Outcome::complete`].
    pub total: Money,
    /// False when a fee's amount is unknown, or the channel's fees are not stated: the total
    /// then is not the amount to pay.
    pub complete: bool,
    /// False when the record does not say which fees apply on this channel.
    pub fees_stated: bool,
    /// Totals of the fees stated in foreign currencies, by ISO code, in whole units.
    pub other_currencies: std::collections::BTreeMap<String, i64>,
    /// Deadline.
    pub deadline: DeadlineOut,
    /// Explanation, when asked for.
    pub trace: Vec<Trace>,
}

/// Why a procedure could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalError {
    /// The procedure does not offer this channel.
    Channel {
        /// Requested.
        wanted: ChannelKind,
        /// Offered.
        offered: Vec<ChannelKind>,
    },
    /// A rule needs a fact that was not given.
    MissingFact {
        /// The fact.
        fact: String,
        /// The rule that needed it.
        rule: String,
        /// Where the rule is (file:line).
        at: String,
    },
    /// The due date cannot be computed.
    Calendar(CalendarError),
    /// A fee's arithmetic does not fit in whole đồng.
    Overflow {
        /// The fee item.
        item: String,
        /// The rule.
        rule: String,
        /// Where the rule is (file:line:column).
        at: String,
    },
    /// A quantity is negative or not a number of units.
    Quantity {
        /// The fact.
        fact: String,
        /// The rule.
        rule: String,
        /// Where the rule is.
        at: String,
    },
}

impl EvalError {
    /// The message in both languages.
    pub fn message(&self) -> crate::diag::Tr {
        use crate::diag::Tr;
        match self {
            EvalError::Channel { wanted, offered } => {
                let list: Vec<&str> = offered.iter().map(|c| c.id()).collect();
                let (id, list) = (wanted.id(), list.join(", "));
                crate::tr!(
                    "this procedure cannot be submitted {id}: it offers {list}",
                    "thủ tục này không nhận hồ sơ theo cách thức {id}: chỉ có {list}"
                )
            }
            EvalError::MissingFact { fact, rule, at } => crate::tr!(
                "the fact `{fact}` is needed by the rule `{rule}` ({at}); give it with --set {fact}=… or in --facts",
                "quy tắc `{rule}` ({at}) cần thông tin `{fact}`; hãy cho biết bằng --set {fact}=… hoặc trong tệp --facts"
            ),
            EvalError::Calendar(e) => e.message(),
            EvalError::Overflow { item, rule, at } => crate::tr!(
                "the fee `{item}` ({rule}, {at}) cannot be computed: the amount is too large for whole đồng (overflow)",
                "không tính được khoản phí `{item}` ({rule}, {at}): số tiền vượt quá giới hạn (tràn số)"
            ),
            EvalError::Quantity { fact, rule, at } => Tr {
                en: format!(
                    "the fact `{fact}` used by the fee rule `{rule}` ({at}) must be a quantity of 0 or more"
                ),
                vi: format!(
                    "thông tin `{fact}` mà quy tắc tính phí `{rule}` ({at}) dùng phải là một số lượng từ 0 trở lên"
                ),
            },
        }
    }
}

impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EvalError::Channel { wanted, offered } => {
                let list: Vec<&str> = offered.iter().map(|c| c.id()).collect();
                write!(
                    f,
                    "this procedure cannot be submitted {}: it offers {}",
                    wanted.id(),
                    list.join(", ")
                )
            }
            EvalError::MissingFact { fact, rule, at } => write!(
                f,
                "the fact `{fact}` is needed by the rule `{rule}` ({at}); give it with --set {fact}=… or in --facts"
            ),
            EvalError::Calendar(e) => write!(f, "{e}"),
            EvalError::Overflow { item, rule, at } => write!(
                f,
                "the fee `{item}` ({rule}, {at}) cannot be computed: the amount is too large for whole đồng (overflow)"
            ),
            EvalError::Quantity { fact, rule, at } => write!(
                f,
                "the fact `{fact}` used by the fee rule `{rule}` ({at}) must be a quantity of 0 or more"
            ),
        }
    }
}

fn site(p: &Procedure, text: String, offset: u32, basis: Option<&str>) -> RuleSite {
    let basis = match basis {
        Some(b) => vec![b.to_string()],
        None => p.legal_basis.iter().map(|b| b.value.to_string()).collect(),
    };
    RuleSite {
        text,
        offset,
        basis,
    }
}

fn cond_rule(
    p: &Procedure,
    when: Option<&crate::model::Cond>,
    basis: Option<&str>,
    slots: &mut Slots,
) -> CondRule {
    match when {
        None => CondRule {
            cond: None,
            site: None,
        },
        Some(w) => CondRule {
            cond: Some(compile(w, slots)),
            site: Some(site(p, w.to_string(), w.start, basis)),
        },
    }
}

fn compile_deadline(d: &Deadline, slots: &mut Slots) -> CDeadline {
    match d {
        Deadline::Unspecified => CDeadline::Unspecified,
        Deadline::NotStated => CDeadline::NotStated,
        Deadline::Fixed(d) => CDeadline::Fixed(*d),
        Deadline::When {
            then,
            cond,
            otherwise,
        } => CDeadline::When(
            *then,
            compile(cond, slots),
            Box::new(compile_deadline(otherwise, slots)),
        ),
    }
}

impl Program {
    /// Compiles a procedure (its rules must have passed validation).
    pub fn new(procedure: Arc<Procedure>) -> Program {
        let p = &*procedure;
        let mut slots = Slots::default();
        let slot_channel = slots.slot("channel");
        let slot_online = slots.slot("online");
        let slot_received = slots.slot("received");
        // Declared facts get slots first so explanations list them in a stable order.
        let mut defaults = Vec::new();
        for f in &p.facts {
            let s = slots.slot(&f.id);
            if let Some(d) = &f.default
                && let Ok(v) = facts::parse_typed(&f.id, &f.ty, d.trim())
            {
                defaults.push((s, v));
            }
        }
        let mut docs = Vec::new();
        let mut cases = Vec::new();
        let basis_of = |b: &Option<crate::model::Sp<Str>>| b.as_ref().map(|b| b.value.clone());
        for (i, d) in p.dossier.documents.iter().enumerate() {
            let b = basis_of(&d.basis);
            docs.push(CDoc {
                doc: i,
                case: None,
                rule: cond_rule(p, d.when.as_ref(), b.as_deref(), &mut slots),
            });
        }
        for (ci, c) in p.dossier.cases.iter().enumerate() {
            cases.push(CCase {
                rule: cond_rule(p, c.when.as_ref(), None, &mut slots),
            });
            for (i, d) in c.documents.iter().enumerate() {
                let b = basis_of(&d.basis);
                docs.push(CDoc {
                    doc: i,
                    case: Some(ci),
                    rule: cond_rule(p, d.when.as_ref(), b.as_deref(), &mut slots),
                });
            }
        }
        let channels = p
            .channels
            .iter()
            .map(|c| CChannel {
                kind: *c.kind,
                fees_stated: c.fees_stated,
                fees: c
                    .fees
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        let b = basis_of(&f.basis);
                        CFee {
                            item: i,
                            rule: cond_rule(p, f.when.as_ref(), b.as_deref(), &mut slots),
                            amount: fee::compile_fee(&f.amount, &mut slots),
                            amount_site: site(
                                p,
                                f.amount.to_string(),
                                f.amount.start,
                                b.as_deref(),
                            ),
                        }
                    })
                    .collect(),
                deadline: compile_deadline(&c.deadline, &mut slots),
                deadline_site: site(p, c.deadline.to_string(), c.deadline.start, None),
            })
            .collect();
        let discounts = p
            .discounts
            .rules
            .iter()
            .enumerate()
            .map(|(index, d)| CDiscount {
                index,
                amount: d.rule.amount.clone(),
                targets: match &d.rule.targets {
                    Targets::All => None,
                    Targets::Items(items) => Some(items.iter().map(|(n, _)| n.clone()).collect()),
                },
                when: d.rule.when.as_ref().map(|w| compile(w, &mut slots)),
                from: d.rule.from,
                until: d.rule.until,
                site: site(p, d.rule.to_string(), d.rule.start, Some(&d.basis)),
            })
            .collect();
        Program {
            procedure,
            slots,
            docs,
            cases,
            channels,
            discounts,
            slot_channel,
            slot_online,
            slot_received,
            defaults,
        }
    }

    /// An empty fact vector of the right size with the built-ins filled in.
    pub fn facts_for(&self, req: &Request) -> Vec<Option<Value>> {
        let mut v = vec![None; self.slots.names.len()];
        v[self.slot_channel as usize] = Some(Value::Text(req.channel.id().into()));
        v[self.slot_online as usize] = Some(Value::Bool(req.channel.is_online()));
        v[self.slot_received as usize] = req.received.map(|r| Value::Date(r.date()));
        for (s, d) in &self.defaults {
            v[*s as usize] = Some(d.clone());
        }
        v
    }

    fn missing(&self, m: Missing, site: Option<&RuleSite>) -> EvalError {
        let fact = self
            .slots
            .names
            .get(m.0 as usize)
            .cloned()
            .unwrap_or_default();
        let p = &self.procedure;
        let (rule, at) = match site {
            Some(s) => {
                let (line, col) = p.file.line_col(s.offset as usize);
                (
                    s.text.clone(),
                    format!("{}:{line}:{col}", p.file.path.display()),
                )
            }
            None => (String::new(), p.file.path.display().to_string()),
        };
        let fact = if fact == "received" {
            "received (the date of receipt: --received)".to_string()
        } else {
            fact
        };
        EvalError::MissingFact { fact, rule, at }
    }

    fn at(&self, site: &RuleSite) -> String {
        let (line, col) = self.procedure.file.line_col(site.offset as usize);
        format!("{}:{line}:{col}", self.procedure.file.path.display())
    }

    fn fee_fault(&self, f: fee::FeeFault, item: &FeeItem, site: &RuleSite) -> EvalError {
        match f {
            fee::FeeFault::Missing(m) => self.missing(m, Some(site)),
            fee::FeeFault::Overflow => EvalError::Overflow {
                item: item.id.value.to_string(),
                rule: site.text.clone(),
                at: self.at(site),
            },
            fee::FeeFault::Quantity(s) => EvalError::Quantity {
                fact: self
                    .slots
                    .names
                    .get(s as usize)
                    .cloned()
                    .unwrap_or_default(),
                rule: site.text.clone(),
                at: self.at(site),
            },
        }
    }

    fn test(&self, r: &CondRule, facts: &[Option<Value>]) -> Result<bool, EvalError> {
        match &r.cond {
            None => Ok(true),
            Some(c) => c.test(facts).map_err(|m| self.missing(m, r.site.as_ref())),
        }
    }

    fn trace(
        &self,
        out: &mut Vec<Trace>,
        kind: &'static str,
        id: &str,
        fired: bool,
        r: &CondRule,
        facts: &[Option<Value>],
    ) {
        let mut names = Vec::new();
        if let Some(c) = &r.cond {
            collect_slots(c, &mut names);
        }
        out.push(Trace {
            kind,
            id: id.to_string(),
            fired,
            site: r.site.clone(),
            facts: names
                .into_iter()
                .map(|s| {
                    (
                        self.slots.names[s as usize].clone(),
                        facts[s as usize].clone(),
                    )
                })
                .collect(),
        });
    }

    /// Evaluates the procedure for one applicant.
    pub fn eval<'p>(
        &'p self,
        req: &Request,
        facts: &[Option<Value>],
        calendar: &Calendar,
        explain: bool,
    ) -> Result<Outcome<'p>, EvalError> {
        let p = &*self.procedure;
        let Some((ci, ch)) = self
            .channels
            .iter()
            .enumerate()
            .find(|(_, c)| c.kind == req.channel)
        else {
            return Err(EvalError::Channel {
                wanted: req.channel,
                offered: self.channels.iter().map(|c| c.kind).collect(),
            });
        };
        let mut trace = Vec::new();

        // Documents: common ones, then those of every case that applies.
        let mut case_on = Vec::with_capacity(self.cases.len());
        for (i, c) in self.cases.iter().enumerate() {
            let on = self.test(&c.rule, facts)?;
            if explain {
                self.trace(
                    &mut trace,
                    "case",
                    &p.dossier.cases[i].id,
                    on,
                    &c.rule,
                    facts,
                );
            }
            case_on.push(on);
        }
        let mut documents = Vec::new();
        for d in &self.docs {
            if let Some(c) = d.case
                && !case_on[c]
            {
                continue;
            }
            let on = self.test(&d.rule, facts)?;
            let (doc, case) = match d.case {
                None => (&p.dossier.documents[d.doc], None),
                Some(c) => (
                    &p.dossier.cases[c].documents[d.doc],
                    Some(&p.dossier.cases[c]),
                ),
            };
            if explain && d.rule.cond.is_some() {
                self.trace(&mut trace, "document", &doc.id, on, &d.rule, facts);
            }
            if on {
                documents.push(DocOut { doc, case });
            }
        }

        // Fees, then discounts by the stacking policy.
        let channel = &p.channels[ci];
        let check_day = req.received.map(|r| r.date()).unwrap_or(req.today);
        let mut discount_on = Vec::with_capacity(self.discounts.len());
        for d in &self.discounts {
            let in_window =
                d.from.is_none_or(|f| check_day >= f) && d.until.is_none_or(|u| check_day <= u);
            let on = in_window
                && match &d.when {
                    None => true,
                    Some(c) => c.test(facts).map_err(|m| self.missing(m, Some(&d.site)))?,
                };
            if explain {
                let rule = CondRule {
                    cond: d.when.clone(),
                    site: Some(d.site.clone()),
                };
                self.trace(
                    &mut trace,
                    "discount",
                    &p.discounts.rules[d.index].id,
                    on,
                    &rule,
                    facts,
                );
            }
            discount_on.push(on);
        }
        // Facts named as people read them, built only for an explanation.
        let words: Vec<fee::FactWords> = if explain {
            self.slots
                .names
                .iter()
                .map(|n| {
                    let d = p.facts.iter().find(|f| f.id.as_str() == n.as_str());
                    fee::FactWords::of(n, d.and_then(|d| d.unit.as_ref()), d.map(|d| &d.label))
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut fees = Vec::new();
        let mut total = Money::ZERO;
        let mut complete = ch.fees_stated;
        let mut other_currencies = std::collections::BTreeMap::new();
        for f in &ch.fees {
            let item = &channel.fees[f.item];
            let on = self.test(&f.rule, facts)?;
            if explain && f.rule.cond.is_some() {
                self.trace(&mut trace, "fee", &item.id, on, &f.rule, facts);
            }
            if !on {
                continue;
            }
            let (base, unknown, steps) = match &f.amount {
                fee::CAmount::NotStated => (None, Some(Unknown::NotStated), Vec::new()),
                fee::CAmount::SetByProvince => (None, Some(Unknown::SetByProvince), Vec::new()),
                fee::CAmount::Expr(e) => {
                    let currency = item.foreign_currency().unwrap_or("VND");
                    let mut ex = fee::Explain {
                        words: &words,
                        names: &self.slots.names,
                        currency,
                        steps: Vec::new(),
                    };
                    let mut exr = explain.then_some(&mut ex);
                    let v = e
                        .eval(facts, &mut exr)
                        .map_err(|x| self.fee_fault(x, item, &f.amount_site))?;
                    (Some(Money(v)), None, ex.steps)
                }
            };
            let Some(base) = base else {
                complete = false;
                fees.push(FeeOut {
                    item,
                    base: None,
                    discount: Money::ZERO,
                    amount: None,
                    unknown,
                    applied: Vec::new(),
                    steps,
                });
                continue;
            };
            let mut applied = Vec::new();
            let mut amount = base;
            let mut best = Money::ZERO;
            let mut best_id = None;
            let mut additive: i128 = 0;
            for (d, on) in self.discounts.iter().zip(&discount_on) {
                if !on
                    || d.targets
                        .as_ref()
                        .is_some_and(|t| !t.iter().any(|x| x == item.id.as_str()))
                {
                    continue;
                }
                let id = p.discounts.rules[d.index].id.as_str();
                match p.discounts.stacking {
                    Stacking::Best => {
                        let cut = reduction(&d.amount, base);
                        if cut > best {
                            best = cut;
                            best_id = Some(id);
                        }
                    }
                    Stacking::Compound => {
                        amount = amount.minus_floor_zero(reduction(&d.amount, amount));
                        applied.push(id);
                    }
                    Stacking::Additive => {
                        additive += reduction(&d.amount, base).0 as i128;
                        applied.push(id);
                    }
                }
            }
            match p.discounts.stacking {
                Stacking::Best => {
                    amount = base.minus_floor_zero(best);
                    applied.extend(best_id);
                }
                // The sum of cuts is at most the number of discounts × the fee: i128 holds it,
                // and the fee never goes below zero.
                Stacking::Additive => {
                    amount = Money((base.0 as i128 - additive).max(0) as i64);
                }
                Stacking::Compound => {}
            }
            let overflow = || EvalError::Overflow {
                item: item.id.value.to_string(),
                rule: format!("{} + …", f.amount_site.text),
                at: self.at(&f.amount_site),
            };
            match item.foreign_currency() {
                // Never add another currency to VND.
                Some(c) => {
                    let t: &mut i64 = other_currencies.entry(c.to_string()).or_default();
                    *t = t.checked_add(amount.0).ok_or_else(overflow)?;
                }
                None => total = Money(total.0.checked_add(amount.0).ok_or_else(overflow)?),
            }
            fees.push(FeeOut {
                item,
                base: Some(base),
                discount: Money(base.0 - amount.0),
                amount: Some(amount),
                unknown: None,
                applied,
                steps,
            });
        }

        // Deadline.
        let mut d = &ch.deadline;
        let mut stated = true;
        let period = loop {
            match d {
                CDeadline::Unspecified => break None,
                CDeadline::NotStated => {
                    stated = false;
                    break None;
                }
                CDeadline::Fixed(p) => break Some(*p),
                CDeadline::When(then, cond, otherwise) => {
                    let on = cond
                        .test(facts)
                        .map_err(|m| self.missing(m, Some(&ch.deadline_site)))?;
                    if on {
                        break Some(*then);
                    }
                    d = otherwise;
                }
            }
        };
        if explain {
            let rule = CondRule {
                cond: None,
                site: Some(ch.deadline_site.clone()),
            };
            self.trace(&mut trace, "deadline", req.channel.id(), true, &rule, facts);
        }
        let due = match (period, req.received) {
            (Some(period), Some(received)) => {
                // Hours run in the working hours of the procedure, else of its implementing
                // agency, else of the catalogue.
                let agency = p.agencies.implementing.as_ref().map(|t| &*t.vi);
                let hours = calendar.hours_for(p.working_hours.as_ref(), agency);
                Some(
                    calendar
                        .due_in(
                            received,
                            period.amount,
                            period.unit,
                            p.cutoff.as_ref().map(|c| c.value),
                            hours,
                            explain,
                        )
                        .map_err(EvalError::Calendar)?,
                )
            }
            _ => None,
        };
        Ok(Outcome {
            channel: req.channel,
            documents,
            fees,
            total,
            complete,
            fees_stated: ch.fees_stated,
            other_currencies,
            deadline: DeadlineOut {
                period,
                stated,
                due,
            },
            trace,
        })
    }

    /// The procedure's name.
    pub fn name(&self) -> &Text {
        &self.procedure.name
    }

    /// The facts that evaluating `req` would still read, given the facts known so far: every
    /// fact of a rule the known facts leave open (a case's documents only when the case may
    /// apply), in the order the rules read them. Empty when evaluation needs nothing more, so
    /// a user can be told every missing fact at once instead of one per run.
    pub fn needed_facts(&self, req: &Request, facts: &[Option<Value>]) -> Vec<String> {
        let mut open = Vec::new();
        let need = |c: &Option<CExpr>, out: &mut Vec<u16>| {
            if let Some(c) = c {
                c.undecided_slots(facts, out);
            }
        };
        let case_may_apply: Vec<bool> = self
            .cases
            .iter()
            .map(|c| {
                need(&c.rule.cond, &mut open);
                c.rule
                    .cond
                    .as_ref()
                    .is_none_or(|c| c.test_partial(facts) != Some(false))
            })
            .collect();
        for d in &self.docs {
            if d.case.is_none_or(|c| case_may_apply[c]) {
                need(&d.rule.cond, &mut open);
            }
        }
        let check_day = req.received.map(|r| r.date()).unwrap_or(req.today);
        for d in &self.discounts {
            if d.from.is_none_or(|f| check_day >= f) && d.until.is_none_or(|u| check_day <= u) {
                need(&d.when, &mut open);
            }
        }
        if let Some(ch) = self.channels.iter().find(|c| c.kind == req.channel) {
            for f in &ch.fees {
                need(&f.rule.cond, &mut open);
                let charged = f
                    .rule
                    .cond
                    .as_ref()
                    .is_none_or(|c| c.test_partial(facts) != Some(false));
                if charged && let fee::CAmount::Expr(e) = &f.amount {
                    let mut read = Vec::new();
                    fee::slots_of(e, &mut read);
                    for s in read {
                        if facts.get(s as usize).is_none_or(|v| v.is_none()) && !open.contains(&s) {
                            open.push(s);
                        }
                    }
                }
            }
            let mut d = &ch.deadline;
            while let CDeadline::When(_, cond, otherwise) = d {
                cond.undecided_slots(facts, &mut open);
                if cond.test_partial(facts) == Some(true) {
                    break;
                }
                d = otherwise;
            }
        }
        open.into_iter()
            .map(|s| self.slots.names[s as usize].clone())
            .collect()
    }
}

fn reduction(d: &DiscountAmount, of: Money) -> Money {
    let cut = match d {
        DiscountAmount::Percent(p) => of.percent(*p),
        DiscountAmount::Fixed(m) => *m,
        DiscountAmount::Waive => of,
    };
    cut.min(of).max(Money::ZERO)
}

pub(crate) fn collect_slots(e: &CExpr, out: &mut Vec<u16>) {
    match e {
        CExpr::Const(_) => {}
        CExpr::Slot(s) => {
            if !out.contains(s) {
                out.push(*s)
            }
        }
        CExpr::Not(e) => collect_slots(e, out),
        CExpr::And(es) | CExpr::Or(es) => es.iter().for_each(|e| collect_slots(e, out)),
        CExpr::Cmp(a, _, b) => {
            collect_slots(a, out);
            collect_slots(b, out);
        }
        CExpr::In(a, _) => collect_slots(a, out),
    }
}
