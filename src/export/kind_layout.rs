//! Process and list decisions laid out: Markdown, HTML, DOCX (with the catalogue decision's
//! front matter) and CSV for the one-stop system.

use super::process::{KindDecision, ListRow};
use crate::wording::t;
use std::fmt::Write as _;

fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', "<br>")
}

/// Markdown.
pub fn markdown(d: &KindDecision) -> String {
    let l = d.lang;
    let mut s = String::new();
    super::markdown::front(&mut s, &d.front);
    if d.is_empty() {
        let _ = writeln!(s, "{}\n", t(l, "Không có.", "None."));
    }
    for e in &d.procedures {
        let _ = writeln!(s, "### {}. {} ({})\n", e.no, md_cell(&e.name), e.code);
        let _ = writeln!(
            s,
            "- {}: {}\n- {}: {}\n",
            t(l, "Cách thức thực hiện", "Channels"),
            e.channels.join(", "),
            t(l, "Thời hạn giải quyết", "Deadline"),
            md_cell(&e.deadline.text)
        );
        let head = d.step_head();
        let _ = writeln!(s, "| {} |\n|:---:|:---|:---|:---|:---|", head.join(" | "));
        for st in &e.steps {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                st.step,
                md_cell(&st.name),
                md_cell(&st.unit),
                md_cell(&st.time.text),
                md_cell(st.output.as_deref().unwrap_or(""))
            );
        }
        let (label, total, deadline) = d.total_cells(e);
        let _ = writeln!(
            s,
            "|  | **{}** |  | **{}** | {} |\n",
            label,
            md_cell(&total),
            md_cell(&deadline)
        );
    }
    for (heading, rows) in d.lists() {
        let _ = writeln!(s, "### {heading}\n");
        if rows.is_empty() {
            let _ = writeln!(s, "{}\n", t(l, "Không có.", "None."));
            continue;
        }
        let head = d.list_head();
        let _ = writeln!(
            s,
            "| {} |\n|:---:|:---|:---|:---|:---|:---|:---|",
            head.join(" | ")
        );
        for r in rows {
            let cells: Vec<String> = KindDecision::list_cells(r)
                .iter()
                .map(|c| md_cell(c))
                .collect();
            let _ = writeln!(s, "| {} |", cells.join(" | "));
        }
        s.push('\n');
    }
    s
}

fn esc(s: &str) -> String {
    super::html::esc(s)
}

