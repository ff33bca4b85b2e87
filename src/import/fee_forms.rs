//! Fee texts of national records written in the fee forms of the rule language
//! (`fee_rule` in `grammar/rules.pest`), when the text says one thing only.
//!
//! A record gives a fee as a cell (`2,000 Việt Nam Đồng`) and a note (`2.000 đồng/trang; từ
//! trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản`). The
//! note is converted only when it has one of these shapes and nothing else that could
//! change the amount (another amount, an exemption, a reduction, a case, a share):
//!
//! | form | source text (real records, except the `cap` and `percentage` examples: no shared record has one) | rule |
//! |---|---|---|
//! | `per-unit` | `10.000 đồng/khẩu-chiếc` | `10,000 VND per khau_chiec` |
//! | `tiers-cap` | `2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản` | `(2,000 VND per pages from 1 to 2, 1,000 VND per pages from 3, at most 200,000 VND) per copies` |
//! | `cap` | `2.000 đồng/trang, tối đa 200.000 đồng` | `2,000 VND per pages, at most 200,000 VND` |
//! | `percentage` | `0,5% giá trị tài sản, tối thiểu 100.000 đồng` | `0.5% of gia_tri_tai_san, at least 100,000 VND` |
//! | `category` | `200.000đ/ hộ chiếu. Trường hợp cấp lại do bị hỏng hoặc bị mất: 400.000đ/hộ chiếu` | `400,000 VND when cap_lai_do_bi_hong_hoac_bi_mat else 200,000 VND` |
//! | `date-window` | cell `20,000,000`, note `áp dụng mức phí 10.000.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC` | `10,000,000 VND when received >= 2025-07-01 and received <= 2026-12-31 else 20,000,000 VND` |
//!
//! Every amount of a rule is one the cell or the note states; the facts a rule counts or
//! reads are declared with the source's own words as their label. Anything else stays `not
//! stated` with its note and a warning (the caller's part).

use super::text::{Amount, FLAT_UNITS, money_prefix, prefix_ci};
use crate::money::Money;
use regex::Regex;
use std::sync::LazyLock;

/// The type of a fact a converted rule needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactType {
    /// A whole number of things (pages, copies, weapons).
    Count,
    /// Whether a case applies.
    Bool,
    /// An amount of money (the value a percentage is of).
    Money,
}

impl FactType {
    /// The word in the catalogue's `type:`.
    pub fn word(self) -> &'static str {
        match self {
            FactType::Count => "count",
            FactType::Bool => "bool",
            FactType::Money => "money",
        }
    }
}

/// A fact a converted rule needs, labelled with the source's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFact {
    /// Id used in the rule.
    pub id: String,
    /// Type.
    pub ty: FactType,
    /// Label in Vietnamese, from the source text.
    pub label_vi: String,
    /// Label in English, for the units this module knows.
    pub label_en: Option<&'static str>,
    /// Unit of a count, as the source writes it, and in English when known.
    pub unit: Option<(String, Option<&'static str>)>,
}

/// A fee text converted into a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// Stable name of the form (`per-unit`, `tiers-cap`, `cap`, `percentage`, `category`,
    /// `date-window`).
    pub form: &'static str,
    /// The rule, in the English form of the grammar.
    pub rule: String,
    /// Facts the rule reads.
    pub facts: Vec<NewFact>,
}

/// Units a fee is priced per, that are counted: (source word, fact id, English unit,
/// English label). Longest first.
const COUNT_UNITS: &[(&str, &str, &str, &str)] = &[
    (
        "khẩu-chiếc",
        "khau_chiec",
        "weapon or item",
        "Number of weapons or items",
    ),
    ("người", "persons", "person", "Number of persons"),
    ("trang", "pages", "page", "Number of pages"),
    ("bản", "copies", "copy", "Number of copies"),
    ("xe", "vehicles", "vehicle", "Number of vehicles"),
    ("tờ", "sheets", "sheet", "Number of sheets"),
];

