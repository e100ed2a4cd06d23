//! A policy document into grants, statement by statement: a statement becomes grants only when
//! they render to exactly the permissions it grants (or fewer, when narrowing was asked for);
//! anything else is kept as written, with the reason. Nothing is dropped silently.

use serde_json::Value;

use super::arn::{ArnPart, RepoArn, parse_repo_arn};
use super::document::{DocStatement, Document};
use crate::policy::audit::check::expand;
use crate::policy::audit::lint::wildcard_matches;
use crate::policy::emit::render::POLICY_VERSION;
use crate::policy::spec::catalog::{ActionId, ActionSet};
use crate::policy::spec::grants::{Grant, KeptStatement, PolicySpec, statement_label};
use crate::policy::spec::region::RegionChoice;
use crate::policy::spec::tags::{TagCondition, normalize_tags, parse_tag};

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
    im
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

/// One statement being imported.
struct Work<'a> {
    st: &'a DocStatement,
    notes: Vec<String>,
    /// `*`-only actions it grants on `"*"`.
    registry: ActionSet,
    narrowed: bool,
    fixes: Vec<String>,
    fix_registry: ActionSet,
    fix_grants: Vec<Grant>,
}

impl<'a> Work<'a> {
    fn new(st: &'a DocStatement) -> Work<'a> {
        Work {
            st,
            notes: Vec::new(),
            registry: ActionSet::EMPTY,
            narrowed: false,
            fixes: Vec::new(),
            fix_registry: ActionSet::EMPTY,
            fix_grants: Vec::new(),
        }
    }

    fn report(&mut self, outcome: Outcome) -> StatementReport {
        StatementReport {
            index: self.st.index,
            sid: self.st.sid_text().map(String::from),
            outcome,
            notes: std::mem::take(&mut self.notes),
        }
    }

    /// The grants of the statement, or why it is kept as written.
    fn run(&mut self, narrow: &Narrowing) -> Result<Vec<Grant>, String> {
        let st = self.st;
        if !st.problems.is_empty() {
            let list: Vec<String> = st
                .problems
                .iter()
                .map(|p| format!("{} {}", p.element, p.message))
                .collect();
            return Err(format!(
                "it has elements that cannot be read ({})",
                list.join("; ")
            ));
        }
        if !st.is_allow() {
            return Err(match st.effect.as_ref().and_then(Value::as_str) {
                Some("Deny") => "it is a Deny, which the grants cannot express".to_string(),
                Some(e) => format!("its Effect is {e:?}, not Allow"),
                None => "it has no Effect".to_string(),
            });
        }
        if st.not_action.is_some() || st.not_resource.is_some() {
            return Err("it uses NotAction or NotResource".to_string());
        }
        if st.principal {
            return Err(
                "it names a Principal, which has no place in an identity policy".to_string(),
            );
        }
        let (Some(action), Some(resource)) = (&st.action, &st.resource) else {
            return Err("it lacks Action or Resource".to_string());
        };
        let actions = self.actions(action)?;
        let tags = condition_tags(st.condition.as_ref())?;
        self.resources(resource, actions, &tags, narrow)
    }

    /// The ECR actions named; any other service (or `"*"`) keeps the statement.
    fn actions(&mut self, names: &[String]) -> Result<ActionSet, String> {
        let mut set = ActionSet::EMPTY;
        for name in names {
            let trimmed = name.trim();
            if trimmed == "*" {
                return Err("\"*\" grants every action of every service".to_string());
            }
            let Some(found) = expand(trimmed) else {
                return Err(format!("{name} is not an ECR action (another service)"));
            };
            if found.is_empty() {
                self.notes.push(format!(
                    "{name} matches no ECR action, so it granted nothing; left out"
                ));
            } else if trimmed.contains(['*', '?']) {
                self.notes.push(format!(
                    "{name} was expanded to the {} ECR actions it matches today",
                    found.len()
                ));
            }
            set = set.union(found);
        }
        Ok(set)
    }

    /// Splits the resources into grants.
    fn resources(
        &mut self,
        resources: &[String],
        actions: ActionSet,
        tags: &[TagCondition],
        narrow: &Narrowing,
    ) -> Result<Vec<Grant>, String> {
        let star_only = actions.star_only();
        let repo_actions = actions.repository_level();
        let mut arns: Vec<RepoArn> = Vec::new();
        let mut on_star = false;
        for r in resources {
            if r == "*" {
                on_star = true;
                continue;
            }
            match parse_repo_arn(r) {
                ArnPart::Repo(a) => arns.push(a),
                ArnPart::Never(why) => self
                    .notes
                    .push(format!("{r} never matches ({why}); left out")),
                ArnPart::Corrected(a, why) => {
                    self.notes
                        .push(format!("{r} never matches ({why}); left out"));
                    if !repo_actions.is_empty() {
                        self.fixes.push(format!(
                            "write {} instead of {r} (it grants {} there)",
                            a.text(),
                            names(repo_actions)
                        ));
                        if let Some(g) = a.grant(repo_actions, tags) {
                            self.fix_grants.push(g);
                        }
                    }
                }
                ArnPart::Unparsed(why) => return Err(format!("{r} {why}")),
            }
        }
        if !star_only.is_empty() {
            if !tags.is_empty() {
                self.notes.push(format!(
                    "{} grant nothing under the tag condition (a registry-wide request has no \
                     repository tags); left out",
                    names(star_only)
                ));
            } else if on_star {
                self.registry = star_only;
            } else if !arns.is_empty() {
                self.notes.push(format!(
                    "{} only work on \"*\", so on repository ARNs they granted nothing; left out",
                    names(star_only)
                ));
                self.fixes
                    .push(format!("grant {} on \"*\"", qualified(star_only)));
                self.fix_registry = star_only;
            }
        }
        if repo_actions.is_empty() {
            return Ok(Vec::new());
        }
        if on_star {
            arns.push(self.narrow_star(narrow, repo_actions)?);
        }
        let mut grants = Vec::new();
        for a in arns {
            let a = self.narrow_arn(a, narrow)?;
            if let Some(g) = a.grant(repo_actions, tags) {
                grants.push(g);
            }
        }
        Ok(grants)
    }

    /// `"*"` with repository actions: every repository in every account; narrowed to
    /// `repository/*` of the registry the flags name, or kept.
    fn narrow_star(
        &mut self,
        narrow: &Narrowing,
        repo_actions: ActionSet,
    ) -> Result<RepoArn, String> {
        let Some(account) = &narrow.account else {
            return Err(format!(
                "it grants {} on \"*\" (every repository in every account and region): give \
                 --account (and --region) to narrow it",
                names(repo_actions)
            ));
        };
        let (partition, region) = match &narrow.region {
            Some(r) => (r.partition.arn, r.code.clone()),
            None => (narrow.partition.unwrap_or("aws"), "*".to_string()),
        };
        let a = RepoArn {
            partition: partition.to_string(),
            region,
            account: account.clone(),
            name: "*".to_string(),
        };
        self.narrowed = true;
        self.notes.push(format!(
            "{} on \"*\" narrowed to {}",
            names(repo_actions),
            a.text()
        ));
        Ok(a)
    }

    /// An ARN whose region or account is a pattern: narrowed to the flags' region and
    /// account when they match the pattern; kept otherwise.
    fn narrow_arn(&mut self, mut a: RepoArn, narrow: &Narrowing) -> Result<RepoArn, String> {
        let original = a.text();
        if a.account.contains(['*', '?']) {
            match &narrow.account {
                Some(acct) if glob(&a.account, acct) => a.account.clone_from(acct),
                Some(acct) => {
                    return Err(format!(
                        "{original} uses account {}, which --account {acct} does not match",
                        a.account
                    ));
                }
                None => {
                    return Err(format!(
                        "{original} uses account `{}`: give --account to narrow it",
                        a.account
                    ));
                }
            }
        }
        if a.region != "*" && a.region.contains(['*', '?']) {
            match &narrow.region {
                Some(r) if glob(&a.region, &r.code) && r.partition.arn == a.partition => {
                    a.region.clone_from(&r.code);
                }
                _ => {
                    return Err(format!(
                        "{original} uses region pattern `{}`: give --region with a matching \
                         region to narrow it",
                        a.region
                    ));
                }
            }
        } else if a.region == "*"
            && let Some(r) = &narrow.region
            && r.partition.arn == a.partition
        {
            a.region.clone_from(&r.code);
        }
        let text = a.text();
        if text != original {
            self.narrowed = true;
            self.notes.push(format!("{original} narrowed to {text}"));
        }
        Ok(a)
    }
}

/// The tag conditions of a statement: none, or `StringEquals` on `ecr:ResourceTag/KEY` with one
/// string value each, written back exactly; anything else keeps the statement.
fn condition_tags(cond: Option<&Value>) -> Result<Vec<TagCondition>, String> {
    let Some(cond) = cond else {
        return Ok(Vec::new());
    };
    let unmodelled = || {
        format!(
            "its Condition {cond} is not one the grants model (StringEquals on \
             {TAG_KEY_PREFIX}KEY with one value each)"
        )
    };
    let keys = cond
        .as_object()
        .filter(|ops| ops.len() == 1)
        .and_then(|ops| ops.get("StringEquals"))
        .and_then(Value::as_object)
        .filter(|keys| !keys.is_empty())
        .ok_or_else(unmodelled)?;
    let mut tags = Vec::new();
    for (k, v) in keys {
        let key = k
            .strip_prefix(TAG_KEY_PREFIX)
            .filter(|t| !t.is_empty() && !t.contains('='))
            .ok_or_else(unmodelled)?;
        let value = v.as_str().ok_or_else(unmodelled)?;
        match parse_tag(&format!("{key}={value}")) {
            Ok(t) if t.key == key && t.value == value => tags.push(t),
            _ => return Err(unmodelled()),
        }
    }
    normalize_tags(tags).map_err(|_| unmodelled())
}

/// IAM's glob: `*` any run, `?` one character.
fn glob(pattern: &str, text: &str) -> bool {
    wildcard_matches(pattern, text)
}

fn names(set: ActionSet) -> String {
    set.iter()
        .map(|a| a.info().name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn qualified(set: ActionSet) -> String {
    set.iter()
        .map(ActionId::qualified)
        .collect::<Vec<_>>()
        .join(", ")
}
