//! The evaluator's answer and its reasons: allowed, denied by a statement, denied because
//! nothing allows (and which document is missing or does not allow), or undecided (and why),
//! with every statement that allowed or denied named by document kind, label, index and Sid.

use std::fmt;
use std::sync::Arc;

/// Which kind of document a statement is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    Identity,
    Boundary,
    Session,
    Scp,
    Rcp,
    Repository,
    Registry,
    Endpoint,
    /// A role's trust policy: the resource-based policy of the role for `sts:AssumeRole*`.
    Trust,
}

impl DocKind {
    /// The document kind in words.
    pub fn name(self) -> &'static str {
        match self {
            DocKind::Identity => "identity-based policy",
            DocKind::Boundary => "permissions boundary",
            DocKind::Session => "session policy",
            DocKind::Scp => "SCP",
            DocKind::Rcp => "RCP",
            DocKind::Repository => "repository policy",
            DocKind::Registry => "registry policy",
            DocKind::Endpoint => "VPC endpoint policy",
            DocKind::Trust => "role trust policy",
        }
    }
}

/// One statement of one document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StatementRef {
    pub kind: DocKind,
    /// The document's label.
    pub document: Arc<str>,
    /// For an SCP or RCP: the level (root, OU, account) it is attached at.
    pub level: Option<Arc<str>>,
    /// Position in the document's `Statement` list, from 0.
    pub index: usize,
    pub sid: Option<Arc<str>>,
}

impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`", self.kind.name(), self.document)?;
        if let Some(l) = &self.level {
            write!(f, " (at {l})")?;
        }
        write!(f, ", statement {}", self.index + 1)?;
        if let Some(s) = &self.sid {
            write!(f, " (Sid `{s}`)")?;
        }
        Ok(())
    }
}

/// What a request needs that it does not have (why it is implicitly denied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    /// No identity-based policy of the principal allows it.
    NoIdentityAllow,
    /// The permissions boundary does not allow it.
    Boundary,
    /// The session policy does not allow it.
    SessionPolicy,
    /// A federated user session was created without a session policy: it has no permissions.
    NoSessionPolicy,
    /// No SCP attached at this level allows it (every level must).
    Scp { level: Arc<str> },
    /// The VPC endpoint policy does not allow it.
    Endpoint,
    /// No resource-based policy allows it. `consulted`: the resource's policies that apply to
    /// the request (none: the resource has none).
    NoResourceAllow {
        consulted: Vec<DocKind>,
        cross_account: bool,
        service: bool,
    },
    /// A resource-based policy allows the principal's account; within that account this leaves
    /// the decision to the identity-based policies.
    AccountOnly,
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gap::NoIdentityAllow => write!(f, "no identity-based policy allows it"),
            Gap::Boundary => write!(f, "the permissions boundary does not allow it"),
            Gap::SessionPolicy => write!(f, "the session policy does not allow it"),
            Gap::NoSessionPolicy => write!(
                f,
                "the federated user session has no session policy, so it has no permissions"
            ),
            Gap::Scp { level } => write!(f, "no SCP attached at {level} allows it"),
            Gap::Endpoint => write!(f, "the VPC endpoint policy does not allow it"),
            Gap::NoResourceAllow {
                consulted,
                cross_account,
                service,
            } => {
                let which = match consulted.as_slice() {
                    [] => "there is no repository or registry policy".to_string(),
                    kinds => format!(
                        "no {} allows it",
                        kinds
                            .iter()
                            .map(|k| k.name())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                };
                if *service {
                    write!(
                        f,
                        "{which}: a service principal is allowed only by the resource's policy"
                    )
                } else if *cross_account {
                    write!(f, "{which}: cross-account needs both")
                } else {
                    write!(f, "{which}")
                }
            }
            Gap::AccountOnly => write!(
                f,
                "the resource's policy allows only the account, which within the account leaves it to the identity-based policies"
            ),
        }
    }
}

/// A statement (or rule) the evaluator could not decide, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsure {
    pub at: StatementRef,
    pub reason: String,
}

impl fmt::Display for Unsure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.reason)
    }
}

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Allowed,
    /// A `Deny` statement applies.
    ExplicitDeny,
    /// Nothing allows it (no `Deny` statement was shown to apply; any that might are in
    /// [`Decision::unsure`]).
    ImplicitDeny,
    /// It depends on what the evaluator cannot decide; see [`Decision::unsure`].
    Undecided,
}

/// The answer for one request, with its reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub verdict: Verdict,
    /// The principal is in the resource's account.
    pub same_account: bool,
    /// The `Allow` statements that apply, in every document.
    pub allows: Vec<StatementRef>,
    /// The `Deny` statements that apply (the first is the one to show).
    pub denies: Vec<StatementRef>,
    /// For an implicit deny: what is missing.
    pub gaps: Vec<Gap>,
    /// What could not be decided.
    pub unsure: Vec<Unsure>,
}

impl Decision {
    /// `Some(true)` allowed, `Some(false)` denied (either way), `None` undecided.
    pub fn is_allowed(&self) -> Option<bool> {
        match self.verdict {
            Verdict::Allowed => Some(true),
            Verdict::ExplicitDeny | Verdict::ImplicitDeny => Some(false),
            Verdict::Undecided => None,
        }
    }

    /// The statement to show for an explicit deny.
    pub fn denied_by(&self) -> Option<&StatementRef> {
        self.denies.first()
    }
}
