//! `thutuc eval CODE`: what one applicant must submit and pay, and when the result is due.

use super::procedure::{UsageError, find_named, load_for, usage};
use super::{Global, Outcome as CmdOutcome};
use crate::catalogue::{self, Catalogue, InputFile};
use crate::diag::{Diagnostic, Lang};
use crate::eval::facts::Declared;
use crate::eval::{Outcome, Program, Request, Value};
use crate::exit;
use crate::limits::Limits;
use crate::model::{ChannelKind, Procedure};
use crate::money::Money;
use crate::yaml::Node;
use jiff::civil::DateTime;
use serde_json::json;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

/// Output formats of `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable summary.
    Human,
    /// JSON (SPEC.md shape).
    Json,
}

/// Options of `eval`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Procedure code.
    pub code: String,
    /// A YAML or JSON file of facts.
    pub facts: Option<PathBuf>,
    /// `KEY=VALUE` facts (win over the file).
    pub set: Vec<String>,
    /// Channel id.
    pub channel: Option<String>,
    /// Date-time of receipt.
    pub received: Option<String>,
    /// Print why.
    pub explain: bool,
    /// Output format.
    pub format: Format,
}

/// Reads facts from a YAML/JSON file and `--set` pairs into slot order.
pub fn gather_facts(
    program: &Program,
    declared: &Declared<'_>,
    file: Option<&std::path::Path>,
    set: &[String],
    req: &Request,
    limits: &Limits,
) -> Result<Vec<Option<Value>>, UsageError> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let Some(path) = file {
        // Read and parsed as a catalogue file is, so every fault (size, encoding, YAML,
        // limits) is told in the same plain words, in the user's language.
        let input = InputFile {
            rel: path.display().to_string(),
            display: path.to_path_buf(),
            bytes: catalogue::read_limited(path, limits.max_file_bytes),
        };
        let (_, doc) = catalogue::parse_owned(input, limits).map_err(|d| facts_error(&d))?;
        let root = doc.root().expect("non-empty");
        let Node::Map(entries) = doc.get(root) else {
            return Err(usage(
                crate::tr!(
                    "the facts file {} must be a mapping `fact: value`",
                    "tệp dữ kiện {} phải là một ánh xạ `dữ_kiện: giá_trị`",
                    path.display()
                ),
                None,
            ));
        };
        for (k, v) in entries {
            let Some((value, _)) = doc.scalar(*v) else {
                return Err(usage(
                    crate::tr!(
                        "{}:{}:{}: the value of `{}` must be a single value",
                        "{}:{}:{}: giá trị của `{}` phải là một giá trị đơn",
                        path.display(),
                        k.span.line,
                        k.span.col,
                        k.text
                    ),
                    None,
                ));
            };
            pairs.push((k.text.to_string(), value.to_string()));
        }
    }
    for s in set {
        let Some((k, v)) = s.split_once('=') else {
            return Err(usage(
                crate::tr!(
                    "`--set {s}` needs the form KEY=VALUE",
                    "`--set {s}` cần có dạng TÊN=GIÁ_TRỊ"
                ),
                Some(crate::tr!(
                    "e.g. --set residence_case=owned_home",
                    "ví dụ: --set residence_case=owned_home"
                )),
            ));
        };
        pairs.retain(|(key, _)| key != k.trim());
        pairs.push((k.trim().to_string(), v.to_string()));
    }
    let mut facts = program.facts_for(req);
    for (k, v) in pairs {
        let value = declared
            .parse(&k, &v)
            .map_err(|e| usage(e.message, e.help))?;
        // A fact no rule reads is accepted and ignored (it may matter to another procedure).
        if let Some(slot) = program.slots.get(&k) {
            facts[slot as usize] = Some(value);
        }
    }
    Ok(facts)
}

/// A facts file that cannot be used, as a usage error: the file, the line and column, and
/// the finding's message and hint.
fn facts_error(d: &Diagnostic) -> UsageError {
    let file = d.file.as_ref();
    let place = match (file, d.line_col()) {
        (Some(f), Some((line, col))) if !f.text().is_empty() => {
            format!("{}:{line}:{col}", f.path.display())
        }
        (Some(f), _) => f.path.display().to_string(),
        (None, _) => String::new(),
    };
    let code = d.code;
    usage(
        crate::diag::Tr {
            en: format!("the facts file {place}: {} [{code}]", d.message.en),
            vi: format!("tệp dữ kiện {place}: {} [{code}]", d.message.vi),
        },
        d.help.clone(),
    )
}

