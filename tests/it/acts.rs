//! Acts are records: every change a decision publishes is tied to the act that makes it, on
//! real git repositories made with the git CLI; the faults of the registry and the records
//! are each a diagnostic with file:line:column and exit 1, and `decision` writes nothing.

use crate::support::*;
use std::path::Path;

/// The mini manifest with real acts of the residence field, as the bundled registry gives
/// them (sources there).
fn manifest() -> String {
    format!("{MINI_MANIFEST}{}", crate::decision::ACTS)
}

/// v1: the mini catalogue (1.004222) and 1.002755, both published by 1523/QĐ-BCA-C06.
fn repo() -> tempfile::TempDir {
    let tmp = mini();
    write(&tmp, "cat/catalogue.yaml", manifest());
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        format!("{MINI_PROCEDURE}published_by: qd-1523-bca-c06\n"),
    );
    write(
        &tmp,
        "cat/procedures/cu-tru/1.002755.yaml",
        MINI_PROCEDURE
            .replace("\"1.004222\"", "\"1.002755\"")
            .replace(
                "Đăng ký thường trú, en: Permanent residence registration",
                "Gia hạn tạm trú, en: Extension of temporary residence",
            )
            + "published_by: qd-1523-bca-c06\n",
    );
    let d = tmp.path();
    git_at(d, &["init", "-q", "-b", "main"]);
    commit(d, "v1");
    tmp
}

fn commit(d: &Path, tag: &str) {
    git_at(d, &["add", "-A"]);
    git_at(d, &["commit", "-q", "-m", tag]);
    git_at(d, &["tag", tag]);
}

fn edit(d: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let p = d.join("cat").join(rel);
    let s = std::fs::read_to_string(&p).unwrap();
    std::fs::write(p, f(s)).unwrap();
}

const P: &str = "procedures/cu-tru/1.004222.yaml";
const Q: &str = "procedures/cu-tru/1.002755.yaml";

fn decision(d: &Path, from: &str, to: &str, out: &str) -> Run {
    thutuc(
        d,
        &[
            "-C", "cat", "--lang", "vi", "decision", "--from", from, "--to", to, "--format",
            "json", "-o", out,
        ],
    )
}

