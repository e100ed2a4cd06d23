//! Who will use the policy (this account, another account, an organisation or an AWS service),
//! which of its documents (identity, repository, registry policy) the preview, copy and save
//! show, and a pasted access-denied message turned into the inputs that fix it. No I/O: the engine's pure functions do the work.

use crate::policy::emit::registry_docs::registry_placement;
use crate::policy::import::access_denied::{
    FixDocument, looks_like_access_denied, parse_access_denied,
};
use crate::policy::spec::catalog::ActionSet;
use crate::policy::spec::model::FieldError;
use crate::policy::spec::principal::{Principal, parse_org_id, parse_principal, placement};
use crate::policy::spec::region::resolve_region;

use super::action::{Effect, Local};
use super::input::TextInput;
use super::state::{App, Popup, StatusKind, Step};

/// Which document of an access path the preview, copy and save show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Document {
    /// The identity policy, attached to the role or user that makes the requests.
    #[default]
    Identity,
    /// The repository policy, set on each repository by the registry account.
    Repository,
    /// The registry policy, set on the registry by the registry account: replication from
    /// another account, or a pull-through cache used from another account.
    Registry,
    /// A recipe's role trust policy: who may assume the role.
    Trust,
}

impl Document {
    /// Whether the document is set on a repository, registry or role (and so has no policy
    /// name of its own: a trust policy is named by its role).
    pub fn is_resource_policy(self) -> bool {
        self != Document::Identity
    }
}

/// The access choices: who uses the policy and which document is shown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccessState {
    /// `None`: this account (the identity policy only, as without a choice).
    pub principal: Option<Principal>,
    /// The document shown; only `Repository` or `Registry` when such a policy is needed.
    pub document: Document,
    /// Which repository (or registry) policy is shown when the grants need several
    /// (repositories given different actions hold different policies; each registry one).
    pub part: usize,
    /// Amazon ECR Public instead of Amazon ECR (private registries).
    pub public: bool,
    /// The prompt's text when it was closed without a choice.
    pub draft: Option<TextInput>,
}

impl AccessState {
    /// The principal, when it needs a repository policy from the registry `account`.
    pub fn cross(&self, account: &str) -> Option<&Principal> {
        self.principal
            .as_ref()
            .filter(|p| p.needs_repository_policy(account))
    }
}

/// Reads the principal prompt: empty is this account, `o-…` an organisation, otherwise what
/// `--principal` takes (a role or user ARN, an account ID, a service principal).
pub fn parse_who(raw: &str) -> Result<Option<Principal>, FieldError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.starts_with("o-") {
        return parse_org_id(text).map(|o| Some(Principal::Organization(o)));
    }
    parse_principal(text).map(Some)
}

/// After `refresh`: shows the repository policy instead of the identity policy when chosen
/// (a service principal has no identity policy, so it always shows the repository policy).
pub fn apply_document(app: &mut App) {
    if app.access.public {
        return super::public::apply_registry(app);
    }
    let Some(spec) = app.derived.spec.clone() else {
        return;
    };
    if shown(app) == Document::Trust {
        return super::recipe::apply_trust(app);
    }
    let Some(p) = app.access.cross(&spec.account).cloned() else {
        return;
    };
    match shown(app) {
        Document::Repository => super::documents::apply_repository(app, &p),
        Document::Registry => super::documents::apply_registry(app, &p),
        Document::Identity | Document::Trust => {}
    }
}

/// Whether the selection replicates (`ecr:ReplicateImage`): its only document is the
/// destination's registry policy.
pub fn replicates(app: &App) -> bool {
    app.spec().is_some_and(|spec| {
        app.grants
            .whole(spec.clone())
            .grants
            .iter()
            .any(|g| g.actions.contains_any(ActionSet::of(&["ReplicateImage"])))
    })
}

/// The document actually shown (a service principal always shows its repository policy,
/// replication its registry policy).
pub fn shown(app: &App) -> Document {
    let Some(spec) = app.spec().filter(|_| !app.access.public) else {
        return Document::Identity;
    };
    if app.access.document == Document::Trust && super::recipe::has_trust(app) {
        return Document::Trust;
    }
    match app.access.cross(&spec.account) {
        Some(p) if !p.needs_identity_policy() => Document::Repository,
        Some(_) if replicates(app) => Document::Registry,
        Some(_) => app.access.document,
        None => Document::Identity,
    }
}

/// Every document `d` steps through: those of the principal's access path (the identity policy
/// alone without one), then a recipe's trust policy.
pub fn all_documents(app: &App) -> Vec<(Document, usize)> {
    let mut list = match app
        .spec()
        .filter(|_| !app.access.public)
        .and_then(|s| app.access.cross(&s.account))
    {
        Some(p) => document_list(app, p),
        None => vec![(Document::Identity, 0)],
    };
    if super::recipe::has_trust(app) {
        list.push((Document::Trust, 0));
    }
    list
}

