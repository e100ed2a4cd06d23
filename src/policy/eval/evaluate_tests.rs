//! The combination, case by case, each citing the rule of AWS's documentation it follows
//! (docs/sources.md, "Evaluation").

use serde_json::{Value, json};

use super::*;
use crate::policy::eval::context::Context;
use crate::policy::eval::documents::{Level, RegistryScope};
use crate::policy::eval::policy::Policy;

const A: &str = "111111111111";
const B: &str = "222222222222";

fn repo(account: &str) -> String {
    format!("arn:aws:ecr:us-east-1:{account}:repository/web")
}

fn doc(label: &str, v: &Value) -> Doc {
    Doc::new(label, Policy::from_value(v).unwrap())
}

fn allow_all(label: &str) -> Doc {
    doc(
        label,
        &json!({"Version": "2012-10-17", "Statement": [{"Sid": "All", "Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]}),
    )
}

fn allow_only(label: &str, action: &str) -> Doc {
    doc(
        label,
        &json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}),
    )
}

fn resource_policy(label: &str, principal: &Value) -> Doc {
    doc(
        label,
        &json!({"Version": "2012-10-17", "Statement": [{"Sid": "Pull", "Effect": "Allow", "Principal": principal, "Action": "ecr:BatchGetImage"}]}),
    )
}

fn session() -> Principal {
    Principal::parse("arn:aws:sts::111111111111:assumed-role/ci/build").unwrap()
}

fn user() -> Principal {
    Principal::parse("arn:aws:iam::111111111111:user/alice").unwrap()
}

fn pull(p: Principal, account: &str) -> Request {
    Request::new(p, "ecr:BatchGetImage", &repo(account)).unwrap()
}

fn verdict(docs: &DocumentSet, r: &Request) -> Verdict {
    evaluate(docs, r).verdict
}

#[test]
fn same_account_identity_or_resource_policy() {
    // "If either the identity-based policy or the resource-based policy within the same account
    // allows the request and the other doesn't, the request is still allowed."
    let id_only = DocumentSet {
        identity: vec![allow_all("ci")],
        ..DocumentSet::default()
    };
    let d = evaluate(&id_only, &pull(session(), A));
    assert_eq!(d.verdict, Verdict::Allowed);
    assert!(d.same_account);
    assert_eq!(d.allows.len(), 1);
    assert_eq!(
        d.allows[0].to_string(),
        "identity-based policy `ci`, statement 1 (Sid `All`)"
    );
    let repo_only = DocumentSet {
        repository: Some(resource_policy(
            "web",
            &json!({"AWS": "arn:aws:iam::111111111111:role/ci"}),
        )),
        ..DocumentSet::default()
    };
    assert_eq!(verdict(&repo_only, &pull(session(), A)), Verdict::Allowed);
    let neither = DocumentSet::default();
    let d = evaluate(&neither, &pull(session(), A));
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert_eq!(
        d.gaps.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "no identity-based policy allows it",
            "there is no repository or registry policy"
        ]
    );
}

#[test]
fn same_account_grant_to_the_account_is_a_delegation() {
    // "If you reference an AWS account as principal, it generally means any principal defined
    // within that account" — whose own policies then decide.
    let docs = DocumentSet {
        repository: Some(resource_policy("web", &json!({"AWS": A}))),
        ..DocumentSet::default()
    };
    let d = evaluate(&docs, &pull(session(), A));
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert!(d.gaps.contains(&Gap::AccountOnly));
    let with_identity = DocumentSet {
        identity: vec![allow_all("ci")],
        ..docs
    };
    assert_eq!(
        verdict(&with_identity, &pull(session(), A)),
        Verdict::Allowed
    );
}

#[test]
fn cross_account_needs_both_sides() {
    // "The request is allowed only if both evaluations return a decision of Allow."
    let id_only = DocumentSet {
        identity: vec![allow_all("ci")],
        ..DocumentSet::default()
    };
    let d = evaluate(&id_only, &pull(session(), B));
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert!(!d.same_account);
    assert_eq!(
        d.gaps.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["there is no repository or registry policy: cross-account needs both"]
    );
    for principal in [
        json!({"AWS": A}),
        json!({"AWS": format!("arn:aws:iam::{A}:root")}),
        json!({"AWS": "arn:aws:iam::111111111111:role/ci"}),
        json!({"AWS": "arn:aws:sts::111111111111:assumed-role/ci/build"}),
        json!("*"),
    ] {
        let both = DocumentSet {
            identity: vec![allow_all("ci")],
            repository: Some(resource_policy("web", &principal)),
            ..DocumentSet::default()
        };
        assert_eq!(
            verdict(&both, &pull(session(), B)),
            Verdict::Allowed,
            "{principal}"
        );
        let repo_only = DocumentSet {
            repository: Some(resource_policy("web", &principal)),
            ..DocumentSet::default()
        };
        let d = evaluate(&repo_only, &pull(session(), B));
        assert_eq!(d.verdict, Verdict::ImplicitDeny, "{principal}");
        assert_eq!(d.gaps, [Gap::NoIdentityAllow]);
    }
    let stranger = DocumentSet {
        identity: vec![allow_all("ci")],
        repository: Some(resource_policy("web", &json!({"AWS": "333333333333"}))),
        ..DocumentSet::default()
    };
    let d = evaluate(&stranger, &pull(session(), B));
    assert_eq!(
        d.gaps.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["no repository policy allows it: cross-account needs both"]
    );
}

#[test]
fn an_explicit_deny_anywhere_wins() {
    let deny_in_repo = DocumentSet {
        identity: vec![allow_all("ci")],
        repository: Some(doc(
            "web",
            &json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": "*", "Action": "ecr:*"},
                {"Sid": "NoPull", "Effect": "Deny", "Principal": {"AWS": A}, "Action": "ecr:BatchGetImage"}
            ]}),
        )),
        ..DocumentSet::default()
    };
    let d = evaluate(&deny_in_repo, &pull(session(), A));
    assert_eq!(d.verdict, Verdict::ExplicitDeny);
    assert_eq!(
        d.denied_by().map(ToString::to_string).as_deref(),
        Some("repository policy `web`, statement 2 (Sid `NoPull`)")
    );
}

