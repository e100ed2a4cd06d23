//! Field rules exactly as AWS applies them: account IDs, repository names and patterns,
//! and pasted image URIs or repository ARNs.

use crate::policy::spec::catalog::PARTITIONS;
use crate::policy::spec::model::{Field, FieldError};
use crate::policy::spec::region::{partition_for_code, typo_of};

/// Shortest and longest repository name ECR accepts.
pub const REPO_MIN: usize = 2;
pub const REPO_MAX: usize = 256;

/// What a repository field held once understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoRef {
    /// A valid name or wildcard pattern.
    pub name: String,
    /// The account, when the input was a URI or ARN.
    pub account: Option<String>,
    /// The region code, when the input was a URI or ARN.
    pub region: Option<String>,
    /// The ARN partition, when the input was an ARN or URI.
    pub partition: Option<&'static str>,
}

/// Accepts 12 digits, also as pasted (`1234-5678-9012`, spaces anywhere); keeps leading zeros.
pub fn parse_account(input: &str) -> Result<String, FieldError> {
    let digits: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let bad = |msg: String| Err(FieldError::new(Field::Account, input.trim(), msg));
    if digits.is_empty() {
        return bad("is empty: an AWS account ID is 12 digits, like 123456789012".into());
    }
    if let Some(c) = digits.chars().find(|c| !c.is_ascii_digit()) {
        return bad(format!(
            "contains {c:?}: an AWS account ID is 12 digits only (dashes and spaces are ignored)"
        ));
    }
    let n = digits.len();
    if n != 12 {
        return bad(format!(
            "has {n} digits: an AWS account ID has exactly 12 (keep any leading zeros)"
        ));
    }
    Ok(digits)
}

/// True when a name is a pattern with `*` or `?`.
pub fn is_wildcard(name: &str) -> bool {
    name.contains(['*', '?'])
}

/// Checks a repository name or wildcard pattern against AWS's rule (botocore's `RepositoryName`).
pub fn validate_repository_name(name: &str) -> Result<(), FieldError> {
    let bad = |msg: String| Err(FieldError::new(Field::Repository, name, msg));
    if name.is_empty() {
        return bad("is empty: type a repository name such as my-app or team/my-app".into());
    }
    if let Some(c) = name.chars().find(|c| !c.is_ascii()) {
        return bad(format!(
            "contains {c:?}: names use only lowercase a-z, digits 0-9 and . _ - /"
        ));
    }
    if name.chars().any(|c| c.is_ascii_uppercase()) {
        let lower = name.to_ascii_lowercase();
        let hint = if validate_repository_name(&lower).is_ok() {
            format!(" (try {lower})")
        } else {
            String::new()
        };
        return bad(format!(
            "has uppercase letters: ECR names are lowercase only{hint}"
        ));
    }
    let wildcard = is_wildcard(name);
    if let Some(c) = name.chars().find(|c| {
        !(c.is_ascii_lowercase() || c.is_ascii_digit() || "._-/".contains(*c))
            && !(wildcard && (*c == '*' || *c == '?'))
    }) {
        return bad(format!(
            "contains {c:?}: names use only lowercase a-z, digits 0-9 and . _ - / \
             (and * or ? in a pattern)"
        ));
    }
    let len = name.len();
    if !wildcard && !(REPO_MIN..=REPO_MAX).contains(&len) {
        return bad(format!(
            "is {len} character{} long: repository names are {REPO_MIN} to {REPO_MAX} characters",
            if len == 1 { "" } else { "s" }
        ));
    }
    if len > REPO_MAX {
        return bad(format!(
            "is {len} characters long: at most {REPO_MAX} are allowed"
        ));
    }
    if name.starts_with('/') || name.ends_with('/') {
        return bad(
            "starts or ends with /: a / only separates a namespace from a name, as in team/app"
                .into(),
        );
    }
    if name.contains("//") {
        return bad("has // : namespaces are separated by a single /".into());
    }
    if wildcard {
        return Ok(());
    }
    for part in name.split('/') {
        check_component(part).or_else(bad)?;
    }
    Ok(())
}

