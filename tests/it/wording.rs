//! Conditions are worded by people, never by negating a sentence: over every condition of the
//! bundled catalogue, and over every output that words conditions (`show`, `eval --explain`,
//! `decision`, `diff`, the review screen's detail), each yes/no fact reads as its author worded
//! that value, and no sentence the removed "Đã … → chưa …" rewriting would have made appears.

use crate::support::*;
use std::path::Path;
use thutuc::catalogue::{Catalogue, Source, load};
use thutuc::diag::Lang;
use thutuc::limits::Limits;
use thutuc::model::{FactDecl, Procedure};
use thutuc::rules::Type;
use thutuc::rules::ast::{CmpOp, Expr, Lit};

fn bundled_catalogue() -> Catalogue {
    let files = Source::Dir(bundled())
        .files(&Limits::default())
        .expect("the bundled catalogue");
    load(files, &Limits::default()).catalogue
}

/// What the removed rewriting made of a label: "chưa …" for "Đã …", "không …" before a
/// predicate, "không thuộc trường hợp: …" otherwise; "not: …" in English. Kept here only to
/// prove that none of it comes back.
fn old_rewrites(label: &str) -> Vec<String> {
    let lower = |s: &str| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    let mut v = vec![
        format!("không {}", lower(label)),
        format!("không thuộc trường hợp: {label}"),
        format!("not: {label}"),
    ];
    if let Some(rest) = label.strip_prefix("Đã ") {
        v.push(format!("chưa {rest}"));
    }
    v
}

fn bool_facts(cat: &Catalogue) -> Vec<&FactDecl> {
    cat.manifest
        .facts
        .iter()
        .chain(cat.procedures.iter().flat_map(|p| p.facts.iter()))
        .filter(|f| matches!(f.ty, Type::Bool))
        .collect()
}

