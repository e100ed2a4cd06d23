//! Tables of principals, organisation IDs and source ARNs, accepted and refused.

use super::*;

#[test]
fn principals_are_read_by_kind() {
    let role = parse_principal(" arn:aws:iam::222233334444:role/ci ").unwrap();
    assert_eq!(
        role,
        Principal::Arn {
            arn: "arn:aws:iam::222233334444:role/ci".into(),
            account: "222233334444".into(),
            partition: "aws".into(),
        }
    );
    assert_eq!(role.describe(), "role ci in account 222233334444");
    assert_eq!(
        parse_principal("2222-3333-4444").unwrap(),
        Principal::Account("222233334444".into())
    );
    assert_eq!(
        parse_principal("arn:aws-us-gov:iam::222233334444:root").unwrap(),
        Principal::Account("222233334444".into())
    );
    let Principal::Service {
        service,
        source_arn,
    } = parse_principal("Lambda.amazonaws.com").unwrap()
    else {
        panic!("not a service");
    };
    assert_eq!(service.principal, "lambda.amazonaws.com");
    assert_eq!(source_arn, None);
    let path = parse_principal("arn:aws:iam::222233334444:user/team/alice").unwrap();
    assert_eq!(path.describe(), "user alice in account 222233334444");
}

#[test]
fn an_assumed_role_session_stands_for_its_role() {
    let p =
        parse_principal("arn:aws:sts::222233334444:assumed-role/ci-runner/GitHubActions").unwrap();
    assert_eq!(
        p,
        Principal::Arn {
            arn: "arn:aws:iam::222233334444:role/ci-runner".into(),
            account: "222233334444".into(),
            partition: "aws".into(),
        }
    );
}

#[test]
fn malformed_principals_are_refused_with_a_reason() {
    let cases = [
        ("", "is empty"),
        ("*", "--principal-org"),
        ("o-a1b2c3d4e5", "--principal-org"),
        ("ecs-tasks.amazonaws.com", "pull with a role"),
        ("arn:aws:iam::222233334444:group/devs", "IAM group"),
        ("arn:aws:iam::2222:role/ci", "12-digit"),
        (
            "arn:aws:iam:us-east-1:222233334444:role/ci",
            "names a region",
        ),
        ("arn:aws:iam::222233334444:role/ci-*", "wildcard"),
        ("arn:aws:s3:::bucket", "not a role"),
        ("arn:aws:iam::222233334444:role/", "not a role"),
        ("ci-role", "not a principal"),
    ];
    for (raw, want) in cases {
        let e = parse_principal(raw).unwrap_err();
        assert_eq!(e.field, Field::Principal, "{raw}");
        assert!(e.message.contains(want), "{raw}: {}", e.message);
    }
}

#[test]
fn organisation_ids_follow_the_organizations_pattern() {
    for ok in ["o-a1b2c3d4e5", "o-abcdefghijklmnopqrstuvwxyz012345"] {
        assert_eq!(parse_org_id(ok).unwrap(), ok);
    }
    for bad in [
        "o-short",
        "o-A1B2C3D4E5",
        "a1b2c3d4e5",
        "o-abcdefghijklmnopqrstuvwxyz0123456",
        "ou-ab12-cdefgh12",
        "o-a1b2c3d4e5!",
    ] {
        assert!(parse_org_id(bad).is_err(), "{bad}");
    }
    assert!(
        parse_org_id("o-A1B2C3D4E5")
            .unwrap_err()
            .message
            .contains("lowercase")
    );
}

#[test]
fn who_needs_which_document() {
    let reg = "111122223333";
    let other = parse_principal("222233334444").unwrap();
    let same = parse_principal("arn:aws:iam::111122223333:role/app").unwrap();
    let org = Principal::Organization("o-a1b2c3d4e5".into());
    let lambda = parse_principal("lambda.amazonaws.com").unwrap();
    assert!(other.needs_repository_policy(reg) && other.needs_identity_policy());
    assert!(!same.needs_repository_policy(reg) && same.needs_identity_policy());
    assert!(org.needs_repository_policy(reg) && org.needs_identity_policy());
    assert!(lambda.needs_repository_policy(reg) && !lambda.needs_identity_policy());
}

