//! The recipes: who uses the policy (a GitHub Actions workflow, an ECS task, an EKS node…), what
//! it does with ECR, which questions that takes, which AWS managed policy would also do and what
//! it grants beyond ours, and where AWS (or GitHub, GitLab) documents each part. One table, read
//! by `ecr-policy recipes`, `generate --recipe` and the wizard's first step.

use crate::policy::import::merge::preset_actions;
use crate::policy::spec::catalog::ActionSet;

/// A question a recipe asks besides the registry (region, account, repositories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Question {
    /// `--github-repo ORG/REPO`.
    GithubRepo,
    /// `--github-ref refs/heads/main` or `--github-environment ENV` (default: the branch main).
    GithubRef,
    /// `--gitlab-project GROUP/PROJECT`.
    GitlabProject,
    /// `--gitlab-ref BRANCH` (default: main).
    GitlabRef,
    /// `--gitlab-host HOST` (default: gitlab.com).
    GitlabHost,
    /// `--oidc-provider oidc.eks.REGION.amazonaws.com/id/ID`.
    OidcProvider,
    /// `--cluster NAME`.
    Cluster,
    /// `--namespace NAME`.
    Namespace,
    /// `--service-account NAME`.
    ServiceAccount,
    /// `--function-arn ARN`.
    FunctionArn,
    /// `--principal ARN`: the role (or user) of the other account that pushes.
    OtherRole,
    /// `--cache-prefix PREFIX`.
    CachePrefix,
    /// `--signing-profile ARN` (optional): ECR managed signing.
    SigningProfile,
}

impl Question {
    /// The `generate` flag that answers it.
    pub fn flag(self) -> &'static str {
        match self {
            Question::GithubRepo => "--github-repo",
            Question::GithubRef => "--github-ref",
            Question::GitlabProject => "--gitlab-project",
            Question::GitlabRef => "--gitlab-ref",
            Question::GitlabHost => "--gitlab-host",
            Question::OidcProvider => "--oidc-provider",
            Question::Cluster => "--cluster",
            Question::Namespace => "--namespace",
            Question::ServiceAccount => "--service-account",
            Question::FunctionArn => "--function-arn",
            Question::OtherRole => "--principal",
            Question::CachePrefix => "--cache-prefix",
            Question::SigningProfile => "--signing-profile",
        }
    }

    /// The wizard's field label.
    pub fn label(self) -> &'static str {
        match self {
            Question::GithubRepo => "GitHub repository",
            Question::GithubRef => "Branch, tag or environment",
            Question::GitlabProject => "GitLab project",
            Question::GitlabRef => "Branch or tag",
            Question::GitlabHost => "GitLab instance",
            Question::OidcProvider => "Cluster OIDC issuer",
            Question::Cluster => "EKS cluster",
            Question::Namespace => "Namespace",
            Question::ServiceAccount => "Service account",
            Question::FunctionArn => "Function ARN",
            Question::OtherRole => "Role that pushes",
            Question::CachePrefix => "Cache rule prefix",
            Question::SigningProfile => "Signing profile (optional)",
        }
    }

    /// What the answer is, with an example: the help of the flag and the wizard's hint.
    pub fn help(self) -> &'static str {
        match self {
            Question::GithubRepo => {
                "the repository whose workflows may assume the role: ORG/REPO, or \
                 ORG@ORG_ID/REPO@REPO_ID for repositories created after 15 July 2026"
            }
            Question::GithubRef => {
                "the branch or tag whose runs may assume the role (refs/heads/main), or \
                 environment:NAME for jobs that name a deployment environment"
            }
            Question::GitlabProject => {
                "the project whose pipelines may assume the role: GROUP/PROJECT"
            }
            Question::GitlabRef => {
                "the branch (main) or tag (refs/tags/v1) whose pipelines may assume the role"
            }
            Question::GitlabHost => "the GitLab instance's host name (gitlab.com, or your own)",
            Question::OidcProvider => {
                "the cluster's OIDC issuer without https:// \
                 (oidc.eks.REGION.amazonaws.com/id/ID, from aws eks describe-cluster)"
            }
            Question::Cluster => "the EKS cluster's name",
            Question::Namespace => "the Kubernetes namespace of the pods",
            Question::ServiceAccount => "the Kubernetes service account the pods run as",
            Question::FunctionArn => {
                "the function that runs the image: arn:aws:lambda:REGION:ACCOUNT:function:NAME"
            }
            Question::OtherRole => {
                "the role (or user) in the other account that pushes: \
                 arn:aws:iam::ACCOUNT:role/NAME"
            }
            Question::CachePrefix => {
                "the pull-through cache rule's repository prefix (docker-hub, ecr-public, quay…)"
            }
            Question::SigningProfile => {
                "with ECR managed signing: the AWS Signer profile the registry signs with, \
                 arn:aws:signer:REGION:ACCOUNT:/signing-profiles/NAME (empty: none)"
            }
        }
    }

    /// The answer when none is given; `None` when the question must be answered (or, for
    /// the signing profile, may stay empty).
    pub fn default(self) -> Option<&'static str> {
        match self {
            Question::GithubRef => Some("refs/heads/main"),
            Question::GitlabRef => Some("main"),
            Question::GitlabHost => Some("gitlab.com"),
            _ => None,
        }
    }

    /// Whether it may stay unanswered.
    pub fn optional(self) -> bool {
        self == Question::SigningProfile || self.default().is_some()
    }
}

