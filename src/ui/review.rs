//! The review step: the findings explained, where to paste the policy, copy and save.

use crate::policy::visible::Visible;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::Action;
use crate::app::access::shown;
use crate::app::action::Local;
use crate::app::keymap::keys_for;
use crate::app::state::App;
use crate::app::wrap_cache::LineBreaks;
use crate::policy::audit::lint::Severity;
use crate::policy::emit::explain::capabilities;
use crate::policy::emit::format::Format;
use crate::policy::spec::model::Spec;

use super::theme::Theme;
use super::widgets::block;
use super::wrap::{line_breaks, window};

/// The console address for a partition, where there is a public one.
fn console(partition: &str) -> Option<&'static str> {
    match partition {
        "aws" => Some("https://console.aws.amazon.com/iam/"),
        "aws-us-gov" => Some("https://console.amazonaws-us-gov.com/iam/"),
        "aws-cn" => Some("https://console.amazonaws.cn/iam/"),
        _ => None,
    }
}

/// A finding's marker; text so it shows without colour.
pub fn severity_mark(s: Severity, theme: &Theme) -> Span<'static> {
    match s {
        Severity::Error => Span::styled("✗ error ", theme.error),
        Severity::Warning => Span::styled("⚠ warning ", theme.warning),
        Severity::Info => Span::styled("ℹ note ", theme.muted),
    }
}

/// What an imported policy (`--from`) could not carry over: never dropped silently.
fn import_lines(app: &App, theme: &Theme, lines: &mut Vec<Line<'static>>) {
    let Some(notes) = &app.imported else { return };
    lines.push(Line::default());
    if notes.left_out.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                "✓ Imported from {}: everything was carried over.",
                Visible(&notes.source)
            ),
            theme.success,
        )));
        return;
    }
    lines.push(Line::from(Span::styled(
        format!(
            "⚠ Imported from {}; not carried over as written ({}):",
            Visible(&notes.source),
            notes.left_out.len()
        ),
        theme.warning,
    )));
    lines.extend(notes.left_out.iter().map(|item| {
        Line::from(Span::styled(
            format!("  • {}", Visible(item)),
            theme.warning,
        ))
    }));
}

/// Draws the review step: what the policy lets someone do, then warnings, then where it goes.
/// The content scrolls; markers on the frame say when more is above or below.
pub fn render_review(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let title = format!(
        "{} Review: check, then copy or save",
        crate::app::state::Step::Review.number()
    );
    let outer = block(&title, !app.preview.focused, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let lines = review_lines(app, theme);
    // The breaks depend on the text only: kept while the text and width stay the same.
    let texts: Vec<String> = lines.iter().map(ToString::to_string).collect();
    let breaks = app.review.wraps.breaks(&texts.join("\n"), inner.width, || {
        texts.iter().map(|t| line_breaks(t, inner.width)).collect()
    });
    let total: usize = breaks.iter().map(LineBreaks::rows).sum();
    let max = u16::try_from(total)
        .unwrap_or(u16::MAX)
        .saturating_sub(inner.height);
    app.review.max_scroll.set(max);
    let scroll = app.review.scroll.min(max);
    let rows = window(
        lines,
        &breaks,
        usize::from(scroll),
        usize::from(inner.height),
        |l| l,
    );
    super::rows::draw_lines(frame.buffer_mut(), inner, rows);
    scroll_markers(frame, area, scroll, max, theme);
}

/// "↑ more" on the top edge and "↓ more" on the bottom edge of a scrolled pane.
pub fn scroll_markers(frame: &mut Frame, area: Rect, scroll: u16, max: u16, theme: &Theme) {
    let mark = |text: &str, y: u16, frame: &mut Frame| {
        let w = u16::try_from(text.chars().count()).unwrap_or(0);
        if area.width > w + 4 {
            let r = Rect::new(area.right().saturating_sub(w + 2), y, w, 1);
            frame.render_widget(Paragraph::new(Span::styled(text.to_string(), theme.key)), r);
        }
    };
    if scroll > 0 {
        mark(" ↑ more ", area.y, frame);
    }
    if scroll < max {
        mark(" ↓ more ", area.bottom().saturating_sub(1), frame);
    }
}

/// The review content, unwrapped.
pub fn review_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = super::review_grants::grant_lines(app, theme);
    let Some(spec) = app.spec() else {
        lines.push(Line::from(Span::styled(
            "The policy is not complete yet:",
            theme.error,
        )));
        for e in &app.derived.missing {
            lines.push(Line::from(Span::styled(format!("  ✗ {e}"), theme.error)));
        }
        import_lines(app, theme, &mut lines);
        lines.push(Line::from(Span::styled(
            format!(
                "{} / {} move between steps.",
                keys_for(&Action::NextStep),
                keys_for(&Action::PrevStep)
            ),
            theme.muted,
        )));
        return lines;
    };
    lines.push(Line::from(format!(
        "{} action(s) on {} repositor{} in {} ({}), account {}.",
        spec.actions.len(),
        spec.repositories.len(),
        if spec.repositories.len() == 1 {
            "y"
        } else {
            "ies"
        },
        spec.region.code,
        spec.partition().arn,
        spec.account
    )));
    super::recipe::recipe_lines(app, theme, &mut lines);
    about_lines(app, spec, theme, &mut lines);
    super::access::access_lines(app, spec, theme, &mut lines);
    lines.push(Line::default());
    if app.derived.findings.is_empty() {
        lines.push(Line::from(Span::styled(
            "✓ No problems found.",
            theme.success,
        )));
    }
    for f in &app.derived.findings {
        lines.push(Line::from(vec![
            severity_mark(f.severity, theme),
            Span::raw(f.message.clone()),
        ]));
    }
    import_lines(app, theme, &mut lines);
    lines.push(Line::default());
    next_lines(app, spec, theme, &mut lines);
    super::recipe::recipe_next_lines(app, theme, &mut lines);
    tag_line(spec, theme, &mut lines);
    super::access::choice_lines(app, theme, &mut lines);
    lines
}

