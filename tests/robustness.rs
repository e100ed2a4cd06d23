//! Randomised robustness: random sequences of terminal events (keys, pastes, mouse, resizes)
//! go through `translate` and `update` exactly as the event loop does, with a redraw into a
//! `TestBackend` of the current size (1x1 to 300x100) after each one.
//!
//! Invariants: nothing panics; the preview is either the engine's output for the validated spec
//! or an explicit draft; a complete state passes `policy::validate` and the review shows every
//! error-severity finding; copy and save of an incomplete policy are refused with a message.
//!
//! 64 sequences of up to 60 events by default; `ECR_POLICY_STRESS_CASES=5000` runs more.
//! Each run prints its seed; `PROPTEST_RNG_SEED=<seed>` replays it, and proptest prints the
//! shrunk failing sequence.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use ecr_policy::adapters::terminal::translate;
use ecr_policy::app::prefill::Prefill;
use ecr_policy::app::state::{StatusKind, StepState};
use ecr_policy::app::{Action, App, CopyMethod, Effect, Popup, SaveFailure, Step, update};
use ecr_policy::policy::lint::lint_with_text;
use ecr_policy::policy::{JsonStyle, Severity, SpecInput, render, validate};
use ecr_policy::ui::layout::{MIN_HEIGHT, MIN_WIDTH};
use ecr_policy::ui::{Theme, render as draw_ui};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use support::{ACCT, rows};

fn config() -> ProptestConfig {
    let cases = std::env::var("ECR_POLICY_STRESS_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    // A seed per run, printed so a failure (whose output the harness shows) can be replayed.
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_secs() ^ u64::from(d.subsec_nanos()))
        });
    eprintln!(
        "robustness: {cases} cases, seed {seed}; replay with \
         PROPTEST_RNG_SEED={seed} ECR_POLICY_STRESS_CASES={cases} cargo test --test robustness"
    );
    ProptestConfig {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// One step of a sequence: a raw event, or text typed key by key (to reach deeper states).
#[derive(Debug, Clone)]
enum Input {
    Event(Event),
    Type(&'static str),
}

/// How a copy or save requested by the state machine turns out.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Works,
    Exists,
    Fails,
}

const REGIONS: [&str; 8] = [
    "us-east-1",
    "eu-west-1",
    "us-gov-west-1",
    "cn-north-1",
    "us-iso-east-1",
    "eusc-de-east-1",
    "xx-nowhere-9",
    "*",
];

fn odd_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(vec![
            'é', 'ß', 'İ', 'ﬀ', '漢', '字', 'ｱ', '🙂', '👍', '🦀', '\u{301}', '\u{200d}',
            '\u{fe0f}', '\u{0}', '\u{7f}', '\u{1b}', '\u{2028}', '\t', '\n', '\r',
        ]),
        1 => any::<char>(),
    ]
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        6 => (0x20u8..0x7f).prop_map(|b| KeyCode::Char(char::from(b))),
        2 => odd_char().prop_map(KeyCode::Char),
        4 => prop::sample::select(vec![
            KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::BackTab, KeyCode::Backspace,
            KeyCode::Delete, KeyCode::Home, KeyCode::End, KeyCode::PageUp, KeyCode::PageDown,
            KeyCode::Up, KeyCode::Down, KeyCode::Left, KeyCode::Right, KeyCode::Insert,
            KeyCode::Null, KeyCode::CapsLock, KeyCode::Menu,
        ]),
        1 => (0u8..=24).prop_map(KeyCode::F),
    ]
}

fn key() -> impl Strategy<Value = Event> {
    let mods = prop_oneof![
        8 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::SHIFT),
        2 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
        1 => Just(KeyModifiers::CONTROL | KeyModifiers::SHIFT),
        1 => Just(KeyModifiers::CONTROL | KeyModifiers::ALT),
        1 => Just(KeyModifiers::SUPER),
    ];
    let kind = prop_oneof![
        8 => Just(KeyEventKind::Press),
        1 => Just(KeyEventKind::Repeat),
        1 => Just(KeyEventKind::Release),
    ];
    (key_code(), mods, kind).prop_map(|(c, m, k)| Event::Key(KeyEvent::new_with_kind(c, m, k)))
}

/// Image URIs and ARNs from valid and broken fragments.
fn reference() -> impl Strategy<Value = String> {
    let account = prop_oneof![
        Just(ACCT.to_string()),
        Just("999999999999".to_string()),
        "[0-9]{0,14}",
    ];
    let region = prop::sample::select(REGIONS.to_vec());
    let partition = prop::sample::select(vec![
        "aws",
        "aws-cn",
        "aws-us-gov",
        "aws-iso",
        "aws-eusc",
        "aws-x",
        "",
    ]);
    let suffix = prop::sample::select(vec![
        "amazonaws.com",
        "amazonaws.com.cn",
        "c2s.ic.gov",
        "example.org",
    ]);
    let name = prop_oneof![
        prop::sample::select(vec![
            "my-app", "team/web", "team/*", "*", "UP", "a", "", "a//b"
        ])
        .prop_map(str::to_string),
        "[a-z0-9._/*-]{0,20}",
    ];
    let tag = prop::sample::select(vec!["", ":latest", "@sha256:abc", ":", "/"]);
    (account, region, partition, suffix, name, tag, any::<bool>()).prop_map(
        |(a, r, p, s, n, t, arn)| {
            if arn {
                format!("arn:{p}:ecr:{r}:{a}:repository/{n}")
            } else {
                format!("{a}.dkr.ecr.{r}.{s}/{n}{t}")
            }
        },
    )
}

