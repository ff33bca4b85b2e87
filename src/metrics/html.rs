//! The `check` report as one self-contained HTML page: no scripts, no external files, charts
//! as inline SVG, readable when printed.

use super::Report;
use super::targets::Outcome;
use super::words;
use crate::diag::Lang;
use crate::money::group_thousands;
use std::fmt::Write as _;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A whole number as each language groups it: 10.000 in Vietnamese, 10,000 in English.
pub fn num(n: i128, en: bool) -> String {
    group_thousands(
        n.clamp(i64::MIN as i128, i64::MAX as i128) as i64,
        if en { ',' } else { '.' },
    )
}

/// What a metric counts, for labels: "ngày làm việc", "VND a year".
pub fn unit(metric: &str, en: bool) -> &'static str {
    match (metric, en) {
        ("declared_fields", false) => "trường thông tin",
        ("declared_fields", true) => "fields",
        ("documents", false) => "bản giấy tờ",
        ("documents", true) => "document copies",
        ("deadline_working_days", false) => "ngày làm việc",
        ("deadline_working_days", true) => "working days",
        ("fees_total", false) => "đồng",
        ("fees_total", true) => "VND",
        ("compliance_cost", false) => "đồng/năm",
        ("compliance_cost", true) => "VND a year",
        ("procedures", false) => "thủ tục",
        ("procedures", true) => "procedures",
        (_, false) => "",
        (_, true) => "",
    }
}

/// Width of a chart's view box: the bars, then the widest value label with its unit.
const VIEW_WIDTH: f64 = 740.0;

/// Baseline and current as two horizontal bars on one scale, with the value the target
/// allows drawn as a dashed line, and each value with its unit beside the bars.
fn bars(t: &Outcome, en: bool) -> String {
    const LEFT: f64 = 90.0;
    const WIDTH: f64 = 400.0;
    const VIEW: f64 = VIEW_WIDTH;
    let target = (t.baseline as f64 * (1.0 + t.required_pct / 100.0)).round() as i128;
    let max = t.baseline.max(t.current).max(target).max(1) as f64;
    let w = |v: i128| (v.max(0) as f64 / max * WIDTH).round();
    let color = if t.met { "#2e7d32" } else { "#c62828" };
    let unit = unit(t.metric, en);
    // Values in their own column right of the bars: never under the target's line, never
    // past the chart's edge (the longest, a cost in the trillions, is about 210 px).
    let label = |y: f64, v: i128| {
        format!(
            "<text x=\"{}\" y=\"{y}\" font-size=\"13\">{}</text>",
            LEFT + WIDTH + 10.0,
            esc(&format!("{} {unit}", num(v, en)))
        )
    };
    let tx = LEFT + w(target);
    let target_text = format!(
        "{} {} {unit} ({})",
        if en {
            "target at most"
        } else {
            "mục tiêu: không quá"
        },
        num(target, en),
        words::pct(t.required_pct, if en { Lang::En } else { Lang::Vi })
    );
    // The target's label is anchored so that it stays inside the view box.
    let anchor = if tx > VIEW / 2.0 { "end" } else { "start" };
    format!(
        "<svg role=\"img\" width=\"100%\" style=\"max-width:{VIEW}px\" viewBox=\"0 0 {VIEW} 84\" xmlns=\"http://www.w3.org/2000/svg\">\
<title>{}</title>\
<text x=\"0\" y=\"36\" font-size=\"13\">{}</text><rect x=\"{LEFT}\" y=\"22\" width=\"{}\" height=\"20\" fill=\"#78909c\"/>{}\
<text x=\"0\" y=\"66\" font-size=\"13\">{}</text><rect x=\"{LEFT}\" y=\"52\" width=\"{}\" height=\"20\" fill=\"{color}\"/>{}\
<line x1=\"{tx}\" y1=\"16\" x2=\"{tx}\" y2=\"78\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>\
<text x=\"{tx}\" y=\"12\" font-size=\"12\" text-anchor=\"{anchor}\">{}</text></svg>",
        esc(&words::title(t, if en { Lang::En } else { Lang::Vi })),
        if en { "baseline" } else { "mốc gốc" },
        w(t.baseline),
        label(36.0, t.baseline),
        if en { "current" } else { "hiện tại" },
        w(t.current),
        label(66.0, t.current),
        esc(&target_text),
    )
}

