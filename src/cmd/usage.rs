//! `check PATH… --usage LOGS…`: the usual checks, plus how each policy compares with the calls
//! its principal made in `CloudTrail` logs (`unused-access`, `used-but-not-granted`), and in text
//! the `diff` between the policy and the least-privilege policy of those calls.

use std::fmt::Write as _;
use std::io::Read;

use clap::Args;

use crate::say;

use super::args::{CheckArgs, MinSeverity, ReportFormat};
use super::check::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE};
use super::check_paths::{policies_in, relative_uri};
use super::check_report::{json_report, text_report, unreadable_lines};
use super::trail::{WindowArgs, read, report_least, report_reading};
use crate::policy::audit::lint::Severity;
use crate::policy::audit::located::{Audit, Located, Unreadable, check_found};
use crate::policy::audit::sarif::sarif_report;
use crate::policy::diff::diff;
use crate::policy::diff::words::sentences;
use crate::policy::emit::build::render_policy;
use crate::policy::trail::unused::usage_findings;
use crate::policy::trail::usage::find_caller;
use crate::policy::trail::{Window, least_privilege};
use crate::policy::visible::visible;
use crate::policy::{JsonStyle, parse_document};

/// `check`'s usage flags.
#[derive(Debug, Clone, Default, Args)]
pub struct UsageArgs {
    #[allow(clippy::doc_markdown)] // CloudTrail is a name in the help text
    /// Compare each policy with the ECR calls of its principal in these CloudTrail logs (as
    /// for generate --from-cloudtrail; put the policy PATHs first): unused-access notes for
    /// what was granted and not used, used-but-not-granted warnings for refused calls.
    #[arg(long = "usage", value_name = "LOGS", num_args = 1..)]
    pub logs: Vec<String>,
    /// With --usage: whose calls (role or user ARN; a session ARN means its role). Needed when
    /// the logs hold several callers.
    #[arg(long, value_name = "ARN", requires = "logs")]
    pub principal: Option<String>,
    #[command(flatten)]
    pub window: WindowArgs,
}

/// What to print on stdout and stderr (the reading notes go to stderr as they happen), and the
/// exit code.
pub fn run(args: &CheckArgs, stdin: &mut impl Read) -> (String, String, u8) {
    let u = &args.usage;
    let fail = |msg: String| (String::new(), msg, EXIT_UNREADABLE);
    if u.logs.iter().any(|l| l == "-") && args.paths.iter().any(|p| p == "-") {
        return fail("error: standard input cannot be both a policy and the logs\n".to_string());
    }
    let window = match Window::parse(u.window.since.as_deref(), u.window.until.as_deref()) {
        Ok(w) => w,
        Err(errors) => {
            let mut err = String::new();
            for e in errors {
                let _ = writeln!(err, "error: {e}");
            }
            return fail(err);
        }
    };
    let report = read(&u.logs, &window);
    if report_reading(&report, &window).is_err() {
        return (String::new(), String::new(), EXIT_UNREADABLE);
    }
    let seen = report.usage.callers();
    let caller = match choose_caller(u.principal.as_deref(), &seen) {
        Ok(c) => c,
        Err(msg) => return fail(msg),
    };
    say!("note: comparing with the calls of {}", visible(caller));
    let when = match (&u.window.since, &u.window.until, report.usage.span()) {
        (None, None, Some((first, last))) => {
            format!("in the logs read ({} to {})", visible(first), visible(last))
        }
        (None, None, None) => "in the logs read".to_string(),
        (since, until, _) => format!(
            "between {} and {}",
            since.as_deref().map_or("the first call", |s| s),
            until.as_deref().map_or("the last call", |s| s)
        ),
    };
    let least = least_privilege(&report.usage, caller);
    report_least(&least);
    let least_doc = parse_document(&render_policy(&least.policy, JsonStyle::Compact)).ok();
    let (audit, gaps) = compare(
        args,
        stdin,
        &report.usage,
        caller,
        &when,
        least_doc.as_ref(),
    );
    output(args, &audit, &gaps)
}

