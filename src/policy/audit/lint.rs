//! Checks as data: every warning and error about a spec, with a stable code and a plain message.

use std::fmt;

use super::breadth::{
    region_write_message, repository_policy_message, repository_policy_writers,
    wildcard_write_message,
};
pub(crate) use super::docker::{DockerNeeds, docker_needs, push_gap};
use crate::policy::emit::render::{JsonStyle, policy_size, render};
use crate::policy::spec::cache::beyond_cache;
use crate::policy::spec::catalog::ActionSet;
use crate::policy::spec::model::Spec;
use crate::policy::spec::region::{is_isolated, partition_label, unknown_region_note};
use crate::policy::spec::validate::{describe_wildcard, is_wildcard};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, strum::IntoStaticStr)]
#[strum(serialize_all = "lowercase")]
pub enum Severity {
    /// The policy will not work or cannot be attached anywhere.
    Error,
    /// The policy works but is probably not what was meant, or grants a lot.
    Warning,
    /// Worth knowing.
    #[strum(serialize = "note")]
    Info,
}

impl Severity {
    /// The word printed before a finding: `error`, `warning` or `note`.
    pub fn label(self) -> &'static str {
        self.into()
    }
}

/// One finding, from lint (a spec: no statement, no fix) or check (a document: the statement,
/// the value as written and a concrete fix). Check and lint share this type and the codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable kebab-case identifier, e.g. `push-incomplete`.
    pub code: &'static str,
    pub severity: Severity,
    /// 0-based statement index in a document; `None` for the whole policy (and for lint).
    pub statement: Option<usize>,
    /// The statement's Sid, when it has a string one.
    pub sid: Option<String>,
    /// The offending value as written (an action, an ARN, a Sid...).
    pub value: Option<String>,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it, concretely (empty when the message already says it).
    pub fix: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}]: {}",
            self.severity.label(),
            self.code,
            self.message
        )
    }
}

/// An IAM policy size quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub name: &'static str,
    pub limit: usize,
}

/// IAM's size quotas, smallest first (characters, whitespace not counted).
pub const QUOTAS: [Quota; 4] = [
    Quota {
        name: "inline user policies",
        limit: 2048,
    },
    Quota {
        name: "inline group policies",
        limit: 5120,
    },
    Quota {
        name: "managed policy",
        limit: 6144,
    },
    Quota {
        name: "inline role policies",
        limit: 10240,
    },
];

fn finding(code: &'static str, severity: Severity, message: String) -> Finding {
    Finding {
        code,
        severity,
        statement: None,
        sid: None,
        value: None,
        message,
        fix: String::new(),
    }
}

