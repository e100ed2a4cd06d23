//! The checker calibrated on the mistakes reviewers reject and the breadth it used to miss: one
//! fixture per class in `tests/fixtures/check/calibration/`, each with every finding it must give.

use std::fs;
use std::path::PathBuf;

use ecr_policy::policy::{CheckFinding, check_text};
use ecr_policy::policy::{Severity, SpecInput, lint, validate};

fn check(name: &str) -> Vec<CheckFinding> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check");
    let calibration = dir.join("calibration").join(name);
    let path = if calibration.exists() {
        calibration
    } else {
        dir.join(name)
    };
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    check_text(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `severity:code` of every finding, sorted.
fn codes(findings: &[CheckFinding]) -> Vec<String> {
    let mut c: Vec<String> = findings
        .iter()
        .map(|f| format!("{}:{}", f.severity.label(), f.code))
        .collect();
    c.sort();
    c
}

fn find<'a>(findings: &'a [CheckFinding], code: &str) -> &'a CheckFinding {
    findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code}: {findings:#?}"))
}

#[test]
fn every_calibration_fixture_gives_exactly_its_findings() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check/calibration");
    let mut files: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let cases: &[(&str, &[&str])] = &[
        ("empty-sids.json", &[]),
        ("deny-not-resource-guardrail.json", &[]),
        ("tag-on-create.json", &[]),
        ("account-wildcard-read.json", &["note:wildcard-account"]),
        (
            "wildcard-region-account-write.json",
            &[
                "warning:wildcard-account",
                "warning:wildcard-region-write",
                "warning:wildcard-write",
            ],
        ),
        (
            "namespace-without-repository-prefix.json",
            &["error:repository-prefix-missing", "warning:no-login"],
        ),
        (
            "empty-region-and-account.json",
            &[
                "error:account-invalid",
                "error:account-invalid",
                "error:region-invalid",
                "error:region-invalid",
                "warning:no-login",
            ],
        ),
        (
            "push-without-batch-get-image.json",
            &["warning:push-incomplete"],
        ),
        (
            "repository-policy-on-every-repository.json",
            &["warning:repository-policy-broad", "warning:wildcard-write"],
        ),
        (
            "arn-fixed-in-one-go.json",
            &[
                "error:account-invalid",
                "error:partition-mismatch",
                "error:repository-prefix-missing",
                "warning:no-login",
            ],
        ),
    ];
    for (file, want) in cases {
        assert_eq!(codes(&check(file)), *want, "{file}");
    }
    let mut listed: Vec<&str> = cases.iter().map(|(f, _)| *f).collect();
    listed.sort_unstable();
    assert_eq!(files, listed, "every calibration fixture is listed");
}

#[test]
fn duplicate_non_empty_sids_stay_an_error() {
    let f = check("duplicate-sid.json");
    assert_eq!(find(&f, "sid-duplicate").severity, Severity::Error);
}

#[test]
fn a_push_without_an_upload_action_stays_an_error_and_without_batch_get_image_says_why() {
    let f = check("push-without-batch-get-image.json");
    assert!(
        find(&f, "push-incomplete")
            .message
            .contains("buildx and multi-arch manifests")
    );
    let f = check("push-without-check-layer.json");
    assert_eq!(find(&f, "push-incomplete").severity, Severity::Error);
}

#[test]
fn every_arn_fix_is_one_arn_with_every_part_fixed() {
    let f = check("arn-fixed-in-one-go.json");
    let want = "Use arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/app";
    for code in [
        "partition-mismatch",
        "account-invalid",
        "repository-prefix-missing",
    ] {
        assert_eq!(find(&f, code).fix, want, "{code}");
    }
    let f = check("namespace-without-repository-prefix.json");
    assert!(
        find(&f, "repository-prefix-missing")
            .fix
            .ends_with(":123456789012:repository/myrepo/*"),
        "{f:#?}"
    );
    let f = check("empty-region-and-account.json");
    assert!(
        f.iter()
            .filter(|x| x.code == "region-invalid")
            .all(|x| x.message.contains("no region") && x.fix.contains("arn:aws:ecr:*:")),
        "{f:#?}"
    );
}

#[test]
fn create_repository_on_star_means_this_account_never_every_account() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ecr:CreateRepository", "Resource": "*"}]}"#;
    let f = check_text(text).unwrap();
    assert_eq!(codes(&f), ["note:create-repository-on-star"]);
    assert!(
        find(&f, "create-repository-on-star")
            .message
            .contains("in this account")
    );
    assert!(!f.iter().any(|x| x.message.contains("every account")));
}

#[test]
fn check_and_generate_warn_about_the_same_breadth() {
    // The same grant written by generate and checked as a document: same breadth codes.
    let spec = validate(&SpecInput {
        region: Some("*".into()),
        partition: Some("aws".into()),
        account: Some("123456789012".into()),
        repositories: vec!["*".into()],
        actions: ecr_policy::policy::ActionSet::of(&["SetRepositoryPolicy", "PutImage"]),
        ..SpecInput::default()
    })
    .unwrap();
    let lint_codes: Vec<&str> = lint(&spec).iter().map(|f| f.code).collect();
    let text = ecr_policy::policy::render(&spec, ecr_policy::policy::JsonStyle::Pretty);
    let check_codes: Vec<&str> = check_text(&text).unwrap().iter().map(|f| f.code).collect();
    for code in [
        "wildcard-write",
        "wildcard-region-write",
        "repository-policy-broad",
    ] {
        assert!(lint_codes.contains(&code), "lint: {lint_codes:?}");
        assert!(check_codes.contains(&code), "check: {check_codes:?}");
    }
}
