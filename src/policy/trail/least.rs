//! The smallest policy that allows every successful call of one caller: per registry and region,
//! repositories that needed the same actions share a grant; `*`-only actions go on `"*"`; ECR
//! Public calls become ECR Public statements. Refused calls are listed, never granted; calls
//! that failed for other reasons are counted.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::mapping::{TrailService, event_info};
use super::usage::{Call, Outcome, Seen, Usage};
use crate::policy::emit::public_render::{
    public_registry_arn, public_repository_arn, render_public,
};
use crate::policy::emit::render::{JsonStyle, repository_arn};
use crate::policy::spec::catalog::{ActionId, ActionSet, find_action};
use crate::policy::spec::grants::{KeptStatement, PolicySpec};
use crate::policy::spec::model::{Spec, SpecInput, validate};
use crate::policy::spec::public::{PublicResource, PublicSpec, find_public_action};
use crate::policy::spec::region::partition_for_code;
use crate::policy::spec::tasks::TASKS;

/// One permission a call needs: `prefix:Action` on a resource (`*` or an ARN).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Permission {
    pub action: String,
    pub resource: String,
}

/// The permissions a call needs (empty when its event is not in the mapping).
pub fn permissions_of(call: &Call) -> Vec<Permission> {
    let Some(info) = event_info(call.service, &call.event) else {
        return Vec::new();
    };
    info.actions
        .iter()
        .filter_map(|a| {
            let resource = match call.service {
                TrailService::Private => {
                    let id = find_action(a)?;
                    match (&call.repository, id.info().star_only) {
                        (Some(repo), false) => repository_arn(
                            partition_for_code(&call.region)?.arn,
                            &call.region,
                            &call.account,
                            repo,
                        ),
                        _ => "*".to_string(),
                    }
                }
                TrailService::Public => match (find_public_action(a)?.resource, &call.repository) {
                    (PublicResource::Repository, Some(repo)) => {
                        public_repository_arn(&call.account, repo)
                    }
                    (PublicResource::Registry, _) => public_registry_arn(&call.account),
                    _ => "*".to_string(),
                },
            };
            Some(Permission {
                action: format!("{}:{a}", call.service.prefix()),
                resource,
            })
        })
        .collect()
}

/// A refused call that no successful call covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub event: String,
    pub service: TrailService,
    /// The error code logged.
    pub code: String,
    /// What granting it would take.
    pub permissions: Vec<Permission>,
    pub count: u64,
    pub last: String,
}

/// What one grant of the policy is for, in tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantSummary {
    /// `team/api, web (us-east-1, account 111122223333)`.
    pub place: String,
    /// Ids of the tasks every action of which was used (`pull`, `push`, …).
    pub tasks: Vec<&'static str>,
    /// Actions used outside a complete task.
    pub other: Vec<String>,
}

/// The least-privilege policy of one caller and what did not go into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Least {
    pub caller: String,
    pub policy: PolicySpec,
    pub summaries: Vec<GrantSummary>,
    pub refused: Vec<Refusal>,
    /// Calls that failed for other reasons, by error code: events.
    pub failed: BTreeMap<String, u64>,
    /// Calls that could not become a grant (with why), not granted.
    pub problems: Vec<String>,
    /// Successful calls turned into grants, in events.
    pub granted_events: u64,
}

impl Least {
    /// True when nothing at all is granted.
    pub fn is_empty(&self) -> bool {
        self.policy.grants.is_empty()
            && self.policy.registry_actions.is_empty()
            && self.policy.kept.is_empty()
    }
}

type RepoKey = (String, String, String);

/// The least-privilege policy for `caller` from `usage`.
pub fn least_privilege(usage: &Usage, caller: &str) -> Least {
    least_of(caller, &usage.calls_of(caller))
}

