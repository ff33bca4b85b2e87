//! Portal detail pages: the tables arrive flattened into text, e.g. `cach_thuc_thuc_hien`:
//! `Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến7 Ngày làm việc10,000 Việt Nam Đồng(…)…`.
//!
//! Rows are found by anchors that cannot be confused with free text (a channel name directly
//! followed by its deadline; a count glued to the end of a document name); whatever the
//! anchors cannot split without guessing refuses the record.

use super::text::{self, DeadlineText, NO_INFO, prefix_ci, stated};
use super::{Case, Channel, Doc, Draft, Fees, Legal, Refusal, channel_kind, fee_item, legal};
use crate::diag::Tr;
use crate::tr;
use serde_json::Value;

fn s<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

const CHANNEL_HEADER: &str = "Hình thức nộpThời gianPhí, lệ phíMô tả";
const DOCS_HEADER: &str = "Tên giấy tờMẫu đơn, tờ khaiSố lượng";
const LEGAL_HEADER: &str = "Tên văn bản pháp lýMã văn bản";
const CHANNELS: &[&str] = &["Dịch vụ bưu chính", "Trực tuyến", "Trực tiếp"];

/// Reads a record.
pub fn read(v: &Value) -> Result<Draft, Refusal> {
    let mut d = Draft {
        code: s(v, "ma_thu_tuc").trim().to_string(),
        name: text::squash(s(v, "ten_thu_tuc")),
        field: text::squash(s(v, "linh_vuc")),
        levels: s(v, "cap_thuc_hien")
            .split(',')
            .map(text::squash)
            .filter(|l| !l.is_empty())
            .collect(),
        decision: stated(s(v, "so_quyet_dinh")),
        kind: stated(s(v, "loai_thu_tuc")),
        subjects: stated(s(v, "doi_tuong_thuc_hien")),
        steps: stated(s(v, "trinh_tu_thuc_hien")),
        requirements: stated(s(v, "yeu_cau_dieu_kien")),
        result: result(s(v, "ket_qua_xu_ly")),
        ..Draft::default()
    };
    for (key, field) in [
        ("competent", "co_quan_co_tham_quyen"),
        ("implementing", "co_quan_thuc_hien"),
        ("authorised", "co_quan_duoc_uy_quyen"),
        ("coordinating", "co_quan_phoi_hop"),
        ("address", "dia_chi_tiep_nhan"),
    ] {
        if let Some(t) = stated(s(v, field)) {
            d.agencies.push((key, t));
        }
    }
    channels(s(v, "cach_thuc_thuc_hien"), &mut d)?;
    documents(s(v, "thanh_phan_ho_so"), &mut d)?;
    legal(s(v, "can_cu_phap_ly"), &mut d);
    Ok(d)
}

/// `Cập nhật …Mã: KQ.G01.000064Thông báo …Mã: KQ.G01.000065Từ khóa…` → the results, one
/// per line, without their codes and the page furniture after them.
fn result(raw: &str) -> Option<String> {
    let body = raw.split("Từ khóa").next().unwrap_or("");
    let mut parts = Vec::new();
    for (i, chunk) in body.split("Mã: ").enumerate() {
        let chunk = if i == 0 {
            chunk
        } else {
            // Skip the code: letters, digits and dots, ending with digits.
            let end = chunk
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '.'))
                .map_or(chunk.len(), |(i, _)| i);
            let code = chunk[..end].trim_end_matches(|c: char| c.is_ascii_alphabetic());
            &chunk[code.len()..]
        };
        parts.extend(stated(chunk));
    }
    (!parts.is_empty()).then(|| parts.join("\n"))
}

/// Where each channel row starts: a channel name directly followed by a number or
/// `Không có thông tin`.
fn row_starts(body: &str) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    for (i, _) in body.char_indices() {
        for name in CHANNELS {
            if let Some(rest) = body[i..].strip_prefix(name)
                && (rest.starts_with(|c: char| c.is_ascii_digit()) || rest.starts_with(NO_INFO))
            {
                out.push((i, *name));
            }
        }
    }
    out
}

