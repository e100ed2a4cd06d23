//! A small IAM evaluator for identity policies, independent of the engine: glob matching on
//! actions (case-insensitive) and resources (case-sensitive), Allow and Deny with Action,
//! `NotAction`, Resource and `NotResource`, and the condition operators the engine models.
//! Anything else in a Condition is unknown: it never lets an Allow apply, and always lets a
//! Deny apply (the strictest reading of the original policy).

use std::collections::BTreeMap;

use serde_json::Value;

/// One request: an action, the resource it is on (`*` for the registry-wide actions), and the
/// tags of that resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub action: String,
    pub resource: String,
    pub tags: BTreeMap<String, String>,
}

/// The decision for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Some Allow statement applies.
    pub allowed: bool,
    /// Some Deny statement applies.
    pub denied: bool,
}

impl Decision {
    /// Allowed and not denied.
    pub fn permits(self) -> bool {
        self.allowed && !self.denied
    }
}

/// IAM's glob: `*` any run of characters (also `/` and `:`), `?` exactly one (bytes: the
/// requests of the tests are ASCII).
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && (p[pi] == b'?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            // Let the last `*` take one more character and retry.
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == b'*')
}

fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    match v? {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) => items.iter().map(|i| i.as_str().map(String::from)).collect(),
        _ => None,
    }
}

/// Three-valued condition result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Truth {
    True,
    False,
    Unknown,
}

/// The value of a condition key in the request, if the evaluator knows the key.
fn lookup<'a>(key: &str, req: &'a Request) -> Result<Option<&'a str>, ()> {
    let lower = key.to_ascii_lowercase();
    for prefix in ["ecr:resourcetag/", "aws:resourcetag/"] {
        if lower.starts_with(prefix) {
            return Ok(req.tags.get(&key[prefix.len()..]).map(String::as_str));
        }
    }
    Err(())
}

fn condition(cond: &Value, req: &Request) -> Truth {
    let Some(ops) = cond.as_object() else {
        return Truth::Unknown;
    };
    let mut all = Truth::True;
    for (op, keys) in ops {
        let Some(keys) = keys.as_object() else {
            return Truth::Unknown;
        };
        let matcher: fn(&str, &str) -> bool = match op.as_str() {
            "StringEquals" => |p, v| p == v,
            "StringLike" => glob,
            _ => return Truth::Unknown,
        };
        for (key, values) in keys {
            let Some(values) = strings(Some(values)) else {
                return Truth::Unknown;
            };
            let Ok(actual) = lookup(key, req) else {
                return Truth::Unknown;
            };
            let hit = actual.is_some_and(|a| values.iter().any(|p| matcher(p, a)));
            if !hit {
                all = Truth::False;
            }
        }
    }
    all
}

/// `Action`/`NotAction` or `Resource`/`NotResource`: the patterns and whether they are negated.
type Element = (bool, Vec<String>);

/// One statement, read once.
struct Rule {
    /// `Some(true)` for Allow, `Some(false)` for Deny; `None` applies to nothing.
    allow: Option<bool>,
    /// Lower-case action patterns.
    action: Element,
    resource: Element,
    condition: Option<Value>,
}

/// A policy read once, for many requests.
pub struct Compiled(Vec<Rule>);

fn element(st: &Value, key: &str, not_key: &str) -> Option<Element> {
    match (strings(st.get(key)), strings(st.get(not_key))) {
        (Some(a), None) => Some((false, a)),
        (None, Some(n)) => Some((true, n)),
        _ => None,
    }
}

impl Compiled {
    /// Reads a policy document; malformed statements apply to nothing.
    pub fn new(policy: &Value) -> Compiled {
        let statements: Vec<&Value> = match policy.get("Statement") {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(one @ Value::Object(_)) => vec![one],
            _ => Vec::new(),
        };
        let rules = statements
            .into_iter()
            .filter_map(|st| {
                let allow = match st.get("Effect").and_then(Value::as_str) {
                    Some("Allow") => Some(true),
                    Some("Deny") => Some(false),
                    _ => None,
                };
                let (not, actions) = element(st, "Action", "NotAction")?;
                let action = (
                    not,
                    actions.iter().map(|a| a.to_ascii_lowercase()).collect(),
                );
                Some(Rule {
                    allow,
                    action,
                    resource: element(st, "Resource", "NotResource")?,
                    condition: st.get("Condition").cloned(),
                })
            })
            .collect();
        Compiled(rules)
    }

    /// The decision for one request.
    pub fn decide(&self, req: &Request) -> Decision {
        let action = req.action.to_ascii_lowercase();
        let mut d = Decision {
            allowed: false,
            denied: false,
        };
        for rule in &self.0 {
            let Some(allow) = rule.allow else { continue };
            let hit = |(not, patterns): &Element, text: &str| {
                patterns.iter().any(|p| glob(p, text)) != *not
            };
            if !hit(&rule.action, &action) || !hit(&rule.resource, &req.resource) {
                continue;
            }
            let truth = rule
                .condition
                .as_ref()
                .map_or(Truth::True, |c| condition(c, req));
            if allow && truth == Truth::True {
                d.allowed = true;
            } else if !allow && truth != Truth::False {
                d.denied = true;
            }
        }
        d
    }
}

