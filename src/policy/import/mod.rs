//! Reading existing policies: document parsing and the import into a spec.

pub mod access_denied;
mod convert;
pub mod document;

pub use convert::{Imported, import_document};
