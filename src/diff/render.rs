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

fn change_line(c: &Change, st: &Style) -> String {
    let delta = c
        .delta
        .as_ref()
        .map(|d| format!(" ({d})"))
        .unwrap_or_default();
    match (c.kind, &c.before, &c.after) {
        (Kind::Added, _, Some(a)) => format!(
            "{} {}: {}",
            st.paint(GREEN, "+"),
            c.path,
            st.paint(GREEN, a)
        ),
        (Kind::Removed, Some(b), _) => {
            format!("{} {}: {}", st.paint(RED, "-"), c.path, st.paint(RED, b))
        }
        (_, Some(b), Some(a)) if c.long_text => {
            format!(
                "{} {}: {}",
                st.paint(BOLD, "~"),
                c.path,
                word_diff_line(b, a, st, false)
            )
        }
        (_, b, a) => format!(
            "{} {}: {} → {}{delta}",
            st.paint(BOLD, "~"),
            c.path,
            st.paint(RED, b.as_deref().unwrap_or("—")),
            st.paint(GREEN, a.as_deref().unwrap_or("—")),
        ),
    }
}

/// The diff with every text made safe for a terminal ([`crate::sanitize`]): catalogue data
/// must not bring its own escapes next to the colours this module adds.
pub fn for_terminal(d: &CatalogueDiff) -> CatalogueDiff {
    use crate::sanitize::{terminal, terminal_line};
    let line = |s: &String| terminal_line(s).into_owned();
    let text = |s: &Option<String>| s.as_deref().map(|s| terminal(s).into_owned());
    let entry = |e: &super::Entry| super::Entry {
        code: line(&e.code),
        name: line(&e.name),
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
                        ..c.clone()
                    })
                    .collect(),
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
    }
    for e in &d.removed {
        let _ = writeln!(
            s,
            "{} {} {}",
            st.paint(RED, "-"),
            st.paint(BOLD, &e.code),
            e.name
        );
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
            let _ = writeln!(s, "    {}", change_line(c, &st));
        }
    }
    s
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
            if en { "Path" } else { "Vị trí" },
            if en { "Before" } else { "Trước" },
            if en { "After" } else { "Sau" }
        );
        for c in &a.changes {
            let before = c.before.as_deref().unwrap_or("—");
            let after = match (&c.before, &c.after) {
                (Some(b), Some(x)) if c.long_text => word_diff_line(b, x, &st, true),
                _ => c.after.clone().unwrap_or_else(|| "—".into()),
            };
            let delta = c
                .delta
                .as_ref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "| `{}` | {} | {}{delta} |",
                c.path,
                md_cell(before),
                md_cell(&after)
            );
        }
        s.push_str("\n</details>\n\n");
    }
    s
}

/// JSON as in SPEC.md: `{"added": [CODE], "removed": [CODE], "amended": [{code, changes}]}`.
pub fn json(d: &CatalogueDiff) -> String {
    let v = serde_json::json!({
        "added": d.added.iter().map(|e| e.code.clone()).collect::<Vec<_>>(),
        "removed": d.removed.iter().map(|e| e.code.clone()).collect::<Vec<_>>(),
        "amended": d.amended,
        "names": d.added.iter().chain(&d.removed).map(|e| (e.code.clone(), serde_json::Value::String(e.name.clone()))).collect::<serde_json::Map<_, _>>(),
    });
    serde_json::to_string_pretty(&v).expect("serializable") + "\n"
}
