//! A table of real access-denied messages (sources in `docs/sources.md`) and what they fill in.

use super::*;

/// (message, refusal, caller account, action, region, registry account, repository, task).
type Row = (
    &'static str,
    Refusal,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

const ROWS: &[Row] = &[
    // pytorch/pytorch#137361: a push across accounts, the repository policy missing.
    (
        "User: arn:aws:sts::391835788720:assumed-role/ghci-lf-github-action-runners-runner-role/\
         i-03d4fc4f0ea90c6cd is not authorized to perform: ecr:InitiateLayerUpload on resource: \
         arn:aws:ecr:us-east-1:308535385114:repository/pytorch/pytorch-linux-jammy-py3-clang18-asan \
         because no resource-based policy allows the ecr:InitiateLayerUpload action",
        Refusal::NoAllow(PolicyKind::ResourceBased),
        Some("391835788720"),
        Some("InitiateLayerUpload"),
        Some("us-east-1"),
        Some("308535385114"),
        Some("pytorch/pytorch-linux-jammy-py3-clang18-asan"),
        Some("push"),
    ),
    // ministryofjustice/cloud-platform#7245: docker's form, the identity policy missing.
    (
        "denied: User: arn:aws:sts::754256621582:assumed-role/cloud-platform-ecr-e344de1fe05708ec-github/GitHubActions \
         is not authorized to perform: ecr:InitiateLayerUpload on resource: \
         arn:aws:ecr:eu-west-2:754256621582:repository/laa-pcuam/csv-converter because no \
         identity-based policy allows the ecr:InitiateLayerUpload action",
        Refusal::NoAllow(PolicyKind::IdentityBased),
        Some("754256621582"),
        Some("InitiateLayerUpload"),
        Some("eu-west-2"),
        Some("754256621582"),
        Some("laa-pcuam/csv-converter"),
        Some("push"),
    ),
    // everything2/everything2#2562: a pull, wrapped in docker's "pull access denied".
    (
        "Error response from daemon: pull access denied for \
         254865750963.dkr.ecr.us-west-2.amazonaws.com/everything2/e2lib, repository does not \
         exist or may require 'docker login': denied: User: \
         arn:aws:sts::254865750963:assumed-role/Docker-Builder-CodeBuild-Role/AWSCodeBuild-749228d3-4d07-4037-bd81-b631b0a0460e \
         is not authorized to perform: ecr:BatchGetImage on resource: \
         arn:aws:ecr:us-west-2:254865750963:repository/everything2/e2lib because no \
         identity-based policy allows the ecr:BatchGetImage action",
        Refusal::NoAllow(PolicyKind::IdentityBased),
        Some("254865750963"),
        Some("BatchGetImage"),
        Some("us-west-2"),
        Some("254865750963"),
        Some("everything2/e2lib"),
        Some("pull"),
    ),
    // terraform-aws-modules/terraform-aws-iam#514: login on "*" (the account is redacted).
    (
        "unable to get authorization token: AccessDeniedException: User: \
         arn:aws:sts::1234567890:assumed-role/common-tools-external-secrets/1725541882585093008 \
         is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no \
         identity-based policy allows the ecr:GetAuthorizationToken action\n\tstatus code: 400",
        Refusal::NoAllow(PolicyKind::IdentityBased),
        None,
        Some("GetAuthorizationToken"),
        None,
        None,
        None,
        Some("login"),
    ),
    // ZhangYuanhan-AI/CelebASpoofChallengeSubmissionExample#9: an older message, no reason.
    (
        "denied: User: arn:aws:iam::871259748386:root is not authorized to perform: \
         ecr:InitiateLayerUpload on resource: \
         arn:aws:ecr:us-west-2:692230297653:repository/celeba-spoof-challenge-871259748386",
        Refusal::Unstated,
        Some("871259748386"),
        Some("InitiateLayerUpload"),
        Some("us-west-2"),
        Some("692230297653"),
        Some("celeba-spoof-challenge-871259748386"),
        Some("push"),
    ),
    // aws/aws-cli#5592 (AWS CLI v2): an explicit deny the message does not place.
    (
        "An error occurred (AccessDeniedException) when calling the GetAuthorizationToken \
         operation: User: arn:aws:iam::123456789012:user/dev is not authorized to perform: \
         ecr:GetAuthorizationToken on resource: * with an explicit deny",
        Refusal::ExplicitDeny(PolicyKind::Unnamed),
        Some("123456789012"),
        Some("GetAuthorizationToken"),
        None,
        None,
        None,
        Some("login"),
    ),
    // The IAM user guide's template "with an explicit deny in a service control policy",
    // for an ECR pull (aws/karpenter-provider-aws#8190 shows it for ec2:RunInstances).
    (
        "User: arn:aws:sts::111122223333:assumed-role/node/i-0abc is not authorized to \
         perform: ecr:BatchGetImage on resource: arn:aws:ecr:eu-west-1:444455556666:repository/base \
         with an explicit deny in a service control policy",
        Refusal::ExplicitDeny(PolicyKind::ServiceControl),
        Some("111122223333"),
        Some("BatchGetImage"),
        Some("eu-west-1"),
        Some("444455556666"),
        Some("base"),
        Some("pull"),
    ),
    (
        "User: arn:aws:iam::111122223333:user/ci is not authorized to perform: ecr:PutImage on \
         resource: arn:aws:ecr:eu-west-1:111122223333:repository/web with an explicit deny in a \
         permissions boundary",
        Refusal::ExplicitDeny(PolicyKind::PermissionsBoundary),
        Some("111122223333"),
        Some("PutImage"),
        Some("eu-west-1"),
        Some("111122223333"),
        Some("web"),
        Some("push"),
    ),
    (
        "User: arn:aws:iam::111122223333:user/ci is not authorized to perform: \
         ecr:BatchDeleteImage on resource: arn:aws:ecr:eu-west-1:111122223333:repository/web \
         with an explicit deny in an identity-based policy",
        Refusal::ExplicitDeny(PolicyKind::IdentityBased),
        Some("111122223333"),
        Some("BatchDeleteImage"),
        Some("eu-west-1"),
        Some("111122223333"),
        Some("web"),
        Some("delete-images"),
    ),
    // The IAM user guide's authorization-ID page: a newer message that names the policy.
    (
        "User: arn:aws:iam::123456789012:user/janedoe is not authorized to perform: \
         iam:CreateInstanceProfile on resource: \
         arn:aws:iam::123456789012:instance-profile/my-instance-profile with an explicit deny in \
         an identity-based policy: arn:aws:iam::123456789012:policy/ExampleDenyPolicy. Go to \
         https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1#/authorization-details/EXAMPLE1a2b3c4d5e",
        Refusal::ExplicitDeny(PolicyKind::IdentityBased),
        Some("123456789012"),
        Some("CreateInstanceProfile"),
        None,
        Some("123456789012"),
        None,
        None,
    ),
    // nebari-dev/nebari#2152: "because no permissions boundary allows" (for IAM).
    (
        "You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/deployer \
         is not authorized to perform: ec2:CreateRole on resource: abc\n because no permissions \
         boundary allows the ec2:CreateRole action.",
        Refusal::NoAllow(PolicyKind::PermissionsBoundary),
        Some("123456789012"),
        Some("CreateRole"),
        None,
        None,
        None,
        None,
    ),
    // aws/aws-cli#3042, awslabs/amazon-ecr-credential-helper#49: docker push without login.
    (
        "The push refers to repository [123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/kafka]\n\
         d3a49746dc78: Preparing\nno basic auth credentials",
        Refusal::NotLoggedIn,
        None,
        None,
        Some("ap-northeast-1"),
        Some("123456789012"),
        Some("kafka"),
        None,
    ),
    // aws/eks-charts#1044: kubelet's 401 on the registry API.
    (
        "failed to resolve reference \"840364872350.dkr.ecr.us-west-2.amazonaws.com/amazon/appmesh-controller:v1.12.5\": \
         unexpected status from HEAD request to \
         https://840364872350.dkr.ecr.us-west-2.amazonaws.com/v2/amazon/appmesh-controller/manifests/v1.12.5: \
         401 Unauthorized",
        Refusal::NotLoggedIn,
        None,
        None,
        Some("us-west-2"),
        Some("840364872350"),
        Some("amazon/appmesh-controller"),
        None,
    ),
    // fluxcd/pkg#938: the STS half of ECR Public's login (the account is redacted).
    (
        "An error occurred (AccessDeniedException) when calling the GetAuthorizationToken \
         operation: User: arn:aws:sts::***:assumed-role/***/OCI_GH_Actions is not authorized to \
         perform: sts:GetServiceBearerToken on resource: * because no identity-based policy \
         allows the sts:GetServiceBearerToken action",
        Refusal::NoAllow(PolicyKind::IdentityBased),
        None,
        Some("GetServiceBearerToken"),
        None,
        None,
        None,
        None,
    ),
    // sjednac/sbt-ecr#20.
    (
        "denied: Your Authorization Token has expired. Please run 'aws ecr get-login' to fetch \
         a new one.",
        Refusal::TokenExpired,
        None,
        None,
        None,
        None,
        None,
        None,
    ),
];

#[test]
fn real_messages_fill_in_what_they_say() {
    for (text, refusal, caller_acct, action, region, reg_acct, repo, task) in ROWS {
        let d = parse_access_denied(text).unwrap_or_else(|| panic!("not understood: {text}"));
        assert_eq!(d.refusal, *refusal, "{text}");
        assert_eq!(d.caller_account.as_deref(), *caller_acct, "{text}");
        assert_eq!(d.action.as_deref(), *action, "{text}");
        assert_eq!(d.region.as_deref(), *region, "{text}");
        assert_eq!(d.registry_account.as_deref(), *reg_acct, "{text}");
        assert_eq!(d.repository.as_deref(), *repo, "{text}");
        assert_eq!(d.task().map(|t| t.id), *task, "{text}");
    }
}

#[test]
fn explanations_name_the_document_that_must_change() {
    let cases: [(usize, &str); 9] = [
        (0, "repository policy is missing"),
        (1, "identity policy is missing"),
        (5, "changes nothing"),
        (6, "service control policy"),
        (7, "permissions boundary"),
        (9, "arn:aws:iam::123456789012:policy/ExampleDenyPolicy"),
        (11, "Not a policy problem"),
        (13, "--registry public"),
        (14, "expired"),
    ];
    for (i, want) in cases {
        let d = parse_access_denied(ROWS[i].0).unwrap();
        assert!(d.explanation().contains(want), "{i}: {}", d.explanation());
    }
    let cross = parse_access_denied(ROWS[0].0).unwrap();
    assert!(cross.cross_account());
    assert!(!parse_access_denied(ROWS[1].0).unwrap().cross_account());
}

#[test]
fn other_text_is_not_taken_for_an_access_denied_message() {
    for text in [
        "",
        "hello",
        "Error: repository web not found",
        "denied: requested access to the resource is denied",
    ] {
        assert_eq!(parse_access_denied(text), None, "{text}");
    }
}

#[test]
fn fixes_fill_what_the_wizard_and_the_cli_need() {
    let cross = parse_access_denied(ROWS[0].0).unwrap().fix().unwrap();
    assert_eq!(cross.document, FixDocument::Repository);
    assert_eq!(cross.task.id, "push");
    assert_eq!(cross.region, "us-east-1");
    assert_eq!(cross.account.as_deref(), Some("308535385114"));
    assert!(
        cross
            .principal
            .as_deref()
            .unwrap()
            .contains(":assumed-role/")
    );
    assert!(
        cross.actions.star_only().is_empty(),
        "no login in a repository policy"
    );
    let own = parse_access_denied(ROWS[1].0).unwrap().fix().unwrap();
    assert_eq!(own.document, FixDocument::Identity);
    assert_eq!(
        own.principal, None,
        "same account: no repository policy needed"
    );
    assert_eq!(own.actions.star_only().len(), 1, "login comes with it");
    let login = parse_access_denied(ROWS[5].0.replace(" with an explicit deny", "").as_str())
        .unwrap()
        .fix()
        .unwrap();
    assert_eq!(
        (login.region.as_str(), login.partition.as_deref()),
        ("*", Some("aws"))
    );
    assert_eq!(login.repository, None);
    for i in [6, 7, 8, 9, 10, 11, 12, 13, 14] {
        assert_eq!(
            parse_access_denied(ROWS[i].0).unwrap().fix(),
            None,
            "row {i}"
        );
    }
}

/// A fixture of `tests/fixtures/access-denied/` (sources in its `sources.md`).
macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/access-denied/",
            $name
        ))
    };
}