#[test]
fn every_scp_level_must_allow() {
    // "If the enforcement code does not find any applicable Allow statements in the SCPs, then
    // the request is implicitly denied."
    let scps = vec![
        Level::new("r-root", vec![allow_only("FullAWSAccess", "*")]),
        Level::new(
            "ou-build",
            vec![allow_only("OnlyLogin", "ecr:GetAuthorizationToken")],
        ),
    ];
    let docs = DocumentSet {
        identity: vec![allow_all("ci")],
        scps: scps.clone(),
        ..DocumentSet::default()
    };
    let d = evaluate(&docs, &pull(session(), A));
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert_eq!(
        d.gaps.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["no SCP attached at ou-build allows it"]
    );
    let login = Request::new(session(), "ecr:GetAuthorizationToken", "*").unwrap();
    assert_eq!(verdict(&docs, &login), Verdict::Allowed);
    // An SCP Deny denies; an empty level allows nothing.
    let deny = DocumentSet {
        identity: vec![allow_all("ci")],
        scps: vec![Level::new(
            "r-root",
            vec![
                allow_only("FullAWSAccess", "*"),
                doc(
                    "NoEcr",
                    &json!({"Statement": {"Effect": "Deny", "Action": "ecr:*", "Resource": "*"}}),
                ),
            ],
        )],
        ..DocumentSet::default()
    };
    let d = evaluate(&deny, &pull(session(), A));
    assert_eq!(d.verdict, Verdict::ExplicitDeny);
    assert_eq!(
        d.denies[0].to_string(),
        "SCP `NoEcr` (at r-root), statement 1"
    );
    let empty = DocumentSet {
        identity: vec![allow_all("ci")],
        scps: vec![Level::new("ou-empty", vec![])],
        ..DocumentSet::default()
    };
    assert_eq!(verdict(&empty, &pull(session(), A)), Verdict::ImplicitDeny);
    // SCPs limit principals of the organisation, not AWS services.
    let lambda = Principal::parse("lambda.amazonaws.com").unwrap();
    let svc = DocumentSet {
        scps: vec![Level::new("ou-empty", vec![])],
        repository: Some(resource_policy(
            "web",
            &json!({"Service": "lambda.amazonaws.com"}),
        )),
        ..DocumentSet::default()
    };
    assert_eq!(verdict(&svc, &pull(lambda, A)), Verdict::Allowed);
}

