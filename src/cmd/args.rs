//! Command-line arguments and turning them into a spec (pure: nothing is printed here).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use super::values;
use crate::policy::audit::located::AuditOptions;
use crate::policy::audit::registry::RegistryScope;
use crate::policy::emit::format::{Format, PolicyName, render_as};
use crate::policy::emit::whole::render_spec_as;
use crate::policy::import::document::DocKind;
use crate::policy::import::merge::{Flags, first_grant_input};
use crate::policy::import::{Imported, Narrowing};
use crate::policy::spec::grants::PolicySpec;
use crate::policy::spec::model::{Field, FieldError, Spec, validate};
use crate::policy::spec::region::{find_partition, resolve_region};
use crate::policy::spec::validate::parse_account;
use crate::policy::{JsonStyle, render};

/// Writes AWS IAM identity-based policies for Amazon ECR.
#[derive(Debug, Parser)]
#[command(name = "ecr-policy", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Start the wizard with these values filled in.
    #[command(flatten)]
    pub prefill: SpecArgs,
    /// Start the wizard without mouse capture, so the terminal selects text (F7 toggles it).
    #[arg(long)]
    pub no_mouse: bool,
    /// `--from-cloudtrail` for the wizard.
    #[command(flatten)]
    pub trail: super::trail::WizardTrailArgs,
}

// Parsed once per run: the size of `generate`'s flags does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a policy for the given region, account, repositories and actions.
    Generate(GenerateArgs),
    /// List every region of every partition.
    Regions {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List every ECR action with its access level and what it is for.
    Actions {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List the recipes (who uses the policy: GitHub Actions, an ECS task, EKS…), one line
    /// each; `generate --recipe ID` writes one.
    Recipes {
        /// Print JSON: each recipe's documents, questions (flags), managed policy and sources.
        #[arg(long)]
        json: bool,
    },
    /// Check an existing policy document for mistakes (exit 0 clean, 1 findings, 2 unreadable).
    Check(CheckArgs),
    /// Print a shell completion script (see README, Install).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `ecr-policy man > ~/.local/share/man/man1/ecr-policy.1`.
    Man,
    /// Explain what a policy change grants and takes away (exit 0 no change, 1 changed,
    /// 2 unreadable).
    Diff(DiffArgs),
    /// Say whether a request is allowed and why, given the documents on its path (exit 0
    /// allowed, 1 denied or not decided, 2 unreadable).
    Explain(Box<super::explain::args::ExplainArgs>),
}

/// `ecr-policy diff`: the two versions of a policy and how to report.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The policy before: any input `check` reads (JSON, Terraform, CloudFormation/SAM, account
    /// dump), or - for standard input.
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The policy after.
    #[arg(value_name = "NEW")]
    pub new: String,
    /// The policy to compare when a file holds several: its Terraform address, CloudFormation/SAM
    /// logical ID, or ARN / role/NAME/POLICY in an account dump.
    #[arg(long, value_name = "ADDRESS")]
    pub policy: Option<String>,
    /// Output format: text or json.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "text")]
    pub format: DiffFormat,
    /// Exit 1 only when NEW allows something OLD did not (a review gate: narrowing passes).
    #[arg(long, value_enum, value_name = "WHAT")]
    pub fail_on: Option<FailOn>,
}

/// How `diff` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

/// What makes `diff` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    NewAccess,
}

/// `ecr-policy check`: which policy to read and how to report.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Policy JSON files (AWS CLI output such as {"PolicyVersion": {"Document": …}} is fine
    /// too), Terraform files, CloudFormation/SAM templates, account dumps
    /// (aws iam get-account-authorization-details), directories of them, or - for standard
    /// input.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<String>,
    /// Print the findings as JSON (same as --format json).
    #[arg(long)]
    pub json: bool,
    /// Output format: text, json, or sarif (SARIF 2.1.0 for code scanning).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ReportFormat>,
    /// Report only findings of this severity or higher: note, warning or error. The exit code
    /// follows what is reported.
    #[arg(long, value_enum, value_name = "SEVERITY", default_value = "note")]
    pub min_severity: MinSeverity,
    /// Skip files and directories matching this glob (e.g. '**/.terraform/**', 'test/*').
    /// Repeat for several.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// What a plain policy file is: identity, repository, registry (a registry policy, as
    /// `put-registry-policy` sets it) or trust (a role's trust policy). Terraform,
    /// `CloudFormation` and account dumps say it themselves (`aws_ecr_registry_policy`,
    /// `assume_role_policy`, `AssumeRolePolicyDocument`…); by default the text tells
    /// (`sts:AssumeRole*` with a Principal makes a trust policy, another Principal a repository
    /// policy).
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<PolicyKindArg>,
    /// The registry policy scope to judge registry policies by: v2 (the default: every ECR
    /// action in it is enforced) or v1 (only the three actions of replication and the
    /// pull-through cache are); see `aws ecr get-account-setting --name REGISTRY_POLICY_SCOPE`.
    #[arg(long, value_enum, value_name = "SCOPE", default_value = "v2")]
    pub registry_scope: RegistryScopeArg,
    /// `--usage`: compare with the calls in logs.
    #[command(flatten)]
    pub usage: super::usage::UsageArgs,
}

