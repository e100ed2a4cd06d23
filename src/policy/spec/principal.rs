//! Who uses the policy when it is not the registry's own account: a role, user or account
//! elsewhere, a whole organisation, or an AWS service; and which documents that takes.

use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;

use super::error::{Field, FieldError};
use super::validate::parse_account;

/// An AWS service that pulls images with its own service principal (not with a role), as AWS
/// documents it. Sources are in `docs/sources.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceInfo {
    /// The service principal, e.g. `lambda.amazonaws.com`.
    pub principal: &'static str,
    /// The service's name, for people.
    pub label: &'static str,
    /// The service part of the source ARN (`lambda`).
    pub arn_service: &'static str,
    /// The start of the source ARN's resource part, e.g. `function:`.
    pub resource_prefix: &'static str,
    /// What the service does with the image, in plain words.
    pub uses: &'static str,
    /// The repository actions the service's documentation grants it.
    pub actions: &'static [&'static str],
    /// The statement id AWS's own example uses.
    pub sid: &'static str,
    /// Whether the service only uses repositories in its own region (a Lambda function's image
    /// must be in the function's region).
    pub same_region: bool,
}

/// Every service principal this tool writes repository policies for.
pub static SERVICES: &[ServiceInfo] = &[
    ServiceInfo {
        principal: "lambda.amazonaws.com",
        label: "AWS Lambda",
        arn_service: "lambda",
        resource_prefix: "function:",
        uses: "pulls the image of a container-image function",
        actions: &["BatchGetImage", "GetDownloadUrlForLayer"],
        sid: "LambdaECRImageRetrievalPolicy",
        same_region: true,
    },
    ServiceInfo {
        principal: "codebuild.amazonaws.com",
        label: "AWS CodeBuild",
        arn_service: "codebuild",
        resource_prefix: "project/",
        uses: "pulls a project's build image when the project uses CodeBuild credentials",
        actions: &[
            "BatchCheckLayerAvailability",
            "BatchGetImage",
            "GetDownloadUrlForLayer",
        ],
        sid: "CodeBuildAccess",
        same_region: false,
    },
];

/// A service by its principal name, ignoring case.
pub fn find_service(name: &str) -> Option<&'static ServiceInfo> {
    SERVICES
        .iter()
        .find(|s| s.principal.eq_ignore_ascii_case(name.trim()))
}

/// Who the policy is for, besides the registry account itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// An IAM role or user, by ARN (`arn:aws:iam::222233334444:role/ci`).
    Arn {
        arn: String,
        /// The account in the ARN.
        account: String,
        /// The partition in the ARN.
        partition: String,
    },
    /// Every principal of an account that its own IAM policies allow (the account root).
    Account(String),
    /// Every principal of an AWS Organizations organisation (`o-…`).
    Organization(String),
    /// An AWS service, limited by `aws:sourceArn` to `source_arn` (or, when `None`, to every
    /// resource of that service in the registry's account and region).
    Service {
        service: &'static ServiceInfo,
        source_arn: Option<String>,
    },
}

impl Principal {
    /// The principal's own account, when it has one.
    pub fn account(&self) -> Option<&str> {
        match self {
            Principal::Arn { account, .. } | Principal::Account(account) => Some(account),
            Principal::Organization(_) | Principal::Service { .. } => None,
        }
    }

    /// Whether the registry account must also set a repository policy for this principal:
    /// always, except for a role, user or account in the registry's own account.
    pub fn needs_repository_policy(&self, registry_account: &str) -> bool {
        self.account().is_none_or(|a| a != registry_account)
    }

    /// Whether the principal needs an identity policy at all: an AWS service has none.
    pub fn needs_identity_policy(&self) -> bool {
        !matches!(self, Principal::Service { .. })
    }

    /// The principal in plain words ("role ci in account 222233334444").
    pub fn describe(&self) -> String {
        match self {
            Principal::Arn { arn, account, .. } => {
                let rest = arn.splitn(6, ':').nth(5).unwrap_or(arn);
                let (kind, name) = rest.split_once('/').unwrap_or(("principal", rest));
                let name = name.rsplit('/').next().unwrap_or(name);
                format!("{kind} {name} in account {account}")
            }
            Principal::Account(a) => format!("account {a} (every role and user it allows)"),
            Principal::Organization(o) => format!("every account of organisation {o}"),
            Principal::Service { service, .. } => {
                format!("{} ({})", service.label, service.principal)
            }
        }
    }
}

