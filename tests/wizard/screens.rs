//! Screen tests: every step, popup and error state rendered into a `TestBackend` and snapshotted
//! with insta; colours and attributes, which snapshots do not record, are checked on the cells.

// All of this file is test code; clippy's `allow-*-in-tests` only covers `#[test]` functions,
// not the helpers beside them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::app as support;

use std::panic::AssertUnwindSafe;

use ecr_policy::app::regions::RegionEntry;
use ecr_policy::app::state::ActionRow;
use ecr_policy::app::{Action, App, Popup, SaveFailure, update};
use ecr_policy::policy::ActionId;
use ecr_policy::policy::spec::catalog::find_action;
use ecr_policy::ui::Theme;
use ratatui::style::{Color, Modifier};
use support::{ACCT, cells, complete_app, draw, find, keys, rows};

/// Wide enough for the preview beside the step pane.
const WIDE: (u16, u16) = (120, 32);
/// A classic terminal: the preview goes below the step pane.
const CLASSIC: (u16, u16) = (80, 24);

fn region_search() -> App {
    let mut app = App::new();
    keys(&mut app, "tokyo");
    app
}

fn account_typed() -> App {
    let mut app = App::new();
    keys(&mut app, &format!("tokyo<enter>{ACCT}"));
    app
}

fn repositories_listed() -> App {
    let mut app = App::new();
    keys(
        &mut app,
        &format!("tokyo<enter>{ACCT}<enter>my-app<enter>team/*<enter>"),
    );
    app
}

fn actions_step() -> App {
    let mut app = complete_app();
    keys(&mut app, "<s-tab><down><down>");
    app
}

fn invalid_account() -> App {
    let mut app = App::new();
    keys(&mut app, "tokyo<enter>12345<enter>");
    app
}

fn put_image() -> ActionId {
    find_action("PutImage").expect("PutImage is in the catalog")
}

/// Every step in a typical state, by name.
fn steps() -> Vec<(&'static str, App)> {
    vec![
        ("region", region_search()),
        ("account", account_typed()),
        ("repositories", repositories_listed()),
        ("actions", actions_step()),
        ("review", complete_app()),
    ]
}

/// Every popup and error state, by name.
fn extras() -> Vec<(&'static str, App)> {
    let mut help = complete_app();
    keys(&mut help, "?");
    let mut save = complete_app();
    keys(&mut save, "<c-s>");
    let mut save_failed = complete_app();
    keys(&mut save_failed, "<c-s>");
    update(
        &mut save_failed,
        Action::Saved(Err(SaveFailure::Other(
            "cannot write: permission denied".into(),
        ))),
    );
    let mut overwrite = complete_app();
    keys(&mut overwrite, "<c-s>");
    update(
        &mut overwrite,
        Action::Saved(Err(SaveFailure::Exists("my-app-ecr-policy.json".into()))),
    );
    let mut quit = complete_app();
    keys(&mut quit, "q");
    let mut bad_repo = repositories_listed();
    keys(&mut bad_repo, "My..App<enter>");
    let mut expanded = actions_step();
    keys(&mut expanded, "a");
    while expanded.action_rows().get(expanded.actions.cursor)
        != Some(&ActionRow::Action(put_image()))
    {
        keys(&mut expanded, "<down>");
    }
    keys(&mut expanded, "<space>");
    let mut scrolled = complete_app();
    keys(&mut scrolled, "<pgdn>");
    let mut region_start = App::new();
    keys(&mut region_start, "<down><down>");
    let mut hidden = complete_app();
    keys(&mut hidden, "<f2>");
    let mut no_match = App::new();
    keys(&mut no_match, "zzzq<enter>");
    let mut incomplete_review = App::new();
    keys(&mut incomplete_review, "<tab><tab><tab><tab>");
    vec![
        ("help", help),
        ("save", save),
        ("save failed", save_failed),
        ("overwrite", overwrite),
        ("quit", quit),
        ("invalid account", invalid_account()),
        ("invalid repository", bad_repo),
        ("actions expanded", expanded),
        ("preview scrolled", scrolled),
        ("region start", region_start),
        ("preview hidden", hidden),
        ("no region match", no_match),
        ("incomplete review", incomplete_review),
    ]
}

