//! The legal wording: how the values of a procedure read to people — money, dates,
//! deadlines, fees, discounts, conditions, legal references and the parts of a procedure a
//! change touches — in Vietnamese or English, the way decisions write them.
//!
//! One module below every output that words the law (diff, export, log, show, the review
//! screen, scenario reports), so that the same value reads the same everywhere.

pub mod acts;

use crate::diag::Lang;
use crate::model::{ChannelKind, FactDecl, Manifest, Procedure};
use crate::money::{Money, group_thousands};
use crate::province::Province;
use crate::rules::ast::{DiscountAmount, Expr, Lit, Targets};
use crate::rules::{Deadline, Discount};
use jiff::civil::Date;
use std::collections::HashMap;

pub use crate::messages::t;

mod conditions;

pub use conditions::cond;

/// A date as written in each language: 31/12/2026 in Vietnamese, 2026-12-31 in English.
pub fn date(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        Lang::En => d.to_string(),
    }
}

/// An amount: `20.000 đồng` in Vietnamese (dot groups, as official texts write it),
/// `20,000 VND` in English.
pub fn money(m: Money, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{} đồng", group_thousands(m.0, '.')),
        Lang::En => m.to_string(),
    }
}

/// A percentage given in hundredths as each language writes it: `71,64%` / `71.64%`.
pub fn pct_words(bp: i64, lang: Lang) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let a = bp.unsigned_abs();
    let sep = t(lang, ",", ".");
    format!("{sign}{}{sep}{:02}%", a / 100, a % 100)
}

/// A national database a form field is reused from, by the name the law gives it; an id
/// this catalogue does not know is shown as written.
pub fn database(db: &str, lang: Lang) -> &str {
    match (db, lang) {
        ("vneid", _) => "VNeID",
        ("national_population_db", Lang::Vi) => "Cơ sở dữ liệu quốc gia về dân cư",
        ("national_population_db", Lang::En) => "the national population database",
        ("civil_status_db", Lang::Vi) => "Cơ sở dữ liệu hộ tịch điện tử",
        ("civil_status_db", Lang::En) => "the electronic civil status database",
        (other, _) => other,
    }
}

/// A fee's amount as the law writes it, in the decision's language ("2.000 đồng/trang; từ
/// trang thứ 3 trở lên: 1.000 đồng/trang; tối đa 200.000 đồng"); a foreign currency keeps its
/// code; an unknown amount reads "Chưa có thông tin" / "not stated", never "Không". The
/// fee's note from the source follows in parentheses.
pub fn fee_amount(f: &crate::model::FeeItem, p: &Procedure, m: &Manifest, lang: Lang) -> String {
    struct Words<'a> {
        p: &'a Procedure,
        m: &'a Manifest,
    }
    impl crate::rules::fee::FeeWords for Words<'_> {
        fn unit(&self, fact: &str, lang: Lang) -> String {
            unit_name(self.p, self.m, fact, lang)
        }
        fn cond(&self, e: &Expr, lang: Lang) -> String {
            cond(e, self.p, &Refs::new(self.m, None, lang))
        }
    }
    let mut s = f.amount.law_text(lang, &Words { p, m });
    if let Some(n) = &f.note {
        s.push_str(&format!(" ({})", n.get(lang)));
    }
    s
}

/// How a fee text names a fact's unit: its `unit:`, else its label, else its id.
pub fn unit_name(p: &Procedure, m: &Manifest, fact: &str, lang: Lang) -> String {
    let decl = p
        .facts
        .iter()
        .chain(m.facts.iter())
        .find(|f| f.id.as_str() == fact);
    match decl {
        Some(d) => match &d.unit {
            Some(u) => u.get(lang).to_string(),
            None => d.label.get(lang).to_lowercase(),
        },
        None => fact.to_string(),
    }
}

/// "Chưa có thông tin" / "not stated": a channel whose fees the record does not state.
/// "chưa có thông tin" for fees the source does not state.
pub fn fees_not_stated(lang: Lang) -> &'static str {
    t(lang, "Chưa có thông tin", "not stated")
}

/// "Cấp xã" → "Thủ tục hành chính cấp xã".
pub fn level_heading(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => {
            let mut c = name.chars();
            let lower: String = match c.next() {
                Some(f) => f.to_lowercase().chain(c).collect(),
                None => String::new(),
            };
            format!("Thủ tục hành chính {lower}")
        }
        Lang::En => format!("Procedures — {name}"),
    }
}

