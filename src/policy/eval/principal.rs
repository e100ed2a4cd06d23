//! Who makes a request, and how a `Principal` / `NotPrincipal` element names it: the request's
//! principal (an IAM user, a role session, a federated user session, an account's root user, an
//! AWS service, a web identity from an OIDC provider asking to assume a role) and the kinds of
//! match IAM tells apart — the principal itself, every principal (`*`), the role or user behind a
//! session, or its account.

use serde_json::Value;

use crate::policy::eval::arn::split_arn;

/// The principal making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// An IAM user, `arn:PARTITION:iam::ACCOUNT:user/[PATH/]NAME`.
    User { arn: String },
    /// A session of an IAM role: the role's ARN (`arn:…:iam::ACCOUNT:role/[PATH/]NAME`) and the
    /// session's (`arn:…:sts::ACCOUNT:assumed-role/NAME/SESSION`); without a session name the
    /// request stands for any session of the role.
    RoleSession {
        role_arn: String,
        session_arn: Option<String>,
    },
    /// A federated user session from `GetFederationToken`
    /// (`arn:…:sts::ACCOUNT:federated-user/NAME`) and the IAM user who called it.
    FederatedUser {
        session_arn: String,
        user_arn: String,
    },
    /// An account's root user.
    Root { partition: String, account: String },
    /// An AWS service principal such as `lambda.amazonaws.com`.
    Service { name: String },
    /// A web identity asking `sts:AssumeRoleWithWebIdentity` with a token of an IAM OIDC
    /// identity provider, named by the provider's ARN
    /// (`arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST[/PATH]`): what a role trust policy's
    /// `"Federated"` principal names. Like a service, it is judged by the resource's policy (the
    /// role's trust policy) alone: it has no identity-based policies and no organisation.
    WebIdentity { provider: String },
}

/// A principal given as text that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a principal: give an IAM user or role ARN, an assumed-role or federated-user session ARN, an account ID or a service name such as lambda.amazonaws.com"
)]
pub struct BadPrincipal(pub String);

/// The parts of an IAM or STS principal ARN that matching needs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Named {
    /// `iam::A:user/[path/]name`: compared by the whole ARN.
    User(String),
    /// `iam::A:role/[path/]name`: compared by partition, account and name (role names are
    /// unique in an account whatever the path, and a session ARN carries no path).
    Role {
        partition: String,
        account: String,
        name: String,
    },
    /// `sts::A:assumed-role/ROLE/SESSION`.
    Session(String),
    /// `sts::A:federated-user/NAME`.
    Federated(String),
}

fn role_name(arn: &str) -> Option<(String, String, String)> {
    let p = split_arn(arn)?;
    let rest = p.resource.strip_prefix("role/")?;
    let name = rest.rsplit('/').next()?;
    (p.service == "iam" && !name.is_empty()).then(|| {
        (
            p.partition.to_string(),
            p.account.to_string(),
            name.to_string(),
        )
    })
}

/// `assumed-role/ROLE/SESSION` → (partition, account, role name).
fn session_role(arn: &str) -> Option<(String, String, String)> {
    let p = split_arn(arn)?;
    let mut parts = p.resource.strip_prefix("assumed-role/")?.split('/');
    let (role, session) = (parts.next()?, parts.next()?);
    (p.service == "sts" && !role.is_empty() && !session.is_empty() && parts.next().is_none()).then(
        || {
            (
                p.partition.to_string(),
                p.account.to_string(),
                role.to_string(),
            )
        },
    )
}

