//! `thutuc metrics` and `thutuc check`: simplification figures and targets.

use super::revision::{RevisionError, Side, catalogue_dir, history_for, side};
use super::{Global, Outcome};
use crate::catalogue::{self, Loaded, Source};
use crate::diag::{Lang, Severity, render};
use crate::exit;
use crate::limits::Limits;
use crate::metrics::targets::{self, Outcome as TargetOutcome};
use crate::metrics::{self, CostSettings, Report};
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
        MetricsFormat::Human => crate::sanitize::terminal(&human_metrics(
            &report,
            &Names::of(cat, lang),
            super::table::terminal_width(),
        ))
        .into_owned(),
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
            m.applications_per_year
                .map(|n| n.to_string())
                .unwrap_or_default(),
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
                    .or(m.cost_unmeasured.as_ref())
                    .map(|u| u.describe().en)
                    .unwrap_or_default()
            )
        );
    }
    s
}

/// A whole number as the language writes it: 10.000 in Vietnamese, 10,000 in English.
fn num(n: impl Into<i128>, lang: Lang) -> String {
    crate::metrics::html::num(n.into(), lang == Lang::En)
}

/// Names the human output shows for the ids a report is keyed by.
struct Names<'a> {
    manifest: &'a crate::model::Manifest,
    /// Procedure names by code.
    procedures: std::collections::HashMap<&'a str, &'a crate::model::Text>,
    /// Agency names by their Vietnamese name, with their English one when translated.
    agencies: std::collections::HashMap<&'a str, &'a crate::model::Text>,
    lang: Lang,
}

impl<'a> Names<'a> {
    fn of(cat: &'a crate::catalogue::Catalogue, lang: Lang) -> Names<'a> {
        Names {
            manifest: &cat.manifest,
            procedures: cat
                .procedures
                .iter()
                .map(|p| (p.code.value.as_str(), &p.name))
                .collect(),
            agencies: cat
                .procedures
                .iter()
                .filter_map(metrics::agency)
                .map(|a| (&*a.vi, a))
                .collect(),
            lang,
        }
    }

    fn named(&self, list: &[crate::model::Named], id: &str) -> String {
        crate::model::Named::name_in(list, id, self.lang).to_string()
    }

    fn procedure(&self, m: &metrics::Metrics) -> String {
        self.procedures
            .get(m.code.as_str())
            .map_or_else(|| m.name.clone(), |n| n.get(self.lang).to_string())
    }

    fn agency(&self, vi: &str) -> String {
        match self.agencies.get(vi) {
            _ if vi.trim().is_empty() => t(self.lang, "(no agency named)", "(chưa ghi cơ quan)"),
            Some(a) => a.get(self.lang).to_string(),
            None => vi.to_string(),
        }
    }
}

fn t(lang: Lang, en: &str, vi: &str) -> String {
    (if lang == Lang::En { en } else { vi }).to_string()
}

/// Headings and units of the figure columns, in `lang`.
fn heading(lang: Lang, en: (&str, &str), vi: (&str, &str)) -> (String, String) {
    let (h, u) = if lang == Lang::En { en } else { vi };
    (h.to_string(), u.to_string())
}

/// Groups in the manifest's order (fields, levels), then any id it does not declare, by name.
fn ordered<'r>(
    names: &Names<'_>,
    list: &[crate::model::Named],
    map: &'r std::collections::BTreeMap<String, metrics::Totals>,
) -> Vec<(String, &'r metrics::Totals)> {
    let declared = list.iter().filter_map(|n| map.get_key_value(n.id.as_str()));
    let others = map
        .iter()
        .filter(|(k, _)| !list.iter().any(|n| n.id.value == **k));
    declared
        .chain(others)
        .map(|(id, g)| (names.named(list, id), g))
        .collect()
}