fn paste() -> impl Strategy<Value = Event> {
    prop_oneof![
        3 => reference(),
        1 => reference().prop_map(|r| format!("  {r}\n")),
        2 => ".{0,40}",
        1 => prop::collection::vec(odd_char(), 0..20).prop_map(|v| v.into_iter().collect()),
        1 => (odd_char(), "[ -~]{1,8}").prop_map(|(c, s)| format!("{c}{s}").repeat(10_000)
            .chars().take(10_000).collect()),
    ]
    .prop_map(Event::Paste)
}

fn mouse() -> impl Strategy<Value = Event> {
    let kind = prop::sample::select(vec![
        MouseEventKind::ScrollUp,
        MouseEventKind::ScrollDown,
        MouseEventKind::ScrollLeft,
        MouseEventKind::Down(MouseButton::Left),
        MouseEventKind::Up(MouseButton::Left),
        MouseEventKind::Drag(MouseButton::Right),
        MouseEventKind::Moved,
    ]);
    (kind, 0u16..400, 0u16..200).prop_map(|(kind, column, row)| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    })
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        10 => key().prop_map(Input::Event),
        3 => prop::sample::select(vec![
            "tokyo\r", "gov\r", "frank", "123456789012\r", "1234-5678-9012", "my-app\r",
            "team/*\r", "\r", "\r\r", "\t", "q", "y", "n", "s", "policy.json\r",
        ])
        .prop_map(Input::Type),
        2 => paste().prop_map(Input::Event),
        1 => mouse().prop_map(Input::Event),
        1 => (1u16..=300, 1u16..=100).prop_map(|(w, h)| Input::Event(Event::Resize(w, h))),
        1 => prop::sample::select(vec![Event::FocusGained, Event::FocusLost]).prop_map(Input::Event),
    ]
}

fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        3 => Just(Outcome::Works),
        1 => Just(Outcome::Exists),
        1 => Just(Outcome::Fails),
    ]
}

/// Where a sequence starts: a fresh wizard, or prefilled ones (complete or not).
fn start(which: u8) -> App {
    let p = |region: &str, repos: &[&str], preset: &str| Prefill {
        region: Some(region.into()),
        account: Some(ACCT.into()),
        repos: repos.iter().map(ToString::to_string).collect(),
        preset: Some(preset.into()),
        ..Prefill::default()
    };
    match which % 4 {
        0 => App::new(),
        1 => App::prefilled(&p("us-east-1", &["my-app", "team/*"], "push-pull-list")),
        2 => App::prefilled(&p("*", &["*"], "repo-admin")),
        _ => App::prefilled(&p("us-gov-west-1", &[], "pull")),
    }
}

fn events(input: &Input) -> Vec<Event> {
    match input {
        Input::Event(e) => vec![e.clone()],
        Input::Type(text) => text
            .chars()
            .map(|c| {
                let code = match c {
                    '\r' => KeyCode::Enter,
                    '\t' => KeyCode::Tab,
                    c => KeyCode::Char(c),
                };
                Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
            })
            .collect(),
    }
}

/// The app's own inputs as the CLI would pass them to the engine.
fn raw_input(app: &App) -> SpecInput {
    SpecInput {
        region: app.region.as_ref().map(|r| r.code.clone()),
        partition: app.region.as_ref().map(|r| r.partition.arn.to_string()),
        account: Some(app.account.text().to_string()),
        repositories: app.repos.clone(),
        actions: app.actions,
    }
}

/// The invariants that hold after every event.
fn check_state(app: &App, term: &Terminal<TestBackend>) {
    let screen = rows(term.backend().buffer()).join("\n");
    let area = term.backend().buffer().area;
    let full_ui = area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT && app.popup.is_none();
    let engine = validate(&raw_input(app));
    if let Some(spec) = app.spec() {
        assert_eq!(app.derived.text, render(spec, JsonStyle::Pretty));
        serde_json::from_str::<serde_json::Value>(&app.derived.text).unwrap();
        assert!(app.derived.missing.is_empty(), "{:?}", app.derived.missing);
        assert_eq!(engine.as_ref(), Ok(spec), "the engine disagrees");
        assert_eq!(app.step_state(Step::Review), StepState::Complete);
        assert_eq!(
            app.derived.findings,
            lint_with_text(spec, &app.derived.text)
        );
        check_review_shows_errors(app);
        if full_ui && !app.preview_hidden {
            assert!(screen.contains("Policy preview"), "{screen}");
        }
    } else {
        assert!(
            !app.derived.missing.is_empty(),
            "incomplete without a reason"
        );
        assert!(
            engine.is_err(),
            "the engine accepts what the app calls incomplete"
        );
        assert_eq!(app.step_state(Step::Review), StepState::Pending);
        assert!(app.derived.findings.is_empty());
        if full_ui && !app.preview_hidden {
            assert!(screen.contains("Draft: incomplete"), "{screen}");
        }
        if full_ui && app.step == Step::Review {
            assert!(
                screen.contains("The policy is not complete yet"),
                "{screen}"
            );
        }
    }
}

