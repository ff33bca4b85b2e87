//! Mappings with very many keys (issue 13): a procedure file of 200,000 keys took 66 s
//! (50,000 keys: 3.6 s), quadratic in its keys; a 2.4 MB `--facts` file took 44 s.
//!
//! Measures, in one run, reading such files (YAML tree with duplicate-key check, decoding
//! against the procedure's shape, rendering every finding as people read them) at 20,000,
//! 50,000 and 200,000 keys, and beside it the duplicate-key scan the parser used to do
//! (each key compared with every earlier one) on the same keys.
//!
//! `cargo run --release --example bench_keys`

use std::path::PathBuf;
use std::time::{Duration, Instant};
use thutuc::catalogue::{InputFile, decode_procedure};
use thutuc::diag::{Lang, render};
use thutuc::limits::Limits;
use thutuc::yaml::Document;

fn keys(n: usize) -> String {
    let mut s = String::with_capacity(n * 12);
    for i in 0..n {
        s.push_str(&format!("k{i:07}: v\n"));
    }
    s
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .min()
        .expect("at least one run")
}

fn main() {
    let limits = Limits::default();
    println!("keys     parse+dup-check   validate one file (decode + render)   per key");
    let mut per_key = Vec::new();
    for n in [20_000, 50_000, 200_000] {
        let text = keys(n);
        let parse = best_of(3, || Document::parse(&text, &limits).expect("valid YAML"));
        let whole = best_of(3, || {
            let (_, _, diags) = decode_procedure(
                InputFile {
                    rel: "procedures/cu-tru/9.000001.yaml".into(),
                    display: PathBuf::from("procedures/cu-tru/9.000001.yaml"),
                    bytes: Ok(text.clone().into_bytes()),
                },
                &limits,
            );
            let summary = render::Summary::of(1, &diags);
            render::human(&diags, summary, Lang::En, false)
        });
        let ns = whole.as_nanos() as f64 / n as f64;
        per_key.push(ns);
        println!(
            "{n:>7}  {:>10.1} ms     {:>10.1} ms                         {ns:>6.0} ns",
            parse.as_secs_f64() * 1e3,
            whole.as_secs_f64() * 1e3
        );
    }
    // The old duplicate-key check: every key against every earlier key of its mapping.
    let n = 50_000;
    let names: Vec<String> = (0..n).map(|i| format!("k{i:07}")).collect();
    let old = best_of(1, || {
        let mut seen: Vec<&str> = Vec::with_capacity(n);
        for k in &names {
            assert!(!seen.contains(&k.as_str()));
            seen.push(k);
        }
        seen.len()
    });
    println!(
        "\nbaseline, the former scan alone: {n} keys {:.2} s (issue: 3.6 s for 50,000 keys, 66 s for 200,000)",
        old.as_secs_f64()
    );
    println!(
        "time per key at 200,000 / at 20,000 keys: {:.2} (1 = linear; the former code: about 10)",
        per_key[2] / per_key[0]
    );
}
