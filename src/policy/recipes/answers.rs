//! The answers a recipe asks for, each read and checked by the rules of whoever owns the name
//! (GitHub, GitLab, Git, Kubernetes, EKS, IAM, AWS Signer); every error names the field, the
//! value and the rule. Sources are in `docs/sources.md` ("Recipes").

use std::sync::LazyLock;

use regex::Regex;

use crate::policy::spec::catalog::PARTITIONS;
use crate::policy::spec::error::{Field, FieldError};
use crate::policy::spec::validate::parse_account;

fn matches(re: &LazyLock<Option<Regex>>, text: &str) -> bool {
    re.as_ref().is_some_and(|re| re.is_match(text))
}

/// A GitHub user or organisation name: 1 to 39 letters, digits and single hyphens, neither
/// first nor last.
static GITHUB_OWNER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}$").ok());
/// A GitHub repository name: 1 to 100 letters, digits, `.`, `_` and `-`.
static GITHUB_REPO: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9._-]{1,100}$").ok());
/// A GitHub numeric ID (owner or repository), as the immutable `sub` carries it.
static NUMERIC_ID: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^[0-9]{1,20}$").ok());
/// One segment of a GitLab group or project path.
static GITLAB_SEGMENT: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$").ok());
/// A DNS host name label.
static HOST_LABEL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$").ok());
/// A Kubernetes namespace: an RFC 1123 label.
static K8S_LABEL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$").ok());
/// A Kubernetes service account name: an RFC 1123 subdomain.
static K8S_SUBDOMAIN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$").ok()
});
/// An EKS cluster name, as `CreateCluster` takes it.
static CLUSTER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$").ok());
/// An EKS cluster's OIDC issuer, without `https://`.
static EKS_ISSUER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/id/[0-9A-Z]{1,64}$").ok()
});
/// An AWS Signer signing profile name.
static SIGNER_PROFILE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_]{2,64}$").ok());
/// An IAM role name.
static ROLE_NAME: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_+=,.@-]{1,64}$").ok());
/// A region code's shape (the region itself need not be one this tool knows).
static REGION_CODE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[a-z]{2}(?:-[a-z]+)+-[0-9]+$").ok());

/// A GitHub repository, by name (`ORG/REPO`) or with the numeric IDs of the immutable subject
/// format (`ORG@ORG_ID/REPO@REPO_ID`) that repositories created after 15 July 2026 send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GithubRepo {
    pub owner: String,
    pub owner_id: Option<String>,
    pub repo: String,
    pub repo_id: Option<String>,
}

impl GithubRepo {
    /// `ORG/REPO` or `ORG@ID/REPO@ID`, as the `sub` claim writes it after `repo:`.
    pub fn path(&self) -> String {
        let part = |name: &str, id: &Option<String>| match id {
            Some(id) => format!("{name}@{id}"),
            None => name.to_string(),
        };
        format!(
            "{}/{}",
            part(&self.owner, &self.owner_id),
            part(&self.repo, &self.repo_id)
        )
    }

    /// Whether the IDs of the immutable subject format are given.
    pub fn immutable(&self) -> bool {
        self.owner_id.is_some()
    }
}

