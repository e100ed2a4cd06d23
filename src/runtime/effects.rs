//! The effect runner: does what `update` asked (copy, save, suspend, finish, quit and print)
//! through the adapters and turns each result into the action fed back to `update`.

use std::io;

use crate::adapters::clipboard;
use crate::adapters::save::{Overwrite, SaveError, write_atomic};
use crate::adapters::terminal;
use crate::app::{Action, Effect, SaveFailure, SavedFile};

use super::guard::Shared;

/// Runs one effect (the caller holds the terminal lock); returns the action that reports its
/// result, if it has one. `finished` receives the document pipe mode prints.
pub fn run_effect(
    effect: Effect,
    shared: &Shared,
    finished: &mut Option<String>,
) -> io::Result<Option<Action>> {
    Ok(match effect {
        Effect::CopyToClipboard(text) => Some(Action::Copied(clipboard::copy(
            &text,
            &mut terminal::screen(),
        ))),
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
                Ok(written) => {
                    shared.say_farewell(format!("Policy saved to {written}"));
                    Ok(SavedFile {
                        path: written.path,
                        link_target: written.link_target,
                    })
                }
                Err(SaveError::Exists(p)) => Err(SaveFailure::Exists(p)),
                Err(e) => Err(SaveFailure::Other(e.to_string())),
            };
            Some(Action::Saved(r))
        }
        Effect::Suspend => {
            terminal::suspend()?;
            None
        }
        Effect::SetMouseCapture(on) => {
            terminal::set_mouse(on)?;
            None
        }
        Effect::Finish(document) => {
            *finished = Some(document);
            None
        }
        Effect::Quit => None,
        // Never produced while the output is piped: standard output holds only a finished policy.
        Effect::QuitAndPrint(text) => {
            shared.say_farewell(text);
            None
        }
    })
}
