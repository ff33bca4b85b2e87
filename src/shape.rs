//! File shapes: turning a spanned YAML tree into values, collecting every error on the way.
//!
//! Each object type is described once by a [`Shape`]: the decoder checks keys against it
//! (unknown keys get a did-you-mean) and `thutuc schema` prints it as JSON Schema, so the
//! two cannot drift apart. This module sits below every file kind that uses it (procedures,
//! overlays, the manifest, calendar years, working hours, targets, scenario tests), together
//! with the spanned primitives they share ([`Sp`], [`Text`], [`Pos`]) and the error of text
//! read inside a value ([`RuleError`] at an [`Origin`]).

use crate::diag::{Diagnostic, SourceFile, Tr, Words, suggest};
use crate::limits::{LimitKey, Limits};
use crate::tr;
pub use crate::yaml::Str;
use crate::yaml::{Document, Key, Node, NodeId, Span, Style};
use std::sync::Arc;

/// A value and the byte range of the YAML value it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Start byte in the file.
    pub start: u32,
    /// End byte in the file.
    pub end: u32,
}

impl<T> Sp<T> {
    /// A value with no position (built by code, not read from a file).
    pub fn bare(value: T) -> Sp<T> {
        Sp {
            value,
            start: 0,
            end: 0,
        }
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A text in Vietnamese, optionally in English too. The same words written in many files
/// (a document's or a field's name) are held once when read through a [`Shared`].
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Text {
    /// Vietnamese (always present).
    pub vi: Arc<str>,
    /// English, when translated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en: Option<Arc<str>>,
}

/// The texts read so far in one load of a catalogue, so that words written the same way in
/// many procedures ("Tờ khai", "Họ, chữ đệm và tên": half the names and labels of the bundled
/// catalogue repeat) are kept once per worker thread. It lives only as long as the load that
/// made it.
///
/// Each thread of the pool keeps its own set: with one set behind locks that every worker
/// takes (and one count per text that every worker bumps), the same cache lines moved between
/// the cores on every text read. A text is therefore held at most once per worker (a few
/// copies), never once per file.
#[derive(Debug)]
pub struct Shared {
    slots: Box<[Slot]>,
}

/// One worker's set, on a cache line of its own so that two workers never share one.
type Slot = crossbeam_utils::CachePadded<std::sync::Mutex<foldhash::HashSet<Arc<str>>>>;

impl Default for Shared {
    fn default() -> Self {
        // Slot 0 serves threads outside the pool; the pool's workers take 1..=n.
        let slots = (0..=rayon::current_num_threads())
            .map(|_| Slot::default())
            .collect();
        Shared { slots }
    }
}

impl Shared {
    /// The copy of `text` this thread holds for the load.
    pub fn get(&self, text: &str) -> Arc<str> {
        let i = rayon::current_thread_index().map_or(0, |i| i + 1);
        // A pool larger than the one the set was made for shares the last slot: still one
        // lock per slot, so still correct.
        let slot = &self.slots[i.min(self.slots.len() - 1)];
        // A panic elsewhere while a lock was held leaves a set that is still whole.
        let mut set = slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(t) = set.get(text) {
            return t.clone();
        }
        let t: Arc<str> = Arc::from(text);
        set.insert(t.clone());
        t
    }
}

impl Text {
    /// The text in `lang`, falling back to Vietnamese.
    pub fn get(&self, lang: crate::diag::Lang) -> &str {
        match lang {
            crate::diag::Lang::En => self.en.as_deref().unwrap_or(&self.vi),
            crate::diag::Lang::Vi => &self.vi,
        }
    }
}

/// A byte range in the catalogue file the rule was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

/// Where a rule's text sits in its file, to turn offsets in the text into file offsets.
#[derive(Debug, Clone, Copy)]
pub struct Origin {
    /// File offset of the rule text's first byte.
    pub base: u32,
    /// Length of the whole YAML value in the file.
    pub len: u32,
    /// True when the text appears verbatim in the file (plain or simple quoted scalar), so
    /// offsets inside it are exact; otherwise every position is the whole value.
    pub exact: bool,
}

impl Origin {
    /// An origin for text that is not in any file (tests, `--set` values).
    pub fn detached() -> Origin {
        Origin {
            base: 0,
            len: 0,
            exact: true,
        }
    }

    /// The file range of bytes `start..end` of the rule text.
    pub fn pos(&self, start: usize, end: usize) -> Pos {
        if self.exact {
            Pos {
                start: self.base + start as u32,
                end: self.base + end as u32,
            }
        } else {
            Pos {
                start: self.base,
                end: self.base + self.len,
            }
        }
    }
}

/// A rule that could not be read or does not make sense.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// Stable code.
    pub code: &'static str,
    /// What is wrong.
    pub message: Tr,
    /// Where.
    pub pos: Pos,
    /// How to fix it.
    pub help: Option<Tr>,
}

/// What kind of value a key holds (for checking and for the JSON Schema).
#[derive(Debug)]
pub enum Kind {
    /// Free text.
    Str,
    /// An id: lowercase letters, digits, `-` and `_`.
    Id,
    /// A fact name rules can use: a lowercase letter, then letters, digits and `_`.
    FactId,
    /// A procedure code.
    Code,
    /// A whole number ≥ 0.
    Count,
    /// A size in bytes: `4096`, `512 KB`, `8 MiB`.
    Size,
    /// `true` / `false`.
    Bool,
    /// `YYYY-MM-DD`.
    Date,
    /// `HH:MM`.
    Time,
    /// Localised text `{vi, en}` or a plain string (Vietnamese).
    Text,
    /// One of fixed words.
    OneOf(&'static [&'static str]),
    /// A rule of the given kind, as text.
    Rule(&'static str),
    /// An object.
    Obj(&'static Shape),
    /// A list.
    List(&'static Kind),
    /// A mapping of free keys to values of one kind.
    Map(&'static Kind),
    /// A list, or one of fixed words instead (`fees: not stated`).
    ListOr(&'static Kind, &'static [&'static str]),
    /// A whole number ≥ 0, or one of fixed words (`not stated`).
    CountOr(&'static [&'static str]),
}

/// One key of an object.
#[derive(Debug)]
pub struct Field {
    /// The key.
    pub key: &'static str,
    /// Must be present.
    pub required: bool,
    /// Its value.
    pub kind: Kind,
    /// What it means (shown in editors).
    pub doc: &'static str,
}

/// An object type.
#[derive(Debug)]
pub struct Shape {
    /// Type name (schema definitions).
    pub name: &'static str,
    /// What it is.
    pub doc: &'static str,
    /// What it is, in Vietnamese.
    pub vi: &'static str,
    /// Its keys.
    pub fields: &'static [Field],
}

/// Shorthand for a required key.
pub const fn req(key: &'static str, kind: Kind, doc: &'static str) -> Field {
    Field {
        key,
        required: true,
        kind,
        doc,
    }
}

/// Shorthand for an optional key.
pub const fn opt(key: &'static str, kind: Kind, doc: &'static str) -> Field {
    Field {
        key,
        required: false,
        kind,
        doc,
    }
}

/// The decoding context of one file.
pub struct Cx<'a> {
    /// The parsed document.
    pub doc: &'a Document,
    /// The file, for diagnostics.
    pub file: &'a Arc<SourceFile>,
    /// Limits.
    pub limits: &'a Limits,
    /// Findings so far.
    pub diags: Vec<Diagnostic>,
    /// Texts already read in this load, to share (none: each text is its own).
    pub shared: Option<&'a Shared>,
}

/// A mapping being read against its shape.
pub struct Obj<'d> {
    entries: &'d [(Key, NodeId)],
    used: Used,
    shape: &'static Shape,
    span: Span,
}

impl<'a> Cx<'a> {
    /// A context over a parsed document.
    pub fn new(doc: &'a Document, file: &'a Arc<SourceFile>, limits: &'a Limits) -> Self {
        Cx {
            doc,
            file,
            limits,
            diags: Vec::new(),
            shared: None,
        }
    }

    /// Records an error at a span.
    pub fn error(&mut self, code: &'static str, span: Span, message: Tr, help: Option<Tr>) {
        let mut d = Diagnostic::error(code, message).at(self.file, span.start, span.end, None);
        d.help = help;
        self.diags.push(d);
    }

    /// Records a warning at a span.
    pub fn warn(&mut self, code: &'static str, span: Span, message: Tr, help: Option<Tr>) {
        let mut d = Diagnostic::warning(code, message).at(self.file, span.start, span.end, None);
        d.help = help;
        self.diags.push(d);
    }

    /// Records a rule error.
    pub fn rule_error(&mut self, e: RuleError) {
        let mut d = Diagnostic::error(e.code, e.message).at(
            self.file,
            e.pos.start as usize,
            e.pos.end as usize,
            None,
        );
        d.help = e.help;
        self.diags.push(d);
    }

    /// The span of a node.
    pub fn span(&self, id: NodeId) -> Span {
        self.doc.span(id)
    }

    fn describe(&self, id: NodeId) -> Tr {
        match self.doc.get(id) {
            Node::Scalar { text, .. } if text.is_empty() => tr!("nothing", "giá trị rỗng"),
            Node::Scalar { text, .. } => {
                let short: String = text.chars().take(40).collect();
                let ell = if text.chars().count() > 40 { "…" } else { "" };
                tr!("`{short}{ell}`", "`{short}{ell}`")
            }
            Node::Seq(_) => tr!("a list", "một danh sách"),
            Node::Map(_) => tr!("a mapping of keys", "một nhóm khóa"),
            Node::Alias(_) => tr!("an alias", "một bí danh"),
        }
    }

    fn expected(&mut self, id: NodeId, what: Tr) {
        let found = self.describe(id);
        self.error(
            "schema/type",
            self.span(id),
            Tr {
                en: format!("expected {}, found {}", what.en, found.en),
                vi: format!("cần {}, nhưng gặp {}", what.vi, found.vi),
            },
            None,
        );
    }

    /// Opens a mapping against its shape.
    pub fn obj(&mut self, id: NodeId, shape: &'static Shape) -> Option<Obj<'a>> {
        let doc: &'a Document = self.doc;
        match doc.get(id) {
            Node::Map(entries) => Some(Obj {
                entries,
                used: Used::new(entries.len()),
                shape,
                span: self.span(id),
            }),
            _ => {
                let (doc, vi) = (shape.doc, shape.vi);
                self.expected(id, tr!("a mapping of keys ({doc})", "một nhóm khóa ({vi})"));
                None
            }
        }
    }

    /// Reads a mapping of free keys (`value: its meaning`), decoding each value; anything
    /// else is a `schema/type` error saying `what` was expected.
    pub fn map<T>(
        &mut self,
        id: NodeId,
        what: Tr,
        help: Option<Tr>,
        mut item: impl FnMut(&mut Self, NodeId) -> Option<T>,
    ) -> Option<Vec<(Sp<Str>, T)>> {
        let doc: &'a Document = self.doc;
        match doc.get(id) {
            Node::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                out.extend(entries.iter().filter_map(|(k, v)| {
                    let value = item(self, *v)?;
                    let key = Sp {
                        value: Str::from(k.text.as_str()),
                        start: k.span.start as u32,
                        end: k.span.end as u32,
                    };
                    Some((key, value))
                }));
                Some(out)
            }
            _ => {
                let span = self.span(id);
                self.error("schema/type", span, what, help);
                None
            }
        }
    }

    /// Reads a list, decoding each item; a lone item stands for a list of one.
    pub fn list<T>(
        &mut self,
        id: NodeId,
        mut item: impl FnMut(&mut Self, NodeId) -> Option<T>,
    ) -> Vec<T> {
        let doc: &'a Document = self.doc;
        match doc.get(id) {
            Node::Seq(items) => {
                // Sized from the start: a loaded catalogue holds many short lists, and growing
                // one leaves it up to twice its size (an allocator may keep a block that is
                // shrunk by less than half).
                let mut out = Vec::with_capacity(items.len());
                out.extend(items.iter().filter_map(|&i| item(self, i)));
                out
            }
            Node::Scalar { text, .. } if text.is_empty() => Vec::new(),
            _ => {
                self.expected(id, tr!("a list", "một danh sách"));
                Vec::new()
            }
        }
    }

    /// Reads a scalar's text, refusing collections.
    pub fn scalar(&mut self, id: NodeId, what: Words) -> Option<Sp<Str>> {
        match self.doc.scalar(id) {
            Some((text, _)) => {
                let s = self.span(id);
                Some(Sp {
                    value: Str::from(text),
                    start: s.start as u32,
                    end: s.end as u32,
                })
            }
            None => {
                self.expected(id, what.into());
                None
            }
        }
    }

    /// Reads free text.
    pub fn string(&mut self, id: NodeId) -> Option<String> {
        self.text_in_place(id).map(String::from)
    }

    /// Other YAML tools (editors with the JSON Schema, check-jsonschema) read an unquoted
    /// `2024` or `true` as a number or a boolean; where we expect text, say so.
    pub fn plain_text_warning(&mut self, id: NodeId) {
        if let Some((text, Style::Plain)) = self.doc.scalar(id)
            && yaml12_not_a_string(text)
        {
            let v = text.to_string();
            self.warn(
                "schema/unquoted",
                self.span(id),
                tr!(
                    "`{v}` is read as text here, but other YAML tools read it as a number or yes/no",
                    "`{v}` được đọc là văn bản ở đây, nhưng các công cụ YAML khác đọc là số hoặc đúng/sai"
                ),
                Some(tr!("put it in quotes: \"{v}\"", "đặt trong ngoặc kép: \"{v}\"")),
            );
        }
    }

    /// A number or yes/no must be written without quotes, as the JSON Schema says.
    fn quoted_value_error(&mut self, id: NodeId, Words(en, vi): Words) -> bool {
        if let Some((text, Style::Quoted)) = self.doc.scalar(id) {
            let v = text.to_string();
            self.error(
                "schema/type",
                self.span(id),
                Tr {
                    en: format!("expected {en}, found the text \"{v}\""),
                    vi: format!("cần {vi}, nhưng gặp văn bản \"{v}\""),
                },
                Some(tr!("remove the quotes", "bỏ dấu ngoặc kép")),
            );
            return true;
        }
        false
    }

    /// Reads an id (`a-z`, `0-9`, `-`, `_`).
    pub fn id(&mut self, id: NodeId) -> Option<Sp<Str>> {
        let s = self.scalar(id, Words("an id", "một mã định danh"))?;
        let ok = !s.is_empty() && s.bytes().all(|b| ID_BYTES[b as usize]);
        if !ok {
            let v = &s.value;
            self.error(
                "schema/id",
                self.span(id),
                tr!(
                    "`{v}` is not a valid id: use lowercase letters a–z, digits, `-` and `_`",
                    "`{v}` không phải mã hợp lệ: chỉ dùng chữ thường a–z, chữ số, `-` và `_`"
                ),
                None,
            );
            return None;
        }
        Some(s)
    }

    /// Reads a fact id, which rules must be able to name (`a-z`, `0-9`, `_`, starting with a letter).
    pub fn fact_id(&mut self, id: NodeId) -> Option<Sp<Str>> {
        let s = self.id(id)?;
        let ok = s.bytes().next().is_some_and(|b| b.is_ascii_lowercase()) && !s.contains('-');
        if !ok {
            let v = &s.value;
            self.error(
                "schema/id",
                self.span(id),
                tr!(
                    "`{v}` cannot be used in rules: a fact name starts with a letter and uses `_`, not `-`",
                    "`{v}` không dùng được trong quy tắc: tên thông tin bắt đầu bằng chữ cái và dùng `_`, không dùng `-`"
                ),
                Some(tr!("write `{}`", "viết `{}`", v.replace('-', "_"))),
            );
            return None;
        }
        Some(s)
    }

    /// Reads a whole number ≥ 0.
    pub fn count(&mut self, id: NodeId) -> Option<u64> {
        if self.quoted_value_error(id, Words("a whole number", "một số nguyên")) {
            return None;
        }
        let s = self.scalar(id, Words("a whole number", "một số nguyên"))?;
        // Most counts are a digit or two: read without a copy. Nineteen digits always fit
        // in a u64; anything else (`1_000`, `+2`, a sign, a long number) is read as before.
        if (1..=19).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            return Some(s.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')));
        }
        let clean: String = s.chars().filter(|c| *c != '_').collect();
        match clean.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                let v = &s.value;
                let hint = if v.starts_with('-') {
                    Some(tr!("counts cannot be negative", "số lượng không được âm"))
                } else {
                    None
                };
                self.error(
                    "schema/type",
                    self.span(id),
                    tr!(
                        "expected a whole number, found `{v}`",
                        "cần một số nguyên, nhưng gặp `{v}`"
                    ),
                    hint,
                );
                None
            }
        }
    }

    /// Reads a small whole number.
    pub fn count32(&mut self, id: NodeId) -> Option<u32> {
        let n = self.count(id)?;
        match u32::try_from(n) {
            Ok(n) => Some(n),
            Err(_) => {
                self.error(
                    "schema/range",
                    self.span(id),
                    tr!("{n} is too large here", "{n} quá lớn"),
                    None,
                );
                None
            }
        }
    }

    /// Reads `true` / `false`.
    pub fn bool(&mut self, id: NodeId) -> Option<bool> {
        if self.quoted_value_error(id, Words("true or false", "true hoặc false")) {
            return None;
        }
        let s = self.scalar(id, Words("true or false", "true hoặc false"))?;
        match s.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            v => {
                let v = v.to_string();
                self.error(
                    "schema/type",
                    self.span(id),
                    tr!(
                        "expected true or false, found `{v}`",
                        "cần true hoặc false, nhưng gặp `{v}`"
                    ),
                    None,
                );
                None
            }
        }
    }

