//! A recipe with its answers and the registry: which documents it writes (identity, trust,
//! repository policy), the trust policy itself, who the repository policy names, the next step
//! in words, and the AWS managed policy that would also do. Both `generate --recipe` and the
//! wizard show this one plan.

use std::collections::HashMap;

use super::answers::{
    GithubRef, GithubRepo, GitlabRef, parse_cluster, parse_eks_oidc_provider,
    parse_github_ref_or_environment, parse_github_repo, parse_gitlab_project, parse_gitlab_ref,
    parse_host, parse_namespace, parse_service_account, parse_signing_profile,
};
use super::table::{Managed, Question, Recipe, ServiceRole, Workload, managed_page};
use super::trust::{self, GITHUB_HOST, TrustPolicy, github_audience};
use crate::policy::emit::format::{PolicyName, RoleMeta, shell_word};
use crate::policy::spec::cache::cache_repositories;
use crate::policy::spec::error::{Field, FieldError};
use crate::policy::spec::model::Spec;
use crate::policy::spec::principal::{
    Principal, check_source_region, find_service, parse_principal, parse_source_arn,
};

/// The answers as given (flags or the wizard's fields), by question; empty text is no answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawAnswers(HashMap<Question, String>);

impl RawAnswers {
    /// Sets an answer as given (blank text is an answer its rule refuses).
    pub fn set(&mut self, q: Question, value: &str) {
        self.0.insert(q, value.to_string());
    }

    /// Removes an answer (the wizard's empty field).
    pub fn clear(&mut self, q: Question) {
        self.0.remove(&q);
    }

    /// The answer given, if any.
    pub fn get(&self, q: Question) -> Option<&str> {
        self.0.get(&q).map(String::as_str)
    }

    /// The questions answered.
    pub fn questions(&self) -> impl Iterator<Item = Question> + '_ {
        self.0.keys().copied()
    }
}

/// The checked answers of one recipe.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    pub github_repo: Option<GithubRepo>,
    pub github_ref: Option<GithubRef>,
    pub gitlab_project: Option<String>,
    pub gitlab_ref: Option<GitlabRef>,
    pub gitlab_host: Option<String>,
    pub oidc_provider: Option<String>,
    pub cluster: Option<String>,
    pub namespace: Option<String>,
    pub service_account: Option<String>,
    pub function_arn: Option<String>,
    pub other_role: Option<Principal>,
    /// The cache rule's repository pattern (`docker-hub/*`).
    pub cache_repositories: Option<String>,
    pub signing_profile: Option<String>,
}

/// The input field a question's errors are about.
pub fn field_of(q: Question) -> Field {
    match q {
        Question::GithubRepo => Field::GithubRepository,
        Question::GithubRef => Field::GithubRef,
        Question::GitlabProject => Field::GitlabProject,
        Question::GitlabRef => Field::GitlabRef,
        Question::GitlabHost => Field::GitlabHost,
        Question::OidcProvider => Field::OidcProvider,
        Question::Cluster => Field::Cluster,
        Question::Namespace => Field::Namespace,
        Question::ServiceAccount => Field::ServiceAccount,
        Question::FunctionArn => Field::FunctionArn,
        Question::OtherRole => Field::Principal,
        Question::CachePrefix => Field::Repository,
        Question::SigningProfile => Field::SigningProfile,
    }
}

/// Checks one answer of `recipe` (the wizard checks each field as it is left).
pub fn check_answer(
    recipe: &Recipe,
    q: Question,
    raw: &str,
    answers: &mut Answers,
) -> Result<(), FieldError> {
    match q {
        Question::GithubRepo => answers.github_repo = Some(parse_github_repo(raw)?),
        Question::GithubRef => answers.github_ref = Some(parse_github_ref_or_environment(raw)?),
        Question::GitlabProject => answers.gitlab_project = Some(parse_gitlab_project(raw)?),
        Question::GitlabRef => answers.gitlab_ref = Some(parse_gitlab_ref(raw)?),
        Question::GitlabHost => answers.gitlab_host = Some(parse_host(raw, Field::GitlabHost)?),
        Question::OidcProvider => answers.oidc_provider = Some(parse_eks_oidc_provider(raw)?),
        Question::Cluster => answers.cluster = Some(parse_cluster(raw)?),
        Question::Namespace => answers.namespace = Some(parse_namespace(raw)?),
        Question::ServiceAccount => answers.service_account = Some(parse_service_account(raw)?),
        Question::FunctionArn => {
            let lambda = find_service("lambda.amazonaws.com").ok_or_else(|| {
                FieldError::new(
                    Field::FunctionArn,
                    raw,
                    "cannot be checked: no Lambda service",
                )
            })?;
            let arn = parse_source_arn(lambda, raw)
                .map_err(|e| FieldError::new(Field::FunctionArn, &e.value, e.message))?;
            answers.function_arn = Some(arn);
        }
        Question::OtherRole => {
            let p = parse_principal(raw)?;
            if !matches!(p, Principal::Arn { .. }) {
                return Err(FieldError::new(
                    Field::Principal,
                    raw,
                    format!(
                        "is not a role or user ARN: recipe {} writes the identity policy of one \
                         role or user of the other account (arn:aws:iam::ACCOUNT:role/NAME)",
                        recipe.id
                    ),
                ));
            }
            answers.other_role = Some(p);
        }
        Question::CachePrefix => answers.cache_repositories = Some(cache_repositories(raw)?),
        Question::SigningProfile => answers.signing_profile = Some(parse_signing_profile(raw)?),
    }
    Ok(())
}