#[test]
fn source_arns_are_checked_against_the_service() {
    let lambda = find_service("lambda.amazonaws.com").unwrap();
    for ok in [
        "arn:aws:lambda:us-east-1:111122223333:function:my-fn",
        "arn:aws:lambda:us-east-1:111122223333:function:*",
        "arn:aws-cn:lambda:cn-north-1:111122223333:function:api:prod",
    ] {
        assert_eq!(parse_source_arn(lambda, ok).unwrap(), ok);
    }
    for bad in [
        "arn:aws:codebuild:us-east-1:111122223333:project/x",
        "arn:aws:lambda::111122223333:function:x",
        "arn:aws:lambda:us-east-1:1111:function:x",
        "arn:aws:lambda:us-east-1:111122223333:layer:x",
        "arn:aws:lambda:us-east-1:111122223333:function:",
        "my-fn",
    ] {
        assert!(parse_source_arn(lambda, bad).is_err(), "{bad}");
    }
    assert_eq!(
        source_arn_or_default(lambda, None, "aws-cn", "cn-north-1", "111122223333"),
        "arn:aws-cn:lambda:cn-north-1:111122223333:function:*"
    );
    assert_eq!(
        source_account("arn:aws:lambda:us-east-1:444455556666:function:*"),
        Some("444455556666")
    );
}

#[test]
fn placement_says_where_each_document_goes() {
    let repos = vec!["api".to_string(), "web".to_string()];
    let role = parse_principal("arn:aws:iam::222233334444:role/ci").unwrap();
    let (identity, repository) = placement(&role, "111122223333", &repos);
    assert_eq!(
        identity,
        "Attach the identity policy to role ci in account 222233334444."
    );
    assert_eq!(
        repository,
        "In account 111122223333: set the repository policy on api and web."
    );
    let lambda = parse_principal("lambda.amazonaws.com").unwrap();
    assert!(
        placement(&lambda, "111122223333", &repos)
            .0
            .starts_with("No identity policy")
    );
    let same = parse_principal("arn:aws:iam::111122223333:role/app").unwrap();
    assert!(
        placement(&same, "111122223333", &repos)
            .1
            .starts_with("No repository policy")
    );
    let elsewhere = Principal::Service {
        service: find_service("lambda.amazonaws.com").unwrap(),
        source_arn: Some("arn:aws:lambda:eu-west-1:444455556666:function:*".into()),
    };
    let text = placement(&elsewhere, "111122223333", &repos).0;
    assert!(
        text.contains("account 444455556666 that create or update the function"),
        "{text}"
    );
}

#[test]
fn every_service_action_is_an_ecr_repository_action() {
    use crate::policy::spec::catalog::find_action;
    for s in SERVICES {
        assert!(s.principal.ends_with(".amazonaws.com"), "{}", s.principal);
        assert!(
            s.sid.chars().all(|c| c.is_ascii_alphanumeric()),
            "{}",
            s.sid
        );
        for a in s.actions {
            let id = find_action(a).unwrap_or_else(|| panic!("{a} is not an ECR action"));
            assert!(!id.info().star_only, "{a} only works on \"*\"");
        }
    }
}