/// Words that make a fee text more than its shape: another case, an exemption, a
/// reduction, a share, a bound or a composition.
const OTHER_MEANING: &[&str] = &[
    "miễn",
    "giảm",
    "%",
    "phần trăm",
    "trường hợp",
    "đối với",
    "riêng",
    "gồm",
    "tối đa",
    "tối thiểu",
    "không quá",
    "không thấp hơn",
    "trở lên",
    "áp dụng",
];

/// An amount of money in the text, with the units it is priced per (`/người/lần`).
#[derive(Debug, Clone)]
struct Mention {
    start: usize,
    end: usize,
    amount: Amount,
    /// Each `/unit` after the amount, as a known unit word (`None`: a word not known).
    units: Vec<Option<&'static str>>,
}

/// Every amount of money the text states, in order.
fn mentions(s: &str) -> Vec<Mention> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let starts = b[i].is_ascii_digit()
            && (i == 0 || !(b[i - 1].is_ascii_digit() || b[i - 1] == b'.' || b[i - 1] == b','));
        if starts && let Ok((amount, n)) = money_prefix(&s[i..]) {
            let mut end = i + n;
            let mut units = Vec::new();
            while let Some(rest) = s[end..].trim_start().strip_prefix('/') {
                let skipped = s.len() - end - s[end..].trim_start().len() + 1;
                let r = rest.trim_start();
                let lead = rest.len() - r.len();
                // `/1 giấy`, `/01 lần`: one of them.
                let one = ["01 ", "1 "]
                    .iter()
                    .find(|p| r.starts_with(*p))
                    .map_or(0, |p| p.len());
                let r = &r[one..];
                let known = COUNT_UNITS
                    .iter()
                    .map(|u| u.0)
                    .chain(FLAT_UNITS.iter().copied())
                    .filter_map(|w| prefix_ci(r, w).map(|n| (w, n)))
                    .filter(|(_, n)| !r[*n..].starts_with(char::is_alphanumeric))
                    .max_by_key(|(_, n)| *n);
                match known {
                    Some((w, n)) => {
                        units.push(Some(w));
                        end += skipped + lead + one + n;
                    }
                    None => {
                        units.push(None);
                        break;
                    }
                }
            }
            out.push(Mention {
                start: i,
                end,
                amount,
                units,
            });
            i = end;
            continue;
        }
        i += s[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

fn count_unit(
    w: &str,
) -> Option<&'static (&'static str, &'static str, &'static str, &'static str)> {
    COUNT_UNITS.iter().find(|u| u.0 == w)
}

fn is_flat(w: &str) -> bool {
    FLAT_UNITS.contains(&w)
}

/// The amount as the grammar writes it.
fn money(a: &Amount) -> String {
    match a.currency {
        None => Money(a.value).to_string(),
        Some(c) => crate::money::in_currency(a.value, c),
    }
}

fn count_fact(u: &(&str, &str, &'static str, &'static str)) -> NewFact {
    NewFact {
        id: u.1.to_string(),
        ty: FactType::Count,
        label_vi: format!("Số {}", u.0),
        label_en: Some(u.3),
        unit: Some((u.0.to_string(), Some(u.2))),
    }
}

/// An id for a fact from the source's words: lowercase ASCII joined by `_`, at most 40
/// characters, starting with a letter.
fn fact_id(words: &str) -> Option<String> {
    let mut id = String::new();
    for w in super::text::slug(words).split('-') {
        if !id.is_empty() && id.len() + 1 + w.len() > 40 {
            break;
        }
        if !id.is_empty() {
            id.push('_');
        }
        id.push_str(w);
    }
    id.truncate(40);
    (id.starts_with(|c: char| c.is_ascii_alphabetic())).then_some(id)
}

/// Text that says nothing about the amount: punctuation, and legal references in brackets
/// (`(Thông tư số 25/2021/TT-BTC ngày 07/4/2021 của Bộ Tài chính)`).
fn is_filler(s: &str) -> bool {
    static REF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\((?:theo )?(?:Thông tư|Nghị định|Quyết định)[^()%]*\)?").expect("valid")
    });
    if other_meaning(s) || !mentions(s).is_empty() {
        return false;
    }
    let s = REF.replace_all(s, "");
    s.chars()
        .all(|c| c.is_whitespace() || ".,;:-+()".contains(c))
}

