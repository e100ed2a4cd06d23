//! ECR Public identity policies in every format: the same tree as the JSON, written by the
//! Terraform, `CloudFormation` and AWS CLI renderers of ECR policies.

use super::{Format, Meta, PolicyName, aws_cli, cloudformation, terraform};
use crate::policy::emit::public_render::{public_tree, render_public};
use crate::policy::emit::render::JsonStyle;
use crate::policy::spec::principal::list_names;
use crate::policy::spec::public::PublicSpec;

/// The ECR Public policy in `format`; `style` only applies to JSON.
pub fn render_public_as(
    spec: &PublicSpec,
    format: Format,
    name: &PolicyName,
    style: JsonStyle,
) -> String {
    let subject = if spec.repositories.is_empty() {
        "the public registry".to_string()
    } else {
        list_names(&spec.repositories)
    };
    let description: String = format!(
        "ECR Public access for {subject} in account {}, written by ecr-policy",
        spec.account
    )
    .chars()
    .take(super::DESCRIPTION_MAX_BYTES / 2)
    .collect();
    // IAM is global in the aws partition, the only one with ECR Public: no --region needed.
    let meta = Meta {
        name: name.clone(),
        description,
        cli_region: None,
    };
    let tree = public_tree(spec);
    match format {
        Format::Json => render_public(spec, style),
        Format::Terraform => terraform::render_tree(&tree, &meta),
        Format::CloudFormation => cloudformation::render_tree(&tree, &meta),
        Format::AwsCli => aws_cli::render_tree(&tree, &meta),
    }
}
