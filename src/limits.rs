//! Bounds on untrusted input, so a hostile or broken file costs bounded time and memory.
//!
//! The defaults suit every real catalogue; a catalogue may change them in the `limits:`
//! section of `catalogue.yaml`, and `--limit KEY=VALUE` wins over both. Each limit has a
//! hard ceiling no configuration can pass, so a typo cannot switch the protection off.

use crate::diag::Tr;

/// Limits applied while reading catalogue files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: u64,
    /// Deepest nesting of YAML collections.
    pub max_depth: usize,
    /// Most nodes a document may have once every alias is expanded.
    pub max_expanded_nodes: u64,
    /// Longest rule text, in bytes.
    pub max_rule_bytes: usize,
    /// Largest national-database record `thutuc import` reads, in bytes.
    pub max_record_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            // The largest real procedure is ~60 KB; 4 MiB leaves room for long annexes.
            max_file_bytes: 4 * 1024 * 1024,
            max_depth: 64,
            max_expanded_nodes: 200_000,
            max_rule_bytes: 4096,
            // The largest real record is ~90 KB; a source bigger than 16 MiB is not a record.
            max_record_bytes: 16 * 1024 * 1024,
        }
    }
}

/// One configurable limit: its name in `catalogue.yaml` and on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKey {
    /// `max_file_size`: [`Limits::max_file_bytes`].
    FileSize,
    /// `max_depth`: [`Limits::max_depth`].
    Depth,
    /// `max_alias_nodes`: [`Limits::max_expanded_nodes`].
    AliasNodes,
    /// `max_rule_length`: [`Limits::max_rule_bytes`].
    RuleLength,
    /// `max_record_size`: [`Limits::max_record_bytes`].
    RecordSize,
}

impl LimitKey {
    /// Every key, in documentation order.
    pub const ALL: [LimitKey; 5] = [
        LimitKey::FileSize,
        LimitKey::Depth,
        LimitKey::AliasNodes,
        LimitKey::RuleLength,
        LimitKey::RecordSize,
    ];

    /// The names of every key (for did-you-mean and usage hints).
    pub const NAMES: [&'static str; 5] = [
        "max_file_size",
        "max_depth",
        "max_alias_nodes",
        "max_rule_length",
        "max_record_size",
    ];

    /// The key's name.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The key with this name.
    pub fn parse(name: &str) -> Option<LimitKey> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The largest value any configuration may set.
    pub fn ceiling(self) -> u64 {
        match self {
            LimitKey::FileSize => 1 << 30,
            LimitKey::Depth => 1000,
            LimitKey::AliasNodes => 100_000_000,
            LimitKey::RuleLength => 1 << 20,
            LimitKey::RecordSize => 1 << 30,
        }
    }

    /// Whether values are sizes in bytes (`8 MiB`) rather than plain counts.
    pub fn is_size(self) -> bool {
        matches!(
            self,
            LimitKey::FileSize | LimitKey::RuleLength | LimitKey::RecordSize
        )
    }

    /// Reads a value for this key and checks it is within `1..=ceiling`.
    pub fn value(self, text: &str) -> Result<u64, Tr> {
        let n = if self.is_size() {
            parse_size(text)?
        } else {
            let t = text.trim();
            t.parse::<u64>().map_err(|_| {
                crate::tr!(
                    "`{t}` is not a whole number",
                    "`{t}` không phải là một số nguyên"
                )
            })?
        };
        let k = self.name();
        if n == 0 {
            return Err(crate::tr!(
                "{k} must be at least 1",
                "{k} phải từ 1 trở lên"
            ));
        }
        if n > self.ceiling() {
            let (most, got) = (self.show(self.ceiling()), self.show(n));
            return Err(crate::tr!(
                "{k} can be at most {most} (got {got})",
                "{k} chỉ được tối đa {most} (đã ghi {got})"
            ));
        }
        Ok(n)
    }

    /// A value of this key as people write it (`4 MiB`, `64`).
    pub fn show(self, n: u64) -> String {
        if self.is_size() {
            human_size(n)
        } else {
            n.to_string()
        }
    }

