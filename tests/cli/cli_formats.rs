//! `generate --format` and `--name` through the real binary: each format carries the policy
//! `generate` prints as JSON, files work for every format, and bad combinations exit 2.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::formats as formats_support;

use std::fs;

use assert_cmd::cargo::cargo_bin_cmd;
use formats_support::{cli_args, cloudformation_document, flag_value, terraform_document};
use serde_json::Value;

const SPEC: &[&str] = &[
    "--region",
    "us-gov-west-1",
    "--account",
    "123456789012",
    "--repo",
    "team/api",
    "--repo",
    "team/*",
    "--require-tag",
    "team=payments",
];

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn generate(extra: &[&str]) -> Run {
    let out = cargo_bin_cmd!("ecr-policy")
        .env_remove("ECR_POLICY_VERBOSE")
        .arg("generate")
        .args(SPEC)
        .args(extra)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn json_policy() -> Value {
    let r = generate(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn ok(extra: &[&str]) -> String {
    let r = generate(extra);
    assert_eq!(r.code, 0, "{extra:?}: {}", r.stderr);
    assert!(r.stdout.ends_with('\n') && !r.stdout.ends_with("\n\n"));
    r.stdout
}

#[test]
fn terraform_output_carries_the_policy_under_the_default_name() {
    for flag in ["terraform", "tf", "TF"] {
        let text = ok(&["--format", flag]);
        let label = "ecr_push_pull_list_team_all_and_1_more";
        assert_eq!(terraform_document(&text, label), json_policy(), "{flag}");
        assert_eq!(
            formats_support::terraform_name(&text, label),
            "ecr-push-pull-list-team-all-and-1-more"
        );
    }
}

#[test]
fn cloudformation_output_carries_the_policy_under_the_given_name() {
    let text = ok(&["--format", "cloudformation", "--name", "ci-push"]);
    let (kind, name, document) = cloudformation_document(&text, "CiPush");
    assert_eq!(kind, "AWS::IAM::ManagedPolicy");
    assert_eq!(name, "ci-push");
    assert_eq!(document, json_policy());
    assert!(text.starts_with(
        "# Deploy: aws cloudformation deploy --template-file FILE --stack-name STACK \
         --capabilities CAPABILITY_NAMED_IAM --region us-gov-west-1\n\
         AWSTemplateFormatVersion: \"2010-09-09\"\n"
    ));
}

#[test]
fn aws_cli_output_runs_as_one_command_in_govcloud() {
    let text = ok(&["--format", "aws-cli", "--name", "ci-push"]);
    let args = cli_args("sh", &text);
    let doc: Value = serde_json::from_str(flag_value(&args, "--policy-document")).unwrap();
    assert_eq!(doc, json_policy());
    assert_eq!(flag_value(&args, "--policy-name"), "ci-push");
    assert_eq!(flag_value(&args, "--region"), "us-gov-west-1");
    assert_eq!(
        flag_value(&args, "--description"),
        "ECR access for team/* and 1 more in us-gov-west-1 (push-pull-list) on repositories \
         tagged team=payments, written by ecr-policy"
    );
}

#[test]
fn output_file_holds_each_format_as_printed() {
    let dir = tempfile::tempdir().unwrap();
    for (format, file) in [
        ("terraform", "ecr.tf"),
        ("cloudformation", "ecr.yaml"),
        ("aws-cli", "ecr.sh"),
        ("json", "ecr.json"),
    ] {
        let path = dir.path().join(file);
        let path_text = path.display().to_string();
        let r = generate(&["--format", format, "--output", &path_text]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.is_empty());
        assert!(r.stderr.contains("saved to"), "{}", r.stderr);
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            ok(&["--format", format])
        );
    }
}

#[test]
fn compact_is_refused_outside_json() {
    for format in ["terraform", "cloudformation", "aws-cli"] {
        let r = generate(&["--compact", "--format", format]);
        assert_eq!(r.code, 2, "{format}: {}", r.stderr);
        assert!(r.stdout.is_empty());
        assert!(
            r.stderr.starts_with(&format!(
                "error: output format \"{format}\" does not take --compact"
            )),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("--format json"), "{}", r.stderr);
    }
    assert_eq!(generate(&["--compact", "--format", "json"]).code, 0);
}

#[test]
fn bad_names_and_formats_are_refused_with_exit_2() {
    for (args, says) in [
        (
            &["--format", "terraform", "--name", "my policy"][..],
            "error: policy name \"my policy\" has ' '",
        ),
        (
            &["--format", "aws-cli", "--name", &"x".repeat(129)][..],
            "has 129 characters",
        ),
        (&["--name", "a/b"][..], "error: policy name \"a/b\" has '/'"),
        (&["--format", "xml"][..], "use one of json, terraform"),
    ] {
        let r = generate(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty());
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn spec_errors_come_first_then_every_option_error() {
    let run = |spec: &[&str]| {
        let out = cargo_bin_cmd!("ecr-policy")
            .arg("generate")
            .args(spec)
            .args(["--format", "tf", "--compact", "--name", "a b"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        String::from_utf8(out.stderr).unwrap()
    };
    let stderr = run(&["--region", "tokyo", "--account", "1", "--repo", "app"]);
    assert!(stderr.contains("region \"tokyo\""), "{stderr}");
    assert!(stderr.contains("account \"1\""), "{stderr}");
    let stderr = run(&[
        "--region",
        "us-east-1",
        "--account",
        "123456789012",
        "--repo",
        "app",
    ]);
    assert!(stderr.contains("--compact"), "{stderr}");
    assert!(stderr.contains("policy name \"a b\""), "{stderr}");
}

#[test]
fn warnings_still_reach_stderr_in_other_formats() {
    let out = cargo_bin_cmd!("ecr-policy")
        .env_remove("ECR_POLICY_VERBOSE")
        .args(["generate", "--region", "*", "--account", "123456789012"])
        .args(["--repo", "app", "--preset", "push", "--format", "cfn"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("warning [wildcard-region-write]"),
        "{stderr}"
    );
}

/// README's "Output formats" examples: each "`ecr-policy generate ...`:" line followed by a
/// fenced block that must be exactly what the binary prints.
#[test]
fn readme_examples_are_what_the_binary_prints() {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split("\n## Output formats\n")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let mut lines = section.lines();
    let mut checked = Vec::new();
    while let Some(line) = lines.next() {
        let Some(command) = line
            .strip_prefix("`ecr-policy generate ")
            .and_then(|l| l.strip_suffix("`:"))
        else {
            continue;
        };
        let args: Vec<String> = command.split(' ').map(|a| a.replace('\'', "")).collect();
        let fence = lines.by_ref().find(|l| l.starts_with("```")).unwrap();
        let mut shown = String::new();
        for l in lines.by_ref().take_while(|l| *l != "```") {
            shown.push_str(l);
            shown.push('\n');
        }
        let out = cargo_bin_cmd!("ecr-policy")
            .arg("generate")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), shown, "{command}");
        checked.push(fence.to_string());
    }
    assert_eq!(checked, ["```hcl", "```yaml", "```sh"]);
}
