//! `generate --document repository`: the repository policies of every grant. Repository R gets
//! exactly the repository actions of the grants naming (or covering) it; repositories given the
//! same actions share one document. Terraform and the AWS CLI hold them all, JSON only one.

use crate::policy::visible::Visible;
use std::fmt::Write as _;
use std::process::ExitCode;

use super::access_command::{names, repository_command};
use super::args::GenerateArgs;
use super::generate::deliver;
use super::{EXIT_INPUT, report_input_errors};
use crate::policy::emit::format::{Format, RepositoryPart, render_repositories_as};
use crate::policy::emit::registry_docs::needs_registry_policy;
use crate::policy::emit::render::JsonStyle;
use crate::policy::emit::repository_docs::{
    RepositoryDocument, repository_documents, repository_documents_of_every_grant,
};
use crate::policy::emit::repository_policy::{
    RepositoryPolicy, RepositoryTarget, build_repository_policy, check_repository_policy_size,
    render_repository_policy,
};
use crate::policy::spec::grants::{KeptStatement, PolicySpec};
use crate::policy::spec::principal::{Principal, list_names, placement};
use crate::policy::spec::validate::is_wildcard;
use crate::policy::{ActionSet, Field, FieldError, Spec};
use crate::say;

/// The documents to write: what the principal needs across the grants; for a principal in the
/// registry's own account (which needs none) every grant's, as asked; and when no grant names a
/// repository with repository actions, the first grant's one document as it stands.
fn documents(policy: &PolicySpec, principal: &Principal) -> Vec<RepositoryDocument> {
    let mut docs = repository_documents(&policy.grants, principal);
    if docs.is_empty()
        && policy
            .grants
            .iter()
            .all(|g| !principal.needs_repository_policy(&g.account))
    {
        docs = repository_documents_of_every_grant(&policy.grants);
    }
    if docs.is_empty()
        && let Some(first) = policy.grants.first()
    {
        docs.push(RepositoryDocument {
            region: first.region.clone(),
            account: first.account.clone(),
            repositories: first.repositories.clone(),
            actions: first.actions,
        });
    }
    docs
}

/// Writes the repository policies of `policy` for `principal`.
pub(super) fn run(policy: &PolicySpec, principal: &Principal, args: &GenerateArgs) -> ExitCode {
    let registry: Vec<&Spec> = policy
        .grants
        .iter()
        .filter(|g| needs_registry_policy(g))
        .collect();
    if !registry.is_empty() {
        let names: Vec<String> = registry
            .iter()
            .flat_map(|g| g.repositories.iter().cloned())
            .collect();
        let why = "is the pull-through cache's: its repositories do not exist before the first \
                   pull, so no repository policy can be set on them, and AWS grants \
                   ecr:CreateRepository across accounts only in the registry policy; write it \
                   with --document registry";
        if policy.grants.len() == registry.len() {
            return report_input_errors(&[FieldError::new(
                Field::Repository,
                &list_names(&names),
                why,
            )]);
        }
        say!(
            "note: no repository policy for {}: it {why}",
            list_names(&names)
        );
    }
    let docs = documents(policy, principal);
    let built = match build_all(policy, &docs, principal) {
        Ok(b) => b,
        Err(errors) => return report_input_errors(&errors),
    };
    if args.format == Format::Json && built.len() > 1 {
        return one_json_only(&built, principal);
    }
    let text = match render(&built, args) {
        Ok(t) => t,
        Err(errors) => return report_input_errors(&errors),
    };
    notes(policy, principal, &built);
    deliver(args, &format!("{text}\n"))
}

/// The documents in the chosen format (`--compact` JSON for one).
fn render(
    built: &[(RepositoryDocument, RepositoryPolicy)],
    args: &GenerateArgs,
) -> Result<String, Vec<FieldError>> {
    if args.compact
        && args.format == Format::Json
        && let [(_, policy)] = built
    {
        return Ok(render_repository_policy(policy, JsonStyle::Compact));
    }
    let output = args.output_options()?;
    let parts: Vec<RepositoryPart<'_>> = built
        .iter()
        .map(|(doc, policy)| RepositoryPart {
            policy,
            place: doc.place(),
        })
        .collect();
    render_repositories_as(&parts, output.format).map_err(|e| vec![e])
}

/// Each document's policy, checked for size. A service's document with none of the actions it
/// uses is left out with a note while another remains; alone, it is the error it always was.
fn build_all(
    policy: &PolicySpec,
    docs: &[RepositoryDocument],
    principal: &Principal,
) -> Result<Vec<(RepositoryDocument, RepositoryPolicy)>, Vec<FieldError>> {
    if docs.is_empty() {
        // No grant at all (registry-wide actions only): the builder says why that is empty.
        let target = RepositoryTarget {
            partition: "aws",
            region: "*",
            account: "",
            actions: policy.star_actions(),
        };
        let e = build_repository_policy(target, principal)
            .err()
            .unwrap_or_else(|| {
                FieldError::new(Field::Action, "", "leaves the repository policy empty")
            });
        return Err(vec![e]);
    }
    let mut built = Vec::new();
    let mut skipped = Vec::new();
    for doc in docs {
        match build_repository_policy(doc.target(), principal) {
            Ok(p) => {
                check_repository_policy_size(&p).map_err(|e| vec![named(e, doc, docs.len())])?;
                add(&mut built, doc, p);
            }
            Err(e) if docs.len() > 1 => skipped.push((doc, e)),
            Err(e) => return Err(vec![e]),
        }
    }
    if built.is_empty() {
        return Err(skipped.into_iter().map(|(d, e)| named(e, d, 2)).collect());
    }
    for (doc, e) in skipped {
        let reason = e
            .message
            .strip_prefix("leaves the repository policy empty: ")
            .unwrap_or(&e.message);
        say!(
            "note: no repository policy for {}: {reason}",
            list_names(&doc.repositories)
        );
    }
    Ok(built)
}