fn human_metrics(r: &Report, names: &Names<'_>, width: usize) -> String {
    use super::table::{Row, Table};
    let lang = names.lang;
    let unknown = || t(lang, "unknown", "chưa rõ");
    let mut s = String::new();
    let procedures = Table {
        key_head: t(lang, "Code", "Mã"),
        name_head: t(lang, "Procedure", "Tên thủ tục"),
        columns: vec![
            heading(lang, ("To fill in", "fields"), ("Phải khai", "trường")),
            heading(lang, ("Reused", "fields"), ("Tái sử dụng", "trường")),
            heading(lang, ("Documents", "copies"), ("Giấy tờ", "bản")),
            heading(
                lang,
                ("Deadline", "working days"),
                ("Thời hạn", "ngày làm việc"),
            ),
            heading(
                lang,
                ("Compliance cost", "VND a year"),
                ("Chi phí tuân thủ", "đồng/năm"),
            ),
        ],
        rows: r
            .procedures
            .iter()
            .map(|m| Row {
                key: m.code.clone(),
                cells: vec![
                    num(m.declared_fields, lang),
                    num(m.reusable_fields, lang),
                    num(m.documents, lang),
                    m.deadline_working_days
                        .map_or_else(|| t(lang, "not stated", "chưa rõ"), |d| num(d, lang)),
                    m.compliance_cost.map_or_else(unknown, |c| num(c.0, lang)),
                ],
                name: names.procedure(m),
            })
            .collect(),
    };
    s.push_str(&procedures.render(width));
    let tot = &r.totals;
    let para = |s: &mut String, text: String| {
        for l in super::table::wrap(&text, width) {
            let _ = writeln!(s, "{l}");
        }
    };
    s.push('\n');
    para(
        &mut s,
        if lang == Lang::En {
            format!(
                "Catalogue: {} procedures; {} fields to fill in, {} reused; {} document copies; compliance cost {} VND a year",
                num(tot.procedures, lang),
                num(tot.declared_fields, lang),
                num(tot.reusable_fields, lang),
                num(tot.documents, lang),
                num(tot.compliance_cost.0, lang),
            )
        } else {
            format!(
                "Toàn danh mục: {} thủ tục; {} trường phải khai, {} trường tái sử dụng; {} bản giấy tờ; chi phí tuân thủ {} đồng/năm",
                num(tot.procedures, lang),
                num(tot.declared_fields, lang),
                num(tot.reusable_fields, lang),
                num(tot.documents, lang),
                num(tot.compliance_cost.0, lang),
            )
        },
    );
    if tot.cost_unmeasured > 0 {
        let n = num(tot.cost_unmeasured, lang);
        para(
            &mut s,
            if lang == Lang::En {
                format!(
                    "{n} procedure(s) whose fees or yearly volume cannot be measured (not stated, set by the province, or without a typical quantity) are counted apart: left out of the cost total (cost shown as unknown)"
                )
            } else {
                format!(
                    "{n} thủ tục có phí hoặc số hồ sơ mỗi năm chưa đo được (chưa có thông tin, do tỉnh quy định, hoặc thiếu số lượng điển hình) được tính riêng: không cộng vào tổng chi phí (chi phí ghi chưa rõ)"
                )
            },
        );
    }
    let group = |head: String, rows: Vec<(String, &metrics::Totals)>| {
        let table = Table {
            key_head: String::new(),
            name_head: head,
            columns: vec![
                heading(lang, ("Procedures", ""), ("Thủ tục", "")),
                heading(lang, ("To fill in", "fields"), ("Phải khai", "trường")),
                heading(lang, ("Reused", "fields"), ("Tái sử dụng", "trường")),
                heading(lang, ("Documents", "copies"), ("Giấy tờ", "bản")),
                heading(
                    lang,
                    ("Compliance cost", "VND a year"),
                    ("Chi phí tuân thủ", "đồng/năm"),
                ),
                heading(
                    lang,
                    ("Cost unknown", "procedures"),
                    ("Chưa rõ chi phí", "thủ tục"),
                ),
            ],
            rows: rows
                .into_iter()
                .map(|(name, g)| Row {
                    key: String::new(),
                    cells: vec![
                        num(g.procedures, lang),
                        num(g.declared_fields, lang),
                        num(g.reusable_fields, lang),
                        num(g.documents, lang),
                        // Nothing measured is not a cost of 0.
                        if g.cost_unmeasured == g.procedures && g.procedures > 0 {
                            unknown()
                        } else {
                            num(g.compliance_cost.0, lang)
                        },
                        num(g.cost_unmeasured, lang),
                    ],
                    name,
                })
                .collect(),
        };
        format!("\n{}", table.render(width))
    };
    let m = names.manifest;
    s.push_str(&group(
        t(lang, "By field", "Theo lĩnh vực"),
        ordered(names, &m.fields, &r.by_field),
    ));
    s.push_str(&group(
        t(lang, "By level", "Theo cấp thực hiện"),
        ordered(names, &m.levels, &r.by_level),
    ));
    // How procedures are delivered, as the provincial reports count them: "n (x%)" (whole
    // percents to fit 80 columns; the JSON has one decimal). The count of procedures is in
    // the table above.
    let share = |d: &metrics::Delivery, n: u64| match d.share_tenths(n) {
        Some(p) => format!("{} ({}%)", num(n, lang), (p + 5) / 10),
        None => num(n, lang),
    };
    let delivery = |head: String, rows: Vec<(String, &metrics::Totals)>| {
        let table = Table {
            key_head: String::new(),
            name_head: head,
            columns: vec![
                heading(lang, ("Online", "full"), ("Toàn trình", "")),
                heading(lang, ("Online", "partly"), ("Một phần", "")),
                heading(lang, ("Not", "online"), ("Chưa", "trực tuyến")),
                heading(lang, ("Postal", ""), ("Bưu chính", "")),
                heading(lang, ("Any", "boundary"), ("Phi", "địa giới")),
                heading(lang, ("Internal", ""), ("Nội bộ", "")),
            ],
            rows: rows
                .into_iter()
                .map(|(name, g)| {
                    let d = &g.delivery;
                    Row {
                        key: String::new(),
                        cells: vec![
                            share(d, d.online_full),
                            share(d, d.online_partial),
                            share(d, d.not_online),
                            share(d, d.postal),
                            share(d, d.boundary_free),
                            share(d, d.internal),
                        ],
                        name,
                    }
                })
                .collect(),
        };
        format!("\n{}", table.render(width))
    };
    s.push_str(&delivery(
        t(
            lang,
            "Delivery by field",
            "Cách thức thực hiện theo lĩnh vực",
        ),
        ordered(names, &m.fields, &r.by_field),
    ));
    s.push_str(&delivery(
        t(lang, "Delivery by level", "Cách thức thực hiện theo cấp"),
        ordered(names, &m.levels, &r.by_level),
    ));
    // Agencies in the order of the alphabet, letters before their accents (Đ with D), not of
    // the bytes (which put every accented capital after Z).
    let mut agencies: Vec<(String, &metrics::Totals)> = r
        .by_agency
        .iter()
        .map(|(a, g)| (names.agency(a), g))
        .collect();
    agencies.sort_by_cached_key(|(n, _)| (crate::vietnamese::fold(n), n.clone()));
    s.push_str(&group(
        t(lang, "By agency", "Theo cơ quan thực hiện"),
        agencies,
    ));
    s
}