/// A self-contained HTML page that prints well (A4, table headers repeated on every page).
pub fn html(d: &KindDecision) -> String {
    let l = d.lang;
    let mut s = super::html::page_start(&d.title, l);
    super::html::front(&mut s, &d.front);
    if d.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", t(l, "Không có.", "None."));
    }
    for e in &d.procedures {
        let _ = writeln!(
            s,
            "<h3>{}. {} ({})</h3>\n<p>{}: {}<br>{}: {}</p>",
            e.no,
            esc(&e.name),
            esc(&e.code),
            t(l, "Cách thức thực hiện", "Channels"),
            esc(&e.channels.join(", ")),
            t(l, "Thời hạn giải quyết", "Deadline"),
            esc(&e.deadline.text)
        );
        s.push_str("<table class=\"steps\">\n<colgroup><col style=\"width:7%\"><col style=\"width:33%\"><col style=\"width:25%\"><col style=\"width:15%\"><col style=\"width:20%\"></colgroup>\n<thead><tr>");
        for h in d.step_head() {
            let _ = write!(s, "<th>{}</th>", esc(h));
        }
        s.push_str("</tr></thead>\n<tbody>\n");
        for st in &e.steps {
            let _ = writeln!(
                s,
                "<tr><td class=\"no\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                st.step,
                esc(&st.name),
                esc(&st.unit),
                esc(&st.time.text),
                esc(st.output.as_deref().unwrap_or(""))
            );
        }
        let (label, total, deadline) = d.total_cells(e);
        let _ = writeln!(
            s,
            "<tr class=\"total\"><td colspan=\"3\" class=\"b\">{}</td><td class=\"b\">{}</td><td>{}</td></tr>\n</tbody>\n</table>",
            esc(&label),
            esc(&total),
            esc(&deadline)
        );
    }
    for (heading, rows) in d.lists() {
        let _ = writeln!(s, "<h3>{}</h3>", esc(&heading));
        if rows.is_empty() {
            let _ = writeln!(s, "<p>{}</p>", t(l, "Không có.", "None."));
            continue;
        }
        s.push_str("<table class=\"list\">\n<thead><tr>");
        for h in d.list_head() {
            let _ = write!(s, "<th>{}</th>", esc(h));
        }
        s.push_str("</tr></thead>\n<tbody>\n");
        for r in rows {
            s.push_str("<tr>");
            for (k, c) in KindDecision::list_cells(r).iter().enumerate() {
                let class = if k == 0 { " class=\"no\"" } else { "" };
                let _ = write!(s, "<td{class}>{}</td>", esc(c));
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody>\n</table>\n");
    }
    s.push_str("</section>\n</body>\n</html>\n");
    s
}

/// The CSV of a process decision: one row per step, for the one-stop system; of a list
/// decision: one row per procedure.
pub fn csv(d: &KindDecision) -> String {
    use crate::sanitize::csv_field;
    let mut out = String::new();
    if d.kind == super::process::Kind::Process {
        const COLUMNS: [&str; 7] = [
            "code",
            "step",
            "name",
            "unit",
            "amount",
            "time_unit",
            "output",
        ];
        out.push_str(&COLUMNS.join(","));
        out.push_str("\r\n");
        for e in &d.procedures {
            for st in &e.steps {
                let unit = serde_json::to_value(st.time.unit)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let cells = [
                    e.code.clone(),
                    st.step.to_string(),
                    st.name.clone(),
                    st.unit.clone(),
                    st.time.amount.to_string(),
                    unit,
                    st.output.clone().unwrap_or_default(),
                ];
                let line: Vec<String> = cells
                    .iter()
                    .enumerate()
                    .map(|(k, c)| csv_field(c, matches!(COLUMNS[k], "step" | "amount")))
                    .collect();
                out.push_str(&line.join(","));
                out.push_str("\r\n");
            }
        }
        return out;
    }
    const COLUMNS: [&str; 9] = [
        "section",
        "no",
        "code",
        "national_code",
        "name",
        "field",
        "levels",
        "agency",
        "detail",
    ];
    out.push_str(&COLUMNS.join(","));
    out.push_str("\r\n");
    let sections: [(&str, &Option<Vec<ListRow>>); 3] = [
        ("list", &d.list),
        ("added", &d.added),
        ("removed", &d.removed),
    ];
    for (id, rows) in sections {
        for r in rows.iter().flatten() {
            let cells = [
                id.to_string(),
                r.no.to_string(),
                r.code.clone(),
                r.national_code.clone(),
                r.name.clone(),
                r.field.clone(),
                r.levels.join("; "),
                r.agency.clone(),
                r.detail.clone(),
            ];
            let line: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(k, c)| csv_field(c, COLUMNS[k] == "no"))
                .collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// A Word document: the front matter in the form of Decree 30/2020/NĐ-CP, then the annex with
/// one table per procedure (or the lists), portrait A4.
pub fn docx(d: &KindDecision) -> Result<Vec<u8>, String> {
    use super::docx::{P, R, W};
    let l = d.lang;
    let mut w = W::default();
    super::docx::front_matter(&mut w, &d.front);
    let bold = |size| R {
        bold: true,
        size,
        ..R::default()
    };
    let plain = |size| R {
        size,
        ..R::default()
    };
    let heading = P {
        before: 240,
        after: 120,
        keep_next: true,
        jc: "both",
        ..P::default()
    };
    if d.is_empty() {
        w.para(
            t(l, "Không có.", "None."),
            P::default(),
            plain(super::docx::BODY),
        );
    }
    let usable = super::docx::A4_W - super::docx::LEFT - super::docx::RIGHT;
    for e in &d.procedures {
        w.para(
            &format!("{}. {} ({})", e.no, e.name, e.code),
            heading,
            bold(super::docx::BODY),
        );
        w.para(
            &format!(
                "{}: {}. {}: {}.",
                t(l, "Cách thức thực hiện", "Channels"),
                e.channels.join(", "),
                t(l, "Thời hạn giải quyết", "Deadline"),
                e.deadline.text
            ),
            P {
                jc: "both",
                after: 120,
                keep_next: true,
                ..P::default()
            },
            plain(super::docx::BODY),
        );
        let widths = [9, 31, 25, 15, 20].map(|p: u32| usable * p / 100);
        let head: Vec<String> = d.step_head().iter().map(|h| h.to_string()).collect();
        let mut rows: Vec<Vec<String>> = e
            .steps
            .iter()
            .map(|st| {
                vec![
                    st.step.to_string(),
                    st.name.clone(),
                    st.unit.clone(),
                    st.time.text.clone(),
                    st.output.clone().unwrap_or_default(),
                ]
            })
            .collect();
        let (label, total, deadline) = d.total_cells(e);
        rows.push(vec![label, total, deadline]);
        super::docx::grid_table(&mut w, &widths, &head, &rows);
    }
    for (heading_text, rows) in d.lists() {
        w.para(&heading_text, heading, bold(super::docx::BODY));
        if rows.is_empty() {
            w.para(
                t(l, "Không có.", "None."),
                P::default(),
                plain(super::docx::BODY),
            );
            continue;
        }
        let head: Vec<String> = d.list_head().iter().map(|h| h.to_string()).collect();
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| KindDecision::list_cells(r).to_vec())
            .collect();
        // Landscape, as Part I of the catalogue decision: codes stay on one line.
        let wide = (super::docx::A4_H - super::docx::LEFT - super::docx::RIGHT) as f64;
        let heads: Vec<&str> = head.iter().map(String::as_str).collect();
        let widths: Vec<u32> = super::column_widths(&heads, &cells, &[2])
            .iter()
            .map(|f| (f * wide) as u32)
            .collect();
        super::docx::grid_table(&mut w, &widths, &head, &cells);
    }
    super::docx::finish(
        w,
        &d.title,
        l,
        d.procedures.is_empty() && d.kind != super::process::Kind::Process,
    )
}
