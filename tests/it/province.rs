//! The bundled province overlay (Thành phố Hải Phòng) says only what its acts say, and an
//! overlay may say that a province's amount is not known yet ("chưa có thông tin", never 0),
//! which `validate` reports until the amount is found.

use crate::support::*;

/// A copy of the bundled catalogue in `cat/` and the same without Hải Phòng's overlay in
/// `before/` (the city's first localisation is then every procedure).
fn hai_phong() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&bundled(), &tmp.path().join("cat"));
    copy_dir(&bundled(), &tmp.path().join("before"));
    std::fs::remove_file(tmp.path().join("before/provinces/hai-phong.yaml")).unwrap();
    tmp
}

/// Replaces `from` (which must be there) with `to` in a file below the temp dir.
fn edit(tmp: &tempfile::TempDir, rel: &str, from: &str, to: &str) {
    let p = tmp.path().join(rel);
    let s = std::fs::read_to_string(&p).unwrap();
    assert!(s.contains(from), "{rel} lacks {from:?}");
    std::fs::write(p, s.replacen(from, to, 1)).unwrap();
}

fn decision_json(tmp: &tempfile::TempDir) -> serde_json::Value {
    let out = tmp.path().join("d.json");
    let r = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "--lang",
            "en",
            "decision",
            "--from",
            "before",
            "--to",
            "cat",
            "--province",
            "hai-phong",
            "--format",
            "json",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
}

fn diagnostics(tmp: &tempfile::TempDir, code: &str) -> Vec<serde_json::Value> {
    let j = json(&thutuc(
        tmp.path(),
        &["-C", "cat", "--lang", "en", "validate", "--format", "json"],
    ));
    j["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .cloned()
        .collect()
}

#[test]
fn the_bundled_province_hai_phong_localises_only_what_its_resolution_says() {
    let tmp = hai_phong();
    // It validates: no error; the amounts not found are reported, not guessed.
    let r = thutuc(tmp.path(), &["-C", "cat", "validate"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let unknown = diagnostics(&tmp, "province/fee-unknown");
    let channels: Vec<&str> = unknown
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(unknown.len(), 2, "{channels:?}");
    assert!(
        channels.iter().any(|m| m.contains("(direct)")),
        "{channels:?}"
    );
    assert!(
        channels.iter().any(|m| m.contains("(postal)")),
        "{channels:?}"
    );
    assert!(unknown.iter().all(|d| {
        d["file"]
            .as_str()
            .unwrap()
            .ends_with("provinces/hai-phong.yaml")
    }));

    let d = decision_json(&tmp);
    assert_eq!(d["province"]["id"], "hai-phong");
    assert_eq!(d["province"]["name"], "Hai Phong City");
    // No official agency code was found: the codes stay national, never a made-up suffix.
    assert!(d["province"]["code_suffix"].is_null(), "{}", d["province"]);
    let res = d["province"]["resolutions"].as_array().unwrap();
    assert_eq!(res.len(), 1, "{res:?}");
    assert_eq!(res[0]["number"], "23/2026/NQ-HĐND");
    let new = d["new"].as_array().unwrap();
    let row = new.iter().find(|r| r["code"] == "2.000513").unwrap();
    assert_eq!(row["national_code"], "2.000513");
    assert_eq!(
        row["fees"],
        "Charge for re-registering a marriage with a foreign element: 0 VND (online (full process)), not stated (by post), not stated (in person)"
    );
    let basis: Vec<&str> = row["legal_basis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_str().unwrap())
        .collect();
    // The resolution for the online amount; the circular that leaves the amount to the
    // province stays the basis of the amounts not found.
    assert!(basis.contains(&"23/2026/NQ-HĐND"), "{basis:?}");
    assert!(basis.contains(&"85/2019/TT-BTC"), "{basis:?}");
    // Every other procedure is the national one: no amount of the city is made up.
    let others = new.iter().filter(|r| r["code"] != "2.000513");
    for r in others {
        assert!(
            !r["legal_basis"]
                .as_array()
                .unwrap()
                .iter()
                .any(|b| b == "23/2026/NQ-HĐND"),
            "{r}"
        );
    }
}

#[test]
fn a_province_amount_not_found_is_not_stated_only_where_the_province_sets_it() {
    let tmp = hai_phong();
    let overlay = "cat/provinces/hai-phong.yaml";
    // A real amount needs the resolution that sets it.
    edit(
        &tmp,
        overlay,
        "amount: \"0 VND\", basis: nq-23-2026 }",
        "amount: \"0 VND\" }",
    );
    let d = diagnostics(&tmp, "province/fee-basis");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0]["message"].as_str().unwrap().contains("(online_full)"),
        "{}",
        d[0]
    );
    let r = thutuc(tmp.path(), &["-C", "cat", "validate"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    edit(
        &tmp,
        overlay,
        "amount: \"0 VND\" }",
        "amount: \"0 VND\", basis: nq-23-2026 }",
    );
    // A national amount cannot be made unknown by a province.
    let text = std::fs::read_to_string(tmp.path().join(overlay)).unwrap();
    std::fs::write(
        tmp.path().join(overlay),
        text + "  - code: \"1.004222\"\n    fees:\n      - { channel: direct, id: le-phi, amount: not stated }\n",
    )
    .unwrap();
    let d = diagnostics(&tmp, "province/fee-unset");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0]["message"].as_str().unwrap().contains("not stated"),
        "{}",
        d[0]
    );
    assert_eq!(diagnostics(&tmp, "province/fee-unknown").len(), 2);
    let r = thutuc(tmp.path(), &["-C", "cat", "validate"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
}