/// "web", "web and api", "web, api and 3 more".
pub fn list_names(names: &[String]) -> String {
    match names {
        [] => "the repositories".to_string(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [a, b, rest @ ..] => format!("{a}, {b} and {} more", rest.len()),
    }
}

/// Where each document goes, in plain words: the identity policy (or why there is none), and
/// the repository policy (or why it is not needed).
pub fn placement(
    principal: &Principal,
    registry_account: &str,
    repositories: &[String],
) -> (String, String) {
    let repos = list_names(repositories);
    let identity = match principal {
        Principal::Service {
            service,
            source_arn,
        } => {
            let mut text = format!(
                "No identity policy: {} is an AWS service and has none; the repository policy \
                 is all it needs.",
                service.principal
            );
            if let Some(other) = source_arn
                .as_deref()
                .and_then(source_account)
                .filter(|a| *a != registry_account)
            {
                let _ = write!(
                    text,
                    " The roles in account {other} that create or update the {} also need the \
                     pull actions on these repositories in their identity policy.",
                    service.resource_prefix.trim_end_matches([':', '/'])
                );
            }
            text
        }
        Principal::Organization(org) => format!(
            "In each account of organisation {org}: attach the identity policy to the roles \
             and users that use the repositories."
        ),
        Principal::Account(a) => {
            format!(
                "In account {a}: attach the identity policy to the roles and users that use the repositories."
            )
        }
        Principal::Arn { .. } => format!("Attach the identity policy to {}.", principal.describe()),
    };
    let repository = if principal.needs_repository_policy(registry_account) {
        format!("In account {registry_account}: set the repository policy on {repos}.")
    } else {
        format!(
            "No repository policy needed: {} is in the registry's own account, {registry_account}.",
            principal.describe()
        )
    };
    (identity, repository)
}

static ORG_ID: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^o-[a-z0-9]{10,32}$").ok());

/// Checks an AWS Organizations organisation ID: `o-` and 10 to 32 lowercase letters or digits.
pub fn parse_org_id(raw: &str) -> Result<String, FieldError> {
    let id = raw.trim();
    if ORG_ID.as_ref().is_some_and(|re| re.is_match(id)) {
        return Ok(id.to_string());
    }
    let hint = if id.to_ascii_lowercase() != id {
        " (lowercase only)"
    } else if id.starts_with("r-") || id.starts_with("ou-") {
        " (that is a root or organisational unit ID; the organisation ID is on the \
         Organizations console's overview)"
    } else {
        ""
    };
    Err(FieldError::new(
        Field::Principal,
        raw,
        format!(
            "is not an organisation ID: it is o- and 10 to 32 lowercase letters or digits, \
             e.g. o-a1b2c3d4e5{hint}"
        ),
    ))
}

/// Reads `--principal`: a role or user ARN, a 12-digit account ID (the account root), or a
/// service principal such as `lambda.amazonaws.com`. An assumed-role session ARN (what an error
/// message shows) becomes its role's ARN.
pub fn parse_principal(raw: &str) -> Result<Principal, FieldError> {
    let text = raw.trim();
    let err = |msg: &str| Err(FieldError::new(Field::Principal, raw, msg.to_string()));
    if text.is_empty() {
        return err("is empty: give a role or user ARN, an account ID or a service principal");
    }
    if text == "*" {
        return err(
            "would let anyone, in any account, use the repositories; to allow a whole \
             organisation use --principal-org o-…",
        );
    }
    if text.starts_with("o-") {
        return err("is an organisation ID: pass it with --principal-org instead");
    }
    if text.contains(".amazonaws.com") {
        return find_service(text).map_or_else(
            || {
                let known: Vec<&str> = SERVICES.iter().map(|s| s.principal).collect();
                err(&format!(
                    "is not a service that pulls from ECR with its own principal; known: {}. \
                     ECS, EKS, App Runner, Batch and SageMaker pull with a role: give that \
                     role's ARN",
                    known.join(", ")
                ))
            },
            |service| {
                Ok(Principal::Service {
                    service,
                    source_arn: None,
                })
            },
        );
    }
    if text.starts_with("arn:") {
        return parse_principal_arn(raw, text);
    }
    parse_account(text).map(Principal::Account).map_err(|_| {
        FieldError::new(
            Field::Principal,
            raw,
            "is not a principal: give a role or user ARN (arn:aws:iam::222233334444:role/ci), \
             a 12-digit account ID, or a service principal such as lambda.amazonaws.com",
        )
    })
}

/// An IAM role or user name, as `CreateRole`/`CreateUser` accept it: 1 to 64 of `A-Z a-z 0-9`
/// and `_ + = , . @ -`. Sources in `docs/sources.md`.
static IAM_NAME: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_+=,.@-]{1,64}$").ok());
/// An STS role session name (`AssumeRole`'s `RoleSessionName`): 2 to 64 of the same characters.
static SESSION_NAME: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_+=,.@-]{2,64}$").ok());
/// The longest IAM path (`/` … `/`).
const PATH_MAX: usize = 512;

