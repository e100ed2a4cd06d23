//! Key-sequence tests of the wizard's state machine: scripts of key presses go through the keymap
//! and `update`, then the state and the effects are checked. No terminal involved.

// All of this file is test code; clippy's `allow-*-in-tests` only covers `#[test]` functions,
// not the helpers beside them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::PathBuf;

use ecr_policy::app::prefill::Prefill;
use ecr_policy::app::regions::RegionEntry;
use ecr_policy::app::state::{ActionRow, StatusKind, StepState};
use ecr_policy::app::{Action, App, CopyMethod, Effect, Popup, SaveFailure, Step, update};
use ecr_policy::policy::catalog::{ActionId, find_action};
use ecr_policy::policy::tasks::{PRESETS, TASKS, preset_matching};
use ecr_policy::policy::{
    ActionSet, Field, JsonStyle, SpecInput, render as render_policy, validate,
};
use serde_json::Value;
use support::{ACCT, complete_app, keys, parse_keys, paste, press};

/// The ECR user guide's push/pull/list example: the default preset, written out independently.
const USER_GUIDE_ACTIONS: &[&str] = &[
    "GetAuthorizationToken",
    "ListImages",
    "BatchCheckLayerAvailability",
    "GetDownloadUrlForLayer",
    "GetRepositoryPolicy",
    "DescribeRepositories",
    "DescribeImages",
    "BatchGetImage",
    "InitiateLayerUpload",
    "UploadLayerPart",
    "CompleteLayerUpload",
    "PutImage",
];

const PULL: &[&str] = &[
    "BatchGetImage",
    "GetDownloadUrlForLayer",
    "BatchCheckLayerAvailability",
];

fn action(name: &str) -> ActionId {
    find_action(name).unwrap_or_else(|| panic!("{name} is not in the catalog"))
}

fn status(app: &App) -> (StatusKind, String) {
    let s = app.status.as_ref().expect("a status message");
    (s.kind, s.text.clone())
}

fn save_popup(app: &App) -> (String, Option<String>) {
    match &app.popup {
        Some(Popup::Save { path, error }) => (path.text().to_string(), error.clone()),
        other => panic!("expected the save popup, got {other:?}"),
    }
}

/// Moves the actions cursor to `target` with Down presses (through the keymap).
fn move_to_row(app: &mut App, target: ActionRow) {
    let at = app
        .action_rows()
        .iter()
        .position(|r| *r == target)
        .expect("row exists");
    while app.action_cursor > at {
        keys(app, "<up>");
    }
    while app.action_cursor < at {
        let before = app.action_cursor;
        keys(app, "<down>");
        assert!(app.action_cursor > before, "Down did not move the cursor");
    }
    assert_eq!(app.action_rows()[app.action_cursor], target);
}

fn pull_task() -> (usize, ActionSet) {
    let i = TASKS
        .iter()
        .position(|t| t.label == "Pull images")
        .expect("a Pull images task");
    (i, ActionSet::of(PULL))
}

// ---------------------------------------------------------------- the script helper itself

#[test]
fn script_tokens_become_the_right_key_events() {
    use ratatui::crossterm::event::{KeyCode as K, KeyModifiers as M};
    let evs = parse_keys("aB<enter><s-tab><c-s><f1><pgdn><space><lt>");
    let got: Vec<(K, M)> = evs.iter().map(|e| (e.code, e.modifiers)).collect();
    assert_eq!(
        got,
        vec![
            (K::Char('a'), M::NONE),
            (K::Char('B'), M::SHIFT),
            (K::Enter, M::NONE),
            (K::BackTab, M::SHIFT),
            (K::Char('s'), M::CONTROL),
            (K::F(1), M::NONE),
            (K::PageDown, M::NONE),
            (K::Char(' '), M::NONE),
            (K::Char('<'), M::NONE),
        ]
    );
}

// ---------------------------------------------------------------- happy path

