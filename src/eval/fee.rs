//! Fee amounts compiled over fact slots and computed with checked arithmetic, step by step
//! when an explanation is asked for.
//!
//! Money is whole units (đồng for VND) in `i64`; products are taken in `i128` and must fit
//! back, or the evaluation fails with an overflow naming the rule — never a wrapped or
//! saturated amount. Quantities are decimals in thousandths: a product with a fractional
//! quantity (2.5 tonnes) and a percentage are rounded half up unless the rule says otherwise.

use super::Value;
use super::compile::{CExpr, Missing, Slots, compile};
use crate::diag::{Lang, Tr};
use crate::money::{Money, group_thousands};
use crate::rules::fee::{BoundKind, FeeExpr, FeeRule, Rounding};
use crate::tr;

/// A compiled fee amount.
#[derive(Debug, Clone)]
pub enum CAmount {
    /// Not stated by the record.
    NotStated,
    /// Fixed by each province.
    SetByProvince,
    /// Computed.
    Expr(CF),
}

/// A compiled fee expression (see [`FeeExpr`]).
#[derive(Debug, Clone)]
pub enum CF {
    /// A fixed amount.
    Price(i64),
    /// Times a fact.
    Per(Box<CF>, u16),
    /// Tiers over a fact: (price, first unit, last unit).
    Tiers(u16, Vec<(i64, u64, Option<u64>)>),
    /// Basis points of a money fact.
    Percent(i64, u16, Rounding),
    /// A sum.
    Sum(Vec<CF>),
    /// Caps and floors: (kind, amount, per fact).
    Bounded(Box<CF>, Vec<(BoundKind, i64, Option<u16>)>),
    /// A conditional alternative.
    When(Box<CF>, CExpr, Box<CF>),
}

/// Why a fee amount could not be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeFault {
    /// A fact it needs was not given.
    Missing(Missing),
    /// A result does not fit in whole đồng (i64).
    Overflow,
    /// A quantity is negative or not a number.
    Quantity(u16),
}

impl From<Missing> for FeeFault {
    fn from(m: Missing) -> Self {
        FeeFault::Missing(m)
    }
}

/// Compiles a type-checked fee rule.
pub fn compile_fee(rule: &FeeRule, slots: &mut Slots) -> CAmount {
    match rule {
        FeeRule::NotStated => CAmount::NotStated,
        FeeRule::SetByProvince => CAmount::SetByProvince,
        FeeRule::Amount(e) => CAmount::Expr(compile_expr(e, slots)),
    }
}

fn compile_expr(e: &FeeExpr, slots: &mut Slots) -> CF {
    match e {
        FeeExpr::Price(p) => CF::Price(p.amount.0),
        FeeExpr::Per(inner, f, _) => CF::Per(Box::new(compile_expr(inner, slots)), slots.slot(f)),
        FeeExpr::Tiers { fact, tiers, .. } => CF::Tiers(
            slots.slot(fact),
            tiers
                .iter()
                .map(|t| (t.price.amount.0, t.from, t.to))
                .collect(),
        ),
        FeeExpr::Percent {
            rate, of, rounding, ..
        } => CF::Percent(rate.0, slots.slot(of), *rounding),
        FeeExpr::Sum(es) => CF::Sum(es.iter().map(|e| compile_expr(e, slots)).collect()),
        FeeExpr::Bounded(inner, bs) => CF::Bounded(
            Box::new(compile_expr(inner, slots)),
            bs.iter()
                .map(|b| {
                    (
                        b.kind,
                        b.price.amount.0,
                        b.per.as_ref().map(|(f, _)| slots.slot(f)),
                    )
                })
                .collect(),
        ),
        FeeExpr::When {
            then,
            cond,
            otherwise,
        } => CF::When(
            Box::new(compile_expr(then, slots)),
            compile(cond, slots),
            Box::new(compile_expr(otherwise, slots)),
        ),
    }
}

/// How a step names a fact, in both languages (built only when explaining).
#[derive(Debug, Clone)]
pub struct FactWords {
    /// The units counted, for a range: `trang` / `pages`.
    pub units: Tr,
    /// One unit, after a `/`: `bản` / `copy`.
    pub unit: Tr,
    /// How many of them: `số bản` / `copies`.
    pub count: Tr,
}

