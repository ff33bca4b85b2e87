//! Text tables for a terminal: figures right-aligned under a heading and its unit, names in
//! full, wrapped at a word to the width of the terminal.

use textwrap::core::display_width;

/// Width the human output is laid out for: `COLUMNS` when set, else the terminal's, else 80
/// (output to a file or a pipe). Never under 40, so that a name always has room.
pub fn terminal_width() -> usize {
    let env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    env.or_else(|| terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| w.0 as usize))
        .unwrap_or(80)
        .clamp(40, 1000)
}

/// One row: a key (a code, or empty), its figures, and the name it stands for.
pub struct Row {
    /// Left column (procedure code); empty in group totals.
    pub key: String,
    /// Figures, as many as the table has columns, already formatted.
    pub cells: Vec<String>,
    /// The full name, never cut.
    pub name: String,
}

/// A table of figures with one name per row.
pub struct Table {
    /// Heading of the key column (empty for none).
    pub key_head: String,
    /// Heading of the name column.
    pub name_head: String,
    /// Per figure column: its heading and its unit (shown in brackets under it).
    pub columns: Vec<(String, String)>,
    /// The rows.
    pub rows: Vec<Row>,
}

/// The narrowest name column worth putting beside the figures; narrower, the name goes on
/// its own line(s) above them.
const MIN_NAME: usize = 30;
const GAP: &str = "  ";

fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(display_width(s))))
}

fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(display_width(s))))
}

/// Lines of at most `w` columns, broken between words only: a word longer than the line
/// stays whole.
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    let opts = textwrap::Options::new(w.max(1))
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    let lines: Vec<String> = textwrap::wrap(s, opts)
        .into_iter()
        .map(|l| l.into_owned())
        .collect();
    if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    }
}