#[test]
fn happy_path_copies_and_saves_exactly_the_preview() {
    let mut app = App::new();
    assert_eq!(app.step, Step::Region);

    assert!(keys(&mut app, "tokyo<enter>").is_empty());
    assert_eq!(app.step, Step::Account);
    assert_eq!(
        app.region.as_ref().map(|r| r.code.as_str()),
        Some("ap-northeast-1")
    );

    keys(&mut app, &format!("{ACCT}<enter>"));
    assert_eq!(app.step, Step::Repositories);

    keys(&mut app, "my-app<enter>");
    assert_eq!(app.repos, ["my-app"]);
    assert_eq!(app.repo_input.text(), "", "the field empties after adding");
    assert_eq!(app.step, Step::Repositories, "the first Enter only adds");
    keys(&mut app, "<enter>");
    assert_eq!(app.step, Step::Actions);
    keys(&mut app, "<enter>");
    assert_eq!(app.step, Step::Review);

    // The expected policy, built independently through the engine's public API.
    let spec = validate(&SpecInput {
        region: Some("ap-northeast-1".into()),
        partition: None,
        account: Some(ACCT.into()),
        repositories: vec!["my-app".into()],
        actions: ActionSet::of(USER_GUIDE_ACTIONS),
        tags: Vec::new(),
    })
    .expect("a valid spec");
    let expected = render_policy(&spec, JsonStyle::Pretty);
    let json: Value = serde_json::from_str(&expected).expect("the policy is JSON");
    assert_eq!(json["Version"], "2012-10-17");
    assert!(expected.contains("\"arn:aws:ecr:ap-northeast-1:123456789012:repository/my-app\""));
    assert!(expected.contains("ecr:GetAuthorizationToken"));

    assert_eq!(
        app.derived.text, expected,
        "the preview is the engine's output"
    );
    let fx = keys(&mut app, "<c-y>");
    assert_eq!(fx, vec![Effect::CopyToClipboard(expected.clone())]);

    keys(&mut app, "<c-s>");
    let (default_name, error) = save_popup(&app);
    assert_eq!(
        std::path::Path::new(&default_name).extension(),
        Some("json".as_ref()),
        "{default_name}"
    );
    assert!(
        default_name.contains("my-app"),
        "the name says what it is for: {default_name}"
    );
    assert!(!default_name.contains('/'), "{default_name}");
    assert_eq!(error, None);

    keys(&mut app, "<c-u>");
    assert_eq!(save_popup(&app).0, "", "Ctrl-U clears the name");

    let fx = keys(&mut app, "out/policy.json<enter>");
    assert_eq!(
        fx,
        vec![Effect::SaveFile {
            path: PathBuf::from("out/policy.json"),
            contents: format!("{expected}\n"),
            replace: false,
        }]
    );
    assert!(
        matches!(app.popup, Some(Popup::Save { .. })),
        "open until the runtime reports back"
    );

    assert!(
        update(
            &mut app,
            Action::Saved(Ok(PathBuf::from("/tmp/out/policy.json")))
        )
        .is_empty()
    );
    assert_eq!(app.popup, None);
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Success);
    assert!(text.starts_with("Saved to"), "{text}");
    assert!(text.contains("/tmp/out/policy.json"), "{text}");
}

#[test]
fn enter_on_review_copies_too() {
    let mut app = complete_app();
    assert_eq!(app.step, Step::Review);
    let fx = keys(&mut app, "<enter>");
    assert_eq!(fx, vec![Effect::CopyToClipboard(app.derived.text.clone())]);
}

#[test]
fn tab_and_shift_tab_move_between_steps_without_losing_input() {
    let mut app = App::new();
    keys(&mut app, "<tab><tab>");
    assert_eq!(app.step, Step::Repositories);
    keys(&mut app, "web<s-tab>");
    assert_eq!(app.step, Step::Account);
    keys(&mut app, "<tab>");
    assert_eq!(app.repo_input.text(), "web");
    keys(&mut app, "<tab><tab><tab><tab>");
    assert_eq!(app.step, Step::Review, "Tab stops at the last step");
    keys(&mut app, "<esc>");
    assert_eq!(app.step, Step::Actions, "Esc goes back one step");
}

// ---------------------------------------------------------------- invalid input

#[test]
fn invalid_account_stays_on_the_step_with_the_text_kept() {
    for (typed, says) in [
        ("12345", "5 digits"),
        ("12345678901a", "'a'"),
        ("abc", "'a'"),
    ] {
        let mut app = App::new();
        keys(&mut app, &format!("tokyo<enter>{typed}"));
        assert!(!app.account_tried, "no error shouted while typing");
        keys(&mut app, "<enter>");
        assert_eq!(app.step, Step::Account, "{typed}");
        assert!(app.account_tried, "{typed}");
        assert_eq!(app.account.text(), typed);
        assert_eq!(app.step_state(Step::Account), StepState::Invalid);
        let err = app.account_error().expect("an account error");
        assert_eq!(err.field, Field::Account);
        assert!(err.message.contains(says), "{typed}: {err}");
        // Typing again takes the shouted error back until the next Enter.
        keys(&mut app, "<bs>");
        assert!(!app.account_tried);
    }
}

#[test]
fn empty_account_enter_is_refused() {
    let mut app = App::new();
    keys(&mut app, "tokyo<enter><enter>");
    assert_eq!(app.step, Step::Account);
    assert!(app.account_tried);
}

