//! `ecr-policy generate`: a policy from flags (and `--from`), printed or saved atomically.
//! Exit 0 when a policy was produced (its findings are warnings; `--strict` makes them exit 1),
//! 2 when nothing could be produced (then every statement of `--from` says what became of it).

use std::process::ExitCode;

use super::args::{GenerateArgs, SpecArgs};
use super::{EXIT_INPUT, EXIT_IO, print};
use crate::adapters::save::{Overwrite, SaveError, write_atomic};
use crate::policy::audit::lint;
use crate::policy::emit::build::build_with_renames;
use crate::policy::import::Imported;
use crate::policy::import::merge::merge;
use crate::policy::{FieldError, JsonStyle, Severity, render_policy};

/// Exit code for `--strict` when the policy has warnings.
pub const EXIT_STRICT: u8 = 1;

/// Why nothing was produced: the input errors, then what became of each statement of the file.
fn nothing_produced(errors: &[FieldError], imported: Option<&(Imported, String)>) -> ExitCode {
    for e in errors {
        eprintln!("error: {e}");
    }
    if let Some((im, name)) = imported {
        if errors.is_empty() {
            eprintln!("error: nothing could be produced from {name}: no statement became a grant");
        }
        for st in &im.statements {
            for line in st.lines() {
                eprintln!("  {line}");
            }
            if st.notes.is_empty() {
                eprintln!("  {}: imported", st.label());
            }
        }
    }
    ExitCode::from(EXIT_INPUT)
}

/// Runs `generate`.
pub fn run(spec_args: &SpecArgs, args: &GenerateArgs) -> ExitCode {
    if args.access.is_active(spec_args) {
        return super::access::run(spec_args, args);
    }
    let imported = match super::load_import(spec_args) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let flags = spec_args.flags(&args.actions, &args.grants);
    let policy = match merge(&flags, imported.as_ref().map(|i| &i.0)) {
        Ok(p) if imported.is_some() && p.grants_nothing() => {
            return nothing_produced(&[], imported.as_ref());
        }
        Ok(p) => p,
        Err(errors) => return nothing_produced(&errors, imported.as_ref()),
    };
    if let Some(spec) = policy.grants.iter().find(|g| g.region.is_all())
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
        for item in im.left_out() {
            eprintln!("note: from {name}: {item}");
        }
    }
    for (theirs, ours) in build_with_renames(&policy).1 {
        eprintln!(
            "note: a statement kept as written already uses the Sid {theirs}; the generated \
             statement is named {ours}"
        );
    }
    let output = match args.output_options() {
        Ok(o) => o,
        Err(errors) => return super::report_input_errors(&errors),
    };
    let mut text = output.render_policy(&policy);
    text.push('\n');
    let mut warnings = 0;
    // The size quotas count the whole policy: the first grant's findings carry them.
    let whole = render_policy(&policy, JsonStyle::Compact);
    for (i, spec) in policy.grants.iter().enumerate() {
        let findings = if i == 0 {
            lint::lint_with_text(spec, &whole)
        } else {
            // The registry-wide statements are shared: judge each grant with them, and say
            // what is about them (and the size) once.
            let mut with_shared = spec.clone();
            with_shared.actions = spec.actions.union(policy.star_actions());
            lint::lint(&with_shared)
                .into_iter()
                .filter(|f| !f.code.starts_with("size-") && f.code != "registry-wide")
                .collect()
        };
        let grant = if policy.grants.len() > 1 {
            format!(" (grant {})", i + 1)
        } else {
            String::new()
        };
        for f in findings {
            // generate always produces its policy: what check calls an error is a warning here.
            if f.severity == Severity::Info {
                if std::env::var_os("ECR_POLICY_VERBOSE").is_some() {
                    eprintln!("{f}{grant}");
                }
            } else {
                warnings += 1;
                eprintln!("warning [{}]{grant}: {}", f.code, f.message);
            }
        }
    }
    let code = if args.strict && warnings > 0 {
        ExitCode::from(EXIT_STRICT)
    } else {
        ExitCode::SUCCESS
    };
    let delivered = deliver(args, &text);
    if delivered == ExitCode::SUCCESS {
        code
    } else {
        delivered
    }
}

/// Prints `text`, or saves it to `--output` (atomically, replacing only with `--force`).
pub(super) fn deliver(args: &GenerateArgs, text: &str) -> ExitCode {
    match &args.output {
        None => print(text),
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
