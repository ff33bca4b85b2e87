//! The `check` report as one self-contained HTML page: no scripts, no external files, charts
//! as inline SVG, readable when printed.

use super::Report;
use super::targets::Outcome;
use crate::diag::Lang;
use crate::money::group_thousands;
use std::fmt::Write as _;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn num(n: i128) -> String {
    group_thousands(n.clamp(i64::MIN as i128, i64::MAX as i128) as i64, ',')
}

/// Two horizontal bars, baseline and current, scaled to the larger.
fn bars(baseline: i128, current: i128, met: bool, en: bool) -> String {
    let max = baseline.max(current).max(1) as f64;
    let w = |v: i128| (v.max(0) as f64 / max * 300.0).round();
    let color = if met { "#2e7d32" } else { "#c62828" };
    format!(
        "<svg role=\"img\" width=\"460\" height=\"56\" viewBox=\"0 0 460 56\" xmlns=\"http://www.w3.org/2000/svg\">\
<text x=\"0\" y=\"17\" font-size=\"12\">{}</text><rect x=\"80\" y=\"5\" width=\"{}\" height=\"18\" fill=\"#90a4ae\"/>\
<text x=\"{}\" y=\"18\" font-size=\"12\">{}</text>\
<text x=\"0\" y=\"45\" font-size=\"12\">{}</text><rect x=\"80\" y=\"33\" width=\"{}\" height=\"18\" fill=\"{color}\"/>\
<text x=\"{}\" y=\"46\" font-size=\"12\">{}</text></svg>",
        if en { "baseline" } else { "gốc" },
        w(baseline),
        85.0 + w(baseline),
        num(baseline),
        if en { "current" } else { "hiện tại" },
        w(current),
        85.0 + w(current),
        num(current),
    )
}

/// The HTML report.
pub fn report(
    outcomes: &[Outcome],
    baseline: &Report,
    current: &Report,
    rev: &str,
    lang: Lang,
) -> String {
    let en = lang == Lang::En;
    let met = outcomes.iter().filter(|t| t.met).count();
    let mut s = String::new();
    let title = if en {
        "Simplification targets"
    } else {
        "Chỉ tiêu đơn giản hóa thủ tục hành chính"
    };
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}}\
table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}}\
.met{{color:#2e7d32;font-weight:bold}}.missed{{color:#c62828;font-weight:bold}}section{{break-inside:avoid;margin:1.5rem 0}}\
@media print{{body{{margin:0}}}}</style></head><body>\n<h1>{title}</h1>\n",
        if en { "en" } else { "vi" }
    );
    let _ = writeln!(
        s,
        "<p>{} <code>{}</code>: <strong>{met}/{}</strong> {}. {} {} → {}.</p>",
        if en {
            "Against the baseline"
        } else {
            "So với mốc"
        },
        esc(rev),
        outcomes.len(),
        if en {
            "targets met"
        } else {
            "chỉ tiêu đạt"
        },
        if en {
            "Procedures:"
        } else {
            "Số thủ tục:"
        },
        baseline.totals.procedures,
        current.totals.procedures,
    );
    let _ = writeln!(
        s,
        "<table><tr><th></th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        if en { "Target" } else { "Chỉ tiêu" },
        if en { "Baseline" } else { "Gốc" },
        if en { "Current" } else { "Hiện tại" },
        if en { "Change" } else { "Thay đổi" },
        if en { "Required" } else { "Yêu cầu" }
    );
    for t in outcomes {
        let _ = writeln!(
            s,
            "<tr><td class=\"{}\">{}</td><td><code>{}</code> {} ({})</td><td>{}</td><td>{}</td><td>{}</td><td>{:+.2}%</td></tr>",
            if t.met { "met" } else { "missed" },
            if t.met {
                if en { "met" } else { "đạt" }
            } else if en {
                "missed"
            } else {
                "chưa đạt"
            },
            esc(&t.id),
            esc(t.metric),
            esc(&t.scope),
            num(t.baseline),
            num(t.current),
            t.change_pct
                .map(|p| format!("{p:+.2}%"))
                .unwrap_or_else(|| "n/a".into()),
            t.required_pct
        );
    }
    s.push_str("</table>\n");
    for t in outcomes {
        let _ = writeln!(
            s,
            "<section><h2>{} <code>{}</code></h2>",
            esc(t.title.as_deref().unwrap_or(t.metric)),
            esc(&t.id)
        );
        if let Some(b) = &t.basis {
            let _ = writeln!(
                s,
                "<p>{}: {}</p>",
                if en { "Basis" } else { "Căn cứ" },
                esc(b)
            );
        }
        s.push_str(&bars(t.baseline, t.current, t.met, en));
        if let Some(n) = &t.note {
            let _ = writeln!(s, "<p>{}</p>", esc(n));
        }
        if !t.helped.is_empty() || !t.hurt.is_empty() {
            let _ = writeln!(
                s,
                "<table><tr><th>{}</th><th>{}</th><th></th></tr>",
                if en { "Procedure" } else { "Thủ tục" },
                if en { "Change" } else { "Thay đổi" },
            );
            for c in t.helped.iter().chain(&t.hurt) {
                let _ = writeln!(
                    s,
                    "<tr><td><code>{}</code> {}</td><td>{}{}</td><td>{}</td></tr>",
                    esc(&c.code),
                    esc(&c.name),
                    if c.delta > 0 { "+" } else { "" },
                    num(c.delta),
                    if c.delta < 0 {
                        if en { "helps" } else { "giúp đạt" }
                    } else if en {
                        "hurts"
                    } else {
                        "cản trở"
                    }
                );
            }
            s.push_str("</table>\n");
        }
        s.push_str("</section>\n");
    }
    s.push_str("</body></html>\n");
    s
}
