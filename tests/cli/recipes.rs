//! Every recipe verified by the engine's evaluator, on the documents `generate --recipe` prints:
//! the role (or service) can do exactly the recipe's operations on the named repositories and
//! nothing on others, and the trust policy admits the named workload and refuses another
//! repository, branch, namespace, service or account. The expected operations are written here
//! from AWS's pages (docs/sources.md, "Recipes"), not read from the recipe table.

use assert_cmd::cargo::cargo_bin_cmd;
use ecr_policy::policy::eval::{
    Context, Doc, DocKind, DocumentSet, Policy, Principal, Request, Verdict, evaluate,
};
use ecr_policy::policy::recipes::{Question, RECIPES, Recipe, Workload};
use ecr_policy::policy::spec::catalog::ActionId;

const ACCOUNT: &str = "111122223333";
const OTHER_ACCOUNT: &str = "222233334444";
const REGION: &str = "eu-west-1";
const ISSUER: &str = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const FUNCTION: &str = "arn:aws:lambda:eu-west-1:111122223333:function:thumbnails";
const CI_ROLE: &str = "arn:aws:iam::222233334444:role/ci";
const PROFILE: &str = "arn:aws:signer:eu-west-1:111122223333:/signing-profiles/ecr_signing";

const PULL: &[&str] = &[
    "GetAuthorizationToken",
    "BatchGetImage",
    "GetDownloadUrlForLayer",
    "BatchCheckLayerAvailability",
];
const PUSH: &[&str] = &[
    "GetAuthorizationToken",
    "BatchCheckLayerAvailability",
    "InitiateLayerUpload",
    "UploadLayerPart",
    "CompleteLayerUpload",
    "PutImage",
    "BatchGetImage",
];

/// The ECR operations each recipe's principal must be able to do (and nothing else).
fn expected(id: &str) -> Vec<&'static str> {
    let with = |base: &[&'static str], more: &[&'static str]| {
        base.iter().chain(more).copied().collect::<Vec<_>>()
    };
    match id {
        "github-actions-push" | "gitlab-ci-push" | "codebuild-push" | "cross-account-ci-push" => {
            PUSH.to_vec()
        }
        "laptop-push-pull" => with(PUSH, &["GetDownloadUrlForLayer"]),
        "github-actions-pull"
        | "ecs-task-execution-pull"
        | "eks-node-pull"
        | "eks-pod-irsa-pull"
        | "eks-pod-identity-pull"
        | "ec2-instance-pull" => PULL.to_vec(),
        // AWSAppRunnerServicePolicyForECRAccess's actions.
        "app-runner-pull" => with(PULL, &["DescribeImages"]),
        // The ECR guide's pull-through cache permissions.
        "pull-through-cache" => with(PULL, &["BatchImportUpstreamImage", "CreateRepository"]),
        // What Lambda's service principal pulls with.
        "lambda-container-image" => vec!["BatchGetImage", "GetDownloadUrlForLayer"],
        other => panic!("recipe {other} has no expectation: write one from AWS's pages"),
    }
}

/// The flags answering each question.
fn answer(q: Question) -> Vec<&'static str> {
    match q {
        Question::GithubRepo => vec!["--github-repo", "octo-org/octo-repo"],
        Question::GithubRef => vec!["--github-ref", "refs/heads/main"],
        Question::GitlabProject => vec!["--gitlab-project", "group/app"],
        Question::GitlabRef => vec!["--gitlab-ref", "main"],
        Question::GitlabHost => vec!["--gitlab-host", "gitlab.com"],
        Question::OidcProvider => vec!["--oidc-provider", ISSUER],
        Question::Cluster => vec!["--cluster", "prod"],
        Question::Namespace => vec!["--namespace", "team-a"],
        Question::ServiceAccount => vec!["--service-account", "app"],
        Question::FunctionArn => vec!["--function-arn", FUNCTION],
        Question::OtherRole => vec!["--principal", CI_ROLE],
        Question::CachePrefix => vec!["--cache-prefix", "docker-hub"],
        Question::SigningProfile => vec!["--signing-profile", PROFILE],
    }
}

/// The repositories a recipe is run on (the cache's come from its prefix).
fn named(recipe: &Recipe) -> Vec<&'static str> {
    if recipe.questions.contains(&Question::CachePrefix) {
        vec!["docker-hub/library/nginx"]
    } else {
        vec!["web", "team/api"]
    }
}

fn repo_arn(account: &str, name: &str) -> String {
    format!("arn:aws:ecr:{REGION}:{account}:repository/{name}")
}

