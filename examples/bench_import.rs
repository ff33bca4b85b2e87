//! Speed evidence for `thutuc import`, printed side by side in one run.
//!
//! ```sh
//! cargo run --release --example bench_import -- [RECORDS=tests/fixtures/national-records] \
//!     [--runs R] [--dir DIR]
//! ```
//!
//! Imports every record under RECORDS into fresh folders under DIR (default: a temporary
//! folder in `target/`, the normal disk) R times (default 3) and prints, for the best run of
//! each, the wall time beside the CPU time (user + system, every thread) of:
//!
//! * (a) `import::run`: every file written into a stage beside the output, the stage synced
//!   at once, then renamed into place (`atomic::StagedDir`);
//! * (b) the former way, the baseline: the same conversion (`import::prepare`), then every
//!   file written on its own with `atomic::write` (temporary file, `fsync`, rename);
//! * (c) `import::run --force` into the folder (a) wrote: a re-import, which must give what
//!   a fresh import gives (the earlier procedures are replaced, not carried over) and take no
//!   longer than (a).
//!
//! Both leave every file on disk before they return. The goal (wall time at most 2x the CPU
//! time for (a)) is printed as PASS/MISS, never asserted.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use thutuc::limits::Limits;

// The same allocator as the `thutuc` binary, so that in-process figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const GOAL_WALL_PER_CPU: f64 = 2.0;

/// CPU time of this process so far (user + system, all threads).
fn cpu() -> Duration {
    // SAFETY: `getrusage` fills the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

#[derive(Clone, Copy)]
struct Took {
    wall: Duration,
    cpu: Duration,
}

fn measure(f: impl FnOnce()) -> Took {
    let (w, c) = (Instant::now(), cpu());
    f();
    Took {
        wall: w.elapsed(),
        cpu: cpu() - c,
    }
}

fn best(v: &[Took]) -> Took {
    *v.iter().min_by_key(|t| t.wall).expect("at least one run")
}

fn old_way(src: &[PathBuf], out: &Path) -> usize {
    let p = thutuc::import::prepare(src, &Limits::default()).expect("records readable");
    for (rel, body) in &p.files {
        let path = out.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        thutuc::atomic::write(&path, body.as_bytes(), false).unwrap();
    }
    p.files.len()
}

fn main() {
    let mut records = PathBuf::from("tests/fixtures/national-records");
    let mut runs = 3usize;
    let mut dir: Option<PathBuf> = None;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => runs = it.next().and_then(|v| v.parse().ok()).unwrap_or(3).max(1),
            "--dir" => dir = it.next().map(PathBuf::from),
            s if !s.starts_with("--") => records = PathBuf::from(s),
            s => {
                eprintln!("unknown option {s}");
                std::process::exit(2);
            }
        }
    }
    let base = dir.unwrap_or_else(|| PathBuf::from("target"));
    std::fs::create_dir_all(&base).unwrap();
    let tmp = tempfile::Builder::new()
        .prefix("bench-import-")
        .tempdir_in(&base)
        .unwrap();
    let src = vec![records.clone()];
    let mut new = Vec::new();
    let mut old = Vec::new();
    let mut again = Vec::new();
    let mut written = (0, 0);
    for r in 0..runs {
        let out = tmp.path().join(format!("staged-{r}"));
        new.push(measure(|| {
            let rep = thutuc::import::run(&src, &out, false, &Limits::default()).unwrap();
            written.0 = rep.items.iter().filter(|i| i.written.is_some()).count() + 1;
        }));
        again.push(measure(|| {
            thutuc::import::run(&src, &out, true, &Limits::default()).unwrap();
        }));
        let out = tmp.path().join(format!("per-file-{r}"));
        old.push(measure(|| written.1 = old_way(&src, &out)));
    }
    let (n, o, f) = (best(&new), best(&old), best(&again));
    println!(
        "thutuc import of {} ({} files written) into {}, best of {runs} runs (machine shared):",
        records.display(),
        written.0,
        tmp.path().display()
    );
    println!("{:<44} {:>9} {:>9} {:>9}", "", "wall", "CPU", "wall/CPU");
    for (name, t) in [
        ("(a) staged, one sync, rename (import::run)", n),
        ("(b) baseline: per-file sync (atomic::write)", o),
        ("(c) --force into (a)'s folder (re-import)", f),
    ] {
        println!(
            "{name:<44} {:>7.3} s {:>7.3} s {:>8.1}x",
            t.wall.as_secs_f64(),
            t.cpu.as_secs_f64(),
            t.wall.as_secs_f64() / t.cpu.as_secs_f64()
        );
    }
    assert_eq!(written.0, written.1, "both ways write the same files");
    let ratio = n.wall.as_secs_f64() / n.cpu.as_secs_f64();
    println!(
        "goal: (a) wall <= {GOAL_WALL_PER_CPU}x CPU: {ratio:.1}x {}; (a) is {:.1}x faster than (b)",
        if ratio <= GOAL_WALL_PER_CPU {
            "PASS"
        } else {
            "MISS"
        },
        o.wall.as_secs_f64() / n.wall.as_secs_f64()
    );
    println!(
        "re-import: (c) --force into an earlier import takes {:.2}x the wall time of (a) fresh \
         ({:.3} s against {:.3} s)",
        f.wall.as_secs_f64() / n.wall.as_secs_f64(),
        f.wall.as_secs_f64(),
        n.wall.as_secs_f64()
    );
}
