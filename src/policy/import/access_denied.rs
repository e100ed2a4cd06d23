//! Understands the access-denied messages people meet (AWS API, AWS CLI, docker, containerd,
//! kubelet, Lambda, ECR Public): who was refused what, on which repository, which document must
//! change, and, where the message cannot tell, the commands that find out.

use std::sync::LazyLock;

use regex::Regex;

use crate::policy::spec::catalog::ActionSet;
use crate::policy::spec::principal::find_service;
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
    /// docker's "no basic auth credentials", or kubelet's 401: not logged in.
    NotLoggedIn,
    /// The registry token expired (tokens last 12 hours).
    TokenExpired,
    /// Lambda could not pull its function's image ("Lambda does not have permission to access
    /// the ECR image", "The function does not have permission to access the specified image"):
    /// the repository policy does not allow `lambda.amazonaws.com`.
    LambdaImage,
    /// A `403 Forbidden` from a private registry (containerd, ECS, `BuildKit`): the request was
    /// authenticated and refused; the message does not say by which policy.
    Forbidden,
    /// ECR Public's "denied: Not Authorized" or `403 Forbidden`: most often a stale login to
    /// `public.ecr.aws` (anonymous pulls need none), otherwise a push the identity policy does not
    /// allow.
    PublicNotAuthorized,
    /// docker's "pull access denied for X, repository does not exist or may require 'docker
    /// login'": not logged in, no such repository, or refused; docker cannot tell them apart.
    Ambiguous,
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
    /// The message is about `public.ecr.aws` (ECR Public).
    pub public_host: bool,
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
    /// (or the message does not say, or a registry answered 403), the repository policy when no
    /// resource-based policy allows (or Lambda cannot pull its image); `None` for a Deny, a
    /// login problem, an ambiguous message, or an action outside ECR's catalog.
    pub fn fix(&self) -> Option<Fix> {
        let document = match self.refusal {
            Refusal::NoAllow(PolicyKind::IdentityBased)
            | Refusal::Unstated
            | Refusal::Forbidden => FixDocument::Identity,
            Refusal::NoAllow(PolicyKind::ResourceBased) | Refusal::LambdaImage => {
                FixDocument::Repository
            }
            _ => return None,
        };
        if self.service.as_deref() != Some("ecr") {
            return None;
        }
        let task = self.task()?;
        let lambda = (self.refusal == Refusal::LambdaImage)
            .then(|| find_service(LAMBDA))
            .flatten();
        let mut actions = lambda.map_or_else(|| task.set(), |s| ActionSet::of(s.actions));
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
        let principal = match lambda {
            Some(service) => Some(service.principal.to_string()),
            None => (document == FixDocument::Repository || self.cross_account())
                .then(|| self.caller.clone())
                .flatten(),
        };
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
            principal,
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

    /// The commands that tell the causes of a message apart, each with what its answer means;
    /// empty when the message says what happened.
    pub fn how_to_find_out(&self) -> Vec<(String, &'static str)> {
        match self.refusal {
            Refusal::Ambiguous | Refusal::Forbidden if !self.public_host => {}
            Refusal::PublicNotAuthorized => {
                return vec![
                    (
                        "docker logout public.ecr.aws".to_string(),
                        "then pull again: a pull from ECR Public needs no login, and a stale one \
                         is refused",
                    ),
                    (
                        "aws ecr-public get-login-password --region us-east-1 | docker login \
                         --username AWS --password-stdin public.ecr.aws"
                            .to_string(),
                        "for a push: a fresh login; if the push is still refused, the identity \
                         policy lacks the ECR Public push actions",
                    ),
                ];
            }
            _ => return Vec::new(),
        }
        let (Some(region), Some(account)) = (&self.region, &self.registry_account) else {
            return vec![(
                "docker login REGISTRY".to_string(),
                "the image is not on an ECR registry this recognises: check its name (a \
                 registry host, then the repository) and log in to that registry",
            )];
        };
        // Every value came from a pasted message: one shell word each.
        let word = crate::policy::emit::format::shell_word;
        let host = word(&format!("{account}.dkr.ecr.{region}.amazonaws.com"));
        let name = word(self.repository.as_deref().unwrap_or("NAME"));
        let (region, account) = (word(region), word(account));
        vec![
            (
                "aws sts get-caller-identity".to_string(),
                "who you are: the role or user the commands below (and docker login) use",
            ),
            (
                format!(
                    "aws ecr describe-repositories --region {region} --registry-id {account} \
                     --repository-names {name}"
                ),
                "RepositoryNotFoundException: no such repository (check the name and region); \
                 AccessDeniedException: refused, and the message says by which policy (paste it \
                 into --from-error); the repository listed: it exists and you may see it",
            ),
            (
                format!(
                    "aws ecr get-login-password --region {region} | docker login --username AWS \
                     --password-stdin {host}"
                ),
                "log in, then pull again: if it works, the login was missing or expired; if not, \
                 the new message names the refusing policy",
            ),
        ]
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
                 without a login, pulls of private images fail this way."
                .to_string(),
            Refusal::TokenExpired if self.public_host => "Not a policy problem: the login to \
                 public.ecr.aws expired (tokens last 12 hours). A pull from ECR Public needs no \
                 login: docker logout public.ecr.aws and pull again; to push, log in again with \
                 aws ecr-public get-login-password --region us-east-1 | docker login …."
                .to_string(),
            Refusal::TokenExpired => "Not a policy problem: the registry token expired (they \
                 last 12 hours). Log in again with aws ecr get-login-password | docker login …."
                .to_string(),
            Refusal::LambdaImage => format!(
                "Lambda could not pull the function's image{}: the repository policy must allow \
                 lambda.amazonaws.com ecr:BatchGetImage and ecr:GetDownloadUrlForLayer (limited \
                 to your functions with aws:sourceArn), and the repository must be in the \
                 function's region. Lambda adds that statement itself only when whoever creates \
                 the function may call ecr:GetRepositoryPolicy and ecr:SetRepositoryPolicy; an \
                 image in another account also needs that account's role allowed.",
                self.repository
                    .as_deref()
                    .map_or_else(String::new, |r| format!(" ({r})"))
            ),
            Refusal::Forbidden => format!(
                "The registry refused an authenticated request (403 Forbidden{}): the credentials \
                 were taken, and a policy refused the pull. The pulling role's identity policy \
                 (for ECS the task execution role, for EKS the node role) lacks the pull actions \
                 on this repository, or, with the repository in another account, its repository \
                 policy does not allow that role; an explicit Deny (SCP, VPC endpoint policy) \
                 ends the same way. So does a login that expired (12 hours, or the assumed role's \
                 session if shorter) or was made for another region or account: log in again \
                 to this registry first. The message does not say which; the identity policy is \
                 written below.",
                self.repository
                    .as_deref()
                    .map_or_else(String::new, |r| format!(" on {r}"))
            ),
            Refusal::PublicNotAuthorized => "ECR Public refused the request (public.ecr.aws). A \
                 pull needs no login at all, so a stale or expired login to public.ecr.aws is \
                 the usual cause; for a push, the identity policy needs ECR Public's push actions \
                 and its login pair (ecr-policy generate --registry public --preset push)."
                .to_string(),
            Refusal::Ambiguous => format!(
                "Ambiguous: not logged in, the repository does not exist, or refused. docker \
                 says \"pull access denied … may require 'docker login'\" for all three{}; the \
                 commands below tell them apart.",
                self.repository
                    .as_deref()
                    .map_or_else(String::new, |r| format!(" (repository {r})"))
            ),
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
    Regex::new(r"(?P<acct>\d{12})\.dkr\.ecr(?:-fips)?\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?(?:/(?P<repo>[a-z0-9._/-]+))?").ok()
});

