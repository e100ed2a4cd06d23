//! Records from AWS's documentation (tests/fixtures/cloudtrail/aws) and written by hand
//! (tests/fixtures/cloudtrail/hand) into calls.

use super::*;
use crate::policy::trail::scan::{Item, Splitter};

/// Every call of a whole file, read through the splitter.
fn read(text: &str) -> Usage {
    let mut usage = Usage::default();
    let mut s = Splitter::new(1 << 20);
    s.feed(text.as_bytes(), &mut |item| match item {
        Item::Record(r) => read_record(r, &Window::default(), &mut usage),
        Item::LookupEvent(r) => read_lookup_event(r, &Window::default(), &mut usage),
        Item::Oversized => usage.skipped.oversized += 1,
    });
    s.finish().unwrap();
    usage
}

fn only_call(u: &Usage) -> (&Call, u64) {
    assert_eq!(u.calls.len(), 1, "{:#?}", u.calls);
    let (c, s) = u.calls.iter().next().unwrap();
    (c, s.count)
}

macro_rules! aws {
    ($name:literal) => {
        include_str!(concat!("../../../../tests/fixtures/cloudtrail/aws/", $name))
    };
}

macro_rules! hand {
    ($name:literal) => {
        include_str!(concat!(
            "../../../../tests/fixtures/cloudtrail/hand/",
            $name
        ))
    };
}

#[test]
fn aws_pull_example_is_a_batch_get_image_by_the_user() {
    let u = read(aws!("batch-get-image.json"));
    let (c, n) = only_call(&u);
    assert_eq!(n, 1);
    assert_eq!(c.event, "BatchGetImage");
    // AWS's example writes the user's ARN in the sts namespace; it is taken as written.
    assert_eq!(c.caller, "arn:aws:sts::123456789012:user/Mary_Major");
    assert_eq!(c.account, "123456789012");
    assert_eq!(c.region, "us-east-2");
    assert_eq!(c.repository.as_deref(), Some("testrepo"));
    assert_eq!(c.outcome, Outcome::Succeeded);
}

#[test]
fn aws_push_and_create_examples() {
    let u = read(aws!("put-image.json"));
    let (c, _) = only_call(&u);
    assert_eq!(
        (c.event.as_str(), c.repository.as_deref()),
        ("PutImage", Some("testrepo"))
    );
    // The create example is an AssumedRole event: the caller is the session's role.
    let u = read(aws!("create-repository.json"));
    let (c, _) = only_call(&u);
    assert_eq!(c.caller, "arn:aws:iam::123456789012:role/Admin");
    assert_eq!(c.event, "CreateRepository");
}

#[test]
fn aws_public_examples_are_ecr_public_calls() {
    let u = read(aws!("public-create-repository.json"));
    let (c, _) = only_call(&u);
    assert_eq!(c.service, TrailService::Public);
    assert_eq!(c.caller, "arn:aws:iam::123456789012:user/admin");
    assert_eq!(c.repository.as_deref(), Some("ecr-tutorial"));
    let u = read(aws!("public-put-image.json"));
    assert_eq!(only_call(&u).0.event, "PutImage");
}

#[test]
fn other_services_lifecycle_runs_and_errors_are_not_grants() {
    let u = read(aws!("kms-create-grant.json"));
    assert!(u.calls.is_empty());
    assert_eq!((u.records, u.ecr_events), (1, 0));
    let u = read(aws!("lifecycle-policy.json"));
    assert!(u.calls.is_empty());
    assert_eq!(u.skipped.service_events, 1);
    let u = read(aws!("error-update-trail.json"));
    assert!(u.calls.is_empty());
    let u = read(aws!("lookup-events.json"));
    assert_eq!((u.records, u.ecr_events), (1, 0));
}

#[test]
fn hand_written_role_sessions_are_one_caller_and_outcomes_are_kept_apart() {
    let u = read(hand!("ci-role.json"));
    assert_eq!(u.records, 14);
    assert_eq!(
        u.callers().into_iter().collect::<Vec<_>>(),
        ["arn:aws:iam::111122223333:role/ci"]
    );
    let outcome = |event: &str| {
        u.calls
            .keys()
            .find(|c| c.event == event)
            .map(|c| c.outcome.clone())
            .unwrap()
    };
    assert_eq!(
        outcome("DeleteRepository"),
        Outcome::Refused("AccessDenied".into())
    );
    assert_eq!(
        outcome("DescribeImages"),
        Outcome::Failed("RepositoryNotFoundException".into())
    );
    let login = u
        .calls
        .keys()
        .find(|c| c.event == "GetAuthorizationToken")
        .unwrap();
    assert_eq!(login.repository, None);
    assert_eq!(login.account, "111122223333");
    // DescribeRepositories without names lists every repository.
    let all = u
        .calls
        .keys()
        .find(|c| c.event == "DescribeRepositories")
        .unwrap();
    assert_eq!(all.repository.as_deref(), Some("*"));
}

