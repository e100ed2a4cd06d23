//! `generate --from-error TEXT|-`: explains an access-denied message and turns its fix into the
//! flags for the document that fixes it (or, when no Allow can fix it, only the explanation).

use std::fmt::Write as _;
use std::process::ExitCode;

use super::access::{DocumentKind, Plan};
use super::check::read_input;
use super::{EXIT_INPUT, print};
use crate::policy::emit::format::shell_word;
use crate::policy::import::access_denied::{
    AccessDenied, Fix, FixDocument, Refusal, parse_access_denied,
};
use crate::policy::visible::{Visible, visible_lines};
use crate::say;

/// Reads the message and fills `plan`; `Err` carries the exit code when nothing is to be
/// generated (the explanation was printed) or the message was not understood.
pub(super) fn apply(raw: &str, plan: &mut Plan) -> Result<(), ExitCode> {
    let text = if raw == "-" {
        read_input("-", &mut std::io::stdin().lock()).map_err(|e| {
            say!("error: --from-error: {e}");
            ExitCode::from(EXIT_INPUT)
        })?
    } else {
        raw.to_string()
    };
    let Some(denied) = parse_access_denied(&text) else {
        say!(
            "error: --from-error: not an access-denied message this understands; paste \
             the whole line that starts with \"User: arn:…\" (or docker's \"denied: …\", \
             containerd's \"… 403 Forbidden\", Lambda's \"… does not have permission to access \
             the ECR image\")"
        );
        return Err(ExitCode::from(EXIT_INPUT));
    };
    let explanation = denied.explanation();
    let Some(fix) = denied.fix() else {
        return Err(explain_only(&denied, &explanation));
    };
    say!("diagnosis: {}", Visible(&explanation));
    for (command, meaning) in denied.how_to_find_out() {
        say!(
            "note: to tell the causes apart: {}\n  ({})",
            Visible(&command),
            Visible(meaning)
        );
    }
    say!(
        "note: the fix grants the task {:?} ({}){}",
        fix.task.id,
        fix.task.summary,
        if fix.document == FixDocument::Identity && fix.task.id != "login" {
            ", and login"
        } else {
            ""
        }
    );
    fill(plan, &fix);
    Ok(())
}

/// The fix's region, account, repository, principal and actions, where the flags leave them out.
fn fill(plan: &mut Plan, fix: &Fix) {
    let spec = &mut plan.spec;
    if spec.region.is_none() {
        spec.region = Some(fix.region.clone());
        if spec.partition.is_none() {
            spec.partition.clone_from(&fix.partition);
        }
    }
    if spec.account.is_none() {
        spec.account.clone_from(&fix.account);
    }
    if spec.repos.is_empty()
        && let Some(repo) = &fix.repository
    {
        spec.repos.push(repo.clone());
    }
    if plan.principal.is_none() {
        plan.principal.clone_from(&fix.principal);
    }
    spec.preset = Some("none".to_string());
    plan.actions
        .extend(fix.actions.iter().map(|a| a.info().name.to_string()));
    plan.document = plan.document.or(Some(match fix.document {
        FixDocument::Identity => DocumentKind::Identity,
        FixDocument::Repository => DocumentKind::Repository,
    }));
}

/// Prints the explanation as the output (there is no policy to write), with the commands that
/// find out or log in, and ends with success. The explanation quotes the message: shown with
/// `Visible`; the commands' values are shell words.
fn explain_only(denied: &AccessDenied, explanation: &str) -> ExitCode {
    let mut text = format!("{}\n", Visible(explanation));
    let find_out = denied.how_to_find_out();
    for (command, meaning) in &find_out {
        let _ = writeln!(text, "  {}\n      {}", Visible(command), Visible(meaning));
    }
    let login = matches!(denied.refusal, Refusal::NotLoggedIn | Refusal::TokenExpired);
    if login && denied.public_host {
        let _ = writeln!(
            text,
            "  docker logout public.ecr.aws\n  aws ecr-public get-login-password --region \
             us-east-1 | docker login --username AWS --password-stdin public.ecr.aws"
        );
    } else if login {
        let region = denied.region.as_deref().unwrap_or("REGION");
        let account = denied.registry_account.as_deref().unwrap_or("ACCOUNT");
        let _ = writeln!(
            text,
            "  aws ecr get-login-password --region {} | docker login --username AWS \
             --password-stdin {}",
            shell_word(region),
            shell_word(&format!("{account}.dkr.ecr.{region}.amazonaws.com"))
        );
    }
    print(&visible_lines(&text))
}
