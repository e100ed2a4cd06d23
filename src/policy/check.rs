//! Checks a policy someone already has: every problem, in document order, with a stable code,
//! plain words for what is wrong and a concrete fix.

use std::collections::HashMap;

use serde_json::Value;

use super::catalog::{ActionId, ActionSet, find_action, suggest_actions};
use super::check_resource::{StatementScope, resource_findings};
use super::document::{DocError, DocStatement, Document, parse_document};
use super::lint::{QUOTAS, Severity, wildcard_matches};
use super::tasks::find_task;

/// One problem found in a policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckFinding {
    /// Stable kebab-case identifier, e.g. `star-only-on-arn`.
    pub code: &'static str,
    pub severity: Severity,
    /// 0-based statement index, `None` for the whole policy.
    pub statement: Option<usize>,
    /// The statement's Sid, when it has a string one.
    pub sid: Option<String>,
    /// The offending value as written (an action, an ARN, a Sid...).
    pub value: Option<String>,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it, concretely.
    pub fix: String,
}

/// Builds findings for one statement (or the whole policy when `st` is `None`).
pub(super) struct Sink<'a> {
    st: Option<&'a DocStatement>,
    pub(super) out: Vec<CheckFinding>,
}

impl<'a> Sink<'a> {
    pub(super) fn new(st: Option<&'a DocStatement>) -> Sink<'a> {
        Sink {
            st,
            out: Vec::new(),
        }
    }

    pub(super) fn push(
        &mut self,
        code: &'static str,
        severity: Severity,
        value: Option<&str>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.out.push(CheckFinding {
            code,
            severity,
            statement: self.st.map(|s| s.index),
            sid: self.st.and_then(|s| s.sid_text().map(String::from)),
            value: value.map(String::from),
            message: message.into(),
            fix: fix.into(),
        });
    }
}

/// Reads and checks a policy text.
pub fn check_text(text: &str) -> Result<Vec<CheckFinding>, DocError> {
    parse_document(text).map(|d| check_document(&d))
}

/// Every finding for a document: statement findings in statement order, then the whole policy's.
pub fn check_document(doc: &Document) -> Vec<CheckFinding> {
    let mut out = Vec::new();
    let mut sids: HashMap<&str, usize> = HashMap::new();
    let mut granted = Granted::default();
    for st in &doc.statements {
        let mut sink = Sink::new(Some(st));
        statement_findings(st, &mut sids, &mut sink);
        let scope = action_findings(st, &mut sink);
        if let Some(scope) = &scope {
            resource_findings(st, scope, &mut sink);
            if st.is_allow() {
                granted.add(st, scope);
            }
        }
        character_findings(statement_value(doc, st.index), &mut sink);
        out.extend(sink.out);
    }
    let mut sink = Sink::new(None);
    for p in &doc.problems {
        let code = if p.element == "Statement" {
            "statement-missing"
        } else {
            "unknown-element"
        };
        sink.push(
            code,
            Severity::Error,
            Some(&p.element),
            format!("{} {}", p.element, p.message),
            "Write the policy as {\"Version\": \"2012-10-17\", \"Statement\": [ … ]}.",
        );
    }
    version_findings(doc.version.as_ref(), &mut sink);
    granted.findings(&mut sink);
    size_findings(doc.raw_size, &mut sink);
    if let Value::Object(map) = &doc.value {
        for (k, v) in map.iter().filter(|(k, _)| *k != "Statement") {
            character_findings(&Value::String(k.clone()), &mut sink);
            character_findings(v, &mut sink);
        }
    }
    out.extend(sink.out);
    out
}

/// The statement's JSON, for the character check.
fn statement_value(doc: &Document, index: usize) -> &Value {
    match doc.value.get("Statement") {
        Some(Value::Array(items)) => items.get(index).unwrap_or(&Value::Null),
        Some(obj) => obj,
        None => &Value::Null,
    }
}

fn version_findings(version: Option<&Value>, sink: &mut Sink<'_>) {
    let fix = "Use \"Version\": \"2012-10-17\".";
    match version.map(|v| (v, v.as_str())) {
        None => sink.push(
            "version-missing",
            Severity::Warning,
            None,
            "The policy has no Version, so IAM treats it as 2008-10-17, which has no policy \
             variables such as ${aws:username}.",
            fix,
        ),
        Some((_, Some("2012-10-17"))) => {}
        Some((_, Some("2008-10-17"))) => sink.push(
            "version-legacy",
            Severity::Info,
            Some("2008-10-17"),
            "Version 2008-10-17 is the legacy policy language: policy variables are not \
             replaced.",
            fix,
        ),
        Some((v, _)) => sink.push(
            "version-invalid",
            Severity::Error,
            Some(&v.as_str().map_or_else(|| v.to_string(), String::from)),
            "IAM knows only the versions 2012-10-17 and 2008-10-17 and rejects this policy.",
            fix,
        ),
    }
}

/// Sid, Effect, Principal, required and unknown elements.
fn statement_findings<'a>(
    st: &'a DocStatement,
    sids: &mut HashMap<&'a str, usize>,
    sink: &mut Sink<'_>,
) {
    for p in &st.problems {
        let code = match p.element.as_str() {
            "Statement" => "statement-not-object",
            "Action" | "NotAction" | "Resource" | "NotResource" | "Condition" => "element-type",
            _ => "unknown-element",
        };
        sink.push(
            code,
            Severity::Error,
            Some(&p.element),
            format!("{} {}", p.element, p.message),
            "Write each statement as {\"Sid\": …, \"Effect\": \"Allow\", \"Action\": [\"ecr:…\"], \
             \"Resource\": [\"arn:…\"]} with strings or arrays of strings.",
        );
    }
    if st.problems.iter().any(|p| p.element == "Statement") {
        return;
    }
    sid_findings(st, sids, sink);
    effect_findings(st, sink);
    element_findings(st, sink);
}

