//! Changes told in legal words: a change path such as `channels[direct].fees[le-phi].amount`
//! becomes "Phí, lệ phí › Trực tiếp › Lệ phí đăng ký thường trú", and its values read as a
//! decision writes them ("20.000 đồng", "khi không thuộc diện miễn lệ phí", "nay lấy từ
//! VNeID"), from the model's own labels. Paths stay in JSON for machines.

use super::{CatalogueDiff, Change};
use crate::diag::Lang;
use crate::messages::t;
use crate::model::{ChannelKind, Manifest, Procedure, Text};
use crate::rules::parse::{self, Origin};
use crate::shape::Str;
use crate::wording::{self, Refs};
use rayon::prelude::*;
use std::collections::HashMap;

/// Fills in the labels and worded values of every change of `d`; `before` and `after` are
/// the procedures the diff compared, `manifest` the newer catalogue's (for shared facts and
/// legal documents).
pub fn describe<'a>(
    d: &mut CatalogueDiff,
    before: impl IntoIterator<Item = &'a Procedure>,
    after: impl IntoIterator<Item = &'a Procedure>,
    manifest: &Manifest,
) {
    describe_in(d, before, after, manifest, None);
}

/// As [`describe`], for a province's copies: its resolutions are named by their numbers.
pub fn describe_in<'a>(
    d: &mut CatalogueDiff,
    before: impl IntoIterator<Item = &'a Procedure>,
    after: impl IntoIterator<Item = &'a Procedure>,
    manifest: &Manifest,
    province: Option<&crate::province::Province>,
) {
    let refs = [
        Refs::new(manifest, province, Lang::Vi),
        Refs::new(manifest, province, Lang::En),
    ];
    describe_with(d, before, after, &refs);
}

/// As [`describe`], with the legal references already built (`[vi, en]`): for callers that
/// describe many diffs against one manifest, such as `log`.
pub fn describe_with<'a>(
    d: &mut CatalogueDiff,
    before: impl IntoIterator<Item = &'a Procedure>,
    after: impl IntoIterator<Item = &'a Procedure>,
    refs: &[Refs<'_>; 2],
) {
    let a: HashMap<&str, &Procedure> = before.into_iter().map(|p| (p.code.as_str(), p)).collect();
    let b: HashMap<&str, &Procedure> = after.into_iter().map(|p| (p.code.as_str(), p)).collect();
    // Each amendment is worded on its own; the serial tail of a large diff is shorter spread
    // over the cores.
    d.amended.par_iter_mut().for_each(|am| {
        let (Some(pa), Some(pb)) = (a.get(am.code.as_str()), b.get(am.code.as_str())) else {
            return;
        };
        for c in &mut am.changes {
            let [vi, en] = [Lang::Vi, Lang::En].map(|l| {
                let r = &refs[(l == Lang::En) as usize];
                (label(&c.path, pa, pb, r, l), words(c, pa, pb, r, l))
            });
            c.label = Some(Text {
                vi: vi.0.into(),
                en: Some(en.0.into()),
            });
            c.before_words = match (&vi.1.0, &en.1.0) {
                (Some(v), Some(e)) => Some(Text {
                    vi: v.as_str().into(),
                    en: Some(e.as_str().into()),
                }),
                _ => None,
            };
            c.after_words = match (&vi.1.1, &en.1.1) {
                (Some(v), Some(e)) => Some(Text {
                    vi: v.as_str().into(),
                    en: Some(e.as_str().into()),
                }),
                _ => None,
            };
        }
        // The same act named first by its number, then by its registry id: no change.
        am.changes.retain(|c| {
            c.path != "published_by" || c.before_words.is_none() || c.before_words != c.after_words
        });
    });
}

/// `channels[direct]` → ("channels", Some("direct")); `name` → ("name", None).
fn segments(path: &str) -> Vec<(&str, Option<&str>)> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        let end = rest
            .char_indices()
            .find(|&(_, c)| c == '.' || c == '[')
            .map_or(rest.len(), |(i, _)| i);
        let name = &rest[..end];
        rest = &rest[end..];
        let key = if let Some(r) = rest.strip_prefix('[') {
            let close = r.find(']').unwrap_or(r.len());
            let k = &r[..close];
            rest = r.get(close + 1..).unwrap_or("");
            Some(k)
        } else {
            None
        };
        rest = rest.strip_prefix('.').unwrap_or(rest);
        out.push((name, key));
    }
    out
}

