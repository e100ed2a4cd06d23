//! One `CloudTrail` record (or one `lookup-events` entry) into the calls it shows: the caller
//! (an assumed-role session is its role), the registry, region and repositories, the outcome.
//! Records of other services are recognised from their raw bytes and never parsed.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem::Finder;
use serde::Deserialize;

use super::mapping::{TrailService, event_info, is_refused, is_service_event};
use super::usage::{Call, Outcome, Usage};
use super::window::Window;
use crate::policy::spec::region::partition_for_code;
use crate::policy::spec::validate::{parse_account, validate_repository_name};

static PRIVATE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"ecr.amazonaws.com"));
static PUBLIC: LazyLock<Finder<'static>> =
    LazyLock::new(|| Finder::new(b"ecr-public.amazonaws.com"));

/// Whether a record's raw bytes can be an ECR or ECR Public event at all (a substring test;
/// the full parse decides). Everything else is skipped without parsing.
pub fn may_be_ecr(raw: &[u8]) -> bool {
    PRIVATE.find(raw).is_some() || PUBLIC.find(raw).is_some()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Record<'a> {
    #[serde(borrow)]
    pub(super) event_source: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) event_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) event_time: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) event_type: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) aws_region: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) error_code: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) recipient_account_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) user_identity: Option<UserIdentity<'a>>,
    #[serde(borrow)]
    pub(super) request_parameters: Option<Params<'a>>,
    #[serde(borrow)]
    pub(super) resources: Option<Vec<Resource<'a>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct UserIdentity<'a> {
    #[serde(rename = "type", borrow)]
    pub(super) kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) arn: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) session_context: Option<SessionContext<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SessionContext<'a> {
    #[serde(borrow)]
    pub(super) session_issuer: Option<Issuer<'a>>,
}

#[derive(Deserialize)]
pub(super) struct Issuer<'a> {
    #[serde(borrow)]
    pub(super) arn: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Params<'a> {
    #[serde(borrow)]
    pub(super) repository_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) repository_names: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow)]
    pub(super) registry_id: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
pub(super) struct Resource<'a> {
    #[serde(rename = "ARN", borrow)]
    pub(super) arn: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct LookupEvent<'a> {
    #[serde(rename = "CloudTrailEvent", borrow)]
    event: Option<Cow<'a, str>>,
}

/// Who a call is attributed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A role or user ARN to write a policy for.
    Principal(String),
    /// The account's root user.
    Root,
    /// No role or user: an AWS service, another account, an unknown identity (by `type`).
    None(String),
}

/// The role of `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION` (without the role's
/// path, which a session ARN does not carry).
pub fn role_of_session(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, partition, "sts", _, account, rest] = parts[..] else {
        return None;
    };
    let role = rest.strip_prefix("assumed-role/")?.split('/').next()?;
    (!role.is_empty()).then(|| format!("arn:{partition}:iam::{account}:role/{role}"))
}

fn caller_of(id: Option<&UserIdentity<'_>>) -> Caller {
    let Some(id) = id else {
        return Caller::None("(no userIdentity)".to_string());
    };
    let issuer = || {
        id.session_context
            .as_ref()
            .and_then(|c| c.session_issuer.as_ref())
            .and_then(|i| i.arn.as_deref())
            .filter(|a| a.starts_with("arn:"))
            .map(String::from)
    };
    let arn = id.arn.as_deref().filter(|a| a.starts_with("arn:"));
    match id.kind.as_deref() {
        // A session's issuer is its role; where the issuer is missing (or is itself a
        // session ARN, as a query may fill it in), the role comes from the session ARN.
        Some("AssumedRole") => issuer()
            .filter(|a| !a.contains(":assumed-role/"))
            .or_else(|| issuer().as_deref().and_then(role_of_session))
            .or_else(|| arn.and_then(role_of_session))
            .map_or_else(
                || Caller::None("AssumedRole".to_string()),
                Caller::Principal,
            ),
        Some("FederatedUser") => issuer().map_or_else(
            || Caller::None("FederatedUser".to_string()),
            Caller::Principal,
        ),
        Some("IAMUser" | "Role") => arn.map_or_else(
            || Caller::None(id.kind.as_deref().unwrap_or_default().to_string()),
            |a| Caller::Principal(a.to_string()),
        ),
        Some("Root") => Caller::Root,
        Some(other) => Caller::None(other.to_string()),
        None => Caller::None("(no type)".to_string()),
    }
}

/// `(partition, region, account, name)` of an ECR or ECR Public repository ARN.
fn repository_arn_parts(arn: &str) -> Option<(&str, &str, &str, &str)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, partition, "ecr" | "ecr-public", region, account, rest] = parts[..] else {
        return None;
    };
    Some((
        partition,
        region,
        account,
        rest.strip_prefix("repository/")?,
    ))
}

/// Reads one record's bytes and adds its calls to `usage`; a record of another service is
/// counted and nothing more.
pub fn read_record(raw: &[u8], window: &Window, usage: &mut Usage) {
    usage.records += 1;
    if !may_be_ecr(raw) {
        return;
    }
    match serde_json::from_slice::<Record<'_>>(raw) {
        Ok(r) => add_record(&r, When::At, window, usage),
        // A record that mentions ECR but is not JSON we can read.
        Err(_) => usage.skipped.malformed += 1,
    }
}

/// Reads one `aws cloudtrail lookup-events` entry (`CloudTrailEvent` is the record as a JSON
/// string).
pub fn read_lookup_event(raw: &[u8], window: &Window, usage: &mut Usage) {
    usage.records += 1;
    if !may_be_ecr(raw) {
        return;
    }
    let Ok(entry) = serde_json::from_slice::<LookupEvent<'_>>(raw) else {
        usage.skipped.malformed += 1;
        return;
    };
    let Some(text) = entry.event else {
        usage.skipped.malformed += 1;
        return;
    };
    match serde_json::from_str::<Record<'_>>(&text) {
        Ok(r) => add_record(&r, When::At, window, usage),
        Err(_) => usage.skipped.malformed += 1,
    }
}

