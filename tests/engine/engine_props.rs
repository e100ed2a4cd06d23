//! Properties of the policy engine through its public API: for any valid spec the rendered
//! policy is well-formed IAM JSON that puts every action on the right kind of resource.
//!
//! Runs 256 cases by default; set `PROPTEST_CASES` for more.

// A test crate: helpers outside #[test] functions may fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::strategies;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use ecr_policy::policy::spec::region::all_regions;
use ecr_policy::policy::{
    ACTIONS, ActionId, ActionSet, JsonStyle, PARTITIONS, SpecInput, policy_size, render, validate,
};
use proptest::prelude::*;
use regex::Regex;
use serde_json::Value;
use strategies::{actions, config, region, repo};

static SID: LazyLock<Regex> = LazyLock::new(|| Regex::new("^[A-Za-z0-9]+$").unwrap());

#[derive(Debug, Clone)]
struct Case {
    input: SpecInput,
    partition: &'static str,
    region: String,
    account: String,
    repos: Vec<String>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        region(),
        "[0-9]{12}",
        prop::collection::vec(repo(), 1..=6),
        actions(),
        any::<bool>(),
    )
        .prop_map(
            |((region, partition, arn), account, repos, actions, as_arns)| {
                // Sometimes paste the repositories as ARNs; they must agree with the other fields.
                let fields: Vec<String> = if as_arns {
                    repos
                        .iter()
                        .map(|r| format!("arn:{arn}:ecr:{region}:{account}:repository/{r}"))
                        .collect()
                } else {
                    repos.clone()
                };
                Case {
                    input: SpecInput {
                        region: Some(region.clone()),
                        partition,
                        account: Some(account.clone()),
                        repositories: fields,
                        actions,
                        tags: Vec::new(),
                    },
                    partition: arn,
                    region,
                    account,
                    repos,
                }
            },
        )
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .unwrap_or_else(|| panic!("not a string: {i}"))
                    .to_string()
            })
            .collect(),
        other => panic!("not a string or array: {other}"),
    }
}

fn star_only(qualified: &str) -> bool {
    let name = qualified
        .strip_prefix("ecr:")
        .unwrap_or_else(|| panic!("no ecr: in {qualified}"));
    ACTIONS
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("{qualified} is not in the catalog"))
        .star_only
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn rendered_policies_are_well_formed(c in case()) {
        let spec = validate(&c.input).unwrap_or_else(|e| panic!("{:?} rejected: {e:?}", c.input));
        let text = render(&spec, JsonStyle::Pretty);
        let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}:\n{text}"));

        prop_assert_eq!(&doc["Version"], "2012-10-17");
        let statements = doc["Statement"].as_array().expect("Statement is an array");
        prop_assert!(!statements.is_empty());

        let mut sids = BTreeSet::new();
        let mut pairs = BTreeSet::new();
        let mut granted = BTreeSet::new();
        let mut arns = BTreeSet::new();
        let arn_prefix = format!("arn:{}:ecr:{}:{}:repository/", c.partition, c.region, c.account);
        for st in statements {
            let sid = st["Sid"].as_str().expect("Sid is a string");
            prop_assert!(SID.is_match(sid), "Sid {:?}", sid);
            prop_assert!(sids.insert(sid.to_string()), "Sid {} repeats", sid);
            prop_assert_eq!(&st["Effect"], "Allow");
            let actions = strings(&st["Action"]);
            let resources = strings(&st["Resource"]);
            prop_assert!(!actions.is_empty() && !resources.is_empty());
            let on_star = resources.iter().any(|r| r == "*");
            if on_star {
                prop_assert_eq!(&resources, &["*"], "* is never mixed with ARNs");
            }
            for a in &actions {
                prop_assert_eq!(star_only(a), on_star, "{} on {:?}", a, resources);
                granted.insert(a.clone());
                for r in &resources {
                    prop_assert!(pairs.insert((a.clone(), r.clone())), "{} on {} twice", a, r);
                }
            }
            for r in resources.iter().filter(|r| *r != "*") {
                let name = r.strip_prefix(&arn_prefix);
                prop_assert!(name.is_some(), "{} lacks {}", r, arn_prefix);
                arns.insert(name.unwrap_or_default().to_string());
            }
        }

        // Nothing lost, nothing added.
        let want: BTreeSet<String> = c.input.actions.iter().map(ActionId::qualified).collect();
        prop_assert_eq!(&granted, &want);
        if !c.input.actions.repository_level().is_empty() {
            let repos: BTreeSet<String> = c.repos.iter().cloned().collect();
            prop_assert_eq!(&arns, &repos);
        }

        // The size counts every character of the minified document but whitespace.
        let minified = serde_json::to_string(&doc).unwrap();
        let independent = minified.chars().filter(|ch| !ch.is_whitespace()).count();
        prop_assert_eq!(policy_size(&text), independent);
    }

    #[test]
    fn rendering_is_deterministic_and_styles_agree(c in case()) {
        let spec = validate(&c.input).unwrap_or_else(|e| panic!("{:?} rejected: {e:?}", c.input));
        let pretty = render(&spec, JsonStyle::Pretty);
        prop_assert_eq!(&pretty, &render(&spec, JsonStyle::Pretty));
        let again = validate(&c.input).unwrap_or_else(|e| panic!("{e:?}"));
        prop_assert_eq!(&pretty, &render(&again, JsonStyle::Pretty));

        // Order and repetition of the inputs do not matter.
        let mut shuffled = c.input.clone();
        shuffled.repositories.reverse();
        shuffled.repositories.extend(c.input.repositories.iter().take(2).cloned());
        let reordered = validate(&shuffled).unwrap_or_else(|e| panic!("{e:?}"));
        prop_assert_eq!(&pretty, &render(&reordered, JsonStyle::Pretty));

        let compact = render(&spec, JsonStyle::Compact);
        prop_assert_eq!(&compact, &render(&spec, JsonStyle::Compact));
        let a: Value = serde_json::from_str(&pretty).unwrap();
        let b: Value = serde_json::from_str(&compact).unwrap();
        prop_assert_eq!(a, b);
        prop_assert_eq!(policy_size(&pretty), policy_size(&compact));
    }
}

#[test]
fn generators_cover_every_region_partition_and_action() {
    // Guards the strategies themselves: the data they sample from is complete.
    let regions: BTreeMap<&str, &str> = all_regions().map(|(p, r)| (r.code, p.arn)).collect();
    assert_eq!(regions.len(), 48);
    let partitions: BTreeSet<&str> = regions.values().copied().collect();
    assert_eq!(partitions.len(), PARTITIONS.len());
    let all: ActionSet = (0..ACTIONS.len())
        .filter_map(ActionId::from_index)
        .collect();
    assert_eq!(all.len(), ACTIONS.len());
    assert_eq!(ActionId::from_index(ACTIONS.len()), None);
}
