//! Small drawing helpers shared by the step panes: framed blocks, text fields, centred popups.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::app::input::TextInput;

use super::theme::Theme;

/// A bordered block with a title, highlighted when it has focus.
pub fn block<'a>(title: &'a str, focused: bool, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        })
        .title(Span::styled(format!(" {title} "), theme.title))
}

/// Draws a one-line text field with a prompt and places the cursor when focused.
/// Long text scrolls so the cursor stays visible.
pub fn text_field(
    frame: &mut Frame,
    area: Rect,
    prompt: &str,
    input: &TextInput,
    focused: bool,
    theme: &Theme,
) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let prompt_w = u16::try_from(prompt.width()).unwrap_or(u16::MAX);
    let room = usize::from(area.width.saturating_sub(prompt_w).saturating_sub(1)).max(1);
    // Scroll by display columns, never splitting a wide glyph or a combining sequence.
    let scroll = input.visual_scroll(room.saturating_sub(1));
    let mut skipped = 0;
    let visible: String = input
        .text()
        .chars()
        .skip_while(|c| {
            let w = c.width().unwrap_or(0);
            let skip = skipped < scroll || (w == 0 && skipped > 0 && skipped == scroll);
            skipped += w;
            skip
        })
        .scan(0, |used, c| {
            *used += c.width().unwrap_or(0);
            (*used <= room).then_some(c)
        })
        .collect();
    let before = input.visual_cursor().saturating_sub(scroll);
    let style = if focused {
        theme.base.add_modifier(ratatui::style::Modifier::BOLD)
    } else {
        theme.base
    };
    let line = Line::from(vec![
        Span::styled(prompt.to_string(), theme.key),
        Span::styled(visible, style),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    if focused {
        let x = area
            .x
            .saturating_add(prompt_w)
            .saturating_add(u16::try_from(before).unwrap_or(0));
        frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
    }
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}
