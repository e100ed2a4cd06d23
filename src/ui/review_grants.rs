//! The grant list on Review: each grant (repositories, actions, conditions), the statements
//! kept as written with their reasons, the selection, and the removal question.

use crate::policy::visible::Visible;
use ratatui::text::{Line, Span};

use crate::app::Action;
use crate::app::keymap::keys_for;
use crate::app::state::App;
use crate::app::steps::review_grants::{Row, question};
use crate::policy::spec::model::Spec;
use crate::policy::spec::tasks::preset_matching;

use super::theme::Theme;

/// The actions of a grant in a few words: its preset, or a count and the first names.
fn action_summary(g: &Spec) -> String {
    if let Some(p) = preset_matching(g.actions) {
        return format!("preset {}", p.id);
    }
    let names: Vec<&str> = g.actions.iter().map(|a| a.info().name).collect();
    let head = names.iter().take(3).copied().collect::<Vec<_>>().join(", ");
    if names.len() > 3 {
        format!("{} actions: {head}, …", names.len())
    } else {
        head
    }
}

/// One grant's line.
fn grant_line(i: usize, g: Option<&Spec>, selected: bool, theme: &Theme) -> Line<'static> {
    let mark = if selected { "▶ " } else { "  " };
    let style = if selected { theme.selected } else { theme.base };
    let text = match g {
        Some(g) => {
            let repos = if g.repositories.is_empty() {
                "no repositories".to_string()
            } else {
                g.repositories.join(", ")
            };
            let tags = if g.tags.is_empty() {
                String::new()
            } else {
                let t: Vec<String> = g.tags.iter().map(ToString::to_string).collect();
                format!(" · if {}", t.join(", "))
            };
            format!(
                "{mark}Grant {}: {repos} · {}{tags}",
                i + 1,
                action_summary(g)
            )
        }
        None => format!("{mark}Grant {}: (being edited, not complete yet)", i + 1),
    };
    Line::from(Span::styled(text, style))
}

/// The list lines, shown at the top of Review when there are several grants or kept
/// statements (nothing otherwise, so the one-grant Review is unchanged).
pub fn grant_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let list = &app.grants;
    if !list.several() && list.asking.is_none() {
        return Vec::new();
    }
    let mut lines = Vec::new();
    if let Some(q) = question(app) {
        lines.push(Line::from(vec![
            Span::styled(format!("{q} "), theme.warning),
            Span::styled("y", theme.key),
            Span::raw(" yes, "),
            Span::styled("n", theme.key),
            Span::raw(" no"),
        ]));
    }
    lines.push(Line::from(vec![
        Span::styled("Grants ", theme.title),
        Span::styled(
            format!(
                "({} edit, {} add, {} remove)",
                keys_for(&Action::EditGrant),
                keys_for(&Action::AddGrant),
                keys_for(&Action::RemoveGrant)
            ),
            theme.muted,
        ),
    ]));
    for i in 0..list.grant_count() {
        let g = list.grant(i, app.spec());
        lines.push(grant_line(i, g, list.selected == i, theme));
    }
    for (k, kept) in list.kept.iter().enumerate() {
        let selected = list.row(list.selected) == Row::Kept(k);
        let mark = if selected { "▶ " } else { "  " };
        let style = if selected {
            theme.selected
        } else {
            theme.warning
        };
        lines.push(Line::from(Span::styled(
            format!(
                "{mark}Kept as written: {} (read-only)",
                Visible(&kept.label())
            ),
            style,
        )));
        lines.push(Line::from(Span::styled(
            format!("    why: {}", Visible(&kept.reason)),
            theme.muted,
        )));
    }
    lines.push(Line::default());
    lines
}
