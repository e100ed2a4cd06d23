//! The one size finding, shared by `generate`'s lint and `check`: a single summary per policy
//! that names every IAM quota the policy exceeds and the one it still fits, from [`QUOTAS`].

use super::lint::{Finding, QUOTAS, Severity};

/// What to do about a policy that is too large.
const FIX: &str = "Use wildcard patterns such as team/* instead of long ARN lists, merge \
                   statements with the same resources, or split the policy in two.";

/// The size finding for a policy of `size` characters (whitespace not counted), if any:
/// `size-over-all-quotas` (an error) or `size-over-quota` (a warning when only a role's inline
/// policy still holds it, a note otherwise). Its value lists the quotas exceeded.
pub fn size_finding(size: usize) -> Option<Finding> {
    let over: Vec<_> = QUOTAS.iter().filter(|q| size > q.limit).collect();
    let list: Vec<String> = over
        .iter()
        .map(|q| format!("{} ({})", q.name, q.limit))
        .collect();
    let names: Vec<&str> = over.iter().map(|q| q.name).collect();
    let fits = QUOTAS.iter().find(|q| size <= q.limit);
    let (code, severity, message) = match fits {
        _ if over.is_empty() => return None,
        None => (
            "size-over-all-quotas",
            Severity::Error,
            format!(
                "The policy has {size} characters (whitespace not counted), more than every IAM \
                 quota: {}. IAM refuses it.",
                list.join(", ")
            ),
        ),
        Some(fits) => (
            "size-over-quota",
            if fits.limit > 6144 {
                Severity::Warning
            } else {
                Severity::Info
            },
            format!(
                "The policy has {size} characters (whitespace not counted): too large for {}. \
                 It fits {} ({}).",
                list.join(" and "),
                fits.name,
                fits.limit
            ),
        ),
    };
    Some(Finding {
        code,
        severity,
        statement: None,
        sid: None,
        value: Some(names.join(", ")),
        message,
        fix: FIX.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_finding_at_each_quota_boundary() {
        assert_eq!(size_finding(2048), None);
        let f = |size| size_finding(size).map(|f| (f.code, f.severity, f.value));
        assert_eq!(
            f(2049),
            Some((
                "size-over-quota",
                Severity::Info,
                Some("inline user policies".to_string())
            ))
        );
        assert_eq!(
            f(6145).map(|x| (x.0, x.1)),
            Some(("size-over-quota", Severity::Warning))
        );
        assert_eq!(
            f(10240).map(|x| x.2),
            Some(Some(
                "inline user policies, inline group policies, managed policy".to_string()
            ))
        );
        assert_eq!(
            f(10241).map(|x| (x.0, x.1)),
            Some(("size-over-all-quotas", Severity::Error))
        );
    }
}
