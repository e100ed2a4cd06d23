//! The registry policy: the registry account's half of cross-account replication (the source
//! account may replicate into these repositories) and of a cross-account pull-through cache
//! (another account may create the cache repositories and import into them). `Principal`,
//! `Action` and `Resource` on this registry's repository ARNs, as AWS's private registry policy
//! examples write it; one policy per registry and region.

use std::borrow::Cow;

use super::render::{Json, JsonStyle, POLICY_VERSION, json_text, repository_arn};
use super::repository_policy::{StatementPrincipal, root_arn};
use crate::policy::spec::catalog::{ActionId, ActionSet};
use crate::policy::spec::error::{Field, FieldError};
use crate::policy::spec::principal::Principal;

/// The most characters `PutRegistryPolicy` takes in `policyText`.
pub const REGISTRY_POLICY_MAX: usize = 10_240;

/// The actions ECR enforces in a registry policy under the registry policy scope V1; under V2
/// (the default) every ECR action in it is enforced.
pub const V1_ACTIONS: &[&str] = &[
    "ReplicateImage",
    "BatchImportUpstreamImage",
    "CreateRepository",
];

/// What replication writes: the right to replicate, and to create the destination repository
/// when it does not exist yet.
const REPLICATION: &[&str] = &["CreateRepository", "ReplicateImage"];
/// What a pull through the cache needs at the registry level: create the cache repository and
/// import the upstream image.
const CACHE_IMPORT: &[&str] = &["BatchImportUpstreamImage", "CreateRepository"];
/// Pulling the cached images across accounts (enforced only under scope V2).
const CACHE_PULL: &[&str] = &[
    "BatchCheckLayerAvailability",
    "BatchGetImage",
    "GetDownloadUrlForLayer",
];

/// What a registry policy is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistryPurpose {
    /// Another account replicates its repositories into this registry.
    Replication,
    /// Another account pulls through this registry's pull-through cache rules.
    PullThroughCache,
}

impl RegistryPurpose {
    /// The purpose of a selection: `ecr:ReplicateImage` is replication, and
    /// `ecr:BatchImportUpstreamImage` a pull-through cache. Neither, or both, is refused with
    /// the reason.
    pub fn of(actions: ActionSet) -> Result<RegistryPurpose, FieldError> {
        let replicate = actions.contains_any(ActionSet::of(&["ReplicateImage"]));
        let import = actions.contains_any(ActionSet::of(&["BatchImportUpstreamImage"]));
        match (replicate, import) {
            (true, false) => Ok(RegistryPurpose::Replication),
            (false, true) => Ok(RegistryPurpose::PullThroughCache),
            (true, true) => Err(FieldError::new(
                Field::Action,
                "ecr:ReplicateImage",
                "and ecr:BatchImportUpstreamImage are two purposes: write the registry policy for \
                 replication (--preset replication) and the one for the pull-through cache \
                 (--preset pull-through-cache) separately, then put both sets of statements in \
                 the registry's one policy",
            )),
            (false, false) => Err(FieldError::new(
                Field::Action,
                "",
                "has nothing for a registry policy: it is written for cross-account replication \
                 (--preset replication) or a cross-account pull-through cache (--preset \
                 pull-through-cache --cache-prefix PREFIX); pulls and pushes of existing \
                 repositories go in a repository policy (--document repository)",
            )),
        }
    }

    /// In plain words.
    pub fn label(self) -> &'static str {
        match self {
            RegistryPurpose::Replication => "replication",
            RegistryPurpose::PullThroughCache => "the pull-through cache",
        }
    }
}

/// Where the registry policy is set and what it covers.
#[derive(Debug, Clone, Copy)]
pub struct RegistryTarget<'a> {
    /// ARN partition of the registry, e.g. `aws`.
    pub partition: &'a str,
    /// The registry's region code (or `*`).
    pub region: &'a str,
    /// The registry account, which sets the policy.
    pub account: &'a str,
    /// Repository names or patterns; empty means every repository (`repository/*`).
    pub repositories: &'a [String],
    /// The actions selected.
    pub actions: ActionSet,
}

/// A statement's condition: `(operator, key, value)`.
pub type Condition = (&'static str, &'static str, String);

/// One `Allow` statement of a registry policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryStatement {
    pub sid: &'static str,
    pub principal: StatementPrincipal,
    /// In catalog order.
    pub actions: Vec<ActionId>,
    /// Repository ARNs of this registry.
    pub resources: Vec<String>,
    /// E.g. `("StringEquals", "aws:PrincipalOrgID", "o-…")`.
    pub condition: Option<Condition>,
}

