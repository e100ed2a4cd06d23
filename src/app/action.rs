//! Everything that can happen to the wizard (actions) and everything it asks the outside
//! world to do (effects). Each bindable action carries its own description for the help.

use std::path::PathBuf;

/// An input to [`crate::app::update::update`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    ForceQuit,
    Help,
    Back,
    NextStep,
    PrevStep,
    Copy,
    Save,
    TogglePreview,
    PreviewUp,
    PreviewDown,
    WheelUp,
    WheelDown,
    Suspend,
    Up,
    Down,
    Confirm,
    Toggle,
    Remove,
    Edit,
    NextPreset,
    PrevPreset,
    ExpandActions,
    EditTags,
    RemoveTag,
    Details,
    NextFormat,
    /// Enter on Review when the output is piped: print the policy to standard output and end.
    Finish,
    Yes,
    No,
    // Text editing.
    Char(char),
    Paste(String),
    Backspace,
    DeleteChar,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    KillToStart,
    KillToEnd,
    KillWord,
    // Results of effects, fed back in by the runtime.
    Copied(Result<CopyMethod, String>),
    Saved(Result<PathBuf, SaveFailure>),
}

impl Action {
    /// What the action does, for the help overlay.
    pub fn description(&self) -> &'static str {
        match self {
            Action::Quit => "Quit (asks first if the policy was not copied or saved)",
            Action::ForceQuit => "Quit at once",
            Action::Help => "Show or hide this help",
            Action::Back => "Close a popup, or go back one step",
            Action::NextStep => "Next step",
            Action::PrevStep => "Previous step",
            Action::Copy => "Copy the policy to the clipboard",
            Action::Save => "Save the policy to a file",
            Action::TogglePreview => "Show or hide the preview",
            Action::PreviewUp => "Scroll the preview up",
            Action::PreviewDown => "Scroll the preview down",
            Action::WheelUp | Action::WheelDown => "Scroll the preview (mouse wheel)",
            Action::Suspend => "Suspend to the shell (fg to resume)",
            Action::Up => "Move up",
            Action::Down => "Move down",
            Action::Confirm => "Choose / go on",
            Action::Toggle => "Turn on or off",
            Action::Remove => "Remove the selected repository",
            Action::Edit => "Edit the selected repository",
            Action::NextPreset => "Next preset",
            Action::PrevPreset => "Previous preset",
            Action::ExpandActions => "Show or hide every single action",
            Action::EditTags => "Limit repository actions to tagged repositories (tag condition)",
            Action::RemoveTag => "Remove the last tag condition",
            Action::Details => "Explain the highlighted action, task or preset",
            Action::NextFormat => {
                "Next output format: JSON, Terraform, CloudFormation, AWS CLI command"
            }
            Action::Finish => {
                "Done: print the policy to standard output and quit (when the output is piped)"
            }
            Action::Yes => "Yes",
            Action::No => "No",
            Action::KillToStart => "Clear the text before the cursor",
            Action::KillToEnd => "Clear the text after the cursor",
            Action::KillWord => "Delete the word before the cursor",
            Action::Backspace => "Delete the character before the cursor",
            Action::DeleteChar => "Delete the character under the cursor",
            Action::CursorLeft | Action::CursorRight => "Move the cursor",
            Action::CursorHome => "Cursor to the start",
            Action::CursorEnd => "Cursor to the end",
            Action::Char(_) | Action::Paste(_) => "Type text",
            Action::Copied(_) | Action::Saved(_) => "",
        }
    }
}

/// How a copy left the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyMethod {
    /// The system clipboard (X11/Wayland, macOS, Windows) took the text.
    System,
    /// An OSC 52 escape sequence was written to the terminal.
    Osc52,
}

/// Whether anything confirmed that a copy arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The clipboard took the text: the policy counts as delivered.
    Confirmed,
    /// Sent, but nothing can confirm it arrived (a terminal ignores OSC 52 silently): the
    /// policy does not count as delivered, so quitting still asks.
    Unconfirmed,
}

impl CopyMethod {
    /// Whether a copy this way is known to have arrived.
    pub fn delivery(self) -> Delivery {
        match self {
            CopyMethod::System => Delivery::Confirmed,
            CopyMethod::Osc52 => Delivery::Unconfirmed,
        }
    }
}

/// Why a save failed, as data the wizard can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveFailure {
    /// The file exists: ask before replacing it.
    Exists(PathBuf),
    /// Anything else, already in plain words.
    Other(String),
}

/// Something only the runtime can do; the state machine returns these and never does I/O.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    CopyToClipboard(String),
    SaveFile {
        path: PathBuf,
        contents: String,
        replace: bool,
    },
    Suspend,
    /// Pipe mode is done: this document goes to standard output after the terminal is restored.
    Finish(String),
    Quit,
}
