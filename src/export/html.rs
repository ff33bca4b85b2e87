//! The decision as a self-contained HTML page that prints well: A4 pages, Part I tables in
//! landscape, table headers repeated on every page, rows and headings never split from
//! what follows them.

use super::text::t;
use super::{Decision, Section};
use std::fmt::Write as _;

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const CSS: &str = "
body { font-family: 'Times New Roman', Times, serif; font-size: 13pt; line-height: 1.35;
  max-width: 60em; margin: 2em auto; padding: 0 1em; color: #000; }
h1 { font-size: 15pt; text-align: center; text-transform: uppercase; }
h2 { font-size: 14pt; text-transform: uppercase; margin-top: 1.5em; }
h3 { font-size: 13pt; } h4 { font-size: 13pt; font-style: italic; }
.meta { text-align: center; font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: 11pt; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; text-align: left; }
th { background: #eee; text-align: center; }
td.no { text-align: center; width: 2.5em; }
dl dt { font-weight: bold; margin-top: 0.4em; } dl dd { margin-left: 1.5em; }
.changed { font-style: italic; }
@page { size: A4; margin: 20mm 15mm 20mm 25mm; }
@page annex { size: A4 landscape; margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  .annex { page: annex; }
  thead { display: table-header-group; }
  tr, td, th { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .part2 { break-before: page; page-break-before: always; }
  .procedure { break-inside: auto; }
  dt { break-after: avoid; page-break-after: avoid; }
}
";

/// Renders the decision as HTML.
pub fn render(d: &Decision) -> String {
    let l = d.lang;
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        t(l, "vi", "en"),
        esc(&d.title)
    );
    let _ = writeln!(s, "<h1>{}</h1>", esc(&d.title));
    let _ = writeln!(
        s,
        "<p class=\"meta\">{} {} → {}</p>",
        t(
            l,
            "Các thay đổi giữa phiên bản",
            "Changes between revisions"
        ),
        esc(&d.from),
        esc(&d.to)
    );
    if let Some(p) = &d.province {
        let _ = writeln!(s, "<p>{}</p>\n<ul>", t(l, "Căn cứ:", "Having regard to:"));
        for r in &p.resolutions {
            let _ = writeln!(
                s,
                "<li>{} {} {} {}: {}</li>",
                t(l, "Nghị quyết số", "Resolution"),
                esc(&r.number),
                t(l, "ngày", "of"),
                esc(&r.issued),
                esc(&r.title)
            );
        }
        s.push_str("</ul>\n");
    }
    let _ = writeln!(
        s,
        "<section class=\"annex\">\n<h2>{}</h2>",
        t(
            l,
            "Phần I. Danh mục thủ tục hành chính",
            "Part I. List of administrative procedures"
        )
    );
    for sec in Section::ALL {
        let _ = writeln!(s, "<h3>{}</h3>", esc(sec.heading(l)));
        let (head, rows) = d.table(sec);
        if rows.is_empty() {
            let _ = writeln!(s, "<p>{}</p>", t(l, "Không có.", "None."));
            continue;
        }
        s.push_str("<table>\n<thead><tr>");
        for h in &head {
            let _ = write!(s, "<th>{}</th>", esc(h));
        }
        s.push_str("</tr></thead>\n<tbody>\n");
        for r in rows {
            s.push_str("<tr>");
            for (k, c) in r.iter().enumerate() {
                let class = if k == 0 { " class=\"no\"" } else { "" };
                let _ = write!(s, "<td{class}>{}</td>", esc(c));
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody>\n</table>\n");
    }
    s.push_str("</section>\n");
    let _ = writeln!(
        s,
        "<section class=\"part2\">\n<h2>{}</h2>",
        t(
            l,
            "Phần II. Nội dung cụ thể của từng thủ tục hành chính",
            "Part II. Content of each procedure"
        )
    );
    if d.levels.is_empty() {
        let _ = writeln!(s, "<p>{}</p>", t(l, "Không có.", "None."));
    }
    for (gi, g) in d.levels.iter().enumerate() {
        let letter = (b'A' + (gi as u8 % 26)) as char;
        let _ = writeln!(s, "<h3>{letter}. {}</h3>", esc(&g.name));
        for (k, c) in g.procedures.iter().enumerate() {
            let _ = writeln!(
                s,
                "<article class=\"procedure\">\n<h4>{}. {} ({})</h4>",
                k + 1,
                esc(&c.name),
                esc(&c.code)
            );
            if !c.changed.is_empty() {
                let _ = writeln!(
                    s,
                    "<p class=\"changed\">{}: {}</p>",
                    t(l, "Nội dung sửa đổi, bổ sung", "What changed"),
                    esc(&c.changed.join(", "))
                );
            }
            s.push_str("<dl>\n");
            for p in &c.parts {
                let _ = writeln!(s, "<dt>{}</dt>", esc(&p.label));
                for line in &p.lines {
                    let _ = writeln!(s, "<dd>{}</dd>", esc(line));
                }
            }
            s.push_str("</dl>\n</article>\n");
        }
    }
    s.push_str("</section>\n</body>\n</html>\n");
    s
}
