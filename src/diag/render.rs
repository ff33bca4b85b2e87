//! Rendering findings for people (miette), machines (JSON, SARIF, JUnit) and GitHub Actions.

use super::{Diagnostic, Lang, Severity, SourceFile};
use serde_json::json;
use std::fmt::Write as _;
use std::sync::Arc;

/// Totals shown with the findings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    /// Procedures read.
    pub procedures: usize,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
}

impl Summary {
    /// Counts errors and warnings.
    pub fn of(procedures: usize, diags: &[Diagnostic]) -> Summary {
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Summary {
            procedures,
            errors,
            warnings: diags.len() - errors,
        }
    }
}

struct Src(Arc<SourceFile>);

impl miette::SourceCode for Src {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        // miette reads a `str` from its start for every finding, which made a file with
        // many findings quadratic: it is given only the lines around the span.
        let text = self.0.text.as_str();
        let starts = self.0.line_starts();
        let offset = span.offset().min(text.len());
        let end = (offset + span.len()).min(text.len());
        let first = (self.0.line_col(offset).0 - 1).saturating_sub(before);
        let last = self.0.line_col(end).0 + after;
        let lo = starts[first];
        let hi = starts.get(last).copied().unwrap_or(text.len());
        let local = miette::SourceSpan::new((offset - lo).into(), end - offset);
        let inner = text[lo..hi].read_span(&local, before, after)?;
        let at = lo + inner.span().offset();
        // miette counts columns in bytes; Vietnamese text needs them in characters.
        let (line, col) = self.0.line_col(at);
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.0.path.display().to_string(),
            inner.data(),
            miette::SourceSpan::new(at.into(), inner.span().len()),
            line - 1,
            col - 1,
            inner.line_count(),
        )))
    }
}

struct Miette<'a> {
    d: &'a Diagnostic,
    lang: Lang,
    src: Option<Src>,
}

impl std::fmt::Debug for Miette<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.d.message.get(self.lang))
    }
}

impl std::fmt::Display for Miette<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.d.message.get(self.lang))
    }
}

impl std::error::Error for Miette<'_> {}

impl miette::Diagnostic for Miette<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(self.d.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h.get(self.lang)) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.src.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let file = self.d.file.as_ref()?;
        if file.text.is_empty() {
            return None;
        }
        let lang = self.lang;
        Some(Box::new(self.d.labels.iter().enumerate().map(
            move |(i, l)| {
                let text = l.text.as_ref().map(|t| t.get(lang).to_string());
                let len = l.end.saturating_sub(l.start);
                if i == 0 {
                    miette::LabeledSpan::new_primary_with_span(
                        text.or(Some(here(lang))),
                        (l.start, len),
                    )
                } else {
                    miette::LabeledSpan::new_with_span(text, (l.start, len))
                }
            },
        )))
    }
}

fn here(lang: Lang) -> String {
    match lang {
        Lang::En => "here".into(),
        Lang::Vi => "tại đây".into(),
    }
}

