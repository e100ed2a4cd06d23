//! Least privilege from `CloudTrail`, exact by construction: random event streams (callers and
//! their sessions, event names, repositories, regions in three partitions, refusals and other
//! failures, other services' records) are written as a delivered log file, split in random
//! chunks, turned into each caller's policy, and evaluated by the engine's evaluator (proved
//! against iam-simulate by `eval_reference.rs`) as the caller's identity-based policy: every successful call is allowed, nothing else on the repositories seen is,
//! no call on a repository the caller never touched is, and a refused call is allowed only when
//! the same call also succeeded (512 cases; set `PROPTEST_CASES`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use ecr_policy::policy::trail::record::{read_lookup_event, read_record};
use ecr_policy::policy::trail::scan::{Item, Splitter};
use ecr_policy::policy::trail::{Usage, Window, least_privilege};
use ecr_policy::policy::{JsonStyle, render_policy};
use proptest::prelude::*;
use serde_json::{Value, json};

use ecr_policy::policy::eval::{Context, Doc, DocumentSet, Policy, Principal, Request, evaluate};

/// A generated policy read once, as the identity-based policy of the caller.
struct Compiled(DocumentSet);

impl Compiled {
    fn new(policy: &Value) -> Compiled {
        let parsed = Policy::from_value(policy).expect("a generated policy parses");
        Compiled(DocumentSet {
            identity: vec![Doc::new("generated", parsed)],
            ..DocumentSet::default()
        })
    }
}

/// The one place the policy is evaluated: a role session of the resource's own account (so the
/// identity-based policy alone decides) asks for `action` on `resource`.
fn allows(policy: &Compiled, action: &str, resource: &str) -> bool {
    let account = resource.split(':').nth(4).unwrap_or(ACCOUNTS[0]);
    let partition = resource.split(':').nth(1).unwrap_or("aws");
    let principal = Principal::parse(&format!(
        "arn:{partition}:sts::{account}:assumed-role/ci/run"
    ))
    .unwrap();
    let Ok(request) = Request::new(principal, action, resource) else {
        // The wrong resource shape for the action (a `*`-only action on an ARN): nothing allows it.
        return false;
    };
    evaluate(&policy.0, &request.with_context(Context::closed())).is_allowed() == Some(true)
}

/// (partition, regions) — the commercial, China and `GovCloud` partitions.
const PARTITIONS: [(&str, &[&str]); 3] = [
    ("aws", &["us-east-1", "eu-west-1"]),
    ("aws-cn", &["cn-north-1"]),
    ("aws-us-gov", &["us-gov-west-1"]),
];
const ACCOUNTS: [&str; 2] = ["111122223333", "444455556666"];
const REPOS: [&str; 4] = ["web", "team/api", "team/api/v2", "a.b_c-d"];

/// Event name and the IAM action it needs (the test's own table, not the engine's), and
/// whether it acts on a repository.
const EVENTS: [(&str, &str, bool); 14] = [
    ("BatchGetImage", "ecr:BatchGetImage", true),
    ("GetDownloadUrlForLayer", "ecr:GetDownloadUrlForLayer", true),
    (
        "BatchCheckLayerAvailability",
        "ecr:BatchCheckLayerAvailability",
        true,
    ),
    ("InitiateLayerUpload", "ecr:InitiateLayerUpload", true),
    ("UploadLayerPart", "ecr:UploadLayerPart", true),
    ("CompleteLayerUpload", "ecr:CompleteLayerUpload", true),
    ("PutImage", "ecr:PutImage", true),
    ("DescribeImages", "ecr:DescribeImages", true),
    ("DeleteRepository", "ecr:DeleteRepository", true),
    ("TagResource", "ecr:TagResource", true),
    ("ListImageReferrers", "ecr:BatchGetImage", true),
    ("GetAuthorizationToken", "ecr:GetAuthorizationToken", false),
    ("DescribeRegistry", "ecr:DescribeRegistry", false),
    ("GetRegistryPolicy", "ecr:GetRegistryPolicy", false),
];