fn channels(raw: &str, d: &mut Draft) -> Result<(), Refusal> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(());
    }
    let body = raw.strip_prefix(CHANNEL_HEADER).ok_or_else(|| {
        Refusal::new(
            "channel-table",
            tr!(
                "the channel table does not start with its header: `{}`",
                "bảng cách thức thực hiện không bắt đầu bằng dòng tiêu đề: `{}`",
                text::head(raw)
            ),
        )
    })?;
    let starts = row_starts(body);
    if starts.first().is_none_or(|(i, _)| *i != 0) {
        return Err(Refusal::new(
            "channel-table",
            tr!(
                "no channel row at the start of `{}`",
                "không có dòng hình thức nộp ở đầu `{}`",
                text::head(body)
            ),
        ));
    }
    for (n, (at, label)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(body.len(), |(i, _)| *i);
        let row = &body[at + label.len()..end];
        let c = channel_row(label, row, d)?;
        d.channels.push(c);
    }
    Ok(())
}

fn channel_row(label: &str, row: &str, d: &mut Draft) -> Result<Channel, Refusal> {
    let kind = channel_kind(label).expect("anchored on known names");
    // The row as the source writes it: the channel's name glued to its cells.
    let full = format!("{label}{row}");
    let what_deadline = tr!("{label}: deadline", "{label}: thời hạn");
    // A deadline with cases: not stated, the row written verbatim for review.
    let deadline_cases = |d: &mut Draft, why: Tr| {
        d.needs_review(
            "deadline-cases",
            what_deadline.clone(),
            &full,
            super::not_stated(),
            why,
        );
    };
    let (deadline, rest) = if let Some(n) = prefix_ci(row, NO_INFO) {
        d.warn(
            "deadline-unknown",
            tr!(
                "{label}: the record states no deadline",
                "{label}: bản ghi không nêu thời hạn"
            ),
        );
        (DeadlineText::Unknown, &row[n..])
    } else if let Some((p, n)) = text::deadline_prefix(row) {
        (DeadlineText::Period(p), &row[n..])
    } else if let Some(n) = text::fraction_deadline_prefix(row) {
        d.needs_review(
            "deadline-fraction",
            what_deadline.clone(),
            &full,
            super::not_stated(),
            tr!(
                "`{}` is a fraction of its unit (not converted to hours, which would assume the \
                 length of a working day)",
                "`{}` là phân số của đơn vị (không đổi ra giờ, vì như thế phải giả định độ dài \
                 của một ngày làm việc)",
                &row[..n]
            ),
        );
        (DeadlineText::Unknown, &row[n..])
    } else {
        let digits = row.bytes().take_while(u8::is_ascii_digit).count();
        let after = &row[digits..];
        if after.starts_with(|c: char| c.is_ascii_digit() || c == ',' || c == '.' || c == ' ') {
            // `1550 VNĐ`: a deadline glued to an amount; where one ends is not written.
            return Err(Refusal::new(
                "deadline-glued-to-fee",
                tr!(
                    "{label}: `{}`: the deadline runs into the fee without a unit",
                    "{label}: `{}`: thời hạn không có đơn vị, dính liền với phí",
                    text::head(row)
                ),
            ));
        }
        d.needs_review(
            "deadline-no-unit",
            what_deadline.clone(),
            &full,
            super::not_stated(),
            tr!(
                "`{}` has no unit (days, working days, hours?)",
                "`{}` không có đơn vị (ngày, ngày làm việc hay giờ?)",
                &row[..digits]
            ),
        );
        (DeadlineText::Unknown, after)
    };
    let (fees, rest) = if let Some(n) = prefix_ci(rest, NO_INFO) {
        d.warn(
            "fee-unknown",
            tr!(
                "{label}: the record states no fee",
                "{label}: bản ghi không nêu phí, lệ phí"
            ),
        );
        (Fees::Unknown, &rest[n..])
    } else if rest.trim_start().starts_with("VNĐ") || rest.trim_start().starts_with("Việt Nam Đồng")
    {
        d.warn(
            "fee-amount-missing",
            tr!(
                "{label}: a fee is listed without an amount",
                "{label}: phí, lệ phí không ghi số tiền"
            ),
        );
        let t = rest.trim_start();
        let n = if t.starts_with("VNĐ") {
            "VNĐ".len()
        } else {
            "Việt Nam Đồng".len()
        };
        (Fees::Unknown, &t[n..])
    } else {
        match text::money_prefix(rest) {
            Ok((a, n)) => {
                let items = if a.value > 0 {
                    vec![fee_item("Phí, lệ phí", a, &[])]
                } else {
                    vec![]
                };
                (Fees::Items(items), &rest[n..])
            }
            Err(why) => {
                // `15 Ngày làm việc kể từ …; 05 ngày đối với trường hợp cấp lại20,000 VNĐ`: the
                // deadline cell goes on past its first period, so neither where it ends nor
                // where the fee starts is written. Both are left not stated, the row kept.
                if !super::proof::periods(rest).is_empty() {
                    deadline_cases(
                        d,
                        tr!(
                            "the deadline cell states more than one period, and where it ends \
                             and the fee begins is not written; its fees are not stated either",
                            "ô thời hạn nêu nhiều hơn một thời hạn, không rõ ô thời hạn kết thúc \
                             và ô phí bắt đầu ở đâu; phí cũng để chưa có thông tin"
                        ),
                    );
                    return Ok(Channel {
                        kind,
                        label: label.to_string(),
                        deadline: DeadlineText::Unknown,
                        fees: Fees::Unknown,
                        note: stated(row),
                    });
                }
                let kind = if why.en.contains("whole") {
                    "fee-fraction"
                } else {
                    "fee-unreadable"
                };
                let p = format!("{label}: ");
                return Err(Refusal::new(kind, super::after(&p, &p, &why)));
            }
        }
    };
    // `(note)` right after the fee, then the description.
    let mut note = Vec::new();
    let mut rest = rest;
    if rest.starts_with('(') {
        let mut depth = 0i32;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        note.extend(stated(
            &rest[1..end].trim_end_matches(')').replace("()", ""),
        ));
        rest = &rest[end..];
    }
    let mut fees = fees;
    // The note in brackets is not always whole (`Miễn phí(a) … 30.000.000 đồng; …`): the
    // cell is compared with everything the row says after it.
    let said = [note.join("\n"), rest.to_string()].join("\n");
    if let Fees::Items(items) = &fees {
        let n = &said;
        let cell = items.first().map_or(
            text::Amount {
                value: 0,
                currency: None,
            },
            |f| text::Amount {
                value: f.amount,
                currency: f.currency,
            },
        );
        let what = tr!("{label}: the fee", "{label}: phí");
        if let Some(why) = text::note_conflict(&cell, n) {
            d.needs_review(
                "fee-disagrees-with-note",
                what,
                &full,
                super::not_stated(),
                why,
            );
            fees = Fees::Unknown;
        } else if cell.value > 0 {
            let mut f = items[0].clone();
            if let Some(form) = note.first().and_then(|n| text::fee_form(&cell, n)) {
                let text = note.first().cloned().unwrap_or_default();
                d.fee_formula(&mut f, &cell, &text, form, &what);
            }
            d.prove_flat_fee(&mut f, n, &what);
            fees = Fees::Items(vec![f]);
        } else if let Some((kind, why)) = Draft::unproven_flat(0, n) {
            // Free, but the row says otherwise for a period or in words.
            d.needs_review(kind, what, &full, super::not_stated(), why);
            fees = Fees::Unknown;
        }
    }
    // The row states another period for a case: one period would drop the other.
    let mut deadline = deadline;
    if let DeadlineText::Period(p) = deadline
        && let Some(clause) = super::proof::period_cases(p.amount, &said)
    {
        deadline_cases(
            d,
            tr!(
                "the row states another period for a case: `{clause}`",
                "dòng này nêu thời hạn khác cho một trường hợp: `{clause}`"
            ),
        );
        deadline = DeadlineText::Unknown;
    }
    note.extend(stated(rest));
    Ok(Channel {
        kind,
        label: label.to_string(),
        deadline,
        fees,
        note: (!note.is_empty()).then(|| note.join("\n")),
    })
}

