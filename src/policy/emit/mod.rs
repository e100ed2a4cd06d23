//! Writing a spec out: the policy JSON, the other formats, and plain-language explanations.

pub mod build;
pub mod explain;
pub mod explain_access;
pub mod format;
pub mod public_render;
pub mod registry_docs;
pub mod registry_policy;
pub mod render;
pub mod repository_docs;
pub mod repository_policy;
pub mod whole;
