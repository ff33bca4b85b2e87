//! The annex of a decision: a procedure's Part I row and its Part II content, worded by
//! [`crate::wording`].

use super::{Content, FeeLine, Part, Row, Section};
use crate::model::Procedure;
use crate::wording::*;

/// A Part I row.
pub fn row(no: usize, code: &str, p: &Procedure, refs: &Refs<'_>, changed: Vec<String>) -> Row {
    let lang = refs.lang;
    Row {
        no,
        code: code.to_string(),
        national_code: p.code.value.to_string(),
        name: p.name.get(lang).to_string(),
        field: refs.field_name(p),
        levels: refs.level_names(p),
        deadline: deadline_summary(p, refs),
        place: place(p, refs),
        channels: p
            .channels
            .iter()
            .map(|c| c.kind.label(lang).into())
            .collect(),
        fees: fees_summary(p, refs),
        legal_basis: refs.basis_of(p).iter().map(|b| refs.number(b)).collect(),
        agency: agency(p, lang),
        changed,
        acts: Vec::new(),
        group: String::new(),
    }
}

fn docs(
    v: &[crate::model::DossierDoc],
    p: &Procedure,
    refs: &Refs<'_>,
    indent: &str,
) -> Vec<String> {
    let lang = refs.lang;
    v.iter()
        .map(|d| {
            let mut s = format!(
                "{indent}{}: {} {}, {} {}",
                d.name.get(lang),
                d.originals,
                t(lang, "bản chính", "original(s)"),
                d.copies,
                t(lang, "bản sao", "copy(ies)")
            );
            if let Some(w) = &d.when {
                s.push_str(&format!(
                    " ({} {})",
                    t(lang, "khi", "when"),
                    cond(w, p, refs)
                ));
            }
            s
        })
        .collect()
}

