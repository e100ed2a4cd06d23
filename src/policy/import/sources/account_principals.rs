//! Account dumps (`aws iam get-account-authorization-details`) read as principals: each IAM user
//! and role with the policies in force for it (its inline policies, the default version of each
//! managed policy attached, and for a user the inline and managed policies of its groups) and
//! its permissions boundary. Every document is listed once, so a caller reads each once however
//! many principals share it.

use std::collections::HashMap;

use serde_json::Value;

use crate::policy::import::document::{DocError, percent_decode};

/// One policy document of the dump.
#[derive(Debug, Clone, PartialEq)]
pub struct DumpPolicy {
    /// `user/NAME/POLICY`, `group/NAME/POLICY`, `role/NAME/POLICY` for inline policies (as
    /// `check` names them), the ARN for a managed policy.
    pub address: String,
    /// The document, or why it cannot be read.
    pub document: Result<Value, String>,
}

/// A user or a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    User,
    Role,
}

impl EntityKind {
    /// `user` or `role`.
    pub fn word(self) -> &'static str {
        match self {
            EntityKind::User => "user",
            EntityKind::Role => "role",
        }
    }
}

/// One principal of the dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DumpEntity {
    pub kind: EntityKind,
    pub name: String,
    /// The ARN, as the dump gives it (`None` when it does not).
    pub arn: Option<String>,
    /// Its identity-based policies, as indices into [`AccountPrincipals::policies`].
    pub policies: Vec<usize>,
    /// Its permissions boundary: the index of the managed policy, or the ARN the dump does not
    /// hold.
    pub boundary: Option<Result<usize, String>>,
    /// What applies to it that the dump does not hold: a managed policy attached but not
    /// listed, a group it is in that is not listed.
    pub missing: Vec<String>,
}

/// Every principal of a dump and every document they use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountPrincipals {
    pub policies: Vec<DumpPolicy>,
    pub entities: Vec<DumpEntity>,
}

impl AccountPrincipals {
    /// The user or role a principal ARN names: a user by its ARN; a role by its account and
    /// name (a role session's ARN carries no path; role names ignore case).
    pub fn find(&self, kind: EntityKind, account: &str, name_or_arn: &str) -> Option<&DumpEntity> {
        self.entities.iter().find(|e| {
            e.kind == kind
                && match kind {
                    EntityKind::User => e.arn.as_deref() == Some(name_or_arn),
                    EntityKind::Role => {
                        e.name.eq_ignore_ascii_case(name_or_arn)
                            && e.arn
                                .as_deref()
                                .and_then(|a| a.split(':').nth(4))
                                .is_none_or(|a| a == account)
                    }
                }
        })
    }
}

fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// A document given as an object, or as the (URL-encoded) JSON string the IAM API returns.
fn document(v: Option<&Value>) -> Result<Value, String> {
    match v {
        Some(o @ Value::Object(_)) => Ok(o.clone()),
        Some(Value::String(s)) => {
            let t = s.trim();
            let json = if t.starts_with('{') {
                t.to_string()
            } else {
                percent_decode(t).ok_or("is neither JSON nor URL-encoded JSON")?
            };
            serde_json::from_str(&json).map_err(|e| format!("is not valid JSON: {e}"))
        }
        _ => Err("has no readable policy document".to_string()),
    }
}

/// The policies an entity of the dump carries itself: inline (`list_key`) and managed.
struct Own {
    inline: Vec<usize>,
    managed: Vec<String>,
}

/// The default version of every managed policy (the one in force), added to `policies`: ARN
/// to index.
fn managed_policies(root: &Value, policies: &mut Vec<DumpPolicy>) -> HashMap<String, usize> {
    let mut managed = HashMap::new();
    for p in items(root, "Policies") {
        let Some(arn) = field(p, "Arn") else { continue };
        let default = field(p, "DefaultVersionId");
        let version = items(p, "PolicyVersionList").iter().find(|v| {
            v.get("IsDefaultVersion").and_then(Value::as_bool) == Some(true)
                || (default.is_some() && field(v, "VersionId") == default)
        });
        let doc = match version {
            Some(v) => document(v.get("Document")),
            None => Err("has no default version in PolicyVersionList".to_string()),
        };
        managed.insert(arn.to_string(), policies.len());
        policies.push(DumpPolicy {
            address: arn.to_string(),
            document: doc,
        });
    }
    managed
}

