//! Parsing the command line with `--help` examples wrapped to the terminal: a command that does
//! not fit goes on after ` \`, so every example can be pasted into a shell as printed.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use super::args::Cli;
use super::{EXIT_INPUT, EXIT_IO};
use crate::adapters::stdio::EXIT_BROKEN_PIPE;
use crate::errln;

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
        "List the regions and the actions:",
        &["ecr-policy regions --json", "ecr-policy actions"],
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
    command(help_width())
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
        .map_err(|e| print_clap(&e))
}

/// Prints clap's help, version or usage error: its exit code when written (0 or 2), the
/// failure code when not (see [`super::output`]).
fn print_clap(e: &clap::Error) -> ExitCode {
    let code = u8::try_from(e.exit_code()).unwrap_or(EXIT_INPUT);
    let written = e.print().and_then(|()| {
        if e.use_stderr() {
            Ok(())
        } else {
            io::stdout().flush()
        }
    });
    match written {
        Ok(()) => ExitCode::from(code),
        Err(w) if w.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_BROKEN_PIPE),
        // A usage error is already a failure; the stream that would say more is the one gone.
        Err(_) if e.use_stderr() => ExitCode::from(code),
        Err(w) => {
            errln!("error: could not write to standard output: {w}");
            ExitCode::from(EXIT_IO)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
