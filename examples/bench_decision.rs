//! Speed evidence for `thutuc decision`: the time to export a decision in each format.
//!
//! ```sh
//! cargo run --release --example bench_decision -- [N=2000] [--mutate PCT=10] [--runs R=5]
//! ```
//!
//! Generates a synthetic catalogue of N procedures (`examples/common/gen.rs`) in a temporary
//! git repository with a province overlay, commits it, then writes a second revision in
//! which PCT% of the procedures are amended, 2.5% are new and 1% are abolished, and commits
//! that. It then runs the whole `decision` command in-process (resolve the revisions, read
//! the changed files from git, localise, diff, render, write atomically) for every format,
//! national and localised, and prints the best of R wall times. The goal (under 1 s per
//! format) is printed as PASS/MISS, never asserted.

#[path = "common/gen.rs"]
#[allow(dead_code)]
mod generator;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use thutuc::cmd::Global;
use thutuc::cmd::decision::{self, Format, Options};

// The same allocator as the `thutuc` binary, so that in-process figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const GOAL: Duration = Duration::from_secs(1);

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.vn")
        .env("GIT_COMMITTER_NAME", "bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.vn")
        .output()
        .expect("git is needed for this benchmark");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The overlay's `decision:` section: every piece of the form is given.
const DECISION: &str = "decision:
  issuer: { vi: Ủy ban nhân dân tỉnh Thử nghiệm }
  symbol: QĐ-UBND
  place: Thử nghiệm
  authority: { vi: Chủ tịch Ủy ban nhân dân tỉnh Thử nghiệm }
  grounds: [Nghị định số 63/2010/NĐ-CP]
  proposer: Giám đốc Sở Tư pháp
  implementers: Chánh Văn phòng Ủy ban nhân dân tỉnh
  signer_title: Chủ tịch
  recipients: [Như Điều 3, \"Lưu: VT\"]
";

/// A province overlay over the generated catalogue: agencies for a few procedures and an
/// online discount for the first field.
fn overlay(n: usize) -> String {
    let field = &generator::field_ids(1)[0];
    let mut s = format!(
        "id: bench\nname: {{ vi: Tỉnh Thử nghiệm, en: Bench Province }}\ncode_suffix: 000.00.00.H99\n\
         portal: https://dichvucong.example.gov.vn\n\
         agency: {{ vi: Trung tâm Phục vụ hành chính công tỉnh }}\n\
         {DECISION}\
         resolutions:\n  - id: nq-1\n    number: 01/2025/NQ-HĐND\n    title: {{ vi: Nghị quyết thử nghiệm }}\n    issued: 2025-07-01\n\
         fields:\n  - field: {field}\n    discounts:\n      - id: online\n        rule: 50% off all when online from 2025-07-01 until 2026-12-31\n        basis: nq-1\n\
         procedures:\n"
    );
    for i in (0..n).step_by(50) {
        s.push_str(&format!(
            "  - code: \"{}\"\n    agency: {{ vi: Ủy ban nhân dân cấp xã }}\n",
            generator::code(i)
        ));
    }
    s
}

fn main() {
    let mut n = 2000usize;
    let mut mutate = 10u32;
    let mut runs = 5usize;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> usize {
            it.next()
                .and_then(|v| v.replace('_', "").parse().ok())
                .unwrap_or_else(|| panic!("{name} needs a whole number"))
        };
        match a.as_str() {
            "--mutate" => mutate = value("--mutate") as u32,
            "--runs" => runs = value("--runs").max(1),
            s => n = s.replace('_', "").parse().expect("N is a whole number"),
        }
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    let cat = root.join("cat");
    let started = Instant::now();
    let base = generator::Options {
        n,
        ..Default::default()
    };
    generator::write_catalogue(&cat, &base, false).expect("generate v1");
    std::fs::create_dir_all(cat.join("provinces")).unwrap();
    std::fs::write(cat.join("provinces/bench.yaml"), overlay(n)).unwrap();
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "v1"]);
    let added = n / 40;
    let next = generator::Options {
        n: n + added,
        mutate_pct: mutate,
        ..base.clone()
    };
    let summary = generator::write_catalogue(&cat, &next, true).expect("generate v2");
    let removed = n / 100;
    for rel in summary
        .procedure_files
        .iter()
        .skip(1)
        .step_by(n / removed.max(1))
        .take(removed)
    {
        std::fs::remove_file(cat.join(rel)).unwrap();
    }
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "v2"]);
    println!(
        "catalogue: {n} procedures; v2 amends {} ({mutate}%), adds {added}, abolishes {removed} \
         (generated and committed in {:.1} s)",
        summary.mutated,
        started.elapsed().as_secs_f64()
    );
    std::env::set_current_dir(root).unwrap();
    let g = Global {
        catalogue: Some(cat.clone()),
        lang: None,
        color: false,
        limits: Vec::new(),
    };
    println!(
        "{:<10} {:<9} {:>10} {:>10}  goal < {} s",
        "format",
        "scope",
        "best",
        "size",
        GOAL.as_secs()
    );
    let mut all_ok = true;
    for province in [None, Some("bench")] {
        for (name, format) in [
            ("markdown", Format::Markdown),
            ("html", Format::Html),
            ("docx", Format::Docx),
            ("json", Format::Json),
            ("csv", Format::Csv),
        ] {
            let out = format!("decision-{}.{name}", province.unwrap_or("national"));
            let o = Options {
                from: "HEAD~1".into(),
                to: "HEAD".into(),
                province: province.map(String::from),
                format,
                output: out.clone().into(),
                force: true,
                number: None,
                date: None,
                signer: None,
            };
            let mut best = Duration::MAX;
            let mut stdout = String::new();
            let mut warnings = String::new();
            for _ in 0..runs {
                let t = Instant::now();
                let r = decision::run(&g, &o).expect("decision");
                best = best.min(t.elapsed());
                stdout = r.stdout;
                warnings = r.stderr;
            }
            let size = std::fs::metadata(root.join(&out))
                .map(|m| m.len())
                .unwrap_or(0);
            let ok = best < GOAL;
            all_ok &= ok;
            println!(
                "{name:<10} {:<9} {:>8.1} ms {:>7} KB  {}   ({})",
                province.unwrap_or("national"),
                best.as_secs_f64() * 1e3,
                size / 1024,
                if ok { "PASS" } else { "MISS" },
                stdout.trim()
            );
            // The overlay gives every piece of the form; the national manifest is generated
            // without one, so its decision has blanks (and says so, once).
            if province.is_some() && !warnings.is_empty() {
                eprint!("{warnings}");
            }
        }
    }
    println!("overall: {}", if all_ok { "PASS" } else { "MISS" });
}
