//! Task bundles a newcomer understands ("pull", "push", ...) and the named presets built from them.

use crate::policy::spec::catalog::{ActionId, ActionSet};

/// A named bundle of actions for one everyday job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    pub id: &'static str,
    pub label: &'static str,
    /// What the task lets someone do, in plain words.
    pub summary: &'static str,
    pub actions: &'static [&'static str],
}

impl Task {
    /// The task's actions as a set.
    pub fn set(&self) -> ActionSet {
        ActionSet::of(self.actions)
    }
}

/// Registry-level actions other than login: all of them only work on `"*"`.
const REGISTRY_ADMIN: &[&str] = &[
    "CreatePullThroughCacheRule",
    "CreateRepositoryCreationTemplate",
    "DeletePullThroughCacheRule",
    "DeleteRegistryPolicy",
    "DeleteRepositoryCreationTemplate",
    "DeleteSigningConfiguration",
    "DeregisterPullTimeUpdateExclusion",
    "DescribePullThroughCacheRules",
    "DescribeRegistry",
    "DescribeRepositoryCreationTemplates",
    "GetAccountSetting",
    "GetRegistryPolicy",
    "GetRegistryScanningConfiguration",
    "GetSigningConfiguration",
    "ListPullTimeUpdateExclusions",
    "PutAccountSetting",
    "PutRegistryPolicy",
    "PutRegistryScanningConfiguration",
    "PutReplicationConfiguration",
    "PutSigningConfiguration",
    "RegisterPullTimeUpdateExclusion",
    "UpdatePullThroughCacheRule",
    "UpdateRepositoryCreationTemplate",
    "ValidatePullThroughCacheRule",
];

/// Every task, in the order the wizard lists them.
pub static TASKS: &[Task] = &[
    Task {
        id: "login",
        label: "Log in (docker login)",
        summary: "get a registry token: docker login, the credential helper, every pull and push",
        actions: &["GetAuthorizationToken"],
    },
    Task {
        id: "pull",
        label: "Pull images",
        summary: "docker pull, kubectl/EKS nodes, ECS tasks",
        actions: &[
            "BatchGetImage",
            "GetDownloadUrlForLayer",
            "BatchCheckLayerAvailability",
        ],
    },
    Task {
        id: "push",
        label: "Push images",
        summary: "docker push from a laptop or CI",
        actions: &[
            "BatchCheckLayerAvailability",
            "InitiateLayerUpload",
            "UploadLayerPart",
            "CompleteLayerUpload",
            "PutImage",
            "BatchGetImage",
        ],
    },
    Task {
        id: "browse",
        label: "Browse (list and describe)",
        summary: "list repositories, images and tags; what the console shows",
        actions: &["DescribeRepositories", "ListImages", "DescribeImages"],
    },
    Task {
        id: "delete-images",
        label: "Delete images",
        summary: "remove images and tags (cleanup jobs)",
        actions: &["BatchDeleteImage"],
    },
    Task {
        id: "tagging",
        label: "Tag repositories",
        summary: "add, remove and list AWS tags on repositories (not image tags)",
        actions: &["TagResource", "UntagResource", "ListTagsForResource"],
    },
    Task {
        id: "scanning",
        label: "Scan images",
        summary: "start scans, read findings, set scan-on-push",
        actions: &[
            "StartImageScan",
            "DescribeImageScanFindings",
            "PutImageScanningConfiguration",
            "BatchGetRepositoryScanningConfiguration",
        ],
    },
    Task {
        id: "lifecycle",
        label: "Lifecycle policy",
        summary: "read, set, preview and remove the rules that clean up old images",
        actions: &[
            "GetLifecyclePolicy",
            "PutLifecyclePolicy",
            "DeleteLifecyclePolicy",
            "StartLifecyclePolicyPreview",
            "GetLifecyclePolicyPreview",
        ],
    },
    Task {
        id: "repository-policy",
        label: "Repository policy",
        summary: "read, set and remove who else may use the repository",
        actions: &[
            "GetRepositoryPolicy",
            "SetRepositoryPolicy",
            "DeleteRepositoryPolicy",
        ],
    },
    Task {
        id: "manage-repositories",
        label: "Create, delete and configure repositories",
        summary: "create and delete repositories, tag immutability, image archiving",
        actions: &[
            "CreateRepository",
            "DeleteRepository",
            "PutImageTagMutability",
            "UpdateImageStorageClass",
        ],
    },
    Task {
        id: "pull-through-cache",
        label: "Use a pull-through cache",
        summary: "pull through a cache rule, creating the cache repository on first pull",
        actions: &["BatchImportUpstreamImage", "CreateRepository"],
    },
    Task {
        id: "registry-admin",
        label: "Registry administration",
        summary: "registry-wide settings: replication, registry policy, scanning, cache rules, \
                  templates, signing (always on \"*\")",
        actions: REGISTRY_ADMIN,
    },
];