/// The documents of a principal's access path, in order, each with its index among its kind.
pub fn document_list(app: &App, p: &Principal) -> Vec<(Document, usize)> {
    let registries = super::documents::all_registry_documents(app).len();
    let repositories = super::documents::all_repository_documents(app).len();
    if replicates(app) {
        return (0..registries.max(1))
            .map(|i| (Document::Registry, i))
            .collect();
    }
    let mut list = Vec::new();
    if p.needs_identity_policy() {
        list.push((Document::Identity, 0));
    }
    // With neither kind, the repository view says why there is none.
    let shown_repositories = if registries == 0 {
        repositories.max(1)
    } else {
        repositories
    };
    list.extend((0..shown_repositories).map(|i| (Document::Repository, i)));
    list.extend((0..registries).map(|i| (Document::Registry, i)));
    list
}

/// `w` on Review: the "who will use the policy" prompt.
pub(super) fn open_principal(app: &mut App) {
    let current = app
        .access
        .principal
        .as_ref()
        .map_or(String::new(), who_text);
    let input = app
        .access
        .draft
        .take()
        .unwrap_or_else(|| TextInput::new(&current));
    app.popup = Some(Popup::Principal { input, error: None });
}

/// What the prompt holds for a principal (what it would parse back).
fn who_text(p: &Principal) -> String {
    match p {
        Principal::Arn { arn, .. } => arn.clone(),
        Principal::Account(a) => a.clone(),
        Principal::Organization(o) => o.clone(),
        Principal::Service { service, .. } => service.principal.to_string(),
    }
}

/// Esc in the prompt: keep what was typed for next time.
pub(super) fn close_principal(app: &mut App, input: TextInput) {
    let current = app
        .access
        .principal
        .as_ref()
        .map_or(String::new(), who_text);
    app.access.draft = (input.text() != current).then_some(input);
}

/// A key in the principal prompt: Enter sets the principal (or says what is wrong).
pub(super) fn principal_key(app: &mut App, input: &TextInput, key: Local) -> Vec<Effect> {
    if key != Local::Confirm {
        return Vec::new();
    }
    match parse_who(input.text()) {
        Ok(p) => {
            app.popup = None;
            set_principal(app, p);
        }
        Err(e) => {
            if let Some(Popup::Principal { error, .. }) = &mut app.popup {
                *error = Some(format!("{} {}", e.value.trim(), e.message));
            }
        }
    }
    Vec::new()
}

fn set_principal(app: &mut App, p: Option<Principal>) {
    app.access.document = Document::Identity;
    app.access.part = 0;
    app.access.public = false;
    app.preview.scroll = 0;
    let Some(p) = p else {
        app.access.principal = None;
        app.say(
            StatusKind::Info,
            "Used by: this account. The identity policy is all it needs.",
        );
        return;
    };
    let describe = p.describe();
    let (service, cross) = match app.valid_account() {
        Some(account) => (
            !p.needs_identity_policy(),
            p.needs_repository_policy(&account),
        ),
        None => (false, false),
    };
    app.access.principal = Some(p);
    let text = if cross && service {
        format!(
            "Used by: {describe}. Only the repository policy: a service has no identity policy."
        )
    } else if cross {
        // The identity policy, one repository policy per set of repositories, and the
        // registry policies.
        let n = app
            .access
            .principal
            .as_ref()
            .map_or(1, |p| document_list(app, p).len());
        if n > 1 {
            format!(
                "Used by: {describe}. {n} documents: {} steps through them.",
                super::keymap::keys_for(&super::Action::SwitchDocument)
            )
        } else {
            format!("Used by: {describe}. One document: the registry policy.")
        }
    } else {
        format!("Used by: {describe}.")
    };
    app.say(StatusKind::Info, text);
}