/// Reads `--github-repo`: `ORG/REPO`, `ORG@ORG_ID/REPO@REPO_ID`, or the repository's URL
/// (`https://github.com/ORG/REPO`, `.git` allowed).
pub fn parse_github_repo(raw: &str) -> Result<GithubRepo, FieldError> {
    let bad = |msg: String| FieldError::new(Field::GithubRepository, raw, msg);
    let mut text = raw.trim();
    for prefix in ["https://github.com/", "http://github.com/", "github.com/"] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.trim_end_matches('/');
            text = text.strip_suffix(".git").unwrap_or(text);
        }
    }
    let Some((owner, repo)) = text.split_once('/') else {
        return Err(bad(
            "is not ORG/REPO: give the repository as GitHub shows it, e.g. octo-org/octo-repo \
             (or octo-org@123456/octo-repo@456789 with the IDs of the immutable subject format)"
                .into(),
        ));
    };
    if repo.contains('/') {
        return Err(bad(
            "has more than one /: a GitHub repository is ORG/REPO".into()
        ));
    }
    let split = |part: &'static str, s: &str| -> Result<(String, Option<String>), FieldError> {
        match s.split_once('@') {
            None => Ok((s.to_string(), None)),
            Some((name, id)) if matches(&NUMERIC_ID, id) => {
                Ok((name.to_string(), Some(id.to_string())))
            }
            Some((_, id)) => Err(bad(format!(
                "has the {part} ID {}: the immutable subject format writes NAME@ID with the \
                 numeric ID GitHub gives (e.g. octo-org@123456)",
                crate::policy::visible::quoted(id)
            ))),
        }
    };
    let (owner, owner_id) = split("owner", owner)?;
    let (repo, repo_id) = split("repository", repo)?;
    if owner_id.is_some() != repo_id.is_some() {
        return Err(bad(
            "gives the ID of only one part: the immutable subject format carries both, \
             ORG@ORG_ID/REPO@REPO_ID"
                .into(),
        ));
    }
    if !matches(&GITHUB_OWNER, &owner) {
        return Err(bad(format!(
            "has the owner {}: a GitHub user or organisation name is 1 to 39 letters, digits \
             and single hyphens, and does not start or end with a hyphen",
            crate::policy::visible::quoted(&owner)
        )));
    }
    if !matches(&GITHUB_REPO, &repo) || repo == "." || repo == ".." {
        return Err(bad(format!(
            "has the repository name {}: a GitHub repository name is 1 to 100 letters, digits, \
             '.', '_' and '-' (and not . or ..)",
            crate::policy::visible::quoted(&repo)
        )));
    }
    Ok(GithubRepo {
        owner,
        owner_id,
        repo,
        repo_id,
    })
}

/// What of a workflow run the trust admits: one Git ref (a branch or tag) or one environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GithubRef {
    /// `refs/heads/NAME` or `refs/tags/NAME`.
    Ref(String),
    /// A deployment environment's name.
    Environment(String),
}

impl GithubRef {
    /// The part of the `sub` claim after `repo:ORG/REPO:`. GitHub writes a `:` inside a value
    /// as `%3A`.
    pub fn subject(&self) -> String {
        match self {
            GithubRef::Ref(r) => format!("ref:{}", r.replace(':', "%3A")),
            GithubRef::Environment(e) => format!("environment:{}", e.replace(':', "%3A")),
        }
    }

    /// In words: "the branch main", "the tag v1", "the environment prod".
    pub fn describe(&self) -> String {
        match self {
            GithubRef::Ref(r) => {
                match (r.strip_prefix("refs/heads/"), r.strip_prefix("refs/tags/")) {
                    (Some(b), _) => format!("the branch {b}"),
                    (_, Some(t)) => format!("the tag {t}"),
                    _ => format!("the ref {r}"),
                }
            }
            GithubRef::Environment(e) => format!("the environment {e}"),
        }
    }
}

/// Checks a Git ref name against `git check-ref-format`'s rules; `Err` is the rule broken.
fn check_ref_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("is empty".into());
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_control() || " ~^:?*[\\".contains(*c))
    {
        return Err(format!(
            "contains {}: a Git ref has no spaces, controls or any of ~ ^ : ? * [ \\",
            crate::policy::visible::quoted(&c.to_string())
        ));
    }
    if name.contains("..") || name.contains("@{") || name.contains("//") {
        return Err("contains .., @{ or //, which a Git ref cannot".into());
    }
    if name.starts_with('/') || name.ends_with('/') || name.ends_with('.') || name == "@" {
        return Err("starts or ends with / or ends with ., which a Git ref cannot".into());
    }
    // Git's rule is about the exact text `.lock`, in any case of the rest.
    #[allow(clippy::case_sensitive_file_extension_comparisons)]
    if name
        .split('/')
        .any(|part| part.starts_with('.') || part.ends_with(".lock"))
    {
        return Err(
            "has a part starting with . or ending with .lock, which a Git ref cannot".into(),
        );
    }
    Ok(())
}

