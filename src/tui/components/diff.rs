//! The diff pane: the changes of the selected procedure in legal words, then the text
//! diff of its two files.

use super::{Component, DEL, EventOutcome, INS, Scroller, block, heading, tabs};
use crate::diag::Lang;
use crate::diff::Kind;
use crate::tui::data::{Mark, Snapshot};
use crate::tui::tr;
use crossterm::event::Event;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

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
        // The changes in words wrap, so each is read in full; the file's lines keep their
        // shape and scroll sideways (`<` `>`), since wrapped YAML would misstate its nesting.
        self.view.wrap = true;
        self.view.fixed_from = lines
            .iter()
            .position(|l| {
                l.spans
                    .first()
                    .is_some_and(|s| s.content == yaml_heading(self.lang))
            })
            .map(|i| i + 1);
        self.view.set(lines);
    }

    /// The scroller (page size, tests).
    pub fn view(&mut self) -> &mut Scroller {
        &mut self.view
    }
}

impl Component for DiffView {
    fn draw(&self, f: &mut Frame<'_>, area: Rect) {
        let mut b = block(tabs(self.lang, 2), self.focused);
        if self.view.column() > 0 {
            b = b.title_bottom(
                Line::from(format!(
                    " {} {} ",
                    tr(self.lang, "tệp YAML từ cột", "YAML file from column"),
                    self.view.column() + 1
                ))
                .right_aligned(),
            );
        }
        let inner = b.inner(area);
        f.render_widget(b, area);
        self.view.draw_in(f, inner);
    }

    fn event(&mut self, ev: &Event) -> EventOutcome {
        self.view.event(ev)
    }
}

fn yaml_heading(lang: Lang) -> &'static str {
    tr(lang, "Tệp YAML", "YAML file")
}

fn diff_lines(s: &Snapshot, code: &str, lang: Lang) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(vec![
        Span::styled("A ", DEL),
        Span::raw(crate::tui::data::rev_label(&s.labels.0, lang)),
        Span::raw(" → "),
        Span::styled("B ", INS),
        Span::raw(crate::tui::data::rev_label(&s.labels.1, lang)),
    ])];
    let before = s.before(code);
    let after = s.b.procedure(code);
    let mark = s.mark(code);
    let notes = s.notes.get(code).map(Vec::as_slice).unwrap_or(&[]);
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
        Mark::Amended | Mark::Editorial => {
            let changes = s.changes.get(code).map(Vec::as_slice).unwrap_or(&[]);
            out.push(heading(&format!(
                "{} ({})",
                tr(lang, "Thay đổi", "Changes"),
                changes.len()
            )));
            for c in changes {
                out.extend(line_breaks(change_line(c, lang)));
            }
        }
    }
    // The act behind the change, or that it is editorial (never published), or that no act
    // accounts for it (a decision would be refused).
    if !notes.is_empty() {
        out.push(heading(tr(
            lang,
            "Căn cứ thay đổi",
            "Acts behind the change",
        )));
        for n in notes {
            out.push(note_line(n, lang));
        }
    }
    out.push(Line::default());
    out.push(Line::from(vec![
        Span::styled(
            yaml_heading(lang),
            Style::new()
                .add_modifier(Modifier::BOLD)
                .fg(Color::LightBlue),
        ),
        Span::styled(
            tr(
                lang,
                "  (< > cuộn ngang, 0 về đầu dòng)",
                "  (< > scroll sideways, 0 back to the start)",
            ),
            Style::new().fg(Color::DarkGray),
        ),
    ]));
    let ta = before
        .map(|p| p.file.text().to_string())
        .unwrap_or_default();
    let tb = after.map(|p| p.file.text().to_string()).unwrap_or_default();
    out.extend(unified(&ta, &tb));
    out
}

fn note_line(n: &crate::diff::acts::Note, lang: Lang) -> Line<'static> {
    use crate::diff::acts::NoteKind;
    let text = crate::sanitize::terminal_line(n.text.get(lang)).into_owned();
    match n.kind {
        NoteKind::Act => Line::from(vec![Span::styled("§ ", INS), Span::raw(text)]),
        NoteKind::Editorial => Line::from(vec![
            Span::styled("✎ ", Style::new().fg(Color::Cyan)),
            Span::styled(text, Style::new().fg(Color::Cyan)),
        ]),
        NoteKind::Unaccounted => Line::from(vec![Span::styled("! ", DEL), Span::styled(text, DEL)]),
    }
}

/// A line whose text holds line breaks (a step's several paragraphs) as several lines, the
/// later ones indented under the first, each piece keeping its style.
fn line_breaks(line: Line<'static>) -> Vec<Line<'static>> {
    let mut out = vec![Line::default()];
    for span in line.spans {
        let mut pieces = span.content.split('\n');
        if let Some(first) = pieces.next()
            && let Some(l) = out.last_mut()
            && !first.is_empty()
        {
            l.spans.push(Span::styled(first.to_string(), span.style));
        }
        for piece in pieces {
            let mut l = Line::from(Span::raw("    "));
            if !piece.is_empty() {
                l.spans.push(Span::styled(piece.to_string(), span.style));
            }
            out.push(l);
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text(l: &Line<'_>) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn changes_wrap_and_the_yaml_below_scrolls_sideways() {
        let (_tmp, s) = super::super::fixture::snapshot();
        let mut d = DiffView {
            lang: Lang::Vi,
            ..DiffView::default()
        };
        d.show(Some(&s), Some("1.000689"));
        let lines: Vec<String> = d.view().lines().iter().map(text).collect();
        let yaml = lines
            .iter()
            .position(|l| l.starts_with("Tệp YAML"))
            .expect("a YAML heading");
        assert_eq!(d.view().fixed_from, Some(yaml + 1));
        assert!(lines[yaml + 1].starts_with("@@"), "{lines:?}");
        assert!(
            lines[..yaml]
                .iter()
                .any(|l| l.contains("8.000 đồng → 5.000 đồng")),
            "{lines:?}"
        );
        let draw = |d: &DiffView| {
            let mut term =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(50, 20)).unwrap();
            term.draw(|f| d.draw(f, f.area())).unwrap();
            term.backend().to_string()
        };
        let before = draw(&d);
        // The fee line is longer than the pane: cut with a mark, not wrapped.
        assert!(before.contains("›│"), "{before}");
        assert!(!before.contains("tệp YAML từ cột"), "{before}");
        let mut presses = 0;
        while !draw(&d).contains("amount: \"5,000 VND\"") {
            assert!(presses < 10, "{}", draw(&d));
            d.event(&Event::Key(crossterm::event::KeyCode::Char('>').into()));
            presses += 1;
        }
        assert!(presses > 0);
        let after = draw(&d);
        assert!(after.contains("tệp YAML từ cột"), "{after}");
        // The change in words above did not move.
        let line = |s: &str| {
            s.lines()
                .find(|l| l.contains("Phí, lệ phí"))
                .map(str::to_string)
        };
        assert_eq!(line(&before), line(&after));
    }

    #[test]
    fn no_procedure_no_sideways_scroll() {
        let mut d = DiffView::default();
        d.show(None, None);
        assert!(!d.view().scrolls_sideways());
        assert_eq!(
            d.event(&Event::Key(crossterm::event::KeyCode::Char('>').into())),
            EventOutcome::Ignored
        );
    }
}
