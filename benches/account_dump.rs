//! `check` on an account dump of 5,000 policies (`aws iam get-account-authorization-details`
//! shape): the engine's own output for every preset, plus hand-written mistakes, as managed
//! policies (with an older non-default version each), and user, group and role inline policies.
//! `ECR_POLICY_DUMP=path` also writes the dump there, for whole-process and parliament runs.

// A benchmark is a test harness: a broken fixture should stop it loudly.
#![allow(clippy::expect_used)]
// A benchmark reports its figures on the terminal that runs it.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::disallowed_macros)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ecr_policy::policy::audit::located::audit_source;
use ecr_policy::policy::import::sources::{SourceKind, read_source};
use ecr_policy::policy::spec::tasks::PRESETS;
use ecr_policy::policy::{SpecInput, validate};
use serde_json::{Value, json};

const POLICIES: usize = 5_000;
const CREATED: &str = "2024-01-01T00:00:00Z";
const REGIONS: [&str; 4] = ["us-east-1", "eu-west-1", "us-gov-west-1", "cn-north-1"];

/// Hand-written mistakes, one in every ten policies.
fn mistake(i: usize) -> Value {
    let arn = format!("arn:aws:ecr:us-east-1:123456789012:repository/app-{i}");
    match i % 5 {
        0 => json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage"], "Resource": arn}]}),
        1 => json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "ecr:BatchGetImage",
             "Resource": "arn:aws:ecr:us-gov-west-1:123456789012:repository/web"}]}),
        2 => json!({"Statement": [
            {"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]}),
        3 => json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "ecr:BatchGetImage",
             "Resource": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web"}]}),
        _ => json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "Push-1", "Effect": "Allow", "Action": ["ecr:PutImage", "ecr:PullImage"], "Resource": arn}]}),
    }
}

/// The engine's output for policy `i`: a preset over a few repositories in one region.
fn generated(i: usize) -> Value {
    let preset = &PRESETS[i % PRESETS.len()];
    let spec = validate(&SpecInput {
        region: Some(REGIONS[i % REGIONS.len()].into()),
        account: Some("123456789012".into()),
        repositories: (0..=(i % 4))
            .map(|r| format!("team-{}/svc-{r}", i % 50))
            .collect(),
        actions: preset.set(),
        ..SpecInput::default()
    })
    .expect("a valid spec");
    let text = ecr_policy::policy::render(&spec, ecr_policy::policy::JsonStyle::Compact);
    serde_json::from_str(&text).expect("the engine writes JSON")
}

fn document(i: usize) -> Value {
    if i % 10 == 9 {
        mistake(i)
    } else {
        generated(i)
    }
}

/// A dump with `POLICIES` policies: half managed, the rest inline on users, groups and roles.
fn dump() -> String {
    let managed = POLICIES / 2;
    let policies: Vec<Value> = (0..managed)
        .map(|i| {
            json!({
                "PolicyName": format!("p{i}"),
                "PolicyId": format!("ANPA{i:017}"),
                "Arn": format!("arn:aws:iam::123456789012:policy/p{i}"),
                "Path": "/",
                "DefaultVersionId": "v2",
                "AttachmentCount": 1,
                "PermissionsBoundaryUsageCount": 0,
                "IsAttachable": true,
                "CreateDate": CREATED,
                "UpdateDate": CREATED,
                "PolicyVersionList": [
                    {"VersionId": "v1", "IsDefaultVersion": false, "CreateDate": CREATED,
                     "Document": mistake(i)},
                    {"VersionId": "v2", "IsDefaultVersion": true, "CreateDate": CREATED,
                     "Document": document(i)}
                ]
            })
        })
        .collect();
    // Users, groups and roles with the fields a real dump has (parliament reads them too).
    let inline = |kind: &str, list_key: &str, from: usize, to: usize| -> Vec<Value> {
        (from..to)
            .map(|i| {
                let name = format!("{kind}{i}");
                let mut entity = json!({
                    "Path": "/",
                    "Arn": format!("arn:aws:iam::123456789012:{kind}/{name}"),
                    "CreateDate": CREATED,
                    "AttachedManagedPolicies": [],
                    list_key: [{"PolicyName": format!("inline{i}"), "PolicyDocument": document(i)}]
                });
                let (name_key, id_key, id) = match kind {
                    "user" => ("UserName", "UserId", format!("AIDA{i:017}")),
                    "group" => ("GroupName", "GroupId", format!("AGPA{i:017}")),
                    _ => ("RoleName", "RoleId", format!("AROA{i:017}")),
                };
                entity[name_key] = json!(name);
                entity[id_key] = json!(id);
                match kind {
                    "user" => entity["GroupList"] = json!([]),
                    "role" => {
                        entity["AssumeRolePolicyDocument"] = json!({"Version": "2012-10-17",
                            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                "Principal": {"Service": "ec2.amazonaws.com"}}]});
                        entity["InstanceProfileList"] = json!([]);
                    }
                    _ => {}
                }
                entity
            })
            .collect()
    };
    let third = (POLICIES - managed) / 3;
    let (a, b, c) = (managed, managed + third, managed + 2 * third);
    let dump = json!({
        "UserDetailList": inline("user", "UserPolicyList", a, b),
        "GroupDetailList": inline("group", "GroupPolicyList", b, c),
        "RoleDetailList": inline("role", "RolePolicyList", c, POLICIES),
        "Policies": policies
    });
    serde_json::to_string_pretty(&dump).expect("serialisable")
}

fn bench(c: &mut Criterion) {
    let text = dump();
    if let Ok(path) = std::env::var("ECR_POLICY_DUMP") {
        std::fs::write(&path, &text).expect("the dump is written");
    }
    let check = |t: &str| {
        let src = read_source(SourceKind::AccountDump, t, &|_| None);
        audit_source("account.json", &src)
    };
    let audit = check(&text);
    eprintln!(
        "account dump bench: {} bytes, {} policies, {} findings",
        text.len(),
        audit.policies,
        audit.findings.len()
    );
    assert_eq!(audit.policies, POLICIES);
    c.bench_function("check_account_dump_5000", |b| {
        b.iter(|| check(black_box(&text)));
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
