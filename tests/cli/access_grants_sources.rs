//! `generate`'s access path with grants from other sources: a `--from` file with statements in
//! two registries and one kept as written, the pull-through cache, a service and an own-account
//! role; and the flags that refuse extra grants rather than drop them.

use serde_json::Value;

use super::access_grants::{CI, actions, args, cli_policies, generate, terraform_blocks};

const TWO_ACCOUNTS: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Pull", "Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
   "Resource": "arn:aws:ecr:eu-west-1:111122223333:repository/web"},
  {"Sid": "Push", "Effect": "Allow",
   "Action": ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage"],
   "Resource": "arn:aws:ecr:us-east-1:444455556666:repository/api"},
  {"Sid": "Login", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
  {"Sid": "NoDeletes", "Effect": "Deny", "Action": "ecr:DeleteRepository", "Resource": "*"}
]}"#;

#[test]
fn every_statement_of_a_from_file_reaches_both_documents() {
    let plain = generate(&["--from", "-"], Some(TWO_ACCOUNTS));
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    let r = generate(&["--from", "-", "--principal", CI], Some(TWO_ACCOUNTS));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, plain.stdout);
    assert!(r.stderr.starts_with(&plain.stderr), "{}", r.stderr);
    for needed in ["repository/web", "repository/api", "NoDeletes"] {
        assert!(r.stdout.contains(needed), "{needed}: {}", r.stdout);
    }
    assert!(
        r.stderr
            .contains("repositories are in account 111122223333 and 444455556666"),
        "{}",
        r.stderr
    );
    // Two registries: Terraform writes both, each under the account that sets it.
    let tf = generate(
        &[
            "--from",
            "-",
            "--principal",
            CI,
            "--document",
            "repository",
            "--format",
            "terraform",
        ],
        Some(TWO_ACCOUNTS),
    );
    assert_eq!(tf.code, 0, "{}", tf.stderr);
    assert!(
        tf.stdout
            .contains("# Set in account 111122223333 (eu-west-1)")
            && tf
                .stdout
                .contains("# Set in account 444455556666 (us-east-1)"),
        "{}",
        tf.stdout
    );
    let blocks = terraform_blocks(&tf.stdout);
    assert_eq!(blocks.len(), 2);
    assert!(blocks[0].1.contains("\"ecr:GetDownloadUrlForLayer\""));
    assert!(!blocks[0].1.contains("PutImage"));
    assert!(blocks[1].1.contains("\"ecr:PutImage\""));
    assert!(
        tf.stderr.contains("statement 4 (NoDeletes)"),
        "the kept statement is named: {}",
        tf.stderr
    );
    // One stack cannot hold two accounts: refused with the formats that can.
    let cfn = generate(
        &[
            "--from",
            "-",
            "--principal",
            CI,
            "--document",
            "repository",
            "--format",
            "cloudformation",
        ],
        Some(TWO_ACCOUNTS),
    );
    assert_eq!(cfn.code, 2, "{}", cfn.stderr);
    assert!(cfn.stdout.is_empty());
    assert!(
        cfn.stderr
            .lines()
            .any(|l| l.starts_with("error: ") && l.contains("terraform or aws-cli")),
        "{}",
        cfn.stderr
    );
}

#[test]
fn grants_are_refused_where_they_cannot_be_written() {
    let denied = "User: arn:aws:iam::111122223333:user/bob is not authorized to perform: \
                  ecr:BatchGetImage on resource: arn:aws:ecr:us-west-2:111122223333:repository/web \
                  because no identity-based policy allows the ecr:BatchGetImage action";
    for (more, flag) in [
        (
            vec![
                "--registry",
                "public",
                "--repo",
                "web",
                "--grant",
                "pull:api",
            ],
            "--registry public",
        ),
        (
            vec!["--from-error", denied, "--grant", "pull:api"],
            "--from-error",
        ),
    ] {
        let r = generate(&args(&more), None);
        assert_eq!(r.code, 2, "{more:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{more:?}");
        assert!(
            r.stderr
                .starts_with("error: --grant pull:api cannot go with ")
                && r.stderr.contains(flag),
            "{more:?}: {}",
            r.stderr
        );
    }
    let r = generate(&["--from-error", denied, "--from", "-"], Some(TWO_ACCOUNTS));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("error: --from - cannot go with --from-error"),
        "{}",
        r.stderr
    );
    // Without the extra flags, the same message is still fixed.
    assert_eq!(generate(&["--from-error", denied], None).code, 0);
}

#[test]
fn the_pull_through_cache_takes_extra_grants() {
    let r = generate(
        &args(&[
            "--preset",
            "pull-through-cache",
            "--cache-prefix",
            "quay",
            "--grant",
            "pull:api",
        ]),
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("repository/quay/*"), "{}", r.stdout);
    assert!(r.stdout.contains("ecr:BatchImportUpstreamImage"));
    assert!(r.stdout.contains("repository/api\""), "{}", r.stdout);
}

#[test]
fn a_service_and_an_own_account_role_get_every_grant() {
    // Lambda uses the same two actions of both grants: one document on both repositories.
    let r = generate(
        &args(&[
            "--repo",
            "web",
            "--grant",
            "pull:api",
            "--principal",
            "lambda.amazonaws.com",
        ]),
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        actions(&doc),
        ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    );
    assert!(
        r.stderr
            .contains("set the repository policy on api and web"),
        "{}",
        r.stderr
    );
    // A role of the registry's own account needs none, but asked for, gets every grant's.
    let r = generate(
        &args(&[
            "--repo",
            "web",
            "--grant",
            "pull:api",
            "--principal",
            "arn:aws:iam::111122223333:role/app",
            "--document",
            "repository",
            "--format",
            "aws-cli",
        ]),
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let names: Vec<String> = cli_policies(&r.stdout).into_iter().map(|p| p.0).collect();
    assert_eq!(names, ["web", "api"]);
    assert!(
        r.stderr.contains("No repository policy needed"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_notes_about_several_repository_policies_cover_every_grant() {
    let r = generate(
        &args(&[
            "--repo",
            "web",
            "--preset",
            "pull",
            "--grant",
            "push:api",
            "--require-tag",
            "team=a",
            "--principal",
            CI,
            "--document",
            "repository",
            "--format",
            "aws-cli",
        ]),
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for note in [
        "left out of the repository policy, which cannot hold them: ecr:GetAuthorizationToken",
        "--require-tag limits the identity policy only",
        "set the repository policy on web (ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, \
         ecr:GetDownloadUrlForLayer)",
        "the identity policy is needed too",
    ] {
        assert!(r.stderr.contains(note), "{note}: {}", r.stderr);
    }
    let names: Vec<String> = cli_policies(&r.stdout).into_iter().map(|p| p.0).collect();
    assert_eq!(names, ["web", "api"]);
}
