//! Invariants of `thutuc import` over EVERY vendored national-database record (not samples):
//! what the record says about legal documents, fees, dossier documents and deadlines is kept
//! in the output or reported, never dropped, merged or invented.
//!
//! The checker reads the raw records with its own regular expressions and its own list of
//! the codes Vietnamese document numbers are made of (Decree 30/2020/NĐ-CP, appendix III; the
//! ministries' codes); it shares no parsing code with the importer, so a mistake in the
//! importer's splitting is not repeated here. The output is read back as plain YAML.

use regex::Regex;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use thutuc::yaml::{Document, Node, NodeId};

fn records() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/national-records")
}

/// Plain YAML to JSON (every scalar a string), so the output is read without the importer.
fn yaml(text: &str) -> Value {
    fn conv(d: &Document, id: NodeId) -> Value {
        match d.get(id) {
            Node::Scalar { text, .. } => Value::String(text.to_string()),
            Node::Seq(v) => Value::Array(v.iter().map(|i| conv(d, *i)).collect()),
            Node::Map(kv) => Value::Object(
                kv.iter()
                    .map(|(k, v)| (k.text.to_string(), conv(d, *v)))
                    .collect(),
            ),
            Node::Alias(_) => unreachable!("get resolves aliases"),
        }
    }
    let d = Document::parse(text, &thutuc::limits::Limits::default()).expect("output is YAML");
    conv(&d, d.root().expect("a document"))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn st(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// A document number as the source writes it: `69/2024/NĐ-CP`, `28/2023/QH15`,
/// `08.a/2010/TT-BTP`, `09b/2013/TT-BTP`, `66.7/2025/NQ-CP`, `5166/QĐ-BQP`, `48/VBHN-VPQH`,
/// with whatever letters are glued after it (split below by the known codes).
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d+(?:\.\d+|\.?[a-z])?)/(?:(\d{4})/)?([A-ZĐ][A-ZĐƯa-zđ0-9]*(?:(?:[-_/]|- )[A-ZĐ][A-ZĐƯa-zđ0-9]*)*)")
        .unwrap()
});

/// The codes a number's suffix is made of (document kinds and issuing bodies).
const CODES: &[&str] = &[
    "NĐ",
    "NQ",
    "QĐ",
    "TT",
    "TTLT",
    "NQLT",
    "PL",
    "VBHN",
    "CT",
    "L",
    "CTN",
    "CP",
    "TTg",
    "BCA",
    "BTP",
    "BTC",
    "BQP",
    "BYT",
    "BGTVT",
    "BLĐTBXH",
    "BLĐBXH",
    "BNNMT",
    "BNNPTNT",
    "BTNMT",
    "BXD",
    "BCT",
    "BTTTT",
    "BNV",
    "BVHTTDL",
    "BKHCN",
    "BKHĐT",
    "BGDĐT",
    "BNG",
    "NHNN",
    "VPCP",
    "TTCP",
    "UBDT",
    "TANDTC",
    "VKSNDTC",
    "UBND",
    "HĐND",
    "VPQH",
    "BTCTW",
    "C06",
    "UBTƯMTTQVN",
];

/// The longest known code at the start of `s`, with a legislature (`QH15`, `UBTVQH14`) read
/// as two digits.
fn code_at(s: &str) -> Option<usize> {
    for p in ["UBTVQH", "QH"] {
        if let Some(r) = s.strip_prefix(p) {
            let d = r.bytes().take_while(u8::is_ascii_digit).count();
            if d >= 2 {
                return Some(p.len() + 2);
            }
        }
    }
    CODES
        .iter()
        .filter(|c| s.starts_with(**c))
        .map(|c| c.len())
        .max()
}

/// A number occurrence in the source: where it starts, its text cut after the last known
/// code, and whether it ends cleanly (nothing but a known code was glued to it).
#[derive(Debug)]
struct Num {
    text: String,
    /// Digits and year: `69/2024/`, the part every reading of it shares.
    stem: String,
    /// The text right after it in the source.
    after: String,
}

