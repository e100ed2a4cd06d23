//! The `generate` commands an access path prints for the other document: the repository policy
//! of one grant or one repository document, or of the whole policy as the flags gave it, and the
//! registry policy of one registry. Every value is one shell word ([`shell_word`], the AWS CLI
//! format's quoting), so a printed command pasted into sh, bash or zsh runs `ecr-policy` with
//! exactly these values and nothing else.

use super::access::Plan;
use super::args::GenerateArgs;
use crate::policy::emit::format::{Format, shell_word};
use crate::policy::emit::registry_docs::RegistryDocument;
use crate::policy::emit::repository_docs::RepositoryDocument;
use crate::policy::spec::principal::Principal;
use crate::policy::spec::tasks::preset_matching;
use crate::policy::{ActionSet, Spec};

/// `--name VALUE`, the value one shell word; `--name=VALUE` when the value starts with `-`
/// (but is not `-` alone, standard input), so it cannot be read as another option.
pub(super) fn flag(name: &str, value: &str) -> String {
    let joint = if value.starts_with('-') && value != "-" {
        '='
    } else {
        ' '
    };
    format!("{name}{joint}{}", shell_word(value))
}

/// The `generate` command that writes the repository policy for the same spec and principal.
pub fn repository_command(spec: &Spec, principal: &Principal) -> String {
    let mut words = vec![
        "ecr-policy generate".to_string(),
        flag("--region", &spec.region.code),
    ];
    if spec.region.is_all() {
        words.push(flag("--partition", spec.partition().arn));
    }
    words.push(flag("--account", &spec.account));
    for r in &spec.repositories {
        words.push(flag("--repo", r));
    }
    let repo_actions = spec.actions.repository_level();
    if let Some(p) = preset_matching(spec.actions) {
        words.push(flag("--preset", p.id));
    } else {
        words.push("--preset none".to_string());
        for a in repo_actions.iter() {
            words.push(flag("--action", &a.qualified()));
        }
    }
    words.extend(principal_words(principal));
    words.push("--document repository".to_string());
    words.join(" ")
}

/// The `generate` command that writes the registry policy of one registry for the principal.
pub fn registry_command(doc: &RegistryDocument, principal: &Principal) -> String {
    let mut words = vec![
        "ecr-policy generate".to_string(),
        flag("--region", &doc.region.code),
    ];
    if doc.region.is_all() {
        words.push(flag("--partition", doc.region.partition.arn));
    }
    words.push(flag("--account", &doc.account));
    for r in &doc.repositories {
        words.push(flag("--repo", r));
    }
    if let Some(p) = preset_matching(doc.actions) {
        words.push(flag("--preset", p.id));
    } else {
        words.push("--preset none".to_string());
        for a in doc.actions.iter() {
            words.push(flag("--action", &a.qualified()));
        }
    }
    words.extend(principal_words(principal));
    words.push("--document registry".to_string());
    words.join(" ")
}

/// The command that writes every repository policy of the whole policy: the flags as given
/// (after `--cache-prefix` became its repository and actions), each `--grant`, the principal,
/// and with several documents a format that holds them all.
pub(super) fn whole_repository_command(
    plan: &Plan,
    args: &GenerateArgs,
    principal: &Principal,
    docs: &[RepositoryDocument],
) -> String {
    let s = &plan.spec;
    let mut words = vec!["ecr-policy generate".to_string()];
    let mut add = |name: &str, value: &str| words.push(flag(name, value));
    if let Some(f) = &s.from {
        add("--from", f);
    }
    let single = [
        ("--region", &s.region),
        ("--partition", &s.partition),
        ("--account", &s.account),
    ];
    for (name, value) in single {
        if let Some(v) = value {
            add(name, v);
        }
    }
    for r in &s.repos {
        add("--repo", r);
    }
    if let Some(p) = &s.preset {
        add("--preset", p);
    }
    for a in &plan.actions {
        add("--action", a);
    }
    for g in &args.grants {
        add("--grant", g);
    }
    if s.fix {
        words.push("--fix".to_string());
    }
    words.extend(principal_words(principal));
    words.push("--document repository".to_string());
    if docs.len() > 1 {
        words.push(format!(
            "--format {}",
            format_for_all(args.format, docs).id()
        ));
    }
    words.join(" ")
}

/// A format that holds every document: the one asked for when it can, else the AWS CLI's
/// commands (JSON holds one document; a template, one account and region).
pub(super) fn format_for_all(asked: Format, docs: &[RepositoryDocument]) -> Format {
    let one_stack = docs
        .windows(2)
        .all(|w| w[0].account == w[1].account && w[0].region == w[1].region);
    match asked {
        Format::Terraform | Format::AwsCli => asked,
        Format::CloudFormation if one_stack => asked,
        Format::CloudFormation | Format::Json => Format::AwsCli,
    }
}

/// `--principal …` (with `--source-arn`) or `--principal-org …`.
fn principal_words(principal: &Principal) -> Vec<String> {
    match principal {
        Principal::Arn { arn, .. } => vec![flag("--principal", arn)],
        Principal::Account(a) => vec![flag("--principal", a)],
        Principal::Organization(o) => vec![flag("--principal-org", o)],
        Principal::Service {
            service,
            source_arn,
        } => {
            let mut words = vec![flag("--principal", service.principal)];
            if let Some(s) = source_arn {
                words.push(flag("--source-arn", s));
            }
            words
        }
    }
}

/// The actions' qualified names, comma-separated.
pub(super) fn names(set: ActionSet) -> String {
    set.iter()
        .map(crate::policy::ActionId::qualified)
        .collect::<Vec<_>>()
        .join(", ")
}
