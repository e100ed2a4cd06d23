//! The reference cases: a seeded generator of (documents, request) cases on ECR's access path,
//! each turned two ways — into the engine's `DocumentSet` and `Request`, and into the input of
//! `@cloud-copilot/iam-simulate` (scripts/reference-eval records its verdicts).
//!
//! How our document kinds map onto iam-simulate's inputs (it has one resource policy):
//! - the repository policy alone, or the registry policy alone, is its `resourcePolicy`;
//! - both together: one `resourcePolicy` holding the statements of both (same `Version`), which
//!   evaluates alike — an allow in either is the resource side's allow, a deny in either denies;
//! - what ECR decides before IAM's logic is encoded by leaving a document out: the repository
//!   policy for an action without a resource type (it acts on no repository), the registry
//!   policy under scope V1 for an action other than `ReplicateImage`,
//!   `BatchImportUpstreamImage` and `CreateRepository`. Both rules have their own tests in `src/policy/eval`.
//! - a service principal gets no identity-side documents or SCPs (it has none); root users,
//!   unknown context keys, service-linked roles and federated sessions without a session policy
//!   are not generated (iam-simulate has no notion of them): hand-written tests cover them.

use std::collections::BTreeMap;

use ecr_policy::policy::eval::{
    Context, Doc, DocumentSet, Level, Policy, Principal, RegistryScope, Request,
};
use ecr_policy::policy::spec::catalog::ActionId;
use serde_json::{Value, json};

/// The seed of the committed fixture.
pub const SEED: u64 = 0x00EC_2026_1217;
/// How many cases the fixture holds.
pub const CASES: usize = 6000;

const A: &str = "111111111111";
const B: &str = "222222222222";
const C: &str = "333333333333";
const ORG: &str = "o-aaaaaaaaaa";
const OTHER_ORG: &str = "o-bbbbbbbbbb";

/// `SplitMix64`: small, seeded, the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0..n
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    /// True with probability `p` percent.
    fn pct(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn choose<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

/// The request's principal, as generated.
#[derive(Debug, Clone)]
pub enum Who {
    User {
        arn: String,
        name: String,
    },
    Session {
        role_arn: String,
        session_arn: String,
    },
    Federated {
        session_arn: String,
        user_arn: String,
    },
    Service(String),
}

impl Who {
    /// The principal as JSON (for the case's digest).
    fn describe(&self) -> Value {
        match self {
            Who::User { arn, name } => json!({"user": arn, "name": name}),
            Who::Session {
                role_arn,
                session_arn,
            } => json!({"role": role_arn, "session": session_arn}),
            Who::Federated {
                session_arn,
                user_arn,
            } => json!({"federated": session_arn, "user": user_arn}),
            Who::Service(s) => json!({"service": s}),
        }
    }

    /// The string iam-simulate takes as the principal.
    fn simulate(&self) -> String {
        match self {
            Who::User { arn, .. } => arn.clone(),
            Who::Session { session_arn, .. } | Who::Federated { session_arn, .. } => {
                session_arn.clone()
            }
            Who::Service(s) => s.clone(),
        }
    }

    fn principal(&self) -> Principal {
        match self {
            Who::User { arn, .. } => Principal::User { arn: arn.clone() },
            Who::Session {
                role_arn,
                session_arn,
            } => Principal::RoleSession {
                role_arn: role_arn.clone(),
                session_arn: Some(session_arn.clone()),
            },
            Who::Federated {
                session_arn,
                user_arn,
            } => Principal::FederatedUser {
                session_arn: session_arn.clone(),
                user_arn: user_arn.clone(),
            },
            Who::Service(s) => Principal::Service { name: s.clone() },
        }
    }

    /// The principal's identities, for `Principal` elements: itself, its role or user, its
    /// account.
    fn names(&self) -> Vec<String> {
        match self {
            Who::User { arn, .. } => vec![arn.clone(), A.into()],
            Who::Session {
                role_arn,
                session_arn,
            } => vec![
                session_arn.clone(),
                role_arn.clone(),
                format!("arn:aws:iam::{A}:root"),
            ],
            Who::Federated {
                session_arn,
                user_arn,
            } => vec![session_arn.clone(), user_arn.clone(), A.into()],
            Who::Service(s) => vec![s.clone()],
        }
    }
}

/// One generated case.
#[derive(Debug, Clone)]
pub struct Case {
    pub id: usize,
    pub who: Who,
    pub action: String,
    pub resource: String,
    pub resource_account: String,
    /// Context keys: single values as strings, multivalued ones as arrays.
    pub context: BTreeMap<String, Value>,
    pub identity: Vec<Value>,
    pub boundary: Option<Value>,
    pub session: Option<Value>,
    pub scps: Vec<Vec<Value>>,
    pub rcps: Vec<Vec<Value>>,
    pub repository: Option<Value>,
    pub registry: Option<Value>,
    pub scope_v1: bool,
    pub endpoint: Option<Value>,
}

/// Keys whose values are sets (iam-simulate's `ArrayOfString` keys among those generated).
const MULTI: [&str; 2] = ["aws:TagKeys", "aws:PrincipalOrgPaths"];

fn version(r: &mut Rng) -> Option<&'static str> {
    match r.below(20) {
        0..=14 => Some("2012-10-17"),
        15..=16 => Some("2008-10-17"),
        _ => None,
    }
}

