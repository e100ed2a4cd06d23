//! Understands the access-denied messages people meet (AWS API, AWS CLI, docker, kubelet): who
//! was refused what, on which repository, and which document must change.

use std::sync::LazyLock;

use regex::Regex;

use crate::policy::spec::catalog::ActionSet;
use crate::policy::spec::tasks::{TASKS, Task};

/// Which kind of policy refused the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    IdentityBased,
    ResourceBased,
    ServiceControl,
    ResourceControl,
    PermissionsBoundary,
    Session,
    VpcEndpoint,
    /// The message says "with an explicit deny" and nothing more.
    Unnamed,
}

impl PolicyKind {
    /// The document in plain words.
    pub fn label(self) -> &'static str {
        match self {
            PolicyKind::IdentityBased => "an identity-based policy (attached to the caller)",
            PolicyKind::ResourceBased => "the repository policy",
            PolicyKind::ServiceControl => "a service control policy (SCP) of AWS Organizations",
            PolicyKind::ResourceControl => "a resource control policy (RCP) of AWS Organizations",
            PolicyKind::PermissionsBoundary => "the caller's permissions boundary",
            PolicyKind::Session => "the session policy passed when the role was assumed",
            PolicyKind::VpcEndpoint => "the VPC endpoint policy",
            PolicyKind::Unnamed => {
                "one of the policies that apply (the message does not say which)"
            }
        }
    }

    fn parse(text: &str) -> PolicyKind {
        let t = text.to_ascii_lowercase();
        if t.contains("identity") {
            PolicyKind::IdentityBased
        } else if t.contains("resource-based") || t.contains("resource based") {
            PolicyKind::ResourceBased
        } else if t.contains("service control") {
            PolicyKind::ServiceControl
        } else if t.contains("resource control") {
            PolicyKind::ResourceControl
        } else if t.contains("boundary") {
            PolicyKind::PermissionsBoundary
        } else if t.contains("session") {
            PolicyKind::Session
        } else if t.contains("vpc endpoint") {
            PolicyKind::VpcEndpoint
        } else {
            PolicyKind::Unnamed
        }
    }
}

/// Why the request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// "because no … policy allows": an Allow is missing in that kind of policy.
    NoAllow(PolicyKind),
    /// "with an explicit deny in …": a Deny wins; adding an Allow changes nothing.
    ExplicitDeny(PolicyKind),
    /// An older message with no reason at all.
    Unstated,
    /// docker's "no basic auth credentials", or a pull asking for `docker login`: not logged in.
    NotLoggedIn,
    /// The registry token expired (tokens last 12 hours).
    TokenExpired,
}

/// What an access-denied message says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessDenied {
    pub refusal: Refusal,
    /// The caller's ARN as written (a user, a role or an assumed-role session).
    pub caller: Option<String>,
    /// The caller's account.
    pub caller_account: Option<String>,
    /// `ecr` or `ecr-public`.
    pub service: Option<String>,
    /// The action name without the service, e.g. `InitiateLayerUpload`.
    pub action: Option<String>,
    /// The resource as written: a repository ARN or `*`.
    pub resource: Option<String>,
    pub partition: Option<String>,
    pub region: Option<String>,
    /// The registry account (from the repository ARN or the registry host).
    pub registry_account: Option<String>,
    pub repository: Option<String>,
    /// The denying policy's ARN, when the message names it (newer messages do).
    pub deny_policy: Option<String>,
}

/// Which document an Allow must be added to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixDocument {
    /// The caller's identity policy.
    Identity,
    /// The repository policy, allowing the caller (another account).
    Repository,
}

/// What the fix for a message fills in; `None` fields are for the person to give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub document: FixDocument,
    /// The task that contains the refused action.
    pub task: &'static Task,
    /// The task's actions, plus login for an identity policy.
    pub actions: ActionSet,
    /// A region code, or `*` for login on `"*"`.
    pub region: String,
    /// Set when the region is `*`: the caller's partition.
    pub partition: Option<String>,
    /// The registry account (the caller's own for login on `"*"`).
    pub account: Option<String>,
    pub repository: Option<String>,
    /// The principal the repository policy must allow, or, for an identity fix across
    /// accounts, the caller (so the other half can be written too).
    pub principal: Option<String>,
}

