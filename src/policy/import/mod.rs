//! Reading existing policies: document parsing, the import into grants (exact, narrowed or kept
//! as written) and the "file + flags" rules.

pub mod access_denied;
mod arn;
pub mod document;
mod exact;
pub mod json_keys;
pub mod merge;
pub mod sources;
mod statement;

pub use exact::{
    Fix, Imported, Narrowing, Outcome, StatementReport, TAG_KEY_PREFIX, import_document,
    import_with,
};