fn document(version: Option<&str>, statements: &[Value]) -> Value {
    let mut d = json!({ "Statement": statements });
    if let Some(v) = version {
        d["Version"] = json!(v);
    }
    d
}

fn one_or_many(items: &[String]) -> Value {
    if items.len() == 1 {
        json!(items[0])
    } else {
        json!(items)
    }
}

struct Gen<'a> {
    r: &'a mut Rng,
    who: Who,
    action: String,
    resource: String,
    owner: String,
    star_only: bool,
}

impl Gen<'_> {
    fn actions(&mut self) -> Vec<String> {
        let n = 1 + self.r.below(3);
        (0..n)
            .map(|_| match self.r.below(14) {
                0..=4 => self.action.clone(),
                5 => "ecr:*".into(),
                6 => "ecr:Batch*".into(),
                7 => "ecr:Get*".into(),
                8 => "ecr:*Image*".into(),
                9 => "ecr:?utImage".into(),
                10 => self.action.to_lowercase().replacen("ecr:", "ECR:", 1),
                11 => "*".into(),
                12 => "s3:GetObject".into(),
                _ => {
                    let all: Vec<ActionId> = ActionId::all().collect();
                    self.r.pick(&all).qualified()
                }
            })
            .collect()
    }

    /// A `Resource` pattern; `variables` allows policy variables.
    fn resource_pattern(&mut self, variables: bool) -> String {
        let o = self.owner.clone();
        if variables && self.r.pct(40) {
            return match self.r.below(5) {
                0 => "arn:aws:ecr:*:*:repository/${aws:username}".into(),
                1 => "arn:aws:ecr:*:*:repository/${aws:PrincipalTag/team}/*".into(),
                2 => "arn:aws:ecr:*:*:repository/${aws:username, 'web'}".into(),
                3 => "arn:aws:ecr:*:*:repository/we${?}".into(),
                _ => "arn:aws:ecr:*:*:repository/team/${*}".into(),
            };
        }
        match self.r.below(12) {
            0..=2 => "*".into(),
            3..=4 if !self.star_only => self.resource.clone(),
            5 => format!("arn:aws:ecr:*:{o}:repository/*"),
            6 => format!("arn:aws:ecr:us-east-1:{o}:repository/team/*"),
            7 => "arn:aws:ecr:us-east-?:*:repository/te?m/*".into(),
            8 => format!("arn:aws:ecr:*:{C}:repository/*"),
            9 => format!("arn:aws:ecr:us-east-1:{o}:repository/Web"),
            10 => format!("arn:aws:ecr:eu-*:{o}:repository/*"),
            _ => format!("arn:aws:ecr:us-east-1:{o}:repository/we*"),
        }
    }

    fn resources(&mut self, variables: bool) -> Vec<String> {
        let n = 1 + self.r.below(2);
        (0..n).map(|_| self.resource_pattern(variables)).collect()
    }

    /// A principal element value for a resource-based policy.
    fn principal_value(&mut self) -> Value {
        let names = self.who.names();
        let entry = |r: &mut Rng| -> (String, String) {
            match r.below(13) {
                0..=4 => {
                    let n = r.pick(&names).clone();
                    if n.ends_with(".amazonaws.com") {
                        ("Service".into(), n)
                    } else {
                        ("AWS".into(), n)
                    }
                }
                5 => ("AWS".into(), A.into()),
                6 => ("AWS".into(), format!("arn:aws:iam::{A}:root")),
                7 => ("AWS".into(), format!("arn:aws:iam::{C}:root")),
                8 => ("AWS".into(), format!("arn:aws:iam::{A}:role/other")),
                9 => ("Service".into(), "lambda.amazonaws.com".into()),
                10 => ("Service".into(), "codebuild.amazonaws.com".into()),
                11 => ("AWS".into(), format!("arn:aws:iam::{A}:user/alice")),
                _ => ("AWS".into(), B.into()),
            }
        };
        if self.r.pct(22) {
            return if self.r.pct(50) {
                json!("*")
            } else {
                json!({"AWS": "*"})
            };
        }
        let n = 1 + self.r.below(2);
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for _ in 0..n {
            let (k, v) = entry(self.r);
            map.entry(k).or_default().push(v);
        }
        Value::Object(map.into_iter().map(|(k, v)| (k, one_or_many(&v))).collect())
    }

    /// A `NotPrincipal` value: every identity behind the principal, none of them, or (rarely)
    /// only some.
    fn not_principal_value(&mut self) -> Value {
        let names = self.who.names();
        let listed: Vec<String> = match self.r.below(20) {
            0..=8 => names.clone(),
            9..=17 => vec![
                format!("arn:aws:iam::{C}:root"),
                format!("arn:aws:iam::{C}:role/x"),
            ],
            _ => names[..1].to_vec(),
        };
        let (services, aws): (Vec<String>, Vec<String>) = listed
            .into_iter()
            .partition(|n| n.ends_with(".amazonaws.com"));
        let mut m = serde_json::Map::new();
        if !aws.is_empty() {
            m.insert("AWS".into(), one_or_many(&aws));
        }
        if !services.is_empty() {
            m.insert("Service".into(), one_or_many(&services));
        }
        Value::Object(m)
    }

    /// A Condition block: one or two conditions on keys the context may hold.
    fn condition(&mut self, variables: bool) -> Value {
        let mut block: BTreeMap<String, serde_json::Map<String, Value>> = BTreeMap::new();
        let n = 1 + self.r.below(2);
        for _ in 0..n {
            let (op, key, values) = self.one_condition(variables);
            block.entry(op).or_default().insert(key, values);
        }
        Value::Object(
            block
                .into_iter()
                .map(|(k, v)| (k, Value::Object(v)))
                .collect(),
        )
    }

    fn one_condition(&mut self, variables: bool) -> (String, String, Value) {
        let ifx = |r: &mut Rng, op: &str| {
            if r.pct(25) {
                format!("{op}IfExists")
            } else {
                op.to_string()
            }
        };
        let key_case = |r: &mut Rng, k: &str| {
            if r.pct(15) {
                k.to_uppercase()
            } else {
                k.to_string()
            }
        };
        let r = &mut *self.r;
        match r.below(16) {
            0..=2 => {
                let op = r.pick(&[
                    "StringEquals",
                    "StringNotEquals",
                    "StringLike",
                    "StringNotLike",
                    "StringEqualsIgnoreCase",
                    "StringNotEqualsIgnoreCase",
                ]);
                let vals = r.choose(&[
                    json!(ORG),
                    json!("o-*"),
                    json!([OTHER_ORG, ORG]),
                    json!("O-AAAAAAAAAA"),
                    json!(OTHER_ORG),
                ]);
                (ifx(r, op), key_case(r, "aws:PrincipalOrgID"), vals)
            }
            3 => {
                let op = r.pick(&["StringEquals", "StringNotEquals", "StringLike"]);
                let v = if variables && r.pct(50) {
                    json!("${aws:PrincipalAccount}")
                } else {
                    json!(r.pick(&[A, B, "1111*"]).to_string())
                };
                (ifx(r, op), key_case(r, "aws:PrincipalAccount"), v)
            }
            4 => {
                let op = r.pick(&["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"]);
                let vals = r.choose(&[
                    json!(format!("arn:aws:iam::{A}:role/ci")),
                    json!(format!("arn:aws:iam::{A}:*")),
                    json!(format!("arn:aws:iam::*:user/alice")),
                    json!([
                        format!("arn:aws:iam::{C}:role/x"),
                        format!("arn:aws:iam::{A}:role/*")
                    ]),
                ]);
                (ifx(r, op), key_case(r, "aws:PrincipalArn"), vals)
            }
            5 => {
                let op = r.pick(&["ArnLike", "ArnNotLike", "ArnEquals", "StringLike"]);
                let vals = r.choose(&[
                    json!(format!("arn:aws:lambda:us-east-1:{A}:function:*")),
                    json!("arn:aws:lambda:*:*:function:api"),
                    json!(format!("arn:aws:codebuild:us-east-1:{C}:project/*")),
                ]);
                (ifx(r, op), key_case(r, "aws:SourceArn"), vals)
            }
            6 => {
                let op = r.pick(&["IpAddress", "NotIpAddress"]);
                let vals = r.choose(&[
                    json!("10.0.0.0/8"),
                    json!(["192.0.2.0/24", "2001:db8::/32"]),
                    json!("203.0.113.0/24"),
                    json!("2001:db8:1::/48"),
                ]);
                (ifx(r, op), key_case(r, "aws:SourceIp"), vals)
            }
            7 => {
                let op = if r.pct(70) { "Bool" } else { "BoolIfExists" };
                let k = r.pick(&[
                    "aws:SecureTransport",
                    "aws:PrincipalIsAWSService",
                    "aws:ViaAWSService",
                ]);
                let v = r.pick(&["true", "false", "FALSE"]);
                (op.to_string(), key_case(r, k), json!(v))
            }
            8 => {
                let k = r.pick(&[
                    "aws:PrincipalOrgID",
                    "aws:SourceVpce",
                    "aws:PrincipalTag/team",
                    "aws:SourceArn",
                    "ecr:ResourceTag/team",
                ]);
                (
                    "Null".into(),
                    key_case(r, k),
                    json!(r.pick(&["true", "false"])),
                )
            }
            9 => {
                let op = r.pick(&[
                    "NumericLessThan",
                    "NumericLessThanEquals",
                    "NumericGreaterThan",
                    "NumericGreaterThanEquals",
                    "NumericEquals",
                    "NumericNotEquals",
                ]);
                let v = r.pick(&["3600", "0", "86400", "3600.5"]);
                (ifx(r, op), key_case(r, "aws:MultiFactorAuthAge"), json!(v))
            }
            10 => {
                let op = r.pick(&[
                    "DateLessThan",
                    "DateGreaterThan",
                    "DateLessThanEquals",
                    "DateGreaterThanEquals",
                    "DateEquals",
                    "DateNotEquals",
                ]);
                // One format per key, on both sides: iam-simulate compares an epoch value with a
                // date string in different units.
                if r.pct(50) {
                    let v = r.pick(&["2026-01-01T00:00:00Z", "2025-06-01", "2026-12-17T12:00:00Z"]);
                    (ifx(r, op), key_case(r, "aws:CurrentTime"), json!(v))
                } else {
                    let v = r.pick(&["1767225600", "1800000000", "1700000000"]);
                    (ifx(r, op), key_case(r, "aws:EpochTime"), json!(v))
                }
            }
            11 => {
                let set = r.pick(&["ForAnyValue", "ForAllValues"]);
                let op = r.pick(&[
                    "StringEquals",
                    "StringLike",
                    "StringNotEquals",
                    "StringNotLike",
                ]);
                let k = r.pick(&MULTI);
                let vals = if *k == "aws:TagKeys" {
                    r.pick(&[
                        json!(["team", "env"]),
                        json!("team"),
                        json!(["t*"]),
                        json!(["owner"]),
                    ])
                    .clone()
                } else {
                    r.pick(&[
                        json!(format!("{ORG}/*")),
                        json!([format!("{OTHER_ORG}/*")]),
                        json!(format!("{ORG}/r-ab12/ou-ab12-11111111/")),
                    ])
                    .clone()
                };
                (format!("{set}:{op}"), key_case(r, k), vals)
            }
            12 => {
                let op = r.pick(&[
                    "StringEquals",
                    "StringNotEquals",
                    "StringLike",
                    "StringEqualsIgnoreCase",
                ]);
                let v = if variables && r.pct(40) {
                    json!("${aws:PrincipalTag/team}")
                } else {
                    json!(r.pick(&["a", "b", "*", "A"]).to_string())
                };
                let k = r.pick(&["ecr:ResourceTag/team", "aws:PrincipalTag/team"]);
                (ifx(r, op), key_case(r, k), v)
            }
            13 => {
                let op = r.pick(&["StringEquals", "StringNotEquals", "StringLike"]);
                let v = if variables && r.pct(40) {
                    json!("${aws:PrincipalTag/team}-*")
                } else {
                    json!(
                        r.pick(&["alice", "bob", "al*", "${aws:username}"])
                            .to_string()
                    )
                };
                (ifx(r, op), key_case(r, "aws:username"), v)
            }
            14 => {
                let op = r.pick(&["StringEquals", "StringNotEquals"]);
                let v = r.choose(&[json!("vpce-1a2b3c4d"), json!(["vpce-9", "vpce-1a2b3c4d"])]);
                (ifx(r, op), key_case(r, "aws:SourceVpce"), v)
            }
            _ => {
                let op = r.pick(&["StringEquals", "StringNotEquals", "StringLike"]);
                let v = r.choose(&[
                    json!("us-east-1"),
                    json!("eu-*"),
                    json!(["eu-west-1", "us-east-1"]),
                ]);
                (ifx(r, op), key_case(r, "aws:RequestedRegion"), v)
            }
        }
    }

    /// A statement of an identity-side document (identity, boundary, session, SCP).
    fn identity_statement(&mut self, variables: bool, allow_bias: u64) -> Value {
        let mut st = serde_json::Map::new();
        if self.r.pct(40) {
            st.insert("Sid".into(), json!(format!("S{}", self.r.below(100))));
        }
        let effect = if self.r.pct(allow_bias) {
            "Allow"
        } else {
            "Deny"
        };
        st.insert("Effect".into(), json!(effect));
        let akey = if self.r.pct(12) {
            "NotAction"
        } else {
            "Action"
        };
        st.insert(akey.into(), one_or_many(&self.actions()));
        let rkey = if self.r.pct(12) {
            "NotResource"
        } else {
            "Resource"
        };
        st.insert(rkey.into(), one_or_many(&self.resources(variables)));
        if self.r.pct(35) {
            st.insert("Condition".into(), self.condition(variables));
        }
        Value::Object(st)
    }

    fn identity_doc(&mut self, allow_bias: u64) -> Value {
        let v = version(self.r);
        let vars = self.variables_for(v);
        let n = 1 + self.r.below(3);
        let sts: Vec<Value> = (0..n)
            .map(|_| self.identity_statement(vars, allow_bias))
            .collect();
        document(v, &sts)
    }

    /// Whether a document of this Version gets policy variables: often under 2012-10-17,
    /// rarely otherwise (where they are literal text, and where iam-simulate differs).
    fn variables_for(&mut self, v: Option<&str>) -> bool {
        if v == Some("2012-10-17") {
            self.r.pct(35)
        } else {
            self.r.pct(6)
        }
    }

    /// A statement of a repository or registry policy.
    fn resource_statement(&mut self, variables: bool, registry: bool) -> Value {
        let mut st = serde_json::Map::new();
        if self.r.pct(50) {
            // Repository policies take Sids with spaces (as Terraform's examples write them).
            let sid = if self.r.pct(30) {
                "new policy"
            } else {
                "AllowPull"
            };
            st.insert("Sid".into(), json!(sid));
        }
        let effect = if self.r.pct(78) { "Allow" } else { "Deny" };
        st.insert("Effect".into(), json!(effect));
        if self.r.pct(9) {
            st.insert("NotPrincipal".into(), self.not_principal_value());
        } else {
            st.insert("Principal".into(), self.principal_value());
        }
        let akey = if self.r.pct(8) { "NotAction" } else { "Action" };
        st.insert(akey.into(), one_or_many(&self.actions()));
        if registry || self.r.pct(8) {
            let rkey = if self.r.pct(8) {
                "NotResource"
            } else {
                "Resource"
            };
            st.insert(rkey.into(), one_or_many(&self.resources(variables)));
        }
        if self.r.pct(40) {
            st.insert("Condition".into(), self.condition(variables));
        }
        Value::Object(st)
    }

    fn resource_doc(&mut self, v: Option<&str>, registry: bool) -> Value {
        let vars = self.variables_for(v);
        let n = 1 + self.r.below(3);
        let sts: Vec<Value> = (0..n)
            .map(|_| self.resource_statement(vars, registry))
            .collect();
        document(v, &sts)
    }

    /// An RCP: deny statements with Principal "*" (iam-simulate accepts nothing else).
    fn rcp(&mut self) -> Value {
        let n = 1 + self.r.below(2);
        let sts: Vec<Value> = (0..n)
            .map(|_| {
                let actions: Vec<String> =
                    self.actions().into_iter().filter(|a| a != "*").collect();
                let actions = if actions.is_empty() {
                    vec!["ecr:*".to_string()]
                } else {
                    actions
                };
                let mut st = json!({
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": one_or_many(&actions),
                    "Resource": one_or_many(&self.resources(false)),
                });
                if self.r.pct(80) {
                    st["Condition"] = self.condition(true);
                }
                st
            })
            .collect();
        document(Some("2012-10-17"), &sts)
    }

    /// An SCP level: usually `FullAWSAccess`, sometimes a narrower allow, sometimes a deny.
    fn scp_level(&mut self) -> Vec<Value> {
        let mut level = Vec::new();
        if self.r.pct(80) {
            level.push(document(
                Some("2012-10-17"),
                &[json!({"Effect": "Allow", "Action": "*", "Resource": "*"})],
            ));
        } else {
            level.push(self.identity_doc(100));
        }
        if self.r.pct(40) {
            level.push(self.identity_doc(20));
        }
        level
    }

    /// A VPC endpoint policy (Principal "*", as iam-simulate requires).
    fn endpoint(&mut self) -> Value {
        let n = 1 + self.r.below(2);
        let sts: Vec<Value> = (0..n)
            .map(|_| {
                let mut st = json!({
                    "Effect": if self.r.pct(80) { "Allow" } else { "Deny" },
                    "Principal": "*",
                    "Action": one_or_many(&self.actions()),
                    "Resource": one_or_many(&self.resources(false)),
                });
                if self.r.pct(30) {
                    st["Condition"] = self.condition(true);
                }
                st
            })
            .collect();
        document(Some("2012-10-17"), &sts)
    }

    /// The request's context keys: those of the principal, then those of the request.
    fn context(&mut self) -> BTreeMap<String, Value> {
        let mut c = BTreeMap::new();
        self.principal_keys(&mut c);
        self.request_keys(&mut c);
        c
    }

    fn principal_keys(&mut self, c: &mut BTreeMap<String, Value>) {
        let r = &mut *self.r;
        let mut put = |k: &str, v: Value, p: u64, r: &mut Rng| {
            if r.pct(p) {
                c.insert(k.to_string(), v);
            }
        };
        let arn = match &self.who {
            Who::Service(_) => {
                put("aws:PrincipalIsAWSService", json!("true"), 50, r);
                let src = r
                    .pick(&[
                        format!("arn:aws:lambda:us-east-1:{A}:function:api"),
                        format!("arn:aws:lambda:us-east-1:{C}:function:api"),
                        format!("arn:aws:codebuild:us-east-1:{C}:project/build"),
                    ])
                    .clone();
                put("aws:SourceArn", json!(src), 70, r);
                put(
                    "aws:SourceAccount",
                    json!(r.pick(&[A, C]).to_string()),
                    50,
                    r,
                );
                return;
            }
            Who::User { arn, .. } => arn.clone(),
            Who::Session { role_arn, .. } => role_arn.clone(),
            Who::Federated { session_arn, .. } => session_arn.clone(),
        };
        put("aws:PrincipalArn", json!(arn), 70, r);
        put("aws:PrincipalAccount", json!(A), 70, r);
        let org = r.pick(&[ORG, ORG, OTHER_ORG]).to_string();
        put("aws:PrincipalOrgID", json!(org.clone()), 60, r);
        put(
            "aws:PrincipalOrgPaths",
            json!([format!("{org}/r-ab12/ou-ab12-11111111/")]),
            30,
            r,
        );
        let team = r.pick(&["a", "b", "*", "web"]).to_string();
        put("aws:PrincipalTag/team", json!(team), 40, r);
        if let Who::User { name, .. } = &self.who {
            put("aws:username", json!(name), 70, r);
        }
        put(
            "aws:MultiFactorAuthAge",
            json!(r.pick(&["30", "3600", "90000"]).to_string()),
            30,
            r,
        );
        put("aws:PrincipalIsAWSService", json!("false"), 40, r);
    }

    fn request_keys(&mut self, c: &mut BTreeMap<String, Value>) {
        let r = &mut *self.r;
        let mut put = |k: &str, v: Value, p: u64, r: &mut Rng| {
            if r.pct(p) {
                c.insert(k.to_string(), v);
            }
        };
        let ip = r
            .pick(&[
                "10.1.2.3",
                "192.0.2.44",
                "203.0.113.9",
                "2001:db8::7",
                "2001:db8:1::9",
            ])
            .to_string();
        put("aws:SourceIp", json!(ip), 50, r);
        put(
            "aws:SecureTransport",
            json!(r.pick(&["true", "false"]).to_string()),
            50,
            r,
        );
        put(
            "aws:ViaAWSService",
            json!(r.pick(&["true", "false"]).to_string()),
            20,
            r,
        );
        put(
            "aws:CurrentTime",
            json!(
                r.pick(&[
                    "2025-06-01T00:00:00Z",
                    "2026-12-17T12:00:00Z",
                    "2027-01-01T08:00:00Z"
                ])
                .to_string()
            ),
            40,
            r,
        );
        put(
            "aws:EpochTime",
            json!(
                r.pick(&["1767225600", "1800000000", "1600000000"])
                    .to_string()
            ),
            30,
            r,
        );
        let tags = r
            .pick(&[
                json!(["team"]),
                json!(["team", "env"]),
                json!([]),
                json!(["owner", "t1"]),
            ])
            .clone();
        put("aws:TagKeys", tags, 25, r);
        put(
            "aws:SourceVpce",
            json!(r.pick(&["vpce-1a2b3c4d", "vpce-9"]).to_string()),
            25,
            r,
        );
        put(
            "aws:RequestedRegion",
            json!(r.pick(&["us-east-1", "eu-west-1"]).to_string()),
            35,
            r,
        );
        if !self.star_only {
            put(
                "ecr:ResourceTag/team",
                json!(r.pick(&["a", "b", "A"]).to_string()),
                35,
                r,
            );
        }
    }
}

