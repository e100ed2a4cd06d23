//! Nothing from an input reaches the terminal raw: every reader (policy JSON, Terraform,
//! `CloudFormation` JSON and YAML, account dumps, `--from`, `--from-error`, `diff`, file names) is
//! fed values holding each class of hidden character, and every output stream of every command
//! in every format is scanned for them. Text shows them as escapes (`\u001b`); JSON and SARIF
//! keep the values exact through their own `\uXXXX` escapes.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::{Value, json};

/// One value per class of character a terminal or a reader treats specially, each after a
/// visible letter so it can be found. `\r` and `\n` are followed by a forged line.
const CLASSES: [(&str, &str); 16] = [
    ("OSC 52 clipboard write", "\u{1b}]52;c;SGk=\u{7}"),
    ("CSI clear screen", "\u{1b}[2J"),
    ("OSC 8 hyperlink", "\u{1b}]8;;http://x\u{1b}\\"),
    ("C1 CSI", "\u{9b}31m"),
    ("DEL", "\u{7f}"),
    ("BEL", "\u{7}"),
    ("right-to-left override", "\u{202e}"),
    ("left-to-right embedding", "\u{202a}"),
    ("isolates", "\u{2066}\u{2069}"),
    ("zero-width space and joiner", "\u{200b}\u{200d}"),
    ("byte-order mark", "\u{feff}"),
    ("line and paragraph separators", "\u{2028}\u{2029}"),
    ("soft hyphen", "\u{ad}"),
    ("tag character", "\u{e0041}"),
    ("carriage return", "\rFORGED"),
    ("line feed", "\nFORGED"),
];

/// Every class in one value.
fn payload() -> String {
    let mut out = String::new();
    for (_, v) in CLASSES {
        out.push('v');
        out.push_str(v);
    }
    out
}

/// Hidden characters as this test defines them, independently of the product's own list.
fn is_raw_hidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || ('\u{200b}'..='\u{200f}').contains(&c)
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2060}'..='\u{206f}').contains(&c)
        || ('\u{e0000}'..='\u{e007f}').contains(&c)
        || matches!(c, '\u{ad}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Fails when `text` holds a hidden character raw or a line that a value forged.
fn assert_clean(what: &str, text: &str) {
    let raw: Vec<String> = text
        .chars()
        .filter(|c| is_raw_hidden(*c))
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    assert!(raw.is_empty(), "{what}: raw {raw:?} in:\n{text:?}");
    assert!(
        !text.lines().any(|l| l.starts_with("FORGED")),
        "{what}: a value forged a line:\n{text}"
    );
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = cargo_bin_cmd!("ecr-policy");
    cmd.current_dir(dir).args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// A policy with the payload in a Sid, an action, a resource, a condition key and value, next
/// to a statement that imports cleanly.
fn hostile_policy(p: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Login", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
            {
                "Sid": p,
                "Effect": "Allow",
                "Action": ["ecr:BatchGetImage", format!("ecr:{p}")],
                "Resource": format!("arn:aws:ecr:us-east-1:123456789012:repository/{p}"),
                "Condition": {"StringEquals": {format!("aws:{p}"): p}}
            }
        ]
    })
}

