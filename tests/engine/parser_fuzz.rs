//! Fuzzing the input parsers: random bytes, random strings and strings built from image-URI
//! and ARN fragments never make `parse_repo_input`, `parse_account` or `resolve_region` panic,
//! and whatever they accept obeys the rules they promise.
//!
//! 512 cases per property by default; `ECR_POLICY_STRESS_CASES` runs more.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ecr_policy::policy::spec::region::{find_region, resolve_region};
use ecr_policy::policy::spec::validate::{
    parse_account, parse_repo_input, validate_repository_name,
};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("ECR_POLICY_STRESS_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(512);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Pieces of real and broken URIs and ARNs, glued in random order.
fn fragments() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "arn:",
        "aws",
        "aws-cn",
        "aws-us-gov",
        "aws-iso-b",
        "aws-eusc",
        ":",
        "::",
        "ecr",
        "ecr-fips",
        "repository/",
        "repository",
        "123456789012",
        "1234-5678-9012",
        "0",
        ".dkr",
        ".dkr.ecr.",
        "dkr",
        ".",
        "..",
        "us-east-1",
        "cn-north-1",
        "us-gov-west-1",
        "*",
        "?",
        "amazonaws.com",
        "amazonaws.com.cn",
        "/",
        "//",
        "my-app",
        "team/web",
        "UPPER",
        ":latest",
        "@sha256:",
        "https://",
        "http://",
        " ",
        "\t",
        "é",
        "漢",
        "🙂",
        "\u{0}",
        "-",
        "_",
        "__",
        "public.ecr.aws/",
        "docker.io/",
        "x.pkg.dev/",
        "%",
        "\\",
    ]);
    prop::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}

/// A well-formed reference with one random mutation (a character dropped, doubled or replaced).
fn mutated() -> impl Strategy<Value = String> {
    let base = prop::sample::select(vec![
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web:1.0",
        "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app@sha256:0123",
        "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app",
        "arn:aws:ecr:eu-west-1:123456789012:repository/team/*",
        "arn:aws-cn:ecr:*:123456789012:repository/app",
        "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/web",
    ]);
    (base, any::<prop::sample::Index>(), 0u8..3, any::<char>()).prop_map(|(b, at, how, c)| {
        let mut chars: Vec<char> = b.chars().collect();
        let i = at.index(chars.len());
        match how {
            0 => {
                chars.remove(i);
            }
            1 => chars.insert(i, chars[i]),
            _ => chars[i] = c,
        }
        chars.into_iter().collect()
    })
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => any::<String>(),
        1 => prop::collection::vec(any::<u8>(), 0..300)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        3 => fragments(),
        3 => mutated(),
        1 => "[0-9 -]{0,30}",
        1 => ".{0,3000}",
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn repository_input_never_panics_and_accepts_only_valid_names(s in text()) {
        if let Ok(r) = parse_repo_input(&s) {
            prop_assert!(validate_repository_name(&r.name).is_ok(), "{s:?} gave {r:?}");
            if let Some(account) = &r.account {
                let again = parse_account(account).ok();
                prop_assert_eq!(again.as_ref(), Some(account));
            }
            if let Some(region) = &r.region {
                prop_assert!(resolve_region(region, r.partition).is_ok(), "{s:?} gave {r:?}");
            }
        }
    }

    #[test]
    fn account_input_never_panics_and_accepts_only_12_digits(s in text()) {
        if let Ok(a) = parse_account(&s) {
            prop_assert_eq!(a.len(), 12);
            prop_assert!(a.bytes().all(|b| b.is_ascii_digit()), "{s:?} gave {a:?}");
        }
    }

    #[test]
    fn region_input_never_panics(s in text(), p in prop::option::of(text())) {
        if let Ok(choice) = resolve_region(&s, p.as_deref()) {
            prop_assert!(
                choice.is_all() || choice.known.is_some() || find_region(&choice.code).is_none(),
                "{s:?} gave {choice:?}"
            );
            prop_assert!(!choice.code.is_empty());
        }
    }
}
