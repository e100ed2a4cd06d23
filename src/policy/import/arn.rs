//! One `Resource` value of a statement being imported: a repository ARN the grants can write
//! back exactly, one that never matches anything, or one only kept as written can carry.

use crate::policy::emit::render::repository_arn;
use crate::policy::spec::catalog::{ActionSet, PARTITIONS};
use crate::policy::spec::grants::Grant;
use crate::policy::spec::region::{partition_for_code, resolve_region};
use crate::policy::spec::tags::TagCondition;
use crate::policy::spec::validate::validate_repository_name;

/// The parts of `arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME`; region and account may
/// still be patterns (narrowing resolves them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoArn {
    pub partition: String,
    pub region: String,
    pub account: String,
    pub name: String,
}

impl RepoArn {
    /// The ARN as the grants write it.
    pub fn text(&self) -> String {
        repository_arn(&self.partition, &self.region, &self.account, &self.name)
    }

    /// The grant of these actions on this repository (region and account must be resolved).
    pub fn grant(&self, actions: ActionSet, tags: &[TagCondition]) -> Option<Grant> {
        if self.account.len() != 12 || !self.account.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let region = resolve_region(&self.region, Some(&self.partition)).ok()?;
        (region.code == self.region && region.partition.arn == self.partition).then(|| Grant {
            region,
            account: self.account.clone(),
            repositories: vec![self.name.clone()],
            actions,
            tags: tags.to_vec(),
        })
    }
}

/// What a resource is to the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArnPart {
    /// A repository ARN (region and account may be patterns).
    Repo(RepoArn),
    /// It matches no repository at all; why.
    Never(String),
    /// It matches nothing as written; the ARN it was surely meant to be, and why.
    Corrected(RepoArn, String),
    /// Not understood: only keeping the statement as written is safe; why.
    Unparsed(String),
}

/// Classifies one resource (not `"*"`).
pub fn parse_repo_arn(r: &str) -> ArnPart {
    let parts: Vec<&str> = r.splitn(6, ':').collect();
    let ["arn", partition, service, region, account, resource] = parts[..] else {
        return ArnPart::Unparsed("is not an ARN the grants can write back".to_string());
    };
    if service.contains(['*', '?']) {
        return ArnPart::Unparsed("has a pattern in the service part".to_string());
    }
    if service != "ecr" {
        return ArnPart::Never(format!(
            "it is an ARN of service {service:?}, and ECR actions never apply to it"
        ));
    }
    if partition.contains(['*', '?']) {
        return ArnPart::Unparsed("has a pattern in the partition part".to_string());
    }
    if !PARTITIONS.iter().any(|p| p.arn == partition) {
        return ArnPart::Never(format!("{partition:?} is not an AWS partition"));
    }
    if region.is_empty() {
        return ArnPart::Never("its region is empty".to_string());
    }
    if account.is_empty() {
        return ArnPart::Never("its account is empty".to_string());
    }
    let account_ok = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    if !account_ok && !account.contains(['*', '?']) {
        return ArnPart::Never(format!("{account:?} is not a 12-digit account ID"));
    }
    let name = if resource == "*" {
        "*"
    } else {
        match resource.strip_prefix("repository/") {
            Some(n) if validate_repository_name(n).is_ok() => n,
            _ => {
                return ArnPart::Unparsed(format!(
                    "has the resource {resource:?}, not repository/NAME with a valid name"
                ));
            }
        }
    };
    let arn = RepoArn {
        partition: partition.to_string(),
        region: region.to_string(),
        account: account.to_string(),
        name: name.to_string(),
    };
    if region.contains(['*', '?']) {
        return ArnPart::Repo(arn);
    }
    if region != region.to_ascii_lowercase() {
        return ArnPart::Unparsed(format!("has the region {region:?}, not a region code"));
    }
    match partition_for_code(region) {
        Some(p) if p.arn == partition => {
            if resolve_region(region, Some(partition)).is_ok() {
                ArnPart::Repo(arn)
            } else {
                ArnPart::Unparsed(format!("has the region {region:?}, not a region code"))
            }
        }
        Some(p) => ArnPart::Corrected(
            RepoArn {
                partition: p.arn.to_string(),
                ..arn
            },
            format!("region {region} is in partition {}, not {partition}", p.arn),
        ),
        None => ArnPart::Unparsed(format!("has the region {region:?}, not a region code")),
    }
}
