//! The actions step: preset picker, task toggles and the expandable list of every action.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::Action;
use crate::app::action::Local;
use crate::app::keymap::{Scope, first_key_in};
use crate::app::state::{ActionRow, App};
use crate::policy::spec::catalog::{ACTIONS, ActionSet};
use crate::policy::spec::tasks::{TASKS, preset_matching};

use super::theme::Theme;
use super::widgets::block;

fn check(selected: ActionSet, set: ActionSet) -> &'static str {
    if selected.is_superset(set) {
        "[x]"
    } else if selected.contains_any(set) {
        "[-]"
    } else {
        "[ ]"
    }
}

/// Draws the actions step.
pub fn render_actions(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let title = format!(
        "{} Actions: what the policy allows",
        crate::app::state::Step::Actions.number()
    );
    let outer = block(&title, true, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [list, details] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(3)]).areas(inner);
    let rows = app.actions.rows();
    // Every row is one line: build only the visible window, scrolled as List would scroll it
    // (the cursor stays on screen, at the bottom once it passes the first screenful).
    let height = usize::from(list.height).max(1);
    let offset = (app.actions.cursor + 1).saturating_sub(height);
    let items = rows
        .iter()
        .skip(offset)
        .take(height)
        // Two columns go to the highlight symbol; a cut row ends in "…".
        .map(|r| {
            super::wrap::fit_line(
                row_line(app, *r, theme),
                usize::from(list.width).saturating_sub(2),
            )
        });
    super::rows::draw_list(
        frame.buffer_mut(),
        list,
        items,
        Some(app.actions.cursor.saturating_sub(offset)),
        "› ",
        theme.selected,
    );
    let text = match rows.get(app.actions.cursor) {
        Some(ActionRow::Action(a)) => {
            let i = a.info();
            let scope = if i.star_only {
                "only on \"*\""
            } else {
                "on the repositories"
            };
            format!("ecr:{} · {} · {scope}. {}", i.name, i.access, i.note)
        }
        Some(ActionRow::Task(t)) => {
            let t = &TASKS[*t];
            let names: Vec<&str> = t.actions.to_vec();
            format!("{}: {}", t.summary, names.join(", "))
        }
        Some(ActionRow::Preset) => format!(
            "{}/{} or {} switch presets; every change shows in the preview at once. \
             [x] all on · [-] some of a task's actions on · [ ] off",
            key(Local::PrevPreset),
            key(Local::NextPreset),
            key(Local::Toggle)
        ),
        _ => format!(
            "{} toggles; {} expands every single action. [x] all on · [-] some of this \
             task's actions on · [ ] off",
            key(Local::Toggle),
            key(Local::ExpandActions)
        ),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(text, theme.muted)).wrap(Wrap { trim: true }),
        details,
    );
}

/// The first key of an Actions step action, from the keymap.
fn key(action: Local) -> String {
    first_key_in(Scope::Actions, &Action::Local(action))
}

fn row_line(app: &App, row: ActionRow, theme: &Theme) -> Line<'static> {
    match row {
        ActionRow::Preset => {
            let name = preset_matching(app.actions.set).map_or("custom", |p| p.id);
            Line::from(vec![
                Span::styled("Preset: ", theme.muted),
                Span::styled(format!("◀ {name} ▶"), theme.key),
                Span::styled(format!("  {} actions", app.actions.set.len()), theme.muted),
            ])
        }
        ActionRow::Task(i) => {
            let t = &TASKS[i];
            Line::from(vec![
                Span::raw(format!("{} ", check(app.actions.set, t.set()))),
                Span::styled(t.label, theme.base),
                Span::styled(format!("  {}", t.summary), theme.muted),
            ])
        }
        ActionRow::AllActionsHeader => {
            let arrow = if app.actions.expanded { "▾" } else { "▸" };
            Line::from(Span::styled(
                format!(
                    "{arrow} Every single action ({} of {} on)",
                    app.actions.set.len(),
                    ACTIONS.len()
                ),
                theme.title,
            ))
        }
        ActionRow::Level(level) => {
            Line::from(Span::styled(format!("  ── {level} ──"), theme.muted))
        }
        ActionRow::Action(a) => {
            let info = a.info();
            let mark = if app.actions.set.contains(a) {
                "[x]"
            } else {
                "[ ]"
            };
            let mut spans = vec![Span::raw(format!("  {mark} {}", info.name))];
            if info.star_only {
                spans.push(Span::styled("  *-only", theme.warning));
            }
            Line::from(spans)
        }
    }
}
