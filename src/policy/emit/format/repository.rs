//! The repository policy in the other formats: one Terraform `aws_ecr_repository_policy` per
//! repository, a `CloudFormation` `AWS::ECR::Repository` with `RepositoryPolicyText`, and one
//! `aws ecr set-repository-policy` command per repository. Reuses each format's escaping.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::Format;
use super::aws_cli::{comment, single_quoted, word};
use super::cloudformation::{quoted as yaml_quoted, write_after_key};
use super::terraform::{quoted as hcl_quoted, write_value};
use crate::policy::emit::render::JsonStyle;
use crate::policy::emit::repository_policy::{
    RepositoryPolicy, render_repository_policy, repository_policy_tree,
};
use crate::policy::spec::error::{Field, FieldError};
use crate::policy::spec::validate::is_wildcard;

/// Where the repository policy goes: the registry's region and account, and the repositories.
#[derive(Debug, Clone, Copy)]
pub struct RepositoryPlace<'a> {
    /// A region code, or `*`.
    pub region: &'a str,
    pub account: &'a str,
    pub repositories: &'a [String],
}

/// One repository policy and the repositories it is set on: an access path with several grants
/// needs one per set of repositories given the same actions.
#[derive(Debug, Clone, Copy)]
pub struct RepositoryPart<'a> {
    pub policy: &'a RepositoryPolicy,
    pub place: RepositoryPlace<'a>,
}

/// The repository policy in `format`. Every format but JSON sets the policy on named
/// repositories, so patterns such as `team/*` are refused there.
pub fn render_repository_as(
    policy: &RepositoryPolicy,
    format: Format,
    place: RepositoryPlace<'_>,
) -> Result<String, FieldError> {
    render_repositories_as(&[RepositoryPart { policy, place }], format)
}

/// Several repository policies in one output: Terraform resources and AWS CLI commands for
/// each, or one `CloudFormation` template when they share an account and region. JSON holds one
/// document only, so several are refused there. One part is exactly
/// [`render_repository_as`].
pub fn render_repositories_as(
    parts: &[RepositoryPart<'_>],
    format: Format,
) -> Result<String, FieldError> {
    match (format, parts) {
        (_, []) => {
            return Err(FieldError::new(
                Field::Action,
                "",
                "leaves no repository policy to write",
            ));
        }
        (Format::Json, [one]) => {
            return Ok(render_repository_policy(one.policy, JsonStyle::Pretty));
        }
        (Format::Json, _) => {
            return Err(FieldError::new(
                Field::Format,
                format.id(),
                format!(
                    "holds one repository policy, and these grants need {}: use --format \
                     terraform or aws-cli for all of them",
                    parts.len()
                ),
            ));
        }
        _ => {}
    }
    for part in parts {
        check_names(part.place, format)?;
    }
    let first = parts[0].place;
    if format == Format::CloudFormation
        && let Some(other) = parts
            .iter()
            .map(|p| p.place)
            .find(|p| p.account != first.account || p.region != first.region)
    {
        return Err(FieldError::new(
            Field::Format,
            format.id(),
            format!(
                "writes one stack, in one account and region, and these repository policies go \
                 to {} ({}) and {} ({}): use --format terraform or aws-cli",
                first.account, first.region, other.account, other.region
            ),
        ));
    }
    let mut ids = Ids::default();
    let mut out = String::with_capacity(2048);
    for (i, part) in parts.iter().enumerate() {
        match format {
            Format::Terraform => terraform(&mut out, i, *part, &mut ids),
            Format::CloudFormation => cloudformation(&mut out, i, *part, &mut ids),
            Format::AwsCli | Format::Json => aws_cli(&mut out, i, *part),
        }
    }
    out.pop();
    Ok(out)
}

/// Repository names only, and at least one.
fn check_names(place: RepositoryPlace<'_>, format: Format) -> Result<(), FieldError> {
    if place.repositories.is_empty() {
        return Err(FieldError::new(
            Field::Repository,
            "",
            "none given: a repository policy is set on each repository; name them with --repo",
        ));
    }
    if let Some(p) = place.repositories.iter().find(|r| is_wildcard(r)) {
        return Err(FieldError::new(
            Field::Repository,
            p,
            format!(
                "is a pattern; a repository policy is set on one repository at a time, so the \
                 {} format needs repository names (or use --format json and set it on each)",
                format.label()
            ),
        ));
    }
    Ok(())
}

/// Identifiers handed out so far across the whole output, so each is unique.
#[derive(Debug, Default)]
struct Ids(HashSet<String>);

impl Ids {
    /// `base`, numbered on a collision.
    fn unique(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        let mut i = 2;
        while !self.0.insert(id.clone()) {
            id = format!("{base}{i}");
            i += 1;
        }
        id
    }
}

/// A Terraform resource name: letters, digits and `_`, not starting with a digit.
fn terraform_label(name: &str) -> String {
    let mut label: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if label.starts_with(|c: char| c.is_ascii_digit()) {
        label.insert(0, 'r');
    }
    label
}

/// A `CloudFormation` logical ID: alphanumeric, each name part capitalised, ending in
/// `Repository`.
fn logical_id(name: &str) -> String {
    let mut id = String::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            id.push(first.to_ascii_uppercase());
            id.extend(chars);
        }
    }
    if id.starts_with(|c: char| c.is_ascii_digit()) {
        id.insert(0, 'R');
    }
    id.push_str("Repository");
    id
}

