//! The screen layout: step bar, step pane beside (or above) the preview, status line and footer.

use crate::policy::visible::Visible;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::app::Action;
use crate::app::keymap::keys_for;
use crate::app::state::{App, StatusKind, Step, StepState};

use super::theme::Theme;
use super::{fields, footer, help, pick, preview, review, toggles};

/// Smallest usable terminal.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// From this width the preview sits beside the step pane.
pub const SIDE_BY_SIDE: u16 = 100;

/// Draws the whole wizard.
pub fn render(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(frame, area, theme);
        return;
    }
    let [bar, body, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_step_bar(frame, bar, app, theme);
    if !app.preview.hidden && body.width < SIDE_BY_SIDE {
        // Narrow: step and policy are tabs sharing the whole body.
        let [tabs, pane] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
        render_tabs(frame, tabs, app, theme);
        if app.preview.focused {
            preview::render_preview(frame, pane, app, theme);
        } else {
            render_step(frame, pane, app, theme);
        }
    } else {
        let (pane, preview_area) = split_body(body, app.preview.hidden);
        render_step(frame, pane, app, theme);
        if let Some(p) = preview_area {
            preview::render_preview(frame, p, app, theme);
        }
    }
    render_status(frame, status, app, theme);
    footer::render_footer(frame, keys, app, theme);
    help::render_popup(frame, area, app, theme);
}

/// The "Step | Policy" tab line of the narrow layout; the switch key comes from the keymap.
fn render_tabs(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let tab = |name: &str, on: bool| {
        if on {
            Span::styled(format!(" {name} "), theme.step_current)
        } else {
            Span::styled(format!(" {name} "), theme.muted)
        }
    };
    let keys = keys_for(&Action::SwitchPane);
    let spans = vec![
        tab(
            &format!("{} {}", app.step.title(), "step"),
            !app.preview.focused,
        ),
        Span::styled("│", theme.muted),
        tab("Policy", app.preview.focused),
        Span::styled(format!("  {keys} switches"), theme.muted),
    ];
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Splits the body into the step pane and, unless hidden, the preview.
pub fn split_body(body: Rect, preview_hidden: bool) -> (Rect, Option<Rect>) {
    if preview_hidden {
        return (body, None);
    }
    if body.width >= SIDE_BY_SIDE {
        let [l, r] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(body);
        (l, Some(r))
    } else {
        let [t, b] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
        (t, Some(b))
    }
}

fn render_step(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    match app.step {
        Step::Who => super::who::render_who(frame, area, app, theme),
        Step::Region => pick::render_region(frame, area, app, theme),
        Step::Account => fields::render_account(frame, area, app, theme),
        Step::Repositories => fields::render_repositories(frame, area, app, theme),
        Step::Actions => toggles::render_actions(frame, area, app, theme),
        Step::Review => review::render_review(frame, area, app, theme),
    }
}

fn render_too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    frame.render_widget(Clear, area);
    let text = format!(
        "Terminal too small ({}x{}). ecr-policy needs at least {MIN_WIDTH}x{MIN_HEIGHT}. {} quits.",
        area.width,
        area.height,
        keys_for(&Action::ForceQuit)
    );
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.warning)
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// The marker for a step's state; text, so it shows without colour too.
pub fn step_marker(state: StepState) -> &'static str {
    match state {
        StepState::Complete => "✓",
        StepState::Invalid => "✗",
        StepState::Pending => "·",
    }
}

fn render_step_bar(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let (line, _) = step_bar(app, area.width, theme);
    frame.render_widget(Paragraph::new(line), area);
}

/// The step bar for a width, and the columns each step covers (for clicks).
pub fn step_bar(app: &App, width: u16, theme: &Theme) -> (Line<'static>, Vec<(u16, u16, Step)>) {
    // Narrower: drop the title and tighten separators; narrower still (when every name does not
    // fit), only the current step keeps its name (the others keep number and marker).
    // Widths: every name with the wide separators and the title, then short names tight.
    let width_of = |title: fn(Step) -> &'static str| -> usize {
        Step::ALL
            .iter()
            .map(|s| format!(" {} {} · ", s.number(), title(*s)).chars().count())
            .sum()
    };
    let gaps = Step::ALL.len() - 1;
    let tight = usize::from(width) < width_of(Step::title) + 12 + 3 * gaps;
    let compact = usize::from(width) < width_of(Step::short_title) + gaps;
    let mut spans = if tight {
        Vec::new()
    } else {
        vec![Span::styled(" ecr-policy ", theme.title)]
    };
    let mut x: u16 = if tight { 0 } else { 12 };
    let mut hits = Vec::new();
    for (i, step) in Step::ALL.iter().enumerate() {
        let state = app.step_state(*step);
        let style = if *step == app.step {
            theme.step_current
        } else {
            match state {
                StepState::Complete => theme.step_done,
                StepState::Invalid => theme.step_invalid,
                StepState::Pending => theme.muted,
            }
        };
        if i > 0 {
            let sep = if tight { "›" } else { " › " };
            x += u16::try_from(sep.chars().count()).unwrap_or(0);
            spans.push(Span::styled(sep, theme.muted));
        }
        let text = if compact && *step != app.step {
            format!(" {}{} ", i + 1, step_marker(state))
        } else {
            let title = if tight {
                step.short_title()
            } else {
                step.title()
            };
            format!(" {} {title} {} ", i + 1, step_marker(state))
        };
        let w = u16::try_from(text.chars().count()).unwrap_or(0);
        hits.push((x, x + w, *step));
        x += w;
        spans.push(Span::styled(text, style));
    }
    (Line::from(spans), hits)
}

fn render_status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let line = match &app.status {
        Some(s) => {
            let (style, mark) = match s.kind {
                StatusKind::Info => (theme.base, "ℹ"),
                StatusKind::Success => (theme.success, "✓"),
                StatusKind::Warning => (theme.warning, "⚠"),
                StatusKind::Error => (theme.error, "✗"),
            };
            // Status messages quote input (file names, values): shown with `Visible`.
            let text = super::wrap::ellipsize(
                &format!(" {mark} {}", Visible(&s.text)),
                usize::from(area.width),
            );
            Line::from(Span::styled(text, style))
        }
        None => Line::from(Span::styled(
            super::wrap::ellipsize(
                " Tip: paste an image URI or repository ARN anywhere to fill account, region and repository.",
                usize::from(area.width),
            ),
            theme.muted,
        )),
    };
    frame.render_widget(Paragraph::new(line), area);
}
