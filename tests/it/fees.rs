//! Fees as the law writes them (issue 14): the bundled certified-copy procedure, unknown fees
//! in every output, overflow, and a diagnostic with file, line, column and hint for each kind
//! of bad fee rule.

use crate::support::*;

const COPY: &str = "procedures/chung-thuc/2.000815.yaml";
const COPY_AMOUNT: &str = "amount: (2,000 VND per pages from 1 to 2, 1,000 VND per pages from 3, at most 200,000 VND) per copies";

/// A copy of the bundled catalogue.
fn bundle() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_bundled(&tmp.path().join("cat"));
    tmp
}

fn edit(tmp: &tempfile::TempDir, rel: &str, from: &str, to: &str) {
    let p = tmp.path().join("cat").join(rel);
    let s = std::fs::read_to_string(&p).unwrap();
    assert!(s.contains(from), "{rel} lacks {from:?}");
    std::fs::write(p, s.replacen(from, to, 1)).unwrap();
}

#[test]
fn certified_copies_cost_304000_with_the_arithmetic_explained() {
    let dir = bundled();
    let args = [
        "eval",
        "2.000815",
        "--set",
        "pages=150",
        "--set",
        "copies=2",
        "--explain",
    ];
    let mut all = vec!["-C", dir.to_str().unwrap(), "--lang", "en"];
    all.extend(args);
    let r = thutuc(dir.parent().unwrap(), &all);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("Total: 304,000 VND"), "{}", r.stdout);
    for step in [
        "pages 1–2: 2 × 2,000 VND = 4,000 VND — basis: 226/2016/TT-BTC",
        "pages 3–150: 148 × 1,000 VND = 148,000 VND",
        "4,000 VND + 148,000 VND = 152,000 VND",
        "at most 200,000 VND: 152,000 VND",
        "copies = 2: 2 × 152,000 VND = 304,000 VND",
    ] {
        assert!(r.stdout.contains(step), "{step}\n{}", r.stdout);
    }
    let mut all = vec!["-C", dir.to_str().unwrap(), "--lang", "vi"];
    all.extend(args);
    let r = thutuc(dir.parent().unwrap(), &all);
    assert!(r.stdout.contains("Tổng cộng: 304.000 đồng"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("4.000 đồng + 148.000 đồng = 152.000 đồng — căn cứ: 226/2016/TT-BTC"),
        "{}",
        r.stdout
    );
    let j = json(&thutuc(
        dir.parent().unwrap(),
        &[
            "-C",
            dir.to_str().unwrap(),
            "eval",
            "2.000815",
            "--set",
            "pages=150",
            "--set",
            "copies=2",
            "--format",
            "json",
        ],
    ));
    assert_eq!(j["fees"]["total"], 304_000);
    assert_eq!(j["fees"]["complete"], true);
    // At a mission abroad: 10 USD a copy, never added to the VND total.
    let j = json(&thutuc(
        dir.parent().unwrap(),
        &[
            "-C",
            dir.to_str().unwrap(),
            "eval",
            "2.000815",
            "--set",
            "pages=150",
            "--set",
            "copies=2",
            "--set",
            "at_mission=true",
            "--format",
            "json",
        ],
    ));
    assert_eq!(j["fees"]["total"], 0);
    assert_eq!(j["fees"]["other_currencies"]["USD"], 20);
}

