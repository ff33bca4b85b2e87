//! `thutuc decision` as a reader sees it: the form of Decree 30/2020/NĐ-CP, checked on the
//! bundled catalogue by rendering the DOCX with LibreOffice and reading the PDF's text
//! (pdftotext), plus the flags that fill the form and the warnings for missing pieces.

use crate::support::*;
use std::path::Path;
use std::process::Command;

/// `old/`: the bundled catalogue without the Đà Nẵng overlay; `empty/`: its manifest alone;
/// `new/`: the bundled catalogue. From `old` to `new` is Đà Nẵng's first localisation.
fn bundled_revisions() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_bundled(&tmp.path().join("new"));
    copy_bundled(&tmp.path().join("old"));
    std::fs::remove_file(tmp.path().join("old/provinces/da-nang.yaml")).unwrap();
    std::fs::create_dir_all(tmp.path().join("empty")).unwrap();
    std::fs::copy(
        bundled().join("catalogue.yaml"),
        tmp.path().join("empty/catalogue.yaml"),
    )
    .unwrap();
    tmp
}

fn run(dir: &Path, from: &str, extra: &[&str]) -> Run {
    let mut args = vec!["-C", "new", "decision", "--from", from, "--to", "new"];
    args.extend_from_slice(extra);
    thutuc(dir, &args)
}

/// A tool the test needs: missing, it fails under CI (which installs it) and is skipped with
/// a note elsewhere.
fn tool(name: &str, probe: &[&str]) -> bool {
    let ok = Command::new(name)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty() || !o.stdout.is_empty());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{name} is missing: .ci/run must install it"
        );
        eprintln!("note: {name} is not on PATH: skipping this check");
    }
    ok
}

