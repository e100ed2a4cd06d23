//! `explain`'s documents: each file read as `check` reads it (policy JSON, AWS CLI output,
//! Terraform, CloudFormation/SAM, account dumps), the policy picked (`--policy`, or the one whose
//! place says it is of the flag's kind), and read once for the evaluator. SCP and RCP levels are
//! comma-separated lists; `FullAWSAccess` stands for AWS's managed SCP.

use std::io::Read;

use crate::cmd::check::read_input;
use crate::cmd::check_paths::{MAX_FILE_BYTES, policies_in};
use crate::policy::eval::{Doc, Level, Policy};
use crate::policy::import::document::{DocKind as ImportKind, parse_document};
use crate::policy::import::json_keys::duplicate_keys;
use crate::policy::import::sources::account_principals::{AccountPrincipals, read_principals};
use crate::policy::import::sources::{FoundPolicy, UNRESOLVED};

/// The AWS managed SCP attached at every level unless detached (Organizations User Guide,
/// "Service control policies (SCPs)"): it allows every action on every resource.
pub const FULL_AWS_ACCESS: &str = "FullAWSAccess";
const FULL_AWS_ACCESS_TEXT: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;

/// Reads the documents of one run; standard input is read at most once.
pub struct Loader<'a, R: Read> {
    /// `--policy` addresses.
    pub addresses: &'a [String],
    pub stdin: R,
}

/// A file name as shown: `-` is standard input.
fn shown(name: &str) -> &str {
    if name == "-" { "<stdin>" } else { name }
}

impl<R: Read> Loader<'_, R> {
    /// The policies of `name` for a flag of this `kind`: the one the file holds, or the one
    /// `--policy` names (every one it names, when `several`). A policy whose place says it is
    /// of another kind (an `aws_ecr_repository_policy` for `--identity`) is never taken, and
    /// one whose place says it is of this kind is taken when it is the only one.
    pub fn load(
        &mut self,
        name: &str,
        kind: ImportKind,
        several: bool,
    ) -> Result<Vec<Doc>, String> {
        let found = policies_in(name, &mut self.stdin)?;
        let eligible: Vec<&FoundPolicy> = found
            .iter()
            .filter(|p| p.kind.is_none_or(|k| k == kind))
            .collect();
        let list = |ps: &[&FoundPolicy]| {
            ps.iter()
                .filter_map(|p| p.policy.clone())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let named: Vec<&FoundPolicy> = eligible
            .iter()
            .copied()
            .filter(|p| {
                p.policy
                    .as_ref()
                    .is_some_and(|a| self.addresses.contains(a))
            })
            .collect();
        let of_kind: Vec<&FoundPolicy> = eligible
            .iter()
            .copied()
            .filter(|p| p.kind == Some(kind))
            .collect();
        let named_of_kind: Vec<&FoundPolicy> = named
            .iter()
            .copied()
            .filter(|p| p.kind == Some(kind))
            .collect();
        // What the file itself says a policy is beats a --policy pick of a policy it says
        // nothing about (--policy applies to every file given).
        let picks = if named_of_kind.is_empty() && of_kind.len() == 1 {
            of_kind
        } else if named_of_kind.is_empty() {
            named
        } else {
            named_of_kind
        };
        let chosen = match (eligible.as_slice(), picks.len()) {
            ([], _) => {
                return Err(format!(
                    "holds no {} (it has {})",
                    kind.label()
                        .trim_start_matches("a ")
                        .trim_start_matches("an "),
                    list(&found.iter().collect::<Vec<_>>())
                ));
            }
            ([one], _) => vec![*one],
            (_, 1) => picks,
            (_, 0) => {
                return Err(format!(
                    "holds {} policies; pick one with --policy ({})",
                    eligible.len(),
                    list(&eligible)
                ));
            }
            _ if several => picks,
            (_, n) => {
                return Err(format!(
                    "has {n} of the policies --policy names ({}); name one for this file",
                    list(&picks)
                ));
            }
        };
        chosen
            .into_iter()
            .map(|p| {
                let label = match (&p.policy, found.len()) {
                    (Some(address), n) if n > 1 => format!("{address} in {}", shown(name)),
                    _ => shown(name).to_string(),
                };
                read_doc(&label, p)
            })
            .collect()
    }

    /// One document (the first `--policy` pick when the file holds several).
    pub fn load_one(&mut self, name: &str, kind: ImportKind) -> Result<Doc, String> {
        self.load(name, kind, false)?
            .into_iter()
            .next()
            .ok_or_else(|| "holds no policy".to_string())
    }

    /// The levels of SCPs or RCPs, root first: each value a comma-separated list.
    pub fn levels(&mut self, values: &[String]) -> Result<Vec<Level>, (String, String)> {
        let total = values.len();
        let mut out = Vec::new();
        for (i, value) in values.iter().enumerate() {
            let label = match i + 1 {
                1 if total > 1 => "level 1 (root)".to_string(),
                n if n == total && total > 1 => format!("level {n} (account)"),
                n => format!("level {n}"),
            };
            let mut docs = Vec::new();
            for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if item == FULL_AWS_ACCESS {
                    let policy = Policy::parse(FULL_AWS_ACCESS_TEXT)
                        .map_err(|e| (item.to_string(), e.to_string()))?;
                    docs.push(Doc::new(FULL_AWS_ACCESS, policy));
                } else {
                    docs.push(
                        self.load_one(item, ImportKind::Identity)
                            .map_err(|e| (item.to_string(), e))?,
                    );
                }
            }
            if docs.is_empty() {
                return Err((value.clone(), "names no policy".to_string()));
            }
            out.push(Level::new(&label, docs));
        }
        Ok(out)
    }

    /// An account dump, read as principals.
    pub fn dump(&mut self, name: &str) -> Result<AccountPrincipals, String> {
        if name != "-" {
            let meta =
                std::fs::metadata(name).map_err(|e| format!("could not read the file: {e}"))?;
            if meta.len() > MAX_FILE_BYTES {
                return Err(format!(
                    "is {} MiB, larger than the {} MiB read at most; not read",
                    meta.len() / (1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                ));
            }
        }
        let text = read_input(name, &mut self.stdin)?;
        // Which of two values of a key counts is up to the reader: no answer can be trusted.
        if let Some(d) = duplicate_keys(text.trim_start_matches('\u{feff}')).first() {
            return Err(format!("line {}: {}", d.line, d.message()));
        }
        let dump = read_principals(&text).map_err(|e| e.to_string())?;
        if dump.entities.is_empty() {
            return Err("holds no users or roles: give the output of aws iam \
                 get-account-authorization-details"
                .to_string());
        }
        Ok(dump)
    }
}

