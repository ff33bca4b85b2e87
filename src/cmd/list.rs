//! `thutuc list [TEXT]`: the catalogue's procedures by code or name, accent- and
//! case-insensitive, best matches first, filtered by field, level, agency or channel.

use super::procedure::UsageError;
use super::{Global, Outcome, names};
use crate::catalogue::{Catalogue, search};
use crate::diag::{Lang, Severity};
use crate::exit;
use crate::model::{Named, Procedure};
use crate::tr;
use serde_json::json;
use std::fmt::Write as _;

/// Output formats of `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One procedure a line, for people.
    Human,
    /// JSON.
    Json,
    /// CSV (RFC 4180), for a spreadsheet.
    Csv,
}

/// Options of `list`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Words of the code or name.
    pub text: Option<String>,
    /// A field, by id or name.
    pub field: Option<String>,
    /// A level, by id or name.
    pub level: Option<String>,
    /// Words of the agency.
    pub agency: Option<String>,
    /// A channel, by id or name.
    pub channel: Option<String>,
    /// Output format.
    pub format: Format,
}

/// Runs `list`.
pub fn run(g: &Global, o: &Options) -> Result<Outcome, UsageError> {
    let limits = g.limits();
    let loaded = super::procedure::load_all(g, &limits)?;
    let cat = &loaded.catalogue;
    let lang = g.lang.unwrap_or(cat.manifest.language);
    let field = o
        .field
        .as_deref()
        .map(|f| names::named(&cat.manifest.fields, f, tr!("field", "lĩnh vực")))
        .transpose()?;
    let level = o
        .level
        .as_deref()
        .map(|l| names::named(&cat.manifest.levels, l, tr!("level", "cấp thực hiện")))
        .transpose()?;
    let channel = o.channel.as_deref().map(names::channel).transpose()?;
    let agency = o.agency.as_deref().map(crate::vietnamese::name_key);
    let keep = |p: &&Procedure| {
        !p.is_abolished()
            && field.is_none_or(|f| p.field.as_str() == f.id.as_str())
            && level.is_none_or(|l| p.levels.iter().any(|x| x.as_str() == l.id.as_str()))
            && channel.is_none_or(|c| p.channel(c).is_some())
            && agency.as_ref().is_none_or(|a| agency_matches(p, a))
    };
    let found: Vec<&Procedure> = match o.text.as_deref() {
        Some(q) => search::rank(cat.procedures.iter().filter(keep), q),
        None => cat.procedures.iter().filter(keep).collect(),
    };
    let stdout = match o.format {
        Format::Human => human(cat, &found, lang),
        Format::Json => json_out(cat, &found, lang),
        Format::Csv => csv(cat, &found, lang),
    };
    // A procedure file with errors may be missing from the list: say so, and exit 1.
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let mut out = Outcome::out(stdout, exit::OK);
    if errors > 0 {
        out.code = exit::FINDINGS;
        out.stderr = format!(
            "{}: {}\n",
            crate::messages::warning(lang),
            tr!(
                "the catalogue has {errors} errors: procedures in files with errors may be missing from this list (run `thutuc validate`)",
                "danh mục có {errors} lỗi: thủ tục trong các tệp bị lỗi có thể không có trong danh sách này (hãy chạy `thutuc validate`)"
            )
            .get(lang)
        );
    }
    Ok(out)
}

fn agency_matches(p: &Procedure, key: &str) -> bool {
    let a = &p.agencies;
    [
        &a.competent,
        &a.implementing,
        &a.authorised,
        &a.coordinating,
    ]
    .into_iter()
    .flatten()
    .any(|t| {
        crate::vietnamese::name_key(&t.vi).contains(key)
            || t.en
                .as_deref()
                .is_some_and(|en| crate::vietnamese::name_key(en).contains(key))
    })
}

/// The field's name.
pub fn field_name<'c>(cat: &'c Catalogue, p: &'c Procedure, lang: Lang) -> &'c str {
    Named::name_in(&cat.manifest.fields, &p.field, lang)
}

/// The levels' names.
pub fn level_names<'c>(cat: &'c Catalogue, p: &'c Procedure, lang: Lang) -> Vec<&'c str> {
    p.levels
        .iter()
        .map(|l| Named::name_in(&cat.manifest.levels, l, lang))
        .collect()
}

fn channel_names(p: &Procedure, lang: Lang) -> Vec<&'static str> {
    p.channels.iter().map(|c| c.kind.label(lang)).collect()
}

fn human(cat: &Catalogue, found: &[&Procedure], lang: Lang) -> String {
    let width = super::table::terminal_width();
    let mut s = String::new();
    for p in found {
        let head = format!("{}  ", p.code.as_str());
        let pad = " ".repeat(head.chars().count());
        let lines = super::table::wrap(p.name.get(lang), width.saturating_sub(pad.len()).max(20));
        for (i, l) in lines.iter().enumerate() {
            let _ = writeln!(s, "{}{l}", if i == 0 { &head } else { &pad });
        }
        let _ = writeln!(
            s,
            "{pad}{} · {} · {}",
            field_name(cat, p, lang),
            level_names(cat, p, lang).join(", "),
            channel_names(p, lang).join(", ")
        );
    }
    let n = found.len();
    let _ = match lang {
        Lang::Vi => writeln!(s, "{n} thủ tục"),
        Lang::En if n == 1 => writeln!(s, "1 procedure"),
        Lang::En => writeln!(s, "{n} procedures"),
    };
    s
}

fn json_out(cat: &Catalogue, found: &[&Procedure], lang: Lang) -> String {
    let v: Vec<_> = found
        .iter()
        .map(|p| {
            json!({
                "code": p.code.as_str(),
                "name": p.name.get(lang),
                "field": p.field.as_str(),
                "field_name": field_name(cat, p, lang),
                "levels": p.levels.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
                "level_names": level_names(cat, p, lang),
                "channels": p.channels.iter().map(|c| c.kind.id()).collect::<Vec<_>>(),
                "channel_names": channel_names(p, lang),
                "agency": p.agencies.implementing.as_ref().or(p.agencies.competent.as_ref()).map(|a| a.get(lang)),
            })
        })
        .collect();
    serde_json::to_string_pretty(&v).expect("serializable") + "\n"
}

fn cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(cat: &Catalogue, found: &[&Procedure], lang: Lang) -> String {
    // Column ids stay the same in every language, so a spreadsheet's formulas keep working.
    let mut s = "code,name,field,levels,channels,agency\r\n".to_string();
    for p in found {
        let agency = p
            .agencies
            .implementing
            .as_ref()
            .or(p.agencies.competent.as_ref())
            .map_or("", |a| a.get(lang));
        let cells = [
            p.code.as_str().to_string(),
            p.name.get(lang).to_string(),
            field_name(cat, p, lang).to_string(),
            level_names(cat, p, lang).join("; "),
            channel_names(p, lang).join("; "),
            agency.to_string(),
        ];
        s.push_str(&cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        s.push_str("\r\n");
    }
    s
}
