//! The decision as a Word document (DOCX) in the form of Decree 30/2020/NĐ-CP (Phụ lục I):
//! A4, Times New Roman, margins top and bottom 20 mm, left 30 mm, right 15 mm; page numbers
//! centred in the top margin, none on the first page; the decision itself and Part II of
//! the annex in portrait, Part I (its wide tables) in landscape.
//!
//! The WordprocessingML is written directly (a zip of a few small XML parts), since a table
//! header repeated on every page (`w:tblHeader`), per-section orientation and the page
//! number field need elements a document builder crate does not offer.

use super::{Decision, Section, column_widths, unbreakable, unbulleted};
use crate::wording::t;
use std::fmt::Write as _;
use std::io::Write as _;

/// A4 in twentieths of a point.
pub(super) const A4_W: u32 = 11_906;
pub(super) const A4_H: u32 = 16_838;
/// 20 mm top and bottom, 30 mm left, 15 mm right (Decree 30/2020/NĐ-CP: 20–25, 30–35,
/// 15–20 mm).
const TOP: u32 = 1_134;
pub(super) const LEFT: u32 = 1_701;
pub(super) const RIGHT: u32 = 851;
/// Sizes in half-points: body 14 pt, Part I tables 10 pt (nine columns on landscape A4, as
/// real annexes set them), recipients 11 pt.
pub(super) const BODY: u32 = 28;
const TABLE: u32 = 20;
const SMALL: u32 = 22;

