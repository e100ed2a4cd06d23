//! The repository and registry policies of an access path as the wizard shows them: one
//! repository policy per set of repositories the grants give the same actions, one registry
//! policy per registry where a grant replicates or pulls through the cache; which one is shown,
//! its text, the findings `check` reports on it, and its size as ECR counts it.

use crate::policy::audit::check::{check_text, check_text_as};
use crate::policy::emit::format::{Format, render_registry_as, render_repository_as};
use crate::policy::emit::registry_docs::{RegistryDocument, registry_documents};
use crate::policy::emit::registry_policy::{
    RegistryPolicy, build_registry_policy, render_registry_policy,
};
use crate::policy::emit::render::JsonStyle;
use crate::policy::emit::repository_docs::{RepositoryDocument, repository_documents};
use crate::policy::emit::repository_policy::{
    RepositoryPolicy, RepositoryTarget, build_repository_policy, render_repository_policy,
};
use crate::policy::import::document::DocKind;
use crate::policy::spec::principal::Principal;

use super::access::{Document, shown};
use super::state::App;

/// The repository policy on screen: which of how many, its document, and its principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRepository {
    /// Index among [`all_repository_documents`].
    pub index: usize,
    pub count: usize,
    pub doc: RepositoryDocument,
    pub principal: Principal,
}

/// Every repository policy the principal needs, across every grant; empty without a principal
/// from another account (or while the policy is incomplete).
pub fn all_repository_documents(app: &App) -> Vec<RepositoryDocument> {
    let Some(spec) = app.spec() else {
        return Vec::new();
    };
    let Some(p) = app.access.cross(&spec.account) else {
        return Vec::new();
    };
    repository_documents(&app.grants.whole(spec.clone()).grants, p)
}

/// The repository policy shown, when the preview shows one that can be built.
pub fn shown_repository(app: &App) -> Option<ShownRepository> {
    if shown(app) != Document::Repository {
        return None;
    }
    let principal = app.access.cross(&app.spec()?.account)?.clone();
    let docs = all_repository_documents(app);
    let index = app.access.part.min(docs.len().checked_sub(1)?);
    Some(ShownRepository {
        index,
        count: docs.len(),
        doc: docs.get(index)?.clone(),
        principal,
    })
}

/// The repository policy of one document.
pub fn repository_policy(
    doc: &RepositoryDocument,
    principal: &Principal,
) -> Result<RepositoryPolicy, String> {
    build_repository_policy(doc.target(), principal).map_err(|e| e.to_string())
}

/// `policy` (built for `doc`) in the chosen format (what `generate --document repository`
/// prints for the same repositories and actions), and its pretty JSON.
pub fn repository_text(
    app: &App,
    doc: &RepositoryDocument,
    policy: &RepositoryPolicy,
) -> (String, String) {
    let json = render_repository_policy(policy, JsonStyle::Pretty);
    let text = render_repository_as(policy, app.review.format, doc.place())
        .unwrap_or_else(|e| format!("No repository policy in this format: {e}"));
    (json, text)
}

/// Why there is no repository policy to show: the selected grant's reason (its actions leave
/// the policy empty), as the single-grant wizard said it.
fn no_document(app: &App, principal: &Principal) -> String {
    let reason = app
        .spec()
        .map(|spec| {
            let target = RepositoryTarget {
                partition: spec.partition().arn,
                region: &spec.region.code,
                account: &spec.account,
                actions: spec.actions,
            };
            build_repository_policy(target, principal)
                .err()
                .map_or_else(
                    || "no grant names a repository".to_string(),
                    |e| e.to_string(),
                )
        })
        .unwrap_or_default();
    format!("No repository policy: {reason}")
}

/// After `refresh`, when the repository policy is shown: its text, the findings `check`
/// reports on the copied JSON, and its size.
pub(super) fn apply_repository(app: &mut App, principal: &Principal) {
    let docs = all_repository_documents(app);
    let Some(doc) = docs.get(app.access.part.min(docs.len().saturating_sub(1))) else {
        let text = no_document(app, principal);
        app.derived.json.clone_from(&text);
        app.derived.text = text;
        app.derived.findings.clear();
        return;
    };
    let (json, text) = match repository_policy(doc, principal) {
        Ok(policy) => {
            app.derived.repository_size = Some(repository_size(&policy, app.review.format));
            repository_text(app, doc, &policy)
        }
        Err(e) => {
            let text = format!("No repository policy: {e}");
            (text.clone(), text)
        }
    };
    app.derived.findings = check_text(&json).unwrap_or_default();
    app.derived.json = json;
    app.derived.text = text;
}