/// Appends one policy's resources (after a blank line when not the first), each line ending in
/// a newline.
fn terraform(out: &mut String, index: usize, part: RepositoryPart<'_>, ids: &mut Ids) {
    let place = part.place;
    let tree = repository_policy_tree(part.policy);
    if index > 0 {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "# Set in account {} ({}); each repository holds one policy, which this replaces.",
        comment(place.account),
        comment(place.region)
    );
    for (i, repo) in place.repositories.iter().enumerate() {
        let label = ids.unique(&terraform_label(repo));
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "resource \"aws_ecr_repository_policy\" \"{label}\" {{");
        let _ = writeln!(out, "  repository = {}", hcl_quoted(repo));
        out.push_str("  policy = jsonencode(");
        write_value(out, &tree, 1);
        out.push_str(")\n}\n");
    }
}

/// Appends the template's head (for the first policy) and one policy's repositories.
fn cloudformation(out: &mut String, index: usize, part: RepositoryPart<'_>, ids: &mut Ids) {
    let place = part.place;
    let tree = repository_policy_tree(part.policy);
    if index == 0 {
        out.push_str(
            "# RepositoryPolicyText is a property of AWS::ECR::Repository: add it to the stack \
             that declares each repository (a stack cannot set it on a repository it does not \
             manage).\n",
        );
        let _ = writeln!(
            out,
            "AWSTemplateFormatVersion: {}",
            yaml_quoted("2010-09-09")
        );
        let _ = writeln!(
            out,
            "Description: {}",
            yaml_quoted(&format!(
                "ECR repositories and their repository policy in account {}, written by \
                 ecr-policy",
                place.account
            ))
        );
        out.push_str("Resources:\n");
    }
    for repo in place.repositories {
        let id = ids.unique(&logical_id(repo));
        let _ = writeln!(out, "  {id}:");
        let _ = writeln!(out, "    Type: {}", yaml_quoted("AWS::ECR::Repository"));
        out.push_str("    Properties:\n");
        let _ = writeln!(out, "      RepositoryName: {}", yaml_quoted(repo));
        out.push_str("      RepositoryPolicyText:");
        write_after_key(out, &tree, 6);
    }
}

