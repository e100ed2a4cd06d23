//! What the logs show: every distinct call (caller, service, event, registry, region,
//! repository, outcome) with how often and when it was seen, and what was read but not used.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::mapping::TrailService;

/// How a call ended.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// No `errorCode`: the call was allowed and done.
    Succeeded,
    /// Refused by IAM or a resource policy (`AccessDenied`, `AccessDeniedException`).
    Refused(String),
    /// Another error (e.g. `RepositoryNotFoundException`): not a question of permissions.
    Failed(String),
}

/// One distinct call, as the policy sees it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Call {
    /// The role or user ARN (an assumed-role session counts as its role).
    pub caller: String,
    pub service: TrailService,
    /// The `eventName`, as logged.
    pub event: String,
    /// The registry's account (12 digits).
    pub account: String,
    /// The region the request was made to (for ECR Public, us-east-1; its ARNs have none).
    pub region: String,
    /// The repository name; `*` for a call on every repository of the registry; `None` for a
    /// registry-wide call (login, registry settings).
    pub repository: Option<String>,
    pub outcome: Outcome,
}

/// How often and when a call was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// Events (`CloudTrail` may deliver an event twice; the policy does not depend on counts).
    pub count: u64,
    /// The earliest and latest `eventTime` (RFC 3339, UTC), as logged.
    pub first: String,
    pub last: String,
}

impl Seen {
    fn add(&mut self, other: &Seen) {
        self.count += other.count;
        if other.first < self.first {
            self.first.clone_from(&other.first);
        }
        if other.last > self.last {
            self.last.clone_from(&other.last);
        }
    }
}

/// Records read but not turned into calls, by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skipped {
    /// ECR's own events (`PolicyExecutionEvent`, `AwsServiceEvent`s such as a pull-through
    /// cache creating a repository).
    pub service_events: u64,
    /// Calls with no role or user to grant, by `userIdentity.type` (`AWSService`, …).
    pub no_caller: BTreeMap<String, u64>,
    /// Calls by an account's root user, which takes no identity policy.
    pub root: u64,
    /// Event names not in the mapping, as `prefix:eventName`.
    pub unmapped: BTreeMap<String, u64>,
    /// Repository calls that name no repository (or an invalid one).
    pub no_repository: u64,
    /// ECR records that could not be read (not JSON, missing fields, bad account or region).
    pub malformed: u64,
    /// ECR calls outside `--since`/`--until`.
    pub outside_window: u64,
    /// Records larger than the per-record limit, not read.
    pub oversized: u64,
}

impl Skipped {
    fn add(&mut self, o: &Skipped) {
        self.service_events += o.service_events;
        for (k, v) in &o.no_caller {
            *self.no_caller.entry(k.clone()).or_default() += v;
        }
        self.root += o.root;
        for (k, v) in &o.unmapped {
            *self.unmapped.entry(k.clone()).or_default() += v;
        }
        self.no_repository += o.no_repository;
        self.malformed += o.malformed;
        self.outside_window += o.outside_window;
        self.oversized += o.oversized;
    }
}

/// Everything read from the logs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    pub calls: HashMap<Call, Seen>,
    pub skipped: Skipped,
    /// Records (or CSV rows) read, ECR or not.
    pub records: u64,
    /// ECR and ECR Public events among them (or the events the CSV rows count).
    pub ecr_events: u64,
}

impl Usage {
    /// Counts one call seen `count` times between `first` and `last`.
    pub fn add(&mut self, call: Call, count: u64, first: &str, last: &str) {
        let seen = Seen {
            count,
            first: first.to_string(),
            last: last.to_string(),
        };
        match self.calls.get_mut(&call) {
            Some(s) => s.add(&seen),
            None => {
                self.calls.insert(call, seen);
            }
        }
    }

    /// Both readings together (files are read in parallel, each into its own `Usage`).
    pub fn merge(mut self, other: Usage) -> Usage {
        let (small, mut big) = if self.calls.len() < other.calls.len() {
            (std::mem::take(&mut self.calls), other.calls)
        } else {
            (other.calls, std::mem::take(&mut self.calls))
        };
        for (call, seen) in small {
            match big.get_mut(&call) {
                Some(s) => s.add(&seen),
                None => {
                    big.insert(call, seen);
                }
            }
        }
        self.calls = big;
        self.skipped.add(&other.skipped);
        self.records += other.records;
        self.ecr_events += other.ecr_events;
        self
    }

    /// Every caller seen, sorted.
    pub fn callers(&self) -> BTreeSet<&str> {
        self.calls.keys().map(|c| c.caller.as_str()).collect()
    }

