//! Access paths end to end in the engine: each principal kind's repository policy read back from
//! every format, and identity + repository pairs judged by the engine's evaluator (proved against
//! iam-simulate by `eval_reference.rs`): across accounts both must allow, within one either.

use ecr_policy::policy::emit::format::{Format, RepositoryPlace, render_repository_as};
use ecr_policy::policy::emit::render::{JsonStyle, render};
use ecr_policy::policy::emit::repository_policy::{
    RepositoryPolicy, RepositoryTarget, build_repository_policy, render_repository_policy,
};
use ecr_policy::policy::spec::principal::{Principal, find_service, parse_principal};
use ecr_policy::policy::spec::tasks::find_preset;
use ecr_policy::policy::{ActionSet, Spec};
use serde_json::Value;

use crate::support::formats::{cli_args, flag_value, shells, spec};
use ecr_policy::policy::eval::{self as iam, Context, DocumentSet, Request};

const REG: &str = "123456789012";

fn principals() -> Vec<(&'static str, Principal)> {
    vec![
        (
            "role",
            parse_principal("arn:aws:iam::222233334444:role/ci").unwrap(),
        ),
        ("account", parse_principal("222233334444").unwrap()),
        (
            "organisation",
            Principal::Organization("o-a1b2c3d4e5".into()),
        ),
        ("lambda", parse_principal("lambda.amazonaws.com").unwrap()),
        (
            "lambda elsewhere",
            Principal::Service {
                service: find_service("lambda.amazonaws.com").unwrap(),
                source_arn: Some("arn:aws:lambda:eu-west-1:444455556666:function:api".into()),
            },
        ),
        (
            "codebuild",
            parse_principal("codebuild.amazonaws.com").unwrap(),
        ),
    ]
}

fn repository_policy(spec: &Spec, p: &Principal) -> RepositoryPolicy {
    let target = RepositoryTarget {
        partition: spec.partition().arn,
        region: &spec.region.code,
        account: &spec.account,
        actions: spec.actions,
    };
    build_repository_policy(target, p).unwrap()
}

/// Each `aws_ecr_repository_policy`: (label, repository, the evaluated `jsonencode` value).
fn terraform_policies(text: &str) -> Vec<(String, String, Value)> {
    let body = hcl::parse(text).unwrap_or_else(|e| panic!("not HCL ({e}):\n{text}"));
    body.blocks()
        .map(|b| {
            let labels: Vec<&str> = b.labels.iter().map(hcl::BlockLabel::as_str).collect();
            assert_eq!(labels[0], "aws_ecr_repository_policy");
            let attr = |k: &str| {
                use hcl::eval::{Context, Evaluate};
                let expr = &b
                    .body
                    .attributes()
                    .find(|a| a.key.as_str() == k)
                    .unwrap()
                    .expr;
                let expr = match expr {
                    hcl::Expression::FuncCall(call) => {
                        assert_eq!(call.name.name.as_str(), "jsonencode");
                        call.args[0].clone()
                    }
                    other => other.clone(),
                };
                serde_json::to_value(expr.evaluate(&Context::new()).unwrap()).unwrap()
            };
            let repo = attr("repository").as_str().unwrap().to_string();
            (labels[1].to_string(), repo, attr("policy"))
        })
        .collect()
}

#[test]
fn every_principal_kind_round_trips_through_every_format() {
    let repos = ["web", "team/api"];
    for preset in ["pull", "push-pull-list", "repo-admin"] {
        let s = spec(
            "eu-west-1",
            None,
            &repos,
            find_preset(preset).unwrap().set(),
            &[],
        );
        for (label, p) in principals() {
            let policy = repository_policy(&s, &p);
            let want: Value =
                serde_json::from_str(&render_repository_policy(&policy, JsonStyle::Pretty))
                    .unwrap();
            let place = RepositoryPlace {
                region: &s.region.code,
                account: &s.account,
                repositories: &s.repositories,
            };
            let json = render_repository_as(&policy, Format::Json, place).unwrap();
            assert_eq!(
                serde_json::from_str::<Value>(&json).unwrap(),
                want,
                "{label}"
            );

            let tf = render_repository_as(&policy, Format::Terraform, place).unwrap();
            let blocks = terraform_policies(&tf);
            let repos_tf: Vec<&str> = blocks.iter().map(|b| b.1.as_str()).collect();
            assert_eq!(repos_tf, ["team/api", "web"], "{label}\n{tf}");
            for (_, _, doc) in &blocks {
                assert_eq!(*doc, want, "{label} {preset}\n{tf}");
            }

            let cfn = render_repository_as(&policy, Format::CloudFormation, place).unwrap();
            let yaml: serde_norway::Value = serde_norway::from_str(&cfn).unwrap();
            for (id, name) in [("TeamApiRepository", "team/api"), ("WebRepository", "web")] {
                let r = &yaml["Resources"][id];
                assert_eq!(r["Type"].as_str(), Some("AWS::ECR::Repository"), "{cfn}");
                assert_eq!(r["Properties"]["RepositoryName"].as_str(), Some(name));
                let doc: Value =
                    serde_norway::from_value(r["Properties"]["RepositoryPolicyText"].clone())
                        .unwrap();
                assert_eq!(doc, want, "{label}\n{cfn}");
            }

            let cli = render_repository_as(&policy, Format::AwsCli, place).unwrap();
            for shell in shells() {
                let args = cli_args(shell, &cli);
                let calls: Vec<&[String]> = args.split(|a| a == "ecr").skip(1).collect();
                assert_eq!(calls.len(), 2, "{shell}\n{cli}");
                for call in calls {
                    let call = call.to_vec();
                    assert_eq!(call[0], "set-repository-policy");
                    assert_eq!(flag_value(&call, "--region"), "eu-west-1");
                    assert_eq!(flag_value(&call, "--registry-id"), REG);
                    let doc: Value =
                        serde_json::from_str(flag_value(&call, "--policy-text")).unwrap();
                    assert_eq!(doc, want, "{shell} {label}\n{cli}");
                }
            }
        }
    }
}

