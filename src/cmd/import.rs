//! `thutuc import SOURCE… -o DIR`: national-database records into catalogue YAML, with a
//! summary of what was converted, converted with warnings, and refused (with the reason).

use super::Outcome;
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
        Format::Human => crate::sanitize::terminal(&human(&report, o, elapsed)).into_owned(),
        Format::Json => json(&report, o),
    };
    let code = if report.refused() > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    };
    Ok(Outcome::out(stdout, code))
}

fn human(r: &Report, o: &Options, elapsed: std::time::Duration) -> String {
    let mut s = String::new();
    let total = r.items.len();
    let written = r.converted() + r.with_warnings();
    let _ = writeln!(
        s,
        "{total} records → {} (catalogue.yaml and {written} procedures)",
        o.output.display()
    );
    let _ = writeln!(s, "  converted:               {}", r.converted());
    let _ = writeln!(s, "  converted with warnings: {}", r.with_warnings());
    let _ = writeln!(s, "  refused:                 {}", r.refused());
    if total > 0 {
        let _ = writeln!(
            s,
            "  written: {:.1}% in {:.2} s",
            written as f64 * 100.0 / total as f64,
            elapsed.as_secs_f64()
        );
    }
    let kinds = r.warning_kinds();
    if !kinds.is_empty() {
        let _ = writeln!(s, "\nWarnings (values left out, never guessed):");
        for (k, n) in kinds {
            let _ = writeln!(s, "  {k}: {n}");
        }
    }
    let refusals = r.refusal_kinds();
    if !refusals.is_empty() {
        let _ = writeln!(s, "\nRefused by reason:");
        for (k, n) in refusals {
            let _ = writeln!(s, "  {k}: {n}");
        }
        let _ = writeln!(s, "\nRefused records:");
        for i in &r.items {
            if let Some(why) = &i.refused {
                let _ = writeln!(
                    s,
                    "  {} [{}]: {}",
                    i.source.display(),
                    why.kind,
                    why.message
                );
            }
        }
    }
    if o.verbose {
        let _ = writeln!(s, "\nWarnings by record:");
        for i in r.items.iter().filter(|i| !i.warnings.is_empty()) {
            for w in &i.warnings {
                let _ = writeln!(s, "  {} [{}]: {}", i.source.display(), w.kind, w.message);
            }
        }
    }
    s
}

fn json(r: &Report, o: &Options) -> String {
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
                "warnings": i.warnings.iter().map(|w| json!({"kind": w.kind, "message": w.message})).collect::<Vec<_>>(),
                "refused": i.refused.as_ref().map(|w| json!({"kind": w.kind, "message": w.message})),
                "legal": i.legal.iter().map(|(n, t)| json!({"number": n, "title": t})).collect::<Vec<_>>(),
                "fee_forms": i.fee_forms.iter().map(|f| json!({"form": f.form, "rule": f.rule})).collect::<Vec<_>>(),
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
            "refused_by_kind": r.refusal_kinds(),
            "warnings_by_kind": r.warning_kinds(),
            "fee_forms": r.fee_form_counts().into_iter().map(|(k, (c, n))| (k.to_string(), json!({"converted": c, "not_stated": n}))).collect::<serde_json::Map<_, _>>(),
        },
        "records": records,
    });
    serde_json::to_string_pretty(&v).expect("serialisable") + "\n"
}
