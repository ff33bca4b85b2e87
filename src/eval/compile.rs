//! Conditions compiled to slot-indexed trees, so evaluating one reads facts by index and
//! never looks a name up or allocates.

use super::Value;
use crate::rules::ast::{CmpOp, Expr, Lit};
use std::cmp::Ordering;

/// A compiled condition.
#[derive(Debug, Clone)]
pub enum CExpr {
    /// A constant.
    Const(Value),
    /// Read fact slot `n`.
    Slot(u16),
    /// Negation.
    Not(Box<CExpr>),
    /// Conjunction (short-circuit).
    And(Vec<CExpr>),
    /// Disjunction (short-circuit).
    Or(Vec<CExpr>),
    /// Comparison.
    Cmp(Box<CExpr>, CmpOp, Box<CExpr>),
    /// Membership in a list of constants.
    In(Box<CExpr>, Vec<Value>),
}

/// Evaluation failed because a fact the rule needs was not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Missing(pub u16);

/// Maps fact names to slots while compiling.
#[derive(Debug, Default, Clone)]
pub struct Slots {
    /// Slot names, in slot order.
    pub names: Vec<String>,
}

impl Slots {
    /// The slot of a fact, adding it when new.
    pub fn slot(&mut self, name: &str) -> u16 {
        if let Some(i) = self.names.iter().position(|n| n == name) {
            return i as u16;
        }
        self.names.push(name.to_string());
        (self.names.len() - 1) as u16
    }

    /// The slot of a fact, if any rule reads it.
    pub fn get(&self, name: &str) -> Option<u16> {
        self.names.iter().position(|n| n == name).map(|i| i as u16)
    }
}

/// Converts a literal to a runtime value.
pub fn lit_value(l: &Lit) -> Value {
    match l {
        Lit::Bool(b) => Value::Bool(*b),
        Lit::Number(n) => Value::Number(*n),
        Lit::Money(m) => Value::Money(*m),
        Lit::Text(s) => Value::Text(s.as_str().into()),
        Lit::Date(d) => Value::Date(*d),
    }
}

/// Compiles a type-checked condition.
pub fn compile(e: &Expr, slots: &mut Slots) -> CExpr {
    match e {
        Expr::Lit(l, _) => CExpr::Const(lit_value(l)),
        Expr::Fact(name, _) => CExpr::Slot(slots.slot(name)),
        Expr::Not(inner, _) => CExpr::Not(Box::new(compile(inner, slots))),
        Expr::And(es, _) => CExpr::And(es.iter().map(|e| compile(e, slots)).collect()),
        Expr::Or(es, _) => CExpr::Or(es.iter().map(|e| compile(e, slots)).collect()),
        Expr::Cmp(a, op, b, _) => CExpr::Cmp(
            Box::new(compile(a, slots)),
            *op,
            Box::new(compile(b, slots)),
        ),
        Expr::In(a, items, _) => CExpr::In(
            Box::new(compile(a, slots)),
            items.iter().map(|(l, _)| lit_value(l)).collect(),
        ),
    }
}

impl CExpr {
    /// Evaluates to a value, reading facts from `facts` by slot.
    pub fn value<'a>(&'a self, facts: &'a [Option<Value>]) -> Result<&'a Value, Missing> {
        match self {
            CExpr::Const(v) => Ok(v),
            CExpr::Slot(i) => facts
                .get(*i as usize)
                .and_then(|v| v.as_ref())
                .ok_or(Missing(*i)),
            _ => Err(Missing(u16::MAX)),
        }
    }

    /// Evaluates a condition.
    pub fn test(&self, facts: &[Option<Value>]) -> Result<bool, Missing> {
        Ok(match self {
            CExpr::Const(Value::Bool(b)) => *b,
            CExpr::Slot(i) => match facts.get(*i as usize).and_then(|v| v.as_ref()) {
                Some(Value::Bool(b)) => *b,
                Some(_) => false,
                None => return Err(Missing(*i)),
            },
            CExpr::Not(e) => !e.test(facts)?,
            CExpr::And(es) => {
                for e in es {
                    if !e.test(facts)? {
                        return Ok(false);
                    }
                }
                true
            }
            CExpr::Or(es) => {
                for e in es {
                    if e.test(facts)? {
                        return Ok(true);
                    }
                }
                false
            }
            CExpr::Cmp(a, op, b) => {
                let (a, b) = (a.value(facts)?, b.value(facts)?);
                match op {
                    CmpOp::Eq => a == b,
                    CmpOp::Ne => a != b,
                    _ => match a.partial_cmp(b) {
                        None => false,
                        Some(ord) => match op {
                            CmpOp::Lt => ord == Ordering::Less,
                            CmpOp::Le => ord != Ordering::Greater,
                            CmpOp::Gt => ord == Ordering::Greater,
                            _ => ord != Ordering::Less,
                        },
                    },
                }
            }
            CExpr::In(a, items) => {
                let a = a.value(facts)?;
                items.iter().any(|i| i == a)
            }
            CExpr::Const(_) => false,
        })
    }
}

