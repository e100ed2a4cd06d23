//! The registry policies an access path needs across every grant: one per registry (account and
//! region) where a grant replicates (`ecr:ReplicateImage`) or pulls through the cache
//! (`ecr:BatchImportUpstreamImage`), and in plain words where each goes and what else is needed.

use crate::policy::spec::catalog::ActionSet;
use crate::policy::spec::model::Spec;
use crate::policy::spec::principal::{Principal, list_names};
use crate::policy::spec::region::RegionChoice;

use super::format::RegistryPlace;
use super::registry_policy::{RegistryPolicy, RegistryPurpose, RegistryTarget};

/// Whether a grant needs a registry policy when used from another account: replication into
/// it, or a pull through its cache (whose repositories do not exist before the first pull, so no
/// repository policy can be set on them).
pub fn needs_registry_policy(grant: &Spec) -> bool {
    grant.actions.contains_any(ActionSet::of(&[
        "ReplicateImage",
        "BatchImportUpstreamImage",
    ]))
}

/// One registry policy: the registry it is set in, and what the grants there give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryDocument {
    pub region: RegionChoice,
    /// The registry account, which sets the policy.
    pub account: String,
    /// Names or patterns, sorted; empty means every repository.
    pub repositories: Vec<String>,
    pub actions: ActionSet,
}

impl RegistryDocument {
    /// What the registry policy builder takes.
    pub fn target(&self) -> RegistryTarget<'_> {
        RegistryTarget {
            partition: self.region.partition.arn,
            region: &self.region.code,
            account: &self.account,
            repositories: &self.repositories,
            actions: self.actions,
        }
    }

    /// Where the document is set, as the formats name it.
    pub fn place(&self) -> RegistryPlace<'_> {
        RegistryPlace {
            region: &self.region.code,
            account: &self.account,
        }
    }
}

/// The registry policies of the grants that need one, one per registry, in the grants' order.
/// `cross_only`: leave out registries in the principal's own account (which need none).
pub fn registry_documents(
    grants: &[Spec],
    principal: &Principal,
    cross_only: bool,
) -> Vec<RegistryDocument> {
    let mut docs: Vec<RegistryDocument> = Vec::new();
    for g in grants.iter().filter(|g| needs_registry_policy(g)) {
        if cross_only && !principal.needs_repository_policy(&g.account) {
            continue;
        }
        if let Some(d) = docs
            .iter_mut()
            .find(|d| d.region == g.region && d.account == g.account)
        {
            d.actions = d.actions.union(g.actions);
            d.repositories.extend(g.repositories.iter().cloned());
            d.repositories.sort();
            d.repositories.dedup();
        } else {
            let mut repositories = g.repositories.clone();
            repositories.sort();
            docs.push(RegistryDocument {
                region: g.region.clone(),
                account: g.account.clone(),
                repositories,
                actions: g.actions,
            });
        }
    }
    docs
}

/// Where the registry policy goes, in plain words.
pub fn registry_placement(doc: &RegistryDocument) -> String {
    let region = if doc.region.is_all() {
        "each region where it applies".to_string()
    } else {
        format!("region {}", doc.region.code)
    };
    format!(
        "In account {} ({region}): set the registry policy (ECR console › Private registry › \
         Features & Settings › Permissions, or aws ecr put-registry-policy). A registry holds one \
         policy per region and this replaces it: merge in the statements of aws ecr \
         get-registry-policy first.",
        doc.account
    )
}

/// What else the purpose needs besides this registry policy, in plain words.
pub fn registry_also_needed(
    policy: &RegistryPolicy,
    principal: &Principal,
    doc: &RegistryDocument,
) -> Vec<String> {
    let mut out = Vec::new();
    match policy.purpose {
        RegistryPurpose::Replication => {
            let source = principal.account().unwrap_or("SOURCE");
            out.push(format!(
                "Account {source} replicates with a replication rule of its own (aws ecr \
                 put-replication-configuration, destination region {} and registry {}); setting \
                 it up needs ecr:PutReplicationConfiguration and ecr:DescribeRegistry on \"*\" \
                 (the registry-admin task) and, the first time, iam:CreateServiceLinkedRole for \
                 replication.ecr.amazonaws.com; ECR then replicates with that service-linked role, \
                 AWSServiceRoleForECRReplication.",
                doc.region.code, doc.account
            ));
            if !policy
                .granted()
                .contains_any(ActionSet::of(&["CreateRepository"]))
            {
                out.push(format!(
                    "Without ecr:CreateRepository the repositories must already exist in account \
                     {} with the source's names, or replication fails.",
                    doc.account
                ));
            }
        }
        RegistryPurpose::PullThroughCache => {
            if principal.needs_repository_policy(&doc.account) {
                out.push(format!(
                    "The identity policy is needed too: across accounts both documents must \
                     allow each request. Attach it to {}.",
                    principal.describe()
                ));
            }
            let v2 = policy.needs_scope_v2();
            if !v2.is_empty() {
                out.push(format!(
                    "The statement PullCachedImages lets {} pull the cached images from {}; ECR \
                     enforces it under the registry policy scope V2, the default (aws ecr \
                     get-account-setting --name REGISTRY_POLICY_SCOPE). A registry still on V1 \
                     takes only ReplicateImage, BatchImportUpstreamImage and CreateRepository \
                     there: drop that statement and give the cache repositories a repository \
                     policy through a repository creation template applied to \
                     PULL_THROUGH_CACHE.",
                    principal.describe(),
                    list_names(&doc.repositories)
                ));
            }
            out.push(format!(
                "The cache rule itself (ecr:CreatePullThroughCacheRule, the registry-admin task) \
                 is created in account {}.",
                doc.account
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::spec::model::{SpecInput, validate};
    use crate::policy::spec::principal::parse_principal;
    use crate::policy::spec::tasks::find_preset;

    fn grant(region: &str, repos: &[&str], preset: &str) -> Spec {
        validate(&SpecInput {
            region: Some(region.to_string()),
            account: Some("111122223333".to_string()),
            repositories: repos.iter().map(|r| (*r).to_string()).collect(),
            actions: find_preset(preset).unwrap().set(),
            ..SpecInput::default()
        })
        .unwrap()
    }

    #[test]
    fn one_document_per_registry_for_the_grants_that_need_one() {
        let ci = parse_principal("arn:aws:iam::222233334444:role/ci").unwrap();
        let grants = [
            grant("eu-west-1", &["quay/*"], "pull-through-cache"),
            grant("eu-west-1", &["api"], "pull"),
            grant("eu-west-1", &["docker-hub/*"], "pull-through-cache"),
            grant("us-east-1", &["docker-hub/*"], "pull-through-cache"),
        ];
        let docs = registry_documents(&grants, &ci, true);
        assert_eq!(docs.len(), 2, "{docs:?}");
        assert_eq!(docs[0].repositories, ["docker-hub/*", "quay/*"]);
        assert_eq!(docs[1].region.code, "us-east-1");
        // The registry's own account needs none, unless asked for.
        let own = parse_principal("arn:aws:iam::111122223333:role/ci").unwrap();
        assert!(registry_documents(&grants, &own, true).is_empty());
        assert_eq!(registry_documents(&grants, &own, false).len(), 2);
        assert!(!needs_registry_policy(&grants[1]));
    }
}
