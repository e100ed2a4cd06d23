//! The AWS CLI format: an `aws iam create-policy` command for sh, bash and zsh, every value
//! single-quoted (or a plain word) so no content can be read as shell syntax.

use std::fmt::Write as _;

use super::Meta;
use crate::policy::emit::render::{Json, JsonStyle, Policy, json_text, policy_tree};

/// A flag, its value, and how to quote the value.
type Arg<'a> = (&'static str, &'a str, fn(&str) -> String);

pub(super) fn render(policy: &Policy, meta: &Meta) -> String {
    render_tree(&policy_tree(policy), meta)
}

/// The command for any policy document tree (an ECR or an ECR Public policy).
pub(super) fn render_tree(tree: &Json, meta: &Meta) -> String {
    let mut out = String::with_capacity(2048);
    let _ = writeln!(out, "# ecr-policy: {}", comment(&meta.description));
    if let Some(region) = &meta.cli_region {
        let _ = writeln!(
            out,
            "# {} is outside the aws partition: --region makes the AWS CLI call that \
             partition's IAM endpoint.",
            comment(region)
        );
    }
    out.push_str("aws iam create-policy");
    let document = json_text(tree, JsonStyle::Compact);
    let mut args: Vec<Arg<'_>> = Vec::new();
    if let Some(region) = &meta.cli_region {
        args.push(("--region", region, word));
    }
    args.push(("--policy-name", meta.name.as_str(), word));
    args.push(("--description", &meta.description, single_quoted));
    args.push(("--policy-document", &document, single_quoted));
    for (flag, value, quote) in args {
        out.push_str(" \\\n  ");
        out.push_str(flag);
        // A value starting with `-` would be read as an option: attach it with `=`.
        out.push(if value.starts_with('-') { '=' } else { ' ' });
        out.push_str(&quote(value));
    }
    out
}

/// `aws iam create-role` with the trust policy `tree`, after a comment with the command that
/// replaces the trust policy of a role that exists already.
pub(super) fn render_role_tree(tree: &Json, meta: &Meta) -> String {
    let mut out = String::with_capacity(2048);
    let document = json_text(tree, JsonStyle::Compact);
    let _ = writeln!(out, "# ecr-policy: {}", comment(&meta.description));
    if let Some(region) = &meta.cli_region {
        let _ = writeln!(
            out,
            "# {} is outside the aws partition: --region makes the AWS CLI call that \
             partition's IAM endpoint.",
            comment(region)
        );
    }
    let region = meta
        .cli_region
        .as_deref()
        .map_or(String::new(), |r| format!(" --region {}", word(r)));
    let _ = writeln!(
        out,
        "# For a role that exists already, replace its trust policy instead:\n# aws iam \
         update-assume-role-policy{region} --role-name {} --policy-document {}",
        word(meta.name.as_str()),
        comment(&single_quoted(&document))
    );
    out.push_str("aws iam create-role");
    let mut args: Vec<Arg<'_>> = Vec::new();
    if let Some(region) = &meta.cli_region {
        args.push(("--region", region, word));
    }
    args.push(("--role-name", meta.name.as_str(), word));
    args.push(("--description", &meta.description, single_quoted));
    args.push(("--assume-role-policy-document", &document, single_quoted));
    for (flag, value, quote) in args {
        out.push_str(" \\\n  ");
        out.push_str(flag);
        out.push(if value.starts_with('-') { '=' } else { ' ' });
        out.push_str(&quote(value));
    }
    out
}

/// Text for a `#` comment line: line breaks and other controls become spaces, so the comment
/// cannot end early and let the rest run as a command.
pub(super) fn comment(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// A plain word when every character is inert in sh, bash and zsh (and it does not start with
/// `=`, which zsh expands); single-quoted otherwise. The one quoting of every shell word this
/// tool prints, in the formats and in the commands it suggests.
pub fn word(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with('=')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.,@+=/:".contains(c));
    if plain {
        text.to_string()
    } else {
        single_quoted(text)
    }
}

/// `'text'`, each `'` written as `'\''`: inside single quotes every other character is
/// literal in POSIX shells, bash and zsh, so any content is safe.
pub fn single_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    out.push_str(&text.replace('\'', r"'\''"));
    out.push('\'');
    out
}