/// Loads the baseline. Against a git revision of the same repository only the procedure
/// files that differ from the working tree are read: the others are the current ones.
fn load_baseline(
    g: &Global,
    spec: &str,
    current: &crate::catalogue::Catalogue,
    limits: &Limits,
    lang: crate::diag::Lang,
) -> Result<(Loaded, String), RevisionError> {
    let dir = catalogue_dir(g);
    let mut history = None;
    let Side::Commit(rev) = side(spec, &mut history, dir.as_deref())? else {
        return Ok((load_side(g, Some(spec), limits)?, spec.to_string()));
    };
    let (Some(h), Some(dir)) = (history.as_ref(), dir.as_deref()) else {
        return Ok((load_side(g, Some(spec), limits)?, spec.to_string()));
    };
    let shown = super::revision::commit_name(h, &rev, lang);
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
    super::revision::check_rest_at(&mut loaded, h, Some(&rev), &read, limits)?;
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
    Ok((loaded, shown))
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
            let mut cx = crate::shape::Cx::new(&doc, &src, &limits);
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
    // The baseline as people name it: a commit by its short id and date, never 40 digits.
    let (base, baseline_spec) = load_baseline(g, &baseline_spec, cat, &limits, lang)?;
    let cost = CostSettings::of(&cat.manifest);
    let rb = metrics::report(&base.catalogue.procedures, &cost);
    let rc = metrics::report(&cat.procedures, &cost);
    let outcomes = targets::check(&targets, &rb, &rc);
    let measured = overdue_localisation(g, cat);
    let late: Vec<crate::report::drift::Drift> = measured
        .iter()
        .filter_map(|r| r.as_ref().ok().cloned())
        .collect();
    let met = outcomes.iter().all(|t| t.met) && late.iter().all(|d| d.overdue() == 0);
    let mut stdout = match o.format {
        CheckFormat::Json => json_check(&outcomes, met, &late),
        CheckFormat::Human => crate::sanitize::terminal(&human_check(
            &outcomes,
            &baseline_spec,
            &cat.manifest,
            lang,
            super::table::terminal_width(),
        ))
        .into_owned(),
        CheckFormat::Markdown => crate::sanitize::document(&markdown_check(
            &outcomes,
            &baseline_spec,
            &cat.manifest,
            lang,
        ))
        .into_owned(),
        CheckFormat::Html => crate::sanitize::document(&crate::metrics::html::report(
            &outcomes,
            &rb,
            &rc,
            &baseline_spec,
            &cat.manifest,
            lang,
        ))
        .into_owned(),
    };
    if o.format == CheckFormat::Human {
        for d in late.iter().filter(|d| d.overdue() > 0) {
            stdout.push('\n');
            stdout.push_str(&crate::sanitize::terminal(&super::drift::human(d, lang)));
        }
    }
    let mut stderr = errors_note(&base, &baseline_spec, lang);
    for (id, e) in measured.iter().filter_map(|r| r.as_ref().err()) {
        let (msg, _) = crate::messages::Localized::tr(e);
        stderr.push_str(&format!(
            "{}: {}\n",
            crate::messages::warning(lang),
            match lang {
                Lang::Vi => format!(
                    "không tính được phần địa phương hóa còn thiếu của `{id}`: {}",
                    msg.vi
                ),
                Lang::En => format!("the localisation `{id}` owes cannot be listed: {}", msg.en),
            }
        ));
    }
    stderr.push_str(&errors_note(&current, super::revision::WORK_TREE, lang));
    Ok(Outcome {
        stdout,
        stderr,
        code: if met { exit::OK } else { exit::FINDINGS },
    })
}

