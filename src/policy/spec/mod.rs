//! What a policy grants: the action catalog, regions, tags, input validation, tasks and the spec.

pub mod cache;
pub mod catalog;
pub mod error;
pub mod grants;
pub mod model;
pub mod principal;
pub mod public;
pub mod region;
pub mod tags;
pub mod tasks;
pub mod validate;
