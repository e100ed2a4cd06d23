//! The repository policies an access path needs across every grant. Each repository holds one
//! policy, so the policy set on repository R allows the principal exactly the repository actions
//! the grants give on R; repositories given the same actions share one document.

use crate::policy::audit::lint::wildcard_matches;
use crate::policy::spec::catalog::ActionSet;
use crate::policy::spec::model::Spec;
use crate::policy::spec::principal::Principal;
use crate::policy::spec::region::RegionChoice;

use super::format::RepositoryPlace;
use super::registry_docs::needs_registry_policy;
use super::repository_policy::RepositoryTarget;

/// One repository policy: the registry it is set in, the repositories it is set on, and the
/// repository actions the grants give on each of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepositoryDocument {
    pub region: RegionChoice,
    /// The registry account, which sets the policy.
    pub account: String,
    /// Names or patterns, sorted.
    pub repositories: Vec<String>,
    /// Repository-level actions only.
    pub actions: ActionSet,
}

impl RepositoryDocument {
    /// What the repository policy builder takes.
    pub fn target(&self) -> RepositoryTarget<'_> {
        RepositoryTarget {
            partition: self.region.partition.arn,
            region: &self.region.code,
            account: &self.account,
            actions: self.actions,
        }
    }

    /// Where the document is set, as the formats name it.
    pub fn place(&self) -> RepositoryPlace<'_> {
        RepositoryPlace {
            region: &self.region.code,
            account: &self.account,
            repositories: &self.repositories,
        }
    }

    /// The document as a grant (no tag condition: a repository policy has none), for the
    /// plain-words summary.
    pub fn as_spec(&self) -> Spec {
        Spec {
            region: self.region.clone(),
            account: self.account.clone(),
            repositories: self.repositories.clone(),
            actions: self.actions,
            tags: Vec::new(),
        }
    }
}

/// Whether grant `g` gives its actions on repository `name` in `doc`'s registry: the same
/// account and partition, the same region (or every region), and a name or pattern covering it.
fn covers(g: &Spec, region: &RegionChoice, account: &str, name: &str) -> bool {
    g.account == account
        && g.partition().arn == region.partition.arn
        && (g.region.is_all() || g.region.code == region.code)
        && g.repositories
            .iter()
            .any(|r| r == name || wildcard_matches(r, name))
}

/// The repository policies `principal` needs for `grants`, in the order the grants name the
/// repositories. Grants in the principal's own account need none; grants with no repository
/// actions add nothing (login and registry actions stay in the identity policy); grants that
/// replicate or pull through a cache need the registry policy instead (their repositories do
/// not exist before ECR creates them, so no repository policy can be set on them).
pub fn repository_documents(grants: &[Spec], principal: &Principal) -> Vec<RepositoryDocument> {
    let cross: Vec<&Spec> = grants
        .iter()
        .filter(|g| principal.needs_repository_policy(&g.account))
        .filter(|g| !g.actions.repository_level().is_empty())
        .filter(|g| !needs_registry_policy(g))
        .collect();
    documents_of(&cross)
}

/// The repository policies of every grant with repository actions, whoever the principal is:
/// what is written on request for a principal in the registry's own account, which needs none.
pub fn repository_documents_of_every_grant(grants: &[Spec]) -> Vec<RepositoryDocument> {
    let with_actions: Vec<&Spec> = grants
        .iter()
        .filter(|g| !g.actions.repository_level().is_empty())
        .filter(|g| !needs_registry_policy(g))
        .collect();
    documents_of(&with_actions)
}