#[test]
fn a_change_no_act_accounts_for_is_refused_until_recorded() {
    let tmp = repo();
    let d = tmp.path();
    // v2: the direct fee changes, with no record.
    edit(d, P, |s| {
        s.replace("amount: 20,000 VND", "amount: 15,000 VND")
    });
    commit(d, "v2");
    let r = decision(d, "v1", "v2", "qd.json");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("[decision/unaccounted]") || r.stderr.contains("decision/unaccounted")
    );
    assert!(
        r.stderr.contains("1.004222 Đăng ký thường trú"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("thay đổi Phí, lệ phí"), "{}", r.stderr);
    assert!(
        r.stderr.contains("amended: [{by: <mã văn bản>"),
        "{}",
        r.stderr
    );
    assert!(!d.join("qd.json").exists(), "nothing is written");
    insta::assert_snapshot!(r.stderr.replace(&d.display().to_string(), "<tmp>"));

    // v3: the author records the act that made it.
    edit(d, P, |s| {
        s + "amended:\n  - { by: nd-154-2024, parts: [fees], in_force: 2025-07-01 }\n"
    });
    commit(d, "v3");
    let r = decision(d, "v1", "v3", "qd.json");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("qd.json")).unwrap()).unwrap();
    assert_eq!(v["amended"][0]["code"], "1.004222");
    assert_eq!(
        v["amended"][0]["changed"],
        serde_json::json!(["Phí, lệ phí"])
    );
    let act = &v["amended"][0]["acts"][0];
    assert_eq!(act["number"], "154/2024/NĐ-CP");
    assert_eq!(act["date"], "26/11/2024");
    assert_eq!(act["issuer"], "Chính phủ");
    assert_eq!(
        act["title"],
        "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú"
    );
    assert_eq!(act["in_force"], "01/07/2025");
    // The diff names the act.
    let r = thutuc(d, &["-C", "cat", "--lang", "vi", "diff", "v1", "v3"]);
    assert!(
        r.stdout.contains("§ Sửa đổi, bổ sung theo Nghị định số 154/2024/NĐ-CP ngày 26/11/2024 (Phí, lệ phí, hiệu lực từ 01/07/2025)"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_editorial_change_is_shown_as_such_and_never_published() {
    let tmp = repo();
    let d = tmp.path();
    edit(d, P, |s| {
        s.replace(
            "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)",
            "Tờ khai thay đổi thông tin cư trú (mẫu CT01)",
        ) + "editorial:\n  - { parts: [documents], reason: correction, note: { vi: Sửa chữ viết hoa } }\n"
    });
    commit(d, "v2");
    let r = decision(d, "v1", "v2", "qd.json");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("1 thủ tục chỉ có thay đổi biên tập"),
        "{}",
        r.stdout
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("qd.json")).unwrap()).unwrap();
    assert_eq!(v["amended"], serde_json::json!([]));
    for (lang, want) in [
        (
            "vi",
            "✎ Biên tập (sửa lỗi), không công bố: Thành phần hồ sơ",
        ),
        ("en", "✎ Editorial (correction), not published: documents"),
    ] {
        let r = thutuc(d, &["-C", "cat", "--lang", lang, "diff", "v1", "v2"]);
        assert!(r.stdout.contains(want), "{lang}: {}", r.stdout);
    }
    let r = thutuc(d, &["-C", "cat", "--lang", "vi", "log", "1.004222"]);
    assert!(r.stdout.contains("✎ Biên tập (sửa lỗi)"), "{}", r.stdout);
    // The review screen's tree marks it editorial (✎), not amended (~).
    use thutuc::tui::data::{self, Mark, Origin, Request, RevSpec};
    let snap = data::load(
        &Origin {
            dir: Some(d.join("cat")),
            limits: Default::default(),
        },
        &Request {
            a: RevSpec::Rev("v1".into()),
            b: RevSpec::Rev("v2".into()),
        },
    )
    .expect("loads");
    assert_eq!(snap.mark("1.004222"), Mark::Editorial);
    assert_eq!(Mark::Editorial.symbol(), '✎');
}

