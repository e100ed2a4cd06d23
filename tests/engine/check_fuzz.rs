//! Fuzzing `ecr-policy check` and the import: random bytes, random JSON and random policy-shaped
//! documents never panic, and what comes out keeps its promises (exit code 0/1/2 matching the
//! findings, JSON reports that parse, imports that the engine accepts or rejects cleanly).
//!
//! 256 cases per property by default; `ECR_POLICY_STRESS_CASES` runs more.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ecr_policy::cmd::check::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE, report};
use ecr_policy::policy::import::merge::{Flags, first_grant_input};
use ecr_policy::policy::{
    Severity, check_document, import_document, parse_document, render_policy, validate,
};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn config() -> ProptestConfig {
    let cases = std::env::var("ECR_POLICY_STRESS_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,20}".prop_map(Value::String),
        words().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Strings a policy is made of, so random documents often look like real ones.
fn words() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "2012-10-17",
        "2008-10-17",
        "Allow",
        "Deny",
        "*",
        "ecr:*",
        "ecr:Batch*",
        "ecr:GetAuthorizationToken",
        "ecr:PutImage",
        "ecr:BatchGetImage",
        "ecr:PullImage",
        "s3:GetObject",
        "arn:aws:ecr:us-east-1:123456789012:repository/app",
        "arn:aws:ecr:us-gov-west-1:123456789012:repository/app",
        "arn:aws-cn:ecr:cn-north-1:123456789012:repository/team/*",
        "arn:aws:ecr:us-east-1:123456789012:repository/123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1",
        "arn:aws:ecr:*:12345:repository/UPPER",
        "arn:aws:ecr:us-east-1:123456789012:app",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web",
        "arn:",
        "arn:aws:s3:::bucket",
        "%7B%22Version%22%3A%222012-10-17%22%7D",
        "ecr:ResourceTag/team",
    ])
    .prop_map(String::from)
}

fn keys() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "Version", "Statement", "Sid", "Effect", "Action", "NotAction", "Resource",
            "NotResource", "Condition", "Principal", "StringEquals", "PolicyDocument", "Policy",
            "PolicyVersion", "Document", "Id",
        ])
        .prop_map(String::from),
        1 => "[A-Za-z:/]{0,12}",
    ]
}

/// A document shaped like a policy: the right top-level keys with random statements.
fn policy_like() -> impl Strategy<Value = Value> {
    let statement = || {
        prop::collection::vec((keys(), any_json()), 0..7)
            .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>()))
    };
    (
        prop_oneof![Just(json!("2012-10-17")), any_json()],
        prop_oneof![
            prop::collection::vec(statement(), 0..5).prop_map(Value::Array),
            statement(),
        ],
        0..4u8,
    )
        .prop_map(|(version, statements, wrap)| {
            let doc = json!({"Version": version, "Statement": statements});
            match wrap {
                0 => doc,
                1 => json!({ "PolicyDocument": doc }),
                2 => json!({ "Policy": { "PolicyDocument": doc } }),
                _ => json!({ "PolicyVersion": { "Document": doc.to_string() } }),
            }
        })
}

/// The report for a text, checked against what the findings say.
fn check_report(text: &str) {
    for json_out in [false, true] {
        let (out, err, code) = report("fuzz.json", Ok(text), json_out);
        match parse_document(text) {
            Err(_) => {
                assert_eq!(code, EXIT_UNREADABLE, "{text}");
                if json_out {
                    let v: Value = serde_json::from_str(&out).unwrap();
                    assert!(v["error"]["message"].is_string(), "{out}");
                } else {
                    assert!(!err.is_empty());
                }
            }
            Ok(doc) => {
                let findings = check_document(&doc);
                let serious = findings
                    .iter()
                    .any(|f| matches!(f.severity, Severity::Error | Severity::Warning));
                let want = if serious { EXIT_FINDINGS } else { EXIT_CLEAN };
                assert_eq!(code, want, "{text}\n{findings:?}");
                if json_out {
                    let v: Value = serde_json::from_str(&out).unwrap();
                    assert_eq!(v["findings"].as_array().unwrap().len(), findings.len());
                }
                // The import never panics; what it yields the engine takes or refuses cleanly.
                let im = import_document(&doc);
                let _ = render_policy(&im.policy, ecr_policy::policy::JsonStyle::Pretty);
                let _ = validate(&first_grant_input(&Flags::default(), Some(&im)).0);
            }
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_break_check(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        check_report(&text);
    }

    #[test]
    fn random_json_never_breaks_check(v in any_json()) {
        check_report(&v.to_string());
        check_report(&serde_json::to_string_pretty(&v).unwrap());
    }

    #[test]
    fn policy_shaped_documents_never_break_check(v in policy_like()) {
        check_report(&v.to_string());
    }
}