/// The messages the fixtures hold and what they must give: (text, refusal, region, registry
/// account, repository, fix document).
type FixtureRow = (
    &'static str,
    Refusal,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<FixDocument>,
);

const FIXTURES: &[FixtureRow] = &[
    (
        fixture!("lambda-create.txt"),
        Refusal::LambdaImage,
        None,
        None,
        None,
        Some(FixDocument::Repository),
    ),
    (
        fixture!("lambda-invoke.txt"),
        Refusal::LambdaImage,
        None,
        None,
        None,
        Some(FixDocument::Repository),
    ),
    (
        fixture!("ecs-403-manifest.txt"),
        Refusal::Forbidden,
        Some("eu-north-1"),
        Some("111122223333"),
        Some("bedrock-proxy-api-ecs"),
        Some(FixDocument::Identity),
    ),
    (
        fixture!("public-not-authorized.txt"),
        Refusal::PublicNotAuthorized,
        None,
        None,
        None,
        None,
    ),
    (
        fixture!("public-403.txt"),
        Refusal::PublicNotAuthorized,
        None,
        None,
        None,
        None,
    ),
    (
        fixture!("public-expired.txt"),
        Refusal::TokenExpired,
        None,
        None,
        None,
        None,
    ),
    (
        fixture!("docker-pull-ambiguous-ecr.txt"),
        Refusal::Ambiguous,
        Some("ap-northeast-2"),
        Some("111122223333"),
        None,
        None,
    ),
    (
        fixture!("docker-pull-ambiguous-hub.txt"),
        Refusal::Ambiguous,
        None,
        None,
        None,
        None,
    ),
    (
        fixture!("scp-deny-with-arn.txt"),
        Refusal::ExplicitDeny(PolicyKind::ServiceControl),
        Some("eu-west-1"),
        Some("444455556666"),
        Some("base"),
        None,
    ),
    (
        fixture!("wrapped-arn.txt"),
        Refusal::NoAllow(PolicyKind::ResourceBased),
        Some("us-east-1"),
        Some("444455556666"),
        Some("pytorch/pytorch-linux-jammy-py3-clang18-asan"),
        Some(FixDocument::Repository),
    ),
];

