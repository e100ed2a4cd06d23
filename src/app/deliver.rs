//! What leaves the wizard: copy, save, and the quit question before unsaved work is lost.

use std::path::PathBuf;

use super::action::{CopyMethod, Delivery, Effect, Leave, SaveFailure, SavedFile};
use super::input::TextInput;
use super::state::{App, Popup, StatusKind};
use super::steps::ActionsStep;

pub(super) fn quit(app: &mut App) -> Vec<Effect> {
    app.should_quit = true;
    vec![Effect::Quit]
}

impl App {
    /// Whether the person entered anything: a region, an account, a repository (added or still
    /// in the field), a changed action set, a tag; or the wizard started from a policy.
    pub fn entered_anything(&self) -> bool {
        self.region.choice.is_some()
            || !self.region.query.is_empty()
            || !self.account.input.is_empty()
            || !self.repos.list.is_empty()
            || !self.repos.input.is_empty()
            || self.actions.set != ActionsStep::default().set
            || !self.actions.tags.is_empty()
            || self.imported.is_some()
    }

    /// Whether quitting now would lose work: something was entered and the policy it gives was
    /// neither saved nor copied to a clipboard that confirmed it, or text waits in the
    /// repository field.
    pub fn unsaved_work(&self) -> bool {
        (self.entered_anything() && !self.policy_delivered()) || !self.repos.input.is_empty()
    }

    /// Whether the policy as it stands now was saved, or copied to a clipboard that confirmed it.
    pub fn policy_delivered(&self) -> bool {
        self.derived.spec.is_some() && self.delivered.as_deref() == Some(self.derived.text.as_str())
    }

    /// What quit-and-print (and Ctrl-C with unsaved work) prints once the terminal is restored.
    pub fn printout(&self) -> String {
        let format = self.review.format.label();
        let mut out = if self.derived.spec.is_some() {
            format!("ecr-policy: the policy was not saved or copied; here it is ({format}):\n")
        } else {
            format!(
                "ecr-policy: the policy is incomplete (still needed: {}); the draft so far ({format}):\n",
                missing_words(self)
            )
        };
        out.push_str(self.derived.text.trim_end());
        if !self.repos.input.is_empty() {
            out.push_str("\nNot added yet (typed in the repository field): ");
            out.push_str(self.repos.input.text());
        }
        out
    }
}

/// `q`: asks first when work would be lost.
pub(super) fn ask_quit(app: &mut App) -> Vec<Effect> {
    if app.unsaved_work() {
        app.popup = Some(Popup::ConfirmQuit);
        Vec::new()
    } else {
        quit(app)
    }
}

/// Ctrl-C: quits at once (interrupted, as the exit code says); when work would be lost, the
/// policy is printed after the terminal is restored, so nothing is lost.
/// With the output piped, Ctrl-C cancels: nothing is printed anywhere.
pub(super) fn force_quit(app: &mut App) -> Vec<Effect> {
    app.interrupted = true;
    if app.unsaved_work() && !app.output_piped {
        app.should_quit = true;
        vec![Effect::QuitAndPrint(app.printout())]
    } else {
        quit(app)
    }
}

/// An answer to the quit question.
pub(super) fn leave(app: &mut App, how: Leave) -> Vec<Effect> {
    match how {
        Leave::Discard => quit(app),
        // With the output piped, the policy goes to standard output as when finishing.
        Leave::Print if app.output_piped => {
            app.popup = None;
            finish(app)
        }
        Leave::Print => {
            app.should_quit = true;
            vec![Effect::QuitAndPrint(app.printout())]
        }
        Leave::Save | Leave::Copy if app.derived.spec.is_none() => {
            app.popup = None;
            let m = missing_words(app);
            app.say(
                StatusKind::Error,
                format!("The policy is incomplete (still needed: {m}); q then p prints the draft."),
            );
            Vec::new()
        }
        Leave::Save => {
            app.popup = None;
            app.pending_quit = true;
            open_save(app);
            Vec::new()
        }
        Leave::Copy => {
            app.popup = None;
            app.pending_quit = true;
            copy(app)
        }
    }
}

/// After a copy or save result: quit when the quit question asked for it and nothing is lost.
pub(super) fn quit_if_delivered(app: &mut App) -> Vec<Effect> {
    if !app.pending_quit || app.popup.is_some() {
        return Vec::new();
    }
    app.pending_quit = false;
    if app.unsaved_work() {
        Vec::new()
    } else {
        quit(app)
    }
}