fn numbers(src: &str) -> Vec<Num> {
    let mut out = Vec::new();
    let mut pos = 0;
    // Each search restarts where the known codes end, so a number glued to the next one
    // (`…/QH1360/2014/QH13`) is read as two.
    while let Some(c) = NUMBER.captures_at(src, pos) {
        let m = c.get(0).expect("the whole match");
        pos = m.end();
        let t = m.as_str();
        // The codes begin after the number and its year.
        let slash = c.get(3).expect("the codes").start() - m.start() - 1;
        let stem = &t[..=slash];
        let mut end = slash + 1;
        while let Some(n) = code_at(&t[end..]) {
            end += n;
            // Parts are joined by `-` (`_`, `/`, `- ` in some records).
            let sep = ["- ", "-", "_", "/"]
                .into_iter()
                .find(|p| t[end..].starts_with(p) && code_at(&t[end + p.len()..]).is_some());
            match sep {
                Some(p) => end += p.len(),
                None => break,
            }
        }
        if end == slash + 1 {
            continue;
        }
        let mut abs = m.start() + end;
        // A ministry unit's code in brackets is part of the number (`21/2007/TT-BCA(X13)`,
        // as Circular 74/2011/TT-BCA cites it).
        static UNIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\([A-Z]\d{1,4}\)").unwrap());
        let mut text = t[..end.min(t.len())].to_string();
        if let Some(u) = UNIT.find(&src[abs..]) {
            text = src[m.start()..abs + u.end()].to_string();
            abs += u.end();
        }
        pos = abs;
        out.push(Num {
            text,
            stem: stem.to_string(),
            after: src[abs..].chars().take(12).collect(),
        });
    }
    out
}

/// Amounts of money in a text: `10,000`, `2.000.000`, `40` (digit groups), as integers.
static AMOUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,3}(?:[.,]\d{3})+|\d+").unwrap());

fn amounts(s: &str) -> BTreeSet<i64> {
    AMOUNT
        .find_iter(s)
        .filter_map(|m| m.as_str().replace(['.', ','], "").parse().ok())
        .collect()
}

/// Amounts written with the word đồng in a text (`40.000 đồng`, `50.000đ/lần`).
static DONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:đồng|vnđ|vnd|đ\b|đ/)").unwrap()
});

/// One record's output as read back.
struct Out {
    proc: Value,
    warnings: Vec<(String, String)>,
    refused: Option<(String, String)>,
}

fn warned(o: &Out, needle: &str) -> bool {
    o.warnings.iter().any(|(_, m)| m.contains(needle))
}

#[derive(Default)]
pub(crate) struct Tally {
    records: usize,
    checked: usize,
    legal_numbers: usize,
    dropped: Vec<String>,
    invented: Vec<String>,
    merged: Vec<String>,
    fee_checked: usize,
    fee_disagreements: usize,
    fee_failures: Vec<String>,
    /// Fee rules converted from fee texts, by form: (converted, written not stated).
    fee_forms: BTreeMap<String, (usize, usize)>,
    rules_checked: usize,
    doc_failures: Vec<String>,
    deadline_failures: Vec<String>,
    review_items: usize,
    review_failures: Vec<String>,
}

#[test]
fn every_record_keeps_or_reports_what_it_says() {
    let src = records();
    // The vendored copy is the shared corpus, file for file.
    // shared/ lies beside the project (CI and a checkout), or one level up from a worktree.
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = ["../shared", "../../shared"]
        .iter()
        .map(|up| here.join(up).join("data/national-records"))
        .find(|p| p.is_dir());
    assert!(
        shared.is_some() || std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but ../shared/data/national-records is not beside the project"
    );
    if let Some(shared) = shared {
        for dir in ["defence", "portal/bo-cong-an", "portal/bo-tu-phap"] {
            let names = |p: &Path| -> BTreeSet<_> {
                std::fs::read_dir(p)
                    .unwrap()
                    .map(|e| e.unwrap().file_name())
                    .collect()
            };
            let ours = names(&src.join(dir));
            assert_eq!(
                ours,
                names(&shared.join(dir)),
                "{dir}: tests/fixtures/national-records is not the shared corpus"
            );
            for name in &ours {
                assert!(
                    std::fs::read(src.join(dir).join(name)).unwrap()
                        == std::fs::read(shared.join(dir).join(name)).unwrap(),
                    "{dir}/{name:?}: the vendored record differs from the shared one"
                );
            }
        }
    }
    let Checked {
        tmp,
        records,
        msg,
        tally: t,
    } = import_and_check(&src);
    let out = tmp.path().join("out");
    assert!(msg.is_empty(), "{msg}");
    assert_eq!(t.records, 817);
    // The forms the records hold are converted (a converter that stopped would pass the
    // checks above by converting nothing).
    for form in ["per-unit", "tiers-cap", "category", "date-window"] {
        assert!(
            t.fee_forms.get(form).is_some_and(|c| c.0 > 0),
            "no fee converted as {form}: {:?}",
            t.fee_forms
        );
    }
    let converted: usize = t.fee_forms.values().map(|c| c.0).sum();
    assert_eq!(
        converted, t.rules_checked,
        "every converted rule is written"
    );

    // Every converted rule parses and type-checks against the facts the procedure declares:
    // the real `validate` on the whole imported catalogue finds no error.
    let r = crate::support::thutuc(tmp.path(), &["-C", "out", "validate", "--format", "json"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stderr));
    assert_eq!(v["summary"]["errors"], 0, "{}", r.stdout);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // And they compute what the law says: certified copies of a certified transaction
    // (Circular 226/2016/TT-BTC), 150 pages and 2 copies cost 304,000 VND; the fee halved by
    // Circular 64/2025/TT-BTC in its period and whole after it.
    let eval = |args: &[&str]| {
        let mut a = vec!["-C", "out", "eval"];
        a.extend_from_slice(args);
        a.extend_from_slice(&["--format", "json"]);
        let r = crate::support::thutuc(tmp.path(), &a);
        assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        v["fees"]["total"].clone()
    };
    assert_eq!(
        eval(&["2.000942", "--set", "pages=150", "--set", "copies=2"]),
        304_000
    );
    let windowed = records
        .iter()
        .find_map(|r| {
            r["fee_forms"]
                .as_array()?
                .iter()
                .find(|f| f["form"] == "date-window")
                .and(r["code"].as_str())
        })
        .unwrap();
    let proc = yaml(
        &std::fs::read_to_string(
            out.join(
                records
                    .iter()
                    .find(|r| r["code"] == windowed)
                    .and_then(|r| r["file"].as_str())
                    .unwrap(),
            ),
        )
        .unwrap(),
    );
    let channel = &proc["channels"][0];
    let rule = st(&channel["fees"][0]["amount"]);
    let (inside, outside) = window_amounts(rule);
    let ch = st(&channel["channel"]);
    assert_eq!(
        eval(&[windowed, "--channel", ch, "--received", "01/07/2025"]),
        inside,
        "{rule}"
    );
    assert_eq!(
        eval(&[windowed, "--channel", ch, "--received", "02/01/2027"]),
        outside,
        "{rule}"
    );
}

