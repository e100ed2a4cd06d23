//! A policy document back into the wizard's selection (region, account, repositories, actions,
//! tag condition), listing in plain words everything that cannot be carried over.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::policy::audit::check::expand;
use crate::policy::emit::render::POLICY_VERSION;
use crate::policy::import::document::{DocStatement, Document};
use crate::policy::spec::catalog::{ActionId, ActionSet};
use crate::policy::spec::model::SpecInput;
use crate::policy::spec::region::partition_for_code;
use crate::policy::spec::tags::parse_tag;
use crate::policy::spec::validate::parse_repo_input;

/// The condition key prefix of the engine's tag condition.
pub const TAG_KEY_PREFIX: &str = "ecr:ResourceTag/";

/// What a document means as a wizard selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// A region code, or `*`; from the first repository ARN.
    pub region: Option<String>,
    /// The ARN partition of the first repository ARN.
    pub partition: Option<String>,
    pub account: Option<String>,
    /// Names or wildcard patterns, sorted, without duplicates.
    pub repositories: Vec<String>,
    pub actions: ActionSet,
    /// `ecr:ResourceTag/KEY = VALUE` pairs, sorted by key.
    pub tags: Vec<(String, String)>,
    /// Everything not carried over (or carried over differently), in plain words.
    pub left_out: Vec<String>,
}

impl Imported {
    /// The selection as engine input.
    pub fn spec_input(&self) -> SpecInput {
        SpecInput {
            region: self.region.clone(),
            partition: self.partition.clone(),
            account: self.account.clone(),
            repositories: self.repositories.clone(),
            actions: self.actions,
            tags: self.tags.iter().map(|(k, v)| format!("{k}={v}")).collect(),
        }
    }
}

/// Where the first repository ARN put the policy.
struct Target {
    partition: &'static str,
    region: String,
    account: String,
}

/// One Allow statement's repository part, for the widening and tag checks.
struct RepoStatement {
    label: String,
    tags: Option<Vec<(String, String)>>,
}

/// Turns a document into the wizard's selection. Repository actions granted on `"*"` become
/// the repository pattern `*` (every repository of the chosen account and region): narrower
/// than before, and listed in `left_out`.
pub fn import_document(doc: &Document) -> Imported {
    let mut im = Imported::default();
    let mut target: Option<Target> = None;
    // action -> repositories it was granted on
    let mut reach: BTreeMap<ActionId, Vec<String>> = BTreeMap::new();
    let mut repo_statements: Vec<RepoStatement> = Vec::new();
    if let Some(v) = &doc.version
        && v.as_str() != Some(POLICY_VERSION)
    {
        im.left_out
            .push(format!("Version {v} becomes {POLICY_VERSION}"));
    }
    if let Some(id) = doc.value.get("Id") {
        im.left_out.push(format!("the policy Id {id} is not kept"));
    }
    for st in &doc.statements {
        import_statement(st, &mut im, &mut target, &mut reach, &mut repo_statements);
    }
    if let Some(t) = target {
        im.partition = Some(t.partition.to_string());
        im.region = Some(t.region);
        im.account = Some(t.account);
    }
    let mut all: Vec<String> = reach.values().flatten().cloned().collect();
    all.sort();
    all.dedup();
    for (a, repos) in &mut reach {
        repos.sort();
        repos.dedup();
        if *repos != all {
            im.left_out.push(format!(
                "{} was only on {}; the wizard grants it on every repository ({})",
                a.qualified(),
                repos.join(", "),
                all.join(", ")
            ));
        }
    }
    im.repositories = all;
    im.tags = common_tags(&repo_statements, &mut im.left_out)
        .into_iter()
        .filter(|(k, v)| representable_tag(k, v, &mut im.left_out))
        .collect();
    im
}