impl Table {
    /// The table laid out for `width` columns.
    pub fn render(&self, width: usize) -> String {
        let key_w = std::iter::once(&self.key_head)
            .chain(self.rows.iter().map(|r| &r.key))
            .map(|k| display_width(k))
            .max()
            .unwrap_or(0);
        let units: Vec<String> = self
            .columns
            .iter()
            .map(|(_, u)| {
                if u.is_empty() {
                    String::new()
                } else {
                    format!("({u})")
                }
            })
            .collect();
        let col_w: Vec<usize> = self
            .columns
            .iter()
            .zip(&units)
            .enumerate()
            .map(|(i, ((h, _), u))| {
                self.rows
                    .iter()
                    .filter_map(|r| r.cells.get(i))
                    .map(|c| display_width(c))
                    .chain([display_width(h), display_width(u)])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        // Where the figures start: after the key column, or indented under the names.
        let lead = if key_w > 0 { key_w + GAP.len() } else { 2 };
        let figures_w: usize = col_w.iter().map(|w| w + GAP.len()).sum::<usize>() - GAP.len();
        let name_w = width.saturating_sub(lead + figures_w + GAP.len());
        let wide = name_w >= MIN_NAME;
        let figures = |cells: &[String]| -> String {
            col_w
                .iter()
                .enumerate()
                .map(|(i, w)| pad_left(cells.get(i).map_or("", |c| c.as_str()), *w))
                .collect::<Vec<_>>()
                .join(GAP)
        };
        let heads: Vec<String> = self.columns.iter().map(|(h, _)| h.clone()).collect();
        let mut out = String::new();
        let mut line = |s: String| {
            out.push_str(s.trim_end());
            out.push('\n');
        };
        if wide && key_w == 0 {
            // Group totals: the name first, as wide as the longest one allows.
            let name_col = std::iter::once(&self.name_head)
                .chain(self.rows.iter().map(|r| &r.name))
                .map(|n| display_width(n))
                .max()
                .unwrap_or(0)
                .min(width.saturating_sub(figures_w + GAP.len()));
            line(format!(
                "{}{GAP}{}",
                pad_right(&self.name_head, name_col),
                figures(&heads)
            ));
            line(format!("{}{GAP}{}", " ".repeat(name_col), figures(&units)));
            for r in &self.rows {
                let names = wrap(&r.name, name_col);
                line(format!(
                    "{}{GAP}{}",
                    pad_right(&names[0], name_col),
                    figures(&r.cells)
                ));
                for n in &names[1..] {
                    line(n.clone());
                }
            }
        } else if wide {
            let key = if key_w > 0 {
                pad_right(&self.key_head, key_w) + GAP
            } else {
                "  ".into()
            };
            line(format!("{key}{}{GAP}{}", figures(&heads), self.name_head));
            line(format!("{}{}", " ".repeat(lead), figures(&units)));
            for r in &self.rows {
                let names = wrap(&r.name, name_w);
                let key = if key_w > 0 {
                    pad_right(&r.key, key_w) + GAP
                } else {
                    "  ".into()
                };
                line(format!("{key}{}{GAP}{}", figures(&r.cells), names[0]));
                for n in &names[1..] {
                    line(format!("{}{n}", " ".repeat(lead + figures_w + GAP.len())));
                }
            }
        } else {
            // The name on the first line(s), beside the key; the figures under it.
            let name_at = if key_w > 0 { key_w + GAP.len() } else { 0 };
            let name_w = width.saturating_sub(name_at).max(MIN_NAME);
            line(format!(
                "{}{}",
                if key_w > 0 {
                    pad_right(&self.key_head, key_w) + GAP
                } else {
                    String::new()
                },
                self.name_head
            ));
            line(format!("{}{}", " ".repeat(lead), figures(&heads)));
            line(format!("{}{}", " ".repeat(lead), figures(&units)));
            for r in &self.rows {
                let names = wrap(&r.name, name_w);
                for (i, n) in names.iter().enumerate() {
                    let key = match (key_w > 0, i) {
                        (false, _) => String::new(),
                        (true, 0) => pad_right(&r.key, key_w) + GAP,
                        (true, _) => " ".repeat(name_at),
                    };
                    line(format!("{key}{n}"));
                }
                line(format!("{}{}", " ".repeat(lead), figures(&r.cells)));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            key_head: "Mã".into(),
            name_head: "Tên thủ tục".into(),
            columns: vec![
                ("Thời hạn".into(), "ngày làm việc".into()),
                ("Chi phí tuân thủ".into(), "đồng/năm".into()),
            ],
            rows: vec![Row {
                key: "1.013170".into(),
                cells: vec!["28".into(), "480.000.000".into()],
                name: "Thủ tục giải quyết chế độ trợ cấp một lần, cấp “Giấy chứng nhận” và \
                       truy tặng “Huy chương Quân kỳ quyết thắng” đối với quân nhân"
                    .into(),
            }],
        }
    }

    #[test]
    fn names_are_whole_and_wrapped_between_words() {
        for width in [40, 80, 120, 200] {
            let out = table().render(width);
            let words: Vec<&str> = out.split_whitespace().collect();
            for w in table().rows[0].name.split_whitespace() {
                assert!(words.contains(&w), "{w} cut at {width}:\n{out}");
            }
            for l in out.lines().filter(|_| width >= 80) {
                assert!(display_width(l) <= width, "{width}: {l}");
            }
        }
        // Wide enough, the name sits beside the figures on the code's line.
        let wide = table().render(200);
        assert!(wide.lines().nth(2).unwrap().starts_with("1.013170  "));
        assert!(
            wide.lines()
                .nth(2)
                .unwrap()
                .contains("480.000.000  Thủ tục")
        );
        // Too narrow for a name beside the figures: the name has its own lines, the figures
        // follow.
        let narrow = table().render(60);
        assert!(
            narrow
                .lines()
                .nth(3)
                .unwrap()
                .starts_with("1.013170  Thủ tục")
        );
        assert!(narrow.contains("(ngày làm việc)"));
    }
}
