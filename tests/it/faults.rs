//! Faults a red-team run found, each with the test that fails without its fix: overlays
//! that set a thing twice or change nothing, amounts read two ways or above any fee, calendar
//! input out of its range, and damaged, incomplete or foreign git repositories.

use crate::support::*;
use std::path::Path;

fn codes(r: &Run) -> Vec<String> {
    json(r)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn messages(r: &Run) -> String {
    json(r)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn validate(tmp: &tempfile::TempDir) -> Run {
    thutuc(tmp.path(), &["-C", "cat", "validate", "--format", "json"])
}

const OVERLAY_HEAD: &str = "\
id: x
name: { vi: Tỉnh X }
code_suffix: 000.00.00.H99
resolutions:
  - { id: nq-1, number: 1/2025/NQ-HĐND, title: { vi: Nghị quyết về lệ phí }, issued: 2025-07-01 }
procedures:
";

#[test]
fn an_overlay_that_sets_a_procedure_or_a_fee_twice_is_an_error() {
    let tmp = mini();
    write(
        &tmp,
        "cat/provinces/x.yaml",
        format!(
            "{OVERLAY_HEAD}  - code: \"1.004222\"
    fees:
      - {{ channel: direct, id: le-phi, amount: \"15,000 VND\", basis: nq-1 }}
      - {{ channel: direct, id: le-phi, amount: \"12,000 VND\", basis: nq-1 }}
  - code: \"1.004222\"
    deadlines: {{ direct: 5 working days }}
"
        ),
    );
    let r = validate(&tmp);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let c = codes(&r);
    assert!(c.contains(&"province/duplicate-fee".into()), "{c:?}");
    assert!(c.contains(&"province/duplicate-procedure".into()), "{c:?}");
    // `amount:` in one entry and `set:` in another for the same fee: the same fault.
    write(
        &tmp,
        "cat/provinces/x.yaml",
        format!(
            "{OVERLAY_HEAD}  - code: \"1.004222\"
    fees:
      - {{ channel: online_full, id: le-phi, amount: \"5,000 VND\", basis: nq-1 }}
      - {{ channel: online_full, id: le-phi, set: {{ price: \"8,000 VND\" }}, basis: nq-1 }}
"
        ),
    );
    let r = validate(&tmp);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(codes(&r).contains(&"province/duplicate-fee".into()));
    // The decision is never published from it.
    let d = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "decision",
            "--from",
            "cat",
            "--to",
            "cat",
            "--province",
            "x",
            "--format",
            "json",
            "-o",
            "out.json",
        ],
    );
    assert_ne!(d.code, 0, "{}", d.stderr);
    assert!(!tmp.path().join("out.json").exists());
}

#[test]
fn an_overlay_entry_that_changes_nothing_or_makes_a_fee_free_is_warned() {
    let tmp = mini();
    write(
        &tmp,
        "cat/provinces/x.yaml",
        format!(
            "{OVERLAY_HEAD}  - code: \"1.004222\"
    deadlines: {{ direct: 7 working days }}
    fees:
      - {{ channel: direct, id: le-phi, amount: \"20,000 VND\", basis: nq-1 }}
      - {{ channel: online_full, id: le-phi, amount: 0 VND, basis: nq-1 }}
    discounts:
      - {{ id: nothing, rule: 0 VND off all, basis: nq-1 }}
      - {{ id: all, rule: 100% off le-phi, basis: nq-1 }}
"
        ),
    );
    let r = validate(&tmp);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let c = codes(&r);
    let n = |code: &str| c.iter().filter(|x| *x == code).count();
    // The same deadline, the same amount, 0 VND off.
    assert_eq!(n("province/no-change"), 3, "{c:?}");
    // 0 VND, and 100% off.
    assert_eq!(n("province/fee-free"), 2, "{c:?}");
}

/// The mini procedure with its in-person fee written as `amount`.
fn with_fee(amount: &str) -> tempfile::TempDir {
    let tmp = mini();
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        MINI_PROCEDURE.replace("amount: 20,000 VND", &format!("amount: {amount}")),
    );
    tmp
}

#[test]
fn an_amount_read_two_ways_is_an_error_naming_both() {
    let r = validate(&with_fee("20,000.000 VND"));
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(codes(&r).contains(&"rule/ambiguous-money".into()));
    let m = messages(&r);
    assert!(
        m.contains("20,000,000 VND") && m.contains("20,000 VND"),
        "{m}"
    );
    let r = validate(&with_fee("1.500 USD"));
    assert_eq!(r.code, 1, "{}", r.stdout);
    let m = messages(&r);
    assert!(m.contains("1,500 USD") && m.contains("1.5 USD"), "{m}");
    // In Vietnamese, both readings as Vietnamese write numbers.
    let vi = thutuc(
        with_fee("1.500 USD").path(),
        &["-C", "cat", "--lang", "vi", "validate"],
    );
    assert!(
        vi.stdout.contains("1.500 USD") && vi.stdout.contains("1,5 USD"),
        "{}",
        vi.stdout
    );
    // One reading: commas group thousands; dots in đồng are thousands too.
    assert_eq!(validate(&with_fee("1,500 USD")).code, 0);
    assert_eq!(validate(&with_fee("20.000 VND")).code, 0);
}

#[test]
fn a_fee_above_any_plausible_fee_is_refused_by_validate() {
    let r = validate(&with_fee("2,000,000,000,000 VND"));
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(codes(&r).contains(&"rule/implausible-fee".into()));
    assert_eq!(validate(&with_fee("1,000,000,000,000 VND")).code, 0);
}

#[test]
fn calendar_between_reversed_dates_is_a_usage_error() {
    let tmp = mini_with_calendar();
    let r = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "calendar",
            "--between",
            "2025-02-11",
            "2025-01-24",
        ],
    );
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("--between 2025-01-24 2025-02-11"),
        "{}",
        r.stderr
    );
}

#[test]
fn years_before_the_modelled_rest_days_are_refused() {
    let tmp = mini_with_calendar();
    let r = thutuc(
        tmp.path(),
        &["-C", "cat", "--lang", "vi", "calendar", "1990"],
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("2014–2199"), "{}", r.stderr);
    assert!(r.stderr.contains("188/1999/QĐ-TTg"), "{}", r.stderr);
    let r = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "calendar",
            "--between",
            "1990-01-01",
            "1990-01-10",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    // A due date counted from 1990 would use today's rest days: refused too.
    let r = thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "eval",
            "1.004222",
            "--channel",
            "direct",
            "--received",
            "1990-01-02",
            "--set",
            "fee_exempt=false",
            "--set",
            "residence_case=own_home",
        ],
    );
    assert_ne!(r.code, 0, "{}", r.stdout);
    assert!(r.stderr.contains("2014"), "{}{}", r.stdout, r.stderr);
    // 2014 itself is counted.
    let r = thutuc(tmp.path(), &["-C", "cat", "calendar", "2014"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_received_time_with_an_offset_beyond_14_hours_is_refused() {
    let tmp = mini_with_calendar();
    let run = |received: &str| {
        thutuc(
            tmp.path(),
            &[
                "-C",
                "cat",
                "eval",
                "1.004222",
                "--channel",
                "direct",
                "--received",
                received,
                "--set",
                "fee_exempt=false",
                "--set",
                "residence_case=own_home",
            ],
        )
    };
    let r = run("2025-01-24T10:00+20:00");
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("14:00"), "{}", r.stderr);
    assert_eq!(run("2025-01-24T10:00+14:00").code, 0);
}

// ---- git ----------------------------------------------------------------------------------

fn git(dir: &Path, args: &[&str]) -> String {
    git_at(dir, args)
}

/// A repository with two commits; HEAD shortens the in-person deadline. The procedure file
/// is padded past 2 KiB so that its packed header has three bytes, and objects are packed
/// whole (no deltas) so that a test can find and damage one.
fn two_commits() -> tempfile::TempDir {
    let tmp = mini();
    let d = tmp.path();
    let pad = format!("# {}\n", "ghi chú ".repeat(300));
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        format!("{MINI_PROCEDURE}{pad}"),
    );
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "one"]);
    let text = MINI_PROCEDURE.replacen("deadline: 7 working days", "deadline: 5 working days", 2);
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        format!("{text}{pad}"),
    );
    git(d, &["commit", "-q", "-am", "two"]);
    git(d, &["repack", "-adq", "--window=0"]);
    tmp
}

/// Rewrites the packed header of `object` with `f(header bytes)`.
fn damage_header(d: &Path, object: &str, f: impl Fn(&mut [u8])) {
    let pack_dir = d.join(".git/objects/pack");
    let idx = std::fs::read_dir(&pack_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .unwrap();
    let listing = git(d, &["verify-pack", "-v", idx.to_str().unwrap()]);
    let line = listing
        .lines()
        .find(|l| l.starts_with(object))
        .unwrap_or_else(|| panic!("{object} not in {listing}"));
    // `<id> <type> <size> <size in pack> <offset>`
    let offset: usize = line.split_whitespace().nth(4).unwrap().parse().unwrap();
    let pack = idx.with_extension("pack");
    let mut perms = std::fs::metadata(&pack).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&pack, perms).unwrap();
    let mut bytes = std::fs::read(&pack).unwrap();
    f(&mut bytes[offset..offset + 3]);
    std::fs::write(&pack, bytes).unwrap();
}

fn old_blob(d: &Path) -> String {
    git(
        d,
        &["rev-parse", "HEAD~1:cat/procedures/cu-tru/1.004222.yaml"],
    )
    .trim()
    .to_string()
}

fn diff_and_decision(d: &Path, extra: &[&str]) -> (Run, Run) {
    let mut a = vec!["-C", "cat"];
    a.extend_from_slice(extra);
    let mut diff = a.clone();
    diff.extend(["diff", "HEAD~1", "HEAD"]);
    let mut decision = a;
    decision.extend([
        "decision", "--from", "HEAD~1", "--to", "HEAD", "--format", "json", "-o", "d.json",
    ]);
    (thutuc(d, &diff), thutuc(d, &decision))
}

#[test]
fn a_damaged_header_claiming_a_huge_size_is_named_as_damage() {
    let tmp = two_commits();
    let d = tmp.path();
    let blob = old_blob(d);
    // The size bits all set: 262,143 bytes claimed by a 2 KiB object.
    damage_header(d, &blob, |h| {
        h[0] |= 0x8f;
        h[1] = 0xff;
        h[2] = 0x7f;
    });
    let (diff, decision) = diff_and_decision(d, &["--limit", "max_file_size=100KiB"]);
    for r in [&diff, &decision] {
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("git/corrupt-object"), "{}", r.stderr);
        assert!(!r.stderr.contains("too large"), "{}", r.stderr);
    }
    assert!(!d.join("d.json").exists());
    // An object that is really that large is still "too large": the claim is believed when
    // the object's bytes match its pack index.
    let tmp = two_commits();
    let (diff, _) = diff_and_decision(tmp.path(), &["--limit", "max_file_size=1KiB"]);
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    assert!(diff.stderr.contains("too large"), "{}", diff.stderr);
}

#[test]
fn a_damaged_object_type_is_an_error_not_a_panic() {
    let tmp = two_commits();
    let d = tmp.path();
    let blob = old_blob(d);
    // Type 5 is reserved: no object has it.
    damage_header(d, &blob, |h| h[0] = (h[0] & 0x8f) | 0x50);
    let (diff, decision) = diff_and_decision(d, &[]);
    for r in [&diff, &decision] {
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("git/corrupt-object"), "{}", r.stderr);
    }
    // log reads the same blob: the same fault, and in Vietnamese in Vietnamese.
    let log = thutuc(d, &["-C", "cat", "--lang", "vi", "log", "1.004222"]);
    assert_eq!(log.code, 2, "{}", log.stderr);
    assert!(
        log.stderr
            .contains("các phiên bản đã thay đổi thủ tục 1.004222"),
        "{}",
        log.stderr
    );
    assert!(!log.stderr.contains("the revisions"), "{}", log.stderr);
}

#[test]
fn a_deleted_pack_reads_missing_objects() {
    let tmp = two_commits();
    let d = tmp.path();
    for e in std::fs::read_dir(d.join(".git/objects/pack")).unwrap() {
        std::fs::remove_file(e.unwrap().path()).unwrap();
    }
    let (diff, decision) = diff_and_decision(d, &["--lang", "en"]);
    let log = thutuc(d, &["-C", "cat", "--lang", "en", "log", "1.004222"]);
    for r in [&diff, &decision, &log] {
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("missing"), "{}", r.stderr);
        assert!(!r.stderr.contains("unknown revision"), "{}", r.stderr);
    }
}

#[test]
fn a_repository_of_another_user_says_so() {
    // Only root can give a folder to another user.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: needs root to change a folder's owner");
        return;
    }
    let tmp = two_commits();
    let d = tmp.path();
    let status = std::process::Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(d)
        .status()
        .unwrap();
    assert!(status.success());
    let r = thutuc(d, &["-C", "cat", "--lang", "en", "diff", "HEAD~1", "HEAD"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("belongs to another user"), "{}", r.stderr);
    assert!(r.stderr.contains("safe.directory"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("not inside a git repository"),
        "{}",
        r.stderr
    );
}

#[test]
fn log_refuses_a_code_held_twice_at_head() {
    let tmp = two_commits();
    let d = tmp.path();
    write(
        &tmp,
        "cat/procedures/cu-tru/x/1.004222.yaml",
        MINI_PROCEDURE,
    );
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "a copy"]);
    let log = thutuc(d, &["-C", "cat", "log", "1.004222"]);
    let diff = thutuc(d, &["-C", "cat", "diff", "HEAD~1", "HEAD"]);
    for r in [&log, &diff] {
        assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains("catalogue/duplicate-code"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn diff_exit_code_is_2_for_an_unreadable_revision() {
    let tmp = two_commits();
    let d = tmp.path();
    write(&tmp, "cat/procedures/cu-tru/1.004222.yaml", "code: [\n");
    git(d, &["commit", "-q", "-am", "broken"]);
    let r = thutuc(d, &["-C", "cat", "diff", "--exit-code", "HEAD~1", "HEAD"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    // Differences alone still exit 1.
    let r = thutuc(d, &["-C", "cat", "diff", "--exit-code", "HEAD~2", "HEAD~1"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn check_names_its_baseline_by_short_id_and_date() {
    let tmp = two_commits();
    let d = tmp.path();
    write(
        &tmp,
        "cat/targets.yaml",
        "targets:\n  - { id: docs, metric: documents, scope: each, change: 0% }\n",
    );
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "targets"]);
    let full = git(d, &["rev-parse", "HEAD~2"]).trim().to_string();
    let r = thutuc(
        d,
        &["-C", "cat", "--lang", "vi", "check", "--baseline", &full],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains(&full), "{}", r.stdout);
    assert!(r.stdout.contains(&full[..7]), "{}", r.stdout);
    assert!(r.stdout.contains("01/03/2025"), "{}", r.stdout);
}

// ---- one fault, one finding ---------------------------------------------------------------

#[test]
fn a_misspelt_deadline_is_one_finding_not_also_no_channel() {
    let tmp = mini();
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        MINI_PROCEDURE.replace("    deadline:", "    deadlnie:"),
    );
    let r = validate(&tmp);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let m = messages(&r);
    assert!(m.contains("deadlnie"), "{m}");
    assert!(!m.contains("no channel"), "{m}");
}

#[test]
fn a_snippet_and_its_underline_fit_100_columns() {
    let tmp = mini();
    let long = "Đăng ký thường trú ".repeat(9);
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        MINI_PROCEDURE
            .replace(
                "name: { vi: Đăng ký thường trú, en: Permanent residence registration }",
                &format!("name: {{ vi: \"{long}\", en: Permanent residence registration }}"),
            )
            .replace(
                "agencies: { implementing: { vi: Công an cấp Xã, en: Commune police } }\n",
                "",
            ),
    );
    let r = thutuc(tmp.path(), &["-C", "cat", "validate"]);
    assert!(r.stdout.contains("no-agency"), "{}", r.stdout);
    for line in r.stdout.lines() {
        assert!(
            line.chars().count() <= 100,
            "{} columns: {line}",
            line.chars().count()
        );
    }
}

#[test]
fn log_keeps_the_indent_of_a_step_over_several_lines() {
    let tmp = mini();
    let d = tmp.path();
    let step1 = "  - { vi: \"Bước 1: nộp hồ sơ.\\nTrường hợp nộp trực tuyến: qua Cổng Dịch vụ công quốc gia.\" }\n";
    let step2 =
        "  - { vi: \"Bước 2: nhận kết quả.\\nTrường hợp từ chối: trả lời bằng văn bản.\" }\n";
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        format!("{MINI_PROCEDURE}steps:\n{step1}"),
    );
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "one"]);
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        format!("{MINI_PROCEDURE}steps:\n{step1}{step2}"),
    );
    git(d, &["commit", "-q", "-am", "two"]);
    let r = thutuc(d, &["-C", "cat", "--lang", "vi", "log", "1.004222"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Trường hợp từ chối"), "{}", r.stdout);
    let head = git(d, &["rev-parse", "--short=10", "HEAD"]);
    let first = git(d, &["rev-parse", "--short=10", "HEAD~1"]);
    for line in r.stdout.lines().filter(|l| !l.is_empty()) {
        assert!(
            line.starts_with("    ")
                || line.starts_with(head.trim())
                || line.starts_with(first.trim()),
            "a line out of its entry: {line}\n{}",
            r.stdout
        );
    }
}

#[test]
fn scenario_names_are_in_the_report_language() {
    let dir = bundled();
    let dir = dir.to_str().unwrap();
    let vi = thutuc(Path::new("."), &["-C", dir, "--lang", "vi", "test"]);
    assert_eq!(vi.code, 0, "{}{}", vi.stdout, vi.stderr);
    assert!(
        vi.stdout.contains("không có cách thức nộp trực tuyến"),
        "{}",
        vi.stdout
    );
    assert!(
        !vi.stdout.contains("submission is not offered"),
        "{}",
        vi.stdout
    );
    let en = thutuc(Path::new("."), &["-C", dir, "--lang", "en", "test"]);
    assert!(
        en.stdout.contains("online submission is not offered"),
        "{}",
        en.stdout
    );
}
