//! The region step: search field and the filtered, highlighted region list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::Action;
use crate::app::action::TextEdit;
use crate::app::keymap::{Scope, keys_in};
use crate::app::regions::{RegionEntry, RegionMatch};
use crate::app::state::App;
use crate::policy::spec::region::{partition_label, unknown_region_note};

use super::theme::Theme;
use super::widgets::{block, text_field};

/// Draws the region step.
pub fn render_region(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let title = format!(
        "{} Region: where the repositories live",
        crate::app::state::Step::Region.number()
    );
    let outer = block(&title, true, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    // A typed code not in the list: the CLI's warning for it, wrapped, above the list.
    let typed_note = app
        .region
        .highlighted()
        .filter(|e| e.is_typed() && app.region.choice.is_none())
        .map(|e| unknown_region_note(e.code(), e.partition.arn));
    let info_h = match &typed_note {
        Some(note) => {
            let w = usize::from(inner.width.max(1));
            u16::try_from(note.chars().count().div_ceil(w) + 1)
                .unwrap_or(1)
                .min(4)
        }
        None => 1,
    };
    let [search, info, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(info_h),
        Constraint::Min(0),
    ])
    .areas(inner);
    text_field(
        frame,
        search,
        "Search: ",
        &app.region.query,
        app.popup.is_none(),
        theme,
    );
    let chosen = match &app.region.choice {
        Some(r) => Line::from(vec![
            Span::styled("Chosen: ", theme.muted),
            Span::styled(format!("{} ({})", r.code, r.partition.arn), theme.success),
        ]),
        None => Line::from(Span::styled(
            format!(
                "{} of {} · type a city, code or partition",
                app.region.matches.len(),
                app.region.entries.iter().filter(|e| !e.is_typed()).count()
            ),
            theme.muted,
        )),
    };
    match typed_note {
        Some(note) => frame.render_widget(
            Paragraph::new(Span::styled(format!("⚠ {note}"), theme.warning))
                .wrap(Wrap { trim: true }),
            info,
        ),
        None => frame.render_widget(Paragraph::new(chosen), info),
    }
    if app.region.matches.is_empty() {
        let msg = Paragraph::new(Span::styled(
            format!(
                "No region matches. {} clears the search.",
                keys_in(Scope::Text, &Action::Text(TextEdit::KillToStart))
            ),
            theme.warning,
        ));
        frame.render_widget(msg, list);
        return;
    }
    let code_w = 16;
    let name_w = usize::from(list.width)
        .saturating_sub(code_w + 14)
        .clamp(8, 34);
    // Every row is one line: build only the visible window, scrolled as List would scroll it.
    let height = usize::from(list.height).max(1);
    let offset = (app.region.cursor + 1).saturating_sub(height);
    let items = app
        .region
        .matches
        .iter()
        .filter_map(|m| {
            app.region.entries.get(m.index).map(|e| {
                let line = entry_line(e, m, code_w, name_w, theme);
                // Two columns go to the highlight symbol; a cut row ends in "…".
                super::wrap::fit_line(line, usize::from(list.width).saturating_sub(2))
            })
        })
        .skip(offset)
        .take(height);
    super::rows::draw_list(
        frame.buffer_mut(),
        list,
        items,
        Some(app.region.cursor.saturating_sub(offset)),
        "› ",
        theme.selected,
    );
}

/// One list row: code, name, partition, with matched characters highlighted.
fn entry_line<'a>(
    e: &RegionEntry,
    m: &RegionMatch,
    code_w: usize,
    name_w: usize,
    theme: &Theme,
) -> Line<'a> {
    let hay: Vec<char> = e.haystack.chars().collect();
    let mut spans = Vec::new();
    let widths = [code_w, name_w, 13];
    for (field, width) in e.fields.iter().take(3).zip(widths) {
        let (start, end) = *field;
        // A field longer than its column ends in "…" (one column stays as a gap).
        let cut = end.saturating_sub(start) > width.saturating_sub(1);
        let room = if cut {
            width.saturating_sub(2)
        } else {
            width.saturating_sub(1)
        };
        let mut shown = 0;
        // One span per run of equally styled characters (matched or not).
        let mut run = String::new();
        let mut run_matched = false;
        for (i, ch) in hay.iter().enumerate().take(end).skip(start) {
            if shown + 1 > room {
                break;
            }
            let matched = m.positions.contains(&i);
            if matched != run_matched && !run.is_empty() {
                let style = if run_matched {
                    theme.matched
                } else {
                    theme.base
                };
                spans.push(Span::styled(std::mem::take(&mut run), style));
            }
            run_matched = matched;
            run.push(*ch);
            shown += 1;
        }
        if !run.is_empty() {
            let style = if run_matched {
                theme.matched
            } else {
                theme.base
            };
            spans.push(Span::styled(run, style));
        }
        if cut {
            spans.push(Span::styled("…", theme.muted));
            shown += 1;
        }
        spans.push(Span::raw(" ".repeat(width.saturating_sub(shown))));
    }
    if !e.ecr_listed() {
        spans.push(Span::styled("ECR not listed", theme.warning));
    } else if e.region.is_none() {
        spans.push(Span::styled(
            format!("* in {}", partition_label(e.partition)),
            theme.muted,
        ));
    }
    Line::from(spans)
}
