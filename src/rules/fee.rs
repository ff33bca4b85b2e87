//! Fee amounts as the law writes them: flat, per unit, tiered, capped or floored, a
//! percentage of a declared value, sums, conditional alternatives, a foreign currency,
//! "set by the province" and "not stated".
//!
//! The canonical (English) form is what [`fmt::Display`] prints; [`FeeRule::law_text`] writes
//! the rule the way a decision does, in Vietnamese or English.

use super::ast::{Expr, Pos};
use super::check::{Env, Type, check_condition};
use super::parse::RuleError;
use crate::diag::{Lang, Tr, suggest};
use crate::money::{Money, Percent, group_thousands};
use crate::tr;
use std::fmt;

/// What a fee item's `amount:` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeeRule {
    /// The record does not say how much (unknown, never 0 and never free).
    NotStated,
    /// Each province's People's Council fixes the amount; a province overlay supplies it.
    SetByProvince,
    /// An amount computed from the applicant's facts.
    Amount(FeeExpr),
}

/// How a percentage is rounded to the whole unit of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rounding {
    /// Half up (0.5 → 1): the default unless the rule says otherwise.
    #[default]
    HalfUp,
    /// Down (towards zero).
    Down,
    /// Up (away from zero).
    Up,
}

/// An amount of money as written in a fee rule: whole units of a currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price {
    /// Whole units (đồng for VND).
    pub amount: Money,
    /// ISO 4217 code; `None` is VND.
    pub currency: Option<String>,
    /// Where it was written.
    pub pos: Pos,
}

impl Price {
    /// The currency code, `VND` when none is written.
    pub fn code(&self) -> &str {
        self.currency.as_deref().unwrap_or("VND")
    }
}

/// One tier of a tiered price: units `from` to `to` (inclusive; `None` = and above) cost
/// `price` each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tier {
    /// Price of each unit in the tier.
    pub price: Price,
    /// First unit of the tier (1-based).
    pub from: u64,
    /// Last unit, `None` for "and above".
    pub to: Option<u64>,
    /// Where the tier was written.
    pub pos: Pos,
}

/// A cap (`at most`) or a floor (`at least`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundKind {
    /// At most (tối đa).
    AtMost,
    /// At least (tối thiểu).
    AtLeast,
}

/// A cap or a floor, possibly per unit of a fact (`at most 200,000 VND per copies`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    /// Cap or floor.
    pub kind: BoundKind,
    /// The amount.
    pub price: Price,
    /// The fact it is multiplied by, if any.
    pub per: Option<(String, Pos)>,
    /// Where it was written.
    pub pos: Pos,
}

/// A computed fee amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeeExpr {
    /// A fixed amount.
    Price(Price),
    /// `X per fact`: X times the value of a number fact.
    Per(Box<FeeExpr>, String, Pos),
    /// Tiers of a per-unit price over one number fact.
    Tiers {
        /// The fact counted.
        fact: String,
        /// Where the fact was written (first tier).
        fact_pos: Pos,
        /// The tiers, in order.
        tiers: Vec<Tier>,
    },
    /// A percentage of a money fact.
    Percent {
        /// The rate.
        rate: Percent,
        /// The money fact.
        of: String,
        /// Where the fact was written.
        of_pos: Pos,
        /// How the result is rounded.
        rounding: Rounding,
        /// Where the whole term was written.
        pos: Pos,
    },
    /// `a + b + …`.
    Sum(Vec<FeeExpr>),
    /// An amount with caps and floors.
    Bounded(Box<FeeExpr>, Vec<Bound>),
    /// `A when cond else B`.
    When {
        /// When the condition holds.
        then: Box<FeeExpr>,
        /// The condition.
        cond: Expr,
        /// Otherwise.
        otherwise: Box<FeeExpr>,
    },
}

impl FeeRule {
    /// Every condition the amount depends on (`… when cond else …`), in order.
    pub fn conditions<'a>(&'a self, out: &mut Vec<&'a Expr>) {
        fn walk<'a>(e: &'a FeeExpr, out: &mut Vec<&'a Expr>) {
            match e {
                FeeExpr::Price(_) | FeeExpr::Tiers { .. } | FeeExpr::Percent { .. } => {}
                FeeExpr::Per(e, _, _) => walk(e, out),
                FeeExpr::Sum(es) => es.iter().for_each(|e| walk(e, out)),
                FeeExpr::Bounded(e, _) => walk(e, out),
                FeeExpr::When {
                    then,
                    cond,
                    otherwise,
                } => {
                    out.push(cond);
                    walk(then, out);
                    walk(otherwise, out);
                }
            }
        }
        if let FeeRule::Amount(e) = self {
            walk(e, out);
        }
    }

    /// A fixed VND amount (`20,000 VND`).
    pub fn flat(m: Money) -> FeeRule {
        FeeRule::Amount(FeeExpr::Price(Price {
            amount: m,
            currency: None,
            pos: Pos::default(),
        }))
    }

    /// The amount when the rule is one fixed amount (no facts, no condition).
    pub fn fixed(&self) -> Option<Money> {
        match self {
            FeeRule::Amount(FeeExpr::Price(p)) => Some(p.amount),
            _ => None,
        }
    }

    /// The currency the amounts are written in, when one is written other than VND.
    pub fn currency(&self) -> Option<&str> {
        let mut out = None;
        if let FeeRule::Amount(e) = self {
            e.visit_prices(&mut |p| {
                if out.is_none() {
                    out = p.currency.as_deref();
                }
            });
        }
        out
    }

    /// Every fact the amount reads, in order of appearance.
    pub fn facts(&self, out: &mut Vec<String>) {
        if let FeeRule::Amount(e) = self {
            e.facts(out)
        }
    }
}