    /// `help` (what to do first) followed by how to raise this limit, for a diagnostic.
    pub fn help(self, help: Tr) -> Tr {
        let example = match self {
            LimitKey::FileSize => "16MiB",
            LimitKey::Depth => "128",
            LimitKey::AliasNodes => "1000000",
            LimitKey::RuleLength => "16KiB",
            LimitKey::RecordSize => "64MiB",
        };
        let k = self.name();
        let raise = crate::tr!(
            "to raise the limit, set `limits: {{ {k}: {example} }}` in catalogue.yaml or pass `--limit {k}={example}`",
            "để nâng giới hạn, đặt `limits: {{ {k}: {example} }}` trong catalogue.yaml hoặc dùng `--limit {k}={example}`"
        );
        Tr {
            en: format!("{}; {}", help.en, raise.en),
            vi: format!("{}; {}", help.vi, raise.vi),
        }
    }
}

impl Limits {
    /// The current value of a limit.
    pub fn get(&self, key: LimitKey) -> u64 {
        match key {
            LimitKey::FileSize => self.max_file_bytes,
            LimitKey::Depth => self.max_depth as u64,
            LimitKey::AliasNodes => self.max_expanded_nodes,
            LimitKey::RuleLength => self.max_rule_bytes as u64,
            LimitKey::RecordSize => self.max_record_bytes,
        }
    }

    /// Sets a limit (the value was checked by [`LimitKey::value`]).
    pub fn set(&mut self, key: LimitKey, n: u64) {
        let n = n.min(key.ceiling());
        match key {
            LimitKey::FileSize => self.max_file_bytes = n,
            LimitKey::Depth => self.max_depth = n as usize,
            LimitKey::AliasNodes => self.max_expanded_nodes = n,
            LimitKey::RuleLength => self.max_rule_bytes = n as usize,
            LimitKey::RecordSize => self.max_record_bytes = n,
        }
    }

    /// The largest size of the catalogue file at `rel`: the manifest is always read under
    /// the default limits, since it is what may change them.
    pub fn file_bytes_for(&self, rel: &str) -> u64 {
        if rel == "catalogue.yaml" {
            Limits::default().max_file_bytes
        } else {
            self.max_file_bytes
        }
    }

    /// These limits with `overrides` applied in order.
    pub fn with(mut self, overrides: &[Override]) -> Limits {
        for o in overrides {
            self.set(o.key, o.value);
        }
        self
    }
}

/// A `--limit KEY=VALUE` from the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Override {
    /// Which limit.
    pub key: LimitKey,
    /// Its new value.
    pub value: u64,
}

impl std::str::FromStr for Override {
    type Err = String;

    /// Reads `KEY=VALUE`; errors name the valid keys, in the language of
    /// [`crate::messages::set_lang`] (clap shows them as they are).
    fn from_str(s: &str) -> Result<Override, String> {
        Override::read(s).map_err(|e| crate::messages::pick_tr(&e))
    }
}

impl Override {
    /// Reads `KEY=VALUE`; errors in both languages name the valid keys.
    pub fn read(s: &str) -> Result<Override, Tr> {
        let keys = LimitKey::NAMES.join(", ");
        let Some((k, v)) = s.split_once('=') else {
            return Err(crate::tr!(
                "expected KEY=VALUE; the keys are {keys}",
                "cần có dạng TÊN=GIÁ_TRỊ; các tên giới hạn là {keys}"
            ));
        };
        let k = k.trim();
        let Some(key) = LimitKey::parse(k) else {
            let near = crate::diag::nearest(k, LimitKey::NAMES.iter().copied());
            let near = near.map(|s| crate::messages::did_you_mean(&format!("`{s}`")));
            let (en, vi) = near.map_or_else(Default::default, |n| {
                (format!(" ({})", n.en), format!(" ({})", n.vi))
            });
            return Err(Tr {
                en: format!("`{k}` is not a limit{en}; the keys are {keys}"),
                vi: format!("`{k}` không phải là một giới hạn{vi}; các tên giới hạn là {keys}"),
            });
        };
        let value = key.value(v).map_err(|e| {
            let unit = if key.is_size() {
                crate::tr!(
                    "a size such as 8MiB, 512KB or 4096 (bytes)",
                    "một kích thước như 8MiB, 512KB hoặc 4096 (byte)"
                )
            } else {
                crate::tr!("a whole number", "một số nguyên")
            };
            let k = key.name();
            Tr {
                en: format!("{}; {k} takes {}", e.en, unit.en),
                vi: format!("{}; {k} nhận {}", e.vi, unit.vi),
            }
        })?;
        Ok(Override { key, value })
    }
}