/// A registry policy before it becomes text, with what the selection held that it does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryPolicy {
    pub purpose: RegistryPurpose,
    pub statements: Vec<RegistryStatement>,
    /// Selected actions that have no place in this registry policy (login, pushes, …): they
    /// stay in the identity policy.
    pub left_out: ActionSet,
}

impl RegistryPolicy {
    /// Every action the policy grants.
    pub fn granted(&self) -> ActionSet {
        self.statements
            .iter()
            .flat_map(|s| s.actions.iter().copied())
            .collect()
    }

    /// The granted actions ECR enforces only under the registry policy scope V2 (the default);
    /// a registry still on V1 ignores them (or, as older registries did, refuses the policy).
    pub fn needs_scope_v2(&self) -> ActionSet {
        self.granted().difference(ActionSet::of(V1_ACTIONS))
    }
}

/// The repository ARNs of the target: each name or pattern, or every repository.
fn resources(target: RegistryTarget<'_>) -> Vec<String> {
    let arn = |name: &str| repository_arn(target.partition, target.region, target.account, name);
    if target.repositories.is_empty() {
        vec![arn("*")]
    } else {
        let mut out: Vec<String> = target.repositories.iter().map(|r| arn(r)).collect();
        out.sort();
        out.dedup();
        out
    }
}

/// Who a statement allows, with its limiting condition; a service has no place here.
fn statement_principal(
    purpose: RegistryPurpose,
    partition: &str,
    principal: &Principal,
) -> Result<(StatementPrincipal, Option<Condition>), FieldError> {
    let refuse = |value: &str, why: &str| Err(FieldError::new(Field::Principal, value, why));
    match (purpose, principal) {
        (_, Principal::Account(a)) => Ok((StatementPrincipal::Aws(root_arn(partition, a)), None)),
        (RegistryPurpose::Replication, Principal::Arn { arn, account, .. }) => refuse(
            arn,
            &format!(
                "is a role or user; replication is requested by the source registry itself (its \
                 service-linked role AWSServiceRoleForECRReplication), so the registry policy \
                 names the source account: give --principal {account}"
            ),
        ),
        (RegistryPurpose::Replication, Principal::Organization(o)) => refuse(
            o,
            "cannot replicate: replication comes from one source registry, so the registry \
             policy names that source account (--principal ACCOUNT_ID)",
        ),
        (_, Principal::Service { service, .. }) => refuse(
            service.principal,
            "is an AWS service; a registry policy allows accounts, roles and users (the source \
             account for replication, whoever pulls through the cache)",
        ),
        (RegistryPurpose::PullThroughCache, Principal::Arn { arn, .. }) => {
            Ok((StatementPrincipal::Aws(arn.clone()), None))
        }
        (RegistryPurpose::PullThroughCache, Principal::Organization(org)) => Ok((
            StatementPrincipal::Anyone,
            Some(("StringEquals", "aws:PrincipalOrgID", org.clone())),
        )),
    }
}

/// Builds the registry policy that lets `principal` replicate into, or pull through the cache
/// of, the target registry.
pub fn build_registry_policy(
    target: RegistryTarget<'_>,
    principal: &Principal,
) -> Result<RegistryPolicy, FieldError> {
    let purpose = RegistryPurpose::of(target.actions)?;
    let (who, condition) = statement_principal(purpose, target.partition, principal)?;
    let resources = resources(target);
    let statement = |sid, set: ActionSet| RegistryStatement {
        sid,
        principal: who.clone(),
        actions: set.iter().collect(),
        resources: resources.clone(),
        condition: condition.clone(),
    };
    let mut statements = Vec::new();
    match purpose {
        RegistryPurpose::Replication => {
            let set = target.actions.intersection(ActionSet::of(REPLICATION));
            statements.push(statement("ReplicationAccessCrossAccount", set));
        }
        RegistryPurpose::PullThroughCache => {
            let import = target.actions.intersection(ActionSet::of(CACHE_IMPORT));
            statements.push(statement("PullThroughCacheCreateAndImport", import));
            let pull = target.actions.intersection(ActionSet::of(CACHE_PULL));
            if !pull.is_empty() {
                statements.push(statement("PullCachedImages", pull));
            }
        }
    }
    let granted: ActionSet = statements
        .iter()
        .flat_map(|s| s.actions.iter().copied())
        .collect();
    Ok(RegistryPolicy {
        purpose,
        statements,
        left_out: target.actions.difference(granted),
    })
}