/// A role an AWS service assumes, as that service's guide writes its trust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceRole {
    /// The service principal.
    pub principal: &'static str,
    /// The trust statement's Sid.
    pub sid: &'static str,
    /// The role in plain words ("the task execution role").
    pub role: &'static str,
}

/// Who assumes the role (and so which trust policy the recipe writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// A GitHub Actions workflow, through the account's GitHub OIDC provider.
    GithubActions,
    /// A GitLab CI/CD pipeline, through the account's provider for the GitLab instance.
    GitlabCi,
    /// Pods of an EKS cluster, through IAM roles for service accounts (the cluster's provider).
    EksServiceAccount,
    /// Pods of an EKS cluster, through EKS Pod Identity.
    EksPodIdentity,
    /// A role an AWS service assumes.
    Service(ServiceRole),
    /// Lambda pulls a function's image with its own service principal (the repository policy);
    /// the function's execution role trusts Lambda and needs no ECR permission.
    LambdaImage,
    /// A person or any role or user of the registry's account: no trust policy is written.
    AnyPrincipal,
    /// A role or user of another account: its identity policy there and a repository policy here.
    OtherAccount,
}

/// The AWS managed policy that fits, and what it grants beyond the recipe's own policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Managed {
    /// The name and path after `arn:PARTITION:iam::aws:policy/`.
    pub path: &'static str,
    pub beyond: &'static str,
}

impl Managed {
    /// The policy's name (the path's last part).
    pub fn name(&self) -> &'static str {
        self.path.rsplit('/').next().unwrap_or(self.path)
    }
}

/// One recipe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recipe {
    pub id: &'static str,
    /// The wizard's list entry.
    pub label: &'static str,
    /// One line for `ecr-policy recipes`.
    pub summary: &'static str,
    /// The preset the identity policy starts from (`none`: only the extra actions).
    pub preset: &'static str,
    /// Actions added to the preset's.
    pub extra_actions: &'static [&'static str],
    pub workload: Workload,
    pub questions: &'static [Question],
    pub managed: Option<Managed>,
    /// What else to know (availability, what the role does not do).
    pub caveat: Option<&'static str>,
    /// Where each part is documented.
    pub sources: &'static [&'static str],
}

const PULL_ONLY: Managed = Managed {
    path: "AmazonEC2ContainerRegistryPullOnly",
    beyond: "pull from every repository of every registry that lets the role in (Resource \
             \"*\"), and ecr:BatchImportUpstreamImage, which imports images through any \
             pull-through cache rule",
};

const POWER_USER: Managed = Managed {
    path: "AmazonEC2ContainerRegistryPowerUser",
    beyond: "push to and pull from every repository (Resource \"*\"), list and describe every \
             repository and image, and read repository and lifecycle policies, tags and scan \
             findings",
};

const ECR_LOGIN: &str = "https://github.com/aws-actions/amazon-ecr-login#permissions";
const PUSH_IAM: &str = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html";
const REGISTRY_AUTH: &str =
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html";
const GITHUB_AWS: &str =
    "https://github.com/aws-actions/configure-aws-credentials#quick-start-oidc-recommended";
const GITHUB_OIDC: &str = "https://docs.github.com/en/actions/reference/security/oidc";
const IAM_GITHUB: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub";
const SIGNING: &str = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/managed-signing.html";
const MANAGED: &str = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/";

