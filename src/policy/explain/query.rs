//! What `explain` is asked: who makes the request (a principal), which ECR actions (one by one
//! or as everyday tasks), on which repository, and with which context keys. Each is read from
//! the text given; what cannot be judged is refused with the flag, the value and the rule.

use std::fmt;

use crate::policy::eval::{Context, Principal};
use crate::policy::spec::catalog::{ActionId, find_action, suggest_actions};
use crate::policy::spec::principal::parse_org_id;
use crate::policy::spec::region::resolve_region;
use crate::policy::spec::tasks::{TASKS, Task, find_task};
use crate::policy::spec::validate::{is_wildcard, parse_account, parse_repo_input};
use crate::policy::visible::quoted;

/// A value `explain` cannot use: the flag, the value as given, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    pub flag: &'static str,
    pub value: String,
    pub message: String,
}

impl InputError {
    /// An error about `value` of `flag`.
    pub fn new(flag: &'static str, value: &str, message: impl Into<String>) -> InputError {
        InputError {
            flag,
            value: value.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The value is input: quoted, its hidden characters shown as escapes.
        write!(f, "{} {} {}", self.flag, quoted(&self.value), self.message)
    }
}

/// The one repository a request is made on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    /// `arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME`.
    pub arn: String,
    pub name: String,
    pub account: String,
    pub region: String,
    pub partition: &'static str,
}

impl Repository {
    /// Reads `--repo`: a repository ARN, an image URI, or a name with `--region` and
    /// `--account` (a name alone does not say which registry). Patterns are refused: a request
    /// is made on one repository.
    pub fn parse(
        input: &str,
        region: Option<&str>,
        account: Option<&str>,
    ) -> Result<Repository, InputError> {
        let flag = "--repo";
        let r = parse_repo_input(input).map_err(|e| InputError::new(flag, &e.value, e.message))?;
        if is_wildcard(&r.name) {
            return Err(InputError::new(
                flag,
                input,
                "is a pattern: a request is made on one repository; give its name or ARN",
            ));
        }
        let region_text = match (r.region.as_deref(), region) {
            (Some(own), Some(given)) if !own.eq_ignore_ascii_case(given.trim()) => {
                return Err(InputError::new(
                    "--region",
                    given,
                    format!("differs from the region {own} in --repo; give one"),
                ));
            }
            (Some(own), _) => own.to_string(),
            (None, Some(given)) => given.to_string(),
            (None, None) => {
                return Err(InputError::new(
                    flag,
                    input,
                    "is a name: give --region and --account too, or the repository's ARN",
                ));
            }
        };
        let choice = resolve_region(&region_text, r.partition)
            .map_err(|e| InputError::new("--region", &e.value, e.message))?;
        if choice.is_all() {
            return Err(InputError::new(
                "--region",
                &region_text,
                "is every region: a request is made in one region",
            ));
        }
        let account = match (r.account, account) {
            (Some(own), Some(given)) => {
                let given_id = parse_account(given)
                    .map_err(|e| InputError::new("--account", given, e.message))?;
                if given_id != own {
                    return Err(InputError::new(
                        "--account",
                        given,
                        format!("differs from the account {own} in --repo; give one"),
                    ));
                }
                own
            }
            (Some(own), None) => own,
            (None, Some(given)) => {
                parse_account(given).map_err(|e| InputError::new("--account", given, e.message))?
            }
            (None, None) => {
                return Err(InputError::new(
                    flag,
                    input,
                    "is a name: give --account too (the registry's account), or the repository's ARN",
                ));
            }
        };
        let partition = choice.partition.arn;
        Ok(Repository {
            arn: format!(
                "arn:{partition}:ecr:{}:{account}:repository/{}",
                choice.code, r.name
            ),
            name: r.name,
            account,
            region: choice.code,
            partition,
        })
    }
}

/// The actions asked about: each task's and each `--action`, in order, without repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub tasks: Vec<&'static Task>,
    /// Every action to judge (the tasks' and the single ones).
    pub actions: Vec<ActionId>,
}

