//! Bad input and hostile paths (issue 13, items 2–4): `validate PATH…` says which catalogue
//! it checks, outputs never go through links or onto devices, temporary files never outlive
//! a run, and pipes, devices and huge mappings neither block nor take quadratic time.

use crate::support::{MINI_PROCEDURE, mini, thutuc, write};
use std::path::Path;
use std::process::Command;

fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo").arg(p).status().expect("mkfifo");
    assert!(ok.success(), "mkfifo {}", p.display());
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".thutuc-"))
        .collect()
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"))
}

/// Item 2: a PATH that is a catalogue validates that catalogue; a PATH inside filters; a
/// missing or outside PATH is a usage error; the bundled copy is announced once.
#[test]
fn validate_paths_name_the_catalogue_or_a_part_of_it() {
    let tmp = mini();
    // A second catalogue elsewhere, with an error in it.
    let other = tempfile::tempdir().unwrap();
    crate::support::copy_dir(&tmp.path().join("cat"), &other.path().join("catalogue"));
    let broken = MINI_PROCEDURE.replace("field: cu-tru", "field: cu-truu");
    std::fs::write(
        other
            .path()
            .join("catalogue/procedures/cu-tru/1.004222.yaml"),
        broken,
    )
    .unwrap();
    let elsewhere = other.path().join("catalogue");
    let elsewhere = elsewhere.to_str().unwrap();
    // ./cat is valid, but the catalogue named on the command line is the one checked.
    let r = thutuc(tmp.path(), &["-C", "cat", "validate", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let r = thutuc(
        tmp.path(),
        &["-C", "cat", "validate", elsewhere, "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    let j = json(&r.stdout);
    assert_eq!(j["diagnostics"][0]["code"], "ref/field");
    assert!(
        j["diagnostics"][0]["file"]
            .as_str()
            .unwrap()
            .starts_with(elsewhere)
    );
    // A file inside it filters, given absolute or relative.
    let inside = format!("{elsewhere}/procedures/cu-tru/1.004222.yaml");
    let r = thutuc(
        tmp.path(),
        &["validate", elsewhere, &inside, "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(json(&r.stdout)["summary"]["errors"], 1);
    let r = thutuc(
        other.path(),
        &["validate", "catalogue/procedures", "--format", "json"],
    );
    assert_eq!(json(&r.stdout)["summary"]["errors"], 1, "{}", r.stdout);
    let r = thutuc(
        other.path(),
        &["validate", "catalogue/catalogue.yaml", "--format", "json"],
    );
    // The filter hides the finding, not the failure of the catalogue: a filtered run
    // reports only the files asked about.
    assert_eq!(json(&r.stdout)["summary"]["errors"], 0, "{}", r.stdout);
    // A file of the -C catalogue through its absolute path filters too.
    let abs = tmp.path().join("cat/procedures/cu-tru/1.004222.yaml");
    let r = thutuc(
        tmp.path(),
        &["-C", "cat", "validate", abs.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // Missing and outside paths are usage errors, in both languages.
    let r = thutuc(tmp.path(), &["-C", "cat", "validate", "/no/such/file"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("/no/such/file"), "{}", r.stderr);
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
    let r = thutuc(
        tmp.path(),
        &["-C", "cat", "--lang", "vi", "validate", "/no/such/file"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("không tồn tại"), "{}", r.stderr);
    write(&tmp, "notes.yaml", "x: 1\n");
    let r = thutuc(tmp.path(), &["-C", "cat", "validate", "notes.yaml"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("not inside the catalogue"),
        "{}",
        r.stderr
    );
    // No ./catalogue: the bundled copy is used, and every command says so once.
    let empty = tempfile::tempdir().unwrap();
    for args in [
        &["--lang", "en", "validate"][..],
        &["--lang", "en", "test"][..],
        &["--lang", "en", "metrics"][..],
    ] {
        let r = thutuc(empty.path(), args);
        let n = r.stderr.matches("bundled").count();
        assert_eq!(n, 1, "{args:?}: {}", r.stderr);
    }
    let r = thutuc(empty.path(), &["validate"]);
    assert!(r.stderr.contains("bản danh mục đóng gói"), "{}", r.stderr);
    // A catalogue named on the command line is not the bundled one: nothing to say.
    let r = thutuc(empty.path(), &["validate", elsewhere]);
    assert!(!r.stderr.contains("đóng gói"), "{}", r.stderr);
}

fn decision(dir: &Path, out: &str, force: bool) -> crate::support::Run {
    let mut args = vec![
        "-C", "cat", "--lang", "en", "decision", "--from", "cat", "--to", "cat", "--format",
        "json", "-o", out,
    ];
    if force {
        args.push("--force");
    }
    thutuc(dir, &args)
}

/// Item 3: one write policy for `decision -o` and `import -o`.
#[test]
fn outputs_never_go_through_links_onto_devices_or_out_of_the_folder() {
    let tmp = mini();
    let cwd = tmp.path();
    let r = decision(cwd, "qd.json", false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A linked folder, named relative or absolute, is refused; nothing is written there.
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), cwd.join("linkdir")).unwrap();
    let abs = cwd.join("linkdir/x.json");
    for out in ["linkdir/x.json", abs.to_str().unwrap()] {
        let r = decision(cwd, out, true);
        assert_eq!(r.code, 2, "{out}: {}", r.stderr);
        assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    }
    assert!(!outside.path().join("x.json").exists());
    // A relative link (`ln -s ../x`) is a link too.
    std::os::unix::fs::symlink("linkdir", cwd.join("rel")).unwrap();
    assert_eq!(decision(cwd, "rel/x.json", true).code, 2);
    // Not a regular file: never replaced, even with --force (as root a rename would
    // replace the device node itself).
    let r = decision(cwd, "/dev/null", true);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("a device, not a regular file"),
        "{}",
        r.stderr
    );
    let m = std::fs::metadata("/dev/null").unwrap();
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(
        &m.file_type()
    ));
    mkfifo(&cwd.join("pipe.json"));
    let r = decision(cwd, "pipe.json", true);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("named pipe"), "{}", r.stderr);
    let m = std::fs::symlink_metadata(cwd.join("pipe.json")).unwrap();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&m.file_type()));
    // Outside the current folder only by an absolute path without links.
    let r = decision(cwd, "../qd.json", false);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("inside the current folder"),
        "{}",
        r.stderr
    );
    let elsewhere = outside.path().join("qd.json");
    let r = decision(cwd, elsewhere.to_str().unwrap(), false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(elsewhere.exists());
    assert!(temp_files(cwd).is_empty() && temp_files(outside.path()).is_empty());

    // import -o: the same policy for a folder, and for every file inside it.
    let records = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/national-records/defence/1.013133.json");
    let rec = records.to_str().unwrap();
    let import = |args: &[&str]| {
        let mut a = vec!["import", rec];
        a.extend_from_slice(args);
        thutuc(cwd, &a)
    };
    let r = import(&["-o", "../x"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!cwd.parent().unwrap().join("x").exists());
    let r = import(&["-o", "linkdir/sub"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert!(!outside.path().join("sub").exists());
    let r = import(&["-o", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // With --force, a subfolder of the output replaced by a link is not written through.
    let field = std::fs::read_dir(cwd.join("out/procedures"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    std::fs::remove_dir_all(&field).unwrap();
    std::os::unix::fs::symlink(outside.path(), &field).unwrap();
    let r = import(&["-o", "out", "--force"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert!(
        std::fs::read_dir(outside.path())
            .unwrap()
            .flatten()
            .all(|e| e.file_name() == "qd.json")
    );
}

/// Item 3: temporary files of a run killed outright are removed by the next run; those of
/// a live process are kept.
#[test]
fn stale_temporary_files_are_removed_by_the_next_run() {
    let tmp = mini();
    let cwd = tmp.path();
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let stale = format!(".thutuc-{dead}-Zx81Qa.tmp");
    let live = format!(".thutuc-{}-Zx81Qa.tmp", std::process::id());
    write(&tmp, &stale, vec![b'x'; 1 << 20]);
    write(&tmp, &live, "x");
    let r = decision(cwd, "qd.json", false);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(temp_files(cwd), vec![live]);
}

/// Item 3: SIGTERM, SIGINT and SIGHUP during a write remove its temporary file. The child is
/// this test binary itself, which opens a registered temporary file through the library,
/// says where it is, and waits to be killed: no timing is involved.
#[test]
fn signals_remove_temporary_files() {
    if let Ok(dir) = std::env::var("THUTUC_TEST_SIGNAL_CHILD") {
        let dir = Path::new(&dir);
        let mut p = thutuc::atomic::begin(&dir.join("qd.docx")).unwrap();
        std::io::Write::write_all(p.file(), &vec![b'x'; 4 << 20]).unwrap();
        std::fs::write(dir.join("ready"), p.path().to_str().unwrap()).unwrap();
        loop {
            std::thread::park();
        }
    }
    use signal_hook::consts::{SIGHUP, SIGINT, SIGKILL, SIGTERM};
    for sig in [SIGTERM, SIGINT, SIGHUP, SIGKILL] {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "bad_input::signals_remove_temporary_files",
                "--nocapture",
            ])
            .env("THUTUC_TEST_SIGNAL_CHILD", dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let ready = dir.path().join("ready");
        let tmp = loop {
            if let Ok(t) = std::fs::read_to_string(&ready)
                && !t.is_empty()
            {
                break t;
            }
            if let Some(s) = child.try_wait().unwrap() {
                panic!("the child ended early: {s}");
            }
            std::thread::yield_now();
        };
        assert!(Path::new(&tmp).exists());
        // SAFETY: sends a signal to our own child.
        assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, sig) }, 0);
        let status = child.wait().unwrap();
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&status),
            Some(sig),
            "{status}"
        );
        if sig == SIGKILL {
            // Nothing can run on SIGKILL: the file stays until the next write there.
            assert!(Path::new(&tmp).exists());
            thutuc::atomic::write(&dir.path().join("qd.docx"), b"ok", false).unwrap();
        }
        assert!(!Path::new(&tmp).exists(), "signal {sig}: {tmp} is left");
    }
}

/// Item 4: pipes, sockets and devices among the inputs are refused without blocking; a
/// mapping of 200,000 keys is read in linear time; limits say what they are.
#[test]
fn pipes_devices_and_huge_mappings_neither_block_nor_crawl() {
    let tmp = mini();
    let cwd = tmp.path();
    let cat = cwd.join("cat");
    // A FIFO as a procedure, the manifest's neighbours, a calendar, an overlay, a test.
    for rel in [
        "procedures/cu-tru/9.000001.yaml",
        "calendar/2030.yaml",
        "provinces/x.yaml",
        "targets.yaml",
        "tests/cu-tru/a.yaml",
    ] {
        let p = cat.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        mkfifo(&p);
    }
    let r = thutuc(cwd, &["-C", "cat", "validate", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let j = json(&r.stdout);
    let files: Vec<&str> = j["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "io/not-a-file")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    for rel in ["9.000001.yaml", "2030.yaml", "x.yaml"] {
        assert!(files.iter().any(|f| f.ends_with(rel)), "{rel}: {files:?}");
    }
    assert!(
        j["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("named pipe")
    );
    assert_eq!(thutuc(cwd, &["-C", "cat", "test"]).code, 1);
    // --facts, --targets and -C, next to a valid catalogue.
    let tmp = mini();
    let cwd = tmp.path();
    mkfifo(&cwd.join("facts.yaml"));
    for facts in ["facts.yaml", "/dev/zero"] {
        let r = thutuc(cwd, &["-C", "cat", "eval", "1.004222", "--facts", facts]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("not a file"), "{}", r.stderr);
        assert!(!r.stderr.contains("too large"), "{}", r.stderr);
    }
    let r = thutuc(
        cwd,
        &[
            "-C",
            "cat",
            "check",
            "--baseline",
            "cat",
            "--targets",
            "facts.yaml",
        ],
    );
    assert_ne!(r.code, 0);
    assert!(r.stdout.contains("named pipe"), "{}{}", r.stdout, r.stderr);
    let r = thutuc(cwd, &["--lang", "en", "-C", "/etc/passwd", "validate"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a folder"), "{}", r.stderr);
    assert!(!r.stderr.contains("does not exist"), "{}", r.stderr);
    // Import sources.
    let r = thutuc(cwd, &["import", "/dev/zero", "-o", "out"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("a device, not a regular file"),
        "{}",
        r.stderr
    );
    std::fs::create_dir(cwd.join("recs")).unwrap();
    mkfifo(&cwd.join("recs/1.000001.json"));
    let r = thutuc(cwd, &["import", "recs", "-o", "out"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("named pipe"), "{}", r.stderr);

    // 200,000 keys and no alias: linear, and not reported as an alias expansion.
    let fresh = mini();
    let mut big = String::with_capacity(2_400_000);
    for i in 0..200_000 {
        big.push_str(&format!("k{i:07}: v\n"));
    }
    write(&fresh, "cat/procedures/cu-tru/9.000001.yaml", &big);
    let r = thutuc(fresh.path(), &["-C", "cat", "validate", "--format", "json"]);
    assert_eq!(r.code, 1);
    let j = json(&r.stdout);
    let codes: Vec<&str> = j["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"limits/alias-expansion"), "{codes:?}");
    assert!(codes.contains(&"schema/unknown-key"), "{codes:?}");
    let last = j["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|d| d["code"] == "schema/unknown-key")
        .unwrap();
    assert!(
        last["message"].as_str().unwrap().contains("199,980 more"),
        "{last}"
    );
    // The same keys twice over: the duplicate is found at its line, quickly.
    big.push_str("k0000007: again\n");
    write(&fresh, "cat/procedures/cu-tru/9.000001.yaml", &big);
    let r = thutuc(fresh.path(), &["-C", "cat", "validate", "--format", "json"]);
    let j = json(&r.stdout);
    let dup = &j["diagnostics"][0];
    assert_eq!(dup["code"], "yaml/duplicate-key", "{dup}");
    assert_eq!(dup["line"], 200_001);
    // As --facts: the first undeclared fact is named.
    write(&fresh, "facts.yaml", &big[..big.len() - 16]);
    let r = thutuc(
        fresh.path(),
        &["-C", "cat", "eval", "1.004222", "--facts", "facts.yaml"],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("k0000000"), "{}", r.stderr);

    // A size in the manifest that is no whole number of bytes.
    let m = format!(
        "{}limits:\n  max_file_size: 1.5\n",
        crate::support::MINI_MANIFEST
    );
    write(&fresh, "cat/catalogue.yaml", m);
    std::fs::remove_file(fresh.path().join("cat/procedures/cu-tru/9.000001.yaml")).unwrap();
    let r = thutuc(fresh.path(), &["-C", "cat", "validate", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let d = &json(&r.stdout)["diagnostics"][0];
    assert_eq!(d["code"], "limits/value");
    assert_eq!(d["line"], 13, "{d}");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("whole number of bytes")
    );
}
