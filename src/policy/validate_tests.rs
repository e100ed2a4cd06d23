//! Table and property tests for field validation: accounts, repository names, pasted URIs and
//! ARNs, and the whole-spec cross-checks in `model::validate`.

use std::sync::LazyLock;

use proptest::prelude::*;
use regex::Regex;

use super::*;
use crate::policy::catalog::{ActionSet, find_action};
use crate::policy::model::{Field, FieldError, SpecInput, validate};
use crate::policy::tasks::{DEFAULT_PRESET, find_preset};

const ACCT: &str = "123456789012";

// ---------------------------------------------------------------- accounts

#[test]
fn good_accounts_normalise_to_twelve_digits() {
    let cases = [
        ("123456789012", "123456789012"),
        ("012345678901", "012345678901"),
        ("000000000000", "000000000000"),
        ("1234-5678-9012", "123456789012"),
        (" 1234 5678 9012 ", "123456789012"),
        ("\t123456789012\n", "123456789012"),
    ];
    for (input, want) in cases {
        assert_eq!(parse_account(input).as_deref(), Ok(want), "{input:?}");
    }
}

#[test]
fn bad_accounts_name_the_field_the_value_and_the_rule() {
    // (input, fragments the message must contain besides the rule "12")
    let cases: &[(&str, &[&str])] = &[
        ("", &["empty"]),
        ("   ", &["empty"]),
        ("12345678901", &["11 digits"]),
        ("1234567890123", &["13 digits"]),
        ("12345678901a", &["'a'"]),
        ("abcdefghijkl", &["'a'"]),
        ("1234.5678.9012", &["'.'"]),
        ("١٢٣٤٥٦٧٨٩٠١٢", &["'١'"]),
        ("１２３４５６７８９０１２", &["'１'"]),
    ];
    for (input, fragments) in cases {
        let e = parse_account(input).unwrap_err();
        assert_eq!(e.field, Field::Account, "{input:?}");
        assert_eq!(
            e.value,
            input.trim(),
            "the error keeps what was given: {input:?}"
        );
        let shown = e.to_string();
        assert!(shown.starts_with("account"), "{shown}");
        assert!(shown.contains("12"), "says what is allowed: {shown}");
        if !input.trim().is_empty() {
            assert!(
                shown.contains(input.trim()),
                "shows what was given: {shown}"
            );
        }
        for f in *fragments {
            assert!(
                e.message.contains(f),
                "{input:?}: {:?} lacks {f:?}",
                e.message
            );
        }
    }
}

// ---------------------------------------------------------------- repository names

#[test]
fn good_repository_names_and_patterns() {
    let long = "a".repeat(REPO_MAX);
    let long_ns = format!("{}/{}", "a".repeat(127), "b".repeat(128));
    assert_eq!(long_ns.len(), REPO_MAX);
    let names = [
        "ab",
        "my-repo",
        "a__b",
        "a--b",
        "a---b",
        "a.b",
        "a_b",
        "team/app",
        "a.b/c_d",
        "project-a/nginx-web-app",
        "docker-hub/library/nginx",
        "0ab",
        "42",
        long.as_str(),
        long_ns.as_str(),
        // patterns
        "team/*",
        "app-*",
        "*",
        "a?c",
        "?",
        "team/*/svc",
    ];
    for n in names {
        assert_eq!(validate_repository_name(n), Ok(()), "{n}");
        assert_eq!(is_wildcard(n), n.contains(['*', '?']), "{n}");
    }
}

