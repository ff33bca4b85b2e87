//! Every message a user sees follows `--lang`: each command's error paths, run on a copy of
//! the bundled catalogue in a git repository, say nothing in English with `--lang vi` and
//! nothing in Vietnamese with `--lang en`. And one fault gives one finding.

use crate::support::{copy_bundled, git_at, thutuc};
use std::path::Path;

/// English words that must not appear in a Vietnamese message (whole words, any case).
const ENGLISH: &[&str] = &[
    "the",
    "is",
    "not",
    "cannot",
    "error",
    "help",
    "found",
    "expected",
    "file",
    "revision",
    "argument",
    "no",
    "must",
    "there",
    "usage",
    "got",
    "failed",
    "unknown",
    "missing",
    "invalid",
    "value",
    "needs",
    "give",
    "did",
    "you",
    "mean",
    "procedure",
    "channel",
    "fact",
    "limit",
    "year",
    "date",
    "outside",
    "keys",
    "whole",
    "number",
    "repository",
    "catalogue",
    "fail",
    "documents",
    "fee",
    "deadline",
    "note",
    "warning",
];

/// A temp dir with the bundled catalogue in `cat/`, committed to a git repository.
fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("cat");
    copy_bundled(&cat);
    git_at(tmp.path(), &["init", "-q", "-b", "main"]);
    git_at(tmp.path(), &["add", "-A"]);
    git_at(tmp.path(), &["commit", "-q", "-m", "danh mục"]);
    // A scenario that fails: the fee of 1.004222 at the direct desk is 20.000 đồng.
    let test = cat.join("tests/cu-tru/1.004222.yaml");
    let text = std::fs::read_to_string(&test).unwrap();
    let failing = format!(
        "{text}\n  - name: sai mức lệ phí\n    channel: direct\n    received: 2025-03-03T09:00\n    facts: {{ fee_exempt: false, residence_case: own_home, overseas_no_passport: false, housing_in_db: true }}\n    expect:\n      fees: {{ total: \"99,000 VND\" }}\n      deadline: {{ amount: 9, unit: working_days, due: 2025-03-20 }}\n"
    );
    std::fs::write(&test, failing).unwrap();
    git_at(tmp.path(), &["commit", "-q", "-am", "kịch bản sai"]);
    tmp
}

/// The error paths: arguments after `--lang L`, run in the repository (`-C cat`) or, for the
/// bundled catalogue, in an empty folder.
const PATHS: &[(&str, &[&str])] = &[
    ("unknown code", &["eval", "1.00422"]),
    ("unknown code (show)", &["show", "9.999999"]),
    (
        "bad --set",
        &["eval", "1.004222", "--set", "residence_case"],
    ),
    ("missing facts", &["eval", "1.004222"]),
    ("unknown channel", &["eval", "1.004222", "--channel", "fax"]),
    (
        "bad --received",
        &[
            "eval",
            "1.004222",
            "--received",
            "32/01/2025",
            "--set",
            "residence_case=own_home",
        ],
    ),
    ("bad revision", &["diff", "v2024"]),
    ("log of an unknown code", &["log", "9.999999"]),
    ("bad --limit key", &["--limit", "max_dept=3", "validate"]),
    ("bad --limit value", &["--limit", "max_depth=0", "validate"]),
    (
        "bad --limit size",
        &["--limit", "max_file_size=lots", "validate"],
    ),
    ("unknown flag", &["validate", "--frobnicate"]),
    ("unknown command", &["valdate"]),
    ("missing argument", &["eval"]),
    ("bad calendar year", &["calendar", "3000"]),
    ("not a year", &["calendar", "abc"]),
    (
        "bad --between date",
        &["calendar", "--between", "2025-01-01", "31/02/2025"],
    ),
    (
        "decision without a revision",
        &[
            "decision", "--to", "HEAD", "--format", "json", "-o", "out.json",
        ],
    ),
    (
        "decision with a bad revision",
        &[
            "decision", "--from", "v2024", "--to", "HEAD", "--format", "json", "-o", "out.json",
        ],
    ),
    (
        "decision with a bad date",
        &[
            "decision",
            "--from",
            "HEAD",
            "--to",
            "HEAD",
            "--format",
            "json",
            "-o",
            "out.json",
            "--date",
            "31/02/2025",
        ],
    ),
    ("a scenario that fails", &["test"]),
    ("a path that does not exist", &["validate", "nowhere.yaml"]),
    (
        "a facts file that does not exist",
        &["eval", "1.004222", "--facts", "nofile.yaml"],
    ),
    (
        "a value not allowed",
        &["eval", "1.004222", "--set", "residence_case=xyz"],
    ),
    (
        "a targets file that does not exist",
        &["check", "--targets", "nofile.yaml"],
    ),
    ("metrics of a bad revision", &["metrics", "--rev", "nope"]),
    (
        "one date for --between",
        &["calendar", "--between", "2025-01-01"],
    ),
    (
        "decision for an unknown province",
        &[
            "decision",
            "--from",
            "HEAD",
            "--to",
            "HEAD",
            "--province",
            "xx",
            "--format",
            "json",
            "-o",
            "out.json",
        ],
    ),
    (
        "decision from a newer revision",
        &[
            "decision", "--from", "HEAD", "--to", "HEAD~1", "--format", "json", "-o", "out.json",
        ],
    ),
    (
        "check against a bad baseline",
        &["check", "--baseline", "v2024"],
    ),
    ("no such catalogue", &["-C", "nowhere", "validate"]),
];

