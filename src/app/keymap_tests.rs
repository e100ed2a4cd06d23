//! Tests of the keymap table: no scope binds a key twice, every action has a label, hints come from the table.

use super::*;
use crate::app::action::{Local, TextEdit};
use ratatui::crossterm::event::KeyEvent;

const ALL_SCOPES: [Scope; 23] = Scope::ALL;

#[test]
fn no_scope_binds_a_key_twice() {
    for scope in ALL_SCOPES {
        let keys: Vec<Key> = bindings()
            .filter(|b| b.scope == scope)
            .flat_map(|b| b.keys.iter().copied())
            .collect();
        for (i, k) in keys.iter().enumerate() {
            assert!(
                !keys[..i].contains(k),
                "{scope:?} binds {} twice",
                k.label()
            );
        }
    }
}

#[test]
fn every_binding_has_a_label_and_a_description() {
    for b in bindings() {
        assert!(!b.label.is_empty(), "{:?}", b.action);
        assert!(!b.action.description().is_empty(), "{:?}", b.action);
        assert!(!b.keys.is_empty());
    }
}

#[test]
fn printable_keys_type_into_a_focused_field() {
    let ctx = Context {
        scopes: vec![Scope::Text, Scope::Account, Scope::Global],
        text_focus: true,
    };
    let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    assert_eq!(dispatch(&ctx, &q), Some(Action::Text(TextEdit::Char('q'))));
    let ctrl_y = KeyEvent::new(KeyCode::Char('y'), KeyModifiers::CONTROL);
    assert_eq!(dispatch(&ctx, &ctrl_y), Some(Action::Copy));
    let unfocused = Context {
        scopes: vec![Scope::Actions, Scope::Global],
        text_focus: false,
    };
    assert_eq!(dispatch(&unfocused, &q), Some(Action::Quit));
    let shifted = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
    assert_eq!(dispatch(&unfocused, &shifted), Some(Action::Help));
}

#[test]
fn higher_scopes_win() {
    let ctx = Context {
        scopes: vec![Scope::RepositoryList, Scope::Repositories, Scope::Global],
        text_focus: false,
    };
    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(dispatch(&ctx, &esc), Some(Action::Back));
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(dispatch(&ctx, &enter), Some(Action::Local(Local::Edit)));
}

#[test]
fn footer_hides_printable_keys_in_text_fields() {
    let ctx = Context {
        scopes: vec![Scope::Text, Scope::Account, Scope::Global],
        text_focus: true,
    };
    let hints = footer_hints(&ctx);
    assert!(hints.iter().any(|(k, l, _)| k == "C-y" && *l == "copy"));
    assert!(
        !hints.iter().any(|(_, l, _)| *l == "quit"),
        "q types into the field: {hints:?}"
    );
    assert!(hints.iter().any(|(k, _, _)| k == "F1"), "{hints:?}");
}

#[test]
fn readme_key_table_matches_the_keymap() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's key table is out of date; replace it with:\n{table}"
    );
}

#[test]
fn the_quit_question_never_answers_to_y() {
    let ctx = Context {
        scopes: vec![Scope::QuitQuestion],
        text_focus: false,
    };
    let y = KeyEvent::from(KeyCode::Char('y'));
    assert_eq!(dispatch(&ctx, &y), None);
    let hints = scope_hints(Scope::QuitQuestion);
    for want in [
        "s save",
        "c copy",
        "p quit and print",
        "d discard",
        "Esc stay",
    ] {
        assert!(hints.contains(want), "{hints}");
    }
}
