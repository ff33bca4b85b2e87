//! `thutuc metrics` and `thutuc check` on real git repositories.

use crate::support::*;
use std::path::Path;

fn git(dir: &Path, args: &[&str]) {
    git_at(dir, args);
}

const FIELDS: &str = "form_fields:
  - { id: full_name, label: { vi: Họ và tên }, reusable: national_population_db }
  - { id: phone, label: { vi: Số điện thoại } }
  - { id: email, label: { vi: Email } }
  - { id: address, label: { vi: Địa chỉ } }
  - { id: reason, label: { vi: Lý do } }
compliance:
  applications_per_year: 1000
  minutes: { prepare: 60, travel: 60 }
  other_costs: 5,000 VND
";

const TARGETS: &str = "targets:
  - { id: fields, metric: declared_fields, change: -20% }
  - { id: cost, metric: compliance_cost, scope: field:cu-tru, change: -50% }
  - { id: docs, metric: documents, scope: each, change: 0% }
";

/// v1: 4 declared fields; HEAD: phone and email reused from VNeID, travel halved.
fn repo() -> tempfile::TempDir {
    let tmp = mini();
    let d = tmp.path();
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        format!("{MINI_PROCEDURE}{FIELDS}"),
    );
    write(&tmp, "cat/targets.yaml", TARGETS);
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "v1"]);
    git(d, &["tag", "v1"]);
    let simpler = FIELDS
        .replace(
            "{ vi: Số điện thoại } }",
            "{ vi: Số điện thoại }, reusable: vneid }",
        )
        .replace("{ vi: Email } }", "{ vi: Email }, reusable: vneid }")
        .replace("travel: 60", "travel: 30");
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        format!("{MINI_PROCEDURE}{simpler}"),
    );
    git(d, &["commit", "-q", "-am", "reuse VNeID data"]);
    tmp
}

#[test]
fn metrics_per_procedure_and_totals() {
    let tmp = repo();
    let v = json(&thutuc(
        tmp.path(),
        &["-C", "cat", "metrics", "--format", "json"],
    ));
    let p = &v["procedures"][0];
    assert_eq!(p["code"], "1.004222");
    assert_eq!(p["declared_fields"], 2);
    assert_eq!(p["reusable_fields"], 3);
    assert_eq!(p["documents"], 2);
    assert_eq!(p["deadline_working_days"], 7);
    assert_eq!(p["fees_total"], 20_000);
    // 90 minutes × 40,000 VND/hour = 60,000; + 20,000 fee + 5,000 other = 85,000 per application.
    assert_eq!(p["cost_per_application"], 85_000);
    assert_eq!(p["compliance_cost"], 85_000_000);
    assert_eq!(v["totals"]["declared_fields"], 2);
    let old = json(&thutuc(
        tmp.path(),
        &["-C", "cat", "metrics", "--rev", "v1", "--format", "json"],
    ));
    assert_eq!(old["procedures"][0]["declared_fields"], 4);
    let csv = thutuc(tmp.path(), &["-C", "cat", "metrics", "--format", "csv"]).stdout;
    insta::assert_snapshot!(csv);
}

#[test]
fn check_reports_met_and_missed_targets() {
    let tmp = repo();
    let r = thutuc(
        tmp.path(),
        &["-C", "cat", "check", "--baseline", "v1", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r);
    assert_eq!(v["met"], false);
    let t = &v["targets"];
    assert_eq!(
        (
            t[0]["id"].as_str(),
            t[0]["baseline"].as_i64(),
            t[0]["current"].as_i64()
        ),
        (Some("fields"), Some(4), Some(2))
    );
    assert_eq!(t[0]["change_pct"], -50.0);
    assert_eq!(t[0]["required_pct"], -20.0);
    assert_eq!(t[0]["met"], true);
    // Cost: 120 → 90 minutes: 105,000 → 85,000 per application (-19.05%), short of -50%.
    assert_eq!(
        (t[1]["baseline"].as_i64(), t[1]["current"].as_i64()),
        (Some(105_000_000), Some(85_000_000))
    );
    assert_eq!(t[1]["change_pct"], -19.05);
    assert_eq!(t[1]["met"], false);
    assert_eq!(t[1]["helped"][0]["code"], "1.004222");
    assert_eq!(t[2]["met"], true);
    let human = thutuc(
        tmp.path(),
        &["-C", "cat", "--lang", "en", "check", "--baseline", "v1"],
    );
    insta::assert_snapshot!(human.stdout);
    let md = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "--lang",
            "en",
            "check",
            "--baseline",
            "v1",
            "--format",
            "markdown",
        ],
    );
    insta::assert_snapshot!(md.stdout);
    let html = thutuc(
        tmp.path(),
        &["-C", "cat", "check", "--baseline", "v1", "--format", "html"],
    )
    .stdout;
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("<svg") && html.contains("missed"),
        "{html}"
    );
    assert!(!html.contains("<script"));
}