fn matches(re: &LazyLock<Option<Regex>>, text: &str) -> bool {
    re.as_ref().is_some_and(|re| re.is_match(text))
}

/// Checks `kind/PATH/NAME` (the path optional) of a role or user ARN against IAM's rules: the
/// path is `/` … `/` of `!` to `~` (no spaces, no controls), at most 512 characters; the name
/// as [`IAM_NAME`]. The message names the rule broken.
fn check_path_and_name(kind: &str, rest: &str) -> Result<(), String> {
    let (inner, name) = rest.rsplit_once('/').unwrap_or(("", rest));
    let path_len = if inner.is_empty() { 1 } else { inner.len() + 2 };
    if rest.contains(['*', '?']) {
        return Err(
            "has a wildcard; a principal must name one role or user (use the account ID for \
             every principal of an account)"
                .to_string(),
        );
    }
    if let Some(bad) = inner.chars().find(|c| !('!'..='~').contains(c)) {
        return Err(format!(
            "has {} in the {kind}'s path: an IAM path is / or /…/ of the characters ! to ~ \
             (no spaces or control characters), at most {PATH_MAX} long",
            crate::policy::visible::quoted(&bad.to_string())
        ));
    }
    if inner.split('/').any(str::is_empty) && !inner.is_empty() {
        return Err(format!(
            "has an empty part (//) in the {kind}'s path: an IAM path is /…/ without empty parts"
        ));
    }
    if path_len > PATH_MAX {
        return Err(format!(
            "has a {kind} path of {path_len} characters: IAM allows at most {PATH_MAX}"
        ));
    }
    if !matches(&IAM_NAME, name) {
        return Err(format!(
            "has the {kind} name {}: an IAM {kind} name is 1 to 64 letters, digits and _+=,.@- \
             (no spaces or other characters)",
            crate::policy::visible::quoted(name)
        ));
    }
    Ok(())
}

fn parse_principal_arn(raw: &str, text: &str) -> Result<Principal, FieldError> {
    let err = |msg: &str| FieldError::new(Field::Principal, raw, msg.to_string());
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [_, partition, service, region, account, resource] = parts.as_slice() else {
        return Err(err(
            "is not a complete ARN (arn:PARTITION:iam::ACCOUNT:role/NAME)",
        ));
    };
    if !crate::policy::PARTITIONS
        .iter()
        .any(|p| p.arn == *partition)
    {
        let known: Vec<&str> = crate::policy::PARTITIONS.iter().map(|p| p.arn).collect();
        return Err(err(&format!(
            "has the partition {}, which AWS does not have (known: {})",
            crate::policy::visible::quoted(partition),
            known.join(", ")
        )));
    }
    if !matches!(*service, "iam" | "sts") {
        return Err(err(
            "is not a role, user or account ARN (arn:aws:iam::ACCOUNT:role/NAME, …:user/NAME or \
             …:root)",
        ));
    }
    let account =
        parse_account(account).map_err(|_| err("has no 12-digit account ID in its ARN"))?;
    if !region.is_empty() {
        return Err(err(
            "names a region; IAM ARNs have none (arn:aws:iam::ACCOUNT:role/NAME)",
        ));
    }
    let arn = |resource: &str| format!("arn:{partition}:iam::{account}:{resource}");
    let resource = match (*service, resource.split_once('/')) {
        ("iam", _) if *resource == "root" => return Ok(Principal::Account(account)),
        ("iam", Some((kind @ ("role" | "user"), rest))) if !rest.is_empty() => {
            check_path_and_name(kind, rest).map_err(|m| err(&m))?;
            (*resource).to_string()
        }
        ("iam", Some(("group", _))) => {
            return Err(err(
                "is an IAM group; a group cannot be a principal in a policy: name its users, \
                 a role, or the account",
            ));
        }
        // An assumed-role session (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION) stands
        // for its role; the role's path is not in the session ARN.
        ("sts", Some(("assumed-role", rest))) => match rest.split_once('/') {
            Some((role, session)) if !role.is_empty() => {
                check_path_and_name("role", role).map_err(|m| err(&m))?;
                if !matches(&SESSION_NAME, session) {
                    return Err(err(&format!(
                        "has the session name {}: a role session name is 2 to 64 letters, \
                         digits and _+=,.@-",
                        crate::policy::visible::quoted(session)
                    )));
                }
                format!("role/{role}")
            }
            _ => return Err(err("is an assumed-role ARN without a role name")),
        },
        _ => {
            return Err(err(
                "is not a role, user or account ARN (arn:aws:iam::ACCOUNT:role/NAME, \
                 …:user/NAME or …:root)",
            ));
        }
    };
    Ok(Principal::Arn {
        arn: arn(&resource),
        account,
        partition: (*partition).to_string(),
    })
}

