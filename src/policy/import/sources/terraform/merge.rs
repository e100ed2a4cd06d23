//! `source_policy_documents` and `override_policy_documents` of an `aws_iam_policy_document`
//! that name other documents of the same file, merged as the AWS provider merges them: the
//! sources' statements first, then the document's own, then the overrides; a statement with a
//! non-empty Sid replaces an earlier one with the same Sid.

use hcl::edit::Span;
use hcl::edit::expr::Expression;
use hcl::edit::structure::Body;
use serde_json::Value;

use super::{Conv, Reader};

/// Documents merging documents deeper than this are not followed (Terraform refuses cycles).
const MAX_DEPTH: usize = 8;

impl Reader<'_> {
    /// The statements a document renders to, with the line each one is written on.
    pub(super) fn document_statements(
        &self,
        body: &Body,
        conv: &mut Conv,
        depth: usize,
    ) -> Vec<(Value, usize)> {
        let mut out = Vec::new();
        for doc in self.merged_in("source_policy_documents", body, conv, depth) {
            out.extend(doc);
        }
        for block in body.blocks() {
            match (
                block.ident.as_str(),
                block
                    .labels
                    .first()
                    .map(hcl::edit::structure::BlockLabel::as_str),
            ) {
                ("statement", _) => {
                    let v = self.statement(&block.body, conv);
                    merge_one(&mut out, v, self.line(block.span()));
                }
                ("dynamic", Some("statement")) => {
                    for v in self.dynamic_statements(block, conv) {
                        merge_one(&mut out, v, self.line(block.span()));
                    }
                }
                _ => {}
            }
        }
        for doc in self.merged_in("override_policy_documents", body, conv, depth) {
            for (v, line) in doc {
                merge_one(&mut out, v, line);
            }
        }
        out
    }

    /// The statements of each document an attribute lists, when each is a document of this
    /// file (`data.aws_iam_policy_document.NAME.json`); the others are listed as unknown.
    fn merged_in(
        &self,
        attr: &str,
        body: &Body,
        conv: &mut Conv,
        depth: usize,
    ) -> Vec<Vec<(Value, usize)>> {
        let Some(a) = body.get_attribute(attr) else {
            return Vec::new();
        };
        let Expression::Array(items) = &a.value else {
            conv.unresolved.push(format!(
                "{attr} = {} (documents merged in are not read)",
                self.source(a.value.span())
            ));
            return Vec::new();
        };
        let mut docs = Vec::new();
        for e in items {
            let src = self.source(e.span());
            let block = src
                .strip_prefix("data.aws_iam_policy_document.")
                .and_then(|s| s.strip_suffix(".json"))
                .and_then(|name| self.documents.get(name));
            match block {
                Some(b) if depth < MAX_DEPTH => {
                    docs.push(self.document_statements(&b.body, conv, depth + 1));
                }
                _ => conv
                    .unresolved
                    .push(format!("{attr}: {src} (not a document of this file)")),
            }
        }
        docs
    }
}

/// Adds a statement; one with a non-empty Sid replaces the earlier statement with that Sid.
fn merge_one(out: &mut Vec<(Value, usize)>, v: Value, line: usize) {
    let sid = v
        .get("Sid")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let same = sid.and_then(|sid| {
        out.iter()
            .position(|(o, _)| o.get("Sid").and_then(Value::as_str) == Some(sid.as_str()))
    });
    match same {
        Some(i) => out[i] = (v, line),
        None => out.push((v, line)),
    }
}
