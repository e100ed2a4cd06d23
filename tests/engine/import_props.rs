//! Importing policies: any engine output imports to grants that render to the same text with
//! nothing left out (property, 256 cases by default; set `PROPTEST_CASES`), each preset imports
//! to its own grant, and what cannot be imported exactly is kept as written and listed.

// A test crate: helpers outside #[test] functions may fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::strategies;

use ecr_policy::policy::audit::check::check_document;
use ecr_policy::policy::import::{Narrowing, Outcome, import_with};
use ecr_policy::policy::spec::tasks::{PRESETS, find_preset};
use ecr_policy::policy::{
    ActionSet, Grant, Imported, JsonStyle, SpecInput, import_document, lint, parse_document,
    render, render_policy, validate,
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

/// The grant of the first statement that became one.
fn first(im: &Imported) -> &Grant {
    im.policy
        .grants
        .first()
        .unwrap_or_else(|| panic!("no grant: {im:#?}"))
}

/// Every action the import grants: the grants' and the registry-wide ones.
fn all_actions(im: &Imported) -> ActionSet {
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

/// A small policy as JSON text.
fn policy(statements: &Value) -> String {
    json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

fn arn(name: &str) -> String {
    format!("arn:aws:ecr:us-east-1:{ACCT}:repository/{name}")
}

fn mentions(im: &Imported, words: &[&str]) -> bool {
    im.left_out()
        .iter()
        .any(|l| words.iter().all(|w| l.contains(w)))
}

fn kept_sids(im: &Imported) -> Vec<&str> {
    im.policy
        .kept
        .iter()
        .map(|k| k.sid.as_deref().unwrap_or(""))
        .collect()
}

#[test]
fn each_statement_becomes_grants_or_is_kept_and_listed() {
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
    // Per-repository action splits stay split: nothing is granted on more repositories.
    let grants: Vec<(&str, Vec<&str>, ActionSet)> = im
        .policy
        .grants
        .iter()
        .map(|g| {
            (
                g.region.code.as_str(),
                g.repositories.iter().map(String::as_str).collect(),
                g.actions,
            )
        })
        .collect();
    assert_eq!(
        grants,
        [
            (
                "us-east-1",
                vec!["web"],
                ActionSet::of(&["PutImage", "BatchGetImage"])
            ),
            ("us-east-1", vec!["api"], ActionSet::of(&["BatchGetImage"])),
            ("eu-west-1", vec!["jobs"], ActionSet::of(&["ListImages"])),
        ]
    );
    assert_eq!(
        im.policy.registry_actions,
        ActionSet::of(&["GetAuthorizationToken"])
    );
    assert_eq!(kept_sids(&im), ["NoDelete", "Bucket", "Ip", "Not"]);
    let outcome = |sid: &str| {
        im.statements
            .iter()
            .find(|s| s.sid.as_deref() == Some(sid))
            .unwrap()
            .outcome
            .clone()
    };
    assert_eq!(outcome("Typo"), Outcome::Nothing);
    assert_eq!(outcome("Token"), Outcome::Nothing);
    assert_eq!(outcome("Push"), Outcome::Exact);
    let l = &im;
    assert!(
        mentions(l, &["(NoDelete)", "Deny", "kept as written"]),
        "{:?}",
        l.left_out()
    );
    assert!(
        mentions(l, &["(Bucket)", "s3:GetObject"]),
        "{:?}",
        l.left_out()
    );
    assert!(mentions(l, &["(Ip)", "aws:SourceIp"]), "{:?}", l.left_out());
    assert!(mentions(l, &["(Not)", "NotAction"]), "{:?}", l.left_out());
    assert!(
        mentions(l, &["(Typo)", "ecr:PullImage", "granted nothing"]),
        "{:?}",
        l.left_out()
    );
    assert!(
        mentions(l, &["(Token)", "DescribeRegistry", "only works on \"*\""]),
        "{:?}",
        l.left_out()
    );
    assert!(
        mentions(
            l,
            &["(Token)", "fix offered", "ecr:DescribeRegistry on \"*\""]
        ),
        "{:?}",
        l.left_out()
    );
    // The kept statements are in the output exactly as parsed, after the grants.
    let out: Value = serde_json::from_str(&render_policy(&im.policy, JsonStyle::Pretty)).unwrap();
    let original: Value = serde_json::from_str(&text).unwrap();
    let statements = out["Statement"].as_array().unwrap();
    for (k, i) in [(4, 3), (3, 4), (2, 6), (1, 9)] {
        assert_eq!(
            statements[statements.len() - k],
            original["Statement"][i],
            "{out:#}"
        );
    }
}

#[test]
fn repository_actions_on_star_are_kept_or_narrowed_when_asked() {
    let text = policy(&json!([
        {"Sid": "Pull", "Effect": "Allow",
         "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage"], "Resource": "*"},
        {"Effect": "Allow", "Action": "ecr:BatchGetImage", "Resource": arn("app")}
    ]));
    let im = import_text(&text);
    assert_eq!(kept_sids(&im), ["Pull"]);
    assert!(
        mentions(&im, &["statement 1 (Pull)", "on \"*\"", "give --account"]),
        "{:?}",
        im.left_out()
    );
    let doc = parse_document(&text).unwrap();
    let narrow = Narrowing {
        account: Some(ACCT.to_string()),
        region: ecr_policy::policy::spec::region::resolve_region("us-east-1", None).ok(),
        partition: None,
    };
    let im = import_with(&doc, &narrow, false);
    assert!(im.policy.kept.is_empty(), "{im:#?}");
    assert_eq!(first(&im).repositories, ["*", "app"]);
    assert_eq!(first(&im).region.code, "us-east-1");
    assert_eq!(
        all_actions(&im),
        ActionSet::of(&["GetAuthorizationToken", "BatchGetImage"])
    );
    assert_eq!(im.statements[0].outcome, Outcome::Narrowed);
    assert!(
        mentions(
            &im,
            &[
                "(Pull)",
                "narrowed to arn:aws:ecr:us-east-1:123456789012:repository/*"
            ]
        ),
        "{:?}",
        im.left_out()
    );
}

#[test]
fn account_and_region_patterns_say_which_statement_and_how_to_narrow() {
    let text = policy(&json!([
        {"Sid": "Pull", "Effect": "Allow", "Action": "ecr:BatchGetImage",
         "Resource": "arn:aws:ecr:us-*:*:repository/app"}
    ]));
    let im = import_text(&text);
    assert!(
        mentions(
            &im,
            &[
                "statement 1 (Pull)",
                "account `*`",
                "give --account to narrow it"
            ]
        ),
        "{:?}",
        im.left_out()
    );
    let doc = parse_document(&text).unwrap();
    let region = |r| ecr_policy::policy::spec::region::resolve_region(r, None).ok();
    // A region outside the pattern would widen: kept.
    let elsewhere = Narrowing {
        account: Some(ACCT.to_string()),
        region: region("eu-west-1"),
        partition: None,
    };
    assert_eq!(import_with(&doc, &elsewhere, false).policy.kept.len(), 1);
    let inside = Narrowing {
        region: region("us-west-2"),
        ..elsewhere
    };
    let im = import_with(&doc, &inside, false);
    assert_eq!(first(&im).region.code, "us-west-2");
    assert_eq!(first(&im).account, ACCT);
}

#[test]
fn wildcards_are_expanded_to_actions_valid_on_the_resources_and_said_so() {
    let text = policy(&json!([
        {"Effect": "Allow", "Action": ["ecr:Batch*", "ecr:GetAuthorizationToken"],
         "Resource": arn("app")}
    ]));
    let im = import_text(&text);
    let batch: Vec<&str> = first(&im).actions.iter().map(|a| a.info().name).collect();
    assert!(batch.contains(&"BatchGetImage") && batch.iter().all(|n| n.starts_with("Batch")));
    assert!(im.policy.registry_actions.is_empty());
    assert!(
        mentions(&im, &["ecr:Batch*", "expanded"]),
        "{:?}",
        im.left_out()
    );
    assert!(
        mentions(&im, &["GetAuthorizationToken", "granted nothing"]),
        "{:?}",
        im.left_out()
    );
}

#[test]
fn fixes_that_widen_are_only_applied_when_asked() {
    let text = policy(&json!([
        {"Sid": "Login", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": arn("app")},
        {"Sid": "Gov", "Effect": "Allow", "Action": "ecr:BatchGetImage",
         "Resource": format!("arn:aws:ecr:us-gov-west-1:{ACCT}:repository/app")}
    ]));
    let doc = parse_document(&text).unwrap();
    let offered = import_with(&doc, &Narrowing::default(), false);
    assert!(offered.policy.grants_nothing(), "{offered:#?}");
    assert_eq!(offered.fixes.len(), 2);
    let fixed = import_with(&doc, &Narrowing::default(), true);
    assert_eq!(
        all_actions(&fixed),
        ActionSet::of(&["GetAuthorizationToken", "BatchGetImage"])
    );
    assert_eq!(first(&fixed).partition().arn, "aws-us-gov");
    assert!(
        mentions(&fixed, &["(Gov)", "fix applied", "arn:aws-us-gov:ecr"]),
        "{:?}",
        fixed.left_out()
    );
}

#[test]
fn kept_sids_stay_and_ours_are_numbered() {
    let text = policy(&json!([
        {"Sid": "RegistryLogin", "Effect": "Deny", "Action": "ecr:*", "Resource": "*",
         "Condition": {"StringEquals": {"aws:ResourceTag/locked": "true"}}},
        {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}
    ]));
    let im = import_text(&text);
    let out: Value = serde_json::from_str(&render_policy(&im.policy, JsonStyle::Pretty)).unwrap();
    let sids: Vec<&str> = out["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Sid"].as_str().unwrap())
        .collect();
    assert_eq!(sids, ["RegistryLogin2", "RegistryLogin"]);
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

#[test]
fn registry_actions_a_wildcard_matches_on_an_arn_are_noted_not_offered() {
    let text = policy(&json!([
        {"Sid": "All", "Effect": "Allow", "Action": "ecr:*", "Resource": arn("app")}
    ]));
    let im = import_text(&text);
    assert!(first(&im).actions.star_only().is_empty());
    assert_eq!(
        first(&im).actions,
        ActionSet::of(&[]).union(all_actions(&im))
    );
    assert!(im.fixes.is_empty(), "{:?}", im.fixes);
    let every: ActionSet = ecr_policy::policy::ActionId::all().collect();
    let repo_level = every.repository_level().len();
    assert_eq!(first(&im).actions, every.repository_level());
    assert!(
        mentions(
            &im,
            &[
                "ecr:*",
                &format!("expanded to the {repo_level} ECR actions")
            ]
        ),
        "{:?}",
        im.left_out()
    );
    assert!(
        mentions(
            &im,
            &["registry-wide actions the wildcard matches grant nothing"]
        ),
        "{:?}",
        im.left_out()
    );
}

#[test]
fn a_sid_two_kept_statements_repeat_is_said() {
    let text = policy(&json!([
        {"Sid": "Guard", "Effect": "Deny", "Action": "ecr:DeleteRepository", "Resource": "*"},
        {"Sid": "Guard", "Effect": "Deny", "Action": "ecr:BatchDeleteImage", "Resource": "*"}
    ]));
    let im = import_text(&text);
    assert_eq!(kept_sids(&im), ["Guard", "Guard"]);
    assert!(
        mentions(&im, &["statements 1 and 2", "Sid Guard", "rename one"]),
        "{:?}",
        im.left_out()
    );
}
