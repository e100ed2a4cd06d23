//! The one rendering function: spec -> statements -> JSON text (pretty, as the AWS console
//! editor indents it, or compact). Preview, copy, save and the CLI all call [`render`].

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

use crate::policy::spec::catalog::{AccessLevel, ActionId, ActionSet};
use crate::policy::spec::model::Spec;
use crate::policy::spec::tags::TagCondition;

/// The policy language version every generated policy declares.
pub const POLICY_VERSION: &str = "2012-10-17";

/// One `Allow` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Unique in the policy (numbered when several grants or a kept statement share one).
    pub sid: Cow<'static, str>,
    /// In catalog (alphabetical) order.
    pub actions: Vec<ActionId>,
    /// `*`, or repository ARNs in sorted order.
    pub resources: Vec<String>,
    /// `StringEquals` condition keys and values, sorted by key; only on repository statements.
    pub condition: Vec<(String, String)>,
}

/// A policy document before it becomes text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub statements: Vec<Statement>,
    /// ECR managed signing: `signer:SignPayload` on the pusher's signing profiles, after our
    /// ECR statements.
    pub signing: Option<SignStatement>,
    /// Statements kept as written, after ours.
    pub kept: Vec<Value>,
}

/// The statement that lets a pusher sign with AWS Signer (ECR managed signing signs each pushed
/// image with the pusher's identity): `signer:SignPayload` on the signing profiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignStatement {
    /// Unique in the policy.
    pub sid: String,
    /// Signing profile ARNs (`arn:PARTITION:signer:REGION:ACCOUNT:/signing-profiles/NAME`).
    pub profiles: Vec<String>,
}

/// The signing statement's Sid (numbered when a kept statement has it).
pub const SIGN_SID: &str = "SignImages";

/// The one action a pusher needs on the signing profile.
pub const SIGN_ACTION: &str = "signer:SignPayload";

/// How the JSON is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JsonStyle {
    /// Four-space indentation, like the AWS console's JSON editor.
    #[default]
    Pretty,
    /// No whitespace at all.
    Compact,
}

/// Which statement an action lands in: registry-level actions (no resource type) only ever
/// go to `"*"`, everything else only to the repository ARNs.
struct Group {
    sid: &'static str,
    star: bool,
    levels: &'static [AccessLevel],
    login_only: Option<bool>,
}

const GROUPS: &[Group] = &[
    Group {
        sid: "RegistryLogin",
        star: true,
        levels: AccessLevel::ALL,
        login_only: Some(true),
    },
    Group {
        sid: "ReadRegistrySettings",
        star: true,
        levels: &[AccessLevel::List, AccessLevel::Read],
        login_only: Some(false),
    },
    Group {
        sid: "ManageRegistrySettings",
        star: true,
        levels: &[
            AccessLevel::Write,
            AccessLevel::PermissionsManagement,
            AccessLevel::Tagging,
        ],
        login_only: Some(false),
    },
    Group {
        sid: "ReadRepositories",
        star: false,
        levels: &[AccessLevel::List, AccessLevel::Read],
        login_only: None,
    },
    Group {
        sid: "WriteRepositories",
        star: false,
        levels: &[AccessLevel::Write],
        login_only: None,
    },
    Group {
        sid: "TagRepositories",
        star: false,
        levels: &[AccessLevel::Tagging],
        login_only: None,
    },
    Group {
        sid: "ManageRepositoryPolicies",
        star: false,
        levels: &[AccessLevel::PermissionsManagement],
        login_only: None,
    },
];

const LOGIN: &str = "GetAuthorizationToken";

impl Group {
    fn takes(&self, a: ActionId) -> bool {
        let info = a.info();
        info.star_only == self.star
            && self.levels.contains(&info.access)
            && self.login_only.is_none_or(|l| (info.name == LOGIN) == l)
    }
}

/// `arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME`.
pub fn repository_arn(partition: &str, region: &str, account: &str, name: &str) -> String {
    format!("arn:{partition}:ecr:{region}:{account}:repository/{name}")
}

/// The ARNs of every repository in the spec, sorted.
pub fn repository_arns(spec: &Spec) -> Vec<String> {
    Target::of(spec).arns()
}

/// What the statements point at: the parts of every repository ARN.
/// The wizard's draft preview fills missing parts with placeholders such as `{ACCOUNT_ID}`.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub partition: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub repositories: &'a [String],
    /// Tag conditions for the repository statements.
    pub tags: &'a [TagCondition],
}

