//! A policy spec into statements: the `"*"` statements shared by every grant, each grant's
//! repository statements, the signing statement, the kept statements as written; Sids unique.

use std::collections::BTreeSet;

use crate::policy::emit::render::{
    JsonStyle, Policy, SIGN_SID, SignStatement, Target, build_for, to_json,
};
use crate::policy::spec::grants::PolicySpec;

/// The statements of a policy spec, in a fixed order: the `"*"` statements of all grants, then
/// each grant's repository statements, then the kept statements as written. Sids stay unique:
/// a kept statement keeps its Sid; one of ours that would repeat a Sid gets the next free
/// number (`ReadRepositories2`).
pub fn build_policy(p: &PolicySpec) -> Policy {
    build_with_renames(p).0
}

/// [`build_policy`], and which of our Sids were renumbered because a kept statement has them:
/// `(Sid, new Sid)`.
pub fn build_with_renames(p: &PolicySpec) -> (Policy, Vec<(String, String)>) {
    let none: [String; 0] = [];
    let star_target = Target {
        partition: "",
        region: "",
        account: "",
        repositories: &none,
        tags: &[],
    };
    let mut statements = build_for(star_target, p.star_actions()).statements;
    for g in &p.grants {
        statements.extend(build_for(Target::of(g), g.actions.repository_level()).statements);
    }
    let theirs: BTreeSet<String> = p
        .kept
        .iter()
        .filter_map(|k| k.sid.clone())
        .filter(|s| !s.is_empty())
        .collect();
    let mut used = theirs.clone();
    let mut renames = Vec::new();
    for s in &mut statements {
        let base = s.sid.to_string();
        let mut candidate = base.clone();
        let mut n = 1;
        while used.contains(&candidate) {
            n += 1;
            candidate = format!("{base}{n}");
        }
        used.insert(candidate.clone());
        if candidate != base {
            if theirs.contains(&base) {
                renames.push((base, candidate.clone()));
            }
            s.sid = candidate.into();
        }
    }
    let signing = (!p.signing.is_empty()).then(|| {
        let mut sid = SIGN_SID.to_string();
        let mut n = 1;
        while used.contains(&sid) {
            n += 1;
            sid = format!("{SIGN_SID}{n}");
        }
        SignStatement {
            sid,
            profiles: p.signing.clone(),
        }
    });
    let policy = Policy {
        statements,
        signing,
        kept: p.kept.iter().map(|k| k.value.clone()).collect(),
    };
    (policy, renames)
}

/// The policy spec as JSON text.
pub fn render_policy(p: &PolicySpec, style: JsonStyle) -> String {
    to_json(&build_policy(p), style)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::policy::emit::format::{Format, PolicyName};
    use crate::policy::emit::whole::render_spec_as;
    use crate::policy::spec::grants::KeptStatement;
    use crate::policy::spec::model::{SpecInput, validate};
    use crate::policy::spec::tasks::find_preset;

    const PROFILE: &str = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/ecr_signing";

    fn push_policy(signing: &[&str]) -> PolicySpec {
        let spec = validate(&SpecInput {
            region: Some("us-east-1".into()),
            account: Some("123456789012".into()),
            repositories: vec!["web".into()],
            actions: find_preset("push").unwrap().set(),
            ..SpecInput::default()
        })
        .unwrap();
        PolicySpec {
            signing: signing.iter().map(|s| (*s).to_string()).collect(),
            ..PolicySpec::single(spec)
        }
    }

    #[test]
    fn signing_adds_sign_payload_on_the_profiles_only() {
        let v: Value =
            serde_json::from_str(&render_policy(&push_policy(&[PROFILE]), JsonStyle::Pretty))
                .unwrap();
        let statements = v["Statement"].as_array().unwrap();
        let sign = statements.last().unwrap();
        assert_eq!(
            sign,
            &json!({"Sid": "SignImages", "Effect": "Allow", "Action": ["signer:SignPayload"], "Resource": PROFILE})
        );
        // Without a profile: no statement, and one grant renders as the one-spec output.
        let plain = push_policy(&[]);
        assert!(!render_policy(&plain, JsonStyle::Compact).contains("signer:"));
        // Every format carries it (the one-grant shortcut does not drop it).
        for format in Format::ALL {
            let text = render_spec_as(
                &push_policy(&[PROFILE]),
                *format,
                JsonStyle::Pretty,
                Some(&PolicyName::parse("p").unwrap()),
            );
            assert!(text.contains("signer:SignPayload"), "{format:?}: {text}");
            assert!(text.contains(PROFILE), "{format:?}");
        }
    }

    #[test]
    fn the_signing_sid_stays_unique() {
        let mut p = push_policy(&[PROFILE]);
        p.kept.push(KeptStatement {
            index: 0,
            sid: Some("SignImages".into()),
            reason: "kept".into(),
            value: json!({"Sid": "SignImages", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}),
        });
        let v: Value = serde_json::from_str(&render_policy(&p, JsonStyle::Compact)).unwrap();
        let sids: Vec<&str> = v["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["Sid"].as_str())
            .collect();
        assert!(sids.contains(&"SignImages2"), "{sids:?}");
        assert_eq!(sids.iter().filter(|s| **s == "SignImages").count(), 1);
    }
}
