//! The analysis agrees with the evaluator: every example it gives shows its finding when
//! evaluated, and random applicants never meet a gap or an overlap it did not report.

use super::*;
use crate::catalogue::{self, Catalogue, InputFile};
use crate::eval::{Program, Request};
use proptest::prelude::*;
use std::sync::Arc;

const MANIFEST: &str = "\
name: { vi: Danh mục thử }
language: vi
levels: [{ id: commune, name: { vi: Cấp xã } }]
fields: [{ id: cu-tru, name: { vi: Cư trú } }]
facts:
  - { id: fee_exempt, type: bool, label: { vi: Thuộc diện miễn lệ phí } }
legal:
  - { id: tt-1, number: 1/2023/TT-BTC, title: { vi: Thông tư thử }, issued: 2023-01-01, lapsed: 2025-12-31 }
";

const HEAD: &str = "\
code: \"1.000001\"
name: { vi: Thủ tục thử }
field: cu-tru
levels: [commune]
legal_basis: [tt-1]
agencies: { implementing: { vi: Công an cấp Xã } }
facts:
  - { id: a, type: bool, label: { vi: Điều kiện A } }
  - { id: b, type: bool, label: { vi: Điều kiện B } }
  - id: e
    type: enum
    values: [x, y, z]
    value_labels: { x: { vi: giá trị X }, y: { vi: giá trị Y }, z: { vi: giá trị Z } }
    label: { vi: Trường hợp E }
  - { id: n, type: count, label: { vi: Số trang } }
";

fn load(body: &str) -> Catalogue {
    load_text(format!("{HEAD}{body}"))
}

/// Loads the test manifest with one procedure file; it must have no error.
fn load_text(text: String) -> Catalogue {
    let file = |rel: &str, text: String| InputFile {
        rel: rel.to_string(),
        display: rel.into(),
        bytes: Ok(text.into_bytes()),
    };
    let loaded = catalogue::load(
        vec![
            file("catalogue.yaml", MANIFEST.to_string()),
            file("procedures/cu-tru/1.000001.yaml", text.clone()),
        ],
        &crate::limits::Limits::default(),
    );
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message.en))
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    loaded.catalogue
}

fn today() -> Date {
    jiff::civil::date(2026, 12, 6)
}

fn run(cat: &Catalogue) -> Vec<Finding> {
    analyse(
        &cat.procedures[0],
        &Options {
            today: today(),
            manifest: &cat.manifest,
        },
    )
}

fn codes(f: &[Finding]) -> Vec<&'static str> {
    f.iter().map(|f| f.code).collect()
}

/// A value of each declared type, for facts an example leaves open.
fn any_value(ty: &Type) -> Value {
    match ty {
        Type::Bool => Value::Bool(false),
        Type::Enum(v) => Value::Text(v[0].as_str().into()),
        Type::Count | Type::Number => Value::Number(crate::money::Dec(0)),
        Type::Money => Value::Money(crate::money::Money(0)),
        Type::Date => Value::Date(today()),
        Type::Text => Value::Text("x".into()),
    }
}

struct Seen {
    cases: Vec<(String, bool)>,
    discounts: Vec<(String, bool)>,
    docs: Vec<String>,
    fees: Vec<String>,
}

/// Evaluates the procedure for an applicant: the given facts over any values for the rest.
fn eval(cat: &Catalogue, channel: ChannelKind, received: Date, facts: &[(String, Value)]) -> Seen {
    let p = &cat.procedures[0];
    let prog = Program::new(Arc::new(p.clone()));
    let req = Request {
        channel,
        received: None,
        today: received,
    };
    let mut v = prog.facts_for(&req);
    let declared = crate::eval::facts::Declared::new(&cat.manifest, p);
    for (i, name) in prog.slots.names.iter().enumerate() {
        if v[i].is_none() {
            v[i] = match name.as_str() {
                "received" => Some(Value::Date(received)),
                n => declared.get(n).map(|d| any_value(&d.ty)),
            };
        }
    }
    for (n, val) in facts {
        if let Some(s) = prog.slots.get(n) {
            v[s as usize] = Some(val.clone());
        }
    }
    let out = prog
        .eval(&req, &v, &cat.calendar(), true)
        .unwrap_or_else(|e| panic!("{e}"));
    let fired = |kind: &str| {
        out.trace
            .iter()
            .filter(|t| t.kind == kind)
            .map(|t| (t.id.clone(), t.fired))
            .collect()
    };
    Seen {
        cases: fired("case"),
        discounts: fired("discount"),
        docs: out
            .documents
            .iter()
            .map(|d| d.doc.id.value.to_string())
            .collect(),
        fees: out
            .fees
            .iter()
            .map(|f| f.item.id.value.to_string())
            .collect(),
    }
}

