//! Strings of a policy that may hold policy variables (`${aws:username}`, `${aws:PrincipalTag/x}`,
//! `${key, 'default'}`) and the fixed ones `${*}`, `${?}`, `${$}`: read once, resolved per request
//! into wildcard tokens. Variables exist only in documents whose `Version` is `2012-10-17`;
//! elsewhere `${…}` is literal text.

use crate::policy::eval::context::{Context, ContextValue, Lookup};
use crate::policy::eval::glob::Token;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Tok(Token),
    Var {
        /// Lower-cased key name.
        key: String,
        default: Option<String>,
    },
}

/// A policy string read once: literal characters, wildcards (when the place allows them) and
/// variables (when the document's Version allows them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    raw: String,
    pieces: Vec<Piece>,
    /// The tokens when there is no variable (most strings).
    fixed: Option<Vec<Token>>,
}

/// A template with the request's values put in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved<'a> {
    /// The template had no variable.
    Fixed(&'a [Token]),
    /// Variables were replaced by the request's values.
    Built(Vec<Token>),
    /// A variable has no value (absent, no default) or a set of values: IAM says any match
    /// against it fails.
    Fail(String),
    /// A variable's key is unknown in the request.
    Unknown(String),
}

impl Template {
    /// Reads `raw`. `wildcards`: `*` and `?` are wildcards (Resource, `StringLike`, `ArnLike`) or
    /// literal (`StringEquals`). `variables`: `${…}` is a policy variable (Version 2012-10-17).
    /// A variable with a default not written as `${key, 'default'}` is an error.
    pub fn parse(raw: &str, wildcards: bool, variables: bool) -> Result<Template, String> {
        let mut pieces = Vec::new();
        let literal = |c: char| {
            Piece::Tok(match c {
                '*' if wildcards => Token::Star,
                '?' if wildcards => Token::One,
                c => Token::Char(c),
            })
        };
        let mut rest = raw;
        while let Some(c) = rest.chars().next() {
            if variables
                && rest.starts_with("${")
                && let Some(end) = rest[2..].find('}')
            {
                let inner = &rest[2..2 + end];
                rest = &rest[2 + end + 1..];
                pieces.push(match inner {
                    "*" => Piece::Tok(Token::Char('*')),
                    "?" => Piece::Tok(Token::Char('?')),
                    "$" => Piece::Tok(Token::Char('$')),
                    _ => variable(inner).ok_or_else(|| {
                        format!(
                            "the policy variable `${{{inner}}}` is not `${{key}}` or `${{key, 'default'}}`"
                        )
                    })?,
                });
                continue;
            }
            pieces.push(literal(c));
            rest = &rest[c.len_utf8()..];
        }
        let fixed = pieces
            .iter()
            .map(|p| match p {
                Piece::Tok(t) => Some(*t),
                Piece::Var { .. } => None,
            })
            .collect::<Option<Vec<Token>>>();
        Ok(Template {
            raw: raw.to_string(),
            pieces,
            fixed,
        })
    }

    /// A `Resource` pattern: variables only in the resource part (after the fifth colon), as
    /// IAM allows; the other parts are read without variables.
    pub fn parse_resource(raw: &str, variables: bool) -> Result<Template, String> {
        let split = raw
            .match_indices(':')
            .nth(4)
            .map_or(raw.len(), |(i, _)| i + 1);
        let head = Template::parse(&raw[..split], true, false)?;
        let tail = Template::parse(&raw[split..], true, variables)?;
        let mut pieces = head.pieces;
        pieces.extend(tail.pieces);
        let fixed = match (head.fixed, tail.fixed) {
            (Some(mut h), Some(t)) => {
                h.extend(t);
                Some(h)
            }
            _ => None,
        };
        Ok(Template {
            raw: raw.to_string(),
            pieces,
            fixed,
        })
    }

    /// The string as written.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Whether the string holds a policy variable.
    pub fn has_variables(&self) -> bool {
        self.fixed.is_none()
    }

    /// The tokens, when the string holds no variable.
    pub fn fixed_tokens(&self) -> Option<&[Token]> {
        self.fixed.as_deref()
    }

    /// The variables' key names (lower-cased).
    pub fn variables(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Var { key, .. } => Some(key.as_str()),
            Piece::Tok(_) => None,
        })
    }

    /// The tokens with the request's values in place of the variables; a value put in is
    /// literal (a `*` in a tag value is not a wildcard).
    pub fn resolve(&self, ctx: &Context) -> Resolved<'_> {
        if let Some(f) = &self.fixed {
            return Resolved::Fixed(f);
        }
        let mut out = Vec::with_capacity(self.pieces.len() + 16);
        let mut unknown = None;
        for p in &self.pieces {
            match p {
                Piece::Tok(t) => out.push(*t),
                Piece::Var { key, default } => match ctx.lookup_lower(key) {
                    Lookup::Present(ContextValue::One(v)) => out.extend(v.chars().map(Token::Char)),
                    Lookup::Present(ContextValue::Many(_)) => {
                        return Resolved::Fail(format!(
                            "`${{{key}}}` is multivalued and cannot be put into a string"
                        ));
                    }
                    Lookup::Absent => match default {
                        Some(d) => out.extend(d.chars().map(Token::Char)),
                        None => {
                            return Resolved::Fail(format!(
                                "`${{{key}}}` is not in the request and has no default"
                            ));
                        }
                    },
                    Lookup::Unknown => {
                        unknown.get_or_insert_with(|| {
                            format!(
                                "the request does not say whether it has `{key}` (policy variable)"
                            )
                        });
                    }
                },
            }
        }
        match unknown {
            Some(u) => Resolved::Unknown(u),
            None => Resolved::Built(out),
        }
    }
}

