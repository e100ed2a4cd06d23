//! Entry point: parses arguments, runs a subcommand or the wizard, maps errors to exit codes.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use ecr_policy::adapters::save::{Overwrite, SaveError, write_atomic};
use ecr_policy::adapters::{clipboard, terminal};
use ecr_policy::app::App;
use ecr_policy::app::prefill::Prefill;
use ecr_policy::check_cmd;
use ecr_policy::cli::{
    Cli, Command, GenerateArgs, SpecArgs, actions_text, regions_text, spec_from_args,
};
use ecr_policy::policy::import::Imported;
use ecr_policy::policy::{FieldError, Format, Severity, import_document, lint, parse_document};
use ecr_policy::ui::Theme;

/// Exit code for invalid input.
const EXIT_INPUT: u8 = 2;
/// Exit code for I/O failures.
const EXIT_IO: u8 = 1;

fn main() -> ExitCode {
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == clipboard::SERVE_ARG)
    {
        let code = clipboard::serve(&mut std::io::stdout());
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Generate(args)) => generate(&cli.prefill, &args),
        Some(Command::Regions { json }) => print(&regions_text(json)),
        Some(Command::Actions { json }) => print(&actions_text(json)),
        Some(Command::Check(args)) => ExitCode::from(check_cmd::run(&args)),
        None => wizard(&cli.prefill),
    }
}

fn print(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not worth an error message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ecr-policy: could not write to standard output: {e}");
            ExitCode::from(EXIT_IO)
        }
    }
}

fn report_input_errors(errors: &[FieldError]) -> ExitCode {
    for e in errors {
        eprintln!("error: {e}");
    }
    ExitCode::from(EXIT_INPUT)
}

fn generate(spec_args: &SpecArgs, args: &GenerateArgs) -> ExitCode {
    let imported = match load_import(spec_args) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let spec = match spec_from_args(spec_args, &args.actions, imported.as_ref().map(|i| &i.0)) {
        Ok(s) => s,
        Err(errors) => return report_input_errors(&errors),
    };
    if let Some((im, name)) = &imported {
        for item in &im.left_out {
            eprintln!("note: not carried over as written from {name}: {item}");
        }
    }
    let output = match args.output_options() {
        Ok(o) => o,
        Err(errors) => return report_input_errors(&errors),
    };
    let mut text = output.render(&spec);
    text.push('\n');
    let findings = if output.format == Format::Json {
        lint::lint_with_text(&spec, &text)
    } else {
        lint::lint(&spec)
    };
    for f in findings {
        if f.severity != Severity::Info || std::env::var_os("ECR_POLICY_VERBOSE").is_some() {
            eprintln!("{f}");
        }
    }
    match &args.output {
        None => print(&text),
        Some(path) => {
            let mode = if args.force {
                Overwrite::Replace
            } else {
                Overwrite::Never
            };
            match write_atomic(path, text.as_bytes(), mode) {
                Ok(abs) => {
                    eprintln!("saved to {}", abs.display());
                    ExitCode::SUCCESS
                }
                Err(SaveError::Exists(p)) => {
                    eprintln!(
                        "ecr-policy: {} already exists; pass --force to replace it",
                        p.display()
                    );
                    ExitCode::from(EXIT_IO)
                }
                Err(e) => {
                    eprintln!("ecr-policy: {e}");
                    ExitCode::from(EXIT_IO)
                }
            }
        }
    }
}

/// `--from FILE`: the policy read and imported, with its display name; or the exit code after
/// the reason was printed.
fn load_import(args: &SpecArgs) -> Result<Option<(Imported, String)>, ExitCode> {
    let Some(file) = &args.from else {
        return Ok(None);
    };
    let name = if file == "-" {
        "standard input".to_string()
    } else {
        file.clone()
    };
    let doc = check_cmd::read_input(file, &mut std::io::stdin().lock())
        .and_then(|text| parse_document(&text).map_err(|e| e.to_string()));
    match doc {
        Ok(doc) => Ok(Some((import_document(&doc), name))),
        Err(e) => {
            eprintln!("ecr-policy: --from {name}: {e}");
            Err(ExitCode::from(EXIT_INPUT))
        }
    }
}

fn wizard(args: &SpecArgs) -> ExitCode {
    let imported = match load_import(args) {
        Ok(i) => i,
        Err(code) => return code,
    };
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
    let app = App::prefilled(&prefill);
    let theme = Theme::from_no_color(std::env::var("NO_COLOR").ok().as_deref());
    match terminal::run(app, theme) {
        Ok(farewell) => {
            for line in farewell {
                eprintln!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ecr-policy: terminal error: {e}");
            ExitCode::from(EXIT_IO)
        }
    }
}