/// The least-privilege policy of each caller, the calls grouped once (for `--per-principal`:
/// one pass over the calls, not one per caller).
pub fn least_privilege_each(usage: &Usage) -> Vec<Least> {
    let mut by_caller: BTreeMap<&str, Vec<(&Call, &Seen)>> = BTreeMap::new();
    for (c, s) in &usage.calls {
        by_caller.entry(c.caller.as_str()).or_default().push((c, s));
    }
    by_caller
        .into_iter()
        .map(|(caller, mut calls)| {
            calls.sort_by(|a, b| a.0.cmp(b.0));
            least_of(caller, &calls)
        })
        .collect()
}

/// The least-privilege policy of one caller's calls (sorted).
fn least_of(caller: &str, calls: &[(&Call, &Seen)]) -> Least {
    let mut least = Least {
        caller: caller.to_string(),
        policy: PolicySpec::default(),
        summaries: Vec::new(),
        refused: Vec::new(),
        failed: BTreeMap::new(),
        problems: Vec::new(),
        granted_events: 0,
    };
    // (region, account, repository) → actions, for ECR; (account, repository) → actions for
    // ECR Public.
    let mut private: BTreeMap<RepoKey, ActionSet> = BTreeMap::new();
    let mut star = ActionSet::EMPTY;
    let mut public: BTreeMap<(String, String), BTreeSet<&'static str>> = BTreeMap::new();
    let mut public_registry: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    let mut public_login = false;
    let mut allowed: BTreeSet<Permission> = BTreeSet::new();
    for (call, seen) in calls {
        match &call.outcome {
            Outcome::Succeeded => {}
            Outcome::Failed(code) => {
                *least.failed.entry(code.clone()).or_default() += seen.count;
                continue;
            }
            Outcome::Refused(_) => continue,
        }
        let Some(info) = event_info(call.service, &call.event) else {
            continue;
        };
        least.granted_events += seen.count;
        allowed.extend(permissions_of(call));
        match call.service {
            TrailService::Private => {
                let set = ActionSet::of(info.actions);
                star = star.union(set.star_only());
                if let Some(repo) = &call.repository
                    && !set.repository_level().is_empty()
                {
                    let e = private
                        .entry((call.region.clone(), call.account.clone(), repo.clone()))
                        .or_default();
                    *e = e.union(set.repository_level());
                }
            }
            TrailService::Public => {
                for a in info.actions.iter().filter_map(|a| find_public_action(a)) {
                    match (a.resource, &call.repository) {
                        (PublicResource::Star, _) => public_login = true,
                        (PublicResource::Registry, _) => {
                            public_registry
                                .entry(call.account.clone())
                                .or_default()
                                .insert(a.name);
                        }
                        (PublicResource::Repository, Some(repo)) => {
                            public
                                .entry((call.account.clone(), repo.clone()))
                                .or_default()
                                .insert(a.name);
                        }
                        (PublicResource::Repository, None) => {}
                    }
                }
            }
        }
    }
    private_grants(&mut least, &private);
    least.policy.registry_actions = star;
    least.policy.kept = public_statements(&public, &public_registry, public_login);
    least.refused = refusals(calls, &allowed);
    least
}

/// Repositories of one registry and region that needed the same actions share a grant.
fn private_grants(least: &mut Least, private: &BTreeMap<RepoKey, ActionSet>) {
    let mut groups: BTreeMap<(String, String, Vec<ActionId>), Vec<String>> = BTreeMap::new();
    for ((region, account, repo), set) in private {
        groups
            .entry((region.clone(), account.clone(), set.iter().collect()))
            .or_default()
            .push(repo.clone());
    }
    let mut specs: Vec<Spec> = Vec::new();
    for ((region, account, actions), repositories) in groups {
        let input = SpecInput {
            region: Some(region.clone()),
            partition: None,
            account: Some(account.clone()),
            repositories: repositories.clone(),
            actions: actions.iter().copied().collect(),
            tags: Vec::new(),
        };
        match validate(&input) {
            Ok(spec) => specs.push(spec),
            Err(errors) => {
                let why: Vec<String> = errors.iter().map(ToString::to_string).collect();
                least.problems.push(format!(
                    "{} ({region}, account {account}): not granted: {}",
                    repositories.join(", "),
                    why.join("; ")
                ));
            }
        }
    }
    specs.sort_by(|a, b| {
        (
            a.partition().arn,
            &a.account,
            &a.region.code,
            &a.repositories,
        )
            .cmp(&(
                b.partition().arn,
                &b.account,
                &b.region.code,
                &b.repositories,
            ))
    });
    for spec in &specs {
        least.summaries.push(summary(spec));
    }
    least.policy.grants = specs;
}

