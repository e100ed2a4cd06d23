//! Rendering tests: the ECR guide's example, ARNs in every partition, the JSON emitter against
//! `serde_json`, resource lists, and a snapshot of the default policy.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::*;
use crate::policy::spec::catalog::{ActionId, ActionSet, PARTITIONS};
use crate::policy::spec::model::{Spec, SpecInput, validate};
use crate::policy::spec::region::{all_regions, resolve_region};
use crate::policy::spec::tasks::{DEFAULT_PRESET, PRESETS, find_preset};

const ACCT: &str = "123456789012";

fn preset(id: &str) -> ActionSet {
    find_preset(id).unwrap().set()
}

fn spec(region: &str, partition: Option<&str>, repos: &[&str], actions: ActionSet) -> Spec {
    validate(&SpecInput {
        region: Some(region.to_string()),
        partition: partition.map(String::from),
        account: Some(ACCT.to_string()),
        repositories: repos.iter().map(|s| (*s).to_string()).collect(),
        actions,
        tags: Vec::new(),
    })
    .unwrap()
}

fn default_spec(repos: &[&str]) -> Spec {
    spec("us-east-1", None, repos, preset(DEFAULT_PRESET))
}

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .expect("only strings in Action and Resource")
                    .to_string()
            })
            .collect(),
        other => panic!("expected a string or an array, got {other}"),
    }
}

/// Every (action, resource) pair a policy grants, in document order (duplicates kept).
fn pairs(doc: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for st in doc["Statement"].as_array().expect("Statement is an array") {
        assert_eq!(st["Effect"], "Allow");
        for a in strings(&st["Action"]) {
            for r in strings(&st["Resource"]) {
                out.push((a.clone(), r));
            }
        }
    }
    out
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

// ---------------------------------------------------------------- the ECR guide's example

const GUIDE_EXAMPLE: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"ListImagesInRepository","Effect":"Allow","Action":["ecr:ListImages"],"Resource":"arn:aws:ecr:{REGION}:{ACCOUNT_ID}:repository/{REPOSITORY}"},{"Sid":"GetAuthorizationToken","Effect":"Allow","Action":["ecr:GetAuthorizationToken"],"Resource":"*"},{"Sid":"ManageRepositoryContents","Effect":"Allow","Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:GetRepositoryPolicy","ecr:DescribeRepositories","ecr:ListImages","ecr:DescribeImages","ecr:BatchGetImage","ecr:InitiateLayerUpload","ecr:UploadLayerPart","ecr:CompleteLayerUpload","ecr:PutImage"],"Resource":"arn:aws:ecr:{REGION}:{ACCOUNT_ID}:repository/{REPOSITORY}"}]}"#;

#[test]
fn default_preset_grants_exactly_what_the_ecr_guide_example_grants() {
    let guide = GUIDE_EXAMPLE
        .replace("{REGION}", "us-east-1")
        .replace("{ACCOUNT_ID}", ACCT)
        .replace("{REPOSITORY}", "my-repo");
    let want: BTreeSet<(String, String)> = pairs(&parse(&guide)).into_iter().collect();

    let text = render(&default_spec(&["my-repo"]), JsonStyle::Pretty);
    let doc = parse(&text);
    assert_eq!(doc["Version"], "2012-10-17");
    let ours = pairs(&doc);
    let got: BTreeSet<(String, String)> = ours.iter().cloned().collect();
    assert_eq!(got, want);
    assert_eq!(ours.len(), got.len(), "no pair is granted twice:\n{text}");
}

// ---------------------------------------------------------------- partitions

/// The distinct repository ARNs of a policy, sorted.
fn arns_of(doc: &Value) -> Vec<String> {
    let arns: BTreeSet<String> = pairs(doc)
        .into_iter()
        .map(|(_, r)| r)
        .filter(|r| r != "*")
        .collect();
    arns.into_iter().collect()
}