/// The characters `SetRepositoryPolicy` counts in `policyText`: every character of the text
/// sent, whitespace included (a plain string length, not IAM's whitespace-free count). JSON is
/// pasted as shown (pretty); Terraform's `jsonencode`, `CloudFormation` and the AWS CLI command
/// send it compact.
pub fn repository_size(policy: &RepositoryPolicy, format: Format) -> usize {
    let style = if format == Format::Json {
        JsonStyle::Pretty
    } else {
        JsonStyle::Compact
    };
    render_repository_policy(policy, style).chars().count()
}

/// Every registry policy the principal needs: where a grant replicates or pulls through the
/// cache from another account; empty for a service (which needs none) or an incomplete policy.
pub fn all_registry_documents(app: &App) -> Vec<RegistryDocument> {
    let Some(spec) = app.spec() else {
        return Vec::new();
    };
    let Some(p) = app.access.cross(&spec.account) else {
        return Vec::new();
    };
    if !p.needs_identity_policy() {
        return Vec::new();
    }
    registry_documents(&app.grants.whole(spec.clone()).grants, p, true)
}

/// The registry policy on screen: which of how many, its document, and its principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRegistry {
    /// Index among [`all_registry_documents`].
    pub index: usize,
    pub count: usize,
    pub doc: RegistryDocument,
    pub principal: Principal,
}

/// The registry policy shown, when the preview shows one of a registry that needs it.
pub fn shown_registry(app: &App) -> Option<ShownRegistry> {
    if shown(app) != Document::Registry {
        return None;
    }
    let principal = app.access.cross(&app.spec()?.account)?.clone();
    let docs = all_registry_documents(app);
    let index = app.access.part.min(docs.len().checked_sub(1)?);
    Some(ShownRegistry {
        index,
        count: docs.len(),
        doc: docs.get(index)?.clone(),
        principal,
    })
}

/// The registry policy of one document.
pub fn registry_policy(
    doc: &RegistryDocument,
    principal: &Principal,
) -> Result<RegistryPolicy, String> {
    build_registry_policy(doc.target(), principal).map_err(|e| e.to_string())
}

/// After `refresh`, when the registry policy is shown: its text in the chosen format (what
/// `generate --document registry` prints for the same inputs), the findings `check --kind
/// registry` reports on the copied JSON, and its size against `PutRegistryPolicy`'s limit.
pub(super) fn apply_registry(app: &mut App, principal: &Principal) {
    let Some(r) = shown_registry(app) else {
        let text = "No registry policy: no grant replicates or pulls through a cache rule in \
                    another account"
            .to_string();
        app.derived.json.clone_from(&text);
        app.derived.text = text;
        app.derived.findings.clear();
        return;
    };
    let (json, text) = match registry_policy(&r.doc, principal) {
        Ok(policy) => {
            let json = render_registry_policy(&policy, JsonStyle::Pretty);
            app.derived.registry_size = Some(resource_policy_size(&json, &policy, app));
            let text = render_registry_as(&policy, app.review.format, r.doc.place())
                .unwrap_or_else(|e| format!("No registry policy in this format: {e}"));
            (json, text)
        }
        Err(e) => {
            let text = format!("No registry policy: {e}");
            (text.clone(), text)
        }
    };
    app.derived.findings = check_text_as(&json, Some(DocKind::Registry)).unwrap_or_default();
    app.derived.json = json;
    app.derived.text = text;
}

/// `PutRegistryPolicy` counts every character sent: the pretty JSON as pasted into the console,
/// the compact text the other formats send.
fn resource_policy_size(pretty: &str, policy: &RegistryPolicy, app: &App) -> usize {
    if app.review.format == Format::Json {
        pretty.chars().count()
    } else {
        render_registry_policy(policy, JsonStyle::Compact)
            .chars()
            .count()
    }
}
