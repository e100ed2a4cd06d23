//! `explain`'s answer in plain words: allowed or denied, the request in a phrase ("ecr:PutImage
//! for role ci (account 222233334444) on web (account 111122223333, eu-west-1)"), and why — the
//! statements that allow, the one that denies, the document that is missing, or what is left
//! open. Lines are returned raw: the caller shows each through the sanitiser.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::policy::eval::{DocKind, Gap, Principal, StatementRef, Unsure};
use crate::policy::explain::answer::{ActionAnswer, Explanation, Given, Outcome, Overall};
use crate::policy::explain::query::Repository;
use crate::policy::visible::quoted;

/// The principal in words: "role ci (account 222233334444)".
pub fn principal_words(p: &Principal) -> String {
    let last = |arn: &str| arn.rsplit('/').next().unwrap_or(arn).to_string();
    let account = p.account().unwrap_or("?");
    match p {
        Principal::User { arn } => format!("user {} (account {account})", last(arn)),
        Principal::RoleSession {
            role_arn,
            session_arn,
        } => match session_arn {
            Some(s) => format!(
                "role {}, session {} (account {account})",
                last(role_arn),
                last(s)
            ),
            None => format!("role {} (account {account})", last(role_arn)),
        },
        Principal::FederatedUser { session_arn, .. } => {
            format!("federated user {} (account {account})", last(session_arn))
        }
        Principal::Root { account, .. } => format!("the root user of account {account}"),
        Principal::Service { name } => format!("service {name}"),
        Principal::WebIdentity { provider } => {
            format!("a web identity of the OIDC provider {provider}")
        }
    }
}

/// The repository in words: "web (account 111122223333, eu-west-1)".
pub fn repository_words(r: &Repository) -> String {
    format!("{} (account {}, {})", r.name, r.account, r.region)
}

/// The request of one action in words.
pub fn request_words(expl: &Explanation, answer: &ActionAnswer) -> String {
    let who = principal_words(&expl.principal);
    let action = answer.action.qualified();
    if answer.resource == "*" {
        // A service's request on "*" is made in the registry's account (see `request_for`).
        match &expl.repository {
            Some(r) if expl.principal.is_service() => {
                format!("{action} for {who} on \"*\" (account {})", r.account)
            }
            _ => format!("{action} for {who} on \"*\""),
        }
    } else {
        match &expl.repository {
            Some(r) => format!("{action} for {who} on {}", repository_words(r)),
            None => format!("{action} for {who} on {}", answer.resource),
        }
    }
}

/// A document kind in words, singular and plural.
pub fn kind_words(k: DocKind) -> (&'static str, &'static str) {
    match k {
        DocKind::Identity => ("identity policy", "identity policies"),
        DocKind::Boundary => ("permissions boundary", "permissions boundaries"),
        DocKind::Session => ("session policy", "session policies"),
        DocKind::Scp => ("SCP", "SCPs"),
        DocKind::Rcp => ("RCP", "RCPs"),
        DocKind::Repository => ("repository policy", "repository policies"),
        DocKind::Registry => ("registry policy", "registry policies"),
        DocKind::Endpoint => ("VPC endpoint policy", "VPC endpoint policies"),
        DocKind::Trust => ("role trust policy", "role trust policies"),
    }
}

/// The name tools read for a document kind.
pub fn kind_id(k: DocKind) -> &'static str {
    match k {
        DocKind::Identity => "identity",
        DocKind::Boundary => "boundary",
        DocKind::Session => "session",
        DocKind::Scp => "scp",
        DocKind::Rcp => "rcp",
        DocKind::Repository => "repository",
        DocKind::Registry => "registry",
        DocKind::Endpoint => "endpoint",
        DocKind::Trust => "trust",
    }
}

/// "id.json, statement 1 \"Push\"" (an SCP's or RCP's with its level).
pub fn statement_words(s: &StatementRef) -> String {
    let mut out = s.document.to_string();
    if let Some(l) = &s.level {
        out.push_str(" at ");
        out.push_str(l);
    }
    let _ = write!(out, ", statement {}", s.index + 1);
    if let Some(sid) = &s.sid {
        out.push(' ');
        out.push_str(&quoted(sid));
    }
    out
}