/// A task by id.
pub fn find_task(id: &str) -> Option<&'static Task> {
    TASKS.iter().find(|t| t.id.eq_ignore_ascii_case(id.trim()))
}

/// A named starting selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub id: &'static str,
    pub summary: &'static str,
    actions: &'static [&'static str],
    /// Include every repository-level action of the catalog.
    all_repository_actions: bool,
}

impl Preset {
    /// The preset's actions.
    pub fn set(&self) -> ActionSet {
        let mut s = ActionSet::of(self.actions);
        if self.all_repository_actions {
            s = s.union(ActionId::all().collect::<ActionSet>().repository_level());
        }
        s
    }
}

const READ_ONLY: &[&str] = &[
    "GetAuthorizationToken",
    "BatchCheckLayerAvailability",
    "GetDownloadUrlForLayer",
    "GetRepositoryPolicy",
    "DescribeRepositories",
    "ListImages",
    "DescribeImages",
    "BatchGetImage",
    "GetLifecyclePolicy",
    "GetLifecyclePolicyPreview",
    "ListTagsForResource",
    "DescribeImageScanFindings",
];

/// The default preset's id.
pub const DEFAULT_PRESET: &str = "push-pull-list";

/// Every preset, in the order the wizard lists them.
pub static PRESETS: &[Preset] = &[
    Preset {
        id: "pull",
        summary: "log in and pull images (docker pull, EKS/ECS nodes)",
        actions: &[
            "GetAuthorizationToken",
            "BatchGetImage",
            "GetDownloadUrlForLayer",
            "BatchCheckLayerAvailability",
        ],
        all_repository_actions: false,
    },
    Preset {
        id: "push",
        summary: "log in and push images (CI that only publishes)",
        actions: &[
            "GetAuthorizationToken",
            "BatchCheckLayerAvailability",
            "InitiateLayerUpload",
            "UploadLayerPart",
            "CompleteLayerUpload",
            "PutImage",
            "BatchGetImage",
        ],
        all_repository_actions: false,
    },
    Preset {
        id: "push-pull",
        summary: "log in, push and pull images",
        actions: &[
            "GetAuthorizationToken",
            "BatchCheckLayerAvailability",
            "InitiateLayerUpload",
            "UploadLayerPart",
            "CompleteLayerUpload",
            "PutImage",
            "BatchGetImage",
            "GetDownloadUrlForLayer",
        ],
        all_repository_actions: false,
    },
    Preset {
        id: "push-pull-list",
        summary: "push, pull and list images: the ECR user guide's example (default)",
        actions: &[
            "GetAuthorizationToken",
            "ListImages",
            "BatchCheckLayerAvailability",
            "GetDownloadUrlForLayer",
            "GetRepositoryPolicy",
            "DescribeRepositories",
            "DescribeImages",
            "BatchGetImage",
            "InitiateLayerUpload",
            "UploadLayerPart",
            "CompleteLayerUpload",
            "PutImage",
        ],
        all_repository_actions: false,
    },
    Preset {
        id: "read-only",
        summary: "AmazonEC2ContainerRegistryReadOnly's actions, on your repositories only",
        actions: READ_ONLY,
        all_repository_actions: false,
    },
    Preset {
        id: "power-user",
        summary: "AmazonEC2ContainerRegistryPowerUser's actions, on your repositories only",
        actions: &[
            "GetAuthorizationToken",
            "BatchCheckLayerAvailability",
            "GetDownloadUrlForLayer",
            "GetRepositoryPolicy",
            "DescribeRepositories",
            "ListImages",
            "DescribeImages",
            "BatchGetImage",
            "GetLifecyclePolicy",
            "GetLifecyclePolicyPreview",
            "ListTagsForResource",
            "DescribeImageScanFindings",
            "InitiateLayerUpload",
            "UploadLayerPart",
            "CompleteLayerUpload",
            "PutImage",
        ],
        all_repository_actions: false,
    },
    Preset {
        id: "repo-admin",
        summary: "every repository-level action (and login), on your repositories only",
        actions: &["GetAuthorizationToken"],
        all_repository_actions: true,
    },
    Preset {
        id: super::cache::PULL_THROUGH_CACHE,
        summary: "log in and pull through a cache rule, creating the cache repository on \
                  first pull (on the rule's prefix, PREFIX/*)",
        actions: super::cache::PULL_THROUGH_CACHE_ACTIONS,
        all_repository_actions: false,
    },
    Preset {
        id: REPLICATION,
        summary: "let another account replicate into these repositories: the registry policy \
                  of this (the destination) registry, for the source account",
        actions: &["CreateRepository", "ReplicateImage"],
        all_repository_actions: false,
    },
];