/// A document count glued to the end of a name: `…đóng dấu).1 bản chính,1 bản sao`.
struct Count {
    /// Where the name before it ends.
    name_end: usize,
    /// Where the count ends.
    end: usize,
    originals: u32,
    copies: u32,
}

/// The counts in a section, in order.
fn counts(sec: &str) -> Result<Vec<Count>, Refusal> {
    const ORIG: &str = " bản chính";
    const COPY: &str = " bản sao";
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = sec[from..].find(ORIG).map(|k| k + from) {
        from = k + ORIG.len();
        let before = &sec[..k];
        let run = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if run == 0 {
            continue;
        }
        let start = k - run;
        let prev = sec[..start].chars().next_back();
        // `(01 bản chính hoặc …)`, `nộp 01 bản chính`: a count inside the text, not a column.
        // `…pháp luật. 0 bản chính,1 bản sao- Danh sách…`: the column's own form (`N bản
        // chính,M bản sao`, no space after the comma) is a count even after a space.
        let column_form = sec[from..].strip_prefix(',').is_some_and(|r| {
            let cd = r.bytes().take_while(u8::is_ascii_digit).count();
            cd > 0 && r[cd..].starts_with(COPY)
        });
        if prev.is_some_and(|c| c.is_whitespace() || c == '(')
            && !sec[..start].ends_with("năm ")
            && !(column_form && prev.is_some_and(char::is_whitespace))
        {
            continue;
        }
        let digits = &sec[start..k];
        let (name_end, n) = if digits.len() == 1 {
            (start, digits)
        } else if digits.len() >= 5
            && (sec[..start].ends_with('/') || sec[..start].ends_with("năm "))
        {
            // `ngày 26/11/20241 bản chính`: a four-digit year, then the count.
            (start + 4, &digits[4..])
        } else {
            return Err(Refusal::new(
                "count-glued-to-name",
                tr!(
                    "the count `{digits} bản chính` runs into digits of the document name `…{}`",
                    "số lượng `{digits} bản chính` dính liền với chữ số cuối tên giấy tờ `…{}`",
                    tail_chars(&sec[..start], 30)
                ),
            ));
        };
        let originals: u32 = n.parse().map_err(|_| {
            Refusal::new(
                "count-glued-to-name",
                tr!(
                    "count `{n}` is not a number",
                    "số lượng `{n}` không phải là số"
                ),
            )
        })?;
        let mut end = from;
        let mut copies = 0;
        if let Some(r) = sec[end..].strip_prefix(',') {
            let cd = r.bytes().take_while(u8::is_ascii_digit).count();
            if cd > 0 && r[cd..].starts_with(COPY) {
                copies = r[..cd].parse().map_err(|_| {
                    Refusal::new(
                        "document-count",
                        tr!(
                            "count `{}` is not a number",
                            "số lượng `{}` không phải là số",
                            &r[..cd]
                        ),
                    )
                })?;
                end += 1 + cd + COPY.len();
            }
        }
        from = end;
        out.push(Count {
            name_end,
            end,
            originals,
            copies,
        });
    }
    Ok(out)
}