fn sid_findings<'a>(st: &'a DocStatement, sids: &mut HashMap<&'a str, usize>, sink: &mut Sink<'_>) {
    match &st.sid {
        None => {}
        Some(Value::String(s)) => {
            if let Some(c) = s.chars().find(|c| !c.is_ascii_alphanumeric()) {
                let clean: String = s.chars().filter(char::is_ascii_alphanumeric).collect();
                sink.push(
                    "sid-invalid",
                    Severity::Error,
                    Some(s),
                    format!("The Sid contains {c:?}; a Sid may only use A-Z, a-z and 0-9."),
                    format!("Use \"Sid\": \"{clean}\"."),
                );
            }
            if let Some(first) = sids.get(s.as_str()) {
                sink.push(
                    "sid-duplicate",
                    Severity::Error,
                    Some(s),
                    format!(
                        "Statement {} already uses this Sid; Sids must be unique in a policy.",
                        first + 1
                    ),
                    format!("Rename it, e.g. \"{s}{}\".", st.index + 1),
                );
            } else {
                sids.insert(s, st.index);
            }
        }
        Some(other) => sink.push(
            "sid-invalid",
            Severity::Error,
            Some(&other.to_string()),
            "The Sid is not a string.",
            "Write the Sid as a string of A-Z, a-z and 0-9, or remove it.",
        ),
    }
}

fn effect_findings(st: &DocStatement, sink: &mut Sink<'_>) {
    match st.effect.as_ref().map(|e| (e, e.as_str())) {
        Some((_, Some("Allow" | "Deny"))) => {}
        None => sink.push(
            "effect-invalid",
            Severity::Error,
            None,
            "The statement has no Effect.",
            "Add \"Effect\": \"Allow\" (or \"Deny\").",
        ),
        Some((e, s)) => {
            let text = s.map_or_else(|| e.to_string(), String::from);
            let fix = match text.to_ascii_lowercase().as_str() {
                "allow" => "Write \"Allow\" exactly (Effect is case-sensitive).",
                "deny" => "Write \"Deny\" exactly (Effect is case-sensitive).",
                _ => "Use \"Allow\" or \"Deny\".",
            };
            sink.push(
                "effect-invalid",
                Severity::Error,
                Some(&text),
                "Effect must be exactly Allow or Deny.",
                fix,
            );
        }
    }
}

