//! Hostile content through every format: quotes, backslashes, command substitution, history
//! expansion, HCL template sequences, control characters and line breaks must come out as the
//! very same strings, and nothing in them may run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::formats as formats_support;

use ecr_policy::policy::emit::format::{Format, Meta, PolicyName, render_document};
use ecr_policy::policy::emit::render::{Policy, Statement};
use ecr_policy::policy::spec::catalog::find_action;
use formats_support::{assert_every_format_carries, cli_args, flag_value, shells};

/// Strings that break naive quoting in at least one of HCL, YAML, sh, bash or zsh.
const NASTY: &[&str] = &[
    "it's",
    "'\\''",
    "\"double\" and \\\"escaped\\\"",
    "back\\slash\\",
    "$(touch PWNED)",
    "`touch PWNED`",
    "${HOME} $HOME %{ if true }x%{ endif } $${ %%{ $$${",
    "!! !$ !-1 ^a^b",
    "line1\nline2\r\nline3",
    "tab\there\u{0}nul\u{1}soh\u{8}bs\u{c}ff\u{1b}[31mesc",
    "\u{7f}del\u{85}nel\u{a0}nbsp\u{2028}ls\u{2029}ps\u{feff}bom",
    "Zürich 日本 🦀 e\u{301}",
    "-leading-dash",
    "--policy-name",
    "# not a comment",
    "; touch PWNED; echo",
    "&& touch PWNED || |cat > PWNED",
    "* ? [a-z] ~ ~root {a,b} =cmd",
    "- item: [x]\n  key: {y}",
    "null",
    "",
    " ",
    "end with backslash\\",
];

fn nasty_policy() -> Policy {
    let action = find_action("ListImages").unwrap();
    let statements = NASTY
        .iter()
        .map(|s| Statement {
            sid: (*s).into(),
            actions: vec![action],
            resources: vec![(*s).to_string(), format!("arn:aws:ecr:*:1:repository/{s}")],
            condition: vec![
                (format!("ecr:ResourceTag/{s}"), (*s).to_string()),
                ((*s).to_string(), format!("v{s}")),
            ],
        })
        .collect();
    Policy {
        statements,
        signing: None,
        kept: Vec::new(),
    }
}

#[test]
fn hostile_strings_survive_every_format() {
    let before = std::env::current_dir().unwrap();
    // The shells run in the test's working directory: make sure nothing appears there either.
    assert!(!before.join("PWNED").exists());
    assert_every_format_carries(&nasty_policy(), &PolicyName::parse("n").unwrap());
    assert!(
        !before.join("PWNED").exists(),
        "a command in the content ran"
    );
}

#[test]
fn each_hostile_string_alone_survives() {
    let action = find_action("ListImages").unwrap();
    for s in NASTY {
        let policy = Policy {
            statements: vec![Statement {
                sid: "Probe".into(),
                actions: vec![action],
                resources: vec![(*s).to_string()],
                condition: vec![((*s).to_string(), (*s).to_string())],
            }],
            signing: None,
            kept: Vec::new(),
        };
        assert_every_format_carries(&policy, &PolicyName::default());
    }
}

#[test]
fn hostile_descriptions_cannot_escape_the_comment_or_the_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("PWNED");
    let evil = format!(
        "x\ntouch {m}\n'; touch {m}; echo '\r\u{2028}$(touch {m}) `touch {m}` !!",
        m = marker.display()
    );
    let meta = Meta {
        name: PolicyName::parse("-starts-with-dash").unwrap(),
        description: evil.clone(),
        cli_region: Some(format!("cn-north-1\n'; touch {}; '", marker.display())),
    };
    let policy = nasty_policy();
    let text = render_document(&policy, Format::AwsCli, &meta);
    for shell in shells() {
        let args = cli_args(shell, &text);
        assert_eq!(flag_value(&args, "--description"), evil, "{shell}");
        assert_eq!(flag_value(&args, "--policy-name"), "-starts-with-dash");
        assert!(args.contains(&"--policy-name=-starts-with-dash".to_string()));
        assert_eq!(
            flag_value(&args, "--region"),
            format!("cn-north-1\n'; touch {}; '", marker.display())
        );
        assert!(
            !marker.exists(),
            "{shell} ran a command from the description"
        );
    }
    let comments: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
    assert_eq!(comments.len(), 2, "{text}");

    for format in [Format::Terraform, Format::CloudFormation] {
        let text = render_document(&policy, format, &meta);
        let description = if format == Format::Terraform {
            let body = hcl::parse(&text).unwrap();
            let block = body.blocks().next().unwrap();
            let attr = block
                .body
                .attributes()
                .find(|a| a.key.as_str() == "description");
            let value =
                hcl::eval::Evaluate::evaluate(&attr.unwrap().expr, &hcl::eval::Context::new())
                    .unwrap();
            value.as_str().unwrap().to_string()
        } else {
            let doc: serde_norway::Value = serde_norway::from_str(&text).unwrap();
            let id = meta.name.logical_id();
            assert_eq!(doc["Description"].as_str(), Some(evil.as_str()));
            doc["Resources"][id.as_str()]["Properties"]["Description"]
                .as_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(description, evil, "{format}");
    }
}
