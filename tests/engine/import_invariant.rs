//! The import invariant, with the engine's evaluator (proved against iam-simulate by
//! `eval_reference.rs`): for random policies (Allow and Deny, wildcards in actions and resources,
//! per-repository action splits, conditions, other services), the imported and re-rendered policy
//! never allows a request the original did not, and every request a `Deny` of the original may
//! apply to stays so. Each request is made by a role session of the resource's own account, so
//! the identity-based policy alone decides; `aws:SourceIp` is unknown, so a condition on it never
//! lets an Allow apply and always lets a Deny apply (the strictest reading of the original).
//! 256 cases by default (`PROPTEST_CASES`).

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use ecr_policy::policy::eval::{
    Context, Doc, DocumentSet, Effect, Place, Policy, Principal, Request, Verdict, evaluate,
};
use ecr_policy::policy::import::{Narrowing, import_with};
use ecr_policy::policy::spec::catalog::find_action;
use ecr_policy::policy::spec::region::resolve_region;
use ecr_policy::policy::{JsonStyle, parse_document, render_policy};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::support::strategies::config;

/// What the original and the imported policy say about one request.
#[derive(Debug, Clone, Copy)]
struct Decision {
    /// Allowed (nothing undecided).
    permits: bool,
    /// A `Deny` statement applies or may apply.
    denied: bool,
}

/// An identity-based policy read once for every request of the grid.
struct Compiled {
    policy: Arc<Policy>,
    docs: DocumentSet,
}

impl Compiled {
    fn new(v: &Value) -> Compiled {
        let policy = Arc::new(Policy::from_value(v).unwrap());
        let docs = DocumentSet {
            identity: vec![Doc::shared("policy", &policy)],
            ..DocumentSet::default()
        };
        Compiled { policy, docs }
    }

    fn decide(&self, req: &Request) -> Decision {
        Decision {
            permits: evaluate(&self.docs, req).verdict == Verdict::Allowed,
            denied: self.policy.statements.iter().any(|st| {
                st.effect == Some(Effect::Deny)
                    && !st.apply(req, Place::Identity, false).applies.is_false()
            }),
        }
    }
}

const OWN: &str = "111111111111";
const OTHER: &str = "222222222222";

/// Actions of the grid: registry-wide ones, reads, writes, tagging, policy management.
const ACTIONS: [&str; 14] = [
    "GetAuthorizationToken",
    "DescribeRegistry",
    "PutRegistryPolicy",
    "BatchGetImage",
    "GetDownloadUrlForLayer",
    "DescribeImages",
    "DescribeRepositories",
    "PutImage",
    "InitiateLayerUpload",
    "CreateRepository",
    "DeleteRepository",
    "TagResource",
    "SetRepositoryPolicy",
    "ListTagsForResource",
];

/// Repository ARNs of the grid: own and other repositories, regions, accounts, a partition.
fn grid_resources() -> Vec<String> {
    let mut out = Vec::new();
    for (partition, region) in [
        ("aws", "us-east-1"),
        ("aws", "eu-west-1"),
        ("aws-cn", "cn-north-1"),
    ] {
        for account in [OWN, OTHER] {
            for name in ["web", "team/api", "other"] {
                out.push(format!(
                    "arn:{partition}:ecr:{region}:{account}:repository/{name}"
                ));
            }
        }
    }
    out
}

fn tag_contexts() -> Vec<BTreeMap<String, String>> {
    [
        vec![],
        vec![("team", "a")],
        vec![("team", "b")],
        vec![("env", "prod")],
    ]
    .into_iter()
    .map(|t| {
        t.into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    })
    .collect()
}

/// Every request of the grid, built once.
static GRID: LazyLock<Vec<Request>> = LazyLock::new(grid);

/// A request by a role session of the resource's account, with these resource tags.
fn request(action: &str, resource: &str, tags: &BTreeMap<String, String>) -> Request {
    let account = if resource == "*" {
        OWN
    } else {
        resource.split(':').nth(4).unwrap_or(OWN)
    };
    let principal =
        Principal::parse(&format!("arn:aws:sts::{account}:assumed-role/ci/run")).unwrap();
    let mut ctx = Context::closed();
    for (k, v) in tags {
        ctx.set(&format!("ecr:ResourceTag/{k}"), v.as_str())
            .set(&format!("aws:ResourceTag/{k}"), v.as_str());
    }
    ctx.set_unknown("aws:SourceIp");
    Request::new(principal, action, resource)
        .unwrap()
        .with_context(ctx)
}

/// Every request of the grid: registry-wide actions on `*`, the others on every ARN.
fn grid() -> Vec<Request> {
    let resources = grid_resources();
    let mut out = Vec::new();
    for name in ACTIONS {
        let star_only = find_action(name).is_some_and(|a| a.info().star_only);
        let targets: Vec<String> = if star_only {
            vec!["*".to_string()]
        } else {
            resources.clone()
        };
        for resource in targets {
            for tags in tag_contexts() {
                out.push(request(&format!("ecr:{name}"), &resource, &tags));
            }
        }
    }
    out
}