#[test]
fn rcps_deny_only() {
    // RCPFullAWSAccess is attached at every level and cannot be detached: an RCP denies.
    let perimeter = doc(
        "perimeter",
        &json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": "*", "Action": "ecr:*", "Resource": "*",
            "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-aaaaaaaaaa"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}}),
    );
    let docs = DocumentSet {
        identity: vec![allow_all("ci")],
        repository: Some(resource_policy("web", &json!("*"))),
        rcps: vec![Level::new("r-root", vec![perimeter])],
        ..DocumentSet::default()
    };
    let mut inside = Context::closed();
    inside.set("aws:PrincipalOrgID", "o-aaaaaaaaaa");
    let mut outside = Context::closed();
    outside.set("aws:PrincipalOrgID", "o-bbbbbbbbbb");
    assert_eq!(
        verdict(&docs, &pull(session(), B).with_context(inside)),
        Verdict::Allowed
    );
    assert_eq!(
        verdict(&docs, &pull(session(), B).with_context(outside)),
        Verdict::ExplicitDeny
    );
    // Nothing but the RCP: no allow from it.
    let bare = DocumentSet {
        rcps: docs.rcps.clone(),
        ..DocumentSet::default()
    };
    let mut inside = Context::closed();
    inside.set("aws:PrincipalOrgID", "o-aaaaaaaaaa");
    assert_eq!(
        verdict(&bare, &pull(session(), A).with_context(inside)),
        Verdict::ImplicitDeny
    );
}

#[test]
fn boundaries_and_resource_grants_in_one_account() {
    // "Resource-based policies that grant permissions to an IAM role ARN are limited by an
    // implicit deny in a permissions boundary or session policy"; a grant to the role session
    // ARN or to the user ARN is not.
    let boundary = Some(allow_only("boundary", "ecr:GetAuthorizationToken"));
    let with = |principal: &Value| DocumentSet {
        identity: vec![allow_all("ci")],
        boundary: boundary.clone(),
        repository: Some(resource_policy("web", principal)),
        ..DocumentSet::default()
    };
    let no_resource = DocumentSet {
        identity: vec![allow_all("ci")],
        boundary: boundary.clone(),
        ..DocumentSet::default()
    };
    let d = evaluate(&no_resource, &pull(session(), A));
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert_eq!(d.gaps[0], Gap::Boundary);
    let role = json!({"AWS": "arn:aws:iam::111111111111:role/ci"});
    let sess = json!({"AWS": "arn:aws:sts::111111111111:assumed-role/ci/build"});
    assert_eq!(
        verdict(&with(&role), &pull(session(), A)),
        Verdict::ImplicitDeny
    );
    assert_eq!(verdict(&with(&sess), &pull(session(), A)), Verdict::Allowed);
    assert_eq!(
        verdict(&with(&json!("*")), &pull(session(), A)),
        Verdict::Allowed
    );
    assert_eq!(
        verdict(
            &with(&json!({"AWS": "arn:aws:iam::111111111111:user/alice"})),
            &pull(user(), A)
        ),
        Verdict::Allowed
    );
    assert_eq!(
        verdict(&with(&json!({"AWS": A})), &pull(user(), A)),
        Verdict::ImplicitDeny
    );
    // Across accounts the boundary limits the principal's side whatever the resource says.
    assert_eq!(
        verdict(&with(&json!("*")), &pull(session(), B)),
        Verdict::ImplicitDeny
    );
}

