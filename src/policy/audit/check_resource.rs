//! The resource side of the policy check: ECR ARNs (partition, region, account, repository),
//! image URIs where an ARN belongs, and actions on the wrong kind of resource.

use super::breadth::breadth_findings;
use super::check_action::names;
use super::unknown::{is_unknown, lower_known, may_be_repository, name_probe};
use crate::policy::audit::check::Sink;
use crate::policy::audit::lint::{Severity, wildcard_matches};
use crate::policy::emit::render::repository_arn;
use crate::policy::import::document::{DocStatement, unlike_as_written};
use crate::policy::spec::catalog::{ActionId, ActionSet, PARTITIONS};
use crate::policy::spec::region::{find_region, partition_for_code};
use crate::policy::spec::validate::{is_wildcard, parse_repo_input, validate_repository_name};

/// The ECR actions a statement names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatementScope {
    /// Named one by one.
    pub explicit: ActionSet,
    /// Reached through a wildcard (`ecr:Get*`, `ecr:*`, `*`) or Allow with `NotAction`.
    pub wildcard: ActionSet,
}

impl StatementScope {
    fn all(self) -> ActionSet {
        self.explicit.union(self.wildcard)
    }
}

const ARN_SHAPE: &str = "arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME";

/// Checks every resource of a statement that grants or denies ECR actions.
pub(super) fn resource_findings(st: &DocStatement, scope: &StatementScope, sink: &mut Sink<'_>) {
    if scope.all().is_empty() {
        return;
    }
    let Some(resources) = &st.resource else {
        return;
    };
    let allow = st.is_allow();
    let on_star = resources.iter().any(|r| r == "*");
    let star_only = scope.explicit.star_only();
    if !on_star && !resources.is_empty() && !star_only.is_empty() {
        let list: Vec<String> = star_only.iter().map(ActionId::qualified).collect();
        sink.push(
            "star-only-on-arn",
            if allow {
                Severity::Error
            } else {
                Severity::Warning
            },
            Some(&names(star_only)),
            format!(
                "{} {} no resource type: on repository ARNs {} never {} (AWS reports \
                 \"not authorized … on resource: *\").",
                names(star_only),
                if star_only.len() == 1 {
                    "supports"
                } else {
                    "support"
                },
                if star_only.len() == 1 { "it" } else { "they" },
                if star_only.len() == 1 {
                    "applies"
                } else {
                    "apply"
                },
            ),
            format!(
                "Move {} into a separate statement with \"Resource\": \"*\".",
                list.join(", ")
            ),
        );
    }
    breadth_findings(st, scope.all(), sink);
    // A padded resource is reported once, as written (`value-padded`).
    for r in resources
        .iter()
        .filter(|r| *r != "*" && unlike_as_written(r).is_none())
    {
        if r.starts_with("arn:") {
            arn_findings(r, sink);
        } else if is_unknown(r) && !r.to_ascii_lowercase().contains(".dkr.ecr") {
            // `${aws_ecr_repository.x.arn}`, `!GetAtt Repo.Arn`: known when deployed.
        } else if r.to_ascii_lowercase().contains(".dkr.ecr") {
            sink.push(
                "image-uri-as-resource",
                Severity::Error,
                Some(r),
                "This is an image URI, not an ARN: it never matches a repository.",
                uri_fix(r, None),
            );
        } else {
            sink.push(
                "resource-invalid",
                Severity::Error,
                Some(r),
                "A resource is an ARN or \"*\"; this matches nothing.",
                format!("Use {ARN_SHAPE}."),
            );
        }
    }
}

/// The proper ARN for an image URI, or the shape when the URI does not parse.
fn uri_fix(uri: &str, partition: Option<&str>) -> String {
    match parse_repo_input(uri) {
        Ok(rr) => match (rr.partition.or(partition), rr.region, rr.account) {
            (Some(p), Some(region), Some(account)) => format!(
                "Use the repository ARN: {}",
                repository_arn(p, &region, &account, &rr.name)
            ),
            _ => format!("Use {ARN_SHAPE} with only the repository name after repository/."),
        },
        Err(e) => format!("Use {ARN_SHAPE} with only the repository name after repository/ ({e})."),
    }
}

