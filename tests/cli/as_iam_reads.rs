//! What IAM reads, not what a string looks like: flags that move a `--from` statement say so
//! (and the partition follows the region), padded or invisible-character actions and resources
//! are findings in `check`, import and `diff` (never trimmed into grants), and a key written
//! twice in one JSON object is an error naming the key and both lines, in every JSON reader.

use std::fs;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = cargo_bin_cmd!("ecr-policy")
        .current_dir(dir)
        .env_remove("ECR_POLICY_VERBOSE")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

const PULL: &str = r#"["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]"#;

#[test]
fn region_and_account_flags_say_which_statements_they_move() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "eu.json",
        &format!(
            r#"{{"Version": "2012-10-17", "Statement": [
            {{"Sid": "Pull", "Effect": "Allow", "Action": {PULL},
              "Resource": "arn:aws:ecr:eu-west-1:111122223333:repository/app"}},
            {{"Sid": "Push", "Effect": "Allow", "Action": "ecr:PutImage",
              "Resource": "arn:aws:ecr:eu-west-1:111122223333:repository/web"}}]}}"#
        ),
    );
    let r = run(
        dir.path(),
        &["generate", "--from", "eu.json", "--region", "us-east-1"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("note: from eu.json: statement 1 (Pull) moved from eu-west-1 to us-east-1\n"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("statement 2 (Push) moved"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout
            .contains("arn:aws:ecr:us-east-1:111122223333:repository/app")
    );
    assert!(
        r.stdout
            .contains("arn:aws:ecr:eu-west-1:111122223333:repository/web")
    );
}

#[test]
fn the_partition_follows_the_region_and_the_move_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "cn.json",
        &format!(
            r#"{{"Version": "2012-10-17", "Statement": [
            {{"Sid": "Pull", "Effect": "Allow", "Action": {PULL},
              "Resource": "arn:aws-cn:ecr:cn-north-1:111122223333:repository/app"}},
            {{"Sid": "List", "Effect": "Allow", "Action": "ecr:ListImages",
              "Resource": "arn:aws-cn:ecr:cn-northwest-1:111122223333:repository/web"}}]}}"#
        ),
    );
    let r = run(
        dir.path(),
        &[
            "generate",
            "--from",
            "cn.json",
            "--region",
            "us-east-1",
            "--account",
            "123456789012",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("\"arn:aws:ecr:us-east-1:123456789012:repository/app\""),
        "{}",
        r.stdout
    );
    for said in [
        "statement 1 (Pull) moved from cn-north-1 to us-east-1, and so from partition aws-cn to \
         aws (the partition of us-east-1)",
        "statement 1 (Pull) moved from account 111122223333 to 123456789012",
        "statement 2 (List) stays in partition aws-cn (cn-northwest-1)",
    ] {
        assert!(r.stderr.contains(said), "{said}:\n{}", r.stderr);
    }
    // Every note about the moved statement names the partition it is written in.
    assert!(
        !r.stderr.contains("statement 1 (Pull) kept"),
        "{}",
        r.stderr
    );
}

fn padded_policy(action: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [
        {{"Sid": "Login", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}},
        {{"Sid": "Pull", "Effect": "Allow", "Action": ["{action}", "ecr:GetDownloadUrlForLayer"],
          "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/app"}}]}}"#
    )
}

#[test]
fn a_padded_action_is_a_finding_in_check_import_and_diff_and_never_a_grant() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "clean.json",
        &padded_policy("ecr:BatchGetImage"),
    );
    for (name, action, severity) in [
        ("leading.json", " ecr:BatchGetImage ", "error"),
        ("trailing.json", "ecr:BatchGetImage ", "warning"),
        ("inside.json", "ecr:Batch\\u200bGetImage", "warning"),
        ("nbsp.json", "ecr:BatchGetImage\\u00a0", "warning"),
    ] {
        write(dir.path(), name, &padded_policy(action));
        let check = run(dir.path(), &["check", "--format", "json", name]);
        assert_eq!(check.code, 1, "{name}: {}", check.stdout);
        let report: Value = serde_json::from_str(&check.stdout).unwrap();
        let findings = report["findings"].as_array().unwrap();
        let padded: Vec<&Value> = findings
            .iter()
            .filter(|f| f["code"] == "value-padded")
            .collect();
        assert_eq!(padded.len(), 1, "{name}: {findings:?}");
        assert_eq!(padded[0]["severity"], severity, "{name}");
        assert_eq!(padded[0]["statement"], 1, "{name}");
        // Not read as another service's action, nor as the action it seems to name.
        assert!(
            !findings
                .iter()
                .any(|f| f["code"] == "action-other-service" || f["code"] == "action-unknown"),
            "{name}: {findings:?}"
        );

        let g = run(dir.path(), &["generate", "--from", name]);
        assert_eq!(g.code, 0, "{name}: {}", g.stderr);
        let policy: Value = serde_json::from_str(&g.stdout).unwrap();
        let granted: Vec<&Value> = policy["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s.get("Sid") != Some(&Value::from("Pull")))
            .collect();
        assert!(
            !serde_json::to_string(&granted)
                .unwrap()
                .contains("ecr:BatchGetImage"),
            "{name}: trimmed into a grant: {}",
            g.stdout
        );
        assert!(
            g.stderr
                .contains("statement 2 (Pull): kept as written: its Action"),
            "{name}: {}",
            g.stderr
        );

        let d = run(dir.path(), &["diff", "clean.json", name]);
        assert!(
            d.stdout.contains("No longer: call ecr:BatchGetImage"),
            "{name}: {}",
            d.stdout
        );
        assert!(
            d.stderr.contains("note: NEW statement 2: Action"),
            "{name}: {}",
            d.stderr
        );
    }
}

