//! The syntax tree of rules, and how each node is printed back in canonical form.

use crate::money::{Dec, Money, Percent};
use jiff::civil::Date;
use std::fmt;

pub use crate::shape::Pos;

/// A literal value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lit {
    /// `true` / `false`.
    Bool(bool),
    /// `14`, `30.5`.
    Number(Dec),
    /// `20,000 VND`.
    Money(Money),
    /// `"text"`; also how enum values are written.
    Text(String),
    /// `2025-12-31`.
    Date(Date),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// A condition or a value inside one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A literal.
    Lit(Lit, Pos),
    /// A fact read from the applicant.
    Fact(String, Pos),
    /// `not e`
    Not(Box<Expr>, Pos),
    /// `a and b and …`
    And(Vec<Expr>, Pos),
    /// `a or b or …`
    Or(Vec<Expr>, Pos),
    /// `a OP b`
    Cmp(Box<Expr>, CmpOp, Box<Expr>, Pos),
    /// `a in [x, y]`
    In(Box<Expr>, Vec<(Lit, Pos)>, Pos),
}

impl Expr {
    /// Where the expression was written.
    pub fn pos(&self) -> Pos {
        match self {
            Expr::Lit(_, p)
            | Expr::Fact(_, p)
            | Expr::Not(_, p)
            | Expr::And(_, p)
            | Expr::Or(_, p)
            | Expr::Cmp(_, _, _, p)
            | Expr::In(_, _, p) => *p,
        }
    }

    /// Every fact the expression reads, in order of appearance.
    pub fn facts(&self, out: &mut Vec<String>) {
        match self {
            Expr::Lit(..) => {}
            Expr::Fact(f, _) => {
                if !out.contains(f) {
                    out.push(f.clone())
                }
            }
            Expr::Not(e, _) => e.facts(out),
            Expr::And(es, _) | Expr::Or(es, _) => es.iter().for_each(|e| e.facts(out)),
            Expr::Cmp(a, _, b, _) => {
                a.facts(out);
                b.facts(out);
            }
            Expr::In(e, _, _) => e.facts(out),
        }
    }
}

/// The unit of a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Working days (ngày làm việc): weekends and holidays do not count.
    WorkingDays,
    /// Calendar days.
    Days,
    /// Hours.
    Hours,
    /// Calendar months.
    Months,
}

impl Unit {
    /// The canonical English spelling for `n`.
    pub fn word(self, n: u32) -> &'static str {
        let one = n == 1;
        match self {
            Unit::WorkingDays if one => "working day",
            Unit::WorkingDays => "working days",
            Unit::Days if one => "day",
            Unit::Days => "days",
            Unit::Hours if one => "hour",
            Unit::Hours => "hours",
            Unit::Months if one => "month",
            Unit::Months => "months",
        }
    }

    /// The Vietnamese spelling.
    pub fn word_vi(self) -> &'static str {
        match self {
            Unit::WorkingDays => "ngày làm việc",
            Unit::Days => "ngày",
            Unit::Hours => "giờ",
            Unit::Months => "tháng",
        }
    }
}

/// An amount of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    /// How many units.
    pub amount: u32,
    /// Of what.
    pub unit: Unit,
}

/// A deadline rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deadline {
    /// The law sets no deadline (không quy định).
    Unspecified,
    /// The source does not state the deadline (chưa có thông tin): unknown, not "none".
    NotStated,
    /// A fixed period.
    Fixed(Duration),
    /// `D when cond else rest`.
    When {
        /// The period when the condition holds.
        then: Duration,
        /// The condition.
        cond: Expr,
        /// Otherwise.
        otherwise: Box<Deadline>,
    },
}

impl Deadline {
    /// Every condition of the rule (`D when cond else …`), in order.
    pub fn conditions(&self) -> Vec<&Expr> {
        let mut out = Vec::new();
        let mut d = self;
        while let Deadline::When {
            cond, otherwise, ..
        } = d
        {
            out.push(cond);
            d = otherwise;
        }
        out
    }

    /// The period when no condition holds (the last `else`), for summaries and metrics.
    pub fn default_duration(&self) -> Option<Duration> {
        match self {
            Deadline::Unspecified | Deadline::NotStated => None,
            Deadline::Fixed(d) => Some(*d),
            Deadline::When { otherwise, .. } => otherwise.default_duration(),
        }
    }
}

/// What a discount takes off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiscountAmount {
    /// A percentage of the fee.
    Percent(Percent),
    /// A fixed amount.
    Fixed(Money),
    /// The whole fee.
    Waive,
}

/// Which fee items a discount applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Targets {
    /// Every fee item.
    All,
    /// The named fee items.
    Items(Vec<(String, Pos)>),
}

/// A discount rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discount {
    /// How much.
    pub amount: DiscountAmount,
    /// Where the amount was written.
    pub amount_pos: Pos,
    /// On which fee items.
    pub targets: Targets,
    /// Under which condition.
    pub when: Option<Expr>,
    /// First day of validity (inclusive), compared with the date of receipt.
    pub from: Option<Date>,
    /// Last day of validity (inclusive).
    pub until: Option<Date>,
    /// Where the validity window was written.
    pub window_pos: Pos,
}

