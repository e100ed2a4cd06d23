//! `CloudFormation` and SAM templates (YAML or JSON): `AWS::IAM::ManagedPolicy`,
//! `AWS::IAM::Policy`, the `Policies` of roles, users, groups and SAM functions, the
//! `AssumeRolePolicyDocument` of roles and SAM functions (their trust policies), repository
//! policies and registry policies (`AWS::ECR::RegistryPolicy`); `!Sub`, `!Ref`, `!Join`,
//! `!GetAtt` in short and long form.

use serde_json::{Map, Value};

use super::cfn_lines::{Locator, Step};
use super::{FoundPolicy, SourceError, SourceFile, UNRESOLVED, is_policy_shaped};
use crate::policy::import::document::{DocError, DocKind};

/// Reads every policy a template defines.
pub fn read(text: &str) -> SourceFile {
    let json = text.trim_start().starts_with('{');
    let root = parse(text, json);
    let root = match root {
        Ok(v) => v,
        Err(e) => return SourceFile::failed(e),
    };
    let Some(resources) = root.get("Resources").and_then(Value::as_object) else {
        return SourceFile::failed(DocError {
            line: None,
            column: None,
            message: "is not a CloudFormation template: it has no Resources".to_string(),
        });
    };
    let loc = Locator::new(text, json);
    let mut out = SourceFile::default();
    for (id, res) in resources {
        let ty = res.get("Type").and_then(Value::as_str).unwrap_or("");
        let props = res.get("Properties");
        let prop = |k: &str| props.and_then(|p| p.get(k));
        match ty {
            "AWS::IAM::ManagedPolicy" | "AWS::IAM::Policy" => {
                let path = [Step::Key("Properties"), Step::Key("PolicyDocument")];
                push(
                    &mut out,
                    &loc,
                    id,
                    id.clone(),
                    prop("PolicyDocument"),
                    &path,
                    0,
                );
            }
            "AWS::ECR::Repository" if prop("RepositoryPolicyText").is_some() => {
                let path = [Step::Key("Properties"), Step::Key("RepositoryPolicyText")];
                let before = out.policies.len();
                push(
                    &mut out,
                    &loc,
                    id,
                    id.clone(),
                    prop("RepositoryPolicyText"),
                    &path,
                    0,
                );
                let name = prop("RepositoryName").and_then(Value::as_str);
                mark(&mut out, before, DocKind::Repository, name);
            }
            "AWS::ECR::RegistryPolicy" if prop("PolicyText").is_some() => {
                let path = [Step::Key("Properties"), Step::Key("PolicyText")];
                let before = out.policies.len();
                push(&mut out, &loc, id, id.clone(), prop("PolicyText"), &path, 0);
                mark(&mut out, before, DocKind::Registry, None);
            }
            "AWS::IAM::Role"
            | "AWS::IAM::User"
            | "AWS::IAM::Group"
            | "AWS::Serverless::Function" => {
                let serverless = ty == "AWS::Serverless::Function";
                if ty == "AWS::IAM::Role" || serverless {
                    push_trust(&mut out, &loc, id, prop("AssumeRolePolicyDocument"));
                }
                let policies = prop("Policies").and_then(Value::as_array);
                for (j, p) in policies.into_iter().flatten().enumerate() {
                    let path = [
                        Step::Key("Properties"),
                        Step::Key("Policies"),
                        Step::Index(j),
                    ];
                    if serverless {
                        // SAM: a policy document, a policy template or a managed policy name.
                        if is_policy_shaped(p) {
                            let address = format!("{id}/Policies[{j}]");
                            push(&mut out, &loc, id, address, Some(p), &path, 2);
                        }
                        continue;
                    }
                    let mut names = Vec::new();
                    let name = match p.get("PolicyName").map(|n| resolve(n, &mut names)) {
                        Some(Value::String(_)) if !names.is_empty() => format!("Policies[{j}]"),
                        Some(Value::String(s)) => s,
                        _ => format!("Policies[{j}]"),
                    };
                    let mut full = path.to_vec();
                    full.push(Step::Key("PolicyDocument"));
                    push(
                        &mut out,
                        &loc,
                        id,
                        format!("{id}/{name}"),
                        p.get("PolicyDocument"),
                        &full,
                        1,
                    );
                }
            }
            _ => {}
        }
    }
    out
}

