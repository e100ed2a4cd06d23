//! Text for people on standard error, the only way the commands write there: every message
//! goes through the one sanitiser ([`visible_lines`]), so a value from a file, a flag or a file
//! name can never reach the terminal raw. `eprintln!` and `std::io::stderr` are refused by
//! clippy elsewhere (`clippy.toml`). One-line values inside a message are shown with
//! [`Visible`](crate::policy::visible::Visible) as well, so a line break in them cannot forge a line.

use std::io::Write as _;

use crate::policy::visible::visible_lines;

/// Writes `text` and a line break to standard error, its hidden characters escaped. A closed
/// or failing standard error is not worth a panic: the message is dropped.
#[allow(clippy::disallowed_methods)]
pub fn to_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(visible_lines(text).as_bytes())
        .and_then(|()| err.write_all(b"\n"));
}

/// Writes `text` as it is (already ending in its line break) to standard error, its hidden
/// characters escaped.
#[allow(clippy::disallowed_methods)]
pub fn text_to_stderr(text: &str) {
    let _ = std::io::stderr()
        .lock()
        .write_all(visible_lines(text).as_bytes());
}

/// `say!("note: {}", Visible(name))`: one message to standard error through [`to_stderr`].
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cmd::out::to_stderr(&format!($($arg)*))
    };
}

/// `error: MESSAGE` on standard error for a one-line error that may quote input: shown with
/// `visible`, so a line break in it is shown as `\n` too.
pub fn error(e: impl std::fmt::Display) {
    to_stderr(&format!(
        "error: {}",
        crate::policy::visible::visible(&e.to_string())
    ));
}
