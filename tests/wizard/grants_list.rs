//! Several grants on Review: adding one, editing the second, removing after a question (kept
//! statements too), applying an import's fixes, copy equal to `generate`, and the 80×24 screen.

use crate::support::app as support;

use assert_cmd::cargo::cargo_bin_cmd;
use ecr_policy::app::keymap::Scope;
use ecr_policy::app::prefill::Prefill;
use ecr_policy::app::{Action, App, Effect, Step, update};
use ecr_policy::policy::{import_document, parse_document};
use ecr_policy::ui::Theme;
use support::{ACCT, complete_app, draw, keys, rows, status};

/// Two ECR grants and a Deny the model keeps as written.
const TWO_AND_A_DENY: &str = r#"{"Version": "2012-10-17", "Statement": [
    {"Sid": "Pull", "Effect": "Allow",
     "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
     "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/app"},
    {"Sid": "List", "Effect": "Allow", "Action": "ecr:ListImages",
     "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/web"},
    {"Sid": "NoDelete", "Effect": "Deny", "Action": "ecr:BatchDeleteImage", "Resource": "*"}]}"#;

fn imported(text: &str) -> App {
    let im = import_document(&parse_document(text).unwrap());
    App::prefilled(&Prefill::from_import(&im, "old.json", Prefill::default()))
}

fn screen(app: &App) -> String {
    rows(draw(app, &Theme::color(), 80, 24).backend().buffer()).join("\n")
}

/// Review with a second grant on `other` (default preset), as typed.
fn two_grants() -> App {
    let mut app = complete_app();
    keys(&mut app, "a");
    assert_eq!(app.step, Step::Repositories);
    keys(&mut app, "other<enter><enter><enter>");
    assert_eq!(app.step, Step::Review);
    app
}

fn copied(effects: &[Effect]) -> String {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::CopyToClipboard(t) => Some(t.clone()),
            _ => None,
        })
        .expect("a copy effect")
}

#[test]
fn a_adds_a_grant_in_the_same_registry_starting_at_repositories() {
    let mut app = complete_app();
    keys(&mut app, "a");
    assert_eq!(app.step, Step::Repositories);
    assert_eq!(app.grants.grant_count(), 2);
    assert!(app.repos.list.is_empty(), "the new grant starts empty");
    assert_eq!(app.valid_account().as_deref(), Some(ACCT), "same registry");
    keys(&mut app, "other<enter><enter><enter>");
    let spec = app.spec().unwrap();
    assert_eq!(spec.repositories, ["other"]);
    assert_eq!(spec.region.code, "ap-northeast-1");
    assert!(app.derived.text.contains(":repository/my-app"));
    assert!(app.derived.text.contains(":repository/other"));
    let shown = screen(&app);
    assert!(shown.contains("Grant 1: my-app"), "{shown}");
    assert!(shown.contains("▶ Grant 2: other"), "{shown}");
}

#[test]
fn enter_on_the_first_grant_edits_it_and_review_lists_both_again() {
    let mut app = two_grants();
    keys(&mut app, "<up><enter>");
    assert_eq!(app.step, Step::Repositories);
    assert_eq!(app.repos.list, ["my-app"]);
    keys(&mut app, "extra<enter><enter><enter>");
    assert_eq!(app.step, Step::Review);
    let spec = app.spec().unwrap();
    assert_eq!(spec.repositories, ["extra", "my-app"]);
    assert_eq!(app.grants.others.len(), 1);
    assert_eq!(app.grants.others[0].repositories, ["other"]);
    // Now the second one: the first goes back into the list, complete.
    keys(&mut app, "<down><enter>");
    assert_eq!(app.repos.list, ["other"]);
    assert_eq!(app.grants.others[0].repositories, ["extra", "my-app"]);
}

#[test]
fn removing_a_grant_asks_first() {
    let mut app = two_grants();
    keys(&mut app, "x");
    assert!(app.grants.asking.is_some());
    assert_eq!(app.context().scopes, vec![Scope::Confirm]);
    assert!(screen(&app).contains("Remove grant 2?"));
    keys(&mut app, "n");
    assert_eq!(app.grants.grant_count(), 2, "no keeps both");
    keys(&mut app, "xy");
    assert_eq!(app.grants.grant_count(), 1);
    assert_eq!(app.spec().unwrap().repositories, ["my-app"]);
    assert!(!app.derived.text.contains(":repository/other"));
    assert!(status(&app).1.contains("Removed grant 2"));
    // The only grant stays.
    keys(&mut app, "x");
    assert!(app.grants.asking.is_none());
}

#[test]
fn removing_the_edited_grant_puts_the_next_one_in_the_steps() {
    let mut app = two_grants();
    keys(&mut app, "<up>xy");
    assert_eq!(app.grants.grant_count(), 1);
    assert_eq!(app.repos.list, ["other"]);
}

