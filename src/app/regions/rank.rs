//! Region search ranking. Each query word is matched in tiers, best first: the exact code;
//! a word prefix of the code, name, city or partition (`ap-ne` = prefixes of consecutive code
//! words); a contiguous substring; and, only when no entry matches any of those, a scattered
//! subsequence scored by nucleo-matcher (the fuzzy matcher of Helix and television). An entry
//! ranks by its weakest word. Regions of the isolated partitions (ISO, EU Sovereign) found
//! only through their name are left out next to regions of the other partitions: "ohio" means
//! us-east-2, not the ISO-B region that is also in Ohio.

use std::cell::RefCell;

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::policy::spec::region::is_isolated;

use super::RegionEntry;

/// How well a word (or, for an entry, its weakest word) matched; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// The whole region code.
    Exact,
    /// The start of a word of the code, name, city or partition.
    WordPrefix,
    /// Anywhere, in one piece.
    Substring,
    /// Scattered letters: shown only when nothing matches better.
    Scattered,
}

/// A filtered row: which entry, how well it matched, which haystack chars matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionMatch {
    pub index: usize,
    pub tier: Tier,
    /// Within a tier, higher ranks first.
    pub score: i32,
    pub positions: Vec<usize>,
}

/// The haystack field a word matched in: code, name, partition label, partition ARN name.
const CODE: usize = 0;
const NAME: usize = 1;

struct WordMatch {
    tier: Tier,
    field: usize,
    positions: Vec<usize>,
}

thread_local! {
    /// nucleo's matcher holds a large scratch buffer: made once, not per keystroke.
    static MATCHER: RefCell<Matcher> = RefCell::new(Matcher::new(Config::DEFAULT));
}

/// Filters and ranks entries; an empty query keeps every entry in order.
pub fn filter_regions(entries: &[RegionEntry], query: &str) -> Vec<RegionMatch> {
    let words: Vec<QueryWord> = query.split_whitespace().map(QueryWord::new).collect();
    if words.is_empty() {
        return (0..entries.len())
            .map(|index| RegionMatch {
                index,
                tier: Tier::Exact,
                score: 0,
                positions: Vec::new(),
            })
            .collect();
    }
    let strong: Vec<(usize, Vec<WordMatch>)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let found: Option<Vec<WordMatch>> = words.iter().map(|w| strong_match(e, w)).collect();
            found.map(|f| (i, f))
        })
        .collect();
    let mut out = if strong.is_empty() {
        scattered(entries, query)
    } else {
        ranked(entries, strong)
    };
    // Stable: equal ranks keep the data order.
    out.sort_by_key(|m| (m.tier, std::cmp::Reverse(m.score)));
    out
}

fn ranked(entries: &[RegionEntry], strong: Vec<(usize, Vec<WordMatch>)>) -> Vec<RegionMatch> {
    let others_found = strong
        .iter()
        .any(|(i, _)| !is_isolated(entries[*i].partition));
    strong
        .into_iter()
        .filter(|(i, words)| {
            !(others_found
                && is_isolated(entries[*i].partition)
                && words.iter().all(|w| w.field == NAME))
        })
        .map(|(index, words)| {
            let tier = words.iter().map(|w| w.tier).max().unwrap_or(Tier::Exact);
            // Code matches before name matches before partition matches, earlier before later.
            let field_rank: usize = words.iter().map(|w| w.field).sum();
            // Where in its field the first word matched.
            let first = words
                .iter()
                .filter_map(|w| Some(w.positions.first()? - entries[index].fields[w.field].0))
                .min()
                .unwrap_or(0);
            let mut positions: Vec<usize> = words.into_iter().flat_map(|w| w.positions).collect();
            positions.sort_unstable();
            positions.dedup();
            let penalty = field_rank * 1000 + first;
            RegionMatch {
                index,
                tier,
                score: -i32::try_from(penalty).unwrap_or(i32::MAX),
                positions,
            }
        })
        .collect()
}

/// A word of an entry's haystack: a run of letters and digits inside one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    field: usize,
    start: usize,
    end: usize,
    /// In a code, the first letters of a compass compound (`n`, `e` of `northeast`), as
    /// positions; empty otherwise.
    initials: Vec<usize>,
}

/// The compass words codes are made of; `northeast` abbreviates to `ne`, as in AWS's short
/// region names (`apne1`).
const COMPASS: [&str; 4] = ["north", "south", "east", "west"];