/// Paths run on the bundled catalogue (no `-C`, in a folder without ./catalogue).
const BUNDLED: &[(&str, &[&str])] = &[
    ("a bundled-catalogue git request", &["diff", "HEAD"]),
    ("a bundled-catalogue log", &["log", "1.004222"]),
];

fn run(dir: &Path, lang: &str, args: &[&str], with_cat: bool) -> crate::support::Run {
    let mut all = vec!["--lang", lang];
    if with_cat && !args.contains(&"-C") {
        all.extend(["-C", "cat"]);
    }
    all.extend(args);
    thutuc(dir, &all)
}

/// What a message says in words: without quoted names (`…`), source lines of a snippet,
/// finding codes, flags, paths, identifiers and the usage line.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim_start();
        // A scenario that passed: its name is the catalogue's data, as written.
        if t.starts_with("đạt ") || t.starts_with("ok ") {
            continue;
        }
        // A quoted source line (`12 │ …`, `·`, `╭─[…]`, `╰──`), or a finding's code.
        if t.starts_with(|c: char| c.is_ascii_digit() || "│·╭╰".contains(c))
            || t.contains('│')
            || (t.contains('/') && !t.contains(' '))
        {
            continue;
        }
        let mut unquoted = String::new();
        for (i, part) in t.split('`').enumerate() {
            if i % 2 == 0 {
                unquoted.push_str(part);
                unquoted.push(' ');
            }
        }
        for token in unquoted.split_whitespace() {
            let token = token.trim_start_matches(['(', '"', '“']);
            if token.starts_with('-')
                || token.starts_with('<')
                || token.starts_with('[')
                || token.contains(['/', '_', '=', '.', '<'])
            {
                continue;
            }
            out.extend(
                token
                    .split(|c: char| !c.is_alphabetic())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase),
            );
        }
    }
    out
}

fn english_in(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .collect()
}

/// Letters that only Vietnamese writes (đ and the vowels with tone or shape marks).
fn vietnamese_in(text: &str) -> Vec<char> {
    text.lines()
        .filter(|l| !l.starts_with("ok "))
        .flat_map(str::chars)
        .filter(|c| c.is_alphabetic() && !c.is_ascii())
        .collect()
}

fn all_paths(tmp: &Path, empty: &Path, lang: &str) -> Vec<(&'static str, crate::support::Run)> {
    let mut out: Vec<_> = PATHS
        .iter()
        .map(|(what, args)| (*what, run(tmp, lang, args, true)))
        .collect();
    out.extend(
        BUNDLED
            .iter()
            .map(|(what, args)| (*what, run(empty, lang, args, false))),
    );
    out
}

#[test]
fn error_paths_say_nothing_in_english_with_lang_vi() {
    let tmp = repo();
    let empty = tempfile::tempdir().unwrap();
    let mut leaks = Vec::new();
    for (what, r) in all_paths(tmp.path(), empty.path(), "vi") {
        // Every path is an error or a finding, never a silent success.
        assert_ne!(r.code, 0, "{what}: {}{}", r.stdout, r.stderr);
        let text = format!("{}{}", r.stdout, r.stderr);
        assert!(
            text.contains("lỗi") || text.contains("KHÔNG ĐẠT"),
            "{what}: {text}"
        );
        let found = english_in(&text);
        if !found.is_empty() {
            leaks.push(format!("{what}: {found:?}\n{text}"));
        }
    }
    assert!(
        leaks.is_empty(),
        "English in --lang vi:\n{}",
        leaks.join("\n")
    );
}

