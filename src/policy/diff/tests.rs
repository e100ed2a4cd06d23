//! Tests of `diff`: what a change grants and takes away, reordering is no change, sentences by repository.

use super::words::sentences;
use super::*;
use crate::policy::import::document::parse_document;

const ARN: &str = "arn:aws:ecr:us-east-1:123456789012:repository";

fn doc(statements: &str) -> Document {
    parse_document(&format!(
        r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#
    ))
    .unwrap()
}

fn pull(repo: &str) -> String {
    format!(
        r#"{{"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "{ARN}/{repo}"}}"#
    )
}

const LOGIN: &str =
    r#"{"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}"#;

#[test]
fn reordering_statements_and_actions_is_no_change() {
    let old = doc(&format!("{LOGIN}, {}", pull("web")));
    let reordered = format!(
        r#"{{"Effect": "Allow", "Action": ["ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], "Resource": "{ARN}/web"}}, {LOGIN}"#
    );
    let c = diff(&old, &doc(&reordered));
    assert!(c.is_empty(), "{c:?}");
    assert!(sentences(&c).is_empty());
}

#[test]
fn added_access_is_new_access_in_words() {
    let old = doc(LOGIN);
    let new = doc(&format!("{LOGIN}, {}", pull("team/api")));
    let c = diff(&old, &new);
    assert!(c.new_access());
    assert_eq!(c.granted.len(), 2);
    assert_eq!(
        sentences(&c),
        vec!["Now: pull images from team/api (us-east-1, account 123456789012)"]
    );
}

#[test]
fn removed_access_is_a_change_but_not_new_access() {
    let c = diff(&doc(&format!("{LOGIN}, {}", pull("web"))), &doc(LOGIN));
    assert!(!c.is_empty() && !c.new_access());
    assert_eq!(
        sentences(&c),
        vec!["No longer: pull images from web (us-east-1, account 123456789012)"]
    );
}

#[test]
fn narrowing_a_pattern_takes_away_and_widening_grants() {
    let wide = doc(&pull("*"));
    let narrow = doc(&pull("team/*"));
    let narrowed = diff(&wide, &narrow);
    assert!(!narrowed.new_access(), "{narrowed:?}");
    assert_eq!(narrowed.revoked.len(), 2);
    assert!(sentences(&narrowed)[0].starts_with(
        "No longer: pull images from every repository in us-east-1 (account 123456789012)"
    ));
    let widened = diff(&narrow, &wide);
    assert!(widened.new_access());
    assert!(widened.revoked.is_empty());
}

#[test]
fn dropping_a_condition_or_a_deny_widens() {
    let cond = r#"{"Effect": "Allow", "Action": "ecr:PutImage", "Resource": "*",
        "Condition": {"StringEquals": {"ecr:ResourceTag/team": ["a", "b"]}}}"#;
    let plain = r#"{"Effect": "Allow", "Action": "ecr:PutImage", "Resource": "*"}"#;
    assert!(diff(&doc(cond), &doc(plain)).new_access());
    assert!(!diff(&doc(plain), &doc(cond)).new_access());
    // Condition values in another order are the same condition.
    let swapped = cond.replace(r#"["a", "b"]"#, r#"["b", "a"]"#);
    assert!(diff(&doc(cond), &doc(&swapped)).is_empty());
    let deny = r#"{"Effect": "Deny", "Action": "ecr:DeleteRepository", "Resource": "*"}"#;
    let lifted = diff(&doc(&format!("{plain}, {deny}")), &doc(plain));
    assert!(lifted.new_access());
    assert_eq!(lifted.undenied.len(), 1);
}

#[test]
fn what_matches_nothing_grants_nothing() {
    let uri = r#"{"Effect": "Allow", "Action": "ecr:BatchGetImage",
        "Resource": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web"}"#;
    let login_on_arn = format!(
        r#"{{"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "{ARN}/web"}}"#
    );
    assert!(
        diff(
            &doc(LOGIN),
            &doc(&format!("{LOGIN}, {uri}, {login_on_arn}"))
        )
        .is_empty()
    );
}
