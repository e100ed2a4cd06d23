//! Wrapping styled lines to a width: at spaces, and inside long words (ARNs, paths) after `:` or
//! `/`, so `arn:aws:ecr:…:repository/team/app` never breaks in the middle of a name. Only a
//! word with no such place left is broken at the edge. Continuation rows keep the indent.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use crate::app::wrap_cache::LineBreaks;

/// Byte offsets where the rows after the first start, for `text` in `width` columns, and the
/// indent (in columns) continuation rows get.
fn breaks(text: &str, width: usize) -> (Vec<usize>, usize) {
    // A leading "▸ " (the marker of the item shown) indents like the two spaces it replaces.
    let indent_cols = text
        .strip_prefix("▸ ")
        .map_or(0, |_| 2)
        .max(text.chars().take_while(|c| *c == ' ').count());
    let cont = if indent_cols > 0 && indent_cols + 2 < width / 2 {
        indent_cols + 2
    } else {
        0
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0; // index into chars
    let mut room = width.max(1);
    loop {
        let mut used = 0;
        let mut end = start;
        while end < chars.len() {
            let w = chars[end].1.width().unwrap_or(0);
            if used + w > room {
                break;
            }
            used += w;
            end += 1;
        }
        if end >= chars.len() {
            break;
        }
        // The last place inside [start, end] to break: after a space, `:` or `/`.
        let mut cut = None;
        for i in (start + 1..=end).rev() {
            let prev = chars[i - 1].1;
            if prev == ' ' || ((prev == ':' || prev == '/') && chars[i].1 != ' ') {
                cut = Some(i);
                break;
            }
        }
        let mut next = cut.unwrap_or(end.max(start + 1));
        // A row never starts with the spaces it broke at.
        while next < chars.len() && chars[next].1 == ' ' {
            next += 1;
        }
        if next >= chars.len() {
            break;
        }
        out.push(chars[next].0);
        start = next;
        room = width.saturating_sub(cont).max(1);
    }
    (out, cont)
}

/// Where `text` breaks into rows of at most `width` columns.
pub fn line_breaks(text: &str, width: u16) -> LineBreaks {
    let (cuts, indent) = breaks(text, usize::from(width));
    LineBreaks { cuts, indent }
}

/// Wraps one styled line into rows of at most `width` columns.
pub fn wrap_line(line: &Line<'_>, width: u16) -> Vec<Line<'static>> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    split_line(line, &line_breaks(&text, width))
}

/// Splits one styled line into rows at known breaks.
fn split_line(line: &Line<'_>, breaks: &LineBreaks) -> Vec<Line<'static>> {
    let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut at = 0;
    let mut next_cut = breaks.cuts.iter().peekable();
    for span in &line.spans {
        let content = span.content.as_ref();
        let mut from = 0;
        while let Some(&&cut) = next_cut.peek() {
            if cut >= at + content.len() {
                break;
            }
            let upto = cut - at;
            let piece = content[from..upto].trim_end_matches(' ');
            if !piece.is_empty()
                && let Some(row) = rows.last_mut()
            {
                row.push(Span::styled(piece.to_string(), span.style));
            }
            rows.push(vec![Span::raw(" ".repeat(breaks.indent))]);
            from = upto;
            next_cut.next();
        }
        let rest = &content[from..];
        if !rest.is_empty()
            && let Some(row) = rows.last_mut()
        {
            row.push(Span::styled(rest.to_string(), span.style));
        }
        at += content.len();
    }
    rows.into_iter()
        .map(|spans| Line::from(spans).style(line.style))
        .collect()
}

/// Wraps every line.
pub fn wrap_lines(lines: &[Line<'_>], width: u16) -> Vec<Line<'static>> {
    lines.iter().flat_map(|l| wrap_line(l, width)).collect()
}

/// The rows `from..from + count` of `items` wrapped at `breaks` (one entry per item): only the
/// items with a row in that window are styled (`to_line`) and split.
pub fn window<'a, T>(
    items: impl IntoIterator<Item = T>,
    breaks: &[LineBreaks],
    from: usize,
    count: usize,
    to_line: impl Fn(T) -> Line<'a>,
) -> Vec<Line<'static>> {
    let mut out = Vec::with_capacity(count);
    let mut row = 0;
    for (item, b) in items.into_iter().zip(breaks) {
        if out.len() >= count {
            break;
        }
        let rows = b.rows();
        if row + rows > from {
            let skip = from.saturating_sub(row);
            let take = count - out.len();
            out.extend(
                split_line(&to_line(item), b)
                    .into_iter()
                    .skip(skip)
                    .take(take),
            );
        }
        row += rows;
    }
    out
}

/// `text` cut to `width` columns, ending in `…` when something was cut.
pub fn ellipsize(text: &str, width: usize) -> String {
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// One styled line cut to `width` columns, ending in `…` when something was cut. Trailing
/// spaces (column padding) are not content: cutting only them needs no `…`.
pub fn fit_line(mut line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    while let Some(last) = line.spans.last_mut() {
        let kept = last.content.trim_end_matches(' ').len();
        if kept == 0 {
            line.spans.pop();
            continue;
        }
        if kept < last.content.len() {
            last.content.to_mut().truncate(kept);
        }
        break;
    }
    if line.width() <= width {
        return line;
    }
    let mut used = 0;
    let mut spans = Vec::new();
    for span in line.spans {
        let w = span.width();
        if used + w < width {
            used += w;
            spans.push(span);
            continue;
        }
        let room = width.saturating_sub(used);
        spans.push(Span::styled(ellipsize(&span.content, room), span.style));
        break;
    }
    Line::from(spans).style(line.style)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, width: u16) -> Vec<String> {
        wrap_line(&Line::from(text.to_string()), width)
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn words_wrap_at_spaces() {
        assert_eq!(
            rows("the quick brown fox jumps", 10),
            ["the quick", "brown fox", "jumps"]
        );
    }

    #[test]
    fn arns_break_after_colon_or_slash() {
        let arn = "    \"arn:aws:ecr:ap-northeast-1:123456789012:repository/team/my-app\"";
        let got = rows(arn, 40);
        assert_eq!(
            got,
            [
                "    \"arn:aws:ecr:ap-northeast-1:",
                "      123456789012:repository/team/",
                "      my-app\""
            ]
        );
        for row in &got {
            assert!(row.chars().count() <= 40, "{row}");
        }
    }

    #[test]
    fn styles_survive_the_split() {
        use ratatui::style::{Color, Style};
        let red = Style::default().fg(Color::Red);
        let line = Line::from(vec![
            Span::raw("key: "),
            Span::styled("arn:aws:ecr:x:1:repository/a", red),
        ]);
        let out = wrap_line(&line, 20);
        assert!(out.len() > 1);
        let last = out.last().unwrap();
        assert!(
            last.spans
                .iter()
                .any(|s| s.style == red && !s.content.trim().is_empty())
        );
    }

    #[test]
    fn a_cut_line_ends_in_an_ellipsis() {
        let line = Line::from(vec![Span::raw("[x] "), Span::raw("Log in (docker login)")]);
        let cut = fit_line(line, 12);
        let text: String = cut.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "[x] Log in …");
    }

    #[test]
    fn a_marked_row_continues_where_an_unmarked_one_does() {
        let text = "set the repository policy on the repositories web and api";
        let marked = rows(&format!("▸ Repository policy: {text}"), 40);
        let plain = rows(&format!("  Repository policy: {text}"), 40);
        assert_eq!(marked.len(), plain.len());
        for (m, p) in marked.iter().zip(&plain).skip(1) {
            assert_eq!(m, p);
            assert!(m.starts_with("    "), "{m:?}");
        }
    }

    #[test]
    fn cutting_only_padding_needs_no_ellipsis() {
        let text =
            |l: Line<'static>| -> String { l.spans.iter().map(|s| s.content.as_ref()).collect() };
        let padded = || Line::from(vec![Span::raw("us-east-1   "), Span::raw("Ohio      ")]);
        assert_eq!(text(fit_line(padded(), 16)), "us-east-1   Ohio");
        assert_eq!(text(fit_line(padded(), 14)), "us-east-1   O…");
        assert_eq!(text(fit_line(padded(), 30)), "us-east-1   Ohio      ");
    }

    #[test]
    fn a_window_is_the_same_rows_as_wrapping_everything() {
        let lines: Vec<Line> = [
            "short",
            "    \"arn:aws:ecr:ap-northeast-1:123456789012:repository/team/my-app\"",
            "the quick brown fox jumps over the lazy dog",
            "",
            "last",
        ]
        .into_iter()
        .map(Line::from)
        .collect();
        let all = wrap_lines(&lines, 16);
        let breaks: Vec<LineBreaks> = lines
            .iter()
            .map(|l| line_breaks(&l.to_string(), 16))
            .collect();
        assert_eq!(
            breaks.iter().map(LineBreaks::rows).sum::<usize>(),
            all.len()
        );
        for from in 0..=all.len() {
            for count in 0..=all.len() - from {
                let got = window(lines.iter(), &breaks, from, count, Clone::clone);
                assert_eq!(got, all[from..from + count], "from {from} count {count}");
            }
        }
    }

    #[test]
    fn ellipsis_marks_a_cut() {
        assert_eq!(ellipsize("short", 10), "short");
        assert_eq!(ellipsize("a longer message", 8), "a longe…");
    }
}
