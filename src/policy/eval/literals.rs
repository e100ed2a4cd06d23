//! The literals a document uses, for building probe requests: the principals it names, its
//! action and resource patterns, the condition keys it tests with their operators and values,
//! and the policy variables it reads.

use std::collections::{BTreeMap, BTreeSet};

use crate::policy::eval::policy::Policy;

/// Everything a document names, as written (condition keys lower-cased: they match ignoring
/// case).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Literals {
    /// `(AWS|Service|Federated|CanonicalUser, value)` from `Principal` and `NotPrincipal`.
    pub principals: BTreeSet<(String, String)>,
    /// `Action` and `NotAction` entries.
    pub actions: BTreeSet<String>,
    /// `Resource` and `NotResource` entries.
    pub resources: BTreeSet<String>,
    /// Condition key (lower-cased) → the operators used on it.
    pub operators: BTreeMap<String, BTreeSet<String>>,
    /// Condition key (lower-cased) → the values compared with it.
    pub values: BTreeMap<String, BTreeSet<String>>,
    /// The policy variables read (lower-cased key names), in resources and condition values.
    pub variables: BTreeSet<String>,
}

impl Literals {
    /// The condition keys the document tests.
    pub fn condition_keys(&self) -> impl Iterator<Item = &str> {
        self.operators.keys().map(String::as_str)
    }

    /// Adds another document's literals.
    pub fn extend(&mut self, other: Literals) {
        self.principals.extend(other.principals);
        self.actions.extend(other.actions);
        self.resources.extend(other.resources);
        for (k, v) in other.operators {
            self.operators.entry(k).or_default().extend(v);
        }
        for (k, v) in other.values {
            self.values.entry(k).or_default().extend(v);
        }
        self.variables.extend(other.variables);
    }
}

impl Policy {
    /// The literals of every statement (those that could be read).
    pub fn literals(&self) -> Literals {
        let mut out = Literals::default();
        let variables = self.version == crate::policy::eval::policy::Version::V2012;
        for st in &self.statements {
            if let Some(p) = st.principal_element() {
                out.principals.extend(p.written.iter().cloned());
            }
            if let Some((_, a)) = st.action_patterns() {
                out.actions.extend(a.into_iter().map(String::from));
            }
            if let Some((_, r)) = st.resource_patterns() {
                for pattern in r {
                    if variables {
                        out.variables.extend(variables_in(pattern));
                    }
                    out.resources.insert(pattern.to_string());
                }
            }
            if let Some(c) = st.conditions() {
                // An unreadable condition still names its key.
                for u in c.items.iter().filter_map(|i| i.as_ref().err()) {
                    out.operators
                        .entry(u.key.to_lowercase())
                        .or_default()
                        .insert(u.operator_name.clone());
                }
                for item in c.items.iter().flatten() {
                    let key = item.key_lower().to_string();
                    out.operators
                        .entry(key.clone())
                        .or_default()
                        .insert(item.operator_name.clone());
                    let vals = out.values.entry(key).or_default();
                    for v in &item.values {
                        if variables && item.operator().base.takes_variables() {
                            out.variables.extend(variables_in(v));
                        }
                        vals.insert(v.clone());
                    }
                }
            }
        }
        out
    }
}

/// The variable names in a string (`${key}` and `${key, 'default'}`; not `${*}`, `${?}`, `${$}`).
fn variables_in(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        let Some(end) = rest[start + 2..].find('}') else {
            break;
        };
        let inner = &rest[start + 2..start + 2 + end];
        let name = inner.split(',').next().unwrap_or_default().trim();
        if !["*", "?", "$", ""].contains(&name) {
            out.push(name.to_lowercase());
        }
        rest = &rest[start + 2 + end + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_lists_what_it_names() {
        let p = Policy::parse(
            r#"{"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Principal": {"AWS": ["111111111111", "arn:aws:iam::2:role/x"], "Service": "lambda.amazonaws.com"},
               "Action": ["ecr:BatchGetImage", "ecr:Get*"],
               "Condition": {"StringEquals": {"AWS:PrincipalOrgID": ["o-a", "o-b"]},
                             "ArnLike": {"aws:SourceArn": "arn:aws:lambda:*:*:function:${aws:PrincipalAccount}"}}},
              {"Effect": "Deny", "NotPrincipal": {"AWS": "*"}, "NotAction": "ecr:Describe*",
               "Resource": "arn:aws:ecr:*:1:repository/${aws:username}/${*}"}
            ]}"#,
        )
        .unwrap();
        let l = p.literals();
        assert_eq!(l.principals.len(), 4);
        assert!(
            l.principals
                .contains(&("Service".into(), "lambda.amazonaws.com".into()))
        );
        assert_eq!(
            l.actions.iter().collect::<Vec<_>>(),
            ["ecr:BatchGetImage", "ecr:Describe*", "ecr:Get*"]
        );
        assert_eq!(l.resources.len(), 1);
        assert_eq!(
            l.condition_keys().collect::<Vec<_>>(),
            ["aws:principalorgid", "aws:sourcearn"]
        );
        assert_eq!(l.values["aws:principalorgid"].len(), 2);
        assert_eq!(
            l.variables.iter().collect::<Vec<_>>(),
            ["aws:principalaccount", "aws:username"]
        );
        // Under 2008-10-17 nothing is a variable.
        let old = Policy::parse(
            r#"{"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:ecr:*:1:repository/${aws:username}"}}"#,
        )
        .unwrap();
        assert!(old.literals().variables.is_empty());
    }
}
