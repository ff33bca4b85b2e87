//! A quick reader for the everyday YAML that catalogue files are written in.
//!
//! Why by hand: saphyr-parser builds each scalar a character at a time and reports places in
//! characters, which cost `diff` most of its time (37 MB/s on procedure files; libyaml, which
//! serde_yaml uses, is only 1.16x faster). No maintained crate reads YAML with byte spans and
//! borrowed scalars. This reader knows a small subset — block mappings and sequences indented
//! with spaces, flow collections (also over several lines), one-line plain and quoted scalars
//! (with YAML's escapes but `\x`, `\u` and `\U`), anchors and aliases, comments — and gives
//! up on anything else, whereupon saphyr-parser reads the file
//! ([`super::Document::parse`]). It never reports an error: it gives up instead, so every error
//! and every unusual file is saphyr-parser's to read. Where it answers, its tree equals the one
//! built from saphyr-parser's events, node for node and span for span: debug builds (every
//! test run) compare the two on every parse, and tests compare them on every YAML file in the
//! repository, in `../shared` and in generated shapes.

use super::{Document, Key, Node, NodeId, Span, Str, Style};
use crate::limits::Limits;

/// Reads `text` when it stays within the subset; `None` means "let saphyr-parser read it".
pub(super) fn parse(text: &str, limits: &Limits) -> Option<Document> {
    if !plain_bytes(text.as_bytes()) {
        return None;
    }
    let mut r = Reader {
        b: text.as_bytes(),
        text,
        pos: 0,
        line: 1,
        line_start: 0,
        nodes: Vec::with_capacity(text.len() / 24),
        depth: 0,
        max_depth: limits.max_depth,
        flow_floor: 0,
        col_cache: std::cell::Cell::new((0, 0)),
        flow_depth: 0,
        weights: Vec::with_capacity(text.len() / 24),
        anchors: Vec::new(),
        latest: std::collections::HashMap::new(),
        expanded: 0,
        max_expanded: limits.max_expanded_nodes,
    };
    r.skip_gaps();
    if r.at_end() {
        return None;
    }
    let root = r.block_node(r.column())?;
    r.skip_gaps();
    if !r.at_end() {
        return None;
    }
    Some(Document {
        nodes: r.nodes,
        root: Some(root),
    })
}

/// False when the text holds a byte this reader leaves to saphyr-parser wherever it stands:
/// tabs, carriage returns, other control characters, the byte-order
/// mark, Unicode line and paragraph separators, non-characters, and lines that begin like a
/// document marker (`---`, `...`) or a directive (`%`).
fn plain_bytes(b: &[u8]) -> bool {
    // Line starts are found with memchr: a few in every hundred bytes.
    let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', b).map(|i| i + 1));
    for i in starts {
        let line = &b[i..];
        if line.first() == Some(&b'%') || line.starts_with(b"---") || line.starts_with(b"...") {
            return false;
        }
    }
    // The bytes that need a look are rare: each run of bytes is first checked whole, by
    // compares the compiler makes into vector instructions, and only a run that holds one
    // is looked at byte by byte.
    let look =
        |c: u8| (c < 0x20 && c != b'\n') | (c == 0x7F) | (c == 0xC2) | (c == 0xE2) | (c == 0xEF);
    for (n, run) in b.chunks(64).enumerate() {
        if run.iter().fold(false, |any, &c| any | look(c)) {
            let at = n * 64;
            for (i, &c) in run.iter().enumerate().filter(|&(_, &c)| look(c)) {
                let i = at + i;
                let bad = match c {
                    0..=0x1F | 0x7F => true,
                    // C1 controls, NEL among them.
                    0xC2 => matches!(b.get(i + 1), Some(0x80..=0x9F)),
                    // U+2028, U+2029.
                    0xE2 => {
                        b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9))
                    }
                    // U+FEFF, U+FFFE, U+FFFF.
                    _ => {
                        (b.get(i + 1) == Some(&0xBB) && b.get(i + 2) == Some(&0xBF))
                            || (b.get(i + 1) == Some(&0xBF)
                                && matches!(b.get(i + 2), Some(0xBE | 0xBF)))
                    }
                };
                if bad {
                    return false;
                }
            }
        }
    }
    true
}

