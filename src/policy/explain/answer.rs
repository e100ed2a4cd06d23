//! Every action asked, judged by the evaluator against the documents given: its outcome and
//! the evaluator's reasons, and the verdict over all of them (a task is allowed only when each
//! of its actions is). What the documents cannot settle stays undecided, and counts as denied
//! for the exit code.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::policy::eval::{
    Context, Decision, DocumentSet, Lookup, Principal, Request, RequestError, Verdict,
};
use crate::policy::explain::query::{Asked, ContextGiven, InputError, Repository};
use crate::policy::spec::catalog::ActionId;
use crate::policy::spec::tasks::Task;

/// The outcome for one action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Allowed,
    /// A `Deny` statement applies.
    ExplicitDeny,
    /// Nothing allows it.
    ImplicitDeny,
    /// The documents given cannot settle it.
    Undecided,
}

impl Outcome {
    /// The name tools read (`allowed`, `explicit_deny`, `implicit_deny`, `undecided`).
    pub fn id(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::ExplicitDeny => "explicit_deny",
            Outcome::ImplicitDeny => "implicit_deny",
            Outcome::Undecided => "undecided",
        }
    }

    /// As the verdict over several.
    pub fn overall(self) -> Overall {
        match self {
            Outcome::Allowed => Overall::Allowed,
            Outcome::ExplicitDeny | Outcome::ImplicitDeny => Overall::Denied,
            Outcome::Undecided => Overall::Undecided,
        }
    }
}

/// The verdict over several actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Overall {
    Allowed,
    Denied,
    Undecided,
}

impl Overall {
    /// `allowed`, `denied` or `undecided`.
    pub fn id(self) -> &'static str {
        match self {
            Overall::Allowed => "allowed",
            Overall::Denied => "denied",
            Overall::Undecided => "undecided",
        }
    }

    /// Denied when one is denied (whatever the others), else undecided when one is, else
    /// allowed; nothing asked is undecided.
    pub fn of(outcomes: impl IntoIterator<Item = Outcome>) -> Overall {
        let mut any = false;
        let mut undecided = false;
        for o in outcomes {
            any = true;
            match o.overall() {
                Overall::Denied => return Overall::Denied,
                Overall::Undecided => undecided = true,
                Overall::Allowed => {}
            }
        }
        if undecided || !any {
            Overall::Undecided
        } else {
            Overall::Allowed
        }
    }
}

/// One action, judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionAnswer {
    pub action: ActionId,
    /// The repository ARN, or `*` for an action without a resource type.
    pub resource: String,
    pub outcome: Outcome,
    /// The evaluator's answer and reasons.
    pub decision: Decision,
}

/// The names of the documents given, for the words ("the permissions boundary b.json").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Given {
    pub identity: usize,
    pub boundary: Option<Arc<str>>,
    pub session: Option<Arc<str>>,
    pub repository: Option<Arc<str>>,
    pub registry: Option<Arc<str>>,
    pub endpoint: Option<Arc<str>>,
    pub scp_levels: usize,
    /// The registry policy applies only to replication and the pull-through cache (scope V1).
    pub registry_v1: bool,
}

impl Given {
    /// The labels of a document set.
    pub fn of(docs: &DocumentSet) -> Given {
        let label = |d: &Option<crate::policy::eval::Doc>| d.as_ref().map(|d| Arc::clone(&d.label));
        Given {
            identity: docs.identity.len(),
            boundary: label(&docs.boundary),
            session: label(&docs.session),
            repository: label(&docs.repository),
            registry: label(&docs.registry),
            endpoint: label(&docs.endpoint),
            scp_levels: docs.scps.len(),
            registry_v1: docs.registry_scope == crate::policy::eval::RegistryScope::V1,
        }
    }
}

/// The whole answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub principal: Principal,
    pub repository: Option<Repository>,
    pub asked: Asked,
    pub answers: Vec<ActionAnswer>,
    pub given: Given,
    /// What bears on the request that cannot be judged, one sentence each ("managed policy …
    /// is not in the dump"): nothing short of an explicit deny is decided.
    pub incomplete: Vec<String>,
    /// Condition keys and policy variables the documents test that the request leaves open
    /// (lower-cased), when asked for.
    pub open_keys: Vec<String>,
}

impl Explanation {
    /// The verdict over every action asked.
    pub fn overall(&self) -> Overall {
        Overall::of(self.answers.iter().map(|a| a.outcome))
    }

    /// The answers for a task's actions, in the task's order.
    pub fn task_answers<'a>(&'a self, task: &Task) -> Vec<&'a ActionAnswer> {
        task.actions
            .iter()
            .filter_map(|name| {
                self.answers
                    .iter()
                    .find(|a| a.action.info().name.eq_ignore_ascii_case(name))
            })
            .collect()
    }
}

fn outcome(d: &Decision, incomplete: bool) -> Outcome {
    match d.verdict {
        Verdict::ExplicitDeny => Outcome::ExplicitDeny,
        _ if incomplete => Outcome::Undecided,
        Verdict::Allowed => Outcome::Allowed,
        Verdict::ImplicitDeny => Outcome::ImplicitDeny,
        Verdict::Undecided => Outcome::Undecided,
    }
}

