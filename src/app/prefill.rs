//! Starting the wizard with values from the command line, validated by the same engine.

use crate::policy::ActionSet;
use crate::policy::import::Imported;
use crate::policy::import::merge::{Flags, first_grant_input, moves, preset_actions};
use crate::policy::spec::cache::PULL_THROUGH_CACHE;
use crate::policy::spec::grants::PolicySpec;
use crate::policy::spec::model::validate;
use crate::policy::spec::region::resolve_region;
use crate::policy::spec::tags::{normalize_tags, parse_tag};
use crate::policy::spec::tasks::PRESETS;

use super::repos::add_reference;
use super::state::{App, ImportNotes, StatusKind, StepState};

/// Values given on the command line; any of them may be missing or invalid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefill {
    pub region: Option<String>,
    pub partition: Option<String>,
    pub account: Option<String>,
    pub repos: Vec<String>,
    pub preset: Option<String>,
    /// `KEY=VALUE` tag conditions.
    pub tags: Vec<String>,
    /// Actions taken from an imported policy (a preset, when given, wins).
    pub actions: Option<ActionSet>,
    /// The imported policy: where it came from and what could not be carried over.
    pub imported: Option<ImportNotes>,
}

impl Prefill {
    /// The values of an imported policy, with command-line values laid over its first grant
    /// (the rules of [`first_grant_input`]); its other grants and kept statements are carried
    /// into the output unchanged.
    pub fn from_import(im: &Imported, source: &str, cli: Prefill) -> Prefill {
        let flags = Flags {
            region: cli.region.clone(),
            partition: cli.partition.clone(),
            account: cli.account.clone(),
            repos: cli.repos.clone(),
            tags: cli.tags.clone(),
            ..Flags::default()
        };
        let (input, _) = first_grant_input(&flags, Some(im));
        // What the flags move (region, partition, account) is listed with what was not
        // carried over as written.
        let mut left_out = im.left_out();
        if let Ok(first) = validate(&input) {
            left_out.splice(0..0, moves(im, &first));
        }
        let carried = PolicySpec {
            grants: im.policy.grants.iter().skip(1).cloned().collect(),
            registry_actions: ActionSet::EMPTY,
            kept: im.policy.kept.clone(),
            signing: Vec::new(),
        };
        Prefill {
            region: input.region,
            partition: input.partition,
            account: input.account,
            repos: input.repositories,
            actions: cli.preset.is_none().then_some(input.actions),
            preset: cli.preset,
            tags: input.tags,
            imported: Some(ImportNotes {
                source: source.to_string(),
                left_out,
                carried,
                fixed: im.fixed.clone(),
            }),
        }
    }
}

impl App {
    /// A wizard with the given values filled in. Invalid values stay in their fields with
    /// their error shown; the wizard opens on the first step that still needs something.
    pub fn prefilled(p: &Prefill) -> App {
        let mut app = App::new();
        let mut problems = Vec::new();
        if let Some(preset) = &p.preset {
            match preset_actions(Some(preset)) {
                Ok(set) => app.actions.set = set,
                Err(_) => problems.push(format!(
                    "preset {preset:?} is not known (use {})",
                    PRESETS.iter().map(|p| p.id).collect::<Vec<_>>().join(", ")
                )),
            }
        }
        if let Some(actions) = p.actions {
            app.actions.set = actions;
        }
        app.imported.clone_from(&p.imported);
        if let Some(notes) = &p.imported {
            app.grants.others.clone_from(&notes.carried.grants);
            app.grants.kept.clone_from(&notes.carried.kept);
            app.grants.fixed.clone_from(&notes.fixed);
        }
        if let Some(acct) = &p.account {
            app.account.input.set(acct.trim());
            app.account.tried = true;
        }
        if let Some(region) = &p.region {
            match resolve_region(region, p.partition.as_deref()) {
                Ok(choice) => app.region.choice = Some(choice),
                Err(e) => {
                    app.region.query.set(region.trim());
                    app.region.refilter();
                    problems.push(e.to_string());
                }
            }
        }
        for repo in &p.repos {
            if !add_reference(&mut app, repo) {
                // Keep the invalid text in the field with its error; later ones still get added.
                if app.repos.input.is_empty() {
                    app.repos.input.set(repo.trim());
                }
                let saved = app.repos.error.clone();
                if let Some(e) = saved {
                    problems.push(e.to_string());
                }
            }
        }
        let mut tags = Vec::new();
        for raw in &p.tags {
            match parse_tag(raw) {
                Ok(t) => tags.push(t),
                Err(e) => problems.push(e.to_string()),
            }
        }
        match normalize_tags(tags) {
            Ok(t) => app.actions.tags = t,
            Err(e) => problems.push(e.to_string()),
        }
        app.region.point_at_choice();
        // Nothing given: the wizard opens on who will use the policy (the recipes); anything
        // given starts from the actions, as before.
        app.who.chosen = *p != Prefill::default();
        app.refresh();
        app.step = super::state::Step::ALL
            .into_iter()
            .find(|s| app.step_state(*s) != StepState::Complete)
            .unwrap_or(super::state::Step::Review);
        // `--preset pull-through-cache` with no cache rule's repositories: ask for the prefix.
        if p.preset.as_deref().map(str::trim) == Some(PULL_THROUGH_CACHE)
            && !super::cache::has_cache_repositories(&app)
        {
            super::cache::open_prompt(&mut app, false);
        }
        if !problems.is_empty() {
            app.say(StatusKind::Error, problems.join("; "));
        } else if let Some(notes) = &p.imported {
            let n = notes.left_out.len();
            if n == 0 {
                app.say(
                    StatusKind::Success,
                    format!("Imported {}: everything carried over.", notes.source),
                );
            } else {
                app.say(
                    StatusKind::Info,
                    format!(
                        "Imported {}: {n} thing(s) not carried over as written, listed on the Review step.",
                        notes.source
                    ),
                );
            }
        }
        app
    }
}
