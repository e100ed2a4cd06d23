//! `ecr-policy explain`: whether a request is allowed and why, asked three ways — one request
//! (`--principal`, `--action`/`--task`, `--repo`), every user and role of an account dump
//! (`--who-can TASK REPO --dump FILE`), or a pasted access-denied message (`--from-error`).
//! Exit 0 allowed (or every principal decided), 1 denied or not decided, 2 unreadable input.

pub mod args;
mod inputs;

use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

use serde::Serialize;

use crate::adapters::stdio;
use crate::cmd::check::read_input;
use crate::policy::eval::Principal;
use crate::policy::eval::{DocumentSet, StatementRef};
use crate::policy::explain::advice::{MessageRequest, advise, message_request};
use crate::policy::explain::json::{JsonExplanation, JsonWhoCan};
use crate::policy::explain::who_can::{
    EntityDocs, WhoCan, entity_documents, read_policies, who_can,
};
use crate::policy::explain::words::{
    kind_words, notes, principal_words, report as words, repository_words, statement_words,
};
use crate::policy::explain::{
    Ask, Asked, ContextGiven, Explanation, InputError, Overall, Repository, explain,
    parse_principal,
};
use crate::policy::import::access_denied::parse_access_denied;
use crate::policy::import::document::DocKind as ImportKind;
use crate::policy::import::sources::account_principals::{AccountPrincipals, EntityKind};
use crate::policy::spec::tasks::find_task;
use crate::policy::visible::{Visible, report_json, visible, visible_lines};
use args::{ExplainArgs, ExplainFormat};
use inputs::Loader;

/// Allowed (with `--who-can`: every principal decided).
pub const EXIT_ALLOWED: u8 = 0;
/// Denied, or not decided (fail closed).
pub const EXIT_DENIED: u8 = 1;
/// An input could not be read, or the flags do not make a request.
pub const EXIT_UNREADABLE: u8 = 2;

/// Runs the subcommand; returns the exit code.
pub fn run(args: &ExplainArgs) -> u8 {
    let (out, err, code) = report(args, &mut std::io::stdin().lock());
    // Every value was shown with `Visible` (or escaped by the JSON writer); the last guard
    // escapes anything hidden that is left.
    let written = super::output(visible_lines(&out).as_bytes(), EXIT_UNREADABLE);
    if !err.is_empty() {
        stdio::say_text(&err);
    }
    if written == 0 { code } else { written }
}

/// What to print on stdout and stderr, and the exit code.
pub fn report(args: &ExplainArgs, stdin: &mut impl Read) -> (String, String, u8) {
    match answer(args, stdin) {
        Ok(r) => r,
        Err(msg) => (String::new(), format!("error: {msg}\n"), EXIT_UNREADABLE),
    }
}

/// `flag name: reason`, every value escaped.
fn unreadable(flag: &str, name: &str, e: &str) -> String {
    format!("{flag} {}: {}", Visible(name), Visible(e))
}

fn input(e: &InputError) -> String {
    visible(&e.to_string()).into_owned()
}

/// Every file name given, to refuse two standard inputs.
fn files(args: &ExplainArgs) -> Vec<&str> {
    let mut out: Vec<&str> = args.identity.iter().map(String::as_str).collect();
    out.extend(
        [
            &args.boundary,
            &args.session,
            &args.repository,
            &args.registry,
            &args.endpoint,
            &args.dump,
            &args.from_error,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str),
    );
    out.extend(
        args.scp
            .iter()
            .chain(&args.rcp)
            .flat_map(|v| v.split(',').map(str::trim)),
    );
    out
}

