//! Fail closed: a revision with a file that cannot be read or decoded, a code held twice, a
//! folder that cannot be read, or a damaged repository stops every command that reads it with
//! its own message and exit code (1 invalid content, 2 I/O or git fault); it is never shown as
//! removed, new or unchanged, and `decision` then writes nothing.

use crate::support::git_at as git;
use crate::support::*;
use std::path::Path;

const PROC: &str = "cat/procedures/cu-tru/1.004222.yaml";

/// Two commits of the mini catalogue: HEAD~1 as written, HEAD with a shorter deadline.
fn repo() -> tempfile::TempDir {
    let tmp = mini();
    let d = tmp.path();
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "Công bố danh mục"]);
    amend(
        &tmp,
        "7 working days",
        "6 working days",
        "Rút ngắn thời hạn",
    );
    tmp
}

/// Commits a change of the procedure's text.
fn amend(tmp: &tempfile::TempDir, from: &str, to: &str, message: &str) {
    let text = std::fs::read_to_string(tmp.path().join(PROC)).unwrap();
    assert!(text.contains(from), "{from}");
    write(tmp, PROC, text.replacen(from, to, 1));
    git(tmp.path(), &["commit", "-q", "-am", message]);
}

/// `decision --from A --to B` into `out.json`: the run and whether a file was written.
fn decision(d: &Path, from: &str, to: &str) -> (Run, bool) {
    let _ = std::fs::remove_file(d.join("out.json"));
    let r = thutuc(
        d,
        &[
            "-C", "cat", "decision", "--from", from, "--to", to, "--format", "json", "-o",
            "out.json",
        ],
    );
    (r, d.join("out.json").exists())
}

/// Asserts a run failed with `code`, printed nothing on stdout and said `needle` on stderr.
#[track_caller]
fn fails(r: &Run, code: i32, needle: &str) {
    assert_eq!(r.code, code, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "", "{}", r.stderr);
    assert!(r.stderr.contains(needle), "{needle}: {}", r.stderr);
}

fn blob_path(d: &Path, rev_path: &str) -> std::path::PathBuf {
    let id = git(d, &["rev-parse", rev_path]).trim().to_string();
    d.join(".git/objects").join(&id[..2]).join(&id[2..])
}