#[test]
fn every_region_gets_arns_of_its_own_partition() {
    let mut partitions_seen = BTreeSet::new();
    let mut regions_seen = 0;
    for (p, r) in all_regions() {
        let s = spec(r.code, None, &["app", "team/*"], preset(DEFAULT_PRESET));
        assert_eq!(s.partition().arn, p.arn, "{}", r.code);
        let text = render(&s, JsonStyle::Pretty);
        let arns = arns_of(&parse(&text));
        assert!(!arns.is_empty(), "{}", r.code);
        let prefix = format!("arn:{}:ecr:{}:{ACCT}:repository/", p.arn, r.code);
        for arn in &arns {
            assert!(arn.starts_with(&prefix), "{} got {arn}", r.code);
        }
        if p.arn != "aws" {
            assert!(
                !text.contains("arn:aws:"),
                "{} ({}):\n{text}",
                r.code,
                p.arn
            );
        }
        partitions_seen.insert(p.arn);
        regions_seen += 1;
    }
    assert_eq!(regions_seen, 48);
    assert_eq!(partitions_seen.len(), PARTITIONS.len());
}

#[test]
fn region_star_uses_the_chosen_partition() {
    for p in PARTITIONS {
        let s = spec("*", Some(p.arn), &["app"], preset("pull"));
        let text = render(&s, JsonStyle::Compact);
        let arns = arns_of(&parse(&text));
        assert_eq!(arns, [format!("arn:{}:ecr:*:{ACCT}:repository/app", p.arn)]);
        if p.arn != "aws" {
            assert!(!text.contains("arn:aws:"), "{text}");
        }
    }
}

#[test]
fn govcloud_and_china_never_use_the_commercial_partition() {
    for (region, arn) in [("us-gov-west-1", "aws-us-gov"), ("cn-north-1", "aws-cn")] {
        let text = render(&default_spec_in(region), JsonStyle::Pretty);
        assert!(text.contains(&format!(
            "\"arn:{arn}:ecr:{region}:{ACCT}:repository/my-repo\""
        )));
        assert!(!text.contains("arn:aws:"));
    }
}

fn default_spec_in(region: &str) -> Spec {
    spec(region, None, &["my-repo"], preset(DEFAULT_PRESET))
}

// ---------------------------------------------------------------- the emitter vs serde_json

