//! Bounds on untrusted input, so a hostile or broken file costs bounded time and memory.

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
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            // The largest real procedure is ~60 KB; 4 MiB leaves room for long annexes.
            max_file_bytes: 4 * 1024 * 1024,
            max_depth: 64,
            max_expanded_nodes: 200_000,
            max_rule_bytes: 4096,
        }
    }
}
