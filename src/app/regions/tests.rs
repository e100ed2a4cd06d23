//! The region search ranking, as a table of queries and what a person expects, plus the row
//! for a typed code that is not in the list.

use super::*;

/// Codes of the rows shown for `query`, best first (`*@arn` for "all regions" rows).
fn shown(query: &str) -> Vec<String> {
    let mut entries = region_entries();
    search_regions(&mut entries, query)
        .iter()
        .map(|m| {
            let e = &entries[m.index];
            if e.region.is_none() && !e.is_typed() {
                format!("*@{}", e.partition.arn)
            } else {
                e.code().to_string()
            }
        })
        .collect()
}

/// How a query must be answered.
enum Want {
    /// Exactly these rows, in this order.
    Only(&'static [&'static str]),
    /// This row first; others may follow.
    First(&'static str),
    /// Every row starts with this; at least `n` rows.
    AllStartWith(&'static str, usize),
    /// Nothing.
    Nothing,
}

#[test]
fn ranking_table() {
    use Want::{AllStartWith, First, Nothing, Only};
    let table: &[(&str, Want)] = &[
        // From the issue.
        ("ohio", Only(&["us-east-2"])),
        ("seoul", Only(&["ap-northeast-2"])),
        ("gov", AllStartWith("us-gov-", 2)),
        ("frank", Only(&["eu-central-1"])),
        ("tokyo", Only(&["ap-northeast-1"])),
        (
            "ap-ne",
            Only(&["ap-northeast-1", "ap-northeast-2", "ap-northeast-3"]),
        ),
        ("china", Only(&["cn-north-1", "cn-northwest-1", "*@aws-cn"])),
        ("iso", First("us-iso-east-1")),
        ("sao paulo", Only(&["sa-east-1"])),
        // Cities and names, any case.
        ("TOKYO", Only(&["ap-northeast-1"])),
        ("sydney", Only(&["ap-southeast-2"])),
        ("zurich", Only(&["eu-central-2"])),
        ("tel aviv", Only(&["il-central-1"])),
        ("n. virginia", Only(&["us-east-1"])),
        ("virginia", Only(&["us-east-1"])),
        ("calgary", Only(&["ca-west-1"])),
        ("ireland", Only(&["eu-west-1"])),
        ("germany", Only(&["eusc-de-east-1"])),
        // Codes, whole and partial.
        ("us-east-1", Only(&["us-east-1"])),
        ("eu-west-2", Only(&["eu-west-2"])),
        ("eu-w", Only(&["eu-west-1", "eu-west-2", "eu-west-3"])),
        ("us-gov", AllStartWith("us-gov-", 2)),
        ("ap-southeast", AllStartWith("ap-southeast-", 7)),
        // Codes first, then names ("AWS GovCloud (US-East)").
        ("us-e", Only(&["us-east-1", "us-east-2", "us-gov-east-1"])),
        // Partition names.
        ("govcloud", AllStartWith("", 3)),
        (
            "aws-cn",
            Only(&["cn-north-1", "cn-northwest-1", "*@aws-cn"]),
        ),
        ("sovereign", Only(&["eusc-de-east-1", "*@aws-eusc"])),
        (
            "isob",
            Only(&["us-isob-east-1", "us-isob-west-1", "*@aws-iso-b"]),
        ),
        ("all regions govcloud", Only(&["*@aws-us-gov"])),
        // A contiguous piece inside a word, after whole-word starts.
        ("kyo", Only(&["ap-northeast-1"])),
        ("bai", Only(&["ap-south-1"])),
        // Typos with letters left out: only the scattered tier finds them.
        ("frnkfurt", First("eu-central-1")),
        ("sydny", First("ap-southeast-2")),
        ("stokholm", First("eu-north-1")),
        ("singapur", Nothing),
        // Nonsense.
        ("zzzq", Nothing),
        ("xyz-1", Nothing),
    ];
    let mut failures = Vec::new();
    for (query, want) in table {
        let got = shown(query);
        let ok = match want {
            Only(codes) => got == *codes,
            First(code) => got.first().map(String::as_str) == Some(*code),
            AllStartWith(prefix, n) => {
                got.len() >= *n
                    && got
                        .iter()
                        .all(|c| c.starts_with(prefix) || c.starts_with("*@"))
            }
            Nothing => got.is_empty(),
        };
        if !ok {
            failures.push(format!("{query:?} → {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn gov_finds_govcloud_and_not_the_sovereign_cloud() {
    let got = shown("gov");
    assert!(got.contains(&"us-gov-east-1".to_string()), "{got:?}");
    assert!(got.contains(&"us-gov-west-1".to_string()), "{got:?}");
    assert!(!got.iter().any(|c| c.contains("eusc")), "{got:?}");
}

#[test]
fn ohio_leaves_out_the_iso_b_region_that_is_also_in_ohio() {
    assert_eq!(shown("ohio"), ["us-east-2"]);
    // Asked for by its partition, it is there.
    assert_eq!(shown("isob ohio"), ["us-isob-east-1"]);
}

#[test]
fn scattered_matches_never_sit_next_to_strong_ones() {
    let entries = region_entries();
    for query in ["east", "land", "eu", "north", "a", "iso", "us-west"] {
        let m = filter_regions(&entries, query);
        assert!(!m.is_empty(), "{query}");
        assert!(
            m.iter().all(|r| r.tier < Tier::Scattered),
            "{query}: {:?}",
            m.iter().map(|r| r.tier).collect::<Vec<_>>()
        );
    }
    let m = filter_regions(&entries, "frnkfurt");
    assert!(m.iter().all(|r| r.tier == Tier::Scattered));
}

#[test]
fn tiers_rank_exact_then_word_prefix_then_substring() {
    let entries = region_entries();
    // "east": code words first (us-east-1 …), then "northeast"/"southeast" pieces.
    let m = filter_regions(&entries, "east");
    let tiers: Vec<Tier> = m.iter().map(|r| r.tier).collect();
    let mut sorted = tiers.clone();
    sorted.sort();
    assert_eq!(tiers, sorted);
    assert!(tiers.contains(&Tier::WordPrefix) && tiers.contains(&Tier::Substring));
    let order: Vec<&str> = m.iter().map(|r| entries[r.index].code()).collect();
    let at = |code: &str| order.iter().position(|c| *c == code).unwrap();
    // Same tier and field: the data order.
    assert_eq!(order[0], "ap-east-1");
    assert!(at("us-east-1") < at("ap-northeast-1"), "{order:?}");
}

#[test]
fn a_typed_code_not_in_the_list_is_offered_as_its_own_row() {
    let mut entries = region_entries();
    let m = search_regions(&mut entries, "us-west-9");
    let first = &entries[m[0].index];
    assert!(first.is_typed());
    assert_eq!(first.code(), "us-west-9");
    assert_eq!(first.partition.arn, "aws");
    assert_eq!(
        first.name(),
        "Use us-west-9, not in the built-in list; partition from the code"
    );
    // The partition follows the code.
    let m = search_regions(&mut entries, "us-gov-west-7");
    assert_eq!(entries[m[0].index].partition.arn, "aws-us-gov");
    // The row goes away with the query; no duplicates pile up.
    let before = region_entries().len();
    let m = search_regions(&mut entries, "tokyo");
    assert_eq!(entries.len(), before);
    assert!(m.iter().all(|r| !entries[r.index].is_typed()));
}

#[test]
fn known_codes_partial_codes_and_words_get_no_typed_row() {
    for query in ["us-east-1", "us-west", "ohio", "us west 9", "*", ""] {
        let mut entries = region_entries();
        let m = search_regions(&mut entries, query);
        assert!(m.iter().all(|r| !entries[r.index].is_typed()), "{query:?}");
    }
}

#[test]
fn empty_query_keeps_order() {
    let entries = region_entries();
    assert_eq!(entries.len(), 48 + 8);
    let all = filter_regions(&entries, "");
    assert_eq!(all.len(), entries.len());
    assert!(all.iter().enumerate().all(|(i, m)| m.index == i));
}

#[test]
fn positions_point_at_matched_characters() {
    let entries = region_entries();
    for (query, want) in [
        ("tokyo", "tokyo"),
        ("ap-ne", "apne"),
        ("frnkfurt", "frnkfurt"),
    ] {
        let m = &filter_regions(&entries, query)[0];
        let hay: Vec<char> = entries[m.index].haystack.chars().collect();
        let s: String = m.positions.iter().map(|&p| hay[p]).collect();
        assert_eq!(s.to_lowercase(), want, "{query}");
    }
}