/// Generates case `id` of the seeded sequence.
pub fn generate(seed: u64, count: usize) -> Vec<Case> {
    let mut r = Rng::new(seed);
    (0..count).map(|id| one(&mut r, id)).collect()
}

fn pick_who(r: &mut Rng) -> Who {
    match r.below(20) {
        0..=4 => {
            let (arn, name) = r
                .pick(&[
                    (format!("arn:aws:iam::{A}:user/alice"), "alice"),
                    (format!("arn:aws:iam::{A}:user/ops/carol"), "carol"),
                ])
                .clone();
            Who::User {
                arn,
                name: name.into(),
            }
        }
        5..=12 => {
            let (role_arn, session_arn) = r
                .pick(&[
                    (
                        format!("arn:aws:iam::{A}:role/ci"),
                        format!("arn:aws:sts::{A}:assumed-role/ci/build-7"),
                    ),
                    (
                        format!("arn:aws:iam::{A}:role/deploy/app"),
                        format!("arn:aws:sts::{A}:assumed-role/app/s1"),
                    ),
                ])
                .clone();
            Who::Session {
                role_arn,
                session_arn,
            }
        }
        13..=15 => Who::Federated {
            session_arn: format!("arn:aws:sts::{A}:federated-user/bob"),
            user_arn: format!("arn:aws:iam::{A}:user/bob"),
        },
        _ => Who::Service(
            r.pick(&[
                "lambda.amazonaws.com",
                "codebuild.amazonaws.com",
                "ecr.amazonaws.com",
            ])
            .to_string(),
        ),
    }
}