#[test]
fn role_and_user_arns_follow_iams_name_and_path_rules() {
    let long_name = "n".repeat(64);
    let long_path = format!("{}/", "p".repeat(510));
    for ok in [
        "arn:aws:iam::222233334444:role/service-role/team.a/ci+x=y,z@w-1".to_string(),
        format!("arn:aws:iam::222233334444:user/{long_name}"),
        // IAM's path takes any of ! to ~, shell characters included: quoting keeps them inert.
        "arn:aws:iam::222233334444:role/a$b;c/ci".to_string(),
        format!("arn:aws:iam::222233334444:role/{long_path}ci"),
        "arn:aws-iso-b:iam::222233334444:role/ci".to_string(),
        "arn:aws:sts::222233334444:assumed-role/ci/i-0123456789abcdef0".to_string(),
    ] {
        assert!(
            parse_principal(&ok).is_ok(),
            "{ok}: {:?}",
            parse_principal(&ok)
        );
    }
    let too_long = "n".repeat(65);
    let path_too_long = format!("{}/", "p".repeat(511));
    let cases = [
        (
            "arn:aws:iam::222233334444:role/ci; touch PWNED".to_string(),
            "role name",
        ),
        (
            "arn:aws:iam::222233334444:role/$(touch PWNED)".to_string(),
            "role name",
        ),
        (
            "arn:aws:iam::222233334444:user/a b".to_string(),
            "user name",
        ),
        (
            "arn:aws:iam::222233334444:role/\u{1b}[2J".to_string(),
            "role name",
        ),
        (
            "arn:aws:iam::222233334444:role/team x/ci".to_string(),
            "path",
        ),
        (
            "arn:aws:iam::222233334444:role/t\u{202e}/ci".to_string(),
            "path",
        ),
        (
            "arn:aws:iam::222233334444:role/team//ci".to_string(),
            "empty part",
        ),
        (
            "arn:aws:iam::222233334444:role/team/".to_string(),
            "role name",
        ),
        (
            format!("arn:aws:iam::222233334444:role/{too_long}"),
            "1 to 64",
        ),
        (
            format!("arn:aws:iam::222233334444:role/{path_too_long}ci"),
            "at most 512",
        ),
        (
            "arn:aws:iam::222233334444:role/*/ci".to_string(),
            "wildcard",
        ),
        (
            "arn:evil:iam::222233334444:role/ci".to_string(),
            "partition",
        ),
        (
            "arn:$(id):iam::222233334444:role/ci".to_string(),
            "partition",
        ),
        (
            "arn:aws:sts::222233334444:assumed-role/ci/a b".to_string(),
            "session name",
        ),
        (
            "arn:aws:sts::222233334444:assumed-role/ci/x".to_string(),
            "session name",
        ),
        (
            "arn:aws:sts::222233334444:assumed-role/c i/s1".to_string(),
            "role name",
        ),
        ("222233334444; touch PWNED".to_string(), "not a principal"),
    ];
    for (raw, rule) in cases {
        let e = parse_principal(&raw).unwrap_err();
        assert_eq!(e.field, Field::Principal, "{raw}");
        assert!(e.message.contains(rule), "{raw}: {}", e.message);
        // The message names the value, quoted and with nothing hidden.
        let shown = e.to_string();
        assert!(shown.starts_with("principal \""), "{shown}");
        assert!(!shown.chars().any(char::is_control), "{shown}");
    }
}

#[test]
fn source_arns_refuse_what_no_function_or_project_is_named() {
    let lambda = find_service("lambda.amazonaws.com").unwrap();
    for bad in [
        "arn:aws:lambda:us-east-1:111122223333:function:$(touch PWNED)",
        "arn:aws:lambda:us-east-1:111122223333:function:a b",
        "arn:nope:lambda:us-east-1:111122223333:function:x",
        "arn:aws:lambda:US EAST:111122223333:function:x",
    ] {
        assert!(parse_source_arn(lambda, bad).is_err(), "{bad}");
    }
}

#[test]
fn a_lambda_function_in_another_region_than_the_repository_is_refused() {
    let lambda = find_service("lambda.amazonaws.com").unwrap();
    let fn_arn = "arn:aws:lambda:us-east-1:111122223333:function:api";
    assert!(check_source_region(lambda, fn_arn, "us-east-1").is_ok());
    let e = check_source_region(lambda, fn_arn, "eu-west-1").unwrap_err();
    assert_eq!(e.field, Field::Principal);
    assert!(
        e.message.contains("us-east-1") && e.message.contains("eu-west-1"),
        "{}",
        e.message
    );
    // Patterns are not judged; CodeBuild is not held to the region.
    assert!(check_source_region(lambda, fn_arn, "*").is_ok());
    let any = "arn:aws:lambda:*:111122223333:function:api";
    assert!(check_source_region(lambda, any, "eu-west-1").is_ok());
    let codebuild = find_service("codebuild.amazonaws.com").unwrap();
    let project = "arn:aws:codebuild:us-east-1:111122223333:project/build";
    assert!(check_source_region(codebuild, project, "eu-west-1").is_ok());
}
