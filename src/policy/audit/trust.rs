//! Checks a role's trust policy (who may assume the role): a web-identity trust in a shared OIDC
//! provider (GitHub Actions, GitLab, Terraform Cloud, Buildkite) or an EKS cluster's provider
//! must narrow the token's `sub` claim to one repository, project or service account, or any
//! of the provider's users can assume the role; `aud` should be narrowed too; and a trust in
//! everyone without a condition lets any AWS account assume the role. Sources are in
//! `docs/sources.md` ("Trust policies").

use serde_json::Value;

use super::check::{CheckFinding, Sink, effect_findings, sid_findings, version_findings};
use crate::policy::audit::lint::Severity;
use crate::policy::import::document::{DocKind, DocStatement, Document};

/// The STS actions a trust policy grants (lower-cased): assuming the role and what goes with it.
const TRUST_ACTIONS: [&str; 6] = [
    "sts:assumerole",
    "sts:assumerolewithwebidentity",
    "sts:assumerolewithsaml",
    "sts:tagsession",
    "sts:setsourceidentity",
    "sts:setcontext",
];

/// Whether a document reads as a role trust policy: every statement's `Action` is one of the STS
/// actions of assuming a role, one of them `sts:AssumeRole*`, and a statement names a principal.
pub(super) fn is_trust_policy(doc: &Document) -> bool {
    let mut assumes = false;
    for st in &doc.statements {
        if st.not_action.is_some() {
            return false;
        }
        let Some(actions) = &st.action else {
            continue;
        };
        for a in actions {
            let lower = a.to_ascii_lowercase();
            if !TRUST_ACTIONS.contains(&lower.as_str()) {
                return false;
            }
            assumes |= lower.starts_with("sts:assumerole");
        }
    }
    assumes && doc.statements.iter().any(|s| s.principal)
}

/// An OIDC provider this check knows the claims of.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Provider {
    /// GitHub Actions: `sub` is `repo:OWNER/REPO:…`.
    GitHub,
    /// GitLab (gitlab.com or an instance whose host names GitLab): `project_path:GROUP/…`.
    GitLab,
    /// An EKS cluster: `system:serviceaccount:NAMESPACE:NAME`.
    Eks,
    /// Another provider AWS names among the shared ones whose `sub` IAM requires.
    Shared,
}

impl Provider {
    /// The provider of an issuer (the provider ARN's part after `oidc-provider/`).
    fn of(issuer: &str) -> Option<Provider> {
        let host = issuer
            .split('/')
            .next()
            .unwrap_or(issuer)
            .to_ascii_lowercase();
        if host == "token.actions.githubusercontent.com" {
            Some(Provider::GitHub)
        } else if host == "gitlab.com" || host.starts_with("gitlab.") {
            Some(Provider::GitLab)
        } else if host.starts_with("oidc.eks.") && issuer.contains("/id/") {
            Some(Provider::Eks)
        } else if ["app.terraform.io", "agent.buildkite.com"].contains(&host.as_str()) {
            Some(Provider::Shared)
        } else {
            None
        }
    }

    /// Who could assume the role were `sub` not narrowed.
    fn everyone(&self, issuer: &str) -> String {
        match self {
            Provider::GitHub => "any GitHub repository's workflows".to_string(),
            Provider::GitLab => format!("any project's pipelines on {issuer}"),
            Provider::Eks => "every service account of every namespace in the cluster".to_string(),
            Provider::Shared => format!("every user of {issuer}"),
        }
    }

    /// What `sub` looks like, for the fix.
    fn example(&self) -> &'static str {
        match self {
            Provider::GitHub => "repo:ORG/REPO:ref:refs/heads/main",
            Provider::GitLab => "project_path:GROUP/PROJECT:ref_type:branch:ref:main",
            Provider::Eks => "system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT",
            Provider::Shared => "the one workspace or pipeline the provider documents",
        }
    }

    /// The literal start of every `sub` of the provider, and the part after it that names the
    /// owner (GitHub's owner, GitLab's top group, the EKS namespace).
    fn prefix(&self) -> Option<&'static str> {
        match self {
            Provider::GitHub => Some("repo:"),
            Provider::GitLab => Some("project_path:"),
            Provider::Eks => Some("system:serviceaccount:"),
            Provider::Shared => None,
        }
    }

    /// The recipe that writes a narrowed trust for this provider.
    fn recipe(&self) -> Option<&'static str> {
        match self {
            Provider::GitHub => Some("github-actions-push"),
            Provider::GitLab => Some("gitlab-ci-push"),
            Provider::Eks => Some("eks-pod-irsa-pull"),
            Provider::Shared => None,
        }
    }
}