/// Legal references: manifest documents and the province's resolutions, by id.
pub struct Refs<'a> {
    numbers: HashMap<&'a str, (&'a str, String)>,
    /// The catalogue's manifest (facts, fields, levels, legal documents).
    pub manifest: &'a Manifest,
    /// The language of the wording.
    pub lang: Lang,
    /// The province's public service portal, cited for online channels.
    pub portal: Option<&'a str>,
    /// Names of the units and posts of internal processes (the overlay's, then the manifest's).
    units: HashMap<&'a str, &'a crate::model::Text>,
}

impl<'a> Refs<'a> {
    /// Collects the references of a manifest and an optional overlay.
    pub fn new(m: &'a Manifest, p: Option<&'a Province>, lang: Lang) -> Refs<'a> {
        let mut numbers = HashMap::new();
        for l in &m.legal {
            numbers.insert(l.id.as_str(), (l.number.as_str(), acts::citation(l, lang)));
        }
        for r in p.iter().flat_map(|p| p.resolutions.iter()) {
            numbers.insert(
                r.id.as_str(),
                (
                    r.number.as_str(),
                    format!("{} — {}", r.number, r.title.get(lang)),
                ),
            );
        }
        let mut units = HashMap::new();
        for u in m.units.iter().chain(p.iter().flat_map(|p| p.units.iter())) {
            units.insert(u.id.as_str(), &u.name);
        }
        Refs {
            numbers,
            manifest: m,
            lang,
            portal: p.and_then(|p| p.portal.as_deref()),
            units,
        }
    }

    /// The name of a unit or post of an internal process (its id when undeclared).
    pub fn unit_name(&self, id: &str) -> String {
        self.units
            .get(id)
            .map_or_else(|| id.to_string(), |t| t.get(self.lang).to_string())
    }

    /// The official number of a document id (the id itself when unknown).
    pub fn number(&self, id: &str) -> String {
        self.numbers
            .get(id)
            .map(|(n, _)| n.to_string())
            .unwrap_or_else(|| id.to_string())
    }

    /// The act's full citation ("Nghị định số 79/2020/NĐ-CP ngày 08/7/2020 của Chính phủ
    /// quy định …"; a province's resolution: its number and title).
    pub fn full(&self, id: &str) -> String {
        match self.numbers.get(id) {
            Some((_, full)) => full.clone(),
            None => id.to_string(),
        }
    }

    pub fn decl<'p>(&'p self, p: &'p Procedure, fact: &str) -> Option<&'p FactDecl> {
        let find = |v: &'p [FactDecl]| v.iter().find(|f| f.id.as_str() == fact);
        find(&p.facts).or_else(|| find(&self.manifest.facts))
    }

    pub fn label<'p>(&'p self, p: &'p Procedure, fact: &str) -> Option<&'p str> {
        self.decl(p, fact)
            .map(|f| f.label.get(self.lang))
            .or(match fact {
                // The built-in facts have the names the law gives them.
                "received" => Some(t(self.lang, "ngày tiếp nhận hồ sơ", "date of receipt")),
                "channel" => Some(t(self.lang, "cách thức nộp hồ sơ", "channel")),
                _ => None,
            })
    }

    /// A value of a fact in words: its label when the fact gives one.
    pub fn value<'p>(&'p self, p: &'p Procedure, fact: &str, value: &'p str) -> &'p str {
        self.decl(p, fact)
            .map_or(value, |f| f.value_words(value, self.lang))
    }
}

pub fn unit(d: crate::rules::ast::Duration, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{} {}", d.amount, d.unit.word_vi()),
        Lang::En => d.to_string(),
    }
}

