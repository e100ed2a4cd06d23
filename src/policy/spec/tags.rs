//! Tag conditions: "only repositories tagged KEY=VALUE", as `ecr:ResourceTag/KEY` in a policy.

use std::fmt;

use crate::policy::spec::model::{Field, FieldError};

/// The condition key prefix ECR supports for a repository's own tags.
pub const RESOURCE_TAG_PREFIX: &str = "ecr:ResourceTag/";
/// AWS tag key length limit.
pub const TAG_KEY_MAX: usize = 128;
/// AWS tag value length limit.
pub const TAG_VALUE_MAX: usize = 256;

/// Repository actions only apply to repositories carrying this tag with this value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TagCondition {
    pub key: String,
    pub value: String,
}

impl TagCondition {
    /// The condition key, `ecr:ResourceTag/KEY`.
    pub fn condition_key(&self) -> String {
        format!("{RESOURCE_TAG_PREFIX}{}", self.key)
    }

    /// What the condition means, in plain words.
    pub fn explain(&self) -> String {
        format!(
            "only repositories tagged {} = {:?} (ECR checks the repository's tags on every call)",
            self.key, self.value
        )
    }
}

impl fmt::Display for TagCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.key, self.value)
    }
}

/// Characters AWS allows in tag keys and values that an IAM policy can also carry
/// (policies only allow U+0020–U+00FF): letters, digits, space and `_ . : / = + - @`.
fn allowed(c: char) -> bool {
    (c.is_alphanumeric() || c == ' ' || "_.:/=+-@".contains(c)) && u32::from(c) <= 0xFF
}

fn check_chars(what: &str, raw: &str, text: &str) -> Result<(), FieldError> {
    if let Some(bad) = text.chars().find(|c| !allowed(*c)) {
        return Err(FieldError::new(
            Field::Tag,
            raw,
            format!(
                "has {bad:?} in the tag {what}: use letters, digits, spaces and _ . : / = + - @ \
                 only (IAM policies cannot carry characters beyond U+00FF)"
            ),
        ));
    }
    Ok(())
}

/// Parses `KEY=VALUE` (the first `=` splits; the value may be empty and may contain `=`).
pub fn parse_tag(raw: &str) -> Result<TagCondition, FieldError> {
    let text = raw.trim();
    let Some((key, value)) = text.split_once('=') else {
        return Err(FieldError::new(
            Field::Tag,
            raw,
            "is not KEY=VALUE: write the tag key, =, and the value, e.g. team=payments",
        ));
    };
    let (key, value) = (key.trim(), value.trim());
    if key.is_empty() {
        return Err(FieldError::new(
            Field::Tag,
            raw,
            "has no key before =: write e.g. team=payments",
        ));
    }
    if key.chars().count() > TAG_KEY_MAX {
        return Err(FieldError::new(
            Field::Tag,
            raw,
            format!("has a key longer than {TAG_KEY_MAX} characters, AWS's limit for tag keys"),
        ));
    }
    if value.chars().count() > TAG_VALUE_MAX {
        return Err(FieldError::new(
            Field::Tag,
            raw,
            format!(
                "has a value longer than {TAG_VALUE_MAX} characters, AWS's limit for tag values"
            ),
        ));
    }
    if key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:")) {
        return Err(FieldError::new(
            Field::Tag,
            raw,
            "uses the reserved prefix aws: (AWS sets those tags itself); pick your own key",
        ));
    }
    check_chars("key", raw, key)?;
    check_chars("value", raw, value)?;
    Ok(TagCondition {
        key: key.to_string(),
        value: value.to_string(),
    })
}

/// Sorts by key and refuses two values for one key (a repository has one value per key,
/// so both could never hold).
pub fn normalize_tags(mut tags: Vec<TagCondition>) -> Result<Vec<TagCondition>, FieldError> {
    tags.sort();
    tags.dedup();
    if let Some([a, b]) = tags.windows(2).find(|w| w[0].key == w[1].key) {
        return Err(FieldError::new(
            Field::Tag,
            "",
            format!(
                "{a} and {b} cannot both hold: a repository has one value per tag key, so no \
                 repository would match; keep one"
            ),
        ));
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_key_and_value() {
        let t = parse_tag(" team = payments ").unwrap();
        assert_eq!((t.key.as_str(), t.value.as_str()), ("team", "payments"));
        assert_eq!(t.condition_key(), "ecr:ResourceTag/team");
        let t = parse_tag("cost:center=a=b").unwrap();
        assert_eq!((t.key.as_str(), t.value.as_str()), ("cost:center", "a=b"));
        assert_eq!(parse_tag("empty=").unwrap().value, "");
        assert_eq!(parse_tag("Zürich Team=é").unwrap().key, "Zürich Team");
    }

    #[test]
    fn refuses_what_aws_or_iam_would_refuse() {
        for (raw, says) in [
            ("team", "KEY=VALUE"),
            ("=x", "no key"),
            ("aws:createdBy=me", "reserved"),
            ("AWS:x=y", "reserved"),
            ("team=a\"b", "'\"'"),
            ("team=${aws:username}", "'$'"),
            ("チーム=a", "U+00FF"),
        ] {
            let e = parse_tag(raw).unwrap_err();
            assert_eq!(e.field, Field::Tag);
            assert!(e.message.contains(says), "{raw}: {}", e.message);
        }
        assert!(parse_tag(&format!("{}=v", "k".repeat(129))).is_err());
        assert!(parse_tag(&format!("{}=v", "k".repeat(128))).is_ok());
        assert!(parse_tag(&format!("k={}", "v".repeat(257))).is_err());
    }

    #[test]
    fn one_value_per_key() {
        let t = |s| parse_tag(s).unwrap();
        let ok = normalize_tags(vec![t("z=1"), t("a=2"), t("z=1")]).unwrap();
        assert_eq!(ok, vec![t("a=2"), t("z=1")]);
        let e = normalize_tags(vec![t("env=prod"), t("env=dev")]).unwrap_err();
        assert!(e.message.contains("env=dev") && e.message.contains("env=prod"));
    }
}