#[test]
fn session_policies_and_resource_grants_in_one_account() {
    // "Permissions granted directly to a session are not limited by an implicit deny in an
    // identity-based policy, a permissions boundary, or session policy."
    let with = |principal: &Value| DocumentSet {
        identity: vec![allow_all("ci")],
        session: Some(allow_only("session", "ecr:GetAuthorizationToken")),
        repository: Some(resource_policy("web", principal)),
        ..DocumentSet::default()
    };
    let role = json!({"AWS": "arn:aws:iam::111111111111:role/ci"});
    let sess = json!({"AWS": "arn:aws:sts::111111111111:assumed-role/ci/build"});
    let d = evaluate(&with(&role), &pull(session(), A));
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert_eq!(d.gaps[0], Gap::SessionPolicy);
    assert_eq!(verdict(&with(&sess), &pull(session(), A)), Verdict::Allowed);
    // Chosen (AWS silent, as iam-simulate): a grant to everyone is limited by the session policy.
    assert_eq!(
        verdict(&with(&json!("*")), &pull(session(), A)),
        Verdict::ImplicitDeny
    );
}

#[test]
fn federated_user_sessions() {
    // "If there is no session policy, the code checks whether the principal is a role session …
    // Otherwise, the request is implicitly denied" (GetFederationToken without a policy).
    let fed = Principal::parse("arn:aws:sts::111111111111:federated-user/bob").unwrap();
    let id = DocumentSet {
        identity: vec![allow_all("bob")],
        ..DocumentSet::default()
    };
    let d = evaluate(&id, &pull(fed.clone(), A));
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert_eq!(d.gaps[0], Gap::NoSessionPolicy);
    let with_session = DocumentSet {
        session: Some(allow_all("session")),
        ..id.clone()
    };
    assert_eq!(
        verdict(&with_session, &pull(fed.clone(), A)),
        Verdict::Allowed
    );
    // A grant to the federated session itself needs no session policy; a grant to the user
    // who federated does.
    let to_session = DocumentSet {
        repository: Some(resource_policy(
            "web",
            &json!({"AWS": "arn:aws:sts::111111111111:federated-user/bob"}),
        )),
        ..DocumentSet::default()
    };
    assert_eq!(
        verdict(&to_session, &pull(fed.clone(), A)),
        Verdict::Allowed
    );
    let to_user = DocumentSet {
        repository: Some(resource_policy(
            "web",
            &json!({"AWS": "arn:aws:iam::111111111111:user/bob"}),
        )),
        ..DocumentSet::default()
    };
    assert_eq!(verdict(&to_user, &pull(fed, A)), Verdict::ImplicitDeny);
}

#[test]
fn service_principals_are_judged_by_the_resource_policy() {
    let lambda = Principal::parse("lambda.amazonaws.com").unwrap();
    let docs = DocumentSet {
        identity: vec![allow_all("ignored")],
        repository: Some(doc(
            "web",
            &json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                "Condition": {"StringLike": {"aws:sourceArn": "arn:aws:lambda:us-east-1:111111111111:function:*"}}}}),
        )),
        ..DocumentSet::default()
    };
    let mut mine = Context::closed();
    mine.set(
        "aws:SourceArn",
        "arn:aws:lambda:us-east-1:111111111111:function:api",
    );
    let mut theirs = Context::closed();
    theirs.set(
        "aws:SourceArn",
        "arn:aws:lambda:us-east-1:999999999999:function:api",
    );
    assert_eq!(
        verdict(&docs, &pull(lambda.clone(), A).with_context(mine)),
        Verdict::Allowed
    );
    let d = evaluate(&docs, &pull(lambda, A).with_context(theirs));
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert_eq!(
        d.gaps.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "no repository policy allows it: a service principal is allowed only by the resource's policy"
        ]
    );
}