fn squash(s: &str) -> String {
    s.replace(['\u{2011}', '\u{2010}'], "-")
        .replace(['\u{2060}', '\u{200b}', '\u{00ad}'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_git_id(w: &str) -> bool {
    w.len() >= 7
        && w.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        && w.chars().any(|c| c.is_ascii_alphabetic())
        && w.chars().any(|c| c.is_ascii_digit())
}

#[test]
fn the_bundled_decision_reads_as_a_decision() {
    let tmp = bundled_revisions();
    let d = tmp.path();
    let r = run(
        d,
        "old",
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
    assert!(
        r.stderr.is_empty(),
        "the bundled overlay has every piece: {}",
        r.stderr
    );
    let r = run(
        d,
        "old",
        &[
            "--province",
            "da-nang",
            "--lang",
            "vi",
            "--format",
            "json",
            "-o",
            "qd.json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("qd.json")).unwrap()).unwrap();
    if !tool("soffice", &["--version"]) || !tool("pdftotext", &["-v"]) {
        return;
    }
    let out = Command::new("soffice")
        .args([
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            "pdf",
            "qd.docx",
        ])
        .current_dir(d)
        .env("HOME", d)
        .output()
        .expect("run soffice");
    let pdf = d.join("pdf/qd.pdf");
    assert!(
        pdf.exists(),
        "no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "pdf/qd.pdf", "-"])
        .current_dir(d)
        .output()
        .expect("run pdftotext");
    assert!(text.status.success());
    let raw = String::from_utf8(text.stdout).unwrap();
    // pdftotext ends every page with a form feed.
    let pages = raw.matches('\u{c}').count();
    // 43 procedures: two pages of decision, a page of Part I for every one to three
    // procedures (nine columns: their fees and acts are long), two to three pages of Part II
    // for each (its legal basis cites every act in full: kind, number, date, issuer, subject).
    assert!((60..=170).contains(&pages), "{pages} pages");
    let all = squash(&raw);
    // The header block (two cells side by side: their lines may come out in either order),
    // then the parts of the form, in order.
    let head = &all[..all.find("Về việc").expect("the subject line")];
    for part in [
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ ĐÀ NẴNG",
        "Số: ……………/QĐ-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đà Nẵng, ngày …… tháng …… năm ……",
        "QUYẾT ĐỊNH",
    ] {
        assert!(
            head.contains(part),
            "`{part}` is not in the header block: {head}"
        );
    }
    let mut at = 0;
    for part in [
        "Về việc công bố danh mục thủ tục hành chính được địa phương hóa",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG",
        "Căn cứ Luật Tổ chức chính quyền địa phương",
        "Căn cứ Nghị định số 63/2010/NĐ-CP",
        "Căn cứ Thông tư số 02/2017/TT-VPCP",
        "Theo đề nghị của Giám đốc Sở Tư pháp",
        "QUYẾT ĐỊNH:",
        "Điều 1.",
        "lần đầu",
        "Điều 2.",
        "Điều 3.",
        "Nơi nhận:",
        "CHỦ TỊCH",
        "Phụ lục",
        "(Kèm theo Quyết định số",
        "PHẦN I. DANH MỤC THỦ TỤC HÀNH CHÍNH",
        "1. Danh mục thủ tục hành chính được địa phương hóa",
        "PHẦN II. NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH",
        "1. Cấp thực hiện:",
        "3. Trình tự thực hiện:",
        "4. Cách thức thực hiện:",
        "5. Thành phần, số lượng hồ sơ:",
        "14. Căn cứ pháp lý:",
    ] {
        let Some(k) = all[at..].find(part) else {
            panic!(
                "`{part}` is missing or out of order after …{}",
                &all[at.saturating_sub(80)..at]
            );
        };
        at += k + part.len();
    }
    assert!(
        !all.contains("Số: ……………/QĐ-UBND ngày"),
        "blank date in the number line"
    );
    // No git id anywhere.
    let ids: Vec<&str> = all
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| is_git_id(w))
        .collect();
    assert!(ids.is_empty(), "git ids in the document: {ids:?}");
    // A city's decision has no ministry section.
    assert!(
        !all.contains("CẤP BỘ"),
        "a ministry section in a city's decision"
    );
    // Every procedure of Part I is in Part II, under its code.
    let part2 = &all[all.find("PHẦN II.").unwrap()..];
    let part1 = &all[all.find("PHẦN I.").unwrap()..all.find("PHẦN II.").unwrap()];
    let rows = json["new"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        48,
        "the city implements 48 of the 52 procedures (the other 4 are ministry-level)"
    );
    // Each row's code is in Part I, in row order (a code is one word that never breaks; a
    // name's lines come out interleaved with its neighbours' cells), and the procedure is
    // in Part II under its code.
    let words: Vec<&str> = part1.split(' ').collect();
    let mut from = 0;
    for row in rows {
        let (name, code) = (row["name"].as_str().unwrap(), row["code"].as_str().unwrap());
        let Some(j) = words[from..].iter().position(|x| *x == code) else {
            panic!("{code} ({name}) not in Part I after word {from}");
        };
        from += j + 1;
        assert!(
            part2.contains(&format!("({code})")),
            "{code} not in Part II"
        );
    }
}

/// Consecutive equal words ("trong trường hợp Trường hợp") and stray punctuation ("– -").
fn flaws(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let raw: Vec<&str> = line.split_whitespace().collect();
        for w in raw.windows(2) {
            // "nhóm: nhóm có …" is a list, not a doubled word.
            if w[0].ends_with(|c: char| !c.is_alphanumeric())
                || w[1].starts_with(|c: char| !c.is_alphanumeric())
            {
                continue;
            }
            let (a, b) = (
                w[0].trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase(),
                w[1].trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase(),
            );
            // Two words that end and begin with the same syllable: "lời chứng" + "chứng
            // thực" (the attestation statement of a certification).
            const COMPOUNDS: [&str; 1] = ["lời chứng chứng thực"];
            let lower = line.to_lowercase();
            if COMPOUNDS
                .iter()
                .any(|c| c.contains(&format!("{a} {b}")) && lower.contains(c))
            {
                continue;
            }
            if !a.is_empty() && a == b && !a.chars().all(|c| c.is_ascii_digit()) {
                out.push(format!("doubled `{a}`: {line}"));
            }
        }
        for p in [
            "– -", "- -", "- –", " ,", " ;", ";;", ",,", ": :", ". .", "( ", " )",
        ] {
            if line.contains(p) {
                out.push(format!("`{p}`: {line}"));
            }
        }
    }
    out
}

#[test]
fn part_two_has_every_heading_and_reads_cleanly() {
    let tmp = bundled_revisions();
    let d = tmp.path();
    // From an empty catalogue every procedure would be new, and a new one needs the act that
    // published it: 2.001023's record names none that is an act's number, so the national
    // decision is refused, naming it, and nothing is written.
    let r = run(
        d,
        "empty",
        &["--lang", "en", "--format", "json", "-o", "none.json"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("2.001023"), "{}", r.stderr);
    assert!(r.stderr.contains("no act published it"), "{}", r.stderr);
    assert!(!d.join("none.json").exists());
    // A province's first list publishes every national procedure it localises.
    for (extra, count) in [
        (vec!["--lang", "vi", "--province", "da-nang"], 48),
        (vec!["--lang", "en", "--province", "ho-chi-minh"], 48),
    ] {
        let mut args = extra.clone();
        args.extend(["--format", "json", "-o", "c.json", "--force"]);
        let r = run(d, "empty", &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.join("c.json")).unwrap()).unwrap();
        let mut seen = 0;
        for g in v["levels"].as_array().unwrap() {
            for p in g["procedures"].as_array().unwrap() {
                seen += 1;
                let ids: Vec<&str> = p["parts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x["id"].as_str().unwrap())
                    .collect();
                // The order of the national database's procedure content.
                assert_eq!(
                    ids,
                    [
                        "levels",
                        "field",
                        "steps",
                        "channels",
                        "documents",
                        "deadline",
                        "subjects",
                        "agencies",
                        "address",
                        "result",
                        "fees",
                        "forms",
                        "requirements",
                        "legal_basis"
                    ],
                    "{}",
                    p["code"]
                );
                let steps = &p["parts"][2]["lines"];
                if extra[1] == "vi" {
                    assert_ne!(steps[0], "Không quy định", "{} has no steps", p["code"]);
                }
                for part in p["parts"].as_array().unwrap() {
                    for line in part["lines"].as_array().unwrap() {
                        let f = flaws(line.as_str().unwrap());
                        assert!(f.is_empty(), "{}: {f:?}", p["code"]);
                    }
                }
            }
        }
        assert_eq!(seen, count, "{extra:?}");
        let ministry = v["levels"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["id"] == "ministry");
        assert_eq!(ministry, extra.len() == 2, "ministry section {extra:?}");
    }
    // The rendered Markdown, too.
    let r = run(
        d,
        "empty",
        &[
            "--lang",
            "vi",
            "--province",
            "da-nang",
            "--format",
            "markdown",
            "-o",
            "c.md",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = std::fs::read_to_string(d.join("c.md")).unwrap();
    let part2 = &md[md.find("## Phần II").unwrap()..];
    let f = flaws(part2);
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn number_date_and_signer_fill_the_blanks() {
    let tmp = bundled_revisions();
    let d = tmp.path();
    let base = [
        "--province",
        "da-nang",
        "--lang",
        "vi",
        "--format",
        "markdown",
    ];
    let mut args = base.to_vec();
    args.extend(["-o", "blank.md"]);
    assert_eq!(run(d, "old", &args).code, 0);
    let blank = std::fs::read_to_string(d.join("blank.md")).unwrap();
    assert!(blank.contains("Số: ……………/QĐ-UBND"), "{blank}");
    assert!(blank.contains("Đà Nẵng, ngày …… tháng …… năm ……"));
    for (date, shown) in [
        ("05/01/2026", "ngày 05 tháng 01 năm 2026"),
        ("2026-03-24", "ngày 24 tháng 3 năm 2026"),
    ] {
        let mut args = base.to_vec();
        args.extend([
            "-o",
            "filled.md",
            "--force",
            "--number",
            "123",
            "--date",
            date,
            "--signer",
            "Nguyễn Văn A",
        ]);
        let r = run(d, "old", &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let md = std::fs::read_to_string(d.join("filled.md")).unwrap();
        assert!(md.contains("Số: 123/QĐ-UBND"));
        assert!(md.contains(&format!("Đà Nẵng, {shown}")), "{shown}");
        assert!(md.contains(&format!("(Kèm theo Quyết định số 123/QĐ-UBND {shown} của Chủ tịch Ủy ban nhân dân thành phố Đà Nẵng)")));
        assert!(md.contains("**Nguyễn Văn A**"));
    }
    // A full number and symbol is taken as written.
    let mut args = base.to_vec();
    args.extend(["-o", "full.md", "--number", "45/QĐ-CT"]);
    assert_eq!(run(d, "old", &args).code, 0);
    assert!(
        std::fs::read_to_string(d.join("full.md"))
            .unwrap()
            .contains("Số: 45/QĐ-CT")
    );
}

#[test]
fn malformed_flags_are_usage_errors_and_write_nothing() {
    let tmp = bundled_revisions();
    let d = tmp.path();
    for (flag, value, says) in [
        ("--number", "12a", "--number 12a"),
        ("--number", "/QĐ-UBND", "--number"),
        ("--number", "12/", "--number"),
        ("--date", "31/02/2026", "--date 31/02/2026"),
        ("--date", "2026/01/24", "dd/mm/yyyy"),
        ("--date", "mai", "--date mai"),
        ("--signer", "Nguyễn\u{7}Văn A", "ký tự điều khiển"),
        ("--signer", "  ", "--signer"),
    ] {
        let r = run(
            d,
            "old",
            &[
                "--province",
                "da-nang",
                "--lang",
                "vi",
                "--format",
                "docx",
                "-o",
                "x.docx",
                flag,
                value,
            ],
        );
        assert_eq!(r.code, 2, "{flag} {value:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{flag} {value:?}: {}", r.stderr);
        assert!(!d.join("x.docx").exists());
    }
    let r = run(
        d,
        "old",
        &[
            "--province",
            "da-nang",
            "--lang",
            "en",
            "--format",
            "docx",
            "-o",
            "x.docx",
            "--date",
            "32/01/2026",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("write dd/mm/yyyy"), "{}", r.stderr);
}

#[test]
fn an_overlay_without_the_form_still_renders_with_blanks_and_warnings() {
    let tmp = bundled_revisions();
    let d = tmp.path();
    // Ho Chi Minh City without its `decision:` section.
    let path = d.join("new/provinces/ho-chi-minh.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("\ndecision:\n").unwrap() + 1;
    let end = start + text[start..].find("\nresolutions:").unwrap() + 1;
    let stripped = format!("{}{}", &text[..start], &text[end..]);
    std::fs::write(&path, &stripped).unwrap();
    let id_line = stripped.lines().position(|l| l.starts_with("id:")).unwrap() + 1;
    let r = run(
        d,
        "empty",
        &[
            "--province",
            "ho-chi-minh",
            "--lang",
            "vi",
            "--format",
            "markdown",
            "-o",
            "hcm.md",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for key in [
        "issuer",
        "symbol",
        "place",
        "authority",
        "grounds",
        "proposer",
        "implementers",
        "signer_title",
        "recipients",
    ] {
        assert!(
            r.stderr.contains(&format!(
                "ho-chi-minh.yaml:{id_line}:5: tệp địa phương hóa không có `decision.{key}`"
            )),
            "{key}: {}",
            r.stderr
        );
    }
    assert!(r.stderr.contains("[decision/levels]"), "{}", r.stderr);
    let md = std::fs::read_to_string(d.join("hcm.md")).unwrap();
    assert!(md.contains("Số: ……………/……………"));
    assert!(md.contains("*Căn cứ ……………"));
    assert!(md.contains("Điều 3.** …………… chịu trách nhiệm"));
    // Without `levels`, every level is listed, the ministry's included.
    assert!(md.contains("Thủ tục hành chính cấp Bộ"));
}

#[test]
fn an_overlay_that_existed_before_amends_and_names_what_changed() {
    // Both sides have the overlay: not a first localisation, so Article 1 counts the lists.
    let tmp = bundled_revisions();
    let d = tmp.path();
    let r = run(
        d,
        "new",
        &[
            "--province",
            "da-nang",
            "--lang",
            "vi",
            "--format",
            "markdown",
            "-o",
            "same.md",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = std::fs::read_to_string(d.join("same.md")).unwrap();
    assert!(!md.contains("lần đầu"));
    assert!(md.contains("không có thủ tục nào thay đổi"), "{md}");
}
