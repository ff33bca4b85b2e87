//! The panes of the review UI. Each component draws itself into an area and handles the
//! events the [`App`](super::App) routes to it; none touches the terminal.

//!
//! One component per file, each with its drawing, its event handling and its tests; this
//! module holds only the [`Component`] trait and the helpers several of them draw with.

mod dashboard;
mod detail;
mod diff;
mod help;
mod pending;
mod picker;
mod scroller;
mod source;
mod status;
mod tree;

pub use dashboard::Dashboard;
pub use detail::Detail;
pub use diff::{DiffView, unified};
pub use help::{Help, KEYS};
pub use picker::{Picker, Which};
pub use scroller::Scroller;
pub use source::Source;
pub use status::StatusBar;
pub use tree::{Row, Tree};

use super::tr;
use crate::diag::Lang;
use crate::tui::data::Mark;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

/// Whether a component used an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOutcome {
    /// The event was handled.
    Consumed,
    /// Not for this component: let the caller try something else.
    Ignored,
}

/// A pane: draws itself, handles events.
pub trait Component {
    /// Draws into `area`.
    fn draw(&self, f: &mut Frame<'_>, area: Rect);
    /// Handles one event.
    fn event(&mut self, ev: &Event) -> EventOutcome;
}

/// The key of a key-press event, with its modifiers.
pub fn key(ev: &Event) -> Option<(KeyCode, KeyModifiers)> {
    match ev {
        Event::Key(KeyEvent {
            code,
            modifiers,
            kind: crossterm::event::KeyEventKind::Press | crossterm::event::KeyEventKind::Repeat,
            ..
        }) => Some((*code, *modifiers)),
        _ => None,
    }
}

/// Movement keys shared by every list and scrolling pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    By(isize),
    Page(isize),
    Top,
    Bottom,
}

pub(crate) fn movement(ev: &Event) -> Option<Move> {
    let (code, m) = key(ev)?;
    Some(match code {
        KeyCode::Char('j') | KeyCode::Down => Move::By(1),
        KeyCode::Char('k') | KeyCode::Up => Move::By(-1),
        KeyCode::Char('d') if m.contains(KeyModifiers::CONTROL) => Move::Page(1),
        KeyCode::Char('u') if m.contains(KeyModifiers::CONTROL) => Move::Page(-1),
        KeyCode::PageDown => Move::Page(1),
        KeyCode::PageUp => Move::Page(-1),
        KeyCode::Char('g') | KeyCode::Home => Move::Top,
        KeyCode::Char('G') | KeyCode::End => Move::Bottom,
        _ => return None,
    })
}

/// Lines with catalogue text made safe for the terminal ([`crate::sanitize::terminal_line`]):
/// ratatui drops C0/C1 controls but passes bidi overrides, and a dropped ESC would leave the
/// rest of an escape sequence looking like data. Every pane's text goes through here.
pub fn safe<'a>(lines: impl IntoIterator<Item = Line<'a>>) -> Vec<Line<'a>> {
    lines
        .into_iter()
        .map(|mut l| {
            for s in &mut l.spans {
                if let std::borrow::Cow::Owned(t) = crate::sanitize::terminal_line(&s.content) {
                    s.content = t.into();
                }
            }
            l
        })
        .collect()
}

pub(crate) fn block(title: Line<'static>, focused: bool) -> Block<'static> {
    let style = if focused {
        Style::new().fg(Color::Cyan)
    } else {
        Style::new().fg(Color::DarkGray)
    };
    Block::new()
        .borders(Borders::ALL)
        .border_style(style)
        .title(title)
}

pub(crate) fn mark_style(m: Mark) -> Style {
    match m {
        Mark::Same => Style::new(),
        Mark::Added => Style::new().fg(Color::Green),
        Mark::Removed => Style::new().fg(Color::Red),
        Mark::Amended => Style::new().fg(Color::Yellow),
        Mark::Editorial => Style::new().fg(Color::Cyan),
    }
}

/// Keeps `selected` inside a window of `height` rows starting at `offset`.
pub(crate) fn follow(selected: usize, offset: usize, height: usize, len: usize) -> usize {
    let height = height.max(1);
    let mut off = offset.min(len.saturating_sub(height));
    if selected < off {
        off = selected;
    } else if selected >= off + height {
        off = selected + 1 - height;
    }
    off
}

pub(crate) fn heading(s: &str) -> Line<'static> {
    Line::styled(
        s.to_string(),
        Style::new()
            .add_modifier(Modifier::BOLD)
            .fg(Color::LightBlue),
    )
}

