//! The JSON Schema of procedure files, printed from the same shapes the decoder checks.

use super::read::PROCEDURE;
use crate::shape::{Kind, Shape};
use serde_json::{Map, Value, json};

/// The JSON Schema (draft 2020-12) of a procedure file.
pub fn procedure_schema() -> Value {
    let mut defs = Map::new();
    let root = shape(&PROCEDURE, &mut defs);
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://thutuc.example/schema/procedure.json",
        "title": "Thủ tục hành chính — thutuc procedure",
    });
    let obj = schema.as_object_mut().expect("object");
    for (k, v) in root.as_object().expect("object") {
        obj.insert(k.clone(), v.clone());
    }
    obj.insert("$defs".into(), Value::Object(defs));
    schema
}

/// The Vietnamese description of a key of a shape (the shape's `doc` is the English one):
/// an editor shows one text on hover, so the schema gives both, Vietnamese first.
/// What a key of a shape means, for an editor: in Vietnamese when the schema words it so,
/// else as the shape documents it.
pub fn key_doc(shape: &str, key: &str, en: &'static str, lang: crate::diag::Lang) -> &'static str {
    match (lang, vi(shape, key)) {
        (crate::diag::Lang::Vi, Some(v)) => v,
        _ => en,
    }
}

fn vi(shape: &str, key: &str) -> Option<&'static str> {
    Some(match (shape, key) {
        ("Procedure", "code") => "mã thủ tục, ví dụ \"1.004222\"",
        ("Procedure", "name") => "tên thủ tục bằng tiếng Việt và tiếng Anh",
        ("Procedure", "field") => "mã lĩnh vực (khai báo trong catalogue.yaml)",
        ("Procedure", "levels") => "mã các cấp thực hiện (khai báo trong catalogue.yaml)",
        ("Procedure", "decision") => "văn bản công bố thủ tục (tên cũ của published_by)",
        ("Procedure", "published_by") => {
            "văn bản công bố thủ tục: mã trong danh mục văn bản hoặc số của văn bản"
        }
        ("Procedure", "amended") => {
            "mỗi văn bản đã sửa đổi, bổ sung thủ tục: { by: <văn bản>, parts: [fees, deadline], in_force: 2025-07-01 }"
        }
        ("Procedure", "editorial") => {
            "thay đổi không do văn bản nào (sửa lỗi, bổ sung dữ liệu): { parts: [steps], reason: completion, note: … }; không đưa vào quyết định"
        }
        ("Procedure", "abolished") => {
            "việc bãi bỏ thủ tục: { by: <văn bản>, in_force: 2026-01-01 }; tệp vẫn được giữ lại"
        }
        ("Amendment", "by") => {
            "văn bản sửa đổi, bổ sung: mã trong danh mục văn bản hoặc số của văn bản"
        }
        ("Amendment", "parts") => {
            "các phần bị thay đổi: name, steps, channels, deadline, fees, documents, form_fields, subjects, agencies, address, result, requirements, legal_basis, field, levels, kind"
        }
        ("Amendment", "in_force") => {
            "ngày có hiệu lực của việc sửa đổi (không ghi thì lấy ngày có hiệu lực của văn bản)"
        }
        ("Editorial", "parts") => {
            "các phần bị thay đổi (all: thủ tục được bổ sung vào danh mục như bổ sung dữ liệu)"
        }
        ("Editorial", "reason") => "correction (sửa lỗi) hoặc completion (bổ sung dữ liệu)",
        ("Editorial", "note") => "việc đã làm, theo lời người biên soạn",
        ("Abolition", "by") => "văn bản bãi bỏ: mã trong danh mục văn bản hoặc số của văn bản",
        ("Abolition", "in_force") => {
            "ngày có hiệu lực của việc bãi bỏ (không ghi thì lấy ngày có hiệu lực của văn bản)"
        }
        ("Procedure", "kind") => "loại thủ tục",
        ("Procedure", "subjects") => "đối tượng thực hiện",
        ("Procedure", "agencies") => "cơ quan thực hiện",
        ("Procedure", "legal_basis") => "mã các văn bản căn cứ pháp lý",
        ("Procedure", "facts") => "các thông tin về người nộp hồ sơ mà thủ tục cần biết",
        ("Procedure", "channels") => "các cách thức thực hiện, mỗi cách có thời hạn và phí, lệ phí",
        ("Procedure", "cutoff") => "hồ sơ nhận sau giờ này được tính từ ngày làm việc tiếp theo",
        ("Procedure", "working_hours") => {
            "giờ làm việc của cơ quan thực hiện thủ tục, khi khác giờ của danh mục"
        }
        ("Procedure", "steps") => "trình tự thực hiện, mỗi bước một đoạn",
        ("Procedure", "dossier") => "thành phần hồ sơ",
        ("Procedure", "discounts") => "các mức giảm phí, lệ phí",
        ("Procedure", "form_fields") => "các thông tin người nộp phải khai",
        ("Procedure", "requirements") => "yêu cầu, điều kiện thực hiện",
        ("Procedure", "result") => "kết quả thực hiện thủ tục",
        ("Procedure", "compliance") => "số liệu để tính chi phí tuân thủ",
        ("Procedure", "review") => {
            "các giá trị khi nhập chưa chứng minh được từ bản ghi nguồn: nguyên văn bên cạnh giá trị đã ghi, đến khi được xác nhận"
        }
        ("Review", "what") => "phần nào của thủ tục",
        ("Review", "source") => "nguyên văn trong bản ghi nguồn",
        ("Review", "written") => "giá trị đã ghi",
        ("Review", "why") => "vì sao cần rà soát",
        ("Text", "vi") => "tiếng Việt",
        ("Text", "en") => "tiếng Anh",
        ("Agencies", "competent") => "cơ quan có thẩm quyền",
        ("Agencies", "implementing") => "cơ quan trực tiếp thực hiện",
        ("Agencies", "authorised") => "cơ quan được ủy quyền",
        ("Agencies", "coordinating") => "cơ quan phối hợp",
        ("Agencies", "address") => "địa điểm tiếp nhận hồ sơ",
        ("Fact", "id") => "tên dùng trong quy tắc (chữ, số, `_`)",
        ("Fact", "type") => {
            "bool, number, count (số đơn vị: trang, bản), money, text, date hoặc enum"
        }
        ("Fact", "values") => "các giá trị được phép của một enum",
        ("Fact", "value_labels") => {
            "ý nghĩa của từng giá trị, theo lời văn của pháp luật (giá trị: { vi: …, en: … }); thông tin có/không ghi lời văn cho `true` và `false`"
        }
        ("Fact", "label") => "câu hỏi như người đọc thấy",
        ("Fact", "unit") => {
            "đơn vị đếm như văn bản gọi (ví dụ { vi: trang, en: page }), dùng trong lời văn về phí"
        }
        ("Fact", "default") => "giá trị mặc định khi người nộp không cho biết",
        ("Channel", "channel") => "direct, postal, online_full hoặc online_partial",
        ("Channel", "deadline") => "thời hạn giải quyết, ví dụ 7 working days",
        ("Channel", "fees") => {
            "phí, lệ phí của cách thức này: một danh sách ([] = không thu), hoặc `not stated` khi nguồn không ghi (cả khi thiếu khóa)"
        }
        ("Channel", "note") => "ghi chú",
        ("Fee", "id") => "mã khoản phí để quy tắc giảm phí tham chiếu",
        ("Fee", "name") => "tên khoản phí, lệ phí",
        ("Fee", "amount") => {
            "mức thu như văn bản ghi: 20,000 VND; 2,000 VND per pages; theo bậc (… per pages from 1 to 2, … per pages from 3); 0.5% of value; mức tối đa, tối thiểu (at most / at least); tổng; A when điều_kiện else B; 10 USD per copies; set by the province; not stated"
        }
        ("Fee", "currency") => "mã ISO 4217 của ngoại tệ ghi mức thu (mặc định VND)",
        ("Fee", "when") => "chỉ thu khi điều kiện này đúng",
        ("Fee", "basis") => "căn cứ pháp lý (mã một văn bản)",
        ("Fee", "note") => "ghi chú từ nguồn, hiện trong văn bản xuất ra",
        ("ProcedureHours", "sessions") => "các buổi làm việc, ví dụ [\"00:00-24:00\"]",
        ("ProcedureHours", "every_day") => "làm việc cả thứ Bảy, Chủ nhật và ngày lễ",
        ("Dossier", "documents") => "giấy tờ mọi người nộp đều phải có",
        ("Dossier", "cases") => "các trường hợp có giấy tờ riêng",
        ("Document", "id") => "mã ổn định trong thủ tục",
        ("Document", "name") => "tên giấy tờ",
        ("Document", "originals") => "số bản chính (mặc định 1)",
        ("Document", "copies") => "số bản sao (mặc định 0)",
        ("Document", "form") => "mã mẫu đơn, tờ khai",
        ("Document", "electronic") => "được nộp bản điện tử",
        ("Document", "when") => "chỉ cần khi điều kiện này đúng",
        ("Document", "basis") => "căn cứ pháp lý",
        ("Case", "id") => "mã ổn định",
        ("Case", "name") => "tên trường hợp",
        ("Case", "when") => "áp dụng khi điều kiện này đúng",
        ("Case", "documents") => "giấy tờ của trường hợp này",
        ("Discounts", "stacking") => "best, compound hoặc additive (cách cộng dồn các mức giảm)",
        ("Discounts", "rules") => "các quy tắc giảm phí",
        ("Discount", "id") => "mã ổn định",
        ("Discount", "rule") => "ví dụ 50% off le-phi when online until 2025-12-31",
        ("Discount", "basis") => "căn cứ pháp lý (mã một văn bản)",
        ("FormField", "id") => "mã ổn định",
        ("FormField", "label") => "nhãn trên tờ khai",
        ("FormField", "reusable") => "cơ sở dữ liệu quốc gia đã có thông tin này",
        ("Requirement", "text") => "nội dung yêu cầu",
        ("Requirement", "when") => "áp dụng khi điều kiện này đúng",
        ("Requirement", "basis") => "căn cứ pháp lý",
        ("Compliance", "applications_per_year") => "số hồ sơ mỗi năm",
        ("Compliance", "times_per_year") => "số lần một người thực hiện mỗi năm (mặc định 1)",
        ("Compliance", "minutes") => "thời gian cho mỗi bước",
        ("Compliance", "other_costs") => "các chi phí bắt buộc khác cho mỗi hồ sơ",
        ("Compliance", "typical") => {
            "giá trị thường gặp của các thông tin mà phí phụ thuộc (số trang, số bản, giá trị), để chi phí tính được"
        }
        ("Compliance", "sources") => {
            "nguồn của từng số liệu (khảo sát, thống kê, ước tính và của ai)"
        }
        ("ComplianceSources", "applications_per_year") => "nguồn của số hồ sơ mỗi năm",
        ("ComplianceSources", "times_per_year") => "nguồn của số lần thực hiện mỗi năm",
        ("ComplianceSources", "minutes") => "nguồn của thời gian thực hiện",
        ("ComplianceSources", "other_costs") => "nguồn của các chi phí khác",
        ("ComplianceSources", "typical") => "nguồn của các giá trị thường gặp",
        ("Minutes", "prepare") => "chuẩn bị hồ sơ",
        ("Minutes", "submit") => "nộp hồ sơ",
        ("Minutes", "travel") => "đi lại",
        ("Minutes", "wait") => "chờ đợi",
        ("Minutes", "receive") => "nhận kết quả",
        ("Procedure", "process") => {
            "quy trình nội bộ đã được bộ phê duyệt: các bước có đơn vị, thời gian, cộng lại không quá thời hạn giải quyết"
        }
        ("Procedure", "delivery") => {
            "hình thức tiếp nhận, trả kết quả ngoài cách thức: bưu chính công ích, không phụ thuộc địa giới hành chính, thủ tục nội bộ"
        }
        ("Process", "approved_by") => {
            "văn bản phê duyệt quy trình: mã trong danh mục văn bản (`legal:` của catalogue.yaml hoặc `resolutions:` của tệp địa phương hóa)"
        }
        ("Process", "channels") => "các cách thức áp dụng quy trình (mặc định: mọi cách thức)",
        ("Process", "steps") => "các bước, theo thứ tự",
        ("ProcessStep", "step") => {
            "số thứ tự bước như quyết định ghi (mặc định: vị trí trong danh sách)"
        }
        ("ProcessStep", "name") => "nội dung công việc, ví dụ Tiếp nhận hồ sơ",
        ("ProcessStep", "unit") => {
            "đơn vị, người thực hiện: mã trong `units:` (của tệp địa phương hóa hoặc của catalogue.yaml)"
        }
        ("ProcessStep", "time") => "thời gian thực hiện: 0,5 working days; 4 hours (giờ làm việc)",
        ("ProcessStep", "output") => "kết quả của bước: giấy tờ hoặc biểu mẫu điện tử",
        ("Delivery", "boundary_free") => {
            "tiếp nhận không phụ thuộc địa giới hành chính (và nơi tiếp nhận)"
        }
        ("Delivery", "postal") => {
            "qua dịch vụ bưu chính công ích: receive (tiếp nhận), return (trả kết quả) hoặc both (cả hai); có cách thức postal là đã tiếp nhận"
        }
        ("Delivery", "internal") => "thủ tục hành chính nội bộ giữa các cơ quan nhà nước",
        ("Delivery", "source") => {
            "nguồn của các thông tin này (bản ghi, quyết định công bố danh mục)"
        }
        ("BoundaryFree", "scope") => "province (trong phạm vi tỉnh) hoặc nationwide (toàn quốc)",
        ("BoundaryFree", "where") => "nơi tiếp nhận hồ sơ, như quyết định công bố danh mục ghi",
        ("Internal", "between") => {
            "giữa các cơ quan nhà nước nào, như quyết định công bố danh mục ghi"
        }
        _ => return None,
    })
}

