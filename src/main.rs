//! Entry point: parses arguments and runs a subcommand or the wizard.

use std::process::ExitCode;

use ecr_policy::adapters::clipboard;
use ecr_policy::cmd;

fn main() -> ExitCode {
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == clipboard::SERVE_ARG)
    {
        // The helper's standard output is its pipe to the wizard that started it: one protocol
        // line ("ok" or "err: …") read by our own code, never by a person.
        #[allow(clippy::disallowed_methods)]
        let code = clipboard::serve(&mut std::io::stdout());
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    match cmd::help::parse() {
        Ok(cli) => cmd::run(&cli),
        Err(code) => code,
    }
}
