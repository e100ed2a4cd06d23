//! What `check` prints for located findings: blocks for people (`file:line`, policy, statement)
//! or JSON for tools. Pure: the caller writes it.

use std::fmt::Write as _;

use serde::Serialize;

use crate::policy::audit::lint::Severity;
use crate::policy::audit::located::{Audit, Located, Unreadable};
use crate::policy::visible::{Visible, report_json};

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// (errors, warnings, notes).
pub fn counts(findings: &[Located]) -> (usize, usize, usize) {
    let n = |s| findings.iter().filter(|f| f.severity == s).count();
    (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}

/// Where a finding is, for its header line: `statement 2 (Sid Push) in aws_iam_policy.ci`.
fn place(f: &Located) -> String {
    let mut out = match (f.statement, &f.sid) {
        (Some(i), Some(sid)) => format!("statement {} (Sid {})", i + 1, Visible(sid)),
        (Some(i), None) => format!("statement {}", i + 1),
        (None, _) => "policy".to_string(),
    };
    if let Some(p) = &f.policy {
        if f.statement.is_some() {
            out.push_str(" in");
        }
        out.push(' ');
        out.push_str(&Visible(p).to_string());
    }
    out
}

/// One block per finding (`file:line: severity [code] where`), then a summary line. Every
/// value from the input (file name, address, Sid, value, message, fix) is shown with
/// `Visible`: one line, nothing hidden.
pub fn text_report(audit: &Audit, findings: &[&Located]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(
            out,
            "{}:{}: {} [{}] {}",
            Visible(&f.file),
            f.line,
            f.severity.label(),
            f.code,
            place(f)
        );
        if let Some(v) = &f.value {
            let _ = writeln!(out, "  value: {}", Visible(v));
        }
        let _ = writeln!(out, "  {}", Visible(&f.message));
        let _ = writeln!(out, "  fix: {}\n", Visible(&f.fix));
    }
    let shown: Vec<Located> = findings.iter().map(|f| (*f).clone()).collect();
    let (e, w, n) = counts(&shown);
    if audit.files_read > 1 || audit.policies != 1 {
        let _ = writeln!(
            out,
            "Checked {} in {}.",
            plural(audit.policies, "policy").replace("policys", "policies"),
            plural(audit.files_read, "file")
        );
    }
    let summary = format!(
        "{}, {}, {}",
        plural(e, "error"),
        plural(w, "warning"),
        plural(n, "note")
    );
    if e + w == 0 && audit.unreadable.is_empty() {
        let _ = writeln!(out, "No problems found ({summary}).");
    } else {
        let _ = writeln!(out, "{summary}");
    }
    out
}

/// The unreadable files and policies, one line each, for standard error.
pub fn unreadable_lines(audit: &Audit) -> String {
    let mut out = String::new();
    for u in &audit.unreadable {
        let at = match (u.line, u.column) {
            (Some(l), Some(c)) => format!("line {l}, column {c}: "),
            (Some(l), None) => format!("line {l}: "),
            _ => String::new(),
        };
        let policy = u
            .policy
            .as_deref()
            .map_or_else(String::new, |p| format!("{}: ", Visible(p)));
        let _ = writeln!(
            out,
            "error: {}: {policy}{at}{}",
            Visible(&u.file),
            Visible(&u.message)
        );
    }
    out
}

/// A finding with where it is: the plain report's fields, then file, line and policy.
#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(flatten)]
    finding: super::check::JsonFinding<'a>,
    file: &'a str,
    line: usize,
    policy: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    /// The one input, when a single path was given (as before several were accepted).
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    findings: Vec<JsonFinding<'a>>,
    errors: usize,
    warnings: usize,
    notes: usize,
    policies: usize,
    unreadable: &'a [Unreadable],
}

/// `{"findings": [...], "errors", "warnings", "notes", "policies", "unreadable": [...]}`.
pub fn json_report(single: Option<&str>, audit: &Audit, findings: &[&Located]) -> String {
    let shown: Vec<Located> = findings.iter().map(|f| (*f).clone()).collect();
    let (errors, warnings, notes) = counts(&shown);
    let report = JsonReport {
        file: single,
        findings: findings
            .iter()
            .map(|f| JsonFinding {
                finding: super::check::JsonFinding::new(
                    f.code,
                    f.severity,
                    f.statement,
                    f.sid.as_deref(),
                    f.value.as_deref(),
                    &f.message,
                    &f.fix,
                ),
                file: &f.file,
                line: f.line,
                policy: f.policy.as_deref(),
            })
            .collect(),
        errors,
        warnings,
        notes,
        policies: audit.policies,
        unreadable: &audit.unreadable,
    };
    report_json(&report)
}
