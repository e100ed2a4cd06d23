//! The pull-through-cache preset: what a workload needs to pull through a cache rule, on the
//! cache rule's repositories (`PREFIX/*`), creating the cache repository on the first pull.

use std::sync::LazyLock;

use regex::Regex;

use super::catalog::ActionSet;
use super::error::{Field, FieldError};

/// The preset's id.
pub const PULL_THROUGH_CACHE: &str = "pull-through-cache";

/// Login, pull, and the two actions a first pull through a cache rule needs: importing the
/// upstream image, and creating the cache repository when it does not exist yet.
pub const PULL_THROUGH_CACHE_ACTIONS: &[&str] = &[
    "GetAuthorizationToken",
    "BatchGetImage",
    "GetDownloadUrlForLayer",
    "BatchCheckLayerAvailability",
    "BatchImportUpstreamImage",
    "CreateRepository",
];

/// The preset's actions.
pub fn pull_through_cache_actions() -> ActionSet {
    ActionSet::of(PULL_THROUGH_CACHE_ACTIONS)
}

/// The actions a repository name pattern is worth a warning for. With
/// `ecr:BatchImportUpstreamImage`, importing and `ecr:CreateRepository` are a pull-through
/// cache's, and a prefix pattern (`docker-hub/*`) is exactly what they need: the cache creates
/// repositories under it on the first pull (Amazon ECR User Guide, "IAM permissions required to
/// sync an upstream registry with an Amazon ECR private registry").
pub fn beyond_cache(set: ActionSet) -> ActionSet {
    if set.contains_any(ActionSet::of(&["BatchImportUpstreamImage"])) {
        set.difference(ActionSet::of(&[
            "BatchImportUpstreamImage",
            "CreateRepository",
        ]))
    } else {
        set
    }
}

/// botocore's `PullThroughCacheRuleRepositoryPrefix`: 2 to 30 characters of this pattern.
static PREFIX: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$").ok()
});

/// Checks a cache rule's repository prefix and returns the repository pattern it covers:
/// `docker-hub` covers `docker-hub/*` (ECR always reads the prefix with a `/` after it), and
/// `ROOT` (a rule without a prefix) covers every repository, `*`.
pub fn cache_repositories(raw: &str) -> Result<String, FieldError> {
    let prefix = raw.trim().trim_end_matches('/');
    if prefix == "ROOT" {
        return Ok("*".to_string());
    }
    let len = prefix.chars().count();
    let well_formed = PREFIX.as_ref().is_some_and(|re| re.is_match(prefix));
    if (2..=30).contains(&len) && well_formed {
        return Ok(format!("{prefix}/*"));
    }
    let why = if (2..=30).contains(&len) {
        "is not a cache prefix: lowercase letters and digits, parts joined by . _ - or /"
            .to_string()
    } else {
        format!("has {len} characters; a cache prefix has 2 to 30")
    };
    Err(FieldError::new(
        Field::Repository,
        raw,
        format!("{why} (the rule's ECR repository prefix, e.g. docker-hub, ecr-public, quay)"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::spec::catalog::find_action;

    #[test]
    fn prefixes_become_their_repository_patterns() {
        for (raw, want) in [
            ("docker-hub", "docker-hub/*"),
            ("ecr-public/", "ecr-public/*"),
            ("quay", "quay/*"),
            ("team.a/cache", "team.a/cache/*"),
            ("ROOT", "*"),
        ] {
            assert_eq!(cache_repositories(raw).unwrap(), want, "{raw}");
        }
        for bad in [
            "d",
            "Docker-Hub",
            "docker_-hub",
            "a".repeat(31).as_str(),
            "/x",
            "",
        ] {
            assert!(cache_repositories(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_preset_pulls_imports_and_creates() {
        let set = pull_through_cache_actions();
        assert_eq!(set.len(), PULL_THROUGH_CACHE_ACTIONS.len());
        for a in [
            "BatchImportUpstreamImage",
            "CreateRepository",
            "GetAuthorizationToken",
        ] {
            assert!(set.contains(find_action(a).unwrap()), "{a}");
        }
        assert!(
            set.star_only().len() == 1,
            "only login is on \"*\"; the admin side (CreatePullThroughCacheRule) is not here"
        );
    }
}
