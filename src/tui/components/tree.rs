//! The catalogue tree: fields with their procedures and change markers.

use super::{Component, EventOutcome, Move, block, follow, key, mark_style, movement, safe};
use crate::diag::Lang;
use crate::tui::data::Snapshot;
use crate::tui::tr;
use crossterm::event::{Event, KeyCode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::cell::Cell;
use std::sync::Arc;

/// A visible row of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A field heading (index into `Snapshot::fields`).
    Field(usize),
    /// A procedure (field index, item index).
    Proc(usize, usize),
}

/// The catalogue tree: fields, each with its procedures and their change markers.
#[derive(Default)]
pub struct Tree {
    snap: Option<Arc<Snapshot>>,
    expanded: Vec<bool>,
    rows: Vec<Row>,
    selected: usize,
    offset: Cell<usize>,
    /// Language of labels.
    pub lang: Lang,
    /// Whether it has the keyboard.
    pub focused: bool,
    /// Rows a page moves (set from the layout).
    pub page: usize,
}

impl Tree {
    /// Shows nothing: the latest revisions could not be read, and an older snapshot would
    /// present the wrong revisions as current.
    pub fn clear_snapshot(&mut self) {
        self.snap = None;
        self.rebuild();
        self.selected = 0;
    }

    /// Shows a new snapshot, keeping the selected procedure when it still exists.
    pub fn set_snapshot(&mut self, snap: Arc<Snapshot>) {
        let keep = self.selected_code().map(str::to_string);
        let total: usize = snap.fields.iter().map(|f| f.items.len()).sum();
        // Small catalogues open fully; large ones open the fields that changed.
        self.expanded = snap
            .fields
            .iter()
            .map(|f| total <= 500 || f.changed > 0)
            .collect();
        self.snap = Some(snap);
        self.rebuild();
        self.selected = 0;
        if let Some(code) = keep {
            self.select_code(&code);
        } else if self.rows.len() > 1 && matches!(self.rows[1], Row::Proc(..)) {
            self.selected = 1;
        }
    }

    fn rebuild(&mut self) {
        self.rows.clear();
        let Some(s) = &self.snap else { return };
        for (fi, f) in s.fields.iter().enumerate() {
            self.rows.push(Row::Field(fi));
            if self.expanded[fi] {
                self.rows
                    .extend((0..f.items.len()).map(|pi| Row::Proc(fi, pi)));
            }
        }
    }

    /// The visible rows.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Index of the selected row.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The code of the selected procedure, if a procedure is selected.
    pub fn selected_code(&self) -> Option<&str> {
        let s = self.snap.as_ref()?;
        match self.rows.get(self.selected)? {
            Row::Proc(fi, pi) => Some(s.fields[*fi].items[*pi].code.as_str()),
            Row::Field(_) => None,
        }
    }

    /// Selects a procedure by position, opening its field.
    pub fn select_proc(&mut self, fi: usize, pi: usize) {
        if !self.expanded[fi] {
            self.expanded[fi] = true;
            self.rebuild();
        }
        if let Some(i) = self.rows.iter().position(|r| *r == Row::Proc(fi, pi)) {
            self.selected = i;
        }
    }

    /// Selects a procedure by code; false when it is not in the tree.
    pub fn select_code(&mut self, code: &str) -> bool {
        let Some(s) = self.snap.clone() else {
            return false;
        };
        for (fi, f) in s.fields.iter().enumerate() {
            if let Some(pi) = f.items.iter().position(|i| i.code == code) {
                self.select_proc(fi, pi);
                return true;
            }
        }
        false
    }

    /// (field, item) of the selection; a field heading counts as just before its first item.
    fn position(&self) -> (usize, Option<usize>) {
        match self.rows.get(self.selected) {
            Some(Row::Proc(fi, pi)) => (*fi, Some(*pi)),
            Some(Row::Field(fi)) => (*fi, None),
            None => (0, None),
        }
    }

    /// Every procedure position after (or before) the selection, wrapping around.
    fn scan(&self, forward: bool) -> Vec<(usize, usize)> {
        let Some(s) = &self.snap else {
            return Vec::new();
        };
        let all: Vec<(usize, usize)> = s
            .fields
            .iter()
            .enumerate()
            .flat_map(|(fi, f)| (0..f.items.len()).map(move |pi| (fi, pi)))
            .collect();
        if all.is_empty() {
            return all;
        }
        let (fi, pi) = self.position();
        // Index of the first position strictly after the selection.
        let after = all.partition_point(|&(f, p)| (f, Some(p)) <= (fi, pi));
        let n = all.len();
        if forward {
            (0..n).map(|k| all[(after + k) % n]).collect()
        } else {
            let cur = all.partition_point(|&(f, p)| (f, Some(p)) < (fi, pi));
            (1..=n).map(|k| all[(cur + n - k) % n]).collect()
        }
    }

