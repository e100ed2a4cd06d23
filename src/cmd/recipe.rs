//! `generate --recipe NAME`: start from who uses the policy. The recipe's questions come as
//! flags (each refused with its flag and what it is when missing or not the recipe's), the
//! identity policy goes through the same path as `generate`, and one document is written per
//! run (`--document identity|trust|repository`, the recipe's first by default) while the notes
//! give the command for each other one, the next step and the AWS managed policy that fits.
//! Also `ecr-policy recipes`, the list.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use super::access::{DocumentKind, RegistryKind};
use super::access_command::flag;
use super::args::{GenerateArgs, SpecArgs};
use super::generate::{finish, identity_text, whole_policy};
use super::report_input_errors;
use crate::policy::recipes::answers::parse_role_name;
use crate::policy::recipes::plan::{documents_of_workload, field_of};
use crate::policy::recipes::{
    Answers, Question, RECIPES, RawAnswers, Recipe, RecipeDocument, RecipePlan, check_answers,
    check_with_registry, default_role_name, find_recipe, plan,
};
use crate::policy::spec::error::{Field, FieldError};
use crate::policy::visible::Visible;
use crate::say;

/// The recipe and its questions (`generate`'s own flags).
#[derive(Debug, Clone, Default, Args)]
pub struct RecipeArgs {
    /// Start from who uses the policy (`ecr-policy recipes` lists them): writes the recipe's
    /// identity, trust and repository policies, one per run (--document), and says the next
    /// step.
    #[arg(long, value_name = "RECIPE")]
    pub recipe: Option<String>,
    /// The GitHub repository whose workflows may assume the role: ORG/REPO, or
    /// ORG@OWNER-ID/REPO@REPO-ID (repositories created after 15 July 2026).
    #[arg(long, value_name = "ORG/REPO")]
    pub github_repo: Option<String>,
    /// The branch or tag whose workflow runs may assume the role (default refs/heads/main).
    #[arg(long, value_name = "REF", conflicts_with = "github_environment")]
    pub github_ref: Option<String>,
    /// The deployment environment whose jobs may assume the role (instead of a ref).
    #[arg(long, value_name = "ENV")]
    pub github_environment: Option<String>,
    /// The GitLab project whose pipelines may assume the role: GROUP/PROJECT.
    #[arg(long, value_name = "GROUP/PROJECT")]
    pub gitlab_project: Option<String>,
    /// The GitLab branch (or refs/tags/TAG) whose pipelines may assume the role (default main).
    #[arg(long, value_name = "REF")]
    pub gitlab_ref: Option<String>,
    /// The GitLab instance (default gitlab.com).
    #[arg(long, value_name = "HOST")]
    pub gitlab_host: Option<String>,
    /// The EKS cluster's OIDC issuer without https:// (oidc.eks.REGION.amazonaws.com/id/ID).
    #[arg(long, value_name = "ISSUER")]
    pub oidc_provider: Option<String>,
    /// The EKS cluster's name (EKS Pod Identity).
    #[arg(long, value_name = "NAME")]
    pub cluster: Option<String>,
    /// The Kubernetes namespace of the pods.
    #[arg(long, value_name = "NAME")]
    pub namespace: Option<String>,
    /// The Kubernetes service account the pods run as.
    #[arg(long, value_name = "NAME")]
    pub service_account: Option<String>,
    /// The Lambda function that runs the image (arn:aws:lambda:REGION:ACCOUNT:function:NAME).
    #[arg(long, value_name = "ARN")]
    pub function_arn: Option<String>,
    /// ECR managed signing: the AWS Signer profile the registry signs pushed images with
    /// (arn:aws:signer:REGION:ACCOUNT:/signing-profiles/NAME); the identity policy adds
    /// signer:SignPayload on it. Also without --recipe, for a policy that pushes.
    #[arg(long, value_name = "ARN")]
    pub signing_profile: Option<String>,
    /// The role's name in the trust policy's formats and the next step (default ecr-RECIPE).
    #[arg(long, value_name = "NAME")]
    pub role_name: Option<String>,
}