/// The output format, how to copy or save, and where the policy goes next.
fn next_lines(app: &App, spec: &Spec, theme: &Theme, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::from(vec![
        Span::styled("Format: ", theme.title),
        Span::styled(app.review.format.label(), theme.key),
        Span::styled(
            format!(
                "  ({}: {})",
                keys_for(&Action::Local(Local::NextFormat)),
                Format::ALL
                    .iter()
                    .map(|f| f.label())
                    .collect::<Vec<_>>()
                    .join(" › ")
            ),
            theme.muted,
        ),
    ]));
    // A repository or registry policy has no name: it is set on the repository or registry.
    if !shown(app).is_resource_policy() {
        lines.push(Line::from(vec![
            Span::styled("Name: ", theme.title),
            Span::styled(app.policy_name(spec).to_string(), theme.key),
            Span::styled(
                format!(
                    "  ({} changes it; used by Terraform, CloudFormation, AWS CLI)",
                    keys_for(&Action::EditName)
                ),
                theme.muted,
            ),
        ]));
    }
    lines.push(Line::from(Span::styled("Next:", theme.title)));
    lines.push(Line::from(vec![
        Span::styled(keys_for(&Action::Copy), theme.key),
        Span::raw(" copies, "),
        Span::styled(keys_for(&Action::Save), theme.key),
        Span::raw(" saves."),
    ]));
    if let Some(where_to) = super::access::repository_where_to(app) {
        lines.push(Line::from(Span::styled(where_to, theme.muted)));
        return;
    }
    let where_to = match (app.review.format, console(spec.partition().arn)) {
        (Format::Terraform, _) => "Add it to your Terraform configuration (e.g. iam.tf), then \
                                   terraform plan and terraform apply; attach it with \
                                   aws_iam_role_policy_attachment or similar."
            .to_string(),
        (Format::CloudFormation, _) => "Deploy the template as the comment at its top says \
                                        (the stack needs CAPABILITY_NAMED_IAM), then attach the \
                                        policy from its output ARN."
            .to_string(),
        (Format::AwsCli, _) => "Run the command in a shell with credentials for the account \
                                (it prints the new policy's ARN), then attach it with aws iam \
                                attach-role-policy or similar."
            .to_string(),
        (Format::Json, console) => match console {
            Some(url) => format!(
                "In the IAM console ({url}): Policies › Create policy › JSON, paste, Next, name it, \
             then attach it to the user, group or role. Or: aws iam create-policy --policy-name NAME \
             --policy-document file://FILE"
            ),
            None => "This partition has no public console: create the policy from inside it with \
                 aws iam create-policy --policy-name NAME --policy-document file://FILE"
                .to_string(),
        },
    };
    lines.push(Line::from(Span::styled(where_to, theme.muted)));
}

/// In plain sentences, what the policy lets someone do: every grant, each under its own heading
/// when Review lists several.
fn about_lines(app: &App, spec: &Spec, theme: &Theme, lines: &mut Vec<Line<'static>>) {
    // The ECR Public policy or a repository policy, when that is the document shown.
    if let Some(about) = super::access::other_document_about(app, spec) {
        lines.push(Line::default());
        match about {
            Ok(can) => capability_lines(can, None, theme, lines),
            Err(why) => lines.push(Line::from(Span::styled(format!("✗ {why}"), theme.error))),
        }
        return;
    }
    let whole;
    let grants: &[Spec] = if app.grants.several() {
        whole = app.grants.whole(spec.clone()).grants;
        &whole
    } else {
        std::slice::from_ref(spec)
    };
    for (i, grant) in grants.iter().enumerate() {
        lines.push(Line::default());
        let prefix = (grants.len() > 1).then(|| format!("Grant {}: ", i + 1));
        capability_lines(capabilities(grant), prefix, theme, lines);
    }
}

/// A heading (with an optional prefix), then one bullet per sentence.
fn capability_lines(
    can: Vec<String>,
    prefix: Option<String>,
    theme: &Theme,
    lines: &mut Vec<Line<'static>>,
) {
    let mut can = can.into_iter();
    if let Some(heading) = can.next() {
        let heading = format!("{}{heading}", prefix.unwrap_or_default());
        lines.push(Line::from(Span::styled(heading, theme.title)));
    }
    lines.extend(can.map(|c| Line::from(format!("  • {c}"))));
}

/// The tag condition, and the key that changes it.
fn tag_line(spec: &Spec, theme: &Theme, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled("Tag condition: ", theme.muted),
        Span::raw(if spec.tags.is_empty() {
            "none".to_string()
        } else {
            spec.tags
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" and ")
        }),
        Span::styled(
            format!("  ({} changes it)", keys_for(&Action::EditTags)),
            theme.muted,
        ),
    ]));
}
