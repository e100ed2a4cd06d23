//! Exact containment of wildcard patterns: whether every string one pattern matches is also
//! matched by one of several others (L(a) ⊆ L(b₁ ∪ … ∪ bₙ) for `*` and `?`), and when not, a
//! string that shows it. The patterns are read as automata and the difference is searched by
//! subset construction, breadth first, so the witness is a shortest one.

use std::collections::{HashMap, VecDeque};

use crate::policy::eval::glob::{Token, tokens};

/// The answer to "is every match of A a match of one of B?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Containment {
    /// Every string A matches, one of B matches.
    Contained,
    /// A string A matches and none of B does (a shortest one).
    Witness(String),
}

impl Containment {
    /// Whether A is covered.
    pub fn is_contained(&self) -> bool {
        matches!(self, Containment::Contained)
    }

    /// The string A matches and no B does, if there is one.
    pub fn witness(&self) -> Option<&str> {
        match self {
            Containment::Contained => None,
            Containment::Witness(w) => Some(w),
        }
    }
}

/// Whether every string `a` matches is matched by one of `bs`, case-sensitively (resources).
pub fn containment(a: &str, bs: &[&str]) -> Containment {
    let b: Vec<Vec<Token>> = bs.iter().map(|p| tokens(p)).collect();
    contained_tokens(&tokens(a), &b)
}

/// The same ignoring case (actions): patterns are compared lower-cased; the witness is lower case.
pub fn containment_ignore_case(a: &str, bs: &[&str]) -> Containment {
    let b: Vec<Vec<Token>> = bs.iter().map(|p| tokens(&p.to_lowercase())).collect();
    contained_tokens(&tokens(&a.to_lowercase()), &b)
}

/// A set of positions in one pattern (position `len` is "matched everything").
type Positions = Vec<u64>;

