//! Tests for whole-spec validation in `model::validate`: cross-checks between the given fields
//! and pasted URIs/ARNs, normalising, and reporting every error at once.

use crate::policy::spec::catalog::{ActionSet, find_action};
use crate::policy::spec::model::{Field, FieldError, SpecInput, validate};
use crate::policy::spec::tasks::{DEFAULT_PRESET, find_preset};

const ACCT: &str = "123456789012";

// ---------------------------------------------------------------- whole-spec validation

fn default_actions() -> ActionSet {
    find_preset(DEFAULT_PRESET).unwrap().set()
}

fn input(region: Option<&str>, account: Option<&str>, repos: &[&str]) -> SpecInput {
    SpecInput {
        region: region.map(String::from),
        partition: None,
        account: account.map(String::from),
        repositories: repos.iter().map(|s| (*s).to_string()).collect(),
        actions: default_actions(),
        tags: Vec::new(),
    }
}

fn errors_of(input: &SpecInput) -> Vec<FieldError> {
    validate(input).expect_err("the input should be rejected")
}

#[test]
fn a_uri_account_contradicting_the_given_account_names_both() {
    let other = "210987654321";
    let uri = format!("{other}.dkr.ecr.us-east-1.amazonaws.com/app");
    let errors = errors_of(&input(Some("us-east-1"), Some(ACCT), &[&uri]));
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert_eq!(e.field, Field::Account);
    let shown = e.to_string();
    assert!(shown.contains(ACCT) && shown.contains(other), "{shown}");
}

#[test]
fn two_uris_with_different_accounts_contradict_each_other() {
    let a = format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.com/app");
    let b = "210987654321.dkr.ecr.us-east-1.amazonaws.com/web";
    let errors = errors_of(&input(None, None, &[&a, b]));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, Field::Account);
    let shown = errors[0].to_string();
    assert!(
        shown.contains(ACCT) && shown.contains("210987654321"),
        "{shown}"
    );
}

#[test]
fn a_uri_region_contradicting_the_given_region_names_both() {
    let uri = format!("{ACCT}.dkr.ecr.eu-west-1.amazonaws.com/app");
    let errors = errors_of(&input(Some("us-east-1"), Some(ACCT), &[&uri]));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, Field::Region);
    let shown = errors[0].to_string();
    assert!(
        shown.contains("eu-west-1") && shown.contains("us-east-1"),
        "{shown}"
    );
}

#[test]
fn a_uri_from_another_partition_is_reported() {
    let uri = format!("{ACCT}.dkr.ecr.us-gov-west-1.amazonaws.com/app");
    let errors = errors_of(&input(Some("us-east-1"), None, &[&uri]));
    let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
    assert!(fields.contains(&Field::Region), "{errors:?}");
    let p = errors
        .iter()
        .find(|e| e.field == Field::Partition)
        .expect("a partition error");
    assert_eq!(p.value, "aws-us-gov");
    assert!(p.message.contains("us-east-1"), "{p}");
}

#[test]
fn region_star_accepts_uris_of_any_region_in_the_partition() {
    let a = format!("{ACCT}.dkr.ecr.eu-west-1.amazonaws.com/app");
    let b = format!("{ACCT}.dkr.ecr.us-east-2.amazonaws.com/web");
    let spec = validate(&input(Some("*"), None, &[&a, &b])).unwrap();
    assert!(spec.region.is_all());
    assert_eq!(spec.repositories, ["app", "web"]);
}

#[test]
fn account_region_and_partition_come_from_a_uri_when_not_given() {
    let uri = "012345678901.dkr.ecr.cn-northwest-1.amazonaws.com.cn/team/app:v2";
    let spec = validate(&input(None, None, &[uri])).unwrap();
    assert_eq!(spec.account, "012345678901");
    assert_eq!(spec.region.code, "cn-northwest-1");
    assert_eq!(spec.partition().arn, "aws-cn");
    assert_eq!(spec.repositories, ["team/app"]);

    let arn = format!("arn:aws-us-gov:ecr:us-gov-east-1:{ACCT}:repository/api");
    let spec = validate(&input(None, Some(""), &[&arn])).unwrap();
    assert_eq!(spec.account, ACCT);
    assert_eq!(spec.region.code, "us-gov-east-1");
    assert_eq!(spec.partition().arn, "aws-us-gov");
}

#[test]
fn given_values_are_normalised() {
    let spec = validate(&input(
        Some(" US-EAST-1 "),
        Some("1234-5678-9012"),
        &["my-app", " my-app "],
    ))
    .unwrap();
    assert_eq!(spec.region.code, "us-east-1");
    assert_eq!(spec.account, ACCT);
    assert_eq!(spec.repositories, ["my-app"]);
}

