//! What the repositories step does with text: adding a name, image URI or ARN (which may also
//! fill account and region), editing and removing entries, and pastes anywhere in the wizard.

use crate::policy::spec::model::{Field, FieldError};
use crate::policy::spec::region::resolve_region;
use crate::policy::spec::validate::parse_repo_input;

use super::action::{Action, TextEdit};
use super::keymap::{Scope, keys_in};
use super::state::{App, StatusKind, Step, StepState};
use super::update::{go, step_input, text_changed};

/// Adds a repository name, image URI or ARN; URIs and ARNs also fill account and region.
/// Returns false (and keeps everything as it was) when the input is invalid or contradicts.
pub fn add_reference(app: &mut App, text: &str) -> bool {
    add_named(app, text).is_some()
}

/// [`add_reference`], returning the repository name that is now in the list.
fn add_named(app: &mut App, text: &str) -> Option<String> {
    let r = match parse_repo_input(text) {
        Ok(r) => r,
        Err(e) => {
            app.repos.error = Some(e);
            return None;
        }
    };
    if let (Some(theirs), Some(ours)) = (&r.account, app.account.valid())
        && *theirs != ours
    {
        app.repos.error = Some(FieldError::new(
            Field::Account,
            theirs,
            format!(
                "in this address contradicts the account entered, {ours} ({})",
                go_back_hint()
            ),
        ));
        return None;
    }
    if let (Some(code), Some(chosen)) = (&r.region, &app.region.choice)
        && !chosen.is_all()
        && *code != chosen.code
    {
        app.repos.error = Some(FieldError::new(
            Field::Region,
            code,
            format!(
                "in this address contradicts the region chosen, {} ({})",
                chosen.code,
                go_back_hint()
            ),
        ));
        return None;
    }
    if let (Some(arn), Some(chosen)) = (r.partition, &app.region.choice)
        && arn != chosen.partition.arn
    {
        app.repos.error = Some(FieldError::new(
            Field::Partition,
            arn,
            format!(
                "in this address does not match the chosen partition {}",
                chosen.partition.arn
            ),
        ));
        return None;
    }
    let mut filled = Vec::new();
    if let Some(acct) = &r.account
        && app.account.valid().is_none()
    {
        app.account.input.set(acct);
        filled.push(format!("account {acct}"));
    }
    if let Some(code) = &r.region
        && app.region.choice.is_none()
        && let Ok(choice) = resolve_region(code, r.partition)
    {
        app.region.choice = Some(choice);
        filled.push(format!("region {code}"));
    }
    app.repos.error = None;
    if app.repos.list.contains(&r.name) {
        app.say(
            StatusKind::Info,
            format!("{} is already in the list.", r.name),
        );
    } else {
        app.repos.list.push(r.name.clone());
        if filled.is_empty() {
            app.status = None;
        } else {
            app.say(
                StatusKind::Success,
                format!(
                    "From the pasted reference: {} and repository {}.",
                    filled.join(", "),
                    r.name
                ),
            );
        }
    }
    Some(r.name)
}

/// The one way every message says "go back": clear the field, then the previous-step key.
fn go_back_hint() -> String {
    format!(
        "{} clears the field, then {} goes back to change it",
        keys_in(Scope::Text, &Action::Text(TextEdit::KillToStart)),
        keys_in(Scope::Global, &Action::PrevStep)
    )
}

/// Enter on the repositories step: adds the field's text (or confirms an edit), or (on an empty
/// field) says whether the step may be left. Returns true when the wizard should go on.
pub(super) fn confirm_repo(app: &mut App) -> bool {
    if let Some(i) = app.repos.editing {
        finish_edit(app, i);
        return false;
    }
    if !app.repos.input.text().trim().is_empty() {
        let text = app.repos.input.text().to_string();
        if add_reference(app, &text) {
            app.repos.input.set("");
        }
        false
    } else if app.repos.list.is_empty() && !app.actions.set.repository_level().is_empty() {
        app.repos.error = Some(FieldError::new(
            Field::Repository,
            "",
            format!(
                "none added yet: type a name (my-app, team/*, * for all) and press {}",
                keys_in(
                    Scope::Repositories,
                    &Action::Local(super::action::Local::Confirm)
                )
            ),
        ));
        false
    } else {
        true
    }
}

/// Enter while editing entry `i`: the edited text replaces it when valid; otherwise the error
/// shows and both the original entry and the edited text stay. Returns whether it was replaced.
fn finish_edit(app: &mut App, i: usize) -> bool {
    let text = app.repos.input.text().to_string();
    if text.trim().is_empty() {
        cancel_edit(app);
        return false;
    }
    let Some(original) = (i < app.repos.list.len()).then(|| app.repos.list.remove(i)) else {
        app.repos.editing = None;
        return false;
    };
    let before = app.repos.list.len();
    if let Some(name) = add_named(app, &text) {
        // Keep the entry where it was in the list.
        if app.repos.list.len() > before
            && let Some(added) = app.repos.list.pop()
        {
            app.repos.list.insert(i.min(app.repos.list.len()), added);
        }
        app.repos.editing = None;
        app.repos.input.set("");
        if name != original {
            app.say(
                StatusKind::Success,
                format!("Changed {original} to {name}."),
            );
        }
        true
    } else {
        app.repos.list.insert(i.min(app.repos.list.len()), original);
        false
    }
}