#[test]
fn the_fixtures_people_pasted_are_understood() {
    for (text, refusal, region, account, repo, document) in FIXTURES {
        let d = parse_access_denied(text).unwrap_or_else(|| panic!("not understood: {text}"));
        assert_eq!(d.refusal, *refusal, "{text}");
        assert_eq!(d.region.as_deref(), *region, "{text}");
        assert_eq!(d.registry_account.as_deref(), *account, "{text}");
        assert_eq!(d.repository.as_deref(), *repo, "{text}");
        assert_eq!(d.fix().map(|f| f.document), *document, "{text}");
        assert!(looks_like_access_denied(text), "{text}");
    }
}

#[test]
fn lambda_is_fixed_in_the_repository_policy_for_its_service_principal() {
    let fix = parse_access_denied(FIXTURES[0].0).unwrap().fix().unwrap();
    assert_eq!(fix.principal.as_deref(), Some("lambda.amazonaws.com"));
    assert_eq!(
        fix.actions,
        ActionSet::of(&["BatchGetImage", "GetDownloadUrlForLayer"])
    );
    let text = parse_access_denied(FIXTURES[1].0).unwrap().explanation();
    assert!(text.contains("lambda.amazonaws.com"), "{text}");
    assert!(text.contains("region"), "{text}");
}

