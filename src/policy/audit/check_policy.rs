//! Whole-policy checks: what docker push and pull need across the Allow statements, the IAM
//! size quotas, and the characters IAM accepts.

use serde_json::Value;

use super::check_action::names;
use super::check_resource::StatementScope;
use crate::policy::audit::check::Sink;
use crate::policy::audit::lint::{DockerNeeds, Severity, docker_needs, push_gap};
use crate::policy::import::document::DocStatement;
use crate::policy::spec::catalog::{ActionId, ActionSet};

/// What the Allow statements grant, for the push and pull checks.
#[derive(Default)]
pub(super) struct Granted(ActionSet);

impl Granted {
    pub(super) fn add(&mut self, st: &DocStatement, scope: &StatementScope) {
        let all = scope.explicit.union(scope.wildcard);
        let on_star = st.not_resource.is_some() || st.resource.iter().flatten().any(|r| r == "*");
        // *-only actions only work on "*"; repository actions work on any resource.
        let usable = if on_star { all } else { all.repository_level() };
        self.0 = self.0.union(usable);
    }

    pub(super) fn findings(&self, sink: &mut Sink<'_>) {
        let actions = self.0;
        let DockerNeeds {
            login,
            push,
            pull_core,
            upload,
            ..
        } = docker_needs();
        let wants_push = actions.contains_any(upload);
        let wants_pull = actions.contains_any(pull_core);
        if wants_push && !actions.is_superset(push) {
            let missing = push.difference(actions);
            let (severity, message) = push_gap(missing);
            sink.push(
                "push-incomplete",
                severity,
                Some(&names(missing)),
                message,
                format!("Add {} on the same repository ARNs.", qualified(missing)),
            );
        }
        if wants_pull && !actions.is_superset(pull_core) && !wants_push {
            let missing = pull_core.difference(actions);
            sink.push(
                "pull-incomplete",
                Severity::Error,
                Some(&names(missing)),
                format!("docker pull will fail: it also needs {}.", names(missing)),
                format!("Add {} on the same repository ARNs.", qualified(missing)),
            );
        }
        if (wants_push || wants_pull) && !actions.is_superset(login) {
            sink.push(
                "no-login",
                Severity::Warning,
                Some("GetAuthorizationToken"),
                "docker login will fail: GetAuthorizationToken is not granted on \"*\", unless \
                 another policy grants it.",
                "Add a statement {\"Effect\": \"Allow\", \"Action\": \
                 \"ecr:GetAuthorizationToken\", \"Resource\": \"*\"}.",
            );
        }
    }
}

fn qualified(set: ActionSet) -> String {
    set.iter()
        .map(ActionId::qualified)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The one size finding lint reports too.
pub(super) fn size_findings(size: usize, sink: &mut Sink<'_>) {
    if let Some(f) = super::size::size_finding(size) {
        sink.push(f.code, f.severity, f.value.as_deref(), f.message, f.fix);
    }
}

/// Characters IAM refuses: anything but tab, LF, CR and U+0020 to U+00FF.
pub(super) fn character_findings(v: &Value, sink: &mut Sink<'_>) {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}');
    match v {
        Value::String(s) => {
            let bad: Vec<String> = s
                .chars()
                .filter(|c| !allowed(*c))
                .map(|c| format!("{c:?} (U+{:04X})", u32::from(c)))
                .collect();
            if !bad.is_empty() {
                sink.push(
                    "character-invalid",
                    Severity::Error,
                    Some(s),
                    format!(
                        "IAM accepts only tab, line breaks and characters U+0020 to U+00FF; \
                         this has {}.",
                        bad.join(", ")
                    ),
                    "Retype the value with plain characters (look out for smart quotes and \
                     non-breaking hyphens pasted from documents).",
                );
            }
        }
        Value::Array(items) => items.iter().for_each(|i| character_findings(i, sink)),
        Value::Object(map) => {
            for (k, item) in map {
                character_findings(&Value::String(k.clone()), sink);
                character_findings(item, sink);
            }
        }
        _ => {}
    }
}
