//! The periodic report as text, JSON, CSV and one self-contained HTML page (an inline SVG
//! chart of the changes by month and kind).

use super::{DatedBy, Item, Report};
use crate::diag::Lang;
use crate::messages::t;
use crate::model::{Manifest, Named};
use crate::report::chart::{self, Series, esc};
use crate::wording;
use serde_json::json;
use std::fmt::Write as _;

fn named(list: &[Named], id: &str, lang: Lang) -> String {
    Named::name_in(list, id, lang).to_string()
}

fn num(n: u64, lang: Lang) -> String {
    crate::metrics::html::num(n as i128, lang == Lang::En)
}

/// `part` of `whole` in percent with two decimals, as each language writes it.
fn share(part: u64, whole: u64, lang: Lang) -> String {
    match crate::money::basis_points(part as i64, whole as i64) {
        Some(bp) => crate::wording::pct_words(bp, lang),
        None => t(lang, "không tính được", "cannot be computed").to_string(),
    }
}

fn title(r: &Report, lang: Lang) -> String {
    let base = t(
        lang,
        "BÁO CÁO TÌNH HÌNH, KẾT QUẢ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH",
        "REPORT ON THE CONTROL OF ADMINISTRATIVE PROCEDURES",
    );
    match &r.province {
        Some((_, name)) => format!("{base} — {}", name.get(lang).to_uppercase()),
        None => base.to_string(),
    }
}

fn period_line(r: &Report, lang: Lang) -> String {
    format!(
        "{} {} {} {}",
        t(lang, "Kỳ báo cáo: từ ngày", "Period: from"),
        wording::date(r.period.from, lang),
        t(lang, "đến ngày", "to"),
        wording::date(r.period.to, lang)
    )
}

fn kinds(lang: Lang) -> [&'static str; 3] {
    [
        t(lang, "Công bố mới", "New"),
        t(lang, "Sửa đổi, bổ sung", "Amended"),
        t(lang, "Bãi bỏ", "Abolished"),
    ]
}

fn by_words(i: &Item, lang: Lang) -> String {
    match &i.by {
        DatedBy::Act(n) => format!("{} {n}", t(lang, "theo văn bản", "by act")),
        DatedBy::Commit(c) => format!(
            "{} {c} ({})",
            t(lang, "theo ngày commit", "by the date of commit"),
            t(lang, "chưa ghi văn bản", "no act recorded")
        ),
    }
}

/// The note on how changes are dated.
fn dating_note(r: &Report, lang: Lang) -> Option<String> {
    let n = r.dated_by_commit();
    (n > 0).then(|| match lang {
        Lang::Vi => format!(
            "{} thay đổi chưa ghi văn bản (số, ngày ban hành) trong danh mục nên được tính theo ngày commit của thay đổi đó, không phải ngày của văn bản.",
            num(n as u64, lang)
        ),
        Lang::En => format!(
            "{} change(s) have no act (number, date of issue) recorded in the catalogue and are dated by the commit that made them, not by an act.",
            num(n as u64, lang)
        ),
    })
}

/// When the period begins before the catalogue's history.
fn history_note(r: &Report, lang: Lang) -> Option<String> {
    let (c, d) = r.history_start.as_ref()?;
    Some(match lang {
        Lang::Vi => format!(
            "Kỳ báo cáo bắt đầu trước khi danh mục có trong git (commit đầu tiên {c}, ngày {}): các thủ tục đã có trong danh mục từ commit đó không được xếp là công bố mới, sửa đổi hay bãi bỏ trong kỳ, vì lịch sử không cho biết; chỉ các thay đổi sau commit đó được tính.",
            wording::date(*d, lang)
        ),
        Lang::En => format!(
            "The period begins before the catalogue's history (first commit {c}, {}): the procedures already in the catalogue then are not classified as new, amended or abolished in the period, since the history does not say; only changes after that commit are counted.",
            wording::date(*d, lang)
        ),
    })
}

