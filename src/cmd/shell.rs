//! `ecr-policy completions SHELL` and `ecr-policy man`: both generated from the clap definition,
//! so every subcommand and flag (and the known values of `--region`, `--preset`, `--format` and
//! `--partition`) is covered without a list to keep in step.

use std::fmt::Write as _;
use std::io;
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, roman};

use super::EXIT_IO;
use super::args::Cli;
use crate::say;

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let name = cmd.get_name().to_string();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, name.as_str(), &mut out);
    if shell == Shell::Bash && name.contains('-') {
        // clap_complete spells the subcommand states of a hyphenated name two ways, so
        // nothing after a subcommand completes (clap-rs/clap#6421): use the loop's spelling.
        let text = String::from_utf8_lossy(&out)
            .replace(&name.replace('-', "__subcmd__"), &name.replace('-', "__"));
        return text.into_bytes();
    }
    out
}

/// The manual page in roff: the top-level synopsis and options, then one section per
/// subcommand with its own usage and options, then the examples.
pub fn man_page() -> io::Result<Vec<u8>> {
    // Man indents examples by about ten columns; 70 keeps them inside 80.
    let mut cmd = super::help::command(70);
    cmd.build();
    let top = Man::new(cmd.clone());
    let mut out = Vec::new();
    top.render_title(&mut out)?;
    // No hyphenation: command and flag names stay whole, so they can be searched and copied.
    out.extend_from_slice(b".nh\n");
    top.render_name_section(&mut out)?;
    top.render_synopsis_section(&mut out)?;
    top.render_description_section(&mut out)?;
    top.render_options_section(&mut out)?;
    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    roff.to_writer(&mut out)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        let name = format!("{} {}", cmd.get_name(), sub.get_name());
        let mut heading = Roff::new();
        heading.control("SS", [name.as_str()]);
        if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
            heading.text([roman(about.to_string())]);
        }
        heading.control("PP", []);
        heading.to_writer(&mut out)?;
        // The global options are described once, above.
        let own = sub
            .clone()
            .bin_name(&name)
            .mut_args(|a| if a.is_global_set() { a.hide(true) } else { a });
        let page = Man::new(own);
        let mut body = Vec::new();
        page.render_synopsis_section(&mut body)?;
        if sub
            .get_arguments()
            .any(|a| !a.is_global_set() && !a.is_hide_set())
        {
            page.render_options_section(&mut body)?;
        }
        out.extend(without_section_headings(&body));
    }
    if let Some(examples) = cmd.get_after_help() {
        let mut roff = Roff::new();
        roff.control("SH", ["EXAMPLES"]);
        roff.control("nf", []);
        for line in examples.to_string().lines().skip(1) {
            roff.text([roman(line)]);
        }
        roff.control("fi", []);
        roff.to_writer(&mut out)?;
    }
    top.render_version_section(&mut out)?;
    Ok(plain_roff(&String::from_utf8_lossy(&out)).into_bytes())
}

/// The page as ASCII that troff reads without `preconv`: the apostrophe setup that each
/// render call repeats kept once, and every other character as a `\[uXXXX]` escape.
fn plain_roff(page: &str) -> String {
    let setup = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";
    let first_end = page.find(setup).map_or(0, |i| i + setup.len());
    let (head, tail) = page.split_at(first_end);
    let mut out = String::with_capacity(page.len());
    for c in head.chars().chain(tail.replace(setup, "").chars()) {
        if c.is_ascii() {
            out.push(c);
        } else {
            let _ = write!(out, "\\[u{:04X}]", u32::from(c));
        }
    }
    out
}

/// Drops `.SH` lines: a subcommand's synopsis and options sit inside its own `.SS` heading.
fn without_section_headings(roff: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(roff.len());
    for line in roff.split_inclusive(|b| *b == b'\n') {
        if !line.starts_with(b".SH") {
            out.extend_from_slice(line);
        }
    }
    out
}

/// Writes generated text to standard output (see [`super::output`]); an error generating it
/// is reported the same way.
pub fn print_bytes(bytes: io::Result<Vec<u8>>) -> ExitCode {
    match bytes {
        Ok(b) => ExitCode::from(super::output(&b, EXIT_IO)),
        Err(e) => {
            say!("error: could not build the manual page: {e}");
            ExitCode::from(EXIT_IO)
        }
    }
}
