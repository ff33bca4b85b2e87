//! Issue 13, items 5–7: no panic on long lines, catalogue data never sends its own terminal
//! escapes or breaks an exported document, and every message is in plain words.

use crate::support::*;
use std::path::Path;

/// Every character people read must be safe: no control character of the input, no bidi
/// override (they are shown escaped, e.g. `\u{1b}`).
fn assert_clean(what: &str, s: &str) {
    if let Some(c) = s.chars().find(|&c| thutuc::sanitize::is_unsafe(c)) {
        panic!("{what}: {c:?} reached the output:\n{s}");
    }
}

fn both(dir: &Path, args: &[&str]) -> (Run, Run) {
    let mut en = vec!["--lang", "en"];
    en.extend_from_slice(args);
    let mut vi = vec!["--lang", "vi"];
    vi.extend_from_slice(args);
    (thutuc(dir, &en), thutuc(dir, &vi))
}

// ---- item 5: no panic ------------------------------------------------------------------

#[test]
fn a_span_past_column_65535_is_shown_cut_not_a_panic() {
    // The reproduction, on a copy of the bundled catalogue.
    let tmp = tempfile::tempdir().unwrap();
    copy_bundled(&tmp.path().join("C"));
    let file = tmp.path().join("C/procedures/cu-tru/1.004222.yaml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    let line = text.lines().count() + 1;
    text.push_str(&"k".repeat(70_000));
    text.push_str(": 1\n");
    std::fs::write(&file, &text).unwrap();
    for format in ["human", "json", "github", "sarif", "junit"] {
        let r = thutuc(
            tmp.path(),
            &[
                "-C", "C", "validate", "--format", format, "--color", "always",
            ],
        );
        assert_eq!(r.code, 1, "{format}: {}{}", r.stdout, r.stderr);
        assert!(!r.stderr.contains("panicked"), "{format}: {}", r.stderr);
    }
    let r = thutuc(tmp.path(), &["-C", "C", "validate", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let d = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"].as_str().unwrap().ends_with("1.004222.yaml"))
        .unwrap();
    assert_eq!(d["line"].as_u64(), Some(line as u64));
    assert_eq!(d["column"].as_u64(), Some(70_001));
    let r = thutuc(tmp.path(), &["-C", "C", "validate"]);
    assert!(
        r.stdout.contains(&format!(":{line}:70001]")),
        "{}",
        r.stdout
    );

    // The same on the small catalogue, for the snapshots: Vietnamese text cut on a character
    // boundary, with the real line and column in the header.
    let tmp = mini();
    let long = MINI_PROCEDURE.replace(
        "name: { vi: Đăng ký thường trú, en: Permanent residence registration }",
        &format!(
            "name: {{ vi: \"{}\", en: Permanent residence registration, em: typo }}",
            "Đăng ký thường trú ".repeat(4_000)
        ),
    );
    write(&tmp, "cat/procedures/cu-tru/1.004222.yaml", long);
    let (en, vi) = both(tmp.path(), &["-C", "cat", "validate"]);
    assert_eq!((en.code, vi.code), (1, 1), "{}{}", en.stdout, en.stderr);
    for l in en.stdout.lines().chain(vi.stdout.lines()) {
        assert!(
            l.chars().count() < 200,
            "a line of {} chars",
            l.chars().count()
        );
    }
    insta::assert_snapshot!("long_line_en", en.stdout);
    insta::assert_snapshot!("long_line_vi", vi.stdout);
}

#[test]
fn crlf_empty_and_one_line_files_render_in_every_format() {
    let cases: [(&str, Vec<u8>); 4] = [
        (
            "crlf",
            MINI_PROCEDURE
                .replace('\n', "\r\n")
                .replace("field: cu-tru", "field: [cu-tru")
                .into_bytes(),
        ),
        ("empty", Vec::new()),
        ("unclosed at the end", b"code: [".to_vec()),
        (
            "one long line",
            format!("{{{}", "a".repeat(300_000)).into_bytes(),
        ),
    ];
    for (what, bytes) in cases {
        let tmp = mini();
        write(&tmp, "cat/procedures/cu-tru/1.004222.yaml", &bytes);
        for format in ["human", "json", "github", "sarif", "junit"] {
            let r = thutuc(tmp.path(), &["-C", "cat", "validate", "--format", format]);
            assert_eq!(r.code, 1, "{what}, {format}: {}{}", r.stdout, r.stderr);
            assert!(r.stderr.is_empty(), "{what}, {format}: {}", r.stderr);
            assert_clean(what, &r.stdout);
        }
    }
}

// ---- item 6: output hygiene ------------------------------------------------------------

/// An OSC 52 clipboard write, an OSC 0 title, a screen clear, a C1 CSI and a bidi override,
/// as YAML double-quoted escapes.
const NASTY: &str = "\\e]52;c;aGk=\\a\\e]0;pwn\\a\\e[2J\\x9b31m\\u202E";

/// v1: the mini catalogue; v2: 1.004222's name and fee name carry escapes, and a new
/// procedure's name is a spreadsheet formula; the commit message carries an escape too.
fn nasty_repo() -> tempfile::TempDir {
    let tmp = mini();
    let d = tmp.path();
    git_at(d, &["init", "-q", "-b", "main"]);
    git_at(d, &["add", "."]);
    git_at(d, &["commit", "-q", "-m", "v1"]);
    git_at(d, &["tag", "v1"]);
    let amended = MINI_PROCEDURE
        .replace(
            "name: { vi: Đăng ký thường trú,",
            &format!("name: {{ vi: \"Đăng ký {NASTY}thường trú\","),
        )
        .replacen(
            "name: { vi: Lệ phí đăng ký thường trú }",
            &format!("name: {{ vi: \"Lệ phí {NASTY}\" }}"),
            1,
        );
    // The changes are recorded with an act, as every change a decision publishes.
    let amended = amended + "amended:\n  - { by: tt-75-2022-btc, parts: [name, fees] }\n";
    write(&tmp, "cat/procedures/cu-tru/1.004222.yaml", amended);
    let link = "\"=HYPERLINK(\\\"http://example.com\\\",\\\"Đăng ký\\\")\"";
    let formula = MINI_PROCEDURE
        .replace("\"1.004222\"", "\"1.004194\"")
        .replace(
            "name: { vi: Đăng ký thường trú, en: Permanent residence registration }",
            &format!("name: {{ vi: {link}, en: {link} }}"),
        );
    let formula = formula + "published_by: tt-75-2022-btc\n";
    write(&tmp, "cat/procedures/cu-tru/1.004194.yaml", formula);
    git_at(d, &["add", "-A"]);
    git_at(d, &["commit", "-q", "-m", "v2 \u{1b}]0;owned\u{7}"]);
    git_at(d, &["tag", "v2"]);
    tmp
}

#[test]
fn terminal_escapes_from_the_catalogue_are_shown_escaped() {
    // A diagnostic quoting a key with escapes, and a snippet holding raw control bytes.
    let tmp = mini();
    let text = format!(
        "{MINI_PROCEDURE}\"k{NASTY}\": 1\n# \u{1b}]0;title\u{7}\nbad\u{1b}[2Jkey\u{202e}: 2\n"
    );
    write(&tmp, "cat/procedures/cu-tru/1.004222.yaml", text);
    for color in ["never", "always"] {
        let (en, vi) = both(tmp.path(), &["-C", "cat", "validate", "--color", color]);
        assert_eq!((en.code, vi.code), (1, 1));
        assert!(
            en.stdout.contains("\\u{1b}]52;c;aGk=\\u{7}"),
            "{}",
            en.stdout
        );
        assert!(
            en.stdout.contains("bad\\u{1b}[2Jkey\\u{202e}"),
            "{}",
            en.stdout
        );
        if color == "never" {
            assert_clean("validate", &en.stdout);
            assert_clean("validate", &vi.stdout);
            insta::assert_snapshot!("escapes_validate_en", en.stdout);
            insta::assert_snapshot!("escapes_validate_vi", vi.stdout);
        } else {
            // Only miette's own colour sequences (ESC [ … m) may be there.
            for out in [&en.stdout, &vi.stdout] {
                assert!(
                    !out.contains("\u{1b}]") && !out.contains("\u{1b}[2J"),
                    "{out}"
                );
                assert!(!out.contains('\u{7}') && !out.contains('\u{202e}'), "{out}");
            }
        }
    }
    let gh = thutuc(tmp.path(), &["-C", "cat", "validate", "--format", "github"]);
    assert_clean("github", &gh.stdout);

    // Every human output of a valid catalogue whose names carry escapes.
    let tmp = nasty_repo();
    let d = tmp.path();
    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("validate", vec!["validate"]),
        (
            "eval",
            vec![
                "eval",
                "1.004222",
                "--channel",
                "online_full",
                "--set",
                "residence_case=own_home",
                "--set",
                "fee_exempt=false",
                "--explain",
            ],
        ),
        ("diff", vec!["diff", "v1", "v2"]),
        ("diff color", vec!["diff", "v1", "v2", "--color", "always"]),
        ("log", vec!["log", "1.004222"]),
        ("metrics", vec!["metrics"]),
        ("test", vec!["test"]),
    ];
    for (what, args) in runs {
        let mut all = vec!["-C", "cat"];
        all.extend(args);
        let (en, vi) = both(d, &all);
        assert_eq!(en.code, 0, "{what}: {}{}", en.stdout, en.stderr);
        for r in [&en, &vi] {
            if what == "diff color" {
                assert!(!r.stdout.contains("\u{1b}]") && !r.stdout.contains("\u{1b}[2J"));
            } else {
                assert_clean(what, &r.stdout);
            }
            assert_clean(what, &r.stderr);
        }
        if what == "diff" {
            insta::assert_snapshot!("escapes_diff_en", en.stdout);
        }
        if matches!(what, "diff" | "log" | "eval") {
            assert!(en.stdout.contains("\\u{1b}"), "{what}: {}", en.stdout);
        }
        // metrics names procedures in the user's language: the escapes are in the Vietnamese
        // name only.
        if what == "metrics" {
            assert!(vi.stdout.contains("\\u{1b}"), "{what}: {}", vi.stdout);
        }
    }
    // An error message quoting the command line or the catalogue.
    let r = thutuc(d, &["-C", "cat", "eval", "1.00422\u{1b}[2J"]);
    assert_eq!(r.code, 2);
    assert_clean("error", &r.stderr);
}

#[test]
fn documents_drop_controls_and_csv_cells_are_not_formulas() {
    let tmp = nasty_repo();
    let d = tmp.path();
    for (format, out) in [
        ("docx", "qd.docx"),
        ("html", "qd.html"),
        ("markdown", "qd.md"),
        ("csv", "qd.csv"),
        ("json", "qd.json"),
    ] {
        let r = thutuc(
            d,
            &[
                "-C", "cat", "decision", "--from", "v1", "--to", "v2", "--format", format, "-o",
                out,
            ],
        );
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
    }
    // The DOCX's document.xml is well-formed again: it reads back, the name without controls.
    let bytes = std::fs::read(d.join("qd.docx")).unwrap();
    let doc = docx_rs::read_docx(&bytes).expect("word/document.xml is well-formed");
    let json = doc.json();
    assert!(
        json.contains("Lệ phí ]52;c;aGk=]0;pwn[2J31m: 10,000 VND"),
        "{json}"
    );
    for f in ["qd.html", "qd.md", "qd.csv"] {
        let text = std::fs::read_to_string(d.join(f)).unwrap();
        assert!(text.contains("]52;c;aGk="), "{f}");
        // CSV keeps its CRLF line ends; nothing else.
        assert_clean(f, &text.replace("\r\n", "\n"));
    }
    let csv = std::fs::read_to_string(d.join("qd.csv")).unwrap();
    let new = csv.lines().find(|l| l.starts_with("new,")).unwrap();
    assert!(
        new.starts_with("new,1,1.004194,1.004194,\"'=HYPERLINK(\"\"http://example.com\"\""),
        "{new}"
    );
    assert!(!csv.contains(",=") && !csv.contains(",\"="), "{csv}");
    // JSON keeps the data as it is (escaped by JSON itself): it is data, not a document.
    let json = std::fs::read_to_string(d.join("qd.json")).unwrap();
    assert!(json.contains("\\u001b]52;c;aGk="), "{json}");

    // metrics --format csv: text columns neutralised, numbers left as numbers.
    let r = thutuc(d, &["-C", "cat", "metrics", "--format", "csv"]);
    assert_eq!(r.code, 0);
    let row = r
        .stdout
        .lines()
        .find(|l| l.starts_with("1.004194"))
        .unwrap();
    assert!(row.starts_with("1.004194,\"'=HYPERLINK("), "{row}");
    // Numbers stay numbers (no quote): the fee column of this procedure.
    assert!(row.contains(",20000,"), "{row}");
    // check --format html|markdown are documents too.
    for format in ["markdown", "html"] {
        let r = thutuc(
            d,
            &["-C", "cat", "diff", "v1", "v2", "--format", "markdown"],
        );
        assert_clean(format, &r.stdout);
        assert!(r.stdout.contains("]52;c;aGk="));
    }
}

#[test]
fn the_review_screen_shows_escapes_visibly() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use thutuc::diag::Lang;
    use thutuc::tui::{App, Effect, Origin, Request, RevSpec, data};
    let tmp = nasty_repo();
    let origin = Origin {
        dir: Some(tmp.path().join("cat")),
        limits: Default::default(),
    };
    let mut app = App::new(
        Lang::Vi,
        Request {
            a: RevSpec::Rev("v1".into()),
            b: RevSpec::Rev("v2".into()),
        },
        120,
        30,
    );
    for e in app.take_effects() {
        let Effect::Load { id, request } = e;
        let r = data::load(&origin, &request).map_err(|e| e.to_string());
        app.loaded(id, r);
    }
    let mut term = Terminal::new(TestBackend::new(120, 30)).unwrap();
    term.draw(|f| app.draw(f)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut screen = String::new();
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(thutuc::sanitize::is_unsafe),
            "{:?} in a cell",
            cell.symbol()
        );
        screen.push_str(cell.symbol());
    }
    assert!(screen.contains("\\u{1b}]52;c;aGk"), "{screen}");
}