/// The message for a question left unanswered.
pub fn missing(recipe: &Recipe, q: Question) -> FieldError {
    FieldError::new(
        field_of(q),
        "",
        format!(
            "is missing: recipe {} needs {}, {}",
            recipe.id,
            q.flag(),
            q.help()
        ),
    )
}

/// Checks every answer of `recipe` (defaults for the questions that have one); every problem
/// at once.
pub fn check_answers(recipe: &Recipe, raw: &RawAnswers) -> Result<Answers, Vec<FieldError>> {
    let mut answers = Answers::default();
    let mut errors = Vec::new();
    for q in recipe.questions {
        let value = raw.get(*q).or_else(|| q.default());
        match value {
            Some(v) => {
                if let Err(e) = check_answer(recipe, *q, v, &mut answers) {
                    errors.push(e);
                }
            }
            None if q.optional() => {}
            None => errors.push(missing(recipe, *q)),
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// One document of a recipe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecipeDocument {
    /// The identity policy of the role (or user) that makes the requests.
    Identity,
    /// The role's trust policy: who may assume it.
    Trust,
    /// The repository policy the registry account sets.
    Repository,
}

impl RecipeDocument {
    /// The `--document` value.
    pub fn id(self) -> &'static str {
        match self {
            RecipeDocument::Identity => "identity",
            RecipeDocument::Trust => "trust",
            RecipeDocument::Repository => "repository",
        }
    }

    /// In words.
    pub fn label(self) -> &'static str {
        match self {
            RecipeDocument::Identity => "the identity policy",
            RecipeDocument::Trust => "the trust policy",
            RecipeDocument::Repository => "the repository policy",
        }
    }
}

/// The documents a workload takes, in the order they are shown (the first is written when none
/// is chosen).
pub fn documents_of_workload(w: Workload) -> Vec<RecipeDocument> {
    use RecipeDocument::{Identity, Repository, Trust};
    match w {
        Workload::GithubActions
        | Workload::GitlabCi
        | Workload::EksServiceAccount
        | Workload::EksPodIdentity
        | Workload::Service(_) => vec![Identity, Trust],
        Workload::LambdaImage => vec![Repository, Trust],
        Workload::AnyPrincipal => vec![Identity],
        Workload::OtherAccount => vec![Identity, Repository],
    }
}

/// What a recipe writes for its answers and registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipePlan {
    pub recipe: &'static Recipe,
    /// In the order they are shown: the first is written when none is chosen.
    pub documents: Vec<RecipeDocument>,
    pub trust: Option<TrustPolicy>,
    /// Whom the repository policy names (the other account's role; Lambda limited to the
    /// function), when there is one.
    pub principal: Option<Principal>,
    /// The role the trust policy belongs to (and the identity policy is attached to).
    pub role_name: String,
    pub role_arn: String,
    /// `signer:SignPayload` goes on these profiles in the identity policy.
    pub signing_profiles: Vec<String>,
    /// What to do with the documents, one step per item (commands with every value quoted).
    pub next_steps: Vec<String>,
    /// The AWS managed policy that fits and what it grants beyond ours.
    pub managed: Option<String>,
    /// What else to know.
    pub notes: Vec<String>,
}

