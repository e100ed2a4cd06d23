//! A role's trust policy in every format: the JSON document, a Terraform `aws_iam_role` with
//! `assume_role_policy = jsonencode(…)`, a `CloudFormation` `AWS::IAM::Role` with
//! `AssumeRolePolicyDocument`, or `aws iam create-role --assume-role-policy-document` (with the
//! `update-assume-role-policy` command for a role that exists), each format's own escaping.

use super::{Format, Meta, PolicyName, aws_cli, cloudformation, terraform};
use crate::policy::emit::render::{Json, JsonStyle, json_text};

/// The role a trust policy belongs to: its name, description and, outside the `aws`
/// partition, the region whose IAM endpoint the AWS CLI must call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleMeta {
    /// A valid IAM role name (a role name is always a valid policy name).
    pub name: PolicyName,
    pub description: String,
    pub cli_region: Option<String>,
}

/// The trust policy `tree` in `format`; `style` only applies to JSON. No format ends in a
/// newline. (The recipes build the tree: `TrustPolicy::render_as`.)
pub(crate) fn render_trust_as(
    tree: &Json,
    format: Format,
    style: JsonStyle,
    role: &RoleMeta,
) -> String {
    let meta = Meta {
        name: role.name.clone(),
        description: role
            .description
            .chars()
            .take(super::DESCRIPTION_MAX_BYTES)
            .collect(),
        cli_region: role.cli_region.clone(),
    };
    match format {
        Format::Json => json_text(tree, style),
        Format::Terraform => terraform::render_role_tree(tree, &meta),
        Format::CloudFormation => cloudformation::render_role_tree(tree, &meta),
        Format::AwsCli => aws_cli::render_role_tree(tree, &meta),
    }
}
