//! Speed evidence for `thutuc validate`, printed side by side in one run.
//!
//! ```sh
//! cargo run --release --example bench_validate -- [N=10000] [--runs R] [--cjs-runs K] \
//!     [--no-cjs] [--seed S]
//! ```
//!
//! Generates a synthetic catalogue of N procedures (`examples/common/gen.rs`) into a temporary
//! directory, then measures, each as the median of R wall times (default 5; the process: its best, with its peak RSS against the input bytes) with a hot page
//! cache:
//!
//! * (a) the parse floor: read every file and YAML-parse it into the spanned tree
//!   (`catalogue::parse_file`), on one thread and with rayon over the files; (a') the same
//!   through saphyr-parser alone, the reader the floor goal was first measured with;
//! * (b) `Source::load`, the whole validation in-process (it uses rayon), until its result
//!   is ready; freeing the result is not timed, as the `thutuc validate` process never frees
//!   it (it exits instead, see `cmd::validate`). (a) with rayon, (b) and (b+) are measured
//!   in turn, one of each per round, so that a drift in the machine's speed moves them all;
//!   the median of each round's own (b)/(a) is printed beside the ratio of the medians;
//! * (b+) the same followed by the rule analysis (`analysis::diagnostics`), which `thutuc
//!   validate` runs: its cost is printed against (b) (goal: at most 20% more);
//! * (c) the `thutuc validate` process (release binary), with its peak RSS;
//! * (d) `check-jsonschema` with the schema printed by `thutuc schema`, on the same procedure
//!   files (installed with pip when missing; skipped with a note when that fails).
//!
//! The goals (validate within 1.5x of the parse floor, at least 20x faster than
//! check-jsonschema, peak memory under 300 MB for 10,000 procedures and at most twice the
//! input bytes for any number) are printed as PASS/MISS, never asserted.

#[path = "common/gen.rs"]
#[allow(dead_code)]
mod generator;

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use thutuc::catalogue::{self, InputFile, Source};
use thutuc::diag::Severity;
use thutuc::limits::Limits;

// The same allocator as the `thutuc` binary, so that in-process figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const GOAL_FLOOR_RATIO: f64 = 1.5;
const GOAL_CJS_RATIO: f64 = 20.0;
/// Peak memory for the default catalogue of 10,000 procedures; larger ones are judged by
/// [`GOAL_RSS_INPUT_RATIO`] alone.
const GOAL_RSS_MB: f64 = 300.0;
const GOAL_RSS_N: usize = 10_000;
/// The rule analysis adds at most 20% to validation.
const GOAL_ANALYSIS_RATIO: f64 = 1.2;
/// Peak memory of the validate process against the bytes of its input.
const GOAL_RSS_INPUT_RATIO: f64 = 2.0;

struct Args {
    n: usize,
    seed: u64,
    runs: usize,
    cjs_runs: usize,
    cjs: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        n: 10_000,
        seed: 1,
        runs: 5,
        cjs_runs: 1,
        cjs: true,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(s) = it.next() {
        let mut value = |name: &str| -> Result<usize, String> {
            let v = it.next().ok_or(format!("{name} needs a value"))?;
            v.parse()
                .map_err(|_| format!("{name}: `{v}` is not a number"))
        };
        match s.as_str() {
            "--runs" => a.runs = value("--runs")?.max(1),
            "--cjs-runs" => a.cjs_runs = value("--cjs-runs")?.max(1),
            "--seed" => a.seed = value("--seed")? as u64,
            "--no-cjs" => a.cjs = false,
            s if !s.starts_with("--") => {
                a.n = s
                    .replace('_', "")
                    .parse()
                    .map_err(|_| format!("N: `{s}` is not a number"))?
            }
            s => return Err(format!("unknown option {s}")),
        }
    }
    Ok(a)
}

/// The median wall time of `runs` calls (a shared machine's load spikes do not move a
/// median as they move a mean), and the last result.
fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        times.push(t.elapsed());
        last = Some(v);
    }
    (median(&mut times), last.expect("at least one run"))
}

