//! Amazon ECR Public (`public.ecr.aws`): its embedded action catalog, its presets, pasted
//! `public.ecr.aws/ALIAS/NAME:TAG` URIs, and the validated spec of an identity policy for it.
//! Its ARNs have no region (`arn:aws:ecr-public::ACCOUNT:repository/NAME`), it exists in the
//! `aws` partition only, and its API is served from us-east-1.

use super::catalog::AccessLevel;
use super::error::{Field, FieldError};
use super::validate::{parse_account, validate_repository_name};

/// What an ECR Public action needs as its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicResource {
    /// No resource type: only `"*"`.
    Star,
    /// `arn:aws:ecr-public::ACCOUNT:repository/NAME`.
    Repository,
    /// `arn:aws:ecr-public::ACCOUNT:registry/ID`.
    Registry,
}

/// One ECR Public IAM action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicActionInfo {
    /// The name without the `ecr-public:` prefix.
    pub name: &'static str,
    pub access: AccessLevel,
    pub resource: PublicResource,
}

include!(concat!(env!("OUT_DIR"), "/public_catalog.rs"));

/// The region ECR Public's API lives in.
pub const PUBLIC_API_REGION: &str = "us-east-1";
/// The only partition with ECR Public.
pub const PUBLIC_PARTITION: &str = "aws";
/// The registry host of pasted image URIs.
pub const PUBLIC_HOST: &str = "public.ecr.aws";

/// Login to ECR Public needs both actions, on `"*"`.
pub const PUBLIC_LOGIN: [&str; 2] = [
    "ecr-public:GetAuthorizationToken",
    "sts:GetServiceBearerToken",
];

/// The layer upload actions and `PutImage`: what `docker push` calls (with login).
pub const PUBLIC_PUSH: &[&str] = &[
    "BatchCheckLayerAvailability",
    "CompleteLayerUpload",
    "InitiateLayerUpload",
    "PutImage",
    "UploadLayerPart",
];

/// A named starting selection for ECR Public.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicPreset {
    pub id: &'static str,
    pub summary: &'static str,
    pub actions: &'static [&'static str],
    pub login: bool,
}

/// Every ECR Public preset; the first is the default.
pub static PUBLIC_PRESETS: &[PublicPreset] = &[
    PublicPreset {
        id: "push",
        summary: "log in and push images (docker push to public.ecr.aws)",
        actions: PUBLIC_PUSH,
        login: true,
    },
    PublicPreset {
        id: "pull",
        summary: "authenticated pulls (higher rate limits): login only, since anonymous pulls \
                  need no policy at all",
        actions: &[],
        login: true,
    },
];

/// Anonymous and authenticated pulls, in plain words.
pub const PUBLIC_PULL_NOTE: &str = "Pulling from public.ecr.aws needs no policy at all: anyone \
    may pull anonymously. Logged-in pulls get higher rate limits and need only the login \
    actions, ecr-public:GetAuthorizationToken and sts:GetServiceBearerToken on \"*\".";

/// A preset by id, ignoring case.
pub fn find_public_preset(id: &str) -> Option<&'static PublicPreset> {
    PUBLIC_PRESETS
        .iter()
        .find(|p| p.id.eq_ignore_ascii_case(id.trim()))
}

/// An action by name, with or without `ecr-public:`, ignoring case.
pub fn find_public_action(name: &str) -> Option<&'static PublicActionInfo> {
    let n = name.trim();
    let n = n
        .get(..11)
        .filter(|p| p.eq_ignore_ascii_case("ecr-public:"))
        .map_or(n, |_| &n[11..]);
    PUBLIC_ACTIONS
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(n))
}

/// A pasted `public.ecr.aws/ALIAS/NAME[:TAG|@DIGEST]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicImage {
    /// The registry alias: not the account, which must be asked for.
    pub alias: String,
    pub repository: String,
}

/// Reads `public.ecr.aws/ALIAS/NAME:TAG` (with or without `https://` or a digest); `None` when
/// the text is not an ECR Public image URI.
pub fn parse_public_uri(raw: &str) -> Option<Result<PublicImage, FieldError>> {
    let text = raw.trim();
    let text = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .unwrap_or(text);
    let rest = text.strip_prefix(PUBLIC_HOST)?.strip_prefix('/')?;
    let bad = |msg: &str| {
        Some(Err(FieldError::new(
            Field::Repository,
            raw,
            msg.to_string(),
        )))
    };
    let Some((alias, path)) = rest.split_once('/') else {
        return bad("names no repository: write public.ecr.aws/ALIAS/NAME[:TAG]");
    };
    let path = path.split_once('@').map_or(path, |(p, _)| p);
    let name = match path.rsplit_once('/') {
        Some((ns, last)) => format!("{ns}/{}", last.split_once(':').map_or(last, |(n, _)| n)),
        None => path.split_once(':').map_or(path, |(n, _)| n).to_string(),
    };
    if alias.is_empty() {
        return bad("has no registry alias: write public.ecr.aws/ALIAS/NAME[:TAG]");
    }
    Some(validate_repository_name(&name).map(|()| PublicImage {
        alias: alias.to_string(),
        repository: name,
    }))
}

