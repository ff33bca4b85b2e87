//! The front matter of a decision in the form of Decree 30/2020/NĐ-CP (Phụ lục I: thể thức văn
//! bản hành chính), built from the `decision:` section ([`crate::model::form::Form`]) and the
//! signing options; a piece that is missing renders as a blank to fill by hand.

use crate::diag::{Diagnostic, Lang, SourceFile, Tr};
use crate::model::form::Form;
use crate::shape::Text;
use crate::tr;
use crate::vietnamese::squash as one_line;
use crate::wording::t;
use jiff::civil::Date;
use serde::Serialize;
use std::sync::Arc;

/// A blank to fill by hand where a piece is not known.
pub const BLANK: &str = "……………";

/// What `--number`, `--date` and `--signer` fill in.
#[derive(Debug, Clone, Default)]
pub struct Signing {
    /// The number (`123`, or `123/QĐ-UBND` with its symbol).
    pub number: Option<String>,
    /// Date of signature.
    pub date: Option<Date>,
    /// The signer's name.
    pub signer: Option<String>,
}

/// An article of the decision.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// "Điều 1."
    pub heading: String,
    /// Its paragraphs.
    pub text: Vec<String>,
}

/// The parts of the form of Decree 30/2020/NĐ-CP around the annex, ready to lay out.
#[derive(Debug, Clone, Serialize)]
pub struct Front {
    /// The superior body (upper case), above the issuing body.
    pub parent: Option<String>,
    /// The issuing body, one entry per line, upper case.
    pub issuer: Vec<String>,
    /// National name: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
    pub motto_name: String,
    /// Motto: "Độc lập - Tự do - Hạnh phúc".
    pub motto: String,
    /// "Số: 123/QĐ-UBND", or with a blank.
    pub number: String,
    /// "Đà Nẵng, ngày 05 tháng 01 năm 2026", or with blanks.
    pub place_date: String,
    /// "QUYẾT ĐỊNH".
    pub kind: String,
    /// "Về việc công bố …".
    pub subject: String,
    /// The issuing authority, upper case.
    pub authority: String,
    /// Each ground: "Căn cứ …;".
    pub grounds: Vec<String>,
    /// "Theo đề nghị của …".
    pub proposal: String,
    /// "QUYẾT ĐỊNH:".
    pub decides: String,
    /// Articles 1–3.
    pub articles: Vec<Article>,
    /// The signer's title, lines, upper case.
    pub signer_title: Vec<String>,
    /// The signer's name (empty: left to sign).
    pub signer: String,
    /// "Nơi nhận:" and each recipient line.
    pub recipients_label: String,
    /// Recipient lines with their punctuation.
    pub recipients: Vec<String>,
    /// The annex heading: "Phụ lục", its title, "(Kèm theo Quyết định số …)".
    pub annex: Vec<String>,
}

/// A date the way Decree 30/2020/NĐ-CP writes it: a day below 10 and the months 1 and 2 take
/// a leading zero ("ngày 05 tháng 01 năm 2026", "ngày 24 tháng 3 năm 2026").
pub fn long_date(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Vi => {
            let m = d.month();
            let month = if m <= 2 {
                format!("{m:02}")
            } else {
                m.to_string()
            };
            format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
        }
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            format!(
                "{} {} {}",
                d.day(),
                MONTHS[(d.month() - 1) as usize],
                d.year()
            )
        }
    }
}

/// Upper case, line by line ("Ủy ban nhân dân\nthành phố Đà Nẵng").
fn upper_lines(s: &str) -> Vec<String> {
    s.split(['\n', '/'])
        .map(|l| l.trim().to_uppercase())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Where the form's pieces come from, for warnings.
pub struct Origin<'a> {
    /// The file (overlay or manifest).
    pub file: Option<&'a Arc<SourceFile>>,
    /// Where to point when a piece is missing.
    pub at: (u32, u32),
    /// "the overlay" / "the manifest", in both languages.
    pub what: Tr,
    /// The section the pieces are read from (`decision`, `process_decision`…).
    pub section: &'static str,
}

