//! The mouse, as a person uses it: click a step, a row, a checkbox; the wheel scrolls the pane
//! under the pointer; F7 turns capture off and on. Clicks land on text found in the drawn screen,
//! so the hit-testing and the views cannot drift apart.

use crate::support::app as support;
use ecr_policy::app::action::{Pane, Target};
use ecr_policy::app::{Action, App, Effect, Step, update};
use ecr_policy::ui::{Theme, mouse};
use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use support::{ACCT, complete_app, draw, find, keys, rows};

fn event(kind: MouseEventKind, (column, row): (u16, u16)) -> MouseEvent {
    MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

/// Clicks the first drawn `text` on a `w`×`h` screen and applies what it hits.
fn click(app: &mut App, text: &str, (w, h): (u16, u16)) -> Option<Action> {
    let t = draw(app, &Theme::color(), w, h);
    let at = find(t.backend().buffer(), text).unwrap_or_else(|| {
        panic!(
            "{text:?} not on screen:\n{}",
            rows(t.backend().buffer()).join("\n")
        )
    })[0];
    let action = mouse::action(
        app,
        Rect::new(0, 0, w, h),
        &event(MouseEventKind::Down(MouseButton::Left), at),
    );
    if let Some(a) = action.clone() {
        update(app, a);
    }
    action
}

#[test]
fn clicking_a_step_in_the_header_goes_there() {
    for size in [(80, 24), (120, 35)] {
        let mut app = complete_app();
        let hit = click(&mut app, "3 Account", size);
        assert_eq!(
            hit,
            Some(Action::Click(Target::Step(Step::Account))),
            "{size:?}"
        );
        assert_eq!(app.step, Step::Account);
    }
}

#[test]
fn typed_name_is_added_when_a_click_leaves_the_step() {
    let mut app = App::new();
    keys(&mut app, &format!("tokyo<enter>{ACCT}<enter>web"));
    click(&mut app, "5 Actions", (80, 24));
    assert_eq!(app.step, Step::Actions);
    assert_eq!(app.repos.list, ["web"]);
    // Invalid text keeps the step.
    let mut app = App::new();
    keys(&mut app, &format!("tokyo<enter>{ACCT}<enter>Bad Name"));
    click(&mut app, "5 Actions", (80, 24));
    assert_eq!(app.step, Step::Repositories);
    assert_eq!(app.repos.input.text(), "Bad Name");
}

#[test]
fn clicking_a_region_row_highlights_it_and_a_second_click_picks_it() {
    let mut app = App::new();
    keys(&mut app, "ap-north");
    click(&mut app, "ap-northeast-3", (80, 24));
    assert_eq!(
        app.highlighted_region()
            .map(ecr_policy::app::regions::RegionEntry::code),
        Some("ap-northeast-3")
    );
    assert_eq!(app.step, Step::Region);
    click(&mut app, "ap-northeast-3", (80, 24));
    assert_eq!(app.step, Step::Account);
    assert_eq!(
        app.region.choice.as_ref().map(|r| r.code.as_str()),
        Some("ap-northeast-3")
    );
}

#[test]
fn clicking_a_checkbox_toggles_it_and_a_row_only_moves_there() {
    let mut app = complete_app();
    keys(&mut app, "<s-tab>");
    assert_eq!(app.step, Step::Actions);
    let before = app.actions.set;
    click(&mut app, "Delete images", (120, 35));
    assert_eq!(
        app.actions.set, before,
        "a click on the words only moves the cursor"
    );
    click(&mut app, "[ ] Delete images", (120, 35));
    assert_ne!(app.actions.set, before, "a click on the box toggles");
    assert!(
        rows(draw(&app, &Theme::color(), 120, 35).backend().buffer())
            .join("\n")
            .contains("[x] Delete images")
    );
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer() {
    let mut app = complete_app();
    draw(&app, &Theme::color(), 110, 24);
    let t = draw(&app, &Theme::color(), 110, 24);
    let over_preview = find(t.backend().buffer(), "\"Version\"").unwrap()[0];
    let a = mouse::action(
        &app,
        Rect::new(0, 0, 110, 24),
        &event(MouseEventKind::ScrollDown, over_preview),
    );
    assert_eq!(a, Some(Action::Scroll(Pane::Preview, 3)));
    update(&mut app, a.unwrap());
    assert_eq!(app.preview.scroll, 3);
    assert_eq!(app.review.scroll, 0);
    let on_review = find(t.backend().buffer(), "Anyone with").unwrap()[0];
    let a = mouse::action(
        &app,
        Rect::new(0, 0, 110, 24),
        &event(MouseEventKind::ScrollDown, on_review),
    );
    assert_eq!(a, Some(Action::Scroll(Pane::Step, 3)));
    update(&mut app, a.unwrap());
    assert!(app.review.scroll > 0);
    assert!(!app.preview.focused, "the wheel does not move focus");
}

#[test]
fn f7_turns_mouse_capture_off_and_on_and_the_footer_says_so() {
    let mut app = complete_app();
    assert_eq!(keys(&mut app, "<f7>"), vec![Effect::SetMouseCapture(false)]);
    assert!(!app.mouse);
    let shown = rows(draw(&app, &Theme::color(), 80, 24).backend().buffer()).join("\n");
    assert!(shown.contains("F7 mouse off"), "{shown}");
    let off = mouse::action(
        &app,
        Rect::new(0, 0, 80, 24),
        &event(MouseEventKind::Down(MouseButton::Left), (3, 0)),
    );
    assert_eq!(off, None, "clicks are the terminal's while capture is off");
    assert_eq!(keys(&mut app, "<f7>"), vec![Effect::SetMouseCapture(true)]);
    assert!(app.mouse);
}

#[test]
fn a_click_highlights_a_recipe_and_a_second_one_chooses_it() {
    let mut app = App::prefilled(&ecr_policy::app::prefill::Prefill::default());
    assert_eq!(app.step, Step::Who);
    let hit = click(&mut app, "GitHub Actions workflow pulls", (80, 24));
    assert_eq!(hit, Some(Action::Click(Target::Row(2))));
    assert_eq!(app.who.cursor, 2);
    assert!(app.who.form.is_none(), "one click only highlights");
    click(&mut app, "GitHub Actions workflow pulls", (80, 24));
    assert_eq!(
        app.who.form.as_ref().map(|f| f.recipe.id),
        Some("github-actions-pull")
    );
}