impl RecipePlan {
    /// The role's name, description and, outside `aws`, the region whose IAM endpoint the AWS
    /// CLI must call: what the trust policy's formats say besides the document.
    pub fn role_meta(&self, spec: &Spec) -> RoleMeta {
        let partition = spec.partition();
        let cli_region = (partition.arn != "aws")
            .then(|| {
                if spec.region.is_all() {
                    partition.regions.first().map(|r| r.code.to_string())
                } else {
                    Some(spec.region.code.clone())
                }
            })
            .flatten();
        RoleMeta {
            // A role name is always a valid policy name (fewer characters of the same set).
            name: PolicyName::parse(&self.role_name).unwrap_or_default(),
            description: format!(
                "Role for ECR: {} (recipe {}), written by ecr-policy",
                self.recipe.label, self.recipe.id
            ),
            cli_region,
        }
    }
}

/// The default role name of a recipe: `ecr-` and its id (at most 64 characters).
pub fn default_role_name(recipe: &Recipe) -> String {
    let mut name = format!("ecr-{}", recipe.id);
    name.truncate(64);
    name
}

/// The registry's host (`ACCOUNT.dkr.ecr.REGION.amazonaws.com`); `REGION` for region `*`.
fn registry_host(spec: &Spec) -> String {
    let region = if spec.region.is_all() {
        "REGION"
    } else {
        spec.region.code.as_str()
    };
    format!(
        "{}.dkr.ecr.{region}.{}",
        spec.account,
        spec.partition().dns_suffix
    )
}

/// The region for commands: the registry's, or `REGION` for `*`.
fn region_word(spec: &Spec) -> String {
    if spec.region.is_all() {
        "REGION".to_string()
    } else {
        shell_word(&spec.region.code)
    }
}

/// `docker login` for the registry, as the ECR user guide writes it.
fn docker_login(spec: &Spec) -> String {
    format!(
        "aws ecr get-login-password --region {} | docker login --username AWS \
         --password-stdin {}",
        region_word(spec),
        shell_word(&registry_host(spec))
    )
}

/// The first repository's name for examples (`REPOSITORY` when only patterns are given).
fn example_repository(spec: &Spec) -> String {
    spec.repositories
        .iter()
        .find(|r| !r.contains(['*', '?']))
        .cloned()
        .unwrap_or_else(|| "REPOSITORY".to_string())
}

/// GitHub Actions: the trust admits one repository and one ref or environment.
fn github_documents(
    answers: &Answers,
    partition: &str,
    account: &str,
    notes: &mut Vec<String>,
) -> (Vec<RecipeDocument>, Option<TrustPolicy>, Option<Principal>) {
    let (repo, reference) = (
        answers.github_repo.clone(),
        answers
            .github_ref
            .clone()
            .unwrap_or_else(|| GithubRef::Ref("refs/heads/main".into())),
    );
    let path = repo
        .as_ref()
        .map_or_else(|| "ORG/REPO".to_string(), GithubRepo::path);
    let subject = format!("repo:{path}:{}", reference.subject());
    if repo.as_ref().is_some_and(|r| !r.immutable()) {
        notes.push(format!(
            "GitHub repositories created after 15 July 2026 (and those renamed or \
             transferred since) send the immutable subject repo:ORG@ORG_ID/REPO@REPO_ID:…, \
             which this trust ({subject}) does not match. For such a repository, give \
             the IDs: {} prints them (ORG_ID, then REPO_ID).",
            format_args!(
                "gh api {} --jq {}",
                shell_word(&format!("repos/{path}")),
                shell_word(".owner.id, .id")
            )
        ));
    }
    notes.push(format!(
        "The trust admits only workflow runs of {path} for {}: the role cannot be \
         assumed from another repository, branch, tag or environment.",
        reference.describe()
    ));
    (
        documents_of_workload(Workload::GithubActions),
        Some(trust::github(partition, account, &subject)),
        None,
    )
}

