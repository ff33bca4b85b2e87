//! Inline SVG charts for the plan's and the report's HTML pages: no scripts, no external
//! files, black text on white so they print; every bar carries its figure as text, so the
//! chart never is the only place a number is read from.

use std::fmt::Write as _;

/// Escapes text for SVG and HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One series of a chart: its name in the legend and its colour.
pub struct Series<'a> {
    /// Name in the legend.
    pub name: &'a str,
    /// Fill colour.
    pub color: &'a str,
}

/// Horizontal grouped bars: one group per row (a field), one bar per series (before, after),
/// each bar with its value written after it (`format` gives the words, e.g. "12.000 đồng").
pub fn hbars(
    title: &str,
    series: &[Series<'_>],
    rows: &[(String, Vec<Option<i128>>)],
    format: &dyn Fn(Option<i128>) -> String,
) -> String {
    const VIEW: f64 = 760.0;
    const LABEL: f64 = 220.0;
    const BARS: f64 = 330.0;
    const BAR: f64 = 14.0;
    let group = BAR * series.len() as f64 + 12.0;
    let max = rows
        .iter()
        .flat_map(|(_, v)| v.iter().flatten())
        .copied()
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let legend_h = 24.0;
    let height = legend_h + group * rows.len() as f64 + 8.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg role=\"img\" width=\"100%\" style=\"max-width:{VIEW}px\" viewBox=\"0 0 {VIEW} {height}\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\"><title>{}</title>",
        esc(title)
    );
    let mut x = 0.0;
    for se in series {
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"4\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"15\" font-size=\"12\">{}</text>",
            se.color,
            x + 16.0,
            esc(se.name)
        );
        x += 24.0 + se.name.chars().count() as f64 * 7.0;
    }
    for (i, (label, values)) in rows.iter().enumerate() {
        let y0 = legend_h + group * i as f64;
        let mid = y0 + BAR * series.len() as f64 / 2.0 + 4.0;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{mid}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            LABEL - 6.0,
            esc(&truncate(label, 32))
        );
        for (k, (v, se)) in values.iter().zip(series).enumerate() {
            let y = y0 + BAR * k as f64;
            let w = v.map_or(0.0, |v| (v.max(0) as f64 / max * BARS).round());
            let _ = write!(
                s,
                "<rect x=\"{LABEL}\" y=\"{y}\" width=\"{w}\" height=\"{}\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
                BAR - 2.0,
                se.color,
                LABEL + w + 4.0,
                y + BAR - 4.0,
                esc(&format(*v))
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Vertical grouped bars: one group per column (a month), one bar per series (new, amended,
/// abolished), each with its count above it.
pub fn vbars(title: &str, series: &[Series<'_>], columns: &[(String, Vec<u64>)]) -> String {
    const HEIGHT: f64 = 180.0;
    const TOP: f64 = 40.0;
    const BAR: f64 = 12.0;
    let group = BAR * series.len() as f64 + 14.0;
    let view = (group * columns.len() as f64 + 20.0).max(360.0);
    let max = columns
        .iter()
        .flat_map(|(_, v)| v.iter())
        .copied()
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let total_h = TOP + HEIGHT + 34.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg role=\"img\" width=\"100%\" style=\"max-width:{view}px\" viewBox=\"0 0 {view} {total_h}\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\"><title>{}</title>",
        esc(title)
    );
    let mut x = 0.0;
    for se in series {
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"4\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"15\" font-size=\"12\">{}</text>",
            se.color,
            x + 16.0,
            esc(se.name)
        );
        x += 24.0 + se.name.chars().count() as f64 * 7.0;
    }
    let base = TOP + HEIGHT;
    let _ = write!(
        s,
        "<line x1=\"0\" y1=\"{base}\" x2=\"{view}\" y2=\"{base}\" stroke=\"#444\"/>"
    );
    for (i, (label, values)) in columns.iter().enumerate() {
        let x0 = 10.0 + group * i as f64;
        for (k, (v, se)) in values.iter().zip(series).enumerate() {
            let h = (*v as f64 / max * HEIGHT).round();
            let x = x0 + BAR * k as f64;
            let _ = write!(
                s,
                "<rect x=\"{x}\" y=\"{}\" width=\"{}\" height=\"{h}\" fill=\"{}\"/>",
                base - h,
                BAR - 2.0,
                se.color
            );
            if *v > 0 {
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{v}</text>",
                    x + (BAR - 2.0) / 2.0,
                    base - h - 3.0
                );
            }
        }
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            x0 + BAR * series.len() as f64 / 2.0,
            base + 16.0,
            esc(label)
        );
    }
    s.push_str("</svg>");
    s
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}
