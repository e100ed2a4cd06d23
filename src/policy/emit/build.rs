//! A policy spec into statements: the `"*"` statements shared by every grant, each grant's
//! repository statements, the kept statements as written; Sids unique.

use std::collections::BTreeSet;

use crate::policy::emit::render::{JsonStyle, Policy, Target, build_for, to_json};
use crate::policy::spec::grants::PolicySpec;

/// The statements of a policy spec, in a fixed order: the `"*"` statements of all grants, then
/// each grant's repository statements, then the kept statements as written. Sids stay unique:
/// a kept statement keeps its Sid; one of ours that would repeat a Sid gets the next free
/// number (`ReadRepositories2`).
pub fn build_policy(p: &PolicySpec) -> Policy {
    build_with_renames(p).0
}

/// [`build_policy`], and which of our Sids were renumbered because a kept statement has them:
/// `(Sid, new Sid)`.
pub fn build_with_renames(p: &PolicySpec) -> (Policy, Vec<(String, String)>) {
    let none: [String; 0] = [];
    let star_target = Target {
        partition: "",
        region: "",
        account: "",
        repositories: &none,
        tags: &[],
    };
    let mut statements = build_for(star_target, p.star_actions()).statements;
    for g in &p.grants {
        statements.extend(build_for(Target::of(g), g.actions.repository_level()).statements);
    }
    let theirs: BTreeSet<String> = p
        .kept
        .iter()
        .filter_map(|k| k.sid.clone())
        .filter(|s| !s.is_empty())
        .collect();
    let mut used = theirs.clone();
    let mut renames = Vec::new();
    for s in &mut statements {
        let base = s.sid.to_string();
        let mut candidate = base.clone();
        let mut n = 1;
        while used.contains(&candidate) {
            n += 1;
            candidate = format!("{base}{n}");
        }
        used.insert(candidate.clone());
        if candidate != base {
            if theirs.contains(&base) {
                renames.push((base, candidate.clone()));
            }
            s.sid = candidate.into();
        }
    }
    let policy = Policy {
        statements,
        kept: p.kept.iter().map(|k| k.value.clone()).collect(),
    };
    (policy, renames)
}

/// The policy spec as JSON text.
pub fn render_policy(p: &PolicySpec, style: JsonStyle) -> String {
    to_json(&build_policy(p), style)
}