impl FeeExpr {
    /// Calls `f` on every written amount (prices, tiers, bounds).
    pub fn visit_prices<'a>(&'a self, f: &mut impl FnMut(&'a Price)) {
        match self {
            FeeExpr::Price(p) => f(p),
            FeeExpr::Per(e, _, _) => e.visit_prices(f),
            FeeExpr::Tiers { tiers, .. } => tiers.iter().for_each(|t| f(&t.price)),
            FeeExpr::Percent { .. } => {}
            FeeExpr::Sum(es) => es.iter().for_each(|e| e.visit_prices(f)),
            FeeExpr::Bounded(e, bs) => {
                e.visit_prices(f);
                bs.iter().for_each(|b| f(&b.price));
            }
            FeeExpr::When {
                then, otherwise, ..
            } => {
                then.visit_prices(f);
                otherwise.visit_prices(f);
            }
        }
    }

    /// Every fact the amount reads, in order of appearance.
    pub fn facts(&self, out: &mut Vec<String>) {
        let push = |s: &String, out: &mut Vec<String>| {
            if !out.contains(s) {
                out.push(s.clone())
            }
        };
        match self {
            FeeExpr::Price(_) => {}
            FeeExpr::Per(e, f, _) => {
                e.facts(out);
                push(f, out);
            }
            FeeExpr::Tiers { fact, .. } => push(fact, out),
            FeeExpr::Percent { of, .. } => push(of, out),
            FeeExpr::Sum(es) => es.iter().for_each(|e| e.facts(out)),
            FeeExpr::Bounded(e, bs) => {
                e.facts(out);
                for b in bs {
                    if let Some((f, _)) = &b.per {
                        push(f, out);
                    }
                }
            }
            FeeExpr::When {
                then,
                cond,
                otherwise,
            } => {
                cond.facts(out);
                then.facts(out);
                otherwise.facts(out);
            }
        }
    }

    /// Binding strength for printing: `when` < bounds < sums < `per` < atoms.
    fn prec(&self) -> u8 {
        match self {
            FeeExpr::When { .. } => 1,
            FeeExpr::Bounded(..) => 2,
            FeeExpr::Sum(_) => 3,
            // A tier list ends in `from N`, so `per` after it would read as part of it.
            FeeExpr::Tiers { .. } => 3,
            FeeExpr::Per(..) => 4,
            FeeExpr::Price(_) | FeeExpr::Percent { .. } => 5,
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

impl fmt::Display for Price {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", group_thousands(self.amount.0, ','), self.code())
    }
}

impl fmt::Display for FeeRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeeRule::NotStated => f.write_str("not stated"),
            FeeRule::SetByProvince => f.write_str("set by the province"),
            FeeRule::Amount(e) => write!(f, "{e}"),
        }
    }
}

impl fmt::Display for FeeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeeExpr::Price(p) => write!(f, "{p}"),
            FeeExpr::Per(e, fact, _) => {
                e.write_child(f, 4)?;
                write!(f, " per {fact}")
            }
            FeeExpr::Tiers { fact, tiers, .. } => {
                for (i, t) in tiers.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{} per {fact} from {}", t.price, t.from)?;
                    if let Some(to) = t.to {
                        write!(f, " to {to}")?;
                    }
                }
                Ok(())
            }
            FeeExpr::Percent {
                rate, of, rounding, ..
            } => {
                write!(f, "{rate} of {of}")?;
                match rounding {
                    Rounding::HalfUp => Ok(()),
                    Rounding::Down => f.write_str(" rounded down"),
                    Rounding::Up => f.write_str(" rounded up"),
                }
            }
            FeeExpr::Sum(es) => {
                for (i, e) in es.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" + ")?;
                    }
                    // A sum inside a sum keeps its parentheses only when it has bounds.
                    e.write_child(f, 3)?;
                }
                Ok(())
            }
            FeeExpr::Bounded(e, bs) => {
                e.write_child(f, 3)?;
                for b in bs {
                    let w = match b.kind {
                        BoundKind::AtMost => "at most",
                        BoundKind::AtLeast => "at least",
                    };
                    write!(f, ", {w} {}", b.price)?;
                    if let Some((p, _)) = &b.per {
                        write!(f, " per {p}")?;
                    }
                }
                Ok(())
            }
            FeeExpr::When {
                then,
                cond,
                otherwise,
            } => {
                then.write_child(f, 2)?;
                write!(f, " when {cond} else ")?;
                otherwise.write_child(f, 1)
            }
        }
    }
}

/// How exports word what a fee rule reads: the unit of a fact (`trang`, `bản`) and a
/// condition (with the facts' labels). A plain closure names units and prints conditions as
/// written.
pub trait FeeWords {
    /// The unit a count fact is of, or the fact itself.
    fn unit(&self, fact: &str, lang: Lang) -> String;
    /// A condition in words.
    fn cond(&self, e: &Expr, _lang: Lang) -> String {
        e.to_string()
    }
}

impl<F: Fn(&str, Lang) -> String> FeeWords for F {
    fn unit(&self, fact: &str, lang: Lang) -> String {
        self(fact, lang)
    }
}