/// One statement into the selection being built.
fn import_statement(
    st: &DocStatement,
    im: &mut Imported,
    target: &mut Option<Target>,
    reach: &mut BTreeMap<ActionId, Vec<String>>,
    repo_statements: &mut Vec<RepoStatement>,
) {
    let label = label(st);
    if !st.problems.is_empty() {
        let list: Vec<String> = st
            .problems
            .iter()
            .map(|p| format!("{} {}", p.element, p.message))
            .collect();
        im.left_out.push(format!(
            "{label} has elements that cannot be read: {}",
            list.join("; ")
        ));
    }
    if !st.is_allow() {
        im.left_out.push(format!(
            "{label} is not an Allow statement (Effect {}): the wizard writes Allow \
             statements only",
            st.effect
                .as_ref()
                .map_or("missing".to_string(), Value::to_string)
        ));
        return;
    }
    if st.not_action.is_some() || st.not_resource.is_some() {
        im.left_out.push(format!(
            "{label} uses NotAction or NotResource, which the wizard cannot express"
        ));
        return;
    }
    if st.principal {
        im.left_out.push(format!(
            "{label}: Principal is not carried over (it has no place in an identity policy)"
        ));
    }
    let tags = statement_tags(st, &label, &mut im.left_out);
    let actions = statement_actions(st, &label, &mut im.left_out);
    let mut on_star = false;
    let mut repos = Vec::new();
    for r in st.resource.iter().flatten() {
        if r == "*" {
            on_star = true;
        } else if let Some(name) = accept_arn(r, target, &label, &mut im.left_out) {
            repos.push(name);
        }
    }
    let star_only = actions.star_only();
    if on_star {
        im.actions = im.actions.union(star_only);
    } else if !star_only.is_empty() {
        im.left_out.push(format!(
            "{label}: {} only {} on \"*\", not on repository ARNs; not carried over",
            qualified(star_only),
            if star_only.len() == 1 {
                "works"
            } else {
                "work"
            }
        ));
    }
    let repo_actions = actions.repository_level();
    if repo_actions.is_empty() {
        if tags.as_ref().is_some_and(|t| !t.is_empty()) {
            im.left_out.push(format!(
                "{label}: the tag condition is not carried over: the wizard puts tag \
                 conditions on repository statements only"
            ));
        }
        return;
    }
    if on_star {
        repos.push("*".to_string());
        im.left_out.push(format!(
            "{label}: {} were on \"*\" (every repository in every region and account); \
             the wizard grants them on repository * of one account and region",
            qualified(repo_actions)
        ));
    }
    if repos.is_empty() {
        im.left_out.push(format!(
            "{label}: {} not carried over: the statement has no repository ARN the wizard \
             can use",
            qualified(repo_actions)
        ));
        return;
    }
    im.actions = im.actions.union(repo_actions);
    for a in repo_actions.iter() {
        reach.entry(a).or_default().extend(repos.iter().cloned());
    }
    repo_statements.push(RepoStatement { label, tags });
}

fn label(st: &DocStatement) -> String {
    match st.sid_text() {
        Some(s) if !s.is_empty() => format!("statement {} ({s})", st.index + 1),
        _ => format!("statement {}", st.index + 1),
    }
}

