//! Input checked at the door: region typos, malformed image references, names starting with a
//! hyphen, the partition `--region '*'` falls back to, and one `error: …` style for failures.

use assert_cmd::cargo::cargo_bin_cmd;

const ACCT: &str = "123456789012";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = cargo_bin_cmd!("ecr-policy")
        .env_remove("ECR_POLICY_VERBOSE")
        .env_remove("ECR_POLICY_FAIL_BEFORE_RENAME")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn generate(region: &str, repo: &str) -> Run {
    run(&[
        "generate",
        "--region",
        region,
        "--account",
        ACCT,
        "--repo",
        repo,
    ])
}

#[test]
fn a_region_typo_is_refused_with_the_code_meant() {
    for (typo, meant) in [
        ("eu-wset-1", "eu-west-1"),
        ("us-est-1", "us-east-1"),
        ("eu-west1", "eu-west-1"),
    ] {
        let r = generate(typo, "web");
        assert_eq!(r.code, 2, "{typo}: {}", r.stderr);
        assert!(r.stdout.is_empty());
        assert!(
            r.stderr.starts_with(&format!("error: region \"{typo}\"")),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains(&format!("did you mean {meant}?")),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn a_new_region_of_a_known_family_is_accepted_with_the_warning() {
    let r = generate("ap-southeast-9", "web");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("arn:aws:ecr:ap-southeast-9:"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("warning [region-unknown]"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
}

#[test]
fn a_region_typo_inside_an_image_uri_is_refused_too() {
    let uri = format!("{ACCT}.dkr.ecr.eu-wset-1.amazonaws.com/web");
    let r = run(&["generate", "--repo", &uri]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("did you mean eu-west-1?"), "{}", r.stderr);
}

#[test]
fn a_malformed_tag_or_digest_is_an_error_naming_the_part() {
    let base = format!("{ACCT}.dkr.ecr.eu-west-1.amazonaws.com/web");
    for (suffix, part) in [
        (":", "malformed tag \"\""),
        (":-rc1", "malformed tag \"-rc1\""),
        (":v1 beta", "malformed tag \"v1 beta\""),
        ("@sha256:abc", "malformed digest \"sha256:abc\""),
        ("@md5:0123", "malformed digest \"md5:0123\""),
        (":1.0@", "malformed digest \"\""),
    ] {
        let uri = format!("{base}{suffix}");
        let r = run(&["generate", "--repo", &uri]);
        assert_eq!(r.code, 2, "{uri}: {}", r.stderr);
        assert!(
            r.stdout.is_empty(),
            "nothing trimmed and printed: {}",
            r.stdout
        );
        assert!(r.stderr.contains(part), "{uri}: {}", r.stderr);
        assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    }
    let digest = format!("@sha256:{}", "0123456789abcdef".repeat(4));
    for good in [
        ":latest".to_string(),
        digest.clone(),
        format!(":1.0{digest}"),
    ] {
        let r = run(&["generate", "--repo", &format!("{base}{good}")]);
        assert_eq!(r.code, 0, "{good}: {}", r.stderr);
        assert!(r.stdout.contains("repository/web\""), "{}", r.stdout);
    }
}

#[test]
fn a_repository_name_starting_with_a_hyphen_reaches_the_name_rule() {
    let r = generate("eu-west-1", "-web");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("error: repository \"-web\""),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("unexpected argument"), "{}", r.stderr);
}

#[test]
fn region_star_says_which_partition_it_used() {
    let r = generate("*", "web");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("note: region * without --partition: using partition aws ("),
        "{}",
        r.stderr
    );
    let uri = format!("{ACCT}.dkr.ecr.cn-north-1.amazonaws.com.cn/app");
    let r = run(&[
        "generate", "--region", "*", "--repo", &uri, "--preset", "pull",
    ]);
    assert!(
        r.stderr.contains("using partition aws-cn ("),
        "{}",
        r.stderr
    );
    for args in [
        &["--region", "*", "--partition", "aws-us-gov"][..],
        &["--region", "eu-west-1"][..],
    ] {
        let r = run(&[&["generate", "--account", ACCT, "--repo", "web"][..], args].concat());
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            !r.stderr.contains("note: region *"),
            "{args:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn every_failure_uses_the_error_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("p.json");
    std::fs::write(&existing, "{}").unwrap();
    let existing = existing.to_str().unwrap();
    let missing = dir.path().join("nope/p.json");
    let missing = missing.to_str().unwrap();
    let gen_args = [
        "generate",
        "--region",
        "eu-west-1",
        "--account",
        ACCT,
        "--repo",
        "web",
    ];
    for args in [
        [&gen_args[..], &["--output", existing]].concat(),
        [&gen_args[..], &["--output", missing]].concat(),
        vec!["generate", "--from", missing],
        vec!["check", missing],
        vec!["generate", "--region", "eu-wset-1"],
        vec!["generate", "--bogus"],
        vec!["check", "--exclude", "[", existing],
        vec!["diff", "-", "-"],
        vec!["diff", missing, existing],
        vec!["generate", "--from-error", "hello"],
    ] {
        let r = run(&args);
        assert_ne!(r.code, 0, "{args:?}");
        assert!(r.stderr.starts_with("error: "), "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("ecr-policy: "), "{args:?}: {}", r.stderr);
    }
}
