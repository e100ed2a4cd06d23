//! The Review lines of a recipe: which one, its documents (the one shown marked, the key that
//! steps through them) when no other account or service uses the policy, and its next step
//! and the AWS managed policy that would also do.

use ratatui::text::{Line, Span};

use crate::app::Action;
use crate::app::access::{Document, all_documents, shown};
use crate::app::keymap::keys_for;
use crate::app::recipe::recipe_plan;
use crate::app::state::App;

use super::theme::Theme;

/// The recipe and its documents, after the policy's summary.
pub fn recipe_lines(app: &App, theme: &Theme, lines: &mut Vec<Line<'static>>) {
    let Some(plan) = recipe_plan(app) else {
        return;
    };
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled("Recipe: ", theme.title),
        Span::raw(format!("{} ({})", plan.recipe.label, plan.recipe.id)),
    ]));
    // With another account or a service, the access lines list the documents.
    if app.access.principal.is_some() {
        return;
    }
    let list = all_documents(app);
    let on = (shown(app), app.access.part);
    let mark = |d: (Document, usize)| if d == on { "▸ " } else { "  " };
    for d in &list {
        match d.0 {
            Document::Identity => lines.push(Line::from(vec![
                Span::styled(mark(*d), theme.key),
                Span::styled("Identity policy: ", theme.title),
                Span::raw(format!("attach it to role {}", plan.role_name)),
            ])),
            Document::Trust => lines.push(super::access::trust_line(app, mark(*d), theme)),
            Document::Repository | Document::Registry => {}
        }
    }
    if list.len() > 1 {
        lines.push(Line::from(Span::styled(
            format!(
                "Preview, copy and save show {} ({} switches).",
                match on.0 {
                    Document::Trust => "the trust policy",
                    _ => "the identity policy",
                },
                keys_for(&Action::SwitchDocument)
            ),
            theme.muted,
        )));
    }
}

/// The recipe's next step, its notes and the managed policy, at the end of Review.
pub fn recipe_next_lines(app: &App, theme: &Theme, lines: &mut Vec<Line<'static>>) {
    let Some(plan) = recipe_plan(app) else {
        return;
    };
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        format!("Then ({}):", plan.recipe.id),
        theme.title,
    )));
    for (i, step) in plan.next_steps.iter().enumerate() {
        for (j, text) in step.lines().enumerate() {
            let lead = if j == 0 {
                format!("{}. ", i + 1)
            } else {
                "   ".to_string()
            };
            lines.push(Line::from(format!("{lead}{text}")));
        }
    }
    for n in &plan.notes {
        lines.push(Line::from(Span::styled(format!("• {n}"), theme.muted)));
    }
    if let Some(m) = &plan.managed {
        lines.push(Line::from(Span::styled(format!("• {m}"), theme.muted)));
    }
}