#[test]
fn bad_repository_names_say_what_is_wrong() {
    let too_long = "a".repeat(REPO_MAX + 1);
    let too_long_pattern = format!("{}*", "a".repeat(REPO_MAX));
    let cases: &[(&str, &str)] = &[
        ("", "empty"),
        ("a", "1 character"),
        (&too_long, "257 characters"),
        (&too_long_pattern, "257 characters"),
        ("MyRepo", "try myrepo"),
        ("Team/*", "uppercase"),
        ("/ab", "/"),
        ("ab/", "/"),
        ("/*", "/"),
        ("a//b", "//"),
        ("a..b", "\"..\""),
        ("a._b", "\"._\""),
        ("a_-b", "\"_-\""),
        ("a___b", "\"___\""),
        ("a.-b", "\".-\""),
        ("-ab", "start and end"),
        ("ab-", "start and end"),
        ("_ab", "start and end"),
        ("team/.app", "start and end"),
        ("café", "'é'"),
        ("my repo", "' '"),
        ("a:b", "':'"),
        ("a@b", "'@'"),
        ("a+b", "'+'"),
        ("a*b c", "' '"),
    ];
    for (name, fragment) in cases {
        let e = validate_repository_name(name).unwrap_err();
        assert_eq!(e.field, Field::Repository, "{name:?}");
        assert_eq!(e.value, *name, "{name:?}");
        assert!(
            e.message.contains(fragment),
            "{name:?}: {:?} lacks {fragment:?}",
            e.message
        );
        if !name.is_empty() && name.len() < 40 {
            assert!(
                e.to_string().contains(&format!("{name:?}")),
                "shows the value: {e}"
            );
        }
    }
    // The length message says what is allowed.
    let e = validate_repository_name("a").unwrap_err();
    assert!(e.message.contains("2 to 256"), "{}", e.message);
}

/// The anchored botocore `RepositoryName` pattern from the fact sheet.
static BOTOCORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*)$")
        .unwrap()
});

fn aws_accepts(name: &str) -> bool {
    // The bounds are the fact sheet's, not our constants, so a slip in those shows too.
    BOTOCORE.is_match(name) && (2..=256).contains(&name.chars().count())
}

const GOOD_SEPS: [&str; 6] = [".", "_", "__", "-", "--", "---"];
const BAD_SEPS: [&str; 12] = [
    "..", "._", "_.", "_-", "-_", ".-", "-.", "___", "//", "/.", "_/", "/-",
];

/// Names built from parts and separators: with `bad_weight` 0 the regex accepts all of them
/// (when 2..=256 long); otherwise now and then a separator the regex rejects.
fn built_name(
    max_components: usize,
    max_parts: usize,
    bad_weight: u32,
) -> impl Strategy<Value = String> {
    let sep = prop_oneof![
        8 => prop::sample::select(GOOD_SEPS.to_vec()),
        bad_weight => prop::sample::select(BAD_SEPS.to_vec()),
    ];
    let component = (
        "[a-z0-9]{1,5}",
        prop::collection::vec((sep, "[a-z0-9]{1,5}"), 0..max_parts),
    )
        .prop_map(|(first, rest)| {
            rest.into_iter().fold(first, |mut s, (sep, part)| {
                s.push_str(sep);
                s.push_str(&part);
                s
            })
        });
    prop::collection::vec(component, 1..=max_components).prop_map(|c| c.join("/"))
}

/// One small edit to a name: most edits make it invalid, a few keep it valid.
#[derive(Debug, Clone)]
enum Edit {
    Insert(prop::sample::Index, char),
    Replace(prop::sample::Index, char),
    Delete(prop::sample::Index),
    Double(prop::sample::Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    let ch = prop::sample::select(vec!['.', '_', '-', '/', 'a', '0', 'A', 'é', ':', ' ']);
    prop_oneof![
        (any::<prop::sample::Index>(), ch.clone()).prop_map(|(i, c)| Edit::Insert(i, c)),
        (any::<prop::sample::Index>(), ch).prop_map(|(i, c)| Edit::Replace(i, c)),
        any::<prop::sample::Index>().prop_map(Edit::Delete),
        any::<prop::sample::Index>().prop_map(Edit::Double),
    ]
}

fn apply(name: &str, edit: &Edit) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    match edit {
        Edit::Insert(i, c) => chars.insert(i.index(chars.len() + 1), *c),
        Edit::Replace(i, c) if !chars.is_empty() => {
            let at = i.index(chars.len());
            chars[at] = *c;
        }
        Edit::Delete(i) if !chars.is_empty() => {
            chars.remove(i.index(chars.len()));
        }
        Edit::Double(i) if !chars.is_empty() => {
            let at = i.index(chars.len());
            chars.insert(at, chars[at]);
        }
        _ => {}
    }
    chars.into_iter().collect()
}

