//! ecr-policy: writes AWS IAM identity-based policies for Amazon ECR, as a terminal wizard or a CLI.

pub mod adapters;
pub mod app;
pub mod cmd;
pub mod policy;
pub mod runtime;
pub mod ui;