impl fmt::Display for Lit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lit::Bool(b) => write!(f, "{b}"),
            Lit::Number(n) => write!(f, "{n}"),
            Lit::Money(m) => write!(f, "{m}"),
            Lit::Text(s) => {
                f.write_str("\"")?;
                for c in s.chars() {
                    if c == '"' || c == '\\' {
                        f.write_str("\\")?;
                    }
                    write!(f, "{c}")?;
                }
                f.write_str("\"")
            }
            Lit::Date(d) => write!(f, "{d}"),
        }
    }
}

impl Expr {
    /// Binding strength, as in the grammar: the operands of a comparison or `in` are facts,
    /// literals or parenthesised expressions, never another comparison.
    fn prec(&self) -> u8 {
        match self {
            Expr::Or(..) => 1,
            Expr::And(..) => 2,
            Expr::Not(..) => 3,
            Expr::Cmp(..) | Expr::In(..) => 4,
            Expr::Lit(..) | Expr::Fact(..) => 5,
        }
    }

    fn write_child(&self, f: &mut fmt::Formatter<'_>, parent: u8) -> fmt::Result {
        if self.prec() < parent {
            write!(f, "({self})")
        } else {
            write!(f, "{self}")
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Lit(l, _) => write!(f, "{l}"),
            Expr::Fact(n, _) => f.write_str(n),
            Expr::Not(e, _) => {
                f.write_str("not ")?;
                e.write_child(f, 3)
            }
            Expr::And(es, _) | Expr::Or(es, _) => {
                let (sep, p) = if matches!(self, Expr::And(..)) {
                    (" and ", 2)
                } else {
                    (" or ", 1)
                };
                for (i, e) in es.iter().enumerate() {
                    if i > 0 {
                        f.write_str(sep)?;
                    }
                    e.write_child(f, p)?;
                }
                Ok(())
            }
            Expr::Cmp(a, op, b, _) => {
                a.write_child(f, 5)?;
                write!(f, " {} ", op.as_str())?;
                b.write_child(f, 5)
            }
            Expr::In(e, items, _) => {
                e.write_child(f, 5)?;
                f.write_str(" in [")?;
                for (i, (l, _)) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{l}")?;
                }
                f.write_str("]")
            }
        }
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.unit.word(self.amount))
    }
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Deadline::Unspecified => f.write_str("unspecified"),
            Deadline::NotStated => f.write_str("not stated"),
            Deadline::Fixed(d) => write!(f, "{d}"),
            Deadline::When {
                then,
                cond,
                otherwise,
            } => write!(f, "{then} when {cond} else {otherwise}"),
        }
    }
}

impl fmt::Display for Discount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.amount {
            DiscountAmount::Percent(p) => write!(f, "{p}")?,
            DiscountAmount::Fixed(m) => write!(f, "{m}")?,
            DiscountAmount::Waive => f.write_str("waive")?,
        }
        // `waive` takes an optional `off`, so a first fee item named `off` needs it written:
        // `waive off off` (item `off`) printed as `waive off` would not parse.
        let first_is_off = matches!(&self.targets, Targets::Items(items) if items.first().is_some_and(|(n, _)| n == "off"));
        f.write_str(if self.amount == DiscountAmount::Waive && !first_is_off {
            " "
        } else {
            " off "
        })?;
        match &self.targets {
            Targets::All => f.write_str("all")?,
            Targets::Items(items) => {
                let names: Vec<&str> = items.iter().map(|(n, _)| n.as_str()).collect();
                f.write_str(&names.join(", "))?;
            }
        }
        if let Some(w) = &self.when {
            write!(f, " when {w}")?;
        }
        if let Some(d) = self.from {
            write!(f, " from {d}")?;
        }
        if let Some(d) = self.until {
            write!(f, " until {d}")?;
        }
        Ok(())
    }
}

/// The time of a step of an internal process: a decimal amount (decisions write half and
/// quarter days, "0,5 ngày làm việc") of a unit, held in hundredths so that sums are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StepTime {
    /// The amount in hundredths (`0.5` is 50); may be zero or negative as written (validate
    /// refuses those).
    pub centi: i64,
    /// Of what.
    pub unit: Unit,
}

impl StepTime {
    /// The amount as written, with `sep` as the decimal separator: `0,5`, `1`, `0,25`.
    pub fn amount_text(&self, sep: char) -> String {
        centi_text(self.centi, sep)
    }

    /// The amount as a number (`0.5`), for JSON and CSV.
    pub fn amount_f64(&self) -> f64 {
        self.centi as f64 / 100.0
    }
}

/// Hundredths as a decimal number with `sep`: 50 → `0,5`, 100 → `1`, -150 → `-1,5`.
pub fn centi_text(centi: i64, sep: char) -> String {
    let sign = if centi < 0 { "-" } else { "" };
    let a = centi.unsigned_abs();
    let (whole, frac) = (a / 100, a % 100);
    if frac == 0 {
        format!("{sign}{whole}")
    } else if frac % 10 == 0 {
        format!("{sign}{whole}{sep}{}", frac / 10)
    } else {
        format!("{sign}{whole}{sep}{frac:02}")
    }
}

impl fmt::Display for StepTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let one = self.centi.abs() == 100;
        write!(
            f,
            "{} {}",
            self.amount_text('.'),
            self.unit.word(if one { 1 } else { 2 })
        )
    }
}
