//! What each province has not localised yet (`thutuc drift`), shown under the targets: the
//! national changes since its overlay last followed, with the act, the due date and the days
//! left or overdue.

use super::{DEL, heading};
use crate::diag::Lang;
use crate::report::drift::Drift;
use crate::tui::tr;
use ratatui::text::{Line, Span};

/// The lines of the pending localisation of every province; none when nothing is pending.
pub fn lines(drifts: &[Drift], lang: Lang) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for d in drifts.iter().filter(|d| !d.pending.is_empty()) {
        out.push(Line::default());
        out.push(heading(&format!(
            "{} — {}",
            tr(lang, "Địa phương hóa còn thiếu", "Localisation pending"),
            d.province.1.get(lang)
        )));
        let unknown = tr(lang, "chưa có thông tin", "not stated");
        for p in &d.pending {
            let change = match p.change {
                crate::report::drift::Change::New => tr(lang, "mới", "new"),
                crate::report::drift::Change::Amended => tr(lang, "sửa đổi", "amended"),
                crate::report::drift::Change::Abolished => tr(lang, "bãi bỏ", "abolished"),
            };
            let act = p.act.as_ref().map_or(unknown, |a| a.number.as_str());
            let due = match (p.due, p.days_left) {
                (Some(due), Some(left)) => format!(
                    "{} ({})",
                    crate::wording::date(due, lang),
                    crate::cmd::drift::days_words(left, lang)
                ),
                _ => unknown.to_string(),
            };
            let text = format!(
                "{} {} ({change}) — {}: {act}; {}: {due}",
                p.code,
                crate::sanitize::terminal_line(p.name.get(lang)),
                tr(lang, "văn bản", "act"),
                tr(lang, "hạn", "due")
            );
            out.push(if p.overdue() {
                Line::from(Span::styled(text, DEL))
            } else {
                Line::from(text)
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::drift::{ActRef, Change, Pending};

    #[test]
    fn pending_changes_read_with_their_act_and_due_date() {
        let d = |y, m, dd| jiff::civil::Date::new(y, m, dd).unwrap();
        let drift = Drift {
            province: (
                "da-nang".into(),
                crate::model::Text {
                    vi: "Thành phố Đà Nẵng".into(),
                    en: None,
                },
            ),
            at: d(2026, 3, 10),
            follows: None,
            rule: None,
            pending: vec![Pending {
                code: "1.004222".into(),
                name: crate::model::Text {
                    vi: "Đăng ký thường trú".into(),
                    en: None,
                },
                change: Change::Amended,
                act: Some(ActRef {
                    number: "07/2025/NĐ-CP".into(),
                    in_force: Some(d(2026, 3, 9)),
                }),
                due: Some(d(2026, 3, 2)),
                days_left: Some(-8),
                no_due: None,
            }],
        };
        let text: Vec<String> = lines(std::slice::from_ref(&drift), Lang::Vi)
            .iter()
            .map(|l| l.to_string())
            .collect();
        assert_eq!(text[1], "Địa phương hóa còn thiếu — Thành phố Đà Nẵng");
        assert_eq!(
            text[2],
            "1.004222 Đăng ký thường trú (sửa đổi) — văn bản: 07/2025/NĐ-CP; hạn: 02/03/2026 (quá hạn 8 ngày)"
        );
        // Nothing pending: nothing shown.
        let empty = Drift {
            pending: Vec::new(),
            ..drift
        };
        assert!(lines(&[empty], Lang::Vi).is_empty());
    }
}