/// Reads `--github-ref`: `refs/heads/BRANCH`, `refs/tags/TAG`, or a bare branch name (taken
/// as `refs/heads/NAME`). Wildcards are refused: the trust admits one ref exactly.
pub fn parse_github_ref(raw: &str) -> Result<GithubRef, FieldError> {
    let text = raw.trim();
    let full = if text.starts_with("refs/") {
        text.to_string()
    } else {
        format!("refs/heads/{text}")
    };
    let name = full
        .strip_prefix("refs/heads/")
        .or_else(|| full.strip_prefix("refs/tags/"));
    let Some(name) = name else {
        return Err(FieldError::new(
            Field::GithubRef,
            raw,
            "is neither refs/heads/BRANCH nor refs/tags/TAG: the trust admits a branch or a tag \
             (or use an environment)",
        ));
    };
    check_ref_name(name).map_err(|why| FieldError::new(Field::GithubRef, raw, why))?;
    Ok(GithubRef::Ref(full))
}

/// Reads `--github-environment`: a GitHub deployment environment, 1 to 255 characters.
pub fn parse_github_environment(raw: &str) -> Result<GithubRef, FieldError> {
    let text = raw.trim();
    let bad = |msg: &str| FieldError::new(Field::GithubRef, raw, msg.to_string());
    if text.is_empty() {
        return Err(bad(
            "is empty: give the environment's name, e.g. production",
        ));
    }
    if text.chars().count() > 255 {
        return Err(bad(
            "is longer than 255 characters, GitHub's limit for an environment name",
        ));
    }
    if text.chars().any(|c| c.is_control() || c == '*' || c == '?') {
        return Err(bad(
            "contains a control character, * or ?: the trust admits one environment exactly",
        ));
    }
    Ok(GithubRef::Environment(text.to_string()))
}

/// The wizard's one field for either: `environment:NAME` (or `env:NAME`) is an environment,
/// anything else a ref.
pub fn parse_github_ref_or_environment(raw: &str) -> Result<GithubRef, FieldError> {
    let text = raw.trim();
    for prefix in ["environment:", "env:"] {
        if let Some(env) = text.strip_prefix(prefix) {
            return parse_github_environment(env);
        }
    }
    parse_github_ref(text)
}

/// Reads `--gitlab-project`: `GROUP/[SUBGROUP/…]PROJECT`, each part as GitLab's path rule.
pub fn parse_gitlab_project(raw: &str) -> Result<String, FieldError> {
    let text = raw.trim().trim_matches('/');
    let bad = |msg: String| FieldError::new(Field::GitlabProject, raw, msg);
    let parts: Vec<&str> = text.split('/').collect();
    if parts.len() < 2 {
        return Err(bad(
            "is not GROUP/PROJECT: give the project's path as GitLab shows it, e.g. \
             mygroup/myproject"
                .into(),
        ));
    }
    for p in &parts {
        let ends = |suffix: &str| {
            p.len()
                .checked_sub(suffix.len())
                .and_then(|i| p.get(i..))
                .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
        };
        if !matches(&GITLAB_SEGMENT, p) || ends(".git") || ends(".atom") {
            return Err(bad(format!(
                "has the part {}: a GitLab path is letters, digits, '_', '-' and '.', does not \
                 start with '-' or '.', and does not end in .git or .atom",
                crate::policy::visible::quoted(p)
            )));
        }
    }
    Ok(text.to_string())
}

/// A GitLab ref as its `sub` claim writes it: `ref_type:branch:ref:main`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitlabRef {
    /// `branch` or `tag`.
    pub ref_type: &'static str,
    pub name: String,
}