/// Principal, the required elements, and the Not* elements.
fn element_findings(st: &DocStatement, sink: &mut Sink<'_>) {
    if st.principal {
        sink.push(
            "principal-in-identity-policy",
            Severity::Error,
            None,
            "An identity-based policy (attached to a user, group or role) cannot name a \
             Principal; IAM rejects it. Principal belongs in a repository policy.",
            "Remove Principal (or NotPrincipal): the policy applies to whoever it is attached to.",
        );
    }
    if st.action.is_none() && st.not_action.is_none() {
        sink.push(
            "action-missing",
            Severity::Error,
            None,
            "The statement has neither Action nor NotAction.",
            "Add \"Action\": [\"ecr:…\"].",
        );
    }
    if st.resource.is_none() && st.not_resource.is_none() {
        sink.push(
            "resource-missing",
            Severity::Error,
            None,
            "The statement has neither Resource nor NotResource.",
            "Add \"Resource\" with repository ARNs (arn:aws:ecr:REGION:ACCOUNT:repository/NAME), \
             or \"*\" for login and registry-level actions.",
        );
    }
    if st.not_action.is_some() && st.is_allow() {
        sink.push(
            "not-action-allow",
            Severity::Warning,
            None,
            "Allow with NotAction grants every action of every AWS service except those listed, \
             far more than it appears to.",
            "List the granted actions in Action instead.",
        );
    }
    if st.not_resource.is_some() {
        sink.push(
            "not-resource",
            if st.is_allow() {
                Severity::Warning
            } else {
                Severity::Info
            },
            None,
            "NotResource matches every resource except those listed, including repositories in \
             other accounts and regions.",
            "List the resources in Resource instead.",
        );
    }
}

/// Checks each action name; returns what the statement grants, when it names actions.
fn action_findings(st: &DocStatement, sink: &mut Sink<'_>) -> Option<StatementScope> {
    let allow = st.is_allow();
    let mut scope = StatementScope::default();
    let mut other = Vec::new();
    for name in st.not_action.iter().flatten() {
        // NotAction names are checked for spelling only.
        classify(name, sink, &mut other, false);
    }
    for name in st.action.iter().flatten() {
        match classify(name, sink, &mut other, allow) {
            Some((set, true)) => scope.explicit = scope.explicit.union(set),
            Some((set, false)) => scope.wildcard = scope.wildcard.union(set),
            None => {}
        }
    }
    if !other.is_empty() {
        sink.push(
            "action-other-service",
            Severity::Info,
            Some(&other.join(", ")),
            "Out of scope: actions of other services are not checked.",
            "Nothing to do for ECR; check these with IAM Access Analyzer.",
        );
    }
    if allow && st.not_action.is_some() {
        let excluded: ActionSet = st
            .not_action
            .iter()
            .flatten()
            .filter_map(|n| expand(n))
            .fold(ActionSet::EMPTY, ActionSet::union);
        let all: ActionSet = ActionId::all().collect();
        scope.wildcard = scope.wildcard.union(all.difference(excluded));
    }
    (st.action.is_some() || st.not_action.is_some()).then_some(scope)
}

/// The ECR actions a name stands for (wildcards expanded, any case); `None` if not ECR.
pub fn expand(name: &str) -> Option<ActionSet> {
    let name = name.trim();
    if name == "*" {
        return Some(ActionId::all().collect());
    }
    let (service, bare) = name.split_once(':')?;
    if !service.eq_ignore_ascii_case("ecr") {
        return None;
    }
    let bare = bare.to_ascii_lowercase();
    Some(
        ActionId::all()
            .filter(|a| wildcard_matches(&bare, &a.info().name.to_ascii_lowercase()))
            .collect(),
    )
}

