//! The targets pane: simplification targets met or missed, and the metrics of both sides.

use super::{Component, DEL, EventOutcome, INS, Scroller, block, heading, tabs};
use crate::diag::Lang;
use crate::metrics::Metric;
use crate::metrics::targets::Outcome as TargetOutcome;
use crate::tui::data::Snapshot;
use crate::tui::tr;
use crossterm::event::Event;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders};
use std::sync::Arc;

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
        Metric::Procedures => tr(lang, "Số thủ tục", "Procedures"),
    }
}

fn short_metric(m: Metric, lang: Lang) -> &'static str {
    match m {
        Metric::DeclaredFields => tr(lang, "trường", "fields"),
        Metric::Documents => tr(lang, "giấy", "docs"),
        Metric::DeadlineWorkingDays => tr(lang, "hạn", "days"),
        Metric::FeesTotal => tr(lang, "phí", "fees"),
        Metric::ComplianceCost => tr(lang, "c.phí", "cost"),
        Metric::Procedures => tr(lang, "TTHC", "procs"),
    }
}

/// A figure grouped as the language writes it: 10.000 in Vietnamese, 10,000 in English.
fn group(n: i128, lang: Lang) -> String {
    let sep = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    crate::money::group_thousands(n.clamp(i64::MIN as i128, i64::MAX as i128) as i64, sep)
}

/// A percentage as the language writes it: −50,0% in Vietnamese, -50.0% in English.
fn percent(p: f64, lang: Lang) -> String {
    let s = format!("{p:+.1}%");
    match lang {
        Lang::Vi => s.replace('.', ",").replace('-', "−"),
        Lang::En => s,
    }
}

