//! Values only known when deployed (`${var.region}`, `${AWS::AccountId}`, `!Ref`): the ARN check
//! reasons per segment, so a finding is left out only when it depends on an unknown segment.

use crate::policy::import::sources::UNRESOLVED;

/// Findings that look at the segments of an ARN and skip an unknown one themselves: they are
/// kept even when their value names an ARN with an unknown part.
pub const SEGMENT_AWARE_CODES: [&str; 14] = [
    "partition-unknown",
    "partition-mismatch",
    "region-invalid",
    "region-unknown",
    "region-no-ecr",
    "account-invalid",
    "repository-prefix-missing",
    "repository-name-invalid",
    "image-uri-in-arn",
    "arn-invalid",
    "wildcard-account",
    "wildcard-region-write",
    "wildcard-write",
    "repository-policy-broad",
];

/// Whether a value (or a segment of one) holds a part that is only known when deployed.
pub fn is_unknown(s: &str) -> bool {
    s.contains(UNRESOLVED)
}

/// A repository name with its unknown parts filled by a valid stand-in (`xx`), so the known
/// parts can still be checked (case, characters, separators).
pub(super) fn name_probe(name: &str) -> String {
    name.replace(UNRESOLVED, "xx")
}

/// A name in lowercase, its unknown parts left as they are.
pub(super) fn lower_known(name: &str) -> String {
    name.split(UNRESOLVED)
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join(UNRESOLVED)
}

/// Whether the known start of a resource with an unknown part can still become `repository/…`.
pub(super) fn may_be_repository(resource: &str) -> bool {
    let known = resource.split(UNRESOLVED).next().unwrap_or("");
    "repository/".starts_with(known) || known.starts_with("repository/")
}

/// A finding's text for people: the placeholder shown as the expression it stands for when the
/// policy has only one, as `${…}` otherwise.
pub fn display(text: &str, expressions: &[String]) -> String {
    if !is_unknown(text) {
        return text.to_string();
    }
    let mut distinct = expressions.iter();
    let shown = match (
        distinct.next(),
        expressions.iter().all(|e| Some(e) == expressions.first()),
    ) {
        (Some(only), true) => only.as_str(),
        _ => "${…}",
    };
    text.replace(UNRESOLVED, shown)
}
