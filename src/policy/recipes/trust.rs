//! A role's trust policy (who may assume it): the document kind the recipes add beside the
//! identity and repository policies. Built from a workload (an OIDC provider with its `aud` and
//! `sub` claims, an EKS Pod Identity association, an AWS service), written as JSON through the
//! engine's one JSON tree, so every output format carries the same document. Sources are in
//! `docs/sources.md` ("Recipes").

use std::borrow::Cow;

use crate::policy::emit::format::{Format, RoleMeta, render_trust_as};
use crate::policy::emit::render::{Json, JsonStyle, POLICY_VERSION, json_text};

/// One key and value of a JSON object.
type Field = (Cow<'static, str>, Json);

/// GitHub Actions' OIDC issuer, as the IAM identity provider and the condition keys name it.
pub const GITHUB_HOST: &str = "token.actions.githubusercontent.com";

/// The EKS Pod Identity service principal.
pub const POD_IDENTITY_SERVICE: &str = "pods.eks.amazonaws.com";

/// Who a trust statement lets assume the role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustPrincipal {
    /// An IAM OIDC identity provider's ARN: web identities with its tokens.
    Federated(String),
    /// An AWS service principal, e.g. `ecs-tasks.amazonaws.com`.
    Service(String),
}

/// One condition: operator, key and value (`StringEquals`, `…:sub`, `repo:…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustCondition {
    pub operator: &'static str,
    pub key: String,
    pub value: String,
}

/// One `Allow` statement of a trust policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustStatement {
    pub sid: &'static str,
    pub principal: TrustPrincipal,
    /// `sts:AssumeRoleWithWebIdentity`, `sts:AssumeRole`, `sts:TagSession`.
    pub actions: Vec<&'static str>,
    /// In the order written; grouped by operator when written.
    pub conditions: Vec<TrustCondition>,
}

/// A role's trust policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustPolicy {
    pub statements: Vec<TrustStatement>,
}