/// `s` as an HCL or YAML double-quoted string: every character outside printable ASCII as
/// `\uXXXX` or `\UXXXXXXXX`, which both read.
fn quoted_escaped(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            c if u32::from(c) <= 0xffff => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08X}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// The readers' files, each holding the payload in its own names and in the policy.
fn reader_files(dir: &Path, p: &str) -> Vec<(&'static str, PathBuf)> {
    let policy = hostile_policy(p);
    let mut files = Vec::new();
    let mut put = |kind: &'static str, name: &str, text: String| {
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        files.push((kind, path));
    };
    put("policy JSON", "policy.json", policy.to_string());
    let q = quoted_escaped(p);
    put(
        "Terraform",
        "main.tf",
        format!(
            "resource \"aws_iam_policy\" {} {{\n  name = {q}\n  policy = jsonencode({{\n    \
             Version = \"2012-10-17\"\n    Statement = [{{\n      Sid = {q}\n      Effect = \
             \"Allow\"\n      Action = [\"ecr:BatchGetImage\", {}]\n      Resource = {}\n    \
             }}]\n  }})\n}}\n",
            quoted_escaped(&format!("x{p}")),
            quoted_escaped(&format!("ecr:{p}")),
            quoted_escaped(&format!(
                "arn:aws:ecr:us-east-1:123456789012:repository/{p}"
            )),
        ),
    );
    let mut resources = serde_json::Map::new();
    resources.insert(
        format!("Logical{p}"),
        json!({"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": policy}}),
    );
    put(
        "CloudFormation JSON",
        "template.json",
        json!({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}).to_string(),
    );
    put(
        "CloudFormation YAML",
        "template.yaml",
        format!(
            "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  {}:\n    Type: \
             AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        \
             Version: '2012-10-17'\n        Statement:\n          - Sid: {q}\n            \
             Effect: Allow\n            Action: [ecr:BatchGetImage, {}]\n            \
             Resource: {}\n",
            quoted_escaped(&format!("Logical{p}")),
            quoted_escaped(&format!("ecr:{p}")),
            quoted_escaped(&format!(
                "arn:aws:ecr:us-east-1:123456789012:repository/{p}"
            )),
        ),
    );
    put(
        "account dump",
        "account.json",
        json!({
            "UserDetailList": [],
            "GroupDetailList": [],
            "RoleDetailList": [{
                "RoleName": format!("role{p}"),
                "RolePolicyList": [{"PolicyName": format!("inline{p}"), "PolicyDocument": policy}]
            }],
            "Policies": []
        })
        .to_string(),
    );
    files
}

/// What every JSON output must be: valid JSON holding nothing raw.
fn json_output(what: &str, text: &str) -> Value {
    assert_clean(what, text);
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}:\n{text}"))
}

/// Every string in a JSON value.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|i| strings(i, out)),
        Value::Object(m) => m.iter().for_each(|(k, i)| {
            out.push(k.clone());
            strings(i, out);
        }),
        _ => {}
    }
}

#[test]
fn check_and_diff_show_every_hidden_character_of_every_reader_as_an_escape() {
    let dir = tempfile::tempdir().unwrap();
    let p = payload();
    let clean = dir.path().join("clean.json");
    fs::write(
        &clean,
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}
        ]})
        .to_string(),
    )
    .unwrap();
    let clean = clean.display().to_string();
    for (kind, path) in reader_files(dir.path(), &p) {
        let file = path.display().to_string();
        let text = run(dir.path(), &["check", &file], None);
        assert_clean(&format!("{kind}: check stdout"), &text.stdout);
        assert_clean(&format!("{kind}: check stderr"), &text.stderr);
        assert_eq!(text.code, 1, "{kind}: {}{}", text.stdout, text.stderr);
        // The values are shown, as escapes, not dropped.
        assert!(
            text.stdout.contains("v\\u001b]52;c;SGk=\\u0007")
                && text.stdout.contains("\\u202e")
                && text.stdout.contains("v\\rFORGED"),
            "{kind}: {}",
            text.stdout
        );

        let as_json = run(dir.path(), &["check", "--format", "json", &file], None);
        let report = json_output(&format!("{kind}: check --format json"), &as_json.stdout);
        assert_clean(
            &format!("{kind}: check --format json stderr"),
            &as_json.stderr,
        );
        let mut all = Vec::new();
        strings(&report, &mut all);
        assert!(
            all.iter().any(|s| s.contains(&p)),
            "{kind}: the JSON report keeps the values exact: {all:?}"
        );

        let sarif = run(dir.path(), &["check", "--format", "sarif", &file], None);
        json_output(&format!("{kind}: check --format sarif"), &sarif.stdout);
        assert_clean(
            &format!("{kind}: check --format sarif stderr"),
            &sarif.stderr,
        );

        for format in ["text", "json"] {
            let d = run(
                dir.path(),
                &["diff", &clean, &file, "--format", format],
                None,
            );
            assert_clean(&format!("{kind}: diff {format} stdout"), &d.stdout);
            assert_clean(&format!("{kind}: diff {format} stderr"), &d.stderr);
            // The padded and hidden-character values name nothing: said on stderr.
            assert!(
                d.code < 2,
                "{kind}: diff {format}: {}{}",
                d.stdout,
                d.stderr
            );
            assert!(
                d.stderr.contains(": Action \"ecr:v\\u001b"),
                "{kind}: diff {format}: {}",
                d.stderr
            );
            if format == "json" {
                json_output(&format!("{kind}: diff json"), &d.stdout);
            }
        }
    }
}

