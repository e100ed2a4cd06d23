//! The footer: the keys that work right now, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::Action;
use crate::app::access::shown;
use crate::app::keymap::{footer_hints, keys_for};
use crate::app::state::{App, Step};

use super::theme::Theme;

/// Draws as many hints as fit, most important first.
pub fn render_footer(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1usize;
    if !app.mouse {
        // Said first: with capture off, clicks select text instead of doing things.
        let text = format!("{} mouse off  ", keys_for(&Action::ToggleMouse));
        used += text.chars().count();
        spans.push(Span::styled(text, theme.warning));
    }
    let dead = |action: &Action| match action {
        // Keys that would do nothing here are not offered.
        Action::NextStep => app.step == Step::Review,
        Action::PrevStep => app.step == Step::Region,
        Action::ToggleMouse => !app.mouse,
        Action::EditCachePrefix => !crate::app::cache::cache_on(app.actions.set),
        // A repository or registry policy has no name in any format.
        Action::EditName => shown(app).is_resource_policy(),
        _ => false,
    };
    for (keys, label) in footer_hints(&app.context())
        .into_iter()
        .filter(|(_, _, action)| !dead(action))
        .map(|(keys, label, _)| (keys, label))
    {
        let w = keys.chars().count() + label.chars().count() + 3;
        if used + w > usize::from(area.width) {
            break;
        }
        used += w;
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::styled(format!(" {label}  "), theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
