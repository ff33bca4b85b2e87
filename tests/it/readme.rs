//! Every `thutuc …` command line in the `sh` and `console` code blocks of the README and of
//! every chapter of the guide (docs/guide/src) runs against a clone of this repository as it
//! is committed — its own history, its own `baseline` — so what a reader types on a clone is
//! what is tested. A line expects exit 0 unless its comment says otherwise (`# exit 1`).
//! Paths into `../shared/data/national-records` read the vendored copy of those records.
//!
//! In `console` blocks the lines after a `$ thutuc …` line are what it prints (standard output,
//! then standard error): they must be the real output, line for line, up to a last line `…`
//! that stands for the rest. `README_UPDATE=1 cargo test --test it readme` writes the real
//! output into the documents instead of comparing.

use crate::support::*;
use std::path::Path;

/// One command of the README: its line number, words and expected exit code.
struct Example {
    line: usize,
    words: Vec<String>,
    stdout_to: Option<String>,
    code: i32,
    /// In a `console` block: the 0-based lines of the README that show its output.
    shown: Option<std::ops::Range<usize>>,
}

/// Splits a command line the way a POSIX shell would for these examples: words, single and
/// double quotes, a trailing `# comment`, and `> FILE`.
fn split(line: &str) -> (Vec<String>, Option<String>, Option<String>) {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote = None;
    let mut started = false;
    let mut comment = None;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, '#') if !started => {
                comment = Some(line[i + 1..].trim().to_string());
                break;
            }
            (None, c) if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut cur));
                    started = false;
                }
            }
            (None, '\\') => {
                if let Some((_, n)) = chars.next() {
                    cur.push(n);
                    started = true;
                }
            }
            (None, c) => {
                cur.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(cur);
    }
    let mut stdout_to = None;
    if let Some(i) = words.iter().position(|w| w == ">") {
        stdout_to = words.get(i + 1).cloned();
        words.truncate(i);
    }
    (words, stdout_to, comment)
}

fn examples(readme: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut in_sh = false;
    let mut console = false;
    let mut joined = String::new();
    let mut first = 0;
    for (n, line) in readme.lines().enumerate() {
        // A line ending in `\` goes on on the next one.
        if let Some(head) = line.trim_end().strip_suffix('\\')
            && in_sh
        {
            if joined.is_empty() {
                first = n;
            }
            joined.push_str(head);
            joined.push(' ');
            continue;
        }
        let whole;
        let last_line = n;
        let (n, line) = if joined.is_empty() {
            (n, line)
        } else {
            whole = std::mem::take(&mut joined) + line.trim();
            (first, whole.as_str())
        };
        let t = line.trim();
        if let Some(lang) = t.strip_prefix("```") {
            in_sh = !in_sh && matches!(lang, "sh" | "bash" | "console" | "shell");
            console = in_sh && lang == "console";
            continue;
        }
        let command = t.strip_prefix("$ ");
        if console && command.is_none() {
            // Output of the last command of this block.
            if let Some(Example { shown: Some(r), .. }) = out.last_mut() {
                r.end = n + 1;
            }
            continue;
        }
        let t = command.unwrap_or(t);
        if !in_sh || !t.starts_with("thutuc ") {
            continue;
        }
        let (mut words, stdout_to, comment) = split(t);
        words.remove(0);
        let code = comment
            .as_deref()
            .and_then(|c| c.split("exit ").nth(1))
            .and_then(|c| c.split(|ch: char| !ch.is_ascii_digit()).next())
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        out.push(Example {
            line: n + 1,
            words,
            stdout_to,
            code,
            shown: console.then_some(last_line + 1..last_line + 1),
        });
    }
    out
}

/// A clone of this repository (its committed state, with its whole history).
fn repo() -> tempfile::TempDir {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("git")
        .args(["clone", "-q", "--no-hardlinks"])
        .arg(here)
        .arg(tmp.path())
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "cannot clone this repository: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    tmp
}

/// The README and the guide's chapters, each with its examples.
fn documents(here: &Path) -> Vec<(std::path::PathBuf, String)> {
    let mut v = vec![here.join("README.md")];
    let guide = here.join("docs/guide/src");
    let mut chapters: Vec<_> = std::fs::read_dir(&guide)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("SUMMARY.md"))
        .collect();
    chapters.sort();
    v.extend(chapters);
    v.into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

#[test]
fn every_readme_and_guide_command_runs() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let records = here.join("tests/fixtures/national-records");
    let tmp = repo();
    let update = std::env::var_os("README_UPDATE").is_some();
    let mut failed = Vec::new();
    let mut count = 0;
    for (path, readme) in documents(here) {
        let name = path.strip_prefix(here).unwrap().display().to_string();
        let all = examples(&readme);
        count += all.len();
        let lines: Vec<&str> = readme.lines().collect();
        let replaced = run_examples(
            &name,
            &all,
            &lines,
            tmp.path(),
            &records,
            update,
            &mut failed,
        );
        if update && !replaced.is_empty() {
            let mut out: Vec<String> = Vec::new();
            let mut at = 0;
            for (range, new) in replaced {
                out.extend(lines[at..range.start].iter().map(|l| l.to_string()));
                out.extend(new);
                at = range.end;
            }
            out.extend(lines[at..].iter().map(|l| l.to_string()));
            std::fs::write(&path, out.join("\n") + "\n").unwrap();
        }
    }
    assert!(count >= 20, "found only {count} examples");
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

