//! `thutuc eval` and `thutuc test` on a real catalogue with the real 2024–2026 calendar data.

use crate::support::*;

fn eval(tmp: &tempfile::TempDir, args: &[&str]) -> Run {
    let mut all = vec!["-C", "cat", "eval", "1.004222"];
    all.extend_from_slice(args);
    thutuc(tmp.path(), &all)
}

#[test]
fn online_fee_and_a_deadline_across_tet_2025() {
    let tmp = mini_with_calendar();
    let r = eval(
        &tmp,
        &[
            "--channel",
            "online_full",
            "--received",
            "2025-01-24T10:00",
            "--set",
            "fee_exempt=false",
            "--set",
            "residence_case=own_home",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r);
    assert_eq!(v["code"], "1.004222");
    assert_eq!(v["channel"], "online_full");
    assert_eq!(
        v["documents"],
        serde_json::json!([{"id": "ct01", "name": "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)", "originals": 1, "copies": 0, "case": null}])
    );
    assert_eq!(v["fees"]["total"], 10_000);
    assert_eq!(v["fees"]["items"][0]["base"], 10_000);
    assert_eq!(v["fees"]["items"][0]["amount"], 10_000);
    assert_eq!(v["deadline"]["unit"], "working_days");
    assert_eq!(v["deadline"]["amount"], 7);
    // Day 1 is Mon 3 Feb (25 Jan – 2 Feb is Tết and weekends, no make-up Saturday:
    // Notice 6150/TB-BLĐTBXH); day 7 is Tue 11 Feb.
    assert_eq!(v["deadline"]["due"], "2025-02-11");
    assert_eq!(v["deadline"]["provisional"], false);
}

#[test]
fn in_person_fee_conditional_case_and_exemption() {
    let tmp = mini_with_calendar();
    let r = eval(
        &tmp,
        &[
            "--set",
            "fee_exempt=false",
            "--set",
            "residence_case=not_own_home",
            "--format",
            "json",
        ],
    );
    let v = json(&r);
    assert_eq!(v["channel"], "direct");
    assert_eq!(v["fees"]["total"], 20_000);
    let ids: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ct01", "consent"]);
    assert_eq!(v["deadline"]["due"], serde_json::Value::Null);
    let r = eval(
        &tmp,
        &[
            "--set",
            "fee_exempt=true",
            "--set",
            "residence_case=own_home",
            "--format",
            "json",
        ],
    );
    assert_eq!(json(&r)["fees"]["total"], 0);
}

#[test]
fn facts_from_a_file_and_explain() {
    let tmp = mini_with_calendar();
    write(
        &tmp,
        "facts.yaml",
        "fee_exempt: false\nresidence_case: not_own_home\n",
    );
    let r = eval(
        &tmp,
        &[
            "--facts",
            "facts.yaml",
            "--received",
            "2025-04-29T16:00",
            "--explain",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
    write(
        &tmp,
        "facts.json",
        "{\"fee_exempt\": \"false\", \"residence_case\": \"own_home\"}",
    );
    let r = eval(&tmp, &["--facts", "facts.json", "--format", "json"]);
    assert_eq!(json(&r)["fees"]["total"], 20_000);
}

#[test]
fn bad_input_is_explained() {
    let tmp = mini_with_calendar();
    let r = thutuc(tmp.path(), &["-C", "cat", "eval", "1.004223"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("there is no procedure with the code 1.004223"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("did you mean 1.004222 (Permanent residence registration)?"),
        "{}",
        r.stderr
    );
    let r = eval(
        &tmp,
        &[
            "--set",
            "fee_exempt=maybe",
            "--set",
            "residence_case=own_home",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("`fee_exempt` must be yes or no: có/không (with or without accents), true/false, not `maybe`"),
        "{}",
        r.stderr
    );
    let r = eval(&tmp, &["--lang", "en", "--set", "residence_case=own_home"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("1 more fact is needed to evaluate 1.004222")
            && r.stderr.contains("fee_exempt — ")
            && r.stderr.contains(": yes or no (true/false)"),
        "{}",
        r.stderr
    );
    let r = eval(&tmp, &["--set", "fee_exemt=false"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `fee_exempt`?"),
        "{}",
        r.stderr
    );
    let r = eval(
        &tmp,
        &[
            "--set",
            "residence_case=rented",
            "--set",
            "fee_exempt=false",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("`residence_case` must be one of the listed values, not `rented`"),
        "{}",
        r.stderr
    );
    for date in ["1899-12-31", "2200-01-01"] {
        let r = eval(
            &tmp,
            &[
                "--set",
                "fee_exempt=false",
                "--set",
                "residence_case=own_home",
                "--received",
                date,
            ],
        );
        assert_eq!(r.code, 2, "{date}");
        assert!(r.stderr.contains("1900–2199"), "{}", r.stderr);
    }
    let r = eval(&tmp, &["--channel", "postal", "--set", "fee_exempt=false"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("cannot be submitted postal (By post): it offers online_full (Online (full process)), direct (In person)"),
        "{}",
        r.stderr
    );
    let r = eval(&tmp, &["--channel", "onlin"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`onlin` is not a channel"),
        "{}",
        r.stderr
    );
    let r = eval(&tmp, &["--received", "tomorrow"]);
    assert_eq!(r.code, 2);
    write(&tmp, "bad.yaml", "fee_exempt: [1, 2]\n");
    let r = eval(&tmp, &["--facts", "bad.yaml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("bad.yaml:1:1: the value of `fee_exempt` must be a single value"),
        "{}",
        r.stderr
    );
}

#[test]
fn scenario_tests_pass_fail_and_report() {
    let tmp = mini_with_calendar();
    write(
        &tmp,
        "cat/tests/cu-tru/1.004222.yaml",
        "\
procedure: \"1.004222\"
scenarios:
  - name: online across Tết
    channel: online_full
    received: 2025-01-24T10:00
    facts: { fee_exempt: false, residence_case: own_home }
    expect:
      documents: [ct01]
      fees: { total: \"10,000 VND\", items: { le-phi: 10000 } }
      deadline: { amount: 7, unit: working_days, due: 2025-02-11 }
  - name: wrong on purpose
    received: 2025-04-29T09:00
    facts: { fee_exempt: false, residence_case: not_own_home }
    expect:
      documents: [ct01]
      fees: { total: 10000 }
      deadline: { due: 2025-05-07 }
  - name: a missing fact is reported
    facts: { residence_case: own_home }
    expect: { error: fee_exempt }
",
    );
    let r = thutuc(tmp.path(), &["-C", "cat", "test"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.stdout);
    let v: serde_json::Value = serde_json::from_str(
        &thutuc(tmp.path(), &["-C", "cat", "test", "--format", "json"]).stdout,
    )
    .unwrap();
    assert_eq!(
        v["summary"],
        serde_json::json!({"scenarios": 3, "passed": 2, "failed": 1})
    );
    let junit = thutuc(tmp.path(), &["-C", "cat", "test", "--format", "junit"]).stdout;
    assert!(junit.contains("tests=\"3\" failures=\"1\""), "{junit}");
}

#[test]
fn bundled_scenarios_pass() {
    let tmp = tempfile::tempdir().unwrap();
    copy_bundled(&tmp.path().join("catalogue"));
    let r = thutuc(tmp.path(), &["test", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let v = json(&r);
    assert!(
        v["summary"]["scenarios"].as_u64().unwrap() >= 40,
        "{}",
        v["summary"]
    );
    assert_eq!(v["summary"]["failed"], 0);
}