/// The documents a workload takes, its trust policy, and whom the repository policy names;
/// notes on what the trust admits are added to `notes`.
fn documents_of(
    recipe: &Recipe,
    answers: &Answers,
    partition: &str,
    account: &str,
    notes: &mut Vec<String>,
) -> (Vec<RecipeDocument>, Option<TrustPolicy>, Option<Principal>) {
    match recipe.workload {
        Workload::GithubActions => github_documents(answers, partition, account, notes),
        Workload::GitlabCi => {
            let host = answers
                .gitlab_host
                .clone()
                .unwrap_or_else(|| "gitlab.com".to_string());
            let project = answers
                .gitlab_project
                .clone()
                .unwrap_or_else(|| "GROUP/PROJECT".to_string());
            let reference = answers.gitlab_ref.clone().unwrap_or(GitlabRef {
                ref_type: "branch",
                name: "main".into(),
            });
            let subject = format!("project_path:{project}:{}", reference.subject());
            notes.push(format!(
                "The trust expects GitLab's default sub claim ({subject}); a project that \
                 customises its sub claim components needs the same order here."
            ));
            (
                documents_of_workload(recipe.workload),
                Some(trust::gitlab(partition, account, &host, &subject)),
                None,
            )
        }
        Workload::EksServiceAccount => (
            documents_of_workload(recipe.workload),
            Some(trust::eks_service_account(
                partition,
                account,
                answers.oidc_provider.as_deref().unwrap_or("OIDC_PROVIDER"),
                answers.namespace.as_deref().unwrap_or("NAMESPACE"),
                answers
                    .service_account
                    .as_deref()
                    .unwrap_or("SERVICE_ACCOUNT"),
            )),
            None,
        ),
        Workload::EksPodIdentity => (
            documents_of_workload(recipe.workload),
            Some(trust::eks_pod_identity(
                answers.cluster.as_deref().unwrap_or("CLUSTER"),
                answers.namespace.as_deref().unwrap_or("NAMESPACE"),
                answers
                    .service_account
                    .as_deref()
                    .unwrap_or("SERVICE_ACCOUNT"),
            )),
            None,
        ),
        Workload::Service(s) => {
            if partition == "aws-cn" {
                notes.push(format!(
                    "In the China Regions some services are written with .amazonaws.com.cn; \
                     check that {} is the principal the IAM console offers there.",
                    s.principal
                ));
            }
            (
                documents_of_workload(recipe.workload),
                Some(trust::service(s.sid, s.principal)),
                None,
            )
        }
        Workload::LambdaImage => {
            let principal =
                find_service("lambda.amazonaws.com").map(|service| Principal::Service {
                    service,
                    source_arn: answers.function_arn.clone(),
                });
            (
                documents_of_workload(recipe.workload),
                Some(trust::service("LambdaExecution", "lambda.amazonaws.com")),
                principal,
            )
        }
        Workload::AnyPrincipal => (documents_of_workload(recipe.workload), None, None),
        Workload::OtherAccount => (
            documents_of_workload(recipe.workload),
            None,
            answers.other_role.clone(),
        ),
    }
}

/// The plan of `recipe` for its checked answers and the identity policy's registry `spec`.
pub fn plan(
    recipe: &'static Recipe,
    answers: &Answers,
    spec: &Spec,
    role_name: &str,
) -> RecipePlan {
    let partition = spec.partition().arn;
    let account = spec.account.as_str();
    let role_arn = format!("arn:{partition}:iam::{account}:role/{role_name}");
    let mut notes = Vec::new();
    let (documents, trust, principal) =
        documents_of(recipe, answers, partition, account, &mut notes);
    if let Some(c) = recipe.caveat {
        notes.push(c.to_string());
    }
    let signing_profiles: Vec<String> = answers.signing_profile.iter().cloned().collect();
    if let Some(p) = signing_profiles.first() {
        notes.push(format!(
            "ECR managed signing signs each pushed image with the pusher's identity: the \
             identity policy also grants signer:SignPayload on {p}."
        ));
        let pusher = principal
            .as_ref()
            .and_then(Principal::account)
            .unwrap_or(account);
        let profile_account = p.split(':').nth(4).unwrap_or_default();
        if profile_account != pusher {
            let name = p.rsplit('/').next().unwrap_or_default();
            let who = match &principal {
                Some(Principal::Arn { arn, .. }) => arn.clone(),
                _ => role_arn.clone(),
            };
            notes.push(format!(
                "The signing profile is in account {profile_account} and the pusher in {pusher}: \
                 across accounts the profile must allow it too, or the push cannot be signed: \
                 aws signer add-profile-permission --region {} --profile-name {} --action \
                 signer:SignPayload --principal {} --statement-id ecr-push",
                shell_word(p.split(':').nth(3).unwrap_or_default()),
                shell_word(name),
                shell_word(&who)
            ));
        }
    }
    let mut plan = RecipePlan {
        recipe,
        documents,
        trust,
        principal,
        role_name: role_name.to_string(),
        role_arn,
        signing_profiles,
        next_steps: Vec::new(),
        managed: recipe.managed.map(|m| managed_sentence(&m, partition)),
        notes,
    };
    plan.next_steps = next_steps(&plan, answers, spec);
    plan
}

/// "AWS managed policy NAME (ARN) would also do; it also grants …".
fn managed_sentence(m: &Managed, partition: &str) -> String {
    format!(
        "The AWS managed policy {} (arn:{partition}:iam::aws:policy/{}) would also work, and \
         grants more: {}. See {}",
        m.name(),
        m.path,
        m.beyond,
        managed_page(m)
    )
}

