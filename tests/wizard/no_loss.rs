//! Nothing typed is dropped: every way of leaving a field with text in it keeps the text (added
//! to the list, or still in the field with its error), edits keep the original until Enter, the
//! quit question asks whenever work would be lost, and Ctrl-C prints what would be lost.

use crate::support::app as support;
use crate::support::strategies::config;
use ecr_policy::app::state::StatusKind;
use ecr_policy::app::{Action, App, Effect, Popup, Step, update};
use proptest::prelude::*;
use support::{ACCT, complete_app, keys, paste, status};

/// On Repositories with a region and account, the field focused and empty.
fn on_repositories() -> App {
    let mut app = App::new();
    keys(&mut app, &format!("tokyo<enter>{ACCT}<enter>"));
    assert_eq!(app.step, Step::Repositories);
    app
}

// ---------------------------------------------------------------- leaving the field

#[test]
fn typed_name_is_added_when_tab_leaves_the_step() {
    let mut app = on_repositories();
    keys(&mut app, "web<tab>");
    assert_eq!(app.step, Step::Actions);
    assert_eq!(app.repos.list, ["web"]);
    assert!(app.repos.input.is_empty());
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Success);
    assert!(text.contains("added web"), "{text}");
}

#[test]
fn typed_name_is_added_by_shift_tab_and_esc_too() {
    for leave in ["<s-tab>", "<esc>"] {
        let mut app = on_repositories();
        keys(&mut app, &format!("api{leave}"));
        assert_eq!(app.step, Step::Account, "{leave}");
        assert_eq!(app.repos.list, ["api"], "{leave}");
    }
}

#[test]
fn typed_name_is_added_by_a_step_jump() {
    let mut app = on_repositories();
    keys(&mut app, "team/web");
    update(&mut app, Action::GoTo(Step::Review));
    assert_eq!(app.step, Step::Review);
    assert_eq!(app.repos.list, ["team/web"]);
}

#[test]
fn invalid_text_keeps_the_step_the_text_and_the_error() {
    for leave in ["<tab>", "<s-tab>", "<esc>"] {
        let mut app = on_repositories();
        keys(&mut app, &format!("Bad Name{leave}"));
        assert_eq!(app.step, Step::Repositories, "{leave}");
        assert_eq!(app.repos.input.text(), "Bad Name", "{leave}");
        assert!(app.repos.error.is_some(), "{leave}");
        assert!(app.repos.list.is_empty());
        assert_eq!(status(&app).0, StatusKind::Error);
    }
    let mut app = on_repositories();
    keys(&mut app, "Bad");
    update(&mut app, Action::GoTo(Step::Region));
    assert_eq!(app.step, Step::Repositories, "a step jump is refused too");
    assert_eq!(app.repos.input.text(), "Bad");
    // Fixing the text lets the step go.
    keys(&mut app, "<c-u>bad<tab>");
    assert_eq!(app.step, Step::Actions);
    assert_eq!(app.repos.list, ["bad"]);
}

// ---------------------------------------------------------------- editing an entry

/// Repositories with `api` and `web` added, the cursor on `web` in the list.
fn with_two() -> App {
    let mut app = on_repositories();
    keys(&mut app, "api<enter>web<enter><up>");
    assert_eq!(app.repos.focus, Some(1));
    app
}

#[test]
fn edit_keeps_the_original_until_enter() {
    let mut app = with_two();
    keys(&mut app, "e");
    assert_eq!(app.repos.input.text(), "web");
    assert_eq!(
        app.repos.list,
        ["api", "web"],
        "still in the list while edited"
    );
    keys(&mut app, "<bs><bs><bs>www<enter>");
    assert_eq!(app.repos.list, ["api", "www"], "replaced where it was");
    assert!(app.repos.input.is_empty());
    assert_eq!(app.repos.editing, None);
}

#[test]
fn edit_then_esc_restores_the_original() {
    let mut app = with_two();
    keys(&mut app, "e<c-u>other<esc>");
    assert_eq!(
        app.step,
        Step::Repositories,
        "Esc cancels the edit, not the step"
    );
    assert_eq!(app.repos.list, ["api", "web"]);
    assert!(app.repos.input.is_empty());
    assert!(status(&app).1.contains("web stays"), "{:?}", app.status);
}

