//! One escaping table for the double-quoted strings of the formats. JSON goes through
//! `serde_json`, whose escapes are exactly these rows; HCL and YAML read the same rows, and
//! differ only where the table says: which short escapes they know, which characters they
//! cannot take raw, and HCL's template sequences.

use std::fmt::Write as _;

/// Which reader the string is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    /// HCL (Terraform): no `\b`/`\f`; `${` and `%{` start templates.
    Hcl,
    /// YAML double-quoted scalars (`CloudFormation`).
    Yaml,
}

/// `(character, escape, dialects that know the escape)`.
const TABLE: [(char, &str, &[Dialect]); 7] = [
    ('"', "\\\"", &[Dialect::Hcl, Dialect::Yaml]),
    ('\\', "\\\\", &[Dialect::Hcl, Dialect::Yaml]),
    ('\n', "\\n", &[Dialect::Hcl, Dialect::Yaml]),
    ('\r', "\\r", &[Dialect::Hcl, Dialect::Yaml]),
    ('\t', "\\t", &[Dialect::Hcl, Dialect::Yaml]),
    ('\u{8}', "\\b", &[Dialect::Yaml]),
    ('\u{c}', "\\f", &[Dialect::Yaml]),
];

/// Characters a dialect must not see raw: written as `\uNNNN`. Controls everywhere; the line
/// and paragraph separators and the byte-order mark (and YAML's non-characters U+FFFE/U+FFFF),
/// which readers take as line breaks or strip.
fn needs_unicode_escape(c: char, dialect: Dialect) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
        || (dialect == Dialect::Yaml && matches!(c, '\u{fffe}' | '\u{ffff}'))
}

/// `s` as a double-quoted string of `dialect` whose value is exactly `s`.
pub(super) fn quoted(s: &str, dialect: Dialect) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some((_, escape, _)) = TABLE
            .iter()
            .find(|(ch, _, dialects)| *ch == c && dialects.contains(&dialect))
        {
            out.push_str(escape);
        } else if dialect == Dialect::Hcl && matches!(c, '$' | '%') && chars.peek() == Some(&'{') {
            // `$${` and `%%{` are a literal `${` and `%{`, not an interpolation or directive.
            out.push(c);
            out.push(c);
        } else if needs_unicode_escape(c, dialect) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}
