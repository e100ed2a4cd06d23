//! Standard output and standard error for the commands: every write is checked and never
//! panics (the stream may be a full disk, a closed pipe or a terminal that went away), and a
//! failed write on standard error is remembered so the command can still exit non-zero.
//! `println!`/`eprintln!` are denied in the crate: they panic when the stream is gone.

use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicU8, Ordering};

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
    fn from_io(e: io::Error) -> OutError {
        if e.kind() == io::ErrorKind::BrokenPipe {
            OutError::Closed
        } else {
            OutError::Failed(e)
        }
    }
}

/// Writes `bytes` to standard output and flushes it.
pub fn write_out(bytes: &[u8]) -> Result<(), OutError> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(OutError::from_io)
}

/// Writes `text` to standard error as it is; a failure is remembered (see [`stderr_failed`]).
pub fn write_err(text: &str) {
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

/// Writes one line to standard error (what [`errln!`](crate::errln) expands to).
pub fn err_line(args: fmt::Arguments<'_>) {
    // One write for the whole line, so lines from two threads never interleave.
    let mut line = args.to_string();
    line.push('\n');
    write_err(&line);
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

/// `eprintln!` that never panics: writes one line to standard error, and a failure makes the
/// command exit non-zero (see [`stderr_failed`]).
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::adapters::stdio::err_line(::std::format_args!($($arg)*))
    };
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