/// `X VND when received >= A and received <= B else Y VND` → (X, Y) in đồng.
fn window_amounts(rule: &str) -> (i64, i64) {
    let (x, rest) = rule.split_once(" when ").unwrap();
    let (_, y) = rest.split_once(" else ").unwrap();
    let d = |s: &str| s.trim_end_matches(" VND").replace(',', "").parse().unwrap();
    (d(x), d(y))
}

/// A fee amount that is a rule of the fee forms rather than one amount (`10,000 VND`,
/// `25`): the rule.
fn converted_rule(a: &str) -> Option<&str> {
    static FLAT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d{1,3}(?:,\d{3})*(?: VND)?$|^\d+$").unwrap());
    (!FLAT.is_match(a)).then_some(a)
}

/// A converted rule states only what the record states: every amount of money and every
/// date in it is in the record's fee text, every fact it reads is declared by the procedure
/// with a Vietnamese label, and it has one of the converted shapes (never one amount taken
/// out of a formula).
fn check_rule(name: &str, rule: &str, source: &str, proc: &Value, t: &mut Tally) {
    t.rules_checked += 1;
    static MONEY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\d{1,3}(?:,\d{3})*) (VND|USD|EUR)").unwrap());
    static DATE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\d{4})-(\d{2})-(\d{2})").unwrap());
    static IDENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?:per|of|when|and)\s+\(?([a-z][a-z0-9_]*)").unwrap());
    let stated = amounts(source);
    let mut n = 0;
    for c in MONEY.captures_iter(rule) {
        n += 1;
        let v: i64 = c[1].replace(',', "").parse().unwrap();
        if !stated.contains(&v) {
            t.fee_failures.push(format!(
                "{name}: rule `{rule}`: {} is not in the record's fee text",
                &c[0]
            ));
        }
        if &c[2] != "VND" && !source.contains(&c[2]) {
            t.fee_failures.push(format!(
                "{name}: rule `{rule}`: currency {} not in the record",
                &c[2]
            ));
        }
    }
    if n == 0 {
        t.fee_failures
            .push(format!("{name}: rule `{rule}` states no amount"));
    }
    for c in DATE.captures_iter(rule) {
        let (y, m, d) = (
            &c[1],
            c[2].trim_start_matches('0'),
            c[3].trim_start_matches('0'),
        );
        let found = [
            format!("{d}/{m}/{y}"),
            format!("{:0>2}/{m}/{y}", d),
            format!("{d}/{:0>2}/{y}", m),
            format!("{:0>2}/{:0>2}/{y}", d, m),
        ]
        .iter()
        .any(|f| source.contains(f.as_str()));
        if !found {
            t.fee_failures.push(format!(
                "{name}: rule `{rule}`: date {} is not in the record's fee text",
                &c[0]
            ));
        }
    }
    let facts: BTreeMap<&str, &Value> = proc["facts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| (st(&f["id"]), f))
        .collect();
    for c in IDENT.captures_iter(rule) {
        let id = c.get(1).unwrap().as_str();
        if id == "received" {
            continue;
        }
        match facts.get(id) {
            Some(f) if !st(&f["label"]["vi"]).is_empty() => {}
            _ => t.fee_failures.push(format!(
                "{name}: rule `{rule}` reads `{id}`, not declared with a Vietnamese label"
            )),
        }
    }
}

/// The legal-basis text of a record, as one string, and the cells of its number column
/// (defence rows have one).
fn legal_source(raw: &Value) -> (String, Vec<String>) {
    if let Some(s) = raw["can_cu_phap_ly"].as_str() {
        return (s.to_string(), Vec::new());
    }
    let mut text = String::new();
    let mut cells = Vec::new();
    for row in raw["tables"]["can_cu_phap_ly"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let n = squash(st(&row["so_ky_hieu"]));
        let _ = writeln!(text, "{} {}", n, st(&row["trich_yeu"]));
        if !n.is_empty() {
            cells.push(n);
        }
    }
    (text, cells)
}

/// `entries`: the numbers of the procedure's legal basis in the output; `read`: (number,
/// title) as the import read them from this record (the report's `legal`).
fn check_legal(
    name: &str,
    raw: &Value,
    entries: &[String],
    read: &[(String, String)],
    o: &Out,
    t: &mut Tally,
) {
    let (text, cells) = legal_source(raw);
    let flat = squash(&text);
    // A number cell without a number must be reported.
    for c in &cells {
        if numbers(c).is_empty() && !warned(o, c) {
            t.dropped
                .push(format!("{name}: number cell `{c}` left out unreported"));
        }
    }
    for n in numbers(&text) {
        t.legal_numbers += 1;
        // `2022.65/2025/TT-BTC`: a year ending a sentence and `65/2025/TT-BTC` also read so.
        let short = n
            .text
            .split_once('.')
            .filter(|(y, _)| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            .map(|(_, r)| r.to_string());
        let kept = short.as_ref().is_some_and(|s| entries.contains(s))
            || entries.contains(&n.text)
            || read
                .iter()
                .any(|(e, title)| *e == n.text && entries.contains(e) || title.contains(&n.text));
        if !kept && !warned(o, &n.stem) {
            t.dropped
                .push(format!("{name}: `{}` (then `{}`)", n.text, n.after));
        }
    }
    for e in entries {
        if !flat.contains(e.as_str()) {
            t.invented
                .push(format!("{name}: `{e}` is not in the source"));
        }
        // Every code of an output number is a known one: `…/TT-BNNMTLU` is a cut title.
        let ns = numbers(e);
        if ns.len() != 1 || ns[0].text != *e {
            t.invented
                .push(format!("{name}: `{e}` is not a whole document number"));
        }
    }
    for e in entries {
        // Not two numbers run together (`…năm 2022.65/2025/TT-BTC` read `2022.65/…`): the
        // number is in the source where no digit or `digit.` comes right before it.
        let at_boundary = flat.match_indices(e.as_str()).any(|(i, _)| {
            let before = &flat[..i];
            let mut c = before.chars().rev();
            match (c.next(), c.next()) {
                (Some(d), _) if d.is_ascii_digit() => false,
                (Some('.'), Some(d)) if d.is_ascii_digit() => false,
                _ => true,
            }
        });
        if !at_boundary {
            t.invented.push(format!(
                "{name}: `{e}` is in the source only run together with the digits before it"
            ));
        }
    }
    for (e, title) in read {
        // Two entries sharing one title: one of them has none.
        if title.trim().is_empty() {
            t.merged
                .push(format!("{name}: `{e}` has no title of its own"));
        }
        // A list of numbers in the code column: the title ends with a number and a comma.
        static LIST_END: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"\d/[^\s]*[A-Z0-9]\s*(?:,|;|\bvà)\s*$").unwrap());
        if LIST_END.is_match(title) {
            t.merged.push(format!(
                "{name}: `{e}`: title `{title}` ends in a list of numbers"
            ));
        }
        // A title holds another entry when a number in it runs straight into a capitalised
        // word (`…/QH15Thông tư…`, `…/TT-BCA.Nghị định`): running text puts a space after a
        // number.
        for n in numbers(title) {
            let mut c = n
                .after
                .trim_start_matches(['.', ',', ';', ':', ')'])
                .chars();
            if let (Some(a), Some(b)) = (c.next(), c.next())
                && a.is_uppercase()
                && b.is_lowercase()
            {
                t.merged
                    .push(format!("{name}: `{e}`: title `{title}` at `{}`", n.text));
            }
        }
        if !title.is_empty() && !flat.contains(title.as_str()) {
            t.invented.push(format!(
                "{name}: `{e}`: title `{title}` is not in the source"
            ));
        }
    }
}

