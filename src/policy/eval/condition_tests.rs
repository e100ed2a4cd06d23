//! Tables for every condition operator: values, negation, missing and unknown keys, set
//! qualifiers, `…IfExists`, `Null`, policy variables and IAM's case rules.

use serde_json::json;

use super::*;

/// Evaluates one condition block (2012-10-17) against a closed context with these keys.
fn eval(cond: &Value, keys: &[(&str, &str)]) -> Tri {
    eval_in(cond, keys, true, Context::closed())
}

fn eval_in(cond: &Value, keys: &[(&str, &str)], variables: bool, mut ctx: Context) -> Tri {
    for (k, v) in keys {
        if let Some(many) = v.strip_prefix("many:") {
            ctx.set_many(k, many.split(',').filter(|s| !s.is_empty()));
        } else {
            ctx.set(k, *v);
        }
    }
    Conditions::parse(cond, variables).unwrap().eval(&ctx)
}

fn t(b: bool) -> Tri {
    Tri::from_bool(b)
}

/// (operator, policy values, request value or None for a missing key, expected)
type Row = (&'static str, Value, Option<&'static str>, bool);

fn run(key: &str, rows: &[Row]) {
    for (op, values, request, want) in rows {
        let cond = json!({ *op: { key: values } });
        let keys: Vec<(&str, &str)> = request.iter().map(|r| (key, *r)).collect();
        assert_eq!(eval(&cond, &keys), t(*want), "{op} {values} vs {request:?}");
    }
}

#[test]
fn string_operators() {
    run(
        "aws:PrincipalOrgID",
        &[
            ("StringEquals", json!("o-abc"), Some("o-abc"), true),
            ("StringEquals", json!("o-abc"), Some("o-ABC"), false),
            ("StringEquals", json!(["o-x", "o-abc"]), Some("o-abc"), true),
            ("StringEquals", json!("o-*"), Some("o-abc"), false),
            ("StringEquals", json!("o-*"), Some("o-*"), true),
            ("StringEquals", json!([]), Some("o-abc"), false),
            ("StringNotEquals", json!("o-abc"), Some("o-abc"), false),
            ("StringNotEquals", json!("o-abc"), Some("o-def"), true),
            (
                "StringNotEquals",
                json!(["o-x", "o-abc"]),
                Some("o-abc"),
                false,
            ),
            ("StringNotEquals", json!([]), Some("o-abc"), true),
            (
                "StringEqualsIgnoreCase",
                json!("O-ABC"),
                Some("o-abc"),
                true,
            ),
            (
                "StringEqualsIgnoreCase",
                json!("O-ABC"),
                Some("o-abd"),
                false,
            ),
            (
                "StringNotEqualsIgnoreCase",
                json!("O-ABC"),
                Some("o-abc"),
                false,
            ),
            (
                "StringNotEqualsIgnoreCase",
                json!("O-ABC"),
                Some("o-x"),
                true,
            ),
            ("StringLike", json!("o-*"), Some("o-abc"), true),
            ("StringLike", json!("o-?bc"), Some("o-abc"), true),
            ("StringLike", json!("o-?bc"), Some("o-bc"), false),
            ("StringLike", json!("O-*"), Some("o-abc"), false),
            ("StringLike", json!(["x", "*"]), Some(""), true),
            ("StringNotLike", json!("o-*"), Some("o-abc"), false),
            ("StringNotLike", json!(["x*", "y*"]), Some("o-abc"), true),
            ("StringNotLike", json!(["x*", "o*"]), Some("o-abc"), false),
        ],
    );
}

#[test]
fn numeric_operators() {
    run(
        "aws:MultiFactorAuthAge",
        &[
            ("NumericEquals", json!("3600"), Some("3600"), true),
            ("NumericEquals", json!("3600"), Some("3600.0"), true),
            ("NumericEquals", json!(3600), Some("3600"), true),
            ("NumericEquals", json!("3600"), Some("3601"), false),
            ("NumericNotEquals", json!("3600"), Some("3601"), true),
            (
                "NumericNotEquals",
                json!(["1", "3601"]),
                Some("3601"),
                false,
            ),
            ("NumericLessThan", json!("3600"), Some("3599"), true),
            ("NumericLessThan", json!("3600"), Some("3600"), false),
            ("NumericLessThanEquals", json!("3600"), Some("3600"), true),
            (
                "NumericLessThanEquals",
                json!("3600"),
                Some("3600.5"),
                false,
            ),
            ("NumericGreaterThan", json!("3600"), Some("3600.5"), true),
            ("NumericGreaterThan", json!("3600"), Some("-1"), false),
            (
                "NumericGreaterThanEquals",
                json!("3600"),
                Some("3600"),
                true,
            ),
            ("NumericGreaterThanEquals", json!("3600"), Some("12"), false),
            // A request value that is not a number fails, negated or not.
            ("NumericEquals", json!("1"), Some("one"), false),
            ("NumericNotEquals", json!("1"), Some("one"), false),
        ],
    );
}