/// See [`FeeWords`].
pub type UnitName<'a> = &'a dyn FeeWords;

/// An amount as decisions write it: `2.000 đồng`, `10 USD`; `20,000 VND` in English.
pub fn price_text(p: &Price, lang: Lang) -> String {
    match (p.currency.as_deref(), lang) {
        (None | Some("VND"), Lang::Vi) => format!("{} đồng", group_thousands(p.amount.0, '.')),
        (None | Some("VND"), Lang::En) => format!("{} VND", group_thousands(p.amount.0, ',')),
        (Some(c), Lang::Vi) => format!("{} {c}", group_thousands(p.amount.0, '.')),
        (Some(c), Lang::En) => format!("{} {c}", group_thousands(p.amount.0, ',')),
    }
}

impl FeeRule {
    /// The rule as the law writes it, in `lang`: "2.000 đồng/trang; từ trang thứ 3: 1.000
    /// đồng/trang; tối đa 200.000 đồng/bản". Unknown amounts read "Chưa có thông tin" /
    /// "not stated", never "Không".
    pub fn law_text(&self, lang: Lang, unit: UnitName<'_>) -> String {
        let en = lang == Lang::En;
        match self {
            FeeRule::NotStated if en => "not stated".into(),
            FeeRule::NotStated => "Chưa có thông tin".into(),
            FeeRule::SetByProvince if en => "set by the provincial People's Council".into(),
            FeeRule::SetByProvince => "Do Hội đồng nhân dân cấp tỉnh quy định".into(),
            FeeRule::Amount(e) => e.law_text(lang, unit),
        }
    }
}

impl FeeExpr {
    /// See [`FeeRule::law_text`].
    pub fn law_text(&self, lang: Lang, unit: UnitName<'_>) -> String {
        let en = lang == Lang::En;
        match self {
            FeeExpr::Price(p) => price_text(p, lang),
            FeeExpr::Per(e, fact, _) => {
                let inner = e.law_text(lang, unit);
                let u = unit.unit(fact, lang);
                match &**e {
                    FeeExpr::Price(_) if en => format!("{inner} per {u}"),
                    FeeExpr::Price(_) => format!("{inner}/{u}"),
                    _ if en => format!("per {u}: {inner}"),
                    _ => format!("mỗi {u}: {inner}"),
                }
            }
            FeeExpr::Tiers { fact, tiers, .. } => {
                let u = unit.unit(fact, lang);
                let parts: Vec<String> = tiers
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let p = price_text(&t.price, lang);
                        let each = if en {
                            format!("{p} per {u}")
                        } else {
                            format!("{p}/{u}")
                        };
                        match (i, t.to, en) {
                            (0, _, _) if t.from == 1 && tiers.len() > 1 => each,
                            (0, None, _) => each,
                            (_, Some(to), true) => {
                                format!("{u} {} to {to}: {each}", t.from)
                            }
                            (_, Some(to), false) => {
                                format!("từ {u} thứ {} đến {u} thứ {to}: {each}", t.from)
                            }
                            (_, None, true) => format!("from {u} {} on: {each}", t.from),
                            (_, None, false) => format!("từ {u} thứ {} trở lên: {each}", t.from),
                        }
                    })
                    .collect();
                parts.join("; ")
            }
            FeeExpr::Percent {
                rate, of, rounding, ..
            } => {
                let v = unit.unit(of, lang);
                let r = match (rounding, en) {
                    (Rounding::HalfUp, _) => "",
                    (Rounding::Down, true) => ", rounded down",
                    (Rounding::Down, false) => ", làm tròn xuống",
                    (Rounding::Up, true) => ", rounded up",
                    (Rounding::Up, false) => ", làm tròn lên",
                };
                let rate = if en {
                    rate.to_string()
                } else {
                    rate.to_string().replace('.', ",")
                };
                if en {
                    format!("{rate} of {v}{r}")
                } else {
                    format!("{rate} {v}{r}")
                }
            }
            FeeExpr::Sum(es) => es
                .iter()
                .map(|e| e.law_text(lang, unit))
                .collect::<Vec<_>>()
                .join(" + "),
            FeeExpr::Bounded(e, bs) => {
                let mut s = e.law_text(lang, unit);
                for b in bs {
                    let w = match (b.kind, en) {
                        (BoundKind::AtMost, true) => "at most",
                        (BoundKind::AtMost, false) => "tối đa",
                        (BoundKind::AtLeast, true) => "at least",
                        (BoundKind::AtLeast, false) => "tối thiểu",
                    };
                    let p = price_text(&b.price, lang);
                    s.push_str("; ");
                    s.push_str(w);
                    s.push(' ');
                    s.push_str(&p);
                    if let Some((f, _)) = &b.per {
                        let u = unit.unit(f, lang);
                        if en {
                            s.push_str(&format!(" per {u}"));
                        } else {
                            s.push_str(&format!("/{u}"));
                        }
                    }
                }
                s
            }
            FeeExpr::When {
                then,
                cond,
                otherwise,
            } => {
                let (w, o) = if en {
                    ("when", "otherwise")
                } else {
                    ("khi", "trường hợp khác")
                };
                format!(
                    "{} {w} {}; {o}: {}",
                    then.law_text(lang, unit),
                    unit.cond(cond, lang),
                    otherwise.law_text(lang, unit)
                )
            }
        }
    }
}

