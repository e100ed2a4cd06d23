//! A whole policy spec in a format: the one function behind `generate`'s output and the
//! wizard's preview, copy and save.

use crate::policy::emit::build::{build_policy, render_policy};
use crate::policy::emit::format::{Format, PolicyName, render_as, render_policy_as};
use crate::policy::emit::render::{JsonStyle, render};
use crate::policy::spec::grants::PolicySpec;
use crate::policy::spec::model::Spec;

/// The only grant, when the policy is that grant and nothing else (then it renders exactly as
/// the one-spec output, description and all).
pub fn only_grant(policy: &PolicySpec) -> Option<&Spec> {
    match policy.grants.as_slice() {
        [one]
            if policy.kept.is_empty()
                && policy.signing.is_empty()
                && policy
                    .registry_actions
                    .star_only()
                    .difference(one.actions)
                    .is_empty() =>
        {
            Some(one)
        }
        _ => None,
    }
}

/// The policy's text in `format` (`style` for JSON), named `name` or after its first grant.
pub fn render_spec_as(
    policy: &PolicySpec,
    format: Format,
    style: JsonStyle,
    name: Option<&PolicyName>,
) -> String {
    let named = |first: Option<&Spec>| {
        name.cloned()
            .unwrap_or_else(|| first.map_or_else(PolicyName::default, PolicyName::default_for))
    };
    if let Some(one) = only_grant(policy) {
        return match format {
            Format::Json => render(one, style),
            other => render_as(one, other, &named(Some(one))),
        };
    }
    match format {
        Format::Json => render_policy(policy, style),
        other => render_policy_as(&build_policy(policy), other, &named(policy.grants.first())),
    }
}
