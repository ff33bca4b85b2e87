//! What was simplified in a procedure, in words: the documents removed or cut in copies, the
//! information now reused from a national database, a deadline cut, fees cut, a channel added,
//! the applicant's time and other costs. Each line names a part and shows the data before and
//! after as written (names of documents and fields, deadlines and amounts as decisions word
//! them); no line is a legal sentence made by the program.

use crate::diag::{Lang, Tr};
use crate::metrics::Metrics;
use crate::model::{Manifest, Procedure};
use crate::money::Money;
use crate::tr;
use crate::wording::{self, Refs};

fn both(m: &Manifest, f: impl Fn(&Refs<'_>) -> String) -> (String, String) {
    (
        f(&Refs::new(m, None, Lang::En)),
        f(&Refs::new(m, None, Lang::Vi)),
    )
}

fn count(n: u64, lang: Lang) -> String {
    crate::money::group_thousands(n as i64, if lang == Lang::En { ',' } else { '.' })
}

/// The changes from `a` to `b` that touch what an applicant bears, in the order of the
/// procedure's parts; empty when nothing of the kind changed.
pub fn changes(a: &Procedure, b: &Procedure, ma: &Metrics, mb: &Metrics, m: &Manifest) -> Vec<Tr> {
    let mut out = Vec::new();
    // Channels added or dropped.
    for c in &b.channels {
        if a.channel(*c.kind).is_none() {
            let (en, vi) = (c.kind.label(Lang::En), c.kind.label(Lang::Vi));
            out.push(tr!(
                "Channel added: {en}",
                "Bổ sung cách thức thực hiện: {vi}"
            ));
        }
    }
    for c in &a.channels {
        if b.channel(*c.kind).is_none() {
            let (en, vi) = (c.kind.label(Lang::En), c.kind.label(Lang::Vi));
            out.push(tr!(
                "Channel no longer offered: {en}",
                "Không còn cách thức thực hiện: {vi}"
            ));
        }
    }
    // Deadlines, channel by channel, where the working days differ.
    for cb in &b.channels {
        let Some(ca) = a.channel(*cb.kind) else {
            continue;
        };
        let (da, db) = (
            ma.deadlines.get(cb.kind.id()).copied().flatten(),
            mb.deadlines.get(cb.kind.id()).copied().flatten(),
        );
        if ca.deadline.value == cb.deadline.value || da == db {
            continue;
        }
        let (ea, va) = both(m, |r| wording::deadline(&ca.deadline, a, r));
        let (eb, vb) = both(m, |r| wording::deadline(&cb.deadline, b, r));
        let (ce, cv) = (cb.kind.label(Lang::En), cb.kind.label(Lang::Vi));
        out.push(tr!(
            "Time limit ({ce}): {ea} → {eb}",
            "Thời hạn giải quyết ({cv}): {va} → {vb}"
        ));
    }
    // Documents removed, or fewer copies.
    let docs_b: Vec<_> = b.all_documents().collect();
    for d in a.all_documents() {
        let (en, vi) = (d.name.get(Lang::En), d.name.get(Lang::Vi));
        match docs_b.iter().find(|x| x.id.value == d.id.value) {
            None => out.push(tr!(
                "Document no longer required: {en}",
                "Bỏ thành phần hồ sơ: {vi}"
            )),
            Some(x) => {
                let (na, nb) = (
                    d.originals as u64 + d.copies as u64,
                    x.originals as u64 + x.copies as u64,
                );
                if na != nb {
                    let (ae, be, av, bv) = (
                        count(na, Lang::En),
                        count(nb, Lang::En),
                        count(na, Lang::Vi),
                        count(nb, Lang::Vi),
                    );
                    out.push(tr!(
                        "Copies of {en}: {ae} → {be}",
                        "Số bản {vi}: {av} → {bv}"
                    ));
                }
            }
        }
    }
    for d in &docs_b {
        if !a.all_documents().any(|x| x.id.value == d.id.value) {
            let (en, vi) = (d.name.get(Lang::En), d.name.get(Lang::Vi));
            out.push(tr!(
                "Document added: {en}",
                "Bổ sung thành phần hồ sơ: {vi}"
            ));
        }
    }
    // Information to declare: reused from a database, dropped, or added.
    for f in &a.form_fields {
        let (en, vi) = (f.label.get(Lang::En), f.label.get(Lang::Vi));
        match b.form_fields.iter().find(|x| x.id.value == f.id.value) {
            None if f.reusable.is_none() => out.push(tr!(
                "Information no longer declared: {en}",
                "Bỏ thông tin phải kê khai: {vi}"
            )),
            Some(x) if f.reusable.is_none() => {
                if let Some(db) = &x.reusable {
                    let (dbe, dbv) = (
                        wording::database(db, Lang::En),
                        wording::database(db, Lang::Vi),
                    );
                    out.push(tr!(
                        "Taken from {dbe}, no longer declared: {en}",
                        "Khai thác từ {dbv}, không phải kê khai: {vi}"
                    ));
                }
            }
            _ => {}
        }
    }
    for f in &b.form_fields {
        if f.reusable.is_none() && !a.form_fields.iter().any(|x| x.id.value == f.id.value) {
            let (en, vi) = (f.label.get(Lang::En), f.label.get(Lang::Vi));
            out.push(tr!(
                "Information to declare added: {en}",
                "Bổ sung thông tin phải kê khai: {vi}"
            ));
        }
    }
    // Fees of a typical applicant on the main channel.
    if ma.fees_total != mb.fees_total {
        let w = |f: Option<Money>, lang| {
            f.map_or_else(
                || crate::messages::t(lang, "chưa có thông tin", "not stated").to_string(),
                |f| wording::money(f, lang),
            )
        };
        let (ae, be, av, bv) = (
            w(ma.fees_total, Lang::En),
            w(mb.fees_total, Lang::En),
            w(ma.fees_total, Lang::Vi),
            w(mb.fees_total, Lang::Vi),
        );
        out.push(tr!(
            "Fees and charges of a typical applicant: {ae} → {be}",
            "Phí, lệ phí của người nộp điển hình: {av} → {bv}"
        ));
    }
    // The applicant's time and other costs.
    let (ca, cb) = (a.compliance.as_ref(), b.compliance.as_ref());
    if let (Some(ca), Some(cb)) = (ca, cb) {
        let (ta, tb) = (ca.minutes.total(), cb.minutes.total());
        if ta != tb {
            let (ae, be, av, bv) = (
                count(ta, Lang::En),
                count(tb, Lang::En),
                count(ta, Lang::Vi),
                count(tb, Lang::Vi),
            );
            out.push(tr!(
                "Time an applicant spends: {ae} → {be} minutes",
                "Thời gian người nộp bỏ ra: {av} → {bv} phút"
            ));
        }
        if ca.other_costs != cb.other_costs {
            let (ae, be, av, bv) = (
                wording::money(ca.other_costs, Lang::En),
                wording::money(cb.other_costs, Lang::En),
                wording::money(ca.other_costs, Lang::Vi),
                wording::money(cb.other_costs, Lang::Vi),
            );
            out.push(tr!(
                "Other costs per application: {ae} → {be}",
                "Chi phí khác mỗi lần thực hiện: {av} → {bv}"
            ));
        }
    }
    out
}