#[test]
fn date_operators() {
    run(
        "aws:CurrentTime",
        &[
            (
                "DateEquals",
                json!("2024-06-01T00:00:00Z"),
                Some("2024-06-01T00:00:00Z"),
                true,
            ),
            (
                "DateEquals",
                json!("2024-06-01"),
                Some("2024-06-01T00:00:00Z"),
                true,
            ),
            (
                "DateEquals",
                json!("2024-06-01T02:00:00+02:00"),
                Some("2024-06-01T00:00:00Z"),
                true,
            ),
            (
                "DateNotEquals",
                json!("2024-06-01T00:00:00Z"),
                Some("2024-06-01T00:00:01Z"),
                true,
            ),
            (
                "DateLessThan",
                json!("2024-06-01T00:00:00Z"),
                Some("2024-05-31T23:59:59Z"),
                true,
            ),
            (
                "DateLessThan",
                json!("2024-06-01T00:00:00Z"),
                Some("2024-06-01T00:00:00Z"),
                false,
            ),
            (
                "DateLessThanEquals",
                json!("2024-06-01T00:00:00Z"),
                Some("2024-06-01T00:00:00Z"),
                true,
            ),
            (
                "DateGreaterThan",
                json!("2024-06-01T00:00:00Z"),
                Some("2025-01-01T00:00:00Z"),
                true,
            ),
            (
                "DateGreaterThanEquals",
                json!("2024-06-01T00:00:00Z"),
                Some("2024-01-01T00:00:00Z"),
                false,
            ),
            (
                "DateGreaterThan",
                json!("1700000000"),
                Some("1700000001"),
                true,
            ),
            (
                "DateEquals",
                json!("1700000000"),
                Some("2023-11-14T22:13:20Z"),
                true,
            ),
            (
                "DateEquals",
                json!("2024-06-01T00:00:00Z"),
                Some("soon"),
                false,
            ),
        ],
    );
}

#[test]
fn bool_binary_ip_operators() {
    run(
        "aws:SecureTransport",
        &[
            ("Bool", json!("true"), Some("true"), true),
            ("Bool", json!("true"), Some("TRUE"), true),
            ("Bool", json!(true), Some("true"), true),
            ("Bool", json!("false"), Some("true"), false),
            ("Bool", json!(["false", "true"]), Some("true"), true),
            ("Bool", json!("true"), Some("yes"), false),
            ("BinaryEquals", json!("QmluYXJ5"), Some("QmluYXJ5"), true),
            ("BinaryEquals", json!("QmluYXJ5"), Some("QmluYXJ6"), false),
        ],
    );
    run(
        "aws:SourceIp",
        &[
            (
                "IpAddress",
                json!("203.0.113.0/24"),
                Some("203.0.113.7"),
                true,
            ),
            (
                "IpAddress",
                json!("203.0.113.0/24"),
                Some("203.0.114.7"),
                false,
            ),
            (
                "IpAddress",
                json!(["10.0.0.0/8", "203.0.113.0/24"]),
                Some("10.1.1.1"),
                true,
            ),
            ("IpAddress", json!("203.0.113.7"), Some("203.0.113.7"), true),
            (
                "IpAddress",
                json!("2001:db8::/32"),
                Some("2001:db8:a::1"),
                true,
            ),
            (
                "IpAddress",
                json!("2001:db8::/32"),
                Some("203.0.113.7"),
                false,
            ),
            (
                "IpAddress",
                json!("203.0.113.0/24"),
                Some("2001:db8::1"),
                false,
            ),
            (
                "NotIpAddress",
                json!("203.0.113.0/24"),
                Some("203.0.113.7"),
                false,
            ),
            (
                "NotIpAddress",
                json!("203.0.113.0/24"),
                Some("198.51.100.1"),
                true,
            ),
            (
                "NotIpAddress",
                json!("203.0.113.0/24"),
                Some("2001:db8::1"),
                true,
            ),
            (
                "NotIpAddress",
                json!(["10.0.0.0/8", "2001:db8::/32"]),
                Some("2001:db8::1"),
                false,
            ),
            ("IpAddress", json!("10.0.0.0/8"), Some("not-an-ip"), false),
            (
                "NotIpAddress",
                json!("10.0.0.0/8"),
                Some("not-an-ip"),
                false,
            ),
        ],
    );
}