impl<'a> Target<'a> {
    /// The target a validated spec describes.
    pub fn of(spec: &'a Spec) -> Target<'a> {
        Target {
            partition: spec.partition().arn,
            region: &spec.region.code,
            account: &spec.account,
            repositories: &spec.repositories,
            tags: &spec.tags,
        }
    }

    fn arns(&self) -> Vec<String> {
        let mut arns: Vec<String> = self
            .repositories
            .iter()
            .map(|r| repository_arn(self.partition, self.region, self.account, r))
            .collect();
        arns.sort();
        arns.dedup();
        arns
    }
}

/// Groups the spec's actions into statements, in a fixed order.
pub fn build(spec: &Spec) -> Policy {
    build_for(Target::of(spec), spec.actions)
}

/// Groups actions into statements for a target, in a fixed order.
pub fn build_for(target: Target<'_>, actions: ActionSet) -> Policy {
    let arns = target.arns();
    let mut condition: Vec<(String, String)> = target
        .tags
        .iter()
        .map(|t| (t.condition_key(), t.value.clone()))
        .collect();
    condition.sort();
    let statements = GROUPS
        .iter()
        .filter_map(|g| {
            let actions: Vec<ActionId> = actions.iter().filter(|a| g.takes(*a)).collect();
            if actions.is_empty() || (!g.star && arns.is_empty()) {
                return None;
            }
            let resources = if g.star {
                vec!["*".to_string()]
            } else {
                arns.clone()
            };
            Some(Statement {
                sid: Cow::Borrowed(g.sid),
                actions,
                resources,
                condition: if g.star {
                    Vec::new()
                } else {
                    condition.clone()
                },
            })
        })
        .collect();
    Policy {
        statements,
        signing: None,
        kept: Vec::new(),
    }
}

/// The policy document as JSON text. The single rendering entry point.
pub fn render(spec: &Spec, style: JsonStyle) -> String {
    to_json(&build(spec), style)
}

/// The actions a policy grants, as a set (for comparisons and tests).
pub fn granted(policy: &Policy) -> ActionSet {
    policy
        .statements
        .iter()
        .flat_map(|s| s.actions.iter().copied())
        .collect()
}

/// A minimal JSON tree, enough for IAM documents. The other output formats
/// (`crate::policy::emit::format`) walk the same tree, so every format carries the same document.
pub(crate) enum Json {
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(Cow<'static, str>, Json)>),
    /// A number, `true`, `false` or `null` from a kept statement.
    Lit(Value),
}

impl Json {
    /// A parsed value as a tree (object keys in the order `serde_json` keeps them).
    pub(crate) fn of(v: &Value) -> Json {
        match v {
            Value::String(s) => Json::Str(s.clone()),
            Value::Array(items) => Json::Arr(items.iter().map(Json::of).collect()),
            Value::Object(map) => Json::Obj(
                map.iter()
                    .map(|(k, v)| (Cow::Owned(k.clone()), Json::of(v)))
                    .collect(),
            ),
            other => Json::Lit(other.clone()),
        }
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Str(s) => serializer.serialize_str(s),
            Json::Lit(v) => v.serialize(serializer),
            Json::Arr(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Obj(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(k.as_ref(), v)?;
                }
                map.end()
            }
        }
    }
}

/// The policy as a JSON tree, keys in the order they are written.
pub(crate) fn policy_tree(policy: &Policy) -> Json {
    let statements = policy
        .statements
        .iter()
        .map(|s| {
            let resource = match s.resources.as_slice() {
                [one] => Json::Str(one.clone()),
                many => Json::Arr(many.iter().cloned().map(Json::Str).collect()),
            };
            let mut fields = vec![
                (Cow::from("Sid"), Json::Str(s.sid.to_string())),
                (Cow::from("Effect"), Json::Str("Allow".to_string())),
                (
                    Cow::from("Action"),
                    Json::Arr(s.actions.iter().map(|a| Json::Str(a.qualified())).collect()),
                ),
                (Cow::from("Resource"), resource),
            ];
            if !s.condition.is_empty() {
                let equals = s
                    .condition
                    .iter()
                    .map(|(k, v)| (Cow::from(k.clone()), Json::Str(v.clone())))
                    .collect();
                fields.push((
                    Cow::from("Condition"),
                    Json::Obj(vec![(Cow::from("StringEquals"), Json::Obj(equals))]),
                ));
            }
            Json::Obj(fields)
        })
        .chain(policy.signing.iter().map(|s| {
            let resource = match s.profiles.as_slice() {
                [one] => Json::Str(one.clone()),
                many => Json::Arr(many.iter().cloned().map(Json::Str).collect()),
            };
            Json::Obj(vec![
                (Cow::from("Sid"), Json::Str(s.sid.clone())),
                (Cow::from("Effect"), Json::Str("Allow".to_string())),
                (
                    Cow::from("Action"),
                    Json::Arr(vec![Json::Str(SIGN_ACTION.to_string())]),
                ),
                (Cow::from("Resource"), resource),
            ])
        }))
        .chain(policy.kept.iter().map(Json::of))
        .collect();
    Json::Obj(vec![
        (Cow::from("Version"), Json::Str(POLICY_VERSION.to_string())),
        (Cow::from("Statement"), Json::Arr(statements)),
    ])
}

/// Serialises a policy with `serde_json`: pretty with a four-space indent (as the AWS console
/// editor writes it), or compact.
pub fn to_json(policy: &Policy, style: JsonStyle) -> String {
    json_text(&policy_tree(policy), style)
}

/// Serialises any JSON tree of ours the same way (used by every document we write).
pub(crate) fn json_text(tree: &Json, style: JsonStyle) -> String {
    let mut out = Vec::with_capacity(1024);
    let written = match style {
        JsonStyle::Compact => tree.serialize(&mut serde_json::Serializer::new(&mut out)),
        JsonStyle::Pretty => {
            let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
            tree.serialize(&mut serde_json::Serializer::with_formatter(
                &mut out, formatter,
            ))
        }
    };
    // Writing to a Vec cannot fail, and serde_json only writes UTF-8.
    match written {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// The size IAM counts against its quotas: characters, whitespace not counted.
pub fn policy_size(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

#[cfg(test)]
mod tests;