/// The commands and words after the documents are written.
fn next_steps(plan: &RecipePlan, answers: &Answers, spec: &Spec) -> Vec<String> {
    let role = shell_word(&plan.role_name);
    let role_arn = &plan.role_arn;
    let create_role = format!(
        "Create the role with the trust policy (--document trust), then attach the identity \
         policy to it: aws iam create-role --role-name {role} --assume-role-policy-document \
         file://trust.json; aws iam put-role-policy --role-name {role} --policy-name \
         ecr-access --policy-document file://identity.json"
    );
    let repo = example_repository(spec);
    match plan.recipe.workload {
        Workload::GithubActions => github_steps(plan, answers, spec, create_role),
        Workload::GitlabCi => gitlab_steps(plan, answers, spec, create_role),
        Workload::EksServiceAccount => {
            let issuer = answers.oidc_provider.as_deref().unwrap_or("OIDC_PROVIDER");
            let ns = answers.namespace.as_deref().unwrap_or("NAMESPACE");
            let sa = answers
                .service_account
                .as_deref()
                .unwrap_or("SERVICE_ACCOUNT");
            vec![
                format!(
                    "Once per cluster, the IAM OIDC identity provider for its issuer (skip it if \
                     the account has one): aws iam create-open-id-connect-provider --url {} \
                     --client-id-list sts.amazonaws.com",
                    shell_word(&format!("https://{issuer}"))
                ),
                create_role,
                format!(
                    "Annotate the service account with the role: kubectl annotate \
                     serviceaccount -n {} {} {}",
                    shell_word(ns),
                    shell_word(sa),
                    shell_word(&format!("eks.amazonaws.com/role-arn={role_arn}"))
                ),
            ]
        }
        Workload::EksPodIdentity => vec![
            create_role,
            format!(
                "Associate the role with the service account (the cluster needs the EKS Pod \
                 Identity Agent add-on): aws eks create-pod-identity-association --cluster-name \
                 {} --namespace {} --service-account {} --role-arn {}",
                shell_word(answers.cluster.as_deref().unwrap_or("CLUSTER")),
                shell_word(answers.namespace.as_deref().unwrap_or("NAMESPACE")),
                shell_word(
                    answers
                        .service_account
                        .as_deref()
                        .unwrap_or("SERVICE_ACCOUNT")
                ),
                shell_word(role_arn)
            ),
        ],
        Workload::Service(s) => service_steps(plan, s, spec, create_role),
        Workload::LambdaImage => {
            let function = answers
                .function_arn
                .as_deref()
                .and_then(|a| a.rsplit(':').next())
                .filter(|n| !n.contains(['*', '?']))
                .unwrap_or("FUNCTION");
            vec![
                format!(
                    "In account {}: set the repository policy (--document repository) on {repo}.",
                    spec.account
                ),
                format!(
                    "Create the execution role with the trust policy (--document trust): aws iam \
                     create-role --role-name {role} --assume-role-policy-document \
                     file://trust.json (it needs no ECR permission; add what the function \
                     calls)."
                ),
                format!(
                    "Create the function from the image: aws lambda create-function \
                     --function-name {} --package-type Image --code {} --role {}",
                    shell_word(function),
                    shell_word(&format!("ImageUri={}/{repo}:TAG", registry_host(spec))),
                    shell_word(role_arn)
                ),
            ]
        }
        Workload::AnyPrincipal if plan.recipe.id == "pull-through-cache" => vec![
            "Attach the identity policy to the role or user that pulls.".to_string(),
            format!(
                "Log in ({}) and pull through the rule: docker pull {} (the first pull \
                 creates the cache repository).",
                docker_login(spec),
                shell_word(&format!(
                    "{}/{}/IMAGE:TAG",
                    registry_host(spec),
                    spec.repositories
                        .iter()
                        .find_map(|r| r.strip_suffix("/*"))
                        .unwrap_or("PREFIX")
                ))
            ),
        ],
        Workload::AnyPrincipal => vec![
            "Attach the identity policy to the person's IAM Identity Center permission set (as \
             an inline policy), or to their role or user."
                .to_string(),
            format!(
                "Then, with their credentials (aws sso login for Identity Center): {} (the \
                 token lasts 12 hours, and each registry needs its own login).",
                docker_login(spec)
            ),
        ],
        Workload::OtherAccount => {
            let who = plan
                .principal
                .as_ref()
                .map_or_else(|| "the role".to_string(), Principal::describe);
            vec![
                format!("Attach the identity policy to {who}."),
                format!(
                    "In account {}: set the repository policy (--document repository) on each \
                     repository.",
                    spec.account
                ),
                format!(
                    "The CI logs in to this account's registry: {} (amazon-ecr-login: \
                     registries: {}).",
                    docker_login(spec),
                    spec.account
                ),
            ]
        }
    }
}