/// Valid names, and valid names with one or two edits: the cases where a rule slip shows.
fn near_valid_name(max_components: usize, max_parts: usize) -> impl Strategy<Value = String> {
    (
        built_name(max_components, max_parts, 0),
        prop::collection::vec(edit(), 0..=2),
    )
        .prop_map(|(name, edits)| edits.iter().fold(name, |n, e| apply(&n, e)))
}

// The default config runs 256 cases and honours PROPTEST_CASES.
proptest! {
    #[test]
    fn repository_rule_agrees_with_the_botocore_regex(
        name in prop_oneof![
            1 => "[a-z0-9._/-]{0,40}",
            1 => "[a-zA-Z0-9._/-]{0,40}",
            1 => "[a-z0-9._/: é-]{0,12}",
            3 => near_valid_name(3, 4),
            1 => near_valid_name(8, 12),
            3 => built_name(3, 4, 1),
            1 => "[a-z0-9]{253,259}",
        ]
    ) {
        let ours = validate_repository_name(&name);
        prop_assert_eq!(ours.is_ok(), aws_accepts(&name), "{:?}: {:?}", name, ours);
        if let Err(e) = ours {
            prop_assert_eq!(e.field, Field::Repository);
            prop_assert_eq!(e.value, name);
        }
    }
}

#[test]
fn regex_oracle_agrees_at_the_length_boundaries() {
    for n in [1, 2, 255, 256, 257, 300] {
        let name = "a".repeat(n);
        assert_eq!(
            validate_repository_name(&name).is_ok(),
            aws_accepts(&name),
            "{n}"
        );
    }
}

// ---------------------------------------------------------------- URIs and ARNs