/// Lines after the first (the channel's description) must not speak about the fee.
fn rest_is_silent(s: &str) -> bool {
    let l = s.to_lowercase();
    mentions(s).is_empty() && !["phí", "%", "miễn", "giảm"].iter().any(|w| l.contains(w))
}

fn other_meaning(s: &str) -> bool {
    let l = s.to_lowercase();
    OTHER_MEANING.iter().any(|w| l.contains(w))
}

/// Converts a fee whose cell is `cell` and whose note is `note`, if the note has one of the
/// forms of this module; `None` otherwise (the fee stays not stated).
pub fn convert(cell: &Amount, note: &str) -> Option<Converted> {
    if cell.value <= 0 {
        return None;
    }
    let (first, rest) = note.split_once('\n').unwrap_or((note, ""));
    let first = first.trim();
    if !rest_is_silent(rest) {
        return None;
    }
    tiers_cap(cell, first)
        .or_else(|| cap(cell, first))
        .or_else(|| percentage(cell, first))
        .or_else(|| date_window(cell, first))
        .or_else(|| category(cell, first))
        .or_else(|| per_unit(cell, first))
}

/// Parses a Vietnamese-written amount in đồng (`200.000`).
fn dong(s: &str) -> Option<Amount> {
    crate::money::parse_amount(s)
        .filter(|v| *v > 0)
        .map(|value| Amount {
            value,
            currency: None,
        })
}

/// `X đồng/trang; từ trang thứ N trở lên thu Y đồng/trang, tối đa thu không quá Z đồng/bản`
/// (Circular 226/2016/TT-BTC, certified copies).
fn tiers_cap(cell: &Amount, s: &str) -> Option<Converted> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^([\d.]+) ?(?:đồng|đ)/trang[;,] từ trang thứ (\d+) trở lên(?: thu)? ([\d.]+) ?(?:đồng|đ)/trang[;,] tối đa(?: thu)?(?: không quá)? ([\d.]+) ?(?:đồng|đ)/bản\.?",
        )
        .expect("valid")
    });
    let c = RE.captures(s)?;
    let (x, n, y, z) = (
        dong(&c[1])?,
        c[2].parse::<u32>().ok()?,
        dong(&c[3])?,
        dong(&c[4])?,
    );
    if x != *cell
        || n < 2
        || !mentions(&s[c[0].len()..]).is_empty()
        || other_meaning(&s[c[0].len()..])
    {
        return None;
    }
    let to = if n == 2 {
        "from 1 to 1".to_string()
    } else {
        format!("from 1 to {}", n - 1)
    };
    Some(Converted {
        form: "tiers-cap",
        rule: format!(
            "({} per pages {to}, {} per pages from {n}, at most {}) per copies",
            money(&x),
            money(&y),
            money(&z)
        ),
        facts: vec![
            count_fact(count_unit("trang")?),
            count_fact(count_unit("bản")?),
        ],
    })
}

/// `X đồng/U, tối đa Z đồng` (or `không quá`), optionally `/V` after the cap: a price per
/// unit with a cap, per unit of another count when V is one.
fn cap(cell: &Amount, s: &str) -> Option<Converted> {
    let m = mentions(s);
    let [a, z] = m.as_slice() else {
        return None;
    };
    let between = s[a.end..z.start].trim().to_lowercase();
    let bound = [
        "tối đa thu không quá",
        "tối đa không quá",
        "tối đa",
        "không quá",
    ]
    .iter()
    .find(|w| {
        between
            .trim_start_matches([',', ';'])
            .trim()
            .strip_prefix(**w)
            .is_some_and(|r| r.trim().is_empty() || r.trim() == "thu")
    })?;
    let _ = bound;
    let unit = count_unit(a.units.first().copied().flatten()?)?;
    if a.amount != *cell
        || a.units.len() != 1
        || z.amount.currency != cell.currency
        || z.amount.value < cell.value
        || !prefix_ok(&s[..a.start])
        || !is_filler(&s[z.end..])
    {
        return None;
    }
    let mut facts = vec![count_fact(unit)];
    let per = match z.units.as_slice() {
        [] => String::new(),
        [Some(w)] if is_flat(w) => String::new(),
        [Some(w)] => {
            let v = count_unit(w)?;
            if v.1 == unit.1 {
                return None;
            }
            facts.push(count_fact(v));
            format!(" per {}", v.1)
        }
        _ => return None,
    };
    Some(Converted {
        form: "cap",
        rule: format!(
            "{} per {}, at most {}{per}",
            money(&a.amount),
            unit.1,
            money(&z.amount)
        ),
        facts,
    })
}

