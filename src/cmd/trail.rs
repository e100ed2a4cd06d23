//! `generate --from-cloudtrail PATH…` (and the wizard's `--from-cloudtrail`): the least-privilege
//! policy of the ECR calls in `CloudTrail` logs, for one caller or one per caller, with what was
//! refused, what failed and what was skipped said on stderr.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use clap::Args;

use crate::say;

use super::args::{GenerateArgs, SpecArgs};
use super::generate::{finish, identity_text};
use super::{EXIT_INPUT, EXIT_IO, report_input_errors};
use crate::adapters::save::{Overwrite, SaveError, write_atomic};
use crate::adapters::trail_read::{ReadLimits, ReadReport, read_logs};
use crate::policy::emit::build::render_policy;
use crate::policy::import::{Imported, Narrowing, import_with};
use crate::policy::spec::catalog::ActionId;
use crate::policy::trail::least::least_privilege_each;
use crate::policy::trail::usage::find_caller;
use crate::policy::trail::{Least, Window, least_privilege};
use crate::policy::visible::visible;
use crate::policy::{JsonStyle, parse_document};

/// `--since` and `--until`.
#[derive(Debug, Clone, Default, Args)]
pub struct WindowArgs {
    /// Only calls at or after this time: a date (2024-06-01, from its start, UTC) or an RFC 3339
    /// time (2024-06-01T12:00:00Z).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only calls before this time: a date (2024-06-30, up to its end, UTC) or an RFC 3339 time.
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
}

