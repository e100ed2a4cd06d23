//! `--from FILE`: an existing policy opens in the wizard (and feeds `generate`); what cannot be
//! carried over is listed on the review step and on stderr, never dropped silently.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::app as support;

use std::fs;

use assert_cmd::cargo::cargo_bin_cmd;
use ecr_policy::app::prefill::Prefill;
use ecr_policy::app::{App, Step};
use ecr_policy::policy::spec::tasks::find_preset;
use ecr_policy::policy::{JsonStyle, SpecInput, import_document, parse_document, render, validate};
use ecr_policy::ui::Theme;
use support::{draw, rows};

const ACCT: &str = "123456789012";

fn engine_text(region: &str, repos: &[&str], preset: &str, tags: &[&str]) -> String {
    let spec = validate(&SpecInput {
        region: Some(region.into()),
        account: Some(ACCT.into()),
        repositories: repos.iter().map(|s| (*s).to_string()).collect(),
        actions: find_preset(preset).unwrap().set(),
        tags: tags.iter().map(|s| (*s).to_string()).collect(),
        ..SpecInput::default()
    })
    .unwrap();
    render(&spec, JsonStyle::Pretty)
}

fn imported_app(text: &str, cli: Prefill) -> App {
    let im = import_document(&parse_document(text).unwrap());
    App::prefilled(&Prefill::from_import(&im, "old.json", cli))
}

fn screen(app: &App) -> String {
    rows(draw(app, &Theme::color(), 140, 60).backend().buffer()).join("\n")
}

#[test]
fn an_engine_policy_opens_on_review_exactly_as_it_was() {
    for (region, repos, preset, tags) in [
        (
            "us-gov-west-1",
            &["team/api", "team/worker"][..],
            "pull",
            &[][..],
        ),
        (
            "cn-north-1",
            &["app"][..],
            "push-pull-list",
            &["team=payments"][..],
        ),
        (
            "eu-west-1",
            &["svc-*"][..],
            "read-only",
            &["env=prod", "cost:center=a/b"][..],
        ),
    ] {
        let text = engine_text(region, repos, preset, tags);
        let app = imported_app(&text, Prefill::default());
        assert_eq!(
            app.step,
            Step::Review,
            "{region}: {:?}",
            app.derived.missing
        );
        assert_eq!(app.derived.text, text, "{region}");
        let shown = screen(&app);
        assert!(
            shown.contains("✓ Imported from old.json: everything was carried over."),
            "{shown}"
        );
    }
}

#[test]
fn what_cannot_be_carried_over_is_listed_on_review() {
    let text = r#"{
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken"], "Resource": "*"},
            {"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
             "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/app"},
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Deny", "Action": "ecr:DeleteRepository", "Resource": "*"}
        ]
    }"#;
    let app = imported_app(text, Prefill::default());
    let notes = app.imported.clone().unwrap();
    assert!(notes.left_out.len() >= 2, "{:?}", notes.left_out);
    assert!(notes.left_out.iter().any(|l| l.contains("s3:GetObject")));
    assert!(notes.left_out.iter().any(|l| l.contains("Deny")));
    assert_eq!(app.step, Step::Review);
    let shown = screen(&app);
    assert!(
        shown.contains(&format!(
            "⚠ Imported from old.json; not carried over as written ({}):",
            notes.left_out.len()
        )),
        "{shown}"
    );
    assert!(shown.contains("s3:GetObject"), "{shown}");
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("not carried over as written, listed on the Review step")
    );
    // What became a grant is in the policy, and so are the statements kept as written.
    assert!(app.derived.text.contains("ecr:BatchGetImage"));
    assert!(
        app.derived.text.contains("\"s3:GetObject\""),
        "{}",
        app.derived.text
    );
    assert!(
        app.derived.text.contains("\"Deny\""),
        "{}",
        app.derived.text
    );
    assert!(notes.left_out.iter().any(|l| l.contains("kept as written")));
}

#[test]
fn command_line_values_win_and_repositories_add_up() {
    let text = engine_text("us-east-1", &["app"], "pull", &[]);
    let app = imported_app(
        &text,
        Prefill {
            region: Some("eu-central-1".into()),
            repos: vec!["extra".into()],
            preset: Some("push".into()),
            ..Prefill::default()
        },
    );
    let spec = app.spec().unwrap();
    assert_eq!(spec.region.code, "eu-central-1");
    assert_eq!(spec.repositories, ["app", "extra"]);
    assert_eq!(spec.actions, find_preset("push").unwrap().set());
}