#[test]
fn hand_written_cross_account_pull_in_govcloud() {
    let u = read(hand!("cross-account-govcloud.json"));
    let callers: Vec<&str> = u.callers().into_iter().collect();
    assert_eq!(callers, ["arn:aws-us-gov:iam::222233334444:role/deploy"]);
    let pull = u
        .calls
        .keys()
        .find(|c| c.event == "GetDownloadUrlForLayer")
        .unwrap();
    assert_eq!(
        pull.account, "111122223333",
        "the registry, not the caller's account"
    );
    assert_eq!(pull.region, "us-gov-west-1");
    let login = u
        .calls
        .keys()
        .find(|c| c.event == "GetAuthorizationToken")
        .unwrap();
    assert_eq!(login.account, "222233334444");
    assert_eq!(u.skipped.root, 1);
    assert_eq!(u.skipped.no_caller.get("AWSService"), Some(&1));
}

#[test]
fn lookup_events_entries_are_parsed_twice() {
    let inner = r#"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/dev"},"eventTime":"2024-06-01T00:00:00Z","eventSource":"ecr.amazonaws.com","eventName":"ListImages","awsRegion":"ca-central-1","requestParameters":{"repositoryName":"web","registryId":"111122223333"},"eventType":"AwsApiCall","recipientAccountId":"111122223333"}"#;
    let text =
        serde_json::json!({"Events": [{"EventId": "1", "CloudTrailEvent": inner}]}).to_string();
    let u = read(&text);
    let (c, _) = only_call(&u);
    assert_eq!(
        (c.event.as_str(), c.region.as_str()),
        ("ListImages", "ca-central-1")
    );
}

#[test]
fn the_window_session_arns_and_broken_records() {
    let rec = |time: &str, extra: &str| {
        format!(
            r#"{{"eventTime":"{time}","eventSource":"ecr.amazonaws.com","eventName":"ListImages","awsRegion":"us-east-1","userIdentity":{{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/app/s1"}},"requestParameters":{{"repositoryName":"web"{extra}}},"recipientAccountId":"111122223333"}}"#
        )
    };
    let w = Window::parse(Some("2024-06-01"), None).unwrap();
    let mut u = Usage::default();
    read_record(rec("2024-05-31T23:59:59Z", "").as_bytes(), &w, &mut u);
    read_record(rec("2024-06-01T00:00:00Z", "").as_bytes(), &w, &mut u);
    read_record(
        rec("2024-06-02T00:00:00Z", r#","repositoryNames":7"#).as_bytes(),
        &w,
        &mut u,
    );
    read_record(
        rec("2024-06-02T00:00:00Z", "")
            .replace("\"web\"", "\"Bad Name\"")
            .as_bytes(),
        &w,
        &mut u,
    );
    assert_eq!(u.skipped.outside_window, 1);
    assert_eq!(u.skipped.malformed, 1);
    assert_eq!(u.skipped.no_repository, 1);
    let (c, _) = only_call(&u);
    // No sessionIssuer: the role comes from the session ARN.
    assert_eq!(c.caller, "arn:aws:iam::111122223333:role/app");
    assert_eq!(
        role_of_session("arn:aws-cn:sts::111122223333:assumed-role/r/x").as_deref(),
        Some("arn:aws-cn:iam::111122223333:role/r")
    );
    assert_eq!(role_of_session("arn:aws:iam::111122223333:role/r"), None);
}

#[test]
fn unknown_event_names_are_counted_not_granted() {
    let r = r#"{"eventTime":"2024-06-01T00:00:00Z","eventSource":"ecr.amazonaws.com","eventName":"StartReplicationBackfill","awsRegion":"us-east-1","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/u"},"recipientAccountId":"111122223333"}"#;
    let mut u = Usage::default();
    read_record(r.as_bytes(), &Window::default(), &mut u);
    assert!(u.calls.is_empty());
    assert_eq!(
        u.skipped.unmapped.get("ecr:StartReplicationBackfill"),
        Some(&1)
    );
}
