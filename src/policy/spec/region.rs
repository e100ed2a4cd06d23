//! Regions and partitions: lookup, the ARN partition for a region code, and region input validation.

use std::sync::LazyLock;

use regex::Regex;

use crate::policy::spec::catalog::{PARTITIONS, PartitionInfo, RegionInfo};
use crate::policy::spec::model::{Field, FieldError};

/// The region a policy is for: one code, or `*` for every region of a partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionChoice {
    /// A region code, or `*`.
    pub code: String,
    pub partition: &'static PartitionInfo,
    /// The data entry when the region is in `assets/regions.json`.
    pub known: Option<&'static RegionInfo>,
}

impl RegionChoice {
    /// True for `*` (all regions of the partition).
    pub fn is_all(&self) -> bool {
        self.code == "*"
    }
}

/// The compiled region patterns, one per partition, in [`PARTITIONS`] order.
static PATTERNS: LazyLock<Vec<Option<Regex>>> = LazyLock::new(|| {
    PARTITIONS
        .iter()
        .map(|p| Regex::new(p.region_regex).ok())
        .collect()
});

/// Every region of every partition, in data order.
pub fn all_regions() -> impl Iterator<Item = (&'static PartitionInfo, &'static RegionInfo)> {
    PARTITIONS
        .iter()
        .flat_map(|p| p.regions.iter().map(move |r| (p, r)))
}

/// A region from the data, by exact code.
pub fn find_region(code: &str) -> Option<(&'static PartitionInfo, &'static RegionInfo)> {
    all_regions().find(|(_, r)| r.code == code)
}

/// A partition by its id or ARN name (`aws-us-gov`), ignoring case.
pub fn find_partition(name: &str) -> Option<&'static PartitionInfo> {
    let name = name.trim();
    PARTITIONS
        .iter()
        .find(|p| p.id.eq_ignore_ascii_case(name) || p.arn.eq_ignore_ascii_case(name))
}

/// The standard `aws` partition.
pub fn default_partition() -> &'static PartitionInfo {
    find_partition("aws").unwrap_or(&PARTITIONS[0])
}

/// The partition whose region pattern matches a code; the specific partitions are tried
/// before the commercial one so `us-gov-west-1` never lands in `aws`.
pub fn partition_for_code(code: &str) -> Option<&'static PartitionInfo> {
    if let Some((p, _)) = find_region(code) {
        return Some(p);
    }
    let matches = |i: usize| PATTERNS[i].as_ref().is_some_and(|re| re.is_match(code));
    let specific = PARTITIONS
        .iter()
        .enumerate()
        .find(|(i, p)| p.arn != "aws" && matches(*i));
    let any = || PARTITIONS.iter().enumerate().find(|(i, _)| matches(*i));
    specific.or_else(any).map(|(_, p)| p)
}

/// Human label for a partition in lists: "AWS `GovCloud` (US)".
pub fn partition_label(p: &PartitionInfo) -> &'static str {
    match p.arn {
        "aws" => "Commercial",
        "aws-cn" => "China",
        "aws-us-gov" => "GovCloud",
        "aws-iso" => "ISO",
        "aws-iso-b" => "ISO-B",
        "aws-iso-e" => "ISO-E",
        "aws-iso-f" => "ISO-F",
        "aws-eusc" => "EU Sovereign",
        _ => "Other",
    }
}

/// True for partitions that have no public console (ISO and the European sovereign cloud).
pub fn is_isolated(p: &PartitionInfo) -> bool {
    p.arn.starts_with("aws-iso") || p.arn == "aws-eusc"
}

/// What `generate` and the wizard say about a well-formed region code that is not in the
/// built-in list: accepted, with the partition taken from the code.
pub fn unknown_region_note(code: &str, partition_arn: &str) -> String {
    format!(
        "{code} is not in this tool's region list (it may be newer); its partition was taken \
         from the code: {partition_arn}. Check the region code."
    )
}

/// The known region a code not in the data is most likely a typo of: within two edits
/// (a swap of neighbours counts as one), unless the code only differs from a known code
/// in its trailing number, so `ap-southeast-9` reads as a new region of a known family.
pub fn near_miss(code: &str) -> Option<&'static str> {
    let family = |c: &str| {
        c.trim_end_matches(|ch: char| ch.is_ascii_digit())
            .to_string()
    };
    let own = family(code);
    if own.len() < code.len() && all_regions().any(|(_, r)| family(r.code) == own) {
        return None;
    }
    all_regions()
        .map(|(_, r)| (strsim::osa_distance(code, r.code), r.code))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// For a lower-case code not in the data: the known code it is a typo of, if any.
pub fn typo_of(code: &str) -> Option<&'static str> {
    find_region(code)
        .is_none()
        .then(|| near_miss(code))
        .flatten()
}