impl Principal {
    /// Reads a principal: a user, role, assumed-role session or federated-user ARN, an account
    /// ID or root ARN (the root user), an OIDC provider ARN (a web identity of that provider),
    /// or a service name (`*.amazonaws.com`). A session ARN
    /// gives the role's ARN without its path; a federated-user ARN gives the user of the same
    /// name (use the variants directly when either differs).
    pub fn parse(text: &str) -> Result<Principal, BadPrincipal> {
        let bad = || BadPrincipal(text.to_string());
        if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Principal::Root {
                partition: "aws".into(),
                account: text.into(),
            });
        }
        if !text.starts_with("arn:") {
            let service = text.ends_with(".amazonaws.com") || text.ends_with(".amazonaws.com.cn");
            return if service && !text.contains(['*', ' ', '/']) {
                Ok(Principal::Service { name: text.into() })
            } else {
                Err(bad())
            };
        }
        let p = split_arn(text).ok_or_else(bad)?;
        let account_ok = p.account.len() == 12 && p.account.bytes().all(|b| b.is_ascii_digit());
        if !account_ok || text.contains('*') {
            return Err(bad());
        }
        match (p.service, p.resource) {
            ("iam", "root") => Ok(Principal::Root {
                partition: p.partition.into(),
                account: p.account.into(),
            }),
            ("iam", r) if r.starts_with("user/") && r.len() > 5 => {
                Ok(Principal::User { arn: text.into() })
            }
            ("iam", r) if r.starts_with("role/") => {
                role_name(text).ok_or_else(bad)?;
                Ok(Principal::RoleSession {
                    role_arn: text.into(),
                    session_arn: None,
                })
            }
            ("iam", r) if r.starts_with("oidc-provider/") && r.len() > 14 => {
                Ok(Principal::WebIdentity {
                    provider: text.into(),
                })
            }
            ("sts", r) if r.starts_with("assumed-role/") => {
                let (partition, account, role) = session_role(text).ok_or_else(bad)?;
                Ok(Principal::RoleSession {
                    role_arn: format!("arn:{partition}:iam::{account}:role/{role}"),
                    session_arn: Some(text.into()),
                })
            }
            ("sts", r) if r.starts_with("federated-user/") && r.len() > 15 => {
                let name = &r["federated-user/".len()..];
                Ok(Principal::FederatedUser {
                    session_arn: text.into(),
                    user_arn: format!("arn:{}:iam::{}:user/{name}", p.partition, p.account),
                })
            }
            _ => Err(bad()),
        }
    }

    /// The principal's account (none for a service).
    pub fn account(&self) -> Option<&str> {
        match self {
            Principal::User { arn } | Principal::RoleSession { role_arn: arn, .. } => {
                split_arn(arn).map(|p| p.account)
            }
            Principal::FederatedUser { session_arn, .. } => {
                split_arn(session_arn).map(|p| p.account)
            }
            Principal::WebIdentity { provider } => split_arn(provider).map(|p| p.account),
            Principal::Root { account, .. } => Some(account),
            Principal::Service { .. } => None,
        }
    }

    /// Whether the principal is an AWS service.
    pub fn is_service(&self) -> bool {
        matches!(self, Principal::Service { .. })
    }

    /// Whether only the resource's policies can allow the principal: an AWS service, or a web
    /// identity (which has no identity-based policies, boundary, session policy or SCPs: it is
    /// not yet an AWS principal). IAM User Guide, "Policy evaluation logic" and
    /// "`AssumeRoleWithWebIdentity`" (the role trust policy decides).
    pub fn resource_policy_only(&self) -> bool {
        matches!(
            self,
            Principal::Service { .. } | Principal::WebIdentity { .. }
        )
    }

    /// The ARN AWS puts in `aws:PrincipalArn`: the role's for a role session, otherwise the
    /// principal's own (none for a service).
    pub fn principal_arn(&self) -> Option<String> {
        match self {
            Principal::User { arn } => Some(arn.clone()),
            Principal::RoleSession { role_arn, .. } => Some(role_arn.clone()),
            Principal::FederatedUser { session_arn, .. } => Some(session_arn.clone()),
            Principal::Root { partition, account } => {
                Some(format!("arn:{partition}:iam::{account}:root"))
            }
            Principal::Service { .. } | Principal::WebIdentity { .. } => None,
        }
    }

    /// The ARN the request is made as (a role session's own ARN when known).
    pub fn request_arn(&self) -> Option<String> {
        match self {
            Principal::RoleSession {
                session_arn: Some(s),
                ..
            } => Some(s.clone()),
            _ => self.principal_arn(),
        }
    }

    /// The identities a `NotPrincipal` must list to leave the principal out: its account, its
    /// user or role, its session (IAM's `NotPrincipal` examples list all of them).
    fn required(&self) -> &'static [MatchKind] {
        match self {
            Principal::Root { .. } => &[MatchKind::Account],
            Principal::Service { .. } | Principal::WebIdentity { .. } => &[MatchKind::Itself],
            Principal::User { .. } | Principal::FederatedUser { .. } => {
                &[MatchKind::Account, MatchKind::Itself]
            }
            Principal::RoleSession { .. } => {
                &[MatchKind::Account, MatchKind::Parent, MatchKind::Itself]
            }
        }
    }
}

/// How a statement's principal element names the request's principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// Its account (`123456789012` or `arn:…:iam::123456789012:root`): within that account a
    /// grant to the account is a delegation to the account's own policies.
    Account,
    /// The role of a role session, or the IAM user behind a federated user session.
    Parent,
    /// Everyone: `"*"`, `{"AWS": "*"}`, or a `NotPrincipal` that leaves the principal out.
    Everyone,
    /// The principal itself: its user ARN, its session ARN, its service name.
    Itself,
}

/// One entry of a `Principal` / `NotPrincipal` element.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Everyone,
    Account {
        partition: Option<String>,
        account: String,
    },
    Named(Named),
    Service(String),
    /// `"Federated"`: an identity provider (an OIDC provider's ARN, `cognito-identity…`, a SAML
    /// provider's ARN).
    Federated(String),
    /// Cannot be related to a request principal (`Federated`, unique IDs, `CanonicalUser`, an
    /// ARN of another kind): the text says what it is.
    Opaque {
        text: String,
        reason: &'static str,
    },
    /// Never matches any principal this evaluator models (`CanonicalUser`: S3's owners).
    Never,
}