impl FactWords {
    /// From a fact's `unit:` (`{ vi: bản, en: copy }`), else its label, else its id.
    pub fn of(
        id: &str,
        unit: Option<&crate::model::Text>,
        label: Option<&crate::model::Text>,
    ) -> FactWords {
        let both = |t: &crate::model::Text| Tr {
            vi: t.vi.to_string(),
            en: t.get(crate::diag::Lang::En).to_string(),
        };
        match (unit, label) {
            (Some(u), _) => {
                let one = both(u);
                let many = Tr {
                    vi: one.vi.clone(),
                    en: plural(&one.en),
                };
                FactWords {
                    count: Tr {
                        vi: format!("số {}", one.vi),
                        en: many.en.clone(),
                    },
                    units: many,
                    unit: one,
                }
            }
            (None, Some(l)) => {
                let l = both(l);
                FactWords {
                    units: l.clone(),
                    unit: l.clone(),
                    count: l,
                }
            }
            (None, None) => {
                let t = Tr {
                    vi: id.to_string(),
                    en: id.to_string(),
                };
                FactWords {
                    units: t.clone(),
                    unit: t.clone(),
                    count: t,
                }
            }
        }
    }
}

/// English plural of a unit noun (`page` → `pages`, `copy` → `copies`, `theory test` →
/// `theory tests`): the units fee rules count are regular nouns.
fn plural(w: &str) -> String {
    for (one, many) in [("child", "children"), ("person", "people")] {
        if let Some(head) = w.strip_suffix(one) {
            return format!("{head}{many}");
        }
    }
    let consonant_y = w.ends_with('y') && !w[..w.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if consonant_y {
        format!("{}ies", &w[..w.len() - 1])
    } else if w.ends_with(['s', 'x']) || w.ends_with("ch") || w.ends_with("sh") {
        format!("{w}es")
    } else {
        format!("{w}s")
    }
}

/// What explanations need to word a step: how facts are named and the currency.
pub struct Explain<'a> {
    /// How each slot's fact is named, by slot; an id stands in for a missing entry.
    pub words: &'a [FactWords],
    /// Slot names (ids), for facts without words.
    pub names: &'a [String],
    /// ISO code of the fee's currency (`VND`).
    pub currency: &'a str,
    /// The steps so far.
    pub steps: Vec<Tr>,
}

impl Explain<'_> {
    fn money(&self, v: i64) -> Tr {
        let c = self.currency;
        if c == "VND" {
            Tr {
                en: format!("{} VND", group_thousands(v, ',')),
                vi: format!("{} đồng", group_thousands(v, '.')),
            }
        } else {
            Tr {
                en: format!("{} {c}", group_thousands(v, ',')),
                vi: format!("{} {c}", group_thousands(v, '.')),
            }
        }
    }

    fn words(&self, slot: u16) -> FactWords {
        match self.words.get(slot as usize) {
            Some(w) => w.clone(),
            None => {
                let id = self.names.get(slot as usize).map_or("?", |s| s.as_str());
                FactWords::of(id, None, None)
            }
        }
    }
}

/// A quantity in thousandths; never negative.
fn quantity(facts: &[Option<Value>], slot: u16) -> Result<i64, FeeFault> {
    match facts.get(slot as usize) {
        Some(Some(Value::Number(d))) if d.0 >= 0 => Ok(d.0),
        Some(Some(_)) => Err(FeeFault::Quantity(slot)),
        _ => Err(FeeFault::Missing(Missing(slot))),
    }
}

/// `price × quantity` (thousandths), rounded half up to the whole unit, checked.
fn times(price: i64, q: i64) -> Result<i64, FeeFault> {
    let p = price as i128 * q as i128;
    let v = (p + 500).div_euclid(1000);
    i64::try_from(v).map_err(|_| FeeFault::Overflow)
}

fn qty_text(q: i64) -> String {
    crate::money::Dec(q).to_string()
}