/// `key` or `key, 'default'` (IAM: "separate the variable text and the default value with a comma
/// and space").
fn variable(inner: &str) -> Option<Piece> {
    let (name, default) = match inner.split_once(',') {
        None => (inner.trim(), None),
        Some((name, rest)) => {
            let d = rest.strip_prefix(' ')?;
            let d = d.strip_prefix('\'')?.strip_suffix('\'')?;
            (name.trim(), Some(d.to_string()))
        }
    };
    (!name.is_empty()).then(|| Piece::Var {
        key: name.to_lowercase(),
        default,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::eval::glob::match_tokens;

    fn ctx() -> Context {
        let mut c = Context::closed();
        c.set("aws:username", "alice")
            .set("aws:PrincipalTag/team", "a*b")
            .set_many("aws:TagKeys", ["x"]);
        c
    }

    fn matches(t: &Template, c: &Context, text: &str) -> Option<bool> {
        match t.resolve(c) {
            Resolved::Fixed(toks) => Some(match_tokens(toks, text)),
            Resolved::Built(toks) => Some(match_tokens(&toks, text)),
            Resolved::Fail(_) => Some(false),
            Resolved::Unknown(_) => None,
        }
    }

    #[test]
    fn variables_only_under_2012() {
        let on = Template::parse("home/${aws:username}/*", true, true).unwrap();
        let off = Template::parse("home/${aws:username}/*", true, false).unwrap();
        assert!(on.has_variables() && !off.has_variables());
        assert_eq!(matches(&on, &ctx(), "home/alice/x"), Some(true));
        assert_eq!(matches(&off, &ctx(), "home/alice/x"), Some(false));
        assert_eq!(matches(&off, &ctx(), "home/${aws:username}/x"), Some(true));
    }

    #[test]
    fn values_put_in_are_literal() {
        let t = Template::parse("${aws:PrincipalTag/team}", true, true).unwrap();
        assert_eq!(matches(&t, &ctx(), "a*b"), Some(true));
        assert_eq!(
            matches(&t, &ctx(), "aXb"),
            Some(false),
            "the tag's `*` is not a wildcard"
        );
    }

    #[test]
    fn fixed_variables() {
        let t = Template::parse("a${*}b${?}c${$}", true, true).unwrap();
        assert!(!t.has_variables());
        assert_eq!(matches(&t, &ctx(), "a*b?c$"), Some(true));
        assert_eq!(matches(&t, &ctx(), "axb?c$"), Some(false));
        let literal = Template::parse("a*?", false, false).unwrap();
        assert_eq!(matches(&literal, &ctx(), "a*?"), Some(true));
        assert_eq!(matches(&literal, &ctx(), "abc"), Some(false));
    }

    #[test]
    fn missing_multivalued_unknown_and_defaults() {
        let missing = Template::parse("${aws:SourceVpce}", true, true).unwrap();
        assert!(matches!(missing.resolve(&ctx()), Resolved::Fail(_)));
        let multi = Template::parse("${aws:TagKeys}", true, true).unwrap();
        assert!(matches!(multi.resolve(&ctx()), Resolved::Fail(_)));
        let default = Template::parse("${aws:SourceVpce, 'none'}", true, true).unwrap();
        assert_eq!(matches(&default, &ctx(), "none"), Some(true));
        let mut open = Context::open();
        open.set("aws:username", "alice");
        assert!(matches!(missing.resolve(&open), Resolved::Unknown(_)));
        assert!(matches!(default.resolve(&open), Resolved::Unknown(_)));
        assert!(Template::parse("${aws:username,'x'}", true, true).is_err());
        assert!(Template::parse("${aws:username, x}", true, true).is_err());
        // Not closed: literal text.
        let open_brace = Template::parse("a${b", true, true).unwrap();
        assert_eq!(matches(&open_brace, &ctx(), "a${b"), Some(true));
    }

    #[test]
    fn key_names_ignore_case() {
        let t = Template::parse("${AWS:UserName}", false, true).unwrap();
        assert_eq!(matches(&t, &ctx(), "alice"), Some(true));
        assert_eq!(t.variables().collect::<Vec<_>>(), vec!["aws:username"]);
    }

    #[test]
    fn resource_variables_only_after_the_fifth_colon() {
        let t = Template::parse_resource(
            "arn:aws:ecr:${aws:RequestedRegion}:1:repository/${aws:username}",
            true,
        )
        .unwrap();
        let mut c = ctx();
        c.set("aws:RequestedRegion", "us-east-1");
        assert_eq!(
            matches(
                &t,
                &c,
                "arn:aws:ecr:${aws:RequestedRegion}:1:repository/alice"
            ),
            Some(true)
        );
        assert_eq!(
            matches(&t, &c, "arn:aws:ecr:us-east-1:1:repository/alice"),
            Some(false)
        );
    }
}