/// Text as a run holds it, XML-escaped: controls that XML 1.0 forbids (they made
/// `document.xml` malformed) and bidi overrides are dropped ([`crate::sanitize::document`]).
fn esc(s: &str, out: &mut String) {
    for c in crate::sanitize::document(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML 1.0; the text never needs them.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
}

#[derive(Clone, Copy, Default)]
pub(super) struct R {
    pub(super) bold: bool,
    pub(super) italic: bool,
    pub(super) size: u32,
}

#[derive(Clone, Copy, Default)]
pub(super) struct P {
    /// left, center, right, both
    pub(super) jc: &'static str,
    pub(super) indent: bool,
    pub(super) keep_next: bool,
    pub(super) before: u32,
    pub(super) after: u32,
    pub(super) page_break: bool,
}

/// The body of a document being written.
#[derive(Default)]
pub(super) struct W {
    s: String,
}

impl W {
    /// A centred italic line under a title.
    fn subtitle(&mut self, text: &str) {
        self.para(
            text,
            P {
                jc: "center",
                after: 240,
                ..P::default()
            },
            R {
                italic: true,
                size: BODY,
                ..R::default()
            },
        );
    }

    fn run(&mut self, text: &str, r: R) {
        self.s.push_str("<w:r><w:rPr>");
        if r.bold {
            self.s.push_str("<w:b/><w:bCs/>");
        }
        if r.italic {
            self.s.push_str("<w:i/><w:iCs/>");
        }
        let _ = write!(
            self.s,
            "<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>",
            r.size
        );
        self.s.push_str("</w:rPr><w:t xml:space=\"preserve\">");
        esc(text, &mut self.s);
        self.s.push_str("</w:t></w:r>");
    }

    /// A run whose document numbers never break: their hyphens are non-breaking and a word
    /// joiner follows each slash.
    fn run_nb(&mut self, text: &str, r: R) {
        for (piece, whole) in unbreakable(text) {
            if !whole {
                self.run(piece, r);
                continue;
            }
            let mut parts = piece.split('-').peekable();
            while let Some(x) = parts.next() {
                self.run(&x.replace('/', "/\u{2060}"), r);
                if parts.peek().is_some() {
                    let _ = write!(
                        self.s,
                        "<w:r><w:rPr><w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>{1}</w:rPr><w:noBreakHyphen/></w:r>",
                        r.size,
                        if r.bold { "<w:b/>" } else { "" }
                    );
                }
            }
        }
    }

    fn ppr(&mut self, p: P, sect: Option<&str>) {
        self.s.push_str("<w:pPr>");
        if p.keep_next {
            self.s.push_str("<w:keepNext/>");
        }
        if p.page_break {
            self.s.push_str("<w:pageBreakBefore/>");
        }
        let _ = write!(
            self.s,
            "<w:spacing w:before=\"{}\" w:after=\"{}\"/>",
            p.before, p.after
        );
        if p.indent {
            self.s.push_str("<w:ind w:firstLine=\"720\"/>");
        }
        if !p.jc.is_empty() {
            let _ = write!(self.s, "<w:jc w:val=\"{}\"/>", p.jc);
        }
        if let Some(s) = sect {
            self.s.push_str(s);
        }
        self.s.push_str("</w:pPr>");
    }

    pub(super) fn para(&mut self, text: &str, p: P, r: R) {
        self.s.push_str("<w:p>");
        self.ppr(p, None);
        self.run(text, r);
        self.s.push_str("</w:p>");
    }

    /// A paragraph that ends a section (its properties go in the paragraph).
    fn section_end(&mut self, sect: &str) {
        self.s.push_str("<w:p>");
        self.ppr(P::default(), Some(sect));
        self.s.push_str("</w:p>");
    }
}

fn sect(landscape: bool, title_page: bool) -> String {
    let (w, h, orient) = if landscape {
        (A4_H, A4_W, " w:orient=\"landscape\"")
    } else {
        (A4_W, A4_H, "")
    };
    format!(
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:type w:val=\"nextPage\"/>\
         <w:pgSz w:w=\"{w}\" w:h=\"{h}\"{orient}/>\
         <w:pgMar w:top=\"{TOP}\" w:right=\"{RIGHT}\" w:bottom=\"{TOP}\" w:left=\"{LEFT}\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>{}</w:sectPr>",
        if title_page { "<w:titlePg/>" } else { "" }
    )
}

const NO_BORDERS: &str = "<w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders>";
const BORDERS: &str = "<w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/><w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/><w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders>";

/// A two-column table without borders (the header block, the signature block): each cell a
/// list of centred paragraphs.
fn two_columns(w: &mut W, widths: [u32; 2], cells: [Vec<(String, R, &'static str)>; 2]) {
    let _ = write!(
        w.s,
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>{NO_BORDERS}\
         <w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>\
         <w:tblGrid><w:gridCol w:w=\"{}\"/><w:gridCol w:w=\"{}\"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>",
        widths[0] + widths[1],
        widths[0],
        widths[1]
    );
    for (k, cell) in cells.iter().enumerate() {
        let _ = write!(
            w.s,
            "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/></w:tcPr>",
            widths[k]
        );
        if cell.is_empty() {
            w.s.push_str("<w:p/>");
        }
        for (text, r, jc) in cell {
            w.para(text, P { jc, ..P::default() }, *r);
        }
        w.s.push_str("</w:tc>");
    }
    w.s.push_str("</w:tr></w:tbl>");
}

fn part1_table(w: &mut W, d: &Decision, s: Section) {
    let t = d.table(s);
    table(w, &t.head, &t.lines, &t.wide, A4_H - LEFT - RIGHT);
}

/// A bordered table over `usable` twips, its columns sized to their content, its header
/// repeated on every page and no row split across pages; a heading line spans the table.
fn table(w: &mut W, head: &[&str], lines: &[super::Line], wide: &[usize], usable: u32) {
    let rows: Vec<Vec<String>> = lines
        .iter()
        .filter_map(|l| match l {
            super::Line::Row(r) => Some(r.clone()),
            _ => None,
        })
        .collect();
    let widths: Vec<u32> = column_widths(head, &rows, wide)
        .iter()
        .map(|f| (f * usable as f64) as u32)
        .collect();
    let _ = write!(
        w.s,
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>{BORDERS}\
         <w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>",
        widths.iter().sum::<u32>()
    );
    for x in &widths {
        let _ = write!(w.s, "<w:gridCol w:w=\"{x}\"/>");
    }
    w.s.push_str("</w:tblGrid>");
    let cell = |w: &mut W, k: usize, text: &str, header: bool| {
        let _ = write!(
            w.s,
            "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>{}</w:tcPr><w:p>",
            widths[k],
            if header {
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E7E6E6\"/><w:vAlign w:val=\"center\"/>"
            } else {
                ""
            }
        );
        w.ppr(
            P {
                jc: if header || k == 0 { "center" } else { "left" },
                ..P::default()
            },
            None,
        );
        w.run_nb(
            text,
            R {
                bold: header,
                size: TABLE,
                ..R::default()
            },
        );
        w.s.push_str("</w:p></w:tc>");
    };
    // The header row repeats on every page; no row is split across pages.
    w.s.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (k, h) in head.iter().enumerate() {
        cell(w, k, h, true);
    }
    w.s.push_str("</w:tr>");
    let total: u32 = widths.iter().sum();
    for line in lines {
        match line {
            super::Line::Level(h) | super::Line::Field(h) => {
                // A heading spans the table and stays with the row below it.
                let _ = write!(
                    w.s,
                    "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"{total}\" w:type=\"dxa\"/><w:gridSpan w:val=\"{}\"/></w:tcPr><w:p>",
                    widths.len()
                );
                w.ppr(
                    P {
                        keep_next: true,
                        ..P::default()
                    },
                    None,
                );
                w.run(
                    h,
                    R {
                        bold: true,
                        size: TABLE,
                        ..R::default()
                    },
                );
                w.s.push_str("</w:p></w:tc></w:tr>");
            }
            super::Line::Row(r) => {
                w.s.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
                for (k, c) in r.iter().enumerate() {
                    cell(w, k, c, false);
                }
                w.s.push_str("</w:tr>");
            }
        }
    }
    w.s.push_str("</w:tbl>");
}

/// The numbered parts of one procedure's content (Part II, and the card of `show`): each
/// heading in bold, its lines below it.
fn parts(w: &mut W, c: &super::Content, item: P) {
    for (n, p) in c.parts.iter().enumerate() {
        w.para(
            &format!("{}. {}:", n + 1, p.label),
            P {
                keep_next: true,
                ..item
            },
            R {
                bold: true,
                size: BODY,
                ..R::default()
            },
        );
        for line in p.lines.iter().flat_map(|x| x.lines()) {
            let line = unbulleted(line);
            if line.is_empty() {
                continue;
            }
            w.s.push_str("<w:p>");
            w.ppr(item, None);
            w.run_nb(
                &format!("- {line}"),
                R {
                    size: BODY,
                    ..R::default()
                },
            );
            w.s.push_str("</w:p>");
        }
    }
}

/// One procedure's card as a DOCX package (`show --format docx`): its code and name, then
/// its content under the portal's headings, in the decision's page form (A4, Times New
/// Roman 14 pt, Decree 30/2020/NĐ-CP margins).
pub fn card(c: &super::Content, lang: crate::diag::Lang) -> Result<Vec<u8>, String> {
    let mut w = W {
        s: String::with_capacity(16 * 1024),
    };
    w.para(
        &c.name.to_uppercase(),
        P {
            jc: "center",
            after: 60,
            keep_next: true,
            ..P::default()
        },
        R {
            bold: true,
            size: BODY,
            ..R::default()
        },
    );
    w.subtitle(&format!(
        "{} {}",
        t(lang, "Mã thủ tục:", "Procedure code:"),
        c.code
    ));
    parts(
        &mut w,
        c,
        P {
            jc: "both",
            indent: true,
            after: 60,
            ..P::default()
        },
    );
    let mut document = String::with_capacity(w.s.len() + 1024);
    document.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>",
    );
    document.push_str(&w.s);
    document.push_str(&sect(false, true));
    document.push_str("</w:body></w:document>");
    package(&document, &format!("{} {}", c.code, c.name), lang).map_err(|e| e.to_string())
}

/// Renders the decision as a DOCX package.
pub fn render(d: &Decision) -> Result<Vec<u8>, String> {
    let l = d.lang;
    let mut w = W::default();
    front_matter(&mut w, &d.front);
    let bold = |size| R {
        bold: true,
        size,
        ..R::default()
    };
    let plain = |size| R {
        size,
        ..R::default()
    };
    let italic = R {
        italic: true,
        size: BODY,
        ..R::default()
    };
    w.para(
        t(
            l,
            "PHẦN I. DANH MỤC THỦ TỤC HÀNH CHÍNH",
            "PART I. LIST OF ADMINISTRATIVE PROCEDURES",
        ),
        P {
            before: 240,
            after: 120,
            keep_next: true,
            ..P::default()
        },
        bold(BODY),
    );
    for sec in Section::ALL {
        w.para(
            &d.section_heading(sec),
            P {
                before: 240,
                after: 120,
                keep_next: true,
                ..P::default()
            },
            bold(BODY),
        );
        if d.rows(sec).is_empty() {
            w.para(t(l, "Không có.", "None."), P::default(), plain(BODY));
        } else {
            part1_table(&mut w, d, sec);
        }
    }
    w.section_end(&sect(true, false));
    // Part II in portrait.
    w.para(
        t(
            l,
            "PHẦN II. NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH",
            "PART II. CONTENT OF EACH PROCEDURE",
        ),
        P {
            after: 120,
            keep_next: true,
            jc: "center",
            ..P::default()
        },
        bold(BODY),
    );
    if d.levels.is_empty() {
        w.para(t(l, "Không có.", "None."), P::default(), plain(BODY));
    }
    let heading = P {
        before: 180,
        after: 60,
        keep_next: true,
        jc: "both",
        ..P::default()
    };
    let item = P {
        jc: "both",
        indent: true,
        after: 60,
        ..P::default()
    };
    for (gi, g) in d.levels.iter().enumerate() {
        let letter = (b'A' + (gi as u8 % 26)) as char;
        w.para(
            &format!("{letter}. {}", g.name.to_uppercase()),
            heading,
            bold(BODY),
        );
        for (k, c) in g.procedures.iter().enumerate() {
            w.para(
                &format!("{}. {} ({})", k + 1, c.name, c.code),
                heading,
                bold(BODY),
            );
            if !c.changed.is_empty() {
                w.para(
                    &format!(
                        "{}: {}",
                        t(l, "Nội dung sửa đổi, bổ sung", "What changed"),
                        c.changed.join(", ")
                    ),
                    item,
                    italic,
                );
            }
            parts(&mut w, c, item);
        }
    }
    finish(w, &d.title, l, false)
}

/// The form of Decree 30/2020/NĐ-CP (the decision itself, portrait, no page number on its
/// first page), then the annex heading: shared by every kind of decision.
pub(super) fn front_matter(w: &mut W, f: &super::form::Front) {
    let bold = |size| R {
        bold: true,
        size,
        ..R::default()
    };
    let plain = |size| R {
        size,
        ..R::default()
    };
    let centre = P {
        jc: "center",
        ..P::default()
    };
    let body = P {
        jc: "both",
        indent: true,
        after: 120,
        ..P::default()
    };
    // Header block: issuing body left, national name and motto right (Phụ lục I, mục IV).
    let mut left: Vec<(String, R, &'static str)> = Vec::new();
    if let Some(p) = &f.parent {
        left.push((p.clone(), plain(26), "center"));
    }
    for line in &f.issuer {
        left.push((line.clone(), bold(26), "center"));
    }
    left.push(("————".into(), plain(20), "center"));
    left.push((f.number.clone(), plain(26), "center"));
    let right = vec![
        (f.motto_name.clone(), bold(24), "center"),
        (f.motto.clone(), bold(26), "center"),
        ("———————————".into(), plain(20), "center"),
        (
            f.place_date.clone(),
            R {
                italic: true,
                size: 26,
                ..R::default()
            },
            "center",
        ),
    ];
    let usable = A4_W - LEFT - RIGHT;
    two_columns(w, [usable * 38 / 100, usable * 62 / 100], [left, right]);
    w.para(
        &f.kind,
        P {
            before: 360,
            ..centre
        },
        bold(BODY),
    );
    w.para(&f.subject, centre, bold(BODY));
    w.para("————", centre, plain(20));
    w.para(
        &f.authority,
        P {
            before: 240,
            after: 240,
            ..centre
        },
        bold(BODY),
    );
    let italic = R {
        italic: true,
        size: BODY,
        ..R::default()
    };
    for g in &f.grounds {
        w.para(g, body, italic);
    }
    w.para(&f.proposal, body, italic);
    w.para(
        &f.decides,
        P {
            before: 240,
            after: 240,
            ..centre
        },
        bold(BODY),
    );
    for a in &f.articles {
        for (k, text) in a.text.iter().enumerate() {
            w.s.push_str("<w:p>");
            w.ppr(body, None);
            if k == 0 {
                w.run(&format!("{} ", a.heading), bold(BODY));
            }
            w.run_nb(text, plain(BODY));
            w.s.push_str("</w:p>");
        }
    }
    // Signature block: recipients left, the signer's title and name right.
    let mut rec = vec![(
        f.recipients_label.clone(),
        R {
            bold: true,
            italic: true,
            size: 24,
        },
        "left",
    )];
    for r in &f.recipients {
        rec.push((r.clone(), plain(SMALL), "left"));
    }
    let mut sig: Vec<(String, R, &'static str)> = f
        .signer_title
        .iter()
        .map(|t| (t.clone(), bold(BODY), "center"))
        .collect();
    for _ in 0..4 {
        sig.push((String::new(), plain(BODY), "center"));
    }
    sig.push((f.signer.clone(), bold(BODY), "center"));
    w.para("", P::default(), plain(BODY));
    two_columns(w, [usable * 45 / 100, usable * 55 / 100], [rec, sig]);
    w.section_end(&sect(false, true));
    // The annex, Part I in landscape.
    for (k, line) in f.annex.iter().enumerate() {
        let r = if k == 2 { italic } else { bold(BODY) };
        w.para(line, centre, r);
    }
    w.para("————", centre, plain(20));
}

/// A bordered table with its header repeated on every page and no row split across pages;
/// a row with fewer cells than columns spans its first cell over the missing ones (the total
/// line of a process table).
pub(super) fn grid_table(w: &mut W, widths: &[u32], head: &[String], rows: &[Vec<String>]) {
    let _ = write!(
        w.s,
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>{BORDERS}\
         <w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>",
        widths.iter().sum::<u32>()
    );
    for x in widths {
        let _ = write!(w.s, "<w:gridCol w:w=\"{x}\"/>");
    }
    w.s.push_str("</w:tblGrid>");
    let cell = |w: &mut W, width: u32, span: usize, text: &str, header: bool, centre: bool| {
        let _ = write!(
            w.s,
            "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{}{}</w:tcPr><w:p>",
            if span > 1 {
                format!("<w:gridSpan w:val=\"{span}\"/>")
            } else {
                String::new()
            },
            if header {
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E7E6E6\"/><w:vAlign w:val=\"center\"/>"
            } else {
                ""
            }
        );
        w.ppr(
            P {
                jc: if centre { "center" } else { "left" },
                ..P::default()
            },
            None,
        );
        w.run_nb(
            text,
            R {
                bold: header,
                size: TABLE,
                ..R::default()
            },
        );
        w.s.push_str("</w:p></w:tc>");
    };
    w.s.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    for (k, h) in head.iter().enumerate() {
        cell(w, widths[k], 1, h, true, true);
    }
    w.s.push_str("</w:tr>");
    for r in rows {
        w.s.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        let span = widths.len() + 1 - r.len().min(widths.len());
        let mut col = 0;
        for (k, c) in r.iter().enumerate() {
            let n = if k == 0 { span } else { 1 };
            let width: u32 = widths[col..col + n].iter().sum();
            cell(w, width, n, c, span > 1 && k == 0, k == 0 && span == 1);
            col += n;
        }
        w.s.push_str("</w:tr>");
    }
    w.s.push_str("</w:tbl>");
}

/// Ends the document (its last section portrait, or landscape for wide tables) and packs it.
pub(super) fn finish(
    w: W,
    title: &str,
    lang: crate::diag::Lang,
    landscape: bool,
) -> Result<Vec<u8>, String> {
    let mut document = String::with_capacity(w.s.len() + 1024);
    document.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>",
    );
    document.push_str(&w.s);
    document.push_str(&sect(landscape, false));
    document.push_str("</w:body></w:document>");
    package(&document, title, lang).map_err(|e| e.to_string())
}

/// A block of a plain report (the simplification plan): the decree's page, font and margins,
/// without the decision's front matter.
pub enum Block {
    /// The title, bold and centred.
    Title(String),
    /// A centred line under the title.
    Subtitle(String),
    /// A bold heading.
    Heading(String),
    /// A justified paragraph.
    Para(String),
    /// A bullet line ("- …").
    Bullet(String),
    /// A table: header, rows, and the columns that take the spare width.
    Table(Vec<String>, Vec<Vec<String>>, Vec<usize>),
}

/// A plain report as a DOCX package (A4 portrait, Times New Roman 14 pt, the margins of
/// Decree 30/2020/NĐ-CP, page numbers from the second page).
pub fn report(title: &str, blocks: &[Block], lang: crate::diag::Lang) -> Result<Vec<u8>, String> {
    let mut w = W {
        s: String::with_capacity(16 * 1024),
    };
    let r = |bold, size| R {
        bold,
        size,
        ..R::default()
    };
    for b in blocks {
        match b {
            Block::Title(x) => w.para(
                x,
                P {
                    jc: "center",
                    before: 120,
                    after: 60,
                    keep_next: true,
                    ..P::default()
                },
                r(true, BODY),
            ),
            Block::Subtitle(x) => w.subtitle(x),
            Block::Heading(x) => w.para(
                x,
                P {
                    jc: "left",
                    before: 200,
                    after: 80,
                    keep_next: true,
                    ..P::default()
                },
                r(true, BODY),
            ),
            Block::Para(x) => w.para(
                x,
                P {
                    jc: "both",
                    indent: true,
                    after: 80,
                    ..P::default()
                },
                r(false, BODY),
            ),
            Block::Bullet(x) => w.para(
                &format!("- {x}"),
                P {
                    jc: "both",
                    indent: true,
                    after: 40,
                    ..P::default()
                },
                r(false, BODY),
            ),
            Block::Table(head, rows, wide) => {
                let head: Vec<&str> = head.iter().map(String::as_str).collect();
                let lines: Vec<super::Line> =
                    rows.iter().map(|r| super::Line::Row(r.clone())).collect();
                table(&mut w, &head, &lines, wide, A4_W - LEFT - RIGHT);
                w.para("", P::default(), r(false, SMALL));
            }
        }
    }
    let mut document = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>",
    );
    document.push_str(&w.s);
    document.push_str(&sect(false, true));
    document.push_str("</w:body></w:document>");
    package(&document, title, lang).map_err(|e| e.to_string())
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/><Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>";

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/></Relationships>";

const DOC_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/><Relationship Id=\"rIdHeader\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/></Relationships>";

const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:defaultTabStop w:val=\"720\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>";

/// The page number, centred in the top margin, 13 pt upright (not shown on the first page:
/// the first section has a title page without a header).
const HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:t>2</w:t></w:r><w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:hdr>";

fn styles(lang: crate::diag::Lang) -> String {
    let code = t(lang, "vi-VN", "en-GB");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/><w:color w:val=\"000000\"/><w:sz w:val=\"{BODY}\"/><w:szCs w:val=\"{BODY}\"/><w:lang w:val=\"{code}\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style></w:styles>"
    )
}

fn package(
    document: &str,
    title: &str,
    lang: crate::diag::Lang,
) -> zip::result::ZipResult<Vec<u8>> {
    let mut core = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>",
    );
    esc(title, &mut core);
    let _ = write!(
        core,
        "</dc:title><dc:language>{}</dc:language></cp:coreProperties>",
        t(lang, "vi-VN", "en-GB")
    );
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // Fast deflate: the document is large and text compresses well at any level.
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    let styles = styles(lang);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/styles.xml", styles.as_str()),
        ("word/settings.xml", SETTINGS),
        ("word/header1.xml", HEADER),
        ("docProps/core.xml", core.as_str()),
        ("word/document.xml", document),
    ] {
        z.start_file(name, o)?;
        z.write_all(body.as_bytes())?;
    }
    Ok(z.finish()?.into_inner())
}