/// Evaluates a whole policy document for one request.
pub fn evaluate(policy: &Value, req: &Request) -> Decision {
    Compiled::new(policy).decide(req)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn req(action: &str, resource: &str, tags: &[(&str, &str)]) -> Request {
        Request {
            action: action.to_string(),
            resource: resource.to_string(),
            tags: tags
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
        }
    }

    const WEB: &str = "arn:aws:ecr:us-east-1:111111111111:repository/web";

    #[test]
    fn glob_matches_like_iam() {
        assert!(glob("*", ""));
        assert!(glob("team/*", "team/a/b"));
        assert!(!glob("team/*", "team"));
        assert!(glob("a?c", "abc"));
        assert!(!glob("a?c", "ac"));
        assert!(glob("arn:aws:ecr:*:*:repository/*", WEB));
        assert!(!glob("arn:aws:ecr:eu-*:*:repository/*", WEB));
    }

    #[test]
    fn actions_ignore_case_and_resources_do_not() {
        let p =
            json!({"Statement": [{"Effect": "Allow", "Action": "ECR:batch*", "Resource": WEB}]});
        assert!(evaluate(&p, &req("ecr:BatchGetImage", WEB, &[])).permits());
        let upper = WEB.replace("web", "WEB");
        assert!(!evaluate(&p, &req("ecr:BatchGetImage", &upper, &[])).permits());
        assert!(!evaluate(&p, &req("ecr:PutImage", WEB, &[])).permits());
    }

    #[test]
    fn star_only_actions_on_an_arn_grant_nothing() {
        let p = json!({"Statement": {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": WEB}});
        assert!(!evaluate(&p, &req("ecr:GetAuthorizationToken", "*", &[])).permits());
        let star = json!({"Statement": {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}});
        assert!(evaluate(&star, &req("ecr:GetAuthorizationToken", "*", &[])).permits());
    }

    #[test]
    fn deny_wins_and_not_elements_invert() {
        let p = json!({"Statement": [
            {"Effect": "Allow", "Action": "ecr:*", "Resource": "*"},
            {"Effect": "Deny", "NotAction": "ecr:BatchGetImage", "NotResource": WEB}
        ]});
        assert!(evaluate(&p, &req("ecr:PutImage", WEB, &[])).permits());
        assert!(
            evaluate(
                &p,
                &req(
                    "ecr:BatchGetImage",
                    "arn:aws:ecr:us-east-1:111111111111:repository/x",
                    &[]
                )
            )
            .permits()
        );
        let d = evaluate(
            &p,
            &req(
                "ecr:PutImage",
                "arn:aws:ecr:us-east-1:111111111111:repository/x",
                &[],
            ),
        );
        assert!(d.allowed && d.denied && !d.permits());
    }

    #[test]
    fn conditions_string_equals_like_and_unknown() {
        let tagged = |op: &str, v: Value| {
            json!({"Statement": {"Effect": "Allow", "Action": "ecr:*", "Resource": "*",
                "Condition": {op: {"ecr:ResourceTag/team": v}}}})
        };
        let a = req("ecr:PutImage", WEB, &[("team", "a")]);
        let b = req("ecr:PutImage", WEB, &[("team", "b")]);
        let none = req("ecr:PutImage", WEB, &[]);
        let eq = tagged("StringEquals", json!("a"));
        assert!(evaluate(&eq, &a).permits());
        assert!(!evaluate(&eq, &b).permits());
        assert!(
            !evaluate(&eq, &none).permits(),
            "a missing key never equals"
        );
        assert!(evaluate(&tagged("StringEquals", json!(["b", "a"])), &a).permits());
        assert!(evaluate(&tagged("StringLike", json!("*")), &b).permits());
        let unknown = tagged("IpAddress", json!("10.0.0.0/8"));
        assert!(
            !evaluate(&unknown, &a).allowed,
            "an unknown condition never allows"
        );
        let deny = json!({"Statement": {"Effect": "Deny", "Action": "ecr:*", "Resource": "*",
            "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}});
        assert!(
            evaluate(&deny, &a).denied,
            "an unknown condition always denies"
        );
        let deny_tag = json!({"Statement": {"Effect": "Deny", "Action": "ecr:*", "Resource": "*",
            "Condition": {"StringEquals": {"aws:ResourceTag/team": "a"}}}});
        assert!(evaluate(&deny_tag, &a).denied);
        assert!(!evaluate(&deny_tag, &b).denied);
    }

    #[test]
    fn malformed_statements_apply_to_nothing() {
        let p = json!({"Statement": [{"Effect": "Allow", "Resource": "*"},
            {"Effect": "allow", "Action": "ecr:*", "Resource": "*"}]});
        assert!(!evaluate(&p, &req("ecr:PutImage", WEB, &[])).allowed);
    }
}
