//! Unit tests of the output formats: ids and aliases, policy names and the identifiers derived
//! from them, each format's string quoting, descriptions and the CLI region.

use super::*;
use crate::policy::emit::render::Statement;
use crate::policy::spec::model::SpecInput;
use crate::policy::spec::tasks::find_preset;
use crate::policy::validate;

const ACCT: &str = "123456789012";

fn spec(
    region: &str,
    partition: Option<&str>,
    repos: &[&str],
    preset: &str,
    tags: &[&str],
) -> Spec {
    validate(&SpecInput {
        region: Some(region.to_string()),
        partition: partition.map(String::from),
        account: Some(ACCT.to_string()),
        repositories: repos.iter().map(|s| (*s).to_string()).collect(),
        actions: find_preset(preset).unwrap().set(),
        tags: tags.iter().map(|s| (*s).to_string()).collect(),
    })
    .unwrap()
}

#[test]
fn ids_aliases_and_extensions() {
    for &f in Format::ALL {
        assert_eq!(Format::parse(f.id()).unwrap(), f);
        assert_eq!(f.to_string().parse::<Format>().unwrap(), f);
        assert_eq!(Format::parse(&f.id().to_uppercase()).unwrap(), f);
    }
    for (alias, f) in [
        ("tf", Format::Terraform),
        ("cfn", Format::CloudFormation),
        ("yaml", Format::CloudFormation),
        ("cli", Format::AwsCli),
        ("sh", Format::AwsCli),
        (" JSON ", Format::Json),
    ] {
        assert_eq!(Format::parse(alias).unwrap(), f, "{alias}");
    }
    let e = Format::parse("xml").unwrap_err();
    assert_eq!(e.field, Field::Format);
    assert!(
        e.message.contains("terraform, cloudformation, aws-cli"),
        "{e}"
    );
    let exts: Vec<&str> = Format::ALL.iter().map(|f| f.extension()).collect();
    assert_eq!(exts, ["json", "tf", "yaml", "sh"]);
    assert_eq!(Format::default(), Format::Json);
}

#[test]
fn next_and_prev_visit_every_format_and_wrap() {
    let mut f = Format::Json;
    let mut seen = Vec::new();
    for _ in 0..Format::ALL.len() {
        seen.push(f);
        assert_eq!(f.next().prev(), f);
        f = f.next();
    }
    assert_eq!(f, Format::Json);
    assert_eq!(seen, Format::ALL);
}

#[test]
fn policy_names_follow_iam_rules() {
    for ok in ["a", "ecr-push", "A_b+c=d,e.f@g-h", &"x".repeat(128)] {
        assert_eq!(parse_policy_name(ok).unwrap(), ok);
    }
    assert_eq!(parse_policy_name("  spaced  ").unwrap(), "spaced");
    for (bad, says) in [
        ("", "is empty"),
        ("   ", "is empty"),
        ("my policy", "' '"),
        ("ecr/push", "'/'"),
        ("zürich", "'ü'"),
        ("a$b", "'$'"),
        (&"x".repeat(129), "129 characters"),
    ] {
        let e = parse_policy_name(bad).unwrap_err();
        assert_eq!(e.field, Field::PolicyName);
        assert!(e.message.contains(says), "{bad:?}: {e}");
    }
}

#[test]
fn default_names_say_preset_and_repositories() {
    let cases: [(&[&str], &str, &str); 5] = [
        (&["my-app"], "push-pull-list", "ecr-push-pull-list-my-app"),
        (&["team/*"], "pull", "ecr-pull-team-all"),
        (&["*"], "push", "ecr-push-all"),
        (
            &["web", "api", "team/x"],
            "read-only",
            "ecr-read-only-api-and-2-more",
        ),
        (&["a_b.c"], "power-user", "ecr-power-user-a_b.c"),
    ];
    for (repos, preset, want) in cases {
        assert_eq!(
            default_policy_name(&spec("us-east-1", None, repos, preset, &[])),
            want
        );
    }
    let mut custom = spec("us-east-1", None, &["my-app"], "pull", &[]);
    custom.actions.remove(custom.actions.iter().next().unwrap());
    assert_eq!(default_policy_name(&custom), "ecr-custom-my-app");
    assert_eq!(
        PolicyName::from_parts(None, &[]).as_str(),
        "ecr-custom-registry"
    );
    let long = format!("{}/{}", "a".repeat(120), "b".repeat(120));
    let name = default_policy_name(&spec("us-east-1", None, &[&long], "pull", &[]));
    assert_eq!(name.len(), 128);
    assert!(parse_policy_name(&name).is_ok());
    // Placeholders and stray characters from a draft still give a valid name.
    let draft = PolicyName::from_parts(Some("pull"), &["{REPOSITORY}".to_string()]);
    assert_eq!(draft.as_str(), "ecr-pull-REPOSITORY");
}

#[test]
fn labels_and_logical_ids_are_valid_identifiers() {
    for (name, label, id) in [
        (
            "ecr-push-pull-list-my-app",
            "ecr_push_pull_list_my_app",
            "EcrPushPullListMyApp",
        ),
        ("My.Policy@Team", "my_policy_team", "MyPolicyTeam"),
        ("9lives", "policy_9lives", "Policy9lives"),
        ("--a--", "_a_", "A"),
        ("---", "_", "Policy"),
    ] {
        let n = PolicyName::parse(name).unwrap();
        assert_eq!(n.terraform_label(), label, "{name}");
        assert_eq!(n.logical_id(), id, "{name}");
    }
}

