//! Findings: lint for generated specs and check for existing policy documents.

pub mod check;
mod check_action;
mod check_policy;
mod check_resource;
pub mod lint;
mod repository;
