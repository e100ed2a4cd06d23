//! The tag and digest after a repository name in an image URI, checked rather than dropped.

/// What follows the name in an image URI: nothing, `:TAG`, `@DIGEST` or `:TAG@DIGEST`.
/// A tag is 1 to 300 characters (ECR's limit) from the OCI tag set; a digest is `sha256:`
/// and 64 hexadecimal digits. Names the part that is wrong instead of dropping it.
pub(super) fn check_tag_and_digest(reference: &str) -> Result<(), String> {
    let (tag, digest) = match reference.split_once('@') {
        Some((tag, digest)) => (tag, Some(digest)),
        None => (reference, None),
    };
    if let Some(tag) = tag.strip_prefix(':') {
        let mut chars = tag.chars();
        let first_ok = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if !(first_ok && rest_ok && tag.len() <= 300) {
            return Err(format!(
                "has a malformed tag {tag:?}: a tag is 1 to 300 letters, digits, _, . and -, \
                 not starting with . or -"
            ));
        }
    }
    if let Some(digest) = digest {
        let hex = digest.strip_prefix("sha256:").unwrap_or_default();
        if hex.len() != 64 || !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(format!(
                "has a malformed digest {digest:?}: an image digest is sha256: followed by 64 \
                 hexadecimal digits (0-9, a-f)"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_tag_and_digest;

    #[test]
    fn good_tags_and_digests_pass_and_bad_ones_name_the_part() {
        let hex = "0123456789abcdef".repeat(4);
        for ok in [
            String::new(),
            ":latest".into(),
            ":v1.2.3_rc-1".into(),
            format!("@sha256:{hex}"),
            format!(":1.0@sha256:{hex}"),
            format!(":{}", "a".repeat(300)),
        ] {
            assert_eq!(check_tag_and_digest(&ok), Ok(()), "{ok}");
        }
        for (bad, part) in [
            (":".to_string(), "tag \"\""),
            (":-x".into(), "tag \"-x\""),
            (":.x".into(), "tag \".x\""),
            (":a b".into(), "tag \"a b\""),
            (":v1:2".into(), "tag \"v1:2\""),
            (format!(":{}", "a".repeat(301)), "malformed tag"),
            ("@".into(), "digest \"\""),
            ("@sha256:abc".into(), "digest \"sha256:abc\""),
            (format!("@sha512:{hex}"), "digest \"sha512:"),
            (
                format!("@sha256:{}", hex.to_uppercase()),
                "malformed digest",
            ),
            (format!("@sha256:{hex}0"), "malformed digest"),
            (format!(":ok@sha256:{}", &hex[1..]), "malformed digest"),
        ] {
            let e = check_tag_and_digest(&bad).unwrap_err();
            assert!(e.contains(part), "{bad}: {e}");
        }
    }
}