#[test]
fn missing_fields_are_each_reported() {
    let errors = errors_of(&SpecInput {
        actions: ActionSet::EMPTY,
        ..SpecInput::default()
    });
    let mut fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
    fields.sort_by_key(|f| f.label());
    assert_eq!(
        fields,
        [Field::Account, Field::Action, Field::Region],
        "{errors:?}"
    );
    assert!(errors.iter().all(|e| e.value.is_empty()));
    let account = errors.iter().find(|e| e.field == Field::Account).unwrap();
    assert!(
        account.message.contains("missing") && account.message.contains("12"),
        "{account}"
    );
    let region = errors.iter().find(|e| e.field == Field::Region).unwrap();
    assert!(region.message.contains("missing"), "{region}");

    let errors = errors_of(&input(Some("us-east-1"), Some(ACCT), &[]));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, Field::Repository);
    assert!(errors[0].message.contains("none given"), "{}", errors[0]);

    let blank_region = errors_of(&input(Some("  "), Some(ACCT), &["app"]));
    assert_eq!(blank_region.len(), 1);
    assert_eq!(blank_region[0].field, Field::Region);
}

#[test]
fn login_alone_needs_no_repository() {
    let mut i = input(Some("us-east-1"), Some(ACCT), &[]);
    i.actions = ActionSet::of(&["GetAuthorizationToken"]);
    let spec = validate(&i).unwrap();
    assert!(spec.repositories.is_empty());
    assert_eq!(spec.actions.len(), 1);
}

#[test]
fn every_error_is_reported_at_once() {
    let mut i = input(Some("tokyo"), Some("12345"), &["My-App", "ok-app", "a"]);
    i.actions = ActionSet::EMPTY;
    let errors = errors_of(&i);
    let fields: Vec<(Field, &str)> = errors.iter().map(|e| (e.field, e.value.as_str())).collect();
    for want in [
        (Field::Repository, "My-App"),
        (Field::Repository, "a"),
        (Field::Account, "12345"),
        (Field::Region, "tokyo"),
        (Field::Action, ""),
    ] {
        assert!(fields.contains(&want), "{want:?} missing from {fields:?}");
    }
    assert_eq!(errors.len(), 5, "{errors:?}");
}

#[test]
fn a_bad_account_is_not_also_reported_as_a_contradiction() {
    let uri = format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.com/app");
    let errors = errors_of(&input(None, Some("99"), &[&uri]));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].field, errors[0].value.as_str()),
        (Field::Account, "99")
    );
}

#[test]
fn wildcards_are_allowed_and_duplicates_collapse() {
    let uri = format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.com/web:1.0");
    let arn = format!("arn:aws:ecr:us-east-1:{ACCT}:repository/web");
    let spec = validate(&input(
        Some("us-east-1"),
        Some(ACCT),
        &["team/*", "*", "web", &uri, &arn, "app-*", "web"],
    ))
    .unwrap();
    assert_eq!(spec.repositories, ["*", "app-*", "team/*", "web"]);
}

#[test]
fn actions_pass_through_unchanged() {
    let mut i = input(Some("us-east-1"), Some(ACCT), &["app"]);
    i.actions = ActionSet::of(&["PutImage", "DescribeRegistry"]);
    let spec = validate(&i).unwrap();
    assert_eq!(spec.actions, i.actions);
    assert!(spec.actions.contains(find_action("PutImage").unwrap()));
}

#[test]
fn region_star_takes_the_partition_from_pasted_uris_and_arns() {
    // Nobody chose `aws` here; the pasted China URI and GovCloud ARN say which partition is meant.
    let uri = format!("{ACCT}.dkr.ecr.cn-north-1.amazonaws.com.cn/app");
    let spec = validate(&input(Some("*"), None, &[&uri])).unwrap();
    assert_eq!(
        (spec.region.code.as_str(), spec.partition().arn),
        ("*", "aws-cn")
    );

    let arn = format!("arn:aws-us-gov:ecr:*:{ACCT}:repository/api");
    let spec = validate(&input(Some("*"), Some(ACCT), &["web", &arn])).unwrap();
    assert_eq!(
        (spec.region.code.as_str(), spec.partition().arn),
        ("*", "aws-us-gov")
    );

    // An explicit partition still wins, and a mismatch is still reported.
    let mut i = input(Some("*"), None, &[&uri]);
    i.partition = Some("aws".into());
    let errors = errors_of(&i);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].field, errors[0].value.as_str()),
        (Field::Partition, "aws-cn")
    );

    // Two partitions pasted together still contradict each other.
    let gov = format!("arn:aws-us-gov:ecr:us-gov-west-1:{ACCT}:repository/api");
    let errors = errors_of(&input(Some("*"), None, &[&uri, &gov]));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, Field::Partition);
}

#[test]
fn an_arn_for_every_region_supplies_region_star_when_none_is_given() {
    let arn = format!("arn:aws-cn:ecr:*:{ACCT}:repository/team/*");
    let spec = validate(&input(None, None, &[&arn])).unwrap();
    assert!(spec.region.is_all());
    assert_eq!(spec.partition().arn, "aws-cn");
    assert_eq!(spec.account, ACCT);
    assert_eq!(spec.repositories, ["team/*"]);

    // A concrete region pasted alongside is used instead of `*`.
    let uri = format!("{ACCT}.dkr.ecr.cn-north-1.amazonaws.com.cn/app");
    let spec = validate(&input(None, None, &[&arn, &uri])).unwrap();
    assert_eq!(spec.region.code, "cn-north-1");
}
