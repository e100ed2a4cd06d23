//! Importing policies back into the wizard's selection: any engine output round-trips to the
//! same text with nothing left out (property, 256 cases by default; set `PROPTEST_CASES`), each
//! preset imports to its own selection, and what cannot be carried over is listed, not dropped.

// A test crate: helpers outside #[test] functions may fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::strategies;

use ecr_policy::policy::audit::check::check_document;
use ecr_policy::policy::spec::tasks::{PRESETS, find_preset};
use ecr_policy::policy::{
    ActionSet, Imported, JsonStyle, SpecInput, import_document, parse_document, render, validate,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use strategies::{actions, config, repo};

const ACCT: &str = "123456789012";

/// A region from the data, or `*` with a partition.
fn region() -> impl Strategy<Value = (String, Option<String>)> {
    strategies::region().prop_map(|(code, partition, _)| (code, partition))
}

/// Tag conditions the wizard accepts: one value per key, no surrounding spaces.
fn tags() -> impl Strategy<Value = Vec<String>> {
    let key = "[A-Za-z0-9_.:/+@é-]{1,12}".prop_filter("aws: is reserved", |k| {
        !k.to_ascii_lowercase().starts_with("aws:")
    });
    let value = "([A-Za-z0-9_.:/=+@é-]([A-Za-z0-9 _.:/=+@é-]{0,10}[A-Za-z0-9_.:/=+@é-])?)?";
    prop::collection::btree_map(key, value, 0..=2)
        .prop_map(|m| m.into_iter().map(|(k, v)| format!("{k}={v}")).collect())
}

fn input() -> impl Strategy<Value = SpecInput> {
    (
        region(),
        "[0-9]{12}",
        prop::collection::vec(repo(), 1..=5),
        actions(),
        tags(),
    )
        .prop_map(
            |((region, partition), account, repositories, actions, tags)| SpecInput {
                region: Some(region),
                partition,
                account: Some(account),
                repositories,
                actions,
                tags,
            },
        )
}

fn import_text(text: &str) -> Imported {
    import_document(&parse_document(text).unwrap_or_else(|e| panic!("{e}:\n{text}")))
}

/// The selection as engine input; region and account come from `fallback` only when the
/// policy has no repository ARN to carry them (then it has no repository actions either).
fn rebuilt(im: &Imported, fallback: &SpecInput) -> SpecInput {
    let mut input = im.spec_input();
    if im.region.is_none() {
        input.region.clone_from(&fallback.region);
        input.partition.clone_from(&fallback.partition);
        input.account.clone_from(&fallback.account);
    }
    input
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn engine_output_imports_back_to_the_same_policy(input in input()) {
        let spec = validate(&input).unwrap_or_else(|e| panic!("{input:?} rejected: {e:?}"));
        for style in [JsonStyle::Pretty, JsonStyle::Compact] {
            let text = render(&spec, style);
            let im = import_text(&text);
            prop_assert!(im.left_out.is_empty(), "{:?}\n{}", im.left_out, text);
            prop_assert_eq!(im.actions, spec.actions);
            if spec.actions.repository_level().is_empty() {
                // Only "*" statements: no ARN says where the repositories are, and tag
                // conditions only ever go on repository statements.
                prop_assert!(im.region.is_none() && im.account.is_none());
                prop_assert!(im.tags.is_empty());
                prop_assert!(im.repositories.is_empty());
            } else {
                prop_assert_eq!(im.region.as_deref(), Some(spec.region.code.as_str()));
                prop_assert_eq!(im.partition.as_deref(), Some(spec.partition().arn));
                prop_assert_eq!(im.account.as_deref(), Some(spec.account.as_str()));
                prop_assert_eq!(&im.repositories, &spec.repositories);
                let want: Vec<(String, String)> =
                    spec.tags.iter().map(|t| (t.key.clone(), t.value.clone())).collect();
                prop_assert_eq!(&im.tags, &want);
            }
            let again = validate(&rebuilt(&im, &input))
                .unwrap_or_else(|e| panic!("{im:?} rejected: {e:?}"));
            prop_assert_eq!(render(&again, style), text);
        }
    }

    #[test]
    fn engine_output_only_ever_gets_completeness_and_size_findings(input in input()) {
        let spec = validate(&input).unwrap_or_else(|e| panic!("{e:?}"));
        let text = render(&spec, JsonStyle::Pretty);
        let findings = check_document(&parse_document(&text).unwrap());
        for f in findings {
            prop_assert!(
                ["push-incomplete", "pull-incomplete", "no-login", "size-over-quota", "region-no-ecr"]
                    .contains(&f.code),
                "{:?}\n{}", f, text
            );
        }
    }
}

fn spec_input(region: &str, repos: &[&str], actions: ActionSet) -> SpecInput {
    SpecInput {
        region: Some(region.to_string()),
        account: Some(ACCT.to_string()),
        repositories: repos.iter().map(ToString::to_string).collect(),
        actions,
        ..SpecInput::default()
    }
}

#[test]
fn every_preset_imports_to_its_own_selection() {
    for p in PRESETS {
        for (region, partition) in [
            ("us-east-1", "aws"),
            ("us-gov-east-1", "aws-us-gov"),
            ("cn-northwest-1", "aws-cn"),
            ("us-isob-east-1", "aws-iso-b"),
        ] {
            let repos = ["web", "team/*", "team/api"];
            let spec = validate(&spec_input(region, &repos, p.set())).unwrap();
            let im = import_text(&render(&spec, JsonStyle::Pretty));
            assert!(im.left_out.is_empty(), "{}: {:?}", p.id, im.left_out);
            assert_eq!(im.region.as_deref(), Some(region));
            assert_eq!(im.partition.as_deref(), Some(partition));
            assert_eq!(im.account.as_deref(), Some(ACCT));
            assert_eq!(im.repositories, ["team/*", "team/api", "web"]);
            assert_eq!(im.actions, p.set(), "{}", p.id);
        }
    }
}

/// A small policy as JSON text.
fn policy(statements: &Value) -> String {
    json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

fn arn(name: &str) -> String {
    format!("arn:aws:ecr:us-east-1:{ACCT}:repository/{name}")
}

fn mentions(im: &Imported, words: &[&str]) -> bool {
    im.left_out
        .iter()
        .any(|l| words.iter().all(|w| l.contains(w)))
}

#[test]
fn what_cannot_be_carried_over_is_listed() {
    let text = policy(&json!([
        {"Sid": "Login", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {"Sid": "Push", "Effect": "Allow", "Action": ["ecr:PutImage", "ecr:BatchGetImage"],
         "Resource": arn("web")},
        {"Sid": "Pull", "Effect": "Allow", "Action": "ecr:BatchGetImage", "Resource": arn("api")},
        {"Sid": "NoDelete", "Effect": "Deny", "Action": "ecr:BatchDeleteImage", "Resource": "*"},
        {"Sid": "Bucket", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Sid": "Other", "Effect": "Allow", "Action": "ecr:ListImages",
         "Resource": "arn:aws:ecr:eu-west-1:123456789012:repository/jobs"},
        {"Sid": "Ip", "Effect": "Allow", "Action": "ecr:DescribeImages", "Resource": arn("web"),
         "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}},
        {"Sid": "Token", "Effect": "Allow", "Action": "ecr:DescribeRegistry", "Resource": arn("web")},
        {"Sid": "Typo", "Effect": "Allow", "Action": "ecr:PullImage", "Resource": arn("web")},
        {"Sid": "Not", "Effect": "Allow", "NotAction": "ecr:DeleteRepository", "Resource": arn("web")}
    ]));
    let im = import_text(&text);
    assert_eq!(im.region.as_deref(), Some("us-east-1"), "{im:#?}");
    assert_eq!(im.repositories, ["api", "web"]);
    let want = ActionSet::of(&[
        "GetAuthorizationToken",
        "PutImage",
        "BatchGetImage",
        "DescribeImages",
    ]);
    assert_eq!(im.actions, want);
    let l = &im;
    assert!(
        mentions(l, &["ecr:PutImage was only on web", "every repository"]),
        "{l:?}"
    );
    assert!(
        mentions(l, &["ecr:DescribeImages was only on web"]),
        "{l:?}"
    );
    assert!(!mentions(l, &["ecr:BatchGetImage was only"]), "{l:?}");
    assert!(mentions(l, &["NoDelete", "Deny"]), "{l:?}");
    assert!(mentions(l, &["s3:GetObject"]), "{l:?}");
    assert!(mentions(l, &["repository/jobs", "us-east-1"]), "{l:?}");
    assert!(mentions(l, &["(Ip)", "aws:SourceIp"]), "{l:?}");
    assert!(mentions(l, &["ecr:DescribeRegistry", "\"*\""]), "{l:?}");
    assert!(mentions(l, &["ecr:PullImage"]), "{l:?}");
    assert!(mentions(l, &["(Not)", "NotAction"]), "{l:?}");
    assert!(mentions(l, &["ecr:ListImages not carried over"]), "{l:?}");
    assert_eq!(im.left_out.len(), 10, "{:#?}", im.left_out);
}

#[test]
fn repository_actions_on_star_become_repository_star_and_are_listed() {
    let text = policy(&json!([
        {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage"],
         "Resource": "*"},
        {"Effect": "Allow", "Action": "ecr:BatchGetImage", "Resource": arn("app")}
    ]));
    let im = import_text(&text);
    assert_eq!(im.repositories, ["*", "app"]);
    assert_eq!(
        im.actions,
        ActionSet::of(&["GetAuthorizationToken", "BatchGetImage"])
    );
    assert!(
        mentions(&im, &["ecr:BatchGetImage were on \"*\"", "repository *"]),
        "{:?}",
        im.left_out
    );
}

#[test]
fn wildcards_are_expanded_and_said_so() {
    let text = policy(&json!([
        {"Effect": "Allow", "Action": "ecr:Batch*", "Resource": arn("app")}
    ]));
    let im = import_text(&text);
    let batch: Vec<&str> = im.actions.iter().map(|a| a.info().name).collect();
    assert!(batch.contains(&"BatchGetImage") && batch.iter().all(|n| n.starts_with("Batch")));
    assert!(
        mentions(&im, &["ecr:Batch*", "expanded"]),
        "{:?}",
        im.left_out
    );
}

/// Engine output with the tag condition the engine is about to write on repository statements.
fn with_tags(text: &str, per_statement: &dyn Fn(usize) -> Option<Value>) -> String {
    let mut v: Value = serde_json::from_str(text).unwrap();
    for (i, st) in v["Statement"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        if st["Resource"] != "*"
            && let Some(c) = per_statement(i)
        {
            st["Condition"] = c;
        }
    }
    serde_json::to_string_pretty(&v).unwrap()
}

fn tag_condition(env: &str) -> Value {
    json!({"StringEquals": {"ecr:ResourceTag/team": "payments", "ecr:ResourceTag/env": env}})
}

#[test]
fn the_tag_condition_on_every_repository_statement_imports_as_tags() {
    let spec = validate(&spec_input(
        "eu-west-1",
        &["my-app"],
        find_preset("repo-admin").unwrap().set(),
    ))
    .unwrap();
    let text = render(&spec, JsonStyle::Pretty);
    let tagged = with_tags(&text, &|_| Some(tag_condition("prod")));
    assert!(
        tagged.matches("ecr:ResourceTag/team").count() >= 3,
        "{tagged}"
    );
    let im = import_text(&tagged);
    assert!(im.left_out.is_empty(), "{:?}", im.left_out);
    assert_eq!(
        im.tags,
        [
            ("env".to_string(), "prod".to_string()),
            ("team".to_string(), "payments".to_string())
        ]
    );
    assert_eq!(im.actions, spec.actions);

    // Different on one statement: not carried over, and said so.
    let mixed = with_tags(&text, &|i| {
        Some(tag_condition(if i == 3 { "dev" } else { "prod" }))
    });
    let im = import_text(&mixed);
    assert!(im.tags.is_empty());
    assert!(
        mentions(&im, &["tag condition", "not the same"]),
        "{:?}",
        im.left_out
    );

    // On the "*" statement (login): not ours, listed.
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["Statement"][0]["Condition"] = tag_condition("prod");
    let im = import_text(&v.to_string());
    assert!(
        mentions(&im, &["tag condition", "repository statements only"]),
        "{:?}",
        im.left_out
    );
}
