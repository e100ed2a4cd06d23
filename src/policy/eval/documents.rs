//! The documents on ECR's access path for one request: the principal's identity-based policies,
//! permissions boundary and session policy, the SCPs of each level of its organisation, the RCPs
//! of each level of the resource owner's organisation, the repository policy, the registry
//! policy (with its scope), the VPC endpoint policy the request went through, and for a request
//! to assume a role, the role's trust policy.

use std::sync::Arc;

use crate::policy::eval::policy::Policy;

/// A policy with the name it is shown by (a file name, a policy name, an ARN).
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub label: Arc<str>,
    pub policy: Arc<Policy>,
}

impl Doc {
    /// A document named `label`.
    pub fn new(label: &str, policy: Policy) -> Doc {
        Doc {
            label: Arc::from(label),
            policy: Arc::new(policy),
        }
    }

    /// A document sharing a policy already read (for many document sets).
    pub fn shared(label: &str, policy: &Arc<Policy>) -> Doc {
        Doc {
            label: Arc::from(label),
            policy: Arc::clone(policy),
        }
    }
}

/// One level of an organisation (the root, an OU, the account) and the policies attached there.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Level {
    pub label: Arc<str>,
    pub policies: Vec<Doc>,
}

impl Level {
    /// A level named `label` with these policies.
    pub fn new(label: &str, policies: Vec<Doc>) -> Level {
        Level {
            label: Arc::from(label),
            policies,
        }
    }
}

/// Which requests a registry policy applies to (ECR's `REGISTRY_POLICY_SCOPE` setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegistryScope {
    /// Only `ecr:ReplicateImage`, `ecr:BatchImportUpstreamImage` and `ecr:CreateRepository`.
    V1,
    /// Every ECR request on the registry (the default).
    #[default]
    V2,
}

/// The actions a registry policy is enforced for under scope V1.
pub const REGISTRY_V1_ACTIONS: [&str; 3] = [
    "ecr:replicateimage",
    "ecr:batchimportupstreamimage",
    "ecr:createrepository",
];

/// Every document that can bear on one request. SCP levels: each must allow (root first, the
/// account last). RCP levels: AWS attaches `RCPFullAWSAccess` at every level and it cannot be
/// detached, so only their `Deny` statements matter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocumentSet {
    pub identity: Vec<Doc>,
    pub boundary: Option<Doc>,
    pub session: Option<Doc>,
    pub scps: Vec<Level>,
    pub rcps: Vec<Level>,
    pub repository: Option<Doc>,
    pub registry: Option<Doc>,
    pub registry_scope: RegistryScope,
    pub endpoint: Option<Doc>,
    /// The trust policy of the role a `sts:AssumeRole*` request is on (the request's resource
    /// is the role's ARN).
    pub trust: Option<Doc>,
}

impl DocumentSet {
    /// Whether the registry policy applies to a request for this action (lower-cased).
    pub fn registry_applies(&self, action_lower: &str) -> bool {
        action_lower.starts_with("ecr:")
            && match self.registry_scope {
                RegistryScope::V2 => true,
                RegistryScope::V1 => REGISTRY_V1_ACTIONS.contains(&action_lower),
            }
    }
}
