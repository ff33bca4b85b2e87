//! `thutuc diff` and `thutuc log` on real git repositories made with the git CLI.

use crate::support::*;

use crate::support::git_at as git;

const PROC: &str = "cat/procedures/cu-tru/1.004222.yaml";

/// A repository with three commits: v1 (the mini catalogue), a simplification, a new procedure.
fn repo() -> tempfile::TempDir {
    let tmp = mini();
    let d = tmp.path();
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "Công bố danh mục"]);
    git(d, &["tag", "v1"]);
    let simplified = MINI_PROCEDURE
        .replace("amount: 20,000 VND", "amount: 10,000 VND")
        .replace("deadline: 7 working days\n    fees:\n      - id: le-phi\n        name: { vi: Lệ phí đăng ký thường trú }\n        amount: 10,000", "deadline: 5 working days\n    fees:\n      - id: le-phi\n        name: { vi: Lệ phí đăng ký thường trú }\n        amount: 10,000")
        .replace(
            "        - { id: consent, name: { vi: Văn bản đồng ý của chủ hộ }, originals: 1 }\n",
            "",
        )
        .replace("      documents:\n", "      documents: []\n");
    write(&tmp, PROC, &simplified);
    git(
        d,
        &[
            "commit",
            "-q",
            "-am",
            "Giảm lệ phí trực tiếp, bỏ văn bản đồng ý",
        ],
    );
    let other = MINI_PROCEDURE
        .replace("\"1.004222\"", "\"1.004194\"")
        .replace(
            "Đăng ký thường trú, en: Permanent residence registration",
            "Đăng ký tạm trú, en: Temporary residence registration",
        );
    write(&tmp, "cat/procedures/cu-tru/1.004194.yaml", other);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "Thêm thủ tục đăng ký tạm trú"]);
    tmp
}

