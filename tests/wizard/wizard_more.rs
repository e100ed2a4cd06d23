//! Key-sequence tests for the wizard's tag condition prompt, the action details view and the
//! review step's plain-words summary, plus how they look on screen.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::app as support;

use ecr_policy::app::state::ActionRow;
use ecr_policy::app::{App, Popup, Step};
use ecr_policy::policy::spec::catalog::find_action;
use ecr_policy::ui::Theme;
use serde_json::Value;
use support::{complete_app, draw, keys, paste, rows};

fn json(app: &App) -> Value {
    serde_json::from_str(&app.derived.text).unwrap()
}

fn conditions(app: &App) -> Vec<Option<Value>> {
    json(app)["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.get("Condition").cloned())
        .collect()
}

#[test]
fn t_on_review_adds_a_tag_condition_to_repository_statements_only() {
    let mut app = complete_app();
    assert_eq!(app.step, Step::Review);
    let fx = keys(&mut app, "tteam=payments<enter>");
    assert!(fx.is_empty(), "{fx:?}");
    assert!(
        matches!(app.popup, Some(Popup::Tags { .. })),
        "stays open for more"
    );
    assert_eq!(app.actions.tags.len(), 1);
    keys(&mut app, "<enter>");
    assert_eq!(app.popup, None, "Enter on an empty field closes the prompt");
    let doc = json(&app);
    for st in doc["Statement"].as_array().unwrap() {
        let cond = st.get("Condition");
        if st["Resource"] == "*" {
            assert!(cond.is_none(), "{st}");
        } else {
            assert_eq!(
                cond.unwrap()["StringEquals"]["ecr:ResourceTag/team"],
                "payments"
            );
        }
    }
    let shown = rows(draw(&app, &Theme::color(), 120, 40).backend().buffer()).join("\n");
    assert!(shown.contains("Tag condition: team=payments"), "{shown}");
    assert!(
        shown.contains("on repositories tagged team=payments"),
        "{shown}"
    );
}

#[test]
fn an_invalid_tag_is_explained_and_the_text_stays() {
    let mut app = complete_app();
    let before = app.derived.text.clone();
    keys(&mut app, "tenv<enter>");
    match &app.popup {
        Some(Popup::Tags { input, error }) => {
            assert_eq!(input.text(), "env");
            assert!(error.as_deref().unwrap().contains("KEY=VALUE"), "{error:?}");
        }
        other => panic!("prompt closed: {other:?}"),
    }
    assert!(app.actions.tags.is_empty());
    assert_eq!(app.derived.text, before);
    // Typing again clears the error; a second value for the same key is refused.
    keys(&mut app, "=prod<enter>env=dev<enter>");
    match &app.popup {
        Some(Popup::Tags { input, error }) => {
            assert_eq!(input.text(), "env=dev");
            assert!(error.as_deref().unwrap().contains("one value per tag key"));
        }
        other => panic!("prompt closed: {other:?}"),
    }
    assert_eq!(app.actions.tags.len(), 1);
    let shown = rows(draw(&app, &Theme::color(), 100, 30).backend().buffer()).join("\n");
    assert!(
        shown.contains("env=dev and env=prod cannot both hold"),
        "{shown}"
    );
}

#[test]
fn ctrl_d_removes_the_last_tag_and_paste_goes_into_the_prompt() {
    let mut app = complete_app();
    keys(&mut app, "t");
    paste(&mut app, "team=a\n");
    keys(&mut app, "<enter>");
    paste(&mut app, "env=prod");
    keys(&mut app, "<enter>");
    assert_eq!(app.actions.tags.len(), 2);
    assert_eq!(
        conditions(&app).iter().flatten().count(),
        2,
        "read and write statements"
    );
    keys(&mut app, "<c-d>");
    assert_eq!(app.actions.tags.len(), 1);
    assert_eq!(
        app.actions.tags[0].key, "env",
        "sorted by key, the last (team) went first"
    );
    keys(&mut app, "<c-d><c-d>");
    assert!(app.actions.tags.is_empty());
    keys(&mut app, "<esc>");
    assert_eq!(app.popup, None);
    assert!(conditions(&app).iter().all(Option::is_none));
}

#[test]
fn ctrl_t_opens_the_prompt_from_a_text_field_and_t_types_there() {
    let mut app = App::new();
    keys(&mut app, "t");
    assert_eq!(
        app.region.query.text(),
        "t",
        "t types into the region search"
    );
    assert_eq!(app.popup, None);
    keys(&mut app, "<c-t>");
    assert!(matches!(app.popup, Some(Popup::Tags { .. })));
    keys(&mut app, "<esc>");
    assert_eq!(app.step, Step::Region, "Esc closes the prompt only");
}

#[test]
fn i_shows_details_of_the_highlighted_row_and_arrows_move_through_rows() {
    let mut app = complete_app();
    keys(&mut app, "<s-tab>a");
    assert_eq!(app.step, Step::Actions);
    let rows_now = app.action_rows();
    let login = find_action("GetAuthorizationToken").unwrap();
    let target = rows_now
        .iter()
        .position(|r| *r == ActionRow::Action(login))
        .unwrap();
    while app.actions.cursor < target {
        keys(&mut app, "j");
    }
    keys(&mut app, "i");
    assert_eq!(app.popup, Some(Popup::Details));
    let shown = rows(draw(&app, &Theme::color(), 120, 40).backend().buffer()).join("\n");
    assert!(shown.contains(" ecr:GetAuthorizationToken ━"), "{shown}");
    assert!(shown.contains("\"*\" only"), "{shown}");
    assert!(shown.contains("In presets: pull, push"), "{shown}");
    keys(&mut app, "j");
    assert_eq!(app.actions.cursor, target + 1, "↓ moves to the next row");
    let next = rows(draw(&app, &Theme::color(), 120, 40).backend().buffer()).join("\n");
    assert!(!next.contains(" ecr:GetAuthorizationToken ━"), "{next}");
    assert!(next.contains(" ecr:GetDownloadUrlForLayer ━"), "{next}");
    let selected_before = app.actions.set;
    keys(&mut app, "i");
    assert_eq!(app.popup, None);
    assert_eq!(
        app.actions.set, selected_before,
        "details never toggle anything"
    );
}

#[test]
fn details_of_a_task_list_its_actions_and_presets() {
    let mut app = complete_app();
    keys(&mut app, "<s-tab>");
    // Row 0 is the preset, row 1 the first task (login), row 2 pull.
    keys(&mut app, "jji");
    assert_eq!(app.action_rows()[app.actions.cursor], ActionRow::Task(1));
    let shown = rows(draw(&app, &Theme::color(), 120, 40).backend().buffer()).join("\n");
    assert!(shown.contains("Task: Pull images"), "{shown}");
    assert!(shown.contains("BatchGetImage"), "{shown}");
    assert!(shown.contains("Fully in presets:"), "{shown}");
}

#[test]
fn f_on_review_switches_format_for_preview_copy_and_save() {
    use ecr_policy::app::Effect;
    use ecr_policy::policy::emit::format::{Format, PolicyName, render_as};
    let mut app = complete_app();
    let json = app.derived.text.clone();
    let spec = app.spec().unwrap().clone();
    let name = PolicyName::default_for(&spec);
    for (format, ext) in [
        (Format::Terraform, "tf"),
        (Format::CloudFormation, "yaml"),
        (Format::AwsCli, "sh"),
    ] {
        keys(&mut app, "f");
        assert_eq!(app.review.format, format);
        let want = render_as(&spec, format, &name);
        assert_eq!(app.derived.text, want);
        assert_eq!(app.derived.json, json, "the quotas still count the JSON");
        let fx = keys(&mut app, "y");
        assert_eq!(fx, vec![Effect::CopyToClipboard(want.clone())]);
        keys(&mut app, "s");
        match &app.popup {
            Some(Popup::Save { path, .. }) => {
                assert!(
                    path.text().ends_with(&format!("-policy.{ext}")),
                    "{}",
                    path.text()
                );
            }
            other => panic!("no save prompt: {other:?}"),
        }
        let fx = keys(&mut app, "<enter>");
        match fx.as_slice() {
            [Effect::SaveFile { contents, .. }] => assert_eq!(*contents, format!("{want}\n")),
            other => panic!("{other:?}"),
        }
        keys(&mut app, "<esc>");
        let shown = rows(draw(&app, &Theme::color(), 120, 40).backend().buffer()).join("\n");
        assert!(
            shown.contains(&format!("{} preview", format.label())),
            "{shown}"
        );
    }
    keys(&mut app, "f");
    assert_eq!(app.review.format, Format::Json);
    assert_eq!(app.derived.text, json);
}

#[test]
fn an_incomplete_draft_shows_placeholders_in_every_format_and_is_not_copied() {
    let mut app = App::new();
    for _ in 0..4 {
        app.review.format = app.review.format.next();
        ecr_policy::app::update(&mut app, ecr_policy::app::Action::Help);
        ecr_policy::app::update(&mut app, ecr_policy::app::Action::Back);
        assert!(app.spec().is_none());
        assert!(
            app.derived.text.contains("{ACCOUNT_ID}"),
            "{}",
            app.derived.text
        );
        let fx = ecr_policy::app::update(&mut app, ecr_policy::app::Action::Copy);
        assert!(fx.is_empty(), "{fx:?}");
        assert!(app.status.as_ref().unwrap().text.contains("Nothing copied"));
    }
}

#[test]
fn the_actions_list_keeps_the_cursor_row_on_screen_when_scrolled() {
    let mut app = complete_app();
    keys(&mut app, "<s-tab>a");
    let rows_all = app.action_rows();
    for _ in 0..rows_all.len() {
        keys(&mut app, "j");
    }
    assert_eq!(app.actions.cursor, rows_all.len() - 1);
    let ActionRow::Action(last) = rows_all[app.actions.cursor] else {
        panic!("the last row is an action");
    };
    for (w, h) in [(80, 24), (120, 40), (60, 20)] {
        let shown = rows(draw(&app, &Theme::color(), w, h).backend().buffer());
        let cursor_line = shown
            .iter()
            .find(|l| l.contains("┃› "))
            .unwrap_or_else(|| panic!("no cursor at {w}x{h}:\n{}", shown.join("\n")));
        assert!(
            cursor_line.contains(last.info().name),
            "{w}x{h}: {cursor_line}"
        );
    }
    // Back to the top: the preset row is the cursor row again.
    for _ in 0..rows_all.len() {
        keys(&mut app, "k");
    }
    let shown = rows(draw(&app, &Theme::color(), 80, 24).backend().buffer());
    assert!(
        shown
            .iter()
            .any(|l| l.contains("┃› ") && l.contains("Preset:"))
    );
}

#[test]
fn a_pasted_line_break_never_ends_up_in_a_file_name_or_tag() {
    let mut app = complete_app();
    keys(&mut app, "s<c-u>");
    paste(&mut app, "team policy.json\n");
    match &app.popup {
        Some(Popup::Save { path, .. }) => assert_eq!(path.text(), "team policy.json"),
        other => panic!("{other:?}"),
    }
    keys(&mut app, "<esc>t");
    paste(&mut app, "env=prod\r\n");
    match &app.popup {
        Some(Popup::Tags { input, .. }) => assert_eq!(input.text(), "env=prod"),
        other => panic!("{other:?}"),
    }
}
