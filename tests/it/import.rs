//! `thutuc import`: the real national-database records (vendored under
//! tests/fixtures/national-records) converted, then checked by the real `thutuc validate`.

use crate::support::{thutuc, write};
use std::path::{Path, PathBuf};

fn records() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/national-records")
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"))
}

#[test]
fn imports_the_real_records_and_the_output_validates() {
    let tmp = tempfile::tempdir().unwrap();
    let src = records();
    let out = tmp.path().join("out");
    let r = thutuc(
        tmp.path(),
        &[
            "import",
            src.to_str().unwrap(),
            "-o",
            "out",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 1, "some records are refused: {}", r.stderr);
    let v = json(&r.stdout);
    let s = &v["summary"];
    assert_eq!(s["records"], 817);
    assert_eq!(s["converted"], 316);
    assert_eq!(s["converted_with_warnings"], 483);
    // Numbers not in the form of Decree 30/2020/NĐ-CP (`TT_BCA`, `TTLT- BQP`): left out,
    // each with a warning, never made into an act.
    assert_eq!(s["warnings_by_kind"]["legal-malformed-number"], 14);
    // Values not proven by the source, written verbatim for review.
    assert_eq!(s["needs_review"], 310);
    assert_eq!(s["needs_review_values"], 665);
    assert_eq!(s["refused"], 18);
    assert_eq!(
        s["refused_by_kind"],
        serde_json::json!({
            "count-glued-to-name": 11,
            "deadline-glued-to-fee": 6,
            "fee-unreadable": 1,
        })
    );
    // A share of another fee or a fraction of a unit is written `not stated`, with its text.
    assert_eq!(s["warnings_by_kind"]["fee-relative"], 12);
    assert_eq!(s["warnings_by_kind"]["fee-fraction"], 5);
    assert_eq!(s["warnings_by_kind"]["fee-disagrees-with-note"], 65);
    // Fee texts in the fee forms, and those left not stated, by form.
    assert_eq!(
        s["fee_forms"]["date-window"],
        serde_json::json!({"converted": 69, "not_stated": 0})
    );
    assert_eq!(
        s["fee_forms"]["per-unit"],
        serde_json::json!({"converted": 21, "not_stated": 27})
    );
    let written = 323 + 476;
    assert!(written * 100 >= 95 * 817, "{written} of 817 written");

    let r = thutuc(
        tmp.path(),
        &["-C", out.to_str().unwrap(), "validate", "--format", "json"],
    );
    let v = json(&r.stdout);
    assert_eq!(v["summary"]["procedures"], written);
    assert_eq!(v["summary"]["errors"], 0, "{}", r.stdout);
    // The only warnings: names have no English translation yet, records that name no
    // agency (the national database leaves both agency fields empty for some), and each value
    // the import could not prove, which needs review; and what the rule analysis finds in
    // records that list alternatives without saying when each applies (the same document or
    // fee listed again, all charged together; fee windows of the records that have ended by
    // the day the test runs).
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(diags.iter().all(|d| d["code"] == "schema/missing-english"
        || d["code"] == "catalogue/no-agency"
        || d["code"] == "import/needs-review"
        || d["code"] == "fact/wording-missing"
        || d["code"] == "analysis/duplicate-document"
        || d["code"] == "analysis/duplicate-fee"
        || d["code"] == "analysis/stale"
        || d["code"].as_str().unwrap().starts_with("act/")));
    assert_eq!(
        diags
            .iter()
            .filter(|d| d["code"] == "import/needs-review")
            .count(),
        665
    );
    // 1.001303: the unit code in brackets is part of the number, and no title runs into
    // another entry; 2.001195: `…năm 2022.65/2025/TT-BTC` is 65/2025/TT-BTC, as its title says.
    let m = std::fs::read_to_string(out.join("catalogue.yaml")).unwrap();
    assert!(m.contains("number: \"21/2007/TT-BCA(X13)\"\n"), "{m}");
    assert!(!m.contains("2022.65"), "{m}");
    assert!(m.contains("number: \"65/2025/TT-BTC\"\n"), "{m}");

    // Permanent residence registration: 10,000 VND online, 20,000 VND in person.
    let p = std::fs::read_to_string(out.join("procedures/dang-ky-quan-ly-cu-tru/1.004222.yaml"))
        .unwrap();
    assert!(p.contains("amount: 10,000 VND"), "{p}");
    assert!(p.contains("amount: 20,000 VND"), "{p}");
    assert!(p.contains("deadline: 7 working days"), "{p}");

    // A fee in USD stays in USD: eval reports it apart from the VND total.
    let usd = v_usd_code(&out);
    let r = thutuc(
        tmp.path(),
        &[
            "-C",
            out.to_str().unwrap(),
            "eval",
            &usd.0,
            "--channel",
            &usd.1,
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let e = json(&r.stdout);
    assert_eq!(e["fees"]["total"], 0);
    assert!(
        e["fees"]["other_currencies"]["USD"].as_i64().unwrap() > 0,
        "{e}"
    );

    // Again without --force: nothing is overwritten.
    let r = thutuc(tmp.path(), &["import", src.to_str().unwrap(), "-o", "out"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    let r = thutuc(
        tmp.path(),
        &["import", src.to_str().unwrap(), "-o", "out", "--force"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("từ chối:                 18"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("count-glued-to-name: 11"), "{}", r.stdout);
    assert!(r.stdout.contains("fee-formula: 69 — "), "{}", r.stdout);
}

/// A procedure whose only fee is in USD, and its channel.
fn v_usd_code(out: &Path) -> (String, String) {
    let p = out.join("procedures");
    for field in std::fs::read_dir(&p).unwrap() {
        let mut files: Vec<_> = std::fs::read_dir(field.unwrap().path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            if text.contains("currency: USD") && !text.contains(" VND") {
                let code = f.file_stem().unwrap().to_string_lossy().into_owned();
                let at = text.find("currency: USD").unwrap();
                let ch = text[..at].rfind("- channel: ").unwrap();
                let kind = text[ch + 11..]
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .to_string();
                return (code, kind);
            }
        }
    }
    panic!("no procedure charges in USD only");
}

#[test]
fn bad_records_are_refused_with_their_reason() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp, "src/a-broken.json", "{ not json");
    write(&tmp, "src/b-shape.json", r#"{"hello": "world"}"#);
    let good = records().join("defence/1.013133.json");
    write(&tmp, "src/c-good.json", std::fs::read(good).unwrap());
    write(&tmp, "src/notes.txt", "not a record");
    let r = thutuc(
        tmp.path(),
        &["import", "src", "-o", "out", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["summary"]["records"], 3);
    assert_eq!(v["summary"]["refused"], 2);
    let recs = v["records"].as_array().unwrap();
    assert_eq!(recs[0]["refused"]["kind"], "malformed-json");
    assert_eq!(recs[1]["refused"]["kind"], "unknown-shape");
    // Its online channel states no fee: converted, with a warning saying so.
    assert_eq!(recs[2]["status"], "converted_with_warnings");
    assert_eq!(recs[2]["warnings"][0]["kind"], "fee-unknown");
    assert!(tmp.path().join("out/catalogue.yaml").exists());
    let r = thutuc(tmp.path(), &["-C", "out", "validate"]);
    assert_ne!(r.code, 2, "{}", r.stderr);

    // Human summary: one line per refused record, with its reason.
    let r = thutuc(tmp.path(), &["import", "src", "-o", "out2"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("a-broken.json [malformed-json]"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("b-shape.json [unknown-shape]"),
        "{}",
        r.stdout
    );
}

/// The summary in Vietnamese (the default) and in English (`--lang en`): counts, fees by
/// form, warnings and refusals by reason, each with what it means, and every warning and
/// refusal of every record.
#[test]
fn the_summary_follows_the_language() {
    let tmp = tempfile::tempdir().unwrap();
    for rec in [
        "defence/1.013133.json",
        "defence/1.013194.json",
        "portal/bo-cong-an/3.000391.json",
        "portal/bo-tu-phap/2.000942.json",
    ] {
        let name = rec.replace('/', "-");
        write(
            &tmp,
            &format!("src/{name}"),
            std::fs::read(records().join(rec)).unwrap(),
        );
    }
    let time = regex::Regex::new(r"\d+[.,]\d\d (s|giây)").unwrap();
    let r = thutuc(tmp.path(), &["import", "src", "-o", "out", "--verbose"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("import_summary_vi", time.replace(&r.stdout, "T $1"));
    let r = thutuc(
        tmp.path(),
        &[
            "--lang",
            "en",
            "import",
            "src",
            "-o",
            "out",
            "--force",
            "--verbose",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("import_summary_en", time.replace(&r.stdout, "T $1"));
}

#[test]
fn all_good_records_exit_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let good = records().join("defence/1.013133.json");
    write(&tmp, "one.json", std::fs::read(good).unwrap());
    let r = thutuc(tmp.path(), &["import", "one.json", "-o", "out"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let y = std::fs::read_to_string(
        tmp.path()
            .join("out/procedures/nghia-vu-quan-su/1.013133.yaml"),
    )
    .unwrap();
    assert!(
        y.starts_with("# Imported by `thutuc import` from one.json"),
        "{y}"
    );
    assert!(y.contains("deadline: 2 hours"), "{y}");
    // Its online channel states no fee: unknown, never free (no `fees: []`, no comment).
    assert!(y.contains("fees: not stated"), "{y}");
    assert!(!y.contains("# fees"), "{y}");
    assert!(y.contains("originals: 0\n      copies: 1"), "{y}");
}

#[test]
fn unusable_sources_and_outputs_are_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("empty")).unwrap();
    let r = thutuc(tmp.path(), &["import", "empty", "-o", "out"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no .json records"), "{}", r.stderr);

    let r = thutuc(tmp.path(), &["import", "missing", "-o", "out"]);
    assert_eq!(r.code, 2);

    let good = records().join("defence/1.013133.json");
    write(&tmp, "one.json", std::fs::read(good).unwrap());
    write(&tmp, "file", "x");
    let r = thutuc(tmp.path(), &["import", "one.json", "-o", "file"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a folder"), "{}", r.stderr);

    let r = thutuc(tmp.path(), &["import", "-o", "out"]);
    assert_eq!(r.code, 2);
}

#[test]
fn foreign_currency_fees_are_kept_apart_from_vnd() {
    use crate::support::{MINI_PROCEDURE, mini};
    let tmp = mini();
    let usd = MINI_PROCEDURE.replace(
        "        amount: 20,000 VND\n",
        "        amount: 20,000 VND\n      - id: visa\n        name: { vi: Lệ phí thị thực }\n        amount: 25\n        currency: USD\n",
    );
    write(&tmp, "cat/procedures/cu-tru/1.004222.yaml", &usd);
    let r = thutuc(tmp.path(), &["-C", "cat", "validate"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let eval = |extra: &[&str]| {
        let mut args = vec!["-C", "cat", "eval", "1.004222"];
        args.extend([
            "--set",
            "fee_exempt=false",
            "--set",
            "residence_case=own_home",
        ]);
        args.extend(extra);
        thutuc(tmp.path(), &args)
    };
    let r = eval(&["--format", "json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let e = json(&r.stdout);
    assert_eq!(e["fees"]["total"], 20_000, "USD is never added to VND: {e}");
    assert_eq!(e["fees"]["other_currencies"]["USD"], 25);
    assert_eq!(e["fees"]["items"][1]["currency"], "USD");
    let r = eval(&[]);
    assert!(r.stdout.contains("25 USD"), "{}", r.stdout);
    let r = thutuc(tmp.path(), &["-C", "cat", "metrics", "--format", "json"]);
    let m = json(&r.stdout);
    assert_eq!(m["procedures"][0]["fees_total"], 20_000, "{m}");
    assert_eq!(
        m["procedures"][0]["fees_other_currencies"]["USD"], 25,
        "{m}"
    );

    // An unknown currency code is an error at its place in the file.
    write(
        &tmp,
        "cat/procedures/cu-tru/1.004222.yaml",
        usd.replace("currency: USD", "currency: XYZ"),
    );
    let r = thutuc(tmp.path(), &["-C", "cat", "validate", "--format", "json"]);
    assert_eq!(r.code, 1);
    let v = json(&r.stdout);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "schema/value");
    assert_eq!(d["line"], 30, "{d}");
    assert_eq!(d["column"], 19, "{d}");

    let r = thutuc(tmp.path(), &["schema"]);
    assert!(r.stdout.contains("\"currency\""), "{}", r.stdout);
    assert!(r.stdout.contains("\"USD\""));
}

/// The files under `dir` with their contents, for comparing a folder before and after.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// Runs `thutuc import` with a limit on the size of any file it writes (RLIMIT_FSIZE): a
/// write past it fails like a full disk, and kills the process (SIGXFSZ) unless `ignore`.
#[cfg(target_os = "linux")]
fn import_with_file_limit(
    dir: &Path,
    args: &[&str],
    bytes: u64,
    ignore: bool,
) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_thutuc"));
    c.args(args).current_dir(dir);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        c.pre_exec(move || {
            let l = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &l) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if ignore {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            }
            Ok(())
        });
    }
    c.output().unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn an_interrupted_or_full_disk_import_leaves_the_output_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let src = records();
    let good = src.join("defence/1.013133.json");
    write(&tmp, "one.json", std::fs::read(good).unwrap());
    let r = thutuc(tmp.path(), &["import", "one.json", "-o", "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    write(&tmp, "out/README.txt", "kept by the user");
    let before = tree(&tmp.path().join("out"));
    let args = ["import", src.to_str().unwrap(), "-o", "out", "--force"];

    // Killed in the middle of writing (the largest procedure files pass 20 KB).
    let o = import_with_file_limit(tmp.path(), &args, 20_000, false);
    assert!(o.status.code().is_none(), "killed by SIGXFSZ: {o:?}");
    assert_eq!(
        tree(&tmp.path().join("out")),
        before,
        "the output is as it was"
    );

    // The killed run left its stage, named with its (now gone) pid.
    let stages = || -> Vec<String> {
        std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".thutuc-"))
            .collect()
    };
    let killed = stages();
    assert_eq!(killed.len(), 1, "{killed:?}");
    assert!(
        killed[0]
            .strip_prefix(".thutuc-stage-")
            .and_then(|r| r.split_once('-'))
            .is_some_and(|(pid, _)| pid.parse::<u32>().is_ok()),
        "{killed:?}"
    );
    // A stage of a process that is alive (this test) is not touched.
    let live = format!(".thutuc-stage-{}-Live12", std::process::id());
    write(&tmp, &format!("{live}/catalogue.yaml"), "being written");

    // A write that fails (a full disk): an I/O error, the output as it was, the killed run's
    // stage removed (its process is gone) and no new stage left.
    let o = import_with_file_limit(tmp.path(), &args, 20_000, true);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("too large") || err.contains("File too large"),
        "{err}"
    );
    assert_eq!(tree(&tmp.path().join("out")), before);
    assert_eq!(stages(), vec![live.clone()]);
    std::fs::remove_dir_all(tmp.path().join(&live)).unwrap();

    // Without a limit: the complete new catalogue, the user's file kept.
    let r = thutuc(tmp.path(), &args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let after = tree(&tmp.path().join("out"));
    assert_eq!(
        after.len(),
        1 + 1 + 799,
        "README, catalogue.yaml, 799 procedures"
    );
    assert!(
        after
            .iter()
            .any(|(p, b)| p == Path::new("README.txt") && b == b"kept by the user")
    );
}

#[cfg(unix)]
#[test]
fn sources_are_read_within_limits_and_never_block() {
    let tmp = tempfile::tempdir().unwrap();
    // A device: refused at once, nothing read (`import /dev/zero` used to read gigabytes).
    let r = thutuc(tmp.path(), &["import", "/dev/zero", "-o", "out"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
    assert!(
        r.stderr.contains("không phải tệp thông thường"),
        "{}",
        r.stderr
    );
    // A FIFO nobody writes to, given or met in a folder: refused without waiting.
    std::fs::create_dir_all(tmp.path().join("src")).unwrap();
    let fifo = tmp.path().join("src/x.json");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for arg in ["src/x.json", "src"] {
        let r = thutuc(tmp.path(), &["import", arg, "-o", "out"]);
        assert_eq!(r.code, 2, "{arg}: {}", r.stderr);
        assert!(r.stderr.contains("src/x.json"), "{}", r.stderr);
    }
    assert!(!tmp.path().join("out").exists());
    // A record larger than max_record_size is refused with the way to raise the limit.
    let good = records().join("defence/1.013133.json");
    write(&tmp, "one.json", std::fs::read(good).unwrap());
    let r = thutuc(
        tmp.path(),
        &[
            "--limit",
            "max_record_size=1KB",
            "import",
            "one.json",
            "-o",
            "out",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["records"][0]["refused"]["kind"], "record-too-large");
    let m = v["records"][0]["refused"]["message"].as_str().unwrap();
    assert!(m.contains("max_record_size"), "{m}");
}

/// Item: an import that wrote every record exits 0 even with warnings; a refused record's
/// report entry names its code.
#[test]
fn warnings_alone_exit_zero_and_refusals_name_their_code() {
    let tmp = tempfile::tempdir().unwrap();
    // 1.004222 is written with warnings (a legal number glued to its title, for review).
    let rec = records().join("portal/bo-cong-an/1.004222.json");
    write(&tmp, "ok/a.json", std::fs::read(&rec).unwrap());
    let r = thutuc(
        tmp.path(),
        &["import", "ok", "-o", "out", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["summary"]["refused"], 0);
    assert_eq!(v["records"][0]["status"], "converted_with_warnings");
    // 1.013194 is refused (`Phí : o Đồng`): exit 1, and the report gives its code.
    let bad = records().join("defence/1.013194.json");
    write(&tmp, "ok/b.json", std::fs::read(&bad).unwrap());
    let r = thutuc(
        tmp.path(),
        &["import", "ok", "-o", "out2", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["records"][1]["status"], "refused");
    assert_eq!(v["records"][1]["code"], "1.013194");
    assert_eq!(v["records"][1]["refused"]["kind"], "fee-unreadable");
}

/// `--force` into an earlier import's folder gives exactly what a fresh import gives: no
/// procedure of the earlier run is left; a person's own file beside it stays.
#[test]
fn a_forced_reimport_gives_what_a_fresh_import_gives() {
    let tmp = tempfile::tempdir().unwrap();
    let all = records();
    let justice = all.join("portal/bo-tu-phap");
    let defence = all.join("defence");
    let r = thutuc(
        tmp.path(),
        &["import", justice.to_str().unwrap(), "-o", "out"],
    );
    assert_ne!(r.code, 2, "{}", r.stderr);
    write(&tmp, "out/README.txt", "kept by the user");
    let r = thutuc(
        tmp.path(),
        &["import", defence.to_str().unwrap(), "-o", "out", "--force"],
    );
    assert_ne!(r.code, 2, "{}", r.stderr);
    let r = thutuc(
        tmp.path(),
        &["import", defence.to_str().unwrap(), "-o", "fresh"],
    );
    assert_ne!(r.code, 2, "{}", r.stderr);
    let mut forced = tree(&tmp.path().join("out"));
    let user = forced
        .iter()
        .position(|(p, _)| p == Path::new("README.txt"))
        .expect("the user's file is kept");
    assert_eq!(forced.remove(user).1, b"kept by the user");
    let fresh = tree(&tmp.path().join("fresh"));
    assert_eq!(forced.len(), fresh.len(), "no stale procedure");
    assert!(forced == fresh, "the same files with the same content");
    // No empty folder of the earlier run's fields either.
    let dirs = std::fs::read_dir(tmp.path().join("out/procedures"))
        .unwrap()
        .count();
    let fresh_dirs = std::fs::read_dir(tmp.path().join("fresh/procedures"))
        .unwrap()
        .count();
    assert_eq!(dirs, fresh_dirs);
    let r = thutuc(tmp.path(), &["-C", "out", "validate", "--format", "json"]);
    assert_eq!(json(&r.stdout)["summary"]["errors"], 0, "{}", r.stdout);
}

/// The output is never the source folder, nor inside it; `-o -` is refused with words.
#[test]
fn the_source_folder_is_never_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let rec = records().join("defence/1.013133.json");
    write(&tmp, "src/a.json", std::fs::read(&rec).unwrap());
    let before = tree(&tmp.path().join("src"));
    for out in ["src", "src/out", "./src/x/y", "src/.."] {
        let r = thutuc(tmp.path(), &["import", "src", "-o", out, "--force"]);
        if out == "src/.." {
            // The parent of the source holds it; not inside it.
            continue;
        }
        assert_eq!(r.code, 2, "{out}: {}", r.stdout);
        assert!(r.stderr.contains("source folder"), "{out}: {}", r.stderr);
        assert!(r.stderr.contains("thư mục nguồn"), "{out}: {}", r.stderr);
    }
    assert_eq!(
        tree(&tmp.path().join("src")),
        before,
        "the source is untouched"
    );
    let r = thutuc(tmp.path(), &["import", "src", "-o", "-"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not standard output"), "{}", r.stderr);
    assert!(!tmp.path().join("-").exists());
}

/// A file the catalogue's own limits would refuse is never written: its record is refused.
#[test]
fn no_file_past_the_catalogue_limits_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let rec = records().join("defence/1.013133.json");
    write(&tmp, "src/a.json", std::fs::read(&rec).unwrap());
    let r = thutuc(
        tmp.path(),
        &[
            "--limit",
            "max_file_size=1KB",
            "import",
            "src",
            "-o",
            "out",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["records"][0]["refused"]["kind"], "over-catalogue-limit");
    assert_eq!(v["records"][0]["code"], "1.013133");
    assert!(
        tree(&tmp.path().join("out"))
            .iter()
            .all(|(_, b)| b.len() <= 1000),
        "nothing larger than the limit"
    );
}

/// SIGINT, SIGTERM and SIGHUP while the stage is being written: the stage is removed and
/// the output is as it was.
#[cfg(target_os = "linux")]
#[test]
fn a_signal_removes_the_stage() {
    let tmp = tempfile::tempdir().unwrap();
    let src = records();
    write(&tmp, "out/README.txt", "kept");
    let stages = || -> Vec<String> {
        std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".thutuc-stage-"))
            .collect()
    };
    for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        let mut caught = false;
        // The stage lives while ~800 files are written: watched for, then signalled. A run
        // that ends before the stage is seen is tried again.
        for _ in 0..20 {
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_thutuc"))
                .args(["import", src.to_str().unwrap(), "-o", "out", "--force"])
                .current_dir(tmp.path())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let mut seen = false;
            while child.try_wait().unwrap().is_none() {
                if !stages().is_empty() {
                    // SAFETY: signalling our own child.
                    unsafe { libc::kill(child.id() as i32, sig) };
                    seen = true;
                    break;
                }
                std::thread::yield_now();
            }
            let status = child.wait().unwrap();
            if seen && status.code() != Some(0) && status.code() != Some(1) {
                caught = true;
                assert!(stages().is_empty(), "signal {sig}: {:?}", stages());
                break;
            }
            // Finished before the signal: start from the earlier state again.
            std::fs::remove_dir_all(tmp.path().join("out")).unwrap();
            write(&tmp, "out/README.txt", "kept");
        }
        assert!(
            caught,
            "signal {sig}: the import never ran long enough to be signalled"
        );
        let out = tree(&tmp.path().join("out"));
        assert!(
            out.iter()
                .any(|(p, b)| p == Path::new("README.txt") && b == b"kept"),
            "signal {sig}: the output is as it was"
        );
    }
}