/// The HTML report.
pub fn report(
    outcomes: &[Outcome],
    baseline: &Report,
    current: &Report,
    rev: &str,
    manifest: &crate::model::Manifest,
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
td.n{{text-align:right}}td.v,.nw{{white-space:nowrap}}\
.met{{color:#2e7d32;font-weight:bold;white-space:nowrap}}.missed{{color:#c62828;font-weight:bold;white-space:nowrap}}section{{break-inside:avoid;margin:1.5rem 0}}\
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
            "<tr><td class=\"{}\">{}</td><td>{} <small>({})</small></td><td class=\"n\"><span class=\"nw\">{}</span> <small>{unit}</small></td><td class=\"n\"><span class=\"nw\">{}</span> <small>{unit}</small></td><td class=\"n nw\">{}</td><td class=\"n nw\">{}</td></tr>",
            if t.met { "met" } else { "missed" },
            if t.met {
                if en { "met" } else { "đạt" }
            } else if en {
                "missed"
            } else {
                "chưa đạt"
            },
            esc(&words::title(t, lang)),
            esc(&words::scope(&t.scope, manifest, lang)),
            num(t.baseline, en),
            num(t.current, en),
            t.change_pct
                .map(|p| words::pct(p, lang))
                .unwrap_or_else(|| (if en {
                    "no percentage"
                } else {
                    "không tính được"
                })
                .into()),
            words::pct(t.required_pct, lang),
            unit = esc(unit(t.metric, en)),
        );
    }
    s.push_str("</table>\n");
    for t in outcomes {
        let _ = writeln!(s, "<section><h2>{}</h2>", esc(&words::title(t, lang)),);
        if let Some(b) = &t.basis {
            let _ = writeln!(
                s,
                "<p>{}: {}</p>",
                if en { "Basis" } else { "Căn cứ" },
                esc(b)
            );
        }
        if t.scope == "each" {
            // Each procedure is held to its own baseline: a chart of the sums would show a
            // total above the target for a target that is met (new procedures have no
            // baseline to compare with).
            let _ = writeln!(
                s,
                "<p>{}</p>",
                esc(&match (t.change_pct, en) {
                    (Some(p), true) => format!(
                        "Each procedure is compared with itself at the baseline: the largest change is {} (at most {} allowed). New procedures have no baseline to compare with.",
                        words::pct(p, lang),
                        words::pct(t.required_pct, lang)
                    ),
                    (Some(p), false) => format!(
                        "Từng thủ tục được so với chính nó ở mốc gốc: thay đổi lớn nhất là {} (yêu cầu không quá {}). Thủ tục mới không có mốc để so.",
                        words::pct(p, lang),
                        words::pct(t.required_pct, lang)
                    ),
                    (None, true) => "Each procedure is compared with itself at the baseline; no procedure of the baseline is left to compare.".into(),
                    (None, false) => "Từng thủ tục được so với chính nó ở mốc gốc; không còn thủ tục nào của mốc gốc để so.".into(),
                })
            );
        } else {
            s.push_str(&bars(t, en));
        }
        if let Some(n) = &t.note {
            let _ = writeln!(s, "<p>{}</p>", esc(n.get(lang)));
        }
        if let Some(n) = words::unmeasured(t, lang) {
            let _ = writeln!(s, "<p>{}</p>", esc(&n));
        }
        if !t.helped.is_empty() || !t.hurt.is_empty() {
            let _ = writeln!(
                s,
                "<table><tr><th>{}</th><th>{} ({})</th><th></th></tr>",
                if en { "Procedure" } else { "Thủ tục" },
                if en { "Change" } else { "Thay đổi" },
                esc(unit(t.metric, en)),
            );
            for c in t.helped.iter().chain(&t.hurt) {
                let _ = writeln!(
                    s,
                    "<tr><td><code>{}</code> {}{}</td><td class=\"n nw\">{}{}</td><td class=\"v\">{}</td></tr>",
                    esc(&c.code),
                    esc(&c.name),
                    match (c.baseline, c.current, en) {
                        (None, _, true) => " <small>(new procedure)</small>",
                        (None, _, false) => " <small>(thủ tục mới)</small>",
                        (_, None, true) => " <small>(abolished)</small>",
                        (_, None, false) => " <small>(đã bãi bỏ)</small>",
                        _ => "",
                    },
                    if c.delta > 0 { "+" } else { "" },
                    num(c.delta, en),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(baseline: i128, current: i128, required_pct: f64) -> Outcome {
        Outcome {
            id: "cost-20".into(),
            title: Some(crate::model::Text {
                vi: "Giảm 20% chi phí tuân thủ".into(),
                en: None,
            }),
            metric: "compliance_cost",
            scope: "all".into(),
            baseline,
            current,
            change_pct: None,
            required_pct,
            met: false,
            note: None,
            helped: Vec::new(),
            hurt: Vec::new(),
            basis: None,
            unmeasured: 0,
        }
    }

    /// The x where each `<text>` starts and its text, from the SVG.
    fn texts(svg: &str) -> Vec<(f64, String, bool)> {
        svg.split("<text ")
            .skip(1)
            .map(|t| {
                let x: f64 = t["x=\"".len()..]
                    .split('"')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                let body = t.split('>').nth(1).unwrap().split('<').next().unwrap();
                (x, body.to_string(), t.contains("text-anchor=\"end\""))
            })
            .collect()
    }

    #[test]
    fn labels_stay_inside_the_chart_and_the_target_is_a_line() {
        for (b, c) in [
            (794_372_200_000, 1_242_922_870_600),
            (1, 0),
            (0, 0),
            (158, 158),
        ] {
            let svg = bars(&outcome(b, c, -20.0), false);
            assert!(svg.contains("stroke-dasharray"), "{svg}");
            assert!(svg.contains("mục tiêu:"), "{svg}");
            for (x, text, end) in texts(&svg) {
                // 12 px Latin text is at most ~7 px a character.
                let w = text.chars().count() as f64 * 7.0;
                let (from, to) = if end { (x - w, x) } else { (x, x + w) };
                assert!(from >= 0.0 && to <= VIEW_WIDTH, "{text} at {x}: {svg}");
            }
        }
        let svg = bars(&outcome(794_372_200_000, 600_000_000_000, -20.0), false);
        assert!(svg.contains("794.372.200.000 đồng/năm"), "{svg}");
        assert!(svg.contains("635.497.760.000 đồng/năm"), "{svg}");
        let en = bars(&outcome(794_372_200_000, 600_000_000_000, -20.0), true);
        assert!(en.contains("794,372,200,000 VND a year"), "{en}");
    }
}