fn the_pack(d: &Path) -> std::path::PathBuf {
    std::fs::read_dir(d.join(".git/objects/pack"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pack"))
        .expect("a pack")
}

#[test]
fn a_committed_yaml_error_fails_every_command_that_reads_the_revision() {
    let tmp = repo();
    let d = tmp.path();
    write(
        &tmp,
        "cat/targets.yaml",
        "targets:\n  - { id: fields, metric: declared_fields, change: -20% }\n",
    );
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "Chỉ tiêu"]);
    let text = std::fs::read_to_string(d.join(PROC)).unwrap();
    write(&tmp, PROC, format!("{text}  bad: [x\n"));
    git(d, &["commit", "-q", "-am", "Lỗi YAML"]);

    // Before: the procedure was listed as abolished and the decision written.
    let (r, written) = decision(d, "HEAD~1", "HEAD");
    fails(&r, 1, "yaml/syntax");
    assert!(!written, "a decision was written: {}", r.stderr);
    assert!(r.stderr.contains("cannot be read in full"), "{}", r.stderr);
    let r = thutuc(
        d,
        &["-C", "cat", "diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    fails(&r, 1, "cu-tru/1.004222.yaml");
    let r = thutuc(d, &["-C", "cat", "metrics", "--rev", "HEAD"]);
    fails(&r, 1, "yaml/syntax");
    let r = thutuc(d, &["-C", "cat", "check", "--baseline", "HEAD"]);
    fails(&r, 1, "yaml/syntax");
    let r = thutuc(d, &["-C", "cat", "log", "1.004222"]);
    fails(&r, 1, "yaml/syntax");
    // In Vietnamese too.
    let r = thutuc(d, &["-C", "cat", "--lang", "vi", "diff", "HEAD~1", "HEAD"]);
    fails(&r, 1, "không đọc được đầy đủ danh mục tại HEAD");

    // `review` reads the same way: the worker answers with the error, not a snapshot.
    let origin = thutuc::tui::Origin {
        dir: Some(d.join("cat")),
        limits: thutuc::limits::Limits::default(),
    };
    let req = thutuc::tui::Request {
        a: thutuc::tui::RevSpec::Rev("HEAD~1".into()),
        b: thutuc::tui::RevSpec::Rev("HEAD".into()),
    };
    let Err(e) = thutuc::tui::data::load(&origin, &req) else {
        panic!("review loaded a revision that cannot be read");
    };
    assert!(e.to_string().contains("yaml/syntax"), "{e}");
}

#[test]
fn a_truncated_loose_object_is_a_git_fault() {
    let tmp = repo();
    let d = tmp.path();
    let obj = blob_path(d, "HEAD~1:cat/procedures/cu-tru/1.004222.yaml");
    let mut perms = std::fs::metadata(&obj).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&obj, perms).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&obj)
        .unwrap()
        .set_len(20)
        .unwrap();
    let r = thutuc(d, &["-C", "cat", "diff", "HEAD~1", "HEAD"]);
    fails(&r, 2, "git/corrupt-object");
    assert!(r.stderr.contains("git fsck"), "{}", r.stderr);
    let (r, written) = decision(d, "HEAD~1", "HEAD");
    fails(&r, 2, "is damaged");
    assert!(!written);
    let r = thutuc(d, &["-C", "cat", "log", "1.004222"]);
    fails(&r, 2, "git/corrupt-object");
    let r = thutuc(d, &["-C", "cat", "metrics", "--rev", "HEAD~1"]);
    fails(&r, 2, "git/corrupt-object");
}

