//! The event loop: terminal events -> actions -> `update` -> effects -> adapters, until the
//! wizard quits or a terminating signal arrives.

use std::io::{self, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseEventKind};

use crate::adapters::clipboard;
use crate::adapters::save::{Overwrite, SaveError, write_atomic};
use crate::adapters::terminal::{self, Term};
use crate::app::keymap::dispatch;
use crate::app::{Action, App, Effect, SaveFailure, update};
use crate::ui::{self, Theme};

/// Turns a terminal event into an action for the current state.
pub fn translate(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => dispatch(&app.context(), k),
        Event::Paste(text) => Some(Action::Paste(text.clone())),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollUp => Some(Action::WheelUp),
            MouseEventKind::ScrollDown => Some(Action::WheelDown),
            _ => None,
        },
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
    terminal::install_panic_hook();
    let mut term = match terminal::enter() {
        Ok(t) => t,
        Err(e) => {
            terminal::restore();
            return Err(e);
        }
    };
    let result = event_loop(&mut term, &mut app, &theme, &stop);
    terminal::restore();
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
                    terminal::suspend(term)?;
                    continue;
                }
                Effect::Quit => continue,
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