/// `P% giá trị NAME[, tối thiểu A đồng][, tối đa B đồng]`: a percentage of a named value.
fn percentage(cell: &Amount, s: &str) -> Option<Converted> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^(?:mức thu(?: là| bằng)? )?(\d+(?:[.,]\d+)?) ?% (?:trên |của |x )?(giá trị [\p{L} ]+?)(?:[,;] ?(?:tối thiểu|không thấp hơn) ([\d.]+) ?(?:đồng|đ))?(?:[,;] ?(?:tối đa|không quá) ([\d.]+) ?(?:đồng|đ))?\s*[.;]?\s*$",
        )
        .expect("valid")
    });
    if cell.currency.is_some() {
        return None;
    }
    let c = RE.captures(s)?;
    let pct = c[1].replace(',', ".");
    let name = c[2].trim();
    let min = c
        .get(3)
        .map(|m| dong(m.as_str()))
        .map_or(Some(None), |a| a.map(Some))?;
    let max = c
        .get(4)
        .map(|m| dong(m.as_str()))
        .map_or(Some(None), |a| a.map(Some))?;
    // The cell's amount must be one the text states (the floor, usually).
    if min.as_ref() != Some(cell) && max.as_ref() != Some(cell) {
        return None;
    }
    if let (Some(lo), Some(hi)) = (&min, &max)
        && lo.value > hi.value
    {
        return None;
    }
    let id = fact_id(name)?;
    let mut rule = format!("{pct}% of {id}");
    if let Some(lo) = &min {
        rule.push_str(&format!(", at least {}", money(lo)));
    }
    if let Some(hi) = &max {
        rule.push_str(&format!(", at most {}", money(hi)));
    }
    let mut label = name.to_string();
    if let Some(f) = label.get(..1) {
        let up = f.to_uppercase();
        label.replace_range(..1, &up);
    }
    Some(Converted {
        form: "percentage",
        rule,
        facts: vec![NewFact {
            id,
            ty: FactType::Money,
            label_vi: label,
            label_en: None,
            unit: None,
        }],
    })
}

/// The cell's amount, and another one the note states for a period given by its dates
/// (`áp dụng mức phí 10.000.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo
/// Thông tư số 64/2025/TT-BTC`): the other amount when the application is received in the
/// period, both days included, the cell's otherwise.
fn date_window(cell: &Amount, s: &str) -> Option<Converted> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\(?áp dụng mức (?:phí|lệ phí|thu):? ([\d.]+) +(?:đồng|đ)(?:/ ?(?:hồ sơ|lần|giấy phép))?(?: \([\p{L} ]+\))? kể từ ngày +(\d{1,2})/(\d{1,2})/(\d{4}) +đến +hết ngày +(\d{1,2})/(\d{1,2})/(\d{4})(?: theo (?:Thông tư|Nghị định) số \d+/\d{4}/[A-ZĐ-]+)?\)?\.?\)?$",
        )
        .expect("valid")
    });
    if cell.currency.is_some() {
        return None;
    }
    let s = super::text::squash(s);
    let c = RE.captures(&s)?;
    let x = dong(&c[1])?;
    let date = |d: usize, m: usize, y: usize| {
        jiff::civil::Date::new(c[y].parse().ok()?, c[m].parse().ok()?, c[d].parse().ok()?).ok()
    };
    let (from, until) = (date(2, 3, 4)?, date(5, 6, 7)?);
    // The period's amount is a reduction of the cell's (Circular 64/2025/TT-BTC halves
    // fees): one above the cell means the cell is not what the note speaks of (`50 VND`,
    // a cell written in thousands, beside `25.000 đồng`).
    if x.value >= cell.value || from > until || mentions(&s).len() != 1 {
        return None;
    }
    Some(Converted {
        form: "date-window",
        rule: format!(
            "{} when received >= {from} and received <= {until} else {}",
            money(&x),
            money(cell)
        ),
        facts: vec![],
    })
}