/// The changes whose act has no date in the registry: listed apart, never counted.
fn undated_note(r: &Report, lang: Lang) -> Option<String> {
    if r.undated.is_empty() {
        return None;
    }
    let list: Vec<String> = r
        .undated
        .iter()
        .map(|(i, _)| match &i.by {
            DatedBy::Act(n) | DatedBy::Commit(n) => format!("{} ({n})", i.code),
        })
        .collect();
    Some(match lang {
        Lang::Vi => format!(
            "{} thủ tục thay đổi trong lịch sử danh mục có văn bản chưa ghi ngày (ban hành, có hiệu lực) nên không xác định được có thuộc kỳ báo cáo hay không và không được tính ở trên: {}.",
            num(r.undated.len() as u64, lang),
            list.join(", ")
        ),
        Lang::En => format!(
            "{} procedure(s) changed in the catalogue's history by an act recorded without a date (of issue or in force): whether the change falls in the period is unknown, and it is not counted above: {}.",
            num(r.undated.len() as u64, lang),
            list.join(", ")
        ),
    })
}

/// For the terminal.
pub fn human(r: &Report, m: &Manifest, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", title(r, lang));
    let _ = writeln!(s, "{}", period_line(r, lang));
    if let Some((c, d)) = &r.end {
        let _ = writeln!(
            s,
            "{}: {c} ({})",
            t(
                lang,
                "Danh mục cuối kỳ đọc tại commit",
                "End of period read at commit"
            ),
            wording::date(*d, lang)
        );
    }
    s.push('\n');
    let _ = writeln!(
        s,
        "1. {}",
        t(
            lang,
            "Thủ tục hành chính công bố, sửa đổi, bãi bỏ trong kỳ",
            "Procedures published, amended and abolished in the period"
        )
    );
    for (k, list) in kinds(lang).iter().zip([&r.new, &r.amended, &r.abolished]) {
        let _ = writeln!(s, "   {k}: {}", num(list.len() as u64, lang));
        for i in list.iter() {
            let _ = writeln!(
                s,
                "     - {} {} — {} ({})",
                i.code,
                i.name.get(lang),
                wording::date(i.date, lang),
                by_words(i, lang)
            );
        }
    }
    if let Some(n) = dating_note(r, lang) {
        let _ = writeln!(s, "   {n}");
    }
    if let Some(n) = undated_note(r, lang) {
        let _ = writeln!(s, "   {n}");
    }
    if let Some(n) = history_note(r, lang) {
        let _ = writeln!(s, "   {n}");
    }
    let f = &r.in_force;
    let _ = writeln!(
        s,
        "\n2. {}: {}",
        t(
            lang,
            "Thủ tục hành chính còn hiệu lực cuối kỳ",
            "Procedures in force at the end of the period"
        ),
        num(f.total, lang)
    );
    let _ = writeln!(s, "   {}:", t(lang, "Theo cấp thực hiện", "By level"));
    for l in ordered(&m.levels, &f.by_level) {
        let _ = writeln!(
            s,
            "     - {}: {}",
            named(&m.levels, &l.0, lang),
            num(l.1, lang)
        );
    }
    if let Some(n) = levels_note(f, lang) {
        let _ = writeln!(s, "     ({n})");
    }
    let _ = writeln!(s, "   {}:", t(lang, "Theo lĩnh vực", "By field"));
    for l in ordered(&m.fields, &f.by_field) {
        let _ = writeln!(
            s,
            "     - {}: {}",
            named(&m.fields, &l.0, lang),
            num(l.1, lang)
        );
    }
    let _ = writeln!(
        s,
        "\n3. {}:\n   - {}: {} ({})\n   - {}: {} ({})",
        t(lang, "Dịch vụ công trực tuyến", "Online public services"),
        t(lang, "Toàn trình", "Full process"),
        num(f.online_full, lang),
        share(f.online_full, f.total, lang),
        t(lang, "Một phần", "Part of the process"),
        num(f.online_partial, lang),
        share(f.online_partial, f.total, lang)
    );
    let _ = writeln!(
        s,
        "\n4. {}: {}",
        t(
            lang,
            "Văn bản ban hành trong kỳ",
            "Acts issued in the period"
        ),
        num(r.acts.len() as u64, lang)
    );
    for a in &r.acts {
        let _ = writeln!(
            s,
            "   - {} {} — {}",
            a.number,
            wording::date(a.issued, lang),
            act_title(a, lang)
        );
    }
    s
}

