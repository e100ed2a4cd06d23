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
use crate::policy::diff::{Change, diff};
use crate::policy::import::document::{Document, parse_document};

/// Exit code when the policies could not be read.
pub const EXIT_UNREADABLE: u8 = 2;

/// Runs the subcommand; returns the exit code.
pub fn run(args: &DiffArgs) -> u8 {
    let (out, err, code) = report(args, &mut std::io::stdin().lock());
    let written = super::output(out.as_bytes(), EXIT_UNREADABLE);
    if !err.is_empty() {
        stdio::write_err(&err);
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
        load(name, args.policy.as_deref(), stdin).map_err(|e| format!("error: {name}: {e}\n"))
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
    let failed = match args.fail_on {
        Some(FailOn::NewAccess) => change.new_access(),
        None => !change.is_empty(),
    };
    let out = match args.format {
        DiffFormat::Text => text(&change),
        DiffFormat::Json => json(&change),
    };
    (out, String::new(), u8::from(failed))
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
    parse_document(&chosen.text).map_err(|e| e.to_string())
}

fn text(change: &Change) -> String {
    if change.is_empty() {
        return "No change in permissions.\n".to_string();
    }
    let mut out = String::new();
    for s in sentences(change) {
        let _ = writeln!(out, "{s}");
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
    serde_json::to_string_pretty(&body).unwrap_or_default() + "\n"
}
