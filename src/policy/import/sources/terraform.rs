//! Terraform: IAM policies in `aws_iam_*_policy` resources (`jsonencode`, heredoc,
//! `file("x.json")`), `data "aws_iam_policy_document"` blocks, and any other attribute whose
//! value has the shape of a policy (module inputs, locals), read with a real HCL parser; the
//! policies of `aws_ecr_repository_policy` and `aws_ecr_registry_policy` are marked as such, and
//! a role's `assume_role_policy` (written in place or as an `aws_iam_policy_document`) is its
//! trust policy, reported against the role.

use hcl::edit::Span;
use hcl::edit::expr::{Expression, ObjectKey};
use hcl::edit::structure::Body;
use hcl::edit::template::{Element, Template};
use serde_json::{Map, Value};

mod document;
mod dynamic;
mod merge;

use super::outline::statement_lines;
use super::{FoundPolicy, SourceError, SourceFile, UNRESOLVED, is_policy_shaped, line_at};
use crate::policy::import::document::{DocError, DocKind};

/// Deeper bracket nesting than this is refused before parsing (the parser recurses).
pub const MAX_NESTING: usize = 256;

/// Attributes that hold trust policies (who may assume a role), not permissions.
const TRUST: [&str; 1] = ["assume_role_policy"];

/// Reads every policy a Terraform file defines. `read_file` gives the display path and text of a
/// file named in `file("…")`, relative to this file's module.
pub fn read(text: &str, read_file: &dyn Fn(&str) -> Option<(String, String)>) -> SourceFile {
    if nesting(text) > MAX_NESTING {
        return SourceFile::failed(DocError {
            line: None,
            column: None,
            message: format!("nests brackets more than {MAX_NESTING} deep; not read"),
        });
    }
    let body = match hcl::edit::parser::parse_body(text) {
        Ok(b) => b,
        Err(e) => {
            return SourceFile::failed(DocError {
                line: Some(e.location().line()),
                column: Some(e.location().column()),
                message: format!("is not valid HCL: {}", e.message()),
            });
        }
    };
    let documents = body
        .blocks()
        .filter_map(|b| match (b.ident.as_str(), b.labels.as_slice()) {
            ("data", [ty, name]) if ty.as_str() == "aws_iam_policy_document" => {
                Some((name.as_str().to_string(), b))
            }
            _ => None,
        })
        .collect();
    let mut r = Reader {
        text,
        read_file,
        documents,
        out: SourceFile::default(),
    };
    for block in body.blocks() {
        let labels: Vec<&str> = block
            .labels
            .iter()
            .map(hcl::edit::structure::BlockLabel::as_str)
            .collect();
        match (block.ident.as_str(), labels.as_slice()) {
            ("data", ["aws_iam_policy_document", name]) => r.policy_document(block, name),
            ("resource", [ty, name]) => r.body(&block.body, &format!("{ty}.{name}")),
            ("module", [name]) => r.body(&block.body, &format!("module.{name}")),
            ("locals", []) => {
                for attr in block.body.attributes() {
                    let address = format!("local.{}", attr.key.as_str());
                    r.attribute(attr.key.as_str(), &attr.value, &address, attr.span());
                }
            }
            _ => {}
        }
    }
    mark_ecr_policies(&body, text, &mut r.out);
    mark_trust_documents(&body, text, &mut r.out);
    r.out
}

/// The `aws_iam_policy_document` blocks an `assume_role_policy` names
/// (`data.aws_iam_policy_document.NAME.json`) are those roles' trust policies: each is reported
/// against the role (`aws_iam_role.ROLE.assume_role_policy`), once per role naming it.
fn mark_trust_documents(body: &Body, text: &str, out: &mut SourceFile) {
    let mut trusts: Vec<(String, String)> = Vec::new();
    for b in body.blocks().filter(|b| b.ident.as_str() == "resource") {
        let [ty, name] = b.labels.as_slice() else {
            continue;
        };
        let document = TRUST
            .iter()
            .find_map(|key| attribute_source(b, key, text))
            .and_then(|p| p.strip_prefix("data.aws_iam_policy_document."))
            .and_then(|p| p.strip_suffix(".json"))
            .map(|d| format!("data.aws_iam_policy_document.{d}"));
        if let Some(d) = document {
            trusts.push((
                d,
                format!("{}.{}.assume_role_policy", ty.as_str(), name.as_str()),
            ));
        }
    }
    let mut added = Vec::new();
    out.policies.retain(|p| {
        let named: Vec<&(String, String)> = trusts
            .iter()
            .filter(|(d, _)| p.policy.as_deref() == Some(d.as_str()))
            .collect();
        for (_, role) in &named {
            added.push(FoundPolicy {
                policy: Some(role.clone()),
                kind: Some(DocKind::Trust),
                ..p.clone()
            });
        }
        named.is_empty()
    });
    out.policies.extend(added);
}

