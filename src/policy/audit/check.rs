//! Checks a policy someone already has: every problem, in document order, with a stable code,
//! plain words for what is wrong and a concrete fix.

use std::collections::HashMap;

use serde_json::Value;

use super::check_action::action_findings;
pub use super::check_action::expand;
use super::check_policy::{Granted, character_findings, size_findings};
use super::check_resource::resource_findings;
use super::registry::RegistryScope;
use crate::policy::audit::lint::{Finding, Severity};
use crate::policy::import::document::{
    DocError, DocKind, DocStatement, Document, parse_document, unlike_as_written,
};

/// One problem found in a policy document: the one [`Finding`] type lint uses too.
pub type CheckFinding = Finding;

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

/// What is known about a document besides its text: what it is (from where it lives, or
/// `--kind`), the registry policy scope to judge a registry policy by, and the repository a
/// repository policy is set on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckContext {
    /// `None`: told by the text (a `Principal` makes a repository policy).
    pub kind: Option<DocKind>,
    pub scope: RegistryScope,
    pub repository: Option<String>,
}

/// Reads and checks a policy text.
pub fn check_text(text: &str) -> Result<Vec<CheckFinding>, DocError> {
    parse_document(text).map(|d| check_document(&d))
}

/// Reads and checks a policy text known to be of `kind` (default scope, repository unknown).
pub fn check_text_as(text: &str, kind: Option<DocKind>) -> Result<Vec<CheckFinding>, DocError> {
    let ctx = CheckContext {
        kind,
        ..CheckContext::default()
    };
    check_text_with(text, &ctx)
}

/// Reads and checks a policy text with what is known about it.
pub fn check_text_with(text: &str, ctx: &CheckContext) -> Result<Vec<CheckFinding>, DocError> {
    parse_document(text).map(|d| check_document_with(&d, ctx))
}

/// Every finding for a document: statement findings in statement order, then the whole policy's.
pub fn check_document(doc: &Document) -> Vec<CheckFinding> {
    check_document_with(doc, &CheckContext::default())
}

/// Every finding for a document of the kind `ctx` says (or the text tells).
pub fn check_document_with(doc: &Document, ctx: &CheckContext) -> Vec<CheckFinding> {
    if ctx.kind == Some(DocKind::Registry) {
        return super::registry::check_registry(doc, ctx.scope);
    }
    if ctx.kind == Some(DocKind::Trust)
        || (ctx.kind.is_none() && super::trust::is_trust_policy(doc))
    {
        return super::trust::check_trust(doc);
    }
    if let Some(findings) =
        super::repository::check_other_kinds(doc, ctx.kind, ctx.repository.as_deref())
    {
        return findings;
    }
    let mut out = Vec::new();
    let mut sids: HashMap<&str, usize> = HashMap::new();
    let mut granted = Granted::default();
    for st in &doc.statements {
        let mut sink = Sink::new(Some(st));
        statement_findings(st, &mut sids, &mut sink);
        unlike_findings(st, &mut sink);
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
    for d in &doc.duplicate_keys {
        sink.push(
            "json-duplicate-key",
            Severity::Error,
            Some(&d.key),
            d.message(),
            "Write each key once per object: keep the one you mean and delete the other.",
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

/// Actions and resources IAM reads otherwise than they look (padded, or with invisible
/// characters): never trimmed into what they seem to name. The other checks skip them.
fn unlike_findings(st: &DocStatement, sink: &mut Sink<'_>) {
    let elements = [
        ("Action", &st.action),
        ("NotAction", &st.not_action),
        ("Resource", &st.resource),
        ("NotResource", &st.not_resource),
    ];
    for (element, values) in elements {
        for v in values.iter().flatten() {
            let Some(how) = unlike_as_written(v) else {
                continue;
            };
            sink.push(
                "value-padded",
                if how.refused() {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                Some(v),
                how.message(element),
                format!(
                    "Write the {element} without white space or invisible characters: \"{}\".",
                    v.split(|c: char| c.is_whitespace() || crate::policy::visible::is_hidden(c))
                        .collect::<String>()
                ),
            );
        }
    }
}

/// The statement's JSON, for the character check.
fn statement_value(doc: &Document, index: usize) -> &Value {
    match doc.value.get("Statement") {
        Some(Value::Array(items)) => items.get(index).unwrap_or(&Value::Null),
        Some(obj) => obj,
        None => &Value::Null,
    }
}

pub(super) fn version_findings(version: Option<&Value>, sink: &mut Sink<'_>) {
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
    sid_findings(st, DocKind::Identity, sids, sink);
    effect_findings(st, sink);
    element_findings(st, sink);
}

/// The Sid: a string, unique in the policy, and in an identity policy only `A-Za-z0-9` (IAM's
/// rule). Repository and registry policies are ECR's: AWS's own tooling examples write Sids
/// such as "new policy" there, so any string is taken.
pub(super) fn sid_findings<'a>(
    st: &'a DocStatement,
    kind: DocKind,
    sids: &mut HashMap<&'a str, usize>,
    sink: &mut Sink<'_>,
) {
    match &st.sid {
        None => {}
        Some(Value::String(s)) => {
            if kind == DocKind::Identity
                && let Some(c) = s.chars().find(|c| !c.is_ascii_alphanumeric())
            {
                let clean: String = s.chars().filter(char::is_ascii_alphanumeric).collect();
                sink.push(
                    "sid-invalid",
                    Severity::Error,
                    Some(s),
                    format!("The Sid contains {c:?}; a Sid may only use A-Z, a-z and 0-9."),
                    format!("Use \"Sid\": \"{clean}\"."),
                );
            }
            // IAM accepts repeated empty Sids (Terraform wrote "Sid": "" for years).
            if !s.is_empty()
                && let Some(first) = sids.get(s.as_str())
            {
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
            } else if !s.is_empty() {
                sids.insert(s, st.index);
            }
        }
        Some(other) => sink.push(
            "sid-invalid",
            Severity::Error,
            Some(&other.to_string()),
            "The Sid is not a string.",
            "Write the Sid as a string (in an identity policy, of A-Z, a-z and 0-9), or remove \
             it.",
        ),
    }
}

pub(super) fn effect_findings(st: &DocStatement, sink: &mut Sink<'_>) {
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
    // A Deny with NotResource is a guardrail ("nothing outside these"): correct as written.
    if st.not_resource.is_some() && st.is_allow() {
        sink.push(
            "not-resource",
            Severity::Warning,
            None,
            "NotResource matches every resource except those listed, including repositories in \
             other accounts and regions.",
            "List the resources in Resource instead.",
        );
    }
}

#[cfg(test)]
mod tests;
