//! A YAML document as a tree of nodes that remember where they came from.
//!
//! serde_yaml is archived and loses positions; we build our own tree from the events of
//! `saphyr-parser` so every value keeps its span and every error can point at it. Aliases are
//! kept as references to the anchored node (never copied), and their expanded size is counted,
//! so an alias bomb is refused in bounded time and memory.

use crate::limits::Limits;
use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};

mod fast;

/// A region of a source file, in byte offsets, with the 1-based line and column of its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column (in characters) of `start`.
    pub col: u32,
}

impl Span {
    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A short text (a key, an id, a code, an act's reference) kept inline when it fits in 24
/// bytes: most scalars of a catalogue file are this short, so reading and keeping them costs
/// no allocation each.
pub type Str = compact_str::CompactString;

/// Index of a node in its [`Document`].
pub type NodeId = u32;

/// How a scalar was written; a quoted `"true"` is text, a plain `true` is a boolean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Unquoted.
    Plain,
    /// Single or double quoted.
    Quoted,
    /// `|` or `>` block scalar.
    Block,
}

/// One node of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A scalar with its text exactly as YAML produced it (no type resolution yet).
    Scalar {
        /// The scalar's value (inline when short: most scalars are keys, ids and numbers).
        text: Str,
        /// How it was written.
        style: Style,
    },
    /// A sequence of nodes.
    Seq(Vec<NodeId>),
    /// A mapping; keys are scalars (complex keys are refused).
    Map(Vec<(Key, NodeId)>),
    /// An alias to an anchored node.
    Alias(NodeId),
}

/// A mapping key and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key text.
    pub text: Str,
    /// Where the key stands.
    pub span: Span,
}

/// A parsed YAML document: an arena of nodes with spans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    nodes: Vec<(Node, Span)>,
    root: Option<NodeId>,
}

/// What went wrong while reading YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlError {
    /// The YAML itself is malformed.
    Syntax(String),
    /// The same key appears twice in one mapping.
    DuplicateKey {
        /// The key.
        key: String,
        /// Where it was first written.
        first: Span,
    },
    /// A mapping key that is not a plain scalar.
    ComplexKey,
    /// Aliases would expand to more nodes than allowed.
    AliasExpansion {
        /// The limit that was exceeded.
        limit: u64,
    },
    /// Nesting deeper than allowed.
    TooDeep {
        /// The limit that was exceeded.
        limit: usize,
    },
    /// Flow collections (`[…]`, `{…}`) nested deeper than the YAML scanner can count
    /// ([`FLOW_LEVELS`]) while `max_depth` allows more.
    FlowTooDeep,
    /// More than one document in a file.
    MultipleDocuments,
    /// The file holds no document at all.
    Empty,
    /// An alias to an anchor that was never defined.
    UnknownAnchor,
}

/// An error with the place it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// What went wrong.
    pub error: YamlError,
    /// Where.
    pub span: Span,
}

impl Document {
    /// The root node, if the document is not empty.
    pub fn root(&self) -> Option<NodeId> {
        self.root
    }

    /// The node with this id, following aliases.
    pub fn get(&self, id: NodeId) -> &Node {
        let mut id = id;
        // Aliases always point at an earlier, completed node, so this terminates.
        loop {
            match &self.nodes[id as usize].0 {
                Node::Alias(target) => id = *target,
                node => return node,
            }
        }
    }

    /// Where the node was written (for an alias: where the alias stands).
    pub fn span(&self, id: NodeId) -> Span {
        self.nodes[id as usize].1
    }

    /// The scalar text of a node, if it is a scalar.
    pub fn scalar(&self, id: NodeId) -> Option<(&str, Style)> {
        match self.get(id) {
            Node::Scalar { text, style } => Some((text, *style)),
            _ => None,
        }
    }

    /// Parses one YAML document from `text` within `limits`: by the quick reader when the
    /// text stays within what it knows ([`fast`]), else from saphyr-parser's events.
    pub fn parse(text: &str, limits: &Limits) -> Result<Document, Located> {
        if let Some(doc) = fast::parse(text, limits) {
            // Every test run holds the quick reader to saphyr-parser's tree.
            #[cfg(debug_assertions)]
            assert_eq!(
                Builder::new(text, limits).run().as_ref(),
                Ok(&doc),
                "the quick YAML reader differs from saphyr-parser on:\n{text}"
            );
            return Ok(doc);
        }
        Builder::new(text, limits).run()
    }

