//! Applicant facts as users give them (`--set k=v`, a YAML or JSON file, a scenario), checked
//! against the declared types.

use super::Value;
use crate::diag::{Tr, suggest};
use crate::model::{FactDecl, Manifest, Procedure};
use crate::money::{Dec, Money, parse_amount};
use crate::rules::Type;
use crate::tr;

/// The facts a procedure may be given: its own and the catalogue's shared ones.
#[derive(Debug, Clone)]
pub struct Declared<'a> {
    facts: Vec<&'a FactDecl>,
}

impl<'a> Declared<'a> {
    /// The facts declared for `p` (procedure facts shadow shared ones).
    pub fn new(manifest: &'a Manifest, p: &'a Procedure) -> Self {
        let mut facts: Vec<&FactDecl> = p.facts.iter().collect();
        for f in &manifest.facts {
            if !facts.iter().any(|x| x.id.value == f.id.value) {
                facts.push(f);
            }
        }
        Declared { facts }
    }

    /// The declaration of a fact.
    pub fn get(&self, name: &str) -> Option<&'a FactDecl> {
        self.facts.iter().copied().find(|f| f.id.as_str() == name)
    }

    /// Every declared fact.
    pub fn all(&self) -> &[&'a FactDecl] {
        &self.facts
    }

    /// Converts a value written as text into the fact's type.
    pub fn parse(&self, name: &str, text: &str) -> Result<Value, FactError> {
        let Some(decl) = self.get(name) else {
            let mut names: Vec<&str> = self.facts.iter().map(|f| f.id.as_str()).collect();
            names.sort_unstable();
            let builtin = matches!(name, "channel" | "online" | "received");
            return Err(FactError {
                fact: name.to_string(),
                message: if builtin {
                    tr!(
                        "`{name}` is set by the tool: use --channel or --received",
                        "`{name}` do công cụ tự đặt: dùng --channel hoặc --received"
                    )
                } else {
                    tr!(
                        "this procedure has no fact named `{name}`",
                        "thủ tục này không có thông tin tên `{name}`"
                    )
                },
                help: (!builtin).then(|| suggest(name, &names)),
            });
        };
        parse_typed(name, &decl.ty, text.trim())
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
        Type::Bool => ("true or false", "true hoặc false"),
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
        Type::Bool => match text {
            "true" | "yes" | "có" | "đúng" => Some(Value::Bool(true)),
            "false" | "no" | "không" | "sai" => Some(Value::Bool(false)),
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
            parse_amount(amount)
                .filter(|v| *v >= 0)
                .map(|v| Value::Money(Money(v)))
        }
        Type::Text => Some(Value::Text(text.into())),
        Type::Date => crate::dates::parse(text).map(Value::Date),
        Type::Enum(values) => values
            .iter()
            .any(|v| v == text)
            .then(|| Value::Text(text.into())),
    };
    v.ok_or_else(|| wrong(name, text, ty))
}

/// What a fact takes, in words: "true or false", "one of: own_home, rented".
pub fn kind_words(ty: &Type, lang: crate::diag::Lang) -> String {
    use crate::diag::Lang::{En, Vi};
    match (ty, lang) {
        (Type::Bool, Vi) => "có hoặc không (true/false)".into(),
        (Type::Bool, En) => "yes or no (true/false)".into(),
        (Type::Count, Vi) => "một số nguyên không âm".into(),
        (Type::Count, En) => "a whole number".into(),
        (Type::Number, Vi) => "một số".into(),
        (Type::Number, En) => "a number".into(),
        (Type::Money, Vi) => "một số tiền (đồng)".into(),
        (Type::Money, En) => "an amount of money (VND)".into(),
        (Type::Text, Vi) => "văn bản".into(),
        (Type::Text, En) => "text".into(),
        (Type::Date, Vi) => "một ngày (dd/mm/yyyy)".into(),
        (Type::Date, En) => "a date (YYYY-MM-DD)".into(),
        (Type::Enum(v), Vi) => format!("một trong: {}", v.join(", ")),
        (Type::Enum(v), En) => format!("one of: {}", v.join(", ")),
    }
}

/// What a declared fact takes, with the meaning of each enum value that has a label
/// ("một trong: own_home (chỗ ở thuộc quyền sở hữu của mình), rented (…)").
pub fn decl_words(d: &FactDecl, lang: crate::diag::Lang) -> String {
    match &d.ty {
        Type::Enum(values) if !d.value_labels.is_empty() => {
            let list = values
                .iter()
                .map(|v| match d.value_words(v, lang) {
                    w if w == v => v.clone(),
                    w => format!("{v} ({w})"),
                })
                .collect::<Vec<_>>()
                .join(", ");
            match lang {
                crate::diag::Lang::Vi => format!("một trong: {list}"),
                crate::diag::Lang::En => format!("one of: {list}"),
            }
        }
        ty => kind_words(ty, lang),
    }
}

/// A value of the fact's type to show in an example `--set` line.
pub fn example_value(ty: &Type) -> String {
    match ty {
        Type::Bool => "false".into(),
        Type::Number | Type::Count => "1".into(),
        Type::Money => "100000".into(),
        Type::Text => "\"…\"".into(),
        Type::Date => "24/01/2025".into(),
        Type::Enum(v) => v.first().cloned().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values() {
        assert_eq!(parse_typed("a", &Type::Bool, "có"), Ok(Value::Bool(true)));
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
