//! The plan as a Word document, through the decree-form page of [`crate::export::docx`].

use super::render::{Sides, benefit_lines, field_name, sides_line, totals_lines};
use super::{Kind, Plan};
use crate::diag::Lang;
use crate::export::docx::{Block, report};
use crate::messages::t;
use crate::model::Manifest;
use crate::wording;

/// Renders the plan as DOCX.
pub fn render(p: &Plan, m: &Manifest, s: &Sides<'_>, lang: Lang) -> Result<Vec<u8>, String> {
    let title = t(
        lang,
        "PHƯƠNG ÁN ĐƠN GIẢN HÓA THỦ TỤC HÀNH CHÍNH",
        "SIMPLIFICATION PLAN OF ADMINISTRATIVE PROCEDURES",
    );
    let mut b = vec![
        Block::Title(title.to_string()),
        Block::Subtitle(sides_line(s, lang)),
        Block::Para(super::method(lang).to_string()),
        Block::Heading(t(lang, "I. TỔNG HỢP", "I. TOTALS").to_string()),
    ];
    let mut rows: Vec<Vec<String>> = p
        .by_field
        .iter()
        .map(|(f, (x, y))| {
            vec![
                field_name(m, f, lang),
                wording::money(*x, lang),
                wording::money(*y, lang),
            ]
        })
        .collect();
    rows.push(vec![
        t(lang, "Tổng cộng", "Total").to_string(),
        wording::money(p.totals.cost_before, lang),
        wording::money(p.totals.cost_after, lang),
    ]);
    b.push(Block::Table(
        vec![
            t(lang, "Lĩnh vực", "Field").to_string(),
            t(lang, "Chi phí trước (đồng/năm)", "Cost before (VND a year)").to_string(),
            t(lang, "Chi phí sau (đồng/năm)", "Cost after (VND a year)").to_string(),
        ],
        rows,
        vec![0],
    ));
    for l in totals_lines(p, lang) {
        b.push(Block::Bullet(l));
    }
    b.push(Block::Heading(
        t(
            lang,
            "II. PHƯƠNG ÁN ĐƠN GIẢN HÓA TỪNG THỦ TỤC",
            "II. THE PLAN OF EACH PROCEDURE",
        )
        .to_string(),
    ));
    for (i, e) in p.procedures.iter().enumerate() {
        let kind = match e.kind {
            Kind::Amended => "",
            Kind::Abolished => t(lang, " (bãi bỏ)", " (abolished)"),
        };
        b.push(Block::Heading(format!(
            "{}. {} {}{kind} ({})",
            i + 1,
            e.code,
            e.name.get(lang),
            field_name(m, &e.field, lang)
        )));
        b.push(Block::Para(format!(
            "a) {}:",
            t(lang, "Nội dung đơn giản hóa", "What is simplified")
        )));
        for c in &e.changes {
            b.push(Block::Bullet(c.get(lang).to_string()));
        }
        b.push(Block::Para(format!(
            "b) {}:",
            t(
                lang,
                "Lợi ích phương án đơn giản hóa",
                "Benefit of the simplification"
            )
        )));
        for l in benefit_lines(e, lang) {
            b.push(Block::Bullet(l));
        }
    }
    report(title, &b, lang)
}