#[test]
fn registry_policy_by_scope() {
    // "V2 – … Amazon ECR … applies the registry policy to all ECR requests"; V1 enforces only
    // ReplicateImage, BatchImportUpstreamImage and CreateRepository.
    let registry = doc(
        "registry",
        &json!({"Version": "2012-10-17", "Statement": {"Sid": "Share", "Effect": "Allow", "Principal": {"AWS": A},
            "Action": ["ecr:BatchGetImage", "ecr:CreateRepository"], "Resource": format!("arn:aws:ecr:us-east-1:{B}:repository/*")}}),
    );
    let v2 = DocumentSet {
        identity: vec![allow_all("ci")],
        registry: Some(registry.clone()),
        ..DocumentSet::default()
    };
    let d = evaluate(&v2, &pull(session(), B));
    assert_eq!(d.verdict, Verdict::Allowed);
    assert!(d.allows.iter().any(|s| s.kind == DocKind::Registry));
    let v1 = DocumentSet {
        registry_scope: RegistryScope::V1,
        ..v2.clone()
    };
    assert_eq!(verdict(&v1, &pull(session(), B)), Verdict::ImplicitDeny);
    let create = Request::new(session(), "ecr:CreateRepository", &repo(B)).unwrap();
    assert_eq!(verdict(&v1, &create), Verdict::Allowed);
    // A deny in either resource policy denies; an allow in either is the resource side's allow.
    let deny_registry = DocumentSet {
        repository: Some(resource_policy("web", &json!("*"))),
        registry: Some(doc(
            "registry",
            &json!({"Statement": {"Effect": "Deny", "Principal": "*", "Action": "ecr:BatchGetImage", "Resource": "*"}}),
        )),
        identity: vec![allow_all("ci")],
        ..DocumentSet::default()
    };
    assert_eq!(
        verdict(&deny_registry, &pull(session(), B)),
        Verdict::ExplicitDeny
    );
}

#[test]
fn a_repository_policy_cannot_grant_an_action_without_a_resource_type() {
    // "Amazon ECR requires that users have permission to make calls to the
    // ecr:GetAuthorizationToken API through an IAM policy."
    let docs = DocumentSet {
        repository: Some(doc(
            "web",
            &json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "ecr:*"}}),
        )),
        ..DocumentSet::default()
    };
    let login = Request::new(session(), "ecr:GetAuthorizationToken", "*").unwrap();
    let d = evaluate(&docs, &login);
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert!(d.allows.is_empty());
}

#[test]
fn vpc_endpoint_policy() {
    let docs = DocumentSet {
        identity: vec![allow_all("ci")],
        endpoint: Some(doc(
            "vpce-1",
            &json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}}),
        )),
        ..DocumentSet::default()
    };
    let d = evaluate(&docs, &pull(session(), A));
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert_eq!(d.gaps, [Gap::Endpoint]);
    let login = Request::new(session(), "ecr:GetAuthorizationToken", "*").unwrap();
    assert_eq!(verdict(&docs, &login), Verdict::Allowed);
}

#[test]
fn not_principal_deny_always_applies_with_a_boundary() {
    // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has
    // a permissions boundary policy attached."
    let np = doc(
        "web",
        &json!({"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "ecr:*"},
            {"Effect": "Deny", "NotPrincipal": {"AWS": [A, "arn:aws:iam::111111111111:role/ci", "arn:aws:sts::111111111111:assumed-role/ci/build"]}, "Action": "ecr:*"}
        ]}),
    );
    let without = DocumentSet {
        repository: Some(np.clone()),
        ..DocumentSet::default()
    };
    assert_eq!(verdict(&without, &pull(session(), A)), Verdict::Allowed);
    let with = DocumentSet {
        repository: Some(np),
        boundary: Some(allow_all("boundary")),
        ..DocumentSet::default()
    };
    assert_eq!(verdict(&with, &pull(session(), A)), Verdict::ExplicitDeny);
}

