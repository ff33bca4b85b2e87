//! How an act of the legal registry is cited: "Nghị định số 79/2020/NĐ-CP ngày 08/7/2020 của
//! Chính phủ quy định …", "Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014". Every piece comes from
//! the registry as its author wrote it; a piece the registry does not state is left out or
//! said to be unknown ("chưa có thông tin"), never filled in.

use crate::diag::Lang;
use crate::model::LegalDoc;
use jiff::civil::Date;

/// Kinds of act cited by their name first ("Luật Hộ tịch số …"): a law or an ordinance is
/// known by its name (Decree 30/2020/NĐ-CP, Annex I: a law's grounds give its name, not an
/// issuer and subject).
const NAMED: &[&str] = &["Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh"];

/// The date of an act as decisions cite it: "08/7/2020", "05/02/2021" — the day with two
/// digits, the month with two only for January and February (Decree 30/2020/NĐ-CP, Annex I,
/// part I.II.4: a day below 10 and the months 1 and 2 take a leading zero); ISO in English.
pub fn act_date(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Vi if d.month() < 3 => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        Lang::Vi => format!("{:02}/{}/{}", d.day(), d.month(), d.year()),
        Lang::En => d.to_string(),
    }
}

/// The English name of a kind of act.
fn kind_en(kind: &str) -> &str {
    match kind {
        "Hiến pháp" => "Constitution",
        "Bộ luật" => "Code",
        "Luật" => "Law",
        "Pháp lệnh" => "Ordinance",
        "Nghị quyết" => "Resolution",
        "Nghị quyết liên tịch" => "Joint resolution",
        "Lệnh" => "Order",
        "Nghị định" => "Decree",
        "Quyết định" => "Decision",
        "Thông tư" => "Circular",
        "Thông tư liên tịch" => "Joint circular",
        "Chỉ thị" => "Directive",
        "Công văn" => "Official letter",
        "Thông báo" => "Notice",
        "Kế hoạch" => "Plan",
        other => other,
    }
}

/// "ngày 08/7/2020", or what is said when the registry gives no date.
fn dated(act: &LegalDoc, lang: Lang) -> String {
    match (act.issued, lang) {
        (Some(d), Lang::Vi) => format!("ngày {}", act_date(d, lang)),
        (Some(d), Lang::En) => format!("of {}", act_date(d, lang)),
        (None, Lang::Vi) => "(ngày ban hành: chưa có thông tin)".to_string(),
        (None, Lang::En) => "(date of issue: not stated)".to_string(),
    }
}

/// The short citation: kind, number and date ("Nghị định số 07/2025/NĐ-CP ngày 09/01/2025").
pub fn short(act: &LegalDoc, lang: Lang) -> String {
    let number = act.number.as_str();
    match (lang, act.kind.as_deref()) {
        (Lang::Vi, Some(k)) => format!("{} số {number} {}", k, dated(act, lang)),
        (Lang::Vi, None) => format!("{number} {}", dated(act, lang)),
        (Lang::En, Some(k)) => format!("{} {number} {}", kind_en(k), dated(act, lang)),
        (Lang::En, None) => format!("{number} {}", dated(act, lang)),
    }
}

/// The full citation of an act, as Part II, the annex's act column and the grounds print it.
pub fn citation(act: &LegalDoc, lang: Lang) -> String {
    let number = act.number.as_str();
    let title = act
        .title
        .as_ref()
        .map(|t| t.value.get(lang).trim().to_string());
    let kind = act.kind.as_deref().map(|k| k.as_str());
    let by = act.signer.as_deref().or(act.issuer.as_deref());
    match lang {
        Lang::Vi => {
            if let (Some(k), Some(t)) = (kind, &title)
                && NAMED.contains(&k)
            {
                return format!("{k} {t} số {number} {}", dated(act, lang));
            }
            let mut s = short(act, lang);
            if let Some(by) = by {
                s.push_str(&format!(" của {by}"));
            }
            if let Some(t) = title {
                s.push(' ');
                s.push_str(&t);
            }
            s
        }
        Lang::En => {
            let mut s = short(act, lang);
            if let Some(by) = act.issuer.as_deref() {
                s.push_str(&format!(" ({by})"));
            }
            if let Some(t) = title {
                s.push_str(&format!(": {t}"));
            }
            s
        }
    }
}

/// When an act takes effect, for a record that gives its own date or relies on the act's.
pub fn in_force_words(date: Option<Date>, lang: Lang) -> String {
    match (date, lang) {
        (Some(d), Lang::Vi) => format!("hiệu lực từ {}", crate::wording::date(d, lang)),
        (Some(d), Lang::En) => format!("in force from {d}"),
        (None, Lang::Vi) => "ngày có hiệu lực: chưa có thông tin".to_string(),
        (None, Lang::En) => "date in force: not stated".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Sp, Text};

    fn act(kind: &str, number: &str, title: &str, issued: Option<Date>, by: &str) -> LegalDoc {
        LegalDoc {
            id: Sp::bare("x".into()),
            kind: Some(Sp::bare(kind.into())),
            number: Sp::bare(number.into()),
            title: Some(Sp::bare(Text {
                vi: title.into(),
                en: None,
            })),
            issued,
            in_force: None,
            issuer: Some(by.into()),
            signer: None,
            replaced_by: None,
            lapsed: None,
        }
    }

    /// The forms the issue quotes from real decisions.
    #[test]
    fn citations_read_as_decisions_write_them() {
        let d = |y, m, d| Date::new(y, m, d).unwrap();
        let nd = act(
            "Nghị định",
            "79/2020/NĐ-CP",
            "quy định chế độ, chính sách trong xây dựng, huy động lực lượng dự bị động viên",
            Some(d(2020, 7, 8)),
            "Chính phủ",
        );
        assert_eq!(
            citation(&nd, Lang::Vi),
            "Nghị định số 79/2020/NĐ-CP ngày 08/7/2020 của Chính phủ quy định chế độ, chính sách trong xây dựng, huy động lực lượng dự bị động viên"
        );
        let mut qd = act(
            "Quyết định",
            "1079/QĐ-BTP",
            "về việc công bố thủ tục hành chính",
            Some(d(2024, 6, 11)),
            "Bộ Tư pháp",
        );
        qd.signer = Some("Bộ trưởng Bộ Tư pháp".into());
        assert_eq!(
            citation(&qd, Lang::Vi),
            "Quyết định số 1079/QĐ-BTP ngày 11/6/2024 của Bộ trưởng Bộ Tư pháp về việc công bố thủ tục hành chính"
        );
        let luat = act(
            "Luật",
            "60/2014/QH13",
            "Hộ tịch",
            Some(d(2014, 11, 20)),
            "Quốc hội",
        );
        assert_eq!(
            citation(&luat, Lang::Vi),
            "Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014"
        );
        // January and February keep their zero.
        assert_eq!(act_date(d(2012, 2, 2), Lang::Vi), "02/02/2012");
        // No date: said, never guessed.
        qd.issued = None;
        assert_eq!(
            short(&qd, Lang::Vi),
            "Quyết định số 1079/QĐ-BTP (ngày ban hành: chưa có thông tin)"
        );
        assert_eq!(
            citation(&nd, Lang::En),
            "Decree 79/2020/NĐ-CP of 2020-07-08 (Chính phủ): quy định chế độ, chính sách trong xây dựng, huy động lực lượng dự bị động viên"
        );
    }
}
