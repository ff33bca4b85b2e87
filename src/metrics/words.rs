//! Targets and their figures in the words of a report: titles, scopes by the names the
//! manifest gives them, units and percentages as each language writes them.

use super::targets::Outcome;
use crate::diag::Lang;
use crate::model::Manifest;

/// What a metric measures, for a target without a title.
pub fn metric_name(metric: &str, lang: Lang) -> &'static str {
    let en = lang == Lang::En;
    match metric {
        "declared_fields" if en => "Fields applicants fill in",
        "declared_fields" => "Số trường thông tin phải khai",
        "documents" if en => "Document copies",
        "documents" => "Số bản giấy tờ",
        "deadline_working_days" if en => "Deadlines",
        "deadline_working_days" => "Thời hạn giải quyết",
        "fees_total" if en => "Fees of a typical applicant",
        "fees_total" => "Phí, lệ phí của người nộp điển hình",
        "compliance_cost" if en => "Compliance cost",
        "compliance_cost" => "Chi phí tuân thủ",
        "procedures" if en => "Procedures",
        "procedures" => "Số thủ tục hành chính",
        _ => "",
    }
}

/// The target's title in `lang` (its English one when translated), else what it measures.
pub fn title(t: &Outcome, lang: Lang) -> String {
    t.title.as_ref().map_or_else(
        || metric_name(t.metric, lang).to_string(),
        |x| x.get(lang).to_string(),
    )
}

/// A scope in words, with the names the manifest gives fields and levels: "lĩnh vực Đăng
/// ký, quản lý cư trú", "whole catalogue".
pub fn scope(scope: &str, manifest: &Manifest, lang: Lang) -> String {
    let en = lang == Lang::En;
    let named = |list: &[crate::model::Named], id: &str| {
        list.iter()
            .find(|n| n.id.value == id)
            .map_or_else(|| id.to_string(), |n| n.name.get(lang).to_string())
    };
    match scope.split_once(':') {
        None if scope == "all" => (if en {
            "whole catalogue"
        } else {
            "toàn danh mục"
        })
        .into(),
        None if scope == "each" => (if en {
            "each procedure"
        } else {
            "từng thủ tục"
        })
        .into(),
        Some(("field", f)) if en => format!("field {}", named(&manifest.fields, f)),
        Some(("field", f)) => format!("lĩnh vực {}", named(&manifest.fields, f)),
        Some(("level", l)) if en => format!("level {}", named(&manifest.levels, l)),
        Some(("level", l)) => named(&manifest.levels, l),
        Some(("agency", a)) if en => format!("agency {a}"),
        Some(("agency", a)) => format!("cơ quan {a}"),
        _ => scope.to_string(),
    }
}

/// How many procedures a fee or cost target could not measure, in words: they are counted
/// apart, never as 0.
pub fn unmeasured(t: &Outcome, lang: Lang) -> Option<String> {
    let n = t.unmeasured;
    (n > 0).then(|| match lang {
        Lang::En => format!(
            "{n} procedure(s) could not be measured (fees or applications a year not stated, fees set by the province, or without typical quantities) and are left out of both values"
        ),
        Lang::Vi => format!(
            "{n} thủ tục không đo được (phí hoặc số hồ sơ mỗi năm chưa có thông tin, phí do tỉnh quy định, hoặc thiếu số lượng điển hình) và không được tính ở cả hai giá trị"
        ),
    })
}

/// A percentage with two decimals and its sign: "-20,20%" in Vietnamese, "-20.20%" in English.
pub fn pct(p: f64, lang: Lang) -> String {
    let s = format!("{p:+.2}%");
    if lang == Lang::En {
        s
    } else {
        s.replace('.', ",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_as_each_language_writes_them() {
        assert_eq!(pct(-20.2, Lang::Vi), "-20,20%");
        assert_eq!(pct(-20.2, Lang::En), "-20.20%");
        assert_eq!(pct(0.0, Lang::Vi), "+0,00%");
    }
}
