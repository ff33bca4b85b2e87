//! A procedure as citizens and staff read it on a public service portal: the portal's
//! headings (trình tự, cách thức, thành phần hồ sơ, thời hạn, đối tượng, cơ quan, kết quả,
//! phí, lệ phí, mẫu đơn, yêu cầu, căn cứ pháp lý) with the documents per case and the fees
//! and deadlines in words, from the same wording as the decision's Part II
//! ([`super::annex::content`]). One page of HTML, for `show --format html` and for each
//! page of `thutuc site`.

use super::{Content, Section};
use crate::catalogue::Catalogue;
use crate::diag::Lang;
use crate::messages::t;
use crate::model::Procedure;
use crate::province::Province;
use crate::wording::Refs;
use std::fmt::Write as _;

/// The content of one procedure under the portal's headings.
pub fn content(cat: &Catalogue, p: &Procedure, province: Option<&Province>, lang: Lang) -> Content {
    let refs = Refs::new(&cat.manifest, province, lang);
    super::annex::content(Section::New, p.code.as_str(), p, &refs, Vec::new())
}

pub use super::html::esc;

/// Styles of the card and the site: the system's own fonts (nothing fetched), A4 when
/// printed.
pub const CSS: &str = "
body { font-family: system-ui, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', Arial, sans-serif;
  font-size: 16px; line-height: 1.5; color: #1a1a1a; max-width: 52em; margin: 0 auto; padding: 1em 1.2em 3em; }
header.site { border-bottom: 3px solid #b3261e; margin-bottom: 1em; padding-bottom: .4em; }
header.site a { color: #b3261e; text-decoration: none; font-weight: 600; }
nav.lang { float: right; font-size: .9em; }
h1 { font-size: 1.5em; line-height: 1.3; margin: .4em 0 .2em; }
h1 .code { color: #555; font-weight: normal; font-size: .75em; display: block; }
h2 { font-size: 1.1em; margin: 1.4em 0 .3em; padding-bottom: .15em; border-bottom: 1px solid #ddd; color: #7a1a14; }
h3 { font-size: 1em; margin: 1em 0 .2em; }
p { margin: .3em 0; }
ul.docs { margin: .2em 0 .5em; padding-left: 1.4em; }
.meta { color: #444; }
input#q { width: 100%; box-sizing: border-box; font-size: 1.1em; padding: .5em .7em; border: 2px solid #b3261e; border-radius: 6px; }
#count { color: #555; margin: .4em 0 1em; }
ul.list { list-style: none; padding: 0; margin: .2em 0 .8em; }
ul.list li { padding: .25em 0; border-bottom: 1px solid #eee; }
ul.list a { color: #0b4f9c; text-decoration: none; }
ul.list a:hover { text-decoration: underline; }
ul.list .c { color: #666; font-variant-numeric: tabular-nums; margin-right: .5em; }
@media print { body { max-width: none; font-size: 12pt; } nav, header.site, input#q { display: none; }
  h2 { break-after: avoid; } @page { size: A4; margin: 20mm 15mm 20mm 25mm; } }
";

/// Links around a page of the site: to the index and to the page in the other language.
pub struct Nav {
    /// The catalogue's (or province's) name, linking to the index.
    pub home: (String, String),
    /// The other language's page: its link and its name.
    pub other: (String, String),
}

/// The body of the card: title, then each heading with its lines.
pub fn body(c: &Content, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<h1><span class=\"code\">{} {}</span>{}</h1>",
        t(lang, "Mã thủ tục", "Procedure code"),
        esc(&c.code),
        esc(&c.name)
    );
    for part in &c.parts {
        let _ = writeln!(s, "<h2 id=\"{}\">{}</h2>", part.id, esc(&part.label));
        let mut in_list = false;
        for line in &part.lines {
            for l in line.split('\n').filter(|l| !l.trim().is_empty()) {
                // Documents of a case are listed under the case's line.
                if let Some(item) = l.strip_prefix("– ") {
                    if !in_list {
                        s.push_str("<ul class=\"docs\">");
                        in_list = true;
                    }
                    let _ = write!(s, "<li>{}</li>", esc(item));
                    continue;
                }
                if in_list {
                    s.push_str("</ul>\n");
                    in_list = false;
                }
                let _ = writeln!(s, "<p>{}</p>", esc(l));
            }
        }
        if in_list {
            s.push_str("</ul>\n");
        }
    }
    s
}

/// A whole page: the card, with the site's links when it is a page of the site.
pub fn page(c: &Content, lang: Lang, nav: Option<&Nav>) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        t(lang, "vi", "en"),
        esc(&c.code),
        esc(&c.name)
    );
    if let Some(n) = nav {
        let _ = writeln!(
            s,
            "<header class=\"site\"><nav class=\"lang\"><a href=\"{}\" hreflang=\"{}\">{}</a></nav><a href=\"{}\">{}</a></header>",
            esc(&n.other.0),
            t(lang, "en", "vi"),
            esc(&n.other.1),
            esc(&n.home.0),
            esc(&n.home.1)
        );
    }
    s.push_str("<main>\n");
    s.push_str(&body(c, lang));
    s.push_str("</main>\n</body>\n</html>\n");
    s
}