fn pick_action(r: &mut Rng) -> ActionId {
    let all: Vec<ActionId> = ActionId::all().collect();
    let common = [
        "BatchGetImage",
        "GetDownloadUrlForLayer",
        "PutImage",
        "GetAuthorizationToken",
        "CreateRepository",
        "ReplicateImage",
        "BatchImportUpstreamImage",
        "SetRepositoryPolicy",
    ];
    if r.pct(40) {
        let name = r.pick(&common);
        *all.iter()
            .find(|a| a.info().name == *name)
            .unwrap_or(&all[0])
    } else {
        *r.pick(&all)
    }
}

fn one(r: &mut Rng, id: usize) -> Case {
    let who = pick_who(r);
    let action_id = pick_action(r);
    let star_only = action_id.info().star_only;
    let action = action_id.qualified();
    let owner = if r.pct(45) { A } else { B }.to_string();
    let resource = if star_only {
        "*".to_string()
    } else {
        let region = if r.pct(85) { "us-east-1" } else { "eu-west-1" };
        let name = r.pick(&["web", "team/api", "team/api/v2", "other", "alice", "team"]);
        format!("arn:aws:ecr:{region}:{owner}:repository/{name}")
    };
    let mut g = Gen {
        r,
        who: who.clone(),
        action: action.clone(),
        resource: resource.clone(),
        owner: owner.clone(),
        star_only,
    };
    let context = g.context();
    let mut case = Case {
        id,
        who,
        action,
        resource,
        resource_account: owner,
        context,
        identity: Vec::new(),
        boundary: None,
        session: None,
        scps: Vec::new(),
        rcps: Vec::new(),
        repository: None,
        registry: None,
        scope_v1: false,
        endpoint: None,
    };
    documents(&mut g, &mut case);
    case
}

