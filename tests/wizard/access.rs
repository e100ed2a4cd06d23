//! Key-sequence tests of "who will use the policy" on Review: each principal kind, switching
//! between the identity and the repository policy (the copy equals what `generate` prints for
//! the same inputs), and pasted access-denied messages filling the wizard.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use crate::support::app as support;

use ecr_policy::app::access::Document;
use ecr_policy::app::state::StatusKind;
use ecr_policy::app::{App, Popup, Step};
use ecr_policy::ui::Theme;
use support::{ACCT, choose_principal, complete_app, copied, draw, keys, paste, rows, status};

const BIN: &str = env!("CARGO_BIN_EXE_ecr-policy");

/// What `generate` prints for the inputs of [`complete_app`] plus `extra`.
fn generate(extra: &[&str]) -> String {
    let out = Command::new(BIN)
        .args([
            "generate",
            "--region",
            "ap-northeast-1",
            "--account",
            ACCT,
            "--repo",
            "my-app",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn screen(app: &App) -> (String, ratatui::Terminal<ratatui::backend::TestBackend>) {
    let t = draw(app, &Theme::color(), 80, 24);
    (rows(t.backend().buffer()).join("\n"), t)
}

#[test]
fn another_accounts_role_gets_both_documents_and_d_switches() {
    let mut app = complete_app();
    let before = app.derived.text.clone();
    choose_principal(&mut app, "arn:aws:iam::222233334444:role/ci");
    let role = ["--principal", "arn:aws:iam::222233334444:role/ci"];
    // The identity policy is what it was, and what generate --document identity prints.
    assert_eq!(app.derived.text, before);
    let identity = copied(&mut app);
    let want = generate(&[&role[..], &["--document", "identity"]].concat());
    assert_eq!(identity.trim_end(), want.trim_end());
    keys(&mut app, "d");
    assert_eq!(app.access.document, Document::Repository);
    let (_, text) = status(&app);
    assert!(text.contains("repository policy"), "{text}");
    assert!(text.contains("my-app"), "{text}");
    let repository = copied(&mut app);
    let want = generate(&[&role[..], &["--document", "repository"]].concat());
    assert_eq!(repository.trim_end(), want.trim_end());
    assert!(repository.contains("\"Principal\""), "{repository}");
    assert!(
        !repository.contains("GetAuthorizationToken"),
        "{repository}"
    );
    // Formats follow f: the Terraform repository policy, as generate writes it.
    keys(&mut app, "f");
    let tf = copied(&mut app);
    let want = generate(
        &[
            &role[..],
            &["--document", "repository", "--format", "terraform"],
        ]
        .concat(),
    );
    assert_eq!(tf.trim_end(), want.trim_end());
    // d again: back to the identity policy (in Terraform now).
    keys(&mut app, "d");
    assert_eq!(app.access.document, Document::Identity);
    let want = generate(&[&role[..], &["--format", "terraform"]].concat());
    assert_eq!(copied(&mut app).trim_end(), want.trim_end());
}

#[test]
fn an_account_id_and_an_organisation_write_repository_policies() {
    for (who, flags) in [
        ("222233334444", ["--principal", "222233334444"]),
        ("o-a1b2c3d4e5", ["--principal-org", "o-a1b2c3d4e5"]),
    ] {
        let mut app = complete_app();
        choose_principal(&mut app, who);
        keys(&mut app, "d");
        let want = generate(&[&flags[..], &["--document", "repository"]].concat());
        assert_eq!(copied(&mut app).trim_end(), want.trim_end(), "{who}");
    }
}

#[test]
fn a_service_has_no_identity_policy_and_shows_the_repository_policy() {
    let mut app = complete_app();
    choose_principal(&mut app, "lambda.amazonaws.com");
    let want = generate(&[
        "--principal",
        "lambda.amazonaws.com",
        "--document",
        "repository",
    ]);
    assert_eq!(copied(&mut app).trim_end(), want.trim_end());
    assert!(want.contains("aws:sourceArn"), "{want}");
    keys(&mut app, "d");
    let (_, text) = status(&app);
    assert!(text.contains("No identity policy"), "{text}");
    assert_eq!(
        copied(&mut app).trim_end(),
        want.trim_end(),
        "d changes nothing"
    );
    let (shown, _) = screen(&app);
    assert!(shown.contains("No identity policy"), "{shown}");
}

#[test]
fn the_registry_accounts_own_role_needs_no_repository_policy() {
    let mut app = complete_app();
    let before = app.derived.text.clone();
    choose_principal(&mut app, &format!("arn:aws:iam::{ACCT}:role/ci"));
    keys(&mut app, "d");
    assert_eq!(app.access.document, Document::Identity);
    assert_eq!(app.derived.text, before);
}

#[test]
fn a_bad_principal_keeps_the_prompt_open_with_the_reason() {
    let mut app = complete_app();
    keys(&mut app, "w");
    paste(&mut app, "o-SHORT");
    keys(&mut app, "<enter>");
    match &app.popup {
        Some(Popup::Principal { error: Some(e), .. }) => {
            assert!(e.contains("not an organisation ID"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    // Esc keeps the draft; an empty prompt is this account again.
    keys(&mut app, "<esc>w<c-u><enter>");
    assert_eq!(app.popup, None);
    assert_eq!(app.access.principal, None);
}

#[test]
fn review_of_a_cross_account_pair_at_80x24() {
    let mut app = complete_app();
    choose_principal(&mut app, "arn:aws:iam::222233334444:role/ci");
    keys(&mut app, "d");
    let (shown, t) = screen(&app);
    assert!(
        shown.contains("Used by: role ci in account 222233334444"),
        "{shown}"
    );
    assert!(
        shown.contains("▸ Repository policy: In account 123456789012"),
        "{shown}"
    );
    insta::assert_snapshot!("review_cross_account_repository_80x24", t.backend());
    // The Policy tab shows the repository policy.
    keys(&mut app, "<c-o>");
    let (shown, t) = screen(&app);
    assert!(shown.contains("\"Principal\""), "{shown}");
    insta::assert_snapshot!(
        "review_cross_account_repository_policy_tab_80x24",
        t.backend()
    );
}

#[test]
fn a_pasted_identity_denial_fills_the_wizard_and_turns_on_push() {
    let mut app = App::new();
    paste(
        &mut app,
        "denied: User: arn:aws:sts::754256621582:assumed-role/cloud-platform-ecr-e344de1fe05708ec-github/GitHubActions \
         is not authorized to perform: ecr:InitiateLayerUpload on resource: \
         arn:aws:ecr:eu-west-2:754256621582:repository/laa-pcuam/csv-converter because no \
         identity-based policy allows the ecr:InitiateLayerUpload action",
    );
    assert_eq!(app.step, Step::Review);
    let spec = app.spec().expect("complete").clone();
    assert_eq!(spec.region.code, "eu-west-2");
    assert_eq!(spec.account, "754256621582");
    assert_eq!(
        spec.repositories,
        vec!["laa-pcuam/csv-converter".to_string()]
    );
    assert!(app.derived.text.contains("ecr:InitiateLayerUpload"));
    assert_eq!(
        app.access.principal, None,
        "same account: the identity policy only"
    );
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Info);
    assert!(text.contains("task push"), "{text}");
    assert!(text.contains("the identity policy must change"), "{text}");
}

#[test]
fn a_pasted_cross_account_denial_shows_the_repository_policy() {
    let mut app = complete_app();
    // Pasted in the account field, as a newcomer might.
    keys(&mut app, "<s-tab><s-tab><s-tab>");
    assert_eq!(app.step, Step::Account);
    paste(
        &mut app,
        "User: arn:aws:sts::391835788720:assumed-role/ghci-lf-github-action-runners-runner-role/\
         i-03d4fc4f0ea90c6cd is not authorized to perform: ecr:InitiateLayerUpload on resource: \
         arn:aws:ecr:us-east-1:308535385114:repository/pytorch/pytorch-linux-jammy-py3-clang18-asan \
         because no resource-based policy allows the ecr:InitiateLayerUpload action",
    );
    assert_eq!(app.step, Step::Review);
    let spec = app.spec().expect("complete").clone();
    assert_eq!(spec.region.code, "us-east-1");
    assert_eq!(spec.account, "308535385114");
    assert_eq!(app.access.document, Document::Repository);
    let text = &app.derived.text;
    assert!(
        text.contains("arn:aws:iam::391835788720:role/ghci-lf-github-action-runners-runner-role"),
        "{text}"
    );
    assert!(text.contains("ecr:InitiateLayerUpload"), "{text}");
    let (_, said) = status(&app);
    assert!(said.contains("the repository policy must change"), "{said}");
}

#[test]
fn a_pasted_explicit_deny_is_explained_and_changes_nothing() {
    let mut app = complete_app();
    let before = app.derived.text.clone();
    paste(
        &mut app,
        "User: arn:aws:iam::111122223333:user/ci is not authorized to perform: \
         ecr:PutImage on resource: arn:aws:ecr:us-east-1:111122223333:repository/web with an \
         explicit deny in a service control policy",
    );
    assert_eq!(app.derived.text, before);
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Warning);
    assert!(text.contains("Deny"), "{text}");
    assert!(text.contains("Nothing was changed"), "{text}");
}

#[test]
fn a_pasted_public_uri_selects_ecr_public_and_the_name() {
    let mut app = App::new();
    keys(&mut app, &format!("tokyo<enter>{ACCT}<enter>"));
    assert_eq!(app.step, Step::Repositories);
    paste(&mut app, "public.ecr.aws/a1b2c3d4/web/app:1.2");
    assert!(app.access.public);
    assert_eq!(app.repos.list, vec!["web/app".to_string()]);
    let (_, said) = status(&app);
    assert!(
        said.contains("a1b2c3d4 is the registry alias, not the account"),
        "{said}"
    );
    assert!(said.contains("us-east-1"), "{said}");
    keys(&mut app, "<enter><enter>");
    assert_eq!(app.step, Step::Review);
    let out = Command::new(BIN)
        .args([
            "generate",
            "--registry",
            "public",
            "--account",
            ACCT,
            "--repo",
            "web/app",
        ])
        .args(["--preset", "push"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let want = String::from_utf8(out.stdout).unwrap();
    let text = copied(&mut app);
    assert_eq!(text.trim_end(), want.trim_end());
    assert!(
        text.contains("arn:aws:ecr-public::123456789012:repository/web/app"),
        "{text}"
    );
    assert!(text.contains("sts:GetServiceBearerToken"), "{text}");
    let (shown, _) = screen(&app);
    assert!(shown.contains("Registry: Amazon ECR Public"), "{shown}");
    // r goes back to the private registry.
    keys(&mut app, "r");
    assert!(!app.access.public);
    assert!(copied(&mut app).contains("arn:aws:ecr:ap-northeast-1:"));
}

#[test]
fn ecr_public_is_refused_outside_the_aws_partition() {
    let mut app = App::new();
    keys(&mut app, &format!("cn-north-1<enter>{ACCT}<enter>"));
    paste(&mut app, "public.ecr.aws/a1b2c3d4/web:latest");
    keys(&mut app, "<enter><enter>");
    assert_eq!(app.step, Step::Review);
    assert!(
        app.derived.text.contains("aws partition only"),
        "{}",
        app.derived.text
    );
}
