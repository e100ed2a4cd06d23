//! Importing one statement at a time: grants, kept statements, narrowing, fixes, Sids and tag
//! conditions, each listed in plain words.

use ecr_policy::policy::import::{Narrowing, Outcome, import_with};
use ecr_policy::policy::{ActionSet, Imported, JsonStyle, parse_document, render_policy};
use serde_json::{Value, json};

use super::import_props::{ACCT, all_actions, first, import_text, mentions};

/// A small policy as JSON text.
fn policy(statements: &Value) -> String {
    json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

fn arn(name: &str) -> String {
    format!("arn:aws:ecr:us-east-1:{ACCT}:repository/{name}")
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
