//! Checks for the documents that are not ECR identity policies: a repository policy (any
//! statement has a `Principal`, or its source says so) and an ECR Public identity policy
//! (`ecr-public:` actions only). Identity-policy findings (login, `Resource`) do not apply to a
//! repository policy; a statement naming another repository never applies.

use std::collections::HashMap;

use serde_json::Value;

use super::check::{CheckFinding, Sink, effect_findings, sid_findings, version_findings};
use crate::policy::audit::lint::Severity;
use crate::policy::audit::lint::wildcard_matches;
use crate::policy::emit::repository_policy::REPOSITORY_POLICY_MAX;
use crate::policy::import::document::{DocKind, DocStatement, Document};
use crate::policy::spec::catalog::find_action;
use crate::policy::spec::public::{PUBLIC_PARTITION, find_public_action};

/// Condition keys that limit an open principal (`"*"`) to someone in particular.
const LIMITING_KEYS: &[&str] = &[
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpce",
    "aws:sourcevpc",
];

/// The findings for a repository policy (any statement has a `Principal`, or the source says
/// so) or an ECR Public identity policy; `None` for an ECR identity policy, which the main
/// checks handle. `repository`: the one the policy is set on, when the source names it.
pub(super) fn check_other_kinds(
    doc: &Document,
    kind: Option<DocKind>,
    repository: Option<&str>,
) -> Option<Vec<CheckFinding>> {
    let repository_policy = match kind {
        Some(DocKind::Repository) => true,
        Some(DocKind::Identity | DocKind::Registry | DocKind::Trust) => false,
        None => doc.statements.iter().any(|s| s.principal),
    };
    if repository_policy {
        let mut out = check_with(doc, DocKind::Repository, &repository_statement);
        out.extend(size_finding(doc));
        out.extend(other_repository_findings(doc, repository));
        return Some(out);
    }
    let actions: Vec<&str> = doc
        .statements
        .iter()
        .flat_map(|s| s.action.iter().flatten())
        .map(String::as_str)
        .collect();
    let public = actions.iter().any(|a| has_prefix(a, "ecr-public:"));
    (public && !actions.iter().any(|a| has_prefix(a, "ecr:")))
        .then(|| check_with(doc, DocKind::Identity, &public_statement))
}

/// The repository names a statement's `Resource` gives (ECR repository ARNs only; patterns
/// kept as patterns).
fn named_repositories(st: &DocStatement) -> Vec<&str> {
    st.resource
        .iter()
        .flatten()
        .filter_map(|r| {
            let parts: Vec<&str> = r.splitn(6, ':').collect();
            match parts.as_slice() {
                ["arn", _, "ecr", _, _, rest] => rest.strip_prefix("repository/"),
                _ => None,
            }
        })
        .filter(|name| !name.contains(crate::policy::import::sources::UNRESOLVED))
        .collect()
}

/// A repository policy is set on one repository: a statement whose `Resource` names only other
/// repositories never applies. With the repository known (Terraform's `repository`,
/// `CloudFormation`'s `RepositoryName`), each such statement is named; without it, a policy
/// whose statements name several repositories is said to hold statements that cannot all apply.
fn other_repository_findings(doc: &Document, repository: Option<&str>) -> Vec<CheckFinding> {
    let mut out = Vec::new();
    if let Some(own) = repository {
        for st in &doc.statements {
            let names = named_repositories(st);
            let covers = |n: &&str| *n == own || wildcard_matches(n, own);
            let only_arns = st.resource.iter().flatten().all(|r| r.starts_with("arn:"));
            if names.is_empty() || !only_arns || names.iter().any(covers) {
                continue;
            }
            let mut sink = Sink::new(Some(st));
            sink.push(
                "repo-resource-other-repository",
                Severity::Info,
                Some(&names.join(", ")),
                format!(
                    "This policy is set on repository {own}, and the statement's Resource \
                     names only {}: a repository policy governs the repository it is set on, \
                     so this statement never applies.",
                    names.join(", ")
                ),
                format!(
                    "Remove Resource (the repository is implied), or move the statement to \
                     the policy of {}.",
                    names.join(", ")
                ),
            );
            out.extend(sink.out);
        }
        return out;
    }
    let mut concrete: Vec<&str> = doc
        .statements
        .iter()
        .flat_map(named_repositories)
        .filter(|n| !n.contains(['*', '?']))
        .collect();
    concrete.sort_unstable();
    concrete.dedup();
    if concrete.len() > 1 {
        let mut sink = Sink::new(None);
        sink.push(
            "repo-resource-other-repository",
            Severity::Info,
            Some(&concrete.join(", ")),
            format!(
                "The statements' Resource names the repositories {}; a repository policy is \
                 set on one repository and governs only it, so the statements naming the \
                 others never apply.",
                concrete.join(", ")
            ),
            "Give each repository its own policy with its own statements (and leave Resource \
             out: the repository is implied).",
        );
        out.extend(sink.out);
    }
    out
}

