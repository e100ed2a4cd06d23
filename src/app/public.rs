//! The registry choice on Review: Amazon ECR (private, the default) or Amazon ECR Public, and a
//! pasted `public.ecr.aws/ALIAS/NAME:TAG` that selects ECR Public and the repository name.

use crate::policy::audit::check::check_text;
use crate::policy::emit::format::{PolicyName, render_public_as};
use crate::policy::emit::render::JsonStyle;
use crate::policy::spec::catalog::ActionSet;
use crate::policy::spec::model::Spec;
use crate::policy::spec::public::{
    PUBLIC_API_REGION, PublicInput, PublicSpec, parse_public_uri, validate_public,
};

use super::state::{App, StatusKind, Step};

/// The ECR Public preset closest to the chosen actions: `push` when any push action is on.
pub fn public_preset(actions: ActionSet) -> &'static str {
    let push = ActionSet::of(&["InitiateLayerUpload", "PutImage"]);
    if actions.contains_any(push) {
        "push"
    } else {
        "pull"
    }
}

/// The ECR Public policy's input for the spec: the same account and repositories, and the
/// preset closest to the chosen actions.
pub fn public_spec(spec: &Spec) -> Result<PublicSpec, String> {
    let input = PublicInput {
        account: Some(spec.account.clone()),
        repositories: spec.repositories.clone(),
        preset: Some(public_preset(spec.actions).to_string()),
        actions: Vec::new(),
        region: Some(spec.region.code.clone()),
        partition: Some(spec.partition().arn.to_string()),
    };
    validate_public(&input).map_err(|errors| {
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// The ECR Public identity policy for the spec (what `generate --registry public` prints for
/// the same account, repositories and preset), or why there is none.
pub fn public_text(app: &App, spec: &Spec) -> Result<(String, String), String> {
    let preset = public_preset(spec.actions);
    let public = public_spec(spec)?;
    let name = app.review.name.clone().unwrap_or_else(|| {
        PolicyName::from_parts(Some(&format!("public-{preset}")), &public.repositories)
    });
    let json = render_public_as(
        &public,
        crate::policy::emit::format::Format::Json,
        &name,
        JsonStyle::Pretty,
    );
    let text = render_public_as(&public, app.review.format, &name, JsonStyle::Pretty);
    Ok((json, text))
}

/// After `refresh`: for ECR Public, the preview, copy and save hold its policy.
pub fn apply_registry(app: &mut App) {
    if !app.access.public {
        return;
    }
    let Some(spec) = app.derived.spec.clone() else {
        return;
    };
    let (json, text) = public_text(app, &spec).unwrap_or_else(|why| {
        let text = format!("No ECR Public policy: {why}");
        (text.clone(), text)
    });
    // The findings `check` reports on the copied JSON (ECR Public's own rules); the identity
    // policy's findings are about ECR ARNs and do not apply.
    app.derived.findings = check_text(&json).unwrap_or_default();
    app.derived.json = json;
    app.derived.text = text;
}

/// What the status line says about ECR Public's region and partition.
pub fn public_note() -> String {
    format!(
        "ECR Public: ARNs have no region and exist in the aws partition only; its API is \
         served from {PUBLIC_API_REGION}."
    )
}

/// `r` on Review: switch between Amazon ECR and ECR Public.
pub(super) fn switch_registry(app: &mut App) {
    if !app.access.public && refuse_several(app) {
        return;
    }
    app.access.public = !app.access.public;
    app.preview.scroll = 0;
    if app.access.public {
        app.say(
            StatusKind::Info,
            format!("Registry: ECR Public. {}", public_note()),
        );
    } else {
        app.say(StatusKind::Info, "Registry: Amazon ECR (private).");
    }
}

/// An ECR Public policy is one preset on its repositories: with other grants or kept
/// statements in the policy, switching would leave them out of what is copied, so it is refused
/// with the reason (never dropped without a word). `true`: refused.
pub(super) fn refuse_several(app: &mut App) -> bool {
    if !app.grants.several() {
        return false;
    }
    let others = app.grants.others.len();
    let kept = app.grants.kept.len();
    let what = match (others, kept) {
        (0, k) => format!("{k} kept statement(s)"),
        (g, 0) => format!("{} grants", g + 1),
        (g, k) => format!("{} grants and {k} kept statement(s)", g + 1),
    };
    app.say(
        StatusKind::Error,
        format!(
            "Amazon ECR Public takes one grant; this policy has {what}, which it would leave \
             out. Remove them first ({} on Review) to write it for ECR Public.",
            super::keymap::keys_for(&super::Action::RemoveGrant)
        ),
    );
    true
}

/// A pasted `public.ecr.aws/ALIAS/NAME:TAG` in the repository field: ECR Public, that name.
/// `false`: not such a URI.
pub(super) fn paste_public_uri(app: &mut App, text: &str) -> bool {
    if app.step != Step::Repositories {
        return false;
    }
    let Some(parsed) = parse_public_uri(text) else {
        return false;
    };
    match parsed {
        Err(e) => app.say(StatusKind::Error, e.to_string()),
        Ok(_) if refuse_several(app) => {}
        Ok(image) => {
            if !app.repos.list.contains(&image.repository) {
                app.repos.list.push(image.repository.clone());
            }
            app.access.public = true;
            app.access.principal = None;
            let account = if app.valid_account().is_some() {
                String::new()
            } else {
                " Enter the account's 12-digit ID on the Account step.".to_string()
            };
            app.say(
                StatusKind::Info,
                format!(
                    "ECR Public repository {} added. {} is the registry alias, not the \
                     account.{account} {}",
                    image.repository,
                    image.alias,
                    public_note()
                ),
            );
        }
    }
    true
}