/// One `arn:…` resource.
fn arn_findings(arn: &str, sink: &mut Sink<'_>) {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, partition, service, region, account, resource] = parts[..] else {
        // An unknown part may hold the missing segments (`arn:aws:ecr:${local.where}:repository/x`).
        if is_unknown(arn) {
            return;
        }
        sink.push(
            "arn-invalid",
            Severity::Error,
            Some(arn),
            "This is not a complete ARN, so it matches nothing.",
            format!("Use {ARN_SHAPE}."),
        );
        return;
    };
    if is_unknown(service) {
        return;
    }
    if service != "ecr" {
        let (code, sev, msg) = if service.eq_ignore_ascii_case("ecr") {
            (
                "arn-invalid",
                Severity::Error,
                "ARNs are case-sensitive: the service is written ecr.".to_string(),
            )
        } else {
            (
                "resource-other-service",
                Severity::Warning,
                format!("This is an ARN of service {service:?}: ECR actions never apply to it."),
            )
        };
        sink.push(
            code,
            sev,
            Some(arn),
            msg,
            format!("Use {ARN_SHAPE} for ECR actions; put other services' actions in their own statement."),
        );
        return;
    }
    let a = Arn {
        text: arn,
        partition,
        region,
        account,
        resource,
    };
    // Each check below reads only its own segments and is skipped when one of them is unknown.
    // The partition the region needs, when the region is a plain code.
    let region_partition = (!region.is_empty() && !is_wildcard(region) && !is_unknown(region))
        .then(|| partition_for_code(region))
        .flatten();
    let known_partition = PARTITIONS.iter().any(|p| p.arn == partition);
    if !known_partition && !is_wildcard(partition) && !is_unknown(partition) {
        let names: Vec<&str> = PARTITIONS.iter().map(|p| p.arn).collect();
        let fix = match region_partition {
            Some(_) => format!("Use {}", a.fixed()),
            None => format!("Use one of {}.", names.join(", ")),
        };
        sink.push(
            "partition-unknown",
            Severity::Error,
            Some(arn),
            format!("{partition:?} is not an AWS partition, so the ARN matches nothing."),
            fix,
        );
    }
    if !is_unknown(region) {
        region_findings(&a, known_partition, sink);
    }
    if !is_unknown(account) {
        account_findings(&a, sink);
    }
    repository_findings(&a, sink);
}

/// The parts of an `arn:…:ecr:…` resource.
struct Arn<'a> {
    text: &'a str,
    partition: &'a str,
    region: &'a str,
    account: &'a str,
    resource: &'a str,
}

impl Arn<'_> {
    /// The one ARN this was surely meant to be, every part fixed together: the partition of its
    /// region, a region code (`*` when none can be read), the 12 account digits, `repository/`
    /// before the name, the name in lowercase.
    fn fixed(&self) -> String {
        let region = if is_wildcard(self.region)
            || is_unknown(self.region)
            || (!self.region.is_empty() && partition_for_code(self.region).is_some())
        {
            self.region
        } else {
            "*"
        };
        let partition = if is_unknown(region) || is_unknown(self.partition) {
            self.partition
        } else if is_wildcard(region) {
            PARTITIONS
                .iter()
                .find(|p| p.arn == self.partition)
                .map_or("aws", |p| p.arn)
        } else {
            partition_for_code(region).map_or("aws", |p| p.arn)
        };
        let digits: String = self.account.chars().filter(char::is_ascii_digit).collect();
        let account = if is_wildcard(self.account) || is_unknown(self.account) {
            self.account.to_string()
        } else if digits.len() == 12 {
            digits
        } else {
            "{12-digit account ID}".to_string()
        };
        let resource = if self.resource == "*" {
            "*".to_string()
        } else {
            let name = self
                .resource
                .strip_prefix("repository/")
                .unwrap_or(self.resource);
            let lower = lower_known(name);
            let name = if validate_repository_name(&name_probe(&lower)).is_ok() {
                lower
            } else {
                name.to_string()
            };
            format!("repository/{name}")
        };
        format!("arn:{partition}:ecr:{region}:{account}:{resource}")
    }
}

