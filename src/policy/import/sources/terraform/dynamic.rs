//! `dynamic "statement"` blocks of an `aws_iam_policy_document`: when `for_each` is a literal
//! list (or map), each element's statement is checked; otherwise a note says it was not read.

use hcl::edit::Span;
use hcl::edit::structure::Block;
use serde_json::Value;

use super::{Conv, Reader};

impl Reader<'_> {
    /// The statements a `dynamic "statement"` block renders to, when its `for_each` is literal.
    pub(super) fn dynamic_statements(&self, block: &Block, conv: &mut Conv) -> Vec<Value> {
        let body = &block.body;
        let name = body
            .get_attribute("iterator")
            .map_or_else(|| "statement".to_string(), |a| self.source(a.value.span()));
        let literal = body.get_attribute("for_each").map(|a| {
            let mut probe = Conv::default();
            let v = self.value(&a.value, &mut probe);
            (v, probe.unresolved.is_empty())
        });
        let content = body.get_blocks("content").next();
        let literal = literal.filter(|(v, known)| *known && (v.is_array() || v.is_object()));
        let (Some((items, _)), Some(content)) = (literal, content) else {
            conv.unresolved.push(format!(
                "dynamic \"statement\" at line {} (its for_each is not a literal list)",
                self.line(block.span())
            ));
            return Vec::new();
        };
        let pairs: Vec<(Value, Value)> = match items {
            Value::Array(a) => a.into_iter().map(|v| (v.clone(), v)).collect(),
            Value::Object(m) => m.into_iter().map(|(k, v)| (Value::String(k), v)).collect(),
            _ => Vec::new(),
        };
        let outer = conv.each.take();
        let mut out = Vec::new();
        for (key, value) in pairs {
            conv.each = Some((name.clone(), key, value));
            out.push(self.statement(&content.body, conv));
        }
        conv.each = outer;
        out
    }
}

/// The value of `NAME.value…` or `NAME.key` for the element a dynamic block is at.
pub(super) fn bound(source: &str, conv: &Conv) -> Option<Value> {
    let (name, key, value) = conv.each.as_ref()?;
    let mut parts = source.split('.');
    if parts.next()? != name {
        return None;
    }
    let mut v = match parts.next()? {
        "key" => key,
        "value" => value,
        _ => return None,
    };
    for p in parts {
        v = v.get(p)?;
    }
    Some(v.clone())
}
