//! Applicant facts as users give them (`--set k=v`, a YAML or JSON file, a scenario), checked
//! against the declared types.

use super::Value;
use crate::diag::{Tr, suggest};
use crate::model::{FactDecl, Manifest, Procedure};

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
        parse_typed(name, &decl.ty, text.trim()).map_err(|mut e| {
            // The values with what each means, as the law words it.
            if let Type::Enum(values) = &decl.ty
                && !decl.value_labels.is_empty()
            {
                let list = |lang| {
                    values
                        .iter()
                        .map(|v| format!("{v} ({})", decl.value_words(v, lang)))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let near = e.help.take();
                let (vi, en) = (list(crate::diag::Lang::Vi), list(crate::diag::Lang::En));
                e.help = Some(match near {
                    Some(n) if n.en.starts_with("did you mean") => Tr {
                        en: format!("{} one of: {en}", n.en),
                        vi: format!("{} một trong: {vi}", n.vi),
                    },
                    _ => Tr {
                        en: format!("one of: {en}"),
                        vi: format!("một trong: {vi}"),
                    },
                });
            }
            e
        })
    }
}

pub use crate::rules::value::{FactError, parse_typed};

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
