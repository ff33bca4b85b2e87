//! Showing a catalogue diff: coloured text for a terminal, Markdown for a pull-request
//! comment, JSON for machines.

use super::{CatalogueDiff, Change, Kind};
use crate::diag::Lang;
use std::fmt::Write as _;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("{code}{s}{RESET}")
        } else {
            s.to_string()
        }
    }
}

/// A word-level diff of two texts as (changed?, sign, piece) segments.
pub fn words(a: &str, b: &str) -> Vec<(similar::ChangeTag, String)> {
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_words(a, b);
    let mut out: Vec<(similar::ChangeTag, String)> = Vec::new();
    for c in diff.iter_all_changes() {
        match out.last_mut() {
            Some((tag, s)) if *tag == c.tag() => s.push_str(c.value()),
            _ => out.push((c.tag(), c.value().to_string())),
        }
    }
    out
}

fn word_diff_line(a: &str, b: &str, st: &Style, markdown: bool) -> String {
    let mut s = String::new();
    for (tag, piece) in words(a, b) {
        match tag {
            similar::ChangeTag::Equal => s.push_str(&piece),
            similar::ChangeTag::Delete => {
                if markdown {
                    let _ = write!(s, "~~{}~~", piece.trim());
                    if piece.ends_with(' ') {
                        s.push(' ');
                    }
                } else if st.color {
                    let _ = write!(s, "{RED}\x1b[9m{piece}{RESET}");
                } else {
                    let _ = write!(s, "[-{piece}-]");
                }
            }
            similar::ChangeTag::Insert => {
                if markdown {
                    let _ = write!(s, "**{}**", piece.trim());
                    if piece.ends_with(' ') {
                        s.push(' ');
                    }
                } else if st.color {
                    let _ = write!(s, "{GREEN}\x1b[4m{piece}{RESET}");
                } else {
                    let _ = write!(s, "{{+{piece}+}}");
                }
            }
        }
    }
    s
}

/// A change as people read it: the path in legal words and the values as a decision writes
/// them, in `lang`; the raw path and values where no words are known.
pub struct Worded<'c> {
    /// "Phí, lệ phí › Trực tiếp › Lệ phí đăng ký thường trú".
    pub label: &'c str,
    /// The value before.
    pub before: Option<&'c str>,
    /// The value after.
    pub after: Option<&'c str>,
    /// "−25%", with a true minus sign.
    pub delta: Option<String>,
}

/// The words of a change in `lang` (see [`super::labels::describe`]).
pub fn worded(c: &Change, lang: Lang) -> Worded<'_> {
    let label = c.label.as_ref().map_or(c.path.as_str(), |l| l.get(lang));
    let before = c
        .before_words
        .as_ref()
        .map(|w| w.get(lang))
        .or(c.before.as_deref());
    let after = c
        .after_words
        .as_ref()
        .map(|w| w.get(lang))
        .or(c.after.as_deref());
    let delta = c.delta.as_ref().map(|d| d.replace('-', "−"));
    Worded {
        label,
        before,
        after,
        delta,
    }
}

fn change_line(c: &Change, st: &Style, lang: Lang) -> String {
    let w = worded(c, lang);
    let delta = w.delta.map(|d| format!(" ({d})")).unwrap_or_default();
    // An added or removed item already named by its label needs no value after it.
    let value = |v: &str| {
        if w.label.ends_with(v) {
            String::new()
        } else {
            format!(": {v}")
        }
    };
    match (c.kind, w.before, w.after) {
        (Kind::Added, _, Some(a)) => format!(
            "{} {}{}",
            st.paint(GREEN, "+"),
            w.label,
            st.paint(GREEN, &value(a))
        ),
        (Kind::Removed, Some(b), _) => format!(
            "{} {}{}",
            st.paint(RED, "-"),
            w.label,
            st.paint(RED, &value(b))
        ),
        (_, Some(b), Some(a)) if c.long_text => {
            format!(
                "{} {}: {}",
                st.paint(BOLD, "~"),
                w.label,
                word_diff_line(b, a, st, false)
            )
        }
        (_, b, a) => format!(
            "{} {}: {} → {}{delta}",
            st.paint(BOLD, "~"),
            w.label,
            st.paint(RED, b.unwrap_or("—")),
            st.paint(GREEN, a.unwrap_or("—")),
        ),
    }
}