fn has(set: &Positions, i: usize) -> bool {
    set.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

fn put(set: &mut Positions, i: usize) {
    if set.len() <= i / 64 {
        set.resize(i / 64 + 1, 0);
    }
    set[i / 64] |= 1 << (i % 64);
}

/// Adds the positions reachable by letting `*` match nothing.
fn close(pattern: &[Token], set: &mut Positions) {
    for (i, t) in pattern.iter().enumerate() {
        if *t == Token::Star && has(set, i) {
            put(set, i + 1);
        }
    }
}

fn start(pattern: &[Token]) -> Positions {
    let mut s = Positions::new();
    put(&mut s, 0);
    close(pattern, &mut s);
    s
}

/// The positions after reading one character `c`.
fn step(pattern: &[Token], set: &Positions, c: char) -> Positions {
    let mut next = Positions::new();
    for (i, t) in pattern.iter().enumerate() {
        if !has(set, i) {
            continue;
        }
        match t {
            Token::Star => put(&mut next, i),
            Token::One => put(&mut next, i + 1),
            Token::Char(x) if *x == c => put(&mut next, i + 1),
            Token::Char(_) => {}
        }
    }
    close(pattern, &mut next);
    // Trailing zero words would make equal sets look different.
    while next.last() == Some(&0) {
        next.pop();
    }
    next
}

fn accepts(pattern: &[Token], set: &Positions) -> bool {
    has(set, pattern.len())
}

/// A character none of the patterns names, standing for every such character: they all behave
/// alike, so one of them decides for all.
fn other_char(alphabet: &[char]) -> char {
    let preferred = "xyzqjkwvabcdefghilmnoprstu0123456789-_.";
    preferred
        .chars()
        .chain((0x100..0x2000).filter_map(char::from_u32))
        .find(|c| !alphabet.contains(c))
        .unwrap_or('\u{10FFFF}')
}

/// A state of the search: positions in A, positions in each B.
type State = (Positions, Vec<Positions>);

/// Containment on tokens (a literal `*` from `${*}` is a `Char`).
pub fn contained_tokens(a: &[Token], bs: &[Vec<Token>]) -> Containment {
    let mut alphabet: Vec<char> = std::iter::once(a)
        .chain(bs.iter().map(Vec::as_slice))
        .flatten()
        .filter_map(|t| match t {
            Token::Char(c) => Some(*c),
            _ => None,
        })
        .collect();
    alphabet.sort_unstable();
    alphabet.dedup();
    alphabet.push(other_char(&alphabet));
    // Sorted, so a pattern's literals are found by binary search.
    alphabet.sort_unstable();
    if a.len() < 128 && bs.iter().all(|b| b.len() < 128) {
        return contained_small(a, bs, &alphabet);
    }
    contained_large(a, bs, &alphabet)
}

/// One pattern as bit masks over its positions (patterns under 128 tokens): the subset
/// construction's steps become a few word operations.
struct Masks {
    /// Positions holding `*`.
    star: u128,
    /// Positions holding `?`.
    one: u128,
    /// For each character of the alphabet: positions holding that literal.
    lit: Vec<u128>,
    /// The position after the last token.
    end: u128,
    /// Positions from which only `*` follow (the pattern then matches every continuation).
    universal: u128,
}

impl Masks {
    fn new(p: &[Token], alphabet: &[char]) -> Masks {
        let bit = |i: usize| 1u128 << i;
        let mut m = Masks {
            star: 0,
            one: 0,
            lit: vec![0; alphabet.len()],
            end: bit(p.len()),
            universal: 0,
        };
        for (i, t) in p.iter().enumerate() {
            match t {
                Token::Star => m.star |= bit(i),
                Token::One => m.one |= bit(i),
                Token::Char(c) => {
                    if let Ok(k) = alphabet.binary_search(c) {
                        m.lit[k] |= bit(i);
                    }
                }
            }
        }
        for i in (0..p.len()).rev() {
            if p[i] != Token::Star {
                break;
            }
            m.universal |= bit(i);
        }
        m
    }

    /// Lets every `*` match nothing.
    fn close(&self, mut s: u128) -> u128 {
        loop {
            let next = s | ((s & self.star) << 1);
            if next == s {
                return s;
            }
            s = next;
        }
    }

    /// The positions after reading character number `k` of the alphabet.
    fn step(&self, s: u128, k: usize) -> u128 {
        self.close((s & self.star) | ((s & (self.one | self.lit[k])) << 1))
    }
}

/// A reached state (positions in A, then in each B) and the state and character it was reached
/// from.
type Reached = (Box<[u128]>, Option<(usize, char)>);

fn contained_small(a: &[Token], bs: &[Vec<Token>], alphabet: &[char]) -> Containment {
    let ma = Masks::new(a, alphabet);
    let mb: Vec<Masks> = bs.iter().map(|b| Masks::new(b, alphabet)).collect();
    // A state: positions in A, then in each B.
    let first: Vec<u128> = std::iter::once(ma.close(1))
        .chain(mb.iter().map(|m| m.close(1)))
        .collect();
    let mut states: Vec<Reached> = vec![(first.clone().into(), None)];
    let mut index: HashMap<Box<[u128]>, usize> = HashMap::new();
    index.insert(first.into(), 0);
    let mut next = vec![0u128; 1 + bs.len()];
    let mut at = 0;
    while at < states.len() {
        let cur = states[at].0.clone();
        let b_accepts = cur[1..].iter().zip(&mb).any(|(s, m)| s & m.end != 0);
        if cur[0] & ma.end != 0 && !b_accepts {
            return Containment::Witness(path(&states, at));
        }
        for (k, &c) in alphabet.iter().enumerate() {
            next[0] = ma.step(cur[0], k);
            if next[0] == 0 {
                continue; // A matches nothing from here.
            }
            let mut hopeless = false;
            for (j, m) in mb.iter().enumerate() {
                next[j + 1] = m.step(cur[j + 1], k);
                // A B that matches every continuation from here leaves no witness below.
                hopeless |= next[j + 1] & m.universal != 0;
            }
            if hopeless || index.contains_key(next.as_slice()) {
                continue;
            }
            let key: Box<[u128]> = next.clone().into();
            index.insert(key.clone(), states.len());
            states.push((key, Some((at, c))));
        }
        at += 1;
    }
    Containment::Contained
}

/// The characters read from the first state to state `at`.
fn path(states: &[Reached], mut at: usize) -> String {
    let mut out = Vec::new();
    while let Some((prev, c)) = states[at].1 {
        out.push(c);
        at = prev;
    }
    out.iter().rev().collect()
}

/// The same for patterns of 128 tokens or more, with sets of any size.
fn contained_large(a: &[Token], bs: &[Vec<Token>], alphabet: &[char]) -> Containment {
    let first: State = (start(a), bs.iter().map(|b| start(b)).collect());
    // Each state reached, with the state and character it was reached from (for the witness).
    let mut seen: HashMap<State, Option<(State, char)>> = HashMap::new();
    let mut queue = VecDeque::new();
    seen.insert(first.clone(), None);
    queue.push_back(first);
    while let Some(state) = queue.pop_front() {
        let (sa, sb) = &state;
        if accepts(a, sa) && !sb.iter().zip(bs).any(|(s, b)| accepts(b, s)) {
            return Containment::Witness(witness(&seen, state));
        }
        for &c in alphabet {
            let na = step(a, sa, c);
            if na.is_empty() {
                continue;
            }
            let nb: Vec<Positions> = sb.iter().zip(bs).map(|(s, b)| step(b, s, c)).collect();
            let next = (na, nb);
            if !seen.contains_key(&next) {
                seen.insert(next.clone(), Some((state.clone(), c)));
                queue.push_back(next);
            }
        }
    }
    Containment::Contained
}

fn witness<S: std::hash::Hash + Eq + Clone>(
    seen: &HashMap<S, Option<(S, char)>>,
    mut state: S,
) -> String {
    let mut out = Vec::new();
    while let Some(Some((prev, c))) = seen.get(&state) {
        out.push(*c);
        state = prev.clone();
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::eval::glob::glob;

    #[test]
    fn table() {
        // (a, bs, Some(shortest witness) or None when contained)
        let rows: &[(&str, &[&str], Option<&str>)] = &[
            ("repository/?", &["repository/*"], None),
            ("repository/*", &["repository/?"], Some("repository/")),
            ("repository/*", &["repository/*"], None),
            ("repository/a*", &["repository/*"], None),
            ("repository/*", &["repository/a*"], Some("repository/")),
            ("a*", &["a", "a?*"], None),
            ("a*", &["a?*"], Some("a")),
            ("*", &[], Some("")),
            ("ab", &["a*b"], None),
            ("a*b", &["a*"], None),
            ("a*b", &["*b"], None),
            ("a*b", &["a?b"], Some("ab")),
            ("??", &["a?", "?a"], Some("xx")),
            ("??", &["a?", "?a", "b?", "?b"], Some("xx")),
            ("?", &["*"], None),
            ("*", &["?*", ""], None),
            ("a*a", &["a*"], None),
            ("*a*", &["*a"], Some("ax")),
            ("x*", &["*"], None),
            ("*", &["x*"], Some("")),
            ("team/*", &["team"], Some("team/")),
        ];
        for (a, bs, want) in rows {
            let got = containment(a, bs);
            match want {
                None => assert_eq!(got, Containment::Contained, "{a} ⊆ {bs:?}"),
                Some(w) => {
                    let got_w = got.witness().unwrap_or_else(|| panic!("{a} ⊄ {bs:?}"));
                    assert!(glob(a, got_w), "{got_w:?} must match {a}");
                    assert!(
                        bs.iter().all(|b| !glob(b, got_w)),
                        "{got_w:?} matches {bs:?}"
                    );
                    assert_eq!(got_w.chars().count(), w.chars().count(), "shortest for {a}");
                    if !w.contains('x') {
                        assert_eq!(got_w, *w, "{a} ⊄ {bs:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn long_patterns_take_the_general_path() {
        let long = "a".repeat(130);
        let a = format!("{long}*");
        assert!(containment(&a, &["a*"]).is_contained());
        let w = containment("a*", &[&a]);
        assert_eq!(w.witness(), Some("a"));
        let b = format!("{long}?*");
        assert_eq!(
            containment(&a, &[b.as_str()]).witness(),
            Some(long.as_str())
        );
    }

    #[test]
    fn ignore_case() {
        assert!(containment_ignore_case("ECR:Batch*", &["ecr:*"]).is_contained());
        assert_eq!(
            containment_ignore_case("ecr:*", &["ECR:BATCH*"]).witness(),
            Some("ecr:")
        );
    }

    #[test]
    fn literal_star_from_a_variable_is_not_a_wildcard() {
        // `a${*}` matches only "a*"; `a*` matches it.
        let a = vec![Token::Char('a'), Token::Char('*')];
        assert!(contained_tokens(&a, &[tokens("a*")]).is_contained());
        let w = contained_tokens(&tokens("a*"), &[a]);
        assert_eq!(w.witness(), Some("a"));
    }

    /// Every string over {a, b, c} up to six characters.
    fn all_strings() -> Vec<String> {
        let mut out = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..6 {
            last = last
                .iter()
                .flat_map(|s| ['a', 'b', 'c'].map(|c| format!("{s}{c}")))
                .collect();
            out.extend(last.iter().cloned());
        }
        out
    }

    fn regex_of(pattern: &str) -> regex::Regex {
        let body: String = pattern
            .chars()
            .map(|c| match c {
                '*' => ".*".to_string(),
                '?' => ".".to_string(),
                c => regex::escape(&c.to_string()),
            })
            .collect();
        regex::Regex::new(&format!("^(?s:{body})$")).unwrap()
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(400))]

        /// Glob matching agrees with the same pattern as a regular expression.
        #[test]
        fn glob_agrees_with_a_regex(p in "[ab*?]{0,6}", s in "[abc]{0,7}") {
            proptest::prop_assert_eq!(glob(&p, &s), regex_of(&p).is_match(&s));
        }

        /// Containment agrees with matching: a witness is matched by A and by no B; when A is
        /// contained, no string up to six characters is matched by A and by no B.
        #[test]
        fn containment_agrees_with_glob(
            a in "[ab*?]{0,5}",
            bs in proptest::collection::vec("[ab*?]{0,5}", 0..4),
        ) {
            let refs: Vec<&str> = bs.iter().map(String::as_str).collect();
            match containment(&a, &refs) {
                Containment::Witness(w) => {
                    proptest::prop_assert!(glob(&a, &w), "{w:?} not in {a}");
                    proptest::prop_assert!(refs.iter().all(|b| !glob(b, &w)), "{w:?} in {refs:?}");
                }
                Containment::Contained => {
                    for s in all_strings() {
                        proptest::prop_assert!(
                            !glob(&a, &s) || refs.iter().any(|b| glob(b, &s)),
                            "{a} ⊆ {refs:?} but {s:?}"
                        );
                    }
                }
            }
        }
    }
}
