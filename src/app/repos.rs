//! What the repositories step does with text: adding a name, image URI or ARN (which may also
//! fill account and region), editing and removing entries, and pastes anywhere in the wizard.

use crate::policy::spec::model::{Field, FieldError};
use crate::policy::spec::region::resolve_region;
use crate::policy::spec::validate::parse_repo_input;

use super::state::{App, StatusKind, Step, StepState};
use super::update::{go, step_input, text_changed};

/// Adds a repository name, image URI or ARN; URIs and ARNs also fill account and region.
/// Returns false (and keeps everything as it was) when the input is invalid or contradicts.
pub fn add_reference(app: &mut App, text: &str) -> bool {
    let r = match parse_repo_input(text) {
        Ok(r) => r,
        Err(e) => {
            app.repos.error = Some(e);
            return false;
        }
    };
    if let (Some(theirs), Some(ours)) = (&r.account, app.account.valid())
        && *theirs != ours
    {
        app.repos.error = Some(FieldError::new(
            Field::Account,
            theirs,
            format!(
                "in this address contradicts the account entered, {ours} (Esc goes back to change it)"
            ),
        ));
        return false;
    }
    if let (Some(code), Some(chosen)) = (&r.region, &app.region.choice)
        && !chosen.is_all()
        && *code != chosen.code
    {
        app.repos.error = Some(FieldError::new(
            Field::Region,
            code,
            format!(
                "in this address contradicts the region chosen, {} (S-Tab goes back to change it)",
                chosen.code
            ),
        ));
        return false;
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
        return false;
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
    true
}

/// Enter on the repositories step: adds the field's text, or (on an empty field) says whether
/// the step may be left. Returns true when the wizard should go on to the next step.
pub(super) fn confirm_repo(app: &mut App) -> bool {
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
            "none added yet: type a name (my-app, team/*, * for all) and press Enter",
        ));
        false
    } else {
        true
    }
}

/// Pasted text: an image URI or ARN is added wherever it is pasted; anything else is typed.
pub(super) fn paste(app: &mut App, text: &str) {
    let t = text.trim();
    let looks_like_reference = t.starts_with("arn:") || t.contains(".dkr.ecr");
    if looks_like_reference && !t.contains(char::is_whitespace) {
        let before = app.step;
        if add_reference(app, t) {
            if before == Step::Repositories {
                app.repos.input.set("");
            } else if matches!(before, Step::Region | Step::Account) {
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
        let error = app.repos.error.clone();
        go(app, Step::Repositories);
        app.repos.input.set(t);
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
        let name = app.repos.list.remove(i);
        app.say(StatusKind::Info, format!("Removed {name}."));
        app.repos.focus = if app.repos.list.is_empty() {
            None
        } else {
            Some(i.min(app.repos.list.len() - 1))
        };
    }
}

/// `e`: moves the entry under the list cursor into the field for editing.
pub(super) fn edit_repo(app: &mut App) {
    if let Some(i) = app.repos.focused() {
        let name = app.repos.list.remove(i);
        app.repos.input.set(&name);
        app.repos.focus = None;
    }
}