/// The diff with every text made safe for a terminal ([`crate::sanitize`]): catalogue data
/// must not bring its own escapes next to the colours this module adds.
pub fn for_terminal(d: &CatalogueDiff) -> CatalogueDiff {
    use crate::sanitize::{terminal, terminal_line};
    let line = |s: &String| terminal_line(s).into_owned();
    let text = |s: &Option<String>| s.as_deref().map(|s| terminal(s).into_owned());
    let words = |t: &Option<crate::model::Text>| {
        t.as_ref().map(|t| crate::model::Text {
            vi: terminal_line(&t.vi).into(),
            en: t.en.as_deref().map(|e| terminal_line(e).into()),
        })
    };
    let entry = |e: &super::Entry| super::Entry {
        code: line(&e.code),
        name: line(&e.name),
        abolished_by: e.abolished_by.as_ref().map(line),
        note: e.note.clone(),
    };
    CatalogueDiff {
        added: d.added.iter().map(entry).collect(),
        removed: d.removed.iter().map(entry).collect(),
        amended: d
            .amended
            .iter()
            .map(|a| super::Amended {
                code: line(&a.code),
                name: line(&a.name),
                changes: a
                    .changes
                    .iter()
                    .map(|c| Change {
                        path: line(&c.path),
                        before: text(&c.before),
                        after: text(&c.after),
                        delta: c.delta.as_ref().map(line),
                        label: words(&c.label),
                        before_words: words(&c.before_words),
                        after_words: words(&c.after_words),
                        ..c.clone()
                    })
                    .collect(),
                notes: a.notes.clone(),
            })
            .collect(),
    }
}

/// Terminal text; `color` adds ANSI colours.
pub fn human(d: &CatalogueDiff, lang: Lang, color: bool) -> String {
    let d = &for_terminal(d);
    let st = Style { color };
    let en = lang == Lang::En;
    let mut s = String::new();
    if d.is_empty() {
        s.push_str(if en {
            "No differences.\n"
        } else {
            "Không có khác biệt.\n"
        });
        return s;
    }
    let _ = writeln!(
        s,
        "{}",
        st.paint(
            BOLD,
            &if en {
                format!(
                    "{} added, {} removed, {} amended",
                    d.added.len(),
                    d.removed.len(),
                    d.amended.len()
                )
            } else {
                format!(
                    "{} mới, {} bãi bỏ, {} sửa đổi",
                    d.added.len(),
                    d.removed.len(),
                    d.amended.len()
                )
            }
        )
    );
    for e in &d.added {
        let _ = writeln!(
            s,
            "{} {} {}",
            st.paint(GREEN, "+"),
            st.paint(BOLD, &e.code),
            e.name
        );
        if let Some(n) = &e.note {
            let _ = writeln!(s, "    {}", note_line(n, &st, lang));
        }
    }
    for e in &d.removed {
        let _ = writeln!(
            s,
            "{} {} {}",
            st.paint(RED, "-"),
            st.paint(BOLD, &e.code),
            e.name
        );
        if let Some(n) = &e.note {
            let _ = writeln!(s, "    {}", note_line(n, &st, lang));
        }
    }
    for a in &d.amended {
        let _ = writeln!(
            s,
            "\n{} {} {}",
            st.paint(BOLD, "~"),
            st.paint(BOLD, &a.code),
            a.name
        );
        for c in &a.changes {
            // A value of several paragraphs (steps) keeps them under its change line.
            let line = change_line(c, &st, lang).replace('\n', "\n      ");
            let _ = writeln!(s, "    {line}");
        }
        for n in &a.notes {
            let _ = writeln!(s, "    {}", note_line(n, &st, lang));
        }
    }
    s
}

