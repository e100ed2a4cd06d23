//! The wizard's region step suggests the code meant, as the command line does.

use ecr_policy::app::App;
use ecr_policy::app::prefill::Prefill;
use ecr_policy::app::state::{StatusKind, Step};

use crate::support::app::{keys, status};

#[test]
fn a_prefilled_region_typo_shows_the_suggestion() {
    let app = App::prefilled(&Prefill {
        region: Some("eu-wset-1".into()),
        ..Prefill::default()
    });
    assert_eq!(app.region.choice, None);
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Error);
    assert!(text.contains("did you mean eu-west-1?"), "{text}");
}

#[test]
fn a_typed_region_typo_that_matches_nothing_shows_the_suggestion() {
    let mut app = App::new();
    keys(&mut app, "eu-wset-1<enter>");
    assert_eq!(app.step, Step::Region);
    assert_eq!(app.region.choice, None);
    let (kind, text) = status(&app);
    assert_eq!(kind, StatusKind::Error);
    assert!(text.contains("Did you mean eu-west-1?"), "{text}");
}

/// A new code typed in the search: at 80×24 its row is cut with "…", and the CLI's warning
/// for the same code is shown in full above the list before it is chosen.
#[test]
fn a_typed_new_code_shows_the_cli_warning_and_its_cut_row_ends_in_an_ellipsis() {
    use crate::support::app::{draw, rows};
    use ecr_policy::ui::Theme;

    let mut app = App::new();
    keys(&mut app, "us-west-9");
    let screen = rows(draw(&app, &Theme::color(), 80, 24).backend().buffer());
    let text = screen.join("\n");
    let joined: String = screen
        .iter()
        .map(|r| r.trim_matches(|c| c == '┃' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ecr-policy"))
        .args([
            "generate",
            "--region",
            "us-west-9",
            "--account",
            "123456789012",
        ])
        .args(["--repo", "web"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let cli = stderr
        .lines()
        .find_map(|l| l.strip_prefix("warning [region-unknown]: "))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(joined.contains(cli), "{cli:?} not on screen:\n{text}");
    let row = screen
        .iter()
        .find(|r| r.contains("› us-west-9"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(row.contains("…"), "{row}");
    assert!(row.contains("Use us-west-9"), "{row}");

    keys(&mut app, "<enter>");
    assert_eq!(app.step, Step::Account);
    assert_eq!(status(&app), (StatusKind::Warning, cli.to_string()));
}
