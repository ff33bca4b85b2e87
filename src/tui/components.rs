//! The panes of the review UI. Each component draws itself into an area and handles the
//! events the [`App`](super::App) routes to it; none touches the terminal.

use super::data::{Mark, RevChoice, RevSpec, Snapshot};
use super::tr;
use crate::diag::Lang;
use crate::diff::Kind;
use crate::metrics::Metric;
use crate::model::Procedure;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Clear, Paragraph, Wrap};
use std::cell::Cell;
use std::sync::Arc;

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
enum Move {
    By(isize),
    Page(isize),
    Top,
    Bottom,
}

fn movement(ev: &Event) -> Option<Move> {
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

fn block(title: Line<'static>, focused: bool) -> Block<'static> {
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

fn mark_style(m: Mark) -> Style {
    match m {
        Mark::Same => Style::new(),
        Mark::Added => Style::new().fg(Color::Green),
        Mark::Removed => Style::new().fg(Color::Red),
        Mark::Amended => Style::new().fg(Color::Yellow),
    }
}

/// Keeps `selected` inside a window of `height` rows starting at `offset`.
fn follow(selected: usize, offset: usize, height: usize, len: usize) -> usize {
    let height = height.max(1);
    let mut off = offset.min(len.saturating_sub(height));
    if selected < off {
        off = selected;
    } else if selected >= off + height {
        off = selected + 1 - height;
    }
    off
}

// ---------------------------------------------------------------------------------------
// Tree

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
    pub fn find(&mut self, forward: bool, pred: impl Fn(&super::data::Item) -> bool) -> bool {
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

// ---------------------------------------------------------------------------------------
// Scrolling text panes

/// A scrolling pane of prepared lines (the detail and the diff share it).
#[derive(Default)]
pub struct Scroller {
    lines: Vec<Line<'static>>,
    scroll: Cell<usize>,
    wrap: bool,
    /// Rows a page moves (set from the layout).
    pub page: usize,
}

impl Scroller {
    fn set(&mut self, lines: Vec<Line<'static>>) {
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

    fn draw_in(&self, f: &mut Frame<'_>, inner: Rect) {
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

    fn event(&mut self, ev: &Event) -> EventOutcome {
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

fn heading(s: &str) -> Line<'static> {
    Line::styled(
        s.to_string(),
        Style::new()
            .add_modifier(Modifier::BOLD)
            .fg(Color::LightBlue),
    )
}

fn kv(k: &str, v: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{k}: "), Style::new().fg(Color::DarkGray)),
        Span::raw(v),
    ])
}

/// A deadline in the UI's language (the rule form stays as written).
fn deadline_text(d: &crate::rules::Deadline, lang: Lang) -> String {
    use crate::rules::Deadline;
    let dur = |d: &crate::rules::Duration| match lang {
        Lang::En => d.to_string(),
        Lang::Vi => format!("{} {}", d.amount, d.unit.word_vi()),
    };
    match d {
        Deadline::Unspecified => tr(lang, "không quy định", "unspecified").to_string(),
        Deadline::NotStated => tr(lang, "chưa có thông tin", "not stated").to_string(),
        Deadline::Fixed(x) => dur(x),
        Deadline::When {
            then,
            cond,
            otherwise,
        } => format!(
            "{} {} {cond}, {} {}",
            dur(then),
            tr(lang, "khi", "when"),
            tr(lang, "nếu không", "else"),
            deadline_text(otherwise, lang)
        ),
    }
}

fn cond_text(p: &Procedure, c: &crate::model::Cond) -> String {
    // The author's own spelling of the rule when its span is known, else the parsed form.
    p.file
        .text
        .get(c.start as usize..c.end as usize)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| c.value.to_string())
}

/// The full content of the selected procedure.
#[derive(Default)]
pub struct Detail {
    snap: Option<Arc<Snapshot>>,
    code: Option<String>,
    view: Scroller,
    /// Language of labels.
    pub lang: Lang,
    /// Whether it has the keyboard.
    pub focused: bool,
}

impl Detail {
    /// Shows a procedure of a snapshot.
    pub fn show(&mut self, snap: Option<Arc<Snapshot>>, code: Option<&str>) {
        self.snap = snap;
        self.code = code.map(str::to_string);
        let lines = self.build();
        self.view.wrap = true;
        self.view.set(lines);
    }

    /// The scroller (page size, tests).
    pub fn view(&mut self) -> &mut Scroller {
        &mut self.view
    }

    fn build(&self) -> Vec<Line<'static>> {
        let lang = self.lang;
        let (Some(s), Some(code)) = (&self.snap, &self.code) else {
            return vec![Line::from(tr(
                lang,
                "Chọn một thủ tục trong danh mục.",
                "Select a procedure in the catalogue.",
            ))];
        };
        let Some(p) = s.procedure(code) else {
            return vec![];
        };
        let mut out = Vec::new();
        out.push(Line::styled(
            p.name.get(lang).to_string(),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        if s.b.procedure(code).is_none() {
            out.push(Line::styled(
                format!(
                    "{} {}",
                    tr(lang, "Đã bãi bỏ ở", "Abolished at"),
                    super::data::rev_label(&s.labels.1, lang)
                ),
                Style::new().fg(Color::Red),
            ));
        }
        out.push(kv(tr(lang, "Tên (vi)", "Name (vi)"), p.name.vi.clone()));
        out.push(kv(
            tr(lang, "Tên (en)", "Name (en)"),
            p.name.en.clone().unwrap_or_else(|| "—".into()),
        ));
        out.push(kv(tr(lang, "Mã", "Code"), p.code.value.clone()));
        let field = s
            .manifest
            .fields
            .iter()
            .find(|f| f.id.value == p.field.value)
            .map(|f| f.name.get(lang).to_string())
            .unwrap_or_else(|| p.field.value.clone());
        out.push(kv(tr(lang, "Lĩnh vực", "Field"), field));
        let levels: Vec<String> = p
            .levels
            .iter()
            .map(|l| {
                s.manifest
                    .levels
                    .iter()
                    .find(|m| m.id.value == l.value)
                    .map(|m| m.name.get(lang).to_string())
                    .unwrap_or_else(|| l.value.clone())
            })
            .collect();
        out.push(kv(tr(lang, "Cấp thực hiện", "Levels"), levels.join(", ")));
        out.push(Line::default());
        out.push(heading(tr(lang, "Cách thức thực hiện", "Channels")));
        for c in &p.channels {
            out.push(Line::from(vec![
                Span::raw("• "),
                Span::styled(
                    c.kind.label(lang).to_string(),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(format!(
                    " — {}: {}",
                    tr(lang, "thời hạn", "deadline"),
                    deadline_text(&c.deadline.value, lang)
                )),
            ]));
            if c.fees.is_empty() {
                out.push(Line::from(format!(
                    "    {}",
                    tr(lang, "Không thu phí, lệ phí", "No fees")
                )));
            }
            for fee in &c.fees {
                let mut l = format!("    {}: {}", fee.name.get(lang), fee.amount_text());
                if let Some(w) = &fee.when {
                    l.push_str(&format!(
                        " ({} {})",
                        tr(lang, "khi", "when"),
                        cond_text(p, w)
                    ));
                }
                out.push(Line::from(l));
            }
        }
        out.push(Line::default());
        out.push(heading(tr(lang, "Thành phần hồ sơ", "Documents")));
        let doc_lines =
            |out: &mut Vec<Line<'static>>, d: &crate::model::DossierDoc, indent: &str| {
                let mut l = format!(
                    "{indent}• {} — {} {}, {} {}",
                    d.name.get(lang),
                    d.originals,
                    tr(lang, "bản chính", "original(s)"),
                    d.copies,
                    tr(lang, "bản sao", "cop(ies)")
                );
                if let Some(w) = &d.when {
                    l.push_str(&format!(
                        " ({} {})",
                        tr(lang, "khi", "when"),
                        cond_text(p, w)
                    ));
                }
                out.push(Line::from(l));
            };
        for d in &p.dossier.documents {
            doc_lines(&mut out, d, "");
        }
        for c in &p.dossier.cases {
            let mut l = format!("{}: {}", tr(lang, "Trường hợp", "Case"), c.name.get(lang));
            if let Some(w) = &c.when {
                l.push_str(&format!(
                    " ({} {})",
                    tr(lang, "khi", "when"),
                    cond_text(p, w)
                ));
            }
            out.push(Line::styled(l, Style::new().add_modifier(Modifier::ITALIC)));
            for d in &c.documents {
                doc_lines(&mut out, d, "  ");
            }
        }
        out.push(Line::default());
        out.push(heading(tr(lang, "Thông tin phải khai", "Form fields")));
        if p.form_fields.is_empty() {
            out.push(Line::from("—"));
        }
        for ff in &p.form_fields {
            let mut l = format!("• {}", ff.label.get(lang));
            if let Some(db) = &ff.reusable {
                l.push_str(&format!(
                    " [{} {db}]",
                    tr(lang, "tái sử dụng từ", "reused from")
                ));
            }
            out.push(Line::from(l));
        }
        out
    }
}

impl Component for Detail {
    fn draw(&self, f: &mut Frame<'_>, area: Rect) {
        let b = block(tabs(self.lang, 1), self.focused);
        let inner = b.inner(area);
        f.render_widget(b, area);
        self.view.draw_in(f, inner);
    }

    fn event(&mut self, ev: &Event) -> EventOutcome {
        self.view.event(ev)
    }
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

// ---------------------------------------------------------------------------------------
// Diff

const DEL: Style = Style::new().fg(Color::Red);
const INS: Style = Style::new().fg(Color::Green);

/// The semantic diff of the selected procedure, then the text diff of its two files.
#[derive(Default)]
pub struct DiffView {
    view: Scroller,
    /// Language of labels.
    pub lang: Lang,
    /// Whether it has the keyboard.
    pub focused: bool,
}

impl DiffView {
    /// Shows the differences of a procedure.
    pub fn show(&mut self, snap: Option<&Snapshot>, code: Option<&str>) {
        let lines = match (snap, code) {
            (Some(s), Some(c)) => diff_lines(s, c, self.lang),
            _ => vec![Line::from(tr(
                self.lang,
                "Chọn một thủ tục trong danh mục.",
                "Select a procedure in the catalogue.",
            ))],
        };
        // Wrapped, so a long change or YAML line is read in full rather than cut.
        self.view.wrap = true;
        self.view.set(lines);
    }

    /// The scroller (page size, tests).
    pub fn view(&mut self) -> &mut Scroller {
        &mut self.view
    }
}

impl Component for DiffView {
    fn draw(&self, f: &mut Frame<'_>, area: Rect) {
        let b = block(tabs(self.lang, 2), self.focused);
        let inner = b.inner(area);
        f.render_widget(b, area);
        self.view.draw_in(f, inner);
    }

    fn event(&mut self, ev: &Event) -> EventOutcome {
        self.view.event(ev)
    }
}

fn diff_lines(s: &Snapshot, code: &str, lang: Lang) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(vec![
        Span::styled("A ", DEL),
        Span::raw(super::data::rev_label(&s.labels.0, lang)),
        Span::raw(" → "),
        Span::styled("B ", INS),
        Span::raw(super::data::rev_label(&s.labels.1, lang)),
    ])];
    let before = s.before(code);
    let after = s.b.procedure(code);
    let mark = s.mark(code);
    match mark {
        Mark::Same => {
            out.push(Line::from(tr(
                lang,
                "Không thay đổi giữa A và B.",
                "No change between A and B.",
            )));
            return out;
        }
        Mark::Added => out.push(Line::styled(
            format!("+ {}", tr(lang, "Thủ tục mới", "New procedure")),
            INS,
        )),
        Mark::Removed => out.push(Line::styled(
            format!("- {}", tr(lang, "Thủ tục bị bãi bỏ", "Abolished procedure")),
            DEL,
        )),
        Mark::Amended => {
            let changes = s.changes.get(code).map(Vec::as_slice).unwrap_or(&[]);
            out.push(heading(&format!(
                "{} ({})",
                tr(lang, "Thay đổi", "Changes"),
                changes.len()
            )));
            for c in changes {
                out.push(change_line(c, lang));
            }
        }
    }
    out.push(Line::default());
    out.push(heading(tr(lang, "Tệp YAML", "YAML file")));
    let ta = before.map(|p| p.file.text.to_string()).unwrap_or_default();
    let tb = after.map(|p| p.file.text.to_string()).unwrap_or_default();
    out.extend(unified(&ta, &tb));
    out
}

fn change_line(c: &crate::diff::Change, lang: Lang) -> Line<'static> {
    let w = crate::diff::render::worded(c, lang);
    let label = format!("{}: ", w.label);
    let delta = w.delta.map(|d| format!(" ({d})")).unwrap_or_default();
    let (before, after) = (w.before.map(str::to_string), w.after.map(str::to_string));
    match (c.kind, before, after) {
        (Kind::Added, _, Some(a)) => Line::from(vec![
            Span::styled("+ ", INS),
            Span::raw(label),
            Span::styled(a, INS),
        ]),
        (Kind::Removed, Some(b), _) => Line::from(vec![
            Span::styled("- ", DEL),
            Span::raw(label),
            Span::styled(b, DEL),
        ]),
        (_, Some(b), Some(a)) if c.long_text => {
            let mut spans = vec![
                Span::styled("~ ", Style::new().fg(Color::Yellow)),
                Span::raw(label),
            ];
            for (tag, piece) in crate::diff::render::words(&b, &a) {
                spans.push(match tag {
                    similar::ChangeTag::Equal => Span::raw(piece),
                    similar::ChangeTag::Delete => {
                        Span::styled(piece, DEL.add_modifier(Modifier::CROSSED_OUT))
                    }
                    similar::ChangeTag::Insert => {
                        Span::styled(piece, INS.add_modifier(Modifier::UNDERLINED))
                    }
                });
            }
            Line::from(spans)
        }
        (_, b, a) => Line::from(vec![
            Span::styled("~ ", Style::new().fg(Color::Yellow)),
            Span::raw(label),
            Span::styled(b.unwrap_or_else(|| "—".into()), DEL),
            Span::raw(" → "),
            Span::styled(a.unwrap_or_else(|| "—".into()), INS),
            Span::raw(delta),
        ]),
    }
}

/// A unified diff with three lines of context; a replaced line is paired with its
/// replacement and the words that differ are highlighted.
pub fn unified(a: &str, b: &str) -> Vec<Line<'static>> {
    use similar::{DiffOp, TextDiff};
    let d = TextDiff::from_lines(a, b);
    let la: Vec<&str> = a.lines().collect();
    let lb: Vec<&str> = b.lines().collect();
    let mut out = Vec::new();
    let ctx = |s: &str| Line::styled(format!(" {s}"), Style::new().fg(Color::Gray));
    for group in d.grouped_ops(3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let (oa, ob) = (first.old_range().start, first.new_range().start);
        let (ea, eb) = (last.old_range().end, last.new_range().end);
        out.push(Line::styled(
            format!("@@ -{},{} +{},{} @@", oa + 1, ea - oa, ob + 1, eb - ob),
            Style::new().fg(Color::Magenta),
        ));
        for op in &group {
            match *op {
                DiffOp::Equal { old_index, len, .. } => {
                    for l in la.iter().skip(old_index).take(len) {
                        out.push(ctx(l));
                    }
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => {
                    for l in la.iter().skip(old_index).take(old_len) {
                        out.push(Line::styled(format!("-{l}"), DEL));
                    }
                }
                DiffOp::Insert {
                    new_index, new_len, ..
                } => {
                    for l in lb.iter().skip(new_index).take(new_len) {
                        out.push(Line::styled(format!("+{l}"), INS));
                    }
                }
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    let olds: Vec<&str> =
                        la.iter().skip(old_index).take(old_len).copied().collect();
                    let news: Vec<&str> =
                        lb.iter().skip(new_index).take(new_len).copied().collect();
                    let pairs = olds.len().min(news.len());
                    for (i, o) in olds.iter().enumerate() {
                        if i < pairs {
                            out.push(word_line('-', o, news[i], true));
                        } else {
                            out.push(Line::styled(format!("-{o}"), DEL));
                        }
                    }
                    for (i, n) in news.iter().enumerate() {
                        if i < pairs {
                            out.push(word_line('+', olds[i], n, false));
                        } else {
                            out.push(Line::styled(format!("+{n}"), INS));
                        }
                    }
                }
            }
        }
    }
    out
}

fn word_line(sign: char, old: &str, new: &str, deleted: bool) -> Line<'static> {
    let base = if deleted { DEL } else { INS };
    let strong = base.add_modifier(Modifier::REVERSED);
    let mut spans = vec![Span::styled(sign.to_string(), base)];
    for (tag, piece) in crate::diff::render::words(old, new) {
        match (tag, deleted) {
            (similar::ChangeTag::Equal, _) => spans.push(Span::styled(piece, base)),
            (similar::ChangeTag::Delete, true) | (similar::ChangeTag::Insert, false) => {
                spans.push(Span::styled(piece, strong))
            }
            _ => {}
        }
    }
    Line::from(spans)
}

// ---------------------------------------------------------------------------------------
// Dashboard

/// Targets met or missed, and the metrics of A and B side by side.
#[derive(Default)]
pub struct Dashboard {
    snap: Option<Arc<Snapshot>>,
    view: Scroller,
    /// Language of labels.
    pub lang: Lang,
    /// Whether it has the keyboard.
    pub focused: bool,
}

fn metric_name(m: Metric, lang: Lang) -> &'static str {
    match m {
        Metric::DeclaredFields => tr(lang, "Trường phải khai", "Declared fields"),
        Metric::Documents => tr(lang, "Giấy tờ", "Documents"),
        Metric::DeadlineWorkingDays => tr(lang, "Thời hạn (ngày)", "Deadline (days)"),
        Metric::FeesTotal => tr(lang, "Phí, lệ phí", "Fees"),
        Metric::ComplianceCost => tr(lang, "Chi phí tuân thủ", "Compliance cost"),
    }
}