#[test]
fn root_users() {
    // "All requests are implicitly denied with the exception of the AWS account root user."
    let root = Principal::parse(A).unwrap();
    assert_eq!(
        verdict(&DocumentSet::default(), &pull(root.clone(), A)),
        Verdict::Allowed
    );
    assert_eq!(
        verdict(&DocumentSet::default(), &pull(root.clone(), B)),
        Verdict::ImplicitDeny
    );
    let shared = DocumentSet {
        repository: Some(resource_policy("web", &json!({"AWS": A}))),
        ..DocumentSet::default()
    };
    assert_eq!(verdict(&shared, &pull(root, B)), Verdict::Allowed);
}

#[test]
fn undecided_when_it_depends_on_what_is_unknown() {
    let docs = DocumentSet {
        identity: vec![allow_all("ci")],
        repository: Some(doc(
            "web",
            &json!({"Version": "2012-10-17", "Statement": {"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "ecr:*",
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-aaaaaaaaaa"}}}}),
        )),
        ..DocumentSet::default()
    };
    let d = evaluate(&docs, &pull(session(), B).with_context(Context::open()));
    assert_eq!(d.verdict, Verdict::Undecided);
    assert_eq!(d.is_allowed(), None);
    assert_eq!(d.unsure.len(), 1);
    assert_eq!(
        d.unsure[0].to_string(),
        "repository policy `web`, statement 1 (Sid `Org`): the request does not say whether it has `aws:PrincipalOrgID` (StringEquals)"
    );
    // Known absent: decided.
    assert_eq!(verdict(&docs, &pull(session(), B)), Verdict::ImplicitDeny);
    // A deny that might apply leaves an allow undecided, and an implicit deny an implicit deny.
    let maybe_deny = DocumentSet {
        identity: vec![
            allow_all("ci"),
            doc(
                "guard",
                &json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "ecr:*", "Resource": "*",
                    "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}}),
            ),
        ],
        ..DocumentSet::default()
    };
    let open = Context::open();
    assert_eq!(
        verdict(&maybe_deny, &pull(session(), A).with_context(open.clone())),
        Verdict::Undecided
    );
    let d = evaluate(&maybe_deny, &pull(session(), B).with_context(open));
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert_eq!(d.is_allowed(), Some(false));
    assert!(!d.unsure.is_empty());
}

const GITHUB: &str = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
const ROLE: &str = "arn:aws:iam::111111111111:role/ci";

/// A role trusting one GitHub repository's main branch and ECS tasks, under an SCP that would
/// deny everything else.
fn trusting_docs() -> DocumentSet {
    let github = GITHUB;
    let trust = doc(
        "ci trust",
        &json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Federated": github},
             "Action": "sts:AssumeRoleWithWebIdentity",
             "Condition": {"StringEquals": {
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                "token.actions.githubusercontent.com:sub": "repo:octo/app:ref:refs/heads/main"}}},
            {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
             "Action": "sts:AssumeRole"}
        ]}),
    );
    DocumentSet {
        trust: Some(trust),
        // An SCP that would deny everything: it does not apply to these principals.
        scps: vec![Level::new(
            "root",
            vec![allow_only("nothing", "s3:GetObject")],
        )],
        ..DocumentSet::default()
    }
}