/// The documents of a case, drawn after its request.
fn documents(g: &mut Gen, case: &mut Case) {
    let service = matches!(case.who, Who::Service(_));
    let federated = matches!(case.who, Who::Federated { .. });
    let session_capable = matches!(case.who, Who::Session { .. }) || federated;
    if !service {
        let n = match g.r.below(10) {
            0 => 0,
            1..=5 => 1,
            6..=8 => 2,
            _ => 3,
        };
        case.identity = (0..n).map(|_| g.identity_doc(80)).collect();
        if g.r.pct(25) {
            case.boundary = Some(g.identity_doc(85));
        }
        // A federated session always carries a session policy here (without one it has no
        // permissions, which iam-simulate does not model: a hand-written test covers it).
        if federated || (session_capable && g.r.pct(30)) {
            case.session = Some(g.identity_doc(85));
        }
        if g.r.pct(30) {
            let levels = 1 + g.r.below(3);
            case.scps = (0..levels).map(|_| g.scp_level()).collect();
        }
    }
    if g.r.pct(20) {
        let levels = 1 + g.r.below(2);
        case.rcps = (0..levels)
            .map(|_| (0..=g.r.below(2)).map(|_| g.rcp()).collect())
            .collect();
    }
    let v = version(g.r);
    if g.r.pct(if service { 90 } else { 60 }) {
        case.repository = Some(g.resource_doc(v, false));
    }
    if g.r.pct(35) {
        case.registry = Some(g.resource_doc(v, true));
        case.scope_v1 = g.r.pct(30);
    }
    if g.r.pct(10) {
        case.endpoint = Some(g.endpoint());
    }
}

