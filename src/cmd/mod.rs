//! The subcommands: each file turns parsed arguments into output and an exit code.

pub mod access;
mod access_command;
mod access_registry;
mod access_repository;
pub mod args;
pub mod check;
pub mod check_paths;
pub mod check_report;
pub mod diff;
pub mod explain;
mod from_error;
pub mod generate;
pub mod help;
pub mod list;
mod public;
pub mod recipe;
pub mod shell;
pub mod trail;
pub mod usage;
pub mod values;
pub mod wizard;

use std::process::ExitCode;

use crate::adapters::stdio::{self, OutError};
use crate::policy::FieldError;
use crate::policy::import::{Imported, import_with};
use crate::policy::parse_document;
use crate::policy::visible::Visible;
use crate::say;
use args::{Cli, Command, SpecArgs};

/// Exit code for invalid input.
pub const EXIT_INPUT: u8 = 2;
/// Exit code for I/O failures.
pub const EXIT_IO: u8 = 1;

/// Runs the parsed command line. Whatever a command returns, a failed write on standard error
/// turns a success into a failure: nothing it meant to say may be lost silently.
pub fn run(cli: &Cli) -> ExitCode {
    // The exit code of each command when its output could not be written.
    let (code, failure) = match &cli.command {
        Some(Command::Generate(args)) => (generate::run(&cli.prefill, args), EXIT_IO),
        Some(Command::Regions { json }) => (print(&list::regions_text(*json)), EXIT_IO),
        Some(Command::Actions { json }) => (print(&list::actions_text(*json)), EXIT_IO),
        Some(Command::Recipes { json }) => (print(&recipe::recipes_text(*json)), EXIT_IO),
        Some(Command::Check(args)) => (ExitCode::from(check::run(args)), check::EXIT_UNREADABLE),
        Some(Command::Completions { shell }) => {
            (shell::print_bytes(Ok(shell::completions(*shell))), EXIT_IO)
        }
        Some(Command::Man) => (shell::print_bytes(shell::man_page()), EXIT_IO),
        Some(Command::Diff(args)) => (ExitCode::from(diff::run(args)), diff::EXIT_UNREADABLE),
        Some(Command::Explain(args)) => {
            (ExitCode::from(explain::run(args)), explain::EXIT_UNREADABLE)
        }
        None => (
            wizard::run(&cli.prefill, &cli.trail, !cli.no_mouse),
            EXIT_IO,
        ),
    };
    match stdio::stderr_failed(failure) {
        Some(failed) if code == ExitCode::SUCCESS => ExitCode::from(failed),
        _ => code,
    }
}

/// Writes `text` to standard output: the exit code of [`output`], failing with [`EXIT_IO`].
pub fn print(text: &str) -> ExitCode {
    ExitCode::from(output(text.as_bytes(), EXIT_IO))
}

/// Writes `bytes` to standard output: 0 when written; when not, `failure` after a message on
/// standard error, or (a pipe nobody reads any more) quietly 141, as the shell reports it.
pub fn output(bytes: &[u8], failure: u8) -> u8 {
    exit_after(stdio::write_out(bytes), failure)
}

/// The exit code after a write to standard output, as [`output`] gives it.
fn exit_after(written: Result<(), OutError>, failure: u8) -> u8 {
    match written {
        Ok(()) => 0,
        Err(OutError::Closed) => stdio::EXIT_BROKEN_PIPE,
        Err(OutError::Failed(e)) => {
            say!("error: could not write to standard output: {e}");
            failure
        }
    }
}

/// Prints each input error and returns the invalid-input exit code.
pub fn report_input_errors(errors: &[FieldError]) -> ExitCode {
    for e in errors {
        stdio::error(e);
    }
    ExitCode::from(EXIT_INPUT)
}

/// `--from FILE`: the policy read and imported (narrowed by `--region`/`--account`, fixed with
/// `--fix`), with its display name; or the exit code after the reason was printed.
pub fn load_import(args: &SpecArgs) -> Result<Option<(Imported, String)>, ExitCode> {
    let Some(file) = &args.from else {
        return Ok(None);
    };
    let name = if file == "-" {
        "standard input".to_string()
    } else {
        file.clone()
    };
    let doc = check::read_input(file, &mut std::io::stdin().lock())
        .and_then(|text| parse_document(&text).map_err(|e| e.to_string()))
        .and_then(|doc| match doc.duplicate_keys.first() {
            // What the file means depends on which of the two the reader keeps: say so
            // rather than import the one serde_json happened to keep.
            Some(d) => Err(format!("line {}: {}", d.line, d.message())),
            None => Ok(doc),
        });
    match doc {
        Ok(doc) => Ok(Some((import_with(&doc, &args.narrowing(), args.fix), name))),
        Err(e) => {
            say!("error: --from {}: {e}", Visible(&name));
            Err(ExitCode::from(EXIT_INPUT))
        }
    }
}
