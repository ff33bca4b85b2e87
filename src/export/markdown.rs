//! The decision as Markdown (for review in a pull request or a wiki).

use super::text::t;
use super::{Decision, Section};
use std::fmt::Write as _;

/// Escapes a table cell: pipes would split the cell, newlines would end the row.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', "<br>")
}

/// Renders the decision as Markdown.
pub fn render(d: &Decision) -> String {
    let l = d.lang;
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", d.title);
    let _ = writeln!(
        s,
        "{} {} → {}\n",
        t(
            l,
            "Các thay đổi giữa phiên bản",
            "Changes between revisions"
        ),
        d.from,
        d.to
    );
    if let Some(p) = &d.province {
        let _ = writeln!(s, "{}", t(l, "Căn cứ:", "Having regard to:"));
        for r in &p.resolutions {
            let _ = writeln!(
                s,
                "- {} {} {} {}: {}",
                t(l, "Nghị quyết số", "Resolution"),
                r.number,
                t(l, "ngày", "of"),
                r.issued,
                r.title
            );
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "## {}\n",
        t(
            l,
            "Phần I. Danh mục thủ tục hành chính",
            "Part I. List of administrative procedures"
        )
    );
    for sec in Section::ALL {
        let _ = writeln!(s, "### {}\n", sec.heading(l));
        let (head, rows) = d.table(sec);
        if rows.is_empty() {
            let _ = writeln!(s, "{}\n", t(l, "Không có.", "None."));
            continue;
        }
        let _ = writeln!(s, "| {} |", head.join(" | "));
        let _ = writeln!(s, "|{}", "---|".repeat(head.len()));
        for r in rows {
            let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
            let _ = writeln!(s, "| {} |", cells.join(" | "));
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "## {}\n",
        t(
            l,
            "Phần II. Nội dung cụ thể của từng thủ tục hành chính",
            "Part II. Content of each procedure"
        )
    );
    if d.levels.is_empty() {
        let _ = writeln!(s, "{}\n", t(l, "Không có.", "None."));
    }
    for (gi, g) in d.levels.iter().enumerate() {
        let letter = (b'A' + (gi as u8 % 26)) as char;
        let _ = writeln!(s, "### {letter}. {}\n", g.name);
        for (k, c) in g.procedures.iter().enumerate() {
            let _ = writeln!(s, "#### {}. {} ({})\n", k + 1, c.name, c.code);
            if !c.changed.is_empty() {
                let _ = writeln!(
                    s,
                    "*{}: {}*\n",
                    t(l, "Nội dung sửa đổi, bổ sung", "What changed"),
                    c.changed.join(", ")
                );
            }
            for p in &c.parts {
                if p.lines.len() == 1 {
                    let _ = writeln!(s, "**{}:** {}\n", p.label, p.lines[0]);
                } else {
                    let _ = writeln!(s, "**{}:**\n", p.label);
                    for line in &p.lines {
                        let _ = writeln!(s, "- {line}");
                    }
                    s.push('\n');
                }
            }
        }
    }
    s
}
