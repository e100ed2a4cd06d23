//! `generate --from-error TEXT|-`: explains an access-denied message and turns it into the
//! flags for the document that fixes it (or, when no Allow can fix it, only the explanation).

use std::fmt::Write as _;
use std::process::ExitCode;

use super::access::{DocumentKind, Plan};
use super::check::read_input;
use super::{EXIT_INPUT, print};
use crate::policy::import::access_denied::{
    AccessDenied, PolicyKind, Refusal, parse_access_denied,
};

/// Reads the message and fills `plan`; `Err` carries the exit code when nothing is to be
/// generated (the explanation was printed) or the message was not understood.
pub(super) fn apply(raw: &str, plan: &mut Plan) -> Result<(), ExitCode> {
    let text = if raw == "-" {
        read_input("-", &mut std::io::stdin().lock()).map_err(|e| {
            eprintln!("ecr-policy: --from-error: {e}");
            ExitCode::from(EXIT_INPUT)
        })?
    } else {
        raw.to_string()
    };
    let Some(denied) = parse_access_denied(&text) else {
        eprintln!(
            "ecr-policy: --from-error: not an access-denied message this understands; paste \
             the whole line that starts with \"User: arn:…\" (or docker's \"denied: …\")"
        );
        return Err(ExitCode::from(EXIT_INPUT));
    };
    let explanation = denied.explanation();
    let document = match denied.refusal {
        Refusal::NoAllow(PolicyKind::IdentityBased) | Refusal::Unstated => DocumentKind::Identity,
        Refusal::NoAllow(PolicyKind::ResourceBased) => DocumentKind::Repository,
        _ => return Err(explain_only(&denied, &explanation)),
    };
    let Some(task) = denied.task() else {
        return Err(explain_only(&denied, &explanation));
    };
    if denied.service.as_deref() != Some("ecr") {
        return Err(explain_only(&denied, &explanation));
    }
    eprintln!("diagnosis: {explanation}");
    eprintln!(
        "note: the fix grants the task {:?} ({}){}",
        task.id,
        task.summary,
        if document == DocumentKind::Identity && task.id != "login" {
            ", and login"
        } else {
            ""
        }
    );
    fill(plan, &denied, document);
    plan.spec.preset = Some("none".to_string());
    plan.actions
        .extend(task.actions.iter().map(|a| (*a).to_string()));
    if document == DocumentKind::Identity {
        plan.actions.push("GetAuthorizationToken".to_string());
    }
    plan.document = plan.document.or(Some(document));
    Ok(())
}

/// Region, account, repository and principal from the message, where the flags leave them out.
fn fill(plan: &mut Plan, denied: &AccessDenied, document: DocumentKind) {
    let spec = &mut plan.spec;
    if spec.region.is_none() {
        spec.region = Some(denied.region.clone().unwrap_or_else(|| "*".to_string()));
        if denied.region.is_none() && spec.partition.is_none() {
            spec.partition = denied
                .caller
                .as_deref()
                .and_then(|c| c.split(':').nth(1))
                .map(String::from);
        }
    }
    if spec.account.is_none() {
        spec.account = denied
            .registry_account
            .clone()
            .or_else(|| denied.caller_account.clone());
    }
    if spec.repos.is_empty()
        && let Some(repo) = &denied.repository
    {
        spec.repos.push(repo.clone());
    }
    // The caller is who the repository policy must allow; for an identity fix across
    // accounts it also brings the note that the repository policy is needed.
    if plan.principal.is_none() && (document == DocumentKind::Repository || denied.cross_account())
    {
        plan.principal.clone_from(&denied.caller);
    }
}

/// Prints the explanation as the output (there is no policy to write) and ends with success.
fn explain_only(denied: &AccessDenied, explanation: &str) -> ExitCode {
    let mut text = format!("{explanation}\n");
    if denied.refusal == Refusal::NotLoggedIn || denied.refusal == Refusal::TokenExpired {
        let region = denied.region.as_deref().unwrap_or("REGION");
        let account = denied.registry_account.as_deref().unwrap_or("ACCOUNT");
        let _ = writeln!(
            text,
            "  aws ecr get-login-password --region {region} | docker login --username AWS \
             --password-stdin {account}.dkr.ecr.{region}.amazonaws.com"
        );
    }
    print(&text)
}
