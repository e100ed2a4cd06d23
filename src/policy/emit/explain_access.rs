//! Plain words about the other documents of an access path: what a repository policy lets its
//! principal do on the repositories it is set on, what a registry policy lets it do in the
//! registry, and what an ECR Public identity policy allows.

use super::explain::{capability_sentences, capitalize, list, registry_phrase};
use super::public_render::public_repository_arn;
use super::registry_docs::RegistryDocument;
use super::registry_policy::{RegistryPolicy, RegistryPurpose};
use super::repository_docs::RepositoryDocument;
use super::repository_policy::{RepositoryPolicy, StatementPrincipal};
use crate::policy::spec::catalog::ActionSet;
use crate::policy::spec::model::Spec;
use crate::policy::spec::principal::{Principal, source_account, source_arn_or_default};
use crate::policy::spec::public::{PUBLIC_HOST, PUBLIC_PUSH, PublicResource, PublicSpec};

/// Who a repository policy lets in, as the subject of a sentence.
fn who(principal: &Principal, doc: &RepositoryDocument) -> String {
    match principal {
        Principal::Arn { .. } => capitalize(&principal.describe()),
        Principal::Account(a) => {
            format!("Any role or user in account {a} that its own IAM policies allow")
        }
        Principal::Organization(o) => format!("Any role or user in organisation {o}"),
        Principal::Service {
            service,
            source_arn,
        } => {
            let source = source_arn_or_default(
                service,
                source_arn.as_deref(),
                doc.region.partition.arn,
                &doc.region.code,
                &doc.account,
            );
            let account = source_account(&source).unwrap_or(&doc.account);
            let name = service.label.trim_start_matches("AWS ");
            let kind = service.resource_prefix.trim_end_matches([':', '/']);
            format!("{name} {kind}s in account {account} (aws:sourceArn {source})")
        }
    }
}

/// What the repository policy `policy`, set on `doc`'s repositories, lets `principal` do: a
/// heading naming who and where, then one sentence each.
pub fn repository_capabilities(
    policy: &RepositoryPolicy,
    principal: &Principal,
    doc: &RepositoryDocument,
) -> Vec<String> {
    let mut spec = doc.as_spec();
    spec.actions = policy.granted();
    let mut out = vec![format!(
        "{} can, in {}:",
        who(principal, doc),
        registry_phrase(&spec)
    )];
    match principal {
        Principal::Service { service, .. } if spec.actions == ActionSet::of(service.actions) => {
            out.push(format!(
                "Pull images from {} (it {})",
                super::explain::repositories_phrase(&spec),
                service.uses
            ));
        }
        _ => out.extend(capability_sentences(&spec)),
    }
    match principal {
        Principal::Service { service, .. } => {
            let kind = service.resource_prefix.trim_end_matches([':', '/']);
            for s in &policy.statements {
                if let StatementPrincipal::Aws(arn) = &s.principal {
                    let account = arn.split(':').nth(4).unwrap_or(arn);
                    out.push(format!(
                        "Account {account} may do the same (its roles create and update the \
                         {kind}s)"
                    ));
                }
            }
        }
        _ => out.push(
            "Only together with an identity policy of its own that allows the same: across \
             accounts both documents must allow each request"
                .to_string(),
        ),
    }
    out
}

/// What the registry policy `policy`, set in `doc`'s registry, lets `principal` do: a heading
/// naming who and where, then one sentence each.
pub fn registry_capabilities(
    policy: &RegistryPolicy,
    principal: &Principal,
    doc: &RegistryDocument,
) -> Vec<String> {
    let spec = Spec {
        region: doc.region.clone(),
        account: doc.account.clone(),
        repositories: if doc.repositories.is_empty() {
            vec!["*".to_string()]
        } else {
            doc.repositories.clone()
        },
        actions: policy.granted(),
        tags: Vec::new(),
    };
    let who = match principal {
        Principal::Account(a) => format!("Account {a} (its replication, or any role it allows)"),
        Principal::Organization(o) => format!("Any role or user in organisation {o}"),
        _ => capitalize(&principal.describe()),
    };
    let repos = super::explain::repositories_phrase(&spec);
    let mut out = vec![format!("{who} can, in {}:", registry_phrase(&spec))];
    let create = policy
        .granted()
        .contains_any(ActionSet::of(&["CreateRepository"]));
    match policy.purpose {
        RegistryPurpose::Replication => out.push(format!(
            "Replicate its images into {repos}{}",
            if create {
                ", ECR creating the repositories that do not exist yet"
            } else {
                " (the repositories must exist already)"
            }
        )),
        RegistryPurpose::PullThroughCache => {
            out.push(format!(
                "Import images from the upstream registry into {repos} on the first pull{}",
                if create {
                    ", ECR creating the cache repository"
                } else {
                    " (the cache repositories must exist already)"
                }
            ));
            if !policy.needs_scope_v2().is_empty() {
                out.push(format!(
                    "Pull the cached images from {repos} (under the registry policy scope V2, \
                     the default)"
                ));
            }
            out.push(
                "Only together with an identity policy of its own that allows the same: across \
                 accounts both documents must allow each request"
                    .to_string(),
            );
        }
    }
    out
}

/// What the ECR Public identity policy lets someone do: login, then the repository and
/// registry actions.
pub fn public_capabilities(spec: &PublicSpec) -> Vec<String> {
    let mut out = vec![format!(
        "Anyone with this policy, in Amazon ECR Public (account {}), can:",
        spec.account
    )];
    if spec.login {
        out.push(format!(
            "Log in to {PUBLIC_HOST} (ecr-public:GetAuthorizationToken with \
             sts:GetServiceBearerToken, on \"*\"), for pulls with higher rate limits; \
             anonymous pulls need no policy"
        ));
    }
    let names = |kind: PublicResource| -> Vec<&str> {
        spec.actions
            .iter()
            .filter(|a| a.resource == kind)
            .map(|a| a.name)
            .collect()
    };
    let repo = names(PublicResource::Repository);
    if !repo.is_empty() {
        let arns: Vec<String> = spec
            .repositories
            .iter()
            .map(|r| public_repository_arn(&spec.account, r))
            .collect();
        let push = PUBLIC_PUSH.iter().all(|p| repo.contains(p));
        let rest: Vec<String> = repo
            .iter()
            .filter(|a| !push || !PUBLIC_PUSH.contains(a))
            .map(|a| (*a).to_string())
            .collect();
        if push {
            out.push(format!("Push images to {}", list(&arns)));
        }
        if !rest.is_empty() {
            out.push(format!("Call {} on {}", list(&rest), list(&arns)));
        }
    }
    for (kind, on) in [
        (PublicResource::Registry, "the account's public registry"),
        (PublicResource::Star, "\"*\""),
    ] {
        let rest: Vec<String> = names(kind).iter().map(|a| (*a).to_string()).collect();
        if !rest.is_empty() {
            out.push(format!("Call {} on {on}", list(&rest)));
        }
    }
    out
}

#[cfg(test)]
#[path = "explain_access_tests.rs"]
mod tests;
