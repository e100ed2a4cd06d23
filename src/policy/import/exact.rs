//! A policy document into grants, statement by statement: a statement becomes grants only when
//! they render to exactly the permissions it grants (or fewer, when narrowing was asked for);
//! anything else is kept as written, with the reason. Nothing is dropped silently.

use serde_json::Value;

use super::document::Document;
use super::statement::Work;
use crate::policy::emit::render::POLICY_VERSION;
use crate::policy::spec::grants::{Grant, KeptStatement, PolicySpec, statement_label};
use crate::policy::spec::region::RegionChoice;

/// The condition key prefix of the engine's tag condition.
pub const TAG_KEY_PREFIX: &str = "ecr:ResourceTag/";

/// Where `--region`/`--account` narrow statements on `"*"` or on region/account patterns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Narrowing {
    /// A region code (not `*`), validated.
    pub region: Option<RegionChoice>,
    /// 12 digits.
    pub account: Option<String>,
    /// The partition for `"*"` statements when no region is given (`aws` otherwise).
    pub partition: Option<&'static str>,
}

/// What happened to one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Became grants with exactly its permissions.
    Exact,
    /// Became grants narrower than the statement (`--region`/`--account`), as listed.
    Narrowed,
    /// Grants nothing at all (only actions or resources that never match); nothing to carry.
    Nothing,
    /// Carried over as written.
    Kept,
}

/// One statement's fate, with everything worth saying about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementReport {
    pub index: usize,
    pub sid: Option<String>,
    pub outcome: Outcome,
    /// In plain words, each a sentence without the statement label.
    pub notes: Vec<String>,
}

impl StatementReport {
    /// `statement N (Sid)`.
    pub fn label(&self) -> String {
        statement_label(self.index, self.sid.as_deref())
    }

    /// `statement N (Sid): note` for each note.
    pub fn lines(&self) -> Vec<String> {
        let label = self.label();
        self.notes.iter().map(|n| format!("{label}: {n}")).collect()
    }
}

/// A change that would grant more than the original; offered, applied only on request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub index: usize,
    /// What it does, in plain words.
    pub text: String,
}

/// A document as grants plus kept statements, and what happened to each statement.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Imported {
    pub policy: PolicySpec,
    pub statements: Vec<StatementReport>,
    /// About the document itself (Version, Id).
    pub notes: Vec<String>,
    /// Fixes that would widen the policy: offered; listed as applied when they were.
    pub fixes: Vec<Fix>,
    /// Whether the fixes were applied.
    pub fixes_applied: bool,
    /// The same import with the fixes applied, while they are only offered.
    pub fixed: Option<Box<Imported>>,
    /// Which statement gave which grant, before grants were merged: (statement index, grant),
    /// in document order; the flags' notes name the statements they move.
    pub sources: Vec<(usize, Grant)>,
}

impl Imported {
    /// Everything not carried over exactly as written, one line each: document notes, each
    /// statement's notes, the fixes offered (or applied).
    pub fn left_out(&self) -> Vec<String> {
        let mut out = self.notes.clone();
        out.extend(self.statements.iter().flat_map(StatementReport::lines));
        for f in &self.fixes {
            let label = self
                .statements
                .iter()
                .find(|s| s.index == f.index)
                .map_or_else(|| statement_label(f.index, None), StatementReport::label);
            let verb = if self.fixes_applied {
                "fix applied"
            } else {
                "fix offered (it grants more than the original; --fix applies it)"
            };
            out.push(format!("{label}: {verb}: {}", f.text));
        }
        out
    }

    /// Whether the document gave any grant (kept statements do not count).
    pub fn produced_grants(&self) -> bool {
        !self.policy.grants_nothing()
    }
}

/// Imports without narrowing and without fixes.
pub fn import_document(doc: &Document) -> Imported {
    import_with(doc, &Narrowing::default(), false)
}