/// A validated ECR Public identity policy: account, repositories and actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicSpec {
    pub account: String,
    /// Names or patterns, sorted, without duplicates.
    pub repositories: Vec<String>,
    /// In catalog order, without duplicates; login is `login`, not an action here.
    pub actions: Vec<&'static PublicActionInfo>,
    /// Grant `ecr-public:GetAuthorizationToken` and `sts:GetServiceBearerToken`.
    pub login: bool,
    /// Aliases read from pasted URIs (for the note that they are not the account).
    pub aliases: Vec<String>,
}

/// What was typed for an ECR Public policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicInput {
    pub account: Option<String>,
    pub repositories: Vec<String>,
    /// Preset id (default `push`, or `none`).
    pub preset: Option<String>,
    pub actions: Vec<String>,
    pub region: Option<String>,
    pub partition: Option<String>,
}

/// Validates an ECR Public policy's input; returns every error.
pub fn validate_public(input: &PublicInput) -> Result<PublicSpec, Vec<FieldError>> {
    let mut errors = Vec::new();
    if let Some(p) = input
        .partition
        .as_deref()
        .filter(|p| p.trim() != PUBLIC_PARTITION)
    {
        errors.push(FieldError::new(
            Field::Partition,
            p,
            "has no ECR Public: it exists in the aws partition only",
        ));
    }
    let (actions, login) = public_actions(input, &mut errors);
    let (repositories, aliases) = public_repositories(input, &mut errors);
    let needs_repos = actions
        .iter()
        .any(|a| a.resource == PublicResource::Repository);
    if needs_repos && repositories.is_empty() {
        errors.push(FieldError::new(
            Field::Repository,
            "",
            "none given: name the public repositories (NAME, or public.ecr.aws/ALIAS/NAME)",
        ));
    }
    if actions.is_empty() && !login {
        errors.push(FieldError::new(
            Field::Action,
            "",
            "none selected: pick a preset (push, pull)",
        ));
    }
    let account = match input.account.as_deref().map(parse_account) {
        Some(Ok(a)) => Some(a),
        Some(Err(e)) => {
            errors.push(e);
            None
        }
        None => {
            let why = if aliases.is_empty() {
                "is missing: give the 12-digit ID of the account that owns the public registry"
            } else {
                "is missing: the alias in a public.ecr.aws URI is not the account; give the \
                 12-digit ID of the account that owns the registry"
            };
            errors.push(FieldError::new(Field::Account, "", why));
            None
        }
    };
    match account {
        Some(account) if errors.is_empty() => Ok(PublicSpec {
            account,
            repositories,
            actions,
            login,
            aliases,
        }),
        _ => Err(errors),
    }
}

/// The preset's and the extra actions (login apart), in catalog order.
fn public_actions(
    input: &PublicInput,
    errors: &mut Vec<FieldError>,
) -> (Vec<&'static PublicActionInfo>, bool) {
    let (mut actions, mut login) = (Vec::new(), false);
    match input.preset.as_deref().map(str::trim) {
        Some(id) if id.eq_ignore_ascii_case("none") => {}
        id => {
            if let Some(p) = find_public_preset(id.unwrap_or("push")) {
                login = p.login;
                actions.extend(p.actions.iter().filter_map(|a| find_public_action(a)));
            } else {
                let ids: Vec<&str> = PUBLIC_PRESETS.iter().map(|p| p.id).collect();
                errors.push(FieldError::new(
                    Field::Preset,
                    id.unwrap_or(""),
                    format!(
                        "is not an ECR Public preset; use {}, or none",
                        ids.join(", ")
                    ),
                ));
            }
        }
    }
    for raw in &input.actions {
        match find_public_action(raw) {
            Some(a) if a.name == "GetAuthorizationToken" => login = true,
            Some(a) => actions.push(a),
            None if raw.trim().eq_ignore_ascii_case("sts:GetServiceBearerToken") => login = true,
            None => errors.push(FieldError::new(
                Field::Action,
                raw,
                "is not an ECR Public action (ecr-public:…); run with --registry public and \
                 e.g. --action ecr-public:DescribeImages",
            )),
        }
    }
    actions.sort_by_key(|a| a.name);
    actions.dedup();
    (actions, login)
}

/// Repository names (from names or pasted URIs), sorted, and the aliases seen.
fn public_repositories(
    input: &PublicInput,
    errors: &mut Vec<FieldError>,
) -> (Vec<String>, Vec<String>) {
    let (mut repositories, mut aliases) = (Vec::new(), Vec::new());
    for raw in &input.repositories {
        match parse_public_uri(raw) {
            Some(Ok(img)) => {
                repositories.push(img.repository);
                aliases.push(img.alias);
            }
            Some(Err(e)) => errors.push(e),
            None => match validate_repository_name(raw.trim()) {
                Ok(()) => repositories.push(raw.trim().to_string()),
                Err(e) => errors.push(e),
            },
        }
    }
    repositories.sort();
    repositories.dedup();
    (repositories, aliases)
}

#[cfg(test)]
#[path = "public_tests.rs"]
mod tests;