/// The localisation each province owes today, for `check` to fail on what is overdue. A
/// catalogue outside a git repository has no history to measure it by: nothing is listed.
type Localisation = Result<crate::report::drift::Drift, (String, RevisionError)>;

fn overdue_localisation(g: &Global, cat: &crate::catalogue::Catalogue) -> Vec<Localisation> {
    if cat.provinces.is_empty() {
        return Vec::new();
    }
    let Ok(h) = super::report::history(g) else {
        return Vec::new();
    };
    let today = super::drift::today();
    let mut out = Vec::new();
    for p in &cat.provinces {
        let dir = super::revision::catalogue_dir(g);
        match super::drift::listing(
            &h,
            dir.as_deref(),
            &g.limits(),
            p.id.as_str(),
            today,
            Some(cat),
        ) {
            Ok(d) => out.push(Ok(d)),
            // Not measurable is said, never taken as "nothing overdue".
            Err(e) => out.push(Err((p.id.value.to_string(), e))),
        }
    }
    out
}

fn json_check(
    outcomes: &[TargetOutcome],
    met: bool,
    late: &[crate::report::drift::Drift],
) -> String {
    let v = json!({
        "targets": outcomes.iter().map(|t| json!({
            "id": t.id,
            "title": t.title.as_ref().map(|x| &x.vi),
            "metric": t.metric,
            "scope": t.scope,
            "baseline": t.baseline,
            "current": t.current,
            "change_pct": t.change_pct,
            "required_pct": t.required_pct,
            "met": t.met,
            "note": t.note.as_ref().map(|n| &n.en),
            "basis": t.basis,
            "helped": t.helped,
            "hurt": t.hurt,
            "unmeasured": t.unmeasured,
        })).collect::<Vec<_>>(),
        "localisation": late.iter().map(|d| json!({
            "province": d.province.0,
            "pending": d.pending.len(),
            "overdue": d.overdue(),
        })).collect::<Vec<_>>(),
        "met": met,
    });
    serde_json::to_string_pretty(&v).expect("serializable") + "\n"
}