/// A deadline rule in words.
pub fn deadline(d: &Deadline, p: &Procedure, refs: &Refs<'_>) -> String {
    let lang = refs.lang;
    match d {
        Deadline::Unspecified => t(lang, "Không quy định", "Not set by law").into(),
        Deadline::NotStated => t(lang, "Chưa có thông tin", "Not stated").into(),
        Deadline::Fixed(x) => unit(*x, lang),
        Deadline::When {
            then,
            cond: c,
            otherwise,
        } => {
            let c = cond(c, p, refs);
            // A fact labelled "Trường hợp …" already says it is a case.
            let when = match lang {
                Lang::Vi if c.to_lowercase().starts_with("trường hợp") => {
                    let mut ch = c.chars();
                    ch.next()
                        .map(|f| f.to_lowercase().chain(ch).collect::<String>())
                        .unwrap_or_default()
                }
                _ => format!("{} {c}", t(lang, "trong trường hợp", "when")),
            };
            format!(
                "{} {when}; {} {}",
                unit(*then, lang),
                t(lang, "các trường hợp khác:", "otherwise"),
                deadline(otherwise, p, refs)
            )
        }
    }
}

/// A literal as a decision writes it: values without quotes, amounts and dates in the
/// language's format.
pub fn lit_words(l: &Lit, lang: Lang) -> String {
    match l {
        Lit::Text(v) => v.clone(),
        Lit::Money(m) => money(*m, lang),
        Lit::Date(d) => date(*d, lang),
        Lit::Bool(true) => t(lang, "có", "yes").into(),
        Lit::Bool(false) => t(lang, "không", "no").into(),
        Lit::Number(n) => n.to_string(),
    }
}

