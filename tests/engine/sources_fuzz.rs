//! Every reader of the inputs of `check` (policy JSON, Terraform, `CloudFormation`, dumps) on
//! random bytes and on mutated valid fixtures: never a panic, and every error names a line
//! inside the text.
//!
//! 256 cases per property by default; `ECR_POLICY_STRESS_CASES` runs more.

use std::path::PathBuf;

use ecr_policy::policy::audit::located::audit_source;
use ecr_policy::policy::import::sources::{SourceKind, detect, read_source};
use proptest::prelude::*;

use crate::support::strategies::config;

const KINDS: [SourceKind; 4] = [
    SourceKind::PolicyJson,
    SourceKind::Terraform,
    SourceKind::CloudFormation,
    SourceKind::AccountDump,
];

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sources")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn fixtures() -> Vec<String> {
    [
        "terraform/main.tf",
        "terraform/pull.json",
        "cloudformation/template.yaml",
        "cloudformation/template.json",
        "account.json",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect()
}

/// Runs every reader and the checks; errors must point inside the text.
fn read_all(text: &str) {
    let lines = text.lines().count().max(1) + 1;
    for kind in KINDS {
        let src = read_source(kind, text, &|_| None);
        for e in &src.errors {
            if let Some(l) = e.error.line {
                assert!(
                    l >= 1 && l <= lines,
                    "{kind:?}: line {l} of {lines}: {}",
                    e.error
                );
            }
        }
        let audit = audit_source("f", &src);
        for f in &audit.findings {
            assert!(
                f.line >= 1 && f.line <= lines,
                "{kind:?}: finding at line {}",
                f.line
            );
        }
    }
    let _ = detect("x.json", text, false);
}

/// A valid fixture with a slice cut out, a byte run inserted, or both.
fn mutated() -> impl Strategy<Value = String> {
    (
        0..5usize,
        any::<prop::sample::Index>(),
        0..64usize,
        prop::collection::vec(any::<u8>(), 0..16),
    )
        .prop_map(|(which, at, cut, insert)| {
            let text = fixtures()[which].clone().into_bytes();
            let start = at.index(text.len());
            let end = (start + cut).min(text.len());
            let mut out = text[..start].to_vec();
            out.extend_from_slice(&insert);
            out.extend_from_slice(&text[end..]);
            String::from_utf8_lossy(&out).into_owned()
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        read_all(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn mutated_fixtures_never_panic(text in mutated()) {
        read_all(&text);
    }
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    for open in ["[", "{\"a\":", "{ a = "] {
        read_all(&format!("x = {}", open.repeat(50_000)));
    }
    let deep_yaml = format!("Resources:\n  A: {}", "[".repeat(50_000));
    read_all(&deep_yaml);
}
