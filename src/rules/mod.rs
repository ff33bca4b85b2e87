//! The rule language: syntax tree, parser (grammar in `grammar/rules.pest`) and type checker.

pub mod ast;
pub mod check;
pub mod fee;
pub mod parse;
pub mod value;

pub use ast::{Deadline, Discount, Duration, Expr, StepTime, Unit};
pub use check::{Env, Type};
pub use fee::FeeRule;
pub use parse::{Origin, RuleError};