/// One condition entry: its operator (as written), key and values.
struct Entry<'a> {
    operator: &'a str,
    key: &'a str,
    values: Vec<&'a str>,
}

/// The condition entries of a statement.
fn entries(condition: Option<&Value>) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    let Some(Value::Object(ops)) = condition else {
        return out;
    };
    for (op, keys) in ops {
        let Value::Object(keys) = keys else { continue };
        for (key, v) in keys {
            let values = match v {
                Value::String(s) => vec![s.as_str()],
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            out.push(Entry {
                operator: op,
                key,
                values,
            });
        }
    }
    out
}

/// How an operator compares: `Some(true)` a pattern (`StringLike`), `Some(false)` an exact
/// value; `None` when it does not narrow to the values (`StringNotEquals`, `Null`…).
fn narrows(operator: &str) -> Option<bool> {
    let base = operator
        .strip_prefix("ForAnyValue:")
        .or_else(|| operator.strip_prefix("ForAllValues:"))
        .unwrap_or(operator);
    let base = base.strip_suffix("IfExists").unwrap_or(base);
    match base {
        "StringEquals" | "StringEqualsIgnoreCase" => Some(false),
        "StringLike" => Some(true),
        _ => None,
    }
}

fn is_wild(c: char) -> bool {
    c == '*' || c == '?'
}

/// How open one `sub` value is: `Open` when anyone's token matches, `Broad` when every
/// repository (project, service account) of one owner does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    Open,
    Broad,
    Narrow,
}

fn reach(provider: &Provider, value: &str, pattern: bool) -> Reach {
    if !pattern || !value.contains(is_wild) {
        return Reach::Narrow;
    }
    if value.chars().all(is_wild) {
        return Reach::Open;
    }
    let Some(prefix) = provider.prefix() else {
        return Reach::Narrow;
    };
    // Anything before the literal prefix is a wildcard (`*:ref:…`): anyone's.
    let Some(rest) = value.strip_prefix(prefix) else {
        return if value.starts_with(is_wild) {
            Reach::Open
        } else {
            Reach::Narrow
        };
    };
    let end = match provider {
        Provider::Eks => ':',
        _ => '/',
    };
    let owner = rest.split(end).next().unwrap_or(rest);
    // The owner (GitHub account, GitLab group, namespace) ends at the separator; a wildcard in
    // it, or no separator before the end, lets others' names match.
    if owner.contains(is_wild) || !rest.contains(end) {
        Reach::Open
    } else {
        Reach::Broad
    }
}

/// Checks a role trust policy.
pub(super) fn check_trust(doc: &Document) -> Vec<CheckFinding> {
    let mut out = Vec::new();
    let mut sids = std::collections::HashMap::new();
    let statements: Vec<&Value> = match doc.value.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    for st in &doc.statements {
        let mut sink = Sink::new(Some(st));
        // IAM's Sid rule holds for a role's trust policy, an IAM policy.
        sid_findings(st, DocKind::Identity, &mut sids, &mut sink);
        effect_findings(st, &mut sink);
        if st.is_allow()
            && let Some(v) = statements.get(st.index)
        {
            statement_findings(st, v, &mut sink);
        }
        out.extend(sink.out);
    }
    let mut sink = Sink::new(None);
    version_findings(doc.version.as_ref(), &mut sink);
    out.extend(sink.out);
    out
}

/// Whether the statement lets a principal assume the role with a web identity.
fn assumes_with_web_identity(st: &DocStatement) -> bool {
    st.action.iter().flatten().any(|a| {
        let a = a.to_ascii_lowercase();
        a == "sts:assumerolewithwebidentity" || a == "sts:*" || a == "*"
    })
}

