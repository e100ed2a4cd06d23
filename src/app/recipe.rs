//! The wizard's recipes: the first step's choice, the recipe's questions (each checked by its
//! owner's rule as it is left), what a recipe fills in the usual steps (actions, the cache
//! rule's repositories, who else uses the policy, the signing profile), and the role's trust
//! policy that Review shows among the documents: the same plan `generate --recipe` writes.

use crate::policy::audit::check::check_text_as;
use crate::policy::emit::render::JsonStyle;
use crate::policy::import::document::DocKind;
use crate::policy::recipes::plan::{field_of, missing};
use crate::policy::recipes::{
    Answers, RawAnswers, Recipe, RecipeDocument, RecipePlan, Workload, check_answer, check_answers,
    check_with_registry, default_role_name, plan,
};
use crate::policy::spec::principal::{Principal, find_service};

use super::action::{Action, Local};
use super::keymap::keys_for;
use super::state::{App, StatusKind, Step, StepState};
use super::steps::who::{WhoForm, WhoRow};

/// A key on the first step: the list, or the open form.
pub(super) fn who_key(app: &mut App, key: Local) {
    if app.who.form.is_some() {
        return form_key(app, key);
    }
    match key {
        Local::Up => app.who.move_cursor(-1),
        Local::Down => app.who.move_cursor(1),
        Local::Confirm => choose(app),
        _ => {}
    }
}

/// Enter on a row: the actions (the wizard as without recipes), or a recipe's questions.
pub(super) fn choose(app: &mut App) {
    match app.who.highlighted() {
        WhoRow::FromActions => {
            clear_recipe(app);
            app.who.chosen = true;
            app.say(
                StatusKind::Info,
                "No recipe: choose the region, account, repositories and actions.",
            );
            go_on(app);
        }
        WhoRow::Recipe(recipe) if recipe.questions.is_empty() => {
            apply(app, recipe, Answers::default());
        }
        WhoRow::Recipe(recipe) => {
            let previous =
                if app.who.recipe().is_some_and(|r| r.id == recipe.id) || app.who.form.is_none() {
                    app.who.typed.clone()
                } else {
                    Vec::new()
                };
            app.who.form = Some(WhoForm::new(recipe, &previous));
            app.say(
                StatusKind::Info,
                format!(
                    "{}: {} question{}. {} goes on.",
                    recipe.label,
                    recipe.questions.len(),
                    if recipe.questions.len() == 1 { "" } else { "s" },
                    keys_for(&Action::Local(Local::Confirm))
                ),
            );
        }
    }
}

/// A key in the form: Enter checks the field and goes on (the last one applies the recipe).
fn form_key(app: &mut App, key: Local) {
    let Some(form) = app.who.form.as_mut() else {
        return;
    };
    match key {
        Local::Up => form.move_focus(-1),
        Local::Down => form.move_focus(1),
        Local::Confirm => confirm_field(app),
        _ => {}
    }
}

/// Checks the focused field; on to the next, or (on the last) the whole recipe.
fn confirm_field(app: &mut App) {
    let Some(form) = app.who.form.as_mut() else {
        return;
    };
    let Some((q, input)) = form.fields.get(form.focus) else {
        return;
    };
    let text = input.text().trim();
    let result = if text.is_empty() {
        if q.optional() {
            Ok(())
        } else {
            Err(missing(form.recipe, *q))
        }
    } else {
        check_answer(form.recipe, *q, text, &mut Answers::default())
    };
    if let Err(e) = result {
        form.error = Some(e);
        return;
    }
    form.error = None;
    if form.focus + 1 < form.fields.len() {
        form.focus += 1;
        return;
    }
    finish_form(app);
}

/// Every answer checked together, then the recipe applied.
fn finish_form(app: &mut App) {
    let Some(form) = app.who.form.as_mut() else {
        return;
    };
    let mut raw = RawAnswers::default();
    for (q, input) in &form.fields {
        if !input.text().trim().is_empty() {
            raw.set(*q, input.text().trim());
        }
    }
    match check_answers(form.recipe, &raw) {
        Ok(answers) => {
            let recipe = form.recipe;
            app.who.typed = form
                .fields
                .iter()
                .map(|(q, t)| (*q, t.text().to_string()))
                .collect();
            apply(app, recipe, answers);
        }
        Err(errors) => {
            if let Some(e) = errors.into_iter().next() {
                form.focus = form
                    .fields
                    .iter()
                    .position(|(q, _)| field_of(*q) == e.field)
                    .unwrap_or(form.focus);
                form.error = Some(e);
            }
        }
    }
}