#[test]
fn dashed_account_is_accepted() {
    let mut app = App::new();
    keys(&mut app, "tokyo<enter>1234-5678-9012<enter>");
    assert_eq!(app.step, Step::Repositories);
    assert_eq!(app.valid_account().as_deref(), Some(ACCT));
}

#[test]
fn invalid_repository_names_are_refused_and_nothing_is_lost() {
    let cases = [
        ("MyApp", "uppercase"),
        ("a..b", "\"..\""),
        ("a", "1 character"),
        ("café", "'é'"),
        ("team//app", "//"),
    ];
    let mut app = App::new();
    keys(&mut app, &format!("tokyo<enter>{ACCT}<enter>first<enter>"));
    assert_eq!(app.repos, ["first"]);
    for (typed, says) in cases {
        keys(&mut app, &format!("<c-u>{typed}<enter>"));
        let err = app
            .repo_error
            .clone()
            .unwrap_or_else(|| panic!("{typed} was accepted"));
        assert_eq!(err.field, Field::Repository, "{typed}");
        assert!(err.to_string().contains(says), "{typed}: {err}");
        assert_eq!(
            app.repos,
            ["first"],
            "{typed}: nothing added, earlier entry kept"
        );
        assert_eq!(app.repo_input.text(), typed, "the text stays to be fixed");
        assert_eq!(app.step, Step::Repositories);
        assert_eq!(app.step_state(Step::Repositories), StepState::Invalid);
    }
    // Fixing the text clears the error and adds it.
    keys(&mut app, "<c-u>my-app<enter>");
    assert_eq!(app.repo_error, None);
    assert_eq!(app.repos, ["first", "my-app"]);
}

#[test]
fn enter_on_an_empty_repository_field_with_no_repositories_is_an_error() {
    let mut app = App::new();
    keys(&mut app, &format!("tokyo<enter>{ACCT}<enter><enter>"));
    assert_eq!(app.step, Step::Repositories);
    let err = app.repo_error.clone().expect("an error");
    assert!(err.message.contains("none added"), "{err}");
    assert_eq!(app.step_state(Step::Repositories), StepState::Invalid);
    // Only spaces count as empty too.
    keys(&mut app, "<c-u>   <enter>");
    assert_eq!(app.step, Step::Repositories);
    assert!(app.repos.is_empty());
}

#[test]
fn copy_and_save_refuse_an_incomplete_policy_and_say_what_is_missing() {
    let mut app = App::new();
    let preview_before = app.derived.text.clone();
    assert!(keys(&mut app, "<c-y>").is_empty());
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Error);
    for word in ["region", "account", "repository"] {
        assert!(text.contains(word), "copy message misses {word}: {text}");
    }
    assert!(keys(&mut app, "<c-s>").is_empty());
    assert_eq!(app.popup, None);
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Error);
    assert!(
        text.contains("region") && text.contains("repository"),
        "{text}"
    );
    assert_eq!(app.derived.text, preview_before);

    // Only the repository missing: only it is named.
    keys(&mut app, &format!("tokyo<enter>{ACCT}<enter><tab><tab>"));
    assert_eq!(app.step, Step::Review);
    assert!(keys(&mut app, "<c-y>").is_empty());
    let (_, text) = status(&app);
    assert!(text.contains("repository"), "{text}");
    assert!(
        !text.contains("region") && !text.contains("account"),
        "{text}"
    );
}

#[test]
fn region_search_without_a_match_keeps_the_region() {
    let mut app = App::new();
    keys(&mut app, "zzzq<enter>");
    assert_eq!(app.step, Step::Region);
    assert_eq!(app.region, None);
    assert!(app.region_matches.is_empty());
    assert_eq!(status(&app).0, StatusKind::Error);

    // With a region already chosen, a failed search does not change it.
    keys(&mut app, "<c-u>tokyo<enter><s-tab>");
    assert_eq!(app.step, Step::Region);
    keys(&mut app, "<c-u>nowhere-at-all<enter>");
    assert_eq!(app.step, Step::Region);
    assert_eq!(
        app.region.as_ref().map(|r| r.code.as_str()),
        Some("ap-northeast-1")
    );
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Error);
    assert!(text.contains("No region matches"), "{text}");
}

#[test]
fn arrow_keys_pick_a_region_other_than_the_first_match() {
    let mut app = App::new();
    keys(&mut app, "us-east");
    let first = app
        .highlighted_region()
        .map(RegionEntry::code)
        .expect("matches");
    keys(&mut app, "<down>");
    let second = app
        .highlighted_region()
        .map(RegionEntry::code)
        .expect("matches");
    assert_ne!(first, second);
    keys(&mut app, "<enter>");
    assert_eq!(app.region.as_ref().map(|r| r.code.as_str()), Some(second));
}

