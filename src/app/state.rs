//! The wizard's state: what the person has entered, what has focus, and the policy derived from it.

use crate::policy::audit::lint::{Finding, lint_with_text};
use crate::policy::emit::build::build_policy;
use crate::policy::emit::format::{Format, PolicyName, render_policy_as};
use crate::policy::emit::render::{JsonStyle, Target, build_for, to_json};
use crate::policy::emit::whole::render_spec_as;
use crate::policy::import::Imported;
use crate::policy::spec::catalog::{AccessLevel, ActionId};
use crate::policy::spec::grants::PolicySpec;
use crate::policy::spec::model::{Field, FieldError, Spec};
use crate::policy::spec::tasks::preset_matching;

use super::access::AccessState;
use super::input::TextInput;
use super::steps::review_grants::selected_sids;
use super::steps::who::WhoStep;
use super::steps::{
    AccountStep, ActionsStep, GrantList, PreviewPane, RegionStep, ReposStep, ReviewStep,
};

/// The wizard's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// Who will use the policy: a recipe, or the actions.
    Who,
    Region,
    Account,
    Repositories,
    Actions,
    Review,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Who,
        Step::Region,
        Step::Account,
        Step::Repositories,
        Step::Actions,
        Step::Review,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Step::Who => "Who",
            Step::Region => "Region",
            Step::Account => "Account",
            Step::Repositories => "Repositories",
            Step::Actions => "Actions",
            Step::Review => "Review",
        }
    }

    /// The title where room is short (the step bar without the program's name).
    pub fn short_title(self) -> &'static str {
        match self {
            Step::Repositories => "Repos",
            other => other.title(),
        }
    }

    /// The step's number, as the step bar and the step's frame show it (from 1).
    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    pub fn next(self) -> Step {
        let i = Step::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Step::ALL[(i + 1).min(Step::ALL.len() - 1)]
    }

    pub fn prev(self) -> Step {
        let i = Step::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Step::ALL[i.saturating_sub(1)]
    }
}

/// Whether a step's input is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    Pending,
    Complete,
    Invalid,
}

/// A window over the steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Help {
        /// First line shown.
        scroll: u16,
    },
    Save {
        path: TextInput,
        error: Option<String>,
    },
    ConfirmOverwrite {
        path: TextInput,
    },
    ConfirmQuit,
    /// Adding or removing tag conditions.
    Tags {
        input: TextInput,
        error: Option<String>,
    },
    /// Everything about the highlighted row of the actions step.
    Details,
    /// The policy name used by the `Terraform`, `CloudFormation` and AWS CLI formats.
    Name {
        input: TextInput,
        error: Option<String>,
    },
    /// Who will use the policy (Review).
    Principal {
        input: TextInput,
        error: Option<String>,
    },
    /// The pull-through cache rule's prefix (Actions). `review`: asked on the way to Review.
    CachePrefix {
        input: TextInput,
        error: Option<String>,
        review: bool,
    },
}

impl Popup {
    /// The text field and its error, for the popups that are one-line prompts.
    pub fn prompt_mut(&mut self) -> Option<(&mut TextInput, &mut Option<String>)> {
        match self {
            Popup::Save { path, error } => Some((path, error)),
            Popup::Tags { input, error }
            | Popup::Name { input, error }
            | Popup::Principal { input, error }
            | Popup::CachePrefix { input, error, .. } => Some((input, error)),
            _ => None,
        }
    }
}

/// The kind of a status-line message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Success,
    /// Done, but with a caveat the person must read (e.g. a copy nothing can confirm).
    Warning,
    Error,
}

/// The status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub kind: StatusKind,
}

/// One row of the actions step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionRow {
    Preset,
    Task(usize),
    AllActionsHeader,
    Level(AccessLevel),
    Action(ActionId),
}