impl Asked {
    /// Reads `--task` and `--action` values. At least one of them is needed.
    pub fn parse(tasks: &[String], actions: &[String]) -> Result<Asked, InputError> {
        let mut out = Asked {
            tasks: Vec::new(),
            actions: Vec::new(),
        };
        for t in tasks {
            let task = find_task(t.trim()).ok_or_else(|| {
                let ids: Vec<&str> = TASKS.iter().map(|t| t.id).collect();
                InputError::new(
                    "--task",
                    t,
                    format!("is not a task; tasks are {}", ids.join(", ")),
                )
            })?;
            if !out.tasks.contains(&task) {
                out.tasks.push(task);
            }
            for a in task.actions {
                out.add(find_action(a));
            }
        }
        for a in actions {
            let Some(id) = find_action(a) else {
                let near = suggest_actions(a);
                let hint = if near.is_empty() {
                    String::new()
                } else {
                    format!("; did you mean {}?", near.join(", "))
                };
                return Err(InputError::new(
                    "--action",
                    a,
                    format!("is not an Amazon ECR action (ecr:PutImage, or PutImage){hint}"),
                ));
            };
            out.add(Some(id));
        }
        if out.actions.is_empty() {
            return Err(InputError::new(
                "--action",
                "",
                "is missing: give --action (ecr:PutImage) or --task (push, pull, login...)",
            ));
        }
        Ok(out)
    }

    fn add(&mut self, id: Option<ActionId>) {
        if let Some(id) = id
            && !self.actions.contains(&id)
        {
            self.actions.push(id);
        }
    }

    /// Whether every action is one without a resource type (judged on `"*"`).
    pub fn star_only(&self) -> bool {
        self.actions.iter().all(|a| a.info().star_only)
    }
}

/// Reads `--principal` (a role, user, assumed-role or federated-user ARN, an account ID for
/// its root user, or a service principal).
pub fn parse_principal(text: &str) -> Result<Principal, InputError> {
    Principal::parse(text.trim()).map_err(|_| {
        InputError::new(
            "--principal",
            text,
            "is not a principal: give an IAM role or user ARN (arn:aws:iam::111122223333:role/ci), \
             an assumed-role session ARN, a 12-digit account ID (its root user), or a service \
             such as lambda.amazonaws.com",
        )
    })
}

/// The context keys given with `--context KEY=VALUE`, `--absent KEY` and `--org-id`, checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContextGiven {
    /// (key as written, values): a key given twice is multivalued.
    values: Vec<(String, Vec<String>)>,
    absent: Vec<String>,
}

/// Keys AWS puts in a request only when an AWS service principal makes it (IAM User Guide, "AWS
/// global condition context keys": `aws:SourceAccount` "is only available when the call to your
/// resource is made directly by an AWS service principal"; the same for the source ARN and its
/// organisation, and the principal service name).
const SERVICE_ONLY_KEYS: [&str; 6] = [
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:PrincipalServiceName",
    "aws:PrincipalServiceNamesList",
];

/// Keys a service principal's request does not have: it belongs to no organisation.
const ORGANISATION_KEYS: [&str; 2] = ["aws:PrincipalOrgID", "aws:PrincipalOrgPaths"];

