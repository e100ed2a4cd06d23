//! Where each value of a JSON text starts (1-based lines), for locating statements; the values
//! themselves are read with `serde_json`.

/// A JSON value's starting line and, for arrays and objects, its children.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Node {
    /// 1-based line where the value starts.
    pub line: usize,
    /// Array items, in order.
    pub items: Vec<Node>,
    /// Object members, in order, keys as written (escapes kept).
    pub members: Vec<(String, Node)>,
}

impl Node {
    /// The member `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, n)| n)
    }

    /// The lines of a statement list: each item of an array, or the object itself.
    pub fn statement_lines(&self) -> Vec<usize> {
        if self.items.is_empty() {
            vec![self.line]
        } else {
            self.items.iter().map(|n| n.line).collect()
        }
    }
}

/// Deeper nesting than this is not outlined (`serde_json` refuses it too).
const MAX_DEPTH: usize = 128;

/// The outline of a JSON text; `None` when it is not JSON (or nested too deeply).
pub fn outline(text: &str) -> Option<Node> {
    let mut p = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    p.skip_ws();
    let node = p.value(0)?;
    p.skip_ws();
    (p.pos == p.bytes.len()).then_some(node)
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut node = Node {
            line: self.line,
            ..Node::default()
        };
        match self.peek()? {
            b'{' => {
                self.pos += 1;
                self.skip_ws();
                if self.peek()? == b'}' {
                    self.pos += 1;
                    return Some(node);
                }
                loop {
                    self.skip_ws();
                    let key = self.string()?;
                    self.skip_ws();
                    (self.peek()? == b':').then_some(())?;
                    self.pos += 1;
                    self.skip_ws();
                    let v = self.value(depth + 1)?;
                    node.members.push((key, v));
                    self.skip_ws();
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b'}' => {
                            self.pos += 1;
                            return Some(node);
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                self.skip_ws();
                if self.peek()? == b']' {
                    self.pos += 1;
                    return Some(node);
                }
                loop {
                    self.skip_ws();
                    node.items.push(self.value(depth + 1)?);
                    self.skip_ws();
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b']' => {
                            self.pos += 1;
                            return Some(node);
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => {
                self.string()?;
                Some(node)
            }
            _ => {
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'))
                {
                    self.pos += 1;
                }
                (self.pos > start).then_some(node)
            }
        }
    }

    /// A string's raw text between the quotes.
    fn string(&mut self) -> Option<String> {
        (self.peek()? == b'"').then_some(())?;
        self.pos += 1;
        let start = self.pos;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => self.pos += 2,
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
        let s = std::str::from_utf8(self.bytes.get(start..self.pos)?).ok()?;
        self.pos += 1;
        Some(s.to_string())
    }
}

/// The node of the policy document inside the forms `parse_document` unwraps: plain,
/// `PolicyDocument`, `Policy.PolicyDocument`, `PolicyVersion.Document`.
pub fn document_node(root: &Node) -> &Node {
    if root.get("Statement").is_some() {
        return root;
    }
    let paths: [(&str, Option<&str>); 3] = [
        ("PolicyDocument", None),
        ("Policy", Some("PolicyDocument")),
        ("PolicyVersion", Some("Document")),
    ];
    for (outer, inner) in paths {
        let found = root.get(outer).and_then(|n| match inner {
            None => Some(n),
            Some(k) => n.get(k),
        });
        if let Some(n) = found {
            return n;
        }
    }
    root
}

/// 1-based line of each statement of the policy a JSON text holds (empty when unknown).
pub fn statement_lines(text: &str) -> Vec<usize> {
    outline(text).map_or_else(Vec::new, |root| {
        let doc = document_node(&root);
        doc.get("Statement")
            .map_or_else(Vec::new, Node::statement_lines)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_located_by_line_also_inside_wrappers() {
        let text = "{\n \"Version\": \"2012-10-17\",\n \"Statement\": [\n  {\"Sid\": \"A\"},\n\n  {\"Sid\": \"B\"}\n ]\n}";
        assert_eq!(statement_lines(text), vec![4, 6]);
        let wrapped =
            "{\"PolicyVersion\": {\"Document\":\n{\"Statement\":\n {\"Sid\": \"x\\\"y\"}}}}";
        assert_eq!(statement_lines(wrapped), vec![3]);
        assert!(outline("{\"a\": [1, 2,]}").is_none());
        assert!(outline(&"[".repeat(500)).is_none());
    }
}
