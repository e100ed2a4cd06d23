//! Parsing the command line with `--help` examples wrapped to the terminal: a command that does
//! not fit goes on after ` \`, so every example can be pasted into a shell as printed.

use std::process::ExitCode;

use clap::builder::Styles;
use clap::{CommandFactory, FromArgMatches};

use super::args::Cli;
use super::{EXIT_INPUT, EXIT_IO};
use crate::adapters::stdio::{self, OutError};
use crate::policy::visible::{is_hidden, visible};

/// Each group: a description, then its commands, one per entry, written on one line here.
const EXAMPLES: &[(&str, &[&str])] = &[
    (
        "Open the wizard, empty or with some answers filled in:",
        &[
            "ecr-policy",
            "ecr-policy --region eu-west-1 --account 123456789012 --repo my-app",
        ],
    ),
    (
        "Print a policy, or save it with --output:",
        &[
            "ecr-policy generate --region us-east-1 --account 123456789012 --repo my-app",
            "ecr-policy generate --region us-gov-west-1 --account 1234-5678-9012 \
             --repo team/api --repo team/worker --preset pull",
            "ecr-policy generate --preset push --action ecr:ListImages --output policy.json \
             --repo 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:v1",
            "ecr-policy generate --region '*' --partition aws-cn --account 123456789012 \
             --repo 'team/*' --preset pull",
            "ecr-policy generate --region us-east-1 --account 123456789012 --repo my-app \
             --format terraform --name ci-push --output ecr.tf",
        ],
    ),
    (
        "Start from who uses it (its identity, then trust policy):",
        &[
            "ecr-policy generate --recipe github-actions-push --region us-east-1 --account \
             123456789012 --repo my-app --github-repo octo-org/octo-repo",
            "ecr-policy generate --recipe github-actions-push --region us-east-1 --account \
             123456789012 --repo my-app --github-repo octo-org/octo-repo --document trust",
        ],
    ),
    (
        "List the recipes, the regions and the actions:",
        &[
            "ecr-policy recipes",
            "ecr-policy regions --json",
            "ecr-policy actions",
        ],
    ),
];

/// Indent of a command, and of the lines that continue one.
const INDENT: &str = "    ";
const CONTINUED: &str = "        ";

/// The examples section for a screen `width` columns wide. Lines stay shorter than `width`
/// (so clap never wraps them itself) unless a single flag and value are longer.
pub fn examples(width: usize) -> String {
    let mut out = String::from("Examples:");
    for (description, commands) in EXAMPLES {
        out.push_str("\n  ");
        out.push_str(description);
        for command in *commands {
            out.push('\n');
            out.push_str(&wrap_command(command, width));
        }
    }
    out
}

/// A command over as many lines as it needs, each but the last ending in ` \`; a flag and
/// its value stay on one line.
fn wrap_command(command: &str, width: usize) -> String {
    let mut groups: Vec<String> = Vec::new();
    for word in command.split(' ') {
        match groups.last_mut() {
            Some(last)
                if last.starts_with('-') && !last.contains(' ') && !word.starts_with('-') =>
            {
                last.push(' ');
                last.push_str(word);
            }
            _ => groups.push(word.to_string()),
        }
    }
    // A flag and value too long for any line go on separate lines after all.
    let groups = groups.into_iter().flat_map(|g| {
        if CONTINUED.len() + g.len() + 2 >= width {
            g.split(' ').map(str::to_string).collect()
        } else {
            vec![g]
        }
    });
    let mut lines = vec![INDENT.to_string()];
    for group in groups {
        let Some(line) = lines.last_mut() else { break };
        let fresh = line.trim().is_empty();
        // Room for the group, and for ` \` should the command go on.
        if !fresh && line.len() + 1 + group.len() + 2 >= width {
            lines.push(format!("{CONTINUED}{group}"));
        } else {
            if !fresh {
                line.push(' ');
            }
            line.push_str(&group);
        }
    }
    lines.join(" \\\n")
}