/// Adds `doc`'s policy, or its repositories to a document with the same statements in the same
/// registry (a service uses only some actions, so different selections can end up the same).
fn add(
    built: &mut Vec<(RepositoryDocument, RepositoryPolicy)>,
    doc: &RepositoryDocument,
    policy: RepositoryPolicy,
) {
    let same = built.iter_mut().find(|(d, p)| {
        d.region == doc.region && d.account == doc.account && p.statements == policy.statements
    });
    if let Some((d, p)) = same {
        d.repositories.extend(doc.repositories.iter().cloned());
        d.repositories.sort();
        d.actions = d.actions.union(doc.actions);
        p.not_for_service = p.not_for_service.union(policy.not_for_service);
        p.added_for_service = p.added_for_service.union(policy.added_for_service);
    } else {
        built.push((doc.clone(), policy));
    }
}

/// With several documents, which one an error is about.
fn named(e: FieldError, doc: &RepositoryDocument, count: usize) -> FieldError {
    if count < 2 {
        return e;
    }
    FieldError::new(
        e.field,
        &e.value,
        format!(
            "(the policy on {}) {}",
            list_names(&doc.repositories),
            e.message
        ),
    )
}

/// JSON holds one document: name each, with the command that writes it alone.
fn one_json_only(
    built: &[(RepositoryDocument, RepositoryPolicy)],
    principal: &Principal,
) -> ExitCode {
    let mut text = format!(
        "error: --format json (the default) holds one repository policy, and these grants need {}, one per \
         set of repositories given the same actions:",
        built.len()
    );
    for (i, (doc, p)) in built.iter().enumerate() {
        let _ = write!(
            text,
            "\n  {}. on {} in account {} ({}): {}\n     {}",
            i + 1,
            list_names(&doc.repositories),
            doc.account,
            doc.region.code,
            names(p.granted()),
            repository_command(&doc.as_spec(), principal)
        );
    }
    if built
        .iter()
        .any(|(d, _)| d.repositories.iter().any(|r| is_wildcard(r)))
    {
        text.push_str(
            "\nWrite each with its command (a pattern such as team/* needs JSON: set that policy \
             on each repository it matches).",
        );
    } else {
        text.push_str(
            "\nWrite one with its command, or all of them with --format terraform or --format \
             aws-cli.",
        );
    }
    say!("{text}");
    ExitCode::from(EXIT_INPUT)
}

/// What the documents leave out and where they go, on stderr.
fn notes(
    policy: &PolicySpec,
    principal: &Principal,
    built: &[(RepositoryDocument, RepositoryPolicy)],
) {
    let star = policy.star_actions();
    if !star.is_empty() {
        say!(
            "note: left out of the repository policy, which cannot hold them: {} (they only \
             work in the identity policy, on \"*\")",
            names(star)
        );
    }
    let not_for_service = built
        .iter()
        .fold(ActionSet::EMPTY, |set, (_, p)| set.union(p.not_for_service));
    if !not_for_service.is_empty() {
        say!(
            "note: left out, not used by the service: {}",
            names(not_for_service)
        );
    }
    let added = built.iter().fold(ActionSet::EMPTY, |set, (_, p)| {
        set.union(p.added_for_service)
    });
    if let (false, Principal::Service { service, .. }) = (added.is_empty(), principal) {
        say!(
            "note: added {}: {} pulls with {} together, and the selection had only part of \
             them, which cannot pull an image",
            names(added),
            service.principal,
            names(ActionSet::of(service.actions))
        );
    }
    if policy.grants.iter().any(|g| !g.tags.is_empty()) {
        say!(
            "note: --require-tag limits the identity policy only; a repository policy is set on \
             each repository itself"
        );
    }
    let own: Vec<String> = policy
        .grants
        .iter()
        .filter(|g| !principal.needs_repository_policy(&g.account))
        .filter(|g| !g.actions.repository_level().is_empty())
        .flat_map(|g| g.repositories.iter().cloned())
        .collect();
    if !own.is_empty()
        && built
            .iter()
            .any(|(d, _)| principal.needs_repository_policy(&d.account))
    {
        say!(
            "note: no repository policy for {}: they are in the account of {}, whose identity \
             policy is enough",
            list_names(&own),
            principal.describe()
        );
    }
    if !policy.kept.is_empty() {
        let labels: Vec<String> = policy.kept.iter().map(KeptStatement::label).collect();
        say!(
            "note: the repository policy covers the grants only; the statements kept as written \
             ({}) are in the identity policy alone",
            Visible(&labels.join(", "))
        );
    }
    if let [(doc, _)] = built {
        say!(
            "note: {}",
            placement(principal, &doc.account, &doc.repositories).1
        );
    } else {
        say!(
            "note: the grants give different actions on different repositories, so each set \
             gets its own repository policy ({}):",
            built.len()
        );
        for (doc, p) in built {
            say!(
                "  In account {}: set the repository policy on {} ({})",
                doc.account,
                list_names(&doc.repositories),
                names(p.granted())
            );
        }
        if let Some((doc, _)) = built
            .iter()
            .find(|(d, _)| !principal.needs_repository_policy(&d.account))
        {
            say!(
                "note: {}",
                placement(principal, &doc.account, &doc.repositories).1
            );
        }
    }
    if principal.needs_identity_policy()
        && built
            .iter()
            .any(|(d, _)| principal.needs_repository_policy(&d.account))
    {
        let account = built.first().map_or("", |(d, _)| d.account.as_str());
        let (identity, _) = placement(principal, account, &[]);
        say!("note: the identity policy is needed too. {identity}");
    }
}
