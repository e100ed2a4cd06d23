//! One statement into grants: its actions (wildcards expanded), its tag condition, its
//! resources (split per registry, narrowed when asked), or the reason it is kept as written.

use serde_json::Value;

use super::arn::{ArnPart, RepoArn, parse_repo_arn};
use super::document::{DocStatement, Unlike, unlike_as_written};
use super::exact::{Narrowing, Outcome, StatementReport, TAG_KEY_PREFIX};
use crate::policy::audit::check::expand;
use crate::policy::audit::lint::wildcard_matches;
use crate::policy::spec::catalog::{ActionId, ActionSet};
use crate::policy::spec::grants::Grant;
use crate::policy::spec::tags::{TagCondition, normalize_tags, parse_tag};

/// Why a statement with a padded action or resource is kept as written.
fn unlike_reason(element: &str, value: &str, how: Unlike) -> String {
    let what = match how {
        Unlike::Leading => "starts with white space, which IAM refuses",
        Unlike::Trailing => "ends with white space, so as written it names nothing",
        Unlike::Inside(_) => "holds white space or an invisible character, so it names nothing",
    };
    format!(
        "its {element} {} {what}; IAM reads it exactly as written",
        crate::policy::visible::quoted(value)
    )
}

/// One statement being imported.
pub(super) struct Work<'a> {
    pub(super) st: &'a DocStatement,
    pub(super) notes: Vec<String>,
    /// `*`-only actions it grants on `"*"`.
    pub(super) registry: ActionSet,
    pub(super) narrowed: bool,
    pub(super) fixes: Vec<String>,
    pub(super) fix_registry: ActionSet,
    pub(super) fix_grants: Vec<Grant>,
    /// Actions named one by one.
    explicit: ActionSet,
    /// Wildcard names and what they matched, noted once the resources are known.
    wildcards: Vec<(String, ActionSet)>,
}

impl<'a> Work<'a> {
    pub(super) fn new(st: &'a DocStatement) -> Work<'a> {
        Work {
            st,
            notes: Vec::new(),
            registry: ActionSet::EMPTY,
            narrowed: false,
            fixes: Vec::new(),
            fix_registry: ActionSet::EMPTY,
            fix_grants: Vec::new(),
            explicit: ActionSet::EMPTY,
            wildcards: Vec::new(),
        }
    }

    pub(super) fn report(&mut self, outcome: Outcome) -> StatementReport {
        StatementReport {
            index: self.st.index,
            sid: self.st.sid_text().map(String::from),
            outcome,
            notes: std::mem::take(&mut self.notes),
        }
    }

    /// The grants of the statement, or why it is kept as written.
    pub(super) fn run(&mut self, narrow: &Narrowing) -> Result<Vec<Grant>, String> {
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
            // IAM reads the name exactly as written: a padded one is never trimmed into the
            // action it seems to name.
            if let Some(how) = unlike_as_written(name) {
                return Err(unlike_reason("Action", name, how));
            }
            if name == "*" {
                return Err("\"*\" grants every action of every service".to_string());
            }
            let Some(found) = expand(name) else {
                return Err(format!("{name} is not an ECR action (another service)"));
            };
            if found.is_empty() {
                self.notes.push(format!(
                    "{name} matches no ECR action, so it granted nothing; left out"
                ));
            } else if name.contains(['*', '?']) {
                self.wildcards.push((name.clone(), found));
            } else {
                self.explicit = self.explicit.union(found);
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
            if let Some(how) = unlike_as_written(r) {
                return Err(unlike_reason("Resource", r, how));
            }
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
        // What the wildcards stand for here: only the actions that work on these resources.
        let on_arns = !arns.is_empty();
        for (name, found) in std::mem::take(&mut self.wildcards) {
            let works = match (on_star && tags.is_empty(), on_arns) {
                (true, _) => found,
                (false, true) => found.repository_level(),
                (false, false) => ActionSet::EMPTY,
            };
            self.notes.push(format!(
                "{name} was expanded to the {} ECR actions it matches today that work on these \
                 resources",
                works.len()
            ));
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
            } else if on_arns {
                // Named ones were surely meant: moving them to "*" is offered. Those a wildcard
                // happened to match are only noted.
                let named = star_only.intersection(self.explicit);
                let matched = star_only.difference(named);
                if !named.is_empty() {
                    self.notes.push(format!(
                        "{} only {} on \"*\", so on repository ARNs {} nothing; left out",
                        names(named),
                        if named.len() == 1 { "works" } else { "work" },
                        if named.len() == 1 {
                            "it granted"
                        } else {
                            "they granted"
                        },
                    ));
                    self.fixes
                        .push(format!("grant {} on \"*\"", qualified(named)));
                    self.fix_registry = named;
                }
                if !matched.is_empty() {
                    self.notes.push(format!(
                        "the {} registry-wide actions the wildcard matches grant nothing on \
                         repository ARNs; left out",
                        matched.len()
                    ));
                }
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
