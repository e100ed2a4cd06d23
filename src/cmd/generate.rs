//! `ecr-policy generate`: a policy from flags (and `--from`), printed or saved atomically.
//! Exit 0 when a policy was produced (its findings are warnings; `--strict` makes them exit 1),
//! 2 when nothing could be produced (then every statement of `--from` says what became of it).

use std::process::ExitCode;

use super::access::{DocumentKind, RegistryKind};
use super::args::{GenerateArgs, SpecArgs};
use super::{EXIT_INPUT, EXIT_IO, load_import, print};
use crate::adapters::save::{Overwrite, SaveError, write_atomic};
use crate::adapters::stdio;
use crate::policy::audit::lint;
use crate::policy::emit::build::build_with_renames;
use crate::policy::import::Imported;
use crate::policy::import::merge::{merge, moves};
use crate::policy::recipes::answers::parse_signing_profile;
use crate::policy::spec::error::Field;
use crate::policy::spec::grants::PolicySpec;
use crate::policy::visible::Visible;
use crate::policy::{ActionSet, FieldError, JsonStyle, Severity, render_policy};
use crate::say;

/// Exit code for `--strict` when the policy has warnings.
pub const EXIT_STRICT: u8 = 1;

/// Why nothing was produced: the input errors, then what became of each statement of the file.
fn nothing_produced(errors: &[FieldError], imported: Option<&(Imported, String)>) -> ExitCode {
    for e in errors {
        stdio::error(e);
    }
    if let Some((im, name)) = imported {
        if errors.is_empty() {
            say!(
                "error: nothing could be produced from {}: no statement became a grant",
                Visible(name)
            );
        }
        for st in &im.statements {
            for line in st.lines() {
                say!("  {}", Visible(&line));
            }
            if st.notes.is_empty() {
                say!("  {}: imported", Visible(&st.label()));
            }
        }
    }
    ExitCode::from(EXIT_INPUT)
}

/// Runs `generate`.
pub fn run(spec_args: &SpecArgs, args: &GenerateArgs) -> ExitCode {
    if !args.trail.from_cloudtrail.is_empty() {
        if args.recipe.recipe.is_some() {
            say!(
                "error: --recipe cannot go with --from-cloudtrail: the logs say what the caller \
                 did, a recipe what it will do; use one"
            );
            return ExitCode::from(EXIT_INPUT);
        }
        return super::trail::run(spec_args, args);
    }
    if let Err(code) = args.trail.window.without_logs("--from-cloudtrail") {
        return code;
    }
    if args.recipe.recipe.is_some() {
        return super::recipe::run(spec_args, args);
    }
    let lone = args.recipe.without_recipe();
    if !lone.is_empty() {
        for f in lone {
            say!(
                "error: {f} is a recipe's question: give --recipe (ecr-policy recipes lists \
                 them)"
            );
        }
        return ExitCode::from(EXIT_INPUT);
    }
    let other_document = matches!(
        args.access.document,
        Some(DocumentKind::Repository | DocumentKind::Registry)
    ) || args.access.registry == Some(RegistryKind::Public);
    if args.recipe.signing_profile.is_some() && other_document {
        say!(
            "error: --signing-profile adds signer:SignPayload to the identity policy of the \
             pusher (Amazon ECR private registries); it has no place in a repository or \
             registry policy or in ECR Public"
        );
        return ExitCode::from(EXIT_INPUT);
    }
    if args.access.is_active(spec_args) {
        return super::access::run(spec_args, args);
    }
    let policy = match whole_policy(spec_args, &args.actions, &args.grants) {
        Ok(p) => p,
        Err(code) => return code,
    };
    match identity_text(&policy, args) {
        Ok((text, warnings)) => finish(args, &text, warnings),
        Err(code) => code,
    }
}

