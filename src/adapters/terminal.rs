//! The terminal session: raw mode, alternate screen, paste and mouse; restored on every exit
//! path (normal, error, panic, signals, suspend), and abandoned without a write once it is
//! gone. Draws on standard output, or on the controlling terminal (`/dev/tty`) when standard
//! output is piped. Two threads use it (the event loop and the signal guard): each holds
//! [`lock`] while it writes.

use std::fs::File;
use std::io::{self, IsTerminal, Stdout, Write, stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use rustix::termios::{QueueSelector, tcflush};

/// The controlling terminal, whatever standard input and output are.
pub const TTY_PATH: &str = "/dev/tty";

/// Set once standard output is known to be piped: from then on everything is drawn on
/// [`TTY_PATH`]. A flag rather than a value passed around, because the panic hook needs it too.
static DRAW_ON_TTY: AtomicBool = AtomicBool::new(false);

/// Whether the wizard holds the terminal (raw mode, alternate screen). While it does not,
/// writes to the [`Screen`] go nowhere: a frame or ratatui's "show the cursor" on drop after
/// the terminal was restored or abandoned must not reach it (or fail on a terminal that is
/// gone, which ratatui reports with a panicking `eprintln!`).
static HELD: AtomicBool = AtomicBool::new(false);

/// Whether mouse capture is wanted: taking the terminal again after a stop restores it.
static MOUSE: AtomicBool = AtomicBool::new(true);

/// Set when the terminal was taken again (after a stop): the next frame is drawn in full.
static REDRAW_ALL: AtomicBool = AtomicBool::new(false);

/// Held while writing to the terminal, so the guard never restores it in the middle of a frame.
static WRITING: Mutex<()> = Mutex::new(());

/// Waits until no one else writes to the terminal; writes while the guard lives.
/// A panic while it was held leaves nothing to protect, so poisoning is ignored.
pub fn lock() -> MutexGuard<'static, ()> {
    WRITING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Where the wizard draws.
pub enum Screen {
    /// Standard output is the terminal.
    Stdout(Stdout),
    /// Standard output is piped; the controlling terminal opened for writing.
    Tty(File),
    /// The controlling terminal could not be opened (it went away): writes go nowhere.
    Gone,
}

impl Write for Screen {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !HELD.load(Ordering::Relaxed) {
            return Ok(buf.len());
        }
        match self {
            Screen::Stdout(s) => s.write(buf),
            Screen::Tty(f) => f.write(buf),
            Screen::Gone => Err(io::ErrorKind::NotConnected.into()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if !HELD.load(Ordering::Relaxed) {
            return Ok(());
        }
        match self {
            Screen::Stdout(s) => s.flush(),
            Screen::Tty(f) => f.flush(),
            Screen::Gone => Err(io::ErrorKind::NotConnected.into()),
        }
    }
}

/// The terminal the wizard draws on.
pub type Term = Terminal<CrosstermBackend<Screen>>;

/// Opens the controlling terminal, to check there is one before the wizard starts.
pub fn open_tty() -> io::Result<File> {
    File::options().read(true).write(true).open(TTY_PATH)
}

/// Draw on the controlling terminal instead of standard output (standard output is piped).
pub fn draw_on_tty() {
    DRAW_ON_TTY.store(true, Ordering::Relaxed);
}

/// A writer to where the wizard draws: for the frames, OSC 52 and the restore sequences.
// The screen is the terminal's, not text for a reader: its writes are the frames themselves.
#[allow(clippy::disallowed_methods)]
pub fn screen() -> Screen {
    if DRAW_ON_TTY.load(Ordering::Relaxed) {
        File::options()
            .write(true)
            .open(TTY_PATH)
            .map_or(Screen::Gone, Screen::Tty)
    } else {
        Screen::Stdout(stdout())
    }
}

/// Puts the terminal back: cooked mode, main screen, cursor shown, no mouse or paste mode.
/// Does nothing when the wizard does not hold the terminal, so it is safe to call more than
/// once and from the panic hook; on a terminal that is gone every error is ignored.
pub fn restore() {
    if !HELD.load(Ordering::Relaxed) {
        return;
    }
    let _ = disable_raw_mode();
    let _ = execute!(
        screen(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    HELD.store(false, Ordering::Relaxed);
}

/// Drops input that arrived but will never be read (the rest of a paste, keys typed ahead) as
/// the wizard ends or stops on a signal: left in the terminal, the shell would take it as typed,
/// and a pasted newline would run a command.
pub fn discard_input() {
    // Errors are ignored: a terminal that is gone holds no input to fear.
    let stdin = io::stdin();
    if stdin.is_terminal() {
        let _ = tcflush(&stdin, QueueSelector::IFlush);
    } else if let Ok(tty) = File::open(TTY_PATH) {
        let _ = tcflush(&tty, QueueSelector::IFlush);
    }
}

/// Lets go of a terminal that went away, without a write: nothing written could arrive.
pub fn abandon() {
    HELD.store(false, Ordering::Relaxed);
}

/// Raw mode, alternate screen, bracketed paste and (if wanted) mouse capture.
fn take() -> io::Result<()> {
    HELD.store(true, Ordering::Relaxed);
    enable_raw_mode()?;
    execute!(screen(), EnterAlternateScreen, EnableBracketedPaste)?;
    if MOUSE.load(Ordering::Relaxed) {
        execute!(screen(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Takes the terminal: raw mode, alternate screen, bracketed paste, mouse capture if `mouse`.
pub fn enter(mouse: bool) -> io::Result<Term> {
    MOUSE.store(mouse, Ordering::Relaxed);
    take()?;
    blank_term()
}

/// A terminal with nothing drawn yet, for a screen that is blank: its first frame is drawn in
/// full. (No `Terminal::clear`, which would ask the terminal where the cursor is.)
pub fn blank_term() -> io::Result<Term> {
    Terminal::new(CrosstermBackend::new(screen()))
}

/// Takes the terminal again after the process was stopped and continued (by us on SIGTSTP, or
/// by someone's SIGSTOP): the shell may have put it back in cooked mode, and the screen must
/// be drawn anew (see [`take_redraw_all`]).
pub fn take_again() -> io::Result<()> {
    // Raw mode is only set when crossterm thinks it is off: say it is, then set it.
    let _ = disable_raw_mode();
    take()?;
    // Blank, as the first frame expects, even if the alternate screen was never left.
    execute!(screen(), Clear(ClearType::All))?;
    REDRAW_ALL.store(true, Ordering::Relaxed);
    Ok(())
}

/// Whether the terminal was taken again since the last call: draw every cell on a
/// [`blank_term`], not a diff against what was on the screen before.
pub fn take_redraw_all() -> bool {
    REDRAW_ALL.swap(false, Ordering::Relaxed)
}

/// Restores the terminal before the default panic message is printed.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Ctrl-Z: asks for the stop the shell's SIGTSTP would give, which the guard carries out (it
/// hands the terminal back, stops, and takes it again on `fg`).
pub fn suspend() -> io::Result<()> {
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)
}

/// Mouse capture on (clicks and wheel reach the wizard) or off (the terminal selects text).
pub fn set_mouse(on: bool) -> io::Result<()> {
    MOUSE.store(on, Ordering::Relaxed);
    if on {
        execute!(screen(), EnableMouseCapture)
    } else {
        execute!(screen(), DisableMouseCapture)
    }
}
