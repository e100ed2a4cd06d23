//! Popups: help, the save prompt and its questions, the tag condition prompt, action details.

use crate::policy::emit::format::PolicyName;
use crate::policy::spec::tags::{normalize_tags, parse_tag};

use super::action::{Action, Effect, Local};
use super::deliver::{
    copied, default_file_name, force_quit, leave, save_effect, saved, set_save_error,
};
use super::input::TextInput;
use super::state::{App, Popup, StatusKind};
use super::update::apply_edit;

/// An action while a popup is open: only the popup's own keys (and Ctrl-C) do something.
pub(super) fn apply_popup(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::ForceQuit => return force_quit(app),
        Action::ToggleMouse => return super::mouse::toggle_mouse(app),
        Action::Leave(how) => {
            if app.popup == Some(Popup::ConfirmQuit) {
                return leave(app, how);
            }
        }
        Action::Copied(r) => copied(app, r),
        Action::Saved(r) => saved(app, r),
        Action::Back => return popup_back(app),
        Action::Help => {
            if matches!(app.popup, Some(Popup::Help { .. })) {
                app.popup = None;
            }
        }
        Action::Local(key) => return popup_key(app, key),
        Action::Paste(text) if super::access::paste_error(app, &text) => {}
        Action::Paste(text) => {
            if let Some((input, error)) = app.popup.as_mut().and_then(Popup::prompt_mut) {
                // A prompt is one line: a pasted trailing newline must not end up in a name.
                input.insert_str(&text.replace(['\n', '\r'], ""));
                *error = None;
            }
        }
        Action::Text(edit) => {
            if let Some((input, error)) = app.popup.as_mut().and_then(Popup::prompt_mut) {
                apply_edit(input, edit);
                *error = None;
            }
        }
        // Not bound while a popup is open.
        Action::Quit
        | Action::NextStep
        | Action::PrevStep
        | Action::GoTo(_)
        | Action::Copy
        | Action::Save
        | Action::TogglePreview
        | Action::SwitchPane
        | Action::PreviewUp
        | Action::PreviewDown
        | Action::WheelUp
        | Action::WheelDown
        | Action::Scroll(..)
        | Action::Click(_)
        | Action::Suspend
        | Action::AddGrant
        | Action::EditGrant
        | Action::RemoveGrant
        | Action::ApplyFixes
        | Action::EditTags
        | Action::EditName
        | Action::EditPrincipal
        | Action::SwitchDocument
        | Action::SwitchRegistry
        | Action::EditCachePrefix => {}
    }
    Vec::new()
}

/// Esc: closes the popup; in a question it answers no.
fn popup_back(app: &mut App) -> Vec<Effect> {
    match app.popup.take() {
        Some(Popup::ConfirmOverwrite { path }) => {
            app.popup = Some(Popup::ConfirmOverwrite { path });
            return popup_key(app, Local::No);
        }
        // What was typed in a prompt comes back when it is opened again.
        Some(Popup::Save { path, .. }) => {
            // A name the person typed comes back; the suggested one follows the format.
            app.review.save_draft = (path.text() != default_file_name(app)).then_some(path);
            app.pending_quit = false;
        }
        Some(Popup::Tags { input, .. }) => {
            app.actions.tag_draft = (!input.is_empty()).then_some(input);
        }
        Some(Popup::Name { input, .. }) => {
            let current = app
                .derived
                .spec
                .as_ref()
                .map(|s| app.policy_name(s).to_string());
            app.review.name_draft = (current.as_deref() != Some(input.text())).then_some(input);
        }
        Some(Popup::Principal { input, .. }) => super::access::close_principal(app, input),
        Some(Popup::CachePrefix { input, .. }) => super::cache::close_prompt(app, input),
        Some(Popup::Help { .. } | Popup::ConfirmQuit | Popup::Details) | None => {}
    }
    Vec::new()
}

/// A popup's own key.
fn popup_key(app: &mut App, key: Local) -> Vec<Effect> {
    let Some(popup) = app.popup.clone() else {
        return Vec::new();
    };
    match popup {
        Popup::Help { scroll } => help_key(app, scroll, key),
        Popup::Save { path, .. } => save_key(app, &path, key),
        Popup::ConfirmOverwrite { path } => overwrite_key(app, path, key),
        // The quit question has its own answers ([`Action::Leave`]), never `y`.
        Popup::ConfirmQuit => Vec::new(),
        Popup::Details => details_key(app, key),
        Popup::Tags { input, .. } => tags_key(app, &input, key),
        Popup::Name { input, .. } => name_key(app, &input, key),
        Popup::Principal { input, .. } => super::access::principal_key(app, &input, key),
        Popup::CachePrefix { input, review, .. } => {
            super::cache::prompt_key(app, &input, review, key);
            Vec::new()
        }
    }
}

fn help_key(app: &mut App, scroll: u16, key: Local) -> Vec<Effect> {
    match key {
        Local::Up => set_help_scroll(app, scroll.saturating_sub(1)),
        Local::Down => set_help_scroll(app, scroll.saturating_add(1)),
        Local::Confirm
        | Local::Toggle
        | Local::Remove
        | Local::Edit
        | Local::NextPreset
        | Local::PrevPreset
        | Local::ExpandActions
        | Local::RemoveTag
        | Local::Details
        | Local::NextFormat
        | Local::Finish
        | Local::Yes
        | Local::No => {}
    }
    Vec::new()
}