/// The last `n` characters of `s`.
fn tail_chars(s: &str, n: usize) -> &str {
    let at = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &s[at..]
}

fn doc_name(s: &str) -> String {
    text::squash(s.trim().trim_start_matches(['-', '+', '*']).trim())
}

fn documents(raw: &str, d: &mut Draft) -> Result<(), Refusal> {
    if raw.trim().is_empty() || stated(raw).is_none() {
        d.warn(
            "dossier-unknown",
            tr!(
                "the record lists no dossier documents",
                "hồ sơ không liệt kê thành phần hồ sơ"
            ),
        );
        return Ok(());
    }
    let sections: Vec<&str> = raw.split(DOCS_HEADER).collect();
    if sections.len() < 2 {
        return Err(Refusal::new(
            "dossier-table",
            tr!(
                "the dossier has no table header: `{}`",
                "thành phần hồ sơ không có dòng tiêu đề bảng: `{}`",
                text::head(raw)
            ),
        ));
    }
    // sections[0] is the first case's name; each later section holds documents and, after
    // its last count, the next case's name.
    let mut name = sections[0].to_string();
    let mut groups: Vec<(String, Vec<Doc>)> = Vec::new();
    for (i, sec) in sections.iter().enumerate().skip(1) {
        let cs = counts(sec)?;
        let mut docs = Vec::new();
        let mut at = 0;
        for c in &cs {
            let n = doc_name(&sec[at..c.name_end]);
            if n.is_empty() {
                d.warn(
                    "document-unnamed",
                    tr!(
                        "a count without a document name was skipped",
                        "bỏ qua một số lượng không có tên giấy tờ"
                    ),
                );
            } else {
                review_document(d, &n, c.originals, c.copies);
                docs.push(Doc {
                    name: n,
                    originals: c.originals,
                    copies: c.copies,
                    form: None,
                });
            }
            at = c.end;
        }
        groups.push((std::mem::take(&mut name), docs));
        let tail = &sec[at..];
        if i + 1 < sections.len() {
            name = tail.to_string();
        } else if let Some(t) = stated(tail) {
            d.warn(
                "document-without-count",
                tr!(
                    "text after the last document count was left out: `{}`",
                    "bỏ phần chữ sau số lượng giấy tờ cuối cùng: `{}`",
                    text::head(&t)
                ),
            );
        }
    }
    // Several tables, named: alternative cases; one table: the documents of everyone (a
    // name before it is an introduction).
    let several = groups.len() > 1;
    let unnamed = groups
        .iter()
        .filter(|(n, _)| case_name(n).is_none())
        .count();
    if several && unnamed > 0 {
        d.warn(
            "dossier-unnamed-table",
            tr!(
                "{unnamed} of the {} dossier tables have no name: their documents are listed \
                 for every applicant, as the record does not say whether they are alternatives",
                "{unnamed} trong {} bảng thành phần hồ sơ không có tên: giấy tờ của chúng áp dụng \
                 cho mọi người nộp, vì bản ghi không nói đó có phải các trường hợp thay thế nhau không",
                groups.len()
            ),
        );
    }
    for (n, docs) in groups {
        match case_name(&n) {
            Some(n) if several => d.cases.push(Case {
                name: n,
                documents: docs,
            }),
            _ => d.documents.extend(docs),
        }
    }
    Ok(())
}

