//! Reads a policy document as people have it (plain, or wrapped as the AWS CLI prints it) into
//! statements whose elements are kept as given, so the checks can report every problem.

use std::fmt;

use serde_json::{Map, Value};
use thiserror::Error;

use super::json_keys::{DuplicateKey, duplicate_keys};
use crate::policy::emit::render::policy_size;

/// Why a text could not be read as a policy at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct DocError {
    /// 1-based line of the problem, when the JSON parser knows it.
    pub line: Option<usize>,
    /// 1-based column of the problem, when the JSON parser knows it.
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl DocError {
    fn plain(message: impl Into<String>) -> DocError {
        DocError {
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A `serde_json` syntax error in plain words, with its position; `within` names a wrapper.
    fn json(e: &serde_json::Error, within: Option<&str>) -> DocError {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let what = full.strip_suffix(&suffix).unwrap_or(&full);
        let place = within.map_or_else(String::new, |w| format!(" in the {w} string"));
        DocError {
            line: (e.line() > 0).then_some(e.line()),
            column: (e.line() > 0).then_some(e.column()),
            message: format!("is not valid JSON{place}: {what}"),
        }
    }
}

/// How IAM reads an `Action` or `Resource` string differently from how it looks: it takes the
/// string exactly as written, never trimmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlike {
    /// Starts with a space or other white space: IAM refuses the policy ("JSON strings must
    /// not have leading spaces").
    Leading,
    /// Ends with white space: no action or resource is named so, so it matches nothing.
    Trailing,
    /// Holds white space, a control or an invisible character inside: matches nothing.
    Inside(char),
}

impl Unlike {
    /// Whether IAM refuses the whole policy over it (else the value only matches nothing).
    pub fn refused(self) -> bool {
        self == Unlike::Leading
    }

    /// What is wrong, in plain words, about `element` (`Action`, `Resource`, …).
    pub fn message(self, element: &str) -> String {
        match self {
            Unlike::Leading => format!(
                "This {element} starts with white space. IAM reads strings exactly as written \
                 and refuses a policy whose strings have leading spaces."
            ),
            Unlike::Trailing => format!(
                "This {element} ends with white space. IAM reads it exactly as written, not \
                 trimmed, so it names nothing and grants nothing."
            ),
            Unlike::Inside(c) => format!(
                "This {element} holds {} (U+{:04X}). IAM reads it exactly as written, so it \
                 names nothing and grants nothing.",
                crate::policy::visible::quoted(&c.to_string()),
                u32::from(c)
            ),
        }
    }
}

/// Where a policy document is set, which decides the rules it follows: an identity policy
/// (attached to a role, user or group), a repository policy (set on one repository), a
/// registry policy (set on the registry, per region) or a role's trust policy (who may assume
/// the role).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    Identity,
    Repository,
    Registry,
    Trust,
}

impl DocKind {
    /// In plain words ("a repository policy").
    pub fn label(self) -> &'static str {
        match self {
            DocKind::Identity => "an identity policy",
            DocKind::Repository => "a repository policy",
            DocKind::Registry => "a registry policy",
            DocKind::Trust => "a role trust policy",
        }
    }
}

/// Whether IAM reads `value` (an action or resource) otherwise than it looks: white space at
/// either end, or white space, a control or an invisible character inside.
pub fn unlike_as_written(value: &str) -> Option<Unlike> {
    let odd = |c: char| c.is_whitespace() || crate::policy::visible::is_hidden(c);
    if value.starts_with(char::is_whitespace) {
        return Some(Unlike::Leading);
    }
    if value.ends_with(char::is_whitespace) {
        return Some(Unlike::Trailing);
    }
    value.chars().find(|c| odd(*c)).map(Unlike::Inside)
}

/// A problem with how an element is written, found while reading (reported by the checks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementProblem {
    /// The element, e.g. `Action`, or `Statement` for the statement itself.
    pub element: String,
    pub message: String,
}

/// One statement, its elements as written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocStatement {
    /// 0-based position in `Statement`.
    pub index: usize,
    pub sid: Option<Value>,
    pub effect: Option<Value>,
    /// `None` when the element is absent; a lone string becomes a one-item list.
    pub action: Option<Vec<String>>,
    pub not_action: Option<Vec<String>>,
    pub resource: Option<Vec<String>>,
    pub not_resource: Option<Vec<String>>,
    /// `Principal` or `NotPrincipal` is present (they have no place in an identity policy).
    pub principal: bool,
    pub condition: Option<Value>,
    /// Elements of the wrong type, unknown elements, a statement that is not an object.
    pub problems: Vec<ElementProblem>,
}

impl DocStatement {
    /// The Sid when it is a string.
    pub fn sid_text(&self) -> Option<&str> {
        self.sid.as_ref().and_then(Value::as_str)
    }

    /// True when `Effect` is exactly `Allow`.
    pub fn is_allow(&self) -> bool {
        self.effect.as_ref().and_then(Value::as_str) == Some("Allow")
    }
}

