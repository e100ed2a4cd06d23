//! The identity policy for Amazon ECR Public: login (`ecr-public:GetAuthorizationToken` with
//! `sts:GetServiceBearerToken`) on `"*"`, repository actions on region-less repository ARNs, and
//! registry actions on the registry.

use std::borrow::Cow;

use super::render::{Json, JsonStyle, POLICY_VERSION, json_text};
use crate::policy::spec::public::{PUBLIC_LOGIN, PUBLIC_PARTITION, PublicResource, PublicSpec};

/// `arn:aws:ecr-public::ACCOUNT:repository/NAME`: no region, the `aws` partition.
pub fn public_repository_arn(account: &str, name: &str) -> String {
    format!("arn:{PUBLIC_PARTITION}:ecr-public::{account}:repository/{name}")
}

/// The account's public registry. The registry ID is not the alias; AWS's reference leaves its
/// form open, so every registry of the account is named (`registry/*`).
pub fn public_registry_arn(account: &str) -> String {
    format!("arn:{PUBLIC_PARTITION}:ecr-public::{account}:registry/*")
}

fn statement(sid: &str, actions: Vec<String>, resources: Vec<String>) -> Json {
    let resource = match resources.as_slice() {
        [one] => Json::Str(one.clone()),
        _ => Json::Arr(resources.into_iter().map(Json::Str).collect()),
    };
    Json::Obj(vec![
        (Cow::from("Sid"), Json::Str(sid.to_string())),
        (Cow::from("Effect"), Json::Str("Allow".to_string())),
        (
            Cow::from("Action"),
            Json::Arr(actions.into_iter().map(Json::Str).collect()),
        ),
        (Cow::from("Resource"), resource),
    ])
}

/// The policy as JSON text.
pub fn render_public(spec: &PublicSpec, style: JsonStyle) -> String {
    json_text(&public_tree(spec), style)
}

/// The policy as a JSON tree, for every output format.
pub(crate) fn public_tree(spec: &PublicSpec) -> Json {
    let mut statements = Vec::new();
    if spec.login {
        statements.push(statement(
            "PublicRegistryLogin",
            PUBLIC_LOGIN.iter().map(|a| (*a).to_string()).collect(),
            vec!["*".to_string()],
        ));
    }
    let of = |kind: PublicResource| -> Vec<String> {
        spec.actions
            .iter()
            .filter(|a| a.resource == kind)
            .map(|a| format!("ecr-public:{}", a.name))
            .collect()
    };
    let star = of(PublicResource::Star);
    if !star.is_empty() {
        statements.push(statement("PublicRegistryWide", star, vec!["*".to_string()]));
    }
    let repos = of(PublicResource::Repository);
    if !repos.is_empty() {
        let arns = spec
            .repositories
            .iter()
            .map(|r| public_repository_arn(&spec.account, r))
            .collect();
        statements.push(statement("PublicRepositories", repos, arns));
    }
    let registry = of(PublicResource::Registry);
    if !registry.is_empty() {
        statements.push(statement(
            "PublicRegistry",
            registry,
            vec![public_registry_arn(&spec.account)],
        ));
    }
    Json::Obj(vec![
        (Cow::from("Version"), Json::Str(POLICY_VERSION.to_string())),
        (Cow::from("Statement"), Json::Arr(statements)),
    ])
}