/// Every recipe, in the order the wizard and `ecr-policy recipes` list them.
pub static RECIPES: &[Recipe] = &[
    Recipe {
        id: "github-actions-push",
        label: "GitHub Actions workflow pushes",
        summary: "a GitHub Actions workflow pushes images: an OIDC role (trust limited to one \
                  repository and branch or environment) and its push policy",
        preset: "push",
        extra_actions: &[],
        workload: Workload::GithubActions,
        questions: &[
            Question::GithubRepo,
            Question::GithubRef,
            Question::SigningProfile,
        ],
        managed: Some(POWER_USER),
        caveat: None,
        sources: &[
            GITHUB_AWS,
            GITHUB_OIDC,
            IAM_GITHUB,
            ECR_LOGIN,
            PUSH_IAM,
            SIGNING,
        ],
    },
    Recipe {
        id: "github-actions-pull",
        label: "GitHub Actions workflow pulls",
        summary: "a GitHub Actions workflow pulls images: an OIDC role (trust limited to one \
                  repository and branch or environment) and its pull policy",
        preset: "pull",
        extra_actions: &[],
        workload: Workload::GithubActions,
        questions: &[Question::GithubRepo, Question::GithubRef],
        managed: Some(PULL_ONLY),
        caveat: None,
        sources: &[GITHUB_AWS, GITHUB_OIDC, IAM_GITHUB, ECR_LOGIN],
    },
    Recipe {
        id: "gitlab-ci-push",
        label: "GitLab CI pipeline pushes",
        summary: "a GitLab CI/CD pipeline pushes images: an OIDC role (trust limited to one \
                  project and branch) and its push policy",
        preset: "push",
        extra_actions: &[],
        workload: Workload::GitlabCi,
        questions: &[
            Question::GitlabProject,
            Question::GitlabRef,
            Question::GitlabHost,
            Question::SigningProfile,
        ],
        managed: Some(POWER_USER),
        caveat: None,
        sources: &[
            "https://docs.gitlab.com/ci/cloud_services/aws/",
            "https://docs.gitlab.com/ci/secrets/id_token_authentication/",
            PUSH_IAM,
            REGISTRY_AUTH,
            SIGNING,
        ],
    },
    Recipe {
        id: "codebuild-push",
        label: "CodeBuild project pushes",
        summary: "an AWS CodeBuild project builds and pushes images: the service role \
                  (trusting codebuild.amazonaws.com) and its push policy",
        preset: "push",
        extra_actions: &[],
        workload: Workload::Service(ServiceRole {
            principal: "codebuild.amazonaws.com",
            sid: "CodeBuildServiceRole",
            role: "the CodeBuild project's service role",
        }),
        questions: &[Question::SigningProfile],
        managed: Some(POWER_USER),
        caveat: Some(
            "The service role also needs what every build needs (CloudWatch Logs, the source, \
             artifacts): CodeBuild's setting-up page lists it. A Docker build needs the \
             project's privileged mode.",
        ),
        sources: &[
            "https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html",
            "https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker.html",
            PUSH_IAM,
            SIGNING,
        ],
    },
    Recipe {
        id: "ecs-task-execution-pull",
        label: "ECS task pulls its image",
        summary: "an ECS task (Fargate or EC2) pulls its container image: the task execution \
                  role (trusting ecs-tasks.amazonaws.com) and its pull policy",
        preset: "pull",
        extra_actions: &[],
        workload: Workload::Service(ServiceRole {
            principal: "ecs-tasks.amazonaws.com",
            sid: "EcsTaskExecution",
            role: "the task execution role",
        }),
        questions: &[],
        managed: Some(Managed {
            path: "service-role/AmazonECSTaskExecutionRolePolicy",
            beyond: "pull from every repository (Resource \"*\"), and logs:CreateLogStream and \
                     logs:PutLogEvents on every log group",
        }),
        caveat: Some(
            "The execution role pulls the image; what the application itself calls is the task \
             role's. Sending logs to CloudWatch needs logs:CreateLogStream and \
             logs:PutLogEvents as well.",
        ),
        sources: &[
            "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html",
            "https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_ECS.html",
            "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSTaskExecutionRolePolicy.html",
        ],
    },
    Recipe {
        id: "eks-node-pull",
        label: "EKS nodes pull images",
        summary: "the nodes of an EKS cluster pull pod images (kubelet): the node role \
                  (trusting ec2.amazonaws.com) and its pull policy",
        preset: "pull",
        extra_actions: &[],
        workload: Workload::Service(ServiceRole {
            principal: "ec2.amazonaws.com",
            sid: "EksNodes",
            role: "the node IAM role",
        }),
        questions: &[],
        managed: Some(PULL_ONLY),
        caveat: Some(
            "The node role also needs AmazonEKSWorkerNodePolicy (it grants no ECR action) and \
             the CNI's policy; kubelet pulls every pod's image with the node role, whatever \
             the pod's own role.",
        ),
        sources: &[
            "https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html",
            "https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_EKS.html",
            "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEKSWorkerNodePolicy.html",
        ],
    },
    Recipe {
        id: "eks-pod-irsa-pull",
        label: "EKS pod pulls (IRSA)",
        summary: "pods of one service account pull with their own role through IAM roles for \
                  service accounts (the cluster's OIDC provider)",
        preset: "pull",
        extra_actions: &[],
        workload: Workload::EksServiceAccount,
        questions: &[
            Question::OidcProvider,
            Question::Namespace,
            Question::ServiceAccount,
        ],
        managed: Some(PULL_ONLY),
        caveat: Some(
            "This role is for what the pod's own code pulls (crane, skopeo, a CI runner); the \
             images of the pod's containers are pulled by kubelet with the node role \
             (recipe eks-node-pull).",
        ),
        sources: &[
            "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
            "https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html",
        ],
    },
    Recipe {
        id: "eks-pod-identity-pull",
        label: "EKS pod pulls (Pod Identity)",
        summary: "pods of one service account pull with their own role through EKS Pod \
                  Identity (trusting pods.eks.amazonaws.com, limited by its session tags)",
        preset: "pull",
        extra_actions: &[],
        workload: Workload::EksPodIdentity,
        questions: &[
            Question::Cluster,
            Question::Namespace,
            Question::ServiceAccount,
        ],
        managed: Some(PULL_ONLY),
        caveat: Some(
            "This role is for what the pod's own code pulls; the images of the pod's \
             containers are pulled by kubelet with the node role (recipe eks-node-pull). The \
             cluster needs the EKS Pod Identity Agent add-on.",
        ),
        sources: &[
            "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html",
            "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-association.html",
        ],
    },
    Recipe {
        id: "lambda-container-image",
        label: "Lambda runs a container image",
        summary: "a Lambda function runs an image from ECR: the repository policy for \
                  lambda.amazonaws.com (limited to the function) and the execution role's \
                  trust",
        preset: "none",
        extra_actions: &["BatchGetImage", "GetDownloadUrlForLayer"],
        workload: Workload::LambdaImage,
        questions: &[Question::FunctionArn],
        managed: None,
        caveat: Some(
            "Lambda pulls with its own service principal, so the execution role needs no ECR \
             permission; the image must be in the function's region.",
        ),
        sources: &[
            "https://docs.aws.amazon.com/lambda/latest/dg/images-create.html",
            "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
        ],
    },
    Recipe {
        id: "app-runner-pull",
        label: "App Runner service pulls",
        summary: "an App Runner service deploys from a private repository: the access role \
                  (trusting build.apprunner.amazonaws.com) and its pull policy",
        preset: "pull",
        extra_actions: &["DescribeImages"],
        workload: Workload::Service(ServiceRole {
            principal: "build.apprunner.amazonaws.com",
            sid: "AppRunnerAccess",
            role: "the App Runner access role",
        }),
        questions: &[],
        managed: Some(Managed {
            path: "service-role/AWSAppRunnerServicePolicyForECRAccess",
            beyond: "the same actions on every repository (Resource \"*\")",
        }),
        caveat: Some(
            "AWS App Runner is no longer open to new customers from 30 April 2026; existing \
             customers can go on using it.",
        ),
        sources: &[
            "https://docs.aws.amazon.com/apprunner/latest/dg/security_iam_service-with-iam.html",
            "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSAppRunnerServicePolicyForECRAccess.html",
            "https://docs.aws.amazon.com/apprunner/latest/dg/apprunner-availability-change.html",
        ],
    },
    Recipe {
        id: "ec2-instance-pull",
        label: "EC2 instance pulls (docker)",
        summary: "an EC2 instance runs docker pull: the instance profile's role (trusting \
                  ec2.amazonaws.com) and its pull policy",
        preset: "pull",
        extra_actions: &[],
        workload: Workload::Service(ServiceRole {
            principal: "ec2.amazonaws.com",
            sid: "Ec2Instances",
            role: "the instance profile's role",
        }),
        questions: &[],
        managed: Some(PULL_ONLY),
        caveat: None,
        sources: &[
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html",
            REGISTRY_AUTH,
            ECR_LOGIN,
        ],
    },
    Recipe {
        id: "laptop-push-pull",
        label: "A developer's laptop pushes and pulls",
        summary: "a person pushes and pulls from a laptop: the identity policy for their IAM \
                  Identity Center permission set, role or user (no trust policy to write)",
        preset: "push-pull",
        extra_actions: &[],
        workload: Workload::AnyPrincipal,
        questions: &[Question::SigningProfile],
        managed: Some(POWER_USER),
        caveat: None,
        sources: &[REGISTRY_AUTH, PUSH_IAM, ECR_LOGIN, SIGNING],
    },
    Recipe {
        id: "cross-account-ci-push",
        label: "Another account's CI pushes",
        summary: "a CI role in another account pushes here: its identity policy there and the \
                  repository policy that lets it in here",
        preset: "push",
        extra_actions: &[],
        workload: Workload::OtherAccount,
        questions: &[Question::OtherRole, Question::SigningProfile],
        managed: Some(POWER_USER),
        caveat: Some(
            "The managed policy covers only the identity side: the repository policy is needed \
             either way. The role's trust is its CI's (see the github-actions-push and \
             gitlab-ci-push recipes, run in that account).",
        ),
        sources: &[
            "https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html",
            PUSH_IAM,
            SIGNING,
        ],
    },
    Recipe {
        id: "pull-through-cache",
        label: "Pull through a cache rule",
        summary: "a role or user pulls upstream images through a pull-through cache rule, \
                  creating the cache repository on the first pull",
        preset: "pull-through-cache",
        extra_actions: &[],
        workload: Workload::AnyPrincipal,
        questions: &[Question::CachePrefix],
        managed: Some(Managed {
            path: "AmazonEC2ContainerRegistryPullOnly",
            beyond: "pull from every repository (Resource \"*\"); it has \
                     ecr:BatchImportUpstreamImage but not ecr:CreateRepository, so the first \
                     pull of an image never cached before fails",
        }),
        caveat: None,
        sources: &[
            "https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html",
            "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2ContainerRegistryPullOnly.html",
        ],
    },
];