/// One document of the recipe, as `generate` prints it (JSON).
fn document(recipe: &Recipe, which: &str) -> Policy {
    let mut args: Vec<String> = [
        "generate",
        "--recipe",
        recipe.id,
        "--region",
        REGION,
        "--account",
        ACCOUNT,
        "--document",
        which,
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    if !recipe.questions.contains(&Question::CachePrefix) {
        for r in named(recipe) {
            args.extend(["--repo".to_string(), r.to_string()]);
        }
    }
    for q in recipe.questions {
        args.extend(answer(*q).into_iter().map(String::from));
    }
    let out = cargo_bin_cmd!("ecr-policy").args(&args).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Policy::parse(&stdout).unwrap_or_else(|e| panic!("{args:?}: {e}\n{stdout}"))
}

fn verdict(docs: &DocumentSet, req: Request) -> Verdict {
    evaluate(docs, &req.with_principal_keys()).verdict
}

/// The role (or user) that makes the ECR requests, and the documents on its path.
fn requester(recipe: &Recipe) -> Option<(Principal, DocumentSet)> {
    let role = format!("ecr-{}", recipe.id);
    let (principal, repository) = match recipe.workload {
        Workload::LambdaImage => return None,
        Workload::OtherAccount => (
            Principal::parse(&format!("arn:aws:sts::{OTHER_ACCOUNT}:assumed-role/ci/run")).unwrap(),
            Some(Doc::new("repository", document(recipe, "repository"))),
        ),
        _ => (
            Principal::parse(&format!("arn:aws:sts::{ACCOUNT}:assumed-role/{role}/run")).unwrap(),
            None,
        ),
    };
    let docs = DocumentSet {
        identity: vec![Doc::new("identity", document(recipe, "identity"))],
        repository,
        ..DocumentSet::default()
    };
    Some((principal, docs))
}

/// The principal can do exactly the expected operations on the named repositories (login on
/// "*"), nothing on another repository, and (when it pushes with a signing profile) sign with
/// that profile only.
fn check_operations(recipe: &Recipe) {
    let want = expected(recipe.id);
    let Some((principal, docs)) = requester(recipe) else {
        return check_lambda(recipe, &want);
    };
    for action in ActionId::all() {
        let info = action.info();
        let allowed_here = want.contains(&info.name);
        let q = action.qualified();
        if info.star_only {
            // Registry-level actions are requests to the principal's own account (a login
            // token of one account opens every registry its principal may use).
            let v = verdict(&docs, Request::new(principal.clone(), &q, "*").unwrap());
            assert_eq!(
                v == Verdict::Allowed,
                allowed_here,
                "{} {q} on *",
                recipe.id
            );
            continue;
        }
        for name in named(recipe) {
            let v = verdict(
                &docs,
                Request::new(principal.clone(), &q, &repo_arn(ACCOUNT, name)).unwrap(),
            );
            assert_eq!(
                v == Verdict::Allowed,
                allowed_here,
                "{} {q} on {name}",
                recipe.id
            );
        }
        // Another repository of the registry, and the same name in another account.
        for other in [repo_arn(ACCOUNT, "other"), repo_arn(OTHER_ACCOUNT, "web")] {
            let mut docs = docs.clone();
            // The repository policy is set on the named repositories only.
            docs.repository = None;
            let v = verdict(&docs, Request::new(principal.clone(), &q, &other).unwrap());
            assert_ne!(v, Verdict::Allowed, "{} {q} on {other}", recipe.id);
        }
    }
    if recipe.workload == Workload::OtherAccount {
        // Across accounts both documents must allow: without the repository policy, nothing.
        let alone = DocumentSet {
            repository: None,
            ..docs.clone()
        };
        let v = verdict(
            &alone,
            Request::new(principal.clone(), "ecr:PutImage", &repo_arn(ACCOUNT, "web")).unwrap(),
        );
        assert_eq!(v, Verdict::ImplicitDeny, "{}", recipe.id);
    }
    if recipe.questions.contains(&Question::SigningProfile) {
        let sign = |profile: &str| {
            evaluate(
                &docs,
                &Request::new(principal.clone(), "signer:SignPayload", profile)
                    .unwrap()
                    .with_principal_keys(),
            )
        };
        let d = sign(PROFILE);
        if principal.account() == Some(ACCOUNT) {
            assert_eq!(d.verdict, Verdict::Allowed, "{}", recipe.id);
        } else {
            // The profile is the registry account's: the identity policy allows, and across
            // accounts the profile's own permission must too (the recipe's note says how).
            assert!(
                d.allows.iter().any(|s| s.kind == DocKind::Identity),
                "{}",
                recipe.id
            );
            assert_eq!(d.verdict, Verdict::ImplicitDeny, "{}", recipe.id);
        }
        let other = sign("arn:aws:signer:eu-west-1:111122223333:/signing-profiles/other");
        assert_eq!(other.verdict, Verdict::ImplicitDeny);
        assert!(other.allows.is_empty());
    }
}

/// Lambda's service principal pulls the named repositories for the named function only.
fn check_lambda(recipe: &Recipe, want: &[&str]) {
    let docs = DocumentSet {
        repository: Some(Doc::new("repository", document(recipe, "repository"))),
        ..DocumentSet::default()
    };
    let lambda = Principal::parse("lambda.amazonaws.com").unwrap();
    let from = |function: &str, q: &str, repo: &str| {
        let mut c = Context::closed();
        c.set("aws:SourceArn", function)
            .set("aws:SourceAccount", ACCOUNT);
        Request::new(lambda.clone(), q, &repo_arn(ACCOUNT, repo))
            .unwrap()
            .with_context(c)
    };
    for action in ActionId::all().filter(|a| !a.info().star_only) {
        let q = action.qualified();
        let allowed = want.contains(&action.info().name);
        for name in named(recipe) {
            assert_eq!(
                verdict(&docs, from(FUNCTION, &q, name)) == Verdict::Allowed,
                allowed,
                "lambda {q} on {name}"
            );
            let other = "arn:aws:lambda:eu-west-1:444455556666:function:thumbnails";
            assert_eq!(
                verdict(&docs, from(other, &q, name)),
                Verdict::ImplicitDeny,
                "{q}"
            );
        }
    }
}

/// A web-identity request to assume the recipe's role with these claims.
fn web_identity(provider: &str, claims: &[(&str, &str)]) -> Request {
    let mut c = Context::closed();
    for (k, v) in claims {
        c.set(k, *v);
    }
    Request::new(
        Principal::parse(provider).unwrap(),
        "sts:AssumeRoleWithWebIdentity",
        &format!("arn:aws:iam::{ACCOUNT}:role/ecr-role"),
    )
    .unwrap()
    .with_context(c)
}

/// A service (or an IAM principal) asking to assume the role, with request tags.
fn assume(who: &str, action: &str, tags: &[(&str, &str)]) -> Request {
    let mut c = Context::closed();
    for (k, v) in tags {
        c.set(&format!("aws:RequestTag/{k}"), *v);
    }
    Request::new(
        Principal::parse(who).unwrap(),
        action,
        &format!("arn:aws:iam::{ACCOUNT}:role/ecr-role"),
    )
    .unwrap()
    .with_context(c)
}

/// Judges requests to assume a recipe's role against its trust policy.
struct Trust {
    id: &'static str,
    docs: DocumentSet,
}

// The requests are built in place at each call: taken by value, they read as a script.
#[allow(clippy::needless_pass_by_value)]
impl Trust {
    fn ok(&self, req: Request) {
        let v = evaluate(&self.docs, &req).verdict;
        assert_eq!(v, Verdict::Allowed, "{} {req:?}", self.id);
    }

    fn no(&self, req: Request) {
        let v = evaluate(&self.docs, &req).verdict;
        assert_eq!(v, Verdict::ImplicitDeny, "{} {req:?}", self.id);
    }
}

fn provider(account: &str, issuer: &str) -> String {
    format!("arn:aws:iam::{account}:oidc-provider/{issuer}")
}

/// GitHub: one repository's main branch, STS's audience, this account's provider.
fn github_trust(t: &Trust) {
    let (ok, no) = (|r| t.ok(r), |r| t.no(r));
    let gh = "token.actions.githubusercontent.com";
    let claims = |sub: &'static str, aud: &'static str| {
        [
            ("token.actions.githubusercontent.com:sub", sub),
            ("token.actions.githubusercontent.com:aud", aud),
        ]
    };
    let main = "repo:octo-org/octo-repo:ref:refs/heads/main";
    ok(web_identity(
        &provider(ACCOUNT, gh),
        &claims(main, "sts.amazonaws.com"),
    ));
    for (sub, aud) in [
        (
            "repo:octo-org/other:ref:refs/heads/main",
            "sts.amazonaws.com",
        ),
        (
            "repo:evil/octo-repo:ref:refs/heads/main",
            "sts.amazonaws.com",
        ),
        (
            "repo:octo-org/octo-repo:ref:refs/heads/dev",
            "sts.amazonaws.com",
        ),
        ("repo:octo-org/octo-repo:pull_request", "sts.amazonaws.com"),
        (
            "repo:octo-org/octo-repo:environment:prod",
            "sts.amazonaws.com",
        ),
        (main, "sigstore"),
    ] {
        no(web_identity(&provider(ACCOUNT, gh), &claims(sub, aud)));
    }
    no(web_identity(
        &provider(OTHER_ACCOUNT, gh),
        &claims(main, "sts.amazonaws.com"),
    ));
    no(assume("ecs-tasks.amazonaws.com", "sts:AssumeRole", &[]));
}

/// GitLab: one project's main branch on gitlab.com.
fn gitlab_trust(t: &Trust) {
    let (ok, no) = (|r| t.ok(r), |r| t.no(r));
    let sub = "project_path:group/app:ref_type:branch:ref:main";
    let claims = |s: &'static str| {
        [
            ("gitlab.com:sub", s),
            ("gitlab.com:aud", "https://gitlab.com"),
        ]
    };
    ok(web_identity(&provider(ACCOUNT, "gitlab.com"), &claims(sub)));
    no(web_identity(
        &provider(ACCOUNT, "gitlab.com"),
        &claims("project_path:group/other:ref_type:branch:ref:main"),
    ));
    no(web_identity(
        &provider(ACCOUNT, "gitlab.com"),
        &claims("project_path:group/app:ref_type:branch:ref:dev"),
    ));
    no(web_identity(
        &provider(OTHER_ACCOUNT, "gitlab.com"),
        &claims(sub),
    ));
}

