//! `thutuc test`: run the catalogue's scenario tests.

use super::{Global, Outcome};
use crate::catalogue::{self, LoadError};
use crate::diag::{Lang, render};
use crate::exit;
use crate::scenarios::{self, ScenarioResult};
use serde_json::json;
use std::fmt::Write as _;

/// Output formats of `test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per scenario, details for failures.
    Human,
    /// JSON.
    Json,
    /// JUnit XML.
    Junit,
}

/// Runs `test`.
pub fn run(g: &Global, format: Format) -> Result<Outcome, LoadError> {
    // A scenario's failures are in the user's language in every format: people read them
    // in a CI log as well as on the terminal.
    let limits = g.limits();
    let files = g.source().files(&limits)?;
    let (scenarios, mut diags) = scenarios::read(&files, &limits);
    let loaded = catalogue::load(files, &limits);
    let lang = g.lang.unwrap_or(loaded.catalogue.manifest.language);
    diags.extend(
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .cloned(),
    );
    if !diags.is_empty() {
        // Scenarios only mean something on a valid catalogue.
        crate::diag::sort(&mut diags);
        let summary = render::Summary::of(loaded.files, &diags);
        // A test file or folder that cannot be read is an I/O error (exit 2).
        let code = if diags.iter().any(|d| super::revision::is_fault(d.code)) {
            exit::ERROR
        } else {
            exit::FINDINGS
        };
        return Ok(Outcome::out(
            render::human(&diags, summary, lang, g.color),
            code,
        ));
    }
    let calendar = loaded.catalogue.calendar();
    let results = scenarios::run(&loaded.catalogue, scenarios, &calendar);
    let failed = results.iter().filter(|r| !r.failures.is_empty()).count();
    let stdout = match format {
        Format::Human => crate::sanitize::terminal(&human(&results, lang)).into_owned(),
        Format::Json => json_out(&results, lang),
        Format::Junit => junit(&results, lang),
    };
    Ok(Outcome::out(
        stdout,
        if failed > 0 { exit::FINDINGS } else { exit::OK },
    ))
}

fn location(r: &ScenarioResult) -> String {
    let (line, _) = r.scenario.file.line_col(r.scenario.offset as usize);
    format!("{}:{line}", r.scenario.file.path.display())
}

fn human(results: &[ScenarioResult], lang: Lang) -> String {
    let mut s = String::new();
    for r in results {
        let mark = match (lang, r.failures.is_empty()) {
            (Lang::En, true) => "ok  ",
            (Lang::En, false) => "FAIL",
            (Lang::Vi, true) => "đạt      ",
            (Lang::Vi, false) => "KHÔNG ĐẠT",
        };
        let _ = writeln!(
            s,
            "{mark} {} {}",
            r.scenario.procedure.as_str(),
            r.scenario.name.get(lang)
        );
        for f in &r.failures {
            let _ = writeln!(s, "       {}", f.get(lang));
        }
        if !r.failures.is_empty() {
            let at = crate::messages::t(lang, "tại", "at");
            let _ = writeln!(s, "       {at} {}", location(r));
        }
    }
    let failed = results.iter().filter(|r| !r.failures.is_empty()).count();
    let passed = results.len() - failed;
    let _ = match lang {
        Lang::En => writeln!(s, "\nscenarios: {passed} passed, {failed} failed"),
        Lang::Vi => writeln!(s, "\nkịch bản: {passed} đạt, {failed} không đạt"),
    };
    s
}

fn failures(r: &ScenarioResult, lang: Lang) -> Vec<&str> {
    r.failures.iter().map(|f| f.get(lang)).collect()
}

fn json_out(results: &[ScenarioResult], lang: Lang) -> String {
    let failed = results.iter().filter(|r| !r.failures.is_empty()).count();
    let v = json!({
        "summary": { "scenarios": results.len(), "passed": results.len() - failed, "failed": failed },
        "results": results.iter().map(|r| json!({
            "procedure": r.scenario.procedure.as_str(),
            "name": r.scenario.name.get(lang),
            "location": location(r),
            "passed": r.failures.is_empty(),
            "failures": failures(r, lang),
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&v).expect("serializable") + "\n"
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn junit(results: &[ScenarioResult], lang: Lang) -> String {
    let failed = results.iter().filter(|r| !r.failures.is_empty()).count();
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<testsuites name=\"thutuc\" tests=\"{}\" failures=\"{failed}\">",
        results.len()
    );
    let _ = writeln!(
        s,
        "  <testsuite name=\"thutuc test\" tests=\"{}\" failures=\"{failed}\" errors=\"0\">",
        results.len()
    );
    for r in results {
        let _ = write!(
            s,
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml(r.scenario.procedure.as_str()),
            xml(r.scenario.name.get(lang))
        );
        if r.failures.is_empty() {
            s.push_str("/>\n");
        } else {
            let msg = failures(r, lang).join("; ");
            let _ = writeln!(
                s,
                ">\n      <failure message=\"{}\">{}\n{}</failure>\n    </testcase>",
                xml(&msg),
                xml(&location(r)),
                xml(&failures(r, lang).join("\n"))
            );
        }
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    s
}
