//! How far an Allow reaches: repository actions on `"*"`, ARNs with a region, account or name
//! pattern, and repository policies on many repositories. Lint (for generated specs) and check
//! (for documents) report breadth with the same codes and words from here.

use serde_json::Value;

use super::check::Sink;
use super::check_action::names;
use super::lint::Severity;
use crate::policy::import::document::DocStatement;
use crate::policy::spec::cache::beyond_cache;
use crate::policy::spec::catalog::ActionSet;
use crate::policy::spec::validate::is_wildcard;

const ARN_SHAPE: &str = "arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME";

/// The actions that let the holder open a repository to other accounts.
pub(crate) fn repository_policy_writers() -> ActionSet {
    ActionSet::of(&["SetRepositoryPolicy", "DeleteRepositoryPolicy"])
}

/// `wildcard-write`: write actions on a repository name pattern.
pub(crate) fn wildcard_write_message(patterns: &str) -> String {
    format!(
        "Write actions on a pattern ({patterns}) also reach repositories created later. Name \
         the repositories if you can."
    )
}

/// `wildcard-region-write`: write actions in every region.
pub(crate) fn region_write_message(where_: &str) -> String {
    format!("Region * grants these actions in every region of {where_}.")
}

/// `repository-policy-broad`: repository policies on many repositories.
pub(crate) fn repository_policy_message(actions: ActionSet, on: &str) -> String {
    format!(
        "{} on {on} let the holder rewrite the repository policy of every repository matched, \
         and so open them to other accounts or to everyone.",
        names(actions)
    )
}

/// Whether a Condition uses the tag-on-create keys (`aws:RequestTag/…`, `aws:TagKeys`).
fn limits_request_tags(cond: Option<&Value>) -> bool {
    cond.and_then(Value::as_object).is_some_and(|ops| {
        ops.values().filter_map(Value::as_object).any(|keys| {
            keys.keys().any(|k| {
                let k = k.to_ascii_lowercase();
                k.starts_with("aws:requesttag/") || k == "aws:tagkeys"
            })
        })
    })
}

/// Breadth findings for one Allow statement whose ECR actions are `actions`.
pub(super) fn breadth_findings(st: &DocStatement, actions: ActionSet, sink: &mut Sink<'_>) {
    let Some(resources) = &st.resource else {
        return;
    };
    let repo_actions = actions.repository_level();
    if !st.is_allow() || repo_actions.is_empty() {
        return;
    }
    if resources.iter().any(|r| r == "*") {
        star_findings(st, repo_actions, sink);
    }
    let mut accounts = Vec::new();
    let mut regions = Vec::new();
    let mut patterns = Vec::new();
    for r in resources {
        let parts: Vec<&str> = r.splitn(6, ':').collect();
        let ["arn", _, "ecr", region, account, resource] = parts[..] else {
            continue;
        };
        if is_wildcard(account) {
            accounts.push(r.as_str());
        }
        if is_wildcard(region) {
            regions.push(r.as_str());
        }
        if is_wildcard(resource) {
            patterns.push(r.as_str());
        }
    }
    let writes = repo_actions.has_write();
    if !accounts.is_empty() {
        sink.push(
            "wildcard-account",
            if writes {
                Severity::Warning
            } else {
                Severity::Info
            },
            Some(&accounts.join(", ")),
            format!(
                "{} reach repositories in every account the pattern matches, not only yours \
                 (another account's repository also needs its repository policy to allow it).",
                names(repo_actions)
            ),
            "Write the 12-digit account ID that owns the repositories.",
        );
    }
    if writes && !regions.is_empty() {
        sink.push(
            "wildcard-region-write",
            Severity::Warning,
            Some(&regions.join(", ")),
            region_write_message("the partition"),
            "Name the region, e.g. us-east-1, if the repositories live in one.",
        );
    }
    if beyond_cache(repo_actions).has_write() && !patterns.is_empty() {
        sink.push(
            "wildcard-write",
            Severity::Warning,
            Some(&patterns.join(", ")),
            wildcard_write_message(&patterns.join(", ")),
            "List the repositories by name, or narrow the pattern (team/* rather than *).",
        );
    }
    let policy = repo_actions.intersection(repository_policy_writers());
    // Broad: every repository, or a name or account pattern (a region pattern alone repeats
    // the same named repositories, as generate's region * does).
    let broad: Vec<&str> = resources
        .iter()
        .map(String::as_str)
        .filter(|r| *r == "*" || patterns.contains(r) || accounts.contains(r))
        .collect();
    if !policy.is_empty() && !broad.is_empty() {
        sink.push(
            "repository-policy-broad",
            Severity::Warning,
            Some(&broad.join(", ")),
            repository_policy_message(policy, &broad.join(", ")),
            "Grant them on the repositories whose policies this principal must manage, by name.",
        );
    }
}

/// Repository actions on `"*"`: every repository in every region and account, except AWS's
/// tag-on-create pattern and `CreateRepository`, which only ever creates in the caller's account.
fn star_findings(st: &DocStatement, repo_actions: ActionSet, sink: &mut Sink<'_>) {
    let create = ActionSet::of(&["CreateRepository"]);
    let tag_on_create = ActionSet::of(&["CreateRepository", "TagResource"]);
    if tag_on_create.is_superset(repo_actions) && limits_request_tags(st.condition.as_ref()) {
        return;
    }
    let reaching = repo_actions.difference(create);
    if repo_actions.contains_any(create) {
        sink.push(
            "create-repository-on-star",
            Severity::Info,
            Some("*"),
            "CreateRepository on \"*\" lets the holder create repositories of any name in this \
             account, in every region.",
            "Limit the names with a Resource such as arn:aws:ecr:REGION:ACCOUNT:repository/team/*, \
             or the tags with an aws:RequestTag condition.",
        );
    }
    if reaching.is_empty() {
        return;
    }
    sink.push(
        "repository-action-on-star",
        Severity::Warning,
        Some("*"),
        format!(
            "{} on \"*\" apply to every repository in every region and account the principal \
             can reach.",
            names(reaching)
        ),
        format!(
            "Put them in a statement on the repository ARNs ({ARN_SHAPE}, or a pattern such as \
             repository/team/*); keep only *-only actions such as ecr:GetAuthorizationToken on \
             \"*\"."
        ),
    );
}