/// The name of a thing in either version (the newer one first).
fn pick<'p>(a: Option<&'p Text>, b: Option<&'p Text>, lang: Lang, key: &str) -> String {
    b.or(a)
        .map(|t| t.get(lang).to_string())
        .unwrap_or_else(|| key.to_string())
}

fn part_word(name: &str, lang: Lang) -> Option<&'static str> {
    Some(match name {
        "name" => t(lang, "tên", "name"),
        "currency" => t(lang, "loại tiền", "currency"),
        "when" => t(lang, "điều kiện áp dụng", "condition"),
        "basis" => t(lang, "căn cứ pháp lý", "legal basis"),
        "note" => t(lang, "ghi chú", "note"),
        "originals" => t(lang, "số bản chính", "originals"),
        "copies" => t(lang, "số bản sao", "copies"),
        "form" => t(lang, "mẫu đơn, tờ khai", "form"),
        "electronic" => t(lang, "nộp bản điện tử", "electronic copy"),
        "label" => t(lang, "nội dung", "wording"),
        "type" => t(lang, "loại giá trị", "kind of value"),
        "en" => t(lang, "bản tiếng Anh", "English text"),
        // Parts of a fee rule (the fee forms' typed changes).
        "per_unit" => t(lang, "đơn giá", "unit price"),
        "price" => t(lang, "mức thu", "price"),
        "from" => t(lang, "từ", "from"),
        "to" => t(lang, "đến", "up to"),
        "cap" => t(lang, "mức tối đa", "cap"),
        "floor" => t(lang, "mức tối thiểu", "floor"),
        "rate" => t(lang, "tỷ lệ", "rate"),
        "then" => t(lang, "khi đúng điều kiện", "when the condition holds"),
        "else" => t(lang, "các trường hợp khác", "otherwise"),
        _ => return None,
    })
}

