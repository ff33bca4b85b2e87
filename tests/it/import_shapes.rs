//! `thutuc import` on records GENERATED for each shape that hides a silent error in national
//! records (the held-out records are not available, so each shape is built here, several
//! variants each, on a real record's frame). Every variant must be written right or marked
//! `needs review` with a warning naming it; the checker of `import_invariants` (which shares
//! no parsing with the importer) must find no silent error in any of them.

use crate::import_invariants::import_and_check;
use serde_json::{Value, json};
use std::path::Path;

fn records() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/national-records")
}

/// A portal record on the frame of 1.001303 with the given flattened sections.
fn portal(code: &str, channels: &str, dossier: &str, legal: &str) -> Value {
    let mut v: Value = serde_json::from_str(
        &std::fs::read_to_string(records().join("portal/bo-cong-an/1.001303.json")).unwrap(),
    )
    .unwrap();
    v["ma_thu_tuc"] = json!(code);
    v["cach_thuc_thuc_hien"] = json!(format!("Hình thức nộpThời gianPhí, lệ phíMô tả{channels}"));
    v["thanh_phan_ho_so"] = json!(format!("--Tên giấy tờMẫu đơn, tờ khaiSố lượng{dossier}"));
    v["can_cu_phap_ly"] = json!(format!("Tên văn bản pháp lýMã văn bản{legal}"));
    v
}

/// A defence record on the frame of 1.013133 with one channel row and the given legal rows.
fn defence(code: &str, deadline: &str, fee: &str, description: &str, legal: Value) -> Value {
    let mut v: Value = serde_json::from_str(
        &std::fs::read_to_string(records().join("defence/1.013133.json")).unwrap(),
    )
    .unwrap();
    v["metadata"]["mã_thủ_tục"] = json!(code);
    v["tables"]["hinh_thuc_nop"] = json!([{
        "hinh_thuc": "Trực tiếp",
        "thoi_han_giai_quyet": deadline,
        "phi_le_phi": fee,
        "mo_ta": description,
    }]);
    v["tables"]["can_cu_phap_ly"] = legal;
    v
}

const CH: &str = "Trực tiếp15 Ngày làm việc20,000 Việt Nam Đồng";
const DOCS: &str = "Tờ khai đề nghị1 bản chính";
const LEGAL: &str = "Luật Cư trú68/2020/QH14";

/// What a variant must give.
enum Want {
    /// Written with exactly these legal numbers (and no review item about them).
    Legal(&'static [&'static str]),
    /// Written with this flat fee on its channel.
    Fee(&'static str),
    /// Written with this deadline.
    Deadline(&'static str),
    /// Written with these document names.
    Docs(&'static [&'static str]),
    /// Written, the value marked for review with a warning of this kind, and a review item
    /// holding this source text.
    Review(&'static str, &'static str),
}

