//! The evaluator's time per request, on documents read once (as `diff` and `check` use it for
//! many probe requests): a small identity + repository policy pair across accounts, the same with
//! two SCP levels, a boundary and conditions; and one pattern containment.

// A benchmark is a test harness: a broken fixture should stop it loudly.
#![allow(clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ecr_policy::policy::eval::{
    Context, Doc, DocumentSet, Level, Policy, Principal, Request, containment, evaluate,
};
use serde_json::json;

fn doc(label: &str, v: &serde_json::Value) -> Doc {
    Doc::new(label, Policy::from_value(v).expect("a valid policy"))
}

/// An identity-based policy and a repository policy as `generate` writes them, cross-account.
fn small() -> (DocumentSet, Request) {
    let identity = doc(
        "ci",
        &json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "Login", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
            {"Sid": "Pull", "Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
             "Resource": "arn:aws:ecr:eu-west-1:222222222222:repository/team/*"},
            {"Sid": "Push", "Effect": "Allow", "Action": ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"],
             "Resource": "arn:aws:ecr:eu-west-1:222222222222:repository/team/web"}
        ]}),
    );
    let repository = doc(
        "web",
        &json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "OrgPull", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
             "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-aaaaaaaaaa"}}},
            {"Sid": "CiPush", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/ci"}, "Action": "ecr:*"}
        ]}),
    );
    let docs = DocumentSet {
        identity: vec![identity],
        repository: Some(repository),
        ..DocumentSet::default()
    };
    let mut ctx = Context::closed();
    ctx.set("aws:PrincipalOrgID", "o-aaaaaaaaaa");
    let req = Request::new(
        Principal::parse("arn:aws:sts::111111111111:assumed-role/ci/build").expect("a principal"),
        "ecr:BatchGetImage",
        "arn:aws:ecr:eu-west-1:222222222222:repository/team/web",
    )
    .expect("a request")
    .with_context(ctx)
    .with_principal_keys();
    (docs, req)
}

/// The small pair plus two SCP levels, a boundary and a deny with conditions.
fn guarded() -> (DocumentSet, Request) {
    let (mut docs, req) = small();
    let full = doc(
        "FullAWSAccess",
        &json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}),
    );
    let region = doc(
        "Regions",
        &json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}, "BoolIfExists": {"aws:ViaAWSService": "false"}}}}),
    );
    docs.scps = vec![
        Level::new("r-root", vec![full.clone()]),
        Level::new("ou-build", vec![full, region]),
    ];
    docs.boundary = Some(doc(
        "boundary",
        &json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "ecr:Delete*", "Resource": "*"}]}),
    ));
    let mut ctx = req.context.clone();
    ctx.set("aws:RequestedRegion", "eu-west-1");
    (docs, req.with_context(ctx))
}

fn eval(c: &mut Criterion) {
    let (docs, req) = small();
    assert_eq!(evaluate(&docs, &req).is_allowed(), Some(true));
    c.bench_function("eval small pair, cross-account", |b| {
        b.iter(|| evaluate(black_box(&docs), black_box(&req)));
    });
    let (docs, req) = guarded();
    assert_eq!(evaluate(&docs, &req).is_allowed(), Some(true));
    c.bench_function("eval with SCPs, boundary, conditions", |b| {
        b.iter(|| evaluate(black_box(&docs), black_box(&req)));
    });
    c.bench_function("containment repository/team-?/* in two patterns", |b| {
        b.iter(|| {
            containment(
                black_box("arn:aws:ecr:*:1:repository/team-?/*"),
                black_box(&[
                    "arn:aws:ecr:*:1:repository/team-a*",
                    "arn:aws:ecr:eu-*:1:repository/*",
                ]),
            )
        });
    });
}

criterion_group!(benches, eval);
criterion_main!(benches);