pub fn fee_name(p: &Procedure, id: &str, lang: Lang) -> String {
    p.channels
        .iter()
        .flat_map(|c| c.fees.iter())
        .find(|f| f.id.as_str() == id)
        .map(|f| f.name.get(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

/// A discount in words: "Giảm 50% lệ phí khi nộp hồ sơ trực tuyến từ ngày … đến ngày …".
pub fn discount(d: &Discount, basis: &str, p: &Procedure, refs: &Refs<'_>) -> String {
    let lang = refs.lang;
    let mut s = match &d.amount {
        DiscountAmount::Percent(x) => format!("{} {x}", t(lang, "Giảm", "")),
        DiscountAmount::Fixed(m) => format!("{} {}", t(lang, "Giảm", ""), money(*m, lang)),
        DiscountAmount::Waive => t(lang, "Miễn", "Waived:").into(),
    }
    .trim()
    .to_string();
    if lang == Lang::En && !matches!(d.amount, DiscountAmount::Waive) {
        s.push_str(" off");
    }
    let targets = match &d.targets {
        Targets::All => t(lang, "phí, lệ phí", "all fees").to_string(),
        Targets::Items(v) => v
            .iter()
            .map(|(id, _)| fee_name(p, id, lang).to_lowercase())
            .collect::<Vec<_>>()
            .join(", "),
    };
    s.push(' ');
    s.push_str(&targets);
    if let Some(w) = &d.when {
        s.push_str(&format!(" {} {}", t(lang, "khi", "when"), cond(w, p, refs)));
    }
    if let Some(f) = d.from {
        s.push_str(&format!(
            " {} {}",
            t(lang, "từ ngày", "from"),
            date(f, lang)
        ));
    }
    if let Some(u) = d.until {
        s.push_str(&format!(
            " {} {}",
            t(lang, "đến hết ngày", "until"),
            date(u, lang)
        ));
    }
    s.push_str(&format!(" ({})", refs.number(basis)));
    s
}

/// The deadline column: one text when every channel has the same deadline.
pub fn deadline_summary(p: &Procedure, refs: &Refs<'_>) -> String {
    let per: Vec<(ChannelKind, String)> = p
        .channels
        .iter()
        .map(|c| (*c.kind, deadline(&c.deadline, p, refs)))
        .collect();
    if per.windows(2).all(|w| w[0].1 == w[1].1) {
        return per.first().map(|x| x.1.clone()).unwrap_or_default();
    }
    per.iter()
        .map(|(k, d)| format!("{}: {d}", k.label(refs.lang)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The fees column: each fee with its amount per channel, then the discounts.
pub fn fees_summary(p: &Procedure, refs: &Refs<'_>) -> String {
    let lang = refs.lang;
    // One entry per fee id, with its amount on each channel (in channel order).
    // Amounts as written: a fee in a foreign currency keeps its currency.
    let mut items: Vec<(String, Vec<(ChannelKind, String)>)> = Vec::new();
    let unstated: Vec<ChannelKind> = p
        .channels
        .iter()
        .filter(|c| !c.fees_stated)
        .map(|c| *c.kind)
        .collect();
    if !unstated.is_empty() && unstated.len() == p.channels.len() {
        return fees_not_stated(lang).into();
    }
    for c in &p.channels {
        for f in &c.fees {
            let name = f.name.get(lang).to_string();
            let amount = fee_amount(f, p, refs.manifest, lang);
            match items.iter_mut().find(|(n, _)| *n == name) {
                Some((_, v)) => v.push((*c.kind, amount)),
                None => items.push((name, vec![(*c.kind, amount)])),
            }
        }
    }
    let mut parts: Vec<String> = items
        .into_iter()
        .map(|(name, v)| {
            if v.windows(2).all(|w| w[0].1 == w[1].1) {
                format!("{name}: {}", v[0].1)
            } else {
                let per: Vec<String> = v
                    .iter()
                    .map(|(k, m)| format!("{m} ({})", k.label(lang).to_lowercase()))
                    .collect();
                format!("{name}: {}", per.join(", "))
            }
        })
        .collect();
    for k in &unstated {
        parts.push(format!(
            "{} ({})",
            fees_not_stated(lang),
            k.label(lang).to_lowercase()
        ));
    }
    if parts.is_empty() {
        return t(lang, "Không", "None").into();
    }
    parts.extend(
        p.discounts
            .rules
            .iter()
            .map(|d| discount(&d.rule, d.basis.as_str(), p, refs)),
    );
    parts.join("; ")
}

/// The place and channels column: the receiving address, the channels and the portal.
pub fn place(p: &Procedure, refs: &Refs<'_>) -> String {
    let lang = refs.lang;
    let mut s = String::new();
    if let Some(a) = p
        .agencies
        .address
        .as_ref()
        .or(p.agencies.implementing.as_ref())
    {
        s.push_str(a.get(lang));
        s.push_str(". ");
    }
    let channels: Vec<&str> = p.channels.iter().map(|c| c.kind.label(lang)).collect();
    s.push_str(t(lang, "Cách thức: ", "Channels: "));
    s.push_str(&channels.join(", "));
    if let Some(portal) = refs.portal
        && p.channels.iter().any(|c| c.kind.is_online())
    {
        s.push_str(&format!(
            " ({} {portal})",
            t(lang, "trực tuyến tại", "online at")
        ));
    }
    s
}

impl Refs<'_> {
    /// Documents a localised procedure cites: its legal basis, then the resolutions of its
    /// fees and discounts.
    pub fn basis_of<'p>(&self, p: &'p Procedure) -> Vec<&'p str> {
        let mut ids: Vec<&str> = p.legal_basis.iter().map(|b| b.as_str()).collect();
        let extra = p
            .channels
            .iter()
            .flat_map(|c| c.fees.iter().filter_map(|f| f.basis.as_ref()))
            .chain(p.discounts.rules.iter().map(|d| &d.basis));
        for b in extra {
            if !ids.contains(&b.as_str()) {
                ids.push(b.as_str());
            }
        }
        ids
    }
}

/// The implementing agency, else the competent one.
pub fn agency(p: &Procedure, lang: Lang) -> String {
    p.agencies
        .implementing
        .as_ref()
        .or(p.agencies.competent.as_ref())
        .map(|a| a.get(lang).to_string())
        .unwrap_or_default()
}

impl Refs<'_> {
    pub fn field_name(&self, p: &Procedure) -> String {
        crate::model::Named::name_in(&self.manifest.fields, &p.field, self.lang).to_string()
    }

    pub fn level_names(&self, p: &Procedure) -> Vec<String> {
        p.levels
            .iter()
            .map(|l| crate::model::Named::name_in(&self.manifest.levels, l, self.lang).to_string())
            .collect()
    }
}

/// Change paths (`channels[0].fees[1].amount`) in plain words, each part once, in template order:
/// "Thời hạn giải quyết, Phí, lệ phí, Thành phần hồ sơ".
pub fn changed_parts<'a>(paths: impl IntoIterator<Item = &'a str>, lang: Lang) -> Vec<String> {
    let mut v: Vec<(u8, &'static str, &'static str)> = paths
        .into_iter()
        .filter_map(crate::model::parts::part_of_path)
        .map(|p| (p.order, p.vi, p.en))
        .collect();
    v.sort();
    v.dedup();
    v.into_iter()
        .map(|(_, vi, en)| t(lang, vi, en).to_string())
        .collect()
}