#[test]
fn check_bad_input() {
    let tmp = repo();
    let r = thutuc(tmp.path(), &["-C", "cat", "check", "--baseline", "v9"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown revision `v9`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `v1`?"), "{}", r.stderr);
    let r = thutuc(tmp.path(), &["-C", "cat", "check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no baseline"), "{}", r.stderr);
    write(
        &tmp,
        "bad.yaml",
        "targets:\n  - { id: a, metric: declared_feilds, change: -20% }\n  - { id: b, metric: documents, scope: field:ho-tich, change: -20% }\n  - { id: c, metric: documents, change: -150% }\n  - { id: d, metric: documents, scope: region:north, change: -5% }\n",
    );
    let r = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "--lang",
            "en",
            "check",
            "--baseline",
            "v1",
            "--targets",
            "bad.yaml",
        ],
    );
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn zero_baseline_is_explained_not_divided() {
    let tmp = repo();
    write(
        &tmp,
        "zero.yaml",
        "targets:\n  - { id: fees, metric: fees_total, scope: level:commune, change: -10% }\n",
    );
    // Make the baseline fee-free, then add a fee.
    let d = tmp.path();
    let text = std::fs::read_to_string(d.join("cat/procedures/cu-tru/1.004222.yaml")).unwrap();
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        text.replace("amount: 20,000 VND", "amount: 0 VND")
            .replace("amount: 10,000 VND", "amount: 0 VND"),
    );
    git(d, &["commit", "-q", "-am", "free"]);
    git(d, &["tag", "free"]);
    write(&tmp, "cat/procedures/cu-tru/1.004222.yaml", text);
    let v = json(&thutuc(
        d,
        &[
            "-C",
            "cat",
            "check",
            "--baseline",
            "free",
            "--targets",
            "zero.yaml",
            "--format",
            "json",
        ],
    ));
    let t = &v["targets"][0];
    assert_eq!(t["change_pct"], serde_json::Value::Null);
    assert_eq!(t["met"], false);
    assert!(t["note"].as_str().unwrap().contains("baseline is 0"));
}