#[test]
fn semantic_diff_between_tags_and_commits() {
    let tmp = repo();
    let r = thutuc(
        tmp.path(),
        &["-C", "cat", "diff", "v1", "HEAD", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r);
    assert_eq!(v["added"], serde_json::json!(["1.004194"]));
    assert_eq!(v["removed"], serde_json::json!([]));
    let changes = v["amended"][0]["changes"].as_array().unwrap();
    assert_eq!(v["amended"][0]["code"], "1.004222");
    let find = |path: &str| {
        changes
            .iter()
            .find(|c| c["path"] == path)
            .unwrap_or_else(|| panic!("{path} in {changes:#?}"))
    };
    let fee = find("channels[direct].fees[le-phi].amount");
    assert_eq!(
        (
            fee["before"].as_str(),
            fee["after"].as_str(),
            fee["delta"].as_str()
        ),
        (Some("20,000 VND"), Some("10,000 VND"), Some("-50%"))
    );
    let deadline = find("channels[online_full].deadline");
    assert_eq!(
        (
            deadline["before"].as_str(),
            deadline["after"].as_str(),
            deadline["delta"].as_str()
        ),
        (Some("7 working days"), Some("5 working days"), Some("-29%"))
    );
    let doc = find("dossier.cases[not-own-home].documents[consent]");
    assert_eq!(doc["kind"], "removed");
    let r = thutuc(
        tmp.path(),
        &["-C", "cat", "--color", "never", "diff", "v1", "HEAD~1"],
    );
    insta::assert_snapshot!(r.stdout);
    let md = thutuc(
        tmp.path(),
        &[
            "-C", "cat", "--lang", "en", "diff", "v1", "HEAD", "--format", "markdown",
        ],
    );
    insta::assert_snapshot!(md.stdout);
}

#[test]
fn working_tree_and_directories_are_revisions_too() {
    let tmp = repo();
    // Uncommitted change in the working tree.
    let text = std::fs::read_to_string(tmp.path().join(PROC))
        .unwrap()
        .replace("originals: 1", "originals: 2");
    write(&tmp, PROC, text);
    let r = thutuc(
        tmp.path(),
        &["-C", "cat", "diff", "HEAD", "--format", "json"],
    );
    let v = json(&r);
    assert_eq!(
        v["amended"][0]["changes"][1]["path"],
        "dossier.documents[ct01].originals"
    );
    // An untracked new procedure.
    write(
        &tmp,
        "cat/procedures/cu-tru/1.000001.yaml",
        MINI_PROCEDURE.replace("\"1.004222\"", "\"1.000001\""),
    );
    let v = json(&thutuc(
        tmp.path(),
        &["-C", "cat", "diff", "HEAD", "--format", "json"],
    ));
    assert_eq!(v["added"], serde_json::json!(["1.000001"]));
    // A directory as a revision.
    let other = tempfile::tempdir().unwrap();
    copy_dir(&tmp.path().join("cat"), &other.path().join("cat2"));
    std::fs::remove_file(other.path().join("cat2/procedures/cu-tru/1.004194.yaml")).unwrap();
    let dir = other.path().join("cat2");
    let v = json(&thutuc(
        tmp.path(),
        &[
            "-C",
            "cat",
            "diff",
            dir.to_str().unwrap(),
            "--format",
            "json",
        ],
    ));
    assert_eq!(v["added"], serde_json::json!(["1.004194"]));
}

#[test]
fn exit_code_flag() {
    let tmp = repo();
    assert_eq!(
        thutuc(
            tmp.path(),
            &["-C", "cat", "diff", "HEAD", "HEAD", "--exit-code"]
        )
        .code,
        0
    );
    assert_eq!(
        thutuc(
            tmp.path(),
            &["-C", "cat", "diff", "v1", "HEAD", "--exit-code"]
        )
        .code,
        1
    );
    assert_eq!(
        thutuc(tmp.path(), &["-C", "cat", "diff", "v1", "HEAD"]).code,
        0
    );
}

#[test]
fn unknown_revision_is_a_clear_error() {
    let tmp = repo();
    let r = thutuc(tmp.path(), &["-C", "cat", "diff", "v2"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown revision `v2`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `v1`?"), "{}", r.stderr);
    let r = thutuc(tmp.path(), &["-C", "cat", "diff", "HEAD~10"]);
    assert_eq!(r.code, 2);
    // The hint names what there is to choose from: the tags, and `baseline` when set.
    let r = thutuc(tmp.path(), &["-C", "cat", "--lang", "en", "diff", "nope"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("tags: v1"), "{}", r.stderr);
    let r = thutuc(tmp.path(), &["-C", "cat", "--lang", "vi", "diff", "nope"]);
    assert!(r.stderr.contains("các thẻ: v1"), "{}", r.stderr);
}

/// `baseline` names the manifest's baseline wherever a revision is taken, and the hint of an
/// unknown revision says so.
#[test]
fn baseline_is_a_revision() {
    let tmp = repo();
    let d = tmp.path();
    let first = git(d, &["rev-list", "--max-parents=0", "HEAD"]);
    let first = first.trim();
    let manifest = d.join("cat/catalogue.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("baseline:"))
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        + &format!("baseline: {first}\n");
    std::fs::write(&manifest, text).unwrap();
    let by_name = thutuc(
        d,
        &["-C", "cat", "diff", "baseline", "HEAD", "--format", "json"],
    );
    let by_id = thutuc(d, &["-C", "cat", "diff", first, "HEAD", "--format", "json"]);
    assert_eq!(by_name.code, 0, "{}", by_name.stderr);
    assert_eq!(json(&by_name), json(&by_id));
    assert_eq!(json(&by_name)["added"][0], "1.004194");
    let log = thutuc(d, &["-C", "cat", "log", "1.004222"]);
    assert_eq!(log.code, 0, "{}", log.stderr);
    let r = thutuc(d, &["-C", "cat", "--lang", "en", "diff", "baselin"]);
    assert_eq!(r.code, 2);
    let short: String = first.chars().take(7).collect();
    assert!(
        r.stderr.contains(&format!(
            "`baseline` names the catalogue's baseline ({short})"
        )),
        "{}",
        r.stderr
    );
    // A branch or tag named `baseline` is what the word means in that repository.
    git(d, &["tag", "baseline", "HEAD"]);
    let r = thutuc(
        d,
        &["-C", "cat", "diff", "baseline", "HEAD", "--format", "json"],
    );
    assert_eq!(
        json(&r)["added"].as_array().map(Vec::len),
        Some(0),
        "{}",
        r.stdout
    );
}

#[test]
fn log_follows_renames_newest_first() {
    let tmp = repo();
    let d = tmp.path();
    std::fs::create_dir_all(d.join("cat/procedures/ho-tich")).unwrap();
    git(d, &["mv", PROC, "cat/procedures/cu-tru/renamed.yaml"]);
    git(d, &["commit", "-q", "-m", "Đổi tên tệp"]);
    let r = thutuc(d, &["-C", "cat", "log", "1.004222", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r);
    let entries = v["entries"].as_array().unwrap();
    let messages: Vec<&str> = entries
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    // The file name no longer matches the code, so `log` finds it by code at HEAD.
    assert_eq!(
        messages,
        [
            "Đổi tên tệp",
            "Giảm lệ phí trực tiếp, bỏ văn bản đồng ý",
            "Công bố danh mục"
        ]
    );
    assert!(
        entries[0]["summary"]
            .as_str()
            .unwrap()
            .starts_with("renamed from procedures/cu-tru/1.004222.yaml")
    );
    assert!(
        entries[1]["summary"]
            .as_str()
            .unwrap()
            .contains("20,000 VND → 10,000 VND (-50%)")
            || entries[1]["summary"]
                .as_str()
                .unwrap()
                .contains("documents 2 → 1"),
        "{}",
        entries[1]["summary"]
    );
    assert_eq!(entries[2]["summary"], "added");
    assert_eq!(entries[1]["author"], "Cán bộ Tư pháp");
    // People read the changes in the law's words, in their language, dates dd/mm/yyyy.
    let vi = thutuc(d, &["-C", "cat", "--lang", "vi", "log", "1.004222"]);
    assert_eq!(vi.code, 0, "{}", vi.stderr);
    assert!(
        vi.stdout
            .contains("~ Phí, lệ phí › Trực tiếp › Lệ phí đăng ký thường trú: 20.000 đồng → 10.000 đồng (−50%)"),
        "{}",
        vi.stdout
    );
    assert!(
        vi.stdout
            .contains("đổi tên tệp từ procedures/cu-tru/1.004222.yaml"),
        "{}",
        vi.stdout
    );
    assert!(vi.stdout.contains("thủ tục được thêm mới"), "{}", vi.stdout);
    assert!(!vi.stdout.contains("channels["), "{}", vi.stdout);
    let first = vi.stdout.lines().next().unwrap();
    let date = first.split_whitespace().nth(1).unwrap();
    assert!(
        date.len() == 10 && date.as_bytes()[2] == b'/' && date.as_bytes()[5] == b'/',
        "{first}"
    );
    let en = thutuc(d, &["-C", "cat", "--lang", "en", "log", "1.004222"]);
    assert!(
        en.stdout
            // The fee has no English name in this catalogue: its Vietnamese one stands.
            .contains(
                "~ Fees › In person › Lệ phí đăng ký thường trú: 20,000 VND → 10,000 VND (−50%)"
            ),
        "{}",
        en.stdout
    );
}

#[test]
fn merges_packed_refs_detached_head_and_shallow_clones() {
    let tmp = repo();
    let d = tmp.path();
    git(d, &["checkout", "-q", "-b", "feature", "v1"]);
    let text = MINI_PROCEDURE.replace(
        "originals: 1\n  cases",
        "originals: 1\n      electronic: true\n  cases",
    );
    write(&tmp, PROC, text);
    git(d, &["commit", "-q", "-am", "Cho phép nộp bản điện tử"]);
    git(d, &["checkout", "-q", "main"]);
    git(
        d,
        &[
            "merge",
            "-q",
            "--no-ff",
            "-X",
            "theirs",
            "-m",
            "Hợp nhất",
            "feature",
        ],
    );
    git(d, &["pack-refs", "--all"]);
    let v = json(&thutuc(
        d,
        &["-C", "cat", "diff", "v1", "HEAD", "--format", "json"],
    ));
    assert!(
        v["amended"][0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["path"] == "dossier.documents[ct01].electronic")
    );
    let log = json(&thutuc(
        d,
        &["-C", "cat", "log", "1.004222", "--format", "json"],
    ));
    let messages: Vec<&str> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.contains(&"Cho phép nộp bản điện tử"),
        "{messages:?}"
    );
    // Detached HEAD.
    git(d, &["checkout", "-q", "--detach", "v1"]);
    let v = json(&thutuc(
        d,
        &["-C", "cat", "diff", "HEAD", "main", "--format", "json"],
    ));
    assert_eq!(v["added"], serde_json::json!(["1.004194"]));
    // A shallow clone has one commit and no tags.
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", d.display());
    git(
        clone.path(),
        &[
            "clone", "-q", "--depth", "1", "--branch", "main", &url, "repo",
        ],
    );
    let r = thutuc(
        &clone.path().join("repo"),
        &["-C", "cat", "log", "1.004222", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json(&r)["entries"].as_array().unwrap().len(), 1);
    let r = thutuc(&clone.path().join("repo"), &["-C", "cat", "diff", "HEAD~1"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
}

#[test]
fn unborn_branch_and_missing_catalogue() {
    let tmp = mini();
    git(tmp.path(), &["init", "-q", "-b", "main"]);
    let r = thutuc(tmp.path(), &["-C", "cat", "diff", "HEAD"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no commits yet"), "{}", r.stderr);
    // A commit from before the catalogue existed.
    write(&tmp, "README.md", "hello\n");
    git(tmp.path(), &["add", "README.md"]);
    git(tmp.path(), &["commit", "-q", "-m", "first"]);
    git(tmp.path(), &["add", "."]);
    git(tmp.path(), &["commit", "-q", "-m", "catalogue"]);
    let r = thutuc(tmp.path(), &["-C", "cat", "diff", "HEAD~1", "HEAD"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("no catalogue at `cat`"), "{}", r.stderr);
}

#[test]
fn broken_binary_huge_and_linked_files_in_history() {
    let tmp = repo();
    let d = tmp.path();
    write(
        &tmp,
        "cat/procedures/cu-tru/1.000002.yaml",
        "code: [broken\n",
    );
    write(
        &tmp,
        "cat/procedures/cu-tru/1.000003.yaml",
        b"\x00\x01\x02binary\xff".as_slice(),
    );
    write(
        &tmp,
        "cat/procedures/cu-tru/1.000004.yaml",
        "a: b\n".repeat(1_000_000),
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", d.join("cat/procedures/cu-tru/1.000005.yaml"))
        .unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "bad files"]);
    let before = git(d, &["status", "--porcelain"]);
    let head = git(d, &["rev-parse", "HEAD"]);
    let r = thutuc(
        d,
        &["-C", "cat", "diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    // Files that cannot be read are never left out of a diff (they would be "removed" or
    // missing from "added"): the diff stops with every reason, exit 1 for invalid content.
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("the catalogue at HEAD"), "{}", r.stderr);
    for code in [
        "yaml/syntax",
        "yaml/encoding",
        "limits/file-size",
        "io/symlink",
    ] {
        assert!(r.stderr.contains(code), "{code}: {}", r.stderr);
    }
    assert_eq!(r.stdout, "");
    // Nothing in the repository changed.
    assert_eq!(git(d, &["status", "--porcelain"]), before);
    assert_eq!(git(d, &["rev-parse", "HEAD"]), head);
}

#[test]
fn validate_only_what_changed_since_a_revision() {
    let tmp = repo();
    let d = tmp.path();
    write(
        &tmp,
        "cat/procedures/cu-tru/1.000009.yaml",
        MINI_PROCEDURE
            .replace("\"1.004222\"", "\"1.000009\"")
            .replace("not fee_exempt", "not fee_exmpt"),
    );
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "broken, committed"]);
    let other = "cat/procedures/cu-tru/1.004194.yaml";
    let text = std::fs::read_to_string(d.join(other))
        .unwrap()
        .replace("levels: [commune]", "levels: [district]");
    write(&tmp, other, text);
    let files = |r: &Run| -> Vec<String> {
        let mut v: Vec<String> = json(r)["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["file"].as_str().unwrap().to_string())
            .collect();
        v.dedup();
        v
    };
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "validate",
            "--changed-since",
            "HEAD",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 1);
    assert_eq!(files(&r), ["cat/procedures/cu-tru/1.004194.yaml"]);
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "validate",
            "--changed-since",
            "HEAD~1",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        files(&r),
        [
            "cat/procedures/cu-tru/1.000009.yaml",
            "cat/procedures/cu-tru/1.004194.yaml"
        ]
    );
    // A new file that takes the code of an unchanged one.
    write(&tmp, "cat/procedures/cu-tru/copy.yaml", MINI_PROCEDURE);
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "validate",
            "--changed-since",
            "HEAD",
            "--format",
            "json",
        ],
    );
    let codes: Vec<String> = json(&r)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap().to_string())
        .collect();
    assert!(
        codes.contains(&"catalogue/duplicate-code".to_string()),
        "{codes:?}"
    );
    let r = thutuc(d, &["-C", "cat", "validate", "--changed-since", "nope"]);
    assert_eq!(r.code, 2);
}
