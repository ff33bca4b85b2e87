//! The catalogue as a static website that works offline from its folder: no script, font
//! or style is fetched from elsewhere. An index grouped by field and level with a search
//! box that ignores accents, and one page per procedure under the portal's headings
//! ([`super::card`]); Vietnamese at the root, English under `en/`.

use super::card::{self, Nav, esc};
use crate::catalogue::Catalogue;
use crate::diag::Lang;
use crate::messages::t;
use crate::model::Procedure;
use crate::province::Province;
use std::fmt::Write as _;

/// The marker file that says a folder was written by `thutuc site` (so that writing the
/// site again may replace it whole).
pub const MARKER: &str = ".thutuc-site";

/// The search, inline: folds what is typed the way the index was folded
/// ([`crate::vietnamese::name_key`]) and hides the procedures that do not hold every word.
const SCRIPT: &str = r#"
(function () {
  var q = document.getElementById('q');
  var items = [].slice.call(document.querySelectorAll('li.tt'));
  var groups = [].slice.call(document.querySelectorAll('.group'));
  var count = document.getElementById('count');
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd')
      .toLowerCase().split(/[\s_-]+/).filter(Boolean);
  }
  function run() {
    var words = fold(q.value), seen = {}, n = 0;
    items.forEach(function (li) {
      var k = li.getAttribute('data-k');
      var hit = words.every(function (w) { return k.indexOf(w) >= 0; });
      li.hidden = !hit;
      if (hit && !seen[li.getAttribute('data-code')]) { seen[li.getAttribute('data-code')] = 1; n++; }
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector('li.tt:not([hidden])'); });
    count.textContent = count.getAttribute(words.length ? 'data-found' : 'data-all').replace('{n}', n);
  }
  q.addEventListener('input', run);
  run();
})();
"#;

/// The pages of the site: each file's path inside the folder and its text.
pub fn pages(
    cat: &Catalogue,
    procedures: &[Procedure],
    province: Option<&Province>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for lang in [Lang::Vi, Lang::En] {
        let (root, other_root) = match lang {
            Lang::Vi => ("", "en/"),
            Lang::En => ("en/", ""),
        };
        let title = match province {
            Some(p) => p.name.get(lang).to_string(),
            None => cat.manifest.name.get(lang).to_string(),
        };
        out.push((
            format!("{root}index.html"),
            index(cat, procedures, &title, lang),
        ));
        for p in procedures {
            let c = card::content(cat, p, province, lang);
            // From `tt/X.html` (or `en/tt/X.html`) to the other language's page.
            let back = if root.is_empty() { "../" } else { "../../" };
            let nav = Nav {
                home: ("../index.html".into(), title.clone()),
                other: (
                    format!("{back}{other_root}tt/{}.html", p.code.as_str()),
                    t(lang, "English", "Tiếng Việt").into(),
                ),
            };
            out.push((
                format!("{root}tt/{}.html", p.code.as_str()),
                card::page(&c, lang, Some(&nav)),
            ));
        }
    }
    out.push((MARKER.into(), "thutuc site\n".into()));
    out
}

fn index(cat: &Catalogue, procedures: &[Procedure], title: &str, lang: Lang) -> String {
    let m = &cat.manifest;
    let n = procedures.len();
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
        t(lang, "vi", "en"),
        esc(title),
        card::CSS
    );
    let _ = write!(
        s,
        "<header class=\"site\"><nav class=\"lang\"><a href=\"{}\" hreflang=\"{}\">{}</a></nav><a href=\"index.html\">{}</a></header>\n<main>\n<h1>{}</h1>\n",
        t(lang, "en/index.html", "../index.html"),
        t(lang, "en", "vi"),
        t(lang, "English", "Tiếng Việt"),
        esc(title),
        t(
            lang,
            "Tra cứu thủ tục hành chính",
            "Find an administrative procedure"
        )
    );
    let _ = write!(
        s,
        "<label for=\"q\" class=\"meta\">{}</label>\n<input id=\"q\" type=\"search\" autocomplete=\"off\" placeholder=\"{}\">\n<p id=\"count\" data-all=\"{}\" data-found=\"{}\">{}</p>\n",
        t(
            lang,
            "Gõ tên hoặc mã thủ tục (có dấu hoặc không dấu):",
            "Type a procedure's name or code:"
        ),
        t(
            lang,
            "ví dụ: đăng ký kết hôn, ket hon, 1.000894",
            "e.g. marriage registration, 1.000894"
        ),
        esc(t(lang, "{n} thủ tục", "{n} procedures")),
        esc(t(lang, "Tìm thấy {n} thủ tục", "{n} procedures found")),
        esc(&t(lang, "{n} thủ tục", "{n} procedures").replace("{n}", &n.to_string())),
    );
    for field in &m.fields {
        let in_field: Vec<&Procedure> = procedures
            .iter()
            .filter(|p| p.field.as_str() == field.id.as_str())
            .collect();
        if in_field.is_empty() {
            continue;
        }
        let _ = write!(
            s,
            "<section class=\"group\">\n<h2>{}</h2>\n",
            esc(field.name.get(lang))
        );
        for level in &m.levels {
            let here: Vec<&&Procedure> = in_field
                .iter()
                .filter(|p| p.levels.iter().any(|l| l.as_str() == level.id.as_str()))
                .collect();
            if here.is_empty() {
                continue;
            }
            let _ = write!(
                s,
                "<div class=\"group\"><h3>{}</h3>\n<ul class=\"list\">\n",
                esc(level.name.get(lang))
            );
            for p in here {
                let key = crate::vietnamese::name_key(&format!(
                    "{} {} {}",
                    p.code.as_str(),
                    p.name.vi,
                    p.name.en.as_deref().unwrap_or("")
                ));
                let _ = writeln!(
                    s,
                    "<li class=\"tt\" data-code=\"{}\" data-k=\"{}\"><a href=\"tt/{}.html\"><span class=\"c\">{}</span>{}</a></li>",
                    esc(p.code.as_str()),
                    esc(&key),
                    esc(p.code.as_str()),
                    esc(p.code.as_str()),
                    esc(p.name.get(lang))
                );
            }
            s.push_str("</ul></div>\n");
        }
        s.push_str("</section>\n");
    }
    let _ = write!(s, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n");
    s
}
