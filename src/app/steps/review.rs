//! The review step (output format, scroll of its own content) and the preview pane's state.

use crate::policy::emit::format::Format;

use super::super::input::TextInput;

/// The review step's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewStep {
    /// The output format of the preview, copy and save.
    pub format: Format,
    /// First line of the review content shown.
    pub scroll: u16,
    /// The save prompt's text when it was closed without saving.
    pub save_draft: Option<TextInput>,
}

impl Default for ReviewStep {
    fn default() -> Self {
        ReviewStep {
            format: Format::Json,
            scroll: 0,
            save_draft: None,
        }
    }
}

/// The preview pane: its scroll position and whether it is shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PreviewPane {
    /// First line shown.
    pub scroll: u16,
    pub hidden: bool,
}
