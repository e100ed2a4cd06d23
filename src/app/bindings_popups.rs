//! The keymap table's popup part: while a popup is open only its own keys (and Ctrl-C) work.

use ratatui::crossterm::event::KeyCode;

use super::action::{Action, Leave, Local as L};
use super::keymap::{Binding, Scope, b, c, ctrl, k};

use KeyCode as K;
use Scope as S;

/// The popups' bindings. Order matters only for display.
pub static POPUP_BINDINGS: &[Binding] = &[
    // Popups first: while one is open only its own keys and Ctrl-C work.
    b(
        S::Help,
        &[k(K::Esc), c('q'), c('?'), k(K::F(1)), k(K::Enter)],
        Action::Back,
        "close",
        true,
    ),
    b(
        S::SavePrompt,
        &[k(K::Enter)],
        Action::Local(L::Confirm),
        "save",
        true,
    ),
    b(S::SavePrompt, &[k(K::Esc)], Action::Back, "cancel", true),
    b(
        S::TagPrompt,
        &[k(K::Enter)],
        Action::Local(L::Confirm),
        "add",
        true,
    ),
    b(S::TagPrompt, &[k(K::Esc)], Action::Back, "close", true),
    b(
        S::TagPrompt,
        &[ctrl('d')],
        Action::Local(L::RemoveTag),
        "remove last",
        true,
    ),
    b(
        S::TagPrompt,
        &[ctrl('c')],
        Action::ForceQuit,
        "quit now",
        false,
    ),
    b(
        S::Details,
        &[k(K::Esc), c('i'), c('q'), k(K::Enter)],
        Action::Back,
        "close",
        true,
    ),
    b(
        S::Details,
        &[k(K::Up), c('k')],
        Action::Local(L::Up),
        "previous",
        true,
    ),
    b(
        S::Details,
        &[k(K::Down), c('j')],
        Action::Local(L::Down),
        "next",
        true,
    ),
    b(
        S::Details,
        &[ctrl('c')],
        Action::ForceQuit,
        "quit now",
        false,
    ),
    b(
        S::QuitQuestion,
        &[c('s')],
        Action::Leave(Leave::Save),
        "save",
        true,
    ),
    b(
        S::QuitQuestion,
        &[c('c')],
        Action::Leave(Leave::Copy),
        "copy",
        true,
    ),
    b(
        S::QuitQuestion,
        &[c('p')],
        Action::Leave(Leave::Print),
        "quit and print",
        true,
    ),
    b(
        S::QuitQuestion,
        &[c('d')],
        Action::Leave(Leave::Discard),
        "discard and quit",
        true,
    ),
    b(S::QuitQuestion, &[k(K::Esc)], Action::Back, "stay", true),
    b(
        S::QuitQuestion,
        &[ctrl('c')],
        Action::ForceQuit,
        "quit now",
        false,
    ),
    b(
        S::Confirm,
        &[c('y'), k(K::Enter)],
        Action::Local(L::Yes),
        "replace",
        true,
    ),
    b(
        S::Confirm,
        &[c('n'), k(K::Esc)],
        Action::Local(L::No),
        "choose another name",
        true,
    ),
    b(
        S::Help,
        &[k(K::Up), c('k')],
        Action::Local(L::Up),
        "scroll",
        true,
    ),
    b(
        S::Help,
        &[k(K::Down), c('j')],
        Action::Local(L::Down),
        "scroll",
        false,
    ),
    b(S::Help, &[ctrl('c')], Action::ForceQuit, "quit now", false),
    b(
        S::SavePrompt,
        &[ctrl('c')],
        Action::ForceQuit,
        "quit now",
        false,
    ),
    b(
        S::Confirm,
        &[ctrl('c')],
        Action::ForceQuit,
        "quit now",
        false,
    ),
    b(
        S::NamePrompt,
        &[k(K::Enter)],
        Action::Local(L::Confirm),
        "set name",
        true,
    ),
    b(S::NamePrompt, &[k(K::Esc)], Action::Back, "close", true),
    b(
        S::CachePrompt,
        &[k(K::Enter)],
        Action::Local(L::Confirm),
        "add its repositories",
        true,
    ),
    b(S::CachePrompt, &[k(K::Esc)], Action::Back, "close", true),
    b(
        S::CachePrompt,
        &[ctrl('c')],
        Action::ForceQuit,
        "quit now",
        false,
    ),
    b(
        S::NamePrompt,
        &[ctrl('c')],
        Action::ForceQuit,
        "quit now",
        false,
    ),
    b(
        S::PrincipalPrompt,
        &[k(K::Enter)],
        Action::Local(L::Confirm),
        "set",
        true,
    ),
    b(
        S::PrincipalPrompt,
        &[k(K::Esc)],
        Action::Back,
        "close",
        true,
    ),
    b(
        S::PrincipalPrompt,
        &[ctrl('c')],
        Action::ForceQuit,
        "quit now",
        false,
    ),
];
