//! The only code that touches the outside world: the terminal, files and the clipboard.

pub mod clipboard;
pub mod save;
pub mod terminal;
pub mod trail_read;
