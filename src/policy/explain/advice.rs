//! `explain --from-error`: the request a pasted access-denied message names, and, once the
//! documents are judged, which statement or document to change — the Deny statement that
//! refuses it, or the document that lacks an Allow — and where the message and the documents
//! given disagree (AWS refused what these documents allow: the ones in force are others).

use crate::policy::eval::{DocKind, Gap};
use crate::policy::explain::answer::{ActionAnswer, Explanation, Outcome};
use crate::policy::explain::words::{kind_words, principal_words};
use crate::policy::import::access_denied::{AccessDenied, PolicyKind, Refusal};
use crate::policy::spec::tasks::{Task, find_task};
use crate::policy::visible::quoted;

/// What a message says about the request; `None` where it does not say.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MessageRequest {
    /// The caller's ARN (a user, role or assumed-role session), or the service.
    pub principal: Option<String>,
    /// `ecr:InitiateLayerUpload`.
    pub action: Option<String>,
    /// The task the message implies when it names no action (a pull, for containerd's 403 and
    /// Lambda's message).
    pub task: Option<&'static Task>,
    /// The repository ARN, or the image's repository name.
    pub repository: Option<String>,
    pub region: Option<String>,
    pub account: Option<String>,
    /// What the message says refused it.
    pub refused_by: Option<Refused>,
}

/// The document a message blames.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// "because no … policy allows".
    NoAllow(Option<DocKind>),
    /// "with an explicit deny in …".
    Deny(Option<DocKind>),
}

fn doc_kind(k: PolicyKind) -> Option<DocKind> {
    match k {
        PolicyKind::IdentityBased => Some(DocKind::Identity),
        PolicyKind::ResourceBased => Some(DocKind::Repository),
        PolicyKind::ServiceControl => Some(DocKind::Scp),
        PolicyKind::ResourceControl => Some(DocKind::Rcp),
        PolicyKind::PermissionsBoundary => Some(DocKind::Boundary),
        PolicyKind::Session => Some(DocKind::Session),
        PolicyKind::VpcEndpoint => Some(DocKind::Endpoint),
        PolicyKind::Unnamed => None,
    }
}

/// Reads what the message says. ECR Public and messages that are not about a policy (no login,
/// an expired token) are refused with the reason.
pub fn message_request(d: &AccessDenied) -> Result<MessageRequest, String> {
    if d.is_public() || d.public_host {
        return Err(
            "is about Amazon ECR Public (public.ecr.aws); explain judges private ECR requests"
                .to_string(),
        );
    }
    let refused_by = match d.refusal {
        Refusal::NoAllow(k) => Some(Refused::NoAllow(doc_kind(k))),
        Refusal::ExplicitDeny(k) => Some(Refused::Deny(doc_kind(k))),
        Refusal::NotLoggedIn | Refusal::TokenExpired => {
            return Err(format!(
                "is not a policy refusal: {}",
                d.explanation().trim_end_matches('.')
            ));
        }
        _ => None,
    };
    let (principal, task) = match d.refusal {
        Refusal::LambdaImage => (Some("lambda.amazonaws.com".to_string()), find_task("pull")),
        Refusal::Forbidden | Refusal::Ambiguous => (d.caller.clone(), find_task("pull")),
        _ => (d.caller.clone(), None),
    };
    let action = match (&d.service, &d.action) {
        (Some(s), Some(a)) if s == "ecr" => Some(format!("ecr:{a}")),
        (Some(s), Some(a)) => {
            return Err(format!(
                "refuses {s}:{a}, not an Amazon ECR action; explain judges ECR requests"
            ));
        }
        _ => None,
    };
    let repository = match d.resource.as_deref() {
        Some(r) if r.starts_with("arn:") => Some(r.to_string()),
        _ => d.repository.clone(),
    };
    Ok(MessageRequest {
        principal,
        action,
        task,
        repository,
        region: d.region.clone(),
        account: d.registry_account.clone(),
        refused_by,
    })
}

