//! Which IAM actions each ECR and ECR Public `CloudTrail` event needs: the table embedded from
//! `assets/cloudtrail-events.json` at build time, and the error codes that mean "refused".

use std::collections::HashMap;
use std::sync::LazyLock;

/// The registry an event was made to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TrailService {
    /// Amazon ECR (`ecr.amazonaws.com`).
    Private,
    /// Amazon ECR Public (`ecr-public.amazonaws.com`).
    Public,
}

impl TrailService {
    /// The `eventSource` `CloudTrail` writes for the service.
    pub fn event_source(self) -> &'static str {
        match self {
            TrailService::Private => "ecr.amazonaws.com",
            TrailService::Public => "ecr-public.amazonaws.com",
        }
    }

    /// The service of an `eventSource`, if it is one of ECR's.
    pub fn of_event_source(source: &str) -> Option<TrailService> {
        match source {
            "ecr.amazonaws.com" => Some(TrailService::Private),
            "ecr-public.amazonaws.com" => Some(TrailService::Public),
            _ => None,
        }
    }

    /// The IAM service prefix of its actions.
    pub fn prefix(self) -> &'static str {
        match self {
            TrailService::Private => "ecr",
            TrailService::Public => "ecr-public",
        }
    }
}

/// One event name and what it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrailEventInfo {
    pub service: TrailService,
    /// The `eventName` (the API operation).
    pub event: &'static str,
    /// The IAM actions the call needs, without the service prefix.
    pub actions: &'static [&'static str],
    /// Called without repository names, the call lists every repository of the registry
    /// (`DescribeRepositories`), so it needs `repository/*`.
    pub all_when_unnamed: bool,
}

include!(concat!(env!("OUT_DIR"), "/trail_events.rs"));

static BY_EVENT: LazyLock<HashMap<(TrailService, &'static str), &'static TrailEventInfo>> =
    LazyLock::new(|| {
        TRAIL_EVENTS
            .iter()
            .map(|e| ((e.service, e.event), e))
            .collect()
    });

/// The table entry for an event, if the event is an API call of the service.
pub fn event_info(service: TrailService, event: &str) -> Option<&'static TrailEventInfo> {
    BY_EVENT.get(&(service, event)).copied()
}

/// Whether an `errorCode` means IAM (or a resource policy) refused the call.
pub fn is_refused(error_code: &str) -> bool {
    REFUSED_ERROR_CODES.contains(&error_code)
}

/// Whether the event is ECR's own work rather than a caller's request.
pub fn is_service_event(event: &str) -> bool {
    SERVICE_EVENTS.contains(&event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::spec::catalog::{ACTIONS, find_action};
    use crate::policy::spec::public::{PUBLIC_ACTIONS, find_public_action};

    #[test]
    fn every_private_action_but_the_permission_only_ones_has_an_event() {
        // Permission-only actions are checked during other calls; they are never an event.
        let permission_only = [
            "BatchImportUpstreamImage",
            "GetImageCopyStatus",
            "ReplicateImage",
        ];
        for a in ACTIONS {
            let mapped = TRAIL_EVENTS
                .iter()
                .any(|e| e.service == TrailService::Private && e.actions.contains(&a.name));
            assert_eq!(mapped, !permission_only.contains(&a.name), "{}", a.name);
        }
        for e in TRAIL_EVENTS {
            for a in e.actions {
                match e.service {
                    TrailService::Private => assert!(find_action(a).is_some(), "{a}"),
                    TrailService::Public => assert!(find_public_action(a).is_some(), "{a}"),
                }
            }
        }
        assert_eq!(
            TRAIL_EVENTS
                .iter()
                .filter(|e| e.service == TrailService::Public)
                .count(),
            PUBLIC_ACTIONS.len()
        );
    }

    #[test]
    fn list_image_referrers_needs_batch_get_image() {
        let e = event_info(TrailService::Private, "ListImageReferrers").unwrap();
        assert_eq!(e.actions, ["BatchGetImage"]);
        assert_eq!(
            event_info(TrailService::Private, "BatchGetImage")
                .unwrap()
                .actions,
            ["BatchGetImage"]
        );
        assert!(event_info(TrailService::Private, "PolicyExecutionEvent").is_none());
        assert!(event_info(TrailService::Private, "batchgetimage").is_none());
    }

    #[test]
    fn refusals_and_service_events() {
        assert!(is_refused("AccessDenied") && is_refused("AccessDeniedException"));
        assert!(!is_refused("RepositoryNotFoundException"));
        assert!(is_service_event("PolicyExecutionEvent"));
        assert_eq!(
            TrailService::of_event_source("ecr-public.amazonaws.com"),
            Some(TrailService::Public)
        );
        assert_eq!(TrailService::of_event_source("kms.amazonaws.com"), None);
    }
}