fn names(set: ActionSet) -> String {
    set.iter()
        .map(|a| a.info().name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every finding for a spec, most serious first; computes the size from the rendered text.
pub fn lint(spec: &Spec) -> Vec<Finding> {
    lint_with_text(spec, &render(spec, JsonStyle::Compact))
}

/// Like [`lint`], reusing text already rendered (either style: whitespace is not counted).
pub fn lint_with_text(spec: &Spec, text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    size_findings(policy_size(text), &mut out);
    action_findings(spec.actions, &mut out);
    scope_findings(spec, &mut out);
    tag_findings(spec, &mut out);
    out.sort_by_key(|f| f.severity);
    out
}

fn size_findings(size: usize, out: &mut Vec<Finding>) {
    out.extend(super::size::size_finding(size));
}

fn action_findings(actions: ActionSet, out: &mut Vec<Finding>) {
    let DockerNeeds {
        login,
        pull,
        push,
        pull_core,
        upload,
    } = docker_needs();
    let wants_push = !actions.intersection(upload).is_empty();
    let wants_pull = actions.contains_any(ActionSet::of(&["GetDownloadUrlForLayer"]));
    if wants_push && !actions.is_superset(push) {
        let (severity, message) = push_gap(push.difference(actions));
        out.push(finding(
            "push-incomplete",
            severity,
            format!("{message} Add the push task."),
        ));
    }
    if !actions.intersection(pull_core).is_empty() && !actions.is_superset(pull_core) && !wants_push
    {
        out.push(finding(
            "pull-incomplete",
            Severity::Error,
            format!(
                "docker pull will fail: it also needs {}. Add the pull task.",
                names(pull_core.difference(actions))
            ),
        ));
    }
    if (wants_push || wants_pull || actions.contains_any(pull)) && !actions.is_superset(login) {
        out.push(finding(
            "no-login",
            Severity::Warning,
            "docker login will fail: GetAuthorizationToken is not granted (add the login task), \
             unless another policy grants it."
                .to_string(),
        ));
    }
    let registry = actions.star_only().difference(login);
    if !registry.is_empty() {
        out.push(finding(
            "registry-wide",
            if registry.has_write() {
                Severity::Warning
            } else {
                Severity::Info
            },
            format!(
                "{} act on the whole registry, not only the chosen repositories: they can only \
                 be granted on \"*\".",
                names(registry)
            ),
        ));
    }
}

fn scope_findings(spec: &Spec, out: &mut Vec<Finding>) {
    let writes = spec.actions.repository_level().has_write();
    let wild: Vec<&String> = spec
        .repositories
        .iter()
        .filter(|r| is_wildcard(r))
        .collect();
    for r in &wild {
        if let Some(text) = describe_wildcard(r) {
            out.push(finding("wildcard-repository", Severity::Info, text));
        }
    }
    let patterns = wild
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let pattern_writes = beyond_cache(spec.actions.repository_level()).has_write();
    if pattern_writes && !wild.is_empty() {
        out.push(finding(
            "wildcard-write",
            Severity::Warning,
            wildcard_write_message(&patterns),
        ));
    }
    let policy = spec.actions.intersection(repository_policy_writers());
    if !policy.is_empty() && !wild.is_empty() {
        out.push(finding(
            "repository-policy-broad",
            Severity::Warning,
            repository_policy_message(policy, &patterns),
        ));
    }
    for r in &spec.repositories {
        if !is_wildcard(r)
            && let Some(w) = wild.iter().find(|w| wildcard_matches(w, r))
        {
            out.push(finding(
                "repository-covered",
                Severity::Info,
                format!("{r} is already matched by {w}; listing it again changes nothing."),
            ));
        }
    }
    let p = spec.partition();
    if spec.region.is_all() {
        out.push(finding(
            if writes {
                "wildcard-region-write"
            } else {
                "all-regions"
            },
            if writes {
                Severity::Warning
            } else {
                Severity::Info
            },
            region_write_message(&format!("{} ({})", partition_label(p), p.arn)),
        ));
    } else {
        match spec.region.known {
            None => out.push(finding(
                "region-unknown",
                Severity::Warning,
                unknown_region_note(&spec.region.code, p.arn),
            )),
            Some(r) if !r.ecr => out.push(finding(
                "region-no-ecr",
                Severity::Warning,
                format!(
                    "ECR is not listed for {} ({}) in AWS's endpoint data; the policy may have \
                     nothing to act on there.",
                    r.code, r.name
                ),
            )),
            Some(_) => {}
        }
    }
    if is_isolated(p) {
        out.push(finding(
            "isolated-partition",
            Severity::Info,
            format!(
                "{} ({}) has no public AWS console: attach this policy from inside that partition.",
                p.name, p.arn
            ),
        ));
    }
}

fn tag_findings(spec: &Spec, out: &mut Vec<Finding>) {
    if spec.tags.is_empty() {
        return;
    }
    let list = spec
        .tags
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" and ");
    let repo_actions = spec.actions.repository_level();
    if repo_actions.is_empty() {
        out.push(finding(
            "tag-condition-unused",
            Severity::Warning,
            format!(
                "The tag condition ({list}) limits nothing: every selected action works on the \
                 whole registry (\"*\"), where repository tags do not apply. Remove it or \
                 add repository actions."
            ),
        ));
        return;
    }
    out.push(finding(
        "tag-condition",
        Severity::Info,
        format!(
            "Repository actions only work on repositories tagged {list} (ecr:ResourceTag). \
             Login and registry-wide actions on \"*\" are not limited by tags."
        ),
    ));
    if repo_actions.contains_any(ActionSet::of(&["CreateRepository"])) {
        out.push(finding(
            "tag-create-repository",
            Severity::Warning,
            "CreateRepository is checked before the new repository has any tags, so the tag \
             condition cannot match and creating repositories will be denied. Grant it in a \
             separate policy without the condition (aws:RequestTag can limit the tags given at \
             creation)."
                .to_string(),
        ));
    }
}

/// IAM's ARN matching for the repository part: `*` any run (including `/`), `?` one character.
pub fn wildcard_matches(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}
