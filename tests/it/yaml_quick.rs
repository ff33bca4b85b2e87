//! The quick YAML reader against saphyr-parser: wherever the quick reader answers, its tree is
//! saphyr-parser's, node for node and span for span — on every YAML file in the repository, on
//! each of them changed a byte at a time, and on generated shapes. (Debug builds also compare
//! the two on every parse of every other test.)

use std::path::{Path, PathBuf};
use thutuc::limits::Limits;
use thutuc::yaml::Document;

/// Compares the readers on `text`; true when the quick reader answered.
fn agree(text: &str, limits: &Limits, what: &str) -> bool {
    let Some(quick) = Document::parse_quick(text, limits) else {
        return false;
    };
    match Document::parse_full(text, limits) {
        Ok(full) => {
            if full != quick {
                let first = (0..)
                    .find(|&i: &u32| {
                        let q =
                            (i < quick.node_count() as u32).then(|| (quick.get(i), quick.span(i)));
                        let f = (i < full.node_count() as u32).then(|| (full.get(i), full.span(i)));
                        q != f
                    })
                    .unwrap_or(0);
                let show = |d: &Document| {
                    ((first as usize) < d.node_count())
                        .then(|| (d.get(first).clone(), d.span(first)))
                };
                panic!(
                    "{what}: the quick reader's tree differs from saphyr-parser's on:\n{text}\nat node {first}: quick {:?}\nfull {:?}\nroots {:?} {:?}",
                    show(&quick),
                    show(&full),
                    quick.root(),
                    full.root()
                );
            }
        }
        Err(e) => {
            panic!("{what}: the quick reader read what saphyr-parser refuses ({e:?}):\n{text}")
        }
    }
    true
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        if p.is_dir() {
            if !matches!(name.as_ref(), "target" | ".git" | "node_modules") {
                yaml_files(&p, out);
            }
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            out.push(p);
        }
    }
}

/// A small deterministic generator (xorshift), so that a failure names its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// Scalars and pieces of scalars that sit at the edges of what YAML allows.
const WORDS: &[&str] = &[
    "a",
    "Cấp lại",
    "Sở Nội vụ",
    "1.004222",
    "15:00",
    "http://x.vn/a",
    "x: y",
    "a #b",
    "a#b",
    "-5",
    "- x",
    "x]",
    "[x",
    "a,b",
    "a, b",
    "it's",
    "'s'",
    "~",
    "null",
    "true",
    "10 working days",
    "R&D",
    "*x",
    "&x y",
    "!x",
    "|",
    ">",
    "?",
    "?x",
    ":x",
    "%x",
    "@x",
    "`x",
    "a:",
    "a :b",
    "a  b",
    "ở đây",
    "ĐĐĐ:ĐĐ",
    "x}",
    "{x",
    "#",
    "",
];

/// Scalars as catalogue files write them.
const COMMON: &[&str] = &[
    "a",
    "Cấp lại giấy phép",
    "Sở Nội vụ",
    "1.004222",
    "15:00",
    "10 working days",
    "50.000 đồng",
    "-20%",
    "true",
    "Owner's consent",
    "x > 5 and not online",
];

fn scalar(r: &mut Rng) -> String {
    let w = if r.below(5) == 0 {
        r.pick(WORDS)
    } else {
        r.pick(COMMON)
    };
    match r.below(12) {
        0 | 1 => format!("\"{w}\""),
        2 => format!("\"  {w} \""),
        3 => format!("'{}'", w.replace('\'', "''")),
        4 => format!("\"{}\"", r.pick(ESCAPED)),
        5 if r.below(3) == 0 => format!("*{}", r.pick(&["a", "b", "note", "x-1"])),
        6 if r.below(3) == 0 => format!("&{} {w}", r.pick(&["a", "b", "note", "x-1"])),
        _ => w.to_string(),
    }
}

/// Double-quoted texts with escapes, those YAML has and some it has not.
const ESCAPED: &[&str] = &[
    "line\\nnext",
    "say \\\"hi\\\"",
    "back\\\\slash",
    "tab\\there",
    "\\x41",
    "\\u00e9",
    "\\q",
    "end\\",
    "\\N\\_\\L\\P\\/\\ \\0",
];

fn key(r: &mut Rng) -> String {
    match r.below(10) {
        0 => format!("\"{}\"", r.pick(WORDS)),
        1 => r.pick(WORDS).to_string(),
        _ => r
            .pick(&["id", "name", "vi", "en", "fee", "a", "b", "tên", "phí"])
            .to_string(),
    }
}

