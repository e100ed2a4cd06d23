//! How the binary fits a shell: completion scripts loaded by real bash and zsh, the man page
//! rendered by groff, `--help` examples that run as pasted, and `actions` in aligned columns.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;

fn stdout_of(args: &[&str], env: &[(&str, &str)]) -> String {
    let out = cargo_bin_cmd!("ecr-policy")
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Whether `program` runs; when it does not, fails under `CI=true`, otherwise prints a skip note.
fn have(program: &str, test: &str, install: &str) -> bool {
    if Command::new(program).arg("--version").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{program} not installed, and CI=true requires {test} to run: {install}"
    );
    eprintln!("\n*** SKIPPED {test}: {program} is not installed. Install with: {install} ***\n");
    false
}

/// A file in a fresh temporary folder holding `text`.
fn script(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs bash completion for `words` (the last one being completed) the way bash does: the
/// function `complete -p` names, called with the command, the current and the previous word.
/// Returns the candidates, sorted.
fn bash_complete(script: &Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{script}'\n\
         COMP_WORDS=({words})\n\
         COMP_CWORD={cword}\n\
         COMP_LINE={line:?}\n\
         COMP_POINT=${{#COMP_LINE}}\n\
         fn=$(complete -p ecr-policy | sed -E 's/.*-F ([^ ]+).*/\\1/')\n\
         \"$fn\" ecr-policy {cur} {prev}\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script = script.display(),
        words = quoted.join(" "),
        cword = words.len() - 1,
        line = words.join(" "),
        cur = quoted[words.len() - 1],
        prev = quoted[words.len() - 2],
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(program)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut found: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
        .collect();
    found.sort();
    found
}

#[test]
fn bash_completion_offers_region_codes_presets_formats_and_subcommands() {
    if !have("bash", "bash completion", "apt-get install -y bash") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        &dir,
        "ecr-policy.bash",
        &stdout_of(&["completions", "bash"], &[]),
    );
    assert_eq!(
        bash_complete(&path, &["ecr-policy", "generate", "--region", "eu-w"]),
        ["eu-west-1", "eu-west-2", "eu-west-3"]
    );
    assert_eq!(
        bash_complete(&path, &["ecr-policy", "--preset", "push-p"]),
        ["push-pull", "push-pull-list"]
    );
    assert_eq!(
        bash_complete(&path, &["ecr-policy", "generate", "--preset", "pull-t"]),
        ["pull-through-cache"]
    );
    assert_eq!(
        bash_complete(&path, &["ecr-policy", "generate", "--format", "c"]),
        ["cloudformation"]
    );
    assert_eq!(
        bash_complete(&path, &["ecr-policy", "generate", "--partition", "aws-i"]),
        ["aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f"]
    );
    let subcommands = bash_complete(&path, &["ecr-policy", ""]);
    for sub in [
        "generate",
        "regions",
        "actions",
        "check",
        "completions",
        "man",
        "diff",
        "explain",
    ] {
        assert!(
            subcommands.iter().any(|s| s == sub),
            "{sub} not in {subcommands:?}"
        );
    }
}

#[test]
fn bash_loads_completions_the_way_the_readme_says() {
    if !have(
        "bash",
        "the README completion check",
        "apt-get install -y bash",
    ) {
        return;
    }
    let bin = cargo_bin_cmd!("ecr-policy").get_program().to_owned();
    let dir = Path::new(&bin).parent().unwrap();
    let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap());
    let out = Command::new("bash")
        .arg("-c")
        .arg("source <(ecr-policy completions bash) && complete -p ecr-policy")
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("-F _ecr__policy ecr-policy"));
}