#[test]
fn a_403_is_authenticated_and_refused_and_a_public_one_a_stale_login() {
    let d = parse_access_denied(FIXTURES[2].0).unwrap();
    assert!(
        d.explanation().contains("authenticated"),
        "{}",
        d.explanation()
    );
    assert_eq!(d.task().map(|t| t.id), Some("pull"));
    let public = parse_access_denied(FIXTURES[4].0).unwrap();
    let commands: Vec<String> = public.how_to_find_out().into_iter().map(|c| c.0).collect();
    assert_eq!(commands[0], "docker logout public.ecr.aws");
    let expired = parse_access_denied(FIXTURES[5].0).unwrap();
    assert!(
        expired
            .explanation()
            .contains("docker logout public.ecr.aws"),
        "{}",
        expired.explanation()
    );
}

/// The reproduction: docker's "pull access denied … may require 'docker login'" was called
/// "not a policy problem"; it is ambiguous, and the commands tell the three causes apart.
#[test]
fn pull_access_denied_is_ambiguous_with_how_to_find_out() {
    let d = parse_access_denied(FIXTURES[6].0).unwrap();
    let text = d.explanation();
    assert!(
        text.starts_with("Ambiguous: not logged in, the repository does not exist, or refused"),
        "{text}"
    );
    assert!(!text.contains("Not a policy problem"), "{text}");
    let commands: Vec<String> = d.how_to_find_out().into_iter().map(|c| c.0).collect();
    assert_eq!(commands.len(), 3);
    assert!(commands[1].starts_with(
        "aws ecr describe-repositories --region ap-northeast-2 --registry-id 111122223333"
    ));
    assert!(commands[2].contains("111122223333.dkr.ecr.ap-northeast-2.amazonaws.com"));
    // Not an ECR registry: no ECR commands.
    let hub = parse_access_denied(FIXTURES[7].0).unwrap();
    assert!(
        hub.how_to_find_out()
            .iter()
            .all(|(c, _)| !c.contains("aws ecr"))
    );
    // A message docker wrapped around the policy's own answer is that answer.
    assert_eq!(
        parse_access_denied(ROWS[2].0).unwrap().refusal,
        Refusal::NoAllow(PolicyKind::IdentityBased)
    );
}