// ---- item 7: plain words ---------------------------------------------------------------

#[test]
fn facts_file_faults_and_limits_are_told_in_plain_words() {
    let tmp = mini();
    let d = tmp.path();
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..8u8 {
        let (me, prev) = ((b'a' + i) as char, (b'a' + i - 1) as char);
        bomb.push_str(&format!(
            "{me}: &{me} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    write(&tmp, "bomb.yaml", bomb);
    write(&tmp, "dup.yaml", "n: 1\nn: 2\n");
    std::fs::create_dir(d.join("dir.yaml")).unwrap();
    write(
        &tmp,
        "big.yaml",
        format!("fee_exempt: true\n{}", "# padding\n".repeat(2_000)),
    );
    write(&tmp, "deep.yaml", format!("x: {}\n", "[".repeat(300)));
    let mut report = String::new();
    for (file, extra) in [
        ("bomb.yaml", None),
        ("dup.yaml", None),
        ("dir.yaml", None),
        ("big.yaml", Some("max_file_size=8KiB")),
        ("deep.yaml", None),
        ("deep.yaml", Some("max_depth=1000")),
    ] {
        let mut args = vec!["-C", "cat", "eval", "1.004222", "--facts", file];
        if let Some(l) = extra {
            args.extend(["--limit", l]);
        }
        let (en, vi) = both(d, &args);
        for r in [&en, &vi] {
            assert_eq!(r.code, 2, "{file}: {}{}", r.stdout, r.stderr);
            for debug in [
                "AliasExpansion",
                "DuplicateKey",
                "first:",
                "Span",
                "TooLarge",
                "TooDeep",
                "Io(",
                "Syntax(",
                "recursion limit",
            ] {
                assert!(!r.stderr.contains(debug), "{file}: {}", r.stderr);
            }
        }
        report.push_str(&format!("$ eval --facts {file} {}\n", extra.unwrap_or("")));
        report.push_str(&en.stderr);
        report.push_str(&vi.stderr);
    }
    insta::assert_snapshot!("facts_file_messages", report);

    // Flow nesting past the YAML scanner's 255 levels in a procedure: the depth limit says so.
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        format!("{MINI_PROCEDURE}notes: {}\n", "[".repeat(300)),
    );
    let mut report = String::new();
    for limit in ["max_depth=64", "max_depth=1000"] {
        let (en, vi) = both(d, &["-C", "cat", "validate", "--limit", limit]);
        for r in [&en, &vi] {
            assert_eq!(r.code, 1);
            assert!(r.stdout.contains("limits/depth"), "{}", r.stdout);
            assert!(!r.stdout.contains("recursion limit"), "{}", r.stdout);
        }
        report.push_str(&format!(
            "$ validate --limit {limit}\n{}{}",
            en.stdout, vi.stdout
        ));
    }
    insta::assert_snapshot!("flow_nesting_depth", report);
}

#[test]
fn log_n_0_is_a_usage_error_and_diffs_show_types_as_written() {
    let tmp = mini();
    let d = tmp.path();
    git_at(d, &["init", "-q", "-b", "main"]);
    git_at(d, &["add", "."]);
    git_at(d, &["commit", "-q", "-m", "v1"]);
    let r = thutuc(d, &["-C", "cat", "log", "1.004222", "-n", "0"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains("0 would show no commit"), "{}", r.stderr);
    let r = thutuc(
        d,
        &["-C", "cat", "--lang", "vi", "log", "1.004222", "-n", "0"],
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("0 sẽ không hiện"), "{}", r.stderr);
    let r = thutuc(d, &["-C", "cat", "log", "1.004222", "-n", "1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().filter(|l| l.contains(" — v1")).count(), 1);

    // A fact that changes type, and a discount on a fee item named `off`.
    let changed = MINI_PROCEDURE
        .replace(
            "  - { id: fee_exempt, type: bool, label: { vi: Thuộc diện miễn lệ phí }, value_labels: { true: { vi: người đăng ký thuộc diện được miễn lệ phí, en: the applicant is exempt from the charge }, false: { vi: người đăng ký không thuộc diện được miễn lệ phí, en: the applicant is not exempt from the charge } } }",
            "  - { id: fee_exempt, type: enum, values: [yes, no], label: { vi: Thuộc diện miễn lệ phí } }",
        )
        .replace("when: not fee_exempt", "when: fee_exempt == \"yes\"")
        .replace("      - id: le-phi\n        name: { vi: Lệ phí đăng ký thường trú }\n        amount: 10,000 VND",
                 "      - id: \"off\"\n        name: { vi: Lệ phí đăng ký thường trú }\n        amount: 10,000 VND")
        + "discounts:\n  rules:\n    - { id: online, rule: \"waive off off when channel == \\\"online_full\\\"\", basis: tt-75-2022-btc }\n";
    write(&tmp, "cat/procedures/cu-tru/1.004222.yaml", changed);
    let v = thutuc(d, &["-C", "cat", "validate"]);
    assert_eq!(v.code, 0, "{}", v.stdout);
    let e = thutuc(
        d,
        &[
            "-C",
            "cat",
            "eval",
            "1.004222",
            "--channel",
            "online_full",
            "--set",
            "fee_exempt=yes",
            "--set",
            "residence_case=own_home",
            "--format",
            "json",
        ],
    );
    assert_eq!(e.code, 0, "{}", e.stderr);
    let json: serde_json::Value = serde_json::from_str(&e.stdout).unwrap();
    assert_eq!(json["fees"]["total"], 0, "{json}");
    let (en, vi) = both(d, &["-C", "cat", "diff", "HEAD"]);
    assert_eq!(en.code, 0, "{}", en.stderr);
    for r in [&en, &vi] {
        assert!(r.stdout.contains("bool → enum: yes, no"), "{}", r.stdout);
        assert!(
            !r.stdout.contains("Enum(") && !r.stdout.contains("Bool"),
            "{}",
            r.stdout
        );
    }
}