fn entry(kind: &str, text: &str) -> Entry {
    let opaque = |reason| Entry::Opaque {
        text: text.to_string(),
        reason,
    };
    match kind {
        "Service" => Entry::Service(text.to_string()),
        "CanonicalUser" => Entry::Never,
        "Federated" => Entry::Federated(text.to_string()),
        _ => {
            if !text.is_empty() && text.bytes().all(|b| b == b'*') {
                return Entry::Everyone;
            }
            if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
                return Entry::Account {
                    partition: None,
                    account: text.to_string(),
                };
            }
            if text.contains('*') {
                return opaque("AWS allows no wildcard inside a principal ARN");
            }
            let Some(p) = split_arn(text) else {
                return if text.starts_with('A')
                    && text
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                {
                    opaque("a unique ID: the request does not say whose it is")
                } else {
                    opaque("not an account, ARN or `*`")
                };
            };
            match (p.service, p.resource) {
                ("iam", "root") => Entry::Account {
                    partition: Some(p.partition.to_string()),
                    account: p.account.to_string(),
                },
                ("iam", r) if r.starts_with("user/") => Entry::Named(Named::User(text.to_string())),
                ("iam", r) if r.starts_with("role/") => match role_name(text) {
                    Some((partition, account, name)) => Entry::Named(Named::Role {
                        partition,
                        account,
                        name,
                    }),
                    None => opaque("not a role ARN"),
                },
                ("sts", r) if r.starts_with("assumed-role/") => {
                    Entry::Named(Named::Session(text.to_string()))
                }
                ("sts", r) if r.starts_with("federated-user/") => {
                    Entry::Named(Named::Federated(text.to_string()))
                }
                _ => opaque("an ARN of a kind that is not a principal"),
            }
        }
    }
}

/// A `Principal` or `NotPrincipal` element read once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalElement {
    /// `NotPrincipal`.
    pub negated: bool,
    /// The entries as written: (`AWS`/`Service`/…, value).
    pub written: Vec<(String, String)>,
    entries: Vec<Entry>,
}

impl PrincipalElement {
    /// Reads the element's value (`"*"` or an object of `AWS`, `Service`, `Federated`,
    /// `CanonicalUser` to a string or list of strings).
    pub fn parse(v: &Value, negated: bool) -> Result<PrincipalElement, String> {
        let name = if negated { "NotPrincipal" } else { "Principal" };
        let mut written = Vec::new();
        match v {
            Value::String(s) if s == "*" => written.push(("AWS".to_string(), "*".to_string())),
            Value::Object(map) => {
                for (kind, vals) in map {
                    if !["AWS", "Service", "Federated", "CanonicalUser"].contains(&kind.as_str()) {
                        return Err(format!("`{name}` has an unknown key `{kind}`"));
                    }
                    let list: Vec<&Value> = match vals {
                        Value::Array(items) => items.iter().collect(),
                        one => vec![one],
                    };
                    for item in list {
                        let Some(s) = item.as_str() else {
                            return Err(format!(
                                "`{name}.{kind}` holds something that is not a string"
                            ));
                        };
                        written.push((kind.clone(), s.to_string()));
                    }
                }
            }
            _ => return Err(format!("`{name}` is neither \"*\" nor an object")),
        }
        let entries = written.iter().map(|(k, t)| entry(k, t)).collect();
        Ok(PrincipalElement {
            negated,
            written,
            entries,
        })
    }

    /// How the element names the request's principal: the closest kind of match, `None` when it
    /// does not, undecided when an entry cannot be related to the principal. `has_boundary`:
    /// the principal has a permissions boundary (IAM: a `Deny` with `NotPrincipal` then always
    /// applies to it; the caller passes `false` for an `Allow`).
    pub fn matches(
        &self,
        p: &Principal,
        deny_with_boundary: bool,
    ) -> Result<Option<MatchKind>, String> {
        if self.negated {
            if deny_with_boundary && !p.is_service() {
                return Ok(Some(MatchKind::Everyone));
            }
            return self.not_principal(p);
        }
        let mut best: Option<MatchKind> = None;
        let mut unsure: Option<String> = None;
        for e in &self.entries {
            match entry_matches(e, p) {
                Ok(Some(k)) => best = best.max(Some(k)),
                Ok(None) => {}
                Err(r) => {
                    unsure.get_or_insert(r);
                }
            }
        }
        match (best, unsure) {
            (Some(k), _) => Ok(Some(k)),
            (None, Some(r)) => Err(r),
            (None, None) => Ok(None),
        }
    }

