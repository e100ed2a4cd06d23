//! The wizard: prefill from flags (and `--from`), then run it in the terminal. With standard
//! output piped it draws on the controlling terminal and prints the finished policy to stdout.

use std::process::ExitCode;

use super::args::SpecArgs;
use super::trail::WizardTrailArgs;
use super::{EXIT_INPUT, EXIT_IO, load_import, print};
use crate::adapters::stdio;
use crate::adapters::terminal;
use crate::app::App;
use crate::app::prefill::Prefill;
use crate::runtime::{self, End, Outcome};
use crate::say;
use crate::ui::Theme;

/// Exit code when the wizard was cancelled: Ctrl-C before the policy was saved or copied, or
/// any end without printing the policy to a piped standard output (128 + SIGINT, as shells
/// report an interrupted command).
pub const EXIT_CANCELLED: u8 = 130;

/// Exit code when the terminal went away (128 + SIGHUP, the signal a closed terminal sends).
pub const EXIT_HANGUP: u8 = 129;

/// Runs the wizard; `mouse` false starts without mouse capture.
pub fn run(args: &SpecArgs, trail: &WizardTrailArgs, mouse: bool) -> ExitCode {
    // Input errors first: they need no terminal to be reported.
    let imported = match super::trail::wizard_import(trail, &args.narrowing()) {
        Ok(Some(i)) => Some(i),
        Ok(None) => match load_import(args) {
            Ok(i) => i,
            Err(code) => return code,
        },
        Err(code) => return code,
    };
    let piped = !stdio::stdout_is_terminal();
    if piped {
        if let Err(e) = terminal::open_tty() {
            say!(
                "error: no terminal to show the wizard on ({}: {e}); \
                 use `ecr-policy generate` to write a policy without it",
                terminal::TTY_PATH
            );
            return ExitCode::from(EXIT_INPUT);
        }
        terminal::draw_on_tty();
    }
    let given = Prefill {
        region: args.region.clone(),
        partition: args.partition.clone(),
        account: args.account.clone(),
        repos: args.repos.clone(),
        preset: args.preset.clone(),
        tags: args.require_tags.clone(),
        ..Prefill::default()
    };
    let prefill = match &imported {
        Some((im, name)) => Prefill::from_import(im, name, given),
        None => given,
    };
    let mut app = App::prefilled(&prefill);
    app.output_piped = piped;
    app.mouse = mouse;
    let theme = Theme::from_no_color(std::env::var("NO_COLOR").ok().as_deref());
    match runtime::run(app, theme) {
        Ok(outcome) => conclude(outcome, piped),
        Err(e) => {
            say!("error: terminal: {e}");
            ExitCode::from(EXIT_IO)
        }
    }
}

/// After the terminal is restored: the farewell lines, the piped document, the exit code.
fn conclude(outcome: Outcome, piped: bool) -> ExitCode {
    let Outcome {
        end,
        farewell,
        delivered,
    } = outcome;
    // Standard error may be the terminal that just closed: say nothing more there.
    if end != End::TerminalGone {
        for line in farewell {
            stdio::say(&line);
        }
    }
    match end {
        End::Finished(document) => print(&document),
        End::TerminalGone => ExitCode::from(EXIT_HANGUP),
        _ if piped => ExitCode::from(EXIT_CANCELLED),
        End::Interrupted if !delivered => ExitCode::from(EXIT_CANCELLED),
        End::Interrupted | End::Quit => ExitCode::SUCCESS,
    }
}
