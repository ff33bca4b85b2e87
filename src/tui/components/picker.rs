//! The revision picker: a popup list of revisions for side A or B.

use super::{Component, EventOutcome, Move, block, centered, follow, key, movement, safe};
use crate::diag::Lang;
use crate::tui::data::{RevChoice, RevSpec};
use crate::tui::tr;
use crossterm::event::{Event, KeyCode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};
use std::cell::Cell;

/// Which side a picker chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The older side.
    A,
    /// The newer side.
    B,
}

/// A list of revisions for one side.
pub struct Picker {
    /// The side it chooses.
    pub which: Which,
    items: Vec<RevChoice>,
    selected: usize,
    offset: Cell<usize>,
    /// What was chosen (Enter), for the app to take.
    pub chosen: Option<RevSpec>,
    /// Closed without choosing (Esc).
    pub cancelled: bool,
    /// Language of labels.
    pub lang: Lang,
}

impl Picker {
    /// A picker over `items`, starting at the current choice.
    pub fn new(which: Which, items: Vec<RevChoice>, current: &RevSpec, lang: Lang) -> Picker {
        let selected = items.iter().position(|i| &i.spec == current).unwrap_or(0);
        Picker {
            which,
            items,
            selected,
            offset: Cell::new(0),
            chosen: None,
            cancelled: false,
            lang,
        }
    }
}

impl Component for Picker {
    fn draw(&self, f: &mut Frame<'_>, area: Rect) {
        let r = centered(area, 70, area.height.saturating_sub(4).max(5));
        f.render_widget(Clear, r);
        let title = match self.which {
            Which::A => tr(self.lang, " Chọn phiên bản A ", " Choose revision A "),
            Which::B => tr(self.lang, " Chọn phiên bản B ", " Choose revision B "),
        };
        let b = block(Line::from(title), true);
        let inner = b.inner(r);
        f.render_widget(b, r);
        let h = inner.height as usize;
        let off = follow(self.selected, self.offset.get(), h, self.items.len());
        self.offset.set(off);
        let lines: Vec<Line> = self
            .items
            .iter()
            .enumerate()
            .skip(off)
            .take(h)
            .map(|(i, it)| {
                let l = Line::from(crate::tui::data::rev_label(&it.label, self.lang));
                if i == self.selected {
                    l.style(Style::new().add_modifier(Modifier::REVERSED))
                } else {
                    l
                }
            })
            .collect();
        f.render_widget(Paragraph::new(safe(lines)), inner);
    }

    fn event(&mut self, ev: &Event) -> EventOutcome {
        let last = self.items.len().saturating_sub(1);
        if let Some(m) = movement(ev) {
            self.selected = match m {
                Move::By(d) => self.selected.saturating_add_signed(d).min(last),
                Move::Page(d) => self.selected.saturating_add_signed(d * 10).min(last),
                Move::Top => 0,
                Move::Bottom => last,
            };
            return EventOutcome::Consumed;
        }
        match key(ev).map(|k| k.0) {
            Some(KeyCode::Enter) => {
                self.chosen = self.items.get(self.selected).map(|i| i.spec.clone());
                EventOutcome::Consumed
            }
            Some(KeyCode::Esc | KeyCode::Char('q')) => {
                self.cancelled = true;
                EventOutcome::Consumed
            }
            _ => EventOutcome::Consumed,
        }
    }
}