fn is_key(k: &str) -> bool {
    match k.split_once(':') {
        Some((service, name)) => {
            !service.is_empty()
                && service
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !name.is_empty()
                && !name.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

impl ContextGiven {
    /// Reads the flags. A key given twice holds every value given (a multivalued key such as
    /// `aws:PrincipalOrgPaths`); a key cannot be both given and absent.
    pub fn parse(
        pairs: &[String],
        absent: &[String],
        org_id: Option<&str>,
    ) -> Result<ContextGiven, InputError> {
        let mut out = ContextGiven::default();
        for pair in pairs {
            let Some((key, value)) = pair.split_once('=') else {
                return Err(InputError::new(
                    "--context",
                    pair,
                    "is not KEY=VALUE (e.g. aws:SourceVpce=vpce-1a2b3c4d)",
                ));
            };
            let key = key.trim();
            if !is_key(key) {
                return Err(InputError::new(
                    "--context",
                    pair,
                    "does not start with a condition key such as aws:SourceIp or ecr:ResourceTag/team",
                ));
            }
            match out
                .values
                .iter_mut()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
            {
                Some((_, vals)) => vals.push(value.to_string()),
                None => out.values.push((key.to_string(), vec![value.to_string()])),
            }
        }
        if let Some(org) = org_id {
            let id = parse_org_id(org).map_err(|e| InputError::new("--org-id", org, e.message))?;
            if out.has_value("aws:PrincipalOrgID") {
                return Err(InputError::new(
                    "--org-id",
                    org,
                    "is given twice: drop --context aws:PrincipalOrgID=... or --org-id",
                ));
            }
            out.values
                .push(("aws:PrincipalOrgID".to_string(), vec![id]));
        }
        for key in absent {
            let k = key.trim();
            if !is_key(k) {
                return Err(InputError::new(
                    "--absent",
                    key,
                    "is not a condition key such as aws:SourceVpce",
                ));
            }
            if out.has_value(k) {
                return Err(InputError::new(
                    "--absent",
                    key,
                    "is also given a value (--context or --org-id); give one",
                ));
            }
            out.absent.push(k.to_string());
        }
        Ok(out)
    }

    fn has_value(&self, key: &str) -> bool {
        self.values.iter().any(|(k, _)| k.eq_ignore_ascii_case(key))
    }

    /// The request's context for `principal` on a resource in `region`: the keys given; the
    /// keys AWS derives from the principal; `aws:RequestedRegion`; the keys this principal's
    /// requests never carry, absent. Every other key is left open (unknown), so a condition on
    /// it leaves the answer undecided rather than guessed.
    pub fn context_for(&self, principal: &Principal, region: Option<&str>) -> Context {
        let mut ctx = Context::open();
        for (k, vals) in &self.values {
            match vals.as_slice() {
                [one] => {
                    ctx.set(k, one.as_str());
                }
                many => {
                    ctx.set_many(k, many.iter().cloned());
                }
            }
        }
        for k in &self.absent {
            ctx.set_absent(k);
        }
        // The region of the endpoint called: the repository's (IAM User Guide,
        // aws:RequestedRegion).
        if let Some(r) = region
            && !ctx.is_set("aws:RequestedRegion")
        {
            ctx.set("aws:RequestedRegion", r);
        }
        let mut absent: Vec<&str> = Vec::new();
        if principal.is_service() {
            absent.extend(ORGANISATION_KEYS);
            absent.push("aws:username");
        } else {
            absent.extend(SERVICE_ONLY_KEYS);
            // aws:username: "always included in the request context for IAM users" only.
            if !matches!(principal, Principal::User { .. }) {
                absent.push("aws:username");
            }
        }
        for k in absent {
            if !ctx.is_set(k) {
                ctx.set_absent(k);
            }
        }
        // The keys derived from the principal itself come with the request
        // (`Request::with_principal_keys`).
        ctx
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::eval::{ContextValue, Lookup};

    #[test]
    fn repository_from_arn_uri_or_name_with_region_and_account() {
        let arn = "arn:aws:ecr:eu-west-1:111122223333:repository/team/web";
        let r = Repository::parse(arn, None, None).unwrap();
        assert_eq!(
            (r.name.as_str(), r.account.as_str()),
            ("team/web", "111122223333")
        );
        assert_eq!((r.region.as_str(), r.partition), ("eu-west-1", "aws"));
        assert_eq!(r.arn, arn);
        let uri = "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/web:v1";
        let r = Repository::parse(uri, None, None).unwrap();
        assert_eq!(
            r.arn,
            "arn:aws-cn:ecr:cn-north-1:111122223333:repository/web"
        );
        let r = Repository::parse("web", Some("us-gov-west-1"), Some("1111-2222-3333")).unwrap();
        assert_eq!(
            r.arn,
            "arn:aws-us-gov:ecr:us-gov-west-1:111122223333:repository/web"
        );
        let e = Repository::parse("web", Some("eu-west-1"), None).unwrap_err();
        assert_eq!(e.flag, "--repo");
        assert!(e.message.contains("--account"), "{e}");
        let e = Repository::parse("web", None, Some("111122223333")).unwrap_err();
        assert!(e.message.contains("--region"), "{e}");
        let e = Repository::parse("team/*", Some("eu-west-1"), Some("111122223333")).unwrap_err();
        assert!(e.message.contains("pattern"), "{e}");
        let e = Repository::parse(arn, Some("us-east-1"), None).unwrap_err();
        assert_eq!(e.flag, "--region");
        let e = Repository::parse(arn, None, Some("999999999999")).unwrap_err();
        assert_eq!(e.flag, "--account");
        let e = Repository::parse("web", Some("*"), Some("111122223333")).unwrap_err();
        assert!(e.message.contains("one region"), "{e}");
    }

    #[test]
    fn tasks_and_actions_in_order_without_repeats() {
        let a = Asked::parse(
            &["push".into()],
            &["PutImage".into(), "ecr:ListImages".into()],
        )
        .unwrap();
        assert_eq!(a.tasks.len(), 1);
        let names: Vec<&str> = a.actions.iter().map(|a| a.info().name).collect();
        assert_eq!(
            names,
            [
                "BatchCheckLayerAvailability",
                "InitiateLayerUpload",
                "UploadLayerPart",
                "CompleteLayerUpload",
                "PutImage",
                "BatchGetImage",
                "ListImages"
            ]
        );
        assert!(!a.star_only());
        assert!(Asked::parse(&["login".into()], &[]).unwrap().star_only());
        let e = Asked::parse(&[], &["ecr:PutImag".into()]).unwrap_err();
        assert!(e.message.contains("PutImage"), "{e}");
        assert!(Asked::parse(&["deploy".into()], &[]).is_err());
        assert!(Asked::parse(&[], &[]).is_err());
        assert!(Asked::parse(&[], &["s3:GetObject".into()]).is_err());
    }

    #[test]
    fn context_keys_given_absent_and_derived() {
        let given = ContextGiven::parse(
            &[
                "aws:SourceVpce=vpce-1".into(),
                "aws:PrincipalOrgPaths=o-a/r-b/".into(),
                "aws:PrincipalOrgPaths=o-a/r-c/".into(),
            ],
            &["aws:SecureTransport".into()],
            Some("o-a1b2c3d4e5"),
        )
        .unwrap();
        let role = Principal::parse("arn:aws:iam::111122223333:role/ci").unwrap();
        let ctx = given.context_for(&role, Some("eu-west-1"));
        assert_eq!(
            ctx.get("aws:principalorgid"),
            Lookup::Present(&ContextValue::One("o-a1b2c3d4e5".into()))
        );
        assert_eq!(
            ctx.get("aws:PrincipalOrgPaths"),
            Lookup::Present(&ContextValue::Many(vec![
                "o-a/r-b/".into(),
                "o-a/r-c/".into()
            ]))
        );
        assert_eq!(ctx.get("aws:SecureTransport"), Lookup::Absent);
        assert_eq!(ctx.get("aws:SourceArn"), Lookup::Absent);
        assert_eq!(ctx.get("aws:username"), Lookup::Absent);
        assert_eq!(ctx.get("aws:SourceIp"), Lookup::Unknown);
        assert_eq!(
            ctx.get("aws:RequestedRegion"),
            Lookup::Present(&ContextValue::One("eu-west-1".into()))
        );
        let user = Principal::parse("arn:aws:iam::111122223333:user/alice").unwrap();
        let ctx = ContextGiven::default().context_for(&user, None);
        assert_eq!(ctx.get("aws:username"), Lookup::Unknown);
        assert_eq!(ctx.get("aws:PrincipalOrgID"), Lookup::Unknown);
        let svc = Principal::parse("lambda.amazonaws.com").unwrap();
        let ctx = ContextGiven::default().context_for(&svc, None);
        assert_eq!(ctx.get("aws:PrincipalOrgID"), Lookup::Absent);
        assert_eq!(ctx.get("aws:SourceArn"), Lookup::Unknown);
    }

    #[test]
    fn bad_context_values_name_the_flag() {
        let e = ContextGiven::parse(&["aws:SourceIp".into()], &[], None).unwrap_err();
        assert_eq!(e.flag, "--context");
        let e = ContextGiven::parse(&["SourceIp=1.2.3.4".into()], &[], None).unwrap_err();
        assert_eq!(e.flag, "--context");
        let e = ContextGiven::parse(&[], &[], Some("r-abcd")).unwrap_err();
        assert_eq!(e.flag, "--org-id");
        let e = ContextGiven::parse(
            &["aws:PrincipalOrgID=o-x".into()],
            &[],
            Some("o-a1b2c3d4e5"),
        )
        .unwrap_err();
        assert!(e.message.contains("twice"), "{e}");
        let e = ContextGiven::parse(
            &["aws:SourceVpce=v".into()],
            &["AWS:sourcevpce".into()],
            None,
        )
        .unwrap_err();
        assert_eq!(e.flag, "--absent");
        let shown = InputError::new("--context", "a\u{1b}[2J", "is bad").to_string();
        assert_eq!(shown, "--context \"a\\u001b[2J\" is bad");
    }
}