/// One `/`-separated part: `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`.
fn check_component(part: &str) -> Result<(), String> {
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let first = part.chars().next().unwrap_or(' ');
    let last = part.chars().last().unwrap_or(' ');
    if !alnum(first) || !alnum(last) {
        return Err(format!(
            "has the part {part:?}, which must start and end with a letter or digit"
        ));
    }
    let bytes = part.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if alnum(char::from(bytes[i])) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(char::from(bytes[i])) {
            i += 1;
        }
        let sep = &part[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|b| b == b'-');
        if !ok {
            return Err(format!(
                "has {sep:?} in {part:?}: between letters or digits use one separator: \
                 . or _ or __ or a run of -"
            ));
        }
    }
    Ok(())
}

/// Plain words for what a wildcard pattern matches (None for a plain name).
pub fn describe_wildcard(name: &str) -> Option<String> {
    if !is_wildcard(name) {
        return None;
    }
    Some(if name == "*" {
        "* matches every repository in the account and region".to_string()
    } else if let Some(ns) = name.strip_suffix("/*").filter(|ns| !is_wildcard(ns)) {
        format!(
            "{name} matches every repository under {ns}/ (including deeper ones like {ns}/a/b), \
             but not a repository named exactly {ns}"
        )
    } else if let Some(prefix) = name.strip_suffix('*').filter(|p| !is_wildcard(p)) {
        format!(
            "{name} matches every repository whose name starts with {prefix}, \
             including namespaced ones like {prefix}x/y (* also matches /)"
        )
    } else {
        format!(
            "{name} is a pattern: * matches any run of characters including /, ? matches one character"
        )
    })
}

/// Understands a repository field: a name or pattern, an image URI, or a repository ARN.
pub fn parse_repo_input(input: &str) -> Result<RepoRef, FieldError> {
    let s = input.trim();
    if s.starts_with("arn:") {
        return parse_arn(s);
    }
    let no_scheme = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    let (host, path) = no_scheme.split_once('/').unwrap_or((no_scheme, ""));
    let host = host.to_ascii_lowercase();
    if host.contains(".dkr.ecr") {
        // Host names are case-insensitive; the repository part is not.
        let uri = if no_scheme.contains('/') {
            format!("{host}/{path}")
        } else {
            host
        };
        return parse_uri(&uri, s);
    }
    if !path.is_empty() && is_other_registry(&host) {
        return Err(FieldError::new(
            Field::Repository,
            s,
            format!(
                "is an image address in another registry ({host}); this tool writes policies \
                 for private ECR repositories: give the repository name in your own registry"
            ),
        ));
    }
    validate_repository_name(s)?;
    Ok(RepoRef {
        name: s.to_string(),
        account: None,
        region: None,
        partition: None,
    })
}

/// Hosts of public registries people paste by mistake; their names would pass the name rule.
fn is_other_registry(host: &str) -> bool {
    const HOSTS: [&str; 9] = [
        "public.ecr.aws",
        "docker.io",
        "index.docker.io",
        "registry-1.docker.io",
        "ghcr.io",
        "quay.io",
        "gcr.io",
        "mcr.microsoft.com",
        "registry.k8s.io",
    ];
    HOSTS.contains(&host) || host.ends_with(".pkg.dev") || host.ends_with(".azurecr.io")
}

