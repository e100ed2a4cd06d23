//! Plain words about a policy: what it lets someone do, and why each action is there.

use std::fmt::Write as _;

use crate::policy::spec::catalog::{ActionId, ActionSet};
use crate::policy::spec::model::Spec;
use crate::policy::spec::tasks::{PRESETS, TASKS, Task};

/// What a task lets someone do; `{R}` stands for the repositories.
fn sentence(task: &Task) -> &'static str {
    match task.id {
        "login" => "get a registry token, so docker login and the credential helper work",
        "pull" => "pull images from {R}",
        "push" => "push images to {R}, replacing existing tags unless tags are immutable",
        "browse" => "list and describe {R} and the images stored there",
        "delete-images" => "delete images and tags in {R}",
        "tagging" => "add, remove and list AWS tags on {R}",
        "scanning" => "start image scans and read scan findings for {R}",
        "lifecycle" => "set and remove lifecycle rules of {R}, which delete images automatically",
        "repository-policy" => {
            "change who else may use {R} (the repository policy), other accounts included"
        }
        "manage-repositories" => "create, delete and reconfigure {R}",
        "pull-through-cache" => "pull through cache rules into {R}, creating them on first pull",
        "registry-admin" => {
            "change registry-wide settings: replication, registry policy, scanning, cache \
             rules and creation templates"
        }
        _ => "use these actions on {R}",
    }
}

/// What a task lets someone do, about "the repositories" in general.
pub fn task_sentence(task: &Task) -> String {
    fill(sentence(task), "the repositories")
}

pub(crate) fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] if items.len() <= 3 => format!("{} and {last}", init.join(", ")),
        _ => format!("{}, {} and {} more", items[0], items[1], items.len() - 2),
    }
}

/// "repository my-app", "every repository", "repositories matching team/*", ...
pub(crate) fn repositories_phrase(spec: &Spec) -> String {
    if spec.repositories.iter().any(|r| r == "*") {
        return "every repository".to_string();
    }
    let (patterns, names): (Vec<String>, Vec<String>) = spec
        .repositories
        .iter()
        .cloned()
        .partition(|r| r.contains(['*', '?']));
    let mut parts = Vec::new();
    match names.len() {
        0 => {}
        1 => parts.push(format!("repository {}", names[0])),
        _ => parts.push(format!("repositories {}", list(&names))),
    }
    if !patterns.is_empty() {
        parts.push(format!("repositories matching {}", list(&patterns)));
    }
    parts.join(" and ")
}

/// The registry: "account 1234… (us-east-1)" or "… (every region of aws-cn)".
pub(crate) fn registry_phrase(spec: &Spec) -> String {
    if spec.region.is_all() {
        format!(
            "account {} (every region of {})",
            spec.account,
            spec.partition().arn
        )
    } else {
        format!("account {} ({})", spec.account, spec.region.code)
    }
}

/// What a task lets someone do on the given repositories ("push images to team/api, …").
pub fn task_sentence_for(task: &Task, repos: &str) -> String {
    fill(sentence(task), repos)
}

fn fill(template: &str, repos: &str) -> String {
    template.replace("{R}", repos)
}

/// What someone holding this policy can do: a heading naming the registry (and the tag
/// condition), then one plain sentence each, most common first. Every granted action is
/// either part of a sentence's task or named in a "Call ..." sentence.
pub fn capabilities(spec: &Spec) -> Vec<String> {
    let registry = registry_phrase(spec);
    let mut heading = format!("Anyone with this policy, in {registry}");
    if !spec.tags.is_empty() && !spec.actions.repository_level().is_empty() {
        let tags: Vec<String> = spec.tags.iter().map(ToString::to_string).collect();
        let _ = write!(
            heading,
            ", on repositories tagged {} only",
            tags.join(" and ")
        );
    }
    heading.push_str(", can:");
    let mut out = vec![heading];
    out.extend(capability_sentences(spec));
    out
}

/// One plain sentence for each thing the spec's actions let someone do, most common first.
pub fn capability_sentences(spec: &Spec) -> Vec<String> {
    let repos = repositories_phrase(spec);
    let mut covered = ActionSet::EMPTY;
    let mut out = Vec::new();
    for task in TASKS {
        let set = task.set();
        if !set.is_empty() && spec.actions.is_superset(set) {
            covered = covered.union(set);
            out.push(capitalize(&fill(sentence(task), &repos)));
        }
    }
    let rest = spec.actions.difference(covered);
    let names = |s: ActionSet| {
        let v: Vec<&str> = s.iter().map(|a| a.info().name).collect();
        match v.as_slice() {
            [init @ .., last] if !init.is_empty() => format!("{} and {last}", init.join(", ")),
            _ => v.join(""),
        }
    };
    let (star, repo) = (rest.star_only(), rest.repository_level());
    if !repo.is_empty() {
        out.push(format!("Call {} on {repos}", names(repo)));
    }
    if !star.is_empty() {
        out.push(format!("Call {} on the whole registry", names(star)));
    }
    out
}

pub(crate) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Everything the wizard knows about one action, for its details view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionDetails {
    pub name: &'static str,
    pub note: &'static str,
    pub access: &'static str,
    pub star_only: bool,
    /// Presets that include the action.
    pub presets: Vec<&'static str>,
    /// Task labels that include the action.
    pub tasks: Vec<&'static str>,
}

/// The details of one action.
pub fn action_details(a: ActionId) -> ActionDetails {
    let info = a.info();
    ActionDetails {
        name: info.name,
        note: info.note,
        access: info.access.label(),
        star_only: info.star_only,
        presets: PRESETS
            .iter()
            .filter(|p| p.set().contains(a))
            .map(|p| p.id)
            .collect(),
        tasks: TASKS
            .iter()
            .filter(|t| t.set().contains(a))
            .map(|t| t.label)
            .collect(),
    }
}

impl ActionDetails {
    /// The details as lines of plain text.
    pub fn lines(&self) -> Vec<String> {
        let none = |v: &[&str]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        vec![
            format!("ecr:{}", self.name),
            self.note.to_string(),
            format!("Access level: {}", self.access),
            if self.star_only {
                "Resource: \"*\" only: it has no resource type, so it acts on the whole registry \
                 and can never be limited to a repository."
                    .to_string()
            } else {
                "Resource: repository ARNs: it is limited to the repositories you name (and to \
                 the tag condition, if you set one)."
                    .to_string()
            },
            format!("In presets: {}", none(&self.presets)),
            format!("In tasks: {}", none(&self.tasks)),
        ]
    }
}

#[cfg(test)]
mod tests;