/// A policy document, unwrapped.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub version: Option<Value>,
    pub statements: Vec<DocStatement>,
    /// `Statement` was a single object rather than an array (allowed by the grammar).
    pub single_statement_object: bool,
    /// What IAM counts against its size quotas: the document re-serialised compactly,
    /// whitespace not counted.
    pub raw_size: usize,
    /// The wrapper taken off, e.g. `PolicyVersion.Document`, when there was one.
    pub wrapper: Option<String>,
    /// Problems with the document itself: no `Statement`, unknown top-level elements.
    pub problems: Vec<ElementProblem>,
    /// The unwrapped policy object, as parsed.
    pub value: Value,
    /// Keys written twice in one object of the text (or of a document given as a string):
    /// the parsed value kept only the last of each.
    pub duplicate_keys: Vec<DuplicateKey>,
}

/// Top-level elements of a policy.
const TOP_LEVEL: [&str; 3] = ["Version", "Id", "Statement"];
/// Statement elements of the grammar.
const ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Reads a policy: plain JSON, or `{"PolicyDocument": …}`, `{"Policy": {"PolicyDocument": …}}`,
/// `{"PolicyVersion": {"Document": …}}`, `{"Role": {"AssumeRolePolicyDocument": …}}` (`aws iam
/// get-role`), where the inner document may also be a JSON string
/// (plain or URL-encoded, as the IAM API returns it).
pub fn parse_document(text: &str) -> Result<Document, DocError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(DocError::plain(
            "is empty: give a policy document, a JSON object with Version and Statement",
        ));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| DocError::json(&e, None))?;
    let mut duplicates = duplicate_keys(text);
    let (value, wrapper) = unwrap(value, &mut duplicates)?;
    let mut doc = read_policy(value, wrapper);
    doc.duplicate_keys = duplicates;
    Ok(doc)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Takes off the AWS CLI wrappers, decoding a document given as a string (whose repeated
/// keys are added to `duplicates`).
fn unwrap(
    value: Value,
    duplicates: &mut Vec<DuplicateKey>,
) -> Result<(Value, Option<String>), DocError> {
    let Value::Object(map) = value else {
        return Err(DocError::plain(format!(
            "has {} at the top level: a policy is a JSON object with Version and Statement",
            kind(&value)
        )));
    };
    if map.contains_key("Statement") {
        return Ok((Value::Object(map), None));
    }
    let paths: [(&str, Option<&str>); 4] = [
        ("PolicyDocument", None),
        ("Policy", Some("PolicyDocument")),
        ("PolicyVersion", Some("Document")),
        // `aws iam get-role`: the role's trust policy.
        ("Role", Some("AssumeRolePolicyDocument")),
    ];
    for (outer, inner) in paths {
        let found = match (map.get(outer), inner) {
            (Some(v), None) => Some(v),
            (Some(Value::Object(m)), Some(key)) => m.get(key),
            _ => None,
        };
        if let Some(doc) = found {
            let name = inner.map_or_else(|| outer.to_string(), |i| format!("{outer}.{i}"));
            let doc = match doc {
                Value::String(s) => decode_string(s, &name, duplicates)?,
                other => other.clone(),
            };
            if !doc.is_object() {
                return Err(DocError::plain(format!(
                    "has {} in {name}: the policy document must be a JSON object",
                    kind(&doc)
                )));
            }
            return Ok((doc, Some(name)));
        }
    }
    Ok((Value::Object(map), None))
}

/// A document given as a string: JSON text, or URL-encoded JSON text.
fn decode_string(
    s: &str,
    name: &str,
    duplicates: &mut Vec<DuplicateKey>,
) -> Result<Value, DocError> {
    let trimmed = s.trim();
    let decoded;
    let json = if trimmed.starts_with('{') {
        trimmed
    } else {
        decoded = percent_decode(trimmed).ok_or_else(|| {
            DocError::plain(format!(
                "has a {name} string that is neither JSON nor URL-encoded UTF-8 JSON"
            ))
        })?;
        decoded.as_str()
    };
    let value = serde_json::from_str(json).map_err(|e| DocError::json(&e, Some(name)))?;
    duplicates.extend(duplicate_keys(json).into_iter().map(|d| DuplicateKey {
        within: Some(format!("the {name} string")),
        ..d
    }));
    Ok(value)
}

/// RFC 3986 percent-decoding (`+` stays `+`); `None` for a broken escape or bytes not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn read_policy(value: Value, wrapper: Option<String>) -> Document {
    let raw_size = policy_size(&serde_json::to_string(&value).unwrap_or_default());
    let mut problems = Vec::new();
    let empty = Map::new();
    let map = value.as_object().unwrap_or(&empty);
    for key in map.keys().filter(|k| !TOP_LEVEL.contains(&k.as_str())) {
        problems.push(problem(
            key,
            "is not a policy element: the top level has only Version, Id and Statement",
        ));
    }
    let mut single = false;
    let statements = match map.get("Statement") {
        None => {
            problems.push(problem(
                "Statement",
                "is missing: a policy needs statements",
            ));
            Vec::new()
        }
        Some(Value::Array(items)) => {
            if items.is_empty() {
                problems.push(problem("Statement", "is an empty array: add a statement"));
            }
            items
                .iter()
                .enumerate()
                .map(|(i, s)| read_statement(i, s))
                .collect()
        }
        Some(obj @ Value::Object(_)) => {
            single = true;
            vec![read_statement(0, obj)]
        }
        Some(other) => {
            problems.push(problem(
                "Statement",
                &format!(
                    "is {}: it must be an object or an array of objects",
                    kind(other)
                ),
            ));
            Vec::new()
        }
    };
    Document {
        version: map.get("Version").cloned(),
        statements,
        single_statement_object: single,
        raw_size,
        wrapper,
        problems,
        value,
        duplicate_keys: Vec::new(),
    }
}