#[test]
fn bundled_catalogue_shows_met_and_missed_targets() {
    // Runs in this repository: the manifest's baseline is a commit of its history.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let r = thutuc(root, &["check", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r);
    let met: Vec<(String, bool)> = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap().to_string(),
                t["met"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(
        met.iter().any(|(_, m)| *m) && met.iter().any(|(_, m)| !m),
        "{met:?}"
    );
}

/// A second procedure with a long name, an agency of its own, a fee set by each province
/// (so its cost is unknown) and no deadline stated; targets with titles.
fn repo_for_reading() -> tempfile::TempDir {
    let tmp = repo();
    write(
        &tmp,
        "cat/procedures/cu-tru/1.013314.yaml",
        "code: \"1.013314\"
name: { vi: \"Xác nhận về điều kiện diện tích bình quân nhà ở để đăng ký thường trú vào chỗ ở do thuê, mượn, ở nhờ\", en: Confirmation of the average floor area per person for permanent residence in rented or borrowed housing }
field: cu-tru
levels: [commune]
agencies: { implementing: { vi: Ủy ban nhân dân cấp xã, en: Commune People's Committee } }
channels:
  - channel: direct
    deadline: unspecified
    fees:
      - id: phi
        name: { vi: Phí xác nhận }
        amount: set by the province
form_fields:
  - { id: area, label: { vi: Diện tích } }
compliance:
  applications_per_year: 12000
  minutes: { prepare: 30 }
",
    );
    write(
        &tmp,
        "cat/targets.yaml",
        "targets:
  - { id: fields, title: { vi: Cắt giảm 20% thông tin phải khai báo, en: Cut declared information by 20% }, metric: declared_fields, change: -20%, basis: Nghị quyết số 66/NQ-CP năm 2025 }
  - { id: cost, title: { vi: Giảm 50% chi phí tuân thủ thủ tục cư trú, en: Halve the compliance cost of residence procedures }, metric: compliance_cost, scope: field:cu-tru, change: -50% }
",
    );
    tmp
}

#[test]
fn metrics_human_names_units_and_totals_in_both_languages() {
    let tmp = repo_for_reading();
    for (lang, cols) in [("vi", "80"), ("en", "80"), ("vi", "140"), ("en", "140")] {
        let r = thutuc_env(
            tmp.path(),
            &["-C", "cat", "--lang", lang, "metrics"],
            &[("COLUMNS", cols)],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let out = &r.stdout;
        // Full names, never cut inside a word; every line fits the width.
        for w in "Xác nhận về điều kiện diện tích bình quân nhà ở để đăng ký thường trú vào chỗ ở do thuê, mượn, ở nhờ".split(' ') {
            assert!(
                lang == "en" || out.split_whitespace().any(|x| x == w),
                "{w} cut:\n{out}"
            );
        }
        let width: usize = cols.parse().unwrap();
        for l in out.lines() {
            assert!(l.chars().count() <= width, "{cols}: {l}");
        }
        insta::assert_snapshot!(format!("metrics_{lang}_{cols}"), out);
    }
    let vi = thutuc_env(
        tmp.path(),
        &["-C", "cat", "--lang", "vi", "metrics"],
        &[("COLUMNS", "80")],
    )
    .stdout;
    // Names, not ids; Vietnamese number formats; the unknown cost counted apart.
    assert!(vi.contains("Đăng ký, quản lý cư trú"), "{vi}");
    assert!(vi.contains("Ủy ban nhân dân cấp xã"), "{vi}");
    assert!(vi.contains("Cấp xã"), "{vi}");
    assert!(vi.contains("85.000.000"), "{vi}");
    assert!(
        vi.contains("1 thủ tục có phí hoặc số hồ sơ mỗi năm chưa đo được"),
        "{vi}"
    );
    // A group whose every procedure has an unknown fee has an unknown cost, not 0.
    let agency = vi.split("Ủy ban nhân dân cấp xã\n").nth(1).unwrap();
    assert!(agency.lines().next().unwrap().contains("chưa rõ"), "{vi}");
    assert!(!vi.contains("tái sd") && !vi.contains("cu-tru"), "{vi}");
}

#[test]
fn check_human_uses_titles_and_units_in_both_languages() {
    let tmp = repo_for_reading();
    for lang in ["vi", "en"] {
        let r = thutuc_env(
            tmp.path(),
            &["-C", "cat", "--lang", lang, "check", "--baseline", "v1"],
            &[("COLUMNS", "80")],
        );
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(!r.stdout.contains("declared_fields"), "{}", r.stdout);
        insta::assert_snapshot!(format!("check_{lang}"), r.stdout);
    }
    // The HTML report: titles, the target as a dashed line, values with their unit in a
    // column of their own, Vietnamese formats; never ids.
    let html = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "--lang",
            "vi",
            "check",
            "--baseline",
            "v1",
            "--format",
            "html",
        ],
    )
    .stdout;
    assert!(
        html.contains("<h2>Giảm 50% chi phí tuân thủ thủ tục cư trú</h2>"),
        "{html}"
    );
    assert!(html.contains("stroke-dasharray"), "{html}");
    assert!(html.contains(">105.000.000 đồng/năm</text>"), "{html}");
    assert!(
        html.contains("mục tiêu: không quá 52.500.000 đồng/năm (-50,00%)"),
        "{html}"
    );
    assert!(html.contains("lĩnh vực Đăng ký, quản lý cư trú"), "{html}");
    assert!(html.contains("(thủ tục mới)"), "{html}");
    assert!(html.contains("1 thủ tục không đo được"), "{html}");
    assert!(
        !html.contains("field:cu-tru") && !html.contains("declared_fields"),
        "{html}"
    );
}

#[test]
fn a_procedure_without_an_agency_is_a_warning_with_its_place() {
    let tmp = mini();
    let text = std::fs::read_to_string(tmp.path().join("cat/procedures/cu-tru/1.004222.yaml"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("agencies:"))
        .collect::<Vec<_>>()
        .join("\n");
    write(&tmp, "cat/procedures/cu-tru/1.004222.yaml", text);
    for lang in ["vi", "en"] {
        let r = thutuc(tmp.path(), &["-C", "cat", "--lang", lang, "validate"]);
        assert_eq!(r.code, 0, "a warning only: {}", r.stdout);
        insta::assert_snapshot!(format!("no_agency_{lang}"), r.stdout);
    }
    let v = json(&thutuc(
        tmp.path(),
        &["-C", "cat", "validate", "--format", "json"],
    ));
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "catalogue/no-agency");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(7))
    );
    // An `agencies:` that names only an address is pointed at itself.
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        format!(
            "{}\nagencies: {{ address: {{ vi: Số 1 đường A }} }}\n",
            std::fs::read_to_string(tmp.path().join("cat/procedures/cu-tru/1.004222.yaml"))
                .unwrap()
        ),
    );
    let v = json(&thutuc(
        tmp.path(),
        &["-C", "cat", "validate", "--format", "json"],
    ));
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "catalogue/no-agency", "{v}");
    assert_ne!(d["line"].as_u64(), Some(2), "{v}");
}