/// Appends one policy's commands (after a blank line when not the first).
fn aws_cli(out: &mut String, index: usize, part: RepositoryPart<'_>) {
    let place = part.place;
    let text = render_repository_policy(part.policy, JsonStyle::Compact);
    if index > 0 {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "# ecr-policy: the repository policy, set on each repository in account {}. \
         Each repository holds one policy, which this replaces.",
        comment(place.account)
    );
    if place.region == "*" {
        out.push_str(
            "# Repository policies are regional: run this with --region for every region that \
             has these repositories.\n",
        );
    }
    for (i, repo) in place.repositories.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("aws ecr set-repository-policy");
        let mut args: Vec<(&str, String)> = Vec::new();
        if place.region != "*" {
            args.push(("--region", word(place.region)));
        }
        args.push(("--registry-id", word(place.account)));
        args.push(("--repository-name", word(repo)));
        args.push(("--policy-text", single_quoted(&text)));
        for (flag, value) in args {
            out.push_str(" \\\n  ");
            out.push_str(flag);
            out.push(' ');
            out.push_str(&value);
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unique_ids(names: &[String], make: impl Fn(&str) -> String) -> Vec<String> {
        let mut ids = Ids::default();
        names.iter().map(|n| ids.unique(&make(n))).collect()
    }

    #[test]
    fn identifiers_are_valid_and_unique() {
        let names: Vec<String> = ["team/api", "team-api", "9lives", "web"]
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        assert_eq!(
            unique_ids(&names, terraform_label),
            ["team_api", "team_api2", "r9lives", "web"]
        );
        assert_eq!(
            unique_ids(&names, logical_id),
            [
                "TeamApiRepository",
                "TeamApiRepository2",
                "R9livesRepository",
                "WebRepository"
            ]
        );
    }

    fn policy(actions: &[&str]) -> RepositoryPolicy {
        use crate::policy::emit::repository_policy::{RepositoryTarget, build_repository_policy};
        use crate::policy::spec::catalog::ActionSet;
        use crate::policy::spec::principal::parse_principal;
        let target = RepositoryTarget {
            partition: "aws",
            region: "eu-west-1",
            account: "111122223333",
            actions: ActionSet::of(actions),
        };
        build_repository_policy(target, &parse_principal("222233334444").unwrap()).unwrap()
    }

    #[test]
    fn several_policies_share_one_output_with_unique_names() {
        let pull = policy(&["BatchGetImage"]);
        let push = policy(&["PutImage"]);
        let a = vec!["team/api".to_string()];
        let b = vec!["team-api".to_string(), "web".to_string()];
        let place = |repositories| RepositoryPlace {
            region: "eu-west-1",
            account: "111122223333",
            repositories,
        };
        let parts = [
            RepositoryPart {
                policy: &pull,
                place: place(&a),
            },
            RepositoryPart {
                policy: &push,
                place: place(&b),
            },
        ];
        let tf = render_repositories_as(&parts, Format::Terraform).unwrap();
        for label in ["team_api", "team_api2", "web"] {
            let head = format!("resource \"aws_ecr_repository_policy\" \"{label}\" {{");
            assert_eq!(tf.matches(&head).count(), 1, "{label}: {tf}");
        }
        assert_eq!(tf.matches("ecr:PutImage").count(), 2, "{tf}");
        assert_eq!(tf.matches("ecr:BatchGetImage").count(), 1, "{tf}");
        assert!(!tf.ends_with('\n'));
        let cfn = render_repositories_as(&parts, Format::CloudFormation).unwrap();
        assert_eq!(cfn.matches("Resources:").count(), 1);
        assert!(cfn.contains("  TeamApiRepository2:\n"), "{cfn}");
        let cli = render_repositories_as(&parts, Format::AwsCli).unwrap();
        assert_eq!(cli.matches("aws ecr set-repository-policy").count(), 3);
        let json = render_repositories_as(&parts, Format::Json).unwrap_err();
        assert!(json.message.contains("need 2"), "{json}");
        // One part is exactly the one-policy output.
        assert_eq!(
            render_repositories_as(&parts[..1], Format::Terraform).unwrap(),
            render_repository_as(&pull, Format::Terraform, place(&a)).unwrap()
        );
        // One template is one account and region.
        let other = RepositoryPlace {
            account: "444455556666",
            ..place(&b)
        };
        let split = [
            parts[0],
            RepositoryPart {
                policy: &push,
                place: other,
            },
        ];
        assert!(render_repositories_as(&split, Format::CloudFormation).is_err());
        assert!(render_repositories_as(&split, Format::Terraform).is_ok());
    }
}