/// What a target covers, named as the manifest names it.
fn scope_words(scope: &str, s: &Snapshot, lang: Lang) -> String {
    let named = |list: &[crate::model::Named], id: &str| {
        list.iter()
            .find(|x| x.id.value == id)
            .map(|x| x.name.get(lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    match scope.split_once(':') {
        Some(("field", f)) => format!(
            "{} {}",
            tr(lang, "lĩnh vực", "field"),
            named(&s.manifest.fields, f)
        ),
        Some(("level", l)) => named(&s.manifest.levels, l),
        Some(("agency", a)) => format!("{} {a}", tr(lang, "cơ quan", "agency")),
        _ if scope == "each" => tr(lang, "từng thủ tục", "each procedure").into(),
        _ => tr(lang, "toàn danh mục", "whole catalogue").into(),
    }
}

/// One target: met or missed, its title (or its metric and scope), the change measured
/// and the change required.
fn target_line(t: &TargetOutcome, s: &Snapshot, lang: Lang) -> Line<'static> {
    let (mark, st) = if t.met {
        (tr(lang, "✓ ĐẠT     ", "✓ MET     "), INS)
    } else {
        (tr(lang, "✗ CHƯA ĐẠT", "✗ MISSED  "), DEL)
    };
    let name = match &t.title {
        Some(title) => title.get(lang).to_string(),
        None => {
            let metric = Metric::ALL
                .iter()
                .find(|(m, _)| m.id() == t.metric)
                .map_or(t.metric, |(m, _)| metric_name(*m, lang));
            format!("{metric} — {}", scope_words(&t.scope, s, lang))
        }
    };
    let change = t
        .change_pct
        .map(|p| percent(p, lang))
        .unwrap_or_else(|| tr(lang, "không tính được", "cannot be computed").into());
    Line::from(vec![
        Span::styled(mark.to_string(), st),
        Span::raw(format!(
            " {name}: {change} ({} {})",
            tr(lang, "yêu cầu", "required"),
            percent(t.required_pct, lang)
        )),
    ])
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
        let a = crate::tui::data::rev_label(&s.labels.0, lang);
        let mut out = vec![match &d.baseline {
            // The pane says what the figures are measured against: the manifest's baseline,
            // as `thutuc check` measures them, whatever A the reviewer picked.
            Some(b) => heading(&format!(
                "{} {b}",
                tr(lang, "Chỉ tiêu so với mốc", "Targets against the baseline")
            )),
            None => heading(&format!(
                "{} {a}",
                tr(
                    lang,
                    "Chỉ tiêu so với A (catalogue.yaml không khai báo mốc) =",
                    "Targets against A (catalogue.yaml sets no baseline) ="
                )
            )),
        }];
        match (&d.targets, &d.targets_error) {
            (_, Some(e)) => {
                for l in e.get(lang).lines().filter(|l| !l.trim().is_empty()) {
                    out.push(Line::styled(l.to_string(), DEL));
                }
            }
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
                    out.push(target_line(t, s, lang));
                }
            }
        }
        out.push(Line::default());
        out.push(heading(tr(lang, "Chỉ số A → B", "Metrics A → B")));
        // The number of procedures is shown by the tree; its target, when set, above.
        for (m, _) in Metric::ALL
            .into_iter()
            .filter(|(m, _)| *m != Metric::Procedures)
        {
            let (a, b) = (d.before.get(m), d.after.get(m));
            let pct = crate::diff::pct(a, b).unwrap_or_default();
            out.push(Line::from(vec![
                Span::raw(format!(
                    "{}: {} → {} ",
                    metric_name(m, lang),
                    group(a, lang),
                    group(b, lang)
                )),
                Span::styled(pct, if b <= a { INS } else { DEL }),
            ]));
        }
        out.extend(super::pending::lines(&d.pending, lang));
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
            .into_iter()
            .filter(|(m, _)| *m != Metric::Procedures)
            .map(|(m, _)| {
                let (a, b) = (d.before.get(m), d.after.get(m));
                let pb = if a == 0 {
                    if b == 0 { 100 } else { 200 }
                } else {
                    (b * 100 / a).clamp(0, 999) as u64
                };
                BarGroup::default()
                    .label(Line::from(short_metric(m, lang)).centered())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Named, Sp, Text};

    #[test]
    fn percentages_and_figures_are_written_as_each_language_writes_them() {
        assert_eq!(percent(-50.0, Lang::Vi), "−50,0%");
        assert_eq!(percent(2035.44, Lang::Vi), "+2035,4%");
        assert_eq!(percent(-50.0, Lang::En), "-50.0%");
        assert_eq!(group(1_025_000, Lang::Vi), "1.025.000");
        assert_eq!(group(1_025_000, Lang::En), "1,025,000");
    }

    #[test]
    fn scopes_are_named_as_the_manifest_names_them() {
        let mut s = Snapshot::default();
        s.manifest.fields = vec![Named {
            id: Sp::bare("ho-tich".to_string().into()),
            name: Text {
                vi: "Hộ tịch".into(),
                en: Some("Civil status".into()),
            },
        }];
        assert_eq!(
            scope_words("field:ho-tich", &s, Lang::Vi),
            "lĩnh vực Hộ tịch"
        );
        assert_eq!(
            scope_words("field:ho-tich", &s, Lang::En),
            "field Civil status"
        );
        assert_eq!(scope_words("all", &s, Lang::Vi), "toàn danh mục");
        assert_eq!(scope_words("each", &s, Lang::En), "each procedure");
    }

    #[test]
    fn the_pane_says_what_targets_are_measured_against() {
        let mut s = Snapshot {
            labels: ("v2 (6bb7e0f)".into(), "HEAD (62d75cf)".into()),
            ..Snapshot::default()
        };
        s.dashboard.targets = Some(vec![]);
        s.dashboard.baseline = Some("v1 (1f34946)".into());
        let mut d = Dashboard {
            lang: Lang::Vi,
            ..Dashboard::default()
        };
        let first = |d: &mut Dashboard| {
            d.view()
                .lines()
                .first()
                .map(|l| {
                    l.spans
                        .iter()
                        .map(|s| s.content.to_string())
                        .collect::<String>()
                })
                .unwrap()
        };
        d.show(Some(Arc::new(std::mem::take(&mut s))));
        assert_eq!(first(&mut d), "Chỉ tiêu so với mốc v1 (1f34946)");
        let mut s = Snapshot {
            labels: ("v2 (6bb7e0f)".into(), "HEAD (62d75cf)".into()),
            ..Snapshot::default()
        };
        s.dashboard.targets = Some(vec![]);
        d.lang = Lang::En;
        d.show(Some(Arc::new(s)));
        assert_eq!(
            first(&mut d),
            "Targets against A (catalogue.yaml sets no baseline) = v2 (6bb7e0f)"
        );
    }
}
