//! Which values of yes/no facts the conditions of a procedure read without an author's
//! wording for them (`value_labels: { true: …, false: … }`): `validate` warns about each, since
//! outputs can then only show the fact's label with the value.

use super::{FactDecl, Procedure};
use crate::diag::Lang;
use crate::rules::Type;
use crate::rules::ast::{CmpOp, Expr, Lit, Pos};

/// A yes/no fact a condition reads with a value its declaration does not word: the fact, the
/// value and where the condition reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingWording<'a> {
    /// The fact's id.
    pub fact: &'a str,
    /// `true` or `false`.
    pub value: bool,
    /// Where the condition names the fact.
    pub at: Pos,
}

/// Every use of a yes/no fact, in the conditions of `p`, whose value has no wording in the
/// fact's declaration (among `shared` and the procedure's own facts).
pub fn missing_wordings<'a>(p: &'a Procedure, shared: &'a [FactDecl]) -> Vec<MissingWording<'a>> {
    fn walk<'a>(e: &'a Expr, neg: bool, out: &mut Vec<(&'a str, bool, Pos)>) {
        match e {
            Expr::Not(inner, _) => walk(inner, !neg, out),
            Expr::And(v, _) | Expr::Or(v, _) => v.iter().for_each(|x| walk(x, neg, out)),
            Expr::Fact(f, pos) => out.push((f, !neg, *pos)),
            Expr::Cmp(a, op, b, _) => {
                if let (Expr::Fact(f, pos), Expr::Lit(Lit::Bool(v), _)) = (&**a, &**b) {
                    let eq = (*op == CmpOp::Eq) != neg;
                    out.push((f, *v == eq, *pos));
                }
            }
            Expr::In(..) | Expr::Lit(..) => {}
        }
    }
    let mut uses = Vec::new();
    for c in p.conditions() {
        walk(c, false, &mut uses);
    }
    let decl = |f: &str| {
        p.facts
            .iter()
            .chain(shared.iter())
            .find(|d| d.id.as_str() == f)
    };
    uses.into_iter()
        .filter(|(f, v, _)| {
            decl(f).is_some_and(|d| {
                matches!(d.ty, Type::Bool)
                    && d.wording(if *v { "true" } else { "false" }, Lang::Vi)
                        .is_none()
            })
        })
        .map(|(fact, value, at)| MissingWording { fact, value, at })
        .collect()
}