/// Reads the principals of a dump.
pub fn read_principals(text: &str) -> Result<AccountPrincipals, DocError> {
    let root: Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| DocError {
            line: Some(e.line()),
            column: Some(e.column()),
            message: format!("is not valid JSON: {e}"),
        })?;
    let mut out = AccountPrincipals::default();
    let managed = managed_policies(&root, &mut out.policies);
    let mut own = |entity: &Value, prefix: &str, name: &str, list_key: &str| -> Own {
        let mut inline = Vec::new();
        for p in items(entity, list_key) {
            let pname = field(p, "PolicyName").unwrap_or("?");
            inline.push(out.policies.len());
            out.policies.push(DumpPolicy {
                address: format!("{prefix}/{name}/{pname}"),
                document: document(p.get("PolicyDocument")),
            });
        }
        let managed = items(entity, "AttachedManagedPolicies")
            .iter()
            .filter_map(|m| field(m, "PolicyArn").map(str::to_string))
            .collect();
        Own { inline, managed }
    };
    let mut groups: HashMap<String, Own> = HashMap::new();
    for g in items(&root, "GroupDetailList") {
        let Some(name) = field(g, "GroupName") else {
            continue;
        };
        let o = own(g, "group", name, "GroupPolicyList");
        groups.insert(name.to_string(), o);
    }
    let mut entities = Vec::new();
    for (list, kind, name_key, policies_key) in [
        (
            "UserDetailList",
            EntityKind::User,
            "UserName",
            "UserPolicyList",
        ),
        (
            "RoleDetailList",
            EntityKind::Role,
            "RoleName",
            "RolePolicyList",
        ),
    ] {
        for e in items(&root, list) {
            let Some(name) = field(e, name_key) else {
                continue;
            };
            let o = own(e, kind.word(), name, policies_key);
            let mut policies = o.inline;
            let mut attached = o.managed;
            let mut missing = Vec::new();
            for g in items(e, "GroupList").iter().filter_map(Value::as_str) {
                match groups.get(g) {
                    Some(go) => {
                        policies.extend(&go.inline);
                        attached.extend(go.managed.iter().cloned());
                    }
                    None => missing.push(format!("group {g}")),
                }
            }
            for arn in attached {
                match managed.get(&arn) {
                    Some(&i) if !policies.contains(&i) => policies.push(i),
                    Some(_) => {}
                    None => missing.push(format!("managed policy {arn}")),
                }
            }
            let boundary = e
                .get("PermissionsBoundary")
                .and_then(|b| field(b, "PermissionsBoundaryArn"))
                .map(|arn| managed.get(arn).copied().ok_or_else(|| arn.to_string()));
            entities.push(DumpEntity {
                kind,
                name: name.to_string(),
                arn: field(e, "Arn").map(str::to_string),
                policies,
                boundary,
                missing,
            });
        }
    }
    out.entities = entities;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUMP: &str = r#"{
  "UserDetailList": [
    {"UserName": "alice", "Arn": "arn:aws:iam::111122223333:user/ops/alice",
     "GroupList": ["devs", "gone"],
     "UserPolicyList": [{"PolicyName": "own", "PolicyDocument": {"Statement": []}}],
     "AttachedManagedPolicies": [{"PolicyName": "p", "PolicyArn": "arn:aws:iam::111122223333:policy/p"}]}
  ],
  "GroupDetailList": [
    {"GroupName": "devs", "GroupPolicyList": [
      {"PolicyName": "g", "PolicyDocument": "%7B%22Statement%22%3A%5B%5D%7D"}],
     "AttachedManagedPolicies": [{"PolicyName": "p", "PolicyArn": "arn:aws:iam::111122223333:policy/p"}]}
  ],
  "RoleDetailList": [
    {"RoleName": "CI", "Arn": "arn:aws:iam::111122223333:role/build/CI",
     "AssumeRolePolicyDocument": {"Statement": []},
     "AttachedManagedPolicies": [{"PolicyName": "x", "PolicyArn": "arn:aws:iam::aws:policy/X"}],
     "PermissionsBoundary": {"PermissionsBoundaryType": "Policy",
       "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/p"}}
  ],
  "Policies": [
    {"PolicyName": "p", "Arn": "arn:aws:iam::111122223333:policy/p", "DefaultVersionId": "v2",
     "PolicyVersionList": [
      {"VersionId": "v1", "IsDefaultVersion": false, "Document": {"Statement": [{"Old": 1}]}},
      {"VersionId": "v2", "IsDefaultVersion": true, "Document": {"Statement": [{"New": 1}]}}]}
  ]
}"#;

    #[test]
    fn users_get_their_groups_policies_roles_their_boundary() {
        let d = read_principals(DUMP).unwrap();
        let addresses: Vec<&str> = d.policies.iter().map(|p| p.address.as_str()).collect();
        assert_eq!(
            addresses,
            [
                "arn:aws:iam::111122223333:policy/p",
                "group/devs/g",
                "user/alice/own",
            ]
        );
        assert_eq!(
            d.policies[0].document.as_ref().unwrap()["Statement"][0]["New"],
            1
        );
        assert!(
            d.policies[1].document.is_ok(),
            "URL-encoded documents are read"
        );
        let alice = &d.entities[0];
        assert_eq!(alice.kind, EntityKind::User);
        // Its own inline policy, its group's inline policy, the managed policy once.
        assert_eq!(alice.policies, [2, 1, 0]);
        assert_eq!(alice.missing, ["group gone"]);
        assert_eq!(alice.boundary, None);
        let ci = &d.entities[1];
        assert_eq!(ci.kind, EntityKind::Role);
        assert!(
            ci.policies.is_empty(),
            "the trust policy is no identity policy"
        );
        assert_eq!(ci.missing, ["managed policy arn:aws:iam::aws:policy/X"]);
        assert_eq!(ci.boundary, Some(Ok(0)));
        assert_eq!(
            d.find(EntityKind::Role, "111122223333", "ci")
                .map(|e| e.name.as_str()),
            Some("CI")
        );
        assert!(d.find(EntityKind::Role, "999999999999", "ci").is_none());
        assert!(
            d.find(
                EntityKind::User,
                "111122223333",
                "arn:aws:iam::111122223333:user/ops/alice"
            )
            .is_some()
        );
        assert!(read_principals("{").is_err());
    }
}
