//! Key-sequence tests of what a copy may claim and of finishing with a piped standard output:
//! the copy result is fed back as the runtime would, and the quit question shows whether the
//! policy counts as delivered. No terminal involved.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::app as support;

use ecr_policy::app::keymap::footer_hints;
use ecr_policy::app::state::StatusKind;
use ecr_policy::app::{Action, CopyMethod, Delivery, Effect, Popup, Step, update};
use ecr_policy::ui::Theme;
use support::{complete_app, draw, keys, rows, status};

/// Copies with `y`, checks the effect carries the preview, and feeds `result` back.
fn copy_with(app: &mut ecr_policy::app::App, result: Result<CopyMethod, String>) {
    let effects = keys(app, "y");
    assert_eq!(
        effects,
        vec![Effect::CopyToClipboard(app.derived.text.clone())]
    );
    update(app, Action::Copied(result));
}

#[test]
fn only_the_system_clipboard_confirms_a_copy() {
    assert_eq!(CopyMethod::System.delivery(), Delivery::Confirmed);
    assert_eq!(CopyMethod::Osc52.delivery(), Delivery::Unconfirmed);
}

#[test]
fn system_clipboard_copy_says_copied_and_counts_as_delivered() {
    let mut app = complete_app();
    copy_with(&mut app, Ok(CopyMethod::System));
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Success);
    let n = app.derived.text.chars().count();
    assert_eq!(
        text,
        format!("Copied {n} characters to the system clipboard.")
    );
    assert_eq!(keys(&mut app, "q"), vec![Effect::Quit], "no question");
    assert!(app.should_quit);
}

#[test]
fn osc52_copy_warns_it_cannot_be_confirmed_and_quit_still_asks() {
    let mut app = complete_app();
    copy_with(&mut app, Ok(CopyMethod::Osc52));
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Warning);
    assert_eq!(
        text,
        "Sent to the terminal with OSC 52; it cannot confirm the copy. \
         In tmux: set -g set-clipboard on"
    );
    assert!(!text.contains("Copied"), "{text}");
    assert_eq!(app.delivered, None);
    // Nothing changed since the copy, and still the policy is not taken as delivered.
    assert!(keys(&mut app, "q").is_empty());
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
    assert!(!app.should_quit);
}

#[test]
fn osc52_after_a_confirmed_copy_of_the_same_policy_keeps_it_delivered() {
    let mut app = complete_app();
    copy_with(&mut app, Ok(CopyMethod::System));
    copy_with(&mut app, Ok(CopyMethod::Osc52));
    assert_eq!(status(&app).0, StatusKind::Warning);
    assert_eq!(keys(&mut app, "q"), vec![Effect::Quit]);
}

#[test]
fn the_warning_is_drawn_with_a_warning_mark_not_a_check_mark() {
    let mut app = complete_app();
    copy_with(&mut app, Ok(CopyMethod::Osc52));
    let term = draw(&app, &Theme::mono(), 120, 40);
    let screen = rows(term.backend().buffer()).join("\n");
    assert!(
        screen.contains("⚠ Sent to the terminal with OSC 52"),
        "{screen}"
    );
    assert!(!screen.contains("✓ Sent"), "{screen}");
}

