//! Values known only when deployed, per ARN segment (`tests/fixtures/sources/unresolved/`): a
//! finding is left out only when it depends on an unknown segment; the mistakes in the known
//! segments are still reported, with the unknown parts shown as written.

use std::path::PathBuf;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn check(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sources/unresolved")
        .join(name);
    let out = cargo_bin_cmd!("ecr-policy")
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (policy, code, value) of every finding except the notes and the missing login every fixture
/// policy has.
fn alarms(v: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !matches!(f["code"].as_str(), Some("unresolved-value" | "no-login")))
        .map(|f| {
            (
                f["policy"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["value"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn expected(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = rows
        .iter()
        .map(|(p, c, v)| ((*p).to_string(), (*c).to_string(), (*v).to_string()))
        .collect();
    out.sort();
    out
}

fn notes(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "unresolved-value")
        .map(|f| f["policy"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn terraform_unknown_segments_hide_only_what_depends_on_them() {
    let v = check("segments.tf");
    assert_eq!(
        alarms(&v),
        expected(&[
            // Unknown account: the partition/region mismatch is real; no account alarm.
            (
                "aws_iam_policy.unknown_account",
                "partition-mismatch",
                "arn:aws-cn:ecr:eu-west-1:${data.aws_caller_identity.current.account_id}:repository/app",
            ),
            // Unknown region: the 11-digit account and the *-only action on an ARN are real;
            // no region or partition alarm.
            (
                "aws_iam_policy.unknown_region",
                "star-only-on-arn",
                "GetAuthorizationToken",
            ),
            (
                "aws_iam_policy.unknown_region",
                "account-invalid",
                "arn:aws:ecr:${var.region}:12345678901:repository/app",
            ),
            // Unknown partition: the name's case and the region code are real; no partition alarm.
            (
                "aws_iam_policy.unknown_partition",
                "repository-name-invalid",
                "arn:${data.aws_partition.current.partition}:ecr:eu-west-1:123456789012:repository/Team",
            ),
            (
                "aws_iam_policy.unknown_partition",
                "region-invalid",
                "arn:${data.aws_partition.current.partition}:ecr:mars-1:123456789012:repository/app",
            ),
            // Unknown repository name: the known uppercase part and the GovCloud partition on
            // us-east-1 are real; `repository/${var.name}`, `…:${var.name}` and a whole
            // `aws_ecr_repository.app.arn` raise nothing.
            (
                "aws_iam_policy.unknown_name",
                "repository-name-invalid",
                "arn:aws:ecr:us-east-1:123456789012:repository/Team-${…}",
            ),
            (
                "aws_iam_policy.unknown_name",
                "partition-mismatch",
                "arn:aws-us-gov:ecr:us-east-1:123456789012:repository/${…}",
            ),
            (
                "data.aws_iam_policy_document.unknown_account",
                "partition-mismatch",
                "arn:aws-cn:ecr:us-east-1:${local.account}:repository/app",
            ),
        ])
    );
    let mut with_note = notes(&v);
    with_note.sort();
    assert_eq!(
        with_note,
        [
            "aws_iam_policy.all_unknown",
            "aws_iam_policy.unknown_account",
            "aws_iam_policy.unknown_name",
            "aws_iam_policy.unknown_partition",
            "aws_iam_policy.unknown_region",
            "data.aws_iam_policy_document.unknown_account",
        ]
    );
}

#[test]
fn cloudformation_unknown_segments_hide_only_what_depends_on_them() {
    let v = check("segments.yaml");
    assert_eq!(
        alarms(&v),
        expected(&[
            (
                "UnknownAccount",
                "partition-mismatch",
                "arn:aws-cn:ecr:eu-west-1:${AWS::AccountId}:repository/app",
            ),
            ("UnknownRegion", "star-only-on-arn", "GetAuthorizationToken"),
            (
                "UnknownRegion",
                "account-invalid",
                "arn:aws:ecr:${AWS::Region}:12345678901:repository/app",
            ),
            (
                "UnknownPartition",
                "repository-name-invalid",
                "arn:${AWS::Partition}:ecr:eu-west-1:123456789012:repository/Team",
            ),
            (
                "UnknownPartition",
                "region-invalid",
                "arn:${AWS::Partition}:ecr:mars-1:123456789012:repository/app",
            ),
            (
                "UnknownName",
                "repository-name-invalid",
                "arn:aws:ecr:us-east-1:123456789012:repository/Team-${…}",
            ),
            (
                "UnknownName",
                "partition-mismatch",
                "arn:aws-us-gov:ecr:us-east-1:123456789012:repository/${…}",
            ),
        ])
    );
    assert_eq!(notes(&v).len(), 5, "{v:#}");
}

#[test]
fn fixes_keep_the_unknown_parts_as_written() {
    let v = check("segments.yaml");
    let fix = |code: &str, policy: &str| -> String {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == code && f["policy"] == policy)
            .map(|f| f["fix"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(
        fix("partition-mismatch", "UnknownAccount"),
        "Use arn:aws:ecr:eu-west-1:${AWS::AccountId}:repository/app"
    );
    assert_eq!(
        fix("repository-name-invalid", "UnknownPartition"),
        "Use arn:${AWS::Partition}:ecr:eu-west-1:123456789012:repository/team"
    );
    assert!(
        fix("region-invalid", "UnknownPartition").contains("arn:${AWS::Partition}:ecr:*:"),
        "{v:#}"
    );
    assert!(!v.to_string().contains("UNRESOLVED-VALUE"), "{v:#}");
}