fn short_metric(m: Metric, lang: Lang) -> &'static str {
    match m {
        Metric::DeclaredFields => tr(lang, "trường", "fields"),
        Metric::Documents => tr(lang, "giấy", "docs"),
        Metric::DeadlineWorkingDays => tr(lang, "hạn", "days"),
        Metric::FeesTotal => tr(lang, "phí", "fees"),
        Metric::ComplianceCost => tr(lang, "c.phí", "cost"),
    }
}

fn group(n: i128) -> String {
    crate::money::group_thousands(n.clamp(i64::MIN as i128, i64::MAX as i128) as i64, ',')
}

impl Dashboard {
    /// Shows a snapshot's figures.
    pub fn show(&mut self, snap: Option<Arc<Snapshot>>) {
        self.snap = snap;
        let lines = self.build();
        self.view.wrap = true;
        self.view.set(lines);
    }

    /// The scroller (page size, tests).
    pub fn view(&mut self) -> &mut Scroller {
        &mut self.view
    }

    fn build(&self) -> Vec<Line<'static>> {
        let lang = self.lang;
        let Some(s) = &self.snap else {
            return vec![];
        };
        let d = &s.dashboard;
        let mut out = vec![heading(&format!(
            "{} {}",
            tr(lang, "Chỉ tiêu so với A =", "Targets against A ="),
            super::data::rev_label(&s.labels.0, lang)
        ))];
        match (&d.targets, &d.targets_error) {
            (_, Some(e)) => out.push(Line::styled(format!("targets.yaml: {e}"), DEL)),
            (None, None) => out.push(Line::from(tr(
                lang,
                "Danh mục không có targets.yaml.",
                "The catalogue has no targets.yaml.",
            ))),
            (Some(ts), None) => {
                let met = ts.iter().filter(|t| t.met).count();
                out.push(Line::from(format!(
                    "{} {met}/{}",
                    tr(lang, "Đạt", "Met"),
                    ts.len()
                )));
                for t in ts {
                    let (mark, st) = if t.met {
                        (tr(lang, "✓ ĐẠT     ", "✓ MET     "), INS)
                    } else {
                        (tr(lang, "✗ CHƯA ĐẠT", "✗ MISSED  "), DEL)
                    };
                    let change = t
                        .change_pct
                        .map(|p| format!("{p:+.1}%"))
                        .unwrap_or_else(|| "n/a".into());
                    out.push(Line::from(vec![
                        Span::styled(mark.to_string(), st),
                        Span::raw(format!(
                            " {} ({}): {change} / {:+.1}%",
                            t.id, t.scope, t.required_pct
                        )),
                    ]));
                }
            }
        }
        out.push(Line::default());
        out.push(heading(tr(lang, "Chỉ số A → B", "Metrics A → B")));
        for (m, _) in Metric::ALL {
            let (a, b) = (d.before.get(m), d.after.get(m));
            let pct = crate::diff::pct(a, b).unwrap_or_default();
            out.push(Line::from(vec![
                Span::raw(format!(
                    "{}: {} → {} ",
                    metric_name(m, lang),
                    group(a),
                    group(b)
                )),
                Span::styled(pct, if b <= a { INS } else { DEL }),
            ]));
        }
        out
    }
}