#[test]
fn generate_from_notes_and_the_wizard_flags_show_hidden_characters_as_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let p = payload();
    let path = dir.path().join("policy.json");
    fs::write(&path, hostile_policy(&p).to_string()).unwrap();
    let file = path.display().to_string();
    for extra in [&[][..], &["--format", "terraform"][..], &["--fix"][..]] {
        let mut args = vec!["generate", "--from", &file];
        args.extend_from_slice(extra);
        let g = run(dir.path(), &args, None);
        assert_eq!(g.code, 0, "{extra:?}: {}", g.stderr);
        assert_clean(&format!("generate --from {extra:?} stderr"), &g.stderr);
        assert!(g.stderr.contains("\\u202e"), "{}", g.stderr);
    }
    // Standard input, and a file whose every statement is refused (the error path).
    let only_bad = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": p, "Effect": "Allow", "Action": format!("ecr:{p}"), "Resource": "*"}
    ]})
    .to_string();
    let g = run(dir.path(), &["generate", "--from", "-"], Some(&only_bad));
    assert_eq!(g.code, 2, "{}", g.stderr);
    assert_clean("generate --from - (nothing produced) stderr", &g.stderr);
    assert_clean("generate --from - (nothing produced) stdout", &g.stdout);
    assert!(g.stderr.contains("ecr:v\\u001b"), "{}", g.stderr);
    // Values of flags that are refused are quoted in the error.
    for args in [
        &["generate", "--region", &p, "--account", "123456789012"][..],
        &["generate", "--region", "us-east-1", "--account", &p][..],
        &[
            "generate",
            "--region",
            "us-east-1",
            "--account",
            "123456789012",
            "--repo",
            "app",
            "--principal",
            &p,
            "--document",
            "repository",
        ][..],
        &[
            "generate",
            "--region",
            "us-east-1",
            "--account",
            "123456789012",
            "--repo",
            "app",
            "--principal-org",
            &p,
        ][..],
        &["generate", "--registry", "public", "--account", &p][..],
    ] {
        let g = run(dir.path(), args, None);
        assert_eq!(g.code, 2, "{args:?}: {}", g.stderr);
        assert_clean(&format!("{args:?} stderr"), &g.stderr);
        assert!(g.stderr.contains("\\u202e"), "{args:?}: {}", g.stderr);
    }
}

#[test]
fn from_error_explanations_show_hidden_characters_as_escapes() {
    let dir = tempfile::tempdir().unwrap();
    // One class at a time: white space ends an ARN, and a line break ends the message (then
    // it is not understood, and only has to stay clean).
    for (class, value) in CLASSES {
        let echoed = !value.contains(['\n', '\r', ' ', '\u{2028}', '\u{2029}']);
        let messages = [
            // A fix is written: the diagnosis and notes go to stderr.
            format!(
                "User: arn:aws:sts::222233334444:assumed-role/ci/s{value} is not authorized to \
                 perform: ecr:BatchGetImage on resource: \
                 arn:aws:ecr:us-east-1:123456789012:repository/app{value} because no \
                 identity-based policy allows the ecr:BatchGetImage action"
            ),
            // Only an explanation: printed on stdout.
            format!(
                "User: arn:aws:iam::222233334444:user/u{value} is not authorized to perform: \
                 ecr:BatchGetImage on resource: \
                 arn:aws:ecr:us-east-1:123456789012:repository/app{value} with an explicit \
                 deny in a service control policy"
            ),
        ];
        for m in &messages {
            for stdin in [None, Some(m.as_str())] {
                let args: Vec<&str> = match stdin {
                    None => vec!["generate", "--from-error", m],
                    Some(_) => vec!["generate", "--from-error", "-"],
                };
                let g = run(dir.path(), &args, stdin);
                assert_clean(&format!("{class}: --from-error stdout"), &g.stdout);
                assert_clean(&format!("{class}: --from-error stderr"), &g.stderr);
                let both = format!("{}{}", g.stdout, g.stderr);
                assert!(
                    !echoed || both.contains("\\u"),
                    "{class}: the value is shown as an escape: {both}"
                );
            }
        }
    }
}

