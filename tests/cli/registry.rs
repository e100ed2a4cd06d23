//! The registry policy through the binary: `generate --document registry` for cross-account
//! replication and a cross-account pull-through cache (every format), the cache's documents
//! fixed, and `check` recognising a registry policy (Terraform, `CloudFormation`, `--kind`).

use std::path::PathBuf;

use assert_cmd::cargo::cargo_bin_cmd;
use hcl::eval::{Context, Evaluate};
use serde_json::Value;

use crate::access_grants::generate;
use crate::support::formats::{cli_args, flag_value, shells};

const CACHE: &[&str] = &[
    "--region",
    "eu-west-1",
    "--account",
    "111122223333",
    "--preset",
    "pull-through-cache",
    "--cache-prefix",
    "docker-hub",
    "--principal",
    "arn:aws:iam::222233334444:role/ci",
];

const REPLICATION: &[&str] = &[
    "--region",
    "us-west-2",
    "--account",
    "444455556666",
    "--repo",
    "*",
    "--principal",
    "111122223333",
];

fn with<'a>(base: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    let mut v = base.to_vec();
    v.extend_from_slice(more);
    v
}

/// The reproduction: a cross-account cache used to get a repository policy "set on
/// docker-hub/*", which cannot work (the repository does not exist before the first pull).
#[test]
fn a_cross_account_cache_gets_the_registry_policy_not_a_repository_policy() {
    let identity = generate(CACHE, None);
    assert_eq!(identity.code, 0, "{}", identity.stderr);
    assert!(
        !identity.stderr.contains("--document repository"),
        "{}",
        identity.stderr
    );
    assert!(
        identity.stderr.contains("only in the registry policy")
            && identity.stderr.contains("--document registry"),
        "{}",
        identity.stderr
    );
    let repository = generate(&with(CACHE, &["--document", "repository"]), None);
    assert_eq!(repository.code, 2, "{}", repository.stdout);
    assert!(
        repository
            .stderr
            .contains("do not exist before the first pull"),
        "{}",
        repository.stderr
    );
    let registry = generate(&with(CACHE, &["--document", "registry"]), None);
    assert_eq!(registry.code, 0, "{}", registry.stderr);
    let doc: Value = serde_json::from_str(&registry.stdout).unwrap();
    let first = &doc["Statement"][0];
    assert_eq!(
        first["Action"],
        serde_json::json!(["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"])
    );
    assert_eq!(
        first["Resource"],
        "arn:aws:ecr:eu-west-1:111122223333:repository/docker-hub/*"
    );
    assert_eq!(
        first["Principal"]["AWS"],
        "arn:aws:iam::222233334444:role/ci"
    );
    assert!(
        registry.stderr.contains("REGISTRY_POLICY_SCOPE"),
        "{}",
        registry.stderr
    );
    // The command the identity notes print writes exactly this.
    let line = identity
        .stderr
        .lines()
        .skip_while(|l| !l.contains("only in the registry policy"))
        .nth(1)
        .unwrap()
        .trim()
        .replace('\'', "");
    let args: Vec<&str> = line.split(' ').skip(2).collect();
    let again = generate(&args, None);
    assert_eq!(again.stdout, registry.stdout, "{line}");
    // The extra grant keeps its repository policy; the cache's is left out with the reason.
    let mixed = generate(
        &with(CACHE, &["--grant", "pull:api", "--document", "repository"]),
        None,
    );
    assert_eq!(mixed.code, 0, "{}", mixed.stderr);
    assert!(
        mixed
            .stderr
            .contains("no repository policy for docker-hub/*")
    );
    assert!(!mixed.stdout.contains("ecr:BatchImportUpstreamImage"));
}

#[test]
fn replication_writes_aws_example_for_the_source_account() {
    let r = generate(&with(REPLICATION, &["--document", "registry"]), None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let want: Value = serde_json::from_str(
        r#"{"Version": "2012-10-17", "Statement": [{
            "Sid": "ReplicationAccessCrossAccount", "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
            "Resource": "arn:aws:ecr:us-west-2:444455556666:repository/*"}]}"#,
    )
    .unwrap();
    assert_eq!(serde_json::from_str::<Value>(&r.stdout).unwrap(), want);
    assert!(
        r.stderr.contains("put-replication-configuration"),
        "{}",
        r.stderr
    );
    // --preset replication is the registry policy without --document.
    let preset = generate(&with(REPLICATION, &["--preset", "replication"]), None);
    assert_eq!(preset.stdout, r.stdout);
    for (more, want) in [
        (
            &["--preset", "replication", "--document", "identity"][..],
            "only in the destination",
        ),
        (
            &["--preset", "replication", "--document", "repository"][..],
            "only in the destination",
        ),
        (
            &["--preset", "pull", "--document", "registry"][..],
            "--document repository",
        ),
    ] {
        let bad = generate(&with(REPLICATION, more), None);
        assert_eq!(bad.code, 2, "{more:?}");
        assert!(bad.stderr.contains(want), "{more:?}: {}", bad.stderr);
    }
    let role = generate(
        &[
            "--region",
            "us-west-2",
            "--account",
            "444455556666",
            "--repo",
            "*",
            "--preset",
            "replication",
            "--principal",
            "arn:aws:iam::111122223333:role/x",
        ],
        None,
    );
    assert_eq!(role.code, 2);
    assert!(
        role.stderr.contains("--principal 111122223333"),
        "{}",
        role.stderr
    );
}