impl WindowArgs {
    /// Whether `--since` or `--until` was given.
    pub fn is_set(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    /// Without logs to read, `--since`/`--until` would be ignored: refuse them.
    pub fn without_logs(&self, logs_flag: &str) -> Result<(), ExitCode> {
        if self.is_set() {
            say!("error: --since and --until bound the calls read with {logs_flag}; give it too");
            return Err(ExitCode::from(EXIT_INPUT));
        }
        Ok(())
    }

    /// The window, or the exit code once the errors are printed.
    pub fn window(&self) -> Result<Window, ExitCode> {
        Window::parse(self.since.as_deref(), self.until.as_deref())
            .map_err(|errors| report_input_errors(&errors))
    }
}

/// `generate`'s `CloudTrail` flags.
#[derive(Debug, Clone, Default, Args)]
pub struct TrailArgs {
    #[allow(clippy::doc_markdown)] // CloudTrail is a name in the help text
    /// Write the least-privilege policy of the ECR calls in CloudTrail logs: delivered
    /// .json/.json.gz files or directories of them (read recursively), `aws cloudtrail
    /// lookup-events` output, the CSV of the Athena query in docs/cloudtrail.md, or - for
    /// standard input. Pick the caller with --principal, or use --per-principal.
    #[arg(long = "from-cloudtrail", value_name = "PATH", num_args = 1..)]
    pub from_cloudtrail: Vec<String>,
    /// With --from-cloudtrail: write one policy per caller into the --output directory.
    #[arg(long, requires = "from_cloudtrail")]
    pub per_principal: bool,
    #[command(flatten)]
    pub window: WindowArgs,
}

/// The wizard's `CloudTrail` flags: open the least-privilege policy of a caller's calls.
#[derive(Debug, Clone, Default, Args)]
pub struct WizardTrailArgs {
    #[allow(clippy::doc_markdown)] // CloudTrail is a name in the help text
    /// Start the wizard with the least-privilege policy of the ECR calls in these CloudTrail
    /// logs (as for generate --from-cloudtrail).
    #[arg(long = "from-cloudtrail", value_name = "PATH", num_args = 1.., conflicts_with = "from")]
    pub from_cloudtrail: Vec<String>,
    /// With --from-cloudtrail: the caller (role or user ARN; a session ARN means its role).
    #[arg(long, value_name = "ARN", requires = "from_cloudtrail")]
    pub principal: Option<String>,
    #[command(flatten)]
    pub window: WindowArgs,
}

/// Reads the logs with the default limits, the progress bar on a terminal.
pub fn read(paths: &[String], window: &Window) -> ReadReport {
    read_logs(
        paths,
        window,
        ReadLimits::default(),
        &mut std::io::stdin(),
        true,
    )
}

/// What was read and skipped, on stderr; `Err` when nothing could be read.
pub fn report_reading(report: &ReadReport, window: &Window) -> Result<(), ExitCode> {
    for (file, why) in &report.unreadable {
        say!("warning: {}: {why}", visible(file));
    }
    for file in report.empty.iter().take(5) {
        say!("note: {}: no CloudTrail records", visible(file));
    }
    if report.files == 0 {
        say!("error: no CloudTrail log could be read");
        return Err(ExitCode::from(EXIT_INPUT));
    }
    let u = &report.usage;
    let mut line = format!(
        "note: read {} file{} ({} bytes of JSON/CSV), {} records, {} ECR events",
        report.files,
        if report.files == 1 { "" } else { "s" },
        report.bytes,
        u.records,
        u.ecr_events
    );
    if let Some((first, last)) = u.span() {
        let _ = write!(line, ", calls from {} to {}", visible(first), visible(last));
    }
    say!("{line}");
    let s = &u.skipped;
    let mut skipped = Vec::new();
    let mut count = |n: u64, what: &str| {
        if n > 0 {
            skipped.push(format!("{n} {what}"));
        }
    };
    count(
        s.service_events,
        "ECR service events (lifecycle, pull-through cache)",
    );
    count(s.root, "by a root user (takes no identity policy)");
    for (kind, n) in &s.no_caller {
        count(
            *n,
            &format!("with no role or user to grant ({})", visible(kind)),
        );
    }
    count(s.no_repository, "naming no valid repository");
    count(s.malformed, "unreadable ECR records");
    count(s.oversized, "records over the size limit");
    if !window.is_open() {
        count(s.outside_window, "outside --since/--until");
    }
    if !skipped.is_empty() {
        say!("note: not used: {}", skipped.join(", "));
    }
    for (event, n) in &s.unmapped {
        say!(
            "warning: {n} event{} {} not in this version's event-to-action table: not granted",
            if *n == 1 { "" } else { "s" },
            visible(event)
        );
    }
    Ok(())
}

/// The least-privilege policy of one caller in words, on stderr.
pub fn report_least(least: &Least) {
    say!(
        "note: least privilege for {}: {} successful call{} (events) granted",
        visible(&least.caller),
        least.granted_events,
        if least.granted_events == 1 { "" } else { "s" }
    );
    for s in &least.summaries {
        let mut what: Vec<String> = s.tasks.iter().map(|t| (*t).to_string()).collect();
        what.extend(s.other.iter().cloned());
        say!("  {}: {}", s.place, what.join(", "));
    }
    let star = least.policy.registry_actions;
    if !star.is_empty() {
        let names: Vec<String> = star.iter().map(ActionId::qualified).collect();
        say!("  on \"*\": {}", names.join(", "));
    }
    if !least.policy.kept.is_empty() {
        say!(
            "  ECR Public: {} statement{}",
            least.policy.kept.len(),
            if least.policy.kept.len() == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    if !least.refused.is_empty() {
        say!("refused: granting these would change what the role can do (not granted):");
        for r in &least.refused {
            let needs: Vec<String> = r
                .permissions
                .iter()
                .map(|p| format!("{} on {}", p.action, visible(&p.resource)))
                .collect();
            say!(
                "  {} ({}, {} event{}, last {}): {}",
                visible(&r.event),
                visible(&r.code),
                r.count,
                if r.count == 1 { "" } else { "s" },
                visible(&r.last),
                needs.join(", ")
            );
        }
    }
    if !least.failed.is_empty() {
        let list: Vec<String> = least
            .failed
            .iter()
            .map(|(code, n)| format!("{} ({n})", visible(code)))
            .collect();
        say!(
            "note: calls that failed for other reasons are not granted: {}",
            list.join(", ")
        );
    }
    for p in &least.problems {
        say!("warning: {p}");
    }
}

/// The flags that describe a policy by hand; they do not go with --from-cloudtrail.
fn hand_flags(spec: &SpecArgs, args: &GenerateArgs) -> Vec<&'static str> {
    let a = &args.access;
    [
        (spec.region.is_some(), "--region"),
        (spec.account.is_some(), "--account"),
        (!spec.repos.is_empty(), "--repo"),
        (spec.preset.is_some(), "--preset"),
        (spec.partition.is_some(), "--partition"),
        (!spec.require_tags.is_empty(), "--require-tag"),
        (spec.from.is_some(), "--from"),
        (spec.fix, "--fix"),
        (!args.grants.is_empty(), "--grant"),
        (!args.actions.is_empty(), "--action"),
        (a.principal_org.is_some(), "--principal-org"),
        (a.source_arn.is_some(), "--source-arn"),
        (a.document.is_some(), "--document"),
        (a.registry.is_some(), "--registry"),
        (a.cache_prefix.is_some(), "--cache-prefix"),
        (a.from_error.is_some(), "--from-error"),
    ]
    .into_iter()
    .filter_map(|(set, name)| set.then_some(name))
    .collect()
}

/// Runs `generate --from-cloudtrail`.
pub fn run(spec: &SpecArgs, args: &GenerateArgs) -> ExitCode {
    let trail = &args.trail;
    let conflicts = hand_flags(spec, args);
    if !conflicts.is_empty() {
        say!(
            "error: {} cannot go with --from-cloudtrail: the policy is written from the calls \
             in the logs; edit it afterwards with --from FILE",
            conflicts.join(", ")
        );
        return ExitCode::from(EXIT_INPUT);
    }
    if trail.per_principal && args.access.principal.is_some() {
        say!("error: --per-principal writes every caller's policy; drop --principal");
        return ExitCode::from(EXIT_INPUT);
    }
    if trail.per_principal && args.output.is_none() {
        say!(
            "error: --per-principal needs --output DIR: each caller's policy is saved there \
             as ACCOUNT-role-NAME.EXT"
        );
        return ExitCode::from(EXIT_INPUT);
    }
    if let Err(errors) = args.output_options() {
        return report_input_errors(&errors);
    }
    let window = match trail.window.window() {
        Ok(w) => w,
        Err(code) => return code,
    };
    let report = read(&trail.from_cloudtrail, &window);
    if let Err(code) = report_reading(&report, &window) {
        return code;
    }
    let seen = report.usage.callers();
    if trail.per_principal {
        return per_principal(&report, args);
    }
    let caller = match choose(args.access.principal.as_deref(), &seen) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let least = least_privilege(&report.usage, caller);
    report_least(&least);
    if least.is_empty() {
        say!(
            "error: no successful ECR call by {}: nothing to grant",
            visible(caller)
        );
        return ExitCode::from(EXIT_INPUT);
    }
    match identity_text(&least.policy, args) {
        Ok((text, warnings)) => finish(args, &text, warnings),
        Err(code) => code,
    }
}

/// The caller named, or the only one seen; otherwise the exit code once the reason is printed.
fn choose<'a>(
    given: Option<&str>,
    seen: &std::collections::BTreeSet<&'a str>,
) -> Result<&'a str, ExitCode> {
    match given {
        Some(g) => find_caller(g, seen).map_err(|e| {
            say!("error: --principal {} {e}", visible(g));
            ExitCode::from(EXIT_INPUT)
        }),
        None => match seen.iter().next() {
            Some(only) if seen.len() == 1 => {
                say!("note: one caller in the logs: {}", visible(only));
                Ok(only)
            }
            None => {
                say!("error: no ECR call by a role or user in the logs read");
                Err(ExitCode::from(EXIT_INPUT))
            }
            Some(_) => {
                let list: Vec<String> = seen
                    .iter()
                    .take(20)
                    .map(|c| visible(c).into_owned())
                    .collect();
                say!(
                    "error: the logs hold calls by {} callers; pick one with --principal ARN, \
                     or write one policy each with --per-principal --output DIR: {}",
                    seen.len(),
                    list.join(", ")
                );
                Err(ExitCode::from(EXIT_INPUT))
            }
        },
    }
}