/// The documents given by flag (not the dump's).
fn documents<R: Read>(args: &ExplainArgs, l: &mut Loader<'_, R>) -> Result<DocumentSet, String> {
    let mut docs = DocumentSet {
        registry_scope: args.registry_scope.scope(),
        ..DocumentSet::default()
    };
    for f in &args.identity {
        docs.identity.extend(
            l.load(f, ImportKind::Identity, true)
                .map_err(|e| unreadable("--identity", f, &e))?,
        );
    }
    let one = |l: &mut Loader<'_, R>, flag: &str, f: &Option<String>, kind| {
        f.as_ref()
            .map(|f| l.load_one(f, kind).map_err(|e| unreadable(flag, f, &e)))
            .transpose()
    };
    docs.boundary = one(l, "--boundary", &args.boundary, ImportKind::Identity)?;
    docs.session = one(l, "--session", &args.session, ImportKind::Identity)?;
    docs.repository = one(l, "--repository", &args.repository, ImportKind::Repository)?;
    docs.registry = one(l, "--registry", &args.registry, ImportKind::Registry)?;
    docs.endpoint = one(l, "--endpoint", &args.endpoint, ImportKind::Identity)?;
    docs.scps = l
        .levels(&args.scp)
        .map_err(|(f, e)| unreadable("--scp", &f, &e))?;
    docs.rcps = l
        .levels(&args.rcp)
        .map_err(|(f, e)| unreadable("--rcp", &f, &e))?;
    Ok(docs)
}

fn answer(args: &ExplainArgs, stdin: &mut impl Read) -> Result<(String, String, u8), String> {
    if files(args).iter().filter(|f| **f == "-").count() > 1 {
        return Err("only one input can be standard input (-)".to_string());
    }
    let mut loader = Loader {
        addresses: &args.policies,
        stdin,
    };
    let mut docs = documents(args, &mut loader)?;
    let context = ContextGiven::parse(&args.context, &args.absent, args.org_id.as_deref())
        .map_err(|e| input(&e))?;
    if let Some(wc) = &args.who_can {
        return who_can_answer(args, wc, &docs, &context, &mut loader);
    }
    let said = match &args.from_error {
        Some(raw) => Some(read_message(raw, &mut loader.stdin)?),
        None => None,
    };
    let message = said.as_ref().map(|(m, _)| m);
    let (principal, asked, repository) = request(args, message)?;
    let mut incomplete = Vec::new();
    if let Some(dump_name) = &args.dump {
        let dump = loader
            .dump(dump_name)
            .map_err(|e| unreadable("--dump", dump_name, &e))?;
        let own = from_dump(&dump, dump_name, &principal)?;
        docs.identity.extend(own.identity);
        if let Some(b) = own.boundary {
            if args.boundary.is_some() {
                return Err(
                    "--boundary: the principal's permissions boundary is in the --dump; give one"
                        .to_string(),
                );
            }
            docs.boundary = Some(b);
        }
        incomplete.extend(own.incomplete);
    }
    let ask = Ask {
        principal: &principal,
        repository: repository.as_ref(),
        asked: &asked,
        context: &context,
        open_keys: true,
    };
    let expl = explain(&docs, ask, incomplete).map_err(|e| input(&e))?;
    let changes = said
        .as_ref()
        .map(|(m, deny_policy)| advise(&expl, m, deny_policy.as_deref()));
    let code = match expl.overall() {
        Overall::Allowed => EXIT_ALLOWED,
        Overall::Denied | Overall::Undecided => EXIT_DENIED,
    };
    let mut err = String::new();
    for n in notes(&expl) {
        let _ = writeln!(err, "note: {}", Visible(&n));
    }
    Ok((render(args.format, &expl, changes.as_deref()), err, code))
}