/// Output lines to write back into a document, by the range of lines they replace.
type Replaced = Vec<(std::ops::Range<usize>, Vec<String>)>;

fn run_examples(
    name: &str,
    all: &[Example],
    lines: &[&str],
    root: &Path,
    records: &Path,
    update: bool,
    failed: &mut Vec<String>,
) -> Replaced {
    let mut replaced: Replaced = Vec::new();
    for ex in all {
        let words: Vec<String> = ex
            .words
            .iter()
            .map(|w| w.replace("../shared/data/national-records", records.to_str().unwrap()))
            .collect();
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        // The README may overwrite its own outputs from one example to the next.
        let args: Vec<&str> =
            if args.first() == Some(&"decision") || args.first() == Some(&"import") {
                let mut a = args.clone();
                if !a.contains(&"--force") {
                    a.push("--force");
                }
                a
            } else {
                args
            };
        let r = thutuc(root, &args);
        if let Some(f) = &ex.stdout_to {
            std::fs::write(root.join(f), &r.stdout).unwrap();
        }
        if let Some(range) = &ex.shown {
            let real: Vec<String> = format!("{}{}", r.stdout, r.stderr)
                .lines()
                .map(|l| l.trim_end().to_string())
                .collect();
            let shown: Vec<&str> = lines[range.clone()].iter().map(|l| l.trim_end()).collect();
            let cut = shown.last() == Some(&"…");
            let want = &shown[..shown.len() - usize::from(cut)];
            let mut real_trimmed = real.clone();
            while real_trimmed.last().is_some_and(|l| l.is_empty()) {
                real_trimmed.pop();
            }
            let same = if cut {
                real_trimmed.len() > want.len() && real_trimmed[..want.len()] == *want
            } else {
                real_trimmed == want
            };
            if update {
                let keep = if cut { want.len() } else { real_trimmed.len() };
                let mut new: Vec<String> = real_trimmed.into_iter().take(keep).collect();
                if cut {
                    new.push("…".into());
                }
                replaced.push((range.clone(), new));
            } else if !same {
                failed.push(format!(
                    "{name}:{}: the output shown for `thutuc {}` is not what it prints:\n--- shown\n{}\n--- real\n{}\n(README_UPDATE=1 writes the real output)",
                    ex.line,
                    ex.words.join(" "),
                    want.join("\n"),
                    real.join("\n")
                ));
            }
        }
        if r.code != ex.code {
            failed.push(format!(
                "{name}:{}: thutuc {} → exit {} (expected {})\n{}{}",
                ex.line,
                ex.words.join(" "),
                r.code,
                ex.code,
                r.stdout.chars().take(600).collect::<String>(),
                r.stderr.chars().take(600).collect::<String>()
            ));
        }
    }
    replaced
}

#[test]
fn the_splitter_reads_quotes_comments_and_redirects() {
    let (w, out, c) =
        split(r#"thutuc eval 1.004222 --received "24/01/2025 10:00" > a.txt  # exit 1"#);
    assert_eq!(
        w,
        [
            "thutuc",
            "eval",
            "1.004222",
            "--received",
            "24/01/2025 10:00"
        ]
    );
    assert_eq!(out.as_deref(), Some("a.txt"));
    assert_eq!(c.as_deref(), Some("exit 1"));
}

/// The guide's links lead somewhere: every relative link of a chapter names a file that
/// exists, and SUMMARY.md lists every chapter (mdBook would leave an unlisted one out).
#[test]
fn guide_links_resolve_and_every_chapter_is_listed() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = here.join("docs/guide/src");
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).unwrap();
    let link = regex::Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let mut broken = Vec::new();
    let mut docs = documents(here);
    docs.push((src.join("SUMMARY.md"), summary.clone()));
    for (path, text) in &docs {
        let dir = path.parent().unwrap();
        for c in link.captures_iter(text) {
            let target = &c[1];
            if target.starts_with("http")
                || target.starts_with('#')
                || target.starts_with("mailto:")
            {
                continue;
            }
            let file = target.split('#').next().unwrap();
            if !dir.join(file).exists() {
                broken.push(format!("{}: {target}", path.display()));
            }
        }
        if path.parent() == Some(src.as_path()) && !path.ends_with("SUMMARY.md") {
            let name = path.file_name().unwrap().to_str().unwrap();
            if !summary.contains(&format!("({name})")) {
                broken.push(format!("{name} is not listed in SUMMARY.md"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "broken guide links:\n{}",
        broken.join("\n")
    );
}
