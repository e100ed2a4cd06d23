//! One request to judge: who (the principal), what (an action such as `ecr:BatchGetImage`), on
//! what (a repository ARN, or `*` for an action without a resource type) in whose account, and
//! the request's context keys.

use crate::policy::eval::arn::split_arn;
use crate::policy::eval::context::Context;
use crate::policy::eval::principal::Principal;
use crate::policy::spec::catalog::find_action;

/// A request that cannot be judged as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("action `{0}` is not SERVICE:ACTION")]
    Action(String),
    #[error("resource `{0}` is neither \"*\" nor an ARN")]
    Resource(String),
    #[error("`{action}` has no resource type: its requests are on \"*\", not `{resource}`")]
    StarOnly { action: String, resource: String },
    #[error("`{0}` acts on a repository: give the repository's ARN, not \"*\"")]
    NeedsArn(String),
    #[error("a request on \"*\" by a service principal needs the resource's account")]
    NoAccount,
}

/// One request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    principal: Principal,
    action: String,
    action_lower: String,
    resource: String,
    resource_account: String,
    /// The request's context keys (`aws:PrincipalOrgID`, `aws:SourceIp`, tags…).
    pub context: Context,
}

impl Request {
    /// A request with an empty, closed context. The resource's account is read from its ARN;
    /// for `*` it is the principal's own (give another with [`Request::on`]). An ECR action
    /// must come with the resource its catalog entry needs: `*` for the actions without a
    /// resource type (`ecr:GetAuthorizationToken`…), a repository ARN for the others.
    pub fn new(
        principal: Principal,
        action: &str,
        resource: &str,
    ) -> Result<Request, RequestError> {
        Request::build(principal, action, resource, None)
    }

    /// A request on a resource of the given account (what `*` needs when a service asks).
    pub fn on(
        principal: Principal,
        action: &str,
        resource: &str,
        account: &str,
    ) -> Result<Request, RequestError> {
        Request::build(principal, action, resource, Some(account))
    }

    fn build(
        principal: Principal,
        action: &str,
        resource: &str,
        owner: Option<&str>,
    ) -> Result<Request, RequestError> {
        let (service, name) = action
            .split_once(':')
            .filter(|(s, a)| !s.is_empty() && !a.is_empty() && !a.contains(':'))
            .ok_or_else(|| RequestError::Action(action.to_string()))?;
        let account = if let Some(o) = owner {
            if resource != "*" {
                split_arn(resource).ok_or_else(|| RequestError::Resource(resource.to_string()))?;
            }
            Some(o.to_string())
        } else if resource == "*" {
            principal.account().map(str::to_string)
        } else {
            Some(
                split_arn(resource)
                    .ok_or_else(|| RequestError::Resource(resource.to_string()))?
                    .account
                    .to_string(),
            )
        };
        if service.eq_ignore_ascii_case("ecr")
            && let Some(id) = find_action(name)
        {
            let star_only = id.info().star_only;
            if star_only && resource != "*" {
                return Err(RequestError::StarOnly {
                    action: action.to_string(),
                    resource: resource.to_string(),
                });
            }
            if !star_only && resource == "*" {
                return Err(RequestError::NeedsArn(action.to_string()));
            }
        }
        Ok(Request {
            principal,
            action: action.to_string(),
            action_lower: action.to_lowercase(),
            resource: resource.to_string(),
            resource_account: account.ok_or(RequestError::NoAccount)?,
            context: Context::closed(),
        })
    }

    /// The same request with this context.
    #[must_use]
    pub fn with_context(mut self, context: Context) -> Request {
        self.context = context;
        self
    }

    /// The same request with the context keys AWS derives from the principal, where the
    /// context does not give them already: `aws:PrincipalArn` (the role's ARN for a role
    /// session), `aws:PrincipalAccount`, `aws:username` (IAM users), `aws:PrincipalIsAWSService`
    /// and `aws:PrincipalServiceName` (services); none for a web identity. IAM User Guide, "AWS global condition context
    /// keys" and "IAM policy elements: Variables and tags" (principal key values).
    #[must_use]
    pub fn with_principal_keys(mut self) -> Request {
        let p = &self.principal;
        let mut keys: Vec<(&str, String)> = Vec::new();
        if let Principal::WebIdentity { .. } = p {
            // Not yet an AWS principal: the provider's claims are its context keys, given by the
            // caller (`token.actions.githubusercontent.com:sub`…).
            return self;
        }
        if let Principal::Service { name } = p {
            keys.push(("aws:PrincipalIsAWSService", "true".into()));
            keys.push(("aws:PrincipalServiceName", name.clone()));
        } else {
            keys.push(("aws:PrincipalIsAWSService", "false".into()));
            if let Some(arn) = p.principal_arn() {
                keys.push(("aws:PrincipalArn", arn));
            }
            if let Some(a) = p.account() {
                keys.push(("aws:PrincipalAccount", a.to_string()));
            }
            if let Principal::User { arn } = p
                && let Some(name) = arn.rsplit('/').next()
            {
                keys.push(("aws:username", name.to_string()));
            }
        }
        for (k, v) in keys {
            if !self.context.is_set(k) {
                self.context.set(k, v);
            }
        }
        self
    }