/// The path in words, from the procedures' own names.
pub fn label(path: &str, a: &Procedure, b: &Procedure, refs: &Refs<'_>, lang: Lang) -> String {
    let segs = segments(path);
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    let head = |name: &str| -> Option<&'static str> {
        Some(match name {
            "name" => t(lang, "Tên thủ tục", "Name of the procedure"),
            "field" => t(lang, "Lĩnh vực", "Field"),
            "levels" => t(lang, "Cấp thực hiện", "Level"),
            "decision" | "published_by" => {
                t(lang, "Văn bản công bố thủ tục", "Act that published it")
            }
            "amended" => t(
                lang,
                "Ghi nhận văn bản sửa đổi, bổ sung",
                "Record of an amending act",
            ),
            "editorial" => t(
                lang,
                "Ghi nhận thay đổi biên tập",
                "Record of an editorial change",
            ),
            "abolished" => t(
                lang,
                "Ghi nhận văn bản bãi bỏ",
                "Record of the abolishing act",
            ),
            "kind" => t(lang, "Loại thủ tục", "Kind of procedure"),
            "subjects" => t(lang, "Đối tượng thực hiện", "Who may apply"),
            "cutoff" => t(
                lang,
                "Giờ tiếp nhận (sau giờ này tính từ ngày làm việc tiếp theo)",
                "Cut-off time",
            ),
            "result" => t(lang, "Kết quả thực hiện", "Result"),
            "steps" => t(lang, "Trình tự thực hiện", "Steps"),
            "requirements" => t(lang, "Yêu cầu, điều kiện", "Requirements"),
            "legal_basis" => t(lang, "Căn cứ pháp lý", "Legal basis"),
            "facts" => t(lang, "Thông tin về người nộp", "Facts about the applicant"),
            "form_fields" => t(lang, "Thông tin phải khai báo", "Information to declare"),
            "discounts" => t(lang, "Miễn, giảm phí, lệ phí", "Fee waivers and discounts"),
            "compliance" => t(lang, "Chi phí tuân thủ", "Compliance cost"),
            _ => return None,
        })
    };
    while i < segs.len() {
        let (name, key) = segs[i];
        match (name, key) {
            ("summary", _) => {
                let what = segs.get(i + 1).map_or("", |s| s.0);
                parts.push(
                    match what {
                        "declared_fields" => t(
                            lang,
                            "Số thông tin phải khai báo",
                            "Number of fields to declare",
                        ),
                        "documents" => t(
                            lang,
                            "Số bản giấy tờ trong hồ sơ",
                            "Number of documents in the dossier",
                        ),
                        _ => t(lang, "Tổng hợp", "Summary"),
                    }
                    .into(),
                );
                i += 1;
            }
            ("agencies", _) => {
                let which = segs.get(i + 1).map_or("", |s| s.0);
                parts.push(
                    match which {
                        "competent" => t(lang, "Cơ quan có thẩm quyền", "Competent agency"),
                        "implementing" => {
                            t(lang, "Cơ quan trực tiếp thực hiện", "Implementing agency")
                        }
                        "authorised" => t(lang, "Cơ quan được ủy quyền", "Authorised agency"),
                        "coordinating" => t(lang, "Cơ quan phối hợp", "Coordinating agency"),
                        "address" => t(lang, "Địa chỉ tiếp nhận hồ sơ", "Where to submit"),
                        _ => t(lang, "Cơ quan thực hiện", "Agencies"),
                    }
                    .into(),
                );
                i += 1;
            }
            ("channels", Some(k)) => {
                let ch = ChannelKind::parse(k).map_or(k.to_string(), |c| c.label(lang).into());
                match segs.get(i + 1).map(|s| s.0) {
                    Some("deadline") => {
                        parts.push(t(lang, "Thời hạn giải quyết", "Deadline").into());
                        parts.push(ch);
                        i += 1;
                    }
                    Some("fees") => {
                        parts.push(t(lang, "Phí, lệ phí", "Fees").into());
                        parts.push(ch);
                        let id = segs[i + 1].1.unwrap_or("");
                        let fee = |p: &'_ Procedure| {
                            p.channels
                                .iter()
                                .filter(|c| c.kind.id() == k)
                                .flat_map(|c| c.fees.iter())
                                .find(|f| f.id.as_str() == id)
                                .map(|f| f.name.clone())
                        };
                        let (fa, fb) = (fee(a), fee(b));
                        parts.push(pick(fa.as_ref(), fb.as_ref(), lang, id));
                        i += 1;
                    }
                    _ => {
                        parts.push(t(lang, "Cách thức thực hiện", "Channel").into());
                        parts.push(ch);
                    }
                }
            }
            ("dossier", _) => {
                parts.push(t(lang, "Thành phần hồ sơ", "Documents").into());
                let (which, key) = segs.get(i + 1).copied().unwrap_or(("", None));
                let key = key.unwrap_or("");
                if which == "documents" {
                    let doc = |p: &'_ Procedure| {
                        p.dossier
                            .documents
                            .iter()
                            .find(|d| d.id.as_str() == key)
                            .map(|d| d.name.clone())
                    };
                    parts.push(pick(doc(a).as_ref(), doc(b).as_ref(), lang, key));
                    i += 1;
                } else if which == "cases" {
                    let case = |p: &'_ Procedure| {
                        p.dossier
                            .cases
                            .iter()
                            .find(|c| c.id.as_str() == key)
                            .cloned()
                    };
                    let (ca, cb) = (case(a), case(b));
                    parts.push(format!(
                        "{} {}",
                        t(lang, "Trường hợp", "Case:"),
                        pick(
                            ca.as_ref().map(|c| &c.name),
                            cb.as_ref().map(|c| &c.name),
                            lang,
                            key
                        )
                    ));
                    i += 1;
                    if let Some(("documents", Some(dk))) = segs.get(i + 1).copied() {
                        let doc = |c: &Option<crate::model::Case>| {
                            c.as_ref().and_then(|c| {
                                c.documents
                                    .iter()
                                    .find(|d| d.id.as_str() == dk)
                                    .map(|d| d.name.clone())
                            })
                        };
                        parts.push(pick(doc(&ca).as_ref(), doc(&cb).as_ref(), lang, dk));
                        i += 1;
                    }
                }
            }
            ("legal_basis", Some(k)) => {
                parts.push(head(name).unwrap_or_default().into());
                parts.push(refs.number(k));
            }
            ("facts", Some(k)) => {
                parts.push(head(name).unwrap_or_default().into());
                let f = |p: &'_ Procedure| {
                    p.facts
                        .iter()
                        .find(|f| f.id.as_str() == k)
                        .map(|f| f.label.clone())
                };
                parts.push(pick(f(a).as_ref(), f(b).as_ref(), lang, k));
            }
            ("form_fields", Some(k)) => {
                parts.push(head(name).unwrap_or_default().into());
                let f = |p: &'_ Procedure| {
                    p.form_fields
                        .iter()
                        .find(|f| f.id.as_str() == k)
                        .map(|f| f.label.clone())
                };
                parts.push(pick(f(a).as_ref(), f(b).as_ref(), lang, k));
            }
            ("discounts", _) => {
                parts.push(head(name).unwrap_or_default().into());
                match segs.get(i + 1).copied() {
                    Some(("stacking", _)) => {
                        parts.push(
                            t(
                                lang,
                                "cách áp dụng khi có nhiều mức giảm",
                                "how several discounts combine",
                            )
                            .into(),
                        );
                        i += 1;
                    }
                    Some(("rules", Some(k))) => {
                        let basis = |p: &'_ Procedure| {
                            p.discounts
                                .rules
                                .iter()
                                .find(|r| r.id.as_str() == k)
                                .map(|r| refs.number(&r.basis))
                        };
                        parts.push(basis(b).or_else(|| basis(a)).unwrap_or_else(|| k.into()));
                        i += 1;
                    }
                    _ => {}
                }
            }
            ("process", _) => {
                parts.push(t(lang, "Quy trình nội bộ", "Internal process").into());
                match segs.get(i + 1).copied() {
                    Some(("steps", Some(k))) => {
                        let step = |p: &'_ Procedure| {
                            p.process.as_ref().and_then(|x| {
                                x.steps
                                    .iter()
                                    .find(|s| s.no.to_string() == k)
                                    .map(|s| s.name.clone())
                            })
                        };
                        let name = pick(step(a).as_ref(), step(b).as_ref(), lang, "");
                        parts.push(if name.is_empty() {
                            format!("{} {k}", t(lang, "Bước", "Step"))
                        } else {
                            format!("{} {k} · {name}", t(lang, "Bước", "Step"))
                        });
                        i += 1;
                        if let Some((w, _)) = segs.get(i + 1).copied() {
                            match w {
                                "unit" => parts.push(
                                    t(lang, "đơn vị, người thực hiện", "unit or post").into(),
                                ),
                                "output" => parts.push(t(lang, "kết quả", "result").into()),
                                "name" => {
                                    parts.push(t(lang, "nội dung công việc", "what is done").into())
                                }
                                // The time is what a step is: the step's name says it.
                                _ => {}
                            }
                            i += 1;
                            if segs.get(i + 1).is_some_and(|s| s.0 == "en") {
                                parts.push(t(lang, "bản tiếng Anh", "English text").into());
                                i += 1;
                            }
                        }
                    }
                    Some(("approved_by", _)) => {
                        parts.push(t(lang, "văn bản phê duyệt", "approving act").into());
                        i += 1;
                    }
                    Some(("channels", _)) => {
                        parts.push(t(lang, "cách thức áp dụng", "channels it applies to").into());
                        i += 1;
                    }
                    _ => {}
                }
            }
            ("delivery", _) => {
                parts.push(t(lang, "Hình thức tiếp nhận, trả kết quả", "Delivery").into());
                if let Some((w, _)) = segs.get(i + 1).copied() {
                    parts.push(
                        match w {
                            "postal" => t(
                                lang,
                                "qua dịch vụ bưu chính công ích",
                                "public postal service",
                            ),
                            "boundary_free" => t(
                                lang,
                                "không phụ thuộc địa giới hành chính",
                                "regardless of administrative boundary",
                            ),
                            _ => t(
                                lang,
                                "thủ tục nội bộ giữa các cơ quan",
                                "internal between state bodies",
                            ),
                        }
                        .into(),
                    );
                    i += 1;
                    if segs.get(i + 1).is_some_and(|s| s.0 == "en") {
                        parts.push(t(lang, "bản tiếng Anh", "English text").into());
                        i += 1;
                    }
                }
            }
            ("compliance", _) => {
                parts.push(head(name).unwrap_or_default().into());
                if let Some((w, _)) = segs.get(i + 1).copied() {
                    parts.push(
                        match w {
                            "applications_per_year" => {
                                t(lang, "số hồ sơ mỗi năm", "applications a year")
                            }
                            "times_per_year" => t(lang, "số lần thực hiện mỗi năm", "times a year"),
                            "minutes" => t(lang, "thời gian thực hiện (phút)", "time (minutes)"),
                            "other_costs" => t(lang, "chi phí khác", "other costs"),
                            _ => t(lang, "khác", "other"),
                        }
                        .into(),
                    );
                    i += 1;
                }
            }
            (n, key) => {
                if parts.is_empty() {
                    parts.push(head(n).map_or_else(|| path.to_string(), Into::into));
                } else if let (Some(k), "tiers" | "terms") =
                    (key.and_then(|k| k.parse::<usize>().ok()), n)
                {
                    let word = if n == "tiers" {
                        t(lang, "bậc", "tier")
                    } else {
                        t(lang, "khoản", "term")
                    };
                    parts.push(format!("{word} {k}"));
                } else if let Some(w) = part_word(n, lang) {
                    parts.push(w.into());
                }
            }
        }
        i += 1;
    }
    if parts.is_empty() {
        return path.to_string();
    }
    parts.join(" › ")
}

