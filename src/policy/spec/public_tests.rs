//! ECR Public: catalog names, presets, pasted URIs, validation and the rendered policy.

use serde_json::{Value, json};

use super::*;
use crate::policy::emit::public_render::render_public;
use crate::policy::emit::render::JsonStyle;

#[test]
fn every_named_action_is_in_the_public_catalog() {
    assert_eq!(PUBLIC_ACTIONS.len(), 23);
    for name in PUBLIC_PRESETS.iter().flat_map(|p| p.actions.iter()) {
        let a = find_public_action(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(a.resource, PublicResource::Repository, "{name}");
    }
    let login = find_public_action(PUBLIC_LOGIN[0]).unwrap();
    assert_eq!(login.resource, PublicResource::Star);
    assert_eq!(
        find_public_action("ECR-PUBLIC:putregistrycatalogdata").map(|a| a.resource),
        Some(PublicResource::Registry)
    );
    assert!(find_public_action("ecr:PutImage").is_none());
    assert!(find_public_action("BatchImportUpstreamImage").is_none());
}

#[test]
fn pasted_public_uris_give_the_repository_and_not_the_account() {
    let cases = [
        ("public.ecr.aws/myalias/web:latest", "myalias", "web"),
        (
            "https://public.ecr.aws/a1b2c3d4/team/api@sha256:00ff",
            "a1b2c3d4",
            "team/api",
        ),
        (
            "public.ecr.aws/docker/library/nginx:1.27",
            "docker",
            "library/nginx",
        ),
    ];
    for (raw, alias, repo) in cases {
        let img = parse_public_uri(raw).unwrap().unwrap();
        assert_eq!(
            (img.alias.as_str(), img.repository.as_str()),
            (alias, repo),
            "{raw}"
        );
    }
    assert!(parse_public_uri("123456789012.dkr.ecr.us-east-1.amazonaws.com/web").is_none());
    assert!(parse_public_uri("web").is_none());
    assert!(
        parse_public_uri("public.ecr.aws/onlyalias")
            .unwrap()
            .is_err()
    );
    assert!(parse_public_uri("public.ecr.aws/a/Web:1").unwrap().is_err());
}

fn input(preset: Option<&str>, repos: &[&str]) -> PublicInput {
    PublicInput {
        account: Some("123456789012".into()),
        repositories: repos.iter().map(|s| (*s).to_string()).collect(),
        preset: preset.map(String::from),
        ..PublicInput::default()
    }
}

#[test]
fn push_is_login_and_the_layer_uploads_on_region_less_arns() {
    let spec = validate_public(&input(None, &["public.ecr.aws/myalias/web:1"])).unwrap();
    assert_eq!(spec.aliases, ["myalias"]);
    let v: Value = serde_json::from_str(&render_public(&spec, JsonStyle::Pretty)).unwrap();
    assert_eq!(
        v["Statement"][0],
        json!({"Sid": "PublicRegistryLogin", "Effect": "Allow",
               "Action": ["ecr-public:GetAuthorizationToken", "sts:GetServiceBearerToken"],
               "Resource": "*"})
    );
    assert_eq!(
        v["Statement"][1]["Resource"],
        "arn:aws:ecr-public::123456789012:repository/web"
    );
    let actions: Vec<&str> = v["Statement"][1]["Action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(actions.len(), PUBLIC_PUSH.len());
    assert!(actions.contains(&"ecr-public:PutImage"));
}

#[test]
fn pull_is_login_only() {
    let spec = validate_public(&input(Some("pull"), &[])).unwrap();
    let v: Value = serde_json::from_str(&render_public(&spec, JsonStyle::Pretty)).unwrap();
    assert_eq!(v["Statement"].as_array().unwrap().len(), 1);
    assert!(PUBLIC_PULL_NOTE.contains("anonymously"));
}

#[test]
fn public_input_errors_are_all_reported() {
    let mut bad = input(Some("push-pull-list"), &["Web"]);
    bad.partition = Some("aws-cn".into());
    bad.account = None;
    bad.actions = vec!["ecr:PutImage".into()];
    let errors = validate_public(&bad).unwrap_err();
    let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
    for f in [
        Field::Partition,
        Field::Preset,
        Field::Action,
        Field::Repository,
        Field::Account,
    ] {
        assert!(fields.contains(&f), "{f:?} in {errors:?}");
    }
    let mut alias_only = input(None, &["public.ecr.aws/myalias/web"]);
    alias_only.account = None;
    let e = validate_public(&alias_only).unwrap_err();
    assert!(e[0].message.contains("alias"), "{e:?}");
}