/// "Vietnamese — English", or the English alone when no Vietnamese is written (a test
/// keeps that from happening).
fn both(vi: Option<&str>, en: &str) -> String {
    match vi {
        Some(vi) => format!("{vi} — {en}"),
        None => en.to_string(),
    }
}

fn shape(s: &'static Shape, defs: &mut Map<String, Value>) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for f in s.fields {
        let mut v = kind(&f.kind, defs);
        if let Some(o) = v.as_object_mut() {
            o.insert(
                "description".into(),
                Value::String(both(vi(s.name, f.key), f.doc)),
            );
        }
        props.insert(f.key.into(), v);
        if f.required {
            required.push(Value::String(f.key.into()));
        }
    }
    json!({
        "type": "object",
        "description": both(Some(s.vi), s.doc),
        "properties": props,
        "required": required,
        "additionalProperties": false,
    })
}

fn kind(k: &Kind, defs: &mut Map<String, Value>) -> Value {
    match k {
        Kind::Str => json!({"type": "string"}),
        Kind::Id => json!({"type": "string", "pattern": "^[a-z0-9_-]+$"}),
        Kind::FactId => json!({"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}),
        Kind::Code => json!({"type": "string", "pattern": "^[0-9]\\.[0-9]{6}(\\.[A-Za-z0-9]+)*$"}),
        Kind::Count => json!({"type": "integer", "minimum": 0}),
        Kind::Size => json!({
            "type": ["string", "integer"],
            "pattern": "^[0-9]+(\\.[0-9]+)? *([KMG]i?B|[KMGkmg]|B)?$",
            "examples": ["8 MiB", 4096],
        }),
        Kind::Bool => json!({"type": "boolean"}),
        Kind::Date => json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
        Kind::Time => json!({"type": "string", "pattern": "^[0-9]{1,2}:[0-9]{2}$"}),
        Kind::Text => {
            if !defs.contains_key("Text") {
                let t = shape(&crate::shape::TEXT, defs);
                defs.insert(
                    "Text".into(),
                    json!({"oneOf": [{"type": "string", "minLength": 1}, t]}),
                );
            }
            json!({"$ref": "#/$defs/Text"})
        }
        Kind::OneOf(words) => json!({"enum": words}),
        Kind::Rule(which) => {
            if *which == "fee" {
                return json!({
                    "type": ["string", "integer"],
                    "x-rule": which,
                    "examples": [
                        "20,000 VND",
                        "2,000 VND per pages",
                        "(2,000 VND per pages from 1 to 2, 1,000 VND per pages from 3, at most 200,000 VND) per copies",
                        "0.5% of value, at least 100,000 VND, at most 5,000,000 VND",
                        "150,000 VND + 15,000 VND per tonnes, at most 700,000 VND",
                        "300,000 VND when vehicle == \"car\" else 100,000 VND",
                        "10 USD per copies",
                        "set by the province",
                        "not stated",
                    ],
                    "anyOf": [
                        {"type": "integer", "minimum": 0},
                        {"type": "string", "pattern": "^(not stated|chưa có thông tin|set by the province|do tỉnh quy định|.*[0-9].*)$"},
                    ],
                });
            }
            let ex = match *which {
                "money" => "20,000 VND",
                "deadline" => "7 working days",
                "discount" => "50% off le-phi when online until 2025-12-31",
                "step time" => "0,5 working days",
                _ => "age < 14 and not fee_exempt",
            };
            if *which == "money" {
                json!({"type": ["string", "integer"], "examples": [ex], "x-rule": which})
            } else {
                json!({"type": "string", "examples": [ex], "x-rule": which})
            }
        }
        Kind::Obj(s) => {
            if !defs.contains_key(s.name) {
                // Insert a placeholder first so recursive shapes terminate.
                defs.insert(s.name.into(), Value::Null);
                let v = shape(s, defs);
                defs.insert(s.name.into(), v);
            }
            json!({"$ref": format!("#/$defs/{}", s.name)})
        }
        Kind::List(inner) => json!({"type": "array", "items": kind(inner, defs)}),
        Kind::Map(_) => {
            json!({"type": "object", "additionalProperties": {"type": ["string", "number"]}})
        }
        Kind::CountOr(words) => json!({"oneOf": [
            {"type": "integer", "minimum": 0},
            {"enum": words},
        ]}),
        Kind::ListOr(inner, words) => json!({"oneOf": [
            {"type": "array", "items": kind(inner, defs)},
            {"enum": words},
        ]}),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn schema_lists_every_procedure_key() {
        let s = super::procedure_schema();
        let props = s["properties"].as_object().unwrap();
        for f in super::PROCEDURE.fields {
            assert!(props.contains_key(f.key), "{}", f.key);
        }
        assert_eq!(s["additionalProperties"], false);
        assert!(s["$defs"]["Channel"]["properties"]["deadline"].is_object());
    }

    /// Every description an editor shows is in Vietnamese first, then English.
    #[test]
    fn every_description_is_in_both_languages() {
        fn walk(v: &serde_json::Value, at: &str, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(o) => {
                    if let Some(serde_json::Value::String(d)) = o.get("description")
                        && !d.contains(" — ")
                    {
                        out.push(format!("{at}: {d}"));
                    }
                    for (k, x) in o {
                        walk(x, &format!("{at}/{k}"), out);
                    }
                }
                serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, at, out)),
                _ => {}
            }
        }
        let mut missing = Vec::new();
        walk(&super::procedure_schema(), "", &mut missing);
        assert!(missing.is_empty(), "{missing:#?}");
        let s = super::procedure_schema();
        assert_eq!(
            s["properties"]["name"]["description"],
            "tên thủ tục bằng tiếng Việt và tiếng Anh — name in Vietnamese and English"
        );
    }
}
