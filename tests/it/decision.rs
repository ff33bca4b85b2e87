//! `thutuc decision`: the decision publishing a catalogue's changes, national and localised,
//! in every format, on real git repositories made with the git CLI.

use crate::support::*;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Văn phòng UBND")
        .env("GIT_AUTHOR_EMAIL", "vanphong@example.vn")
        .env("GIT_COMMITTER_NAME", "Văn phòng UBND")
        .env("GIT_COMMITTER_EMAIL", "vanphong@example.vn")
        .env("GIT_AUTHOR_DATE", "2025-10-01T09:00:00+07:00")
        .env("GIT_COMMITTER_DATE", "2025-10-01T09:00:00+07:00")
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const OVERLAY: &str = "\
# Illustrative overlay for the tests.
id: da-nang
name: { vi: Thành phố Đà Nẵng, en: Da Nang City }
code_suffix: 000.00.00.H17
portal: https://dichvucong.danang.gov.vn
agency: { vi: Trung tâm Phục vụ hành chính công thành phố Đà Nẵng, en: Da Nang Public Administration Service Centre }
address: { vi: \"24 Trần Phú, phường Hải Châu\", en: \"24 Tran Phu, Hai Chau ward\" }
decision:
  issuer: { vi: \"Ủy ban nhân dân\\nthành phố Đà Nẵng\", en: Da Nang People's Committee }
  symbol: QĐ-UBND
  place: Đà Nẵng
  authority: { vi: Chủ tịch Ủy ban nhân dân thành phố Đà Nẵng, en: Chairman of the Da Nang People's Committee }
  levels: [commune]
  grounds:
    - Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát thủ tục hành chính
  proposer: Giám đốc Công an thành phố
  implementers: Chánh Văn phòng Ủy ban nhân dân thành phố, Giám đốc Công an thành phố
  signer_title: Chủ tịch
  recipients: [Như Điều 3, \"Lưu: VT\"]
resolutions:
  - id: nq-14-2025
    number: 14/2025/NQ-HĐND
    title: { vi: Nghị quyết quy định mức thu lệ phí đăng ký cư trú, en: Resolution on residence registration charges }
    issued: 2025-07-18
    effective: 2025-08-01
procedures:
  - code: \"1.004222\"
    deadlines:
      direct: 5 working days
    fees:
      - { channel: direct, id: le-phi, amount: \"15,000 VND\", basis: nq-14-2025 }
    discounts:
      - id: online
        rule: 50% off le-phi when channel == \"online_full\" from 2025-08-01 until 2026-12-31
        basis: nq-14-2025
fields:
  - field: cu-tru
    discounts:
      - id: field-online
        rule: 20% off all when online from 2025-08-01 until 2026-06-30
        basis: nq-14-2025
";

/// The acts the test catalogue's records cite. 1523/QĐ-BCA-C06 is kept without its date of issue
/// (the bundled registry has one) so that the "not stated" wording stays exercised.
pub const ACTS: &str = "  - id: nd-154-2024
    kind: Nghị định
    number: 154/2024/NĐ-CP
    title: { vi: quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú }
    issuer: Chính phủ
    issued: 2024-11-26
  - id: qd-1523-bca-c06
    kind: Quyết định
    number: 1523/QĐ-BCA-C06
    issuer: Bộ Công an
    signer: Bộ trưởng Bộ Công an
";

/// v1: the mini catalogue plus 1.002755 and the Đà Nẵng overlay. v2: 1.004222 amended
/// (online deadline, fee, a document) by Decree 154/2024, 1.004194 new (published by
/// 1523/QĐ-BCA-C06), 1.002755 abolished by Decree 154/2024 (its file stays).
fn repo() -> tempfile::TempDir {
    let tmp = mini();
    let d = tmp.path();
    write(&tmp, "cat/catalogue.yaml", format!("{MINI_MANIFEST}{ACTS}"));
    write(&tmp, "cat/provinces/da-nang.yaml", OVERLAY);
    write(
        &tmp,
        "cat/procedures/cu-tru/1.002755.yaml",
        MINI_PROCEDURE
            .replace("\"1.004222\"", "\"1.002755\"")
            .replace(
                "Đăng ký thường trú, en: Permanent residence registration",
                "Gia hạn tạm trú, en: Extension of temporary residence",
            ),
    );
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "v1"]);
    git(d, &["tag", "v1"]);
    let amended = MINI_PROCEDURE
        .replacen("deadline: 7 working days", "deadline: 5 working days", 1)
        .replace("amount: 20,000 VND", "amount: 18,000 VND")
        .replace(
            "        - { id: consent, name: { vi: Văn bản đồng ý của chủ hộ }, originals: 1 }\n",
            "",
        )
        .replace("      documents:\n", "      documents: []\n")
        + "amended:\n  - { by: nd-154-2024, parts: [deadline, fees, documents], in_force: 2025-07-01 }\n";
    write(&tmp, "cat/procedures/cu-tru/1.004222.yaml", amended);
    let abolished = read(d, "cat/procedures/cu-tru/1.002755.yaml")
        + "abolished: { by: nd-154-2024, in_force: 2025-07-01 }\n";
    write(&tmp, "cat/procedures/cu-tru/1.002755.yaml", abolished);
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
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "v2"]);
    git(d, &["tag", "v2"]);
    tmp
}

fn decision(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["-C", "cat", "decision", "--from", "v1", "--to", "v2"];
    args.extend_from_slice(extra);
    thutuc(dir, &args)
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// No temporary file of an atomic write may be left behind in `dir`.
fn no_temp_files(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".thutuc-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn national_markdown_in_vietnamese() {
    let tmp = repo();
    let v = thutuc(tmp.path(), &["-C", "cat", "validate"]);
    assert_eq!(v.code, 0, "the fixture overlay must be valid: {}", v.stdout);
    let r = decision(
        tmp.path(),
        &["--lang", "vi", "--format", "markdown", "-o", "qd.md"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("1 thủ tục mới"), "{}", r.stdout);
    let md = read(tmp.path(), "qd.md");
    assert!(md.contains("Thời hạn giải quyết, Phí, lệ phí, Thành phần hồ sơ"));
    insta::assert_snapshot!(md);
    no_temp_files(tmp.path());
}

#[test]
fn localised_csv_and_json() {
    let tmp = repo();
    let r = decision(
        tmp.path(),
        &[
            "--province",
            "da-nang",
            "--lang",
            "vi",
            "--format",
            "csv",
            "-o",
            "qd.csv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let csv = read(tmp.path(), "qd.csv");
    assert!(csv.starts_with("section,no,code,national_code,name,"));
    // The province's shortened deadline hides the national change on the direct channel,
    // and its code suffix is on every code.
    assert!(csv.contains("1.004222.000.00.00.H17"));
    assert!(csv.contains("Thời hạn giải quyết; Thành phần hồ sơ"));
    insta::assert_snapshot!(csv);
    let r = decision(
        tmp.path(),
        &[
            "--province",
            "da-nang",
            "--lang",
            "en",
            "--format",
            "json",
            "-o",
            "qd.json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&read(tmp.path(), "qd.json")).unwrap();
    // Đà Nẵng sets its own fee on the direct channel, so the national fee change does not
    // amend its localised procedure.
    assert_eq!(
        v["amended"][0]["changed"],
        serde_json::json!(["deadline", "documents"])
    );
    assert_eq!(v["new"][0]["national_code"], "1.004194");
    assert_eq!(v["abolished"][0]["code"], "1.002755.000.00.00.H17");
    assert_eq!(v["levels"][0]["id"], "commune");
    insta::assert_json_snapshot!(v);
}

#[test]
fn html_prints_well() {
    let tmp = repo();
    let r = decision(
        tmp.path(),
        &[
            "--province",
            "da-nang",
            "--lang",
            "vi",
            "--format",
            "html",
            "-o",
            "qd.html",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = read(tmp.path(), "qd.html");
    for needle in [
        "<!DOCTYPE html>",
        "@media print",
        "display: table-header-group",
        "break-inside: avoid",
        "<thead>",
        "thành phố Đà Nẵng",
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "14/2025/NQ-HĐND",
        "Thủ tục hành chính cấp xã",
        "<colgroup>",
    ] {
        assert!(html.contains(needle), "{needle} missing");
    }
}

/// The names in a zip's central directory (stored uncompressed, so no inflater is needed).
fn zip_names(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut i = 0;
    while i + 46 <= bytes.len() {
        if bytes[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] {
            let n = u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]) as usize;
            names.push(String::from_utf8_lossy(&bytes[i + 46..i + 46 + n]).into_owned());
            i += 46 + n;
        } else {
            i += 1;
        }
    }
    names
}

#[test]
fn docx_is_a_real_word_document() {
    let tmp = repo();
    let r = decision(
        tmp.path(),
        &[
            "--province",
            "da-nang",
            "--lang",
            "vi",
            "--format",
            "docx",
            "-o",
            "qd.docx",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bytes = std::fs::read(tmp.path().join("qd.docx")).unwrap();
    assert_eq!(&bytes[..4], b"PK\x03\x04", "not a zip");
    let names = zip_names(&bytes);
    for part in [
        "[Content_Types].xml",
        "word/document.xml",
        "word/styles.xml",
    ] {
        assert!(names.iter().any(|n| n == part), "{part} not in {names:?}");
    }
    // Reading it back parses word/document.xml.
    let doc = docx_rs::read_docx(&bytes).expect("a readable docx");
    let json = doc.json();
    for text in [
        "Đăng ký thường trú",
        "1.004222.000.00.00.H17",
        "QUYẾT ĐỊNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "THỦ TỤC HÀNH CHÍNH CẤP XÃ",
    ] {
        assert!(json.contains(text), "{text} missing from word/document.xml");
    }
    let office = ["libreoffice", "soffice"].into_iter().find(|b| {
        Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(office) = office else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "LibreOffice is missing: .ci/run must install it"
        );
        eprintln!("note: libreoffice/soffice is not on PATH: skipping the DOCX → PDF conversion");
        return;
    };
    let out = Command::new(office)
        .args([
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            "pdf",
            "qd.docx",
        ])
        .current_dir(tmp.path())
        .env("HOME", tmp.path())
        .output()
        .expect("run libreoffice");
    let pdf = tmp.path().join("pdf/qd.pdf");
    assert!(
        pdf.exists(),
        "no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::metadata(&pdf).unwrap().len() > 0, "empty PDF");
}

#[test]
fn existing_output_needs_force() {
    let tmp = repo();
    write(&tmp, "qd.md", "giữ nguyên");
    let r = decision(tmp.path(), &["--format", "markdown", "-o", "qd.md"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(read(tmp.path(), "qd.md"), "giữ nguyên");
    let r = decision(
        tmp.path(),
        &["--format", "markdown", "-o", "qd.md", "--force"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(read(tmp.path(), "qd.md").contains("\n# "));
}

#[test]
fn output_paths_that_escape_are_refused() {
    let tmp = repo();
    let r = decision(tmp.path(), &["--format", "csv", "-o", "../qd.csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(".."), "{}", r.stderr);
    assert!(!tmp.path().parent().unwrap().join("qd.csv").exists());
    let r = decision(tmp.path(), &["--format", "csv", "-o", "cat/../../qd.csv"]);
    assert_eq!(r.code, 2);
    // `a/../b` stays inside and is fine.
    let r = decision(tmp.path(), &["--format", "csv", "-o", "cat/../qd.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join("x.csv"), tmp.path().join("link.csv"))
            .unwrap();
        let r = decision(
            tmp.path(),
            &["--format", "csv", "-o", "link.csv", "--force"],
        );
        assert_eq!(r.code, 2);
        assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
        std::os::unix::fs::symlink(outside.path(), tmp.path().join("linkdir")).unwrap();
        let r = decision(tmp.path(), &["--format", "csv", "-o", "linkdir/x.csv"]);
        assert_eq!(r.code, 2);
        assert!(!outside.path().join("x.csv").exists());
    }
}

#[test]
fn failed_writes_leave_nothing_behind() {
    let tmp = repo();
    // The parent of the output is a file.
    write(&tmp, "afile", "x");
    let r = decision(tmp.path(), &["--format", "docx", "-o", "afile/qd.docx"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("afile is not a folder"), "{}", r.stderr);
    assert_eq!(read(tmp.path(), "afile"), "x");
    no_temp_files(tmp.path());
    // A read-only directory (root ignores permissions: then the write simply succeeds).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = tmp.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = std::fs::write(ro.join("probe"), "x").is_ok();
        let r = decision(tmp.path(), &["--format", "html", "-o", "ro/qd.html"]);
        if probe {
            eprintln!("note: running with permissions that ignore read-only folders");
        } else {
            assert_eq!(r.code, 2, "{}", r.stderr);
            assert!(!ro.join("qd.html").exists());
        }
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
        no_temp_files(&ro);
    }
}

#[test]
fn unknown_province_and_reversed_revisions() {
    let tmp = repo();
    let r = decision(
        tmp.path(),
        &["--province", "da-nag", "--format", "json", "-o", "qd.json"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `da-nang`?"), "{}", r.stderr);
    assert!(!tmp.path().join("qd.json").exists());
    let r = thutuc(
        tmp.path(),
        &[
            "-C", "cat", "decision", "--from", "v2", "--to", "v1", "--format", "json", "-o",
            "qd.json",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("swap"), "{}", r.stderr);
    assert!(!tmp.path().join("qd.json").exists());
    // -o is required.
    let r = thutuc(
        tmp.path(),
        &[
            "-C", "cat", "decision", "--from", "v1", "--to", "v2", "--format", "csv",
        ],
    );
    assert_eq!(r.code, 2);
}

#[test]
fn directories_are_revisions_too() {
    let tmp = repo();
    let old = tempfile::tempdir().unwrap();
    copy_dir(&tmp.path().join("cat"), &old.path().join("cat"));
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        MINI_PROCEDURE.replace("originals: 1\n  cases", "originals: 2\n  cases")
            + "amended:\n  - { by: tt-75-2022-btc, parts: [deadline, fees, documents] }\n",
    );
    let r = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "--lang",
            "en",
            "decision",
            "--from",
            old.path().join("cat").to_str().unwrap(),
            "--to",
            "cat",
            "--format",
            "json",
            "-o",
            "qd.json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&read(tmp.path(), "qd.json")).unwrap();
    assert_eq!(
        v["amended"][0]["changed"],
        serde_json::json!(["deadline", "fees", "documents"])
    );
}

#[test]
fn overlay_errors_point_at_the_overlay() {
    let tmp = mini();
    // A deadline longer than the national one, an unknown resolution, an unknown code.
    let bad = OVERLAY
        .replace("direct: 5 working days", "direct: 9 working days")
        .replace("basis: nq-14-2025 }", "basis: nq-41-2025 }")
        .replace(
            "procedures:\n",
            "procedures:\n  - code: \"1.004223\"\n    deadlines: { direct: 1 working day }\n",
        );
    write(&tmp, "cat/provinces/da-nang.yaml", bad);
    let r = thutuc(tmp.path(), &["-C", "cat", "--lang", "en", "validate"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    for code in [
        "province/unknown-procedure",
        "province/deadline-longer",
        "ref/resolution",
    ] {
        assert!(r.stdout.contains(code), "{code} missing:\n{}", r.stdout);
    }
    insta::assert_snapshot!(r.stdout);
}