// ---------------------------------------------------------------- snapshots

#[test]
fn steps_side_by_side_at_120x32() {
    for (name, app) in steps() {
        let t = draw(&app, &Theme::color(), WIDE.0, WIDE.1);
        insta::assert_snapshot!(format!("wide_{}", name.replace(' ', "_")), t.backend());
    }
}

#[test]
fn steps_stacked_at_80x24() {
    for (name, app) in steps() {
        let t = draw(&app, &Theme::color(), CLASSIC.0, CLASSIC.1);
        insta::assert_snapshot!(format!("classic_{}", name.replace(' ', "_")), t.backend());
    }
}

#[test]
fn steps_stacked_at_60x20() {
    for (name, app) in steps() {
        let t = draw(&app, &Theme::color(), 60, 20);
        insta::assert_snapshot!(format!("narrow_{}", name.replace(' ', "_")), t.backend());
    }
}

#[test]
fn popups_and_errors_at_80x24() {
    for (name, app) in extras() {
        let t = draw(&app, &Theme::color(), CLASSIC.0, CLASSIC.1);
        insta::assert_snapshot!(format!("classic_{}", name.replace(' ', "_")), t.backend());
    }
}

#[test]
fn help_overlay_at_120x32() {
    let mut app = complete_app();
    keys(&mut app, "?");
    insta::assert_snapshot!(
        "wide_help",
        draw(&app, &Theme::color(), WIDE.0, WIDE.1).backend()
    );
}

#[test]
fn too_small_screen_at_30x8() {
    let t = draw(&App::new(), &Theme::color(), 30, 8);
    insta::assert_snapshot!("too_small", t.backend());
    let text = rows(t.backend().buffer()).join(" ");
    assert!(text.contains("too small"), "{text}");
}

#[test]
fn no_color_theme_at_80x24() {
    let t = draw(&invalid_account(), &Theme::mono(), CLASSIC.0, CLASSIC.1);
    insta::assert_snapshot!("mono_invalid_account", t.backend());
    let t = draw(&region_search(), &Theme::mono(), CLASSIC.0, CLASSIC.1);
    insta::assert_snapshot!("mono_region", t.backend());
}

// ---------------------------------------------------------------- colours and attributes

/// The text of the error line under the account field after Enter on "12345".
const ACCOUNT_ERROR: &str = "✗ 12345 has 5 digits";

#[test]
fn color_theme_shows_errors_in_red() {
    let t = draw(&invalid_account(), &Theme::color(), CLASSIC.0, CLASSIC.1);
    let error = cells(t.backend().buffer(), ACCOUNT_ERROR);
    for c in &error {
        assert_eq!(c.fg, Color::Red, "{:?}", c.symbol());
        assert!(c.modifier.contains(Modifier::BOLD));
    }
    // While still typing the same text is a hint, not a red error.
    let mut typing = App::new();
    keys(&mut typing, "tokyo<enter>12345");
    let t = draw(&typing, &Theme::color(), CLASSIC.0, CLASSIC.1);
    let hint = cells(t.backend().buffer(), ACCOUNT_ERROR);
    assert!(
        hint.iter().all(|c| c.fg != Color::Red),
        "not red before Enter"
    );
}

#[test]
fn color_theme_highlights_the_selected_region_row() {
    let mut app = App::new();
    keys(&mut app, "<down><down>");
    let selected = app
        .highlighted_region()
        .map(RegionEntry::code)
        .expect("a row");
    let t = draw(&app, &Theme::color(), CLASSIC.0, CLASSIC.1);
    let buf = t.backend().buffer();
    for c in cells(buf, selected) {
        assert_eq!(c.bg, Color::Blue, "selected row {selected}");
    }
    let other = cells(buf, "af-south-1");
    assert!(
        other.iter().all(|c| c.bg != Color::Blue),
        "other rows are not selected"
    );
    // The marker is text as well, so the row is findable without colour.
    assert!(find(buf, &format!("› {selected}")).is_some());
}