/// One action name: reports problems; returns the actions and whether it was named exactly.
fn classify(
    name: &str,
    sink: &mut Sink<'_>,
    other: &mut Vec<String>,
    allow: bool,
) -> Option<(ActionSet, bool)> {
    let wildcard = name.contains(['*', '?']);
    let Some((service, bare)) = name.split_once(':') else {
        if name == "*" {
            if allow {
                sink.push(
                    "action-wildcard-all",
                    Severity::Warning,
                    Some(name),
                    "\"*\" grants every action of every AWS service, including every ECR action.",
                    "Name the ECR actions needed, e.g. the push or pull set (ecr-policy generate).",
                );
            }
            return expand(name).map(|s| (s, false));
        }
        let fix = match find_action(name) {
            Some(a) => format!("Write {}.", a.qualified()),
            None => "Prefix the action with its service, as in ecr:BatchGetImage.".to_string(),
        };
        sink.push(
            "action-no-service",
            Severity::Error,
            Some(name),
            "The action has no service prefix; IAM rejects it.",
            fix,
        );
        return None;
    };
    if !service.eq_ignore_ascii_case("ecr") {
        other.push(name.to_string());
        return None;
    }
    let set = expand(name).unwrap_or_default();
    if wildcard {
        if set.is_empty() {
            sink.push(
                "action-wildcard-none",
                Severity::Error,
                Some(name),
                "The pattern matches no ECR action, so it grants nothing.",
                suggestion(bare),
            );
        } else if bare == "*" {
            if allow {
                sink.push(
                    "action-wildcard-all",
                    Severity::Warning,
                    Some(name),
                    format!(
                        "{name} grants every ECR action ({}), including deleting repositories \
                         and changing their policies.",
                        set.len()
                    ),
                    "Name the ECR actions needed, e.g. the push or pull set (ecr-policy generate).",
                );
            }
        } else {
            sink.push(
                "action-wildcard",
                Severity::Info,
                Some(name),
                format!("{name} matches {}.", names(set)),
                "Fine if all of these are meant; naming them keeps new ECR actions out.",
            );
        }
        return Some((set, false));
    }
    if set.is_empty() {
        sink.push(
            "action-unknown",
            Severity::Error,
            Some(name),
            format!("{name} is not an ECR action, so it grants nothing."),
            suggestion(bare),
        );
        return None;
    }
    Some((set, true))
}

fn suggestion(bare: &str) -> String {
    let near = suggest_actions(bare.trim_matches(['*', '?']));
    let mut fix = if near.is_empty() {
        "Run `ecr-policy actions` for the list of ECR actions.".to_string()
    } else {
        let q: Vec<String> = near.iter().map(|n| format!("ecr:{n}")).collect();
        format!("Did you mean {}?", q.join(", "))
    };
    // There is no pull action: people guess one from the docker command.
    if bare.to_ascii_lowercase().contains("pull") && !bare.to_ascii_lowercase().contains("through")
    {
        fix.push_str(" To pull, grant ecr:BatchGetImage and ecr:GetDownloadUrlForLayer.");
    }
    fix
}

