//! Tests for the plain-words explanations.

use super::*;
use crate::policy::spec::model::{SpecInput, validate};
use crate::policy::spec::tasks::find_preset;

fn spec(repos: &[&str], actions: ActionSet, tags: &[&str]) -> Spec {
    validate(&SpecInput {
        region: Some("eu-west-1".into()),
        account: Some("123456789012".into()),
        repositories: repos.iter().map(|s| (*s).to_string()).collect(),
        actions,
        tags: tags.iter().map(|s| (*s).to_string()).collect(),
        ..SpecInput::default()
    })
    .unwrap()
}

#[test]
fn every_task_has_its_own_sentence() {
    let fallback = sentence(&Task {
        id: "no-such-task",
        label: "",
        summary: "",
        actions: &[],
    });
    for t in TASKS {
        assert_ne!(sentence(t), fallback, "task {} has no sentence", t.id);
    }
}

#[test]
fn pull_preset_reads_as_login_and_pull_on_the_repository() {
    let s = spec(&["my-app"], find_preset("pull").unwrap().set(), &[]);
    let lines = capabilities(&s);
    assert_eq!(
        lines[0],
        "Anyone with this policy, in account 123456789012 (eu-west-1), can:"
    );
    assert!(lines[1].starts_with("Get a registry token"), "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l == "Pull images from repository my-app"),
        "{lines:?}"
    );
    assert!(!lines.iter().any(|l| l.contains("Push")), "{lines:?}");
}

#[test]
fn every_granted_action_is_accounted_for_in_some_sentence() {
    for p in PRESETS {
        let s = spec(&["app", "team/*"], p.set(), &["team=payments"]);
        let lines = capabilities(&s);
        let mut explained = ActionSet::EMPTY;
        for t in TASKS {
            let sentence_start = capitalize(sentence(t).split('{').next().unwrap_or(""));
            if lines
                .iter()
                .any(|l| l.starts_with(sentence_start.trim_end()))
            {
                explained = explained.union(t.set());
            }
        }
        for a in s.actions.iter() {
            let named = lines
                .iter()
                .any(|l| l.starts_with("Call ") && l.contains(a.info().name));
            assert!(
                explained.contains(a) || named,
                "{}: {} is not explained in {lines:?}",
                p.id,
                a.info().name
            );
        }
        assert!(
            lines[0].contains("on repositories tagged team=payments only"),
            "{lines:?}"
        );
    }
}

#[test]
fn scope_words_follow_the_repositories() {
    let pull = find_preset("pull").unwrap().set();
    let all = capabilities(&spec(&["*", "x1"], pull, &[])).join("\n");
    assert!(all.contains("every repository"), "{all}");
    let many = capabilities(&spec(&["a1", "b1", "c1", "d1"], pull, &[])).join("\n");
    assert!(many.contains("repositories a1, b1 and 2 more"), "{many}");
    let pat = capabilities(&spec(&["team/*"], pull, &[])).join("\n");
    assert!(pat.contains("repositories matching team/*"), "{pat}");
}

#[test]
fn leftover_actions_are_named_with_their_resource() {
    let s = spec(
        &["svc"],
        ActionSet::of(&["ListImages", "DescribeRegistry"]),
        &[],
    );
    let lines = capabilities(&s);
    assert!(
        lines.contains(&"Call ListImages on repository svc".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"Call DescribeRegistry on the whole registry".to_string()),
        "{lines:?}"
    );
}

#[test]
fn details_name_level_resource_presets_and_tasks() {
    let login = crate::policy::spec::catalog::find_action("GetAuthorizationToken").unwrap();
    let d = action_details(login);
    assert!(d.star_only);
    assert!(d.presets.contains(&"pull") && d.presets.contains(&"push"));
    assert!(d.tasks.iter().any(|t| t.starts_with("Log in")));
    let text = d.lines().join("\n");
    assert!(text.contains("\"*\" only"), "{text}");
    let put = crate::policy::spec::catalog::find_action("PutImage").unwrap();
    let d = action_details(put);
    assert!(!d.star_only && !d.presets.contains(&"pull") && d.presets.contains(&"push"));
    assert!(d.lines().join("\n").contains("Access level: Write"));
}