type Want = Result<
    (
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    ),
    (Field, &'static str, &'static [&'static str]),
>;

fn check_repo_inputs(cases: &[(String, Want)]) {
    for (input, want) in cases {
        let got = parse_repo_input(input);
        match (got, want) {
            (Ok(r), Ok((name, account, region, partition))) => {
                assert_eq!(r.name, *name, "{input}");
                assert_eq!(r.account.as_deref(), *account, "{input}");
                assert_eq!(r.region.as_deref(), *region, "{input}");
                assert_eq!(r.partition, *partition, "{input}");
                assert_eq!(validate_repository_name(&r.name), Ok(()), "{input}");
            }
            (Err(e), Err((field, value, fragments))) => {
                assert_eq!(e.field, *field, "{input}: {e}");
                assert_eq!(e.value, *value, "{input}: {e}");
                for f in *fragments {
                    assert!(
                        e.message.contains(f),
                        "{input}: {:?} lacks {f:?}",
                        e.message
                    );
                }
            }
            (got, want) => panic!("{input}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn good_uris_and_arns_yield_name_account_region_partition() {
    let digest = format!("sha256:{}", "0123456789abcdef".repeat(4));
    let cases: Vec<(String, Want)> = vec![
        ("my-app".into(), Ok(("my-app", None, None, None))),
        ("  team/*  ".into(), Ok(("team/*", None, None, None))),
        (
            format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.com/my-app"),
            Ok(("my-app", Some(ACCT), Some("us-east-1"), Some("aws"))),
        ),
        (
            format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.com/my-app:latest"),
            Ok(("my-app", Some(ACCT), Some("us-east-1"), Some("aws"))),
        ),
        (
            format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.com/my-app@{digest}"),
            Ok(("my-app", Some(ACCT), Some("us-east-1"), Some("aws"))),
        ),
        (
            format!("{ACCT}.dkr.ecr.eu-west-1.amazonaws.com/team/sub/app:v1.2.3"),
            Ok(("team/sub/app", Some(ACCT), Some("eu-west-1"), Some("aws"))),
        ),
        (
            format!("https://{ACCT}.dkr.ecr.us-east-1.amazonaws.com/my-app"),
            Ok(("my-app", Some(ACCT), Some("us-east-1"), Some("aws"))),
        ),
        (
            "012345678901.dkr.ecr.us-east-1.amazonaws.com/my-app".into(),
            Ok((
                "my-app",
                Some("012345678901"),
                Some("us-east-1"),
                Some("aws"),
            )),
        ),
        (
            format!("{ACCT}.dkr.ecr.cn-north-1.amazonaws.com.cn/app"),
            Ok(("app", Some(ACCT), Some("cn-north-1"), Some("aws-cn"))),
        ),
        (
            format!("{ACCT}.dkr.ecr.cn-northwest-1.amazonaws.com.cn/team/app:1"),
            Ok((
                "team/app",
                Some(ACCT),
                Some("cn-northwest-1"),
                Some("aws-cn"),
            )),
        ),
        (
            format!("{ACCT}.dkr.ecr.us-gov-west-1.amazonaws.com/app"),
            Ok(("app", Some(ACCT), Some("us-gov-west-1"), Some("aws-us-gov"))),
        ),
        (
            format!("{ACCT}.dkr.ecr-fips.us-east-1.amazonaws.com/app"),
            Ok(("app", Some(ACCT), Some("us-east-1"), Some("aws"))),
        ),
        (
            format!("{ACCT}.dkr.ecr-fips.us-gov-east-1.amazonaws.com/app"),
            Ok(("app", Some(ACCT), Some("us-gov-east-1"), Some("aws-us-gov"))),
        ),
        (
            format!("arn:aws:ecr:us-east-1:{ACCT}:repository/team/app"),
            Ok(("team/app", Some(ACCT), Some("us-east-1"), Some("aws"))),
        ),
        (
            format!("arn:aws:ecr:*:{ACCT}:repository/app"),
            Ok(("app", Some(ACCT), None, Some("aws"))),
        ),
        (
            format!("arn:aws:ecr:us-east-1:{ACCT}:repository/team/*"),
            Ok(("team/*", Some(ACCT), Some("us-east-1"), Some("aws"))),
        ),
        (
            format!("arn:aws-us-gov:ecr:us-gov-west-1:{ACCT}:repository/app"),
            Ok(("app", Some(ACCT), Some("us-gov-west-1"), Some("aws-us-gov"))),
        ),
        (
            format!("arn:aws-cn:ecr:cn-north-1:{ACCT}:repository/app"),
            Ok(("app", Some(ACCT), Some("cn-north-1"), Some("aws-cn"))),
        ),
    ];
    check_repo_inputs(&cases);
}

#[test]
fn bad_uris_and_arns_explain_the_mistake() {
    let uri_base = format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.com");
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let cn_wrong_suffix = leak(format!("{ACCT}.dkr.ecr.cn-north-1.amazonaws.com/app"));
    let unknown_domain = leak(format!("{ACCT}.dkr.ecr.us-east-1.example.com/app"));
    let no_path = leak(uri_base.clone());
    let gov_as_aws = leak(format!("arn:aws:ecr:us-gov-west-1:{ACCT}:repository/app"));
    let cn_as_aws = leak(format!("arn:aws:ecr:cn-north-1:{ACCT}:repository/app"));
    let s3 = "arn:aws:s3:::my-bucket";
    let no_repository = leak(format!("arn:aws:ecr:us-east-1:{ACCT}:my-app"));
    let uri_in_arn = leak(format!(
        "arn:aws:ecr:us-east-1:{ACCT}:repository/{uri_base}/app"
    ));
    let short_arn = "arn:aws:ecr:us-east-1";
    let mars = leak(format!("arn:aws-mars:ecr:us-east-1:{ACCT}:repository/app"));
    let pattern_uri = leak(format!("{uri_base}/team/*"));
    let cases: Vec<(String, Want)> = vec![
        (
            cn_wrong_suffix.into(),
            Err((
                Field::Repository,
                cn_wrong_suffix,
                &["amazonaws.com.cn", "aws-cn"],
            )),
        ),
        (
            unknown_domain.into(),
            Err((
                Field::Repository,
                unknown_domain,
                &["example.com", "not an ECR registry"],
            )),
        ),
        (
            format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.org/app"),
            Err((
                Field::Repository,
                leak(format!("{ACCT}.dkr.ecr.us-east-1.amazonaws.org/app")),
                &["amazonaws.org"],
            )),
        ),
        (
            no_path.into(),
            Err((Field::Repository, no_path, &["without a repository"])),
        ),
        (
            format!("{uri_base}/"),
            Err((Field::Repository, "", &["empty"])),
        ),
        (
            "12345.dkr.ecr.us-east-1.amazonaws.com/app".into(),
            Err((Field::Account, "12345", &["5 digits"])),
        ),
        (
            format!("{ACCT}.dkr.ecr.moon-base-1.amazonaws.com/app"),
            Err((Field::Region, "moon-base-1", &["region"])),
        ),
        (
            format!("{uri_base}/MyApp:latest"),
            Err((Field::Repository, "MyApp", &["lowercase"])),
        ),
        (
            format!("{uri_base}/x"),
            Err((Field::Repository, "x", &["2 to 256"])),
        ),
        (
            pattern_uri.into(),
            Err((Field::Repository, pattern_uri, &["pattern"])),
        ),
        (
            gov_as_aws.into(),
            Err((
                Field::Repository,
                gov_as_aws,
                &["partition aws ", "aws-us-gov"],
            )),
        ),
        (
            cn_as_aws.into(),
            Err((Field::Repository, cn_as_aws, &["aws-cn"])),
        ),
        (s3.into(), Err((Field::Repository, s3, &["\"s3\""]))),
        (
            no_repository.into(),
            Err((Field::Repository, no_repository, &["repository/"])),
        ),
        (
            uri_in_arn.into(),
            Err((Field::Repository, uri_in_arn, &["image URI inside"])),
        ),
        (
            short_arn.into(),
            Err((Field::Repository, short_arn, &["not a complete ARN"])),
        ),
        (
            mars.into(),
            Err((Field::Repository, mars, &["\"aws-mars\""])),
        ),
        (
            "arn:aws:ecr:us-east-1:1234:repository/app".into(),
            Err((Field::Account, "1234", &["4 digits"])),
        ),
        (
            format!("arn:aws:ecr:us-east-1:{ACCT}:repository/My-App"),
            Err((Field::Repository, "My-App", &["lowercase"])),
        ),
    ];
    check_repo_inputs(&cases);
}

#[test]
fn wildcard_descriptions_explain_namespace_and_prefix_matching() {
    assert_eq!(describe_wildcard("my-app"), None);
    assert!(describe_wildcard("*").unwrap().contains("every repository"));
    let ns = describe_wildcard("team/*").unwrap();
    assert!(ns.contains("not a repository named exactly team"), "{ns}");
    let prefix = describe_wildcard("app-*").unwrap();
    assert!(prefix.contains("starts with app-"), "{prefix}");
    assert!(
        describe_wildcard("a?c")
            .unwrap()
            .contains("? matches one character")
    );
}

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

#[test]
fn uppercase_registry_host_is_understood() {
    let r = parse_repo_input("123456789012.DKR.ECR.US-EAST-1.AMAZONAWS.COM/web:latest").unwrap();
    assert_eq!(r.name, "web");
    assert_eq!(r.region.as_deref(), Some("us-east-1"));
    let e = parse_repo_input("123456789012.dkr.ecr.us-east-1.amazonaws.com/Web").unwrap_err();
    assert!(e.message.contains("uppercase"), "{e}");
}

#[test]
fn other_registries_are_refused_with_a_reason() {
    for input in [
        "public.ecr.aws/nginx/nginx",
        "docker.io/library/nginx",
        "ghcr.io/org/app",
        "europe-docker.pkg.dev/p/r/i",
    ] {
        let e = parse_repo_input(input).unwrap_err();
        assert_eq!(e.field, Field::Repository, "{input}");
        assert!(e.message.contains("another registry"), "{input}: {e}");
    }
    // A namespace that merely has a dot stays a valid name, as AWS allows it.
    assert_eq!(parse_repo_input("my.team/app").unwrap().name, "my.team/app");
    // Pull-through cache prefixes are ordinary names.
    assert!(parse_repo_input("docker-hub/library/nginx").is_ok());
}