#[test]
fn arn_operators_compare_part_by_part() {
    let f = "arn:aws:lambda:us-east-1:111122223333:function:api";
    run(
        "aws:SourceArn",
        &[
            ("ArnEquals", json!(f), Some(f), true),
            (
                "ArnEquals",
                json!("arn:aws:lambda:*:111122223333:function:*"),
                Some(f),
                true,
            ),
            (
                "ArnLike",
                json!("arn:aws:lambda:*:111122223333:function:*"),
                Some(f),
                true,
            ),
            (
                "ArnLike",
                json!("arn:aws:lambda:*:444455556666:function:*"),
                Some(f),
                false,
            ),
            (
                "ArnLike",
                json!("arn:aws:lambda:us-east-1:111122223333:function:API"),
                Some(f),
                false,
            ),
            // `*` in the region does not reach into the account.
            (
                "ArnLike",
                json!("arn:aws:lambda:*:function:api"),
                Some(f),
                false,
            ),
            ("ArnNotEquals", json!(f), Some(f), false),
            (
                "ArnNotLike",
                json!("arn:aws:lambda:*:444455556666:*"),
                Some(f),
                true,
            ),
            (
                "ArnNotLike",
                json!(["arn:aws:s3:::*", "arn:aws:lambda:*:*:*"]),
                Some(f),
                false,
            ),
            // A request value that is not an ARN fails, negated or not.
            ("ArnLike", json!("arn:*:*:*:*:*"), Some("lambda"), false),
            ("ArnNotLike", json!("arn:*:*:*:*:*"), Some("lambda"), false),
        ],
    );
}

#[test]
fn a_missing_key() {
    // IAM: a negated operator, …IfExists and ForAllValues hold on a missing key; the others and
    // ForAnyValue do not; Null tells presence.
    let rows: &[(&str, Value, bool)] = &[
        ("StringEquals", json!("o-abc"), false),
        ("StringLike", json!("*"), false),
        ("StringNotEquals", json!("o-abc"), true),
        ("StringNotLike", json!("*"), true),
        ("StringNotEqualsIgnoreCase", json!("x"), true),
        ("StringEqualsIfExists", json!("o-abc"), true),
        ("StringLikeIfExists", json!("x*"), true),
        ("StringNotEqualsIfExists", json!("o-abc"), true),
        ("ArnLike", json!("arn:*:*:*:*:*"), false),
        ("ArnLikeIfExists", json!("arn:aws:lambda:*:1:*"), true),
        ("ArnNotLike", json!("arn:*:*:*:*:*"), true),
        ("NumericLessThan", json!("5"), false),
        ("NumericNotEquals", json!("5"), true),
        ("NumericLessThanIfExists", json!("5"), true),
        ("DateNotEquals", json!("2024-01-01"), true),
        ("DateLessThan", json!("2024-01-01"), false),
        ("Bool", json!("false"), false),
        ("BoolIfExists", json!("false"), true),
        ("IpAddress", json!("10.0.0.0/8"), false),
        ("NotIpAddress", json!("10.0.0.0/8"), true),
        ("BinaryEquals", json!("QQ=="), false),
        ("Null", json!("true"), true),
        ("Null", json!("false"), false),
        ("ForAnyValue:StringEquals", json!("x"), false),
        ("ForAnyValue:StringNotEquals", json!("x"), false),
        ("ForAllValues:StringEquals", json!("x"), true),
        ("ForAllValues:StringNotLike", json!("x"), true),
        ("ForAllValues:StringEqualsIfExists", json!("x"), true),
    ];
    for (op, values, want) in rows {
        let cond = json!({ *op: { "aws:PrincipalOrgID": values } });
        assert_eq!(eval(&cond, &[]), t(*want), "{op} on a missing key");
    }
    // Null with the key present.
    let null = |v: &str| json!({"Null": {"aws:PrincipalOrgID": v}});
    assert_eq!(
        eval(&null("false"), &[("aws:PrincipalOrgID", "o-1")]),
        Tri::True
    );
    assert_eq!(
        eval(&null("true"), &[("aws:PrincipalOrgID", "o-1")]),
        Tri::False
    );
    assert_eq!(eval(&null("TRUE"), &[]), Tri::True);
}

