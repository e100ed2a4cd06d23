//! The Review lines for an access path: who uses the policy, where each document goes, and
//! which document the preview, copy and save show.

use ratatui::text::{Line, Span};

use crate::app::Action;
use crate::app::access::{Document, shown};
use crate::app::keymap::keys_for;
use crate::app::public::{public_note, public_text};
use crate::app::state::App;
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
    lines.push(Line::from(vec![
        Span::styled(mark(Document::Repository), theme.key),
        Span::styled("Repository policy: ", theme.title),
        Span::raw(repository),
    ]));
    let which = match now {
        Document::Identity => "the identity policy",
        Document::Repository => "the repository policy",
    };
    let switch = if p.needs_identity_policy() {
        format!(" ({} switches)", keys_for(&Action::SwitchDocument))
    } else {
        String::new()
    };
    lines.push(Line::from(Span::styled(
        format!("Preview, copy and save show {which}{switch}."),
        theme.muted,
    )));
}