/// The values before and after in words, where the kind of value is known.
fn words(
    c: &Change,
    a: &Procedure,
    b: &Procedure,
    refs: &Refs<'_>,
    lang: Lang,
) -> (Option<String>, Option<String>) {
    let last = segments(&c.path).last().map_or("", |s| s.0);
    let one = |v: &Option<String>, p: &Procedure| -> Option<String> {
        let v = v.as_deref()?;
        match last {
            "amount" | "other_costs" | "price" | "cap" | "floor" | "per_unit" => {
                let (amount, cur) = v.rsplit_once(' ')?;
                if cur != "VND" {
                    return None;
                }
                let n = crate::money::parse_amount(amount)?;
                Some(wording::money(crate::money::Money(n), lang))
            }
            "when" => {
                let e = parse::condition(v, &Origin::detached()).ok()?;
                Some(format!(
                    "{} {}",
                    t(lang, "khi", "when"),
                    wording::cond(&e, p, refs)
                ))
            }
            "deadline" => {
                let d = parse::deadline(v, &Origin::detached()).ok()?;
                Some(crate::wording::deadline(&d, p, refs))
            }
            "electronic" => Some(
                match v {
                    "true" => t(lang, "có", "yes"),
                    _ => t(lang, "không", "no"),
                }
                .into(),
            ),
            "reusable" => Some(reusable(v, lang)),
            "basis" | "approved_by" | "published_by" => Some(refs.number(v)),
            "amended" | "editorial" | "abolished" => record_words(&c.path, p, refs, lang),
            "time" => {
                let st = parse::step_time(v, &Origin::detached()).ok()?;
                Some(crate::model::process::time_words(&st, lang))
            }
            "unit" if c.path.starts_with("process.") => Some(refs.unit_name(v)),
            "process" => {
                let n = v.strip_suffix(" steps")?;
                Some(format!("{n} {}", t(lang, "bước", "steps")))
            }
            "channels" if c.path == "process.channels" => Some(
                v.split(", ")
                    .map(|c| ChannelKind::parse(c).map_or(c, |k| k.label(lang)))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            "postal" => {
                let p = match v {
                    "receive" => crate::model::process::Postal::Receive,
                    "return" => crate::model::process::Postal::Return,
                    _ => crate::model::process::Postal::Both,
                };
                Some(p.words(lang).to_string())
            }
            "boundary_free" => {
                let (scope, place) = match v.split_once(": ") {
                    Some((s, w)) => (s, Some(w)),
                    None => (v, None),
                };
                let scope = if scope == "nationwide" {
                    t(lang, "Toàn quốc", "Nationwide")
                } else {
                    t(lang, "Trong phạm vi tỉnh", "Within the province")
                };
                Some(match place {
                    Some(w) => format!("{scope}: {w}"),
                    None => scope.to_string(),
                })
            }
            _ => None,
        }
    };
    let mut before = one(&c.before, a);
    let mut after = one(&c.after, b);
    // A field that becomes reusable was declared by hand before, and the other way round.
    if last == "reusable" {
        let asked = t(lang, "người nộp phải khai", "declared by the applicant").to_string();
        if c.before.is_none() {
            before = Some(asked.clone());
        }
        if c.after.is_none() {
            after = Some(asked);
        }
    }
    (before, after)
}

/// The parts a record names, by their names in the decisions.
fn parts_words(parts: &[crate::model::Sp<Str>], lang: Lang) -> String {
    parts
        .iter()
        .map(|id| {
            crate::model::parts::PARTS
                .iter()
                .find(|p| p.id == id.as_str())
                .map_or(id.as_str(), |p| p.label(lang))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// An act record (amendment, editorial change, abolition) of `p` in words, read from the
/// record itself (the change's path names it: `amended[1]`, `editorial[0]`, `abolished`):
/// the act's number, the parts by their names in the decisions, the date in force — data as
/// written, no sentence about the law is made here.
fn record_words(path: &str, p: &Procedure, refs: &Refs<'_>, lang: Lang) -> Option<String> {
    let (kind, key) = *segments(path).last()?;
    let index = || key.and_then(|k| k.parse::<usize>().ok());
    let by = |act: &str, parts: Option<&[crate::model::Sp<Str>]>| {
        let mut s = refs.number(act);
        if let Some(parts) = parts {
            s.push_str(&format!(": {}", parts_words(parts, lang)));
        }
        s
    };
    let (mut out, in_force) = match kind {
        "editorial" => {
            let e = p.editorial.get(index()?)?;
            let mut s = e.reason.value.label(lang).to_string();
            if let Some(first) = s.get(..1) {
                s = first.to_uppercase() + &s[1..];
            }
            (format!("{s}: {}", parts_words(&e.parts, lang)), None)
        }
        "amended" => {
            let m = p.amended.get(index()?)?;
            (by(m.by.as_str(), Some(&m.parts)), m.in_force.as_ref())
        }
        "abolished" => {
            let a = p.abolished.as_ref()?;
            (by(a.by.as_str(), None), a.in_force.as_ref())
        }
        _ => return None,
    };
    if let Some(d) = in_force {
        out.push_str(&format!(
            ", {} {}",
            t(lang, "có hiệu lực từ", "in force from"),
            crate::wording::date(d.value, lang)
        ));
    }
    Some(out)
}

/// Where a reusable field now comes from.
fn reusable(db: &str, lang: Lang) -> String {
    format!(
        "{} {}",
        t(lang, "nay lấy từ", "now taken from"),
        crate::wording::database(db, lang)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn act_records_read_as_words_not_yaml() {
        use crate::model::{Amendment, Editorial, EditorialReason, Sp};
        let m = Manifest::default();
        let refs = Refs::new(&m, None, Lang::Vi);
        let sp = |s: &str| Sp::bare(s.into());
        let yaml = format!(
            "{}channels: []\n",
            "code: \"1.000001\"\nname: { vi: Thử }\nfield: f\nlevels: [commune]\n"
        );
        let (_, p, _) = crate::catalogue::decode_procedure(
            crate::catalogue::InputFile {
                rel: "procedures/f/1.000001.yaml".into(),
                display: "1.000001.yaml".into(),
                bytes: Ok(yaml.into_bytes()),
            },
            &Default::default(),
        );
        let mut p = p.expect("a minimal procedure");
        p.editorial = vec![Editorial {
            parts: vec![sp("steps"), sp("form_fields")],
            reason: Sp::bare(EditorialReason::Completion),
            note: None,
        }];
        p.amended = vec![Amendment {
            by: sp("75/2022/TT-BTC"),
            parts: vec![sp("fees")],
            in_force: Some(Sp::bare(jiff::civil::date(2023, 1, 1))),
        }];
        assert_eq!(
            record_words("editorial[0]", &p, &refs, Lang::Vi).as_deref(),
            Some("Bổ sung dữ liệu: Trình tự thực hiện; Thông tin phải khai báo")
        );
        assert_eq!(
            record_words("amended[0]", &p, &refs, Lang::Vi).as_deref(),
            Some("75/2022/TT-BTC: Phí, lệ phí, có hiệu lực từ 01/01/2023")
        );
        // A record this procedure does not hold stays as written.
        assert_eq!(record_words("editorial[3]", &p, &refs, Lang::Vi), None);
    }

    #[test]
    fn paths_split_into_names_and_keys() {
        assert_eq!(
            segments("channels[direct].fees[le-phi].amount"),
            [
                ("channels", Some("direct")),
                ("fees", Some("le-phi")),
                ("amount", None)
            ]
        );
        assert_eq!(
            segments("legal_basis[tt-75-2022-btc]"),
            [("legal_basis", Some("tt-75-2022-btc"))]
        );
        assert_eq!(segments("name.vi"), [("name", None), ("vi", None)]);
        assert_eq!(
            segments("channels[direct].fees[phi].amount.tiers[1].price"),
            [
                ("channels", Some("direct")),
                ("fees", Some("phi")),
                ("amount", None),
                ("tiers", Some("1")),
                ("price", None)
            ]
        );
    }
}