/// Imports a document; `narrow` says where `"*"` and pattern statements may be narrowed to,
/// `apply_fixes` applies the widening fixes instead of only offering them.
pub fn import_with(doc: &Document, narrow: &Narrowing, apply_fixes: bool) -> Imported {
    let mut im = Imported {
        fixes_applied: apply_fixes,
        ..Imported::default()
    };
    if let Some(v) = &doc.version
        && v.as_str() != Some(POLICY_VERSION)
    {
        im.notes
            .push(format!("Version {v} becomes {POLICY_VERSION}"));
    }
    if let Some(id) = doc.value.get("Id") {
        im.notes.push(format!("the policy Id {id} is not kept"));
    }
    let mut grants: Vec<Grant> = Vec::new();
    for st in &doc.statements {
        let raw = statement_value(doc, st.index);
        let mut work = Work::new(st);
        let result = work.run(narrow);
        match result {
            Ok(parts) => {
                let outcome = if parts.is_empty() && work.registry.is_empty() {
                    Outcome::Nothing
                } else if work.narrowed {
                    Outcome::Narrowed
                } else {
                    Outcome::Exact
                };
                im.sources
                    .extend(parts.iter().map(|g| (st.index, g.clone())));
                grants.extend(parts);
                im.policy.registry_actions = im.policy.registry_actions.union(work.registry);
                if apply_fixes {
                    im.policy.registry_actions =
                        im.policy.registry_actions.union(work.fix_registry);
                    grants.append(&mut work.fix_grants);
                }
                im.fixes.extend(work.fixes.iter().map(|t| Fix {
                    index: st.index,
                    text: t.clone(),
                }));
                im.statements.push(work.report(outcome));
            }
            Err(reason) => {
                work.notes.push(format!("kept as written: {reason}"));
                im.policy.kept.push(KeptStatement {
                    index: st.index,
                    sid: st.sid_text().map(String::from),
                    reason,
                    value: raw.clone(),
                });
                im.statements.push(work.report(Outcome::Kept));
            }
        }
    }
    im.policy.grants = merge(grants);
    legacy_variables(doc, &mut im);
    repeated_kept_sids(&mut im);
    if !apply_fixes && !im.fixes.is_empty() {
        im.fixed = Some(Box::new(import_with(doc, narrow, true)));
    }
    im
}

/// Kept statements are never renamed, so a Sid they repeat among themselves (as the original
/// did) stays repeated: said, since IAM refuses repeated non-empty Sids.
fn repeated_kept_sids(im: &mut Imported) {
    let kept = &im.policy.kept;
    for (i, k) in kept.iter().enumerate() {
        let Some(sid) = k.sid.as_deref().filter(|s| !s.is_empty()) else {
            continue;
        };
        if let Some(first) = kept[..i].iter().find(|o| o.sid.as_deref() == Some(sid)) {
            im.notes.push(format!(
                "statements {} and {} are kept as written and both use the Sid {sid}; IAM \
                 refuses repeated Sids: rename one",
                first.index + 1,
                k.index + 1
            ));
        }
    }
}

/// Under `2008-10-17`, `${…}` is plain text; under the `2012-10-17` the output declares, it is a
/// policy variable. Kept statements carry such text unchanged, so the change is said.
fn legacy_variables(doc: &Document, im: &mut Imported) {
    if doc.version.as_ref().and_then(Value::as_str) != Some("2008-10-17") {
        return;
    }
    for k in &im.policy.kept {
        if k.value.to_string().contains("${") {
            im.notes.push(format!(
                "{} contains ${{…}}, which Version 2008-10-17 reads as plain text and \
                 {POLICY_VERSION} as a policy variable",
                k.label()
            ));
        }
    }
}

/// The statement's JSON as parsed.
fn statement_value(doc: &Document, index: usize) -> &Value {
    match doc.value.get("Statement") {
        Some(Value::Array(items)) => items.get(index).unwrap_or(&Value::Null),
        Some(obj) => obj,
        None => &Value::Null,
    }
}

/// Grants with the same registry, tags and repositories share their actions; then grants with
/// the same registry, tags and actions share their repositories (both exact).
fn merge(grants: Vec<Grant>) -> Vec<Grant> {
    let mut by_repos: Vec<Grant> = Vec::new();
    for g in grants {
        match by_repos.iter_mut().find(|h| {
            h.region == g.region
                && h.account == g.account
                && h.tags == g.tags
                && h.repositories == g.repositories
        }) {
            Some(h) => h.actions = h.actions.union(g.actions),
            None => by_repos.push(g),
        }
    }
    let mut out: Vec<Grant> = Vec::new();
    for g in by_repos {
        match out.iter_mut().find(|h| {
            h.region == g.region
                && h.account == g.account
                && h.tags == g.tags
                && h.actions == g.actions
        }) {
            Some(h) => {
                h.repositories.extend(g.repositories);
                h.repositories.sort();
                h.repositories.dedup();
            }
            None => out.push(g),
        }
    }
    out
}