/// `X đồng/U. Trường hợp CASE: Y đồng/U` or `X đồng/U. Riêng CASE: Y đồng/U`: the cell's
/// amount, and another amount in a case the text names.
fn category(cell: &Amount, s: &str) -> Option<Converted> {
    let m = mentions(s);
    let [a, b] = m.as_slice() else {
        return None;
    };
    let flat = |x: &Mention| x.units.iter().all(|u| u.is_some_and(is_flat));
    if a.amount != *cell
        || b.amount.currency != cell.currency
        || b.amount == a.amount
        || !flat(a)
        || !flat(b)
        || a.units != b.units
        || !label_prefix_ok(&s[..a.start])
        || !is_filler(strip_scope(&s[b.end..]))
    {
        return None;
    }
    let between = s[a.end..b.start]
        .trim()
        .trim_start_matches(['.', ',', ';'])
        .trim();
    let case = between.strip_suffix(':')?.trim();
    let case = ["Trường hợp ", "trường hợp ", "Riêng ", "riêng "]
        .iter()
        .find_map(|p| case.strip_prefix(p))?
        .trim();
    if case.is_empty()
        || case
            .chars()
            .any(|c| c.is_ascii_digit() || ":;%".contains(c))
        || other_meaning(case)
    {
        return None;
    }
    let id = fact_id(case)?;
    let mut label = case.to_string();
    if let Some(f) = label.chars().next() {
        label.replace_range(..f.len_utf8(), &f.to_uppercase().to_string());
    }
    Some(Converted {
        form: "category",
        rule: format!("{} when {id} else {}", money(&b.amount), money(&a.amount)),
        facts: vec![NewFact {
            id,
            ty: FactType::Bool,
            label_vi: label,
            label_en: None,
            unit: None,
        }],
    })
}

/// What a case's amount may be followed by: `(bao gồm tất cả các môn)` says what the amount
/// covers, not another amount; the text after the bracket is returned for checking.
fn strip_scope(s: &str) -> &str {
    let t = s.trim_start();
    let Some(r) = t.strip_prefix("(bao gồm") else {
        return s;
    };
    let end = r.find(')').unwrap_or(r.len());
    let scope = &r[..end];
    if scope.contains(|c: char| c.is_ascii_digit()) || other_meaning(scope) {
        return s;
    }
    r.get(end + 1..).unwrap_or("")
}

/// The text before the amount of a per-unit fee: nothing, or the word for the fee.
fn prefix_ok(s: &str) -> bool {
    let l = s.to_lowercase();
    l.split(|c: char| c.is_whitespace() || ":-+".contains(c))
        .filter(|w| !w.is_empty())
        .all(|w| ["phí", "lệ", "mức", "thu", "là"].contains(&w))
}

/// The text before the first amount of a category fee: nothing, or the fee's name and `:`
/// (`Phí sơ tuyển: `).
fn label_prefix_ok(s: &str) -> bool {
    let t = s.trim();
    t.is_empty()
        || t.strip_suffix(':').is_some_and(|n| {
            let l = n.to_lowercase();
            (l.starts_with("phí") || l.starts_with("lệ phí"))
                && !n.contains(|c: char| c.is_ascii_digit())
                && !other_meaning(n)
        })
}