#[derive(Debug, Clone)]
struct Step {
    caller: usize,
    session: u8,
    /// Written without `sessionIssuer` (the role from the session ARN).
    bare: bool,
    event: usize,
    account: usize,
    region: usize,
    repo: usize,
    /// 0 success, 1 `AccessDenied`, 2 `AccessDeniedException`, 3 another error, 4 another
    /// service's record.
    outcome: u8,
}

/// Callers: (partition index, account index, role name).
fn callers() -> impl Strategy<Value = Vec<(usize, usize, String)>> {
    prop::collection::vec((0..3usize, 0..2usize, "[a-z]{1,6}"), 1..=3).prop_map(|mut v| {
        v.sort();
        v.dedup_by(|a, b| a.1 == b.1 && a.2 == b.2 && a.0 == b.0);
        v
    })
}

fn event() -> impl Strategy<Value = Step> {
    (
        0..3usize,
        0..3u8,
        any::<bool>(),
        0..EVENTS.len(),
        0..2usize,
        0..2usize,
        0..REPOS.len(),
        prop_oneof![5 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8), 1 => Just(3u8), 1 => Just(4u8)],
    )
        .prop_map(
            |(caller, session, bare, event, account, region, repo, outcome)| Step {
                caller,
                session,
                bare,
                event,
                account,
                region,
                repo,
                outcome,
            },
        )
}

fn role_arn(c: &(usize, usize, String)) -> String {
    format!(
        "arn:{}:iam::{}:role/{}",
        PARTITIONS[c.0].0, ACCOUNTS[c.1], c.2
    )
}

fn region_of(c: &(usize, usize, String), e: &Step) -> &'static str {
    let regions = PARTITIONS[c.0].1;
    regions[e.region % regions.len()]
}

fn resource(c: &(usize, usize, String), e: &Step) -> String {
    if EVENTS[e.event].2 {
        format!(
            "arn:{}:ecr:{}:{}:repository/{}",
            PARTITIONS[c.0].0,
            region_of(c, e),
            ACCOUNTS[e.account],
            REPOS[e.repo]
        )
    } else {
        "*".to_string()
    }
}

fn record(c: &(usize, usize, String), e: &Step, i: usize) -> Value {
    let (partition, account) = (PARTITIONS[c.0].0, ACCOUNTS[c.1]);
    let session = format!("s{}", e.session);
    let mut identity = json!({
        "type": "AssumedRole",
        "principalId": format!("AROAEXAMPLE:{session}"),
        "arn": format!("arn:{partition}:sts::{account}:assumed-role/{}/{session}", c.2),
        "accountId": account,
    });
    if !e.bare {
        identity["sessionContext"] = json!({"sessionIssuer": {
            "type": "Role", "arn": role_arn(c), "accountId": account, "userName": c.2}});
    }
    let (name, _, on_repo) = EVENTS[e.event];
    let source = if e.outcome == 4 {
        "s3.amazonaws.com"
    } else {
        "ecr.amazonaws.com"
    };
    let mut r = json!({
        "eventVersion": "1.09",
        "userIdentity": identity,
        "eventTime": format!("2024-06-{:02}T10:00:00Z", 1 + i % 28),
        "eventSource": source,
        "eventName": name,
        "awsRegion": region_of(c, e),
        "requestParameters": if on_repo {
            json!({"registryId": ACCOUNTS[e.account], "repositoryName": REPOS[e.repo]})
        } else {
            Value::Null
        },
        "eventID": format!("e{i}"),
        "eventType": "AwsApiCall",
        "recipientAccountId": ACCOUNTS[e.account],
    });
    match e.outcome {
        1 => r["errorCode"] = json!("AccessDenied"),
        2 => r["errorCode"] = json!("AccessDeniedException"),
        3 => r["errorCode"] = json!("RepositoryNotFoundException"),
        _ => {}
    }
    r
}