/// Checks that evaluating a finding's example shows the finding.
fn shows(cat: &Catalogue, f: &Finding) {
    let p = &cat.procedures[0];
    let Some(ex) = &f.example else { return };
    if f.ids.is_empty() {
        return;
    }
    let channel = ex.channel.unwrap_or(*p.channels[0].kind);
    let day = ex.received().unwrap_or(today());
    let s = eval(cat, channel, day, &ex.facts);
    let is_case = |id: &str| p.dossier.cases.iter().any(|c| c.id.value == id);
    let is_discount = |id: &str| p.discounts.rules.iter().any(|c| c.id.value == id);
    let is_doc = |id: &str| p.all_documents().any(|c| c.id.value == id);
    let fired = |list: &[(String, bool)], id: &str| list.iter().any(|(i, on)| i == id && *on);
    let id = f.ids[0].as_str();
    let ctx = format!("{} {:?} {:?}", f.code, f.ids, ex.words.vi);
    match f.code {
        GAP => assert!(s.cases.iter().all(|(_, on)| !on), "{ctx}"),
        OVERLAP => assert!(f.ids.iter().all(|i| fired(&s.cases, i)), "{ctx}"),
        DUP_DOC => {
            let n = s.docs.iter().filter(|d| f.ids.contains(d)).count();
            assert!(n >= 2, "{ctx}");
        }
        DUP_FEE => {
            let n = s.fees.iter().filter(|d| f.ids.contains(d)).count();
            assert!(n >= 2, "{ctx}");
        }
        DISCOUNT_OVERLAP => assert!(f.ids.iter().all(|i| fired(&s.discounts, i)), "{ctx}"),
        NEVER | STALE | WINDOW | AFTER_LAPSE => {
            if is_case(id) {
                assert!(!fired(&s.cases, id), "{ctx}");
            } else if is_discount(id) {
                assert!(!fired(&s.discounts, id), "{ctx}");
            } else if is_doc(id) {
                assert!(!s.docs.iter().any(|d| d == id), "{ctx}");
            } else {
                assert!(!s.fees.iter().any(|d| d == id), "{ctx}");
            }
        }
        ALWAYS => {
            if is_case(id) {
                assert!(fired(&s.cases, id), "{ctx}");
            } else if is_discount(id) {
                assert!(fired(&s.discounts, id), "{ctx}");
            } else if is_doc(id) {
                assert!(s.docs.iter().any(|d| d == id), "{ctx}");
            } else {
                assert!(s.fees.iter().any(|d| d == id), "{ctx}");
            }
        }
        _ => {}
    }
}

