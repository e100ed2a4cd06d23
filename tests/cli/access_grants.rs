//! `generate`'s access path with several grants (`--grant`, a `--from` file with several
//! statements): the identity policy is the whole plain policy, the repository policies cover
//! every grant, and flags that cannot take extra grants refuse them instead of dropping them.

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

pub(crate) const REG: &str = "111122223333";
pub(crate) const CI: &str = "arn:aws:iam::222233334444:role/ci";

pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub(crate) fn generate(args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = cargo_bin_cmd!("ecr-policy");
    cmd.env_remove("ECR_POLICY_VERBOSE")
        .arg("generate")
        .args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

pub(crate) fn args<'a>(more: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["--region", "eu-west-1", "--account", REG];
    v.extend_from_slice(more);
    v
}

/// The `generate` command the notes give after `Write it with:` / `Write them with:`, as
/// arguments (the tests use values that need no quoting).
fn hint(stderr: &str) -> Vec<String> {
    let line = stderr
        .split_once("with:\n  ecr-policy generate ")
        .unwrap_or_else(|| panic!("no command in {stderr}"))
        .1
        .lines()
        .next()
        .unwrap();
    line.split(' ').map(String::from).collect()
}

/// Each `resource "aws_ecr_repository_policy" "LABEL" { … }` block, by label.
pub(crate) fn terraform_blocks(text: &str) -> Vec<(String, String)> {
    text.split("resource \"aws_ecr_repository_policy\" \"")
        .skip(1)
        .map(|b| {
            let (label, rest) = b.split_once('"').unwrap();
            let body = rest.split("\n}").next().unwrap();
            (label.to_string(), body.to_string())
        })
        .collect()
}

/// `repository-name -> actions` of every `aws ecr set-repository-policy` command.
pub(crate) fn cli_policies(text: &str) -> Vec<(String, Vec<String>)> {
    text.split("aws ecr set-repository-policy")
        .skip(1)
        .map(|cmd| {
            let name = cmd
                .split("--repository-name ")
                .nth(1)
                .unwrap()
                .split_whitespace()
                .next()
                .unwrap()
                .to_string();
            let json = cmd.split("--policy-text '").nth(1).unwrap();
            let json = json.split("'\n").next().unwrap().trim_end_matches('\'');
            let doc: Value = serde_json::from_str(json).unwrap();
            (name, actions(&doc))
        })
        .collect()
}