impl CF {
    /// Computes the amount; with `ex`, records every step.
    pub fn eval(
        &self,
        facts: &[Option<Value>],
        ex: &mut Option<&mut Explain<'_>>,
    ) -> Result<i64, FeeFault> {
        match self {
            CF::Price(v) => Ok(*v),
            CF::Per(inner, slot) => {
                let base = inner.eval(facts, ex)?;
                let q = quantity(facts, *slot)?;
                let v = times(base, q)?;
                if let Some(ex) = ex {
                    let (b, r, w, qt) = (ex.money(base), ex.money(v), ex.words(*slot), qty_text(q));
                    let n = w.count;
                    ex.steps.push(Tr {
                        en: format!("{} = {qt}: {qt} × {} = {}", n.en, b.en, r.en),
                        vi: format!("{} = {qt}: {qt} × {} = {}", n.vi, b.vi, r.vi),
                    });
                }
                Ok(v)
            }
            CF::Tiers(slot, tiers) => {
                let q = quantity(facts, *slot)?;
                let mut total: i64 = 0;
                let mut parts = Vec::new();
                for &(price, from, to) in tiers {
                    let start = (from as i128 - 1) * 1000;
                    let end = to.map_or(i128::MAX, |t| t as i128 * 1000);
                    let units = (q as i128).min(end) - start;
                    if units <= 0 {
                        continue;
                    }
                    let units = i64::try_from(units).map_err(|_| FeeFault::Overflow)?;
                    let v = times(price, units)?;
                    total = total.checked_add(v).ok_or(FeeFault::Overflow)?;
                    if let Some(ex) = ex {
                        let w = ex.words(*slot);
                        let last = (q as i128).min(end);
                        // One unit reads "child 2", several "children 2–3".
                        let (n, range) = if last == from as i128 * 1000 {
                            (w.unit, from.to_string())
                        } else {
                            (w.units, format!("{from}–{}", qty_text(last as i64)))
                        };
                        let (p, r, u) = (ex.money(price), ex.money(v), qty_text(units));
                        ex.steps.push(Tr {
                            en: format!("{} {range}: {u} × {} = {}", n.en, p.en, r.en),
                            vi: format!("{} {range}: {u} × {} = {}", n.vi, p.vi, r.vi),
                        });
                        parts.push(ex.money(v));
                    }
                }
                if let Some(ex) = ex
                    && parts.len() > 1
                {
                    let t = ex.money(total);
                    let en: Vec<&str> = parts.iter().map(|p| p.en.as_str()).collect();
                    let vi: Vec<&str> = parts.iter().map(|p| p.vi.as_str()).collect();
                    ex.steps.push(Tr {
                        en: format!("{} = {}", en.join(" + "), t.en),
                        vi: format!("{} = {}", vi.join(" + "), t.vi),
                    });
                }
                Ok(total)
            }
            CF::Percent(bp, slot, rounding) => {
                let of = match facts.get(*slot as usize) {
                    Some(Some(Value::Money(m))) => m.0,
                    Some(Some(_)) => return Err(FeeFault::Quantity(*slot)),
                    _ => return Err(FeeFault::Missing(Missing(*slot))),
                };
                let num = of as i128 * *bp as i128;
                let q = num.div_euclid(10_000);
                let r = num.rem_euclid(10_000);
                let v = match rounding {
                    Rounding::HalfUp if r * 2 >= 10_000 => q + 1,
                    Rounding::Up if r > 0 => q + 1,
                    _ => q,
                };
                let v = i64::try_from(v).map_err(|_| FeeFault::Overflow)?;
                if let Some(ex) = ex {
                    let rate = crate::money::Percent(*bp);
                    let (o, res, n) = (ex.money(of), ex.money(v), ex.words(*slot).count);
                    let (ren, rvi) = match rounding {
                        Rounding::HalfUp => ("rounded half up", "làm tròn"),
                        Rounding::Down => ("rounded down", "làm tròn xuống"),
                        Rounding::Up => ("rounded up", "làm tròn lên"),
                    };
                    ex.steps.push(Tr {
                        en: format!("{rate} of {} {} = {} ({ren})", n.en, o.en, res.en),
                        vi: format!(
                            "{} × {} {} = {} ({rvi})",
                            rate.to_string().replace('.', ","),
                            n.vi,
                            o.vi,
                            res.vi
                        ),
                    });
                }
                Ok(v)
            }
            CF::Sum(es) => {
                let mut total: i64 = 0;
                // Terms are kept only to explain them: evaluation allocates nothing.
                let mut parts = Vec::new();
                for e in es {
                    let v = e.eval(facts, ex)?;
                    total = total.checked_add(v).ok_or(FeeFault::Overflow)?;
                    if ex.is_some() {
                        parts.push(v);
                    }
                }
                if let Some(ex) = ex {
                    let ps: Vec<Tr> = parts.iter().map(|v| ex.money(*v)).collect();
                    let t = ex.money(total);
                    let en: Vec<&str> = ps.iter().map(|p| p.en.as_str()).collect();
                    let vi: Vec<&str> = ps.iter().map(|p| p.vi.as_str()).collect();
                    ex.steps.push(Tr {
                        en: format!("{} = {}", en.join(" + "), t.en),
                        vi: format!("{} = {}", vi.join(" + "), t.vi),
                    });
                }
                Ok(total)
            }
            CF::Bounded(inner, bounds) => {
                let mut v = inner.eval(facts, ex)?;
                for &(kind, amount, per) in bounds {
                    let (limit, q) = match per {
                        None => (amount, None),
                        Some(s) => {
                            let q = quantity(facts, s)?;
                            (times(amount, q)?, Some((s, q)))
                        }
                    };
                    let before = v;
                    v = match kind {
                        BoundKind::AtMost => v.min(limit),
                        BoundKind::AtLeast => v.max(limit),
                    };
                    if let Some(ex) = ex {
                        let (a, l, b, r) = (
                            ex.money(amount),
                            ex.money(limit),
                            ex.money(before),
                            ex.money(v),
                        );
                        let (wen, wvi) = match kind {
                            BoundKind::AtMost => ("at most", "tối đa"),
                            BoundKind::AtLeast => ("at least", "tối thiểu"),
                        };
                        let (pen, pvi) = match q {
                            None => (String::new(), String::new()),
                            Some((s, q)) => {
                                let (n, qt) = (ex.words(s).unit, qty_text(q));
                                (
                                    format!(" per {} × {qt} = {}", n.en, l.en),
                                    format!("/{} × {qt} = {}", n.vi, l.vi),
                                )
                            }
                        };
                        let (cen, cvi) = if before == v {
                            (r.en.clone(), r.vi.clone())
                        } else {
                            (
                                format!("{} → {}", b.en, r.en),
                                format!("{} → {}", b.vi, r.vi),
                            )
                        };
                        ex.steps.push(Tr {
                            en: format!("{wen} {}{pen}: {cen}", a.en),
                            vi: format!("{wvi} {}{pvi}: {cvi}", a.vi),
                        });
                    }
                }
                Ok(v)
            }
            CF::When(then, cond, otherwise) => {
                if cond.test(facts)? {
                    if let Some(ex) = ex {
                        ex.steps
                            .push(tr!("the condition holds", "điều kiện được đáp ứng"));
                    }
                    then.eval(facts, ex)
                } else {
                    if let Some(ex) = ex {
                        ex.steps.push(tr!(
                            "the condition does not hold: the other amount applies",
                            "điều kiện không được đáp ứng: áp dụng mức còn lại"
                        ));
                    }
                    otherwise.eval(facts, ex)
                }
            }
        }
    }
}

