//! Per-keystroke cost of the wizard: key -> keymap -> update -> full redraw into a `TestBackend`,
//! and the region filter alone.
#![allow(clippy::panic)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ecr_policy::app::action::{Local, TextEdit};
use ecr_policy::app::keymap::dispatch;
use ecr_policy::app::prefill::Prefill;
use ecr_policy::app::regions::{filter_regions, region_entries, search_regions};
use ecr_policy::app::{Action, App, Step, update};
use ecr_policy::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn actions_app() -> App {
    let mut app = App::prefilled(&Prefill {
        region: Some("us-east-1".into()),
        account: Some("123456789012".into()),
        repos: vec!["team/api".into(), "team/web".into(), "tools/*".into()],
        ..Prefill::default()
    });
    app.step = Step::Actions;
    update(&mut app, Action::Local(Local::ExpandActions));
    app
}

fn key_to_frame(c: &mut Criterion, w: u16, h: u16) {
    let theme = Theme::color();
    let mut app = actions_app();
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
    let down = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    let space = KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE);
    let mut i = 0u32;
    c.bench_function(&format!("key->update->redraw actions step {w}x{h}"), |b| {
        b.iter(|| {
            i += 1;
            // Alternate moving and toggling so both the list and the policy change.
            let ev = if i.is_multiple_of(2) { &down } else { &space };
            if let Some(action) = dispatch(&app.context(), ev) {
                black_box(update(&mut app, action));
            }
            if app.actions.cursor > 70 {
                app.actions.cursor = 0;
            }
            term.draw(|f| render(f, &app, &theme))
                .unwrap_or_else(|e| panic!("{e}"));
        });
    });
}

fn benches(c: &mut Criterion) {
    key_to_frame(c, 200, 60);
    key_to_frame(c, 80, 24);
    let entries = region_entries();
    // A word prefix, a city, a scattered typo (nucleo-matcher's tier) and a typed new code.
    for query in ["ap-ne", "ohio", "frnkfurt"] {
        c.bench_function(&format!("region filter, one keystroke ({query:?})"), |b| {
            b.iter(|| black_box(filter_regions(&entries, black_box(query))));
        });
    }
    let mut with_typed = region_entries();
    c.bench_function("region search with a typed code row (\"us-west-9\")", |b| {
        b.iter(|| black_box(search_regions(&mut with_typed, black_box("us-west-9"))));
    });
    let theme = Theme::color();
    let mut app = App::new();
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap_or_else(|e| panic!("{e}"));
    c.bench_function("type in region search + redraw 200x60", |b| {
        b.iter(|| {
            update(&mut app, Action::Text(TextEdit::Char('t')));
            update(&mut app, Action::Text(TextEdit::Backspace));
            term.draw(|f| render(f, &app, &theme))
                .unwrap_or_else(|e| panic!("{e}"));
        });
    });
}

/// Review at 80×24: the content is wrapped (ARNs after `:` or `/`) and scrolled every frame.
fn review_scroll(c: &mut Criterion) {
    let theme = Theme::color();
    let mut app = App::prefilled(&Prefill {
        region: Some("us-east-1".into()),
        account: Some("123456789012".into()),
        repos: vec!["team/api".into(), "team/web".into(), "tools/*".into()],
        ..Prefill::default()
    });
    app.step = Step::Review;
    for (w, h) in [(80, 24), (200, 60)] {
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"));
        let mut i = 0u32;
        c.bench_function(&format!("key->update->redraw review scroll {w}x{h}"), |b| {
            b.iter(|| {
                i += 1;
                let key = if i.is_multiple_of(2) {
                    Local::Down
                } else {
                    Local::Up
                };
                black_box(update(&mut app, Action::Local(key)));
                term.draw(|f| render(f, &app, &theme))
                    .unwrap_or_else(|e| panic!("{e}"));
            });
        });
    }
}

criterion_group!(ui, benches, review_scroll);
criterion_main!(ui);
