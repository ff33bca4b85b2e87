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
        d.warn(
            "deadline-fraction",
            tr!(
                "{label}: deadline `{}` is a fraction of its unit: left unspecified (not \
                 converted to hours, which would assume the length of a working day)",
                "{label}: thời hạn `{}` là phân số của đơn vị: để trống (không đổi ra giờ, vì như \
                 thế phải giả định độ dài của một ngày làm việc)",
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
        d.warn(
            "deadline-no-unit",
            tr!(
                "{label}: deadline `{}` has no unit (days, working days, hours?)",
                "{label}: thời hạn `{}` không có đơn vị (ngày, ngày làm việc hay giờ?)",
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
        if let Some(why) = text::note_conflict(&cell, n) {
            d.warn(
                "fee-disagrees-with-note",
                Tr {
                    en: format!(
                        "{label}: {}; the fee is left not stated, the note is kept",
                        why.en
                    ),
                    vi: format!(
                        "{label}: {}; phí để \"chưa có thông tin\", giữ ghi chú",
                        why.vi
                    ),
                },
            );
            fees = Fees::Unknown;
        } else if cell.value > 0
            && let Some(form) = note.first().and_then(|n| text::fee_form(&cell, n))
        {
            let mut f = items[0].clone();
            let text = note.first().cloned().unwrap_or_default();
            let what = tr!("{label}: the fee", "{label}: phí");
            d.fee_formula(&mut f, &cell, &text, form, &what);
            fees = Fees::Items(vec![f]);
        }
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

fn case_name(s: &str) -> Option<String> {
    let t = text::squash(s.trim().trim_matches('-'));
    stated(&t)
}

/// `Tên văn bản pháp lýMã văn bản<title><number><title><number>…`: entries end with their
/// number ([`legal::ends_entry`]); a number whose end or start is not written is left out
/// with a warning naming it, so no reference is lost silently.
fn legal(raw: &str, d: &mut Draft) {
    let Some(body) = raw.trim().strip_prefix(LEGAL_HEADER) else {
        if stated(raw).is_some() {
            d.warn("legal-unreadable", {
                let c = citing(raw);
                Tr {
                    en: format!("the legal basis table has no header; left out{}", c.en),
                    vi: format!("bảng căn cứ pháp lý không có dòng tiêu đề; bỏ ra{}", c.vi),
                }
            });
        }
        return;
    };
    let mut from = 0;
    let mut prev_end = usize::MAX;
    let mut title_start = 0;
    while let Some(f) = legal::next(body, from, prev_end) {
        from = f.end;
        prev_end = f.end;
        let number = &body[f.start..f.end];
        if f.unknown_code {
            d.warn("legal-unknown-code", {
                let (h, c) = (
                    text::head(&body[f.start..]),
                    citing(&body[title_start..f.end]),
                );
                Tr {
                    en: format!(
                        "legal basis `{h}`: a code of this number is not a known one, so \
                             where it ends is not written{}",
                        c.en
                    ),
                    vi: format!(
                        "căn cứ pháp lý `{h}`: số hiệu có mã không rõ, nên không biết số \
                             hiệu kết thúc ở đâu{}",
                        c.vi
                    ),
                }
            });
            title_start = f.end;
            continue;
        }
        if !legal::ends_entry(body, f.start, f.end) {
            continue;
        }
        let title = text::squash(&body[title_start..f.start]);
        title_start = f.end;
        if f.glued_digits {
            // `Luật Cư trú 202068/2020/QH14`: a year at the end of the title runs into the
            // number; where one ends is not written.
            d.warn("legal-glued-to-title", {
                let (h, c) = (text::head(&title), citing(&title));
                Tr {
                    en: format!(
                        "legal basis `{number}`: the number runs into the title `{h}`{}",
                        c.en
                    ),
                    vi: format!(
                        "căn cứ pháp lý `{number}`: số hiệu dính liền với trích yếu `{h}`{}",
                        c.vi
                    ),
                }
            });
            continue;
        }
        d.legal.push(Legal {
            number: number.to_string(),
            title,
            issued: None,
            issuer: None,
        });
    }
    if let Some(rest) = stated(&body[title_start..]) {
        d.warn("legal-unreadable", {
            let (h, c) = (text::head(&rest), citing(&rest));
            Tr {
                en: format!("legal basis text without a document number: `{h}`{}", c.en),
                vi: format!("căn cứ pháp lý không có số hiệu văn bản: `{h}`{}", c.vi),
            }
        });
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
