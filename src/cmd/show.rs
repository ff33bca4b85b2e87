//! `thutuc show CODE`: a procedure's card — the facts `eval` asks for (label, type, allowed
//! values), each channel's deadline and fees, the documents by case, and the legal basis —
//! so a user knows what to give before evaluating.

use super::procedure::{UsageError, find_named, load_for};
use super::{Global, Outcome};
use crate::catalogue::Catalogue;
use crate::diag::{Lang, Severity};
use crate::eval::Program;
use crate::eval::facts::Declared;
use crate::exit;
use crate::model::{DossierDoc, FactDecl, Procedure};
use crate::rules::Type;
use crate::wording::{self, Refs, t};
use serde_json::json;
use std::fmt::Write as _;
use std::sync::Arc;

/// Output formats of `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The card, for people.
    Human,
    /// JSON.
    Json,
    /// A printable page under the portal's headings (HTML, self-contained).
    Html,
    /// The same card as a Word document (needs -o FILE).
    Docx,
}

/// Where `show` writes a card: standard output, or a file (`-o`, written atomically).
#[derive(Debug, Clone, Default)]
pub struct Output {
    /// The file to write.
    pub path: Option<std::path::PathBuf>,
    /// Replace it when it exists.
    pub force: bool,
}

/// Runs `show`.
pub fn run(g: &Global, code: &str, format: Format, out: &Output) -> Result<Outcome, UsageError> {
    let limits = g.limits();
    let loaded = load_for(g, code, &limits)?;
    let lang = g.lang.unwrap_or(loaded.catalogue.manifest.language);
    let cat = &loaded.catalogue;
    // A card drawn from a file with errors would state rules that are not in force: the
    // procedure's own file, the manifest, or what belongs to no file. A code whose file
    // cannot be read is told by that file's errors, not as a missing procedure.
    let own = format!("{code}.yaml");
    let found = find_named(cat, code);
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| {
            d.file.as_ref().is_none_or(|f| {
                f.path.ends_with(crate::catalogue::MANIFEST)
                    || match &found {
                        Ok(p) => f.path == p.file.path,
                        Err(_) => f.path.ends_with(&own),
                    }
            })
        })
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Ok(super::stopped_by(&errors, 1, lang, g.color));
    }
    let p = found?;
    let facts = facts_read(cat, p);
    let text = match format {
        Format::Human => human(cat, p, &facts, lang),
        Format::Json => json_card(cat, p, &facts, lang),
        Format::Html | Format::Docx => {
            let c = crate::export::card::content(cat, p, None, lang);
            if format == Format::Html {
                crate::export::card::page(&c, lang, None)
            } else {
                let Some(path) = &out.path else {
                    return Err(super::procedure::usage(
                        crate::tr!(
                            "--format docx writes a file: name it with -o FILE",
                            "--format docx ghi ra một tệp: hãy ghi tên tệp với -o TỆP"
                        ),
                        None,
                    ));
                };
                let bytes = crate::export::docx::card(&c, lang).map_err(|e| {
                    super::procedure::usage(
                        crate::diag::Tr {
                            en: format!("cannot build the document: {e}"),
                            vi: format!("không tạo được văn bản: {e}"),
                        },
                        None,
                    )
                })?;
                return write(path, &bytes, out.force, lang);
            }
        }
    };
    match &out.path {
        Some(path) => write(path, text.as_bytes(), out.force, lang),
        None => Ok(Outcome::out(text, exit::OK)),
    }
}

/// Writes the card to a file (atomically, never through a link) and says where.
fn write(
    path: &std::path::Path,
    bytes: &[u8],
    force: bool,
    lang: Lang,
) -> Result<Outcome, UsageError> {
    let at = crate::atomic::check_output_file(path, force)
        .map_err(|e| super::procedure::usage(e.message, None))?;
    crate::atomic::write(&at, bytes, force).map_err(|e| {
        let shown = path.display().to_string();
        super::procedure::usage(
            crate::diag::Tr {
                en: format!("cannot write {shown}: {e}"),
                vi: format!(
                    "không ghi được {shown}: {}",
                    crate::messages::os_error_vi(&e.to_string())
                ),
            },
            None,
        )
    })?;
    let shown = path.display().to_string();
    Ok(Outcome::out(
        format!(
            "{}\n",
            crate::messages::t(lang, &format!("đã ghi {shown}"), &format!("wrote {shown}"))
        ),
        exit::OK,
    ))
}

