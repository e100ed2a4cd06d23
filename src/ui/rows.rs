//! Draws prepared one-line rows straight into the buffer: printable ASCII cell by cell, any
//! other text through ratatui's own span rendering. The preview, the actions list and Review
//! redraw dozens of rows on every keystroke; this skips grapheme segmentation where every
//! character is one cell wide, with exactly the cells `Paragraph` and `List` would write.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

/// Whose rules a row follows where `Paragraph` and `Line` differ: `Line` puts the line's style on
/// the whole row and moves past a span by its `width()`, `Paragraph` styles only the text and moves
/// by what it drew (control characters dropped).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Like {
    Paragraph,
    Line,
}

/// Draws `line` on the row `area.y`, from `area.x`, cut at `area.right()`.
fn draw_line(buf: &mut Buffer, area: Rect, line: &Line<'_>, rules: Like) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let row = Rect { height: 1, ..area };
    if rules == Like::Line && line.style != Style::default() {
        buf.set_style(row, line.style);
    }
    let right = row.right();
    let mut x = row.x;
    for span in &line.spans {
        if x >= right {
            break;
        }
        let style = line.style.patch(span.style);
        let text = span.content.as_ref();
        if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            for b in text.bytes() {
                if x >= right {
                    break;
                }
                buf[(x, row.y)].set_char(char::from(b)).set_style(style);
                x += 1;
            }
        } else {
            let width: usize = match rules {
                Like::Line => span.width(),
                Like::Paragraph => span
                    .styled_graphemes(Style::default())
                    .map(|g| g.symbol.width())
                    .sum(),
            };
            let width = u16::try_from(width).unwrap_or(u16::MAX);
            let rest = Rect {
                x,
                width: right - x,
                ..row
            };
            // As `Paragraph` does, the line's style is on its text, not on the rest of the row.
            (&span.clone().style(style)).render(rest, buf);
            x = x.saturating_add(width).min(right);
        }
    }
}

/// Draws `lines` one per row from the top of `area`, as an unwrapped `Paragraph` would.
pub fn draw_lines<'a>(buf: &mut Buffer, area: Rect, lines: impl IntoIterator<Item = Line<'a>>) {
    for (y, line) in (area.y..area.bottom()).zip(lines) {
        draw_line(buf, Rect { y, ..area }, &line, Like::Paragraph);
    }
}

/// Draws `lines` as a `List` with `symbol` before the selected row and `selected` style over it.
pub fn draw_list<'a>(
    buf: &mut Buffer,
    area: Rect,
    lines: impl IntoIterator<Item = Line<'a>>,
    selected: Option<usize>,
    symbol: &str,
    style: Style,
) {
    let indent = u16::try_from(symbol.width()).unwrap_or(0);
    for (i, (y, line)) in (area.y..area.bottom()).zip(lines).enumerate() {
        let row = Rect {
            y,
            height: 1,
            ..area
        };
        let is_selected = selected == Some(i);
        if is_selected {
            draw_line(buf, row, &Line::raw(symbol), Like::Line);
        }
        let text = Rect {
            x: row.x.saturating_add(indent).min(row.right()),
            width: row.width.saturating_sub(indent),
            ..row
        };
        draw_line(buf, text, &line, Like::Line);
        if is_selected {
            buf.set_style(row, style);
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Color, Stylize};
    use ratatui::text::Span;
    use ratatui::widgets::{List, ListItem, ListState, Paragraph, StatefulWidget};

    use super::*;

    fn lines() -> Vec<Line<'static>> {
        vec![
            Line::from(vec![
                Span::styled("  \"Action\": ", Style::new().fg(Color::Cyan)),
                Span::styled("\"ecr:BatchGetImage\",", Style::new().fg(Color::Green)),
            ]),
            Line::from(vec![Span::raw("café ☕ "), Span::raw("日本語 and more")]),
            Line::from("a line much longer than the area it is drawn in, to be cut").bold(),
            Line::from("ends").on_blue(),
            Line::from(vec![Span::raw("tab\there"), Span::raw(" ok")]),
            Line::default(),
        ]
    }

    #[test]
    fn rows_match_an_unwrapped_paragraph() {
        for width in [1, 7, 20, 40] {
            let area = Rect::new(1, 1, width, 5);
            let mut ours = Buffer::empty(Rect::new(0, 0, width + 2, 8));
            let mut theirs = ours.clone();
            draw_lines(&mut ours, area, lines());
            Paragraph::new(lines()).render(area, &mut theirs);
            assert_eq!(ours, theirs, "width {width}");
        }
    }

    #[test]
    fn lists_match_a_list_with_a_highlight() {
        let style = Style::new().bg(Color::DarkGray).bold();
        for (width, selected) in [(3, 0), (12, 1), (30, 2), (30, 5)] {
            let area = Rect::new(0, 0, width, 6);
            let mut ours = Buffer::empty(area);
            let mut theirs = ours.clone();
            draw_list(&mut ours, area, lines(), Some(selected), "› ", style);
            let items: Vec<ListItem> = lines().into_iter().map(ListItem::new).collect();
            let mut state = ListState::default().with_selected(Some(selected));
            StatefulWidget::render(
                List::new(items)
                    .highlight_style(style)
                    .highlight_symbol("› "),
                area,
                &mut theirs,
                &mut state,
            );
            assert_eq!(ours, theirs, "width {width}, selected {selected}");
        }
    }
}