fn read(text: &str, chunk: usize) -> Usage {
    let mut usage = Usage::default();
    let mut s = Splitter::new(1 << 20);
    let w = Window::default();
    for part in text.as_bytes().chunks(chunk) {
        s.feed(part, &mut |item| match item {
            Item::Record(r) => read_record(r, &w, &mut usage),
            Item::LookupEvent(r) => read_lookup_event(r, &w, &mut usage),
            Item::Oversized => panic!("no record is that large"),
        });
    }
    s.finish().unwrap();
    usage
}

proptest! {
    #![proptest_config({
        let mut c = crate::support::strategies::config();
        if std::env::var_os("PROPTEST_CASES").is_none() {
            c.cases = 512;
        }
        c
    })]

    #[test]
    fn the_policy_allows_exactly_the_successful_calls(
        callers in callers(),
        events in prop::collection::vec(event(), 1..40),
        chunk in 1usize..400,
    ) {
        let events: Vec<Step> = events
            .into_iter()
            .map(|mut e| { e.caller %= callers.len(); e })
            .collect();
        let records: Vec<Value> = events
            .iter()
            .enumerate()
            .map(|(i, e)| record(&callers[e.caller], e, i))
            .collect();
        let text = json!({"Records": records}).to_string();
        let usage = read(&text, chunk);
        for (ci, c) in callers.iter().enumerate() {
            let mine: Vec<&Step> = events.iter().filter(|e| e.caller == ci && e.outcome != 4).collect();
            let ok: BTreeSet<(String, String)> = mine
                .iter()
                .filter(|e| e.outcome == 0)
                .map(|e| (EVENTS[e.event].1.to_string(), resource(c, e)))
                .collect();
            let least = least_privilege(&usage, &role_arn(c));
            let policy: Value = serde_json::from_str(&render_policy(&least.policy, JsonStyle::Pretty)).unwrap();
            let compiled = Compiled::new(&policy);
            // Every successful call is allowed.
            for (action, res) in &ok {
                prop_assert!(allows(&compiled, action, res), "{action} on {res} not allowed by {policy}");
            }
            // On every repository of every registry and region of this partition, and on "*",
            // nothing but the successful calls is allowed: not the refused ones, not the failed
            // ones, not another caller's, not a repository never touched.
            let mut places: BTreeSet<String> = BTreeSet::from(["*".to_string()]);
            for region in PARTITIONS[c.0].1 {
                for account in ACCOUNTS {
                    for repo in REPOS.iter().chain(&["never-seen"]) {
                        places.insert(format!("arn:{}:ecr:{region}:{account}:repository/{repo}", PARTITIONS[c.0].0));
                    }
                }
            }
            // A registry-wide action is requested on "*", a repository action on its ARN.
            let actions: BTreeSet<(&str, bool)> = EVENTS.iter().map(|e| (e.1, e.2)).collect();
            for res in &places {
                for (action, on_repo) in &actions {
                    if *on_repo == (res == "*") {
                        continue;
                    }
                    let expected = ok.contains(&((*action).to_string(), res.clone()));
                    prop_assert_eq!(
                        allows(&compiled, action, res), expected,
                        "{} on {}: policy {}", action, res, policy
                    );
                }
            }
            // Refused calls are listed unless the same call also succeeded.
            let refused: BTreeSet<(String, String)> = mine
                .iter()
                .filter(|e| matches!(e.outcome, 1 | 2))
                .map(|e| (EVENTS[e.event].1.to_string(), resource(c, e)))
                .filter(|k| !ok.contains(k))
                .collect();
            let listed: BTreeSet<(String, String)> = least
                .refused
                .iter()
                .flat_map(|r| r.permissions.iter().map(|p| (p.action.clone(), p.resource.clone())))
                .collect();
            prop_assert_eq!(listed, refused);
            prop_assert_eq!(
                least.failed.values().sum::<u64>(),
                mine.iter().filter(|e| e.outcome == 3).count() as u64
            );
        }
    }
}