pub(crate) fn actions(doc: &Value) -> Vec<String> {
    doc["Statement"][0]["Action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn identity_with_grants_and_a_principal_is_the_plain_policy_plus_where_it_goes() {
    for format in ["json", "terraform", "aws-cli"] {
        let plain = generate(
            &args(&["--repo", "web", "--grant", "pull:api", "--format", format]),
            None,
        );
        assert_eq!(plain.code, 0, "{}", plain.stderr);
        assert!(plain.stdout.contains("repository/api"), "{}", plain.stdout);
        for document in [&["--document", "identity"][..], &[]] {
            let mut more = vec![
                "--repo",
                "web",
                "--grant",
                "pull:api",
                "--format",
                format,
                "--principal",
                CI,
            ];
            more.extend_from_slice(document);
            let r = generate(&args(&more), None);
            assert_eq!(r.code, 0, "{}", r.stderr);
            assert_eq!(r.stdout, plain.stdout, "{format} {document:?}");
            assert!(r.stderr.starts_with(&plain.stderr), "{}", r.stderr);
            assert!(
                r.stderr
                    .contains("Attach the identity policy to role ci in account 222233334444"),
                "{}",
                r.stderr
            );
        }
    }
    // Without a principal, --document identity is the plain policy too.
    let plain = generate(&args(&["--repo", "web", "--grant", "push:api"]), None);
    let r = generate(
        &args(&[
            "--repo",
            "web",
            "--grant",
            "push:api",
            "--document",
            "identity",
        ]),
        None,
    );
    assert_eq!(
        (r.code, &r.stdout, &r.stderr),
        (0, &plain.stdout, &plain.stderr)
    );
}

#[test]
fn the_identity_notes_give_the_command_for_every_repository_policy() {
    // The same actions on both: one document, in JSON, set on both repositories.
    let r = generate(
        &args(&[
            "--repo",
            "web",
            "--preset",
            "pull",
            "--grant",
            "pull:api",
            "--principal",
            CI,
        ]),
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("In account 111122223333: set the repository policy on api and web."),
        "{}",
        r.stderr
    );
    let words = hint(&r.stderr);
    assert!(words.join(" ").contains("--grant pull:api"), "{words:?}");
    let repo = generate(&words.iter().map(String::as_str).collect::<Vec<_>>(), None);
    assert_eq!(repo.code, 0, "{}", repo.stderr);
    let doc: Value = serde_json::from_str(&repo.stdout).unwrap();
    assert_eq!(
        actions(&doc),
        [
            "ecr:BatchCheckLayerAvailability",
            "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer"
        ]
    );
    // Different actions: two documents, and a format that holds both.
    let r = generate(
        &args(&["--repo", "web", "--grant", "pull:api", "--principal", CI]),
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let words = hint(&r.stderr);
    let joined = words.join(" ");
    assert!(joined.contains("--grant pull:api"), "{joined}");
    assert!(joined.ends_with("--format aws-cli"), "{joined}");
    let repo = generate(&words.iter().map(String::as_str).collect::<Vec<_>>(), None);
    assert_eq!(repo.code, 0, "{}", repo.stderr);
    let policies = cli_policies(&repo.stdout);
    assert_eq!(policies.len(), 2, "{}", repo.stdout);
    assert_eq!(policies[0].0, "web");
    assert_eq!(policies[0].1.len(), 11, "{:?}", policies[0].1);
    assert_eq!(policies[1].0, "api");
    assert_eq!(policies[1].1.len(), 3, "{:?}", policies[1].1);
}

#[test]
fn grants_with_the_same_actions_share_one_repository_policy() {
    let r = generate(
        &args(&[
            "--repo",
            "web",
            "--preset",
            "pull",
            "--grant",
            "pull:api",
            "--principal",
            CI,
            "--document",
            "repository",
        ]),
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let one = generate(
        &args(&[
            "--repo",
            "api",
            "--repo",
            "web",
            "--preset",
            "pull",
            "--principal",
            CI,
            "--document",
            "repository",
        ]),
        None,
    );
    assert_eq!(r.stdout, one.stdout);
    assert_eq!(r.stderr, one.stderr);
}

#[test]
fn different_actions_in_json_exit_2_naming_each_document_and_its_command() {
    let r = generate(
        &args(&[
            "--repo",
            "web",
            "--grant",
            "pull:api",
            "--principal",
            CI,
            "--document",
            "repository",
        ]),
        None,
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    assert!(r.stderr.contains("need 2"), "{}", r.stderr);
    assert!(
        r.stderr.contains("--format terraform or --format aws-cli"),
        "{}",
        r.stderr
    );
    // Each document is named with its actions and the command that writes it alone.
    for (repo, count) in [("web", 11), ("api", 3)] {
        let line = r
            .stderr
            .lines()
            .find(|l| l.contains(&format!(". on {repo} in account {REG}")))
            .unwrap_or_else(|| panic!("{repo}: {}", r.stderr));
        assert_eq!(line.matches("ecr:").count(), count, "{line}");
        let command = r
            .stderr
            .lines()
            .find(|l| l.contains(&format!("--repo {repo} ")))
            .unwrap();
        let words: Vec<&str> = command
            .trim()
            .strip_prefix("ecr-policy generate ")
            .unwrap()
            .split(' ')
            .collect();
        let alone = generate(&words, None);
        assert_eq!(alone.code, 0, "{}", alone.stderr);
        let doc: Value = serde_json::from_str(&alone.stdout).unwrap();
        assert_eq!(actions(&doc).len(), count);
    }
}

#[test]
fn terraform_and_the_aws_cli_hold_every_repository_policy_with_its_own_actions() {
    let both = |format: &str| {
        generate(
            &args(&[
                "--repo",
                "web",
                "--grant",
                "pull:api",
                "--principal",
                CI,
                "--document",
                "repository",
                "--format",
                format,
            ]),
            None,
        )
    };
    let alone = |repo: &str, preset: &str, format: &str| {
        let r = generate(
            &args(&[
                "--repo",
                repo,
                "--preset",
                preset,
                "--principal",
                CI,
                "--document",
                "repository",
                "--format",
                format,
            ]),
            None,
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let tf = both("terraform");
    assert_eq!(tf.code, 0, "{}", tf.stderr);
    let blocks = terraform_blocks(&tf.stdout);
    let labels: Vec<&str> = blocks.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["web", "api"]);
    for ((_, body), (repo, preset)) in blocks
        .iter()
        .zip([("web", "push-pull-list"), ("api", "pull")])
    {
        let single = terraform_blocks(&alone(repo, preset, "terraform"));
        assert_eq!(&single[0].1, body, "{repo}");
    }
    assert!(
        tf.stderr
            .contains("each set gets its own repository policy (2)"),
        "{}",
        tf.stderr
    );
    assert!(
        tf.stderr.contains("left out of the repository policy")
            && tf.stderr.contains("ecr:GetAuthorizationToken"),
        "{}",
        tf.stderr
    );
    let cli = both("aws-cli");
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    for (name, acts) in cli_policies(&cli.stdout) {
        let preset = if name == "web" {
            "push-pull-list"
        } else {
            "pull"
        };
        assert_eq!(
            cli_policies(&alone(&name, preset, "aws-cli"))[0].1,
            acts,
            "{name}"
        );
    }
    // One account and region: one template holding both.
    let cfn = both("cloudformation");
    assert_eq!(cfn.code, 0, "{}", cfn.stderr);
    assert_eq!(cfn.stdout.matches("AWSTemplateFormatVersion").count(), 1);
    assert!(cfn.stdout.contains("  WebRepository:\n"), "{}", cfn.stdout);
    assert!(cfn.stdout.contains("  ApiRepository:\n"), "{}", cfn.stdout);
}