#[test]
fn every_format_carries_the_registry_policy() {
    let json: Value =
        serde_json::from_str(&generate(&with(CACHE, &["--document", "registry"]), None).stdout)
            .unwrap();
    let tf = generate(
        &with(CACHE, &["--document", "registry", "--format", "terraform"]),
        None,
    );
    assert_eq!(tf.code, 0, "{}", tf.stderr);
    let body = hcl::parse(&tf.stdout).unwrap();
    let block = body.blocks().next().unwrap();
    let labels: Vec<&str> = block.labels.iter().map(hcl::BlockLabel::as_str).collect();
    assert_eq!(labels, ["aws_ecr_registry_policy", "pull_through_cache"]);
    let hcl::Expression::FuncCall(call) = &block.body.attributes().next().unwrap().expr else {
        panic!("not jsonencode");
    };
    let value = call.args[0].evaluate(&Context::new()).unwrap();
    assert_eq!(serde_json::to_value(value).unwrap(), json);
    let cfn = generate(
        &with(
            CACHE,
            &["--document", "registry", "--format", "cloudformation"],
        ),
        None,
    );
    let yaml: Value = serde_norway::from_str(&cfn.stdout).unwrap();
    let resource = &yaml["Resources"]["RegistryPolicy"];
    assert_eq!(resource["Type"], "AWS::ECR::RegistryPolicy");
    assert_eq!(resource["Properties"]["PolicyText"], json);
    let cli = generate(
        &with(CACHE, &["--document", "registry", "--format", "aws-cli"]),
        None,
    );
    for shell in shells() {
        let args = cli_args(shell, &cli.stdout);
        assert_eq!(&args[..2], ["ecr", "put-registry-policy"], "{shell}");
        assert_eq!(flag_value(&args, "--region"), "eu-west-1");
        let text: Value = serde_json::from_str(flag_value(&args, "--policy-text")).unwrap();
        assert_eq!(text, json, "{shell}");
    }
    assert!(
        cli.stdout.contains("--region 'eu-west-1'"),
        "{}",
        cli.stdout
    );
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check/registry")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn check(args: &[&str]) -> (i32, Value) {
    let out = cargo_bin_cmd!("ecr-policy")
        .arg("check")
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stdout));
    });
    (out.status.code().unwrap(), report)
}

fn codes(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["policy"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The reproduction: `check` took a registry policy for a repository policy (and a Sid with a
/// space in Terraform's own repository policy example for an error).
#[test]
fn check_knows_registry_policies_where_they_live() {
    let (code, report) = check(&[&fixture("registry.tf")]);
    assert_eq!(code, 0, "{report}");
    let found = codes(&report);
    assert!(
        found.contains(&(
            "registry-scope-v2".to_string(),
            "data.aws_iam_policy_document.cache".to_string()
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "repo-resource-other-repository".to_string(),
            "aws_ecr_repository_policy.web".to_string()
        )),
        "{found:?}"
    );
    assert!(!found.iter().any(|(c, _)| c == "sid-invalid"), "{found:?}");
    let (code, report) = check(&["--registry-scope", "v1", &fixture("registry.tf")]);
    assert_eq!(code, 1);
    assert!(
        codes(&report)
            .iter()
            .any(|(c, _)| c == "registry-action-v1")
    );
    let (code, report) = check(&[&fixture("registry.yaml")]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&report)
            .iter()
            .filter(|(c, _)| c.starts_with("registry-"))
            .collect::<Vec<_>>(),
        [&(
            "registry-resource-missing".to_string(),
            "NoResource".to_string()
        )]
    );
    // A plain file is a registry policy only when told.
    let (code, report) = check(&[&fixture("replication.json")]);
    assert_eq!((code, codes(&report)), (0, Vec::new()));
    let (_, report) = check(&["--kind", "registry", &fixture("replication.json")]);
    assert_eq!(
        codes(&report),
        [("registry-scope-v2".to_string(), String::new())]
    );
    let (code, report) = check(&[
        "--kind",
        "registry",
        "--registry-scope",
        "v1",
        &fixture("replication.json"),
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&report),
        [("registry-action-v1".to_string(), String::new())]
    );
}

#[test]
fn sarif_describes_the_registry_rules() {
    let out = cargo_bin_cmd!("ecr-policy")
        .args(["check", "--format", "sarif", "--registry-scope", "v1"])
        .arg(fixture("registry.tf"))
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let rule = rules
        .iter()
        .find(|r| r["id"] == "registry-action-v1")
        .unwrap();
    assert_eq!(rule["defaultConfiguration"]["level"], "warning");
    assert_ne!(rule["shortDescription"]["text"], "registry-action-v1");
}