fn save_key(app: &mut App, path: &TextInput, key: Local) -> Vec<Effect> {
    match key {
        Local::Confirm if path.text().trim().is_empty() => {
            set_save_error(app, "Type a file name, e.g. policy.json".into());
        }
        Local::Confirm => return save_effect(app, path.text(), false),
        Local::Up
        | Local::Down
        | Local::Toggle
        | Local::Remove
        | Local::Edit
        | Local::NextPreset
        | Local::PrevPreset
        | Local::ExpandActions
        | Local::RemoveTag
        | Local::Details
        | Local::NextFormat
        | Local::Finish
        | Local::Yes
        | Local::No => {}
    }
    Vec::new()
}

fn overwrite_key(app: &mut App, path: TextInput, key: Local) -> Vec<Effect> {
    match key {
        Local::Yes => return save_effect(app, path.text(), true),
        Local::No => {
            app.popup = Some(Popup::Save {
                path,
                error: Some("Not replaced. Type another name, or Esc to cancel.".into()),
            });
        }
        Local::Up
        | Local::Down
        | Local::Confirm
        | Local::Toggle
        | Local::Remove
        | Local::Edit
        | Local::NextPreset
        | Local::PrevPreset
        | Local::ExpandActions
        | Local::RemoveTag
        | Local::Details
        | Local::NextFormat
        | Local::Finish => {}
    }
    Vec::new()
}

fn details_key(app: &mut App, key: Local) -> Vec<Effect> {
    match key {
        Local::Up => app.actions.move_cursor(-1),
        Local::Down => app.actions.move_cursor(1),
        Local::Details => app.popup = None,
        Local::Confirm
        | Local::Toggle
        | Local::Remove
        | Local::Edit
        | Local::NextPreset
        | Local::PrevPreset
        | Local::ExpandActions
        | Local::RemoveTag
        | Local::NextFormat
        | Local::Finish
        | Local::Yes
        | Local::No => {}
    }
    Vec::new()
}

fn tags_key(app: &mut App, input: &TextInput, key: Local) -> Vec<Effect> {
    match key {
        Local::Confirm => add_tag(app, input.text()),
        Local::RemoveTag => remove_tag(app),
        Local::Up
        | Local::Down
        | Local::Toggle
        | Local::Remove
        | Local::Edit
        | Local::NextPreset
        | Local::PrevPreset
        | Local::ExpandActions
        | Local::Details
        | Local::NextFormat
        | Local::Finish
        | Local::Yes
        | Local::No => {}
    }
    Vec::new()
}

fn set_help_scroll(app: &mut App, to: u16) {
    app.popup = Some(Popup::Help { scroll: to });
}

/// Opens the tag condition prompt.
pub(super) fn open_tags(app: &mut App) {
    app.popup = Some(Popup::Tags {
        input: app.actions.tag_draft.take().unwrap_or_default(),
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
    let mut tags = app.actions.tags.clone();
    tags.push(tag.clone());
    match normalize_tags(tags) {
        Ok(t) => {
            app.actions.tags = t;
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
    match app.actions.tags.pop() {
        Some(t) => app.say(StatusKind::Info, format!("Tag condition removed: {t}")),
        None => set_tag_error(app, "There is no tag condition to remove.".into()),
    }
}

/// `n` on Review: the policy name prompt, holding the name in use (or the last draft).
pub(super) fn open_name(app: &mut App) {
    match super::access::shown(app) {
        super::access::Document::Repository => {
            app.say(
                StatusKind::Info,
                "A repository policy has no name: it is set on each repository.",
            );
            return;
        }
        super::access::Document::Registry => {
            app.say(
                StatusKind::Info,
                "A registry policy has no name: each registry holds one per region.",
            );
            return;
        }
        super::access::Document::Trust => {
            let role = super::recipe::recipe_plan(app)
                .map(|p| p.role_name)
                .unwrap_or_default();
            app.say(
                StatusKind::Info,
                format!(
                    "A trust policy has no name: it belongs to its role, {role} here \
                     (ecr-policy generate --role-name sets another)."
                ),
            );
            return;
        }
        super::access::Document::Identity => {}
    }
    let Some(spec) = app.derived.spec.as_ref() else {
        app.say(
            StatusKind::Error,
            "The policy is not complete yet; its name can be set once it is.",
        );
        return;
    };
    let current = app.policy_name(spec).to_string();
    let input = app
        .review
        .name_draft
        .take()
        .unwrap_or_else(|| TextInput::new(&current));
    app.popup = Some(Popup::Name { input, error: None });
}

fn name_key(app: &mut App, input: &TextInput, key: Local) -> Vec<Effect> {
    match key {
        // Empty: back to the name made from the preset and repositories.
        Local::Confirm if input.text().trim().is_empty() => {
            app.review.name = None;
            app.popup = None;
            app.say(
                StatusKind::Info,
                "Policy name: made from the preset and repositories again.",
            );
        }
        Local::Confirm => match PolicyName::parse(input.text()) {
            Ok(name) => {
                app.say(StatusKind::Success, format!("Policy name: {name}"));
                app.review.name = Some(name);
                app.popup = None;
            }
            Err(e) => {
                if let Some(Popup::Name { error, .. }) = &mut app.popup {
                    *error = Some(format!("{} {}", e.value.trim(), e.message));
                }
            }
        },
        Local::Up
        | Local::Down
        | Local::Toggle
        | Local::Remove
        | Local::Edit
        | Local::NextPreset
        | Local::PrevPreset
        | Local::ExpandActions
        | Local::RemoveTag
        | Local::Details
        | Local::NextFormat
        | Local::Finish
        | Local::Yes
        | Local::No => {}
    }
    Vec::new()
}