impl RecipeArgs {
    /// Each question's flag and value as given (`--github-environment X` answers the ref
    /// question as `environment:X`; `--principal` and `--cache-prefix` are the access flags).
    fn raw(&self, args: &GenerateArgs) -> RawAnswers {
        let mut raw = RawAnswers::default();
        let env = self
            .github_environment
            .as_ref()
            .map(|e| format!("environment:{e}"));
        let given = [
            (Question::GithubRepo, self.github_repo.clone()),
            (Question::GithubRef, self.github_ref.clone().or(env)),
            (Question::GitlabProject, self.gitlab_project.clone()),
            (Question::GitlabRef, self.gitlab_ref.clone()),
            (Question::GitlabHost, self.gitlab_host.clone()),
            (Question::OidcProvider, self.oidc_provider.clone()),
            (Question::Cluster, self.cluster.clone()),
            (Question::Namespace, self.namespace.clone()),
            (Question::ServiceAccount, self.service_account.clone()),
            (Question::FunctionArn, self.function_arn.clone()),
            (Question::OtherRole, args.access.principal.clone()),
            (Question::CachePrefix, args.access.cache_prefix.clone()),
            (Question::SigningProfile, self.signing_profile.clone()),
        ];
        for (q, v) in given {
            if let Some(v) = v {
                // Given but blank is still given: its rule refuses it.
                raw.set(q, &v);
            }
        }
        raw
    }

    /// The recipe flags given without `--recipe` (only `--signing-profile` goes without one).
    pub fn without_recipe(&self) -> Vec<&'static str> {
        let given = [
            ("--github-repo", self.github_repo.is_some()),
            ("--github-ref", self.github_ref.is_some()),
            ("--github-environment", self.github_environment.is_some()),
            ("--gitlab-project", self.gitlab_project.is_some()),
            ("--gitlab-ref", self.gitlab_ref.is_some()),
            ("--gitlab-host", self.gitlab_host.is_some()),
            ("--oidc-provider", self.oidc_provider.is_some()),
            ("--cluster", self.cluster.is_some()),
            ("--namespace", self.namespace.is_some()),
            ("--service-account", self.service_account.is_some()),
            ("--function-arn", self.function_arn.is_some()),
            ("--role-name", self.role_name.is_some()),
        ];
        given
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(f, _)| f)
            .collect()
    }
}

/// The flags `generate` has that a recipe does not take, with why.
fn refused_flags(spec_args: &SpecArgs, args: &GenerateArgs) -> Vec<String> {
    let mut out = Vec::new();
    let a = &args.access;
    let mut refuse = |on: bool, flag: &str, why: &str| {
        if on {
            out.push(format!("{flag} cannot go with --recipe: {why}"));
        }
    };
    refuse(
        spec_args.preset.is_some(),
        "--preset",
        "the recipe chooses the actions (add more with --action)",
    );
    refuse(
        spec_args.from.is_some(),
        "--from",
        "a recipe starts from who uses the policy, not from a file",
    );
    refuse(
        !args.grants.is_empty(),
        "--grant",
        "a recipe writes one grant on its repositories",
    );
    refuse(
        a.from_error.is_some(),
        "--from-error",
        "it writes the fix for one message on its own",
    );
    refuse(
        a.principal_org.is_some(),
        "--principal-org",
        "no recipe is for a whole organisation",
    );
    refuse(
        a.source_arn.is_some(),
        "--source-arn",
        "recipe lambda-container-image takes the function as --function-arn",
    );
    refuse(
        a.registry == Some(RegistryKind::Public),
        "--registry public",
        "the recipes are for Amazon ECR private registries",
    );
    refuse(
        a.document == Some(DocumentKind::Registry),
        "--document registry",
        "no recipe writes a registry policy",
    );
    out
}

/// A flag given that the recipe does not ask for.
fn not_asked(recipe: &Recipe, q: Question) -> FieldError {
    let asks: Vec<&str> = recipe.questions.iter().map(|q| q.flag()).collect();
    let others: Vec<&str> = RECIPES
        .iter()
        .filter(|r| r.questions.contains(&q))
        .map(|r| r.id)
        .collect();
    FieldError::new(
        field_of(q),
        "",
        format!(
            "({}) is not a question of recipe {}, which asks {}; it goes with {}",
            q.flag(),
            recipe.id,
            if asks.is_empty() {
                "nothing besides region, account and repositories".to_string()
            } else {
                asks.join(", ")
            },
            others.join(", ")
        ),
    )
}

/// `--recipe` that is not one: the list.
fn unknown(raw: &str) -> FieldError {
    let ids: Vec<&str> = RECIPES.iter().map(|r| r.id).collect();
    FieldError::new(
        Field::Recipe,
        raw,
        format!(
            "is not a recipe; use one of {} (ecr-policy recipes says what each is for)",
            ids.join(", ")
        ),
    )
}

/// What `--recipe` and its flags say, checked: the recipe, its answers, the role's name and
/// the document asked for.
struct Asked {
    recipe: &'static Recipe,
    answers: Answers,
    role_name: String,
    document: Option<RecipeDocument>,
}