    /// Reads a `YYYY-MM-DD` date in the supported years.
    pub fn date(&mut self, id: NodeId) -> Option<jiff::civil::Date> {
        let s = self.scalar(id, Words("a date", "một ngày"))?;
        let d = s
            .parse::<jiff::civil::Date>()
            .ok()
            .filter(|_| s.len() == 10);
        match d {
            Some(d) if (1900..=2199).contains(&d.year()) => Some(d),
            _ => {
                let v = &s.value;
                self.error(
                    "schema/date",
                    self.span(id),
                    tr!(
                        "`{v}` is not a date between 1900-01-01 and 2199-12-31",
                        "`{v}` không phải ngày hợp lệ trong khoảng 1900-01-01 đến 2199-12-31"
                    ),
                    Some(tr!(
                        "write dates as YYYY-MM-DD",
                        "viết ngày theo dạng YYYY-MM-DD"
                    )),
                );
                None
            }
        }
    }

    /// Reads an `HH:MM` time of day.
    pub fn time(&mut self, id: NodeId) -> Option<Sp<jiff::civil::Time>> {
        let s = self.scalar(id, Words("a time of day", "một giờ trong ngày"))?;
        let t = s
            .split_once(':')
            .and_then(|(h, m)| Some((h.parse::<i8>().ok()?, m.parse::<i8>().ok()?)))
            .and_then(|(h, m)| jiff::civil::Time::new(h, m, 0, 0).ok());
        match t {
            Some(t) => Some(Sp {
                value: t,
                start: s.start,
                end: s.end,
            }),
            None => {
                let v = &s.value;
                self.error(
                    "schema/time",
                    self.span(id),
                    tr!("`{v}` is not a time of day", "`{v}` không phải giờ hợp lệ"),
                    Some(tr!(
                        "write times as \"HH:MM\", e.g. \"15:00\"",
                        "viết giờ dạng \"HH:MM\", ví dụ \"15:00\""
                    )),
                );
                None
            }
        }
    }

