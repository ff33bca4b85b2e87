//! Rendering findings for people (miette), machines (JSON, SARIF, JUnit) and GitHub Actions.

use super::{Diagnostic, Lang, Severity, SourceFile};
use serde_json::json;
use std::fmt::Write as _;
use std::sync::Arc;

/// Totals shown with the findings (the JSON format's `summary`, fields in this order).
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
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

/// What the snippet of one finding shows: the lines around its labels, each cut to a window
/// around the labelled columns when it is long, and every unsafe character escaped
/// ([`crate::sanitize::terminal`]). miette pads with `{:width$}`, whose width must fit in 16
/// bits, so a column past 65,535 would panic; a file's escapes would reach the terminal.
/// Lines the snippet never shows are left empty, so line numbers stay the file's.
struct View {
    file: Arc<SourceFile>,
    /// Real line (1-based) of the view's first line.
    first_line: usize,
    text: String,
    /// Per view line: its start in `text`, and (view offset, real offset) of each character
    /// shown, in order, ending with the line's end.
    lines: Vec<(usize, Vec<(usize, usize)>)>,
    /// Each label's (start, end) in `text`.
    spans: Vec<(usize, usize)>,
}

/// Characters shown before a label's first column on a long line.
const LEAD: usize = 20;
/// Characters shown of a cut line: with the gutter, a snippet fits the 100 columns the
/// messages are wrapped to, and so does the underline below it.
const WINDOW: usize = 80;
/// Lines up to this many characters are shown whole.
const LONG_LINE: usize = 88;

impl View {
    fn new(file: &Arc<SourceFile>, labels: &[super::Label]) -> View {
        let text = file.text();
        let starts = file.line_starts();
        let line_of = |o: usize| starts.partition_point(|&s| s <= o.min(text.len())).max(1);
        // Starts move back and ends forward to a character boundary.
        let clamp = |o: usize, up: bool| {
            let mut o = o.min(text.len());
            while !text.is_char_boundary(o) {
                if up { o += 1 } else { o -= 1 }
            }
            o
        };
        // (real start, real end) of each label, and the lines they start and end on.
        let real: Vec<(usize, usize)> = labels
            .iter()
            .map(|l| {
                let s = clamp(l.start, false);
                (s, clamp(l.end, true).max(s))
            })
            .collect();
        let bounds: Vec<(usize, usize)> = real
            .iter()
            .map(|&(s, e)| (line_of(s), line_of(e.saturating_sub(1).max(s))))
            .collect();
        let first = bounds
            .iter()
            .map(|b| b.0)
            .min()
            .unwrap_or(1)
            .saturating_sub(1)
            .max(1);
        let last = (bounds.iter().map(|b| b.1).max().unwrap_or(1) + 1).min(starts.len());
        let shown = |n: usize| bounds.iter().any(|&(a, b)| n + 1 >= a && n <= b + 1);
        let mut view = View {
            file: file.clone(),
            first_line: first,
            text: String::new(),
            lines: Vec::new(),
            spans: Vec::new(),
        };
        for n in first..=last {
            let start = starts[n - 1];
            let mut end = starts.get(n).map_or(text.len(), |&s| s - 1);
            if end > start && text.as_bytes()[end - 1] == b'\r' {
                end -= 1; // CRLF: the line ends before the CR
            }
            let vstart = view.text.len();
            let mut marks = Vec::new();
            if shown(n) {
                let line = &text[start..end];
                let cols: Vec<usize> = real
                    .iter()
                    .flat_map(|&(s, e)| [s, e])
                    .filter(|&o| o >= start && o <= end)
                    .map(|o| line[..o - start].chars().count())
                    .collect();
                let count = line.chars().count();
                let (from, to) = if count <= LONG_LINE {
                    (0, count)
                } else {
                    let from = cols.iter().min().map_or(0, |c| c.saturating_sub(LEAD));
                    let from = from.min(count.saturating_sub(WINDOW));
                    (from, (from + WINDOW).min(count))
                };
                if from > 0 {
                    view.text.push('…');
                }
                let mut at = start;
                for (i, c) in line.chars().enumerate() {
                    if i >= from && i < to {
                        marks.push((view.text.len(), at));
                        crate::sanitize::push_terminal(&mut view.text, c);
                    }
                    at += c.len_utf8();
                    if i + 1 == to {
                        marks.push((view.text.len(), at));
                    }
                }
                if marks.is_empty() {
                    marks.push((view.text.len(), start));
                }
                if to < count {
                    view.text.push('…');
                }
            } else {
                marks.push((vstart, start));
            }
            view.lines.push((vstart, marks));
            if n < last || end < text.len() {
                view.text.push('\n');
            }
        }
        view.spans = real
            .iter()
            .map(|&(s, e)| {
                let vs = view.to_view(s);
                (vs, view.to_view(e).max(vs))
            })
            .collect();
        view
    }