/// The Lambda service principal, whose repository-policy statement fixes its messages.
const LAMBDA: &str = "lambda.amazonaws.com";

/// What the messages this understands contain: a quick test before parsing (the wizard's paste
/// path asks it of every paste).
pub fn looks_like_access_denied(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "not authorized",
        "no basic auth",
        "expired",
        "does not have permission to access",
        "403 forbidden",
        "401 unauthorized",
        "pull access denied",
    ]
    .iter()
    .any(|m| lower.contains(m))
}

/// Words that follow an ARN in the messages: a line that starts with one is a new word, not
/// the rest of an ARN wrapped at the end of the line before.
const MESSAGE_WORDS: &[&str] = &[
    "a", "an", "and", "at", "because", "error", "for", "from", "go", "has", "in", "is", "no",
    "not", "on", "please", "request", "status", "the", "to", "user", "was", "when", "with",
];

/// Joins lines that a terminal or a log viewer wrapped inside an ARN: a line ending in a piece
/// of an ARN (no space before the break) continues on the next when the ARN is not complete
/// yet (fewer than six parts), or when the next line does not start with a word of the message.
pub fn join_wrapped_arns(text: &str) -> String {
    join_arns(text, true)
}

/// Joins lines wrapped inside an ARN; `stop_at_words`: a line starting with a word of the
/// message is taken for a new word rather than the rest of a complete-looking ARN.
fn join_arns(text: &str, stop_at_words: bool) -> String {
    let continues_arn = |before: &str, rest: &str| continues_arn(before, rest, stop_at_words);
    let mut out = String::with_capacity(text.len());
    let mut lines = text
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        let Some(next) = lines.peek() else { break };
        let rest = next.trim_start();
        if continues_arn(&out, rest) {
            // The next line's indentation belongs to the wrap, not the ARN.
            if let Some(joined) = lines.next() {
                out.push_str(joined.trim_start());
                while let Some(more) = lines.peek() {
                    if !continues_arn(&out, more.trim_start()) {
                        break;
                    }
                    out.push_str(more.trim_start());
                    lines.next();
                }
                if lines.peek().is_some() {
                    out.push('\n');
                }
            }
            continue;
        }
        out.push('\n');
    }
    out
}

