//! The search behind the analysis: is there an applicant (facts, channel, date) for whom a
//! conjunction of conditions holds, and if so, which one?
//!
//! Exact over the declared types, by splitting each fact's domain at what the rules compare
//! it with: a yes/no fact has two values, an enum its listed values, a number, count, amount
//! or date one value per constant compared plus one inside each gap between them (when the
//! gap holds a value of the type: counts are whole and not negative, amounts whole đồng,
//! dates whole days), a text fact the texts compared plus one other. Conditions are evaluated
//! three-valued by the evaluator's own code ([`CExpr::test_partial`]), so the search stops as
//! soon as the facts given so far decide, and only the facts a question reads are ever
//! enumerated. A question that needs more than [`BUDGET`] steps is answered "too complex",
//! never by a guess.

use crate::eval::Value;
use crate::eval::compile::CExpr;
use crate::model::ChannelKind;
use crate::money::{Dec, Money};
use crate::rules::Type;
use crate::rules::ast::CmpOp;

/// Most combinations of values one question may visit before it is "too complex".
pub const BUDGET: usize = 20_000;

/// Deepest nesting of a compiled condition the analysis reads (the parser already refuses more
/// than 32 levels of parentheses; this bounds the search's own recursion whatever the rule).
pub const MAX_DEPTH: usize = 128;

/// Why a question could not be answered exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// More than [`BUDGET`] combinations of values.
    Budget,
    /// Nested deeper than [`MAX_DEPTH`].
    Depth,
    /// Compares a number, date or text fact with another fact (not split by constants).
    FactWithFact,
    /// A comparison whose side is a condition, or a fact of no declared type.
    Shape,
}

/// The answer to a question.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Some applicant satisfies every part: the facts that decided it (by slot), and the
    /// channel when the question reads it.
    Sat(Witness),
    /// No applicant does.
    Unsat,
    /// Not decided exactly.
    TooComplex(Why),
}

/// An applicant that shows a finding.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Witness {
    /// The channel, when the question reads it.
    pub channel: Option<ChannelKind>,
    /// Fact slots and their values, in the order they were decided.
    pub facts: Vec<(u16, Value)>,
}

/// What the search needs to know about the procedure's facts.
pub struct Space<'a> {
    /// Type of each slot (`None`: not declared).
    pub types: &'a [Option<Type>],
    /// Slot of `channel`.
    pub channel: u16,
    /// Slot of `online`.
    pub online: u16,
}

enum Var {
    Channel(Vec<ChannelKind>),
    Slot(u16, Vec<Value>),
}

/// Depth of a condition, stopping early past the limit (so a hostile rule costs little).
pub fn too_deep(e: &CExpr) -> bool {
    fn go(e: &CExpr, d: usize) -> bool {
        if d > MAX_DEPTH {
            return true;
        }
        match e {
            CExpr::Const(_) | CExpr::Slot(_) => false,
            CExpr::Not(e) => go(e, d + 1),
            CExpr::And(es) | CExpr::Or(es) => es.iter().any(|e| go(e, d + 1)),
            CExpr::Cmp(a, _, b) => go(a, d + 1) || go(b, d + 1),
            CExpr::In(a, _) => go(a, d + 1),
        }
    }
    go(e, 1)
}

/// Records, for each slot, the constants it is compared with; fails on shapes the split
/// cannot decide exactly.
fn constants(e: &CExpr, sp: &Space<'_>, out: &mut Vec<(u16, Value)>) -> Result<(), Why> {
    match e {
        CExpr::Const(_) | CExpr::Slot(_) => Ok(()),
        CExpr::Not(e) => constants(e, sp, out),
        CExpr::And(es) | CExpr::Or(es) => es.iter().try_for_each(|e| constants(e, sp, out)),
        CExpr::Cmp(a, _, b) => match (&**a, &**b) {
            (CExpr::Slot(s), CExpr::Const(v)) | (CExpr::Const(v), CExpr::Slot(s)) => {
                out.push((*s, v.clone()));
                Ok(())
            }
            (CExpr::Const(_), CExpr::Const(_)) => Ok(()),
            (CExpr::Slot(x), CExpr::Slot(y)) => {
                // Yes/no, enum values and the channel are enumerated whole: exact.
                let whole = |s: &u16| {
                    *s == sp.channel
                        || *s == sp.online
                        || matches!(
                            sp.types.get(*s as usize),
                            Some(Some(Type::Bool | Type::Enum(_)))
                        )
                };
                if whole(x) && whole(y) {
                    Ok(())
                } else {
                    Err(Why::FactWithFact)
                }
            }
            _ => Err(Why::Shape),
        },
        CExpr::In(a, items) => match &**a {
            CExpr::Slot(s) => {
                out.extend(items.iter().map(|v| (*s, v.clone())));
                Ok(())
            }
            CExpr::Const(_) => Ok(()),
            _ => Err(Why::Shape),
        },
    }
}

