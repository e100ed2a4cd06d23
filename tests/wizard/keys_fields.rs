//! Key-sequence tests of the wizard's input fields: invalid accounts and repository names, region
//! search, and the repository list. Scripts of key presses go through the keymap and `update`,
//! then the state and the effects are checked. No terminal involved.

// All of this file is test code; clippy's `allow-*-in-tests` only covers `#[test]` functions,
// not the helpers beside them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::app as support;

use ecr_policy::app::state::{StatusKind, StepState};
use ecr_policy::app::{App, Step};
use ecr_policy::policy::Field;
use support::{ACCT, complete_app, keys, status};

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
        assert!(!app.account.tried, "no error shouted while typing");
        keys(&mut app, "<enter>");
        assert_eq!(app.step, Step::Account, "{typed}");
        assert!(app.account.tried, "{typed}");
        assert_eq!(app.account.input.text(), typed);
        assert_eq!(app.step_state(Step::Account), StepState::Invalid);
        let err = app.account_error().expect("an account error");
        assert_eq!(err.field, Field::Account);
        assert!(err.message.contains(says), "{typed}: {err}");
        // Typing again takes the shouted error back until the next Enter.
        keys(&mut app, "<bs>");
        assert!(!app.account.tried);
    }
}

#[test]
fn empty_account_enter_is_refused() {
    let mut app = App::new();
    keys(&mut app, "tokyo<enter><enter>");
    assert_eq!(app.step, Step::Account);
    assert!(app.account.tried);
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
    assert_eq!(app.repos.list, ["first"]);
    for (typed, says) in cases {
        keys(&mut app, &format!("<c-u>{typed}<enter>"));
        let err = app
            .repos
            .error
            .clone()
            .unwrap_or_else(|| panic!("{typed} was accepted"));
        assert_eq!(err.field, Field::Repository, "{typed}");
        assert!(err.to_string().contains(says), "{typed}: {err}");
        assert_eq!(
            app.repos.list,
            ["first"],
            "{typed}: nothing added, earlier entry kept"
        );
        assert_eq!(app.repos.input.text(), typed, "the text stays to be fixed");
        assert_eq!(app.step, Step::Repositories);
        assert_eq!(app.step_state(Step::Repositories), StepState::Invalid);
    }
    // Fixing the text clears the error and adds it.
    keys(&mut app, "<c-u>my-app<enter>");
    assert_eq!(app.repos.error, None);
    assert_eq!(app.repos.list, ["first", "my-app"]);
}

#[test]
fn enter_on_an_empty_repository_field_with_no_repositories_is_an_error() {
    let mut app = App::new();
    keys(&mut app, &format!("tokyo<enter>{ACCT}<enter><enter>"));
    assert_eq!(app.step, Step::Repositories);
    let err = app.repos.error.clone().expect("an error");
    assert!(err.message.contains("none added"), "{err}");
    assert_eq!(app.step_state(Step::Repositories), StepState::Invalid);
    // Only spaces count as empty too.
    keys(&mut app, "<c-u>   <enter>");
    assert_eq!(app.step, Step::Repositories);
    assert!(app.repos.list.is_empty());
}

#[test]
fn region_search_without_a_match_keeps_the_region() {
    let mut app = App::new();
    keys(&mut app, "zzzq<enter>");
    assert_eq!(app.step, Step::Region);
    assert_eq!(app.region.choice, None);
    assert!(app.region.matches.is_empty());
    assert_eq!(status(&app).0, StatusKind::Error);

    // With a region already chosen, a failed search does not change it.
    keys(&mut app, "<c-u>tokyo<enter><s-tab>");
    assert_eq!(app.step, Step::Region);
    keys(&mut app, "<c-u>nowhere-at-all<enter>");
    assert_eq!(app.step, Step::Region);
    assert_eq!(
        app.region.choice.as_ref().map(|r| r.code.as_str()),
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
    let code = |app: &App| app.highlighted_region().map(|e| e.code().to_string());
    let first = code(&app).expect("matches");
    keys(&mut app, "<down>");
    let second = code(&app).expect("matches");
    assert_ne!(first, second);
    keys(&mut app, "<enter>");
    assert_eq!(
        app.region.choice.as_ref().map(|r| r.code.as_str()),
        Some(second.as_str())
    );
}

// ---------------------------------------------------------------- repository list

#[test]
fn repository_list_up_remove_edit_and_back() {
    let mut app = App::new();
    keys(
        &mut app,
        &format!("tokyo<enter>{ACCT}<enter>one<enter>two<enter>three<enter>"),
    );
    assert_eq!(app.repos.list, ["one", "two", "three"]);

    keys(&mut app, "<up>");
    assert_eq!(
        app.repos.focus,
        Some(2),
        "Up from the field focuses the last entry"
    );
    assert!(!app.text_focus());
    keys(&mut app, "d");
    assert_eq!(app.repos.list, ["one", "two"]);
    assert_eq!(app.repos.focus, Some(1), "focus stays on the list");
    assert!(status(&app).1.contains("three"));

    keys(&mut app, "<up>e");
    assert_eq!(
        app.repos.list,
        ["one", "two"],
        "the entry stays listed until the edit is confirmed"
    );
    assert_eq!(
        app.repos.input.text(),
        "one",
        "e puts the entry into the field"
    );
    assert_eq!(app.repos.focus, None);
    keys(&mut app, "-fixed<enter>");
    assert_eq!(app.repos.list, ["one-fixed", "two"], "replaced in place");

    keys(&mut app, "<up>");
    assert!(app.repos.focus.is_some());
    keys(&mut app, "<esc>");
    assert_eq!(app.repos.focus, None, "Esc returns to the field");
    assert_eq!(app.step, Step::Repositories, "and stays on the step");
    keys(&mut app, "x");
    assert_eq!(app.repos.input.text(), "x", "the field has focus again");
}

#[test]
fn down_past_the_last_entry_returns_to_the_field() {
    let mut app = App::new();
    keys(
        &mut app,
        &format!("tokyo<enter>{ACCT}<enter>one<enter>two<enter><up><up>"),
    );
    assert_eq!(app.repos.focus, Some(0));
    keys(&mut app, "<up>");
    assert_eq!(app.repos.focus, Some(0), "Up stops at the top");
    keys(&mut app, "j");
    assert_eq!(app.repos.focus, Some(1));
    keys(&mut app, "<down>");
    assert_eq!(app.repos.focus, None);
}

#[test]
fn removing_the_only_entry_returns_to_the_field() {
    let mut app = complete_app();
    keys(&mut app, "<s-tab><s-tab><up>d");
    assert!(app.repos.list.is_empty());
    assert_eq!(app.repos.focus, None);
    assert!(app.spec().is_none());
}

#[test]
fn adding_a_duplicate_repository_is_reported_once() {
    let mut app = complete_app();
    keys(&mut app, "<s-tab><s-tab>my-app<enter>");
    assert_eq!(app.repos.list, ["my-app"]);
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Info);
    assert!(text.contains("already"), "{text}");
}