/// A found policy read for the evaluator: values only a deployment knows are refused (a guess
/// would be judged as if AWS had it), as are keys written twice.
fn read_doc(label: &str, p: &FoundPolicy) -> Result<Doc, String> {
    if !p.unresolved.is_empty() || p.text.contains(UNRESOLVED) {
        return Err(format!(
            "{label} holds values known only when it is deployed ({}): give the policy as AWS \
             has it (the JSON, or terraform show -json)",
            p.unresolved.join(", ")
        ));
    }
    let doc = parse_document(&p.text).map_err(|e| e.to_string())?;
    if let Some(d) = doc.duplicate_keys.first() {
        return Err(format!("line {}: {}", d.line, d.message()));
    }
    let policy = Policy::from_value(&doc.value).map_err(|e| e.to_string())?;
    Ok(Doc::new(label, policy))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_labelled_root_first_and_full_aws_access_is_built_in() {
        let mut l = Loader {
            addresses: &[],
            stdin: std::io::empty(),
        };
        let levels = l
            .levels(&["FullAWSAccess".into(), "FullAWSAccess".into()])
            .unwrap();
        let labels: Vec<&str> = levels.iter().map(|l| &*l.label).collect();
        assert_eq!(labels, ["level 1 (root)", "level 2 (account)"]);
        assert_eq!(&*levels[0].policies[0].label, "FullAWSAccess");
        let one = l.levels(&["FullAWSAccess".into()]).unwrap();
        assert_eq!(&*one[0].label, "level 1");
        let (item, e) = l.levels(&["/no/such/file.json".into()]).unwrap_err();
        assert_eq!(item, "/no/such/file.json");
        assert!(e.contains("could not read"), "{e}");
        assert!(l.levels(&[",".into()]).is_err());
    }
}
