//! The panes of the review UI. Each component draws itself into an area and handles the
//! events the [`App`](super::App) routes to it; none touches the terminal.

//!
//! One component per file, each with its drawing, its event handling and its tests; this
//! module holds only the [`Component`] trait and the helpers several of them draw with.

mod dashboard;
mod detail;
mod diff;
mod help;
mod picker;
mod scroller;
mod status;
mod tree;

pub use dashboard::Dashboard;
pub use detail::Detail;
pub use diff::{DiffView, unified};
pub use help::{Help, KEYS};
pub use picker::{Picker, Which};
pub use scroller::Scroller;
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