/// The replication preset's id: its document is the destination's registry policy.
pub const REPLICATION: &str = "replication";

/// A preset by id, ignoring case.
pub fn find_preset(id: &str) -> Option<&'static Preset> {
    PRESETS
        .iter()
        .find(|p| p.id.eq_ignore_ascii_case(id.trim()))
}

/// The preset whose actions are exactly `set`, if any.
pub fn preset_matching(set: ActionSet) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.set() == set)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::spec::catalog::{ACTIONS, find_action};

    #[test]
    fn every_named_action_is_in_the_catalog() {
        let names = TASKS
            .iter()
            .flat_map(|t| t.actions.iter())
            .chain(PRESETS.iter().flat_map(|p| p.actions.iter()));
        for n in names {
            assert!(find_action(n).is_some(), "{n} is not an ECR action");
        }
        for t in TASKS {
            assert_eq!(t.set().len(), t.actions.len(), "{} repeats an action", t.id);
        }
    }

    #[test]
    fn ids_are_unique_and_findable() {
        for (i, t) in TASKS.iter().enumerate() {
            assert_eq!(find_task(&t.id.to_uppercase()).unwrap().id, t.id);
            assert!(TASKS[..i].iter().all(|o| o.id != t.id));
        }
        for p in PRESETS {
            assert_eq!(find_preset(p.id).unwrap().id, p.id);
        }
        assert!(find_preset(DEFAULT_PRESET).is_some());
    }

    #[test]
    fn pull_and_push_presets_are_exactly_as_specified() {
        let pull = find_preset("pull").unwrap().set();
        assert_eq!(pull.len(), 4);
        assert_eq!(
            pull,
            find_task("login")
                .unwrap()
                .set()
                .union(find_task("pull").unwrap().set())
        );
        let push = find_preset("push").unwrap().set();
        assert_eq!(push.len(), 7);
        assert_eq!(
            push,
            find_task("login")
                .unwrap()
                .set()
                .union(find_task("push").unwrap().set())
        );
    }

    #[test]
    fn registry_admin_is_every_star_only_action_but_login() {
        let star: Vec<&str> = ACTIONS
            .iter()
            .filter(|a| a.star_only && a.name != "GetAuthorizationToken")
            .map(|a| a.name)
            .collect();
        let mut admin = REGISTRY_ADMIN.to_vec();
        admin.sort_unstable();
        assert_eq!(admin, star);
    }

    #[test]
    fn power_user_is_read_only_plus_four_push_actions() {
        let ro = find_preset("read-only").unwrap().set();
        let pu = find_preset("power-user").unwrap().set();
        assert!(pu.is_superset(ro));
        assert_eq!(pu.len() - ro.len(), 4);
    }

    #[test]
    fn repo_admin_has_no_registry_action_but_login() {
        let ra = find_preset("repo-admin").unwrap().set();
        let star: Vec<&str> = ra.star_only().iter().map(|a| a.info().name).collect();
        assert_eq!(star, ["GetAuthorizationToken"]);
        assert_eq!(
            ra.repository_level().len(),
            ACTIONS.iter().filter(|a| !a.star_only).count()
        );
    }
}
