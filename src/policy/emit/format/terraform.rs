//! The Terraform format: an `aws_iam_policy` resource whose `policy` is `jsonencode({...})` in
//! HCL object syntax (not an escaped JSON string), laid out as `terraform fmt` lays it out.

use std::fmt::Write as _;

use super::Meta;
use super::escape::{self, Dialect};
use crate::policy::emit::render::{Json, Policy, policy_tree};

/// One indentation step, as `terraform fmt` writes it.
const INDENT: &str = "  ";

/// The right-hand side of an attribute or object item.
enum Rhs<'a> {
    /// Already HCL, on one line (a quoted string or a reference).
    Raw(String),
    Tree(&'a Json),
}

impl Rhs<'_> {
    /// `terraform fmt` aligns the `=` of consecutive items whose value fits on their line; an
    /// item opening a multi-line bracket ends the run.
    fn single_line(&self) -> bool {
        match self {
            Rhs::Raw(_) => true,
            Rhs::Tree(Json::Str(_) | Json::Lit(_)) => true,
            Rhs::Tree(Json::Arr(items)) => items.is_empty(),
            Rhs::Tree(Json::Obj(fields)) => fields.is_empty(),
        }
    }
}

pub(super) fn render(policy: &Policy, meta: &Meta) -> String {
    render_tree(&policy_tree(policy), meta)
}

/// The resource for any policy document tree (an ECR or an ECR Public policy).
pub(super) fn render_tree(tree: &Json, meta: &Meta) -> String {
    let label = meta.name.terraform_label();
    let mut out = String::with_capacity(2048);
    let _ = writeln!(out, "resource \"aws_iam_policy\" \"{label}\" {{");
    write_items(
        &mut out,
        &[
            ("name".to_string(), Rhs::Raw(quoted(meta.name.as_str()))),
            (
                "description".to_string(),
                Rhs::Raw(quoted(&meta.description)),
            ),
        ],
        1,
    );
    out.push_str(INDENT);
    out.push_str("policy = jsonencode(");
    write_value(&mut out, tree, 1);
    out.push_str(")\n}\n\n");
    let _ = writeln!(out, "output \"{label}_arn\" {{");
    write_items(
        &mut out,
        &[
            (
                "description".to_string(),
                Rhs::Raw(quoted("ARN of the ECR access policy")),
            ),
            (
                "value".to_string(),
                Rhs::Raw(format!("aws_iam_policy.{label}.arn")),
            ),
        ],
        1,
    );
    out.push('}');
    out
}

/// An `aws_iam_role` whose `assume_role_policy` is the trust policy `tree`, and its ARN as an
/// output.
pub(super) fn render_role_tree(tree: &Json, meta: &Meta) -> String {
    let label = meta.name.terraform_label();
    let mut out = String::with_capacity(2048);
    let _ = writeln!(out, "resource \"aws_iam_role\" \"{label}\" {{");
    write_items(
        &mut out,
        &[
            ("name".to_string(), Rhs::Raw(quoted(meta.name.as_str()))),
            (
                "description".to_string(),
                Rhs::Raw(quoted(&meta.description)),
            ),
        ],
        1,
    );
    out.push_str(INDENT);
    out.push_str("assume_role_policy = jsonencode(");
    write_value(&mut out, tree, 1);
    out.push_str(")\n}\n\n");
    let _ = writeln!(out, "output \"{label}_arn\" {{");
    write_items(
        &mut out,
        &[
            (
                "description".to_string(),
                Rhs::Raw(quoted("ARN of the role")),
            ),
            (
                "value".to_string(),
                Rhs::Raw(format!("aws_iam_role.{label}.arn")),
            ),
        ],
        1,
    );
    out.push('}');
    out
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
}

/// Attributes or object items, one per line, each `=` aligned within its run of single-line
/// items (the width counts characters, as `terraform fmt` counts grapheme clusters).
fn write_items(out: &mut String, items: &[(String, Rhs<'_>)], depth: usize) {
    let mut widths = vec![0; items.len()];
    let mut start = 0;
    while start < items.len() {
        if !items[start].1.single_line() {
            start += 1;
            continue;
        }
        let end = (start..items.len())
            .find(|i| !items[*i].1.single_line())
            .unwrap_or(items.len());
        let width = items[start..end]
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        widths[start..end].fill(width);
        start = end;
    }
    for ((key, rhs), width) in items.iter().zip(widths) {
        indent(out, depth);
        out.push_str(key);
        for _ in key.chars().count()..width {
            out.push(' ');
        }
        out.push_str(" = ");
        match rhs {
            Rhs::Raw(text) => out.push_str(text),
            Rhs::Tree(v) => write_value(out, v, depth),
        }
        out.push('\n');
    }
}

/// A value whose first line continues the current line; `depth` is that line's depth.
pub(super) fn write_value(out: &mut String, v: &Json, depth: usize) {
    match v {
        Json::Str(s) => out.push_str(&quoted(s)),
        // Numbers, true, false and null read the same in HCL as in JSON.
        Json::Lit(v) => out.push_str(&v.to_string()),
        Json::Arr(items) if items.is_empty() => out.push_str("[]"),
        Json::Arr(items) => {
            out.push_str("[\n");
            for item in items {
                indent(out, depth + 1);
                write_value(out, item, depth + 1);
                out.push_str(",\n");
            }
            indent(out, depth);
            out.push(']');
        }
        Json::Obj(fields) if fields.is_empty() => out.push_str("{}"),
        Json::Obj(fields) => {
            out.push_str("{\n");
            let items: Vec<(String, Rhs<'_>)> =
                fields.iter().map(|(k, v)| (key(k), Rhs::Tree(v))).collect();
            write_items(out, &items, depth + 1);
            indent(out, depth);
            out.push('}');
        }
    }
}

/// An object key: bare when it is an HCL identifier (a literal key, not a variable, inside an
/// object constructor), quoted otherwise.
fn key(k: &str) -> String {
    let mut chars = k.chars();
    let identifier = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !matches!(k, "true" | "false" | "null");
    if identifier { k.to_string() } else { quoted(k) }
}

/// An HCL quoted string whose value is exactly `s`: the usual backslash escapes, `\uNNNN` for
/// control characters, and `$${`/`%%{` so nothing is read as an interpolation or directive.
pub(super) fn quoted(s: &str) -> String {
    escape::quoted(s, Dialect::Hcl)
}