/// The fee cells of a record: (channel label, fee text including its note, whole row).
fn fee_cells(raw: &Value) -> Vec<(String, String)> {
    if let Some(rows) = raw["tables"]["hinh_thuc_nop"].as_array() {
        return rows
            .iter()
            .map(|r| {
                (
                    squash(st(&r["hinh_thuc"])),
                    st(&r["phi_le_phi"]).to_string(),
                )
            })
            .collect();
    }
    let s = st(&raw["cach_thuc_thuc_hien"]);
    let body = s
        .strip_prefix("Hình thức nộpThời gianPhí, lệ phíMô tả")
        .unwrap_or(s);
    // Rows start at a channel name followed by a digit or `Không có thông tin`.
    static ROW: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(Dịch vụ bưu chính|Trực tuyến|Trực tiếp)(?:\d|Không có thông tin)").unwrap()
    });
    let starts: Vec<(usize, String)> = ROW
        .captures_iter(body)
        .map(|c| (c.get(0).unwrap().start(), c[1].to_string()))
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(i, (at, label))| {
            let end = starts.get(i + 1).map_or(body.len(), |(e, _)| *e);
            (label.clone(), body[at + label.len()..end].to_string())
        })
        .collect()
}

/// The text of the rows of the channel an output channel (`direct`, `postal`, `online_full`)
/// was read from: for a portal page the whole row; for a `.doc` record the deadline, fee
/// and description cells.
fn channel_text(raw: &Value, kind: &str) -> String {
    let of = |label: &str| match squash(label).to_lowercase().as_str() {
        "trực tiếp" => "direct",
        "dịch vụ bưu chính" | "bưu chính" => "postal",
        "trực tuyến" | "trực tuyến toàn trình" => "online_full",
        "trực tuyến một phần" => "online_partial",
        _ => "",
    };
    if let Some(rows) = raw["tables"]["hinh_thuc_nop"].as_array() {
        return rows
            .iter()
            .filter(|r| of(st(&r["hinh_thuc"])) == kind)
            .map(|r| {
                format!(
                    "{}\n{}\n{}",
                    st(&r["thoi_han_giai_quyet"]),
                    st(&r["phi_le_phi"]),
                    st(&r["mo_ta"])
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
    }
    fee_cells(raw)
        .into_iter()
        .filter(|(l, _)| of(l) == kind)
        .map(|(_, c)| c)
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_fees(name: &str, raw: &Value, o: &Out, t: &mut Tally) {
    let cells = fee_cells(raw);
    let all: String = cells
        .iter()
        .map(|(_, c)| c.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let source = amounts(&all);
    for ch in o.proc["channels"].as_array().into_iter().flatten() {
        for f in ch["fees"].as_array().into_iter().flatten() {
            let a = st(&f["amount"]);
            if a.is_empty() || a == "not stated" {
                continue;
            }
            if let Some(rule) = converted_rule(a) {
                check_rule(name, rule, &all, &o.proc, t);
                continue;
            }
            let Some(v) = amounts(a).into_iter().next() else {
                t.fee_failures
                    .push(format!("{name}: amount `{a}` is not a number"));
                continue;
            };
            if !source.contains(&v) {
                t.fee_failures.push(format!(
                    "{name}: amount `{a}` is not in the record's fee cells"
                ));
            }
            // A flat amount beside a note that waives or cuts the fee for a dated period,
            // or gives another amount in words, is not proven by the record.
            let fee_warned = o.warnings.iter().any(|(k, _)| k.starts_with("fee-"));
            let row = channel_text(raw, st(&ch["channel"]));
            if !fee_warned && let Some(why) = flat_unproven(&row, v) {
                t.fee_failures.push(format!(
                    "{name}: flat amount `{a}` written, unreported, though the fee text {why}"
                ));
            }
        }
    }
    // A cell and its note disagree: a factor of 1,000, another currency, free with an
    // amount. Each must be reported (warning or refusal), never resolved silently.
    let fee_warned = o.warnings.iter().any(|(k, _)| k.starts_with("fee-"));
    static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\d+(?:[.,]\d+)?\s*(?i:ngày làm việc|ngày|giờ|tháng)|Không có thông tin)")
            .unwrap()
    });
    static FOREIGN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d\s*(?:USD|EUR)").unwrap());
    for (label, cell) in &cells {
        t.fee_checked += 1;
        let cell = DEADLINE.replace(cell, "");
        let (head, note) = match cell.find('(') {
            Some(i) => cell.split_at(i),
            None => (cell.as_ref(), ""),
        };
        // The amount of the cell itself: the first number of its head, if any.
        let cell_amount = amounts(head.split(['(', '\n']).next().unwrap_or(""))
            .into_iter()
            .next();
        let free = head
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ')
            .to_lowercase()
            .starts_with("miễn");
        let noted: BTreeSet<i64> = DONG
            .captures_iter(note)
            .filter_map(|c| c[1].replace(['.', ','], "").parse().ok())
            .filter(|v| *v > 0)
            .collect();
        let thousand = cell_amount.is_some_and(|a| a > 0 && noted.contains(&(a * 1000)));
        let free_with_amount = free && !noted.is_empty();
        let vnd_cell = head.contains("VNĐ") || head.contains("Đồng") || head.contains("đồng");
        let other_currency = vnd_cell && FOREIGN.is_match(note) && !DONG.is_match(note);
        if thousand || free_with_amount || other_currency {
            t.fee_disagreements += 1;
            if !fee_warned {
                t.fee_failures.push(format!(
                    "{name}: {label}: cell and note disagree, unreported: `{}`",
                    cell.chars().take(120).collect::<String>()
                ));
            }
        }
    }
}

/// Why a flat amount `v` is not proven by the fee text `text`, if it is not: a waiver or a
/// cut for a dated period; an amount in words that is not `v` written in digits right before
/// it (`65.000.000 đồng (sáu mươi lăm triệu đồng)` restates the amount).
fn flat_unproven(text: &str, v: i64) -> Option<String> {
    use unicode_normalization::UnicodeNormalization as _;
    let text: String = text.nfc().collect();
    static WINDOW: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:từ|đến(?: hết)?) ngày \d{1,2}/\d{1,2}/\d{4}").unwrap()
    });
    static CUT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)miễn|giảm|không thu|%").unwrap());
    if WINDOW.is_match(&text) && CUT.is_match(&text) {
        return Some("waives or cuts it for a dated period".into());
    }
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:việt nam đồng|đồng|vnđ)?\s*\(+\s*)?((?:\b(?:một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín|mười|mươi|trăm|linh|lẻ|nghìn|ngàn|triệu|tỷ)\b\s*){2,})").unwrap()
    });
    static MAGNITUDE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)mươi|mười|trăm|nghìn|ngàn|triệu|tỷ").unwrap());
    for c in WORDS.captures_iter(&text) {
        if !MAGNITUDE.is_match(&c[2]) {
            continue;
        }
        let restated = c
            .get(1)
            .and_then(|d| d.as_str().replace(['.', ','], "").parse::<i64>().ok())
            == Some(v);
        if !restated {
            return Some(format!("gives an amount in words (`{}`)", &c[0]));
        }
    }
    None
}

