//! ARNs for matching: the six colon-separated parts, and `ArnLike`'s part-by-part comparison
//! (each of partition, service, region, account and the resource is matched on its own, so a
//! wildcard in one part never reaches into the next; the resource part keeps any further colons).

use crate::policy::eval::glob::glob;

/// The parts of `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` (the resource may hold `:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArnParts<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> ArnParts<'a> {
    /// The parts in order: partition, service, region, account, resource.
    pub fn as_array(&self) -> [&'a str; 5] {
        [
            self.partition,
            self.service,
            self.region,
            self.account,
            self.resource,
        ]
    }
}

/// Splits an ARN into its parts; `None` when it does not start with `arn:` or has fewer than six
/// parts.
pub fn split_arn(arn: &str) -> Option<ArnParts<'_>> {
    let mut it = arn.splitn(6, ':');
    if it.next()? != "arn" {
        return None;
    }
    Some(ArnParts {
        partition: it.next()?,
        service: it.next()?,
        region: it.next()?,
        account: it.next()?,
        resource: it.next()?,
    })
}

/// `ArnLike` / `ArnEquals`: every part of `arn` matches the same part of `pattern`
/// case-sensitively, with `*` and `?` wildcards inside a part. Either not being an ARN is no match.
pub fn arn_like(pattern: &str, arn: &str) -> bool {
    match (split_arn(pattern), split_arn(arn)) {
        (Some(p), Some(a)) => p
            .as_array()
            .iter()
            .zip(a.as_array())
            .all(|(pp, ap)| glob(pp, ap)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split() {
        let p = split_arn("arn:aws:lambda:us-east-1:111122223333:function:api:live");
        assert_eq!(
            p.map(|p| p.as_array()),
            Some([
                "aws",
                "lambda",
                "us-east-1",
                "111122223333",
                "function:api:live"
            ])
        );
        assert_eq!(
            split_arn("arn:aws:s3:::bucket").map(|p| p.resource),
            Some("bucket")
        );
        assert!(split_arn("arn:aws:iam::1").is_none());
        assert!(split_arn("aws:iam::1:role/x:y").is_none());
        assert!(split_arn("").is_none());
    }

    #[test]
    fn table() {
        let f = "arn:aws:lambda:us-east-1:111122223333:function:api";
        let rows = [
            ("arn:aws:lambda:us-east-1:111122223333:function:*", f, true),
            ("arn:aws:lambda:*:111122223333:function:*", f, true),
            ("arn:aws:lambda:us-east-?:*:function:api", f, true),
            ("arn:*:*:*:*:*", f, true),
            // A wildcard stays inside its part: `*` in the region does not eat the account.
            ("arn:aws:lambda:*:function:api", f, false),
            (
                "arn:aws:lambda:us-east-1:111122223333:function:API",
                f,
                false,
            ),
            (
                "arn:aws:Lambda:us-east-1:111122223333:function:api",
                f,
                false,
            ),
            (
                "arn:aws:lambda:us-east-1:111122223333:function:api:*",
                f,
                false,
            ),
            (
                "arn:aws:lambda:us-east-1:111122223333:*",
                "arn:aws:lambda:us-east-1:111122223333:function:api:live",
                true,
            ),
            ("*", f, false),
            (
                "arn:aws:lambda:us-east-1:111122223333:function:api",
                "not-an-arn",
                false,
            ),
        ];
        for (p, a, want) in rows {
            assert_eq!(arn_like(p, a), want, "arn_like({p}, {a})");
        }
    }
}
