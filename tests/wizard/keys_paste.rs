//! Key-sequence tests of input from outside the keyboard: bracketed paste of image URIs, ARNs and
//! plain text, and an app prefilled from the command line. The state and the effects are checked.
//! No terminal involved.

// All of this file is test code; clippy's `allow-*-in-tests` only covers `#[test]` functions,
// not the helpers beside them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::app as support;

use ecr_policy::app::prefill::Prefill;
use ecr_policy::app::regions::RegionEntry;
use ecr_policy::app::state::{StatusKind, StepState};
use ecr_policy::app::{App, Step};
use ecr_policy::policy::ActionSet;
use support::{ACCT, keys, paste, status};

// ---------------------------------------------------------------- paste

const URI: &str = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:latest";

#[test]
fn pasting_an_image_uri_on_the_region_step_fills_account_region_and_repository() {
    let mut app = App::new();
    assert!(paste(&mut app, URI).is_empty());
    assert_eq!(app.valid_account().as_deref(), Some(ACCT));
    let region = app.region.choice.as_ref().expect("region filled");
    assert_eq!(
        (region.code.as_str(), region.partition.arn),
        ("eu-west-1", "aws")
    );
    assert_eq!(app.repos.list, ["web"]);
    assert_eq!(
        app.region.query.text(),
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
    let err = app.repos.error.clone().expect("refused");
    let msg = err.to_string();
    assert!(msg.contains("111111111111") && msg.contains(ACCT), "{msg}");
    assert_eq!(
        app.account.input.text(),
        "111111111111",
        "the account entered is kept"
    );
    assert_eq!(
        app.region.choice.as_ref().map(|r| r.code.as_str()),
        Some("ap-northeast-1")
    );
    assert!(app.repos.list.is_empty());
    assert_eq!(
        app.step,
        Step::Repositories,
        "shown where repository errors show"
    );
    assert_eq!(
        app.repos.input.text(),
        URI,
        "the pasted text is kept to fix"
    );
}

#[test]
fn pasting_a_uri_that_contradicts_the_region_is_refused() {
    let mut app = App::new();
    keys(&mut app, &format!("tokyo<enter>{ACCT}"));
    paste(&mut app, URI);
    let msg = app.repos.error.clone().expect("refused").to_string();
    assert!(
        msg.contains("eu-west-1") && msg.contains("ap-northeast-1"),
        "{msg}"
    );
    assert!(app.repos.list.is_empty());
    assert_eq!(
        app.region.choice.as_ref().map(|r| r.code.as_str()),
        Some("ap-northeast-1")
    );
    assert_eq!(app.repos.input.text(), URI);
}

#[test]

fn pasting_a_refused_uri_on_the_repositories_step_shows_why() {
    let mut app = App::new();
    keys(&mut app, &format!("tokyo<enter>{ACCT}<enter>"));
    assert_eq!(app.step, Step::Repositories);
    paste(&mut app, URI);
    assert!(app.repos.list.is_empty());
    assert_eq!(
        app.repos.input.text(),
        URI,
        "the pasted text is kept to fix"
    );
    let msg = app
        .repos
        .error
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
    let msg = app.repos.error.clone().expect("refused").to_string();
    assert!(
        msg.contains("aws-us-gov") && msg.contains("us-gov-west-1"),
        "{msg}"
    );
    assert_eq!(app.region.choice, None);
    assert!(
        app.account.input.is_empty(),
        "nothing filled from a refused ARN"
    );
    assert!(app.repos.list.is_empty());
    assert_eq!(app.repos.input.text(), arn);
}

#[test]
fn pasting_plain_text_types_it_into_the_focused_field() {
    let mut app = App::new();
    paste(&mut app, "frankfurt\n");
    assert_eq!(app.region.query.text(), "frankfurt", "line breaks dropped");
    assert_eq!(
        app.highlighted_region().map(RegionEntry::code),
        Some("eu-central-1")
    );
    keys(&mut app, "<enter>");
    paste(&mut app, "1234 5678 9012");
    assert_eq!(app.valid_account().as_deref(), Some(ACCT));
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
    assert_eq!(app.account.input.text(), "12345");
    assert!(app.account.tried, "shown as an error, not a hint");
    assert_eq!(app.step_state(Step::Account), StepState::Invalid);
    assert!(
        app.account_error()
            .is_some_and(|e| e.message.contains("5 digits"))
    );
    assert_eq!(app.repos.list, ["web"], "the rest is kept");
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
    assert_eq!(app.region.choice, None);
    assert_eq!(
        app.region.query.text(),
        "tokio",
        "the bad region waits in the search"
    );
    assert_eq!(app.repos.list, ["api"]);
    assert_eq!(app.repos.input.text(), "Web");
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
        app.region.choice.as_ref().map(|r| r.code.as_str()),
        Some("eu-west-1")
    );
    assert_eq!(
        app.actions.set,
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
    assert_eq!(app.region.choice.as_ref().unwrap().code, "us-east-1");
    // Searching and clearing the search brings the cursor back to the chosen region too.
    keys(&mut app, "<s-tab>tokyo<c-u><enter>");
    assert_eq!(app.region.choice.as_ref().unwrap().code, "us-east-1");
}
