//! The parts of a procedure a published decision distinguishes (the headings of the national
//! database's content, Circular 02/2017/TT-VPCP annex), by the ids `amended:` and
//! `editorial:` records name them with, and which change paths fall in each.

/// One part of a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// The id records use (`fees`).
    pub id: &'static str,
    /// Its place in the official template.
    pub order: u8,
    /// Its name in Vietnamese, as decisions write it.
    pub vi: &'static str,
    /// Its name in English.
    pub en: &'static str,
}

impl Part {
    /// The name in a language.
    pub fn label(&self, lang: crate::diag::Lang) -> &'static str {
        match lang {
            crate::diag::Lang::Vi => self.vi,
            crate::diag::Lang::En => self.en,
        }
    }
}

const fn p(id: &'static str, order: u8, vi: &'static str, en: &'static str) -> Part {
    Part { id, order, vi, en }
}

/// Every part, in template order; `all` is the whole procedure (an editorial record of a
/// procedure added to the catalogue as data completion).
pub const PARTS: &[Part] = &[
    p("name", 0, "Tên thủ tục", "name"),
    p("steps", 1, "Trình tự thực hiện", "steps"),
    p("channels", 2, "Cách thức thực hiện", "channels"),
    p("deadline", 3, "Thời hạn giải quyết", "deadline"),
    p("fees", 4, "Phí, lệ phí", "fees"),
    p("documents", 5, "Thành phần hồ sơ", "documents"),
    p(
        "form_fields",
        6,
        "Thông tin phải khai báo",
        "declared information",
    ),
    p("subjects", 7, "Đối tượng thực hiện", "applicants"),
    p("agencies", 8, "Cơ quan thực hiện", "agency"),
    p("address", 9, "Địa chỉ tiếp nhận hồ sơ", "receiving address"),
    p("result", 10, "Kết quả thực hiện", "result"),
    p("requirements", 11, "Yêu cầu, điều kiện", "requirements"),
    p("legal_basis", 12, "Căn cứ pháp lý", "legal basis"),
    p("field", 13, "Lĩnh vực", "field"),
    p("levels", 14, "Cấp thực hiện", "level"),
    p("kind", 15, "Loại thủ tục", "kind of procedure"),
    p("all", 16, "Toàn bộ thủ tục", "the whole procedure"),
];

/// The ids of [`PARTS`], for the file shape.
pub const PART_IDS: &[&str] = &[
    "name",
    "steps",
    "channels",
    "deadline",
    "fees",
    "documents",
    "form_fields",
    "subjects",
    "agencies",
    "address",
    "result",
    "requirements",
    "legal_basis",
    "field",
    "levels",
    "kind",
    "all",
];

/// The part of an id.
pub fn part(id: &str) -> Option<&'static Part> {
    PARTS.iter().find(|p| p.id == id)
}

/// The part a change path (`channels[direct].fees[le-phi].amount`) falls in; `None` for what
/// a decision does not publish (derived totals, how facts are modelled, cost-model inputs,
/// the records of acts themselves).
pub fn part_of_path(path: &str) -> Option<&'static Part> {
    let head = path.split(['.', '[']).next().unwrap_or(path);
    let id = match head {
        "name" => "name",
        "steps" => "steps",
        "channels" => {
            if path.contains(".deadline") {
                "deadline"
            } else if path.contains(".fees") {
                "fees"
            } else {
                "channels"
            }
        }
        "cutoff" => "deadline",
        "discounts" => "fees",
        "dossier" => "documents",
        "form_fields" => "form_fields",
        "subjects" => "subjects",
        "agencies" if path.starts_with("agencies.address") => "address",
        "agencies" => "agencies",
        "result" => "result",
        "requirements" => "requirements",
        "legal_basis" => "legal_basis",
        "field" => "field",
        "levels" => "levels",
        "kind" => "kind",
        _ => return None,
    };
    part(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_table_agree() {
        assert_eq!(PARTS.len(), PART_IDS.len());
        for (p, id) in PARTS.iter().zip(PART_IDS) {
            assert_eq!(p.id, *id);
        }
        assert_eq!(
            part_of_path("channels[direct].fees[x].amount").unwrap().id,
            "fees"
        );
        assert_eq!(
            part_of_path("channels[direct].deadline").unwrap().id,
            "deadline"
        );
        assert_eq!(part_of_path("agencies.address").unwrap().id, "address");
        assert!(part_of_path("compliance.minutes.wait").is_none());
        assert!(part_of_path("published_by").is_none());
    }
}
