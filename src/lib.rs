//! `thutuc`: author, validate, review and simplify catalogues of Vietnamese administrative
//! procedures.
//!
//! The binary is a thin layer over these modules: [`catalogue`] loads and validates a
//! catalogue directory into the [`model`], [`rules`] parses and type-checks the rule
//! language, and [`diag`] renders findings.

pub mod analysis;
pub mod atomic;
pub mod calendar;
pub mod catalogue;
pub mod cmd;
pub mod dates;
pub mod diag;
pub mod diff;
pub mod eval;
pub mod export;
pub mod files;
pub mod fuzzing;
pub mod git;
pub mod import;
pub mod limits;
pub mod lsp;
pub mod messages;
pub mod metrics;
pub mod model;
pub mod money;
pub mod plan;
pub mod province;
pub mod report;
pub mod rules;
pub mod sanitize;
pub mod scenarios;
pub mod shape;
#[cfg(test)]
pub(crate) mod testing;
pub mod tui;
pub mod vietnamese;
pub mod wording;
pub mod yaml;

/// Process exit codes (SPEC.md): the same numbers for every command.
pub mod exit {
    /// Everything is fine.
    pub const OK: u8 = 0;
    /// Findings: an invalid catalogue, a failed test, a missed target, differences.
    pub const FINDINGS: u8 = 1;
    /// Usage, I/O or git error.
    pub const ERROR: u8 = 2;
}