fn region_findings(a: &Arn<'_>, known_partition: bool, sink: &mut Sink<'_>) {
    let (arn, partition, region) = (a.text, a.partition, a.region);
    if is_wildcard(region) {
        return;
    }
    let Some(rp) = (!region.is_empty())
        .then(|| partition_for_code(region))
        .flatten()
    else {
        sink.push(
            "region-invalid",
            Severity::Error,
            Some(arn),
            if region.is_empty() {
                "The ARN has no region, so it matches nothing; ECR repository ARNs name the \
                 region, like us-east-1."
                    .to_string()
            } else {
                format!(
                    "{region:?} is not a region code; ECR repository ARNs name the region, \
                     like us-east-1."
                )
            },
            format!(
                "Use a region code (ecr-policy regions lists them), or * for every region: {}",
                a.fixed()
            ),
        );
        return;
    };
    if known_partition && rp.arn != partition {
        sink.push(
            "partition-mismatch",
            Severity::Error,
            Some(arn),
            format!(
                "Region {region} is in partition {}, but the ARN says {partition}: it never \
                 matches a repository.",
                rp.arn
            ),
            format!("Use {}", a.fixed()),
        );
    }
    match find_region(region) {
        None => sink.push(
            "region-unknown",
            Severity::Warning,
            Some(region),
            format!(
                "{region} is not in this tool's region list (it may be newer); its partition \
                 would be {}.",
                rp.arn
            ),
            "Check the region code (ecr-policy regions lists the known ones).",
        ),
        Some((_, r)) if !r.ecr => sink.push(
            "region-no-ecr",
            Severity::Warning,
            Some(region),
            format!(
                "ECR is not listed for {} ({}) in AWS's endpoint data; the statement may have \
                 nothing to act on there.",
                r.code, r.name
            ),
            "Check the region code.",
        ),
        Some(_) => {}
    }
}

fn account_findings(a: &Arn<'_>, sink: &mut Sink<'_>) {
    let (arn, account) = (a.text, a.account);
    let digits_or_wild = account
        .chars()
        .all(|c| c.is_ascii_digit() || c == '*' || c == '?');
    if digits_or_wild && (is_wildcard(account) || account.len() == 12) {
        return;
    }
    let digits: String = account.chars().filter(char::is_ascii_digit).collect();
    let fix = if digits.len() == 12 {
        format!("Use {}", a.fixed())
    } else {
        format!(
            "Use {}, with the 12-digit account ID that owns the repository (keep leading zeros).",
            a.fixed()
        )
    };
    let message = if account.is_empty() {
        "The ARN has no account, so it matches nothing.".to_string()
    } else {
        format!("{account:?} is not an account ID (exactly 12 digits), so the ARN matches nothing.")
    };
    sink.push("account-invalid", Severity::Error, Some(arn), message, fix);
}

fn repository_findings(a: &Arn<'_>, sink: &mut Sink<'_>) {
    let (arn, partition, resource) = (a.text, a.partition, a.resource);
    if resource.to_ascii_lowercase().contains(".dkr.ecr") {
        let uri = resource.strip_prefix("repository/").unwrap_or(resource);
        let p = PARTITIONS
            .iter()
            .find(|p| p.arn == partition)
            .map(|p| p.arn);
        sink.push(
            "image-uri-in-arn",
            Severity::Error,
            Some(arn),
            "The ARN holds an image URI where the repository name belongs: it never matches.",
            uri_fix(uri, p),
        );
        return;
    }
    let Some(name) = resource.strip_prefix("repository/") else {
        // `*` (or `repo*`) still matches repository/…; `myrepo/*` never does.
        if is_wildcard(resource) && wildcard_matches(resource, "repository/a") {
            return;
        }
        if is_unknown(resource) && may_be_repository(resource) {
            return;
        }
        sink.push(
            "repository-prefix-missing",
            Severity::Error,
            Some(arn),
            "ECR ARNs name the resource as repository/NAME; without repository/ this matches \
             nothing.",
            format!("Use {}", a.fixed()),
        );
        return;
    };
    // Unknown parts of the name are filled with a valid stand-in: the known parts are checked.
    if let Err(e) = validate_repository_name(&name_probe(name)) {
        let lower = lower_known(name);
        let fix = if lower != name && validate_repository_name(&name_probe(&lower)).is_ok() {
            format!("Use {}", a.fixed())
        } else {
            "Use the repository's exact name: lowercase a-z, 0-9 and . _ - /, 2 to 256 \
             characters (* and ? in a pattern)."
                .to_string()
        };
        sink.push(
            "repository-name-invalid",
            Severity::Error,
            Some(arn),
            format!("The repository name {}.", e.message.trim_end_matches('.')),
            fix,
        );
    }
}
