//! `generate` for access paths through the binary: principals and `--document`, the notes on
//! stderr, the pull-through-cache preset and `--from-error`.

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

use crate::access_grants::generate;

const REG: &str = "111122223333";

fn base<'a>(more: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["--region", "eu-west-1", "--account", REG, "--repo", "web"];
    v.extend_from_slice(more);
    v
}

#[test]
fn cross_account_identity_policy_says_the_repository_policy_is_needed_and_how() {
    let r = generate(
        &base(&[
            "--principal",
            "arn:aws:iam::222233334444:role/ci",
            "--preset",
            "pull",
        ]),
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        doc["Statement"][1]["Resource"],
        "arn:aws:ecr:eu-west-1:111122223333:repository/web"
    );
    assert!(
        r.stderr.contains("role ci in account 222233334444"),
        "{}",
        r.stderr
    );
    let cmd = "ecr-policy generate --region eu-west-1 --account 111122223333 --repo web \
               --preset pull --principal arn:aws:iam::222233334444:role/ci --document repository";
    assert!(r.stderr.contains(cmd), "{}", r.stderr);
    // The command it gives writes the other half.
    let args: Vec<&str> = cmd.split(' ').skip(2).collect();
    let other = generate(&args, None);
    assert_eq!(other.code, 0, "{}", other.stderr);
    let repo: Value = serde_json::from_str(&other.stdout).unwrap();
    assert_eq!(
        repo["Statement"][0]["Principal"]["AWS"],
        "arn:aws:iam::222233334444:role/ci"
    );
    assert!(repo["Statement"][0].get("Resource").is_none());
}

#[test]
fn same_account_principal_needs_no_note() {
    let r = generate(
        &base(&["--principal", "arn:aws:iam::111122223333:role/app"]),
        None,
    );
    assert_eq!(r.code, 0);
    assert!(!r.stderr.contains("--document repository"), "{}", r.stderr);
}

#[test]
fn a_service_writes_the_repository_policy_and_refuses_an_identity_one() {
    let r = generate(&base(&["--principal", "lambda.amazonaws.com"]), None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("No identity policy"), "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        doc["Statement"][0]["Principal"]["Service"],
        "lambda.amazonaws.com"
    );
    let r = generate(
        &base(&[
            "--principal",
            "lambda.amazonaws.com",
            "--document",
            "identity",
        ]),
        None,
    );
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("has no identity policy"), "{}", r.stderr);
    let r = generate(
        &base(&[
            "--principal",
            "lambda.amazonaws.com",
            "--source-arn",
            "arn:aws:lambda:eu-west-1:111122223333:function:api",
        ]),
        None,
    );
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        doc["Statement"][0]["Condition"]["StringLike"]["aws:sourceArn"],
        "arn:aws:lambda:eu-west-1:111122223333:function:api"
    );
}