fn cli(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut cmd = cargo_bin_cmd!("ecr-policy");
    cmd.env_remove("ECR_POLICY_VERBOSE").args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn generate_from_a_file_reproduces_it_and_notes_what_was_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let text = engine_text("us-gov-east-1", &["a1", "b/*"], "power-user", &["team=x"]);
    let path = dir.path().join("old policy.json");
    fs::write(&path, &text).unwrap();
    let (code, out, err) = cli(&["generate", "--from", path.to_str().unwrap()], None);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("{text}\n"));
    assert!(!err.contains("not carried over"), "{err}");

    let wrapped = format!(
        r#"{{"Policy": {{"PolicyDocument": {}}}}}"#,
        text.replace(
            "\"Resource\": \"*\"",
            "\"Resource\": \"*\", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"true\"}}"
        )
    );
    let (code, out, err) = cli(&["generate", "--from", "-"], Some(&wrapped));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("note: from standard input: statement 1 (RegistryLogin): kept as written"),
        "{err}"
    );
    assert!(err.contains("aws:SecureTransport"), "{err}");
    assert!(out.contains("ecr:ResourceTag/team"), "{out}");
    // The statement with the condition is carried as written, condition and all.
    assert!(out.contains("\"aws:SecureTransport\": \"true\""), "{out}");
}

#[test]
fn an_unreadable_from_file_stops_before_anything_opens() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.json");
    for args in [
        vec!["--from", missing.to_str().unwrap()],
        vec!["generate", "--from", missing.to_str().unwrap()],
    ] {
        let (code, out, err) = cli(&args, None);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty());
        assert!(err.contains("could not read the file"), "{err}");
    }
    let (code, _, err) = cli(
        &["--from", "-"],
        Some("{\n  \"Version\": \"2012-10-17\",\n  oops\n}"),
    );
    assert_eq!(code, 2);
    assert!(err.contains("line 3, column"), "{err}");
}

#[test]
fn a_govcloud_arn_with_the_commercial_partition_is_a_fix_offered_then_applied() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
         "Resource": "arn:aws:ecr:us-gov-west-1:123456789012:repository/app"}]}"#;
    // As written the ARN never matches: correcting it would grant more, so it is only offered.
    let app = imported_app(text, Prefill::default());
    assert!(app.spec().is_none(), "no repository grant without the fix");
    let notes = &app.imported.as_ref().unwrap().left_out;
    assert!(
        notes.iter().any(|n| n.contains("never matches")
            && n.contains("region us-gov-west-1 is in partition aws-us-gov")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("fix offered")), "{notes:?}");
    // --fix applies it.
    let doc = parse_document(text).unwrap();
    let im = ecr_policy::policy::import::import_with(
        &doc,
        &ecr_policy::policy::import::Narrowing::default(),
        true,
    );
    let app = App::prefilled(&Prefill::from_import(&im, "old.json", Prefill::default()));
    let spec = app
        .spec()
        .expect("region, account and repository carried over");
    assert_eq!(spec.partition().arn, "aws-us-gov");
    assert_eq!(spec.repositories, ["app"]);
    assert!(
        app.derived
            .text
            .contains("arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/app")
    );
    let notes = &app.imported.as_ref().unwrap().left_out;
    assert!(
        notes
            .iter()
            .any(|n| n.contains("fix applied") && n.contains("arn:aws-us-gov")),
        "{notes:?}"
    );
}

#[test]
fn a_region_given_with_the_file_lists_the_statement_it_moved() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "Pull", "Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
         "Resource": "arn:aws-cn:ecr:cn-north-1:123456789012:repository/app"}]}"#;
    let cli = Prefill {
        region: Some("us-east-1".into()),
        ..Prefill::default()
    };
    let app = imported_app(text, cli);
    let notes = &app.imported.as_ref().unwrap().left_out;
    assert!(
        notes.iter().any(|n| n
            == "statement 1 (Pull) moved from cn-north-1 to us-east-1, and so from partition \
                aws-cn to aws (the partition of us-east-1): its ARNs are written arn:aws:…"),
        "{notes:?}"
    );
    assert!(
        app.derived
            .text
            .contains("arn:aws:ecr:us-east-1:123456789012:repository/app"),
        "{}",
        app.derived.text
    );
}