/// A role's (or SAM function's) trust policy, when it has one: `ID/AssumeRolePolicyDocument`.
fn push_trust(out: &mut SourceFile, loc: &Locator<'_>, id: &str, trust: Option<&Value>) {
    if trust.is_none() {
        return;
    }
    let path = [
        Step::Key("Properties"),
        Step::Key("AssumeRolePolicyDocument"),
    ];
    let before = out.policies.len();
    push(
        out,
        loc,
        id,
        format!("{id}/AssumeRolePolicyDocument"),
        trust,
        &path,
        0,
    );
    mark(out, before, DocKind::Trust, None);
}

/// Says what the policy pushed last is (when one was pushed after `before` policies).
fn mark(out: &mut SourceFile, before: usize, kind: DocKind, repository: Option<&str>) {
    if out.policies.len() > before
        && let Some(p) = out.policies.last_mut()
    {
        p.kind = Some(kind);
        p.repository = repository.map(String::from);
    }
}

/// The template as JSON (YAML tags in their long form).
fn parse(text: &str, json: bool) -> Result<Value, DocError> {
    if json {
        serde_json::from_str::<Value>(text).map_err(|e| DocError {
            line: Some(e.line()),
            column: Some(e.column()),
            message: format!("is not valid JSON: {e}"),
        })
    } else {
        serde_norway::from_str::<serde_norway::Value>(text)
            .map(|v| from_yaml(&v))
            .map_err(|e| {
                let loc = e.location();
                DocError {
                    line: loc.as_ref().map(serde_norway::Location::line),
                    column: loc.as_ref().map(serde_norway::Location::column),
                    message: format!("is not valid YAML: {e}"),
                }
            })
    }
}

/// One policy; `anchor` is how many steps from the end of `path` the policy's line is taken
/// (0: the logical ID, 1: the `Policies` item, 2: the SAM item itself).
fn push(
    out: &mut SourceFile,
    loc: &Locator<'_>,
    id: &str,
    address: String,
    doc: Option<&Value>,
    path: &[Step<'_>],
    anchor: usize,
) {
    let (id_line, lines) = loc.find(id, path);
    let line = if anchor == 1 {
        lines.item_line.unwrap_or(id_line)
    } else {
        id_line
    };
    let mut unresolved = Vec::new();
    let text = match doc.map(|d| resolve(d, &mut unresolved)) {
        Some(Value::String(s)) if s.trim_start().starts_with('{') => s,
        Some(v @ Value::Object(_)) => serde_json::to_string_pretty(&v).unwrap_or_default(),
        _ => {
            out.errors.push(SourceError {
                file: None,
                policy: Some(address),
                error: DocError {
                    line: Some(line),
                    column: None,
                    message: if unresolved.is_empty() {
                        "has no policy document".to_string()
                    } else {
                        format!(
                            "has a policy document that cannot be read offline ({})",
                            unresolved.join(", ")
                        )
                    },
                },
            });
            return;
        }
    };
    out.policies.push(FoundPolicy {
        policy: Some(address),
        file: None,
        line,
        statement_lines: lines.statements,
        text,
        text_line: None,
        unresolved,
        ..FoundPolicy::default()
    });
}

/// YAML to JSON; a tag becomes its long form (`!Sub x` → `{"Fn::Sub": x}`, `!Ref x` →
/// `{"Ref": x}`).
pub fn from_yaml(v: &serde_norway::Value) -> Value {
    use serde_norway::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(*b),
        Y::Number(n) => n
            .as_i64()
            .map(Value::from)
            .or_else(|| n.as_f64().map(Value::from))
            .unwrap_or(Value::Null),
        Y::String(s) => Value::String(s.clone()),
        Y::Sequence(items) => Value::Array(items.iter().map(from_yaml).collect()),
        Y::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match from_yaml(k) {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                out.insert(key, from_yaml(v));
            }
            Value::Object(out)
        }
        Y::Tagged(t) => {
            let tag = t.tag.to_string();
            let name = tag.trim_start_matches('!');
            let key = if matches!(name, "Ref" | "Condition") {
                name.to_string()
            } else {
                format!("Fn::{name}")
            };
            let mut m = Map::new();
            m.insert(key, from_yaml(&t.value));
            Value::Object(m)
        }
    }
}

