//! Several grants on Review: the grant list (the steps edit the selected one), the statements
//! kept as written, adding and removing (after a question), and applying an import's fixes.

use crate::policy::emit::build::build_policy;
use crate::policy::emit::render::{Target, build_for};
use crate::policy::import::Imported;
use crate::policy::spec::grants::{KeptStatement, PolicySpec};
use crate::policy::spec::model::Spec;

use super::super::action::Local;
use super::super::keymap::Scope;
use super::super::state::{App, StatusKind, Step};
use super::{AccountStep, ActionsStep, ReposStep, clamp_move};

/// The grants the steps do not edit right now, the kept statements, and the Review selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GrantList {
    /// Every grant but the edited one, in order; the edited one sits at `editing`.
    pub others: Vec<Spec>,
    /// Where the grant the steps edit sits among all grants.
    pub editing: usize,
    /// Statements carried into the output as written; removed only by an explicit action.
    pub kept: Vec<KeptStatement>,
    /// The selected Review row: the grants, then the kept statements.
    pub selected: usize,
    /// The row whose removal waits for a yes or no.
    pub asking: Option<usize>,
    /// The policy of the import with its fixes applied, while they are only offered.
    pub fixed: Option<Box<Imported>>,
    /// ECR managed signing: the signing profiles the identity policy lets the pusher sign with
    /// (a recipe's answer).
    pub signing: Vec<String>,
}

/// One Review row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Grant(usize),
    Kept(usize),
}

impl GrantList {
    /// Whether Review lists grants: more than one grant, or kept statements.
    pub fn several(&self) -> bool {
        !self.others.is_empty() || !self.kept.is_empty()
    }

    /// How many grants, the edited one included.
    pub fn grant_count(&self) -> usize {
        self.others.len() + 1
    }

    /// How many Review rows.
    pub fn rows(&self) -> usize {
        self.grant_count() + self.kept.len()
    }

    /// What a row index stands for.
    pub fn row(&self, i: usize) -> Row {
        if i < self.grant_count() {
            Row::Grant(i)
        } else {
            Row::Kept(i - self.grant_count())
        }
    }

    /// The grant at `i` among all of them (`edited` is the steps' grant, when complete).
    pub fn grant<'a>(&'a self, i: usize, edited: Option<&'a Spec>) -> Option<&'a Spec> {
        match i.cmp(&self.editing) {
            std::cmp::Ordering::Less => self.others.get(i),
            std::cmp::Ordering::Equal => edited,
            std::cmp::Ordering::Greater => self.others.get(i - 1),
        }
    }

    /// The whole policy with `edited` in its place.
    pub fn whole(&self, edited: Spec) -> PolicySpec {
        let mut grants = self.others.clone();
        grants.insert(self.editing.min(grants.len()), edited);
        PolicySpec {
            grants,
            kept: self.kept.clone(),
            signing: self.signing.clone(),
            ..PolicySpec::default()
        }
    }

    /// The other grants and the kept statements (for the draft, while the edited grant is
    /// incomplete).
    pub fn rest(&self) -> PolicySpec {
        PolicySpec {
            grants: self.others.clone(),
            kept: self.kept.clone(),
            signing: self.signing.clone(),
            ..PolicySpec::default()
        }
    }
}

impl App {
    /// Puts a grant into the steps (the region, account, repositories, actions and tags).
    fn load_grant(&mut self, g: &Spec) {
        self.region.choice = Some(g.region.clone());
        self.region.point_at_choice();
        self.account = AccountStep::default();
        self.account.input.set(&g.account);
        self.account.tried = true;
        self.repos = ReposStep {
            list: g.repositories.clone(),
            ..ReposStep::default()
        };
        self.actions = ActionsStep {
            set: g.actions,
            tags: g.tags.clone(),
            ..ActionsStep::default()
        };
    }

    /// The steps' grant, when complete; otherwise says what to finish first.
    fn finished_grant(&mut self) -> Option<Spec> {
        let spec = self.spec().cloned();
        if spec.is_none() {
            self.say(
                StatusKind::Error,
                "Finish this grant first: the list needs every grant complete.",
            );
        }
        spec
    }
}

/// The Review keys that move over the list and answer the removal question; false when the
/// key is not about the list.
pub fn list_key(app: &mut App, key: Local) -> bool {
    if let Some(row) = app.grants.asking {
        match key {
            Local::Yes => remove_row(app, row),
            Local::No => {
                app.grants.asking = None;
                app.say(StatusKind::Info, "Nothing removed.");
            }
            _ => {}
        }
        return true;
    }
    if !app.grants.several() {
        return false;
    }
    match key {
        Local::Up => app.grants.selected = clamp_move(app.grants.selected, -1, app.grants.rows()),
        Local::Down => app.grants.selected = clamp_move(app.grants.selected, 1, app.grants.rows()),
        _ => return false,
    }
    app.refresh();
    true
}

/// Adds a grant in the same registry and opens the Repositories step for it.
pub fn add_grant(app: &mut App) {
    if app.access.public {
        app.say(
            StatusKind::Error,
            format!(
                "An Amazon ECR Public policy holds one grant; {} switches back to Amazon ECR, \
                 where a policy can hold several.",
                crate::app::keymap::keys_for(&crate::app::Action::SwitchRegistry)
            ),
        );
        return;
    }
    let Some(current) = app.finished_grant() else {
        return;
    };
    let at = app.grants.editing.min(app.grants.others.len());
    app.grants.others.insert(at, current);
    app.grants.editing = app.grants.others.len();
    app.grants.selected = app.grants.editing;
    app.repos = ReposStep::default();
    app.actions = ActionsStep::default();
    app.step = Step::Repositories;
    app.refresh();
    app.say(
        StatusKind::Info,
        format!(
            "Grant {} added in the same registry: choose its repositories.",
            app.grants.editing + 1
        ),
    );
}