impl GitlabRef {
    /// The part of the `sub` claim after `project_path:GROUP/PROJECT:`.
    pub fn subject(&self) -> String {
        format!("ref_type:{}:ref:{}", self.ref_type, self.name)
    }
}

/// Reads `--gitlab-ref`: a branch name, `refs/heads/BRANCH` or `refs/tags/TAG`.
pub fn parse_gitlab_ref(raw: &str) -> Result<GitlabRef, FieldError> {
    let text = raw.trim();
    let (ref_type, name) = if let Some(t) = text.strip_prefix("refs/tags/") {
        ("tag", t)
    } else {
        ("branch", text.strip_prefix("refs/heads/").unwrap_or(text))
    };
    check_ref_name(name).map_err(|why| FieldError::new(Field::GitlabRef, raw, why))?;
    Ok(GitlabRef {
        ref_type,
        name: name.to_string(),
    })
}

/// Reads a host name (`gitlab.com`, `gitlab.example.com`; `https://` taken off).
pub fn parse_host(raw: &str, field: Field) -> Result<String, FieldError> {
    let text = raw
        .trim()
        .trim_start_matches("https://")
        .trim_end_matches('/')
        .to_ascii_lowercase();
    let ok = !text.is_empty()
        && text.len() <= 253
        && text.contains('.')
        && text.split('.').all(|l| matches(&HOST_LABEL, l));
    if ok {
        Ok(text)
    } else {
        Err(FieldError::new(
            field,
            raw,
            "is not a host name: labels of a-z, 0-9 and - separated by dots, e.g. gitlab.com",
        ))
    }
}

/// Reads `--oidc-provider`: an EKS cluster's OIDC issuer without `https://`
/// (`oidc.eks.REGION.amazonaws.com/id/ID`, as `aws eks describe-cluster` shows it in
/// `cluster.identity.oidc.issuer`).
pub fn parse_eks_oidc_provider(raw: &str) -> Result<String, FieldError> {
    let text = raw
        .trim()
        .trim_start_matches("https://")
        .trim_end_matches('/');
    if matches(&EKS_ISSUER, text) {
        Ok(text.to_string())
    } else {
        Err(FieldError::new(
            Field::OidcProvider,
            raw,
            "is not an EKS cluster's OIDC issuer: oidc.eks.REGION.amazonaws.com/id/ID, as \
             aws eks describe-cluster --query cluster.identity.oidc.issuer prints it (https:// \
             may stay)",
        ))
    }
}

/// Reads a Kubernetes namespace (an RFC 1123 label).
pub fn parse_namespace(raw: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    if matches(&K8S_LABEL, text) {
        Ok(text.to_string())
    } else {
        Err(FieldError::new(
            Field::Namespace,
            raw,
            "is not a Kubernetes namespace: 1 to 63 lowercase letters, digits and -, starting \
             and ending with a letter or digit",
        ))
    }
}

/// Reads a Kubernetes service account name (an RFC 1123 subdomain).
pub fn parse_service_account(raw: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.len() <= 253 && matches(&K8S_SUBDOMAIN, text) {
        Ok(text.to_string())
    } else {
        Err(FieldError::new(
            Field::ServiceAccount,
            raw,
            "is not a Kubernetes service account name: at most 253 lowercase letters, digits, \
             - and ., each dot-separated part starting and ending with a letter or digit",
        ))
    }
}

/// Reads an EKS cluster name, as `CreateCluster` takes it.
pub fn parse_cluster(raw: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    if matches(&CLUSTER, text) {
        Ok(text.to_string())
    } else {
        Err(FieldError::new(
            Field::Cluster,
            raw,
            "is not an EKS cluster name: 1 to 100 letters, digits, - and _, starting with a \
             letter or digit",
        ))
    }
}

/// Reads an IAM role name (`CreateRole`'s rule).
pub fn parse_role_name(raw: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    if matches(&ROLE_NAME, text) {
        Ok(text.to_string())
    } else {
        Err(FieldError::new(
            Field::RoleName,
            raw,
            "is not an IAM role name: 1 to 64 letters, digits and _+=,.@-",
        ))
    }
}