/// `ACCOUNT.dkr.ecr[-fips].REGION.DNS_SUFFIX/name[:tag|@digest]`.
fn parse_uri(uri: &str, original: &str) -> Result<RepoRef, FieldError> {
    let bad = |msg: &str| FieldError::new(Field::Repository, original, msg);
    let (host, path) = uri.split_once('/').ok_or_else(|| {
        bad("is a registry address without a repository: add /name after the host")
    })?;
    let mut labels = host.split('.');
    let account_part = labels.next().unwrap_or_default();
    let (Some("dkr"), Some(ecr)) = (labels.next(), labels.next()) else {
        return Err(bad(
            "is not an ECR image URI (ACCOUNT.dkr.ecr.REGION.amazonaws.com/name)",
        ));
    };
    if ecr != "ecr" && ecr != "ecr-fips" {
        return Err(bad(
            "is not an ECR image URI (ACCOUNT.dkr.ecr.REGION.amazonaws.com/name)",
        ));
    }
    let region = labels.next().unwrap_or_default().to_string();
    let suffix: Vec<&str> = labels.collect();
    let suffix = suffix.join(".");
    let account = parse_account(account_part).map_err(|e| {
        FieldError::new(
            Field::Account,
            account_part,
            format!("in {original} {}", e.message),
        )
    })?;
    if let Some(near) = typo_of(&region) {
        return Err(FieldError::new(
            Field::Region,
            &region,
            format!("in {original} is not a region code; did you mean {near}?"),
        ));
    }
    let partition = partition_for_code(&region).ok_or_else(|| {
        FieldError::new(
            Field::Region,
            &region,
            format!("in {original} is not an AWS region code"),
        )
    })?;
    if partition.dns_suffix != suffix {
        let known = PARTITIONS.iter().any(|p| p.dns_suffix == suffix);
        let why = if known {
            format!(
                "ends in {suffix}, but region {region} is in {} whose registries end in {}",
                partition.arn, partition.dns_suffix
            )
        } else {
            format!("ends in {suffix}, which is not an ECR registry domain")
        };
        return Err(bad(&why));
    }
    // `:` and `@` never appear in names, so the first one starts the tag or digest.
    let (name, reference) = path.split_at(path.find([':', '@']).unwrap_or(path.len()));
    check_tag_and_digest(reference).map_err(|why| bad(&why))?;
    validate_repository_name(name).map_err(|e| {
        FieldError::new(
            Field::Repository,
            name,
            format!("in {original} {}", e.message),
        )
    })?;
    if is_wildcard(name) {
        return Err(bad(
            "is an image URI with a pattern; URIs name one repository",
        ));
    }
    Ok(RepoRef {
        name: name.to_string(),
        account: Some(account),
        region: Some(region),
        partition: Some(partition.arn),
    })
}

/// `arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME`.
fn parse_arn(arn: &str) -> Result<RepoRef, FieldError> {
    let bad = |msg: String| FieldError::new(Field::Repository, arn, msg);
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, partition, service, region, account, resource] = parts[..] else {
        return Err(bad(
            "is not a complete ARN: arn:aws:ecr:REGION:ACCOUNT:repository/NAME".into(),
        ));
    };
    let Some(p) = PARTITIONS.iter().find(|p| p.arn == partition) else {
        return Err(bad(format!(
            "has partition {partition:?}, which AWS does not have"
        )));
    };
    if service != "ecr" {
        return Err(bad(format!(
            "is an ARN of service {service:?}; this tool writes ECR policies (service ecr)"
        )));
    }
    let Some(name) = resource.strip_prefix("repository/") else {
        return Err(bad(
            "does not name a repository: the resource part must be repository/NAME".into(),
        ));
    };
    if name.contains(".dkr.ecr") {
        return Err(bad(
            "has an image URI inside the ARN; use only the repository name after repository/"
                .into(),
        ));
    }
    let account = parse_account(account)
        .map_err(|e| FieldError::new(Field::Account, account, format!("in {arn} {}", e.message)))?;
    let region_code = region.to_string();
    if let Some(near) = typo_of(region) {
        return Err(bad(format!(
            "has region {region:?}, which is not a region code; did you mean {near}?"
        )));
    }
    if region != "*" {
        match partition_for_code(region) {
            Some(rp) if rp.arn == p.arn => {}
            Some(rp) => {
                return Err(bad(format!(
                    "uses partition {} but region {region} is in partition {}",
                    p.arn, rp.arn
                )));
            }
            None => {
                return Err(bad(format!(
                    "has region {region:?}, which is not a region code"
                )));
            }
        }
    }
    validate_repository_name(name)
        .map_err(|e| FieldError::new(Field::Repository, name, format!("in {arn} {}", e.message)))?;
    Ok(RepoRef {
        name: name.to_string(),
        account: Some(account),
        region: (region != "*").then_some(region_code),
        partition: Some(p.arn),
    })
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod uri_tests;

mod reference;
use reference::check_tag_and_digest;
