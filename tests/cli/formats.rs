//! Round trips of every output format: Terraform through hcl-rs, `CloudFormation` through a YAML
//! parser, the AWS CLI command through real shells; each must carry exactly the JSON policy.

// A test crate: helpers outside #[test] functions may fail loudly too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::support::formats as formats_support;

use ecr_policy::policy::emit::format::{Format, Meta, PolicyName, render_as};
use ecr_policy::policy::emit::render::build;
use ecr_policy::policy::{JsonStyle, Spec, render};
use formats_support::{
    cli_args, cloudformation_document, flag_value, shells, terraform_document, terraform_name,
};
use serde_json::Value;

fn expected(spec: &Spec) -> Value {
    serde_json::from_str(&render(spec, JsonStyle::Pretty)).unwrap()
}

#[test]
fn the_spread_covers_every_preset_partition_and_shape() {
    let specs = formats_support::specs();
    assert!(specs.len() >= 40, "{}", specs.len());
    for arn in ["aws", "aws-us-gov", "aws-cn", "aws-iso"] {
        assert!(specs.iter().any(|(_, s)| s.partition().arn == arn), "{arn}");
    }
    assert!(specs.iter().any(|(_, s)| s.region.is_all()));
    assert!(specs.iter().any(|(_, s)| s.repositories.is_empty()));
    assert!(specs.iter().any(|(_, s)| s.repositories.len() > 10));
    assert!(specs.iter().any(|(_, s)| s.tags.len() == 4));
}

#[test]
fn terraform_jsonencode_is_the_json_policy() {
    for (label, spec) in formats_support::specs() {
        let name = PolicyName::default_for(&spec);
        let text = render_as(&spec, Format::Terraform, &name);
        let tf_label = name.terraform_label();
        assert_eq!(
            terraform_document(&text, &tf_label),
            expected(&spec),
            "{label}:\n{text}"
        );
        assert_eq!(terraform_name(&text, &tf_label), name.as_str(), "{label}");
        assert!(
            text.contains(&format!("value       = aws_iam_policy.{tf_label}.arn")),
            "{label}:\n{text}"
        );
    }
}

#[test]
fn terraform_takes_a_given_name_and_derives_its_label() {
    let (_, spec) = &formats_support::specs()[0];
    let name = PolicyName::parse("CI.Push@Team").unwrap();
    let text = render_as(spec, Format::Terraform, &name);
    assert!(text.starts_with("resource \"aws_iam_policy\" \"ci_push_team\" {\n"));
    assert_eq!(terraform_name(&text, "ci_push_team"), "CI.Push@Team");
    assert_eq!(terraform_document(&text, "ci_push_team"), expected(spec));
}

#[test]
fn cloudformation_policy_document_is_the_json_policy() {
    for (label, spec) in formats_support::specs() {
        let name = PolicyName::default_for(&spec);
        let text = render_as(&spec, Format::CloudFormation, &name);
        let id = name.logical_id();
        let (kind, policy_name, document) = cloudformation_document(&text, &id);
        assert_eq!(kind, "AWS::IAM::ManagedPolicy", "{label}");
        assert_eq!(policy_name, name.as_str(), "{label}");
        assert_eq!(document, expected(&spec), "{label}:\n{text}");
    }
}

#[test]
fn cloudformation_outputs_the_policy_arn_with_ref() {
    let (_, spec) = &formats_support::specs()[3];
    let name = PolicyName::default_for(spec);
    let text = render_as(spec, Format::CloudFormation, &name);
    let doc: serde_norway::Value = serde_norway::from_str(&text).unwrap();
    assert_eq!(doc["AWSTemplateFormatVersion"], "2010-09-09");
    let id = name.logical_id();
    let output = &doc["Outputs"][format!("{id}Arn").as_str()]["Value"];
    let serde_norway::Value::Tagged(tagged) = output else {
        panic!("not !Ref: {output:?}");
    };
    assert_eq!(tagged.tag, serde_norway::value::Tag::new("Ref"));
    assert_eq!(tagged.value, id.as_str());
}

#[test]
fn aws_cli_command_passes_the_json_policy_in_every_shell() {
    let specs = formats_support::specs();
    for shell in shells() {
        for (label, spec) in &specs {
            let name = PolicyName::default_for(spec);
            let text = render_as(spec, Format::AwsCli, &name);
            let args = cli_args(shell, &text);
            assert_eq!(args[..2], ["iam", "create-policy"], "{shell} {label}");
            let doc: Value = serde_json::from_str(flag_value(&args, "--policy-document")).unwrap();
            assert_eq!(doc, expected(spec), "{shell} {label}");
            assert_eq!(flag_value(&args, "--policy-name"), name.as_str());
            let meta = Meta::for_spec(spec, &name);
            assert_eq!(flag_value(&args, "--description"), meta.description);
            let region = args.iter().position(|a| a == "--region");
            if spec.partition().arn == "aws" {
                assert_eq!(region, None, "{shell} {label}");
                assert!(!text.contains("--region"), "{label}");
            } else {
                let want = if spec.region.is_all() {
                    spec.partition().regions[0].code
                } else {
                    spec.region.code.as_str()
                };
                assert_eq!(flag_value(&args, "--region"), want, "{shell} {label}");
                assert!(text.contains(&format!("\n# {want} is outside")), "{label}");
            }
        }
    }
}

#[test]
fn aws_cli_region_for_star_in_china_is_its_first_region() {
    let spec = formats_support::specs()
        .into_iter()
        .find(|(_, s)| s.region.is_all() && s.partition().arn == "aws-cn")
        .unwrap()
        .1;
    let text = render_as(&spec, Format::AwsCli, &PolicyName::default_for(&spec));
    assert!(text.contains("  --region cn-north-1 \\\n"), "{text}");
}

#[test]
fn every_format_of_the_draft_with_placeholders_round_trips() {
    use ecr_policy::policy::emit::render::{Target, build_for};
    let repos = ["{REPOSITORY}".to_string()];
    let tags = [ecr_policy::policy::spec::tags::parse_tag("team=payments").unwrap()];
    let actions = ecr_policy::policy::spec::tasks::find_preset("push-pull-list")
        .unwrap()
        .set();
    let policy = build_for(
        Target {
            partition: "{PARTITION}",
            region: "{REGION}",
            account: "{ACCOUNT_ID}",
            repositories: &repos,
            tags: &tags,
        },
        actions,
    );
    formats_support::assert_every_format_carries(&policy, &PolicyName::default());
}

#[test]
fn json_format_is_byte_for_byte_the_pretty_render() {
    for (label, spec) in formats_support::specs() {
        let name = PolicyName::default_for(&spec);
        assert_eq!(
            render_as(&spec, Format::Json, &name),
            render(&spec, JsonStyle::Pretty),
            "{label}"
        );
        assert_eq!(
            ecr_policy::policy::render_policy_as(&build(&spec), Format::Json, &name),
            render(&spec, JsonStyle::Pretty)
        );
    }
}
