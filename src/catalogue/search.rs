//! Finding procedures by code or name as people type them: without accents, in any case,
//! in any word order ("ket hon" finds "Đăng ký kết hôn"), best matches first.

use crate::model::Procedure;
use crate::vietnamese::name_key;

/// How well a procedure matches a query (higher is better; 0 is no match).
pub fn score(p: &Procedure, query: &str) -> u32 {
    let q = name_key(query);
    if q.is_empty() {
        return 1;
    }
    let code = p.code.as_str();
    if code == query.trim() {
        return 1000;
    }
    if code.starts_with(query.trim()) {
        return 900;
    }
    let vi = name_key(&p.name.vi);
    let en = p.name.en.as_deref().map(name_key).unwrap_or_default();
    if vi == q || en == q {
        return 800;
    }
    // Drop the generic "Thủ tục" that starts many names: "đăng ký kết hôn" is the name.
    let bare = vi.strip_prefix("thu tuc ").unwrap_or(&vi);
    if bare == q {
        return 790;
    }
    let phrase = |name: &str| -> Option<u32> {
        let i = name.find(&q)?;
        // At the start of a word counts more than inside one.
        let at_word = i == 0 || name.as_bytes()[i - 1] == b' ';
        Some(if i == 0 || bare.starts_with(&q) {
            700
        } else if at_word {
            600
        } else {
            500
        })
    };
    if let Some(s) = phrase(&vi).or_else(|| phrase(&en)) {
        return s;
    }
    // Every word typed starts a word of the name, in any order.
    let words: Vec<&str> = vi.split(' ').chain(en.split(' ')).collect();
    let tokens: Vec<&str> = q.split(' ').collect();
    if tokens
        .iter()
        .all(|t| words.iter().any(|w| w.starts_with(t)) || code.contains(t))
    {
        return 400;
    }
    0
}

/// The procedures matching `query`, best first; among equals the shorter name (the more
/// precise match), then the code.
pub fn rank<'c>(
    procedures: impl IntoIterator<Item = &'c Procedure>,
    query: &str,
) -> Vec<&'c Procedure> {
    let mut v: Vec<(u32, &Procedure)> = procedures
        .into_iter()
        .map(|p| (score(p, query), p))
        .filter(|(s, _)| *s > 0)
        .collect();
    v.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(
                a.1.name
                    .vi
                    .chars()
                    .count()
                    .cmp(&b.1.name.vi.chars().count()),
            )
            .then(a.1.code.as_str().cmp(b.1.code.as_str()))
    });
    v.into_iter().map(|(_, p)| p).collect()
}

/// The one procedure a name means, when it is not ambiguous: the only match, or the only
/// one whose whole name is the query.
pub fn the_one<'c>(ranked: &[&'c Procedure], query: &str) -> Option<&'c Procedure> {
    match ranked {
        [one] => Some(one),
        [first, second, ..] => {
            let (a, b) = (score(first, query), score(second, query));
            (a >= 790 && b < 790).then_some(*first)
        }
        [] => None,
    }
}