    /// Reads one of a fixed set of words.
    pub fn one_of(&mut self, id: NodeId, words: &[&'static str]) -> Option<Sp<&'static str>> {
        let s = self.scalar(id, Words("a word", "một từ khóa"))?;
        match words.iter().find(|w| **w == s.as_str()) {
            Some(w) => Some(Sp {
                value: *w,
                start: s.start,
                end: s.end,
            }),
            None => {
                let v = &s.value;
                self.error(
                    "schema/value",
                    self.span(id),
                    tr!("`{v}` is not allowed here", "`{v}` không hợp lệ ở đây"),
                    Some(suggest(v, words)),
                );
                None
            }
        }
    }

    /// Reads a localised text: `{vi: …, en: …}` or a plain string (Vietnamese).
    pub fn text(&mut self, id: NodeId) -> Option<Text> {
        self.plain_text_warning(id);
        if let Some((s, _)) = self.doc.scalar(id) {
            if s.trim().is_empty() {
                self.error(
                    "schema/empty",
                    self.span(id),
                    tr!("this text is empty", "nội dung này đang để trống"),
                    None,
                );
                return None;
            }
            return Some(Text {
                vi: self.share(s),
                en: None,
            });
        }
        let mut o = self.obj(id, &TEXT)?;
        // Read in place and copied once, into the load's shared texts.
        let vi = o
            .req(self, "vi", |_, id| Some(id))
            .and_then(|id| self.text_in_place(id));
        let en = o
            .opt(self, "en", |_, id| Some(id))
            .and_then(|id| self.text_in_place(id));
        o.finish(self);
        Some(Text {
            vi: self.share(vi?),
            en: en.map(|en| self.share(en)),
        })
    }

    /// Free text as it sits in the document, not copied: what [`string`](Self::string) copies.
    fn text_in_place(&mut self, id: NodeId) -> Option<&'a str> {
        self.plain_text_warning(id);
        let doc: &'a Document = self.doc;
        match doc.scalar(id) {
            Some((text, _)) => Some(text),
            None => {
                self.expected(id, Tr::from(Words("text", "văn bản")));
                None
            }
        }
    }

    /// `text` as held for this load: the copy already read, when there is one.
    fn share(&self, text: &str) -> Arc<str> {
        match self.shared {
            Some(shared) => shared.get(text),
            None => Arc::from(text),
        }
    }

    /// Where a scalar's text sits in the file, so rule errors point inside it.
    pub fn origin(&self, id: NodeId) -> Option<(&'a str, Origin)> {
        let doc: &'a Document = self.doc;
        let (text, style) = doc.scalar(id)?;
        let span = self.span(id);
        let raw = self.file.text().get(span.start..span.end).unwrap_or("");
        let origin = if style == Style::Plain && raw == text {
            Origin {
                base: span.start as u32,
                len: span.len() as u32,
                exact: true,
            }
        } else if style == Style::Quoted
            && raw.len() == text.len() + 2
            && &raw[1..raw.len() - 1] == text
        {
            Origin {
                base: span.start as u32 + 1,
                len: text.len() as u32,
                exact: true,
            }
        } else {
            Origin {
                base: span.start as u32,
                len: span.len() as u32,
                exact: false,
            }
        };
        Some((text, origin))
    }

    /// A rule, or a bare number read as that many `unit` (`20000` → `20000 VND`).
    pub fn number_or_rule<T>(
        &mut self,
        id: NodeId,
        unit: &str,
        parse: fn(&str, &Origin) -> Result<T, RuleError>,
    ) -> Option<Sp<T>> {
        if let Some((text, origin)) = self.origin(id)
            && !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b',' || b == b'.' || b == b'-')
        {
            let span = self.span(id);
            return match parse(&format!("{text} {unit}"), &origin) {
                Ok(value) => Some(Sp {
                    value,
                    start: span.start as u32,
                    end: span.end as u32,
                }),
                Err(e) => {
                    self.rule_error(e);
                    None
                }
            };
        }
        self.rule(id, parse)
    }

