//! Popups: the help overlay (generated from the keymap), the save prompt and the questions.

use crate::policy::visible::Visible;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::app::input::TextInput;
use crate::app::keymap::{Scope, bindings, scope_hints};
use crate::app::state::{App, Popup};

use super::theme::Theme;
use super::widgets::{block, centered, text_field};

/// Draws whichever popup is open.
pub fn render_popup(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    match &app.popup {
        None => {}
        Some(Popup::Help { scroll }) => render_help(frame, area, *scroll, theme),
        Some(Popup::Details) => super::details::render_details(frame, area, app, theme),
        Some(Popup::Tags { input, error }) => {
            super::details::render_tags(frame, area, app, input, error.as_ref(), theme);
        }
        Some(Popup::Save { path, error }) => prompt(
            frame,
            area,
            theme,
            ("Save policy", "File: "),
            path,
            error.as_ref(),
            "Written atomically; an existing file is only replaced if you say so.",
            &format!("{} · ~ is your home", scope_hints(Scope::SavePrompt)),
        ),
        Some(Popup::Name { input, error }) => prompt(
            frame,
            area,
            theme,
            ("Policy name", "Name: "),
            input,
            error.as_ref(),
            "Used by the Terraform, CloudFormation and AWS CLI formats. Empty: made from the \
             preset and repositories.",
            &scope_hints(Scope::NamePrompt),
        ),
        Some(Popup::Principal { input, error }) => prompt(
            frame,
            area,
            theme,
            ("Who will use the policy", "Who: "),
            input,
            error.as_ref(),
            "Empty: this account. Or a role or user ARN, an account ID (another account), \
             o-… (an organisation), lambda.amazonaws.com or codebuild.amazonaws.com.",
            &scope_hints(Scope::PrincipalPrompt),
        ),
        Some(Popup::CachePrefix { input, error, .. }) => prompt(
            frame,
            area,
            theme,
            ("Pull-through cache rule", "Prefix: "),
            input,
            error.as_ref(),
            "The cache rule's ECR repository prefix (docker-hub, ecr-public, quay, ...; ROOT for \
             a rule without one): adds PREFIX/*, the repositories it creates on the first pull. \
             Empty: keep the repositories listed.",
            &scope_hints(Scope::CachePrompt),
        ),
        Some(Popup::ConfirmOverwrite { path }) => question(
            frame,
            area,
            theme,
            "File exists",
            &format!("{} already exists. Replace it?", Visible(path.text())),
            &scope_hints(Scope::Confirm),
        ),
        Some(Popup::ConfirmQuit) => {
            let sent = app.review.unconfirmed_copy.as_deref() == Some(app.derived.text.as_str());
            let text = if app.spec().is_some() && sent {
                "The policy was sent with OSC 52, but the copy could not be confirmed, and it was \
                 not saved. Quit anyway?"
            } else if app.spec().is_some() {
                "The policy was neither copied nor saved. Quit anyway?"
            } else {
                "What you entered was neither copied nor saved (the policy is not complete yet). Quit anyway?"
            };
            question(
                frame,
                area,
                theme,
                "Quit?",
                text,
                &scope_hints(Scope::QuitQuestion),
            );
        }
    }
}

/// A one-line prompt: a field, its error or a note, and the keys.
#[allow(clippy::too_many_arguments)]
fn prompt(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    (title, label): (&str, &str),
    input: &TextInput,
    error: Option<&String>,
    note: &str,
    keys: &str,
) {
    let r = centered(area, 70, 8);
    frame.render_widget(Clear, r);
    let outer = block(title, true, theme);
    let inner = outer.inner(r);
    frame.render_widget(outer, r);
    let [field, msg, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    text_field(frame, field, label, input, true, theme);
    let line = match error {
        Some(e) => Span::styled(format!("✗ {}", Visible(e)), theme.error),
        None => Span::styled(note.to_string(), theme.muted),
    };
    frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), msg);
    frame.render_widget(
        Paragraph::new(Span::styled(keys.to_string(), theme.muted)),
        hint,
    );
}

fn question(frame: &mut Frame, area: Rect, theme: &Theme, title: &str, text: &str, keys: &str) {
    let r = centered(area, 72, 8);
    frame.render_widget(Clear, r);
    let outer = block(title, true, theme);
    let inner = outer.inner(r);
    frame.render_widget(outer, r);
    let lines = vec![
        Line::from(Span::styled(text.to_string(), theme.warning)),
        Line::default(),
        Line::from(Span::styled(keys.to_string(), theme.key)),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

/// Every binding, grouped by where it applies, with its description.
pub fn help_lines(theme: &Theme) -> Vec<Line<'static>> {
    let order = Scope::ALL;
    let mut lines = Vec::new();
    for scope in order {
        lines.push(Line::from(Span::styled(
            scope.title().to_string(),
            theme.title,
        )));
        for b in bindings().filter(|b| b.scope == scope) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<18} ", keys.join(" ")), theme.key),
                Span::raw(b.action.description()),
            ]));
        }
    }
    lines
}

fn render_help(frame: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    let r = centered(area, 110, area.height.saturating_sub(2));
    frame.render_widget(Clear, r);
    let title = format!("Help ({})", scope_hints(Scope::Help));
    let outer = block(&title, true, theme);
    let inner = outer.inner(r);
    frame.render_widget(outer, r);
    let lines = help_lines(theme);
    let max = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(inner.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(max), 0)), inner);
}
