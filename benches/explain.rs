//! `explain --who-can push` over a large account dump: 5,000 roles and 1,000 users (in 50 groups)
//! sharing 500 managed policies, with inline policies and permissions boundaries, judged on one
//! repository with its repository policy. Measures reading the dump as principals, reading each
//! document once, and judging every principal. `ECR_POLICY_EXPLAIN_DUMP=path` also writes the
//! dump there, for whole-process runs.

// A benchmark is a test harness: a broken fixture should stop it loudly.
#![allow(clippy::expect_used)]
// A benchmark reports its figures on the terminal that runs it.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::disallowed_macros)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ecr_policy::policy::eval::{Doc, DocumentSet, Policy};
use ecr_policy::policy::explain::who_can::{read_policies, who_can};
use ecr_policy::policy::explain::{Asked, ContextGiven, Overall, Repository};
use ecr_policy::policy::import::sources::account_principals::read_principals;
use serde_json::{Value, json};

const ROLES: usize = 5_000;
const USERS: usize = 1_000;
const GROUPS: usize = 50;
const MANAGED: usize = 500;
const ACCOUNT: &str = "111122223333";
const REPO: &str = "arn:aws:ecr:eu-west-1:111122223333:repository/team-7/web";

/// Managed policy `i`: push, pull, ECR admin, something else, or a Deny, on a team's
/// repositories.
fn managed(i: usize) -> Value {
    let team = format!(
        "arn:aws:ecr:eu-west-1:{ACCOUNT}:repository/team-{}/*",
        i % 20
    );
    let doc = match i % 5 {
        0 => json!({"Version": "2012-10-17", "Statement": [{"Sid": "Push", "Effect": "Allow",
            "Action": ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload",
                       "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage",
                       "ecr:BatchGetImage"], "Resource": team}]}),
        1 => json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": team}]}),
        2 => json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*",
            "Resource": "*", "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}]}),
        3 => json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "logs:PutLogEvents"], "Resource": "*"},
            {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}]}),
        _ => json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Sid": "NoDelete", "Effect": "Deny", "Action": ["ecr:PutImage", "ecr:BatchDeleteImage"],
             "Resource": team}]}),
    };
    json!({
        "PolicyName": format!("p{i}"),
        "Arn": format!("arn:aws:iam::{ACCOUNT}:policy/p{i}"),
        "DefaultVersionId": "v2",
        "PolicyVersionList": [
            {"VersionId": "v1", "IsDefaultVersion": false, "Document": {"Statement": []}},
            {"VersionId": "v2", "IsDefaultVersion": true, "Document": doc}
        ]
    })
}

fn attached(i: usize) -> Value {
    json!([
        {"PolicyName": format!("p{}", i % MANAGED), "PolicyArn": format!("arn:aws:iam::{ACCOUNT}:policy/p{}", i % MANAGED)},
        {"PolicyName": format!("p{}", (i * 7 + 3) % MANAGED), "PolicyArn": format!("arn:aws:iam::{ACCOUNT}:policy/p{}", (i * 7 + 3) % MANAGED)}
    ])
}

fn inline(i: usize) -> Value {
    json!([{"PolicyName": "own", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ecr:ListImages",
         "Resource": format!("arn:aws:ecr:eu-west-1:{ACCOUNT}:repository/team-{}/*", i % 20)}]}}])
}

