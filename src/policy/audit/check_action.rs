//! The action side of the policy check: names, case, wildcards, other services, and what a
//! statement's actions expand to.

use super::check_resource::StatementScope;
use crate::policy::audit::check::Sink;
use crate::policy::audit::lint::{Severity, wildcard_matches};
use crate::policy::import::document::{DocStatement, unlike_as_written};
use crate::policy::spec::catalog::{ActionId, ActionSet, find_action, suggest_actions};

/// Checks each action name; returns what the statement grants, when it names actions.
pub(super) fn action_findings(st: &DocStatement, sink: &mut Sink<'_>) -> Option<StatementScope> {
    let allow = st.is_allow();
    let mut scope = StatementScope::default();
    let mut other = Vec::new();
    // A padded name is reported once, as written (`value-padded`), and not read as another.
    let as_written = |n: &&String| unlike_as_written(n).is_none();
    for name in st.not_action.iter().flatten().filter(as_written) {
        // NotAction names are checked for spelling only.
        classify(name, sink, &mut other, false);
    }
    for name in st.action.iter().flatten().filter(as_written) {
        match classify(name, sink, &mut other, allow) {
            Some((set, true)) => scope.explicit = scope.explicit.union(set),
            Some((set, false)) => scope.wildcard = scope.wildcard.union(set),
            None => {}
        }
    }
    if !other.is_empty() {
        sink.push(
            "action-other-service",
            Severity::Info,
            Some(&other.join(", ")),
            "Out of scope: actions of other services are not checked.",
            "Nothing to do for ECR; check these with IAM Access Analyzer.",
        );
    }
    if allow && st.not_action.is_some() {
        let excluded: ActionSet = st
            .not_action
            .iter()
            .flatten()
            .filter(as_written)
            .filter_map(|n| expand(n))
            .fold(ActionSet::EMPTY, ActionSet::union);
        let all: ActionSet = ActionId::all().collect();
        scope.wildcard = scope.wildcard.union(all.difference(excluded));
    }
    (st.action.is_some() || st.not_action.is_some()).then_some(scope)
}

/// The ECR actions a name stands for (wildcards expanded, any case); `None` if not ECR. The
/// name is read as IAM reads it, exactly as written: `" ecr:BatchGetImage "` names nothing.
pub fn expand(name: &str) -> Option<ActionSet> {
    if name == "*" {
        return Some(ActionId::all().collect());
    }
    let (service, bare) = name.split_once(':')?;
    if !service.eq_ignore_ascii_case("ecr") {
        return None;
    }
    let bare = bare.to_ascii_lowercase();
    Some(
        ActionId::all()
            .filter(|a| wildcard_matches(&bare, &a.info().name.to_ascii_lowercase()))
            .collect(),
    )
}

/// One action name: reports problems; returns the actions and whether it was named exactly.
fn classify(
    name: &str,
    sink: &mut Sink<'_>,
    other: &mut Vec<String>,
    allow: bool,
) -> Option<(ActionSet, bool)> {
    let wildcard = name.contains(['*', '?']);
    let Some((service, bare)) = name.split_once(':') else {
        if name == "*" {
            if allow {
                sink.push(
                    "action-wildcard-all",
                    Severity::Warning,
                    Some(name),
                    "\"*\" grants every action of every AWS service, including every ECR action.",
                    "Name the ECR actions needed, e.g. the push or pull set (ecr-policy generate).",
                );
            }
            return expand(name).map(|s| (s, false));
        }
        let fix = match find_action(name) {
            Some(a) => format!("Write {}.", a.qualified()),
            None => "Prefix the action with its service, as in ecr:BatchGetImage.".to_string(),
        };
        sink.push(
            "action-no-service",
            Severity::Error,
            Some(name),
            "The action has no service prefix; IAM rejects it.",
            fix,
        );
        return None;
    };
    if !service.eq_ignore_ascii_case("ecr") {
        other.push(name.to_string());
        return None;
    }
    let set = expand(name).unwrap_or_default();
    if wildcard {
        if set.is_empty() {
            sink.push(
                "action-wildcard-none",
                Severity::Error,
                Some(name),
                "The pattern matches no ECR action, so it grants nothing.",
                suggestion(bare),
            );
        } else if bare == "*" {
            if allow {
                sink.push(
                    "action-wildcard-all",
                    Severity::Warning,
                    Some(name),
                    format!(
                        "{name} grants every ECR action ({}), including deleting repositories \
                         and changing their policies.",
                        set.len()
                    ),
                    "Name the ECR actions needed, e.g. the push or pull set (ecr-policy generate).",
                );
            }
        } else {
            sink.push(
                "action-wildcard",
                Severity::Info,
                Some(name),
                format!("{name} matches {}.", names(set)),
                "Fine if all of these are meant; naming them keeps new ECR actions out.",
            );
        }
        return Some((set, false));
    }
    if set.is_empty() {
        sink.push(
            "action-unknown",
            Severity::Error,
            Some(name),
            format!("{name} is not an ECR action, so it grants nothing."),
            suggestion(bare),
        );
        return None;
    }
    Some((set, true))
}

fn suggestion(bare: &str) -> String {
    let near = suggest_actions(bare.trim_matches(['*', '?']));
    let mut fix = if near.is_empty() {
        "Run `ecr-policy actions` for the list of ECR actions.".to_string()
    } else {
        let q: Vec<String> = near.iter().map(|n| format!("ecr:{n}")).collect();
        format!("Did you mean {}?", q.join(", "))
    };
    // There is no pull action: people guess one from the docker command.
    if bare.to_ascii_lowercase().contains("pull") && !bare.to_ascii_lowercase().contains("through")
    {
        fix.push_str(" To pull, grant ecr:BatchGetImage and ecr:GetDownloadUrlForLayer.");
    }
    fix
}

pub(super) fn names(set: ActionSet) -> String {
    set.iter()
        .map(|a| a.info().name)
        .collect::<Vec<_>>()
        .join(", ")
}
