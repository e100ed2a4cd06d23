//! The `generate` commands an access path prints for the other document: the repository policy
//! of one grant or one repository document, or of the whole policy as the flags gave it, and the
//! registry policy of one registry.

use super::access::Plan;
use super::args::GenerateArgs;
use crate::policy::emit::format::{Format, single_quoted};
use crate::policy::emit::registry_docs::RegistryDocument;
use crate::policy::emit::repository_docs::RepositoryDocument;
use crate::policy::spec::principal::Principal;
use crate::policy::spec::tasks::preset_matching;
use crate::policy::{ActionSet, Spec};

/// The `generate` command that writes the repository policy for the same spec and principal.
pub fn repository_command(spec: &Spec, principal: &Principal) -> String {
    let mut words = vec![
        "ecr-policy generate".to_string(),
        format!("--region {}", shell_word(&spec.region.code)),
    ];
    if spec.region.is_all() {
        words.push(format!("--partition {}", spec.partition().arn));
    }
    words.push(format!("--account {}", spec.account));
    for r in &spec.repositories {
        words.push(format!("--repo {}", shell_word(r)));
    }
    let repo_actions = spec.actions.repository_level();
    if let Some(p) = preset_matching(spec.actions) {
        words.push(format!("--preset {}", p.id));
    } else {
        words.push("--preset none".to_string());
        for a in repo_actions.iter() {
            words.push(format!("--action {}", a.qualified()));
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
        format!("--region {}", shell_word(&doc.region.code)),
    ];
    if doc.region.is_all() {
        words.push(format!("--partition {}", doc.region.partition.arn));
    }
    words.push(format!("--account {}", doc.account));
    for r in &doc.repositories {
        words.push(format!("--repo {}", shell_word(r)));
    }
    if let Some(p) = preset_matching(doc.actions) {
        words.push(format!("--preset {}", p.id));
    } else {
        words.push("--preset none".to_string());
        for a in doc.actions.iter() {
            words.push(format!("--action {}", a.qualified()));
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
    let mut flag = |name: &str, value: &str| words.push(format!("{name} {}", shell_word(value)));
    if let Some(f) = &s.from {
        flag("--from", f);
    }
    let single = [
        ("--region", &s.region),
        ("--partition", &s.partition),
        ("--account", &s.account),
    ];
    for (name, value) in single {
        if let Some(v) = value {
            flag(name, v);
        }
    }
    for r in &s.repos {
        flag("--repo", r);
    }
    if let Some(p) = &s.preset {
        flag("--preset", p);
    }
    for a in &plan.actions {
        flag("--action", a);
    }
    for g in &args.grants {
        flag("--grant", g);
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
        Principal::Arn { arn, .. } => vec![format!("--principal {arn}")],
        Principal::Account(a) => vec![format!("--principal {a}")],
        Principal::Organization(o) => vec![format!("--principal-org {o}")],
        Principal::Service {
            service,
            source_arn,
        } => {
            let mut words = vec![format!("--principal {}", service.principal)];
            if let Some(s) = source_arn {
                words.push(format!("--source-arn {}", shell_word(s)));
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

/// A word the shell reads back as itself: plain when inert, single-quoted otherwise.
pub(super) fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@=+,".contains(c))
    {
        s.to_string()
    } else {
        single_quoted(s)
    }
}
