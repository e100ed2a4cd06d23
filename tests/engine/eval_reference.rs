//! The evaluator replayed against the reference evaluator: `@cloud-copilot/iam-simulate`'s
//! verdicts for the seeded cases of `reference_cases.rs`, recorded once by
//! `scripts/reference-eval` into `tests/fixtures/eval/reference.jsonl`, must all be ours too —
//! but for the few cases listed below, where AWS's documentation says otherwise.

use std::collections::{BTreeMap, BTreeSet};

use ecr_policy::policy::eval::{Verdict, evaluate};
use ecr_policy::policy::spec::catalog::ActionId;
use serde_json::Value;

use super::reference_cases::{CASES, Case, SEED, Who, generate};

/// The tool and version the fixture was recorded with (`scripts/reference-eval/package.json`).
const REFERENCE: &str = "@cloud-copilot/iam-simulate@0.1.173";

/// Why we believe iam-simulate 0.1.173 is wrong on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    /// Policy variables are literal text unless the document's Version is 2012-10-17 ("If you
    /// don't include the Version element and set it to an appropriate version date, variables
    /// like ${aws:username} are treated as literal strings" — IAM User Guide, "IAM policy
    /// elements: Variables and tags"); iam-simulate replaces them whatever the Version.
    VariablesNeed2012,
    /// Within one account, "permissions granted directly to a session are not limited by an
    /// implicit deny in an identity-based policy, a permissions boundary, or session policy"
    /// (IAM User Guide, "Policy evaluation logic", resource-based policies and implicit
    /// denies); iam-simulate lets a session policy's implicit deny stop a grant to the session
    /// ARN itself.
    SessionArnEscapesSessionPolicy,
    /// A `NotPrincipal` listing only some of the identities behind the principal (its account,
    /// role, session): "AWS might validate the account first, then the role, and then the
    /// assumed-role user" (IAM User Guide, "AWS JSON policy elements: `NotPrincipal`"), so the
    /// outcome is the service's; we leave it undecided, iam-simulate decides.
    NotPrincipalPartial,
}

/// The cases of the fixture where our verdict and iam-simulate's differ, and why. Each reason
/// is checked below to be the whole difference, so the table cannot hide another one.
const EXCEPTIONS: &[(usize, Why)] = &[
    (468, Why::NotPrincipalPartial),
    (1646, Why::SessionArnEscapesSessionPolicy),
    (2682, Why::SessionArnEscapesSessionPolicy),
    (3150, Why::SessionArnEscapesSessionPolicy),
    (3199, Why::SessionArnEscapesSessionPolicy),
    (3207, Why::SessionArnEscapesSessionPolicy),
    (3620, Why::VariablesNeed2012),
    (4116, Why::SessionArnEscapesSessionPolicy),
    (4266, Why::NotPrincipalPartial),
];

/// Every document of the case.
fn documents_mut(c: &mut Case) -> Vec<&mut Value> {
    let mut out: Vec<&mut Value> = c.identity.iter_mut().collect();
    out.extend(c.boundary.as_mut());
    out.extend(c.session.as_mut());
    out.extend(c.scps.iter_mut().flatten());
    out.extend(c.rcps.iter_mut().flatten());
    out.extend(c.repository.as_mut());
    out.extend(c.registry.as_mut());
    out.extend(c.endpoint.as_mut());
    out
}

