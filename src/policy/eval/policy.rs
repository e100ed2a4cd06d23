//! A policy document read once for many requests: its `Version` (policy variables exist only
//! under 2012-10-17), and each statement's `Effect`, `Action`/`NotAction` (ignoring case),
//! `Resource`/`NotResource` (case-sensitive), `Principal`/`NotPrincipal` and `Condition`. A
//! statement with an element that cannot be read is kept and leaves undecided any request it
//! might apply to.

use std::sync::Arc;

use serde_json::Value;

use crate::policy::eval::condition::Conditions;
use crate::policy::eval::glob::{Glob, match_tokens};
use crate::policy::eval::principal::{MatchKind, PrincipalElement};
use crate::policy::eval::request::Request;
use crate::policy::eval::template::{Resolved, Template};
use crate::policy::eval::tri::Tri;

/// The policy language version a document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `2012-10-17`: policy variables are replaced.
    V2012,
    /// `2008-10-17`: `${…}` is literal text.
    V2008,
    /// No `Version`: as 2008-10-17 (IAM: "variables … are treated as literal strings").
    Absent,
}

/// A document that cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("the policy is not valid JSON: {0}")]
    Json(String),
    #[error("the policy is not a JSON object")]
    NotObject,
    #[error("`Version` is `{0}`; IAM knows 2012-10-17 and 2008-10-17")]
    Version(String),
    #[error("`Statement` is missing or is neither an object nor a list of objects")]
    Statement,
}

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    Allow,
    Deny,
}

/// One `Action` / `NotAction` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ActionPattern {
    written: String,
    /// Lower-cased; `Err` when it is not `*` or `service:action`.
    glob: Result<Glob, String>,
}

/// One `Resource` / `NotResource` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ResourcePattern {
    template: Result<Template, String>,
    /// For a pattern without variables.
    glob: Option<Glob>,
    anything: bool,
}

/// An element with its `Not` form: (negated, entries).
#[derive(Debug, Clone, PartialEq)]
struct Element<T> {
    negated: bool,
    entries: Vec<T>,
}

/// Where a document sits, which decides which elements its statements must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Identity-based policies, permissions boundaries, session policies, SCPs: no `Principal`,
    /// a `Resource` or `NotResource`.
    Identity,
    /// Resource-based policies (repository, registry), RCPs and VPC endpoint policies: a
    /// `Principal` or `NotPrincipal`; without `Resource` the statement is about the resource the
    /// policy is attached to (as in ECR repository policies).
    Resource,
}

/// One statement, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Position in the document's `Statement` list, from 0.
    pub index: usize,
    pub sid: Option<Arc<str>>,
    /// `None` when `Effect` is neither `Allow` nor `Deny`.
    pub effect: Option<Effect>,
    actions: Option<Element<ActionPattern>>,
    resources: Option<Element<ResourcePattern>>,
    principal: Option<Result<PrincipalElement, String>>,
    condition: Option<Result<Conditions, String>>,
    /// What makes the statement unreadable as a whole (both `Action` and `NotAction`, an
    /// unknown element, a bad `Effect`…).
    problems: Vec<String>,
    /// The element as written, for listing literals.
    pub(crate) written: Value,
}

/// A policy document, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub version: Version,
    pub statements: Vec<Statement>,
}

/// What one statement does to one request.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub effect: Option<Effect>,
    /// Whether the statement applies to the request.
    pub applies: Tri,
    /// For a statement with a principal element: how it names the request's principal.
    pub kind: Option<MatchKind>,
}

fn strings(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) => items.iter().map(|i| i.as_str().map(String::from)).collect(),
        _ => None,
    }
}

fn action_pattern(s: &str) -> ActionPattern {
    let glob = if !s.is_empty() && s.bytes().all(|b| b == b'*') {
        Ok(Glob::new("*"))
    } else {
        match s.split_once(':') {
            Some((svc, act))
                if !svc.is_empty()
                    && svc.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && !act.is_empty()
                    && !act.contains(':')
                    && !act.chars().any(char::is_whitespace) =>
            {
                Ok(Glob::new(&s.to_lowercase()))
            }
            _ => Err(format!("action `{s}` is not `*` or SERVICE:ACTION")),
        }
    };
    ActionPattern {
        written: s.to_string(),
        glob,
    }
}

fn resource_pattern(s: &str, variables: bool) -> ResourcePattern {
    let anything = !s.is_empty() && s.bytes().all(|b| b == b'*');
    let template = Template::parse_resource(s, variables);
    let glob = template
        .as_ref()
        .ok()
        .and_then(Template::fixed_tokens)
        .map(|toks| Glob::from_tokens(toks.to_vec()));
    ResourcePattern {
        template,
        glob,
        anything,
    }
}

const KNOWN: [&str; 9] = [
    "Sid",
    "Effect",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Principal",
    "NotPrincipal",
    "Condition",
];

