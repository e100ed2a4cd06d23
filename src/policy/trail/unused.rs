//! A policy against the calls its principal made: `unused-access` for what each statement
//! grants that no successful call used (whole tasks named as tasks), `used-but-not-granted` for
//! calls that were refused. Only ECR (`ecr:`) grants are compared; ECR Public statements are
//! left out and said to be.

use std::collections::BTreeMap;

use super::least::{Permission, Refusal, least_privilege, permissions_of};
use super::mapping::TrailService;
use super::usage::{Outcome, Usage};
use crate::policy::audit::lint::{Finding, Severity, wildcard_matches};
use crate::policy::diff::words::repository_phrase;
use crate::policy::diff::{Grant, permissions};
use crate::policy::import::document::{DocStatement, Document};
use crate::policy::spec::catalog::{ActionId, ActionSet, find_action};
use crate::policy::spec::tasks::TASKS;
use crate::policy::visible::visible;

/// Finding code: granted and not used in the window.
pub const UNUSED_ACCESS: &str = "unused-access";
/// Finding code: a call was refused.
pub const USED_BUT_NOT_GRANTED: &str = "used-but-not-granted";

fn one_statement(doc: &Document, st: &DocStatement) -> Document {
    Document {
        statements: vec![st.clone()],
        ..doc.clone()
    }
}

fn allows(grant: &Grant, p: &Permission) -> bool {
    grant.action.eq_ignore_ascii_case(&p.action)
        && (grant.resource == "*" || wildcard_matches(&grant.resource, &p.resource))
}

/// The used permissions of `caller` (successful ECR calls).
fn used(usage: &Usage, caller: &str) -> Vec<Permission> {
    usage
        .calls_of(caller)
        .into_iter()
        .filter(|(c, _)| c.outcome == Outcome::Succeeded && c.service == TrailService::Private)
        .flat_map(|(c, _)| permissions_of(c))
        .collect()
}

/// Whole tasks in the set by name, the other actions by name.
fn describe(set: ActionSet) -> String {
    let mut parts = Vec::new();
    let mut rest = set;
    for t in TASKS {
        let task = t.set();
        if task.len() > 1 && set.is_superset(task) {
            let names: Vec<String> = task.iter().map(ActionId::qualified).collect();
            parts.push(format!("task {} ({})", t.id, names.join(", ")));
            rest = rest.difference(task);
        }
    }
    parts.extend(rest.iter().map(ActionId::qualified));
    parts.join("; ")
}

/// The findings for one policy document and its principal's calls; `window` says which
/// calls were read ("between 2024-06-01T00:00:00Z and 2024-06-30T23:59:59Z").
pub fn usage_findings(doc: &Document, usage: &Usage, caller: &str, window: &str) -> Vec<Finding> {
    let used = used(usage, caller);
    let who = visible(caller);
    let mut out = Vec::new();
    for st in doc.statements.iter().filter(|s| s.is_allow()) {
        let grants = permissions(&one_statement(doc, st)).allow;
        let mut unused: BTreeMap<&str, ActionSet> = BTreeMap::new();
        for g in &grants {
            if used.iter().any(|p| allows(g, p)) {
                continue;
            }
            if let Some(a) = find_action(&g.action) {
                unused.entry(g.resource.as_str()).or_default().insert(a);
            }
        }
        let conditioned = st.condition.is_some();
        for (resource, set) in unused {
            out.push(Finding {
                code: UNUSED_ACCESS,
                severity: Severity::Info,
                statement: Some(st.index),
                sid: st.sid_text().map(String::from),
                value: Some(resource.to_string()),
                message: format!(
                    "{who} made no successful call {window} that needs {} on {}{}",
                    describe(set),
                    repository_phrase(resource),
                    if conditioned {
                        " (granted under this statement's Condition)"
                    } else {
                        ""
                    }
                ),
                fix: "if the role does not need it (a job that runs rarely may not show in the \
                      window), remove it; `ecr-policy generate --from-cloudtrail` writes the \
                      policy of exactly the calls seen"
                    .to_string(),
            });
        }
    }
    let whole = permissions(doc);
    let least = least_privilege(usage, caller);
    for r in &least.refused {
        out.push(refusal_finding(r, &whole, &who, window));
    }
    if doc.statements.iter().any(|s| {
        s.action
            .iter()
            .flatten()
            .any(|a| a.to_ascii_lowercase().starts_with("ecr-public:"))
    }) {
        out.push(Finding {
            code: UNUSED_ACCESS,
            severity: Severity::Info,
            statement: None,
            sid: None,
            value: None,
            message: "not checked: the ECR Public (ecr-public:) statements are not compared with \
                      the calls"
                .to_string(),
            fix: String::new(),
        });
    }
    out
}