fn check_documents(name: &str, raw: &Value, o: &Out, t: &mut Tally) {
    let dossier = &o.proc["dossier"];
    let mut names: Vec<String> = Vec::new();
    for d in dossier["documents"].as_array().into_iter().flatten() {
        names.push(st(&d["name"]["vi"]).to_string());
    }
    let cases = dossier["cases"].as_array().cloned().unwrap_or_default();
    for c in &cases {
        for d in c["documents"].as_array().into_iter().flatten() {
            names.push(st(&d["name"]["vi"]).to_string());
        }
    }
    let source = match raw["thanh_phan_ho_so"].as_str() {
        Some(s) => squash(s),
        None => squash(
            &raw["tables"]["thanh_phan_ho_so"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| st(&r["ten_giay_to"]).to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    };
    static GLUED_COUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[^\s(\d]\d+ bản (chính|sao)|\d+ bản chính,\d+ bản sao$").unwrap()
    });
    // A count in a name outside brackets, ending it or running into a capital: the name
    // may be two documents, and must be reported.
    static COUNT_IN_NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\d+ bản (?:chính|sao)(?:,\d+ bản sao)?(?:$|[A-ZĐ]|\s*[-+])").unwrap()
    });
    for n in &names {
        if let Some(m) = COUNT_IN_NAME.find(n)
            && n[..m.start()].matches('(').count() <= n[..m.start()].matches(')').count()
            && !o.warnings.iter().any(|(k, _)| k == "document-holds-count")
        {
            t.doc_failures
                .push(format!("{name}: document `{n}` holds a count, unreported"));
        }
        if !source.contains(&squash(n)) {
            t.doc_failures
                .push(format!("{name}: document `{n}` is not text of the record"));
        }
        if GLUED_COUNT.is_match(n) {
            t.doc_failures
                .push(format!("{name}: document `{n}` holds a count"));
        }
    }
    // Several named tables are alternatives: each stays a case of its own.
    // A table's name is the text before its header: after the last count of the table
    // before (or the start); `--` is no name.
    if let Some(s) = raw["thanh_phan_ho_so"].as_str() {
        static LAST_COUNT: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"\d+ bản chính(?:,\d+ bản sao)?").unwrap());
        let parts: Vec<&str> = s.split("Tên giấy tờMẫu đơn, tờ khaiSố lượng").collect();
        let tables = parts.len() - 1;
        let names = parts[..tables].iter().enumerate().map(|(i, p)| {
            let tail = if i == 0 {
                p
            } else {
                LAST_COUNT.find_iter(p).last().map_or(*p, |m| &p[m.end()..])
            };
            tail.trim().trim_matches('-').trim().to_string()
        });
        let named = names.filter(|n| !n.is_empty()).count();
        if tables > 1 && cases.len() != named {
            t.doc_failures.push(format!(
                "{name}: {named} named alternative tables became {} cases",
                cases.len()
            ));
        }
        if tables > 1
            && named < tables
            && !o.warnings.iter().any(|(k, _)| k.starts_with("dossier-"))
        {
            t.doc_failures.push(format!(
                "{name}: {} of {tables} tables have no name, unreported",
                tables - named
            ));
        }
    }
}