/// The request for one action: on the repository, or on `"*"` for an action without a
/// resource type (in the repository's account, which a service principal needs said).
pub fn request_for(
    principal: &Principal,
    action: ActionId,
    repository: Option<&Repository>,
    context: &Context,
) -> Result<Request, InputError> {
    let name = action.qualified();
    let built = if action.info().star_only {
        match (repository, principal.is_service()) {
            (Some(r), true) => Request::on(principal.clone(), &name, "*", &r.account),
            _ => Request::new(principal.clone(), &name, "*"),
        }
    } else {
        let Some(r) = repository else {
            return Err(InputError::new(
                "--repo",
                "",
                format!("is missing: {name} acts on a repository; give --repo NAME|ARN"),
            ));
        };
        Request::new(principal.clone(), &name, &r.arn)
    };
    built
        .map(|r| r.with_context(context.clone()).with_principal_keys())
        .map_err(|e| match e {
            RequestError::NoAccount => InputError::new(
                "--repo",
                "",
                format!("is missing: a service principal's {name} needs the registry's account"),
            ),
            other => InputError::new("--action", &name, other.to_string()),
        })
}

/// What [`explain`] is given besides the documents.
#[derive(Debug, Clone, Copy)]
pub struct Ask<'a> {
    pub principal: &'a Principal,
    pub repository: Option<&'a Repository>,
    pub asked: &'a Asked,
    pub context: &'a ContextGiven,
    /// List the condition keys the documents test that the request leaves open (for the
    /// words; a list of many principals skips it).
    pub open_keys: bool,
}

/// Judges every action asked.
pub fn explain(
    docs: &DocumentSet,
    ask: Ask<'_>,
    incomplete: Vec<String>,
) -> Result<Explanation, InputError> {
    let Ask {
        principal,
        repository,
        asked,
        ..
    } = ask;
    let context = ask
        .context
        .context_for(principal, repository.map(|r| r.region.as_str()));
    let mut answers = Vec::with_capacity(asked.actions.len());
    let mut open = Vec::new();
    for &action in &asked.actions {
        let req = request_for(principal, action, repository, &context)?;
        if ask.open_keys && answers.is_empty() {
            // Every request shares the context and the keys derived from the principal.
            open = open_keys(docs, &req.context);
        }
        let decision = crate::policy::eval::evaluate(docs, &req);
        answers.push(ActionAnswer {
            action,
            resource: req.resource().to_string(),
            outcome: outcome(&decision, !incomplete.is_empty()),
            decision,
        });
    }
    Ok(Explanation {
        principal: principal.clone(),
        repository: repository.cloned(),
        asked: asked.clone(),
        answers,
        given: Given::of(docs),
        incomplete,
        open_keys: open,
    })
}

/// The condition keys and policy variables the documents test that `context` leaves open
/// (lower-cased, sorted).
pub fn open_keys(docs: &DocumentSet, context: &Context) -> Vec<String> {
    let mut keys: BTreeSet<String> = BTreeSet::new();
    let all = docs
        .identity
        .iter()
        .chain(&docs.boundary)
        .chain(&docs.session)
        .chain(docs.scps.iter().flat_map(|l| &l.policies))
        .chain(docs.rcps.iter().flat_map(|l| &l.policies))
        .chain(&docs.repository)
        .chain(&docs.registry)
        .chain(&docs.endpoint);
    for d in all {
        let lit = d.policy.literals();
        for k in lit
            .condition_keys()
            .chain(lit.variables.iter().map(String::as_str))
        {
            if context.get(k) == Lookup::Unknown {
                keys.insert(k.to_string());
            }
        }
    }
    keys.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deny_anywhere_denies_an_open_one_leaves_it_undecided() {
        use Outcome::{Allowed, ExplicitDeny, ImplicitDeny, Undecided};
        assert_eq!(Overall::of([Allowed, Allowed]), Overall::Allowed);
        assert_eq!(Overall::of([Allowed, Undecided]), Overall::Undecided);
        assert_eq!(Overall::of([Undecided, ImplicitDeny]), Overall::Denied);
        assert_eq!(Overall::of([ExplicitDeny, Allowed]), Overall::Denied);
        assert_eq!(
            Overall::of([]),
            Overall::Undecided,
            "nothing asked is no verdict"
        );
    }

    #[test]
    fn what_the_documents_do_not_hold_leaves_all_but_a_deny_undecided() {
        let d = |verdict| Decision {
            verdict,
            same_account: true,
            allows: Vec::new(),
            denies: Vec::new(),
            gaps: Vec::new(),
            unsure: Vec::new(),
        };
        assert_eq!(outcome(&d(Verdict::Allowed), true), Outcome::Undecided);
        assert_eq!(outcome(&d(Verdict::ImplicitDeny), true), Outcome::Undecided);
        assert_eq!(
            outcome(&d(Verdict::ExplicitDeny), true),
            Outcome::ExplicitDeny
        );
        assert_eq!(outcome(&d(Verdict::Allowed), false), Outcome::Allowed);
    }
}