/// `ACCOUNT-role-NAME` for a role or user ARN (path segments joined with `-`); only characters
/// IAM names allow.
pub fn file_stem(caller: &str) -> String {
    let parts: Vec<&str> = caller.splitn(6, ':').collect();
    let stem = match parts[..] {
        [_, _, _, _, account, rest] => format!("{account}-{}", rest.replace('/', "-")),
        _ => caller.to_string(),
    };
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "+=,.@_-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn per_principal(report: &ReadReport, args: &GenerateArgs) -> ExitCode {
    let Some(dir) = &args.output else {
        return ExitCode::from(EXIT_INPUT);
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        say!("error: {}: {e}", dir.display());
        return ExitCode::from(EXIT_IO);
    }
    let mut code = ExitCode::SUCCESS;
    let mut written = 0;
    for least in least_privilege_each(&report.usage) {
        let caller = least.caller.as_str();
        report_least(&least);
        if least.is_empty() {
            say!("note: {}: no successful call, no policy", visible(caller));
            continue;
        }
        let (text, warnings) = match identity_text(&least.policy, args) {
            Ok(t) => t,
            Err(c) => return c,
        };
        let path =
            Path::new(dir).join(format!("{}.{}", file_stem(caller), args.format.extension()));
        let mode = if args.force {
            Overwrite::Replace
        } else {
            Overwrite::Never
        };
        match write_atomic(&path, text.as_bytes(), mode) {
            Ok(abs) => {
                written += 1;
                say!("saved to {abs}");
            }
            Err(SaveError::Exists(p)) => {
                say!(
                    "error: {} already exists; pass --force to replace it",
                    p.display()
                );
                code = ExitCode::from(EXIT_IO);
            }
            Err(e) => {
                say!("error: {e}");
                code = ExitCode::from(EXIT_IO);
            }
        }
        if args.strict && warnings > 0 && code == ExitCode::SUCCESS {
            code = ExitCode::from(super::generate::EXIT_STRICT);
        }
    }
    if written == 0 && code == ExitCode::SUCCESS {
        say!("error: no caller made a successful ECR call: no policy written");
        return ExitCode::from(EXIT_INPUT);
    }
    code
}

