//! `explain --who-can`: every user and role of an account dump judged for the actions asked on
//! one repository, with the statements that let each in. Each document of the dump is read once
//! and shared by every principal that uses it (`Doc::shared`), so a dump of thousands of roles
//! is read in one pass. A principal whose documents the dump does not wholly hold is not
//! decided, unless a Deny settles it.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::policy::eval::{Doc, DocumentSet, Policy, Principal, StatementRef};
use crate::policy::explain::answer::{Ask, Explanation, Outcome, Overall, explain};
use crate::policy::explain::query::{Asked, ContextGiven, InputError, Repository};
use crate::policy::import::sources::account_principals::{
    AccountPrincipals, DumpEntity, EntityKind,
};

/// Every document of a dump, read once (or why it cannot be).
pub fn read_policies(dump: &AccountPrincipals) -> Vec<Result<Arc<Policy>, String>> {
    dump.policies
        .iter()
        .map(|p| match &p.document {
            Ok(v) => Policy::from_value(v)
                .map(Arc::new)
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.clone()),
        })
        .collect()
}

/// One principal's documents from the dump.
#[derive(Debug, Clone, Default)]
pub struct EntityDocs {
    pub identity: Vec<Doc>,
    pub boundary: Option<Doc>,
    /// What applies to it that cannot be judged: not in the dump, or unreadable.
    pub incomplete: Vec<String>,
}

/// The identity policies and boundary of one user or role.
pub fn entity_documents(
    dump: &AccountPrincipals,
    read: &[Result<Arc<Policy>, String>],
    entity: &DumpEntity,
) -> EntityDocs {
    let mut out = EntityDocs {
        incomplete: entity
            .missing
            .iter()
            .map(|m| format!("{m} is not in the dump"))
            .collect(),
        ..EntityDocs::default()
    };
    let doc = |i: usize, out: &mut EntityDocs| -> Option<Doc> {
        let address = dump.policies.get(i).map_or("?", |p| p.address.as_str());
        match read.get(i) {
            Some(Ok(p)) => Some(Doc::shared(address, p)),
            Some(Err(e)) => {
                out.incomplete
                    .push(format!("policy {address} cannot be read: {e}"));
                None
            }
            None => None,
        }
    };
    for &i in &entity.policies {
        if let Some(d) = doc(i, &mut out) {
            out.identity.push(d);
        }
    }
    match &entity.boundary {
        Some(Ok(i)) => out.boundary = doc(*i, &mut out),
        Some(Err(arn)) => out
            .incomplete
            .push(format!("permissions boundary {arn} is not in the dump")),
        None => {}
    }
    out
}

/// The principal a user or role makes requests as: the user; any session of the role.
pub fn entity_principal(entity: &DumpEntity) -> Option<Principal> {
    let arn = entity.arn.clone()?;
    match entity.kind {
        EntityKind::User => Some(Principal::User { arn }),
        EntityKind::Role => Some(Principal::RoleSession {
            role_arn: arn,
            session_arn: None,
        }),
    }
}

/// One principal of the dump, judged.
#[derive(Debug, Clone)]
pub struct Row {
    pub kind: EntityKind,
    pub name: String,
    pub arn: String,
    pub explanation: Explanation,
}

impl Row {
    /// The verdict over the actions asked.
    pub fn overall(&self) -> Overall {
        self.explanation.overall()
    }

    /// Every statement that allowed one of the actions, once each, in order.
    pub fn through(&self) -> Vec<&StatementRef> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for a in &self.explanation.answers {
            for s in &a.decision.allows {
                let key = (s.kind, &*s.document, s.level.as_deref(), s.index);
                if seen.insert(key) {
                    out.push(s);
                }
            }
        }
        out
    }

    /// Why it is not decided: the first undecided action's reasons.
    pub fn open_reasons(&self) -> Vec<String> {
        let mut out: Vec<String> = self.explanation.incomplete.clone();
        if let Some(a) = self
            .explanation
            .answers
            .iter()
            .find(|a| a.outcome == Outcome::Undecided)
        {
            out.extend(a.decision.unsure.iter().map(ToString::to_string));
        }
        out
    }
}

/// Every principal of the dump, judged.
#[derive(Debug, Clone, Default)]
pub struct WhoCan {
    pub rows: Vec<Row>,
    /// Users and roles the dump gives without an ARN (not judged).
    pub skipped: Vec<String>,
}

impl WhoCan {
    /// The rows with this verdict.
    pub fn with(&self, verdict: Overall) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |r| r.overall() == verdict)
    }
}