impl Statement {
    fn read(index: usize, v: &Value, version: Version) -> Statement {
        let variables = version == Version::V2012;
        let mut problems = Vec::new();
        let Value::Object(m) = v else {
            return Statement {
                index,
                sid: None,
                effect: None,
                actions: None,
                resources: None,
                principal: None,
                condition: None,
                problems: vec!["the statement is not an object".into()],
                written: v.clone(),
            };
        };
        for k in m.keys() {
            if !KNOWN.contains(&k.as_str()) {
                problems.push(format!("unknown element `{k}`"));
            }
        }
        let sid = match m.get("Sid") {
            None => None,
            Some(Value::String(s)) => Some(Arc::from(s.as_str())),
            Some(_) => {
                problems.push("`Sid` is not a string".into());
                None
            }
        };
        let effect = match m.get("Effect").and_then(Value::as_str) {
            Some("Allow") => Some(Effect::Allow),
            Some("Deny") => Some(Effect::Deny),
            other => {
                problems.push(format!(
                    "`Effect` is {}, not \"Allow\" or \"Deny\"",
                    other.map_or_else(|| "missing".to_string(), |o| format!("`{o}`"))
                ));
                None
            }
        };
        let mut pair = |name: &str, not: &str| -> Option<(bool, Vec<String>)> {
            match (m.get(name), m.get(not)) {
                (Some(_), Some(_)) => {
                    problems.push(format!("both `{name}` and `{not}`"));
                    None
                }
                (Some(v), None) | (None, Some(v)) => {
                    let negated = m.contains_key(not);
                    let shown = if negated { not } else { name };
                    let list = strings(v);
                    if list.is_none() {
                        problems.push(format!("`{shown}` is not a string or a list of strings"));
                    }
                    list.map(|l| (negated, l))
                }
                (None, None) => None,
            }
        };
        let actions = pair("Action", "NotAction").map(|(negated, list)| Element {
            negated,
            entries: list.iter().map(|s| action_pattern(s)).collect(),
        });
        let resources = pair("Resource", "NotResource").map(|(negated, list)| Element {
            negated,
            entries: list
                .iter()
                .map(|s| resource_pattern(s, variables))
                .collect(),
        });
        if actions.is_none() && !m.contains_key("Action") && !m.contains_key("NotAction") {
            problems.push("no `Action` or `NotAction`".into());
        }
        let principal = match (m.get("Principal"), m.get("NotPrincipal")) {
            (Some(_), Some(_)) => {
                problems.push("both `Principal` and `NotPrincipal`".into());
                None
            }
            (Some(p), None) => Some(PrincipalElement::parse(p, false)),
            (None, Some(p)) => Some(PrincipalElement::parse(p, true)),
            (None, None) => None,
        };
        let condition = m.get("Condition").map(|c| Conditions::parse(c, variables));
        Statement {
            index,
            sid,
            effect,
            actions,
            resources,
            principal,
            condition,
            problems,
            written: v.clone(),
        }
    }

    /// What the statement says about one request. `place`: where its document sits.
    /// `boundary`: the principal has a permissions boundary (for `Deny` + `NotPrincipal`).
    pub fn apply(&self, req: &Request, place: Place, boundary: bool) -> Applied {
        let mut kind = None;
        let done = |applies: Tri, kind| Applied {
            effect: self.effect,
            applies,
            kind,
        };
        // Cheapest and most often decisive first.
        let mut applies = self.action_tri(req);
        if applies.is_false() {
            return done(applies, kind);
        }
        applies = applies.and(self.resource_tri(req, place));
        if applies.is_false() {
            return done(applies, kind);
        }
        applies = applies.and(self.principal_tri(req, place, boundary, &mut kind));
        if applies.is_false() {
            return done(applies, kind);
        }
        applies = applies.and(match &self.condition {
            None => Tri::True,
            Some(Err(e)) => Tri::Unknown(e.clone()),
            Some(Ok(c)) => c.eval(&req.context),
        });
        if let Some(p) = self.problems.first()
            && !applies.is_false()
        {
            applies = Tri::Unknown(p.clone());
        }
        done(applies, kind)
    }

    fn principal_tri(
        &self,
        req: &Request,
        place: Place,
        boundary: bool,
        kind: &mut Option<MatchKind>,
    ) -> Tri {
        match (&self.principal, place) {
            (None, Place::Identity) => Tri::True,
            (None, Place::Resource) => {
                Tri::Unknown("no `Principal` or `NotPrincipal` in a resource-based policy".into())
            }
            (Some(_), Place::Identity) => {
                Tri::Unknown("a `Principal` in an identity-based policy".into())
            }
            (Some(Err(e)), Place::Resource) => Tri::Unknown(e.clone()),
            (Some(Ok(p)), Place::Resource) => {
                let deny_boundary = boundary && self.effect == Some(Effect::Deny);
                match p.matches(req.principal(), deny_boundary) {
                    Ok(Some(k)) => {
                        *kind = Some(k);
                        Tri::True
                    }
                    Ok(None) => Tri::False,
                    Err(r) => Tri::Unknown(r),
                }
            }
        }
    }

