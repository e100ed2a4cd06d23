//! The policy engine: spec (what to grant), emit (JSON and the other formats), audit (findings),
//! import (reading existing policies), eval (IAM's evaluation logic), explain (its answers in
//! words), recipes (who uses the policy, and every document that takes) and trail (least
//! privilege from `CloudTrail`). No terminal, no I/O.

pub mod audit;
pub mod diff;
pub mod emit;
pub mod eval;
pub mod explain;
pub mod import;
pub mod recipes;
pub mod spec;
pub mod trail;
pub mod visible;

pub use audit::check::{CheckFinding, check_document, check_text};
pub use audit::lint::{Finding, Severity, lint};
pub use emit::build::{build_policy, render_policy};
pub use emit::format::{Format, PolicyName, render_as, render_policy_as};
pub use emit::render::{JsonStyle, policy_size, render};
pub use import::document::{DocError, DocStatement, Document, parse_document};
pub use import::{Imported, import_document};
pub use spec::catalog::{ACTIONS, AccessLevel, ActionId, ActionInfo, ActionSet, PARTITIONS};
pub use spec::grants::{Grant, KeptStatement, PolicySpec};
pub use spec::model::{Field, FieldError, Spec, SpecInput, validate};