    /// The view offset showing real offset `o` (the nearest shown character on a cut line).
    fn to_view(&self, o: usize) -> usize {
        let (line, _) = self.file.line_col(o);
        let idx = line
            .saturating_sub(self.first_line)
            .min(self.lines.len() - 1);
        let marks = &self.lines[idx].1;
        let k = marks.partition_point(|m| m.1 <= o);
        marks[k.saturating_sub(1)].0
    }

    /// The real offset a view offset shows.
    fn to_real(&self, v: usize) -> usize {
        let idx = self.lines.partition_point(|l| l.0 <= v).saturating_sub(1);
        let marks = &self.lines[idx].1;
        let k = marks.partition_point(|m| m.0 <= v);
        marks[k.saturating_sub(1)].1
    }
}

impl miette::SourceCode for View {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        // miette counts columns in bytes of what it shows; people need the file's line and
        // column in characters.
        let (line, col) = self.file.line_col(self.to_real(inner.span().offset()));
        Ok(Box::new(miette::MietteSpanContents::new_named(
            crate::sanitize::terminal_line(&self.file.path.display().to_string()).into_owned(),
            inner.data(),
            *inner.span(),
            line - 1,
            col - 1,
            inner.line_count(),
        )))
    }
}

struct Miette<'a> {
    d: &'a Diagnostic,
    lang: Lang,
    src: Option<View>,
}

/// Characters of a message, hint or label shown in full; a longer one (it quotes a value
/// of the file, which may be a whole long line) keeps its start and end.
const LONG_TEXT: usize = 600;

/// `s` made safe for a terminal and, when longer than [`LONG_TEXT`], cut in the middle on a
/// character boundary with the number of characters left out.
fn shown(s: &str) -> String {
    let s = crate::sanitize::terminal(s);
    let n = s.chars().count();
    if n <= LONG_TEXT {
        return s.into_owned();
    }
    let head: String = s.chars().take(LONG_TEXT / 2).collect();
    let tail: String = s.chars().skip(n - LONG_TEXT / 4).collect();
    format!(
        "{head} …({} characters)… {tail}",
        n - LONG_TEXT / 2 - LONG_TEXT / 4
    )
}

impl std::fmt::Debug for Miette<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&shown(self.d.message.get(self.lang)))
    }
}

impl std::fmt::Display for Miette<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&shown(self.d.message.get(self.lang)))
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
            .map(|h| Box::new(shown(h.get(self.lang))) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.src.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let view = self.src.as_ref()?;
        if view.file.text().is_empty() {
            return None;
        }
        let lang = self.lang;
        Some(Box::new(
            self.d.labels.iter().zip(&view.spans).enumerate().map(
                move |(i, (l, &(start, end)))| {
                    let text = l
                        .text
                        .as_ref()
                        .map(|t| shown(&crate::sanitize::terminal_line(t.get(lang))));
                    if i == 0 {
                        miette::LabeledSpan::new_primary_with_span(
                            text.or(Some(here(lang))),
                            (start, end - start),
                        )
                    } else {
                        miette::LabeledSpan::new_with_span(text, (start, end - start))
                    }
                },
            ),
        ))
    }
}

fn here(lang: Lang) -> String {
    match lang {
        Lang::En => "here".into(),
        Lang::Vi => "tại đây".into(),
    }
}

