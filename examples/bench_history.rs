//! History speed, each figure beside its git baseline, in one run:
//! - `thutuc diff` between two commits of a 10,000-procedure catalogue that differ in 100
//!   procedures, beside `git diff --stat` (goal: within 2x);
//! - `thutuc log CODE` over 1,000 commits, beside `git log --follow -- FILE` (goal: within 2x);
//! - `thutuc check` with a baseline 100 commits back, beside `thutuc validate` (goal: ≤ 2x);
//! - `thutuc plan` from that baseline and `thutuc report` over the 1,000 commits, each beside
//!   `thutuc check` on the same repository (goal: ≤ 2x).
//!
//! The machine may be shared: each round runs the command and its baseline back to back, the
//! ratio is taken per round, and the medians of the rounds are reported with the load average.
//!
//! `cargo run --release --example bench_history [-- N=10000 [ROUNDS=7]]`

#[path = "common/gen.rs"]
#[allow(dead_code)] // the command-line parsing serves gen_catalogue only
mod generator;

use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.vn")
        .env("GIT_COMMITTER_NAME", "bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.vn")
        // Before the 1,000 imported commits (from 15/11/2023), so dates run with history.
        .env("GIT_AUTHOR_DATE", "2023-11-01T09:00:00+07:00")
        .env("GIT_COMMITTER_DATE", "2023-11-01T09:00:00+07:00")
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Wall time of one run of a command (its output is checked by `check`).
fn once(
    dir: &Path,
    program: &Path,
    args: &[&str],
    check: &dyn Fn(&std::process::Output),
) -> Duration {
    let start = Instant::now();
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run");
    let t = start.elapsed();
    check(&out);
    t
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// A command to time: program, arguments, and the check of its output.
type Timed<'a> = (&'a Path, &'a [&'a str], &'a dyn Fn(&std::process::Output));

/// `rounds` rounds of (ours, baseline) run back to back after one warm-up round: the median
/// time of each and the median of the per-round ratios, so that load that comes and goes on
/// a shared machine hits both sides of a ratio alike.
fn paired(
    rounds: usize,
    dir: &Path,
    ours: Timed<'_>,
    base: Timed<'_>,
) -> (Duration, Duration, f64) {
    once(dir, ours.0, ours.1, ours.2);
    once(dir, base.0, base.1, base.2);
    let (mut a, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let ta = ms(once(dir, ours.0, ours.1, ours.2));
        let tb = ms(once(dir, base.0, base.1, base.2));
        a.push(ta);
        b.push(tb);
        r.push(ta / tb);
    }
    let d = |x: f64| Duration::from_secs_f64(x / 1000.0);
    (d(median(a)), d(median(b)), median(r))
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "n/a".into())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn row(name: &str, t: Duration) {
    println!("  {name:<58} {:>9.1} ms", ms(t));
}

