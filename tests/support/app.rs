//! Shared helpers for the wizard tests: key scripts, paste, a complete app, the status line and save
//! popup, and reading a rendered buffer.
//!
//! A script is literal characters plus `<…>` tokens: `<enter> <tab> <s-tab> <esc> <space> <up> <down>
//! <left> <right> <bs> <del> <home> <end> <pgup> <pgdn> <f1>…<f12> <c-x> <lt>` (the last one types `<`).

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use ecr_policy::app::keymap::dispatch;
use ecr_policy::app::state::StatusKind;
use ecr_policy::app::{Action, App, Effect, Popup, update};
use ecr_policy::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, Cell};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

/// The account every test uses.
pub const ACCT: &str = "123456789012";

/// The ECR user guide's push/pull/list example: the default preset, written out independently.
pub const USER_GUIDE_ACTIONS: &[&str] = &[
    "GetAuthorizationToken",
    "ListImages",
    "BatchCheckLayerAvailability",
    "GetDownloadUrlForLayer",
    "GetRepositoryPolicy",
    "DescribeRepositories",
    "DescribeImages",
    "BatchGetImage",
    "InitiateLayerUpload",
    "UploadLayerPart",
    "CompleteLayerUpload",
    "PutImage",
];

/// One `<…>` token as a key event.
fn token(name: &str) -> KeyEvent {
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "enter" => key(KeyCode::Enter),
        "tab" => key(KeyCode::Tab),
        // crossterm reports Shift-Tab as BackTab with the Shift modifier.
        "s-tab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        "esc" => key(KeyCode::Esc),
        "space" => key(KeyCode::Char(' ')),
        "up" => key(KeyCode::Up),
        "down" => key(KeyCode::Down),
        "left" => key(KeyCode::Left),
        "right" => key(KeyCode::Right),
        "bs" => key(KeyCode::Backspace),
        "del" => key(KeyCode::Delete),
        "home" => key(KeyCode::Home),
        "end" => key(KeyCode::End),
        "pgup" => key(KeyCode::PageUp),
        "pgdn" => key(KeyCode::PageDown),
        "lt" => key(KeyCode::Char('<')),
        _ => {
            if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                return key(KeyCode::F(n));
            }
            let mut rest = lower.strip_prefix("c-").unwrap_or_default().chars();
            match (rest.next(), rest.next()) {
                (Some(c), None) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
                _ => panic!("unknown key token <{name}>"),
            }
        }
    }
}

/// A printable character as a terminal reports it: uppercase letters carry Shift.
fn char_key(c: char) -> KeyEvent {
    let mods = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), mods)
}

/// Turns a script into key events.
pub fn parse_keys(script: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut chars = script.chars();
    while let Some(c) = chars.next() {
        if c == '<' {
            let name: String = chars.by_ref().take_while(|c| *c != '>').collect();
            out.push(token(&name));
        } else {
            out.push(char_key(c));
        }
    }
    out
}

/// Sends one key through the keymap and `update`; returns the action it mapped to and the effects.
pub fn press(app: &mut App, ev: &KeyEvent) -> (Option<Action>, Vec<Effect>) {
    let action = dispatch(&app.context(), ev);
    let effects = action.clone().map(|a| update(app, a)).unwrap_or_default();
    (action, effects)
}

/// Runs a script through the keymap and `update`; returns every effect, in order.
pub fn keys(app: &mut App, script: &str) -> Vec<Effect> {
    parse_keys(script)
        .iter()
        .flat_map(|ev| press(app, ev).1)
        .collect()
}

/// A bracketed paste of `text`.
pub fn paste(app: &mut App, text: &str) -> Vec<Effect> {
    update(app, Action::Paste(text.to_string()))
}

/// An app with a complete policy: Tokyo, [`ACCT`], repository my-app, default preset, on Review.
pub fn complete_app() -> App {
    let mut app = App::new();
    let fx = keys(
        &mut app,
        &format!("tokyo<enter>{ACCT}<enter>my-app<enter><enter><enter>"),
    );
    assert!(fx.is_empty(), "{fx:?}");
    assert!(app.spec().is_some(), "{:?}", app.derived.missing);
    app
}

/// Renders the app into a fresh `TestBackend` terminal of the given size.
pub fn draw(app: &App, theme: &Theme, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|frame| render(frame, app, theme))
        .expect("draw into test backend");
    terminal
}

/// One row of the buffer as text plus the x of each char (wide glyphs hide the cells they cover).
pub fn row(buf: &Buffer, y: u16) -> (String, Vec<u16>) {
    let mut text = String::new();
    let mut xs = Vec::new();
    let mut x = buf.area.x;
    while x < buf.area.right() {
        let symbol = buf[(x, y)].symbol();
        for c in symbol.chars() {
            text.push(c);
            xs.push(x);
        }
        x += u16::try_from(symbol.width().max(1)).unwrap_or(1);
    }
    (text, xs)
}

/// Every row of the buffer as text.
pub fn rows(buf: &Buffer) -> Vec<String> {
    (buf.area.y..buf.area.bottom())
        .map(|y| row(buf, y).0)
        .collect()
}

/// Where `needle` first appears: its cells (one per char), or None.
pub fn find(buf: &Buffer, needle: &str) -> Option<Vec<(u16, u16)>> {
    (buf.area.y..buf.area.bottom()).find_map(|y| {
        let (text, xs) = row(buf, y);
        let byte = text.find(needle)?;
        let start = text[..byte].chars().count();
        let n = needle.chars().count();
        Some(xs[start..start + n].iter().map(|x| (*x, y)).collect())
    })
}

/// The cells of `needle`'s first appearance; fails the test when it is not on screen.
pub fn cells<'a>(buf: &'a Buffer, needle: &str) -> Vec<&'a Cell> {
    let at = find(buf, needle)
        .unwrap_or_else(|| panic!("{needle:?} is not on screen:\n{}", rows(buf).join("\n")));
    at.into_iter().map(|p| &buf[p]).collect()
}

/// The status message's kind and text; fails the test when there is none.
pub fn status(app: &App) -> (StatusKind, String) {
    let s = app.status.as_ref().expect("a status message");
    (s.kind, s.text.clone())
}

/// The save popup's file name and error; fails the test when another popup (or none) is open.
pub fn save_popup(app: &App) -> (String, Option<String>) {
    match &app.popup {
        Some(Popup::Save { path, error }) => (path.text().to_string(), error.clone()),
        other => panic!("expected the save popup, got {other:?}"),
    }
}

/// The text `y` copies.
pub fn copied(app: &mut App) -> String {
    match keys(app, "y").as_slice() {
        [Effect::CopyToClipboard(text)] => text.clone(),
        other => panic!("no copy: {other:?}"),
    }
}

/// Sets who uses the policy through the `w` prompt on Review.
pub fn choose_principal(app: &mut App, who: &str) {
    keys(app, "w");
    assert!(matches!(
        app.popup,
        Some(ecr_policy::app::Popup::Principal { .. })
    ));
    paste(app, who);
    keys(app, "<enter>");
    assert_eq!(app.popup, None, "{:?}", app.popup);
}