impl AccessDenied {
    /// The fix an Allow can make: the identity policy when no identity-based policy allows
    /// (or the message does not say), the repository policy when no resource-based policy
    /// allows; `None` for a Deny, a login problem, or an action outside ECR's catalog.
    pub fn fix(&self) -> Option<Fix> {
        let document = match self.refusal {
            Refusal::NoAllow(PolicyKind::IdentityBased) | Refusal::Unstated => {
                FixDocument::Identity
            }
            Refusal::NoAllow(PolicyKind::ResourceBased) => FixDocument::Repository,
            _ => return None,
        };
        if self.service.as_deref() != Some("ecr") {
            return None;
        }
        let task = self.task()?;
        let mut actions = task.set();
        if document == FixDocument::Identity {
            actions = actions.union(ActionSet::of(&["GetAuthorizationToken"]));
        }
        let partition = self
            .region
            .is_none()
            .then(|| {
                self.caller
                    .as_deref()
                    .and_then(|c| c.split(':').nth(1))
                    .map(String::from)
            })
            .flatten();
        Some(Fix {
            document,
            task,
            actions,
            region: self.region.clone().unwrap_or_else(|| "*".to_string()),
            partition,
            account: self
                .registry_account
                .clone()
                .or_else(|| self.caller_account.clone()),
            repository: self.repository.clone(),
            principal: (document == FixDocument::Repository || self.cross_account())
                .then(|| self.caller.clone())
                .flatten(),
        })
    }

    /// Whether the caller and the registry are in different accounts.
    pub fn cross_account(&self) -> bool {
        matches!((&self.caller_account, &self.registry_account), (Some(a), Some(b)) if a != b)
    }

    /// The everyday task that contains the refused action (push for `InitiateLayerUpload`).
    pub fn task(&self) -> Option<&'static Task> {
        let action = self.action.as_deref()?;
        TASKS
            .iter()
            .find(|t| t.actions.iter().any(|a| a.eq_ignore_ascii_case(action)))
    }

    /// Whether the refusal is about ECR Public (its actions, or the STS half of its login).
    pub fn is_public(&self) -> bool {
        self.service.as_deref() == Some("ecr-public")
            || (self.service.as_deref() == Some("sts")
                && self
                    .action
                    .as_deref()
                    .is_some_and(|a| a.eq_ignore_ascii_case("GetServiceBearerToken")))
    }

    /// Which document must change and why, in plain words.
    pub fn explanation(&self) -> String {
        let text = self.reason();
        if self.is_public() && matches!(self.refusal, Refusal::NoAllow(_) | Refusal::Unstated) {
            let account = self.caller_account.as_deref().unwrap_or("ACCOUNT");
            return format!(
                "{text} This is Amazon ECR Public: logging in needs both \
                 ecr-public:GetAuthorizationToken and sts:GetServiceBearerToken on \"*\" (its API \
                 is in us-east-1). Write the policy with: ecr-policy generate --registry public \
                 --account {account} --preset pull (or --preset push to publish)."
            );
        }
        text
    }

    fn reason(&self) -> String {
        let who = self.caller.as_deref().unwrap_or("the caller");
        let what = match (&self.service, &self.action) {
            (Some(s), Some(a)) => format!("{s}:{a}"),
            _ => "the action".to_string(),
        };
        let on = self.resource.as_deref().unwrap_or("the repository");
        match self.refusal {
            Refusal::NoAllow(PolicyKind::IdentityBased) => format!(
                "The identity policy is missing: nothing attached to {who} allows {what} on \
                 {on}. Attach an identity policy that allows it{}.",
                if self.cross_account() {
                    "; the repository is in another account, so its repository policy must \
                     allow this caller too"
                } else {
                    ""
                }
            ),
            Refusal::NoAllow(PolicyKind::ResourceBased) => format!(
                "The repository policy is missing: {who} is in account {} and the repository \
                 in account {}, and a cross-account request needs both documents to allow it. \
                 The registry account must set a repository policy that allows {what} for this \
                 caller.",
                self.caller_account.as_deref().unwrap_or("?"),
                self.registry_account.as_deref().unwrap_or("?"),
            ),
            Refusal::NoAllow(kind) => format!(
                "{} does not allow {what}: an allow there is needed as well as in the identity \
                 policy. Ask whoever manages it; a policy from this tool cannot lift that limit.",
                capitalise(kind.label())
            ),
            Refusal::ExplicitDeny(kind) => format!(
                "An explicit Deny in {}{} refuses {what} on {on}. A Deny always wins, so adding \
                 an Allow anywhere changes nothing: the Deny statement must change, or the \
                 request must fall outside it (another region, repository or condition).",
                kind.label(),
                self.deny_policy
                    .as_deref()
                    .map_or_else(String::new, |p| format!(", {p},"))
            ),
            Refusal::Unstated => format!(
                "{who} may not {what} on {on}. The message does not say which policy refused \
                 it; most often the identity policy lacks the action (and, across accounts, the \
                 repository policy)."
            ),
            Refusal::NotLoggedIn => "Not a policy problem: the client has no registry \
                 credentials. Log in first (aws ecr get-login-password | docker login …); \
                 without a login, pulls of private images fail this way, and so do pushes to a \
                 repository that does not exist."
                .to_string(),
            Refusal::TokenExpired => "Not a policy problem: the registry token expired (they \
                 last 12 hours). Log in again with aws ecr get-login-password | docker login …."
                .to_string(),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

static DENIED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        User:\s*(?P<caller>\S+)\s+is\s+not\s+authorized\s+to\s+perform:\s*
        (?P<service>[A-Za-z0-9-]+):(?P<action>[A-Za-z0-9]+)
        (?:\s+on\s+resource:\s*(?P<resource>\S+))?
        (?:\s+(?:
            because\s+no\s+(?P<noallow>[A-Za-z\x20-]+?)\s+allows
          | with\s+an\s+explicit\s+deny(?:\s+in\s+(?:an?\s+|the\s+)?(?P<deny>[A-Za-z\x20-]+)(?::\s*(?P<policy>arn:\S+))?)?
        ))?",
    )
    .ok()
});