/// When a record's calls happened.
#[derive(Debug, Clone, Copy)]
pub(super) enum When<'a> {
    /// At its `eventTime`, once.
    At,
    /// `count` times between `first` and `last` (a row of the Athena query).
    Span {
        count: u64,
        first: &'a str,
        last: &'a str,
    },
}

/// Adds the calls of a parsed record.
pub(super) fn add_record(r: &Record<'_>, when: When<'_>, window: &Window, usage: &mut Usage) {
    let Some(service) = r
        .event_source
        .as_deref()
        .and_then(TrailService::of_event_source)
    else {
        return;
    };
    let (count, first, last) = match when {
        When::At => {
            let t = r.event_time.as_deref().unwrap_or_default();
            (1, t, t)
        }
        When::Span { count, first, last } => (count, first, last),
    };
    usage.ecr_events += count;
    let (Some(event), Some(region)) = (r.event_name.as_deref(), r.aws_region.as_deref()) else {
        usage.skipped.malformed += count;
        return;
    };
    if is_service_event(event) || r.event_type.as_deref() == Some("AwsServiceEvent") {
        usage.skipped.service_events += count;
        return;
    }
    let inside = match when {
        When::At => window.contains(first),
        When::Span { .. } => window.overlaps(first, last),
    };
    match inside {
        Some(true) => {}
        Some(false) => {
            usage.skipped.outside_window += count;
            return;
        }
        None => {
            usage.skipped.malformed += count;
            return;
        }
    }
    let caller = match caller_of(r.user_identity.as_ref()) {
        Caller::Principal(a) => a,
        Caller::Root => {
            usage.skipped.root += count;
            return;
        }
        Caller::None(kind) => {
            *usage.skipped.no_caller.entry(kind).or_default() += count;
            return;
        }
    };
    let Some(info) = event_info(service, event) else {
        *usage
            .skipped
            .unmapped
            .entry(format!("{}:{event}", service.prefix()))
            .or_default() += count;
        return;
    };
    let outcome = match r.error_code.as_deref().filter(|c| !c.is_empty()) {
        None => Outcome::Succeeded,
        Some(c) if is_refused(c) => Outcome::Refused(c.to_string()),
        Some(c) => Outcome::Failed(c.to_string()),
    };
    if partition_for_code(region).is_none() {
        usage.skipped.malformed += count;
        return;
    }
    let needs = needs_repository(service, info.actions);
    let Some(target) = target_of(r, info.all_when_unnamed, needs) else {
        usage.skipped.malformed += count;
        return;
    };
    let Ok(repositories) = target.repositories else {
        usage.skipped.no_repository += count;
        return;
    };
    for repository in repositories {
        usage.add(
            Call {
                caller: caller.clone(),
                service,
                event: event.to_string(),
                account: target.account.clone(),
                region: region.to_string(),
                repository,
                outcome: outcome.clone(),
            },
            count,
            first,
            last,
        );
    }
}

/// Whether any of the actions takes a repository ARN.
fn needs_repository(service: TrailService, actions: &[&str]) -> bool {
    use crate::policy::spec::catalog::find_action;
    use crate::policy::spec::public::{PublicResource, find_public_action};
    actions.iter().any(|a| match service {
        TrailService::Private => find_action(a).is_some_and(|id| !id.info().star_only),
        TrailService::Public => {
            find_public_action(a).is_some_and(|p| p.resource == PublicResource::Repository)
        }
    })
}

/// The registry account and the repositories of a call.
struct Target {
    account: String,
    /// `None` entries are registry-wide; `Err` when a repository call names none.
    repositories: Result<Vec<Option<String>>, ()>,
}

fn target_of(r: &Record<'_>, all_when_unnamed: bool, needs_repository: bool) -> Option<Target> {
    let params = r.request_parameters.as_ref();
    let from_arns: Vec<(&str, &str)> = r
        .resources
        .iter()
        .flatten()
        .filter_map(|res| res.arn.as_deref())
        .filter_map(repository_arn_parts)
        .map(|(_, _, account, name)| (account, name))
        .collect();
    // The registry: the request's registryId, else the repository ARN's account, else the
    // account that received the event.
    let account_raw = params
        .and_then(|p| p.registry_id.as_deref())
        .or_else(|| from_arns.first().map(|(a, _)| *a))
        .or(r.recipient_account_id.as_deref())?;
    let account = parse_account(account_raw).ok()?;
    if !needs_repository {
        return Some(Target {
            account,
            repositories: Ok(vec![None]),
        });
    }
    let mut names: Vec<String> = Vec::new();
    if let Some(p) = params {
        names.extend(p.repository_name.iter().map(ToString::to_string));
        names.extend(p.repository_names.iter().flatten().map(ToString::to_string));
    }
    if names.is_empty() {
        names.extend(
            from_arns
                .iter()
                .filter(|(a, _)| *a == account)
                .map(|(_, n)| (*n).to_string()),
        );
    }
    let repositories = if names.is_empty() {
        if all_when_unnamed {
            Ok(vec![Some("*".to_string())])
        } else {
            Err(())
        }
    } else if names.iter().all(|n| validate_repository_name(n).is_ok()) {
        names.sort();
        names.dedup();
        Ok(names.into_iter().map(Some).collect())
    } else {
        Err(())
    };
    Some(Target {
        account,
        repositories,
    })
}

#[cfg(test)]
mod tests;