/// The command-line definition with the examples wrapped to `width` columns.
pub fn command(width: usize) -> clap::Command {
    let text = examples(width);
    Cli::command()
        .term_width(width)
        .after_help(text.clone())
        .mut_subcommand("generate", |c| c.after_help(text))
}

/// The width clap would wrap help to: the terminal's, else `COLUMNS`, else 100.
fn help_width() -> usize {
    terminal_size::terminal_size()
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(100)
}

/// Parses the process arguments; for help, the version or a usage error, prints it as clap
/// does and returns the exit code instead (clap's own `exit` ignores a failed write).
pub fn parse() -> Result<Cli, ExitCode> {
    // A usage error quotes the arguments as typed. When one holds a hidden character, clap
    // styles nothing, so its error can go through the sanitiser without its colour codes
    // becoming escapes too (and without clap's stripping of escape codes eating the value).
    let hidden: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .filter(|a| a.chars().any(is_hidden))
        .collect();
    let mut command = command(help_width());
    if !hidden.is_empty() {
        command = command.styles(Styles::plain());
    }
    command
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
        .map_err(|e| print_clap(&e, &hidden))
}

/// Prints clap's help, version or usage error and returns the exit code: clap's (0 or 2) when
/// written, else that of [`super::output`]. When arguments hold a hidden character (`hidden`,
/// and clap styled nothing), a usage error goes to standard error through the sanitiser like
/// every message; clap prints anything else itself, in colour on a terminal, as it holds
/// nothing hidden.
fn print_clap(e: &clap::Error, hidden: &[String]) -> ExitCode {
    let code = u8::try_from(e.exit_code()).unwrap_or(EXIT_INPUT);
    if e.use_stderr() {
        // Already a failure: a standard error that fails too changes nothing.
        if hidden.is_empty() {
            let _ = e.print();
        } else {
            stdio::say_text(&quoting_visibly(&e.render().ansi().to_string(), hidden));
        }
        return ExitCode::from(code);
    }
    // clap's own write, then an empty one that flushes it and says what became of both.
    let written = e
        .print()
        .map_err(OutError::from_io)
        .and_then(|()| stdio::write_out(&[]));
    match super::exit_after(written, EXIT_IO) {
        0 => ExitCode::from(code),
        failed => ExitCode::from(failed),
    }
}

/// clap's plain error text with each argument in `hidden` (and a flag's name before its `=`,
/// which clap quotes alone) shown with `visible`, so a line break in a value cannot forge a
/// line; the sanitiser then escapes whatever else is hidden.
fn quoting_visibly(rendered: &str, hidden: &[String]) -> String {
    let mut pieces: Vec<&str> = hidden
        .iter()
        .flat_map(|a| [Some(a.as_str()), a.split_once('=').map(|(name, _)| name)])
        .flatten()
        .filter(|p| p.chars().any(is_hidden))
        .collect();
    // Longest first: a flag's name is the start of the whole argument.
    pieces.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let mut text = rendered.to_string();
    for p in pieces {
        text = text.replace(p, &visible(p));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_argument_with_a_line_break_stays_on_its_line() {
        let value = "app\nerror: forged".to_string();
        let flag = "--x\u{202e}y=a\nb".to_string();
        let rendered = format!(
            "error: unexpected argument '{value}' found\n\nerror: unexpected argument '--x\u{202e}y' \
             found\n"
        );
        let shown = quoting_visibly(&rendered, &[value, flag]);
        assert_eq!(
            shown,
            "error: unexpected argument 'app\\nerror: forged' found\n\nerror: unexpected argument \
             '--x\\u202ey' found\n"
        );
    }

    #[test]
    fn commands_wrap_between_flags_with_a_backslash() {
        let text = wrap_command(
            "ecr-policy generate --region us-east-1 --account 123456789012 --repo my-app",
            50,
        );
        assert_eq!(
            text,
            "    ecr-policy generate --region us-east-1 \\\n        \
             --account 123456789012 --repo my-app"
        );
        for width in [60, 64, 80, 100, 200] {
            for line in examples(width).lines() {
                assert!(line.len() < width, "{width}: {line}");
            }
        }
    }
}
