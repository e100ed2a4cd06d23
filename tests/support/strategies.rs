//! Proptest strategies shared by the engine and import property tests: every region of every
//! partition (or `*` with a partition), names AWS accepts, wildcard patterns, action sets.

#![allow(dead_code)]

use ecr_policy::policy::spec::catalog::{ACTIONS, ActionId, ActionSet, PARTITIONS};
use ecr_policy::policy::spec::region::all_regions;
use proptest::prelude::*;

/// A region from the data, or `*` with a partition: (region, partition, the partition's ARN name).
pub fn region() -> impl Strategy<Value = (String, Option<String>, &'static str)> {
    let known: Vec<(&'static str, &'static str)> =
        all_regions().map(|(p, r)| (r.code, p.arn)).collect();
    let partitions: Vec<&'static str> = PARTITIONS.iter().map(|p| p.arn).collect();
    prop_oneof![
        4 => prop::sample::select(known).prop_map(|(code, arn)| (code.to_string(), None, arn)),
        1 => prop::sample::select(partitions).prop_map(|arn| ("*".to_string(), Some(arn.to_string()), arn)),
    ]
}

/// A repository name the botocore pattern accepts, 2 to 256 characters.
pub fn repo_name() -> impl Strategy<Value = String> {
    let sep = prop::sample::select(vec![".", "_", "__", "-", "--", "---"]);
    let component = (
        "[a-z0-9]{1,8}",
        prop::collection::vec((sep, "[a-z0-9]{1,8}"), 0..3),
    )
        .prop_map(|(first, rest)| {
            rest.into_iter().fold(first, |mut s, (sep, part)| {
                s.push_str(sep);
                s.push_str(&part);
                s
            })
        });
    prop::collection::vec(component, 1..=3)
        .prop_map(|c| c.join("/"))
        .prop_filter("2 characters at least", |n| n.len() >= 2)
}

/// A repository name, or now and then a wildcard pattern.
pub fn repo() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => repo_name(),
        1 => Just("*".to_string()),
        1 => repo_name().prop_map(|n| format!("{n}/*")),
        1 => repo_name().prop_map(|n| format!("{n}-*")),
        1 => (repo_name(), repo_name()).prop_map(|(a, b)| format!("{a}?{b}")),
    ]
}

/// A non-empty set of actions: usually a few, sometimes many.
pub fn actions() -> impl Strategy<Value = ActionSet> {
    let n = ACTIONS.len();
    prop_oneof![
        prop::collection::btree_set(0..n, 1..=6),
        prop::collection::btree_set(0..n, 1..=n),
    ]
    .prop_map(|idx| idx.into_iter().filter_map(ActionId::from_index).collect())
}

/// 256 cases, or `PROPTEST_CASES`.
pub fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}
