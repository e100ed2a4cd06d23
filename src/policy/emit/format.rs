//! Output formats: the policy as JSON, a Terraform resource, a `CloudFormation` template or an
//! AWS CLI command. Every format walks the one [`build`] policy, never re-parsed JSON text.

mod aws_cli;
mod cloudformation;
mod escape;
mod name;
mod public;
mod registry;
mod repository;
mod terraform;
mod trust;

use std::str::FromStr;

pub use aws_cli::{single_quoted, word as shell_word};
pub use name::{POLICY_NAME_MAX, PolicyName, default_policy_name, parse_policy_name};
pub use public::render_public_as;
pub use registry::{RegistryPart, RegistryPlace, render_registries_as, render_registry_as};
pub use repository::{
    RepositoryPart, RepositoryPlace, render_repositories_as, render_repository_as,
};
pub use trust::RoleMeta;
pub(crate) use trust::render_trust_as;

use crate::policy::emit::render::{JsonStyle, Policy, build, render, to_json};
use crate::policy::spec::model::{Field, FieldError, Spec};
use crate::policy::spec::region::{find_partition, partition_for_code};
use crate::policy::spec::tasks::preset_matching;

/// The longest description both IAM (1,000 characters) and `CloudFormation` (1,024 bytes) take.
pub const DESCRIPTION_MAX_BYTES: usize = 1000;

/// How the policy is written out.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    strum::VariantArray,
    strum::IntoStaticStr,
    strum::Display,
)]
#[strum(serialize_all = "lowercase")]
pub enum Format {
    /// The policy document itself, as the IAM console's JSON editor takes it.
    #[default]
    Json,
    /// An `aws_iam_policy` resource with the document in `jsonencode({...})`.
    Terraform,
    /// A YAML template with an `AWS::IAM::ManagedPolicy`.
    CloudFormation,
    /// An `aws iam create-policy` command for sh, bash and zsh.
    #[strum(serialize = "aws-cli")]
    AwsCli,
}

impl Format {
    /// Every format, in the order a format switch cycles through them.
    pub const ALL: &'static [Format] = <Format as strum::VariantArray>::VARIANTS;

    /// The id used on the command line.
    pub fn id(self) -> &'static str {
        self.into()
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Terraform => "Terraform",
            Format::CloudFormation => "CloudFormation",
            Format::AwsCli => "AWS CLI",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Terraform => "tf",
            Format::CloudFormation => "yaml",
            Format::AwsCli => "sh",
        }
    }

    /// The next format in [`Format::ALL`], wrapping around.
    pub fn next(self) -> Format {
        let i = Format::ALL.iter().position(|f| *f == self).unwrap_or(0);
        Format::ALL[(i + 1) % Format::ALL.len()]
    }

    /// The previous format in [`Format::ALL`], wrapping around.
    pub fn prev(self) -> Format {
        let i = Format::ALL.iter().position(|f| *f == self).unwrap_or(0);
        Format::ALL[(i + Format::ALL.len() - 1) % Format::ALL.len()]
    }

    /// Parses an id or an alias (`tf`, `hcl`, `cfn`, `yaml`, `cli`, `sh`), ignoring case.
    pub fn parse(raw: &str) -> Result<Format, FieldError> {
        let id = raw.trim().to_ascii_lowercase();
        let found = match id.as_str() {
            "json" => Format::Json,
            "terraform" | "tf" | "hcl" => Format::Terraform,
            "cloudformation" | "cfn" | "yaml" | "yml" => Format::CloudFormation,
            "aws-cli" | "awscli" | "cli" | "sh" => Format::AwsCli,
            _ => {
                let ids: Vec<&str> = Format::ALL.iter().map(|f| f.id()).collect();
                return Err(FieldError::new(
                    Field::Format,
                    raw,
                    format!(
                        "is not a format; use one of {} (or tf, cfn, yaml, cli, sh)",
                        ids.join(", ")
                    ),
                ));
            }
        };
        Ok(found)
    }
}

impl FromStr for Format {
    type Err = FieldError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::parse(s)
    }
}