/// The declared facts the procedure's rules read, in the order `eval` lists them, and
/// whether each is shared by the whole catalogue.
fn facts_read<'c>(cat: &'c Catalogue, p: &'c Procedure) -> Vec<(&'c FactDecl, bool)> {
    let program = Program::new(Arc::new(p.clone()));
    let declared = Declared::new(&cat.manifest, p);
    program
        .slots
        .names
        .iter()
        .filter_map(|n| declared.get(n))
        .map(|d| (d, !p.facts.iter().any(|f| f.id.value == d.id.value)))
        .collect()
}

fn counts(d: &DossierDoc, lang: Lang) -> String {
    let mut v = Vec::new();
    if d.originals > 0 {
        v.push(match lang {
            Lang::Vi => format!("{} bản chính", d.originals),
            Lang::En if d.originals == 1 => "1 original".into(),
            Lang::En => format!("{} originals", d.originals),
        });
    }
    if d.copies > 0 {
        v.push(match lang {
            Lang::Vi => format!("{} bản sao", d.copies),
            Lang::En if d.copies == 1 => "1 copy".into(),
            Lang::En => format!("{} copies", d.copies),
        });
    }
    v.join(", ")
}

fn doc_line(s: &mut String, i: usize, d: &DossierDoc, p: &Procedure, refs: &Refs<'_>, lang: Lang) {
    let _ = write!(s, "    {i}. {}", d.name.get(lang));
    let c = counts(d, lang);
    if !c.is_empty() {
        let _ = write!(s, " — {c}");
    }
    if let Some(w) = &d.when {
        let _ = write!(
            s,
            " ({} {})",
            t(lang, "khi", "when"),
            wording::cond(w, p, refs)
        );
    }
    let _ = writeln!(s);
}