/// `X đồng/U[/flat…]` alone, X the cell's amount and U a counted unit.
fn per_unit(cell: &Amount, s: &str) -> Option<Converted> {
    let m = mentions(s);
    let [a] = m.as_slice() else {
        return None;
    };
    let (first, more) = a.units.split_first()?;
    let unit = count_unit((*first)?)?;
    if a.amount != *cell
        || !more.iter().all(|u| u.is_some_and(is_flat))
        || !prefix_ok(&s[..a.start])
        || !is_filler(&s[a.end..])
    {
        return None;
    }
    Some(Converted {
        form: "per-unit",
        rule: format!("{} per {}", money(&a.amount), unit.1),
        facts: vec![count_fact(unit)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vnd(v: i64) -> Amount {
        Amount {
            value: v,
            currency: None,
        }
    }

    fn rule(cell: Amount, note: &str) -> Option<(&'static str, String)> {
        convert(&cell, note).map(|c| (c.form, c.rule))
    }

    #[test]
    fn a_price_per_unit() {
        // portal/bo-cong-an, weapons licences (Circular 218/2016/TT-BTC).
        let c = convert(&vnd(10_000), "10.000 đồng/khẩu-chiếc.").unwrap();
        assert_eq!(c.form, "per-unit");
        assert_eq!(c.rule, "10,000 VND per khau_chiec");
        assert_eq!(c.facts[0].label_vi, "Số khẩu-chiếc");
        assert_eq!(c.facts[0].ty, FactType::Count);
        // The row's description after the fee says nothing about it.
        assert_eq!(
            rule(
                vnd(10_000),
                "10.000 đồng/khẩu-chiếc\nTrong thời hạn 03 ngày làm việc kể từ ngày nhận đủ hồ sơ, cơ quan Công an có thẩm quyền cấp giấy phép; trường hợp không cấp phải trả lời bằng văn bản và nêu rõ lý do."
            ),
            Some(("per-unit", "10,000 VND per khau_chiec".into()))
        );
        let usd = Amount {
            value: 10,
            currency: Some("USD"),
        };
        assert_eq!(
            rule(usd, "10 USD/người."),
            Some(("per-unit", "10 USD per persons".into()))
        );
        // Per person and per registration: per person.
        assert_eq!(
            rule(vnd(10_000), "10.000 đồng/người/lần đăng ký"),
            Some(("per-unit", "10,000 VND per persons".into()))
        );
        // An exemption inside a bracket that looks like a reference: not this form.
        assert_eq!(
            rule(
                vnd(10_000),
                "10.000 đồng/khẩu-chiếc (Thông tư số 23/2019/TT-BTC, miễn cho lực lượng vũ trang)"
            ),
            None
        );
        // A case named before the amount: not this form.
        assert_eq!(
            rule(
                vnd(10_000),
                "- Đăng ký tạm trú theo danh sách: + Trường hợp công dân nộp hồ sơ trực tiếp thu 10.000 đồng/người/lần đăng ký;"
            ),
            None
        );
        // A unit not known to be counted (`tem “AB”`), another amount, another cell.
        assert_eq!(rule(vnd(50_000), "50.000đ/tem “AB”"), None);
        assert_eq!(rule(vnd(20_000), "10.000 đồng/khẩu-chiếc"), None);
        assert_eq!(
            rule(vnd(10_000), "10.000 đồng/khẩu-chiếc\nmiễn phí cho hộ nghèo"),
            None
        );
    }

    #[test]
    fn tiers_and_a_cap_per_copy() {
        // portal/bo-tu-phap/2.000815.json (Circular 226/2016/TT-BTC).
        // The sentence after it says what is counted, not another amount.
        let c = convert(
            &vnd(2_000),
            "2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản. Trang là căn cứ để thu phí được tính theo trang của bản chính.",
        )
        .unwrap();
        assert_eq!(c.form, "tiers-cap");
        assert_eq!(
            c.rule,
            "(2,000 VND per pages from 1 to 2, 1,000 VND per pages from 3, at most 200,000 VND) per copies"
        );
        let ids: Vec<_> = c.facts.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["pages", "copies"]);
        // A second amount after it, or a first tier that is not the cell: not converted.
        assert_eq!(
            rule(
                vnd(2_000),
                "2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản; tại cơ quan đại diện 10 USD/bản"
            ),
            None
        );
        assert_eq!(
            rule(
                vnd(1_000),
                "2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản."
            ),
            None
        );
    }

    #[test]
    fn a_cap() {
        assert_eq!(
            rule(vnd(2_000), "2.000 đồng/trang, tối đa 200.000 đồng"),
            Some(("cap", "2,000 VND per pages, at most 200,000 VND".into()))
        );
        assert_eq!(
            rule(
                vnd(2_000),
                "2.000 đồng/trang, tối đa không quá 200.000 đồng/bản"
            ),
            Some((
                "cap",
                "2,000 VND per pages, at most 200,000 VND per copies".into()
            ))
        );
        // A cap below the price, a floor, words between: not this form.
        assert_eq!(
            rule(vnd(2_000), "2.000 đồng/trang, tối đa 1.000 đồng"),
            None
        );
        assert_eq!(
            rule(vnd(2_000), "2.000 đồng/trang, tối thiểu 20.000 đồng"),
            None
        );
        // `không quá 02 năm` bounds a period, not the fee (portal/bo-cong-an, temporary
        // residence cards).
        let usd = Amount {
            value: 145,
            currency: Some("USD"),
        };
        assert_eq!(
            rule(
                usd,
                "Thẻ tạm trú có thời hạn không quá 02 năm: 145 USD/thẻ."
            ),
            None
        );
    }

    #[test]
    fn a_percentage_of_a_named_value() {
        let c = convert(
            &vnd(100_000),
            "0,5% giá trị tài sản, tối thiểu 100.000 đồng, tối đa 5.000.000 đồng",
        )
        .unwrap();
        assert_eq!(c.form, "percentage");
        assert_eq!(
            c.rule,
            "0.5% of gia_tri_tai_san, at least 100,000 VND, at most 5,000,000 VND"
        );
        assert_eq!(c.facts[0].ty, FactType::Money);
        assert_eq!(c.facts[0].label_vi, "Giá trị tài sản");
        // A share of another fee is not a value (portal/bo-cong-an, identity cards).
        assert_eq!(
            rule(
                vnd(50_000),
                "Mức thu bằng 50% mức thu lệ phí quy định tại khoản 1 Điều 24"
            ),
            None
        );
        // The cell's amount not in the text: not converted.
        assert_eq!(
            rule(vnd(30_000), "0,5% giá trị tài sản, tối thiểu 100.000 đồng"),
            None
        );
    }

    #[test]
    fn amounts_by_date_of_receipt() {
        // portal/bo-tu-phap (Circular 64/2025/TT-BTC), cell 20,000,000.
        assert_eq!(
            rule(
                vnd(20_000_000),
                "(áp dụng mức phí 10.000.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC"
            ),
            Some((
                "date-window",
                "10,000,000 VND when received >= 2025-07-01 and received <= 2026-12-31 else 20,000,000 VND".into()
            ))
        );
        assert_eq!(
            rule(
                vnd(500_000),
                "Áp dụng mức phí: 250.000 đồng (Hai trăm năm mươi nghìn đồng) kể từ ngày  01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC"
            ),
            Some((
                "date-window",
                "250,000 VND when received >= 2025-07-01 and received <= 2026-12-31 else 500,000 VND".into()
            ))
        );
        // A cell written in thousands (portal/bo-tu-phap: `50` beside `25.000 đồng`).
        assert_eq!(
            rule(
                vnd(50),
                "(áp dụng mức phí 25.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC"
            ),
            None
        );
        // An exemption besides, a composition, an end date only: not this form.
        assert_eq!(
            rule(
                vnd(50_000),
                "(áp dụng mức phí 25.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC); Tổ chức hành nghề luật sư bổ sung, thay đổi thông tin do thay đổi địa giới hành chính được miễn lệ phí"
            ),
            None
        );
        assert_eq!(
            rule(
                vnd(50_000_000),
                "25.000.000đ/giấy thông hành (áp dụng đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC ngày 30/6/2025 của Bộ Tài chính)."
            ),
            None
        );
        assert_eq!(
            rule(
                vnd(20_000_000),
                "áp dụng mức phí 10.000.000 đồng/hồ sơ kể từ ngày 31/12/2026 đến hết ngày 01/7/2025"
            ),
            None,
            "a period that ends before it starts"
        );
    }

    #[test]
    fn an_amount_per_named_case() {
        // portal/bo-cong-an, passports (Circular 25/2021/TT-BTC).
        let c = convert(
            &vnd(200_000),
            "200.000đ/ hộ chiếu. Trường hợp cấp lại do bị hỏng hoặc bị mất: 400.000đ/hộ chiếu (Thông tư số 25/2021/TT-BTC ngày 07/4/2021 của Bộ Tài chính).",
        )
        .unwrap();
        assert_eq!(c.form, "category");
        assert_eq!(
            c.rule,
            "400,000 VND when cap_lai_do_bi_hong_hoac_bi_mat else 200,000 VND"
        );
        assert_eq!(c.facts[0].label_vi, "Cấp lại do bị hỏng hoặc bị mất");
        assert_eq!(c.facts[0].ty, FactType::Bool);
        // defence records, military school preliminary selection.
        assert_eq!(
            rule(
                vnd(50_000),
                "Phí sơ tuyển: 50.000 đồng/hồ sơ. Riêng sơ tuyển các ngành năng khiếu: 120.000 đồng/hồ sơ (bao gồm tất cả các môn)."
            ),
            Some((
                "category",
                "120,000 VND when so_tuyen_cac_nganh_nang_khieu else 50,000 VND".into()
            ))
        );
        // Words after the scope that change the amount: not this form.
        assert_eq!(
            rule(
                vnd(50_000),
                "50.000 đồng/hồ sơ. Riêng sơ tuyển các ngành năng khiếu: 120.000 đồng/hồ sơ (bao gồm tất cả các môn), miễn cho thí sinh thuộc hộ nghèo"
            ),
            None
        );
        // Amounts without a currency, expired periods, three amounts: not this form.
        assert_eq!(
            rule(
                vnd(160_000),
                "+ 160.000/hộ chiếu, trường hợp cấp lại do bị hư hỏng hoặc bị mất: 320.000đ/hộ chiếu (áp dụng đến hết ngày 31/12/2023 theo Thông tư số 44/2023/TT-BTC ngày 29/6/2023 của Bộ tài chính)."
            ),
            None
        );
        assert_eq!(
            rule(
                vnd(3_000_000),
                "gồm 3.000.000 đồng (Ba triệu đồng) thẩm định tiêu chuẩn, điều kiện thành lập; 1.500.000 đồng (Một triệu năm trăm nghìn đồng) thẩm định điều kiện hoạt động"
            ),
            None
        );
    }

    #[test]
    fn every_rule_parses_and_names_its_facts() {
        let cases = [
            (vnd(10_000), "10.000 đồng/khẩu-chiếc."),
            (
                vnd(2_000),
                "2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản.",
            ),
            (
                vnd(2_000),
                "2.000 đồng/trang, tối đa không quá 200.000 đồng/bản",
            ),
            (vnd(100_000), "0,5% giá trị tài sản, tối thiểu 100.000 đồng"),
            (
                vnd(20_000_000),
                "(áp dụng mức phí 10.000.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC",
            ),
            (
                vnd(200_000),
                "200.000đ/ hộ chiếu. Trường hợp cấp lại do bị hỏng hoặc bị mất: 400.000đ/hộ chiếu",
            ),
        ];
        for (cell, note) in cases {
            let c = convert(&cell, note).unwrap_or_else(|| panic!("{note}"));
            crate::rules::parse::fee(&c.rule, &crate::rules::Origin::detached())
                .unwrap_or_else(|e| panic!("{}: {e:?}", c.rule));
            for f in &c.facts {
                assert!(c.rule.contains(&f.id), "{} in {}", f.id, c.rule);
            }
        }
    }
}
