//! What leaves the wizard: copy, save, and the quit question before unsaved work is lost.

use std::path::PathBuf;

use super::action::{CopyMethod, Effect, SaveFailure};
use super::input::TextInput;
use super::state::{App, Popup, StatusKind};

pub(super) fn quit(app: &mut App) -> Vec<Effect> {
    app.should_quit = true;
    vec![Effect::Quit]
}

/// `q`: asks first when a complete policy was neither copied nor saved.
pub(super) fn ask_quit(app: &mut App) -> Vec<Effect> {
    let unsaved =
        app.derived.spec.is_some() && app.delivered.as_deref() != Some(app.derived.text.as_str());
    if unsaved {
        app.popup = Some(Popup::ConfirmQuit);
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
    format!("{stem}-policy.{}", app.review.format.extension())
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
    app.popup = Some(Popup::Save {
        path: TextInput::new(&default_file_name(app)),
        error: None,
    });
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
    match result {
        Ok(method) => {
            app.delivered = Some(app.derived.text.clone());
            let n = app.derived.text.chars().count();
            let how = match method {
                CopyMethod::System => "to the system clipboard".to_string(),
                CopyMethod::Osc52 => "with OSC 52 through the terminal (the terminal must allow it; in tmux: set -g set-clipboard on)".to_string(),
            };
            app.say(StatusKind::Success, format!("Copied {n} characters {how}."));
        }
        Err(e) => app.say(
            StatusKind::Error,
            format!("Copy failed: {e}. Use Ctrl-S to save to a file instead."),
        ),
    }
}

pub(super) fn saved(app: &mut App, result: Result<PathBuf, SaveFailure>) {
    let path_text = match &app.popup {
        Some(Popup::Save { path, .. } | Popup::ConfirmOverwrite { path }) => path.clone(),
        _ => TextInput::default(),
    };
    match result {
        Ok(path) => {
            app.popup = None;
            app.delivered = Some(app.derived.text.clone());
            app.say(StatusKind::Success, format!("Saved to {}", path.display()));
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