#[test]
fn each_kind_of_finding_with_an_example_that_eval_shows() {
    let body = "\
channels:
  - channel: online_full
    deadline: 5 working days when e == \"x\" else 3 working days when e == \"x\" and a else 7 working days
    fees:
      - { id: le-phi, name: { vi: Lệ phí }, amount: \"10,000 VND\", when: not fee_exempt }
      - { id: le-phi-2, name: { vi: Lệ phí }, amount: \"10,000 VND\" }
      - { id: phi, name: { vi: Phí }, amount: \"5,000 VND\", when: a and not a }
  - channel: direct
    deadline: 7 working days
    fees:
      - { id: le-phi, name: { vi: Lệ phí }, amount: \"20,000 VND\", when: n >= 0 }
discounts:
  rules:
    - { id: g1, rule: 50% off le-phi when a from 2026-01-01 until 2026-12-31, basis: tt-1 }
    - { id: g2, rule: 20% off le-phi when not b from 2026-06-01, basis: tt-1 }
    - { id: g3, rule: 10% off le-phi from 2024-01-01 until 2025-06-30, basis: tt-1 }
    - { id: g4, rule: 10% off le-phi when received >= 2027-01-01 until 2026-12-31, basis: tt-1 }
    - { id: g5, rule: 10% off le-phi from 2026-03-01, basis: tt-1 }
dossier:
  documents:
    - { id: to-khai, name: { vi: Tờ khai }, originals: 1 }
    - { id: to-khai-2, name: { vi: Tờ khai }, originals: 1, when: a }
  cases:
    - id: c1
      name: { vi: Trường hợp 1 }
      when: e == \"x\"
      documents:
        - { id: d1, name: { vi: Giấy 1 }, originals: 1, when: e == \"y\" }
        - { id: d2, name: { vi: Giấy 2 }, originals: 1, when: e != \"y\" }
    - id: c2
      name: { vi: Trường hợp 2 }
      when: e == \"y\" or a
      documents: []
    - id: c3
      name: { vi: Trường hợp 3 }
      when: e == \"z\" and n > 2
      documents: []
";
    let cat = load(body);
    let found = run(&cat);
    let mut got = codes(&found);
    got.sort_unstable();
    got.dedup();
    for want in CODES.iter().filter(|c| **c != TOO_COMPLEX) {
        assert!(got.contains(want), "{want} missing: {got:?}");
    }
    for f in &found {
        assert!(f.example.is_some() || f.code == TOO_COMPLEX, "{}", f.code);
        assert!(!f.places.is_empty());
        shows(&cat, f);
    }
    // The gap's example in the applicant's words.
    let gap = found.iter().find(|f| f.code == GAP).unwrap();
    let words = &gap.example.as_ref().unwrap().words.vi;
    assert!(
        words.starts_with("ví dụ: ") && words.ends_with("→ không có trường hợp nào áp dụng"),
        "{words}"
    );
    assert!(words.contains("Trường hợp E = giá trị Z"), "{words}");
    assert!(words.contains("Điều kiện A = không"), "{words}");
}

#[test]
fn a_count_splits_at_the_constants_it_is_compared_with() {
    // n > 2 and n < 3 has no whole number: never; n > 2 and n < 4 is n = 3.
    let body = "\
channels: [{ channel: direct, deadline: 7 working days, fees: [] }]
dossier:
  documents:
    - { id: d1, name: { vi: Giấy 1 }, originals: 1, when: n > 2 and n < 3 }
    - { id: d2, name: { vi: Giấy 2 }, originals: 1, when: n > 2 and n < 4 }
    - { id: d3, name: { vi: Giấy 3 }, originals: 1, when: n >= 0 }
";
    let cat = load(body);
    let found = run(&cat);
    let never: Vec<&str> = found
        .iter()
        .filter(|f| f.code == NEVER)
        .map(|f| f.ids[0].as_str())
        .collect();
    assert_eq!(never, ["d1"]);
    let always: Vec<&str> = found
        .iter()
        .filter(|f| f.code == ALWAYS)
        .map(|f| f.ids[0].as_str())
        .collect();
    assert_eq!(always, ["d3"]);
}

/// A document whose condition says that `pigeons` pigeons sit in `holes` holes (facts
/// p{pigeon}{hole}), every pigeon in a hole and no two in one hole: it never holds when there
/// are more pigeons than holes, and a search without learning must try a great many
/// combinations to see it.
fn pigeonhole(pigeons: usize, holes: usize) -> Vec<Finding> {
    let mut facts = String::new();
    let mut terms = Vec::new();
    for i in 0..pigeons {
        for j in 0..holes {
            facts.push_str(&format!(
                "  - {{ id: p{i}{j}, type: bool, label: {{ vi: Thông tin {i}{j} }} }}\n"
            ));
        }
        let any: Vec<String> = (0..holes).map(|j| format!("p{i}{j}")).collect();
        terms.push(format!("({})", any.join(" or ")));
    }
    for j in 0..holes {
        for i in 0..pigeons {
            for k in i + 1..pigeons {
                terms.push(format!("(not p{i}{j} or not p{k}{j})"));
            }
        }
    }
    let cond = terms.join(" and ");
    let body = format!(
        "channels: [{{ channel: direct, deadline: 7 working days, fees: [] }}]
dossier:
  documents:
    - {{ id: d1, name: {{ vi: Giấy 1 }}, originals: 1, when: \"{cond}\" }}
"
    );
    let text = format!("{HEAD}{body}").replace(
        "  - { id: n, type: count, label: { vi: Số trang } }\n",
        &format!("  - {{ id: n, type: count, label: {{ vi: Số trang }} }}\n{facts}"),
    );
    run(&load_text(text))
}

#[test]
fn a_condition_over_thirty_facts_is_decided_or_too_complex_never_a_hang() {
    // 30 facts: decided exactly within the bound.
    assert_eq!(codes(&pigeonhole(6, 5)), [NEVER]);
    // 42 facts: past the bound, said so at the rule, not guessed.
    let found = pigeonhole(7, 6);
    assert_eq!(codes(&found), [TOO_COMPLEX], "{found:?}");
    assert!(
        found[0].message.vi.contains("quá phức tạp"),
        "{:?}",
        found[0].message
    );
    // The parser refuses deeper nesting than 32 levels; the search has its own bound too.
    let mut e = CExpr::Slot(3);
    for _ in 0..200 {
        e = CExpr::Not(Box::new(e));
    }
    assert!(solve::too_deep(&e));
    let types = vec![None, None, None, Some(Type::Bool)];
    let sp = Space {
        types: &types,
        channel: 0,
        online: 1,
    };
    assert!(matches!(
        solve::solve(&sp, &[ChannelKind::Direct], &[(&e, true)]),
        Answer::TooComplex(Why::Depth)
    ));
}

#[test]
fn the_bundled_catalogue_has_only_the_documented_findings() {
    let loaded = catalogue::load(
        catalogue::Source::Bundled
            .files(&crate::limits::Limits::default())
            .unwrap(),
        &crate::limits::Limits::default(),
    );
    let mut got = Vec::new();
    for p in &loaded.catalogue.procedures {
        for f in analyse(
            p,
            &Options {
                today: today(),
                manifest: &loaded.catalogue.manifest,
            },
        ) {
            got.push(format!("{} {} {:?}", p.code.value, f.code, f.ids));
        }
    }
    // True and kept: the online reduction of the driving-licence charge (Circular
    // 63/2023/TT-BTC, 01/12/2023–31/12/2025) is stale at the catalogue's date, and stays so
    // that dossiers received in that window are still evaluated at 115.000 đồng.
    assert_eq!(
        got,
        [
            "3.000346 analysis/stale [\"online-2023\"]",
            "3.000348 analysis/stale [\"online-2023\"]"
        ]
    );
}

// ---- property: analysis and evaluator agree ------------------------------------------------

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_string()),
        Just("not a".to_string()),
        Just("b".to_string()),
        Just("not b".to_string()),
        Just("e == \"x\"".to_string()),
        Just("e != \"y\"".to_string()),
        Just("e in [\"x\", \"z\"]".to_string()),
        Just("n > 2".to_string()),
        Just("n <= 1".to_string()),
        Just("n == 3".to_string()),
        Just("online".to_string()),
        Just("fee_exempt".to_string()),
    ]
}

fn condition() -> impl Strategy<Value = String> {
    (prop::collection::vec(atom(), 1..=3), prop::bool::ANY)
        .prop_map(|(atoms, and)| atoms.join(if and { " and " } else { " or " }))
}

fn when(c: Option<String>) -> String {
    c.map(|c| format!(", when: '{c}'")).unwrap_or_default()
}

fn procedure() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(condition(), 2..=3),
        prop::collection::vec(prop::option::of(condition()), 3),
        prop::collection::vec(prop::option::of(condition()), 2),
        prop::collection::vec((prop::option::of(condition()), 0usize..4), 0..=2),
    )
        .prop_map(|(cases, docs, fees, discounts)| {
            let windows = [
                "",
                " from 2026-01-01",
                " until 2026-06-30",
                " from 2025-01-01 until 2026-12-31",
            ];
            let mut s = String::from("channels:\n");
            for ch in ["online_full", "direct"] {
                s.push_str(&format!(
                    "  - channel: {ch}\n    deadline: 7 working days\n    fees:\n      - {{ id: le-phi, name: {{ vi: Lệ phí }}, amount: \"10,000 VND\"{} }}\n      - {{ id: phi, name: {{ vi: Lệ phí }}, amount: \"5,000 VND\"{} }}\n",
                    when(fees[0].clone()),
                    when(fees[1].clone())
                ));
            }
            if !discounts.is_empty() {
                s.push_str("discounts:\n  rules:\n");
                for (i, (c, w)) in discounts.iter().enumerate() {
                    let c = c.as_ref().map(|c| format!(" when {c}")).unwrap_or_default();
                    s.push_str(&format!(
                        "    - {{ id: g{i}, rule: '10% off le-phi{c}{}', basis: tt-1 }}\n",
                        windows[*w]
                    ));
                }
            }
            s.push_str("dossier:\n  documents:\n");
            s.push_str(&format!(
                "    - {{ id: d0, name: {{ vi: Tờ khai }}, originals: 1{} }}\n",
                when(docs[0].clone())
            ));
            s.push_str("  cases:\n");
            for (i, c) in cases.iter().enumerate() {
                s.push_str(&format!(
                    "    - id: c{i}\n      name: {{ vi: Trường hợp {i} }}\n      when: '{c}'\n      documents:\n        - {{ id: d{}, name: {{ vi: Tờ khai }}, originals: 1{} }}\n",
                    i + 1,
                    when(docs[(i + 1) % 3].clone())
                ));
            }
            s
        })
}

fn applicant() -> impl Strategy<Value = (bool, bool, bool, u8, u8, bool, u8)> {
    (
        prop::bool::ANY,
        prop::bool::ANY,
        prop::bool::ANY,
        0u8..3,
        0u8..6,
        prop::bool::ANY,
        0u8..4,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn analysis_and_eval_agree(body in procedure(), people in prop::collection::vec(applicant(), 24)) {
        let cat = load(&body);
        let found = run(&cat);
        for f in &found {
            shows(&cat, f);
        }
        let gap = found.iter().any(|f| f.code == GAP);
        let overlaps: Vec<&Vec<String>> =
            found.iter().filter(|f| f.code == OVERLAP).map(|f| &f.ids).collect();
        let days = [
            jiff::civil::date(2024, 6, 1),
            jiff::civil::date(2026, 3, 1),
            jiff::civil::date(2026, 9, 1),
            jiff::civil::date(2027, 2, 1),
        ];
        for (a, b, ex, e, n, online, day) in people {
            let facts = vec![
                ("a".to_string(), Value::Bool(a)),
                ("b".to_string(), Value::Bool(b)),
                ("fee_exempt".to_string(), Value::Bool(ex)),
                ("e".to_string(), Value::Text(["x", "y", "z"][e as usize].into())),
                ("n".to_string(), Value::Number(crate::money::Dec(n as i64 * 1000))),
            ];
            let channel = if online { ChannelKind::OnlineFull } else { ChannelKind::Direct };
            let s = eval(&cat, channel, days[day as usize], &facts);
            let on: Vec<&String> = s.cases.iter().filter(|(_, on)| *on).map(|(i, _)| i).collect();
            prop_assert!(!on.is_empty() || gap, "unreported gap: {facts:?}\n{body}");
            for i in 0..on.len() {
                for j in i + 1..on.len() {
                    prop_assert!(
                        overlaps.iter().any(|ids| ids.contains(on[i]) && ids.contains(on[j])),
                        "unreported overlap of {} and {}: {facts:?}\n{body}", on[i], on[j]
                    );
                }
            }
        }
    }
}