    /// `NotPrincipal`: the statement applies to the principal when no identity behind it is
    /// listed, and not when all are (its account, its user or role, its session); when only
    /// some are, AWS says the outcome depends on which one the service checks first.
    fn not_principal(&self, p: &Principal) -> Result<Option<MatchKind>, String> {
        let mut listed: Vec<MatchKind> = Vec::new();
        for e in &self.entries {
            match entry_matches(e, p) {
                Ok(Some(MatchKind::Everyone)) => return Ok(None),
                Ok(Some(k)) => listed.push(k),
                Ok(None) => {}
                Err(r) => return Err(format!("NotPrincipal: {r}")),
            }
        }
        if listed.is_empty() {
            return Ok(Some(MatchKind::Everyone));
        }
        let required = p.required();
        if required.iter().all(|k| listed.contains(k)) {
            return Ok(None);
        }
        Err(format!(
            "NotPrincipal lists only some of the identities behind the principal ({}): AWS says \
             such a statement \"might\" still apply, depending on the order the service checks them",
            required
                .iter()
                .map(|k| match k {
                    MatchKind::Account => "its account",
                    MatchKind::Parent => "its role",
                    MatchKind::Everyone => "everyone",
                    MatchKind::Itself => "itself",
                })
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }

    /// Whether the element is `"*"` alone (or `{"AWS": "*"}`).
    pub fn is_everyone(&self) -> bool {
        !self.negated && self.entries.contains(&Entry::Everyone)
    }
}

fn same_account(partition: Option<&String>, account: &str, p: &Principal) -> bool {
    let (pp, pa) = match p {
        Principal::Root { partition, account } => (partition.as_str(), account.as_str()),
        _ => match p.principal_arn().as_deref().and_then(split_arn) {
            Some(parts) => {
                return parts.account == account && partition.is_none_or(|x| x == parts.partition);
            }
            None => return false,
        },
    };
    pa == account && partition.is_none_or(|x| x == pp)
}

fn entry_matches(e: &Entry, p: &Principal) -> Result<Option<MatchKind>, String> {
    if let Principal::Service { name } = p {
        return Ok(match e {
            Entry::Everyone => Some(MatchKind::Everyone),
            Entry::Service(s) if s == name => Some(MatchKind::Itself),
            _ => None,
        });
    }
    // A web identity is named only by its provider (IAM compares the provider's ARN as written)
    // or by everyone.
    if let Principal::WebIdentity { provider } = p {
        return Ok(match e {
            Entry::Everyone => Some(MatchKind::Everyone),
            Entry::Federated(f) if f == provider => Some(MatchKind::Itself),
            _ => None,
        });
    }
    let hit = |b: bool, k: MatchKind| b.then_some(k);
    Ok(match e {
        Entry::Everyone => Some(MatchKind::Everyone),
        Entry::Never | Entry::Service(_) => None,
        Entry::Federated(text) => {
            return Err(format!(
                "principal `{text}`: a Federated principal names an identity provider, which \
                 only a role trust policy relates to a request"
            ));
        }
        Entry::Opaque { text, reason } => return Err(format!("principal `{text}`: {reason}")),
        Entry::Account { partition, account } => hit(
            same_account(partition.as_ref(), account, p),
            MatchKind::Account,
        ),
        Entry::Named(n) => match (n, p) {
            (Named::User(a), Principal::User { arn }) => hit(a == arn, MatchKind::Itself),
            (Named::User(a), Principal::FederatedUser { user_arn, .. }) => {
                hit(a == user_arn, MatchKind::Parent)
            }
            (
                Named::Role {
                    partition,
                    account,
                    name,
                },
                Principal::RoleSession { role_arn, .. },
            ) => hit(
                role_name(role_arn).is_some_and(|(rp, ra, rn)| {
                    rp == *partition && ra == *account && rn.eq_ignore_ascii_case(name)
                }),
                MatchKind::Parent,
            ),
            (
                Named::Session(s),
                Principal::RoleSession {
                    role_arn,
                    session_arn,
                },
            ) => {
                if let Some(own) = session_arn {
                    return Ok(hit(s == own, MatchKind::Itself));
                }
                let same_role = session_role(s).is_some_and(|(sp, sa, sr)| {
                    role_name(role_arn).is_some_and(|(rp, ra, rn)| {
                        rp == sp && ra == sa && rn.eq_ignore_ascii_case(&sr)
                    })
                });
                if same_role {
                    return Err(format!(
                        "`{s}` names one session of the role; the request does not say which session it is"
                    ));
                }
                None
            }
            (Named::Federated(s), Principal::FederatedUser { session_arn, .. }) => {
                hit(s == session_arn, MatchKind::Itself)
            }
            _ => None,
        },
    })
}

#[cfg(test)]
#[path = "principal_tests.rs"]
mod tests;