/// The first byte from `at` that may end a plain scalar or a key, or change how it is read
/// (a line break, a flow indicator, `#`, `:`), or the end. Most bytes of a scalar are text:
/// one table look each steps over them.
fn next_stop(b: &[u8], mut at: usize) -> usize {
    const STOPS: [bool; 256] = {
        let mut t = [false; 256];
        let stops = *b"\n,[]{}#:";
        let mut i = 0;
        while i < stops.len() {
            t[stops[i] as usize] = true;
            i += 1;
        }
        t
    };
    while b.get(at).is_some_and(|&c| !STOPS[c as usize]) {
        at += 1;
    }
    at
}

/// Whether a plain scalar may begin with `c`: not a YAML indicator (those that may begin a
/// plain scalar when a safe character follows, `-`, `?` and `:`, are left to saphyr-parser).
fn plain_first(c: u8) -> bool {
    !matches!(
        c,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
            | b' '
            | b'\n'
    )
}

/// Flow collections nested deeper than this are left to saphyr-parser (its scanner stops at
/// [`super::FLOW_LEVELS`]; half of it is more than any catalogue file holds).
const FLOW_LEVELS: usize = super::FLOW_LEVELS / 2;

/// Longest key this reader takes (YAML's implicit keys stop at 1,024 characters).
const KEY_BYTES: usize = 512;

/// Entries of a mapping checked pairwise for a repeated key before a set is used.
const SCAN_KEYS: usize = 16;

struct Reader<'a> {
    b: &'a [u8],
    text: &'a str,
    pos: usize,
    /// 1-based line of `pos`.
    line: u32,
    /// Byte offset where `pos`'s line begins.
    line_start: usize,
    nodes: Vec<(Node, Span)>,
    /// Collections open around `pos`.
    depth: usize,
    max_depth: usize,
    /// Lines that go on with a flow collection are indented past this column.
    flow_floor: usize,
    /// Flow collections open around `pos`.
    flow_depth: usize,
    /// The last place whose column was counted, and its count of characters.
    col_cache: std::cell::Cell<(usize, usize)>,
    /// Each node's size once aliases are expanded, as [`super::Builder`] counts it.
    weights: Vec<u64>,
    /// Anchors in the order written, with their node once it is complete.
    anchors: Vec<(&'a str, Option<NodeId>)>,
    /// The latest anchor of each name, which an alias names.
    latest: std::collections::HashMap<&'a str, usize>,
    /// Nodes that aliases expand to, against `max_expanded`.
    expanded: u64,
    max_expanded: u64,
}