/// `d` on Review: step through the documents: the identity policy, each repository policy,
/// each registry policy, a recipe's trust policy.
pub(super) fn switch_document(app: &mut App) {
    let Some(spec) = app.derived.spec.clone() else {
        app.say(
            StatusKind::Error,
            "The policy is not complete yet; finish it to see its documents.",
        );
        return;
    };
    let cross = app.access.cross(&spec.account).cloned();
    let list = all_documents(app);
    if list.len() <= 1 {
        let text = match (&cross, list.first().map(|d| d.0)) {
            (None, _) => "Only one document: the identity policy (the repositories are in the \
                          user's own account)."
                .to_string(),
            (Some(_), Some(Document::Registry)) => format!(
                "Only the registry policy: ECR replicates with the source registry's \
                 service-linked role, so no identity or repository policy is needed. {}",
                super::documents::shown_registry(app)
                    .map(|r| registry_placement(&r.doc))
                    .unwrap_or_default()
            ),
            (Some(p), _) => format!(
                "Only the repository policy. {}",
                placement(p, &spec.account, &spec.repositories).0
            ),
        };
        app.say(StatusKind::Info, text);
        return;
    }
    let now = (shown(app), app.access.part);
    let at = list.iter().position(|d| *d == now).unwrap_or(0);
    let (document, part) = list[(at + 1) % list.len()];
    app.access.document = document;
    app.access.part = part;
    app.preview.scroll = 0;
    let text = match (document, &cross) {
        (Document::Identity, Some(p)) => {
            let (identity, _) = placement(p, &spec.account, &spec.repositories);
            format!("Showing the identity policy: copy and save give it. {identity}")
        }
        (Document::Identity, None) => match super::recipe::recipe_plan(app) {
            Some(plan) => format!(
                "Showing the identity policy: copy and save give it. Attach it to role {}.",
                plan.role_name
            ),
            None => "Showing the identity policy: copy and save give it.".to_string(),
        },
        (Document::Trust, _) => match super::recipe::recipe_plan(app) {
            Some(plan) => format!(
                "Showing the trust policy of role {}: who may assume it. Copy and save give it.",
                plan.role_name
            ),
            None => "Showing the trust policy: copy and save give it.".to_string(),
        },
        (Document::Repository, Some(p)) => match super::documents::shown_repository(app) {
            Some(r) => {
                let (_, where_to) = placement(p, &r.doc.account, &r.doc.repositories);
                let which = if r.count > 1 {
                    format!("repository policy {} of {}", r.index + 1, r.count)
                } else {
                    "repository policy".to_string()
                };
                format!("Showing the {which}: copy and save give it. {where_to}")
            }
            None => "Showing the repository policy: copy and save give it.".to_string(),
        },
        (Document::Registry, _) => match super::documents::shown_registry(app) {
            Some(r) => {
                let which = if r.count > 1 {
                    format!("registry policy {} of {}", r.index + 1, r.count)
                } else {
                    "registry policy".to_string()
                };
                format!(
                    "Showing the {which}: copy and save give it. {}",
                    registry_placement(&r.doc)
                )
            }
            None => "Showing the registry policy: copy and save give it.".to_string(),
        },
        (Document::Repository, None) => {
            "Showing the repository policy: copy and save give it.".to_string()
        }
    };
    app.say(StatusKind::Info, text);
}

/// A pasted access-denied message: fills region, account, repository and principal, turns on
/// the task with the action, and says which document must change. `false`: not such a message.
pub(super) fn paste_error(app: &mut App, text: &str) -> bool {
    if !looks_like_access_denied(text) {
        return false;
    }
    let Some(denied) = parse_access_denied(text) else {
        return false;
    };
    app.popup = None;
    app.access.public = false;
    let explanation = denied.explanation();
    let Some(fix) = denied.fix() else {
        // The commands that tell the causes apart, one line each.
        let find_out: Vec<String> = denied
            .how_to_find_out()
            .into_iter()
            .map(|(command, meaning)| format!(" • {command} ({meaning})"))
            .collect();
        app.say(
            StatusKind::Warning,
            format!("{explanation}{} Nothing was changed.", find_out.concat()),
        );
        return true;
    };
    if fix.region != "*"
        && let Ok(choice) = resolve_region(&fix.region, fix.partition.as_deref())
    {
        app.region.choice = Some(choice);
        app.region.point_at_choice();
    }
    if let Some(account) = &fix.account {
        app.account.input.set(account);
    }
    if let Some(repo) = &fix.repository
        && !app.repos.list.contains(repo)
    {
        app.repos.list.push(repo.clone());
    }
    let actions = app.actions.set.union(fix.actions);
    app.actions.set = actions;
    // The registry account: the message's, else the one already typed (Lambda's messages name
    // no repository).
    let account = fix.account.clone().or_else(|| app.valid_account());
    app.access.principal = fix
        .principal
        .as_deref()
        .and_then(|p| parse_principal(p).ok())
        .filter(|p| {
            account
                .as_deref()
                .is_some_and(|a| p.needs_repository_policy(a))
        });
    app.access.part = 0;
    app.access.document = match fix.document {
        FixDocument::Identity => Document::Identity,
        FixDocument::Repository => Document::Repository,
    };
    let document = match fix.document {
        FixDocument::Identity => "the identity policy",
        FixDocument::Repository => "the repository policy",
    };
    app.step = Step::Review;
    app.preview.scroll = 0;
    app.say(
        StatusKind::Info,
        format!(
            "From the error: task {} turned on; {document} must change, shown now. {explanation}",
            fix.task.id
        ),
    );
    true
}
