//! A scrolling pane of prepared lines, shared by the detail, diff, targets and help panes.

use super::{EventOutcome, Move, movement, safe};
use crossterm::event::Event;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use std::cell::Cell;

/// A scrolling pane of prepared lines (the detail and the diff share it).
#[derive(Default)]
pub struct Scroller {
    lines: Vec<Line<'static>>,
    scroll: Cell<usize>,
    pub(crate) wrap: bool,
    /// Rows a page moves (set from the layout).
    pub page: usize,
}

impl Scroller {
    pub(crate) fn set(&mut self, lines: Vec<Line<'static>>) {
        self.lines = safe(lines);
        self.scroll.set(0);
    }

    /// The prepared lines (tests read them).
    pub fn lines(&self) -> &[Line<'static>] {
        &self.lines
    }

    /// Scrolls by `d` rows.
    pub fn scroll_by(&mut self, d: isize) {
        self.scroll.set(self.scroll.get().saturating_add_signed(d));
    }

    pub(crate) fn draw_in(&self, f: &mut Frame<'_>, inner: Rect) {
        let w = inner.width.max(1) as usize;
        // Rows the text takes; wrapping is by words, so this can undercount slightly.
        let total: usize = if self.wrap {
            self.lines
                .iter()
                .map(|l| l.width().max(1).div_ceil(w))
                .sum()
        } else {
            self.lines.len()
        };
        let max = total.saturating_sub(inner.height as usize);
        let s = self.scroll.get().min(max);
        self.scroll.set(s);
        let mut p = Paragraph::new(self.lines.clone()).scroll((s.min(u16::MAX as usize) as u16, 0));
        if self.wrap {
            p = p.wrap(Wrap { trim: false });
        }
        f.render_widget(p, inner);
    }

    pub(crate) fn event(&mut self, ev: &Event) -> EventOutcome {
        let Some(m) = movement(ev) else {
            return EventOutcome::Ignored;
        };
        match m {
            Move::By(d) => self.scroll_by(d),
            Move::Page(d) => self.scroll_by(d * self.page.max(1) as isize),
            Move::Top => self.scroll.set(0),
            Move::Bottom => self.scroll.set(usize::MAX / 2),
        }
        EventOutcome::Consumed
    }
}