fn human_check(
    outcomes: &[TargetOutcome],
    baseline: &str,
    manifest: &crate::model::Manifest,
    lang: Lang,
    width: usize,
) -> String {
    use crate::metrics::words;
    let en = lang == Lang::En;
    let mut s = String::new();
    const INDENT: usize = 10;
    // A line wrapped at a word, its continuation lines under its text.
    // A line wrapped at a word; its continuation lines `hang` columns further in.
    let put_at = |s: &mut String, first: &str, text: &str, hang: usize| {
        let w = width.saturating_sub(INDENT + hang).max(30);
        let lines = super::table::wrap(text, w);
        for (i, l) in lines.iter().enumerate() {
            let lead = if i == 0 { first } else { "" };
            let more = if i == 0 { 0 } else { hang };
            let _ = writeln!(s, "{lead:<INDENT$}{:more$}{l}", "");
        }
    };
    let put = |s: &mut String, first: &str, text: &str| put_at(s, first, text, 0);
    for l in super::table::wrap(
        &if en {
            format!("Simplification targets against {baseline}")
        } else {
            format!("Chỉ tiêu đơn giản hóa so với mốc {baseline}")
        },
        width,
    ) {
        let _ = writeln!(s, "{l}");
    }
    s.push('\n');
    for t in outcomes {
        let mark = match (t.met, en) {
            (true, true) => "MET",
            (true, false) => "ĐẠT",
            (false, true) => "MISSED",
            (false, false) => "CHƯA ĐẠT",
        };
        put(&mut s, mark, &words::title(t, lang));
        let unit = crate::metrics::html::unit(t.metric, en);
        let change = match (t.change_pct, t.scope == "each") {
            (Some(p), true) if en => {
                format!("largest change of one procedure {}", words::pct(p, lang))
            }
            (Some(p), true) => format!("thay đổi lớn nhất của một thủ tục {}", words::pct(p, lang)),
            (Some(p), false) => words::pct(p, lang),
            (None, _) => (if en {
                "no percentage"
            } else {
                "không tính được tỉ lệ"
            })
            .into(),
        };
        let scope = words::scope(&t.scope, manifest, lang);
        let mut scope = scope.chars();
        let scope: String = scope
            .next()
            .map(|c| c.to_uppercase().chain(scope).collect())
            .unwrap_or_default();
        put(
            &mut s,
            "",
            &format!(
                "{scope}: {} → {} {unit} ({change}; {} {})",
                num(t.baseline, lang),
                num(t.current, lang),
                if en { "required" } else { "yêu cầu" },
                words::pct(t.required_pct, lang)
            ),
        );
        if let Some(b) = &t.basis {
            put(
                &mut s,
                "",
                &format!("{}: {b}", if en { "Basis" } else { "Căn cứ" }),
            );
        }
        if let Some(n) = &t.note {
            put(&mut s, "", n.get(lang));
        }
        if let Some(n) = unmeasured_note(t, lang) {
            put(&mut s, "", &n);
        }
        for c in t.helped.iter().take(3).chain(t.hurt.iter().take(3)) {
            let sign = if c.delta > 0 { "+" } else { "" };
            let new = match (c.baseline, c.current, en) {
                (None, _, true) => " (new procedure)",
                (None, _, false) => " (thủ tục mới)",
                (_, None, true) => " (abolished)",
                (_, None, false) => " (đã bãi bỏ)",
                _ => "",
            };
            put_at(
                &mut s,
                "",
                &format!(
                    "{} {} {}: {sign}{} {unit}{new}",
                    if c.delta < 0 { "↓" } else { "↑" },
                    c.code,
                    c.name,
                    num(c.delta, lang)
                ),
                2,
            );
        }
    }
    let missed = outcomes.iter().filter(|t| !t.met).count();
    let met = num(outcomes.len() as i128 - missed as i128, lang);
    let all = num(outcomes.len() as i128, lang);
    let _ = writeln!(
        s,
        "\n{}",
        if en {
            format!("{met} of {all} targets met")
        } else {
            format!("Đạt {met}/{all} chỉ tiêu")
        }
    );
    s
}

fn markdown_check(
    outcomes: &[TargetOutcome],
    baseline: &str,
    manifest: &crate::model::Manifest,
    lang: Lang,
) -> String {
    use crate::metrics::words;
    let en = lang == Lang::En;
    // Table cells: a `|` in a title or a name must not split the row.
    let cell = |x: &str| x.replace('|', "\\|");
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
        "| | {} | {} | {} | {} | {} | {} |\n|---|---|---|---:|---:|---:|---:|",
        if en { "Target" } else { "Chỉ tiêu" },
        if en { "Scope" } else { "Phạm vi" },
        if en { "Baseline" } else { "Gốc" },
        if en { "Current" } else { "Hiện tại" },
        if en { "Change" } else { "Thay đổi" },
        if en { "Required" } else { "Yêu cầu" }
    );
    for t in outcomes {
        let unit = crate::metrics::html::unit(t.metric, en);
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} {unit} | {} {unit} | {} | {} |",
            if t.met { "✅" } else { "❌" },
            cell(&words::title(t, lang)),
            cell(&words::scope(&t.scope, manifest, lang)),
            num(t.baseline, lang),
            num(t.current, lang),
            t.change_pct.map_or_else(
                || (if en {
                    "no percentage"
                } else {
                    "không tính được"
                })
                .to_string(),
                |p| words::pct(p, lang)
            ),
            words::pct(t.required_pct, lang)
        );
    }
    for t in outcomes {
        if let Some(n) = unmeasured_note(t, lang) {
            let _ = writeln!(s, "\n{}: {n}", cell(&words::title(t, lang)));
        }
    }
    s
}

/// How many procedures a fee or cost target could not measure, in words.
fn unmeasured_note(t: &TargetOutcome, lang: Lang) -> Option<String> {
    crate::metrics::words::unmeasured(t, lang)
}
