//! The first step: "Who will use this policy?" — the list (the actions, then the recipes) with
//! what the highlighted one writes, or the chosen recipe's questions with the focused one's
//! help and its error.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::Action;
use crate::app::action::Local;
use crate::app::keymap::{Scope, keys_in};
use crate::app::state::{App, Step};
use crate::app::steps::who::{WhoForm, WhoRow, WhoStep};
use crate::policy::recipes::{RecipeDocument, documents_of_workload};

use super::theme::Theme;
use super::widgets::{block, text_field};

/// Height of the description under the list.
pub const ABOUT_HEIGHT: u16 = 3;

/// The list's area and the description's, inside the step's frame.
pub fn list_areas(inner: Rect) -> (Rect, Rect) {
    let about = ABOUT_HEIGHT.min(inner.height.saturating_sub(3));
    let [list, about] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(about)]).areas(inner);
    (list, about)
}

/// Draws the first step.
pub fn render_who(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    match &app.who.form {
        Some(form) => render_form(frame, area, app, form, theme),
        None => render_list(frame, area, app, theme),
    }
}

fn row_text(row: WhoRow) -> String {
    match row {
        WhoRow::FromActions => "Start from the actions (no recipe)".to_string(),
        WhoRow::Recipe(r) => r.label.to_string(),
    }
}

fn render_list(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let title = format!("{} Who will use this policy?", Step::Who.number());
    let outer = block(&title, true, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let (list, about) = list_areas(inner);
    let rows = WhoStep::rows();
    let chosen = |row: &WhoRow| match row {
        WhoRow::FromActions => app.who.chosen && app.who.recipe.is_none(),
        WhoRow::Recipe(r) => app.who.recipe().is_some_and(|c| c.id == r.id),
    };
    let height = usize::from(list.height).max(1);
    let offset = (app.who.cursor + 1).saturating_sub(height);
    let items = rows.iter().skip(offset).take(height).map(|row| {
        let mut spans = vec![Span::styled(row_text(*row), theme.base)];
        if chosen(row) {
            spans.push(Span::styled(" ✓", theme.success));
        }
        super::wrap::fit_line(Line::from(spans), usize::from(list.width).saturating_sub(2))
    });
    super::rows::draw_list(
        frame.buffer_mut(),
        list,
        items,
        Some(app.who.cursor.saturating_sub(offset)),
        "› ",
        theme.selected,
    );
    let text = match app.who.highlighted() {
        WhoRow::FromActions => "Choose the region, account, repositories and actions in the \
                                steps that follow: the identity policy, as without a recipe."
            .to_string(),
        WhoRow::Recipe(r) => {
            let documents: Vec<&str> = documents_of_workload(r.workload)
                .into_iter()
                .map(RecipeDocument::id)
                .collect();
            format!("{}: {} ({}).", r.id, r.summary, documents.join(" + "))
        }
    };
    frame.render_widget(
        Paragraph::new(Span::styled(text, theme.muted)).wrap(Wrap { trim: true }),
        about,
    );
}

fn render_form(frame: &mut Frame, area: Rect, app: &App, form: &WhoForm, theme: &Theme) {
    let title = format!("{} Who: {}", Step::Who.number(), form.recipe.label);
    let outer = block(&title, true, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let mut constraints: Vec<Constraint> = Vec::new();
    for i in 0..form.fields.len() {
        constraints.push(Constraint::Length(1));
        if i == form.focus {
            // The focused field's help (or error) under it.
            constraints.push(Constraint::Length(3));
        }
    }
    constraints.push(Constraint::Min(0));
    let areas = Layout::vertical(constraints).split(inner);
    let mut at = 0;
    for (i, (q, input)) in form.fields.iter().enumerate() {
        let Some(row) = areas.get(at) else { break };
        let focused = i == form.focus && app.popup.is_none();
        text_field(
            frame,
            *row,
            &format!("{}: ", q.label()),
            input,
            focused,
            theme,
        );
        at += 1;
        if i == form.focus {
            let Some(help) = areas.get(at) else { break };
            let line = match &form.error {
                Some(e) => Span::styled(format!("✗ {e}"), theme.error),
                None => Span::styled(format!("  {}", q.help()), theme.muted),
            };
            frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), *help);
            at += 1;
        }
    }
    if let Some(rest) = areas.last() {
        let text = format!(
            "{} checks the answer and goes on; the last one goes to the region. {} returns to \
             the recipes.",
            keys_in(Scope::WhoForm, &Action::Local(Local::Confirm)),
            keys_in(Scope::WhoForm, &Action::Back)
        );
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.muted)).wrap(Wrap { trim: true }),
            *rest,
        );
    }
}
