//! The registry policy in the wizard: a pull-through cache used from another account shows it
//! where `d` steps through the documents (instead of a repository policy on the cache prefix),
//! the replication preset's only document is it, and pasted messages of the new kinds (Lambda,
//! 403, docker's ambiguous pull, a wrapped ARN) fill the wizard or say how to find out.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use crate::support::app as support;

use ecr_policy::app::access::Document;
use ecr_policy::app::state::StatusKind;
use ecr_policy::app::{App, Step};
use ecr_policy::policy::spec::tasks::{PRESETS, find_preset};
use ecr_policy::ui::Theme;
use support::{ACCT, choose_principal, complete_app, copied, draw, keys, paste, rows, status};

const BIN: &str = env!("CARGO_BIN_EXE_ecr-policy");

fn generate(extra: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(["generate", "--region", "ap-northeast-1", "--account", ACCT])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// On Actions, Right until the preset `id` is chosen, then Enter (and the cache prefix).
fn choose_preset(app: &mut App, id: &str) {
    keys(app, "<s-tab>");
    assert_eq!(app.step, Step::Actions);
    let want = find_preset(id).unwrap().set();
    for _ in 0..PRESETS.len() {
        if app.actions.set == want {
            break;
        }
        keys(app, "<right>");
    }
    assert_eq!(app.actions.set, want, "{id}");
    keys(app, "<enter>");
    if id == "pull-through-cache" {
        keys(app, "docker-hub<enter>");
    }
    assert_eq!(app.step, Step::Review);
}

fn screen(app: &App) -> String {
    rows(draw(app, &Theme::color(), 80, 24).backend().buffer()).join("\n")
}

/// The reproduction: a cross-account cache showed a repository policy "set on docker-hub/*".
#[test]
fn a_cross_account_cache_steps_from_the_identity_to_the_registry_policy() {
    let mut app = complete_app();
    choose_preset(&mut app, "pull-through-cache");
    let role = "arn:aws:iam::222233334444:role/ci";
    choose_principal(&mut app, role);
    keys(&mut app, "d");
    assert_eq!(app.access.document, Document::Registry);
    let (_, said) = status(&app);
    assert!(said.contains("Showing the registry policy"), "{said}");
    assert!(said.contains("get-registry-policy"), "{said}");
    let want = generate(&[
        "--repo",
        "my-app",
        "--preset",
        "pull-through-cache",
        "--cache-prefix",
        "docker-hub",
        "--principal",
        role,
        "--document",
        "registry",
    ]);
    assert_eq!(copied(&mut app), want.trim_end());
    assert!(app.derived.registry_size.is_some());
    let shown = screen(&app);
    assert!(shown.contains("Registry policy:"), "{shown}");
    assert!(!shown.contains("Repository policy:"), "{shown}");
    let t = draw(&app, &Theme::color(), 80, 24);
    insta::assert_snapshot!(
        "review_cross_account_cache_registry_policy_80x24",
        t.backend()
    );
    // d goes back to the identity policy: two documents, no repository policy on the prefix.
    keys(&mut app, "d");
    assert_eq!(app.access.document, Document::Identity);
    // The Terraform format is aws_ecr_registry_policy, as generate writes it.
    keys(&mut app, "d");
    keys(&mut app, "f");
    assert!(
        app.derived
            .text
            .contains("resource \"aws_ecr_registry_policy\""),
        "{}",
        app.derived.text
    );
}

#[test]
fn replication_shows_only_the_registry_policy_for_the_source_account() {
    let mut app = complete_app();
    choose_preset(&mut app, "replication");
    let shown = screen(&app);
    assert!(shown.contains("Replication:"), "{shown}");
    choose_principal(&mut app, "222233334444");
    assert_eq!(
        ecr_policy::app::access::shown(&app),
        Document::Registry,
        "the only document"
    );
    let want = generate(&[
        "--repo",
        "my-app",
        "--preset",
        "replication",
        "--principal",
        "222233334444",
    ]);
    assert_eq!(copied(&mut app), want.trim_end());
    keys(&mut app, "d");
    let (_, said) = status(&app);
    assert!(said.starts_with("Only the registry policy"), "{said}");
    // A role cannot replicate: the preview says why.
    keys(&mut app, "w<c-u>");
    paste(&mut app, "arn:aws:iam::222233334444:role/ci");
    keys(&mut app, "<enter>");
    assert!(
        app.derived.text.contains("give --principal 222233334444"),
        "{}",
        app.derived.text
    );
}

#[test]
fn a_pasted_lambda_message_shows_its_repository_policy() {
    let mut app = complete_app();
    paste(
        &mut app,
        "Resource handler returned message: \"Lambda does not have permission to access the ECR \
         image. Check the ECR permissions. (Service: Lambda, Status Code: 403)\"",
    );
    assert_eq!(app.step, Step::Review);
    assert_eq!(app.access.document, Document::Repository);
    let text = &app.derived.text;
    assert!(text.contains("lambda.amazonaws.com"), "{text}");
    assert!(text.contains("ecr:GetDownloadUrlForLayer"), "{text}");
    let (kind, said) = status(&app);
    assert_eq!(kind, StatusKind::Info);
    assert!(said.contains("the repository policy must change"), "{said}");
}

/// The reproduction: docker's "pull access denied … may require 'docker login'" was "not a
/// policy problem".
#[test]
fn a_pasted_ambiguous_pull_says_how_to_find_out_and_changes_nothing() {
    let mut app = complete_app();
    let before = app.derived.text.clone();
    paste(
        &mut app,
        "Error response from daemon: pull access denied for \
         111122223333.dkr.ecr.ap-northeast-2.amazonaws.com/web, repository does not exist or \
         may require 'docker login': denied: requested access to the resource is denied",
    );
    assert_eq!(app.derived.text, before);
    let (kind, said) = status(&app);
    assert_eq!(kind, StatusKind::Warning);
    assert!(said.starts_with("Ambiguous"), "{said}");
    assert!(said.contains("aws ecr describe-repositories"), "{said}");
    assert!(!said.contains("Not a policy problem"), "{said}");
}

#[test]
fn a_pasted_message_wrapped_inside_its_arns_fills_the_wizard() {
    let mut app = App::new();
    paste(
        &mut app,
        "User: arn:aws:sts::222233334444:assumed-role/ci-runner-ro\n\
         le/i-0abc is not authorized to perform: ecr:PutImage on resource: arn:aws:ecr:eu-west-1:\n\
         111122223333:reposi\n\
         tory/team/web because no resource-based policy allows the ecr:PutImage action",
    );
    assert_eq!(app.step, Step::Review);
    let spec = app.spec().expect("complete");
    assert_eq!(spec.repositories, vec!["team/web".to_string()]);
    assert_eq!(app.access.document, Document::Repository);
}
