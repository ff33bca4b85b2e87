//! Code actions: a finding whose hint names what was meant ("có phải ý bạn là `x`?") can
//! be fixed in one step by putting that name in place.

use crate::diag::Lang;
use crate::messages::t;
use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Url, WorkspaceEdit};
use std::collections::HashMap;

/// The name a hint suggests, in either language's words.
pub fn suggestion(message: &str) -> Option<&str> {
    ["did you mean `", "có phải ý bạn là `"]
        .iter()
        .find_map(|lead| {
            let rest = &message[message.find(lead)? + lead.len()..];
            let end = rest.find("`?")?;
            Some(&rest[..end]).filter(|s| !s.is_empty() && !s.contains('`'))
        })
}

/// The quick fixes for the findings the editor sends back.
pub fn fixes(
    uri: &Url,
    text: &str,
    diags: &[lsp_types::Diagnostic],
    lang: Lang,
) -> Vec<CodeActionOrCommand> {
    let lines = super::position::Lines::new(text);
    diags
        .iter()
        .filter_map(|d| {
            let name = suggestion(&d.message)?;
            let (s, e) = (lines.offset(d.range.start), lines.offset(d.range.end));
            let old = text.get(s..e)?;
            // A quoted value keeps its quotes.
            let quoted = old.len() >= 2
                && (old.starts_with('"') && old.ends_with('"')
                    || old.starts_with('\'') && old.ends_with('\''));
            let new_text = if quoted {
                format!("{}{name}{}", &old[..1], &old[old.len() - 1..])
            } else {
                name.to_string()
            };
            let edit = TextEdit {
                range: d.range,
                new_text,
            };
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("{} `{name}`", t(lang, "Sửa thành", "Change to")),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_in_both_languages() {
        assert_eq!(
            suggestion("x\ngợi ý: có phải ý bạn là `ho-tich`?"),
            Some("ho-tich")
        );
        assert_eq!(
            suggestion("x\nhelp: did you mean `fee_exempt`?"),
            Some("fee_exempt")
        );
        assert_eq!(suggestion("giá trị hợp lệ: `a`, `b`"), None);
    }
}