/// IRSA: one service account of one namespace of this cluster.
fn irsa_trust(t: &Trust) {
    let (ok, no) = (|r| t.ok(r), |r| t.no(r));
    let key = |c: &str| format!("{ISSUER}:{c}");
    let (sub, aud) = (key("sub"), key("aud"));
    let claims = |s: &'static str| [(sub.as_str(), s), (aud.as_str(), "sts.amazonaws.com")];
    ok(web_identity(
        &provider(ACCOUNT, ISSUER),
        &claims("system:serviceaccount:team-a:app"),
    ));
    no(web_identity(
        &provider(ACCOUNT, ISSUER),
        &claims("system:serviceaccount:team-a:other"),
    ));
    no(web_identity(
        &provider(ACCOUNT, ISSUER),
        &claims("system:serviceaccount:team-b:app"),
    ));
    let other_cluster = "oidc.eks.eu-west-1.amazonaws.com/id/0THERC1USTER000000000000000000AB";
    no(web_identity(
        &provider(ACCOUNT, other_cluster),
        &claims("system:serviceaccount:team-a:app"),
    ));
}

/// Pod Identity: the association's cluster, namespace and service account, by session tags.
fn pod_identity_trust(t: &Trust) {
    let (ok, no) = (|r| t.ok(r), |r| t.no(r));
    let tags = |cluster, ns, sa| {
        [
            ("eks-cluster-name", cluster),
            ("kubernetes-namespace", ns),
            ("kubernetes-service-account", sa),
        ]
    };
    for action in ["sts:AssumeRole", "sts:TagSession"] {
        ok(assume(
            "pods.eks.amazonaws.com",
            action,
            &tags("prod", "team-a", "app"),
        ));
        no(assume(
            "pods.eks.amazonaws.com",
            action,
            &tags("staging", "team-a", "app"),
        ));
        no(assume(
            "pods.eks.amazonaws.com",
            action,
            &tags("prod", "team-b", "app"),
        ));
        no(assume(
            "pods.eks.amazonaws.com",
            action,
            &tags("prod", "team-a", "other"),
        ));
    }
    no(assume(
        "ec2.amazonaws.com",
        "sts:AssumeRole",
        &tags("prod", "team-a", "app"),
    ));
}