#[test]
fn the_newer_form_names_the_denying_scp() {
    let d = parse_access_denied(FIXTURES[8].0).unwrap();
    assert_eq!(
        d.deny_policy.as_deref(),
        Some(
            "arn:aws:organizations::999988887777:policy/o-a1b2c3d4e5/service_control_policy/p-examplepolicy"
        )
    );
    assert!(d.explanation().contains("p-examplepolicy"));
}

/// Every message with an ARN, broken once at every place inside each of its ARNs (with and
/// without the continuation indented), reads as the unbroken message does.
#[test]
fn a_line_break_anywhere_inside_an_arn_is_joined() {
    let messages: Vec<&str> = ROWS
        .iter()
        .map(|r| r.0)
        .chain(FIXTURES.iter().map(|f| f.0))
        .filter(|m| !m.contains('\n') && m.contains("arn:"))
        .collect();
    let mut cases = 0;
    for text in messages {
        let want = parse_access_denied(text);
        let mut start = 0;
        while let Some(at) = text[start..].find("arn:") {
            let begin = start + at;
            let end = text[begin..]
                .find(char::is_whitespace)
                .map_or(text.len(), |e| begin + e);
            for cut in begin + 1..end {
                for indent in ["", "  "] {
                    let broken = format!("{}\n{indent}{}", &text[..cut], &text[cut..]);
                    assert_eq!(parse_access_denied(&broken), want, "{broken}");
                    cases += 1;
                }
            }
            start = end;
        }
    }
    assert!(cases > 500, "{cases}");
}

#[test]
fn breaks_between_words_stay_breaks() {
    let text = "User: arn:aws:iam::111122223333:user/ci\nis not authorized to perform: \
                ecr:PutImage on resource: arn:aws:ecr:eu-west-1:111122223333:repository/web\n\
                because no identity-based policy allows the ecr:PutImage action";
    let joined = join_wrapped_arns(text);
    assert_eq!(joined, text);
    let d = parse_access_denied(text).unwrap();
    assert_eq!(d.repository.as_deref(), Some("web"));
    assert_eq!(
        d.caller.as_deref(),
        Some("arn:aws:iam::111122223333:user/ci")
    );
}
