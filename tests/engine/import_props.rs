//! Importing policies: any engine output imports to grants that render to the same text with
//! nothing left out (property, 256 cases by default; set `PROPTEST_CASES`), each preset imports
//! to its own grant, and what cannot be imported exactly is kept as written and listed.

// A test crate: helpers outside #[test] functions may fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::strategies;

use ecr_policy::policy::audit::check::check_document;
use ecr_policy::policy::spec::tasks::{PRESETS, find_preset};
use ecr_policy::policy::{
    ActionSet, Grant, Imported, JsonStyle, SpecInput, import_document, lint, parse_document,
    render, render_policy, validate,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use strategies::{actions, config, repo};

pub(crate) const ACCT: &str = "123456789012";

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

pub(crate) fn import_text(text: &str) -> Imported {
    import_document(&parse_document(text).unwrap_or_else(|e| panic!("{e}:\n{text}")))
}

/// The grant of the first statement that became one.
pub(crate) fn first(im: &Imported) -> &Grant {
    im.policy
        .grants
        .first()
        .unwrap_or_else(|| panic!("no grant: {im:#?}"))
}

/// Every action the import grants: the grants' and the registry-wide ones.
pub(crate) fn all_actions(im: &Imported) -> ActionSet {
    im.policy
        .grants
        .iter()
        .fold(im.policy.registry_actions, |a, g| a.union(g.actions))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn engine_output_imports_back_to_the_same_policy(input in input()) {
        let spec = validate(&input).unwrap_or_else(|e| panic!("{input:?} rejected: {e:?}"));
        for style in [JsonStyle::Pretty, JsonStyle::Compact] {
            let text = render(&spec, style);
            let im = import_text(&text);
            prop_assert!(im.left_out().is_empty(), "{:?}\n{}", im.left_out(), text);
            prop_assert!(im.policy.kept.is_empty());
            prop_assert_eq!(all_actions(&im), spec.actions);
            if spec.actions.repository_level().is_empty() {
                // Only "*" statements: no grant, no registry, no tags.
                prop_assert!(im.policy.grants.is_empty());
            } else {
                prop_assert_eq!(im.policy.grants.len(), 1);
                let g = first(&im);
                prop_assert_eq!(&g.region, &spec.region);
                prop_assert_eq!(&g.account, &spec.account);
                prop_assert_eq!(&g.repositories, &spec.repositories);
                prop_assert_eq!(&g.tags, &spec.tags);
            }
            prop_assert_eq!(render_policy(&im.policy, style), text);
        }
    }

    #[test]
    fn engine_output_only_ever_gets_completeness_size_and_generates_breadth_findings(
        input in input()
    ) {
        let spec = validate(&input).unwrap_or_else(|e| panic!("{e:?}"));
        let text = render(&spec, JsonStyle::Pretty);
        let findings = check_document(&parse_document(&text).unwrap());
        // Breadth is judged by one engine: check reports it only where generate does too.
        let linted: Vec<&str> = lint(&spec).iter().map(|f| f.code).collect();
        for f in findings {
            let completeness = ["push-incomplete", "pull-incomplete", "no-login", "size-over-quota",
                "size-over-all-quotas",
                "region-no-ecr"].contains(&f.code);
            let breadth = ["wildcard-write", "wildcard-region-write", "repository-policy-broad",
                "create-repository-on-star"].contains(&f.code);
            prop_assert!(
                completeness || (breadth && linted.contains(&f.code)),
                "{:?}\n{:?}\n{}", f, linted, text
            );
        }
    }
}

pub(crate) fn spec_input(region: &str, repos: &[&str], actions: ActionSet) -> SpecInput {
    SpecInput {
        region: Some(region.to_string()),
        account: Some(ACCT.to_string()),
        repositories: repos.iter().map(ToString::to_string).collect(),
        actions,
        ..SpecInput::default()
    }
}

#[test]
fn every_preset_imports_to_its_own_grant() {
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
            assert!(im.left_out().is_empty(), "{}: {:?}", p.id, im.left_out());
            let g = first(&im);
            assert_eq!(g.region.code, region);
            assert_eq!(g.partition().arn, partition);
            assert_eq!(g.account, ACCT);
            assert_eq!(g.repositories, ["team/*", "team/api", "web"]);
            assert_eq!(all_actions(&im), p.set(), "{}", p.id);
        }
    }
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

fn tag_pairs(g: &Grant) -> Vec<(String, String)> {
    g.tags
        .iter()
        .map(|t| (t.key.clone(), t.value.clone()))
        .collect()
}

#[test]
fn tag_conditions_import_per_statement() {
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
    assert!(im.left_out().is_empty(), "{:?}", im.left_out());
    assert_eq!(
        tag_pairs(first(&im)),
        [
            ("env".to_string(), "prod".to_string()),
            ("team".to_string(), "payments".to_string())
        ]
    );
    assert_eq!(all_actions(&im), spec.actions);

    // Different on one statement: two grants, each with its own condition.
    let mixed = with_tags(&text, &|i| {
        Some(tag_condition(if i == 3 { "dev" } else { "prod" }))
    });
    let im = import_text(&mixed);
    assert_eq!(im.policy.grants.len(), 2, "{im:#?}");
    assert!(im.policy.kept.is_empty());
    assert_eq!(tag_pairs(&im.policy.grants[1])[0].1, "dev");

    // On the "*" statement (login): the condition can never hold there, so it granted nothing.
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["Statement"][0]["Condition"] = tag_condition("prod");
    let im = import_text(&v.to_string());
    assert!(!im.policy.registry_actions.contains(
        ecr_policy::policy::spec::catalog::find_action("GetAuthorizationToken").unwrap()
    ));
    assert!(
        mentions(
            &im,
            &[
                "GetAuthorizationToken",
                "grant nothing under the tag condition"
            ]
        ),
        "{:?}",
        im.left_out()
    );
}

#[test]
fn policy_variables_in_kept_statements_of_a_legacy_policy_are_said() {
    let text = json!({"Version": "2008-10-17", "Statement": [
        {"Sid": "Own", "Effect": "Deny", "Action": "ecr:*",
         "NotResource": "arn:aws:ecr:*:*:repository/${aws:username}/*"}]})
    .to_string();
    let im = import_text(&text);
    assert!(
        mentions(&im, &["Version \"2008-10-17\" becomes 2012-10-17"]),
        "{:?}",
        im.left_out()
    );
    assert!(
        mentions(&im, &["statement 1 (Own) contains ${…}", "policy variable"]),
        "{:?}",
        im.left_out()
    );
}

/// Whether some listed line contains every word.
pub(crate) fn mentions(im: &Imported, words: &[&str]) -> bool {
    im.left_out()
        .iter()
        .any(|l| words.iter().all(|w| l.contains(w)))
}
