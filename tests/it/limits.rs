//! Configurable limits: `limits:` in catalogue.yaml, `--limit KEY=VALUE`, and what the
//! diagnostics say when one is exceeded.

use crate::support::{MINI_MANIFEST, MINI_PROCEDURE, mini, thutuc, write};

const PROC: &str = "cat/procedures/cu-tru/1.004222.yaml";

fn validate(tmp: &tempfile::TempDir, extra: &[&str]) -> crate::support::Run {
    let mut args = vec!["-C", "cat", "validate"];
    args.extend_from_slice(extra);
    thutuc(tmp.path(), &args)
}

fn json(run: &crate::support::Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).expect("json")
}

fn manifest_with(limits: &str) -> String {
    format!("{MINI_MANIFEST}limits:\n{limits}")
}

#[test]
fn a_file_over_the_size_limit_passes_once_the_limit_is_raised() {
    let tmp = mini();
    // 4.5 MiB: a comment padding an otherwise valid procedure.
    let big = format!("{MINI_PROCEDURE}# {}\n", "x".repeat(9 << 19));
    write(&tmp, PROC, &big);
    let r = validate(&tmp, &["--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let j = json(&r);
    assert_eq!(j["diagnostics"][0]["code"], "limits/file-size");
    assert_eq!(j["diagnostics"][0]["file"], PROC);
    assert_eq!(j["diagnostics"][0]["line"], 1);
    let msg = j["diagnostics"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("4.5 MiB") && msg.contains("`max_file_size` is 4 MiB"),
        "{msg}"
    );
    let help = j["diagnostics"][0]["help"].as_str().unwrap();
    assert!(help.contains("--limit max_file_size="), "{help}");

    assert_eq!(validate(&tmp, &["--limit", "max_file_size=8MiB"]).code, 0);
    write(
        &tmp,
        "cat/catalogue.yaml",
        manifest_with("  max_file_size: 8 MiB\n"),
    );
    let r = validate(&tmp, &[]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // The command line wins over the manifest.
    let r = validate(&tmp, &["--limit", "max_file_size=4MB", "--format", "json"]);
    assert_eq!(r.code, 1);
    assert_eq!(json(&r)["diagnostics"][0]["code"], "limits/file-size");
}

#[test]
fn lowered_limits_refuse_an_ordinary_file() {
    let tmp = mini();
    let r = validate(&tmp, &["--limit", "max_file_size=1KB"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("file_size", r.stdout);

    let r = validate(&tmp, &["--limit", "max_depth=3"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("depth", r.stdout);

    let r = validate(&tmp, &["--limit", "max_rule_length=20"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("rule_length", r.stdout);

    // Only values that aliases expand to count: the plain file passes a tiny limit, the
    // same file with its second fee name written as an alias does not.
    let r = validate(&tmp, &["--limit", "max_alias_nodes=2", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let name = "name: { vi: Lệ phí đăng ký thường trú }";
    let aliased = MINI_PROCEDURE
        .replacen(name, "name: &fee-name { vi: Lệ phí đăng ký thường trú }", 1)
        .replacen(name, "name: *fee-name", 1);
    write(&tmp, PROC, &aliased);
    assert_eq!(validate(&tmp, &[]).code, 0);
    let r = validate(&tmp, &["--limit", "max_alias_nodes=2", "--format", "json"]);
    assert_eq!(r.code, 1);
    let j = json(&r);
    assert_eq!(j["diagnostics"][0]["code"], "limits/alias-expansion");
    assert_eq!(j["diagnostics"][0]["line"], 25, "{}", r.stdout);
    write(&tmp, PROC, MINI_PROCEDURE);
    // The same limits from the manifest; the manifest itself is read under the defaults.
    write(
        &tmp,
        "cat/catalogue.yaml",
        manifest_with("  max_depth: 3\n  max_file_size: 100\n  max_rule_length: 10\n"),
    );
    let r = validate(&tmp, &["--format", "json"]);
    assert_eq!(r.code, 1);
    let j = json(&r);
    assert_eq!(j["diagnostics"][0]["code"], "limits/file-size");
    assert_eq!(j["diagnostics"].as_array().unwrap().len(), 1);
    // Raised again on the command line: valid.
    let r = validate(
        &tmp,
        &[
            "--limit",
            "max_depth=64",
            "--limit",
            "max_file_size=1MiB",
            "--limit",
            "max_rule_length=4KiB",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn every_command_reads_under_the_configured_limits() {
    let tmp = mini();
    let lim = ["--limit", "max_depth=3"];
    for cmd in [
        &["eval", "1.004222"][..],
        &["metrics"][..],
        &["test"][..],
        &["diff", "cat"][..],
    ] {
        let mut args = vec!["-C", "cat"];
        args.extend_from_slice(cmd);
        let ok = thutuc(tmp.path(), &args);
        args.extend_from_slice(&lim);
        let r = thutuc(tmp.path(), &args);
        assert_ne!(
            (ok.code, &ok.stdout, &ok.stderr),
            (r.code, &r.stdout, &r.stderr),
            "{cmd:?}: --limit changed nothing"
        );
        // `metrics` measures what it can read and points at `validate` for the rest; `diff`
        // warns about what it left out.
        assert!(
            r.stdout.contains("limits/depth")
                || r.stderr.contains("limits/depth")
                || r.stderr.contains("run `thutuc validate`"),
            "{cmd:?}: {}\n{}",
            r.stdout,
            r.stderr
        );
    }
}

#[test]
fn bad_limits_in_the_manifest() {
    let tmp = mini();
    write(
        &tmp,
        "cat/catalogue.yaml",
        manifest_with(
            "  max_file_sise: 8 MiB\n  max_depth: 0\n  max_alias_nodes: lots\n  max_rule_length: 2 GiB\n",
        ),
    );
    let r = validate(&tmp, &[]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn bad_limit_options_are_usage_errors() {
    let tmp = mini();
    let mut out = String::new();
    for bad in [
        "max_dept=3",
        "max_depth",
        "max_file_size=lots",
        "max_depth=0",
        "max_depth=5000",
    ] {
        let r = validate(&tmp, &["--limit", bad]);
        assert_eq!(r.code, 2, "{bad}");
        assert!(r.stdout.is_empty());
        out.push_str(&format!("--limit {bad}\n{}\n", r.stderr));
    }
    insta::assert_snapshot!(out);
}
