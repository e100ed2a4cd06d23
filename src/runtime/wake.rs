//! What the event loop sleeps on: terminal input, a hang-up of the terminal, and signals
//! (SIGTERM, SIGHUP, SIGWINCH). One blocking `poll` over the terminal and a signal pipe, so an
//! idle wizard uses no CPU, and a terminal that went away is noticed at once.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use filedescriptor::{POLLIN, pollfd};
use signal_hook::consts::{SIGHUP, SIGTERM, SIGWINCH};

use crate::adapters::terminal::TTY_PATH;

/// Why the loop woke up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The terminal has input to read.
    Input,
    /// A window size change, or a signal that was not one of ours; redraw.
    Redraw,
    /// SIGTERM: quit cleanly.
    Terminate,
    /// SIGHUP, or the terminal hung up or failed: quit without writing anything more.
    HangUp,
    /// The timeout passed with nothing to do.
    Timeout,
}

/// Wakeups that said "input" but yielded no key: a tty at end of file without a hang-up flag
/// (macOS emulates `poll` with `select`, which has none). Past this many in a row, the
/// terminal counts as gone rather than spinning.
const EMPTY_INPUT_LIMIT: u32 = 100;

/// The terminal and signal file descriptors the loop sleeps on.
pub struct Waker {
    input: OwnedFd,
    signals: UnixStream,
    terminate: Arc<AtomicBool>,
    hang_up: Arc<AtomicBool>,
    empty_inputs: u32,
}

impl Waker {
    /// Watches the terminal crossterm reads keys from (standard input when it is a terminal,
    /// else the controlling terminal) and registers the signal handlers.
    pub fn new() -> io::Result<Waker> {
        let stdin = io::stdin();
        let input: OwnedFd = if stdin.is_terminal() {
            std::os::fd::AsFd::as_fd(&stdin).try_clone_to_owned()?
        } else {
            File::open(TTY_PATH)?.into()
        };
        let (signals, sender) = UnixStream::pair()?;
        signals.set_nonblocking(true)?;
        sender.set_nonblocking(true)?;
        let terminate = Arc::new(AtomicBool::new(false));
        let hang_up = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(SIGTERM, Arc::clone(&terminate))?;
        signal_hook::flag::register(SIGHUP, Arc::clone(&hang_up))?;
        for sig in [SIGTERM, SIGHUP, SIGWINCH] {
            signal_hook::low_level::pipe::register(sig, sender.try_clone()?)?;
        }
        Ok(Waker {
            input,
            signals,
            terminate,
            hang_up,
            empty_inputs: 0,
        })
    }

    /// A signal that ends the wizard, if one arrived.
    pub fn signalled(&self) -> Option<Wake> {
        if self.hang_up.load(Ordering::Relaxed) {
            Some(Wake::HangUp)
        } else if self.terminate.load(Ordering::Relaxed) {
            Some(Wake::Terminate)
        } else {
            None
        }
    }

    /// Blocks until input, a signal or a hang-up; `None` waits for ever.
    pub fn wait(&mut self, timeout: Option<Duration>) -> Wake {
        if let Some(w) = self.signalled() {
            return w;
        }
        let mut fds = [
            pollfd {
                fd: self.input.as_raw_fd(),
                events: POLLIN,
                revents: 0,
            },
            pollfd {
                fd: self.signals.as_raw_fd(),
                events: POLLIN,
                revents: 0,
            },
        ];
        let polled = filedescriptor::poll(&mut fds, timeout);
        if let Some(w) = self.signalled() {
            return w;
        }
        match polled {
            Ok(_) => {}
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
            while matches!(self.signals.read(&mut buf), Ok(n) if n > 0) {}
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
