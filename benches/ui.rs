//! Per-keystroke cost of the wizard: key -> keymap -> update -> full redraw into a `TestBackend`,
//! and the region filter alone. With `UI_BENCH_FRAMES=N UI_BENCH_CASE=name` the binary runs one
//! case N times without criterion, for instruction counts under `valgrind --tool=callgrind`.
#![allow(clippy::panic)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group};
use ecr_policy::app::action::{Local, TextEdit};
use ecr_policy::app::keymap::dispatch;
use ecr_policy::app::prefill::Prefill;
use ecr_policy::app::regions::{filter_regions, region_entries, search_regions};
use ecr_policy::app::{Action, App, Step, update};
use ecr_policy::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn prefilled(step: Step) -> App {
    let mut app = App::prefilled(&Prefill {
        region: Some("us-east-1".into()),
        account: Some("123456789012".into()),
        repos: vec!["team/api".into(), "team/web".into(), "tools/*".into()],
        ..Prefill::default()
    });
    app.step = step;
    app
}

fn actions_app() -> App {
    let mut app = prefilled(Step::Actions);
    update(&mut app, Action::Local(Local::ExpandActions));
    app
}

fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| panic!("{e}"))
}

fn draw(term: &mut Terminal<TestBackend>, app: &App, theme: &Theme) {
    term.draw(|f| render(f, app, theme))
        .unwrap_or_else(|e| panic!("{e}"));
}

/// One Actions step frame: alternately move and toggle, so both the list and the policy change.
fn actions_frame(app: &mut App, i: u32) {
    let ev = if i.is_multiple_of(2) {
        KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)
    } else {
        KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE)
    };
    if let Some(action) = dispatch(&app.context(), &ev) {
        black_box(update(app, action));
    }
    if app.actions.cursor > 70 {
        app.actions.cursor = 0;
    }
}

/// One Review frame: scroll down or up a row.
fn review_frame(app: &mut App, i: u32) {
    let key = if i.is_multiple_of(2) {
        Local::Down
    } else {
        Local::Up
    };
    black_box(update(app, Action::Local(key)));
}

fn key_to_frame(c: &mut Criterion, w: u16, h: u16) {
    let theme = Theme::color();
    let mut app = actions_app();
    let mut term = terminal(w, h);
    let mut i = 0u32;
    c.bench_function(&format!("key->update->redraw actions step {w}x{h}"), |b| {
        b.iter(|| {
            i += 1;
            actions_frame(&mut app, i);
            draw(&mut term, &app, &theme);
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
    let mut term = terminal(200, 60);
    c.bench_function("type in region search + redraw 200x60", |b| {
        b.iter(|| {
            update(&mut app, Action::Text(TextEdit::Char('t')));
            update(&mut app, Action::Text(TextEdit::Backspace));
            draw(&mut term, &app, &theme);
        });
    });
}

/// Review: the content is wrapped (ARNs after `:` or `/`) and scrolled every frame.
fn review_scroll(c: &mut Criterion) {
    let theme = Theme::color();
    let mut app = prefilled(Step::Review);
    for (w, h) in [(80, 24), (200, 60)] {
        let mut term = terminal(w, h);
        let mut i = 0u32;
        c.bench_function(&format!("key->update->redraw review scroll {w}x{h}"), |b| {
            b.iter(|| {
                i += 1;
                review_frame(&mut app, i);
                draw(&mut term, &app, &theme);
            });
        });
    }
}

/// Runs one case `n` times without criterion (for `callgrind`: the difference between two
/// runs with different `n` is the cost of the extra frames alone).
fn frames(case: &str, n: u32) {
    let theme = Theme::color();
    let (mut app, size): (App, (u16, u16)) = match case {
        "actions-200x60" => (actions_app(), (200, 60)),
        "actions-80x24" => (actions_app(), (80, 24)),
        "review-200x60" => (prefilled(Step::Review), (200, 60)),
        "review-80x24" => (prefilled(Step::Review), (80, 24)),
        "search" => {
            let entries = region_entries();
            for _ in 0..n {
                black_box(filter_regions(&entries, black_box("ohio")));
            }
            return;
        }
        other => panic!("unknown case {other}"),
    };
    let mut term = terminal(size.0, size.1);
    for i in 1..=n {
        if case.starts_with("actions") {
            actions_frame(&mut app, i);
        } else {
            review_frame(&mut app, i);
        }
        draw(&mut term, &app, &theme);
    }
}

criterion_group!(ui, benches, review_scroll);

fn main() {
    if let Ok(n) = std::env::var("UI_BENCH_FRAMES") {
        let n = n.parse().unwrap_or_else(|e| panic!("UI_BENCH_FRAMES: {e}"));
        frames(&std::env::var("UI_BENCH_CASE").unwrap_or_default(), n);
        return;
    }
    ui();
    Criterion::default().configure_from_args().final_summary();
}
