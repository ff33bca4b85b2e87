//! Property tests: printing a rule and reading it back gives the same rule; deadlines only
//! move forward; a discount never makes a fee negative; evaluation never panics.

use proptest::prelude::*;
use std::sync::Arc;
use thutuc::calendar::Calendar;
use thutuc::catalogue::{InputFile, load};
use thutuc::eval::{Program, Request, Value};
use thutuc::limits::Limits;
use thutuc::model::ChannelKind;
use thutuc::money::{Dec, Money};
use thutuc::rules::Unit;
use thutuc::rules::ast::{CmpOp, Expr, Lit, Pos};
use thutuc::rules::parse::{Origin, condition, discount};

fn ident() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,8}".prop_filter("not a keyword", |s| {
        !matches!(
            s.as_str(),
            "and"
                | "or"
                | "not"
                | "in"
                | "when"
                | "else"
                | "off"
                | "from"
                | "until"
                | "all"
                | "waive"
                | "true"
                | "false"
        )
    })
}

/// Fee item ids, keywords included: an item may be called `off`, `when` or `from`.
fn item_id() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9][a-z0-9_-]{0,8}",
        prop::sample::select(vec![
            "and", "or", "not", "in", "when", "else", "off", "from", "until", "waive", "true",
            "false", "le-phi", "phi",
        ])
        .prop_map(String::from),
    ]
    // `all` is the keyword for every item, never an item's id.
    .prop_filter("not `all`", |s| s != "all")
}

fn discount_text() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just("waive".to_string()),
            Just("miễn".to_string()),
            (1u32..=100).prop_map(|p| format!("{p}%")),
            (1i64..1_000_000).prop_map(|m| format!("{m} VND")),
        ],
        prop_oneof![Just(""), Just(" off"), Just(" giảm")],
        prop_oneof![
            Just(vec!["all".to_string()]),
            prop::collection::vec(item_id(), 1..4)
        ],
        prop::option::of(ident()),
        prop::option::of(Just(" from 2024-01-01")),
        prop::option::of(Just(" until 2025-12-31")),
    )
        .prop_filter("a percentage or amount needs `off`", |(a, off, ..)| {
            a.starts_with('w') || a.starts_with('m') || !off.is_empty()
        })
        .prop_map(|(amount, off, items, when, from, until)| {
            let mut s = format!("{amount}{off} {}", items.join(", "));
            if let Some(w) = when {
                s.push_str(&format!(" when {w}"));
            }
            s.push_str(from.unwrap_or(""));
            s.push_str(until.unwrap_or(""));
            s
        })
}