fn space(r: &mut Rng) -> &'static str {
    ["", " ", "  "][r.below(3)]
}

fn flow(r: &mut Rng, depth: usize) -> String {
    if depth == 0 || r.below(3) == 0 {
        return scalar(r);
    }
    let n = r.below(4);
    let items: Vec<String> = (0..n)
        .map(|_| {
            if r.below(2) == 0 {
                flow(r, depth - 1)
            } else {
                let v = if r.below(8) == 0 {
                    String::new()
                } else {
                    flow(r, depth - 1)
                };
                format!("{}:{}{v}", key(r), [" ", "  ", ""][r.below(3)])
            }
        })
        .collect();
    let sep = if r.below(6) == 0 {
        format!(",\n{}", " ".repeat(r.below(8)))
    } else {
        format!("{},{}", space(r), space(r))
    };
    let (open, close) = if items.iter().any(|i| i.contains(':')) && r.below(4) != 0 {
        ("{", "}")
    } else {
        ["[", "{"][r.below(2)]
            .chars()
            .next()
            .map(|c| if c == '[' { ("[", "]") } else { ("{", "}") })
            .unwrap()
    };
    format!("{open}{}{}{}{close}", space(r), items.join(&sep), space(r))
}

fn comment(r: &mut Rng) -> &'static str {
    ["", "", "", "", "", "", " # ghi chú", " #x", "#x"][r.below(9)]
}

fn gaps(r: &mut Rng, indent: usize) -> String {
    match r.below(8) {
        0 => "\n".to_string(),
        1 => format!("{}# comment\n", " ".repeat(r.below(indent + 3))),
        2 => "   \n".to_string(),
        _ => String::new(),
    }
}

/// A block node at `indent`, written after a key's `:` or a `- ` (`inline` when it may start
/// on that line).
fn block(r: &mut Rng, indent: usize, depth: usize, out: &mut String, after_key: bool) {
    let choice = if depth == 0 {
        2 + r.below(2)
    } else {
        r.below(4)
    };
    if choice < 2 && r.below(8) == 0 {
        out.push_str([" &a", " &note", " &b "][r.below(3)]);
    }
    match choice {
        0 => {
            // A mapping on the following lines.
            let step = 1 + r.below(3);
            out.push_str(comment(r));
            out.push('\n');
            let n = 1 + r.below(4);
            for i in 0..n {
                out.push_str(&gaps(r, indent));
                let k = if i > 0 && r.below(12) == 0 {
                    "id".to_string()
                } else {
                    key(r)
                };
                out.push_str(&" ".repeat(indent + step));
                out.push_str(&k);
                out.push(':');
                block(r, indent + step, depth - 1, out, true);
            }
        }
        1 => {
            // A sequence: indented, or at the key's column.
            let at = if after_key && r.below(2) == 0 {
                indent
            } else {
                indent + 1 + r.below(3)
            };
            out.push_str(comment(r));
            out.push('\n');
            let n = 1 + r.below(4);
            for _ in 0..n {
                out.push_str(&gaps(r, at));
                out.push_str(&" ".repeat(at));
                out.push('-');
                if r.below(3) == 0 {
                    // A mapping that starts on the `-` line.
                    let pad = 1 + r.below(2);
                    out.push_str(&" ".repeat(pad));
                    let col = at + 1 + pad;
                    let m = 1 + r.below(3);
                    for j in 0..m {
                        if j > 0 {
                            out.push_str(&" ".repeat(col));
                        }
                        out.push_str(&key(r));
                        out.push(':');
                        block(r, col, depth - 1, out, true);
                    }
                } else {
                    out.push(' ');
                    let v = if r.below(2) == 0 {
                        flow(r, depth)
                    } else {
                        scalar(r)
                    };
                    out.push_str(&v);
                    out.push_str(comment(r));
                    out.push('\n');
                }
            }
        }
        2 => {
            out.push_str(space(r));
            out.push_str(&flow(r, 3));
            out.push_str(comment(r));
            out.push('\n');
        }
        _ => {
            if r.below(10) != 0 {
                out.push(' ');
            }
            out.push_str(&scalar(r));
            out.push_str(comment(r));
            out.push('\n');
        }
    }
}

fn document(r: &mut Rng) -> String {
    let mut out = String::new();
    if r.below(4) == 0 {
        out.push_str("# tệp thủ tục\n\n");
    }
    let n = 1 + r.below(5);
    if r.below(5) == 0 {
        for _ in 0..n {
            out.push_str("- ");
            out.push_str(&flow(r, 2));
            out.push('\n');
        }
    } else {
        for _ in 0..n {
            out.push_str(&gaps(r, 0));
            out.push_str(&key(r));
            out.push(':');
            block(r, 0, 4, &mut out, true);
        }
    }
    if r.below(3) == 0 {
        out.pop();
    }
    out
}