fn problem(element: &str, message: &str) -> ElementProblem {
    ElementProblem {
        element: element.to_string(),
        message: message.to_string(),
    }
}

fn read_statement(index: usize, v: &Value) -> DocStatement {
    let mut st = DocStatement {
        index,
        ..DocStatement::default()
    };
    let Value::Object(map) = v else {
        st.problems.push(problem(
            "Statement",
            &format!("is {}: each statement must be a JSON object", kind(v)),
        ));
        return st;
    };
    for (key, value) in map {
        match key.as_str() {
            "Sid" => st.sid = Some(value.clone()),
            "Effect" => st.effect = Some(value.clone()),
            "Principal" | "NotPrincipal" => st.principal = true,
            "Action" => st.action = Some(string_list(key, value, &mut st.problems)),
            "NotAction" => st.not_action = Some(string_list(key, value, &mut st.problems)),
            "Resource" => st.resource = Some(string_list(key, value, &mut st.problems)),
            "NotResource" => st.not_resource = Some(string_list(key, value, &mut st.problems)),
            "Condition" => {
                if !value.is_object() {
                    st.problems.push(problem(
                        key,
                        &format!("is {}: a Condition is an object of operators", kind(value)),
                    ));
                }
                st.condition = Some(value.clone());
            }
            _ => {
                let hint = ELEMENTS
                    .iter()
                    .find(|e| e.eq_ignore_ascii_case(key.trim_end_matches('s')))
                    .map_or_else(String::new, |e| format!(" (did you mean {e}?)"));
                st.problems.push(problem(
                    key,
                    &format!("is not a statement element{hint}; IAM rejects the policy"),
                ));
            }
        }
    }
    st
}

/// A string or an array of strings; anything else is recorded as a problem.
fn string_list(key: &str, v: &Value, problems: &mut Vec<ElementProblem>) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => {
            let mut out = Vec::new();
            for item in items {
                match item {
                    Value::String(s) => out.push(s.clone()),
                    other => problems.push(problem(
                        key,
                        &format!(
                            "has {} ({other}) in its list: only strings are allowed",
                            kind(other)
                        ),
                    )),
                }
            }
            if items.is_empty() {
                problems.push(problem(key, "is an empty list: name at least one"));
            }
            out
        }
        other => {
            problems.push(problem(
                key,
                &format!(
                    "is {}: it must be a string or an array of strings",
                    kind(other)
                ),
            ));
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_read_exactly_as_written() {
        let cases = [
            ("ecr:BatchGetImage", None),
            ("*", None),
            (" ecr:BatchGetImage ", Some(Unlike::Leading)),
            ("\tecr:BatchGetImage", Some(Unlike::Leading)),
            ("\u{a0}ecr:BatchGetImage", Some(Unlike::Leading)),
            ("ecr:BatchGetImage ", Some(Unlike::Trailing)),
            ("ecr:BatchGetImage\n", Some(Unlike::Trailing)),
            ("ecr:Batch GetImage", Some(Unlike::Inside(' '))),
            (
                "ecr:Batch\u{200b}GetImage",
                Some(Unlike::Inside('\u{200b}')),
            ),
            (
                "ecr:BatchGetImage\u{202e}",
                Some(Unlike::Inside('\u{202e}')),
            ),
        ];
        for (value, want) in cases {
            assert_eq!(unlike_as_written(value), want, "{value:?}");
        }
        assert!(Unlike::Leading.refused() && !Unlike::Trailing.refused());
    }

    #[test]
    fn repeated_keys_are_kept_with_the_document_also_inside_a_string() {
        let doc = parse_document(
            "{\"Version\": \"2012-10-17\",\n\"Statement\": [],\n\"Version\": \"x\"}",
        )
        .unwrap();
        assert_eq!(doc.duplicate_keys.len(), 1);
        assert_eq!(
            (doc.duplicate_keys[0].first_line, doc.duplicate_keys[0].line),
            (1, 3)
        );
        let inner = r#"{"PolicyDocument": "{\"Statement\": [], \"Statement\": []}"}"#;
        let doc = parse_document(inner).unwrap();
        assert_eq!(doc.duplicate_keys.len(), 1);
        assert!(
            doc.duplicate_keys[0]
                .message()
                .contains("of the PolicyDocument string"),
            "{}",
            doc.duplicate_keys[0].message()
        );
    }
}