/// The whole policy of the flags, `--grant` and `--from` (every grant, the kept statements, the
/// registry-wide actions), after the notes on how it was read; or the exit code once the
/// reasons are printed.
pub(super) fn whole_policy(
    spec_args: &SpecArgs,
    actions: &[String],
    grants: &[String],
) -> Result<PolicySpec, ExitCode> {
    let imported = load_import(spec_args)?;
    let flags = spec_args.flags(actions, grants);
    let policy = match merge(&flags, imported.as_ref().map(|i| &i.0)) {
        Ok(p) if imported.is_some() && p.grants_nothing() => {
            return Err(nothing_produced(&[], imported.as_ref()));
        }
        Ok(p) => p,
        Err(errors) => return Err(nothing_produced(&errors, imported.as_ref())),
    };
    if let Some(spec) = policy.grants.iter().find(|g| g.region.is_all())
        && spec_args
            .partition
            .as_deref()
            .is_none_or(|p| p.trim().is_empty())
    {
        let p = spec.partition();
        say!(
            "note: region * without --partition: using partition {} ({}); pass --partition \
             to choose another",
            p.arn,
            p.name
        );
    }
    if let Some((im, name)) = &imported {
        // What the flags changed in the file's statements: said, never done silently.
        if let Some(first) = policy.grants.first() {
            for m in moves(im, first) {
                say!("note: from {}: {}", Visible(name), Visible(&m));
            }
        }
        for item in im.left_out() {
            say!("note: from {}: {}", Visible(name), Visible(&item));
        }
    }
    Ok(policy)
}

/// The identity policy in the chosen format, ending in a newline, after its findings are
/// printed; with the number of warnings. `Err` is the exit code for invalid output options.
pub(super) fn identity_text(
    policy: &PolicySpec,
    args: &GenerateArgs,
) -> Result<(String, usize), ExitCode> {
    let signed;
    let policy = if args.recipe.recipe.is_none()
        && let Some(raw) = &args.recipe.signing_profile
    {
        signed = with_signing(policy, raw).map_err(|e| super::report_input_errors(&[e]))?;
        &signed
    } else {
        policy
    };
    for (theirs, ours) in build_with_renames(policy).1 {
        say!(
            "note: a statement kept as written already uses the Sid {}; the generated \
             statement is named {ours}",
            Visible(&theirs)
        );
    }
    let output = args
        .output_options()
        .map_err(|errors| super::report_input_errors(&errors))?;
    let mut text = output.render_policy(policy);
    text.push('\n');
    let mut warnings = 0;
    // The size quotas count the whole policy: the first grant's findings carry them.
    let whole = render_policy(policy, JsonStyle::Compact);
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
                    say!("{}{grant}", Visible(&f.to_string()));
                }
            } else {
                warnings += 1;
                say!("warning [{}]{grant}: {}", f.code, Visible(&f.message));
            }
        }
    }
    Ok((text, warnings))
}

/// `--signing-profile` without a recipe: `signer:SignPayload` on the profile, for a policy that
/// pushes (ECR managed signing signs with the pusher's identity) in the profile's partition.
fn with_signing(policy: &PolicySpec, raw: &str) -> Result<PolicySpec, FieldError> {
    let profile = parse_signing_profile(raw)?;
    let pushes = policy
        .grants
        .iter()
        .any(|g| g.actions.contains_any(ActionSet::of(&["PutImage"])));
    if !pushes {
        return Err(FieldError::new(
            Field::SigningProfile,
            &profile,
            "is for a policy that pushes: ECR managed signing signs an image as it is pushed, \
             with the pusher's identity, and this policy grants no ecr:PutImage",
        ));
    }
    if let Some(g) = policy
        .grants
        .iter()
        .find(|g| profile.split(':').nth(1) != Some(g.partition().arn))
    {
        return Err(FieldError::new(
            Field::SigningProfile,
            &profile,
            format!(
                "is not in partition {}, the repositories'",
                g.partition().arn
            ),
        ));
    }
    let mut signed = policy.clone();
    signed.signing = vec![profile];
    Ok(signed)
}

/// Prints or saves `text`; with `--strict`, warnings make the exit code 1.
pub(super) fn finish(args: &GenerateArgs, text: &str, warnings: usize) -> ExitCode {
    let code = if args.strict && warnings > 0 {
        ExitCode::from(EXIT_STRICT)
    } else {
        ExitCode::SUCCESS
    };
    let delivered = deliver(args, text);
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
                Ok(written) => {
                    say!("saved to {written}");
                    ExitCode::SUCCESS
                }
                Err(SaveError::Exists(p)) => {
                    say!(
                        "error: {} already exists; pass --force to replace it",
                        Visible(&p.display().to_string())
                    );
                    ExitCode::from(EXIT_IO)
                }
                Err(e) => {
                    stdio::error(e);
                    ExitCode::from(EXIT_IO)
                }
            }
        }
    }
}