/// A role trust policy is the role's resource-based policy for `sts:AssumeRole*`: a web identity
/// is allowed by it alone (no identity-based policy, boundary or SCP applies to it); its
/// conditions are judged on the request's context, the provider's claims included.
#[test]
fn trust_policy_decides_web_identities() {
    let (github, role) = (GITHUB, ROLE);
    let docs = trusting_docs();
    let web = Principal::parse(github).unwrap();
    let assume = |p: Principal, action: &str, sub: &str, aud: &str| {
        let mut c = Context::closed();
        c.set("token.actions.githubusercontent.com:sub", sub)
            .set("token.actions.githubusercontent.com:aud", aud);
        Request::new(p, action, role).unwrap().with_context(c)
    };
    let ok = assume(
        web.clone(),
        "sts:AssumeRoleWithWebIdentity",
        "repo:octo/app:ref:refs/heads/main",
        "sts.amazonaws.com",
    );
    let d = evaluate(&docs, &ok);
    assert_eq!(d.verdict, Verdict::Allowed, "{d:?}");
    assert_eq!(d.allows[0].kind, DocKind::Trust);
    for (action, sub, aud) in [
        (
            "sts:AssumeRoleWithWebIdentity",
            "repo:octo/other:ref:refs/heads/main",
            "sts.amazonaws.com",
        ),
        (
            "sts:AssumeRoleWithWebIdentity",
            "repo:octo/app:ref:refs/heads/dev",
            "sts.amazonaws.com",
        ),
        (
            "sts:AssumeRoleWithWebIdentity",
            "repo:octo/app:ref:refs/heads/main",
            "sigstore",
        ),
        (
            "sts:AssumeRole",
            "repo:octo/app:ref:refs/heads/main",
            "sts.amazonaws.com",
        ),
    ] {
        let d = evaluate(&docs, &assume(web.clone(), action, sub, aud));
        assert_eq!(d.verdict, Verdict::ImplicitDeny, "{action} {sub} {aud}");
        assert!(
            d.gaps.iter().any(|g| matches!(g, Gap::NoResourceAllow { consulted, service: true, .. } if consulted == &[DocKind::Trust])),
            "{:?}",
            d.gaps
        );
    }
    // Another account's GitHub provider is another principal.
    let other = Principal::parse(
        "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com",
    )
    .unwrap();
    assert_eq!(
        evaluate(
            &docs,
            &assume(
                other,
                "sts:AssumeRoleWithWebIdentity",
                "repo:octo/app:ref:refs/heads/main",
                "sts.amazonaws.com"
            )
        )
        .verdict,
        Verdict::ImplicitDeny
    );
    // An open context leaves a condition on a claim undecided.
    let open = Request::new(
        Principal::parse(github).unwrap(),
        "sts:AssumeRoleWithWebIdentity",
        role,
    )
    .unwrap()
    .with_context(Context::open());
    assert_eq!(evaluate(&docs, &open).verdict, Verdict::Undecided);
}

#[test]
fn trust_policy_decides_services() {
    let role = ROLE;
    let docs = trusting_docs();
    // The service statement: ECS tasks may assume it, Lambda may not.
    let ecs = Request::new(
        Principal::parse("ecs-tasks.amazonaws.com").unwrap(),
        "sts:AssumeRole",
        role,
    )
    .unwrap();
    assert_eq!(evaluate(&docs, &ecs).verdict, Verdict::Allowed);
    let lambda = Request::new(
        Principal::parse("lambda.amazonaws.com").unwrap(),
        "sts:AssumeRole",
        role,
    )
    .unwrap();
    assert_eq!(evaluate(&docs, &lambda).verdict, Verdict::ImplicitDeny);
    // The trust policy is the policy of the role only: not consulted for an ECR request.
    let web = Principal::parse(GITHUB).unwrap();
    let pull = Request::new(web, "ecr:BatchGetImage", &repo(A)).unwrap();
    let d = evaluate(&docs, &pull);
    assert_eq!(d.verdict, Verdict::ImplicitDeny);
    assert!(d.allows.is_empty());
}