/// GitHub Actions: the provider, the role, the workflow.
fn github_steps(
    plan: &RecipePlan,
    answers: &Answers,
    spec: &Spec,
    create_role: String,
) -> Vec<String> {
    let role_arn = &plan.role_arn;
    let partition = spec.partition().arn;
    let repo = example_repository(spec);
    let aud = github_audience(partition);
    let env = match &answers.github_ref {
        Some(GithubRef::Environment(e)) => format!("\n    environment: {e}"),
        _ => String::new(),
    };
    let audience = if aud == "sts.amazonaws.com" {
        String::new()
    } else {
        format!("\n          audience: {aud}")
    };
    let push = plan.recipe.pushes();
    let run = if push {
        format!(
            "docker build -t ${{{{ steps.ecr.outputs.registry }}}}/{repo}:${{{{ github.sha }}}} . \
             && docker push ${{{{ steps.ecr.outputs.registry }}}}/{repo}:${{{{ github.sha }}}}"
        )
    } else {
        format!("docker pull ${{{{ steps.ecr.outputs.registry }}}}/{repo}:TAG")
    };
    vec![
        format!(
            "Once per account, the IAM OIDC identity provider for GitHub (skip it if the \
             account has one): aws iam create-open-id-connect-provider --url \
             https://{GITHUB_HOST} --client-id-list {aud}"
        ),
        create_role,
        format!(
            "In the workflow, the job asks GitHub for the token (id-token: write), \
             assumes the role and logs in to ECR:\n  jobs:\n    ecr:{env}\n      \
             permissions:\n        id-token: write\n        contents: read\n      \
             runs-on: ubuntu-latest\n      steps:\n        - uses: \
             aws-actions/configure-aws-credentials@v6\n          with:\n            \
             role-to-assume: {role_arn}\n            aws-region: {}{audience}\n        \
             - id: ecr\n          uses: aws-actions/amazon-ecr-login@v2\n        - \
             run: {run}",
            region_text(spec)
        ),
    ]
}

/// GitLab CI/CD: the provider, the role, the job.
fn gitlab_steps(
    plan: &RecipePlan,
    answers: &Answers,
    spec: &Spec,
    create_role: String,
) -> Vec<String> {
    let role_arn = &plan.role_arn;
    let repo = example_repository(spec);
    let host = answers.gitlab_host.as_deref().unwrap_or("gitlab.com");
    vec![
        format!(
            "Once per account, the IAM OIDC identity provider for {host}: aws iam \
             create-open-id-connect-provider --url {} --client-id-list {}",
            shell_word(&format!("https://{host}")),
            shell_word(&format!("https://{host}"))
        ),
        create_role,
        format!(
            "In .gitlab-ci.yml, the job asks for an ID token for AWS, assumes the role \
             and logs in:\n  push:\n    id_tokens:\n      GITLAB_OIDC_TOKEN:\n        \
             aud: https://{host}\n    script:\n      - >\n        export $(printf \
             \"AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_SESSION_TOKEN=%s\"\n        \
             $(aws sts assume-role-with-web-identity --role-arn {role_arn}\n        \
             --role-session-name \"gitlab-${{CI_PROJECT_ID}}-${{CI_PIPELINE_ID}}\"\n        \
             --web-identity-token \"${{GITLAB_OIDC_TOKEN}}\" --duration-seconds 3600\n        \
             --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output \
             text))\n      - {}\n      - docker push {}:$CI_COMMIT_SHORT_SHA",
            docker_login(spec),
            shell_word(&format!("{}/{repo}", registry_host(spec)))
        ),
    ]
}

