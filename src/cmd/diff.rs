//! `ecr-policy diff OLD NEW`: what a policy change grants and takes away, in plain sentences or
//! JSON; exit 0 no change, 1 changed (or, with `--fail-on new-access`, only when NEW allows
//! more), 2 unreadable.

use std::fmt::Write as _;
use std::io::Read;

use serde::Serialize;

use super::args::{DiffArgs, DiffFormat, FailOn};
use super::check_paths::policies_in;
use crate::adapters::stdio;
use crate::policy::diff::words::sentences;
use crate::policy::diff::{Change, diff, unlike_values};
use crate::policy::import::document::{Document, parse_document};
use crate::policy::visible::{Visible, report_json, visible_lines};

/// Exit code when the policies could not be read.
pub const EXIT_UNREADABLE: u8 = 2;

/// Runs the subcommand; returns the exit code.
pub fn run(args: &DiffArgs) -> u8 {
    let (out, err, code) = report(args, &mut std::io::stdin().lock());
    // Every format is text a terminal may show: the last guard escapes anything hidden (the
    // reports already show each value with `Visible`; the JSON ones escape it as `\uXXXX`).
    let written = super::output(visible_lines(&out).as_bytes(), EXIT_UNREADABLE);
    if !err.is_empty() {
        stdio::say_text(&err);
    }
    if written == 0 { code } else { written }
}

/// What to print on stdout and stderr, and the exit code.
pub fn report(args: &DiffArgs, stdin: &mut impl Read) -> (String, String, u8) {
    if args.old == "-" && args.new == "-" {
        let msg = "error: only one of OLD and NEW can be standard input\n";
        return (String::new(), msg.to_string(), EXIT_UNREADABLE);
    }
    let mut load = |name: &str| {
        load(name, args.policy.as_deref(), stdin)
            .map_err(|e| format!("error: {}: {}\n", Visible(name), Visible(&e)))
    };
    let old = match load(&args.old) {
        Ok(d) => d,
        Err(e) => return (String::new(), e, EXIT_UNREADABLE),
    };
    let new = match load(&args.new) {
        Ok(d) => d,
        Err(e) => return (String::new(), e, EXIT_UNREADABLE),
    };
    let change = diff(&old, &new);
    // What IAM reads otherwise than it looks is counted as granting nothing: said, never
    // trimmed into a grant.
    let mut err = String::new();
    for (which, doc) in [("OLD", &old), ("NEW", &new)] {
        for line in unlike_values(doc) {
            let _ = writeln!(err, "note: {which} {}", Visible(&line));
        }
    }
    let failed = match args.fail_on {
        Some(FailOn::NewAccess) => change.new_access(),
        None => !change.is_empty(),
    };
    let out = match args.format {
        DiffFormat::Text => text(&change),
        DiffFormat::Json => json(&change),
    };
    (out, err, u8::from(failed))
}

fn load(name: &str, policy: Option<&str>, stdin: &mut impl Read) -> Result<Document, String> {
    let found = policies_in(name, stdin)?;
    let names = || {
        found
            .iter()
            .filter_map(|p| p.policy.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    // --policy picks among several; a file with one policy is that policy.
    let chosen = match (policy, found.as_slice()) {
        (_, [one]) => one,
        (Some(address), _) => found
            .iter()
            .find(|p| p.policy.as_deref() == Some(address))
            .ok_or_else(|| format!("has no policy {address}; it has {}", names()))?,
        (None, _) => {
            return Err(format!(
                "holds {} policies; pick one with --policy ({})",
                found.len(),
                names()
            ));
        }
    };
    let doc = parse_document(&chosen.text).map_err(|e| e.to_string())?;
    // Which of two values of a key counts is up to the reader: no comparison can be trusted.
    match doc.duplicate_keys.first() {
        Some(d) => Err(format!("line {}: {}", d.line, d.message())),
        None => Ok(doc),
    }
}

fn text(change: &Change) -> String {
    if change.is_empty() {
        return "No change in permissions.\n".to_string();
    }
    let mut out = String::new();
    // Each sentence is one line built from the policies' values: shown with `Visible`.
    for s in sentences(change) {
        let _ = writeln!(out, "{}", Visible(&s));
    }
    let verdict = if change.new_access() {
        "NEW allows something OLD did not."
    } else {
        "NEW allows nothing that OLD did not."
    };
    let _ = writeln!(out, "{verdict}");
    out
}

#[derive(Serialize)]
struct JsonDiff<'a> {
    changed: bool,
    new_access: bool,
    sentences: Vec<String>,
    #[serde(flatten)]
    change: &'a Change,
}

fn json(change: &Change) -> String {
    let body = JsonDiff {
        changed: !change.is_empty(),
        new_access: change.new_access(),
        sentences: sentences(change),
        change,
    };
    report_json(&body)
}
