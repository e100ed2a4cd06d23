//! The region picker's entries (every region plus "all regions" per partition) and the fuzzy filter.

use crate::policy::spec::catalog::{PARTITIONS, PartitionInfo, RegionInfo};
use crate::policy::spec::region::partition_label;

/// One row of the region list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionEntry {
    pub partition: &'static PartitionInfo,
    /// None for "all regions (*)" of the partition.
    pub region: Option<&'static RegionInfo>,
    /// The searchable text, fields separated by single spaces: code, name, label, partition.
    pub haystack: String,
    /// Char ranges of the fields inside `haystack`.
    pub fields: [(usize, usize); 4],
}

impl RegionEntry {
    /// The region code, or `*`.
    pub fn code(&self) -> &'static str {
        self.region.map_or("*", |r| r.code)
    }

    /// The display name.
    pub fn name(&self) -> String {
        self.region.map_or_else(
            || format!("All regions of {}", self.partition.name),
            |r| r.name.to_string(),
        )
    }

    /// Whether ECR is listed (always true for "all regions").
    pub fn ecr_listed(&self) -> bool {
        self.region.is_none_or(|r| r.ecr)
    }
}

/// Every entry, grouped by partition: its regions, then its "all regions (*)".
pub fn region_entries() -> Vec<RegionEntry> {
    let mut out = Vec::new();
    for p in PARTITIONS {
        for r in p.regions {
            out.push(entry(p, Some(r)));
        }
        out.push(entry(p, None));
    }
    out
}

fn entry(partition: &'static PartitionInfo, region: Option<&'static RegionInfo>) -> RegionEntry {
    let code = region.map_or("*", |r| r.code);
    let name = region.map_or_else(
        || format!("All regions of {}", partition.name),
        |r| r.name.to_string(),
    );
    let parts = [
        code,
        name.as_str(),
        partition_label(partition),
        partition.arn,
    ];
    let mut haystack = String::new();
    let mut fields = [(0, 0); 4];
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            haystack.push(' ');
            pos += 1;
        }
        let n = part.chars().count();
        fields[i] = (pos, pos + n);
        haystack.push_str(part);
        pos += n;
    }
    RegionEntry {
        partition,
        region,
        haystack,
        fields,
    }
}

/// A filtered row: which entry, how well it matched, which haystack chars matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionMatch {
    pub index: usize,
    pub score: i32,
    pub positions: Vec<usize>,
}

/// Filters and ranks entries; an empty query keeps every entry in order.
pub fn filter_regions(entries: &[RegionEntry], query: &str) -> Vec<RegionMatch> {
    let words: Vec<Vec<char>> = query
        .split_whitespace()
        .map(|w| w.to_lowercase().chars().collect())
        .collect();
    let mut out: Vec<RegionMatch> = entries
        .iter()
        .enumerate()
        .filter_map(|(index, e)| {
            let hay: Vec<char> = e.haystack.to_lowercase().chars().collect();
            let mut score = 0;
            let mut positions = Vec::new();
            for w in &words {
                let (s, pos) = match_word(&hay, w)?;
                score += s;
                positions.extend(pos);
            }
            positions.sort_unstable();
            positions.dedup();
            Some(RegionMatch {
                index,
                score,
                positions,
            })
        })
        .collect();
    // Stable: equal scores keep the data order.
    out.sort_by_key(|m| std::cmp::Reverse(m.score));
    out
}

fn is_boundary(hay: &[char], i: usize) -> bool {
    i == 0 || !hay[i - 1].is_alphanumeric()
}

/// Best match of one word: a contiguous run scores highest (more at a word start), otherwise
/// the tightest subsequence.
fn match_word(hay: &[char], word: &[char]) -> Option<(i32, Vec<usize>)> {
    if word.is_empty() {
        return Some((0, Vec::new()));
    }
    let n = word.len();
    let mut best: Option<(i32, Vec<usize>)> = None;
    let mut consider = |score: i32, pos: Vec<usize>| {
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, pos));
        }
    };
    for start in 0..hay.len() {
        if hay[start] != word[0] {
            continue;
        }
        if hay.len() >= start + n && hay[start..start + n] == *word {
            let bonus = if is_boundary(hay, start) { 40 } else { 0 };
            // Earlier fields (the code, then the name) rank above later ones.
            consider(
                200 + bonus + i32::try_from(n).unwrap_or(0) * 4
                    - i32::try_from(start / 8).unwrap_or(0),
                (start..start + n).collect(),
            );
            continue;
        }
        let mut pos = vec![start];
        let mut j = start + 1;
        for &c in &word[1..] {
            while j < hay.len() && hay[j] != c {
                j += 1;
            }
            if j >= hay.len() {
                break;
            }
            pos.push(j);
            j += 1;
        }
        if pos.len() == n {
            let span = i32::try_from(pos[n - 1] - pos[0]).unwrap_or(i32::MAX / 2);
            let starts =
                i32::try_from(pos.iter().filter(|&&p| is_boundary(hay, p)).count()).unwrap_or(0);
            consider(100 - span + starts * 10, pos);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn top(query: &str) -> String {
        let entries = region_entries();
        let m = filter_regions(&entries, query);
        entries[m[0].index].code().to_string()
    }

    #[test]
    fn finds_what_a_person_means() {
        assert_eq!(top("tokyo"), "ap-northeast-1");
        assert_eq!(top("frank"), "eu-central-1");
        assert_eq!(top("ap-ne"), "ap-northeast-1");
        assert!(top("gov").starts_with("us-gov-"));
        assert!(top("china").starts_with("cn-"));
        assert_eq!(top("TOKYO"), "ap-northeast-1");
        assert_eq!(top("us-east-1"), "us-east-1");
        assert_eq!(top("sao paulo"), "sa-east-1");
    }

    #[test]
    fn all_regions_entries_are_offered() {
        let entries = region_entries();
        assert_eq!(entries.len(), 48 + 8);
        let m = filter_regions(&entries, "all regions govcloud");
        assert_eq!(entries[m[0].index].code(), "*");
        assert_eq!(entries[m[0].index].partition.arn, "aws-us-gov");
    }

    #[test]
    fn empty_query_keeps_order_and_nonsense_matches_nothing() {
        let entries = region_entries();
        let all = filter_regions(&entries, "");
        assert_eq!(all.len(), entries.len());
        assert!(all.iter().enumerate().all(|(i, m)| m.index == i));
        assert!(filter_regions(&entries, "zzzq").is_empty());
    }

    #[test]
    fn positions_point_at_matched_characters() {
        let entries = region_entries();
        let m = &filter_regions(&entries, "tokyo")[0];
        let hay: Vec<char> = entries[m.index].haystack.chars().collect();
        let s: String = m.positions.iter().map(|&p| hay[p]).collect();
        assert_eq!(s.to_lowercase(), "tokyo");
    }
}