// ---------------------------------------------------------------- paste

const URI: &str = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:latest";

#[test]
fn pasting_an_image_uri_on_the_region_step_fills_account_region_and_repository() {
    let mut app = App::new();
    assert!(paste(&mut app, URI).is_empty());
    assert_eq!(app.valid_account().as_deref(), Some(ACCT));
    let region = app.region.as_ref().expect("region filled");
    assert_eq!(
        (region.code.as_str(), region.partition.arn),
        ("eu-west-1", "aws")
    );
    assert_eq!(app.repos, ["web"]);
    assert_eq!(
        app.region_query.text(),
        "",
        "the URI is not typed into the search"
    );
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Success);
    for part in [ACCT, "eu-west-1", "web"] {
        assert!(text.contains(part), "status misses {part}: {text}");
    }
    assert!(
        app.spec().is_some(),
        "with the default preset the policy is complete"
    );
}

#[test]
fn pasting_a_uri_that_contradicts_the_account_is_refused_with_both_named() {
    let mut app = App::new();
    keys(&mut app, "tokyo<enter>111111111111");
    paste(&mut app, URI);
    let err = app.repo_error.clone().expect("refused");
    let msg = err.to_string();
    assert!(msg.contains("111111111111") && msg.contains(ACCT), "{msg}");
    assert_eq!(
        app.account.text(),
        "111111111111",
        "the account entered is kept"
    );
    assert_eq!(
        app.region.as_ref().map(|r| r.code.as_str()),
        Some("ap-northeast-1")
    );
    assert!(app.repos.is_empty());
    assert_eq!(
        app.step,
        Step::Repositories,
        "shown where repository errors show"
    );
    assert_eq!(app.repo_input.text(), URI, "the pasted text is kept to fix");
}

#[test]
fn pasting_a_uri_that_contradicts_the_region_is_refused() {
    let mut app = App::new();
    keys(&mut app, &format!("tokyo<enter>{ACCT}"));
    paste(&mut app, URI);
    let msg = app.repo_error.clone().expect("refused").to_string();
    assert!(
        msg.contains("eu-west-1") && msg.contains("ap-northeast-1"),
        "{msg}"
    );
    assert!(app.repos.is_empty());
    assert_eq!(
        app.region.as_ref().map(|r| r.code.as_str()),
        Some("ap-northeast-1")
    );
    assert_eq!(app.repo_input.text(), URI);
}

#[test]

fn pasting_a_refused_uri_on_the_repositories_step_shows_why() {
    let mut app = App::new();
    keys(&mut app, &format!("tokyo<enter>{ACCT}<enter>"));
    assert_eq!(app.step, Step::Repositories);
    paste(&mut app, URI);
    assert!(app.repos.is_empty());
    assert_eq!(app.repo_input.text(), URI, "the pasted text is kept to fix");
    let msg = app
        .repo_error
        .clone()
        .expect("the refusal is shown")
        .to_string();
    assert!(
        msg.contains("eu-west-1") && msg.contains("ap-northeast-1"),
        "{msg}"
    );
}

#[test]
fn pasting_an_arn_with_a_govcloud_region_in_partition_aws_is_refused() {
    let arn = "arn:aws:ecr:us-gov-west-1:123456789012:repository/web";
    let mut app = App::new();
    paste(&mut app, arn);
    let msg = app.repo_error.clone().expect("refused").to_string();
    assert!(
        msg.contains("aws-us-gov") && msg.contains("us-gov-west-1"),
        "{msg}"
    );
    assert_eq!(app.region, None);
    assert!(app.account.is_empty(), "nothing filled from a refused ARN");
    assert!(app.repos.is_empty());
    assert_eq!(app.repo_input.text(), arn);
}

#[test]
fn pasting_plain_text_types_it_into_the_focused_field() {
    let mut app = App::new();
    paste(&mut app, "frankfurt\n");
    assert_eq!(app.region_query.text(), "frankfurt", "line breaks dropped");
    assert_eq!(
        app.highlighted_region().map(RegionEntry::code),
        Some("eu-central-1")
    );
    keys(&mut app, "<enter>");
    paste(&mut app, "1234 5678 9012");
    assert_eq!(app.valid_account().as_deref(), Some(ACCT));
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
    assert!(app.actions.is_superset(pull), "the default preset pulls");
    move_to_row(&mut app, ActionRow::Task(i));

    keys(&mut app, "<space>");
    assert!(!app.actions.contains_any(pull), "every pull action is off");
    assert!(
        app.actions.contains(action("PutImage")),
        "other tasks untouched"
    );
    assert!(
        !app.derived.text.contains("ecr:BatchGetImage"),
        "{}",
        app.derived.text
    );
    assert!(!app.derived.text.contains("ecr:GetDownloadUrlForLayer"));

    keys(&mut app, "<space>");
    assert!(app.actions.is_superset(pull));
    assert!(app.derived.text.contains("\"ecr:BatchGetImage\""));
}