/// The registry policy as a JSON tree, keys in AWS's example order.
pub(crate) fn registry_policy_tree(policy: &RegistryPolicy) -> Json {
    let statements = policy
        .statements
        .iter()
        .map(|s| {
            let principal = match &s.principal {
                StatementPrincipal::Aws(arn) => {
                    Json::Obj(vec![(Cow::from("AWS"), Json::Str(arn.clone()))])
                }
                StatementPrincipal::Service(name) => {
                    Json::Obj(vec![(Cow::from("Service"), Json::Str((*name).to_string()))])
                }
                StatementPrincipal::Anyone => Json::Str("*".to_string()),
            };
            let resource = match s.resources.as_slice() {
                [one] => Json::Str(one.clone()),
                many => Json::Arr(many.iter().cloned().map(Json::Str).collect()),
            };
            let mut fields = vec![
                (Cow::from("Sid"), Json::Str(s.sid.to_string())),
                (Cow::from("Effect"), Json::Str("Allow".to_string())),
                (Cow::from("Principal"), principal),
                (
                    Cow::from("Action"),
                    Json::Arr(s.actions.iter().map(|a| Json::Str(a.qualified())).collect()),
                ),
                (Cow::from("Resource"), resource),
            ];
            if let Some((op, key, value)) = &s.condition {
                fields.push((
                    Cow::from("Condition"),
                    Json::Obj(vec![(
                        Cow::from(*op),
                        Json::Obj(vec![(Cow::from(*key), Json::Str(value.clone()))]),
                    )]),
                ));
            }
            Json::Obj(fields)
        })
        .collect();
    Json::Obj(vec![
        (Cow::from("Version"), Json::Str(POLICY_VERSION.to_string())),
        (Cow::from("Statement"), Json::Arr(statements)),
    ])
}

/// The registry policy as JSON text.
pub fn render_registry_policy(policy: &RegistryPolicy, style: JsonStyle) -> String {
    json_text(&registry_policy_tree(policy), style)
}