fn missing_words(app: &App) -> String {
    app.derived
        .missing
        .iter()
        .map(|e| e.field.label())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn copy(app: &mut App) -> Vec<Effect> {
    if app.derived.spec.is_none() {
        let m = missing_words(app);
        app.say(
            StatusKind::Error,
            format!("Nothing copied: the policy is incomplete (still needed: {m})."),
        );
        return Vec::new();
    }
    vec![Effect::CopyToClipboard(app.derived.text.clone())]
}

/// A file name that says what the policy is for.
pub fn default_file_name(app: &App) -> String {
    let stem: String = app
        .repos
        .list
        .first()
        .map(|r| {
            r.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                        c
                    } else {
                        '-'
                    }
                })
                .collect::<String>()
                .trim_matches('-')
                .to_string()
        })
        .filter(|s| !s.is_empty())
        .map_or_else(|| "ecr".to_string(), |s| format!("{s}-ecr"));
    let kind = if super::access::shown(app) == super::access::Document::Trust {
        "trust-policy"
    } else {
        "policy"
    };
    format!("{stem}-{kind}.{}", app.review.format.extension())
}

pub(super) fn open_save(app: &mut App) {
    if app.derived.spec.is_none() {
        let m = missing_words(app);
        app.say(
            StatusKind::Error,
            format!("Nothing to save yet: the policy is incomplete (still needed: {m})."),
        );
        return;
    }
    let path = app
        .review
        .save_draft
        .take()
        .unwrap_or_else(|| TextInput::new(&default_file_name(app)));
    app.popup = Some(Popup::Save { path, error: None });
}

pub(super) fn set_save_error(app: &mut App, msg: String) {
    if let Some(Popup::Save { error, .. }) = &mut app.popup {
        *error = Some(msg);
    }
}

pub(super) fn save_effect(app: &mut App, path: &str, replace: bool) -> Vec<Effect> {
    let Some(spec_text) = app.derived.spec.as_ref().map(|_| app.derived.text.clone()) else {
        app.popup = None;
        return Vec::new();
    };
    let mut contents = spec_text;
    contents.push('\n');
    vec![Effect::SaveFile {
        path: PathBuf::from(path.trim()),
        contents,
        replace,
    }]
}

pub(super) fn copied(app: &mut App, result: Result<CopyMethod, String>) {
    match result.map(CopyMethod::delivery) {
        Ok(Delivery::Confirmed) => {
            app.delivered = Some(app.derived.text.clone());
            let n = app.derived.text.chars().count();
            app.say(
                StatusKind::Success,
                format!("Copied {n} characters to the system clipboard."),
            );
        }
        // Not delivered: a terminal that ignores OSC 52 says nothing, so quitting still asks.
        Ok(Delivery::Unconfirmed) => {
            app.review.unconfirmed_copy = Some(app.derived.text.clone());
            app.say(
                StatusKind::Warning,
                "Sent to the terminal with OSC 52; it cannot confirm the copy. \
                 In tmux: set -g set-clipboard on",
            );
        }
        Err(e) => app.say(
            StatusKind::Error,
            format!(
                "Copy failed: {e}. Use {} to save to a file instead.",
                super::keymap::keys_for(&super::Action::Save)
            ),
        ),
    }
}

/// Enter on Review when the output is piped: the document (ending in a newline, as
/// `generate` prints it) goes to standard output once the terminal is restored.
pub(super) fn finish(app: &mut App) -> Vec<Effect> {
    if app.derived.spec.is_none() {
        let m = missing_words(app);
        app.say(
            StatusKind::Error,
            format!("Nothing to print yet: the policy is incomplete (still needed: {m})."),
        );
        return Vec::new();
    }
    let mut document = app.derived.text.clone();
    document.push('\n');
    app.should_quit = true;
    vec![Effect::Finish(document)]
}

pub(super) fn saved(app: &mut App, result: Result<SavedFile, SaveFailure>) {
    let path_text = match &app.popup {
        Some(Popup::Save { path, .. } | Popup::ConfirmOverwrite { path }) => path.clone(),
        _ => TextInput::default(),
    };
    match result {
        Ok(file) => {
            app.popup = None;
            app.delivered = Some(app.derived.text.clone());
            app.say(StatusKind::Success, format!("Saved to {file}"));
        }
        Err(SaveFailure::Exists(_)) => {
            app.popup = Some(Popup::ConfirmOverwrite { path: path_text });
        }
        Err(SaveFailure::Other(msg)) => {
            app.popup = Some(Popup::Save {
                path: path_text,
                error: Some(msg),
            });
        }
    }
}
