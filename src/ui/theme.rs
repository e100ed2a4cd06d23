//! Colours and text attributes; a monochrome theme for `NO_COLOR` that keeps focus and errors
//! visible through bold, reverse and underline.

use ratatui::style::{Color, Modifier, Style};

/// Every style the views use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub base: Style,
    pub muted: Style,
    pub title: Style,
    pub border: Style,
    pub border_focus: Style,
    /// The highlighted row of a list.
    pub selected: Style,
    /// Matched characters in the region search.
    pub matched: Style,
    pub error: Style,
    pub warning: Style,
    pub success: Style,
    pub key: Style,
    pub step_current: Style,
    pub step_done: Style,
    pub step_invalid: Style,
    pub json_key: Style,
    pub json_string: Style,
    pub json_punct: Style,
    /// True for the `NO_COLOR` theme.
    pub mono: bool,
}

impl Theme {
    /// The colour theme.
    pub fn color() -> Theme {
        let s = Style::new();
        Theme {
            base: s,
            muted: s.fg(Color::DarkGray),
            title: s.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            border: s.fg(Color::DarkGray),
            border_focus: s.fg(Color::Cyan),
            selected: s
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            matched: s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            error: s.fg(Color::Red).add_modifier(Modifier::BOLD),
            warning: s.fg(Color::Yellow),
            success: s.fg(Color::Green),
            key: s.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            step_current: s
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            step_done: s.fg(Color::Green),
            step_invalid: s.fg(Color::Red).add_modifier(Modifier::BOLD),
            json_key: s.fg(Color::LightBlue),
            json_string: s.fg(Color::Green),
            json_punct: s.fg(Color::DarkGray),
            mono: false,
        }
    }

    /// The `NO_COLOR` theme: attributes only.
    pub fn mono() -> Theme {
        let s = Style::new();
        let bold = s.add_modifier(Modifier::BOLD);
        Theme {
            base: s,
            muted: s.add_modifier(Modifier::DIM),
            title: bold,
            border: s,
            border_focus: bold,
            selected: s.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            matched: s.add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            error: s.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            warning: bold,
            success: bold,
            key: bold,
            step_current: s.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            step_done: s,
            step_invalid: s.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            json_key: s,
            json_string: s,
            json_punct: s,
            mono: true,
        }
    }

    /// Monochrome when `NO_COLOR` is set and not empty (no-color.org).
    pub fn from_no_color(value: Option<&str>) -> Theme {
        match value {
            Some(v) if !v.is_empty() => Theme::mono(),
            _ => Theme::color(),
        }
    }
}