impl<'a> Reader<'a> {
    fn at_end(&self) -> bool {
        self.pos >= self.b.len()
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    /// Column of `pos` in bytes; only spaces, `-` and brackets precede the places this is
    /// asked of, so it is also the column in characters.
    fn column(&self) -> usize {
        self.pos - self.line_start
    }

    /// The span from `start` to `end`, both on the current line.
    fn span(&self, start: usize, end: usize) -> Span {
        // Columns are counted on from the last one asked on this line: a line of many flow
        // entries would otherwise be counted again for each.
        let (from, chars) = match self.col_cache.get() {
            (at, chars) if at >= self.line_start && at <= start => (at, chars),
            _ => (self.line_start, 0),
        };
        let more = self.b[from..start]
            .iter()
            .filter(|&&c| c & 0xC0 != 0x80)
            .count();
        let chars = chars + more;
        self.col_cache.set((start, chars));
        Span {
            start,
            end,
            line: self.line,
            col: chars as u32 + 1,
        }
    }

    fn push(&mut self, node: Node, span: Span) -> NodeId {
        self.nodes.push((node, span));
        self.weights.push(1);
        (self.nodes.len() - 1) as NodeId
    }

    /// `&name` at `pos`, if there is one: the anchor's index in `anchors` and its span; `pos`
    /// moves to the node it names, on the same line or at its end.
    fn anchor(&mut self) -> Option<Option<(usize, Span)>> {
        if self.peek() != Some(b'&') {
            return Some(None);
        }
        let start = self.pos;
        let name = self.name(start + 1, false)?;
        let end = start + 1 + name.len();
        let span = self.span(start, end);
        self.pos = end;
        self.spaces();
        if matches!(self.peek(), Some(b'*' | b'&')) {
            return None;
        }
        self.anchors.push((name, None));
        self.latest.insert(name, self.anchors.len() - 1);
        Some(Some((self.anchors.len() - 1, span)))
    }

    /// The anchor or alias name from `at`: letters, digits, `-` and `_`, then a space, a line
    /// break, the end, or in a flow collection `,`, `]` or `}`.
    fn name(&self, at: usize, flow: bool) -> Option<&'a str> {
        let b = self.b;
        let len = b[at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'))
            .count();
        let next_ok = match b.get(at + len) {
            None | Some(b' ' | b'\n') => true,
            Some(b',' | b']' | b'}') => flow,
            _ => false,
        };
        (len > 0 && next_ok).then(|| &self.text[at..at + len])
    }

    /// Gives node `id` the anchor read before it: the node starts where the anchor does.
    fn anchored(&mut self, id: NodeId, anchor: Option<(usize, Span)>) {
        if let Some((index, at)) = anchor {
            let span = &mut self.nodes[id as usize].1;
            span.end = span.end.max(at.end);
            span.start = at.start;
            span.line = at.line;
            span.col = at.col;
            self.anchors[index].1 = Some(id);
        }
    }

    /// `*name` at `pos`: the node its anchor named, counted against the expansion limit.
    fn alias(&mut self, flow: bool) -> Option<NodeId> {
        let start = self.pos;
        let name = self.name(start + 1, flow)?;
        let (_, target) = self.anchors[*self.latest.get(name)?];
        // An anchor still open (an alias inside its own node) is left to saphyr-parser.
        let target = target?;
        let weight = self.weights[target as usize];
        self.expanded = self.expanded.saturating_add(weight);
        if self.expanded > self.max_expanded {
            return None;
        }
        self.pos = start + 1 + name.len();
        let id = self.push(Node::Alias(target), self.span(start, self.pos));
        self.weights[id as usize] = weight;
        Some(id)
    }

    /// One more collection open; `None` past the depth limit (saphyr-parser tells it).
    fn enter(&mut self) -> Option<()> {
        if self.depth >= self.max_depth {
            return None;
        }
        self.depth += 1;
        Some(())
    }

    /// One more flow collection open: also within [`FLOW_LEVELS`], past which saphyr-parser's
    /// scanner refuses the text whatever `max_depth` allows.
    fn enter_flow(&mut self) -> Option<()> {
        if self.flow_depth >= FLOW_LEVELS {
            return None;
        }
        self.enter()?;
        self.flow_depth += 1;
        Some(())
    }

    fn spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    /// Past a comment that starts at `pos` (only where a `#` begins one).
    fn comment(&mut self) -> bool {
        if self.peek() == Some(b'#')
            && (self.pos == self.line_start || self.b[self.pos - 1] == b' ')
        {
            while self.peek().is_some_and(|c| c != b'\n') {
                self.pos += 1;
            }
            return true;
        }
        false
    }

    fn newline(&mut self) {
        self.pos += 1;
        self.line += 1;
        self.line_start = self.pos;
    }

    /// The rest of the line holds only spaces and a comment; past its end.
    fn end_of_line(&mut self) -> Option<()> {
        self.spaces();
        self.comment();
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.newline();
                Some(())
            }
            Some(_) => None,
        }
    }

    /// From the start of a line: past blank and comment lines, to the first character of the
    /// next line with content (or the end).
    fn skip_gaps(&mut self) {
        loop {
            self.spaces();
            self.comment();
            match self.peek() {
                Some(b'\n') => self.newline(),
                _ => return,
            }
        }
    }

    /// `- ` at `pos`: a block sequence entry.
    fn dash_entry(&self) -> bool {
        self.peek() == Some(b'-') && matches!(self.b.get(self.pos + 1), Some(b' ' | b'\n') | None)
    }

    /// Where the closing quote of the quoted scalar at `at` stands, on the same line.
    fn quote_end(&self, at: usize) -> Option<usize> {
        let b = self.b;
        let quote = b[at];
        let mut i = at + 1;
        loop {
            match *b.get(i)? {
                b'\n' => return None,
                b'\\' if quote == b'"' => i += 2,
                b'\'' if quote == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
                c if c == quote => return Some(i),
                _ => i += 1,
            }
        }
    }

    /// If a mapping key starts at `at` (in a flow collection when `flow`): where its `:`
    /// stands, a space, a line break or the end after it.
    fn key_colon(&self, at: usize, flow: bool) -> Option<usize> {
        let b = self.b;
        let colon = match b[at] {
            b'"' | b'\'' => self.quote_end(at)? + 1,
            _ if self.plain_first(at, flow) => {
                let mut i = at;
                loop {
                    i = next_stop(b, i);
                    match b.get(i) {
                        None | Some(b'\n') => return None,
                        Some(b',' | b'[' | b']' | b'{' | b'}') if flow => return None,
                        Some(b'#') if b[i - 1] == b' ' => return None,
                        // In a flow collection the first `:` ends the key (`a:b` is given up).
                        Some(b':') if flow => break,
                        Some(b':') if matches!(b.get(i + 1), None | Some(b' ' | b'\n')) => break,
                        _ => i += 1,
                    }
                }
                if b[i - 1] == b' ' {
                    return None;
                }
                i
            }
            _ => return None,
        };
        let after_ok = matches!(b.get(colon + 1), None | Some(b' ' | b'\n'));
        (b.get(colon) == Some(&b':') && after_ok && colon - at <= KEY_BYTES).then_some(colon)
    }

    /// The key at `pos` (known to be one, its `:` at `colon`); `pos` moves past the `:`.
    fn key(&mut self, colon: usize) -> Option<Key> {
        let start = self.pos;
        let text = match self.b[start] {
            q @ (b'"' | b'\'') => unquote(q, &self.text[start + 1..colon - 1])?,
            _ => Str::from(&self.text[start..colon]),
        };
        self.pos = colon + 1;
        Some(Key {
            text,
            span: self.span(start, colon),
        })
    }

    /// Whether a plain scalar may begin at `at`: not at a YAML indicator, except `-` before a
    /// character that may go on a plain scalar (`-20%`). (`?` and `:`, which YAML also lets
    /// begin one, are left to saphyr-parser.)
    fn plain_first(&self, at: usize, flow: bool) -> bool {
        let c = self.b[at];
        if c == b'-' {
            return match self.b.get(at + 1) {
                None | Some(b' ' | b'\n') => false,
                Some(b',' | b'[' | b']' | b'{' | b'}') => !flow,
                Some(_) => true,
            };
        }
        plain_first(c)
    }

    /// A block collection, or a flow collection alone on its line, whose first character is at
    /// `pos`, column `n`. Leaves `pos` at the next line with content.
    fn block_node(&mut self, n: usize) -> Option<NodeId> {
        match self.peek()? {
            b'-' if self.dash_entry() => self.block_seq(n, false),
            b'[' | b'{' => {
                self.flow_floor = n;
                let id = self.flow_node()?;
                self.end_of_line()?;
                self.skip_gaps();
                Some(id)
            }
            _ => {
                self.key_colon(self.pos, false)?;
                self.block_map(n)
            }
        }
    }

    /// A block mapping whose first key is at `pos`, column `n`.
    fn block_map(&mut self, n: usize) -> Option<NodeId> {
        self.enter()?;
        let start = self.pos;
        let id = self.push(Node::Map(Vec::new()), self.span(start, start));
        let mut entries = Vec::new();
        loop {
            let colon = self.key_colon(self.pos, false)?;
            let key = self.key(colon)?;
            self.spaces();
            let anchor = self.anchor()?;
            let value = match self.peek() {
                None | Some(b'\n' | b'#') => {
                    // An empty value stands at the `:`, or where its anchor is.
                    let empty = anchor.map_or_else(|| self.span(colon, colon), |(_, at)| at);
                    self.end_of_line()?;
                    self.skip_gaps();
                    let m = self.column();
                    if !self.at_end() && m > n {
                        self.block_node(m)?
                    } else if !self.at_end() && m == n && self.dash_entry() {
                        self.block_seq(n, true)?
                    } else {
                        self.push(
                            Node::Scalar {
                                text: Str::default(),
                                style: Style::Plain,
                            },
                            empty,
                        )
                    }
                }
                Some(_) => self.inline_value(n)?,
            };
            self.anchored(value, anchor);
            entries.push((key, value));
            if self.at_end() || self.column() < n {
                break;
            }
            if self.column() > n || self.dash_entry() {
                return None;
            }
        }
        // A block collection ends where the next token starts (or at the end of the text).
        self.close(id, Node::Map(entries), self.pos)
    }

    /// A block sequence whose first `-` is at `pos`, column `n`; `indentless` when it is the
    /// value of a mapping key at the same column.
    fn block_seq(&mut self, n: usize, indentless: bool) -> Option<NodeId> {
        self.enter()?;
        let dash = self.pos;
        let first = dash
            + 1
            + self.b[dash + 1..]
                .iter()
                .take_while(|&&c| c == b' ')
                .count();
        // saphyr-parser starts an indented sequence at its `-`, one at its key's column at its
        // first entry's content.
        let start = if indentless { first } else { dash };
        let id = self.push(Node::Seq(Vec::new()), self.span(start, start));
        let mut items = Vec::new();
        loop {
            if self.b.get(self.pos + 1) != Some(&b' ') {
                return None;
            }
            self.pos += 2;
            self.spaces();
            let anchor = self.anchor()?;
            let c = self.column();
            let item = match self.peek() {
                None | Some(b'\n' | b'#') => return None,
                Some(b'-') if self.dash_entry() => return None,
                Some(b'[' | b'{') => {
                    self.flow_floor = n;
                    let id = self.flow_node()?;
                    self.end_of_line()?;
                    self.skip_gaps();
                    id
                }
                Some(_) if self.key_colon(self.pos, false).is_some() => {
                    // `- &a key: value` anchors the key: left to saphyr-parser.
                    if anchor.is_some() {
                        return None;
                    }
                    self.block_map(c)?
                }
                Some(_) => self.inline_value(n)?,
            };
            self.anchored(item, anchor);
            items.push(item);
            if self.at_end() || self.column() < n {
                break;
            }
            if self.column() > n {
                return None;
            }
            if self.dash_entry() {
                continue;
            }
            if indentless {
                break;
            }
            return None;
        }
        self.close(id, Node::Seq(items), self.pos)
    }

    /// Ends the collection `id` at `end`.
    fn close(&mut self, id: NodeId, node: Node, end: usize) -> Option<NodeId> {
        if let Node::Map(entries) = &node
            && repeats_a_key(entries)
        {
            return None;
        }
        self.depth -= 1;
        let weights = &self.weights;
        let inner: u64 = match &node {
            Node::Seq(items) => items.iter().map(|i| weights[*i as usize]).sum(),
            Node::Map(entries) => entries.iter().map(|(_, v)| weights[*v as usize] + 1).sum(),
            _ => 0,
        };
        self.weights[id as usize] = 1u64.saturating_add(inner);
        let slot = &mut self.nodes[id as usize];
        slot.1.end = end.max(slot.1.end);
        slot.0 = node;
        Some(id)
    }

    /// A value on the line of its key or `-`: a flow collection, a quoted or a plain scalar,
    /// then the end of the line. Leaves `pos` at the next line with content. A flow
    /// collection's further lines are indented past `floor`.
    fn inline_value(&mut self, floor: usize) -> Option<NodeId> {
        let id = match self.peek()? {
            b'[' | b'{' => {
                self.flow_floor = floor;
                self.flow_node()?
            }
            b'"' | b'\'' => self.quoted()?,
            b'*' => self.alias(false)?,
            _ if self.plain_first(self.pos, false) => self.plain_scalar(false)?,
            _ => return None,
        };
        self.end_of_line()?;
        self.skip_gaps();
        Some(id)
    }

    /// A plain scalar from `pos` to the end of its line (in a flow collection, to `,`, `]` or
    /// `}`), without its trailing spaces. `None` where it might go on past the line, or where a
    /// `:` and a space make it a key.
    fn plain_scalar(&mut self, flow: bool) -> Option<NodeId> {
        let (b, start) = (self.b, self.pos);
        let mut i = start;
        loop {
            i = next_stop(b, i);
            let ends = match b.get(i) {
                None | Some(b'\n') if flow => return None,
                None | Some(b'\n') => true,
                Some(b'[' | b'{') if flow => return None,
                Some(b',' | b']' | b'}') => flow,
                Some(b'#') if b[i - 1] == b' ' => {
                    return if flow { None } else { self.plain_to(i) };
                }
                Some(b':') => {
                    let next = b.get(i + 1).copied();
                    if matches!(next, None | Some(b' ' | b'\n'))
                        || (flow && matches!(next, Some(b',' | b'[' | b']' | b'{' | b'}')))
                    {
                        return None;
                    }
                    false
                }
                _ => false,
            };
            if ends {
                return self.plain_to(i);
            }
            i += 1;
        }
    }

    /// The plain scalar from `pos` to `end`, without its trailing spaces.
    fn plain_to(&mut self, end: usize) -> Option<NodeId> {
        let start = self.pos;
        let end = start + self.text[start..end].trim_end_matches(' ').len();
        self.pos = end;
        let node = Node::Scalar {
            text: Str::from(&self.text[start..end]),
            style: Style::Plain,
        };
        let span = self.span(start, end);
        Some(self.push(node, span))
    }

    fn quoted(&mut self) -> Option<NodeId> {
        let start = self.pos;
        let close = self.quote_end(start)?;
        let text = unquote(self.b[start], &self.text[start + 1..close])?;
        self.pos = close + 1;
        // saphyr-parser's token runs on over the spaces (and a comment) after the quote.
        let end = self.token_end();
        let span = self.span(start, end);
        Some(self.push(
            Node::Scalar {
                text,
                style: Style::Quoted,
            },
            span,
        ))
    }

    /// A node inside a flow collection.
    fn flow_node(&mut self) -> Option<NodeId> {
        match self.peek()? {
            b'[' => self.flow_seq(),
            b'{' => self.flow_map(),
            b'"' | b'\'' => self.quoted(),
            b'*' => self.alias(true),
            b'&' => {
                let anchor = self.anchor()?;
                let id = self.flow_node()?;
                self.anchored(id, anchor);
                Some(id)
            }
            _ if self.plain_first(self.pos, true) => self.plain_scalar(true),
            _ => None,
        }
    }

    /// Past spaces, comments and line breaks between the tokens of a flow collection. A line
    /// that goes on with the collection must be indented past the block around it.
    fn flow_ws(&mut self) -> Option<()> {
        loop {
            self.spaces();
            self.comment();
            if self.peek() != Some(b'\n') {
                return Some(());
            }
            self.newline();
            self.spaces();
            if !matches!(self.peek(), Some(b'\n' | b'#') | None) && self.column() <= self.flow_floor
            {
                return None;
            }
        }
    }

    /// After an entry of a flow collection: `,` and the next entry, or the closing bracket.
    /// `Some(true)` when the collection goes on.
    fn flow_next(&mut self, close: u8) -> Option<bool> {
        self.flow_ws()?;
        match self.peek()? {
            b',' => {
                self.pos += 1;
                self.flow_ws()?;
                // A comma before the bracket is left to saphyr-parser.
                (self.peek()? != close).then_some(true)
            }
            c if c == close => {
                self.pos += 1;
                Some(false)
            }
            _ => None,
        }
    }

    /// A flow collection opening at `pos`: its entries, each read by `entry`, up to `close`.
    fn flow<T>(
        &mut self,
        close: u8,
        entry: impl Fn(&mut Self) -> Option<T>,
        node: impl Fn(Vec<T>) -> Node,
    ) -> Option<NodeId> {
        self.enter_flow()?;
        let start = self.pos;
        let id = self.push(node(Vec::new()), self.span(start, start + 1));
        self.pos += 1;
        self.flow_ws()?;
        let mut entries = Vec::new();
        if self.peek()? == close {
            self.pos += 1;
        } else {
            loop {
                entries.push(entry(self)?);
                if !self.flow_next(close)? {
                    break;
                }
            }
        }
        let end = self.token_end();
        self.flow_depth -= 1;
        self.close(id, node(entries), end)
    }

    fn flow_seq(&mut self) -> Option<NodeId> {
        self.flow(b']', Self::flow_node, Node::Seq)
    }

    fn flow_map(&mut self) -> Option<NodeId> {
        self.flow(b'}', Self::flow_entry, Node::Map)
    }

    /// `key: value` in a flow mapping; an empty value stands at the `:`.
    fn flow_entry(&mut self) -> Option<(Key, NodeId)> {
        let colon = self.key_colon(self.pos, true)?;
        let key = self.key(colon)?;
        if self.peek()? != b' ' {
            return None;
        }
        self.spaces();
        let value = match self.peek()? {
            b',' | b'}' => self.push(
                Node::Scalar {
                    text: Str::default(),
                    style: Style::Plain,
                },
                self.span(colon, colon),
            ),
            _ => self.flow_node()?,
        };
        Some((key, value))
    }

    /// Where saphyr-parser ends the token of a closing bracket or quote just passed: past the
    /// spaces after it and, when spaces come first, past a comment to the end of the line.
    fn token_end(&self) -> usize {
        let b = self.b;
        let mut i = self.pos;
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        if i > self.pos && b.get(i) == Some(&b'#') {
            while b.get(i).is_some_and(|&c| c != b'\n') {
                i += 1;
            }
        }
        i
    }
}

