//! What the event loop sleeps on: terminal input, a hang-up of the terminal, and requests to
//! redraw (SIGWINCH, or the guard after it took the terminal back on SIGCONT). One blocking
//! `poll` over the terminal and a wake-up pipe, so an idle wizard uses no CPU, and a terminal
//! that went away is noticed at once. Signals that end the wizard are the guard's
//! ([`super::guard`]), which acts even while the loop is busy.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::time::Duration;

use filedescriptor::{POLLIN, pollfd};
use signal_hook::consts::SIGWINCH;

use crate::adapters::terminal::TTY_PATH;

/// Why the loop woke up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The terminal has input to read.
    Input,
    /// A window size change, a signal, or the terminal taken back after a stop; redraw.
    Redraw,
    /// The terminal hung up or failed: quit without writing anything more.
    HangUp,
    /// The timeout passed with nothing to do.
    Timeout,
}

/// Wakeups that said "input" but yielded no key: a tty at end of file without a hang-up flag
/// (macOS emulates `poll` with `select`, which has none). Past this many in a row, the
/// terminal counts as gone rather than spinning.
const EMPTY_INPUT_LIMIT: u32 = 100;

/// The terminal and wake-up file descriptors the loop sleeps on.
pub struct Waker {
    input: OwnedFd,
    wakeups: UnixStream,
    /// The other end of `wakeups`, for whoever needs a redraw (SIGWINCH, the guard).
    sender: UnixStream,
    empty_inputs: u32,
}

impl Waker {
    /// Watches the terminal crossterm reads keys from (standard input when it is a terminal,
    /// else the controlling terminal) and wakes on SIGWINCH.
    pub fn new() -> io::Result<Waker> {
        let stdin = io::stdin();
        let input: OwnedFd = if stdin.is_terminal() {
            std::os::fd::AsFd::as_fd(&stdin).try_clone_to_owned()?
        } else {
            File::open(TTY_PATH)?.into()
        };
        let (wakeups, sender) = UnixStream::pair()?;
        wakeups.set_nonblocking(true)?;
        sender.set_nonblocking(true)?;
        signal_hook::low_level::pipe::register(SIGWINCH, sender.try_clone()?)?;
        Ok(Waker {
            input,
            wakeups,
            sender,
            empty_inputs: 0,
        })
    }

    /// The terminal the loop reads, for the guard to watch for a hang-up too.
    pub fn terminal(&self) -> io::Result<OwnedFd> {
        self.input.try_clone()
    }

    /// A handle that wakes the loop for a redraw when a byte is written to it.
    pub fn redraw_handle(&self) -> io::Result<UnixStream> {
        self.sender.try_clone()
    }

    /// Blocks until input, a redraw request or a hang-up; `None` waits for ever.
    pub fn wait(&mut self, timeout: Option<Duration>) -> Wake {
        let mut fds = [
            pollfd {
                fd: self.input.as_raw_fd(),
                events: POLLIN,
                revents: 0,
            },
            pollfd {
                fd: self.wakeups.as_raw_fd(),
                events: POLLIN,
                revents: 0,
            },
        ];
        match filedescriptor::poll(&mut fds, timeout) {
            Ok(_) => {}
            // A signal (a stop and continue among them): look again after a redraw.
            Err(filedescriptor::Error::Poll(e)) if e.kind() == io::ErrorKind::Interrupted => {
                return Wake::Redraw;
            }
            Err(_) => return Wake::HangUp,
        }
        // POLLHUP, POLLERR or POLLNVAL: the terminal is gone, even if input is flagged too.
        if fds[0].revents & !POLLIN != 0 {
            return Wake::HangUp;
        }
        if fds[1].revents != 0 {
            let mut buf = [0u8; 64];
            while matches!(self.wakeups.read(&mut buf), Ok(n) if n > 0) {}
            return Wake::Redraw;
        }
        if fds[0].revents & POLLIN != 0 {
            return Wake::Input;
        }
        Wake::Timeout
    }

    /// Reports how many keys the last [`Wake::Input`] gave; true when the terminal looks
    /// gone (readable again and again, yet nothing to read).
    pub fn input_was(&mut self, events: usize) -> bool {
        if events == 0 {
            self.empty_inputs += 1;
        } else {
            self.empty_inputs = 0;
        }
        self.empty_inputs > EMPTY_INPUT_LIMIT
    }
}