/// Human-readable findings with source snippets (miette); `color` adds ANSI colours.
pub fn human(diags: &[Diagnostic], summary: Summary, lang: Lang, color: bool) -> String {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    for d in diags {
        let m = Miette {
            d,
            lang,
            src: d.file.clone().map(Src),
        };
        if let (Some(f), true) = (
            &d.file,
            d.labels.is_empty() || d.file.as_ref().is_some_and(|f| f.text.is_empty()),
        ) {
            // No snippet to show: still say which file.
            let _ = writeln!(out, "{}:", f.path.display());
        }
        let _ = handler.render_report(&mut out, &m);
        out.push('\n');
    }
    let Summary {
        procedures,
        errors,
        warnings,
    } = summary;
    let _ = match lang {
        _ if procedures == 0 => writeln!(out, "{errors} error(s), {warnings} warning(s)"),
        Lang::En => writeln!(
            out,
            "{procedures} procedures checked: {errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        ),
        Lang::Vi => writeln!(
            out,
            "Đã kiểm tra {procedures} thủ tục: {errors} lỗi, {warnings} cảnh báo"
        ),
    };
    out
}

fn location(d: &Diagnostic) -> (String, usize, usize, usize, usize) {
    let Some(file) = &d.file else {
        return (String::new(), 0, 0, 0, 0);
    };
    let path = file.path.display().to_string();
    let Some(l) = d.labels.first() else {
        return (path, 1, 1, 1, 1);
    };
    let (line, col) = file.line_col(l.start);
    let (end_line, end_col) = file.line_col(l.end.max(l.start));
    (path, line, col, end_line, end_col)
}

/// JSON as in SPEC.md: `{"summary": {…}, "diagnostics": [{code, severity, file, line, column, message}]}`.
pub fn json(diags: &[Diagnostic], summary: Summary, lang: Lang) -> String {
    let list: Vec<_> = diags
        .iter()
        .map(|d| {
            let (file, line, column, end_line, end_column) = location(d);
            json!({
                "code": d.code,
                "severity": d.severity,
                "file": file,
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "message": d.message.get(lang),
                "help": d.help.as_ref().map(|h| h.get(lang)),
            })
        })
        .collect();
    let v = json!({
        "summary": {
            "procedures": summary.procedures,
            "errors": summary.errors,
            "warnings": summary.warnings,
        },
        "diagnostics": list,
    });
    serde_json::to_string_pretty(&v).expect("serializable") + "\n"
}

fn gh_escape(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// GitHub Actions workflow commands: one `::error file=…,line=…,col=…::message` per finding.
pub fn github(diags: &[Diagnostic], lang: Lang) -> String {
    let mut out = String::new();
    for d in diags {
        let (file, line, col, end_line, end_col) = location(d);
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut msg = d.message.get(lang).to_string();
        if let Some(h) = &d.help {
            msg.push('\n');
            msg.push_str(h.get(lang));
        }
        if file.is_empty() {
            let _ = writeln!(
                out,
                "::{kind} title={}::{}",
                gh_escape(d.code, true),
                gh_escape(&msg, false)
            );
        } else {
            let _ = writeln!(
                out,
                "::{kind} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
                gh_escape(&file, true),
                gh_escape(d.code, true),
                gh_escape(&msg, false)
            );
        }
    }
    out
}

/// SARIF 2.1.0, for code-scanning dashboards.
pub fn sarif(diags: &[Diagnostic], lang: Lang) -> String {
    let mut rules: Vec<&str> = diags.iter().map(|d| d.code).collect();
    rules.sort_unstable();
    rules.dedup();
    let results: Vec<_> = diags
        .iter()
        .map(|d| {
            let (file, line, col, end_line, end_col) = location(d);
            let mut text = d.message.get(lang).to_string();
            if let Some(h) = &d.help {
                text.push_str(" (");
                text.push_str(h.get(lang));
                text.push(')');
            }
            let mut r = json!({
                "ruleId": d.code,
                "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": { "text": text },
            });
            if !file.is_empty() {
                r["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": { "uri": file.replace('\\', "/") },
                        "region": {
                            "startLine": line, "startColumn": col,
                            "endLine": end_line, "endColumn": end_col,
                        }
                    }
                }]);
            }
            r
        })
        .collect();
    let v = json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": { "driver": {
                "name": "thutuc",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(|r| json!({"id": r})).collect::<Vec<_>>(),
            }},
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&v).expect("serializable") + "\n"
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one test case per checked file, a failure per error in it.
pub fn junit(files: &[String], diags: &[Diagnostic], lang: Lang) -> String {
    let mut by_file: std::collections::BTreeMap<String, Vec<&Diagnostic>> =
        files.iter().map(|f| (f.clone(), Vec::new())).collect();
    for d in diags.iter().filter(|d| d.severity == Severity::Error) {
        let (file, ..) = location(d);
        by_file.entry(file).or_default().push(d);
    }
    let failures = by_file.values().filter(|v| !v.is_empty()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"thutuc\" tests=\"{}\" failures=\"{failures}\">",
        by_file.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"thutuc validate\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
        by_file.len()
    );
    for (file, ds) in &by_file {
        let name = if file.is_empty() { "catalogue" } else { file };
        let _ = write!(
            out,
            "    <testcase classname=\"validate\" name=\"{}\"",
            xml_escape(name)
        );
        if ds.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        for d in ds {
            let (_, line, col, ..) = location(d);
            let msg = d.message.get(lang);
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}:{line}:{col}: {}</failure>",
                xml_escape(d.code),
                xml_escape(msg),
                xml_escape(name),
                xml_escape(msg)
            );
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
