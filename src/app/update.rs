//! The state machine: `update(&mut App, Action) -> Vec<Effect>`. No terminal, no I/O.
//!
//! Every match here names every action: a new action is a compile error until each place that
//! could receive it decides what it does.

use crate::policy::spec::region::{near_miss, resolve_region, unknown_region_note};

use super::action::{Action, Effect, Local, Pane, TextEdit};
use super::cache;
use super::deliver::{
    ask_quit, copied, copy, finish, force_quit, open_save, quit_if_delivered, saved,
};
use super::input::TextInput;
use super::mouse::{click, toggle_mouse};
use super::popups::{apply_popup, open_tags};
use super::repos::{cancel_edit, confirm_repo, edit_repo, leave_repos, paste, remove_repo};
use super::state::{App, Popup, StatusKind, Step};
use super::steps::review::scrolled;
use super::steps::review_grants;

/// Lines one PgUp/PgDn scrolls the preview.
const PAGE: u16 = 10;

/// Applies one action and returns what the runtime must do; the preview is recomputed.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let result = matches!(action, Action::Copied(_) | Action::Saved(Ok(_)));
    let mut effects = if app.popup.is_some() {
        apply_popup(app, action)
    } else {
        apply(app, action)
    };
    app.refresh();
    if result {
        effects.extend(quit_if_delivered(app));
    }
    effects
}

fn apply(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::ForceQuit => return force_quit(app),
        Action::Quit => return ask_quit(app),
        Action::Help => app.popup = Some(Popup::Help { scroll: 0 }),
        Action::Back if app.preview.focused => app.preview.focused = false,
        Action::Back => return back(app),
        Action::NextStep => go(app, app.step.next()),
        Action::PrevStep => go(app, app.step.prev()),
        Action::GoTo(step) => go(app, step),
        Action::Copy => return copy(app),
        Action::Save => open_save(app),
        Action::TogglePreview => {
            app.preview.hidden = !app.preview.hidden;
            app.preview.focused = false;
        }
        Action::SwitchPane => {
            app.preview.focused = !app.preview.focused && !app.preview.hidden;
        }
        Action::PreviewUp => scroll(app, -i32::from(PAGE)),
        Action::PreviewDown => scroll(app, i32::from(PAGE)),
        Action::WheelUp => scroll(app, -3),
        Action::WheelDown => scroll(app, 3),
        Action::Scroll(pane, rows) => scroll_pane(app, pane, i32::from(rows)),
        Action::Click(target) => click(app, target),
        Action::ToggleMouse => return toggle_mouse(app),
        Action::Suspend => return vec![Effect::Suspend],
        Action::EditTags => open_tags(app),
        Action::EditName => super::popups::open_name(app),
        Action::AddGrant => review_grants::add_grant(app),
        Action::EditGrant => review_grants::edit_grant(app),
        Action::RemoveGrant => review_grants::ask_remove(app),
        Action::ApplyFixes => review_grants::apply_fixes(app),
        Action::EditPrincipal => super::access::open_principal(app),
        Action::SwitchDocument => super::access::switch_document(app),
        Action::SwitchRegistry => super::public::switch_registry(app),
        Action::EditCachePrefix => super::cache::open_prompt(app, false),
        // Only bound on Review while the output is piped.
        Action::Local(Local::Finish) => return finish(app),
        Action::Local(key) => step_key(app, key),
        // Only the quit question answers these.
        Action::Leave(_) => {}
        Action::Text(edit) => edit_text(app, edit),
        // A recipe's answer (a function or signing profile ARN) goes into its field as typed.
        Action::Paste(text) if app.step == Step::Who && app.who.form.is_some() => {
            if let Some(input) = step_input(app) {
                input.insert_str(text.trim());
                text_changed(app);
            }
        }
        Action::Paste(text) => {
            if !super::access::paste_error(app, &text)
                && !super::public::paste_public_uri(app, &text)
            {
                paste(app, &text);
            }
        }
        Action::Copied(result) => copied(app, result),
        Action::Saved(result) => saved(app, result),
    }
    Vec::new()
}

