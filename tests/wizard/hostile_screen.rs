//! An imported policy (`--from`) and its file name holding every class of hidden character:
//! the wizard shows each as a visible escape (`\u202e`) on every step, in the grants list, the
//! policy view and the status line, and no cell of the screen holds one raw.

use crate::support::app as support;

use ecr_policy::app::prefill::Prefill;
use ecr_policy::app::{Action, App, Step, update};
use ecr_policy::policy::{import_document, parse_document};
use ecr_policy::ui::Theme;
use ratatui::buffer::Buffer;
use serde_json::json;
use support::{draw, keys, rows};

/// Controls (C0, DEL, C1), bidi overrides and isolates, zero-width and format characters.
const HIDDEN: &str = "\u{1b}]52;c;SGk=\u{7}\u{1b}[2J\u{9b}1m\u{7f}\u{202e}\u{2066}\u{2069}\u{200b}\u{feff}\u{2028}\u{ad}\u{e0041}\rFORGED\nFORGED";

/// Hidden characters as this test defines them, independently of the product's own list.
fn is_raw_hidden(c: char) -> bool {
    c.is_control()
        || ('\u{200b}'..='\u{200f}').contains(&c)
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2060}'..='\u{206f}').contains(&c)
        || ('\u{e0000}'..='\u{e007f}').contains(&c)
        || matches!(c, '\u{ad}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

fn assert_no_raw_cell(what: &str, buf: &Buffer) {
    for (i, cell) in buf.content().iter().enumerate() {
        assert!(
            !cell.symbol().chars().any(is_raw_hidden),
            "{what}: cell {i} holds {:?}:\n{}",
            cell.symbol(),
            rows(buf).join("\n")
        );
    }
}

fn hostile_app() -> App {
    let p = format!("v{HIDDEN}");
    let policy = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Pull", "Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
         "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/app"},
        {"Sid": "Login", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {"Sid": p, "Effect": "Deny", "Action": format!("ecr:{p}"),
         "Resource": format!("arn:aws:ecr:us-east-1:123456789012:repository/{p}")},
        {"Effect": "Allow", "Action": ["ecr:ListImages", format!("ecr:Nope{p}")],
         "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/app"}
    ]});
    let im = import_document(&parse_document(&policy.to_string()).unwrap());
    App::prefilled(&Prefill::from_import(
        &im,
        &format!("old{HIDDEN}.json"),
        Prefill::default(),
    ))
}

#[test]
fn every_step_shows_imported_hidden_characters_as_escapes() {
    let mut app = hostile_app();
    assert_eq!(app.step, Step::Review, "{:?}", app.derived.missing);
    let review = draw(&app, &Theme::color(), 160, 60);
    let shown = rows(review.backend().buffer()).join("\n");
    assert_no_raw_cell("review", review.backend().buffer());
    // The file name on the status line, the notes and the kept statement: escaped, not dropped.
    assert!(shown.contains("old\\u001b]52;c;SGk=\\u0007"), "{shown}");
    assert!(shown.contains("\\u202e"), "{shown}");
    assert!(shown.contains("Kept as written: statement 3"), "{shown}");
    assert!(shown.contains("(v\\u001b]52;c;SGk=\\u0007"), "{shown}");
    assert!(
        !shown.lines().any(|l| l.trim_start().starts_with("FORGED")),
        "{shown}"
    );
    for step in Step::ALL {
        update(&mut app, Action::GoTo(step));
        for (w, h) in [(160, 60), (80, 24)] {
            let t = draw(&app, &Theme::color(), w, h);
            assert_no_raw_cell(&format!("{step:?} at {w}x{h}"), t.backend().buffer());
        }
    }
    // The policy view (the kept statement's JSON) and the grants list.
    update(&mut app, Action::GoTo(Step::Review));
    keys(&mut app, "<c-o>");
    let t = draw(&app, &Theme::color(), 160, 60);
    assert_no_raw_cell("policy view", t.backend().buffer());
}