/// A document whose name holds a count ([`super::proof::name_holds_count`]) may be two
/// documents: it is written as read, name verbatim, and marked for review.
pub(super) fn review_document(d: &mut Draft, name: &str, originals: u32, copies: u32) {
    if let Some(count) = super::proof::name_holds_count(name) {
        d.needs_review(
            "document-holds-count",
            tr!("Dossier document", "Thành phần hồ sơ"),
            name,
            tr!(
                "one document, {originals} original(s), {copies} copy(ies), named as the source writes it",
                "một giấy tờ, {originals} bản chính, {copies} bản sao, tên ghi nguyên văn"
            ),
            tr!(
                "the name holds the count `{count}`: it may be two documents, and which count is whose is not written",
                "tên chứa số lượng `{count}`: có thể là hai giấy tờ, không rõ số lượng nào của giấy tờ nào"
            ),
        );
    }
}

fn case_name(s: &str) -> Option<String> {
    let t = text::squash(s.trim().trim_matches('-'));
    stated(&t)
}

/// `Tên văn bản pháp lýMã văn bản<title><number><title><number>…`: entries end with their
/// number ([`legal::ends_entry`]). Each entry is then proven ([`super::proof`]): a title of
/// its own, no other entry inside it, a number read one way only. An entry not proven, and
/// any text no entry takes, is written verbatim for review with a warning naming its
/// numbers, so no reference is lost or given another's title silently.
fn legal(raw: &str, d: &mut Draft) {
    let what = tr!("Legal basis", "Căn cứ pháp lý");
    let left_out = tr!(
        "not written in the legal basis",
        "không ghi vào căn cứ pháp lý"
    );
    let Some(body) = raw.trim().strip_prefix(LEGAL_HEADER) else {
        if let Some(t) = stated(raw) {
            let c = citing(&t);
            d.needs_review(
                "legal-unreadable",
                what,
                &t,
                left_out,
                Tr {
                    en: format!("the legal basis table has no header{}", c.en),
                    vi: format!("bảng căn cứ pháp lý không có dòng tiêu đề{}", c.vi),
                },
            );
        }
        return;
    };
    /// An entry as read: where its title starts, where its number starts and ends.
    struct Entry {
        title_start: usize,
        start: usize,
        end: usize,
        number: String,
    }
    let mut entries: Vec<Entry> = Vec::new();
    // Text that is not an entry: (start, end, kind, why).
    let mut unproven: Vec<(usize, usize, &'static str, Tr)> = Vec::new();
    let mut from = 0;
    let mut prev_end = usize::MAX;
    let mut title_start = 0;
    while let Some(f) = legal::next(body, from, prev_end) {
        from = f.end;
        prev_end = f.end;
        let number = &body[f.start..f.end];
        if f.unknown_code {
            unproven.push((
                title_start,
                f.end,
                "legal-unknown-code",
                tr!(
                    "a code of `{number}` is not a known one, so where the number ends is not written",
                    "số hiệu `{number}` có mã không rõ, nên không biết số hiệu kết thúc ở đâu"
                ),
            ));
            title_start = f.end;
            continue;
        }
        if !legal::ends_entry(body, f.start, f.end) {
            continue;
        }
        if f.glued_digits {
            // `Luật Cư trú 202068/2020/QH14`: a year at the end of the title runs into the
            // number; where one ends is not written.
            unproven.push((
                title_start,
                f.end,
                "legal-glued-to-title",
                tr!(
                    "the number `{number}` runs into the digits of its title",
                    "số hiệu `{number}` dính liền với chữ số của trích yếu"
                ),
            ));
            title_start = f.end;
            continue;
        }
        let mut start = f.start;
        if f.dotted_year {
            // `…năm 2022.65/2025/TT-BTC`: `65/2025/TT-BTC` when the entry's own title cites
            // it so; else the text does not say which.
            let dot = number.find('.').map_or(0, |i| i + 1);
            let short = &number[dot..];
            if legal::cited(&body[title_start..f.start]).contains(&short) {
                start = f.start + dot;
            } else {
                unproven.push((
                    title_start,
                    f.end,
                    "legal-number-ambiguous",
                    tr!(
                        "`{number}` may be one number or a year ending a sentence glued to `{short}`",
                        "`{number}` có thể là một số hiệu, hoặc năm cuối câu dính liền với `{short}`"
                    ),
                ));
                title_start = f.end;
                continue;
            }
        }
        let number = body[start..f.end].to_string();
        // `…theo Luật số 37/2024/QH1519/2024/TT-BTP`: a number right after another, whose
        // title (`Thông tư số 19/2024/TT-BTP …`) names it: the other is cited at the end of
        // this title, and the code column follows it. Proven by the title itself.
        if let Some(p) = entries.last()
            && p.end == start
            && legal::cited(&body[p.title_start..p.start]).contains(&number.as_str())
        {
            title_start = p.title_start;
            entries.pop();
        }
        entries.push(Entry {
            title_start,
            start,
            end: f.end,
            number,
        });
        title_start = f.end;
    }
    // Proof of each entry's title.
    let mut proven = vec![true; entries.len()];
    for (i, e) in entries.iter().enumerate() {
        let title = &body[e.title_start..e.start];
        let number = &e.number;
        let why = if text::squash(title).is_empty() {
            // `…title 12/2020/NĐ-CP13/2020/NĐ-CP…`: two numbers share one title.
            if i > 0 && entries[i - 1].end == e.title_start && proven[i - 1] {
                proven[i - 1] = false;
                let p = &entries[i - 1];
                unproven.push((
                    p.title_start,
                    p.end,
                    "legal-title-holds-entry",
                    tr!(
                        "`{}` and `{number}` share one title",
                        "`{}` và `{number}` dùng chung một trích yếu",
                        p.number
                    ),
                ));
            }
            Some(tr!(
                "`{number}` has no title of its own",
                "`{number}` không có trích yếu riêng"
            ))
        } else if let Some(n) = super::proof::title_holds_entry(title) {
            Some(tr!(
                "the title of `{number}` runs into another entry after `{n}`",
                "trích yếu của `{number}` dính sang mục khác sau `{n}`"
            ))
        } else if super::proof::title_ends_in_list(title) {
            Some(tr!(
                "the code column lists several numbers ending with `{number}`: which title is whose is not written",
                "cột số hiệu liệt kê nhiều số hiệu, kết thúc bằng `{number}`: không rõ trích yếu nào của số hiệu nào"
            ))
        } else {
            None
        };
        if let Some(why) = why {
            proven[i] = false;
            unproven.push((e.title_start, e.end, "legal-title-holds-entry", why));
        }
    }
    for (e, ok) in entries.iter().zip(&proven) {
        if *ok {
            d.legal.push(Legal {
                number: e.number.clone(),
                title: text::squash(&body[e.title_start..e.start]),
                issued: None,
                issuer: None,
            });
        }
    }
    if let Some(rest) = stated(&body[title_start..]) {
        let c = citing(&rest);
        unproven.push((
            title_start,
            body.len(),
            "legal-unreadable",
            Tr {
                en: format!("legal basis text without a document number{}", c.en),
                vi: format!("căn cứ pháp lý không có số hiệu văn bản{}", c.vi),
            },
        ));
    }
    unproven.sort_by_key(|u| u.0);
    for (start, end, kind, why) in unproven {
        let source = &body[start..end];
        // The numbers of the text that the reason does not name yet.
        let others: Vec<&str> = legal::cited(source)
            .into_iter()
            .filter(|n| !why.en.contains(*n))
            .collect();
        let c = if others.is_empty() || why.en.contains("cites") {
            tr!("", "")
        } else {
            let c = others.join(", ");
            tr!("; it cites {c}", "; trong đó có {c}")
        };
        d.needs_review(
            kind,
            what.clone(),
            source,
            left_out.clone(),
            Tr {
                en: format!("{}{}", why.en, c.en),
                vi: format!("{}{}", why.vi, c.vi),
            },
        );
    }
}

/// `; it cites 1/2020/NQ-CP, …` for a warning about text left out, so no number is lost
/// without being named.
fn citing(s: &str) -> Tr {
    let c = legal::cited(s);
    if c.is_empty() {
        tr!("", "")
    } else {
        let c = c.join(", ");
        tr!("; it cites {c}", "; trong đó có {c}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_rows() {
        let mut d = Draft::default();
        channels(
            "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến7 Ngày làm việc10,000 Việt Nam Đồng(Nộp qua cổng)Trực tiếp7 Ngày làm việc20,000 Việt Nam Đồng",
            &mut d,
        )
        .unwrap();
        assert_eq!(d.channels.len(), 2);
        assert_eq!(d.channels[0].note.as_deref(), Some("Nộp qua cổng"));
        let Fees::Items(f) = &d.channels[1].fees else {
            panic!()
        };
        assert_eq!(f[0].amount, 20_000);
        let mut d = Draft::default();
        channels(
            "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến5 Ngày10 USD(10USD/giấy)",
            &mut d,
        )
        .unwrap();
        let Fees::Items(f) = &d.channels[0].fees else {
            panic!()
        };
        assert_eq!(f[0].currency, Some("USD"));
        let mut d = Draft::default();
        channels(
            "Hình thức nộpThời gianPhí, lệ phíMô tảDịch vụ bưu chính1Miễn phí",
            &mut d,
        )
        .unwrap();
        assert_eq!(d.channels[0].deadline, DeadlineText::Unknown);
        assert_eq!(d.warnings[0].kind, "deadline-no-unit");
        let mut d = Draft::default();
        let e = channels(
            "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp1550 VNĐ",
            &mut d,
        )
        .unwrap_err();
        assert_eq!(e.kind, "deadline-glued-to-fee");
    }

    #[test]
    fn document_counts() {
        let mut d = Draft::default();
        documents(
            "--Tên giấy tờMẫu đơn, tờ khaiSố lượngBản sao Giấy đăng ký (01 bản chính hoặc bản sao)0 bản chính,1 bản saoQuyết định thành lập1 bản chính",
            &mut d,
        )
        .unwrap();
        assert_eq!(d.documents.len(), 2);
        assert_eq!((d.documents[0].originals, d.documents[0].copies), (0, 1));
        assert_eq!(d.documents[1].name, "Quyết định thành lập");
        let mut d = Draft::default();
        documents(
            "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai ngày 26/11/20241 bản chính",
            &mut d,
        )
        .unwrap();
        assert_eq!(d.documents[0].name, "Tờ khai ngày 26/11/2024");
        let mut d = Draft::default();
        let e = documents(
            "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTheo mẫu BM.NCC.20.031 bản chính",
            &mut d,
        )
        .unwrap_err();
        assert_eq!(e.kind, "count-glued-to-name");
    }

    #[test]
    fn cases() {
        let mut d = Draft::default();
        documents(
            "Trường hợp ATên giấy tờMẫu đơn, tờ khaiSố lượngGiấy A.1 bản chínhTrường hợp BTên giấy tờMẫu đơn, tờ khaiSố lượngGiấy B.1 bản chính",
            &mut d,
        )
        .unwrap();
        assert_eq!(d.cases.len(), 2);
        assert_eq!(d.cases[1].name, "Trường hợp B");
        assert_eq!(d.cases[1].documents[0].name, "Giấy B.");
    }

    #[test]
    fn legal_numbers() {
        let mut d = Draft::default();
        legal(
            "Tên văn bản pháp lýMã văn bảnNghị định số 69/2024/NĐ-CP của Chính phủ: Quy định69/2024/NĐ-CPLuật Quốc tịch24/2008/QH12Nghị quyết về dữ liệu66.7/2025/NQ-CP",
            &mut d,
        );
        let n: Vec<_> = d.legal.iter().map(|l| l.number.as_str()).collect();
        assert_eq!(n, ["69/2024/NĐ-CP", "24/2008/QH12", "66.7/2025/NQ-CP"]);
        assert_eq!(d.legal[1].title, "Luật Quốc tịch");
        let mut d = Draft::default();
        legal(
            "Tên văn bản pháp lýMã văn bảnThông tư số 53/2025/TT-BCAngày 01/7/2025 sửa đổi53/2025/TT-BCALuật Cư trú 202068/2020/QH14",
            &mut d,
        );
        let n: Vec<_> = d.legal.iter().map(|l| l.number.as_str()).collect();
        assert_eq!(n, ["53/2025/TT-BCA"]);
        assert_eq!(d.warnings[0].kind, "legal-glued-to-title");
        assert!(d.warnings[0].message.en.contains("202068/2020/QH14"));
        // Numbers glued to the next title in capitals or small letters, to a repeated
        // number, and the Prime Minister's decisions.
        let mut d = Draft::default();
        legal(
            "Tên văn bản pháp lýMã văn bảnLuật 60/2014/QH1360/2014/QH13Thông tư10/2024/TT-BNNMTLUẬT SỬA ĐỔI28/2023/QH15phân cấp, phân quyền01/2025/NQ-CPQuyết định số 42/2012/QĐ-TTg42/2012/QĐ-TTg",
            &mut d,
        );
        let n: Vec<_> = d.legal.iter().map(|l| l.number.as_str()).collect();
        assert_eq!(
            n,
            [
                "60/2014/QH13",
                "10/2024/TT-BNNMT",
                "28/2023/QH15",
                "01/2025/NQ-CP",
                "42/2012/QĐ-TTg"
            ]
        );
        assert_eq!(d.legal[0].title, "Luật 60/2014/QH13");
        assert_eq!(d.legal[3].title, "phân cấp, phân quyền");
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn results_drop_codes() {
        assert_eq!(
            result("Cập nhật dữ liệuMã: KQ.G01.000064Thông báoMã: KQ.G01.000065Từ khóaKhông")
                .as_deref(),
            Some("Cập nhật dữ liệu\nThông báo")
        );
    }
}
