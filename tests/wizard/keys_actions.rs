//! Key-sequence tests of the Actions step: task rows, single actions, preset keys and the preview
//! that follows them. Scripts of key presses go through the keymap and `update`, then the state
//! and the effects are checked. No terminal involved.

// All of this file is test code; clippy's `allow-*-in-tests` only covers `#[test]` functions,
// not the helpers beside them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::app as support;

use ecr_policy::app::state::{ActionRow, StepState};
use ecr_policy::app::{App, Step};
use ecr_policy::policy::spec::catalog::{ActionId, find_action};
use ecr_policy::policy::spec::tasks::{PRESETS, TASKS, preset_matching};
use ecr_policy::policy::{ActionSet, JsonStyle, render as render_policy};
use support::{USER_GUIDE_ACTIONS, complete_app, keys, status};

const PULL: &[&str] = &[
    "BatchGetImage",
    "GetDownloadUrlForLayer",
    "BatchCheckLayerAvailability",
];

fn action(name: &str) -> ActionId {
    find_action(name).unwrap_or_else(|| panic!("{name} is not in the catalog"))
}

/// Moves the actions cursor to `target` with Down presses (through the keymap).
fn move_to_row(app: &mut App, target: ActionRow) {
    let at = app
        .action_rows()
        .iter()
        .position(|r| *r == target)
        .expect("row exists");
    while app.actions.cursor > at {
        keys(app, "<up>");
    }
    while app.actions.cursor < at {
        let before = app.actions.cursor;
        keys(app, "<down>");
        assert!(app.actions.cursor > before, "Down did not move the cursor");
    }
    assert_eq!(app.action_rows()[app.actions.cursor], target);
}

fn pull_task() -> (usize, ActionSet) {
    let i = TASKS
        .iter()
        .position(|t| t.label == "Pull images")
        .expect("a Pull images task");
    (i, ActionSet::of(PULL))
}

// ---------------------------------------------------------------- actions step

fn on_actions() -> App {
    let mut app = complete_app();
    keys(&mut app, "<s-tab>");
    assert_eq!(app.step, Step::Actions);
    app
}

#[test]
fn space_on_a_task_row_removes_then_adds_its_actions() {
    let mut app = on_actions();
    let (i, pull) = pull_task();
    assert!(
        app.actions.set.is_superset(pull),
        "the default preset pulls"
    );
    move_to_row(&mut app, ActionRow::Task(i));

    keys(&mut app, "<space>");
    assert!(
        !app.actions.set.contains_any(pull),
        "every pull action is off"
    );
    assert!(
        app.actions.set.contains(action("PutImage")),
        "other tasks untouched"
    );
    assert!(
        !app.derived.text.contains("ecr:BatchGetImage"),
        "{}",
        app.derived.text
    );
    assert!(!app.derived.text.contains("ecr:GetDownloadUrlForLayer"));

    keys(&mut app, "<space>");
    assert!(app.actions.set.is_superset(pull));
    assert!(app.derived.text.contains("\"ecr:BatchGetImage\""));
}

#[test]
fn toggling_a_single_action_makes_its_task_partial() {
    let mut app = on_actions();
    let (i, pull) = pull_task();
    let rows_before = app.action_rows().len();
    keys(&mut app, "a");
    assert!(app.actions.expanded);
    assert!(
        app.action_rows().len() > rows_before + 30,
        "every action is listed"
    );

    let get = action("GetDownloadUrlForLayer");
    move_to_row(&mut app, ActionRow::Action(get));
    let before = app.actions.set;
    keys(&mut app, "<space>");
    assert_eq!(
        app.actions.set,
        before.difference(ActionSet::of(&["GetDownloadUrlForLayer"]))
    );
    assert!(
        app.actions.set.contains_any(pull) && !app.actions.set.is_superset(pull),
        "partial"
    );
    assert_eq!(
        preset_matching(app.actions.set),
        None,
        "no longer a named preset"
    );
    assert!(!app.derived.text.contains("GetDownloadUrlForLayer"));

    // Space on the partial task turns all of it on.
    move_to_row(&mut app, ActionRow::Task(i));
    keys(&mut app, "<space>");
    assert_eq!(app.actions.set, before);
    assert!(app.derived.text.contains("GetDownloadUrlForLayer"));
}

#[test]
fn preset_keys_cycle_presets_and_set_exactly_their_actions() {
    let mut app = on_actions();
    let start = PRESETS
        .iter()
        .position(|p| p.set() == ActionSet::of(USER_GUIDE_ACTIONS))
        .expect("the default preset is listed");
    assert_eq!(
        preset_matching(app.actions.set).map(|p| p.id),
        Some(PRESETS[start].id)
    );

    let n = PRESETS.len();
    for k in 1..=n {
        keys(&mut app, "<right>");
        let want = &PRESETS[(start + k) % n];
        assert_eq!(app.actions.set, want.set(), "after {k} × Right");
        assert_eq!(
            app.derived.text,
            render_policy(app.spec().expect("complete"), JsonStyle::Pretty)
        );
        assert!(status(&app).1.contains(want.id));
    }
    assert_eq!(
        app.actions.set,
        ActionSet::of(USER_GUIDE_ACTIONS),
        "full circle"
    );
    keys(&mut app, "<left>");
    assert_eq!(app.actions.set, PRESETS[(start + n - 1) % n].set());
    keys(&mut app, "l");
    assert_eq!(
        app.actions.set,
        ActionSet::of(USER_GUIDE_ACTIONS),
        "l is Right"
    );
}

#[test]
fn preview_follows_the_preset_at_once() {
    let mut app = on_actions();
    assert_eq!(PRESETS[0].id, "pull", "the list starts with pull");
    assert!(app.derived.text.contains("ecr:PutImage"));
    // From a custom selection Right goes to the first preset.
    keys(&mut app, "a");
    move_to_row(&mut app, ActionRow::Action(action("PutImage")));
    keys(&mut app, "<space>");
    assert_eq!(preset_matching(app.actions.set), None);
    keys(&mut app, "<right>");
    assert_eq!(app.actions.set, PRESETS[0].set());
    assert!(!app.derived.text.contains("ecr:PutImage"));
    assert!(app.derived.text.contains("ecr:BatchGetImage"));
}

#[test]
fn turning_every_action_off_blocks_the_policy() {
    let mut app = on_actions();
    let tasks = app
        .action_rows()
        .iter()
        .filter(|r| matches!(r, ActionRow::Task(_)))
        .count();
    assert_eq!(tasks, TASKS.len());
    for (i, task) in TASKS.iter().enumerate() {
        move_to_row(&mut app, ActionRow::Task(i));
        if app.actions.set.contains_any(task.set()) {
            // A partial task turns fully on first, then off.
            if !app.actions.set.is_superset(task.set()) {
                keys(&mut app, "<space>");
            }
            keys(&mut app, "<space>");
        }
    }
    assert!(app.actions.set.is_empty(), "{:?}", app.actions.set);
    assert_eq!(app.step_state(Step::Actions), StepState::Invalid);
    assert!(app.spec().is_none());
    assert!(keys(&mut app, "<c-y>").is_empty());
}
