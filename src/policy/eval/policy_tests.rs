//! Statements read once and applied to requests: actions ignore case, resources do not,
//! `Not` elements invert, `*`-only actions match only `*`, variables only under 2012-10-17,
//! unreadable elements leave a statement undecided.

use serde_json::json;

use super::*;
use crate::policy::eval::context::Context;
use crate::policy::eval::principal::Principal;

const WEB: &str = "arn:aws:ecr:us-east-1:111111111111:repository/web";

fn alice() -> Principal {
    Principal::parse("arn:aws:iam::111111111111:user/alice").unwrap()
}

fn req(action: &str, resource: &str) -> Request {
    Request::new(alice(), action, resource).unwrap()
}

fn applies(statement: &Value, r: &Request) -> Tri {
    applies_v(statement, r, "2012-10-17")
}

fn applies_v(statement: &Value, r: &Request, version: &str) -> Tri {
    let mut doc = json!({"Statement": [statement]});
    if !version.is_empty() {
        doc["Version"] = json!(version);
    }
    let p = Policy::from_value(&doc).unwrap();
    p.statements[0].apply(r, Place::Identity, false).applies
}

#[test]
fn actions_ignore_case_resources_do_not() {
    let st = json!({"Effect": "Allow", "Action": "ECR:batch*", "Resource": WEB});
    assert_eq!(applies(&st, &req("ecr:BatchGetImage", WEB)), Tri::True);
    assert_eq!(applies(&st, &req("ecr:PutImage", WEB)), Tri::False);
    let upper = WEB.replace("web", "Web");
    assert_eq!(applies(&st, &req("ecr:BatchGetImage", &upper)), Tri::False);
    let rows = [
        ("*", true),
        ("ecr:*", true),
        ("ecr:Get*", false),
        ("ecr:?utImage", true),
        ("ecr:*Image", true),
        ("s3:*", false),
    ];
    for (pattern, want) in rows {
        let st = json!({"Effect": "Allow", "Action": pattern, "Resource": "*"});
        assert_eq!(
            applies(&st, &req("ecr:PutImage", WEB)),
            Tri::from_bool(want),
            "{pattern}"
        );
    }
}

#[test]
fn resource_patterns() {
    let rows = [
        ("*", true),
        ("arn:aws:ecr:*:111111111111:repository/*", true),
        ("arn:aws:ecr:us-east-?:*:repository/w?b", true),
        ("arn:aws:ecr:us-east-1:111111111111:repository/web/*", false),
        ("arn:aws:ecr:us-east-1:111111111111:repository/we*", true),
        ("arn:aws:ecr:us-east-1:222222222222:repository/web", false),
        (
            "arn:aws-cn:ecr:us-east-1:111111111111:repository/web",
            false,
        ),
        ("arn:aws:ecr:us-east-1:111111111111:*", true),
    ];
    for (pattern, want) in rows {
        let st = json!({"Effect": "Allow", "Action": "ecr:PutImage", "Resource": pattern});
        assert_eq!(
            applies(&st, &req("ecr:PutImage", WEB)),
            Tri::from_bool(want),
            "{pattern}"
        );
    }
}

#[test]
fn not_elements_invert() {
    let st = json!({"Effect": "Deny", "NotAction": "ecr:BatchGetImage", "NotResource": WEB});
    let other = "arn:aws:ecr:us-east-1:111111111111:repository/x";
    assert_eq!(applies(&st, &req("ecr:PutImage", WEB)), Tri::False);
    assert_eq!(applies(&st, &req("ecr:BatchGetImage", other)), Tri::False);
    assert_eq!(applies(&st, &req("ecr:PutImage", other)), Tri::True);
}

