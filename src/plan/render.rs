//! The plan as text for the terminal, JSON, CSV and one self-contained HTML page (inline SVG
//! chart of the cost before and after by field, no scripts, printable).

use super::{Entry, Kind, Plan, pct_words};
use crate::diag::Lang;
use crate::messages::t;
use crate::model::Manifest;
use crate::money::Money;
use crate::report::chart::{self, Series, esc};
use crate::wording;
use serde_json::json;
use std::fmt::Write as _;

/// How the two revisions are named (`mốc 1bd0bb8`, `bản đang sửa`).
pub struct Sides<'a> {
    /// The baseline.
    pub before: &'a str,
    /// The revision measured.
    pub after: &'a str,
}

fn money_or_unknown(m: Option<Money>, lang: Lang) -> String {
    m.map_or_else(
        || t(lang, "chưa có thông tin", "not stated").to_string(),
        |m| format!("{}/{}", wording::money(m, lang), t(lang, "năm", "year")),
    )
}

fn pct_or_unknown(bp: Option<i64>, lang: Lang) -> String {
    bp.map_or_else(
        || t(lang, "không tính được", "cannot be computed").to_string(),
        |bp| pct_words(bp, lang),
    )
}

/// A field id by its name in the manifest.
pub fn field_name(m: &Manifest, id: &str, lang: Lang) -> String {
    crate::model::Named::name_in(&m.fields, id, lang).to_string()
}

fn title(lang: Lang) -> &'static str {
    t(
        lang,
        "PHƯƠNG ÁN ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH",
        "SIMPLIFICATION PLAN OF ADMINISTRATIVE PROCEDURES",
    )
}

/// The four benefit lines of one procedure, as plans under Circular 02/2017/TT-VPCP word them.
pub fn benefit_lines(e: &Entry, lang: Lang) -> Vec<String> {
    let mut v = vec![
        format!(
            "{}: {}",
            t(
                lang,
                "Chi phí tuân thủ TTHC trước khi đơn giản hóa",
                "Compliance cost before simplification"
            ),
            money_or_unknown(e.cost_before, lang)
        ),
        format!(
            "{}: {}",
            t(
                lang,
                "Chi phí tuân thủ TTHC sau khi đơn giản hóa",
                "Compliance cost after simplification"
            ),
            money_or_unknown(e.cost_after, lang)
        ),
        format!(
            "{}: {}",
            t(lang, "Chi phí tiết kiệm", "Saving"),
            money_or_unknown(e.saving, lang)
        ),
        format!(
            "{}: {}",
            t(lang, "Tỷ lệ cắt giảm chi phí", "Rate of cost cut"),
            pct_or_unknown(e.saving_bp, lang)
        ),
    ];
    if let Some(u) = &e.unmeasured {
        v.push(format!(
            "{} {}",
            u.get(lang),
            t(
                lang,
                "— không cộng vào tổng, đếm là thủ tục chưa đo được chi phí",
                "— left out of the totals, counted as unmeasured"
            )
        ));
    }
    v
}

