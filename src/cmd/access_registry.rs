//! `generate --document registry`: the registry policy of each registry where a grant replicates
//! (`--preset replication`, for the source account) or pulls through the cache across accounts
//! (`--preset pull-through-cache`). Terraform and the AWS CLI hold several, JSON and a
//! `CloudFormation` stack one.

use std::fmt::Write as _;
use std::process::ExitCode;

use super::access_command::{names, registry_command};
use super::args::GenerateArgs;
use super::generate::deliver;
use super::{EXIT_INPUT, report_input_errors};
use crate::policy::emit::format::{Format, RegistryPart, render_registries_as};
use crate::policy::emit::registry_docs::{
    RegistryDocument, registry_also_needed, registry_documents, registry_placement,
};
use crate::policy::emit::registry_policy::{
    RegistryPolicy, RegistryPurpose, build_registry_policy, check_registry_policy_size,
    render_registry_policy,
};
use crate::policy::emit::render::JsonStyle;
use crate::policy::spec::grants::PolicySpec;
use crate::policy::spec::principal::Principal;
use crate::policy::{ActionSet, FieldError};
use crate::say;

/// Writes the registry policies of `policy` for `principal`.
pub(super) fn run(policy: &PolicySpec, principal: &Principal, args: &GenerateArgs) -> ExitCode {
    let docs = registry_documents(&policy.grants, principal, false);
    if docs.is_empty() {
        // No grant replicates or pulls through a cache: the purpose check says why.
        let actions = policy
            .grants
            .iter()
            .fold(ActionSet::EMPTY, |set, g| set.union(g.actions));
        let e = RegistryPurpose::of(actions).err().unwrap_or_else(|| {
            FieldError::new(
                crate::policy::Field::Action,
                "",
                "no grant needs a registry policy",
            )
        });
        return report_input_errors(&[e]);
    }
    let mut built = Vec::new();
    for doc in &docs {
        match build_registry_policy(doc.target(), principal)
            .and_then(|p| check_registry_policy_size(&p).map(|_| p))
        {
            Ok(p) => built.push((doc.clone(), p)),
            Err(e) => return report_input_errors(&[e]),
        }
    }
    if built.len() > 1 && matches!(args.format, Format::Json | Format::CloudFormation) {
        return one_per_output(&built, principal, args.format);
    }
    let text = if args.compact && args.format == Format::Json {
        built
            .first()
            .map(|(_, p)| render_registry_policy(p, JsonStyle::Compact))
            .unwrap_or_default()
    } else {
        if let Err(errors) = args.output_options() {
            return report_input_errors(&errors);
        }
        let parts: Vec<RegistryPart<'_>> = built
            .iter()
            .map(|(doc, policy)| RegistryPart {
                policy,
                place: doc.place(),
            })
            .collect();
        match render_registries_as(&parts, args.format) {
            Ok(t) => t,
            Err(e) => return report_input_errors(&[e]),
        }
    };
    notes(principal, &built);
    deliver(args, &format!("{text}\n"))
}

/// JSON and a stack hold one registry policy: name each, with the command that writes it alone.
fn one_per_output(
    built: &[(RegistryDocument, RegistryPolicy)],
    principal: &Principal,
    format: Format,
) -> ExitCode {
    let mut text = format!(
        "error: --format {} holds one registry policy, and these grants need {}, one per \
         registry (account and region):",
        format.id(),
        built.len()
    );
    for (i, (doc, p)) in built.iter().enumerate() {
        let _ = write!(
            text,
            "\n  {}. in account {} ({}): {}\n     {}",
            i + 1,
            doc.account,
            doc.region.code,
            names(p.granted()),
            registry_command(doc, principal)
        );
    }
    text.push_str(
        "\nWrite one with its command, or all of them with --format terraform or --format aws-cli.",
    );
    say!("{text}");
    ExitCode::from(EXIT_INPUT)
}

/// What the documents leave out, where they go and what else is needed, on stderr.
fn notes(principal: &Principal, built: &[(RegistryDocument, RegistryPolicy)]) {
    let left_out = built
        .iter()
        .fold(ActionSet::EMPTY, |set, (_, p)| set.union(p.left_out));
    if !left_out.is_empty() {
        say!(
            "note: left out of the registry policy, which has no place for them: {} (they stay \
             in the identity policy)",
            names(left_out)
        );
    }
    for (doc, policy) in built {
        if !principal.needs_repository_policy(&doc.account) {
            say!(
                "note: {} is in the registry's own account, {}, whose identity policy is enough; \
                 the registry policy is written as asked",
                principal.describe(),
                doc.account
            );
        }
        say!("note: {}", registry_placement(doc));
        for line in registry_also_needed(policy, principal, doc) {
            say!("note: {line}");
        }
    }
}
