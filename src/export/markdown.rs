//! The decision as Markdown (for review in a pull request or a wiki).

use super::{Decision, Section};
use crate::wording::t;
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
    front(&mut s, &d.front);
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
        let _ = writeln!(s, "### {}\n", d.section_heading(sec));
        let table = d.table(sec);
        if table.lines.is_empty() {
            let _ = writeln!(s, "{}\n", t(l, "Không có.", "None."));
            continue;
        }
        // Markdown tables cannot span a heading across their columns: each field group is
        // its own table under its heading.
        let mut open = false;
        for line in &table.lines {
            match line {
                super::Line::Level(h) => {
                    if open {
                        s.push('\n');
                        open = false;
                    }
                    let _ = writeln!(s, "**{}**\n", h);
                }
                super::Line::Field(h) => {
                    if open {
                        s.push('\n');
                    }
                    let _ = writeln!(s, "*{}*\n", h);
                    let _ = writeln!(s, "| {} |", table.head.join(" | "));
                    let _ = writeln!(s, "|{}", "---|".repeat(table.head.len()));
                    open = true;
                }
                super::Line::Row(r) => {
                    let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
                    let _ = writeln!(s, "| {} |", cells.join(" | "));
                }
            }
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
            for (n, p) in c.parts.iter().enumerate() {
                let _ = writeln!(s, "**{}. {}:**\n", n + 1, p.label);
                for line in p.lines.iter().flat_map(|x| x.lines()) {
                    let line = super::unbulleted(line);
                    if !line.is_empty() {
                        let _ = writeln!(s, "- {line}");
                    }
                }
                s.push('\n');
            }
        }
    }
    s
}

/// The form of Decree 30/2020/NĐ-CP around the annex, up to the annex heading: shared by
/// every kind of decision.
pub fn front(s: &mut String, f: &super::form::Front) {
    // The header block as a two-column table: issuing body | national name and motto.
    let mut left: Vec<String> = f.parent.iter().cloned().collect();
    left.extend(f.issuer.iter().map(|l| format!("**{l}**")));
    left.push(cell(&f.number));
    let right = [
        format!("**{}**", f.motto_name),
        format!("**{}**", f.motto),
        format!("*{}*", f.place_date),
    ];
    let _ = writeln!(
        s,
        "| {} | {} |\n|:---:|:---:|\n",
        left.join("<br>"),
        right.join("<br>")
    );
    let _ = writeln!(
        s,
        "# {}\n\n**{}**\n\n**{}**\n",
        f.kind, f.subject, f.authority
    );
    for g in &f.grounds {
        let _ = writeln!(s, "*{g}*\n");
    }
    let _ = writeln!(s, "*{}*\n\n**{}**\n", f.proposal, f.decides);
    for a in &f.articles {
        for (k, text) in a.text.iter().enumerate() {
            if k == 0 {
                let _ = writeln!(s, "**{}** {text}\n", a.heading);
            } else {
                let _ = writeln!(s, "{text}\n");
            }
        }
    }
    let _ = writeln!(
        s,
        "| {} | {} |\n|:---|:---:|\n",
        std::iter::once(format!("***{}***", f.recipients_label))
            .chain(f.recipients.iter().map(|r| cell(r)))
            .collect::<Vec<_>>()
            .join("<br>"),
        f.signer_title
            .iter()
            .map(|l| format!("**{l}**"))
            .chain(["<br><br><br>".to_string()])
            .chain((!f.signer.is_empty()).then(|| format!("**{}**", f.signer)))
            .collect::<Vec<_>>()
            .join("<br>")
    );
    let _ = writeln!(s, "---\n");
    let _ = writeln!(
        s,
        "## {}\n\n**{}**\n\n*{}*\n",
        f.annex[0], f.annex[1], f.annex[2]
    );
}
