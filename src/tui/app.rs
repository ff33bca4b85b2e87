//! The review UI's state machine: events in, effects out, a frame drawn on request. It never
//! touches the terminal or git, so tests drive it with key sequences and a `TestBackend`.

use super::components::{
    Component, Dashboard, Detail, DiffView, EventOutcome, Help, Picker, StatusBar, Tree, Which, key,
};
use super::data::{Request, RevSpec, Snapshot, fold};
use super::tr;
use crate::diag::Lang;
use crossterm::event::{Event, KeyCode, KeyModifiers, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use std::sync::Arc;

/// The panes, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The catalogue tree.
    Tree,
    /// The procedure detail.
    Detail,
    /// The diff of the selected procedure.
    Diff,
    /// Targets and metrics.
    Dashboard,
}

impl Pane {
    const ORDER: [Pane; 4] = [Pane::Tree, Pane::Detail, Pane::Diff, Pane::Dashboard];

    fn index(self) -> usize {
        Pane::ORDER.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// Something the app wants done outside itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Load a pair of revisions on the worker, under generation `id`.
    Load {
        /// Generation: only the answer with the latest id is used.
        id: u64,
        /// What to load.
        request: Request,
    },
}

/// Where the panes are on screen for a terminal size.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    /// The tree.
    pub tree: Rect,
    /// The right-hand pane.
    pub right: Rect,
    /// The status line.
    pub status: Rect,
}

/// Splits the screen: tree on the left, one detail pane on the right, a status line.
pub fn layout(area: Rect) -> Areas {
    let [main, status] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let tree_w = (area.width * 2 / 5).clamp(24.min(area.width), 60);
    let [tree, right] =
        Layout::horizontal([Constraint::Length(tree_w), Constraint::Min(10)]).areas(main);
    Areas {
        tree,
        right,
        status,
    }
}

/// The review UI.
pub struct App {
    lang: Lang,
    request: Request,
    generation: u64,
    loading: bool,
    error: Option<String>,
    snap: Option<Arc<Snapshot>>,
    focus: Pane,
    shown: Pane,
    tree: Tree,
    detail: Detail,
    diff: DiffView,
    dashboard: Dashboard,
    picker: Option<Picker>,
    help: Option<Help>,
    search: Option<String>,
    last_search: Option<String>,
    message: Option<String>,
    shown_code: Option<String>,
    size: Rect,
    effects: Vec<Effect>,
    quit: bool,
}

impl App {
    /// A new app comparing the sides of `request`; its first effect loads them.
    pub fn new(lang: Lang, request: Request, width: u16, height: u16) -> App {
        let mut app = App {
            lang,
            request,
            generation: 0,
            loading: false,
            error: None,
            snap: None,
            focus: Pane::Tree,
            shown: Pane::Detail,
            tree: Tree::default(),
            detail: Detail::default(),
            diff: DiffView::default(),
            dashboard: Dashboard::default(),
            picker: None,
            help: None,
            search: None,
            last_search: None,
            message: None,
            shown_code: None,
            size: Rect::new(0, 0, width, height),
            effects: Vec::new(),
            quit: false,
        };
        app.tree.lang = lang;
        app.detail.lang = lang;
        app.diff.lang = lang;
        app.dashboard.lang = lang;
        app.set_focus(Pane::Tree);
        app.pages();
        app.load();
        app.sync();
        app
    }

    fn load(&mut self) {
        self.generation += 1;
        self.loading = true;
        self.effects.push(Effect::Load {
            id: self.generation,
            request: self.request.clone(),
        });
    }

    /// Effects produced since the last call.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// True once the user asked to quit.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// True while the latest load has not answered.
    pub fn is_loading(&self) -> bool {
        self.loading
    }

    /// The pane that has the keyboard.
    pub fn focus(&self) -> Pane {
        self.focus
    }

    /// The code of the selected procedure.
    pub fn selected_code(&self) -> Option<&str> {
        self.tree.selected_code()
    }

    /// The sides being compared.
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// The detail pane's text (before wrapping).
    pub fn detail_text(&self) -> String {
        self.detail.text()
    }

    /// Whether the help is open.
    pub fn help_open(&self) -> bool {
        self.help.is_some()
    }