#[test]
fn toggling_a_single_action_makes_its_task_partial() {
    let mut app = on_actions();
    let (i, pull) = pull_task();
    let rows_before = app.action_rows().len();
    keys(&mut app, "a");
    assert!(app.actions_expanded);
    assert!(
        app.action_rows().len() > rows_before + 30,
        "every action is listed"
    );

    let get = action("GetDownloadUrlForLayer");
    move_to_row(&mut app, ActionRow::Action(get));
    let before = app.actions;
    keys(&mut app, "<space>");
    assert_eq!(
        app.actions,
        before.difference(ActionSet::of(&["GetDownloadUrlForLayer"]))
    );
    assert!(
        app.actions.contains_any(pull) && !app.actions.is_superset(pull),
        "partial"
    );
    assert_eq!(
        preset_matching(app.actions),
        None,
        "no longer a named preset"
    );
    assert!(!app.derived.text.contains("GetDownloadUrlForLayer"));

    // Space on the partial task turns all of it on.
    move_to_row(&mut app, ActionRow::Task(i));
    keys(&mut app, "<space>");
    assert_eq!(app.actions, before);
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
        preset_matching(app.actions).map(|p| p.id),
        Some(PRESETS[start].id)
    );

    let n = PRESETS.len();
    for k in 1..=n {
        keys(&mut app, "<right>");
        let want = &PRESETS[(start + k) % n];
        assert_eq!(app.actions, want.set(), "after {k} × Right");
        assert_eq!(
            app.derived.text,
            render_policy(app.spec().expect("complete"), JsonStyle::Pretty)
        );
        assert!(status(&app).1.contains(want.id));
    }
    assert_eq!(
        app.actions,
        ActionSet::of(USER_GUIDE_ACTIONS),
        "full circle"
    );
    keys(&mut app, "<left>");
    assert_eq!(app.actions, PRESETS[(start + n - 1) % n].set());
    keys(&mut app, "l");
    assert_eq!(app.actions, ActionSet::of(USER_GUIDE_ACTIONS), "l is Right");
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
    assert_eq!(preset_matching(app.actions), None);
    keys(&mut app, "<right>");
    assert_eq!(app.actions, PRESETS[0].set());
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
        if app.actions.contains_any(task.set()) {
            // A partial task turns fully on first, then off.
            if !app.actions.is_superset(task.set()) {
                keys(&mut app, "<space>");
            }
            keys(&mut app, "<space>");
        }
    }
    assert!(app.actions.is_empty(), "{:?}", app.actions);
    assert_eq!(app.step_state(Step::Actions), StepState::Invalid);
    assert!(app.spec().is_none());
    assert!(keys(&mut app, "<c-y>").is_empty());
}

// ---------------------------------------------------------------- quitting

#[test]
fn q_asks_before_dropping_an_uncopied_policy() {
    let mut app = complete_app();
    assert!(keys(&mut app, "q").is_empty());
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
    assert!(!app.should_quit);
    assert!(keys(&mut app, "n").is_empty());
    assert_eq!(app.popup, None);
    assert_eq!(app.step, Step::Review, "nothing else changed");

    keys(&mut app, "q");
    assert_eq!(keys(&mut app, "y"), vec![Effect::Quit]);
    assert!(app.should_quit);
}

#[test]
fn q_quits_at_once_after_a_copy_and_asks_again_after_a_change() {
    let mut app = complete_app();
    update(&mut app, Action::Copied(Ok(CopyMethod::System)));
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Success);
    assert!(text.contains("system clipboard"), "{text}");
    assert_eq!(keys(&mut app, "q"), vec![Effect::Quit]);

    let mut app = complete_app();
    update(&mut app, Action::Copied(Ok(CopyMethod::Osc52)));
    assert!(status(&app).1.contains("OSC 52"));
    keys(&mut app, "<s-tab><right>");
    assert!(
        keys(&mut app, "q").is_empty(),
        "the copied text is no longer the policy"
    );
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
}