fn human(cat: &Catalogue, p: &Procedure, facts: &[(&FactDecl, bool)], lang: Lang) -> String {
    let refs = Refs::new(&cat.manifest, None, lang);
    let mut s = String::new();
    let _ = writeln!(s, "{} {}", p.code.as_str(), p.name.get(lang));
    let field = cat
        .manifest
        .fields
        .iter()
        .find(|f| f.id.value == p.field.value)
        .map_or(p.field.as_str(), |f| f.name.get(lang));
    let levels: Vec<&str> = p
        .levels
        .iter()
        .map(|l| {
            cat.manifest
                .levels
                .iter()
                .find(|x| x.id.value == l.value)
                .map_or(l.as_str(), |x| x.name.get(lang))
        })
        .collect();
    let _ = writeln!(
        s,
        "{}: {field} · {}: {}",
        t(lang, "Lĩnh vực", "Field"),
        t(lang, "Cấp thực hiện", "Level"),
        levels.join(", ")
    );
    if let Some(a) = p
        .agencies
        .implementing
        .as_ref()
        .or(p.agencies.competent.as_ref())
    {
        let _ = writeln!(
            s,
            "{}: {}",
            t(lang, "Cơ quan thực hiện", "Agency"),
            a.get(lang)
        );
    }

    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{} ({})",
        t(
            lang,
            "Thông tin người nộp cần cho biết (thutuc eval --set TÊN=GIÁ_TRỊ)",
            "Facts about the applicant (thutuc eval --set NAME=VALUE)"
        ),
        facts.len()
    );
    if facts.is_empty() {
        let _ = writeln!(s, "  {}", t(lang, "không cần", "none"));
    }
    for (f, shared) in facts {
        let _ = writeln!(s, "  {} — {}", f.id.as_str(), f.label.get(lang));
        match &f.ty {
            // Values with their meaning, one a line: the value is what `--set` takes.
            crate::rules::Type::Enum(values) if !f.value_labels.is_empty() => {
                let _ = write!(s, "      {}", t(lang, "một trong:", "one of:"));
                for v in values {
                    let _ = write!(s, "\n        {v} — {}", f.value_words(v, lang));
                }
            }
            // A yes/no fact with its author's wording of each value, as conditions read it.
            crate::rules::Type::Bool if !f.value_labels.is_empty() => {
                let _ = write!(s, "      {}", crate::eval::facts::decl_words(f, lang));
                for (v, yes) in [
                    ("true", t(lang, "có", "yes")),
                    ("false", t(lang, "không", "no")),
                ] {
                    let w =
                        f.wording(v, lang)
                            .unwrap_or(t(lang, "(chưa có lời văn)", "(no wording)"));
                    let _ = write!(s, "\n        {v} ({yes}) — {w}");
                }
            }
            _ => {
                let _ = write!(s, "      {}", crate::eval::facts::decl_words(f, lang));
            }
        }
        if *shared {
            let _ = write!(
                s,
                " · {}",
                t(
                    lang,
                    "dùng chung cho cả danh mục",
                    "shared by the catalogue"
                )
            );
        }
        let _ = writeln!(s);
    }

    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{}",
        t(lang, "Cách thức thực hiện", "Channels, deadlines and fees")
    );
    for c in &p.channels {
        let _ = writeln!(
            s,
            "  {} — {}: {}",
            c.kind.label(lang),
            t(lang, "thời hạn giải quyết", "deadline"),
            crate::wording::deadline(&c.deadline, p, &refs)
        );
        if !c.fees_stated {
            let _ = writeln!(
                s,
                "      {}",
                t(lang, "Phí, lệ phí: chưa có thông tin", "Fees: not stated")
            );
        } else if c.fees.is_empty() {
            let _ = writeln!(
                s,
                "      {}",
                t(lang, "Phí, lệ phí: không thu", "Fees: none")
            );
        }
        for f in &c.fees {
            let amount = wording::fee_amount(f, p, &cat.manifest, lang);
            let _ = write!(s, "      {}: {amount}", f.name.get(lang));
            if let Some(w) = &f.when {
                let _ = write!(
                    s,
                    " ({} {})",
                    t(lang, "khi", "when"),
                    wording::cond(w, p, &refs)
                );
            }
            if let Some(b) = &f.basis {
                let _ = write!(s, " — {}", refs.number(b));
            }
            let _ = writeln!(s);
        }
    }
    for d in &p.discounts.rules {
        let _ = writeln!(
            s,
            "  {}",
            wording::discount(&d.rule, d.basis.as_str(), p, &refs)
        );
    }

    let _ = writeln!(s);
    let _ = writeln!(s, "{}", t(lang, "Thành phần hồ sơ", "Documents"));
    if !p.dossier.documents.is_empty() {
        let _ = writeln!(
            s,
            "  {}",
            t(lang, "Trong mọi trường hợp:", "In every case:")
        );
        for (i, d) in p.dossier.documents.iter().enumerate() {
            doc_line(&mut s, i + 1, d, p, &refs, lang);
        }
    }
    for c in &p.dossier.cases {
        let _ = write!(
            s,
            "  {} {}",
            t(lang, "Trường hợp", "Case:"),
            c.name.get(lang)
        );
        if let Some(w) = &c.when {
            let _ = write!(
                s,
                " ({} {})",
                t(lang, "khi", "when"),
                wording::cond(w, p, &refs)
            );
        }
        let _ = writeln!(s, ":");
        for (i, d) in c.documents.iter().enumerate() {
            doc_line(&mut s, i + 1, d, p, &refs, lang);
        }
    }

    if !p.legal_basis.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "{}", t(lang, "Căn cứ pháp lý", "Legal basis"));
        for b in &p.legal_basis {
            let _ = writeln!(s, "  - {}", refs.full(b));
        }
    }

    let _ = writeln!(s);
    let found = analysis(cat, p);
    let _ = writeln!(s, "{}", t(lang, "Phân tích quy tắc", "Rule analysis"));
    if found.is_empty() {
        let _ = writeln!(
            s,
            "  {}",
            t(lang, "Không phát hiện vấn đề nào.", "Nothing found.")
        );
    }
    for f in &found {
        let _ = writeln!(s, "  - [{}] {}", f.code, f.line(p, lang));
    }
    s
}

