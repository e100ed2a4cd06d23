//! Keys written twice in one JSON object (`"Effect": "Deny", "Effect": "Allow"`): `serde_json`
//! keeps the last one silently, so every JSON reader asks this scan first. One pass over the
//! text, each object's keys in a hash set: linear in the text.

use std::collections::HashMap;

/// A key repeated in one object, with the line of each occurrence (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The key as JSON reads it (escapes decoded).
    pub key: String,
    pub first_line: usize,
    pub line: usize,
    /// The text the lines count in, when not the file read (`the PolicyDocument string`).
    pub within: Option<String>,
}

impl DuplicateKey {
    /// The same duplicate `offset` lines further down (the text started on line `offset + 1`).
    pub fn shifted(&self, offset: usize) -> DuplicateKey {
        DuplicateKey {
            key: self.key.clone(),
            first_line: self.first_line + offset,
            line: self.line + offset,
            within: self.within.clone(),
        }
    }

    /// What is wrong, in plain words (the key shown with its hidden characters escaped).
    pub fn message(&self) -> String {
        let within = self
            .within
            .as_deref()
            .map_or_else(String::new, |w| format!(" of {w}"));
        format!(
            "The key {} is written twice in one object (lines {} and {}{within}); JSON readers \
             keep only one of them, silently, so what the policy means depends on the reader.",
            crate::policy::visible::quoted(&self.key),
            self.first_line,
            self.line
        )
    }
}

/// Deeper nesting than this is not scanned (`serde_json` refuses it too).
const MAX_DEPTH: usize = 128;

/// Every repeated key of a JSON text, in text order; empty for text that is not JSON.
pub fn duplicate_keys(text: &str) -> Vec<DuplicateKey> {
    let mut s = Scan {
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
        found: Vec::new(),
    };
    s.skip_ws();
    if s.value(0).is_none() {
        return Vec::new();
    }
    s.found
}

struct Scan<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    found: Vec<DuplicateKey>,
}

impl Scan<'_> {
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

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.pos += 1)
    }

    fn value(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'{' => self.object(depth),
            b'[' => {
                self.pos += 1;
                self.skip_ws();
                if self.eat(b']').is_some() {
                    return Some(());
                }
                loop {
                    self.skip_ws();
                    self.value(depth + 1)?;
                    self.skip_ws();
                    if self.eat(b',').is_none() {
                        return self.eat(b']');
                    }
                }
            }
            b'"' => self.string().map(|_| ()),
            _ => {
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'))
                {
                    self.pos += 1;
                }
                (self.pos > start).then_some(())
            }
        }
    }

    fn object(&mut self, depth: usize) -> Option<()> {
        self.pos += 1;
        self.skip_ws();
        if self.eat(b'}').is_some() {
            return Some(());
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        loop {
            self.skip_ws();
            let line = self.line;
            let key = self.string()?;
            match seen.get(&key) {
                Some(first) => self.found.push(DuplicateKey {
                    key,
                    first_line: *first,
                    line,
                    within: None,
                }),
                None => {
                    seen.insert(key, line);
                }
            }
            self.skip_ws();
            self.eat(b':')?;
            self.skip_ws();
            self.value(depth + 1)?;
            self.skip_ws();
            if self.eat(b',').is_none() {
                return self.eat(b'}');
            }
        }
    }

    /// A string, decoded when it holds escapes.
    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let start = self.pos;
        let mut escaped = false;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.pos += 2;
                }
                b'\n' => return None,
                _ => self.pos += 1,
            }
        }
        let raw = std::str::from_utf8(self.bytes.get(start..self.pos)?).ok()?;
        self.pos += 1;
        if escaped {
            serde_json::from_str(&format!("\"{raw}\"")).ok()
        } else {
            Some(raw.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_found_with_both_lines_at_any_depth() {
        let text = "{\"Statement\": [{\n \"Effect\": \"Deny\",\n \"Effect\": \"Allow\",\n \
                    \"Action\": \"ecr:*\"}],\n \"Statement\": []}";
        let found = duplicate_keys(text);
        assert_eq!(
            found,
            vec![
                DuplicateKey {
                    key: "Effect".into(),
                    first_line: 2,
                    line: 3,
                    within: None,
                },
                DuplicateKey {
                    key: "Statement".into(),
                    first_line: 1,
                    line: 5,
                    within: None,
                },
            ]
        );
        assert!(
            found[0].message().contains("\"Effect\""),
            "{}",
            found[0].message()
        );
    }

    #[test]
    fn escapes_are_read_as_json_reads_them() {
        let found = duplicate_keys(r#"{"Effect": 1, "Eff\u0065ct": 2}"#);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].key, "Effect");
    }

    #[test]
    fn the_same_key_in_sibling_objects_is_no_duplicate() {
        assert!(duplicate_keys(r#"[{"a": 1}, {"a": 2}, {"b": {"a": 3}}]"#).is_empty());
        assert!(duplicate_keys("{\"a\": ").is_empty(), "not JSON");
        assert!(duplicate_keys(&"[".repeat(500)).is_empty());
    }
}