#[test]
fn a_kept_statement_goes_only_after_yes() {
    let mut app = imported(TWO_AND_A_DENY);
    assert_eq!(app.step, Step::Review);
    assert_eq!(app.grants.grant_count(), 2);
    assert_eq!(app.grants.kept.len(), 1);
    assert!(app.derived.text.contains("NoDelete"));
    keys(&mut app, "<down><down>");
    assert_eq!(app.grants.selected, 2);
    keys(&mut app, "<enter>");
    assert_eq!(app.step, Step::Review, "kept statements are read-only");
    keys(&mut app, "x");
    assert!(screen(&app).contains("Remove statement 3 (NoDelete)"));
    keys(&mut app, "<esc>");
    assert_eq!(app.grants.kept.len(), 1, "Esc keeps it");
    assert!(app.derived.text.contains("NoDelete"));
    keys(&mut app, "xy");
    assert!(app.grants.kept.is_empty());
    assert!(!app.derived.text.contains("NoDelete"));
}

#[test]
fn the_fixes_key_applies_the_listed_fixes_and_says_what_changed() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
         "Resource": "arn:aws:ecr:us-gov-west-1:123456789012:repository/app"}]}"#;
    let mut app = imported(text);
    assert!(app.spec().is_none());
    update(&mut app, Action::GoTo(Step::Review));
    assert!(app.context().scopes.contains(&Scope::ReviewFixes));
    keys(&mut app, "F");
    let spec = app.spec().expect("the fixed grant");
    assert_eq!(spec.partition().arn, "aws-us-gov");
    let (_, said) = status(&app);
    assert!(said.starts_with("Applied 1 fix(es):"), "{said}");
    assert!(said.contains("arn:aws-us-gov"), "{said}");
    assert!(!app.context().scopes.contains(&Scope::ReviewFixes));
    let notes = &app.imported.as_ref().unwrap().left_out;
    assert!(notes.iter().any(|n| n.contains("fix applied")), "{notes:?}");
    // Without fixes on offer the key is not bound.
    let plain = complete_app();
    assert!(!plain.context().scopes.contains(&Scope::ReviewFixes));
}

#[test]
fn the_wizards_copy_equals_generate_for_the_same_grants() {
    let mut app = two_grants();
    let wizard = copied(&keys(&mut app, "y"));
    let out = cargo_bin_cmd!("ecr-policy")
        .env_remove("ECR_POLICY_VERBOSE")
        .args([
            "generate",
            "--region",
            "ap-northeast-1",
            "--account",
            ACCT,
            "--repo",
            "my-app",
            "--grant",
            "push-pull-list:other",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let generated = String::from_utf8(out.stdout).unwrap();
    assert_eq!(wizard.trim_end(), generated.trim_end());
}

#[test]
fn review_with_two_grants_and_a_kept_statement_at_80x24() {
    let app = imported(TWO_AND_A_DENY);
    let t = draw(&app, &Theme::color(), 80, 24);
    let shown = rows(t.backend().buffer()).join("\n");
    assert!(
        shown.contains("Kept as written: statement 3 (NoDelete)"),
        "{shown}"
    );
    insta::assert_snapshot!("review_two_grants_and_kept_80x24", t.backend());
}

#[test]
fn the_preview_marks_the_selected_grants_statements() {
    let mut app = imported(TWO_AND_A_DENY);
    let theme = Theme::color();
    let sids = app.derived.highlight.clone();
    assert_eq!(sids.len(), 1, "{sids:?}");
    let marked = |app: &App, sid: &str| {
        let t = draw(app, &theme, 160, 50);
        let at = support::find(t.backend().buffer(), sid).unwrap_or_default();
        let (x, y) = at[0];
        t.backend().buffer()[(x, y)].style().bg == theme.selected.bg
    };
    assert!(marked(&app, &sids[0]));
    keys(&mut app, "<down>");
    assert_ne!(app.derived.highlight, sids, "the second grant's statements");
    assert!(!marked(&app, &sids[0]));
    assert!(marked(&app, &app.derived.highlight[0].clone()));
}

/// An ECR Public policy is one preset on its repositories: with a second grant or a kept
/// statement, `r` and a pasted `public.ecr.aws` URI are refused with the reason, and nothing
/// changes; while on ECR Public, `a` (add a grant) is refused too.
#[test]
fn ecr_public_never_leaves_other_grants_or_kept_statements_out() {
    use ecr_policy::app::state::StatusKind;

    let mut app = two_grants();
    let before = app.derived.text.clone();
    keys(&mut app, "r");
    assert!(!app.access.public);
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Error);
    assert!(text.contains("2 grants"), "{text}");
    assert_eq!(app.derived.text, before);

    app.step = Step::Repositories;
    support::paste(&mut app, "public.ecr.aws/myalias/web:latest");
    assert!(!app.access.public);
    assert!(!app.repos.list.contains(&"web".to_string()));
    assert!(status(&app).1.contains("takes one grant"));

    let mut app = imported(TWO_AND_A_DENY);
    keys(&mut app, "r");
    assert!(!app.access.public);
    assert!(
        status(&app).1.contains("kept statement"),
        "{:?}",
        status(&app)
    );
    assert!(status(&app).1.contains("2 grants"), "{:?}", status(&app));

    let mut app = complete_app();
    keys(&mut app, "r");
    assert!(app.access.public);
    keys(&mut app, "a");
    assert_eq!(app.step, Step::Review);
    assert_eq!(app.grants.grant_count(), 1);
    assert!(
        status(&app).1.contains("holds one grant"),
        "{:?}",
        status(&app)
    );
}