/// The totals lines.
pub fn totals_lines(p: &Plan, lang: Lang) -> Vec<String> {
    let tt = &p.totals;
    let n = |x: u64| crate::metrics::html::num(x as i128, lang == Lang::En);
    let mut lines = vec![match lang {
        Lang::Vi => format!(
            "{} thủ tục trong phương án; {} thủ tục tính được chi phí; {} thủ tục chưa có thông tin để tính (không cộng vào tổng)",
            n(tt.procedures),
            n(tt.measured),
            n(tt.unmeasured)
        ),
        Lang::En => format!(
            "{} procedures in the plan; {} with a measured cost; {} without the figures to compute it (left out of the totals)",
            n(tt.procedures),
            n(tt.measured),
            n(tt.unmeasured)
        ),
    }];
    if tt.unsourced > 0 {
        lines.push(match lang {
            Lang::Vi => format!(
                "Lưu ý: {} thủ tục được tính từ số liệu chưa ghi nguồn (số hồ sơ một năm hoặc thời gian thực hiện): các con số của các thủ tục đó chưa truy được nguồn theo Điều 27 Thông tư số 02/2017/TT-VPCP, cần ghi nguồn (`compliance.sources`) trước khi trình ký",
                n(tt.unsourced)
            ),
            Lang::En => format!(
                "Note: {} procedure(s) are computed from inputs with no source (applications a year or time spent): their figures cannot be traced as art. 27 of Circular 02/2017/TT-VPCP requires; record the sources (`compliance.sources`) before signing",
                n(tt.unsourced)
            ),
        });
    }
    lines.extend(vec![
        format!(
            "{}: {}",
            t(
                lang,
                "Tổng chi phí trước khi đơn giản hóa",
                "Total cost before"
            ),
            money_or_unknown(Some(tt.cost_before), lang)
        ),
        format!(
            "{}: {}",
            t(
                lang,
                "Tổng chi phí sau khi đơn giản hóa",
                "Total cost after"
            ),
            money_or_unknown(Some(tt.cost_after), lang)
        ),
        format!(
            "{}: {}",
            t(lang, "Tổng chi phí tiết kiệm", "Total saving"),
            money_or_unknown(Some(tt.saving), lang)
        ),
        format!(
            "{}: {}",
            t(lang, "Tỷ lệ cắt giảm chi phí", "Rate of cost cut"),
            pct_or_unknown(tt.saving_bp, lang)
        ),
    ]);
    lines
}

/// The heading line of the sides compared.
pub fn sides_line(s: &Sides<'_>, lang: Lang) -> String {
    format!(
        "{}: {} → {}",
        t(lang, "So sánh", "Between"),
        s.before,
        s.after
    )
}

