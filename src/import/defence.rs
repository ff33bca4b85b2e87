//! Records parsed from the database's own `ChiTietTTHC_<code>.doc` exports: `metadata`,
//! `content` and `tables` (`hinh_thuc_nop`, `thanh_phan_ho_so`, `can_cu_phap_ly`).

use super::text::{self, DeadlineText, stated};
use super::{Channel, Doc, Draft, Fee, Fees, Legal, Refusal, channel_kind, fee_item};
use crate::tr;
use serde_json::Value;

fn s<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Reads a record.
pub fn read(v: &Value) -> Result<Draft, Refusal> {
    let meta = &v["metadata"];
    let content = &v["content"];
    let tables = &v["tables"];
    if !meta.is_object() || !tables.is_object() {
        return Err(Refusal::new(
            "unknown-shape",
            tr!(
                "`metadata` or `tables` is not an object",
                "`metadata` hoặc `tables` không phải một đối tượng"
            ),
        ));
    }
    let mut d = Draft {
        code: s(meta, "mã_thủ_tục").trim().to_string(),
        name: text::squash(s(meta, "tên_thủ_tục")),
        field: text::squash(s(meta, "lĩnh_vực")),
        levels: s(meta, "cấp_thực_hiện")
            .split(',')
            .map(text::squash)
            .filter(|l| !l.is_empty())
            .collect(),
        decision: stated(s(meta, "số_quyết_định"))
            .map(|x| x.trim_start_matches("Quyết định số").trim().to_string()),
        kind: stated(s(meta, "loại_thủ_tục")),
        subjects: stated(s(content, "đối_tượng_thực_hiện")),
        steps: stated(s(content, "trình_tự_thực_hiện")),
        requirements: stated(s(content, "yêu_cầu_điều_kiện_thực_hiện")),
        result: stated(s(content, "kết_quả_thực_hiện")),
        ..Draft::default()
    };
    for (key, field) in [
        ("competent", "cơ_quan_có_thẩm_quyền"),
        ("implementing", "cơ_quan_thực_hiện"),
        ("authorised", "cơ_quan_được_ủy_quyền"),
        ("coordinating", "cơ_quan_phối_hợp"),
        ("address", "địa_chỉ_tiếp_nhận_hs"),
    ] {
        if let Some(t) = stated(s(content, field)) {
            d.agencies.push((key, t));
        }
    }
    for row in tables["hinh_thuc_nop"].as_array().into_iter().flatten() {
        let label = text::squash(s(row, "hinh_thuc"));
        let kind = channel_kind(&label).ok_or_else(|| {
            Refusal::new(
                "unknown-channel",
                tr!(
                    "unknown channel `{label}`",
                    "hình thức nộp `{label}` không rõ"
                ),
            )
        })?;
        let cell = s(row, "thoi_han_giai_quyet");
        let what = tr!("{label}: deadline", "{label}: thời hạn");
        let deadline = match text::deadline(cell) {
            Ok(DeadlineText::Unknown) => {
                d.warn(
                    "deadline-unknown",
                    tr!(
                        "{label}: the record states no deadline",
                        "{label}: bản ghi không nêu thời hạn"
                    ),
                );
                DeadlineText::Unknown
            }
            Ok(DeadlineText::Period(p)) => {
                // The row's description states another period for a case: one period would
                // drop the other.
                match super::proof::period_cases(p.amount, s(row, "mo_ta")) {
                    Some(clause) => {
                        d.needs_review(
                            "deadline-cases",
                            what,
                            &format!("{}\n{}", cell.trim(), s(row, "mo_ta").trim()),
                            super::not_stated(),
                            tr!(
                                "the row states another period for a case: `{clause}`",
                                "dòng này nêu thời hạn khác cho một trường hợp: `{clause}`"
                            ),
                        );
                        DeadlineText::Unknown
                    }
                    None => DeadlineText::Period(p),
                }
            }
            Ok(x) => x,
            Err(why) => {
                let kind = if why.en.contains("fraction") {
                    "deadline-fraction"
                } else if super::proof::periods(cell).len() > 1 {
                    "deadline-cases"
                } else {
                    "deadline-unreadable"
                };
                d.needs_review(kind, what, cell, super::not_stated(), why);
                DeadlineText::Unknown
            }
        };
        let (fees, fee_note) = fees(s(row, "phi_le_phi"), &label, &mut d)?;
        let note = [fee_note, stated(s(row, "mo_ta"))]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
        d.channels.push(Channel {
            kind,
            label,
            deadline,
            fees,
            note: (!note.is_empty()).then(|| note.join("\n")),
        });
    }
    for row in tables["thanh_phan_ho_so"].as_array().into_iter().flatten() {
        let name = text::squash(
            s(row, "ten_giay_to")
                .trim()
                .trim_start_matches(['-', '+', '*'])
                .trim(),
        );
        if name.is_empty() {
            d.warn(
                "document-unnamed",
                tr!(
                    "a dossier row has no document name",
                    "một dòng thành phần hồ sơ không có tên giấy tờ"
                ),
            );
            continue;
        }
        let (originals, copies) = text::counts(s(row, "ghi_chu")).map_err(|why| {
            Refusal::new("document-count", {
                let n = text::head(&name);
                super::after(
                    &format!("document `{n}`: "),
                    &format!("giấy tờ `{n}`: "),
                    &why,
                )
            })
        })?;
        super::portal::review_document(&mut d, &name, originals, copies);
        d.documents.push(Doc {
            name,
            originals,
            copies,
            form: stated(s(row, "so_luong")),
        });
    }
    for row in tables["can_cu_phap_ly"].as_array().into_iter().flatten() {
        let cell = text::squash(s(row, "so_ky_hieu"));
        if cell.is_empty() {
            d.warn(
                "legal-unnumbered",
                tr!(
                    "a legal basis row has no number",
                    "một dòng căn cứ pháp lý không có số hiệu"
                ),
            );
            continue;
        }
        // The number column sometimes holds more than the number (`Thông tư số
        // 104/2024/TT-BQP`), or no number (`BỘ LUẬT HÀNG HẢI VIỆT NAM`, `54`): exactly one
        // number is taken, anything else is left out with a warning naming the cell.
        let found = super::legal::next(&cell, 0, usize::MAX);
        let number = match found {
            Some(f)
                if !f.unknown_code
                    && !f.glued_digits
                    && super::legal::next(&cell, f.end, f.end).is_none() =>
            {
                cell[f.start..f.end].to_string()
            }
            _ => {
                // Several numbers in one cell (one title for all of them), or none: which
                // title is whose is not written. The row is written verbatim for review.
                let title = text::squash(s(row, "trich_yeu"));
                let cited = super::legal::cited(&cell);
                let (kind, why) = if cited.len() > 1 {
                    let c = cited.join(", ");
                    (
                        "legal-title-holds-entry",
                        tr!(
                            "the number cell lists several numbers ({c}) under one title",
                            "ô số hiệu liệt kê nhiều số hiệu ({c}) dưới một trích yếu"
                        ),
                    )
                } else {
                    (
                        "legal-unreadable",
                        tr!(
                            "`{cell}` is not one document number",
                            "`{cell}` không phải một số hiệu văn bản"
                        ),
                    )
                };
                let source = if title.is_empty() {
                    cell.clone()
                } else {
                    // The two cells, each verbatim, one per line.
                    format!("{cell}\n{title}")
                };
                d.needs_review(
                    kind,
                    tr!("Legal basis", "Căn cứ pháp lý"),
                    &source,
                    tr!(
                        "not written in the legal basis",
                        "không ghi vào căn cứ pháp lý"
                    ),
                    why,
                );
                continue;
            }
        };
        d.legal.push(Legal {
            number,
            title: text::squash(s(row, "trich_yeu")),
            issued: date(s(row, "ngay_ban_hanh")),
            issuer: stated(s(row, "co_quan_ban_hanh")),
        });
    }
    Ok(d)
}