/// The caller named, or the only one seen; `Err` is the message.
fn choose_caller<'a>(
    given: Option<&str>,
    seen: &std::collections::BTreeSet<&'a str>,
) -> Result<&'a str, String> {
    match (given, seen.len()) {
        (Some(p), _) => {
            find_caller(p, seen).map_err(|e| format!("error: --principal {} {e}\n", visible(p)))
        }
        (None, 1) => Ok(seen.iter().next().copied().unwrap_or_default()),
        (None, n) => {
            let list: Vec<String> = seen
                .iter()
                .take(20)
                .map(|c| visible(c).into_owned())
                .collect();
            Err(format!(
                "error: the logs hold calls by {n} callers; name the policy's principal with \
                 --principal ARN{}{}\n",
                if list.is_empty() { "" } else { ": " },
                list.join(", ")
            ))
        }
    }
}

/// Every policy of every path checked and compared; the text of the `diff` explanations.
fn compare(
    args: &CheckArgs,
    stdin: &mut impl Read,
    usage: &crate::policy::trail::Usage,
    caller: &str,
    when: &str,
    least_doc: Option<&crate::policy::Document>,
) -> (Audit, String) {
    let mut audit = Audit::default();
    let mut gaps = String::new();
    for path in &args.paths {
        let name = if path == "-" {
            "<stdin>"
        } else {
            path.as_str()
        };
        let found = match policies_in(path, stdin) {
            Ok(f) => f,
            Err(message) => {
                audit.unreadable.push(Unreadable {
                    file: name.to_string(),
                    line: None,
                    column: None,
                    policy: None,
                    message,
                });
                continue;
            }
        };
        audit.files_read += 1;
        for p in &found {
            let mut located = match check_found(name, p) {
                Ok(l) => l,
                Err(e) => {
                    audit.unreadable.push(e);
                    continue;
                }
            };
            audit.policies += 1;
            let Ok(doc) = parse_document(&p.text) else {
                continue;
            };
            let file = p.file.clone().unwrap_or_else(|| name.to_string());
            for f in usage_findings(&doc, usage, caller, when) {
                located.push(Located {
                    file: file.clone(),
                    line: p.line_of(f.statement),
                    policy: p.policy.clone(),
                    code: f.code,
                    severity: f.severity,
                    statement: f.statement,
                    sid: f.sid,
                    value: f.value,
                    message: f.message,
                    fix: f.fix,
                });
            }
            audit.findings.extend(located);
            if let Some(least_doc) = least_doc {
                let label = p
                    .policy
                    .as_deref()
                    .map_or_else(|| file.clone(), |address| format!("{file} ({address})"));
                let change = diff(&doc, least_doc);
                let _ = writeln!(
                    gaps,
                    "\n{label} against the least-privilege policy of the calls seen \
                     (ecr-policy generate --from-cloudtrail …):"
                );
                if change.is_empty() {
                    gaps.push_str(
                        "  No change in permissions: the policy grants exactly what was used.\n",
                    );
                }
                for s in sentences(&change) {
                    let _ = writeln!(gaps, "  {s}");
                }
            }
        }
    }
    (audit, gaps)
}

/// The report in the format asked for, and the exit code.
fn output(args: &CheckArgs, audit: &Audit, gaps: &str) -> (String, String, u8) {
    let min = match args.min_severity {
        MinSeverity::Note => 2,
        MinSeverity::Warning => 1,
        MinSeverity::Error => 0,
    };
    let rank = |s: Severity| match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    };
    let shown_findings: Vec<&Located> = audit
        .findings
        .iter()
        .filter(|f| rank(f.severity) <= min)
        .collect();
    let code = if audit.files_read == 0 && !audit.unreadable.is_empty() {
        EXIT_UNREADABLE
    } else if !audit.unreadable.is_empty()
        || shown_findings.iter().any(|f| f.severity != Severity::Info)
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    let single = match args.paths.as_slice() {
        [one] if one == "-" => Some("<stdin>"),
        [one] => Some(one.as_str()),
        _ => None,
    };
    let (out, err) = match args.report_format() {
        ReportFormat::Text => {
            let mut out = text_report(audit, &shown_findings);
            out.push_str(gaps);
            (out, unreadable_lines(audit))
        }
        ReportFormat::Json => (
            json_report(single, audit, &shown_findings),
            unreadable_lines(audit),
        ),
        ReportFormat::Sarif => (
            sarif_report(&shown_findings, &relative_uri),
            unreadable_lines(audit),
        ),
    };
    (out, err, code)
}
