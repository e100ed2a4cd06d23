//! The mouse: which step, tab, row or checkbox lies under the pointer, found with the same
//! layout the views draw (tests click on drawn text to keep the two in step).

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Position, Rect};

use crate::app::Action;
use crate::app::action::{Pane, Target};
use crate::app::state::{App, Step};

use super::layout::{MIN_HEIGHT, MIN_WIDTH, SIDE_BY_SIDE, split_body, step_bar};
use super::theme::Theme;

/// Rows the wheel scrolls per notch.
const WHEEL: i16 = 3;

/// The action for a mouse event on a screen of `area`, if it hits anything.
pub fn action(app: &App, area: Rect, m: &MouseEvent) -> Option<Action> {
    if !app.mouse || app.popup.is_some() || area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let at = Position::new(m.column, m.row);
    let [bar, body, _, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (pane, preview, tabs) = panes(app, body);
    let over = if preview.is_some_and(|p| p.contains(at)) {
        Pane::Preview
    } else {
        Pane::Step
    };
    match m.kind {
        MouseEventKind::ScrollUp => Some(Action::Scroll(over, -WHEEL)),
        MouseEventKind::ScrollDown => Some(Action::Scroll(over, WHEEL)),
        MouseEventKind::Down(MouseButton::Left) if bar.contains(at) => {
            let (_, hits) = step_bar(app, bar.width, &Theme::mono());
            hits.into_iter()
                .find(|(a, b, _)| (*a..*b).contains(&(m.column - bar.x)))
                .map(|(_, _, step)| Action::Click(Target::Step(step)))
        }
        MouseEventKind::Down(MouseButton::Left) if tabs.is_some_and(|t| t.contains(at)) => {
            let step_tab = u16::try_from(app.step.title().chars().count() + 7).unwrap_or(0);
            let pane = if m.column < body.x + step_tab {
                Pane::Step
            } else {
                Pane::Preview
            };
            Some(Action::Click(Target::Tab(pane)))
        }
        MouseEventKind::Down(MouseButton::Left) if pane.is_some_and(|p| p.contains(at)) => pane
            .and_then(|p| step_target(app, p, at))
            .map(Action::Click),
        _ => None,
    }
}

/// The step pane, the preview and the tab line, as the layout draws them.
fn panes(app: &App, body: Rect) -> (Option<Rect>, Option<Rect>, Option<Rect>) {
    if !app.preview.hidden && body.width < SIDE_BY_SIDE {
        let [tabs, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
        if app.preview.focused {
            (None, Some(rest), Some(tabs))
        } else {
            (Some(rest), None, Some(tabs))
        }
    } else {
        let (pane, preview) = split_body(body, app.preview.hidden);
        (Some(pane), preview, None)
    }
}

/// What lies under the pointer in the step pane.
fn step_target(app: &App, pane: Rect, at: Position) -> Option<Target> {
    let inner = Rect::new(
        pane.x + 1,
        pane.y + 1,
        pane.width.saturating_sub(2),
        pane.height.saturating_sub(2),
    );
    if !inner.contains(at) {
        return None;
    }
    match app.step {
        Step::Who if app.who.form.is_none() => {
            let (list, _) = super::who::list_areas(inner);
            row_in(list, app.who.cursor, at).map(Target::Row)
        }
        Step::Who => None,
        Step::Region => {
            let [_, _, list] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Min(0),
            ])
            .areas(inner);
            row_in(list, app.region.cursor, at).map(Target::Row)
        }
        Step::Repositories => {
            let [field, _, list, _] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(2),
                Constraint::Min(0),
                Constraint::Max(3),
            ])
            .areas(inner);
            if field.contains(at) {
                return Some(Target::Field);
            }
            // The list has a frame of its own.
            let rows = Rect::new(
                list.x + 1,
                list.y + 1,
                list.width.saturating_sub(2),
                list.height.saturating_sub(2),
            );
            row_in(rows, app.repos.focus.unwrap_or(0), at).map(Target::Row)
        }
        Step::Actions => {
            let [list, _] =
                Layout::vertical([Constraint::Min(3), Constraint::Length(3)]).areas(inner);
            let row = row_in(list, app.actions.cursor, at)?;
            // "› [x] …": the checkbox sits after the two-column highlight symbol.
            Some(if at.x < list.x + 6 {
                Target::Checkbox(row)
            } else {
                Target::Row(row)
            })
        }
        Step::Account | Step::Review => None,
    }
}

/// The row index under the pointer in a one-line-per-row list scrolled to keep `cursor` visible.
fn row_in(list: Rect, cursor: usize, at: Position) -> Option<usize> {
    if !list.contains(at) {
        return None;
    }
    let offset = (cursor + 1).saturating_sub(usize::from(list.height).max(1));
    Some(offset + usize::from(at.y - list.y))
}
