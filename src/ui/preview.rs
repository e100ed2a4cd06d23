//! The live policy preview: highlighted JSON, the size meter (against IAM's quotas, or the
//! repository policy limit when a repository policy is shown), and warnings.

use crate::policy::visible::{visible, visible_lines};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph, Wrap};

use crate::app::state::App;
use crate::app::wrap_cache::LineBreaks;
use crate::policy::audit::lint::{QUOTAS, Severity};
use crate::policy::emit::registry_policy::REGISTRY_POLICY_MAX;
use crate::policy::emit::render::policy_size;
use crate::policy::emit::repository_policy::REPOSITORY_POLICY_MAX;

use super::review::severity_mark;
use super::theme::Theme;
use super::widgets::block;
use super::wrap::{line_breaks, window};

/// The managed-policy quota, the one the meter is drawn against.
const MANAGED: usize = 6144;

/// Draws the preview pane.
pub fn render_preview(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let title = if app.spec().is_some() {
        format!(
            "{} preview (exactly what is copied and saved)",
            app.review.format.label()
        )
    } else {
        let missing: Vec<&str> = app
            .derived
            .missing
            .iter()
            .map(|e| e.field.label())
            .collect();
        format!("Draft: incomplete, needs {}", missing.join(", "))
    };
    let outer = block(&title, app.preview.focused, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let shown: Vec<_> = app
        .derived
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    let warn_h = u16::try_from(shown.len().min(4)).unwrap_or(4);
    let [json, meter, warnings] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(if inner.height > 12 {
            warn_h
        } else {
            warn_h.min(1)
        }),
    ])
    .areas(inner);
    // Long ARNs wrap after `:` or `/` rather than hide or split a name. The breaks are kept
    // while the text and width stay the same; only the rows on screen are styled and built.
    // A kept statement carries its values as written: a hidden character is shown as the
    // JSON escape that means the same, never raw.
    let visible_text = visible_lines(&app.derived.text);
    let text: &str = &visible_text;
    let breaks = app.preview.wraps.breaks(text, json.width, || {
        text.lines().map(|l| line_breaks(l, json.width)).collect()
    });
    let total: usize = breaks.iter().map(LineBreaks::rows).sum();
    let max = u16::try_from(total)
        .unwrap_or(u16::MAX)
        .saturating_sub(json.height);
    app.preview.max_scroll.set(max);
    let scroll = app.preview.scroll.min(max);
    let rows = window(
        text.lines(),
        &breaks,
        usize::from(scroll),
        usize::from(json.height),
        |l| {
            let line = highlight(l, theme);
            // The selected grant's statements, when Review lists several grants.
            if app
                .derived
                .highlight
                .iter()
                .any(|sid| l.contains(sid.as_str()))
            {
                line.patch_style(theme.selected)
            } else {
                line
            }
        },
    );
    super::rows::draw_lines(frame.buffer_mut(), json, rows);
    super::review::scroll_markers(frame, area, scroll, max, theme);
    render_meter(frame, meter, app, theme);
    let items: Vec<Line> = shown
        .iter()
        .map(|f| {
            Line::from(vec![
                severity_mark(f.severity, theme),
                Span::raw(visible(&f.message).into_owned()),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(items).wrap(Wrap { trim: true }), warnings);
}

fn render_meter(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if app.spec().is_none() {
        let msg = "Placeholders in {…} fill in as you go. Copy and save wait until it is complete.";
        frame.render_widget(Paragraph::new(Span::styled(msg, theme.muted)), area);
        return;
    }
    if let Some(size) = app.derived.registry_size {
        let verdict = if size > REGISTRY_POLICY_MAX {
            "too large for a registry policy"
        } else {
            "fits the registry policy limit"
        };
        let label = format!("{size}/{REGISTRY_POLICY_MAX} chars with spaces, {verdict} ");
        return draw_gauge(frame, area, (size, REGISTRY_POLICY_MAX), label, theme);
    }
    if let Some(size) = app.derived.repository_size {
        let verdict = if size > REPOSITORY_POLICY_MAX {
            "too large for a repository policy"
        } else {
            "fits the repository policy limit"
        };
        let label = format!("{size}/{REPOSITORY_POLICY_MAX} chars with spaces, {verdict} ");
        return draw_gauge(frame, area, (size, REPOSITORY_POLICY_MAX), label, theme);
    }
    let size = policy_size(&app.derived.json);
    let fits: Vec<&str> = QUOTAS
        .iter()
        .filter(|q| size <= q.limit)
        .map(|q| {
            q.name
                .split_whitespace()
                .nth(1)
                .filter(|w| *w != "policy")
                .unwrap_or("managed")
        })
        .collect();
    let verdict = if fits.len() == QUOTAS.len() {
        "fits every quota".to_string()
    } else if fits.is_empty() {
        "too large for every quota".to_string()
    } else {
        format!("fits: {}", fits.join(", "))
    };
    let label = format!("{size}/{MANAGED} chars, {verdict} ");
    draw_gauge(frame, area, (size, MANAGED), label, theme);
}

/// The size meter: `size` of `limit` characters, red once over it.
fn draw_gauge(
    frame: &mut Frame,
    area: Rect,
    (size, limit): (usize, usize),
    label: String,
    theme: &Theme,
) {
    let over = size > limit;
    let as_f64 = |n: usize| f64::from(u32::try_from(n).unwrap_or(u32::MAX));
    let gauge = LineGauge::default()
        .ratio((as_f64(size) / as_f64(limit.max(1))).min(1.0))
        .label(Span::styled(
            label,
            if over { theme.error } else { theme.base },
        ))
        .filled_style(if over { theme.error } else { theme.success })
        .unfilled_style(theme.muted);
    frame.render_widget(gauge, area);
}

/// Colours one line of pretty JSON: keys, strings, punctuation.
pub fn highlight<'a>(line: &'a str, theme: &Theme) -> Line<'a> {
    let mut spans: Vec<Span<'a>> = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut plain_start = 0;
    let flush = |spans: &mut Vec<Span<'a>>, from: usize, to: usize, style: Style| {
        if to > from {
            spans.push(Span::styled(&line[from..to], style));
        }
    };
    while i < bytes.len() {
        if bytes[i] == b'"' {
            flush(&mut spans, plain_start, i, theme.json_punct);
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(bytes.len());
            let is_key = line[i..].trim_start().starts_with(':');
            flush(
                &mut spans,
                start,
                i,
                if is_key {
                    theme.json_key
                } else {
                    theme.json_string
                },
            );
            plain_start = i;
        } else {
            i += 1;
        }
    }
    flush(&mut spans, plain_start, bytes.len(), theme.json_punct);
    Line::from(spans)
}
