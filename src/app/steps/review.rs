//! The review step (output format, scroll of its own content) and the preview pane's state.

use std::cell::Cell;

use crate::policy::emit::format::{Format, PolicyName};

use super::super::input::TextInput;
use super::super::wrap_cache::WrapCache;

/// The review step's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewStep {
    /// The output format of the preview, copy and save.
    pub format: Format,
    /// First row of the review content shown.
    pub scroll: u16,
    /// The largest useful `scroll`, as the view last found it (like ratatui's `ListState`
    /// offset, the view reports what fits; `update` only reads it to clamp).
    pub max_scroll: Cell<u16>,
    /// How the view last wrapped the review content.
    pub wraps: WrapCache,
    /// The save prompt's text when it was closed without saving.
    pub save_draft: Option<TextInput>,
    /// The policy text last sent with OSC 52, which cannot confirm a copy (the quit question
    /// says so rather than "neither copied nor saved").
    pub unconfirmed_copy: Option<String>,
    /// The policy name set with `n` (None: made from the preset and repositories).
    pub name: Option<PolicyName>,
    /// The name prompt's text when it was closed without setting it.
    pub name_draft: Option<TextInput>,
}

impl Default for ReviewStep {
    fn default() -> Self {
        ReviewStep {
            format: Format::Json,
            scroll: 0,
            max_scroll: Cell::new(u16::MAX),
            wraps: WrapCache::default(),
            save_draft: None,
            unconfirmed_copy: None,
            name: None,
            name_draft: None,
        }
    }
}

/// The preview pane: its scroll position, whether it is shown and whether it has focus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewPane {
    /// First row shown.
    pub scroll: u16,
    /// The largest useful `scroll`, as the view last found it.
    pub max_scroll: Cell<u16>,
    /// How the view last wrapped the preview text.
    pub wraps: WrapCache,
    pub hidden: bool,
    /// Whether keys scroll the preview instead of going to the step (below 100 columns the
    /// preview then fills the screen, as the "Policy" tab).
    pub focused: bool,
}

impl Default for PreviewPane {
    fn default() -> Self {
        PreviewPane {
            scroll: 0,
            max_scroll: Cell::new(u16::MAX),
            wraps: WrapCache::default(),
            hidden: false,
            focused: false,
        }
    }
}

/// Moves a scroll position by `delta` rows, within `0..=max`.
pub fn scrolled(at: u16, delta: i32, max: u16) -> u16 {
    let next = (i32::from(at) + delta).clamp(0, i32::from(max));
    u16::try_from(next).unwrap_or(0)
}
