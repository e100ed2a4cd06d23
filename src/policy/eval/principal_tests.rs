//! Principals read from text, and how `Principal` / `NotPrincipal` entries name them.

use serde_json::json;

use super::*;

const A: &str = "111111111111";

fn user() -> Principal {
    Principal::parse("arn:aws:iam::111111111111:user/alice").unwrap()
}

fn session() -> Principal {
    Principal::RoleSession {
        role_arn: "arn:aws:iam::111111111111:role/team/ci".into(),
        session_arn: Some("arn:aws:sts::111111111111:assumed-role/ci/build-7".into()),
    }
}

fn federated() -> Principal {
    Principal::parse("arn:aws:sts::111111111111:federated-user/bob").unwrap()
}

fn lambda() -> Principal {
    Principal::parse("lambda.amazonaws.com").unwrap()
}

fn kind(element: &Value, p: &Principal) -> Result<Option<MatchKind>, String> {
    PrincipalElement::parse(element, false)
        .unwrap()
        .matches(p, false)
}

#[test]
fn parse_principals() {
    assert_eq!(
        Principal::parse("123456789012").unwrap(),
        Principal::Root {
            partition: "aws".into(),
            account: "123456789012".into()
        }
    );
    assert_eq!(
        Principal::parse("arn:aws-cn:iam::123456789012:root").unwrap(),
        Principal::Root {
            partition: "aws-cn".into(),
            account: "123456789012".into()
        }
    );
    assert_eq!(
        Principal::parse("arn:aws:sts::111111111111:assumed-role/ci/build-7").unwrap(),
        Principal::RoleSession {
            role_arn: "arn:aws:iam::111111111111:role/ci".into(),
            session_arn: Some("arn:aws:sts::111111111111:assumed-role/ci/build-7".into()),
        }
    );
    assert_eq!(
        federated(),
        Principal::FederatedUser {
            session_arn: "arn:aws:sts::111111111111:federated-user/bob".into(),
            user_arn: "arn:aws:iam::111111111111:user/bob".into(),
        }
    );
    assert!(matches!(
        Principal::parse("arn:aws:iam::111111111111:role/ci"),
        Ok(Principal::RoleSession {
            session_arn: None,
            ..
        })
    ));
    for bad in [
        "",
        "alice",
        "arn:aws:iam::1:user/alice",
        "arn:aws:iam::111111111111:group/devs",
        "arn:aws:iam::111111111111:role/*",
        "arn:aws:sts::111111111111:assumed-role/ci",
        "*.amazonaws.com",
        "arn:aws:s3:::bucket",
    ] {
        assert!(Principal::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(session().account(), Some(A));
    assert_eq!(lambda().account(), None);
    assert_eq!(
        session().principal_arn().as_deref(),
        Some("arn:aws:iam::111111111111:role/team/ci")
    );
}

#[test]
fn kinds_of_match() {
    use MatchKind::*;
    let rows: Vec<(Value, Principal, Option<MatchKind>)> = vec![
        (json!("*"), user(), Some(Everyone)),
        (json!({"AWS": "*"}), session(), Some(Everyone)),
        (json!("*"), lambda(), Some(Everyone)),
        (json!({"AWS": A}), user(), Some(Account)),
        (
            json!({"AWS": format!("arn:aws:iam::{A}:root")}),
            session(),
            Some(Account),
        ),
        (
            json!({"AWS": "arn:aws-cn:iam::111111111111:root"}),
            session(),
            None,
        ),
        (json!({"AWS": "222222222222"}), user(), None),
        (
            json!({"AWS": "arn:aws:iam::111111111111:user/alice"}),
            user(),
            Some(Itself),
        ),
        (
            json!({"AWS": "arn:aws:iam::111111111111:user/Alice"}),
            user(),
            None,
        ),
        (
            json!({"AWS": "arn:aws:iam::111111111111:user/alice"}),
            federated(),
            None,
        ),
        (
            json!({"AWS": "arn:aws:iam::111111111111:user/bob"}),
            federated(),
            Some(Parent),
        ),
        (
            json!({"AWS": "arn:aws:sts::111111111111:federated-user/bob"}),
            federated(),
            Some(Itself),
        ),
        // A role is named by account and name; the path and the name's case do not matter.
        (
            json!({"AWS": "arn:aws:iam::111111111111:role/ci"}),
            session(),
            Some(Parent),
        ),
        (
            json!({"AWS": "arn:aws:iam::111111111111:role/team/CI"}),
            session(),
            Some(Parent),
        ),
        (
            json!({"AWS": "arn:aws:iam::222222222222:role/ci"}),
            session(),
            None,
        ),
        (
            json!({"AWS": "arn:aws:sts::111111111111:assumed-role/ci/build-7"}),
            session(),
            Some(Itself),
        ),
        (
            json!({"AWS": "arn:aws:sts::111111111111:assumed-role/ci/build-8"}),
            session(),
            None,
        ),
        (
            json!({"Service": "lambda.amazonaws.com"}),
            lambda(),
            Some(Itself),
        ),
        (
            json!({"Service": "codebuild.amazonaws.com"}),
            lambda(),
            None,
        ),
        (json!({"Service": "lambda.amazonaws.com"}), user(), None),
        (json!({"AWS": A}), lambda(), None),
        (
            json!({"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}),
            user(),
            None,
        ),
        // The closest kind wins.
        (
            json!({"AWS": [A, "arn:aws:iam::111111111111:role/ci", "arn:aws:sts::111111111111:assumed-role/ci/build-7"]}),
            session(),
            Some(Itself),
        ),
        (json!({"AWS": [A, "*"]}), session(), Some(Everyone)),
    ];
    for (el, p, want) in rows {
        assert_eq!(kind(&el, &p), Ok(want), "{el} vs {p:?}");
    }
}

#[test]
fn entries_that_cannot_be_related_are_undecided() {
    for el in [
        json!({"Federated": "cognito-identity.amazonaws.com"}),
        json!({"AWS": "AROAEXAMPLEID123"}),
        json!({"AWS": "arn:aws:iam::111111111111:role/*"}),
        json!({"AWS": "arn:aws:iam::111111111111:group/devs"}),
    ] {
        assert!(kind(&el, &user()).is_err(), "{el}");
    }
    // A definite match elsewhere in the element decides anyway.
    assert_eq!(
        kind(&json!({"AWS": ["AROAEXAMPLEID123", A]}), &user()),
        Ok(Some(MatchKind::Account))
    );
    // A session of the role, its name not given: a statement naming one session is undecided.
    let any_session = Principal::parse("arn:aws:iam::111111111111:role/ci").unwrap();
    assert!(
        kind(
            &json!({"AWS": "arn:aws:sts::111111111111:assumed-role/ci/s"}),
            &any_session
        )
        .is_err()
    );
    assert_eq!(
        kind(
            &json!({"AWS": "arn:aws:sts::111111111111:assumed-role/other/s"}),
            &any_session
        ),
        Ok(None)
    );
    for bad in [
        json!("x"),
        json!({"Users": "x"}),
        json!({"AWS": [1]}),
        json!(["*"]),
    ] {
        assert!(PrincipalElement::parse(&bad, false).is_err(), "{bad}");
    }
}

#[test]
fn not_principal_needs_every_identity_behind_the_principal() {
    let np = |v: Value| PrincipalElement::parse(&v, true).unwrap();
    let role = "arn:aws:iam::111111111111:role/ci";
    let sess = "arn:aws:sts::111111111111:assumed-role/ci/build-7";
    let root = "arn:aws:iam::111111111111:root";
    // Nothing listed: the statement applies (to everyone but those listed).
    assert_eq!(
        np(json!({"AWS": "arn:aws:iam::222222222222:root"})).matches(&session(), false),
        Ok(Some(MatchKind::Everyone))
    );
    // All of account, role and session: it does not apply.
    assert_eq!(
        np(json!({"AWS": [sess, role, root]})).matches(&session(), false),
        Ok(None)
    );
    // Only some: AWS says it "might" still apply.
    assert!(
        np(json!({"AWS": [role, root]}))
            .matches(&session(), false)
            .is_err()
    );
    assert!(np(json!({"AWS": root})).matches(&session(), false).is_err());
    // A user needs its account and itself.
    assert_eq!(
        np(json!({"AWS": ["arn:aws:iam::111111111111:user/alice", A]})).matches(&user(), false),
        Ok(None)
    );
    assert!(
        np(json!({"AWS": "arn:aws:iam::111111111111:user/alice"}))
            .matches(&user(), false)
            .is_err()
    );
    // A service needs only itself; `*` leaves everyone out.
    assert_eq!(
        np(json!({"Service": "lambda.amazonaws.com"})).matches(&lambda(), false),
        Ok(None)
    );
    assert_eq!(
        np(json!({"Service": "codebuild.amazonaws.com"})).matches(&lambda(), false),
        Ok(Some(MatchKind::Everyone))
    );
    assert_eq!(np(json!("*")).matches(&user(), false), Ok(None));
    // A Deny with NotPrincipal always applies to a principal with a permissions boundary.
    assert_eq!(
        np(json!({"AWS": [sess, role, root]})).matches(&session(), true),
        Ok(Some(MatchKind::Everyone))
    );
}

#[test]
fn a_web_identity_is_named_by_its_provider_only() {
    let provider = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
    let web = Principal::parse(provider).unwrap();
    assert_eq!(
        web,
        Principal::WebIdentity {
            provider: provider.into()
        }
    );
    assert!(web.resource_policy_only());
    assert!(!web.is_service());
    assert_eq!(web.principal_arn(), None);
    assert_eq!(web.account(), Some(A));
    let rows = [
        (json!({"Federated": provider}), Some(MatchKind::Itself)),
        (json!("*"), Some(MatchKind::Everyone)),
        (json!({"AWS": "*"}), Some(MatchKind::Everyone)),
        // Another account's provider of the same host, another host, a service, the account.
        (
            json!({"Federated": "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com"}),
            None,
        ),
        (
            json!({"Federated": "arn:aws:iam::111111111111:oidc-provider/gitlab.com"}),
            None,
        ),
        (json!({"Service": "ecs-tasks.amazonaws.com"}), None),
        (json!({"AWS": A}), None),
    ];
    for (el, want) in rows {
        assert_eq!(kind(&el, &web), Ok(want), "{el}");
    }
    // NotPrincipal listing the provider leaves it out; listing another takes it in.
    let np = |v: Value| PrincipalElement::parse(&v, true).unwrap();
    assert_eq!(
        np(json!({"Federated": provider})).matches(&web, false),
        Ok(None)
    );
    assert_eq!(
        np(json!({"Service": "ec2.amazonaws.com"})).matches(&web, false),
        Ok(Some(MatchKind::Everyone))
    );
    // Other principals: a Federated entry still cannot be related to them.
    assert!(kind(&json!({"Federated": provider}), &user()).is_err());
    // A service is never a web identity.
    assert_eq!(kind(&json!({"Federated": provider}), &lambda()), Ok(None));
}