/// What the inputs currently produce; recomputed after every update.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Derived {
    /// The validated spec, when every field is valid.
    pub spec: Option<Spec>,
    /// The preview text in the chosen format: exactly what is copied and saved (or the
    /// draft with placeholders).
    pub text: String,
    /// The policy document as pretty JSON (what the size quotas count).
    pub json: String,
    /// What is still missing or invalid (empty when `spec` is set).
    pub missing: Vec<FieldError>,
    pub findings: Vec<Finding>,
    /// The Sids of the selected grant's statements, quoted (the preview marks those lines);
    /// empty with one grant.
    pub highlight: Vec<String>,
    /// When a repository policy is shown: its characters as `SetRepositoryPolicy` counts them
    /// (the meter's measure against its own limit instead of IAM's quotas).
    pub repository_size: Option<usize>,
    /// When a registry policy is shown: its characters as `PutRegistryPolicy` counts them.
    pub registry_size: Option<usize>,
}

/// Where an imported policy came from and what of it the wizard could not represent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportNotes {
    /// The file name, or "standard input".
    pub source: String,
    /// In plain words, one item each.
    pub left_out: Vec<String>,
    /// The imported grants after the first (which the steps edit) and the statements kept as
    /// written: carried into the preview, copy and save unchanged.
    pub carried: PolicySpec,
    /// The import with its offered fixes applied (None when none are offered).
    pub fixed: Option<Box<Imported>>,
}

impl ImportNotes {
    /// Whether anything besides the edited grant goes into the output.
    pub fn carries(&self) -> bool {
        !self.carried.grants.is_empty() || !self.carried.kept.is_empty()
    }
}

/// The wizard's whole state: one sub-state per step, plus what is shared by all of them.
#[derive(Debug, Clone)]
pub struct App {
    pub step: Step,
    /// Who will use the policy: the recipe chosen and its answers.
    pub who: WhoStep,
    pub region: RegionStep,
    pub account: AccountStep,
    pub repos: ReposStep,
    pub actions: ActionsStep,
    pub review: ReviewStep,
    /// The other grants and the kept statements; the steps edit the selected grant.
    pub grants: GrantList,
    /// Who uses the policy and which document is shown.
    pub access: AccessState,
    pub preview: PreviewPane,
    /// Set when the wizard started from an existing policy (`--from`).
    pub imported: Option<ImportNotes>,
    pub popup: Option<Popup>,
    pub status: Option<Status>,
    /// The policy text last saved, or copied to a clipboard that confirmed it; quitting asks
    /// first when it differs from the current one.
    pub delivered: Option<String>,
    pub should_quit: bool,
    /// Set by Ctrl-C: the wizard was interrupted (exit 130 unless the policy was delivered).
    pub interrupted: bool,
    /// Standard output is piped: Enter on Review prints the policy there and ends the wizard.
    pub output_piped: bool,
    /// Set by the quit question's save and copy: quit once the policy is delivered.
    pub pending_quit: bool,
    /// Whether the wizard captures the mouse (off: the terminal selects text).
    pub mouse: bool,
    pub derived: Derived,
}

impl Default for App {
    fn default() -> Self {
        App::new()
    }
}

impl App {
    /// A wizard on the region step with the default preset, started from the actions (no
    /// recipe); [`App::prefilled`] with nothing given opens on the recipes instead.
    pub fn new() -> App {
        let mut app = App {
            step: Step::Region,
            who: WhoStep {
                chosen: true,
                ..WhoStep::default()
            },
            region: RegionStep::default(),
            account: AccountStep::default(),
            repos: ReposStep::default(),
            actions: ActionsStep::default(),
            review: ReviewStep::default(),
            grants: GrantList::default(),
            access: AccessState::default(),
            preview: PreviewPane::default(),
            imported: None,
            popup: None,
            status: None,
            delivered: None,
            should_quit: false,
            interrupted: false,
            output_piped: false,
            pending_quit: false,
            mouse: true,
            derived: Derived::default(),
        };
        app.refresh();
        app
    }

    /// The account, when the field holds a valid one.
    pub fn valid_account(&self) -> Option<String> {
        self.account.valid()
    }

    /// The account field's error, if it has text and the text is invalid.
    pub fn account_error(&self) -> Option<FieldError> {
        self.account.error()
    }

    /// The validated spec, if the policy is complete.
    pub fn spec(&self) -> Option<&Spec> {
        self.derived.spec.as_ref()
    }

