//! The state machine: `update(&mut App, Action) -> Vec<Effect>`. No terminal, no I/O.

use crate::policy::spec::model::{Field, FieldError};
use crate::policy::spec::region::{near_miss, resolve_region};
use crate::policy::spec::tasks::{PRESETS, TASKS, preset_matching};
use crate::policy::spec::validate::parse_repo_input;

use super::action::{Action, Effect};
use super::deliver::{ask_quit, copied, copy, finish, open_save, quit, saved};
use super::input::TextInput;
use super::popups::apply_popup;
use super::state::{ActionRow, App, Popup, StatusKind, Step, StepState};

/// Lines one PgUp/PgDn scrolls the preview.
const PAGE: u16 = 10;

/// Applies one action and returns what the runtime must do; the preview is recomputed.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let effects = apply(app, action);
    app.refresh();
    effects
}

fn apply(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(popup) = app.popup.clone() {
        return apply_popup(app, popup, action);
    }
    match action {
        Action::ForceQuit => return quit(app),
        Action::Quit => return ask_quit(app),
        Action::Help => {
            app.help_scroll = 0;
            app.popup = Some(Popup::Help);
        }
        Action::Back => return back(app),
        Action::NextStep => go(app, app.step.next()),
        Action::PrevStep => go(app, app.step.prev()),
        Action::Copy => return copy(app),
        Action::Finish => return finish(app),
        Action::Save => open_save(app),
        Action::TogglePreview => app.preview_hidden = !app.preview_hidden,
        Action::PreviewUp => scroll(app, -i32::from(PAGE)),
        Action::PreviewDown => scroll(app, i32::from(PAGE)),
        Action::WheelUp => scroll(app, -3),
        Action::WheelDown => scroll(app, 3),
        Action::Suspend => return vec![Effect::Suspend],
        Action::Up => move_cursor(app, -1),
        Action::Down => move_cursor(app, 1),
        Action::Confirm => confirm(app),
        Action::Toggle => toggle_row(app),
        Action::Remove => remove_repo(app),
        Action::Edit => edit_repo(app),
        Action::NextPreset => cycle_preset(app, 1),
        Action::PrevPreset => cycle_preset(app, -1),
        Action::ExpandActions => app.actions_expanded = !app.actions_expanded,
        Action::EditTags => super::popups::open_tags(app),
        Action::NextFormat => {
            app.format = app.format.next();
            app.preview_scroll = 0;
            app.say(
                StatusKind::Info,
                format!(
                    "Format: {}. Copy and save now give this; f switches again.",
                    app.format.label()
                ),
            );
        }
        Action::Details if app.step == Step::Actions => app.popup = Some(Popup::Details),
        Action::Paste(text) => paste(app, &text),
        Action::Copied(result) => copied(app, result),
        Action::Saved(result) => saved(app, result),
        edit => edit_text(app, &edit),
    }
    Vec::new()
}

fn scroll(app: &mut App, delta: i32) {
    let lines = i32::try_from(app.derived.text.lines().count()).unwrap_or(i32::MAX);
    let next = (i32::from(app.preview_scroll) + delta).clamp(0, (lines - 1).max(0));
    app.preview_scroll = u16::try_from(next).unwrap_or(0);
}

fn back(app: &mut App) -> Vec<Effect> {
    if app.step == Step::Repositories && app.repo_focus.is_some() {
        app.repo_focus = None;
    } else if app.step == Step::Region {
        if app.region_query.is_empty() {
            return ask_quit(app);
        }
        app.region_query.set("");
        refilter(app);
    } else {
        go(app, app.step.prev());
    }
    Vec::new()
}

fn go(app: &mut App, step: Step) {
    app.step = step;
    app.repo_focus = None;
    if step == Step::Region {
        point_at_chosen_region(app);
    }
}

/// With an empty search, the list cursor rests on the chosen region, so Enter keeps it.
pub fn point_at_chosen_region(app: &mut App) {
    let Some(chosen) = &app.region else { return };
    if !app.region_query.is_empty() {
        return;
    }
    let found = app.region_matches.iter().position(|m| {
        app.entries
            .get(m.index)
            .is_some_and(|e| e.code() == chosen.code && e.partition.arn == chosen.partition.arn)
    });
    if let Some(i) = found {
        app.region_cursor = i;
    }
}

