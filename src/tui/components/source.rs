//! The source pane beside the detail: for a procedure an import could not fully prove, each
//! value that needs review with the national record's text verbatim beside what was
//! written, so an officer can confirm or correct it.

use super::{Component, EventOutcome, Scroller, block};
use crate::diag::Lang;
use crate::model::Procedure;
use crate::tui::tr;
use crossterm::event::Event;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

/// The values of the selected procedure that need review, each with its source text.
#[derive(Default)]
pub struct Source {
    view: Scroller,
    items: usize,
    /// Language of labels.
    pub lang: Lang,
    /// Whether it has the keyboard.
    pub focused: bool,
}

impl Source {
    /// Shows the review items of `p` (none: the pane is empty and not drawn).
    pub fn show(&mut self, p: Option<&Procedure>) {
        let lines = p.map(|p| self.build(p)).unwrap_or_default();
        self.items = p.map_or(0, |p| p.review.len());
        self.view.wrap = true;
        self.view.set(lines);
    }

    /// Whether the procedure has values to review.
    pub fn is_empty(&self) -> bool {
        self.items == 0
    }

    /// The text shown, one line per prepared line (before wrapping).
    pub fn text(&self) -> String {
        let mut s = String::new();
        for l in self.view.lines() {
            for sp in &l.spans {
                s.push_str(&sp.content);
            }
            s.push('\n');
        }
        s
    }

    /// The scroller (scrolled with the detail).
    pub fn view(&mut self) -> &mut Scroller {
        &mut self.view
    }

    fn build(&self, p: &Procedure) -> Vec<Line<'static>> {
        let lang = self.lang;
        let label = |s: &str| Span::styled(format!("{s}: "), Style::new().fg(Color::DarkGray));
        let mut out = Vec::new();
        for (i, r) in p.review.iter().enumerate() {
            if i > 0 {
                out.push(Line::default());
            }
            out.push(Line::styled(
                format!("{}. {}", i + 1, r.what.get(lang)),
                Style::new().add_modifier(Modifier::BOLD),
            ));
            // The source's text as the record writes it, line by line.
            for (n, line) in r.source.value.lines().enumerate() {
                let head = if n == 0 {
                    label(tr(lang, "Nguyên văn", "Source"))
                } else {
                    Span::raw("  ")
                };
                out.push(Line::from(vec![
                    head,
                    Span::styled(line.to_string(), Style::new().fg(Color::Yellow)),
                ]));
            }
            if let Some(w) = &r.written {
                out.push(Line::from(vec![
                    label(tr(lang, "Đã ghi", "Written")),
                    Span::raw(w.get(lang).to_string()),
                ]));
            }
            if let Some(w) = &r.why {
                out.push(Line::from(vec![
                    label(tr(lang, "Lý do", "Why")),
                    Span::raw(w.get(lang).to_string()),
                ]));
            }
        }
        out
    }
}

impl Component for Source {
    fn draw(&self, f: &mut Frame<'_>, area: Rect) {
        let title = Line::from(format!(
            " {} ({}) ",
            tr(
                self.lang,
                "Cần rà soát với nguyên văn",
                "To review against the source"
            ),
            self.items
        ));
        let b = block(title, self.focused);
        let inner = b.inner(area);
        f.render_widget(b, area);
        self.view.draw_in(f, inner);
    }

    fn event(&mut self, ev: &Event) -> EventOutcome {
        self.view.event(ev)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    const REVIEW: &str = "review:\n  - what: { vi: \"Trực tiếp: thời hạn\", en: \"Trực tiếp: deadline\" }\n    source: \"15 ngày làm việc; 05 ngày đối với trường hợp cấp lại\"\n    written: { vi: chưa có thông tin, en: not stated }\n    why: { vi: dòng này nêu thời hạn khác cho một trường hợp, en: the row states another period for a case }\n";

    #[test]
    fn the_source_text_stands_beside_the_value_written() {
        use super::super::fixture::{procedure, snapshot_of};
        let plain = procedure("8,000 VND");
        let reviewed = format!("{plain}{REVIEW}");
        let (_tmp, s) = snapshot_of(&plain, &reviewed);
        let s = Arc::new(s);
        let p = s.procedure("1.000689").expect("the procedure");
        assert_eq!(p.review.len(), 1);
        let mut src = Source {
            lang: Lang::Vi,
            ..Source::default()
        };
        src.show(Some(p));
        let text = src.text();
        assert!(text.contains("1. Trực tiếp: thời hạn"), "{text}");
        assert!(
            text.contains("Nguyên văn: 15 ngày làm việc; 05 ngày đối với trường hợp cấp lại"),
            "{text}"
        );
        assert!(text.contains("Đã ghi: chưa có thông tin"), "{text}");
        // Drawn beside the detail: the detail keeps the left, the source the right.
        let mut d = super::super::Detail::in_lang(Lang::Vi);
        d.show(Some(s.clone()), Some("1.000689"));
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 20)).unwrap();
        term.draw(|f| d.draw(f, f.area())).unwrap();
        let screen = term.backend().to_string();
        let first = screen.lines().next().unwrap();
        assert!(first.contains("Cần rà soát với nguyên văn (1)"), "{screen}");
        assert!(screen.contains("Nguyên văn: 15 ngày làm việc"), "{screen}");
        // No review items: no source pane.
        let mut src = Source::default();
        let (_tmp2, s2) = snapshot_of(&reviewed, &plain);
        src.show(s2.procedure("1.000689"));
        assert!(src.is_empty());
    }
}
