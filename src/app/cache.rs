//! The pull-through cache in the wizard: when its actions are on, the wizard asks for the cache
//! rule's prefix (`docker-hub`, `ecr-public`, `quay`, … or `ROOT`), checks it as ECR does, and
//! adds the repositories the rule creates (`PREFIX/*`) to the list.

use crate::policy::spec::cache::{PULL_THROUGH_CACHE, cache_repositories};
use crate::policy::spec::catalog::ActionSet;
use crate::policy::spec::tasks::preset_matching;

use super::action::{Action, Local};
use super::input::TextInput;
use super::keymap::keys_for;
use super::state::{App, Popup, StatusKind, Step};

/// The action only pulling through a cache rule needs.
fn import_action() -> ActionSet {
    ActionSet::of(&["BatchImportUpstreamImage"])
}

/// Whether the chosen actions pull through a cache rule.
pub fn cache_on(set: ActionSet) -> bool {
    set.contains_any(import_action())
}

/// Whether a repository in the list is what a cache rule covers: `*` (a rule without a
/// prefix) or `PREFIX/*` with a well-formed prefix.
pub fn has_cache_repositories(app: &App) -> bool {
    app.repos.list.iter().any(|r| {
        r == "*"
            || r.strip_suffix("/*")
                .is_some_and(|prefix| cache_repositories(prefix).is_ok())
    })
}

/// After the actions changed. Turning the task on (`ask`) opens the prompt at once when no
/// repository is a cache rule's yet; landing on the pull-through-cache preset while cycling
/// only says how, and Enter on the step asks. Other presets that happen to hold the cache
/// actions (repo-admin has every repository action) never ask.
pub fn after_actions_change(app: &mut App, before: ActionSet, ask: bool) {
    let set = app.actions.set;
    if !cache_on(set) || has_cache_repositories(app) {
        app.actions.cache_pending = false;
        return;
    }
    if ask && !cache_on(before) {
        open_prompt(app, false);
    } else if !ask && preset_matching(set).is_some_and(|p| p.id == PULL_THROUGH_CACHE) {
        app.actions.cache_pending = true;
        // Short enough for one status row at 80 columns: the key comes first.
        app.say(
            StatusKind::Info,
            format!(
                "Preset {PULL_THROUGH_CACHE}: {} gives the cache rule's prefix (Enter asks too).",
                keys_for(&Action::EditCachePrefix)
            ),
        );
    } else {
        app.actions.cache_pending = false;
    }
}

/// Enter on the Actions step: asks for the prefix first when the preset was chosen and the
/// prefix was not asked yet.
pub fn ask_before_review(app: &mut App) -> bool {
    if app.actions.cache_pending && !has_cache_repositories(app) {
        open_prompt(app, true);
        return true;
    }
    false
}

/// `c` on the Actions step, or the wizard asking: the cache prefix prompt. `review`: go on to
/// Review once the prompt is answered (it was asked on the way there).
pub fn open_prompt(app: &mut App, review: bool) {
    if !cache_on(app.actions.set) {
        app.say(
            StatusKind::Info,
            format!(
                "No pull-through cache: turn on the task \"Use a pull-through cache\" or the \
                 preset pull-through-cache first ({} on its row).",
                keys_for(&Action::Local(Local::Toggle))
            ),
        );
        return;
    }
    app.actions.cache_pending = false;
    let input = app.actions.cache_draft.take().unwrap_or_default();
    app.popup = Some(Popup::CachePrefix {
        input,
        error: None,
        review,
    });
}

/// Esc in the prompt: keep what was typed for next time.
pub fn close_prompt(app: &mut App, input: TextInput) {
    app.actions.cache_draft = (!input.is_empty()).then_some(input);
    app.say(
        StatusKind::Warning,
        format!(
            "No cache prefix given: the cache actions apply to the repositories listed. {} on \
             the Actions step asks again.",
            keys_for(&Action::EditCachePrefix)
        ),
    );
}

/// A key in the prompt: Enter adds the rule's repositories (or says what is wrong); an empty
/// Enter keeps the repositories as they are.
pub fn prompt_key(app: &mut App, input: &TextInput, review: bool, key: Local) {
    if key != Local::Confirm {
        return;
    }
    let raw = input.text().trim();
    let message = if raw.is_empty() {
        "No cache prefix: the cache actions apply to the repositories listed.".to_string()
    } else {
        match cache_repositories(raw) {
            Ok(pattern) => {
                let prefix = raw.trim_end_matches('/');
                if !app.repos.list.contains(&pattern) {
                    app.repos.list.push(pattern.clone());
                }
                if pattern == "*" {
                    "Added *: a rule without a prefix (ROOT) caches into every repository."
                        .to_string()
                } else {
                    format!(
                        "Added {pattern}, the repositories cache rule {prefix} creates on pull."
                    )
                }
            }
            Err(e) => {
                if let Some(Popup::CachePrefix { error, .. }) = &mut app.popup {
                    *error = Some(format!("{} {}", e.value.trim(), e.message));
                }
                return;
            }
        }
    };
    app.popup = None;
    if review {
        app.step = Step::Review;
    }
    let kind = if raw.is_empty() {
        StatusKind::Info
    } else {
        StatusKind::Success
    };
    app.say(kind, message);
}
