//! The policy spec (region, account, repositories, actions) and whole-spec validation.

use crate::policy::spec::catalog::{ActionSet, PartitionInfo};
use crate::policy::spec::region::{RegionChoice, resolve_region};
use crate::policy::spec::tags::{TagCondition, normalize_tags, parse_tag};
use crate::policy::spec::validate::{RepoRef, parse_account, parse_repo_input};

pub use crate::policy::spec::error::{Field, FieldError};

/// A complete, validated description of the policy to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub region: RegionChoice,
    /// Exactly 12 digits.
    pub account: String,
    /// Validated names or wildcard patterns, sorted and without duplicates.
    pub repositories: Vec<String>,
    pub actions: ActionSet,
    /// Repository statements only apply to repositories with all these tags; sorted by key.
    pub tags: Vec<TagCondition>,
}

impl Spec {
    /// The ARN partition of every ARN in the policy.
    pub fn partition(&self) -> &'static PartitionInfo {
        self.region.partition
    }
}

/// What a person or a script typed, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecInput {
    pub region: Option<String>,
    pub partition: Option<String>,
    pub account: Option<String>,
    /// Names, wildcard patterns, image URIs or repository ARNs.
    pub repositories: Vec<String>,
    pub actions: ActionSet,
    /// `KEY=VALUE` tag conditions for the repository statements.
    pub tags: Vec<String>,
}

/// Validates every field and cross-checks what pasted URIs and ARNs say; returns all errors at once.
pub fn validate(input: &SpecInput) -> Result<Spec, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut refs: Vec<(String, RepoRef)> = Vec::new();
    for raw in &input.repositories {
        match parse_repo_input(raw) {
            Ok(r) => refs.push((raw.clone(), r)),
            Err(e) => errors.push(e),
        }
    }

    let account = resolve_account(input.account.as_deref(), &refs, &mut errors);
    let region = resolve_spec_region(input, &refs, &mut errors);

    if input.actions.is_empty() {
        errors.push(FieldError::new(
            Field::Action,
            "",
            "none selected: pick a preset (e.g. push-pull-list) or at least one action",
        ));
    }
    let tags = resolve_tags(&input.tags, &mut errors);
    let mut repositories: Vec<String> = refs.into_iter().map(|(_, r)| r.name).collect();
    repositories.sort();
    repositories.dedup();
    if input.repositories.is_empty() && !input.actions.repository_level().is_empty() {
        errors.push(FieldError::new(
            Field::Repository,
            "",
            "none given: the selected actions work on repositories, so name at least one \
             (e.g. my-app, team/* or * for all)",
        ));
    }
    match (region, account) {
        (Some(region), Some(account)) if errors.is_empty() => Ok(Spec {
            region,
            account,
            repositories,
            actions: input.actions,
            tags,
        }),
        _ => Err(errors),
    }
}

fn resolve_tags(raw: &[String], errors: &mut Vec<FieldError>) -> Vec<TagCondition> {
    let mut tags = Vec::new();
    for r in raw {
        match parse_tag(r) {
            Ok(t) => tags.push(t),
            Err(e) => errors.push(e),
        }
    }
    normalize_tags(tags).unwrap_or_else(|e| {
        errors.push(e);
        Vec::new()
    })
}

fn resolve_account(
    given: Option<&str>,
    refs: &[(String, RepoRef)],
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let given = given.map(str::trim).filter(|s| !s.is_empty());
    let mut account = match given.map(parse_account) {
        Some(Ok(a)) => Some((a, "the account given".to_string())),
        Some(Err(e)) => {
            errors.push(e);
            return None;
        }
        None => None,
    };
    for (raw, r) in refs {
        let Some(theirs) = &r.account else { continue };
        match &account {
            Some((ours, source)) if ours != theirs => errors.push(FieldError::new(
                Field::Account,
                theirs,
                format!("from {raw} contradicts {source}, {ours}; a policy covers one account"),
            )),
            Some(_) => {}
            None => account = Some((theirs.clone(), format!("account in {raw}"))),
        }
    }
    if account.is_none() && given.is_none() {
        errors.push(FieldError::new(
            Field::Account,
            "",
            "is missing: give the 12-digit AWS account ID that owns the repositories",
        ));
    }
    account.map(|(a, _)| a)
}

fn resolve_spec_region(
    input: &SpecInput,
    refs: &[(String, RepoRef)],
    errors: &mut Vec<FieldError>,
) -> Option<RegionChoice> {
    let given = input
        .region
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    // A pasted ARN with region `*` (no region, but a partition) stands for every region.
    let from_ref = refs
        .iter()
        .find_map(|(_, r)| r.region.as_deref())
        .or_else(|| {
            refs.iter()
                .any(|(_, r)| r.partition.is_some())
                .then_some("*")
        });
    // For `*`, a partition nobody gave explicitly comes from the pasted URIs and ARNs, not `aws`.
    let partition_for = |code: &str| {
        input
            .partition
            .as_deref()
            .filter(|p| !p.trim().is_empty())
            .or_else(|| {
                (code.trim() == "*")
                    .then(|| refs.iter().find_map(|(_, r)| r.partition))
                    .flatten()
            })
    };
    let chosen = match (given, from_ref) {
        (Some(g), _) => resolve_region(g, partition_for(g)),
        (None, Some(code)) => resolve_region(code, partition_for(code)),
        (None, None) => Err(FieldError::new(
            Field::Region,
            "",
            "is missing: give a region code such as us-east-1, or * for all regions",
        )),
    };
    let region = match chosen {
        Ok(r) => r,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    for (raw, r) in refs {
        if let Some(code) = &r.region
            && !region.is_all()
            && *code != region.code
        {
            errors.push(FieldError::new(
                Field::Region,
                code,
                format!(
                    "from {raw} contradicts region {}; a policy here covers one region (or *)",
                    region.code
                ),
            ));
        }
        if let Some(arn) = r.partition
            && arn != region.partition.arn
        {
            errors.push(FieldError::new(
                Field::Partition,
                arn,
                format!(
                    "from {raw} does not match region {}, which is in partition {}",
                    region.code, region.partition.arn
                ),
            ));
        }
    }
    Some(region)
}

#[cfg(test)]
mod tests;
