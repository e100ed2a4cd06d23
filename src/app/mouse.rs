//! What a click does: the view finds the target under the pointer, this applies it like the
//! keys that do the same (so leaving a step by mouse follows the same rules as Tab).

use super::action::{Effect, Pane, Target};
use super::repos::cancel_edit;
use super::state::{App, StatusKind, Step};
use super::update::go;

/// A left click on `target`.
pub(super) fn click(app: &mut App, target: Target) {
    match target {
        Target::Step(step) => {
            app.preview.focused = false;
            go(app, step);
        }
        Target::Tab(pane) => app.preview.focused = pane == Pane::Preview,
        Target::Field => {
            app.preview.focused = false;
            app.repos.focus = None;
        }
        Target::Row(i) => click_row(app, i, false),
        Target::Checkbox(i) => click_row(app, i, true),
    }
}

/// A row of the step's list: highlights it; a second click on the highlighted region or recipe
/// picks it, and a click on an actions checkbox toggles it.
fn click_row(app: &mut App, i: usize, checkbox: bool) {
    app.preview.focused = false;
    match app.step {
        Step::Region if i < app.region.matches.len() => {
            let again = app.region.cursor == i;
            app.region.cursor = i;
            if again {
                super::update::pick_highlighted_region(app);
            }
        }
        Step::Repositories if i < app.repos.list.len() => {
            cancel_edit(app);
            app.repos.focus = Some(i);
        }
        Step::Actions if i < app.actions.rows().len() => {
            app.actions.cursor = i;
            if checkbox {
                super::update::toggle_action_row(app);
            }
        }
        Step::Who if app.who.form.is_none() && i < super::steps::who::WhoStep::rows().len() => {
            let again = app.who.cursor == i;
            app.who.cursor = i;
            if again {
                super::recipe::choose(app);
            }
        }
        Step::Who
        | Step::Region
        | Step::Account
        | Step::Repositories
        | Step::Actions
        | Step::Review => {}
    }
}

/// The mouse key: capture off (select text in the terminal) or back on.
pub(super) fn toggle_mouse(app: &mut App) -> Vec<Effect> {
    app.mouse = !app.mouse;
    let msg = if app.mouse {
        "Mouse on: click steps, rows and checkboxes; the wheel scrolls."
    } else {
        "Mouse off: the terminal selects and copies text again."
    };
    app.say(StatusKind::Info, msg);
    vec![Effect::SetMouseCapture(app.mouse)]
}