#[test]
fn a_padded_resource_is_a_finding_and_matches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [
        {{"Effect": "Allow", "Action": {PULL},
          "Resource": " arn:aws:ecr:us-east-1:123456789012:repository/app"}}]}}"#
    );
    write(dir.path(), "r.json", &text);
    let check = run(dir.path(), &["check", "r.json"]);
    assert!(
        check.stdout.contains("error [value-padded] statement 1"),
        "{}",
        check.stdout
    );
    assert!(
        !check.stdout.contains("[resource-invalid]"),
        "{}",
        check.stdout
    );
    let g = run(dir.path(), &["generate", "--from", "r.json"]);
    assert_eq!(g.code, 2, "nothing to grant: {}", g.stderr);
    assert!(
        g.stderr.contains("its Resource \" arn:aws:ecr"),
        "{}",
        g.stderr
    );
}

/// A policy whose second statement says `Effect` twice, on lines 4 and 5 of the policy.
const DUPLICATE_EFFECT: &str = "{\"Version\": \"2012-10-17\", \"Statement\": [\n\
    {\"Effect\": \"Allow\", \"Action\": \"ecr:GetAuthorizationToken\", \"Resource\": \"*\"},\n\
    {\"Action\": \"ecr:*\", \"Resource\": \"*\",\n\
     \"Effect\": \"Deny\",\n\
     \"Effect\": \"Allow\"}]}";

#[test]
fn a_key_written_twice_is_an_error_in_every_json_reader() {
    let dir = tempfile::tempdir().unwrap();
    let policy: String = DUPLICATE_EFFECT.to_string();
    // The same policy in each reader, and the line its second Effect lands on.
    let indented: String = policy.replace('\n', "\n      ");
    let files = [
        ("policy.json", policy.clone(), 5),
        (
            "wrapped.json",
            format!("{{\"PolicyVersion\": {{\"Document\":\n{policy}}}}}"),
            6,
        ),
        (
            "account.json",
            format!(
                "{{\"UserDetailList\": [], \"GroupDetailList\": [],\n\"RoleDetailList\": [{{\"RoleName\": \"ci\",\n\"RolePolicyList\": [{{\"PolicyName\": \"p\", \"PolicyDocument\":\n{policy}}}]}}], \"Policies\": []}}"
            ),
            8,
        ),
        (
            "template.json",
            format!(
                "{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {{\"P\": {{\n\"Type\": \"AWS::IAM::ManagedPolicy\", \"Properties\": {{\"PolicyDocument\":\n{policy}}}}}}}}}"
            ),
            7,
        ),
        (
            "main.tf",
            format!(
                "resource \"aws_iam_policy\" \"p\" {{\n  policy = <<EOF\n      {indented}\nEOF\n}}\n"
            ),
            7,
        ),
    ];
    for (name, text, line) in &files {
        write(dir.path(), name, text);
        let check = run(dir.path(), &["check", "--format", "json", name]);
        let report: Value = serde_json::from_str(&check.stdout)
            .unwrap_or_else(|e| panic!("{name}: {e}: {}{}", check.stdout, check.stderr));
        let dup: Vec<&Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "json-duplicate-key")
            .collect();
        assert_eq!(dup.len(), 1, "{name}: {report}");
        assert_eq!(dup[0]["severity"], "error", "{name}");
        assert_eq!(dup[0]["value"], "Effect", "{name}");
        let message = dup[0]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("(lines {} and {line})", line - 1)),
            "{name}: {message}"
        );
        assert_eq!(check.code, 1, "{name}");

        let d = run(dir.path(), &["diff", "policy.json", name]);
        assert_eq!(d.code, 2, "{name}: {}{}", d.stdout, d.stderr);
        assert!(
            d.stderr.contains("\"Effect\" is written twice"),
            "{name}: {}",
            d.stderr
        );
    }
    let g = run(dir.path(), &["generate", "--from", "policy.json"]);
    assert_eq!(g.code, 2, "{}", g.stderr);
    assert!(g.stdout.is_empty());
    assert!(
        g.stderr
            .starts_with("error: --from policy.json: line 5: The key \"Effect\" is written twice in one object (lines 4 and 5)"),
        "{}",
        g.stderr
    );
}