/// The kinds in the order the words list them.
const ORDER: [DocKind; 8] = [
    DocKind::Identity,
    DocKind::Boundary,
    DocKind::Session,
    DocKind::Scp,
    DocKind::Endpoint,
    DocKind::Repository,
    DocKind::Registry,
    DocKind::Rcp,
];

/// One sentence per kind of document that allows: "The identity policy allows it (id.json,
/// statement 1 \"Push\")." RCPs are left out: their Allow grants nothing.
fn allow_sentences(allows: &[StatementRef]) -> Vec<String> {
    let mut out = Vec::new();
    for kind in ORDER.into_iter().filter(|k| *k != DocKind::Rcp) {
        let refs: Vec<&StatementRef> = allows.iter().filter(|s| s.kind == kind).collect();
        if refs.is_empty() {
            continue;
        }
        let docs: BTreeSet<(&str, Option<&str>)> = refs
            .iter()
            .map(|s| (&*s.document, s.level.as_deref()))
            .collect();
        let (one, many) = kind_words(kind);
        let (name, verb) = if docs.len() == 1 {
            (one, "allows")
        } else {
            (many, "allow")
        };
        let list: Vec<String> = refs.iter().map(|s| statement_words(s)).collect();
        out.push(format!("The {name} {verb} it ({}).", list.join("; ")));
    }
    out
}

fn labelled(kind: &str, label: Option<&std::sync::Arc<str>>) -> String {
    match label {
        Some(l) => format!("the {kind} ({l})"),
        None => format!("the {kind}"),
    }
}

/// What a request needs that it does not have, with `what` (the request, or "it") in place.
fn gap_words(g: &Gap, what: &str, given: &Given, principal: &Principal) -> String {
    match g {
        Gap::NoIdentityAllow if given.identity == 0 => {
            format!("no identity policy allows {what} (none was given: --identity, --dump)")
        }
        Gap::NoIdentityAllow => format!("no identity policy allows {what}"),
        Gap::Boundary => format!(
            "{} does not allow {what}",
            labelled("permissions boundary", given.boundary.as_ref())
        ),
        Gap::SessionPolicy => format!(
            "{} does not allow {what}",
            labelled("session policy", given.session.as_ref())
        ),
        Gap::NoSessionPolicy => format!(
            "{} is a federated user session without a session policy (--session), so it has no \
             permissions for {what}",
            principal_words(principal)
        ),
        Gap::Scp { level } => format!(
            "no SCP attached at {level} allows {what}: every level from the root to the account \
             must (AWS attaches FullAWSAccess at each unless it was detached: give it with \
             --scp FullAWSAccess,FILE)"
        ),
        Gap::Endpoint => format!(
            "{} does not allow {what}",
            labelled("VPC endpoint policy", given.endpoint.as_ref())
        ),
        Gap::NoResourceAllow {
            consulted,
            cross_account,
            service,
        } => {
            let which = match consulted.as_slice() {
                [] => format!(
                    "there is no repository policy (none was given: --repository) to allow {what}"
                ),
                [DocKind::Repository] => format!("no repository policy allows {what}"),
                [DocKind::Registry] => format!("no registry policy allows {what}"),
                _ => format!("neither the repository policy nor the registry policy allows {what}"),
            };
            let which = match &given.registry {
                Some(l) if !consulted.contains(&DocKind::Registry) && given.registry_v1 => format!(
                    "{which} (the registry policy {l} is not consulted for it: under scope V1 it \
                     applies only to replication and the pull-through cache)"
                ),
                _ => which,
            };
            if *service {
                format!("{which}: a service principal is allowed only by the repository's policies")
            } else if *cross_account {
                format!("{which}: cross-account needs both")
            } else {
                which
            }
        }
        Gap::AccountOnly => format!(
            "the repository policy allows {what} only to the account, which within the account \
             leaves it to the identity policies"
        ),
    }
}