/// The quit question's text, joined over the rows it wraps to.
fn quit_question(app: &ecr_policy::app::App) -> String {
    let term = draw(app, &Theme::mono(), 80, 24);
    rows(term.backend().buffer())
        .iter()
        .map(|r| r.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn quit_after_an_osc52_copy_says_the_copy_could_not_be_confirmed() {
    let mut app = complete_app();
    copy_with(&mut app, Ok(CopyMethod::Osc52));
    keys(&mut app, "q");
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
    let text = quit_question(&app);
    assert!(text.contains("could not be confirmed"), "{text}");
    assert!(!text.contains("neither copied"), "{text}");
}

#[test]
fn quit_after_an_osc52_copy_of_an_older_policy_says_neither_copied_nor_saved() {
    let mut app = complete_app();
    copy_with(&mut app, Ok(CopyMethod::Osc52));
    keys(&mut app, "f");
    keys(&mut app, "q");
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
    let text = quit_question(&app);
    assert!(text.contains("neither copied nor saved"), "{text}");
    assert!(!text.contains("could not be confirmed"), "{text}");
}

// ---------------------------------------------------------------- piped standard output

fn piped_review() -> ecr_policy::app::App {
    let mut app = complete_app();
    app.output_piped = true;
    assert_eq!(app.step, Step::Review);
    app
}

#[test]
fn enter_on_review_with_piped_output_finishes_with_the_document() {
    let mut app = piped_review();
    let expected = format!("{}\n", app.derived.text);
    assert_eq!(keys(&mut app, "<enter>"), vec![Effect::Finish(expected)]);
    assert!(app.should_quit);
}

#[test]
fn the_finished_document_is_in_the_chosen_format() {
    let mut app = piped_review();
    keys(&mut app, "f");
    let terraform = app.derived.text.clone();
    assert!(
        terraform.contains("resource \"aws_iam_policy\""),
        "{terraform}"
    );
    assert_eq!(
        keys(&mut app, "<enter>"),
        vec![Effect::Finish(format!("{terraform}\n"))]
    );
}

#[test]
fn enter_on_review_still_copies_when_output_is_a_terminal() {
    let mut app = complete_app();
    assert_eq!(
        keys(&mut app, "<enter>"),
        vec![Effect::CopyToClipboard(app.derived.text.clone())]
    );
    assert!(!app.should_quit);
}

#[test]
fn finishing_an_incomplete_policy_is_refused_with_what_is_missing() {
    let mut app = ecr_policy::app::App::new();
    app.output_piped = true;
    keys(&mut app, "tokyo<enter><tab><tab><tab>");
    assert_eq!(app.step, Step::Review);
    assert!(keys(&mut app, "<enter>").is_empty());
    assert!(!app.should_quit);
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Error);
    assert!(
        text.contains("account") && text.contains("repository"),
        "{text}"
    );
}

#[test]
fn piped_review_footer_says_enter_prints_to_stdout() {
    let app = piped_review();
    let hints = footer_hints(&app.context());
    assert_eq!(
        hints.first().map(|(k, l, _)| (k.as_str(), *l)),
        Some(("Enter", "done, print to stdout")),
        "{hints:?}"
    );
    let screen = rows(draw(&app, &Theme::mono(), 120, 40).backend().buffer()).join("\n");
    assert!(screen.contains("Enter done, print to stdout"), "{screen}");
    // Review's own Enter (copy) is shadowed in pipe mode, so the footer offers Enter once.
    assert_eq!(
        hints
            .iter()
            .filter(|(k, _, _)| k.split('/').any(|k| k == "Enter"))
            .count(),
        1,
        "{hints:?}"
    );

    let hints = footer_hints(&complete_app().context());
    assert!(
        !hints.iter().any(|(_, l, _)| l.contains("stdout")),
        "{hints:?}"
    );
}

#[test]
fn copy_and_save_still_work_with_piped_output() {
    let mut app = piped_review();
    assert_eq!(
        keys(&mut app, "y"),
        vec![Effect::CopyToClipboard(app.derived.text.clone())]
    );
    keys(&mut app, "s");
    assert!(matches!(app.popup, Some(Popup::Save { .. })));
    assert!(!app.should_quit);
}

#[test]
fn ctrl_c_with_piped_output_cancels_without_printing() {
    let mut app = piped_review();
    assert!(app.unsaved_work());
    assert_eq!(keys(&mut app, "<c-c>"), vec![Effect::Quit]);
    assert!(app.should_quit);
}

#[test]
fn quit_question_print_with_piped_output_finishes_to_stdout() {
    let mut app = piped_review();
    let expected = format!("{}\n", app.derived.text);
    assert!(keys(&mut app, "q").is_empty());
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
    assert_eq!(keys(&mut app, "p"), vec![Effect::Finish(expected)]);
    assert!(app.should_quit);
}

#[test]
fn quit_question_discard_with_piped_output_prints_nothing() {
    let mut app = piped_review();
    keys(&mut app, "q");
    assert_eq!(keys(&mut app, "d"), vec![Effect::Quit]);
    assert!(app.should_quit);
}
