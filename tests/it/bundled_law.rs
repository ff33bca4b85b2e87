//! The bundled catalogue cites only real acts: no file says it is illustrative or invented,
//! and every act it cites has a source — its number appears in the national database's
//! records (`tests/fixtures/national-records`), or its entry names where it was read (a
//! `# Nguồn:` / `# Source:` comment with the address).

use crate::support::*;
use std::path::{Path, PathBuf};

/// Words that mark data as made up.
const MARKERS: [&str; 9] = [
    "illustrative",
    "minh họa",
    "minh hoạ",
    "invented",
    "hypothetical",
    "giả định",
    "not citations",
    "not a citation",
    "không có thật",
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

fn records_text() -> String {
    let mut all = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/national-records"),
        &mut all,
    );
    all.iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The entries of a YAML list under `key:` at the top level, as text blocks (comments
/// included), each with its `number:`.
fn entries(text: &str, key: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut block = String::new();
    let push = |block: &mut String, out: &mut Vec<(String, String)>| {
        if let Some(n) = block
            .lines()
            .find_map(|l| l.trim().strip_prefix("number:"))
            .map(|n| n.trim().trim_matches('"').to_string())
        {
            out.push((n, std::mem::take(block)));
        }
        block.clear();
    };
    for line in text.lines() {
        if !line.starts_with(' ') && !line.starts_with('-') && !line.starts_with('#') {
            if inside {
                push(&mut block, &mut out);
            }
            inside = line.trim_end() == format!("{key}:");
            continue;
        }
        if !inside {
            continue;
        }
        if line.trim_start().starts_with("- ") && line.starts_with("  - ") {
            push(&mut block, &mut out);
        }
        block.push_str(line);
        block.push('\n');
    }
    if inside {
        push(&mut block, &mut out);
    }
    out
}

fn has_source(block: &str) -> bool {
    block.lines().any(|l| {
        let l = l.trim();
        l.starts_with('#') && (l.contains("Nguồn:") || l.contains("Source:")) && l.contains("http")
    })
}

#[test]
fn the_bundled_catalogue_marks_nothing_as_made_up() {
    let mut all = Vec::new();
    files(&bundled(), &mut all);
    assert!(all.len() > 50, "{} files", all.len());
    for p in &all {
        let text = std::fs::read_to_string(p).unwrap().to_lowercase();
        for m in MARKERS {
            assert!(
                !text.contains(m),
                "{} says \"{m}\": bundled data cites only real acts",
                p.display()
            );
        }
    }
}

#[test]
fn every_act_the_bundled_catalogue_cites_has_a_source() {
    let records = records_text();
    assert!(records.len() > 100_000, "the national records");
    let manifest = std::fs::read_to_string(bundled().join("catalogue.yaml")).unwrap();
    let acts = entries(&manifest, "legal");
    assert!(acts.len() > 50, "{} acts", acts.len());
    let mut unsourced = Vec::new();
    for (number, block) in &acts {
        if !records.contains(number.as_str()) && !has_source(block) {
            unsourced.push(number.clone());
        }
    }
    // A province's resolutions: each entry names where it was read.
    let provinces = bundled().join("provinces");
    if provinces.is_dir() {
        for e in std::fs::read_dir(&provinces).unwrap() {
            let p = e.unwrap().path();
            let text = std::fs::read_to_string(&p).unwrap();
            for (number, block) in entries(&text, "resolutions") {
                if !has_source(&block) {
                    unsourced.push(format!("{number} ({})", p.display()));
                }
            }
        }
    }
    assert!(
        unsourced.is_empty(),
        "acts without a source (not in the national records, no `# Nguồn: http…` comment): {unsourced:?}"
    );
}

/// The test itself: an act nobody can trace, or a marker, is caught.
#[test]
fn the_checks_catch_an_invented_act() {
    let text = "legal:\n  - id: nq-99-2025\n    number: 99/2025/NQ-HĐND\n    title: { vi: Nghị quyết minh họa }\n  - id: luat\n    # Nguồn: https://vbpl.vn/x\n    number: 1/2000/QH10\n";
    let e = entries(text, "legal");
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].0, "99/2025/NQ-HĐND");
    assert!(!has_source(&e[0].1));
    assert!(has_source(&e[1].1));
    assert!(!records_text().contains("99/2025/NQ-HĐND"));
    assert!(MARKERS.iter().any(|m| text.to_lowercase().contains(m)));
}