/// Checks of a fee rule that need no declarations: one currency throughout, tiers in order
/// without gap or overlap, unit prices above zero, no cap below its floor. Collects every
/// error.
pub fn check_shape(e: &FeeExpr, errors: &mut Vec<RuleError>) {
    let mut currencies: Vec<&Price> = Vec::new();
    e.visit_prices(&mut |p| currencies.push(p));
    if let Some(first) = currencies.first() {
        for p in &currencies[1..] {
            if p.code() != first.code() {
                let (a, b) = (first.code(), p.code());
                errors.push(RuleError {
                    code: "rule/currency-mix",
                    message: tr!(
                        "this fee mixes {a} and {b}: amounts in different currencies are never added",
                        "khoản phí này trộn {a} với {b}: không cộng các loại tiền khác nhau"
                    ),
                    pos: p.pos,
                    help: Some(tr!(
                        "write the amounts in another currency as a separate fee item",
                        "hãy ghi khoản bằng ngoại tệ thành một khoản phí riêng"
                    )),
                });
                break;
            }
        }
        if first.code() != "VND"
            && let Some(pos) = percent_pos(e)
        {
            let c = first.code();
            errors.push(RuleError {
                code: "rule/currency-mix",
                message: tr!(
                    "a percentage of a value in VND cannot be part of a fee in {c}",
                    "tỷ lệ phần trăm của một giá trị bằng đồng không thể nằm trong khoản phí bằng {c}"
                ),
                pos,
                help: Some(tr!(
                    "write it as a separate fee item in VND",
                    "hãy ghi thành một khoản phí riêng bằng đồng"
                )),
            });
        }
    }
    shape(e, errors);
}

fn unit_price_error(p: &Price) -> RuleError {
    RuleError {
        code: "rule/unit-price",
        message: tr!(
            "a price per unit must be more than zero (found {p})",
            "đơn giá phải lớn hơn 0 (đang là {p})"
        ),
        pos: p.pos,
        help: Some(tr!(
            "leave out a tier that costs nothing, or write a discount rule",
            "bỏ bậc không thu tiền, hoặc dùng quy tắc giảm phí"
        )),
    }
}

fn shape(e: &FeeExpr, errors: &mut Vec<RuleError>) {
    match e {
        FeeExpr::Price(_) => {}
        FeeExpr::Per(inner, _, _) => {
            if let FeeExpr::Price(p) = &**inner
                && p.amount.0 <= 0
            {
                errors.push(unit_price_error(p));
            }
            shape(inner, errors);
        }
        FeeExpr::Tiers { tiers, .. } => {
            let mut next = 1u64;
            for (i, t) in tiers.iter().enumerate() {
                if t.price.amount.0 <= 0 {
                    errors.push(unit_price_error(&t.price));
                }
                if let Some(to) = t.to
                    && to < t.from
                {
                    let from = t.from;
                    errors.push(RuleError {
                        code: "rule/tier-order",
                        message: tr!(
                            "this tier ends ({to}) before it starts ({from})",
                            "bậc này kết thúc ({to}) trước khi bắt đầu ({from})"
                        ),
                        pos: t.pos,
                        help: Some(tr!(
                            "write the smaller number first: `from {to} to {from}`",
                            "viết số nhỏ trước: `from {to} to {from}`"
                        )),
                    });
                    return;
                }
                let from = t.from;
                if from < next {
                    let (code, message) = if i > 0 && tiers[..i].iter().any(|p| p.from > from) {
                        (
                            "rule/tier-order",
                            tr!(
                                "the tiers are out of order: this one starts at {from}, before the one above it",
                                "các bậc không theo thứ tự: bậc này bắt đầu từ {from}, trước bậc phía trên"
                            ),
                        )
                    } else {
                        let last = next - 1;
                        (
                            "rule/tier-overlap",
                            tr!(
                                "this tier starts at {from}, but the tier before it already covers up to {last}",
                                "bậc này bắt đầu từ {from}, nhưng bậc trước đã tính đến {last}"
                            ),
                        )
                    };
                    errors.push(RuleError {
                        code,
                        message,
                        pos: t.pos,
                        help: Some(tr!(
                            "write the tiers from the first unit up, each starting one after the previous one ends (from {next})",
                            "viết các bậc từ đơn vị đầu tiên trở lên, mỗi bậc bắt đầu ngay sau bậc trước (từ {next})"
                        )),
                    });
                    return;
                }
                if from > next {
                    let last = next - 1;
                    errors.push(RuleError {
                        code: "rule/tier-gap",
                        message: if next == 1 {
                            tr!(
                                "the first tier starts at {from}: units 1 to {} have no price",
                                "bậc đầu tiên bắt đầu từ {from}: các đơn vị từ 1 đến {} chưa có giá",
                                from - 1
                            )
                        } else {
                            tr!(
                                "this tier starts at {from}, but the tier before it ends at {last}",
                                "bậc này bắt đầu từ {from}, nhưng bậc trước kết thúc ở {last}",
                            )
                        },
                        pos: t.pos,
                        help: Some(tr!("start it at {next}", "hãy bắt đầu từ {next}")),
                    });
                    return;
                }
                match t.to {
                    Some(to) => next = to.saturating_add(1),
                    None if i + 1 < tiers.len() => {
                        errors.push(RuleError {
                            code: "rule/tier-overlap",
                            message: tr!(
                                "this tier has no end (from {from} on), so the tiers after it overlap it",
                                "bậc này không có mức cuối (từ {from} trở lên), nên các bậc sau trùng với nó"
                            ),
                            pos: t.pos,
                            help: Some(tr!(
                                "give it an end (`from {from} to …`) or make it the last tier",
                                "ghi mức cuối (`from {from} to …`) hoặc đặt nó làm bậc cuối"
                            )),
                        });
                        return;
                    }
                    None => {}
                }
            }
        }
        FeeExpr::Percent { rate, pos, .. } => {
            if rate.0 <= 0 {
                errors.push(RuleError {
                    code: "rule/percent",
                    message: tr!(
                        "a percentage fee must be more than 0% (found {rate})",
                        "tỷ lệ thu phải lớn hơn 0% (đang là {rate})"
                    ),
                    pos: *pos,
                    help: None,
                });
            }
        }
        FeeExpr::Sum(es) => es.iter().for_each(|e| shape(e, errors)),
        FeeExpr::Bounded(inner, bs) => {
            shape(inner, errors);
            for cap in bs.iter().filter(|b| b.kind == BoundKind::AtMost) {
                for floor in bs.iter().filter(|b| b.kind == BoundKind::AtLeast) {
                    let same_unit =
                        cap.per.as_ref().map(|p| &p.0) == floor.per.as_ref().map(|p| &p.0);
                    if same_unit && cap.price.amount < floor.price.amount {
                        let (c, fl) = (&cap.price, &floor.price);
                        errors.push(RuleError {
                            code: "rule/cap-below-floor",
                            message: tr!(
                                "the cap ({c}) is below the floor ({fl})",
                                "mức tối đa ({c}) thấp hơn mức tối thiểu ({fl})"
                            ),
                            pos: cap.pos,
                            help: Some(tr!(
                                "check the amounts in the legal text: the cap must be at least the floor",
                                "kiểm tra lại văn bản: mức tối đa phải không thấp hơn mức tối thiểu"
                            )),
                        });
                    }
                }
            }
        }
        FeeExpr::When {
            then, otherwise, ..
        } => {
            shape(then, errors);
            shape(otherwise, errors);
        }
    }
}