    /// Who makes the request.
    pub fn principal(&self) -> &Principal {
        &self.principal
    }

    /// The action as given.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// The action lower-cased (actions match ignoring case).
    pub fn action_lower(&self) -> &str {
        &self.action_lower
    }

    /// The resource ARN, or `*`.
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The account that owns the resource.
    pub fn resource_account(&self) -> &str {
        &self.resource_account
    }

    /// Whether the principal is in the resource's account (never for a service).
    pub fn same_account(&self) -> bool {
        self.principal.account() == Some(self.resource_account.as_str())
    }

    /// Whether the action is one of ECR's without a resource type (judged on `*`).
    pub fn is_star_only(&self) -> bool {
        self.resource == "*"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role() -> Principal {
        Principal::parse("arn:aws:sts::111111111111:assumed-role/ci/run").unwrap()
    }

    #[test]
    fn resources_follow_the_catalog() {
        let repo = "arn:aws:ecr:us-east-1:222222222222:repository/web";
        let r = Request::new(role(), "ecr:BatchGetImage", repo).unwrap();
        assert_eq!(r.resource_account(), "222222222222");
        assert!(!r.same_account());
        assert_eq!(r.action_lower(), "ecr:batchgetimage");
        let login = Request::new(role(), "ecr:GetAuthorizationToken", "*").unwrap();
        assert_eq!(login.resource_account(), "111111111111");
        assert!(login.same_account());
        assert!(matches!(
            Request::new(role(), "ecr:GetAuthorizationToken", repo),
            Err(RequestError::StarOnly { .. })
        ));
        assert!(matches!(
            Request::new(role(), "ecr:PutImage", "*"),
            Err(RequestError::NeedsArn(_))
        ));
        assert!(matches!(
            Request::new(role(), "PutImage", repo),
            Err(RequestError::Action(_))
        ));
        assert!(matches!(
            Request::new(role(), "ecr:PutImage", "repository/web"),
            Err(RequestError::Resource(_))
        ));
        let svc = Principal::parse("lambda.amazonaws.com").unwrap();
        assert_eq!(
            Request::new(svc.clone(), "ecr:GetAuthorizationToken", "*"),
            Err(RequestError::NoAccount)
        );
        let on = Request::on(svc, "ecr:GetAuthorizationToken", "*", "222222222222").unwrap();
        assert_eq!(on.resource_account(), "222222222222");
        assert!(!on.same_account());
        // Keys AWS derives from the principal, unless the caller gave them.
        let mut given = Context::closed();
        given.set("aws:PrincipalAccount", "999999999999");
        let r = Request::new(
            Principal::parse("arn:aws:iam::111111111111:user/ops/alice").unwrap(),
            "ecr:BatchGetImage",
            repo,
        )
        .unwrap()
        .with_context(given)
        .with_principal_keys();
        let one = |k: &str| match r.context.get(k) {
            crate::policy::eval::context::Lookup::Present(
                crate::policy::eval::context::ContextValue::One(v),
            ) => v.clone(),
            other => panic!("{k}: {other:?}"),
        };
        assert_eq!(one("aws:username"), "alice");
        assert_eq!(
            one("aws:PrincipalArn"),
            "arn:aws:iam::111111111111:user/ops/alice"
        );
        assert_eq!(one("aws:PrincipalAccount"), "999999999999");
        assert_eq!(one("aws:PrincipalIsAWSService"), "false");
        let s = Request::new(role(), "ecr:BatchGetImage", repo)
            .unwrap()
            .with_principal_keys();
        assert!(matches!(
            s.context.get("aws:PrincipalArn"),
            crate::policy::eval::context::Lookup::Present(
                crate::policy::eval::context::ContextValue::One(v)
            ) if v == "arn:aws:iam::111111111111:role/ci"
        ));
        assert_eq!(
            s.context.get("aws:username"),
            crate::policy::eval::context::Lookup::Absent
        );
        // Other services: the catalog does not say, so both shapes are accepted.
        assert!(Request::new(role(), "s3:GetObject", "*").is_ok());
    }
}