/// What the Terraform, `CloudFormation` and AWS CLI formats say besides the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub name: PolicyName,
    /// At most [`DESCRIPTION_MAX_BYTES`] bytes.
    pub description: String,
    /// For partitions other than `aws`: a region whose IAM endpoint the AWS CLI must call.
    pub cli_region: Option<String>,
}

impl Meta {
    /// Name, description and CLI region for a validated spec.
    pub fn for_spec(spec: &Spec, name: &PolicyName) -> Meta {
        let subject = match spec.repositories.as_slice() {
            [] => "the registry".to_string(),
            [one] => one.clone(),
            [first, rest @ ..] => format!("{first} and {} more", rest.len()),
        };
        let partition = spec.partition();
        let place = if spec.region.is_all() {
            format!("every {} region", partition.arn)
        } else {
            spec.region.code.clone()
        };
        let what = preset_matching(spec.actions).map_or("custom actions", |p| p.id);
        let mut description = format!("ECR access for {subject} in {place} ({what})");
        if !spec.tags.is_empty() {
            let tags: Vec<String> = spec.tags.iter().map(ToString::to_string).collect();
            description.push_str(" on repositories tagged ");
            description.push_str(&tags.join(", "));
        }
        description.push_str(", written by ecr-policy");
        let cli_region = (partition.arn != "aws")
            .then(|| {
                if spec.region.is_all() {
                    partition.regions.first().map(|r| r.code.to_string())
                } else {
                    Some(spec.region.code.clone())
                }
            })
            .flatten();
        Meta {
            name: name.clone(),
            description: clip(description),
            cli_region,
        }
    }

    /// Name, a generic description and the CLI region read from the first repository ARN
    /// (for drafts, whose parts may still be placeholders).
    pub fn for_policy(policy: &Policy, name: &PolicyName) -> Meta {
        let arn = policy
            .statements
            .iter()
            .flat_map(|s| s.resources.iter())
            .find(|r| r.starts_with("arn:"));
        let cli_region = arn.and_then(|arn| {
            let mut parts = arn.split(':').skip(1);
            let partition = find_partition(parts.next()?)?;
            let region = parts.nth(1)?;
            if partition.arn == "aws" {
                return None;
            }
            if partition_for_code(region).is_some_and(|p| p.arn == partition.arn) {
                Some(region.to_string())
            } else {
                partition.regions.first().map(|r| r.code.to_string())
            }
        });
        Meta {
            name: name.clone(),
            description: "ECR access, written by ecr-policy".to_string(),
            cli_region,
        }
    }
}

/// Cuts a description to [`DESCRIPTION_MAX_BYTES`] at a character boundary, marking the cut
/// with `...` (IAM descriptions only take characters up to U+00FF, so no ellipsis character).
fn clip(mut text: String) -> String {
    if text.len() <= DESCRIPTION_MAX_BYTES {
        return text;
    }
    let mut end = DESCRIPTION_MAX_BYTES - 3;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push_str("...");
    text
}

/// The spec's policy in a format. JSON is exactly [`render`]'s pretty output; no format ends
/// in a newline.
pub fn render_as(spec: &Spec, format: Format, name: &PolicyName) -> String {
    match format {
        Format::Json => render(spec, JsonStyle::Pretty),
        _ => render_document(&build(spec), format, &Meta::for_spec(spec, name)),
    }
}

/// A policy (such as the wizard's draft with placeholders) in a format, with a generic
/// description.
pub fn render_policy_as(policy: &Policy, format: Format, name: &PolicyName) -> String {
    render_document(policy, format, &Meta::for_policy(policy, name))
}

/// A policy in a format, with the name, description and CLI region given.
pub fn render_document(policy: &Policy, format: Format, meta: &Meta) -> String {
    match format {
        Format::Json => to_json(policy, JsonStyle::Pretty),
        Format::Terraform => terraform::render(policy, meta),
        Format::CloudFormation => cloudformation::render(policy, meta),
        Format::AwsCli => aws_cli::render(policy, meta),
    }
}

#[cfg(test)]
mod tests;