/// Esc in the form: back to the list, what was typed kept for the next time.
pub(super) fn close_form(app: &mut App) {
    if let Some(form) = app.who.form.take() {
        app.who.typed = form
            .fields
            .iter()
            .map(|(q, t)| (q.to_owned(), t.text().to_string()))
            .collect();
    }
}

/// Undoes what a recipe set that the person did not choose in the steps.
fn clear_recipe(app: &mut App) {
    if app.who.recipe.take().is_some() {
        app.grants.signing.clear();
        app.access.principal = None;
        app.access.document = super::access::Document::Identity;
        app.access.part = 0;
    }
}

/// The recipe chosen: its actions, the cache rule's repositories, who else uses the policy,
/// the signing profile; then on to the first step that still needs something.
fn apply(app: &mut App, recipe: &'static Recipe, answers: Answers) {
    clear_recipe(app);
    app.actions.set = recipe.actions();
    app.actions.cache_pending = false;
    if let Some(repos) = &answers.cache_repositories
        && !app.repos.list.contains(repos)
    {
        app.repos.list.push(repos.clone());
    }
    app.access.public = false;
    app.access.part = 0;
    app.access.principal = match recipe.workload {
        Workload::OtherAccount => answers.other_role.clone(),
        Workload::LambdaImage => {
            find_service("lambda.amazonaws.com").map(|service| Principal::Service {
                service,
                source_arn: answers.function_arn.clone(),
            })
        }
        _ => None,
    };
    app.access.document = super::access::Document::Identity;
    app.grants.signing = answers.signing_profile.iter().cloned().collect();
    app.who.recipe = Some((recipe, answers));
    app.who.chosen = true;
    app.who.form = None;
    let documents: Vec<&str> = crate::policy::recipes::documents_of_workload(recipe.workload)
        .into_iter()
        .map(RecipeDocument::label)
        .collect();
    app.say(
        StatusKind::Info,
        format!(
            "Recipe {}: {} on Review ({} steps through them).",
            recipe.id,
            documents.join(", "),
            keys_for(&Action::SwitchDocument)
        ),
    );
    go_on(app);
}

/// On to the first step after this one that still needs something (Review when none does).
fn go_on(app: &mut App) {
    app.refresh();
    let next = Step::ALL
        .into_iter()
        .skip(1)
        .find(|s| app.step_state(*s) != StepState::Complete)
        .unwrap_or(Step::Review);
    super::update::go(app, next);
}

/// The recipe's plan for the policy as it stands: documents, trust policy, next step. `None`
/// without a recipe or while the policy is incomplete.
pub fn recipe_plan(app: &App) -> Option<RecipePlan> {
    let (recipe, answers) = app.who.recipe.as_ref()?;
    let spec = app.spec()?;
    Some(plan(recipe, answers, spec, &default_role_name(recipe)))
}

/// Whether Review can show a trust policy: a recipe with one, and a complete policy.
pub fn has_trust(app: &App) -> bool {
    recipe_plan(app).is_some_and(|p| p.trust.is_some())
}

/// After `refresh`, when the trust policy is shown: its text in the chosen format (what
/// `generate --recipe … --document trust` prints), and what `check` says of it.
pub(super) fn apply_trust(app: &mut App) {
    let (Some(plan), Some(spec)) = (recipe_plan(app), app.spec().cloned()) else {
        return;
    };
    let Some(trust) = &plan.trust else {
        return;
    };
    let json = trust.to_json(JsonStyle::Pretty);
    let mut text = trust.render_as(app.review.format, JsonStyle::Pretty, &plan.role_meta(&spec));
    if let (Some((_, answers)), Some(spec)) = (&app.who.recipe, app.spec())
        && let Err(errors) = check_with_registry(answers, spec)
    {
        let why: Vec<String> = errors.iter().map(ToString::to_string).collect();
        text = format!(
            "The recipe's answers do not fit the registry: {}",
            why.join("; ")
        );
    }
    app.derived.findings = check_text_as(&json, Some(DocKind::Trust)).unwrap_or_default();
    app.derived.repository_size = None;
    app.derived.registry_size = None;
    app.derived.json = json;
    app.derived.text = text;
}
