//! `aws_iam_policy_document` blocks that merge documents of the same file
//! (`source_policy_documents`, `override_policy_documents`) are checked as Terraform renders
//! them (`tests/fixtures/sources/merge/`).

use std::path::PathBuf;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

/// (policy, line, code) of every finding.
fn findings() -> Vec<(String, u64, String)> {
    findings_in("documents.tf")
}

fn findings_in(name: &str) -> Vec<(String, u64, String)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sources/merge")
        .join(name);
    let out = cargo_bin_cmd!("ecr-policy")
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["policy"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("data.aws_iam_policy_document.")
                    .to_string(),
                f["line"].as_u64().unwrap(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn codes(all: &[(String, u64, String)], policy: &str) -> Vec<String> {
    let mut out: Vec<String> = all
        .iter()
        .filter(|(p, _, _)| p == policy)
        .map(|(_, _, c)| c.clone())
        .collect();
    out.sort();
    out
}

#[test]
fn sources_then_own_statements_then_overrides_by_sid() {
    let all = findings();
    // The source on its own keeps both mistakes.
    assert_eq!(
        codes(&all, "base"),
        ["no-login", "partition-mismatch", "star-only-on-arn"]
    );
    // Merged: Pull is replaced by the own statement, Login by the override on "*"; nothing
    // left to report, and no note (every merged document was read).
    assert_eq!(codes(&all, "fixed"), Vec::<String>::new(), "{all:#?}");
    // Two levels: the login and pull of `fixed` are in force; the new push on every region and
    // repository is reported at its own statement's line.
    assert_eq!(
        codes(&all, "widened"),
        ["wildcard-region-write", "wildcard-write"]
    );
    assert!(
        all.iter()
            .any(|(p, l, c)| p == "widened" && *l == 41 && c == "wildcard-write"),
        "{all:#?}"
    );
}

#[test]
fn a_document_from_outside_the_file_is_a_note() {
    let all = findings();
    assert_eq!(codes(&all, "outside"), ["no-login", "unresolved-value"]);
}

#[test]
fn dynamic_statements_over_a_literal_list_are_checked() {
    let all = findings_in("dynamic.tf");
    // Each element of the literal list and of the literal toset (with its own iterator name) is
    // a statement: the uppercase repository and the China region on partition aws are found,
    // at the dynamic block's line; no note for what could be read.
    assert_eq!(
        all.iter()
            .filter(|(p, _, _)| p == "literal")
            .map(|(_, l, c)| (*l, c.as_str()))
            .collect::<Vec<_>>(),
        [(9, "repository-name-invalid"), (21, "partition-mismatch")]
    );
    // for_each from a variable: a note, nothing guessed.
    assert_eq!(codes(&all, "from_variable"), ["unresolved-value"]);
}