/// Reads a size: plain bytes (`4096`) or a number with a unit (`512 KB`, `8 MiB`, `1.5 GiB`).
/// `KB`/`MB`/`GB` are powers of 1000, `KiB`/`MiB`/`GiB` (and `K`/`M`/`G`) of 1024.
pub fn parse_size(text: &str) -> Result<u64, Tr> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let bad = || {
        crate::tr!(
            "`{t}` is not a size: write e.g. 8MiB, 512KB or 4096 (bytes)",
            "`{t}` không phải là một kích thước: hãy viết ví dụ 8MiB, 512KB hoặc 4096 (byte)"
        )
    };
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        _ => return Err(bad()),
    };
    if num.is_empty() || num.matches('.').count() > 1 || num.starts_with('.') {
        return Err(bad());
    }
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    let int: u64 = int.parse().map_err(|_| bad())?;
    let mut n = int.checked_mul(mult).ok_or_else(bad)?;
    if !frac.is_empty() {
        // At most 9 fractional digits matter for GiB; more are refused, not rounded silently.
        if frac.len() > 9 {
            return Err(bad());
        }
        let f: u64 = frac.parse().map_err(|_| bad())?;
        let scale = 10u64.pow(frac.len() as u32);
        // `1.5` bytes, or `1.0000001 KiB`, is no whole number of bytes: refused, not cut.
        if !(f * mult).is_multiple_of(scale) {
            return Err(crate::tr!(
                "`{t}` is not a whole number of bytes: write e.g. 8MiB, 1.5KiB or 4096",
                "`{t}` không phải là một số byte nguyên: hãy viết ví dụ 8MiB, 1.5KiB hoặc 4096"
            ));
        }
        n = n.checked_add(f * mult / scale).ok_or_else(bad)?;
    }
    Ok(n)
}

/// A byte count as people read it: `4 MiB`, `1.5 KiB`, `900 B`.
pub fn human_size(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if n >= size {
            let v = n as f64 / size as f64;
            return if n.is_multiple_of(size) {
                format!("{} {unit}", n / size)
            } else {
                format!("{v:.1} {unit}")
            };
        }
    }
    format!("{n} B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_with_and_without_units() {
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("512 KB"), Ok(512_000));
        assert_eq!(parse_size("8 MiB"), Ok(8 << 20));
        assert_eq!(parse_size("8mib"), Ok(8 << 20));
        assert_eq!(parse_size("1.5K"), Ok(1536));
        assert_eq!(parse_size("2 GiB"), Ok(2 << 30));
        assert_eq!(parse_size("1.5 MB"), Ok(1_500_000));
        assert_eq!(parse_size("2.0"), Ok(2));
        for bad in [
            "",
            "MiB",
            "8 furlongs",
            "1.2.3",
            ".5M",
            "-1",
            "99999999999999999999 GiB",
            "1.5",
            "1.5 B",
            "0.3 KiB",
        ] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sizes_print_back() {
        assert_eq!(human_size(4 << 20), "4 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(900), "900 B");
        for k in LimitKey::ALL {
            let d = Limits::default().get(k);
            assert_eq!(k.value(&k.show(d).replace(' ', "")), Ok(d), "{k:?}");
        }
    }

    #[test]
    fn values_are_bounded() {
        assert_eq!(LimitKey::Depth.value("128"), Ok(128));
        assert!(
            LimitKey::Depth
                .value("0")
                .unwrap_err()
                .en
                .contains("at least 1")
        );
        let e = LimitKey::Depth.value("100000").unwrap_err();
        assert!(e.en.contains("at most 1000"), "{e:?}");
        assert!(e.vi.contains("tối đa 1000"), "{e:?}");
        assert!(LimitKey::Depth.value("deep").is_err());
        let e = LimitKey::FileSize.value("2 GiB").unwrap_err().en;
        assert!(e.contains("at most 1 GiB"), "{e}");
    }

    #[test]
    fn overrides_parse_and_apply() {
        let o: Override = "max_depth=100".parse().unwrap();
        let l = Limits::default().with(&[o, "max_file_size=8MiB".parse().unwrap()]);
        assert_eq!(l.max_depth, 100);
        assert_eq!(l.max_file_bytes, 8 << 20);
        let e = Override::read("max_dept=3").unwrap_err();
        assert!(e.en.contains("did you mean `max_depth`"), "{e:?}");
        assert!(e.vi.contains("có phải ý bạn là `max_depth`"), "{e:?}");
        assert!(e.en.contains("max_rule_length"), "{e:?}");
        let e = Override::read("max_depth").unwrap_err();
        assert!(e.en.contains("KEY=VALUE"), "{e:?}");
        let e = Override::read("max_file_size=lots").unwrap_err();
        assert!(e.en.contains("takes a size"), "{e:?}");
        assert!(e.vi.contains("nhận một kích thước"), "{e:?}");
    }
}