/// The median of at least one time.
fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn read_files(dir: &Path, limits: &Limits) -> Vec<InputFile> {
    Source::Dir(dir.to_path_buf())
        .files(limits)
        .expect("the generated catalogue loads")
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "bench_validate: {e}\nusage: bench_validate [N=10000] [--runs R] [--cjs-runs K] [--no-cjs] [--seed S]"
            );
            std::process::exit(2);
        }
    };
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("catalogue");
    let gen_opts = generator::Options {
        n: args.n,
        seed: args.seed,
        ..generator::Options::default()
    };
    let t = Instant::now();
    let summary = generator::write_catalogue(&dir, &gen_opts, false).expect("generate");
    let gen_time = t.elapsed();
    let n = summary.procedure_files.len();
    let limits = Limits::default();
    let threads = rayon::current_num_threads();
    println!(
        "thutuc validate benchmark: {n} procedures, {:.1} MB, {} fields, seed {}; {threads} rayon threads, {} cores; median of {} runs",
        summary.bytes as f64 / 1e6,
        gen_opts.field_count,
        gen_opts.seed,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        args.runs
    );
    println!(
        "(generated in {:.2} s into {}; load average before: {})",
        gen_time.as_secs_f64(),
        dir.display(),
        load_average()
    );

    // Warm-up: the page cache, rayon's pool, the allocator.
    for _ in 0..2 {
        let loaded = Source::Dir(dir.clone())
            .load(&limits)
            .expect("the generated catalogue loads");
        let warnings = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        if loaded.errors() > 0 || warnings > 0 || loaded.files != n {
            eprintln!(
                "NOTE: the generated catalogue is not clean: {} errors, {warnings} warnings, {} files (expected {n})",
                loaded.errors(),
                loaded.files
            );
            for d in loaded.diagnostics.iter().take(5) {
                eprintln!("  {d:?}");
            }
        }
    }

    let mut rows: Vec<Row> = Vec::new();

    // Reading alone, for reference.
    let (read, _) = best_of(args.runs, || read_files(&dir, &limits).len());
    rows.push(Row::new("read files only (Source::Dir.files)", read, n));

    // (a) parse floor: read + UTF-8 + YAML parse into the spanned tree, nothing else.
    let (floor1, ok1) = best_of(args.runs, || {
        let files = read_files(&dir, &limits);
        files
            .iter()
            .filter(|f| catalogue::parse_file(f, &limits).is_ok())
            .count()
    });
    rows.push(Row::new(
        "(a) parse floor: read + parse_file, 1 thread",
        floor1,
        n,
    ));
    // (a) with rayon, (b) and (b+) are measured in turn, one of each per round: a shared
    // machine's speed drifts by 15–20% within minutes, and measured one block after another
    // the medians were taken minutes apart. Each result is freed after the clock stops.
    let day = jiff::civil::date(2026, 12, 6);
    let mut floor_times = Vec::with_capacity(args.runs);
    let mut validate_times = Vec::with_capacity(args.runs);
    let mut analysed_times = Vec::with_capacity(args.runs);
    let mut paired = Vec::with_capacity(args.runs);
    let (mut ok_par, mut loaded, mut found) = (0, None, 0);
    for _ in 0..args.runs {
        let t = Instant::now();
        let files = read_files(&dir, &limits);
        // In tasks as small as validation's, so that neither is judged with a tail the
        // other does not have.
        ok_par = files
            .par_iter()
            .with_max_len(catalogue::FILES_PER_TASK)
            .filter(|f| catalogue::parse_file(f, &limits).is_ok())
            .count();
        let floor = t.elapsed();
        drop(files);
        let t = Instant::now();
        let l = Source::Dir(dir.clone())
            .load(&limits)
            .expect("the generated catalogue loads");
        let v = t.elapsed();
        loaded = Some(l);
        let t = Instant::now();
        let l = Source::Dir(dir.clone())
            .load(&limits)
            .expect("the generated catalogue loads");
        let findings = thutuc::analysis::diagnostics(&l, day, false);
        analysed_times.push(t.elapsed());
        found = findings.len();
        drop((l, findings));
        floor_times.push(floor);
        validate_times.push(v);
        paired.push(v.as_secs_f64() / floor.as_secs_f64());
    }
    let (floor_par, validate) = (median(&mut floor_times), median(&mut validate_times));
    let analysed = median(&mut analysed_times);
    paired.sort_by(f64::total_cmp);
    let paired = paired[paired.len() / 2];
    rows.push(Row::new(
        "(a) parse floor: read + parse_file, rayon",
        floor_par,
        n,
    ));
    assert_eq!(ok1, n + 1, "every file parses");
    assert_eq!(ok_par, n + 1, "every file parses");
    // (a') the same floor through saphyr-parser alone: the reader this goal was first
    // measured with, before the quick reader (src/yaml/fast.rs) made parsing cheaper.
    let (floor_saphyr, ok_saphyr) = best_of(args.runs, || {
        let files = read_files(&dir, &limits);
        files
            .par_iter()
            .with_max_len(catalogue::FILES_PER_TASK)
            .filter(|f| {
                let text = f
                    .bytes
                    .as_deref()
                    .ok()
                    .and_then(|b| std::str::from_utf8(b).ok());
                text.is_some_and(|t| thutuc::yaml::Document::parse_full(t, &limits).is_ok())
            })
            .count()
    });
    rows.push(Row::new(
        "(a') parse floor with saphyr-parser alone, rayon",
        floor_saphyr,
        n,
    ));
    assert_eq!(ok_saphyr, n + 1, "every file parses");

    // (b) the whole validation in-process, measured above in turn with (a).
    let errors = loaded.expect("at least one round").diagnostics.len();
    rows.push(Row::new(
        "(b) validate in-process: Source::load",
        validate,
        n,
    ));

    // (b+) the same with the rule analysis, as `thutuc validate` runs it, measured above in
    // turn with (a) and (b).
    rows.push(Row::new(
        "(b+) validate in-process with the rule analysis",
        analysed,
        n,
    ));

    // (c) the process, with its peak RSS.
    let bin = thutuc_binary();
    let mut process = None;
    let mut rss_kb = None;
    let mut rss_how = "n/a";
    if let Some(bin) = &bin {
        let (t, rss, how) = run_process(bin, &dir, args.runs);
        process = t;
        rss_kb = rss;
        rss_how = how;
        if let Some(t) = t {
            rows.push(Row::new(
                "(c) process: thutuc -C DIR validate --format json",
                t,
                n,
            ));
        }
    }

    // (d) check-jsonschema.
    let mut cjs = None;
    let mut cjs_note = String::new();
    if !args.cjs {
        cjs_note = "skipped (--no-cjs)".into();
    } else if let Some(bin) = &bin {
        match run_check_jsonschema(bin, tmp.path(), &dir, &summary, args.cjs_runs) {
            Ok(t) => {
                cjs = Some(t);
                rows.push(Row::new(
                    &format!(
                        "(d) check-jsonschema --schemafile (best of {})",
                        args.cjs_runs
                    ),
                    t,
                    n,
                ));
            }
            Err(e) => cjs_note = e,
        }
    } else {
        cjs_note = "skipped: no thutuc binary to print the schema".into();
    }

    println!();
    println!("{:<56} {:>10} {:>12}", "measurement", "ms", "files/s");
    for r in &rows {
        println!(
            "{:<56} {:>10.1} {:>12.0}",
            r.name,
            r.time.as_secs_f64() * 1e3,
            r.files as f64 / r.time.as_secs_f64()
        );
    }
    if !cjs_note.is_empty() {
        println!("{:<56} {:>10} {:>12}", "(d) check-jsonschema", "n/a", "n/a");
        println!("    note: {cjs_note}");
    }
    println!();
    println!(
        "in-process validate reported {errors} diagnostics (expected 0); process output checked for 0 errors"
    );
    println!(
        "load average after: {} (this benchmark alone keeps 1-2 cores busy; well above 2 means other work shared the machine)",
        load_average()
    );
    println!();
    println!(
        "{:<56} {:>10} {:>14} {:>6}",
        "ratio / figure", "value", "goal", ""
    );
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    let verdict = |ok: bool| if ok { "PASS" } else { "MISS" };
    let r1 = ratio(validate, floor1);
    println!(
        "{:<56} {:>9.2}x {:>14} {:>6}",
        "(b) validate / (a) parse floor, 1 thread",
        r1,
        format!("<= {GOAL_FLOOR_RATIO}x"),
        verdict(r1 <= GOAL_FLOOR_RATIO)
    );
    let rp = ratio(validate, floor_par);
    println!(
        "{:<56} {:>9.2}x {:>14} {:>6}",
        "(b) validate / (a) parse floor, rayon",
        rp,
        format!("<= {GOAL_FLOOR_RATIO}x"),
        verdict(rp <= GOAL_FLOOR_RATIO)
    );
    println!(
        "{:<56} {:>9.2}x {:>14} {:>6}",
        "  the same, median of the rounds' own ratios (information)", paired, "", ""
    );
    let rs = ratio(validate, floor_saphyr);
    println!(
        "{:<56} {:>9.2}x {:>14} {:>6}",
        "(b) validate / (a') saphyr-parser floor, rayon",
        rs,
        format!("<= {GOAL_FLOOR_RATIO}x"),
        verdict(rs <= GOAL_FLOOR_RATIO)
    );
    let ra = ratio(analysed, validate);
    println!(
        "{:<56} {:>9.2}x {:>14} {:>6}",
        format!("(b+) with analysis / (b) without ({found} findings)"),
        ra,
        format!("<= {GOAL_ANALYSIS_RATIO}x"),
        verdict(ra <= GOAL_ANALYSIS_RATIO)
    );
    if let Some(p) = process {
        let rc = ratio(p, floor_par);
        println!(
            "{:<56} {:>9.2}x {:>14} {:>6}",
            "(c) process / (a) parse floor, rayon (information)", rc, "", ""
        );
    }
    match (cjs, process) {
        (Some(c), Some(p)) => {
            let r = ratio(c, p);
            println!(
                "{:<56} {:>9.1}x {:>14} {:>6}",
                "(d) check-jsonschema / (c) validate process",
                r,
                format!(">= {GOAL_CJS_RATIO}x"),
                verdict(r >= GOAL_CJS_RATIO)
            );
            let r = ratio(c, validate);
            println!(
                "{:<56} {:>9.1}x {:>14} {:>6}",
                "(d) check-jsonschema / (b) validate in-process",
                r,
                format!(">= {GOAL_CJS_RATIO}x"),
                verdict(r >= GOAL_CJS_RATIO)
            );
        }
        _ => println!(
            "{:<56} {:>10} {:>14} {:>6}",
            "(d) check-jsonschema / (c) validate process",
            "n/a",
            format!(">= {GOAL_CJS_RATIO}x"),
            "n/a"
        ),
    }
    match rss_kb {
        Some(kb) => {
            let mb = kb as f64 / 1024.0;
            let (goal, judged) = if args.n <= GOAL_RSS_N {
                (format!("< {GOAL_RSS_MB} MB"), verdict(mb < GOAL_RSS_MB))
            } else {
                (format!("(at {GOAL_RSS_N})"), "n/a")
            };
            println!(
                "{:<56} {:>7.1} MB {:>14} {:>6}",
                format!("peak RSS of the validate process ({rss_how})"),
                mb,
                goal,
                judged
            );
            let input_mb = summary.bytes as f64 / (1024.0 * 1024.0);
            let r = mb / input_mb;
            println!(
                "{:<56} {:>9.2}x {:>14} {:>6}",
                format!("peak RSS / input bytes ({input_mb:.1} MiB)"),
                r,
                format!("<= {GOAL_RSS_INPUT_RATIO}x"),
                verdict(r <= GOAL_RSS_INPUT_RATIO)
            );
        }
        None => println!(
            "{:<56} {:>10} {:>14} {:>6}",
            "peak RSS of the validate process",
            "n/a",
            format!("< {GOAL_RSS_MB} MB"),
            "n/a"
        ),
    }
}