/// Refuses a policy longer than `PutRegistryPolicy` takes (counted on the compact text, as the
/// AWS CLI format sends it).
pub fn check_registry_policy_size(policy: &RegistryPolicy) -> Result<usize, FieldError> {
    let size = render_registry_policy(policy, JsonStyle::Compact)
        .chars()
        .count();
    if size > REGISTRY_POLICY_MAX {
        return Err(FieldError::new(
            Field::Repository,
            "",
            format!(
                "make a registry policy of {size} characters; ECR takes at most \
                 {REGISTRY_POLICY_MAX}: name fewer repositories (a pattern such as team/* \
                 covers many)"
            ),
        ));
    }
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::audit::check::check_text_as;
    use crate::policy::audit::lint::Severity;
    use crate::policy::import::document::DocKind;
    use crate::policy::spec::principal::parse_principal;

    fn target<'a>(repos: &'a [String], actions: &[&str]) -> RegistryTarget<'a> {
        RegistryTarget {
            partition: "aws",
            region: "us-west-2",
            account: "444455556666",
            repositories: repos,
            actions: ActionSet::of(actions),
        }
    }

    fn json(policy: &RegistryPolicy) -> serde_json::Value {
        serde_json::from_str(&render_registry_policy(policy, JsonStyle::Pretty)).unwrap()
    }

    #[test]
    fn replication_is_aws_example_for_the_source_account() {
        // AWS's "Allow the root user of a source account to replicate all repositories".
        let source = parse_principal("111122223333").unwrap();
        let p = build_registry_policy(
            target(&[], &["ReplicateImage", "CreateRepository"]),
            &source,
        )
        .unwrap();
        let want: serde_json::Value = serde_json::from_str(
            r#"{"Version": "2012-10-17", "Statement": [{
                "Sid": "ReplicationAccessCrossAccount", "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
                "Resource": "arn:aws:ecr:us-west-2:444455556666:repository/*"}]}"#,
        )
        .unwrap();
        assert_eq!(json(&p), want);
        assert!(p.needs_scope_v2().is_empty());
        // Without CreateRepository the destination repositories must exist (AWS: optional).
        let only = build_registry_policy(target(&[], &["ReplicateImage"]), &source).unwrap();
        assert_eq!(only.granted(), ActionSet::of(&["ReplicateImage"]));
    }

    #[test]
    fn replication_names_an_account_never_a_role_an_organisation_or_a_service() {
        let repos = vec!["web".to_string()];
        for (who, want) in [
            (
                "arn:aws:iam::111122223333:role/ci",
                "--principal 111122223333",
            ),
            ("lambda.amazonaws.com", "AWS service"),
        ] {
            let p = parse_principal(who).unwrap();
            let e = build_registry_policy(target(&repos, &["ReplicateImage"]), &p).unwrap_err();
            assert!(e.message.contains(want), "{who}: {e}");
        }
        let org = Principal::Organization("o-a1b2c3d4e5".to_string());
        assert!(build_registry_policy(target(&repos, &["ReplicateImage"]), &org).is_err());
    }

    #[test]
    fn the_cache_creates_and_imports_on_its_prefix_and_pulls_under_scope_v2() {
        let repos = vec!["docker-hub/*".to_string()];
        let ci = parse_principal("arn:aws:iam::222233334444:role/ci").unwrap();
        let all = [
            "GetAuthorizationToken",
            "BatchGetImage",
            "GetDownloadUrlForLayer",
            "BatchCheckLayerAvailability",
            "BatchImportUpstreamImage",
            "CreateRepository",
        ];
        let p = build_registry_policy(target(&repos, &all), &ci).unwrap();
        let v = json(&p);
        let first = &v["Statement"][0];
        assert_eq!(
            first["Action"],
            serde_json::json!(["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"])
        );
        assert_eq!(
            first["Resource"],
            "arn:aws:ecr:us-west-2:444455556666:repository/docker-hub/*"
        );
        assert_eq!(
            first["Principal"]["AWS"],
            "arn:aws:iam::222233334444:role/ci"
        );
        assert_eq!(v["Statement"][1]["Sid"], "PullCachedImages");
        assert_eq!(p.left_out, ActionSet::of(&["GetAuthorizationToken"]));
        assert_eq!(
            p.needs_scope_v2(),
            ActionSet::of(&[
                "BatchGetImage",
                "GetDownloadUrlForLayer",
                "BatchCheckLayerAvailability"
            ])
        );
        // An organisation: principal * limited to it.
        let org = Principal::Organization("o-a1b2c3d4e5".to_string());
        let p = build_registry_policy(target(&repos, &all), &org).unwrap();
        let v = json(&p);
        assert_eq!(v["Statement"][0]["Principal"], "*");
        assert_eq!(
            v["Statement"][0]["Condition"]["StringEquals"]["aws:PrincipalOrgID"],
            "o-a1b2c3d4e5"
        );
    }

    #[test]
    fn selections_without_a_registry_purpose_are_refused_with_the_reason() {
        let ci = parse_principal("222233334444").unwrap();
        let e =
            build_registry_policy(target(&[], &["BatchGetImage", "PutImage"]), &ci).unwrap_err();
        assert!(e.message.contains("--document repository"), "{e}");
        let e = build_registry_policy(
            target(&[], &["ReplicateImage", "BatchImportUpstreamImage"]),
            &ci,
        )
        .unwrap_err();
        assert!(e.message.contains("separately"), "{e}");
    }

    #[test]
    fn what_is_written_is_a_registry_policy_check_finds_clean() {
        let repos = vec!["docker-hub/*".to_string()];
        let ci = parse_principal("arn:aws:iam::222233334444:role/ci").unwrap();
        for p in [
            build_registry_policy(
                target(&[], &["ReplicateImage", "CreateRepository"]),
                &parse_principal("111122223333").unwrap(),
            )
            .unwrap(),
            build_registry_policy(
                target(&repos, &["BatchImportUpstreamImage", "CreateRepository"]),
                &ci,
            )
            .unwrap(),
        ] {
            let text = render_registry_policy(&p, JsonStyle::Pretty);
            let findings = check_text_as(&text, Some(DocKind::Registry)).unwrap();
            assert!(
                findings.iter().all(|f| f.severity == Severity::Info),
                "{text}\n{findings:?}"
            );
        }
    }

    #[test]
    fn an_oversized_policy_is_refused() {
        let repos: Vec<String> = (0..200).map(|i| format!("team-{i:03}/service")).collect();
        let source = parse_principal("111122223333").unwrap();
        let p = build_registry_policy(target(&repos, &["ReplicateImage"]), &source).unwrap();
        let e = check_registry_policy_size(&p).unwrap_err();
        assert!(e.message.contains("10240"), "{e}");
    }
}
