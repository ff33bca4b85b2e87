//! Entry points for the fuzz targets in `fuzz/` and for the regression tests that replay the
//! inputs they found (`fuzz/regressions/`), so both run exactly the same code. Each takes
//! arbitrary bytes and must never panic, overflow its stack or run away with time or memory;
//! the property checks inside panic on purpose when a property is broken.

use crate::catalogue::{Catalogue, InputFile, Source, load, parse_owned};
use crate::diag::{Lang, render};
use crate::limits::Limits;
use crate::rules::check::{check_condition, check_deadline};
use crate::rules::parse::{self, Origin, RuleError};
use crate::rules::{Env, Type};
use crate::shape::Cx;
use std::fmt::Display;
use std::path::PathBuf;
use std::sync::LazyLock;

fn file(rel: &str, bytes: &[u8]) -> InputFile {
    InputFile {
        rel: rel.into(),
        display: PathBuf::from(rel),
        bytes: Ok(bytes.to_vec()),
    }
}

/// The bundled catalogue without its overlays, loaded once.
static NATIONAL: LazyLock<Catalogue> = LazyLock::new(|| {
    let files = Source::Bundled
        .files(&Limits::default())
        .expect("bundled")
        .into_iter()
        .filter(|f| !f.rel.starts_with("provinces/"))
        .collect();
    load(files, &Limits::default()).catalogue
});

/// The bundled manifest's bytes, collected once rather than with every input.
static MANIFEST: LazyLock<Vec<u8>> = LazyLock::new(|| {
    Source::Bundled
        .files(&Limits::default())
        .expect("bundled")
        .into_iter()
        .find(|f| f.rel == crate::catalogue::MANIFEST)
        .and_then(|f| f.bytes.ok())
        .expect("bundled manifest")
});

/// `data` as a procedure file next to the bundled manifest, through the real loading path
/// (UTF-8, the YAML tree within the default limits, decoding against the shapes, rules
/// parsed and type-checked, catalogue-wide checks), then every finding rendered for people
/// and machines, and the rules printed back. What people read must hold no control character
/// or bidi override of the input (they are shown escaped: [`crate::sanitize`]).
pub fn load_procedure(data: &[u8]) {
    // Where the quick YAML reader answers, it answers as saphyr-parser does.
    if let Ok(text) = std::str::from_utf8(data) {
        let limits = Limits::default();
        if let Some(quick) = crate::yaml::Document::parse_quick(text, &limits) {
            assert_eq!(
                crate::yaml::Document::parse_full(text, &limits),
                Ok(quick),
                "the quick YAML reader differs from saphyr-parser"
            );
        }
    }
    let files = vec![
        file(crate::catalogue::MANIFEST, &MANIFEST),
        file("procedures/cu-tru/1.004222.yaml", data),
    ];
    let loaded = load(files, &Limits::default());
    let diags = &loaded.diagnostics;
    let summary = render::Summary::of(loaded.files, diags);
    let human = render::human(diags, summary, Lang::En, false);
    if let Some(c) = human.chars().find(|&c| crate::sanitize::is_unsafe(c)) {
        panic!("{c:?} reached the terminal output:\n{human}");
    }
    let _ = render::human(diags, summary, Lang::Vi, true);
    let _ = render::json(diags, summary, Lang::Vi);
    let _ = render::github(diags, Lang::En);
    let _ = render::sarif(diags, Lang::En);
    let _ = render::junit(&[], diags, Lang::Vi);
    for p in &loaded.catalogue.procedures {
        for c in &p.channels {
            let _ = c.deadline.value.to_string();
        }
        for r in &p.discounts.rules {
            let _ = r.rule.value.to_string();
        }
    }
}

/// Parses, prints, parses the print and prints again: both prints must agree, and what the
/// printer writes must parse.
fn round_trip<T: Display>(
    text: &str,
    parse: fn(&str, &Origin) -> Result<T, RuleError>,
) -> Option<T> {
    let o = Origin::detached();
    let first = parse(text, &o).ok()?;
    let printed = first.to_string();
    let again = match parse(&printed, &o) {
        Ok(v) => v,
        Err(e) => panic!("{text:?} printed as {printed:?}, which does not parse: {e:?}"),
    };
    assert_eq!(again.to_string(), printed, "{text:?}");
    Some(first)
}

/// The first byte chooses the kind of rule (condition, money, deadline, discount); the rest,
/// as text no longer than the default rule limit, is parsed, type-checked against a few
/// facts of every type, and printed back (see `round_trip`).
pub fn rule(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if text.len() > Limits::default().max_rule_bytes {
        return;
    }
    let mut env = Env::with_builtins(&["direct", "postal", "online_full", "online_partial"]);
    for (name, ty) in [
        ("age", Type::Number),
        ("fee_exempt", Type::Bool),
        ("income", Type::Money),
        ("name", Type::Text),
        ("born", Type::Date),
        ("case", Type::Enum(vec!["own_home".into(), "rented".into()])),
    ] {
        env.insert(name, ty);
    }
    let mut errors = Vec::new();
    match which % 4 {
        0 => {
            if let Some(e) = round_trip(text, parse::condition) {
                check_condition(&e, &env, &mut errors);
            }
        }
        1 => {
            round_trip(text, parse::money);
        }
        2 => {
            if let Some(d) = round_trip(text, parse::deadline) {
                check_deadline(&d, &env, &mut errors);
            }
        }
        _ => {
            if let Some(d) = round_trip(text, parse::discount)
                && let Some(w) = &d.when
            {
                check_condition(w, &env, &mut errors);
            }
        }
    }
}

/// `data` as a province overlay over the bundled national catalogue: read against its
/// shape, checked against the procedures it localises, then merged into localised
/// procedures whose rules are printed.
pub fn overlay(data: &[u8]) {
    let cat = &*NATIONAL;
    let limits = Limits::default();
    let rel = "provinces/da-nang.yaml";
    let Ok((src, doc)) = parse_owned(file(rel, data), &limits) else {
        return;
    };
    let mut cx = Cx::new(&doc, &src, &limits);
    let root = doc.root().expect("non-empty document");
    let Some(p) = crate::province::read(&mut cx, root) else {
        return;
    };
    let mut diags = cx.diags;
    let fields: Vec<&str> = cat.manifest.fields.iter().map(|f| f.id.as_str()).collect();
    let broken = std::collections::HashSet::new();
    let national = crate::province::National {
        procedures: &cat.procedures,
        broken: &broken,
    };
    crate::province::check(&p, &national, &fields, rel, &mut diags);
    let summary = render::Summary::of(1, &diags);
    let _ = render::human(&diags, summary, Lang::Vi, false);
    for local in crate::province::localise(&p, &cat.procedures) {
        for c in &local.channels {
            let _ = c.deadline.value.to_string();
        }
        for r in &local.discounts.rules {
            let _ = r.rule.value.to_string();
        }
    }
}