#[test]
fn zsh_completion_parses() {
    if !have("zsh", "the zsh completion check", "apt-get install -y zsh") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let text = stdout_of(&["completions", "zsh"], &[]);
    assert!(text.contains("eu-west-1"), "region codes are offered");
    let path = script(&dir, "_ecr-policy", &text);
    let out = Command::new("zsh").arg("-n").arg(&path).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_shell_gets_a_script_naming_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let text = stdout_of(&["completions", shell], &[]);
        for word in [
            "generate",
            "regions",
            "check",
            "region",
            "us-gov-west-1",
            "push-pull",
        ] {
            assert!(text.contains(word), "{shell} script lacks {word}");
        }
    }
    let out = cargo_bin_cmd!("ecr-policy")
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_page_renders_without_warnings_and_covers_every_subcommand() {
    let roff = stdout_of(&["man"], &[]);
    assert!(roff.contains("\n.TH ecr-policy 1 "), "{roff}");
    assert!(roff.is_ascii(), "troff reads it without preconv");
    if !have(
        "groff",
        "the man page check",
        "apt-get install -y groff-base",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = script(&dir, "ecr-policy.1", &roff);
    let out = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww"])
        .arg(&path)
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "groff warnings");
    // Bold comes out as overstrikes, hyphens as U+2010 or U+2212: compare the plain text.
    let plain = strip_overstrike(&String::from_utf8_lossy(&out.stdout))
        .replace(['\u{2010}', '\u{2212}'], "-");
    for needle in [
        "ecr-policy generate",
        "ecr-policy regions",
        "ecr-policy actions",
        "ecr-policy check",
        "ecr-policy completions",
        "ecr-policy man",
        "ecr-policy explain",
        "--who-can",
        "--region",
        "--output",
        "--force",
        "EXAMPLES",
    ] {
        assert!(plain.contains(needle), "man page lacks {needle}:\n{plain}");
    }
}

/// groff -Tutf8 draws bold as `c\bc` and underline as `_\bc`: keep the last of each pair.
fn strip_overstrike(text: &str) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if chars.peek() == Some(&'\u{8}') {
            chars.next();
            continue;
        }
        out.push(c);
    }
    out.into_iter().collect()
}

/// The example commands of `--help`, each with its continuation lines joined.
fn examples(help: &str) -> Vec<String> {
    let section = help
        .split_once("Examples:\n")
        .expect("an Examples section")
        .1;
    let mut commands = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        let text = line.trim();
        if text.is_empty() || text.ends_with(':') {
            continue; // a description
        }
        assert!(
            text.starts_with("ecr-policy"),
            "not a command or a description: {line:?}"
        );
        let mut command = text.to_string();
        while let Some(cut) = command.strip_suffix(" \\") {
            let next = lines.next().expect("a continuation line");
            assert!(
                next.starts_with("      "),
                "continuation is indented: {next:?}"
            );
            command = format!("{cut} {}", next.trim());
        }
        commands.push(command);
    }
    commands
}

#[test]
fn help_examples_run_as_pasted_at_any_common_width() {
    let bin = cargo_bin_cmd!("ecr-policy").get_program().to_owned();
    let bin_dir = Path::new(&bin).parent().unwrap().to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    for columns in ["64", "80", "100", "200"] {
        for args in [&["--help"][..], &["generate", "--help"][..]] {
            let help = stdout_of(args, &[("COLUMNS", columns)]);
            let width: usize = columns.parse().unwrap();
            let section = help.split_once("Examples:").unwrap().1;
            for line in section.lines() {
                assert!(line.len() < width, "wider than {width}: {line:?}");
            }
            let commands = examples(&help);
            assert!(commands.len() >= 8, "{help}");
            for command in commands {
                // The wizard needs a terminal; every other example runs here as written.
                if !["generate", "regions", "actions", "recipes"]
                    .iter()
                    .any(|s| command.contains(s))
                {
                    continue;
                }
                let dir = tempfile::tempdir().unwrap();
                let out = Command::new("bash")
                    .arg("-c")
                    .arg(&command)
                    .current_dir(dir.path())
                    .env("PATH", &path)
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{command}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
    }
}

#[test]
fn actions_columns_start_after_the_longest_action_name() {
    let text = stdout_of(&["actions"], &[]);
    let longest = text
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap().len())
        .max()
        .unwrap();
    assert!(
        longest > 40,
        "the longest name is wider than the old fixed column"
    );
    for line in text.lines() {
        let (name, rest) = line.split_at(longest);
        assert!(!name.trim_end().contains(' '), "{line}");
        assert!(
            rest.starts_with("  ") && !rest[2..].starts_with(' '),
            "{line}"
        );
    }
}