fn on_words(expl: &Explanation, a: &ActionAnswer) -> String {
    match (&expl.repository, a.resource.as_str()) {
        (_, "*") => "\"*\"".to_string(),
        (Some(r), _) => r.arn.clone(),
        (None, other) => other.to_string(),
    }
}

fn labelled(kind: &str, label: Option<&std::sync::Arc<str>>) -> String {
    match label {
        Some(l) => format!("the {kind} {l}"),
        None => format!("the {kind}"),
    }
}

/// What to change for one action that is not allowed, one line each.
fn changes(expl: &Explanation, a: &ActionAnswer) -> Vec<String> {
    let action = a.action.qualified();
    let on = on_words(expl, a);
    let who = principal_words(&expl.principal);
    let d = &a.decision;
    match a.outcome {
        Outcome::Allowed => Vec::new(),
        Outcome::ExplicitDeny => d
            .denies
            .iter()
            .map(|s| {
                let sid = s
                    .sid
                    .as_deref()
                    .map_or_else(String::new, |sid| format!(" {}", quoted(sid)));
                format!(
                    "change statement {}{sid} of the {}: it denies {action} on {on}; no Allow \
                     can override it, so narrow it (a condition, a NotResource) or remove it",
                    s.index + 1,
                    doc_words(s.kind, &s.document, s.level.as_deref())
                )
            })
            .collect(),
        Outcome::Undecided => vec![format!(
            "cannot say what to change for {action}: the documents do not settle it (see above)"
        )],
        Outcome::ImplicitDeny => d
            .gaps
            .iter()
            .map(|g| match g {
                Gap::NoIdentityAllow | Gap::AccountOnly => format!(
                    "add an Allow for {action} on {on} to an identity policy of {who}{}",
                    if expl.given.identity == 1 {
                        " (the one given)"
                    } else {
                        ""
                    }
                ),
                Gap::Boundary => format!(
                    "{} must allow {action} on {on} too",
                    labelled("permissions boundary", expl.given.boundary.as_ref())
                ),
                Gap::SessionPolicy => format!(
                    "{} must allow {action} on {on} too",
                    labelled("session policy", expl.given.session.as_ref())
                ),
                Gap::NoSessionPolicy => format!(
                    "create the federated user session with a session policy that allows {action} on {on}"
                ),
                Gap::Scp { level } => format!(
                    "an SCP attached at {level} must allow {action} (FullAWSAccess, or an Allow for it)"
                ),
                Gap::Endpoint => format!(
                    "{} must allow {action} on {on}",
                    labelled("VPC endpoint policy", expl.given.endpoint.as_ref())
                ),
                Gap::NoResourceAllow { consulted, .. } => {
                    let target = match (consulted.as_slice(), &expl.given.repository) {
                        ([DocKind::Registry], _) => labelled("registry policy", expl.given.registry.as_ref()),
                        (_, Some(l)) => format!("the repository policy {l}"),
                        (_, None) => match &expl.repository {
                            Some(r) => format!("a repository policy on {}", r.name),
                            None => "the repository policy".to_string(),
                        },
                    };
                    let arn = match &expl.principal {
                        crate::policy::eval::Principal::Service { name } => name.clone(),
                        p => p.principal_arn().unwrap_or_else(|| who.clone()),
                    };
                    format!("add a statement to {target} that allows {action} to {arn}")
                }
            })
            .collect(),
    }
}

fn doc_words(kind: DocKind, label: &str, level: Option<&str>) -> String {
    let name = kind_words(kind).0;
    match level {
        Some(l) => format!("{name} {label} at {l}"),
        None => format!("{name} {label}"),
    }
}

fn kind_phrase(k: Option<DocKind>) -> &'static str {
    match k {
        Some(DocKind::Identity) => "an identity-based policy",
        Some(DocKind::Boundary) => "the permissions boundary",
        Some(DocKind::Session) => "the session policy",
        Some(DocKind::Scp) => "an SCP",
        Some(DocKind::Rcp) => "an RCP",
        Some(DocKind::Repository | DocKind::Registry | DocKind::Trust) => "a resource-based policy",
        Some(DocKind::Endpoint) => "the VPC endpoint policy",
        None => "a policy the message does not name",
    }
}

