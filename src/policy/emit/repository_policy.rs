//! The repository policy: the registry account's half of an access path for another account, an
//! organisation or an AWS service. `Principal`, repository-level actions only, no `Resource`
//! (the repository it is set on is implied), as AWS's repository policy examples write it.

use std::borrow::Cow;

use super::render::{Json, JsonStyle, POLICY_VERSION, json_text};
use crate::policy::spec::catalog::{ActionId, ActionSet};
use crate::policy::spec::error::{Field, FieldError};
use crate::policy::spec::principal::{Principal, source_account, source_arn_or_default};

/// The most characters `SetRepositoryPolicy` takes in `policyText`.
pub const REPOSITORY_POLICY_MAX: usize = 10_240;

/// Where the repositories are and what to allow on them.
#[derive(Debug, Clone, Copy)]
pub struct RepositoryTarget<'a> {
    /// ARN partition of the registry, e.g. `aws`.
    pub partition: &'a str,
    /// The registry's region code (or `*`).
    pub region: &'a str,
    /// The registry account.
    pub account: &'a str,
    /// The actions selected; only repository-level ones go into the repository policy.
    pub actions: ActionSet,
}

/// Who a statement allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatementPrincipal {
    /// `{"AWS": ARN}`.
    Aws(String),
    /// `{"Service": NAME}`.
    Service(&'static str),
    /// `"*"`, only ever with a limiting condition.
    Anyone,
}

/// One `Allow` statement of a repository policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoStatement {
    pub sid: &'static str,
    pub principal: StatementPrincipal,
    /// In catalog order.
    pub actions: Vec<ActionId>,
    /// `(operator, key, value)`, e.g. `("StringEquals", "aws:PrincipalOrgID", "o-…")`.
    pub condition: Option<(&'static str, &'static str, String)>,
}

/// A repository policy before it becomes text, with what was left out of the selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepositoryPolicy {
    pub statements: Vec<RepoStatement>,
    /// Selected actions that only work on `"*"`: ECR rejects them in a repository policy, so
    /// they belong in the identity policy.
    pub left_to_identity: ActionSet,
    /// Selected repository actions a service principal does not use.
    pub not_for_service: ActionSet,
    /// Actions a service needs to pull that the selection lacked: a service pulls with its
    /// whole documented set (Lambda with `BatchGetImage` alone cannot pull), so they are added.
    pub added_for_service: ActionSet,
}

impl RepositoryPolicy {
    /// Every action the policy grants.
    pub fn granted(&self) -> ActionSet {
        self.statements
            .iter()
            .flat_map(|s| s.actions.iter().copied())
            .collect()
    }
}

/// Builds the repository policy that lets `principal` use the selection's repository actions.
pub fn build_repository_policy(
    target: RepositoryTarget<'_>,
    principal: &Principal,
) -> Result<RepositoryPolicy, FieldError> {
    let repo_actions = target.actions.repository_level();
    let left_to_identity = target.actions.star_only();
    // A service pulls with its whole set or not at all: a selection with any of its actions
    // gets all of them (the push preset's BatchGetImage alone cannot pull), one with none is
    // refused below.
    let (actions, not_for_service, added_for_service) = match principal {
        Principal::Service { service, .. } => {
            let wanted = ActionSet::of(service.actions);
            let used = repo_actions.intersection(wanted);
            let full = if used.is_empty() { used } else { wanted };
            (
                full,
                repo_actions.difference(wanted),
                full.difference(repo_actions),
            )
        }
        _ => (repo_actions, ActionSet::EMPTY, ActionSet::EMPTY),
    };
    if actions.is_empty() {
        let why = match principal {
            Principal::Service { service, .. } => format!(
                "none of the selected actions is one {} uses ({})",
                service.principal,
                service
                    .actions
                    .iter()
                    .map(|a| format!("ecr:{a}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => "the selection has no repository actions (login and registry settings only \
                  work in an identity policy, on \"*\")"
                .to_string(),
        };
        return Err(FieldError::new(
            Field::Action,
            "",
            format!("leaves the repository policy empty: {why}"),
        ));
    }
    let list: Vec<ActionId> = actions.iter().collect();
    let mut statements = Vec::new();
    match principal {
        Principal::Arn { arn, .. } => statements.push(RepoStatement {
            sid: "CrossAccountAccess",
            principal: StatementPrincipal::Aws(arn.clone()),
            actions: list,
            condition: None,
        }),
        Principal::Account(account) => statements.push(RepoStatement {
            sid: "CrossAccountAccess",
            principal: StatementPrincipal::Aws(root_arn(target.partition, account)),
            actions: list,
            condition: None,
        }),
        Principal::Organization(org) => statements.push(RepoStatement {
            sid: "OrganizationAccess",
            principal: StatementPrincipal::Anyone,
            actions: list,
            condition: Some(("StringEquals", "aws:PrincipalOrgID", org.clone())),
        }),
        Principal::Service {
            service,
            source_arn,
        } => {
            let source = source_arn_or_default(
                service,
                source_arn.as_deref(),
                target.partition,
                target.region,
                target.account,
            );
            // AWS's cross-account Lambda example also allows the function's account, whose
            // roles create and update the function from the image.
            if let Some(other) = source_account(&source).filter(|a| *a != target.account) {
                statements.push(RepoStatement {
                    sid: "CrossAccountPermission",
                    principal: StatementPrincipal::Aws(root_arn(target.partition, other)),
                    actions: list.clone(),
                    condition: None,
                });
            }
            statements.push(RepoStatement {
                sid: service.sid,
                principal: StatementPrincipal::Service(service.principal),
                actions: list,
                condition: Some(("StringLike", "aws:sourceArn", source)),
            });
        }
    }
    Ok(RepositoryPolicy {
        statements,
        left_to_identity,
        not_for_service,
        added_for_service,
    })
}

/// `arn:PARTITION:iam::ACCOUNT:root`, the account as a principal.
pub fn root_arn(partition: &str, account: &str) -> String {
    format!("arn:{partition}:iam::{account}:root")
}

/// The repository policy as a JSON tree, keys in AWS's example order.
pub(crate) fn repository_policy_tree(policy: &RepositoryPolicy) -> Json {
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
            let mut fields = vec![
                (Cow::from("Sid"), Json::Str(s.sid.to_string())),
                (Cow::from("Effect"), Json::Str("Allow".to_string())),
                (Cow::from("Principal"), principal),
                (
                    Cow::from("Action"),
                    Json::Arr(s.actions.iter().map(|a| Json::Str(a.qualified())).collect()),
                ),
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

/// The repository policy as JSON text.
pub fn render_repository_policy(policy: &RepositoryPolicy, style: JsonStyle) -> String {
    json_text(&repository_policy_tree(policy), style)
}

/// Refuses a policy longer than `SetRepositoryPolicy` takes (counted on the compact text, as
/// the AWS CLI format and most tools send it).
pub fn check_repository_policy_size(policy: &RepositoryPolicy) -> Result<usize, FieldError> {
    let size = render_repository_policy(policy, JsonStyle::Compact)
        .chars()
        .count();
    if size > REPOSITORY_POLICY_MAX {
        return Err(FieldError::new(
            Field::Action,
            "",
            format!(
                "make a repository policy of {size} characters; ECR takes at most \
                 {REPOSITORY_POLICY_MAX}: select fewer actions"
            ),
        ));
    }
    Ok(size)
}

#[cfg(test)]
#[path = "repository_policy_tests.rs"]
mod tests;