#[test]
fn mono_theme_selects_with_reverse_video() {
    let mut app = App::new();
    keys(&mut app, "<down>");
    let selected = app
        .highlighted_region()
        .map(RegionEntry::code)
        .expect("a row");
    let t = draw(&app, &Theme::mono(), CLASSIC.0, CLASSIC.1);
    let buf = t.backend().buffer();
    for c in cells(buf, &format!("› {selected}")) {
        assert!(c.modifier.contains(Modifier::REVERSED), "{:?}", c.symbol());
    }
    for c in cells(buf, "af-south-1") {
        assert!(!c.modifier.contains(Modifier::REVERSED));
    }
}

#[test]
fn mono_theme_marks_errors_with_bold_underline_and_a_cross() {
    let t = draw(&invalid_account(), &Theme::mono(), CLASSIC.0, CLASSIC.1);
    let buf = t.backend().buffer();
    let error = cells(buf, ACCOUNT_ERROR);
    assert_eq!(error[0].symbol(), "✗", "errors start with a text marker");
    for c in &error {
        assert!(
            c.modifier.contains(Modifier::BOLD | Modifier::UNDERLINED),
            "{:?}",
            c.symbol()
        );
    }
    // The step bar marks the invalid step with ✗ too.
    let bar = &rows(buf)[0];
    assert!(bar.contains("3 Account ✗"), "{bar}");
    assert!(bar.contains("2 Region ✓"), "{bar}");
}

#[test]
fn mono_theme_uses_no_colour_at_all() {
    for (name, app) in steps().into_iter().chain(extras()) {
        for (w, h) in [WIDE, CLASSIC] {
            let t = draw(&app, &Theme::mono(), w, h);
            let buf = t.backend().buffer();
            let coloured = buf
                .content()
                .iter()
                .find(|c| c.fg != Color::Reset || c.bg != Color::Reset);
            assert!(coloured.is_none(), "{name} at {w}x{h}: {coloured:?}");
        }
    }
}

#[test]
fn step_bar_marks_an_invalid_step_that_is_not_current() {
    // An invalid name can no longer be left behind by Tab; a command-line one can.
    let app = App::prefilled(&ecr_policy::app::prefill::Prefill {
        account: Some(ACCT.into()),
        repos: vec!["ok".into(), "Bad".into()],
        ..Default::default()
    });
    assert_eq!(app.step, ecr_policy::app::Step::Region);
    for theme in [Theme::color(), Theme::mono()] {
        let t = draw(&app, &theme, WIDE.0, WIDE.1);
        let buf = t.backend().buffer();
        let marker = cells(buf, "4 Repositories ✗");
        let style = if theme.mono {
            marker
                .iter()
                .all(|c| c.modifier.contains(Modifier::BOLD | Modifier::UNDERLINED))
        } else {
            marker.iter().all(|c| c.fg == Color::Red)
        };
        assert!(
            style,
            "invalid step styled as an error (mono: {})",
            theme.mono
        );
        assert!(find(buf, "5 Actions ✓").is_some());
    }
}

#[test]
fn cursor_sits_in_the_focused_field_only() {
    let mut app = App::new();
    keys(&mut app, "tokyo<enter>12345");
    let t = draw(&app, &Theme::color(), CLASSIC.0, CLASSIC.1);
    let field = find(t.backend().buffer(), "Account ID: 12345").expect("the field");
    let (x, y) = field[field.len() - 1];
    assert!(t.backend().cursor_visible());
    assert_eq!(
        t.backend().cursor_position(),
        (x + 1, y).into(),
        "just after the text"
    );
    // Under the help overlay nothing has focus.
    keys(&mut app, "<f1>");
    let t = draw(&app, &Theme::color(), CLASSIC.0, CLASSIC.1);
    assert!(!t.backend().cursor_visible());
    // On a step without a text field there is no cursor either.
    let t = draw(&actions_step(), &Theme::color(), CLASSIC.0, CLASSIC.1);
    assert!(!t.backend().cursor_visible());
}