#[test]
fn patterns_are_refused_where_a_repository_must_be_named() {
    let s = spec(
        "eu-west-1",
        None,
        &["team/*"],
        find_preset("pull").unwrap().set(),
        &[],
    );
    let policy = repository_policy(&s, &parse_principal("222233334444").unwrap());
    let place = RepositoryPlace {
        region: &s.region.code,
        account: &s.account,
        repositories: &s.repositories,
    };
    assert!(render_repository_as(&policy, Format::Json, place).is_ok());
    for f in [Format::Terraform, Format::CloudFormation, Format::AwsCli] {
        let e = render_repository_as(&policy, f, place).unwrap_err();
        assert!(e.message.contains("pattern"), "{f}: {}", e.message);
    }
}

/// Who asks: the principal and the context keys AWS puts in its requests.
#[derive(Clone)]
struct Caller {
    principal: iam::Principal,
    context: Context,
}

/// A role or user (any session of the role), in its account, maybe in an organisation.
fn caller(arn: &str, org: Option<&str>) -> Caller {
    let mut context = Context::closed();
    if let Some(o) = org {
        context.set("aws:PrincipalOrgID", o);
    }
    Caller {
        principal: iam::Principal::parse(arn).unwrap(),
        context,
    }
}

/// An AWS service acting for a resource (`aws:SourceArn`).
fn service(name: &str, source_arn: &str) -> Caller {
    let mut context = Context::closed();
    context.set("aws:SourceArn", source_arn);
    Caller {
        principal: iam::Principal::parse(name).unwrap(),
        context,
    }
}

fn request(c: &Caller, action: &str, repo: &str) -> Request {
    let resource = format!("arn:aws:ecr:eu-west-1:{REG}:repository/{repo}");
    Request::new(c.principal.clone(), action, &resource)
        .unwrap()
        .with_context(c.context.clone())
        .with_principal_keys()
}

/// A request for an action without a resource type (on `*`, in the caller's account).
fn request_on_star(c: &Caller, action: &str) -> Request {
    Request::new(c.principal.clone(), action, "*")
        .unwrap()
        .with_context(c.context.clone())
        .with_principal_keys()
}

/// Whether the engine allows the request given the caller's identity-based policy and the
/// repository's policy (a request it cannot decide fails the test).
fn allowed(identity: Option<&Value>, repository: Option<&Value>, req: &Request) -> bool {
    let doc = |label: &str, v: &Value| iam::Doc::new(label, iam::Policy::from_value(v).unwrap());
    let docs = DocumentSet {
        identity: identity.map(|v| doc("identity", v)).into_iter().collect(),
        repository: repository.map(|v| doc("repository", v)),
        ..DocumentSet::default()
    };
    let d = iam::evaluate(&docs, req);
    d.is_allowed()
        .unwrap_or_else(|| panic!("undecided for {req:?}: {:?}", d.unsure))
}

/// The identity policy (as `generate` writes it) and the repository policy for a principal.
fn pair(preset: &str, p: &Principal) -> (Value, Value, ActionSet) {
    let set = find_preset(preset).unwrap().set();
    let s = spec("eu-west-1", None, &["web"], set, &[]);
    let identity: Value = serde_json::from_str(&render(&s, JsonStyle::Pretty)).unwrap();
    let repo: Value = serde_json::from_str(&render_repository_policy(
        &repository_policy(&s, p),
        JsonStyle::Pretty,
    ))
    .unwrap();
    (identity, repo, set.repository_level())
}