/// For the terminal.
pub fn human(p: &Plan, m: &Manifest, s: &Sides<'_>, lang: Lang, width: usize) -> String {
    let mut out = String::new();
    let wrap = |out: &mut String, indent: &str, text: &str| {
        let w = width.saturating_sub(indent.chars().count()).max(30);
        for (i, l) in textwrap::wrap(text, w).iter().enumerate() {
            let lead = if i == 0 {
                indent.to_string()
            } else {
                " ".repeat(indent.chars().count() + 2)
            };
            let _ = writeln!(out, "{lead}{l}");
        }
    };
    let _ = writeln!(out, "{}", title(lang));
    wrap(&mut out, "", &sides_line(s, lang));
    wrap(&mut out, "", super::method(lang));
    out.push('\n');
    if p.procedures.is_empty() {
        wrap(
            &mut out,
            "",
            t(
                lang,
                "Không có thủ tục nào được đơn giản hóa giữa hai phiên bản.",
                "No procedure was simplified between the two revisions.",
            ),
        );
    }
    for (i, e) in p.procedures.iter().enumerate() {
        let kind = match e.kind {
            Kind::Amended => "",
            Kind::Abolished => t(lang, " (bãi bỏ)", " (abolished)"),
        };
        wrap(
            &mut out,
            "",
            &format!(
                "{}. {} {}{kind} — {}",
                i + 1,
                e.code,
                e.name.get(lang),
                field_name(m, &e.field, lang)
            ),
        );
        let _ = writeln!(
            out,
            "   {}:",
            t(lang, "Nội dung đơn giản hóa", "What is simplified")
        );
        for c in &e.changes {
            wrap(&mut out, "   - ", c.get(lang));
        }
        for l in benefit_lines(e, lang) {
            wrap(&mut out, "   ", &l);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", t(lang, "Tổng hợp", "Totals"));
    for l in totals_lines(p, lang) {
        wrap(&mut out, "   ", &l);
    }
    let src = p.hourly_income_source.as_ref().map_or_else(
        || t(lang, "chưa có thông tin", "not stated").to_string(),
        |s| s.get(lang).to_string(),
    );
    wrap(
        &mut out,
        "",
        &format!(
            "{}: {}/{} ({}: {src})",
            t(
                lang,
                "Thu nhập bình quân theo giờ",
                "Average income per hour"
            ),
            wording::money(p.hourly_income, lang),
            t(lang, "giờ", "hour"),
            t(lang, "nguồn", "source")
        ),
    );
    out
}

fn money_json(m: Option<Money>) -> serde_json::Value {
    m.map_or(serde_json::Value::Null, |m| json!(m.0))
}

fn pct_json(bp: Option<i64>) -> serde_json::Value {
    // Two decimals exactly: from hundredths of a percent.
    bp.map_or(serde_json::Value::Null, |bp| {
        serde_json::Number::from_f64(bp as f64 / 100.0)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)
    })
}

/// As JSON: `procedures[]` {code, name, cost_before, cost_after, saving, saving_pct,
/// changes[]}, `totals` {cost_before, cost_after, saving, saving_pct, unmeasured}. An
/// unknown cost is `null`, never 0.
pub fn json(p: &Plan, s: &Sides<'_>, lang: Lang) -> String {
    let v = json!({
        "baseline": s.before,
        "to": s.after,
        "method": super::method(lang),
        "hourly_income": p.hourly_income.0,
        "hourly_income_source": p.hourly_income_source.as_ref().map(|x| x.get(lang)),
        "procedures": p.procedures.iter().map(|e| json!({
            "code": e.code,
            "name": e.name.get(lang),
            "field": e.field,
            "kind": e.kind,
            "cost_before": money_json(e.cost_before),
            "cost_after": money_json(e.cost_after),
            "saving": money_json(e.saving),
            "saving_pct": pct_json(e.saving_bp),
            "changes": e.changes.iter().map(|c| c.get(lang)).collect::<Vec<_>>(),
            "unmeasured": e.unmeasured.as_ref().map(|u| u.get(lang)),
        })).collect::<Vec<_>>(),
        "totals": {
            "procedures": p.totals.procedures,
            "measured": p.totals.measured,
            "unmeasured": p.totals.unmeasured,
            "unsourced": p.totals.unsourced,
            "cost_before": p.totals.cost_before.0,
            "cost_after": p.totals.cost_after.0,
            "saving": p.totals.saving.0,
            "saving_pct": pct_json(p.totals.saving_bp),
        },
    });
    serde_json::to_string_pretty(&v).expect("serializable") + "\n"
}

/// As CSV, one row a procedure; an unknown cost is an empty cell, never 0.
pub fn csv(p: &Plan, lang: Lang) -> String {
    let f = |s: &str| crate::sanitize::csv_field(s, false);
    let mut out = String::from(
        "code,name,field,kind,cost_before,cost_after,saving,saving_pct,unmeasured,changes\n",
    );
    let m = |x: Option<Money>| x.map(|m| m.0.to_string()).unwrap_or_default();
    for e in &p.procedures {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{}",
            f(&e.code),
            f(e.name.get(lang)),
            f(&e.field),
            match e.kind {
                Kind::Amended => "amended",
                Kind::Abolished => "abolished",
            },
            m(e.cost_before),
            m(e.cost_after),
            m(e.saving),
            e.saving_bp
                .map(|bp| format!("{}.{:02}", bp / 100, (bp % 100).abs()))
                .unwrap_or_default(),
            f(e.unmeasured.as_ref().map(|u| u.get(lang)).unwrap_or("")),
            f(&e.changes
                .iter()
                .map(|c| c.get(lang))
                .collect::<Vec<_>>()
                .join("; "))
        );
    }
    out
}