impl Component for Dashboard {
    fn draw(&self, f: &mut Frame<'_>, area: Rect) {
        let lang = self.lang;
        let b = block(tabs(lang, 3), self.focused);
        let inner = b.inner(area);
        f.render_widget(b, area);
        let Some(s) = &self.snap else { return };
        let chart_h = if inner.height >= 16 { 9 } else { 0 };
        let [text, chart] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(chart_h)]).areas(inner);
        self.view.draw_in(f, text);
        if chart_h == 0 {
            return;
        }
        // Each metric as a pair of bars, B as a percentage of A, so different units compare.
        let d = &s.dashboard;
        let groups: Vec<BarGroup<'static>> = Metric::ALL
            .iter()
            .map(|(m, _)| {
                let (a, b) = (d.before.get(*m), d.after.get(*m));
                let pb = if a == 0 {
                    if b == 0 { 100 } else { 200 }
                } else {
                    (b * 100 / a).clamp(0, 999) as u64
                };
                BarGroup::default()
                    .label(Line::from(short_metric(*m, lang)).centered())
                    .bars(&[
                        Bar::default()
                            .value(100)
                            .text_value("A".to_string())
                            .style(Style::new().fg(Color::Blue)),
                        Bar::default().value(pb).text_value(format!("{pb}")).style(
                            Style::new().fg(if pb <= 100 { Color::Green } else { Color::Red }),
                        ),
                    ])
            })
            .collect();
        let mut chart_w = BarChart::default()
            .block(Block::new().borders(Borders::TOP).title(tr(
                lang,
                " B so với A (A = 100) ",
                " B against A (A = 100) ",
            )))
            .max(200)
            .bar_width(3)
            .bar_gap(1)
            .group_gap(1);
        for g in groups {
            chart_w = chart_w.data(g);
        }
        f.render_widget(chart_w, chart);
    }

    fn event(&mut self, ev: &Event) -> EventOutcome {
        self.view.event(ev)
    }
}

