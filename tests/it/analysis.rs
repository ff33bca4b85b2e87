//! Rule analysis (`analysis/…`): one minimal catalogue per kind of finding, each with the
//! applicant that shows it, and every place people see the findings (validate's formats,
//! `--deny analysis`, the manifest's `validate.deny`, `show`), on the bundled catalogue too.

use crate::support::*;

const MANIFEST: &str = "\
name: { vi: Danh mục thử, en: Test catalogue }
language: vi
levels:
  - { id: commune, name: { vi: Cấp xã, en: Commune } }
fields:
  - { id: cu-tru, name: { vi: \"Đăng ký, quản lý cư trú\", en: Residence } }
facts:
  - id: fee_exempt
    type: bool
    label: { vi: Thuộc diện miễn lệ phí, en: Exempt from the fee }
    value_labels:
      true: { vi: người đăng ký thuộc diện miễn lệ phí, en: the applicant is exempt from the fee }
      false: { vi: người đăng ký không thuộc diện miễn lệ phí, en: the applicant is not exempt from the fee }
legal:
  - id: tt-75-2022-btc
    number: 75/2022/TT-BTC
    title: { vi: Thông tư quy định mức thu lệ phí đăng ký cư trú }
    issued: 2022-12-22
  # Not a real act (its symbol says so): a test of a discount that starts after its act
  # lapsed.
  - id: van-ban-thu
    number: 1/2025/TT-THUNGHIEM
    title: { vi: Văn bản thử nghiệm (không có thật) }
    issued: 2025-01-01
    lapsed: 2025-12-31
";

const HEAD: &str = "\
code: \"1.004222\"
name: { vi: Đăng ký thường trú, en: Permanent residence registration }
field: cu-tru
levels: [commune]
legal_basis: [tt-75-2022-btc]
agencies: { implementing: { vi: Công an cấp Xã, en: Commune police } }
facts:
  - id: residence_case
    type: enum
    values: [own_home, rented, vehicle]
    value_labels:
      own_home: { vi: \"vào chỗ ở hợp pháp thuộc quyền sở hữu của mình\", en: at one's own home }
      rented: { vi: \"vào chỗ ở hợp pháp do thuê, mượn, ở nhờ\", en: at a rented home }
      vehicle: { vi: \"vào phương tiện sử dụng để ở\", en: in a vehicle used as a home }
    label: { vi: Trường hợp đăng ký thường trú, en: Registration case }
  - { id: pages, type: count, label: { vi: Số trang, en: Pages } }
";

const NO_FEES: &str = "\
channels:
  - { channel: online_full, deadline: 7 working days, fees: [] }
  - { channel: direct, deadline: 7 working days, fees: [] }
";

const FEES: &str = "\
channels:
  - channel: online_full
    deadline: 7 working days
    fees:
      - { id: le-phi, name: { vi: Lệ phí đăng ký thường trú }, amount: \"10,000 VND\", when: not fee_exempt }
  - channel: direct
    deadline: 7 working days
    fees:
      - { id: le-phi, name: { vi: Lệ phí đăng ký thường trú }, amount: \"20,000 VND\", when: not fee_exempt }
";

fn catalogue(body: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp, "cat/catalogue.yaml", MANIFEST);
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        format!("{HEAD}{body}"),
    );
    tmp
}

fn validate(body: &str, extra: &[&str]) -> Run {
    let tmp = catalogue(body);
    let mut args = vec!["-C", "cat", "validate", "--at", "2026-12-06"];
    args.extend_from_slice(extra);
    thutuc(tmp.path(), &args)
}

/// The analysis findings of a validate JSON report, one line each with every place.
fn findings(body: &str, lang: &str) -> String {
    let r = validate(body, &["--format", "json", "--lang", lang]);
    assert_eq!(r.code, 0, "warnings do not fail validation: {}", r.stdout);
    let v = json(&r);
    let mut out = String::new();
    for d in v["diagnostics"].as_array().unwrap() {
        let code = d["code"].as_str().unwrap();
        assert!(code.starts_with("analysis/"), "{d}");
        assert_eq!(d["severity"], "warning");
        out.push_str(&format!(
            "{code} {}:{} {}\n",
            d["line"],
            d["column"],
            d["message"].as_str().unwrap()
        ));
        for r in d["related"].as_array().into_iter().flatten() {
            out.push_str(&format!(
                "  also {}:{} {}\n",
                r["line"],
                r["column"],
                r["message"].as_str().unwrap()
            ));
        }
    }
    out
}

fn cases(a: &str, b: &str, c: &str) -> String {
    format!(
        "{NO_FEES}dossier:
  cases:
    - id: own-home
      name: {{ vi: Đăng ký vào chỗ ở thuộc quyền sở hữu, en: At one's own home }}
      when: {a}
      documents: []
    - id: rented
      name: {{ vi: \"Đăng ký vào chỗ ở thuê, mượn, ở nhờ\", en: At a rented home }}
      when: {b}
      documents: []
    - id: vehicle
      name: {{ vi: Đăng ký vào phương tiện sử dụng để ở, en: In a vehicle }}
      when: {c}
      documents: []
"
    )
}

#[test]
fn case_gap() {
    let body = cases(
        "residence_case == \"own_home\"",
        "residence_case == \"rented\"",
        "residence_case == \"vehicle\" and fee_exempt",
    );
    let f = findings(&body, "vi");
    assert!(f.contains("không có trường hợp nào áp dụng"), "{f}");
    insta::assert_snapshot!(f);
    // The human report shows every rule involved.
    let human = validate(&body, &[]);
    insta::assert_snapshot!("case_gap_human", human.stdout);
}

#[test]
fn case_overlap() {
    let f = findings(
        &cases(
            "residence_case == \"own_home\"",
            "residence_case != \"own_home\"",
            "residence_case == \"vehicle\"",
        ),
        "en",
    );
    insta::assert_snapshot!(f);
}

fn documents(list: &str) -> String {
    format!("{NO_FEES}dossier:\n  documents:\n{list}")
}

#[test]
fn never_holds() {
    insta::assert_snapshot!(findings(
        &documents(
            "    - { id: ct01, name: { vi: Tờ khai CT01 }, originals: 1, when: fee_exempt and not fee_exempt }\n"
        ),
        "vi"
    ));
}

#[test]
fn always_holds() {
    insta::assert_snapshot!(findings(
        &documents(
            "    - { id: ct01, name: { vi: Tờ khai CT01 }, originals: 1, when: pages >= 0 }\n"
        ),
        "vi"
    ));
}

#[test]
fn duplicate_document() {
    insta::assert_snapshot!(findings(
        &documents(
            "    - { id: ct01, name: { vi: Tờ khai CT01 }, originals: 1 }\n    - { id: ct01-b, name: { vi: \"Tờ khai  CT01\" }, originals: 1, when: pages > 2 }\n"
        ),
        "vi"
    ));
}

#[test]
fn duplicate_fee() {
    let body = format!(
        "{}      - {{ id: le-phi-2, name: {{ vi: Lệ phí đăng ký thường trú }}, amount: \"20,000 VND\", when: residence_case == \"vehicle\" }}\n",
        FEES
    );
    insta::assert_snapshot!(findings(&body, "vi"));
}

#[test]
fn masked_branch() {
    let body = NO_FEES.replacen(
        "deadline: 7 working days",
        "deadline: 5 working days when residence_case == \"vehicle\" else 3 working days when residence_case == \"vehicle\" and fee_exempt else 7 working days",
        1,
    );
    insta::assert_snapshot!(findings(&body, "vi"));
}

fn discounts(rules: &[&str]) -> String {
    let mut s = format!("{FEES}discounts:\n  rules:\n");
    for (i, r) in rules.iter().enumerate() {
        let basis = if r.contains("#lapsed") {
            "van-ban-thu"
        } else {
            "tt-75-2022-btc"
        };
        let r = r.replace("#lapsed", "");
        s.push_str(&format!(
            "    - {{ id: giam-{}, rule: '{r}', basis: {basis} }}\n",
            i + 1
        ));
    }
    s
}

#[test]
fn discount_overlap() {
    let body = discounts(&[
        "50% off le-phi when channel == \"online_full\" from 2026-01-01 until 2026-12-31",
        "20% off le-phi when not fee_exempt from 2026-06-01",
    ]);
    let f = findings(&body, "vi");
    assert!(f.contains("Ngày tiếp nhận hồ sơ = "), "{f}");
    insta::assert_snapshot!(f);
    // A stacking rule says how they combine: nothing to report.
    let stated = body.replace("discounts:\n", "discounts:\n  stacking: best\n");
    assert_eq!(findings(&stated, "vi"), "");
}

#[test]
fn window_end_before_start() {
    insta::assert_snapshot!(findings(
        &discounts(&["10% off le-phi when received >= 2027-01-01 until 2026-12-31"]),
        "vi"
    ));
}

#[test]
fn stale_window() {
    insta::assert_snapshot!(findings(
        &discounts(&["20,000 VND off le-phi when online from 2023-12-01 until 2025-12-31"]),
        "vi"
    ));
}

#[test]
fn starts_after_the_act_lapsed() {
    insta::assert_snapshot!(findings(
        &discounts(&["10% off le-phi from 2026-03-01#lapsed"]),
        "vi"
    ));
}

#[test]
fn too_complex() {
    // Seven pigeons in six holes: 42 facts, past the bound of the search.
    let mut facts = String::new();
    let mut terms = Vec::new();
    for i in 0..7 {
        for j in 0..6 {
            facts.push_str(&format!(
                "  - {{ id: p{i}{j}, type: bool, label: {{ vi: Thông tin {i}{j} }}, value_labels: {{ true: {{ vi: có thông tin {i}{j} }}, false: {{ vi: không có thông tin {i}{j} }} }} }}\n"
            ));
        }
        let any: Vec<String> = (0..6).map(|j| format!("p{i}{j}")).collect();
        terms.push(format!("({})", any.join(" or ")));
    }
    for j in 0..6 {
        for i in 0..7 {
            for k in i + 1..7 {
                terms.push(format!("(not p{i}{j} or not p{k}{j})"));
            }
        }
    }
    let body = format!(
        "{facts}{NO_FEES}dossier:\n  documents:\n    - {{ id: d1, name: {{ vi: Giấy 1 }}, originals: 1, when: \"{}\" }}\n",
        terms.join(" and ")
    );
    let f = findings(&body, "vi");
    assert!(f.starts_with("analysis/too-complex "), "{f}");
    insta::assert_snapshot!(f);
}

#[test]
fn sarif_shows_every_rule_involved() {
    let body = cases(
        "residence_case == \"own_home\"",
        "residence_case != \"own_home\"",
        "residence_case == \"vehicle\"",
    );
    let r = validate(&body, &["--format", "sarif"]);
    assert_eq!(r.code, 0);
    let v = json(&r);
    let results = v["runs"][0]["results"].as_array().unwrap();
    let overlap: Vec<_> = results
        .iter()
        .filter(|x| x["ruleId"] == "analysis/case-overlap")
        .collect();
    assert_eq!(overlap.len(), 1, "{results:?}");
    for x in overlap {
        assert_eq!(x["level"], "warning");
        let main = x["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64();
        let related = x["relatedLocations"].as_array().unwrap();
        assert_eq!(related.len(), 1);
        let other = related[0]["physicalLocation"]["region"]["startLine"].as_u64();
        assert_ne!(main, other, "both cases' lines are given");
        assert!(
            related[0]["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with("điều kiện của «")
        );
    }
    // GitHub annotations name the other places in their text.
    let gh = validate(&body, &["--format", "github"]);
    assert!(gh.stdout.contains("::warning file="), "{}", gh.stdout);
    assert!(gh.stdout.contains("1.004222.yaml:"), "{}", gh.stdout);
}

#[test]
fn deny_makes_findings_errors() {
    let body = documents(
        "    - { id: ct01, name: { vi: Tờ khai CT01 }, originals: 1, when: fee_exempt and not fee_exempt }\n",
    );
    let r = validate(&body, &["--deny", "analysis", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let v = json(&r);
    assert_eq!(v["diagnostics"][0]["severity"], "error");
    assert_eq!(v["summary"]["errors"], 1);
    for f in ["junit", "human"] {
        let r = validate(&body, &["--deny", "analysis", "--format", f]);
        assert_eq!(r.code, 1, "{f}: {}", r.stdout);
    }
    // The manifest can say so for CI.
    let tmp = catalogue(&body);
    write(
        &tmp,
        "cat/catalogue.yaml",
        format!("{MANIFEST}validate:\n  deny: [analysis]\n"),
    );
    let r = thutuc(tmp.path(), &["-C", "cat", "validate", "--at", "2026-12-06"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("analysis/never-holds"), "{}", r.stdout);
    // An unknown group is refused, not ignored.
    write(
        &tmp,
        "cat/catalogue.yaml",
        format!("{MANIFEST}validate:\n  deny: [analyses]\n"),
    );
    let r = thutuc(tmp.path(), &["-C", "cat", "validate"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let r = thutuc(
        tmp.path(),
        &["-C", "cat", "validate", "--deny", "everything"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn a_file_with_errors_is_not_analysed() {
    let body = documents(
        "    - { id: ct01, name: { vi: Tờ khai CT01 }, originals: 1, when: fee_exempt and not fee_exempt and unknown_fact }\n",
    );
    let r = validate(&body, &["--format", "json"]);
    assert_eq!(r.code, 1);
    let v = json(&r);
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["rule/unknown-fact"]);
}

#[test]
fn the_bundled_catalogue_has_only_its_documented_findings() {
    let root = bundled();
    let r = thutuc(
        root.parent().unwrap(),
        &[
            "-C",
            "catalogue",
            "validate",
            "--at",
            "2026-12-06",
            "--format",
            "json",
        ],
    );
    let v = json(&r);
    let found: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("analysis/"))
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap()
            )
        })
        .collect();
    // True, and kept so that dossiers received in 2023–2025 are evaluated at the reduced
    // charge (Circular 63/2023/TT-BTC: 01/12/2023–31/12/2025).
    assert_eq!(
        found,
        [
            "analysis/stale catalogue/procedures/giay-phep-lai-xe/3.000346.yaml",
            "analysis/stale catalogue/procedures/giay-phep-lai-xe/3.000348.yaml"
        ]
    );
}

#[test]
fn show_lists_the_findings() {
    let tmp = catalogue(&cases(
        "residence_case == \"own_home\"",
        "residence_case != \"own_home\"",
        "residence_case == \"vehicle\"",
    ));
    let r = thutuc(tmp.path(), &["-C", "cat", "show", "1.004222"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let tail = r
        .stdout
        .split("Phân tích quy tắc")
        .nth(1)
        .expect("a section");
    assert!(tail.contains("[analysis/case-overlap]"), "{tail}");
    assert!(tail.contains("dòng "), "{tail}");
    let r = thutuc(
        tmp.path(),
        &["-C", "cat", "show", "1.004222", "--format", "json"],
    );
    let v = json(&r);
    let a = v["analysis"].as_array().unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0]["code"], "analysis/case-overlap");
    assert_eq!(a[0]["places"].as_array().unwrap().len(), 2);
    assert_eq!(
        a[0]["example"]["facts"]["residence_case"].as_str(),
        Some("vehicle")
    );
}