fn lit() -> impl Strategy<Value = Lit> {
    prop_oneof![
        any::<bool>().prop_map(Lit::Bool),
        (-1_000_000i64..1_000_000).prop_map(|n| Lit::Number(Dec(n))),
        (0i64..10_000_000_000).prop_map(|n| Lit::Money(Money(n))),
        "[a-zA-Z0-9 _\"\\\\ăâđêôơư]{0,12}".prop_map(Lit::Text),
        (1900i16..2199, 1i8..=12, 1i8..=28)
            .prop_map(|(y, m, d)| Lit::Date(jiff::civil::date(y, m, d))),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    let p = Pos::default();
    let leaf = prop_oneof![
        ident().prop_map(move |f| Expr::Fact(f, p)),
        (
            ident(),
            prop_oneof![
                Just(CmpOp::Eq),
                Just(CmpOp::Ne),
                Just(CmpOp::Lt),
                Just(CmpOp::Ge)
            ],
            lit()
        )
            .prop_map(move |(f, op, l)| Expr::Cmp(
                Box::new(Expr::Fact(f, p)),
                op,
                Box::new(Expr::Lit(l, p)),
                p
            )),
        (ident(), prop::collection::vec(lit(), 1..4)).prop_map(move |(f, ls)| Expr::In(
            Box::new(Expr::Fact(f, p)),
            ls.into_iter().map(|l| (l, p)).collect(),
            p
        )),
    ];
    leaf.prop_recursive(4, 24, 3, move |inner| {
        prop_oneof![
            inner.clone().prop_map(move |e| Expr::Not(Box::new(e), p)),
            prop::collection::vec(inner.clone(), 2..4).prop_map(move |es| Expr::And(es, p)),
            prop::collection::vec(inner, 2..4).prop_map(move |es| Expr::Or(es, p)),
        ]
    })
}

proptest! {
    #[test]
    fn rules_print_and_parse_back(e in expr()) {
        let printed = e.to_string();
        let back = condition(&printed, &Origin::detached()).map_err(|err| TestCaseError::fail(format!("{printed}: {err:?}")))?;
        prop_assert_eq!(back.to_string(), printed);
    }

    /// Discounts round-trip too, with fee items named like keywords (`waive off off`).
    #[test]
    fn discounts_print_and_parse_back(text in discount_text()) {
        let o = Origin::detached();
        let Ok(first) = discount(&text, &o) else {
            // e.g. `waive off` + item `off` written without the optional `off`: not a rule.
            return Ok(());
        };
        let printed = first.to_string();
        let back = discount(&printed, &o)
            .map_err(|err| TestCaseError::fail(format!("{text} printed as {printed}: {err:?}")))?;
        prop_assert_eq!(back.to_string(), printed);
    }

    #[test]
    fn working_day_deadlines_move_forward(
        y in 2014i16..2100, m in 1i8..=12, d in 1i8..=28, h in 0i8..24, n in 0u32..60,
        unit in prop_oneof![Just(Unit::WorkingDays), Just(Unit::Days), Just(Unit::Months), Just(Unit::Hours)],
    ) {
        let cal = Calendar::default();
        let received = jiff::civil::date(y, m, d).at(h, 0, 0, 0);
        let due = cal.due(received, n, unit, None).unwrap();
        prop_assert!(due.date >= received.date());
        if unit != Unit::Hours {
            prop_assert!(cal.is_working_day(due.date), "{} is a rest day", due.date);
        }
        let later = cal.due(received, n + 1, unit, None).unwrap();
        prop_assert!(later.date >= due.date);
    }
}

const MANIFEST: &str = "name: { vi: T, en: T }\nlevels: [{ id: commune, name: X }]\nfields: [{ id: f, name: F }]\nlegal: [{ id: l, number: 1/2025/NĐ-CP, title: L }]\n";

fn procedure(fee: i64, discounts: &[String], stacking: &str) -> String {
    let mut s = format!(
        "code: \"1.000001\"\nname: {{ vi: T, en: T }}\nfield: f\nlevels: [commune]\nfacts:\n  - {{ id: a, type: bool, label: A }}\n  - {{ id: n, type: number, label: N }}\n  - {{ id: k, type: enum, values: [x, y], label: K }}\nchannels:\n  - channel: online_full\n    deadline: 5 working days when a else 3 days\n    fees:\n      - {{ id: p, name: P, amount: {fee}, when: n > 3 or a }}\n      - {{ id: q, name: Q, amount: {fee} }}\ndossier:\n  documents:\n    - {{ id: d, name: D, when: k == \"x\" and not a }}\n"
    );
    if !discounts.is_empty() {
        s.push_str(&format!("discounts:\n  stacking: {stacking}\n  rules:\n"));
        for (i, r) in discounts.iter().enumerate() {
            s.push_str(&format!("    - {{ id: r{i}, rule: \"{r}\", basis: l }}\n"));
        }
    }
    s
}

fn discount_rule() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..=100).prop_map(|p| format!("{p}% off all")),
        (1u32..=10_000).prop_map(|p| format!("{}% off p when a", p as f64 / 100.0)),
        (0i64..2_000_000).prop_map(|m| format!("{m} VND off q")),
        Just("waive p when n < 0".to_string()),
    ]
}

fn fact_value() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        Just(None),
        any::<bool>().prop_map(|b| Some(Value::Bool(b))),
        any::<i64>().prop_map(|n| Some(Value::Number(Dec(n)))),
        any::<i64>().prop_map(|n| Some(Value::Money(Money(n)))),
        "[a-z]{0,3}".prop_map(|s| Some(Value::Text(s.as_str().into()))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn discounts_never_make_a_fee_negative_and_eval_never_panics(
        fee in 0i64..2_000_000,
        rules in prop::collection::vec(discount_rule(), 0..4),
        stacking in prop_oneof![Just("best"), Just("compound"), Just("additive")],
        facts in prop::collection::vec(fact_value(), 6),
    ) {
        let files = vec![
            InputFile { rel: "catalogue.yaml".into(), display: "catalogue.yaml".into(), bytes: Ok(MANIFEST.as_bytes().to_vec()) },
            InputFile { rel: "procedures/f/1.000001.yaml".into(), display: "p.yaml".into(), bytes: Ok(procedure(fee, &rules, stacking).into_bytes()) },
        ];
        let loaded = load(files, &Limits::default());
        prop_assert_eq!(loaded.errors(), 0, "{:#?}", loaded.diagnostics);
        let p = loaded.catalogue.procedure("1.000001").unwrap();
        let program = Program::new(Arc::new(p.clone()));
        let req = Request {
            channel: ChannelKind::OnlineFull,
            received: Some(jiff::civil::date(2025, 1, 24).at(10, 0, 0, 0)),
            today: jiff::civil::date(2025, 1, 24),
        };
        // Facts of any shape, including the wrong type or none at all: an answer or an error.
        let mut input = program.facts_for(&req);
        for (slot, v) in input.iter_mut().skip(3).zip(facts) {
            *slot = v;
        }
        if let Ok(out) = program.eval(&req, &input, &Calendar::default(), true) {
            for f in &out.fees {
                // An unknown fee has neither a base nor an amount: never a 0 in disguise.
                prop_assert_eq!(f.base.is_some(), f.amount.is_some(), "{:?}", f);
                if let (Some(base), Some(amount)) = (f.base, f.amount) {
                    prop_assert!(amount.0 >= 0 && amount <= base, "{f:?}");
                    prop_assert_eq!(base.0 - f.discount.0, amount.0);
                }
            }
            prop_assert!(out.total.0 >= 0);
        }
    }
}