impl Recipe {
    /// The recipe's ECR actions: its preset's and the extra ones.
    pub fn actions(&self) -> ActionSet {
        preset_actions(Some(self.preset))
            .unwrap_or(ActionSet::EMPTY)
            .union(ActionSet::of(self.extra_actions))
    }

    /// Whether the recipe's workload pushes images (and so may sign them).
    pub fn pushes(&self) -> bool {
        self.actions().contains_any(ActionSet::of(&["PutImage"]))
    }
}

/// The AWS Managed Policy Reference page of a managed policy.
pub fn managed_page(m: &Managed) -> String {
    format!("{MANAGED}{}.html", m.name())
}

/// A recipe by id, ignoring case.
pub fn find_recipe(id: &str) -> Option<&'static Recipe> {
    RECIPES
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(id.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::spec::catalog::find_action;
    use crate::policy::spec::tasks::find_preset;

    #[test]
    fn twelve_or_more_recipes_with_unique_ids_and_known_actions() {
        assert!(RECIPES.len() >= 12);
        for (i, r) in RECIPES.iter().enumerate() {
            assert!(RECIPES[..i].iter().all(|o| o.id != r.id), "{} twice", r.id);
            assert_eq!(find_recipe(&r.id.to_uppercase()).map(|f| f.id), Some(r.id));
            assert!(
                r.preset == "none" || find_preset(r.preset).is_some(),
                "{}: preset {}",
                r.id,
                r.preset
            );
            assert!(!r.actions().is_empty(), "{} grants nothing", r.id);
            // Signing is asked exactly of the recipes that push.
            assert_eq!(
                r.questions.contains(&Question::SigningProfile),
                r.pushes(),
                "{}",
                r.id
            );
            for a in r.extra_actions {
                assert!(find_action(a).is_some(), "{}: {a}", r.id);
            }
            assert!(!r.sources.is_empty(), "{} has no source", r.id);
            assert!(r.label.chars().count() <= 40, "{}: label too long", r.id);
            let mut flags: Vec<&str> = r.questions.iter().map(|q| q.flag()).collect();
            flags.sort_unstable();
            flags.dedup();
            assert_eq!(
                flags.len(),
                r.questions.len(),
                "{} repeats a question",
                r.id
            );
        }
    }
}