impl CExpr {
    /// Evaluates a condition with some facts unknown: `Some(b)` when the known facts decide
    /// it, `None` when the result depends on a fact not given.
    pub fn test_partial(&self, facts: &[Option<Value>]) -> Option<bool> {
        match self {
            CExpr::And(es) => {
                let mut unknown = false;
                for e in es {
                    match e.test_partial(facts) {
                        Some(false) => return Some(false),
                        Some(true) => {}
                        None => unknown = true,
                    }
                }
                (!unknown).then_some(true)
            }
            CExpr::Or(es) => {
                let mut unknown = false;
                for e in es {
                    match e.test_partial(facts) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => unknown = true,
                    }
                }
                (!unknown).then_some(false)
            }
            CExpr::Not(e) => e.test_partial(facts).map(|b| !b),
            _ => self.test(facts).ok(),
        }
    }

    /// The slots whose values would decide a condition that the known facts leave open, in
    /// the order the rule reads them; empty when the condition is decided.
    pub fn undecided_slots(&self, facts: &[Option<Value>], out: &mut Vec<u16>) {
        if self.test_partial(facts).is_some() {
            return;
        }
        match self {
            CExpr::Slot(s) => {
                if !out.contains(s) {
                    out.push(*s);
                }
            }
            CExpr::Not(e) => e.undecided_slots(facts, out),
            // Only the open operands matter: a decided one cannot change the result.
            CExpr::And(es) | CExpr::Or(es) => {
                for e in es {
                    e.undecided_slots(facts, out);
                }
            }
            CExpr::Cmp(a, _, b) => {
                for side in [a, b] {
                    if let CExpr::Slot(s) = **side
                        && facts.get(s as usize).is_none_or(|v| v.is_none())
                        && !out.contains(&s)
                    {
                        out.push(s);
                    }
                }
            }
            CExpr::In(a, _) => {
                if let CExpr::Slot(s) = **a
                    && !out.contains(&s)
                {
                    out.push(s);
                }
            }
            CExpr::Const(_) => {}
        }
    }
}

#[cfg(test)]
mod partial_tests {
    use super::*;
    use crate::rules::parse::parse_condition;

    fn compiled(src: &str) -> (CExpr, Slots) {
        let e = parse_condition(src, &crate::rules::parse::Origin::detached()).expect("parses");
        let mut slots = Slots::default();
        let c = compile(&e, &mut slots);
        (c, slots)
    }

    fn names(c: &CExpr, slots: &Slots, facts: &[Option<Value>]) -> Vec<String> {
        let mut out = Vec::new();
        c.undecided_slots(facts, &mut out);
        out.iter()
            .map(|s| slots.names[*s as usize].clone())
            .collect()
    }

    #[test]
    fn a_decided_operand_needs_no_other_fact() {
        let (c, slots) = compiled("a and (b or c)");
        let mut facts = vec![None; slots.names.len()];
        assert_eq!(names(&c, &slots, &facts), ["a", "b", "c"]);
        facts[slots.get("a").unwrap() as usize] = Some(Value::Bool(false));
        assert_eq!(c.test_partial(&facts), Some(false));
        assert!(names(&c, &slots, &facts).is_empty());
        facts[slots.get("a").unwrap() as usize] = Some(Value::Bool(true));
        facts[slots.get("c").unwrap() as usize] = Some(Value::Bool(true));
        assert_eq!(c.test_partial(&facts), Some(true));
    }

    #[test]
    fn comparisons_name_their_missing_fact() {
        let (c, slots) = compiled("not x and kind == \"a\"");
        let facts = vec![None; slots.names.len()];
        assert_eq!(names(&c, &slots, &facts), ["x", "kind"]);
    }
}