    /// Parses a rule with `parse`, reporting its errors.
    pub fn rule<T>(
        &mut self,
        id: NodeId,
        parse: fn(&str, &Origin) -> Result<T, RuleError>,
    ) -> Option<Sp<T>> {
        let Some((text, origin)) = self.origin(id) else {
            self.expected(
                id,
                tr!("a rule written as text", "một quy tắc dạng văn bản"),
            );
            return None;
        };
        if text.len() > self.limits.max_rule_bytes {
            let (n, max) = (text.len(), self.limits.max_rule_bytes);
            self.error(
                "limits/rule-length",
                self.span(id),
                tr!(
                    "this rule is {n} bytes long; the limit `max_rule_length` is {max}",
                    "quy tắc dài {n} byte; giới hạn `max_rule_length` là {max}"
                ),
                Some(LimitKey::RuleLength.help(tr!(
                    "split it into several rules",
                    "hãy tách thành nhiều quy tắc"
                ))),
            );
            return None;
        }
        let span = self.span(id);
        match parse(text, &origin) {
            Ok(v) => Some(Sp {
                value: v,
                start: span.start as u32,
                end: span.end as u32,
            }),
            Err(e) => {
                self.rule_error(e);
                None
            }
        }
    }
}

impl<'d> Obj<'d> {
    fn find(&mut self, key: &str) -> Option<NodeId> {
        debug_assert!(
            self.shape.fields.iter().any(|f| f.key == key),
            "{key} is not in shape {}",
            self.shape.name
        );
        let i = self.entries.iter().position(|(k, _)| k.text == key)?;
        self.used.set(i);
        Some(self.entries[i].1)
    }

