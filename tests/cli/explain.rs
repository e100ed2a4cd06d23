//! `ecr-policy explain` through the binary: cross-account (both documents, one), an
//! organisation, an SCP deny, a boundary, a session policy, the registry policy under scope V1
//! and V2, a task with one action missing, `--who-can` over a hand-written account dump,
//! `--from-error`, unreadable input, and hostile values shown escaped.

use std::fs;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

const REPO: &str = "arn:aws:ecr:eu-west-1:111122223333:repository/web";
const CI: &str = "arn:aws:iam::222233334444:role/ci";
const PUSH: &str = r#"["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload",
    "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage"]"#;

fn policy(statements: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#)
}

/// The identity policy of role ci: push to web, and login.
fn identity() -> String {
    policy(&format!(
        r#"{{"Sid": "Push", "Effect": "Allow", "Action": {PUSH}, "Resource": "{REPO}"}},
           {{"Sid": "Login", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}}"#
    ))
}

/// A repository policy letting `principal` do `actions`.
fn repository(principal: &str, actions: &str) -> String {
    policy(&format!(
        r#"{{"Sid": "CI", "Effect": "Allow", "Principal": {{"AWS": "{principal}"}}, "Action": {actions}}}"#
    ))
}

/// Runs `ecr-policy explain ARGS` in a directory holding `files`: (exit code, stdout, stderr).
fn explain(files: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    explain_with_stdin(files, args, "")
}

fn explain_with_stdin(files: &[(&str, &str)], args: &[&str], stdin: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    run_in(dir.path(), args, stdin)
}