fn qualified(set: ActionSet) -> String {
    set.iter()
        .map(ActionId::qualified)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The ECR actions of an Allow statement; other services, unknown names and wildcard
/// expansions are listed.
fn statement_actions(st: &DocStatement, label: &str, left_out: &mut Vec<String>) -> ActionSet {
    let mut set = ActionSet::EMPTY;
    for name in st.action.iter().flatten() {
        let wildcard = name.contains(['*', '?']);
        match expand(name) {
            Some(s) if s.is_empty() => left_out.push(format!(
                "{label}: {name} is not an ECR action (or matches none)"
            )),
            Some(s) => {
                if wildcard {
                    left_out.push(format!(
                        "{label}: {name} was expanded to the {} ECR actions it matches today",
                        s.len()
                    ));
                }
                if name.trim() == "*" {
                    left_out.push(format!(
                        "{label}: \"*\" also grants every other service's actions; only ECR's \
                         are carried over"
                    ));
                }
                set = set.union(s);
            }
            None => left_out.push(format!(
                "{label}: {name} is not an ECR action; the wizard writes ECR actions only"
            )),
        }
    }
    set
}

/// The statement's tag condition (`Some(empty)` when it has no Condition); anything else in
/// Condition is listed and gives `None`.
fn statement_tags(
    st: &DocStatement,
    label: &str,
    left_out: &mut Vec<String>,
) -> Option<Vec<(String, String)>> {
    let Some(cond) = &st.condition else {
        return Some(Vec::new());
    };
    let tags = cond
        .as_object()
        .filter(|ops| ops.len() == 1)
        .and_then(|ops| ops.get("StringEquals"))
        .and_then(Value::as_object)
        .filter(|keys| !keys.is_empty())
        .and_then(|keys| {
            keys.iter()
                .map(|(k, v)| {
                    let key = k.strip_prefix(TAG_KEY_PREFIX).filter(|t| !t.is_empty())?;
                    Some((key.to_string(), v.as_str()?.to_string()))
                })
                .collect::<Option<Vec<_>>>()
        });
    if tags.is_none() {
        left_out.push(format!(
            "{label}: the Condition {cond} is not carried over (the wizard only writes \
             StringEquals on {TAG_KEY_PREFIX}KEY); its actions are carried over without it"
        ));
    }
    tags
}

/// Whether the wizard can write this tag condition back exactly; if not, it is listed.
fn representable_tag(key: &str, value: &str, left_out: &mut Vec<String>) -> bool {
    let why = if key.contains('=') {
        "the key contains =, which KEY=VALUE cannot express".to_string()
    } else {
        match parse_tag(&format!("{key}={value}")) {
            Ok(t) if t.key == key && t.value == value => return true,
            Ok(_) => "leading or trailing spaces would be lost".to_string(),
            Err(e) => e.message,
        }
    };
    left_out.push(format!(
        "the tag condition {TAG_KEY_PREFIX}{key} = {value:?}: {why}"
    ));
    false
}

/// The tag condition every repository statement has, or none (listed) when they differ.
fn common_tags(statements: &[RepoStatement], left_out: &mut Vec<String>) -> Vec<(String, String)> {
    let Some(first) = statements.first() else {
        return Vec::new();
    };
    let same = statements.iter().all(|s| s.tags == first.tags);
    match &first.tags {
        Some(t) if same => {
            let mut t = t.clone();
            t.sort();
            t
        }
        _ => {
            let tagged: Vec<&str> = statements
                .iter()
                .filter(|s| s.tags.as_ref().is_some_and(|t| !t.is_empty()))
                .map(|s| s.label.as_str())
                .collect();
            if !tagged.is_empty() {
                left_out.push(format!(
                    "the tag condition of {}: it is not the same on every repository \
                     statement, and the wizard applies one condition to all of them",
                    tagged.join(", ")
                ));
            }
            Vec::new()
        }
    }
}

/// The ARN with the partition its region belongs to, when it names another one (the most
/// common `GovCloud` and China mistake): `(fixed ARN, wrong partition, right partition)`.
fn corrected_partition(arn: &str) -> Option<(String, String, &'static str)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ["arn", partition, "ecr", region, account, rest] = parts.as_slice() else {
        return None;
    };
    if region.is_empty() || region.contains(['*', '?']) {
        return None;
    }
    let right = partition_for_code(region)?.arn;
    (right != *partition).then(|| {
        (
            format!("arn:{right}:ecr:{region}:{account}:{rest}"),
            (*partition).to_string(),
            right,
        )
    })
}

/// A repository ARN in the policy's one partition, region and account: its name. The first
/// ARN sets them; ARNs elsewhere or not understood are listed.
fn accept_arn(
    arn: &str,
    target: &mut Option<Target>,
    label: &str,
    left_out: &mut Vec<String>,
) -> Option<String> {
    let mut parsed = parse_repo_input(arn)
        .ok()
        .filter(|_| arn.starts_with("arn:"));
    if parsed.is_none()
        && let Some((fixed, wrong, right)) = corrected_partition(arn)
    {
        parsed = parse_repo_input(&fixed).ok();
        if parsed.is_some() {
            left_out.push(format!(
                "{label}: {arn} says partition {wrong}, but its region is in {right}, so it \
                 never matched; the wizard writes {fixed}"
            ));
        }
    }
    let Some(r) = parsed else {
        left_out.push(format!(
            "{label}: {arn} is not a repository ARN the wizard understands (ecr-policy check \
             says why)"
        ));
        return None;
    };
    let (Some(partition), Some(account)) = (r.partition, r.account) else {
        return None;
    };
    let region = r.region.unwrap_or_else(|| "*".to_string());
    match target {
        None => {
            *target = Some(Target {
                partition,
                region,
                account,
            });
            Some(r.name)
        }
        Some(t) if t.partition == partition && t.region == region && t.account == account => {
            Some(r.name)
        }
        Some(t) => {
            left_out.push(format!(
                "{label}: {arn} is outside the policy's partition, region and account ({}, {}, \
                 {}); the wizard covers one of each",
                t.partition, t.region, t.account
            ));
            None
        }
    }
}