#[test]
fn edit_then_tab_restores_the_original() {
    let mut app = with_two();
    keys(&mut app, "e<c-u>other<tab>");
    assert_eq!(app.step, Step::Actions);
    assert_eq!(app.repos.list, ["api", "web"]);
    let mut app = with_two();
    keys(&mut app, "e<c-u>Bad Name<enter>");
    assert_eq!(
        app.repos.list,
        ["api", "web"],
        "an invalid edit keeps the entry"
    );
    assert_eq!(app.repos.input.text(), "Bad Name", "and the edited text");
    assert!(app.repos.error.is_some());
}

#[test]
fn edit_never_overwrites_text_in_the_field() {
    let mut app = on_repositories();
    keys(&mut app, "api<enter>half");
    keys(&mut app, "<up>e");
    assert_eq!(app.repos.input.text(), "half");
    assert_eq!(app.repos.editing, None);
    assert_eq!(status(&app).0, StatusKind::Error);
}

// ---------------------------------------------------------------- prompts and pastes

#[test]
fn prompts_keep_their_text_when_closed() {
    let mut app = complete_app();
    keys(&mut app, "t");
    keys(&mut app, "team=plat<esc>t");
    match &app.popup {
        Some(Popup::Tags { input, .. }) => assert_eq!(input.text(), "team=plat"),
        other => panic!("{other:?}"),
    }
    keys(&mut app, "<esc><c-s><c-u>mine.json<esc><c-s>");
    match &app.popup {
        Some(Popup::Save { path, .. }) => assert_eq!(path.text(), "mine.json"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_paste_never_replaces_typed_text() {
    let mut app = on_repositories();
    keys(&mut app, "half");
    // A refused reference goes into the field beside the typed text.
    paste(
        &mut app,
        "999999999999.dkr.ecr.ap-northeast-1.amazonaws.com/other",
    );
    assert!(
        app.repos.input.text().starts_with("half"),
        "{}",
        app.repos.input.text()
    );
    // An accepted one is added and the typed text stays.
    let mut app = on_repositories();
    keys(&mut app, "half");
    paste(
        &mut app,
        &format!("{ACCT}.dkr.ecr.ap-northeast-1.amazonaws.com/other:1"),
    );
    assert_eq!(app.repos.list, ["other"]);
    assert_eq!(app.repos.input.text(), "half");
}

#[test]
fn policy_name_is_set_on_review_validated_like_the_flag() {
    use ecr_policy::policy::emit::format::Format;
    let mut app = complete_app();
    keys(&mut app, "ffn");
    assert_eq!(app.review.format, Format::CloudFormation);
    keys(&mut app, "<c-u>ci push<enter>");
    let Some(Popup::Name { error, input }) = &app.popup else {
        panic!("{:?}", app.popup)
    };
    assert!(error.as_deref().unwrap_or("").contains("' '"), "{error:?}");
    assert_eq!(input.text(), "ci push", "the text stays with its error");
    keys(&mut app, "<home><del><del><del><enter>");
    assert_eq!(app.popup, None);
    assert_eq!(
        app.review.name.as_ref().map(ToString::to_string).as_deref(),
        Some("push")
    );
    assert!(
        app.derived.text.contains("ManagedPolicyName: \"push\""),
        "{}",
        app.derived.text
    );
    // Esc keeps a typed name for next time; an empty name goes back to the made-up one.
    keys(&mut app, "n<c-u>half<esc>n");
    let Some(Popup::Name { input, .. }) = &app.popup else {
        panic!("{:?}", app.popup)
    };
    assert_eq!(input.text(), "half");
    keys(&mut app, "<c-u><enter>");
    assert_eq!(app.review.name, None);
}

// ---------------------------------------------------------------- quitting

#[test]
fn quit_with_partial_input_asks() {
    let mut app = App::new();
    keys(&mut app, "tokyo<enter>1234<tab><tab>");
    assert_eq!(app.step, Step::Actions);
    assert!(app.spec().is_none(), "the policy is not complete");
    assert!(keys(&mut app, "q").is_empty());
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
    assert!(keys(&mut app, "<esc>").is_empty());
    assert_eq!(app.popup, None);
    assert!(!app.should_quit);
    // p quits and prints the draft with what is still missing.
    keys(&mut app, "q");
    let fx = keys(&mut app, "p");
    let [Effect::QuitAndPrint(text)] = &fx[..] else {
        panic!("{fx:?}")
    };
    assert!(text.contains("incomplete"), "{text}");
    assert!(text.contains("ap-northeast-1"), "{text}");
    assert!(app.should_quit);
}

#[test]
fn quit_question_save_and_copy_quit_once_delivered() {
    let mut app = complete_app();
    keys(&mut app, "q");
    let fx = keys(&mut app, "c");
    assert_eq!(fx, vec![Effect::CopyToClipboard(app.derived.text.clone())]);
    assert!(!app.should_quit, "not before the clipboard confirms");
    let fx = update(
        &mut app,
        Action::Copied(Ok(ecr_policy::app::CopyMethod::System)),
    );
    assert_eq!(fx, vec![Effect::Quit]);

    let mut app = complete_app();
    keys(&mut app, "qs");
    assert!(matches!(app.popup, Some(Popup::Save { .. })));
    let fx = update(
        &mut app,
        Action::Saved(Ok(std::path::PathBuf::from("x.json").into())),
    );
    assert_eq!(fx, vec![Effect::Quit]);

    let mut app = complete_app();
    keys(&mut app, "qc");
    update(&mut app, Action::Copied(Err("no display".into())));
    assert!(!app.should_quit, "a failed copy stays");
}

#[test]
fn ctrl_c_with_unsaved_work_prints_the_policy() {
    let mut app = complete_app();
    let fx = keys(&mut app, "<c-c>");
    let [Effect::QuitAndPrint(text)] = &fx[..] else {
        panic!("{fx:?}")
    };
    assert!(text.contains(&app.derived.text), "{text}");
    assert!(app.should_quit);
    // Typed but not added: printed too.
    let mut app = on_repositories();
    keys(&mut app, "half");
    let fx = keys(&mut app, "<c-c>");
    assert!(
        matches!(&fx[..], [Effect::QuitAndPrint(t)] if t.contains("half") && t.contains(ACCT)),
        "{fx:?}"
    );
    // Nothing entered: nothing to print.
    let mut app = App::new();
    assert_eq!(keys(&mut app, "<c-c>"), vec![Effect::Quit]);
}

// ---------------------------------------------------------------- property

/// Keys that leave the field (or the step); `None` is a click on another step.
fn leave_key() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![
        Just(Some("<tab>")),
        Just(Some("<s-tab>")),
        Just(Some("<esc>")),
        Just(Some("<enter>")),
        Just(Some("<up>")),
        Just(None),
    ]
}

/// Names, valid or not: lowercase names and patterns, and some with capitals, spaces or `@`.
fn typed_name() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9/_.*-]{0,12}|[a-zA-Z0-9 @/_.-]{1,12}"
        .prop_filter("something to type", |s| !s.trim().is_empty())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_typed_name_is_listed_or_kept(
        chunks in prop::collection::vec((typed_name(), leave_key(), 0..5usize), 1..8),
    ) {
        let mut app = on_repositories();
        for (name, leave, target) in chunks {
            // Back to an empty, focused field; a leftover is cleared explicitly (Ctrl-U).
            if app.step != Step::Repositories {
                update(&mut app, Action::GoTo(Step::Repositories));
            }
            if app.repos.focus.is_some() {
                keys(&mut app, "<esc>");
            }
            keys(&mut app, "<end><c-u>");
            prop_assert_eq!(app.step, Step::Repositories);
            prop_assert!(app.repos.input.is_empty());
            keys(&mut app, &name);
            match leave {
                Some(k) => {
                    keys(&mut app, k);
                }
                None => {
                    update(&mut app, Action::GoTo(Step::ALL[target]));
                }
            }
            let listed = app.repos.list.iter().any(|n| n == name.trim());
            let kept = app.step == Step::Repositories && app.repos.input.text() == name;
            // Up moves into the list and a click on this same step stays: the text waits.
            let stays = leave == Some("<up>")
                || (leave.is_none() && Step::ALL[target] == Step::Repositories);
            let errored = app.repos.error.is_some() || stays;
            prop_assert!(
                listed || (kept && errored),
                "{name:?} then {leave:?}: list {:?}, field {:?}, step {:?}",
                app.repos.list,
                app.repos.input.text(),
                app.step
            );
        }
    }
}