/// `19-02-2016` → 2016-02-19.
fn date(s: &str) -> Option<jiff::civil::Date> {
    let mut p = s.trim().split(['-', '/']);
    let day: i8 = p.next()?.parse().ok()?;
    let month: i8 = p.next()?.parse().ok()?;
    let year: i16 = p.next()?.parse().ok()?;
    jiff::civil::Date::new(year, month, day).ok()
}

/// Reads `Phí : 2.000.000 Đồng (note)\nLệ phí : 01 USD (…)`: the items and their notes.
fn fees(raw: &str, label: &str, d: &mut Draft) -> Result<(Fees, Option<String>), Refusal> {
    let raw = raw.trim();
    if raw.is_empty() {
        d.warn(
            "fee-unknown",
            tr!(
                "{label}: the record states no fee",
                "{label}: bản ghi không nêu phí, lệ phí"
            ),
        );
        return Ok((Fees::Unknown, None));
    }
    // Entries start at a line beginning with `Phí :` or `Lệ phí :`; other lines continue
    // the entry before (notes, attached files).
    let mut entries: Vec<(String, String)> = Vec::new();
    for line in raw.lines() {
        let head = line.trim_start();
        let word = ["Lệ phí", "Phí"]
            .into_iter()
            .find(|w| head.starts_with(w) && head[w.len()..].trim_start().starts_with(':'));
        match (word, entries.last_mut()) {
            (Some(w), _) => {
                let rest = head[w.len()..].trim_start()[1..].to_string();
                entries.push((w.to_string(), rest));
            }
            (None, Some(last)) => {
                last.1.push('\n');
                last.1.push_str(line);
            }
            (None, None) => {
                return Err(Refusal::new(
                    "fee-unreadable",
                    tr!(
                        "{label}: fee `{}` has no Phí/Lệ phí label",
                        "{label}: phí `{}` không có nhãn Phí/Lệ phí",
                        text::head(raw)
                    ),
                ));
            }
        }
    }
    let mut items: Vec<Fee> = Vec::new();
    let mut notes = Vec::new();
    let mut unknown = false;
    for (word, rest) in entries {
        let rest = rest.trim();
        let (amount, used) = match text::money_prefix(rest) {
            Ok(x) => x,
            Err(why) => {
                let before_currency = rest
                    .split(['(', '\n'])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_lowercase();
                if before_currency.is_empty() || before_currency == "đồng" {
                    d.warn(
                        "fee-amount-missing",
                        tr!(
                            "{label}: {word} is listed without an amount",
                            "{label}: {word} không ghi số tiền"
                        ),
                    );
                    unknown = true;
                    notes.extend(stated(rest));
                    continue;
                }
                // A share of another fee (`50% mức thu phí quy định tại …`) or a fraction of
                // a currency unit (`1.5 USD`): the fee exists but is not one whole amount. It
                // is written not stated with its text, never refused nor flattened.
                let kind = if rest.contains('%') {
                    "fee-relative"
                } else if why.en.contains("whole") {
                    "fee-fraction"
                } else {
                    return Err(Refusal::new(
                        "fee-unreadable",
                        super::after(
                            &format!("{label}: {word}: "),
                            &format!("{label}: {word}: "),
                            &why,
                        ),
                    ));
                };
                d.needs_review(
                    kind,
                    tr!("{label}: {word}", "{label}: {word}"),
                    rest,
                    super::not_stated(),
                    why,
                );
                let mut f = fee_item(
                    &word,
                    text::Amount {
                        value: 0,
                        currency: None,
                    },
                    &items,
                );
                f.not_stated = true;
                f.note = stated(rest);
                f.form = Some(if kind == "fee-relative" {
                    "share-of-another-fee"
                } else {
                    "fraction"
                });
                items.push(f);
                continue;
            }
        };
        let note = rest[used..]
            .trim()
            .trim_start_matches('(')
            .trim_end_matches(')');
        notes.extend(stated(note));
        if let Some(why) = text::note_conflict(&amount, note) {
            d.needs_review(
                "fee-disagrees-with-note",
                tr!("{label}: {word}", "{label}: {word}"),
                rest,
                super::not_stated(),
                why,
            );
            unknown = true;
            continue;
        }
        let what = tr!("{label}: {word}", "{label}: {word}");
        if amount.value > 0 {
            let mut f = fee_item(&word, amount.clone(), &items);
            if let Some(form) = text::fee_form(&amount, note) {
                d.fee_formula(&mut f, &amount, note, form, &what);
            }
            d.prove_flat_fee(&mut f, note, &what);
            items.push(f);
        } else if let Some((kind, why)) = Draft::unproven_flat(0, note) {
            // Free, but the note says otherwise for a period or in words.
            d.needs_review(kind, what, note, super::not_stated(), why);
            unknown = true;
        }
    }
    let note = (!notes.is_empty()).then(|| notes.join("\n"));
    // One fee not stated leaves the channel's fees not stated: a partial list would read
    // as the whole charge.
    if unknown {
        return Ok((Fees::Unknown, note));
    }
    Ok((Fees::Items(items), note))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_texts() {
        let mut d = Draft::default();
        let (f, _) = fees("Phí : 0 Đồng", "Trực tiếp", &mut d).unwrap();
        assert_eq!(f, Fees::Items(vec![]));
        let (f, n) = fees("Phí : 2.000.000 Đồng (Thẩm định)", "Trực tiếp", &mut d).unwrap();
        let Fees::Items(items) = f else { panic!() };
        assert_eq!((items[0].amount, items[0].currency), (2_000_000, None));
        assert_eq!(n.as_deref(), Some("Thẩm định"));
        let (f, _) = fees("Phí : 1 USD (x)\nLệ phí : 03 USD (y)", "Trực tiếp", &mut d).unwrap();
        let Fees::Items(items) = f else { panic!() };
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].id, "le-phi");
        assert_eq!(items[1].currency, Some("USD"));
        assert_eq!(fees("", "x", &mut d).unwrap().0, Fees::Unknown);
        assert_eq!(fees("Phí :  Đồng", "x", &mut d).unwrap().0, Fees::Unknown);
        assert_eq!(
            fees("Phí : o Đồng", "x", &mut d).unwrap_err().kind,
            "fee-unreadable"
        );
        let (f, _) = fees("Phí : Mức thu bằng 50% mức thu", "x", &mut d).unwrap();
        let Fees::Items(items) = f else { panic!() };
        assert!(items[0].not_stated);
        assert_eq!(items[0].note.as_deref(), Some("Mức thu bằng 50% mức thu"));
        assert_eq!(d.warnings.last().unwrap().kind, "fee-relative");
        let (f, _) = fees("Lệ phí : 1.5 USD", "x", &mut d).unwrap();
        let Fees::Items(items) = f else { panic!() };
        assert!(items[0].not_stated);
        assert_eq!(d.warnings.last().unwrap().kind, "fee-fraction");
        let (f, _) = fees("Phí : 2.000 Đồng (2.000 đồng/trang)", "x", &mut d).unwrap();
        let Fees::Items(items) = f else { panic!() };
        assert!(!items[0].not_stated);
        assert_eq!(
            items[0].rule.as_deref(),
            Some("2,000 VND per pages"),
            "a price per page is not a flat 2,000"
        );
        assert_eq!(items[0].form, Some("per-unit"));
        let (f, _) = fees("Phí : 2.000 Đồng (2.000 đồng/tem)", "x", &mut d).unwrap();
        let Fees::Items(items) = f else { panic!() };
        assert!(items[0].not_stated, "a unit not known to be counted");
        assert_eq!(d.warnings.last().unwrap().kind, "fee-formula");
        let (f, _) = fees("Phí : 40 Đồng (40.000 đồng/giấy)", "x", &mut d).unwrap();
        assert_eq!(f, Fees::Unknown);
        assert_eq!(d.warnings.last().unwrap().kind, "fee-disagrees-with-note");
    }

    #[test]
    fn dates() {
        assert_eq!(date("19-02-2016").unwrap().to_string(), "2016-02-19");
        assert_eq!(date("31-02-2016"), None);
        assert_eq!(date(""), None);
    }
}
