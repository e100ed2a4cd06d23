//! Terraform's `data "aws_iam_policy_document"` blocks as the JSON policy they render to.

use hcl::edit::Span;
use hcl::edit::structure::{Block, Body};
use serde_json::{Map, Value};

use super::{Conv, Reader};

impl Reader<'_> {
    /// `data "aws_iam_policy_document" NAME { statement { … } }` as the JSON it renders to.
    pub(super) fn policy_document(&mut self, block: &Block, name: &str) {
        let address = format!("data.aws_iam_policy_document.{name}");
        let mut conv = Conv {
            amp_vars: true,
            ..Conv::default()
        };
        let body = &block.body;
        let mut doc = Map::new();
        let version = body.get_attribute("version").map_or_else(
            || Value::from("2012-10-17"),
            |a| self.value(&a.value, &mut conv),
        );
        doc.insert("Version".into(), version);
        if let Some(a) = body.get_attribute("policy_id") {
            doc.insert("Id".into(), self.value(&a.value, &mut conv));
        }
        for merged in ["source_json", "override_json"] {
            if body.get_attribute(merged).is_some() {
                conv.unresolved
                    .push(format!("{merged} (documents merged in are not read)"));
            }
        }
        let (statements, lines): (Vec<Value>, Vec<usize>) = self
            .document_statements(body, &mut conv, 0)
            .into_iter()
            .unzip();
        doc.insert("Statement".into(), Value::Array(statements));
        let line = self.line(block.span());
        self.push(
            &address,
            None,
            line,
            lines,
            &Value::Object(doc),
            conv.unresolved,
        );
    }

    pub(super) fn statement(&self, body: &Body, conv: &mut Conv) -> Value {
        let mut m = Map::new();
        let attrs = [
            ("sid", "Sid"),
            ("effect", "Effect"),
            ("actions", "Action"),
            ("not_actions", "NotAction"),
            ("resources", "Resource"),
            ("not_resources", "NotResource"),
        ];
        for (hcl_name, json_name) in attrs {
            if let Some(a) = body.get_attribute(hcl_name) {
                m.insert(json_name.into(), self.value(&a.value, conv));
            }
        }
        m.entry("Effect").or_insert_with(|| Value::from("Allow"));
        for (hcl_name, json_name) in [
            ("principals", "Principal"),
            ("not_principals", "NotPrincipal"),
        ] {
            let mut p = Map::new();
            for b in body.get_blocks(hcl_name) {
                let ty = self.attr_string(&b.body, "type", conv);
                let ids = b
                    .body
                    .get_attribute("identifiers")
                    .map_or(Value::Null, |a| self.value(&a.value, conv));
                p.insert(ty, ids);
            }
            if !p.is_empty() {
                m.insert(json_name.into(), Value::Object(p));
            }
        }
        let mut conditions: Map<String, Value> = Map::new();
        for b in body.get_blocks("condition") {
            let test = self.attr_string(&b.body, "test", conv);
            let variable = self.attr_string(&b.body, "variable", conv);
            let values = b
                .body
                .get_attribute("values")
                .map_or(Value::Null, |a| self.value(&a.value, conv));
            if let Value::Object(o) = conditions
                .entry(test)
                .or_insert_with(|| Value::Object(Map::new()))
            {
                o.insert(variable, values);
            }
        }
        if !conditions.is_empty() {
            m.insert("Condition".into(), Value::Object(conditions));
        }
        Value::Object(m)
    }

    fn attr_string(&self, body: &Body, name: &str, conv: &mut Conv) -> String {
        match body.get_attribute(name).map(|a| self.value(&a.value, conv)) {
            Some(Value::String(s)) => s,
            Some(other) => other.to_string(),
            None => String::new(),
        }
    }
}
