//! Table tests for pasted repository input: image URIs and ARNs, wildcard descriptions, and
//! registries that are not ECR.

use super::*;
use crate::policy::spec::model::Field;

const ACCT: &str = "123456789012";

// ---------------------------------------------------------------- URIs and ARNs

type Want = Result<
    (
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    ),
    (Field, &'static str, &'static [&'static str]),
>;

fn check_repo_inputs(cases: &[(String, Want)]) {
    for (input, want) in cases {
        let got = parse_repo_input(input);
        match (got, want) {
            (Ok(r), Ok((name, account, region, partition))) => {
                assert_eq!(r.name, *name, "{input}");
                assert_eq!(r.account.as_deref(), *account, "{input}");
                assert_eq!(r.region.as_deref(), *region, "{input}");
                assert_eq!(r.partition, *partition, "{input}");
                assert_eq!(validate_repository_name(&r.name), Ok(()), "{input}");
            }
            (Err(e), Err((field, value, fragments))) => {
                assert_eq!(e.field, *field, "{input}: {e}");
                assert_eq!(e.value, *value, "{input}: {e}");
                for f in *fragments {
                    assert!(
                        e.message.contains(f),
                        "{input}: {:?} lacks {f:?}",
                        e.message
                    );
                }
            }
            (got, want) => panic!("{input}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn good_uris_and_arns_yield_name_account_region_partition() {
    let digest = format!("sha256:{}", "0123456789abcdef".repeat(4));
    let cases: Vec<(String, Want)> = vec![
        ("my-app".into(), Ok(("my-app", None, None, None))),
        ("  team/*  ".into(), Ok(("team/*", None, None, None))),
        (
            format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.com/my-app"),
            Ok(("my-app", Some(ACCT), Some("us-east-1"), Some("aws"))),
        ),
        (
            format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.com/my-app:latest"),
            Ok(("my-app", Some(ACCT), Some("us-east-1"), Some("aws"))),
        ),
        (
            format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.com/my-app@{digest}"),
            Ok(("my-app", Some(ACCT), Some("us-east-1"), Some("aws"))),
        ),
        (
            format!("{ACCT}.dkr.ecr.eu-west-1.amazonaws.com/team/sub/app:v1.2.3"),
            Ok(("team/sub/app", Some(ACCT), Some("eu-west-1"), Some("aws"))),
        ),
        (
            format!("https://{ACCT}.dkr.ecr.us-east-1.amazonaws.com/my-app"),
            Ok(("my-app", Some(ACCT), Some("us-east-1"), Some("aws"))),
        ),
        (
            "012345678901.dkr.ecr.us-east-1.amazonaws.com/my-app".into(),
            Ok((
                "my-app",
                Some("012345678901"),
                Some("us-east-1"),
                Some("aws"),
            )),
        ),
        (
            format!("{ACCT}.dkr.ecr.cn-north-1.amazonaws.com.cn/app"),
            Ok(("app", Some(ACCT), Some("cn-north-1"), Some("aws-cn"))),
        ),
        (
            format!("{ACCT}.dkr.ecr.cn-northwest-1.amazonaws.com.cn/team/app:1"),
            Ok((
                "team/app",
                Some(ACCT),
                Some("cn-northwest-1"),
                Some("aws-cn"),
            )),
        ),
        (
            format!("{ACCT}.dkr.ecr.us-gov-west-1.amazonaws.com/app"),
            Ok(("app", Some(ACCT), Some("us-gov-west-1"), Some("aws-us-gov"))),
        ),
        (
            format!("{ACCT}.dkr.ecr-fips.us-east-1.amazonaws.com/app"),
            Ok(("app", Some(ACCT), Some("us-east-1"), Some("aws"))),
        ),
        (
            format!("{ACCT}.dkr.ecr-fips.us-gov-east-1.amazonaws.com/app"),
            Ok(("app", Some(ACCT), Some("us-gov-east-1"), Some("aws-us-gov"))),
        ),
        (
            format!("arn:aws:ecr:us-east-1:{ACCT}:repository/team/app"),
            Ok(("team/app", Some(ACCT), Some("us-east-1"), Some("aws"))),
        ),
        (
            format!("arn:aws:ecr:*:{ACCT}:repository/app"),
            Ok(("app", Some(ACCT), None, Some("aws"))),
        ),
        (
            format!("arn:aws:ecr:us-east-1:{ACCT}:repository/team/*"),
            Ok(("team/*", Some(ACCT), Some("us-east-1"), Some("aws"))),
        ),
        (
            format!("arn:aws-us-gov:ecr:us-gov-west-1:{ACCT}:repository/app"),
            Ok(("app", Some(ACCT), Some("us-gov-west-1"), Some("aws-us-gov"))),
        ),
        (
            format!("arn:aws-cn:ecr:cn-north-1:{ACCT}:repository/app"),
            Ok(("app", Some(ACCT), Some("cn-north-1"), Some("aws-cn"))),
        ),
    ];
    check_repo_inputs(&cases);
}

#[test]
fn bad_uris_and_arns_explain_the_mistake() {
    let uri_base = format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.com");
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let cn_wrong_suffix = leak(format!("{ACCT}.dkr.ecr.cn-north-1.amazonaws.com/app"));
    let unknown_domain = leak(format!("{ACCT}.dkr.ecr.us-east-1.example.com/app"));
    let no_path = leak(uri_base.clone());
    let gov_as_aws = leak(format!("arn:aws:ecr:us-gov-west-1:{ACCT}:repository/app"));
    let cn_as_aws = leak(format!("arn:aws:ecr:cn-north-1:{ACCT}:repository/app"));
    let s3 = "arn:aws:s3:::my-bucket";
    let no_repository = leak(format!("arn:aws:ecr:us-east-1:{ACCT}:my-app"));
    let uri_in_arn = leak(format!(
        "arn:aws:ecr:us-east-1:{ACCT}:repository/{uri_base}/app"
    ));
    let short_arn = "arn:aws:ecr:us-east-1";
    let mars = leak(format!("arn:aws-mars:ecr:us-east-1:{ACCT}:repository/app"));
    let pattern_uri = leak(format!("{uri_base}/team/*"));
    let cases: Vec<(String, Want)> = vec![
        (
            cn_wrong_suffix.into(),
            Err((
                Field::Repository,
                cn_wrong_suffix,
                &["amazonaws.com.cn", "aws-cn"],
            )),
        ),
        (
            unknown_domain.into(),
            Err((
                Field::Repository,
                unknown_domain,
                &["example.com", "not an ECR registry"],
            )),
        ),
        (
            format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.org/app"),
            Err((
                Field::Repository,
                leak(format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.org/app")),
                &["amazonaws.org"],
            )),
        ),
        (
            no_path.into(),
            Err((Field::Repository, no_path, &["without a repository"])),
        ),
        (
            format!("{uri_base}/"),
            Err((Field::Repository, "", &["empty"])),
        ),
        (
            "12345.dkr.ecr.us-east-1.amazonaws.com/app".into(),
            Err((Field::Account, "12345", &["5 digits"])),
        ),
        (
            format!("{ACCT}.dkr.ecr.moon-base-1.amazonaws.com/app"),
            Err((Field::Region, "moon-base-1", &["region"])),
        ),
        (
            format!("{uri_base}/MyApp:latest"),
            Err((Field::Repository, "MyApp", &["lowercase"])),
        ),
        (
            format!("{uri_base}/x"),
            Err((Field::Repository, "x", &["2 to 256"])),
        ),
        (
            pattern_uri.into(),
            Err((Field::Repository, pattern_uri, &["pattern"])),
        ),
        (
            gov_as_aws.into(),
            Err((
                Field::Repository,
                gov_as_aws,
                &["partition aws ", "aws-us-gov"],
            )),
        ),
        (
            cn_as_aws.into(),
            Err((Field::Repository, cn_as_aws, &["aws-cn"])),
        ),
        (s3.into(), Err((Field::Repository, s3, &["\"s3\""]))),
        (
            no_repository.into(),
            Err((Field::Repository, no_repository, &["repository/"])),
        ),
        (
            uri_in_arn.into(),
            Err((Field::Repository, uri_in_arn, &["image URI inside"])),
        ),
        (
            short_arn.into(),
            Err((Field::Repository, short_arn, &["not a complete ARN"])),
        ),
        (
            mars.into(),
            Err((Field::Repository, mars, &["\"aws-mars\""])),
        ),
        (
            "arn:aws:ecr:us-east-1:1234:repository/app".into(),
            Err((Field::Account, "1234", &["4 digits"])),
        ),
        (
            format!("arn:aws:ecr:us-east-1:{ACCT}:repository/My-App"),
            Err((Field::Repository, "My-App", &["lowercase"])),
        ),
    ];
    check_repo_inputs(&cases);
}

#[test]
fn wildcard_descriptions_explain_namespace_and_prefix_matching() {
    assert_eq!(describe_wildcard("my-app"), None);
    assert!(describe_wildcard("*").unwrap().contains("every repository"));
    let ns = describe_wildcard("team/*").unwrap();
    assert!(ns.contains("not a repository named exactly team"), "{ns}");
    let prefix = describe_wildcard("app-*").unwrap();
    assert!(prefix.contains("starts with app-"), "{prefix}");
    assert!(
        describe_wildcard("a?c")
            .unwrap()
            .contains("? matches one character")
    );
}

#[test]
fn uppercase_registry_host_is_understood() {
    let r = parse_repo_input("123456789012.DKR.ECR.US-EAST-1.AMAZONAWS.COM/web:latest").unwrap();
    assert_eq!(r.name, "web");
    assert_eq!(r.region.as_deref(), Some("us-east-1"));
    let e = parse_repo_input("123456789012.dkr.ecr.us-east-1.amazonaws.com/Web").unwrap_err();
    assert!(e.message.contains("uppercase"), "{e}");
}

#[test]
fn other_registries_are_refused_with_a_reason() {
    for input in [
        "public.ecr.aws/nginx/nginx",
        "docker.io/library/nginx",
        "ghcr.io/org/app",
        "europe-docker.pkg.dev/p/r/i",
    ] {
        let e = parse_repo_input(input).unwrap_err();
        assert_eq!(e.field, Field::Repository, "{input}");
        assert!(e.message.contains("another registry"), "{input}: {e}");
    }
    // A namespace that merely has a dot stays a valid name, as AWS allows it.
    assert_eq!(parse_repo_input("my.team/app").unwrap().name, "my.team/app");
    // Pull-through cache prefixes are ordinary names.
    assert!(parse_repo_input("docker-hub/library/nginx").is_ok());
}