// ---------------------------------------------------------------------------------------
// Popups

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

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
                let l = Line::from(super::data::rev_label(&it.label, self.lang));
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

/// Every key, in both languages.
pub const KEYS: &[(&str, &str, &str)] = &[
    ("j k ↓ ↑", "xuống / lên", "down / up"),
    ("g G Home End", "đầu / cuối", "top / bottom"),
    ("PgDn PgUp ^d ^u", "trang sau / trước", "page down / up"),
    (
        "h ←",
        "đóng lĩnh vực / về danh mục",
        "close field / back to tree",
    ),
    (
        "l → Enter",
        "mở lĩnh vực / xem chi tiết",
        "open field / show detail",
    ),
    ("Tab S-Tab", "khung sau / trước", "next / previous pane"),
    (
        "1 2 3 4",
        "danh mục, chi tiết, khác biệt, chỉ tiêu",
        "tree, detail, diff, targets",
    ),
    (
        "] [",
        "thủ tục thay đổi sau / trước",
        "next / previous changed procedure",
    ),
    (
        "/",
        "tìm (mã, tên; không dấu được)",
        "search (code, name; accents optional)",
    ),
    ("n N", "kết quả sau / trước", "next / previous match"),
    ("r R", "chọn phiên bản A / B", "choose revision A / B"),
    ("chuột", "cuộn, chọn", "mouse: scroll, select"),
    ("?", "trợ giúp", "this help"),
    ("q ^c", "thoát", "quit"),
];

