//! Channels, fields and levels named on the command line by their id or their Vietnamese
//! (or English) name, with or without accents: `--channel "trực tiếp"`, `truc-tiep`,
//! `direct`; a wrong one is answered with every id beside its Vietnamese name.

use super::procedure::{UsageError, usage};
use crate::diag::{Lang, Tr};
use crate::model::{ChannelKind, Named};
use crate::tr;

/// `id (tên)` for each choice, in both languages.
fn choices<'a>(items: impl Iterator<Item = (&'a str, &'a str, &'a str)> + Clone) -> Tr {
    let list = |lang: Lang| {
        items
            .clone()
            .map(|(id, vi, en)| format!("{id} ({})", crate::messages::t(lang, vi, en)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (vi, en) = (list(Lang::Vi), list(Lang::En));
    Tr {
        en: format!("one of: {en}"),
        vi: format!("một trong: {vi}"),
    }
}

/// The hint for a wrong name: the nearest id with its name, then every choice.
fn hint<'a>(typed: &str, items: impl Iterator<Item = (&'a str, &'a str, &'a str)> + Clone) -> Tr {
    let all = choices(items.clone());
    let key = crate::vietnamese::name_key(typed);
    let near = items.clone().find_map(|(id, vi, en)| {
        let cands = [id, vi, en];
        let keys: Vec<String> = cands
            .iter()
            .map(|c| crate::vietnamese::name_key(c))
            .collect();
        crate::diag::nearest(&key, keys.iter().map(String::as_str)).map(|_| (id, vi, en))
    });
    match near {
        Some((id, vi, en)) => Tr {
            en: format!("did you mean {id} ({en})? {}", all.en),
            vi: format!("có phải ý bạn là {id} ({vi})? {}", all.vi),
        },
        None => all,
    }
}

fn channel_names(c: ChannelKind) -> (&'static str, &'static str, &'static str) {
    (c.id(), c.label(Lang::Vi), c.label(Lang::En))
}

/// The channel a user names.
pub fn channel(typed: &str) -> Result<ChannelKind, UsageError> {
    ChannelKind::from_name(typed).ok_or_else(|| {
        usage(
            tr!(
                "`{typed}` is not a channel",
                "`{typed}` không phải là một cách thức nộp hồ sơ"
            ),
            Some(hint(
                typed,
                ChannelKind::ALL.iter().map(|c| channel_names(*c)),
            )),
        )
    })
}

/// Every channel as `id (tên)`, for hints.
pub fn channel_list() -> Tr {
    choices(ChannelKind::ALL.iter().map(|c| channel_names(*c)))
}

/// The field or level a user names, among those the manifest declares; `what` names the
/// kind ("lĩnh vực", "cấp thực hiện").
pub fn named<'m>(list: &'m [Named], typed: &str, what: Tr) -> Result<&'m Named, UsageError> {
    let found = list.iter().find(|n| {
        crate::vietnamese::same_name(typed, &n.id)
            || crate::vietnamese::same_name(typed, &n.name.vi)
            || n.name
                .en
                .as_deref()
                .is_some_and(|en| crate::vietnamese::same_name(typed, en))
    });
    found.ok_or_else(|| {
        let items = list.iter().map(|n| {
            (
                n.id.as_str(),
                &*n.name.vi,
                n.name.en.as_deref().unwrap_or(&n.name.vi),
            )
        });
        let Tr { en, vi } = what;
        usage(
            tr!(
                "`{typed}` is not a {en} of this catalogue",
                "`{typed}` không phải {vi} của danh mục này"
            ),
            Some(hint(typed, items)),
        )
    })
}