fn verdict(label: &str, ratio: f64, goal: f64) {
    println!(
        "  {label:<58} {ratio:>8.2}x  (goal ≤ {goal}x: {})",
        if ratio <= goal { "MET" } else { "MISSED" }
    );
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(7)
        .max(1);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new("cargo")
        .args(["build", "--release", "--quiet", "--bin", "thutuc"])
        .current_dir(root)
        .status()
        .expect("cargo build");
    assert!(status.success());
    let thutuc = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("release/thutuc");
    let tmp = tempfile::tempdir().expect("temp dir");
    let repo = tmp.path();
    if std::env::var_os("BENCH_KEEP").is_some() {
        println!("(keeping the repository at {})", repo.display());
    }
    let cat = repo.join("cat");

    // Revision 1: the generated catalogue; revision 2: 1% of it changed (100 of 10,000).
    let opts = generator::Options {
        n,
        ..Default::default()
    };
    let summary = generator::write_catalogue(&cat, &opts, false).expect("generate");
    std::fs::write(
        cat.join("targets.yaml"),
        "targets:\n  - { id: fields, metric: declared_fields, change: -20% }\n  - { id: docs, metric: documents, scope: each, change: 0% }\n",
    )
    .unwrap();
    git(repo, &["init", "-q", "-b", "main"]);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "catalogue"]);
    let mutated = generator::Options {
        mutate_pct: 1,
        mutate_seed: 7,
        ..opts.clone()
    };
    let s2 = generator::write_catalogue(&cat, &mutated, true).expect("mutate");
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "simplify 1%"]);
    // Pack the objects, as a cloned repository has them (both tools read the same pack).
    git(repo, &["repack", "-adq"]);
    println!(
        "history benchmarks: {n} procedures, {} changed between HEAD~1 and HEAD; medians of {rounds} rounds, each command beside its baseline; {} cores; load average {} (1, 5, 15 min)\n",
        s2.mutated,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load()
    );

    println!("diff of two commits");
    let diff_ok = |o: &std::process::Output| {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["amended"].as_array().map(|a| a.len()), Some(s2.mutated));
    };
    let git_ok = |o: &std::process::Output| assert!(o.status.success());
    let (t_diff, t_git, r_diff) = paired(
        rounds,
        repo,
        (
            &thutuc,
            &["-C", "cat", "diff", "HEAD~1", "HEAD", "--format", "json"],
            &diff_ok,
        ),
        (
            Path::new("git"),
            &["diff", "--stat", "HEAD~1", "HEAD"],
            &git_ok,
        ),
    );
    row(
        "thutuc diff HEAD~1 HEAD (tree diff, then only changed blobs)",
        t_diff,
    );
    row("git diff --stat HEAD~1 HEAD", t_git);
    verdict("thutuc diff / git diff --stat (median ratio)", r_diff, 2.0);
    // What no change to the diff itself can go below: parsing the changed versions (both
    // sides) into the spanned YAML tree, in this process, on every core.
    let names = git(repo, &["diff", "--name-only", "HEAD~1", "HEAD"]);
    let mut texts = Vec::new();
    for name in names.lines().filter(|l| l.ends_with(".yaml")) {
        for rev in ["HEAD~1", "HEAD"] {
            texts.push((
                name.to_string(),
                git(repo, &["show", &format!("{rev}:{name}")]),
            ));
        }
    }
    let floor = median(
        (0..rounds)
            .map(|_| {
                let start = Instant::now();
                let parsed = texts
                    .par_iter()
                    .filter(|(name, text)| {
                        let file = thutuc::catalogue::InputFile {
                            rel: name.clone(),
                            display: PathBuf::from(name),
                            bytes: Ok(text.clone().into_bytes()),
                        };
                        thutuc::catalogue::parse_owned(file, &thutuc::limits::Limits::default())
                            .is_ok()
                    })
                    .count();
                assert_eq!(parsed, texts.len());
                ms(start.elapsed())
            })
            .collect(),
    );
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    row(
        &format!(
            "floor: YAML parse of the {} changed versions ({} KiB), in-process",
            texts.len(),
            bytes / 1024
        ),
        Duration::from_secs_f64(floor / 1000.0),
    );
    println!(
        "  {:<58} {:>8.2}x",
        "floor / git diff --stat",
        floor / ms(t_git)
    );

    // 1,000 more commits with fast-import: every 4th changes the followed procedure's
    // deadline, the others change other procedures; the followed file moves halfway.
    let target = summary.procedure_files[0]
        .to_string_lossy()
        .replace('\\', "/");
    let code = target
        .rsplit('/')
        .next()
        .unwrap()
        .trim_end_matches(".yaml")
        .to_string();
    // The procedure moves to another field's folder (its file keeps the code as its name).
    let other_field = summary
        .procedure_files
        .iter()
        .map(|p| p.parent().unwrap().to_path_buf())
        .find(|d| !target.starts_with(&*d.to_string_lossy()))
        .unwrap();
    let renamed = format!(
        "{}/{code}.yaml",
        other_field.to_string_lossy().replace('\\', "/")
    );
    let base_text = std::fs::read_to_string(cat.join(&target)).unwrap();
    let mut stream = Vec::new();
    let mut path = format!("cat/{target}");
    for i in 0..1000usize {
        let _ = writeln!(
            stream,
            "commit refs/heads/main\ncommitter bench <bench@example.vn> {} +0700",
            1_700_000_000 + i * 60
        );
        let msg = format!("change {i}");
        let _ = write!(stream, "data {}\n{msg}\n", msg.len());
        if i == 0 {
            let _ = writeln!(stream, "from refs/heads/main^0");
        }
        if i == 500 {
            let new = format!("cat/{renamed}");
            let _ = writeln!(stream, "R {path} {new}");
            path = new;
        } else if i % 4 == 0 {
            let text = base_text.replacen(
                "    deadline: ",
                &format!("    deadline: {} working days\n    # was: ", 5 + i % 20),
                1,
            );
            let _ = write!(
                stream,
                "M 100644 inline {path}\ndata {}\n{text}\n",
                text.len()
            );
        } else {
            let other = summary.procedure_files[1 + i % (summary.procedure_files.len() - 1)]
                .to_string_lossy()
                .replace('\\', "/");
            let text =
                std::fs::read_to_string(cat.join(&other)).unwrap() + &format!("# touched {i}\n");
            let _ = write!(
                stream,
                "M 100644 inline cat/{other}\ndata {}\n{text}\n",
                text.len()
            );
        }
    }
    let mut fi = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(repo)
        .stdin(Stdio::piped())
        .spawn()
        .expect("fast-import");
    fi.stdin.take().unwrap().write_all(&stream).unwrap();
    assert!(fi.wait().unwrap().success());
    git(repo, &["reset", "-q", "--hard", "main"]);

    println!("\nlog of one procedure over 1,000 commits (its file moves once)");
    let log_ok = |o: &std::process::Output| {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(v["entries"].as_array().unwrap().len() >= 250);
    };
    let (t_log, t_glog, r_log) = paired(
        rounds,
        repo,
        (
            &thutuc,
            &["-C", "cat", "log", &code, "--format", "json"],
            &log_ok,
        ),
        (
            Path::new("git"),
            &["log", "--follow", "--format=%H %an %ad %s", "--", &path],
            &git_ok,
        ),
    );
    row(&format!("thutuc log {code}"), t_log);
    row("git log --follow -- FILE", t_glog);
    verdict("thutuc log / git log --follow (median ratio)", r_log, 2.0);

    println!("\ncheck against a baseline 100 commits back");
    let check_ok = |o: &std::process::Output| {
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    let validate_ok = |o: &std::process::Output| {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    };
    let (t_check, t_validate, r_check) = paired(
        rounds.min(3),
        repo,
        (
            &thutuc,
            &[
                "-C",
                "cat",
                "check",
                "--baseline",
                "HEAD~100",
                "--format",
                "json",
            ],
            &check_ok,
        ),
        (
            &thutuc,
            &["-C", "cat", "validate", "--format", "json"],
            &validate_ok,
        ),
    );
    row("thutuc check --baseline HEAD~100", t_check);
    row("thutuc validate", t_validate);
    verdict(
        "thutuc check / thutuc validate (median ratio)",
        r_check,
        2.0,
    );

    println!("\nplan and report on the same repository, beside check");
    let plan_ok = |o: &std::process::Output| {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(v["totals"]["procedures"].as_u64().is_some());
    };
    let report_ok = |o: &std::process::Output| {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["in_force"]["total"].as_u64(), Some(n as u64));
    };
    let check_args: &[&str] = &[
        "-C",
        "cat",
        "check",
        "--baseline",
        "HEAD~100",
        "--format",
        "json",
    ];
    let (t_plan, _, r_plan) = paired(
        rounds.min(3),
        repo,
        (
            &thutuc,
            &[
                "-C",
                "cat",
                "plan",
                "--baseline",
                "HEAD~100",
                "--to",
                "HEAD",
                "--format",
                "json",
            ],
            &plan_ok,
        ),
        (&thutuc, check_args, &check_ok),
    );
    let (t_report, t_check2, r_report) = paired(
        rounds.min(3),
        repo,
        (
            &thutuc,
            &[
                "-C",
                "cat",
                "report",
                "--from",
                "2023-11-10",
                "--to",
                "2023-12-31",
                "--format",
                "json",
            ],
            &report_ok,
        ),
        (&thutuc, check_args, &check_ok),
    );
    row("thutuc plan --baseline HEAD~100 --to HEAD", t_plan);
    row("thutuc report over the 1,000 commits", t_report);
    row("thutuc check --baseline HEAD~100", t_check2);
    verdict("thutuc plan / thutuc check (median ratio)", r_plan, 2.0);
    verdict("thutuc report / thutuc check (median ratio)", r_report, 2.0);
    println!("\nload average after: {} (1, 5, 15 min)", load());
    if std::env::var_os("BENCH_KEEP").is_some() {
        let _ = tmp.keep();
    }
}