/// The source text of an attribute of a block, trimmed.
fn attribute_source<'t>(
    block: &hcl::edit::structure::Block,
    key: &str,
    text: &'t str,
) -> Option<&'t str> {
    let attr = block.body.attributes().find(|a| a.key.as_str() == key)?;
    text.get(attr.value.span()?).map(str::trim)
}

/// Says which policies are repository and registry policies: those of `aws_ecr_repository_policy`
/// and `aws_ecr_registry_policy` resources, and the `aws_iam_policy_document` blocks their
/// `policy` names (`data.aws_iam_policy_document.NAME.json`); with the repository a repository
/// policy is set on, when it is a literal or an `aws_ecr_repository` of the file with a literal
/// name.
fn mark_ecr_policies(body: &Body, text: &str, out: &mut SourceFile) {
    let resources: Vec<(&str, &str, &hcl::edit::structure::Block)> = body
        .blocks()
        .filter(|b| b.ident.as_str() == "resource")
        .filter_map(|b| match b.labels.as_slice() {
            [ty, name] => Some((ty.as_str(), name.as_str(), b)),
            _ => None,
        })
        .collect();
    let literal = |source: &str| -> Option<String> {
        let inner = source.strip_prefix('"')?.strip_suffix('"')?;
        (!inner.contains(['"', '$', '\\'])).then(|| inner.to_string())
    };
    let repository_name = |source: &str| -> Option<String> {
        if let Some(name) = literal(source) {
            return Some(name);
        }
        let name = source
            .strip_prefix("aws_ecr_repository.")?
            .strip_suffix(".name")?;
        resources
            .iter()
            .find(|(ty, n, _)| *ty == "aws_ecr_repository" && *n == name)
            .and_then(|(_, _, b)| attribute_source(b, "name", text))
            .and_then(literal)
    };
    for (ty, name, block) in &resources {
        let kind = match *ty {
            "aws_ecr_repository_policy" => DocKind::Repository,
            "aws_ecr_registry_policy" => DocKind::Registry,
            _ => continue,
        };
        let repository = (kind == DocKind::Repository)
            .then(|| attribute_source(block, "repository", text).and_then(repository_name))
            .flatten();
        let own = format!("{ty}.{name}");
        let document = attribute_source(block, "policy", text)
            .and_then(|p| p.strip_prefix("data.aws_iam_policy_document."))
            .and_then(|p| p.strip_suffix(".json"))
            .map(|d| format!("data.aws_iam_policy_document.{d}"));
        for p in &mut out.policies {
            let address = p.policy.as_deref();
            if address == Some(own.as_str())
                || (address.is_some() && address == document.as_deref())
            {
                p.kind = Some(kind);
                p.repository.clone_from(&repository);
            }
        }
    }
}

/// The deepest nesting of brackets and braces (strings not told apart: an over-estimate).
pub fn nesting(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'{' | b'[' | b'(' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

struct Reader<'a> {
    text: &'a str,
    read_file: &'a dyn Fn(&str) -> Option<(String, String)>,
    /// The file's `aws_iam_policy_document` blocks by name, for the documents merged in.
    documents: std::collections::HashMap<String, &'a hcl::edit::structure::Block>,
    out: SourceFile,
}

/// What a value became, and what in it could not be resolved.
#[derive(Default)]
struct Conv {
    unresolved: Vec<String>,
    /// `&{…}` is how `aws_iam_policy_document` writes IAM's `${…}`.
    amp_vars: bool,
    /// Inside a `dynamic` block over a literal list: the iterator's name, key and value.
    each: Option<(String, Value, Value)>,
}

