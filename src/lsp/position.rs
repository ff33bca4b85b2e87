//! Byte offsets in a file and the editor's positions (line, UTF-16 column, as LSP counts
//! by default), both ways.

use lsp_types::{Position, Range};

/// Where each line of a text starts, to convert positions.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// The line starts of `text`.
    pub fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// The editor position of a byte offset (clamped to the text, and to a character
    /// boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.starts[line];
        let col: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, col as u32)
    }

    /// The range of bytes `start..end`.
    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end.max(start)))
    }

    /// The byte offset of an editor position; a position past the end of its line is the
    /// line's end, past the last line the text's end.
    pub fn offset(&self, p: Position) -> usize {
        let Some(&start) = self.starts.get(p.line as usize) else {
            return self.text.len();
        };
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let mut units = 0u32;
        for (i, c) in self.text[start..line_end].char_indices() {
            if units >= p.character {
                return start + i;
            }
            units += c.len_utf16() as u32;
        }
        line_end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_agree_on_vietnamese_text() {
        let t = "tên: Đăng ký\nwhen: a 😀 b\n";
        let l = Lines::new(t);
        let b = t.find('b').unwrap();
        let p = l.position(b);
        // 😀 is two UTF-16 units.
        assert_eq!(p, Position::new(1, 11));
        assert_eq!(l.offset(p), b);
        assert_eq!(l.offset(Position::new(0, 99)), t.find('\n').unwrap());
        assert_eq!(l.offset(Position::new(9, 0)), t.len());
        assert_eq!(l.position(t.len() + 5), Position::new(2, 0));
    }
}
