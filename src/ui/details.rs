//! Two popups about the policy's parts: the details of the highlighted action row, and the
//! tag condition prompt.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::app::Action;
use crate::app::action::Local;
use crate::app::input::TextInput;
use crate::app::keymap::{Scope, first_key_in, keys_in, scope_hints};
use crate::app::state::{ActionRow, App};
use crate::policy::emit::explain::{action_details, task_sentence};
use crate::policy::spec::catalog::{ActionId, ActionSet};
use crate::policy::spec::tasks::{PRESETS, TASKS, preset_matching};

use super::theme::Theme;
use super::widgets::{block, centered, text_field};

fn action_line(app: &App, a: ActionId, theme: &Theme) -> Line<'static> {
    let info = a.info();
    let mark = if app.actions.set.contains(a) {
        "✓"
    } else {
        "·"
    };
    let mut spans = vec![
        Span::raw(format!("  {mark} {}", info.name)),
        Span::styled(format!("  {}", info.access.label()), theme.muted),
    ];
    if info.star_only {
        spans.push(Span::styled("  *-only", theme.warning));
    }
    Line::from(spans)
}

fn set_lines(app: &App, set: ActionSet, theme: &Theme, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::from(Span::styled(
        format!("{} actions (✓ = selected now):", set.len()),
        theme.title,
    )));
    lines.extend(set.iter().map(|a| action_line(app, a, theme)));
}

/// What the details popup says about a row.
fn row_lines(app: &App, row: Option<ActionRow>, theme: &Theme) -> (String, Vec<Line<'static>>) {
    let mut lines = Vec::new();
    let title = match row {
        Some(ActionRow::Action(a)) => {
            let d = action_details(a);
            let mut text = d.lines().into_iter();
            let name = text.next().unwrap_or_default();
            lines.extend(text.map(Line::from));
            name
        }
        Some(ActionRow::Task(i)) => {
            let t = &TASKS[i];
            lines.push(Line::from(format!("Lets someone {}.", task_sentence(t))));
            lines.push(Line::from(Span::styled(
                format!("Typical use: {}.", t.summary),
                theme.muted,
            )));
            let presets: Vec<&str> = PRESETS
                .iter()
                .filter(|p| p.set().is_superset(t.set()))
                .map(|p| p.id)
                .collect();
            lines.push(Line::from(format!(
                "Fully in presets: {}",
                if presets.is_empty() {
                    "none".to_string()
                } else {
                    presets.join(", ")
                }
            )));
            set_lines(app, t.set(), theme, &mut lines);
            format!("Task: {}", t.label)
        }
        Some(ActionRow::Preset) => {
            if let Some(p) = preset_matching(app.actions.set) {
                lines.push(Line::from(format!("Preset {}: {}.", p.id, p.summary)));
                set_lines(app, p.set(), theme, &mut lines);
                format!("Preset: {}", p.id)
            } else {
                let key = |l| first_key_in(Scope::Actions, &Action::Local(l));
                lines.push(Line::from(format!(
                    "The selection matches no preset. {}/{} on this row picks one; the \
                     presets are:",
                    key(Local::PrevPreset),
                    key(Local::NextPreset)
                )));
                for p in PRESETS {
                    lines.push(Line::from(format!("  {}: {}", p.id, p.summary)));
                }
                "Preset: custom".to_string()
            }
        }
        Some(ActionRow::Level(level)) => {
            lines.push(Line::from(format!(
                "AWS groups actions by access level; these are the {level} actions."
            )));
            "Access level".to_string()
        }
        Some(ActionRow::AllActionsHeader) | None => {
            lines.push(Line::from(format!(
                "Every ECR action, grouped by access level. {} on an action toggles it; \
                 {}/{} here shows the details of each.",
                first_key_in(Scope::Actions, &Action::Local(Local::Toggle)),
                first_key_in(Scope::Details, &Action::Local(Local::Up)),
                first_key_in(Scope::Details, &Action::Local(Local::Down))
            )));
            "Every single action".to_string()
        }
    };
    (title, lines)
}

/// The details of the highlighted row of the actions step; ↑/↓ move through the rows.
pub fn render_details(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let row = app.actions.rows().get(app.actions.cursor).copied();
    let (title, mut lines) = row_lines(app, row, theme);
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        format!(
            "{}/{} previous/next row · {} closes · {} toggles after closing",
            first_key_in(Scope::Details, &Action::Local(Local::Up)),
            first_key_in(Scope::Details, &Action::Local(Local::Down)),
            keys_in(Scope::Details, &Action::Back),
            first_key_in(Scope::Actions, &Action::Local(Local::Toggle))
        ),
        theme.key,
    )));
    let height = u16::try_from(lines.len() + 4).unwrap_or(u16::MAX);
    let r = centered(area, 76, height.min(area.height.saturating_sub(2)));
    frame.render_widget(Clear, r);
    let outer = block(&title, true, theme);
    let inner = outer.inner(r);
    frame.render_widget(outer, r);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The tag condition prompt: the field, its error or an explanation, and the current tags.
pub fn render_tags(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    input: &TextInput,
    error: Option<&String>,
    theme: &Theme,
) {
    let r = centered(area, 76, 14);
    frame.render_widget(Clear, r);
    let outer = block("Tag condition (optional)", true, theme);
    let inner = outer.inner(r);
    frame.render_widget(outer, r);
    let [field, msg, list, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    text_field(frame, field, "KEY=VALUE: ", input, true, theme);
    let line = match error {
        Some(e) => Span::styled(format!("✗ {e}"), theme.error),
        None => Span::styled(
            "Repository actions then only work on repositories that carry this tag with this \
             value (ecr:ResourceTag). Login and registry-wide actions are not limited.",
            theme.muted,
        ),
    };
    frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), msg);
    let mut lines = vec![Line::from(Span::styled(
        if app.actions.tags.is_empty() {
            "No tag condition: any repository named above."
        } else {
            "Required now (all must match):"
        },
        theme.title,
    ))];
    lines.extend(
        app.actions
            .tags
            .iter()
            .map(|t| Line::from(format!("  {} = {:?}", t.key, t.value))),
    );
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(
        Paragraph::new(Span::styled(scope_hints(Scope::TagPrompt), theme.key)),
        hint,
    );
}
