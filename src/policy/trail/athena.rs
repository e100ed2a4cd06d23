//! Rows of the Athena query in `docs/cloudtrail.md`: one row per caller, event, registry,
//! region, repository and outcome with a count, read into the same calls as the logs give.

use std::borrow::Cow;

use super::record::{
    Issuer, Params, Record, Resource, SessionContext, UserIdentity, When, add_record,
};
use super::usage::Usage;
use super::window::Window;

/// The columns the query writes, in its order.
pub const COLUMNS: [&str; 13] = [
    "caller",
    "identity_type",
    "event_source",
    "event_name",
    "event_type",
    "registry",
    "region",
    "repository",
    "repositories",
    "error_code",
    "events",
    "first_seen",
    "last_seen",
];

/// Where each column is in a file (its header may order them differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header([usize; COLUMNS.len()]);

impl Header {
    /// Reads the header row; `Err` names the columns missing.
    pub fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Header, String> {
        let names: Vec<String> = names
            .into_iter()
            .map(|n| n.trim().to_ascii_lowercase())
            .collect();
        let mut at = [0; COLUMNS.len()];
        let mut missing = Vec::new();
        for (i, c) in COLUMNS.iter().enumerate() {
            match names.iter().position(|n| n == c) {
                Some(p) => at[i] = p,
                None => missing.push(*c),
            }
        }
        if missing.is_empty() {
            Ok(Header(at))
        } else {
            Err(format!(
                "is not the CSV of the Athena query in docs/cloudtrail.md: no column {}",
                missing.join(", ")
            ))
        }
    }
}

/// Adds one row's calls to `usage`; `Err` says why the row cannot be read.
pub fn read_row<'a>(
    header: &Header,
    row: &[&'a str],
    window: &Window,
    usage: &mut Usage,
) -> Result<(), String> {
    let get = |c: usize| -> Option<&'a str> {
        row.get(header.0[c])
            .copied()
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let [
        caller,
        identity_type,
        event_source,
        event_name,
        event_type,
        registry,
        region,
        repository,
        repositories,
        error_code,
        events,
        first_seen,
        last_seen,
    ] = std::array::from_fn(get);
    let count: u64 = events
        .and_then(|e| e.parse().ok())
        .ok_or_else(|| format!("events {:?} is not a count", events.unwrap_or_default()))?;
    let (Some(first), Some(last)) = (first_seen, last_seen) else {
        return Err("first_seen and last_seen are empty".to_string());
    };
    let names: Option<Vec<Cow<'a, str>>> = match repositories {
        None => None,
        Some(text) => Some(
            serde_json::from_str::<Vec<String>>(text)
                .map_err(|_| format!("repositories {text:?} is not a JSON list of names"))?
                .into_iter()
                .map(Cow::Owned)
                .collect(),
        ),
    };
    let caller = caller.map(Cow::Borrowed);
    let record = Record {
        event_source: event_source.map(Cow::Borrowed),
        event_name: event_name.map(Cow::Borrowed),
        event_time: Some(Cow::Borrowed(first)),
        event_type: event_type.map(Cow::Borrowed),
        aws_region: region.map(Cow::Borrowed),
        error_code: error_code.map(Cow::Borrowed),
        recipient_account_id: None,
        // The query has already chosen the caller: the role of a session, or the user.
        user_identity: Some(UserIdentity {
            kind: identity_type.map(Cow::Borrowed),
            arn: caller.clone(),
            session_context: Some(SessionContext {
                session_issuer: Some(Issuer { arn: caller }),
            }),
        }),
        request_parameters: Some(Params {
            repository_name: repository.map(Cow::Borrowed),
            repository_names: names,
            registry_id: registry.map(Cow::Borrowed),
        }),
        resources: None::<Vec<Resource<'a>>>,
    };
    usage.records += 1;
    add_record(&record, When::Span { count, first, last }, window, usage);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::trail::mapping::TrailService;
    use crate::policy::trail::usage::{Call, Outcome};

    fn header() -> Header {
        Header::parse(COLUMNS).unwrap()
    }

    fn row(values: [&str; 13]) -> Vec<&str> {
        values.to_vec()
    }

    const ROLE: &str = "arn:aws:iam::111122223333:role/ci";

    #[test]
    fn a_row_is_a_call_counted_with_its_span() {
        let mut u = Usage::default();
        let r = row([
            ROLE,
            "AssumedRole",
            "ecr.amazonaws.com",
            "BatchGetImage",
            "AwsApiCall",
            "111122223333",
            "eu-west-1",
            "web",
            "",
            "",
            "42",
            "2024-06-01T00:00:00Z",
            "2024-06-30T00:00:00Z",
        ]);
        read_row(&header(), &r, &Window::default(), &mut u).unwrap();
        let call = Call {
            caller: ROLE.to_string(),
            service: TrailService::Private,
            event: "BatchGetImage".to_string(),
            account: "111122223333".to_string(),
            region: "eu-west-1".to_string(),
            repository: Some("web".to_string()),
            outcome: Outcome::Succeeded,
        };
        assert_eq!(u.calls[&call].count, 42);
        assert_eq!(u.ecr_events, 42);
    }

    #[test]
    fn header_order_may_differ_and_missing_columns_are_named() {
        let mut names = COLUMNS.to_vec();
        names.reverse();
        assert!(Header::parse(names).is_ok());
        let e = Header::parse(["caller", "events"]).unwrap_err();
        assert!(
            e.contains("identity_type") && e.contains("last_seen"),
            "{e}"
        );
    }

    #[test]
    fn bad_counts_and_lists_are_refused() {
        let mut u = Usage::default();
        let mut r = row([
            ROLE,
            "IAMUser",
            "ecr.amazonaws.com",
            "DescribeImages",
            "AwsApiCall",
            "111122223333",
            "us-east-1",
            "",
            "not json",
            "",
            "1",
            "2024-06-01T00:00:00Z",
            "2024-06-01T00:00:00Z",
        ]);
        assert!(read_row(&header(), &r, &Window::default(), &mut u).is_err());
        r[8] = "";
        r[10] = "many";
        assert!(read_row(&header(), &r, &Window::default(), &mut u).is_err());
    }
}