#[test]
fn save_popup_has_the_cursor_even_over_a_text_step() {
    let mut app = complete_app();
    keys(&mut app, "<s-tab><s-tab><s-tab><c-s>");
    assert_eq!(app.step, ecr_policy::app::Step::Account);
    assert!(matches!(app.popup, Some(Popup::Save { .. })));
    let t = draw(&app, &Theme::color(), CLASSIC.0, CLASSIC.1);
    let field = find(t.backend().buffer(), "File: my-app").expect("the save field");
    let pos = t.backend().cursor_position();
    assert!(t.backend().cursor_visible());
    assert_eq!(
        pos.y, field[0].1,
        "cursor on the popup's line, not the account field"
    );
}

#[test]
fn save_failure_message_is_shown_in_the_popup() {
    let (_, app) = extras()
        .into_iter()
        .find(|(n, _)| *n == "save failed")
        .expect("state");
    let t = draw(&app, &Theme::color(), CLASSIC.0, CLASSIC.1);
    let msg = cells(t.backend().buffer(), "✗ cannot write: permission denied");
    assert!(msg.iter().all(|c| c.fg == Color::Red));
}

// ---------------------------------------------------------------- robustness

/// Draws every state at every size from 1x1 to 130x45 (widths step 7, heights step 4).
fn never_panics(states: &[(&str, App)]) {
    // The theme changes no geometry, so one is enough here.
    let theme = Theme::color();
    for (name, app) in states {
        for w in (1..=130).step_by(7) {
            for h in (1..=45).step_by(4) {
                let t = std::panic::catch_unwind(AssertUnwindSafe(|| draw(app, &theme, w, h)));
                assert!(t.is_ok(), "{name} panicked at {w}x{h}");
            }
        }
    }
}

#[test]
fn rendering_never_panics_on_any_step() {
    never_panics(&steps());
}

#[test]
fn rendering_never_panics_with_any_popup_or_error() {
    never_panics(&extras());
}

#[test]
fn rendering_never_panics_with_awkward_input() {
    let mut long = App::new();
    keys(
        &mut long,
        &format!("tokyo<enter>{ACCT}<enter>{}", "a".repeat(300)),
    );
    let mut wide_chars = App::new();
    keys(&mut wide_chars, "東京 токио");
    let mut bottom = App::new();
    keys(&mut bottom, &"<down>".repeat(80));
    let mut long_save = complete_app();
    keys(&mut long_save, &format!("<c-s>{}<home>", "dir/".repeat(40)));
    never_panics(&[
        ("long field", long),
        ("wide chars", wide_chars),
        ("last region", bottom),
        ("long save path", long_save),
    ]);
}

/// Sizes from the smallest supported terminal up, for the visibility checks.
fn supported_sizes() -> impl Iterator<Item = (u16, u16)> {
    (40..=130)
        .step_by(10)
        .flat_map(|w| (12..=45).step_by(3).map(move |h| (w, h)))
}

/// The sizes at which any of `needles` is missing from the screen.
fn hidden_at(app: &App, needles: &[&str]) -> Vec<String> {
    supported_sizes()
        .filter_map(|(w, h)| {
            let t = draw(app, &Theme::color(), w, h);
            let missing: Vec<&str> = needles
                .iter()
                .copied()
                .filter(|n| find(t.backend().buffer(), n).is_none())
                .collect();
            (!missing.is_empty()).then(|| format!("{w}x{h}: {missing:?}"))
        })
        .collect()
}

#[test]
fn account_field_and_its_error_show_at_every_supported_size() {
    let hidden = hidden_at(&invalid_account(), &["Account ID: 12345", "✗ 12345"]);
    assert!(hidden.is_empty(), "hidden at {hidden:#?}");
}

#[test]

fn repository_field_and_its_error_show_at_every_supported_size() {
    let mut app = repositories_listed();
    keys(&mut app, "Bad<enter>");
    let hidden = hidden_at(&app, &["Name: Bad", "✗ repository"]);
    assert!(hidden.is_empty(), "hidden at {hidden:#?}");
}

#[test]

fn step_bar_shows_every_step_at_80_columns() {
    let t = draw(&complete_app(), &Theme::color(), CLASSIC.0, CLASSIC.1);
    let bar = &rows(t.backend().buffer())[0];
    // Six steps fit by name at 80 columns when Repositories is written Repos there.
    for step in ["Who", "Region", "Account", "Repos", "Actions", "Review"] {
        assert!(bar.contains(step), "{step} missing from {bar:?}");
    }
}