/// Reads `--recipe` and its questions; every problem is reported at once.
fn read(spec_args: &SpecArgs, args: &GenerateArgs) -> Result<Asked, ExitCode> {
    let r = &args.recipe;
    let id = r.recipe.as_deref().unwrap_or_default();
    let recipe = find_recipe(id).ok_or_else(|| report_input_errors(&[unknown(id)]))?;
    let refused = refused_flags(spec_args, args);
    if !refused.is_empty() {
        for line in &refused {
            say!("error: {line}");
        }
        return Err(ExitCode::from(super::EXIT_INPUT));
    }
    let raw = r.raw(args);
    let mut errors: Vec<FieldError> = raw
        .questions()
        .filter(|q| !recipe.questions.contains(q))
        .map(|q| not_asked(recipe, q))
        .collect();
    let answers = match check_answers(recipe, &raw) {
        Ok(a) => Some(a),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let role_name = match r.role_name.as_deref().map(parse_role_name) {
        None => default_role_name(recipe),
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            errors.push(e);
            String::new()
        }
    };
    let document = match args.access.document {
        None => None,
        Some(DocumentKind::Identity) => Some(RecipeDocument::Identity),
        Some(DocumentKind::Trust) => Some(RecipeDocument::Trust),
        Some(DocumentKind::Repository) => Some(RecipeDocument::Repository),
        // Refused above.
        Some(DocumentKind::Registry) => None,
    };
    let documents = documents_of_workload(recipe.workload);
    if let Some(d) = document.filter(|d| !documents.contains(d)) {
        errors.push(FieldError::new(
            Field::Recipe,
            recipe.id,
            format!(
                "writes no {} (--document {}): its documents are {}",
                d.label().trim_start_matches("the "),
                d.id(),
                documents
                    .iter()
                    .map(|d| d.id())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    match answers.filter(|_| errors.is_empty()) {
        Some(answers) => Ok(Asked {
            recipe,
            answers,
            role_name,
            document,
        }),
        None => Err(report_input_errors(&errors)),
    }
}

/// Runs `generate --recipe`.
pub fn run(spec_args: &SpecArgs, args: &GenerateArgs) -> ExitCode {
    let Asked {
        recipe,
        answers,
        role_name,
        document,
    } = match read(spec_args, args) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let mut spec = spec_args.clone();
    spec.preset = Some(recipe.preset.to_string());
    if let Some(repos) = &answers.cache_repositories {
        spec.repos.push(repos.clone());
    }
    let mut actions = args.actions.clone();
    actions.extend(recipe.extra_actions.iter().map(|a| (*a).to_string()));
    let mut policy = match whole_policy(&spec, &actions, &[]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let Some(first) = policy.grants.first().cloned() else {
        return report_input_errors(&[FieldError::new(
            Field::Repository,
            "",
            "none given: the recipe's policy is on repositories; name them with --repo",
        )]);
    };
    if let Err(e) = check_with_registry(&answers, &first) {
        return report_input_errors(&e);
    }
    let plan = plan(recipe, &answers, &first, &role_name);
    policy.signing.clone_from(&plan.signing_profiles);
    let document = document.unwrap_or(plan.documents[0]);
    say_plan(&plan, document, spec_args, args);
    match document {
        RecipeDocument::Identity => match identity_text(&policy, args) {
            Ok((text, warnings)) => finish(args, &text, warnings),
            Err(code) => code,
        },
        RecipeDocument::Trust => {
            let Some(trust) = &plan.trust else {
                return ExitCode::from(super::EXIT_INPUT);
            };
            let style = args.style();
            if args.compact && args.format != crate::policy::Format::Json {
                return report_input_errors(&[FieldError::new(
                    Field::Format,
                    args.format.id(),
                    "does not take --compact: only the JSON document has a one-line form",
                )]);
            }
            let text = trust.render_as(args.format, style, &plan.role_meta(&first));
            finish(args, &format!("{text}\n"), 0)
        }
        RecipeDocument::Repository => match &plan.principal {
            Some(p) => super::access_repository::run(&policy, p, args),
            None => ExitCode::from(super::EXIT_INPUT),
        },
    }
}

/// The command that writes `document` with the same flags.
fn command_for(document: RecipeDocument, spec_args: &SpecArgs, args: &GenerateArgs) -> String {
    let mut words = vec!["ecr-policy generate".to_string()];
    let r = &args.recipe;
    let s = spec_args;
    let mut add = |name: &str, value: Option<&String>| {
        if let Some(v) = value {
            words.push(flag(name, v));
        }
    };
    add("--recipe", r.recipe.as_ref());
    add("--region", s.region.as_ref());
    add("--partition", s.partition.as_ref());
    add("--account", s.account.as_ref());
    for repo in &s.repos {
        add("--repo", Some(repo));
    }
    for a in &args.actions {
        add("--action", Some(a));
    }
    for t in &s.require_tags {
        add("--require-tag", Some(t));
    }
    let answers = [
        ("--github-repo", &r.github_repo),
        ("--github-ref", &r.github_ref),
        ("--github-environment", &r.github_environment),
        ("--gitlab-project", &r.gitlab_project),
        ("--gitlab-ref", &r.gitlab_ref),
        ("--gitlab-host", &r.gitlab_host),
        ("--oidc-provider", &r.oidc_provider),
        ("--cluster", &r.cluster),
        ("--namespace", &r.namespace),
        ("--service-account", &r.service_account),
        ("--function-arn", &r.function_arn),
        ("--principal", &args.access.principal),
        ("--cache-prefix", &args.access.cache_prefix),
        ("--signing-profile", &r.signing_profile),
        ("--role-name", &r.role_name),
    ];
    for (name, value) in answers {
        add(name, value.as_ref());
    }
    words.push(format!("--document {}", document.id()));
    if args.format != crate::policy::Format::Json {
        words.push(format!("--format {}", args.format.id()));
    }
    words.join(" ")
}

/// On standard error: the documents (with the command for each other one), what the trust
/// admits, the next step, the managed policy.
fn say_plan(plan: &RecipePlan, shown: RecipeDocument, spec_args: &SpecArgs, args: &GenerateArgs) {
    let mut text = if plan.documents.len() == 1 {
        format!("note: recipe {} writes one document:", plan.recipe.id)
    } else {
        format!(
            "note: recipe {} writes {} documents, one per run (--document):",
            plan.recipe.id,
            plan.documents.len()
        )
    };
    for d in &plan.documents {
        if *d == shown {
            let _ = write!(text, "\n  {} (this one)", d.label());
        } else {
            let _ = write!(
                text,
                "\n  {}: {}",
                d.label(),
                command_for(*d, spec_args, args)
            );
        }
    }
    // Every value in these lines was checked by its rule (no line breaks or controls in any);
    // `say!` still shows any hidden character as an escape.
    say!("{text}");
    for n in &plan.notes {
        say!("note: {}", Visible(n));
    }
    let mut steps = String::from("next:");
    for (i, s) in plan.next_steps.iter().enumerate() {
        let _ = write!(steps, "\n  {}. {s}", i + 1);
    }
    say!("{steps}");
    if let Some(m) = &plan.managed {
        say!("note: {}", Visible(m));
    }
}

/// One row of `ecr-policy recipes --json`.
#[derive(Serialize)]
struct RecipeRow {
    id: &'static str,
    label: &'static str,
    summary: &'static str,
    documents: Vec<&'static str>,
    questions: Vec<QuestionRow>,
    managed_policy: Option<&'static str>,
    managed_policy_grants_beyond: Option<&'static str>,
    caveat: Option<&'static str>,
    sources: &'static [&'static str],
}

#[derive(Serialize)]
struct QuestionRow {
    flag: &'static str,
    required: bool,
    default: Option<&'static str>,
    what: &'static str,
}

/// `ecr-policy recipes`: one line each (id and what it is for), or JSON.
pub fn recipes_text(json: bool) -> String {
    if json {
        let rows: Vec<RecipeRow> = RECIPES
            .iter()
            .map(|r| RecipeRow {
                id: r.id,
                label: r.label,
                summary: r.summary,
                documents: documents_of_workload(r.workload)
                    .into_iter()
                    .map(RecipeDocument::id)
                    .collect(),
                questions: r
                    .questions
                    .iter()
                    .map(|q| QuestionRow {
                        flag: q.flag(),
                        required: !q.optional(),
                        default: q.default(),
                        what: q.help(),
                    })
                    .collect(),
                managed_policy: r.managed.map(|m| m.path),
                managed_policy_grants_beyond: r.managed.map(|m| m.beyond),
                caveat: r.caveat,
                sources: r.sources,
            })
            .collect();
        return serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n";
    }
    let width = RECIPES.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let label_width = RECIPES
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for r in RECIPES {
        let documents: Vec<&str> = documents_of_workload(r.workload)
            .into_iter()
            .map(RecipeDocument::id)
            .collect();
        let _ = writeln!(
            out,
            "{:<width$}  {:<label_width$}  {}",
            r.id,
            r.label,
            documents.join(", ")
        );
    }
    out.push_str(
        "\nWrite one: ecr-policy generate --recipe ID --region REGION --account ACCOUNT --repo \
         NAME plus the recipe's questions (recipes --json lists them).\n",
    );
    out
}