/// Every slot a fee expression reads.
pub fn slots_of(e: &CF, out: &mut Vec<u16>) {
    let push = |s: u16, out: &mut Vec<u16>| {
        if !out.contains(&s) {
            out.push(s)
        }
    };
    match e {
        CF::Price(_) => {}
        CF::Per(inner, s) => {
            slots_of(inner, out);
            push(*s, out);
        }
        CF::Tiers(s, _) | CF::Percent(_, s, _) => push(*s, out),
        CF::Sum(es) => es.iter().for_each(|e| slots_of(e, out)),
        CF::Bounded(inner, bs) => {
            slots_of(inner, out);
            for (_, _, p) in bs {
                if let Some(s) = p {
                    push(*s, out);
                }
            }
        }
        CF::When(a, c, b) => {
            super::collect_slots(c, out);
            slots_of(a, out);
            slots_of(b, out);
        }
    }
}

/// An amount as eval prints it in `lang`.
pub fn money_text(m: Money, currency: &str, lang: Lang) -> String {
    match (currency, lang) {
        ("VND", Lang::Vi) => format!("{} đồng", group_thousands(m.0, '.')),
        (c, Lang::Vi) => format!("{} {c}", group_thousands(m.0, '.')),
        (c, Lang::En) => format!("{} {c}", group_thousands(m.0, ',')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Dec;
    use crate::rules::parse::{Origin, fee};

    fn run(src: &str, facts: &[(&str, Value)]) -> Result<(i64, Vec<String>), FeeFault> {
        let rule = fee(src, &Origin::detached()).unwrap();
        let mut slots = Slots::default();
        let CAmount::Expr(c) = compile_fee(&rule, &mut slots) else {
            panic!("not an amount")
        };
        let mut v = vec![None; slots.names.len()];
        for (k, val) in facts {
            if let Some(s) = slots.get(k) {
                v[s as usize] = Some(val.clone());
            }
        }
        let mut ex = Explain {
            words: &[],
            names: &slots.names,
            currency: "VND",
            steps: Vec::new(),
        };
        let r = c.eval(&v, &mut Some(&mut ex))?;
        Ok((r, ex.steps.into_iter().map(|s| s.en).collect()))
    }

    fn n(v: i64) -> Value {
        Value::Number(Dec::from_int(v))
    }

    const COPY: &str = "(2,000 VND per pages from 1 to 2, 1,000 VND per pages from 3, at most 200,000 VND) per copies";

    #[test]
    fn units_are_named_in_the_plural_for_a_range() {
        for (one, many) in [
            ("page", "pages"),
            ("copy", "copies"),
            ("child", "children"),
            ("theory test", "theory tests"),
            ("day", "days"),
            ("box", "boxes"),
        ] {
            assert_eq!(plural(one), many);
        }
    }

    #[test]
    fn certified_copies_of_the_published_case() {
        let (v, steps) = run(COPY, &[("pages", n(150)), ("copies", n(2))]).unwrap();
        assert_eq!(v, 304_000);
        assert_eq!(
            steps,
            [
                "pages 1–2: 2 × 2,000 VND = 4,000 VND",
                "pages 3–150: 148 × 1,000 VND = 148,000 VND",
                "4,000 VND + 148,000 VND = 152,000 VND",
                "at most 200,000 VND: 152,000 VND",
                "copies = 2: 2 × 152,000 VND = 304,000 VND",
            ]
        );
    }

    #[test]
    fn tier_boundaries_and_the_cap() {
        for (pages, want) in [
            (0, 0),
            (1, 2_000),
            (2, 4_000),
            (3, 5_000),
            (198, 200_000),
            (199, 200_000),
            (500, 200_000),
        ] {
            let (v, _) = run(COPY, &[("pages", n(pages)), ("copies", n(1))]).unwrap();
            assert_eq!(v, want, "{pages} pages");
        }
    }

    #[test]
    fn percentages_round_as_the_rule_says() {
        let m = |v| Value::Money(Money(v));
        let (v, _) = run("0.5% of value", &[("value", m(1_099))]).unwrap();
        assert_eq!(v, 5); // 5.495 → 5
        let (v, _) = run("0.5% of value", &[("value", m(1_100))]).unwrap();
        assert_eq!(v, 6); // 5.5 → 6
        let (v, _) = run("0.5% of value rounded down", &[("value", m(1_199))]).unwrap();
        assert_eq!(v, 5);
        let (v, _) = run("0.5% of value rounded up", &[("value", m(1_001))]).unwrap();
        assert_eq!(v, 6);
        let f = "0.5% of value, at least 100,000 VND, at most 5,000,000 VND";
        for (value, want) in [
            (0, 100_000),
            (20_000_000, 100_000),
            (20_000_200, 100_001),
            (1_000_000_000, 5_000_000),
            (999_999_800, 4_999_999),
        ] {
            assert_eq!(run(f, &[("value", m(value))]).unwrap().0, want, "{value}");
        }
    }

    #[test]
    fn fractional_quantities_of_a_number_fact_round_half_up() {
        let t = Value::Number(Dec(2_500));
        let (v, _) = run("150,000 VND + 15,001 VND per tonnes", &[("tonnes", t)]).unwrap();
        assert_eq!(v, 150_000 + 37_503); // 37,502.5 → 37,503
    }

    #[test]
    fn overflow_is_an_error_never_a_wrapped_amount() {
        // Amounts above any fee are refused when read; a count can still overflow.
        assert!(fee("9,223,372,036,854,775,807 VND", &Origin::detached()).is_err());
        let e = run(
            "1,000,000,000,000 VND per copies",
            &[("copies", n(10_000_000))],
        )
        .unwrap_err();
        assert_eq!(e, FeeFault::Overflow);
    }

    #[test]
    fn a_missing_quantity_names_its_slot() {
        assert!(matches!(
            run(COPY, &[("pages", n(3))]),
            Err(FeeFault::Missing(_))
        ));
    }
}
