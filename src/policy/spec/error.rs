//! Field errors: which input a problem is about, the value, and what is wrong.

use std::fmt;

use thiserror::Error;

use crate::policy::visible::quoted;

/// The input field a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::Display)]
#[strum(serialize_all = "lowercase")]
pub enum Field {
    Region,
    Partition,
    Account,
    Repository,
    Action,
    Preset,
    #[strum(serialize = "tag condition")]
    Tag,
    /// The IAM policy name (for the Terraform, `CloudFormation` and AWS CLI formats).
    #[strum(serialize = "policy name")]
    PolicyName,
    /// The output format.
    #[strum(serialize = "output format")]
    Format,
    /// Who the policy is for: another account, an organisation or an AWS service.
    Principal,
    /// A `--since`/`--until` time.
    #[strum(serialize = "time")]
    Window,
    /// A recipe (who uses the policy: GitHub Actions, an ECS task, …).
    Recipe,
    /// A recipe's GitHub repository (`ORG/REPO`).
    #[strum(serialize = "GitHub repository")]
    GithubRepository,
    /// A recipe's Git ref or GitHub environment.
    #[strum(serialize = "GitHub ref")]
    GithubRef,
    /// A recipe's GitLab project path (`GROUP/PROJECT`).
    #[strum(serialize = "GitLab project")]
    GitlabProject,
    /// A recipe's GitLab branch or tag.
    #[strum(serialize = "GitLab ref")]
    GitlabRef,
    /// A recipe's GitLab instance host name.
    #[strum(serialize = "GitLab host")]
    GitlabHost,
    /// An EKS cluster's OIDC provider (its issuer without `https://`).
    #[strum(serialize = "OIDC provider")]
    OidcProvider,
    /// An EKS cluster name.
    Cluster,
    /// A Kubernetes namespace.
    Namespace,
    /// A Kubernetes service account name.
    #[strum(serialize = "service account")]
    ServiceAccount,
    /// A Lambda function ARN.
    #[strum(serialize = "function ARN")]
    FunctionArn,
    /// An AWS Signer signing profile ARN (ECR managed signing).
    #[strum(serialize = "signing profile")]
    SigningProfile,
    /// An IAM role name.
    #[strum(serialize = "role name")]
    RoleName,
}

impl Field {
    /// The name shown to people.
    pub fn label(self) -> &'static str {
        self.into()
    }
}

/// An invalid value: which field, what was given, and in plain words what is wrong and allowed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct FieldError {
    pub field: Field,
    pub value: String,
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_empty() {
            write!(f, "{} {}", self.field, self.message)
        } else {
            // The value is input: quoted, its hidden characters shown as escapes.
            write!(f, "{} {} {}", self.field, quoted(&self.value), self.message)
        }
    }
}

impl FieldError {
    /// A new error for `field` about `value`.
    pub fn new(field: Field, value: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            value: value.to_string(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_as_words() {
        let fields = [
            (Field::Region, "region"),
            (Field::Repository, "repository"),
            (Field::Tag, "tag condition"),
            (Field::PolicyName, "policy name"),
            (Field::Format, "output format"),
        ];
        for (field, label) in fields {
            assert_eq!(field.label(), label);
            assert_eq!(field.to_string(), label);
        }
        let e = FieldError::new(Field::PolicyName, "x y", "has a space");
        assert_eq!(e.to_string(), "policy name \"x y\" has a space");
        let e = FieldError::new(Field::Principal, "a\u{1b}]52;c;eA==\u{7}\u{202e}", "is bad");
        assert_eq!(
            e.to_string(),
            "principal \"a\\u001b]52;c;eA==\\u0007\\u202e\" is bad"
        );
    }
}
