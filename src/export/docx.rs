//! The decision as a Word document (DOCX), written with `docx-rs`: a real OOXML package that
//! Word and LibreOffice open. A4 landscape, because the Part I annex has up to nine columns.

use super::text::t;
use super::{Decision, Section};
use docx_rs::{
    AlignmentType, Docx, PageMargin, PageOrientationType, Paragraph, Run, RunFonts, Shading, Table,
    TableCell, TableRow, WidthType,
};

/// A4 landscape in twentieths of a point.
const PAGE_W: u32 = 16_838;
const PAGE_H: u32 = 11_906;
/// 2 cm margins.
const MARGIN: i32 = 1_134;
/// Body text 13 pt and table text 11 pt, in half-points (the usual sizes of official texts).
const BODY: usize = 26;
const SMALL: usize = 22;

/// Text as a run holds it: controls that XML 1.0 forbids (they made `document.xml`
/// malformed) and bidi overrides are dropped ([`crate::sanitize::document`]).
fn clean(text: &str) -> String {
    crate::sanitize::document(text).into_owned()
}

fn para(text: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(clean(text)).size(size))
}

fn heading(text: &str, size: usize) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(clean(text)).bold().size(size))
        .keep_next(true)
}

/// Relative widths of a Part I column, by its position in [`Decision::table`].
fn weights(s: Section) -> Vec<usize> {
    match s {
        Section::New => vec![5, 24, 13, 20, 18, 12, 14],
        Section::Amended => vec![5, 12, 20, 14, 11, 15, 14, 11, 12],
        Section::Abolished => vec![5, 12, 22, 12, 17, 15, 12, 13],
    }
}

fn table(d: &Decision, s: Section) -> Table {
    let (head, rows) = d.table(s);
    let usable = PAGE_W as usize - 2 * MARGIN as usize;
    let w = weights(s);
    let total: usize = w.iter().sum();
    let widths: Vec<usize> = w.iter().map(|x| usable * x / total).collect();
    let cell = |text: &str, k: usize, bold: bool| {
        let mut r = Run::new().add_text(clean(text)).size(SMALL);
        if bold {
            r = r.bold();
        }
        let mut p = Paragraph::new().add_run(r);
        if bold || k == 0 {
            p = p.align(AlignmentType::Center);
        }
        let c = TableCell::new()
            .add_paragraph(p)
            .width(widths[k], WidthType::Dxa);
        if bold {
            c.shading(Shading::new().fill("E7E6E6"))
        } else {
            c
        }
    };
    let mut out = vec![
        TableRow::new(
            head.iter()
                .enumerate()
                .map(|(k, h)| cell(h, k, true))
                .collect(),
        )
        .cant_split(),
    ];
    for r in &rows {
        out.push(
            TableRow::new(
                r.iter()
                    .enumerate()
                    .map(|(k, c)| cell(c, k, false))
                    .collect(),
            )
            .cant_split(),
        );
    }
    Table::new(out).set_grid(widths.clone())
}

/// Renders the decision as a DOCX package.
pub fn render(d: &Decision) -> Result<Vec<u8>, String> {
    let l = d.lang;
    let font = "Times New Roman";
    let mut doc = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(PageMargin {
            top: MARGIN,
            left: MARGIN,
            bottom: MARGIN,
            right: MARGIN,
            header: 709,
            footer: 709,
            gutter: 0,
        })
        .default_fonts(
            RunFonts::new()
                .ascii(font)
                .hi_ansi(font)
                .cs(font)
                .east_asia(font),
        )
        .default_size(BODY);
    doc = doc.add_paragraph(heading(&d.title.to_uppercase(), 28).align(AlignmentType::Center));
    doc = doc.add_paragraph(
        Paragraph::new()
            .add_run(
                Run::new()
                    .add_text(clean(&format!(
                        "{} {} → {}",
                        t(
                            l,
                            "Các thay đổi giữa phiên bản",
                            "Changes between revisions"
                        ),
                        d.from,
                        d.to
                    )))
                    .italic()
                    .size(BODY),
            )
            .align(AlignmentType::Center),
    );
    if let Some(p) = &d.province {
        doc = doc.add_paragraph(para(t(l, "Căn cứ:", "Having regard to:"), BODY));
        for r in &p.resolutions {
            doc = doc.add_paragraph(para(
                &format!(
                    "– {} {} {} {}: {}",
                    t(l, "Nghị quyết số", "Resolution"),
                    r.number,
                    t(l, "ngày", "of"),
                    r.issued,
                    r.title
                ),
                BODY,
            ));
        }
    }
    doc = doc.add_paragraph(heading(
        t(
            l,
            "PHẦN I. DANH MỤC THỦ TỤC HÀNH CHÍNH",
            "PART I. LIST OF ADMINISTRATIVE PROCEDURES",
        ),
        BODY,
    ));
    for sec in Section::ALL {
        doc = doc.add_paragraph(heading(sec.heading(l), BODY));
        if d.rows(sec).is_empty() {
            doc = doc.add_paragraph(para(t(l, "Không có.", "None."), BODY));
        } else {
            doc = doc.add_table(table(d, sec));
        }
    }
    doc = doc.add_paragraph(
        heading(
            t(
                l,
                "PHẦN II. NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH",
                "PART II. CONTENT OF EACH PROCEDURE",
            ),
            BODY,
        )
        .page_break_before(true),
    );
    if d.levels.is_empty() {
        doc = doc.add_paragraph(para(t(l, "Không có.", "None."), BODY));
    }
    for (gi, g) in d.levels.iter().enumerate() {
        let letter = (b'A' + (gi as u8 % 26)) as char;
        doc = doc.add_paragraph(heading(&format!("{letter}. {}", g.name), BODY));
        for (k, c) in g.procedures.iter().enumerate() {
            doc = doc.add_paragraph(heading(
                &format!("{}. {} ({})", k + 1, c.name, c.code),
                BODY,
            ));
            if !c.changed.is_empty() {
                doc = doc.add_paragraph(
                    Paragraph::new().add_run(
                        Run::new()
                            .add_text(clean(&format!(
                                "{}: {}",
                                t(l, "Nội dung sửa đổi, bổ sung", "What changed"),
                                c.changed.join(", ")
                            )))
                            .italic()
                            .size(BODY),
                    ),
                );
            }
            for p in &c.parts {
                doc = doc.add_paragraph(
                    Paragraph::new()
                        .add_run(
                            Run::new()
                                .add_text(clean(&format!("{}:", p.label)))
                                .bold()
                                .size(BODY),
                        )
                        .keep_next(true),
                );
                for line in &p.lines {
                    doc = doc.add_paragraph(para(&format!("– {line}"), BODY));
                }
            }
        }
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.pack(&mut buf).map_err(|e| e.to_string())?;
    Ok(buf.into_inner())
}
