//! The decision as a self-contained HTML page that prints well: A4 pages, Part I tables in
//! landscape, table headers repeated on every page, rows and headings never split from
//! what follows them.

use super::{Decision, Section, column_widths, unbreakable, unbulleted};
use crate::wording::t;
use std::fmt::Write as _;

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
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

/// Escapes a text and keeps each document number on one line.
fn nb(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 16);
    for (piece, whole) in unbreakable(s) {
        if whole {
            o.push_str("<span class=\"nb\">");
            o.push_str(&esc(piece));
            o.push_str("</span>");
        } else {
            o.push_str(&esc(piece));
        }
    }
    o
}

const CSS: &str = "
body { font-family: 'Times New Roman', Times, serif; font-size: 14pt; line-height: 1.35;
  max-width: 60em; margin: 2em auto; padding: 0 1em; color: #000; }
h1 { font-size: 14pt; text-align: center; margin: 1.2em 0 0; }
.b { font-weight: bold; } .i { font-style: italic; } .bi { font-weight: bold; font-style: italic; }
.c { text-align: center; margin: 0; }
table.head, table.sign { border: none; width: 100%; margin: 0; font-size: 13pt; }
table.head td, table.sign td { border: none; text-align: center; vertical-align: top; padding: 0; }
table.head td.issuer { width: 38%; } table.head td.motto { width: 62%; }
table.head .motto .b:first-child { font-size: 12.5pt; }
hr.short { width: 30%; border: 0; border-top: 1px solid #000; margin: 2pt auto; }
hr.mid { width: 45%; border: 0; border-top: 1px solid #000; margin: 2pt auto 6pt; }
.subject, .authority, .decides { text-align: center; font-weight: bold; margin: 0.3em 0; }
.authority { margin: 1em 0; }
.ground { font-style: italic; text-align: justify; text-indent: 1.27cm; margin: 0.3em 0; }
.article { text-align: justify; text-indent: 1.27cm; margin: 0.3em 0; }
table.sign td.recipients { width: 45%; text-align: left; font-size: 11pt; }
table.sign td.recipients .bi { font-size: 12pt; }
table.sign td.signer { width: 55%; font-size: 14pt; } .space { height: 5em; }
.annex { break-before: page; page-break-before: always; }
.nb { white-space: nowrap; }
table.list { table-layout: fixed; font-size: 10pt; }
table.list td { overflow-wrap: break-word; }
table.list tr.group td { font-weight: bold; }
h2 { font-size: 14pt; text-transform: uppercase; margin-top: 1.5em; }
h3 { font-size: 13pt; } h4 { font-size: 13pt; font-style: italic; }
.meta { text-align: center; font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: 11pt; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; text-align: left; }
th { background: #eee; text-align: center; }
td.no { text-align: center; width: 2.5em; }
dl dt { font-weight: bold; margin-top: 0.4em; } dl dd { margin-left: 1.5em; }
.changed { font-style: italic; }
@page { size: A4; margin: 20mm 15mm 20mm 30mm; @top-center { content: counter(page); font: 13pt 'Times New Roman', serif; } }
@page :first { @top-center { content: none; } }
@page annex { size: A4 landscape; margin: 20mm 15mm 20mm 30mm; }
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
    let mut s = page_start(&d.title, l);
    front(&mut s, &d.front);
    let _ = writeln!(
        s,
        "<h2>{}</h2>",
        t(
            l,
            "Phần I. Danh mục thủ tục hành chính",
            "Part I. List of administrative procedures"
        )
    );
    for sec in Section::ALL {
        let _ = writeln!(s, "<h3>{}</h3>", esc(&d.section_heading(sec)));
        let table = d.table(sec);
        if table.lines.is_empty() {
            let _ = writeln!(s, "<p>{}</p>", t(l, "Không có.", "None."));
            continue;
        }
        s.push_str("<table class=\"list\">\n<colgroup>");
        for w in column_widths(&table.head, &table.rows(), &table.wide) {
            let _ = write!(s, "<col style=\"width:{:.1}%\">", w * 100.0);
        }
        s.push_str("</colgroup>\n<thead><tr>");
        for h in &table.head {
            let _ = write!(s, "<th>{}</th>", esc(h));
        }
        s.push_str("</tr></thead>\n<tbody>\n");
        let span = table.head.len();
        for line in &table.lines {
            match line {
                super::Line::Level(h) | super::Line::Field(h) => {
                    let _ = writeln!(
                        s,
                        "<tr class=\"group\"><td colspan=\"{span}\">{}</td></tr>",
                        esc(h)
                    );
                }
                super::Line::Row(r) => {
                    s.push_str("<tr>");
                    for (k, c) in r.iter().enumerate() {
                        let class = if k == 0 { " class=\"no\"" } else { "" };
                        let _ = write!(s, "<td{class}>{}</td>", nb(c));
                    }
                    s.push_str("</tr>\n");
                }
            }
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
            for (n, p) in c.parts.iter().enumerate() {
                let _ = writeln!(s, "<dt>{}. {}</dt>", n + 1, esc(&p.label));
                for line in p.lines.iter().flat_map(|x| x.lines()) {
                    let line = unbulleted(line);
                    if !line.is_empty() {
                        let _ = writeln!(s, "<dd>- {}</dd>", nb(line));
                    }
                }
            }
            s.push_str("</dl>\n</article>\n");
        }
    }
    s.push_str("</section>\n</body>\n</html>\n");
    s
}

/// The start of a page: doctype, title and the print styles, up to `<body>`.
pub fn page_start(title: &str, l: crate::diag::Lang) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        t(l, "vi", "en"),
        esc(title)
    );
    s
}

/// The form of Decree 30/2020/NĐ-CP around the annex, then the annex's opening and heading:
/// shared by every kind of decision.
pub fn front(s: &mut String, f: &super::form::Front) {
    // Header block: issuing body left, national name and motto right.
    s.push_str("<table class=\"head\"><tr><td class=\"issuer\">");
    if let Some(p) = &f.parent {
        let _ = write!(s, "<div>{}</div>", esc(p));
    }
    for l in &f.issuer {
        let _ = write!(s, "<div class=\"b\">{}</div>", esc(l));
    }
    let _ = writeln!(
        s,
        "<hr class=\"short\"><div>{}</div></td><td class=\"motto\"><div class=\"b\">{}</div><div class=\"b\">{}</div><hr class=\"mid\"><div class=\"i\">{}</div></td></tr></table>",
        esc(&f.number),
        esc(&f.motto_name),
        esc(&f.motto),
        esc(&f.place_date)
    );
    let _ = writeln!(
        s,
        "<h1>{}</h1>\n<p class=\"subject\">{}</p>\n<hr class=\"short\">\n<p class=\"authority\">{}</p>",
        esc(&f.kind),
        esc(&f.subject),
        esc(&f.authority)
    );
    for g in &f.grounds {
        let _ = writeln!(s, "<p class=\"ground\">{}</p>", esc(g));
    }
    let _ = writeln!(s, "<p class=\"ground\">{}</p>", esc(&f.proposal));
    let _ = writeln!(s, "<p class=\"decides\">{}</p>", esc(&f.decides));
    for a in &f.articles {
        for (k, text) in a.text.iter().enumerate() {
            let head = if k == 0 {
                format!("<b>{}</b> ", esc(&a.heading))
            } else {
                String::new()
            };
            let _ = writeln!(s, "<p class=\"article\">{head}{}</p>", nb(text));
        }
    }
    let _ = write!(
        s,
        "<table class=\"sign\"><tr><td class=\"recipients\"><div class=\"bi\">{}</div>",
        esc(&f.recipients_label)
    );
    for r in &f.recipients {
        let _ = write!(s, "<div>{}</div>", esc(r));
    }
    s.push_str("</td><td class=\"signer\">");
    for l in &f.signer_title {
        let _ = write!(s, "<div class=\"b\">{}</div>", esc(l));
    }
    let _ = writeln!(
        s,
        "<div class=\"space\"></div><div class=\"b\">{}</div></td></tr></table>",
        esc(&f.signer)
    );
    let mut annex_head = String::new();
    for (k, l) in f.annex.iter().enumerate() {
        let class = if k == 2 { "i" } else { "b" };
        let _ = writeln!(annex_head, "<p class=\"{class} c\">{}</p>", esc(l));
    }
    let _ = writeln!(s, "<section class=\"annex\">\n{annex_head}");
}