/// Opens the selected grant in the steps (Review shows the list again when you come back).
pub fn edit_grant(app: &mut App) {
    let Row::Grant(i) = app.grants.row(app.grants.selected) else {
        app.say(
            StatusKind::Info,
            "Statements kept as written are read-only; remove them or keep them.",
        );
        return;
    };
    if i != app.grants.editing {
        let Some(current) = app.finished_grant() else {
            return;
        };
        let at = app.grants.editing.min(app.grants.others.len());
        app.grants.others.insert(at, current);
        let next = app.grants.others.remove(i);
        app.load_grant(&next);
        app.grants.editing = i;
    }
    app.step = Step::Repositories;
    app.refresh();
    app.say(StatusKind::Info, format!("Editing grant {}.", i + 1));
}

/// Asks before removing the selected grant or kept statement.
pub fn ask_remove(app: &mut App) {
    let row = app.grants.selected;
    if matches!(app.grants.row(row), Row::Grant(_)) && app.grants.grant_count() == 1 {
        app.say(
            StatusKind::Error,
            "The only grant cannot be removed; change it in the steps instead.",
        );
        return;
    }
    app.grants.asking = Some(row);
}

/// The question Review shows while a removal waits, naming what would go.
pub fn question(app: &App) -> Option<String> {
    let row = app.grants.asking?;
    Some(match app.grants.row(row) {
        Row::Grant(i) => format!("Remove grant {}?", i + 1),
        Row::Kept(k) => format!(
            "Remove {}, kept as written? It leaves the policy.",
            app.grants
                .kept
                .get(k)
                .map_or_else(String::new, KeptStatement::label)
        ),
    })
}

fn remove_row(app: &mut App, row: usize) {
    app.grants.asking = None;
    let said = match app.grants.row(row) {
        Row::Kept(k) if k < app.grants.kept.len() => {
            let gone = app.grants.kept.remove(k);
            format!("Removed {}.", gone.label())
        }
        Row::Kept(_) => return,
        Row::Grant(i) if i == app.grants.editing => {
            let Some(next) = app.grants.others.first().cloned() else {
                return;
            };
            app.grants.others.remove(0);
            app.load_grant(&next);
            app.grants.editing = 0;
            format!("Removed grant {}.", i + 1)
        }
        Row::Grant(i) => {
            let at = if i > app.grants.editing { i - 1 } else { i };
            if at >= app.grants.others.len() {
                return;
            }
            app.grants.others.remove(at);
            if i < app.grants.editing {
                app.grants.editing -= 1;
            }
            format!("Removed grant {}.", i + 1)
        }
    };
    app.grants.selected = app.grants.selected.min(app.grants.rows() - 1);
    app.refresh();
    app.say(StatusKind::Success, said);
}

/// Applies the import's offered fixes (as `--fix` does): the policy becomes the fixed import.
pub fn apply_fixes(app: &mut App) {
    let Some(fixed) = app.grants.fixed.take() else {
        return;
    };
    let mut grants = fixed.policy.grants.clone();
    if !grants.is_empty() {
        let first = grants.remove(0);
        app.load_grant(&first);
    }
    app.grants.others = grants;
    app.grants.editing = 0;
    app.grants.kept.clone_from(&fixed.policy.kept);
    app.grants.selected = 0;
    if let Some(notes) = &mut app.imported {
        notes.left_out = fixed.left_out();
    }
    let changes: Vec<String> = fixed.fixes.iter().map(|f| f.text.clone()).collect();
    app.refresh();
    app.say(
        StatusKind::Success,
        format!("Applied {} fix(es): {}", changes.len(), changes.join("; ")),
    );
}

/// Whether the import offers fixes not yet applied.
pub fn fixes_offered(app: &App) -> bool {
    app.grants.fixed.is_some()
}

/// The Review scopes this list adds, checked before `Review`'s own.
pub fn scopes(app: &App) -> Vec<Scope> {
    let mut s = Vec::new();
    if app.grants.several() {
        s.push(Scope::ReviewGrants);
    }
    if fixes_offered(app) {
        s.push(Scope::ReviewFixes);
    }
    s
}

/// The quoted Sids of the selected grant's statements, when Review lists several grants.
pub fn selected_sids(whole: &PolicySpec, grants: &GrantList) -> Vec<String> {
    if !grants.several() || grants.selected >= whole.grants.len() {
        return Vec::new();
    }
    let policy = build_policy(whole);
    let counts: Vec<usize> = whole
        .grants
        .iter()
        .map(|g| {
            build_for(Target::of(g), g.actions.repository_level())
                .statements
                .len()
        })
        .collect();
    let ours: usize = counts.iter().sum();
    let star = policy.statements.len().saturating_sub(ours);
    let from = star + counts[..grants.selected].iter().sum::<usize>();
    policy
        .statements
        .iter()
        .skip(from)
        .take(counts[grants.selected])
        .map(|s| format!("\"{}\"", s.sid))
        .collect()
}