/// Every sentence the old rewriting could have made of a yes/no fact of the catalogue.
fn forbidden(cat: &Catalogue) -> Vec<String> {
    let mut v: Vec<String> = bool_facts(cat)
        .iter()
        .flat_map(|f| {
            let mut out = old_rewrites(&f.label.vi);
            if let Some(en) = &f.label.en {
                out.extend(old_rewrites(en));
            }
            out
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

#[track_caller]
fn assert_clean(out: &str, forbidden: &[String], what: &str) {
    for f in forbidden {
        assert!(
            !out.contains(f.as_str()),
            "{what}: a generated negation \"{f}\" appears in:\n{out}"
        );
    }
}

/// The yes/no facts a condition reads, with the value it reads them as (after pushing `not`
/// down).
fn leaves<'e>(e: &'e Expr, neg: bool, out: &mut Vec<(&'e str, bool)>) {
    match e {
        Expr::Not(x, _) => leaves(x, !neg, out),
        Expr::And(v, _) | Expr::Or(v, _) => v.iter().for_each(|x| leaves(x, neg, out)),
        Expr::Fact(f, _) => out.push((f, !neg)),
        Expr::Cmp(a, op, b, _) => {
            if let (Expr::Fact(f, _), Expr::Lit(Lit::Bool(v), _)) = (&**a, &**b) {
                out.push((f, *v == ((*op == CmpOp::Eq) != neg)));
            }
        }
        _ => {}
    }
}

fn decl<'a>(cat: &'a Catalogue, p: &'a Procedure, f: &str) -> Option<&'a FactDecl> {
    p.facts
        .iter()
        .chain(cat.manifest.facts.iter())
        .find(|d| d.id.as_str() == f)
}

/// Every bool fact of the bundled catalogue has an author's wording for both values, and
/// every condition reads each fact by that wording, in both languages.
#[test]
fn every_condition_of_the_bundled_catalogue_reads_as_its_authors_worded_it() {
    let cat = bundled_catalogue();
    let bad = forbidden(&cat);
    assert!(
        bool_facts(&cat).len() >= 50,
        "{} yes/no facts in {} procedures",
        bool_facts(&cat).len(),
        cat.procedures.len()
    );
    for f in bool_facts(&cat) {
        for v in ["true", "false"] {
            let w = f.value_labels.iter().find(|(k, _)| k == v);
            assert!(
                w.is_some_and(|(_, t)| !t.vi.trim().is_empty() && t.en.is_some()),
                "{} has no wording for {v}",
                f.id.as_str()
            );
        }
    }
    let mut conditions = 0;
    let mut negated = 0;
    for p in &cat.procedures {
        for c in p.conditions() {
            conditions += 1;
            let mut uses = Vec::new();
            leaves(c, false, &mut uses);
            for lang in [Lang::Vi, Lang::En] {
                let refs = thutuc::wording::Refs::new(&cat.manifest, None, lang);
                let s = thutuc::wording::cond(c, p, &refs);
                assert_clean(&s, &bad, p.code.as_str());
                for (f, v) in &uses {
                    if *f == "online" {
                        continue;
                    }
                    negated += usize::from(!v);
                    let d = decl(&cat, p, f).expect("declared");
                    let w = d
                        .wording(if *v { "true" } else { "false" }, lang)
                        .expect("worded");
                    assert!(
                        s.contains(w),
                        "{} `{c}` should read \"{w}\", reads \"{s}\"",
                        p.code.as_str()
                    );
                }
            }
        }
    }
    assert!(conditions > 100, "{conditions} conditions");
    assert!(negated > 40, "{negated} negated uses");
    // The known bad case reads as the author worded "no".
    let p = cat.procedure("1.000419").expect("1.000419");
    let doc = p
        .all_documents()
        .find(|d| d.id.as_str() == "giay-bao-tu")
        .expect("Giấy báo tử");
    let refs = thutuc::wording::Refs::new(&cat.manifest, None, Lang::Vi);
    let s = thutuc::wording::cond(doc.when.as_ref().unwrap(), p, &refs);
    assert_eq!(
        s,
        "người yêu cầu không nộp bản điện tử Giấy báo tử và cơ quan đăng ký hộ tịch không khai thác được dữ liệu điện tử có ký số của Giấy báo tử"
    );
}

/// `validate` finds no condition of the bundled catalogue without its wording.
#[test]
fn the_bundled_catalogue_has_no_missing_wording() {
    let r = thutuc(&bundled(), &["validate", ".", "--format", "json"]);
    assert!(!r.stdout.contains("fact/wording-missing"), "{}", r.stdout);
}

/// A missing wording is a warning at the condition, and outputs show the label with the value.
#[test]
fn a_missing_wording_is_warned_and_shown_as_label_and_value() {
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("cat");
    copy_dir(&bundled(), &cat);
    let f = cat.join("procedures/ho-tich/1.000419.yaml");
    let s = std::fs::read_to_string(&f).unwrap();
    let i = s.find("  - id: death_notice_electronic").unwrap();
    let j = s.find("  - id: last_residence_unknown").unwrap();
    let k = i + s[i..j].find("    # Worded").unwrap();
    std::fs::write(&f, format!("{}{}", &s[..k], &s[j..])).unwrap();
    let r = thutuc(tmp.path(), &["validate", "cat"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(all.contains("fact/wording-missing"), "{all}");
    assert!(all.contains("1.000419.yaml:46:17"), "{all}");
    let r = thutuc(tmp.path(), &["show", "1.000419", "-C", "cat"]);
    assert!(
        r.stdout.contains(
            "(khi Đã nộp bản điện tử Giấy báo tử hoặc cơ quan đăng ký khai thác được dữ liệu điện tử của Giấy báo tử: không)"
        ),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("chưa nộp"), "{}", r.stdout);
}

fn codes(cat: &Catalogue) -> Vec<String> {
    cat.procedures
        .iter()
        .map(|p| p.code.value.to_string())
        .collect()
}

/// `show` of every procedure, in both languages.
#[test]
fn show_words_no_negation() {
    let cat = bundled_catalogue();
    let bad = forbidden(&cat);
    let dir = bundled();
    for code in codes(&cat) {
        for lang in ["vi", "en"] {
            let r = thutuc(&dir, &["show", &code, "--lang", lang, "-C", "."]);
            assert_eq!(r.code, 0, "{code}: {}", r.stderr);
            assert_clean(&r.stdout, &bad, &format!("show {code}"));
        }
    }
    let r = thutuc(&dir, &["show", "1.000419", "-C", "."]);
    assert!(
        r.stdout.contains("(khi người yêu cầu không nộp bản điện tử Giấy báo tử và cơ quan đăng ký hộ tịch không khai thác được dữ liệu điện tử có ký số của Giấy báo tử)"),
        "{}",
        r.stdout
    );
}

/// The arguments (`--channel`, `--set`) `eval` suggests when facts are missing.
fn suggested_sets(stderr: &str, code: &str) -> Vec<String> {
    let Some(line) = stderr
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("thutuc eval {code} ")))
    else {
        return Vec::new();
    };
    line.split_whitespace()
        .skip(3)
        .map(str::to_string)
        .collect()
}

/// `eval --explain` of every procedure, with every yes/no fact no and then yes.
#[test]
fn eval_explain_words_no_negation() {
    let cat = bundled_catalogue();
    let bad = forbidden(&cat);
    let dir = bundled();
    for code in codes(&cat) {
        let first = thutuc(&dir, &["eval", &code, "-C", "."]);
        let sets = suggested_sets(&first.stderr, &code);
        for flip in [false, true] {
            let mut args = vec![
                "eval".to_string(),
                code.clone(),
                "-C".into(),
                ".".into(),
                "--explain".into(),
            ];
            for s in &sets {
                args.push(if flip {
                    s.replace("=false", "=true")
                } else {
                    s.clone()
                });
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let r = thutuc(&dir, &args);
            assert_eq!(r.code, 0, "{code} {args:?}: {}", r.stderr);
            assert_clean(&r.stdout, &bad, &format!("eval {code}"));
        }
    }
}

/// A git repository whose first commit holds the bundled catalogue without procedures (or
/// without conditions when `without_conditions`) and whose second holds all of it.
fn repo(without_conditions: bool) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let cat = d.join("cat");
    copy_dir(&bundled(), &cat);
    let full = tmp.path().join("full");
    copy_dir(&bundled(), &full);
    // 2.001023 has no publishing act (its record's `QĐ/0001-BTP` is no act's number): as a
    // new procedure the decision rightly refuses it, which is not what these tests are about.
    std::fs::remove_file(full.join("procedures/ho-tich/2.001023.yaml")).unwrap();
    if without_conditions {
        strip_conditions(&cat.join("procedures"));
    } else {
        std::fs::remove_dir_all(cat.join("procedures")).unwrap();
        std::fs::create_dir_all(cat.join("procedures")).unwrap();
    }
    git_at(d, &["init", "-q", "-b", "main"]);
    git_at(d, &["add", "cat"]);
    git_at(d, &["commit", "-q", "-m", "v1"]);
    git_at(d, &["tag", "v1"]);
    std::fs::remove_dir_all(&cat).unwrap();
    std::fs::rename(&full, &cat).unwrap();
    git_at(d, &["add", "-A", "cat"]);
    git_at(d, &["commit", "-q", "-m", "v2"]);
    git_at(d, &["tag", "v2"]);
    tmp
}

/// Removes every document's and case's `when:` line.
fn strip_conditions(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            strip_conditions(&p);
        } else {
            let s = std::fs::read_to_string(&p).unwrap();
            let kept: Vec<&str> = s
                .lines()
                .filter(|l| !l.trim_start().starts_with("when: "))
                .collect();
            std::fs::write(&p, kept.join("\n") + "\n").unwrap();
        }
    }
}

/// The decision publishing every procedure as new words each condition in Part II.
#[test]
fn decision_words_no_negation() {
    let tmp = repo(false);
    let cat = bundled_catalogue();
    let bad = forbidden(&cat);
    for (format, lang) in [("markdown", "vi"), ("json", "vi"), ("markdown", "en")] {
        let out = tmp.path().join(format!("qd-{lang}.{format}"));
        let out_s = out.to_str().unwrap();
        let r = thutuc(
            tmp.path(),
            &[
                "decision", "-C", "cat", "--from", "v1", "--to", "v2", "--format", format,
                "--lang", lang, "--output", out_s,
            ],
        );
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        let s = std::fs::read_to_string(&out).unwrap();
        assert_clean(&s, &bad, &format!("decision {format} {lang}"));
        if lang == "vi" {
            assert!(
                s.contains("người yêu cầu không nộp bản điện tử Giấy báo tử và cơ quan đăng ký hộ tịch không khai thác được dữ liệu điện tử có ký số của Giấy báo tử"),
                "{format}"
            );
        }
    }
}

/// `diff` and the review screen's detail, where every condition was added.
#[test]
fn diff_and_review_detail_word_no_negation() {
    let tmp = repo(true);
    let cat = bundled_catalogue();
    let bad = forbidden(&cat);
    for lang in ["vi", "en"] {
        let r = thutuc(
            tmp.path(),
            &["diff", "-C", "cat", "v1", "v2", "--lang", lang],
        );
        assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
        assert_clean(&r.stdout, &bad, &format!("diff {lang}"));
        if lang == "vi" {
            assert!(
                r.stdout
                    .contains("khi người yêu cầu không nộp bản điện tử Giấy báo tử"),
                "{}",
                r.stdout
            );
        }
    }
    use thutuc::tui::components::Detail;
    use thutuc::tui::data::{self, Origin, Request, RevSpec};
    let origin = Origin {
        dir: Some(tmp.path().join("cat")),
        limits: Default::default(),
    };
    let snap = std::sync::Arc::new(
        data::load(
            &origin,
            &Request {
                a: RevSpec::Rev("v1".into()),
                b: RevSpec::Rev("v2".into()),
            },
        )
        .expect("loads"),
    );
    for lang in [Lang::Vi, Lang::En] {
        for code in codes(&cat) {
            let mut d = Detail::default();
            d.lang = lang;
            d.show(Some(snap.clone()), Some(&code));
            let text = d.text();
            assert!(text.contains(cat.procedure(&code).unwrap().name.get(lang)));
            assert_clean(&text, &bad, &format!("review {code}"));
        }
    }
}