/// A role an AWS service assumes: the role, then where it is given to the service.
fn service_steps(
    plan: &RecipePlan,
    s: ServiceRole,
    spec: &Spec,
    create_role: String,
) -> Vec<String> {
    let role = shell_word(&plan.role_name);
    let role_arn = &plan.role_arn;
    let repo = example_repository(spec);
    let how = match s.principal {
        "ecs-tasks.amazonaws.com" => format!(
            "In the task definition, set \"executionRoleArn\": \"{role_arn}\" and the \
             container's \"image\": \"{}/{repo}:TAG\" (the full registry/repository:tag). \
             Whoever registers the task definition needs iam:PassRole on the role.",
            registry_host(spec)
        ),
        "codebuild.amazonaws.com" => format!(
            "Make it the project's service role (aws codebuild update-project --name \
             PROJECT --service-role {}), and log in in the buildspec's pre_build \
             phase: {}",
            shell_word(role_arn),
            docker_login(spec)
        ),
        "build.apprunner.amazonaws.com" => format!(
            "Give the role as the service's access role: \
             SourceConfiguration.AuthenticationConfiguration.AccessRoleArn = {role_arn}, \
             with the image {}/{repo}:TAG.",
            registry_host(spec)
        ),
        _ if plan.recipe.id == "eks-node-pull" => format!(
            "Use it as the node group's node role (aws eks create-nodegroup … \
             --node-role {}), with AmazonEKSWorkerNodePolicy and AmazonEKS_CNI_Policy \
             attached as well.",
            shell_word(role_arn)
        ),
        _ => format!(
            "Attach it to the instance through an instance profile: aws iam \
             create-instance-profile --instance-profile-name {role}; aws iam \
             add-role-to-instance-profile --instance-profile-name {role} --role-name \
             {role}; aws ec2 associate-iam-instance-profile --instance-id INSTANCE_ID \
             --iam-instance-profile Name={role}. On the instance: {} (the token lasts \
             12 hours), or the Amazon ECR credential helper.",
            docker_login(spec)
        ),
    };
    vec![create_role, how]
}

/// The region in YAML (`REGION` for `*`).
fn region_text(spec: &Spec) -> String {
    if spec.region.is_all() {
        "REGION".to_string()
    } else {
        spec.region.code.clone()
    }
}

