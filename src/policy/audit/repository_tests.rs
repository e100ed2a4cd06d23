//! Tests for the repository-policy size rule.

use crate::policy::audit::check::check_text;

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
