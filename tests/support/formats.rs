//! Helpers for the format tests: a spread of specs, and readers that take each format apart with
//! a real parser (hcl-rs, a YAML parser, sh/bash/zsh) and return the policy it carries.

#![allow(dead_code)]

use std::process::Command;
use std::sync::OnceLock;

use ecr_policy::policy::emit::format::{Format, PolicyName, render_policy_as};
use ecr_policy::policy::emit::render::{JsonStyle, Policy, to_json};
use ecr_policy::policy::spec::catalog::ActionSet;
use ecr_policy::policy::spec::tasks::{PRESETS, find_task};
use ecr_policy::policy::{Spec, SpecInput, validate};
use hcl::eval::{Context, Evaluate};
use serde_json::Value;

pub const ACCT: &str = "123456789012";

pub fn spec(
    region: &str,
    partition: Option<&str>,
    repos: &[&str],
    actions: ActionSet,
    tags: &[&str],
) -> Spec {
    validate(&SpecInput {
        region: Some(region.to_string()),
        partition: partition.map(String::from),
        account: Some(ACCT.to_string()),
        repositories: repos.iter().map(|s| (*s).to_string()).collect(),
        actions,
        tags: tags.iter().map(|s| (*s).to_string()).collect(),
    })
    .unwrap_or_else(|e| panic!("{region} {repos:?} {tags:?}: {e:?}"))
}

/// Region, partition, repositories and tag conditions.
type Target<'a> = (&'a str, Option<&'a str>, Vec<&'a str>, Vec<&'a str>);

/// Every preset on each of several targets (partitions, region `*`, one and many repositories,
/// wildcards, tag conditions), plus registry-only policies; each with a label for messages.
pub fn specs() -> Vec<(String, Spec)> {
    let many: Vec<String> = (1..=12).map(|i| format!("team/service-{i:02}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let all_tags = [
        "team=payments",
        "env=",
        "cost:center=a/b+c@d=e",
        "Zürich Team=é",
    ];
    let targets: Vec<Target<'_>> = vec![
        ("us-east-1", None, vec!["my-app"], vec![]),
        (
            "us-gov-west-1",
            None,
            vec!["team/api", "team/worker"],
            vec!["team=payments"],
        ),
        ("cn-north-1", None, vec!["*"], vec!["env="]),
        (
            "*",
            Some("aws-cn"),
            vec!["team/*", "web"],
            vec!["cost:center=a/b+c@d=e", "Zürich Team=é"],
        ),
        ("eu-west-1", None, many.clone(), all_tags.to_vec()),
        ("us-iso-east-1", None, vec!["team-*", "base"], vec![]),
    ];
    let mut out = Vec::new();
    for preset in PRESETS {
        for (region, partition, repos, tags) in &targets {
            out.push((
                format!("{} in {region} on {repos:?} tagged {tags:?}", preset.id),
                spec(region, *partition, repos, preset.set(), tags),
            ));
        }
    }
    let admin = find_task("registry-admin").unwrap().set();
    let login = find_task("login").unwrap().set();
    for (region, partition) in [("us-east-1", None), ("*", Some("aws-us-gov"))] {
        out.push((
            format!("registry admin in {region}"),
            spec(region, partition, &[], admin.union(login), &[]),
        ));
    }
    out
}

/// The policy `policy = jsonencode(...)` of `resource "aws_iam_policy" "<label>"`, evaluated by
/// hcl-rs (which also undoes `$${` and `%%{`).
pub fn terraform_document(text: &str, label: &str) -> Value {
    let expr = terraform_attribute(text, label, "policy");
    let hcl::Expression::FuncCall(call) = expr else {
        panic!("policy is not a function call: {expr:?}");
    };
    assert_eq!(call.name.name.as_str(), "jsonencode");
    assert!(call.name.namespace.is_empty());
    assert_eq!(call.args.len(), 1);
    assert!(!call.expand_final);
    assert!(
        matches!(call.args[0], hcl::Expression::Object(_)),
        "jsonencode's argument is not an HCL object"
    );
    let value = call.args[0].evaluate(&Context::new()).unwrap();
    serde_json::to_value(value).unwrap()
}

/// The `name` of `resource "aws_iam_policy" "<label>"`.
pub fn terraform_name(text: &str, label: &str) -> String {
    let value = terraform_attribute(text, label, "name")
        .evaluate(&Context::new())
        .unwrap();
    match value {
        hcl::Value::String(s) => s,
        other => panic!("name is {other:?}"),
    }
}