fn unsure_words(u: &Unsure) -> String {
    format!(
        "the {} {}: {}",
        kind_words(u.at.kind).0,
        statement_words(&u.at),
        u.reason
    )
}

fn deny_words(s: &StatementRef, what: &str) -> String {
    let (kind, _) = kind_words(s.kind);
    let mut out = format!("statement {}", s.index + 1);
    if let Some(sid) = &s.sid {
        out.push(' ');
        out.push_str(&quoted(sid));
    }
    let _ = write!(out, " of the {kind} {}", s.document);
    if let Some(l) = &s.level {
        let _ = write!(out, " at {l}");
    }
    let _ = write!(out, " denies {what}");
    out
}

/// Why one action has its outcome, with `what` naming the request ("it" inside a list).
/// Starts with the verdict word: `allowed`, `denied` or `not decided`.
pub fn action_sentence(expl: &Explanation, answer: &ActionAnswer, what: &str) -> String {
    let d = &answer.decision;
    let mut out = match answer.outcome {
        Outcome::Allowed if what == "it" => "allowed.".to_string(),
        Outcome::Allowed => format!("allowed: {what}."),
        Outcome::ExplicitDeny => {
            let first = d.denies.first().map_or_else(
                || format!("a Deny statement applies to {what}"),
                |s| deny_words(s, what),
            );
            let mut s = format!("denied: {first}. An explicit deny overrides every allow.");
            if d.denies.len() > 1 {
                let more: Vec<String> = d.denies[1..].iter().map(statement_words).collect();
                let _ = write!(s, " Denied too by {}.", more.join("; "));
            }
            return s;
        }
        Outcome::ImplicitDeny => {
            let gaps: Vec<String> = d
                .gaps
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    gap_words(
                        g,
                        if i == 0 { what } else { "it" },
                        &expl.given,
                        &expl.principal,
                    )
                })
                .collect();
            if gaps.is_empty() {
                format!("denied: nothing allows {what}.")
            } else {
                format!("denied: {}.", gaps.join("; and "))
            }
        }
        Outcome::Undecided => {
            let mut why: Vec<String> = d.unsure.iter().map(unsure_words).collect();
            why.extend(expl.incomplete.iter().cloned());
            if why.is_empty() {
                why.push("the documents leave it open".to_string());
            }
            if what == "it" {
                format!("not decided: {}.", why.join("; "))
            } else {
                format!("not decided: {what}: {}.", why.join("; "))
            }
        }
    };
    for s in allow_sentences(&d.allows) {
        out.push(' ');
        out.push_str(&s);
    }
    out
}