fn refusal_finding(
    r: &Refusal,
    whole: &crate::policy::diff::Permissions,
    who: &str,
    window: &str,
) -> Finding {
    let needs: Vec<String> = r
        .permissions
        .iter()
        .map(|p| format!("{} on {}", p.action, visible(&p.resource)))
        .collect();
    let private = r.service == TrailService::Private;
    let allowed_here = private
        && r.permissions.iter().all(|p| {
            whole.allow.iter().any(|g| allows(g, p)) && !whole.deny.iter().any(|g| allows(g, p))
        });
    let why = if !private {
        "not checked against this policy (ECR Public)".to_string()
    } else if allowed_here {
        "this policy allows it, so something else refused it: a Deny in another policy, a \
         permissions boundary, an SCP, or the repository policy (cross-account)"
            .to_string()
    } else {
        "this policy does not allow it".to_string()
    };
    Finding {
        code: USED_BUT_NOT_GRANTED,
        severity: Severity::Warning,
        statement: None,
        sid: None,
        value: Some(r.event.clone()),
        message: format!(
            "{who} was refused ({}) {} time{} {window}, last at {}: {} needs {}; {why}",
            visible(&r.code),
            r.count,
            if r.count == 1 { "" } else { "s" },
            visible(&r.last),
            visible(&r.event),
            needs.join(", ")
        ),
        fix: "granting it would change what the role can do: grant it only if the role should \
              make this call"
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::import::document::parse_document;
    use crate::policy::trail::usage::Call;

    const ROLE: &str = "arn:aws:iam::111122223333:role/ci";

    fn call(event: &str, repo: Option<&str>, outcome: Outcome) -> Call {
        Call {
            caller: ROLE.to_string(),
            service: TrailService::Private,
            event: event.to_string(),
            account: "111122223333".to_string(),
            region: "us-east-1".to_string(),
            repository: repo.map(String::from),
            outcome,
        }
    }

    fn usage(calls: &[Call]) -> Usage {
        let mut u = Usage::default();
        for c in calls {
            u.add(c.clone(), 1, "2024-06-01T00:00:00Z", "2024-06-01T00:00:00Z");
        }
        u
    }

    const POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "Login", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {"Sid": "Repos", "Effect": "Allow", "Action": ["ecr:BatchGetImage",
          "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload",
          "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"],
         "Resource": ["arn:aws:ecr:us-east-1:111122223333:repository/web",
                      "arn:aws:ecr:us-east-1:111122223333:repository/api"]}
    ]}"#;

    #[test]
    fn unused_tasks_and_actions_are_reported_per_repository() {
        let doc = parse_document(POLICY).unwrap();
        let u = usage(&[
            call("GetAuthorizationToken", None, Outcome::Succeeded),
            call("BatchGetImage", Some("web"), Outcome::Succeeded),
            call("GetDownloadUrlForLayer", Some("web"), Outcome::Succeeded),
        ]);
        let f = usage_findings(&doc, &u, ROLE, "in the logs");
        let unused: Vec<&Finding> = f.iter().filter(|f| f.code == UNUSED_ACCESS).collect();
        assert_eq!(unused.len(), 2, "{f:#?}");
        let api = unused
            .iter()
            .find(|f| f.value.as_deref().unwrap().ends_with("/api"))
            .unwrap();
        assert!(
            api.message.contains("task pull") && api.message.contains("task push"),
            "{}",
            api.message
        );
        let web = unused
            .iter()
            .find(|f| f.value.as_deref().unwrap().ends_with("/web"))
            .unwrap();
        assert!(
            !web.message.contains("BatchGetImage,") && web.message.contains("ecr:PutImage"),
            "{}",
            web.message
        );
        assert!(!web.message.contains("task pull"), "{}", web.message);
        assert_eq!(web.statement, Some(1));
    }

    #[test]
    fn refused_calls_say_whether_this_policy_allows_them() {
        let doc = parse_document(POLICY).unwrap();
        let u = usage(&[
            call(
                "DeleteRepository",
                Some("web"),
                Outcome::Refused("AccessDenied".into()),
            ),
            call(
                "PutImage",
                Some("api"),
                Outcome::Refused("AccessDenied".into()),
            ),
        ]);
        let f: Vec<Finding> = usage_findings(&doc, &u, ROLE, "in the logs")
            .into_iter()
            .filter(|f| f.code == USED_BUT_NOT_GRANTED)
            .collect();
        assert_eq!(f.len(), 2);
        let delete = f
            .iter()
            .find(|f| f.value.as_deref() == Some("DeleteRepository"))
            .unwrap();
        assert!(
            delete.message.contains("does not allow"),
            "{}",
            delete.message
        );
        let put = f
            .iter()
            .find(|f| f.value.as_deref() == Some("PutImage"))
            .unwrap();
        assert!(
            put.message.contains("something else refused"),
            "{}",
            put.message
        );
        assert_eq!(put.severity, Severity::Warning);
    }
}