fn doc(label: &str, v: &Value) -> Doc {
    Doc::new(
        label,
        Policy::from_value(v).unwrap_or_else(|e| panic!("{label}: {e}")),
    )
}

impl Case {
    /// The documents as the engine takes them.
    pub fn document_set(&self) -> DocumentSet {
        let levels = |ls: &[Vec<Value>], kind: &str| -> Vec<Level> {
            ls.iter()
                .enumerate()
                .map(|(i, docs)| {
                    Level::new(
                        &format!("{kind}-{i}"),
                        docs.iter()
                            .enumerate()
                            .map(|(j, d)| doc(&format!("{kind}-{i}-{j}"), d))
                            .collect(),
                    )
                })
                .collect()
        };
        DocumentSet {
            identity: self
                .identity
                .iter()
                .enumerate()
                .map(|(i, d)| doc(&format!("identity-{i}"), d))
                .collect(),
            boundary: self.boundary.as_ref().map(|d| doc("boundary", d)),
            session: self.session.as_ref().map(|d| doc("session", d)),
            scps: levels(&self.scps, "scp"),
            rcps: levels(&self.rcps, "rcp"),
            repository: self.repository.as_ref().map(|d| doc("repository", d)),
            registry: self.registry.as_ref().map(|d| doc("registry", d)),
            registry_scope: if self.scope_v1 {
                RegistryScope::V1
            } else {
                RegistryScope::V2
            },
            endpoint: self.endpoint.as_ref().map(|d| doc("endpoint", d)),
            trust: None,
        }
    }

