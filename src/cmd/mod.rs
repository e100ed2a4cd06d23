//! The subcommands: each file turns parsed arguments into output and an exit code.

pub mod access;
mod access_command;
mod access_repository;
pub mod args;
pub mod check;
pub mod check_paths;
pub mod check_report;
pub mod diff;
mod from_error;
pub mod generate;
pub mod help;
pub mod list;
mod public;
pub mod shell;
pub mod trail;
pub mod usage;
pub mod values;
pub mod wizard;

use std::io::Write;
use std::process::ExitCode;

use crate::policy::FieldError;
use crate::policy::import::{Imported, import_with};
use crate::policy::parse_document;
use args::{Cli, Command, SpecArgs};

/// Exit code for invalid input.
pub const EXIT_INPUT: u8 = 2;
/// Exit code for I/O failures.
pub const EXIT_IO: u8 = 1;

/// Runs the parsed command line.
pub fn run(cli: &Cli) -> ExitCode {
    match &cli.command {
        Some(Command::Generate(args)) => generate::run(&cli.prefill, args),
        Some(Command::Regions { json }) => print(&list::regions_text(*json)),
        Some(Command::Actions { json }) => print(&list::actions_text(*json)),
        Some(Command::Check(args)) => ExitCode::from(check::run(args)),
        Some(Command::Completions { shell }) => shell::print_bytes(Ok(shell::completions(*shell))),
        Some(Command::Man) => shell::print_bytes(shell::man_page()),
        Some(Command::Diff(args)) => ExitCode::from(diff::run(args)),
        None => wizard::run(&cli.prefill, &cli.trail, !cli.no_mouse),
    }
}

/// Writes `text` to standard output; a closed pipe is not an error.
pub fn print(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not worth an error message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: could not write to standard output: {e}");
            ExitCode::from(EXIT_IO)
        }
    }
}

/// Prints each input error and returns the invalid-input exit code.
pub fn report_input_errors(errors: &[FieldError]) -> ExitCode {
    for e in errors {
        eprintln!("error: {e}");
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
        .and_then(|text| parse_document(&text).map_err(|e| e.to_string()));
    match doc {
        Ok(doc) => Ok(Some((import_with(&doc, &args.narrowing(), args.fix), name))),
        Err(e) => {
            eprintln!("error: --from {name}: {e}");
            Err(ExitCode::from(EXIT_INPUT))
        }
    }
}
