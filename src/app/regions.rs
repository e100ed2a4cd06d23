//! The region picker's entries (every region plus "all regions" per partition, and a typed
//! code that is not in the list) and the search over them (ranking in [`rank`]).

mod rank;

use crate::policy::spec::catalog::{PARTITIONS, PartitionInfo, RegionInfo};
use crate::policy::spec::region::{partition_label, resolve_region};

pub use rank::{RegionMatch, Tier, filter_regions};

/// One row of the region list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionEntry {
    pub partition: &'static PartitionInfo,
    /// None for "all regions (*)" of the partition, and for a typed code.
    pub region: Option<&'static RegionInfo>,
    /// A well-formed region code typed in the search that is not in the built-in list.
    pub typed: Option<String>,
    /// The searchable text, fields separated by single spaces: code, name, label, partition.
    pub haystack: String,
    /// Char ranges of the fields inside `haystack`.
    pub fields: [(usize, usize); 4],
    /// `haystack` in lower case, one char per haystack char, for matching.
    pub(crate) lower: Vec<char>,
    /// The words of `lower`, by field, for the word-prefix tier.
    pub(crate) words: Vec<rank::Word>,
}

impl RegionEntry {
    /// The region code, or `*`.
    pub fn code(&self) -> &str {
        match &self.typed {
            Some(code) => code,
            None => self.region.map_or("*", |r| r.code),
        }
    }

    /// The display name.
    pub fn name(&self) -> String {
        match (&self.typed, self.region) {
            (Some(code), _) => typed_name(code),
            (None, Some(r)) => r.name.to_string(),
            (None, None) => format!("All regions of {}", self.partition.name),
        }
    }

    /// Whether ECR is listed (always true for "all regions"; never for a typed code).
    pub fn ecr_listed(&self) -> bool {
        self.typed.is_none() && self.region.is_none_or(|r| r.ecr)
    }

    /// Whether this is the row for a typed code that is not in the list.
    pub fn is_typed(&self) -> bool {
        self.typed.is_some()
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
    build(partition, region, None, code, &name)
}

fn typed_name(code: &str) -> String {
    format!("Use {code}, not in the built-in list; partition from the code")
}

/// The extra row for a well-formed region code that is not in the built-in list (the CLI
/// accepts such a code with a warning), or None.
pub fn typed_entry(query: &str) -> Option<RegionEntry> {
    let code = query.trim().to_ascii_lowercase();
    if code.is_empty() || code == "*" || code.contains(char::is_whitespace) {
        return None;
    }
    let choice = resolve_region(&code, None).ok()?;
    if choice.known.is_some() {
        return None;
    }
    Some(build(
        choice.partition,
        None,
        Some(code.clone()),
        &code,
        &typed_name(&code),
    ))
}

fn build(
    partition: &'static PartitionInfo,
    region: Option<&'static RegionInfo>,
    typed: Option<String>,
    code: &str,
    name: &str,
) -> RegionEntry {
    let parts = [code, name, partition_label(partition), partition.arn];
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
    // One lower-case char per char, so positions in `lower` are positions in `haystack`.
    let lower = haystack
        .chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect::<Vec<char>>();
    let words = rank::index_words(&lower, &fields);
    RegionEntry {
        partition,
        region,
        typed,
        haystack,
        fields,
        lower,
        words,
    }
}

/// Searches the entries, first dropping the row of a previously typed code, then adding one
/// for `query` when it is a well-formed code not in the list: that row comes first.
pub fn search_regions(entries: &mut Vec<RegionEntry>, query: &str) -> Vec<RegionMatch> {
    entries.retain(|e| !e.is_typed());
    let mut matches = filter_regions(entries, query);
    if let Some(typed) = typed_entry(query) {
        let n = typed.lower.len();
        entries.push(typed);
        matches.retain(|m| m.tier < Tier::Scattered);
        matches.insert(
            0,
            RegionMatch {
                index: entries.len() - 1,
                tier: Tier::Exact,
                score: i32::MAX,
                positions: (0..n.min(query.trim().chars().count())).collect(),
            },
        );
    }
    matches
}

#[cfg(test)]
mod tests;