#[test]
fn star_only_actions_match_only_star() {
    let login = req("ecr:GetAuthorizationToken", "*");
    let on_arn = json!({"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "arn:aws:ecr:*:*:*"});
    assert_eq!(applies(&on_arn, &login), Tri::False);
    let on_star = json!({"Effect": "Allow", "Action": "ecr:*", "Resource": "*"});
    assert_eq!(applies(&on_star, &login), Tri::True);
    // NotResource with an ARN leaves `*` in.
    let not = json!({"Effect": "Allow", "Action": "ecr:*", "NotResource": "arn:aws:ecr:*:*:repository/*"});
    assert_eq!(applies(&not, &login), Tri::True);
    let not_star = json!({"Effect": "Allow", "Action": "ecr:*", "NotResource": "*"});
    assert_eq!(applies(&not_star, &login), Tri::False);
}

#[test]
fn variables_in_resources_depend_on_the_version() {
    let st = json!({"Effect": "Allow", "Action": "ecr:*", "Resource": "arn:aws:ecr:*:*:repository/${aws:username}"});
    let mut ctx = Context::closed();
    ctx.set("aws:username", "alice");
    let alice_repo = "arn:aws:ecr:us-east-1:111111111111:repository/alice";
    let r = req("ecr:PutImage", alice_repo).with_context(ctx.clone());
    assert_eq!(applies_v(&st, &r, "2012-10-17"), Tri::True);
    assert_eq!(applies_v(&st, &r, "2008-10-17"), Tri::False);
    assert_eq!(applies_v(&st, &r, ""), Tri::False);
    let literal = req(
        "ecr:PutImage",
        "arn:aws:ecr:us-east-1:111111111111:repository/${aws:username}",
    )
    .with_context(ctx);
    assert_eq!(applies_v(&st, &literal, "2008-10-17"), Tri::True);
    assert_eq!(applies_v(&st, &literal, "2012-10-17"), Tri::False);
    // No value: no match, for Resource and NotResource alike.
    let nobody = req("ecr:PutImage", alice_repo);
    assert_eq!(applies(&st, &nobody), Tri::False);
    let not = json!({"Effect": "Deny", "Action": "ecr:*", "NotResource": "arn:aws:ecr:*:*:repository/${aws:username}"});
    assert_eq!(applies(&not, &nobody), Tri::False);
    // Unknown: undecided.
    let open = req("ecr:PutImage", alice_repo).with_context(Context::open());
    let st = json!({"Effect": "Allow", "Action": "ecr:*", "Resource": "arn:aws:ecr:*:*:repository/${aws:username}"});
    assert!(matches!(applies(&st, &open), Tri::Unknown(_)));
    // `${*}` is a literal `*`.
    let star = json!({"Effect": "Allow", "Action": "ecr:*", "Resource": "arn:aws:ecr:*:*:repository/a${*}"});
    assert_eq!(applies(&star, &req("ecr:PutImage", alice_repo)), Tri::False);
    assert_eq!(
        applies(
            &star,
            &req("ecr:PutImage", "arn:aws:ecr:us-east-1:1:repository/a*")
        ),
        Tri::True
    );
}

#[test]
fn unreadable_statements_are_undecided_only_where_they_could_apply() {
    let r = req("ecr:PutImage", WEB);
    for st in [
        json!({"Effect": "allow", "Action": "ecr:*", "Resource": "*"}),
        json!({"Effect": "Allow", "Action": "PutImage", "Resource": "*"}),
        json!({"Effect": "Allow", "Action": "ecr:*", "Resource": "*", "Principal": "*"}),
        json!({"Effect": "Allow", "Action": "ecr:*"}),
        json!({"Effect": "Allow", "Action": "ecr:*", "Resource": "*", "Condition": {"Foo": {"k": "v"}}}),
        json!({"Effect": "Allow", "Action": "ecr:*", "Resource": "*", "Extra": 1}),
        json!({"Effect": "Allow", "Action": "ecr:*", "NotAction": "ecr:x", "Resource": "*"}),
        json!({"Effect": "Allow", "Action": 5, "Resource": "*"}),
        json!({"Effect": "Allow", "Resource": "*"}),
        json!({"Effect": "Allow", "Action": "ec*:PutImage", "Resource": "*"}),
        json!({"Effect": "Allow", "Action": "ecr:Put Image", "Resource": "*"}),
    ] {
        let t = applies(&st, &r);
        assert!(matches!(t, Tri::Unknown(_)), "{st}: {t:?}");
    }
    // A statement whose readable parts already rule the request out does not apply.
    let st = json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Foo": {"k": "v"}}});
    assert_eq!(applies(&st, &r), Tri::False);
}

#[test]
fn documents() {
    assert!(matches!(Policy::parse("{"), Err(PolicyError::Json(_))));
    assert_eq!(Policy::parse("[]"), Err(PolicyError::NotObject));
    assert_eq!(
        Policy::parse(r#"{"Version": "2012-10-18", "Statement": []}"#),
        Err(PolicyError::Version("2012-10-18".into()))
    );
    assert_eq!(
        Policy::parse(r#"{"Version": "2012-10-17"}"#),
        Err(PolicyError::Statement)
    );
    let one = Policy::parse(
        r#"{"Statement": {"Sid": "A b", "Effect": "Allow", "Action": "*", "Resource": "*"}}"#,
    )
    .unwrap();
    assert_eq!(one.version, Version::Absent);
    assert_eq!(one.statements[0].sid.as_deref(), Some("A b"));
}