#[test]
fn a_corrupted_pack_entry_at_from_does_not_make_the_procedure_new() {
    let tmp = repo();
    let d = tmp.path();
    git(d, &["gc", "-q"]);
    amend(&tmp, "6 working days", "5 working days", "Rút ngắn nữa");
    // Overwrite the middle of HEAD~1's version of the procedure inside the pack.
    let id = git(
        d,
        &["rev-parse", "HEAD~1:cat/procedures/cu-tru/1.004222.yaml"],
    );
    let pack = the_pack(d);
    let index = git(
        d,
        &[
            "verify-pack",
            "-v",
            pack.with_extension("idx").to_str().unwrap(),
        ],
    );
    let line = index
        .lines()
        .find(|l| l.starts_with(id.trim()))
        .expect("the blob is in the pack");
    let cols: Vec<u64> = line
        .split_whitespace()
        .skip(3)
        .take(2)
        .map(|c| c.parse().unwrap())
        .collect();
    let (size_in_pack, offset) = (cols[0], cols[1]);
    let mut bytes = std::fs::read(&pack).unwrap();
    let mid = (offset + size_in_pack / 2) as usize;
    bytes[mid..mid + 8].copy_from_slice(b"XXXXXXXX");
    let mut perms = std::fs::metadata(&pack).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&pack, perms).unwrap();
    std::fs::write(&pack, bytes).unwrap();

    let (r, written) = decision(d, "HEAD~1", "HEAD");
    fails(&r, 2, "git/corrupt-object");
    assert!(!written);
    let r = thutuc(
        d,
        &["-C", "cat", "diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    fails(&r, 2, "HEAD~1");
}

#[test]
fn a_deleted_pack_is_a_missing_object_not_an_empty_history() {
    let tmp = repo();
    let d = tmp.path();
    git(d, &["gc", "-q"]);
    amend(&tmp, "6 working days", "5 working days", "Rút ngắn nữa");
    std::fs::remove_file(the_pack(d)).unwrap();
    let r = thutuc(d, &["-C", "cat", "log", "1.004222"]);
    fails(&r, 2, "a git object it needs is missing");
    assert!(!r.stderr.contains("no commit changed"), "{}", r.stderr);
    let r = thutuc(d, &["-C", "cat", "--lang", "vi", "diff", "HEAD~1", "HEAD"]);
    fails(&r, 2, "thiếu một đối tượng git");
}

#[test]
fn a_revision_beyond_a_shallow_clone_says_so() {
    let tmp = repo();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", tmp.path().display());
    git(clone.path(), &["clone", "-q", "--depth", "1", &url, "repo"]);
    let d = clone.path().join("repo");
    let r = thutuc(&d, &["-C", "cat", "diff", "HEAD~1", "HEAD"]);
    fails(&r, 2, "lies beyond the history of this shallow clone");
    assert!(r.stderr.contains("git fetch --unshallow"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("no commit, tag or branch"),
        "{}",
        r.stderr
    );
    // `log` does not call the first fetched commit the one that added the procedure.
    let r = thutuc(&d, &["-C", "cat", "log", "1.004222", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let summary = v["entries"][0]["summary"].as_str().unwrap();
    assert!(summary.contains("shallow clone"), "{summary}");
}

#[test]
fn a_dangling_branch_is_broken_not_unknown() {
    let tmp = repo();
    let d = tmp.path();
    std::fs::write(
        d.join(".git/refs/heads/dangling"),
        "1234567890123456789012345678901234567890\n",
    )
    .unwrap();
    let r = thutuc(d, &["-C", "cat", "diff", "dangling", "HEAD"]);
    fails(&r, 2, "the branch or tag `dangling` is broken");
    assert!(
        r.stderr
            .contains("1234567890123456789012345678901234567890")
    );
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
    let r = thutuc(d, &["-C", "cat", "--lang", "vi", "log", "1.004222"]);
    assert_eq!(r.code, 0, "only the named branch is broken: {}", r.stderr);
}

#[test]
fn a_garbage_head_is_not_an_unborn_branch() {
    let tmp = repo();
    let d = tmp.path();
    std::fs::write(d.join(".git/HEAD"), "garbage\n").unwrap();
    for args in [
        &["-C", "cat", "diff", "HEAD~1", "HEAD"][..],
        &["-C", "cat", "log", "1.004222"],
    ] {
        let r = thutuc(d, args);
        fails(&r, 2, "HEAD cannot be read");
        assert!(!r.stderr.contains("no commits yet"), "{}", r.stderr);
        assert!(r.stderr.contains(".git/HEAD"), "a hint: {}", r.stderr);
    }
}

#[test]
fn a_symlink_blob_fails_even_when_it_did_not_change() {
    let tmp = repo();
    let d = tmp.path();
    std::os::unix::fs::symlink(
        "1.004222.yaml",
        d.join("cat/procedures/cu-tru/9.000001.yaml"),
    )
    .unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "Liên kết"]);
    amend(&tmp, "6 working days", "5 working days", "Rút ngắn nữa");
    let r = thutuc(d, &["-C", "cat", "diff", "HEAD~1", "HEAD"]);
    fails(&r, 1, "io/symlink");
    assert!(r.stderr.contains("9.000001.yaml"), "{}", r.stderr);
    let (r, written) = decision(d, "HEAD~1", "HEAD");
    fails(&r, 1, "io/symlink");
    assert!(!written);
}

#[test]
fn procedures_committed_as_a_file_abolishes_nothing() {
    let tmp = repo();
    let d = tmp.path();
    git(d, &["rm", "-rq", "cat/procedures"]);
    write(&tmp, "cat/procedures", "not a folder\n");
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "procedures là tệp"]);
    let (r, written) = decision(d, "HEAD~1", "HEAD");
    fails(&r, 1, "io/not-a-folder");
    assert!(!written);
    assert!(!r.stderr.contains("abolished"), "{}", r.stderr);
    let r = thutuc(
        d,
        &["-C", "cat", "diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    fails(&r, 1, "this must be a folder, but it is a file");
    let r = thutuc(d, &["-C", "cat", "metrics", "--rev", "HEAD"]);
    fails(&r, 1, "io/not-a-folder");
}

#[test]
fn a_submodule_in_the_catalogue_fails() {
    let tmp = repo();
    let d = tmp.path();
    git(
        d,
        &[
            "update-index",
            "--add",
            "--cacheinfo",
            "160000,1234567890123456789012345678901234567890,cat/procedures/ho-tich",
        ],
    );
    git(d, &["commit", "-q", "-m", "submodule"]);
    let r = thutuc(d, &["-C", "cat", "diff", "HEAD~1", "HEAD"]);
    fails(&r, 1, "io/submodule");
    let r = thutuc(d, &["-C", "cat", "metrics", "--rev", "HEAD"]);
    fails(&r, 1, "its files are not in this repository");
}

#[test]
fn a_code_copied_into_another_field_is_a_duplicate_everywhere() {
    let tmp = repo();
    let d = tmp.path();
    let copy = std::fs::read_to_string(d.join(PROC))
        .unwrap()
        .replace("amount: 20,000 VND", "amount: 30,000 VND");
    write(&tmp, "cat/procedures/ho-tich/1.004222.yaml", &copy);
    // Uncommitted: the working tree.
    let r = thutuc(d, &["-C", "cat", "diff", "HEAD"]);
    fails(&r, 1, "catalogue/duplicate-code");
    let r = thutuc(d, &["-C", "cat", "validate", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("catalogue/duplicate-code"),
        "{}",
        r.stdout
    );
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "Bản sao"]);
    // Before: 1.004222 was "new", with the copy's fee.
    let r = thutuc(
        d,
        &["-C", "cat", "diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    fails(&r, 1, "catalogue/duplicate-code");
    // Both files, with line and column.
    assert!(
        r.stderr.contains("already used by HEAD (")
            && r.stderr.contains("cat/procedures/cu-tru/1.004222.yaml:1:7"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("cat/procedures/ho-tich/1.004222.yaml:1:7"),
        "{}",
        r.stderr
    );
    let (r, written) = decision(d, "HEAD~1", "HEAD");
    fails(&r, 1, "catalogue/duplicate-code");
    assert!(!written);
    let r = thutuc(d, &["-C", "cat", "metrics", "--rev", "HEAD"]);
    fails(&r, 1, "catalogue/duplicate-code");
    // A later commit that changes only the original still reads a revision with two.
    amend(&tmp, "6 working days", "5 working days", "Rút ngắn nữa");
    let r = thutuc(d, &["-C", "cat", "diff", "HEAD~1", "HEAD"]);
    fails(&r, 1, "catalogue/duplicate-code");
    let r = thutuc(
        d,
        &[
            "-C",
            "cat",
            "check",
            "--baseline",
            "HEAD~1",
            "--targets",
            "/dev/null",
        ],
    );
    assert_ne!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

/// Runs the binary as an unprivileged user when the tests run as root (root reads any folder).
fn thutuc_unprivileged(tmp: &tempfile::TempDir, args: &[&str]) -> Run {
    let root = String::from_utf8(
        std::process::Command::new("id")
            .arg("-u")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
    .trim()
        == "0";
    if !root {
        return thutuc(tmp.path(), args);
    }
    // The user needs to reach the catalogue: everything but the locked folder is readable.
    std::process::Command::new("chmod")
        .args(["a+rX", tmp.path().to_str().unwrap()])
        .status()
        .unwrap();
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_thutuc"))
        .args(args)
        .current_dir(tmp.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("setpriv runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn lock(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    // Root owns it, so only the unprivileged run is locked out; when not root, so are we.
}

#[test]
fn an_unreadable_procedures_folder_is_an_error_not_zero_errors() {
    let tmp = mini();
    write(
        &tmp,
        "cat/procedures/ho-tich/1.000001.yaml",
        MINI_PROCEDURE.replace("\"1.004222\"", "\"1.000001\""),
    );
    std::process::Command::new("chmod")
        .args(["-R", "a+rX", tmp.path().to_str().unwrap()])
        .status()
        .unwrap();
    let r = thutuc_unprivileged(&tmp, &["-C", "cat", "validate"]);
    assert_eq!(r.code, 0, "readable: {}{}", r.stdout, r.stderr);
    lock(&tmp.path().join("cat/procedures/ho-tich"));
    let r = thutuc_unprivileged(&tmp, &["-C", "cat", "validate"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("io/folder"), "{}", r.stdout);
    assert!(r.stdout.contains("cat/procedures/ho-tich"), "{}", r.stdout);
    assert!(!r.stdout.contains("0 errors"), "{}", r.stdout);
    assert!(r.stdout.contains("1 procedures checked"), "{}", r.stdout);
    // An unreadable file is an I/O error too.
    use std::os::unix::fs::PermissionsExt;
    let file = tmp.path().join(PROC);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let r = thutuc_unprivileged(&tmp, &["-C", "cat", "validate", "--format", "json"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("io/read"), "{}", r.stdout);
}

#[test]
fn an_unreadable_tests_folder_fails_thutuc_test() {
    let tmp = mini();
    write(
        &tmp,
        "cat/tests/cu-tru/1.004222.yaml",
        "procedure: \"1.004222\"\nscenarios:\n  - name: trực tuyến\n    channel: online_full\n    facts: { fee_exempt: false, residence_case: own_home }\n    expect:\n      fees: { total: \"10,000 VND\" }\n",
    );
    std::process::Command::new("chmod")
        .args(["-R", "a+rX", tmp.path().to_str().unwrap()])
        .status()
        .unwrap();
    let r = thutuc_unprivileged(&tmp, &["-C", "cat", "test"]);
    assert_eq!(r.code, 0, "readable: {}{}", r.stdout, r.stderr);
    lock(&tmp.path().join("cat/tests/cu-tru"));
    let r = thutuc_unprivileged(&tmp, &["-C", "cat", "test"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("io/folder"), "{}", r.stdout);
    assert!(r.stdout.contains("cat/tests/cu-tru"), "{}", r.stdout);
}

#[test]
fn a_symlinked_procedures_folder_is_an_error() {
    let tmp = mini();
    let d = tmp.path();
    std::fs::rename(d.join("cat/procedures"), d.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", d.join("cat/procedures")).unwrap();
    let r = thutuc(d, &["-C", "cat", "validate", "--format", "json"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("io/linked-folder"), "{}", r.stdout);
    let r = thutuc(d, &["-C", "cat", "metrics"]);
    fails(&r, 1, "io/linked-folder");
}

/// A procedure file whose name is not UTF-8 is read between two commits as in the working
/// tree, under its lossily decoded name: its amendment is shown, never passed over as if
/// nothing changed (it was, before one walk gave both the changes and the names).
#[test]
fn a_file_named_in_bytes_that_are_not_utf8_is_compared_not_passed_over() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = mini();
    let d = tmp.path();
    let odd = std::ffi::OsStr::from_bytes(b"cat/procedures/cu-tru/1.004222\xff.yaml");
    std::fs::rename(d.join(PROC), d.join(odd)).unwrap();
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "Công bố danh mục"]);
    let text = std::fs::read_to_string(d.join(odd)).unwrap();
    std::fs::write(
        d.join(odd),
        text.replacen("7 working days", "6 working days", 1),
    )
    .unwrap();
    git(d, &["commit", "-q", "-am", "Rút ngắn thời hạn"]);
    let r = thutuc(
        d,
        &["-C", "cat", "diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r);
    assert_eq!(v["amended"][0]["code"], "1.004222", "{}", r.stdout);
}
