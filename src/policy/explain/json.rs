//! `explain --format json`: the answer with stable field names for tools — the verdict, each
//! action's outcome with the statements that allow and deny, what is missing and what is left
//! open, and the same sentences the text shows. Statement indices count from 0, as `check`'s.

use serde::Serialize;

use crate::policy::eval::{Gap, StatementRef, Unsure};
use crate::policy::explain::answer::{ActionAnswer, Explanation, Overall};
use crate::policy::explain::words::{action_sentence, kind_id, notes, request_words};

/// One statement of one document.
#[derive(Debug, Serialize)]
pub struct JsonStatement<'a> {
    /// identity, boundary, session, scp, rcp, repository, registry or endpoint.
    pub kind: &'static str,
    pub document: &'a str,
    /// For an SCP or RCP: the level it is attached at.
    pub level: Option<&'a str>,
    /// 0-based index into the document's `Statement`.
    pub statement: usize,
    pub sid: Option<&'a str>,
}

impl<'a> JsonStatement<'a> {
    /// The statement as tools read it.
    pub fn of(s: &'a StatementRef) -> JsonStatement<'a> {
        JsonStatement {
            kind: kind_id(s.kind),
            document: &s.document,
            level: s.level.as_deref(),
            statement: s.index,
            sid: s.sid.as_deref(),
        }
    }
}

/// What a request lacks.
#[derive(Debug, Serialize)]
pub struct JsonGap {
    /// `identity`, `boundary`, `session`, `no_session_policy`, `scp`, `endpoint`, `resource`,
    /// `account_only`.
    pub missing: &'static str,
    /// For `scp`: the level.
    pub level: Option<String>,
    /// For `resource`: the resource policies consulted (`repository`, `registry`).
    pub consulted: Vec<&'static str>,
    pub cross_account: bool,
}

impl JsonGap {
    fn of(g: &Gap) -> JsonGap {
        let mut out = JsonGap {
            missing: "",
            level: None,
            consulted: Vec::new(),
            cross_account: false,
        };
        out.missing = match g {
            Gap::NoIdentityAllow => "identity",
            Gap::Boundary => "boundary",
            Gap::SessionPolicy => "session",
            Gap::NoSessionPolicy => "no_session_policy",
            Gap::Scp { level } => {
                out.level = Some(level.to_string());
                "scp"
            }
            Gap::Endpoint => "endpoint",
            Gap::NoResourceAllow {
                consulted,
                cross_account,
                ..
            } => {
                out.consulted = consulted.iter().map(|k| kind_id(*k)).collect();
                out.cross_account = *cross_account;
                "resource"
            }
            Gap::AccountOnly => "account_only",
        };
        out
    }
}

/// A statement the evaluator could not decide, and why.
#[derive(Debug, Serialize)]
pub struct JsonUnsure<'a> {
    #[serde(flatten)]
    pub at: JsonStatement<'a>,
    pub reason: &'a str,
}

impl<'a> JsonUnsure<'a> {
    fn of(u: &'a Unsure) -> JsonUnsure<'a> {
        JsonUnsure {
            at: JsonStatement::of(&u.at),
            reason: &u.reason,
        }
    }
}

/// One action.
#[derive(Debug, Serialize)]
pub struct JsonAction<'a> {
    /// `ecr:PutImage`.
    pub action: String,
    /// The repository ARN, or `*`.
    pub resource: &'a str,
    /// `allowed`, `explicit_deny`, `implicit_deny` or `undecided`.
    pub outcome: &'static str,
    pub allowed_by: Vec<JsonStatement<'a>>,
    pub denied_by: Vec<JsonStatement<'a>>,
    pub missing: Vec<JsonGap>,
    pub undecided: Vec<JsonUnsure<'a>>,
    /// The sentence the text shows.
    pub explanation: String,
}

impl<'a> JsonAction<'a> {
    /// One action's answer.
    pub fn of(expl: &'a Explanation, a: &'a ActionAnswer) -> JsonAction<'a> {
        let d = &a.decision;
        JsonAction {
            action: a.action.qualified(),
            resource: &a.resource,
            outcome: a.outcome.id(),
            allowed_by: d.allows.iter().map(JsonStatement::of).collect(),
            denied_by: d.denies.iter().map(JsonStatement::of).collect(),
            missing: d.gaps.iter().map(JsonGap::of).collect(),
            undecided: d.unsure.iter().map(JsonUnsure::of).collect(),
            explanation: action_sentence(expl, a, &request_words(expl, a)),
        }
    }
}

/// One task.
#[derive(Debug, Serialize)]
pub struct JsonTask {
    pub task: &'static str,
    /// `allowed`, `denied` or `undecided`.
    pub verdict: &'static str,
    pub actions: Vec<String>,
}