pub(crate) fn kv(k: &str, v: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{k}: "), Style::new().fg(Color::DarkGray)),
        Span::raw(v),
    ])
}

/// The title of the right-hand panes: every pane's name, the shown one highlighted.
pub fn tabs(lang: Lang, shown: usize) -> Line<'static> {
    let names = [
        tr(lang, "Chi tiết", "Detail"),
        tr(lang, "Khác biệt", "Diff"),
        tr(lang, "Chỉ tiêu", "Targets"),
    ];
    let mut spans = vec![Span::raw(" ")];
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" │ ", Style::new().fg(Color::DarkGray)));
        }
        let st = if i + 1 == shown {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            Style::new().fg(Color::DarkGray)
        };
        spans.push(Span::styled(format!("{} {n}", i + 2), st));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

pub(crate) const DEL: Style = Style::new().fg(Color::Red);
pub(crate) const INS: Style = Style::new().fg(Color::Green);

pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Width of a string in terminal cells.
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// `s` in at most `max` cells: whole when it fits, else cut after the last word that fits,
/// followed by "…" (a single word longer than the room is cut inside). Names stay readable
/// where a pane is narrow; the full text is in the detail pane.
pub fn truncate_words(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let room = max - 1;
    let (mut w, mut at_word, mut at_char) = (0, None, 0);
    for (i, c) in s.char_indices() {
        if c == ' ' && w <= room {
            at_word = Some(i);
        }
        let cw = char_width(c);
        if w + cw > room {
            break;
        }
        w += cw;
        at_char = i + c.len_utf8();
    }
    // A cut after a comma or a dash would read as if the list went on.
    let trim = |t: &str| t.trim_end_matches([' ', ',', ';', ':', '-', '–']).len();
    let cut = match at_word.map(|i| trim(&s[..i])) {
        Some(n) if n > 0 => n,
        _ => at_char,
    };
    format!("{}…", &s[..cut])
}

/// `s` in at most `lines` rows of `room` cells, broken at words; what does not fit is cut
/// at a word with "…" on the last row.
pub fn split_words(s: &str, room: usize, lines: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() && out.len() < lines.max(1) {
        if out.len() + 1 == lines.max(1) || width(rest) <= room {
            out.push(truncate_words(rest, room));
            break;
        }
        // The longest run of whole words that fits, else the characters that fit.
        let (mut w, mut at_word, mut at_char) = (0, None, 0);
        for (i, c) in rest.char_indices() {
            if c == ' ' && w <= room {
                at_word = Some(i);
            }
            let cw = char_width(c);
            if w + cw > room {
                break;
            }
            w += cw;
            at_char = i + c.len_utf8();
        }
        let cut = at_word
            .filter(|&i| i > 0)
            .unwrap_or(at_char.max(rest.chars().next().map_or(0, char::len_utf8)));
        out.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start();
    }
    out
}

/// A line's cells: each character with its style (the line's own style under the span's).
fn cells(line: &Line<'_>) -> Vec<(char, Style)> {
    line.spans
        .iter()
        .flat_map(|s| {
            let st = s.style;
            s.content.chars().map(move |c| (c, st))
        })
        .collect()
}

fn from_cells(cells: &[(char, Style)], like: &Line<'_>) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut text = String::new();
    let mut style = None;
    for &(c, st) in cells {
        if style.is_some_and(|s| s != st) {
            spans.push(Span::styled(
                std::mem::take(&mut text),
                style.unwrap_or_default(),
            ));
        }
        style = Some(st);
        text.push(c);
    }
    if let Some(st) = style {
        spans.push(Span::styled(text, st));
    }
    let mut l = Line::from(spans).style(like.style);
    l.alignment = like.alignment;
    l
}