/// The next value of an ordered type above or below `v`, if the type has one.
fn step(v: &Value, ty: &Type, up: bool) -> Option<Value> {
    match (v, ty) {
        (Value::Number(d), Type::Count) => {
            // The nearest whole, non-negative count strictly above or below.
            let w = d.0.div_euclid(1000);
            let n = if up {
                w.checked_add(1)?
            } else if d.0.rem_euclid(1000) == 0 {
                w.checked_sub(1)?
            } else {
                w
            };
            (n >= 0).then_some(Value::Number(Dec(n.checked_mul(1000)?)))
        }
        (Value::Number(d), _) => Some(Value::Number(Dec(if up {
            d.0.checked_add(1)?
        } else {
            d.0.checked_sub(1)?
        }))),
        (Value::Money(m), _) => {
            let n = if up {
                m.0.checked_add(1)?
            } else {
                m.0.checked_sub(1)?
            };
            (n >= 0).then_some(Value::Money(Money(n)))
        }
        (Value::Date(d), _) => if up { d.tomorrow() } else { d.yesterday() }
            .ok()
            .map(Value::Date),
        _ => None,
    }
}

/// Whether a constant is itself a value of the fact's type.
fn valid(v: &Value, ty: &Type) -> bool {
    match (v, ty) {
        (Value::Number(d), Type::Count) => d.0 >= 0 && d.0 % 1000 == 0,
        (Value::Number(_), Type::Number) => true,
        (Value::Money(m), Type::Money) => m.0 >= 0,
        (Value::Date(_), Type::Date) => true,
        (Value::Text(_), Type::Text | Type::Enum(_)) => true,
        (Value::Bool(_), Type::Bool) => true,
        _ => false,
    }
}

/// One value of each region the constants split the type into.
fn domain(ty: &Type, mut consts: Vec<Value>) -> Result<Vec<Value>, Why> {
    Ok(match ty {
        Type::Bool => vec![Value::Bool(true), Value::Bool(false)],
        Type::Enum(values) => values
            .iter()
            .map(|v| Value::Text(v.as_str().into()))
            .collect(),
        Type::Text => {
            let mut out: Vec<Value> = Vec::new();
            for c in consts {
                if matches!(c, Value::Text(_)) && !out.contains(&c) {
                    out.push(c);
                }
            }
            // A text that is none of those compared.
            let mut other = String::from("khác");
            while out
                .iter()
                .any(|v| matches!(v, Value::Text(t) if **t == *other))
            {
                other.push('_');
            }
            out.push(Value::Text(other.into()));
            out
        }
        Type::Number | Type::Count | Type::Money | Type::Date => {
            consts.retain(|c| {
                matches!(
                    (c, ty),
                    (Value::Number(_), Type::Number | Type::Count)
                        | (Value::Money(_), Type::Money)
                        | (Value::Date(_), Type::Date)
                )
            });
            consts.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
            consts.dedup();
            let mut out = Vec::new();
            if consts.is_empty() {
                out.push(match ty {
                    Type::Money => Value::Money(Money(0)),
                    Type::Date => Value::Date(jiff::civil::date(2026, 1, 1)),
                    _ => Value::Number(Dec(0)),
                });
                return Ok(out);
            }
            let below = step(&consts[0], ty, false).filter(|v| valid(v, ty));
            out.extend(below);
            for (i, c) in consts.iter().enumerate() {
                if valid(c, ty) {
                    out.push(c.clone());
                }
                if let Some(up) = step(c, ty, true).filter(|v| valid(v, ty)) {
                    let inside = consts.get(i + 1).is_none_or(|next| up < *next);
                    if inside {
                        out.push(up);
                    }
                }
            }
            out
        }
    })
}