/// The 1-minute load average, to judge how quiet the machine was.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "n/a".into())
}

struct Row {
    name: String,
    time: Duration,
    files: usize,
}

impl Row {
    fn new(name: &str, time: Duration, files: usize) -> Row {
        Row {
            name: name.to_string(),
            time,
            files,
        }
    }
}

/// `target/release/thutuc`, next to this example's own directory; built when missing.
fn thutuc_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    // target/<profile>/examples/bench_validate -> target/<profile>/thutuc
    let bin = exe.parent()?.parent()?.join("thutuc");
    if !bin.exists() {
        println!("building the thutuc binary (cargo build --release --bin thutuc)…");
        let ok = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "--release", "--bin", "thutuc"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .is_ok_and(|s| s.success());
        if !ok || !bin.exists() {
            println!(
                "NOTE: could not build {}; process figures are n/a",
                bin.display()
            );
            return None;
        }
    }
    Some(bin)
}

/// GNU time, when it is there and understands `-f %M -o FILE`.
fn gnu_time() -> Option<PathBuf> {
    let time = PathBuf::from("/usr/bin/time");
    let probe = tempfile::NamedTempFile::new().ok()?;
    let ok = Command::new(&time)
        .args(["-f", "%M", "-o"])
        .arg(probe.path())
        .arg("true")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let text = std::fs::read_to_string(probe.path()).unwrap_or_default();
    (ok && text.trim().parse::<u64>().is_ok()).then_some(time)
}