/// Validates a region (and, for `*`, a partition) as the user typed them.
pub fn resolve_region(region: &str, partition: Option<&str>) -> Result<RegionChoice, FieldError> {
    let code = region.trim().to_ascii_lowercase();
    let explicit = match partition.map(str::trim).filter(|p| !p.is_empty()) {
        Some(name) => Some(find_partition(name).ok_or_else(|| {
            let names: Vec<&str> = PARTITIONS.iter().map(|p| p.arn).collect();
            FieldError::new(
                Field::Partition,
                name,
                format!("is not an AWS partition; use one of {}", names.join(", ")),
            )
        })?),
        None => None,
    };
    if code.is_empty() {
        return Err(FieldError::new(
            Field::Region,
            region,
            "is empty: give a region code such as us-east-1, or * for all regions",
        ));
    }
    if code == "*" {
        return Ok(RegionChoice {
            code,
            partition: explicit.unwrap_or_else(default_partition),
            known: None,
        });
    }
    if let Some(near) = typo_of(&code) {
        return Err(FieldError::new(
            Field::Region,
            region,
            format!("is not a region code; did you mean {near}?"),
        ));
    }
    let partition = partition_for_code(&code).ok_or_else(|| {
        FieldError::new(
            Field::Region,
            region,
            "is not an AWS region code; codes look like us-east-1 or eu-central-2 \
             (run `ecr-policy regions` for the list), or use * for all regions",
        )
    })?;
    if let Some(p) = explicit.filter(|p| p.arn != partition.arn) {
        return Err(FieldError::new(
            Field::Partition,
            p.arn,
            format!(
                "does not match region {code}, which is in partition {}; drop --partition or pick a region of {}",
                partition.arn, p.arn
            ),
        ));
    }
    let known = find_region(&code).map(|(_, r)| r);
    Ok(RegionChoice {
        code,
        partition,
        known,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        assert!(PATTERNS.iter().all(Option::is_some));
    }

    #[test]
    fn data_has_48_regions_in_8_partitions() {
        assert_eq!(PARTITIONS.len(), 8);
        assert_eq!(all_regions().count(), 48);
    }

    #[test]
    fn every_region_matches_its_own_partition_pattern() {
        for (p, r) in all_regions() {
            let i = PARTITIONS.iter().position(|q| q.arn == p.arn).unwrap();
            let re = PATTERNS[i].as_ref().unwrap();
            // botocore lists a few regions whose code the pattern misses; they are found by lookup.
            if re.is_match(r.code) {
                assert_eq!(partition_for_code(r.code).unwrap().arn, p.arn, "{}", r.code);
            }
            assert_eq!(resolve_region(r.code, None).unwrap().partition.arn, p.arn);
        }
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn region_table() {
        let cases: &[(&str, Option<&str>, Result<(&str, &str, bool), Field>)] = &[
            ("us-east-1", None, Ok(("us-east-1", "aws", true))),
            (" US-East-1 ", None, Ok(("us-east-1", "aws", true))),
            (
                "us-gov-west-1",
                None,
                Ok(("us-gov-west-1", "aws-us-gov", true)),
            ),
            ("cn-north-1", None, Ok(("cn-north-1", "aws-cn", true))),
            (
                "us-isob-east-1",
                None,
                Ok(("us-isob-east-1", "aws-iso-b", true)),
            ),
            (
                "eusc-de-east-1",
                None,
                Ok(("eusc-de-east-1", "aws-eusc", true)),
            ),
            (
                "eu-isoe-west-1",
                None,
                Ok(("eu-isoe-west-1", "aws-iso-e", true)),
            ),
            // well formed, launched after the data: accepted, partition from the pattern
            ("us-east-9", None, Ok(("us-east-9", "aws", false))),
            (
                "us-gov-north-7",
                None,
                Ok(("us-gov-north-7", "aws-us-gov", false)),
            ),
            ("cn-south-3", None, Ok(("cn-south-3", "aws-cn", false))),
            ("*", None, Ok(("*", "aws", false))),
            ("*", Some("aws-us-gov"), Ok(("*", "aws-us-gov", false))),
            ("*", Some("AWS-CN"), Ok(("*", "aws-cn", false))),
            ("us-east-1", Some("aws"), Ok(("us-east-1", "aws", true))),
            ("", None, Err(Field::Region)),
            ("useast1", None, Err(Field::Region)),
            ("xx-east-1", None, Err(Field::Region)),
            ("us-east", None, Err(Field::Region)),
            ("us-east-1a", None, Err(Field::Region)),
            ("tokyo", None, Err(Field::Region)),
            ("*", Some("aws-mars"), Err(Field::Partition)),
            ("us-gov-west-1", Some("aws"), Err(Field::Partition)),
        ];
        for (region, partition, want) in cases {
            let got = resolve_region(region, *partition);
            match (got, want) {
                (Ok(c), Ok((code, arn, known))) => {
                    assert_eq!(c.code, *code, "{region}");
                    assert_eq!(c.partition.arn, *arn, "{region}");
                    assert_eq!(c.known.is_some(), *known, "{region}");
                }
                (Err(e), Err(field)) => assert_eq!(e.field, *field, "{region}: {e}"),
                (got, want) => panic!("{region:?}/{partition:?}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn typos_of_known_regions_are_refused_with_the_closest_code() {
        for (typo, near) in [
            ("eu-wset-1", "eu-west-1"),
            ("us-est-1", "us-east-1"),
            ("eu-west1", "eu-west-1"),
            ("EU-WSET-1", "eu-west-1"),
            ("us-gov-wset-1", "us-gov-west-1"),
            ("us-east-1a", "us-east-1"),
        ] {
            let e = resolve_region(typo, None).unwrap_err();
            assert_eq!(e.field, Field::Region, "{typo}");
            assert!(
                e.message.contains(&format!("did you mean {near}?")),
                "{typo}: {e}"
            );
        }
    }

    #[test]
    fn a_new_number_in_a_known_family_is_not_a_typo() {
        for code in ["ap-southeast-9", "eu-west-4", "us-east-12", "cn-north-3"] {
            assert_eq!(near_miss(code), None, "{code}");
            let c = resolve_region(code, None).unwrap();
            assert!(c.known.is_none(), "{code}");
        }
        // Far from every known code: no suggestion (the pattern decides).
        assert_eq!(near_miss("tokyo"), None);
    }

    #[test]
    fn mismatch_message_names_both_partitions() {
        let e = resolve_region("us-gov-west-1", Some("aws")).unwrap_err();
        assert!(e.message.contains("aws-us-gov"), "{e}");
        assert_eq!(e.value, "aws");
    }
}
