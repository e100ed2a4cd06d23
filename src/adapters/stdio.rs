//! The standard streams, the only way the program writes to them. Text for people on standard
//! error goes through the one sanitiser ([`visible_lines`]), so a value from a file, a flag or a
//! file name never reaches the terminal raw; every write is checked and never panics (the stream
//! may be a full disk, a closed pipe or a terminal that went away), and a failed write on
//! standard error is remembered so the command can still exit non-zero. `println!`,
//! `eprintln!` and `std::io::stdout`/`stderr` are refused by clippy elsewhere (`Cargo.toml`,
//! `clippy.toml`). One-line values inside a message are shown with
//! [`Visible`](crate::policy::visible::Visible) as well, so a line break in them cannot forge a
//! line.

use std::fmt::Display;
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicU8, Ordering};

use crate::policy::visible::{visible, visible_lines};

/// The exit status after writing to a pipe nobody reads any more: 128 + SIGPIPE, what the
/// shell reports for a command that the closed pipe ended (`cat big | head -1`).
pub const EXIT_BROKEN_PIPE: u8 = 141;

/// How standard error has fared: [`HEALTHY`], [`CLOSED`] or [`FAILED`].
static STDERR: AtomicU8 = AtomicU8::new(HEALTHY);
const HEALTHY: u8 = 0;
const CLOSED: u8 = 1;
const FAILED: u8 = 2;

/// Why a write to standard output failed.
#[derive(Debug)]
pub enum OutError {
    /// The reader closed the pipe: by the shell's convention, end quietly.
    Closed,
    /// Anything else (a full disk, an I/O error): worth a message.
    Failed(io::Error),
}

impl OutError {
    /// Sorts a failed write to standard output (also one another crate made, such as clap's).
    pub fn from_io(e: io::Error) -> OutError {
        if e.kind() == io::ErrorKind::BrokenPipe {
            OutError::Closed
        } else {
            OutError::Failed(e)
        }
    }
}

/// Writes `bytes` to standard output as they are and flushes it (an empty write only flushes).
/// The document a command prints is exact; text for people that quotes input is passed through
/// [`visible_lines`] by its command first.
#[allow(clippy::disallowed_methods)]
pub fn write_out(bytes: &[u8]) -> Result<(), OutError> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(OutError::from_io)
}

/// Whether standard output is a terminal (else the wizard prints its policy there when done).
#[allow(clippy::disallowed_methods)]
pub fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}

/// Whether standard error is a terminal (a progress bar is drawn there only then).
#[allow(clippy::disallowed_methods)]
pub fn stderr_is_terminal() -> bool {
    io::stderr().is_terminal()
}

/// `say!("note: {}", Visible(name))`: one message and a line break on standard error, its
/// hidden characters escaped; never panics, and a failure makes the command exit non-zero (see
/// [`stderr_failed`]).
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::adapters::stdio::say(&::std::format!($($arg)*))
    };
}

/// Writes `text` and a line break to standard error, its hidden characters but its line breaks
/// escaped (what [`say!`](crate::say) expands to).
pub fn say(text: &str) {
    // One write for the whole message, so lines from two threads never interleave.
    let mut message = visible_lines(text).into_owned();
    message.push('\n');
    write_err(&message);
}

/// Writes `text` as it is (already ending in its line break) to standard error, its hidden
/// characters but its line breaks escaped.
pub fn say_text(text: &str) {
    write_err(&visible_lines(text));
}

/// `error: MESSAGE` on standard error for a one-line error that may quote input: shown with
/// [`visible`], so a line break in it is shown as `\n` too.
pub fn error(e: impl Display) {
    say(&format!("error: {}", visible(&e.to_string())));
}

/// The one writer to standard error; a failure is remembered (see [`stderr_failed`]).
#[allow(clippy::disallowed_methods)]
fn write_err(text: &str) {
    let mut err = io::stderr().lock();
    if let Err(e) = err.write_all(text.as_bytes()).and_then(|()| err.flush()) {
        let state = if e.kind() == io::ErrorKind::BrokenPipe {
            CLOSED
        } else {
            FAILED
        };
        // A real failure outranks a closed pipe.
        STDERR.fetch_max(state, Ordering::Relaxed);
    }
}

/// How a command that would have succeeded must end, once standard error failed: `None`
/// while it is healthy, else [`EXIT_BROKEN_PIPE`] for a closed pipe and `failure` otherwise.
/// (No message: the stream that would carry it is the one that failed.)
pub fn stderr_failed(failure: u8) -> Option<u8> {
    match STDERR.load(Ordering::Relaxed) {
        HEALTHY => None,
        CLOSED => Some(EXIT_BROKEN_PIPE),
        _ => Some(failure),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_pipe_is_closed_and_anything_else_failed() {
        let closed = OutError::from_io(io::ErrorKind::BrokenPipe.into());
        assert!(matches!(closed, OutError::Closed));
        let full = OutError::from_io(io::Error::from_raw_os_error(28));
        assert!(matches!(full, OutError::Failed(e) if e.raw_os_error() == Some(28)));
    }
}
