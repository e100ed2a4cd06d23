//! Several grants on the command line (`--grant`), `generate --from` exit codes and
//! per-statement messages, `--fix`, and `generate`'s findings as warnings (`--strict`).

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::{Value, json};

const ACCT: &str = "123456789012";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = cargo_bin_cmd!("ecr-policy");
    cmd.env_remove("ECR_POLICY_VERBOSE").args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn statements(text: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    v["Statement"].as_array().unwrap().clone()
}

fn from_stdin(policy: &Value, extra: &[&str]) -> Run {
    let mut args = vec!["generate", "--from", "-"];
    args.extend_from_slice(extra);
    run(&args, Some(&policy.to_string()))
}

#[test]
fn repeated_grants_share_the_login_statement_and_keep_sids_unique() {
    let r = run(
        &[
            "generate",
            "--region",
            "us-east-1",
            "--account",
            ACCT,
            "--grant",
            "push:ci/app",
            "--grant",
            "pull:base/a,base/b",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let st = statements(&r.stdout);
    let sids: Vec<&str> = st.iter().map(|s| s["Sid"].as_str().unwrap()).collect();
    assert_eq!(
        sids,
        [
            "RegistryLogin",
            "ReadRepositories",
            "WriteRepositories",
            "ReadRepositories2"
        ]
    );
    assert_eq!(
        st[3]["Resource"],
        json!([
            format!("arn:aws:ecr:us-east-1:{ACCT}:repository/base/a"),
            format!("arn:aws:ecr:us-east-1:{ACCT}:repository/base/b")
        ])
    );
    assert_eq!(
        st[2]["Resource"],
        format!("arn:aws:ecr:us-east-1:{ACCT}:repository/ci/app")
    );
    // A grant that is not PRESET:REPO is refused with the shape.
    let bad = run(
        &[
            "generate",
            "--region",
            "us-east-1",
            "--account",
            ACCT,
            "--grant",
            "pull",
        ],
        None,
    );
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("PRESET:REPO"), "{}", bad.stderr);
}

#[test]
fn nothing_produced_exits_2_and_says_what_happened_to_each_statement() {
    let policy = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Pull", "Effect": "Allow", "Action": ["ecr:BatchGetImage"],
         "Resource": "arn:aws:ecr:us-east-1:*:repository/app"},
        {"Sid": "Guard", "Effect": "Deny", "Action": "ecr:*", "Resource": "*"}
    ]});
    let r = from_stdin(&policy, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains(
            "statement 1 (Pull): kept as written: arn:aws:ecr:us-east-1:*:repository/app \
             uses account `*`: give --account to narrow it"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("statement 2 (Guard): kept as written: it is a Deny"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("account is missing"), "{}", r.stderr);
    // --account narrows it: a policy, exit 0, the narrowing and the kept Deny listed.
    let r = from_stdin(&policy, &["--account", ACCT]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("narrowed to"), "{}", r.stderr);
    let st = statements(&r.stdout);
    assert_eq!(
        st[0]["Resource"],
        format!("arn:aws:ecr:us-east-1:{ACCT}:repository/app")
    );
    assert_eq!(st.last().unwrap(), &policy["Statement"][1]);
}

#[test]
fn a_login_only_policy_needs_no_region_or_account() {
    let policy = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}]});
    let r = from_stdin(&policy, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(statements(&r.stdout)[0]["Sid"], "RegistryLogin");
}

#[test]
fn fix_applies_what_would_grant_more_only_when_asked() {
    let policy = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "All", "Effect": "Allow",
         "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
         "Resource": format!("arn:aws:ecr:us-east-1:{ACCT}:repository/app")}]});
    let r = from_stdin(&policy, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("GetAuthorizationToken"), "{}", r.stdout);
    assert!(r.stderr.contains("fix offered"), "{}", r.stderr);
    let r = from_stdin(&policy, &["--fix"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(statements(&r.stdout)[0]["Resource"], "*");
    assert!(r.stderr.contains("fix applied"), "{}", r.stderr);
}

#[test]
fn generate_says_warning_never_error_and_strict_exits_1() {
    let args = [
        "generate",
        "--region",
        "us-east-1",
        "--account",
        ACCT,
        "--repo",
        "app",
        "--preset",
        "none",
        "--action",
        "PutImage",
    ];
    let r = run(&args, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("warning [push-incomplete]"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("error"), "{}", r.stderr);
    let mut strict = args.to_vec();
    strict.push("--strict");
    let r = run(&strict, None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stdout.is_empty(), "the policy is printed anyway");
}

#[test]
fn a_kept_sid_is_never_renamed_and_the_renumbered_one_of_ours_is_noted() {
    let policy = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "ReadRepositories", "Effect": "Deny", "Action": "ecr:DeleteRepository",
         "Resource": "*"},
        {"Effect": "Allow", "Action": "ecr:BatchGetImage",
         "Resource": format!("arn:aws:ecr:us-east-1:{ACCT}:repository/app")}
    ]});
    let r = from_stdin(&policy, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let sids: Vec<String> = statements(&r.stdout)
        .iter()
        .map(|s| s["Sid"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(sids, ["ReadRepositories2", "ReadRepositories"]);
    assert!(
        r.stderr.contains(
            "already uses the Sid ReadRepositories; the generated statement is \
             named ReadRepositories2"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn the_size_quotas_count_every_grant_together() {
    let grant = |team: &str| {
        let repos: Vec<String> = (0..60)
            .map(|i| format!("{team}/service-with-a-rather-long-name-{i:03}"))
            .collect();
        format!("pull:{}", repos.join(","))
    };
    let grants = [grant("alpha"), grant("beta"), grant("gamma")];
    let mut args = vec!["generate", "--region", "us-east-1", "--account", ACCT];
    for g in &grants {
        args.extend(["--grant", g.as_str()]);
    }
    let r = run(&args, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("warning [size-over-all-quotas]"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.matches("size-over").count(), 1, "{}", r.stderr);
    // check on the generated policy reports the same single size finding, word for word.
    let checked = run(&["check", "--format", "json", "-"], Some(&r.stdout));
    let v: Value = serde_json::from_str(&checked.stdout).unwrap();
    let sizes: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"].as_str().unwrap().starts_with("size-"))
        .collect();
    assert_eq!(sizes.len(), 1, "{sizes:?}");
    assert_eq!(sizes[0]["code"], "size-over-all-quotas");
    let message = sizes[0]["message"].as_str().unwrap();
    assert!(r.stderr.contains(message), "{message}\n{}", r.stderr);
    args.push("--strict");
    assert_eq!(run(&args, None).code, 1);
}