/// A service's role: that service only.
fn service_trust(t: &Trust, s: ecr_policy::policy::recipes::table::ServiceRole) {
    let (ok, no) = (|r| t.ok(r), |r| t.no(r));
    ok(assume(s.principal, "sts:AssumeRole", &[]));
    let other = if s.principal == "lambda.amazonaws.com" {
        "ecs-tasks.amazonaws.com"
    } else {
        "lambda.amazonaws.com"
    };
    no(assume(other, "sts:AssumeRole", &[]));
    no(assume(
        &format!("arn:aws:sts::{OTHER_ACCOUNT}:assumed-role/x/s"),
        "sts:AssumeRole",
        &[],
    ));
}

/// The trust admits the workload and refuses the others.
fn check_trust(recipe: &Recipe) {
    if matches!(
        recipe.workload,
        Workload::AnyPrincipal | Workload::OtherAccount
    ) {
        return;
    }
    let t = Trust {
        id: recipe.id,
        docs: DocumentSet {
            trust: Some(Doc::new("trust", document(recipe, "trust"))),
            ..DocumentSet::default()
        },
    };
    match recipe.workload {
        Workload::GithubActions => github_trust(&t),
        Workload::GitlabCi => gitlab_trust(&t),
        Workload::EksServiceAccount => irsa_trust(&t),
        Workload::EksPodIdentity => pod_identity_trust(&t),
        Workload::Service(s) => service_trust(&t, s),
        Workload::LambdaImage => {
            let (ok, no) = (|r| t.ok(r), |r| t.no(r));
            ok(assume("lambda.amazonaws.com", "sts:AssumeRole", &[]));
            no(assume("ecs-tasks.amazonaws.com", "sts:AssumeRole", &[]));
            no(assume(
                &format!("arn:aws:sts::{OTHER_ACCOUNT}:assumed-role/x/s"),
                "sts:AssumeRole",
                &[],
            ));
        }
        Workload::AnyPrincipal | Workload::OtherAccount => {}
    }
}

