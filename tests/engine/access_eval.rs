//! A small policy evaluator for the access-path tests: identity and repository policies, with
//! AWS's rule that a cross-account request needs both to allow it and a same-account request
//! either (no Deny statements are generated, so none are evaluated).

use serde_json::Value;

/// Who makes a request.
#[derive(Debug, Clone)]
pub enum Caller {
    /// A role or user: its ARN, account and organisation.
    Iam {
        arn: String,
        account: String,
        org: Option<String>,
    },
    /// An AWS service acting for a resource (`aws:sourceArn`).
    Service { name: String, source_arn: String },
}

/// One request: who, which action (`ecr:BatchGetImage`), which resource ARN (or `*`).
#[derive(Debug, Clone)]
pub struct Request {
    pub caller: Caller,
    pub action: String,
    pub resource: String,
}

/// IAM's wildcard match: `*` any run (also `/`), `?` one character.
pub fn glob(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let fold = |s: &str| {
        if ignore_case {
            s.to_ascii_lowercase()
        } else {
            s.to_string()
        }
    };
    let (p, t): (Vec<char>, Vec<char>) = (
        fold(pattern).chars().collect(),
        fold(text).chars().collect(),
    );
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

fn statements(doc: &Value) -> Vec<&Value> {
    match doc.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    }
}

fn action_matches(st: &Value, action: &str) -> bool {
    strings(st.get("Action"))
        .iter()
        .any(|a| glob(a, action, true))
}

/// The condition holds for the request; any operator or key not known here fails closed.
fn condition_holds(st: &Value, req: &Request) -> bool {
    let Some(Value::Object(ops)) = st.get("Condition") else {
        return true;
    };
    ops.iter().all(|(op, keys)| {
        let Value::Object(keys) = keys else {
            return false;
        };
        keys.iter().all(|(key, want)| {
            let got = match (key.to_ascii_lowercase().as_str(), &req.caller) {
                ("aws:principalorgid", Caller::Iam { org, .. }) => org.clone(),
                ("aws:sourcearn", Caller::Service { source_arn, .. }) => Some(source_arn.clone()),
                _ => None,
            };
            let Some(got) = got else { return false };
            strings(Some(want)).iter().any(|w| match op.as_str() {
                "StringEquals" | "ArnEquals" => *w == got,
                "StringLike" | "ArnLike" => glob(w, &got, false),
                _ => false,
            })
        })
    })
}

/// Whether an identity policy of the caller allows the request.
pub fn identity_allows(doc: &Value, req: &Request) -> bool {
    statements(doc).into_iter().any(|st| {
        st["Effect"] == "Allow"
            && st.get("Principal").is_none()
            && action_matches(st, &req.action)
            && strings(st.get("Resource"))
                .iter()
                .any(|r| glob(r, &req.resource, false))
            && condition_holds(st, req)
    })
}

fn principal_matches(principal: &Value, caller: &Caller) -> bool {
    match (principal, caller) {
        (Value::String(s), _) => s == "*",
        (Value::Object(map), Caller::Iam { arn, account, .. }) => {
            strings(map.get("AWS")).iter().any(|p| {
                p == "*" || p == arn || p == account || p.ends_with(&format!(":{account}:root"))
            })
        }
        (Value::Object(map), Caller::Service { name, .. }) => {
            strings(map.get("Service")).iter().any(|s| s == name)
        }
        _ => false,
    }
}

/// Whether a repository policy set on the request's repository allows it.
pub fn repository_allows(doc: &Value, req: &Request) -> bool {
    statements(doc).into_iter().any(|st| {
        st["Effect"] == "Allow"
            && st.get("Resource").is_none()
            && st
                .get("Principal")
                .is_some_and(|p| principal_matches(p, &req.caller))
            && action_matches(st, &req.action)
            && condition_holds(st, req)
    })
}

/// The account in a repository ARN.
fn resource_account(resource: &str) -> Option<&str> {
    resource.split(':').nth(4)
}

/// AWS's decision for a request given the caller's identity policies and the repository's
/// policy: same account, either allows; another account, both must; a service, the
/// repository policy alone.
pub fn allowed(identity: Option<&Value>, repository: Option<&Value>, req: &Request) -> bool {
    let by_identity = identity.is_some_and(|d| identity_allows(d, req));
    let by_repository =
        req.resource != "*" && repository.is_some_and(|d| repository_allows(d, req));
    match &req.caller {
        Caller::Service { .. } => by_repository,
        Caller::Iam { account, .. } => {
            if resource_account(&req.resource).is_none_or(|a| a == account) {
                by_identity || by_repository
            } else {
                by_identity && by_repository
            }
        }
    }
}

#[test]
fn the_evaluator_can_say_no() {
    assert!(glob(
        "arn:aws:ecr:*:1:repository/team/*",
        "arn:aws:ecr:eu-west-1:1:repository/team/a/b",
        false
    ));
    assert!(!glob(
        "arn:aws:ecr:*:1:repository/team/*",
        "arn:aws:ecr:eu-west-1:1:repository/team",
        false
    ));
    assert!(glob("ecr:Batch*", "ECR:BATCHGETIMAGE", true));
    let req = Request {
        caller: Caller::Iam {
            arn: "arn:aws:iam::2:role/r".into(),
            account: "2".into(),
            org: None,
        },
        action: "ecr:BatchGetImage".into(),
        resource: "arn:aws:ecr:eu-west-1:1:repository/web".into(),
    };
    let everything =
        serde_json::json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let anyone =
        serde_json::json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*"}]});
    assert!(allowed(Some(&everything), Some(&anyone), &req));
    assert!(!allowed(Some(&everything), None, &req));
    assert!(!allowed(None, Some(&anyone), &req));
    let limited = serde_json::json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*",
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}]});
    assert!(!allowed(Some(&everything), Some(&limited), &req));
}
