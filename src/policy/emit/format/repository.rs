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

/// The repository policy in `format`. Every format but JSON sets the policy on named
/// repositories, so patterns such as `team/*` are refused there.
pub fn render_repository_as(
    policy: &RepositoryPolicy,
    format: Format,
    place: RepositoryPlace<'_>,
) -> Result<String, FieldError> {
    if format == Format::Json {
        return Ok(render_repository_policy(policy, JsonStyle::Pretty));
    }
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
    Ok(match format {
        Format::Terraform => terraform(policy, place),
        Format::CloudFormation => cloudformation(policy, place),
        Format::AwsCli | Format::Json => aws_cli(policy, place),
    })
}

/// Unique identifiers built from repository names by `make`, numbered on a collision.
fn unique_ids(names: &[String], make: impl Fn(&str) -> String) -> Vec<String> {
    let mut seen = HashSet::new();
    names
        .iter()
        .map(|n| {
            let base = make(n);
            let mut id = base.clone();
            let mut i = 2;
            while !seen.insert(id.clone()) {
                id = format!("{base}{i}");
                i += 1;
            }
            id
        })
        .collect()
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

fn terraform(policy: &RepositoryPolicy, place: RepositoryPlace<'_>) -> String {
    let tree = repository_policy_tree(policy);
    let labels = unique_ids(place.repositories, terraform_label);
    let mut out = String::with_capacity(2048);
    let _ = writeln!(
        out,
        "# Set in account {} ({}); each repository holds one policy, which this replaces.",
        comment(place.account),
        comment(place.region)
    );
    for (i, (repo, label)) in place.repositories.iter().zip(&labels).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "resource \"aws_ecr_repository_policy\" \"{label}\" {{");
        let _ = writeln!(out, "  repository = {}", hcl_quoted(repo));
        out.push_str("  policy = jsonencode(");
        write_value(&mut out, &tree, 1);
        out.push_str(")\n}\n");
    }
    out.pop();
    out
}

fn cloudformation(policy: &RepositoryPolicy, place: RepositoryPlace<'_>) -> String {
    let tree = repository_policy_tree(policy);
    let ids = unique_ids(place.repositories, logical_id);
    let mut out = String::with_capacity(2048);
    out.push_str(
        "# RepositoryPolicyText is a property of AWS::ECR::Repository: add it to the stack that \
         declares each repository (a stack cannot set it on a repository it does not manage).\n",
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
            "ECR repositories and their repository policy in account {}, written by ecr-policy",
            place.account
        ))
    );
    out.push_str("Resources:\n");
    for (repo, id) in place.repositories.iter().zip(&ids) {
        let _ = writeln!(out, "  {id}:");
        let _ = writeln!(out, "    Type: {}", yaml_quoted("AWS::ECR::Repository"));
        out.push_str("    Properties:\n");
        let _ = writeln!(out, "      RepositoryName: {}", yaml_quoted(repo));
        out.push_str("      RepositoryPolicyText:");
        write_after_key(&mut out, &tree, 6);
    }
    out.pop();
    out
}

fn aws_cli(policy: &RepositoryPolicy, place: RepositoryPlace<'_>) -> String {
    let text = render_repository_policy(policy, JsonStyle::Compact);
    let mut out = String::with_capacity(2048);
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
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