/// Whether `rest` (the next line, indentation removed) continues an ARN that `before` ends in.
fn continues_arn(before: &str, rest: &str, stop_at_words: bool) -> bool {
    if before.ends_with(char::is_whitespace) || rest.is_empty() {
        return false;
    }
    let token = before.rsplit(char::is_whitespace).next().unwrap_or(before);
    // A break inside `arn:` itself: `a` + `rn:aws:…`.
    let tail = token.rsplit(['"', '(', '[']).next().unwrap_or(token);
    if !tail.is_empty() && "arn:".starts_with(tail) && tail != "arn:" {
        return format!("{tail}{rest}").starts_with("arn:");
    }
    let Some(at) = token.find("arn:") else {
        return false;
    };
    let arn = &token[at..];
    let arn_char = |c: char| c.is_ascii_alphanumeric() || "/_+=,.@:*?-".contains(c);
    if !rest.starts_with(arn_char) || arn.ends_with(['.', ',', ';']) {
        return false;
    }
    if arn.split(':').count() < 6 || !stop_at_words {
        return true;
    }
    let word: String = rest
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    let whole_word = rest[word.len()..].starts_with([' ', ':']) || rest.len() == word.len();
    !(whole_word && MESSAGE_WORDS.contains(&word.as_str()))
}

/// Reads an access-denied message; `None` when the text is not one this understands. Lines
/// wrapped inside an ARN are joined first: where a wrapped line starts with a word that may
/// also end the ARN (`…-as` + `an because …`), both readings are tried and the one that
/// understands more of the message is kept.
pub fn parse_access_denied(text: &str) -> Option<AccessDenied> {
    let careful = join_arns(text.trim(), true);
    let first = parse_joined(&careful);
    let eager = join_arns(text.trim(), false);
    if eager == careful {
        return first;
    }
    let second = parse_joined(&eager);
    let score = |d: &Option<AccessDenied>| match d {
        None => 0,
        Some(d) if d.refusal == Refusal::Unstated => 1,
        Some(_) => 2,
    };
    if score(&second) > score(&first) {
        second
    } else {
        first
    }
}

/// Reads a message whose wrapped ARNs are joined.
fn parse_joined(text: &str) -> Option<AccessDenied> {
    let lower = text.to_ascii_lowercase();
    let public_host = lower.contains("public.ecr.aws");
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
            public_host,
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
    let private_host = REGISTRY_HOST.as_ref().is_some_and(|re| re.is_match(text));
    let refusal = if lower.contains("does not have permission to access the ecr image")
        || lower.contains("function does not have permission to access the specified image")
    {
        Refusal::LambdaImage
    } else if lower.contains("authorization token has expired") {
        Refusal::TokenExpired
    } else if lower.contains("no basic auth credentials") || lower.contains("401 unauthorized") {
        Refusal::NotLoggedIn
    } else if public_host
        && !private_host
        && (lower.contains("403 forbidden") || lower.contains("denied: not authorized"))
    {
        Refusal::PublicNotAuthorized
    } else if lower.contains("403 forbidden") {
        Refusal::Forbidden
    } else if lower.contains("pull access denied") || lower.contains("may require 'docker login'") {
        Refusal::Ambiguous
    } else if lower.contains("denied: not authorized") {
        Refusal::PublicNotAuthorized
    } else {
        return None;
    };
    let mut out = AccessDenied {
        refusal,
        caller: None,
        caller_account: None,
        service: Some(
            if public_host && !private_host {
                "ecr-public"
            } else {
                "ecr"
            }
            .to_string(),
        ),
        action: None,
        resource: None,
        partition: None,
        region: None,
        registry_account: None,
        repository: None,
        deny_policy: None,
        public_host: public_host && !private_host,
    };
    fill_from_host(text, &mut out);
    // What a pull asks for, where the message says: the manifest (BatchGetImage) or a layer
    // (GetDownloadUrlForLayer); Lambda's image is pulled with both.
    out.action = match refusal {
        Refusal::LambdaImage => Some("BatchGetImage".to_string()),
        Refusal::Forbidden if lower.contains("/blobs/") => {
            Some("GetDownloadUrlForLayer".to_string())
        }
        Refusal::Forbidden => Some("BatchGetImage".to_string()),
        _ => None,
    };
    Some(out)
}

/// Region, account and repository from a registry host in the text
/// (`123456789012.dkr.ecr.eu-west-1.amazonaws.com/web`).
fn fill_from_host(text: &str, out: &mut AccessDenied) {
    if let Some(c) = REGISTRY_HOST.as_ref().and_then(|re| re.captures(text)) {
        out.registry_account = Some(c["acct"].to_string());
        out.region = Some(c["region"].to_string());
        // A registry API path (`/v2/NAME/manifests/TAG`) names the repository in its middle.
        let Some(repo) = c.name("repo") else { return };
        let path = repo.as_str().trim_end_matches(['/', '.']);
        let path = path.strip_prefix("v2/").map_or(path, |p| {
            ["/manifests/", "/blobs/", "/tags/"]
                .iter()
                .find_map(|m| p.split_once(m).map(|(name, _)| name))
                .unwrap_or(p)
        });
        if !path.is_empty() && path != "v2" {
            out.repository = Some(path.to_string());
        }
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
