//! The pull-through cache in the wizard: the preset and the task ask for the cache rule's
//! prefix, check it as ECR does, add `PREFIX/*`, and the copy equals `generate --preset
//! pull-through-cache --cache-prefix PREFIX`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use crate::support::app as support;

use ecr_policy::app::prefill::Prefill;
use ecr_policy::app::state::{ActionRow, StatusKind};
use ecr_policy::app::{App, Popup, Step};
use ecr_policy::policy::spec::cache::pull_through_cache_actions;
use ecr_policy::policy::spec::tasks::{PRESETS, TASKS, preset_matching};
use ecr_policy::ui::Theme;
use support::{ACCT, complete_app, copied, draw, keys, rows, status};

const BIN: &str = env!("CARGO_BIN_EXE_ecr-policy");

fn on_actions() -> App {
    let mut app = complete_app();
    keys(&mut app, "<s-tab>");
    assert_eq!(app.step, Step::Actions);
    app
}

/// Cycles presets with Right until the pull-through-cache preset is chosen.
fn cycle_to_cache_preset(app: &mut App) {
    for _ in 0..PRESETS.len() {
        if app.actions.set == pull_through_cache_actions() {
            return;
        }
        keys(app, "<right>");
        assert_eq!(app.popup, None, "cycling presets never opens a prompt");
    }
    assert_eq!(app.actions.set, pull_through_cache_actions());
}

fn prompt_error(app: &App) -> Option<String> {
    match &app.popup {
        Some(Popup::CachePrefix { error, .. }) => error.clone(),
        other => panic!("no cache prompt: {other:?}"),
    }
}

fn generate(extra: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(["generate", "--region", "ap-northeast-1", "--account", ACCT])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_preset_says_how_and_enter_asks_for_the_prefix_before_review() {
    let mut app = on_actions();
    cycle_to_cache_preset(&mut app);
    let (_, text) = status(&app);
    assert!(text.contains("pull-through-cache"), "{text}");
    assert!(text.contains("c gives the cache rule's prefix"), "{text}");
    // The status row at 80 columns holds 78 characters after its mark: the hint is not cut.
    assert!(
        text.chars().count() <= 76,
        "{} characters: {text}",
        text.chars().count()
    );

    keys(&mut app, "<enter>");
    assert!(matches!(app.popup, Some(Popup::CachePrefix { .. })));
    assert_eq!(app.step, Step::Actions, "asked before leaving Actions");

    // Each rule of the prefix is checked, and the text stays for a correction.
    for bad in ["Docker-Hub", "d", "/x", "docker_-hub"] {
        keys(&mut app, "<c-u>");
        keys(&mut app, bad);
        keys(&mut app, "<enter>");
        let error = prompt_error(&app).unwrap_or_else(|| panic!("{bad} was accepted"));
        assert!(error.contains(bad), "{error}");
        assert!(error.contains("docker-hub, ecr-public, quay"), "{error}");
        assert_eq!(app.step, Step::Actions);
    }
    keys(&mut app, "<c-u>docker-hub<enter>");
    assert_eq!(app.popup, None);
    assert_eq!(app.step, Step::Review, "answered on the way to Review");
    assert!(app.repos.list.contains(&"docker-hub/*".to_string()));
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Success);
    assert!(text.contains("docker-hub/*"), "{text}");

    // my-app stays listed, so generate gets it too.
    let want = generate(&[
        "--repo",
        "my-app",
        "--preset",
        "pull-through-cache",
        "--cache-prefix",
        "docker-hub",
    ]);
    assert_eq!(copied(&mut app), want.trim_end());
}