    /// How many nodes the document holds (their ids run from 0).
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The quick reader alone: `None` where it leaves the text to saphyr-parser. For the
    /// tests and benchmarks that compare the two readers.
    #[doc(hidden)]
    pub fn parse_quick(text: &str, limits: &Limits) -> Option<Document> {
        fast::parse(text, limits)
    }

    /// saphyr-parser's reading alone. For the tests and benchmarks that compare the two.
    #[doc(hidden)]
    pub fn parse_full(text: &str, limits: &Limits) -> Result<Document, Located> {
        Builder::new(text, limits).run()
    }
}

/// The deepest nesting of flow collections saphyr-parser's scanner accepts: it counts flow
/// levels in a `u8` and fails with "recursion limit exceeded" at the 256th. The scanner reads
/// ahead of the events, so this can be reached before `max_depth` is checked on an event.
pub const FLOW_LEVELS: usize = 255;

/// The byte offset of the flow opening bracket (`[` or `{`) that nests `room + 1` levels deep
/// counted from `from`, skipping quoted scalars and comments; `None` if there is none.
fn flow_opening(text: &str, from: usize, room: usize) -> Option<usize> {
    let rest = text.get(from..)?;
    let mut level = 0usize;
    let mut chars = rest.char_indices().peekable();
    let mut prev = ' ';
    while let Some((i, c)) = chars.next() {
        match c {
            '[' | '{' => {
                level += 1;
                if level > room {
                    return Some(from + i);
                }
            }
            ']' | '}' => level = level.saturating_sub(1),
            '"' => {
                while let Some((_, q)) = chars.next() {
                    match q {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '\'' => {
                while let Some((_, q)) = chars.next() {
                    if q == '\'' {
                        if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                }
            }
            '#' if prev.is_whitespace() => {
                for (_, q) in chars.by_ref() {
                    if q == '\n' {
                        break;
                    }
                }
            }
            _ => {}
        }
        prev = c;
    }
    None
}

/// Converts character offsets (what the YAML scanner reports) to byte offsets.
struct Offsets<'a> {
    text: &'a str,
    ascii: bool,
    // Last conversion, so that the mostly increasing queries stay linear overall.
    last_char: usize,
    last_byte: usize,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Offsets {
            text,
            ascii: text.is_ascii(),
            last_char: 0,
            last_byte: 0,
        }
    }

    fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        let mut byte = self.last_byte;
        let mut ch = self.last_char;
        if char_index < ch {
            // Spans of containers and multi-line scalars reach back a little; walk back
            // from the last answer rather than from the start, which made long files quadratic.
            for c in self.text[..byte].chars().rev() {
                if ch == char_index {
                    break;
                }
                byte -= c.len_utf8();
                ch -= 1;
            }
            self.last_char = ch;
            self.last_byte = byte;
            return byte;
        }
        // Counted in bytes: a run of ASCII is as many characters as bytes, and is skipped
        // eight at a time; Vietnamese text is mostly ASCII between its accented letters.
        let bytes = self.text.as_bytes();
        while ch < char_index && byte < bytes.len() {
            if char_index - ch >= 8
                && let Some(run) = bytes.get(byte..byte + 8)
                && run.is_ascii()
            {
                byte += 8;
                ch += 8;
                continue;
            }
            byte += 1;
            while bytes.get(byte).is_some_and(|b| b & 0xC0 == 0x80) {
                byte += 1;
            }
            ch += 1;
        }
        self.last_char = ch;
        self.last_byte = byte;
        byte
    }

    fn span(&mut self, s: &YSpan) -> Span {
        let start = self.byte(s.start.index());
        let end = self.byte(s.end.index()).max(start);
        Span {
            start,
            end,
            line: s.start.line() as u32,
            col: s.start.col() as u32 + 1,
        }
    }
}

enum Frame {
    Seq {
        id: NodeId,
        items: Vec<NodeId>,
        anchor: usize,
    },
    Map {
        id: NodeId,
        entries: Vec<(Key, NodeId)>,
        pending_key: Option<Key>,
        anchor: usize,
        // Key → position in `entries`, once the mapping is large enough that scanning the
        // entries for a duplicate would make the whole file quadratic in its keys.
        index: Option<std::collections::HashMap<Str, usize>>,
    },
}

/// Entries of a mapping scanned for a duplicate key before an index is built for them.
const SCAN_KEYS: usize = 16;

struct Builder<'a> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    offsets: Offsets<'a>,
    limits: &'a Limits,
    doc: Document,
    stack: Vec<Frame>,
    // Anchor id (saphyr-parser gives each definition its own) → its completed node; a map,
    // so that many aliases in one file cost no more than many values.
    anchors: std::collections::HashMap<usize, NodeId>,
    // Expanded size of each node, so that aliases are charged their full weight.
    weight: Vec<u64>,
    // Values that aliases expand to (the values written out are bounded by the file size).
    expanded: u64,
    documents: usize,
    // Where the last event ended (bytes), to find where a too-deep flow collection starts.
    last_end: usize,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, limits: &'a Limits) -> Self {
        Builder {
            parser: Parser::new_from_str(text),
            offsets: Offsets::new(text),
            limits,
            doc: Document::default(),
            stack: Vec::new(),
            anchors: std::collections::HashMap::new(),
            weight: Vec::new(),
            expanded: 0,
            documents: 0,
            last_end: 0,
        }
    }

    fn parser_text(&self) -> &'a str {
        self.offsets.text
    }

    /// The span of one byte offset, with its line and column.
    fn place(&self, at: usize) -> Span {
        let before = &self.offsets.text[..at];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Span {
            start: at,
            end: at + 1,
            line: before.matches('\n').count() as u32 + 1,
            col: before[line_start..].chars().count() as u32 + 1,
        }
    }

    fn push_node(&mut self, node: Node, span: Span, weight: u64) -> NodeId {
        let id = self.doc.nodes.len() as NodeId;
        self.doc.nodes.push((node, span));
        self.weight.push(weight);
        id
    }

    fn run(mut self) -> Result<Document, Located> {
        loop {
            let (event, yspan) = match self.parser.next() {
                None => break,
                Some(Ok(ev)) => ev,
                Some(Err(e)) => {
                    let m = e.marker();
                    let start = self.offsets.byte(m.index());
                    // The flow nesting passed FLOW_LEVELS: that is a depth, and when
                    // `max_depth` is lower it is that limit that was passed.
                    let mut span = Span {
                        start,
                        end: start,
                        line: m.line() as u32,
                        col: m.col() as u32 + 1,
                    };
                    let error = if e.info() == "recursion limit exceeded" {
                        if self.limits.max_depth <= FLOW_LEVELS {
                            // Point at the bracket that passed the limit, not where the
                            // scanner gave up.
                            let room = self.limits.max_depth.saturating_sub(self.stack.len());
                            if let Some(at) = flow_opening(self.parser_text(), self.last_end, room)
                            {
                                span = self.place(at);
                            }
                            YamlError::TooDeep {
                                limit: self.limits.max_depth,
                            }
                        } else {
                            YamlError::FlowTooDeep
                        }
                    } else {
                        YamlError::Syntax(e.info().to_string())
                    };
                    return Err(Located { error, span });
                }
            };
            let span = self.offsets.span(&yspan);
            self.last_end = self.last_end.max(span.end);
            match event {
                Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => {}
                Event::DocumentStart(_) => {
                    self.documents += 1;
                    if self.documents > 1 {
                        return Err(Located {
                            error: YamlError::MultipleDocuments,
                            span,
                        });
                    }
                }
                Event::Scalar(text, style, anchor, _tag) => {
                    let style = match style {
                        ScalarStyle::Plain => Style::Plain,
                        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                        ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
                    };
                    let text = Str::from(text);
                    let is_key = matches!(
                        self.stack.last(),
                        Some(Frame::Map {
                            pending_key: None,
                            ..
                        })
                    );
                    if is_key {
                        if anchor != 0 {
                            // An anchored key is legal YAML but meaningless here.
                        }
                        if let Some(Frame::Map {
                            entries,
                            pending_key,
                            index,
                            ..
                        }) = self.stack.last_mut()
                        {
                            let earlier = match index {
                                Some(index) => index.get(&text).map(|&i| &entries[i]),
                                None => entries.iter().find(|(k, _)| k.text == text),
                            };
                            if let Some((first, _)) = earlier {
                                return Err(Located {
                                    error: YamlError::DuplicateKey {
                                        key: text.into_string(),
                                        first: first.span,
                                    },
                                    span,
                                });
                            }
                            *pending_key = Some(Key { text, span });
                        }
                        continue;
                    }
                    let id = self.push_node(Node::Scalar { text, style }, span, 1);
                    self.anchor(anchor, id);
                    self.attach(id)?;
                }
                Event::Alias(anchor) => {
                    let Some(&target) = self.anchors.get(&anchor) else {
                        return Err(Located {
                            error: YamlError::UnknownAnchor,
                            span,
                        });
                    };
                    if self.is_key_position() {
                        return Err(Located {
                            error: YamlError::ComplexKey,
                            span,
                        });
                    }
                    let w = self.weight[target as usize];
                    let id = self.push_node(Node::Alias(target), span, w);
                    self.expanded = self.expanded.saturating_add(w);
                    if self.expanded > self.limits.max_expanded_nodes {
                        return Err(Located {
                            error: YamlError::AliasExpansion {
                                limit: self.limits.max_expanded_nodes,
                            },
                            span,
                        });
                    }
                    self.attach(id)?;
                }
                Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                    if self.is_key_position() {
                        return Err(Located {
                            error: YamlError::ComplexKey,
                            span,
                        });
                    }
                    if self.stack.len() >= self.limits.max_depth {
                        return Err(Located {
                            error: YamlError::TooDeep {
                                limit: self.limits.max_depth,
                            },
                            span,
                        });
                    }
                    let is_seq = matches!(event, Event::SequenceStart(..));
                    let node = if is_seq {
                        Node::Seq(Vec::new())
                    } else {
                        Node::Map(Vec::new())
                    };
                    let id = self.push_node(node, span, 1);
                    self.stack.push(if is_seq {
                        Frame::Seq {
                            id,
                            items: Vec::new(),
                            anchor,
                        }
                    } else {
                        Frame::Map {
                            id,
                            entries: Vec::new(),
                            pending_key: None,
                            anchor,
                            index: None,
                        }
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let frame = self.stack.pop().expect("balanced events");
                    let (id, anchor, node) = match frame {
                        Frame::Seq { id, items, anchor } => (id, anchor, Node::Seq(items)),
                        Frame::Map {
                            id,
                            entries,
                            anchor,
                            ..
                        } => (id, anchor, Node::Map(entries)),
                    };
                    let weight = match &node {
                        Node::Seq(items) => items.iter().map(|i| self.weight[*i as usize]).sum(),
                        Node::Map(entries) => entries
                            .iter()
                            .map(|(_, v)| self.weight[*v as usize] + 1)
                            .sum(),
                        _ => 0,
                    };
                    let weight: u64 = 1u64.saturating_add(weight);
                    self.weight[id as usize] = weight;
                    let start = self.doc.nodes[id as usize].1;
                    let full = Span {
                        end: span.end.max(start.end),
                        ..start
                    };
                    self.doc.nodes[id as usize] = (node, full);
                    self.anchor(anchor, id);
                    self.attach(id)?;
                }
            }
        }
        if self.doc.root.is_none() {
            return Err(Located {
                error: YamlError::Empty,
                span: Span {
                    start: 0,
                    end: 0,
                    line: 1,
                    col: 1,
                },
            });
        }
        Ok(self.doc)
    }

    fn is_key_position(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Map {
                pending_key: None,
                ..
            })
        )
    }

    fn anchor(&mut self, anchor: usize, id: NodeId) {
        if anchor != 0 {
            self.anchors.insert(anchor, id);
        }
    }

    fn attach(&mut self, id: NodeId) -> Result<(), Located> {
        match self.stack.last_mut() {
            None => self.doc.root = Some(id),
            Some(Frame::Seq { items, .. }) => items.push(id),
            Some(Frame::Map {
                entries,
                pending_key,
                index,
                ..
            }) => {
                let key = pending_key.take().expect("a value follows its key");
                match index {
                    Some(index) => {
                        index.insert(key.text.clone(), entries.len());
                    }
                    None if entries.len() + 1 >= SCAN_KEYS => {
                        let mut built: std::collections::HashMap<Str, usize> = entries
                            .iter()
                            .enumerate()
                            .map(|(i, (k, _))| (k.text.clone(), i))
                            .collect();
                        built.insert(key.text.clone(), entries.len());
                        *index = Some(built);
                    }
                    None => {}
                }
                entries.push((key, id));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Document, Located> {
        Document::parse(s, &Limits::default())
    }

    #[test]
    fn spans_point_at_values_in_bytes() {
        let src = "tên: Đăng ký\ncode: \"1.004222\"\n";
        let doc = parse(src).unwrap();
        let Node::Map(entries) = doc.get(doc.root().unwrap()) else {
            panic!()
        };
        let (k, v) = &entries[1];
        assert_eq!(k.text, "code");
        let span = doc.span(*v);
        assert_eq!(span.line, 2);
        assert_eq!(span.col, 7);
        assert_eq!(&src[span.start..span.end], "\"1.004222\"");
        assert_eq!(doc.scalar(*v), Some(("1.004222", Style::Quoted)));
    }

    #[test]
    fn offsets_agree_with_char_indices_in_any_order() {
        let text = "tên: Đăng ký thường trú\nphí: 10.000 đồng\nnote: plain ASCII for a while, then ở đây\n";
        let naive = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
        let n = text.chars().count();
        let mut o = Offsets::new(text);
        for c in [3, 9, 2, 20, 20, 0, n, 15, 14, 1, 40, 52, 75, 44, 77, n + 3] {
            assert_eq!(o.byte(c), naive(c), "char {c}");
        }
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let err = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert!(matches!(err.error, YamlError::DuplicateKey { ref key, .. } if key == "a"));
        assert_eq!(err.span.line, 3);
    }

    #[test]
    fn alias_bomb_is_refused_quickly() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            s.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse(&s).unwrap_err();
        assert!(matches!(err.error, YamlError::AliasExpansion { .. }));
    }

    #[test]
    fn many_anchors_cost_no_more_than_many_values() {
        // Each alias finds its anchor by a map: a search through the earlier anchors made a
        // 4 MB file of 120,000 anchors and aliases take 24 s (no clock is asserted here;
        // were it quadratic again, this test alone would take a minute).
        let n = 60_000;
        let mut s = String::new();
        for i in 0..n {
            s.push_str(&format!("a{i}: &x{i} v{i}\n"));
        }
        for i in 0..n {
            s.push_str(&format!("b{i}: *x{}\n", n - 1 - i));
        }
        let limits = Limits {
            max_expanded_nodes: 1_000_000,
            ..Limits::default()
        };
        let doc = Document::parse(&s, &limits).unwrap();
        let Node::Map(entries) = doc.get(doc.root().unwrap()) else {
            panic!()
        };
        assert_eq!(doc.scalar(entries[n].1), Some(("v59999", Style::Plain)));
        assert_eq!(Document::parse_full(&s, &limits), Ok(doc));
    }

    #[test]
    fn aliases_resolve_to_the_anchor() {
        let doc = parse("a: &x {k: v}\nb: *x\n").unwrap();
        let Node::Map(entries) = doc.get(doc.root().unwrap()) else {
            panic!()
        };
        assert!(matches!(doc.get(entries[1].1), Node::Map(_)));
    }

    #[test]
    fn empty_and_tabs() {
        assert_eq!(parse("").unwrap_err().error, YamlError::Empty);
        assert_eq!(
            parse("# only a comment\n").unwrap_err().error,
            YamlError::Empty
        );
        let err = parse("a:\n\tb: 1\n").unwrap_err();
        assert!(matches!(err.error, YamlError::Syntax(_)), "{err:?}");
    }

    #[test]
    fn depth_is_bounded() {
        let s = "- ".repeat(100) + "x\n";
        let err = parse(&s).unwrap_err();
        assert!(
            matches!(err.error, YamlError::TooDeep { limit: 64 }),
            "{err:?}"
        );
        // Flow collections past the scanner's 255 levels: the depth limit, told as such.
        for open in ["[", "{a: "] {
            let s = "x: ".to_string() + &open.repeat(5000);
            let err = parse(&s).unwrap_err();
            assert_eq!(err.error, YamlError::TooDeep { limit: 64 }, "{open}");
        }
        // It points at the bracket that passed the limit: the 64th, under the mapping.
        let s = "y: 1\nx: \"[\" # [\n  ".to_string() + &"[".repeat(300);
        let err = parse(&s).unwrap_err();
        let at = s.find("  [").unwrap() + 2 + 63;
        assert_eq!((err.span.start, err.span.line, err.span.col), (at, 3, 66));
        let deep = Limits {
            max_depth: 1000,
            ..Limits::default()
        };
        let s = "[".repeat(300) + &"]".repeat(300);
        let err = Document::parse(&s, &deep).unwrap_err();
        assert_eq!(err.error, YamlError::FlowTooDeep);
        let at_most = Limits {
            max_depth: 255,
            ..Limits::default()
        };
        let err = Document::parse(&s, &at_most).unwrap_err();
        assert_eq!(err.error, YamlError::TooDeep { limit: 255 });
        // 200 levels are within both when max_depth allows them.
        let s = "[".repeat(200) + &"]".repeat(200);
        assert!(Document::parse(&s, &deep).is_ok());
    }
}
