//! `generate`'s access paths: `--principal`/`--principal-org` with `--document
//! identity|repository|registry`, the pull-through-cache and replication presets, and
//! `--from-error` (in `from_error.rs`).

use std::process::ExitCode;

use clap::{Args, ValueEnum};

use std::fmt::Write as _;

use super::access_command::{
    names, registry_command, repository_command, whole_repository_command,
};
use super::args::{GenerateArgs, SpecArgs};
use super::generate::{finish, identity_text, whole_policy};
use super::report_input_errors;
use crate::adapters::stdio;
use crate::policy::emit::format::shell_word;
use crate::policy::emit::registry_docs::{
    needs_registry_policy, registry_documents, registry_placement,
};
use crate::policy::emit::repository_docs::repository_documents;
use crate::policy::spec::cache::{
    PULL_THROUGH_CACHE, cache_repositories, pull_through_cache_actions,
};
use crate::policy::spec::grants::PolicySpec;
use crate::policy::spec::principal::{
    Principal, check_source_region, list_names, parse_org_id, parse_principal, parse_source_arn,
    placement,
};
use crate::policy::spec::tasks::REPLICATION;
use crate::policy::spec::validate::is_wildcard;
use crate::policy::{FieldError, Spec};
use crate::say;

/// Which of the two documents of an access path to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocumentKind {
    /// The identity policy, attached to the role or user that makes the requests.
    Identity,
    /// The repository policy, set on each repository by the registry account.
    Repository,
    /// The registry policy, set on the registry (per region) by the registry account: for
    /// cross-account replication (the source account) and a cross-account pull-through cache.
    Registry,
    /// With --recipe: the role's trust policy (who may assume the role).
    Trust,
}

/// Which registry the policy is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RegistryKind {
    /// Amazon ECR private registries.
    Private,
    /// Amazon ECR Public (`public.ecr.aws`).
    Public,
}

/// Flags for who the policy is for and which document to write.
#[derive(Debug, Clone, Default, Args)]
pub struct AccessArgs {
    /// Who uses the repositories when it is not the registry account itself: a role or user ARN
    /// (`arn:aws:iam::222233334444:role/ci`), an account ID (its root), or a service principal
    /// (lambda.amazonaws.com, codebuild.amazonaws.com). With --from-cloudtrail: the caller whose
    /// calls the policy allows (a session ARN means its role).
    #[arg(long, value_name = "PRINCIPAL", conflicts_with = "principal_org")]
    pub principal: Option<String>,
    /// Every account of an AWS Organizations organisation (o-…): principal * limited by
    /// aws:PrincipalOrgID.
    #[arg(long, value_name = "ORG_ID")]
    pub principal_org: Option<String>,
    /// For a service principal: the function or project allowed (aws:sourceArn); default every
    /// one in the registry's account and region.
    #[arg(long, value_name = "ARN", requires = "principal")]
    pub source_arn: Option<String>,
    /// Which document to write: identity (default; attached to the role or user), repository
    /// (set on each repository by the registry account), registry (set on the registry:
    /// replication from another account, a cross-account pull-through cache) or, with
    /// --recipe, trust (the role's trust policy).
    #[arg(long, value_enum, value_name = "DOCUMENT")]
    pub document: Option<DocumentKind>,
    /// private (default: Amazon ECR) or public (Amazon ECR Public, public.ecr.aws).
    #[arg(long, value_enum, value_name = "REGISTRY")]
    pub registry: Option<RegistryKind>,
    /// With --preset pull-through-cache: the cache rule's repository prefix (docker-hub,
    /// ecr-public, quay, ... or ROOT).
    #[arg(long, value_name = "PREFIX")]
    pub cache_prefix: Option<String>,
    /// Explain an access-denied message (the text, or - for standard input) and write the
    /// policy that fixes it.
    #[arg(long, value_name = "TEXT")]
    pub from_error: Option<String>,
}

