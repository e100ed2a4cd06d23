//! Findings: lint for generated specs and check for existing policy documents (identity,
//! repository, registry and role trust policies).

mod breadth;
pub mod check;
mod check_action;
mod check_policy;
mod check_resource;
mod docker;
pub mod lint;
pub mod located;
pub mod registry;
mod repository;
pub mod sarif;
pub mod size;
mod trust;
pub mod unknown;