    /// The unused entry whose key is a misspelling of the known key `key`: the one known key
    /// it is nearest to.
    fn misspelling_of(&self, key: &str) -> Option<usize> {
        let known: Vec<&str> = self.shape.fields.iter().map(|f| f.key).collect();
        self.entries.iter().enumerate().position(|(i, (k, _))| {
            !self.used.get(i)
                && !known.contains(&k.text.as_str())
                && crate::diag::nearest(&k.text, known.iter().copied()) == Some(key)
        })
    }

    /// Reads an optional key.
    pub fn opt<T>(
        &mut self,
        cx: &mut Cx<'_>,
        key: &str,
        f: impl FnOnce(&mut Cx<'_>, NodeId) -> Option<T>,
    ) -> Option<T> {
        let id = self.find(key)?;
        f(cx, id)
    }

    /// Reads a required key, reporting its absence.
    pub fn req<T>(
        &mut self,
        cx: &mut Cx<'_>,
        key: &str,
        f: impl FnOnce(&mut Cx<'_>, NodeId) -> Option<T>,
    ) -> Option<T> {
        match self.find(key) {
            Some(id) => f(cx, id),
            None => {
                let (what, vi) = (self.shape.doc, self.shape.vi);
                // One fault, one finding: a misspelt key (`deadlne`) is both an unknown key
                // and a missing one; it is told once, at the misspelling.
                if let Some(i) = self.misspelling_of(key) {
                    self.used.set(i);
                    let k = &self.entries[i].0;
                    cx.error(
                        "schema/unknown-key",
                        k.span,
                        tr!(
                            "unknown key `{}` in {what} (`{key}` is missing)",
                            "khóa `{}` không có trong {vi} (ở đây thiếu khóa `{key}`)",
                            k.text
                        ),
                        Some(tr!("did you mean `{key}`?", "có phải ý bạn là `{key}`?")),
                    );
                    return None;
                }
                let span = Span {
                    end: self.span.start,
                    ..self.span
                };
                cx.error(
                    "schema/missing-key",
                    span,
                    tr!(
                        "`{key}` is missing in {what}",
                        "thiếu khóa `{key}` trong {vi}"
                    ),
                    Some(tr!("add `{key}: …` here", "thêm `{key}: …` vào đây")),
                );
                None
            }
        }
    }

    /// The span of the whole mapping.
    pub fn span(&self) -> Span {
        self.span
    }

    /// Reports every key that the shape does not know, with a did-you-mean.
    pub fn finish(self, cx: &mut Cx<'_>) {
        if self.used.all(self.entries.len()) {
            return;
        }
        let known: Vec<&str> = self.shape.fields.iter().map(|f| f.key).collect();
        let (what, vi) = (self.shape.doc, self.shape.vi);
        let mut unknown = self
            .entries
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.used.get(*i))
            .map(|(_, entry)| entry);
        for (key, value) in unknown.by_ref().take(MAX_UNKNOWN_KEYS) {
            let k = &key.text;
            // `{ amount: 10,000 VND }`: inside braces a comma starts a new key.
            let in_braces = cx.file.text().as_bytes().get(self.span.start) == Some(&b'{');
            let no_value = matches!(cx.doc.scalar(*value), Some(("", _)));
            let help = if k.starts_with(|c: char| c.is_ascii_digit()) || in_braces && no_value {
                tr!(
                    "inside `{{ … }}` a comma separates entries: put a value that contains a comma in quotes, e.g. \"10,000 VND\"",
                    "trong `{{ … }}` dấu phẩy ngăn cách các mục: hãy đặt giá trị trong ngoặc kép, ví dụ \"10,000 VND\""
                )
            } else {
                suggest(k, &known)
            };
            cx.error(
                "schema/unknown-key",
                key.span,
                tr!(
                    "unknown key `{k}` in {what}",
                    "khóa `{k}` không có trong {vi}"
                ),
                Some(help),
            );
        }
        // A file with thousands of stray keys is not a procedure with typos: one finding
        // counts the rest rather than thousands more.
        if let Some((first, _)) = unknown.next() {
            let more = 1 + unknown.count() as i64;
            let (en, vi_n) = (
                crate::money::group_thousands(more, ','),
                crate::money::group_thousands(more, '.'),
            );
            cx.error(
                "schema/unknown-key",
                first.span,
                tr!(
                    "and {en} more unknown keys in {what}, from here on",
                    "và {vi_n} khóa khác không có trong {vi}, từ đây trở đi"
                ),
                Some(tr!(
                    "check that this file is what it should be",
                    "hãy kiểm tra lại nội dung tệp này"
                )),
            );
        }
    }
}

/// The bytes an id may hold: `a-z`, `0-9`, `-` and `_`.
static ID_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'_';
        b += 1;
    }
    t
};