    /// The request as the engine takes it (a closed context: every key not given is absent).
    pub fn request(&self) -> Request {
        let mut ctx = Context::closed();
        for (k, v) in &self.context {
            match v {
                Value::Array(items) => {
                    ctx.set_many(k, items.iter().filter_map(Value::as_str));
                }
                Value::String(s) => {
                    ctx.set(k, s.as_str());
                }
                other => panic!("context value {other}"),
            }
        }
        Request::on(
            self.who.principal(),
            &self.action,
            &self.resource,
            &self.resource_account,
        )
        .unwrap_or_else(|e| panic!("case {}: {e}", self.id))
        .with_context(ctx)
    }

    /// The input of iam-simulate's `runSimulation`.
    pub fn simulation(&self) -> Value {
        let named = |prefix: &str, docs: &[Value]| -> Vec<Value> {
            docs.iter()
                .enumerate()
                .map(|(i, d)| json!({"name": format!("{prefix}-{i}"), "policy": d}))
                .collect()
        };
        let org = |prefix: &str, levels: &[Vec<Value>]| -> Vec<Value> {
            levels
                .iter()
                .enumerate()
                .map(|(i, docs)| {
                    json!({"orgIdentifier": format!("{prefix}-{i}"), "policies": named(&format!("{prefix}-{i}"), docs)})
                })
                .collect()
        };
        let mut sim = json!({
            "request": {
                "principal": self.who.simulate(),
                "action": self.action,
                "resource": {"resource": self.resource, "accountId": self.resource_account},
                "contextVariables": self.context,
            },
            "identityPolicies": named("identity", &self.identity),
            "serviceControlPolicies": org("scp", &self.scps),
            "resourceControlPolicies": org("rcp", &self.rcps),
        });
        if let Some(b) = &self.boundary {
            sim["permissionBoundaryPolicies"] = json!([{"name": "boundary", "policy": b}]);
        }
        if let Some(s) = &self.session {
            sim["sessionPolicy"] = s.clone();
        }
        if let Some(e) = &self.endpoint {
            sim["vpcEndpointPolicies"] = json!([{"name": "endpoint", "policy": e}]);
        }
        let action = self.action.to_lowercase();
        let repository = self.repository.as_ref().filter(|_| self.resource != "*");
        let registry = self.registry.as_ref().filter(|_| {
            !self.scope_v1
                || [
                    "ecr:replicateimage",
                    "ecr:batchimportupstreamimage",
                    "ecr:createrepository",
                ]
                .contains(&action.as_str())
        });
        let resource_policy = match (repository, registry) {
            (Some(one), None) | (None, Some(one)) => Some(one.clone()),
            (Some(repo), Some(reg)) => {
                let mut merged = repo.clone();
                let mut sts = merged["Statement"].as_array().cloned().unwrap_or_default();
                sts.extend(reg["Statement"].as_array().cloned().unwrap_or_default());
                merged["Statement"] = Value::Array(sts);
                Some(merged)
            }
            (None, None) => None,
        };
        if let Some(p) = resource_policy {
            sim["resourcePolicy"] = p;
        }
        sim
    }

    /// The case as one line of the cases file: id, hash, iam-simulate's input.
    pub fn line(&self) -> Value {
        json!({"id": self.id, "hash": self.hash(), "simulation": self.simulation()})
    }

    /// A digest of everything the case holds (FNV-1a 64 over its canonical JSON), so a
    /// recorded verdict is only ever compared with the case it was recorded for.
    pub fn hash(&self) -> String {
        let whole = json!({
            "simulation": self.simulation(),
            "who": self.who.describe(),
            "repository": self.repository,
            "registry": self.registry,
            "scope_v1": self.scope_v1,
        });
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in whole.to_string().bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        format!("{h:016x}")
    }
}