fn run_in(dir: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = cargo_bin_cmd!("ecr-policy")
        .current_dir(dir)
        .arg("explain")
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn cross_account_is_allowed_when_both_documents_allow() {
    let repo = repository(CI, PUSH);
    let (code, out, err) = explain(
        &[("id.json", &identity()), ("repo.json", &repo)],
        &[
            "--identity",
            "id.json",
            "--repository",
            "repo.json",
            "--principal",
            CI,
            "--action",
            "ecr:PutImage",
            "--repo",
            REPO,
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        "allowed: ecr:PutImage for role ci (account 222233334444) on web (account \
         111122223333, eu-west-1). The identity policy allows it (id.json, statement 1 \
         \"Push\"). The repository policy allows it (repo.json, statement 1 \"CI\").\n"
    );
}

#[test]
fn cross_account_with_the_identity_policy_alone_is_denied_naming_the_missing_document() {
    let pull_only = repository(CI, r#"["ecr:BatchGetImage"]"#);
    let (code, out, _) = explain(
        &[("id.json", &identity()), ("repo.json", &pull_only)],
        &[
            "--identity",
            "id.json",
            "--repository",
            "repo.json",
            "--principal",
            CI,
            "--action",
            "PutImage",
            "--repo",
            REPO,
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "denied: no repository policy allows ecr:PutImage for role ci (account 222233334444) \
         on web (account 111122223333, eu-west-1): cross-account needs both. The identity \
         policy allows it (id.json, statement 1 \"Push\").\n"
    );
    // No repository policy at all: said so.
    let (code, out, _) = explain(
        &[("id.json", &identity())],
        &[
            "--identity",
            "id.json",
            "--principal",
            CI,
            "--action",
            "PutImage",
            "--repo",
            REPO,
        ],
    );
    assert_eq!(code, 1);
    assert!(
        out.starts_with("denied: there is no repository policy (none was given: --repository)"),
        "{out}"
    );
    assert!(out.contains("cross-account needs both"), "{out}");
}

#[test]
fn same_account_needs_only_one_of_them() {
    let own = "arn:aws:iam::111122223333:role/builder";
    let repo = repository(own, PUSH);
    let (code, out, _) = explain(
        &[("repo.json", &repo)],
        &[
            "--repository",
            "repo.json",
            "--principal",
            own,
            "--action",
            "PutImage",
            "--repo",
            REPO,
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("The repository policy allows it (repo.json"),
        "{out}"
    );
}

#[test]
fn organisation_condition_is_decided_by_org_id_and_open_without_it() {
    let pull = policy(
        r#"{"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
            "ecr:BatchCheckLayerAvailability"], "Resource": "*"}"#,
    );
    let org = policy(
        r#"{"Sid": "Org", "Effect": "Allow", "Principal": "*",
            "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#,
    );
    let files = [("id.json", pull.as_str()), ("repo.json", org.as_str())];
    let base = [
        "--identity",
        "id.json",
        "--repository",
        "repo.json",
        "--principal",
        CI,
        "--task",
        "pull",
        "--repo",
        REPO,
    ];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend(extra);
        explain(&files, &args)
    };
    let (code, out, _) = with(&["--org-id", "o-a1b2c3d4e5"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("allowed: pull for role ci"), "{out}");
    assert!(out.contains("(repo.json, statement 1 \"Org\")"), "{out}");
    let (code, out, _) = with(&["--org-id", "o-zzzzzzzzzz"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("denied: pull"), "{out}");
    // Without the organisation the request is not decided, and that fails closed.
    let (code, out, _) = with(&[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("not decided: pull"), "{out}");
    assert!(out.contains("aws:PrincipalOrgID"), "{out}");
    assert!(out.contains("Left open: aws:principalorgid."), "{out}");
    let (_, out, _) = with(&["--format", "json"]);
    let v = json(&out);
    assert_eq!(v["verdict"], "undecided");
    assert_eq!(v["actions"][0]["outcome"], "undecided");
    assert_eq!(v["actions"][0]["undecided"][0]["kind"], "repository");
    assert_eq!(v["open_keys"][0], "aws:principalorgid");
    // A key said to be absent decides it too.
    let (code, out, _) = with(&["--absent", "aws:PrincipalOrgID"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("denied: pull"), "{out}");
}

#[test]
fn an_scp_deny_names_its_statement_and_level() {
    let repo = repository(CI, PUSH);
    let scp =
        policy(r#"{"Sid": "NoPush", "Effect": "Deny", "Action": "ecr:PutImage", "Resource": "*"}"#);
    let files = [
        ("id.json", identity()),
        ("repo.json", repo),
        ("deny.json", scp),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let (code, out, _) = explain(
        &files,
        &[
            "--identity",
            "id.json",
            "--repository",
            "repo.json",
            "--scp",
            "FullAWSAccess",
            "--scp",
            "FullAWSAccess,deny.json",
            "--principal",
            CI,
            "--action",
            "PutImage",
            "--repo",
            REPO,
        ],
    );
    assert_eq!(code, 1);
    assert!(
        out.starts_with(
            "denied: statement 1 \"NoPush\" of the SCP deny.json at level 2 (account) denies \
             ecr:PutImage for role ci"
        ),
        "{out}"
    );
    assert!(
        out.contains("An explicit deny overrides every allow."),
        "{out}"
    );
    // An SCP level without any Allow denies too, and says how to give FullAWSAccess.
    let (code, out, _) = explain(
        &files,
        &[
            "--identity",
            "id.json",
            "--repository",
            "repo.json",
            "--scp",
            "deny.json",
            "--principal",
            CI,
            "--action",
            "BatchGetImage",
            "--repo",
            REPO,
        ],
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("no SCP attached at level 1 allows ecr:BatchGetImage"),
        "{out}"
    );
    assert!(out.contains("--scp FullAWSAccess,FILE"), "{out}");
}

#[test]
fn a_boundary_and_a_session_policy_that_do_not_allow_deny() {
    let repo = repository(CI, PUSH);
    let pull_only = policy(
        r#"{"Sid": "OnlyPull", "Effect": "Allow", "Action": ["ecr:BatchGetImage"], "Resource": "*"}"#,
    );
    let files = [
        ("id.json", identity()),
        ("repo.json", repo),
        ("limit.json", pull_only),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let run = |flag: &str, principal: &str, action: &str| {
        explain(
            &files,
            &[
                "--identity",
                "id.json",
                "--repository",
                "repo.json",
                flag,
                "limit.json",
                "--principal",
                principal,
                "--action",
                action,
                "--repo",
                REPO,
            ],
        )
    };
    let (code, out, _) = run("--boundary", CI, "PutImage");
    assert_eq!(code, 1);
    assert!(
        out.starts_with(
            "denied: the permissions boundary (limit.json) does not allow ecr:PutImage for role ci"
        ),
        "{out}"
    );
    let (code, out, _) = run("--boundary", CI, "BatchGetImage");
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("The permissions boundary allows it (limit.json, statement 1 \"OnlyPull\")"),
        "{out}"
    );
    let session = "arn:aws:sts::222233334444:assumed-role/ci/run-7";
    let (code, out, _) = run("--session", session, "PutImage");
    assert_eq!(code, 1);
    assert!(
        out.starts_with(
            "denied: the session policy (limit.json) does not allow ecr:PutImage for role ci, \
             session run-7 (account 222233334444)"
        ),
        "{out}"
    );
}

#[test]
fn the_registry_policy_counts_under_scope_v2_only_for_its_three_actions_under_v1() {
    let registry = policy(
        r#"{"Sid": "Account", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222233334444:root"},
            "Action": ["ecr:BatchGetImage", "ecr:ReplicateImage"],
            "Resource": "arn:aws:ecr:eu-west-1:111122223333:repository/*"}"#,
    );
    let files = [("id.json", identity()), ("registry.json", registry)];
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let run = |scope: &str| {
        explain(
            &files,
            &[
                "--identity",
                "id.json",
                "--registry",
                "registry.json",
                "--registry-scope",
                scope,
                "--principal",
                CI,
                "--action",
                "BatchGetImage",
                "--repo",
                REPO,
            ],
        )
    };
    let (code, out, _) = run("v2");
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("The registry policy allows it (registry.json, statement 1 \"Account\")"),
        "{out}"
    );
    let (code, out, _) = run("v1");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("the registry policy registry.json is not consulted for it: under scope V1"),
        "{out}"
    );
}

#[test]
fn a_task_is_allowed_only_when_every_action_is() {
    // The repository policy lacks ecr:PutImage.
    let repo = repository(
        CI,
        r#"["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
            "ecr:CompleteLayerUpload", "ecr:BatchGetImage"]"#,
    );
    let files = [("id.json", identity()), ("repo.json", repo)];
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let args = [
        "--identity",
        "id.json",
        "--repository",
        "repo.json",
        "--principal",
        CI,
        "--task",
        "push",
        "--repo",
        REPO,
    ];
    let (code, out, err) = explain(&files, &args);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "denied: push for role ci (account 222233334444) on web (account 111122223333, \
         eu-west-1): ecr:PutImage is denied (5 of 6 allowed)."
    );
    assert_eq!(lines.len(), 7, "{out}");
    assert!(
        lines[5].starts_with(
            "  ecr:PutImage: denied: no repository policy allows it: cross-account needs both."
        ),
        "{out}"
    );
    for i in [1, 2, 3, 4, 6] {
        assert!(
            lines[i].contains(": allowed. The identity policy allows it"),
            "{}",
            lines[i]
        );
    }
    assert!(err.contains("add --task login"), "{err}");
    let mut json_args = args.to_vec();
    json_args.extend(["--task", "login", "--format", "json"]);
    let (code, out, _) = explain(&files, &json_args);
    assert_eq!(code, 1);
    let v = json(&out);
    assert_eq!(v["verdict"], "denied");
    assert_eq!(v["tasks"][0]["task"], "push");
    assert_eq!(v["tasks"][0]["verdict"], "denied");
    assert_eq!(v["tasks"][1]["task"], "login");
    assert_eq!(v["tasks"][1]["verdict"], "allowed");
    let outcomes: Vec<(&str, &str)> = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["action"].as_str().unwrap(),
                a["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(outcomes.len(), 7);
    assert!(outcomes.contains(&("ecr:PutImage", "implicit_deny")));
    assert_eq!(outcomes.iter().filter(|(_, o)| *o == "allowed").count(), 6);
    let put = &v["actions"][4];
    assert_eq!(put["missing"][0]["missing"], "resource");
    assert_eq!(put["missing"][0]["cross_account"], true);
    assert_eq!(put["allowed_by"][0]["statement"], 0);
    assert_eq!(put["allowed_by"][0]["sid"], "Push");
    assert_eq!(v["notes"], Value::Array(vec![]));
}

/// A small account dump: alice pushes through her group, bob only pulls, ci pushes through a
/// managed policy, bounded's boundary denies the push, ghost's managed policy is not in it.
fn dump() -> String {
    let push = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Sid": "Push", "Effect": "Allow",
            "Action": {PUSH}, "Resource": "arn:aws:ecr:eu-west-1:111122223333:repository/*"}}]}}"#
    );
    let pull = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "*"}]}"#;
    let no_push = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Sid": "NoPush", "Effect": "Deny", "Action": "ecr:PutImage", "Resource": "*"}]}"#;
    format!(
        r#"{{
  "UserDetailList": [
    {{"UserName": "alice", "Arn": "arn:aws:iam::111122223333:user/alice", "GroupList": ["pushers"]}},
    {{"UserName": "bob", "Arn": "arn:aws:iam::111122223333:user/bob",
      "UserPolicyList": [{{"PolicyName": "pull", "PolicyDocument": {pull}}}]}}
  ],
  "GroupDetailList": [
    {{"GroupName": "pushers", "AttachedManagedPolicies": [
      {{"PolicyName": "push", "PolicyArn": "arn:aws:iam::111122223333:policy/push"}}]}}
  ],
  "RoleDetailList": [
    {{"RoleName": "ci", "Arn": "arn:aws:iam::111122223333:role/ci",
      "AttachedManagedPolicies": [{{"PolicyName": "push", "PolicyArn": "arn:aws:iam::111122223333:policy/push"}}]}},
    {{"RoleName": "bounded", "Arn": "arn:aws:iam::111122223333:role/bounded",
      "AttachedManagedPolicies": [{{"PolicyName": "push", "PolicyArn": "arn:aws:iam::111122223333:policy/push"}}],
      "PermissionsBoundary": {{"PermissionsBoundaryType": "Policy",
        "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/nopush"}}}},
    {{"RoleName": "ghost", "Arn": "arn:aws:iam::111122223333:role/ghost",
      "AttachedManagedPolicies": [{{"PolicyName": "x", "PolicyArn": "arn:aws:iam::aws:policy/NotInDump"}}]}}
  ],
  "Policies": [
    {{"PolicyName": "push", "Arn": "arn:aws:iam::111122223333:policy/push", "DefaultVersionId": "v1",
      "PolicyVersionList": [{{"VersionId": "v1", "IsDefaultVersion": true, "Document": {push}}}]}},
    {{"PolicyName": "nopush", "Arn": "arn:aws:iam::111122223333:policy/nopush", "DefaultVersionId": "v1",
      "PolicyVersionList": [{{"VersionId": "v1", "IsDefaultVersion": true, "Document": {no_push}}}]}}
  ]
}}"#
    )
}

