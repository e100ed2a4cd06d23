//! `ecr-policy check` on role trust policies: a web-identity trust without `sub`, or with a
//! `sub` anyone's token matches, is an error reported against the role, in plain files
//! (`--kind trust` or told by their `sts:AssumeRole*` actions), Terraform (`assume_role_policy`,
//! in place or as an `aws_iam_policy_document`), CloudFormation/SAM
//! (`AssumeRolePolicyDocument`), account dumps and `aws iam get-role` output
//! (`tests/fixtures/trust/`).

use std::path::PathBuf;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/trust")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn check(args: &[&str], stdin: Option<&str>) -> (i32, String) {
    let mut cmd = cargo_bin_cmd!("ecr-policy");
    cmd.arg("check").args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// (line, policy, code, severity) of one finding.
type Row = (u64, String, String, String);

/// The exit code, the report, and every finding of `--format json`.
fn findings(args: &[&str], stdin: Option<&str>) -> (i32, Value, Vec<Row>) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (code, out) = check(&all, stdin);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let list = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["policy"].as_str().unwrap_or("null").to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (code, v, list)
}

fn row(line: u64, policy: &str, code: &str, severity: &str) -> Row {
    (line, policy.into(), code.into(), severity.into())
}

#[test]
fn terraform_trusts_are_reported_against_each_role() {
    let (code, v, found) = findings(&[&fixture("main.tf")], None);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            row(
                6,
                "aws_iam_role.open.assume_role_policy",
                "trust-oidc-sub-missing",
                "error"
            ),
            row(
                6,
                "aws_iam_role.open.assume_role_policy",
                "trust-oidc-aud-missing",
                "warning"
            ),
            // One aws_iam_policy_document, named by two roles: reported for each, at its line.
            row(
                15,
                "aws_iam_role.deploy.assume_role_policy",
                "trust-oidc-sub-wildcard",
                "error"
            ),
            row(
                15,
                "aws_iam_role.release.assume_role_policy",
                "trust-oidc-sub-wildcard",
                "error"
            ),
        ]
    );
    // The narrowed role's trust was read and found clean: four trust policies checked.
    assert_eq!(v["policies"], 4);
}

#[test]
fn cloudformation_and_sam_trusts() {
    let (code, v, found) = findings(&[&fixture("template.yaml")], None);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [row(
            10,
            "CiRole/AssumeRolePolicyDocument",
            "trust-oidc-sub-wildcard",
            "error"
        )]
    );
    // The SAM function's trust (lambda.amazonaws.com) is read too, and clean.
    assert_eq!(v["policies"], 2);
}

#[test]
fn account_dump_trusts_encoded_or_not() {
    let (code, _, found) = findings(&[&fixture("account.json")], None);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            row(
                9,
                "role/irsa/AssumeRolePolicyDocument",
                "trust-oidc-sub-missing",
                "error"
            ),
            row(
                18,
                "role/anyone/AssumeRolePolicyDocument",
                "trust-principal-everyone",
                "error"
            ),
        ]
    );
}

#[test]
fn plain_files_by_their_actions_by_kind_and_get_role_output() {
    // aws iam get-role: the trust is unwrapped and told by its actions.
    let (code, _, found) = findings(&[&fixture("get-role.json")], None);
    // A note only: the exit code stays 0.
    assert_eq!(code, 0);
    assert_eq!(found, [row(1, "null", "trust-oidc-sub-broad", "note")]);
    // A plain trust on standard input, told by its actions; then the same as --kind trust.
    let open = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:*"}}}]}"#;
    let codes = |args: &[&str]| -> Vec<String> {
        findings(args, Some(open))
            .2
            .into_iter()
            .map(|f| f.2)
            .collect()
    };
    let want = ["trust-oidc-sub-wildcard", "trust-oidc-aud-missing"];
    assert_eq!(codes(&["-"]), want);
    assert_eq!(codes(&["--kind", "trust", "-"]), want);
    // As a repository policy it is judged by those rules instead (no trust findings).
    assert!(
        codes(&["--kind", "repository", "-"])
            .iter()
            .all(|c| !c.starts_with("trust-"))
    );
}

#[test]
fn text_and_sarif_name_the_rule() {
    let (code, text) = check(&[&fixture("main.tf")], None);
    assert_eq!(code, 1);
    assert!(
        text.contains(
            "main.tf:6: error [trust-oidc-sub-missing] statement 1 in aws_iam_role.open.assume_role_policy"
        ),
        "{text}"
    );
    assert!(text.contains("Any GitHub repository's workflows can assume this role"));
    let (_, sarif) = check(&["--format", "sarif", &fixture("main.tf")], None);
    let v: Value = serde_json::from_str(&sarif).unwrap();
    let run = &v["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for result in run["results"].as_array().unwrap() {
        let id = result["ruleId"].as_str().unwrap();
        assert!(rules.contains(&id), "{id} not in {rules:?}");
    }
    assert!(rules.contains(&"trust-oidc-sub-wildcard"));
}