#[test]
fn error_paths_say_nothing_in_vietnamese_with_lang_en() {
    let tmp = repo();
    let empty = tempfile::tempdir().unwrap();
    let mut leaks = Vec::new();
    for (what, r) in all_paths(tmp.path(), empty.path(), "en") {
        assert_ne!(r.code, 0, "{what}: {}{}", r.stdout, r.stderr);
        // The scenario's own name is the catalogue's data, in Vietnamese as written.
        let text = format!("{}{}", r.stdout, r.stderr).replace("sai mức lệ phí", "");
        assert!(
            text.contains("error") || text.contains("FAIL"),
            "{what}: {text}"
        );
        let found = vietnamese_in(&text);
        if !found.is_empty() {
            leaks.push(format!("{what}: {found:?}\n{text}"));
        }
    }
    assert!(
        leaks.is_empty(),
        "Vietnamese in --lang en:\n{}",
        leaks.join("\n")
    );
}

#[test]
fn the_word_lists_catch_what_they_are_for() {
    // The checks themselves: an English message is caught, a Vietnamese one passes, and
    // flags, codes and quoted names are allowed.
    assert_eq!(
        english_in("error: there is no procedure with the code 1.2"),
        ["error", "there", "is", "no", "procedure", "the"]
    );
    assert!(
        english_in("lỗi: không có tham số `--the-file` (--help) schema/unknown-key").is_empty()
    );
    assert_eq!(vietnamese_in("error: lỗi"), ['ỗ']);
}

#[test]
fn error_messages_in_vi_and_en() {
    let tmp = repo();
    for lang in ["vi", "en"] {
        for (name, args) in [
            ("unknown_code", &["eval", "1.00422"][..]),
            ("missing_facts", &["eval", "1.004222"][..]),
            ("bad_limit", &["--limit", "max_dept=3", "validate"][..]),
            ("bad_revision", &["diff", "v2024"][..]),
        ] {
            let r = run(tmp.path(), lang, args, true);
            assert_eq!(r.code, 2, "{name} {lang}: {}{}", r.stdout, r.stderr);
            insta::assert_snapshot!(format!("messages_{name}_{lang}"), r.stderr);
        }
        let r = run(tmp.path(), lang, &["test"], true);
        assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
        let failing: String = r
            .stdout
            .split_inclusive('\n')
            .skip_while(|l| !l.contains("sai mức lệ phí"))
            .take_while(|l| l.starts_with(' ') || l.contains("sai mức lệ phí"))
            .collect();
        insta::assert_snapshot!(format!("messages_failed_scenario_{lang}"), failing);
    }
}

/// The bundled catalogue copied with one typo: `deadlne` for `deadline` in the direct
/// channel of 1.004222, which both overlays localise.
fn one_typo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("cat");
    copy_bundled(&cat);
    let file = cat.join("procedures/cu-tru/1.004222.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let typo = text.replacen(
        "  - channel: direct\n    deadline:",
        "  - channel: direct\n    deadlne:",
        1,
    );
    assert_ne!(
        typo, text,
        "the bundled 1.004222 has a direct channel with a deadline"
    );
    std::fs::write(&file, typo).unwrap();
    tmp
}