/// The full content of a procedure for Part II, in the order of the official template.
pub fn content(
    status: Section,
    code: &str,
    p: &Procedure,
    refs: &Refs<'_>,
    changed: Vec<String>,
) -> Content {
    let lang = refs.lang;
    let mut parts = Vec::new();
    // Every heading of the national database's content is given, in its order; a part the
    // catalogue does not state says so rather than vanish.
    let mut part = |id: &'static str, vi: &'static str, en: &'static str, lines: Vec<String>| {
        let lines = if lines.iter().all(|l| l.trim().is_empty()) {
            vec![t(lang, "Không quy định", "Not specified").to_string()]
        } else {
            lines
        };
        parts.push(Part {
            id,
            label: t(lang, vi, en).into(),
            lines,
        });
    };
    let text = |x: &Option<crate::model::Text>| -> Vec<String> {
        x.iter().map(|x| x.get(lang).to_string()).collect()
    };
    part(
        "levels",
        "Cấp thực hiện",
        "Level",
        vec![refs.level_names(p).join(", ")],
    );
    part("field", "Lĩnh vực", "Field", vec![refs.field_name(p)]);
    part(
        "steps",
        "Trình tự thực hiện",
        "Steps",
        p.steps.iter().map(|x| x.get(lang).to_string()).collect(),
    );
    let mut channels: Vec<String> = p
        .channels
        .iter()
        .map(|c| {
            let due = deadline(&c.deadline, p, refs);
            // "Không quy định", "Chưa có thông tin" read in lower case inside the line.
            let due = match (due.strip_prefix("Không"), due.strip_prefix("Chưa")) {
                (Some(rest), _) => format!("không{rest}"),
                (_, Some(rest)) => format!("chưa{rest}"),
                _ => due,
            };
            let mut s = format!(
                "{}: {} {due}",
                c.kind.label(lang),
                t(lang, "thời hạn giải quyết", "deadline"),
            );
            if !c.fees_stated {
                s.push_str(&format!(
                    "; {} {}",
                    t(lang, "phí, lệ phí:", "fees:"),
                    fees_not_stated(lang).to_lowercase()
                ));
            } else if !c.fees.is_empty() {
                let fees: Vec<String> = c
                    .fees
                    .iter()
                    .map(|f| {
                        format!(
                            "{} {}",
                            f.name.get(lang),
                            fee_amount(f, p, refs.manifest, lang)
                        )
                    })
                    .collect();
                s.push_str(&format!("; {}", fees.join(", ")));
            }
            s
        })
        .collect();
    if let Some(portal) = refs.portal
        && p.channels.iter().any(|c| c.kind.is_online())
    {
        channels.push(format!(
            "{} {portal}",
            t(lang, "Nộp hồ sơ trực tuyến tại", "Online submission at")
        ));
    }
    part("channels", "Cách thức thực hiện", "Channels", channels);
    let mut documents = docs(&p.dossier.documents, p, refs, "");
    for c in &p.dossier.cases {
        let mut head = format!("{}: {}", t(lang, "Trường hợp", "Case"), c.name.get(lang));
        if let Some(w) = &c.when {
            head.push_str(&format!(
                " ({} {})",
                t(lang, "khi", "when"),
                cond(w, p, refs)
            ));
        }
        documents.push(head);
        documents.extend(docs(&c.documents, p, refs, "– "));
    }
    part(
        "documents",
        "Thành phần, số lượng hồ sơ",
        "Dossier documents",
        documents,
    );
    part(
        "deadline",
        "Thời hạn giải quyết",
        "Deadline",
        vec![deadline_summary(p, refs)],
    );
    part(
        "subjects",
        "Đối tượng thực hiện",
        "Applicants",
        text(&p.subjects),
    );
    let a = &p.agencies;
    let mut agencies = Vec::new();
    for (x, vi, en) in [
        (&a.competent, "Cơ quan có thẩm quyền", "Competent authority"),
        (
            &a.implementing,
            "Cơ quan trực tiếp thực hiện",
            "Implementing agency",
        ),
        (&a.authorised, "Cơ quan được ủy quyền", "Authorised agency"),
        (&a.coordinating, "Cơ quan phối hợp", "Coordinating agency"),
    ] {
        if let Some(x) = x {
            agencies.push(format!("{}: {}", t(lang, vi, en), x.get(lang)));
        }
    }
    part("agencies", "Cơ quan thực hiện", "Agencies", agencies);
    part(
        "address",
        "Địa chỉ tiếp nhận hồ sơ",
        "Where dossiers are received",
        text(&a.address),
    );
    part("result", "Kết quả thực hiện", "Result", text(&p.result));
    part(
        "fees",
        "Phí, lệ phí",
        "Fees and charges",
        vec![fees_summary(p, refs)],
    );
    let forms: Vec<String> = p
        .all_documents()
        .filter_map(|d| {
            d.form
                .as_ref()
                .map(|f| format!("{} ({f})", d.name.get(lang)))
        })
        .collect();
    part("forms", "Tên mẫu đơn, mẫu tờ khai", "Forms", forms);
    part(
        "requirements",
        "Yêu cầu, điều kiện thực hiện",
        "Requirements and conditions",
        p.requirements
            .iter()
            .map(|r| r.text.get(lang).to_string())
            .collect(),
    );
    part(
        "legal_basis",
        "Căn cứ pháp lý",
        "Legal basis",
        refs.basis_of(p).iter().map(|b| refs.full(b)).collect(),
    );
    let fees = p
        .channels
        .iter()
        .flat_map(|c| {
            c.fees.iter().map(|f| FeeLine {
                channel: c.kind.id(),
                id: f.id.value.to_string(),
                name: f.name.get(lang).to_string(),
                amount: f.fixed().map(|m| m.0),
                rule: f.amount_text(),
                text: fee_amount(f, p, refs.manifest, lang),
                currency: f.foreign_currency().map(str::to_string),
                basis: f.basis.as_ref().map(|b| refs.number(b)),
            })
        })
        .collect();
    Content {
        status,
        code: code.to_string(),
        national_code: p.code.value.to_string(),
        name: p.name.get(lang).to_string(),
        changed,
        parts,
        fees,
    }
}