fn action_name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(ACTIONS.to_vec()).prop_map(|a| format!("ecr:{a}")),
        1 => Just("ecr:*".to_string()),
        1 => Just("ecr:Describe*".to_string()),
        1 => Just("ecr:Batch*".to_string()),
        1 => Just("ECR:getauthorizationtoken".to_string()),
        1 => Just("ecr:NoSuchAction".to_string()),
        1 => Just("s3:GetObject".to_string()),
        1 => Just("*".to_string()),
    ]
}

fn resource() -> impl Strategy<Value = String> {
    let region = prop::sample::select(vec!["us-east-1", "*", "us-*", "eu-west-1", ""]);
    let account = prop::sample::select(vec![OWN, "*", OTHER, "1111*", ""]);
    let name = prop::sample::select(vec!["web", "team/*", "*", "other", "team/api", "Web"]);
    let arn =
        (region, account, name).prop_map(|(r, a, n)| format!("arn:aws:ecr:{r}:{a}:repository/{n}"));
    prop_oneof![
        6 => arn,
        2 => Just("*".to_string()),
        1 => Just(format!("arn:aws:ecr:cn-north-1:{OWN}:repository/web")),
        1 => Just(format!("arn:aws-cn:ecr:cn-north-1:{OWN}:repository/*")),
        1 => Just(format!("arn:aws:ecr:us-east-1:{OWN}:*")),
        1 => Just("arn:aws:s3:::bucket/*".to_string()),
    ]
}

fn condition() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        6 => Just(None),
        2 => Just(Some(json!({"StringEquals": {"ecr:ResourceTag/team": "a"}}))),
        1 => Just(Some(json!({"StringEquals": {"aws:ResourceTag/team": "a"}}))),
        1 => Just(Some(json!({"StringEquals": {"ecr:ResourceTag/team": ["a", "b"]}}))),
        1 => Just(Some(json!({"StringLike": {"ecr:ResourceTag/team": "*"}}))),
        1 => Just(Some(json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))),
    ]
}

fn one_or_many(items: &[String]) -> Value {
    match items {
        [one] => json!(one),
        _ => json!(items),
    }
}

fn statement() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec!["Allow", "Allow", "Allow", "Deny"]),
        prop::collection::vec(action_name(), 1..=3),
        prop::collection::vec(resource(), 1..=3),
        condition(),
        prop::sample::select(vec!["", "Pull", "ReadRepositories", "RegistryLogin", "-"]),
        0..10u8,
    )
        .prop_map(|(effect, actions, resources, cond, sid, shape)| {
            let mut st = serde_json::Map::new();
            if sid != "-" {
                st.insert("Sid".into(), json!(sid));
            }
            st.insert("Effect".into(), json!(effect));
            let action_key = if shape == 0 { "NotAction" } else { "Action" };
            let resource_key = if shape == 1 {
                "NotResource"
            } else {
                "Resource"
            };
            st.insert(action_key.into(), one_or_many(&actions));
            st.insert(resource_key.into(), one_or_many(&resources));
            if let Some(c) = cond {
                st.insert("Condition".into(), c);
            }
            Value::Object(st)
        })
}

fn narrowing() -> impl Strategy<Value = Narrowing> {
    (
        prop::sample::select(vec![None, Some("us-east-1"), Some("eu-west-1")]),
        prop::sample::select(vec![None, Some(OWN)]),
    )
        .prop_map(|(region, account)| Narrowing {
            region: region.and_then(|r| resolve_region(r, None).ok()),
            account: account.map(String::from),
            partition: None,
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn import_never_allows_more_and_keeps_every_deny(
        statements in prop::collection::vec(statement(), 1..=5),
        narrow in narrowing(),
    ) {
        let original = json!({"Version": "2012-10-17", "Statement": statements});
        let doc = parse_document(&original.to_string()).unwrap();
        let im = import_with(&doc, &narrow, false);
        let text = render_policy(&im.policy, JsonStyle::Pretty);
        let imported: Value = serde_json::from_str(&text).unwrap();
        let (before_policy, after_policy) = (Compiled::new(&original), Compiled::new(&imported));
        for req in GRID.iter() {
            let before = before_policy.decide(req);
            let after = after_policy.decide(req);
            prop_assert!(
                !after.permits || before.permits,
                "imported allows {req:?}\noriginal: {original:#}\nimported: {text}"
            );
            prop_assert!(
                !before.denied || after.denied,
                "a Deny of the original is gone for {req:?}\noriginal: {original:#}\nimported: {text}"
            );
        }
        // Nothing is dropped silently: each statement has an outcome, each kept one is carried.
        prop_assert_eq!(im.statements.len(), doc.statements.len());
        let out = imported["Statement"].as_array().unwrap();
        for k in &im.policy.kept {
            prop_assert!(out.contains(&k.value), "{:?} missing from {}", k, text);
        }
    }
}
