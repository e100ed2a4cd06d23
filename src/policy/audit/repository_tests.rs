//! Tests for the repository-policy rules: size, Sids, statements for another repository.

use crate::policy::audit::check::{CheckContext, check_text, check_text_with};
use crate::policy::import::document::DocKind;

/// A repository policy of `n` statements, each allowing one account to pull.
fn policy(n: usize) -> String {
    let statements: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "Sid": format!("Pull{i}"),
                "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{:012}:root", 222_233_334_444_u64 + i as u64)},
                "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
            })
        })
        .collect();
    serde_json::json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

#[test]
fn a_repository_policy_over_10240_characters_is_an_error() {
    let codes = |text: &str| -> Vec<&'static str> {
        check_text(text).unwrap().iter().map(|f| f.code).collect()
    };
    let small = policy(2);
    assert!(codes(&small).is_empty(), "{:?}", codes(&small));
    // Each statement is about 140 characters: 80 of them pass 10,240.
    let large = policy(80);
    assert!(large.chars().count() > 10_240);
    assert_eq!(codes(&large), ["repo-policy-size"]);
    let f = check_text(&large).unwrap().remove(0);
    assert_eq!(f.value, Some(large.chars().count().to_string()));
    // Pretty-printing it does not change the verdict: judged on the compact text.
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&small).unwrap())
            .unwrap();
    assert!(codes(&pretty).is_empty());
}

/// The codes `check` reports for a text, with what is known about it.
fn codes_with(text: &str, kind: Option<DocKind>, repository: Option<&str>) -> Vec<&'static str> {
    let ctx = CheckContext {
        kind,
        repository: repository.map(String::from),
        ..CheckContext::default()
    };
    check_text_with(text, &ctx)
        .unwrap()
        .iter()
        .map(|f| f.code)
        .collect()
}

/// Terraform's and Pulumi's own `aws_ecr_repository_policy` example: Sid "new policy".
const NEW_POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [{
    "Sid": "new policy", "Effect": "Allow",
    "Principal": {"AWS": "123456789012"},
    "Action": ["ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "ecr:BatchCheckLayerAvailability"]}]}"#;

#[test]
fn a_sid_with_spaces_is_fine_in_a_repository_policy_and_not_in_an_identity_policy() {
    assert_eq!(codes_with(NEW_POLICY, None, None), Vec::<&str>::new());
    assert_eq!(
        codes_with(NEW_POLICY, Some(DocKind::Repository), Some("web")),
        Vec::<&str>::new()
    );
    let identity = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "new policy",
        "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}]}"#;
    assert_eq!(codes_with(identity, None, None), ["sid-invalid"]);
    // Still unique, whatever the document.
    let twice = NEW_POLICY.replace(
        "}]}",
        r#"}, {"Sid": "new policy", "Effect": "Allow", "Principal": {"AWS": "123456789012"},
        "Action": "ecr:ListImages"}]}"#,
    );
    assert_eq!(codes_with(&twice, None, None), ["sid-duplicate"]);
}

#[test]
fn a_statement_for_another_repository_is_a_note_that_it_never_applies() {
    let on = |repo: &str| {
        NEW_POLICY.replace(
            "]}]}",
            &format!(
                r#"], "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/{repo}"}}]}}"#
            ),
        )
    };
    // Set on web (Terraform's repository, CloudFormation's RepositoryName).
    assert_eq!(
        codes_with(&on("api"), Some(DocKind::Repository), Some("web")),
        ["repo-resource-other-repository"]
    );
    assert!(codes_with(&on("web"), Some(DocKind::Repository), Some("web")).is_empty());
    assert!(codes_with(&on("team/*"), Some(DocKind::Repository), Some("team/web")).is_empty());
    assert_eq!(
        codes_with(&on("team/*"), Some(DocKind::Repository), Some("web")),
        ["repo-resource-other-repository"]
    );
    // Unknown repository: one name is fine, two cannot both apply.
    assert!(codes_with(&on("api"), None, None).is_empty());
    let two = on("api").replace(
        "}]}",
        r#"}, {"Sid": "Web", "Effect": "Allow", "Principal": {"AWS": "123456789012"},
        "Action": "ecr:ListImages", "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/web"}]}"#,
    );
    let found = check_text(&two).unwrap();
    let f = found
        .iter()
        .find(|f| f.code == "repo-resource-other-repository")
        .unwrap();
    assert_eq!(f.value.as_deref(), Some("api, web"));
    assert_eq!(f.severity, crate::policy::Severity::Info);
}
