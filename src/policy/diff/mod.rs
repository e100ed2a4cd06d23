//! What a policy change means: both documents as effective permissions (each ECR action × each
//! resource pattern × conditions, Allow and Deny apart), compared by coverage rather than by text,
//! so reordering statements or actions changes nothing and a narrower pattern is a narrowing.

pub mod words;

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use crate::policy::audit::check::expand;
use crate::policy::audit::lint::wildcard_matches;
use crate::policy::import::document::{DocStatement, Document, unlike_as_written};
use crate::policy::spec::catalog::{ActionId, ActionSet};

/// One permission: an ECR action on a resource pattern under conditions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Grant {
    /// `ecr:NAME`.
    pub action: String,
    /// The resource pattern as written (`*`, an ARN, an ARN pattern), or `NotResource:[…]`.
    pub resource: String,
    /// The statement's Condition as canonical JSON (keys and value lists sorted); empty when none.
    pub condition: String,
}

/// A document's permissions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Permissions {
    pub allow: BTreeSet<Grant>,
    pub deny: BTreeSet<Grant>,
}

/// The permissions of a document's statements (ECR actions only; other services are ignored).
pub fn permissions(doc: &Document) -> Permissions {
    let mut p = Permissions::default();
    for st in &doc.statements {
        let set = match st.effect.as_ref().and_then(Value::as_str) {
            Some("Allow") => &mut p.allow,
            Some("Deny") => &mut p.deny,
            _ => continue,
        };
        let condition = st.condition.as_ref().map_or_else(String::new, |c| {
            serde_json::to_string(&canonical(c)).unwrap_or_default()
        });
        for action in actions(st).iter() {
            for resource in resources(st) {
                // What matches nothing grants nothing: an image URI or other non-ARN, and a
                // *-only action (ecr:GetAuthorizationToken) on anything but "*".
                let matches_any = resource == "*"
                    || resource.starts_with("NotResource:")
                    || (resource.starts_with("arn:")
                        && !action.info().star_only
                        && unlike_as_written(&resource).is_none());
                if !matches_any {
                    continue;
                }
                set.insert(Grant {
                    action: action.qualified(),
                    resource: resource.clone(),
                    condition: condition.clone(),
                });
            }
        }
    }
    p
}

fn actions(st: &DocStatement) -> ActionSet {
    let named = |list: &Option<Vec<String>>| {
        list.iter()
            .flatten()
            .filter_map(|n| expand(n))
            .fold(ActionSet::EMPTY, ActionSet::union)
    };
    if st.not_action.is_some() {
        let all: ActionSet = ActionId::all().collect();
        all.difference(named(&st.not_action))
    } else {
        named(&st.action)
    }
}

fn resources(st: &DocStatement) -> Vec<String> {
    match (&st.resource, &st.not_resource) {
        // As IAM reads them, exactly as written: a padded ARN matches nothing (see below).
        (Some(r), _) => r.clone(),
        (None, Some(nr)) => {
            let mut sorted = nr.clone();
            sorted.sort();
            vec![format!("NotResource:[{}]", sorted.join(","))]
        }
        (None, None) => Vec::new(),
    }
}

/// The actions and resources of a document that IAM reads otherwise than they look (padded,
/// or with invisible characters), each as `statement N: …`: the diff counts them as granting
/// nothing, and says so.
pub fn unlike_values(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for st in &doc.statements {
        let elements = [
            ("Action", &st.action),
            ("NotAction", &st.not_action),
            ("Resource", &st.resource),
            ("NotResource", &st.not_resource),
        ];
        for (element, values) in elements {
            for v in values.iter().flatten() {
                if let Some(how) = unlike_as_written(v) {
                    out.push(format!(
                        "statement {}: {element} {}: {}",
                        st.index + 1,
                        crate::policy::visible::quoted(v),
                        how.message(element)
                    ));
                }
            }
        }
    }
    out
}

/// Keys sorted (`serde_json`'s map is ordered), value lists sorted and deduplicated.
fn canonical(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), canonical(v))).collect())
        }
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().map(canonical).collect();
            items.sort_by_key(Value::to_string);
            items.dedup();
            Value::Array(items)
        }
        other => other.clone(),
    }
}

/// True when `wide` allows (or denies) at least everything `narrow` does.
pub fn covers(wide: &Grant, narrow: &Grant) -> bool {
    wide.action == narrow.action
        && (wide.condition.is_empty() || wide.condition == narrow.condition)
        && (wide.resource == narrow.resource
            || (!wide.resource.starts_with("NotResource:")
                && !narrow.resource.starts_with("NotResource:")
                && wildcard_matches(&wide.resource, &narrow.resource)))
}

fn uncovered(of: &BTreeSet<Grant>, by: &BTreeSet<Grant>) -> Vec<Grant> {
    of.iter()
        .filter(|g| !by.iter().any(|w| covers(w, g)))
        .cloned()
        .collect()
}

/// What changed between two documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Allowed by NEW, not by OLD.
    pub granted: Vec<Grant>,
    /// Allowed by OLD, not by NEW.
    pub revoked: Vec<Grant>,
    /// Denied by NEW, not by OLD.
    pub denied: Vec<Grant>,
    /// Denied by OLD, not by NEW.
    pub undenied: Vec<Grant>,
}

impl Change {
    /// No difference in permissions.
    pub fn is_empty(&self) -> bool {
        self.granted.is_empty()
            && self.revoked.is_empty()
            && self.denied.is_empty()
            && self.undenied.is_empty()
    }

    /// NEW allows something OLD did not: a new Allow, or a Deny lifted.
    pub fn new_access(&self) -> bool {
        !self.granted.is_empty() || !self.undenied.is_empty()
    }
}

/// Compares two documents' permissions.
pub fn diff(old: &Document, new: &Document) -> Change {
    let (o, n) = (permissions(old), permissions(new));
    Change {
        granted: uncovered(&n.allow, &o.allow),
        revoked: uncovered(&o.allow, &n.allow),
        denied: uncovered(&n.deny, &o.deny),
        undenied: uncovered(&o.deny, &n.deny),
    }
}

#[cfg(test)]
mod tests;