/// What [`front`] needs to know about the decision's content.
pub struct Facts<'a> {
    /// Language.
    pub lang: Lang,
    /// Whose catalogue ("thành phố Đà Nẵng"), for a province.
    pub province: Option<&'a str>,
    /// Names of the levels in scope, lower case.
    pub levels: Vec<String>,
    /// Counts of the Part I lists.
    pub counts: [usize; 3],
    /// The first localisation of the province (its overlay did not exist at `--from`).
    pub first_localisation: bool,
    /// The acts that published the national procedures concerned, each cited in full
    /// ("Quyết định số 1079/QĐ-BTP ngày 11/6/2024 của Bộ trưởng Bộ Tư pháp về việc …").
    pub national_acts: Vec<String>,
}

fn count_vi(n: usize) -> String {
    format!("{n:02}")
}

/// Builds the form around the annex, and the warnings for every piece it had to leave blank.
pub fn front(
    form: Option<&Form>,
    origin: &Origin<'_>,
    f: &Facts<'_>,
    sign: &Signing,
    warnings: &mut Vec<Diagnostic>,
) -> Front {
    let lang = f.lang;
    let empty = Form::default();
    let form = form.unwrap_or(&empty);
    let mut missing = |key: &str, en: &str, vi: &str| {
        let (we, wv, sec) = (&origin.what.en, &origin.what.vi, origin.section);
        let mut d = Diagnostic::warning(
            "decision/missing",
            tr!(
                "{we} has no `{sec}.{key}` ({en}): the decision leaves it blank to fill by hand",
                "{wv} không có `{sec}.{key}` ({vi}): quyết định để trống để điền tay"
            ),
        )
        .help(tr!(
            "add `{key}:` to the `{sec}:` section",
            "thêm `{key}:` vào mục `{sec}:`"
        ));
        if let Some(file) = origin.file {
            d = d.at(file, origin.at.0 as usize, origin.at.1 as usize, None);
        }
        warnings.push(d);
    };
    let get = |x: &Option<Text>| x.as_ref().map(|x| one_line(x.get(lang)));
    let issuer = match &form.issuer {
        Some(x) => upper_lines(x.get(lang)),
        None => {
            missing("issuer", "the issuing body", "tên cơ quan ban hành");
            vec![BLANK.to_string()]
        }
    };
    let symbol = match (&form.symbol, &sign.number) {
        (_, Some(n)) if n.contains('/') => None,
        (Some(s), _) => Some(s.clone()),
        (None, _) => {
            missing("symbol", "the symbol after the number", "ký hiệu văn bản");
            Some(BLANK.to_string())
        }
    };
    let number = match (&sign.number, &symbol) {
        (Some(n), None) => n.clone(),
        (Some(n), Some(s)) => format!("{n}/{s}"),
        (None, Some(s)) => format!("{BLANK}/{s}"),
        (None, None) => BLANK.to_string(),
    };
    let place = get(&form.place).unwrap_or_else(|| {
        missing("place", "the place name", "địa danh");
        BLANK.to_string()
    });
    let date = match sign.date {
        Some(d) => long_date(d, lang),
        None => t(
            lang,
            "ngày …… tháng …… năm ……",
            "on …… (day) …… (month) …… (year)",
        )
        .to_string(),
    };
    let authority_text = get(&form.authority).unwrap_or_else(|| {
        missing("authority", "the issuing authority", "thẩm quyền ban hành");
        BLANK.to_string()
    });
    // The kinds of change the decision publishes, for its subject and Article 1.
    let kinds: Vec<&str> = if f.first_localisation {
        vec![t(lang, "được địa phương hóa", "localised")]
    } else {
        [
            t(lang, "mới ban hành", "new"),
            t(lang, "được sửa đổi, bổ sung", "amended"),
            t(lang, "bị bãi bỏ", "abolished"),
        ]
        .into_iter()
        .zip(f.counts)
        .filter(|(_, n)| *n > 0)
        .map(|(k, _)| k)
        .collect()
    };
    let kinds_text = match (lang, kinds.len()) {
        (_, 0) => String::new(),
        (Lang::Vi, 1) => kinds[0].to_string(),
        (Lang::Vi, _) => format!(
            "{} và {}",
            kinds[..kinds.len() - 1].join(", "),
            kinds[kinds.len() - 1]
        ),
        (Lang::En, 1) => kinds[0].to_string(),
        (Lang::En, _) => format!(
            "{} and {}",
            kinds[..kinds.len() - 1].join(", "),
            kinds[kinds.len() - 1]
        ),
    };
    let (levels, where_) = scope_words(lang, &f.levels, f.province);
    let subject = match lang {
        Lang::Vi => format!(
            "Về việc công bố danh mục thủ tục hành chính {kinds_text} thuộc thẩm quyền giải quyết của {levels}{where_}"
        )
        .replace("  ", " "),
        Lang::En => format!(
            "Publishing the list of {kinds_text} administrative procedures handled at {levels}{where_}"
        )
        .replace("  ", " "),
    };
    let mut grounds: Vec<String> = form.grounds.iter().map(|g| one_line(g.get(lang))).collect();
    if grounds.is_empty() {
        missing("grounds", "the legal grounds", "căn cứ ban hành");
        grounds.push(BLANK.to_string());
    }
    if f.province.is_some() {
        let national: Vec<String> = if !form.national_decisions.is_empty() {
            form.national_decisions
                .iter()
                .map(|g| one_line(g.get(lang)))
                .collect()
        } else {
            // Each act as the registry records it: kind, number, date, signer and subject.
            f.national_acts.clone()
        };
        grounds.extend(national);
    }
    let grounds = grounds
        .into_iter()
        .map(|g| {
            // Every ground ends with a semicolon, the last one too: the proposal follows.
            let g = g.trim_end_matches([';', '.', ',']).to_string();
            match lang {
                Lang::Vi => format!("Căn cứ {g};"),
                Lang::En => format!("Having regard to {g};"),
            }
        })
        .collect::<Vec<_>>();
    let proposal = match get(&form.proposer) {
        Some(p) => format!(
            "{} {}.",
            t(lang, "Theo đề nghị của", "At the proposal of"),
            p.trim_end_matches('.')
        ),
        None => {
            missing("proposer", "who proposed the decision", "cơ quan đề nghị");
            format!(
                "{} {BLANK}.",
                t(lang, "Theo đề nghị của", "At the proposal of")
            )
        }
    };
    let total: usize = f.counts.iter().sum();
    let article1 = if f.first_localisation {
        match lang {
            Lang::Vi => format!(
                "Công bố kèm theo Quyết định này danh mục {} thủ tục hành chính được địa phương hóa thuộc thẩm quyền giải quyết của {levels}{where_}. Đây là lần đầu công bố danh mục địa phương hóa nên toàn bộ các thủ tục được công bố là danh mục thủ tục hành chính mới của địa phương (Mục 1 Phần I Phụ lục kèm theo).",
                count_vi(total)
            ),
            Lang::En => format!(
                "The list of {total} localised administrative procedures handled at {levels}{where_}, annexed to this Decision, is published. As this is the first localised list, every procedure is published as the locality's new list (section 1 of Part I of the Annex)."
            ),
        }
    } else {
        let parts: Vec<String> = [
            t(lang, "mới ban hành", "new"),
            t(lang, "được sửa đổi, bổ sung", "amended"),
            t(lang, "bị bãi bỏ", "abolished"),
        ]
        .iter()
        .zip(f.counts)
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| match lang {
            Lang::Vi => format!("{} thủ tục {k}", count_vi(n)),
            Lang::En => format!("{n} {k}"),
        })
        .collect();
        let parts = if parts.is_empty() {
            t(lang, "không có thủ tục nào thay đổi", "no change").to_string()
        } else {
            parts.join(", ")
        };
        match lang {
            Lang::Vi => format!(
                "Công bố kèm theo Quyết định này danh mục thủ tục hành chính {kinds_text} thuộc thẩm quyền giải quyết của {levels}{where_}, gồm {parts} (Phụ lục kèm theo)."
            )
            .replace("  ", " "),
            Lang::En => format!(
                "The annexed list of {kinds_text} administrative procedures handled at {levels}{where_} is published: {parts}."
            )
            .replace("  ", " "),
        }
    };
    let mut article2 = vec![
        t(
            lang,
            "Quyết định này có hiệu lực thi hành kể từ ngày ký.",
            "This Decision takes effect on the date of signature.",
        )
        .to_string(),
    ];
    if let Some(r) = get(&form.replaces) {
        article2.push(r);
    }
    if f.counts[2] > 0 {
        article2.push(
            t(
                lang,
                "Các thủ tục hành chính tại Mục 3 Phần I Phụ lục kèm theo Quyết định này bị bãi bỏ kể từ ngày Quyết định này có hiệu lực thi hành.",
                "The procedures in section 3 of Part I of the Annex are abolished from the date this Decision takes effect.",
            )
            .to_string(),
        );
    }
    let implementers = get(&form.implementers).unwrap_or_else(|| {
        missing(
            "implementers",
            "who implements the decision",
            "cơ quan thi hành",
        );
        BLANK.to_string()
    });
    let article3 = match lang {
        Lang::Vi => format!(
            "{} chịu trách nhiệm thi hành Quyết định này./.",
            implementers.trim_end_matches('.')
        ),
        Lang::En => format!(
            "{} are responsible for implementing this Decision.",
            implementers.trim_end_matches('.')
        ),
    };
    let heading = |k: usize| match lang {
        Lang::Vi => format!("Điều {k}."),
        Lang::En => format!("Article {k}."),
    };
    let articles = vec![
        Article {
            heading: heading(1),
            text: vec![article1],
        },
        Article {
            heading: heading(2),
            text: article2,
        },
        Article {
            heading: heading(3),
            text: vec![article3],
        },
    ];
    let signer_title = match &form.signer_title {
        Some(x) => upper_lines(x.get(lang)),
        None => {
            missing("signer_title", "the signer's title", "chức vụ người ký");
            vec![BLANK.to_string()]
        }
    };
    let signer = sign
        .signer
        .clone()
        .or_else(|| form.signer.clone())
        .unwrap_or_default();
    let mut recipients: Vec<String> = form
        .recipients
        .iter()
        .map(|r| one_line(r.get(lang)))
        .collect();
    if recipients.is_empty() {
        missing("recipients", "the recipients", "nơi nhận");
        recipients = vec![
            t(lang, "Như Điều 3", "As in Article 3").to_string(),
            t(lang, "Lưu: VT", "Archive: VT").to_string(),
        ];
    }
    let m = recipients.len();
    let recipients = recipients
        .into_iter()
        .enumerate()
        .map(|(k, r)| {
            let r = r.trim_end_matches([';', '.']).to_string();
            format!("- {r}{}", if k + 1 == m { "." } else { ";" })
        })
        .collect();
    let annex_title = match lang {
        Lang::Vi => format!(
            "DANH MỤC VÀ NỘI DUNG THỦ TỤC HÀNH CHÍNH {} THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA {}{}",
            kinds_text.to_uppercase(),
            levels.to_uppercase(),
            where_.to_uppercase()
        )
        .replace("  ", " "),
        Lang::En => format!(
            "LIST AND CONTENT OF THE {} ADMINISTRATIVE PROCEDURES HANDLED AT {}{}",
            kinds_text.to_uppercase(),
            levels.to_uppercase(),
            where_.to_uppercase()
        )
        .replace("  ", " "),
    };
    let annex_of = match lang {
        Lang::Vi => format!("(Kèm theo Quyết định số {number} {date} của {authority_text})"),
        Lang::En => format!("(Annexed to Decision No. {number} of {date} of the {authority_text})"),
    };
    Front {
        parent: get(&form.parent).map(|p| p.to_uppercase()),
        issuer,
        motto_name: t(
            lang,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "SOCIALIST REPUBLIC OF VIETNAM",
        )
        .into(),
        motto: t(
            lang,
            "Độc lập - Tự do - Hạnh phúc",
            "Independence - Freedom - Happiness",
        )
        .into(),
        number: format!("{} {number}", t(lang, "Số:", "No.:")),
        place_date: format!("{place}, {date}"),
        kind: t(lang, "QUYẾT ĐỊNH", "DECISION").into(),
        subject,
        authority: authority_text.to_uppercase(),
        grounds,
        proposal,
        decides: t(lang, "QUYẾT ĐỊNH:", "DECIDES:").into(),
        articles,
        signer_title,
        signer,
        recipients_label: t(lang, "Nơi nhận:", "Recipients:").into(),
        recipients,
        annex: vec![t(lang, "Phụ lục", "Annex").into(), annex_title, annex_of],
    }
}

