//! `plan --explain CODE`: the computation of one procedure's compliance cost before and after,
//! each figure with where it comes from, so that every number of the plan can be traced to its
//! inputs (the same [`crate::metrics::breakdown`] the plan and `metrics` use).

use crate::diag::Lang;
use crate::messages::t;
use crate::metrics::{self, CostSettings};
use crate::model::{Manifest, Procedure, Text};
use crate::money::Money;
use crate::wording::{self, Refs};
use std::fmt::Write as _;

fn num(n: i128, lang: Lang) -> String {
    crate::metrics::html::num(n, lang == Lang::En)
}

fn source(s: Option<&Text>, lang: Lang) -> String {
    format!(
        "{}: {}",
        t(lang, "nguồn", "source"),
        s.map_or_else(
            || t(lang, "chưa có thông tin", "not stated").to_string(),
            |s| s.get(lang).to_string()
        )
    )
}

/// The computation of one side, as lines.
fn side(p: &Procedure, m: &Manifest, lang: Lang, out: &mut String) {
    let cost = CostSettings::of(m);
    let b = metrics::breakdown(p, &cost);
    let refs = Refs::new(m, None, lang);
    let unknown = t(lang, "chưa có thông tin", "not stated");
    let dong = |v: i128| {
        wording::money(
            Money(v.clamp(i64::MIN as i128, i64::MAX as i128) as i64),
            lang,
        )
    };
    let Some(c) = &p.compliance else {
        let _ = writeln!(
            out,
            "  {}",
            t(
                lang,
                "Chưa có số liệu chi phí tuân thủ (thời gian, số hồ sơ mỗi năm): chi phí chưa có thông tin, không cộng vào tổng",
                "No compliance figures (time spent, applications a year): the cost is not stated and left out of the totals"
            )
        );
        return;
    };
    let mm = &c.minutes;
    let _ = writeln!(
        out,
        "  {}: {} {} ({} {}, {} {}, {} {}, {} {}, {} {}) — {}",
        t(lang, "Thời gian thực hiện", "Time spent"),
        num(mm.total() as i128, lang),
        t(lang, "phút", "minutes"),
        t(lang, "chuẩn bị", "preparing"),
        mm.prepare,
        t(lang, "nộp", "submitting"),
        mm.submit,
        t(lang, "đi lại", "travelling"),
        mm.travel,
        t(lang, "chờ", "waiting"),
        mm.wait,
        t(lang, "nhận kết quả", "receiving"),
        mm.receive,
        source(c.sources.minutes.as_ref(), lang)
    );
    let _ = writeln!(
        out,
        "  {}: {}/{} — {}",
        t(lang, "Thu nhập bình quân", "Average income"),
        wording::money(b.hourly_income, lang),
        t(lang, "giờ", "hour"),
        source(m.settings.hourly_income_source.as_ref(), lang)
    );
    if let Some(tc) = b.time_cost {
        let _ = writeln!(
            out,
            "  {}: {} × {} / 60 = {}",
            t(lang, "Chi phí thời gian", "Cost of the time"),
            num(mm.total() as i128, lang),
            num(b.hourly_income.0 as i128, lang),
            dong(tc)
        );
    }
    let main = metrics::main_channel(p);
    match (&b.fees, main) {
        (Ok((f, _)), Some(ch)) => {
            let bases: Vec<String> = ch
                .fees
                .iter()
                .filter_map(|f| f.basis.as_ref().map(|b| refs.number(b)))
                .collect();
            let _ = writeln!(
                out,
                "  {} ({}): {}{}",
                t(
                    lang,
                    "Phí, lệ phí của người nộp điển hình",
                    "Fees and charges of a typical applicant"
                ),
                ch.kind.label(lang),
                wording::money(*f, lang),
                if bases.is_empty() {
                    String::new()
                } else {
                    format!(" — {}: {}", t(lang, "căn cứ", "basis"), bases.join(", "))
                }
            );
            if !c.typical.is_empty() {
                let vals: Vec<String> = c
                    .typical
                    .iter()
                    .map(|(k, v)| format!("{} = {}", k.value, v.value))
                    .collect();
                let _ = writeln!(
                    out,
                    "  {}: {} — {}",
                    t(lang, "Giá trị điển hình", "Typical values"),
                    vals.join(", "),
                    source(c.sources.typical.as_ref(), lang)
                );
            }
        }
        (Ok((f, _)), None) => {
            let _ = writeln!(
                out,
                "  {}: {}",
                t(lang, "Phí, lệ phí", "Fees and charges"),
                wording::money(*f, lang)
            );
        }
        (Err(u), _) => {
            let _ = writeln!(
                out,
                "  {}: {unknown} ({})",
                t(lang, "Phí, lệ phí", "Fees and charges"),
                u.describe().get(lang)
            );
        }
    }
    let _ = writeln!(
        out,
        "  {}: {} — {}",
        t(lang, "Chi phí khác", "Other costs"),
        wording::money(c.other_costs, lang),
        source(c.sources.other_costs.as_ref(), lang)
    );
    match (b.time_cost, &b.fees, b.per_application) {
        (Some(tc), Ok((f, _)), Some(per)) => {
            let _ = writeln!(
                out,
                "  {}: {} + {} + {} = {}",
                t(lang, "Chi phí 01 lần thực hiện", "Cost of one application"),
                num(tc, lang),
                num(f.0 as i128, lang),
                num(c.other_costs.0 as i128, lang),
                dong(per)
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "  {}: {unknown}",
                t(lang, "Chi phí 01 lần thực hiện", "Cost of one application")
            );
        }
    }
    let _ = writeln!(
        out,
        "  {}: {} — {}",
        t(lang, "Số lần thực hiện trong năm", "Times a year"),
        num(c.times_per_year as i128, lang),
        source(c.sources.times_per_year.as_ref(), lang)
    );
    let _ = writeln!(
        out,
        "  {}: {} — {}",
        t(lang, "Số hồ sơ mỗi năm", "Applications a year"),
        c.applications_per_year
            .map_or_else(|| unknown.to_string(), |n| num(n as i128, lang)),
        source(c.sources.applications_per_year.as_ref(), lang)
    );
    match (b.per_application, c.applications_per_year, b.annual) {
        (Some(per), Some(n), Some(y)) => {
            let _ = writeln!(
                out,
                "  {}: {} × {} × {} = {}",
                t(lang, "Chi phí tuân thủ 01 năm", "Compliance cost a year"),
                num(per, lang),
                num(c.times_per_year as i128, lang),
                num(n as i128, lang),
                dong(y)
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "  {}: {unknown} — {}",
                t(lang, "Chi phí tuân thủ 01 năm", "Compliance cost a year"),
                t(
                    lang,
                    "không cộng vào tổng của phương án",
                    "left out of the plan's totals"
                )
            );
        }
    }
}