    fn action_tri(&self, req: &Request) -> Tri {
        let Some(el) = &self.actions else {
            return Tri::Unknown("no `Action` or `NotAction`".into());
        };
        let action = req.action_lower();
        let mut hit = Tri::False;
        for p in &el.entries {
            let t = match &p.glob {
                Ok(g) => Tri::from_bool(g.matches(action)),
                Err(e) => Tri::Unknown(e.clone()),
            };
            hit = hit.or(t);
            if hit.is_true() {
                break;
            }
        }
        if el.negated { hit.negate() } else { hit }
    }

    fn resource_tri(&self, req: &Request, place: Place) -> Tri {
        let Some(el) = &self.resources else {
            return match place {
                // Attached to the resource: about that resource.
                Place::Resource => Tri::True,
                Place::Identity => Tri::Unknown("no `Resource` or `NotResource`".into()),
            };
        };
        // Per entry: Some(true/false) match, None = "fails" (an unresolvable variable: false
        // whether the element is negated or not).
        let mut out = if el.negated { Tri::True } else { Tri::False };
        for p in &el.entries {
            let m: Result<Option<bool>, String> = if req.is_star_only() {
                // An action without a resource type is matched only by `*`.
                Ok(Some(p.anything))
            } else if p.anything {
                Ok(Some(true))
            } else if let Some(g) = &p.glob {
                Ok(Some(g.matches(req.resource())))
            } else {
                match &p.template {
                    Err(e) => Err(e.clone()),
                    Ok(t) => match t.resolve(&req.context) {
                        Resolved::Fixed(toks) => Ok(Some(match_tokens(toks, req.resource()))),
                        Resolved::Built(toks) => Ok(Some(match_tokens(&toks, req.resource()))),
                        Resolved::Fail(_) => Ok(None),
                        Resolved::Unknown(r) => Err(r),
                    },
                }
            };
            let t = match (m, el.negated) {
                (Ok(Some(b)), neg) => Tri::from_bool(b != neg),
                (Ok(None), _) => Tri::False,
                (Err(e), _) => Tri::Unknown(e),
            };
            out = if el.negated { out.and(t) } else { out.or(t) };
            if (el.negated && out.is_false()) || (!el.negated && out.is_true()) {
                break;
            }
        }
        out
    }

    /// The `Action`/`NotAction` entries as written, and whether negated.
    pub fn action_patterns(&self) -> Option<(bool, Vec<&str>)> {
        self.actions.as_ref().map(|e| {
            (
                e.negated,
                e.entries.iter().map(|p| p.written.as_str()).collect(),
            )
        })
    }

    /// The `Resource`/`NotResource` entries as written, and whether negated.
    pub fn resource_patterns(&self) -> Option<(bool, Vec<&str>)> {
        self.resources.as_ref().map(|e| {
            (
                e.negated,
                e.entries
                    .iter()
                    .filter_map(|p| p.template.as_ref().ok().map(Template::raw))
                    .collect(),
            )
        })
    }

    /// The principal element, when there is one and it could be read.
    pub fn principal_element(&self) -> Option<&PrincipalElement> {
        self.principal.as_ref().and_then(|p| p.as_ref().ok())
    }

    /// The conditions, when there are some and they could be read.
    pub fn conditions(&self) -> Option<&Conditions> {
        self.condition.as_ref().and_then(|c| c.as_ref().ok())
    }
}

impl Policy {
    /// Reads a policy from JSON text.
    pub fn parse(text: &str) -> Result<Policy, PolicyError> {
        let v: Value = serde_json::from_str(text).map_err(|e| PolicyError::Json(e.to_string()))?;
        Policy::from_value(&v)
    }

    /// Reads a policy document.
    pub fn from_value(v: &Value) -> Result<Policy, PolicyError> {
        let Value::Object(m) = v else {
            return Err(PolicyError::NotObject);
        };
        let version = match m.get("Version") {
            None => Version::Absent,
            Some(Value::String(s)) if s == "2012-10-17" => Version::V2012,
            Some(Value::String(s)) if s == "2008-10-17" => Version::V2008,
            Some(other) => {
                return Err(PolicyError::Version(
                    other
                        .as_str()
                        .map_or_else(|| other.to_string(), String::from),
                ));
            }
        };
        let list: Vec<&Value> = match m.get("Statement") {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(one @ Value::Object(_)) => vec![one],
            _ => return Err(PolicyError::Statement),
        };
        Ok(Policy {
            version,
            statements: list
                .into_iter()
                .enumerate()
                .map(|(i, s)| Statement::read(i, s, version))
                .collect(),
        })
    }
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