fn verdict_word(o: Overall) -> &'static str {
    match o {
        Overall::Allowed => "allowed",
        Overall::Denied => "denied",
        Overall::Undecided => "not decided",
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The summary of several answers: "ecr:PutImage is denied (5 of 6 actions are allowed)".
fn summary(answers: &[&ActionAnswer]) -> String {
    let total = answers.len();
    let allowed = answers
        .iter()
        .filter(|a| a.outcome == Outcome::Allowed)
        .count();
    let names = |f: fn(Outcome) -> bool| -> Vec<String> {
        answers
            .iter()
            .filter(|a| f(a.outcome))
            .map(|a| a.action.qualified())
            .collect()
    };
    let denied = names(|o| matches!(o, Outcome::ExplicitDeny | Outcome::ImplicitDeny));
    let open = names(|o| o == Outcome::Undecided);
    let mut parts = Vec::new();
    if !denied.is_empty() {
        let verb = if denied.len() == 1 { "is" } else { "are" };
        parts.push(format!("{} {verb} denied", join_and(&denied)));
    }
    if !open.is_empty() {
        let verb = if open.len() == 1 { "is" } else { "are" };
        parts.push(format!("{} {verb} not decided", join_and(&open)));
    }
    if parts.is_empty() {
        if total == 1 {
            "its action is allowed".to_string()
        } else {
            format!("all {total} of its actions are allowed")
        }
    } else {
        format!("{} ({allowed} of {total} allowed)", parts.join("; "))
    }
}

/// The whole answer, one line each (raw: show each through the sanitiser).
pub fn report(expl: &Explanation) -> Vec<String> {
    let mut lines = Vec::new();
    let single = expl.answers.len() == 1 && expl.asked.tasks.is_empty();
    if let (true, Some(a)) = (single, expl.answers.first()) {
        lines.push(action_sentence(expl, a, &request_words(expl, a)));
    } else {
        let mut subject: Vec<String> = expl.asked.tasks.iter().map(|t| t.id.to_string()).collect();
        let in_tasks = |a: &ActionAnswer| {
            expl.asked.tasks.iter().any(|t| {
                t.actions
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(a.action.info().name))
            })
        };
        subject.extend(
            expl.answers
                .iter()
                .filter(|a| !in_tasks(a))
                .map(|a| a.action.qualified()),
        );
        let on = match &expl.repository {
            Some(r) => format!(" on {}", repository_words(r)),
            None => String::new(),
        };
        let all: Vec<&ActionAnswer> = expl.answers.iter().collect();
        lines.push(format!(
            "{}: {} for {}{on}: {}.",
            verdict_word(expl.overall()),
            join_and(&subject),
            principal_words(&expl.principal),
            summary(&all)
        ));
        if expl.asked.tasks.len() > 1 {
            for t in &expl.asked.tasks {
                let answers = expl.task_answers(t);
                let verdict =
                    crate::policy::explain::answer::Overall::of(answers.iter().map(|a| a.outcome));
                lines.push(format!(
                    "  task {}: {}: {}.",
                    t.id,
                    verdict_word(verdict),
                    summary(&answers)
                ));
            }
        }
        for a in &expl.answers {
            lines.push(format!(
                "  {}: {}",
                a.action.qualified(),
                action_sentence(expl, a, "it")
            ));
        }
    }
    if expl.answers.iter().any(|a| a.outcome == Outcome::Undecided) && !expl.open_keys.is_empty() {
        lines.push(format!(
            "To decide, say what the request carries: --context KEY=VALUE, or --absent KEY when \
             it carries none (--org-id gives aws:PrincipalOrgID). Left open: {}.",
            expl.open_keys.join(", ")
        ));
    }
    lines
}

/// Notes about what was asked (on standard error, or `notes` in JSON).
pub fn notes(expl: &Explanation) -> Vec<String> {
    let mut out = Vec::new();
    let login = expl
        .asked
        .actions
        .iter()
        .any(|a| a.info().name == "GetAuthorizationToken");
    let docker = expl
        .asked
        .tasks
        .iter()
        .filter(|t| t.id == "push" || t.id == "pull")
        .map(|t| t.id)
        .collect::<Vec<_>>();
    if !login && let Some(first) = docker.first() {
        out.push(format!(
            "docker {first} also needs a registry login (ecr:GetAuthorizationToken on \"*\"): \
             add --task login to judge it too"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principals_in_words() {
        let p = |s: &str| principal_words(&Principal::parse(s).unwrap());
        assert_eq!(
            p("arn:aws:iam::222233334444:role/team/ci"),
            "role ci (account 222233334444)"
        );
        assert_eq!(
            p("arn:aws:sts::222233334444:assumed-role/ci/run-7"),
            "role ci, session run-7 (account 222233334444)"
        );
        assert_eq!(
            p("arn:aws:iam::222233334444:user/ops/alice"),
            "user alice (account 222233334444)"
        );
        assert_eq!(p("222233334444"), "the root user of account 222233334444");
        assert_eq!(p("lambda.amazonaws.com"), "service lambda.amazonaws.com");
    }

    #[test]
    fn statements_in_words_quote_the_sid() {
        let s = StatementRef {
            kind: DocKind::Scp,
            document: "deny.json".into(),
            level: Some("level 2".into()),
            index: 0,
            sid: Some("No \"ECR\"".into()),
        };
        assert_eq!(
            statement_words(&s),
            "deny.json at level 2, statement 1 \"No \\\"ECR\\\"\""
        );
        assert_eq!(
            deny_words(&s, "it"),
            "statement 1 \"No \\\"ECR\\\"\" of the SCP deny.json at level 2 denies it"
        );
    }
}