/// Reads `--signing-profile`: an AWS Signer signing profile ARN,
/// `arn:PARTITION:signer:REGION:ACCOUNT:/signing-profiles/NAME` (note the `/` after the
/// account), as ECR's managed signing names it.
pub fn parse_signing_profile(raw: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    let bad = |why: &str| {
        FieldError::new(
            Field::SigningProfile,
            raw,
            format!(
                "is not a signing profile ARN: {why}; it is \
                 arn:PARTITION:signer:REGION:ACCOUNT:/signing-profiles/NAME, e.g. \
                 arn:aws:signer:us-east-1:111122223333:/signing-profiles/ecr_signing"
            ),
        )
    };
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return Err(bad("it has fewer than six parts"));
    };
    if *arn != "arn" || *service != "signer" {
        return Err(bad("it must be an AWS Signer (signer) ARN"));
    }
    if !PARTITIONS.iter().any(|p| p.arn == *partition) {
        return Err(bad("its partition is not one AWS has"));
    }
    if !matches(&REGION_CODE, region) {
        return Err(bad("its region is not a region code"));
    }
    if parse_account(account).is_err() || account.len() != 12 {
        return Err(bad("it has no 12-digit account ID"));
    }
    let Some(name) = resource.strip_prefix("/signing-profiles/") else {
        return Err(bad("its resource must be /signing-profiles/NAME"));
    };
    if !matches(&SIGNER_PROFILE, name) {
        return Err(bad(
            "its profile name is not 2 to 64 letters, digits and _ (a profile version is not \
             taken: give the profile)",
        ));
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_repositories_by_name_or_with_ids() {
        let r = parse_github_repo("octo-org/octo-repo").unwrap();
        assert_eq!(r.path(), "octo-org/octo-repo");
        assert!(!r.immutable());
        let r = parse_github_repo("octo-org@123456/octo-repo@456789").unwrap();
        assert_eq!(r.path(), "octo-org@123456/octo-repo@456789");
        assert!(r.immutable());
        let r = parse_github_repo(" https://github.com/Octo/app.js.git ").unwrap();
        assert_eq!(r.path(), "Octo/app.js");
        for (bad, says) in [
            ("octo", "is not ORG/REPO"),
            ("a/b/c", "more than one /"),
            ("-octo/app", "owner"),
            ("octo--org/app", "owner"),
            (&format!("{}/app", "a".repeat(40)), "owner"),
            ("octo/app name", "repository name"),
            ("octo/..", "repository name"),
            ("octo@12/app", "only one part"),
            ("octo@x1/app@2", "owner ID"),
            ("octo/*", "repository name"),
        ] {
            let e = parse_github_repo(bad).unwrap_err();
            assert_eq!(e.field, Field::GithubRepository);
            assert!(e.message.contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn github_refs_and_environments() {
        assert_eq!(
            parse_github_ref("refs/heads/main").unwrap().subject(),
            "ref:refs/heads/main"
        );
        assert_eq!(
            parse_github_ref("release/1.x").unwrap(),
            GithubRef::Ref("refs/heads/release/1.x".into())
        );
        assert_eq!(
            parse_github_ref("refs/tags/v1.2").unwrap().describe(),
            "the tag v1.2"
        );
        for bad in [
            "refs/heads/*",
            "refs/pull/1/merge",
            "refs/heads/a..b",
            "refs/heads/x.lock",
            "refs/heads/",
            "a b",
            "",
        ] {
            assert_eq!(
                parse_github_ref(bad).unwrap_err().field,
                Field::GithubRef,
                "{bad}"
            );
        }
        let env = parse_github_ref_or_environment("environment:Production:V1").unwrap();
        assert_eq!(env.subject(), "environment:Production%3AV1");
        assert!(parse_github_environment(&"e".repeat(256)).is_err());
        assert!(parse_github_environment("prod*").is_err());
    }

    #[test]
    fn gitlab_paths_refs_and_hosts() {
        assert_eq!(
            parse_gitlab_project("group/sub/project").unwrap(),
            "group/sub/project"
        );
        for bad in [
            "project",
            "group/-x",
            "group/x.git",
            "group/a b",
            "group/.x",
        ] {
            assert_eq!(
                parse_gitlab_project(bad).unwrap_err().field,
                Field::GitlabProject,
                "{bad}"
            );
        }
        assert_eq!(
            parse_gitlab_ref("main").unwrap().subject(),
            "ref_type:branch:ref:main"
        );
        assert_eq!(
            parse_gitlab_ref("refs/tags/v1").unwrap().subject(),
            "ref_type:tag:ref:v1"
        );
        assert!(parse_gitlab_ref("ma*n").is_err());
        assert_eq!(
            parse_host("https://GitLab.Example.com/", Field::GitlabHost).unwrap(),
            "gitlab.example.com"
        );
        assert!(parse_host("gitlab", Field::GitlabHost).is_err());
        assert!(parse_host("git_lab.com", Field::GitlabHost).is_err());
    }

    #[test]
    fn kubernetes_and_eks_names() {
        let issuer = "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
        assert_eq!(
            parse_eks_oidc_provider(&format!("https://{issuer}")).unwrap(),
            issuer
        );
        assert!(parse_eks_oidc_provider("token.actions.githubusercontent.com").is_err());
        assert!(parse_eks_oidc_provider("oidc.eks.us-west-2.amazonaws.com/id/abc").is_err());
        assert_eq!(parse_namespace("team-a").unwrap(), "team-a");
        for bad in ["Team", "-a", "a-", &"a".repeat(64), "a.b"] {
            assert_eq!(
                parse_namespace(bad).unwrap_err().field,
                Field::Namespace,
                "{bad}"
            );
        }
        assert_eq!(parse_service_account("app.v1").unwrap(), "app.v1");
        assert!(parse_service_account("App").is_err());
        assert!(parse_service_account("a..b").is_err());
        assert_eq!(parse_cluster("prod_1-eu").unwrap(), "prod_1-eu");
        assert!(parse_cluster("-x").is_err());
        assert!(parse_cluster(&"c".repeat(101)).is_err());
    }

    #[test]
    fn signing_profiles_and_role_names() {
        let arn = "arn:aws:signer:us-east-1:111122223333:/signing-profiles/ecr_signing";
        assert_eq!(parse_signing_profile(arn).unwrap(), arn);
        for (bad, says) in [
            (
                "arn:aws:signer:us-east-1:111122223333:signing-profiles/x1",
                "/signing-profiles/NAME",
            ),
            (
                "arn:aws:signer:us-east-1:111122223333:/signing-profiles/ecr-signing",
                "profile name",
            ),
            (
                "arn:aws:signer:us-east-1:111122223333:/signing-profiles/ecr/abc123",
                "profile name",
            ),
            (
                "arn:aws:kms:us-east-1:111122223333:/signing-profiles/ecr",
                "AWS Signer",
            ),
            (
                "arn:aws:signer:us-east-1:1111:/signing-profiles/ecr",
                "12-digit",
            ),
            (
                "arn:aws:signer:*:111122223333:/signing-profiles/ecr",
                "region",
            ),
            (
                "arn:nope:signer:us-east-1:111122223333:/signing-profiles/ecr",
                "partition",
            ),
        ] {
            let e = parse_signing_profile(bad).unwrap_err();
            assert_eq!(e.field, Field::SigningProfile);
            assert!(e.message.contains(says), "{bad}: {e}");
        }
        assert_eq!(parse_role_name("ci-push@x").unwrap(), "ci-push@x");
        assert!(parse_role_name(&"r".repeat(65)).is_err());
        assert!(parse_role_name("a b").is_err());
    }
}