/// Every `review:` item holds the record's text verbatim (each of its lines is text of the
/// record), and there is one for each value the import reports it could not prove.
fn check_review(name: &str, raw: &Value, o: &Out, t: &mut Tally) {
    fn strings(v: &Value, out: &mut String) {
        match v {
            Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            Value::Object(m) => m.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let mut all = String::new();
    strings(raw, &mut all);
    let all = squash(&all);
    let items = o.proc["review"].as_array().cloned().unwrap_or_default();
    t.review_items += items.len();
    for r in &items {
        for line in st(&r["source"]).lines() {
            let l = squash(line);
            if !l.is_empty() && !all.contains(&l) {
                t.review_failures.push(format!(
                    "{name}: review source `{l}` is not text of the record"
                ));
            }
        }
        if st(&r["what"]["vi"]).is_empty() {
            t.review_failures.push(format!(
                "{name}: a review item does not say what it is about"
            ));
        }
    }
}

fn check_deadlines(name: &str, raw: &Value, o: &Out, t: &mut Tally) {
    let source = match raw["cach_thuc_thuc_hien"].as_str() {
        Some(s) => s.to_lowercase(),
        None => raw["tables"]["hinh_thuc_nop"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| st(&r["thoi_han_giai_quyet"]).to_lowercase())
            .collect::<Vec<_>>()
            .join("\n"),
    };
    for ch in o.proc["channels"].as_array().into_iter().flatten() {
        let d = st(&ch["deadline"]);
        if d.is_empty() || d == "unspecified" || d == "not stated" {
            continue;
        }
        let (n, unit) = d.split_once(' ').unwrap_or((d, ""));
        let word = match unit {
            "working day" | "working days" => "ngày làm việc",
            "day" | "days" => "ngày",
            "hour" | "hours" => "giờ",
            "month" | "months" => "tháng",
            _ => {
                t.deadline_failures
                    .push(format!("{name}: deadline `{d}` has an unknown unit"));
                continue;
            }
        };
        // `7`, `07`, `1.5` or `1,5` followed by the unit.
        let re = Regex::new(&format!(
            r"(?:^|[^\d.,])0*{}\s*{}",
            regex::escape(&n.replace('.', "[.,]")).replace(r"\[\.,\]", "[.,]"),
            regex::escape(word)
        ))
        .unwrap();
        if !re.is_match(&source) {
            t.deadline_failures.push(format!(
                "{name}: deadline `{d}` is not in the record's channel table"
            ));
        }
        // Another period for a case in the same table (`…; 05 ngày đối với trường hợp cấp
        // lại`): one period written without a word about the other is a silent error.
        static CASE_PERIOD: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?:trường hợp|đối với|nếu|riêng)[^;.\n]*?(?:^|[^\d/.,])0*(\d+)\s*(?:ngày làm việc|ngày|giờ|tháng)|(?:^|[^\d/.,])0*(\d+)\s*(?:ngày làm việc|ngày|giờ|tháng)[^;.\n]*?(?:trường hợp|đối với)").unwrap()
        });
        let n: u32 = n.parse().unwrap_or(0);
        let row = channel_text(raw, st(&ch["channel"])).to_lowercase();
        let other = CASE_PERIOD.captures_iter(&row).any(|c| {
            let m = c.get(1).or(c.get(2)).unwrap();
            // Not a date (`ngày 15 tháng 5`).
            let before = row[..m.start()].trim_end();
            !(before.ends_with("ngày") || before.ends_with("tháng") || before.ends_with("năm"))
                && m.as_str().parse::<u32>().is_ok_and(|x| x != n)
        });
        if other && !o.warnings.iter().any(|(k, _)| k.starts_with("deadline-")) {
            t.deadline_failures.push(format!(
                "{name}: deadline `{d}` written, unreported, though the table states another period for a case"
            ));
        }
    }
}

