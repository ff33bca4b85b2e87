//! `thutuc metrics` and `thutuc check`: simplification figures and targets.

use super::revision::{RevisionError, Side, catalogue_dir, history_for, side};
use super::{Global, Outcome};
use crate::catalogue::{self, Loaded, Source};
use crate::diag::{Lang, Severity, render};
use crate::exit;
use crate::limits::Limits;
use crate::metrics::targets::{self, Outcome as TargetOutcome};
use crate::metrics::{self, CostSettings, Report};
use crate::money::group_thousands;
use serde_json::json;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Output formats of `metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MetricsFormat {
    /// A table.
    Human,
    /// JSON (SPEC.md shape).
    Json,
    /// CSV, one row per procedure.
    Csv,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// A table.
    Human,
    /// JSON (SPEC.md shape).
    Json,
    /// Markdown for a pull-request comment.
    Markdown,
    /// A self-contained HTML report with charts.
    Html,
}

fn load_side(g: &Global, spec: Option<&str>, limits: &Limits) -> Result<Loaded, RevisionError> {
    let dir = catalogue_dir(g);
    let files = match spec {
        None => g.source().files(limits)?,
        Some(spec) => {
            let mut history = None;
            match side(spec, &mut history, dir.as_deref())? {
                Side::Dir(d) => Source::Dir(d).files(limits)?,
                Side::Commit(rev) => {
                    history_for(&mut history, dir.as_deref())?.files_at(&rev, limits)?
                }
                Side::WorkTree => g.source().files(limits)?,
            }
        }
    };
    let label = spec.unwrap_or(super::revision::WORK_TREE);
    super::revision::usable(catalogue::load(files, limits), label)
}

fn errors_note(loaded: &Loaded, label: &str, lang: Lang) -> String {
    let n = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if n == 0 {
        return String::new();
    }
    let label = super::revision::revision_name(label);
    let label = label.get(lang);
    let text = crate::messages::t(
        lang,
        &format!(
            "danh mục tại {label} có {n} lỗi (hãy chạy `thutuc validate`); số liệu chỉ gồm các thủ tục đọc được"
        ),
        &format!(
            "the catalogue at {label} has {n} error(s) (run `thutuc validate`); figures cover the procedures that could be read"
        ),
    )
    .to_string();
    format!("{}: {text}\n", crate::messages::warning(lang))
}

/// An amount that does not fit in whole đồng is an error naming the procedure and the fee
/// rule, never a wrapped or saturated figure.
fn overflow_error(r: &Report, lang: Lang) -> Option<String> {
    use crate::messages::error_block;
    for m in &r.procedures {
        if let Some(metrics::Unmeasured::Overflow(rule)) = &m.fees_unmeasured {
            let code = &m.code;
            let (msg, help) = (
                crate::tr!(
                    "the fees of {code} cannot be computed: {rule} does not fit in whole đồng (overflow)",
                    "không tính được phí của thủ tục {code}: {rule} vượt quá giới hạn số tiền (tràn số)"
                ),
                crate::tr!("check the amounts of the fee rule", "kiểm tra lại mức thu"),
            );
            return Some(error_block(lang, msg.get(lang), Some(help.get(lang))));
        }
    }
    r.totals.overflow.then(|| {
        let msg = crate::tr!(
            "the catalogue's fee or cost total does not fit in whole đồng (overflow)",
            "tổng phí hoặc chi phí của danh mục vượt quá giới hạn số tiền (tràn số)"
        );
        error_block(lang, msg.get(lang), None)
    })
}

/// Runs `metrics`.
pub fn run_metrics(
    g: &Global,
    rev: Option<&str>,
    format: MetricsFormat,
) -> Result<Outcome, RevisionError> {
    super::revision::finish(g, metrics(g, rev, format))
}

fn metrics(g: &Global, rev: Option<&str>, format: MetricsFormat) -> Result<Outcome, RevisionError> {
    let limits = g.limits();
    let loaded = load_side(g, rev, &limits)?;
    let cat = &loaded.catalogue;
    let lang = g.lang.unwrap_or(cat.manifest.language);
    let report = metrics::report(&cat.procedures, &CostSettings::of(&cat.manifest));
    if let Some(e) = overflow_error(&report, lang) {
        return Ok(Outcome {
            stdout: String::new(),
            stderr: e,
            code: exit::ERROR,
        });
    }
    let stdout = match format {
        MetricsFormat::Json => serde_json::to_string_pretty(&report).expect("serializable") + "\n",
        MetricsFormat::Csv => csv(&report),
        MetricsFormat::Human => {
            crate::sanitize::terminal(&human_metrics(&report, lang)).into_owned()
        }
    };
    Ok(Outcome {
        stdout,
        stderr: errors_note(&loaded, rev.unwrap_or(super::revision::WORK_TREE), lang),
        code: exit::OK,
    })
}

/// A text column: catalogue data must not become a spreadsheet formula; the numeric columns
/// are written as numbers.
fn csv_field(s: &str) -> String {
    crate::sanitize::csv_field(s, false)
}

fn csv(r: &Report) -> String {
    let mut s = String::from(
        "code,name,field,levels,agency,declared_fields,reusable_fields,documents,deadline_working_days,fees_total,applications_per_year,cost_per_application,compliance_cost,fees_unmeasured\n",
    );
    for m in &r.procedures {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            csv_field(&m.code),
            csv_field(&m.name),
            csv_field(&m.field),
            csv_field(&m.levels.join(" ")),
            csv_field(&m.agency),
            m.declared_fields,
            m.reusable_fields,
            m.documents,
            m.deadline_working_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            // An unknown figure is an empty cell, never 0.
            m.fees_total.map(|f| f.0.to_string()).unwrap_or_default(),
            m.applications_per_year,
            if m.fees_total.is_some() {
                m.cost_per_application.0.to_string()
            } else {
                String::new()
            },
            m.compliance_cost
                .map(|c| c.0.to_string())
                .unwrap_or_default(),
            csv_field(
                &m.fees_unmeasured
                    .as_ref()
                    .map(|u| u.describe().en)
                    .unwrap_or_default()
            )
        );
    }
    s
}

fn vnd(n: i128) -> String {
    group_thousands(n.clamp(i64::MIN as i128, i64::MAX as i128) as i64, ',')
}

fn human_metrics(r: &Report, lang: Lang) -> String {
    let en = lang == Lang::En;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<10} {:>7} {:>7} {:>6} {:>10} {:>20}  {}",
        if en { "code" } else { "mã" },
        if en { "fields" } else { "trường" },
        if en { "reuse" } else { "tái sd" },
        if en { "docs" } else { "giấy tờ" },
        if en { "deadline" } else { "thời hạn" },
        if en {
            "cost/year (VND)"
        } else {
            "chi phí/năm (đồng)"
        },
        if en { "name" } else { "tên" }
    );
    for m in &r.procedures {
        let name: String = m.name.chars().take(50).collect();
        let _ = writeln!(
            s,
            "{:<10} {:>7} {:>7} {:>6} {:>10} {:>20}  {name}",
            m.code,
            m.declared_fields,
            m.reusable_fields,
            m.documents,
            m.deadline_working_days
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into()),
            m.compliance_cost
                .map_or_else(|| "—".to_string(), |c| vnd(c.0 as i128)),
        );
    }
    let t = &r.totals;
    let _ = writeln!(
        s,
        "\n{}: {} {}, {} {}, {} {}, {} {}",
        if en { "Catalogue" } else { "Toàn danh mục" },
        t.procedures,
        if en { "procedures" } else { "thủ tục" },
        t.declared_fields,
        if en {
            "declared fields"
        } else {
            "trường phải khai"
        },
        t.documents,
        if en { "documents" } else { "giấy tờ" },
        vnd(t.compliance_cost.0 as i128),
        if en {
            "VND compliance cost a year"
        } else {
            "đồng chi phí tuân thủ mỗi năm"
        }
    );
    if t.fees_unmeasured > 0 {
        let n = t.fees_unmeasured;
        let _ = writeln!(
            s,
            "{}",
            if en {
                format!(
                    "{n} procedure(s) with fees that cannot be measured (not stated, set by the province, or without a typical quantity) are left out of the fee and cost totals (shown as —)"
                )
            } else {
                format!(
                    "{n} thủ tục có phí chưa đo được (chưa có thông tin, do tỉnh quy định, hoặc thiếu số lượng điển hình) không được tính vào tổng phí và chi phí (hiển thị —)"
                )
            }
        );
    }
    let _ = writeln!(s, "\n{}", if en { "By field" } else { "Theo lĩnh vực" });
    for (f, t) in &r.by_field {
        let _ = writeln!(
            s,
            "  {f:<28} {:>4} {:>6} {:>6} {:>22}",
            t.procedures,
            t.declared_fields,
            t.documents,
            vnd(t.compliance_cost.0 as i128)
        );
    }
    s
}

/// Loads the baseline. Against a git revision of the same repository only the procedure
/// files that differ from the working tree are read: the others are the current ones.
fn load_baseline(
    g: &Global,
    spec: &str,
    current: &crate::catalogue::Catalogue,
    limits: &Limits,
) -> Result<Loaded, RevisionError> {
    let dir = catalogue_dir(g);
    let mut history = None;
    let Side::Commit(rev) = side(spec, &mut history, dir.as_deref())? else {
        return load_side(g, Some(spec), limits);
    };
    let (Some(h), Some(dir)) = (history.as_ref(), dir.as_deref()) else {
        return load_side(g, Some(spec), limits);
    };
    let changed = h.changed(&rev, None)?;
    let changed_now: std::collections::HashSet<&str> =
        changed.iter().filter_map(|c| c.new.as_deref()).collect();
    let mut rels: Vec<String> = vec!["catalogue.yaml".into()];
    rels.extend(
        changed
            .iter()
            .filter_map(|c| c.old.clone())
            .filter(|r| r.starts_with("procedures/")),
    );
    let mut loaded = crate::catalogue::load_part(h.some_files_at(&rev, &rels, limits)?, limits);
    // The files not read are the current ones, but the revision must still hold no entry
    // that cannot be read and no code twice.
    let read = rels.iter().cloned().collect();
    let one = |rel: &str| Some(h.file_at(&rev, rel, limits));
    super::revision::check_rest(
        &mut loaded,
        super::revision::side_listing(h, Some(&rev))?,
        &read,
        &one,
        limits,
    );
    let mut loaded = super::revision::usable(loaded, &rev.label)?;
    let same = current.procedures.iter().filter(|p| {
        let rel = p
            .file
            .path
            .strip_prefix(dir)
            .map(|r| r.to_string_lossy().replace('\\', "/"));
        rel.is_ok_and(|r| !changed_now.contains(r.as_str()))
    });
    loaded.catalogue.procedures.extend(same.cloned());
    loaded
        .catalogue
        .procedures
        .sort_by(|a, b| a.code.value.cmp(&b.code.value));
    Ok(loaded)
}

/// Options of `check`.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Baseline revision (default: the manifest's `baseline`).
    pub baseline: Option<String>,
    /// Targets file (default: `targets.yaml` in the catalogue).
    pub targets: Option<PathBuf>,
    /// Output format.
    pub format: CheckFormat,
}

/// Runs `check`.
pub fn run_check(g: &Global, o: &CheckOptions) -> Result<Outcome, RevisionError> {
    super::revision::finish(g, check(g, o))
}

fn check(g: &Global, o: &CheckOptions) -> Result<Outcome, RevisionError> {
    let limits = g.limits();
    let current = load_side(g, None, &limits)?;
    let cat = &current.catalogue;
    let lang = g.lang.unwrap_or(cat.manifest.language);
    let Some(baseline_spec) = o.baseline.clone().or_else(|| cat.manifest.baseline.clone()) else {
        return Err(RevisionError::Said(
            crate::tr!(
                "no baseline: there is no revision to measure the targets against",
                "chưa có mốc so sánh: không có phiên bản nào để đo các chỉ tiêu"
            ),
            Some(crate::tr!(
                "pass --baseline REV or set `baseline:` in catalogue.yaml",
                "dùng --baseline REV hoặc ghi `baseline:` trong catalogue.yaml"
            )),
        ));
    };
    // Targets: a file given on the command line, or the catalogue's own targets.yaml.
    let target_file = match &o.targets {
        Some(p) => catalogue::InputFile {
            rel: "targets.yaml".into(),
            display: p.clone(),
            bytes: catalogue::read_limited(p, limits.max_file_bytes),
        },
        None => {
            let files = g.source().files(&limits)?;
            match files.into_iter().find(|f| f.rel == "targets.yaml") {
                Some(f) => f,
                None => {
                    return Err(RevisionError::Said(
                        crate::tr!(
                            "the catalogue has no targets.yaml",
                            "danh mục không có tệp targets.yaml"
                        ),
                        Some(crate::tr!(
                            "write the targets in targets.yaml, or pass --targets FILE",
                            "hãy ghi các chỉ tiêu vào targets.yaml, hoặc dùng --targets FILE"
                        )),
                    ));
                }
            }
        }
    };
    let fields: Vec<&str> = cat.manifest.fields.iter().map(|f| f.id.as_str()).collect();
    let levels: Vec<&str> = cat.manifest.levels.iter().map(|f| f.id.as_str()).collect();
    let (targets, diags) = match catalogue::parse_file(&target_file, &limits) {
        Err(d) => (Vec::new(), vec![*d]),
        Ok((src, doc)) => {
            let mut cx = crate::catalogue::decode::Cx::new(&doc, &src, &limits);
            let t = targets::read(&mut cx, doc.root().expect("non-empty"), &fields, &levels);
            (t, cx.diags)
        }
    };
    if !diags.is_empty() {
        let summary = render::Summary::of(0, &diags);
        return Ok(Outcome::out(
            render::human(&diags, summary, lang, g.color),
            exit::FINDINGS,
        ));
    }
    let base = load_baseline(g, &baseline_spec, cat, &limits)?;
    let cost = CostSettings::of(&cat.manifest);
    let rb = metrics::report(&base.catalogue.procedures, &cost);
    let rc = metrics::report(&cat.procedures, &cost);
    let outcomes = targets::check(&targets, &rb, &rc);
    let met = outcomes.iter().all(|t| t.met);
    let stdout = match o.format {
        CheckFormat::Json => json_check(&outcomes, met),
        CheckFormat::Human => {
            crate::sanitize::terminal(&human_check(&outcomes, &baseline_spec, lang)).into_owned()
        }
        CheckFormat::Markdown => {
            crate::sanitize::document(&markdown_check(&outcomes, &baseline_spec, lang)).into_owned()
        }
        CheckFormat::Html => crate::sanitize::document(&crate::metrics::html::report(
            &outcomes,
            &rb,
            &rc,
            &baseline_spec,
            lang,
        ))
        .into_owned(),
    };
    let mut stderr = errors_note(&base, &baseline_spec, lang);
    stderr.push_str(&errors_note(&current, super::revision::WORK_TREE, lang));
    Ok(Outcome {
        stdout,
        stderr,
        code: if met { exit::OK } else { exit::FINDINGS },
    })
}

fn pct(p: Option<f64>) -> String {
    match p {
        Some(p) => format!("{p:+.2}%"),
        None => "n/a".into(),
    }
}

fn json_check(outcomes: &[TargetOutcome], met: bool) -> String {
    let v = json!({
        "targets": outcomes.iter().map(|t| json!({
            "id": t.id,
            "title": t.title,
            "metric": t.metric,
            "scope": t.scope,
            "baseline": t.baseline,
            "current": t.current,
            "change_pct": t.change_pct,
            "required_pct": t.required_pct,
            "met": t.met,
            "note": t.note,
            "basis": t.basis,
            "helped": t.helped,
            "hurt": t.hurt,
            "unmeasured": t.unmeasured,
        })).collect::<Vec<_>>(),
        "met": met,
    });
    serde_json::to_string_pretty(&v).expect("serializable") + "\n"
}

fn human_check(outcomes: &[TargetOutcome], baseline: &str, lang: Lang) -> String {
    let en = lang == Lang::En;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {baseline}\n",
        if en {
            "Targets against"
        } else {
            "Chỉ tiêu so với"
        }
    );
    for t in outcomes {
        let mark = if t.met {
            if en { "MET   " } else { "ĐẠT   " }
        } else if en {
            "MISSED"
        } else {
            "CHƯA ĐẠT"
        };
        let _ = writeln!(
            s,
            "{mark} {} — {} ({}): {} → {} ({}; {} {:+.2}%)",
            t.id,
            t.metric,
            t.scope,
            vnd(t.baseline),
            vnd(t.current),
            pct(t.change_pct),
            if en { "required" } else { "yêu cầu" },
            t.required_pct
        );
        if let Some(n) = &t.note {
            let _ = writeln!(s, "       {n}");
        }
        if let Some(n) = unmeasured_note(t, lang) {
            let _ = writeln!(s, "       {n}");
        }
        for c in t.helped.iter().take(3) {
            let _ = writeln!(s, "       ↓ {} {} ({})", c.code, c.name, vnd(c.delta));
        }
        for c in t.hurt.iter().take(3) {
            let _ = writeln!(s, "       ↑ {} {} (+{})", c.code, c.name, vnd(c.delta));
        }
    }
    let missed = outcomes.iter().filter(|t| !t.met).count();
    let _ = writeln!(
        s,
        "\n{}",
        if en {
            format!(
                "{} of {} targets met",
                outcomes.len() - missed,
                outcomes.len()
            )
        } else {
            format!(
                "Đạt {}/{} chỉ tiêu",
                outcomes.len() - missed,
                outcomes.len()
            )
        }
    );
    s
}

fn markdown_check(outcomes: &[TargetOutcome], baseline: &str, lang: Lang) -> String {
    let en = lang == Lang::En;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "### {} `{baseline}`\n",
        if en {
            "Simplification targets against"
        } else {
            "Chỉ tiêu đơn giản hóa so với"
        }
    );
    let _ = writeln!(
        s,
        "| | {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|---|",
        if en { "Target" } else { "Chỉ tiêu" },
        if en { "Scope" } else { "Phạm vi" },
        if en { "Baseline" } else { "Gốc" },
        if en { "Current" } else { "Hiện tại" },
        if en { "Change" } else { "Thay đổi" },
        if en { "Required" } else { "Yêu cầu" }
    );
    for t in outcomes {
        let _ = writeln!(
            s,
            "| {} | `{}` {} | {} | {} | {} | {} | {:+.2}% |",
            if t.met { "✅" } else { "❌" },
            t.id,
            t.metric,
            t.scope,
            vnd(t.baseline),
            vnd(t.current),
            pct(t.change_pct),
            t.required_pct
        );
    }
    for t in outcomes {
        if let Some(n) = unmeasured_note(t, lang) {
            let _ = writeln!(s, "\n`{}`: {n}", t.id);
        }
    }
    s
}

/// How many procedures a fee or cost target could not measure, in words.
fn unmeasured_note(t: &TargetOutcome, lang: Lang) -> Option<String> {
    let n = t.unmeasured;
    (n > 0).then(|| match lang {
        Lang::En => format!(
            "{n} procedure(s) could not be measured (fees not stated, set by the province, or without typical quantities) and are left out of both values"
        ),
        Lang::Vi => format!(
            "{n} thủ tục không đo được (phí chưa có thông tin, do tỉnh quy định, hoặc thiếu số lượng điển hình) và không được tính ở cả hai giá trị"
        ),
    })
}