/// Whose procedures a decision is about, in its words: the levels ("cấp tỉnh và cấp xã";
/// a blank when none is known) and where (" trên địa bàn thành phố Đà Nẵng", empty for the
/// national catalogue).
pub fn scope_words(lang: Lang, levels: &[String], province: Option<&str>) -> (String, String) {
    let levels = match (lang, levels.len()) {
        (_, 0) => BLANK.to_string(),
        (Lang::Vi, 1) => levels[0].clone(),
        (Lang::Vi, n) => format!("{} và {}", levels[..n - 1].join(", "), levels[n - 1]),
        (Lang::En, 1) => format!("{} level", levels[0]),
        (Lang::En, n) => format!(
            "{} and {} levels",
            levels[..n - 1].join(", "),
            levels[n - 1]
        ),
    };
    let where_ = match (lang, province) {
        (Lang::Vi, Some(p)) => format!(" trên địa bàn {}", lower_first(p)),
        (Lang::En, Some(p)) => format!(" in {p}"),
        _ => String::new(),
    };
    (levels, where_)
}

/// "Chủ tịch …" → "chủ tịch …" for use inside a sentence; a proper name keeps its case
/// ("Thành phố" → "thành phố", but a leading blank stays as it is).
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_decree_30_writes_them() {
        let d = |y, m, d| Date::new(y, m, d).unwrap();
        assert_eq!(
            long_date(d(2026, 1, 5), Lang::Vi),
            "ngày 05 tháng 01 năm 2026"
        );
        assert_eq!(
            long_date(d(2026, 2, 28), Lang::Vi),
            "ngày 28 tháng 02 năm 2026"
        );
        assert_eq!(
            long_date(d(2026, 3, 24), Lang::Vi),
            "ngày 24 tháng 3 năm 2026"
        );
        assert_eq!(
            long_date(d(2026, 11, 9), Lang::Vi),
            "ngày 09 tháng 11 năm 2026"
        );
        assert_eq!(long_date(d(2026, 11, 9), Lang::En), "9 November 2026");
    }

    #[test]
    fn missing_pieces_are_blanks_and_warnings() {
        let mut w = Vec::new();
        let f = front(
            None,
            &Origin {
                file: None,
                at: (0, 0),
                what: tr!("the overlay", "tệp địa phương hóa"),
                section: "decision",
            },
            &Facts {
                lang: Lang::Vi,
                province: Some("Thành phố Đà Nẵng"),
                levels: vec!["cấp tỉnh".into(), "cấp xã".into()],
                counts: [2, 0, 0],
                first_localisation: true,
                national_acts: vec!["Quyết định số 1523/QĐ-BCA-C06 (ngày ban hành: chưa có thông tin) của Bộ trưởng Bộ Công an".into()],
            },
            &Signing::default(),
            &mut w,
        );
        assert_eq!(f.number, "Số: ……………/……………");
        assert_eq!(f.issuer, [BLANK]);
        assert!(
            f.subject.ends_with(
                "thuộc thẩm quyền giải quyết của cấp tỉnh và cấp xã trên địa bàn thành phố Đà Nẵng"
            ),
            "{}",
            f.subject
        );
        assert!(
            f.grounds
                .last()
                .unwrap()
                .starts_with("Căn cứ Quyết định số 1523/QĐ-BCA-C06")
        );
        assert!(f.articles[0].text[0].contains("lần đầu"));
        let keys: Vec<&str> = w.iter().map(|d| d.code).collect();
        assert_eq!(
            keys.len(),
            9,
            "{:?}",
            w.iter().map(|d| &d.message.en).collect::<Vec<_>>()
        );
        assert_eq!(f.recipients, ["- Như Điều 3;", "- Lưu: VT."]);
    }
}