/// The request: from the flags, with what the message says filling what they leave out.
fn request(
    args: &ExplainArgs,
    message: Option<&MessageRequest>,
) -> Result<(Principal, Asked, Option<Repository>), String> {
    let principal_text = args
        .principal
        .clone()
        .or_else(|| message.and_then(|m| m.principal.clone()))
        .ok_or_else(|| {
            if message.is_some() {
                "the message does not say who was refused: give --principal ARN".to_string()
            } else {
                "--principal is missing: who makes the request (a role or user ARN)".to_string()
            }
        })?;
    let principal = parse_principal(&principal_text).map_err(|e| input(&e))?;
    let (tasks, actions) = if !args.tasks.is_empty() || !args.actions.is_empty() {
        (args.tasks.clone(), args.actions.clone())
    } else if let Some(a) = message.and_then(|m| m.action.clone()) {
        (Vec::new(), vec![a])
    } else if let Some(t) = message.and_then(|m| m.task) {
        (vec![t.id.to_string()], Vec::new())
    } else if message.is_some() {
        return Err("the message does not name the action: give --action or --task".to_string());
    } else {
        (Vec::new(), Vec::new())
    };
    let asked = Asked::parse(&tasks, &actions).map_err(|e| input(&e))?;
    let from_message = |f: fn(&MessageRequest) -> Option<String>| message.and_then(f);
    let repo_text = args
        .repo
        .clone()
        .or_else(|| from_message(|m| m.repository.clone()));
    let region = args
        .region
        .clone()
        .or_else(|| from_message(|m| m.region.clone()));
    let account = args
        .account
        .clone()
        .or_else(|| from_message(|m| m.account.clone()));
    let repository = match &repo_text {
        Some(r) => Some(
            Repository::parse(r, region.as_deref(), account.as_deref()).map_err(|e| input(&e))?,
        ),
        None if asked.star_only() => None,
        None if message.is_some() => {
            return Err("the message does not name the repository: give --repo NAME|ARN".into());
        }
        None => {
            return Err(
                "--repo is missing: the repository the request is made on (its ARN, \
                 or its name with --region and --account)"
                    .to_string(),
            );
        }
    };
    Ok((principal, asked, repository))
}

/// The answer in the format asked for, with what to change (for `--from-error`).
fn render(format: ExplainFormat, expl: &Explanation, changes: Option<&[String]>) -> String {
    match format {
        ExplainFormat::Text => {
            let mut out = String::new();
            for line in words(expl) {
                let _ = writeln!(out, "{}", Visible(&line));
            }
            if let Some(changes) = changes {
                out.push_str("What to change:\n");
                for c in changes {
                    let _ = writeln!(out, "  {}", Visible(c));
                }
            }
            out
        }
        ExplainFormat::Json => {
            #[derive(Serialize)]
            struct WithChanges<'a> {
                #[serde(flatten)]
                explanation: JsonExplanation<'a>,
                #[serde(skip_serializing_if = "Option::is_none")]
                changes: Option<&'a [String]>,
            }
            report_json(&WithChanges {
                explanation: JsonExplanation::of(expl),
                changes,
            })
        }
    }
}

/// The principal's identity policies and boundary from an account dump.
fn from_dump(
    dump: &AccountPrincipals,
    name: &str,
    principal: &Principal,
) -> Result<EntityDocs, String> {
    let account = principal.account().unwrap_or_default();
    let entity = match principal {
        Principal::User { arn } => dump.find(EntityKind::User, account, arn),
        Principal::RoleSession { role_arn, .. } => {
            let role = role_arn.rsplit('/').next().unwrap_or_default();
            dump.find(EntityKind::Role, account, role)
        }
        _ => {
            return Err(unreadable(
                "--dump",
                name,
                "holds users and roles: give one of them as --principal",
            ));
        }
    };
    let Some(entity) = entity else {
        let (users, roles) = dump.entities.iter().fold((0, 0), |(u, r), e| match e.kind {
            EntityKind::User => (u + 1, r),
            EntityKind::Role => (u, r + 1),
        });
        return Err(unreadable(
            "--dump",
            name,
            &format!(
                "has no {} (it has {users} users and {roles} roles)",
                principal_words(principal)
            ),
        ));
    };
    let read = read_policies(dump);
    Ok(entity_documents(dump, &read, entity))
}

/// The pasted message (`-` standard input, a file's path, or the text) and what it says.
fn read_message(
    raw: &str,
    stdin: &mut impl Read,
) -> Result<(MessageRequest, Option<String>), String> {
    let text = if raw == "-" || Path::new(raw).is_file() {
        read_input(raw, stdin).map_err(|e| unreadable("--from-error", raw, &e))?
    } else {
        raw.to_string()
    };
    let Some(denied) = parse_access_denied(&text) else {
        return Err(
            "--from-error: not an access-denied message this understands; paste the whole \
             line that starts with \"User: arn:...\" (or containerd's \"... 403 Forbidden\", \
             Lambda's \"... does not have permission to access the ECR image\")"
                .to_string(),
        );
    };
    let m = message_request(&denied)
        .map_err(|e| format!("--from-error: the message {}", Visible(&e)))?;
    Ok((m, denied.deny_policy))
}