pub(super) fn move_cursor(app: &mut App, delta: isize) {
    let step = |cur: usize, len: usize| -> usize {
        if len == 0 {
            0
        } else {
            cur.saturating_add_signed(delta).min(len - 1)
        }
    };
    match app.step {
        Step::Region => app.region_cursor = step(app.region_cursor, app.region_matches.len()),
        Step::Repositories => match app.repo_focus {
            Some(i) if delta > 0 && i + 1 >= app.repos.len() => app.repo_focus = None,
            Some(i) => app.repo_focus = Some(step(i, app.repos.len())),
            None if delta < 0 && !app.repos.is_empty() => {
                app.repo_focus = Some(app.repos.len() - 1);
            }
            None => {}
        },
        Step::Actions => app.action_cursor = step(app.action_cursor, app.action_rows().len()),
        Step::Account | Step::Review => {}
    }
}

fn confirm(app: &mut App) {
    match app.step {
        Step::Region => pick_region(app),
        Step::Account => {
            if app.valid_account().is_some() {
                go(app, Step::Repositories);
            } else {
                app.account_tried = true;
            }
        }
        Step::Repositories => {
            if !app.repo_input.text().trim().is_empty() {
                let text = app.repo_input.text().to_string();
                if add_reference(app, &text) {
                    app.repo_input.set("");
                }
            } else if app.repos.is_empty() && !app.actions.repository_level().is_empty() {
                app.repo_error = Some(FieldError::new(
                    Field::Repository,
                    "",
                    "none added yet: type a name (my-app, team/*, * for all) and press Enter",
                ));
            } else {
                go(app, Step::Actions);
            }
        }
        Step::Actions => go(app, Step::Review),
        Step::Review => {}
    }
}

fn pick_region(app: &mut App) {
    let Some(entry) = app.highlighted_region() else {
        let typed = app.region_query.text().trim().to_ascii_lowercase();
        let hint = near_miss(&typed).map_or(String::new(), |c| format!(" Did you mean {c}?"));
        app.say(
            StatusKind::Error,
            format!("No region matches the search; clear it with Ctrl-U.{hint}"),
        );
        return;
    };
    match resolve_region(entry.code(), Some(entry.partition.arn)) {
        Ok(choice) => {
            if entry.is_typed() {
                // The same warning the CLI gives for this code.
                app.say(
                    StatusKind::Warning,
                    format!(
                        "{} is not in this tool's region list (it may be newer); its partition \
                         was taken from the code: {}. Check the region code.",
                        choice.code, choice.partition.arn
                    ),
                );
            }
            app.region = Some(choice);
            go(app, Step::Account);
        }
        Err(e) => app.say(StatusKind::Error, e.to_string()),
    }
}