/// Esc while editing, or leaving the field: the original entry stays as it was.
pub(super) fn cancel_edit(app: &mut App) {
    if let Some(i) = app.repos.editing.take() {
        app.repos.input.set("");
        app.repos.error = None;
        if let Some(name) = app.repos.list.get(i) {
            let msg = format!("Edit cancelled; {name} stays as it was.");
            app.say(StatusKind::Info, msg);
        }
    }
}

/// Leaving the repositories step (any way: Tab, S-Tab, Esc, a step jump, the mouse). Text in the
/// field is added when valid; when invalid the step stays, with the error and the text. An edit
/// in progress is cancelled (the original entry stays). Returns whether the step may be left.
pub(super) fn leave_repos(app: &mut App) -> bool {
    if app.repos.editing.is_some() {
        cancel_edit(app);
        return true;
    }
    let text = app.repos.input.text().trim().to_string();
    if text.is_empty() {
        return true;
    }
    let filled = app.status.clone();
    if let Some(name) = add_named(app, &text) {
        app.repos.input.set("");
        let from_reference = app.status != filled
            && app
                .status
                .as_ref()
                .is_some_and(|s| s.kind == StatusKind::Success);
        if !from_reference {
            app.say(
                StatusKind::Success,
                format!("Kept what you typed: added {name}."),
            );
        }
        true
    } else {
        let why = app
            .repos
            .error
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        app.say(
            StatusKind::Error,
            format!(
                "Still on Repositories: {why}. Fix the name, or clear it with {}.",
                clear_key()
            ),
        );
        false
    }
}

/// Pasted text: an image URI or ARN is added wherever it is pasted; anything else is typed.
pub(super) fn paste(app: &mut App, text: &str) {
    let t = text.trim();
    let looks_like_reference = t.starts_with("arn:") || t.contains(".dkr.ecr");
    if looks_like_reference && !t.contains(char::is_whitespace) {
        let before = app.step;
        if add_reference(app, t) {
            if matches!(before, Step::Region | Step::Account) {
                // Show the added repository; anything still missing comes first.
                let next = [Step::Region, Step::Account]
                    .into_iter()
                    .find(|s| app.step_state(*s) != StepState::Complete)
                    .unwrap_or(Step::Repositories);
                go(app, next);
            }
            return;
        }
        // Show the refused text where repository errors are shown, with its reason.
        // Text already typed in the field stays; the paste goes in at the cursor.
        let error = app.repos.error.clone();
        app.step = Step::Repositories;
        app.repos.focus = None;
        app.repos.input.insert_str(t);
        app.repos.error = error;
        return;
    }
    if let Some(input) = step_input(app) {
        input.insert_str(text);
        text_changed(app);
    }
}

/// `d`: removes the entry under the list cursor.
pub(super) fn remove_repo(app: &mut App) {
    if let Some(i) = app.repos.focused() {
        app.repos.editing = match app.repos.editing {
            // The edited text stays in the field, now as a new name.
            Some(e) if e == i => None,
            Some(e) if e > i => Some(e - 1),
            other => other,
        };
        let name = app.repos.list.remove(i);
        app.say(StatusKind::Info, format!("Removed {name}."));
        app.repos.focus = if app.repos.list.is_empty() {
            None
        } else {
            Some(i.min(app.repos.list.len() - 1))
        };
    }
}

/// `e`: puts the entry under the list cursor into the field for editing; the entry stays in
/// the list until Enter confirms the edit. Text already in the field is never replaced.
pub(super) fn edit_repo(app: &mut App) {
    let Some(i) = app.repos.focused() else { return };
    if !app.repos.input.is_empty() {
        app.say(
            StatusKind::Error,
            format!(
                "The field still holds text: {} back to it, then {} adds it or {} clears it.",
                keys_in(Scope::RepositoryList, &Action::Back),
                keys_in(
                    Scope::Repositories,
                    &Action::Local(super::action::Local::Confirm)
                ),
                clear_key()
            ),
        );
        return;
    }
    let name = app.repos.list[i].clone();
    app.repos.input.set(&name);
    app.repos.editing = Some(i);
    app.repos.focus = None;
}

/// The key that clears a text field, from the keymap.
fn clear_key() -> String {
    keys_in(Scope::Text, &Action::Text(TextEdit::KillToStart))
}