fn summary(spec: &Spec) -> GrantSummary {
    let mut tasks = Vec::new();
    let mut rest = spec.actions;
    for t in TASKS {
        let set = t.set().repository_level();
        if !set.is_empty() && spec.actions.is_superset(set) {
            tasks.push(t.id);
            rest = rest.difference(set);
        }
    }
    GrantSummary {
        place: format!(
            "{} ({}, account {})",
            spec.repositories.join(", "),
            spec.region.code,
            spec.account
        ),
        tasks,
        other: rest.iter().map(ActionId::qualified).collect(),
    }
}

/// The ECR Public statements, written by the engine's ECR Public renderer: one set per
/// registry and action set, login once; Sids numbered where they would repeat.
fn public_statements(
    repos: &BTreeMap<(String, String), BTreeSet<&'static str>>,
    registry: &BTreeMap<String, BTreeSet<&'static str>>,
    login: bool,
) -> Vec<KeptStatement> {
    let mut groups: BTreeMap<(String, Vec<&'static str>), Vec<String>> = BTreeMap::new();
    for ((account, repo), names) in repos {
        groups
            .entry((account.clone(), names.iter().copied().collect()))
            .or_default()
            .push(repo.clone());
    }
    let mut specs: Vec<PublicSpec> = groups
        .into_iter()
        .map(|((account, names), repositories)| PublicSpec {
            account,
            repositories,
            actions: names.iter().filter_map(|n| find_public_action(n)).collect(),
            login: false,
            aliases: Vec::new(),
        })
        .collect();
    for (account, names) in registry {
        specs.push(PublicSpec {
            account: account.clone(),
            repositories: Vec::new(),
            actions: names.iter().filter_map(|n| find_public_action(n)).collect(),
            login: false,
            aliases: Vec::new(),
        });
    }
    if login {
        specs.push(PublicSpec {
            account: String::new(),
            repositories: Vec::new(),
            actions: Vec::new(),
            login: true,
            aliases: Vec::new(),
        });
    }
    let mut out = Vec::new();
    let mut sids: BTreeSet<String> = BTreeSet::new();
    for spec in &specs {
        let Ok(doc) = serde_json::from_str::<Value>(&render_public(spec, JsonStyle::Compact))
        else {
            continue;
        };
        for mut st in doc
            .get("Statement")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
        {
            let base = st
                .get("Sid")
                .and_then(Value::as_str)
                .unwrap_or("Public")
                .to_string();
            let mut sid = base.clone();
            let mut n = 1;
            while sids.contains(&sid) {
                n += 1;
                sid = format!("{base}{n}");
            }
            sids.insert(sid.clone());
            if let Some(o) = st.as_object_mut() {
                o.insert("Sid".to_string(), Value::String(sid.clone()));
            }
            out.push(KeptStatement {
                index: out.len(),
                sid: Some(sid),
                reason: "ECR Public: written from the calls in the CloudTrail logs".to_string(),
                value: st,
            });
        }
    }
    out
}

/// Refused calls whose permissions were not all allowed by a successful call.
fn refusals(
    calls: &[(&Call, &super::usage::Seen)],
    allowed: &BTreeSet<Permission>,
) -> Vec<Refusal> {
    let mut out: Vec<Refusal> = Vec::new();
    for (call, seen) in calls {
        let Outcome::Refused(code) = &call.outcome else {
            continue;
        };
        let permissions = permissions_of(call);
        if permissions.iter().all(|p| allowed.contains(p)) && !permissions.is_empty() {
            continue;
        }
        out.push(Refusal {
            event: call.event.clone(),
            service: call.service,
            code: code.clone(),
            permissions,
            count: seen.count,
            last: seen.last.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests;