#[test]
fn one_typo_is_one_finding() {
    let tmp = one_typo();
    let r = thutuc(tmp.path(), &["-C", "cat", "validate", "--format", "json"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v = crate::support::json(&r);
    let text = v.to_string();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .or_else(|| v["findings"].as_array())
        .unwrap_or_else(|| panic!("no findings in {text}"))
        .iter()
        // The bundled catalogue's own warnings (procedures whose records name no agency)
        // are not findings of the typo.
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["schema/unknown-key"], "{text}");
    for lang in ["vi", "en"] {
        let r = thutuc(tmp.path(), &["--lang", lang, "-C", "cat", "validate"]);
        assert_eq!(r.code, 1);
        assert!(!r.stdout.contains("province/channel"), "{}", r.stdout);
        assert!(!r.stdout.contains("schema/missing-key"), "{}", r.stdout);
        insta::assert_snapshot!(format!("messages_one_typo_{lang}"), r.stdout);
    }
}

#[test]
fn an_overlay_still_names_a_channel_a_valid_procedure_lacks() {
    // Without the typo but with the direct channel removed, 1.004222 is valid and has no
    // direct channel: the overlays that localise it are wrong, and say so.
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("cat");
    copy_bundled(&cat);
    let file = cat.join("procedures/cu-tru/1.004222.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let start = text.find("  - channel: direct\n").unwrap();
    let end = start
        + 1
        + text[start + 1..].find("\n  - ").map_or_else(
            || text[start + 1..].find("\nsteps:").unwrap(),
            |i| i.min(text[start + 1..].find("\nsteps:").unwrap_or(usize::MAX)),
        );
    let without = format!("{}{}", &text[..start], &text[end + 1..]);
    std::fs::write(&file, without).unwrap();
    let r = thutuc(tmp.path(), &["--lang", "en", "-C", "cat", "validate"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("province/channel"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("procedure 1.004222 does not offer the channel “In person” (direct)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("da-nang.yaml"), "{}", r.stdout);
    assert!(r.stdout.contains("ho-chi-minh.yaml"), "{}", r.stdout);
}

#[test]
fn an_unreadable_procedure_is_not_also_unknown_to_the_overlays() {
    // A YAML syntax error in 1.004222: the file yields no procedure at all, and the two
    // overlays that localise it do not add "there is no national procedure 1.004222".
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("cat");
    copy_bundled(&cat);
    let file = cat.join("procedures/cu-tru/1.004222.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("field: cu-tru", "field: cu-tru : : [", 1),
    )
    .unwrap();
    let r = thutuc(tmp.path(), &["-C", "cat", "validate", "--format", "json"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v = crate::support::json(&r);
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["yaml/syntax"], "{v}");
}

/// `--help` of thutuc and of every command is in Vietnamese with `--lang vi` (headings, the
/// help and version flags, valid values, defaults) and stays English with `--lang en`.
#[test]
fn help_is_in_the_users_language() {
    let tmp = tempfile::tempdir().unwrap();
    let commands = [
        "", "validate", "test", "show", "eval", "diff", "log", "metrics", "check", "review",
        "decision", "import", "calendar", "schema",
    ];
    for c in commands {
        let mut args = vec!["--lang", "vi"];
        args.extend(Some(c).filter(|c| !c.is_empty()));
        args.push("--help");
        let r = crate::support::thutuc(tmp.path(), &args);
        assert_eq!(r.code, 0, "{c}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.contains("Cách dùng: thutuc"), "{c}: {}", r.stdout);
        assert!(r.stdout.contains("In trợ giúp"), "{c}: {}", r.stdout);
        let english = english_in(&r.stdout);
        assert!(english.is_empty(), "{c}: {english:?} in\n{}", r.stdout);
        for word in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "Print help",
            "[OPTIONS]",
        ] {
            assert!(!r.stdout.contains(word), "{c}: {word} in\n{}", r.stdout);
        }
        let mut args = vec!["--lang", "en"];
        args.extend(Some(c).filter(|c| !c.is_empty()));
        args.push("--help");
        let en = crate::support::thutuc(tmp.path(), &args);
        assert_eq!(en.code, 0, "{c}: {}", en.stderr);
        assert!(en.stdout.contains("Usage: thutuc"), "{c}: {}", en.stdout);
        assert!(
            vietnamese_in(&en.stdout).is_empty() || c.is_empty() || c == "decision",
            "{c}: {}",
            en.stdout
        );
    }
    // Every command and argument has its Vietnamese text: none is left empty.
    let r = crate::support::thutuc(tmp.path(), &["--lang", "vi", "decision", "--help"]);
    for flag in [
        "--from",
        "--to",
        "--province",
        "--number",
        "--date",
        "--signer",
        "--force",
    ] {
        let line = r
            .stdout
            .lines()
            .find(|l| l.contains(flag))
            .unwrap_or_else(|| panic!("{flag}: {}", r.stdout));
        assert!(
            line.trim_end().len() > line.find(flag).unwrap() + flag.len() + 12,
            "{flag} has no text: {line}"
        );
    }
}