#[test]
fn new_and_abolished_procedures_name_their_acts() {
    let tmp = repo();
    let d = tmp.path();
    // v2: a file deleted with no abolition: refused, with the way to record it.
    std::fs::remove_file(d.join("cat").join(Q)).unwrap();
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004194.yaml",
        MINI_PROCEDURE
            .replace("\"1.004222\"", "\"1.004194\"")
            .replace(
                "Đăng ký thường trú, en: Permanent residence registration",
                "Đăng ký tạm trú, en: Temporary residence registration",
            ),
    );
    commit(d, "v2");
    let r = decision(d, "v1", "v2", "qd.json");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("1.002755 Gia hạn tạm trú: tệp thủ tục bị xóa"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("abolished: {by: <mã văn bản>"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("1.004194 Đăng ký tạm trú là thủ tục mới nhưng không có văn bản công bố"),
        "{}",
        r.stderr
    );
    assert!(!d.join("qd.json").exists());
    // v3 (from v1): the file stays as the record of its abolition; the new one names its act.
    git_at(d, &["checkout", "-q", "-b", "recorded", "v1"]);
    edit(d, Q, |s| {
        s + "abolished: { by: nd-154-2024, in_force: 2025-07-01 }\n"
    });
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004194.yaml",
        MINI_PROCEDURE
            .replace("\"1.004222\"", "\"1.004194\"")
            .replace(
                "Đăng ký thường trú, en: Permanent residence registration",
                "Đăng ký tạm trú, en: Temporary residence registration",
            )
            + "published_by: qd-1523-bca-c06\n",
    );
    commit(d, "v3");
    let r = decision(d, "v1", "v3", "qd.json");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("qd.json")).unwrap()).unwrap();
    for list in ["new", "amended", "abolished"] {
        for e in v[list].as_array().unwrap() {
            let acts = e["acts"].as_array().unwrap();
            assert!(!acts.is_empty(), "{list} {e}");
            for a in acts {
                for key in ["number", "date", "issuer", "title"] {
                    assert!(a.get(key).is_some(), "{list}: {key} missing in {a}");
                }
            }
        }
    }
    assert_eq!(v["abolished"][0]["code"], "1.002755");
    assert_eq!(v["abolished"][0]["acts"][0]["number"], "154/2024/NĐ-CP");
    assert_eq!(v["abolished"][0]["acts"][0]["in_force"], "01/07/2025");
    assert_eq!(v["new"][0]["acts"][0]["number"], "1523/QĐ-BCA-C06");
    // The registry states no date for it: null, never a guess; the citation says so.
    assert_eq!(v["new"][0]["acts"][0]["date"], serde_json::Value::Null);
    assert!(
        v["front"]["grounds"]
            .to_string()
            .contains("Quyết định số 1523/QĐ-BCA-C06 (ngày ban hành: chưa có thông tin) của Bộ trưởng Bộ Công an")
            || v["new"][0]["acts"][0]["citation"]
                == "Quyết định số 1523/QĐ-BCA-C06 (ngày ban hành: chưa có thông tin) của Bộ trưởng Bộ Công an",
        "{}",
        v["new"][0]["acts"]
    );
    let mut v = v;
    v["from"] = "v1".into();
    v["to"] = "v3".into();
    insta::assert_json_snapshot!(v["abolished"]);
    // `log` follows the abolished procedure and shows its abolition.
    let r = thutuc(d, &["-C", "cat", "--lang", "vi", "log", "1.002755"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "§ Bãi bỏ theo Nghị định số 154/2024/NĐ-CP ngày 26/11/2024, hiệu lực từ 01/07/2025"
        ),
        "{}",
        r.stdout
    );
    // `diff` lists it as removed, with its act.
    let r = thutuc(
        d,
        &[
            "-C", "cat", "--lang", "vi", "diff", "v1", "v3", "--format", "json",
        ],
    );
    let j = json(&r);
    assert_eq!(j["removed"], serde_json::json!(["1.002755"]));
    // What is in force leaves it out: metrics, list, the periodic report.
    let m = json(&thutuc(d, &["-C", "cat", "metrics", "--format", "json"]));
    let l = json(&thutuc(d, &["-C", "cat", "list", "--format", "json"]));
    assert!(!l.to_string().contains("1.002755"), "{l}");
    assert!(!m["procedures"].to_string().contains("1.002755"), "{m}");
    let rep = json(&thutuc(
        d,
        &[
            "-C",
            "cat",
            "report",
            "--from",
            "2025-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "json",
        ],
    ));
    assert_eq!(rep["in_force"]["total"], m["totals"]["procedures"], "{rep}");
    assert_eq!(
        rep["abolished"]["codes"],
        serde_json::json!(["1.002755"]),
        "{rep}"
    );
    // The period begins before the history: compared from the first commit, which says so;
    // what was in the catalogue then is not "new".
    assert!(rep["history_start"].is_object(), "{rep}");
    assert!(!rep["new"].to_string().contains("1.004222"), "{rep}");
}