/// Every error-severity finding appears on the review step (drawn large enough to hold all).
fn check_review_shows_errors(app: &App) {
    let errors: Vec<_> = app
        .derived
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        return;
    }
    let mut review = app.clone();
    review.step = Step::Review;
    review.popup = None;
    review.preview_hidden = true;
    let term = support::draw(&review, &Theme::color(), 300, 100);
    let screen = rows(term.backend().buffer()).join("\n");
    let shown = screen.matches("✗ error").count();
    assert_eq!(shown, errors.len(), "{errors:?}\n{screen}");
}

/// Copy and Save of an incomplete policy: refused with a message, nothing to do for the runtime.
fn check_refusal(before: &App, action: &Action, after: &App, effects: &[Effect]) {
    let asks = matches!(action, Action::Copy | Action::Save)
        || (*action == Action::Confirm && before.step == Step::Review);
    if before.spec().is_some() || before.popup.is_some() || !asks {
        return;
    }
    assert!(
        effects.is_empty(),
        "{action:?} of an incomplete policy: {effects:?}"
    );
    assert_eq!(after.popup, None, "{action:?} opened a popup");
    let status = after.status.as_ref().expect("a refusal says why");
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.contains("incomplete"), "{}", status.text);
}

/// Runs one sequence like the event loop; returns when the wizard quits.
fn run(start_at: u8, size: (u16, u16), inputs: &[Input], outcomes: &[Outcome]) {
    let theme = Theme::color();
    let mut app = start(start_at);
    let mut term = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    let mut fate = outcomes.iter().copied().cycle();
    term.draw(|f| draw_ui(f, &app, &theme)).unwrap();
    for ev in inputs.iter().flat_map(events) {
        if let Event::Resize(w, h) = ev {
            term.backend_mut().resize(w, h);
        }
        if let Some(action) = translate(&app, &ev) {
            let before = app.clone();
            let mut queue = update(&mut app, action.clone());
            check_refusal(&before, &action, &app, &queue);
            while let Some(effect) = queue.pop() {
                let result = match effect {
                    Effect::CopyToClipboard(text) => {
                        assert!(app.spec().is_some(), "copy of an incomplete policy");
                        assert_eq!(text, app.derived.text, "the copy differs from the preview");
                        Action::Copied(match fate.next().unwrap_or(Outcome::Works) {
                            Outcome::Works => Ok(CopyMethod::System),
                            Outcome::Exists => Ok(CopyMethod::Osc52),
                            Outcome::Fails => Err("no clipboard".into()),
                        })
                    }
                    Effect::SaveFile {
                        path,
                        contents,
                        replace,
                    } => {
                        assert!(app.spec().is_some(), "save of an incomplete policy");
                        assert_eq!(contents, format!("{}\n", app.derived.text));
                        Action::Saved(match fate.next().unwrap_or(Outcome::Works) {
                            Outcome::Works => Ok(path),
                            // With replace the adapter renames over the file; never "exists".
                            Outcome::Exists if !replace => Err(SaveFailure::Exists(path)),
                            _ => Err(SaveFailure::Other("simulated failure".into())),
                        })
                    }
                    Effect::Suspend | Effect::Quit => continue,
                };
                queue.extend(update(&mut app, result));
            }
        }
        term.draw(|f| draw_ui(f, &app, &theme)).unwrap();
        check_state(&app, &term);
        if app.should_quit {
            return;
        }
        if let Some(Popup::Save { path, .. }) = &app.popup {
            assert!(path.cursor() <= path.text().chars().count());
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_event_sequences_keep_the_wizard_consistent(
        start_at in any::<u8>(),
        size in (1u16..=300, 1u16..=100),
        inputs in prop::collection::vec(input(), 0..=60),
        outcomes in prop::collection::vec(outcome(), 1..8),
    ) {
        run(start_at, size, &inputs, &outcomes);
    }
}

#[test]
fn the_checks_can_fail() {
    // A state whose preview was tampered with must be caught by check_state.
    let mut app = start(1);
    assert!(app.spec().is_some());
    app.derived.text.push(' ');
    let term = support::draw(&app, &Theme::color(), 120, 40);
    let caught = std::panic::catch_unwind(|| check_state(&app, &term));
    assert!(
        caught.is_err(),
        "a preview that is not the engine's output went unnoticed"
    );

    let mut app = start(0);
    app.derived.missing.clear();
    let term = support::draw(&app, &Theme::color(), 120, 40);
    let caught = std::panic::catch_unwind(|| check_state(&app, &term));
    assert!(
        caught.is_err(),
        "an incomplete state without a reason went unnoticed"
    );
}
