//! `thutuc list`, `show` by name, and channels, fields, levels and yes/no values named in
//! Vietnamese with or without accents, on a copy of the bundled catalogue.

use crate::support::*;

fn bundled_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&bundled(), &tmp.path().join("catalogue"));
    tmp
}

fn codes(r: &Run) -> Vec<String> {
    json(r)
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn list_finds_names_without_accents_best_first() {
    let tmp = bundled_copy();
    let r = thutuc(tmp.path(), &["list", "ket hon"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("list_ket_hon_vi", r.stdout);
    // Accents, case and word order do not matter; the closest name comes first.
    let with = codes(&thutuc(
        tmp.path(),
        &["list", "KẾT HÔN", "--format", "json"],
    ));
    let without = codes(&thutuc(
        tmp.path(),
        &["list", "hon ket", "--format", "json"],
    ));
    assert_eq!(with, without);
    assert!(with.len() >= 2, "{with:?}");
    let v = json(&thutuc(
        tmp.path(),
        &["list", "ket hon", "--format", "json"],
    ));
    for p in v.as_array().unwrap() {
        let name = p["name"].as_str().unwrap().to_lowercase();
        assert!(name.contains("kết hôn"), "{name}");
    }
    // A code, whole or begun.
    assert_eq!(
        codes(&thutuc(
            tmp.path(),
            &["list", "1.000593", "--format", "json"]
        ))[0],
        "1.000593"
    );
    // Nothing found is an empty list, not an error.
    let r = thutuc(tmp.path(), &["list", "xyzzy"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "0 thủ tục\n"));
    // CSV for a spreadsheet, RFC 4180 quoting.
    let r = thutuc(tmp.path(), &["list", "khai tu", "--format", "csv"]);
    assert!(
        r.stdout
            .starts_with("code,name,field,levels,channels,agency\r\n"),
        "{}",
        r.stdout
    );
    // A cell holding a comma is quoted.
    let first = r.stdout.lines().nth(1).unwrap();
    assert!(
        first.starts_with("1.000419,") && first.ends_with(".\""),
        "{first}"
    );
}

#[test]
fn filters_take_vietnamese_names_with_or_without_accents() {
    let tmp = bundled_copy();
    let all = codes(&thutuc(tmp.path(), &["list", "--format", "json"]));
    let direct = codes(&thutuc(
        tmp.path(),
        &["list", "--channel", "direct", "--format", "json"],
    ));
    for name in [
        "trực tiếp",
        "truc-tiep",
        "TRUC_TIEP",
        "Trực tiếp",
        "in person",
    ] {
        let r = thutuc(tmp.path(), &["list", "--channel", name, "--format", "json"]);
        assert_eq!(codes(&r), direct, "{name}");
    }
    let full = codes(&thutuc(
        tmp.path(),
        &[
            "list",
            "--channel",
            "trực tuyến toàn trình",
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        full,
        codes(&thutuc(
            tmp.path(),
            &["list", "--channel", "online_full", "--format", "json"]
        ))
    );
    assert!(!full.is_empty() && full.len() < all.len());
    // Field and level by id or name.
    let ht = codes(&thutuc(
        tmp.path(),
        &["list", "--field", "ho-tich", "--format", "json"],
    ));
    assert_eq!(
        ht,
        codes(&thutuc(
            tmp.path(),
            &["list", "--field", "hộ tịch", "--format", "json"]
        ))
    );
    assert_eq!(
        ht,
        codes(&thutuc(
            tmp.path(),
            &["list", "--field", "Ho Tich", "--format", "json"]
        ))
    );
    let xa = codes(&thutuc(
        tmp.path(),
        &[
            "list",
            "--field",
            "ho tich",
            "--level",
            "cấp xã",
            "--format",
            "json",
        ],
    ));
    assert!(!xa.is_empty() && xa.iter().all(|c| ht.contains(c)));
    // A wrong name is answered with every id and its Vietnamese name.
    let r = thutuc(tmp.path(), &["list", "--channel", "fax"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`fax` không phải là một cách thức nộp hồ sơ")
            && r.stderr.contains("direct (Trực tiếp), postal (Dịch vụ bưu chính), online_full (Trực tuyến toàn trình), online_partial (Trực tuyến một phần)"),
        "{}",
        r.stderr
    );
    let r = thutuc(tmp.path(), &["list", "--field", "ho tic"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("có phải ý bạn là ho-tich (Hộ tịch)?"),
        "{}",
        r.stderr
    );
}

#[test]
fn show_and_eval_take_a_name_and_vietnamese_values() {
    let tmp = bundled_copy();
    // One procedure by its whole name, without accents.
    let r = thutuc(tmp.path(), &["show", "thu tuc dang ky ket hon luu dong"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("1.000593 Thủ tục đăng ký kết hôn lưu động\n"),
        "{}",
        r.stdout
    );
    // Several: the candidates, never a guess.
    let r = thutuc(tmp.path(), &["show", "ket hon"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`ket hon` khớp với")
            && r.stderr
                .contains("1.000593  Thủ tục đăng ký kết hôn lưu động"),
        "{}",
        r.stderr
    );
    // Channel names and yes/no with or without accents in eval.
    let args = |channel: &str, yes: &str| {
        thutuc(
            tmp.path(),
            &[
                "eval",
                "1.004222",
                "--channel",
                channel,
                "--set",
                &format!("fee_exempt={yes}"),
                "--set",
                "residence_case=own_home",
                "--set",
                "overseas_no_passport=không",
                "--set",
                "housing_in_db=co",
                "--format",
                "json",
            ],
        )
    };
    let base = args("direct", "false");
    assert_eq!(base.code, 0, "{}", base.stderr);
    for (ch, no) in [
        ("trực tiếp", "không"),
        ("truc-tiep", "khong"),
        ("Trực Tiếp", "KHÔNG"),
    ] {
        let r = args(ch, no);
        assert_eq!(r.code, 0, "{ch} {no}: {}", r.stderr);
        assert_eq!(json(&r)["fees"], json(&base)["fees"], "{ch} {no}");
    }
    let yes = args("direct", "co");
    assert_eq!(json(&yes)["fees"], json(&args("direct", "true"))["fees"]);
    let r = args("direct", "kh");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("có hoặc không (có dấu hoặc không dấu: co, khong)"),
        "{}",
        r.stderr
    );
}
