//! The policy engine: catalog, regions, validation, rendering and checks. No terminal, no I/O.

pub mod catalog;
pub mod format;
pub mod lint;
pub mod model;
pub mod region;
pub mod render;
pub mod tags;
pub mod tasks;
pub mod validate;

pub use catalog::{ACTIONS, AccessLevel, ActionId, ActionInfo, ActionSet, PARTITIONS};
pub use format::{Format, PolicyName, render_as, render_policy_as};
pub use lint::{Finding, Severity, lint};
pub use model::{Field, FieldError, Spec, SpecInput, validate};
pub use render::{JsonStyle, policy_size, render};
