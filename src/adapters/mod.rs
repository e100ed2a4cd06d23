//! The only code that touches the outside world: files and the clipboard.

pub mod save;
