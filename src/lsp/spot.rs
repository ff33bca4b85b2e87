//! Where the cursor is in a YAML file, read from the text before it alone: a file being
//! typed is rarely valid YAML, so completion cannot wait for the parser.

/// What the cursor is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spot {
    /// A key being typed, under these parent keys (outermost first).
    Key {
        /// The parent keys.
        path: Vec<String>,
        /// What is typed of the key so far.
        prefix: String,
    },
    /// The value of `key` being typed (a scalar, an item of a list, or a word of a rule).
    Value {
        /// The parent keys of `key`.
        path: Vec<String>,
        /// The key whose value this is.
        key: String,
        /// The value's text before the cursor, as typed (an opening quote kept).
        before: String,
    },
}

/// The key of a `key: …` or `- key: …` line and the column its key starts at, or `None`.
fn key_of(line: &str) -> Option<(usize, &str, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut rest = &line[indent..];
    let mut col = indent;
    while let Some(r) = rest.strip_prefix("- ") {
        let r2 = r.trim_start_matches(' ');
        col += rest.len() - r2.len();
        rest = r2;
    }
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let (key, after) = rest.split_at(end);
    if key.is_empty() {
        return None;
    }
    let value = after.strip_prefix(':')?;
    if !(value.is_empty() || value.starts_with(' ')) {
        return None;
    }
    Some((col, key, value))
}

/// The column where a line's content (after `- ` markers) starts, or `None` for a blank or
/// comment line.
fn content_col(line: &str) -> Option<usize> {
    let t = line.trim_start_matches(' ');
    if t.is_empty() || t.starts_with('#') {
        return None;
    }
    let mut col = line.len() - t.len();
    let mut rest = t;
    while let Some(r) = rest
        .strip_prefix("- ")
        .or_else(|| rest.strip_prefix('-').filter(|r| r.is_empty()))
    {
        let r2 = r.trim_start_matches(' ');
        col += rest.len() - r2.len();
        rest = r2;
    }
    Some(col)
}

/// The keys that hold the line at `col`, read upwards from `above` (the lines before it).
fn parents(above: &str, mut col: usize) -> Vec<String> {
    let mut path = Vec::new();
    for line in above.lines().rev() {
        if col == 0 {
            break;
        }
        let Some(c) = content_col(line) else { continue };
        if c >= col {
            continue;
        }
        if let Some((_, key, _)) = key_of(line) {
            path.push(key.to_string());
            // The keys of the same list item sit right of its `- `: only what is left of
            // the marker holds this key.
            col = line.len() - line.trim_start_matches(' ').len();
        }
    }
    path.reverse();
    path
}

/// Drops a leading quote from a value being typed.
pub fn unquoted(v: &str) -> &str {
    v.strip_prefix('"')
        .or_else(|| v.strip_prefix('\''))
        .unwrap_or(v)
}

/// What the cursor at byte `offset` of `text` is on; `None` in a comment or where nothing
/// can be offered.
pub fn spot(text: &str, offset: usize) -> Option<Spot> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..offset];
    let above = &text[..start];
    // In a comment: nothing to offer.
    if line.trim_start().starts_with('#') || line.contains(" #") {
        return None;
    }
    if let Some((col, key, value)) = key_of(line) {
        let value = value.trim_start();
        let path = parents(above, col);
        return Some(flow(path, key, value));
    }
    // A key being typed, or an item of a list of plain values.
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let (item, word) = match rest.strip_prefix("- ") {
        Some(w) => (true, w.trim_start()),
        None => (rest == "-", if rest == "-" { "" } else { rest }),
    };
    let col = if item {
        indent + (rest.len() - word.len())
    } else {
        indent
    };
    let path = parents(above, if item { indent + 1 } else { col });
    if item {
        // `- ` under a list of values (`levels:`) is a value; under a list of objects, a key.
        let key = path.last().cloned().unwrap_or_default();
        let mut parent = path.clone();
        parent.pop();
        // An item written as a flow mapping or list: `- { channel: …`.
        if word.starts_with(['{', '[']) {
            return Some(flow(parent, &key, word));
        }
        return Some(Spot::Value {
            path: parent,
            key,
            before: word.to_string(),
        });
    }
    if word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Some(Spot::Key {
            path,
            prefix: word.to_string(),
        });
    }
    None
}

/// A value that opens a flow collection: `[a, b` or `{ k: v, k2: ` — the part at the cursor.
fn flow(mut path: Vec<String>, key: &str, value: &str) -> Spot {
    if let Some(inner) = value.strip_prefix('{') {
        // The last `k: v` or `k` of the mapping.
        let last = inner.rsplit(',').next().unwrap_or(inner).trim_start();
        path.push(key.to_string());
        if let Some((k, v)) = last.split_once(':') {
            return flow(path, k.trim(), v.trim_start());
        }
        return Spot::Key {
            path,
            prefix: last.to_string(),
        };
    }
    if let Some(inner) = value.strip_prefix('[') {
        let last = inner.rsplit(',').next().unwrap_or(inner).trim_start();
        return Spot::Value {
            path,
            key: key.to_string(),
            before: last.to_string(),
        };
    }
    Spot::Value {
        path,
        key: key.to_string(),
        before: value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<Spot> {
        let i = text.find('|').unwrap();
        let t = text.replace('|', "");
        spot(&t, i)
    }

    fn key(path: &[&str], prefix: &str) -> Option<Spot> {
        Some(Spot::Key {
            path: path.iter().map(|s| s.to_string()).collect(),
            prefix: prefix.into(),
        })
    }

    fn value(path: &[&str], k: &str, before: &str) -> Option<Spot> {
        Some(Spot::Value {
            path: path.iter().map(|s| s.to_string()).collect(),
            key: k.into(),
            before: before.into(),
        })
    }

    #[test]
    fn keys_and_values_in_nested_lists() {
        let doc = "code: \"1.000001\"\nchannels:\n  - channel: direct\n    deadline: 5 working days\n    fees:\n      - id: le-phi\n        am|";
        assert_eq!(at(doc), key(&["channels", "fees"], "am"));
        let doc = "channels:\n  - channel: direct\n    deadline: 5 working days\n    fees:\n      - id: le-phi\n        when: not fee_ex|\n";
        assert_eq!(at(doc), value(&["channels", "fees"], "when", "not fee_ex"));
        assert_eq!(at("fi|"), key(&[], "fi"));
        assert_eq!(at("field: ho|"), value(&[], "field", "ho"));
        assert_eq!(at("levels: [commune, pro|"), value(&[], "levels", "pro"));
        assert_eq!(at("legal_basis:\n  - nd|"), value(&[], "legal_basis", "nd"));
        assert_eq!(at("channels:\n  - ch|"), value(&[], "channels", "ch"));
        assert_eq!(
            at("channels:\n  - { channel: direct, deadline: 1 working day }\n  - { channel: |"),
            value(&["channels"], "channel", "")
        );
        assert_eq!(
            at("dossier:\n  documents:\n    - id: a\n      when: \"channel == |"),
            value(&["dossier", "documents"], "when", "\"channel == ")
        );
        assert_eq!(at("# a comment |"), None);
    }
}
