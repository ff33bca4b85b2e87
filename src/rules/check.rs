//! Type-checking rules against the declared facts, before anything runs.

use super::ast::*;
use super::parse::RuleError;
use crate::diag::{Tr, suggest};
use crate::tr;
// Fact names are looked up for every name in every rule: foldhash, seeded per process, costs
// less than the standard SipHash.
use foldhash::HashMap;

/// The type of a fact or a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// Yes or no.
    Bool,
    /// A decimal number.
    Number,
    /// A whole number of things (pages, copies, vehicles): never fractional or negative.
    Count,
    /// Whole VND.
    Money,
    /// Free text.
    Text,
    /// A calendar date.
    Date,
    /// One of the listed values.
    Enum(Vec<String>),
}

impl Type {
    /// The type's name as written in a fact declaration.
    pub fn name(&self) -> &'static str {
        match self {
            Type::Bool => "bool",
            Type::Number => "number",
            Type::Count => "count",
            Type::Money => "money",
            Type::Text => "text",
            Type::Date => "date",
            Type::Enum(_) => "enum",
        }
    }

    pub(crate) fn plain(&self) -> Tr {
        match self {
            Type::Bool => tr!("yes/no", "đúng/sai"),
            Type::Number => tr!("a number", "số"),
            Type::Count => tr!("a whole number", "số nguyên"),
            Type::Money => tr!("an amount of money", "số tiền"),
            Type::Text => tr!("text", "văn bản"),
            Type::Date => tr!("a date", "ngày"),
            Type::Enum(_) => tr!("one of a list of values", "một giá trị trong danh sách"),
        }
    }

    fn of_lit(l: &Lit) -> Type {
        match l {
            Lit::Bool(_) => Type::Bool,
            Lit::Number(_) => Type::Number,
            Lit::Money(_) => Type::Money,
            Lit::Text(_) => Type::Text,
            Lit::Date(_) => Type::Date,
        }
    }
}

/// The facts a rule may read, with their types: shared ones (built-ins and the catalogue's)
/// plus a procedure's own, layered so each procedure does not copy the shared map.
#[derive(Debug, Clone, Default)]
pub struct Env {
    shared: std::sync::Arc<HashMap<String, Type>>,
    local: Vec<(String, Type)>,
}

impl Env {
    /// An environment with the built-in facts (`channel`, `online`, `received`).
    pub fn with_builtins(channels: &[&str]) -> Env {
        let mut env = Env::default();
        env.insert(
            "channel",
            Type::Enum(channels.iter().map(|c| c.to_string()).collect()),
        );
        env.insert("online", Type::Bool);
        env.insert("received", Type::Date);
        env
    }

    /// Declares a fact (a later declaration replaces an earlier one).
    pub fn insert(&mut self, name: &str, ty: Type) {
        match self.local.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = ty,
            None => self.local.push((name.to_string(), ty)),
        }
    }

    /// Freezes the declarations into the shared layer; [`Env::child`] then costs no copy.
    pub fn freeze(mut self) -> Env {
        let mut map: HashMap<String, Type> = (*self.shared).clone();
        map.extend(self.local.drain(..));
        Env {
            shared: std::sync::Arc::new(map),
            local: Vec::new(),
        }
    }

    /// A layer for one procedure's facts over the shared ones.
    pub fn child(&self) -> Env {
        Env {
            shared: self.shared.clone(),
            local: Vec::new(),
        }
    }

    /// The type of a fact.
    pub fn get(&self, name: &str) -> Option<&Type> {
        self.local
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t)
            .or_else(|| self.shared.get(name))
    }

    pub(crate) fn names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .shared
            .keys()
            .map(|s| s.as_str())
            .chain(self.local.iter().map(|(n, _)| n.as_str()))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// Checks that a condition is a well-typed yes/no question; collects every error.
pub fn check_condition(e: &Expr, env: &Env, errors: &mut Vec<RuleError>) {
    if let Some(t) = type_of(e, env, errors)
        && t != Type::Bool
    {
        let got = t.plain();
        errors.push(RuleError {
            code: "rule/type",
            message: Tr {
                en: format!("a condition must be yes or no, but this is {}", got.en),
                vi: format!("điều kiện phải là đúng/sai, nhưng đây là {}", got.vi),
            },
            pos: e.pos(),
            help: Some(tr!(
                "compare it with something, e.g. `age < 14`",
                "hãy so sánh, ví dụ `age < 14`"
            )),
        });
    }
}

/// Checks every condition inside a deadline rule.
pub fn check_deadline(d: &Deadline, env: &Env, errors: &mut Vec<RuleError>) {
    if let Deadline::When {
        cond, otherwise, ..
    } = d
    {
        check_condition(cond, env, errors);
        check_deadline(otherwise, env, errors);
    }
}

