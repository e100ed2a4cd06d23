//! The Review lines for an access path: who uses the policy, where each document (identity,
//! repository, registry policy) goes, and which one the preview, copy and save show.

use ratatui::text::{Line, Span};

use crate::app::Action;
use crate::app::access::{Document, all_documents, replicates, shown};
use crate::app::documents::{
    all_registry_documents, all_repository_documents, registry_policy, repository_policy,
    shown_registry, shown_repository,
};
use crate::app::keymap::keys_for;
use crate::app::public::{public_note, public_spec, public_text};
use crate::app::state::App;
use crate::policy::emit::explain_access::{
    public_capabilities, registry_capabilities, repository_capabilities,
};
use crate::policy::emit::format::Format;
use crate::policy::emit::registry_docs::registry_placement;
use crate::policy::spec::model::Spec;
use crate::policy::spec::principal::{Principal, placement};

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
        if replicates(app) {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!(
                    "Replication: its one document is this registry's registry policy, for the \
                     source account. {} and give the source account's ID.",
                    keys_for(&Action::EditPrincipal)
                ),
                theme.warning,
            )));
        }
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
    document_lines(app, p, identity, &repository, theme, lines);
}

/// One line per document (identity, each repository policy, each registry policy), the one
/// shown marked, then which is shown and the key that switches.
fn document_lines(
    app: &App,
    p: &Principal,
    identity: String,
    repository: &str,
    theme: &Theme,
    lines: &mut Vec<Line<'static>>,
) {
    let now = shown(app);
    let list = all_documents(app);
    let on = (now, app.access.part);
    let mark = |d: (Document, usize)| if d == on { "▸ " } else { "  " };
    if list.contains(&(Document::Identity, 0)) {
        lines.push(Line::from(vec![
            Span::styled(mark((Document::Identity, 0)), theme.key),
            Span::styled("Identity policy: ", theme.title),
            Span::raw(identity),
        ]));
    } else if p.needs_identity_policy() {
        lines.push(Line::from(
            "  No identity policy: ECR replicates with the source registry's service-linked role.",
        ));
    } else {
        lines.push(Line::from(format!("  {identity}")));
    }
    let docs = all_repository_documents(app);
    let repository_entries = list.iter().filter(|d| d.0 == Document::Repository).count();
    for (i, entry) in list
        .iter()
        .filter(|d| d.0 == Document::Repository)
        .enumerate()
    {
        let place = docs.get(i).map_or_else(
            || repository.to_string(),
            |d| placement(p, &d.account, &d.repositories).1,
        );
        let title = if repository_entries > 1 {
            format!("Repository policy {}: ", i + 1)
        } else {
            "Repository policy: ".to_string()
        };
        lines.push(Line::from(vec![
            Span::styled(mark(*entry), theme.key),
            Span::styled(title, theme.title),
            Span::raw(place),
        ]));
    }
    let registries = all_registry_documents(app);
    for (i, doc) in registries.iter().enumerate() {
        let title = if registries.len() > 1 {
            format!("Registry policy {}: ", i + 1)
        } else {
            "Registry policy: ".to_string()
        };
        lines.push(Line::from(vec![
            Span::styled(mark((Document::Registry, i)), theme.key),
            Span::styled(title, theme.title),
            Span::raw(registry_placement(doc)),
        ]));
    }
    if list.contains(&(Document::Trust, 0)) {
        lines.push(trust_line(app, mark((Document::Trust, 0)), theme));
    }
    let count = |d: Document| list.iter().filter(|e| e.0 == d).count();
    let which = match now {
        Document::Repository if count(Document::Repository) > 1 => format!(
            "repository policy {} of {}",
            app.access.part + 1,
            count(Document::Repository)
        ),
        Document::Repository => "the repository policy".to_string(),
        Document::Registry if count(Document::Registry) > 1 => format!(
            "registry policy {} of {}",
            app.access.part + 1,
            count(Document::Registry)
        ),
        Document::Registry => "the registry policy".to_string(),
        Document::Identity => "the identity policy".to_string(),
        Document::Trust => "the trust policy".to_string(),
    };
    let switch = if list.len() > 1 {
        format!(" ({} switches)", keys_for(&Action::SwitchDocument))
    } else {
        String::new()
    };
    lines.push(Line::from(Span::styled(
        format!("Preview, copy and save show {which}{switch}."),
        theme.muted,
    )));
}

/// The trust policy's line: the role it belongs to and who may assume it.
pub fn trust_line(app: &App, mark: &'static str, theme: &Theme) -> Line<'static> {
    let about = crate::app::recipe::recipe_plan(app).map_or_else(String::new, |plan| {
        format!(
            "role {}: who may assume it ({})",
            plan.role_name, plan.recipe.label
        )
    });
    Line::from(vec![
        Span::styled(mark, theme.key),
        Span::styled("Trust policy: ", theme.title),
        Span::raw(about),
    ])
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

/// Where the registry policy shown goes next, in the chosen format.
fn registry_where_to(app: &App) -> Option<String> {
    let r = shown_registry(app)?;
    let account = &r.doc.account;
    let region = &r.doc.region.code;
    let replaces = "A registry holds one policy per region and this replaces it: merge in the \
                    statements of aws ecr get-registry-policy first.";
    Some(match app.review.format {
        Format::Terraform => format!(
            "Add it to the Terraform configuration of account {account} (AWS provider in region \
             {region}), then terraform plan and terraform apply. {replaces}"
        ),
        Format::CloudFormation => {
            format!("Deploy the template in account {account}, region {region}. {replaces}")
        }
        Format::AwsCli => format!(
            "Run the command in a shell with credentials for account {account} (the registry \
             account). {replaces}"
        ),
        Format::Json => registry_placement(&r.doc),
    })
}

/// Where the repository or registry policy shown goes next, in the chosen format.
pub fn repository_where_to(app: &App) -> Option<String> {
    if let Some(registry) = registry_where_to(app) {
        return Some(registry);
    }
    if shown(app) == Document::Trust {
        let role = crate::app::recipe::recipe_plan(app)?.role_name;
        return Some(match app.review.format {
            Format::Terraform => format!(
                "Add the aws_iam_role to your Terraform configuration, then terraform plan and \
                 terraform apply; attach the identity policy to role {role}."
            ),
            Format::CloudFormation => format!(
                "Deploy the template (CAPABILITY_NAMED_IAM), then attach the identity policy to \
                 role {role}."
            ),
            Format::AwsCli => format!(
                "Run the command: it creates role {role} (the comment above it replaces the \
                 trust of a role that exists)."
            ),
            Format::Json => format!(
                "aws iam create-role --role-name {role} --assume-role-policy-document \
                 file://FILE, or aws iam update-assume-role-policy --role-name {role} \
                 --policy-document file://FILE for a role that exists."
            ),
        });
    }
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
    if shown(app) == Document::Registry {
        let Some(r) = shown_registry(app) else {
            return Some(Err(app.derived.text.clone()));
        };
        return Some(
            registry_policy(&r.doc, &r.principal)
                .map(|policy| registry_capabilities(&policy, &r.principal, &r.doc))
                .map_err(|e| format!("No registry policy: {e}")),
        );
    }
    if shown(app) == Document::Trust {
        return crate::app::recipe::recipe_plan(app)
            .and_then(|p| p.trust)
            .map(|t| Ok(t.describe()));
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
