//! The guard: a thread that ends the wizard on SIGINT, SIGQUIT, SIGTERM or SIGHUP, or when its
//! terminal goes away, and hands the terminal back on SIGTSTP and takes it again on SIGCONT.
//! It acts even while the event loop is busy (a huge paste, a long import), because it never
//! waits for the loop, only for a frame being written ([`terminal::lock`]).
//!
//! Exit codes follow the shell's convention for a command ended by signal N: 128 + N (130
//! SIGINT, 131 SIGQUIT, 143 SIGTERM, 129 SIGHUP and a terminal that went away).

use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use filedescriptor::{POLLIN, pollfd};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use signal_hook::iterator::backend::SignalDelivery;
use signal_hook::iterator::exfiltrator::SignalOnly;
use signal_hook::low_level;

use crate::adapters::stdio;
use crate::adapters::terminal;

/// The signals that end the wizard, the most telling first (a hang-up means nothing more can
/// be shown).
const ENDING: [i32; 4] = [SIGHUP, SIGTERM, SIGINT, SIGQUIT];

/// The exit code after signal `sig`, as shells report a command it ended.
pub fn exit_code(sig: i32) -> u8 {
    u8::try_from(128 + sig).unwrap_or(u8::MAX)
}

/// What the loop and the guard share: who ends the wizard, and what it says on the way out.
#[derive(Default)]
pub struct Shared {
    /// Set by whichever ends the wizard first (the loop or the guard), while holding the
    /// terminal lock; the other stands back.
    ending: AtomicBool,
    /// Lines for the terminal once it is restored (e.g. where the policy was saved).
    farewell: Mutex<Vec<String>>,
}

impl Shared {
    /// Claims the end of the wizard (call it holding [`terminal::lock`]); false when the other
    /// side already did.
    pub fn claim_end(&self) -> bool {
        !self.ending.swap(true, Ordering::SeqCst)
    }

    /// Adds a line to say once the terminal is restored.
    pub fn say_farewell(&self, line: String) {
        self.farewell
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line);
    }

    /// The farewell lines, taken out.
    pub fn take_farewell(&self) -> Vec<String> {
        std::mem::take(&mut *self.farewell.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// How the wizard ends when the guard ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leaving {
    /// The terminal is still there: restore it, then say the farewell.
    Restore,
    /// SIGHUP: the terminal may be gone; restore what can be restored, say nothing more.
    Quietly,
    /// The terminal went away: write nothing to it.
    Abandon,
}

/// Starts the guard thread: it watches `terminal` (the one the loop reads) for a hang-up and
/// writes to `redraw` when the loop must draw the screen anew.
pub fn start(terminal: OwnedFd, redraw: UnixStream, shared: Arc<Shared>) -> io::Result<()> {
    let (read, write) = UnixStream::pair()?;
    let mut signals = SignalDelivery::with_pipe(
        read,
        write,
        SignalOnly,
        [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT],
    )?;
    std::thread::Builder::new()
        .name("signal guard".into())
        .spawn(move || watch(&mut signals, &terminal, &redraw, &shared))?;
    Ok(())
}

fn watch(
    signals: &mut SignalDelivery<UnixStream, SignalOnly>,
    terminal: &OwnedFd,
    redraw: &UnixStream,
    shared: &Shared,
) {
    // A negative descriptor is skipped by `poll`: set once the hang-up was seen, so a terminal
    // that stays hung up does not wake the guard again and again.
    let mut watched = terminal.as_raw_fd();
    loop {
        let mut fds = [
            // No events asked: `poll` still reports a hang-up or an error, and only those.
            pollfd {
                fd: watched,
                events: 0,
                revents: 0,
            },
            pollfd {
                fd: signals.get_read().as_raw_fd(),
                events: POLLIN,
                revents: 0,
            },
        ];
        match filedescriptor::poll(&mut fds, None) {
            Ok(_) => {}
            Err(filedescriptor::Error::Poll(e)) if e.kind() == io::ErrorKind::Interrupted => {
                continue;
            }
            // Not seen with two open descriptors (only EINVAL or ENOMEM remain). Retrying would
            // spin; without the guard, the loop still notices a terminal that went away.
            Err(_) => return,
        }
        if fds[0].revents != 0 {
            watched = -1;
            end(shared, None, Leaving::Abandon, exit_code(SIGHUP));
        }
        let arrived: Vec<i32> = signals.pending().collect();
        if let Some(&sig) = ENDING.iter().find(|s| arrived.contains(s)) {
            let how = if sig == SIGHUP {
                Leaving::Quietly
            } else {
                Leaving::Restore
            };
            end(shared, Some(sig), how, exit_code(sig));
        }
        // A stop and a continue read together: the continue came last, so stay.
        if arrived.contains(&SIGCONT) {
            take_again(shared, redraw);
        } else if arrived.contains(&SIGTSTP) {
            stop(shared);
        }
    }
}

/// Ends the process with `code`. When the loop is ending the wizard already (it claims the end
/// under the same lock, and restores the terminal before letting go), a signal still ends the
/// process at once, as it would have without the guard, and a hang-up is left to the loop.
fn end(shared: &Shared, sig: Option<i32>, how: Leaving, code: u8) {
    // A frame or an effect being written finishes first; the loop never gets the lock back.
    let _writing = terminal::lock();
    if shared.claim_end() {
        if how != Leaving::Abandon {
            terminal::discard_input();
        }
        match how {
            Leaving::Restore => {
                terminal::restore();
                for line in shared.take_farewell() {
                    stdio::say(&line);
                }
            }
            Leaving::Quietly => terminal::restore(),
            Leaving::Abandon => terminal::abandon(),
        }
    } else if sig.is_none() {
        return;
    }
    std::process::exit(i32::from(code));
}

/// SIGTSTP: hand the terminal back and stop; SIGCONT wakes the guard again.
fn stop(shared: &Shared) {
    let _writing = terminal::lock();
    // The loop is restoring the terminal and ending: just stop as the signal asks.
    if !shared.ending.load(Ordering::SeqCst) {
        terminal::discard_input();
        terminal::restore();
    }
    // SIGSTOP: SIGTSTP itself is caught, by us.
    let _ = low_level::emulate_default_handler(SIGTSTP);
}

/// SIGCONT: take the terminal again and have the loop draw the whole screen.
fn take_again(shared: &Shared, redraw: &UnixStream) {
    {
        let _writing = terminal::lock();
        if shared.ending.load(Ordering::SeqCst) {
            return;
        }
        // A terminal that cannot be taken again is gone: the loop finds out when it draws.
        let _ = terminal::take_again();
    }
    // One byte wakes the loop; a full pipe means it is awake already.
    let _ = io::Write::write(&mut &*redraw, &[1]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_128_plus_the_signal() {
        assert_eq!(exit_code(SIGINT), 130);
        assert_eq!(exit_code(SIGQUIT), 131);
        assert_eq!(exit_code(SIGTERM), 143);
        assert_eq!(exit_code(SIGHUP), 129);
    }

    #[test]
    fn the_end_is_claimed_once() {
        let shared = Shared::default();
        assert!(shared.claim_end());
        assert!(!shared.claim_end());
    }
}
