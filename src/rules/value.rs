//! Values of facts at run time, and reading a value of a declared type from text (a `--set`
//! value, a scenario's facts, a fact's `default:` in a procedure file).

use super::check::Type;
use crate::diag::{Tr, suggest};
use crate::money::{Dec, Money};
use crate::tr;
use jiff::civil::Date;
use std::cmp::Ordering;
use std::sync::Arc;

/// A fact's value at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Yes or no.
    Bool(bool),
    /// A number.
    Number(Dec),
    /// Whole VND.
    Money(Money),
    /// Text, and enum values.
    Text(Arc<str>),
    /// A date.
    Date(Date),
}

impl PartialOrd for Value {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match (self, other) {
            (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
            (Value::Money(a), Value::Money(b)) => a.partial_cmp(b),
            (Value::Date(a), Value::Date(b)) => a.partial_cmp(b),
            (Value::Text(a), Value::Text(b)) => a.partial_cmp(b),
            (Value::Bool(a), Value::Bool(b)) => a.partial_cmp(b),
            _ => None,
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::Money(m) => write!(f, "{m}"),
            Value::Text(s) => write!(f, "\"{s}\""),
            Value::Date(d) => write!(f, "{d}"),
        }
    }
}

/// A fact value that does not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactError {
    /// The fact.
    pub fact: String,
    /// What is wrong.
    pub message: Tr,
    /// How to fix it.
    pub help: Option<Tr>,
}

fn wrong(name: &str, text: &str, ty: &Type) -> FactError {
    let (en, vi) = match ty {
        Type::Bool => (
            "yes or no: có/không (with or without accents), true/false",
            "có hoặc không (có dấu hoặc không dấu: co, khong), hoặc true/false",
        ),
        Type::Number => ("a number such as 14 or 30.5", "một số, ví dụ 14 hoặc 30.5"),
        Type::Count => (
            "a whole number of units, 0 or more, such as 150 (not a fraction, not negative)",
            "một số nguyên từ 0 trở lên, ví dụ 150 (không có phần lẻ, không âm)",
        ),
        Type::Money => (
            "an amount such as 20,000 VND",
            "một số tiền, ví dụ 20,000 VND",
        ),
        Type::Text => ("text", "văn bản"),
        Type::Date => (
            "a date such as 2025-01-24 or 24/01/2025, between 1900 and 2199",
            "một ngày, ví dụ 24/01/2025 hoặc 2025-01-24, trong khoảng 1900–2199",
        ),
        Type::Enum(_) => (
            "one of the listed values",
            "một trong các giá trị đã liệt kê",
        ),
    };
    let help = match ty {
        Type::Enum(values) => {
            let v: Vec<&str> = values.iter().map(|s| s.as_str()).collect();
            Some(suggest(text, &v))
        }
        _ => None,
    };
    FactError {
        fact: name.to_string(),
        message: tr!(
            "`{name}` must be {en}, not `{text}`",
            "`{name}` phải là {vi}, không phải `{text}`"
        ),
        help,
    }
}

/// Converts text into a value of type `ty`.
pub fn parse_typed(name: &str, ty: &Type, text: &str) -> Result<Value, FactError> {
    let v = match ty {
        // Yes and no as people type them, with or without accents (`có`, `co`, `Không`).
        Type::Bool => match crate::vietnamese::name_key(text).as_str() {
            "true" | "yes" | "co" | "dung" => Some(Value::Bool(true)),
            "false" | "no" | "khong" | "sai" => Some(Value::Bool(false)),
            _ => None,
        },
        Type::Number => Dec::parse(text).map(Value::Number),
        // Pages, copies, vehicles: counted, so never 2.5 or -1.
        Type::Count => Dec::parse(text)
            .filter(|d| d.0 >= 0 && d.0 % 1000 == 0)
            .map(Value::Number),
        Type::Money => {
            let amount = text
                .trim_end_matches("VND")
                .trim_end_matches("đồng")
                .trim_end_matches('đ')
                .trim();
            match crate::money::read_amount(amount, false) {
                Err(crate::money::AmountError::Ambiguous(r)) => {
                    let ((a, b), (av, bv)) = (r.shown(false), r.shown(true));
                    return Err(FactError {
                        fact: name.to_string(),
                        message: tr!(
                            "`{name}`: `{text}` can be read two ways: {a} VND or {b} VND",
                            "`{name}`: `{text}` có thể hiểu theo hai cách: {av} đồng hoặc {bv} đồng"
                        ),
                        help: Some(tr!(
                            "write whole đồng with commas between thousands, e.g. {a} VND",
                            "hãy ghi số đồng nguyên, dùng dấu phẩy ngăn cách hàng nghìn, ví dụ {a} VND"
                        )),
                    });
                }
                r => r.ok().filter(|v| *v >= 0).map(|v| Value::Money(Money(v))),
            }
        }
        Type::Text => Some(Value::Text(text.into())),
        Type::Date => crate::dates::parse(text).map(Value::Date),
        // `own-home` or `OWN_HOME` is `own_home`: the value is kept as declared.
        Type::Enum(values) => values
            .iter()
            .find(|v| *v == text)
            .or_else(|| {
                values
                    .iter()
                    .find(|v| crate::vietnamese::same_name(text, v))
            })
            .map(|v| Value::Text(v.as_str().into())),
    };
    v.ok_or_else(|| wrong(name, text, ty))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values() {
        assert_eq!(parse_typed("a", &Type::Bool, "có"), Ok(Value::Bool(true)));
        // Yes and no with or without accents, in any case.
        for (text, v) in [
            ("co", true),
            ("Có", true),
            ("khong", false),
            ("KHÔNG", false),
            ("không", false),
            ("dung", true),
        ] {
            assert_eq!(
                parse_typed("a", &Type::Bool, text),
                Ok(Value::Bool(v)),
                "{text}"
            );
        }
        assert!(parse_typed("a", &Type::Bool, "kho").is_err());
        let e = Type::Enum(vec!["own_home".into(), "rented".into()]);
        assert_eq!(
            parse_typed("r", &e, "own-home"),
            Ok(Value::Text("own_home".into()))
        );
        assert_eq!(
            parse_typed("a", &Type::Money, "20,000 VND"),
            Ok(Value::Money(Money(20_000)))
        );
        assert_eq!(
            parse_typed("a", &Type::Number, "30.5"),
            Ok(Value::Number(Dec(30_500)))
        );
        assert!(parse_typed("age", &Type::Number, "abc").is_err());
        assert_eq!(
            parse_typed("pages", &Type::Count, "150"),
            Ok(Value::Number(Dec(150_000)))
        );
        for bad in ["2.5", "-1", "x"] {
            let e = parse_typed("pages", &Type::Count, bad).unwrap_err();
            assert!(e.message.en.contains("whole number"), "{bad}: {e:?}");
        }
        assert!(parse_typed("d", &Type::Date, "1899-12-31").is_err());
        assert!(parse_typed("d", &Type::Date, "2200-01-01").is_err());
        assert_eq!(
            parse_typed("d", &Type::Date, "24/01/2025"),
            parse_typed("d", &Type::Date, "2025-01-24")
        );
        assert!(parse_typed("m", &Type::Money, "-5").is_err());
        let e = parse_typed("case", &Type::Enum(vec!["own_home".into()]), "own_hom").unwrap_err();
        assert_eq!(e.help.unwrap().en, "did you mean `own_home`?");
    }
}
