//! One integration-test binary (faster to link than one per file): runs the real `thutuc`
//! binary on real catalogues in temporary directories.

mod acts;
mod analysis;
mod bad_input;
mod bundled_law;
mod calendar;
mod decision;
mod decision_form;
mod eval;
mod failclosed;
mod faults;
mod fees;
mod fuzz_regressions;
mod history;
mod hygiene;
mod import;
mod import_invariants;
mod import_shapes;
mod layers;
mod limits;
mod list;
mod lsp;
mod messages;
mod metrics;
mod process;
mod properties;
mod province;
mod readme;
mod reports;
mod show;
mod site;
mod support;
mod tui;
mod validate;
mod wording;
mod yaml_quick;