/// Wraps a styled line at words into rows of at most `w` cells; a continuation row keeps
/// the line's indent, and a word longer than a row is cut across rows.
pub fn wrap(line: &Line<'_>, w: usize) -> Vec<Line<'static>> {
    let w = w.max(1);
    let cs = cells(line);
    if cs.iter().map(|(c, _)| char_width(*c)).sum::<usize>() <= w {
        return vec![from_cells(&cs, line)];
    }
    let indent = cs.iter().take_while(|(c, _)| *c == ' ').count().min(w / 2);
    let mut rows: Vec<Vec<(char, Style)>> = Vec::new();
    let mut cur: Vec<(char, Style)> = Vec::new();
    let mut cur_w = 0;
    let mut i = 0;
    while i < cs.len() {
        let space = cs[i].0 == ' ';
        let mut j = i;
        while j < cs.len() && (cs[j].0 == ' ') == space {
            j += 1;
        }
        let token = &cs[i..j];
        let tw: usize = token.iter().map(|(c, _)| char_width(*c)).sum();
        if space {
            // Spaces that do not fit end the row; they are not carried to the next one.
            for &cell in token {
                if cur_w < w {
                    cur.push(cell);
                    cur_w += 1;
                }
            }
        } else {
            if cur_w + tw > w && cur_w > indent {
                while cur.last().is_some_and(|(c, _)| *c == ' ') {
                    cur.pop();
                }
                rows.push(std::mem::take(&mut cur));
                cur.extend(std::iter::repeat_n((' ', Style::default()), indent));
                cur_w = indent;
            }
            for &(c, st) in token {
                let cw = char_width(c);
                if cur_w + cw > w && cur_w > indent {
                    rows.push(std::mem::take(&mut cur));
                    cur.extend(std::iter::repeat_n((' ', Style::default()), indent));
                    cur_w = indent;
                }
                cur.push((c, st));
                cur_w += cw;
            }
        }
        i = j;
    }
    while cur.last().is_some_and(|(c, _)| *c == ' ') {
        cur.pop();
    }
    if !cur.is_empty() || rows.is_empty() {
        rows.push(cur);
    }
    rows.iter().map(|r| from_cells(r, line)).collect()
}

/// The cells `from..from + w` of a line (horizontal scrolling); a wide character cut by the
/// left edge shows as a space.
pub fn hslice(line: &Line<'_>, from: usize, w: usize) -> Line<'static> {
    let mut out = Vec::new();
    let mut col = 0;
    for (c, st) in cells(line) {
        let cw = char_width(c);
        let end = col + cw;
        if end > from && col < from + w {
            if col < from || end > from + w {
                out.push((' ', st));
            } else {
                out.push((c, st));
            }
        }
        col = end;
    }
    from_cells(&out, line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(l: &Line<'_>) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn names_are_cut_after_a_whole_word() {
        let name = "Đăng ký kết hôn có yếu tố nước ngoài";
        assert_eq!(truncate_words(name, 40), name);
        assert_eq!(truncate_words(name, name.chars().count()), name);
        assert_eq!(truncate_words(name, 20), "Đăng ký kết hôn có…");
        assert_eq!(truncate_words(name, 12), "Đăng ký kết…");
        // Never mid-word, and never after a comma.
        assert_eq!(
            truncate_words("Đăng ký, quản lý cư trú", 14),
            "Đăng ký, quản…"
        );
        assert_eq!(truncate_words("Đăng ký, quản lý cư trú", 13), "Đăng ký…");
        assert_eq!(truncate_words("Đăng ký, quản lý cư trú", 12), "Đăng ký…");
        // One word longer than the room is cut inside it, still within the room.
        assert_eq!(truncate_words("Thủtụcdàiquá", 6), "Thủtụ…");
        assert_eq!(truncate_words("abc", 0), "");
        for n in 1..40 {
            assert!(width(&truncate_words(name, n)) <= n, "{n}");
        }
    }

    #[test]
    fn long_names_take_two_rows_then_stop_at_a_word() {
        let name = "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở lần đầu";
        assert_eq!(
            split_words(name, 20, 2),
            ["Cấp Giấy chứng nhận", "quyền sử dụng đất…"]
        );
        assert_eq!(split_words("Hộ tịch", 20, 2), ["Hộ tịch"]);
        assert_eq!(split_words(name, 20, 1), [truncate_words(name, 20)]);
        for room in 1..30 {
            for row in split_words(name, room, 2) {
                assert!(width(&row) <= room, "{room}: {row}");
            }
        }
    }

    #[test]
    fn wrapping_breaks_at_words_keeps_styles_and_indent() {
        let red = Style::new().fg(Color::Red);
        let l = Line::from(vec![
            Span::raw("    • Tờ khai "),
            Span::styled("thay đổi thông tin", red),
        ]);
        let rows = wrap(&l, 16);
        let t: Vec<String> = rows.iter().map(text).collect();
        assert_eq!(t, ["    • Tờ khai", "    thay đổi", "    thông tin"]);
        assert!(rows.iter().all(|r| r.width() <= 16));
        assert_eq!(rows[1].spans.last().unwrap().style, red);
        // A line that fits is kept as it is.
        assert_eq!(text(&wrap(&Line::from("ngắn"), 16)[0]), "ngắn");
        // A word longer than the row is cut across rows.
        let t: Vec<String> = wrap(&Line::from("abcdefghij"), 4)
            .iter()
            .map(text)
            .collect();
        assert_eq!(t, ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn horizontal_slices_count_cells() {
        let l = Line::from(vec![
            Span::raw("+    amount: "),
            Span::styled("10,000 VND", Style::new().fg(Color::Green)),
        ]);
        assert_eq!(text(&hslice(&l, 0, 8)), "+    amo");
        assert_eq!(text(&hslice(&l, 5, 8)), "amount: ");
        assert_eq!(text(&hslice(&l, 13, 40)), "10,000 VND");
        assert_eq!(
            hslice(&l, 13, 40).spans[0].style,
            Style::new().fg(Color::Green)
        );
        assert_eq!(text(&hslice(&l, 50, 8)), "");
        // A wide character cut by the edge becomes a space rather than shifting the row.
        assert_eq!(text(&hslice(&Line::from("a漢b"), 2, 3)), " b");
    }
}

/// Two catalogue folders, before and after a fee change, loaded as the worker would.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::tui::data::{Origin, Request, RevSpec, Snapshot};

    const MANIFEST: &str = "name: { vi: Danh mục thử }\nlanguage: vi\nlevels:\n  - { id: commune, name: { vi: Cấp xã, en: Commune } }\nfields:\n  - { id: ho-tich, name: { vi: Hộ tịch, en: Civil status } }\n";

    pub fn procedure(fee: &str) -> String {
        format!(
            "code: \"1.000689\"\nname: {{ vi: \"Đăng ký khai sinh kết hợp nhận cha, mẹ, con có yếu tố nước ngoài\" }}\nfield: ho-tich\nlevels: [commune]\nchannels:\n  - channel: direct\n    deadline: 1 working day\n    fees:\n      - {{ id: le-phi, name: {{ vi: Lệ phí hộ tịch }}, amount: \"{fee}\", note: {{ vi: thu theo Nghị quyết của Hội đồng nhân dân tỉnh }} }}\ndossier:\n  documents:\n    - {{ id: to-khai, name: {{ vi: Tờ khai }}, originals: 1 }}\n"
        )
    }

    /// The snapshot of `a/` (fee 8,000 VND) against `b/` (5,000 VND), and the temp dir.
    pub fn snapshot() -> (tempfile::TempDir, Snapshot) {
        snapshot_of(&procedure("8,000 VND"), &procedure("5,000 VND"))
    }

    /// The snapshot of `a/` against `b/`, each holding the one procedure file given.
    pub fn snapshot_of(a: &str, b: &str) -> (tempfile::TempDir, Snapshot) {
        let tmp = tempfile::tempdir().unwrap();
        for (side, text) in [("a", a), ("b", b)] {
            let d = tmp.path().join(side);
            std::fs::create_dir_all(d.join("procedures/ho-tich")).unwrap();
            std::fs::write(d.join("catalogue.yaml"), MANIFEST).unwrap();
            std::fs::write(d.join("procedures/ho-tich/1.000689.yaml"), text).unwrap();
        }
        let origin = Origin {
            dir: Some(tmp.path().join("b")),
            limits: Default::default(),
        };
        let path = |s: &str| RevSpec::Rev(tmp.path().join(s).display().to_string());
        let req = Request {
            a: path("a"),
            b: path("b"),
        };
        let snap = crate::tui::data::load(&origin, &req).map_err(|e| e.to_string());
        (tmp, snap.unwrap())
    }
}