#[test]
fn an_unknown_key_is_undecided_whatever_the_operator() {
    for op in [
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIfExists",
        "Null",
        "ForAnyValue:StringLike",
        "ForAllValues:StringLike",
    ] {
        let cond = json!({ op: { "aws:PrincipalOrgID": "true" } });
        let r = eval_in(&cond, &[], true, Context::open());
        assert!(matches!(r, Tri::Unknown(_)), "{op}: {r:?}");
    }
    let mut c = Context::closed();
    c.set_unknown("aws:SourceIp");
    let cond = json!({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}});
    assert!(matches!(eval_in(&cond, &[], true, c), Tri::Unknown(_)));
    // Another condition that is false decides anyway.
    let cond = json!({"StringEquals": {"aws:PrincipalOrgID": "o-1", "aws:SourceVpce": "vpce-1"}});
    let mut c = Context::open();
    c.set_absent("aws:SourceVpce");
    assert_eq!(eval_in(&cond, &[], true, c), Tri::False);
}

#[test]
fn set_qualifiers_on_multivalued_keys() {
    let k = "aws:TagKeys";
    let rows: &[(&str, Value, &str, bool)] = &[
        (
            "ForAnyValue:StringEquals",
            json!(["a", "b"]),
            "many:b,z",
            true,
        ),
        (
            "ForAnyValue:StringEquals",
            json!(["a", "b"]),
            "many:y,z",
            false,
        ),
        ("ForAnyValue:StringEquals", json!(["a"]), "many:", false),
        (
            "ForAllValues:StringEquals",
            json!(["a", "b"]),
            "many:a,b",
            true,
        ),
        (
            "ForAllValues:StringEquals",
            json!(["a", "b"]),
            "many:a,z",
            false,
        ),
        ("ForAllValues:StringEquals", json!(["a"]), "many:", true),
        (
            "ForAllValues:StringLike",
            json!(["team-*"]),
            "many:team-a,team-b",
            true,
        ),
        (
            "ForAnyValue:StringNotEquals",
            json!(["a"]),
            "many:a,b",
            true,
        ),
        ("ForAnyValue:StringNotEquals", json!(["a"]), "many:a", false),
        (
            "ForAllValues:StringNotEquals",
            json!(["a"]),
            "many:b,c",
            true,
        ),
        (
            "ForAllValues:StringNotEquals",
            json!(["a"]),
            "many:a,c",
            false,
        ),
        // A single value is a set of one.
        ("ForAnyValue:StringEquals", json!(["a"]), "a", true),
        ("ForAllValues:StringEquals", json!(["a"]), "b", false),
        // A single-valued operator on a multivalued key never matches (a set qualifier is
        // required), even negated or with IfExists.
        ("StringEquals", json!(["a"]), "many:a", false),
        ("StringNotEquals", json!(["x"]), "many:a", false),
        ("StringEqualsIfExists", json!(["a"]), "many:a", false),
        ("Null", json!("false"), "many:", true),
    ];
    for (op, values, request, want) in rows {
        let cond = json!({ *op: { k: values } });
        assert_eq!(
            eval(&cond, &[(k, request)]),
            t(*want),
            "{op} {values} vs {request}"
        );
    }
    // ForAnyValue…IfExists on a missing key: AWS does not say.
    let cond = json!({"ForAnyValue:StringEqualsIfExists": {k: "a"}});
    assert!(matches!(eval(&cond, &[]), Tri::Unknown(_)));
}

#[test]
fn key_names_ignore_case_values_keep_it() {
    let cond = json!({"StringEquals": {"AWS:PRINCIPALORGID": "o-Abc"}});
    assert_eq!(eval(&cond, &[("aws:principalorgid", "o-Abc")]), Tri::True);
    assert_eq!(eval(&cond, &[("aws:principalorgid", "o-abc")]), Tri::False);
    let tag = json!({"StringEquals": {"aws:PrincipalTag/Team": "a"}});
    assert_eq!(eval(&tag, &[("aws:principaltag/team", "a")]), Tri::True);
}

