//! A scrolling pane of prepared lines, shared by the detail, diff, targets and help panes.
//!
//! Text lines wrap at words; the lines of a file (the text diff) do not wrap but scroll
//! sideways, so a YAML line keeps its shape and its indentation stays meaningful.

use super::{EventOutcome, Move, hslice, key, movement, safe, wrap};
use crossterm::event::{Event, KeyCode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::cell::Cell;

/// Columns one press of `<` or `>` moves.
pub const SIDE_STEP: usize = 8;

/// A scrolling pane of prepared lines.
#[derive(Default)]
pub struct Scroller {
    lines: Vec<Line<'static>>,
    scroll: Cell<usize>,
    hscroll: Cell<usize>,
    pub(crate) wrap: bool,
    /// Lines from this index on are not wrapped and scroll horizontally.
    pub(crate) fixed_from: Option<usize>,
    /// Rows a page moves (set from the layout).
    pub page: usize,
}

impl Scroller {
    pub(crate) fn set(&mut self, lines: Vec<Line<'static>>) {
        self.lines = safe(lines);
        self.scroll.set(0);
        self.hscroll.set(0);
    }

    /// The prepared lines (tests read them).
    pub fn lines(&self) -> &[Line<'static>] {
        &self.lines
    }

    /// Scrolls by `d` rows.
    pub fn scroll_by(&mut self, d: isize) {
        self.scroll.set(self.scroll.get().saturating_add_signed(d));
    }

    /// The first column shown of the lines that scroll sideways (0: the start).
    pub fn column(&self) -> usize {
        self.hscroll.get()
    }

    /// Whether some lines scroll sideways.
    pub fn scrolls_sideways(&self) -> bool {
        self.fixed_from.is_some()
    }

    /// The rows shown at `w` cells wide.
    fn rows(&self, w: usize) -> Vec<Line<'static>> {
        let h = self.hscroll.get();
        let mut rows = Vec::with_capacity(self.lines.len());
        for (i, l) in self.lines.iter().enumerate() {
            if self.fixed_from.is_some_and(|f| i >= f) {
                let lw = l.width();
                if lw > h + w && w > 1 {
                    // The line goes on to the right: say so in its last cell.
                    let mut r = hslice(l, h, w - 1);
                    r.spans
                        .push(Span::styled("›", Style::new().fg(Color::DarkGray)));
                    rows.push(r);
                } else {
                    rows.push(hslice(l, h, w));
                }
            } else if self.wrap {
                rows.extend(wrap(l, w));
            } else {
                rows.push(l.clone());
            }
        }
        rows
    }

    pub(crate) fn draw_in(&self, f: &mut Frame<'_>, inner: Rect) {
        let w = inner.width.max(1) as usize;
        // Sideways, stop where the widest line's end is in view.
        let widest = self.fixed_from.map_or(0, |f| {
            self.lines
                .iter()
                .skip(f)
                .map(Line::width)
                .max()
                .unwrap_or(0)
        });
        self.hscroll
            .set(self.hscroll.get().min(widest.saturating_sub(w)));
        let rows = self.rows(w);
        let max = rows.len().saturating_sub(inner.height as usize);
        let s = self.scroll.get().min(max);
        self.scroll.set(s);
        let shown: Vec<Line<'static>> = rows
            .into_iter()
            .skip(s)
            .take(inner.height as usize)
            .collect();
        f.render_widget(Paragraph::new(shown), inner);
    }

    pub(crate) fn event(&mut self, ev: &Event) -> EventOutcome {
        if self.fixed_from.is_some() {
            let h = self.hscroll.get();
            match key(ev).map(|k| k.0) {
                Some(KeyCode::Char('>')) => {
                    self.hscroll.set(h.saturating_add(SIDE_STEP));
                    return EventOutcome::Consumed;
                }
                Some(KeyCode::Char('<')) => {
                    self.hscroll.set(h.saturating_sub(SIDE_STEP));
                    return EventOutcome::Consumed;
                }
                Some(KeyCode::Char('0')) => {
                    self.hscroll.set(0);
                    return EventOutcome::Consumed;
                }
                _ => {}
            }
        }
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

/// Draws `width`-wide text rows of a scroller (tests).
#[cfg(test)]
pub(crate) fn screen(s: &Scroller, w: u16, h: u16) -> Vec<String> {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    term.draw(|f| s.draw_in(f, f.area())).unwrap();
    let buf = term.backend().buffer().clone();
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(s: &mut Scroller, c: KeyCode) -> EventOutcome {
        s.event(&Event::Key(c.into()))
    }

    fn pane() -> Scroller {
        let mut s = Scroller {
            wrap: true,
            fixed_from: Some(1),
            ..Scroller::default()
        };
        s.set(vec![
            Line::from("Phí, lệ phí › Trực tiếp › Lệ phí: 20.000 đồng → 10.000 đồng"),
            Line::from("     fees:"),
            Line::from("-      - { id: le-phi, amount: 20,000 VND, when: not fee_exempt }"),
            Line::from("+      - { id: le-phi, amount: 10,000 VND, when: not fee_exempt }"),
        ]);
        s
    }

    #[test]
    fn text_wraps_while_file_lines_scroll_sideways() {
        let mut s = pane();
        assert_eq!(
            screen(&s, 30, 6),
            [
                "Phí, lệ phí › Trực tiếp › Lệ",
                "phí: 20.000 đồng → 10.000 đồng",
                "     fees:",
                "-      - { id: le-phi, amount›",
                "+      - { id: le-phi, amount›",
                "",
            ]
        );
        assert_eq!(press(&mut s, KeyCode::Char('>')), EventOutcome::Consumed);
        assert_eq!(press(&mut s, KeyCode::Char('>')), EventOutcome::Consumed);
        assert_eq!(s.column(), 16);
        let rows = screen(&s, 30, 6);
        // The text above keeps wrapping; the file lines moved 16 columns.
        assert_eq!(rows[1], "phí: 20.000 đồng → 10.000 đồng");
        assert_eq!(rows[3], "e-phi, amount: 20,000 VND, wh›");
        assert_eq!(rows[4], "e-phi, amount: 10,000 VND, wh›");
        // It stops once the widest line's end is in view, and `0` comes back.
        for _ in 0..20 {
            press(&mut s, KeyCode::Char('>'));
        }
        let rows = screen(&s, 30, 6);
        assert!(rows[3].ends_with("not fee_exempt }"), "{rows:?}");
        assert_eq!(s.column(), 65 - 30);
        press(&mut s, KeyCode::Char('<'));
        assert_eq!(s.column(), 65 - 30 - SIDE_STEP);
        press(&mut s, KeyCode::Char('0'));
        assert_eq!(s.column(), 0);
    }

    #[test]
    fn panes_without_file_lines_leave_the_side_keys_alone() {
        let mut s = Scroller {
            wrap: true,
            ..Scroller::default()
        };
        s.set(vec![Line::from("a"); 30]);
        assert_eq!(press(&mut s, KeyCode::Char('>')), EventOutcome::Ignored);
        press(&mut s, KeyCode::Char('G'));
        assert_eq!(screen(&s, 10, 5).len(), 5);
        assert_eq!(s.scroll.get(), 25, "the last page, not beyond");
        press(&mut s, KeyCode::Char('g'));
        assert_eq!(s.scroll.get(), 0);
    }
}