/// One document per set of repositories `cross` gives the same actions.
fn documents_of(cross: &[&Spec]) -> Vec<RepositoryDocument> {
    let mut places: Vec<(&RegionChoice, &str, &str)> = Vec::new();
    for g in cross {
        for r in &g.repositories {
            let place = (&g.region, g.account.as_str(), r.as_str());
            if !places.contains(&place) {
                places.push(place);
            }
        }
    }
    let mut docs: Vec<RepositoryDocument> = Vec::new();
    for (region, account, name) in places {
        let actions = cross
            .iter()
            .filter(|g| covers(g, region, account, name))
            .fold(ActionSet::EMPTY, |set, g| {
                set.union(g.actions.repository_level())
            });
        if let Some(doc) = docs
            .iter_mut()
            .find(|d| d.region == *region && d.account == account && d.actions == actions)
        {
            doc.repositories.push(name.to_string());
        } else {
            docs.push(RepositoryDocument {
                region: region.clone(),
                account: account.to_string(),
                repositories: vec![name.to_string()],
                actions,
            });
        }
    }
    for d in &mut docs {
        d.repositories.sort();
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::spec::model::{SpecInput, validate};
    use crate::policy::spec::principal::parse_principal;
    use crate::policy::spec::tasks::find_preset;

    fn grant(region: &str, account: &str, repos: &[&str], preset: &str) -> Spec {
        let actions = find_preset(preset).map_or_else(
            || ActionSet::of(&["GetAuthorizationToken"]),
            crate::policy::spec::tasks::Preset::set,
        );
        validate(&SpecInput {
            region: Some(region.to_string()),
            account: Some(account.to_string()),
            repositories: repos.iter().map(|r| (*r).to_string()).collect(),
            actions,
            ..SpecInput::default()
        })
        .unwrap()
    }

    fn summary(docs: &[RepositoryDocument]) -> Vec<(Vec<String>, Vec<&'static str>)> {
        docs.iter()
            .map(|d| {
                (
                    d.repositories.clone(),
                    d.actions.iter().map(|a| a.info().name).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn each_repository_gets_exactly_the_actions_its_grants_give() {
        let ci = parse_principal("arn:aws:iam::222233334444:role/ci").unwrap();
        let pull = grant("us-east-1", "123456789012", &["web", "api"], "pull");
        let push = grant("us-east-1", "123456789012", &["web"], "push");
        let docs = repository_documents(&[pull.clone(), push.clone()], &ci);
        let both = pull.actions.union(push.actions).repository_level();
        assert_eq!(docs.len(), 2, "{docs:?}");
        // The pull grant names api first (a grant's names are sorted).
        assert_eq!(docs[0].repositories, ["api"]);
        assert_eq!(docs[0].actions, pull.actions.repository_level());
        assert_eq!(docs[1].repositories, ["web"]);
        assert_eq!(docs[1].actions, both);
        // The same actions on both: one document set on both.
        let other = grant("us-east-1", "123456789012", &["api"], "push");
        let docs = repository_documents(&[pull, push, other], &ci);
        assert_eq!(summary(&docs).len(), 1, "{docs:?}");
        assert_eq!(docs[0].repositories, ["api", "web"]);
    }

    #[test]
    fn a_pattern_grant_adds_its_actions_to_the_names_it_covers() {
        let org = parse_principal("222233334444").unwrap();
        let pull = grant("us-east-1", "123456789012", &["team/*"], "pull");
        let push = grant("us-east-1", "123456789012", &["team/api"], "push");
        let docs = repository_documents(&[pull.clone(), push.clone()], &org);
        assert_eq!(docs[0].repositories, ["team/*"]);
        assert_eq!(docs[0].actions, pull.actions.repository_level());
        assert_eq!(docs[1].repositories, ["team/api"]);
        assert_eq!(
            docs[1].actions,
            pull.actions.union(push.actions).repository_level()
        );
    }

    #[test]
    fn grants_in_the_principals_own_account_or_without_repositories_need_none() {
        let own = parse_principal("arn:aws:iam::123456789012:role/ci").unwrap();
        let pull = grant("us-east-1", "123456789012", &["web"], "pull");
        assert!(repository_documents(std::slice::from_ref(&pull), &own).is_empty());
        let ci = parse_principal("arn:aws:iam::222233334444:role/ci").unwrap();
        let login = grant("us-east-1", "123456789012", &[], "login");
        let docs = repository_documents(&[login, pull.clone()], &ci);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].repositories, ["web"]);
        // Another account's registry: its own document, in its own account.
        let elsewhere = grant("eu-west-1", "555566667777", &["web"], "pull");
        let docs = repository_documents(&[pull, elsewhere], &ci);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].account, "555566667777");
        assert_eq!(docs[1].region.code, "eu-west-1");
    }
}