/// For the wizard: the least-privilege policy of the logs, imported as `--from` would import
/// it; `None` without `--from-cloudtrail`.
pub fn wizard_import(
    args: &WizardTrailArgs,
    narrowing: &Narrowing,
) -> Result<Option<(Imported, String)>, ExitCode> {
    if args.from_cloudtrail.is_empty() {
        args.window.without_logs("--from-cloudtrail")?;
        return Ok(None);
    }
    let window = args.window.window()?;
    let report = read(&args.from_cloudtrail, &window);
    report_reading(&report, &window)?;
    let seen = report.usage.callers();
    let caller = choose(args.principal.as_deref(), &seen)?;
    let least = least_privilege(&report.usage, caller);
    report_least(&least);
    if least.is_empty() {
        say!(
            "error: no successful ECR call by {}: nothing to open",
            visible(caller)
        );
        return Err(ExitCode::from(EXIT_INPUT));
    }
    let text = render_policy(&least.policy, JsonStyle::Pretty);
    let doc = parse_document(&text).map_err(|e| {
        say!("error: the policy written from the logs could not be read back: {e}");
        ExitCode::from(EXIT_INPUT)
    })?;
    Ok(Some((
        import_with(&doc, narrowing, false),
        format!("CloudTrail calls of {}", visible(caller)),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_keep_iam_characters_only() {
        assert_eq!(
            file_stem("arn:aws:iam::111122223333:role/deploy/ci"),
            "111122223333-role-deploy-ci"
        );
        assert_eq!(
            file_stem("arn:aws:iam::111122223333:user/a b"),
            "111122223333-user-a_b"
        );
    }
}