/// Why the counts by level add up to more than the procedures in force, when they do.
fn levels_note(f: &super::InForce, lang: Lang) -> Option<String> {
    let sum: u64 = f.by_level.values().sum();
    (sum > f.total).then(|| {
        t(
            lang,
            "Một thủ tục thực hiện ở nhiều cấp được tính ở mỗi cấp.",
            "A procedure carried out at several levels counts at each.",
        )
        .to_string()
    })
}

/// An act's title as the registry gives it; a registry entry without one says so rather
/// than leaving a dangling dash.
fn act_title(a: &super::Act, lang: Lang) -> String {
    match a.title.get(lang).trim() {
        "" => t(lang, "trích yếu: chưa có thông tin", "title: not stated").to_string(),
        title => title.to_string(),
    }
}

/// Groups in the manifest's order, then ids it does not declare.
fn ordered(list: &[Named], map: &std::collections::BTreeMap<String, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = list
        .iter()
        .filter_map(|n| map.get(n.id.as_str()).map(|c| (n.id.value.to_string(), *c)))
        .collect();
    v.extend(
        map.iter()
            .filter(|(k, _)| !list.iter().any(|n| n.id.as_str() == k.as_str()))
            .map(|(k, c)| (k.clone(), *c)),
    );
    v
}

fn items_json(list: &[Item]) -> serde_json::Value {
    json!({
        "count": list.len(),
        "codes": list.iter().map(|i| &i.code).collect::<Vec<_>>(),
        "items": list.iter().map(|i| json!({
            "code": i.code,
            "name": i.name.vi,
            "field": i.field,
            "date": i.date.to_string(),
            "dated_by": match &i.by { DatedBy::Act(_) => "act", DatedBy::Commit(_) => "commit" },
            "act": match &i.by { DatedBy::Act(n) => Some(n), DatedBy::Commit(_) => None },
            "commit": match &i.by { DatedBy::Commit(c) => Some(c), DatedBy::Act(_) => None },
        })).collect::<Vec<_>>(),
    })
}

