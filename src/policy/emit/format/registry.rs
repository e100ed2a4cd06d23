//! The registry policy in the other formats: a Terraform `aws_ecr_registry_policy`, a
//! `CloudFormation` `AWS::ECR::RegistryPolicy` with `PolicyText`, and an `aws ecr
//! put-registry-policy` command. A registry holds one policy per region, which each replaces.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::Format;
use super::aws_cli::{comment, single_quoted};
use super::cloudformation::{quoted as yaml_quoted, write_after_key};
use super::terraform::write_value;
use crate::policy::emit::registry_policy::{
    RegistryPolicy, RegistryPurpose, registry_policy_tree, render_registry_policy,
};
use crate::policy::emit::render::JsonStyle;
use crate::policy::spec::error::{Field, FieldError};

/// Where a registry policy is set: the registry's region and account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegistryPlace<'a> {
    /// A region code, or `*`.
    pub region: &'a str,
    pub account: &'a str,
}

/// One registry policy and the registry it is set in.
#[derive(Debug, Clone, Copy)]
pub struct RegistryPart<'a> {
    pub policy: &'a RegistryPolicy,
    pub place: RegistryPlace<'a>,
}

/// The registry policy in `format`.
pub fn render_registry_as(
    policy: &RegistryPolicy,
    format: Format,
    place: RegistryPlace<'_>,
) -> Result<String, FieldError> {
    render_registries_as(&[RegistryPart { policy, place }], format)
}

/// Several registry policies (several registries) in one output: Terraform resources and AWS
/// CLI commands for each. JSON holds one document, and a `CloudFormation` stack one account and
/// region (where a registry holds one policy), so several are refused there. No format ends in
/// a newline.
pub fn render_registries_as(
    parts: &[RegistryPart<'_>],
    format: Format,
) -> Result<String, FieldError> {
    match (format, parts) {
        (_, []) => Err(FieldError::new(
            Field::Action,
            "",
            "leaves no registry policy to write",
        )),
        (Format::Json, [one]) => Ok(render_registry_policy(one.policy, JsonStyle::Pretty)),
        (Format::Json | Format::CloudFormation, [first, second, ..]) => Err(FieldError::new(
            Field::Format,
            format.id(),
            format!(
                "holds one registry policy, and these grants need one in {} ({}) and one in {} \
                 ({}): use --format terraform or aws-cli",
                first.place.account, first.place.region, second.place.account, second.place.region
            ),
        )),
        _ => {
            let mut out = String::with_capacity(2048);
            let mut labels = HashSet::new();
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                match format {
                    Format::Terraform => terraform(&mut out, *part, &mut labels),
                    Format::CloudFormation => cloudformation(&mut out, *part),
                    Format::AwsCli | Format::Json => aws_cli(&mut out, *part),
                }
            }
            out.pop();
            Ok(out)
        }
    }
}

/// What the policy is for, as a name part.
fn purpose_label(policy: &RegistryPolicy) -> &'static str {
    match policy.purpose {
        RegistryPurpose::Replication => "replication",
        RegistryPurpose::PullThroughCache => "pull_through_cache",
    }
}

/// A sentence for comments: where the policy goes and that it replaces the current one.
fn replaces(place: RegistryPlace<'_>) -> String {
    format!(
        "The registry policy of account {} in {}: a registry holds one policy per region and \
         this replaces it, so first merge in the statements of aws ecr get-registry-policy.",
        comment(place.account),
        if place.region == "*" {
            "every region where it is set".to_string()
        } else {
            comment(place.region)
        }
    )
}

/// Appends one `aws_ecr_registry_policy`, each line ending in a newline.
fn terraform(out: &mut String, part: RegistryPart<'_>, labels: &mut HashSet<String>) {
    let base = purpose_label(part.policy);
    let mut label = base.to_string();
    let mut n = 2;
    while !labels.insert(label.clone()) {
        label = format!("{base}{n}");
        n += 1;
    }
    let _ = writeln!(out, "# {}", replaces(part.place));
    if part.place.region != "*" {
        let _ = writeln!(
            out,
            "# Apply with the AWS provider in region {} and credentials of account {}.",
            comment(part.place.region),
            comment(part.place.account)
        );
    }
    let _ = writeln!(out, "resource \"aws_ecr_registry_policy\" \"{label}\" {{");
    out.push_str("  policy = jsonencode(");
    write_value(out, &registry_policy_tree(part.policy), 1);
    out.push_str(")\n}\n");
}

