//! Unit tests of reading and checking documents: element shapes, wrappers, action wildcards,
//! Not* elements, sizes and characters. The per-mistake fixtures live in `tests/check.rs`.

use serde_json::json;

use super::*;
use crate::policy::import::document::percent_decode;
use crate::policy::spec::catalog::find_action;

const ARN: &str = "arn:aws:ecr:us-east-1:123456789012:repository/my-app";

fn doc(v: &serde_json::Value) -> Document {
    parse_document(&v.to_string()).unwrap()
}

fn findings(v: &serde_json::Value) -> Vec<CheckFinding> {
    check_document(&doc(v))
}

fn codes(v: &serde_json::Value) -> Vec<&'static str> {
    findings(v).iter().map(|f| f.code).collect()
}

fn one(actions: &serde_json::Value, resource: &serde_json::Value) -> serde_json::Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {"Effect": "Allow", "Action": actions, "Resource": resource}
    ]})
}

#[test]
fn strings_and_arrays_are_both_read() {
    let d = doc(&json!({"Version": "2012-10-17", "Statement": {
        "Sid": "A", "Effect": "Allow", "Action": "ecr:ListImages", "Resource": [ARN, "*"]
    }}));
    assert!(d.single_statement_object);
    let st = &d.statements[0];
    assert_eq!(
        st.action.as_deref(),
        Some(&["ecr:ListImages".to_string()][..])
    );
    assert_eq!(st.resource.as_ref().map(Vec::len), Some(2));
    assert!(st.not_action.is_none() && st.problems.is_empty());
}

#[test]
fn wrong_element_types_are_problems_not_parse_errors() {
    let v = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["ecr:ListImages", 7], "Resource": {"a": 1}},
        "not a statement",
        {"Effect": "Allow", "Actions": "ecr:ListImages", "Resource": "*"}
    ]});
    let f = findings(&v);
    let at = |code: &str| {
        f.iter()
            .filter(|x| x.code == code)
            .map(|x| x.statement)
            .collect::<Vec<_>>()
    };
    assert_eq!(at("element-type"), [Some(0), Some(0)]);
    assert_eq!(at("statement-not-object"), [Some(1)]);
    assert_eq!(at("unknown-element"), [Some(2)]);
    assert!(
        f.iter()
            .any(|x| x.code == "unknown-element" && x.message.contains("did you mean Action"))
    );
    assert_eq!(at("action-missing"), [Some(2)]);
}

#[test]
fn empty_and_non_object_inputs_are_refused() {
    for text in ["", "  \n", "[]", "\"policy\"", "42"] {
        let e = parse_document(text).unwrap_err();
        assert!(e.line.is_none(), "{text:?}: {e}");
    }
    let e = parse_document("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}").unwrap_err();
    assert_eq!((e.line, e.column), (Some(4), Some(1)), "{e}");
    assert!(e.message.starts_with("is not valid JSON"));
}

#[test]
fn wrappers_come_off_and_string_documents_are_decoded() {
    let inner = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ecr:ListImages", "Resource": ARN}
    ]});
    let plain = doc(&inner);
    let text = inner.to_string();
    let encoded: String = text
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let cases = [
        (json!({"PolicyDocument": inner}), "PolicyDocument"),
        (
            json!({"Policy": {"PolicyDocument": inner}}),
            "Policy.PolicyDocument",
        ),
        (
            json!({"PolicyVersion": {"Document": inner}}),
            "PolicyVersion.Document",
        ),
        (
            json!({"PolicyVersion": {"Document": text}}),
            "PolicyVersion.Document",
        ),
        (json!({"PolicyDocument": encoded}), "PolicyDocument"),
    ];
    for (wrapped, name) in cases {
        let d = doc(&wrapped);
        assert_eq!(d.wrapper.as_deref(), Some(name));
        assert_eq!(d.statements, plain.statements, "{wrapped}");
        assert_eq!(d.raw_size, plain.raw_size);
    }
    let bad = json!({"PolicyDocument": "%7B%22Version"}).to_string();
    let e = parse_document(&bad).unwrap_err();
    assert!(e.message.contains("PolicyDocument"), "{e}");
}

#[test]
fn percent_decoding_by_hand() {
    assert_eq!(percent_decode("a%20b%2Fc+d").as_deref(), Some("a b/c+d"));
    assert_eq!(percent_decode("%C3%A9").as_deref(), Some("é"));
    assert_eq!(percent_decode("%4"), None);
    assert_eq!(percent_decode("%zz"), None);
    assert_eq!(percent_decode("%FF"), None);
}