/// miette labels the hint `help:` in every language: in Vietnamese it is `gợi ý:`
/// ([`Lang::help_label`]). Only a line that starts with the label is changed, never a
/// quoted source line (those start with a line number and a gutter).
fn help_label(report: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return report.to_string();
    }
    let label = format!("{}:", lang.help_label());
    let mut out = String::with_capacity(report.len() + 8);
    for line in report.split_inclusive('\n') {
        let body = line.trim_start();
        // With colours the label is wrapped in an escape sequence: `\x1b[…mhelp:`.
        let plain = body
            .strip_prefix('\u{1b}')
            .map_or(body, |b| b.split_once('m').map_or(b, |(_, rest)| rest));
        if plain.trim_start().starts_with("help:") {
            out.push_str(&line.replacen("help:", &label, 1));
        } else {
            out.push_str(line);
        }
    }
    out
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
            src: d
                .file
                .as_ref()
                .filter(|f| !f.text().is_empty() && !d.labels.is_empty())
                .map(|f| View::new(f, &d.labels)),
        };
        if let (Some(f), true) = (
            &d.file,
            d.labels.is_empty() || d.file.as_ref().is_some_and(|f| f.text().is_empty()),
        ) {
            // No snippet to show: still say which file.
            let path = f.path.display().to_string();
            let _ = writeln!(out, "{}:", crate::sanitize::terminal_line(&path));
        }
        let mut report = String::new();
        let _ = handler.render_report(&mut report, &m);
        out.push_str(&help_label(&report, lang));
        out.push('\n');
    }
    let Summary {
        procedures,
        errors,
        warnings,
    } = summary;
    let _ = match lang {
        Lang::En if procedures == 0 => writeln!(out, "{errors} error(s), {warnings} warning(s)"),
        Lang::Vi if procedures == 0 => writeln!(out, "{errors} lỗi, {warnings} cảnh báo"),
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

/// The other places of a finding (every rule involved besides the main one): line, column,
/// end line, end column and what the place is.
fn related(d: &Diagnostic, lang: Lang) -> Vec<(usize, usize, usize, usize, String)> {
    let Some(file) = &d.file else {
        return Vec::new();
    };
    d.labels
        .iter()
        .skip(1)
        .map(|l| {
            let (line, col) = file.line_col(l.start);
            let (end_line, end_col) = file.line_col(l.end.max(l.start));
            let text = l
                .text
                .as_ref()
                .map(|t| t.get(lang).to_string())
                .unwrap_or_default();
            (line, col, end_line, end_col, text)
        })
        .collect()
}

/// JSON as in SPEC.md: `{"summary": {…}, "diagnostics": [{code, severity, file, line, column, message}]}`.
pub fn json(diags: &[Diagnostic], summary: Summary, lang: Lang) -> String {
    // Written straight from the findings, one at a time, rather than through a tree of
    // `serde_json::Value`s: for 22,077 findings that tree took 200 MB to print 18 MB.
    // The fields are in the order the format has always printed them.
    #[derive(serde::Serialize)]
    struct Report<'a> {
        summary: Summary,
        diagnostics: Findings<'a>,
    }
    struct Findings<'a>(&'a [Diagnostic], Lang);
    impl serde::Serialize for Findings<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(self.0.iter().map(|d| Finding::of(d, self.1)))
        }
    }
    #[derive(serde::Serialize)]
    struct Finding<'a> {
        code: &'a str,
        severity: Severity,
        file: String,
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
        message: &'a str,
        help: Option<&'a str>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        related: Vec<Related>,
    }
    impl<'a> Finding<'a> {
        fn of(d: &'a Diagnostic, lang: Lang) -> Self {
            let (file, line, column, end_line, end_column) = location(d);
            let related = related(d, lang)
                .into_iter()
                .map(|(line, column, end_line, end_column, message)| Related {
                    file: file.clone(),
                    line,
                    column,
                    end_line,
                    end_column,
                    message,
                })
                .collect();
            Finding {
                code: d.code,
                severity: d.severity,
                file,
                line,
                column,
                end_line,
                end_column,
                message: d.message.get(lang),
                help: d.help.as_ref().map(|h| h.get(lang)),
                related,
            }
        }
    }
    #[derive(serde::Serialize)]
    struct Related {
        file: String,
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
        message: String,
    }
    let report = Report {
        summary,
        diagnostics: Findings(diags, lang),
    };
    let mut out = Vec::new();
    serde_json::to_writer_pretty(&mut out, &report).expect("serializable");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
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
        // An annotation has one place: the others are named in its text.
        for (line, col, _, _, what) in related(d, lang) {
            let _ = write!(msg, "\n{file}:{line}:{col}: {what}");
        }
        // Actions logs show ANSI escapes: the catalogue's own must not reach them.
        let msg = crate::sanitize::terminal(&msg);
        let file = crate::sanitize::terminal_line(&file);
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
                let uri = file.replace('\\', "/");
                r["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": {
                            "startLine": line, "startColumn": col,
                            "endLine": end_line, "endColumn": end_col,
                        }
                    }
                }]);
                // Every other rule involved, as code-review annotations show them.
                let also = related(d, lang);
                if !also.is_empty() {
                    r["relatedLocations"] = also
                        .into_iter()
                        .enumerate()
                        .map(|(i, (line, col, end_line, end_col, what))| {
                            json!({
                                "id": i + 1,
                                "physicalLocation": {
                                    "artifactLocation": { "uri": uri },
                                    "region": {
                                        "startLine": line, "startColumn": col,
                                        "endLine": end_line, "endColumn": end_col,
                                    }
                                },
                                "message": { "text": what },
                            })
                        })
                        .collect();
                }
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
            c if crate::sanitize::is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r') => {}
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;
    use crate::tr;

    fn render(text: &str, spans: &[(usize, usize)]) -> String {
        let f = SourceFile::new("p.yaml", text);
        let mut d = Diagnostic::error("yaml/syntax", tr!("bad", "hỏng"));
        for (i, &(s, e)) in spans.iter().enumerate() {
            d = if i == 0 {
                d.at(&f, s, e, None)
            } else {
                d.also(s, e, tr!("other", "khác"))
            };
        }
        let out = human(&[d], Summary::default(), Lang::En, false);
        assert!(out.contains("bad"), "{out}");
        out
    }

    /// The JSON format's fields, their order and layout, written straight from the findings:
    /// a finding without help has `"help": null`, `related` appears only when there are
    /// other places, and a finding without a file has an empty one at 0:0.
    #[test]
    fn json_prints_the_fields_in_their_order() {
        let f = SourceFile::new("p.yaml", "code: x\nname: y\n");
        let with_places = Diagnostic::error("ref/field", tr!("bad", "hỏng"))
            .at(&f, 6, 7, None)
            .also(14, 15, tr!("other", "khác"))
            .help(tr!("fix it", "sửa"));
        let bare = Diagnostic::warning("catalogue/no-manifest", tr!("none", "không có"));
        let summary = Summary {
            procedures: 2,
            errors: 1,
            warnings: 1,
        };
        let out = json(&[with_places, bare], summary, Lang::Vi);
        let expected = r#"{
  "summary": {
    "procedures": 2,
    "errors": 1,
    "warnings": 1
  },
  "diagnostics": [
    {
      "code": "ref/field",
      "severity": "error",
      "file": "p.yaml",
      "line": 1,
      "column": 7,
      "end_line": 1,
      "end_column": 8,
      "message": "hỏng",
      "help": "sửa",
      "related": [
        {
          "file": "p.yaml",
          "line": 2,
          "column": 7,
          "end_line": 2,
          "end_column": 8,
          "message": "khác"
        }
      ]
    },
    {
      "code": "catalogue/no-manifest",
      "severity": "warning",
      "file": "",
      "line": 0,
      "column": 0,
      "end_line": 0,
      "end_column": 0,
      "message": "không có",
      "help": null
    }
  ]
}
"#;
        assert_eq!(out, expected);
        let empty = json(&[], Summary::default(), Lang::En);
        assert!(empty.contains("\"diagnostics\": []"), "{empty}");
    }

    #[test]
    fn a_span_past_column_65535_is_shown_cut_with_its_real_column() {
        let text = format!("code: x\n{}: 1\n", "k".repeat(70_000));
        let at = text.rfind(':').unwrap();
        let out = render(&text, &[(at, at + 1)]);
        assert!(out.contains("[p.yaml:2:70001]"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 200), "{out}");
        assert!(out.contains("…kkk"), "{out}");
        // A message quoting the long value keeps its start and end.
        let f = SourceFile::new("p.yaml", text.clone());
        let d = Diagnostic::error(
            "ref/field",
            tr!("`{}` is unknown", "`{}` lạ", "ạ".repeat(70_000)),
        )
        .at(&f, 8, at, None);
        let out = human(&[d], Summary::default(), Lang::En, false);
        assert!(out.chars().count() < 3_000, "{out}");
        assert!(out.contains("…(69563 characters)…"), "{out}");
        // A label spanning the whole long line, and one at its start.
        render(&text, &[(8, at)]);
        render(&text, &[(8, 9), (at, at + 1)]);
    }

    #[test]
    fn long_lines_are_cut_on_character_boundaries() {
        // Multi-byte characters (Vietnamese, 2 and 3 bytes) around every possible cut.
        for pad in 0..4 {
            let text = format!("{}{}: 1\n", "x".repeat(pad), "Đăng ký ".repeat(20_000));
            let at = text.rfind(':').unwrap();
            let out = render(&text, &[(at, at + 1)]);
            assert!(out.contains(&format!("[p.yaml:1:{}]", text[..at].chars().count() + 1)));
            // A span that does not fall on a character boundary is moved to one.
            render(&text, &[(at - 1, at + 2), (pad + 1, pad + 2)]);
        }
        // A very long file of one line, no newline at the end.
        let one = "a".repeat(300_000);
        let out = render(&one, &[(299_990, 300_000)]);
        assert!(out.contains("[p.yaml:1:299991]"), "{out}");
    }

    #[test]
    fn spans_at_the_end_of_the_file_crlf_and_past_the_end_render() {
        for text in ["a: 1\n", "a: 1", "a: 1\r\nb: 2\r\n", "\n\n\n", " ", "\r"] {
            let n = text.len();
            render(text, &[(n, n)]);
            render(text, &[(n + 10, n + 20)]);
            render(text, &[(0, n), (n, n)]);
            render(text, &[(n.saturating_sub(1), n)]);
        }
        let out = render("a: 1\r\nb: 2\r\n", &[(7, 8)]);
        assert!(out.contains("[p.yaml:2:2]"), "{out}");
        assert!(!out.contains("u{d}"), "{out}");
        // An empty file has no snippet but still names the file.
        let out = render("", &[(0, 0)]);
        assert!(out.contains("p.yaml"), "{out}");
    }

    #[test]
    fn labels_far_apart_keep_their_line_numbers() {
        let text: String = (1..=500).map(|i| format!("k{i}: {i}\n")).collect();
        let a = text.find("k3:").unwrap();
        let b = text.find("k450:").unwrap();
        let out = render(&text, &[(b, b + 4), (a, a + 2)]);
        assert!(out.contains("[p.yaml:450:1]"), "{out}");
        assert!(out.contains(" 3 │ k3: 3"), "{out}");
        assert!(out.contains(" 450 │ k450: 450"), "{out}");
    }

    #[test]
    fn escapes_in_snippets_messages_and_paths_are_shown_not_sent() {
        let text = "name: \"\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\u{9b}\u{202e}x\"\n";
        let f = SourceFile::new("p\u{1b}[31m.yaml", text);
        let d = Diagnostic::error("schema/value", tr!("bad `{}`", "hỏng `{}`", &text[7..]))
            .at(&f, 6, text.len() - 1, Some(tr!("x\u{1b}[0m", "x\u{1b}[0m")))
            .help(tr!("\u{1b}]0;title\u{7}", "\u{1b}]0;title\u{7}"));
        for lang in [Lang::En, Lang::Vi] {
            for color in [false, true] {
                let out = human(std::slice::from_ref(&d), Summary::default(), lang, color);
                assert!(out.contains("\\u{1b}]52;c;aGk=\\u{7}"), "{out}");
                assert!(out.contains("p\\u{1b}[31m.yaml"), "{out}");
                for bad in ['\u{7}', '\u{9b}', '\u{202e}'] {
                    assert!(!out.contains(bad), "{out}");
                }
                assert!(
                    !out.contains("\u{1b}]") && !out.contains("\u{1b}[2J"),
                    "{out}"
                );
            }
        }
    }
}
