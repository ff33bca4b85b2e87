//! The layers of docs/ARCHITECTURE.md hold: every `crate::` path of a module names a module of
//! its own layer or of a layer below, and no two top-level modules import each other (directly
//! or round a longer circle). The layer list is read from the document itself, so the document
//! and the code cannot drift apart.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Layers from the ```layers block, top first: (layer name, its modules).
fn layers(doc: &str) -> Vec<(String, Vec<String>)> {
    let block = doc
        .split("```layers\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("docs/ARCHITECTURE.md has a ```layers block");
    block
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (name, mods) = l.split_once(':').expect("`layer: modules` lines");
            (
                name.trim().to_string(),
                mods.split_whitespace().map(str::to_string).collect(),
            )
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to (`src/eval/fee.rs` → `eval`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_string())
}

/// The top-level modules a source text names through `crate::` (or `thutuc::` from main).
fn imports(text: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.trim_start();
        // Comments and doc comments may link anywhere; only code imports.
        if code.starts_with("//") {
            continue;
        }
        let mut rest = code;
        while let Some(i) = rest.find(prefix) {
            let before = rest[..i].chars().last();
            rest = &rest[i + prefix.len()..];
            // `$crate::` inside a macro, or a path segment such as `foo_crate::`.
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() {
                continue;
            }
            // `crate::tr!` is the message macro of `diag`; `crate::exit` the exit codes of lib.rs.
            let name = match name.as_str() {
                "tr" => "diag".to_string(),
                _ => name,
            };
            out.insert(name);
        }
    }
    out
}

/// The layers, top first, and each module with the modules it imports.
type Layers = Vec<(String, Vec<String>)>;
type Graph = BTreeMap<String, BTreeSet<String>>;

fn graph() -> (Layers, Graph) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/ARCHITECTURE.md")).unwrap();
    let layers = layers(&doc);
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let Some(m) = module_of(&src, &f) else {
            continue;
        };
        let text = std::fs::read_to_string(&f).unwrap();
        let prefix = if m == "main" { "thutuc::" } else { "crate::" };
        let deps = g.entry(m.clone()).or_default();
        for d in imports(&text, prefix) {
            if d != m && d != "exit" {
                deps.insert(d);
            }
        }
    }
    (layers, g)
}

#[test]
fn every_module_is_in_one_layer() {
    let (layers, g) = graph();
    let mut seen = BTreeMap::new();
    for (layer, mods) in &layers {
        for m in mods {
            assert!(
                seen.insert(m.clone(), layer.clone()).is_none(),
                "`{m}` is named in two layers of docs/ARCHITECTURE.md"
            );
        }
    }
    for m in g.keys() {
        assert!(
            seen.contains_key(m),
            "src/{m} is in no layer: add it to the ```layers block of docs/ARCHITECTURE.md"
        );
    }
}

#[test]
fn imports_run_down_only() {
    let (layers, g) = graph();
    let rank: BTreeMap<&str, usize> = layers
        .iter()
        .enumerate()
        .flat_map(|(i, (_, mods))| mods.iter().map(move |m| (m.as_str(), i)))
        .collect();
    let mut wrong = Vec::new();
    for (m, deps) in &g {
        let Some(&rm) = rank.get(m.as_str()) else {
            continue;
        };
        for d in deps {
            match rank.get(d.as_str()) {
                // Layers are listed top first: a smaller index is a higher layer.
                Some(&rd) if rd < rm => wrong.push(format!(
                    "{m} ({}) imports {d} ({}), a layer above it",
                    layers[rm].0, layers[rd].0
                )),
                Some(_) => {}
                None => wrong.push(format!("{m} imports {d}, which is in no layer")),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that run up:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_circle_between_modules() {
    let (_, g) = graph();
    // Depth-first search for a back edge; the path to it is the circle.
    fn visit<'a>(
        m: &'a str,
        g: &'a BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
        found: &mut Vec<String>,
    ) {
        state.insert(m, 1);
        path.push(m);
        for d in g.get(m).into_iter().flatten() {
            match state.get(d.as_str()) {
                Some(1) => {
                    let i = path.iter().position(|x| *x == d).unwrap();
                    let mut c: Vec<&str> = path[i..].to_vec();
                    c.push(d);
                    found.push(c.join(" → "));
                }
                Some(_) => {}
                None => visit(d, g, state, path, found),
            }
        }
        path.pop();
        state.insert(m, 2);
    }
    let mut state = BTreeMap::new();
    let mut found = Vec::new();
    for m in g.keys() {
        if !state.contains_key(m.as_str()) {
            visit(m, &g, &mut state, &mut Vec::new(), &mut found);
        }
    }
    assert!(
        found.is_empty(),
        "circles between modules:\n{}",
        found.join("\n")
    );
}

/// The scanner itself: comments are not imports, `$crate::` is not a path of the file, and
/// the message macro counts as `diag`.
#[test]
fn the_scanner_reads_paths_as_rust_does() {
    let text = "use crate::model::Procedure;\n/// see [`crate::tui`]\nlet x = $crate::diag::Tr;\nlet y = crate::tr!(\"a\", \"b\");\nuse crate::shape::{Cx, Kind};";
    let got: Vec<String> = imports(text, "crate::").into_iter().collect();
    assert_eq!(got, ["diag", "model", "shape"]);
}