/// Whether some applicant, submitting by one of `channels`, makes every `(condition, wanted)`
/// part come out as wanted.
pub fn solve(sp: &Space<'_>, channels: &[ChannelKind], parts: &[(&CExpr, bool)]) -> Answer {
    if channels.is_empty() {
        return Answer::Unsat;
    }
    let mut consts = Vec::new();
    for (e, _) in parts {
        if too_deep(e) {
            return Answer::TooComplex(Why::Depth);
        }
        if let Err(w) = constants(e, sp, &mut consts) {
            return Answer::TooComplex(w);
        }
    }
    let mut read: Vec<u16> = Vec::new();
    for (e, _) in parts {
        crate::eval::collect_slots(e, &mut read);
    }
    let mut vars: Vec<Var> = Vec::new();
    let mut channel_var = false;
    for s in read {
        if s == sp.channel || s == sp.online {
            if !channel_var {
                channel_var = true;
                vars.push(Var::Channel(channels.to_vec()));
            }
            continue;
        }
        let Some(Some(ty)) = sp.types.get(s as usize) else {
            return Answer::TooComplex(Why::Shape);
        };
        let mine: Vec<Value> = consts
            .iter()
            .filter(|(c, _)| *c == s)
            .map(|(_, v)| v.clone())
            .collect();
        match domain(ty, mine) {
            Ok(d) => vars.push(Var::Slot(s, d)),
            Err(w) => return Answer::TooComplex(w),
        }
    }
    let n = sp
        .types
        .len()
        .max(sp.channel as usize + 1)
        .max(sp.online as usize + 1);
    let mut facts: Vec<Option<Value>> = vec![None; n];
    let mut steps = 0usize;
    let mut path: Vec<usize> = Vec::new();
    match search(sp, parts, &vars, 0, &mut facts, &mut steps, &mut path) {
        Some(true) => {
            let mut w = Witness::default();
            for (k, &choice) in path.iter().enumerate() {
                match &vars[k] {
                    Var::Channel(cs) => w.channel = Some(cs[choice]),
                    Var::Slot(s, vals) => w.facts.push((*s, vals[choice].clone())),
                }
            }
            Answer::Sat(w)
        }
        Some(false) => Answer::Unsat,
        None => Answer::TooComplex(Why::Budget),
    }
}

/// Depth-first over the variables in the order the conditions read them; `Some(found)`, or
/// `None` past the budget. `path` holds the choice made for each decided variable.
fn search(
    sp: &Space<'_>,
    parts: &[(&CExpr, bool)],
    vars: &[Var],
    k: usize,
    facts: &mut Vec<Option<Value>>,
    steps: &mut usize,
    path: &mut Vec<usize>,
) -> Option<bool> {
    *steps += 1;
    if *steps > BUDGET {
        return None;
    }
    let mut open = false;
    for (e, want) in parts {
        match e.test_partial(facts) {
            Some(b) if b != *want => return Some(false),
            Some(_) => {}
            None => open = true,
        }
    }
    if !open {
        return Some(true);
    }
    let Some(var) = vars.get(k) else {
        // Every variable is set and still undecided: cannot happen for well-typed rules.
        return Some(false);
    };
    let count = match var {
        Var::Channel(cs) => cs.len(),
        Var::Slot(_, vals) => vals.len(),
    };
    for choice in 0..count {
        match var {
            Var::Channel(cs) => {
                facts[sp.channel as usize] = Some(Value::Text(cs[choice].id().into()));
                facts[sp.online as usize] = Some(Value::Bool(cs[choice].is_online()));
            }
            Var::Slot(s, vals) => facts[*s as usize] = Some(vals[choice].clone()),
        }
        path.push(choice);
        match search(sp, parts, vars, k + 1, facts, steps, path) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => return None,
        }
        path.pop();
    }
    match var {
        Var::Channel(_) => {
            facts[sp.channel as usize] = None;
            facts[sp.online as usize] = None;
        }
        Var::Slot(s, _) => facts[*s as usize] = None,
    }
    Some(false)
}

/// `a OP b` as a compiled condition (for validity windows).
pub fn cmp(slot: u16, op: CmpOp, v: Value) -> CExpr {
    CExpr::Cmp(Box::new(CExpr::Slot(slot)), op, Box::new(CExpr::Const(v)))
}
