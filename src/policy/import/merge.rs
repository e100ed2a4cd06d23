//! "File + flags": how an imported policy and the values given on the command line (or to the
//! wizard's prefill) combine into one policy, and what a preset name (or `none`) stands for.
//! The CLI and the wizard both use these rules.
//!
//! The flags edit the file's first grant: `--region`, `--partition` and `--account` replace its
//! registry, `--repo` and `--require-tag` add to it, `--preset` replaces its actions and
//! `--action` adds to them. Before that, `--region` and `--account` narrow the file's statements
//! on `"*"` or on region or account patterns (listed; never wider). Every other grant and every
//! kept statement is carried over unchanged; `--grant PRESET:REPO[,REPO…]` adds grants.

use std::fmt::Write as _;

use super::exact::Imported;
use crate::policy::spec::catalog::{ActionSet, find_action, suggest_actions};
use crate::policy::spec::grants::{Grant, PolicySpec, statement_label};
use crate::policy::spec::model::{Field, FieldError, SpecInput, validate};
use crate::policy::spec::tasks::{DEFAULT_PRESET, PRESETS, Preset, find_preset};

/// What is given besides the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    pub region: Option<String>,
    pub partition: Option<String>,
    pub account: Option<String>,
    pub repos: Vec<String>,
    pub preset: Option<String>,
    /// Extra action names (`ecr:ListImages` or `ListImages`).
    pub actions: Vec<String>,
    /// `KEY=VALUE` tag conditions.
    pub tags: Vec<String>,
    /// `PRESET:REPO[,REPO…]` grants.
    pub grants: Vec<String>,
}

impl Flags {
    /// Whether the flags describe a grant of their own (repositories, a preset or actions).
    fn has_grant(&self) -> bool {
        !self.repos.is_empty() || self.preset.is_some() || !self.actions.is_empty()
    }
}

/// The action set a preset name (default `push-pull-list`, or `none`) stands for.
pub fn preset_actions(preset: Option<&str>) -> Result<ActionSet, FieldError> {
    let id = preset.map_or(DEFAULT_PRESET, str::trim);
    if id.eq_ignore_ascii_case("none") {
        return Ok(ActionSet::EMPTY);
    }
    find_preset(id).map(Preset::set).ok_or_else(|| {
        let ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
        FieldError::new(
            Field::Preset,
            id,
            format!("is not a preset; use one of {}, or none", ids.join(", ")),
        )
    })
}

/// An action name that is not an ECR action, in plain words.
pub fn unknown_action(name: &str) -> FieldError {
    let service = name.trim().split_once(':').map(|(s, _)| s);
    let message = match service {
        Some(s) if !s.eq_ignore_ascii_case("ecr") => {
            format!("belongs to service {s:?}; this tool writes ECR (ecr:) actions only")
        }
        _ => {
            let near = suggest_actions(name);
            if near.is_empty() {
                "is not an ECR action; run `ecr-policy actions` for the list".to_string()
            } else {
                format!("is not an ECR action; did you mean {}?", near.join(", "))
            }
        }
    };
    FieldError::new(Field::Action, name, message)
}

/// The first grant's input: the file's first grant with the flags laid over it, plus any
/// unknown preset or action. Without a file, the flags alone (the default preset when none).
pub fn first_grant_input(
    flags: &Flags,
    imported: Option<&Imported>,
) -> (SpecInput, Vec<FieldError>) {
    let mut errors = Vec::new();
    let first = imported.and_then(|im| im.policy.grants.first());
    let from_file = imported.map(|im| {
        first.map_or(im.policy.registry_actions, |g| {
            g.actions.union(im.policy.registry_actions)
        })
    });
    let mut actions = match (from_file, flags.preset.as_deref()) {
        (Some(a), None) => a,
        (_, preset) => preset_actions(preset).unwrap_or_else(|e| {
            errors.push(e);
            ActionSet::EMPTY
        }),
    };
    for name in &flags.actions {
        match find_action(name) {
            Some(a) => actions.insert(a),
            None => errors.push(unknown_action(name)),
        }
    }
    let mut input = SpecInput {
        region: flags.region.clone(),
        partition: flags.partition.clone(),
        account: flags.account.clone(),
        repositories: flags.repos.clone(),
        actions,
        tags: flags.tags.clone(),
    };
    if let Some(g) = first {
        if input.region.is_none() {
            input.region = Some(g.region.code.clone());
            input.partition = input
                .partition
                .or_else(|| Some(g.partition().arn.to_string()));
        }
        input.account = input.account.or_else(|| Some(g.account.clone()));
        input.repositories = [g.repositories.clone(), input.repositories].concat();
        let tags: Vec<String> = g.tags.iter().map(ToString::to_string).collect();
        input.tags = [tags, input.tags].concat();
    }
    (input, errors)
}

