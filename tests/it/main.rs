//! One integration-test binary (faster to link than one per file): runs the real `thutuc`
//! binary on real catalogues in temporary directories.

mod bad_input;
mod decision;
mod eval;
mod fuzz_regressions;
mod history;
mod import;
mod limits;
mod metrics;
mod properties;
mod support;
mod tui;
mod validate;
