//! The event loop: terminal events -> actions -> `update` -> effects -> adapters, until the
//! wizard quits, a terminating signal arrives or the terminal goes away. It sleeps in one
//! blocking wait (see [`wake`]); nothing here polls on a timer.

mod effects;
pub mod wake;

use std::io;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::adapters::terminal::{self, Term};
use crate::app::keymap::dispatch;
use crate::app::{Action, App, update};
use crate::ui::{self, Theme};

use wake::{Wake, Waker};

/// How long crossterm may wait for the rest of an input burst once the terminal said it has
/// input: long enough to take every key already typed, short enough not to delay the redraw.
const DRAIN_WAIT: Duration = Duration::from_millis(1);

/// Why the wizard ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// The person quit (or cancelled, when the output is piped).
    Quit,
    /// Enter on Review while the output is piped: the document for standard output.
    Finished(String),
    /// SIGTERM: ended cleanly, the terminal restored.
    Terminated,
    /// SIGHUP, or the terminal hung up or could not be read or written: nothing more may be
    /// printed to it.
    TerminalGone,
}

/// What the caller prints once the terminal is restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub end: End,
    /// Lines for the terminal (e.g. where the policy was saved).
    pub farewell: Vec<String>,
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

/// Runs the wizard until it ends; the terminal is restored before this returns.
pub fn run(mut app: App, theme: Theme) -> io::Result<Outcome> {
    let mut waker = Waker::new()?;
    terminal::install_panic_hook();
    let mut term = match terminal::enter().and_then(|t| terminal::set_mouse(app.mouse).map(|()| t))
    {
        Ok(t) => t,
        Err(e) => {
            terminal::restore();
            return Err(e);
        }
    };
    let mut outcome = Outcome {
        end: End::Quit,
        farewell: Vec::new(),
    };
    let end = event_loop(&mut term, &mut app, &theme, &mut waker, &mut outcome);
    // A terminal that hung up takes no more writes; restoring it only fails quietly.
    terminal::restore();
    if let Some(end) = end {
        outcome.end = end;
    }
    Ok(outcome)
}

/// Returns how the loop ended when it was not the wizard quitting by itself.
fn event_loop(
    term: &mut Term,
    app: &mut App,
    theme: &Theme,
    waker: &mut Waker,
    outcome: &mut Outcome,
) -> Option<End> {
    let mut dirty = true;
    loop {
        if app.should_quit {
            return None;
        }
        if let Some(w) = waker.signalled() {
            return Some(end_for(w));
        }
        if dirty && term.draw(|f| ui::render(f, app, theme)).is_err() {
            return Some(End::TerminalGone);
        }
        dirty = false;
        match waker.wait(None) {
            Wake::Input => {}
            Wake::Redraw => {
                dirty = true;
                continue;
            }
            Wake::Timeout => continue,
            w @ (Wake::Terminate | Wake::HangUp) => return Some(end_for(w)),
        }
        let mut events = 0;
        loop {
            match event::poll(DRAIN_WAIT) {
                Ok(true) => {}
                Ok(false) => break,
                Err(_) => return Some(End::TerminalGone),
            }
            let Ok(ev) = event::read() else {
                return Some(End::TerminalGone);
            };
            events += 1;
            if handle(term, app, outcome, &ev).is_err() {
                return Some(End::TerminalGone);
            }
            dirty = true;
            if app.should_quit {
                return None;
            }
        }
        if waker.input_was(events) {
            return Some(End::TerminalGone);
        }
    }
}

fn end_for(w: Wake) -> End {
    if w == Wake::Terminate {
        End::Terminated
    } else {
        End::TerminalGone
    }
}

/// One event: the action, then every effect and the actions their results feed back.
fn handle(term: &mut Term, app: &mut App, outcome: &mut Outcome, ev: &Event) -> io::Result<()> {
    #[cfg(debug_assertions)]
    panic_on_key(ev);
    let Some(action) = translate(app, ev) else {
        return Ok(());
    };
    let mut queue = update(app, action);
    while let Some(effect) = queue.pop() {
        if let Some(result) = effects::run_effect(effect, term, outcome, app.mouse)? {
            queue.extend(update(app, result));
        }
    }
    Ok(())
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