#[test]
fn every_recipe_grants_exactly_its_operations_and_trusts_only_its_workload() {
    assert!(RECIPES.len() >= 12);
    for recipe in RECIPES {
        check_operations(recipe);
        check_trust(recipe);
    }
}

/// `generate` with these arguments: exit code, standard output, standard error.
fn generate(args: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("ecr-policy")
        .arg("generate")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const GITHUB_PUSH: &[&str] = &[
    "--recipe",
    "github-actions-push",
    "--region",
    "us-east-1",
    "--account",
    "123456789012",
    "--repo",
    "web",
    "--github-repo",
    "octo-org/octo-repo",
];

#[test]
fn the_trust_policy_in_every_format_is_the_json_document() {
    let json = |args: &[&str]| -> serde_json::Value {
        let (code, out, err) = generate(args);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    let mut args = GITHUB_PUSH.to_vec();
    args.extend(["--document", "trust", "--role-name", "ci-push"]);
    let want = json(&args);
    let with_format = |format: &str| {
        let mut a = args.clone();
        a.extend(["--format", format]);
        let (code, out, err) = generate(&a);
        assert_eq!(code, 0, "{err}");
        out
    };
    // Terraform: the role's assume_role_policy, evaluated by hcl-rs.
    let tf = with_format("terraform");
    let body = hcl::parse(&tf).unwrap();
    let role = body
        .blocks()
        .find(|b| b.identifier.as_str() == "resource")
        .unwrap();
    let labels: Vec<&str> = role.labels.iter().map(hcl::BlockLabel::as_str).collect();
    assert_eq!(labels, ["aws_iam_role", "ci_push"]);
    let attr = |key: &str| {
        role.body
            .attributes()
            .find(|a| a.key.as_str() == key)
            .unwrap()
            .expr
            .clone()
    };
    let hcl::Expression::FuncCall(call) = attr("assume_role_policy") else {
        panic!("{tf}")
    };
    let doc = hcl::eval::Evaluate::evaluate(&call.args[0], &hcl::eval::Context::new()).unwrap();
    assert_eq!(serde_json::to_value(doc).unwrap(), want);
    // CloudFormation: AWS::IAM::Role's AssumeRolePolicyDocument.
    let cfn = with_format("cloudformation");
    let t: serde_norway::Value = serde_norway::from_str(&cfn).unwrap();
    let r = &t["Resources"]["CiPush"];
    assert_eq!(r["Type"].as_str(), Some("AWS::IAM::Role"));
    assert_eq!(r["Properties"]["RoleName"].as_str(), Some("ci-push"));
    let doc: serde_json::Value =
        serde_norway::from_value(r["Properties"]["AssumeRolePolicyDocument"].clone()).unwrap();
    assert_eq!(doc, want);
    // AWS CLI: create-role's arguments, as a shell passes them.
    let cli = with_format("aws-cli");
    for shell in crate::support::formats::shells() {
        let got = crate::support::formats::cli_args(shell, &cli);
        assert_eq!(&got[..2], ["iam", "create-role"], "{shell}");
        assert_eq!(
            crate::support::formats::flag_value(&got, "--role-name"),
            "ci-push"
        );
        let doc: serde_json::Value = serde_json::from_str(crate::support::formats::flag_value(
            &got,
            "--assume-role-policy-document",
        ))
        .unwrap();
        assert_eq!(doc, want, "{shell}");
    }
}

#[test]
fn notes_give_each_other_document_s_command_and_it_writes_it() {
    let (code, identity, err) = generate(GITHUB_PUSH);
    assert_eq!(code, 0, "{err}");
    assert!(identity.contains("ecr:PutImage"), "{identity}");
    assert!(err.contains("the identity policy (this one)"), "{err}");
    let line = err
        .lines()
        .find(|l| l.trim_start().starts_with("the trust policy: "))
        .unwrap_or_else(|| panic!("{err}"));
    let command = line.split_once(": ").unwrap().1;
    let words: Vec<&str> = command.split(' ').collect();
    assert_eq!(&words[..2], ["ecr-policy", "generate"]);
    let (code, trust, _) = generate(&words[2..]);
    assert_eq!(code, 0);
    assert!(
        trust.contains("repo:octo-org/octo-repo:ref:refs/heads/main"),
        "{trust}"
    );
    // The next step: the workflow's permission and the login action; the managed policy.
    assert!(err.contains("id-token: write"), "{err}");
    assert!(err.contains("aws-actions/amazon-ecr-login@v2"), "{err}");
    assert!(err.contains("AmazonEC2ContainerRegistryPowerUser"), "{err}");
}

#[test]
fn answers_are_refused_with_their_flag_and_rule() {
    let run = |extra: &[&str]| {
        let mut a = vec![
            "--region",
            "us-east-1",
            "--account",
            "123456789012",
            "--repo",
            "web",
        ];
        a.extend_from_slice(extra);
        generate(&a)
    };
    let (code, _, err) = run(&["--recipe", "github-actions-push"]);
    assert_eq!(code, 2);
    assert!(err.contains("needs --github-repo"), "{err}");
    let (code, _, err) = run(&[
        "--recipe",
        "github-actions-push",
        "--github-repo",
        "octo/app",
        "--namespace",
        "x",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("(--namespace) is not a question of recipe github-actions-push"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "--recipe",
        "github-actions-push",
        "--github-repo",
        "octo/app",
        "--github-ref",
        "refs/heads/*",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("GitHub ref \"refs/heads/*\" contains \"*\""),
        "{err}"
    );
    let (code, _, err) = run(&["--recipe", "laptop-push-pull", "--preset", "pull"]);
    assert_eq!(code, 2);
    assert!(err.contains("--preset cannot go with --recipe"), "{err}");
    let (code, _, err) = run(&["--document", "trust"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--document trust writes a recipe's trust policy"),
        "{err}"
    );
    let (code, _, err) = run(&["--github-repo", "octo/app"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--github-repo is a recipe's question"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "--recipe",
        "cross-account-ci-push",
        "--principal",
        "arn:aws:iam::123456789012:role/ci",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("is in the registry's own account"), "{err}");
    let (code, _, err) = run(&[
        "--recipe",
        "lambda-container-image",
        "--function-arn",
        "arn:aws:lambda:eu-west-1:123456789012:function:f",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("is in region eu-west-1"), "{err}");
}

#[test]
fn recipes_lists_one_line_each_and_json() {
    let out = cargo_bin_cmd!("ecr-policy")
        .arg("recipes")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for r in RECIPES {
        assert_eq!(
            text.lines()
                .filter(|l| l.starts_with(&format!("{} ", r.id)))
                .count(),
            1,
            "{text}"
        );
    }
    let out = cargo_bin_cmd!("ecr-policy")
        .args(["recipes", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), RECIPES.len());
    for row in rows {
        assert!(!row["sources"].as_array().unwrap().is_empty(), "{row}");
        assert!(!row["documents"].as_array().unwrap().is_empty(), "{row}");
    }
    let github = &rows[0];
    assert_eq!(github["id"], "github-actions-push");
    assert_eq!(
        github["documents"],
        serde_json::json!(["identity", "trust"])
    );
    assert_eq!(github["questions"][0]["flag"], "--github-repo");
    assert_eq!(github["questions"][0]["required"], true);
    assert_eq!(github["questions"][1]["default"], "refs/heads/main");
}
