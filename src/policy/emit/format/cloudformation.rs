//! The `CloudFormation` format: a YAML template with one `AWS::IAM::ManagedPolicy` whose
//! `PolicyDocument` is the policy in block style, and its ARN as an output.

use std::fmt::Write as _;

use super::Meta;
use super::aws_cli::comment;
use super::escape::{self, Dialect};
use crate::policy::emit::render::{Json, Policy, policy_tree};

/// The only template format version `CloudFormation` knows.
const TEMPLATE_VERSION: &str = "2010-09-09";

pub(super) fn render(policy: &Policy, meta: &Meta) -> String {
    render_tree(&policy_tree(policy), meta)
}

/// The template for any policy document tree (an ECR or an ECR Public policy).
pub(super) fn render_tree(tree: &Json, meta: &Meta) -> String {
    let id = meta.name.logical_id();
    let description = quoted(&meta.description);
    let mut out = String::with_capacity(2048);
    // A named IAM resource needs the CAPABILITY_NAMED_IAM acknowledgement; outside `aws` the
    // CLI must also be pointed at the partition. Values here are validated names and regions.
    out.push_str(
        "# Deploy: aws cloudformation deploy --template-file FILE --stack-name STACK \
         --capabilities CAPABILITY_NAMED_IAM",
    );
    if let Some(region) = &meta.cli_region {
        out.push_str(" --region ");
        out.push_str(&comment(region));
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "AWSTemplateFormatVersion: {}",
        quoted(TEMPLATE_VERSION)
    );
    let _ = writeln!(out, "Description: {description}");
    out.push_str("Resources:\n");
    let _ = writeln!(out, "  {id}:");
    let _ = writeln!(out, "    Type: {}", quoted("AWS::IAM::ManagedPolicy"));
    out.push_str("    Properties:\n");
    let _ = writeln!(
        out,
        "      ManagedPolicyName: {}",
        quoted(meta.name.as_str())
    );
    let _ = writeln!(out, "      Description: {description}");
    out.push_str("      PolicyDocument:");
    write_after_key(&mut out, tree, 6);
    out.push_str("Outputs:\n");
    let _ = writeln!(out, "  {id}Arn:");
    let _ = writeln!(
        out,
        "    Description: {}",
        quoted("ARN of the ECR access policy")
    );
    // `Ref` of a managed policy is its ARN.
    let _ = write!(out, "    Value: !Ref {id}");
    out
}

/// A template with one `AWS::IAM::Role` whose `AssumeRolePolicyDocument` is the trust policy
/// `tree`, and its ARN as an output.
pub(super) fn render_role_tree(tree: &Json, meta: &Meta) -> String {
    let id = meta.name.logical_id();
    let description = quoted(&meta.description);
    let mut out = String::with_capacity(2048);
    out.push_str(
        "# Deploy: aws cloudformation deploy --template-file FILE --stack-name STACK \
         --capabilities CAPABILITY_NAMED_IAM",
    );
    if let Some(region) = &meta.cli_region {
        out.push_str(" --region ");
        out.push_str(&comment(region));
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "AWSTemplateFormatVersion: {}",
        quoted(TEMPLATE_VERSION)
    );
    let _ = writeln!(out, "Description: {description}");
    out.push_str("Resources:\n");
    let _ = writeln!(out, "  {id}:");
    let _ = writeln!(out, "    Type: {}", quoted("AWS::IAM::Role"));
    out.push_str("    Properties:\n");
    let _ = writeln!(out, "      RoleName: {}", quoted(meta.name.as_str()));
    let _ = writeln!(out, "      Description: {description}");
    out.push_str("      AssumeRolePolicyDocument:");
    write_after_key(&mut out, tree, 6);
    out.push_str("Outputs:\n");
    let _ = writeln!(out, "  {id}Arn:");
    let _ = writeln!(out, "    Description: {}", quoted("ARN of the role"));
    let _ = write!(out, "    Value: !GetAtt {id}.Arn");
    out
}

fn indent(out: &mut String, width: usize) {
    for _ in 0..width {
        out.push(' ');
    }
}

/// The value of a mapping key whose `:` was just written at indentation `width`.
pub(super) fn write_after_key(out: &mut String, v: &Json, width: usize) {
    match v {
        Json::Str(s) => {
            out.push(' ');
            out.push_str(&quoted(s));
            out.push('\n');
        }
        // Numbers, true, false and null read the same in YAML as in JSON.
        Json::Lit(v) => {
            out.push(' ');
            out.push_str(&v.to_string());
            out.push('\n');
        }
        Json::Arr(items) if items.is_empty() => out.push_str(" []\n"),
        Json::Obj(fields) if fields.is_empty() => out.push_str(" {}\n"),
        Json::Arr(items) => {
            out.push('\n');
            write_sequence(out, items, width + 2);
        }
        Json::Obj(fields) => {
            out.push('\n');
            write_mapping(out, fields.iter().map(|(k, v)| (k.as_ref(), v)), width + 2);
        }
    }
}

fn write_mapping<'a>(
    out: &mut String,
    fields: impl Iterator<Item = (&'a str, &'a Json)>,
    width: usize,
) {
    for (k, v) in fields {
        indent(out, width);
        write_entry(out, k, v, width);
    }
}

/// `key: value`, starting at the current position, for a mapping indented by `width`.
fn write_entry(out: &mut String, k: &str, v: &Json, width: usize) {
    out.push_str(&key(k));
    out.push(':');
    write_after_key(out, v, width);
}

fn write_sequence(out: &mut String, items: &[Json], width: usize) {
    for item in items {
        indent(out, width);
        out.push('-');
        match item {
            Json::Obj(fields) if !fields.is_empty() => {
                out.push(' ');
                // The item's mapping starts after `- `; its other keys line up with the first.
                let mut fields = fields.iter();
                if let Some((k, v)) = fields.next() {
                    write_entry(out, k, v, width + 2);
                }
                write_mapping(out, fields.map(|(k, v)| (k.as_ref(), v)), width + 2);
            }
            Json::Arr(nested) if !nested.is_empty() => {
                out.push('\n');
                write_sequence(out, nested, width + 2);
            }
            other => write_after_key(out, other, width),
        }
    }
}

/// A mapping key: plain when it is a word YAML cannot read as anything but a string.
fn key(k: &str) -> String {
    let plain = k.starts_with(|c: char| c.is_ascii_alphabetic())
        && k.chars().all(|c| c.is_ascii_alphanumeric())
        && !matches!(
            k.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    if plain { k.to_string() } else { quoted(k) }
}

/// A YAML double-quoted scalar whose value is exactly `s`. Besides `"` and `\`, escapes every
/// character YAML does not allow raw or reads as a line break (C0/C1 controls, DEL, NEL,
/// U+2028/U+2029) and the byte-order mark.
pub(super) fn quoted(s: &str) -> String {
    escape::quoted(s, Dialect::Yaml)
}