/// Appends a template with one `AWS::ECR::RegistryPolicy`.
fn cloudformation(out: &mut String, part: RegistryPart<'_>) {
    let _ = writeln!(out, "# {}", replaces(part.place));
    let _ = writeln!(
        out,
        "AWSTemplateFormatVersion: {}",
        yaml_quoted("2010-09-09")
    );
    let _ = writeln!(
        out,
        "Description: {}",
        yaml_quoted(&format!(
            "The ECR registry policy for {} in account {}, written by ecr-policy",
            part.policy.purpose.label(),
            part.place.account
        ))
    );
    out.push_str("Resources:\n");
    out.push_str("  RegistryPolicy:\n");
    let _ = writeln!(out, "    Type: {}", yaml_quoted("AWS::ECR::RegistryPolicy"));
    out.push_str("    Properties:\n");
    out.push_str("      PolicyText:");
    write_after_key(out, &registry_policy_tree(part.policy), 6);
}

/// Appends the command (every value single-quoted).
fn aws_cli(out: &mut String, part: RegistryPart<'_>) {
    let _ = writeln!(out, "# ecr-policy: {}", replaces(part.place));
    let _ = writeln!(
        out,
        "# Run with credentials of account {} (put-registry-policy sets the caller's own \
         registry).",
        comment(part.place.account)
    );
    if part.place.region == "*" {
        out.push_str(
            "# Registry policies are regional: run this with --region for every region it \
             belongs in.\n",
        );
    }
    out.push_str("aws ecr put-registry-policy");
    let text = render_registry_policy(part.policy, JsonStyle::Compact);
    if part.place.region != "*" {
        out.push_str(" \\\n  --region ");
        out.push_str(&single_quoted(part.place.region));
    }
    out.push_str(" \\\n  --policy-text ");
    out.push_str(&single_quoted(&text));
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::emit::registry_policy::{RegistryTarget, build_registry_policy};
    use crate::policy::spec::catalog::ActionSet;
    use crate::policy::spec::principal::parse_principal;

    fn policy(actions: &[&str], repos: &[String], who: &str) -> RegistryPolicy {
        let target = RegistryTarget {
            partition: "aws",
            region: "us-west-2",
            account: "444455556666",
            repositories: repos,
            actions: ActionSet::of(actions),
        };
        build_registry_policy(target, &parse_principal(who).unwrap()).unwrap()
    }

    const PLACE: RegistryPlace<'static> = RegistryPlace {
        region: "us-west-2",
        account: "444455556666",
    };

    #[test]
    fn each_format_carries_the_same_document() {
        let p = policy(&["ReplicateImage", "CreateRepository"], &[], "111122223333");
        let json: serde_json::Value =
            serde_json::from_str(&render_registry_as(&p, Format::Json, PLACE).unwrap()).unwrap();
        let tf = render_registry_as(&p, Format::Terraform, PLACE).unwrap();
        assert!(
            tf.contains("resource \"aws_ecr_registry_policy\" \"replication\" {"),
            "{tf}"
        );
        let hcl: hcl::Body = hcl::from_str(&tf).unwrap();
        assert_eq!(hcl.blocks().count(), 1);
        let cfn = render_registry_as(&p, Format::CloudFormation, PLACE).unwrap();
        let yaml: serde_json::Value = serde_norway::from_str(&cfn).unwrap();
        let res = &yaml["Resources"]["RegistryPolicy"];
        assert_eq!(res["Type"], "AWS::ECR::RegistryPolicy");
        assert_eq!(res["Properties"]["PolicyText"], json);
        let cli = render_registry_as(&p, Format::AwsCli, PLACE).unwrap();
        assert!(
            cli.contains(
                "aws ecr put-registry-policy \\\n  --region 'us-west-2' \\\n  --policy-text '{"
            ),
            "{cli}"
        );
        assert!(!cli.ends_with('\n') && !tf.ends_with('\n') && !cfn.ends_with('\n'));
        for text in [&tf, &cfn, &cli] {
            assert!(text.contains("get-registry-policy"), "{text}");
        }
    }

    #[test]
    fn several_registries_need_terraform_or_the_cli() {
        let a = policy(&["ReplicateImage"], &[], "111122223333");
        let b = policy(&["ReplicateImage"], &[], "111122223333");
        let other = RegistryPlace {
            region: "eu-west-1",
            ..PLACE
        };
        let parts = [
            RegistryPart {
                policy: &a,
                place: PLACE,
            },
            RegistryPart {
                policy: &b,
                place: other,
            },
        ];
        for f in [Format::Json, Format::CloudFormation] {
            let e = render_registries_as(&parts, f).unwrap_err();
            assert!(e.message.contains("eu-west-1"), "{e}");
        }
        let tf = render_registries_as(&parts, Format::Terraform).unwrap();
        assert!(tf.contains("\"replication2\""), "{tf}");
        let cli = render_registries_as(&parts, Format::AwsCli).unwrap();
        assert_eq!(cli.matches("aws ecr put-registry-policy").count(), 2);
    }
}