impl TrustPolicy {
    /// The document as the engine's JSON tree (every format walks it).
    pub(crate) fn tree(&self) -> Json {
        let statements = self
            .statements
            .iter()
            .map(|s| {
                let (kind, who) = match &s.principal {
                    TrustPrincipal::Federated(arn) => ("Federated", arn),
                    TrustPrincipal::Service(name) => ("Service", name),
                };
                let action = match s.actions.as_slice() {
                    [one] => Json::Str((*one).to_string()),
                    many => Json::Arr(many.iter().map(|a| Json::Str((*a).to_string())).collect()),
                };
                let mut fields = vec![
                    (Cow::from("Sid"), Json::Str(s.sid.to_string())),
                    (Cow::from("Effect"), Json::Str("Allow".to_string())),
                    (
                        Cow::from("Principal"),
                        Json::Obj(vec![(Cow::from(kind), Json::Str(who.clone()))]),
                    ),
                    (Cow::from("Action"), action),
                ];
                if !s.conditions.is_empty() {
                    let mut ops: Vec<(&'static str, Vec<Field>)> = Vec::new();
                    for c in &s.conditions {
                        let entry = (Cow::from(c.key.clone()), Json::Str(c.value.clone()));
                        match ops.iter_mut().find(|(op, _)| *op == c.operator) {
                            Some((_, keys)) => keys.push(entry),
                            None => ops.push((c.operator, vec![entry])),
                        }
                    }
                    fields.push((
                        Cow::from("Condition"),
                        Json::Obj(
                            ops.into_iter()
                                .map(|(op, keys)| (Cow::from(op), Json::Obj(keys)))
                                .collect(),
                        ),
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

    /// The document as JSON text (pretty or compact), without a trailing newline.
    pub fn to_json(&self, style: JsonStyle) -> String {
        json_text(&self.tree(), style)
    }

    /// What the policy admits in plain words: a heading, then one sentence per statement.
    pub fn describe(&self) -> Vec<String> {
        let mut out = vec!["Who may assume the role:".to_string()];
        for s in &self.statements {
            let who = match &s.principal {
                TrustPrincipal::Federated(arn) => format!(
                    "tokens of the OIDC provider {}",
                    arn.split_once(":oidc-provider/")
                        .map_or(arn.as_str(), |(_, h)| h)
                ),
                TrustPrincipal::Service(name) => format!("the AWS service {name}"),
            };
            let mut text = format!("{who} ({})", s.actions.join(", "));
            if !s.conditions.is_empty() {
                let conds: Vec<String> = s
                    .conditions
                    .iter()
                    .map(|c| format!("{} is {}", c.key, c.value))
                    .collect();
                text.push_str(", only when ");
                text.push_str(&conds.join(" and "));
            }
            out.push(text);
        }
        out
    }

    /// The document in `format` for `role` (`style` for JSON): the JSON document, a Terraform
    /// `aws_iam_role`, a `CloudFormation` `AWS::IAM::Role` or `aws iam create-role`.
    pub fn render_as(&self, format: Format, style: JsonStyle, role: &RoleMeta) -> String {
        render_trust_as(&self.tree(), format, style, role)
    }
}

/// `arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST[/PATH]`: the IAM identity provider of an
/// OIDC issuer (its URL without `https://`).
pub fn oidc_provider_arn(partition: &str, account: &str, issuer: &str) -> String {
    format!("arn:{partition}:iam::{account}:oidc-provider/{issuer}")
}

/// The audience GitHub's token carries for AWS STS: `sts.amazonaws.com`, or
/// `sts.amazonaws.com.cn` in the China partition (configure-aws-credentials, "OIDC Audience").
pub fn github_audience(partition: &str) -> &'static str {
    if partition == "aws-cn" {
        "sts.amazonaws.com.cn"
    } else {
        "sts.amazonaws.com"
    }
}

/// A web-identity statement for one OIDC issuer: `aud` and `sub` equal to exactly these.
fn oidc(sid: &'static str, provider: String, issuer: &str, aud: &str, sub: &str) -> TrustPolicy {
    let cond = |claim: &str, value: &str| TrustCondition {
        operator: "StringEquals",
        key: format!("{issuer}:{claim}"),
        value: value.to_string(),
    };
    TrustPolicy {
        statements: vec![TrustStatement {
            sid,
            principal: TrustPrincipal::Federated(provider),
            actions: vec!["sts:AssumeRoleWithWebIdentity"],
            conditions: vec![cond("aud", aud), cond("sub", sub)],
        }],
    }
}

/// GitHub Actions through the account's GitHub OIDC provider: the token's `aud` is STS's and
/// its `sub` is exactly `subject` (`repo:ORG/REPO:ref:refs/heads/main`, …), as AWS's
/// configure-aws-credentials template writes it.
pub fn github(partition: &str, account: &str, subject: &str) -> TrustPolicy {
    oidc(
        "GitHubActions",
        oidc_provider_arn(partition, account, GITHUB_HOST),
        GITHUB_HOST,
        github_audience(partition),
        subject,
    )
}

/// GitLab CI/CD through the account's provider for the GitLab instance `host`: `aud` is the
/// instance's URL (GitLab's documented audience), `sub` exactly `subject`
/// (`project_path:GROUP/PROJECT:ref_type:branch:ref:main`).
pub fn gitlab(partition: &str, account: &str, host: &str, subject: &str) -> TrustPolicy {
    oidc(
        "GitLabCi",
        oidc_provider_arn(partition, account, host),
        host,
        &format!("https://{host}"),
        subject,
    )
}

/// IAM roles for service accounts: the cluster's OIDC provider, `aud` STS's, `sub` the one
/// service account (`system:serviceaccount:NAMESPACE:NAME`), as the EKS user guide writes it.
pub fn eks_service_account(
    partition: &str,
    account: &str,
    issuer: &str,
    namespace: &str,
    service_account: &str,
) -> TrustPolicy {
    oidc(
        "EksServiceAccount",
        oidc_provider_arn(partition, account, issuer),
        issuer,
        "sts.amazonaws.com",
        &format!("system:serviceaccount:{namespace}:{service_account}"),
    )
}

/// EKS Pod Identity: `pods.eks.amazonaws.com` may assume and tag the session, limited by the
/// session tags it adds to the cluster, namespace and service account of the association.
pub fn eks_pod_identity(cluster: &str, namespace: &str, service_account: &str) -> TrustPolicy {
    let tag = |name: &str, value: &str| TrustCondition {
        operator: "StringEquals",
        key: format!("aws:RequestTag/{name}"),
        value: value.to_string(),
    };
    TrustPolicy {
        statements: vec![TrustStatement {
            sid: "AllowEksAuthToAssumeRoleForPodIdentity",
            principal: TrustPrincipal::Service(POD_IDENTITY_SERVICE.to_string()),
            actions: vec!["sts:AssumeRole", "sts:TagSession"],
            conditions: vec![
                tag("eks-cluster-name", cluster),
                tag("kubernetes-namespace", namespace),
                tag("kubernetes-service-account", service_account),
            ],
        }],
    }
}

/// A role an AWS service assumes: the service principal with `sts:AssumeRole`, as the service's
/// guide writes it (no condition where the guide shows none).
pub fn service(sid: &'static str, principal: &str) -> TrustPolicy {
    TrustPolicy {
        statements: vec![TrustStatement {
            sid,
            principal: TrustPrincipal::Service(principal.to_string()),
            actions: vec!["sts:AssumeRole"],
            conditions: Vec::new(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_trust_is_aws_template_shape() {
        let t = github("aws", "111122223333", "repo:octo/app:ref:refs/heads/main");
        let v: serde_json::Value = serde_json::from_str(&t.to_json(JsonStyle::Pretty)).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "Version": "2012-10-17",
                "Statement": [{
                    "Sid": "GitHubActions",
                    "Effect": "Allow",
                    "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {"StringEquals": {
                        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                        "token.actions.githubusercontent.com:sub": "repo:octo/app:ref:refs/heads/main"
                    }}
                }]
            })
        );
        // Keys in the order written: aud before sub, as AWS's template has them.
        let text = t.to_json(JsonStyle::Compact);
        assert!(
            text.find(":aud").unwrap() < text.find(":sub").unwrap(),
            "{text}"
        );
        assert!(
            github("aws-cn", "111122223333", "x")
                .to_json(JsonStyle::Compact)
                .contains("\"sts.amazonaws.com.cn\"")
        );
        assert!(
            github("aws-cn", "111122223333", "x")
                .to_json(JsonStyle::Compact)
                .contains("arn:aws-cn:iam::")
        );
    }

    #[test]
    fn pod_identity_tags_and_services() {
        let t = eks_pod_identity("prod", "team-a", "app");
        let v: serde_json::Value = serde_json::from_str(&t.to_json(JsonStyle::Compact)).unwrap();
        assert_eq!(
            v["Statement"][0]["Action"],
            serde_json::json!(["sts:AssumeRole", "sts:TagSession"])
        );
        assert_eq!(
            v["Statement"][0]["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-namespace"],
            "team-a"
        );
        let s = service("EcsTasks", "ecs-tasks.amazonaws.com");
        let v: serde_json::Value = serde_json::from_str(&s.to_json(JsonStyle::Compact)).unwrap();
        assert_eq!(
            v["Statement"][0]["Principal"]["Service"],
            "ecs-tasks.amazonaws.com"
        );
        assert!(v["Statement"][0].get("Condition").is_none());
    }
}

#[cfg(test)]
mod format_tests {
    use super::*;
    use crate::policy::emit::format::{Format, PolicyName, RoleMeta};
    use crate::policy::recipes::trust;

    fn role(name: &str, region: Option<&str>) -> RoleMeta {
        RoleMeta {
            name: PolicyName::parse(name).unwrap(),
            description: "Assumed by GitHub Actions (it's \"quoted\"), written by ecr-policy"
                .to_string(),
            cli_region: region.map(String::from),
        }
    }

    #[test]
    fn every_format_carries_the_same_document() {
        let t = trust::github("aws", "111122223333", "repo:o/r:ref:refs/heads/main");
        let json = t.render_as(Format::Json, JsonStyle::Pretty, &role("ci", None));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let tf = t.render_as(Format::Terraform, JsonStyle::Pretty, &role("ci-push", None));
        assert!(
            tf.starts_with("resource \"aws_iam_role\" \"ci_push\" {\n"),
            "{tf}"
        );
        assert!(tf.contains("  name        = \"ci-push\"\n"), "{tf}");
        assert!(tf.contains("  assume_role_policy = jsonencode({\n"), "{tf}");
        assert!(
            tf.contains(
                "\"token.actions.githubusercontent.com:sub\" = \"repo:o/r:ref:refs/heads/main\""
            ),
            "{tf}"
        );
        assert!(
            tf.ends_with("value       = aws_iam_role.ci_push.arn\n}"),
            "{tf}"
        );
        let cfn = t.render_as(Format::CloudFormation, JsonStyle::Pretty, &role("ci", None));
        assert!(cfn.contains("    Type: \"AWS::IAM::Role\"\n"), "{cfn}");
        assert!(cfn.contains("      AssumeRolePolicyDocument:\n"), "{cfn}");
        assert!(cfn.ends_with("Value: !GetAtt Ci.Arn"), "{cfn}");
        let cli = t.render_as(
            Format::AwsCli,
            JsonStyle::Pretty,
            &role("ci", Some("cn-north-1")),
        );
        let compact = t.to_json(JsonStyle::Compact);
        assert!(
            cli.contains("aws iam create-role \\\n  --region cn-north-1 \\\n  --role-name ci"),
            "{cli}"
        );
        assert!(
            cli.contains(&format!("--assume-role-policy-document '{compact}'")),
            "{cli}"
        );
        assert!(
            cli.contains("# aws iam update-assume-role-policy --region cn-north-1 --role-name ci --policy-document '"),
            "{cli}"
        );
        // The description's quote is single-quoted safely.
        assert!(cli.contains("it'\\''s"), "{cli}");
        // Every comment line is one line.
        for line in cli.lines().filter(|l| l.starts_with('#')) {
            assert!(!line.contains('\n'));
        }
        assert_eq!(value["Statement"][0]["Sid"], "GitHubActions");
    }
}
