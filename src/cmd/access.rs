//! `generate`'s access paths: `--principal`/`--principal-org` with `--document identity|repository`,
//! the pull-through-cache preset, and `--from-error` (in `from_error.rs`).

use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::args::{GenerateArgs, SpecArgs, spec_from_args};
use super::generate::deliver;
use super::{load_import, report_input_errors};
use crate::policy::audit::lint;
use crate::policy::emit::format::{Format, RepositoryPlace, render_repository_as};
use crate::policy::emit::render::JsonStyle;
use crate::policy::emit::repository_policy::{
    RepositoryTarget, build_repository_policy, check_repository_policy_size,
    render_repository_policy,
};
use crate::policy::spec::cache::{
    PULL_THROUGH_CACHE, cache_repositories, pull_through_cache_actions,
};
use crate::policy::spec::principal::{
    Principal, parse_org_id, parse_principal, parse_source_arn, placement,
};
use crate::policy::spec::tasks::preset_matching;
use crate::policy::{FieldError, Severity, Spec};

/// Which of the two documents of an access path to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocumentKind {
    /// The identity policy, attached to the role or user that makes the requests.
    Identity,
    /// The repository policy, set on each repository by the registry account.
    Repository,
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
    /// (lambda.amazonaws.com, codebuild.amazonaws.com).
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
    /// Which document to write: identity (default; attached to the role or user) or
    /// repository (set on each repository by the registry account).
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
            || spec
                .preset
                .as_deref()
                .is_some_and(|p| p.trim().eq_ignore_ascii_case(PULL_THROUGH_CACHE))
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
    if a.registry == Some(RegistryKind::Public) {
        return super::public::run(spec_args, args);
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
    if let Err(e) = apply_cache_preset(&mut plan, a.cache_prefix.as_deref()) {
        return report_input_errors(&[e]);
    }
    let imported = match load_import(&plan.spec) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let spec = match spec_from_args(&plan.spec, &plan.actions, imported.as_ref().map(|i| &i.0)) {
        Ok(s) => s,
        Err(errors) => return report_input_errors(&errors),
    };
    let principal = match resolve_principal(plan.principal.as_deref(), a, &spec) {
        Ok(p) => p,
        Err(e) => return report_input_errors(&[e]),
    };
    let document = match (plan.document, &principal) {
        (Some(d), _) => d,
        (None, Some(p @ Principal::Service { .. })) => {
            eprintln!(
                "note: {}",
                placement(p, &spec.account, &spec.repositories).0
            );
            DocumentKind::Repository
        }
        (None, _) => DocumentKind::Identity,
    };
    let text = match (document, principal) {
        (DocumentKind::Identity, p) => identity(&spec, p.as_ref(), args),
        (DocumentKind::Repository, Some(p)) => repository(&spec, &p, args),
        (DocumentKind::Repository, None) => Err(vec![FieldError::new(
            crate::policy::Field::Principal,
            "",
            "is missing: --document repository needs --principal or --principal-org (who \
             the repository policy allows)",
        )]),
    };
    match text {
        Ok(mut t) => {
            t.push('\n');
            deliver(args, &t)
        }
        Err(errors) => report_input_errors(&errors),
    }
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
/// against the registry's partition.
fn resolve_principal(
    raw: Option<&str>,
    a: &AccessArgs,
    spec: &Spec,
) -> Result<Option<Principal>, FieldError> {
    if let Some(org) = &a.principal_org {
        return parse_org_id(org).map(|o| Some(Principal::Organization(o)));
    }
    let Some(raw) = raw else { return Ok(None) };
    let mut p = parse_principal(raw)?;
    let registry = spec.partition().arn;
    match &mut p {
        Principal::Arn { partition, .. } if partition != registry => {
            return Err(FieldError::new(
                crate::policy::Field::Principal,
                raw,
                format!(
                    "is in partition {partition}, the repositories in {registry}; a policy \
                     cannot reach across partitions"
                ),
            ));
        }
        Principal::Service {
            service,
            source_arn,
        } => {
            if let Some(given) = &a.source_arn {
                *source_arn = Some(parse_source_arn(service, given)?);
            }
        }
        _ => {}
    }
    Ok(Some(p))
}

fn identity(
    spec: &Spec,
    principal: Option<&Principal>,
    args: &GenerateArgs,
) -> Result<String, Vec<FieldError>> {
    if let Some(p @ Principal::Service { service, .. }) = principal {
        return Err(vec![FieldError::new(
            crate::policy::Field::Principal,
            service.principal,
            format!(
                "has no identity policy: {} Write the repository policy with --document \
                 repository.",
                placement(p, &spec.account, &spec.repositories).0
            ),
        )]);
    }
    let output = args.output_options()?;
    let text = output.render(spec);
    let findings = if output.format == Format::Json {
        lint::lint_with_text(spec, &text)
    } else {
        lint::lint(spec)
    };
    for f in findings {
        if f.severity != Severity::Info || std::env::var_os("ECR_POLICY_VERBOSE").is_some() {
            eprintln!("{f}");
        }
    }
    if let Some(p) = principal {
        let (identity, repository) = placement(p, &spec.account, &spec.repositories);
        eprintln!("note: {identity}");
        if p.needs_repository_policy(&spec.account) {
            eprintln!(
                "note: the repositories are in account {}, so a repository policy must also \
                 allow this. {repository} Write it with:\n  {}",
                spec.account,
                repository_command(spec, p)
            );
        }
    }
    Ok(text)
}

fn repository(
    spec: &Spec,
    principal: &Principal,
    args: &GenerateArgs,
) -> Result<String, Vec<FieldError>> {
    let target = RepositoryTarget {
        partition: spec.partition().arn,
        region: &spec.region.code,
        account: &spec.account,
        actions: spec.actions,
    };
    let policy = build_repository_policy(target, principal).map_err(|e| vec![e])?;
    check_repository_policy_size(&policy).map_err(|e| vec![e])?;
    if !policy.left_to_identity.is_empty() {
        eprintln!(
            "note: left out of the repository policy, which cannot hold them: {} (they only \
             work in the identity policy, on \"*\")",
            names(policy.left_to_identity)
        );
    }
    if !policy.not_for_service.is_empty() {
        eprintln!(
            "note: left out, not used by the service: {}",
            names(policy.not_for_service)
        );
    }
    if !spec.tags.is_empty() {
        eprintln!(
            "note: --require-tag limits the identity policy only; a repository policy is set on \
             each repository itself"
        );
    }
    let (identity, repository) = placement(principal, &spec.account, &spec.repositories);
    eprintln!("note: {repository}");
    if principal.needs_identity_policy() && principal.needs_repository_policy(&spec.account) {
        eprintln!("note: the identity policy is needed too. {identity}");
    }
    if args.compact && args.format == Format::Json {
        return Ok(render_repository_policy(&policy, JsonStyle::Compact));
    }
    let output = args.output_options()?;
    let place = RepositoryPlace {
        region: &spec.region.code,
        account: &spec.account,
        repositories: &spec.repositories,
    };
    render_repository_as(&policy, output.format, place).map_err(|e| vec![e])
}

fn names(set: crate::policy::ActionSet) -> String {
    set.iter()
        .map(crate::policy::ActionId::qualified)
        .collect::<Vec<_>>()
        .join(", ")
}

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
    match principal {
        Principal::Arn { arn, .. } => words.push(format!("--principal {arn}")),
        Principal::Account(a) => words.push(format!("--principal {a}")),
        Principal::Organization(o) => words.push(format!("--principal-org {o}")),
        Principal::Service {
            service,
            source_arn,
        } => {
            words.push(format!("--principal {}", service.principal));
            if let Some(s) = source_arn {
                words.push(format!("--source-arn {}", shell_word(s)));
            }
        }
    }
    words.push("--document repository".to_string());
    words.join(" ")
}

/// A word the shell reads back as itself: plain when inert, single-quoted otherwise.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@=+,".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}
