//! What `docker login`, `pull` and `push` need, and how bad a push is that lacks some of it;
//! shared by lint and check.

use super::lint::Severity;
use crate::policy::spec::catalog::ActionSet;
use crate::policy::spec::tasks::find_task;

fn names(set: ActionSet) -> String {
    set.iter()
        .map(|a| a.info().name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `docker login`, `pull` and `push` need, as sets; shared by lint and `check`.
pub(crate) struct DockerNeeds {
    pub login: ActionSet,
    pub pull: ActionSet,
    pub push: ActionSet,
    /// The two actions without which no pull works.
    pub pull_core: ActionSet,
    /// The actions only a push uses.
    pub upload: ActionSet,
}

pub(crate) fn docker_needs() -> DockerNeeds {
    let task = |id| {
        find_task(id)
            .map(crate::policy::spec::tasks::Task::set)
            .unwrap_or_default()
    };
    DockerNeeds {
        login: task("login"),
        pull: task("pull"),
        push: task("push"),
        pull_core: ActionSet::of(&["BatchGetImage", "GetDownloadUrlForLayer"]),
        upload: ActionSet::of(&[
            "InitiateLayerUpload",
            "UploadLayerPart",
            "CompleteLayerUpload",
            "PutImage",
        ]),
    }
}

/// How bad a push is that lacks `missing`: without only `BatchGetImage` (AWS's own push example)
/// most pushes work, so a warning; without an upload action or `PutImage`, an error.
pub(crate) fn push_gap(missing: ActionSet) -> (Severity, String) {
    if missing == ActionSet::of(&["BatchGetImage"]) {
        (
            Severity::Warning,
            "BatchGetImage is not granted: some clients, e.g. buildx and multi-arch manifests, \
             read the manifest during push, and fail without it."
                .to_string(),
        )
    } else {
        (
            Severity::Error,
            format!("docker push will fail: it also needs {}.", names(missing)),
        )
    }
}