    /// The calls of one caller, sorted.
    pub fn calls_of<'a>(&'a self, caller: &'a str) -> Vec<(&'a Call, &'a Seen)> {
        let mut v: Vec<_> = self
            .calls
            .iter()
            .filter(|(c, _)| c.caller == caller)
            .collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }

    /// The earliest and latest event time among the calls kept, if any.
    pub fn span(&self) -> Option<(&str, &str)> {
        let first = self.calls.values().map(|s| s.first.as_str()).min()?;
        let last = self.calls.values().map(|s| s.last.as_str()).max()?;
        Some((first, last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(caller: &str, event: &str, outcome: Outcome) -> Call {
        Call {
            caller: caller.to_string(),
            service: TrailService::Private,
            event: event.to_string(),
            account: "111122223333".to_string(),
            region: "us-east-1".to_string(),
            repository: Some("web".to_string()),
            outcome,
        }
    }

    #[test]
    fn merging_adds_counts_and_widens_the_span() {
        let mut a = Usage::default();
        a.add(
            call("r", "BatchGetImage", Outcome::Succeeded),
            2,
            "2024-01-02T00:00:00Z",
            "2024-01-03T00:00:00Z",
        );
        a.skipped.root = 1;
        let mut b = Usage::default();
        b.add(
            call("r", "BatchGetImage", Outcome::Succeeded),
            1,
            "2024-01-01T00:00:00Z",
            "2024-01-01T00:00:00Z",
        );
        b.add(
            call("s", "PutImage", Outcome::Refused("AccessDenied".into())),
            1,
            "2024-02-01T00:00:00Z",
            "2024-02-01T00:00:00Z",
        );
        b.skipped.root = 2;
        let m = a.merge(b);
        let seen = &m.calls[&call("r", "BatchGetImage", Outcome::Succeeded)];
        assert_eq!(seen.count, 3);
        assert_eq!(seen.first, "2024-01-01T00:00:00Z");
        assert_eq!(seen.last, "2024-01-03T00:00:00Z");
        assert_eq!(m.skipped.root, 3);
        assert_eq!(m.callers().into_iter().collect::<Vec<_>>(), ["r", "s"]);
        assert_eq!(
            m.span(),
            Some(("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"))
        );
    }
}

/// The caller `given` names among those seen: a role or user ARN exactly (or ignoring case),
/// or an assumed-role session ARN, which names its role (a role's path is not in a session
/// ARN, so the role is matched by account and name). `Err` says who was seen.
pub fn find_caller<'a>(given: &str, seen: &BTreeSet<&'a str>) -> Result<&'a str, String> {
    let given = given.trim();
    if let Some(c) = seen.get(given) {
        return Ok(c);
    }
    if let Some(c) = seen.iter().find(|c| c.eq_ignore_ascii_case(given)) {
        return Ok(c);
    }
    if let Some(role) = super::record::role_of_session(given) {
        // arn:P:iam::ACCOUNT:role/NAME; a seen role may have a path: role/PATH/NAME.
        let (prefix, name) = role.split_once(":role/").unwrap_or((&role, ""));
        let hits: Vec<&&str> = seen
            .iter()
            .filter(|c| {
                c.split_once(":role/")
                    .is_some_and(|(p, rest)| p == prefix && rest.rsplit('/').next() == Some(name))
            })
            .collect();
        if let [one] = hits.as_slice() {
            return Ok(one);
        }
    }
    let list: Vec<String> = seen
        .iter()
        .take(20)
        .map(|c| crate::policy::visible::visible(c).into_owned())
        .collect();
    let more = seen.len().saturating_sub(20);
    Err(format!(
        "made no ECR call in the logs read; callers seen: {}{}",
        if list.is_empty() {
            "none".to_string()
        } else {
            list.join(", ")
        },
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    ))
}

#[cfg(test)]
mod caller_tests {
    use super::*;

    #[test]
    fn sessions_name_their_role_even_with_a_path() {
        let seen: BTreeSet<&str> = [
            "arn:aws:iam::111122223333:role/deploy/ci",
            "arn:aws:iam::111122223333:user/Dev",
        ]
        .into_iter()
        .collect();
        assert_eq!(
            find_caller(
                "arn:aws:sts::111122223333:assumed-role/ci/GitHubActions",
                &seen
            ),
            Ok("arn:aws:iam::111122223333:role/deploy/ci")
        );
        assert_eq!(
            find_caller("arn:aws:iam::111122223333:user/dev", &seen),
            Ok("arn:aws:iam::111122223333:user/Dev")
        );
        let e = find_caller("arn:aws:iam::444455556666:role/ci", &seen).unwrap_err();
        assert!(
            e.contains("callers seen: arn:aws:iam::111122223333:role/deploy/ci"),
            "{e}"
        );
    }
}