#[test]
fn who_can_push_lists_the_principals_of_a_dump_and_their_statements() {
    let dump = dump();
    let files = [("dump.json", dump.as_str())];
    let (code, out, _) = explain(
        &files,
        &[
            "--who-can",
            "push",
            "web",
            "--region",
            "eu-west-1",
            "--account",
            "111122223333",
            "--dump",
            "dump.json",
        ],
    );
    // ghost is not decided: the list may be short of it, so it fails closed.
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "2 of the 5 users and roles in dump.json can push on web (account 111122223333, eu-west-1):\n\
         \x20 user alice (arn:aws:iam::111122223333:user/alice)\n\
         \x20   through the identity policy arn:aws:iam::111122223333:policy/push, statement 1 \"Push\"\n\
         \x20 role ci (arn:aws:iam::111122223333:role/ci)\n\
         \x20   through the identity policy arn:aws:iam::111122223333:policy/push, statement 1 \"Push\"\n\
         Not decided for 1 (counted as cannot):\n\
         \x20 role ghost (arn:aws:iam::111122223333:role/ghost): managed policy arn:aws:iam::aws:policy/NotInDump is not in the dump\n\
         Cannot: user bob, role bounded.\n"
    );
    let (_, out, _) = explain(
        &files,
        &[
            "--who-can",
            "push",
            REPO,
            "--dump",
            "dump.json",
            "--format",
            "json",
        ],
    );
    let v = json(&out);
    assert_eq!(v["principals"], 5);
    let names = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("can"), ["alice", "ci"]);
    assert_eq!(names("undecided"), ["ghost"]);
    assert_eq!(names("cannot"), ["bob", "bounded"]);
    assert_eq!(
        v["can"][0]["through"][0]["document"],
        "arn:aws:iam::111122223333:policy/push"
    );
    assert_eq!(v["cannot"][1]["denied_by"][0]["kind"], "boundary");
    assert_eq!(v["cannot"][1]["denied_by"][0]["sid"], "NoPush");
    // Across accounts, the repository policy decides who else may.
    let other = dump.replace("iam::111122223333", "iam::222233334444");
    let repo = repository("arn:aws:iam::222233334444:role/ci", PUSH);
    let (code, out, _) = explain(
        &[("dump.json", &other), ("repo.json", &repo)],
        &[
            "--who-can",
            "push",
            REPO,
            "--dump",
            "dump.json",
            "--repository",
            "repo.json",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("1 of the 5 users and roles"), "{out}");
    assert!(out.contains("through the identity policy arn:aws:iam::222233334444:policy/push, statement 1 \"Push\"; the repository policy repo.json, statement 1 \"CI\""), "{out}");
}