/// Best wall time of the validate process, its peak RSS in KiB, and how the RSS was measured.
fn run_process(
    bin: &Path,
    dir: &Path,
    runs: usize,
) -> (Option<Duration>, Option<u64>, &'static str) {
    let time = gnu_time();
    let rss_file = tempfile::NamedTempFile::new().expect("a temporary file");
    let mut best = Duration::MAX;
    let mut peak: Option<u64> = None;
    let mut how = "n/a";
    // One extra, untimed run first: the binary's pages into the cache.
    for run in 0..=runs {
        let mut cmd = match &time {
            Some(t) => {
                let mut c = Command::new(t);
                c.args(["-f", "%M", "-o"]).arg(rss_file.path()).arg(bin);
                c
            }
            None => Command::new(bin),
        };
        cmd.arg("-C")
            .arg(dir)
            .args(["validate", "--format", "json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let t = Instant::now();
        let Ok(mut child) = cmd.spawn() else {
            println!("NOTE: could not run {}", bin.display());
            return (None, None, "n/a");
        };
        // Without GNU time: sample the child's high-water mark from /proc while it runs.
        let mut sampled = None;
        let stdout = child.stdout.take();
        let reader = std::thread::spawn(move || {
            let mut s = String::new();
            if let Some(mut out) = stdout {
                use std::io::Read;
                let _ = out.read_to_string(&mut s);
            }
            s
        });
        let status = loop {
            if time.is_none()
                && let Some(kb) = vm_hwm(child.id())
            {
                sampled = Some(sampled.unwrap_or(0).max(kb));
            }
            match child.try_wait() {
                Ok(Some(s)) => break s,
                Ok(None) => std::thread::sleep(Duration::from_millis(1)),
                Err(_) => return (None, None, "n/a"),
            }
        };
        let elapsed = t.elapsed();
        let out = reader.join().unwrap_or_default();
        if !status.success() || !out.contains("\"errors\": 0") {
            println!(
                "NOTE: thutuc validate exited with {status} and did not report 0 errors:\n{}",
                out.chars().take(2000).collect::<String>()
            );
        }
        if run == 0 {
            continue;
        }
        best = best.min(elapsed);
        let kb = match &time {
            Some(_) => {
                how = "GNU time %M";
                std::fs::read_to_string(rss_file.path())
                    .ok()
                    .and_then(|s| s.trim().lines().last()?.trim().parse().ok())
            }
            None => {
                how = "sampled /proc VmHWM";
                sampled
            }
        };
        if let Some(kb) = kb {
            peak = Some(peak.unwrap_or(0).max(kb));
        }
    }
    (Some(best), peak, how)
}

/// The peak resident set of a running process, in KiB.
fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".local/bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

/// Finds `check-jsonschema`, installing it with pip when it is missing.
fn check_jsonschema() -> Result<PathBuf, String> {
    if let Some(p) = find_in_path("check-jsonschema") {
        return Ok(p);
    }
    println!("check-jsonschema not found: installing it (pip install check-jsonschema)…");
    let installed = ["pip3", "pip"].iter().any(|pip| {
        Command::new(pip)
            .args(["install", "--quiet", "check-jsonschema"])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }) || Command::new("python3")
        .args(["-m", "pip", "install", "--quiet", "check-jsonschema"])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    match find_in_path("check-jsonschema") {
        Some(p) => Ok(p),
        None if installed => Err("pip installed check-jsonschema but it is not on PATH".into()),
        None => Err("check-jsonschema is not installed and `pip install check-jsonschema` failed; column skipped".into()),
    }
}

/// Best wall time of check-jsonschema over every procedure file (in batches that fit on a
/// command line); an error when it cannot run or rejects a generated file.
fn run_check_jsonschema(
    thutuc: &Path,
    tmp: &Path,
    dir: &Path,
    summary: &generator::Summary,
    runs: usize,
) -> Result<Duration, String> {
    let cjs = check_jsonschema()?;
    let schema = Command::new(thutuc)
        .arg("schema")
        .output()
        .map_err(|e| format!("thutuc schema: {e}"))?;
    if !schema.status.success() {
        return Err("thutuc schema failed; column skipped".into());
    }
    let schema_path = tmp.join("schema.json");
    std::fs::write(&schema_path, &schema.stdout).map_err(|e| e.to_string())?;
    // Keep each command line well under ARG_MAX.
    let mut batches: Vec<Vec<&PathBuf>> = vec![Vec::new()];
    let mut bytes = 0;
    for f in &summary.procedure_files {
        let len = f.as_os_str().len() + 1;
        if bytes + len > 512 * 1024 {
            batches.push(Vec::new());
            bytes = 0;
        }
        bytes += len;
        batches.last_mut().expect("a batch").push(f);
    }
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        for batch in &batches {
            let out = Command::new(&cjs)
                .arg("--schemafile")
                .arg(&schema_path)
                .args(batch)
                .current_dir(dir)
                .output()
                .map_err(|e| format!("check-jsonschema: {e}"))?;
            if !out.status.success() {
                let text = String::from_utf8_lossy(&out.stdout);
                let head: String = text.lines().take(30).collect::<Vec<_>>().join("\n    ");
                return Err(format!(
                    "FINDING: check-jsonschema rejects generated files that thutuc accepts:\n    {head}"
                ));
            }
        }
        best = best.min(t.elapsed());
    }
    Ok(best)
}