/// The trust findings of one `Allow` statement.
fn statement_findings(st: &DocStatement, v: &Value, sink: &mut Sink<'_>) {
    let principal = v.get("Principal");
    let conditions = entries(v.get("Condition"));
    let everyone = match principal {
        Some(Value::String(s)) => s == "*",
        Some(Value::Object(m)) => m.get("AWS").is_some_and(|a| match a {
            Value::String(s) => s == "*",
            Value::Array(items) => items.iter().any(|i| i.as_str() == Some("*")),
            _ => false,
        }),
        _ => false,
    };
    if everyone && conditions.is_empty() {
        sink.push(
            "trust-principal-everyone",
            Severity::Error,
            Some("*"),
            "Anyone in any AWS account can assume this role: the principal is \"*\" and no \
             condition limits it.",
            "Name the role, account or service that assumes it, or limit \"*\" with a \
             condition such as aws:PrincipalOrgID.",
        );
    }
    let federated: Vec<&str> = match principal.and_then(|p| p.get("Federated")) {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if federated.is_empty() || !assumes_with_web_identity(st) {
        return;
    }
    for provider_arn in federated {
        let Some((_, issuer)) = provider_arn.split_once(":oidc-provider/") else {
            continue;
        };
        let Some(provider) = Provider::of(issuer) else {
            continue;
        };
        oidc_findings(&provider, issuer, &conditions, sink);
    }
}

/// `sub` and `aud` of one OIDC provider's trust.
fn oidc_findings(provider: &Provider, issuer: &str, conditions: &[Entry<'_>], sink: &mut Sink<'_>) {
    let claim = |name: &str| format!("{issuer}:{name}");
    let on = |name: &str| {
        let key = claim(name);
        conditions
            .iter()
            .filter(move |e| e.key.eq_ignore_ascii_case(&key))
            .filter_map(|e| narrows(e.operator).map(|p| (p, e)))
            .collect::<Vec<_>>()
    };
    let sub_key = claim("sub");
    let mut narrowing = on("sub");
    if *provider == Provider::GitHub {
        // IAM accepts job_workflow_ref instead of sub; STS also checks GitHub's repository and
        // owner claims.
        for other in ["job_workflow_ref", "repository", "repository_id"] {
            narrowing.extend(on(other));
        }
    }
    let how = provider
        .recipe()
        .map(|r| format!(" (ecr-policy generate --recipe {r} --document trust writes one)"))
        .unwrap_or_default();
    if narrowing.is_empty() {
        sink.push(
            "trust-oidc-sub-missing",
            Severity::Error,
            Some(&sub_key),
            format!(
                "{} can assume this role: its trust in {issuer} has no StringEquals or \
                 StringLike condition on {sub_key}. IAM now refuses to create or update such a \
                 trust, but a role that has one keeps it.",
                capitalise(&provider.everyone(issuer))
            ),
            format!(
                "Add \"StringEquals\": {{\"{sub_key}\": \"{}\"}}{how}.",
                provider.example()
            ),
        );
    } else {
        // When a value lets anyone in, saying another is broad adds nothing.
        let open = narrowing.iter().any(|(pattern, e)| {
            e.values
                .iter()
                .any(|v| reach(provider, v, *pattern) == Reach::Open)
        });
        for (pattern, e) in &narrowing {
            for value in &e.values {
                match reach(provider, value, *pattern) {
                    Reach::Open => sink.push(
                        "trust-oidc-sub-wildcard",
                        Severity::Error,
                        Some(value),
                        format!(
                            "{} can assume this role: the {} pattern {value:?} on {} matches \
                             their tokens too.",
                            capitalise(&provider.everyone(issuer)),
                            e.operator,
                            e.key
                        ),
                        format!(
                            "Name the owner exactly, e.g. \"{}\" with StringEquals{how}.",
                            provider.example()
                        ),
                    ),
                    Reach::Broad if open => {}
                    Reach::Broad => sink.push(
                        "trust-oidc-sub-broad",
                        Severity::Info,
                        Some(value),
                        format!(
                            "Every repository, project or service account of one owner (and \
                             every branch) matching {value:?} can assume this role."
                        ),
                        format!(
                            "Where one workload needs it, name it: \"{}\".",
                            provider.example()
                        ),
                    ),
                    Reach::Narrow => {}
                }
            }
        }
    }
    if *provider != Provider::Shared && on("aud").is_empty() {
        let aud_key = claim("aud");
        let audience = match provider {
            Provider::GitLab => format!("https://{issuer}"),
            _ => "sts.amazonaws.com".to_string(),
        };
        sink.push(
            "trust-oidc-aud-missing",
            Severity::Warning,
            Some(&aud_key),
            format!(
                "The trust does not check the token's audience ({aud_key}): a token the provider \
                 issued for another audience on its client-ID list is taken too."
            ),
            format!("Add \"StringEquals\": {{\"{aud_key}\": \"{audience}\"}}."),
        );
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::audit::check::{CheckContext, check_document_with};
    use crate::policy::import::document::parse_document;

    const GITHUB: &str =
        "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";

    fn github(condition: &str) -> String {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
              "Principal": {{"Federated": "{GITHUB}"}},
              "Action": "sts:AssumeRoleWithWebIdentity"{condition}}}]}}"#
        )
    }

    fn codes(text: &str) -> Vec<&'static str> {
        let doc = parse_document(text).unwrap();
        check_document_with(&doc, &CheckContext::default())
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    const AUD: &str = r#""token.actions.githubusercontent.com:aud": "sts.amazonaws.com""#;

    #[test]
    fn github_trust_without_sub_is_an_error() {
        assert_eq!(
            codes(&github("")),
            ["trust-oidc-sub-missing", "trust-oidc-aud-missing"]
        );
        assert_eq!(
            codes(&github(&format!(
                r#", "Condition": {{"StringEquals": {{{AUD}}}}}"#
            ))),
            ["trust-oidc-sub-missing"]
        );
        // A condition that excludes some repositories still lets every other one in.
        let not = format!(
            r#", "Condition": {{"StringEquals": {{{AUD}}}, "StringNotLike": {{"token.actions.githubusercontent.com:sub": "repo:evil/*"}}}}"#
        );
        assert_eq!(codes(&github(&not)), ["trust-oidc-sub-missing"]);
    }

    #[test]
    fn github_sub_patterns_by_how_far_they_reach() {
        let with = |op: &str, sub: &str| {
            let sub = format!(r#""token.actions.githubusercontent.com:sub": {sub}"#);
            let condition = if op == "StringEquals" {
                format!(r#"{{"StringEquals": {{{AUD}, {sub}}}}}"#)
            } else {
                format!(r#"{{"StringEquals": {{{AUD}}}, "{op}": {{{sub}}}}}"#)
            };
            codes(&github(&format!(r#", "Condition": {condition}"#)))
        };
        for open in [
            r#""*""#,
            r#""repo:*""#,
            r#""repo:*/*""#,
            r#""repo:octo*/app:*""#,
            r#""*:ref:refs/heads/main""#,
            r#"["repo:octo/app:*", "*"]"#,
        ] {
            assert_eq!(
                with("StringLike", open),
                ["trust-oidc-sub-wildcard"],
                "{open}"
            );
        }
        assert_eq!(
            with("StringLike", r#""repo:octo-org/*""#),
            ["trust-oidc-sub-broad"]
        );
        for narrow in [
            r#""repo:octo-org/app:ref:refs/heads/main""#,
            r#""repo:octo-org@1/app@2:environment:prod""#,
        ] {
            assert!(with("StringLike", narrow).is_empty(), "{narrow}");
            assert!(with("StringEquals", narrow).is_empty(), "{narrow}");
        }
        // Under StringEquals a * is a literal: nothing matches it, nothing is open.
        assert!(with("StringEquals", r#""repo:*""#).is_empty());
        assert!(
            with("ForAnyValue:StringLikeIfExists", r#""repo:*""#) == ["trust-oidc-sub-wildcard"]
        );
    }

    #[test]
    fn gitlab_eks_and_other_trusts() {
        let trust = |principal: &str, action: &str, condition: &str| {
            codes(&format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {principal}, "Action": {action}{condition}}}]}}"#
            ))
        };
        let gitlab = r#"{"Federated": "arn:aws:iam::111122223333:oidc-provider/gitlab.com"}"#;
        assert_eq!(
            trust(gitlab, r#""sts:AssumeRoleWithWebIdentity""#, ""),
            ["trust-oidc-sub-missing", "trust-oidc-aud-missing"]
        );
        assert_eq!(
            trust(
                gitlab,
                r#""sts:AssumeRoleWithWebIdentity""#,
                r#", "Condition": {"StringLike": {"gitlab.com:sub": "project_path:*"}, "StringEquals": {"gitlab.com:aud": "https://gitlab.com"}}"#
            ),
            ["trust-oidc-sub-wildcard"]
        );
        let eks = r#"{"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC"}"#;
        let k = "oidc.eks.us-west-2.amazonaws.com/id/ABC";
        assert_eq!(
            trust(
                eks,
                r#""sts:AssumeRoleWithWebIdentity""#,
                &format!(
                    r#", "Condition": {{"StringEquals": {{"{k}:aud": "sts.amazonaws.com"}}}}"#
                )
            ),
            ["trust-oidc-sub-missing"]
        );
        // AWS's namespace-wide form is one owner's.
        assert_eq!(
            trust(
                eks,
                r#""sts:AssumeRoleWithWebIdentity""#,
                &format!(
                    r#", "Condition": {{"StringLike": {{"{k}:sub": "system:serviceaccount:team:*"}}, "StringEquals": {{"{k}:aud": "sts.amazonaws.com"}}}}"#
                )
            ),
            ["trust-oidc-sub-broad"]
        );
        assert_eq!(
            trust(
                eks,
                r#""sts:AssumeRoleWithWebIdentity""#,
                &format!(
                    r#", "Condition": {{"StringLike": {{"{k}:sub": "system:serviceaccount:*"}}, "StringEquals": {{"{k}:aud": "sts.amazonaws.com"}}}}"#
                )
            ),
            ["trust-oidc-sub-wildcard"]
        );
        // A service, Cognito: nothing to say. Everyone without a condition: an error.
        assert!(
            trust(
                r#"{"Service": "ecs-tasks.amazonaws.com"}"#,
                r#""sts:AssumeRole""#,
                ""
            )
            .is_empty()
        );
        assert!(
            trust(
                r#"{"Federated": "cognito-identity.amazonaws.com"}"#,
                r#""sts:AssumeRoleWithWebIdentity""#,
                ""
            )
            .is_empty()
        );
        assert_eq!(
            trust(r#""*""#, r#""sts:AssumeRole""#, ""),
            ["trust-principal-everyone"]
        );
        assert!(
            trust(
                r#"{"AWS": "*"}"#,
                r#""sts:AssumeRole""#,
                r#", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}}"#
            )
            .is_empty()
        );
    }

    #[test]
    fn trust_policies_are_told_by_their_actions() {
        let doc = |actions: &str| {
            parse_document(&format!(
            r#"{{"Statement": [{{"Effect": "Allow", "Principal": {{"Service": "pods.eks.amazonaws.com"}}, "Action": {actions}}}]}}"#
        )).unwrap()
        };
        assert!(is_trust_policy(&doc(
            r#"["sts:AssumeRole", "sts:TagSession"]"#
        )));
        assert!(is_trust_policy(&doc(r#""STS:AssumeRoleWithWebIdentity""#)));
        assert!(!is_trust_policy(&doc(r#""sts:TagSession""#)));
        assert!(!is_trust_policy(&doc(
            r#"["sts:AssumeRole", "ecr:BatchGetImage"]"#
        )));
        // A repository policy stays one.
        assert!(!is_trust_policy(&doc(r#""ecr:BatchGetImage""#)));
    }

    #[test]
    fn every_code_is_in_the_sarif_rules_table() {
        for code in [
            "trust-oidc-sub-missing",
            "trust-oidc-sub-wildcard",
            "trust-oidc-sub-broad",
            "trust-oidc-aud-missing",
            "trust-principal-everyone",
        ] {
            assert!(
                crate::policy::audit::sarif::RULES
                    .iter()
                    .any(|(id, _, _)| *id == code),
                "{code} is not in the SARIF rules table"
            );
        }
    }
}
