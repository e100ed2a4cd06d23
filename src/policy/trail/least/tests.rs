//! The least-privilege policy of the hand-written and AWS fixtures.

use super::*;
use crate::policy::emit::build::render_policy;
use crate::policy::trail::record::read_record;
use crate::policy::trail::scan::{Item, Splitter};
use crate::policy::trail::window::Window;

fn read(text: &str) -> Usage {
    let mut usage = Usage::default();
    let mut s = Splitter::new(1 << 20);
    s.feed(text.as_bytes(), &mut |item| {
        if let Item::Record(r) = item {
            read_record(r, &Window::default(), &mut usage);
        }
    });
    usage
}

const CI: &str = "arn:aws:iam::111122223333:role/ci";

#[test]
fn the_ci_role_gets_push_on_api_pull_on_web_and_login() {
    let u = read(include_str!(
        "../../../../tests/fixtures/cloudtrail/hand/ci-role.json"
    ));
    let l = least_privilege(&u, CI);
    let json: Value = serde_json::from_str(&render_policy(&l.policy, JsonStyle::Compact)).unwrap();
    let statements = json["Statement"].as_array().unwrap();
    let find = |sid: &str| {
        statements
            .iter()
            .filter(|s| s["Sid"].as_str().unwrap().starts_with(sid))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(find("RegistryLogin")[0]["Resource"], "*");
    // team/api: push and pull; team/web: pull only; every repository: DescribeRepositories.
    let text = json.to_string();
    assert!(text.contains("arn:aws:ecr:eu-west-1:111122223333:repository/team/api"));
    assert!(text.contains("arn:aws:ecr:eu-west-1:111122223333:repository/team/web"));
    assert!(text.contains("arn:aws:ecr:eu-west-1:111122223333:repository/*"));
    assert!(
        !text.contains("DeleteRepository"),
        "refused calls are never granted"
    );
    assert!(
        !text.contains("DescribeImages"),
        "failed calls are not granted"
    );
    assert_eq!(l.policy.grants.len(), 3);
    let api = l
        .summaries
        .iter()
        .find(|s| s.place.starts_with("team/api "))
        .unwrap();
    assert_eq!(api.tasks, ["pull", "push"]);
    assert!(api.other.is_empty());
    let web = l
        .summaries
        .iter()
        .find(|s| s.place.starts_with("team/web "))
        .unwrap();
    assert!(
        web.tasks.is_empty(),
        "BatchCheckLayerAvailability was not called on team/web"
    );
    assert_eq!(
        web.other,
        ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    );
    assert_eq!(l.refused.len(), 1);
    assert_eq!(l.refused[0].event, "DeleteRepository");
    assert_eq!(l.failed.get("RepositoryNotFoundException"), Some(&1));
}

#[test]
fn cross_account_grants_name_the_registry_account_and_partition() {
    let u = read(include_str!(
        "../../../../tests/fixtures/cloudtrail/hand/cross-account-govcloud.json"
    ));
    let l = least_privilege(&u, "arn:aws-us-gov:iam::222233334444:role/deploy");
    let text = render_policy(&l.policy, JsonStyle::Compact);
    assert!(
        text.contains("arn:aws-us-gov:ecr:us-gov-west-1:111122223333:repository/shared/base"),
        "{text}"
    );
    assert!(!text.contains("shared/secret"));
    assert_eq!(l.refused[0].code, "AccessDeniedException");
}

#[test]
fn ecr_public_calls_become_ecr_public_statements_with_the_login_pair() {
    let mut u = read(include_str!(
        "../../../../tests/fixtures/cloudtrail/aws/public-put-image.json"
    ));
    let caller = "arn:aws:sts::123456789012:user/Mary_Major";
    let login = Call {
        caller: caller.to_string(),
        service: TrailService::Public,
        event: "GetAuthorizationToken".to_string(),
        account: "123456789012".to_string(),
        region: "us-east-1".to_string(),
        repository: None,
        outcome: Outcome::Succeeded,
    };
    u.add(login, 1, "2019-04-15T16:44:00Z", "2019-04-15T16:44:00Z");
    let l = least_privilege(&u, caller);
    let text = render_policy(&l.policy, JsonStyle::Compact);
    let json: Value = serde_json::from_str(&text).unwrap();
    let repo = json["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["Sid"] == "PublicRepositories")
        .unwrap();
    assert_eq!(repo["Action"], serde_json::json!(["ecr-public:PutImage"]));
    assert_eq!(
        repo["Resource"],
        "arn:aws:ecr-public::123456789012:repository/testrepo"
    );
    assert!(text.contains("sts:GetServiceBearerToken"), "{text}");
    assert!(l.policy.grants.is_empty());
}

#[test]
fn a_refused_call_that_also_succeeded_is_not_listed() {
    let mut u = Usage::default();
    let call = |outcome| Call {
        caller: CI.to_string(),
        service: TrailService::Private,
        event: "PutImage".to_string(),
        account: "111122223333".to_string(),
        region: "us-east-1".to_string(),
        repository: Some("web".to_string()),
        outcome,
    };
    u.add(call(Outcome::Refused("AccessDenied".into())), 1, "t", "t");
    assert_eq!(least_privilege(&u, CI).refused.len(), 1);
    u.add(call(Outcome::Succeeded), 1, "t", "t");
    assert!(least_privilege(&u, CI).refused.is_empty());
}

#[test]
fn every_caller_at_once_is_each_caller_alone() {
    let mut u = read(include_str!(
        "../../../../tests/fixtures/cloudtrail/hand/ci-role.json"
    ));
    u = u.merge(read(include_str!(
        "../../../../tests/fixtures/cloudtrail/hand/cross-account-govcloud.json"
    )));
    let each = least_privilege_each(&u);
    assert_eq!(each.len(), 2);
    for l in &each {
        assert_eq!(*l, least_privilege(&u, &l.caller));
    }
}