#[test]
fn hcl_strings_escape_templates_and_controls() {
    use super::terraform::quoted;
    assert_eq!(quoted("${x} %{y} $ % {z}"), r#""$${x} %%{y} $ % {z}""#);
    assert_eq!(quoted("$${"), r#""$$${""#);
    assert_eq!(quoted("a\"b\\c\nd\te\u{1}f"), r#""a\"b\\c\nd\te\u0001f""#);
    assert_eq!(quoted("{ACCOUNT_ID}"), r#""{ACCOUNT_ID}""#);
}

#[test]
fn yaml_strings_escape_what_yaml_reads_differently() {
    use super::cloudformation::quoted;
    assert_eq!(quoted("a\"b\\c"), r#""a\"b\\c""#);
    assert_eq!(
        quoted("\u{8}\u{c}\u{7f}\u{85}\u{2028}"),
        r#""\b\f\u007f\u0085\u2028""#
    );
    assert_eq!(quoted("é: #{x} - 'y'"), "\"é: #{x} - 'y'\"");
}

#[test]
fn shell_quoting_survives_single_quotes() {
    use super::aws_cli::single_quoted;
    assert_eq!(single_quoted("it's"), r"'it'\''s'");
    assert_eq!(single_quoted(""), "''");
}

#[test]
fn descriptions_name_subject_place_preset_and_tags() {
    let s = spec("us-east-1", None, &["my-app"], "push-pull-list", &[]);
    let meta = Meta::for_spec(&s, &PolicyName::default_for(&s));
    assert_eq!(
        meta.description,
        "ECR access for my-app in us-east-1 (push-pull-list), written by ecr-policy"
    );
    assert_eq!(meta.cli_region, None);
    let s = spec(
        "*",
        Some("aws-cn"),
        &["ab", "cd"],
        "pull",
        &["team=payments", "env="],
    );
    let meta = Meta::for_spec(&s, &PolicyName::default_for(&s));
    assert_eq!(
        meta.description,
        "ECR access for ab and 1 more in every aws-cn region (pull) on repositories tagged \
         env=, team=payments, written by ecr-policy"
    );
    assert_eq!(meta.cli_region.as_deref(), Some("cn-north-1"));
    let s = spec("us-gov-east-1", None, &["ab"], "pull", &[]);
    let meta = Meta::for_spec(&s, &PolicyName::default_for(&s));
    assert_eq!(meta.cli_region.as_deref(), Some("us-gov-east-1"));
}

#[test]
fn long_descriptions_are_clipped_for_iam() {
    let text = "é".repeat(600);
    let clipped = clip(text);
    assert!(clipped.len() <= DESCRIPTION_MAX_BYTES);
    assert!(clipped.ends_with("é..."));
    assert_eq!(clip("short".into()), "short");
}

fn policy_on(resource: &str) -> Policy {
    Policy {
        statements: vec![Statement {
            sid: "ReadRepositories".into(),
            actions: vec![crate::policy::spec::catalog::find_action("ListImages").unwrap()],
            resources: vec![resource.to_string()],
            condition: Vec::new(),
        }],
        signing: None,
        kept: Vec::new(),
    }
}

#[test]
fn draft_cli_region_comes_from_the_arn() {
    let name = PolicyName::default();
    let region = |arn: &str| Meta::for_policy(&policy_on(arn), &name).cli_region;
    assert_eq!(
        region("arn:aws-cn:ecr:cn-northwest-1:1:repository/a").as_deref(),
        Some("cn-northwest-1")
    );
    assert_eq!(
        region("arn:aws-us-gov:ecr:{REGION}:1:repository/a").as_deref(),
        Some("us-gov-east-1")
    );
    assert_eq!(region("arn:aws:ecr:us-east-1:1:repository/a"), None);
    assert_eq!(region("arn:{PARTITION}:ecr:{REGION}:1:repository/a"), None);
    assert_eq!(region("*"), None);
}

#[test]
fn json_format_is_exactly_the_pretty_render() {
    let s = spec(
        "eu-west-1",
        None,
        &["web", "api"],
        "power-user",
        &["team=payments"],
    );
    let name = PolicyName::default_for(&s);
    assert_eq!(
        render_as(&s, Format::Json, &name),
        render(&s, JsonStyle::Pretty)
    );
    assert_eq!(
        render_policy_as(&build(&s), Format::Json, &name),
        render(&s, JsonStyle::Pretty)
    );
}

#[test]
fn terraform_aligns_equals_like_terraform_fmt() {
    let s = spec(
        "us-east-1",
        None,
        &["ab", "cd"],
        "pull",
        &["team=payments", "cost:center=x"],
    );
    let text = render_as(&s, Format::Terraform, &PolicyName::parse("p").unwrap());
    for line in [
        "  name        = \"p\"",
        "  description = \"ECR access",
        "  policy = jsonencode({",
        "    Version = \"2012-10-17\"",
        "    Statement = [",
        "        Sid    = \"RegistryLogin\"",
        "        Effect = \"Allow\"",
        "        Action = [",
        "        Resource = \"*\"",
        "        Resource = [",
        "            \"ecr:ResourceTag/cost:center\" = \"x\"",
        "            \"ecr:ResourceTag/team\"        = \"payments\"",
        "  value       = aws_iam_policy.p.arn",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(line)),
            "no line starting {line:?} in\n{text}"
        );
    }
    assert!(!text.ends_with('\n'));
}

#[test]
fn cli_values_starting_with_a_dash_are_attached_with_equals() {
    let name = PolicyName::parse("-dash").unwrap();
    let text = render_policy_as(&policy_on("*"), Format::AwsCli, &name);
    assert!(text.contains("  --policy-name=-dash \\\n"), "{text}");
    let name = PolicyName::parse("=eq").unwrap();
    let text = render_policy_as(&policy_on("*"), Format::AwsCli, &name);
    assert!(text.contains("  --policy-name '=eq' \\\n"), "{text}");
}
