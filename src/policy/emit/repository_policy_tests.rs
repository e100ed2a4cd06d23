//! Repository policies for each principal kind: shape, actions, conditions and limits.

use serde_json::{Value, json};

use super::*;
use crate::policy::spec::catalog::find_action;
use crate::policy::spec::principal::{find_service, parse_principal};
use crate::policy::spec::tasks::find_preset;

const REG: &str = "111122223333";

fn target(actions: ActionSet) -> RepositoryTarget<'static> {
    RepositoryTarget {
        partition: "aws",
        region: "eu-west-1",
        account: REG,
        actions,
    }
}

fn json_of(policy: &RepositoryPolicy) -> Value {
    serde_json::from_str(&render_repository_policy(policy, JsonStyle::Pretty)).unwrap()
}

#[test]
fn cross_account_role_gets_repository_actions_only() {
    let push = find_preset("push-pull-list").unwrap().set();
    let p = parse_principal("arn:aws:iam::222233334444:role/ci").unwrap();
    let policy = build_repository_policy(target(push), &p).unwrap();
    let v = json_of(&policy);
    let st = &v["Statement"][0];
    assert_eq!(
        st["Principal"],
        json!({"AWS": "arn:aws:iam::222233334444:role/ci"})
    );
    assert!(st.get("Resource").is_none());
    let actions: Vec<&str> = st["Action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(!actions.contains(&"ecr:GetAuthorizationToken"));
    assert_eq!(actions.len(), push.len() - 1);
    assert_eq!(policy.left_to_identity.len(), 1);
    assert!(policy.granted().star_only().is_empty());
}

#[test]
fn an_account_becomes_its_root_in_the_registry_partition() {
    let pull = find_preset("pull").unwrap().set();
    let p = parse_principal("222233334444").unwrap();
    let t = RepositoryTarget {
        partition: "aws-cn",
        ..target(pull)
    };
    let v = json_of(&build_repository_policy(t, &p).unwrap());
    assert_eq!(
        v["Statement"][0]["Principal"]["AWS"],
        "arn:aws-cn:iam::222233334444:root"
    );
}

#[test]
fn organisation_is_anyone_limited_by_principal_org_id() {
    let pull = find_preset("pull").unwrap().set();
    let p = Principal::Organization("o-a1b2c3d4e5".into());
    let v = json_of(&build_repository_policy(target(pull), &p).unwrap());
    let st = &v["Statement"][0];
    assert_eq!(st["Principal"], "*");
    assert_eq!(
        st["Condition"],
        json!({"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})
    );
}

#[test]
fn lambda_gets_its_two_actions_limited_to_its_functions() {
    let push = find_preset("push-pull-list").unwrap().set();
    let p = parse_principal("lambda.amazonaws.com").unwrap();
    let policy = build_repository_policy(target(push), &p).unwrap();
    let v = json_of(&policy);
    assert_eq!(v["Statement"].as_array().unwrap().len(), 1);
    let st = &v["Statement"][0];
    assert_eq!(st["Sid"], "LambdaECRImageRetrievalPolicy");
    assert_eq!(st["Principal"], json!({"Service": "lambda.amazonaws.com"}));
    assert_eq!(
        st["Action"],
        json!(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])
    );
    assert_eq!(
        st["Condition"],
        json!({"StringLike": {"aws:sourceArn": "arn:aws:lambda:eu-west-1:111122223333:function:*"}})
    );
    assert!(
        policy
            .not_for_service
            .contains(find_action("PutImage").unwrap())
    );
}

#[test]
fn lambda_in_another_account_also_allows_that_account() {
    let pull = find_preset("pull").unwrap().set();
    let p = Principal::Service {
        service: find_service("lambda.amazonaws.com").unwrap(),
        source_arn: Some("arn:aws:lambda:eu-west-1:444455556666:function:api".into()),
    };
    let v = json_of(&build_repository_policy(target(pull), &p).unwrap());
    let sts = v["Statement"].as_array().unwrap();
    assert_eq!(sts.len(), 2);
    assert_eq!(sts[0]["Principal"]["AWS"], "arn:aws:iam::444455556666:root");
    assert_eq!(
        sts[1]["Condition"]["StringLike"]["aws:sourceArn"],
        "arn:aws:lambda:eu-west-1:444455556666:function:api"
    );
    let sids: Vec<&str> = sts.iter().map(|s| s["Sid"].as_str().unwrap()).collect();
    assert_eq!(
        sids,
        ["CrossAccountPermission", "LambdaECRImageRetrievalPolicy"]
    );
}

#[test]
fn sids_are_unique_for_every_principal_kind() {
    let all = ActionId::all().collect::<ActionSet>();
    let principals = [
        parse_principal("arn:aws:iam::222233334444:user/u").unwrap(),
        parse_principal("222233334444").unwrap(),
        Principal::Organization("o-a1b2c3d4e5".into()),
        parse_principal("codebuild.amazonaws.com").unwrap(),
        Principal::Service {
            service: find_service("lambda.amazonaws.com").unwrap(),
            source_arn: Some("arn:aws:lambda:eu-west-1:444455556666:function:*".into()),
        },
    ];
    for p in &principals {
        let policy = build_repository_policy(target(all), p).unwrap();
        let mut sids: Vec<&str> = policy.statements.iter().map(|s| s.sid).collect();
        let n = sids.len();
        sids.sort_unstable();
        sids.dedup();
        assert_eq!(sids.len(), n, "{p:?}");
        assert!(policy.granted().star_only().is_empty(), "{p:?}");
        assert!(check_repository_policy_size(&policy).unwrap() <= REPOSITORY_POLICY_MAX);
        let text = render_repository_policy(&policy, JsonStyle::Compact);
        assert!(!text.contains("\"Resource\""), "{text}");
    }
}

#[test]
fn login_only_or_unused_actions_leave_nothing_and_say_why() {
    let login = ActionSet::of(&["GetAuthorizationToken"]);
    let role = parse_principal("222233334444").unwrap();
    let e = build_repository_policy(target(login), &role).unwrap_err();
    assert!(e.message.contains("identity policy"), "{}", e.message);
    let push_only = ActionSet::of(&["PutImage", "InitiateLayerUpload"]);
    let lambda = parse_principal("lambda.amazonaws.com").unwrap();
    let e = build_repository_policy(target(push_only), &lambda).unwrap_err();
    assert!(e.message.contains("ecr:BatchGetImage"), "{}", e.message);
}

#[test]
fn a_service_gets_its_whole_pull_set_whatever_the_preset() {
    let lambda = parse_principal("lambda.amazonaws.com").unwrap();
    // The push preset holds BatchGetImage but not GetDownloadUrlForLayer: Lambda could not pull.
    let push = find_preset("push").unwrap().set();
    let policy = build_repository_policy(target(push), &lambda).unwrap();
    assert_eq!(
        policy.granted(),
        ActionSet::of(&["BatchGetImage", "GetDownloadUrlForLayer"])
    );
    assert_eq!(
        policy.added_for_service,
        ActionSet::of(&["GetDownloadUrlForLayer"])
    );
    let codebuild = parse_principal("codebuild.amazonaws.com").unwrap();
    let policy = build_repository_policy(target(push), &codebuild).unwrap();
    assert_eq!(
        policy.granted(),
        ActionSet::of(find_service("codebuild.amazonaws.com").unwrap().actions)
    );
    // The pull preset already holds them: nothing added.
    let pull = find_preset("pull").unwrap().set();
    let policy = build_repository_policy(target(pull), &lambda).unwrap();
    assert!(policy.added_for_service.is_empty());
}
