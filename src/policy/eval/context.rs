//! A request's context keys: which keys it has and their values, which it is known not to have,
//! and which it leaves open. Key names are matched ignoring case (IAM's rule); values keep theirs.

use std::collections::HashMap;

/// The value of a context key: one string, or a set of strings for a multivalued key such as
/// `aws:TagKeys` or `aws:PrincipalOrgPaths` (possibly empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextValue {
    One(String),
    Many(Vec<String>),
}

impl From<&str> for ContextValue {
    fn from(s: &str) -> Self {
        ContextValue::One(s.to_string())
    }
}

impl From<String> for ContextValue {
    fn from(s: String) -> Self {
        ContextValue::One(s)
    }
}

/// What the request says about one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// The key is present with this value.
    Present(&'a ContextValue),
    /// The key is known to be absent from the request.
    Absent,
    /// The request does not say whether the key is present or what it holds.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Present(ContextValue),
    Absent,
    Unknown,
}

/// The context keys of one request. In a *closed* context every key not set is known absent (a
/// request as AWS would see it); in an *open* one every key not set is unknown, so any condition
/// on it leaves the answer undecided (what `check` and `diff` need when they reason about every
/// possible caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// Keyed by the lower-cased key name.
    entries: HashMap<String, Entry>,
    unset_unknown: bool,
}

impl Default for Context {
    fn default() -> Self {
        Context::closed()
    }
}

impl Context {
    /// A context where every key not set is absent.
    pub fn closed() -> Context {
        Context {
            entries: HashMap::new(),
            unset_unknown: false,
        }
    }

    /// A context where every key not set is unknown.
    pub fn open() -> Context {
        Context {
            entries: HashMap::new(),
            unset_unknown: true,
        }
    }

    /// Whether keys that were not set are unknown (open) rather than absent (closed).
    pub fn is_open(&self) -> bool {
        self.unset_unknown
    }

    /// Sets a key to one value.
    pub fn set(&mut self, key: &str, value: impl Into<ContextValue>) -> &mut Context {
        self.entries
            .insert(key.to_lowercase(), Entry::Present(value.into()));
        self
    }

    /// Sets a multivalued key to these values (an empty list is a present, empty set).
    pub fn set_many<I, S>(&mut self, key: &str, values: I) -> &mut Context
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let v = values.into_iter().map(Into::into).collect();
        self.entries
            .insert(key.to_lowercase(), Entry::Present(ContextValue::Many(v)));
        self
    }

    /// Marks a key as known absent (also in an open context).
    pub fn set_absent(&mut self, key: &str) -> &mut Context {
        self.entries.insert(key.to_lowercase(), Entry::Absent);
        self
    }

    /// Marks a key as unknown (also in a closed context).
    pub fn set_unknown(&mut self, key: &str) -> &mut Context {
        self.entries.insert(key.to_lowercase(), Entry::Unknown);
        self
    }

    /// Whether the key was given (a value, absent or unknown), as opposed to left to the
    /// context's default.
    pub fn is_set(&self, key: &str) -> bool {
        self.entries.contains_key(&key.to_lowercase())
    }

    /// What the request says about a key (any case).
    pub fn get(&self, key: &str) -> Lookup<'_> {
        if key.bytes().any(|b| b.is_ascii_uppercase()) || !key.is_ascii() {
            self.lookup_lower(&key.to_lowercase())
        } else {
            self.lookup_lower(key)
        }
    }

    /// What the request says about a key already lower-cased (the evaluator lower-cases the keys
    /// of a policy once, when it reads the policy).
    pub(crate) fn lookup_lower(&self, key: &str) -> Lookup<'_> {
        match self.entries.get(key) {
            Some(Entry::Present(v)) => Lookup::Present(v),
            Some(Entry::Absent) => Lookup::Absent,
            Some(Entry::Unknown) => Lookup::Unknown,
            None if self.unset_unknown => Lookup::Unknown,
            None => Lookup::Absent,
        }
    }

    /// The keys set to a value, lower-cased, with their values (sorted by key).
    pub fn present(&self) -> Vec<(&str, &ContextValue)> {
        let mut out: Vec<(&str, &ContextValue)> = self
            .entries
            .iter()
            .filter_map(|(k, e)| match e {
                Entry::Present(v) => Some((k.as_str(), v)),
                _ => None,
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_ignore_case_values_do_not() {
        let mut c = Context::closed();
        c.set("aws:PrincipalOrgID", "o-AbC");
        assert_eq!(
            c.get("AWS:principalorgid"),
            Lookup::Present(&ContextValue::One("o-AbC".into()))
        );
        assert_eq!(c.get("aws:SourceIp"), Lookup::Absent);
    }

    #[test]
    fn open_and_closed() {
        let mut open = Context::open();
        open.set_absent("aws:SourceVpce")
            .set("aws:SecureTransport", "true");
        assert_eq!(open.get("aws:PrincipalOrgID"), Lookup::Unknown);
        assert_eq!(open.get("aws:sourcevpce"), Lookup::Absent);
        assert!(matches!(
            open.get("aws:SecureTransport"),
            Lookup::Present(_)
        ));
        let mut closed = Context::closed();
        closed.set_unknown("aws:SourceIp");
        assert_eq!(closed.get("aws:SourceIp"), Lookup::Unknown);
        assert_eq!(closed.get("aws:Other"), Lookup::Absent);
    }

    #[test]
    fn multivalued_keys() {
        let mut c = Context::closed();
        c.set_many("aws:TagKeys", ["a", "b"])
            .set_many("aws:PrincipalOrgPaths", Vec::<String>::new());
        assert_eq!(
            c.get("aws:tagkeys"),
            Lookup::Present(&ContextValue::Many(vec!["a".into(), "b".into()]))
        );
        assert_eq!(
            c.get("aws:PrincipalOrgPaths"),
            Lookup::Present(&ContextValue::Many(vec![]))
        );
        assert_eq!(c.present().len(), 2);
    }
}
