//! A permission change in plain sentences, one per repository (resource pattern) and condition:
//! "Now: push images to team/api (us-east-1, account 123456789012)".

use std::collections::BTreeMap;

use super::{Change, Grant};
use crate::policy::audit::lint::docker_needs;
use crate::policy::emit::explain::task_sentence_for;
use crate::policy::spec::catalog::{ActionId, ActionSet, find_action};
use crate::policy::spec::tasks::TASKS;

/// The sentences for a change: what NEW grants, what it takes away, then Deny changes.
pub fn sentences(change: &Change) -> Vec<String> {
    let mut out = Vec::new();
    for (prefix, grants) in [
        ("Now", &change.granted),
        ("No longer", &change.revoked),
        ("Now denied", &change.denied),
        ("No longer denied", &change.undenied),
    ] {
        for ((resource, condition), set) in group(grants) {
            let repo = repository_phrase(&resource);
            let when = if condition.is_empty() {
                String::new()
            } else {
                format!(" (only when {condition})")
            };
            out.push(format!("{prefix}: {}{when}", describe(set, &repo)));
        }
    }
    out
}

/// Grants grouped by (resource, condition), in order.
fn group(grants: &[Grant]) -> BTreeMap<(String, String), ActionSet> {
    let mut m: BTreeMap<(String, String), ActionSet> = BTreeMap::new();
    for g in grants {
        let bare = g.action.strip_prefix("ecr:").unwrap_or(&g.action);
        if let Some(a) = find_action(bare) {
            m.entry((g.resource.clone(), g.condition.clone()))
                .or_default()
                .insert(a);
        }
    }
    m
}

/// Whole tasks in their own words, the remaining actions by name.
fn describe(set: ActionSet, repo: &str) -> String {
    let mut parts = Vec::new();
    let mut rest = set;
    let pull_core = docker_needs().pull_core;
    for task in TASKS {
        // docker pull needs only the core pair; the task lists one more.
        let needed = if task.id == "pull" {
            pull_core
        } else {
            task.set()
        };
        if !needed.is_empty() && set.is_superset(needed) {
            parts.push(task_sentence_for(task, repo));
            rest = rest.difference(task.set());
        }
    }
    if !rest.is_empty() {
        let names: Vec<String> = rest.iter().map(ActionId::qualified).collect();
        parts.push(format!("call {} on {repo}", names.join(", ")));
    }
    parts.join("; ")
}

/// "team/api (us-east-1, account 123456789012)", "every repository in eu-west-1", ...
pub fn repository_phrase(resource: &str) -> String {
    if resource == "*" {
        return "every repository in every region and account".to_string();
    }
    let parts: Vec<&str> = resource.splitn(6, ':').collect();
    let [_, _, "ecr", region, account, res] = parts[..] else {
        return resource.to_string();
    };
    let name = res.strip_prefix("repository/").unwrap_or(res);
    let what = if name == "*" {
        "every repository".to_string()
    } else if name.contains(['*', '?']) {
        format!("repositories matching {name}")
    } else {
        name.to_string()
    };
    let region = if region == "*" {
        "every region".to_string()
    } else {
        region.to_string()
    };
    let account = if account == "*" {
        "every account".to_string()
    } else {
        format!("account {account}")
    };
    if name == "*" {
        format!("{what} in {region} ({account})")
    } else {
        format!("{what} ({region}, {account})")
    }
}
