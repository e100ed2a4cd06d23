//! The terminal session: raw mode, alternate screen, paste and mouse; restored on every exit
//! path (normal, error, panic, SIGTERM/SIGHUP, suspend). Runs the event loop and the effects.

use std::io::{self, Stdout, Write, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use crate::app::keymap::dispatch;
use crate::app::{Action, App, Effect, SaveFailure, update};
use crate::ui::{self, Theme};

use super::clipboard;
use super::save::{Overwrite, SaveError, write_atomic};

type Term = Terminal<CrosstermBackend<Stdout>>;

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

fn enter() -> io::Result<Term> {
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

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Turns a terminal event into an action for the current state.
pub fn translate(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => dispatch(&app.context(), k),
        Event::Paste(text) => Some(Action::Paste(text.clone())),
        Event::Mouse(m) => {
            let (w, h) = ratatui::crossterm::terminal::size().ok()?;
            ui::mouse::action(app, ratatui::layout::Rect::new(0, 0, w, h), m)
        }
        _ => None,
    }
}

/// Runs the wizard until it quits or a terminating signal arrives. Returns lines to print
/// after the terminal is restored (e.g. where the policy was saved).
pub fn run(mut app: App, theme: Theme) -> io::Result<Vec<String>> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    install_panic_hook();
    let mut term = match enter() {
        Ok(t) => t,
        Err(e) => {
            restore();
            return Err(e);
        }
    };
    let result = set_mouse(app.mouse).and_then(|()| event_loop(&mut term, &mut app, &theme, &stop));
    restore();
    result
}

fn event_loop(
    term: &mut Term,
    app: &mut App,
    theme: &Theme,
    stop: &AtomicBool,
) -> io::Result<Vec<String>> {
    let mut farewell = Vec::new();
    let mut dirty = true;
    while !app.should_quit && !stop.load(Ordering::Relaxed) {
        if dirty {
            term.draw(|f| ui::render(f, app, theme))?;
            dirty = false;
        }
        if !event::poll(Duration::from_millis(200))? {
            continue;
        }
        let ev = event::read()?;
        #[cfg(debug_assertions)]
        panic_on_key(&ev);
        dirty = matches!(ev, Event::Resize(..));
        let Some(action) = translate(app, &ev) else {
            continue;
        };
        dirty = true;
        let mut queue = update(app, action);
        while let Some(effect) = queue.pop() {
            let result = match effect {
                Effect::CopyToClipboard(text) => {
                    Action::Copied(clipboard::copy(&text, &mut stdout()))
                }
                Effect::SaveFile {
                    path,
                    contents,
                    replace,
                } => {
                    let mode = if replace {
                        Overwrite::Replace
                    } else {
                        Overwrite::Never
                    };
                    let r = match write_atomic(&path, contents.as_bytes(), mode) {
                        Ok(p) => {
                            farewell.push(format!("Policy saved to {}", p.display()));
                            Ok(p)
                        }
                        Err(SaveError::Exists(p)) => Err(SaveFailure::Exists(p)),
                        Err(e) => Err(SaveFailure::Other(e.to_string())),
                    };
                    Action::Saved(r)
                }
                Effect::Suspend => {
                    suspend(term)?;
                    set_mouse(app.mouse)?;
                    continue;
                }
                Effect::SetMouseCapture(on) => {
                    set_mouse(on)?;
                    continue;
                }
                Effect::Quit => continue,
                Effect::QuitAndPrint(text) => {
                    farewell.push(text);
                    continue;
                }
            };
            queue.extend(update(app, result));
        }
    }
    Ok(farewell)
}

/// Test hook, compiled into debug builds only: with `ECR_POLICY_PANIC_ON_KEY=F12` (any `F<n>`)
/// that key panics inside the loop, so tests can check the terminal is restored after a crash.
#[cfg(debug_assertions)]
#[allow(clippy::panic)]
fn panic_on_key(ev: &Event) {
    let Ok(want) = std::env::var("ECR_POLICY_PANIC_ON_KEY") else {
        return;
    };
    if let Event::Key(k) = ev
        && k.kind == KeyEventKind::Press
        && want
            .strip_prefix('F')
            .and_then(|n| n.parse().ok())
            .map(event::KeyCode::F)
            == Some(k.code)
    {
        panic!("ECR_POLICY_PANIC_ON_KEY: simulated panic on {want}");
    }
}

/// Ctrl-Z: hand the terminal back to the shell, stop, and take it again on `fg`.
fn suspend(term: &mut Term) -> io::Result<()> {
    restore();
    let _ = stdout().flush();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    *term = enter()?;
    Ok(())
}

/// Mouse capture on (clicks and wheel reach the wizard) or off (the terminal selects text).
fn set_mouse(on: bool) -> io::Result<()> {
    if on {
        execute!(stdout(), EnableMouseCapture)
    } else {
        execute!(stdout(), DisableMouseCapture)
    }
}
