//! The only code that touches the outside world: the terminal, files, the clipboard and the
//! standard streams.

pub mod clipboard;
pub mod save;
pub mod stdio;
pub mod terminal;
pub mod trail_read;