/// Which entries of a mapping were read: bits for the mappings of up to 64 keys that
/// catalogues are made of, so that opening one allocates nothing.
enum Used {
    Bits(u64),
    Many(Vec<bool>),
}

impl Used {
    fn new(n: usize) -> Used {
        if n <= 64 {
            Used::Bits(0)
        } else {
            Used::Many(vec![false; n])
        }
    }

    fn set(&mut self, i: usize) {
        match self {
            Used::Bits(b) => *b |= 1 << i,
            Used::Many(v) => v[i] = true,
        }
    }

    fn get(&self, i: usize) -> bool {
        match self {
            Used::Bits(b) => b >> i & 1 == 1,
            Used::Many(v) => v[i],
        }
    }

    /// Whether all of the first `n` entries were read.
    fn all(&self, n: usize) -> bool {
        match self {
            Used::Bits(b) => b.count_ones() as usize == n,
            Used::Many(v) => !v.contains(&false),
        }
    }
}

/// Unknown keys of one mapping reported one by one; the rest are counted in one finding.
const MAX_UNKNOWN_KEYS: usize = 20;

/// The shape of a localised text.
pub static TEXT: Shape = Shape {
    name: "Text",
    doc: "a text in Vietnamese and English",
    vi: "văn bản tiếng Việt và tiếng Anh",
    fields: &[
        req("vi", Kind::Str, "Vietnamese"),
        opt("en", Kind::Str, "English"),
    ],
};