/// Evaluates the intrinsic functions that can be evaluated offline (`Fn::Sub` and `Fn::Join`
/// over known parts); anything else (`Ref`, `Fn::GetAtt`, `${AWS::Partition}`, …) is unknown.
pub fn resolve(v: &Value, unresolved: &mut Vec<String>) -> Value {
    match v {
        Value::Object(m) if m.len() == 1 => {
            let Some((k, arg)) = m.iter().next() else {
                return Value::Null;
            };
            match k.as_str() {
                "Fn::Sub" => sub(arg, unresolved),
                "Fn::Join" => join(arg, unresolved),
                "Ref" => {
                    unresolved.push(format!("!Ref {}", scalar(arg)));
                    Value::String(UNRESOLVED.to_string())
                }
                f if f.starts_with("Fn::") => {
                    unresolved.push(format!("!{} {}", &f[4..], scalar(arg)));
                    Value::String(UNRESOLVED.to_string())
                }
                _ => Value::Object(
                    m.iter()
                        .map(|(k, v)| (k.clone(), resolve(v, unresolved)))
                        .collect(),
                ),
            }
        }
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), resolve(v, unresolved)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|i| resolve(i, unresolved)).collect()),
        other => other.clone(),
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join("."),
        other => other.to_string(),
    }
}

/// `Fn::Sub`: `${Name}` from the given variables, `${!Literal}` as `${Literal}`, the rest unknown.
fn sub(arg: &Value, unresolved: &mut Vec<String>) -> Value {
    let empty = Map::new();
    let (template, vars) = match arg {
        Value::String(s) => (s.as_str(), &empty),
        Value::Array(a) => match (a.first(), a.get(1)) {
            (Some(Value::String(s)), Some(Value::Object(vars))) => (s.as_str(), vars),
            (Some(Value::String(s)), None) => (s.as_str(), &empty),
            _ => {
                unresolved.push(format!("!Sub {arg}"));
                return Value::String(UNRESOLVED.to_string());
            }
        },
        _ => {
            unresolved.push(format!("!Sub {arg}"));
            return Value::String(UNRESOLVED.to_string());
        }
    };
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let name = &after[..end];
        if let Some(lit) = name.strip_prefix('!') {
            out.push_str("${");
            out.push_str(lit);
            out.push('}');
        } else if let Some(Value::String(s)) = vars.get(name).map(|v| resolve(v, unresolved)) {
            out.push_str(&s);
        } else {
            unresolved.push(format!("${{{name}}}"));
            out.push_str(UNRESOLVED);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Value::String(out)
}

/// `Fn::Join [DELIMITER, [PARTS…]]`.
fn join(arg: &Value, unresolved: &mut Vec<String>) -> Value {
    let parts = match arg.as_array().map(Vec::as_slice) {
        Some([Value::String(d), Value::Array(items)]) => Some((d, items)),
        _ => None,
    };
    let Some((delim, items)) = parts else {
        unresolved.push(format!("!Join {arg}"));
        return Value::String(UNRESOLVED.to_string());
    };
    let strings: Vec<String> = items
        .iter()
        .map(|i| match resolve(i, unresolved) {
            Value::String(s) => s,
            other => other.to_string(),
        })
        .collect();
    Value::String(strings.join(delim))
}