#[test]
fn generated_shapes_are_written_right_or_marked() {
    use Want::*;
    let l = |code: &str, legal: &str| portal(code, CH, DOCS, legal);
    let c = |code: &str, ch: &str| portal(code, ch, DOCS, LEGAL);
    let d = |code: &str, docs: &str| portal(code, CH, docs, LEGAL);
    let cases: Vec<(Value, Want)> = vec![
        // A reference glued to the end of the previous entry's title (the portal's own
        // layout), the unit code in brackets (1.001303), a title citing its number.
        (
            l(
                "9.000001",
                "Luật Cư trú68/2020/QH14Thông tư 55/2021/TT-BCA quy định chi tiết55/2021/TT-BCA",
            ),
            Legal(&["68/2020/QH14", "55/2021/TT-BCA"]),
        ),
        (
            l(
                "9.000002",
                "Thông tư 21/2007/TT-BCA(X13) - Hướng dẫn nhân dân21/2007/TT-BCA(X13)Nghị định 12/2007/NĐ-CP - Quy định12/2007/NĐ-CP",
            ),
            Legal(&["21/2007/TT-BCA(X13)", "12/2007/NĐ-CP"]),
        ),
        // A reference glued into the next title by a full stop: the title holds two entries.
        (
            l(
                "9.000003",
                "Thông tư hướng dẫn nhân dân21/2007/TT-BCA.Nghị định 12/2007/NĐ-CP - Quy định12/2007/NĐ-CP",
            ),
            Review(
                "legal-title-holds-entry",
                "Nghị định 12/2007/NĐ-CP - Quy định",
            ),
        ),
        (
            l(
                "9.000004",
                "Luật Cư trú68/2020/QH14.Thông tư hướng dẫn Luật Cư trú57/2021/TT-BCA",
            ),
            Review("legal-title-holds-entry", "Thông tư hướng dẫn Luật Cư trú"),
        ),
        // Two entries sharing one title.
        (
            l(
                "9.000005",
                "Thông tư hướng dẫn thi hành12/2020/TT-BCA13/2020/TT-BCANghị định 01/2021/NĐ-CP01/2021/NĐ-CP",
            ),
            Review("legal-title-holds-entry", "13/2020/TT-BCA"),
        ),
        (
            l("9.000006", "06/2007/QH12Luật Hóa chất"),
            Review("legal-title-holds-entry", "06/2007/QH12"),
        ),
        // …unless the title names the second: the first is cited at the title's end.
        (
            l(
                "9.000007",
                "Thông tư số 19/2024/TT-BTP hướng dẫn Luật số 37/2024/QH1519/2024/TT-BTP",
            ),
            Legal(&["19/2024/TT-BTP"]),
        ),
        // A number that is not in the source: two numbers run together (2.001195).
        (
            l(
                "9.000008",
                "Thông tư số 65/2025/TT-BTC ngày 30 tháng 6 năm 2025 sửa đổi Thông tư ngày 21 tháng 02 năm 2022.65/2025/TT-BTCLuật Căn cước26/2023/QH15",
            ),
            Legal(&["65/2025/TT-BTC", "26/2023/QH15"]),
        ),
        (
            l(
                "9.000009",
                "Thông tư sửa đổi Thông tư ngày 21 tháng 02 năm 2022.65/2025/TT-BTCLuật Căn cước26/2023/QH15",
            ),
            Review("legal-number-ambiguous", "2022.65/2025/TT-BTC"),
        ),
        (
            l("9.000010", "Nghị quyết về dữ liệu66.7/2025/NQ-CP"),
            Legal(&["66.7/2025/NQ-CP"]),
        ),
        // Many references in one cell.
        (
            l(
                "9.000011",
                "Thông tư sửa đổi55/2021/TT-BCA, 56/2021/TT-BCALuật Cư trú68/2020/QH14",
            ),
            Review("legal-title-holds-entry", "56/2021/TT-BCA"),
        ),
        (
            defence(
                "9.000012",
                "15 Ngày làm việc",
                "Lệ phí : 20.000 Đồng",
                "",
                json!([{"so_ky_hieu": "55/2021/TT-BCA; 56/2021/TT-BCA", "trich_yeu": "Thông tư quy định chi tiết Luật Cư trú"}]),
            ),
            Review("legal-title-holds-entry", "55/2021/TT-BCA; 56/2021/TT-BCA"),
        ),
        (
            defence(
                "9.000013",
                "15 Ngày làm việc",
                "Lệ phí : 20.000 Đồng",
                "",
                json!([{"so_ky_hieu": "55/2021/TT-BCA, 56/2021/TT-BCA và 66/2023/TT-BCA", "trich_yeu": "Các thông tư về cư trú"}]),
            ),
            Review("legal-title-holds-entry", "66/2023/TT-BCA"),
        ),
        // Two dossier documents merged into one name.
        (
            d(
                "9.000014",
                "Tờ khai đề nghị theo mẫu bước 1 1 bản chínhGiấy ủy quyền1 bản chính",
            ),
            Review("document-holds-count", "bước 1 1 bản chính"),
        ),
        // The column's own form (`N bản chính,M bản sao`) says where the count is.
        (
            d(
                "9.000015",
                "Tờ khai bước 2 0 bản chính,1 bản sao- Danh sách kèm theo1 bản chính",
            ),
            Docs(&["Tờ khai bước 2", "Danh sách kèm theo"]),
        ),
        (
            d(
                "9.000030",
                "Tờ khai bước 2 1 bản chính- Danh sách kèm theo1 bản chính",
            ),
            Review(
                "document-holds-count",
                "Tờ khai bước 2 1 bản chính- Danh sách kèm theo",
            ),
        ),
        (
            d(
                "9.000016",
                "Đơn đề nghị (bước 1)1 bản chính,0 bản saoGiấy tờ khác1 bản chính",
            ),
            Docs(&["Đơn đề nghị (bước 1)", "Giấy tờ khác"]),
        ),
        (
            d(
                "9.000017",
                "Bản sao giấy tờ (nộp 01 bản chính để đối chiếu)0 bản chính,1 bản sao",
            ),
            Docs(&["Bản sao giấy tờ (nộp 01 bản chính để đối chiếu)"]),
        ),
        // A flat fee whose note waives or cuts it for a dated window.
        (
            c(
                "9.000018",
                "Trực tiếp15 Ngày làm việc50,000 Việt Nam Đồng(Miễn lệ phí từ ngày 07/4/2026 đến hết ngày 30/6/2026)",
            ),
            Review(
                "fee-window",
                "Miễn lệ phí từ ngày 07/4/2026 đến hết ngày 30/6/2026",
            ),
        ),
        (
            c(
                "9.000019",
                "Trực tiếp15 Ngày làm việc50,000 Việt Nam Đồng(Lệ phí 50.000 đồng/lần)Không thu lệ phí đối với hồ sơ nộp từ ngày 01/7/2025 đến hết ngày 31/12/2026",
            ),
            Review("fee-window", "Không thu lệ phí"),
        ),
        (
            c(
                "9.000020",
                "Trực tiếp15 Ngày làm việcMiễn phí(Miễn phí từ ngày 01/01/2026 đến hết ngày 31/12/2026)",
            ),
            Review("fee-window", "Miễn phí từ ngày 01/01/2026"),
        ),
        (
            defence(
                "9.000021",
                "15 Ngày làm việc",
                "Lệ phí : 50.000 Đồng (Giảm 50% mức thu từ ngày 07/4/2026 đến hết ngày 30/6/2026)",
                "",
                json!([]),
            ),
            Review("fee-", "Giảm 50% mức thu từ ngày 07/4/2026"),
        ),
        // `150,000 VNĐ` whose note gives another amount in words for another case.
        (
            c(
                "9.000022",
                "Trực tiếp5 Ngày làm việc150,000 Việt Nam Đồng(Trường hợp cấp lại: hai trăm nghìn đồng/lần)",
            ),
            Review("fee-amount-in-words", "hai trăm nghìn đồng"),
        ),
        (
            defence(
                "9.000023",
                "5 Ngày làm việc",
                "Lệ phí : 150.000 Đồng (cấp lại do mất: ba trăm nghìn đồng)",
                "",
                json!([]),
            ),
            Review("fee-amount-in-words", "ba trăm nghìn đồng"),
        ),
        (
            c(
                "9.000024",
                "Trực tiếp5 Ngày làm việc150,000 Việt Nam Đồng(150.000 đồng (một trăm năm mươi nghìn đồng))",
            ),
            Fee("150,000 VND"),
        ),
        // A deadline with another period for a case.
        (
            defence(
                "9.000025",
                "15 ngày làm việc kể từ ngày nhận đủ hồ sơ; 05 ngày đối với trường hợp cấp lại",
                "Lệ phí : 20.000 Đồng",
                "",
                json!([]),
            ),
            Review("deadline-cases", "05 ngày đối với trường hợp cấp lại"),
        ),
        (
            defence(
                "9.000026",
                "15 Ngày làm việc",
                "Lệ phí : 20.000 Đồng",
                "Trường hợp cấp lại: 05 ngày làm việc",
                json!([]),
            ),
            Review("deadline-cases", "Trường hợp cấp lại: 05 ngày làm việc"),
        ),
        (
            c(
                "9.000027",
                "Trực tiếp15 Ngày làm việc; 05 ngày đối với trường hợp cấp lại20,000 Việt Nam Đồng",
            ),
            Review("deadline-cases", "05 ngày đối với trường hợp cấp lại"),
        ),
        (
            c(
                "9.000028",
                "Trực tiếp15 Ngày làm việc20,000 Việt Nam Đồng(Lệ phí)Trường hợp cấp lại: 05 ngày làm việc",
            ),
            Review("deadline-cases", "Trường hợp cấp lại: 05 ngày làm việc"),
        ),
        (
            c(
                "9.000029",
                "Trực tiếp15 Ngày làm việc20,000 Việt Nam Đồng(Lệ phí)trong thời hạn 15 ngày làm việc kể từ ngày nhận đủ hồ sơ",
            ),
            Deadline("15 working days"),
        ),
    ];
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("generated");
    std::fs::create_dir_all(&src).unwrap();
    for (v, _) in &cases {
        let code = v["ma_thu_tuc"]
            .as_str()
            .or(v["metadata"]["mã_thủ_tục"].as_str())
            .unwrap();
        std::fs::write(src.join(format!("{code}.json")), v.to_string()).unwrap();
    }
    let checked = import_and_check(&src);
    assert!(checked.msg.is_empty(), "{}", checked.msg);
    let out = checked.tmp.path().join("out");
    let manifest = std::fs::read_to_string(out.join("catalogue.yaml")).unwrap();
    let mut failures = Vec::new();
    for (v, want) in &cases {
        let code = v["ma_thu_tuc"]
            .as_str()
            .or(v["metadata"]["mã_thủ_tục"].as_str())
            .unwrap();
        let rec = checked
            .records
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("{code} not in the report"));
        let Some(file) = rec["file"].as_str() else {
            failures.push(format!("{code}: refused: {}", rec["refused"]));
            continue;
        };
        let y = std::fs::read_to_string(out.join(file)).unwrap();
        let kinds: Vec<&str> = rec["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|w| w["kind"].as_str())
            .collect();
        let ok = match want {
            Legal(numbers) => {
                let read: Vec<&str> = rec["legal"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|l| l["number"].as_str())
                    .collect();
                read == *numbers
                    && !y.contains("review:")
                    && numbers.iter().all(|n| {
                        manifest.contains(&format!("number: {n}\n"))
                            || manifest.contains(&format!("number: \"{n}\"\n"))
                    })
            }
            Fee(a) => y.contains(&format!("amount: {a}")) && !y.contains("review:"),
            Deadline(dl) => y.contains(&format!("deadline: {dl}")) && !y.contains("review:"),
            Docs(names) => names.iter().all(|n| y.contains(n)) && !y.contains("review:"),
            Review(kind, source) => {
                kinds.iter().any(|k| k.starts_with(kind))
                    && y.contains("review:")
                    && y.contains(source)
                    && rec["needs_review"].as_u64().unwrap_or(0) > 0
            }
        };
        if !ok {
            failures.push(format!("{code}: warnings {kinds:?}\n{y}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));

    // `validate` lists each value that needs review, with its place.
    let r = crate::support::thutuc(
        checked.tmp.path(),
        &["-C", "out", "validate", "--format", "json"],
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["errors"], 0, "{}", r.stdout);
    let review: Vec<&Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "import/needs-review")
        .collect();
    let marked = cases
        .iter()
        .filter(|(_, w)| matches!(w, Review(..)))
        .count();
    assert!(review.len() >= marked, "{} < {marked}", review.len());
    assert!(review.iter().all(|d| d["line"].as_u64().unwrap_or(0) > 0));
}