    /// The current status message (search results, errors).
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref().or(self.error.as_deref())
    }

    /// The latest loaded snapshot.
    pub fn snapshot(&self) -> Option<&Arc<Snapshot>> {
        self.snap.as_ref()
    }

    /// Takes a worker's answer; an answer to an older request is ignored (a newer one is
    /// on its way).
    pub fn loaded(&mut self, id: u64, result: Result<Snapshot, String>) {
        if id != self.generation {
            return;
        }
        self.loading = false;
        match result {
            Ok(s) => {
                self.error = None;
                let s = Arc::new(s);
                self.snap = Some(s.clone());
                self.tree.set_snapshot(s.clone());
                self.dashboard.show(Some(s));
                self.shown_code = None;
                self.sync();
            }
            Err(e) => {
                self.error = Some(e);
                self.snap = None;
                self.tree.clear_snapshot();
                self.dashboard.show(None);
                self.shown_code = None;
            }
        }
    }

    /// Refreshes the detail and diff panes when the selection changed.
    fn sync(&mut self) {
        let code = self.tree.selected_code().map(str::to_string);
        if code == self.shown_code && self.shown_code.is_some() {
            return;
        }
        self.detail.show(self.snap.clone(), code.as_deref());
        self.diff.show(self.snap.as_deref(), code.as_deref());
        self.shown_code = code;
    }

    fn set_focus(&mut self, p: Pane) {
        self.focus = p;
        if p != Pane::Tree {
            self.shown = p;
        }
        self.tree.focused = p == Pane::Tree;
        self.detail.focused = p == Pane::Detail;
        self.diff.focused = p == Pane::Diff;
        self.dashboard.focused = p == Pane::Dashboard;
    }

    fn pages(&mut self) {
        let a = layout(self.size);
        self.tree.page = a.tree.height.saturating_sub(2) as usize;
        let h = a.right.height.saturating_sub(2) as usize;
        self.detail.view().page = h;
        self.diff.view().page = h;
        self.dashboard.view().page = h;
    }

    fn run_search(&mut self, forward: bool, from_here: bool) {
        let Some(q) = self.last_search.clone().filter(|q| !q.is_empty()) else {
            return;
        };
        let needle = fold(&q);
        if from_here
            && let Some(code) = self.tree.selected_code()
            && let Some(s) = &self.snap
            && s.fields
                .iter()
                .flat_map(|f| &f.items)
                .any(|i| i.code == code && i.key.contains(&needle))
        {
            return;
        }
        let found = self.tree.find(forward, |i| i.key.contains(&needle));
        self.message = if found {
            None
        } else {
            Some(format!(
                "{}: {q}",
                tr(self.lang, "Không tìm thấy", "Not found")
            ))
        };
    }

    /// Handles one terminal event.
    pub fn event(&mut self, ev: &Event) -> EventOutcome {
        let out = self.route(ev);
        self.sync();
        out
    }

    fn route(&mut self, ev: &Event) -> EventOutcome {
        if let Some((KeyCode::Char('c'), m)) = key(ev)
            && m.contains(KeyModifiers::CONTROL)
        {
            self.quit = true;
            return EventOutcome::Consumed;
        }
        match ev {
            Event::Resize(w, h) => {
                self.size = Rect::new(0, 0, *w, *h);
                self.pages();
                return EventOutcome::Consumed;
            }
            Event::Mouse(m) => return self.mouse(m.kind, m.column, m.row),
            _ => {}
        }
        if let Some(h) = &mut self.help {
            h.event(ev);
            if h.closed {
                self.help = None;
            }
            return EventOutcome::Consumed;
        }
        if let Some(p) = &mut self.picker {
            p.event(ev);
            if let Some(spec) = p.chosen.take() {
                match p.which {
                    Which::A => self.request.a = spec,
                    Which::B => self.request.b = spec,
                }
                self.picker = None;
                self.load();
            } else if p.cancelled {
                self.picker = None;
            }
            return EventOutcome::Consumed;
        }
        if let Some(q) = &mut self.search {
            match key(ev) {
                Some((KeyCode::Esc, _)) => self.search = None,
                Some((KeyCode::Enter, _)) => {
                    self.search = None;
                }
                Some((KeyCode::Backspace, _)) => {
                    q.pop();
                    self.last_search = Some(q.clone());
                    self.run_search(true, true);
                }
                Some((KeyCode::Char(c), m)) if !m.contains(KeyModifiers::CONTROL) => {
                    q.push(c);
                    self.last_search = Some(q.clone());
                    self.run_search(true, true);
                }
                _ => {}
            }
            return EventOutcome::Consumed;
        }
        let Some((code, m)) = key(ev) else {
            return EventOutcome::Ignored;
        };
        self.message = None;
        match code {
            KeyCode::Char('q') => self.quit = true,
            KeyCode::Char('?') => self.help = Some(Help::new(self.lang)),
            KeyCode::Tab => {
                let i = (self.focus.index() + 1) % 4;
                self.set_focus(Pane::ORDER[i]);
            }
            KeyCode::BackTab => {
                let i = (self.focus.index() + 3) % 4;
                self.set_focus(Pane::ORDER[i]);
            }
            KeyCode::Char(c @ '1'..='4') => self.set_focus(Pane::ORDER[(c as u8 - b'1') as usize]),
            KeyCode::Char('/') => self.search = Some(String::new()),
            KeyCode::Char('n') => self.run_search(true, false),
            KeyCode::Char('N') => self.run_search(false, false),
            KeyCode::Char(']') | KeyCode::Char('[') => {
                let found = self.tree.find(code == KeyCode::Char(']'), |i| {
                    i.mark != super::data::Mark::Same
                });
                if !found {
                    self.message = Some(
                        tr(
                            self.lang,
                            "Không có thủ tục nào thay đổi",
                            "No changed procedure",
                        )
                        .into(),
                    );
                }
            }
            KeyCode::Char('r') | KeyCode::Char('R') => {
                let which = if code == KeyCode::Char('r') && !m.contains(KeyModifiers::SHIFT) {
                    Which::A
                } else {
                    Which::B
                };
                let items = self
                    .snap
                    .as_ref()
                    .map(|s| s.revisions.clone())
                    .unwrap_or_default();
                let current = match which {
                    Which::A => &self.request.a,
                    Which::B => &self.request.b,
                };
                self.picker = Some(Picker::new(which, items, current, self.lang));
            }
            _ => return self.pane_event(ev),
        }
        EventOutcome::Consumed
    }

    fn pane_event(&mut self, ev: &Event) -> EventOutcome {
        let code = key(ev).map(|k| k.0);
        match self.focus {
            Pane::Tree => {
                if self.tree.event(ev) == EventOutcome::Consumed {
                    return EventOutcome::Consumed;
                }
                if matches!(
                    code,
                    Some(KeyCode::Char('l') | KeyCode::Right | KeyCode::Enter)
                ) && self.tree.selected_code().is_some()
                {
                    self.set_focus(self.shown);
                    return EventOutcome::Consumed;
                }
                EventOutcome::Ignored
            }
            pane => {
                if matches!(
                    code,
                    Some(KeyCode::Char('h') | KeyCode::Left | KeyCode::Esc)
                ) {
                    self.set_focus(Pane::Tree);
                    return EventOutcome::Consumed;
                }
                match pane {
                    Pane::Detail => self.detail.event(ev),
                    Pane::Diff => self.diff.event(ev),
                    _ => self.dashboard.event(ev),
                }
            }
        }
    }

    fn mouse(&mut self, kind: MouseEventKind, col: u16, row: u16) -> EventOutcome {
        if self.help.is_some() || self.picker.is_some() {
            return EventOutcome::Ignored;
        }
        let a = layout(self.size);
        let in_tree = col < a.tree.x + a.tree.width;
        let step: isize = match kind {
            MouseEventKind::ScrollDown => 3,
            MouseEventKind::ScrollUp => -3,
            MouseEventKind::Down(_) => {
                if in_tree {
                    self.set_focus(Pane::Tree);
                    self.tree.click(a.tree, row);
                } else {
                    self.set_focus(self.shown);
                }
                return EventOutcome::Consumed;
            }
            _ => return EventOutcome::Ignored,
        };
        if in_tree {
            let dir = if step > 0 { KeyCode::Down } else { KeyCode::Up };
            for _ in 0..step.unsigned_abs() {
                self.tree.event(&Event::Key(dir.into()));
            }
        } else {
            match self.shown {
                Pane::Diff => self.diff.view().scroll_by(step),
                Pane::Dashboard => self.dashboard.view().scroll_by(step),
                _ => self.detail.view().scroll_by(step),
            }
        }
        EventOutcome::Consumed
    }

    /// Draws the whole screen.
    pub fn draw(&self, f: &mut Frame<'_>) {
        let a = layout(f.area());
        self.tree.draw(f, a.tree);
        if self.snap.is_none() {
            let msg = match &self.error {
                Some(e) => e.clone(),
                None => tr(self.lang, "Đang tải…", "Loading…").to_string(),
            };
            let b =
                ratatui::widgets::Block::bordered().title(super::components::tabs(self.lang, 0));
            f.render_widget(
                // Wrapped: an error that says why nothing is compared is read in full.
                Paragraph::new(super::components::safe(
                    msg.lines().map(|l| Line::from(l.to_string())),
                ))
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(b),
                a.right,
            );
        } else {
            match self.shown {
                Pane::Diff => self.diff.draw(f, a.right),
                Pane::Dashboard => self.dashboard.draw(f, a.right),
                _ => self.detail.draw(f, a.right),
            }
        }
        self.status(f, a.status);
        if let Some(p) = &self.picker {
            p.draw(f, f.area());
        }
        if let Some(h) = &self.help {
            h.draw(f, f.area());
        }
    }

    fn status(&self, f: &mut Frame<'_>, area: Rect) {
        let labels = match &self.snap {
            Some(s) => (s.labels.0.clone(), s.labels.1.clone()),
            None => (self.request.a.label(), self.request.b.label()),
        };
        StatusBar {
            lang: self.lang,
            search: self.search.as_deref(),
            labels: (&labels.0, &labels.1),
            counts: self.snap.as_ref().map(|s| s.counts()),
            errors: self.snap.as_ref().map_or(0, |s| s.errors),
            loading: self.loading,
            message: self.message(),
        }
        .draw(f, area);
    }
}

/// A convenience for tests and benchmarks: presses a key.
pub fn press(app: &mut App, code: KeyCode) -> EventOutcome {
    app.event(&Event::Key(code.into()))
}

/// Sets the terminal size the app lays out for (as a resize event would).
pub fn resize(app: &mut App, w: u16, h: u16) {
    app.event(&Event::Resize(w, h));
}

/// The default request when the command line gives none.
pub fn request(a: RevSpec, b: RevSpec) -> Request {
    Request { a, b }
}
