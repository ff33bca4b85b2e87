//! Speed evidence for `thutuc review`, measured on the App with a `TestBackend` (no terminal).
//!
//! ```sh
//! cargo run --release --example bench_tui -- [N=10000]
//! ```
//!
//! Generates a catalogue of N procedures (`examples/common/gen.rs`), commits it into a
//! temporary git repository (tag `v1`), changes 1% of the procedures (100 of 10,000) in a
//! second commit (tag `v2`), then measures:
//!
//! * time to the first frame (the app starts; loading is on the worker, goal < 300 ms);
//! * time until the first frame with both revisions loaded (worker included);
//! * per key, from the key event to the next frame drawn: moving through the tree, jumping
//!   from change to change with the diff pane shown, page and top/bottom (goal < 16 ms).
//!
//! Figures are printed with their goals; nothing is asserted.

#[path = "common/gen.rs"]
#[allow(dead_code)]
mod generator;

use crossterm::event::{Event, KeyCode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use thutuc::diag::Lang;
use thutuc::tui::{App, Effect, Origin, Request, RevSpec};

// The same allocator as the `thutuc` binary, so that in-process figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.vn")
        .env("GIT_COMMITTER_NAME", "bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.vn")
        .status()
        .expect("git")
        .success();
    assert!(ok, "git {args:?}");
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(name: &str, mut times: Vec<Duration>, goal_ms: f64) {
    times.sort();
    let median = times[times.len() / 2];
    let worst = *times.last().expect("some keys");
    println!(
        "{name:<44} {:>4} keys  median {:>7.3} ms  worst {:>7.3} ms  {}",
        times.len(),
        ms(median),
        ms(worst),
        if ms(worst) < goal_ms {
            "PASS"
        } else if ms(median) < goal_ms {
            "median PASS, worst MISS"
        } else {
            "MISS"
        }
    );
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.replace('_', "").parse().ok())
        .unwrap_or(10_000);
    let tmp = tempfile::tempdir().expect("temp dir");
    let cat = tmp.path().join("cat");
    let base = generator::Options {
        n,
        ..generator::Options::default()
    };
    let t = Instant::now();
    generator::write_catalogue(&cat, &base, false).expect("generate");
    git(tmp.path(), &["init", "-q", "-b", "main"]);
    git(tmp.path(), &["add", "."]);
    git(tmp.path(), &["commit", "-q", "-m", "v1"]);
    git(tmp.path(), &["tag", "v1"]);
    // 1% of the procedures change: 100 of 10,000.
    let changed = generator::Options {
        mutate_pct: 1,
        ..base.clone()
    };
    let s = generator::write_catalogue(&cat, &changed, true).expect("mutate");
    git(tmp.path(), &["add", "-A"]);
    git(tmp.path(), &["commit", "-q", "-m", "v2"]);
    git(tmp.path(), &["tag", "v2"]);
    println!(
        "catalogue: {n} procedures, {} changed in v2 (set up in {:.1} s)",
        s.mutated,
        t.elapsed().as_secs_f64()
    );

    let origin = Origin {
        dir: Some(cat),
        limits: Default::default(),
    };
    let worker = thutuc::tui::spawn_worker(origin, Lang::Vi);
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("backend");

    // First frame: the app is built and drawn at once; the load goes to the worker.
    let t0 = Instant::now();
    let mut app = App::new(
        Lang::Vi,
        Request {
            a: RevSpec::Rev("v1".into()),
            b: RevSpec::Rev("v2".into()),
        },
        120,
        40,
    );
    for e in app.take_effects() {
        let Effect::Load { id, request } = e;
        worker.request(id, request);
    }
    term.draw(|f| app.draw(f)).expect("draw");
    let first = t0.elapsed();
    let (id, r) = worker
        .recv_timeout(Duration::from_secs(600))
        .expect("the worker answers");
    let received = t0.elapsed();
    app.loaded(id, r);
    term.draw(|f| app.draw(f)).expect("draw");
    let loaded = t0.elapsed();
    let snap = app.snapshot().expect("loaded");
    println!(
        "changes found: {:?} (added, removed, amended)",
        snap.counts()
    );
    println!(
        "time to first frame                          {:>9.3} ms  (goal < 300 ms: {})",
        ms(first),
        if ms(first) < 300.0 { "PASS" } else { "MISS" }
    );
    println!(
        "time to first frame with data (worker)       {:>9.3} ms  (of which loading {:.3} ms)",
        ms(loaded),
        ms(received)
    );

    let step = |app: &mut App, term: &mut Terminal<TestBackend>, k: KeyCode| {
        let t = Instant::now();
        app.event(&Event::Key(k.into()));
        term.draw(|f| app.draw(f)).expect("draw");
        t.elapsed()
    };
    let mut tree = Vec::new();
    for _ in 0..300 {
        tree.push(step(&mut app, &mut term, KeyCode::Char('j')));
    }
    for _ in 0..100 {
        tree.push(step(&mut app, &mut term, KeyCode::Char('k')));
    }
    tree.push(step(&mut app, &mut term, KeyCode::Char('G')));
    tree.push(step(&mut app, &mut term, KeyCode::Char('g')));
    for _ in 0..20 {
        tree.push(step(&mut app, &mut term, KeyCode::PageDown));
    }
    report("tree: j/k, PgDn, g/G (detail shown)", tree, 16.0);

    let mut diffs = vec![step(&mut app, &mut term, KeyCode::Char('3'))];
    for _ in 0..150 {
        diffs.push(step(&mut app, &mut term, KeyCode::Char(']')));
    }
    for _ in 0..50 {
        diffs.push(step(&mut app, &mut term, KeyCode::Char('[')));
    }
    report("next/previous change, diff shown", diffs, 16.0);

    let mut other = Vec::new();
    for k in [
        KeyCode::Tab,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Char('?'),
    ] {
        other.push(step(&mut app, &mut term, k));
    }
    other.push(step(&mut app, &mut term, KeyCode::Esc));
    other.push(step(&mut app, &mut term, KeyCode::Char('/')));
    for c in "dang ky".chars() {
        other.push(step(&mut app, &mut term, KeyCode::Char(c)));
    }
    other.push(step(&mut app, &mut term, KeyCode::Enter));
    for _ in 0..20 {
        other.push(step(&mut app, &mut term, KeyCode::Char('n')));
    }
    report("panes, help, incremental search, n", other, 16.0);
}
