//! The status line: the two sides, the change counts, messages, and the search prompt.

use super::{Component, EventOutcome, safe};
use crate::diag::Lang;
use crate::tui::data::rev_label;
use crate::tui::tr;
use crossterm::event::Event;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// What the status line shows, taken from the app at each frame.
pub struct StatusBar<'a> {
    /// Language of labels.
    pub lang: Lang,
    /// The search being typed, if any (replaces everything else).
    pub search: Option<&'a str>,
    /// Labels of A and B, as resolved (or as asked while loading).
    pub labels: (&'a str, &'a str),
    /// Added, removed, amended and editorially changed procedures, once loaded.
    pub counts: Option<(usize, usize, usize, usize)>,
    /// Files that could not be read.
    pub errors: usize,
    /// Whether a load is running.
    pub loading: bool,
    /// A message (search result, error).
    pub message: Option<&'a str>,
}

impl StatusBar<'_> {
    fn line(&self) -> Line<'static> {
        let lang = self.lang;
        let dim = Style::new().fg(Color::DarkGray);
        if let Some(q) = self.search {
            return Line::from(vec![
                Span::styled("/", Style::new().fg(Color::Yellow)),
                Span::raw(q.to_string()),
                Span::styled("█", dim),
            ]);
        }
        let mut spans = vec![
            Span::styled(
                "A ",
                Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            ),
            Span::raw(rev_label(self.labels.0, lang)),
            Span::styled(" → ", dim),
            Span::styled(
                "B ",
                Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            ),
            Span::raw(rev_label(self.labels.1, lang)),
        ];
        if let Some((add, rem, am, ed)) = self.counts {
            spans.push(Span::styled(" │ ", dim));
            spans.push(Span::styled(
                format!("+{add} "),
                Style::new().fg(Color::Green),
            ));
            spans.push(Span::styled(
                format!("-{rem} "),
                Style::new().fg(Color::Red),
            ));
            spans.push(Span::styled(
                format!("~{am}"),
                Style::new().fg(Color::Yellow),
            ));
            if ed > 0 {
                spans.push(Span::styled(
                    format!(" ✎{ed}"),
                    Style::new().fg(Color::Cyan),
                ));
            }
            if self.errors > 0 {
                spans.push(Span::styled(
                    format!(" │ {} {}", self.errors, tr(lang, "lỗi", "errors")),
                    Style::new().fg(Color::Red),
                ));
            }
        }
        if self.loading {
            spans.push(Span::styled(
                format!(" │ {}", tr(lang, "đang tải…", "loading…")),
                Style::new().fg(Color::Yellow),
            ));
        }
        if let Some(m) = self.message {
            // A long error is read in full in the pane; its first line fits here.
            spans.push(Span::styled(" │ ", dim));
            spans.push(Span::styled(
                m.lines().next().unwrap_or("").to_string(),
                Style::new().fg(Color::Yellow),
            ));
        }
        spans.push(Span::styled(
            format!(" │ ? {}", tr(lang, "trợ giúp", "help")),
            dim,
        ));
        Line::from(spans)
    }
}

impl Component for StatusBar<'_> {
    fn draw(&self, f: &mut Frame<'_>, area: Rect) {
        f.render_widget(Paragraph::new(safe([self.line()])), area);
    }

    /// The status line takes no keys: the app routes the search prompt's typing itself.
    fn event(&mut self, _ev: &Event) -> EventOutcome {
        EventOutcome::Ignored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(l: &Line<'_>) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    fn bar<'a>(lang: Lang) -> StatusBar<'a> {
        StatusBar {
            lang,
            search: None,
            labels: ("v1 (b00d677)", crate::tui::data::WORK_TREE),
            counts: Some((1, 2, 3, 0)),
            errors: 0,
            loading: false,
            message: None,
        }
    }

    #[test]
    fn sides_counts_and_help_in_the_users_language() {
        assert_eq!(
            text(&bar(Lang::Vi).line()),
            "A v1 (b00d677) → B bản đang sửa (chưa commit) │ +1 -2 ~3 │ ? trợ giúp"
        );
        let mut b = bar(Lang::En);
        b.errors = 2;
        b.loading = true;
        b.message = Some("Not found: x");
        assert_eq!(
            text(&b.line()),
            "A v1 (b00d677) → B working tree │ +1 -2 ~3 │ 2 errors │ loading… │ Not found: x │ ? help"
        );
        // Editorial-only procedures are counted apart, when there are any.
        let mut b = bar(Lang::Vi);
        b.counts = Some((1, 2, 3, 4));
        assert!(
            text(&b.line()).contains("│ +1 -2 ~3 ✎4 │"),
            "{}",
            text(&b.line())
        );
    }

    #[test]
    fn a_long_message_keeps_to_its_first_line() {
        let mut b = bar(Lang::Vi);
        b.message = Some("lỗi: không đọc được\n  (gợi ý)\n\nchi tiết");
        assert!(text(&b.line()).ends_with("│ lỗi: không đọc được │ ? trợ giúp"));
    }

    #[test]
    fn the_search_prompt_replaces_the_line() {
        let mut b = bar(Lang::Vi);
        b.search = Some("dang ky");
        assert_eq!(text(&b.line()), "/dang ky█");
    }
}
