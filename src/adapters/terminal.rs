//! The terminal session: raw mode, alternate screen, paste and mouse; restored on every exit
//! path (normal, error, panic, SIGTERM/SIGHUP, suspend). Draws on standard output, or on the
//! controlling terminal (`/dev/tty`) when standard output is piped.

use std::fs::File;
use std::io::{self, Stdout, Write, stdout};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

/// The controlling terminal, whatever standard input and output are.
pub const TTY_PATH: &str = "/dev/tty";

/// Set once standard output is known to be piped: from then on everything is drawn on
/// [`TTY_PATH`]. A flag rather than a value passed around, because the panic hook needs it too.
static DRAW_ON_TTY: AtomicBool = AtomicBool::new(false);

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
        match self {
            Screen::Stdout(s) => s.write(buf),
            Screen::Tty(f) => f.write(buf),
            Screen::Gone => Err(io::ErrorKind::NotConnected.into()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
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
/// Safe to call more than once, and on a terminal that is gone (every error is ignored).
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        screen(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
}

/// Takes the terminal: raw mode, alternate screen, bracketed paste, mouse capture.
pub fn enter() -> io::Result<Term> {
    enable_raw_mode()?;
    execute!(
        screen(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture
    )?;
    // The alternate screen starts blank; no clear, which would ask the terminal for the cursor.
    Terminal::new(CrosstermBackend::new(screen()))
}

/// Restores the terminal before the default panic message is printed.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Ctrl-Z: hand the terminal back to the shell, stop, and take it again on `fg`.
pub fn suspend(term: &mut Term) -> io::Result<()> {
    restore();
    let _ = screen().flush();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    *term = enter()?;
    Ok(())
}

/// Mouse capture on (clicks and wheel reach the wizard) or off (the terminal selects text).
pub fn set_mouse(on: bool) -> io::Result<()> {
    if on {
        execute!(screen(), EnableMouseCapture)
    } else {
        execute!(screen(), DisableMouseCapture)
    }
}