/// A key whose meaning depends on the step (or the preview, when it has focus).
fn step_key(app: &mut App, key: Local) {
    if app.preview.focused {
        return preview_key(app, key);
    }
    match app.step {
        Step::Who => super::recipe::who_key(app, key),
        Step::Region => region_key(app, key),
        Step::Account => account_key(app, key),
        Step::Repositories => repos_key(app, key),
        Step::Actions => actions_key(app, key),
        Step::Review => review_key(app, key),
    }
}

fn region_key(app: &mut App, key: Local) {
    match key {
        Local::Up => app.region.move_cursor(-1),
        Local::Down => app.region.move_cursor(1),
        Local::Confirm => pick_highlighted_region(app),
        Local::Toggle
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
}

fn account_key(app: &mut App, key: Local) {
    match key {
        Local::Confirm => {
            if app.account.valid().is_some() {
                go(app, Step::Repositories);
            } else {
                app.account.tried = true;
            }
        }
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
}

fn repos_key(app: &mut App, key: Local) {
    match key {
        Local::Up => {
            cancel_edit(app);
            app.repos.move_focus(-1);
        }
        Local::Down => app.repos.move_focus(1),
        Local::Confirm => {
            if confirm_repo(app) {
                go(app, Step::Actions);
            }
        }
        Local::Remove => remove_repo(app),
        Local::Edit => edit_repo(app),
        Local::Toggle
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
}

/// Space (or a click) on the highlighted Actions row. A task or action that turns the
/// pull-through cache on asks for its prefix at once; a preset only says how.
pub(super) fn toggle_action_row(app: &mut App) {
    let before = app.actions.set;
    let msg = app.actions.toggle_row();
    let preset = msg.is_some();
    if let Some(msg) = msg {
        app.say(StatusKind::Info, msg);
    }
    cache::after_actions_change(app, before, !preset);
}

fn actions_key(app: &mut App, key: Local) {
    match key {
        Local::Up => app.actions.move_cursor(-1),
        Local::Down => app.actions.move_cursor(1),
        Local::Confirm => {
            if !cache::ask_before_review(app) {
                go(app, Step::Review);
            }
        }
        Local::Toggle => toggle_action_row(app),
        Local::NextPreset | Local::PrevPreset => {
            let before = app.actions.set;
            let msg = app
                .actions
                .cycle_preset(if key == Local::NextPreset { 1 } else { -1 });
            app.say(StatusKind::Info, msg);
            cache::after_actions_change(app, before, false);
        }
        Local::ExpandActions => app.actions.expanded = !app.actions.expanded,
        Local::Details => app.popup = Some(Popup::Details),
        Local::Remove
        | Local::Edit
        | Local::RemoveTag
        | Local::NextFormat
        | Local::Finish
        | Local::Yes
        | Local::No => {}
    }
}

fn preview_key(app: &mut App, key: Local) {
    match key {
        Local::Up => scroll(app, -1),
        Local::Down => scroll(app, 1),
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
}

fn review_key(app: &mut App, key: Local) {
    if review_grants::list_key(app, key) {
        return;
    }
    match key {
        Local::Up => scroll(app, -1),
        Local::Down => scroll(app, 1),
        Local::NextFormat => {
            app.review.format = app.review.format.next();
            app.preview.scroll = 0;
            app.say(
                StatusKind::Info,
                format!(
                    "Format: {}. Copy and save now give this; f switches again.",
                    app.review.format.label()
                ),
            );
        }
        Local::Confirm
        | Local::Toggle
        | Local::Remove
        | Local::Edit
        | Local::NextPreset
        | Local::PrevPreset
        | Local::ExpandActions
        | Local::RemoveTag
        | Local::Details
        | Local::Finish
        | Local::Yes
        | Local::No => {}
    }
}

/// Scrolls a pane, whether or not it has focus (the wheel scrolls what is under the pointer).
fn scroll_pane(app: &mut App, pane: Pane, delta: i32) {
    let focused = app.preview.focused;
    app.preview.focused = pane == Pane::Preview;
    scroll(app, delta);
    app.preview.focused = focused;
}

/// Scrolls the focused pane: the preview, or on Review the review content (elsewhere the
/// step pane does not scroll, so the preview does).
fn scroll(app: &mut App, delta: i32) {
    if app.step == Step::Review && !app.preview.focused {
        let max = app.review.max_scroll.get();
        app.review.scroll = scrolled(app.review.scroll, delta, max);
    } else {
        let lines = u16::try_from(app.derived.text.lines().count()).unwrap_or(u16::MAX);
        let max = app.preview.max_scroll.get().min(lines.saturating_sub(1));
        app.preview.scroll = scrolled(app.preview.scroll, delta, max);
    }
}

fn back(app: &mut App) -> Vec<Effect> {
    match app.step {
        Step::Who if app.who.form.is_some() => super::recipe::close_form(app),
        Step::Who => return ask_quit(app),
        Step::Repositories if app.repos.focus.is_some() => app.repos.focus = None,
        Step::Repositories if app.repos.editing.is_some() => cancel_edit(app),
        Step::Region if !app.region.query.is_empty() => {
            app.region.query.set("");
            app.region.refilter();
        }
        Step::Region | Step::Account | Step::Repositories | Step::Actions | Step::Review => {
            go(app, app.step.prev());
        }
    }
    Vec::new()
}

/// Moves to another step, unless the step being left refuses (text that cannot be kept).
pub(super) fn go(app: &mut App, step: Step) {
    if app.step == Step::Repositories && step != Step::Repositories && !leave_repos(app) {
        return;
    }
    app.step = step;
    app.repos.focus = None;
    if step == Step::Region {
        app.region.point_at_choice();
    }
    if step == Step::Who && app.who.form.is_none() {
        app.who.point_at_choice();
    }
}

pub(super) fn pick_highlighted_region(app: &mut App) {
    let Some(entry) = app.region.highlighted() else {
        let typed = app.region.query.text().trim().to_ascii_lowercase();
        let hint = near_miss(&typed).map_or(String::new(), |c| format!(" Did you mean {c}?"));
        app.say(
            StatusKind::Error,
            format!(
                "No region matches the search; clear it with {}.{hint}",
                super::keymap::keys_in(
                    super::keymap::Scope::Text,
                    &Action::Text(TextEdit::KillToStart)
                )
            ),
        );
        return;
    };
    match resolve_region(entry.code(), Some(entry.partition.arn)) {
        Ok(choice) => {
            if entry.is_typed() {
                // The same warning the CLI gives for this code.
                app.say(
                    StatusKind::Warning,
                    unknown_region_note(&choice.code, choice.partition.arn),
                );
            }
            app.region.choice = Some(choice);
            go(app, Step::Account);
        }
        Err(e) => app.say(StatusKind::Error, e.to_string()),
    }
}

/// The text field with focus on the current step, if any.
pub(super) fn step_input(app: &mut App) -> Option<&mut TextInput> {
    match app.step {
        Step::Who => app.who.form.as_mut().and_then(|f| f.field_mut()),
        Step::Region => Some(&mut app.region.query),
        Step::Account => Some(&mut app.account.input),
        Step::Repositories if app.repos.focus.is_none() => Some(&mut app.repos.input),
        Step::Repositories | Step::Actions | Step::Review => None,
    }
}

/// After the text of the step's field changed.
pub(super) fn text_changed(app: &mut App) {
    match app.step {
        Step::Who => {
            if let Some(f) = app.who.form.as_mut() {
                f.error = None;
            }
        }
        Step::Region => app.region.refilter(),
        Step::Account => app.account.tried = false,
        Step::Repositories => app.repos.error = None,
        Step::Actions | Step::Review => {}
    }
}

/// Applies an editing key to a field.
pub(super) fn apply_edit(input: &mut TextInput, edit: TextEdit) {
    match edit {
        TextEdit::Char(c) => input.insert(c),
        TextEdit::Backspace => input.backspace(),
        TextEdit::Delete => input.delete(),
        TextEdit::Left => input.left(),
        TextEdit::Right => input.right(),
        TextEdit::Home => input.home(),
        TextEdit::End => input.end(),
        TextEdit::KillToStart => input.kill_to_start(),
        TextEdit::KillToEnd => input.kill_to_end(),
        TextEdit::KillWord => input.kill_word(),
    }
}

fn edit_text(app: &mut App, edit: TextEdit) {
    if let Some(input) = step_input(app) {
        apply_edit(input, edit);
        text_changed(app);
    }
}