#[test]
fn failed_copy_does_not_count_as_delivered() {
    let mut app = complete_app();
    update(&mut app, Action::Copied(Err("no display".into())));
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Error);
    assert!(text.contains("no display"), "{text}");
    assert!(keys(&mut app, "q").is_empty());
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
}

#[test]
fn q_quits_at_once_when_there_is_nothing_to_lose() {
    let mut app = App::new();
    keys(&mut app, "<tab><tab><tab>");
    assert_eq!(app.step, Step::Actions);
    assert_eq!(keys(&mut app, "q"), vec![Effect::Quit]);
}

#[test]
fn printable_q_types_into_a_focused_field() {
    let mut app = App::new();
    assert!(keys(&mut app, "q").is_empty());
    assert_eq!(app.region_query.text(), "q");
    assert!(!app.should_quit);
    let mut app = complete_app();
    keys(&mut app, "<s-tab><s-tab>");
    assert_eq!(app.step, Step::Repositories);
    assert!(keys(&mut app, "q").is_empty());
    assert_eq!(app.repo_input.text(), "q");
    assert_eq!(app.popup, None);
}

/// Every place the wizard can be in, for the Ctrl-C test.
fn every_place() -> Vec<(&'static str, App)> {
    let mut out = Vec::new();
    for (name, script) in [
        ("region", ""),
        ("account", "tokyo<enter>"),
        ("repositories", "<tab><tab>"),
        ("actions", "<tab><tab><tab>"),
        ("review", "<tab><tab><tab><tab>"),
    ] {
        let mut app = App::new();
        keys(&mut app, script);
        out.push((name, app));
    }
    let mut list = complete_app();
    keys(&mut list, "<s-tab><s-tab><up>");
    assert_eq!(list.repo_focus, Some(0));
    out.push(("repository list", list));
    for (name, script) in [("help", "?"), ("save", "<c-s>"), ("quit question", "q")] {
        let mut app = complete_app();
        keys(&mut app, script);
        assert!(app.popup.is_some(), "{name}");
        out.push((name, app));
    }
    let mut overwrite = complete_app();
    keys(&mut overwrite, "<c-s>");
    update(
        &mut overwrite,
        Action::Saved(Err(SaveFailure::Exists("x.json".into()))),
    );
    out.push(("overwrite question", overwrite));
    out
}

#[test]
fn ctrl_c_quits_from_every_step() {
    for (name, mut app) in every_place().into_iter().filter(|(_, a)| a.popup.is_none()) {
        assert_eq!(keys(&mut app, "<c-c>"), vec![Effect::Quit], "{name}");
        assert!(app.should_quit, "{name}");
    }
}

#[test]

fn ctrl_c_quits_from_every_popup() {
    for (name, mut app) in every_place().into_iter().filter(|(_, a)| a.popup.is_some()) {
        assert_eq!(
            keys(&mut app, "<c-c>"),
            vec![Effect::Quit],
            "Ctrl-C in the {name} popup"
        );
    }
}

// ---------------------------------------------------------------- repository list

#[test]
fn repository_list_up_remove_edit_and_back() {
    let mut app = App::new();
    keys(
        &mut app,
        &format!("tokyo<enter>{ACCT}<enter>one<enter>two<enter>three<enter>"),
    );
    assert_eq!(app.repos, ["one", "two", "three"]);

    keys(&mut app, "<up>");
    assert_eq!(
        app.repo_focus,
        Some(2),
        "Up from the field focuses the last entry"
    );
    assert!(!app.text_focus());
    keys(&mut app, "d");
    assert_eq!(app.repos, ["one", "two"]);
    assert_eq!(app.repo_focus, Some(1), "focus stays on the list");
    assert!(status(&app).1.contains("three"));

    keys(&mut app, "<up>e");
    assert_eq!(app.repos, ["two"]);
    assert_eq!(
        app.repo_input.text(),
        "one",
        "e moves the entry back into the field"
    );
    assert_eq!(app.repo_focus, None);
    keys(&mut app, "-fixed<enter>");
    assert_eq!(app.repos, ["two", "one-fixed"]);

    keys(&mut app, "<up>");
    assert!(app.repo_focus.is_some());
    keys(&mut app, "<esc>");
    assert_eq!(app.repo_focus, None, "Esc returns to the field");
    assert_eq!(app.step, Step::Repositories, "and stays on the step");
    keys(&mut app, "x");
    assert_eq!(app.repo_input.text(), "x", "the field has focus again");
}