fn type_of(e: &Expr, env: &Env, errors: &mut Vec<RuleError>) -> Option<Type> {
    match e {
        Expr::Lit(l, _) => Some(Type::of_lit(l)),
        Expr::Fact(name, pos) => match env.get(name) {
            Some(t) => Some(t.clone()),
            None => {
                errors.push(RuleError {
                    code: "rule/unknown-fact",
                    message: tr!(
                        "the fact `{name}` is not declared",
                        "thông tin `{name}` chưa được khai báo"
                    ),
                    pos: *pos,
                    help: Some(suggest(name, &env.names())),
                });
                None
            }
        },
        Expr::Not(inner, _) => {
            check_condition(inner, env, errors);
            Some(Type::Bool)
        }
        Expr::And(es, _) | Expr::Or(es, _) => {
            for e in es {
                check_condition(e, env, errors);
            }
            Some(Type::Bool)
        }
        Expr::Cmp(a, op, b, pos) => {
            let ta = type_of(a, env, errors);
            let tb = type_of(b, env, errors);
            if let (Some(ta), Some(tb)) = (ta, tb) {
                compare(&ta, a, &tb, b, *op, *pos, errors);
            }
            Some(Type::Bool)
        }
        Expr::In(a, items, _) => {
            if let Some(ta) = type_of(a, env, errors) {
                for (lit, lpos) in items {
                    let tl = Type::of_lit(lit);
                    let le = Expr::Lit(lit.clone(), *lpos);
                    compare(&ta, a, &tl, &le, CmpOp::Eq, *lpos, errors);
                }
            }
            Some(Type::Bool)
        }
    }
}

fn compare(
    ta: &Type,
    a: &Expr,
    tb: &Type,
    b: &Expr,
    op: CmpOp,
    pos: Pos,
    errors: &mut Vec<RuleError>,
) {
    // An enum compares with text literals naming one of its values.
    let enum_side = match (ta, tb) {
        (Type::Enum(values), Type::Text) => Some((values, b)),
        (Type::Text, Type::Enum(values)) => Some((values, a)),
        _ => None,
    };
    if let Some((values, lit_side)) = enum_side {
        if let Expr::Lit(Lit::Text(v), lpos) = lit_side
            && !values.iter().any(|x| x == v)
        {
            let names: Vec<&str> = values.iter().map(|s| s.as_str()).collect();
            errors.push(RuleError {
                code: "rule/unknown-value",
                message: tr!(
                    "\"{v}\" is not one of the declared values",
                    "\"{v}\" không thuộc các giá trị đã khai báo"
                ),
                pos: *lpos,
                help: Some(suggest(v, &names)),
            });
        }
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            errors.push(ordering_error(op, pos));
        }
        return;
    }
    let same = match (ta, tb) {
        (Type::Enum(x), Type::Enum(y)) => x == y,
        // A count is a number: `pages > 2` compares it with a number literal.
        (Type::Count | Type::Number, Type::Count | Type::Number) => true,
        _ => ta == tb,
    };
    if !same {
        let (pa, pb) = (ta.plain(), tb.plain());
        errors.push(RuleError {
            code: "rule/type",
            message: Tr {
                en: format!("cannot compare {} with {}", pa.en, pb.en),
                vi: format!("không thể so sánh {} với {}", pa.vi, pb.vi),
            },
            pos,
            help: None,
        });
        return;
    }
    let ordered = matches!(ta, Type::Number | Type::Count | Type::Money | Type::Date);
    if !ordered && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
        errors.push(ordering_error(op, pos));
    }
}

fn ordering_error(op: CmpOp, pos: Pos) -> RuleError {
    let op = op.as_str();
    RuleError {
        code: "rule/type",
        message: tr!(
            "`{op}` only compares numbers, amounts of money and dates",
            "`{op}` chỉ dùng để so sánh số, số tiền và ngày"
        ),
        pos,
        help: Some(tr!("use `==` or `!=`", "dùng `==` hoặc `!=`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::parse::{Origin, condition};

    fn env() -> Env {
        let mut env = Env::with_builtins(&["direct", "online_full"]);
        env.insert("age", Type::Number);
        env.insert("income", Type::Money);
        env.insert("name", Type::Text);
        env.insert("married", Type::Bool);
        env.insert("case", Type::Enum(vec!["own_home".into(), "rented".into()]));
        env
    }

    fn errs(src: &str) -> Vec<&'static str> {
        let e = condition(src, &Origin::detached()).unwrap();
        let mut out = Vec::new();
        check_condition(&e, &env(), &mut out);
        out.iter().map(|e| e.code).collect()
    }

    #[test]
    fn well_typed_rules_pass() {
        assert!(errs("age < 14 and not married").is_empty());
        assert!(errs("case == \"rented\" or income >= 1,000,000 VND").is_empty());
        assert!(errs("channel in [\"direct\"] and received < 2026-01-01").is_empty());
    }

    #[test]
    fn type_errors_are_found() {
        assert_eq!(errs("income > \"abc\""), ["rule/type"]);
        assert_eq!(errs("age"), ["rule/type"]);
        assert_eq!(errs("agee < 3"), ["rule/unknown-fact"]);
        assert_eq!(errs("case == \"renter\""), ["rule/unknown-value"]);
        assert_eq!(errs("name < \"x\""), ["rule/type"]);
        assert_eq!(errs("not age and agee"), ["rule/type", "rule/unknown-fact"]);
    }
}
