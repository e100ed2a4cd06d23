//! The design size, 80×24: Review scrolled to its end, the narrow "Step | Policy" tabs, and the
//! focused pane taking the scroll keys.

use crate::support::app as support;
use ecr_policy::app::Step;
use ecr_policy::ui::Theme;
use support::{complete_app, draw, keys, rows};

fn screen(
    app: &ecr_policy::app::App,
) -> (String, ratatui::Terminal<ratatui::backend::TestBackend>) {
    let t = draw(app, &Theme::color(), 80, 24);
    (rows(t.backend().buffer()).join("\n"), t)
}

#[test]
fn review_opens_with_what_the_policy_allows() {
    let app = complete_app();
    let (shown, _) = screen(&app);
    assert!(shown.contains("Anyone with this policy"), "{shown}");
    assert!(shown.contains("↓ more"), "{shown}");
    let summary = shown.find("Anyone with this policy").unwrap();
    let paste = shown.find("IAM console").unwrap_or(usize::MAX);
    assert!(summary < paste, "summary before where to paste");
}

#[test]
fn review_scrolled_to_its_end_at_80x24() {
    let mut app = complete_app();
    screen(&app); // the view reports how far the content scrolls
    keys(&mut app, "<pgdn><pgdn><pgdn><pgdn>");
    assert!(app.review.scroll > 0);
    let (shown, t) = screen(&app);
    assert!(shown.contains("Tag condition"), "{shown}");
    assert!(shown.contains("↑ more"), "{shown}");
    assert!(!shown.contains("↓ more"), "at the end: {shown}");
    insta::assert_snapshot!("review_scrolled_to_end_80x24", t.backend());
    // Up comes back at once: the scroll never runs past the end.
    let end = app.review.scroll;
    keys(&mut app, "<up>");
    assert_eq!(app.review.scroll, end - 1);
}

#[test]
fn policy_tab_at_80x24() {
    let mut app = complete_app();
    keys(&mut app, "<c-o>");
    assert!(app.preview.focused);
    let (shown, t) = screen(&app);
    assert!(shown.contains("\"Version\": \"2012-10-17\""), "{shown}");
    assert!(
        !shown.contains("5 Review: check"),
        "one pane at a time: {shown}"
    );
    assert!(shown.contains("Esc back to step"), "{shown}");
    insta::assert_snapshot!("policy_tab_80x24", t.backend());
    // The focused pane takes the scroll keys; Esc gives focus back to the step.
    keys(&mut app, "jjj");
    assert_eq!(app.preview.scroll, 3);
    assert_eq!(app.review.scroll, 0);
    keys(&mut app, "<esc>");
    assert!(!app.preview.focused);
    assert_eq!(app.step, Step::Review, "Esc left the preview, not the step");
}

#[test]
fn every_step_at_80x24() {
    let mut app = ecr_policy::app::App::new();
    let mut shots = Vec::new();
    for (script, name) in [
        ("", "region"),
        ("tokyo<enter>", "account"),
        ("123456789012<enter>", "repositories"),
        ("team/web<tab>", "actions"),
        ("<tab>", "review"),
    ] {
        keys(&mut app, script);
        let (shown, t) = screen(&app);
        assert!(!shown.contains("Terminal too small"), "{name}");
        shots.push((name, t));
    }
    assert_eq!(app.step, Step::Review);
    for (name, t) in shots {
        insta::assert_snapshot!(format!("step_80x24_{name}"), t.backend());
    }
}