/// The explanation of one procedure between two revisions (`labels`: how each side is named).
/// `None` when neither side has the code.
pub fn explain(
    code: &str,
    before: Option<&Procedure>,
    after: Option<&Procedure>,
    manifest: &Manifest,
    entry: Option<&super::Entry>,
    labels: (&str, &str),
    lang: Lang,
) -> Option<String> {
    let p = after.or(before)?;
    let mut s = String::new();
    let _ = writeln!(s, "{code} — {}", p.name.get(lang));
    let _ = writeln!(s, "{}\n", super::method(lang));
    let _ = writeln!(
        s,
        "{} ({}):",
        t(lang, "Trước khi đơn giản hóa", "Before simplification"),
        labels.0
    );
    match before {
        Some(b) => side(b, manifest, lang, &mut s),
        None => {
            let _ = writeln!(
                s,
                "  {}",
                t(
                    lang,
                    "Thủ tục chưa có ở phiên bản này",
                    "The procedure is not in this revision"
                )
            );
        }
    }
    let _ = writeln!(
        s,
        "\n{} ({}):",
        t(lang, "Sau khi đơn giản hóa", "After simplification"),
        labels.1
    );
    match after {
        Some(a) => side(a, manifest, lang, &mut s),
        None => {
            let _ = writeln!(
                s,
                "  {}",
                t(
                    lang,
                    "Thủ tục bị bãi bỏ: chi phí tuân thủ 0 đồng",
                    "The procedure is abolished: compliance cost 0 VND"
                )
            );
        }
    }
    s.push('\n');
    match entry {
        Some(e) => match (e.cost_before, e.cost_after, e.saving) {
            (Some(x), Some(y), Some(z)) => {
                let _ = writeln!(
                    s,
                    "{}: {} − {} = {}/{}{}",
                    t(lang, "Chi phí tiết kiệm", "Saving"),
                    num(x.0 as i128, lang),
                    num(y.0 as i128, lang),
                    wording::money(z, lang),
                    t(lang, "năm", "year"),
                    e.saving_bp
                        .map(|bp| format!(" ({})", super::pct_words(bp, lang)))
                        .unwrap_or_default()
                );
            }
            _ => {
                let _ = writeln!(
                    s,
                    "{}: {} ({}) — {}",
                    t(lang, "Chi phí tiết kiệm", "Saving"),
                    t(lang, "chưa có thông tin", "not stated"),
                    e.unmeasured.as_ref().map(|u| u.get(lang)).unwrap_or(""),
                    t(
                        lang,
                        "thủ tục không cộng vào tổng, được đếm là chưa đo được",
                        "the procedure is left out of the totals and counted as unmeasured"
                    )
                );
            }
        },
        None => {
            let _ = writeln!(
                s,
                "{}",
                t(
                    lang,
                    "Thủ tục không có nội dung đơn giản hóa giữa hai phiên bản: không có trong phương án",
                    "Nothing was simplified in this procedure between the revisions: it is not in the plan"
                )
            );
        }
    }
    Some(s)
}