pub(super) fn names(set: ActionSet) -> String {
    set.iter()
        .map(|a| a.info().name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the Allow statements grant, for the push and pull checks.
#[derive(Default)]
struct Granted(ActionSet);

impl Granted {
    fn add(&mut self, st: &DocStatement, scope: &StatementScope) {
        let all = scope.explicit.union(scope.wildcard);
        let on_star = st.not_resource.is_some() || st.resource.iter().flatten().any(|r| r == "*");
        // *-only actions only work on "*"; repository actions work on any resource.
        let usable = if on_star { all } else { all.repository_level() };
        self.0 = self.0.union(usable);
    }

    fn findings(&self, sink: &mut Sink<'_>) {
        let actions = self.0;
        let task = |id| {
            find_task(id)
                .map(super::tasks::Task::set)
                .unwrap_or_default()
        };
        let (login, push) = (task("login"), task("push"));
        let pull_core = ActionSet::of(&["BatchGetImage", "GetDownloadUrlForLayer"]);
        let upload = ActionSet::of(&[
            "InitiateLayerUpload",
            "UploadLayerPart",
            "CompleteLayerUpload",
            "PutImage",
        ]);
        let wants_push = actions.contains_any(upload);
        let wants_pull = actions.contains_any(pull_core);
        if wants_push && !actions.is_superset(push) {
            let missing = push.difference(actions);
            sink.push(
                "push-incomplete",
                Severity::Error,
                Some(&names(missing)),
                format!("docker push will fail: it also needs {}.", names(missing)),
                format!("Add {} on the same repository ARNs.", qualified(missing)),
            );
        }
        if wants_pull && !actions.is_superset(pull_core) && !wants_push {
            let missing = pull_core.difference(actions);
            sink.push(
                "pull-incomplete",
                Severity::Error,
                Some(&names(missing)),
                format!("docker pull will fail: it also needs {}.", names(missing)),
                format!("Add {} on the same repository ARNs.", qualified(missing)),
            );
        }
        if (wants_push || wants_pull) && !actions.is_superset(login) {
            sink.push(
                "no-login",
                Severity::Warning,
                Some("GetAuthorizationToken"),
                "docker login will fail: GetAuthorizationToken is not granted on \"*\", unless \
                 another policy grants it.",
                "Add a statement {\"Effect\": \"Allow\", \"Action\": \
                 \"ecr:GetAuthorizationToken\", \"Resource\": \"*\"}.",
            );
        }
    }
}

fn qualified(set: ActionSet) -> String {
    set.iter()
        .map(ActionId::qualified)
        .collect::<Vec<_>>()
        .join(", ")
}

fn size_findings(size: usize, sink: &mut Sink<'_>) {
    let largest = QUOTAS.iter().map(|q| q.limit).max().unwrap_or(0);
    for q in QUOTAS.iter().filter(|q| size > q.limit) {
        // As in lint: over every quota is an error; fitting only a role's inline policy, a warning.
        let severity = if size > largest {
            Severity::Error
        } else if size > 6144 {
            Severity::Warning
        } else {
            Severity::Info
        };
        sink.push(
            "size-over-quota",
            severity,
            Some(q.name),
            format!(
                "The policy has {size} characters (whitespace not counted), more than the {} \
                 quota of {} for {}.",
                q.limit, q.limit, q.name
            ),
            "Use wildcard patterns such as team/* instead of long ARN lists, merge statements \
             with the same resources, or split the policy in two.",
        );
    }
}

/// Characters IAM refuses: anything but tab, LF, CR and U+0020 to U+00FF.
fn character_findings(v: &Value, sink: &mut Sink<'_>) {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}');
    match v {
        Value::String(s) => {
            let bad: Vec<String> = s
                .chars()
                .filter(|c| !allowed(*c))
                .map(|c| format!("{c:?} (U+{:04X})", u32::from(c)))
                .collect();
            if !bad.is_empty() {
                sink.push(
                    "character-invalid",
                    Severity::Error,
                    Some(s),
                    format!(
                        "IAM accepts only tab, line breaks and characters U+0020 to U+00FF; \
                         this has {}.",
                        bad.join(", ")
                    ),
                    "Retype the value with plain characters (look out for smart quotes and \
                     non-breaking hyphens pasted from documents).",
                );
            }
        }
        Value::Array(items) => items.iter().for_each(|i| character_findings(i, sink)),
        Value::Object(map) => {
            for (k, item) in map {
                character_findings(&Value::String(k.clone()), sink);
                character_findings(item, sink);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