/// Checks `--source-arn` for a service principal: the service's own ARN for one resource or a
/// pattern (`arn:aws:lambda:us-east-1:111122223333:function:my-fn`, `…:function:*`).
pub fn parse_source_arn(service: &ServiceInfo, raw: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    let example = format!(
        "arn:aws:{}:us-east-1:111122223333:{}NAME",
        service.arn_service, service.resource_prefix
    );
    let bad = |why: &str| {
        FieldError::new(
            Field::Principal,
            raw,
            format!(
                "is not a source ARN for {}: {why}; e.g. {example}",
                service.principal
            ),
        )
    };
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [arn, partition, svc, region, account, resource] = parts.as_slice() else {
        return Err(bad("it has fewer than six parts"));
    };
    if *arn != "arn" || *svc != service.arn_service {
        return Err(bad(&format!("it must be an {} ARN", service.arn_service)));
    }
    if !crate::policy::PARTITIONS
        .iter()
        .any(|p| p.arn == *partition)
    {
        return Err(bad("its partition is not one AWS has"));
    }
    if region.is_empty() {
        return Err(bad("it names no region"));
    }
    if *region != "*"
        && !region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(bad("its region is not a region code (a-z, 0-9 and -) or *"));
    }
    if parse_account(account).is_err() {
        return Err(bad("it has no 12-digit account ID"));
    }
    let name = resource.strip_prefix(service.resource_prefix).unwrap_or("");
    if name.is_empty() {
        return Err(bad(&format!(
            "its resource must start with {}",
            service.resource_prefix
        )));
    }
    // Function and project names are letters, digits, - and _ (a Lambda qualifier adds `:`);
    // `*` and `?` make a pattern. Nothing else can name one.
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.' | '*' | '?'))
    {
        return Err(bad(
            "its name has characters no function or project name has (letters, digits, - _ . : \
             and the wildcards * ?)",
        ));
    }
    Ok(text.to_string())
}

/// For a service that only uses repositories in its own region (Lambda), refuses a source ARN
/// in another region than the registry's: such a function could never use the image. A region
/// pattern in either (`*`) is not judged.
pub fn check_source_region(
    service: &ServiceInfo,
    source_arn: &str,
    registry_region: &str,
) -> Result<(), FieldError> {
    let Some(region) = source_arn.split(':').nth(3) else {
        return Ok(());
    };
    let pattern = |r: &str| r.contains(['*', '?']);
    if !service.same_region || pattern(region) || pattern(registry_region) {
        return Ok(());
    }
    if region == registry_region {
        return Ok(());
    }
    Err(FieldError::new(
        Field::Principal,
        source_arn,
        format!(
            "is in region {region}, and the repositories in {registry_region}: {} only uses an \
             image from a repository in its own region, so this {} could never pull it. Give a \
             {} in {registry_region}, or push the image to a repository in {region}",
            service.label,
            service.resource_prefix.trim_end_matches([':', '/']),
            service.resource_prefix.trim_end_matches([':', '/'])
        ),
    ))
}

/// The `aws:sourceArn` a service statement is limited to: the given one, or every resource of
/// the service in the registry's account and region.
pub fn source_arn_or_default(
    service: &ServiceInfo,
    given: Option<&str>,
    partition: &str,
    region: &str,
    account: &str,
) -> String {
    given.map_or_else(
        || {
            format!(
                "arn:{partition}:{}:{region}:{account}:{}*",
                service.arn_service, service.resource_prefix
            )
        },
        String::from,
    )
}

/// The account in a source ARN (`arn:aws:lambda:REGION:ACCOUNT:…`).
pub fn source_account(source_arn: &str) -> Option<&str> {
    source_arn.split(':').nth(4).filter(|a| a.len() == 12)
}

#[cfg(test)]
#[path = "principal_tests.rs"]
mod tests;