#[test]
fn a_fractional_or_negative_count_is_refused() {
    let dir = bundled();
    for bad in ["pages=2.5", "pages=-1"] {
        let r = thutuc(
            dir.parent().unwrap(),
            &[
                "-C",
                dir.to_str().unwrap(),
                "--lang",
                "en",
                "eval",
                "2.000815",
                "--set",
                bad,
                "--set",
                "copies=2",
            ],
        );
        assert_eq!(r.code, 2, "{bad}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains("`pages` must be a whole number"),
            "{}",
            r.stderr
        );
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn not_stated_is_never_free() {
    let tmp = bundle();
    // One item not stated, and a channel whose fees the record does not state.
    edit(&tmp, COPY, COPY_AMOUNT, "amount: not stated");
    let r = thutuc(
        tmp.path(),
        &[
            "-C", "cat", "eval", "2.000815", "--set", "pages=3", "--set", "copies=1",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("Phí chứng thực bản sao từ bản chính: chưa có thông tin"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Tổng cộng: chưa xác định"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("Tổng cộng: 0"), "{}", r.stdout);
    let r = thutuc(
        tmp.path(),
        &[
            "-C", "cat", "--lang", "en", "eval", "2.000815", "--set", "pages=3", "--set",
            "copies=1",
        ],
    );
    assert!(r.stdout.contains(": not stated"), "{}", r.stdout);
    let j = json(&thutuc(
        tmp.path(),
        &[
            "-C", "cat", "eval", "2.000815", "--set", "pages=3", "--set", "copies=1", "--format",
            "json",
        ],
    ));
    assert_eq!(j["fees"]["complete"], false);
    assert!(j["fees"]["total"].is_null());
    assert!(j["fees"]["items"][0]["amount"].is_null());
    assert_eq!(j["fees"]["items"][0]["unknown"], "not_stated");

    // Metrics: counted apart, left out of the fee and cost totals, saying how many.
    let m = json(&thutuc(
        tmp.path(),
        &["-C", "cat", "metrics", "--format", "json"],
    ));
    let p = m["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "2.000815")
        .unwrap()
        .clone();
    assert!(p["fees_total"].is_null(), "{p}");
    assert!(p["compliance_cost"].is_null(), "{p}");
    // Fees: this 2.000815, 2.000513 (set by the province), 2.000942 (no typical page count)
    // and 1.003976 (no typical number of children); the yearly cost also of 2.000822 (no
    // compliance figures).
    assert_eq!(m["totals"]["fees_unmeasured"], 4);
    assert_eq!(m["totals"]["cost_unmeasured"], 5);
    let h = thutuc(tmp.path(), &["-C", "cat", "--lang", "en", "metrics"]);
    assert!(
        h.stdout
            .contains("5 procedure(s) whose fees or yearly volume cannot be measured"),
        "{}",
        h.stdout
    );

    // `fees: not stated` on the channel.
    edit(
        &tmp,
        COPY,
        "    fees:\n      - id: phi-chung-thuc",
        "    fees: not stated\n    old_fees:\n      - id: phi-chung-thuc",
    );
    let v = thutuc(tmp.path(), &["-C", "cat", "validate"]);
    assert_eq!(v.code, 1, "old_fees is an unknown key: {}", v.stdout);
}

#[test]
fn a_channel_with_fees_not_stated() {
    let tmp = bundle();
    let p = tmp.path().join("cat").join(COPY);
    let s = std::fs::read_to_string(&p).unwrap();
    let start = s.find("    fees:\n").unwrap();
    let end = s.find("dossier:").unwrap();
    std::fs::write(
        &p,
        format!("{}    fees: not stated\n{}", &s[..start], &s[end..]),
    )
    .unwrap();
    let v = thutuc(
        tmp.path(),
        &["-C", "cat", "validate", "cat/procedures/chung-thuc"],
    );
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    let r = thutuc(tmp.path(), &["-C", "cat", "eval", "2.000815"]);
    assert!(
        r.stdout
            .contains("chưa có thông tin (hồ sơ gốc không nêu phí, lệ phí)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Tổng cộng: chưa có thông tin"),
        "{}",
        r.stdout
    );
    let j = json(&thutuc(
        tmp.path(),
        &["-C", "cat", "eval", "2.000815", "--format", "json"],
    ));
    assert_eq!(j["fees"]["stated"], false);
    assert!(j["fees"]["total"].is_null());
    let m = json(&thutuc(
        tmp.path(),
        &["-C", "cat", "metrics", "--format", "json"],
    ));
    // 2.000815's fees are now unknown too (its yearly cost already was).
    assert_eq!(m["totals"]["fees_unmeasured"], 4);
    assert_eq!(m["totals"]["cost_unmeasured"], 5);
}

#[test]
fn overflow_is_an_error_naming_the_rule() {
    // An amount above any fee is refused when it is read, by `validate`, before `eval` or
    // `metrics` could only fail on its overflow.
    let tmp = bundle();
    edit(&tmp, COPY, COPY_AMOUNT, "amount: 9223372036854775807 VND");
    let v = thutuc(tmp.path(), &["-C", "cat", "validate", "--format", "json"]);
    assert_eq!(v.code, 1, "{}", v.stdout);
    assert!(v.stdout.contains("rule/implausible-fee"), "{}", v.stdout);
    let m = thutuc(
        tmp.path(),
        &["-C", "cat", "--lang", "en", "metrics", "--format", "json"],
    );
    assert_ne!(m.code, 0, "{}{}", m.stdout, m.stderr);
    assert!(!m.stdout.contains("-2"), "{}", m.stdout);
    // A product of plausible amounts that overflows is an error naming the rule.
    let tmp = bundle();
    edit(
        &tmp,
        COPY,
        COPY_AMOUNT,
        "amount: 1,000,000,000,000 VND per copies",
    );
    let r = thutuc(
        tmp.path(),
        &[
            "--lang",
            "en",
            "-C",
            "cat",
            "eval",
            "2.000815",
            "--set",
            "copies=10000000",
        ],
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("1,000,000,000,000 VND per copies") && r.stderr.contains("overflow"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty(), "{}", r.stdout);
}

/// Replaces the certified-copy amount, validates, and returns the one diagnostic's JSON and
/// the human report.
fn bad(amount: &str, code: &str) -> (serde_json::Value, String) {
    let tmp = bundle();
    edit(&tmp, COPY, COPY_AMOUNT, &format!("amount: {amount}"));
    let h = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "--lang",
            "en",
            "validate",
            "cat/procedures/chung-thuc",
        ],
    );
    let j = json(&thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "validate",
            "cat/procedures/chung-thuc",
            "--format",
            "json",
        ],
    ));
    assert_eq!(h.code, 1, "{amount}: {}", h.stdout);
    let d = j["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 1, "{amount}: {d:?}");
    assert_eq!(d[0]["code"], code, "{amount}: {d:?}");
    assert!(d[0]["file"].as_str().unwrap().ends_with("2.000815.yaml"));
    assert_eq!(d[0]["line"], 35, "{amount}: {d:?}");
    assert!(d[0]["column"].as_u64().unwrap() >= 17, "{d:?}");
    assert!(
        h.stdout.contains("help:"),
        "{amount}: no hint\n{}",
        h.stdout
    );
    (d[0].clone(), h.stdout)
}

#[test]
fn bad_fee_rules_each_have_a_diagnostic() {
    let (d, h) = bad("2,000 VND per page", "rule/unknown-fact");
    assert_eq!(d["column"], 31);
    assert!(h.contains("did you mean `pages`?"), "{h}");
    let (_, h) = bad("2,000 VND per at_mission", "rule/type");
    assert!(h.contains("a price per unit needs a number fact"), "{h}");
    let (_, h) = bad("1% of pages", "rule/type");
    assert!(
        h.contains("a percentage is taken of an amount of money"),
        "{h}"
    );
    let (_, h) = bad(
        "2,000 VND per pages, at least 300,000 VND, at most 200,000 VND",
        "rule/cap-below-floor",
    );
    assert!(
        h.contains("the cap (200,000 VND) is below the floor (300,000 VND)"),
        "{h}"
    );
    bad(
        "2,000 VND per pages from 3, 1,000 VND per pages from 1 to 2",
        "rule/tier-gap",
    );
    let (_, h) = bad(
        "2,000 VND per pages from 1 to 5, 1,000 VND per pages from 3",
        "rule/tier-overlap",
    );
    assert!(h.contains("already covers up to 5"), "{h}");
    bad("2,000 VND per pages from 5 to 2", "rule/tier-order");
    bad("0 VND per pages", "rule/unit-price");
    bad("-2,000 VND per pages", "rule/negative-money");
    bad("10 USD + 2,000 VND per pages", "rule/currency-mix");
}

#[test]
fn a_fee_set_by_the_province_needs_each_overlay_to_set_it() {
    let tmp = bundle();
    let v = thutuc(tmp.path(), &["-C", "cat", "validate"]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    // The localised decision shows the province's amount.
    copy_bundled(&tmp.path().join("before"));
    std::fs::remove_file(tmp.path().join("before/procedures/ho-tich/2.000513.yaml")).unwrap();
    std::fs::remove_file(tmp.path().join("before/tests/ho-tich/2.000513.yaml")).unwrap();
    // Before the procedure was bundled, no overlay localised it (an overlay naming a
    // procedure the catalogue lacks is an error, and a revision with errors is not compared).
    for overlay in ["da-nang", "ho-chi-minh"] {
        let path = tmp.path().join(format!("before/provinces/{overlay}.yaml"));
        let text = std::fs::read_to_string(&path).unwrap();
        let start = text.find("  - code: \"2.000513\"").unwrap();
        let end = start + text[start..].find("  - code: \"1.004222\"").unwrap();
        std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).unwrap();
    }
    // The bundled overlay localises only that procedure: before it, the city had none.
    std::fs::remove_file(tmp.path().join("before/provinces/hai-phong.yaml")).unwrap();
    for (province, amount) in [
        ("da-nang", "1.000.000 đồng"),
        ("ho-chi-minh", "1.200.000 đồng"),
    ] {
        let out = tmp.path().join(format!("{province}.md"));
        let r = thutuc(
            tmp.path(),
            &[
                "-C",
                "cat",
                "decision",
                "--from",
                "before",
                "--to",
                "cat",
                "--province",
                province,
                "--format",
                "markdown",
                "-o",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        let md = std::fs::read_to_string(&out).unwrap();
        assert!(
            md.contains(&format!(
                "Lệ phí đăng ký lại kết hôn có yếu tố nước ngoài: {amount}"
            )),
            "{md}"
        );
    }
    // Nationally the decision says who sets it, never "Không". (The bundled file records the
    // procedure as data completion, which no decision publishes; here it is published by its
    // act.)
    let p = tmp.path().join("cat/procedures/ho-tich/2.000513.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    let cut = text
        .find("# Changes since the catalogue's baseline")
        .unwrap();
    std::fs::write(&p, &text[..cut]).unwrap();
    let out = tmp.path().join("national.md");
    let r = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "decision",
            "--from",
            "before",
            "--to",
            "cat",
            "--format",
            "markdown",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("Lệ phí đăng ký lại kết hôn có yếu tố nước ngoài: Do Hội đồng nhân dân cấp tỉnh quy định"), "{md}");
    // An overlay that leaves it unset is reported, with where and how.
    edit(
        &tmp,
        "provinces/da-nang.yaml",
        "      - { channel: postal, id: le-phi, amount: \"1,000,000 VND\", basis: nq-14-2025 }\n",
        "",
    );
    let j = json(&thutuc(
        tmp.path(),
        &["-C", "cat", "--lang", "en", "validate", "--format", "json"],
    ));
    let d: Vec<&serde_json::Value> = j["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "province/fee-unset")
        .collect();
    assert_eq!(d.len(), 1, "{j}");
    assert!(
        d[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("provinces/da-nang.yaml")
    );
    assert!(
        d[0]["message"].as_str().unwrap().contains("2.000513"),
        "{}",
        d[0]
    );
    assert!(
        d[0]["message"].as_str().unwrap().contains("(postal)"),
        "{}",
        d[0]
    );
    assert!(d[0]["line"].as_u64().unwrap() > 0);
    // A province cannot pass the amount on again.
    edit(
        &tmp,
        "provinces/ho-chi-minh.yaml",
        "{ channel: direct, id: le-phi, amount: \"1,200,000 VND\"",
        "{ channel: direct, id: le-phi, amount: \"set by the province\"",
    );
    let j = json(&thutuc(
        tmp.path(),
        &["-C", "cat", "validate", "--format", "json"],
    ));
    assert_eq!(
        j["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "province/fee-unset")
            .count(),
        2,
        "{j}"
    );
}

#[test]
fn diff_types_fee_rule_changes_and_says_by_how_much() {
    let tmp = bundle();
    copy_dir(&tmp.path().join("cat"), &tmp.path().join("before"));
    edit(
        &tmp,
        COPY,
        COPY_AMOUNT,
        "amount: (2,500 VND per pages from 1 to 3, 1,000 VND per pages from 4, at most 250,000 VND) per copies",
    );
    let r = thutuc(
        tmp.path(),
        &["-C", "cat", "diff", "before", "cat", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let j = json(&r);
    let changes = j["amended"][0]["changes"].as_array().unwrap();
    let find = |p: &str| {
        changes
            .iter()
            .find(|c| c["path"].as_str().unwrap().ends_with(p))
            .unwrap_or_else(|| panic!("{p}: {changes:?}"))
            .clone()
    };
    let tier = find(".amount.per_copies.tiers[1].price");
    assert_eq!(
        (tier["before"].as_str(), tier["after"].as_str()),
        (Some("2,000 VND"), Some("2,500 VND"))
    );
    assert_eq!(tier["delta"], "+25%");
    let boundary = find(".amount.per_copies.tiers[1].to");
    assert_eq!(
        (boundary["before"].as_str(), boundary["after"].as_str()),
        (Some("2"), Some("3"))
    );
    assert_eq!(boundary["delta"], "+50%");
    assert_eq!(find(".amount.per_copies.tiers[2].from")["after"], "4");
    let cap = find(".amount.per_copies.cap");
    assert_eq!(cap["delta"], "+25%");
    // A change of form is reported whole.
    let p = tmp.path().join("cat").join(COPY);
    let text = std::fs::read_to_string(&p).unwrap();
    let start = text.find("amount: (2,500 VND").unwrap();
    let end = start + text[start..].find('\n').unwrap();
    std::fs::write(
        &p,
        format!("{}amount: not stated{}", &text[..start], &text[end..]),
    )
    .unwrap();
    let j = json(&thutuc(
        tmp.path(),
        &["-C", "cat", "diff", "before", "cat", "--format", "json"],
    ));
    let c = &j["amended"][0]["changes"][0];
    assert!(
        c["path"]
            .as_str()
            .unwrap()
            .ends_with("fees[phi-chung-thuc].amount"),
        "{c}"
    );
    assert_eq!(c["after"], "not stated");
    assert_eq!(c["before"], COPY_AMOUNT.trim_start_matches("amount: "));
}

#[test]
fn schema_covers_the_fee_forms() {
    let r = thutuc(&bundled(), &["schema"]);
    assert_eq!(r.code, 0);
    let s: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let fee = &s["$defs"]["Fee"]["properties"];
    assert_eq!(fee["amount"]["x-rule"], "fee");
    let examples: Vec<&str> = fee["amount"]["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    for form in [
        "per pages from 1 to 2",
        "% of value",
        "set by the province",
        "not stated",
        "USD",
        "when",
    ] {
        assert!(
            examples.iter().any(|e| e.contains(form)),
            "{form}: {examples:?}"
        );
    }
    assert!(fee["note"].is_object());
    let fees = &s["$defs"]["Channel"]["properties"]["fees"]["oneOf"];
    assert_eq!(fees[1]["enum"][0], "not stated");
    assert!(s["$defs"]["Fact"]["properties"]["unit"].is_object());
    assert!(s["$defs"]["Compliance"]["properties"]["typical"].is_object());
    // A volume no source states is written `not stated`, which the schema accepts.
    let n = &s["$defs"]["Compliance"]["properties"]["applications_per_year"]["oneOf"];
    assert_eq!(n[0]["type"], "integer");
    assert_eq!(n[1]["enum"][0], "not stated");
}

#[test]
fn decisions_write_not_stated_never_none() {
    let tmp = bundle();
    copy_dir(&tmp.path().join("cat"), &tmp.path().join("before"));
    edit(&tmp, COPY, COPY_AMOUNT, "amount: not stated");
    // The change is recorded with the act that made it, as every change a decision publishes.
    let p = tmp.path().join("cat").join(COPY);
    let mut s = std::fs::read_to_string(&p).unwrap();
    s.push_str("amended:\n  - { by: tt-226-2016-btc, parts: [fees] }\n");
    std::fs::write(p, s).unwrap();
    for (lang, want) in [
        (
            "vi",
            "Phí chứng thực bản sao từ bản chính: Chưa có thông tin",
        ),
        (
            "en",
            "Fee for certifying a copy from the original: not stated",
        ),
    ] {
        let out = tmp.path().join(format!("d-{lang}.md"));
        let r = thutuc(
            tmp.path(),
            &[
                "-C",
                "cat",
                "decision",
                "--from",
                "before",
                "--to",
                "cat",
                "--lang",
                lang,
                "--format",
                "markdown",
                "-o",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        let md = std::fs::read_to_string(&out).unwrap();
        assert!(md.contains(want), "{lang}: {md}");
    }
}

#[test]
fn a_volume_no_source_states_is_unmeasured_not_guessed() {
    let tmp = bundle();
    let m = json(&thutuc(
        tmp.path(),
        &["-C", "cat", "metrics", "--format", "json"],
    ));
    let p = m["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "2.000815")
        .unwrap()
        .clone();
    // 3 pages × 2 copies: (2 × 2,000 + 1,000) × 2; the fee is known, the yearly cost is not.
    assert_eq!(p["fees_total"], 10000, "{p}");
    assert!(p["applications_per_year"].is_null(), "{p}");
    assert!(p["compliance_cost"].is_null(), "{p}");
    assert_eq!(p["cost_unmeasured"]["reason"], "no_applications", "{p}");
    let csv = thutuc(tmp.path(), &["-C", "cat", "metrics", "--format", "csv"]);
    let row = csv
        .stdout
        .lines()
        .find(|l| l.starts_with("2.000815,"))
        .unwrap();
    assert!(
        row.ends_with(",10000,,70000,,applications a year not stated"),
        "{row}"
    );
}

/// Đà Nẵng's overlay with one part of the certified-copy fee set (the cap per copy).
const PART: &str = "  - code: \"2.000815\"\n    fees:\n      - { channel: direct, id: phi-chung-thuc, set: { per_copies.cap: \"150,000 VND\" }, basis: nq-14-2025 }\n";

fn with_part(tmp: &tempfile::TempDir, part: &str) {
    edit(
        tmp,
        "provinces/da-nang.yaml",
        "  - code: \"2.000513\"\n",
        &format!("{part}  - code: \"2.000513\"\n"),
    );
}

#[test]
fn an_overlay_sets_one_part_of_a_fee_rule() {
    let tmp = bundle();
    copy_dir(&tmp.path().join("cat"), &tmp.path().join("before"));
    with_part(&tmp, PART);
    let v = thutuc(tmp.path(), &["-C", "cat", "validate"]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    // The province's decision prints the national tiers with its own cap.
    let out = tmp.path().join("dn.md");
    let r = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "decision",
            "--from",
            "before",
            "--to",
            "cat",
            "--province",
            "da-nang",
            "--format",
            "markdown",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("1.000 đồng/trang; tối đa 150.000 đồng"), "{md}");
    // diff shows the part under the province's copy, by how much, in legal words.
    let r = thutuc(
        tmp.path(),
        &["-C", "cat", "diff", "before", "cat", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let j = json(&r);
    let am = j["amended"].as_array().unwrap();
    assert_eq!(am.len(), 1, "{am:?}");
    assert_eq!(am[0]["code"], "2.000815.000.00.00.H17");
    let cap = am[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["path"]
                .as_str()
                .unwrap()
                .ends_with(".amount.per_copies.cap")
        })
        .unwrap_or_else(|| panic!("{am:?}"))
        .clone();
    assert_eq!(
        (
            cap["before"].as_str(),
            cap["after"].as_str(),
            cap["delta"].as_str()
        ),
        (Some("200,000 VND"), Some("150,000 VND"), Some("-25%"))
    );
    let h = thutuc(
        tmp.path(),
        &["-C", "cat", "--lang", "vi", "diff", "before", "cat"],
    );
    assert!(
        h.stdout
            .contains("mức tối đa: 200.000 đồng → 150.000 đồng (−25%)"),
        "{}",
        h.stdout
    );
    // The province's resolution by its number, never its id.
    assert!(
        h.stdout.contains("226/2016/TT-BTC → 14/2025/NQ-HĐND"),
        "{}",
        h.stdout
    );
    // Between git revisions too, though no national procedure changed.
    let repo = tmp.path().join("before");
    git_at(&repo, &["init", "-q"]);
    git_at(&repo, &["add", "-A"]);
    git_at(
        &repo,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-qm",
            "base",
        ],
    );
    let p = repo.join("provinces/da-nang.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        text.replacen(
            "  - code: \"2.000513\"\n",
            &format!("{PART}  - code: \"2.000513\"\n"),
            1,
        ),
    )
    .unwrap();
    let r = thutuc(&repo, &["-C", ".", "diff", "HEAD", "--format", "json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        json(&r)["amended"][0]["code"],
        "2.000815.000.00.00.H17",
        "{}",
        r.stdout
    );
}

#[test]
fn a_part_an_overlay_cannot_set_is_a_diagnostic_at_its_place() {
    for (part, code, needle, help) in [
        // No such part: did-you-mean the one the rule has.
        (
            "set: { cap: \"150,000 VND\" }",
            "province/fee-part",
            "cap",
            "per_copies.cap",
        ),
        // A value of the wrong kind, at the value.
        (
            "set: { \"per_copies.tiers[1].to\": \"2.5\" }",
            "province/fee-part",
            "\"2.5\"",
            "",
        ),
        // Tiers that now overlap: the amended rule is refused as a written one would be.
        (
            "set: { \"per_copies.tiers[1].to\": \"5\" }",
            "province/fee-part",
            "\"per_copies.tiers[1].to\"",
            "",
        ),
        // Both the whole amount and parts.
        (
            "amount: \"1,000 VND\", set: { per_copies.cap: \"150,000 VND\" }",
            "province/fee-amount",
            "{ channel",
            "set:",
        ),
    ] {
        let tmp = bundle();
        with_part(
            &tmp,
            &PART.replace("set: { per_copies.cap: \"150,000 VND\" }", part),
        );
        let r = thutuc(tmp.path(), &["-C", "cat", "--lang", "en", "validate"]);
        assert_eq!(r.code, 1, "{part}: {}{}", r.stdout, r.stderr);
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(all.contains(code), "{part}: {all}");
        // The line of the entry in da-nang.yaml, and the column of what is at fault.
        let text = std::fs::read_to_string(tmp.path().join("cat/provinces/da-nang.yaml")).unwrap();
        let line = text
            .lines()
            .position(|l| l.contains("phi-chung-thuc"))
            .unwrap()
            + 1;
        let col = text.lines().nth(line - 1).unwrap().find(needle).unwrap() + 1;
        assert!(
            all.contains(&format!("da-nang.yaml:{line}:{col}")),
            "{part}: expected da-nang.yaml:{line}:{col} in {all}"
        );
        assert!(all.contains(help), "{part}: {all}");
    }
}

/// The fee lines of an explanation: the `= fee` entry and its numbered steps.
fn fee_steps(out: &str) -> String {
    let mut keep = false;
    let mut lines = Vec::new();
    for l in out.lines() {
        if l.starts_with("  = ") {
            keep = l.starts_with("  = phí") || l.starts_with("  = fee");
        } else if !l.starts_with("      ") {
            keep = false;
        }
        if keep {
            lines.push(l);
        }
    }
    lines.join("\n")
}

#[test]
fn explained_fee_steps_name_facts_as_people_read_them() {
    let dir = bundled();
    let d = dir.to_str().unwrap();
    let mut shots = String::new();
    for lang in ["vi", "en"] {
        for args in [
            &[
                "eval",
                "2.000815",
                "--set",
                "pages=150",
                "--set",
                "copies=2",
            ][..],
            &[
                "eval",
                "3.000346",
                "--channel",
                "direct",
                "--set",
                "licence_class=b",
                "--set",
                "practice_attempts=2",
            ][..],
        ] {
            let mut all = vec!["-C", d, "--lang", lang];
            all.extend(args);
            all.push("--explain");
            let r = thutuc(dir.parent().unwrap(), &all);
            assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
            let steps = fee_steps(&r.stdout);
            // Never a fact id where a label or unit exists.
            for id in [
                "practice_attempts",
                "theory_attempts",
                "copies =",
                "pages 1",
            ] {
                if lang == "vi" {
                    assert!(!steps.contains(id), "{id}: {steps}");
                }
            }
            assert!(!steps.contains("practice_attempts"), "{steps}");
            shots.push_str(&format!("--- {lang} {}\n{steps}\n", args[1]));
        }
    }
    assert!(shots.contains("trang 1–2: 2 × 2.000 đồng"), "{shots}");
    assert!(shots.contains("số bản = 2: 2 × 152.000 đồng"), "{shots}");
    assert!(
        shots.contains("practical tests = 2: 2 × 530,000 VND"),
        "{shots}"
    );
    insta::assert_snapshot!("explained_fee_steps", shots);
}