/// `--who-can TASK REPO --dump FILE`.
fn who_can_answer<R: Read>(
    args: &ExplainArgs,
    wc: &[String],
    docs: &DocumentSet,
    context: &ContextGiven,
    loader: &mut Loader<'_, R>,
) -> Result<(String, String, u8), String> {
    let [what, repo] = wc else {
        return Err("--who-can takes a task and a repository: --who-can push web".to_string());
    };
    let asked = if find_task(what.trim()).is_some() {
        Asked::parse(std::slice::from_ref(what), &[])
    } else {
        Asked::parse(&[], std::slice::from_ref(what))
    }
    .map_err(|e| {
        input(&InputError::new(
            "--who-can",
            &e.value,
            "is neither a task (push, pull, login...) nor an ECR action",
        ))
    })?;
    let repository = Repository::parse(repo, args.region.as_deref(), args.account.as_deref())
        .map_err(|e| {
            let flag = if e.flag == "--repo" {
                "--who-can"
            } else {
                e.flag
            };
            input(&InputError::new(flag, &e.value, e.message))
        })?;
    let dump_name = args.dump.as_deref().unwrap_or("-");
    let dump = loader
        .dump(dump_name)
        .map_err(|e| unreadable("--dump", dump_name, &e))?;
    let read = read_policies(&dump);
    let w = who_can(&dump, &read, docs, &repository, &asked, context).map_err(|e| input(&e))?;
    let code = if w.with(Overall::Undecided).next().is_some() {
        EXIT_DENIED
    } else {
        EXIT_ALLOWED
    };
    let mut err = String::new();
    if !w.skipped.is_empty() {
        let _ = writeln!(
            err,
            "note: not judged, the dump gives no ARN: {}",
            Visible(&w.skipped.join(", "))
        );
    }
    let out = match args.format {
        ExplainFormat::Text => who_can_text(&w, what, &repository, dump_name),
        ExplainFormat::Json => report_json(&JsonWhoCan::of(&w, &asked, &repository.arn)),
    };
    Ok((out, err, code))
}

fn kind_statement(s: &StatementRef) -> String {
    format!("the {} {}", kind_words(s.kind).0, statement_words(s))
}

fn who_can_text(w: &WhoCan, what: &str, repository: &Repository, dump: &str) -> String {
    let mut out = String::new();
    let can: Vec<_> = w.with(Overall::Allowed).collect();
    let total = w.rows.len();
    let shown = if dump == "-" { "<stdin>" } else { dump };
    let subject = format!(
        "{} on {}",
        Visible(what.trim()),
        Visible(&repository_words(repository))
    );
    if can.is_empty() {
        let _ = writeln!(
            out,
            "No user or role of the {total} in {} can {subject}.",
            Visible(shown)
        );
    } else {
        let _ = writeln!(
            out,
            "{} of the {total} users and roles in {} can {subject}:",
            can.len(),
            Visible(shown)
        );
    }
    for r in &can {
        let _ = writeln!(
            out,
            "  {} {} ({})",
            r.kind.word(),
            Visible(&r.name),
            Visible(&r.arn)
        );
        let through: Vec<String> = r.through().into_iter().map(kind_statement).collect();
        let _ = writeln!(out, "    through {}", Visible(&through.join("; ")));
    }
    let open: Vec<_> = w.with(Overall::Undecided).collect();
    if !open.is_empty() {
        let _ = writeln!(out, "Not decided for {} (counted as cannot):", open.len());
        for r in open {
            let _ = writeln!(
                out,
                "  {} {} ({}): {}",
                r.kind.word(),
                Visible(&r.name),
                Visible(&r.arn),
                Visible(&r.open_reasons().join("; "))
            );
        }
    }
    let cannot: Vec<String> = w
        .with(Overall::Denied)
        .map(|r| format!("{} {}", r.kind.word(), r.name))
        .collect();
    if !cannot.is_empty() {
        let _ = writeln!(out, "Cannot: {}.", Visible(&cannot.join(", ")));
    }
    out
}