/// `check --kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PolicyKindArg {
    Identity,
    Repository,
    Registry,
    /// A role's trust policy (who may assume the role).
    Trust,
}

impl PolicyKindArg {
    /// The engine's kind.
    pub fn kind(self) -> DocKind {
        match self {
            PolicyKindArg::Identity => DocKind::Identity,
            PolicyKindArg::Repository => DocKind::Repository,
            PolicyKindArg::Registry => DocKind::Registry,
            PolicyKindArg::Trust => DocKind::Trust,
        }
    }
}

/// `check --registry-scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RegistryScopeArg {
    V1,
    V2,
}

impl RegistryScopeArg {
    /// The engine's scope.
    pub fn scope(self) -> RegistryScope {
        match self {
            RegistryScopeArg::V1 => RegistryScope::V1,
            RegistryScopeArg::V2 => RegistryScope::V2,
        }
    }
}

/// How `check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Sarif,
}

/// The lowest severity `check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MinSeverity {
    Note,
    Warning,
    Error,
}

impl CheckArgs {
    /// `--kind` and `--registry-scope` as the engine takes them.
    pub fn audit_options(&self) -> AuditOptions {
        AuditOptions {
            kind: self.kind.map(PolicyKindArg::kind),
            scope: self.registry_scope.scope(),
        }
    }

    /// The format asked for; `--json` is `--format json`.
    pub fn report_format(&self) -> ReportFormat {
        match (self.format, self.json) {
            (Some(f), _) => f,
            (None, true) => ReportFormat::Json,
            (None, false) => ReportFormat::Text,
        }
    }
}

/// What a policy is for; shared by `generate` and the wizard's prefill.
#[derive(Debug, Clone, Default, Args)]
pub struct SpecArgs {
    /// Region code (us-east-1, us-gov-west-1, cn-north-1, ...) or * for all regions.
    #[arg(long, global = true, value_parser = values::region(), hide_possible_values = true)]
    pub region: Option<String>,
    /// Account ID that owns the repositories: 12 digits (dashes and spaces are ignored).
    #[arg(long, global = true)]
    pub account: Option<String>,
    /// Repository name, pattern (team/*), image URI or repository ARN. Repeat for several.
    #[arg(
        long = "repo",
        value_name = "NAME",
        global = true,
        allow_hyphen_values = true
    )]
    pub repos: Vec<String>,
    /// Starting set of actions: pull, push, push-pull, push-pull-list, read-only, power-user,
    /// repo-admin, pull-through-cache (with --cache-prefix), replication (the destination's
    /// registry policy, with --principal and the source account ID), or none.
    #[arg(long, value_name = "PRESET", global = true, value_parser = values::preset(),
          hide_possible_values = true)]
    pub preset: Option<String>,
    /// Partition for region * (aws, aws-cn, aws-us-gov, ...); otherwise taken from the region.
    #[arg(long, global = true, value_parser = values::partition(), hide_possible_values = true)]
    pub partition: Option<String>,
    /// Only allow the repository actions on repositories tagged KEY=VALUE (condition
    /// ecr:ResourceTag/KEY). Repeat for several; all must match.
    #[arg(long = "require-tag", value_name = "KEY=VALUE", global = true)]
    pub require_tags: Vec<String>,
    /// Start from an existing policy (JSON file, or - for standard input). Each statement
    /// becomes grants with exactly its permissions, or is kept as written (listed with the
    /// reason). --region and --account narrow statements on "*" or on region/account patterns;
    /// the other flags edit the file's first grant (--repo and --require-tag add to it).
    #[arg(long, value_name = "FILE", global = true)]
    pub from: Option<String>,
    /// With --from: apply the listed fixes that grant more than the original (such as
    /// moving ecr:GetAuthorizationToken from a repository ARN, where it grants nothing, to "*").
    #[arg(long, global = true)]
    pub fix: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Add a grant: a preset (or none) on repositories of the same registry, e.g.
    /// pull:team/api,team/web. Repeat for several; --require-tag applies to each.
    #[arg(long = "grant", value_name = "PRESET:REPO[,REPO...]")]
    pub grants: Vec<String>,
    /// Exit 1 when the policy has warnings (they are printed either way).
    #[arg(long)]
    pub strict: bool,
    /// Also grant this action (ecr:ListImages or `ListImages`, any case). Repeat for several.
    #[arg(long = "action", value_name = "ACTION")]
    pub actions: Vec<String>,
    /// Print the policy on one line without whitespace (JSON only).
    #[arg(long)]
    pub compact: bool,
    /// Output format: json, terraform (tf), cloudformation (cfn, yaml) or aws-cli (cli, sh).
    #[arg(long, value_name = "FORMAT", default_value_t = Format::Json,
          value_parser = values::format(), hide_possible_values = true)]
    pub format: Format,
    /// IAM policy name for the terraform, cloudformation and aws-cli formats (default: from
    /// the preset and repositories, e.g. ecr-push-pull-list-my-app).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Write the policy to this file (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the --output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Who the policy is for, which document, and the other access paths.
    #[command(flatten)]
    pub access: super::access::AccessArgs,
    /// `--from-cloudtrail`: write the policy from the calls in logs.
    #[command(flatten)]
    pub trail: super::trail::TrailArgs,
    /// A recipe and its questions.
    #[command(flatten)]
    pub recipe: super::recipe::RecipeArgs,
}