/// Characters that a one-byte change puts into a file.
const EDITS: &[&str] = &[
    " ", "\n", ":", "-", "#", ",", "[", "]", "{", "}", "\"", "'", "\t", "\\", "&", "*", "!", "|",
    ">", "?", "%", "@", "ở", "a", "  ", "- ", ": ", "\r\n",
];

fn mutations(text: &str, seed: u64, count: usize, limits: &Limits, what: &str) -> usize {
    let mut r = Rng(seed | 1);
    let mut answered = 0;
    for _ in 0..count {
        let mut t = text.to_string();
        for _ in 0..1 + r.below(2) {
            let mut at = r.below(t.len() + 1);
            while !t.is_char_boundary(at) {
                at -= 1;
            }
            match r.below(3) {
                0 => t.insert_str(at, r.pick(EDITS)),
                1 => {
                    let end = t[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                    t.replace_range(at..end, "");
                }
                _ => {
                    let end = t[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                    t.replace_range(at..end, r.pick(EDITS));
                }
            }
        }
        answered += usize::from(agree(&t, limits, what));
    }
    answered
}

#[test]
fn the_quick_reader_reads_every_file_in_the_repository_as_saphyr_parser_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    yaml_files(root, &mut files);
    files.sort();
    assert!(files.len() > 60, "{} YAML files", files.len());
    let limits = Limits::default();
    let mut answered = 0;
    let mut procedures = (0, 0);
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue; // files that are not UTF-8 are refused before any YAML is read
        };
        let ok = agree(&text, &limits, &f.display().to_string());
        answered += usize::from(ok);
        if f.starts_with(root.join("catalogue/procedures")) {
            procedures.0 += 1;
            procedures.1 += usize::from(ok);
        }
    }
    eprintln!(
        "quick reader: {answered} of {} repository files; {} of {} bundled procedures",
        files.len(),
        procedures.1,
        procedures.0
    );
    // It must carry the bundled catalogue, or it speeds nothing up.
    assert_eq!(
        procedures.1, procedures.0,
        "bundled procedures left to saphyr"
    );
}

#[test]
fn the_quick_reader_agrees_on_every_file_changed_a_byte_at_a_time() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    yaml_files(&root.join("catalogue"), &mut files);
    files.sort();
    let limits = Limits::default();
    let shallow = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    let mut answered = 0;
    let mut tried = 0;
    for (i, f) in files.iter().enumerate() {
        let text = std::fs::read_to_string(f).unwrap();
        let what = f.display().to_string();
        answered += mutations(&text, i as u64 * 7919 + 1, 60, &limits, &what);
        answered += mutations(&text, i as u64 * 104_729 + 3, 10, &shallow, &what);
        tried += 70;
    }
    eprintln!("quick reader: answered {answered} of {tried} changed files");
    assert!(answered > tried / 4, "{answered} of {tried}");
}

#[test]
fn the_quick_reader_agrees_on_generated_shapes() {
    let limits = Limits::default();
    let shallow = Limits {
        max_depth: 2,
        ..Limits::default()
    };
    let (mut answered, mut valid) = (0, 0);
    let runs: u64 = 20_000;
    for seed in 1..=runs {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let text = document(&mut r);
        let l = if seed % 10 == 0 { &shallow } else { &limits };
        answered += usize::from(agree(&text, l, &format!("seed {seed}")));
        valid += usize::from(Document::parse_full(&text, l).is_ok());
    }
    // Nesting at the edges of `max_depth` and of saphyr-parser's own flow limit.
    let deep = Limits {
        max_depth: 1000,
        ..Limits::default()
    };
    for depth in (1..70).chain(120..135).chain(250..262) {
        for (open, close) in [("[", "]"), ("{a: ", "}")] {
            let text = format!("x: {}1{}\n", open.repeat(depth), close.repeat(depth));
            agree(&text, &limits, &format!("depth {depth}"));
            agree(&text, &deep, &format!("depth {depth}"));
        }
        let block: String = (0..depth.min(80))
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        agree(&block, &limits, &format!("block depth {depth}"));
    }
    eprintln!(
        "quick reader: answered {answered} of {runs} generated documents, {valid} of which are valid"
    );
    // Not vacuous: it answers for a good share of the valid shapes.
    assert!(answered * 3 > valid, "{answered} of {valid}");
}