/// Checks a fee rule against the declared facts: a price per unit (and a tier, and a bound
/// per unit) counts a number fact; a percentage is of a money fact, in VND; conditions are
/// well typed. Collects every error.
pub fn check_fee(rule: &FeeRule, env: &Env, errors: &mut Vec<RuleError>) {
    if let FeeRule::Amount(e) = rule {
        check_expr(e, env, errors);
    }
}

fn fact_type<'e>(
    name: &str,
    pos: Pos,
    env: &'e Env,
    errors: &mut Vec<RuleError>,
) -> Option<&'e Type> {
    let t = env.get(name);
    if t.is_none() {
        errors.push(RuleError {
            code: "rule/unknown-fact",
            message: tr!(
                "the fact `{name}` is not declared",
                "thông tin `{name}` chưa được khai báo"
            ),
            pos,
            help: Some(declare_hint(name, env)),
        });
    }
    t
}

fn declare_hint(name: &str, env: &Env) -> Tr {
    let names = env.names();
    let s = suggest(name, &names);
    if s.en.starts_with("did you mean") {
        s
    } else {
        tr!(
            "declare it under `facts:`, e.g. `- {{ id: {name}, type: count, label: … }}`",
            "khai báo trong `facts:`, ví dụ `- {{ id: {name}, type: count, label: … }}`"
        )
    }
}

fn count_fact(name: &str, pos: Pos, env: &Env, errors: &mut Vec<RuleError>) {
    if let Some(t) = fact_type(name, pos, env, errors)
        && !matches!(t, Type::Number | Type::Count)
    {
        let got = t.plain();
        errors.push(RuleError {
            code: "rule/type",
            message: Tr {
                en: format!(
                    "a price per unit needs a number fact, but `{name}` is {}",
                    got.en
                ),
                vi: format!(
                    "đơn giá theo đơn vị cần một thông tin kiểu số, nhưng `{name}` là {}",
                    got.vi
                ),
            },
            pos,
            help: Some(tr!(
                "declare the quantity as `type: count` (whole units) or `type: number`",
                "khai báo số lượng với `type: count` (số nguyên) hoặc `type: number`"
            )),
        });
    }
}

fn check_expr(e: &FeeExpr, env: &Env, errors: &mut Vec<RuleError>) {
    match e {
        FeeExpr::Price(_) => {}
        FeeExpr::Per(inner, fact, pos) => {
            check_expr(inner, env, errors);
            count_fact(fact, *pos, env, errors);
        }
        FeeExpr::Tiers {
            fact,
            fact_pos,
            tiers,
        } => {
            count_fact(fact, *fact_pos, env, errors);
            let _ = tiers;
        }
        FeeExpr::Percent { of, of_pos, .. } => {
            if let Some(t) = fact_type(of, *of_pos, env, errors)
                && *t != Type::Money
            {
                let got = t.plain();
                errors.push(RuleError {
                    code: "rule/type",
                    message: Tr {
                        en: format!(
                            "a percentage is taken of an amount of money, but `{of}` is {}",
                            got.en
                        ),
                        vi: format!(
                            "tỷ lệ phần trăm phải tính trên một số tiền, nhưng `{of}` là {}",
                            got.vi
                        ),
                    },
                    pos: *of_pos,
                    help: Some(tr!(
                        "declare the value as `type: money`",
                        "khai báo giá trị với `type: money`"
                    )),
                });
            }
        }
        FeeExpr::Sum(es) => es.iter().for_each(|e| check_expr(e, env, errors)),
        FeeExpr::Bounded(inner, bs) => {
            check_expr(inner, env, errors);
            for b in bs {
                if let Some((f, p)) = &b.per {
                    count_fact(f, *p, env, errors);
                }
            }
        }
        FeeExpr::When {
            then,
            cond,
            otherwise,
        } => {
            check_condition(cond, env, errors);
            check_expr(then, env, errors);
            check_expr(otherwise, env, errors);
        }
    }
}

