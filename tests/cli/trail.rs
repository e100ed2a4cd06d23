//! `generate --from-cloudtrail` and `check --usage` against the binary: files, gzip,
//! directories, standard input, the Athena CSV, callers, windows, formats and exit codes.

use std::fs;
use std::io::Write as _;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cloudtrail");
const CI: &str = "arn:aws:iam::111122223333:role/ci";

fn run(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("ecr-policy")
        .args(args)
        .write_stdin(stdin.to_vec())
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn gzip(path: &Path, text: &[u8]) {
    let f = fs::File::create(path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::default());
    gz.write_all(text).unwrap();
    gz.finish().unwrap();
}

/// Every (action, resource) the policy allows, sorted.
fn grants(policy: &str) -> Vec<(String, String)> {
    let v: Value = serde_json::from_str(policy).unwrap();
    let mut out = Vec::new();
    for st in v["Statement"].as_array().unwrap() {
        let resources: Vec<String> = match &st["Resource"] {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a.iter().map(|r| r.as_str().unwrap().to_string()).collect(),
            other => panic!("{other}"),
        };
        for a in st["Action"].as_array().unwrap() {
            for r in &resources {
                out.push((a.as_str().unwrap().to_string(), r.clone()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_delivered_file_gives_the_policy_of_the_successful_calls() {
    let (code, out, err) = run(
        &[
            "generate",
            "--from-cloudtrail",
            &fixture("hand/ci-role.json"),
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    let g = grants(&out);
    let api = "arn:aws:ecr:eu-west-1:111122223333:repository/team/api".to_string();
    assert!(g.contains(&("ecr:PutImage".to_string(), api.clone())));
    assert!(g.contains(&("ecr:GetAuthorizationToken".to_string(), "*".to_string())));
    assert!(
        !g.iter()
            .any(|(a, _)| a == "ecr:DeleteRepository" || a == "ecr:DescribeImages")
    );
    assert!(
        err.contains("refused: granting these would change what the role can do"),
        "{err}"
    );
    assert!(
        err.contains("DeleteRepository (AccessDenied, 1 event"),
        "{err}"
    );
    assert!(err.contains("RepositoryNotFoundException (1)"), "{err}");
}

#[test]
fn gzip_directories_and_standard_input_read_the_same_calls() {
    let plain = run(
        &[
            "generate",
            "--from-cloudtrail",
            &fixture("hand/ci-role.json"),
        ],
        b"",
    )
    .1;
    let dir = tempfile::tempdir().unwrap();
    let nested = dir
        .path()
        .join("AWSLogs/111122223333/CloudTrail/eu-west-1/2024/06/03");
    fs::create_dir_all(&nested).unwrap();
    let text = fs::read(fixture("hand/ci-role.json")).unwrap();
    gzip(
        &nested.join("111122223333_CloudTrail_eu-west-1_20240603T0800Z_abc.json.gz"),
        &text,
    );
    // A digest directory holds no events and is not read.
    let digest = dir.path().join("AWSLogs/111122223333/CloudTrail-Digest");
    fs::create_dir_all(&digest).unwrap();
    fs::write(digest.join("d.json.gz"), b"not gzip at all").unwrap();
    let (code, out, err) = run(
        &[
            "generate",
            "--from-cloudtrail",
            dir.path().to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, plain);
    assert!(!err.contains("warning"), "{err}");
    let (code, out, _) = run(&["generate", "--from-cloudtrail", "-"], &text);
    assert_eq!((code, out), (0, plain));
}

#[test]
fn several_callers_need_a_principal_and_sessions_name_their_role() {
    let both = [
        fixture("hand/ci-role.json"),
        fixture("hand/cross-account-govcloud.json"),
    ];
    let (code, out, err) = run(&["generate", "--from-cloudtrail", &both[0], &both[1]], b"");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("2 callers") && err.contains(CI), "{err}");
    let session = "arn:aws-us-gov:sts::222233334444:assumed-role/deploy/any-session";
    let (code, out, err) = run(
        &[
            "generate",
            "--from-cloudtrail",
            &both[0],
            &both[1],
            "--principal",
            session,
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("arn:aws-us-gov:ecr:us-gov-west-1:111122223333:repository/shared/base"),
        "{out}"
    );
    assert!(!out.contains("team/api"));
    let (code, _, err) = run(
        &[
            "generate",
            "--from-cloudtrail",
            &both[0],
            "--principal",
            "arn:aws:iam::111122223333:role/other",
        ],
        b"",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("made no ECR call") && err.contains(CI),
        "{err}"
    );
}

#[test]
fn per_principal_writes_a_file_per_caller_in_the_format_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("policies");
    let (code, _, err) = run(
        &[
            "generate",
            "--from-cloudtrail",
            &fixture("hand"),
            "--per-principal",
            "--output",
            out_dir.to_str().unwrap(),
            "--format",
            "terraform",
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    let mut names: Vec<String> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "111122223333-role-ci.tf",
            "222233334444-role-deploy.tf",
            "444455556666-user-release.tf"
        ]
    );
    let release = fs::read_to_string(out_dir.join("444455556666-user-release.tf")).unwrap();
    assert!(
        release.contains("ecr-public:PutImage") && release.contains("sts:GetServiceBearerToken"),
        "{release}"
    );
    // Existing files are not replaced without --force.
    let (code, _, err) = run(
        &[
            "generate",
            "--from-cloudtrail",
            &fixture("hand"),
            "--per-principal",
            "--output",
            out_dir.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code, 0, "json files are new: {err}");
    let (code, _, err) = run(
        &[
            "generate",
            "--from-cloudtrail",
            &fixture("hand"),
            "--per-principal",
            "--output",
            out_dir.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn the_athena_csv_is_read_with_counts_and_refusals() {
    let (code, out, err) = run(
        &[
            "generate",
            "--from-cloudtrail",
            &fixture("hand/athena.csv"),
            "--principal",
            CI,
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    let g = grants(&out);
    let web = "arn:aws:ecr:eu-west-1:111122223333:repository/team/web".to_string();
    let api = "arn:aws:ecr:eu-west-1:111122223333:repository/team/api".to_string();
    assert!(g.contains(&("ecr:BatchGetImage".to_string(), web.clone())));
    assert!(g.contains(&(
        "ecr:BatchGetRepositoryScanningConfiguration".to_string(),
        api
    )));
    assert!(!g.contains(&("ecr:PutImage".to_string(), web)));
    assert!(err.contains("PutImage (AccessDenied, 3 events"), "{err}");
    assert!(err.contains("4953 ECR events"), "{err}");
    // A window drops whole rows outside it.
    let (_, out, _) = run(
        &[
            "generate",
            "--from-cloudtrail",
            &fixture("hand/athena.csv"),
            "--principal",
            CI,
            "--since",
            "2024-06-14",
        ],
        b"",
    );
    assert!(!out.contains("team/web\"") || out.contains("BatchGetRepositoryScanningConfiguration"));
}

#[test]
fn the_window_bounds_the_calls_and_bad_times_are_refused() {
    let (code, out, err) = run(
        &[
            "generate",
            "--from-cloudtrail",
            &fixture("hand/ci-role.json"),
            "--until",
            "2024-06-03",
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("ecr:PutImage") && !out.contains("team/web"),
        "{out}"
    );
    assert!(err.contains("outside --since/--until"), "{err}");
    let (code, _, err) = run(
        &[
            "generate",
            "--from-cloudtrail",
            &fixture("hand/ci-role.json"),
            "--since",
            "June",
        ],
        b"",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("\"June\"") && err.contains("RFC 3339"),
        "{err}"
    );
}

#[test]
fn hand_flags_do_not_go_with_logs_and_bad_input_is_named() {
    let (code, _, err) = run(
        &[
            "generate",
            "--from-cloudtrail",
            &fixture("hand/ci-role.json"),
            "--repo",
            "web",
        ],
        b"",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("--repo cannot go with --from-cloudtrail"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.json");
    let text = fs::read_to_string(fixture("hand/ci-role.json")).unwrap();
    fs::write(&cut, &text[..text.len() / 2]).unwrap();
    let (code, _, err) = run(
        &["generate", "--from-cloudtrail", cut.to_str().unwrap()],
        b"",
    );
    assert!(err.contains("ends inside a JSON value"), "{err}");
    assert_eq!(code, 0, "the records before the cut still count: {err}");
    let (code, _, err) = run(&["generate", "--from-cloudtrail", "/nonexistent/logs"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("no CloudTrail log could be read"), "{err}");
}

#[test]
fn log_values_are_shown_without_their_control_characters() {
    let text = fs::read_to_string(fixture("hand/ci-role.json"))
        .unwrap()
        .replace("role/ci\"", "role/ci\\u001b[2J\"");
    let (code, _, err) = run(&["generate", "--from-cloudtrail", "-"], text.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("role/ci\\u001b[2J"), "{err}");
}

#[test]
fn check_usage_reports_unused_and_refused_access_and_the_gap() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("ci.json");
    fs::write(
        &policy,
        r#"{"Version": "2012-10-17", "Statement": [
 {"Sid": "Login", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
 {"Sid": "Repos", "Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
   "ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
   "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:DescribeRepositories"],
  "Resource": ["arn:aws:ecr:eu-west-1:111122223333:repository/team/api",
               "arn:aws:ecr:eu-west-1:111122223333:repository/team/web",
               "arn:aws:ecr:eu-west-1:111122223333:repository/team/old"]}]}"#,
    )
    .unwrap();
    let p = policy.to_str().unwrap();
    let (code, out, err) = run(&["check", p, "--usage", &fixture("hand/ci-role.json")], b"");
    assert_eq!(code, 1, "a refused call is a warning: {out}{err}");
    assert!(
        out.contains("note [unused-access] statement 2 (Sid Repos)"),
        "{out}"
    );
    assert!(
        out.contains("task push") && out.contains("team/old"),
        "{out}"
    );
    assert!(
        out.contains("warning [used-but-not-granted]") && out.contains("DeleteRepository"),
        "{out}"
    );
    assert!(
        out.contains("against the least-privilege policy of the calls seen"),
        "{out}"
    );
    let (_, sarif, _) = run(
        &[
            "check",
            p,
            "--usage",
            &fixture("hand/ci-role.json"),
            "--format",
            "sarif",
        ],
        b"",
    );
    let v: Value = serde_json::from_str(&sarif).unwrap();
    let rules: Vec<&str> = v["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"unused-access") && rules.contains(&"used-but-not-granted"));
    let (code, _, err) = run(&["check", p, "--usage", &fixture("hand")], b"");
    assert_eq!(code, 2);
    assert!(err.contains("--principal"), "{err}");
}

#[test]
fn the_wizard_reports_unreadable_logs_before_it_needs_a_terminal() {
    let (code, _, err) = run(&["--from-cloudtrail", "/nonexistent/logs"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("no CloudTrail log could be read"), "{err}");
    let (code, _, err) = run(
        &[
            "--from-cloudtrail",
            &fixture("hand/ci-role.json"),
            "--from",
            "policy.json",
        ],
        b"",
    );
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
    let (code, _, err) = run(
        &[
            "--from-cloudtrail",
            &fixture("hand"),
            "--principal",
            "arn:aws:iam::111122223333:role/nobody",
        ],
        b"",
    );
    assert_eq!(code, 2);
    assert!(err.contains("made no ECR call"), "{err}");
}

#[test]
fn a_window_without_logs_is_refused() {
    for args in [
        &[
            "generate",
            "--region",
            "us-east-1",
            "--account",
            "111122223333",
            "--repo",
            "web",
            "--since",
            "2024-06-01",
        ][..],
        &["check", "x.json", "--until", "2024-06-01"][..],
        &["--since", "2024-06-01"][..],
    ] {
        let (code, _, err) = run(args, b"");
        assert_eq!(code, 2, "{args:?}");
        assert!(
            err.contains("--since and --until bound the calls read"),
            "{args:?}: {err}"
        );
    }
}
