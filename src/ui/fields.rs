//! The account and repositories steps: text fields with instant validation and the repository list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use crate::app::Action;
use crate::app::action::Local;
use crate::app::keymap::{Scope, first_key_in, keys_in, scope_hints};
use crate::app::state::App;
use crate::policy::spec::validate::describe_wildcard;

use super::theme::Theme;
use super::widgets::{block, text_field};

/// Draws the account step.
pub fn render_account(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let title = format!(
        "{} Account: who owns the repositories",
        crate::app::state::Step::Account.number()
    );
    let outer = block(&title, true, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [field, msg, help] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(inner);
    text_field(
        frame,
        field,
        "Account ID: ",
        &app.account.input,
        app.popup.is_none(),
        theme,
    );
    let line = match (app.valid_account(), app.account_error()) {
        (Some(id), _) => Line::from(Span::styled(
            format!(
                "✓ {id}. {} to go on.",
                keys_in(Scope::Account, &Action::Local(Local::Confirm))
            ),
            theme.success,
        )),
        (None, Some(e)) => {
            let style = if app.account.tried {
                theme.error
            } else {
                theme.warning
            };
            Line::from(Span::styled(format!("✗ {} {}", e.value, e.message), style))
        }
        (None, None) if app.account.tried => Line::from(Span::styled(
            "✗ Type the 12-digit account ID first.",
            theme.error,
        )),
        (None, None) => Line::from(Span::styled("12 digits, e.g. 123456789012.", theme.muted)),
    };
    frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), msg);
    let text = "The AWS account that owns the ECR registry. Find it in the console's account menu, \
                or run: aws sts get-caller-identity. Dashes and spaces (1234-5678-9012) are fine.";
    frame.render_widget(
        Paragraph::new(Span::styled(text, theme.muted)).wrap(Wrap { trim: true }),
        help,
    );
}

/// Draws the repositories step.
pub fn render_repositories(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let title = format!(
        "{} Repositories: which ones this policy covers",
        crate::app::state::Step::Repositories.number()
    );
    let outer = block(&title, true, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [field, msg, list, help] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Max(3),
    ])
    .areas(inner);
    let field_focus = app.popup.is_none() && app.repos.focus.is_none();
    text_field(frame, field, "Name: ", &app.repos.input, field_focus, theme);
    let line = match &app.repos.error {
        Some(e) => Line::from(Span::styled(format!("✗ {e}"), theme.error)),
        None if app.repos.list.is_empty() => Line::from(Span::styled(
            format!(
                "Type a name and press {}. Patterns: team/*, app-*, * (all).",
                keys_in(Scope::Repositories, &Action::Local(Local::Confirm))
            ),
            theme.muted,
        )),
        None => Line::from(Span::styled(
            format!(
                "{} added. {} on an empty field goes on; {} edits the list.",
                app.repos.list.len(),
                keys_in(Scope::Repositories, &Action::Local(Local::Confirm)),
                first_key_in(Scope::Repositories, &Action::Local(Local::Up))
            ),
            theme.muted,
        )),
    };
    frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), msg);
    let items: Vec<ListItem> = app
        .repos
        .list
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut spans = vec![Span::styled(r.clone(), theme.base)];
            if app.repos.editing == Some(i) {
                spans.push(Span::styled(
                    format!(
                        "  ← editing: {} saves the change, {} keeps this",
                        keys_in(Scope::Repositories, &Action::Local(Local::Confirm)),
                        keys_in(Scope::Global, &Action::Back)
                    ),
                    theme.key,
                ));
            } else if describe_wildcard(r).is_some() {
                spans.push(Span::styled(
                    "  (pattern: see the notes in Review)",
                    theme.warning,
                ));
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    let mut state = ListState::default().with_selected(app.repos.focus);
    let title = if app.repos.focus.is_some() {
        format!("Added ({})", scope_hints(Scope::RepositoryList))
    } else {
        "Added".to_string()
    };
    let widget = List::new(items)
        .block(block(&title, app.repos.focus.is_some(), theme))
        .highlight_style(theme.selected)
        .highlight_symbol("› ");
    frame.render_stateful_widget(widget, list, &mut state);
    let text = "Paste an image URI (123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:tag) or an ARN \
                to fill account and region too.";
    frame.render_widget(
        Paragraph::new(Span::styled(text, theme.muted)).wrap(Wrap { trim: true }),
        help,
    );
}