impl AccessArgs {
    /// Whether `generate` takes this path rather than the plain identity policy.
    pub fn is_active(&self, spec: &SpecArgs) -> bool {
        self.principal.is_some()
            || self.principal_org.is_some()
            || self.document.is_some()
            || self.cache_prefix.is_some()
            || self.from_error.is_some()
            || self.registry == Some(RegistryKind::Public)
            || spec.preset.as_deref().is_some_and(|p| {
                let p = p.trim();
                p.eq_ignore_ascii_case(PULL_THROUGH_CACHE) || p.eq_ignore_ascii_case(REPLICATION)
            })
    }
}

/// What `--from-error` (or the flags) decided before the spec is built.
#[derive(Debug, Clone, Default)]
pub(super) struct Plan {
    pub spec: SpecArgs,
    pub actions: Vec<String>,
    pub principal: Option<String>,
    pub document: Option<DocumentKind>,
}

/// Runs `generate` with the access flags.
pub fn run(spec_args: &SpecArgs, args: &GenerateArgs) -> ExitCode {
    let a = &args.access;
    if a.document == Some(DocumentKind::Trust) {
        return report_input_errors(&[FieldError::new(
            crate::policy::Field::Recipe,
            "",
            "is missing: --document trust writes a recipe's trust policy; give --recipe              (ecr-policy recipes lists them)",
        )]);
    }
    if a.registry == Some(RegistryKind::Public) {
        return super::public::run(spec_args, args);
    }
    if a.from_error.is_some() {
        let errors = alone_with_from_error(spec_args, args);
        for e in &errors {
            stdio::error(e);
        }
        if !errors.is_empty() {
            return ExitCode::from(super::EXIT_INPUT);
        }
    }
    let mut plan = Plan {
        spec: spec_args.clone(),
        actions: args.actions.clone(),
        principal: a.principal.clone(),
        document: a.document,
    };
    if let Some(raw) = &a.from_error
        && let Err(code) = super::from_error::apply(raw, &mut plan)
    {
        return code;
    }
    // A registry policy without a preset is replication's (the cache names its own).
    if plan.document == Some(DocumentKind::Registry)
        && plan.spec.preset.is_none()
        && plan.actions.is_empty()
        && a.cache_prefix.is_none()
    {
        plan.spec.preset = Some(REPLICATION.to_string());
    }
    if let Err(e) = apply_cache_preset(&mut plan, a.cache_prefix.as_deref()) {
        return report_input_errors(&[e]);
    }
    let policy = match whole_policy(&plan.spec, &plan.actions, &args.grants) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let principal = match resolve_principal(plan.principal.as_deref(), a, &policy.grants) {
        Ok(p) => p,
        Err(e) => return report_input_errors(&[e]),
    };
    let (account, repositories) = policy
        .grants
        .first()
        .map_or((String::new(), Vec::new()), |g| {
            (g.account.clone(), g.repositories.clone())
        });
    let replication = policy.grants.iter().any(|g| {
        g.actions
            .contains_any(crate::policy::ActionSet::of(&["ReplicateImage"]))
    });
    let document = match (plan.document, &principal) {
        (Some(d), _) => d,
        (None, _) if replication => DocumentKind::Registry,
        (None, Some(p @ Principal::Service { .. })) => {
            say!("note: {}", placement(p, &account, &repositories).0);
            DocumentKind::Repository
        }
        (None, _) => DocumentKind::Identity,
    };
    if replication && document != DocumentKind::Registry {
        return report_input_errors(&[FieldError::new(
            crate::policy::Field::Action,
            "ecr:ReplicateImage",
            "is written only in the destination's registry policy (--document registry): ECR \
             replicates with the source registry's service-linked role, so no role needs it in \
             an identity policy and no repository policy can hold it for repositories that do \
             not exist yet",
        )]);
    }
    match (document, principal) {
        (DocumentKind::Identity, p) => identity(&policy, p.as_ref(), &plan, args),
        (DocumentKind::Repository, Some(p)) => super::access_repository::run(&policy, &p, args),
        (DocumentKind::Registry, Some(p)) => super::access_registry::run(&policy, &p, args),
        (DocumentKind::Repository, None) => report_input_errors(&[FieldError::new(
            crate::policy::Field::Principal,
            "",
            "is missing: --document repository needs --principal or --principal-org (who \
             the repository policy allows)",
        )]),
        // Refused at the start: a trust policy is a recipe's.
        (DocumentKind::Trust, _) => ExitCode::from(super::EXIT_INPUT),
        (DocumentKind::Registry, None) => report_input_errors(&[FieldError::new(
            crate::policy::Field::Principal,
            "",
            "is missing: --document registry needs --principal (the source account for \
             replication, or who pulls through the cache) or --principal-org",
        )]),
    }
}

