//! Popups: help, the save prompt and its questions, the tag condition prompt, action details.

use crate::policy::spec::tags::{normalize_tags, parse_tag};

use super::action::{Action, Effect};
use super::deliver::{copied, quit, save_effect, saved, set_save_error};
use super::input::TextInput;
use super::state::{App, Popup, StatusKind};
use super::update::apply_edit;

pub(super) fn apply_popup(app: &mut App, popup: Popup, action: Action) -> Vec<Effect> {
    match (popup, action) {
        (_, Action::ForceQuit) => return quit(app),
        (_, Action::Copied(r)) => copied(app, r),
        (_, Action::Saved(r)) => saved(app, r),
        (Popup::Help, Action::Back | Action::Help) => app.popup = None,
        (Popup::Help, Action::Up) => app.help_scroll = app.help_scroll.saturating_sub(1),
        (Popup::Help, Action::Down) => app.help_scroll = app.help_scroll.saturating_add(1),
        (Popup::Save { .. }, Action::Back) => app.popup = None,
        (Popup::Save { path, .. }, Action::Confirm) => {
            if path.text().trim().is_empty() {
                set_save_error(app, "Type a file name, e.g. policy.json".into());
            } else {
                return save_effect(app, path.text(), false);
            }
        }
        (Popup::ConfirmOverwrite { path }, Action::Yes) => {
            return save_effect(app, path.text(), true);
        }
        (Popup::ConfirmOverwrite { path }, Action::No) => {
            app.popup = Some(Popup::Save {
                path,
                error: Some("Not replaced. Type another name, or Esc to cancel.".into()),
            });
        }
        (Popup::ConfirmQuit, Action::Yes) => return quit(app),
        (Popup::ConfirmQuit, Action::No) => app.popup = None,
        (Popup::Details, Action::Back | Action::Details) => app.popup = None,
        (Popup::Details, Action::Up) => super::update::move_cursor(app, -1),
        (Popup::Details, Action::Down) => super::update::move_cursor(app, 1),
        (Popup::Tags { .. }, Action::Back) => app.popup = None,
        (Popup::Tags { input, .. }, Action::Confirm) => add_tag(app, input.text()),
        (Popup::Tags { .. }, Action::RemoveTag) => remove_tag(app),
        (Popup::Save { .. } | Popup::Tags { .. }, Action::Paste(text)) => {
            if let Some((input, error)) = app.popup.as_mut().and_then(Popup::prompt_mut) {
                // A prompt is one line: a pasted trailing newline must not end up in a name.
                input.insert_str(&text.replace(['\n', '\r'], ""));
                *error = None;
            }
        }
        (Popup::Save { .. } | Popup::Tags { .. }, edit) => {
            if let Some((input, error)) = app.popup.as_mut().and_then(Popup::prompt_mut)
                && apply_edit(input, &edit)
            {
                *error = None;
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Opens the tag condition prompt.
pub(super) fn open_tags(app: &mut App) {
    app.popup = Some(Popup::Tags {
        input: TextInput::default(),
        error: None,
    });
}

fn set_tag_error(app: &mut App, message: String) {
    if let Some(Popup::Tags { error, .. }) = &mut app.popup {
        *error = Some(message);
    }
}

/// Enter: adds `KEY=VALUE` (the prompt stays open for more); on an empty field, closes.
fn add_tag(app: &mut App, raw: &str) {
    if raw.trim().is_empty() {
        app.popup = None;
        return;
    }
    let tag = match parse_tag(raw) {
        Ok(t) => t,
        Err(e) => return set_tag_error(app, e.to_string()),
    };
    let mut tags = app.tags.clone();
    tags.push(tag.clone());
    match normalize_tags(tags) {
        Ok(t) => {
            app.tags = t;
            app.popup = Some(Popup::Tags {
                input: TextInput::default(),
                error: None,
            });
            app.say(
                StatusKind::Success,
                format!("Tag condition added: {}", tag.explain()),
            );
        }
        Err(e) => set_tag_error(app, e.to_string()),
    }
}

/// Ctrl-D: removes the last tag condition.
fn remove_tag(app: &mut App) {
    match app.tags.pop() {
        Some(t) => app.say(StatusKind::Info, format!("Tag condition removed: {t}")),
        None => set_tag_error(app, "There is no tag condition to remove.".into()),
    }
}
