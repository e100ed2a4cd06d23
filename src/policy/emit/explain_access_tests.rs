//! Tests for the plain words about repository policies and ECR Public policies.

use super::*;
use crate::policy::emit::repository_docs::repository_documents;
use crate::policy::emit::repository_policy::build_repository_policy;
use crate::policy::spec::model::{Spec, SpecInput, validate};
use crate::policy::spec::principal::parse_principal;
use crate::policy::spec::public::{PublicInput, validate_public};
use crate::policy::spec::tasks::find_preset;

fn grant(repos: &[&str], preset: &str) -> Spec {
    validate(&SpecInput {
        region: Some("eu-west-1".into()),
        account: Some("111122223333".into()),
        repositories: repos.iter().map(|s| (*s).to_string()).collect(),
        actions: find_preset(preset).unwrap().set(),
        ..SpecInput::default()
    })
    .unwrap()
}

fn summary(who: &str, grants: &[Spec]) -> Vec<String> {
    let p = if who.starts_with("o-") {
        Principal::Organization(who.to_string())
    } else {
        parse_principal(who).unwrap()
    };
    let docs = repository_documents(grants, &p);
    let policy = build_repository_policy(docs[0].target(), &p).unwrap();
    repository_capabilities(&policy, &p, &docs[0])
}

#[test]
fn a_role_in_another_account_pulls_from_the_repositories() {
    let lines = summary(
        "arn:aws:iam::222233334444:role/ci",
        &[grant(&["web", "api"], "pull")],
    );
    assert_eq!(
        lines[0],
        "Role ci in account 222233334444 can, in account 111122223333 (eu-west-1):"
    );
    assert_eq!(lines[1], "Pull images from repositories api and web");
    assert!(
        lines.iter().all(|l| !l.contains("registry token")),
        "{lines:?}"
    );
    assert!(
        lines.last().unwrap().contains("identity policy"),
        "{lines:?}"
    );
}

#[test]
fn an_organisation_and_an_account_read_as_any_role_or_user() {
    let lines = summary("o-a1b2c3d4e5", &[grant(&["web"], "push")]);
    assert!(
        lines[0].starts_with("Any role or user in organisation o-a1b2c3d4e5 can"),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Push images to repository web")),
        "{lines:?}"
    );
    let lines = summary("222233334444", &[grant(&["web"], "pull")]);
    assert!(
        lines[0].starts_with("Any role or user in account 222233334444"),
        "{lines:?}"
    );
}

#[test]
fn lambda_reads_as_functions_limited_by_their_source_arn() {
    let lines = summary("lambda.amazonaws.com", &[grant(&["web"], "pull")]);
    assert_eq!(
        lines[0],
        "Lambda functions in account 111122223333 (aws:sourceArn \
         arn:aws:lambda:eu-west-1:111122223333:function:*) can, in account 111122223333 \
         (eu-west-1):"
    );
    assert!(
        lines[1].starts_with("Pull images from repository web"),
        "{lines:?}"
    );
    assert_eq!(lines.len(), 2, "{lines:?}");
}

#[test]
fn the_public_push_policy_reads_as_login_and_push_on_region_less_arns() {
    let spec = validate_public(&PublicInput {
        account: Some("111122223333".into()),
        repositories: vec!["web".into()],
        preset: Some("push".into()),
        ..PublicInput::default()
    })
    .unwrap();
    let lines = public_capabilities(&spec);
    assert!(lines[0].contains("Amazon ECR Public (account 111122223333)"));
    assert!(
        lines[1].starts_with("Log in to public.ecr.aws"),
        "{lines:?}"
    );
    assert_eq!(
        lines[2],
        "Push images to arn:aws:ecr-public::111122223333:repository/web"
    );
    let pull = validate_public(&PublicInput {
        account: Some("111122223333".into()),
        preset: Some("pull".into()),
        ..PublicInput::default()
    })
    .unwrap();
    assert_eq!(public_capabilities(&pull).len(), 2);
}
