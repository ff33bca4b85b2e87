//! `thutuc import SOURCE… -o DIR`: national-database records into catalogue YAML, with a
//! summary of what was converted, converted with warnings, and refused (with the reason).

use super::Outcome;
use crate::diag::Lang;
use crate::exit;
use crate::import::{self, ImportError, Report};
use serde_json::json;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Output formats of the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Counts, then one line per refused record.
    Human,
    /// JSON.
    Json,
}

/// Options of `import`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Record files or folders.
    pub sources: Vec<PathBuf>,
    /// The catalogue folder to write.
    pub output: PathBuf,
    /// Replace existing files.
    pub force: bool,
    /// Summary format.
    pub format: Format,
    /// List every warning, not only their counts.
    pub verbose: bool,
}

/// Runs the import: exit 0 when every record was written, 1 when some were refused.
pub fn run(g: &super::Global, o: &Options) -> Result<Outcome, ImportError> {
    let started = std::time::Instant::now();
    let report = import::run(&o.sources, &o.output, o.force, &g.limits())?;
    let elapsed = started.elapsed();
    let stdout = match o.format {
        Format::Human => {
            // Vietnamese unless --lang says otherwise: there is no catalogue to take it from.
            let lang = g.lang.unwrap_or(Lang::Vi);
            crate::sanitize::terminal(&human(&report, o, lang, elapsed)).into_owned()
        }
        Format::Json => json(&report, o, g.lang.unwrap_or(Lang::Vi)),
    };
    let code = if report.refused() > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    };
    Ok(Outcome::out(stdout, code))
}

fn human(r: &Report, o: &Options, lang: Lang, elapsed: std::time::Duration) -> String {
    let vi = lang == Lang::Vi;
    let t = |en: &'static str, vi_text: &'static str| if vi { vi_text } else { en };
    let mut s = String::new();
    let total = r.items.len();
    let written = r.converted() + r.with_warnings();
    let _ = writeln!(
        s,
        "{total} {} → {} (catalogue.yaml {} {written} {})",
        t("records", "bản ghi"),
        o.output.display(),
        t("and", "và"),
        t("procedures", "thủ tục")
    );
    for (label, n) in [
        (t("converted:", "chuyển đổi:"), r.converted()),
        (
            t("converted with warnings:", "chuyển đổi có cảnh báo:"),
            r.with_warnings(),
        ),
        (t("refused:", "từ chối:"), r.refused()),
    ] {
        let _ = writeln!(s, "  {label:<24} {n}");
    }
    let review = r.needs_review();
    if review > 0 {
        let values: usize = r.items.iter().map(|i| i.review).sum();
        let _ = writeln!(
            s,
            "  {:<24} {review} ({values} {})",
            t("needs review:", "cần rà soát:"),
            t(
                "values written as the source's text, not proven; `validate` lists them",
                "giá trị ghi nguyên văn, chưa chứng minh được; `validate` liệt kê từng giá trị"
            )
        );
    }
    if total > 0 {
        let pct = format!("{:.1}", written as f64 * 100.0 / total as f64);
        let secs = format!("{:.2}", elapsed.as_secs_f64());
        let _ = if vi {
            writeln!(
                s,
                "  đã ghi: {}% trong {} giây",
                pct.replace('.', ","),
                secs.replace('.', ",")
            )
        } else {
            writeln!(s, "  written: {pct}% in {secs} s")
        };
    }
    let forms = r.fee_form_counts();
    if !forms.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            t(
                "Fees that are not one amount, by form (converted into a rule / not stated with a warning):",
                "Phí không phải một số tiền, theo dạng (chuyển thành quy tắc / ghi chưa có thông tin kèm cảnh báo):"
            )
        );
        for (k, (c, n)) in forms {
            let _ = writeln!(s, "  {k}: {c} / {n} — {}", import::reason(k).get(lang));
        }
    }
    let kinds = r.warning_kinds();
    if !kinds.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            t(
                "Warnings (values not stated or written verbatim for review, never guessed):",
                "Cảnh báo (giá trị chưa có thông tin hoặc ghi nguyên văn để rà soát, không bao giờ đoán):"
            )
        );
        for (k, n) in kinds {
            let _ = writeln!(s, "  {k}: {n} — {}", import::reason(k).get(lang));
        }
    }
    let refusals = r.refusal_kinds();
    if !refusals.is_empty() {
        let _ = writeln!(s, "\n{}", t("Refused by reason:", "Từ chối theo lý do:"));
        for (k, n) in refusals {
            let _ = writeln!(s, "  {k}: {n} — {}", import::reason(k).get(lang));
        }
        let _ = writeln!(s, "\n{}", t("Refused records:", "Hồ sơ bị từ chối:"));
        for i in &r.items {
            if let Some(why) = &i.refused {
                let _ = writeln!(
                    s,
                    "  {} [{}]: {}",
                    i.source.display(),
                    why.kind,
                    why.message.get(lang)
                );
            }
        }
    }
    if o.verbose {
        let _ = writeln!(
            s,
            "\n{}",
            t("Warnings by record:", "Cảnh báo theo bản ghi:")
        );
        for i in r.items.iter().filter(|i| !i.warnings.is_empty()) {
            for w in &i.warnings {
                let _ = writeln!(
                    s,
                    "  {} [{}]: {}",
                    i.source.display(),
                    w.kind,
                    w.message.get(lang)
                );
            }
        }
    }
    s
}

fn json(r: &Report, o: &Options, lang: Lang) -> String {
    let records: Vec<_> = r
        .items
        .iter()
        .map(|i| {
            json!({
                "source": i.source.display().to_string(),
                "code": i.code,
                "status": match (&i.refused, i.warnings.is_empty()) {
                    (Some(_), _) => "refused",
                    (None, true) => "converted",
                    (None, false) => "converted_with_warnings",
                },
                "file": i.written.as_ref().map(|p| p.display().to_string()),
                "warnings": i.warnings.iter().map(|w| json!({"kind": w.kind, "message": w.message.get(lang)})).collect::<Vec<_>>(),
                "refused": i.refused.as_ref().map(|w| json!({"kind": w.kind, "message": w.message.get(lang)})),
                "legal": i.legal.iter().map(|(n, t)| json!({"number": n, "title": t})).collect::<Vec<_>>(),
                "fee_forms": i.fee_forms.iter().map(|f| json!({"form": f.form, "rule": f.rule})).collect::<Vec<_>>(),
                "needs_review": i.review,
            })
        })
        .collect();
    let v = json!({
        "output": o.output.display().to_string(),
        "summary": {
            "records": r.items.len(),
            "converted": r.converted(),
            "converted_with_warnings": r.with_warnings(),
            "refused": r.refused(),
            "needs_review": r.needs_review(),
            "needs_review_values": r.items.iter().map(|i| i.review).sum::<usize>(),
            "refused_by_kind": r.refusal_kinds(),
            "warnings_by_kind": r.warning_kinds(),
            "fee_forms": r.fee_form_counts().into_iter().map(|(k, (c, n))| (k.to_string(), json!({"converted": c, "not_stated": n}))).collect::<serde_json::Map<_, _>>(),
        },
        "records": records,
    });
    serde_json::to_string_pretty(&v).expect("serialisable") + "\n"
}