/// Checks that the reason given is what makes us differ: with it taken away, we agree.
fn check_reason(case: &Case, why: Why, theirs: &str) {
    let id = case.id;
    match why {
        Why::VariablesNeed2012 => {
            // Read as iam-simulate does (every document under 2012-10-17), we agree.
            let mut c = case.clone();
            for d in documents_mut(&mut c) {
                d["Version"] = serde_json::json!("2012-10-17");
            }
            let v = evaluate(&c.document_set(), &c.request()).verdict;
            assert_eq!(ours(v), theirs, "case {id}: not only the Version");
        }
        Why::SessionArnEscapesSessionPolicy => {
            let session_arn = match &case.who {
                Who::Session { session_arn, .. } | Who::Federated { session_arn, .. } => {
                    session_arn.clone()
                }
                other => panic!("case {id}: {other:?} has no session"),
            };
            assert!(case.session.is_some(), "case {id}: no session policy");
            // Without the grants to the session ARN itself, we agree.
            let mut c = case.clone();
            for d in [c.repository.as_mut(), c.registry.as_mut()]
                .into_iter()
                .flatten()
            {
                let sts = d["Statement"].as_array_mut().unwrap();
                for st in sts.iter_mut() {
                    let Some(p) = st.get_mut("Principal").and_then(Value::as_object_mut) else {
                        continue;
                    };
                    let keep: Vec<Value> = match p.remove("AWS") {
                        Some(Value::Array(v)) => {
                            v.into_iter().filter(|x| *x != *session_arn).collect()
                        }
                        Some(s) if s != *session_arn => vec![s],
                        _ => vec![],
                    };
                    if !keep.is_empty() {
                        p.insert("AWS".into(), Value::Array(keep));
                    }
                }
                // A statement left naming nobody is gone.
                sts.retain(|st| {
                    st.get("Principal")
                        .and_then(Value::as_object)
                        .is_none_or(|p| !p.is_empty())
                });
            }
            let v = evaluate(&c.document_set(), &c.request()).verdict;
            assert_eq!(
                ours(v),
                theirs,
                "case {id}: not only the grant to the session"
            );
        }
        Why::NotPrincipalPartial => {
            let d = evaluate(&case.document_set(), &case.request());
            assert_eq!(d.verdict, Verdict::Undecided, "case {id}");
            assert!(
                d.unsure
                    .iter()
                    .all(|u| u.reason.starts_with("NotPrincipal lists only some")),
                "case {id}: {:?}",
                d.unsure
            );
        }
    }
}

fn fixture_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval/reference.jsonl")
}

/// (header, id → (hash, result)).
fn recorded() -> (Value, BTreeMap<usize, (String, String)>) {
    let text = std::fs::read_to_string(fixture_path()).expect("the recorded fixture");
    let mut lines = text.lines();
    let header: Value = serde_json::from_str(lines.next().expect("a header line")).unwrap();
    let mut out = BTreeMap::new();
    for line in lines {
        let v: Value = serde_json::from_str(line).unwrap();
        let id = usize::try_from(v["id"].as_u64().unwrap()).unwrap();
        let hash = v["hash"].as_str().unwrap().to_string();
        let result = v["result"].as_str().unwrap().to_string();
        assert!(out.insert(id, (hash, result)).is_none(), "case {id} twice");
    }
    (header, out)
}

fn ours(v: Verdict) -> &'static str {
    match v {
        Verdict::Allowed => "Allowed",
        Verdict::ExplicitDeny => "ExplicitlyDenied",
        Verdict::ImplicitDeny => "ImplicitlyDenied",
        Verdict::Undecided => "Undecided",
    }
}