#[test]
fn file_names_are_shown_with_their_hidden_characters_escaped() {
    let dir = tempfile::tempdir().unwrap();
    // A file name holds anything but `/` and NUL.
    let p = payload().replace('/', "_");
    let bad_name = format!("f{p}.json");
    let good_name = format!("g{p}.json");
    fs::write(dir.path().join(&bad_name), "{\"Version\": ").unwrap();
    fs::write(
        dir.path().join(&good_name),
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "ecr:BatchGetImage", "Resource": "*"}
        ]})
        .to_string(),
    )
    .unwrap();
    let missing = format!("m{p}.json");
    let empty_dir = format!("d{p}");
    fs::create_dir(dir.path().join(&empty_dir)).unwrap();
    let runs = [
        vec!["check".to_string(), ".".to_string()],
        vec!["check".to_string(), bad_name.clone()],
        vec!["check".to_string(), missing.clone()],
        vec!["check".to_string(), empty_dir.clone()],
        vec![
            "check".to_string(),
            "--exclude".into(),
            format!("[{p}"),
            ".".into(),
        ],
        vec![
            "check".to_string(),
            "--format".into(),
            "sarif".into(),
            ".".into(),
        ],
        vec![
            "check".to_string(),
            "--format".into(),
            "json".into(),
            ".".into(),
        ],
        vec!["diff".to_string(), bad_name.clone(), good_name.clone()],
        vec!["diff".to_string(), missing.clone(), good_name.clone()],
        vec!["generate".to_string(), "--from".into(), bad_name.clone()],
        vec!["generate".to_string(), "--from".into(), missing.clone()],
        vec![
            "generate".to_string(),
            "--from".into(),
            good_name.clone(),
            "--principal".into(),
            "222233334444".into(),
        ],
    ];
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = run(dir.path(), &args, None);
        assert_clean(&format!("{args:?} stdout"), &r.stdout);
        assert_clean(&format!("{args:?} stderr"), &r.stderr);
        let both = format!("{}{}", r.stdout, r.stderr);
        assert!(
            both.contains("\\u202e") || both.contains("%E2%80%AE") || both.contains("\\u202E"),
            "{args:?}: the file name is shown: {both}"
        );
    }
}

#[test]
fn usage_errors_and_saved_paths_show_hidden_characters_as_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let p = payload().replace('/', "_");
    // clap quotes an argument it does not know, and a value it refuses, as typed (a flag up
    // to its `=`).
    let unknown = format!("--x{}", p.replace('=', "_"));
    for args in [
        vec!["generate", unknown.as_str()],
        vec![unknown.as_str()],
        vec!["generate", p.as_str()],
        vec!["check", "--format", p.as_str(), "."],
    ] {
        let r = run(dir.path(), &args, None);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert_clean(&format!("{args:?} stderr"), &r.stderr);
        assert!(r.stderr.contains("\\u202e"), "{args:?}: {}", r.stderr);
    }
    // "saved to" names the file as given, and through a link the file it leads to.
    let target = format!("t{p}.json");
    let link = format!("l{p}.json");
    std::os::unix::fs::symlink(&target, dir.path().join(&link)).unwrap();
    for out in [format!("o{p}.json"), link] {
        let r = run(
            dir.path(),
            &[
                "generate",
                "--region",
                "us-east-1",
                "--account",
                "123456789012",
                "--repo",
                "app",
                "--preset",
                "pull",
                "--output",
                &out,
            ],
            None,
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_clean(&format!("--output {out:?} stderr"), &r.stderr);
        let shown = r.stderr.matches("\\u202e").count();
        let expected = if out.starts_with('l') { 2 } else { 1 };
        assert_eq!(shown, expected, "{}", r.stderr);
    }
}
