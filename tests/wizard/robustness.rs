//! Randomised robustness: random sequences of terminal events (keys, pastes, mouse, resizes)
//! go through `translate` and `update` exactly as the event loop does, with a redraw into a
//! `TestBackend` of the current size (1x1 to 300x100) after each one.
//!
//! Invariants: nothing panics; the preview is either the engine's output for the validated spec
//! or an explicit draft; a complete state passes `policy::spec::validate` and the review shows every
//! error-severity finding; copy and save of an incomplete policy are refused with a message.
//!
//! 64 sequences of up to 60 events by default; `ECR_POLICY_STRESS_CASES=5000` runs more.
//! Each run prints its seed; `PROPTEST_RNG_SEED=<seed>` replays it, and proptest prints the
//! shrunk failing sequence.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::app as support;
use crate::support::events;

use ecr_policy::app::access::{Document, shown};
use ecr_policy::app::action::Local;
use ecr_policy::app::documents::{repository_policy, repository_text};
use ecr_policy::app::prefill::Prefill;
use ecr_policy::app::public::public_text;
use ecr_policy::app::state::{StatusKind, StepState};
use ecr_policy::app::{Action, App, CopyMethod, Effect, Popup, SaveFailure, Step, update};
use ecr_policy::policy::audit::check::check_text;
use ecr_policy::policy::audit::lint::lint_with_text;
use ecr_policy::policy::emit::format::{Format, render_as};
use ecr_policy::policy::emit::repository_docs::repository_documents;
use ecr_policy::policy::emit::whole::render_spec_as;
use ecr_policy::policy::{JsonStyle, Severity, SpecInput, render, validate};
use ecr_policy::runtime::translate;
use ecr_policy::ui::layout::{MIN_HEIGHT, MIN_WIDTH};
use ecr_policy::ui::{Theme, render as draw_ui};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::Event;

use events::{Input, Outcome, events, input, outcome};
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

/// The app's own inputs as the CLI would pass them to the engine.
fn raw_input(app: &App) -> SpecInput {
    SpecInput {
        region: app.region.choice.as_ref().map(|r| r.code.clone()),
        partition: app
            .region
            .choice
            .as_ref()
            .map(|r| r.partition.arn.to_string()),
        account: Some(app.account.input.text().to_string()),
        repositories: app.repos.list.clone(),
        actions: app.actions.set,
        tags: app.actions.tags.iter().map(ToString::to_string).collect(),
    }
}