/// Adds a repository name, image URI or ARN; URIs and ARNs also fill account and region.
/// Returns false (and keeps everything as it was) when the input is invalid or contradicts.
pub fn add_reference(app: &mut App, text: &str) -> bool {
    let r = match parse_repo_input(text) {
        Ok(r) => r,
        Err(e) => {
            app.repo_error = Some(e);
            return false;
        }
    };
    if let (Some(theirs), Some(ours)) = (&r.account, app.valid_account())
        && *theirs != ours
    {
        app.repo_error = Some(FieldError::new(
            Field::Account,
            theirs,
            format!(
                "in this address contradicts the account entered, {ours} (Esc goes back to change it)"
            ),
        ));
        return false;
    }
    if let (Some(code), Some(chosen)) = (&r.region, &app.region)
        && !chosen.is_all()
        && *code != chosen.code
    {
        app.repo_error = Some(FieldError::new(
            Field::Region,
            code,
            format!(
                "in this address contradicts the region chosen, {} (S-Tab goes back to change it)",
                chosen.code
            ),
        ));
        return false;
    }
    if let (Some(arn), Some(chosen)) = (r.partition, &app.region)
        && arn != chosen.partition.arn
    {
        app.repo_error = Some(FieldError::new(
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
        && app.valid_account().is_none()
    {
        app.account.set(acct);
        filled.push(format!("account {acct}"));
    }
    if let Some(code) = &r.region
        && app.region.is_none()
        && let Ok(choice) = resolve_region(code, r.partition)
    {
        app.region = Some(choice);
        filled.push(format!("region {code}"));
    }
    app.repo_error = None;
    if app.repos.contains(&r.name) {
        app.say(
            StatusKind::Info,
            format!("{} is already in the list.", r.name),
        );
    } else {
        app.repos.push(r.name.clone());
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

fn paste(app: &mut App, text: &str) {
    let t = text.trim();
    let looks_like_reference = t.starts_with("arn:") || t.contains(".dkr.ecr");
    if looks_like_reference && !t.contains(char::is_whitespace) {
        let before = app.step;
        if add_reference(app, t) {
            if before == Step::Repositories {
                app.repo_input.set("");
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
        let error = app.repo_error.clone();
        go(app, Step::Repositories);
        app.repo_input.set(t);
        app.repo_error = error;
        return;
    }
    if let Some(input) = app.focused_input() {
        input.insert_str(text);
        text_changed(app);
    }
}

fn remove_repo(app: &mut App) {
    if let Some(i) = app.repo_focus.filter(|i| *i < app.repos.len()) {
        let name = app.repos.remove(i);
        app.say(StatusKind::Info, format!("Removed {name}."));
        app.repo_focus = if app.repos.is_empty() {
            None
        } else {
            Some(i.min(app.repos.len() - 1))
        };
    }
}

fn edit_repo(app: &mut App) {
    if let Some(i) = app.repo_focus.filter(|i| *i < app.repos.len()) {
        let name = app.repos.remove(i);
        app.repo_input.set(&name);
        app.repo_focus = None;
    }
}

fn toggle_row(app: &mut App) {
    let rows = app.action_rows();
    match rows.get(app.action_cursor) {
        Some(ActionRow::Preset) => cycle_preset(app, 1),
        Some(ActionRow::Task(i)) => toggle_all(app, TASKS[*i].set()),
        Some(ActionRow::AllActionsHeader) => app.actions_expanded = !app.actions_expanded,
        Some(ActionRow::Level(level)) => toggle_all(
            app,
            crate::policy::spec::catalog::ActionId::all()
                .filter(|a| a.info().access == *level)
                .collect(),
        ),
        Some(ActionRow::Action(a)) => app.actions.toggle(*a),
        None => {}
    }
}

/// Turns a group off when all of it is on, otherwise on.
fn toggle_all(app: &mut App, set: crate::policy::spec::catalog::ActionSet) {
    app.actions = if app.actions.is_superset(set) {
        app.actions.difference(set)
    } else {
        app.actions.union(set)
    };
}

fn cycle_preset(app: &mut App, delta: isize) {
    let n = PRESETS.len();
    let next = match preset_matching(app.actions).and_then(|p| PRESETS.iter().position(|q| q == p))
    {
        Some(i) => i.checked_add_signed(delta).map_or(n - 1, |j| j % n),
        None if delta > 0 => 0,
        None => n - 1,
    };
    app.actions = PRESETS[next].set();
    app.say(
        StatusKind::Info,
        format!("Preset {}: {}.", PRESETS[next].id, PRESETS[next].summary),
    );
}

fn refilter(app: &mut App) {
    app.region_matches = super::regions::search_regions(&mut app.entries, app.region_query.text());
    app.region_cursor = 0;
    point_at_chosen_region(app);
}

fn text_changed(app: &mut App) {
    match app.step {
        Step::Region => refilter(app),
        Step::Account => app.account_tried = false,
        Step::Repositories => app.repo_error = None,
        Step::Actions | Step::Review => {}
    }
}

/// Applies an editing action to a field; returns whether it was one.
pub(super) fn apply_edit(input: &mut TextInput, action: &Action) -> bool {
    match action {
        Action::Char(c) => input.insert(*c),
        Action::Backspace => input.backspace(),
        Action::DeleteChar => input.delete(),
        Action::CursorLeft => input.left(),
        Action::CursorRight => input.right(),
        Action::CursorHome => input.home(),
        Action::CursorEnd => input.end(),
        Action::KillToStart => input.kill_to_start(),
        Action::KillToEnd => input.kill_to_end(),
        Action::KillWord => input.kill_word(),
        _ => return false,
    }
    true
}

fn edit_text(app: &mut App, action: &Action) {
    let changed = app
        .focused_input()
        .is_some_and(|input| apply_edit(input, action));
    if changed {
        text_changed(app);
    }
}
