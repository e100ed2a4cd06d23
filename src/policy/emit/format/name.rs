//! IAM policy names: validation, a default derived from the spec, and the Terraform label and
//! `CloudFormation` logical ID derived from a name.

use std::fmt;
use std::str::FromStr;

use crate::policy::spec::model::{Field, FieldError, Spec};
use crate::policy::spec::tasks::preset_matching;

/// IAM's limit for a managed policy name.
pub const POLICY_NAME_MAX: usize = 128;

/// The name used when nothing better can be derived.
const FALLBACK: &str = "ecr-policy";

/// A valid IAM policy name: 1–128 of `A-Z a-z 0-9 + = , . @ _ -` (IAM's `[\w+=,.@-]+`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PolicyName(String);

/// Characters IAM allows in a policy name (`\w` is ASCII-only there).
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

impl PolicyName {
    /// Validates a name someone typed (surrounding spaces are ignored).
    pub fn parse(raw: &str) -> Result<PolicyName, FieldError> {
        let name = raw.trim();
        let rule = "IAM policy names use only letters A-Z a-z, digits 0-9 and + = , . @ _ - \
                    (no spaces), up to 128 characters";
        if name.is_empty() {
            return Err(FieldError::new(
                Field::PolicyName,
                raw,
                format!("is empty: give a name such as ecr-push-my-app ({rule})"),
            ));
        }
        if let Some(bad) = name.chars().find(|c| !is_name_char(*c)) {
            return Err(FieldError::new(
                Field::PolicyName,
                raw,
                format!("has {bad:?}: {rule}"),
            ));
        }
        let n = name.chars().count();
        if n > POLICY_NAME_MAX {
            return Err(FieldError::new(
                Field::PolicyName,
                raw,
                format!("has {n} characters: IAM allows at most {POLICY_NAME_MAX}"),
            ));
        }
        Ok(PolicyName(name.to_string()))
    }

    /// `ecr-<preset id or custom>-<first repository>[-and-N-more]`, or `…-registry` when the
    /// policy names no repository; always valid.
    pub fn from_parts(preset: Option<&str>, repositories: &[String]) -> PolicyName {
        let subject = match repositories {
            [] => "registry".to_string(),
            [first] => slug(first),
            [first, rest @ ..] => format!("{}-and-{}-more", slug(first), rest.len()),
        };
        let raw = format!("ecr-{}-{subject}", slug(preset.unwrap_or("custom")));
        let cut: String = raw.chars().take(POLICY_NAME_MAX).collect();
        PolicyName::parse(cut.trim_end_matches('-'))
            .unwrap_or_else(|_| PolicyName(FALLBACK.to_string()))
    }

    /// The default name for a spec: its preset (or `custom`) and its repositories.
    pub fn default_for(spec: &Spec) -> PolicyName {
        PolicyName::from_parts(
            preset_matching(spec.actions).map(|p| p.id),
            &spec.repositories,
        )
    }

    /// The name as IAM will show it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A Terraform resource label: lowercase `[a-z0-9_]`, starting with a letter or `_`.
    pub fn terraform_label(&self) -> String {
        let mut label = String::with_capacity(self.0.len());
        for c in self.0.chars() {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_alphanumeric() {
                label.push(c);
            } else if !label.ends_with('_') {
                label.push('_');
            }
        }
        if label.starts_with(|c: char| c.is_ascii_digit()) {
            label.insert_str(0, "policy_");
        }
        label
    }

    /// A `CloudFormation` logical ID: the name's words in `UpperCamelCase`, alphanumeric only,
    /// starting with a letter.
    pub fn logical_id(&self) -> String {
        let mut id = String::with_capacity(self.0.len());
        for word in self.0.split(|c: char| !c.is_ascii_alphanumeric()) {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                id.push(first.to_ascii_uppercase());
                id.extend(chars);
            }
        }
        if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
            id.insert_str(0, "Policy");
        }
        id
    }
}

impl Default for PolicyName {
    fn default() -> Self {
        PolicyName(FALLBACK.to_string())
    }
}

impl fmt::Display for PolicyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for PolicyName {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PolicyName::parse(s)
    }
}

/// A repository name or pattern as part of a policy name: `/` becomes `-`, `*` `all`, `?` `x`.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '*' => out.push_str("all"),
            '?' => out.push('x'),
            c if is_name_char(c) && c != '-' => out.push(c),
            _ if out.ends_with('-') => {}
            _ => out.push('-'),
        }
    }
    out.trim_matches('-').to_string()
}

/// The default policy name for a spec, as text.
pub fn default_policy_name(spec: &Spec) -> String {
    PolicyName::default_for(spec).0
}

/// Validates a policy name someone typed; returns it trimmed.
pub fn parse_policy_name(raw: &str) -> Result<String, FieldError> {
    PolicyName::parse(raw).map(|n| n.0)
}
