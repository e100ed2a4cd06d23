//! The event loop: terminal events -> actions -> `update` -> effects -> adapters, until the
//! wizard quits or the terminal goes away. It sleeps in one blocking wait (see [`wake`]);
//! nothing here polls on a timer. Signals that end or stop the wizard are the [`guard`]'s,
//! which acts even while the loop is busy.

mod effects;
pub mod guard;
pub mod wake;

use std::io;
use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::adapters::terminal::{self, Term};
use crate::app::keymap::dispatch;
use crate::app::{Action, App, update};
use crate::ui::{self, Theme};

use guard::Shared;
use wake::{Wake, Waker};

/// How long crossterm may wait for the rest of an input burst once the terminal said it has
/// input: long enough to take every key already typed, short enough not to delay the redraw.
const DRAIN_WAIT: Duration = Duration::from_millis(1);

/// Why the wizard ended (a signal ends the process from the guard instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// The person quit (or cancelled, when the output is piped).
    Quit,
    /// Ctrl-C: quit at once.
    Interrupted,
    /// Enter on Review while the output is piped: the document for standard output.
    Finished(String),
    /// The terminal hung up or could not be read or written: nothing more may be printed to it.
    TerminalGone,
}

/// What the caller prints once the terminal is restored, and what decides the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub end: End,
    /// Lines for the terminal (e.g. where the policy was saved).
    pub farewell: Vec<String>,
    /// The policy as it stood at the end was saved or copied (see [`App::policy_delivered`]).
    pub delivered: bool,
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

/// Runs the wizard until it ends; the terminal is restored before this returns. A signal or
/// the terminal going away ends the process from the guard, with 128 + the signal.
pub fn run(mut app: App, theme: Theme) -> io::Result<Outcome> {
    let mut waker = Waker::new()?;
    let shared = Arc::new(Shared::default());
    // Before the terminal is taken: from then on a signal never leaves it raw.
    guard::start(
        waker.terminal()?,
        waker.redraw_handle()?,
        Arc::clone(&shared),
    )?;
    terminal::install_panic_hook();
    let entered = {
        let _writing = terminal::lock();
        terminal::enter(app.mouse).inspect_err(|_| terminal::restore())
    };
    let mut term = entered?;
    let mut finished = None;
    let gone = event_loop(
        &mut term,
        &mut app,
        &theme,
        &mut waker,
        &shared,
        &mut finished,
    );
    {
        let writing = terminal::lock();
        if !shared.claim_end() {
            // The guard is ending the process (a signal, or the terminal went away): it
            // restored the terminal or is about to, and exits; nothing more to do here.
            drop(writing);
            loop {
                std::thread::park();
            }
        }
        // A terminal that hung up takes no more writes; restoring it only fails quietly.
        terminal::restore();
    }
    let end = match finished {
        _ if gone => End::TerminalGone,
        Some(document) => End::Finished(document),
        None if app.interrupted => End::Interrupted,
        None => End::Quit,
    };
    Ok(Outcome {
        end,
        farewell: shared.take_farewell(),
        delivered: app.policy_delivered(),
    })
}

/// Runs until the wizard quits (false) or the terminal is gone (true); `finished` receives
/// the document to print when the wizard finished in pipe mode.
fn event_loop(
    term: &mut Term,
    app: &mut App,
    theme: &Theme,
    waker: &mut Waker,
    shared: &Shared,
    finished: &mut Option<String>,
) -> bool {
    let mut dirty = true;
    loop {
        if app.should_quit {
            return false;
        }
        if dirty && draw(term, app, theme).is_err() {
            return true;
        }
        dirty = false;
        match waker.wait(None) {
            Wake::Input => {}
            Wake::Redraw => {
                dirty = true;
                continue;
            }
            Wake::Timeout => continue,
            Wake::HangUp => return true,
        }
        let mut events = 0;
        loop {
            match event::poll(DRAIN_WAIT) {
                Ok(true) => {}
                Ok(false) => break,
                Err(_) => return true,
            }
            let Ok(ev) = event::read() else {
                return true;
            };
            events += 1;
            if handle(app, shared, finished, &ev).is_err() {
                return true;
            }
            dirty = true;
            if app.should_quit {
                return false;
            }
        }
        if waker.input_was(events) {
            return true;
        }
    }
}

/// One frame, in full when the terminal was taken again after a stop.
fn draw(term: &mut Term, app: &App, theme: &Theme) -> io::Result<()> {
    let _writing = terminal::lock();
    if terminal::take_redraw_all() {
        *term = terminal::blank_term()?;
    }
    term.draw(|f| ui::render(f, app, theme)).map(|_| ())
}

/// One event: the action, then every effect and the actions their results feed back. The
/// state changes without the terminal lock, so the guard can end the wizard during long work.
fn handle(
    app: &mut App,
    shared: &Shared,
    finished: &mut Option<String>,
    ev: &Event,
) -> io::Result<()> {
    #[cfg(debug_assertions)]
    test_hooks(ev);
    let Some(action) = translate(app, ev) else {
        return Ok(());
    };
    let mut queue = update(app, action);
    while let Some(effect) = queue.pop() {
        let result = {
            let _writing = terminal::lock();
            effects::run_effect(effect, shared, finished)?
        };
        if let Some(result) = result {
            queue.extend(update(app, result));
        }
    }
    Ok(())
}

/// Test hooks, compiled into debug builds only, so tests can check the terminal after a crash
/// and during work that never ends: with `ECR_POLICY_PANIC_ON_KEY=F12` (any `F<n>`) that key
/// panics inside the loop; with `ECR_POLICY_STALL_ON_KEY=F11` it blocks the loop for ever.
#[cfg(debug_assertions)]
#[allow(clippy::panic)]
fn test_hooks(ev: &Event) {
    let Event::Key(k) = ev else {
        return;
    };
    if k.kind != KeyEventKind::Press {
        return;
    }
    let is = |var: &str| {
        std::env::var(var).ok().is_some_and(|want| {
            want.strip_prefix('F')
                .and_then(|n| n.parse().ok())
                .map(event::KeyCode::F)
                == Some(k.code)
        })
    };
    if is("ECR_POLICY_PANIC_ON_KEY") {
        let key = std::env::var("ECR_POLICY_PANIC_ON_KEY").unwrap_or_default();
        panic!("ECR_POLICY_PANIC_ON_KEY: simulated panic on {key}");
    }
    if is("ECR_POLICY_STALL_ON_KEY") {
        loop {
            std::thread::park();
        }
    }
}