    /// Moves to the next (or previous) procedure matching `pred`; false when none does.
    pub fn find(&mut self, forward: bool, pred: impl Fn(&crate::tui::data::Item) -> bool) -> bool {
        let Some(s) = self.snap.clone() else {
            return false;
        };
        for (fi, pi) in self.scan(forward) {
            if pred(&s.fields[fi].items[pi]) {
                self.select_proc(fi, pi);
                return true;
            }
        }
        false
    }

    fn toggle(&mut self, open: Option<bool>) {
        let (fi, pi) = self.position();
        if self.expanded.is_empty() {
            return;
        }
        let now = self.expanded[fi];
        let want = open.unwrap_or(!now);
        if want == now && pi.is_some() && !want {
            // `h` on a procedure closes its field and selects the heading.
        } else if want == now {
            return;
        }
        self.expanded[fi] = want;
        self.rebuild();
        self.selected = self
            .rows
            .iter()
            .position(|r| *r == Row::Field(fi))
            .unwrap_or(0);
    }

    /// Selects the row shown at screen row `y` (mouse clicks), inside `area`.
    pub fn click(&mut self, area: Rect, y: u16) {
        if y <= area.y || y + 1 >= area.y + area.height {
            return;
        }
        let i = self.offset.get() + (y - area.y - 1) as usize;
        if i < self.rows.len() {
            self.selected = i;
        }
    }
}

impl Component for Tree {
    fn draw(&self, f: &mut Frame<'_>, area: Rect) {
        let lang = self.lang;
        let b = block(
            Line::from(format!(" {} ", tr(lang, "Danh mục", "Catalogue"))),
            self.focused,
        );
        let inner = b.inner(area);
        f.render_widget(b, area);
        let Some(s) = &self.snap else { return };
        let h = inner.height as usize;
        let off = follow(self.selected, self.offset.get(), h, self.rows.len());
        self.offset.set(off);
        let mut lines = Vec::with_capacity(h);
        for (i, row) in self.rows.iter().enumerate().skip(off).take(h) {
            let mut line = match *row {
                Row::Field(fi) => {
                    let fd = &s.fields[fi];
                    let arrow = if self.expanded[fi] { "▾" } else { "▸" };
                    let mut spans = vec![Span::styled(
                        format!("{arrow} {}", fd.name.get(lang)),
                        Style::new().add_modifier(Modifier::BOLD),
                    )];
                    spans.push(Span::styled(
                        format!(" ({}", fd.items.len()),
                        Style::new().fg(Color::DarkGray),
                    ));
                    if fd.changed > 0 {
                        spans.push(Span::styled(
                            format!(", {}±", fd.changed),
                            Style::new().fg(Color::Yellow),
                        ));
                    }
                    spans.push(Span::styled(")", Style::new().fg(Color::DarkGray)));
                    Line::from(spans)
                }
                Row::Proc(fi, pi) => {
                    let it = &s.fields[fi].items[pi];
                    Line::from(vec![
                        Span::styled(format!("  {} ", it.mark.symbol()), mark_style(it.mark)),
                        Span::styled(it.code.clone(), Style::new().fg(Color::Cyan)),
                        Span::raw(" "),
                        Span::styled(it.name.get(lang).to_string(), mark_style(it.mark)),
                    ])
                }
            };
            if i == self.selected {
                line = line.style(if self.focused {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new().bg(Color::DarkGray)
                });
            }
            lines.push(line);
        }
        f.render_widget(Paragraph::new(safe(lines)), inner);
    }

    fn event(&mut self, ev: &Event) -> EventOutcome {
        if self.rows.is_empty() {
            return EventOutcome::Ignored;
        }
        let last = self.rows.len() - 1;
        if let Some(m) = movement(ev) {
            self.selected = match m {
                Move::By(d) => self.selected.saturating_add_signed(d).min(last),
                Move::Page(d) => self
                    .selected
                    .saturating_add_signed(d * self.page.max(1) as isize)
                    .min(last),
                Move::Top => 0,
                Move::Bottom => last,
            };
            return EventOutcome::Consumed;
        }
        match key(ev).map(|k| k.0) {
            Some(KeyCode::Char('h') | KeyCode::Left) => {
                self.toggle(Some(false));
                EventOutcome::Consumed
            }
            Some(KeyCode::Char('l') | KeyCode::Right | KeyCode::Enter | KeyCode::Char(' '))
                if matches!(self.rows[self.selected], Row::Field(_)) =>
            {
                self.toggle(
                    if matches!(
                        key(ev).map(|k| k.0),
                        Some(KeyCode::Enter | KeyCode::Char(' '))
                    ) {
                        None
                    } else {
                        Some(true)
                    },
                );
                EventOutcome::Consumed
            }
            _ => EventOutcome::Ignored,
        }
    }
}