/// The whole answer.
#[derive(Debug, Serialize)]
pub struct JsonExplanation<'a> {
    /// `allowed`, `denied` or `undecided` (undecided exits 1, as denied).
    pub verdict: &'static str,
    /// The principal as given.
    pub principal: String,
    pub repository: Option<&'a str>,
    pub same_account: bool,
    pub tasks: Vec<JsonTask>,
    pub actions: Vec<JsonAction<'a>>,
    /// What bears on the request that the documents given do not hold.
    pub incomplete: &'a [String],
    /// Condition keys the documents test that the request leaves open (lower-cased).
    pub open_keys: &'a [String],
    pub notes: Vec<String>,
}

impl<'a> JsonExplanation<'a> {
    /// The answer as tools read it.
    pub fn of(expl: &'a Explanation) -> JsonExplanation<'a> {
        let tasks = expl
            .asked
            .tasks
            .iter()
            .map(|t| {
                let answers = expl.task_answers(t);
                JsonTask {
                    task: t.id,
                    verdict: Overall::of(answers.iter().map(|a| a.outcome)).id(),
                    actions: answers.iter().map(|a| a.action.qualified()).collect(),
                }
            })
            .collect();
        JsonExplanation {
            verdict: expl.overall().id(),
            principal: principal_text(&expl.principal),
            repository: expl.repository.as_ref().map(|r| r.arn.as_str()),
            same_account: expl
                .answers
                .first()
                .is_some_and(|a| a.decision.same_account),
            tasks,
            actions: expl
                .answers
                .iter()
                .map(|a| JsonAction::of(expl, a))
                .collect(),
            incomplete: &expl.incomplete,
            open_keys: &expl.open_keys,
            notes: notes(expl),
        }
    }
}

/// A principal as one string: its request ARN, the account ID of a root user, a service name.
pub fn principal_text(p: &crate::policy::eval::Principal) -> String {
    match p {
        crate::policy::eval::Principal::Root { account, .. } => account.clone(),
        crate::policy::eval::Principal::Service { name } => name.clone(),
        other => other.request_arn().unwrap_or_default(),
    }
}

/// One principal of a dump in `--who-can`'s answer.
#[derive(Debug, Serialize)]
pub struct JsonPrincipal<'a> {
    pub principal: &'a str,
    /// `user` or `role`.
    pub kind: &'static str,
    pub name: &'a str,
    /// For those who can: every statement that allowed one of the actions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub through: Option<Vec<JsonStatement<'a>>>,
    /// For those not decided: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasons: Option<Vec<String>>,
    /// For those who cannot: the statements that deny (empty when nothing allows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denied_by: Option<Vec<JsonStatement<'a>>>,
}

/// `--who-can`'s answer.
#[derive(Debug, Serialize)]
pub struct JsonWhoCan<'a> {
    /// The task asked, or null for an action.
    pub task: Option<&'static str>,
    pub actions: Vec<String>,
    pub repository: &'a str,
    /// How many users and roles were judged.
    pub principals: usize,
    pub can: Vec<JsonPrincipal<'a>>,
    /// Not decided: counted as cannot (exit 1).
    pub undecided: Vec<JsonPrincipal<'a>>,
    pub cannot: Vec<JsonPrincipal<'a>>,
    /// Users and roles the dump gives without an ARN (not judged).
    pub skipped: &'a [String],
}

impl<'a> JsonWhoCan<'a> {
    /// The answer as tools read it.
    pub fn of(
        w: &'a crate::policy::explain::who_can::WhoCan,
        asked: &crate::policy::explain::query::Asked,
        repository: &'a str,
    ) -> JsonWhoCan<'a> {
        use crate::policy::explain::answer::Overall as O;
        let row = |r: &'a crate::policy::explain::who_can::Row| JsonPrincipal {
            principal: &r.arn,
            kind: r.kind.word(),
            name: &r.name,
            through: None,
            reasons: None,
            denied_by: None,
        };
        JsonWhoCan {
            task: asked.tasks.first().map(|t| t.id),
            actions: asked.actions.iter().map(|a| a.qualified()).collect(),
            repository,
            principals: w.rows.len(),
            can: w
                .with(O::Allowed)
                .map(|r| JsonPrincipal {
                    through: Some(r.through().into_iter().map(JsonStatement::of).collect()),
                    ..row(r)
                })
                .collect(),
            undecided: w
                .with(O::Undecided)
                .map(|r| JsonPrincipal {
                    reasons: Some(r.open_reasons()),
                    ..row(r)
                })
                .collect(),
            cannot: w
                .with(O::Denied)
                .map(|r| JsonPrincipal {
                    denied_by: Some(
                        r.explanation
                            .answers
                            .iter()
                            .flat_map(|a| &a.decision.denies)
                            .map(JsonStatement::of)
                            .collect(),
                    ),
                    ..row(r)
                })
                .collect(),
            skipped: &w.skipped,
        }
    }
}