#[test]
fn down_past_the_last_entry_returns_to_the_field() {
    let mut app = App::new();
    keys(
        &mut app,
        &format!("tokyo<enter>{ACCT}<enter>one<enter>two<enter><up><up>"),
    );
    assert_eq!(app.repo_focus, Some(0));
    keys(&mut app, "<up>");
    assert_eq!(app.repo_focus, Some(0), "Up stops at the top");
    keys(&mut app, "j");
    assert_eq!(app.repo_focus, Some(1));
    keys(&mut app, "<down>");
    assert_eq!(app.repo_focus, None);
}

#[test]
fn removing_the_only_entry_returns_to_the_field() {
    let mut app = complete_app();
    keys(&mut app, "<s-tab><s-tab><up>d");
    assert!(app.repos.is_empty());
    assert_eq!(app.repo_focus, None);
    assert!(app.spec().is_none());
}

#[test]
fn adding_a_duplicate_repository_is_reported_once() {
    let mut app = complete_app();
    keys(&mut app, "<s-tab><s-tab>my-app<enter>");
    assert_eq!(app.repos, ["my-app"]);
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Info);
    assert!(text.contains("already"), "{text}");
}

// ---------------------------------------------------------------- saving

fn saving(path: &str) -> App {
    let mut app = complete_app();
    let fx = keys(&mut app, &format!("<c-s><c-u>{path}<enter>"));
    assert!(
        matches!(fx.as_slice(), [Effect::SaveFile { replace: false, .. }]),
        "{fx:?}"
    );
    app
}

#[test]
fn existing_file_asks_and_yes_replaces() {
    let mut app = saving("p.json");
    update(
        &mut app,
        Action::Saved(Err(SaveFailure::Exists("p.json".into()))),
    );
    match &app.popup {
        Some(Popup::ConfirmOverwrite { path }) => assert_eq!(path.text(), "p.json"),
        other => panic!("expected the overwrite question, got {other:?}"),
    }
    let fx = keys(&mut app, "y");
    assert_eq!(
        fx,
        vec![Effect::SaveFile {
            path: "p.json".into(),
            contents: format!("{}\n", app.derived.text),
            replace: true,
        }]
    );
}

#[test]
fn existing_file_no_goes_back_to_the_name_with_it_kept() {
    let mut app = saving("p.json");
    update(
        &mut app,
        Action::Saved(Err(SaveFailure::Exists("p.json".into()))),
    );
    assert!(keys(&mut app, "n").is_empty());
    let (path, error) = save_popup(&app);
    assert_eq!(path, "p.json");
    assert!(error.is_some_and(|e| e.contains("Not replaced")));
    // Typing a new name clears the note and saves without replacing.
    let fx = keys(&mut app, "<bs><bs><bs><bs><bs>2.json<enter>");
    assert_eq!(save_popup(&app).1, None);
    assert!(
        matches!(fx.as_slice(), [Effect::SaveFile { path, replace: false, .. }] if path == &PathBuf::from("p2.json"))
    );
}

#[test]
fn other_save_failure_keeps_the_popup_with_the_message() {
    let mut app = saving("dir/p.json");
    let msg = "cannot write dir/p.json: permission denied";
    assert!(update(&mut app, Action::Saved(Err(SaveFailure::Other(msg.into())))).is_empty());
    let (path, error) = save_popup(&app);
    assert_eq!(path, "dir/p.json");
    assert_eq!(error.as_deref(), Some(msg));
    assert_eq!(app.delivered, None, "a failed save is not a delivery");
}

#[test]
fn saving_an_empty_name_is_refused_and_esc_cancels() {
    let mut app = complete_app();
    let fx = keys(&mut app, "<c-s><c-u>   <enter>");
    assert!(fx.is_empty());
    let (_, error) = save_popup(&app);
    assert!(error.is_some_and(|e| e.contains("file name")));
    keys(&mut app, "<esc>");
    assert_eq!(app.popup, None);
    assert_eq!(app.step, Step::Review, "Esc closes the popup only");
}

#[test]
fn keys_in_the_save_popup_type_into_the_name() {
    let mut app = complete_app();
    let fx = keys(&mut app, "<c-s><c-u>qys?.json");
    assert!(fx.is_empty(), "q, y, s and ? type: {fx:?}");
    assert_eq!(save_popup(&app).0, "qys?.json");
    assert_eq!(app.step, Step::Review);
}

#[test]
fn help_opens_and_closes_and_swallows_step_keys() {
    let mut app = complete_app();
    keys(&mut app, "?");
    assert_eq!(app.popup, Some(Popup::Help));
    assert!(
        keys(&mut app, "<s-tab>y").is_empty(),
        "step keys do nothing under help"
    );
    assert_eq!(app.step, Step::Review);
    keys(&mut app, "<esc>");
    assert_eq!(app.popup, None);
    keys(&mut app, "<f1>");
    assert_eq!(app.popup, Some(Popup::Help));
    keys(&mut app, "q");
    assert_eq!(app.popup, None, "q closes help instead of quitting");
    assert!(!app.should_quit);
}