#[test]
fn action_names_ignore_case_and_wildcards_expand() {
    assert_eq!(
        codes(&one(
            &json!(["ECR:batchgetimage", "ecr:GETDOWNLOADURLFORLAYER"]),
            &json!(ARN)
        )),
        Vec::<&str>::new()
    );
    let batch = expand("ecr:Batch*").unwrap();
    assert!(batch.contains(find_action("BatchGetImage").unwrap()));
    assert!(!batch.contains(find_action("PutImage").unwrap()));
    assert!(batch.iter().all(|a| a.info().name.starts_with("Batch")));
    assert_eq!(expand("ecr:*").unwrap().len(), crate::policy::ACTIONS.len());
    assert!(expand("s3:*").is_none());

    let f = findings(&one(
        &json!(["ecr:Batch*", "ecr:GetDownloadUrlForLayer"]),
        &json!(ARN),
    ));
    let w = f.iter().find(|x| x.code == "action-wildcard").unwrap();
    assert_eq!(w.severity, Severity::Info);
    assert!(w.message.contains("BatchGetImage"));

    let f = findings(&one(&json!("ecr:Pul*"), &json!(ARN)));
    let none = f.iter().find(|x| x.code == "action-wildcard-none").unwrap();
    assert_eq!((none.severity, none.statement), (Severity::Error, Some(1)));

    for all in ["ecr:*", "*"] {
        let f = findings(&one(&json!(all), &json!(ARN)));
        let x = f.iter().find(|x| x.code == "action-wildcard-all").unwrap();
        assert_eq!(x.severity, Severity::Warning, "{all}");
    }
}

#[test]
fn action_without_service_prefix_is_an_error_with_the_prefixed_name() {
    let f = findings(&one(
        &json!(["BatchGetImage", "ecr:GetDownloadUrlForLayer"]),
        &json!(ARN),
    ));
    let x = f.iter().find(|x| x.code == "action-no-service").unwrap();
    assert!(x.fix.contains("ecr:BatchGetImage"), "{}", x.fix);
}

#[test]
fn not_action_with_allow_warns_and_deny_does_not() {
    let allow = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "NotAction": "ecr:DeleteRepository", "Resource": ARN}
    ]});
    let f = findings(&allow);
    assert!(
        f.iter()
            .any(|x| x.code == "not-action-allow" && x.severity == Severity::Warning)
    );
    let deny = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "NotAction": "ecr:DeleteRepository", "Resource": ARN}
    ]});
    assert!(!codes(&deny).contains(&"not-action-allow"));
    let nr = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ecr:ListImages", "NotResource": ARN}
    ]});
    let f = findings(&nr);
    assert!(
        f.iter()
            .any(|x| x.code == "not-resource" && x.severity == Severity::Warning)
    );
}

#[test]
fn effect_must_be_exact() {
    let v = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {"Action": "ecr:GetAuthorizationToken", "Resource": "*"}
    ]});
    let f: Vec<_> = findings(&v)
        .into_iter()
        .filter(|x| x.code == "effect-invalid")
        .collect();
    assert_eq!(f.len(), 2);
    assert!(f[0].fix.contains("\"Allow\" exactly"));
    assert_eq!(f[1].statement, Some(1));
}

#[test]
fn characters_outside_latin1_are_errors_where_they_are() {
    let v = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Login", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
         "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/my\u{2011}app"}
    ]});
    let f = findings(&v);
    let c = f.iter().find(|x| x.code == "character-invalid").unwrap();
    assert_eq!(c.statement, Some(1));
    assert!(c.message.contains("U+2011"), "{}", c.message);
    // é is U+00E9: allowed by IAM (it is not a valid repository name, which is another finding).
    let ok = one(
        &json!(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]),
        &json!(ARN),
    );
    let mut ok = ok;
    ok["Statement"][0]["Sid"] = json!("Caf\u{e9}");
    assert!(!codes(&ok).contains(&"character-invalid"));
}

#[test]
fn size_finding_names_each_quota_exceeded() {
    let arns: Vec<String> = (0..80)
        .map(|i| format!("arn:aws:ecr:us-east-1:123456789012:repository/team/service-{i:03}"))
        .collect();
    let d = doc(&one(
        &json!(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]),
        &json!(arns),
    ));
    assert!(d.raw_size > 5120 && d.raw_size <= 6144, "{}", d.raw_size);
    let f: Vec<_> = check_document(&d)
        .into_iter()
        .filter(|x| x.code == "size-over-quota")
        .collect();
    // One finding for all the quotas exceeded (the shape lint reports too).
    let quotas: Vec<_> = f.iter().filter_map(|x| x.value.as_deref()).collect();
    assert_eq!(quotas, ["inline user policies, inline group policies"]);
    assert!(
        f.iter()
            .all(|x| x.severity == Severity::Info && x.statement.is_none())
    );
    assert!(f[0].message.contains(&d.raw_size.to_string()) && f[0].message.contains("2048"));
}

#[test]
fn statement_findings_come_first_in_order_then_policy_findings() {
    let v = json!({"Statement": [
        {"Sid": "a-1", "Effect": "Allow", "Action": "ecr:PutImage", "Resource": ARN},
        {"Sid": "b-2", "Effect": "Allow", "Action": "ecr:PullImage", "Resource": ARN}
    ]});
    let f = findings(&v);
    let order: Vec<Option<usize>> = f.iter().map(|x| x.statement).collect();
    let mut sorted = order.clone();
    sorted.sort_by_key(|s| s.map_or(usize::MAX, |i| i));
    assert_eq!(order, sorted);
    assert!(order.contains(&None) && order.contains(&Some(1)));
    assert_eq!(f[0].sid.as_deref(), Some("a-1"));
}