/// `--from-error` writes the fix for one message, on its own: an extra `--grant` or a `--from`
/// file would be dropped whenever the message has no fix to write, and `--from` would have its
/// first statement's registry and actions replaced by the fix's. Returns the error lines.
fn alone_with_from_error(spec_args: &SpecArgs, args: &GenerateArgs) -> Vec<String> {
    let mut errors = Vec::new();
    if !args.grants.is_empty() {
        errors.push(format!(
            "{} cannot go with --from-error: --from-error writes the fix for the one \
             message (or only explains it); run generate with --from-error alone, then with the \
             --grant flags",
            grant_words(&args.grants)
        ));
    }
    if let Some(file) = &spec_args.from {
        errors.push(format!(
            "--from {} cannot go with --from-error: the fix would replace the registry and \
             actions of the file's first statement; run generate with --from-error alone and \
             add what it writes to the policy",
            shell_word(file)
        ));
    }
    errors
}

/// `--grant A --grant B`, each value one shell word.
pub(super) fn grant_words(grants: &[String]) -> String {
    grants
        .iter()
        .map(|g| format!("--grant {}", shell_word(g)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `--preset pull-through-cache`: its actions, on the cache rule's repositories.
fn apply_cache_preset(plan: &mut Plan, prefix: Option<&str>) -> Result<(), FieldError> {
    let preset = plan.spec.preset.as_deref().map(str::trim);
    let is_cache = preset.is_some_and(|p| p.eq_ignore_ascii_case(PULL_THROUGH_CACHE));
    match (is_cache, prefix) {
        (true, Some(prefix)) => {
            plan.spec.repos.push(cache_repositories(prefix)?);
        }
        (true, None) if plan.spec.repos.is_empty() => {
            return Err(FieldError::new(
                crate::policy::Field::Repository,
                "",
                "none given: --preset pull-through-cache needs --cache-prefix, the cache \
                 rule's repository prefix (e.g. docker-hub, ecr-public, quay)",
            ));
        }
        (true, None) => {}
        (false, Some(p)) => {
            return Err(FieldError::new(
                crate::policy::Field::Preset,
                p,
                "--cache-prefix goes with --preset pull-through-cache",
            ));
        }
        (false, None) => return Ok(()),
    }
    plan.spec.preset = Some("none".to_string());
    for a in pull_through_cache_actions().iter() {
        plan.actions.push(a.info().name.to_string());
    }
    Ok(())
}

/// The principal from `--principal` (with `--source-arn`) or `--principal-org`, checked
/// against the partition of every grant's registry.
fn resolve_principal(
    raw: Option<&str>,
    a: &AccessArgs,
    grants: &[Spec],
) -> Result<Option<Principal>, FieldError> {
    if let Some(org) = &a.principal_org {
        return parse_org_id(org).map(|o| Some(Principal::Organization(o)));
    }
    let Some(raw) = raw else { return Ok(None) };
    let mut p = parse_principal(raw)?;
    match &mut p {
        Principal::Arn { partition, .. } => {
            if let Some(registry) = grants
                .iter()
                .map(|g| g.partition().arn)
                .find(|r| r != partition)
            {
                return Err(FieldError::new(
                    crate::policy::Field::Principal,
                    raw,
                    format!(
                        "is in partition {partition}, the repositories in {registry}; a policy \
                         cannot reach across partitions"
                    ),
                ));
            }
        }
        Principal::Service {
            service,
            source_arn,
        } => {
            if let Some(given) = &a.source_arn {
                let arn = parse_source_arn(service, given)?;
                for g in grants {
                    check_source_region(service, &arn, &g.region.code)?;
                }
                *source_arn = Some(arn);
            }
        }
        _ => {}
    }
    Ok(Some(p))
}

/// The whole identity policy, exactly as `generate` without the access flags writes it, then
/// where it goes and the command for the repository policies it also needs.
fn identity(
    policy: &PolicySpec,
    principal: Option<&Principal>,
    plan: &Plan,
    args: &GenerateArgs,
) -> ExitCode {
    if let Some(p @ Principal::Service { service, .. }) = principal {
        let (account, repositories) = policy
            .grants
            .first()
            .map_or(("", &[][..]), |g| (g.account.as_str(), &g.repositories[..]));
        return report_input_errors(&[FieldError::new(
            crate::policy::Field::Principal,
            service.principal,
            format!(
                "has no identity policy: {} Write the repository policy with --document \
                 repository.",
                placement(p, account, repositories).0
            ),
        )]);
    }
    let (text, warnings) = match identity_text(policy, args) {
        Ok(t) => t,
        Err(code) => return code,
    };
    if let Some(p) = principal {
        identity_notes(policy, p, plan, args);
    }
    finish(args, &text, warnings)
}

/// Where the identity policy goes and, when the registry account must also allow the access,
/// where each repository policy goes and the command that writes them.
fn identity_notes(policy: &PolicySpec, p: &Principal, plan: &Plan, args: &GenerateArgs) {
    let Some(first) = policy.grants.first() else {
        return;
    };
    let (identity, repository) = placement(p, &first.account, &first.repositories);
    say!("note: {identity}");
    let docs = repository_documents(&policy.grants, p);
    let command = match policy.grants.as_slice() {
        [one] => repository_command(one, p),
        _ if plan.spec.from.as_deref() == Some("-") => format!(
            "{} (with the same standard input)",
            whole_repository_command(plan, args, p, &docs)
        ),
        _ => whole_repository_command(plan, args, p, &docs),
    };
    match docs.as_slice() {
        // One grant without repository names (or repository actions): as it always was.
        [] if policy.grants.len() == 1
            && p.needs_repository_policy(&first.account)
            && !needs_registry_policy(first) =>
        {
            say!(
                "note: the repositories are in account {}, so a repository policy must also \
                 allow this. {repository} Write it with:\n  {command}",
                first.account
            );
        }
        [] => {}
        [doc] => say!(
            "note: the repositories are in account {}, so a repository policy must also allow \
             this. {} Write it with:\n  {command}",
            doc.account,
            placement(p, &doc.account, &doc.repositories).1
        ),
        _ => {
            let mut accounts: Vec<&str> = Vec::new();
            for d in &docs {
                if !accounts.contains(&d.account.as_str()) {
                    accounts.push(&d.account);
                }
            }
            let mut text = format!(
                "note: the repositories are in account {}, so repository policies must also \
                 allow this, one per set of repositories given the same actions:",
                accounts.join(" and ")
            );
            for d in &docs {
                let place = placement(p, &d.account, &d.repositories).1;
                let _ = write!(
                    text,
                    "\n  {} ({})",
                    place.trim_end_matches('.'),
                    names(d.actions)
                );
            }
            if docs
                .iter()
                .any(|d| d.repositories.iter().any(|r| is_wildcard(r)))
            {
                // Only JSON takes a pattern, and JSON holds one document: one command each.
                text.push_str("\nWrite each with:");
                for d in &docs {
                    let _ = write!(text, "\n  {}", repository_command(&d.as_spec(), p));
                }
            } else {
                let _ = write!(text, "\nWrite them with:\n  {command}");
            }
            say!("{text}");
        }
    }
    // The cache's repositories appear on the first pull: only the registry policy can let
    // another account create and import them.
    for doc in registry_documents(&policy.grants, p, true) {
        say!(
            "note: the cache's repositories ({}) do not exist before the first pull, so no \
             repository policy can be set on them, and AWS grants ecr:CreateRepository across \
             accounts only in the registry policy. {} Write it with:\n  {}",
            list_names(&doc.repositories),
            registry_placement(&doc),
            registry_command(&doc, p)
        );
    }
}