/// What the answers must agree on with the registry: a function in the repositories' region
/// (Lambda only uses images of its own region) and in their partition; the other account's
/// role in another account and the same partition.
pub fn check_with_registry(answers: &Answers, spec: &Spec) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let partition = spec.partition().arn;
    if let (Some(arn), Some(lambda)) = (
        answers.function_arn.as_deref(),
        find_service("lambda.amazonaws.com"),
    ) {
        if let Err(e) = check_source_region(lambda, arn, &spec.region.code) {
            errors.push(FieldError::new(Field::FunctionArn, arn, e.message));
        } else if arn.split(':').nth(1) != Some(partition) {
            errors.push(FieldError::new(
                Field::FunctionArn,
                arn,
                format!("is not in partition {partition}, the repositories'"),
            ));
        }
    }
    if let Some(Principal::Arn {
        arn,
        account,
        partition: theirs,
    }) = &answers.other_role
    {
        if account == &spec.account {
            errors.push(FieldError::new(
                Field::Principal,
                arn,
                format!(
                    "is in the registry's own account, {account}: no repository policy is                      needed; use the recipe of its workload (laptop-push-pull,                      github-actions-push, …)"
                ),
            ));
        } else if theirs != partition {
            errors.push(FieldError::new(
                Field::Principal,
                arn,
                format!(
                    "is in partition {theirs}, the repositories in {partition}; a policy cannot                      reach across partitions"
                ),
            ));
        }
    }
    if let Some(p) = &answers.signing_profile
        && p.split(':').nth(1) != Some(partition)
    {
        errors.push(FieldError::new(
            Field::SigningProfile,
            p,
            format!("is not in partition {partition}, the repositories'"),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::JsonStyle;
    use crate::policy::recipes::find_recipe;
    use crate::policy::spec::model::{SpecInput, validate};

    fn spec(region: &str, repos: &[&str]) -> Spec {
        validate(&SpecInput {
            region: Some(region.into()),
            account: Some("111122223333".into()),
            repositories: repos.iter().map(|r| (*r).to_string()).collect(),
            actions: crate::policy::spec::catalog::ActionSet::of(&["GetAuthorizationToken"]),
            ..SpecInput::default()
        })
        .unwrap()
    }

    fn answers(id: &str, given: &[(Question, &str)]) -> Answers {
        let mut raw = RawAnswers::default();
        for (q, v) in given {
            raw.set(*q, v);
        }
        check_answers(find_recipe(id).unwrap(), &raw).unwrap()
    }

    #[test]
    fn missing_and_foreign_answers_name_their_flag() {
        let github = find_recipe("github-actions-push").unwrap();
        let e = check_answers(github, &RawAnswers::default()).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].field, Field::GithubRepository);
        assert!(e[0].message.contains("--github-repo"), "{}", e[0]);
        // A blank answer given is refused by its rule, not taken as none.
        let mut raw = RawAnswers::default();
        raw.set(Question::GithubRepo, " ");
        assert!(check_answers(github, &raw).is_err());
        // Defaults fill the optional questions.
        let a = answers("github-actions-push", &[(Question::GithubRepo, "o/r")]);
        assert_eq!(a.github_ref, Some(GithubRef::Ref("refs/heads/main".into())));
    }

    #[test]
    fn documents_trust_and_next_steps_follow_the_workload() {
        let registry = spec("cn-north-1", &["web"]);
        let given = answers(
            "github-actions-push",
            &[
                (Question::GithubRepo, "octo/app"),
                (Question::GithubRef, "environment:prod"),
            ],
        );
        let p = plan(
            find_recipe("github-actions-push").unwrap(),
            &given,
            &registry,
            "ci",
        );
        assert_eq!(
            p.documents,
            [RecipeDocument::Identity, RecipeDocument::Trust]
        );
        assert_eq!(p.role_arn, "arn:aws-cn:iam::111122223333:role/ci");
        let trust = p.trust.as_ref().unwrap().to_json(JsonStyle::Compact);
        assert!(trust.contains("repo:octo/app:environment:prod"), "{trust}");
        assert!(trust.contains("sts.amazonaws.com.cn"), "{trust}");
        let steps = p.next_steps.join("\n");
        assert!(steps.contains("environment: prod"), "{steps}");
        assert!(steps.contains("audience: sts.amazonaws.com.cn"), "{steps}");
        assert!(steps.contains("amazonaws.com.cn"), "{steps}");
        assert!(p.notes.iter().any(|n| n.contains("immutable subject")));
        // With the IDs given, no note about them.
        let given = answers(
            "github-actions-push",
            &[(Question::GithubRepo, "octo@1/app@2")],
        );
        let p = plan(
            find_recipe("github-actions-push").unwrap(),
            &given,
            &registry,
            "ci",
        );
        assert!(!p.notes.iter().any(|n| n.contains("immutable subject")));
        // Lambda: the repository policy first, limited to the function.
        let registry = spec("us-east-1", &["web"]);
        let function = "arn:aws:lambda:us-east-1:111122223333:function:thumbs";
        let given = answers(
            "lambda-container-image",
            &[(Question::FunctionArn, function)],
        );
        let p = plan(
            find_recipe("lambda-container-image").unwrap(),
            &given,
            &registry,
            "fn",
        );
        assert_eq!(
            p.documents,
            [RecipeDocument::Repository, RecipeDocument::Trust]
        );
        assert!(
            matches!(&p.principal, Some(Principal::Service { source_arn: Some(x), .. }) if x == function)
        );
        assert!(p.managed.is_none());
        // A person: the identity policy alone.
        let p = plan(
            find_recipe("laptop-push-pull").unwrap(),
            &Answers::default(),
            &registry,
            "dev",
        );
        assert_eq!(p.documents, [RecipeDocument::Identity]);
        assert!(p.trust.is_none());
    }

    #[test]
    fn a_signing_profile_of_another_account_needs_its_permission() {
        let s = spec("us-east-1", &["web"]);
        let a = answers(
            "cross-account-ci-push",
            &[
                (Question::OtherRole, "arn:aws:iam::222233334444:role/ci"),
                (
                    Question::SigningProfile,
                    "arn:aws:signer:us-east-1:111122223333:/signing-profiles/sig",
                ),
            ],
        );
        let p = plan(find_recipe("cross-account-ci-push").unwrap(), &a, &s, "ci");
        assert_eq!(p.signing_profiles.len(), 1);
        let note = p
            .notes
            .iter()
            .find(|n| n.contains("add-profile-permission"))
            .unwrap();
        assert!(
            note.contains("--principal arn:aws:iam::222233334444:role/ci"),
            "{note}"
        );
        assert!(check_with_registry(&a, &s).is_ok());
        // The same account: no permission to add.
        let a = answers(
            "github-actions-push",
            &[
                (Question::GithubRepo, "o/r"),
                (
                    Question::SigningProfile,
                    "arn:aws:signer:us-east-1:111122223333:/signing-profiles/sig",
                ),
            ],
        );
        let p = plan(find_recipe("github-actions-push").unwrap(), &a, &s, "ci");
        assert!(!p.notes.iter().any(|n| n.contains("add-profile-permission")));
        // A profile of another partition is refused.
        let a = answers(
            "github-actions-push",
            &[
                (Question::GithubRepo, "o/r"),
                (
                    Question::SigningProfile,
                    "arn:aws-cn:signer:cn-north-1:111122223333:/signing-profiles/sig",
                ),
            ],
        );
        assert_eq!(
            check_with_registry(&a, &s).unwrap_err()[0].field,
            Field::SigningProfile
        );
    }
}
