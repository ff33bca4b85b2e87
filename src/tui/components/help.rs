//! The help popup: every key, in the user's language.

use super::{Component, EventOutcome, Scroller, block, centered, key};
use crate::diag::Lang;
use crate::tui::tr;
use crossterm::event::{Event, KeyCode};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

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
    (
        "a",
        "khi chọn phiên bản: hiện/ẩn commit chỉ sửa mã",
        "in the picker: show/hide code-only commits",
    ),
    (
        "< > 0",
        "cuộn ngang tệp YAML / về đầu dòng",
        "scroll the YAML sideways / to the start",
    ),
    (
        "+ - ~ ✎ 2±",
        "mới, bãi bỏ, sửa đổi, biên tập; số thay đổi",
        "new, abolished, amended, editorial; changes",
    ),
    (
        "◆",
        "mốc (baseline) của catalogue.yaml",
        "baseline of catalogue.yaml",
    ),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_fits_on_one_row_of_the_popup_in_both_languages() {
        for lang in [Lang::Vi, Lang::En] {
            let h = Help::new(lang);
            let mut term =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
            term.draw(|f| h.draw(f, f.area())).unwrap();
            let s = term.backend().to_string();
            for (k, vi, en) in KEYS {
                let row = format!("{k:<16}{}", tr(lang, vi, en));
                assert!(s.contains(&row), "{row} is not whole in\n{s}");
            }
        }
    }

    #[test]
    fn esc_question_mark_and_q_close_it() {
        for c in [KeyCode::Esc, KeyCode::Char('?'), KeyCode::Char('q')] {
            let mut h = Help::new(Lang::Vi);
            assert_eq!(h.event(&Event::Key(c.into())), EventOutcome::Consumed);
            assert!(h.closed);
        }
        let mut h = Help::new(Lang::Vi);
        h.event(&Event::Key(KeyCode::Char('j').into()));
        assert!(!h.closed);
    }
}