fn percent_pos(e: &FeeExpr) -> Option<Pos> {
    match e {
        FeeExpr::Percent { pos, .. } => Some(*pos),
        FeeExpr::Price(_) | FeeExpr::Tiers { .. } => None,
        FeeExpr::Per(e, _, _) | FeeExpr::Bounded(e, _) => percent_pos(e),
        FeeExpr::Sum(es) => es.iter().find_map(percent_pos),
        FeeExpr::When {
            then, otherwise, ..
        } => percent_pos(then).or_else(|| percent_pos(otherwise)),
    }
}

// ---- parts a province overlay may set ---------------------------------------------------

/// One settable part of a fee rule, named as `diff` names it (`per_copies.cap`,
/// `tiers[2].price`, `rate`).
enum Slot<'a> {
    Price(&'a mut Price),
    Count(&'a mut u64),
    Rate(&'a mut Percent),
}

fn slots<'a>(e: &'a mut FeeExpr, path: &str, out: &mut Vec<(String, Slot<'a>)>) {
    let at = |w: &str| {
        if path.is_empty() {
            w.to_string()
        } else {
            format!("{path}.{w}")
        }
    };
    match e {
        // The whole amount is `amount:`, not a part.
        FeeExpr::Price(p) if !path.is_empty() => out.push((path.to_string(), Slot::Price(p))),
        FeeExpr::Price(_) => {}
        FeeExpr::Per(x, f, _) => {
            let sub = if matches!(**x, FeeExpr::Price(_)) {
                at("per_unit")
            } else {
                at(&format!("per_{f}"))
            };
            match &mut **x {
                FeeExpr::Price(p) => out.push((sub, Slot::Price(p))),
                inner => slots(inner, &sub, out),
            }
        }
        FeeExpr::Tiers { tiers, .. } => {
            for (i, t) in tiers.iter_mut().enumerate() {
                let n = i + 1;
                out.push((at(&format!("tiers[{n}].price")), Slot::Price(&mut t.price)));
                out.push((at(&format!("tiers[{n}].from")), Slot::Count(&mut t.from)));
                if let Some(to) = &mut t.to {
                    out.push((at(&format!("tiers[{n}].to")), Slot::Count(to)));
                }
            }
        }
        FeeExpr::Percent { rate, .. } => out.push((at("rate"), Slot::Rate(rate))),
        FeeExpr::Sum(terms) => {
            for (i, t) in terms.iter_mut().enumerate() {
                slots(t, &at(&format!("terms[{}]", i + 1)), out);
            }
        }
        FeeExpr::Bounded(x, bounds) => {
            slots(x, path, out);
            for b in bounds {
                let w = match b.kind {
                    BoundKind::AtMost => "cap",
                    BoundKind::AtLeast => "floor",
                };
                out.push((at(w), Slot::Price(&mut b.price)));
            }
        }
        FeeExpr::When {
            then, otherwise, ..
        } => {
            slots(then, &at("then"), out);
            slots(otherwise, &at("else"), out);
        }
    }
}

/// The parts of a fee rule a province overlay may set one by one (`set: { per_copies.cap:
/// 150,000 VND }`), by the names `diff` reports them under.
pub fn part_names(rule: &FeeRule) -> Vec<String> {
    let FeeRule::Amount(e) = rule else {
        return Vec::new();
    };
    let mut e = e.clone();
    let mut out = Vec::new();
    slots(&mut e, "", &mut out);
    out.into_iter().map(|(n, _)| n).collect()
}

/// Why a part could not be set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartError {
    /// The rule has no such part (the names it has, for a hint).
    NoSuchPart(Vec<String>),
    /// The value does not fit the part.
    BadValue(Tr),
    /// The rule with the part set is not a valid fee rule (e.g. a cap now below its floor).
    Invalid(Box<RuleError>),
}

/// A part that could not be set: the index of the part at fault (none when the whole
/// amended rule is), and why.
pub type PartFault = (Option<usize>, PartError);

/// The national rule with some parts replaced by a province's values; the result is
/// checked as a whole rule (tier order, cap above floor, currencies), like one written out.
/// An error names the part at fault by its index, or none when the whole result is wrong.
pub fn with_parts<'p>(
    rule: &FeeRule,
    parts: impl IntoIterator<Item = (&'p str, &'p str)>,
) -> Result<FeeRule, PartFault> {
    let FeeRule::Amount(e) = rule else {
        return Err((Some(0), PartError::NoSuchPart(Vec::new())));
    };
    let mut e = e.clone();
    for (i, (name, value)) in parts.into_iter().enumerate() {
        let mut all = Vec::new();
        slots(&mut e, "", &mut all);
        let names: Vec<String> = all.iter().map(|(n, _)| n.clone()).collect();
        let Some((_, slot)) = all.into_iter().find(|(n, _)| n == name) else {
            return Err((Some(i), PartError::NoSuchPart(names)));
        };
        let v = value.trim();
        match slot {
            Slot::Price(p) => match super::parse::fee(v, &super::parse::Origin::detached()) {
                Ok(FeeRule::Amount(FeeExpr::Price(q))) if q.code() == p.code() => {
                    p.amount = q.amount;
                }
                _ => {
                    let c = p.code().to_string();
                    return Err((
                        Some(i),
                        PartError::BadValue(tr!(
                            "`{v}` is not an amount in {c}",
                            "`{v}` không phải số tiền bằng {c}"
                        )),
                    ));
                }
            },
            Slot::Count(n) => match v.parse::<u64>() {
                Ok(k) => *n = k,
                Err(_) => {
                    return Err((
                        Some(i),
                        PartError::BadValue(tr!(
                            "`{v}` is not a whole number of units",
                            "`{v}` không phải số đơn vị nguyên"
                        )),
                    ));
                }
            },
            Slot::Rate(r) => match v.strip_suffix('%').and_then(|x| Percent::parse(x.trim())) {
                Some(q) => *r = q,
                None => {
                    return Err((
                        Some(i),
                        PartError::BadValue(tr!(
                            "`{v}` is not a percentage such as `0.5%`",
                            "`{v}` không phải tỷ lệ phần trăm, ví dụ `0.5%`"
                        )),
                    ));
                }
            },
        }
    }
    // Printed and read again, the amended rule gets every check a written rule gets.
    let out = FeeRule::Amount(e);
    match super::parse::fee(&out.to_string(), &super::parse::Origin::detached()) {
        Ok(r) => Ok(r),
        Err(err) => Err((None, PartError::Invalid(Box::new(err)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::parse::{Origin, fee};

    fn p(s: &str) -> Result<FeeRule, RuleError> {
        fee(s, &Origin::detached())
    }

    #[test]
    fn a_province_sets_one_part_of_a_rule() {
        let copy = p("(2,000 VND per pages from 1 to 2, 1,000 VND per pages from 3, at most 200,000 VND) per copies").unwrap();
        assert_eq!(
            part_names(&copy),
            [
                "per_copies.tiers[1].price",
                "per_copies.tiers[1].from",
                "per_copies.tiers[1].to",
                "per_copies.tiers[2].price",
                "per_copies.tiers[2].from",
                "per_copies.cap",
            ]
        );
        let r = with_parts(&copy, [("per_copies.cap", "150,000 VND")]).unwrap();
        assert_eq!(
            r.to_string(),
            "(2,000 VND per pages from 1 to 2, 1,000 VND per pages from 3, at most 150,000 VND) per copies"
        );
        let r = with_parts(
            &copy,
            [
                ("per_copies.tiers[2].price", "1.500 đồng"),
                ("per_copies.tiers[1].to", "3"),
                ("per_copies.tiers[2].from", "4"),
            ],
        )
        .unwrap();
        assert_eq!(
            r.to_string(),
            "(2,000 VND per pages from 1 to 3, 1,500 VND per pages from 4, at most 200,000 VND) per copies"
        );
        let pct = p("0.5% of value, at least 100,000 VND, at most 5,000,000 VND").unwrap();
        assert_eq!(part_names(&pct), ["rate", "floor", "cap"]);
        let r = with_parts(&pct, [("rate", "0.4%"), ("floor", "50,000 VND")]).unwrap();
        assert_eq!(
            r.to_string(),
            "0.4% of value, at least 50,000 VND, at most 5,000,000 VND"
        );
        let sum = p("3,000,000 VND + 1,500,000 VND").unwrap();
        let r = with_parts(&sum, [("terms[2]", "1,000,000 VND")]).unwrap();
        assert_eq!(r.to_string(), "3,000,000 VND + 1,000,000 VND");
    }

    #[test]
    fn a_part_that_does_not_fit_is_refused() {
        let copy = p("(2,000 VND per pages from 1 to 2, 1,000 VND per pages from 3, at most 200,000 VND) per copies").unwrap();
        // No such part: the names it has come back for a hint.
        match with_parts(&copy, [("cap", "1 VND")]) {
            Err((Some(0), PartError::NoSuchPart(names))) => {
                assert!(names.contains(&"per_copies.cap".to_string()))
            }
            other => panic!("{other:?}"),
        }
        // A value of the wrong kind, or in another currency.
        for (part, v) in [
            ("per_copies.cap", "a lot"),
            ("per_copies.cap", "10 USD"),
            ("per_copies.tiers[1].to", "2.5"),
        ] {
            assert!(
                matches!(
                    with_parts(&copy, [(part, v)]),
                    Err((Some(0), PartError::BadValue(_)))
                ),
                "{part}: {v}"
            );
        }
        // Tiers that now overlap: the whole rule is refused as a written one would be.
        match with_parts(&copy, [("per_copies.tiers[1].to", "5")]) {
            Err((None, PartError::Invalid(e))) => assert!(e.code.starts_with("rule/"), "{e:?}"),
            other => panic!("{other:?}"),
        }
        // A flat amount or "set by the province" has no parts.
        assert!(part_names(&p("20,000 VND").unwrap()).is_empty());
        assert!(part_names(&FeeRule::SetByProvince).is_empty());
    }

    #[test]
    fn every_form_round_trips() {
        for src in [
            "20,000 VND",
            "2,000 VND per pages",
            "(2,000 VND per pages from 1 to 2, 1,000 VND per pages from 3, at most 200,000 VND) per copies",
            "0.5% of value, at least 100,000 VND, at most 5,000,000 VND",
            "0.5% of value rounded down",
            "150,000 VND + 15,000 VND per tonnes, at most 700,000 VND",
            "300,000 VND when vehicle == \"car\" else 100,000 VND",
            "10 USD per copies",
            "2,000 VND per pages, at most 200,000 VND per copies",
            "set by the province",
            "not stated",
        ] {
            let r = p(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
            assert_eq!(r.to_string(), src);
            assert_eq!(p(&r.to_string()).unwrap().to_string(), src);
        }
    }

    #[test]
    fn vietnamese_keywords() {
        let r = p("(2.000 đồng/pages từ 1 đến 2, 1.000 đồng mỗi pages từ 3 tối đa 200.000 đồng) mỗi copies").unwrap();
        assert_eq!(
            r.to_string(),
            "(2,000 VND per pages from 1 to 2, 1,000 VND per pages from 3, at most 200,000 VND) per copies"
        );
        assert_eq!(p("chưa có thông tin").unwrap(), FeeRule::NotStated);
        assert_eq!(p("do tỉnh quy định").unwrap(), FeeRule::SetByProvince);
        assert_eq!(
            p("0.5% của value tối thiểu 100.000 đồng")
                .unwrap()
                .to_string(),
            "0.5% of value, at least 100,000 VND"
        );
        assert_eq!(
            p("1% của value làm tròn xuống").unwrap().to_string(),
            "1% of value rounded down"
        );
    }

    #[test]
    fn law_text_in_both_languages() {
        let r = p("(2,000 VND per pages from 1 to 2, 1,000 VND per pages from 3, at most 200,000 VND) per copies").unwrap();
        let unit = |f: &str, l: Lang| match (f, l) {
            ("pages", Lang::Vi) => "trang".to_string(),
            ("pages", Lang::En) => "page".to_string(),
            ("copies", Lang::Vi) => "bản".to_string(),
            _ => "copy".to_string(),
        };
        assert_eq!(
            r.law_text(Lang::Vi, &unit),
            "mỗi bản: 2.000 đồng/trang; từ trang thứ 3 trở lên: 1.000 đồng/trang; tối đa 200.000 đồng"
        );
        assert_eq!(
            r.law_text(Lang::En, &unit),
            "per copy: 2,000 VND per page; from page 3 on: 1,000 VND per page; at most 200,000 VND"
        );
        assert_eq!(
            FeeRule::NotStated.law_text(Lang::Vi, &unit),
            "Chưa có thông tin"
        );
        assert_eq!(FeeRule::NotStated.law_text(Lang::En, &unit), "not stated");
    }

    #[test]
    fn bad_shapes_are_refused_with_their_place() {
        let code = |s: &str| p(s).unwrap_err().code;
        assert_eq!(code("0 VND per pages"), "rule/unit-price");
        assert_eq!(code("-2,000 VND per pages"), "rule/negative-money");
        assert_eq!(
            code("2,000 VND per pages from 1 to 2, 0 VND per pages from 3"),
            "rule/unit-price"
        );
        assert_eq!(
            code("100 VND, at least 300,000 VND, at most 200,000 VND"),
            "rule/cap-below-floor"
        );
        assert_eq!(
            code("2,000 VND per pages from 3, 1,000 VND per pages from 1 to 2"),
            "rule/tier-gap"
        );
        assert_eq!(
            code("2,000 VND per pages from 1 to 5, 1,000 VND per pages from 3"),
            "rule/tier-overlap"
        );
        assert_eq!(
            code(
                "2,000 VND per pages from 1 to 2, 1,000 VND per pages from 3 to 10, 500 VND per pages from 3"
            ),
            "rule/tier-overlap"
        );
        assert_eq!(code("2,000 VND per pages from 5 to 2"), "rule/tier-order");
        assert_eq!(
            code("2,000 VND per pages from 1, 1,000 VND per pages from 3"),
            "rule/tier-overlap"
        );
        assert_eq!(code("10 USD + 20,000 VND"), "rule/currency-mix");
        assert_eq!(code("10 USD + 1% of value"), "rule/currency-mix");
        assert_eq!(code("10 XYZ"), "rule/currency");
        let e = p("100 VND, at least 300,000 VND, at most 200,000 VND").unwrap_err();
        assert_eq!((e.pos.start, e.pos.end), (29, 50)); // `, at most 200,000 VND`
    }

    #[test]
    fn facts_are_type_checked() {
        let mut env = Env::with_builtins(&["direct"]);
        env.insert("pages", Type::Count);
        env.insert("value", Type::Money);
        env.insert("name", Type::Text);
        let errs = |s: &str| {
            let mut out = Vec::new();
            check_fee(&p(s).unwrap(), &env, &mut out);
            out.into_iter().map(|e| e.code).collect::<Vec<_>>()
        };
        assert!(errs("2,000 VND per pages + 1% of value").is_empty());
        assert_eq!(errs("2,000 VND per page"), ["rule/unknown-fact"]);
        assert_eq!(errs("2,000 VND per name"), ["rule/type"]);
        assert_eq!(errs("2,000 VND per value"), ["rule/type"]);
        assert_eq!(errs("1% of pages"), ["rule/type"]);
        assert_eq!(errs("1% of nothing"), ["rule/unknown-fact"]);
        assert_eq!(errs("1 VND when pages else 2 VND"), ["rule/type"]);
    }
}