    /// Recomputes the preview, the missing fields and the findings from the inputs.
    pub fn refresh(&mut self) {
        let mut missing = Vec::new();
        if self.region.choice.is_none() {
            missing.push(FieldError::new(Field::Region, "", "not chosen yet"));
        }
        let account = self.valid_account();
        if account.is_none() {
            let e = self
                .account_error()
                .unwrap_or_else(|| FieldError::new(Field::Account, "", "not entered yet"));
            missing.push(e);
        }
        let needs_repos = !self.actions.set.repository_level().is_empty();
        if self.repos.list.is_empty() && needs_repos {
            missing.push(FieldError::new(Field::Repository, "", "none added yet"));
        }
        if self.actions.set.is_empty() {
            missing.push(FieldError::new(Field::Action, "", "none selected"));
        }
        let mut repos = self.repos.list.clone();
        repos.sort();
        repos.dedup();
        let spec = match (&self.region.choice, &account) {
            (Some(region), Some(account)) if missing.is_empty() => Some(Spec {
                region: region.clone(),
                account: account.clone(),
                repositories: repos,
                actions: self.actions.set,
                tags: self.actions.tags.clone(),
            }),
            _ => None,
        };
        self.derived = if let Some(spec) = spec {
            let whole = self.grants.whole(spec.clone());
            let text = render_spec_as(
                &whole,
                self.review.format,
                JsonStyle::Pretty,
                Some(&self.policy_name(&spec)),
            );
            let json = render_spec_as(&whole, Format::Json, JsonStyle::Pretty, None);
            let findings = lint_with_text(&spec, &json);
            let highlight = selected_sids(&whole, &self.grants);
            Derived {
                spec: Some(spec),
                text,
                json,
                missing,
                findings,
                highlight,
                repository_size: None,
                registry_size: None,
            }
        } else {
            let placeholder_repo = ["{REPOSITORY}".to_string()];
            let target = Target {
                partition: self
                    .region
                    .choice
                    .as_ref()
                    .map_or("{PARTITION}", |r| r.partition.arn),
                region: self
                    .region
                    .choice
                    .as_ref()
                    .map_or("{REGION}", |r| r.code.as_str()),
                account: account.as_deref().unwrap_or("{ACCOUNT_ID}"),
                repositories: if self.repos.list.is_empty() {
                    &placeholder_repo
                } else {
                    &self.repos.list
                },
                tags: &self.actions.tags,
            };
            let mut policy = build_for(target, self.actions.set);
            if self.grants.several() {
                let rest = build_policy(&self.grants.rest());
                policy.statements.extend(rest.statements);
                policy.kept = rest.kept;
            }
            let name = PolicyName::from_parts(
                preset_matching(self.actions.set).map(|p| p.id),
                &self.repos.list,
            );
            Derived {
                spec: None,
                text: render_policy_as(&policy, self.review.format, &name),
                json: to_json(&policy, JsonStyle::Pretty),
                missing,
                findings: Vec::new(),
                highlight: Vec::new(),
                repository_size: None,
                registry_size: None,
            }
        };
        super::access::apply_document(self);
    }

    /// The policy name the formats use: the one set on Review, or one made from the spec.
    pub fn policy_name(&self, spec: &Spec) -> PolicyName {
        self.review
            .name
            .clone()
            .unwrap_or_else(|| PolicyName::default_for(spec))
    }

    /// Whether a step's input is complete, missing or invalid.
    pub fn step_state(&self, step: Step) -> StepState {
        match step {
            Step::Who if self.who.chosen => StepState::Complete,
            Step::Who => StepState::Pending,
            Step::Region if self.region.choice.is_some() => StepState::Complete,
            Step::Region => StepState::Pending,
            Step::Account if self.valid_account().is_some() => StepState::Complete,
            Step::Account if self.account.input.is_empty() => StepState::Pending,
            Step::Account => StepState::Invalid,
            Step::Repositories if self.repos.error.is_some() => StepState::Invalid,
            Step::Repositories
                if !self.repos.list.is_empty()
                    || self.actions.set.repository_level().is_empty() =>
            {
                StepState::Complete
            }
            Step::Repositories => StepState::Pending,
            Step::Actions if self.actions.set.is_empty() => StepState::Invalid,
            Step::Actions => StepState::Complete,
            Step::Review if self.derived.spec.is_some() => StepState::Complete,
            Step::Review => StepState::Pending,
        }
    }

    /// Sets the status line.
    pub fn say(&mut self, kind: StatusKind, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind,
        });
    }
}
