//! Checks for a registry policy (`PutRegistryPolicy`, Terraform `aws_ecr_registry_policy`,
//! `CloudFormation` `AWS::ECR::RegistryPolicy`): a `Principal`, ECR actions, and `Resource` on
//! this registry's repository ARNs; which actions ECR enforces there under the registry policy
//! scope V1 and V2; its size.

use serde_json::Value;

use super::check::{CheckFinding, Sink, expand};
use super::repository::{check_with, principal_findings};
use crate::policy::audit::lint::Severity;
use crate::policy::emit::registry_policy::{REGISTRY_POLICY_MAX, V1_ACTIONS};
use crate::policy::import::document::{DocKind, DocStatement, Document};
use crate::policy::import::sources::UNRESOLVED;
use crate::policy::spec::catalog::ActionSet;

/// Which actions ECR enforces in a registry policy: V1 only `ecr:ReplicateImage`,
/// `ecr:BatchImportUpstreamImage` and `ecr:CreateRepository`; V2 (the default for registries
/// since it was introduced) every ECR action, on every ECR request to the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegistryScope {
    V1,
    #[default]
    V2,
}

impl RegistryScope {
    /// As `get-account-setting --name REGISTRY_POLICY_SCOPE` prints it.
    pub fn label(self) -> &'static str {
        match self {
            RegistryScope::V1 => "V1",
            RegistryScope::V2 => "V2",
        }
    }
}

/// Every finding for a registry policy: statement findings in order, then the policy's.
pub(super) fn check_registry(doc: &Document, scope: RegistryScope) -> Vec<CheckFinding> {
    let each = |st: &DocStatement, raw: &Value, sink: &mut Sink<'_>| {
        registry_statement(st, raw, scope, sink);
    };
    let mut out = check_with(doc, DocKind::Registry, &each);
    let mut sink = Sink::new(None);
    place_findings(doc, &mut sink);
    size_finding(doc, &mut sink);
    out.extend(sink.out);
    out
}

/// The words of an action list.
fn words(set: ActionSet) -> String {
    set.iter()
        .map(crate::policy::ActionId::qualified)
        .collect::<Vec<_>>()
        .join(", ")
}

fn registry_statement(st: &DocStatement, raw: &Value, scope: RegistryScope, sink: &mut Sink<'_>) {
    let condition_keys: Vec<String> = match &st.condition {
        Some(Value::Object(ops)) => ops
            .values()
            .filter_map(Value::as_object)
            .flat_map(|keys| keys.keys().map(|k| k.to_ascii_lowercase()))
            .collect(),
        _ => Vec::new(),
    };
    match raw.get("Principal") {
        None if raw.get("NotPrincipal").is_none() => sink.push(
            "registry-principal-missing",
            Severity::Error,
            None,
            "In a registry policy every statement needs a Principal: the account (or role) it \
             allows.",
            "Add \"Principal\": {\"AWS\": \"arn:aws:iam::SOURCE_ACCOUNT:root\"} for replication, \
             or the role that pulls through the cache.",
        ),
        None => {}
        Some(p) => principal_findings(
            p,
            st.is_allow(),
            &condition_keys,
            "the repositories this registry policy covers",
            sink,
        ),
    }
    resource_findings(st, sink);
    let mut ecr = ActionSet::EMPTY;
    for a in st.action.iter().flatten() {
        match expand(a) {
            Some(set) => ecr = ecr.union(set),
            None => sink.push(
                "registry-non-ecr-action",
                Severity::Warning,
                Some(a),
                format!("{a} is not an ECR action; a registry policy only governs ECR."),
                "Remove it; grant other services in their own policies.",
            ),
        }
    }
    let beyond = ecr.difference(ActionSet::of(V1_ACTIONS));
    if beyond.is_empty() || (!st.is_allow() && scope == RegistryScope::V2) {
        return;
    }
    match scope {
        RegistryScope::V1 => sink.push(
            "registry-action-v1",
            Severity::Warning,
            Some(&words(beyond)),
            format!(
                "Under the registry policy scope V1, ECR enforces only ecr:ReplicateImage, \
                 ecr:BatchImportUpstreamImage and ecr:CreateRepository in a registry policy; \
                 these have no effect here (and registries on V1 used to refuse such a \
                 policy): {}.",
                words(beyond)
            ),
            "Grant them in a repository policy or the caller's identity policy, or move the \
             registry to V2: aws ecr put-account-setting --name REGISTRY_POLICY_SCOPE --value V2.",
        ),
        RegistryScope::V2 => {
            sink.push(
                "registry-scope-v2",
                Severity::Info,
                Some(&words(beyond)),
                format!(
                    "Under the registry policy scope V2 (the default), ECR enforces every action \
                     of a registry policy on every request to the repositories its Resource \
                     matches, as a repository policy on each of them would; for this principal \
                     that is: {}.",
                    words(beyond)
                ),
                "Nothing to do if that is meant; on a registry still on V1 (aws ecr \
                 get-account-setting --name REGISTRY_POLICY_SCOPE) they have no effect.",
            );
            let star = beyond.star_only();
            let on_arns = st.resource.iter().flatten().all(|r| r.starts_with("arn:"));
            if !star.is_empty() && on_arns && st.resource.is_some() {
                sink.push(
                    "registry-star-only-action",
                    Severity::Warning,
                    Some(&words(star)),
                    format!(
                        "Actions without a resource type only work on \"*\", so on repository \
                         ARNs these never apply: {}.",
                        words(star)
                    ),
                    "Grant them in the caller's identity policy on \"*\" (login always needs \
                     one), or add \"*\" to this statement's Resource if the registry should \
                     allow them.",
                );
            }
        }
    }
}