#[test]
fn bad_principals_and_missing_ones_are_input_errors() {
    for (args, want) in [
        (vec!["--principal-org", "o-123"], "organisation ID"),
        (
            vec!["--principal", "arn:aws-cn:iam::222233334444:role/ci"],
            "partition",
        ),
        (vec!["--document", "repository"], "--principal"),
        (
            vec![
                "--principal",
                "222233334444",
                "--document",
                "repository",
                "--preset",
                "none",
                "--action",
                "GetAuthorizationToken",
            ],
            "identity policy",
        ),
    ] {
        let r = generate(&base(&args), None);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains(want), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn pull_through_cache_covers_the_prefix_and_checks_it() {
    let r = generate(
        &[
            "--region",
            "eu-west-1",
            "--account",
            REG,
            "--preset",
            "pull-through-cache",
            "--cache-prefix",
            "docker-hub",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("ecr:BatchImportUpstreamImage"));
    assert!(r.stdout.contains("ecr:CreateRepository"));
    assert!(r.stdout.contains("repository/docker-hub/*"));
    let r = generate(
        &[
            "--region",
            "eu-west-1",
            "--account",
            REG,
            "--preset",
            "pull-through-cache",
        ],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--cache-prefix"), "{}", r.stderr);
    let r = generate(
        &[
            "--region",
            "eu-west-1",
            "--account",
            REG,
            "--preset",
            "pull-through-cache",
            "--cache-prefix",
            "Docker_Hub",
        ],
        None,
    );
    assert_eq!(r.code, 2);
}

/// The cache's import and create on its prefix pattern are what it needs, not a broad write:
/// no `wildcard-write` from generate's stderr or from `check`; other writes on a pattern still
/// warn.
#[test]
fn a_cache_prefix_pattern_is_not_a_wildcard_write() {
    let r = generate(
        &[
            "--region",
            "eu-west-1",
            "--account",
            REG,
            "--preset",
            "pull-through-cache",
            "--cache-prefix",
            "quay",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("wildcard-write"), "{}", r.stderr);
    let check = |doc: &str| {
        let out = cargo_bin_cmd!("ecr-policy")
            .args(["check", "-"])
            .write_stdin(doc.to_string())
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let report = check(&r.stdout);
    assert!(!report.contains("wildcard-write"), "{report}");
    let arn = format!("arn:aws:ecr:eu-west-1:{REG}:repository/quay/*");
    for (actions, warned) in [
        (
            r#""ecr:BatchImportUpstreamImage", "ecr:CreateRepository""#,
            false,
        ),
        (r#""ecr:CreateRepository""#, true),
        (r#""ecr:BatchImportUpstreamImage", "ecr:PutImage""#, true),
    ] {
        let doc = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": [{actions}], "Resource": "{arn}"}}]}}"#
        );
        assert_eq!(check(&doc).contains("wildcard-write"), warned, "{actions}");
    }
}

const NO_RESOURCE_POLICY: &str = "denied: User: arn:aws:sts::222233334444:assumed-role/runner/i-0abc \
    is not authorized to perform: ecr:InitiateLayerUpload on resource: \
    arn:aws:ecr:us-west-2:111122223333:repository/runner-test because no resource-based policy \
    allows the ecr:InitiateLayerUpload action";

#[test]
fn a_missing_repository_policy_becomes_that_policy_for_the_caller() {
    let r = generate(&["--from-error", NO_RESOURCE_POLICY], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("repository policy is missing"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("\"push\""), "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let st = &doc["Statement"][0];
    assert_eq!(
        st["Principal"]["AWS"],
        "arn:aws:iam::222233334444:role/runner"
    );
    assert!(
        st["Action"]
            .as_array()
            .unwrap()
            .contains(&Value::from("ecr:InitiateLayerUpload"))
    );
}

#[test]
fn a_missing_identity_policy_from_stdin_becomes_an_identity_policy() {
    let text = "denied: User: arn:aws:sts::111122223333:assumed-role/gh/GitHubActions is not \
        authorized to perform: ecr:BatchGetImage on resource: \
        arn:aws:ecr:eu-west-2:111122223333:repository/team/api because no identity-based \
        policy allows the ecr:BatchGetImage action";
    let r = generate(&["--from-error", "-"], Some(text));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        doc["Statement"][0]["Action"][0],
        "ecr:GetAuthorizationToken"
    );
    assert!(
        r.stdout
            .contains("arn:aws:ecr:eu-west-2:111122223333:repository/team/api")
    );
    assert!(
        r.stdout.contains("ecr:GetDownloadUrlForLayer"),
        "the whole pull task"
    );
}

#[test]
fn denies_and_logins_are_explained_not_fixed() {
    let deny = "User: arn:aws:iam::111122223333:user/ci is not authorized to perform: \
        ecr:PutImage on resource: arn:aws:ecr:eu-west-1:111122223333:repository/web with an \
        explicit deny in a permissions boundary";
    let r = generate(&["--from-error", deny], None);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("permissions boundary"), "{}", r.stdout);
    assert!(!r.stdout.contains("\"Statement\""));
    let r = generate(
        &[
            "--from-error",
            "no basic auth credentials (111122223333.dkr.ecr.eu-west-1.amazonaws.com/web)",
        ],
        None,
    );
    assert!(r.stdout.contains("Not a policy problem"), "{}", r.stdout);
    assert!(r.stdout.contains("--region eu-west-1"), "{}", r.stdout);
    let r = generate(&["--from-error", "something else"], None);
    assert_eq!(r.code, 2);
}

#[test]
fn ecr_public_push_from_a_pasted_uri_needs_the_account() {
    let r = generate(
        &[
            "--registry",
            "public",
            "--repo",
            "public.ecr.aws/myalias/web:latest",
        ],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("alias"), "{}", r.stderr);
    let r = generate(
        &[
            "--registry",
            "public",
            "--account",
            REG,
            "--repo",
            "public.ecr.aws/myalias/web:latest",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("us-east-1"), "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        doc["Statement"][0]["Action"],
        serde_json::json!([
            "ecr-public:GetAuthorizationToken",
            "sts:GetServiceBearerToken"
        ])
    );
    assert_eq!(
        doc["Statement"][1]["Resource"],
        "arn:aws:ecr-public::111122223333:repository/web"
    );
    let json = generate(
        &["--registry", "public", "--account", REG, "--preset", "pull"],
        None,
    );
    let want: Value = serde_json::from_str(&json.stdout).unwrap();
    let tf = generate(
        &[
            "--registry",
            "public",
            "--account",
            REG,
            "--preset",
            "pull",
            "--format",
            "terraform",
        ],
        None,
    );
    assert_eq!(tf.code, 0, "{}", tf.stderr);
    assert_eq!(
        crate::support::formats::terraform_document(&tf.stdout, "ecr_public_pull_registry"),
        want
    );
    let cfn = generate(
        &[
            "--registry",
            "public",
            "--account",
            REG,
            "--preset",
            "pull",
            "--format",
            "cfn",
        ],
        None,
    );
    let (kind, name, doc) =
        crate::support::formats::cloudformation_document(&cfn.stdout, "EcrPublicPullRegistry");
    assert_eq!(
        (kind.as_str(), name.as_str()),
        ("AWS::IAM::ManagedPolicy", "ecr-public-pull-registry")
    );
    assert_eq!(doc, want);
    let r = generate(
        &["--registry", "public", "--account", REG, "--preset", "pull"],
        None,
    );
    assert!(r.stderr.contains("anonymously"), "{}", r.stderr);
}

/// The README's access section shows exactly what the binary prints for its two JSON examples.
#[test]
fn readme_access_examples_are_what_the_binary_prints() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split("\n## Access from other accounts, organisations and services\n")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let blocks: Vec<String> = section
        .split("```json\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap().to_string())
        .collect();
    assert_eq!(blocks.len(), 2);
    let cross = generate(
        &base(&[
            "--principal",
            "arn:aws:iam::222233334444:role/ci",
            "--preset",
            "pull",
            "--document",
            "repository",
        ]),
        None,
    );
    assert_eq!(cross.stdout, blocks[0]);
    let lambda = generate(&base(&["--principal", "lambda.amazonaws.com"]), None);
    assert_eq!(lambda.stdout, blocks[1]);
}

/// The reproduction: Lambda with `--preset push` got only `BatchGetImage`, which cannot pull.
#[test]
fn lambda_gets_what_pulling_needs_whatever_the_preset() {
    let r = generate(
        &base(&["--principal", "lambda.amazonaws.com", "--preset", "push"]),
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        doc["Statement"][0]["Action"],
        serde_json::json!(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])
    );
    assert!(
        r.stderr.contains("added ecr:GetDownloadUrlForLayer"),
        "{}",
        r.stderr
    );
    // Nothing it pulls with: refused with the reason.
    let r = generate(
        &base(&[
            "--principal",
            "lambda.amazonaws.com",
            "--preset",
            "none",
            "--action",
            "ecr:ListImages",
        ]),
        None,
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("ecr:BatchGetImage"), "{}", r.stderr);
}

/// The reproduction: `--source-arn` in another region was accepted (Lambda needs the
/// repository in the function's region).
#[test]
fn a_lambda_source_arn_in_another_region_is_refused() {
    let arn = |region: &str| format!("arn:aws:lambda:{region}:{REG}:function:api");
    let other = arn("us-east-1");
    let r = generate(
        &base(&[
            "--principal",
            "lambda.amazonaws.com",
            "--source-arn",
            &other,
        ]),
        None,
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("us-east-1") && r.stderr.contains("own region"),
        "{}",
        r.stderr
    );
    let same = arn("eu-west-1");
    let r = generate(
        &base(&["--principal", "lambda.amazonaws.com", "--source-arn", &same]),
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/access-denied")
            .join(name),
    )
    .unwrap()
}

/// The reproduction: docker's ambiguous pull was "not a policy problem".
#[test]
fn from_error_says_ambiguous_with_the_commands_that_tell_the_causes_apart() {
    let r = generate(
        &["--from-error", "-"],
        Some(&fixture("docker-pull-ambiguous-ecr.txt")),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("Ambiguous: not logged in, the repository does not exist, or refused"),
        "{}",
        r.stdout
    );
    for command in [
        "aws sts get-caller-identity",
        "aws ecr describe-repositories --region ap-northeast-2 --registry-id 111122223333",
        "docker login --username AWS --password-stdin 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com",
    ] {
        assert!(r.stdout.contains(command), "{command}: {}", r.stdout);
    }
}

/// The reproductions: Lambda's message, a 403 from ECS and a message wrapped inside its ARNs
/// were not understood.
#[test]
fn from_error_fixes_lambda_a_403_and_a_wrapped_message() {
    let lambda = generate(
        &base(&["--from-error", "-"]),
        Some(&fixture("lambda-create.txt")),
    );
    assert_eq!(lambda.code, 0, "{}", lambda.stderr);
    let doc: Value = serde_json::from_str(&lambda.stdout).unwrap();
    assert_eq!(
        doc["Statement"][0]["Principal"]["Service"],
        "lambda.amazonaws.com"
    );
    let forbidden = generate(
        &["--from-error", "-"],
        Some(&fixture("ecs-403-manifest.txt")),
    );
    assert_eq!(forbidden.code, 0, "{}", forbidden.stderr);
    assert!(
        forbidden
            .stdout
            .contains("arn:aws:ecr:eu-north-1:111122223333:repository/bedrock-proxy-api-ecs"),
        "{}",
        forbidden.stdout
    );
    assert!(forbidden.stdout.contains("ecr:BatchGetImage"));
    assert!(
        forbidden.stderr.contains("authenticated"),
        "{}",
        forbidden.stderr
    );
    let wrapped = generate(&["--from-error", "-"], Some(&fixture("wrapped-arn.txt")));
    assert_eq!(wrapped.code, 0, "{}", wrapped.stderr);
    let doc: Value = serde_json::from_str(&wrapped.stdout).unwrap();
    assert_eq!(
        doc["Statement"][0]["Principal"]["AWS"],
        "arn:aws:iam::111122223333:role/ghci-lf-github-action-runners-runner-role"
    );
    let public = generate(
        &["--from-error", "-"],
        Some(&fixture("public-not-authorized.txt")),
    );
    assert_eq!(public.code, 0, "{}", public.stderr);
    assert!(
        public.stdout.contains("docker logout public.ecr.aws"),
        "{}",
        public.stdout
    );
}