#[test]
fn the_evaluator_agrees_with_iam_simulate() {
    let (header, recorded) = recorded();
    assert_eq!(
        header["reference"], REFERENCE,
        "recorded with another version"
    );
    assert_eq!(header["seed"], SEED);
    let cases = generate(SEED, CASES);
    assert_eq!(recorded.len(), CASES, "one verdict per case");
    let exceptions: BTreeMap<usize, Why> = EXCEPTIONS.iter().copied().collect();
    let mut disagree = Vec::new();
    let mut tally: BTreeMap<&str, usize> = BTreeMap::new();
    for case in &cases {
        let (hash, theirs) = &recorded[&case.id];
        assert_eq!(
            *hash,
            case.hash(),
            "case {} changed since the fixture was recorded: record it again (scripts/reference-eval/README.md)",
            case.id
        );
        let d = evaluate(&case.document_set(), &case.request());
        let mine = ours(d.verdict);
        *tally.entry(theirs.as_str()).or_default() += 1;
        match (mine == theirs, exceptions.get(&case.id)) {
            (true, None) => {}
            (true, Some(why)) => panic!(
                "case {} is listed as an exception ({why:?}) but we agree: remove it",
                case.id
            ),
            (false, Some(why)) => check_reason(case, *why, theirs),
            (false, None) => disagree.push(format!(
                "case {}: iam-simulate {theirs}, we {mine} {:?}\n{}",
                case.id,
                d,
                serde_json::to_string_pretty(&case.simulation()).unwrap()
            )),
        }
    }
    eprintln!(
        "{} cases, iam-simulate's verdicts {tally:?}, {} listed exceptions",
        cases.len(),
        exceptions.len()
    );
    assert!(
        disagree.is_empty(),
        "{} of {} cases disagree ({}):\n{}",
        disagree.len(),
        cases.len(),
        disagree
            .iter()
            .map(|d| d.split(':').next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(", "),
        disagree
            .iter()
            .take(12)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

#[test]
fn the_cases_cover_what_the_issue_asks() {
    let cases = generate(SEED, CASES);
    let (_, recorded) = recorded();
    let actions: BTreeSet<&str> = cases.iter().map(|c| c.action.as_str()).collect();
    assert_eq!(
        actions.len(),
        ActionId::all().count(),
        "every ECR action of the catalog"
    );
    let texts: Vec<String> = cases.iter().map(|c| c.simulation().to_string()).collect();
    let count = |needle: &str| texts.iter().filter(|t| t.contains(needle)).count();
    for needle in [
        "\"NotPrincipal\"",
        "\"NotAction\"",
        "\"NotResource\"",
        "IfExists",
        "ForAnyValue:",
        "ForAllValues:",
        "\"Null\"",
        "\"Bool\"",
        "IpAddress",
        "NumericLessThan",
        "DateGreaterThan",
        "ArnLike",
        "ArnNotEquals",
        "StringNotEqualsIgnoreCase",
        "StringNotLike",
        "${aws:username}",
        "${?}",
        "${*}",
        "\"2008-10-17\"",
        "\"permissionBoundaryPolicies\"",
        "\"sessionPolicy\"",
        "\"vpcEndpointPolicies\"",
        "\"orgIdentifier\":\"scp-2\"",
        "\"orgIdentifier\":\"rcp-1\"",
        "federated-user",
        "assumed-role",
        "lambda.amazonaws.com",
        "\"*\"",
        "2001:db8",
    ] {
        assert!(count(needle) >= 10, "{needle}: {} cases", count(needle));
    }
    let both = cases
        .iter()
        .filter(|c| c.repository.is_some() && c.registry.is_some())
        .count();
    let v1 = cases.iter().filter(|c| c.scope_v1).count();
    let same = cases
        .iter()
        .filter(|c| !matches!(c.who, Who::Service(_)) && c.resource_account == "111111111111")
        .count();
    let cross = cases
        .iter()
        .filter(|c| !matches!(c.who, Who::Service(_)) && c.resource_account != "111111111111")
        .count();
    assert!(
        both >= 200 && v1 >= 200 && same >= 1500 && cross >= 1500,
        "{both} {v1} {same} {cross}"
    );
    let verdicts: BTreeMap<&str, usize> =
        recorded.values().fold(BTreeMap::new(), |mut m, (_, r)| {
            *m.entry(r.as_str()).or_default() += 1;
            m
        });
    for v in ["Allowed", "ExplicitlyDenied", "ImplicitlyDenied"] {
        assert!(verdicts.get(v).copied().unwrap_or(0) >= 500, "{verdicts:?}");
    }
}

/// Writes the cases for `scripts/reference-eval` (see its README).
#[test]
#[ignore = "writes target/reference-eval/cases.jsonl for scripts/reference-eval; run by hand"]
fn write_reference_cases() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/reference-eval");
    std::fs::create_dir_all(&dir).unwrap();
    let mut out = String::new();
    out.push_str(
        &serde_json::json!({"reference": REFERENCE, "seed": SEED, "cases": CASES}).to_string(),
    );
    out.push('\n');
    for c in generate(SEED, CASES) {
        out.push_str(&c.line().to_string());
        out.push('\n');
    }
    std::fs::write(dir.join("cases.jsonl"), out).unwrap();
}