/// What [`import_and_check`] found.
pub(crate) struct Checked {
    pub tmp: tempfile::TempDir,
    pub records: Vec<Value>,
    pub msg: String,
    tally: Tally,
}

/// Imports every record under `src` with the real binary and checks each written record
/// against its raw text; `msg` lists every failure.
pub(crate) fn import_and_check(src: &Path) -> Checked {
    let tmp = tempfile::tempdir().unwrap();
    let r = crate::support::thutuc(
        tmp.path(),
        &[
            "import",
            src.to_str().unwrap(),
            "-o",
            "out",
            "--format",
            "json",
        ],
    );
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    let out = tmp.path().join("out");
    let manifest = yaml(&std::fs::read_to_string(out.join("catalogue.yaml")).unwrap());
    let legal: BTreeMap<String, (String, String)> = manifest["legal"]
        .as_array()
        .map(|v| {
            v.iter()
                .map(|l| {
                    (
                        st(&l["id"]).to_string(),
                        (
                            st(&l["number"]).to_string(),
                            st(&l["title"]["vi"]).to_string(),
                        ),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let mut t = Tally::default();
    let records = report["records"].as_array().unwrap();
    for rec in records {
        let path = PathBuf::from(st(&rec["source"]));
        let raw: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let name = path
            .strip_prefix(src)
            .unwrap_or(&path)
            .display()
            .to_string();
        let o = Out {
            proc: rec["file"]
                .as_str()
                .map(|f| yaml(&std::fs::read_to_string(out.join(f)).unwrap()))
                .unwrap_or(Value::Null),
            warnings: rec["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| (st(&w["kind"]).to_string(), st(&w["message"]).to_string()))
                .collect(),
            refused: rec["refused"]
                .as_object()
                .map(|w| (st(&w["kind"]).to_string(), st(&w["message"]).to_string())),
        };
        t.records += 1;
        for f in rec["fee_forms"].as_array().into_iter().flatten() {
            let e = t.fee_forms.entry(st(&f["form"]).to_string()).or_default();
            if f["rule"].is_string() {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
        if o.refused.is_some() {
            // A refusal writes nothing: nothing can be dropped or invented.
            continue;
        }
        t.checked += 1;
        let entries: Vec<String> = o.proc["legal_basis"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|id| legal[st(id)].0.clone())
            .collect();
        let read: Vec<(String, String)> = rec["legal"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|l| (st(&l["number"]).to_string(), st(&l["title"]).to_string()))
            .collect();
        check_legal(&name, &raw, &entries, &read, &o, &mut t);
        check_fees(&name, &raw, &o, &mut t);
        check_documents(&name, &raw, &o, &mut t);
        check_deadlines(&name, &raw, &o, &mut t);
        check_review(&name, &raw, &o, &mut t);
    }
    let mut msg = String::new();
    for (what, v) in [
        ("legal number dropped", &t.dropped),
        ("legal number invented", &t.invented),
        ("legal title holds another entry", &t.merged),
        ("fee", &t.fee_failures),
        ("document", &t.doc_failures),
        ("deadline", &t.deadline_failures),
        ("review item", &t.review_failures),
    ] {
        if !v.is_empty() {
            let _ = writeln!(msg, "{} × {what}:", v.len());
            for f in v
                .iter()
                .take(if std::env::var_os("INVARIANTS_ALL").is_some() {
                    usize::MAX
                } else {
                    15
                })
            {
                let _ = writeln!(msg, "  {f}");
            }
        }
    }
    println!(
        "invariants: {} records, {} written and checked, {} legal numbers checked, dropped {}, \
         invented {}; {} fee cells checked, {} fee disagreements reported",
        t.records,
        t.checked,
        t.legal_numbers,
        t.dropped.len(),
        t.invented.len(),
        t.fee_checked,
        t.fee_disagreements
    );
    let refused_fee: BTreeMap<&str, usize> = records
        .iter()
        .filter_map(|r| r["refused"]["kind"].as_str())
        .filter(|k| k.starts_with("fee-"))
        .fold(BTreeMap::new(), |mut m, k| {
            *m.entry(k).or_default() += 1;
            m
        });
    println!(
        "fee forms (converted, not stated with a warning): {:?}; {} converted rules checked; \
         records refused for a fee: {refused_fee:?}",
        t.fee_forms, t.rules_checked
    );
    Checked {
        tmp,
        records: records.clone(),
        msg,
        tally: t,
    }
}