#[test]
fn policy_variables_in_condition_values() {
    let cond = json!({"StringLike": {"aws:SourceArn": "arn:aws:lambda:*:${aws:PrincipalAccount}:function:*"}});
    let keys = [
        ("aws:PrincipalAccount", "111122223333"),
        (
            "aws:SourceArn",
            "arn:aws:lambda:us-east-1:111122223333:function:f",
        ),
    ];
    assert_eq!(eval(&cond, &keys), Tri::True);
    let other = [
        ("aws:PrincipalAccount", "444455556666"),
        (
            "aws:SourceArn",
            "arn:aws:lambda:us-east-1:111122223333:function:f",
        ),
    ];
    assert_eq!(eval(&cond, &other), Tri::False);
    // Under 2008-10-17 the variable is literal text.
    assert_eq!(eval_in(&cond, &keys, false, Context::closed()), Tri::False);
    // A variable with no value: any match against it fails, negated or not.
    let eq = json!({"StringEquals": {"aws:username": "${aws:PrincipalTag/owner}"}});
    let ne = json!({"StringNotEquals": {"aws:username": "${aws:PrincipalTag/owner}"}});
    assert_eq!(eval(&eq, &[("aws:username", "bob")]), Tri::False);
    assert_eq!(eval(&ne, &[("aws:username", "bob")]), Tri::False);
    assert_eq!(
        eval(
            &ne,
            &[("aws:username", "bob"), ("aws:PrincipalTag/owner", "eve")]
        ),
        Tri::True
    );
    // Other values of a plain operator can still match.
    let either = json!({"StringEquals": {"aws:username": ["${aws:PrincipalTag/owner}", "bob"]}});
    assert_eq!(eval(&either, &[("aws:username", "bob")]), Tri::True);
    // A value put in is literal, even for StringLike.
    let like = json!({"StringLike": {"aws:username": "${aws:PrincipalTag/owner}"}});
    assert_eq!(
        eval(
            &like,
            &[("aws:username", "bob"), ("aws:PrincipalTag/owner", "*")]
        ),
        Tri::False
    );
    // ArnLike takes variables in the resource part; one whose name (`aws:…`) would be cut by
    // the ARN's colons is not documented.
    let arn = json!({"ArnLike": {"aws:SourceArn": "arn:aws:lambda:*:*:function:${aws:username}"}});
    let keys = [
        ("aws:username", "g"),
        (
            "aws:SourceArn",
            "arn:aws:lambda:eu-west-1:111122223333:function:g",
        ),
    ];
    assert_eq!(eval(&arn, &keys), Tri::True);
    let spanning =
        json!({"ArnLike": {"aws:SourceArn": "arn:aws:lambda:*:${aws:SourceAccount}:function:*"}});
    assert!(matches!(eval(&spanning, &keys), Tri::Unknown(_)));
    // Numeric and other operators take no variables: the value is not a number.
    let n = Conditions::parse(
        &json!({"NumericEquals": {"aws:MultiFactorAuthAge": "${aws:x}"}}),
        true,
    )
    .unwrap();
    assert!(n.items[0].is_err());
}

#[test]
fn unreadable_conditions_leave_the_statement_undecided() {
    for cond in [
        json!({"StringEqualz": {"aws:PrincipalOrgID": "o-1"}}),
        json!({"NumericEquals": {"aws:MultiFactorAuthAge": "ten"}}),
        json!({"DateEquals": {"aws:CurrentTime": "2024-01-01T00:00:00"}}),
        json!({"Bool": {"aws:SecureTransport": "yes"}}),
        json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}),
        json!({"ArnLike": {"aws:SourceArn": "lambda:function"}}),
        json!({"Null": {"aws:SourceIp": "maybe"}}),
        json!({"StringEquals": {"aws:PrincipalOrgID": {"nested": true}}}),
        json!({"StringEquals": {"aws:username": "${aws:username,'x'}"}}),
    ] {
        let r = eval(&cond, &[("aws:PrincipalOrgID", "o-1")]);
        assert!(matches!(r, Tri::Unknown(_)), "{cond}: {r:?}");
    }
    assert!(Conditions::parse(&json!(["StringEquals"]), true).is_err());
    assert!(Conditions::parse(&json!({"StringEquals": "x"}), true).is_err());
}
