//! The terminal session: raw mode, alternate screen, paste and mouse; restored on every exit
//! path (normal, error, panic, SIGTERM/SIGHUP, suspend).

use std::io::{self, Stdout, Write, stdout};

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

/// The terminal the wizard draws on.
pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Puts the terminal back: cooked mode, main screen, cursor shown, no mouse or paste mode.
/// Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
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
        stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture
    )?;
    // The alternate screen starts blank; no clear, which would ask the terminal for the cursor.
    Terminal::new(CrosstermBackend::new(stdout()))
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
    let _ = stdout().flush();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    *term = enter()?;
    Ok(())
}
