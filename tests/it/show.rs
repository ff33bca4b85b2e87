//! `thutuc show`, the facts `eval` asks for all at once, Vietnamese usage errors and dates
//! written dd/mm/yyyy, on the bundled catalogue.

use crate::support::*;

fn bundled_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_bundled(&tmp.path().join("catalogue"));
    tmp
}

#[test]
fn show_lists_every_fact_eval_reads_with_its_values() {
    let tmp = bundled_copy();
    let r = thutuc(tmp.path(), &["show", "1.004222"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("show_1_004222_vi", r.stdout);
    let en = thutuc(tmp.path(), &["--lang", "en", "show", "1.004222"]);
    assert_eq!(en.code, 0, "{}", en.stderr);
    // Each value is listed with what it means, as the law words it.
    assert!(
        en.stdout
            .contains("one of:\n        own_home — at lawful accommodation the applicant owns"),
        "{}",
        en.stdout
    );
    let j = thutuc(tmp.path(), &["show", "1.004222", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    let facts = v["facts"].as_array().unwrap();
    let case = facts.iter().find(|f| f["id"] == "residence_case").unwrap();
    assert_eq!(case["type"], "enum");
    assert_eq!(case["values"][0], "own_home");
    assert_eq!(
        case["value_labels"]["rented"],
        "vào chỗ ở hợp pháp do thuê, mượn, ở nhờ"
    );
    // The catalogue-wide fact the fee rule reads is listed, marked as shared.
    let exempt = facts.iter().find(|f| f["id"] == "fee_exempt").unwrap();
    assert_eq!(exempt["shared"], true);
    assert_eq!(v["channels"][0]["fees"][0]["amount"], 10000);
}

#[test]
fn show_refuses_an_unknown_code_with_the_nearest() {
    let tmp = bundled_copy();
    let r = thutuc(tmp.path(), &["show", "1.004223"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("1.004222"), "{}", r.stderr);
}

#[test]
fn eval_names_every_missing_fact_in_one_message() {
    let tmp = bundled_copy();
    let r = thutuc(tmp.path(), &["eval", "1.004222"]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!("eval_missing_facts_vi", r.stderr);
    // Once the case is known, only the facts of that case and the fee remain.
    let r = thutuc(
        tmp.path(),
        &[
            "--lang",
            "en",
            "eval",
            "1.004222",
            "--set",
            "residence_case=rented",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("3 more facts are needed"), "{}", r.stderr);
    for f in ["overseas_no_passport", "floor_area_in_db", "fee_exempt"] {
        assert!(
            r.stderr.contains(&format!("--set {f}=")),
            "{f}: {}",
            r.stderr
        );
    }
    assert!(!r.stderr.contains("religious_basis"), "{}", r.stderr);
    // The example line it prints runs.
    let line = r
        .stderr
        .lines()
        .find(|l| l.trim_start().starts_with("thutuc eval"))
        .unwrap();
    let args: Vec<&str> = line.split_whitespace().skip(1).collect();
    let ok = thutuc(tmp.path(), &args);
    assert_eq!(ok.code, 0, "{line}: {}", ok.stderr);
}

#[test]
fn received_may_be_written_day_first() {
    let tmp = bundled_copy();
    let facts = [
        "--set",
        "residence_case=own_home",
        "--set",
        "overseas_no_passport=false",
        "--set",
        "housing_in_db=true",
        "--set",
        "fee_exempt=false",
        "--format",
        "json",
    ];
    let run = |received: &str| {
        let mut a = vec!["eval", "1.004222", "--received", received];
        a.extend_from_slice(&facts);
        let r = thutuc(tmp.path(), &a);
        assert_eq!(r.code, 0, "{received}: {}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v["deadline"]["due"].clone()
    };
    assert_eq!(run("24/01/2025"), run("2025-01-24"));
    assert_eq!(run("24/01/2025 10:00"), run("2025-01-24T10:00"));
    let r = thutuc(
        tmp.path(),
        &[
            "eval",
            "1.004222",
            "--received",
            "31/02/2025",
            "--set",
            "residence_case=own_home",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn usage_errors_speak_vietnamese() {
    let tmp = bundled_copy();
    for (args, want) in [
        (
            &["validate", "--formt", "json"][..],
            "không có tham số `--formt`",
        ),
        (&["eval"][..], "thiếu tham số bắt buộc"),
        (&["frob"][..], "không có lệnh `frob`"),
        (
            &["eval", "1.004222", "--format", "xml"][..],
            "các giá trị dùng được: human, json",
        ),
        (
            &["log", "1.004222", "-n", "abc"][..],
            "không phải số lần commit",
        ),
    ] {
        let r = thutuc(tmp.path(), args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.starts_with("lỗi: "), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(want), "{args:?}: {}", r.stderr);
        for english in ["error", "Usage", "unexpected", "tip:", "For more"] {
            assert!(!r.stderr.contains(english), "{args:?}: {}", r.stderr);
        }
    }
    let r = thutuc(tmp.path(), &["--lang", "en", "validate", "--formt", "json"]);
    assert!(
        r.stderr.starts_with("error: unexpected argument"),
        "{}",
        r.stderr
    );
}

#[test]
fn diff_names_a_fee_rule_part_in_legal_words() {
    let tmp = bundled_copy();
    let root = tmp.path();
    git_at(root, &["init", "-q", "-b", "main"]);
    git_at(root, &["add", "-A"]);
    git_at(root, &["commit", "-qm", "v1"]);
    let p = root.join("catalogue/procedures/chung-thuc/2.000815.yaml");
    let text = std::fs::read_to_string(&p).unwrap().replacen(
        "1,000 VND per pages from 3, at most 200,000 VND",
        "1,500 VND per pages from 3, at most 250,000 VND",
        1,
    );
    std::fs::write(&p, text).unwrap();
    let r = thutuc(root, &["diff", "HEAD"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "Phí, lệ phí › Trực tiếp › Phí chứng thực bản sao từ bản chính › bậc 2 › mức thu: 1.000 đồng → 1.500 đồng (+50%)"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("› mức tối đa: 200.000 đồng → 250.000 đồng (+25%)"),
        "{}",
        r.stdout
    );
    // JSON keeps the path and adds the label.
    let j = thutuc(root, &["diff", "HEAD", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    let c = &v["amended"][0]["changes"][0];
    assert!(
        c["path"].as_str().unwrap().ends_with("tiers[2].price"),
        "{c}"
    );
    assert!(
        c["label"]["vi"]
            .as_str()
            .unwrap()
            .ends_with("bậc 2 › mức thu"),
        "{c}"
    );
}

#[test]
fn a_label_for_a_value_the_fact_does_not_have_is_an_error_with_the_nearest() {
    let tmp = bundled_copy();
    let p = tmp.path().join("catalogue/procedures/cu-tru/1.004222.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    let bad = text.replacen("      rented: {", "      rentd: {", 1);
    assert_ne!(bad, text);
    std::fs::write(&p, bad).unwrap();
    let r = thutuc(
        tmp.path(),
        &["--lang", "en", "validate", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v = json(&r);
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "schema/unknown-value")
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert_eq!(d["help"], "did you mean `rented`?");
    assert!(d["file"].as_str().unwrap().ends_with("1.004222.yaml"));
    assert!(d["line"].as_u64().unwrap() > 10);
}
