//! The catalogue tree: fields with their procedures and change markers.

use super::{
    Component, EventOutcome, Move, block, key, mark_style, movement, safe, split_words, width,
};
use crate::diag::Lang;
use crate::tui::data::{Field, Item, Mark, Snapshot};
use crate::tui::tr;
use crossterm::event::{Event, KeyCode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::cell::{Cell, RefCell};
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
    /// The tree row shown on each screen line at the last draw (for clicks).
    drawn: RefCell<Vec<usize>>,
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
        if let Some(&i) = self.drawn.borrow().get((y - area.y - 1) as usize) {
            self.selected = i;
        }
    }
}

/// The counts of a field: added, abolished and amended procedures (those that are not zero).
fn field_counts(fd: &Field) -> Vec<Span<'static>> {
    let mut c = [0usize; 4];
    for i in &fd.items {
        match i.mark {
            Mark::Added => c[0] += 1,
            Mark::Removed => c[1] += 1,
            Mark::Amended => c[2] += 1,
            Mark::Editorial => c[3] += 1,
            Mark::Same => {}
        }
    }
    let mut out = Vec::new();
    for (n, (sign, m)) in c.iter().zip([
        ('+', Mark::Added),
        ('-', Mark::Removed),
        ('~', Mark::Amended),
        ('✎', Mark::Editorial),
    ]) {
        if *n > 0 {
            if !out.is_empty() {
                out.push(Span::raw(" "));
            }
            out.push(Span::styled(format!("{sign}{n}"), mark_style(m)));
        }
    }
    out
}

/// How many screen rows a long name may take in the tree.
pub const NAME_ROWS: usize = 2;

/// Below this many cells for the name (an 80-column terminal), a name may take one row more.
pub const NARROW: usize = 20;

/// A row of the tree: `lead` then the name broken at words over up to [`NAME_ROWS`] rows
/// (one more when the tree is narrow; continuations aligned under the name), `right` flush
/// with the pane's right edge.
fn rows(
    lead: Vec<Span<'static>>,
    name: &str,
    name_style: Style,
    right: Vec<Span<'static>>,
    w: usize,
) -> Vec<Line<'static>> {
    let lw: usize = lead.iter().map(Span::width).sum();
    let rw: usize = right.iter().map(Span::width).sum::<usize>() + usize::from(!right.is_empty());
    let room = w.saturating_sub(lw + rw).max(1);
    let parts = split_words(name, room, NAME_ROWS + usize::from(room < NARROW));
    let mut out = Vec::with_capacity(parts.len());
    for (k, part) in parts.into_iter().enumerate() {
        let mut spans = if k == 0 {
            lead.clone()
        } else {
            vec![Span::raw(" ".repeat(lw))]
        };
        let pw = width(&part);
        spans.push(Span::styled(part, name_style));
        if k == 0 && !right.is_empty() {
            spans.push(Span::raw(" ".repeat(w.saturating_sub(lw + pw + rw) + 1)));
            spans.extend(right.iter().cloned());
        }
        out.push(Line::from(spans));
    }
    out
}

/// A field heading: its name, how many procedures, and how many of them were added,
/// abolished or amended.
fn field_row(fd: &Field, open: bool, lang: Lang, w: usize) -> Vec<Line<'static>> {
    let arrow = if open { "▾" } else { "▸" };
    let mut right = vec![Span::styled(
        format!("({})", fd.items.len()),
        Style::new().fg(Color::DarkGray),
    )];
    let counts = field_counts(fd);
    if !counts.is_empty() {
        right.push(Span::raw(" "));
        right.extend(counts);
    }
    rows(
        vec![Span::styled(
            format!("{arrow} "),
            Style::new().add_modifier(Modifier::BOLD),
        )],
        fd.name.get(lang),
        Style::new().add_modifier(Modifier::BOLD),
        right,
        w,
    )
}

/// A procedure: marker, code, name, and for an amended one the number of its changes.
fn proc_row(it: &Item, changes: usize, lang: Lang, w: usize) -> Vec<Line<'static>> {
    let right: Vec<Span<'static>> =
        if matches!(it.mark, Mark::Amended | Mark::Editorial) && changes > 0 {
            vec![Span::styled(format!("{changes}±"), mark_style(it.mark))]
        } else {
            Vec::new()
        };
    rows(
        vec![
            Span::styled(format!("  {} ", it.mark.symbol()), mark_style(it.mark)),
            Span::styled(it.code.clone(), Style::new().fg(Color::Cyan)),
            Span::raw(" "),
        ],
        it.name.get(lang),
        mark_style(it.mark),
        right,
        w,
    )
}