#[test]
fn one_principal_of_a_dump_is_judged_with_its_groups_policies() {
    let dump = dump();
    let (code, out, _) = explain(
        &[("dump.json", &dump)],
        &[
            "--dump",
            "dump.json",
            "--principal",
            "arn:aws:iam::111122223333:user/alice",
            "--action",
            "PutImage",
            "--repo",
            REPO,
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("The identity policy allows it (arn:aws:iam::111122223333:policy/push, statement 1 \"Push\")"), "{out}");
    let (code, _, err) = explain(
        &[("dump.json", &dump)],
        &[
            "--dump",
            "dump.json",
            "--principal",
            "arn:aws:iam::111122223333:role/nobody",
            "--action",
            "PutImage",
            "--repo",
            REPO,
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("has no role nobody (account 111122223333) (it has 2 users and 3 roles)"),
        "{err}"
    );
}

#[test]
fn from_error_points_at_the_denying_statement() {
    let repo = repository(CI, PUSH);
    let scp =
        policy(r#"{"Sid": "NoPush", "Effect": "Deny", "Action": "ecr:PutImage", "Resource": "*"}"#);
    let message = "An error occurred (AccessDeniedException) when calling the PutImage \
        operation: User: arn:aws:sts::222233334444:assumed-role/ci/run-7 is not authorized to \
        perform: ecr:PutImage on resource: arn:aws:ecr:eu-west-1:111122223333:repository/web \
        with an explicit deny in a service control policy";
    let files = [
        ("id.json", identity()),
        ("repo.json", repo),
        ("deny.json", scp),
        ("message.txt", message.to_string()),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let docs = [
        "--identity",
        "id.json",
        "--repository",
        "repo.json",
        "--scp",
        "FullAWSAccess,deny.json",
    ];
    // The message as text, as a file, and on standard input.
    for (from, stdin) in [(message, ""), ("message.txt", ""), ("-", message)] {
        let mut args = vec!["--from-error", from];
        args.extend(docs);
        let (code, out, err) = explain_with_stdin(&files, &args, stdin);
        assert_eq!(code, 1, "{out}{err}");
        assert!(
            out.starts_with(
                "denied: statement 1 \"NoPush\" of the SCP deny.json at level 1 denies \
                 ecr:PutImage for role ci, session run-7 (account 222233334444) on web"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "What to change:\n  change statement 1 \"NoPush\" of the SCP deny.json at level \
                 1: it denies ecr:PutImage on arn:aws:ecr:eu-west-1:111122223333:repository/web; \
                 no Allow can override it"
            ),
            "{out}"
        );
    }
    // Without the SCP, the documents say what is missing, and that the message disagrees.
    let mut args = vec!["--from-error", message, "--identity", "id.json"];
    args.extend(["--format", "json"]);
    let (code, out, _) = explain(&files, &args);
    assert_eq!(code, 1);
    let v = json(&out);
    let changes: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        changes,
        [
            "add a statement to a repository policy on web that allows ecr:PutImage to \
             arn:aws:iam::222233334444:role/ci",
            "the message says an explicit deny in an SCP refused it, and none of the documents \
             given of that kind denies it: the one in force is not among them",
        ]
    );
}

#[test]
fn unreadable_input_and_incomplete_requests_exit_2() {
    let base = ["--principal", CI, "--action", "PutImage", "--repo", REPO];
    let run = |files: &[(&str, &str)], extra: &[&str]| {
        let mut args = extra.to_vec();
        args.extend(base);
        explain(files, &args)
    };
    let (code, out, err) = run(&[], &["--identity", "missing.json"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with("error: --identity missing.json: could not read the file"),
        "{err}"
    );
    let (code, _, err) = run(
        &[("bad.json", "{\"Statement\": [")],
        &["--repository", "bad.json"],
    );
    assert_eq!(code, 2);
    assert!(err.starts_with("error: --repository bad.json:"), "{err}");
    let (code, _, err) = run(
        &[("v.json", r#"{"Version": "2013-01-01", "Statement": []}"#)],
        &["--identity", "v.json"],
    );
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = explain_with_stdin(
        &[],
        &[
            "--identity",
            "-",
            "--repository",
            "-",
            "--principal",
            CI,
            "--action",
            "PutImage",
            "--repo",
            REPO,
        ],
        "{}",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("only one input can be standard input"),
        "{err}"
    );
    let (code, _, err) = explain(&[], &["--action", "PutImage", "--repo", REPO]);
    assert_eq!(code, 2);
    assert!(err.contains("--principal is missing"), "{err}");
    let (code, _, err) = explain(
        &[],
        &["--principal", CI, "--action", "PutImage", "--repo", "web"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("--repo \"web\" is a name: give --region and --account"),
        "{err}"
    );
    let (code, _, err) = explain(&[], &["--principal", CI, "--repo", REPO]);
    assert_eq!(code, 2);
    assert!(err.contains("--action"), "{err}");
    let (code, _, err) = explain(
        &[],
        &["--principal", "ci", "--action", "PutImage", "--repo", REPO],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("--principal \"ci\" is not a principal"),
        "{err}"
    );
    let (code, _, err) = explain(&[], &["--from-error", "it broke", "--principal", CI]);
    assert_eq!(code, 2);
    assert!(err.contains("not an access-denied message"), "{err}");
    let (code, _, _) = explain(&[], &["--who-can", "push", REPO]);
    assert_eq!(code, 2, "--who-can needs --dump");
}

#[test]
fn a_terraform_file_gives_its_repository_policy_or_the_one_named() {
    let tf = format!(
        r#"resource "aws_iam_policy" "ci" {{
  name   = "ci"
  policy = <<EOF
{identity}
EOF
}}

resource "aws_ecr_repository_policy" "web" {{
  repository = "web"
  policy     = <<EOF
{repo}
EOF
}}
"#,
        identity = identity(),
        repo = repository(CI, PUSH)
    );
    let files = [("main.tf", tf.as_str())];
    let base = ["--principal", CI, "--action", "PutImage", "--repo", REPO];
    let mut args = vec![
        "--repository",
        "main.tf",
        "--identity",
        "main.tf",
        "--policy",
        "aws_iam_policy.ci",
    ];
    args.extend(base);
    let (code, out, err) = explain(&files, &args);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("(aws_iam_policy.ci in main.tf, statement 1 \"Push\")"),
        "{out}"
    );
    assert!(
        out.contains("(aws_ecr_repository_policy.web in main.tf, statement 1 \"CI\")"),
        "{out}"
    );
    // The file says which is the repository policy: --identity takes the other one.
    let mut args = vec!["--identity", "main.tf", "--repository", "main.tf"];
    args.extend(base);
    let (code, out, _) = explain(&files, &args);
    assert_eq!(code, 0, "{out}");
    // Two identity policies: --policy must pick; the candidates are listed.
    let two = tf.replace(
        "resource \"aws_ecr_repository_policy\" \"web\" {\n  repository = \"web\"",
        "resource \"aws_iam_policy\" \"other\" {\n  name = \"other\"",
    );
    let mut args = vec!["--identity", "two.tf"];
    args.extend(base);
    let (code, _, err) = explain(&[("two.tf", &two)], &args);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "holds 2 policies; pick one with --policy (aws_iam_policy.ci, aws_iam_policy.other)"
        ),
        "{err}"
    );
    // A repository policy is no identity policy.
    let repo_only = format!(
        "resource \"aws_ecr_repository_policy\" \"web\" {{\n  repository = \"web\"\n  policy = <<EOF\n{}\nEOF\n}}\n",
        repository(CI, PUSH)
    );
    let mut args = vec!["--identity", "repo.tf"];
    args.extend(base);
    let (code, _, err) = explain(&[("repo.tf", &repo_only)], &args);
    assert_eq!(code, 2);
    assert!(
        err.contains("holds no identity policy (it has aws_ecr_repository_policy.web)"),
        "{err}"
    );
}

#[test]
fn hostile_values_are_shown_escaped() {
    let sid = "S\u{1b}[2J\u{202e}x\nFORGED";
    let id = policy(&format!(
        r#"{{"Sid": {}, "Effect": "Allow", "Action": "ecr:PutImage", "Resource": "{REPO}"}}"#,
        serde_json::to_string(sid).unwrap()
    ));
    let name = "id\u{1b}]52;c;SGk=\u{7}.json";
    let files = [(name, id.as_str())];
    let args = [
        "--identity",
        name,
        "--principal",
        CI,
        "--action",
        "PutImage",
        "--repo",
        REPO,
    ];
    let (code, out, _) = explain(&files, &args);
    assert_eq!(code, 1);
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    assert!(!out.contains('\u{202e}'), "{out:?}");
    assert_eq!(out.lines().count(), 1, "{out:?}");
    assert!(
        out.contains(
            "id\\u001b]52;c;SGk=\\u0007.json, statement 1 \"S\\u001b[2J\\u202ex\\nFORGED\""
        ),
        "{out}"
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let (_, out, _) = explain(&files, &json_args);
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    assert!(!out.contains('\u{202e}'), "{out:?}");
    let v = json(&out);
    assert_eq!(
        v["actions"][0]["allowed_by"][0]["sid"], sid,
        "JSON keeps the exact value"
    );
    assert_eq!(v["actions"][0]["allowed_by"][0]["document"], name);
    // Errors naming the value escape it too.
    let (code, _, err) = explain(
        &[],
        &[
            "--principal",
            "x\u{1b}[31m",
            "--action",
            "PutImage",
            "--repo",
            REPO,
        ],
    );
    assert_eq!(code, 2);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("\\u001b[31m"), "{err}");
}

/// The README's `explain` examples: each `$ ecr-policy explain ...` block prints exactly the
/// lines under it, with the files the examples name.
#[test]
fn readme_examples_print_what_the_binary_prints() {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split_once("## Why a request is allowed or denied: `explain`")
        .unwrap()
        .1
        .split_once("\n## ")
        .unwrap()
        .0;
    let repo = repository(
        CI,
        r#"["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
            "ecr:CompleteLayerUpload", "ecr:BatchGetImage"]"#,
    );
    let deny =
        policy(r#"{"Sid": "NoPush", "Effect": "Deny", "Action": "ecr:PutImage", "Resource": "*"}"#);
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("id.json", identity()),
        ("repo.json", repo),
        ("deny.json", deny),
        ("dump.json", dump()),
    ] {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let bin = cargo_bin_cmd!("ecr-policy").get_program().to_owned();
    let mut blocks = 0;
    for block in section.split("```text\n").skip(1) {
        let block = block.split_once("```").unwrap().0;
        let mut lines = block.lines();
        let mut command = lines
            .next()
            .unwrap()
            .strip_prefix("$ ")
            .unwrap()
            .to_string();
        while let Some(cut) = command.strip_suffix('\\') {
            command = format!("{cut}{}", lines.next().unwrap().trim_start());
        }
        let expected: Vec<&str> = lines.collect();
        let command = command.replacen("ecr-policy", &bin.to_string_lossy(), 1);
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(&command)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(stdout.lines().collect::<Vec<_>>(), expected, "{command}");
        blocks += 1;
    }
    assert_eq!(blocks, 3, "the section's examples");
}