/// The words of every field, computed once when the entry is built.
pub(crate) fn index_words(lower: &[char], fields: &[(usize, usize); 4]) -> Vec<Word> {
    let mut out = Vec::new();
    for (field, &(from, to)) in fields.iter().enumerate() {
        let mut i = from;
        while i < to {
            if !lower[i].is_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            while i < to && lower[i].is_alphanumeric() {
                i += 1;
            }
            let initials = if field == CODE {
                compass_initials(&lower[start..i])
                    .into_iter()
                    .map(|o| start + o)
                    .collect()
            } else {
                Vec::new()
            };
            out.push(Word {
                field,
                start,
                end: i,
                initials,
            });
        }
    }
    out
}

/// Offsets of the initials of a word made of two or more compass words, else none.
fn compass_initials(word: &[char]) -> Vec<usize> {
    let mut initials = Vec::new();
    let mut at = 0;
    while at < word.len() {
        let Some(part) = COMPASS
            .iter()
            .find(|c| c.chars().zip(&word[at..]).filter(|(a, b)| a == *b).count() == c.len())
        else {
            return Vec::new();
        };
        initials.push(at);
        at += part.len();
    }
    if initials.len() > 1 {
        initials
    } else {
        Vec::new()
    }
}

/// One query word, lower case, with its pieces (`ap-ne` is `ap` and `ne`).
pub(crate) struct QueryWord {
    chars: Vec<char>,
    pieces: Vec<Vec<char>>,
}

impl QueryWord {
    fn new(word: &str) -> QueryWord {
        let chars: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
        let pieces = chars
            .split(|c| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .map(<[char]>::to_vec)
            .collect();
        QueryWord { chars, pieces }
    }
}

/// How `piece` matches `word`: at its start, or (in a code) as its compass initials.
fn piece_fits(lower: &[char], word: &Word, piece: &[char]) -> bool {
    lower[word.start..word.end].starts_with(piece)
        || (piece.len() <= word.initials.len()
            && piece
                .iter()
                .zip(&word.initials)
                .all(|(c, &i)| lower[i] == *c))
}

fn piece_positions(lower: &[char], word: &Word, piece: &[char]) -> Vec<usize> {
    if lower[word.start..word.end].starts_with(piece) {
        (word.start..word.start + piece.len()).collect()
    } else {
        word.initials[..piece.len()].to_vec()
    }
}

/// The best match of one query word that is not scattered.
fn strong_match(e: &RegionEntry, q: &QueryWord) -> Option<WordMatch> {
    let lower = &e.lower;
    let word = q.chars.as_slice();
    let (cs, ce) = e.fields[CODE];
    if lower[cs..ce] == *word {
        return Some(WordMatch {
            tier: Tier::Exact,
            field: CODE,
            positions: (cs..ce).collect(),
        });
    }
    let n = q.pieces.len();
    if n > 0 {
        for (start, first) in e.words.iter().enumerate() {
            let Some(run) = e.words.get(start..start + n) else {
                break;
            };
            let fits = run
                .iter()
                .zip(&q.pieces)
                .all(|(w, p)| w.field == first.field && piece_fits(lower, w, p));
            if fits {
                return Some(WordMatch {
                    tier: Tier::WordPrefix,
                    field: first.field,
                    positions: run
                        .iter()
                        .zip(&q.pieces)
                        .flat_map(|(w, p)| piece_positions(lower, w, p))
                        .collect(),
                });
            }
        }
    }
    let len = word.len();
    let at = lower.windows(len).position(|w| w == word)?;
    let field = e
        .fields
        .iter()
        .position(|&(s, t)| at >= s && at < t)
        .unwrap_or(CODE);
    Some(WordMatch {
        tier: Tier::Substring,
        field,
        positions: (at..at + len).collect(),
    })
}

/// The scattered tier, scored by nucleo-matcher: every word must match somewhere.
fn scattered(entries: &[RegionEntry], query: &str) -> Vec<RegionMatch> {
    let atoms: Vec<Atom> = query
        .split_whitespace()
        .map(|w| {
            Atom::new(
                w,
                CaseMatching::Ignore,
                Normalization::Smart,
                AtomKind::Fuzzy,
                false,
            )
        })
        .collect();
    MATCHER.with_borrow_mut(|matcher| {
        let mut buf = Vec::new();
        let mut indices = Vec::new();
        entries
            .iter()
            .enumerate()
            .filter_map(|(index, e)| {
                let hay = Utf32Str::new(&e.haystack, &mut buf);
                indices.clear();
                let mut score = 0i32;
                for atom in &atoms {
                    score += i32::from(atom.indices(hay, matcher, &mut indices)?);
                }
                let mut positions: Vec<usize> = indices
                    .iter()
                    .filter_map(|&p| usize::try_from(p).ok())
                    .collect();
                positions.sort_unstable();
                positions.dedup();
                Some(RegionMatch {
                    index,
                    tier: Tier::Scattered,
                    score,
                    positions,
                })
            })
            .collect()
    })
}