/// Whether YAML 1.2's core schema resolves a plain scalar to something other than a string
/// (null, a boolean, an integer or a float).
pub fn yaml12_not_a_string(s: &str) -> bool {
    if matches!(
        s,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
    ) {
        return true;
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if matches!(body, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    // Every number below starts with a digit or a dot; most texts end here, unscanned.
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return false;
    }
    if let Some(h) = s.strip_prefix("0x") {
        return !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if let Some(o) = s.strip_prefix("0o") {
        return !o.is_empty() && o.bytes().all(|b| (b'0'..=b'7').contains(&b));
    }
    // [-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa
        .split_once('.')
        .map_or((mantissa, None), |(a, b)| (a, Some(b)));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac {
        None => !int.is_empty() && digits(int),
        Some(f) => digits(int) && digits(f) && !(int.is_empty() && f.is_empty()),
    };
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exp_ok
}

#[cfg(test)]
mod tests {
    use super::yaml12_not_a_string as n;

    /// Texts read through one [`super::Shared`] are one copy each, in both shapes a text is
    /// written (a plain scalar, or `vi:`/`en:`), and are the words written, unchanged.
    #[test]
    fn a_load_keeps_each_text_once() {
        use super::{Cx, Shared};
        use std::sync::Arc;
        let limits = crate::limits::Limits::default();
        let shared = Shared::default();
        let read = |yaml: &str| {
            let doc = crate::yaml::Document::parse(yaml, &limits).unwrap();
            let file = crate::diag::SourceFile::new("t.yaml", yaml);
            let mut cx = Cx::new(&doc, &file, &limits);
            cx.shared = Some(&shared);
            let root = doc.root().unwrap();
            let t = cx.text(root).unwrap();
            assert!(cx.diags.is_empty());
            t
        };
        let a = read("Tờ khai");
        let b = read("{ vi: Tờ khai, en: Declaration }");
        let c = read("{ vi: Tờ khai, en: Declaration }");
        assert!(Arc::ptr_eq(&a.vi, &b.vi));
        assert!(Arc::ptr_eq(b.en.as_ref().unwrap(), c.en.as_ref().unwrap()));
        assert_eq!((&*b.vi, b.en.as_deref()), ("Tờ khai", Some("Declaration")));
        // Different words stay different, and a text read without a load is its own copy.
        assert_ne!(read("Tờ khai.").vi, a.vi);
        let doc = crate::yaml::Document::parse("Tờ khai", &limits).unwrap();
        let file = crate::diag::SourceFile::new("t.yaml", "Tờ khai");
        let alone = Cx::new(&doc, &file, &limits)
            .text(doc.root().unwrap())
            .unwrap();
        assert!(!Arc::ptr_eq(&alone.vi, &a.vi));
        assert_eq!(alone, a);
    }

    /// A count is what `str::parse::<u64>` makes of the text without its `_`, and nothing
    /// when that fails, over generated texts of digits around the nineteen a u64 always
    /// holds, with underscores, signs and letters among them.
    #[test]
    fn counts_read_as_parse_reads_them() {
        use super::Cx;
        let limits = crate::limits::Limits::default();
        let mut roll = crate::testing::rolls(0xC0_0E7);
        let pieces = ["0", "1", "7", "9", "_", "+", "-", "a", " "];
        let (mut read, mut numbers) = (0, 0);
        for i in 0..3000 {
            let n = match i % 3 {
                0 => roll(4) + 17,
                _ => roll(24),
            };
            let text: String = (0..n)
                .map(|_| match roll(10) {
                    0 => pieces[roll(pieces.len() as u64) as usize],
                    _ => pieces[roll(4) as usize],
                })
                .collect();
            // Texts that YAML does not read as one plain scalar are not counts at all.
            let Ok(doc) = crate::yaml::Document::parse(&text, &limits) else {
                continue;
            };
            let Some(root) = doc.root() else { continue };
            let Some((plain, super::Style::Plain)) = doc.scalar(root) else {
                continue;
            };
            let want = plain.replace('_', "").parse::<u64>().ok();
            let file = crate::diag::SourceFile::new("t.yaml", &text);
            let mut cx = Cx::new(&doc, &file, &limits);
            assert_eq!(cx.count(root), want, "{plain:?}");
            assert_eq!(cx.diags.is_empty(), want.is_some(), "{plain:?}");
            read += 1;
            numbers += usize::from(want.is_some());
        }
        assert!(
            read > 2000 && numbers > 500,
            "{read} read, {numbers} numbers"
        );
        assert_eq!(u64::MAX.to_string().len(), 20, "nineteen digits always fit");
    }

    #[test]
    fn yaml12_core_schema_scalars() {
        for s in [
            "2024", "1.004222", "-3", "1e5", ".5", "true", "null", "~", "0x1F", ".inf",
        ] {
            assert!(n(s), "{s}");
        }
        for s in [
            "01a",
            "Đăng ký",
            "75/2022/TT-BTC",
            "yes",
            "1.2.3",
            "15:00",
            "CT01",
            "e5",
        ] {
            assert!(!n(s), "{s}");
        }
    }
}
