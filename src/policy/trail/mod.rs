//! Least privilege from `CloudTrail`: ECR and ECR Public events (delivered log files,
//! `lookup-events` output, or the CSV of the Athena query in `docs/cloudtrail.md`) into the calls
//! each caller made, the smallest policy that allows the successful ones, and how an existing
//! policy compares with them. No I/O: the adapters feed bytes and rows in.

pub mod athena;
pub mod least;
pub mod mapping;
pub mod record;
pub mod scan;
pub mod unused;
pub mod usage;
pub mod window;

pub use least::{Least, Permission, least_privilege, permissions_of};
pub use mapping::TrailService;
pub use usage::{Call, Outcome, Seen, Usage};
pub use window::Window;