#[test]
fn turning_the_task_on_asks_at_once_and_esc_keeps_the_draft() {
    let mut app = on_actions();
    let task = TASKS
        .iter()
        .position(|t| t.id == "pull-through-cache")
        .expect("the task");
    while app.action_rows()[app.actions.cursor] != ActionRow::Task(task) {
        keys(&mut app, "<down>");
    }
    keys(&mut app, "<space>");
    assert!(matches!(app.popup, Some(Popup::CachePrefix { .. })));
    keys(&mut app, "qua");
    keys(&mut app, "<esc>");
    assert_eq!(app.popup, None);
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Warning);
    assert!(text.contains("c on the Actions step asks again"), "{text}");
    // Enter goes on: the question was asked once already.
    keys(&mut app, "<enter>");
    assert_eq!(app.step, Step::Review);
    keys(&mut app, "<s-tab>");
    // c opens it again with what was typed.
    keys(&mut app, "c");
    match &app.popup {
        Some(Popup::CachePrefix { input, .. }) => assert_eq!(input.text(), "qua"),
        other => panic!("{other:?}"),
    }
    keys(&mut app, "y<enter>");
    assert!(app.repos.list.contains(&"quay/*".to_string()));
    assert_eq!(app.step, Step::Actions, "c keeps the step");
}

#[test]
fn root_means_every_repository_and_an_empty_answer_keeps_the_list() {
    let mut app = on_actions();
    cycle_to_cache_preset(&mut app);
    keys(&mut app, "<enter><enter>");
    assert_eq!(app.step, Step::Review);
    assert_eq!(app.repos.list, vec!["my-app".to_string()], "nothing added");

    let mut app = on_actions();
    cycle_to_cache_preset(&mut app);
    keys(&mut app, "<enter>ROOT<enter>");
    assert!(app.repos.list.contains(&"*".to_string()));
    assert!(
        app.derived.text.contains(":repository/*\""),
        "{}",
        app.derived.text
    );
}

#[test]
fn a_cache_repository_already_listed_is_not_asked_for() {
    let mut app = App::prefilled(&Prefill {
        region: Some("eu-west-1".into()),
        account: Some(ACCT.into()),
        repos: vec!["ecr-public/*".into()],
        preset: Some("pull-through-cache".into()),
        ..Prefill::default()
    });
    assert_eq!(app.popup, None);
    assert_eq!(app.step, Step::Review);
    keys(&mut app, "<s-tab><enter>");
    assert_eq!(app.popup, None);
    assert_eq!(app.step, Step::Review);
}

#[test]
fn starting_with_the_preset_asks_first_and_the_footer_offers_c_only_with_the_cache() {
    let mut app = App::prefilled(&Prefill {
        region: Some("eu-west-1".into()),
        account: Some(ACCT.into()),
        preset: Some("pull-through-cache".into()),
        ..Prefill::default()
    });
    assert!(matches!(app.popup, Some(Popup::CachePrefix { .. })));
    let screen = rows(draw(&app, &Theme::color(), 80, 24).backend().buffer()).join("\n");
    assert!(screen.contains("Pull-through cache rule"), "{screen}");
    assert!(screen.contains("Enter add its repositories"), "{screen}");
    keys(&mut app, "quay<enter>");
    assert_eq!(app.repos.list, vec!["quay/*".to_string()]);

    app.step = Step::Actions;
    let footer = |app: &App| {
        rows(draw(app, &Theme::color(), 120, 30).backend().buffer())
            .last()
            .cloned()
            .unwrap_or_default()
    };
    assert!(footer(&app).contains("c cache prefix"), "{}", footer(&app));
    // Without the cache actions, c would only explain: it is not offered.
    let mut plain = on_actions();
    assert!(
        !footer(&plain).contains("cache prefix"),
        "{}",
        footer(&plain)
    );
    keys(&mut plain, "c");
    assert_eq!(plain.popup, None);
    assert!(status(&plain).1.contains("Use a pull-through cache"));
}

#[test]
fn presets_that_merely_hold_the_cache_actions_never_ask() {
    let mut app = on_actions();
    for _ in 0..PRESETS.len() {
        if preset_matching(app.actions.set).map(|p| p.id) == Some("repo-admin") {
            break;
        }
        keys(&mut app, "<right>");
    }
    assert!(app.actions.set.contains_any(pull_through_cache_actions()));
    assert!(!status(&app).1.contains("cache rule's prefix"));
    keys(&mut app, "<enter>");
    assert_eq!(app.popup, None);
    assert_eq!(app.step, Step::Review);
}
