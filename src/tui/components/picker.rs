//! The revision picker: a popup list of revisions for side A or B.
//!
//! It lists the working tree, branches, tags and the commits that changed the catalogue
//! folder, each with its date, author and subject; commits that only changed code are
//! behind the `a` key. The manifest's baseline is marked ◆.

use super::{
    Component, EventOutcome, Move, block, centered, follow, key, movement, safe, truncate_words,
    width,
};
use crate::diag::Lang;
use crate::tui::data::{RevChoice, RevKind, RevSpec, WORK_TREE, rev_label};
use crate::tui::tr;
use crossterm::event::{Event, KeyCode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
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

/// The mark of the manifest's baseline.
pub const BASELINE_MARK: &str = "◆";

/// A list of revisions for one side.
pub struct Picker {
    /// The side it chooses.
    pub which: Which,
    items: Vec<RevChoice>,
    /// Indices into `items` of the rows shown.
    shown: Vec<usize>,
    /// Whether commits that did not change the catalogue are shown too.
    all: bool,
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
    /// A picker over `items`, starting at the current choice (all commits are shown when the
    /// current one did not change the catalogue, so it is never hidden).
    pub fn new(which: Which, items: Vec<RevChoice>, current: &RevSpec, lang: Lang) -> Picker {
        let all = items.iter().any(|i| &i.spec == current && !i.catalogue);
        let mut p = Picker {
            which,
            items,
            shown: Vec::new(),
            all,
            selected: 0,
            offset: Cell::new(0),
            chosen: None,
            cancelled: false,
            lang,
        };
        p.filter();
        p.selected = p
            .shown
            .iter()
            .position(|&i| &p.items[i].spec == current)
            .unwrap_or(0);
        p
    }

    fn filter(&mut self) {
        self.shown = (0..self.items.len())
            .filter(|&i| self.all || self.items[i].catalogue)
            .collect();
    }

    /// The rows shown, in order.
    pub fn shown(&self) -> impl Iterator<Item = &RevChoice> {
        self.shown.iter().map(|&i| &self.items[i])
    }

    /// The row under the cursor.
    pub fn current(&self) -> Option<&RevChoice> {
        self.shown.get(self.selected).map(|&i| &self.items[i])
    }

    /// How many commits are hidden because they did not change the catalogue.
    pub fn hidden(&self) -> usize {
        self.items.iter().filter(|i| !i.catalogue).count()
    }

    /// Whether every commit is shown.
    pub fn showing_all(&self) -> bool {
        self.all
    }

    /// Shows or hides the commits that did not change the catalogue, staying on the same
    /// row when it is still shown.
    pub fn toggle(&mut self) {
        let keep = self.shown.get(self.selected).copied();
        self.all = !self.all;
        self.filter();
        self.selected = keep
            .and_then(|k| self.shown.iter().position(|&i| i == k))
            .unwrap_or(0);
    }

    fn name(&self, it: &RevChoice) -> String {
        let lang = self.lang;
        match &it.kind {
            RevKind::WorkTree => rev_label(WORK_TREE, lang),
            RevKind::Branch(b) => format!("{} {b}", tr(lang, "nhánh", "branch")),
            RevKind::Tag(t) => format!("{} {t}", tr(lang, "nhãn", "tag")),
            RevKind::Commit => it
                .commit
                .as_ref()
                .map_or(String::new(), |c| c.short.clone()),
        }
    }

    /// The bottom line: the toggle key and what it does, and the baseline's mark.
    fn hint(&self) -> Line<'static> {
        let lang = self.lang;
        let n = self.hidden();
        let toggle = if self.all {
            tr(
                lang,
                "chỉ commit sửa danh mục",
                "only commits that change the catalogue",
            )
            .to_string()
        } else {
            match lang {
                Lang::Vi => format!("hiện cả {n} commit chỉ sửa mã"),
                Lang::En => format!("also show {n} code-only commit(s)"),
            }
        };
        Line::from(vec![
            Span::raw(" "),
            Span::styled("a", Style::new().fg(Color::Cyan)),
            Span::raw(format!(": {toggle} │ ")),
            Span::styled(BASELINE_MARK, Style::new().fg(Color::Yellow)),
            Span::raw(format!(" {} ", tr(lang, "mốc (baseline)", "baseline"))),
        ])
    }

    /// One row: baseline mark, name, date, author and subject, cut at a word to fit `w`.
    fn row(&self, it: &RevChoice, name_w: usize, author_w: usize, w: usize) -> Line<'static> {
        let lang = self.lang;
        let dim = !it.catalogue;
        let base = if dim {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        };
        let mut spans = vec![if it.baseline {
            Span::styled(format!("{BASELINE_MARK} "), Style::new().fg(Color::Yellow))
        } else {
            Span::raw("  ")
        }];
        let Some(c) = &it.commit else {
            // The working tree: no commit columns follow, so its name is not cut short.
            spans.push(Span::styled(
                truncate_words(&self.name(it), w.saturating_sub(2)),
                Style::new().fg(Color::Cyan),
            ));
            return Line::from(spans);
        };
        let name = truncate_words(&self.name(it), name_w);
        let pad = name_w.saturating_sub(width(&name));
        spans.push(Span::styled(
            format!("{name}{} ", " ".repeat(pad)),
            if dim {
                base
            } else {
                Style::new().fg(Color::Cyan)
            },
        ));
        {
            let date = match lang {
                Lang::Vi => c.date.strftime("%d/%m/%Y").to_string(),
                Lang::En => c.date.to_string(),
            };
            spans.push(Span::styled(format!("{date} "), base));
            let used = 2 + name_w + 1 + width(&date) + 1;
            let left = w.saturating_sub(used);
            // Authors in one column of at most a third of what is left; the subject the rest.
            let author_w = author_w.min(left / 3).min(20);
            let author = truncate_words(&c.author, author_w);
            let pad = author_w.saturating_sub(width(&author));
            spans.push(Span::styled(
                format!("{author}{} ", " ".repeat(pad)),
                if dim {
                    base
                } else {
                    Style::new().fg(Color::Green)
                },
            ));
            let subject = truncate_words(&c.subject, left.saturating_sub(author_w + 1));
            spans.push(Span::styled(subject, base));
        }
        Line::from(spans)
    }
}