/// Whether a key stands twice among `entries` (saphyr-parser's reading then tells where).
fn repeats_a_key(entries: &[(Key, NodeId)]) -> bool {
    if entries.len() <= SCAN_KEYS {
        entries
            .iter()
            .enumerate()
            .any(|(i, (k, _))| entries[..i].iter().any(|(e, _)| e.text == k.text))
    } else {
        let mut seen = std::collections::HashSet::with_capacity(entries.len());
        entries.iter().any(|(k, _)| !seen.insert(k.text.as_str()))
    }
}

/// The text of a quoted scalar written as `raw` between `quote`s, on one line; `None` for an
/// escape this reader leaves to saphyr-parser (`\x`, `\u`, `\U`).
fn unquote(quote: u8, raw: &str) -> Option<Str> {
    if quote == b'\'' {
        return Some(if raw.contains('\'') {
            Str::from(raw.replace("''", "'"))
        } else {
            Str::from(raw)
        });
    }
    if !raw.contains('\\') {
        return Some(Str::from(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        // YAML 1.2, 5.7 (escaped characters).
        out.push(match chars.next()? {
            '0' => '\0',
            'a' => '\u{7}',
            'b' => '\u{8}',
            't' => '\t',
            'n' => '\n',
            'v' => '\u{b}',
            'f' => '\u{c}',
            'r' => '\r',
            'e' => '\u{1b}',
            ' ' => ' ',
            '"' => '"',
            '/' => '/',
            '\\' => '\\',
            'N' => '\u{85}',
            '_' => '\u{a0}',
            'L' => '\u{2028}',
            'P' => '\u{2029}',
            _ => return None,
        });
    }
    Some(Str::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::Builder;

    fn both(text: &str, limits: &Limits) -> (Option<Document>, Option<Document>) {
        (parse(text, limits), Builder::new(text, limits).run().ok())
    }

    #[test]
    fn reads_what_catalogue_files_hold_as_saphyr_parser_does() {
        let text = "# Thủ tục\ncode: \"1.004222\"\nname: { vi: Đăng ký thường trú, en: 'Registration' }\n\
            levels: [province, commune]  # cấp\nagencies:\n  competent: Công an xã\nfees: &fees\n- id: le-phi\n  \
            amount: 20.000 đồng\nsteps:\n  - { vi: \"Bước 1:\\n nộp hồ sơ\" }\n  - *fees\nchange: -20%\n\
            empty:\nflow: [ a, { b: },\n   c ]\n";
        let (quick, full) = both(text, &Limits::default());
        assert!(quick.is_some(), "the quick reader gave up");
        assert_eq!(quick, full);
    }

    #[test]
    fn leaves_what_it_does_not_know_to_saphyr_parser() {
        for text in [
            "a:\tb\n",
            "a: |\n  text\n",
            "a: >\n  text\n",
            "a: two\n  lines\n",
            "---\na: b\n",
            "a: \"\\x41\"\n",
            "? a\n: b\n",
            "a: [b,\n  c d\n  e]\n",
            "a:\n  - - b\n",
            "- &x a: b\n",
            "a: !tag b\n",
            "a: 'two\n  lines'\n",
            "just a scalar\n",
            "",
        ] {
            assert!(parse(text, &Limits::default()).is_none(), "{text:?}");
        }
    }

    #[test]
    fn every_error_is_saphyr_parsers() {
        let limits = Limits {
            max_depth: 2,
            max_expanded_nodes: 10,
            ..Limits::default()
        };
        for text in [
            "a: 1\na: 2\n",
            "a: b: c\n",
            "a: [1, [2, [3]]]\n",
            "a: *nowhere\n",
            "a: &x [1, 2, 3, 4, 5, 6]\nb: [*x, *x]\n",
            "a: \"open\n",
            "a: [1, 2\n",
            "a:\n    b: 1\n  c: 2\n",
            "a: \"x\" y\n",
        ] {
            let (quick, full) = both(text, &limits);
            assert!(full.is_none(), "{text:?} is an error for saphyr-parser");
            assert!(quick.is_none(), "{text:?}");
        }
    }
}
