//! Key-sequence tests of Review describing the document shown: the repository policy's plain
//! words, findings (what `check` says on the copied text) and size meter (10,240 characters,
//! whitespace counted); ECR Public's; and one repository policy per set of repositories the
//! grants give the same actions, each equal to what `generate` prints for them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write as _;
use std::process::{Command, Stdio};

use crate::support::app as support;

use ecr_policy::app::access::Document;
use ecr_policy::app::{App, Step};
use ecr_policy::policy::Severity;
use ecr_policy::policy::spec::tasks::preset_matching;
use ecr_policy::ui::Theme;
use ecr_policy::ui::review::review_lines;
use support::{ACCT, choose_principal, complete_app, copied, draw, keys, rows, status};

const BIN: &str = env!("CARGO_BIN_EXE_ecr-policy");
const ROLE: &str = "arn:aws:iam::222233334444:role/ci";

/// Review's content as plain text, one line each.
fn review(app: &App) -> Vec<String> {
    review_lines(app, &Theme::color())
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn has(lines: &[String], needle: &str) -> bool {
    lines.iter().any(|l| l.contains(needle))
}

/// The preview's meter line, from the Policy tab at 80×24.
fn meter(app: &mut App) -> String {
    keys(app, "<c-o>");
    let screen = rows(draw(app, &Theme::color(), 80, 24).backend().buffer());
    keys(app, "<c-o>");
    screen
        .into_iter()
        .find(|l| l.contains(" chars"))
        .unwrap_or_else(|| panic!("no meter"))
}

/// What `generate` prints for the Tokyo registry of [`complete_app`] plus `extra`.
fn generate(extra: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(["generate", "--region", "ap-northeast-1", "--account", ACCT])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// `(code, severity, message)` of every finding `ecr-policy check --json -` reports on `text`.
fn check(text: &str) -> Vec<(String, String, String)> {
    let mut child = Command::new(BIN)
        .args(["check", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("code"), s("severity"), s("message"))
        })
        .collect()
}

/// Review's findings in the same shape.
fn review_findings(app: &App) -> Vec<(String, String, String)> {
    app.derived
        .findings
        .iter()
        .map(|f| {
            let severity = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            (f.code.to_string(), severity.to_string(), f.message.clone())
        })
        .collect()
}

/// Review on `team/*` (the identity policy warns about writes on a pattern).
fn pattern_app() -> App {
    let mut app = App::new();
    keys(
        &mut app,
        &format!("tokyo<enter>{ACCT}<enter>team/*<enter><enter><enter>"),
    );
    assert_eq!(app.step, Step::Review);
    assert!(app.spec().is_some(), "{:?}", app.derived.missing);
    app
}

#[test]
fn the_repository_policy_review_says_what_the_role_may_do_and_checks_it_as_check_does() {
    let mut app = pattern_app();
    choose_principal(&mut app, ROLE);
    // The identity policy: its own summary and lint findings, IAM's quotas.
    let identity = review(&app);
    assert!(has(&identity, "Anyone with this policy"), "{identity:?}");
    assert!(
        app.derived
            .findings
            .iter()
            .any(|f| f.code == "wildcard-write"),
        "{:?}",
        app.derived.findings
    );
    assert!(meter(&mut app).contains("/6144 chars"));
    keys(&mut app, "d");
    assert_eq!(app.access.document, Document::Repository);
    let lines = review(&app);
    assert!(
        has(
            &lines,
            "Role ci in account 222233334444 can, in account 123456789012 (ap-northeast-1):"
        ),
        "{lines:?}"
    );
    assert!(
        has(&lines, "  • Pull images from repositories matching team/*"),
        "{lines:?}"
    );
    assert!(!has(&lines, "Anyone with this policy"), "{lines:?}");
    assert!(!has(&lines, "registry token"), "{lines:?}");
    // Where it goes: the registry account's ECR console, not IAM.
    assert!(
        has(&lines, "In the Amazon ECR console of account 123456789012"),
        "{lines:?}"
    );
    assert!(!has(&lines, "IAM console"), "{lines:?}");
    // The findings are what check says on the copied text, and Review shows them.
    let text = copied(&mut app);
    assert_eq!(review_findings(&app), check(&text));
    assert!(has(&lines, "✓ No problems found."), "{lines:?}");
    // The meter: every character of the copied JSON, spaces and newlines too, of 10,240.
    let m = meter(&mut app);
    let want = format!(
        "{}/10240 chars with spaces",
        text.trim_end().chars().count()
    );
    assert!(m.contains(&want), "{m} (want {want})");
    // d back: the identity policy's words, findings and quota again.
    keys(&mut app, "d");
    assert!(has(&review(&app), "Anyone with this policy"));
    assert!(meter(&mut app).contains("/6144 chars"));
    assert!(has(&review(&app), "IAM console"));
}

#[test]
fn other_formats_send_the_repository_policy_compact_and_the_meter_counts_that() {
    let mut app = complete_app();
    choose_principal(&mut app, ROLE);
    keys(&mut app, "df");
    let compact = generate(&[
        "--repo",
        "my-app",
        "--principal",
        ROLE,
        "--document",
        "repository",
        "--compact",
    ]);
    let want = format!("{}/10240 chars", compact.trim_end().chars().count());
    let m = meter(&mut app);
    assert!(m.contains(&want), "{m} (want {want})");
    let lines = review(&app);
    assert!(has(&lines, "aws_ecr_repository_policy"), "{lines:?}");
}

#[test]
fn an_organisation_and_lambda_read_as_who_they_let_in() {
    let mut app = complete_app();
    choose_principal(&mut app, "o-a1b2c3d4e5");
    keys(&mut app, "d");
    let lines = review(&app);
    assert!(
        has(
            &lines,
            "Any role or user in organisation o-a1b2c3d4e5 can, in"
        ),
        "{lines:?}"
    );
    assert_eq!(review_findings(&app), check(&copied(&mut app)));

    let mut app = complete_app();
    choose_principal(&mut app, "lambda.amazonaws.com");
    let lines = review(&app);
    assert!(
        has(
            &lines,
            "Lambda functions in account 123456789012 (aws:sourceArn \
             arn:aws:lambda:ap-northeast-1:123456789012:function:*) can"
        ),
        "{lines:?}"
    );
    assert!(
        has(&lines, "  • Pull images from repository my-app"),
        "{lines:?}"
    );
    assert_eq!(review_findings(&app), check(&copied(&mut app)));
    assert!(meter(&mut app).contains("/10240 chars with spaces"));
}

#[test]
fn ecr_public_review_describes_the_public_policy_and_its_check_findings() {
    let mut app = complete_app();
    keys(&mut app, "r");
    assert!(app.access.public);
    let lines = review(&app);
    assert!(
        has(
            &lines,
            "Anyone with this policy, in Amazon ECR Public (account 123456789012), can:"
        ),
        "{lines:?}"
    );
    assert!(has(&lines, "  • Log in to public.ecr.aws"), "{lines:?}");
    assert!(
        has(
            &lines,
            "  • Push images to arn:aws:ecr-public::123456789012:repository/my-app"
        ),
        "{lines:?}"
    );
    assert!(!has(&lines, "ap-northeast-1), can:"), "{lines:?}");
    let text = copied(&mut app);
    assert_eq!(review_findings(&app), check(&text));
    // An identity policy: IAM's quotas, whitespace not counted.
    assert!(meter(&mut app).contains("/6144 chars"));
}

/// Review with a second grant on `other` using `preset` (the first keeps the default).
fn two_grants(preset: &str) -> App {
    let mut app = complete_app();
    keys(&mut app, "a");
    assert_eq!(app.step, Step::Repositories);
    keys(&mut app, "other<enter><enter>");
    assert_eq!(app.step, Step::Actions);
    for _ in 0..10 {
        if preset_matching(app.actions.set).is_some_and(|p| p.id == preset) {
            break;
        }
        keys(&mut app, "<right>");
    }
    assert_eq!(preset_matching(app.actions.set).map(|p| p.id), Some(preset));
    keys(&mut app, "<enter>");
    assert_eq!(app.step, Step::Review);
    assert_eq!(app.grants.grant_count(), 2);
    app
}

#[test]
fn two_grants_give_each_repository_a_policy_with_exactly_its_actions() {
    let mut app = two_grants("pull");
    choose_principal(&mut app, ROLE);
    let default = preset_matching(app.grants.others[0].actions)
        .map(|p| p.id)
        .unwrap();
    let role = ["--principal", ROLE, "--document", "repository"];
    // 1 of 2: my-app, with the first grant's actions (push included).
    keys(&mut app, "d");
    let (_, said) = status(&app);
    assert!(said.contains("repository policy 1 of 2"), "{said}");
    assert!(
        said.contains("set the repository policy on my-app."),
        "{said}"
    );
    let first = copied(&mut app);
    let want = generate(&[&["--repo", "my-app", "--preset", default][..], &role].concat());
    assert_eq!(first.trim_end(), want.trim_end());
    assert!(first.contains("ecr:PutImage"), "{first}");
    let lines = review(&app);
    assert!(
        has(&lines, "▸ Repository policy 1: In account"),
        "{lines:?}"
    );
    assert!(
        has(&lines, "  Repository policy 2: In account"),
        "{lines:?}"
    );
    assert!(has(&lines, "Push images to repository my-app"), "{lines:?}");
    // 2 of 2: other, with the pull grant's actions only.
    keys(&mut app, "d");
    let second = copied(&mut app);
    let want = generate(&[&["--repo", "other", "--preset", "pull"][..], &role].concat());
    assert_eq!(second.trim_end(), want.trim_end());
    assert!(!second.contains("ecr:PutImage"), "{second}");
    let lines = review(&app);
    assert!(
        has(&lines, "Pull images from repository other"),
        "{lines:?}"
    );
    assert!(!has(&lines, "Push images"), "{lines:?}");
    assert!(
        has(&lines, "show repository policy 2 of 2 (d switches)"),
        "{lines:?}"
    );
    assert_eq!(review_findings(&app), check(&second));
    // Then back to the identity policy, which holds both grants.
    keys(&mut app, "d");
    assert_eq!(app.access.document, Document::Identity);
    let identity = copied(&mut app);
    assert!(identity.contains("repository/my-app"), "{identity}");
    assert!(identity.contains("repository/other"), "{identity}");
}

#[test]
fn two_grants_with_the_same_actions_share_one_policy_set_on_both() {
    let mut app = complete_app();
    let default = preset_matching(app.actions.set).map(|p| p.id).unwrap();
    let mut app2 = two_grants(default);
    std::mem::swap(&mut app, &mut app2);
    choose_principal(&mut app, ROLE);
    keys(&mut app, "d");
    let (_, said) = status(&app);
    assert!(
        said.contains("set the repository policy on my-app and other."),
        "{said}"
    );
    // The Terraform format sets it on both, as generate does for both repositories.
    keys(&mut app, "f");
    let tf = copied(&mut app);
    let want = generate(&[
        "--repo",
        "my-app",
        "--repo",
        "other",
        "--principal",
        ROLE,
        "--document",
        "repository",
        "--format",
        "terraform",
    ]);
    assert_eq!(tf.trim_end(), want.trim_end());
    // One document: d goes back to the identity policy.
    keys(&mut app, "d");
    assert_eq!(app.access.document, Document::Identity);
}

#[test]
fn review_of_the_second_repository_policy_at_80x24() {
    let mut app = two_grants("pull");
    choose_principal(&mut app, ROLE);
    keys(&mut app, "dd");
    let t = draw(&app, &Theme::color(), 80, 24);
    insta::assert_snapshot!("review_second_repository_policy_80x24", t.backend());
}

#[test]
fn a_repository_policy_has_no_name_line() {
    let mut app = complete_app();
    choose_principal(&mut app, ROLE);
    assert!(has(&review(&app), "Name: "));
    keys(&mut app, "d");
    assert!(!has(&review(&app), "Name: "), "{:?}", review(&app));
}

/// With the repository policy shown, `n` has nothing to name: the footer leaves it out and
/// the key says why instead of opening the prompt.
#[test]
fn no_name_key_for_a_repository_policy() {
    use crate::support::app::{draw, keys, rows, status};
    use ecr_policy::ui::Theme;

    let mut app = crate::support::app::complete_app();
    let footer = |app: &ecr_policy::app::App| {
        rows(draw(app, &Theme::color(), 200, 40).backend().buffer())
            .last()
            .cloned()
            .unwrap_or_default()
    };
    assert!(footer(&app).contains("n name"), "{}", footer(&app));
    keys(&mut app, "w");
    crate::support::app::paste(&mut app, "arn:aws:iam::222233334444:role/ci");
    keys(&mut app, "<enter>d");
    assert!(!footer(&app).contains("n name"), "{}", footer(&app));
    keys(&mut app, "n");
    assert_eq!(app.popup, None);
    assert!(status(&app).1.contains("has no name"), "{:?}", status(&app));
    keys(&mut app, "d");
    assert!(footer(&app).contains("n name"), "{}", footer(&app));
}

/// What `w` says counts the documents there are: a service has only the repository policy;
/// a role in another account has the identity policy plus one repository policy per set of
/// repositories given the same actions.
#[test]
fn choosing_who_says_how_many_documents_there_are() {
    let mut app = complete_app();
    choose_principal(&mut app, "lambda.amazonaws.com");
    let (_, text) = status(&app);
    assert!(text.contains("Only the repository policy"), "{text}");
    assert!(!text.contains("documents"), "{text}");

    let mut app = complete_app();
    choose_principal(&mut app, ROLE);
    assert!(
        status(&app).1.contains("2 documents: d steps"),
        "{:?}",
        status(&app)
    );

    let mut app = two_grants("pull");
    choose_principal(&mut app, ROLE);
    assert!(status(&app).1.contains("3 documents"), "{:?}", status(&app));
    // d steps through exactly that many before coming back.
    let first = app.derived.text.clone();
    let mut seen = vec![first.clone()];
    for _ in 0..3 {
        keys(&mut app, "d");
        seen.push(app.derived.text.clone());
    }
    assert_eq!(
        seen[3], first,
        "back to the identity policy after 3 presses"
    );
    assert!(
        seen[..3]
            .iter()
            .all(|t| seen[..3].iter().filter(|u| *u == t).count() == 1)
    );
}

/// Review's sentences for a repository policy, in every format and partition with or without a
/// console, read as written: no gap of several spaces inside a sentence (a string continued
/// without `\` keeps its source indentation).
#[test]
fn review_sentences_have_no_source_indentation_in_them() {
    for region in ["tokyo", "gov", "china", "iso"] {
        let mut app = App::new();
        keys(
            &mut app,
            &format!("{region}<enter>{ACCT}<enter>my-app<enter><enter><enter>"),
        );
        assert!(app.spec().is_some(), "{region}: {:?}", app.derived.missing);
        let partition = app.spec().map(|s| s.partition().arn.to_string());
        let role = format!(
            "arn:{}:iam::222233334444:role/ci",
            partition.as_deref().unwrap_or("aws")
        );
        choose_principal(&mut app, &role);
        keys(&mut app, "d");
        assert_eq!(ecr_policy::app::access::shown(&app), Document::Repository);
        for _ in 0..4 {
            for line in review(&app) {
                let inside = line.trim_start();
                assert!(!inside.contains("   "), "{region}: {line:?}");
            }
            keys(&mut app, "f");
        }
    }
}