/// The invariants that hold after every event.
fn check_state(app: &App, term: &Terminal<TestBackend>) {
    let screen = rows(term.backend().buffer()).join("\n");
    let area = term.backend().buffer().area;
    let full_ui = area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT && app.popup.is_none();
    let engine = validate(&raw_input(app));
    if let Some(spec) = app.spec() {
        // The document shown: the identity policy (every grant), the repository policy of an
        // access path, or the ECR Public policy, each as the engine writes it in the chosen format.
        let whole = app.grants.whole(spec.clone());
        let cross = app.access.cross(&spec.account).cloned();
        let (json, text) = if app.access.public {
            public_text(app, spec).unwrap_or_else(|why| {
                let t = format!("No ECR Public policy: {why}");
                (t.clone(), t)
            })
        } else if let Some(p) = cross.filter(|_| shown(app) == Document::Repository) {
            // Several grants: the repository policy shown is one of every grant's documents.
            let docs = repository_documents(&whole.grants, &p);
            match docs.get(app.access.part.min(docs.len().saturating_sub(1))) {
                Some(doc) => match repository_policy(doc, &p) {
                    Ok(policy) => repository_text(app, doc, &policy),
                    Err(e) => {
                        let text = format!("No repository policy: {e}");
                        (text.clone(), text)
                    }
                },
                None => (app.derived.json.clone(), app.derived.text.clone()),
            }
        } else {
            if !app.grants.several() {
                // With one grant the whole policy is that grant, rendered exactly as `render`.
                assert_eq!(app.derived.json, render(spec, JsonStyle::Pretty));
                assert_eq!(
                    app.derived.text,
                    render_as(spec, app.review.format, &app.policy_name(spec)),
                    "the preview is not the engine's output in the chosen format"
                );
            }
            (
                render_spec_as(&whole, Format::Json, JsonStyle::Pretty, None),
                render_spec_as(
                    &whole,
                    app.review.format,
                    JsonStyle::Pretty,
                    Some(&app.policy_name(spec)),
                ),
            )
        };
        assert_eq!(app.derived.json, json);
        if !json.starts_with("No ECR Public policy") && !json.starts_with("No repository policy") {
            serde_json::from_str::<serde_json::Value>(&app.derived.json).unwrap();
        }
        assert_eq!(
            app.derived.text, text,
            "the preview is not the engine's output in the chosen format"
        );
        assert!(app.derived.missing.is_empty(), "{:?}", app.derived.missing);
        assert_eq!(engine.as_ref(), Ok(spec), "the engine disagrees");
        assert_eq!(app.step_state(Step::Review), StepState::Complete);
        // The findings are the document's: `check` on the ECR Public or repository policy
        // shown, the identity policy's lint otherwise (its size is the whole policy's, every
        // grant and kept statement included).
        let findings = if app.access.public || shown(app) == Document::Repository {
            check_text(&json).unwrap_or_default()
        } else {
            lint_with_text(
                spec,
                &render_spec_as(&whole, Format::Json, JsonStyle::Pretty, None),
            )
        };
        assert_eq!(app.derived.findings, findings);
        check_review_shows_errors(app);
        if full_ui && !app.preview.hidden {
            // Below 100 columns the preview is a tab: its title shows once it is focused.
            let side_by_side = area.width >= ecr_policy::ui::layout::SIDE_BY_SIDE;
            let title = if side_by_side || app.preview.focused {
                format!("{} preview", app.review.format.label())
            } else {
                "│ Policy".to_string()
            };
            assert!(screen.contains(&title), "{screen}");
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
        let side_by_side = area.width >= ecr_policy::ui::layout::SIDE_BY_SIDE;
        let preview_shown = !app.preview.hidden && (side_by_side || app.preview.focused);
        if full_ui && preview_shown {
            assert!(screen.contains("Draft: incomplete"), "{screen}");
        }
        if full_ui && app.step == Step::Review && (side_by_side || !app.preview.focused) {
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
    review.preview.hidden = true;
    let term = support::draw(&review, &Theme::color(), 300, 100);
    let screen = rows(term.backend().buffer()).join("\n");
    let shown = screen.matches("✗ error").count();
    assert_eq!(shown, errors.len(), "{errors:?}\n{screen}");
}

/// Copy and Save of an incomplete policy: refused with a message, nothing to do for the runtime.
fn check_refusal(before: &App, action: &Action, after: &App, effects: &[Effect]) {
    let asks = matches!(action, Action::Copy | Action::Save)
        || (*action == Action::Local(Local::Confirm) && before.step == Step::Review);
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
                            Outcome::Works => Ok(path.into()),
                            // With replace the adapter renames over the file; never "exists".
                            Outcome::Exists if !replace => Err(SaveFailure::Exists(path)),
                            _ => Err(SaveFailure::Other("simulated failure".into())),
                        })
                    }
                    Effect::Finish(document) => {
                        assert!(app.spec().is_some(), "finish with an incomplete policy");
                        assert_eq!(document, format!("{}\n", app.derived.text));
                        continue;
                    }
                    Effect::Suspend
                    | Effect::Quit
                    | Effect::QuitAndPrint(_)
                    | Effect::SetMouseCapture(_) => continue,
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
    let caught =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_state(&app, &term)));
    assert!(
        caught.is_err(),
        "a preview that is not the engine's output went unnoticed"
    );

    let mut app = start(0);
    app.derived.missing.clear();
    let term = support::draw(&app, &Theme::color(), 120, 40);
    let caught =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_state(&app, &term)));
    assert!(
        caught.is_err(),
        "an incomplete state without a reason went unnoticed"
    );
}