impl GenerateArgs {
    /// The JSON layout asked for.
    pub fn style(&self) -> JsonStyle {
        if self.compact {
            JsonStyle::Compact
        } else {
            JsonStyle::Pretty
        }
    }

    /// Checks `--format`, `--compact` and `--name` together; returns every problem.
    pub fn output_options(&self) -> Result<OutputOptions, Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.compact && self.format != Format::Json {
            errors.push(FieldError::new(
                Field::Format,
                self.format.id(),
                "does not take --compact: only the JSON policy has a one-line form; drop \
                 --compact or use --format json",
            ));
        }
        let name = match self.name.as_deref().map(PolicyName::parse).transpose() {
            Ok(n) => n,
            Err(e) => {
                errors.push(e);
                None
            }
        };
        if errors.is_empty() {
            Ok(OutputOptions {
                format: self.format,
                style: self.style(),
                name,
            })
        } else {
            Err(errors)
        }
    }
}

/// `generate`'s checked output options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputOptions {
    pub format: Format,
    pub style: JsonStyle,
    /// The policy name given, if any; otherwise one is derived from the spec.
    pub name: Option<PolicyName>,
}

impl OutputOptions {
    /// The whole policy's text (several grants, kept statements), without a trailing newline.
    /// One grant and nothing else is exactly [`OutputOptions::render`].
    pub fn render_policy(&self, policy: &PolicySpec) -> String {
        render_spec_as(policy, self.format, self.style, self.name.as_ref())
    }

    /// The text to print or save, without a trailing newline.
    pub fn render(&self, spec: &Spec) -> String {
        match self.format {
            Format::Json => render(spec, self.style),
            format => {
                let name = self
                    .name
                    .clone()
                    .unwrap_or_else(|| PolicyName::default_for(spec));
                render_as(spec, format, &name)
            }
        }
    }
}

impl SpecArgs {
    /// The flags as the engine's "file + flags" input; `actions` and `grants` come from
    /// `generate` (the wizard has neither).
    pub fn flags(&self, actions: &[String], grants: &[String]) -> Flags {
        Flags {
            region: self.region.clone(),
            partition: self.partition.clone(),
            account: self.account.clone(),
            repos: self.repos.clone(),
            preset: self.preset.clone(),
            actions: actions.to_vec(),
            tags: self.require_tags.clone(),
            grants: grants.to_vec(),
        }
    }

    /// Where `--region`, `--partition` and `--account` narrow an imported policy's `"*"` and
    /// pattern statements (invalid values narrow nothing; validation reports them).
    pub fn narrowing(&self) -> Narrowing {
        let region = self
            .region
            .as_deref()
            .filter(|r| r.trim() != "*")
            .and_then(|r| resolve_region(r, self.partition.as_deref()).ok());
        Narrowing {
            partition: self
                .partition
                .as_deref()
                .and_then(find_partition)
                .map(|p| p.arn),
            region,
            account: self.account.as_deref().and_then(|a| parse_account(a).ok()),
        }
    }
}

/// Validates arguments into a spec, collecting every problem with every field (one grant:
/// the flags alone, or the file's first grant with the flags laid over it).
pub fn spec_from_args(
    spec: &SpecArgs,
    extra_actions: &[String],
    imported: Option<&Imported>,
) -> Result<Spec, Vec<FieldError>> {
    let (input, mut errors) = first_grant_input(&spec.flags(extra_actions, &[]), imported);
    match validate(&input) {
        Ok(s) if errors.is_empty() => Ok(s),
        Ok(_) => Err(errors),
        Err(more) => {
            let had_action_errors = !errors.is_empty();
            errors.extend(more.into_iter().filter(|e| {
                !(had_action_errors && e.field == Field::Action && e.value.is_empty())
            }));
            Err(errors)
        }
    }
}