/// A line saying which act accounts for a change (or that it is editorial, or that none
/// does), marked so a reviewer tells them apart at a glance.
fn note_line(n: &super::acts::Note, st: &Style, lang: Lang) -> String {
    use super::acts::NoteKind;
    let text = crate::sanitize::terminal_line(n.text.get(lang)).into_owned();
    match n.kind {
        NoteKind::Act => format!("{} {text}", st.paint(GREEN, "§")),
        NoteKind::Editorial => format!("{} {text}", st.paint(BOLD, "✎")),
        NoteKind::Unaccounted => format!("{} {text}", st.paint(RED, "!")),
    }
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Markdown for a pull-request comment.
pub fn markdown(d: &CatalogueDiff, lang: Lang) -> String {
    let en = lang == Lang::En;
    let st = Style { color: false };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "### {}\n",
        if en {
            "Catalogue changes"
        } else {
            "Thay đổi danh mục"
        }
    );
    if d.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            if en {
                "No differences."
            } else {
                "Không có khác biệt."
            }
        );
        return s;
    }
    let _ = writeln!(
        s,
        "{}\n",
        if en {
            format!(
                "**{}** added · **{}** removed · **{}** amended",
                d.added.len(),
                d.removed.len(),
                d.amended.len()
            )
        } else {
            format!(
                "**{}** mới · **{}** bãi bỏ · **{}** sửa đổi",
                d.added.len(),
                d.removed.len(),
                d.amended.len()
            )
        }
    );
    for (title, list) in [
        (if en { "Added" } else { "Thủ tục mới" }, &d.added),
        (
            if en {
                "Removed"
            } else {
                "Thủ tục bãi bỏ"
            },
            &d.removed,
        ),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(s, "#### {title}\n");
        for e in list {
            let _ = writeln!(s, "- `{}` {}", e.code, e.name);
            if let Some(n) = &e.note {
                let _ = writeln!(s, "  - {}", md_note(n, lang));
            }
        }
        s.push('\n');
    }
    if !d.amended.is_empty() {
        let _ = writeln!(
            s,
            "#### {}\n",
            if en {
                "Amended"
            } else {
                "Thủ tục sửa đổi"
            }
        );
    }
    for a in &d.amended {
        let _ = writeln!(
            s,
            "<details><summary><code>{}</code> {} ({} {})</summary>\n",
            a.code,
            a.name,
            a.changes.len(),
            if en { "changes" } else { "thay đổi" }
        );
        let _ = writeln!(
            s,
            "| {} | {} | {} |\n|---|---|---|",
            if en { "What" } else { "Nội dung" },
            if en { "Before" } else { "Trước" },
            if en { "After" } else { "Sau" }
        );
        for c in &a.changes {
            let w = worded(c, lang);
            let before = w.before.unwrap_or("—");
            let after = match (w.before, w.after) {
                (Some(b), Some(x)) if c.long_text => word_diff_line(b, x, &st, true),
                (_, a) => a.unwrap_or("—").to_string(),
            };
            let delta = w.delta.map(|d| format!(" ({d})")).unwrap_or_default();
            let _ = writeln!(
                s,
                "| {} | {} | {}{delta} |",
                md_cell(w.label),
                md_cell(before),
                md_cell(&after)
            );
        }
        if !a.notes.is_empty() {
            s.push('\n');
            for n in &a.notes {
                let _ = writeln!(s, "- {}", md_note(n, lang));
            }
        }
        s.push_str("\n</details>\n\n");
    }
    s
}

fn md_note(n: &super::acts::Note, lang: Lang) -> String {
    use super::acts::NoteKind;
    let mark = match n.kind {
        NoteKind::Act => "§",
        NoteKind::Editorial => "✎",
        NoteKind::Unaccounted => "**!**",
    };
    format!("{mark} {}", md_cell(n.text.get(lang)))
}

/// JSON as in SPEC.md: `{"added": [CODE], "removed": [CODE], "amended": [{code, changes}]}`.
pub fn json(d: &CatalogueDiff) -> String {
    // Written straight from the diff, in this order, without a `serde_json::Value` of it first.
    #[derive(serde::Serialize)]
    struct Json<'a> {
        added: Vec<&'a str>,
        removed: Vec<&'a str>,
        amended: &'a [super::Amended],
        names: serde_json::Map<String, serde_json::Value>,
    }
    let json = Json {
        added: d.added.iter().map(|e| e.code.as_str()).collect(),
        removed: d.removed.iter().map(|e| e.code.as_str()).collect(),
        amended: &d.amended,
        names: d
            .added
            .iter()
            .chain(&d.removed)
            .map(|e| (e.code.clone(), serde_json::Value::String(e.name.clone())))
            .collect(),
    };
    serde_json::to_string_pretty(&json).expect("serializable") + "\n"
}