/// Each bad input: a diagnostic with file:line:column, exit 1, and `decision` writes nothing.
#[test]
fn faults_of_the_registry_and_the_records() {
    type Case = (&'static str, fn(&Path), &'static str, &'static str);
    let cases: [Case; 5] = [
        (
            "act referenced but not in the registry",
            |d| {
                edit(d, P, |s| {
                    s + "amended:\n  - { by: nd-154-2042, parts: [fees] }\n"
                })
            },
            "ref/act",
            "1.004222.yaml:",
        ),
        (
            "amendment in force before its act is issued",
            |d| {
                edit(d, P, |s| {
                    s + "amended:\n  - { by: nd-154-2024, parts: [fees], in_force: 2024-01-01 }\n"
                })
            },
            "act/in-force-before-issued",
            "1.004222.yaml:",
        ),
        (
            "two acts with the same number",
            |d| {
                edit(d, "catalogue.yaml", |s| {
                    s + "  - id: nd-154\n    kind: Nghị định\n    number: 154/2024/NĐ-CP\n    issuer: Chính phủ\n    issued: 2024-11-26\n    title: { vi: quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú }\n"
                })
            },
            "act/duplicate-number",
            "catalogue.yaml:",
        ),
        (
            "a number not in the form the law prescribes",
            |d| {
                edit(d, "catalogue.yaml", |s| {
                    s + "  - id: qd-0001\n    kind: Quyết định\n    number: QĐ/0001-BTP\n    issuer: Bộ Tư pháp\n    issued: 2024-06-11\n    title: { vi: về việc công bố thủ tục hành chính }\n"
                })
            },
            "act/number",
            "catalogue.yaml:",
        ),
        (
            "an abolished procedure still localised by an overlay",
            |d| {
                edit(d, Q, |s| s + "abolished: { by: nd-154-2024 }\n");
                std::fs::create_dir_all(d.join("cat/provinces")).unwrap();
                std::fs::write(
                    d.join("cat/provinces/da-nang.yaml"),
                    "id: da-nang\nname: { vi: Thành phố Đà Nẵng }\ncode_suffix: 000.00.00.H17\nresolutions: []\nprocedures:\n  - code: \"1.002755\"\n    deadlines: { direct: 5 working days }\n",
                )
                .unwrap();
            },
            "province/abolished",
            "da-nang.yaml:",
        ),
    ];
    for (what, break_it, code, file) in cases {
        let tmp = repo();
        let d = tmp.path();
        break_it(d);
        let r = thutuc(d, &["-C", "cat", "--lang", "en", "validate"]);
        assert_eq!(r.code, 1, "{what}: {}", r.stdout);
        let line = r
            .stdout
            .lines()
            .find(|l| l.contains(file) && l.contains("─["))
            .unwrap_or_else(|| panic!("{what}: no position in {}", r.stdout));
        // file:line:column
        assert!(
            line.split(':')
                .filter(|p| p.trim_end_matches(']').parse::<u32>().is_ok())
                .count()
                >= 2,
            "{what}: {line}"
        );
        assert!(
            r.stdout.contains(code),
            "{what}: {code} missing in {}",
            r.stdout
        );
        commit(d, "v2");
        let r = decision(d, "v1", "v2", "qd.json");
        assert_eq!(r.code, 1, "{what}: {}", r.stderr);
        assert!(r.stderr.contains(code), "{what}: {}", r.stderr);
        assert!(
            !d.join("qd.json").exists(),
            "{what}: a decision was written"
        );
    }
}

#[test]
fn an_act_id_reused_for_another_number_is_refused() {
    let tmp = repo();
    let d = tmp.path();
    // The id that named Decree 154/2024 names another act at v2.
    edit(d, "catalogue.yaml", |s| {
        s.replace("number: 154/2024/NĐ-CP", "number: 62/2021/NĐ-CP")
    });
    commit(d, "v2");
    let r = decision(d, "v1", "v2", "qd.json");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("act/id-reused"), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "mã văn bản `nd-154-2024` ở phiên bản cũ là 154/2024/NĐ-CP, nay lại là 62/2021/NĐ-CP"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("catalogue.yaml:"), "{}", r.stderr);
    assert!(!d.join("qd.json").exists());
}

/// This repository's own catalogue history: every change since the baseline is recorded
/// (the acts of new, amended and abolished entries, or editorial), so the decision is made.
#[test]
fn the_bundled_history_is_accounted_for() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let baseline = "1bd0bb8408ab34a0b2f826800cc312cbc559538e";
    let has = std::process::Command::new("git")
        .args(["cat-file", "-e", &format!("{baseline}^{{commit}}")])
        .current_dir(root)
        .status()
        .is_ok_and(|s| s.success());
    if !has {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the baseline commit is missing: CI must check out the full history"
        );
        eprintln!("note: no baseline commit in this checkout: skipping");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("qd.json");
    let r = thutuc(
        root,
        &[
            "-C",
            "catalogue",
            "decision",
            "--from",
            "baseline",
            "--to",
            "HEAD",
            "--format",
            "json",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    for list in ["new", "amended", "abolished"] {
        for e in v[list].as_array().unwrap() {
            let acts = e["acts"].as_array().unwrap();
            assert!(!acts.is_empty(), "{list}: {e}");
            assert!(acts.iter().all(|a| a["date"].is_string()), "{list}: {e}");
        }
    }
}
