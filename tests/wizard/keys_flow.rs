//! Key-sequence tests of the wizard's main flow: the happy path from Region to copy and save,
//! moving between steps, the help popup, and the script helper itself. Scripts of key presses go
//! through the keymap and `update`, then the state and the effects are checked. No terminal involved.

// All of this file is test code; clippy's `allow-*-in-tests` only covers `#[test]` functions,
// not the helpers beside them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::app as support;

use std::path::PathBuf;

use ecr_policy::app::state::StatusKind;
use ecr_policy::app::{Action, App, Effect, Popup, Step, update};
use ecr_policy::policy::{ActionSet, JsonStyle, SpecInput, render as render_policy, validate};
use serde_json::Value;
use support::{
    ACCT, USER_GUIDE_ACTIONS, complete_app, keys, parse_keys, press, save_popup, status,
};

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
        app.region.choice.as_ref().map(|r| r.code.as_str()),
        Some("ap-northeast-1")
    );

    keys(&mut app, &format!("{ACCT}<enter>"));
    assert_eq!(app.step, Step::Repositories);

    keys(&mut app, "my-app<enter>");
    assert_eq!(app.repos.list, ["my-app"]);
    assert_eq!(app.repos.input.text(), "", "the field empties after adding");
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
            Action::Saved(Ok(PathBuf::from("/tmp/out/policy.json").into()))
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
    assert_eq!(
        app.repos.list,
        ["web"],
        "leaving the step added the typed name"
    );
    assert!(app.repos.input.is_empty());
    keys(&mut app, "<tab><tab><tab><tab>");
    assert_eq!(app.step, Step::Review, "Tab stops at the last step");
    keys(&mut app, "<esc>");
    assert_eq!(app.step, Step::Actions, "Esc goes back one step");
}

// ---------------------------------------------------------------- help and key bindings

#[test]
fn help_opens_and_closes_and_swallows_step_keys() {
    let mut app = complete_app();
    keys(&mut app, "?");
    assert!(matches!(app.popup, Some(Popup::Help { .. })));
    assert!(
        keys(&mut app, "<s-tab>y").is_empty(),
        "step keys do nothing under help"
    );
    assert_eq!(app.step, Step::Review);
    keys(&mut app, "<esc>");
    assert_eq!(app.popup, None);
    keys(&mut app, "<f1>");
    assert!(matches!(app.popup, Some(Popup::Help { .. })));
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
