//! Table and property tests for field validation: accounts and repository names, with the
//! botocore regex as the oracle for the repository rule.

use std::sync::LazyLock;

use proptest::prelude::*;
use regex::Regex;

use super::*;
use crate::policy::spec::model::Field;

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
