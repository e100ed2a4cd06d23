//! `ecr-policy check PATH…`: reads policies, runs the checks, prints them for people or as JSON,
//! and picks the exit code (0 clean, 1 findings, 2 unreadable input).

use std::fmt::Write as _;
use std::io::Read;

use serde::Serialize;

use crate::adapters::stdio;
use crate::cmd::args::CheckArgs;
use crate::policy::audit::check::{CheckFinding, check_text};
use crate::policy::audit::lint::Severity;
use crate::policy::import::document::DocError;
use crate::policy::visible::{Visible, report_json, visible_lines};

/// No error and no warning (notes allowed).
pub const EXIT_CLEAN: u8 = 0;
/// At least one error or warning.
pub const EXIT_FINDINGS: u8 = 1;
/// The input could not be read as a policy.
pub const EXIT_UNREADABLE: u8 = 2;

/// Runs the subcommand on the real file or standard input; returns the exit code.
pub fn run(args: &CheckArgs) -> u8 {
    if args.usage.logs.is_empty() && args.usage.window.is_set() {
        stdio::error("--since and --until bound the calls read with --usage; give it too");
        return EXIT_UNREADABLE;
    }
    let (out, err, code) = if args.usage.logs.is_empty() {
        super::check_paths::run(args, &mut std::io::stdin().lock())
    } else {
        super::usage::run(args, &mut std::io::stdin().lock())
    };
    // Every format is text a terminal may show: the last guard escapes anything hidden (the
    // reports already show each value with `Visible`; the JSON ones escape it as `\uXXXX`).
    let written = super::output(visible_lines(&out).as_bytes(), EXIT_UNREADABLE);
    if !err.is_empty() {
        stdio::say_text(&err);
    }
    if written == 0 { code } else { written }
}

/// The file's text (`-` reads `stdin`), or why it could not be read.
pub fn read_input(file: &str, stdin: &mut impl Read) -> Result<String, String> {
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        stdin
            .read_to_end(&mut buf)
            .map_err(|e| format!("could not read standard input: {e}"))?;
        buf
    } else {
        std::fs::read(file).map_err(|e| format!("could not read the file: {e}"))?
    };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not UTF-8 text (invalid byte at offset {}); save the policy as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

/// What to print on stdout and stderr, and the exit code.
pub fn report(file: &str, text: Result<&str, &String>, json: bool) -> (String, String, u8) {
    let name = if file == "-" { "<stdin>" } else { file };
    let failure = match text {
        Err(msg) => DocError {
            line: None,
            column: None,
            message: msg.clone(),
        },
        Ok(t) => match check_text(t) {
            Ok(findings) => {
                let code = if findings.iter().any(|f| f.severity != Severity::Info) {
                    EXIT_FINDINGS
                } else {
                    EXIT_CLEAN
                };
                let out = if json {
                    json_report(name, &findings)
                } else {
                    human_report(&findings)
                };
                return (out, String::new(), code);
            }
            Err(e) => e,
        },
    };
    if json {
        let body = JsonError {
            file: name,
            error: JsonErrorBody {
                message: &failure.message,
                line: failure.line,
                column: failure.column,
            },
        };
        (report_json(&body), String::new(), EXIT_UNREADABLE)
    } else {
        (
            String::new(),
            format!(
                "error: {}: {}\n",
                Visible(name),
                Visible(&failure.to_string())
            ),
            EXIT_UNREADABLE,
        )
    }
}

