//! IAM's wildcard matching: `*` matches any run of characters (`/` and `:` included, the empty
//! run too) and `?` exactly one character; everything else matches itself.

/// One element of a wildcard pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Token {
    /// A character that must appear as is.
    Char(char),
    /// `*`: any run of characters, possibly empty.
    Star,
    /// `?`: exactly one character.
    One,
}

/// The tokens of a pattern: `*` and `?` are wildcards, every other character is literal.
pub fn tokens(pattern: &str) -> Vec<Token> {
    pattern
        .chars()
        .map(|c| match c {
            '*' => Token::Star,
            '?' => Token::One,
            c => Token::Char(c),
        })
        .collect()
}

/// Whether `text` matches `pattern`, case-sensitively (IAM's rule for `Resource`, `StringLike`
/// and the parts of `ArnLike`).
pub fn glob(pattern: &str, text: &str) -> bool {
    if !pattern.contains(['*', '?']) {
        return pattern == text;
    }
    match_tokens(&tokens(pattern), text)
}

/// Whether `text` matches `pattern` ignoring case (IAM's rule for `Action` and `NotAction`).
pub fn glob_ignore_case(pattern: &str, text: &str) -> bool {
    glob(&pattern.to_lowercase(), &text.to_lowercase())
}

/// Whether `text` matches the tokens. Greedy with one backtrack point (the last `*`), which is
/// exact for patterns made only of literals, `*` and `?`; linear in practice, never exponential.
pub fn match_tokens(pattern: &[Token], text: &str) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    // After a `*`: the pattern index following it and the text position it started at.
    let mut star: Option<(usize, usize)> = None;
    while let Some(c) = text[ti..].chars().next() {
        match pattern.get(pi) {
            Some(Token::Star) => {
                star = Some((pi + 1, ti));
                pi += 1;
                continue;
            }
            Some(Token::One) => {
                pi += 1;
                ti += c.len_utf8();
                continue;
            }
            Some(Token::Char(x)) if *x == c => {
                pi += 1;
                ti += c.len_utf8();
                continue;
            }
            _ => {}
        }
        // Mismatch: let the last `*` take one more character and retry after it.
        let Some((after, started)) = star else {
            return false;
        };
        let Some(taken) = text[started..].chars().next() else {
            return false;
        };
        let next = started + taken.len_utf8();
        star = Some((after, next));
        pi = after;
        ti = next;
    }
    pattern[pi..].iter().all(|t| *t == Token::Star)
}

/// A pattern read once for many matches, with the common shapes answered without the general
/// matcher: exact text, a literal prefix followed by one `*`, only `*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    shape: Shape,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    Exact(String),
    Prefix(String),
    Anything,
    General(Vec<Token>),
}

impl Glob {
    /// Reads a pattern (`*` and `?` wildcards).
    pub fn new(pattern: &str) -> Glob {
        Glob::from_tokens(tokens(pattern))
    }

    /// A pattern from tokens (some literal `*` or `?` may come from `${*}` or `${?}`).
    pub fn from_tokens(toks: Vec<Token>) -> Glob {
        let wild = toks.iter().filter(|t| !matches!(t, Token::Char(_))).count();
        let literal = |ts: &[Token]| -> String {
            ts.iter()
                .filter_map(|t| match t {
                    Token::Char(c) => Some(*c),
                    _ => None,
                })
                .collect()
        };
        let shape = if wild == 0 {
            Shape::Exact(literal(&toks))
        } else if toks.iter().all(|t| *t == Token::Star) {
            Shape::Anything
        } else if wild == 1 && toks.last() == Some(&Token::Star) {
            Shape::Prefix(literal(&toks[..toks.len() - 1]))
        } else {
            Shape::General(toks)
        };
        Glob { shape }
    }

    /// Whether the text matches.
    pub fn matches(&self, text: &str) -> bool {
        match &self.shape {
            Shape::Exact(s) => s == text,
            Shape::Prefix(p) => text.starts_with(p.as_str()),
            Shape::Anything => true,
            Shape::General(t) => match_tokens(t, text),
        }
    }

    /// Whether the pattern is only `*` (matches everything, `"*"` itself included).
    pub fn is_anything(&self) -> bool {
        matches!(self.shape, Shape::Anything)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        // (pattern, text, matches)
        let rows = [
            ("*", "", true),
            ("*", "anything/at:all", true),
            ("", "", true),
            ("", "a", false),
            ("a", "a", true),
            ("a", "A", false),
            ("?", "", false),
            ("?", "a", true),
            ("?", "ab", false),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("a*c", "ac", true),
            ("a*c", "abbbc", true),
            ("a*c", "abbbcd", false),
            ("*c", "abcabc", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXcYb", false),
            ("team/*", "team/a/b", true),
            ("team/*", "team", false),
            ("team*", "team", true),
            ("*/api", "team/a/api", true),
            (
                "arn:aws:ecr:*:1:repository/*",
                "arn:aws:ecr:eu-west-1:1:repository/x",
                true,
            ),
            (
                "arn:aws:ecr:eu-*:*:repository/*",
                "arn:aws:ecr:us-east-1:1:repository/x",
                false,
            ),
            ("**", "x", true),
            ("*?", "", false),
            ("*?", "x", true),
            ("?*?", "x", false),
            ("é?", "éa", true),
            ("?", "é", true),
            ("*é", "aé", true),
        ];
        for (p, t, want) in rows {
            assert_eq!(glob(p, t), want, "glob({p:?}, {t:?})");
            assert_eq!(Glob::new(p).matches(t), want, "Glob({p:?}).matches({t:?})");
        }
    }

    #[test]
    fn case_rules() {
        assert!(glob_ignore_case("ECR:batch*", "ecr:BatchGetImage"));
        assert!(!glob("ECR:batch*", "ecr:BatchGetImage"));
        assert!(glob_ignore_case("ecr:?utImage", "ECR:PUTIMAGE"));
    }

    #[test]
    fn shapes() {
        assert!(Glob::new("*").is_anything());
        assert!(Glob::new("***").is_anything());
        assert!(!Glob::new("a*").is_anything());
        assert!(Glob::new("abc*").matches("abcdef"));
        assert!(!Glob::new("abc*").matches("ab"));
        // A literal `*` from `${*}` is not a wildcard.
        let literal_star = Glob::from_tokens(vec![Token::Char('a'), Token::Char('*')]);
        assert!(literal_star.matches("a*"));
        assert!(!literal_star.matches("ab"));
    }
}