/// Runs `eval`.
pub fn run(g: &Global, o: &Options) -> Result<CmdOutcome, UsageError> {
    let limits = g.limits();
    let loaded = load_for(g, &o.code, &limits)?;
    let lang = g.lang.unwrap_or(loaded.catalogue.manifest.language);
    let cat = &loaded.catalogue;
    let errors: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .cloned()
        .collect();
    // The procedure's own file could not be read (too large, too deep…): say why, rather
    // than that there is no such procedure.
    let wanted = format!("{}.yaml", o.code);
    let unreadable = || {
        errors
            .iter()
            .any(|d| d.file.as_ref().is_some_and(|f| f.path.ends_with(&wanted)))
    };
    let p = match find_named(cat, &o.code) {
        Ok(p) => Some(p),
        Err(_) if unreadable() => None,
        Err(e) => return Err(e),
    };
    if !errors.is_empty() {
        return Ok(super::stopped_by(&errors, 1, lang, g.color));
    }
    let p = p.expect("only an unreadable file leaves the procedure missing");
    let channel = match &o.channel {
        Some(c) => super::names::channel(c)?,
        None => p
            .channel(ChannelKind::Direct)
            .or(p.channels.first())
            .map(|c| *c.kind)
            .unwrap_or(ChannelKind::Direct),
    };
    if p.channel(channel).is_none() {
        let named = |lang| {
            p.channels
                .iter()
                .map(|c| format!("{} ({})", c.kind.id(), c.kind.label(lang)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (code, id) = (p.code.as_str(), channel.id());
        let (list_en, list_vi) = (named(Lang::En), named(Lang::Vi));
        let (label_en, label_vi) = (channel.label(Lang::En), channel.label(Lang::Vi));
        let first = p.channels.first().map_or("direct", |c| c.kind.id());
        return Err(usage(
            crate::diag::Tr {
                en: format!(
                    "procedure {code} cannot be submitted {id} ({label_en}): it offers {list_en}"
                ),
                vi: format!(
                    "thủ tục {code} không nhận hồ sơ theo cách thức {id} ({label_vi}): chỉ có {list_vi}"
                ),
            },
            Some(crate::tr!(
                "use --channel {first}",
                "hãy dùng --channel {first}"
            )),
        ));
    }
    let received = o
        .received
        .as_deref()
        .map(crate::dates::parse_received)
        .transpose()
        .map_err(|e| usage(e.message, e.help))?;
    let req = Request {
        channel,
        received,
        today: crate::dates::today(),
    };
    let program = Program::new(Arc::new(p.clone()));
    let declared = Declared::new(&cat.manifest, p);
    let facts = gather_facts(
        &program,
        &declared,
        o.facts.as_deref(),
        &o.set,
        &req,
        &limits,
    )?;
    let needed = program.needed_facts(&req, &facts);
    if !needed.is_empty() {
        return Err(missing_facts(p, &declared, &needed, channel, o));
    }
    let calendar = cat.calendar();
    let out = program
        .eval(&req, &facts, &calendar, o.explain)
        .map_err(|e| usage(e.message(), None))?;
    let stdout = match o.format {
        Format::Json => json_out(p, &out, cat, lang),
        Format::Human => {
            crate::sanitize::terminal(&human_out(p, &out, req.received, cat, lang)).into_owned()
        }
    };
    Ok(CmdOutcome::out(stdout, exit::OK))
}

/// Every fact still needed, in one message: label, what it takes, and a `--set` line to copy.
fn missing_facts(
    p: &Procedure,
    declared: &Declared<'_>,
    needed: &[String],
    channel: ChannelKind,
    o: &Options,
) -> UsageError {
    let [(en, en_help), (vi, vi_help)] =
        [Lang::En, Lang::Vi].map(|l| missing_facts_in(p, declared, needed, channel, o, l));
    usage(
        crate::diag::Tr { en, vi },
        Some(crate::diag::Tr {
            en: en_help,
            vi: vi_help,
        }),
    )
}

/// The message and hint of [`missing_facts`] in one language.
fn missing_facts_in(
    p: &Procedure,
    declared: &Declared<'_>,
    needed: &[String],
    channel: ChannelKind,
    o: &Options,
    lang: Lang,
) -> (String, String) {
    use crate::eval::facts::example_value;
    let en = lang == Lang::En;
    let mut message = if en {
        format!(
            "{} more fact{} needed to evaluate {} ({}):",
            needed.len(),
            if needed.len() == 1 { " is" } else { "s are" },
            p.code.as_str(),
            channel.label(lang)
        )
    } else {
        format!(
            "cần thêm {} thông tin để tính thủ tục {} ({}):",
            needed.len(),
            p.code.as_str(),
            channel.label(lang)
        )
    };
    let mut example = format!("thutuc eval {}", p.code.as_str());
    if channel != ChannelKind::Direct {
        example.push_str(&format!(" --channel {}", channel.id()));
    }
    // What the user already gave stays in the line to copy.
    if let Some(f) = &o.facts {
        example.push_str(&format!(" --facts {}", f.display()));
    }
    if let Some(r) = &o.received {
        let quote = if r.contains(' ') { "\"" } else { "" };
        example.push_str(&format!(" --received {quote}{r}{quote}"));
    }
    for s in &o.set {
        example.push_str(&format!(" --set {s}"));
    }
    for name in needed {
        match declared.get(name) {
            Some(d) => {
                let _ = write!(
                    message,
                    "\n  {name} — {}: {}",
                    d.label.get(lang),
                    crate::eval::facts::decl_words(d, lang)
                );
                let v = example_value(&d.ty);
                example.push_str(&format!(" --set {name}={v}"));
            }
            // Built-in facts: the channel is always known; the date of receipt is not.
            None if name == "received" => {
                message.push_str(if en {
                    "\n  the date of receipt — give it with --received 24/01/2025"
                } else {
                    "\n  ngày nhận hồ sơ — cho biết bằng --received 24/01/2025"
                });
                example.push_str(" --received 24/01/2025");
            }
            None => {
                let _ = write!(message, "\n  {name}");
            }
        }
    }
    let help = if en {
        format!("give them with --set or in a --facts file, e.g.\n    {example}")
    } else {
        format!("cho biết bằng --set hoặc trong tệp --facts, ví dụ:\n    {example}")
    };
    (message, help)
}

/// What an explanation line is about, by the name the procedure gives it:
/// "trường hợp Đăng ký thường trú vào chỗ ở hợp pháp …", "giấy tờ Tờ khai …".
fn trace_subject(p: &Procedure, kind: &str, id: &str, lang: Lang) -> String {
    let t = |vi: &'static str, en: &'static str| crate::wording::t(lang, vi, en);
    let name =
        |n: Option<&crate::model::Text>| n.map_or(id.to_string(), |n| n.get(lang).to_string());
    match kind {
        "case" => format!(
            "{} {}",
            t("trường hợp", "case"),
            name(
                p.dossier
                    .cases
                    .iter()
                    .find(|c| c.id.as_str() == id)
                    .map(|c| &c.name)
            )
        ),
        "document" => format!(
            "{} {}",
            t("giấy tờ", "document"),
            name(
                p.all_documents()
                    .find(|d| d.id.as_str() == id)
                    .map(|d| &d.name)
            )
        ),
        "fee" => format!(
            "{} {}",
            t("phí, lệ phí", "fee"),
            name(
                p.channels
                    .iter()
                    .flat_map(|c| c.fees.iter())
                    .find(|f| f.id.as_str() == id)
                    .map(|f| &f.name)
            )
        ),
        "discount" => format!("{} {id}", t("miễn, giảm", "discount")),
        "deadline" => format!(
            "{} ({})",
            t("thời hạn giải quyết", "deadline"),
            ChannelKind::parse(id).map_or(id, |c| c.label(lang))
        ),
        other => format!("{other} {id}"),
    }
}

/// A rule of an explanation in words, with the facts' labels, where it is a condition.
fn rule_words(p: &Procedure, cat: &Catalogue, kind: &str, rule: &str, lang: Lang) -> String {
    use crate::rules::parse::{Origin, condition};
    if matches!(kind, "case" | "document" | "fee")
        && let Ok(e) = condition(rule, &Origin::detached())
    {
        let refs = crate::wording::Refs::new(&cat.manifest, None, lang);
        return format!(
            "{} {}",
            crate::wording::t(lang, "khi", "when"),
            crate::wording::cond(&e, p, &refs)
        );
    }
    if kind == "deadline"
        && let Ok(d) = crate::rules::parse::deadline(rule, &Origin::detached())
    {
        let refs = crate::wording::Refs::new(&cat.manifest, None, lang);
        return crate::wording::deadline(&d, p, &refs);
    }
    rule.to_string()
}

fn basis_label(cat: &Catalogue, id: &str) -> String {
    match cat.manifest.legal.iter().find(|l| l.id.as_str() == id) {
        Some(l) => l.number.value.to_string(),
        None => id.to_string(),
    }
}

/// The JSON shape of SPEC.md (plus ids, cases, discounts applied and the explanation).
pub fn json_out(p: &Procedure, out: &Outcome<'_>, cat: &Catalogue, lang: Lang) -> String {
    let docs: Vec<_> = out
        .documents
        .iter()
        .map(|d| {
            json!({
                "id": d.doc.id.as_str(),
                "name": d.doc.name.get(lang),
                "originals": d.doc.originals,
                "copies": d.doc.copies,
                "case": d.case.map(|c| c.id.as_str()),
            })
        })
        .collect();
    let items: Vec<_> = out
        .fees
        .iter()
        .map(|f| {
            json!({
                "id": f.item.id.as_str(),
                "name": f.item.name.get(lang),
                "base": f.base.map(|m| m.0),
                "discount": f.discount.0,
                "amount": f.amount.map(|m| m.0),
                "currency": f.item.foreign_currency().unwrap_or("VND"),
                "discounts": f.applied,
                "rule": f.item.amount_text(),
                "unknown": f.unknown,
                "steps": f.steps.iter().map(|s| s.get(lang)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let deadline = match out.deadline.period {
        // "not stated": the source does not say; "unspecified": the law sets none.
        None if !out.deadline.stated => {
            json!({"unit": "not stated", "stated": false, "amount": null, "due": null})
        }
        None => json!({"unit": "unspecified", "stated": true, "amount": null, "due": null}),
        Some(d) => json!({
            "unit": d.unit,
            "amount": d.amount,
            "due": out.deadline.due.as_ref().map(|d| d.date.to_string()),
            "due_time": out.deadline.due.as_ref().and_then(|d| d.time).map(|t| t.strftime("%H:%M").to_string()),
            // A due date that relies on a year without a decision file is provisional.
            "provisional": out.deadline.due.as_ref().map(|d| d.is_provisional()),
            "provisional_years": out.deadline.due.as_ref().map(|d| d.provisional.clone()),
            "provisional_note": out.deadline.due.as_ref().and_then(|d| d.provisional_note()).map(|n| n.get(lang).to_string()),
        }),
    };
    let mut v = json!({
        "code": p.code.as_str(),
        "channel": out.channel.id(),
        "documents": docs,
        "fees": {
            // Never an unknown summed as 0: without every amount there is no total.
            "total": out.complete.then_some(out.total.0),
            "complete": out.complete,
            "stated": out.fees_stated,
            "known_total": out.total.0,
            "other_currencies": out.other_currencies,
            "items": items,
        },
        "deadline": deadline,
    });
    if !out.trace.is_empty() {
        v["explain"] = out
            .trace
            .iter()
            .map(|t| {
                json!({
                    "kind": t.kind,
                    "id": t.id,
                    "fired": t.fired,
                    "rule": t.site.as_ref().map(|s| s.text.clone()),
                    "line": t.site.as_ref().map(|s| p.file.line_col(s.offset as usize).0),
                    "facts": t.facts.iter().map(|(k, v)| (k.clone(), json!(v.as_ref().map(|v| v.to_string())))).collect::<serde_json::Map<_, _>>(),
                    "basis": t.site.as_ref().map(|s| s.basis.iter().map(|b| basis_label(cat, b)).collect::<Vec<_>>()),
                })
            })
            .collect();
    }
    serde_json::to_string_pretty(&v).expect("serializable") + "\n"
}

/// An amount in the language of the output: 20.000 đồng, 20,000 VND.
fn money(m: Money, lang: Lang) -> String {
    crate::wording::money(m, lang)
}

fn human_out(
    p: &Procedure,
    out: &Outcome<'_>,
    received: Option<DateTime>,
    cat: &Catalogue,
    lang: Lang,
) -> String {
    let en = lang == Lang::En;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} — {}",
        p.code.as_str(),
        p.name.get(lang),
        out.channel.label(lang)
    );
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{} ({})",
        if en {
            "Documents"
        } else {
            "Thành phần hồ sơ"
        },
        out.documents.len()
    );
    for (i, d) in out.documents.iter().enumerate() {
        let mut counts = Vec::new();
        if d.doc.originals > 0 {
            counts.push(if en {
                format!(
                    "{} original{}",
                    d.doc.originals,
                    if d.doc.originals == 1 { "" } else { "s" }
                )
            } else {
                format!("{} bản chính", d.doc.originals)
            });
        }
        if d.doc.copies > 0 {
            counts.push(if en {
                format!(
                    "{} cop{}",
                    d.doc.copies,
                    if d.doc.copies == 1 { "y" } else { "ies" }
                )
            } else {
                format!("{} bản sao", d.doc.copies)
            });
        }
        let _ = writeln!(
            s,
            "  {:>2}. {} — {}",
            i + 1,
            d.doc.name.get(lang),
            counts.join(", ")
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", if en { "Fees" } else { "Phí, lệ phí" });
    if !out.fees_stated {
        let _ = writeln!(
            s,
            "  {}",
            if en {
                "not stated (the record does not say which fees apply)"
            } else {
                "chưa có thông tin (hồ sơ gốc không nêu phí, lệ phí)"
            }
        );
    } else if out.fees.is_empty() {
        let _ = writeln!(s, "  {}", if en { "none" } else { "không thu" });
    }
    let unknowns = out.fees.iter().filter(|f| f.amount.is_none()).count();
    for f in &out.fees {
        let money = |m: Money| match f.item.foreign_currency() {
            Some(c) => crate::money::in_currency(m.0, c),
            None => money(m, lang),
        };
        let (Some(base), Some(amount)) = (f.base, f.amount) else {
            let why = f.unknown.map_or("", |u| u.label(lang));
            let _ = writeln!(s, "  {}: {why}", f.item.name.get(lang));
            continue;
        };
        // The arithmetic is shown only when a discount changed the amount.
        if f.discount.0 > 0 {
            let _ = writeln!(
                s,
                "  {}: {} − {} ({}) = {}",
                f.item.name.get(lang),
                money(base),
                money(f.discount),
                f.applied.join(", "),
                money(amount)
            );
        } else {
            let _ = writeln!(s, "  {}: {}", f.item.name.get(lang), money(amount));
        }
    }
    if out.complete {
        let _ = writeln!(
            s,
            "  {}: {}",
            if en { "Total" } else { "Tổng cộng" },
            money(out.total, lang)
        );
    } else if out.fees_stated {
        let _ = writeln!(
            s,
            "  {}",
            if en {
                format!(
                    "Total: not known ({unknowns} fee(s) without an amount; the known fees come to {})",
                    money(out.total, lang)
                )
            } else {
                format!(
                    "Tổng cộng: chưa xác định ({unknowns} khoản chưa có mức thu; các khoản đã biết: {})",
                    money(out.total, lang)
                )
            }
        );
    } else {
        let _ = writeln!(
            s,
            "  {}",
            if en {
                "Total: not known"
            } else {
                "Tổng cộng: chưa có thông tin"
            }
        );
    }
    for (c, n) in &out.other_currencies {
        let _ = writeln!(
            s,
            "  {}: {}",
            if en {
                "Also, in a foreign currency (not converted)"
            } else {
                "Ngoài ra, bằng ngoại tệ (không quy đổi)"
            },
            crate::money::in_currency(*n, c)
        );
    }
    let _ = writeln!(s);
    let deadline = match out.deadline.period {
        None if !out.deadline.stated => (if en {
            "not stated (the source does not say)"
        } else {
            "chưa có thông tin (nguồn không ghi)"
        })
        .to_string(),
        None => (if en {
            "not set by law"
        } else {
            "không quy định"
        })
        .to_string(),
        Some(d) if en => d.to_string(),
        Some(d) => format!("{} {}", d.amount, d.unit.word_vi()),
    };
    let _ = write!(
        s,
        "{}: {deadline}",
        if en {
            "Deadline"
        } else {
            "Thời hạn giải quyết"
        }
    );
    if let (Some(due), Some(r)) = (&out.deadline.due, received) {
        let time = due
            .time
            .map(|t| format!(" {}", t.strftime("%H:%M")))
            .unwrap_or_default();
        let _ = write!(
            s,
            " — {} {}{time} ({} {})",
            if en { "due" } else { "hẹn trả" },
            crate::wording::date(due.date, lang),
            if en { "received" } else { "nhận hồ sơ" },
            if en {
                r.strftime("%Y-%m-%d %H:%M").to_string()
            } else {
                r.strftime("%d/%m/%Y %H:%M").to_string()
            }
        );
        if let Some(note) = due.provisional_note() {
            let _ = write!(s, "\n  ⚠ {}", note.get(lang));
        }
    }
    let _ = writeln!(s);
    if !out.trace.is_empty() {
        let _ = writeln!(s);
        let _ = writeln!(s, "{}", if en { "Why" } else { "Giải thích" });
        for t in &out.trace {
            let mark = if t.fired { "✓" } else { "✗" };
            let _ = write!(s, "  {mark} {}", trace_subject(p, t.kind, &t.id, lang));
            if let Some(site) = &t.site {
                let (line, _) = p.file.line_col(site.offset as usize);
                let _ = write!(
                    s,
                    ": {} ({} {line})",
                    rule_words(p, cat, t.kind, &site.text, lang),
                    if en { "line" } else { "dòng" }
                );
            }
            let _ = writeln!(s);
            if !t.facts.is_empty() {
                let facts: Vec<String> = t
                    .facts
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{k} = {}",
                            v.as_ref().map_or("—".to_string(), |v| v.to_string())
                        )
                    })
                    .collect();
                let _ = writeln!(
                    s,
                    "      {}: {}",
                    if en { "facts" } else { "dữ kiện" },
                    facts.join(", ")
                );
            }
            if let Some(site) = &t.site
                && !site.basis.is_empty()
            {
                let b: Vec<String> = site.basis.iter().map(|b| basis_label(cat, b)).collect();
                let _ = writeln!(
                    s,
                    "      {}: {}",
                    if en { "legal basis" } else { "căn cứ" },
                    b.join("; ")
                );
            }
        }
        for f in out
            .fees
            .iter()
            .filter(|f| !f.steps.is_empty() || f.discount.0 > 0)
        {
            let _ = writeln!(
                s,
                "  = {} {}: {}",
                if en { "fee" } else { "phí" },
                f.item.name.get(lang),
                crate::wording::fee_amount(f.item, p, &cat.manifest, lang)
            );
            let basis: Vec<String> = f.item.basis.iter().map(|b| basis_label(cat, b)).collect();
            let basis = if basis.is_empty() {
                String::new()
            } else {
                format!(
                    " — {} {}",
                    if en { "basis:" } else { "căn cứ:" },
                    basis.join("; ")
                )
            };
            for (i, step) in f.steps.iter().enumerate() {
                let _ = writeln!(s, "      {}. {}{basis}", i + 1, step.get(lang));
            }
            if let (Some(base), Some(amount)) = (f.base, f.amount)
                && f.discount.0 > 0
            {
                let cur = f.item.foreign_currency().unwrap_or("VND");
                let m = |x: Money| crate::eval::fee::money_text(x, cur, lang);
                let bases: Vec<String> = f
                    .applied
                    .iter()
                    .filter_map(|id| p.discounts.rules.iter().find(|d| d.id.as_str() == *id))
                    .map(|d| basis_label(cat, &d.basis))
                    .collect();
                let _ = writeln!(
                    s,
                    "      {}. {} − {} ({} {}) = {} — {} {}",
                    f.steps.len() + 1,
                    m(base),
                    m(f.discount),
                    if en { "discount" } else { "giảm" },
                    f.applied.join(", "),
                    m(amount),
                    if en { "basis:" } else { "căn cứ:" },
                    bases.join("; ")
                );
            }
        }
        if let Some(due) = &out.deadline.due {
            if due.time.is_some() {
                let cal = cat.calendar();
                let agency = p.agencies.implementing.as_ref().map(|t| &*t.vi);
                let hours = cal.hours_for(p.working_hours.as_ref(), agency);
                let mut line = format!(
                    "{}: {}",
                    if en {
                        "working hours"
                    } else {
                        "giờ làm việc"
                    },
                    hours.describe()
                );
                if hours.every_day {
                    line.push_str(if en { ", every day" } else { ", mọi ngày" });
                }
                if let Some(src) = &hours.source {
                    let _ = write!(line, " ({})", src.get(lang));
                }
                let _ = writeln!(s, "  · {line}");
            }
            for step in &due.steps {
                let _ = writeln!(s, "  · {}", step.message().get(lang));
            }
        }
    }
    s
}
