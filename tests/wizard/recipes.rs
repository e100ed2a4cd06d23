//! The recipes in the wizard: the first step ("Who will use this policy?"), a recipe's
//! questions checked as they are left, the usual steps prefilled, Review stepping through the
//! recipe's documents (the trust policy among them), and the time to a first GitHub Actions
//! push setup at 80×24, counted in keystrokes and compared with `generate --recipe`.

use assert_cmd::cargo::cargo_bin_cmd;
use ecr_policy::app::access::Document;
use ecr_policy::app::prefill::Prefill;
use ecr_policy::app::state::StatusKind;
use ecr_policy::app::{App, Step};
use ecr_policy::ui::Theme;

use crate::support::app::{copied, draw, keys, paste, rows, status};

/// The wizard as `ecr-policy` opens it with nothing given.
fn fresh() -> App {
    App::prefilled(&Prefill::default())
}

fn screen(app: &App) -> (String, ratatui::Terminal<ratatui::backend::TestBackend>) {
    let t = draw(app, &Theme::color(), 80, 24);
    (rows(t.backend().buffer()).join("\n"), t)
}

/// One part of a key script: names typed (not counted) or keys pressed (counted).
enum Part {
    Typed(&'static str),
    Keys(&'static str),
}

/// How many key presses a script of `<…>` tokens and single characters is.
fn presses(script: &str) -> usize {
    let mut n = 0;
    let mut chars = script.chars();
    while let Some(c) = chars.next() {
        if c == '<' {
            chars.by_ref().take_while(|c| *c != '>').for_each(drop);
        }
        n += 1;
    }
    n
}

#[test]
fn the_wizard_opens_on_who_will_use_the_policy_at_80x24() {
    let app = fresh();
    assert_eq!(app.step, Step::Who);
    let (shown, t) = screen(&app);
    assert!(shown.contains("1 Who will use this policy?"), "{shown}");
    assert!(
        shown.contains("› Start from the actions (no recipe)"),
        "{shown}"
    );
    assert!(shown.contains("GitHub Actions workflow pushes"), "{shown}");
    // The footer's hints come from the keymap.
    assert!(shown.contains("Enter choose"), "{shown}");
    insta::assert_snapshot!("who_80x24", t.backend());
    // Anything given on the command line starts from the actions, as before.
    let given = App::prefilled(&Prefill {
        region: Some("us-east-1".into()),
        ..Prefill::default()
    });
    assert_eq!(given.step, Step::Account);
}

#[test]
fn starting_from_the_actions_is_the_wizard_as_it_was() {
    let mut app = fresh();
    keys(&mut app, "<enter>");
    assert_eq!(app.step, Step::Region);
    assert!(app.who.chosen && app.who.recipe.is_none());
    // Esc on an empty region search goes back to the first step; Esc there asks to quit.
    keys(&mut app, "<esc>");
    assert_eq!(app.step, Step::Who);
    // Nothing to lose yet: it quits at once.
    let fx = keys(&mut app, "<esc>");
    assert_eq!(fx, [ecr_policy::app::Effect::Quit]);
}

#[test]
fn a_recipe_asks_only_its_questions_and_refuses_bad_answers_by_their_rule() {
    let mut app = fresh();
    keys(&mut app, "<down><enter>");
    let form = app
        .who
        .form
        .as_ref()
        .expect("the GitHub recipe's questions");
    assert_eq!(form.recipe.id, "github-actions-push");
    let labels: Vec<&str> = form.fields.iter().map(|(q, _)| q.label()).collect();
    assert_eq!(
        labels,
        [
            "GitHub repository",
            "Branch, tag or environment",
            "Signing profile (optional)"
        ]
    );
    // The ref has its default; the repository is required and checked by GitHub's rule.
    assert_eq!(form.fields[1].1.text(), "refs/heads/main");
    keys(&mut app, "<enter>");
    let e = app.who.form.as_ref().unwrap().error.clone().unwrap();
    assert!(
        e.to_string().starts_with("GitHub repository is missing"),
        "{e}"
    );
    paste(&mut app, "octo-org/octo repo");
    keys(&mut app, "<enter>");
    let e = app.who.form.as_ref().unwrap().error.clone().unwrap();
    assert_eq!(
        e.to_string(),
        "GitHub repository \"octo-org/octo repo\" has the repository name \"octo repo\": a \
         GitHub repository name is 1 to 100 letters, digits, '.', '_' and '-' (and not . or ..)"
    );
    let (shown, t) = screen(&app);
    assert!(shown.contains("✗ GitHub repository"), "{shown}");
    insta::assert_snapshot!("who_form_error_80x24", t.backend());
    // Esc goes back to the list and keeps what was typed for the next time.
    keys(&mut app, "<esc>");
    assert!(app.who.form.is_none());
    assert_eq!(app.step, Step::Who);
    keys(&mut app, "<enter>");
    assert_eq!(
        app.who.form.as_ref().unwrap().fields[0].1.text(),
        "octo-org/octo repo"
    );
    // A signing profile in the wrong form is refused with Signer's rule.
    keys(&mut app, "<c-u>");
    paste(&mut app, "octo-org/octo-repo");
    keys(&mut app, "<enter><enter>");
    paste(
        &mut app,
        "arn:aws:signer:us-east-1:123456789012:signing-profiles/x1",
    );
    keys(&mut app, "<enter>");
    let e = app.who.form.as_ref().unwrap().error.clone().unwrap();
    assert!(e.to_string().contains("/signing-profiles/NAME"), "{e}");
}

#[test]
fn a_recipe_without_questions_goes_straight_to_the_region() {
    let mut app = fresh();
    // ECS task execution: the fifth recipe, the sixth row.
    keys(&mut app, "<down><down><down><down><down><enter>");
    assert_eq!(app.step, Step::Region);
    assert_eq!(
        app.who.recipe().map(|r| r.id),
        Some("ecs-task-execution-pull")
    );
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Info);
    assert!(
        text.contains("the identity policy, the trust policy on Review"),
        "{text}"
    );
}

#[test]
fn lambda_s_documents_are_the_repository_and_trust_policies() {
    let mut app = fresh();
    let row = ecr_policy::policy::recipes::RECIPES
        .iter()
        .position(|r| r.id == "lambda-container-image")
        .unwrap()
        + 1;
    keys(&mut app, &"<down>".repeat(row));
    keys(&mut app, "<enter>");
    paste(
        &mut app,
        "arn:aws:lambda:us-east-1:123456789012:function:thumbnails",
    );
    keys(
        &mut app,
        "<enter>us-east-1<enter>123456789012<enter>web<enter><enter><enter>",
    );
    assert_eq!(app.step, Step::Review, "{:?}", app.derived.missing);
    assert!(app.derived.text.contains("lambda.amazonaws.com"));
    assert!(
        app.derived.text.contains("\"aws:sourceArn\""),
        "{}",
        app.derived.text
    );
    keys(&mut app, "d");
    assert_eq!(ecr_policy::app::access::shown(&app), Document::Trust);
    assert!(
        app.derived.text.contains("\"sts:AssumeRole\""),
        "{}",
        app.derived.text
    );
    keys(&mut app, "d");
    assert_eq!(ecr_policy::app::access::shown(&app), Document::Repository);
}

/// `generate --recipe github-actions-push` for the same answers, one document.
fn generated(document: &str) -> String {
    let out = cargo_bin_cmd!("ecr-policy")
        .args([
            "generate",
            "--recipe",
            "github-actions-push",
            "--region",
            "us-east-1",
            "--account",
            "123456789012",
            "--repo",
            "web",
            "--github-repo",
            "octo-org/octo-repo",
            "--document",
            document,
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The measure: a new user reaches a correct GitHub Actions push setup (the role's
/// trust and identity policies) in at most 15 keystrokes besides the names typed, at 80×24.
#[test]
fn time_to_a_github_actions_push_setup_is_at_most_15_keystrokes() {
    let script = [
        // Who will use this policy? The GitHub push recipe is the second row.
        Part::Keys("<down><enter>"),
        Part::Typed("octo-org/octo-repo"),
        // Repository, the default branch (refs/heads/main), no signing profile.
        Part::Keys("<enter><enter><enter>"),
        Part::Typed("us-east-1"),
        Part::Keys("<enter>"),
        Part::Typed("123456789012"),
        Part::Keys("<enter>"),
        Part::Typed("web"),
        // Add the repository, go on; the actions are the recipe's: on to Review.
        Part::Keys("<enter><enter><enter>"),
    ];
    let mut app = fresh();
    let mut counted = 0;
    for part in &script {
        match part {
            Part::Typed(text) => {
                keys(&mut app, text);
            }
            Part::Keys(k) => {
                counted += presses(k);
                keys(&mut app, k);
            }
        }
        // Every screen on the way fits 80×24.
        let (shown, _) = screen(&app);
        assert!(!shown.contains("Terminal too small"));
    }
    assert_eq!(app.step, Step::Review, "{:?}", app.derived.missing);
    // The identity policy is shown first: copying it takes one key, stepping to the trust one.
    let identity = copied(&mut app);
    counted += 1;
    keys(&mut app, "d");
    counted += 1;
    let (shown, t) = screen(&app);
    assert!(
        shown.contains("▸ Trust policy: role ecr-github-actions-push"),
        "{shown}"
    );
    insta::assert_snapshot!("review_trust_80x24", t.backend());
    let trust = copied(&mut app);
    counted += 1;
    println!("keystrokes besides the names typed: {counted}");
    assert!(counted <= 15, "{counted} keystrokes");
    assert_eq!(counted, 13, "the count this script measures");
    // The same documents `generate --recipe` writes for the same answers.
    assert_eq!(format!("{identity}\n"), generated("identity"));
    assert_eq!(format!("{trust}\n"), generated("trust"));
    assert!(trust.contains("\"token.actions.githubusercontent.com:sub\": \"repo:octo-org/octo-repo:ref:refs/heads/main\""));
}

/// Rows of the first step: the actions, then the recipes in the table's order.
fn row_of(id: &str) -> usize {
    ecr_policy::policy::recipes::RECIPES
        .iter()
        .position(|r| r.id == id)
        .unwrap()
        + 1
}

#[test]
fn a_signing_profile_answer_adds_sign_payload_to_the_identity_policy() {
    let mut app = fresh();
    keys(&mut app, &"<down>".repeat(row_of("github-actions-push")));
    keys(&mut app, "<enter>octo-org/octo-repo<enter><enter>");
    paste(
        &mut app,
        "arn:aws:signer:us-east-1:123456789012:/signing-profiles/ecr_signing",
    );
    keys(
        &mut app,
        "<enter>us-east-1<enter>123456789012<enter>web<enter><enter><enter>",
    );
    assert_eq!(app.step, Step::Review, "{:?}", app.derived.missing);
    let identity = copied(&mut app);
    assert!(identity.contains("\"signer:SignPayload\""), "{identity}");
    assert!(
        identity.contains("arn:aws:signer:us-east-1:123456789012:/signing-profiles/ecr_signing"),
        "{identity}"
    );
    // Starting from the actions again takes the recipe's choices back.
    keys(&mut app, "<s-tab><s-tab><s-tab><s-tab><s-tab>");
    assert_eq!(app.step, Step::Who);
    keys(&mut app, &"<up>".repeat(row_of("github-actions-push")));
    keys(&mut app, "<enter>");
    assert!(app.who.recipe.is_none());
    assert!(app.grants.signing.is_empty());
}

#[test]
fn another_account_s_ci_gets_its_identity_and_repository_policies() {
    let mut app = fresh();
    keys(&mut app, &"<down>".repeat(row_of("cross-account-ci-push")));
    keys(&mut app, "<enter>");
    paste(&mut app, "arn:aws:iam::222233334444:role/ci");
    keys(
        &mut app,
        "<enter><enter>us-east-1<enter>123456789012<enter>web<enter><enter><enter>",
    );
    assert_eq!(app.step, Step::Review, "{:?}", app.derived.missing);
    assert!(app.access.principal.is_some());
    let list = ecr_policy::app::access::all_documents(&app);
    assert_eq!(
        list.iter().map(|d| d.0).collect::<Vec<_>>(),
        [Document::Identity, Document::Repository]
    );
    keys(&mut app, "d");
    assert!(
        app.derived
            .text
            .contains("\"AWS\": \"arn:aws:iam::222233334444:role/ci\""),
        "{}",
        app.derived.text
    );
}