/// The dump as `aws iam get-account-authorization-details` writes it.
fn dump() -> String {
    let roles: Vec<Value> = (0..ROLES)
        .map(|i| {
            let mut r = json!({
                "RoleName": format!("role-{i}"),
                "Arn": format!("arn:aws:iam::{ACCOUNT}:role/svc/role-{i}"),
                "AssumeRolePolicyDocument": {"Statement": []},
                "RolePolicyList": if i % 3 == 0 { inline(i) } else { json!([]) },
                "AttachedManagedPolicies": attached(i),
            });
            if i % 10 == 0 {
                r["PermissionsBoundary"] = json!({"PermissionsBoundaryType": "Policy",
                    "PermissionsBoundaryArn": format!("arn:aws:iam::{ACCOUNT}:policy/p{}", (i / 10) % MANAGED)});
            }
            r
        })
        .collect();
    let users: Vec<Value> = (0..USERS)
        .map(|i| {
            json!({
                "UserName": format!("user-{i}"),
                "Arn": format!("arn:aws:iam::{ACCOUNT}:user/user-{i}"),
                "GroupList": [format!("group-{}", i % GROUPS)],
                "UserPolicyList": if i % 4 == 0 { inline(i) } else { json!([]) },
                "AttachedManagedPolicies": [],
            })
        })
        .collect();
    let groups: Vec<Value> = (0..GROUPS)
        .map(|g| {
            json!({"GroupName": format!("group-{g}"), "GroupPolicyList": inline(g),
                   "AttachedManagedPolicies": attached(g)})
        })
        .collect();
    let policies: Vec<Value> = (0..MANAGED).map(managed).collect();
    serde_json::to_string_pretty(&json!({
        "UserDetailList": users,
        "GroupDetailList": groups,
        "RoleDetailList": roles,
        "Policies": policies,
    }))
    .expect("JSON")
}

fn repository_policy() -> Doc {
    let text = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage"],
         "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}},
        {"Sid": "NoStrangers", "Effect": "Deny", "Principal": "*", "Action": "ecr:*",
         "Condition": {"StringNotEquals": {"aws:PrincipalAccount": ACCOUNT}}}]})
    .to_string();
    Doc::new("repo.json", Policy::parse(&text).expect("a policy"))
}

fn bench(c: &mut Criterion) {
    let text = dump();
    if let Some(path) = std::env::var_os("ECR_POLICY_EXPLAIN_DUMP") {
        std::fs::write(&path, &text).expect("the dump written");
        std::fs::write(
            std::path::Path::new(&path).with_extension("repo.json"),
            json!({"Version": "2012-10-17", "Statement": [
                {"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage"],
                 "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]})
            .to_string(),
        )
        .expect("the repository policy written");
    }
    let docs = DocumentSet {
        repository: Some(repository_policy()),
        ..DocumentSet::default()
    };
    let repo = Repository::parse(REPO, None, None).expect("a repository");
    let asked = Asked::parse(&["push".into()], &[]).expect("push");
    let context = ContextGiven::parse(&[], &[], Some("o-a1b2c3d4e5")).expect("a context");
    let parsed = read_principals(&text).expect("a dump");
    let read = read_policies(&parsed);
    let w = who_can(&parsed, &read, &docs, &repo, &asked, &context).expect("judged");
    println!(
        "{} principals: {} can push, {} cannot, {} not decided ({} KB dump)",
        w.rows.len(),
        w.with(Overall::Allowed).count(),
        w.with(Overall::Denied).count(),
        w.with(Overall::Undecided).count(),
        text.len() / 1024
    );
    let mut g = c.benchmark_group("explain");
    g.sample_size(10);
    g.bench_function("who-can push, 6,000 principals: read the dump", |b| {
        b.iter(|| black_box(read_principals(black_box(&text)).expect("a dump")));
    });
    g.bench_function(
        "who-can push, 6,000 principals: read every document once",
        |b| {
            b.iter(|| black_box(read_policies(black_box(&parsed))));
        },
    );
    g.bench_function("who-can push, 6,000 principals: judge them all", |b| {
        b.iter(|| {
            black_box(who_can(&parsed, &read, &docs, &repo, &asked, &context).expect("judged"))
        });
    });
    g.bench_function("who-can push, 6,000 principals: all three", |b| {
        b.iter(|| {
            let parsed = read_principals(black_box(&text)).expect("a dump");
            let read = read_policies(&parsed);
            black_box(who_can(&parsed, &read, &docs, &repo, &asked, &context).expect("judged"))
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