/// `Resource` is required, and holds this registry's repository ARNs (or `"*"`).
fn resource_findings(st: &DocStatement, sink: &mut Sink<'_>) {
    if st.resource.is_none() && st.not_resource.is_none() {
        sink.push(
            "registry-resource-missing",
            Severity::Error,
            None,
            "A registry policy statement needs Resource: the repositories of this registry it \
             covers. (Unlike a repository policy, nothing is implied.)",
            "Add \"Resource\": \"arn:aws:ecr:REGION:ACCOUNT:repository/*\" (or a prefix such as \
             repository/docker-hub/*).",
        );
    }
    for r in st.resource.iter().flatten() {
        if r == "*" || r.contains(UNRESOLVED) {
            continue;
        }
        let parts: Vec<&str> = r.splitn(6, ':').collect();
        let ecr_repository = matches!(
            parts.as_slice(),
            ["arn", _, "ecr", _, _, rest] if rest.starts_with("repository/")
        );
        if !ecr_repository {
            sink.push(
                "registry-resource-invalid",
                Severity::Error,
                Some(r),
                "A registry policy's Resource is a repository ARN of this registry; this never \
                 matches an ECR request.",
                "Write arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME (or repository/* for \
                 every repository).",
            );
        }
    }
}

/// A registry policy governs its own registry: ARNs in another partition, account or region than
/// the policy's others can never apply.
fn place_findings(doc: &Document, sink: &mut Sink<'_>) {
    let arns: Vec<(usize, &str, [&str; 3])> = doc
        .statements
        .iter()
        .flat_map(|st| st.resource.iter().flatten().map(move |r| (st.index, r)))
        .filter(|(_, r)| !r.contains(UNRESOLVED))
        .filter_map(|(i, r)| {
            let parts: Vec<&str> = r.splitn(6, ':').collect();
            match parts.as_slice() {
                ["arn", partition, "ecr", region, account, _] => {
                    Some((i, r.as_str(), [*partition, *account, *region]))
                }
                _ => None,
            }
        })
        .collect();
    let Some((_, first, home)) = arns.first() else {
        return;
    };
    let names = ["partition", "account", "region"];
    for (i, r, place) in &arns[1..] {
        let Some(k) = (0..3).find(|&k| {
            let (a, b) = (place[k], home[k]);
            a != b && !a.contains(['*', '?']) && !b.contains(['*', '?'])
        }) else {
            continue;
        };
        let mut finding = Sink::new(None);
        finding.push(
            "registry-resource-elsewhere",
            Severity::Warning,
            Some(r),
            format!(
                "This {} is {}, the policy's first repository ARN ({first}) {}: a registry \
                 policy is set on one registry in one region and governs only its repositories, \
                 so one of them never applies.",
                names[k], place[k], home[k]
            ),
            "Set a registry policy in each registry (account and region) with its own ARNs.",
        );
        for mut f in finding.out {
            f.statement = Some(*i);
            f.sid = doc
                .statements
                .get(*i)
                .and_then(|s| s.sid_text().map(String::from));
            sink.out.push(f);
        }
    }
}

