//! Key-sequence tests of delivering the policy: copy and save refusing an incomplete policy,
//! quitting with and without an uncopied policy, Ctrl-C everywhere, and the save popup with its
//! overwrite question. Scripts of key presses go through the keymap and `update`. No terminal involved.

// All of this file is test code; clippy's `allow-*-in-tests` only covers `#[test]` functions,
// not the helpers beside them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::app as support;

use std::path::PathBuf;

use ecr_policy::app::state::StatusKind;
use ecr_policy::app::{Action, App, CopyMethod, Effect, Popup, SaveFailure, Step, update};
use support::{ACCT, complete_app, keys, save_popup, status};

// ---------------------------------------------------------------- incomplete policy

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

// ---------------------------------------------------------------- quitting

#[test]
fn q_asks_before_dropping_an_uncopied_policy() {
    let mut app = complete_app();
    assert!(keys(&mut app, "q").is_empty());
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
    assert!(!app.should_quit);
    // `y` copies elsewhere, so it never answers this question.
    assert!(keys(&mut app, "y").is_empty());
    assert!(!app.should_quit);
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
    assert!(keys(&mut app, "<esc>").is_empty());
    assert_eq!(app.popup, None);
    assert_eq!(app.step, Step::Review, "nothing else changed");

    keys(&mut app, "q");
    assert_eq!(keys(&mut app, "d"), vec![Effect::Quit]);
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
    assert_eq!(app.region.query.text(), "q");
    assert!(!app.should_quit);
    let mut app = complete_app();
    keys(&mut app, "<s-tab><s-tab>");
    assert_eq!(app.step, Step::Repositories);
    assert!(keys(&mut app, "q").is_empty());
    assert_eq!(app.repos.input.text(), "q");
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
    assert_eq!(list.repos.focus, Some(0));
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
        let want = if app.unsaved_work() {
            vec![Effect::QuitAndPrint(app.printout())]
        } else {
            vec![Effect::Quit]
        };
        assert_eq!(keys(&mut app, "<c-c>"), want, "{name}");
        assert!(app.should_quit, "{name}");
        assert!(app.interrupted, "{name}: Ctrl-C counts as an interruption");
    }
}

#[test]
fn q_is_not_an_interruption_and_delivery_follows_the_policy_as_it_stands() {
    let mut app = complete_app();
    assert!(!app.policy_delivered());
    update(
        &mut app,
        Action::Saved(Ok(PathBuf::from("/tmp/p.json").into())),
    );
    assert!(app.policy_delivered());
    // What was delivered is an older policy: this one is not delivered.
    app.delivered = Some("an older policy".into());
    assert!(!app.policy_delivered());
    app.delivered = Some(app.derived.text.clone());
    assert_eq!(keys(&mut app, "q"), vec![Effect::Quit]);
    assert!(app.should_quit && !app.interrupted);
}

#[test]

fn ctrl_c_quits_from_every_popup() {
    for (name, mut app) in every_place().into_iter().filter(|(_, a)| a.popup.is_some()) {
        // Every popup here sits over a complete policy nobody saved: Ctrl-C prints it.
        assert!(app.unsaved_work(), "{name}");
        let fx = keys(&mut app, "<c-c>");
        assert!(
            matches!(&fx[..], [Effect::QuitAndPrint(text)] if text.contains(&app.derived.text)),
            "Ctrl-C in the {name} popup: {fx:?}"
        );
        assert!(app.should_quit, "{name}");
    }
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
