//! `ecr-policy generate`: a policy from flags (and `--from`), printed or saved atomically.

use std::process::ExitCode;

use super::args::{GenerateArgs, SpecArgs, spec_from_args};
use super::{EXIT_IO, load_import, print, report_input_errors};
use crate::adapters::save::{Overwrite, SaveError, write_atomic};
use crate::policy::audit::lint;
use crate::policy::{Format, Severity};

/// Runs `generate`.
pub fn run(spec_args: &SpecArgs, args: &GenerateArgs) -> ExitCode {
    let imported = match load_import(spec_args) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let spec = match spec_from_args(spec_args, &args.actions, imported.as_ref().map(|i| &i.0)) {
        Ok(s) => s,
        Err(errors) => return report_input_errors(&errors),
    };
    if spec.region.is_all()
        && spec_args
            .partition
            .as_deref()
            .is_none_or(|p| p.trim().is_empty())
    {
        let p = spec.partition();
        eprintln!(
            "note: region * without --partition: using partition {} ({}); pass --partition \
             to choose another",
            p.arn, p.name
        );
    }
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
                        "error: {} already exists; pass --force to replace it",
                        p.display()
                    );
                    ExitCode::from(EXIT_IO)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(EXIT_IO)
                }
            }
        }
    }
}
