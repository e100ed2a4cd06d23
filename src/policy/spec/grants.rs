//! A whole policy: grants (each a registry, repositories, actions and tag conditions), `*`-only
//! actions no grant carries, and statements kept exactly as written, each with its reason.

use serde_json::Value;

use crate::policy::spec::catalog::ActionSet;
use crate::policy::spec::model::Spec;

/// One grant: a registry (partition, region or `*`, account), repositories, actions and tag
/// conditions. A validated [`Spec`] is exactly that.
pub type Grant = Spec;

/// A statement the grants cannot express exactly, carried into the output as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptStatement {
    /// 0-based position in the document it came from.
    pub index: usize,
    /// Its Sid, when it has a string one.
    pub sid: Option<String>,
    /// Why it is kept as written, in plain words.
    pub reason: String,
    /// The statement as parsed.
    pub value: Value,
}

impl KeptStatement {
    /// `statement N (Sid)`, as messages name it.
    pub fn label(&self) -> String {
        statement_label(self.index, self.sid.as_deref())
    }
}

/// `statement N (Sid)`, or `statement N` without a Sid (N is 1-based).
pub fn statement_label(index: usize, sid: Option<&str>) -> String {
    match sid {
        Some(s) if !s.is_empty() => format!("statement {} ({s})", index + 1),
        _ => format!("statement {}", index + 1),
    }
}

/// A policy as grants plus kept statements.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PolicySpec {
    pub grants: Vec<Grant>,
    /// `*`-only actions that come without a grant (a login-only policy has no registry).
    pub registry_actions: ActionSet,
    pub kept: Vec<KeptStatement>,
    /// ECR managed signing: the AWS Signer profiles the pusher signs with (its identity policy
    /// grants `signer:SignPayload` on each).
    pub signing: Vec<String>,
}

impl PolicySpec {
    /// The policy of one spec.
    pub fn single(spec: Spec) -> PolicySpec {
        PolicySpec {
            grants: vec![spec],
            ..PolicySpec::default()
        }
    }

    /// Every `*`-only action of every grant: they share the statements on `"*"`.
    pub fn star_actions(&self) -> ActionSet {
        self.grants
            .iter()
            .fold(self.registry_actions.star_only(), |acc, g| {
                acc.union(g.actions.star_only())
            })
    }

    /// True when the grants grant nothing (kept statements aside).
    pub fn grants_nothing(&self) -> bool {
        self.star_actions().is_empty()
            && self
                .grants
                .iter()
                .all(|g| g.actions.repository_level().is_empty() || g.repositories.is_empty())
    }
}