/// The document shape, with fields in the order we emit them; strict so extra keys fail.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
struct Doc {
    version: String,
    statement: Vec<Stmt>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
struct Stmt {
    sid: String,
    effect: String,
    action: OneOrMany,
    resource: OneOrMany,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    condition: Option<Condition>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
struct Condition {
    string_equals: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

fn serde_pretty<T: Serialize>(value: &T) -> String {
    let mut buf = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
    value.serialize(&mut ser).unwrap();
    String::from_utf8(buf).unwrap()
}

fn sample_specs() -> Vec<Spec> {
    let all: ActionSet = ActionId::all().collect();
    let mut specs = vec![
        default_spec(&["my-repo"]),
        default_spec(&["web", "api", "team/*", "*"]),
        spec("us-gov-west-1", None, &["team/api"], preset("pull")),
        spec("*", Some("aws-cn"), &["app-*"], preset("push")),
        spec("eu-west-1", None, &["a.b/c_d", "x--y"], all),
        spec(
            "us-east-1",
            None,
            &[],
            ActionSet::of(&["GetAuthorizationToken"]),
        ),
        spec("us-east-1", None, &[], ActionSet::of(&["DescribeRegistry"])),
    ];
    for p in PRESETS {
        specs.push(spec("ap-south-2", None, &["svc"], p.set()));
    }
    specs.push(tagged(&["team=pay ments", "cost:center=a/b+c@d=e", "env="]));
    specs
}

fn tagged(tags: &[&str]) -> Spec {
    validate(&SpecInput {
        region: Some("us-gov-east-1".to_string()),
        account: Some(ACCT.to_string()),
        repositories: vec!["svc".to_string(), "team/*".to_string()],
        actions: preset("power-user"),
        tags: tags.iter().map(|s| (*s).to_string()).collect(),
        ..SpecInput::default()
    })
    .unwrap()
}

#[test]
fn tag_conditions_go_on_every_repository_statement_and_never_on_star() {
    let doc = parse(&render(
        &tagged(&["team=payments", "env=prod"]),
        JsonStyle::Pretty,
    ));
    let statements = doc["Statement"].as_array().unwrap();
    let mut repo_statements = 0;
    for st in statements {
        if st["Resource"] == "*" {
            assert!(st.get("Condition").is_none(), "{st}");
        } else {
            repo_statements += 1;
            let eq = &st["Condition"]["StringEquals"];
            assert_eq!(eq["ecr:ResourceTag/team"], "payments", "{st}");
            assert_eq!(eq["ecr:ResourceTag/env"], "prod", "{st}");
            assert_eq!(eq.as_object().unwrap().len(), 2);
        }
    }
    assert!(
        repo_statements >= 2,
        "power-user has read and write statements"
    );
    let untagged = parse(&render(&tagged(&[]), JsonStyle::Pretty));
    assert!(!untagged.to_string().contains("Condition"));
}

#[test]
fn pretty_output_is_serde_jsons_four_space_pretty_print() {
    for s in sample_specs() {
        let pretty = render(&s, JsonStyle::Pretty);
        let doc: Doc = serde_json::from_str(&pretty).unwrap();
        assert_eq!(pretty, serde_pretty(&doc));
        assert_eq!(doc.version, POLICY_VERSION);
    }
}

#[test]
fn compact_output_is_serde_jsons_compact_print() {
    for s in sample_specs() {
        let compact = render(&s, JsonStyle::Compact);
        let doc: Doc = serde_json::from_str(&compact).unwrap();
        assert_eq!(compact, serde_json::to_string(&doc).unwrap());
        let pretty = render(&s, JsonStyle::Pretty);
        assert_eq!(parse(&compact), parse(&pretty));
    }
}

#[test]
fn strings_are_escaped_exactly_as_serde_json_escapes_them() {
    let odd = [
        "quote \" backslash \\ slash /",
        "controls \n \r \t \u{8} \u{c} \u{0} \u{1} \u{1f}",
        "del \u{7f}, latin é, astral 😀, separator \u{2028}",
        "",
    ];
    let policy = Policy {
        statements: vec![Statement {
            sid: "Odd".into(),
            actions: ActionId::all().take(2).collect(),
            resources: odd.iter().map(|s| (*s).to_string()).collect(),
            condition: Vec::new(),
        }],
        signing: None,
        kept: Vec::new(),
    };
    for style in [JsonStyle::Compact, JsonStyle::Pretty] {
        let text = to_json(&policy, style);
        let doc: Doc = serde_json::from_str(&text).unwrap();
        let OneOrMany::Many(back) = &doc.statement[0].resource else {
            panic!("several resources make an array: {text}");
        };
        assert_eq!(back, &odd);
        let want = match style {
            JsonStyle::Compact => serde_json::to_string(&doc).unwrap(),
            JsonStyle::Pretty => serde_pretty(&doc),
        };
        assert_eq!(text, want);
    }
}

#[test]
fn an_empty_statement_list_is_still_a_document() {
    let empty = Policy {
        statements: vec![],
        signing: None,
        kept: vec![],
    };
    let doc: Doc = serde_json::from_str(&to_json(&empty, JsonStyle::Pretty)).unwrap();
    assert!(doc.statement.is_empty());
    assert_eq!(to_json(&empty, JsonStyle::Pretty), serde_pretty(&doc));
    assert_eq!(
        to_json(&empty, JsonStyle::Compact),
        serde_json::to_string(&doc).unwrap()
    );
}

// ---------------------------------------------------------------- resources

fn repo_statements(doc: &Value) -> Vec<&Value> {
    doc["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["Resource"] != "*")
        .collect()
}

#[test]
fn one_repository_is_a_resource_string() {
    let doc = parse(&render(&default_spec(&["my-repo"]), JsonStyle::Pretty));
    let repo = repo_statements(&doc);
    assert!(!repo.is_empty());
    for st in repo {
        assert_eq!(
            st["Resource"],
            format!("arn:aws:ecr:us-east-1:{ACCT}:repository/my-repo")
        );
    }
}

#[test]
fn several_repositories_are_a_sorted_array_without_duplicates() {
    let uri = format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.com/b-repo:latest");
    let doc = parse(&render(
        &default_spec(&["c-repo", "b-repo", "a-repo", "b-repo", &uri, "team/*"]),
        JsonStyle::Pretty,
    ));
    let want: Vec<String> = ["a-repo", "b-repo", "c-repo", "team/*"]
        .iter()
        .map(|r| format!("arn:aws:ecr:us-east-1:{ACCT}:repository/{r}"))
        .collect();
    let repo = repo_statements(&doc);
    assert!(!repo.is_empty());
    for st in repo {
        assert!(st["Resource"].is_array(), "{st}");
        assert_eq!(strings(&st["Resource"]), want);
    }
}

#[test]
fn an_unsorted_spec_with_duplicates_still_renders_sorted_unique_arns() {
    // Spec's fields are public, so the renderer must not rely on validate() having sorted them.
    let region = resolve_region("eu-central-1", None).unwrap();
    let s = Spec {
        region,
        account: ACCT.to_string(),
        repositories: ["zeta", "alpha", "zeta", "mid/*", "alpha"]
            .map(String::from)
            .to_vec(),
        actions: preset("pull"),
        tags: Vec::new(),
    };
    let doc = parse(&render(&s, JsonStyle::Compact));
    let want: Vec<String> = ["alpha", "mid/*", "zeta"]
        .iter()
        .map(|r| format!("arn:aws:ecr:eu-central-1:{ACCT}:repository/{r}"))
        .collect();
    for st in repo_statements(&doc) {
        assert_eq!(strings(&st["Resource"]), want);
    }
    assert_eq!(repository_arns(&s), want);
}

#[test]
fn every_action_is_granted_once_on_the_right_kind_of_resource() {
    let all: ActionSet = ActionId::all().collect();
    let s = spec("us-west-2", None, &["app", "web"], all);
    let policy = build(&s);
    assert_eq!(granted(&policy), all);
    let doc = parse(&render(&s, JsonStyle::Pretty));
    let ours = pairs(&doc);
    let unique: BTreeSet<&(String, String)> = ours.iter().collect();
    assert_eq!(ours.len(), unique.len());
    for (action, resource) in &ours {
        let name = action.strip_prefix("ecr:").unwrap();
        let info = ActionId::all()
            .find(|a| a.info().name == name)
            .unwrap()
            .info();
        assert_eq!(resource == "*", info.star_only, "{action} on {resource}");
    }
    let sids: Vec<&str> = policy.statements.iter().map(|s| s.sid.as_ref()).collect();
    let unique_sids: BTreeSet<&str> = sids.iter().copied().collect();
    assert_eq!(sids.len(), unique_sids.len(), "{sids:?}");
    assert!(
        sids.iter()
            .all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))
    );
}

/// Whitespace between JSON tokens (not inside string literals, where a tag value may have spaces).
fn whitespace_outside_strings(text: &str) -> usize {
    let (mut in_str, mut escaped, mut n) = (false, false, 0);
    for c in text.chars() {
        match (in_str, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (_, false, '"') => in_str = !in_str,
            (false, _, c) if c.is_whitespace() => n += 1,
            _ => {}
        }
    }
    n
}

#[test]
fn policy_size_ignores_whitespace() {
    for s in sample_specs() {
        let pretty = render(&s, JsonStyle::Pretty);
        let compact = render(&s, JsonStyle::Compact);
        assert_eq!(whitespace_outside_strings(&compact), 0, "{compact}");
        assert!(whitespace_outside_strings(&pretty) > 0);
        assert_eq!(policy_size(&pretty), policy_size(&compact));
        assert!(pretty.len() > compact.len());
    }
    assert_eq!(policy_size(" {\n\t\"a\" : 1 }\r\n"), 7);
}

// ---------------------------------------------------------------- snapshot

#[test]
fn default_policy_snapshot() {
    let text = render(&default_spec(&["my-repo"]), JsonStyle::Pretty);
    let _: Doc = serde_json::from_str(&text).unwrap();
    insta::assert_snapshot!("default_policy", text);
}