impl Tree {
    /// The screen rows of tree row `i` at `w` cells wide.
    fn render(&self, s: &Snapshot, i: usize, w: usize) -> Vec<Line<'static>> {
        match self.rows[i] {
            Row::Field(fi) => field_row(&s.fields[fi], self.expanded[fi], self.lang, w),
            Row::Proc(fi, pi) => {
                let it = &s.fields[fi].items[pi];
                let n = s.changes.get(&it.code).map_or(0, Vec::len);
                proc_row(it, n, self.lang, w)
            }
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
        let w = inner.width as usize;
        if self.rows.is_empty() || h == 0 {
            return;
        }
        // Rows take one or two lines: scroll so that the whole selected row is in view.
        let sel = self.selected.min(self.rows.len() - 1);
        // Every row takes a line at least, so only the last `h` rows can share the screen
        // with the selection: heights are measured for those alone.
        let mut off = self.offset.get().min(sel).max((sel + 1).saturating_sub(h));
        let heights: Vec<usize> = (off..=sel).map(|i| self.render(s, i, w).len()).collect();
        let mut used: usize = heights.iter().sum();
        let mut k = 0;
        while used > h && off < sel {
            used -= heights[k];
            k += 1;
            off += 1;
        }
        self.offset.set(off);
        let mut lines = Vec::with_capacity(h);
        let mut drawn = Vec::with_capacity(h);
        for i in off..self.rows.len() {
            if lines.len() >= h {
                break;
            }
            for mut line in self.render(s, i, w) {
                if i == self.selected {
                    line = line.style(if self.focused {
                        Style::new().add_modifier(Modifier::REVERSED)
                    } else {
                        Style::new().bg(Color::DarkGray)
                    });
                }
                lines.push(line);
                drawn.push(i);
            }
        }
        lines.truncate(h);
        drawn.truncate(h);
        *self.drawn.borrow_mut() = drawn;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;
    use crate::tui::data::{Field, Item, Mark};

    fn item(code: &str, name: &str, mark: Mark) -> Item {
        Item {
            code: code.into(),
            name: Text {
                vi: name.into(),
                en: None,
            },
            mark,
            key: String::new(),
        }
    }

    fn snap() -> Arc<Snapshot> {
        let mut s = Snapshot {
            fields: vec![Field {
                id: "ho-tich".into(),
                name: Text {
                    vi: "Hộ tịch".into(),
                    en: None,
                },
                items: vec![
                    item(
                        "1.000689",
                        "Đăng ký khai sinh kết hợp nhận cha, mẹ, con có yếu tố nước ngoài",
                        Mark::Added,
                    ),
                    item("1.001193", "Đăng ký khai sinh", Mark::Amended),
                    item("2.000986", "Đăng ký kết hôn", Mark::Removed),
                    item("2.000001", "Trích lục hộ tịch", Mark::Same),
                ],
                changed: 3,
            }],
            ..Snapshot::default()
        };
        s.changes.insert("1.001193".into(), vec![]);
        Arc::new(s)
    }

    fn text(lines: &[Line<'_>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn fields_count_their_changes_flush_right() {
        let s = snap();
        let rows = field_row(&s.fields[0], true, Lang::Vi, 30);
        assert_eq!(text(&rows), ["▾ Hộ tịch         (4) +1 -1 ~1"]);
        assert_eq!(rows[0].width(), 30);
    }

    #[test]
    fn long_names_break_at_words_over_two_or_three_rows() {
        let s = snap();
        // A narrow tree (an 80-column terminal) gives a long name a third row.
        let rows = proc_row(&s.fields[0].items[0], 0, Lang::Vi, 30);
        assert_eq!(
            text(&rows),
            [
                "  + 1.000689 Đăng ký khai sinh",
                "             kết hợp nhận cha,",
                "             mẹ, con có yếu…"
            ]
        );
        assert!(rows.iter().all(|r| r.width() <= 30));
        let rows = proc_row(&s.fields[0].items[0], 0, Lang::Vi, 44);
        assert_eq!(
            text(&rows),
            [
                "  + 1.000689 Đăng ký khai sinh kết hợp nhận",
                "             cha, mẹ, con có yếu tố nước…"
            ]
        );
        // An amended procedure tells how many changes it has.
        let mut it = s.fields[0].items[1].clone();
        it.name.vi = "Đăng ký khai sinh".into();
        let rows = proc_row(&it, 3, Lang::Vi, 40);
        let row = &text(&rows)[0];
        assert!(row.starts_with("  ~ 1.001193 Đăng ký khai sinh  "), "{row}");
        assert!(row.ends_with(" 3±"), "{row}");
        assert_eq!(rows[0].width(), 40, "flush with the right edge");
    }

    #[test]
    fn clicks_land_on_the_row_drawn_there_even_with_rows_of_several_lines() {
        let mut t = Tree::default();
        t.set_snapshot(snap());
        let area = Rect::new(0, 0, 32, 10);
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(32, 10)).unwrap();
        term.draw(|f| t.draw(f, area)).unwrap();
        // Screen rows: 1 field, 2-4 the long name, 5 the next procedure.
        t.click(area, 5);
        assert_eq!(t.selected_code(), Some("1.001193"));
        t.click(area, 4);
        assert_eq!(t.selected_code(), Some("1.000689"));
        t.click(area, 1);
        assert_eq!(t.selected_code(), None, "the field heading");
    }

    #[test]
    fn the_selection_stays_in_view_when_rows_take_two_lines() {
        let mut t = Tree::default();
        t.set_snapshot(snap());
        t.event(&Event::Key(KeyCode::Char('G').into()));
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(32, 5)).unwrap();
        term.draw(|f| t.draw(f, f.area())).unwrap();
        let s = term.backend().to_string();
        assert!(s.contains("2.000001 Trích lục hộ tịch"), "{s}");
    }
}
