//! The one rendering function: spec -> statements -> JSON text (pretty, as the AWS console
//! editor indents it, or compact). Preview, copy, save and the CLI all call [`render`].

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::policy::spec::catalog::{AccessLevel, ActionId, ActionSet};
use crate::policy::spec::model::Spec;
use crate::policy::spec::tags::TagCondition;

/// The policy language version every generated policy declares.
pub const POLICY_VERSION: &str = "2012-10-17";

/// One `Allow` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sid: &'static str,
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
}

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
                sid: g.sid,
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
    Policy { statements }
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
        .collect();
    Json::Obj(vec![
        (Cow::from("Version"), Json::Str(POLICY_VERSION.to_string())),
        (Cow::from("Statement"), Json::Arr(statements)),
    ])
}

/// Serialises a policy; the pretty form matches `serde_json`'s with a four-space indent.
pub fn to_json(policy: &Policy, style: JsonStyle) -> String {
    let mut out = String::with_capacity(1024);
    write_json(&mut out, &policy_tree(policy), style, 0);
    out
}

fn write_json(out: &mut String, v: &Json, style: JsonStyle, depth: usize) {
    let pretty = style == JsonStyle::Pretty;
    let newline = |out: &mut String, depth: usize| {
        if pretty {
            out.push('\n');
            for _ in 0..depth {
                out.push_str("    ");
            }
        }
    };
    match v {
        Json::Str(s) => write_str(out, s),
        Json::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_json(out, item, style, depth + 1);
            }
            if !items.is_empty() {
                newline(out, depth);
            }
            out.push(']');
        }
        Json::Obj(fields) => {
            out.push('{');
            for (i, (k, item)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_str(out, k);
                out.push_str(if pretty { ": " } else { ":" });
                write_json(out, item, style, depth + 1);
            }
            if !fields.is_empty() {
                newline(out, depth);
            }
            out.push('}');
        }
    }
}

/// A JSON string literal, escaped as `serde_json` does.
pub(crate) fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The size IAM counts against its quotas: characters, whitespace not counted.
pub fn policy_size(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

#[cfg(test)]
mod tests;