/// The list of keys.
#[derive(Default)]
pub struct Help {
    scroll: Scroller,
    /// Language of labels.
    pub lang: Lang,
    /// Closed (Esc, ?, q).
    pub closed: bool,
}

impl Help {
    /// The help in a language.
    pub fn new(lang: Lang) -> Help {
        let mut h = Help {
            lang,
            ..Help::default()
        };
        let lines = KEYS
            .iter()
            .map(|(k, vi, en)| {
                Line::from(vec![
                    Span::styled(format!("{k:<16}"), Style::new().fg(Color::Cyan)),
                    Span::raw(tr(lang, vi, en).to_string()),
                ])
            })
            .collect();
        h.scroll.set(lines);
        h
    }
}

impl Component for Help {
    fn draw(&self, f: &mut Frame<'_>, area: Rect) {
        let r = centered(area, 64, KEYS.len() as u16 + 2);
        f.render_widget(Clear, r);
        let b = block(Line::from(tr(self.lang, " Phím tắt ", " Keys ")), true);
        let inner = b.inner(r);
        f.render_widget(b, r);
        self.scroll.draw_in(f, inner);
    }

    fn event(&mut self, ev: &Event) -> EventOutcome {
        if let Some((KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q'), _)) = key(ev) {
            self.closed = true;
            return EventOutcome::Consumed;
        }
        self.scroll.event(ev);
        EventOutcome::Consumed
    }
}