#[test]
fn across_accounts_both_documents_must_allow() {
    let role = parse_principal("arn:aws:iam::222233334444:role/ci").unwrap();
    let (identity, repo, actions) = pair("push-pull-list", &role);
    let ci = caller("arn:aws:iam::222233334444:role/ci", None);
    let other = caller("arn:aws:iam::222233334444:role/other", None);
    for a in actions.iter() {
        let req = request(&ci, &a.qualified(), "web");
        assert!(
            allowed(Some(&identity), Some(&repo), &req),
            "{}",
            a.qualified()
        );
        assert!(
            !allowed(Some(&identity), None, &req),
            "identity alone: {}",
            a.qualified()
        );
        assert!(
            !allowed(None, Some(&repo), &req),
            "repository alone: {}",
            a.qualified()
        );
        let not_named = request(&other, &a.qualified(), "web");
        assert!(!allowed(Some(&identity), Some(&repo), &not_named));
    }
    let login = request_on_star(&ci, "ecr:GetAuthorizationToken");
    assert!(allowed(Some(&identity), Some(&repo), &login));
    assert!(
        !allowed(None, Some(&repo), &login),
        "login only comes from the identity policy"
    );
    let elsewhere = request(&ci, "ecr:BatchGetImage", "api");
    assert!(!allowed(Some(&identity), Some(&repo), &elsewhere));
}

#[test]
fn an_account_principal_lets_its_account_decide_and_the_same_account_needs_one() {
    let (identity, repo, _) = pair("pull", &parse_principal("222233334444").unwrap());
    let anyone_there = caller("arn:aws:iam::222233334444:user/dev", None);
    let req = request(&anyone_there, "ecr:BatchGetImage", "web");
    assert!(allowed(Some(&identity), Some(&repo), &req));
    assert!(!allowed(None, Some(&repo), &req));
    let third = caller("arn:aws:iam::999988887777:role/x", None);
    assert!(!allowed(
        Some(&identity),
        Some(&repo),
        &request(&third, "ecr:BatchGetImage", "web")
    ));
    let own = caller(&format!("arn:aws:iam::{REG}:role/app"), None);
    assert!(allowed(
        Some(&identity),
        None,
        &request(&own, "ecr:BatchGetImage", "web")
    ));
}

#[test]
fn an_organisation_reaches_its_members_only() {
    let (identity, repo, _) = pair("pull", &Principal::Organization("o-a1b2c3d4e5".into()));
    let member = caller(
        "arn:aws:iam::222233334444:role/eks-node",
        Some("o-a1b2c3d4e5"),
    );
    let outsider = caller("arn:aws:iam::999988887777:role/x", Some("o-zzzzzzzzzz"));
    let req = request(&member, "ecr:GetDownloadUrlForLayer", "web");
    assert!(allowed(Some(&identity), Some(&repo), &req));
    assert!(!allowed(Some(&identity), None, &req));
    assert!(!allowed(
        Some(&identity),
        Some(&repo),
        &request(&outsider, "ecr:GetDownloadUrlForLayer", "web")
    ));
}

#[test]
fn lambda_needs_only_the_repository_policy_and_only_for_its_functions() {
    let (_, repo, _) = pair(
        "push-pull",
        &parse_principal("lambda.amazonaws.com").unwrap(),
    );
    let lambda = |source: &str| service("lambda.amazonaws.com", source);
    let own = lambda(&format!("arn:aws:lambda:eu-west-1:{REG}:function:api"));
    let foreign = lambda("arn:aws:lambda:eu-west-1:999988887777:function:api");
    assert!(allowed(
        None,
        Some(&repo),
        &request(&own, "ecr:BatchGetImage", "web")
    ));
    assert!(allowed(
        None,
        Some(&repo),
        &request(&own, "ecr:GetDownloadUrlForLayer", "web")
    ));
    assert!(!allowed(
        None,
        Some(&repo),
        &request(&own, "ecr:PutImage", "web")
    ));
    assert!(!allowed(
        None,
        Some(&repo),
        &request(&foreign, "ecr:BatchGetImage", "web")
    ));
    assert!(!allowed(
        None,
        None,
        &request(&own, "ecr:BatchGetImage", "web")
    ));
}

#[test]
fn generated_repository_and_public_policies_check_clean() {
    use ecr_policy::policy::Severity;
    use ecr_policy::policy::check_text;
    use ecr_policy::policy::emit::public_render::render_public;
    use ecr_policy::policy::spec::public::{PublicInput, validate_public};
    let s = spec(
        "eu-west-1",
        None,
        &["web"],
        find_preset("repo-admin").unwrap().set(),
        &[],
    );
    for (label, p) in principals() {
        let text = render_repository_policy(&repository_policy(&s, &p), JsonStyle::Pretty);
        let serious: Vec<_> = check_text(&text)
            .unwrap()
            .into_iter()
            .filter(|f| f.severity != Severity::Info)
            .collect();
        assert!(serious.is_empty(), "{label}: {serious:#?}\n{text}");
    }
    for preset in ["push", "pull"] {
        let spec = validate_public(&PublicInput {
            account: Some(REG.into()),
            repositories: vec!["web".into()],
            preset: Some(preset.into()),
            ..PublicInput::default()
        })
        .unwrap();
        let text = render_public(&spec, JsonStyle::Pretty);
        let serious: Vec<_> = check_text(&text)
            .unwrap()
            .into_iter()
            .filter(|f| f.severity != Severity::Info)
            .collect();
        assert!(serious.is_empty(), "{preset}: {serious:#?}\n{text}");
    }
}
