//! Reading existing policies: document parsing and the import into a spec.

mod convert;
pub mod document;
pub mod sources;

pub use convert::{Imported, import_document};
