//! The Review lines for an access path: who uses the policy, where each document goes, and
//! which document the preview, copy and save show.

use ratatui::text::{Line, Span};

use crate::app::Action;
use crate::app::access::{Document, shown};
use crate::app::documents::{all_repository_documents, repository_policy, shown_repository};
use crate::app::keymap::keys_for;
use crate::app::public::{public_note, public_spec, public_text};
use crate::app::state::App;
use crate::policy::emit::explain_access::{public_capabilities, repository_capabilities};
use crate::policy::emit::format::Format;
use crate::policy::spec::model::Spec;
use crate::policy::spec::principal::placement;

use super::theme::Theme;

/// Who uses the policy and where each document goes; nothing for this account (the default).
pub fn access_lines(app: &App, spec: &Spec, theme: &Theme, lines: &mut Vec<Line<'static>>) {
    if app.access.public {
        lines.push(Line::default());
        lines.push(Line::from(vec![
            Span::styled("Registry: ", theme.title),
            Span::raw("Amazon ECR Public"),
            Span::styled(
                format!("  ({} switches)", keys_for(&Action::SwitchRegistry)),
                theme.muted,
            ),
        ]));
        lines.push(Line::from(format!("  • {}", public_note())));
        if let Err(why) = public_text(app, spec) {
            lines.push(Line::from(Span::styled(format!("  ✗ {why}"), theme.error)));
        }
        return;
    }
    let Some(p) = &app.access.principal else {
        return;
    };
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled("Used by: ", theme.title),
        Span::raw(p.describe()),
        Span::styled(
            format!("  ({} changes it)", keys_for(&Action::EditPrincipal)),
            theme.muted,
        ),
    ]));
    let (identity, repository) = placement(p, &spec.account, &spec.repositories);
    if !p.needs_repository_policy(&spec.account) {
        lines.push(Line::from(format!("  • {identity}")));
        lines.push(Line::from(format!("  • {repository}")));
        return;
    }
    let now = shown(app);
    let mark = |d: Document| if d == now { "▸ " } else { "  " };
    if p.needs_identity_policy() {
        lines.push(Line::from(vec![
            Span::styled(mark(Document::Identity), theme.key),
            Span::styled("Identity policy: ", theme.title),
            Span::raw(identity),
        ]));
    } else {
        lines.push(Line::from(format!("  {identity}")));
    }
    let docs = all_repository_documents(app);
    let on_screen = shown_repository(app).map(|r| r.index);
    if docs.len() > 1 {
        // Each repository holds one policy: repositories given different actions get their own.
        for (i, doc) in docs.iter().enumerate() {
            let (_, repository) = placement(p, &doc.account, &doc.repositories);
            let mark = if on_screen == Some(i) { "▸ " } else { "  " };
            lines.push(Line::from(vec![
                Span::styled(mark, theme.key),
                Span::styled(format!("Repository policy {}: ", i + 1), theme.title),
                Span::raw(repository),
            ]));
        }
    } else {
        // One document: set on every repository the grants name.
        let repository = docs
            .first()
            .map_or(repository, |d| placement(p, &d.account, &d.repositories).1);
        lines.push(Line::from(vec![
            Span::styled(mark(Document::Repository), theme.key),
            Span::styled("Repository policy: ", theme.title),
            Span::raw(repository),
        ]));
    }
    let which = match (now, on_screen) {
        (Document::Repository, Some(i)) if docs.len() > 1 => {
            format!("repository policy {} of {}", i + 1, docs.len())
        }
        (Document::Repository, _) => "the repository policy".to_string(),
        (Document::Identity, _) => "the identity policy".to_string(),
    };
    let switch = if p.needs_identity_policy() || docs.len() > 1 {
        format!(" ({} switches)", keys_for(&Action::SwitchDocument))
    } else {
        String::new()
    };
    lines.push(Line::from(Span::styled(
        format!("Preview, copy and save show {which}{switch}."),
        theme.muted,
    )));
}

/// The ECR console for a partition, where there is a public one.
fn ecr_console(partition: &str) -> Option<&'static str> {
    match partition {
        "aws" => Some("https://console.aws.amazon.com/ecr/repositories"),
        "aws-us-gov" => Some("https://console.amazonaws-us-gov.com/ecr/repositories"),
        "aws-cn" => Some("https://console.amazonaws.cn/ecr/repositories"),
        _ => None,
    }
}

/// Where the repository policy shown goes next, in the chosen format.
pub fn repository_where_to(app: &App) -> Option<String> {
    let r = shown_repository(app)?;
    let account = &r.doc.account;
    let region = &r.doc.region.code;
    Some(match app.review.format {
        Format::Terraform => format!(
            "Add it to the Terraform configuration that manages these repositories in account \
             {account}, then terraform plan and terraform apply; each aws_ecr_repository_policy \
             replaces the repository's current policy."
        ),
        Format::CloudFormation => format!(
            "Add RepositoryPolicyText to each repository in the stack of account {account} that \
             declares it (as the comment at its top says), then update that stack."
        ),
        Format::AwsCli => format!(
            "Run the commands in a shell with credentials for account {account} (the registry \
             account); each replaces the repository's current policy."
        ),
        Format::Json => {
            let cli = "aws ecr set-repository-policy --repository-name NAME --policy-text \
             file://FILE";
            match ecr_console(r.doc.region.partition.arn) {
                Some(url) => format!(
                    "In the Amazon ECR console of account {account} ({url}, region {region}): \
                     Repositories › each repository listed › Permissions › Edit policy JSON, \
                     paste, Save. Or: {cli}"
                ),
                None => format!(
                    "This partition has no public console: in account {account} run {cli} for \
                     each repository listed."
                ),
            }
        }
    })
}

/// What the document shown says in plain words, when it is not the identity policy: the ECR
/// Public policy, or the repository policy shown (or why it cannot be written).
pub fn other_document_about(app: &App, spec: &Spec) -> Option<Result<Vec<String>, String>> {
    if app.access.public {
        return Some(public_spec(spec).map(|p| public_capabilities(&p)));
    }
    if shown(app) != Document::Repository {
        return None;
    }
    let Some(r) = shown_repository(app) else {
        return Some(Err(app.derived.text.clone()));
    };
    Some(
        repository_policy(&r.doc, &r.principal)
            .map(|policy| repository_capabilities(&policy, &r.principal, &r.doc))
            .map_err(|e| format!("No repository policy: {e}")),
    )
}

/// Who uses the policy and the registry while they are the defaults, with the keys that change
/// them: said at the end of Review, next to the tag condition, so `w` and `r` are found before
/// they are needed (a choice made shows above, with its own key).
pub fn choice_lines(app: &App, theme: &Theme, lines: &mut Vec<Line<'static>>) {
    if app.access.principal.is_none() && !app.access.public {
        lines.push(Line::from(vec![
            Span::styled("Used by: ", theme.muted),
            Span::raw("this account"),
            Span::styled(
                format!(
                    "  ({}: another account, an organisation or a service)",
                    keys_for(&Action::EditPrincipal)
                ),
                theme.muted,
            ),
        ]));
    }
    if !app.access.public {
        lines.push(Line::from(vec![
            Span::styled("Registry: ", theme.muted),
            Span::raw("Amazon ECR"),
            Span::styled(
                format!(
                    "  ({}: Amazon ECR Public, public.ecr.aws)",
                    keys_for(&Action::SwitchRegistry)
                ),
                theme.muted,
            ),
        ]));
    }
}