/// As JSON: `new`, `amended`, `abolished` (count, codes, items), `in_force` {total,
/// by_level, by_field}, `online`, `acts`.
pub fn json(r: &Report) -> String {
    let f = &r.in_force;
    let v = json!({
        "from": r.period.from.to_string(),
        "to": r.period.to.to_string(),
        "province": r.province.as_ref().map(|p| &p.0),
        "end_commit": r.end.as_ref().map(|e| &e.0),
        "start_commit": r.start.as_ref().map(|e| &e.0),
        // The period begins before the catalogue's history: compared from its first commit.
        "history_start": r.history_start.as_ref().map(|e| json!({"commit": e.0, "date": e.1.to_string()})),
        "new": items_json(&r.new),
        "amended": items_json(&r.amended),
        "abolished": items_json(&r.abolished),
        "dated_by_commit": r.dated_by_commit(),
        // Changes by an act the registry holds without a date: not counted in the period.
        "undated": r.undated.iter().map(|(i, k)| json!({
            "code": i.code,
            "name": i.name.vi,
            "kind": match k {
                super::UndatedKind::New => "new",
                super::UndatedKind::Amended => "amended",
                super::UndatedKind::Abolished => "abolished",
            },
            "act": match &i.by { DatedBy::Act(n) | DatedBy::Commit(n) => n },
        })).collect::<Vec<_>>(),
        "in_force": {
            "total": f.total,
            "by_level": f.by_level,
            "by_field": f.by_field,
        },
        "online": {
            "full": f.online_full,
            "partial": f.online_partial,
            "full_pct": crate::money::basis_points(f.online_full as i64, f.total as i64).map(|b| b as f64 / 100.0),
            "partial_pct": crate::money::basis_points(f.online_partial as i64, f.total as i64).map(|b| b as f64 / 100.0),
        },
        "acts": r.acts.iter().map(|a| json!({
            "number": a.number,
            "title": a.title.vi,
            "issued": a.issued.to_string(),
            "issuer": a.issuer,
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&v).expect("serializable") + "\n"
}

/// As CSV: one row a change (kind, code, name, field, date, dated_by, act or commit).
pub fn csv(r: &Report, lang: Lang) -> String {
    let f = |s: &str| crate::sanitize::csv_field(s, false);
    let mut s = String::from("kind,code,name,field,date,dated_by,act_or_commit\n");
    for (kind, list) in [
        ("new", &r.new),
        ("amended", &r.amended),
        ("abolished", &r.abolished),
    ] {
        for i in list.iter() {
            let (by, what) = match &i.by {
                DatedBy::Act(n) => ("act", n.as_str()),
                DatedBy::Commit(c) => ("commit", c.as_str()),
            };
            let _ = writeln!(
                s,
                "{kind},{},{},{},{},{by},{}",
                f(&i.code),
                f(i.name.get(lang)),
                f(&i.field),
                i.date,
                f(what)
            );
        }
    }
    // An act without a date: no date in the row, the kind says why it is not counted.
    for (i, k) in &r.undated {
        let kind = match k {
            super::UndatedKind::New => "new_undated",
            super::UndatedKind::Amended => "amended_undated",
            super::UndatedKind::Abolished => "abolished_undated",
        };
        let (DatedBy::Act(n) | DatedBy::Commit(n)) = &i.by;
        let _ = writeln!(
            s,
            "{kind},{},{},{},,act,{}",
            f(&i.code),
            f(i.name.get(lang)),
            f(&i.field),
            f(n)
        );
    }
    s
}

/// Counts by month of the period and kind, for the chart.
pub fn by_month(r: &Report) -> Vec<(String, Vec<u64>)> {
    let mut months = Vec::new();
    let (mut y, mut m) = (r.period.from.year(), r.period.from.month());
    loop {
        months.push((y, m));
        if (y, m) >= (r.period.to.year(), r.period.to.month()) || months.len() > 240 {
            break;
        }
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    months
        .into_iter()
        .map(|(y, m)| {
            let count = |l: &[Item]| {
                l.iter()
                    .filter(|i| i.date.year() == y && i.date.month() == m)
                    .count() as u64
            };
            (
                format!("{m:02}/{y}"),
                vec![count(&r.new), count(&r.amended), count(&r.abolished)],
            )
        })
        .collect()
}

/// The chart of changes by month and kind.
pub fn chart(r: &Report, lang: Lang) -> String {
    let [a, b, c] = kinds(lang);
    let series = [
        Series {
            name: a,
            color: "#1565c0",
        },
        Series {
            name: b,
            color: "#ef6c00",
        },
        Series {
            name: c,
            color: "#6d4c41",
        },
    ];
    chart::vbars(
        t(
            lang,
            "Số thủ tục công bố mới, sửa đổi, bổ sung, bãi bỏ theo tháng",
            "Procedures published new, amended and abolished by month",
        ),
        &series,
        &by_month(r),
    )
}

/// One self-contained HTML page.
pub fn html(r: &Report, m: &Manifest, lang: Lang) -> String {
    let mut s = String::new();
    let title = title(r, lang);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\
<style>body{{font-family:'Times New Roman',serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.4}}\
h1{{font-size:1.3rem;text-align:center}}h2{{font-size:1.1rem;margin-top:1.6rem}}\
table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}}\
td.n{{text-align:right;white-space:nowrap}}.note{{color:#444;font-size:.95rem}}\
@media print{{body{{margin:0;max-width:none}}h2{{break-after:avoid}}table,svg{{break-inside:avoid}}}}</style></head><body>\n",
        t(lang, "vi", "en"),
        esc(&title)
    );
    let _ = writeln!(
        s,
        "<h1>{}</h1><p style=\"text-align:center\">{}</p>",
        esc(&title),
        esc(&period_line(r, lang))
    );
    let _ = writeln!(
        s,
        "<h2>1. {}</h2>",
        esc(t(
            lang,
            "Thủ tục hành chính công bố, sửa đổi, bãi bỏ trong kỳ",
            "Procedures published, amended and abolished in the period"
        ))
    );
    // A period without entries shows its counts (all 0) and notes, not an empty chart
    // and a table of headings only.
    if [&r.new, &r.amended, &r.abolished]
        .iter()
        .any(|l| !l.is_empty())
    {
        s.push_str(&chart(r, lang));
        let _ = writeln!(
            s,
            "\n<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            esc(t(lang, "Loại", "Kind")),
            esc(t(lang, "Mã", "Code")),
            esc(t(lang, "Tên thủ tục", "Procedure")),
            esc(t(lang, "Ngày", "Date")),
            esc(t(lang, "Căn cứ xác định ngày", "Dated by"))
        );
        for (k, list) in kinds(lang).iter().zip([&r.new, &r.amended, &r.abolished]) {
            for i in list.iter() {
                let _ = writeln!(
                    s,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                    esc(k),
                    esc(&i.code),
                    esc(i.name.get(lang)),
                    esc(&wording::date(i.date, lang)),
                    esc(&by_words(i, lang))
                );
            }
        }
        s.push_str("</table>\n");
    }
    s.push_str("<ul>");
    for (k, list) in kinds(lang).iter().zip([&r.new, &r.amended, &r.abolished]) {
        let _ = write!(s, "<li>{}: {}</li>", esc(k), num(list.len() as u64, lang));
    }
    s.push_str("</ul>\n");
    if let Some(n) = dating_note(r, lang) {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", esc(&n));
    }
    if let Some(n) = undated_note(r, lang) {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", esc(&n));
    }
    if let Some(n) = history_note(r, lang) {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", esc(&n));
    }
    let f = &r.in_force;
    let _ = writeln!(
        s,
        "<h2>2. {}: {}</h2>",
        esc(t(
            lang,
            "Thủ tục hành chính còn hiệu lực cuối kỳ",
            "Procedures in force at the end of the period"
        )),
        num(f.total, lang)
    );
    for (head, list, map, note) in [
        (
            t(lang, "Cấp thực hiện", "Level"),
            &m.levels,
            &f.by_level,
            levels_note(f, lang),
        ),
        (t(lang, "Lĩnh vực", "Field"), &m.fields, &f.by_field, None),
    ] {
        let _ = writeln!(
            s,
            "<table><tr><th>{}</th><th>{}</th></tr>",
            esc(head),
            esc(t(lang, "Số thủ tục", "Procedures"))
        );
        for (id, n) in ordered(list, map) {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td class=\"n\">{}</td></tr>",
                esc(&named(list, &id, lang)),
                num(n, lang)
            );
        }
        s.push_str("</table>");
        match note {
            Some(n) => {
                let _ = writeln!(s, "<p class=\"note\">{}</p>", esc(&n));
            }
            None => s.push_str("<p></p>\n"),
        }
    }
    let _ = writeln!(
        s,
        "<h2>3. {}</h2><ul><li>{}: {} ({})</li><li>{}: {} ({})</li></ul>",
        esc(t(lang, "Dịch vụ công trực tuyến", "Online public services")),
        esc(t(lang, "Toàn trình", "Full process")),
        num(f.online_full, lang),
        esc(&share(f.online_full, f.total, lang)),
        esc(t(lang, "Một phần", "Part of the process")),
        num(f.online_partial, lang),
        esc(&share(f.online_partial, f.total, lang))
    );
    let _ = writeln!(
        s,
        "<h2>4. {}: {}</h2><ul>",
        esc(t(
            lang,
            "Văn bản ban hành trong kỳ",
            "Acts issued in the period"
        )),
        num(r.acts.len() as u64, lang)
    );
    for a in &r.acts {
        let _ = writeln!(
            s,
            "<li>{} — {} — {}</li>",
            esc(&a.number),
            esc(&wording::date(a.issued, lang)),
            esc(&act_title(a, lang))
        );
    }
    s.push_str("</ul></body></html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Act, InForce};

    #[test]
    fn an_act_without_a_title_says_so() {
        let act = |vi: &str| Act {
            number: "1523/QĐ-BCA-C06".into(),
            title: crate::model::Text {
                vi: vi.into(),
                en: None,
            },
            issued: jiff::civil::date(2026, 3, 26),
            issuer: None,
        };
        assert_eq!(
            act_title(&act(""), Lang::Vi),
            "trích yếu: chưa có thông tin"
        );
        assert_eq!(act_title(&act("  "), Lang::En), "title: not stated");
        assert_eq!(
            act_title(&act("Về việc công bố"), Lang::Vi),
            "Về việc công bố"
        );
    }

    #[test]
    fn counts_by_level_that_overlap_are_explained() {
        let mut f = InForce {
            total: 2,
            ..Default::default()
        };
        f.by_level.insert("province".into(), 1);
        f.by_level.insert("commune".into(), 1);
        assert_eq!(levels_note(&f, Lang::Vi), None);
        f.by_level.insert("ministry".into(), 1);
        assert!(levels_note(&f, Lang::Vi).is_some_and(|n| n.contains("mỗi cấp")));
    }
}
