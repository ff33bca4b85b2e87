//! The detail pane: everything the selected procedure says.

use super::{Component, EventOutcome, Scroller, Source, block, heading, kv, tabs};
use crate::diag::Lang;
use crate::model::Procedure;
use crate::tui::data::Snapshot;
use crate::tui::tr;
use crossterm::event::Event;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use std::sync::Arc;

/// The full content of the selected procedure.
#[derive(Default)]
pub struct Detail {
    snap: Option<Arc<Snapshot>>,
    code: Option<String>,
    view: Scroller,
    /// The values an import could not prove, with their source text, drawn beside.
    source: Source,
    /// Language of labels.
    pub lang: Lang,
    /// Whether it has the keyboard.
    pub focused: bool,
}

impl Detail {
    /// An empty detail pane with labels in `lang`.
    pub fn in_lang(lang: Lang) -> Detail {
        Detail {
            lang,
            ..Detail::default()
        }
    }

    /// Shows a procedure of a snapshot.
    pub fn show(&mut self, snap: Option<Arc<Snapshot>>, code: Option<&str>) {
        self.snap = snap;
        self.code = code.map(str::to_string);
        let lines = self.build();
        self.view.wrap = true;
        self.view.set(lines);
        self.source.lang = self.lang;
        let p = match (&self.snap, &self.code) {
            (Some(s), Some(c)) => s.procedure(c),
            _ => None,
        };
        self.source.show(p);
    }

    /// The source pane's text (empty when nothing needs review).
    pub fn source_text(&self) -> String {
        self.source.text()
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
        // Deadlines and conditions in words, with the facts' own labels ("khi không thuộc
        // diện miễn lệ phí"), as the decision text says them; not the rule as written.
        let refs = crate::wording::Refs::new(&s.manifest, None, lang);
        let cond_text =
            |p: &Procedure, c: &crate::model::Cond| crate::wording::cond(&c.value, p, &refs);
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
                    crate::tui::data::rev_label(&s.labels.1, lang)
                ),
                Style::new().fg(Color::Red),
            ));
        }
        out.push(kv(tr(lang, "Tên (vi)", "Name (vi)"), p.name.vi.to_string()));
        out.push(kv(
            tr(lang, "Tên (en)", "Name (en)"),
            p.name.en.as_deref().unwrap_or("—").to_string(),
        ));
        out.push(kv(tr(lang, "Mã", "Code"), p.code.value.to_string()));
        let field = s
            .manifest
            .fields
            .iter()
            .find(|f| f.id.value == p.field.value)
            .map(|f| f.name.get(lang).to_string())
            .unwrap_or_else(|| p.field.value.to_string());
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
                    .unwrap_or_else(|| l.value.to_string())
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
                    crate::wording::deadline(&c.deadline.value, p, &refs)
                )),
            ]));
            // Fees the source does not state are not "no fees".
            if !c.fees_stated {
                out.push(Line::from(format!(
                    "    {}",
                    tr(lang, "Phí, lệ phí: chưa có thông tin", "Fees: not stated")
                )));
            } else if c.fees.is_empty() {
                out.push(Line::from(format!(
                    "    {}",
                    tr(lang, "Không thu phí, lệ phí", "No fees")
                )));
            }
            for fee in &c.fees {
                let mut l = format!(
                    "    {}: {}",
                    fee.name.get(lang),
                    crate::wording::fee_amount(fee, p, &s.manifest, lang)
                );
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
        // What the rule analysis finds in this procedure's rules, as `validate` reports it.
        out.push(Line::default());
        out.push(heading(tr(lang, "Phân tích quy tắc", "Rule analysis")));
        let found = crate::analysis::analyse(
            p,
            &crate::analysis::Options {
                today: crate::dates::today(),
                manifest: &s.manifest,
            },
        );
        if found.is_empty() {
            out.push(Line::from(tr(
                lang,
                "Không phát hiện vấn đề nào.",
                "Nothing found.",
            )));
        }
        for f in &found {
            out.push(Line::from(vec![
                Span::styled("⚠ ", Style::new().fg(Color::Yellow)),
                Span::raw(f.line(p, lang)),
            ]));
        }
        out
    }
}

impl Component for Detail {
    fn draw(&self, f: &mut Frame<'_>, area: Rect) {
        // Values to review: the source text stands beside the values as written.
        let (area, beside) = if self.source.is_empty() {
            (area, None)
        } else {
            use ratatui::layout::{Constraint, Layout};
            let [l, r] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(area);
            (l, Some(r))
        };
        let b = block(tabs(self.lang, 1), self.focused);
        let inner = b.inner(area);
        f.render_widget(b, area);
        self.view.draw_in(f, inner);
        if let Some(r) = beside {
            self.source.draw(f, r);
        }
    }

    fn event(&mut self, ev: &Event) -> EventOutcome {
        // Both panes scroll together.
        let _ = self.source.event(ev);
        self.view.event(ev)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_name_heads_the_detail_however_long() {
        let (_tmp, s) = super::super::fixture::snapshot();
        let mut d = Detail {
            lang: Lang::Vi,
            ..Detail::default()
        };
        d.show(Some(Arc::new(s)), Some("1.000689"));
        let text = d.text();
        assert_eq!(
            text.lines().next(),
            Some("Đăng ký khai sinh kết hợp nhận cha, mẹ, con có yếu tố nước ngoài")
        );
        // Drawn 40 wide, it wraps at words instead of being cut.
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(40, 12)).unwrap();
        term.draw(|f| d.draw(f, f.area())).unwrap();
        let screen = term.backend().to_string();
        assert!(
            screen.contains("│Đăng ký khai sinh kết hợp nhận cha,   │"),
            "{screen}"
        );
        assert!(
            screen.contains("│mẹ, con có yếu tố nước ngoài          │"),
            "{screen}"
        );
    }

    #[test]
    fn fees_the_source_does_not_state_are_not_no_fees() {
        use super::super::fixture::{procedure, snapshot_of};
        let stated = procedure("8,000 VND");
        let not_stated = stated
            .split("    fees:\n")
            .next()
            .map(|head| {
                format!(
                    "{head}    fees: not stated\n{}",
                    stated
                        .split("dossier:")
                        .nth(1)
                        .map(|d| format!("dossier:{d}"))
                        .unwrap_or_default()
                )
            })
            .unwrap();
        let (_tmp, s) = snapshot_of(&stated, &not_stated);
        let s = Arc::new(s);
        for (lang, want) in [
            (Lang::Vi, "Phí, lệ phí: chưa có thông tin"),
            (Lang::En, "Fees: not stated"),
        ] {
            let mut d = Detail {
                lang,
                ..Detail::default()
            };
            d.show(Some(s.clone()), Some("1.000689"));
            let text = d.text();
            assert!(text.contains(want), "{text}");
            assert!(
                !text.contains("Không thu phí") && !text.contains("No fees"),
                "{text}"
            );
        }
        // A stated fee is written as a decision writes it.
        let (_tmp, s) = snapshot_of(&not_stated, &stated);
        let mut d = Detail {
            lang: Lang::Vi,
            ..Detail::default()
        };
        d.show(Some(Arc::new(s)), Some("1.000689"));
        assert!(
            d.text().contains("Lệ phí hộ tịch: 8.000 đồng"),
            "{}",
            d.text()
        );
    }

    #[test]
    fn nothing_selected_asks_for_a_procedure() {
        let mut d = Detail {
            lang: Lang::En,
            ..Detail::default()
        };
        d.show(None, None);
        assert_eq!(d.text(), "Select a procedure in the catalogue.\n");
    }
}