/// Which statement or document to change, and where the message and the documents disagree.
pub fn advise(expl: &Explanation, said: &MessageRequest, deny_policy: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    for a in &expl.answers {
        out.extend(changes(expl, a));
    }
    let allowed: Vec<&ActionAnswer> = expl
        .answers
        .iter()
        .filter(|a| a.outcome == Outcome::Allowed)
        .collect();
    if allowed.len() == expl.answers.len() {
        out.push(format!(
            "these documents allow it, yet AWS refused it{}: the documents in force are not \
             these, or one that refuses it was not given (--scp, --rcp, --boundary, --session, \
             --endpoint, --registry)",
            match said.refused_by {
                Some(Refused::NoAllow(k)) => format!(" (no Allow in {})", kind_phrase(k)),
                Some(Refused::Deny(k)) => format!(" (an explicit deny in {})", kind_phrase(k)),
                None => String::new(),
            }
        ));
    }
    // The message's own account of the refusal, next to ours.
    match said.refused_by {
        Some(Refused::Deny(k)) => {
            let ours = expl
                .answers
                .iter()
                .flat_map(|a| &a.decision.denies)
                .find(|s| k.is_none_or(|k| same_side(k, s.kind)));
            if ours.is_none() && expl.overall() != crate::policy::explain::answer::Overall::Allowed
            {
                out.push(format!(
                    "the message says an explicit deny in {} refused it, and none of the \
                     documents given of that kind denies it: the one in force is not among them",
                    kind_phrase(k)
                ));
            }
        }
        Some(Refused::NoAllow(Some(k))) => {
            let allows = expl
                .answers
                .iter()
                .filter(|a| a.outcome != Outcome::Allowed)
                .any(|a| a.decision.allows.iter().any(|s| same_side(k, s.kind)));
            if allows {
                out.push(format!(
                    "the message says no Allow in {} covers it, yet the documents given of that \
                     kind allow it: the ones in force are not these",
                    kind_phrase(Some(k))
                ));
            }
        }
        _ => {}
    }
    if let Some(p) = deny_policy {
        out.push(format!("the message names the denying policy: {p}"));
    }
    out
}

/// Whether a statement's kind is the kind a message names (a resource-based policy is the
/// repository's or the registry's).
fn same_side(named: DocKind, kind: DocKind) -> bool {
    named == kind
        || (matches!(named, DocKind::Repository | DocKind::Registry)
            && matches!(kind, DocKind::Repository | DocKind::Registry))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::import::access_denied::parse_access_denied;

    #[test]
    fn the_message_gives_principal_action_and_repository() {
        let d = parse_access_denied(
            "An error occurred (AccessDeniedException) when calling the PutImage operation: \
             User: arn:aws:sts::222233334444:assumed-role/ci/run is not authorized to perform: \
             ecr:PutImage on resource: arn:aws:ecr:eu-west-1:111122223333:repository/web with \
             an explicit deny in a service control policy",
        )
        .unwrap();
        let m = message_request(&d).unwrap();
        assert_eq!(
            m.principal.as_deref(),
            Some("arn:aws:sts::222233334444:assumed-role/ci/run")
        );
        assert_eq!(m.action.as_deref(), Some("ecr:PutImage"));
        assert_eq!(
            m.repository.as_deref(),
            Some("arn:aws:ecr:eu-west-1:111122223333:repository/web")
        );
        assert_eq!(m.refused_by, Some(Refused::Deny(Some(DocKind::Scp))));
        let lambda = parse_access_denied(
            "Lambda does not have permission to access the ECR image. Check the ECR permissions.",
        )
        .unwrap();
        let m = message_request(&lambda).unwrap();
        assert_eq!(m.principal.as_deref(), Some("lambda.amazonaws.com"));
        assert_eq!(m.task.map(|t| t.id), Some("pull"));
        let login = parse_access_denied("no basic auth credentials").unwrap();
        assert!(
            message_request(&login)
                .unwrap_err()
                .contains("not a policy")
        );
    }
}