fn counts(findings: &[CheckFinding]) -> (usize, usize, usize) {
    let n = |s| findings.iter().filter(|f| f.severity == s).count();
    (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// One block per finding, then a summary line. Every value from the policy (Sid, value,
/// message, fix) is shown with `Visible`: one line, nothing hidden.
pub fn human_report(findings: &[CheckFinding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = write!(out, "{} [{}]", f.severity.label(), f.code);
        match (f.statement, &f.sid) {
            (Some(i), Some(sid)) => {
                let _ = write!(out, " statement {} (Sid {})", i + 1, Visible(sid));
            }
            (Some(i), None) => {
                let _ = write!(out, " statement {}", i + 1);
            }
            (None, _) => out.push_str(" policy"),
        }
        out.push('\n');
        if let Some(v) = &f.value {
            let _ = writeln!(out, "  value: {}", Visible(v));
        }
        let _ = writeln!(out, "  {}", Visible(&f.message));
        let _ = writeln!(out, "  fix: {}\n", Visible(&f.fix));
    }
    let (e, w, n) = counts(findings);
    let summary = format!(
        "{}, {}, {}",
        plural(e, "error"),
        plural(w, "warning"),
        plural(n, "note")
    );
    if e + w == 0 {
        let _ = writeln!(out, "No problems found ({summary}).");
    } else {
        let _ = writeln!(out, "{summary}");
    }
    out
}

/// One finding as the JSON reports write it (the located report adds where it is).
#[derive(Serialize)]
pub(super) struct JsonFinding<'a> {
    code: &'a str,
    severity: &'a str,
    /// 0-based index into `Statement`; null for the whole policy.
    statement: Option<usize>,
    sid: Option<&'a str>,
    value: Option<&'a str>,
    message: &'a str,
    fix: &'a str,
}

impl<'a> JsonFinding<'a> {
    pub(super) fn new(
        code: &'a str,
        severity: crate::policy::Severity,
        statement: Option<usize>,
        sid: Option<&'a str>,
        value: Option<&'a str>,
        message: &'a str,
        fix: &'a str,
    ) -> Self {
        JsonFinding {
            code,
            severity: severity.label(),
            statement,
            sid,
            value,
            message,
            fix,
        }
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    file: &'a str,
    findings: Vec<JsonFinding<'a>>,
    errors: usize,
    warnings: usize,
    notes: usize,
}

#[derive(Serialize)]
struct JsonError<'a> {
    file: &'a str,
    error: JsonErrorBody<'a>,
}

#[derive(Serialize)]
struct JsonErrorBody<'a> {
    message: &'a str,
    line: Option<usize>,
    column: Option<usize>,
}

/// `{"file", "findings": [...], "errors", "warnings", "notes"}`.
pub fn json_report(file: &str, findings: &[CheckFinding]) -> String {
    let (errors, warnings, notes) = counts(findings);
    let report = JsonReport {
        file,
        findings: findings
            .iter()
            .map(|f| {
                JsonFinding::new(
                    f.code,
                    f.severity,
                    f.statement,
                    f.sid.as_deref(),
                    f.value.as_deref(),
                    &f.message,
                    &f.fix,
                )
            })
            .collect(),
        errors,
        warnings,
        notes,
    };
    report_json(&report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN: &str = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "Login", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}
    ]}"#;

    #[test]
    fn dash_reads_the_given_reader_and_bad_utf8_is_refused() {
        let mut input: &[u8] = b"{}";
        assert_eq!(read_input("-", &mut input).unwrap(), "{}");
        let mut latin1: &[u8] = b"{\"a\": \"caf\xe9\"}";
        let e = read_input("-", &mut latin1).unwrap_err();
        assert!(e.contains("not UTF-8") && e.contains("offset 10"), "{e}");
    }

    #[test]
    fn exit_codes_follow_severity() {
        assert_eq!(report("p.json", Ok(CLEAN), false).2, EXIT_CLEAN);
        let notes_only = CLEAN.replace("2012-10-17", "2008-10-17");
        let (out, err, code) = report("p.json", Ok(&notes_only), false);
        assert_eq!(code, EXIT_CLEAN);
        assert!(err.is_empty());
        assert!(
            out.ends_with("No problems found (0 errors, 0 warnings, 1 note).\n"),
            "{out}"
        );
        let warning = CLEAN.replace("\"Version\": \"2012-10-17\", ", "");
        assert_eq!(report("p.json", Ok(&warning), false).2, EXIT_FINDINGS);
        let (out, err, code) = report("p.json", Err(&"could not read".to_string()), false);
        assert_eq!((out.as_str(), code), ("", EXIT_UNREADABLE));
        assert_eq!(err, "error: p.json: could not read\n");
    }

    #[test]
    fn summary_counts_use_singular_and_plural() {
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(plural(1, "warning"), "1 warning");
        assert_eq!(plural(2, "note"), "2 notes");
    }

    #[test]
    fn unreadable_json_report_names_stdin_and_position() {
        let (out, _, code) = report("-", Ok("{\n  \"Version\": 1,\n}"), true);
        assert_eq!(code, EXIT_UNREADABLE);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["file"], "<stdin>");
        assert_eq!(v["error"]["line"], 3);
        assert_eq!(v["error"]["column"], 1);
    }
}