/// Judges every user and role of the dump. `common`: the documents every request shares (the
/// repository, registry and VPC endpoint policies, SCPs, RCPs); its identity policies and
/// boundary are each principal's own.
pub fn who_can(
    dump: &AccountPrincipals,
    read: &[Result<Arc<Policy>, String>],
    common: &DocumentSet,
    repository: &Repository,
    asked: &Asked,
    context: &ContextGiven,
) -> Result<WhoCan, InputError> {
    let mut out = WhoCan::default();
    for entity in &dump.entities {
        let Some(principal) = entity_principal(entity) else {
            out.skipped
                .push(format!("{} {}", entity.kind.word(), entity.name));
            continue;
        };
        let own = entity_documents(dump, read, entity);
        let mut docs = common.clone();
        docs.identity.extend(own.identity);
        if let Some(b) = own.boundary {
            docs.boundary = Some(b);
        }
        let ask = Ask {
            principal: &principal,
            repository: Some(repository),
            asked,
            context,
            open_keys: false,
        };
        let explanation = explain(&docs, ask, own.incomplete)?;
        out.rows.push(Row {
            kind: entity.kind,
            name: entity.name.clone(),
            arn: entity.arn.clone().unwrap_or_default(),
            explanation,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::import::sources::account_principals::read_principals;

    const REPO: &str = "arn:aws:ecr:eu-west-1:111122223333:repository/web";

    fn dump() -> String {
        let push = r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Push", "Effect": "Allow",
            "Action": ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload",
              "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage",
              "ecr:BatchGetImage"],
            "Resource": "arn:aws:ecr:eu-west-1:111122223333:repository/*"}]}"#;
        let pull = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "*"}]}"#;
        let deny = r#"{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Sid": "NoPush", "Effect": "Deny", "Action": "ecr:PutImage", "Resource": "*"}]}"#;
        format!(
            r#"{{
  "UserDetailList": [
    {{"UserName": "alice", "Arn": "arn:aws:iam::111122223333:user/alice", "GroupList": ["pushers"]}},
    {{"UserName": "bob", "Arn": "arn:aws:iam::111122223333:user/bob",
      "UserPolicyList": [{{"PolicyName": "pull", "PolicyDocument": {pull}}}]}}
  ],
  "GroupDetailList": [
    {{"GroupName": "pushers", "AttachedManagedPolicies": [
      {{"PolicyName": "push", "PolicyArn": "arn:aws:iam::111122223333:policy/push"}}]}}
  ],
  "RoleDetailList": [
    {{"RoleName": "ci", "Arn": "arn:aws:iam::111122223333:role/ci",
      "AttachedManagedPolicies": [{{"PolicyName": "push", "PolicyArn": "arn:aws:iam::111122223333:policy/push"}}]}},
    {{"RoleName": "bounded", "Arn": "arn:aws:iam::111122223333:role/bounded",
      "AttachedManagedPolicies": [{{"PolicyName": "push", "PolicyArn": "arn:aws:iam::111122223333:policy/push"}}],
      "PermissionsBoundary": {{"PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/nopush"}}}},
    {{"RoleName": "ghost", "Arn": "arn:aws:iam::111122223333:role/ghost",
      "AttachedManagedPolicies": [{{"PolicyName": "x", "PolicyArn": "arn:aws:iam::aws:policy/NotInDump"}}]}}
  ],
  "Policies": [
    {{"PolicyName": "push", "Arn": "arn:aws:iam::111122223333:policy/push", "DefaultVersionId": "v1",
      "PolicyVersionList": [{{"VersionId": "v1", "IsDefaultVersion": true, "Document": {push}}}]}},
    {{"PolicyName": "nopush", "Arn": "arn:aws:iam::111122223333:policy/nopush", "DefaultVersionId": "v1",
      "PolicyVersionList": [{{"VersionId": "v1", "IsDefaultVersion": true, "Document": {deny}}}]}}
  ]
}}"#
        )
    }

    #[test]
    fn who_can_push_names_principals_and_statements() {
        let text = dump();
        let d = read_principals(&text).unwrap();
        let read = read_policies(&d);
        let repo = Repository::parse(REPO, None, None).unwrap();
        let asked = Asked::parse(&["push".into()], &[]).unwrap();
        let w = who_can(
            &d,
            &read,
            &DocumentSet::default(),
            &repo,
            &asked,
            &ContextGiven::default(),
        )
        .unwrap();
        let names = |v: Overall| w.with(v).map(|r| r.name.as_str()).collect::<Vec<_>>();
        assert_eq!(names(Overall::Allowed), ["alice", "ci"]);
        assert_eq!(names(Overall::Denied), ["bob", "bounded"]);
        assert_eq!(names(Overall::Undecided), ["ghost"]);
        let alice = w.with(Overall::Allowed).next().unwrap();
        let through: Vec<String> = alice
            .through()
            .iter()
            .map(|s| format!("{}#{}", s.document, s.index))
            .collect();
        assert_eq!(through, ["arn:aws:iam::111122223333:policy/push#0"]);
        let ghost = w.with(Overall::Undecided).next().unwrap();
        assert_eq!(
            ghost.open_reasons(),
            ["managed policy arn:aws:iam::aws:policy/NotInDump is not in the dump"]
        );
        // The managed policy is read once and shared.
        assert_eq!(read.len(), 3);
    }
}