/// The rule analysis of the procedure, as of today.
fn analysis(cat: &Catalogue, p: &Procedure) -> Vec<crate::analysis::Finding> {
    crate::analysis::analyse(
        p,
        &crate::analysis::Options {
            today: crate::dates::today(),
            manifest: &cat.manifest,
        },
    )
}

fn type_json(ty: &Type) -> serde_json::Value {
    match ty {
        Type::Enum(v) => json!({"type": "enum", "values": v}),
        t => json!({"type": t.name()}),
    }
}

fn doc_json(d: &DossierDoc, lang: Lang) -> serde_json::Value {
    json!({
        "id": d.id.as_str(),
        "name": d.name.get(lang),
        "originals": d.originals,
        "copies": d.copies,
        "when": d.when.as_ref().map(|w| w.to_string()),
    })
}

fn json_card(cat: &Catalogue, p: &Procedure, facts: &[(&FactDecl, bool)], lang: Lang) -> String {
    let refs = Refs::new(&cat.manifest, None, lang);
    let facts: Vec<_> = facts
        .iter()
        .map(|(f, shared)| {
            let mut v = type_json(&f.ty);
            v["id"] = json!(f.id.as_str());
            v["label"] = json!(f.label.get(lang));
            v["shared"] = json!(shared);
            if !f.value_labels.is_empty() {
                let labels: serde_json::Map<String, serde_json::Value> = f
                    .value_labels
                    .iter()
                    .map(|(k, t)| (k.to_string(), json!(t.get(lang))))
                    .collect();
                v["value_labels"] = labels.into();
            }
            v
        })
        .collect();
    let channels: Vec<_> = p
        .channels
        .iter()
        .map(|c| {
            json!({
                "channel": c.kind.id(),
                "label": c.kind.label(lang),
                "deadline": c.deadline.to_string(),
                "deadline_text": crate::wording::deadline(&c.deadline, p, &refs),
                "fees_stated": c.fees_stated,
                "fees": c.fees.iter().map(|f| json!({
                    "id": f.id.as_str(),
                    "name": f.name.get(lang),
                    "amount": f.amount.fixed().map(|m| m.0),
                    "rule": f.amount.to_string(),
                    "text": wording::fee_amount(f, p, &cat.manifest, lang),
                    "currency": f.amount.currency().unwrap_or("VND"),
                    "when": f.when.as_ref().map(|w| w.to_string()),
                    "basis": f.basis.as_ref().map(|b| refs.number(b)),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let v = json!({
        "code": p.code.as_str(),
        "name": p.name.get(lang),
        "field": p.field.as_str(),
        "levels": p.levels.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
        "facts": facts,
        "channels": channels,
        "documents": p.dossier.documents.iter().map(|d| doc_json(d, lang)).collect::<Vec<_>>(),
        "cases": p.dossier.cases.iter().map(|c| json!({
            "id": c.id.as_str(),
            "name": c.name.get(lang),
            "when": c.when.as_ref().map(|w| w.to_string()),
            "documents": c.documents.iter().map(|d| doc_json(d, lang)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "legal_basis": p.legal_basis.iter().map(|b| json!({
            "id": b.as_str(),
            "number": refs.number(b),
        })).collect::<Vec<_>>(),
        "analysis": analysis(cat, p).iter().map(|f| f.json(p, lang)).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&v).expect("serializable") + "\n"
}