#[test]
fn every_scripted_key_in_the_happy_path_is_bound() {
    let mut app = App::new();
    for ev in parse_keys(&format!(
        "tokyo<enter>{ACCT}<enter>my-app<enter><enter><enter><c-y>"
    )) {
        let (action, _) = press(&mut app, &ev);
        assert!(action.is_some(), "{ev:?} did nothing on {:?}", app.step);
    }
}

// ---------------------------------------------------------------- prefill

#[test]
fn prefill_with_everything_valid_opens_on_review() {
    let app = App::prefilled(&Prefill {
        region: Some("eu-west-1".into()),
        account: Some(ACCT.into()),
        repos: vec!["web".into()],
        ..Prefill::default()
    });
    assert!(app.spec().is_some());
    assert_eq!(app.status, None, "no problems to report");
    assert_eq!(
        app.step,
        Step::Review,
        "nothing left to fill in, so open where copy and save are"
    );
}

#[test]
fn prefill_opens_on_the_first_step_that_needs_something() {
    let app = App::prefilled(&Prefill {
        region: Some("eu-west-1".into()),
        account: Some(ACCT.into()),
        ..Prefill::default()
    });
    assert_eq!(app.step, Step::Repositories);

    let app = App::prefilled(&Prefill {
        account: Some(ACCT.into()),
        repos: vec!["web".into()],
        ..Prefill::default()
    });
    assert_eq!(app.step, Step::Region);
}

#[test]
fn prefill_keeps_an_invalid_account_in_the_field_with_its_error() {
    let app = App::prefilled(&Prefill {
        region: Some("eu-west-1".into()),
        account: Some("12345".into()),
        repos: vec!["web".into()],
        ..Prefill::default()
    });
    assert_eq!(app.step, Step::Account);
    assert_eq!(app.account.text(), "12345");
    assert!(app.account_tried, "shown as an error, not a hint");
    assert_eq!(app.step_state(Step::Account), StepState::Invalid);
    assert!(
        app.account_error()
            .is_some_and(|e| e.message.contains("5 digits"))
    );
    assert_eq!(app.repos, ["web"], "the rest is kept");
}

#[test]
fn prefill_with_a_bad_region_repo_and_preset_reports_each() {
    let app = App::prefilled(&Prefill {
        region: Some("tokio".into()),
        account: Some(ACCT.into()),
        repos: vec!["Web".into(), "api".into()],
        preset: Some("everything".into()),
        ..Prefill::default()
    });
    assert_eq!(app.step, Step::Region);
    assert_eq!(app.region, None);
    assert_eq!(
        app.region_query.text(),
        "tokio",
        "the bad region waits in the search"
    );
    assert_eq!(app.repos, ["api"]);
    assert_eq!(app.repo_input.text(), "Web");
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Error);
    for part in ["tokio", "Web", "everything"] {
        assert!(text.contains(part), "status misses {part}: {text}");
    }
}

#[test]
fn prefill_with_a_uri_fills_account_and_region() {
    let app = App::prefilled(&Prefill {
        repos: vec![URI.into()],
        preset: Some("pull".into()),
        ..Prefill::default()
    });
    assert_eq!(app.valid_account().as_deref(), Some(ACCT));
    assert_eq!(
        app.region.as_ref().map(|r| r.code.as_str()),
        Some("eu-west-1")
    );
    assert_eq!(
        app.actions,
        ActionSet::of(&[
            "GetAuthorizationToken",
            "BatchGetImage",
            "GetDownloadUrlForLayer",
            "BatchCheckLayerAvailability"
        ])
    );
    assert!(app.spec().is_some());
}

#[test]
fn going_back_to_the_region_step_keeps_the_chosen_region_under_the_cursor() {
    let mut app = App::prefilled(&Prefill {
        region: Some("us-east-1".into()),
        account: Some(ACCT.into()),
        repos: vec!["app".into()],
        ..Prefill::default()
    });
    assert_eq!(app.step, Step::Review);
    keys(&mut app, "<s-tab><s-tab><s-tab><s-tab>");
    assert_eq!(app.step, Step::Region);
    keys(&mut app, "<enter>");
    assert_eq!(app.region.as_ref().unwrap().code, "us-east-1");
    // Searching and clearing the search brings the cursor back to the chosen region too.
    keys(&mut app, "<s-tab>tokyo<c-u><enter>");
    assert_eq!(app.region.as_ref().unwrap().code, "us-east-1");
}
