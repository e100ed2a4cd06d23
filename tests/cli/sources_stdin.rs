//! `ecr-policy check -` reads Terraform and `CloudFormation` YAML from stdin by their content.

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn check_stdin(text: &str) -> Value {
    let out = cargo_bin_cmd!("ecr-policy")
        .args(["check", "--format", "json", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn located(v: &Value) -> Vec<(String, String, u64)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["policy"].as_str().unwrap_or("null").to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn terraform_on_stdin_is_read_as_terraform() {
    let tf = r#"# pushed from a pipe
resource "aws_iam_policy" "ci" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      Resource = "arn:aws-cn:ecr:us-east-1:${var.account}:repository/app"
    }]
  })
}
"#;
    let v = check_stdin(tf);
    let found = located(&v);
    assert!(
        found.contains(&(
            "aws_iam_policy.ci".to_string(),
            "partition-mismatch".to_string(),
            5
        )),
        "{found:#?}"
    );
    assert_eq!(v["unreadable"], serde_json::json!([]), "{v:#}");
}

#[test]
fn cloudformation_yaml_on_stdin_is_read_as_a_template() {
    let yaml = "Resources:\n  Pull:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      \
                PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          \
                - Effect: Allow\n            Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]\n            \
                Resource: arn:aws:ecr:us-east-1:12345:repository/app\n";
    let found = located(&check_stdin(yaml));
    assert!(
        found
            .iter()
            .any(|(p, c, _)| p == "Pull" && c == "account-invalid"),
        "{found:#?}"
    );
}

#[test]
fn a_json_policy_on_stdin_is_still_a_policy() {
    let json = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "ecr:GetAuthorizationToken", "Resource": "*"}]}"#;
    let v = check_stdin(json);
    assert_eq!(
        (v["unreadable"].clone(), v["policies"].as_u64()),
        (serde_json::json!([]), Some(1)),
        "{v:#}"
    );
}
