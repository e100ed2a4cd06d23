//! Account dumps (`aws iam get-account-authorization-details`): the default version of every
//! managed policy (the only one in force), every inline policy of users, groups and roles, and
//! every role's trust policy (`AssumeRolePolicyDocument`, reported as
//! `role/NAME/AssumeRolePolicyDocument`).

use serde_json::Value;

use super::outline::{Node, outline};
use super::{FoundPolicy, SourceError, SourceFile};
use crate::policy::import::document::{DocError, DocKind, percent_decode};

/// The inline policy lists of a dump: (list, name field, policy list field, address prefix).
const INLINE: [(&str, &str, &str, &str); 3] = [
    ("UserDetailList", "UserName", "UserPolicyList", "user"),
    ("GroupDetailList", "GroupName", "GroupPolicyList", "group"),
    ("RoleDetailList", "RoleName", "RolePolicyList", "role"),
];

/// Reads every policy in force from a dump.
pub fn read(text: &str) -> SourceFile {
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return SourceFile::failed(DocError {
                line: Some(e.line()),
                column: Some(e.column()),
                message: format!("is not valid JSON: {e}"),
            });
        }
    };
    let lines = outline(text).unwrap_or_default();
    let mut out = SourceFile::default();
    for (list, name_key, policies_key, prefix) in INLINE {
        let entities = items(&root, list);
        let entity_lines = lines.get(list);
        for (i, entity) in entities.iter().enumerate() {
            let name = entity.get(name_key).and_then(Value::as_str).unwrap_or("?");
            let entity_node = entity_lines.and_then(|n| n.items.get(i));
            let policy_nodes = entity_node.and_then(|n| n.get(policies_key));
            for (j, p) in items(entity, policies_key).iter().enumerate() {
                let pname = p.get("PolicyName").and_then(Value::as_str).unwrap_or("?");
                let address = format!("{prefix}/{name}/{pname}");
                let node = policy_nodes.and_then(|n| n.items.get(j));
                let doc_node = node.and_then(|n| n.get("PolicyDocument"));
                push(&mut out, address, p.get("PolicyDocument"), node, doc_node);
            }
            if prefix == "role"
                && let Some(trust) = entity.get("AssumeRolePolicyDocument")
            {
                let before = out.policies.len();
                let doc_node = entity_node.and_then(|n| n.get("AssumeRolePolicyDocument"));
                push(
                    &mut out,
                    format!("role/{name}/AssumeRolePolicyDocument"),
                    Some(trust),
                    doc_node.or(entity_node),
                    doc_node,
                );
                if let Some(p) = out.policies.get_mut(before..).and_then(<[_]>::first_mut) {
                    p.kind = Some(DocKind::Trust);
                }
            }
        }
    }
    let policy_lines = lines.get("Policies");
    for (i, p) in items(&root, "Policies").iter().enumerate() {
        let arn = p
            .get("Arn")
            .and_then(Value::as_str)
            .or_else(|| p.get("PolicyName").and_then(Value::as_str))
            .unwrap_or("?")
            .to_string();
        let default = p.get("DefaultVersionId").and_then(Value::as_str);
        let versions = items(p, "PolicyVersionList");
        let chosen = versions.iter().position(|v| {
            v.get("IsDefaultVersion").and_then(Value::as_bool) == Some(true)
                || (default.is_some() && v.get("VersionId").and_then(Value::as_str) == default)
        });
        let node = policy_lines.and_then(|n| n.items.get(i));
        let Some(k) = chosen else {
            out.errors.push(SourceError {
                file: None,
                policy: Some(arn),
                error: DocError {
                    line: node.map(|n| n.line),
                    column: None,
                    message: "has no default version in PolicyVersionList".to_string(),
                },
            });
            continue;
        };
        let doc_node = node
            .and_then(|n| n.get("PolicyVersionList"))
            .and_then(|n| n.items.get(k))
            .and_then(|n| n.get("Document"));
        push(
            &mut out,
            arn,
            versions.get(k).and_then(|v| v.get("Document")),
            node,
            doc_node,
        );
    }
    out
}

fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// One policy: its document as an object, or as the (URL-encoded) string the IAM API returns.
fn push(
    out: &mut SourceFile,
    address: String,
    doc: Option<&Value>,
    node: Option<&Node>,
    doc_node: Option<&Node>,
) {
    let line = node.map_or(1, |n| n.line);
    let text = match doc {
        Some(Value::String(s)) => {
            let t = s.trim();
            if t.starts_with('{') {
                Some(t.to_string())
            } else {
                percent_decode(t)
            }
        }
        Some(v @ Value::Object(_)) => serde_json::to_string(v).ok(),
        _ => None,
    };
    let Some(text) = text else {
        out.errors.push(SourceError {
            file: None,
            policy: Some(address),
            error: DocError {
                line: Some(line),
                column: None,
                message: "has no readable policy document".to_string(),
            },
        });
        return;
    };
    let statement_lines = doc_node
        .and_then(|n| n.get("Statement"))
        .map_or_else(Vec::new, Node::statement_lines);
    out.policies.push(FoundPolicy {
        policy: Some(address),
        file: None,
        line,
        statement_lines,
        text,
        text_line: None,
        unresolved: Vec::new(),
        ..FoundPolicy::default()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUMP: &str = r#"{
  "UserDetailList": [
    {"UserName": "ci", "UserPolicyList": [
      {"PolicyName": "push", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}
      ]}}
    ]}
  ],
  "RoleDetailList": [
    {"RoleName": "build", "RolePolicyList": [
      {"PolicyName": "enc", "PolicyDocument": "%7B%22Statement%22%3A%5B%5D%7D"}
    ]}
  ],
  "Policies": [
    {"PolicyName": "p", "Arn": "arn:aws:iam::123456789012:policy/p", "DefaultVersionId": "v2",
     "PolicyVersionList": [
      {"VersionId": "v1", "IsDefaultVersion": false, "Document": {"Statement": []}},
      {"VersionId": "v2", "IsDefaultVersion": true, "Document": {"Statement": [
        {"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}
      ]}}
    ]}
  ]
}"#;

    #[test]
    fn default_versions_and_inline_policies_with_their_lines() {
        let f = read(DUMP);
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        let got: Vec<(&str, usize, &[usize])> = f
            .policies
            .iter()
            .map(|p| {
                (
                    p.policy.as_deref().unwrap_or(""),
                    p.line,
                    p.statement_lines.as_slice(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("user/ci/push", 4, &[5][..]),
                ("role/build/enc", 11, &[][..]),
                ("arn:aws:iam::123456789012:policy/p", 15, &[19][..]),
            ]
        );
        assert_eq!(f.policies[1].text, r#"{"Statement":[]}"#);
        assert!(f.policies[2].text.contains("ecr:*"));
    }
}