/// The chart of cost before and after by field (over the measured procedures).
pub fn chart(p: &Plan, m: &Manifest, lang: Lang) -> String {
    let rows: Vec<(String, Vec<Option<i128>>)> = p
        .by_field
        .iter()
        .map(|(f, (b, a))| {
            (
                field_name(m, f, lang),
                vec![Some(b.0 as i128), Some(a.0 as i128)],
            )
        })
        .collect();
    let series = [
        Series {
            name: t(lang, "Trước khi đơn giản hóa", "Before"),
            color: "#78909c",
        },
        Series {
            name: t(lang, "Sau khi đơn giản hóa", "After"),
            color: "#2e7d32",
        },
    ];
    chart::hbars(
        t(
            lang,
            "Chi phí tuân thủ theo lĩnh vực, trước và sau khi đơn giản hóa (đồng/năm)",
            "Compliance cost by field, before and after simplification (VND a year)",
        ),
        &series,
        &rows,
        &|v| {
            v.map_or_else(
                || t(lang, "chưa có thông tin", "not stated").to_string(),
                |v| {
                    wording::money(
                        Money(v.clamp(i64::MIN as i128, i64::MAX as i128) as i64),
                        lang,
                    )
                },
            )
        },
    )
}

/// One self-contained HTML page.
pub fn html(p: &Plan, m: &Manifest, s: &Sides<'_>, lang: Lang) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\
<style>body{{font-family:'Times New Roman',serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.4}}\
h1{{font-size:1.3rem;text-align:center}}h2{{font-size:1.1rem;margin-top:1.6rem}}\
table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}}\
td.n{{text-align:right;white-space:nowrap}}.note{{color:#444;font-size:.95rem}}\
@media print{{body{{margin:0;max-width:none}}h2{{break-after:avoid}}section{{break-inside:avoid}}}}</style></head><body>\n",
        t(lang, "vi", "en"),
        esc(title(lang))
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(title(lang)));
    let _ = writeln!(out, "<p>{}</p>", esc(&sides_line(s, lang)));
    let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(super::method(lang)));
    let _ = writeln!(
        out,
        "<h2>{}</h2>",
        esc(t(
            lang,
            "Chi phí tuân thủ theo lĩnh vực",
            "Compliance cost by field"
        ))
    );
    if p.by_field.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}</p>",
            esc(t(
                lang,
                "Chưa có thủ tục nào tính được chi phí.",
                "No procedure has a measured cost."
            ))
        );
    } else {
        out.push_str(&chart(p, m, lang));
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        esc(t(lang, "Tổng hợp", "Totals")),
        esc(t(lang, "Lĩnh vực", "Field")),
        esc(t(lang, "Trước (đồng/năm)", "Before (VND a year)")),
        esc(t(lang, "Sau (đồng/năm)", "After (VND a year)")),
    );
    for (f, (b, a)) in &p.by_field {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&field_name(m, f, lang)),
            esc(&wording::money(*b, lang)),
            esc(&wording::money(*a, lang))
        );
    }
    out.push_str("</table>\n<ul>\n");
    for l in totals_lines(p, lang) {
        let _ = writeln!(out, "<li>{}</li>", esc(&l));
    }
    out.push_str("</ul>\n");
    for (i, e) in p.procedures.iter().enumerate() {
        let kind = match e.kind {
            Kind::Amended => "",
            Kind::Abolished => t(lang, " (bãi bỏ)", " (abolished)"),
        };
        let _ = writeln!(
            out,
            "<section><h2>{}. {} {}{}</h2><p class=\"note\">{}</p><p><b>{}:</b></p><ul>",
            i + 1,
            esc(&e.code),
            esc(e.name.get(lang)),
            esc(kind),
            esc(&field_name(m, &e.field, lang)),
            esc(t(lang, "Nội dung đơn giản hóa", "What is simplified"))
        );
        for c in &e.changes {
            let _ = writeln!(out, "<li>{}</li>", esc(c.get(lang)));
        }
        out.push_str("</ul><p><b>");
        out.push_str(&esc(t(
            lang,
            "Lợi ích phương án đơn giản hóa",
            "Benefit of the simplification",
        )));
        out.push_str(":</b></p><ul>");
        for l in benefit_lines(e, lang) {
            let _ = writeln!(out, "<li>{}</li>", esc(&l));
        }
        out.push_str("</ul></section>\n");
    }
    out.push_str("</body></html>\n");
    out
}