fn terraform_attribute(text: &str, label: &str, key: &str) -> hcl::Expression {
    let body = hcl::parse(text).unwrap_or_else(|e| panic!("not HCL ({e}):\n{text}"));
    let block = body
        .blocks()
        .find(|b| {
            let labels: Vec<&str> = b.labels.iter().map(hcl::BlockLabel::as_str).collect();
            b.identifier.as_str() == "resource" && labels == ["aws_iam_policy", label]
        })
        .unwrap_or_else(|| panic!("no resource aws_iam_policy {label}:\n{text}"));
    block
        .body
        .attributes()
        .find(|a| a.key.as_str() == key)
        .unwrap_or_else(|| panic!("no {key}"))
        .expr
        .clone()
}

/// `(Type, ManagedPolicyName, PolicyDocument)` of resource `id` in a YAML template.
pub fn cloudformation_document(text: &str, id: &str) -> (String, String, Value) {
    let doc: serde_norway::Value =
        serde_norway::from_str(text).unwrap_or_else(|e| panic!("not YAML ({e}):\n{text}"));
    let resource = &doc["Resources"][id];
    let string =
        |v: &serde_norway::Value| v.as_str().unwrap_or_else(|| panic!("{v:?}")).to_string();
    let document =
        serde_norway::from_value(resource["Properties"]["PolicyDocument"].clone()).unwrap();
    (
        string(&resource["Type"]),
        string(&resource["Properties"]["ManagedPolicyName"]),
        document,
    )
}

/// The shells to run the CLI format in: sh always, bash and zsh when installed.
pub fn shells() -> &'static [&'static str] {
    static FOUND: OnceLock<Vec<&'static str>> = OnceLock::new();
    FOUND.get_or_init(|| {
        let mut found = vec!["sh"];
        for shell in ["bash", "zsh"] {
            if Command::new(shell).arg("-c").arg("true").output().is_ok() {
                found.push(shell);
            } else {
                eprintln!("note: {shell} is not installed; the AWS CLI format is not run in it");
            }
        }
        found
    })
}

/// Runs a script in `shell` with `aws` defined as a function that prints each argument
/// NUL-terminated; returns the arguments.
pub fn cli_args(shell: &str, script: &str) -> Vec<String> {
    let program =
        format!("aws() {{ for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }}\n{script}\n");
    let out = Command::new(shell).arg("-c").arg(program).output().unwrap();
    assert!(
        out.status.success(),
        "{shell} failed: {}\n{script}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{shell}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut args: Vec<String> = text.split('\0').map(String::from).collect();
    assert_eq!(
        args.pop().as_deref(),
        Some(""),
        "every argument ends in NUL"
    );
    args
}

/// The value of `--flag value` or `--flag=value`.
pub fn flag_value<'a>(args: &'a [String], flag: &str) -> &'a str {
    let attached = format!("{flag}=");
    for (i, a) in args.iter().enumerate() {
        if a == flag {
            return &args[i + 1];
        }
        if let Some(v) = a.strip_prefix(&attached) {
            return v;
        }
    }
    panic!("no {flag} in {args:?}")
}

/// Renders a hand-built policy in every format and checks each carries exactly its JSON.
pub fn assert_every_format_carries(policy: &Policy, name: &PolicyName) {
    let want: Value = serde_json::from_str(&to_json(policy, JsonStyle::Pretty)).unwrap();
    let tf = render_policy_as(policy, Format::Terraform, name);
    assert_eq!(
        terraform_document(&tf, &name.terraform_label()),
        want,
        "\n{tf}"
    );
    let cfn = render_policy_as(policy, Format::CloudFormation, name);
    let (_, policy_name, document) = cloudformation_document(&cfn, &name.logical_id());
    assert_eq!(document, want, "\n{cfn}");
    assert_eq!(policy_name, name.as_str());
    let cli = render_policy_as(policy, Format::AwsCli, name);
    for shell in shells() {
        let args = cli_args(shell, &cli);
        let doc: Value = serde_json::from_str(flag_value(&args, "--policy-document")).unwrap();
        assert_eq!(doc, want, "{shell}\n{cli}");
        assert_eq!(flag_value(&args, "--policy-name"), name.as_str(), "{shell}");
    }
}
