//! Command-line arguments and turning them into a spec (pure: nothing is printed here).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::policy::emit::format::{Format, PolicyName, render_as};
use crate::policy::import::Imported;
use crate::policy::spec::catalog::{ActionSet, find_action, suggest_actions};
use crate::policy::spec::model::{Field, FieldError, Spec, SpecInput, validate};
use crate::policy::spec::tasks::{DEFAULT_PRESET, PRESETS, find_preset};
use crate::policy::{JsonStyle, render};

const EXAMPLES: &str = "\
Examples:
  ecr-policy                                   open the wizard
  ecr-policy --region eu-west-1 --account 123456789012 --repo my-app
                                               open the wizard with these filled in
  ecr-policy generate --region us-east-1 --account 123456789012 --repo my-app
  ecr-policy generate --region us-gov-west-1 --account 1234-5678-9012 \\
      --repo team/api --repo team/worker --preset pull
  ecr-policy generate --repo 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:latest \\
      --preset push --action ecr:ListImages --output policy.json
  ecr-policy generate --region '*' --partition aws-cn --account 123456789012 --repo 'team/*' --preset pull
  ecr-policy generate --region us-east-1 --account 123456789012 --repo my-app \\
      --format terraform --name ci-push --output ecr.tf
  ecr-policy regions --json
  ecr-policy actions";

/// Writes AWS IAM identity-based policies for Amazon ECR.
#[derive(Debug, Parser)]
#[command(name = "ecr-policy", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Start the wizard with these values filled in.
    #[command(flatten)]
    pub prefill: SpecArgs,
    /// Start the wizard without mouse capture, so the terminal selects text (F7 toggles it).
    #[arg(long)]
    pub no_mouse: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a policy for the given region, account, repositories and actions.
    #[command(after_help = EXAMPLES)]
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
    /// Check an existing policy document for mistakes (exit 0 clean, 1 findings, 2 unreadable).
    Check(CheckArgs),
}

/// `ecr-policy check`: which policy to read and how to report.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The policy JSON file, or - for standard input. AWS CLI output
    /// ({"PolicyVersion": {"Document": …}} and the like) is fine too.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
}

/// What a policy is for; shared by `generate` and the wizard's prefill.
#[derive(Debug, Clone, Default, Args)]
pub struct SpecArgs {
    /// Region code (us-east-1, us-gov-west-1, cn-north-1, ...) or * for all regions.
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Account ID that owns the repositories: 12 digits (dashes and spaces are ignored).
    #[arg(long, global = true)]
    pub account: Option<String>,
    /// Repository name, pattern (team/*), image URI or repository ARN. Repeat for several.
    #[arg(long = "repo", value_name = "NAME", global = true)]
    pub repos: Vec<String>,
    /// Starting set of actions: pull, push, push-pull, push-pull-list, read-only, power-user,
    /// repo-admin, or none.
    #[arg(long, value_name = "PRESET", global = true)]
    pub preset: Option<String>,
    /// Partition for region * (aws, aws-cn, aws-us-gov, ...); otherwise taken from the region.
    #[arg(long, global = true)]
    pub partition: Option<String>,
    /// Only allow the repository actions on repositories tagged KEY=VALUE (condition
    /// ecr:ResourceTag/KEY). Repeat for several; all must match.
    #[arg(long = "require-tag", value_name = "KEY=VALUE", global = true)]
    pub require_tags: Vec<String>,
    /// Start from an existing policy (JSON file, or - for standard input): its region,
    /// account, repositories, actions and tag condition. Flags given here win over the file;
    /// --repo and --require-tag add to it. What cannot be carried over is listed.
    #[arg(long, value_name = "FILE", global = true)]
    pub from: Option<String>,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Also grant this action (ecr:ListImages or `ListImages`, any case). Repeat for several.
    #[arg(long = "action", value_name = "ACTION")]
    pub actions: Vec<String>,
    /// Print the policy on one line without whitespace (JSON only).
    #[arg(long)]
    pub compact: bool,
    /// Output format: json, terraform (tf), cloudformation (cfn, yaml) or aws-cli (cli, sh).
    #[arg(long, value_name = "FORMAT", default_value_t = Format::Json)]
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

/// The action set a preset name (default `push-pull-list`, or `none`) stands for.
pub fn preset_actions(preset: Option<&str>) -> Result<ActionSet, FieldError> {
    let id = preset.map_or(DEFAULT_PRESET, str::trim);
    if id.eq_ignore_ascii_case("none") {
        return Ok(ActionSet::EMPTY);
    }
    find_preset(id)
        .map(crate::policy::spec::tasks::Preset::set)
        .ok_or_else(|| {
            let ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
            FieldError::new(
                Field::Preset,
                id,
                format!("is not a preset; use one of {}, or none", ids.join(", ")),
            )
        })
}

/// Turns arguments into engine input, with any unknown presets and actions. With an imported
/// policy, its values fill what the arguments leave out (and its actions stand in for the
/// default preset); repositories and tags add up.
pub fn spec_input(
    spec: &SpecArgs,
    extra_actions: &[String],
    imported: Option<&Imported>,
) -> (SpecInput, Vec<FieldError>) {
    let mut errors = Vec::new();
    let mut actions = match (imported, spec.preset.as_deref()) {
        (Some(im), None) => im.actions,
        (_, preset) => preset_actions(preset).unwrap_or_else(|e| {
            errors.push(e);
            ActionSet::EMPTY
        }),
    };
    for name in extra_actions {
        match find_action(name) {
            Some(a) => actions.insert(a),
            None => errors.push(unknown_action(name)),
        }
    }
    let mut input = SpecInput {
        region: spec.region.clone(),
        partition: spec.partition.clone(),
        account: spec.account.clone(),
        repositories: spec.repos.clone(),
        actions,
        tags: spec.require_tags.clone(),
    };
    if let Some(im) = imported {
        let from_file = im.spec_input();
        if input.region.is_none() {
            input.region = from_file.region;
            input.partition = input.partition.or(from_file.partition);
        }
        input.account = input.account.or(from_file.account);
        input.repositories = [from_file.repositories, input.repositories].concat();
        input.tags = [from_file.tags, input.tags].concat();
    }
    (input, errors)
}

/// Validates arguments into a spec, collecting every problem with every field.
pub fn spec_from_args(
    spec: &SpecArgs,
    extra_actions: &[String],
    imported: Option<&Imported>,
) -> Result<Spec, Vec<FieldError>> {
    let (input, mut errors) = spec_input(spec, extra_actions, imported);
    match validate(&input) {
        Ok(s) if errors.is_empty() => Ok(s),
        Ok(_) => Err(errors),
        Err(more) => {
            // "no actions selected" only repeats an unknown preset or action already reported.
            let had_action_errors = !errors.is_empty();
            errors.extend(more.into_iter().filter(|e| {
                !(had_action_errors && e.field == Field::Action && e.value.is_empty())
            }));
            Err(errors)
        }
    }
}

fn unknown_action(name: &str) -> FieldError {
    let service = name.trim().split_once(':').map(|(s, _)| s);
    let message = match service {
        Some(s) if !s.eq_ignore_ascii_case("ecr") => {
            format!("belongs to service {s:?}; this tool writes ECR (ecr:) actions only")
        }
        _ => {
            let near = suggest_actions(name);
            if near.is_empty() {
                "is not an ECR action; run `ecr-policy actions` for the list".to_string()
            } else {
                format!("is not an ECR action; did you mean {}?", near.join(", "))
            }
        }
    };
    FieldError::new(Field::Action, name, message)
}
