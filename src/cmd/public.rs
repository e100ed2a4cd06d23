//! `generate --registry public`: an identity policy for Amazon ECR Public, with notes on
//! its region, its login pair and pulls.

use crate::policy::visible::Visible;
use std::process::ExitCode;

use super::args::{GenerateArgs, SpecArgs};
use super::generate::deliver;
use super::report_input_errors;
use crate::policy::emit::format::{PolicyName, render_public_as};
use crate::policy::spec::public::{
    PUBLIC_API_REGION, PUBLIC_PULL_NOTE, PublicInput, find_public_preset, validate_public,
};
use crate::policy::{Field, FieldError};
use crate::say;

/// Runs `generate --registry public`.
pub fn run(spec_args: &SpecArgs, args: &GenerateArgs) -> ExitCode {
    let mut errors = Vec::new();
    let output = match args.output_options() {
        Ok(o) => Some(o),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let a = &args.access;
    if a.principal.is_some() || a.principal_org.is_some() || a.document.is_some() {
        errors.push(FieldError::new(
            Field::Principal,
            "",
            "is not supported with --registry public: this writes ECR Public identity policies",
        ));
    }
    // --grant adds grants on a private registry; dropping it would lose them unseen.
    let grants_refused = !args.grants.is_empty();
    if grants_refused {
        say!(
            "error: {} cannot go with --registry public: it adds grants on a private \
             registry, and an ECR Public policy is one preset on its repositories; run \
             generate --registry public for those repositories instead",
            super::access::grant_words(&args.grants)
        );
    }
    if spec_args.from.is_some() || !spec_args.require_tags.is_empty() {
        errors.push(FieldError::new(
            Field::Tag,
            "",
            "--from and --require-tag are not supported with --registry public",
        ));
    }
    let input = PublicInput {
        account: spec_args.account.clone(),
        repositories: spec_args.repos.clone(),
        preset: spec_args.preset.clone(),
        actions: args.actions.clone(),
        region: spec_args.region.clone(),
        partition: spec_args.partition.clone(),
    };
    let (spec, output) = match (validate_public(&input), output) {
        (Ok(s), Some(o)) if errors.is_empty() && !grants_refused => (s, o),
        (Ok(_), _) => return report_input_errors(&errors),
        (Err(more), _) => {
            errors.extend(more);
            return report_input_errors(&errors);
        }
    };
    say!(
        "note: ECR Public ARNs have no region and exist in the aws partition only; its API is \
         served from {PUBLIC_API_REGION} (aws ecr-public ... --region {PUBLIC_API_REGION})."
    );
    if let Some(r) = input.region.as_deref().filter(|r| *r != PUBLIC_API_REGION) {
        say!(
            "note: --region {} is not used: ECR Public is global, its API in {PUBLIC_API_REGION}.",
            Visible(r)
        );
    }
    for alias in &spec.aliases {
        say!(
            "note: {} is the registry alias, not the account; the ARNs name account {}.",
            Visible(alias),
            spec.account
        );
    }
    let preset = input.preset.as_deref().unwrap_or("push");
    if find_public_preset(preset).is_some_and(|p| p.actions.is_empty()) {
        say!("note: {PUBLIC_PULL_NOTE}");
    }
    let name = output.name.unwrap_or_else(|| {
        PolicyName::from_parts(Some(&format!("public-{preset}")), &spec.repositories)
    });
    let mut text = render_public_as(&spec, output.format, &name, output.style);
    text.push('\n');
    deliver(args, &text)
}