impl Reader<'_> {
    fn line(&self, span: Option<std::ops::Range<usize>>) -> usize {
        span.map_or(1, |r| line_at(self.text, r.start))
    }

    fn source(&self, span: Option<std::ops::Range<usize>>) -> String {
        span.and_then(|r| self.text.get(r))
            .map_or_else(|| "?".to_string(), |s| s.trim().to_string())
    }

    /// Every attribute of a block and of its nested blocks (`inline_policy { policy = … }`); a
    /// trust policy written in place is the role's, named `ADDRESS.assume_role_policy`.
    fn body(&mut self, body: &Body, address: &str) {
        for attr in body.attributes() {
            let key = attr.key.as_str();
            if TRUST.contains(&key) {
                let before = self.out.policies.len();
                let trust_address = format!("{address}.{key}");
                self.attribute("policy", &attr.value, &trust_address, attr.span());
                for p in &mut self.out.policies[before..] {
                    p.kind = Some(DocKind::Trust);
                }
            } else {
                self.attribute(key, &attr.value, address, attr.span());
            }
        }
        for block in body.blocks() {
            self.body(&block.body, address);
        }
    }

    fn attribute(
        &mut self,
        key: &str,
        value: &Expression,
        address: &str,
        span: Option<std::ops::Range<usize>>,
    ) {
        let line = self.line(span);
        match value {
            Expression::FuncCall(f) if f.name.name.as_str() == "jsonencode" => {
                let Some(arg) = f.args.iter().next() else {
                    return;
                };
                let mut conv = Conv::default();
                let v = self.value(arg, &mut conv);
                if is_policy_shaped(&v) {
                    let lines = self.jsonencode_lines(arg);
                    self.push(address, None, line, lines, &v, conv.unresolved);
                }
            }
            Expression::FuncCall(f) if f.name.name.as_str() == "file" => {
                let mut conv = Conv::default();
                let arg = f.args.iter().next();
                let path = arg.map(|a| self.value(a, &mut conv));
                let Some(Value::String(path)) = path else {
                    return;
                };
                let path = path
                    .strip_prefix(&format!("{UNRESOLVED}/"))
                    .unwrap_or(&path)
                    .to_string();
                match (self.read_file)(&path) {
                    Some((shown, text)) => {
                        let is_policy = text.contains("\"Statement\"");
                        if is_policy || key == "policy" {
                            self.out.policies.push(FoundPolicy {
                                policy: Some(address.to_string()),
                                file: Some(shown),
                                line: 1,
                                statement_lines: statement_lines(&text),
                                text,
                                text_line: Some(1),
                                unresolved: Vec::new(),
                                ..FoundPolicy::default()
                            });
                        }
                    }
                    None if key == "policy" => self.out.errors.push(SourceError {
                        file: None,
                        policy: Some(address.to_string()),
                        error: DocError {
                            line: Some(line),
                            column: None,
                            message: format!(
                                "file({path:?}) could not be read inside this module, so its \
                                 policy was not checked"
                            ),
                        },
                    }),
                    None => {}
                }
            }
            Expression::HeredocTemplate(_)
            | Expression::StringTemplate(_)
            | Expression::String(_) => {
                let mut conv = Conv::default();
                let Value::String(s) = self.value(value, &mut conv) else {
                    return;
                };
                let t = s.trim_start();
                if !(t.starts_with('{') && t.contains("\"Statement\"")) {
                    return;
                }
                // A heredoc's text starts on the line after `<<EOF`.
                let base = if matches!(value, Expression::HeredocTemplate(_)) {
                    self.line(value.span()) + 1
                } else {
                    self.line(value.span())
                };
                let lines = statement_lines(&s).iter().map(|l| l + base - 1).collect();
                self.out.policies.push(FoundPolicy {
                    policy: Some(address.to_string()),
                    file: None,
                    line,
                    statement_lines: lines,
                    text: s,
                    text_line: Some(base),
                    unresolved: conv.unresolved,
                    ..FoundPolicy::default()
                });
            }
            _ => {}
        }
    }

    fn push(
        &mut self,
        address: &str,
        file: Option<String>,
        line: usize,
        statement_lines: Vec<usize>,
        v: &Value,
        unresolved: Vec<String>,
    ) {
        self.out.policies.push(FoundPolicy {
            policy: Some(address.to_string()),
            file,
            line,
            statement_lines,
            text: serde_json::to_string_pretty(v).unwrap_or_default(),
            text_line: None,
            unresolved,
            ..FoundPolicy::default()
        });
    }

    /// Lines of the statements inside `jsonencode({… Statement = [{…}, …]})`.
    fn jsonencode_lines(&self, arg: &Expression) -> Vec<usize> {
        let Expression::Object(o) = arg else {
            return Vec::new();
        };
        let statement = o.iter().find(|(k, _)| match k {
            ObjectKey::Ident(i) => i.as_str() == "Statement",
            ObjectKey::Expression(Expression::String(s)) => s.value() == "Statement",
            ObjectKey::Expression(_) => false,
        });
        match statement.map(|(_, v)| v.expr()) {
            Some(Expression::Array(a)) => a.iter().map(|e| self.line(e.span())).collect(),
            Some(e) => vec![self.line(e.span())],
            None => Vec::new(),
        }
    }

    /// An expression as JSON; what cannot be known offline becomes [`UNRESOLVED`].
    fn value(&self, e: &Expression, conv: &mut Conv) -> Value {
        match e {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => n
                .value()
                .as_i64()
                .map(Value::from)
                .or_else(|| n.value().as_f64().map(Value::from))
                .unwrap_or(Value::Null),
            Expression::String(s) => Value::String(Self::literal(s.value(), conv)),
            Expression::Array(a) => Value::Array(a.iter().map(|x| self.value(x, conv)).collect()),
            Expression::Object(o) => {
                let mut map = Map::new();
                for (k, v) in o {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(ke) => match self.value(ke, conv) {
                            Value::String(s) => s,
                            other => other.to_string(),
                        },
                    };
                    map.insert(key, self.value(v.expr(), conv));
                }
                Value::Object(map)
            }
            Expression::StringTemplate(t) => Value::String(self.template(t, conv)),
            Expression::HeredocTemplate(h) => {
                let mut h = (**h).clone();
                h.dedent();
                Value::String(self.template(&h.template, conv))
            }
            Expression::Parenthesis(p) => self.value(p.inner(), conv),
            Expression::FuncCall(f) if f.name.name.as_str() == "concat" => {
                let mut items = Vec::new();
                for a in &f.args {
                    match self.value(a, conv) {
                        Value::Array(v) => items.extend(v),
                        other => items.push(other),
                    }
                }
                Value::Array(items)
            }
            Expression::FuncCall(f)
                if matches!(f.name.name.as_str(), "tolist" | "toset") && f.args.len() == 1 =>
            {
                f.args
                    .iter()
                    .next()
                    .map_or(Value::Null, |a| self.value(a, conv))
            }
            other if dynamic::bound(&self.source(other.span()), conv).is_some() => {
                dynamic::bound(&self.source(other.span()), conv).unwrap_or_default()
            }
            other => {
                conv.unresolved.push(self.source(other.span()));
                Value::String(UNRESOLVED.to_string())
            }
        }
    }

    fn literal(s: &str, conv: &Conv) -> String {
        if conv.amp_vars {
            s.replace("&{", "${")
        } else {
            s.to_string()
        }
    }

    fn template(&self, t: &Template, conv: &mut Conv) -> String {
        let mut out = String::new();
        for el in t {
            match el {
                Element::Literal(s) => out.push_str(&Self::literal(s, conv)),
                Element::Interpolation(i)
                    if dynamic::bound(&self.source(i.expr.span()), conv).is_some() =>
                {
                    match dynamic::bound(&self.source(i.expr.span()), conv) {
                        Some(Value::String(v)) => out.push_str(&v),
                        Some(v) => out.push_str(&v.to_string()),
                        None => {}
                    }
                }
                Element::Interpolation(i) => {
                    conv.unresolved
                        .push(format!("${{{}}}", self.source(i.expr.span())));
                    out.push_str(UNRESOLVED);
                }
                Element::Directive(_) => {
                    conv.unresolved.push("%{…} directive".to_string());
                    out.push_str(UNRESOLVED);
                }
            }
        }
        out
    }
}