impl Component for Picker {
    fn draw(&self, f: &mut Frame<'_>, area: Rect) {
        let r = centered(
            area,
            area.width.saturating_sub(2).clamp(20.min(area.width), 110),
            area.height.saturating_sub(4).max(5),
        );
        f.render_widget(Clear, r);
        let title = match self.which {
            Which::A => tr(self.lang, " Chọn phiên bản A ", " Choose revision A "),
            Which::B => tr(self.lang, " Chọn phiên bản B ", " Choose revision B "),
        };
        let b = block(Line::from(title), true).title_bottom(self.hint());
        let inner = b.inner(r);
        f.render_widget(b, r);
        let h = inner.height as usize;
        let w = inner.width as usize;
        let off = follow(self.selected, self.offset.get(), h, self.shown.len());
        self.offset.set(off);
        let name_w = self
            .shown()
            .filter(|i| i.commit.is_some())
            .map(|i| width(&self.name(i)))
            .max()
            .unwrap_or(7)
            .clamp(7, 16);
        let author_w = self
            .shown()
            .filter_map(|i| i.commit.as_ref())
            .map(|c| width(&c.author))
            .max()
            .unwrap_or(0);
        let lines: Vec<Line> = self
            .shown
            .iter()
            .enumerate()
            .skip(off)
            .take(h)
            .map(|(i, &k)| {
                let l = self.row(&self.items[k], name_w, author_w, w);
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
        let last = self.shown.len().saturating_sub(1);
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
                self.chosen = self.current().map(|i| i.spec.clone());
                EventOutcome::Consumed
            }
            Some(KeyCode::Char('a')) => {
                self.toggle();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::data::CommitInfo;

    fn commit(short: &str, subject: &str, catalogue: bool, baseline: bool) -> RevChoice {
        RevChoice {
            kind: RevKind::Commit,
            spec: RevSpec::Rev(short.into()),
            commit: Some(CommitInfo {
                short: short.into(),
                date: jiff::civil::date(2025, 1, 24),
                author: "Nguyễn Thị Lan".into(),
                subject: subject.into(),
            }),
            catalogue,
            baseline,
        }
    }

    fn items() -> Vec<RevChoice> {
        vec![
            RevChoice {
                kind: RevKind::WorkTree,
                spec: RevSpec::WorkTree,
                commit: None,
                catalogue: true,
                baseline: false,
            },
            commit("c3c3c3c", "Giảm lệ phí đăng ký thường trú", true, false),
            commit("c2c2c2c", "Sửa mã kiểm tra", false, false),
            commit("c1c1c1c", "Công bố danh mục", true, true),
        ]
    }

    fn shown(p: &Picker) -> Vec<RevSpec> {
        p.shown().map(|i| i.spec.clone()).collect()
    }

    fn rev(s: &str) -> RevSpec {
        RevSpec::Rev(s.into())
    }

    fn screen(p: &Picker, w: u16, h: u16) -> String {
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
        term.draw(|f| p.draw(f, f.area())).unwrap();
        term.backend().to_string()
    }

    #[test]
    fn code_only_commits_are_behind_the_toggle() {
        let mut p = Picker::new(Which::A, items(), &rev("c3c3c3c"), Lang::Vi);
        assert_eq!(
            shown(&p),
            [RevSpec::WorkTree, rev("c3c3c3c"), rev("c1c1c1c")]
        );
        assert_eq!(p.hidden(), 1);
        assert_eq!(p.current().unwrap().spec, rev("c3c3c3c"));
        p.event(&Event::Key(KeyCode::Char('a').into()));
        assert!(p.showing_all());
        assert_eq!(shown(&p).len(), 4);
        assert_eq!(
            p.current().unwrap().spec,
            rev("c3c3c3c"),
            "stays on its row"
        );
        p.event(&Event::Key(KeyCode::Down.into()));
        assert_eq!(p.current().unwrap().spec, rev("c2c2c2c"));
        // Hiding it again moves to the first row rather than to a row that is not shown.
        p.toggle();
        assert_eq!(p.current().unwrap().spec, RevSpec::WorkTree);
        p.event(&Event::Key(KeyCode::Enter.into()));
        assert_eq!(p.chosen, Some(RevSpec::WorkTree));
    }

    #[test]
    fn a_current_side_that_changed_only_code_is_not_hidden() {
        let p = Picker::new(Which::B, items(), &rev("c2c2c2c"), Lang::En);
        assert!(p.showing_all());
        assert_eq!(p.current().unwrap().spec, rev("c2c2c2c"));
    }

    #[test]
    fn rows_show_date_author_subject_and_the_baseline_mark() {
        let p = Picker::new(Which::A, items(), &RevSpec::WorkTree, Lang::Vi);
        let s = screen(&p, 80, 10);
        assert!(s.contains("bản đang sửa (chưa commit)"), "{s}");
        assert!(
            s.contains("◆ c1c1c1c 24/01/2025 Nguyễn Thị Lan Công bố danh mục"),
            "{s}"
        );
        assert!(s.contains("  c3c3c3c 24/01/2025"), "{s}");
        assert!(s.contains("a: hiện cả 1 commit chỉ sửa mã"), "{s}");
        let p = Picker::new(Which::A, items(), &RevSpec::WorkTree, Lang::En);
        let s = screen(&p, 80, 10);
        assert!(s.contains("c1c1c1c 2025-01-24 Nguyễn Thị Lan"), "{s}");
        assert!(s.contains("also show 1 code-only commit(s)"), "{s}");
        // Narrow: the subject is cut at a word, never in the middle of one.
        let s = screen(&p, 50, 10);
        assert!(s.contains("Giảm lệ phí…"), "{s}");
    }
}