/// `SetRepositoryPolicy` takes a `policyText` of at most 10,240 characters, every character
/// counted (whitespace too); judged on the compact text, the smallest it can be sent as.
fn size_finding(doc: &Document) -> Option<CheckFinding> {
    let size = serde_json::to_string(&doc.value).ok()?.chars().count();
    if size <= REPOSITORY_POLICY_MAX {
        return None;
    }
    let mut sink = Sink::new(None);
    sink.push(
        "repo-policy-size",
        Severity::Error,
        Some(&size.to_string()),
        format!(
            "The repository policy has {size} characters even without spaces; ECR takes at \
             most {REPOSITORY_POLICY_MAX} and refuses it."
        ),
        "Merge statements with the same principal and list fewer actions (each repository \
         holds one policy).",
    );
    sink.out.pop()
}

fn has_prefix(action: &str, prefix: &str) -> bool {
    action
        .get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// Sids (by the rules of `kind`), Effect and Version as for every policy, then `each` on every
/// statement.
pub(super) fn check_with(
    doc: &Document,
    kind: DocKind,
    each: &dyn Fn(&DocStatement, &Value, &mut Sink<'_>),
) -> Vec<CheckFinding> {
    let mut out = Vec::new();
    let mut sids: HashMap<&str, usize> = HashMap::new();
    let statements = doc.value.get("Statement");
    for st in &doc.statements {
        let mut sink = Sink::new(Some(st));
        if st.problems.iter().any(|p| p.element == "Statement") {
            sink.push(
                "statement-not-object",
                Severity::Error,
                None,
                "A statement is not a JSON object.",
                "Write each statement as {\"Sid\": …, \"Effect\": \"Allow\", …}.",
            );
            out.extend(sink.out);
            continue;
        }
        sid_findings(st, kind, &mut sids, &mut sink);
        effect_findings(st, &mut sink);
        let raw = match statements {
            Some(Value::Array(items)) => items.get(st.index).unwrap_or(&Value::Null),
            Some(one) => one,
            None => &Value::Null,
        };
        each(st, raw, &mut sink);
        out.extend(sink.out);
    }
    let mut sink = Sink::new(None);
    version_findings(doc.version.as_ref(), &mut sink);
    out.extend(sink.out);
    out
}

fn repository_statement(st: &DocStatement, raw: &Value, sink: &mut Sink<'_>) {
    let condition_keys: Vec<String> = match &st.condition {
        Some(Value::Object(ops)) => ops
            .values()
            .filter_map(Value::as_object)
            .flat_map(|keys| keys.keys().map(|k| k.to_ascii_lowercase()))
            .collect(),
        _ => Vec::new(),
    };
    if raw.get("NotPrincipal").is_some() && st.is_allow() {
        sink.push(
            "repo-not-principal",
            Severity::Warning,
            None,
            "Allow with NotPrincipal allows everyone except the principals named.",
            "Name who may use the repository in Principal instead.",
        );
    }
    match raw.get("Principal") {
        None if raw.get("NotPrincipal").is_none() => sink.push(
            "repo-principal-missing",
            Severity::Error,
            None,
            "In a repository policy every statement needs a Principal: who it allows.",
            "Add \"Principal\": {\"AWS\": \"arn:aws:iam::ACCOUNT:role/NAME\"} (or an account ID).",
        ),
        None => {}
        Some(p) => principal_findings(p, st.is_allow(), &condition_keys, "this repository", sink),
    }
    for a in st.action.iter().flatten() {
        let Some((service, name)) = a.split_once(':') else {
            continue;
        };
        if !service.eq_ignore_ascii_case("ecr") {
            sink.push(
                "repo-non-ecr-action",
                Severity::Warning,
                Some(a),
                format!("{a} is not an ECR action; a repository policy only governs ECR."),
                "Remove it; grant other services in their own policies.",
            );
        } else if let Some(info) = find_action(name).map(crate::policy::ActionId::info)
            && info.star_only
        {
            sink.push(
                "repo-star-only-action",
                Severity::Error,
                Some(a),
                format!(
                    "ecr:{} only works on \"*\", not on a repository: ECR rejects a repository \
                     policy that contains it.",
                    info.name
                ),
                format!(
                    "Remove ecr:{} here and grant it in the caller's identity policy on \"*\".",
                    info.name
                ),
            );
        }
    }
}

/// Who a statement names: `"*"` unlimited, malformed principals, a service without source
/// limits. `what`: what the policy opens, in words ("this repository").
pub(super) fn principal_findings(
    p: &Value,
    allow: bool,
    keys: &[String],
    what: &str,
    sink: &mut Sink<'_>,
) {
    let limited = keys.iter().any(|k| LIMITING_KEYS.contains(&k.as_str()));
    let open = match p {
        Value::String(s) if s == "*" => true,
        Value::Object(map) => map.get("AWS").is_some_and(|v| strings(v).contains(&"*")),
        _ => false,
    };
    if open && allow && !limited {
        sink.push(
            "repo-open-principal",
            Severity::Error,
            Some("*"),
            format!(
                "Principal \"*\" without a limiting condition: anyone, in any account, can use \
                 {what}."
            ),
            "Name the accounts or roles, or limit it: \"Condition\": {\"StringEquals\": \
             {\"aws:PrincipalOrgID\": \"o-…\"}}.",
        );
    }
    let Value::Object(map) = p else {
        if !matches!(p, Value::String(s) if s == "*") {
            malformed(
                sink,
                &p.to_string(),
                "Principal is \"*\" or an object such as {\"AWS\": …}",
            );
        }
        return;
    };
    for (kind, value) in map {
        for v in strings(value) {
            match kind.as_str() {
                "AWS" if v != "*" && !is_aws_principal(v) => malformed(
                    sink,
                    v,
                    "an AWS principal is a 12-digit account ID or an ARN such as \
                     arn:aws:iam::ACCOUNT:root, …:role/NAME or …:user/NAME",
                ),
                "Service"
                    if !v.ends_with(".amazonaws.com") && !v.ends_with(".amazonaws.com.cn") =>
                {
                    malformed(
                        sink,
                        v,
                        "a service principal looks like lambda.amazonaws.com",
                    );
                }
                "Service"
                    if allow
                        && !keys
                            .iter()
                            .any(|k| k == "aws:sourcearn" || k == "aws:sourceaccount") =>
                {
                    sink.push(
                        "repo-service-unlimited",
                        Severity::Warning,
                        Some(v),
                        format!(
                            "{v} is allowed for every account's resources: nothing limits it \
                             with aws:SourceArn or aws:SourceAccount."
                        ),
                        "Add \"Condition\": {\"StringLike\": {\"aws:sourceArn\": \
                         \"arn:aws:lambda:REGION:ACCOUNT:function:*\"}} (or aws:SourceAccount).",
                    );
                }
                "AWS" | "Service" | "Federated" | "CanonicalUser" => {}
                other => malformed(
                    sink,
                    other,
                    "the principal types are AWS, Service and Federated",
                ),
            }
        }
        if strings(value).is_empty() {
            malformed(
                sink,
                kind,
                "each principal type takes a string or an array of strings",
            );
        }
    }
}

fn malformed(sink: &mut Sink<'_>, value: &str, rule: &str) {
    sink.push(
        "repo-principal-malformed",
        Severity::Error,
        Some(value),
        format!("{value} is not a valid principal: {rule}. ECR rejects the policy."),
        "Write e.g. \"Principal\": {\"AWS\": \"arn:aws:iam::222233334444:role/ci\"}.",
    );
}

fn strings(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_aws_principal(v: &str) -> bool {
    if is_account(v) {
        return true;
    }
    let parts: Vec<&str> = v.splitn(6, ':').collect();
    let [arn, _, service, region, account, resource] = parts.as_slice() else {
        return false;
    };
    *arn == "arn"
        && region.is_empty()
        && is_account(account)
        && match *service {
            "iam" => {
                *resource == "root"
                    || resource
                        .split_once('/')
                        .is_some_and(|(k, n)| matches!(k, "role" | "user") && !n.is_empty())
            }
            "sts" => resource.starts_with("assumed-role/"),
            _ => false,
        }
}

fn public_statement(st: &DocStatement, _raw: &Value, sink: &mut Sink<'_>) {
    let actions: Vec<&str> = st.action.iter().flatten().map(String::as_str).collect();
    let resources: Vec<&str> = st.resource.iter().flatten().map(String::as_str).collect();
    let login = actions
        .iter()
        .any(|a| a.eq_ignore_ascii_case("ecr-public:GetAuthorizationToken"));
    let bearer = actions
        .iter()
        .any(|a| a.eq_ignore_ascii_case("sts:GetServiceBearerToken"));
    if st.is_allow() && login != bearer {
        sink.push(
            "public-login-pair",
            Severity::Error,
            Some(if login {
                "ecr-public:GetAuthorizationToken"
            } else {
                "sts:GetServiceBearerToken"
            }),
            "Logging in to ECR Public needs both ecr-public:GetAuthorizationToken and \
             sts:GetServiceBearerToken; with one of them the login fails.",
            "Grant both in one statement with \"Resource\": \"*\".",
        );
    }
    if (login || bearer) && resources.iter().any(|r| *r != "*") {
        sink.push(
            "public-login-on-arn",
            Severity::Error,
            None,
            "The ECR Public login actions have no resource type: they only work on \"*\".",
            "Put them in their own statement with \"Resource\": \"*\".",
        );
    }
    for a in &actions {
        if let Some(name) = a.get(11..).filter(|_| has_prefix(a, "ecr-public:"))
            && !name.contains(['*', '?'])
            && find_public_action(name).is_none()
        {
            sink.push(
                "public-action-unknown",
                Severity::Error,
                Some(a),
                format!("{a} is not an ECR Public action."),
                "Run ecr-policy generate --registry public to see the actions it knows.",
            );
        }
    }
    for r in resources.iter().filter(|r| r.starts_with("arn:")) {
        let parts: Vec<&str> = r.splitn(6, ':').collect();
        let [_, partition, service, region, ..] = parts.as_slice() else {
            continue;
        };
        if *service != "ecr-public" {
            continue;
        }
        if !region.is_empty() {
            let fixed = r.replacen(&format!(":{region}:"), "::", 1);
            sink.push(
                "public-region-in-arn",
                Severity::Error,
                Some(r),
                "ECR Public ARNs have no region, so this never matches.",
                format!("Use {fixed}."),
            );
        }
        if *partition != PUBLIC_PARTITION {
            sink.push(
                "public-partition",
                Severity::Error,
                Some(r),
                format!("ECR Public exists in the aws partition only, not {partition}."),
                "Use arn:aws:ecr-public::ACCOUNT:repository/NAME.",
            );
        }
    }
}

#[cfg(test)]
#[path = "repository_tests.rs"]
mod tests;
