//! The policy engine: catalog, regions, validation, rendering and checks. No terminal, no I/O.

pub mod catalog;
pub mod check;
mod check_action;
mod check_policy;
mod check_resource;
pub mod document;
pub mod explain;
pub mod format;
pub mod import;
pub mod lint;
pub mod model;
pub mod region;
pub mod render;
pub mod tags;
pub mod tasks;
pub mod validate;

pub use catalog::{ACTIONS, AccessLevel, ActionId, ActionInfo, ActionSet, PARTITIONS};
pub use check::{CheckFinding, check_document, check_text};
pub use document::{DocError, DocStatement, Document, parse_document};
pub use format::{Format, PolicyName, render_as, render_policy_as};
pub use import::{Imported, import_document};
pub use lint::{Finding, Severity, lint};
pub use model::{Field, FieldError, Spec, SpecInput, validate};
pub use render::{JsonStyle, policy_size, render};