/// `statement 1 (Pull)`, `statements 1 (Pull) and 3`: the statements whose grants make up
/// `grant` of the file (same registry and tags, repositories and actions within it); `what`
/// when none is known.
fn statements_in(im: &Imported, grant: &Grant, what: &str) -> String {
    let mut labels: Vec<String> = Vec::new();
    for (index, part) in &im.sources {
        let within = part.region == grant.region
            && part.account == grant.account
            && part.tags == grant.tags
            && grant.actions.is_superset(part.actions)
            && part
                .repositories
                .iter()
                .all(|r| grant.repositories.contains(r));
        if within {
            let sid = im
                .statements
                .iter()
                .find(|s| s.index == *index)
                .and_then(|s| s.sid.as_deref());
            let label = statement_label(*index, sid);
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
    }
    match labels.as_slice() {
        [] => what.to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!(
            "statements {} and {}",
            rest.iter()
                .map(|l| l.trim_start_matches("statement "))
                .collect::<Vec<_>>()
                .join(", "),
            last.trim_start_matches("statement ")
        ),
    }
}

/// What the flags changed in the file's first grant, now written as `first`: each move of
/// region, partition or account, naming the statements moved, and the file's other grants
/// left in the partition the first one left (one policy works in one partition). Empty when
/// nothing moved.
pub fn moves(im: &Imported, first: &Grant) -> Vec<String> {
    let Some(was) = im.policy.grants.first() else {
        return Vec::new();
    };
    let who = statements_in(im, was, "the file's first grant");
    let (from_p, to_p) = (was.partition().arn, first.partition().arn);
    let mut out = Vec::new();
    if was.region.code != first.region.code || from_p != to_p {
        let mut text = format!(
            "{who} moved from {} to {}",
            was.region.code, first.region.code
        );
        if from_p != to_p {
            let _ = write!(
                text,
                ", and so from partition {from_p} to {to_p} (the partition of {}): its ARNs \
                 are written arn:{to_p}:…",
                first.region.code
            );
        }
        out.push(text);
    }
    if was.account != first.account {
        out.push(format!(
            "{who} moved from account {} to {}",
            was.account, first.account
        ));
    }
    if from_p != to_p {
        for g in im.policy.grants.iter().skip(1) {
            if g.partition().arn == from_p {
                let other = statements_in(im, g, "another grant");
                out.push(format!(
                    "{other} stays in partition {from_p} ({}): a policy works in one \
                     partition, so next to the moved {who} its ARNs match nothing there",
                    g.region.code
                ));
            }
        }
    }
    out
}

/// Validates `PRESET:REPO[,REPO…]` into a grant on the registry of `base`.
fn extra_grant(raw: &str, base: &SpecInput) -> Result<Grant, Vec<FieldError>> {
    let Some((preset, repos)) = raw.split_once(':') else {
        return Err(vec![FieldError::new(
            Field::Preset,
            raw,
            "is not PRESET:REPO[,REPO...]: write e.g. pull:team/api,team/web",
        )]);
    };
    let actions = preset_actions(Some(preset)).map_err(|e| vec![e])?;
    let input = SpecInput {
        repositories: repos
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(String::from)
            .collect(),
        actions,
        ..base.clone()
    };
    validate(&input)
}

/// The whole policy: the first grant (file + flags), the file's other grants and kept
/// statements, and the `--grant` grants. Every problem with every value is returned.
pub fn merge(flags: &Flags, imported: Option<&Imported>) -> Result<PolicySpec, Vec<FieldError>> {
    let (input, mut errors) = first_grant_input(flags, imported);
    let file_grants = imported.map_or(0, |im| im.policy.grants.len());
    // With only --grant given, or a file without grants, the flags make no grant of their own.
    let wants_first =
        flags.has_grant() || file_grants > 0 || (imported.is_none() && flags.grants.is_empty());
    let mut policy = PolicySpec::default();
    // A policy of registry-wide actions only (a login policy) needs no region or account.
    let registry_only = input.repositories.is_empty()
        && input.actions.repository_level().is_empty()
        && !input.actions.is_empty()
        && flags.grants.is_empty();
    if registry_only && (input.region.is_none() || input.account.is_none()) {
        policy.registry_actions = input.actions;
    } else if wants_first {
        match validate(&input) {
            Ok(spec) => policy.grants.push(spec),
            Err(more) => {
                // "no actions selected" only repeats an unknown preset or action already reported.
                let had_action_errors = !errors.is_empty();
                errors.extend(more.into_iter().filter(|e| {
                    !(had_action_errors && e.field == Field::Action && e.value.is_empty())
                }));
            }
        }
    } else if imported.is_some_and(|im| !im.policy.registry_actions.is_empty()) {
        policy.registry_actions = input.actions;
    }
    if let Some(im) = imported {
        policy
            .grants
            .extend(im.policy.grants.iter().skip(1).cloned());
        policy.kept.clone_from(&im.policy.kept);
    }
    let base = SpecInput {
        tags: flags.tags.clone(),
        repositories: Vec::new(),
        actions: ActionSet::EMPTY,
        ..input
    };
    for raw in &flags.grants {
        match extra_grant(raw, &base) {
            Ok(g) => policy.grants.push(g),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(policy)
    } else {
        Err(errors)
    }
}