static REGISTRY_HOST: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?P<acct>\d{12})\.dkr\.ecr(?:-fips)?\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?/(?P<repo>[a-z0-9._/-]+)").ok()
});

/// Reads an access-denied message; `None` when the text is not one this understands.
pub fn parse_access_denied(text: &str) -> Option<AccessDenied> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    if let Some(c) = DENIED.as_ref().and_then(|re| re.captures(text)) {
        let refusal = if let Some(k) = c.name("noallow") {
            Refusal::NoAllow(PolicyKind::parse(k.as_str()))
        } else if lower.contains("explicit deny") {
            Refusal::ExplicitDeny(
                c.name("deny")
                    .map_or(PolicyKind::Unnamed, |k| PolicyKind::parse(k.as_str())),
            )
        } else {
            Refusal::Unstated
        };
        let caller = c["caller"].trim_end_matches([',', '.', ';']).to_string();
        let resource = c.name("resource").map(|r| {
            r.as_str()
                .trim_end_matches([',', '.', ';', '"'])
                .to_string()
        });
        let mut out = AccessDenied {
            refusal,
            caller_account: arn_part(&caller, 4).filter(|a| is_account(a)),
            caller: Some(caller),
            service: Some(c["service"].to_ascii_lowercase()),
            action: Some(c["action"].to_string()),
            resource: resource.clone(),
            partition: None,
            region: None,
            registry_account: None,
            repository: None,
            deny_policy: c
                .name("policy")
                .map(|p| p.as_str().trim_end_matches(['.', ',', ';']).to_string()),
        };
        if let Some(arn) = resource.as_deref().filter(|r| r.starts_with("arn:")) {
            out.partition = arn_part(arn, 1);
            out.region = arn_part(arn, 3).filter(|r| !r.is_empty());
            out.registry_account = arn_part(arn, 4).filter(|a| is_account(a));
            out.repository =
                arn_part(arn, 5).and_then(|r| r.strip_prefix("repository/").map(String::from));
        } else {
            fill_from_host(text, &mut out);
        }
        return Some(out);
    }
    let refusal = if lower.contains("no basic auth credentials")
        || lower.contains("may require 'docker login'")
        || lower.contains("401 unauthorized")
    {
        Refusal::NotLoggedIn
    } else if lower.contains("authorization token has expired") {
        Refusal::TokenExpired
    } else {
        return None;
    };
    let mut out = AccessDenied {
        refusal,
        caller: None,
        caller_account: None,
        service: Some("ecr".to_string()),
        action: None,
        resource: None,
        partition: None,
        region: None,
        registry_account: None,
        repository: None,
        deny_policy: None,
    };
    fill_from_host(text, &mut out);
    Some(out)
}

/// Region, account and repository from a registry host in the text
/// (`123456789012.dkr.ecr.eu-west-1.amazonaws.com/web`).
fn fill_from_host(text: &str, out: &mut AccessDenied) {
    if let Some(c) = REGISTRY_HOST.as_ref().and_then(|re| re.captures(text)) {
        out.registry_account = Some(c["acct"].to_string());
        out.region = Some(c["region"].to_string());
        // A registry API path (`/v2/NAME/manifests/TAG`) names the repository in its middle.
        let path = c["repo"].trim_end_matches(['/', '.']);
        let path = path.strip_prefix("v2/").map_or(path, |p| {
            ["/manifests/", "/blobs/", "/tags/"]
                .iter()
                .find_map(|m| p.split_once(m).map(|(name, _)| name))
                .unwrap_or(p)
        });
        out.repository = Some(path.to_string());
    }
}

fn arn_part(arn: &str, i: usize) -> Option<String> {
    arn.splitn(6, ':').nth(i).map(String::from)
}

fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
#[path = "access_denied_tests.rs"]
mod tests;