/// `PutRegistryPolicy` takes a `policyText` of at most 10,240 characters, judged on the compact
/// text (the smallest it can be sent as).
fn size_finding(doc: &Document, sink: &mut Sink<'_>) {
    let Ok(text) = serde_json::to_string(&doc.value) else {
        return;
    };
    let size = text.chars().count();
    if size > REGISTRY_POLICY_MAX {
        sink.push(
            "registry-policy-size",
            Severity::Error,
            Some(&size.to_string()),
            format!(
                "The registry policy has {size} characters even without spaces; ECR takes at \
                 most {REGISTRY_POLICY_MAX} and refuses it."
            ),
            "Merge statements with the same principal and use repository patterns (repository/\
             team/*) instead of listing repositories.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::audit::check::{CheckContext, check_text_with};

    fn codes(text: &str, scope: RegistryScope) -> Vec<&'static str> {
        let ctx = CheckContext {
            kind: Some(DocKind::Registry),
            scope,
            repository: None,
        };
        check_text_with(text, &ctx)
            .unwrap()
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    const CACHE: &str = r#"{"Version": "2012-10-17", "Statement": [{
        "Sid": "PullThroughCacheFromReadOnlyRole", "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:user/ecr-pull-through-cache-user"},
        "Action": ["ecr:CreateRepository", "ecr:BatchImportUpstreamImage"],
        "Resource": "arn:aws:ecr:us-east-1:111122223333:repository/ecr-public/*"}]}"#;

    #[test]
    fn aws_examples_are_clean_under_both_scopes() {
        for scope in [RegistryScope::V1, RegistryScope::V2] {
            assert!(codes(CACHE, scope).is_empty(), "{scope:?}");
        }
    }

    #[test]
    fn actions_beyond_the_three_are_said_per_scope() {
        let pull = CACHE.replace(
            r#""ecr:BatchImportUpstreamImage"]"#,
            r#""ecr:BatchImportUpstreamImage", "ecr:BatchGetImage"]"#,
        );
        assert_eq!(codes(&pull, RegistryScope::V1), ["registry-action-v1"]);
        assert_eq!(codes(&pull, RegistryScope::V2), ["registry-scope-v2"]);
        let wild = CACHE.replace(r#""ecr:CreateRepository", "#, r#""ecr:*", "#);
        assert_eq!(
            codes(&wild, RegistryScope::V2),
            ["registry-scope-v2", "registry-star-only-action"]
        );
        let other = CACHE.replace(r#""ecr:CreateRepository", "#, r#""s3:GetObject", "#);
        assert_eq!(
            codes(&other, RegistryScope::V1),
            ["registry-non-ecr-action"]
        );
    }

    #[test]
    fn resource_is_required_and_must_be_this_registrys_repositories() {
        let none = CACHE.replace(
            r#",
        "Resource": "arn:aws:ecr:us-east-1:111122223333:repository/ecr-public/*""#,
            "",
        );
        assert_eq!(
            codes(&none, RegistryScope::V2),
            ["registry-resource-missing"]
        );
        let bucket = CACHE.replace(
            "arn:aws:ecr:us-east-1:111122223333:repository/ecr-public/*",
            "arn:aws:s3:::bucket/*",
        );
        assert_eq!(
            codes(&bucket, RegistryScope::V2),
            ["registry-resource-invalid"]
        );
        let two = CACHE.replace(
            r#""arn:aws:ecr:us-east-1:111122223333:repository/ecr-public/*""#,
            r#"["arn:aws:ecr:us-east-1:111122223333:repository/ecr-public/*",
                "arn:aws:ecr:us-east-1:444455556666:repository/quay/*"]"#,
        );
        assert_eq!(
            codes(&two, RegistryScope::V2),
            ["registry-resource-elsewhere"]
        );
        let regions = two.replace("us-east-1:444455556666", "eu-west-1:111122223333");
        assert_eq!(
            codes(&regions, RegistryScope::V2),
            ["registry-resource-elsewhere"]
        );
        let any_region = two.replace("us-east-1:444455556666", "*:111122223333");
        assert!(codes(&any_region, RegistryScope::V2).is_empty());
    }

    #[test]
    fn principals_sids_and_size() {
        let missing = CACHE.replace(
            r#""Principal": {"AWS": "arn:aws:iam::111122223333:user/ecr-pull-through-cache-user"},"#,
            "",
        );
        assert_eq!(
            codes(&missing, RegistryScope::V2),
            ["registry-principal-missing"]
        );
        let open = CACHE.replace(
            r#"{"AWS": "arn:aws:iam::111122223333:user/ecr-pull-through-cache-user"}"#,
            r#""*""#,
        );
        assert_eq!(codes(&open, RegistryScope::V2), ["repo-open-principal"]);
        // A Sid with spaces: IAM's A-Za-z0-9 rule is IAM's, not ECR's.
        let spaced = CACHE.replace("PullThroughCacheFromReadOnlyRole", "pull through cache");
        assert!(codes(&spaced, RegistryScope::V2).is_empty());
        let many: Vec<String> = (0..400)
            .map(|i| format!("\"arn:aws:ecr:us-east-1:111122223333:repository/team-{i:03}/*\""))
            .collect();
        let big = CACHE.replace(
            r#""arn:aws:ecr:us-east-1:111122223333:repository/ecr-public/*""#,
            &format!("[{}]", many.join(",")),
        );
        assert_eq!(codes(&big, RegistryScope::V2), ["registry-policy-size"]);
    }

    #[test]
    fn every_code_is_in_the_sarif_rules_table() {
        let cases = [
            CACHE.replace(r#""ecr:CreateRepository", "#, r#""ecr:*", "s3:GetObject", "#),
            CACHE.replace("arn:aws:ecr:us-east-1:111122223333:repository/ecr-public/*", "x"),
            CACHE.replace(r#""Principal": {"AWS": "arn:aws:iam::111122223333:user/ecr-pull-through-cache-user"},"#, ""),
        ];
        let mut seen = Vec::new();
        for text in &cases {
            for scope in [RegistryScope::V1, RegistryScope::V2] {
                seen.extend(codes(text, scope));
            }
        }
        seen.extend([
            "registry-resource-missing",
            "registry-resource-elsewhere",
            "registry-policy-size",
            "repo-resource-other-repository",
        ]);
        for code in seen {
            assert!(
                crate::policy::audit::sarif::RULES
                    .iter()
                    .any(|(id, _, _)| *id == code),
                "{code} is not in the SARIF rules table"
            );
        }
    }
}
